// Whole answers and errors between the Anthropic Messages API and OpenAI chat: content blocks,
// signed thinking, tool calls with their ids, stop reasons, usage with cache counts, and error
// bodies with their statuses, both ways (formats/anthropicresponse.h, formats/translation.h).
#include "formats/anthropicresponse.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

const qint64 kCreated = 1764470000;

QJsonObject firstMessage(const QJsonObject &completion)
{
    return completion.value(QLatin1String("choices"))
        .toArray()
        .at(0)
        .toObject()
        .value(QLatin1String("message"))
        .toObject();
}

} // namespace

class TestAnthropicTranslateResponse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicAnswerToChat();
    void chatAnswerToAnthropic();
    void anthropicAnswerRoundTrip();
    void chatArgumentsRoundTrip();
    void argumentsKeepTheBackendsBytes();
    void inputKeepsTheArgumentsOrder();
    void answers_data();
    void answers();
    void unusableAnswers_data();
    void unusableAnswers();
    void stopReasons_data();
    void stopReasons();
    void finishReasons_data();
    void finishReasons();
    void usageToChat();
    void usageToAnthropic();
    void errorStatuses_data();
    void errorStatuses();
    void chatErrorsToAnthropic_data();
    void chatErrorsToAnthropic();
    void anthropicErrorsToChat_data();
    void anthropicErrorsToChat();
};

void TestAnthropicTranslateResponse::anthropicAnswerToChat()
{
    const Translation t
        = anthropicToChatResponse(translateData("anthropic-tool-response.json"), kCreated);
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject out = jsonObject(t.body);
    QCOMPARE(out.value(QLatin1String("id")).toString(),
             QStringLiteral("msg_01FakeThinkingAnswer0001"));
    QCOMPARE(out.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
    QCOMPARE(out.value(QLatin1String("created")).toInteger(), kCreated);
    QCOMPARE(out.value(QLatin1String("model")).toString(),
             QStringLiteral("claude-sonnet-4-5-20250929"));
    const QJsonObject choice = out.value(QLatin1String("choices")).toArray().at(0).toObject();
    QCOMPARE(choice.value(QLatin1String("finish_reason")).toString(), QStringLiteral("tool_calls"));
    const QJsonObject message = firstMessage(out);
    QCOMPARE(message.value(QLatin1String("content")).toString(),
             QStringLiteral("Searching the tracker and listing the toolbar sources."));
    QCOMPARE(message.value(QLatin1String("reasoning_content")).toString(),
             QStringLiteral("Two independent lookups: run them in parallel."));
    const QJsonObject detail
        = message.value(QLatin1String("reasoning_details")).toArray().at(0).toObject();
    QCOMPARE(detail.value(QLatin1String("type")).toString(), QStringLiteral("reasoning.text"));
    QVERIFY(detail.value(QLatin1String("signature"))
                .toString()
                .startsWith(QLatin1String("EqQBCkYIBRgC")));
    const QJsonArray calls = message.value(QLatin1String("tool_calls")).toArray();
    QCOMPARE(calls.size(), 2);
    const QJsonObject search = calls.at(0).toObject();
    QCOMPARE(search.value(QLatin1String("id")).toString(),
             QStringLiteral("toolu_01FakeSearch0000000000001"));
    QCOMPARE(search.value(QLatin1String("type")).toString(), QStringLiteral("function"));
    const QJsonObject function = search.value(QLatin1String("function")).toObject();
    QCOMPARE(function.value(QLatin1String("name")).toString(),
             QStringLiteral("mcp__tracker__search_issues"));
    // The backend's input with only the whitespace taken out: its key order is kept.
    QCOMPARE(function.value(QLatin1String("arguments")).toString(),
             QStringLiteral(R"({"query":"toolbar position","state":"open","limit":10})"));
    QCOMPARE(out.value(QLatin1String("usage")).toObject(),
             jsonObject(R"({"prompt_tokens":34098,"completion_tokens":187,"total_tokens":34285,
                 "prompt_tokens_details":{"cached_tokens":30210,"cache_creation_tokens":2048}})"));
}

void TestAnthropicTranslateResponse::chatAnswerToAnthropic()
{
    const Translation t
        = chatToAnthropicResponse(translateData("chat-parallel-tools-response.json"));
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject expected = jsonObject(R"({
        "id":"chatcmpl-FakeParallel0001","type":"message","role":"assistant","model":"deepseek-chat",
        "content":[
          {"type":"thinking","thinking":"The user asked about two files; read them together.","signature":""},
          {"type":"text","text":"Let me check both files."},
          {"type":"tool_use","id":"call_00_FakeReadA","name":"Read","input":{"file_path":"/home/dev/project/README.md","limit":50}},
          {"type":"tool_use","id":"call_01_FakeReadB","name":"Read","input":{"file_path":"/home/dev/project/CMakeLists.txt"}}],
        "stop_reason":"tool_use","stop_sequence":null,
        "usage":{"input_tokens":1024,"output_tokens":96,"cache_read_input_tokens":4096}})");
    QCOMPARE(jsonObject(t.body), expected);
}

