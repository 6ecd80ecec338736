// OpenAI Responses requests turned into OpenAI chat requests: each rule of
// formats/responsesrequest.h has a row, everything a chat backend cannot do is a 400 that names
// the field, and a coding agent's real request arrives with its whole history intact.
#include "formats/responsesrequest.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

// A minimal Responses request around `members` (JSON members without braces).
QByteArray responses(const char *members)
{
    return QByteArray(R"({"model":"gpt-5",)") + members + '}';
}

// The chat request expected for it.
QByteArray chat(const char *members)
{
    return QByteArray(R"({"model":"gpt-5",)") + members + '}';
}

QJsonObject functionOf(const QJsonObject &message, qsizetype call)
{
    return message.value(QLatin1String("tool_calls"))
        .toArray()
        .at(call)
        .toObject()
        .value(QLatin1String("function"))
        .toObject();
}

} // namespace

class TestResponsesTranslateRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messages_data();
    void messages();
    void toolsAndOptions_data();
    void toolsAndOptions();
    void refuses_data();
    void refuses();
    void refusesABodyThatIsNotAnObject();
    void reportsDropped();
    void argumentsKeepTheirBytes();
    void agentRequest();

private:
    void check();
};

void TestResponsesTranslateRequest::check()
{
    QFETCH(QByteArray, input);
    QFETCH(TranslationOptions, options);
    QFETCH(QByteArray, expected);
    const Translation t = responsesToChatRequest(input, options);
    QVERIFY2(t.ok(), qPrintable(t.message));
    compareJson(t.body, expected);
}

void TestResponsesTranslateRequest::messages_data()
{
    requestColumns();
    const TranslationOptions none;
    QTest::newRow("input string becomes one user message")
        << responses(R"("input":"hi")") << none
        << chat(R"("messages":[{"role":"user","content":"hi"}])");
    QTest::newRow("instructions become a leading system message")
        << responses(R"("instructions":"Be brief.","input":"hi")") << none
        << chat(
               R"("messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}])");
    QTest::newRow("developer becomes system, system stays, parts joined by a blank line")
        << responses(
               R"("input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"A"},{"type":"input_text","text":"B"}]},{"role":"system","content":"C"}])")
        << none
        << chat(
               R"("messages":[{"role":"system","content":"A\n\nB"},{"role":"system","content":"C"}])");
    QTest::newRow("message without a type, one text part: a plain string")
        << responses(R"("input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}])")
        << none << chat(R"("messages":[{"role":"user","content":"hi"}])");
    QTest::newRow("input_image becomes an image_url part, detail kept")
        << responses(
               R"("input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"look"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0K","detail":"high"},{"type":"input_image","image_url":"https://example.invalid/a.jpg"}]}])")
        << none
        << chat(
               R"("messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K","detail":"high"}},{"type":"image_url","image_url":{"url":"https://example.invalid/a.jpg"}}]}])");
    QTest::newRow("one image alone stays a part")
        << responses(
               R"("input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.invalid/a.jpg","detail":null}]}])")
        << none
        << chat(
               R"("messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.invalid/a.jpg"}}]}])");
    QTest::newRow("empty content stays an empty string")
        << responses(R"("input":[{"role":"user","content":[]},{"role":"assistant","content":""}])")
        << none
        << chat(R"("messages":[{"role":"user","content":""},{"role":"assistant","content":""}])");
    QTest::newRow("assistant output_text and refusal become its text")
        << responses(
               R"("input":[{"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"Yes.","annotations":[]},{"type":"refusal","refusal":"Not that."}]}])")
        << none << chat(R"("messages":[{"role":"assistant","content":"Yes.\n\nNot that."}])");
    QTest::newRow("function_call becomes an assistant tool call, call_id is its id")
        << responses(
               R"("input":[{"role":"user","content":"go"},{"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\"cmd\":\"ls\"}","id":"fc_1","status":"completed"}])")
        << none
        << chat(
               R"("messages":[{"role":"user","content":"go"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":"{\"cmd\":\"ls\"}"}}]}])");
    QTest::newRow("the assistant message and the parallel calls after it are one message")
        << responses(
               R"("input":[{"role":"assistant","content":"Both."},{"type":"reasoning","id":"rs_1","summary":[]},{"type":"function_call","call_id":"a","name":"A","arguments":"{}"},{"type":"function_call","call_id":"b","name":"B","arguments":""},{"type":"function_call_output","call_id":"a","output":"1"},{"type":"function_call_output","call_id":"b","output":"2"}])")
        << none
        << chat(
               R"("messages":[{"role":"assistant","content":"Both.","tool_calls":[{"id":"a","type":"function","function":{"name":"A","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"B","arguments":""}}]},{"role":"tool","tool_call_id":"a","content":"1"},{"role":"tool","tool_call_id":"b","content":"2"}])");
    QTest::newRow("a call after a tool result starts a new assistant message")
        << responses(
               R"("input":[{"type":"function_call","call_id":"a","name":"A","arguments":"{}"},{"type":"function_call_output","call_id":"a","output":"1"},{"type":"function_call","call_id":"b","name":"B","arguments":"{}"}])")
        << none
        << chat(
               R"("messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"A","arguments":"{}"}}]},{"role":"tool","tool_call_id":"a","content":"1"},{"role":"assistant","content":null,"tool_calls":[{"id":"b","type":"function","function":{"name":"B","arguments":"{}"}}]}])");
    QTest::newRow("an assistant message after calls is a message of its own")
        << responses(
               R"("input":[{"type":"function_call","call_id":"a","name":"A","arguments":"{}"},{"role":"assistant","content":"Then."}])")
        << none
        << chat(
               R"("messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"A","arguments":"{}"}}]},{"role":"assistant","content":"Then."}])");
    QTest::newRow("output parts: texts joined, images follow in a user message")
        << responses(
               R"("input":[{"type":"function_call_output","call_id":"a","output":[{"type":"input_text","text":"one"},{"type":"input_image","image_url":"data:image/jpeg;base64,/9j/"},{"type":"input_text","text":"two"}]}])")
        << none
        << chat(
               R"("messages":[{"role":"tool","tool_call_id":"a","content":"one\n\ntwo"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"}}]}])");
}

