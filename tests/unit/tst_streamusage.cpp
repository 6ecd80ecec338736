// Usage on every stream: the gateway asks each chat stream's upstream for usage, records the
// counts, and gives a client that did not ask exactly the stream it would have had without
// usage (no usage-only chunk, no `usage` member), byte for byte otherwise.
#include "formats/jsonsplice.h"
#include "formats/streamusage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace clawgate;

Q_DECLARE_METATYPE(std::optional<TokenUsage>)

namespace {
std::optional<TokenUsage> counts(qint64 in, qint64 out, qint64 total)
{
    return TokenUsage {in, out, total};
}
} // namespace

class TestStreamUsage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsUsage_data();
    void requestsUsage();
    void clientAsked_data();
    void clientAsked();
    void filtersEvents_data();
    void filtersEvents();
    void keepsLastUsageOfStream();
    void filtersARunOfEvents();
    void findsUsageInBodies_data();
    void findsUsageInBodies();
    void removesAndReadsMembers_data();
    void removesAndReadsMembers();
};

void TestStreamUsage::requestsUsage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("added in front when absent")
        << QByteArrayLiteral(R"({"model":"m","stream":true})")
        << QByteArrayLiteral(
               R"({"stream_options":{"include_usage":true},"model":"m","stream":true})");
    QTest::newRow("set when the client said false")
        << QByteArrayLiteral(R"({"stream":true,"stream_options":{"include_usage":false},"n":1})")
        << QByteArrayLiteral(R"({"stream":true,"stream_options":{"include_usage":true},"n":1})");
    QTest::newRow("other stream options kept")
        << QByteArrayLiteral(R"({"stream":true,"stream_options":{"include_obfuscation":false}})")
        << QByteArrayLiteral(
               R"({"stream":true,"stream_options":{"include_obfuscation":false,"include_usage":true}})");
    QTest::newRow("null stream options replaced")
        << QByteArrayLiteral(R"({"stream":true,"stream_options":null})")
        << QByteArrayLiteral(R"({"stream":true,"stream_options":{"include_usage":true}})");
    QTest::newRow("already asked: body untouched, spacing and all")
        << QByteArrayLiteral(R"({"stream":true, "stream_options": { "include_usage" : true } })")
        << QByteArrayLiteral(R"({"stream":true, "stream_options": { "include_usage" : true } })");
}

void TestStreamUsage::requestsUsage()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    const QByteArray out = withStreamUsageRequested(body);
    QCOMPARE(out, expected);
    QVERIFY(asksForStreamUsage(out));
}

void TestStreamUsage::clientAsked_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("asked");

    QTest::newRow("no stream_options") << QByteArrayLiteral(R"({"stream":true})") << false;
    QTest::newRow("include_usage true")
        << QByteArrayLiteral(R"({"stream_options":{"include_usage":true}})") << true;
    QTest::newRow("include_usage false")
        << QByteArrayLiteral(R"({"stream_options":{"include_usage":false}})") << false;
    QTest::newRow("only nested in a message is not asking") << QByteArrayLiteral(
        R"({"messages":[{"role":"user","stream_options":{"include_usage":true}}]})")
                                                            << false;
    QTest::newRow("stream_options not an object")
        << QByteArrayLiteral(R"({"stream_options":1})") << false;
}

void TestStreamUsage::clientAsked()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, asked);
    QCOMPARE(asksForStreamUsage(body), asked);
}

void TestStreamUsage::filtersEvents_data()
{
    QTest::addColumn<bool>("hide");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<std::optional<TokenUsage>>("usage");

    const QByteArray content
        = R"(data: {"id":"c","choices":[{"index":0,"delta":{"content":"hi"}}]})"
          "\n\n";
    const QByteArray usageOnly
        = R"(data: {"id":"c","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}})"
          "\n\n";
    QTest::newRow("no usage: same bytes")
        << true << content << content << std::optional<TokenUsage>();
    QTest::newRow("usage-only chunk dropped for a client that did not ask")
        << true << usageOnly << QByteArray() << counts(5, 4, 9);
    QTest::newRow("usage-only chunk kept for a client that asked")
        << false << usageOnly << usageOnly << counts(5, 4, 9);
    QTest::newRow("usage null member removed, rest byte for byte")
        << true
        << QByteArray(
               R"(data: {"id":"c","choices":[{"index":0,"delta":{"content":"a"}}],"usage":null})"
               "\n\n")
        << QByteArray(R"(data: {"id":"c","choices":[{"index":0,"delta":{"content":"a"}}]})"
                      "\n\n")
        << std::optional<TokenUsage>();
    QTest::newRow("usage on the finishing chunk: counted and removed")
        << true
        << QByteArray(
               R"(data: {"usage":{"prompt_tokens":7,"completion_tokens":2},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
               "\r\n\r\n")
        << QByteArray(R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
                      "\r\n\r\n")
        << counts(7, 2, 9);
    QTest::newRow("the word usage in content is not usage")
        << true
        << QByteArray(R"(data: {"choices":[{"delta":{"content":"\"usage\": {\"x\":1}"}}]})"
                      "\n\n")
        << QByteArray(R"(data: {"choices":[{"delta":{"content":"\"usage\": {\"x\":1}"}}]})"
                      "\n\n")
        << std::optional<TokenUsage>();
    QTest::newRow("data without a space, event field kept")
        << true
        << QByteArray("event: chunk\ndata:{\"choices\":[],\"usage\":{\"total_tokens\":3}}\n\n")
        << QByteArray() << counts(0, 0, 3);
    QTest::newRow("JSON over two data lines becomes one line")
        << true
        << QByteArray("event: x\ndata: {\"choices\":[{\"delta\":{}}],\ndata: \"usage\":null}\n\n")
        << QByteArray("event: x\ndata: {\"choices\":[{\"delta\":{}}]}\n\n")
        << std::optional<TokenUsage>();
    QTest::newRow("[DONE] untouched")
        << true << QByteArray("data: [DONE]\n\n") << QByteArray("data: [DONE]\n\n")
        << std::optional<TokenUsage>();
}

