// The bridges a relay uses to reach a backend of another protocol: which pair gets which, and
// what only a bridge adds to the translations it joins (a chain through chat, an answer flagged
// as unusable so the relay fails over, errors kept in the client's shape).
#include "formats/protocolbridge.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

BridgeOptions options()
{
    BridgeOptions o;
    o.nowSeconds = 1'700'000'000;
    o.responseId = QStringLiteral("resp_test");
    o.translation.maxTokens = 4096;
    return o;
}

// A client's body as the handler hands it to a bridge.
std::shared_ptr<const json::RequestBody> requestBody(const QByteArray &text)
{
    QString error;
    auto body = json::RequestBody::parse(text, &error);
    if (!body)
        qFatal("a request row is not JSON: %s", qPrintable(error));
    return body;
}

const QByteArray kResponsesRequest = R"({"model":"coder","instructions":"Be brief.",)"
                                     R"("input":"Fix the toolbar.","stream":true,)"
                                     R"("tools":[{"type":"function","name":"edit",)"
                                     R"("parameters":{"type":"object"}}]})";

} // namespace

class TestProtocolBridge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameProtocolIsRelayed_data();
    void sameProtocolIsRelayed();
    void responsesRequestReachesAnthropicThroughChat();
    void anthropicStreamBecomesAResponsesStream();
    void chainCutShortEndsWithTheResponsesError();
    void untranslatableAnswerIsFlagged();
    void errorsKeepTheirStatusInTheClientsShape();
};

void TestProtocolBridge::sameProtocolIsRelayed_data()
{
    QTest::addColumn<Endpoint>("client");
    QTest::addColumn<Endpoint>("upstream");
    QTest::addColumn<bool>("bridged");
    QTest::newRow("chat") << Endpoint::ChatCompletions << Endpoint::ChatCompletions << false;
    QTest::newRow("messages") << Endpoint::Messages << Endpoint::Messages << false;
    QTest::newRow("token count") << Endpoint::CountTokens << Endpoint::CountTokens << false;
    QTest::newRow("responses relayed") << Endpoint::Responses << Endpoint::Responses << false;
    QTest::newRow("messages on chat") << Endpoint::Messages << Endpoint::ChatCompletions << true;
    QTest::newRow("chat on messages") << Endpoint::ChatCompletions << Endpoint::Messages << true;
    QTest::newRow("responses on chat") << Endpoint::Responses << Endpoint::ChatCompletions << true;
    QTest::newRow("responses on messages") << Endpoint::Responses << Endpoint::Messages << true;
}

void TestProtocolBridge::sameProtocolIsRelayed()
{
    QFETCH(Endpoint, client);
    QFETCH(Endpoint, upstream);
    QFETCH(bool, bridged);
    QCOMPARE(protocolBridge(client, upstream, options()) != nullptr, bridged);
}

void TestProtocolBridge::responsesRequestReachesAnthropicThroughChat()
{
    const auto bridge = protocolBridge(Endpoint::Responses, Endpoint::Messages, options());
    const Translation t = bridge->request(*requestBody(kResponsesRequest));
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject body = jsonObject(t.body);
    QCOMPARE(body.value(QLatin1String("system")).toString(), QStringLiteral("Be brief."));
    QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 4096); // the alias's limit
    QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
    const QJsonObject tool = body.value(QLatin1String("tools")).toArray().at(0).toObject();
    QCOMPARE(tool.value(QLatin1String("name")).toString(), QStringLiteral("edit"));
    QVERIFY(tool.contains(QLatin1String("input_schema")));
    // Chat's stream options mean nothing to Anthropic.
    QVERIFY(!body.contains(QLatin1String("stream_options")));

    // A field the first translation refuses is refused by the chain, naming it.
    const Translation stored
        = bridge->request(*requestBody(R"({"model":"coder","input":"x","store":true})"));
    QCOMPARE(stored.status, 400);
    QCOMPARE(stored.param, QStringLiteral("store"));
}

void TestProtocolBridge::anthropicStreamBecomesAResponsesStream()
{
    const auto bridge = protocolBridge(Endpoint::Responses, Endpoint::Messages, options());
    QVERIFY(bridge->request(*requestBody(kResponsesRequest)).ok());
    QByteArray out;
    for (const SseEvent &event : sseEvents(translateData("anthropic-stream-tool-pieces.sse")))
        out += bridge->streamEvent(event);
    out += bridge->streamFinish();
    QVERIFY(bridge->streamEnded());
    QVERIFY(!bridge->streamFailed());

    const QList<ParsedEvent> events = parsedEvents(out);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().name, QByteArray("response.created"));
    QCOMPARE(events.last().name, QByteArray("response.completed"));
    // The first tool's input, streamed in dozens of pieces, arrives byte for byte.
    QMap<int, QByteArray> arguments; // by output index
    for (const ParsedEvent &e : events) {
        if (e.name == "response.function_call_arguments.delta")
            arguments[e.data.value(QLatin1String("output_index")).toInt()]
                += e.data.value(QLatin1String("delta")).toString().toUtf8();
    }
    QCOMPARE(arguments.size(), 2);
    QCOMPARE(arguments.first(), translateData("anthropic-stream-tool-input.json").trimmed());
    // Usage is asked of the inner translation, so the Response reports it.
    const QJsonObject usage = events.last()
                                  .data.value(QLatin1String("response"))
                                  .toObject()
                                  .value(QLatin1String("usage"))
                                  .toObject();
    QVERIFY(usage.value(QLatin1String("output_tokens")).toInt() > 0);
    QVERIFY(bridge->streamUsage().has_value());
}

