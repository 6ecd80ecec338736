// What the translation tests share: JSON written inline, the recorded-style payloads in
// tests/data/translate, and streams cut into the events SseScanner would deliver.
#pragma once

#include "formats/translation.h"
#include "testfiles.h"
#include "upstream/ssescanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTest>

inline QJsonObject jsonObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

Q_DECLARE_METATYPE(clawgate::TranslationOptions)

// Request tables: the client's body, the route's options, the body expected for the backend.
inline void requestColumns()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<clawgate::TranslationOptions>("options");
    QTest::addColumn<QByteArray>("expected");
}

inline clawgate::TranslationOptions withMaxTokens(qint64 maxTokens)
{
    clawgate::TranslationOptions options;
    options.maxTokens = maxTokens;
    return options;
}

// Equal as JSON objects (key order aside); both printed when they differ.
inline void compareJson(const QByteArray &actual, const QByteArray &expected)
{
    const QJsonObject a = jsonObject(actual);
    const QJsonObject e = jsonObject(expected);
    QVERIFY2(!e.isEmpty(), "the expected JSON of the row does not parse");
    if (a != e)
        qWarning().noquote() << "actual:  " << actual << "\nexpected:" << expected;
    QCOMPARE(a, e);
}

inline QByteArray translateData(const char *name)
{
    return readFile(QStringLiteral(CLAWGATE_TEST_DATA_DIR "/translate/") + QLatin1String(name));
}

inline QList<clawgate::SseEvent> sseEvents(const QByteArray &stream)
{
    QList<clawgate::SseEvent> events;
    clawgate::SseScanner scanner;
    scanner.feed(stream, [&](const clawgate::SseEvent &event) { events.append(event); });
    return events;
}

inline clawgate::SseEvent dataEvent(const QByteArray &data, const QByteArray &name = {})
{
    clawgate::SseEvent event;
    event.event = name;
    event.data = data;
    event.hasData = true;
    return event;
}

// An OpenAI chat stream chunk with `members` (its choices, usage, ...).
inline QByteArray chatChunk(const char *members)
{
    return QByteArray(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","model":"m",)")
        + members + '}';
}

// What a stream translator writes for a run of upstream events, given by their data.
template<typename Stream> QByteArray feedAll(Stream &stream, const QList<QByteArray> &datas)
{
    QByteArray out;
    for (const QByteArray &data : datas)
        out += stream.translate(dataEvent(data));
    return out;
}

// The JSON payloads of a run of SSE events, each with its `event:` name when it has one.
struct ParsedEvent
{
    QByteArray name;
    QJsonObject data;
    QByteArray raw;
};

inline QList<ParsedEvent> parsedEvents(const QByteArray &stream)
{
    QList<ParsedEvent> out;
    for (const clawgate::SseEvent &event : sseEvents(stream))
        out.append({event.event, jsonObject(event.data), event.data});
    return out;
}
