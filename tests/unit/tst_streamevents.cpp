// The byte checks that tell what an upstream stream event means: an error, the protocol's end,
// a finish_reason. They must be right without parsing JSON.
#include "upstream/streamevents.h"

#include <QtTest>

using namespace clawgate;

namespace {

SseEvent dataEvent(const QByteArray &data, const QByteArray &type = {})
{
    SseEvent e;
    e.event = type;
    e.data = data;
    e.hasData = true;
    return e;
}

} // namespace

class TestStreamEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finishReason_data();
    void finishReason();
    void errorEvent_data();
    void errorEvent();
    void terminalEvent_data();
    void terminalEvent();
};

void TestStreamEvents::finishReason_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("finished");
    QTest::newRow("stop") << QByteArrayLiteral(
        R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})")
                          << true;
    QTest::newRow("tool_calls") << QByteArrayLiteral(
        R"({"choices":[{"finish_reason":"tool_calls"}]})")
                                << true;
    QTest::newRow("spaces around the colon")
        << QByteArrayLiteral("{\"choices\":[{\"finish_reason\" :\n \"length\"}]}") << true;
    QTest::newRow("null") << QByteArrayLiteral(
        R"({"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]})")
                          << false;
    QTest::newRow("null with spaces") << QByteArrayLiteral(R"({"finish_reason" : null})") << false;
    QTest::newRow("no key") << QByteArrayLiteral(R"({"choices":[{"delta":{"content":"x"}}]})")
                            << false;
    QTest::newRow("second choice finished") << QByteArrayLiteral(
        R"({"choices":[{"index":0,"finish_reason":null},{"index":1,"finish_reason":"stop"}]})")
                                            << true;
    QTest::newRow("the words inside content are not a key") << QByteArrayLiteral(
        R"({"choices":[{"delta":{"content":"say \"finish_reason\": \"stop\""},"finish_reason":null}]})")
                                                            << false;
    QTest::newRow("key at the very end") << QByteArrayLiteral(R"({"finish_reason")") << false;
}

void TestStreamEvents::finishReason()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, finished);
    QCOMPARE(hasFinishReason(data), finished);
}

void TestStreamEvents::errorEvent_data()
{
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("isError");
    QTest::newRow("OpenAI error object")
        << QByteArray() << QByteArrayLiteral(R"({"error":{"message":"overloaded"}})") << true;
    QTest::newRow("spaces before the key")
        << QByteArray() << QByteArrayLiteral(R"( { "error": {"message":"x"}})") << true;
    QTest::newRow("event: error") << QByteArrayLiteral("error") << QByteArrayLiteral("{}") << true;
    QTest::newRow("the word in content")
        << QByteArray()
        << QByteArrayLiteral(R"({"choices":[{"delta":{"content":"\"error\" is a word"}}]})")
        << false;
    QTest::newRow("an error field further in")
        << QByteArray() << QByteArrayLiteral(R"({"id":"1","error":null})") << false;
}

void TestStreamEvents::errorEvent()
{
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, data);
    QFETCH(bool, isError);
    QCOMPARE(isErrorEvent(dataEvent(data, type)), isError);
}

void TestStreamEvents::terminalEvent_data()
{
    QTest::addColumn<int>("endpoint");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("terminal");
    const int chat = int(Endpoint::ChatCompletions);
    const int responses = int(Endpoint::Responses);
    QTest::newRow("[DONE]") << chat << QByteArray() << QByteArrayLiteral("[DONE]") << true;
    QTest::newRow("a chunk") << chat << QByteArray() << QByteArrayLiteral("{}") << false;
    QTest::newRow("response.completed")
        << responses << QByteArrayLiteral("response.completed") << QByteArrayLiteral("{}") << true;
    QTest::newRow("response.failed")
        << responses << QByteArrayLiteral("response.failed") << QByteArrayLiteral("{}") << true;
    QTest::newRow("typed in the data only")
        << responses << QByteArray() << QByteArrayLiteral(R"({"type":"response.incomplete"})")
        << true;
    QTest::newRow("a delta") << responses << QByteArrayLiteral("response.output_text.delta")
                             << QByteArrayLiteral("{}") << false;
    const int messages = int(Endpoint::Messages);
    QTest::newRow("message_stop") << messages << QByteArrayLiteral("message_stop")
                                  << QByteArrayLiteral(R"({"type":"message_stop"})") << true;
    QTest::newRow("message_delta") << messages << QByteArrayLiteral("message_delta")
                                   << QByteArrayLiteral(R"({"type":"message_delta"})") << false;
    QTest::newRow("[DONE] ends no Anthropic stream")
        << messages << QByteArray() << QByteArrayLiteral("[DONE]") << false;
}

void TestStreamEvents::terminalEvent()
{
    QFETCH(int, endpoint);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, data);
    QFETCH(bool, terminal);
    QCOMPARE(isTerminalEvent(Endpoint(endpoint), dataEvent(data, type)), terminal);
}

QTEST_GUILESS_MAIN(TestStreamEvents)
#include "tst_streamevents.moc"