void TestResponsesTranslateRequest::messages()
{
    check();
}

void TestResponsesTranslateRequest::toolsAndOptions_data()
{
    requestColumns();
    const TranslationOptions none;
    TranslationOptions routeModel;
    routeModel.model = QStringLiteral("qwen3-coder");
    TranslationOptions dropThinking;
    dropThinking.thinking = ThinkingTranslation::Drop;

    QTest::newRow("function tools: the flat fields nest under function")
        << responses(
               R"("input":[],"tools":[{"type":"function","name":"shell","description":"Runs","parameters":{"type":"object","properties":{"cmd":{"type":"string"}}},"strict":true},{"type":"function","name":"ping","parameters":null,"strict":null}])")
        << none
        << chat(
               R"("messages":[],"tools":[{"type":"function","function":{"name":"shell","description":"Runs","parameters":{"type":"object","properties":{"cmd":{"type":"string"}}},"strict":true}},{"type":"function","function":{"name":"ping"}}])");
    for (const char *word : {"auto", "none", "required"})
        QTest::addRow("tool_choice %s", word)
            << responses(R"("input":[],"tools":[{"type":"function","name":"f"}],"tool_choice":")"
                         + QByteArray(word) + "\"")
            << none
            << chat(
                   R"("messages":[],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":")"
                   + QByteArray(word) + "\"");
    QTest::newRow("tool_choice function names it")
        << responses(
               R"("input":[],"tools":[{"type":"function","name":"shell"}],"tool_choice":{"type":"function","name":"shell"})")
        << none
        << chat(
               R"("messages":[],"tools":[{"type":"function","function":{"name":"shell"}}],"tool_choice":{"type":"function","function":{"name":"shell"}})");
    QTest::newRow("without tools, tool_choice and parallel_tool_calls are left out")
        << responses(R"("input":[],"tools":[],"tool_choice":"auto","parallel_tool_calls":true)")
        << none << chat(R"("messages":[])");
    QTest::newRow("max_output_tokens becomes max_tokens")
        << responses(R"("input":[],"max_output_tokens":4000)") << withMaxTokens(8192)
        << chat(R"("messages":[],"max_tokens":4000)");
    QTest::newRow("max_output_tokens above the alias limit clamped")
        << responses(R"("input":[],"max_output_tokens":64000)") << withMaxTokens(8192)
        << chat(R"("messages":[],"max_tokens":8192)");
    QTest::newRow("sampling, user and parallel_tool_calls kept")
        << responses(
               R"("input":[],"tools":[{"type":"function","name":"f"}],"temperature":0.2,"top_p":0.9,"user":"u1","parallel_tool_calls":false)")
        << none
        << chat(
               R"("messages":[],"tools":[{"type":"function","function":{"name":"f"}}],"temperature":0.2,"top_p":0.9,"user":"u1","parallel_tool_calls":false)");
    QTest::newRow("stream asks for usage")
        << responses(R"("input":[],"stream":true)") << none
        << chat(R"("messages":[],"stream":true,"stream_options":{"include_usage":true})");
    QTest::newRow("stream false: nothing")
        << responses(R"("input":[],"stream":false)") << none << chat(R"("messages":[])");
    QTest::newRow("text format json_schema becomes response_format")
        << responses(
               R"("input":[],"text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true}})")
        << none
        << chat(
               R"("messages":[],"response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}})");
    QTest::newRow("text format json_object becomes response_format")
        << responses(R"("input":[],"text":{"format":{"type":"json_object"}})") << none
        << chat(R"("messages":[],"response_format":{"type":"json_object"})");
    QTest::newRow("text format text: nothing")
        << responses(R"("input":[],"text":{"format":{"type":"text"}})") << none
        << chat(R"("messages":[])");
    QTest::newRow("reasoning effort becomes reasoning_effort, summary left out")
        << responses(R"("input":[],"reasoning":{"effort":"high","summary":"auto"})") << none
        << chat(R"("messages":[],"reasoning_effort":"high")");
    QTest::newRow("reasoning effort dropped when the route says so")
        << responses(R"("input":[],"reasoning":{"effort":"high"})") << dropThinking
        << chat(R"("messages":[])");
    QTest::newRow("the route's model replaces the client's")
        << responses(R"("input":[])") << routeModel
        << QByteArray(R"({"model":"qwen3-coder","messages":[]})");
    QTest::newRow("store false, background false and null state fields are fine")
        << responses(
               R"("input":[],"store":false,"background":false,"previous_response_id":null,"conversation":null,"prompt":null)")
        << none << chat(R"("messages":[])");
}