// Anthropic → chat → Anthropic: the signed thinking block, the text, the tool calls with ids
// and inputs, the stop reason and the usage with both cache counts all survive.
void TestAnthropicTranslateResponse::anthropicAnswerRoundTrip()
{
    const QByteArray original = translateData("anthropic-tool-response.json");
    const Translation there = anthropicToChatResponse(original, kCreated);
    QVERIFY(there.ok());
    const Translation back = chatToAnthropicResponse(there.body);
    QVERIFY(back.ok());
    QJsonObject expected = jsonObject(original);
    QJsonObject usage = expected.value(QLatin1String("usage")).toObject();
    usage.remove(QLatin1String("service_tier"));
    expected.insert(QLatin1String("usage"), usage);
    QCOMPARE(jsonObject(back.body), expected);
}

// A client's tool call arguments that arrive as a JSON string reach the Anthropic side as the
// same value, and come back as compact JSON of that value.
void TestAnthropicTranslateResponse::chatArgumentsRoundTrip()
{
    const QByteArray original = translateData("chat-parallel-tools-response.json");
    const Translation there = chatToAnthropicResponse(original);
    const Translation back = anthropicToChatResponse(there.body, kCreated);
    QVERIFY(back.ok());
    const QJsonArray before
        = firstMessage(jsonObject(original)).value(QLatin1String("tool_calls")).toArray();
    const QJsonArray after
        = firstMessage(jsonObject(back.body)).value(QLatin1String("tool_calls")).toArray();
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const QJsonObject a = before.at(i).toObject();
        const QJsonObject b = after.at(i).toObject();
        QCOMPARE(b.value(QLatin1String("id")), a.value(QLatin1String("id")));
        const auto arguments = [](const QJsonObject &call) {
            return call.value(QLatin1String("function"))
                .toObject()
                .value(QLatin1String("arguments"))
                .toString()
                .toUtf8();
        };
        QCOMPARE(jsonObject(arguments(b)), jsonObject(arguments(a)));
    }
    // Already compact with one key: the very same bytes.
    QCOMPARE(after.at(1)
                 .toObject()
                 .value(QLatin1String("function"))
                 .toObject()
                 .value(QLatin1String("arguments")),
             before.at(1)
                 .toObject()
                 .value(QLatin1String("function"))
                 .toObject()
                 .value(QLatin1String("arguments")));
}