void TestProtocolBridge::chainCutShortEndsWithTheResponsesError()
{
    const auto bridge = protocolBridge(Endpoint::Responses, Endpoint::Messages, options());
    QVERIFY(bridge->request(*requestBody(kResponsesRequest)).ok());
    const QList<SseEvent> upstream = sseEvents(translateData("anthropic-stream-tool-pieces.sse"));
    QByteArray out;
    for (qsizetype i = 0; i < 6; ++i)
        out += bridge->streamEvent(upstream.at(i));
    out += bridge->streamFinish(); // the upstream closed before message_stop
    QVERIFY(bridge->streamFailed());
    const QList<ParsedEvent> events = parsedEvents(out);
    QCOMPARE(events.last().name, QByteArray("error"));
    QCOMPARE(events.last().data.value(QLatin1String("code")).toString(),
             QStringLiteral("upstream_stream_failed"));
    for (const ParsedEvent &e : events)
        QVERIFY(e.name != "response.completed");
}

// The relay fails over on an answer flagged unusable; the flag must survive a chain.
void TestProtocolBridge::untranslatableAnswerIsFlagged()
{
    const QByteArray badArguments
        = R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,)"
          R"("message":{"role":"assistant","content":null,"tool_calls":[{"id":"t",)"
          R"("type":"function","function":{"name":"edit","arguments":"{not json"}}]},)"
          R"("finish_reason":"tool_calls"}]})";
    const auto messages = protocolBridge(Endpoint::Messages, Endpoint::ChatCompletions, options());
    QVERIFY(messages->request(*requestBody(R"({"model":"m","max_tokens":5,"messages":[]})")).ok());
    const ClientAnswer answer = messages->response(200, badArguments);
    QCOMPARE(answer.status, 502);
    QVERIFY(answer.unusable.contains(QLatin1String("arguments")));
    QCOMPARE(jsonObject(answer.body).value(QLatin1String("type")).toString(),
             QStringLiteral("error"));

    const QByteArray serverToolBlock
        = R"({"id":"msg","type":"message","role":"assistant","model":"c","content":)"
          R"([{"type":"web_search_tool_result","tool_use_id":"s","content":[]}],)"
          R"("stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}})";
    const auto chained = protocolBridge(Endpoint::Responses, Endpoint::Messages, options());
    QVERIFY(chained->request(*requestBody(kResponsesRequest)).ok());
    const ClientAnswer chainedAnswer = chained->response(200, serverToolBlock);
    QCOMPARE(chainedAnswer.status, 502);
    QVERIFY(!chainedAnswer.unusable.isEmpty());

    const ClientAnswer fine = messages->response(
        200,
        R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,)"
        R"("message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]})");
    QCOMPARE(fine.status, 200);
    QVERIFY(fine.unusable.isEmpty());
}

void TestProtocolBridge::errorsKeepTheirStatusInTheClientsShape()
{
    const auto messages = protocolBridge(Endpoint::Messages, Endpoint::ChatCompletions, options());
    const ClientAnswer limited = messages->response(
        429,
        R"({"error":{"message":"slow down","type":"rate_limit","code":"rate_limit_exceeded"}})");
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.unusable.isEmpty()); // an error answer is relayed, not failed over here
    const QJsonObject error = jsonObject(limited.body).value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("rate_limit_error"));
    QCOMPARE(error.value(QLatin1String("message")).toString(), QStringLiteral("slow down"));

    const auto chat = protocolBridge(Endpoint::ChatCompletions, Endpoint::Messages, options());
    const ClientAnswer refused = chat->response(
        400, R"({"type":"error","error":{"type":"invalid_request_error","message":"bad"}})");
    QCOMPARE(refused.status, 400);
    QCOMPARE(jsonObject(refused.body)
                 .value(QLatin1String("error"))
                 .toObject()
                 .value(QLatin1String("message"))
                 .toString(),
             QStringLiteral("bad"));
}

QTEST_GUILESS_MAIN(TestProtocolBridge)
#include "tst_protocolbridge.moc"