void TestResponsesTranslateRequest::toolsAndOptions()
{
    check();
}

void TestResponsesTranslateRequest::refuses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("param");
    QTest::newRow("previous_response_id")
        << responses(R"("input":"more","previous_response_id":"resp_1")")
        << QStringLiteral("previous_response_id");
    QTest::newRow("conversation") << responses(R"("input":"more","conversation":{"id":"conv_1"})")
                                  << QStringLiteral("conversation");
    QTest::newRow("store true") << responses(R"("input":"x","store":true)")
                                << QStringLiteral("store");
    QTest::newRow("background true")
        << responses(R"("input":"x","background":true)") << QStringLiteral("background");
    QTest::newRow("stored prompt")
        << responses(R"("input":"x","prompt":{"id":"pmpt_1"})") << QStringLiteral("prompt");
    for (const char *type :
         {"web_search", "web_search_preview", "file_search", "computer_use_preview", "mcp",
          "code_interpreter", "image_generation", "custom", "local_shell"})
        QTest::addRow("tool %s", type)
            << responses(R"("input":"x","tools":[{"type":"function","name":"f"},{"type":")"
                         + QByteArray(type) + R"("}])")
            << QStringLiteral("tools[1].type");
    QTest::newRow("tool_choice allowed_tools")
        << responses(R"("input":"x","tool_choice":{"type":"allowed_tools","mode":"auto"})")
        << QStringLiteral("tool_choice.type");
    QTest::newRow("tool_choice of a hosted tool")
        << responses(R"("input":"x","tool_choice":{"type":"web_search_preview"})")
        << QStringLiteral("tool_choice.type");
    QTest::newRow("tool_choice unknown word")
        << responses(R"("input":"x","tool_choice":"always")") << QStringLiteral("tool_choice");
    QTest::newRow("item_reference")
        << responses(R"("input":[{"type":"item_reference","id":"msg_1"}])")
        << QStringLiteral("input[0].type");
    QTest::newRow("hosted tool call item") << responses(
        R"("input":[{"role":"user","content":"x"},{"type":"web_search_call","id":"ws_1"}])")
                                           << QStringLiteral("input[1].type");
    QTest::newRow("input_file part") << responses(
        R"("input":[{"role":"user","content":[{"type":"input_file","file_id":"file_1"}]}])")
                                     << QStringLiteral("input[0].content[0].type");
    QTest::newRow("image by file_id") << responses(
        R"("input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1","detail":"auto"}]}])")
                                      << QStringLiteral("input[0].content[0].file_id");
    QTest::newRow("image without a url")
        << responses(R"("input":[{"role":"user","content":[{"type":"input_image"}]}])")
        << QStringLiteral("input[0].content[0].image_url");
    QTest::newRow("image in an assistant message") << responses(
        R"("input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://example.invalid/a.png"}]}])")
                                                   << QStringLiteral("input[0].content[0].type");
    QTest::newRow("unknown role") << responses(R"("input":[{"role":"tool","content":"x"}])")
                                  << QStringLiteral("input[0].role");
    QTest::newRow("content neither string nor array")
        << responses(R"("input":[{"role":"user","content":5}])")
        << QStringLiteral("input[0].content");
    QTest::newRow("item that is not an object")
        << responses(R"("input":["hi"])") << QStringLiteral("input[0]");
    QTest::newRow("input neither string nor array")
        << responses(R"("input":5)") << QStringLiteral("input");
    QTest::newRow("instructions not a string")
        << responses(R"("input":"x","instructions":["a"])") << QStringLiteral("instructions");
    QTest::newRow("function_call_output output not text")
        << responses(R"("input":[{"type":"function_call_output","call_id":"a","output":5}])")
        << QStringLiteral("input[0].output");
    QTest::newRow("tools not an array")
        << responses(R"("input":"x","tools":{"type":"function"})") << QStringLiteral("tools");
}

