// Usage on every stream: the gateway asks the upstream for usage on every chat stream so each
// request can be accounted with real token counts, and a client that did not ask sees exactly
// the stream it would have had without usage. The plain `for chunk in stream:
// chunk.choices[0]` loop of the official SDKs' examples fails on a `"choices": []` chunk.
#include "gatewayfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class TestUsageOnStreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void clientThatDidNotAskSeesNoUsage();
    void clientThatAskedGetsUsage();
    void volunteeredUsageIsHiddenToo();
    void providerOptionTurnsTheRequestOff();
    void nonStreamBodyIsUntouched();

private:
    static QByteArray streamBody(const QByteArray &extra = {});
    // Every data payload but [DONE] parsed; fails the test on one that is not an object.
    static QList<QJsonObject> chunks(const TestResponse &r);
    GatewayFixture m_fx;
};

void TestUsageOnStreams::initTestCase()
{
    m_fx.addProvider(QStringLiteral("a"), QStringLiteral("a"));
    QJsonObject noUsage;
    noUsage.insert(QStringLiteral("streamUsage"), false);
    m_fx.addProvider(QStringLiteral("plain"), QStringLiteral("plain"), noUsage);
    m_fx.addModel(QStringLiteral("chat"), {QStringLiteral("a:ma")});
    m_fx.addModel(QStringLiteral("strict"), {QStringLiteral("plain:mp")});
    QVERIFY(m_fx.start());
}

void TestUsageOnStreams::init()
{
    m_fx.mock->reset();
    m_fx.clearCooldowns();
}

QByteArray TestUsageOnStreams::streamBody(const QByteArray &extra)
{
    return R"({"model":"chat","stream":true,)" + extra
        + R"("messages":[{"role":"user","content":"hi"}]})";
}

QList<QJsonObject> TestUsageOnStreams::chunks(const TestResponse &r)
{
    QList<QJsonObject> out;
    for (const QByteArray &data : r.sseDataLines()) {
        if (data == "[DONE]")
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        if (!doc.isObject())
            qWarning("not a JSON chunk: %s", data.constData());
        out.append(doc.object());
    }
    return out;
}

void TestUsageOnStreams::clientThatDidNotAskSeesNoUsage()
{
    const TestResponse r = m_fx.chat(streamBody());
    QVERIFY2(r.ok(), r.body.constData());
    // The upstream was asked for usage (and so sent its usage chunk)...
    const QList<MockRequest> sent = m_fx.mock->requests(QStringLiteral("a"));
    QCOMPARE(sent.size(), 1);
    QVERIFY2(sent.first()
                 .json()[QLatin1String("stream_options")][QLatin1String("include_usage")]
                 .toBool(),
             sent.first().body.constData());
    // ...and the client got none of it: every chunk has a choice, none a usage member.
    const QList<QJsonObject> got = chunks(r);
    QVERIFY(got.size() >= 4);
    for (const QJsonObject &chunk : got) {
        QVERIFY2(!chunk.value(QLatin1String("choices")).toArray().isEmpty(),
                 QJsonDocument(chunk).toJson().constData());
        QVERIFY(!chunk.contains(QLatin1String("usage")));
    }
    QCOMPARE(r.sseDataLines().last(), QByteArrayLiteral("[DONE]"));
}

void TestUsageOnStreams::clientThatAskedGetsUsage()
{
    const TestResponse r = m_fx.chat(streamBody(R"("stream_options":{"include_usage":true},)"));
    QVERIFY2(r.ok(), r.body.constData());
    const QList<QJsonObject> got = chunks(r);
    QVERIFY(!got.isEmpty());
    const QJsonObject last = got.last();
    QVERIFY(last.value(QLatin1String("choices")).toArray().isEmpty());
    QCOMPARE(last[QLatin1String("usage")][QLatin1String("total_tokens")].toInt(), 9);
    // The client's own request went up as it was.
    QCOMPARE(m_fx.mock->requests(QStringLiteral("a")).first().body,
             R"({"model":"ma","stream":true,"stream_options":{"include_usage":true},)"
             R"("messages":[{"role":"user","content":"hi"}]})");
}

void TestUsageOnStreams::volunteeredUsageIsHiddenToo()
{
    // Some upstreams send usage unasked, on a chunk of its own and on the finishing chunk.
    MockBehavior volunteer;
    volunteer.chunks = {
        MockBehavior::sse(MockBehavior::chatChunkJson("mp", "Hi")),
        MockBehavior::sse(
            R"({"id":"x","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"),
        MockBehavior::sse(
            R"({"id":"x","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"),
        MockBehavior::done()};
    m_fx.mock->setBehavior(QStringLiteral("plain"), volunteer);
    QByteArray body = streamBody();
    body.replace("\"chat\"", "\"strict\"");
    const TestResponse r = m_fx.chat(body);
    QVERIFY2(r.ok(), r.body.constData());
    const QList<QJsonObject> got = chunks(r);
    QCOMPARE(got.size(), 2);
    for (const QJsonObject &chunk : got) {
        QVERIFY(!chunk.value(QLatin1String("choices")).toArray().isEmpty());
        QVERIFY(!chunk.contains(QLatin1String("usage")));
    }
    QCOMPARE(got.last()[QLatin1String("choices")][0][QLatin1String("finish_reason")].toString(),
             QStringLiteral("stop"));
}

void TestUsageOnStreams::providerOptionTurnsTheRequestOff()
{
    QByteArray body = streamBody();
    body.replace("\"chat\"", "\"strict\"");
    const TestResponse r = m_fx.chat(body);
    QVERIFY2(r.ok(), r.body.constData());
    const QList<MockRequest> sent = m_fx.mock->requests(QStringLiteral("plain"));
    QCOMPARE(sent.size(), 1);
    QVERIFY2(!sent.first().json().contains(QLatin1String("stream_options")),
             sent.first().body.constData());
}

void TestUsageOnStreams::nonStreamBodyIsUntouched()
{
    const QByteArray body = R"({"model":"chat","messages":[{"role":"user","content":"hi"}]})";
    const TestResponse r = m_fx.chat(body);
    QVERIFY2(r.ok(), r.body.constData());
    QCOMPARE(m_fx.mock->requests(QStringLiteral("a")).first().body,
             QByteArrayLiteral(R"({"model":"ma","messages":[{"role":"user","content":"hi"}]})"));
    QCOMPARE(r.json()[QLatin1String("usage")][QLatin1String("total_tokens")].toInt(), 9);
}

QTEST_GUILESS_MAIN(TestUsageOnStreams)
#include "tst_usageonstreams.moc"