void TestAnthropicTranslateResponse::argumentsKeepTheBackendsBytes()
{
    // Keys out of order, a number spelled 1.50, an escaped character: a client that compares or
    // hashes arguments gets exactly what the model wrote.
    const QByteArray input = R"({"z":1.50,"a":"caf\u00e9","m":[1, 2]})";
    const QByteArray answer = R"({"id":"msg_1","type":"message","role":"assistant","model":"m",
        "content":[{"type":"text","text":"ok"},
                   {"type":"tool_use","id":"toolu_1","name":"f","input":)"
        + input + R"(}],
        "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}})";
    const Translation t = anthropicToChatResponse(answer, kCreated);
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject call = firstMessage(jsonObject(t.body))
                                 .value(QLatin1String("tool_calls"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    QCOMPARE(call.value(QLatin1String("function"))
                 .toObject()
                 .value(QLatin1String("arguments"))
                 .toString()
                 .toUtf8(),
             QByteArray(R"({"z":1.50,"a":"caf\u00e9","m":[1,2]})"));
}

void TestAnthropicTranslateResponse::inputKeepsTheArgumentsOrder()
{
    // The other direction: a tool call's arguments become `input` with the model's key order
    // and an integer beyond 2^53 exact.
    const QByteArray answer
        = R"({"id":"c","model":"m","choices":[{"message":{"tool_calls":[{"id":"call_1",)"
          R"("type":"function","function":{"name":"f","arguments":)"
          R"("{\"z\": 1, \"a\": \"caf\u00e9\", \"id\": 9007199254740993}"}}]},)"
          R"("finish_reason":"tool_calls"}]})";
    const Translation t = chatToAnthropicResponse(answer);
    QVERIFY2(t.ok(), qPrintable(t.message));
    QVERIFY2(t.body.contains("\"input\":{\"z\":1,\"a\":\"caf\xc3\xa9\",\"id\":9007199254740993}"),
             t.body.constData());
}

void TestAnthropicTranslateResponse::answers_data()
{
    QTest::addColumn<bool>("fromAnthropic");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("text blocks concatenated as one answer")
        << true
        << QByteArray(
               R"({"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"The answer "},{"type":"text","text":"is 4."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":5}})")
        << QByteArray(
               R"({"id":"msg_1","object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 4."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("empty content and a stop sequence")
        << true
        << QByteArray(
               R"({"id":"msg_2","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":"stop_sequence","stop_sequence":"END","usage":{"input_tokens":3,"output_tokens":0}})")
        << QByteArray(
               R"({"id":"msg_2","object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":0,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("redacted thinking kept as encrypted reasoning")
        << true
        << QByteArray(
               R"({"id":"msg_3","model":"claude","content":[{"type":"redacted_thinking","data":"enc"},{"type":"text","text":"ok"}],"stop_reason":"max_tokens","usage":{}})")
        << QByteArray(
               R"({"id":"msg_3","object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":"ok","reasoning_content":"","reasoning_details":[{"type":"reasoning.encrypted","data":"enc"}]},"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("plain text answer, no reasoning, no usage")
        << false
        << QByteArray(
               R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt","choices":[{"index":0,"message":{"role":"assistant","content":"Hi."},"finish_reason":"stop"}]})")
        << QByteArray(
               R"({"id":"chatcmpl-1","type":"message","role":"assistant","model":"gpt","content":[{"type":"text","text":"Hi."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}})");
    QTest::newRow("signed reasoning details become signed thinking; refusal becomes text")
        << false
        << QByteArray(
               R"({"id":"c2","model":"gpt","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that.","reasoning_content":"x","reasoning_details":[{"type":"reasoning.text","text":"x","signature":"sig"}]},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":7,"completion_tokens":2,"total_tokens":9}})")
        << QByteArray(
               R"({"id":"c2","type":"message","role":"assistant","model":"gpt","content":[{"type":"thinking","thinking":"x","signature":"sig"},{"type":"text","text":"I can't help with that."}],"stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":2}})");
    QTest::newRow(
        "reasoning field of vLLM-style backends becomes thinking; empty arguments an empty input")
        << false
        << QByteArray(
               R"({"id":"c3","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"","reasoning":"think","tool_calls":[{"id":"call_9","type":"function","function":{"name":"Now","arguments":""}}]},"finish_reason":"tool_calls"}]})")
        << QByteArray(
               R"({"id":"c3","type":"message","role":"assistant","model":"m","content":[{"type":"thinking","thinking":"think","signature":""},{"type":"tool_use","id":"call_9","name":"Now","input":{}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}})");
    QTest::newRow("several texts and thinking blocks joined in their order")
        << true
        << QByteArray(
               R"({"id":"msg_4","model":"claude","content":[{"type":"thinking","thinking":"a","signature":"s1"},{"type":"text","text":"x"},{"type":"thinking","thinking":"b","signature":"s2"},{"type":"text","text":"y"}],"stop_reason":"end_turn"})")
        << QByteArray(
               R"({"id":"msg_4","object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":"xy","reasoning_content":"ab","reasoning_details":[{"type":"reasoning.text","text":"a","signature":"s1"},{"type":"reasoning.text","text":"b","signature":"s2"}]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("wrong-typed fields of an Anthropic answer count as absent or empty")
        << true
        << QByteArray(
               R"({"id":7,"model":"claude","content":[{"type":"text","text":5},{"type":"tool_use","id":"t","name":"f","input":[1]},{"type":"thinking","thinking":null,"signature":"s"}],"stop_reason":3,"usage":{"input_tokens":"9","output_tokens":2}})")
        << QByteArray(
               R"({"id":7,"object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":null,"reasoning_content":"","reasoning_details":[{"type":"reasoning.text","text":null,"signature":"s"}],"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":0,"completion_tokens":2,"total_tokens":2,"prompt_tokens_details":{"cached_tokens":0}}})");
    QTest::newRow("Anthropic content that is not an array is no content")
        << true << QByteArray(R"({"id":"msg_5","model":"claude","content":"hi"})")
        << QByteArray(
               R"({"id":"msg_5","object":"chat.completion","created":1764470000,"model":"claude","choices":[{"index":0,"message":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,"prompt_tokens_details":{"cached_tokens":0}}})");
}

