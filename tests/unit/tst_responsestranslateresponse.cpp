// Whole OpenAI chat answers turned into Responses API answers: reasoning, text, refusals and
// tool calls become output items with ids derived from the response id, finish reasons become
// the status, usage and the request's parameters are reported the way OpenAI reports them
// (formats/responsesresponse.h).
#include "formats/responsesresponse.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

const qint64 kCreated = 1764470100;

ResponsesEnvelope envelope(const QByteArray &request = R"({"model":"gpt-5-codex"})")
{
    return {QStringLiteral("resp_0123abcd"), kCreated, jsonObject(request)};
}

// A chat answer with `message` (JSON members) and `finish`.
QByteArray chatAnswer(const QByteArray &message, const QByteArray &finish = "stop")
{
    return R"({"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant",)"
        + message + R"(},"finish_reason":")" + finish + R"("}]})";
}

QJsonObject translated(const QByteArray &chatBody, const ResponsesEnvelope &env = envelope())
{
    const Translation t = chatToResponsesResponse(chatBody, env);
    if (!t.ok())
        qWarning() << t.message;
    return jsonObject(t.body);
}

QJsonArray outputOf(const QJsonObject &response)
{
    return response.value(QLatin1String("output")).toArray();
}

} // namespace

class TestResponsesTranslateResponse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parallelToolAnswer();
    void outputItems_data();
    void outputItems();
    void finishReasons_data();
    void finishReasons();
    void defaultsWhenTheRequestHasNone();
    void requestParametersEchoed();
    void modelFromTheRequestWhenTheAnswerHasNone();
    void usageWithoutDetailsOrNone();
    void idsAreDeterministic();
    void unusableAnswers_data();
    void unusableAnswers();
};

// A recorded-style answer: reasoning, text and two parallel calls, with cached prompt tokens.
void TestResponsesTranslateResponse::parallelToolAnswer()
{
    const Translation t
        = chatToResponsesResponse(translateData("chat-parallel-tools-response.json"), envelope());
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject expected = jsonObject(R"({
        "id":"resp_0123abcd","object":"response","created_at":1764470100,"status":"completed",
        "background":false,"error":null,"incomplete_details":null,"model":"deepseek-chat",
        "output":[
          {"type":"reasoning","id":"rs_0123abcd_0","summary":[],
           "content":[{"type":"reasoning_text","text":"The user asked about two files; read them together."}]},
          {"type":"message","id":"msg_0123abcd_1","status":"completed","role":"assistant",
           "content":[{"type":"output_text","text":"Let me check both files.","annotations":[]}]},
          {"type":"function_call","id":"fc_0123abcd_2","call_id":"call_00_FakeReadA","name":"Read",
           "arguments":"{\"file_path\": \"/home/dev/project/README.md\", \"limit\": 50}","status":"completed"},
          {"type":"function_call","id":"fc_0123abcd_3","call_id":"call_01_FakeReadB","name":"Read",
           "arguments":"{\"file_path\":\"/home/dev/project/CMakeLists.txt\"}","status":"completed"}],
        "usage":{"input_tokens":5120,"input_tokens_details":{"cached_tokens":4096},"output_tokens":96,
                 "output_tokens_details":{"reasoning_tokens":0},"total_tokens":5216},
        "previous_response_id":null,"store":false,
        "instructions":null,"max_output_tokens":null,"metadata":{},"parallel_tool_calls":true,
        "reasoning":{"effort":null,"summary":null},"temperature":1.0,"text":{"format":{"type":"text"}},
        "tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","user":null})");
    const QJsonObject actual = jsonObject(t.body);
    if (actual != expected)
        qWarning().noquote() << t.body;
    QCOMPARE(actual, expected);
    // The arguments are the backend's text, its spaces included.
    QVERIFY(t.body.contains(R"(\"file_path\": \"/home/dev/project/README.md\", \"limit\": 50)"));
}