void TestStreamUsage::filtersEvents()
{
    QFETCH(bool, hide);
    QFETCH(QByteArray, event);
    QFETCH(QByteArray, expected);
    QFETCH(std::optional<TokenUsage>, usage);

    StreamUsageFilter filter(hide);
    const QByteArray out = filter.apply(event);
    QCOMPARE(out, expected);
    QCOMPARE(filter.usage().has_value(), usage.has_value());
    if (usage)
        QCOMPARE(*filter.usage(), *usage);
    // Whatever is left of a chunk is still one valid JSON chunk.
    if (out.startsWith("data: {"))
        QVERIFY(QJsonDocument::fromJson(out.mid(6).trimmed()).isObject());
}

void TestStreamUsage::keepsLastUsageOfStream()
{
    StreamUsageFilter filter(true);
    filter.apply("data: {\"choices\":[{}],\"usage\":null}\n\n");
    QVERIFY(!filter.usage());
    filter.apply(
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n");
    filter.apply(
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6}}\n\n");
    filter.apply("data: [DONE]\n\n");
    QCOMPARE(*filter.usage(), (TokenUsage {5, 6, 11}));
}

void TestStreamUsage::filtersARunOfEvents()
{
    // The relay forwards whatever complete events have arrived, several at a time.
    const QByteArray first
        = "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":null}\r\n\r\n";
    const QByteArray usageOnly = "data: {\"choices\":[],\"usage\":{\"total_tokens\":4}}\n\n";
    const QByteArray done = "data: [DONE]\n\n";
    StreamUsageFilter hide(true);
    QCOMPARE(hide.applyToEvents(first + usageOnly + done),
             QByteArray("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\n") + done);
    QCOMPARE(hide.usage()->totalTokens, 4);
    StreamUsageFilter keep(false);
    QCOMPARE(keep.applyToEvents(first + usageOnly + done), first + usageOnly + done);
    // Nothing about usage in the run: the very same bytes.
    QCOMPARE(hide.applyToEvents(done + done), done + done);
}

void TestStreamUsage::findsUsageInBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<std::optional<TokenUsage>>("usage");

    QTest::newRow("chat completion") << QByteArray(
        R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}})")
                                     << counts(5, 4, 9);
    QTest::newRow("embeddings") << QByteArray(
        R"({"data":[],"usage":{"prompt_tokens":5,"total_tokens":5}})")
                                << counts(5, 0, 5);
    QTest::newRow("responses API, nested and spaced")
        << QByteArray("{\"response\": {\"usage\" :\n {\"input_tokens\": 3, \"output_tokens\": 4}}}")
        << counts(3, 4, 7);
    QTest::newRow("usage null") << QByteArray(R"({"usage":null})") << std::optional<TokenUsage>();
    QTest::newRow("quoted in content only")
        << QByteArray(R"({"choices":[{"message":{"content":"\"usage\":{\"prompt_tokens\":1}"}}]})")
        << std::optional<TokenUsage>();
    QTest::newRow("no usage") << QByteArray(R"({"id":"x"})") << std::optional<TokenUsage>();
}

void TestStreamUsage::findsUsageInBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(std::optional<TokenUsage>, usage);
    const std::optional<TokenUsage> found = findUsage(body);
    QCOMPARE(found.has_value(), usage.has_value());
    if (usage)
        QCOMPARE(*found, *usage);
}

void TestStreamUsage::removesAndReadsMembers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("withoutUsage");

    QTest::newRow("first") << QByteArray(R"({"usage":1,"a":2})") << QByteArray(R"({"a":2})");
    QTest::newRow("middle, spacing of the rest kept")
        << QByteArray("{ \"a\" : 1 ,\n \"usage\": {\"x\":[1,2]} ,\n \"b\": \"usage\" }")
        << QByteArray("{ \"a\" : 1 ,\n \"b\": \"usage\" }");
    QTest::newRow("last") << QByteArray(R"({"a":2,"usage":null})") << QByteArray(R"({"a":2})");
    QTest::newRow("only member") << QByteArray(R"({"usage":null})") << QByteArray(R"({})");
    QTest::newRow("duplicates all removed")
        << QByteArray(R"({"usage":1,"a":2,"usage":3,"usage":4})") << QByteArray(R"({"a":2})");
    QTest::newRow("escaped key is the same key")
        << QByteArray(R"({"us\u0061ge":1,"a":2})") << QByteArray(R"({"a":2})");
    QTest::newRow("nested usage untouched")
        << QByteArray(R"({"a":{"usage":1}})") << QByteArray(R"({"a":{"usage":1}})");
}

void TestStreamUsage::removesAndReadsMembers()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, withoutUsage);
    QCOMPARE(removeTopLevelMember(json, QLatin1String("usage")), withoutUsage);
    QVERIFY(!topLevelValue(withoutUsage, QLatin1String("usage")));
    QVERIFY(QJsonDocument::fromJson(withoutUsage).isObject());
}

QTEST_GUILESS_MAIN(TestStreamUsage)
#include "tst_streamusage.moc"