void TestAnthropicTranslateResponse::answers()
{
    QFETCH(bool, fromAnthropic);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    const Translation t
        = fromAnthropic ? anthropicToChatResponse(input, kCreated) : chatToAnthropicResponse(input);
    QVERIFY2(t.ok(), qPrintable(t.message));
    if (jsonObject(t.body) != jsonObject(expected))
        qWarning().noquote() << "actual:" << t.body;
    QCOMPARE(jsonObject(t.body), jsonObject(expected));
}

void TestAnthropicTranslateResponse::unusableAnswers_data()
{
    QTest::addColumn<bool>("fromAnthropic");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("param");

    QTest::newRow("Anthropic answer not JSON") << true << QByteArray("<html>") << QString();
    QTest::newRow("server tool block has no chat form")
        << true
        << QByteArray(
               R"({"id":"m","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{}}]})")
        << QStringLiteral("content[0].type");
    QTest::newRow("Anthropic answer not an object") << true << QByteArray("[1]") << QString();
    QTest::newRow("Anthropic block not an object")
        << true << QByteArray(R"({"id":"m","content":[{"type":"text","text":"a"},5]})")
        << QStringLiteral("content[1].type");
    QTest::newRow("chat answer not JSON") << false << QByteArray("[1]") << QString();
    QTest::newRow("tool call arguments that are not JSON")
        << false
        << QByteArray(
               R"({"id":"c","choices":[{"message":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1"}}]}}]})")
        << QStringLiteral("choices[0].message.tool_calls[0].function.arguments");
    QTest::newRow("tool call arguments that are JSON but not an object")
        << false
        << QByteArray(
               R"({"id":"c","choices":[{"message":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"[1]"}}]}}]})")
        << QStringLiteral("choices[0].message.tool_calls[0].function.arguments");
}