void TestResponsesTranslateResponse::outputItems_data()
{
    QTest::addColumn<QByteArray>("chatBody");
    QTest::addColumn<QByteArray>("output");
    QTest::newRow("text only: one message item")
        << chatAnswer(R"("content":"Hi.")")
        << QByteArray(
               R"([{"type":"message","id":"msg_0123abcd_0","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi.","annotations":[]}]}])");
    QTest::newRow("empty content: no items") << chatAnswer(R"("content":"")") << QByteArray("[]");
    QTest::newRow("null content and no calls: no items")
        << chatAnswer(R"("content":null)") << QByteArray("[]");
    QTest::newRow("tool calls without text: function_call items only")
        << chatAnswer(
               R"("content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"A","arguments":"{}"}}])",
               "tool_calls")
        << QByteArray(
               R"([{"type":"function_call","id":"fc_0123abcd_0","call_id":"c1","name":"A","arguments":"{}","status":"completed"}])");
    QTest::newRow("refusal becomes a refusal part")
        << chatAnswer(R"("content":null,"refusal":"I can't help with that.")")
        << QByteArray(
               R"([{"type":"message","id":"msg_0123abcd_0","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}])");
    QTest::newRow("reasoning field of vLLM-style backends is reasoning too")
        << chatAnswer(R"("content":"A","reasoning":"think")")
        << QByteArray(
               R"([{"type":"reasoning","id":"rs_0123abcd_0","summary":[],"content":[{"type":"reasoning_text","text":"think"}]},{"type":"message","id":"msg_0123abcd_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"A","annotations":[]}]}])");
    QTest::newRow("content as text parts is joined")
        << chatAnswer(R"("content":[{"type":"text","text":"A"},{"type":"text","text":"B"}])")
        << QByteArray(
               R"([{"type":"message","id":"msg_0123abcd_0","status":"completed","role":"assistant","content":[{"type":"output_text","text":"AB","annotations":[]}]}])");
}

void TestResponsesTranslateResponse::outputItems()
{
    QFETCH(QByteArray, chatBody);
    QFETCH(QByteArray, output);
    const QJsonArray actual = outputOf(translated(chatBody));
    const QJsonArray expected = QJsonDocument::fromJson(output).array();
    if (actual != expected)
        qWarning().noquote() << QJsonDocument(actual).toJson(QJsonDocument::Compact);
    QCOMPARE(actual, expected);
}

void TestResponsesTranslateResponse::finishReasons_data()
{
    QTest::addColumn<QByteArray>("finish");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("stop: completed")
        << QByteArray("stop") << QStringLiteral("completed") << QString();
    QTest::newRow("tool_calls: completed")
        << QByteArray("tool_calls") << QStringLiteral("completed") << QString();
    QTest::newRow("length: incomplete at max_output_tokens")
        << QByteArray("length") << QStringLiteral("incomplete")
        << QStringLiteral("max_output_tokens");
    QTest::newRow("content_filter: incomplete by the filter")
        << QByteArray("content_filter") << QStringLiteral("incomplete")
        << QStringLiteral("content_filter");
}

void TestResponsesTranslateResponse::finishReasons()
{
    QFETCH(QByteArray, finish);
    QFETCH(QString, status);
    QFETCH(QString, reason);
    const QJsonObject response = translated(chatAnswer(
        R"("content":"A","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}}])",
        finish));
    QCOMPARE(response.value(QLatin1String("status")).toString(), status);
    const QJsonValue details = response.value(QLatin1String("incomplete_details"));
    if (reason.isEmpty())
        QVERIFY(details.isNull());
    else
        QCOMPARE(details.toObject(), QJsonObject({{QLatin1String("reason"), reason}}));
    // Only the item being written when the answer was cut is incomplete.
    const QJsonArray output = outputOf(response);
    QCOMPARE(output.at(0).toObject().value(QLatin1String("status")).toString(),
             QStringLiteral("completed"));
    QCOMPARE(output.at(1).toObject().value(QLatin1String("status")).toString(),
             reason.isEmpty() ? QStringLiteral("completed") : QStringLiteral("incomplete"));
}

void TestResponsesTranslateResponse::defaultsWhenTheRequestHasNone()
{
    const QJsonObject response = translated(chatAnswer(R"("content":"A")"), envelope("{}"));
    QCOMPARE(response.value(QLatin1String("tools")), QJsonValue(QJsonArray()));
    QCOMPARE(response.value(QLatin1String("tool_choice")).toString(), QStringLiteral("auto"));
    QCOMPARE(response.value(QLatin1String("parallel_tool_calls")).toBool(), true);
    QCOMPARE(response.value(QLatin1String("text")).toObject(),
             jsonObject(R"({"format":{"type":"text"}})"));
    QCOMPARE(response.value(QLatin1String("store")).toBool(true), false);
    QVERIFY(response.value(QLatin1String("previous_response_id")).isNull());
    QVERIFY(response.value(QLatin1String("instructions")).isNull());
    QVERIFY(response.value(QLatin1String("error")).isNull());
    QVERIFY(!response.contains(QLatin1String("max_tool_calls")));
}