void TestResponsesTranslateRequest::refuses()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, param);
    const Translation t = responsesToChatRequest(input);
    QCOMPARE(t.status, 400);
    QCOMPARE(t.param, param);
    QVERIFY2(t.message.contains(param), qPrintable(t.message));
    QVERIFY(t.body.isEmpty());
    if (param == QLatin1String("previous_response_id") || param == QLatin1String("conversation")
        || param == QLatin1String("store"))
        QVERIFY2(t.message.contains(QLatin1String("send the whole conversation in input")),
                 qPrintable(t.message));
}

void TestResponsesTranslateRequest::refusesABodyThatIsNotAnObject()
{
    const Translation t = responsesToChatRequest("[1]");
    QCOMPARE(t.status, 400);
    QVERIFY(t.message.contains(QLatin1String("not a JSON object")));
}

void TestResponsesTranslateRequest::reportsDropped()
{
    const Translation t = responsesToChatRequest(responses(
        R"("input":[{"role":"user","content":"x"},{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"}],"include":["reasoning.encrypted_content"],"truncation":"auto","metadata":{"k":"v"},"service_tier":"auto","prompt_cache_key":"k","safety_identifier":"s","store":false,"something_new":1,"text":{"format":{"type":"text"},"verbosity":"low"},"reasoning":{"effort":"low","summary":"auto"})"));
    QVERIFY2(t.ok(), qPrintable(t.message));
    QCOMPARE(t.dropped,
             QStringList({QStringLiteral("include"), QStringLiteral("metadata"),
                          QStringLiteral("prompt_cache_key"), QStringLiteral("safety_identifier"),
                          QStringLiteral("service_tier"), QStringLiteral("something_new"),
                          QStringLiteral("store"), QStringLiteral("truncation"),
                          QStringLiteral("input[1]"), QStringLiteral("text.verbosity"),
                          QStringLiteral("reasoning.summary")}));
}

// Arguments are the model's own text: spacing, key order and escapes reach the backend as the
// client sent them.
void TestResponsesTranslateRequest::argumentsKeepTheirBytes()
{
    const QString arguments = QString::fromUtf8(R"({ "z" : 1, "a":"\u00e9\n" ,"m":[ ] })");
    QJsonObject call {{QLatin1String("type"), QStringLiteral("function_call")},
                      {QLatin1String("call_id"), QStringLiteral("c")},
                      {QLatin1String("name"), QStringLiteral("f")},
                      {QLatin1String("arguments"), arguments}};
    const QJsonObject request {{QLatin1String("model"), QStringLiteral("m")},
                               {QLatin1String("input"), QJsonArray {call}}};
    const Translation t = responsesToChatRequest(QJsonDocument(request).toJson());
    QVERIFY(t.ok());
    const QJsonObject message
        = jsonObject(t.body).value(QLatin1String("messages")).toArray().at(0).toObject();
    QCOMPARE(functionOf(message, 0).value(QLatin1String("arguments")).toString(), arguments);
}