void TestAnthropicTranslateResponse::unusableAnswers()
{
    QFETCH(bool, fromAnthropic);
    QFETCH(QByteArray, input);
    QFETCH(QString, param);
    const Translation t
        = fromAnthropic ? anthropicToChatResponse(input, kCreated) : chatToAnthropicResponse(input);
    QCOMPARE(t.status, 502);
    QCOMPARE(t.param, param);
    QVERIFY(!t.message.isEmpty());
}

void TestAnthropicTranslateResponse::stopReasons_data()
{
    QTest::addColumn<QString>("anthropic");
    QTest::addColumn<QString>("chat");
    QTest::newRow("end_turn") << QStringLiteral("end_turn") << QStringLiteral("stop");
    QTest::newRow("stop_sequence") << QStringLiteral("stop_sequence") << QStringLiteral("stop");
    QTest::newRow("pause_turn") << QStringLiteral("pause_turn") << QStringLiteral("stop");
    QTest::newRow("max_tokens") << QStringLiteral("max_tokens") << QStringLiteral("length");
    QTest::newRow("context window")
        << QStringLiteral("model_context_window_exceeded") << QStringLiteral("length");
    QTest::newRow("tool_use") << QStringLiteral("tool_use") << QStringLiteral("tool_calls");
    QTest::newRow("refusal") << QStringLiteral("refusal") << QStringLiteral("content_filter");
    QTest::newRow("null") << QString() << QString();
}

void TestAnthropicTranslateResponse::stopReasons()
{
    QFETCH(QString, anthropic);
    QFETCH(QString, chat);
    QCOMPARE(chatFinishReason(anthropic), chat);
}

void TestAnthropicTranslateResponse::finishReasons_data()
{
    QTest::addColumn<QString>("chat");
    QTest::addColumn<QString>("anthropic");
    QTest::newRow("stop") << QStringLiteral("stop") << QStringLiteral("end_turn");
    QTest::newRow("length") << QStringLiteral("length") << QStringLiteral("max_tokens");
    QTest::newRow("tool_calls") << QStringLiteral("tool_calls") << QStringLiteral("tool_use");
    QTest::newRow("function_call") << QStringLiteral("function_call") << QStringLiteral("tool_use");
    QTest::newRow("content_filter")
        << QStringLiteral("content_filter") << QStringLiteral("refusal");
    QTest::newRow("null") << QString() << QString();
}

void TestAnthropicTranslateResponse::finishReasons()
{
    QFETCH(QString, chat);
    QFETCH(QString, anthropic);
    QCOMPARE(anthropicStopReason(chat), anthropic);
}

void TestAnthropicTranslateResponse::usageToChat()
{
    // Anthropic counts cache reads and writes apart; OpenAI inside prompt_tokens.
    QCOMPARE(
        chatUsageFromAnthropic(jsonObject(
            R"({"input_tokens":100,"output_tokens":20,"cache_read_input_tokens":1000,"cache_creation_input_tokens":50})")),
        jsonObject(
            R"({"prompt_tokens":1150,"completion_tokens":20,"total_tokens":1170,"prompt_tokens_details":{"cached_tokens":1000,"cache_creation_tokens":50}})"));
}

void TestAnthropicTranslateResponse::usageToAnthropic()
{
    QCOMPARE(
        anthropicUsageFromChat(jsonObject(
            R"({"prompt_tokens":1150,"completion_tokens":20,"total_tokens":1170,"prompt_tokens_details":{"cached_tokens":1000}})")),
        jsonObject(R"({"input_tokens":150,"output_tokens":20,"cache_read_input_tokens":1000})"));
    QCOMPARE(anthropicUsageFromChat(jsonObject(R"({"prompt_tokens":9,"completion_tokens":1})")),
             jsonObject(R"({"input_tokens":9,"output_tokens":1})"));
}