void TestResponsesTranslateResponse::requestParametersEchoed()
{
    const QByteArray request = R"({"model":"gpt-5-codex","instructions":"Be brief.",
        "tools":[{"type":"function","name":"shell","parameters":{"type":"object"},"strict":false}],
        "tool_choice":{"type":"function","name":"shell"},"temperature":0.2,"top_p":0.5,
        "max_output_tokens":2048,"parallel_tool_calls":false,"text":{"format":{"type":"json_object"}},
        "reasoning":{"effort":"low","summary":"auto"},"metadata":{"k":"v"},"user":"u1",
        "store":false,"truncation":"auto","prompt_cache_key":"pck","max_tool_calls":3})";
    const QJsonObject sent = jsonObject(request);
    const QJsonObject response = translated(chatAnswer(R"("content":"A")"), envelope(request));
    for (const char *key :
         {"instructions", "tools", "tool_choice", "temperature", "top_p", "max_output_tokens",
          "parallel_tool_calls", "text", "reasoning", "metadata", "user", "store", "truncation",
          "prompt_cache_key", "max_tool_calls"})
        QVERIFY2(response.value(QLatin1String(key)) == sent.value(QLatin1String(key)), key);
}

void TestResponsesTranslateResponse::modelFromTheRequestWhenTheAnswerHasNone()
{
    QByteArray answer = chatAnswer(R"("content":"A")");
    answer.replace(R"("model":"m",)", "");
    QCOMPARE(translated(answer).value(QLatin1String("model")).toString(),
             QStringLiteral("gpt-5-codex"));
    QCOMPARE(translated(chatAnswer(R"("content":"A")")).value(QLatin1String("model")).toString(),
             QStringLiteral("m"));
}

void TestResponsesTranslateResponse::usageWithoutDetailsOrNone()
{
    QVERIFY(translated(chatAnswer(R"("content":"A")")).value(QLatin1String("usage")).isNull());
    QByteArray answer = chatAnswer(R"("content":"A")");
    answer.chop(1);
    answer
        += R"(,"usage":{"prompt_tokens":10,"completion_tokens":30,"completion_tokens_details":{"reasoning_tokens":20}}})";
    QCOMPARE(translated(answer).value(QLatin1String("usage")).toObject(),
             jsonObject(R"({"input_tokens":10,"input_tokens_details":{"cached_tokens":0},
                 "output_tokens":30,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":40})"));
}

void TestResponsesTranslateResponse::idsAreDeterministic()
{
    const QByteArray answer = translateData("chat-parallel-tools-response.json");
    QCOMPARE(chatToResponsesResponse(answer, envelope()).body,
             chatToResponsesResponse(answer, envelope()).body);
    QCOMPARE(responsesItemId(QStringLiteral("resp_ff00"), QLatin1String("msg"), 3),
             QStringLiteral("msg_ff00_3"));
    QCOMPARE(responsesItemId(QStringLiteral("other"), QLatin1String("fc"), 0),
             QStringLiteral("fc_other_0"));
}

void TestResponsesTranslateResponse::unusableAnswers_data()
{
    QTest::addColumn<QByteArray>("chatBody");
    QTest::newRow("not JSON") << QByteArray("<html>Bad gateway</html>");
    QTest::newRow("a JSON array") << QByteArray("[]");
    QTest::newRow("no choices") << QByteArray(R"({"id":"x","object":"chat.completion"})");
    QTest::newRow("empty choices") << QByteArray(R"({"id":"x","choices":[]})");
}

void TestResponsesTranslateResponse::unusableAnswers()
{
    QFETCH(QByteArray, chatBody);
    const Translation t = chatToResponsesResponse(chatBody, envelope());
    QCOMPARE(t.status, 502);
    QVERIFY(!t.message.isEmpty());
    QVERIFY(t.body.isEmpty());
}

QTEST_GUILESS_MAIN(TestResponsesTranslateResponse)
#include "tst_responsestranslateresponse.moc"