// A coding agent's request as it really looks: long instructions, 8 function tools, a
// developer message, an image, reasoning items, function calls (two of them parallel) and
// their outputs, one with an image.
void TestResponsesTranslateRequest::agentRequest()
{
    const QByteArray body = translateData("responses-agent-request.json");
    const QJsonObject original = jsonObject(body);
    const Translation t = responsesToChatRequest(body, withMaxTokens(16384));
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject out = jsonObject(t.body);
    QCOMPARE(out.value(QLatin1String("model")).toString(), QStringLiteral("gpt-5-codex"));
    QCOMPARE(out.value(QLatin1String("reasoning_effort")).toString(), QStringLiteral("medium"));
    QCOMPARE(out.value(QLatin1String("tool_choice")).toString(), QStringLiteral("auto"));
    QCOMPARE(out.value(QLatin1String("parallel_tool_calls")).toBool(), true);
    QCOMPARE(out.value(QLatin1String("stream_options")).toObject(),
             jsonObject(R"({"include_usage":true})"));
    const QJsonArray tools = out.value(QLatin1String("tools")).toArray();
    QCOMPARE(tools.size(), 8);
    const QJsonObject firstTool = original.value(QLatin1String("tools")).toArray().at(0).toObject();
    const QJsonObject function = tools.at(0).toObject().value(QLatin1String("function")).toObject();
    QCOMPARE(function.value(QLatin1String("parameters")),
             firstTool.value(QLatin1String("parameters")));
    QCOMPARE(function.value(QLatin1String("name")).toString(), QStringLiteral("shell"));

    const QJsonArray messages = out.value(QLatin1String("messages")).toArray();
    QStringList roles;
    for (const QJsonValue &m : messages)
        roles.append(m.toObject().value(QLatin1String("role")).toString());
    QCOMPARE(roles.join(QLatin1Char(',')),
             QStringLiteral("system,system,user,user,assistant,tool,assistant,tool,tool,assistant,"
                            "tool,assistant,tool,user,assistant,tool,user"));
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")),
             original.value(QLatin1String("instructions")));
    const QJsonArray firstTurn
        = messages.at(3).toObject().value(QLatin1String("content")).toArray();
    QCOMPARE(firstTurn.size(), 2);
    QCOMPARE(firstTurn.at(1)
                 .toObject()
                 .value(QLatin1String("image_url"))
                 .toObject()
                 .value(QLatin1String("detail")),
             QJsonValue(QStringLiteral("auto")));
    // The parallel calls, with the text before them, are one message; outputs follow in order.
    const QJsonObject parallel = messages.at(6).toObject();
    QVERIFY(parallel.value(QLatin1String("content"))
                .toString()
                .startsWith(QLatin1String("The toolbar sits at y=0.")));
    QCOMPARE(parallel.value(QLatin1String("tool_calls")).toArray().size(), 2);
    QCOMPARE(functionOf(parallel, 1).value(QLatin1String("name")).toString(),
             QStringLiteral("mcp__tracker__search_issues"));
    QCOMPARE(messages.at(8).toObject().value(QLatin1String("tool_call_id")).toString(),
             QStringLiteral("call_FakeSearch0003"));
    // Arguments exactly as the model wrote them, the space before "timeout_ms" included.
    const QJsonObject shellCall = original.value(QLatin1String("input")).toArray().at(4).toObject();
    QCOMPARE(functionOf(messages.at(4).toObject(), 0).value(QLatin1String("arguments")),
             shellCall.value(QLatin1String("arguments")));
    QVERIFY(shellCall.value(QLatin1String("arguments"))
                .toString()
                .contains(QLatin1String(", \"timeout_ms\"")));
    QCOMPARE(messages.at(12).toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("attached the image"));
    QCOMPARE(messages.at(13).toObject().value(QLatin1String("content")).toArray().size(), 1);
    for (const QString &path :
         {QStringLiteral("include"), QStringLiteral("prompt_cache_key"), QStringLiteral("store"),
          QStringLiteral("input[3]"), QStringLiteral("input[6]"), QStringLiteral("text.verbosity"),
          QStringLiteral("reasoning.summary")})
        QVERIFY2(t.dropped.contains(path), qPrintable(path));
}

QTEST_GUILESS_MAIN(TestResponsesTranslateRequest)
#include "tst_responsestranslaterequest.moc"