void TestAnthropicTranslateResponse::errorStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("statusOfType");
    QTest::newRow("400") << 400 << QStringLiteral("invalid_request_error") << 400;
    QTest::newRow("401") << 401 << QStringLiteral("authentication_error") << 401;
    QTest::newRow("403") << 403 << QStringLiteral("permission_error") << 403;
    QTest::newRow("404") << 404 << QStringLiteral("not_found_error") << 404;
    QTest::newRow("413") << 413 << QStringLiteral("request_too_large") << 413;
    QTest::newRow("429") << 429 << QStringLiteral("rate_limit_error") << 429;
    QTest::newRow("500") << 500 << QStringLiteral("api_error") << 500;
    QTest::newRow("529") << 529 << QStringLiteral("overloaded_error") << 529;
    QTest::newRow("503 is overloaded too") << 503 << QStringLiteral("overloaded_error") << 529;
    QTest::newRow("other 4xx invalid request")
        << 422 << QStringLiteral("invalid_request_error") << 400;
    QTest::newRow("other 5xx api error") << 502 << QStringLiteral("api_error") << 500;
}

void TestAnthropicTranslateResponse::errorStatuses()
{
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(int, statusOfType);
    QCOMPARE(anthropicErrorType(status), type);
    QCOMPARE(anthropicErrorStatus(type), statusOfType);
}

void TestAnthropicTranslateResponse::chatErrorsToAnthropic_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("rate limit")
        << 429
        << QByteArray(
               R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded","param":null}})")
        << QByteArray(
               R"({"type":"error","error":{"type":"rate_limit_error","message":"Rate limit reached"}})");
    QTest::newRow("bad key")
        << 401
        << QByteArray(
               R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})")
        << QByteArray(
               R"({"type":"error","error":{"type":"authentication_error","message":"Incorrect API key provided"}})");
    QTest::newRow("error as a plain string")
        << 404 << QByteArray(R"({"error":"model not found"})")
        << QByteArray(
               R"({"type":"error","error":{"type":"not_found_error","message":"model not found"}})");
    QTest::newRow("body not JSON is quoted")
        << 502 << QByteArray("<html>Bad Gateway</html>")
        << QByteArray(
               R"({"type":"error","error":{"type":"api_error","message":"<html>Bad Gateway</html>"}})");
    QTest::newRow("empty body")
        << 500 << QByteArray()
        << QByteArray(
               R"j({"type":"error","error":{"type":"api_error","message":"(empty body)"}})j");
}

void TestAnthropicTranslateResponse::chatErrorsToAnthropic()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    const TranslatedError e = anthropicErrorFromChat(status, body);
    QCOMPARE(e.status, status);
    QCOMPARE(jsonObject(e.body), jsonObject(expected));
}

void TestAnthropicTranslateResponse::anthropicErrorsToChat_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("overloaded")
        << 529
        << QByteArray(
               R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})")
        << QByteArray(
               R"({"error":{"message":"Overloaded","type":"overloaded_error","code":null,"param":null}})");
    QTest::newRow("rate limit has OpenAI's code")
        << 429
        << QByteArray(
               R"({"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}})")
        << QByteArray(
               R"({"error":{"message":"Slow down","type":"rate_limit_error","code":"rate_limit_exceeded","param":null}})");
    QTest::newRow("bad key has OpenAI's code")
        << 401
        << QByteArray(
               R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})")
        << QByteArray(
               R"({"error":{"message":"invalid x-api-key","type":"authentication_error","code":"invalid_api_key","param":null}})");
    QTest::newRow("body not JSON: type from the status")
        << 413 << QByteArray("Request Entity Too Large")
        << QByteArray(
               R"({"error":{"message":"Request Entity Too Large","type":"request_too_large","code":null,"param":null}})");
}

void TestAnthropicTranslateResponse::anthropicErrorsToChat()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    const TranslatedError e = chatErrorFromAnthropic(status, body);
    QCOMPARE(e.status, status);
    QCOMPARE(jsonObject(e.body), jsonObject(expected));
}

QTEST_GUILESS_MAIN(TestAnthropicTranslateResponse)
#include "tst_anthropictranslateresponse.moc"
