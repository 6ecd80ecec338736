// Request bodies between the Anthropic Messages API and OpenAI chat: each rule of
// formats/anthropicrequest.h has a row, every request the target cannot express is a 400 that
// names the field, and a real agent's request survives the trip there and back.
#include "formats/anthropicrequest.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

// A minimal Anthropic request around `members` (JSON members without braces).
QByteArray anthropic(const char *members)
{
    return QByteArray(R"({"model":"claude","max_tokens":100,)") + members + '}';
}

QByteArray chat(const char *members)
{
    return QByteArray(R"({"model":"gpt","max_tokens":100,)") + members + '}';
}

QString flatSystem(const QJsonValue &system)
{
    if (system.isString())
        return system.toString();
    QStringList texts;
    for (const QJsonValue &block : system.toArray())
        texts.append(block.toObject().value(QLatin1String("text")).toString());
    return texts.join(QLatin1String("\n\n"));
}

// The 400 for a body that is not a JSON object: no field named, the reason given.
void verifyNotAnObject(const Translation &t)
{
    QCOMPARE(t.status, 400);
    QVERIFY(t.param.isEmpty());
    QVERIFY2(t.message.startsWith(QLatin1String("The request body is not a JSON object: ")),
             qPrintable(t.message));
}

} // namespace

class TestAnthropicTranslateRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anthropicToChatMessages_data();
    void anthropicToChatMessages();
    void anthropicToChatToolsAndOptions_data();
    void anthropicToChatToolsAndOptions();
    void anthropicToChatRefuses_data();
    void anthropicToChatRefuses();
    void anthropicToChatReportsDropped();
    void anthropicToChatReadsOddFieldsAsBefore_data();
    void anthropicToChatReadsOddFieldsAsBefore();
    void anthropicToChatArgumentsKeepTheClientText_data();
    void anthropicToChatArgumentsKeepTheClientText();
    void anthropicToChatKeepsLargeIntegers();
    void anthropicToChatBodyNotAnObject_data();
    void anthropicToChatBodyNotAnObject();
    void anthropicToChatFromParsedBody();
    void chatToAnthropicMessages_data();
    void chatToAnthropicMessages();
    void chatToAnthropicToolsAndOptions_data();
    void chatToAnthropicToolsAndOptions();
    void chatToAnthropicRefuses_data();
    void chatToAnthropicRefuses();
    void chatToAnthropicReportsDropped();
    void chatToAnthropicDropsInKeyOrder();
    void chatToAnthropicBodyNotAnObject_data();
    void chatToAnthropicBodyNotAnObject();
    void chatToAnthropicParsedBodyNotAnObject();
    void chatToAnthropicInputKeepsTheArguments();
    void agentRequestToChat();
    void agentRequestRoundTrip();

private:
    void checkAnthropicToChat();
    void checkChatToAnthropic();
};

void TestAnthropicTranslateRequest::anthropicToChatMessages_data()
{
    requestColumns();
    const TranslationOptions none;

    QTest::newRow("system string becomes a leading system message")
        << anthropic(R"("system":"Be brief.","messages":[{"role":"user","content":"hi"}])") << none
        << chat(
               R"("model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}])")
               .replace(R"("model":"gpt",)", "");
    QTest::newRow("system blocks joined by a blank line, cache_control left out")
        << anthropic(
               R"("system":[{"type":"text","text":"A"},{"type":"text","text":"B","cache_control":{"type":"ephemeral"}}],"messages":[])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"system","content":"A\n\nB"}]})");
    QTest::newRow("system role inside messages stays in its place")
        << anthropic(
               R"("messages":[{"role":"user","content":"a"},{"role":"system","content":[{"type":"text","text":"mode changed"}]},{"role":"user","content":"b"}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"user","content":"a"},{"role":"system","content":"mode changed"},{"role":"user","content":"b"}]})");
    QTest::newRow("one text block becomes a plain string")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"user","content":"hi"}]})");
    QTest::newRow("base64 image becomes a data URL, url image kept")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}},{"type":"image","source":{"type":"url","url":"https://example.invalid/a.jpg"}}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K"}},{"type":"image_url","image_url":{"url":"https://example.invalid/a.jpg"}}]}]})");
    QTest::newRow("empty user content stays an empty string")
        << anthropic(R"("messages":[{"role":"user","content":[]},{"role":"user","content":""}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"user","content":""},{"role":"user","content":""}]})");
    QTest::newRow("tool_use becomes tool_calls, ids kept, input as compact arguments in its order")
        << anthropic(
               R"("messages":[{"role":"assistant","content":[{"type":"text","text":"Reading."},{"type":"tool_use","id":"toolu_1","name":"Read","input":{ "path" : "/a", "n": 2 }},{"type":"tool_use","id":"toolu_2","name":"Read","input":{}}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"assistant","content":"Reading.","tool_calls":[{"id":"toolu_1","type":"function","function":{"name":"Read","arguments":"{\"path\":\"/a\",\"n\":2}"}},{"id":"toolu_2","type":"function","function":{"name":"Read","arguments":"{}"}}]}]})");
    QTest::newRow("only tool_use and empty text: content null")
        << anthropic(
               R"("messages":[{"role":"assistant","content":[{"type":"text","text":""},{"type":"tool_use","id":"t","name":"X","input":{"a":1}}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"t","type":"function","function":{"name":"X","arguments":"{\"a\":1}"}}]}]})");
    QTest::newRow("tool results become tool messages in order, before the turn's text")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"one"},{"type":"tool_result","tool_use_id":"t2","content":[{"type":"text","text":"two"},{"type":"text","text":"lines"}]},{"type":"text","text":"go on"}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"tool","tool_call_id":"t1","content":"one"},{"role":"tool","tool_call_id":"t2","content":"two\n\nlines"},{"role":"user","content":"go on"}]})");
    QTest::newRow("is_error tool result: text starts with Error")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true,"content":"not found"}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"tool","tool_call_id":"t1","content":"Error: not found"}]})");
    QTest::newRow("images of a tool result follow in a user message")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"shot"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"tool","tool_call_id":"t1","content":"shot"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"}}]}]})");
    QTest::newRow("thinking of earlier turns left out")
        << anthropic(
               R"("messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"redacted_thinking","data":"xx"},{"type":"text","text":"Done."}]}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"assistant","content":"Done."}]})");
    QTest::newRow("consecutive same-role messages kept as they are")
        << anthropic(
               R"("messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"c"},{"role":"assistant","content":"d"}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"c"},{"role":"assistant","content":"d"}]})");
}

void TestAnthropicTranslateRequest::anthropicToChatToolsAndOptions_data()
{
    requestColumns();
    const TranslationOptions none;
    QTest::newRow("tools with input_schema become function tools, schema kept as sent")
        << anthropic(
               R"("messages":[],"tools":[{"name":"Read","description":"Reads","input_schema":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"p":{"type":"string"}},"additionalProperties":false},"cache_control":{"type":"ephemeral"},"defer_loading":true},{"type":"custom","name":"Ping","input_schema":{"type":"object"},"strict":true}])")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"tools":[{"type":"function","function":{"name":"Read","description":"Reads","parameters":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"p":{"type":"string"}},"additionalProperties":false}}},{"type":"function","function":{"name":"Ping","parameters":{"type":"object"},"strict":true}}]})");
    QTest::newRow("tool_choice auto")
        << anthropic(R"("messages":[],"tool_choice":{"type":"auto"})") << none
        << QByteArray(R"({"model":"claude","max_tokens":100,"messages":[],"tool_choice":"auto"})");
    QTest::newRow("tool_choice any becomes required")
        << anthropic(R"("messages":[],"tool_choice":{"type":"any"})") << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"tool_choice":"required"})");
    QTest::newRow("tool_choice none")
        << anthropic(R"("messages":[],"tool_choice":{"type":"none"})") << none
        << QByteArray(R"({"model":"claude","max_tokens":100,"messages":[],"tool_choice":"none"})");
    QTest::newRow("tool_choice tool names the function; no parallel calls")
        << anthropic(
               R"("messages":[],"tool_choice":{"type":"tool","name":"Read","disable_parallel_tool_use":true})")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"tool_choice":{"type":"function","function":{"name":"Read"}},"parallel_tool_calls":false})");
    QTest::newRow("max_tokens above the alias limit clamped")
        << anthropic(R"("messages":[])").replace("100", "64000") << withMaxTokens(8192)
        << QByteArray(R"({"model":"claude","max_tokens":8192,"messages":[]})");
    QTest::newRow("max_tokens under the alias limit kept")
        << anthropic(R"("messages":[])") << withMaxTokens(8192)
        << QByteArray(R"({"model":"claude","max_tokens":100,"messages":[]})");
    QTest::newRow("sampling, stop sequences and the user id")
        << anthropic(
               R"("messages":[],"temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["END"],"metadata":{"user_id":"u-1"})")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"temperature":0.5,"top_p":0.9,"top_k":40,"stop":["END"],"user":"u-1"})");
    QTest::newRow("stream asks the backend for usage")
        << anthropic(R"("messages":[],"stream":true)") << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"stream":true,"stream_options":{"include_usage":true}})");
    QTest::newRow("small thinking budget becomes low effort")
        << anthropic(R"("messages":[],"thinking":{"type":"enabled","budget_tokens":2048})") << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"reasoning_effort":"low"})");
    QTest::newRow("large thinking budget becomes high effort")
        << anthropic(R"("messages":[],"thinking":{"type":"enabled","budget_tokens":32000})") << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"reasoning_effort":"high"})");
    QTest::newRow("adaptive thinking becomes medium effort")
        << anthropic(R"("messages":[],"thinking":{"type":"adaptive"})") << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"reasoning_effort":"medium"})");
    QTest::newRow("output_config effort and json schema format")
        << anthropic(
               R"("messages":[],"output_config":{"effort":"low","format":{"type":"json_schema","schema":{"type":"object"}}})")
        << none
        << QByteArray(
               R"({"model":"claude","max_tokens":100,"messages":[],"reasoning_effort":"low","response_format":{"type":"json_schema","json_schema":{"name":"output","schema":{"type":"object"}}}})");
    QTest::newRow("disabled thinking sends no effort")
        << anthropic(R"("messages":[],"thinking":{"type":"disabled"})") << none
        << QByteArray(R"({"model":"claude","max_tokens":100,"messages":[]})");
    TranslationOptions drop;
    drop.thinking = ThinkingTranslation::Drop;
    QTest::newRow("thinking left out when the backend takes no effort")
        << anthropic(R"("messages":[],"thinking":{"type":"enabled","budget_tokens":2048})") << drop
        << QByteArray(R"({"model":"claude","max_tokens":100,"messages":[]})");
    TranslationOptions model;
    model.model = QStringLiteral("qwen3-coder");
    QTest::newRow("the backend's model id replaces the client's")
        << anthropic(R"("messages":[],"context_management":{"edits":[]},"service_tier":"auto")")
        << model << QByteArray(R"({"model":"qwen3-coder","max_tokens":100,"messages":[]})");
}

void TestAnthropicTranslateRequest::anthropicToChatMessages()
{
    checkAnthropicToChat();
}

void TestAnthropicTranslateRequest::anthropicToChatToolsAndOptions()
{
    checkAnthropicToChat();
}

void TestAnthropicTranslateRequest::checkAnthropicToChat()
{
    QFETCH(QByteArray, input);
    QFETCH(TranslationOptions, options);
    QFETCH(QByteArray, expected);
    const Translation t = anthropicToChatRequest(input, options);
    QVERIFY2(t.ok(), qPrintable(t.message));
    compareJson(t.body, expected);
}

void TestAnthropicTranslateRequest::anthropicToChatRefuses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("param");

    QTest::newRow("body not JSON") << QByteArray("{\"model\":") << QString();
    QTest::newRow("body an array") << QByteArray("[]") << QString();
    QTest::newRow("messages missing")
        << QByteArray(R"({"model":"m"})") << QStringLiteral("messages");
    QTest::newRow("container") << anthropic(R"("messages":[],"container":"c1")")
                               << QStringLiteral("container");
    QTest::newRow("mcp_servers") << anthropic(R"("messages":[],"mcp_servers":[])")
                                 << QStringLiteral("mcp_servers");
    QTest::newRow("server tool") << anthropic(
        R"("messages":[],"tools":[{"type":"web_search_20250305","name":"web_search"}])")
                                 << QStringLiteral("tools[0].type");
    QTest::newRow("document block") << anthropic(
        R"("messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}])")
                                    << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("image from the files API") << anthropic(
        R"("messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f1"}}]}])")
                                              << QStringLiteral(
                                                     "messages[0].content[0].source.type");
    QTest::newRow("search result inside a tool result") << anthropic(
        R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"search_result","source":"s","title":"t","content":[]}]}]}])")
                                                        << QStringLiteral("messages[0].content[0]."
                                                                          "content[0].type");
    QTest::newRow("server tool use in history") << anthropic(
        R"("messages":[{"role":"assistant","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{}}]}])")
                                                << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("message not an object")
        << anthropic(R"("messages":["hi"])") << QStringLiteral("messages[0]");
    QTest::newRow("unknown role") << anthropic(R"("messages":[{"role":"tool","content":"x"}])")
                                  << QStringLiteral("messages[0].role");
    QTest::newRow("content neither string nor array")
        << anthropic(R"("messages":[{"role":"user","content":7}])")
        << QStringLiteral("messages[0].content");
    QTest::newRow("image in the system prompt") << anthropic(
        R"("system":[{"type":"image","source":{"type":"url","url":"u"}}],"messages":[])")
                                                << QStringLiteral("system[0]");
    QTest::newRow("system neither string nor array")
        << anthropic(R"("system":{"text":"x"},"messages":[])") << QStringLiteral("system");
    QTest::newRow("unknown tool_choice")
        << anthropic(R"("messages":[],"tool_choice":{"type":"sometimes"})")
        << QStringLiteral("tool_choice.type");
    QTest::newRow("body empty") << QByteArray() << QString();
    QTest::newRow("body a JSON string") << QByteArray(R"("hi")") << QString();
    QTest::newRow("messages a string")
        << anthropic(R"("messages":"hi")") << QStringLiteral("messages");
    QTest::newRow("messages an object")
        << anthropic(R"("messages":{"role":"user","content":"hi"})") << QStringLiteral("messages");
    QTest::newRow("container named before mcp_servers, whatever their order")
        << anthropic(R"("messages":[],"mcp_servers":[],"container":"c1")")
        << QStringLiteral("container");
    QTest::newRow("system null") << anthropic(R"("system":null,"messages":[])")
                                 << QStringLiteral("system");
    QTest::newRow("system block not an object")
        << anthropic(R"("system":["Be brief."],"messages":[])") << QStringLiteral("system[0]");
    QTest::newRow("system message without content")
        << anthropic(R"("messages":[{"role":"system"}])") << QStringLiteral("messages[0].content");
    QTest::newRow("role a number") << anthropic(R"("messages":[{"role":1,"content":"x"}])")
                                   << QStringLiteral("messages[0].role");
    QTest::newRow("user block not an object")
        << anthropic(R"("messages":[{"role":"user","content":["hi"]}])")
        << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("assistant block type a number")
        << anthropic(R"("messages":[{"role":"assistant","content":[{"type":1,"text":"x"}]}])")
        << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("tool result part not an object") << anthropic(
        R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":["x"]}]}])")
                                                    << QStringLiteral("messages[0].content[0]."
                                                                      "content[0].type");
    QTest::newRow("image without a source")
        << anthropic(R"("messages":[{"role":"user","content":[{"type":"image"}]}])")
        << QStringLiteral("messages[0].content[0].source.type");
    QTest::newRow("tool_choice a string")
        << anthropic(R"("messages":[],"tool_choice":"auto")") << QStringLiteral("tool_choice.type");
    QTest::newRow("the first failure is named, not a later one") << anthropic(
        R"("messages":[{"role":"user","content":[{"type":"document"}]},{"role":"critic"}],"tools":[{"type":"bash_20250124"}])")
                                                                 << QStringLiteral(
                                                                        "messages[0].content[0]."
                                                                        "type");
}

void TestAnthropicTranslateRequest::anthropicToChatRefuses()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, param);
    const Translation t = anthropicToChatRequest(input);
    QCOMPARE(t.status, 400);
    QCOMPARE(t.param, param);
    QVERIFY(!t.message.isEmpty());
    QVERIFY2(t.message.contains(param), qPrintable(t.message));
    QVERIFY(t.body.isEmpty());
}

void TestAnthropicTranslateRequest::anthropicToChatReportsDropped()
{
    const Translation t = anthropicToChatRequest(anthropic(
        R"("messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":"s"}]}],"context_management":{},"cache_control":{"type":"ephemeral"},"metadata":{"user_id":"u","other":1})"));
    QVERIFY(t.ok());
    QCOMPARE(
        t.dropped,
        QStringList({QStringLiteral("cache_control"), QStringLiteral("context_management"),
                     QStringLiteral("messages[0].content[0]"), QStringLiteral("metadata.other")}));
}

// A field of an unexpected type reads as Qt's JSON classes read it (a string as "" unless it
// is one, an array as [], an object as {}, a number as 0) and a field passed on as it is stays
// out when absent; of duplicate keys the last counts.
void TestAnthropicTranslateRequest::anthropicToChatReadsOddFieldsAsBefore_data()
{
    requestColumns();
    const TranslationOptions none;
    const QByteArray head = R"({"model":"claude","max_tokens":100,"messages":[)";
    QTest::newRow("tools an object: an empty tool list")
        << anthropic(R"("messages":[],"tools":{"name":"Read"})") << none
        << QByteArray(head + R"(],"tools":[]})");
    QTest::newRow("tool not an object, tool type a number: function tools")
        << anthropic(R"("messages":[],"tools":["Read",{"type":5,"name":"X"}])") << none
        << QByteArray(
               head
               + R"(],"tools":[{"type":"function","function":{}},{"type":"function","function":{"name":"X"}}]})");
    QTest::newRow("max_tokens a string: 0")
        << anthropic(R"("messages":[])").replace("100", R"("many")") << withMaxTokens(8192)
        << QByteArray(R"({"model":"claude","max_tokens":0,"messages":[]})");
    QTest::newRow("sampling values passed on whatever they are")
        << anthropic(R"("messages":[],"temperature":null,"top_k":"40","stop_sequences":"END")")
        << none << QByteArray(head + R"(],"temperature":null,"top_k":"40","stop":"END"})");
    QTest::newRow("one text block whose text is a number: the number")
        << anthropic(R"("messages":[{"role":"user","content":[{"type":"text","text":7}]}])") << none
        << QByteArray(head + R"({"role":"user","content":7}]})");
    QTest::newRow("one text block without text: a message without content")
        << anthropic(R"("messages":[{"role":"user","content":[{"type":"text"}]}])") << none
        << QByteArray(head + R"({"role":"user"}]})");
    QTest::newRow("text blocks with odd text among others kept as they are")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"text","text":7},{"type":"text"}]}])")
        << none
        << QByteArray(
               head + R"({"role":"user","content":[{"type":"text","text":7},{"type":"text"}]}]})");
    QTest::newRow("assistant text a number left out")
        << anthropic(R"("messages":[{"role":"assistant","content":[{"type":"text","text":5}]}])")
        << none << QByteArray(head + R"({"role":"assistant","content":""}]})");
    QTest::newRow("tool_use without id, name or an object input")
        << anthropic(
               R"("messages":[{"role":"assistant","content":[{"type":"tool_use","input":"x"}]}])")
        << none
        << QByteArray(
               head
               + R"({"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"arguments":"{}"}}]}]})");
    QTest::newRow("tool result content a number: empty text")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":true,"content":7}]}])")
        << none << QByteArray(head + R"({"role":"tool","tool_call_id":"t","content":"Error: "}]})");
    QTest::newRow("system block text a number: empty text")
        << anthropic(R"("system":[{"type":"text","text":1}],"messages":[])") << none
        << QByteArray(head + R"({"role":"system","content":""}]})");
    QTest::newRow("image without media_type: empty in the URL")
        << anthropic(
               R"("messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"AAAA"}}]}])")
        << none
        << QByteArray(
               head
               + R"({"role":"user","content":[{"type":"image_url","image_url":{"url":"data:;base64,AAAA"}}]}]})");
    QTest::newRow("stream a string, metadata a string: neither")
        << anthropic(R"("messages":[],"stream":"yes","metadata":"u-1")") << none
        << QByteArray(head + "]}");
    QTest::newRow("duplicate keys: the last counts") << QByteArray(
        R"({"model":"a","max_tokens":100,"model":"claude","stream":true,"stream":false,"messages":[{"role":"user","content":[{"type":"image","type":"text","text":"x","text":"hi"}]}]})")
                                                     << none
                                                     << QByteArray(
                                                            head
                                                            + R"({"role":"user","content":"hi"}]})");
}

void TestAnthropicTranslateRequest::anthropicToChatReadsOddFieldsAsBefore()
{
    checkAnthropicToChat();
}

// `input` becomes `arguments` text: compact, the client's key order, strings and numbers as
// sent (escapes of non-ASCII text become the characters themselves).
void TestAnthropicTranslateRequest::anthropicToChatArgumentsKeepTheClientText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("arguments");
    QTest::newRow("the client's key order, nested")
        << QByteArray(R"({"b":1,"a":{"d":[1,{"z":true,"y":null}],"c":"x"}})")
        << QByteArray(R"({"b":1,"a":{"d":[1,{"z":true,"y":null}],"c":"x"}})");
    QTest::newRow("whitespace left out") << QByteArray(R"({ "path" : "/a" ,
 "n" : [ 2 , 3 ] })") << QByteArray(R"({"path":"/a","n":[2,3]})");
    QTest::newRow("unicode and escapes")
        << QByteArray(R"({"t":"é中😀 \"q\" \\ / \n\t\u0001","\u00e9":"\ud83d\ude00"})")
        << QByteArray(R"({"t":"é中😀 \"q\" \\ / \n\t\u0001","é":"😀"})");
    QTest::newRow("large integers exactly")
        << QByteArray(
               R"({"id":9007199254740993,"min":-9223372036854775808,"max":18446744073709551615})")
        << QByteArray(
               R"({"id":9007199254740993,"min":-9223372036854775808,"max":18446744073709551615})");
    QTest::newRow("empty containers")
        << QByteArray(R"({"a":{},"b":[],"c":""})") << QByteArray(R"({"a":{},"b":[],"c":""})");
}

void TestAnthropicTranslateRequest::anthropicToChatArgumentsKeepTheClientText()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, arguments);
    const Translation t = anthropicToChatRequest(
        R"({"model":"claude","messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"X","input":)"
        + input + "}]}]}");
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject call = jsonObject(t.body)
                                 .value(QLatin1String("messages"))[0]
                                 .toObject()
                                 .value(QLatin1String("tool_calls"))[0]
                                 .toObject();
    const QString text = call.value(QLatin1String("function"))
                             .toObject()
                             .value(QLatin1String("arguments"))
                             .toString();
    QCOMPARE(text.toUtf8(), arguments);
}

// Values passed on are written as they were parsed, an integer beyond 2^53 included.
void TestAnthropicTranslateRequest::anthropicToChatKeepsLargeIntegers()
{
    const Translation t = anthropicToChatRequest(anthropic(
        R"("messages":[],"top_k":9007199254740993,"metadata":{"user_id":12345678901234567890})"));
    QVERIFY2(t.ok(), qPrintable(t.message));
    QVERIFY2(t.body.contains(R"("top_k":9007199254740993)"), t.body.constData());
    QVERIFY2(t.body.contains(R"("user":12345678901234567890)"), t.body.constData());
}

void TestAnthropicTranslateRequest::anthropicToChatBodyNotAnObject_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("why");
    QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("not an object");
    QTest::newRow("a number") << QByteArray("7") << QStringLiteral("not an object");
    QTest::newRow("cut short") << QByteArray(R"({"model":)") << QStringLiteral("at byte 9");
    QTest::newRow("not UTF-8") << QByteArray("{\"model\":\"\xff\"}") << QStringLiteral("encoding");
}

// The 400 for a body that is not a JSON object says why.
void TestAnthropicTranslateRequest::anthropicToChatBodyNotAnObject()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, why);
    const Translation t = anthropicToChatRequest(input);
    verifyNotAnObject(t);
    QVERIFY2(t.message.contains(why), qPrintable(t.message));
}

// A body the relay has parsed already translates as its bytes do.
void TestAnthropicTranslateRequest::anthropicToChatFromParsedBody()
{
    const QByteArray body = translateData("agent-request.json");
    json::Document document;
    QVERIFY(json::parse(body, document, nullptr));
    TranslationOptions options;
    options.model = QStringLiteral("qwen3-coder");
    const Translation parsed = anthropicToChatRequest(document, options);
    const Translation bytes = anthropicToChatRequest(body, options);
    QVERIFY2(parsed.ok(), qPrintable(parsed.message));
    QCOMPARE(parsed.body, bytes.body);
    QCOMPARE(parsed.dropped, bytes.dropped);

    QVERIFY(json::parse("[1]", document, nullptr));
    const Translation array = anthropicToChatRequest(document);
    QCOMPARE(array.status, 400);
    QVERIFY2(array.message.endsWith(QLatin1String("not an object")), qPrintable(array.message));
}

void TestAnthropicTranslateRequest::chatToAnthropicMessages_data()
{
    requestColumns();
    const TranslationOptions none;

    QTest::newRow("system and developer messages, wherever they stand, become system blocks")
        << chat(
               R"("messages":[{"role":"system","content":"A"},{"role":"user","content":"hi"},{"role":"developer","content":[{"type":"text","text":"B"}]}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
    QTest::newRow("one system message becomes a string")
        << chat(R"("messages":[{"role":"system","content":"A"},{"role":"user","content":"hi"}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"system":"A","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
    QTest::newRow("data URL becomes a base64 image, other URLs a url source")
        << chat(
               R"("messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGR","detail":"high"}},{"type":"image_url","image_url":{"url":"https://example.invalid/b.png"}}]}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGR"}},{"type":"image","source":{"type":"url","url":"https://example.invalid/b.png"}}]}]})");
    QTest::newRow("tool calls become tool_use with parsed input, tool messages one user turn")
        << chat(
               R"("messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"Read","arguments":"{\"path\": \"/a\"}"}},{"id":"call_2","type":"function","function":{"name":"Now","arguments":""}}]},{"role":"tool","tool_call_id":"call_1","content":"text of a"},{"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"12:00"}]},{"role":"user","content":"and?"}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"Read","input":{"path":"/a"}},{"type":"tool_use","id":"call_2","name":"Now","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"text of a"},{"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"12:00"}]},{"type":"text","text":"and?"}]}]})");
    QTest::newRow("tool text starting with Error is an error result")
        << chat(
               R"("messages":[{"role":"tool","tool_call_id":"c","content":"Error: no such file"}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"c","is_error":true,"content":"no such file"}]}]})");
    QTest::newRow("consecutive same-role messages merged, empty ones left out")
        << chat(
               R"("messages":[{"role":"user","content":"a"},{"role":"user","content":""},{"role":"user","content":[{"type":"text","text":"b"}]},{"role":"assistant","content":""},{"role":"assistant","content":"c"}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},{"role":"assistant","content":[{"type":"text","text":"c"}]}]})");
    QTest::newRow("signed reasoning details become thinking blocks first")
        << chat(
               R"("messages":[{"role":"assistant","content":"Done.","reasoning_content":"hmm","reasoning_details":[{"type":"reasoning.text","signature":"sig-1"},{"type":"reasoning.encrypted","data":"enc"}]}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig-1"},{"type":"redacted_thinking","data":"enc"},{"type":"text","text":"Done."}]}]})");
    QTest::newRow("unsigned reasoning left out, refusal kept as text")
        << chat(
               R"("messages":[{"role":"assistant","content":null,"reasoning_content":"hmm","refusal":"I can't."}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"assistant","content":[{"type":"text","text":"I can't."}]}]})");
    QTest::newRow("an empty turn or a system message between two user turns does not part them")
        << chat(
               R"("messages":[{"role":"user","content":"a"},{"role":"assistant","content":""},{"role":"system","content":"S"},{"role":"user","content":"b"}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"system":"S","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]})");
    QTest::newRow("wrong-typed message fields count as absent or empty")
        << chat(
               R"("messages":[{"role":"user","content":7},{"role":"user","content":[{"type":"text","text":3},{"type":"image_url","image_url":{"url":5}}]},{"role":"assistant","content":{"a":1},"refusal":false,"reasoning_details":"x","tool_calls":{"id":"c"}},{"role":"assistant","tool_calls":[{"id":"c1","function":{"name":"f","arguments":{"a":1}}}]},{"role":"tool","tool_call_id":42,"content":null}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":""}}]},{"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":42,"content":[]}]}]})");
}

void TestAnthropicTranslateRequest::chatToAnthropicToolsAndOptions_data()
{
    requestColumns();
    const TranslationOptions none;
    QTest::newRow("function tools become input_schema tools")
        << chat(
               R"("messages":[],"tools":[{"type":"function","function":{"name":"Read","description":"Reads","parameters":{"type":"object","properties":{"p":{"type":"string"}}},"strict":true}},{"type":"function","function":{"name":"Now"}}])")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[],"tools":[{"name":"Read","description":"Reads","input_schema":{"type":"object","properties":{"p":{"type":"string"}}}},{"name":"Now","input_schema":{"type":"object","properties":{}}}]})");
    const QByteArray oneTool = R"("tools":[{"type":"function","function":{"name":"Read"}}])";
    const QByteArray oneToolOut
        = R"("tools":[{"name":"Read","input_schema":{"type":"object","properties":{}}}])";
    QTest::newRow("tool_choice required becomes any")
        << chat(R"("messages":[],)" + oneTool + R"(,"tool_choice":"required")") << none
        << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[],)" + oneToolOut
                      + R"(,"tool_choice":{"type":"any"}})");
    QTest::newRow("tool_choice function becomes tool")
        << chat(R"("messages":[],)" + oneTool
                + R"(,"tool_choice":{"type":"function","function":{"name":"Read"}})")
        << none
        << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[],)" + oneToolOut
                      + R"(,"tool_choice":{"type":"tool","name":"Read"}})");
    QTest::newRow("tool_choice none")
        << chat(R"("messages":[],)" + oneTool
                + R"(,"tool_choice":"none","parallel_tool_calls":false)")
        << none
        << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[],)" + oneToolOut
                      + R"(,"tool_choice":{"type":"none"}})");
    QTest::newRow("parallel_tool_calls false disables parallel tool use")
        << chat(R"("messages":[],)" + oneTool + R"(,"parallel_tool_calls":false)") << none
        << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[],)" + oneToolOut
                      + R"(,"tool_choice":{"type":"auto","disable_parallel_tool_use":true}})");
    QTest::newRow("max_completion_tokens wins over max_tokens")
        << chat(R"("messages":[],"max_completion_tokens":300)") << none
        << QByteArray(R"({"model":"gpt","max_tokens":300,"messages":[]})");
    QTest::newRow("no max_tokens: the alias's")
        << QByteArray(R"({"model":"gpt","messages":[]})") << withMaxTokens(4000)
        << QByteArray(R"({"model":"gpt","max_tokens":4000,"messages":[]})");
    QTest::newRow("no max_tokens and no alias limit: the default")
        << QByteArray(R"({"model":"gpt","messages":[]})") << none
        << QByteArray(R"({"model":"gpt","max_tokens":8192,"messages":[]})");
    QTest::newRow("max_tokens above the alias limit clamped")
        << chat(R"("messages":[])").replace("100", "100000") << withMaxTokens(4000)
        << QByteArray(R"({"model":"gpt","max_tokens":4000,"messages":[]})");
    QTest::newRow("stop string, sampling, user and stream")
        << chat(
               R"("messages":[],"stop":"END","temperature":0.2,"top_p":0.8,"top_k":5,"user":"u-2","stream":true,"stream_options":{"include_usage":true})")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[],"stop_sequences":["END"],"temperature":0.2,"top_p":0.8,"top_k":5,"metadata":{"user_id":"u-2"},"stream":true})");
    QTest::newRow("reasoning_effort becomes a thinking budget below max_tokens")
        << chat(R"("messages":[],"reasoning_effort":"high","max_tokens":20000)")
               .replace(R"("max_tokens":100,)", "")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":20000,"messages":[],"thinking":{"type":"enabled","budget_tokens":19999}})");
    QTest::newRow("reasoning_effort low")
        << chat(R"("messages":[],"reasoning_effort":"low")").replace("100", "4000") << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":4000,"messages":[],"thinking":{"type":"enabled","budget_tokens":1024}})");
    QTest::newRow("reasoning_effort none sends no thinking")
        << chat(R"("messages":[],"reasoning_effort":"none")") << none
        << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[]})");
    QTest::newRow("harmless options accepted: n 1, logprobs false, zero penalties, text format")
        << chat(
               R"("messages":[],"n":1,"logprobs":false,"frequency_penalty":0,"presence_penalty":0,"response_format":{"type":"text"},"seed":7,"logit_bias":{},"audio":null)")
        << none << QByteArray(R"({"model":"gpt","max_tokens":100,"messages":[]})");
    QTest::newRow("wrong-typed options count as absent")
        << QByteArray(
               R"({"model":"gpt","max_tokens":"300","messages":[],"temperature":"hot","top_p":null,"stop":5,"user":7,"stream":"yes","reasoning_effort":1,"tool_choice":3,"parallel_tool_calls":"no","tools":{"a":1},"n":2.5,"logprobs":"yes","modalities":"audio","response_format":"json_object","frequency_penalty":"high"})")
        << withMaxTokens(4000) << QByteArray(R"({"model":"gpt","max_tokens":4000,"messages":[]})");
    QTest::newRow("a tool whose function is not an object gets the empty schema")
        << chat(
               R"("messages":[],"tools":[{"type":"function","function":"Read"},{"type":"function","function":{"name":"Now","parameters":[1],"description":null}}],"tool_choice":{"type":"function","function":"Read"})")
        << none
        << QByteArray(
               R"({"model":"gpt","max_tokens":100,"messages":[],"tools":[{"input_schema":{"type":"object","properties":{}}},{"name":"Now","description":null,"input_schema":{"type":"object","properties":{}}}],"tool_choice":{"type":"tool"}})");
}

void TestAnthropicTranslateRequest::chatToAnthropicMessages()
{
    checkChatToAnthropic();
}

void TestAnthropicTranslateRequest::chatToAnthropicToolsAndOptions()
{
    checkChatToAnthropic();
}

void TestAnthropicTranslateRequest::checkChatToAnthropic()
{
    QFETCH(QByteArray, input);
    QFETCH(TranslationOptions, options);
    QFETCH(QByteArray, expected);
    const Translation t = chatToAnthropicRequest(input, options);
    QVERIFY2(t.ok(), qPrintable(t.message));
    compareJson(t.body, expected);
}

void TestAnthropicTranslateRequest::chatToAnthropicRefuses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("param");

    QTest::newRow("body not JSON") << QByteArray("nope") << QString();
    QTest::newRow("messages missing")
        << QByteArray(R"({"model":"m"})") << QStringLiteral("messages");
    QTest::newRow("n above 1") << chat(R"("messages":[],"n":2)") << QStringLiteral("n");
    QTest::newRow("logprobs") << chat(R"("messages":[],"logprobs":true)")
                              << QStringLiteral("logprobs");
    QTest::newRow("top_logprobs") << chat(R"("messages":[],"top_logprobs":3)")
                                  << QStringLiteral("top_logprobs");
    QTest::newRow("logit_bias") << chat(R"("messages":[],"logit_bias":{"50256":-100})")
                                << QStringLiteral("logit_bias");
    QTest::newRow("frequency_penalty")
        << chat(R"("messages":[],"frequency_penalty":0.5)") << QStringLiteral("frequency_penalty");
    QTest::newRow("presence_penalty")
        << chat(R"("messages":[],"presence_penalty":-1)") << QStringLiteral("presence_penalty");
    QTest::newRow("audio output") << chat(
        R"("messages":[],"audio":{"voice":"alloy","format":"wav"})")
                                  << QStringLiteral("audio");
    QTest::newRow("audio modality")
        << chat(R"("messages":[],"modalities":["text","audio"])") << QStringLiteral("modalities");
    QTest::newRow("response_format json_object")
        << chat(R"("messages":[],"response_format":{"type":"json_object"})")
        << QStringLiteral("response_format");
    QTest::newRow("response_format json_schema") << chat(
        R"("messages":[],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{}}})")
                                                 << QStringLiteral("response_format");
    QTest::newRow("web_search_options")
        << chat(R"("messages":[],"web_search_options":{})") << QStringLiteral("web_search_options");
    QTest::newRow("legacy functions")
        << chat(R"("messages":[],"functions":[{"name":"f"}])") << QStringLiteral("functions");
    QTest::newRow("legacy function_call")
        << chat(R"("messages":[],"function_call":"auto")") << QStringLiteral("function_call");
    QTest::newRow("input_audio part") << chat(
        R"("messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]}])")
                                      << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("file part") << chat(
        R"("messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"f"}}]}])")
                               << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("image in a system message") << chat(
        R"("messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"u"}}]}])")
                                               << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("data URL not base64") << chat(
        R"("messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg/>"}}]}])")
                                         << QStringLiteral("messages[0].content[0].image_url.url");
    QTest::newRow("custom tool") << chat(
        R"("messages":[],"tools":[{"type":"custom","custom":{"name":"x"}}])")
                                 << QStringLiteral("tools[0].type");
    QTest::newRow("custom tool call") << chat(
        R"("messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{"name":"x","input":"y"}}]}])")
                                      << QStringLiteral("messages[0].tool_calls[0].type");
    QTest::newRow("tool call arguments not JSON") << chat(
        R"("messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"x","arguments":"{\"a\":"}}]}])")
                                                  << QStringLiteral("messages[0].tool_calls[0]."
                                                                    "function.arguments");
    QTest::newRow("tool call arguments an array") << chat(
        R"("messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"x","arguments":"[1]"}}]}])")
                                                  << QStringLiteral("messages[0].tool_calls[0]."
                                                                    "function.arguments");
    QTest::newRow("assistant audio")
        << chat(R"("messages":[{"role":"assistant","audio":{"id":"a1"}}])")
        << QStringLiteral("messages[0].audio");
    QTest::newRow("assistant legacy function_call") << chat(
        R"("messages":[{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}])")
                                                    << QStringLiteral("messages[0].function_call");
    QTest::newRow("function role")
        << chat(R"("messages":[{"role":"function","name":"f","content":"x"}])")
        << QStringLiteral("messages[0].role");
    QTest::newRow("unknown role") << chat(R"("messages":[{"role":"critic","content":"x"}])")
                                  << QStringLiteral("messages[0].role");
    QTest::newRow("message not an object")
        << chat(R"("messages":[1])") << QStringLiteral("messages[0]");
    QTest::newRow("reasoning_effort unknown")
        << chat(R"("messages":[],"reasoning_effort":"extreme")")
        << QStringLiteral("reasoning_effort");
    QTest::newRow("reasoning_effort without room under max_tokens")
        << chat(R"("messages":[],"reasoning_effort":"high")") << QStringLiteral("reasoning_effort");
    QTest::newRow("tool_choice allowed_tools")
        << chat(R"("messages":[],"tool_choice":{"type":"allowed_tools","allowed_tools":{}})")
        << QStringLiteral("tool_choice.type");
    QTest::newRow("tool_choice unknown word")
        << chat(R"("messages":[],"tool_choice":"always")") << QStringLiteral("tool_choice");
    QTest::newRow("of two refused fields, the first in key order")
        << chat(R"("messages":[],"top_logprobs":3,"audio":{"voice":"alloy"})")
        << QStringLiteral("audio");
    QTest::newRow("the first failing message, before a failing system message") << chat(
        R"("messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"file"}]},{"role":"system","content":[{"type":"image_url"}]}])")
                                                                                << QStringLiteral(
                                                                                       "messages[1]"
                                                                                       "."
                                                                                       "content[0]."
                                                                                       "type");
    QTest::newRow("the first failing message, a failing system message") << chat(
        R"("messages":[{"role":"user","content":"a"},{"role":"developer","content":[{"type":"image_url"}]},{"role":"user","content":[{"type":"file"}]}])")
                                                                         << QStringLiteral(
                                                                                "messages[1]."
                                                                                "content[0].type");
    QTest::newRow("content part not an object")
        << chat(R"("messages":[{"role":"user","content":[5]}])")
        << QStringLiteral("messages[0].content[0].type");
    QTest::newRow("role not a string")
        << chat(R"("messages":[{"role":1,"content":"x"}])") << QStringLiteral("messages[0].role");
}

void TestAnthropicTranslateRequest::chatToAnthropicRefuses()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, param);
    const Translation t = chatToAnthropicRequest(input);
    QCOMPARE(t.status, 400);
    QCOMPARE(t.param, param);
    QVERIFY(!t.message.isEmpty());
    QVERIFY2(t.message.contains(param), qPrintable(t.message));
    QVERIFY(t.body.isEmpty());
}

void TestAnthropicTranslateRequest::chatToAnthropicReportsDropped()
{
    const Translation t = chatToAnthropicRequest(chat(
        R"("messages":[{"role":"user","name":"ann","content":"hi"}],"seed":1,"store":false,"stream_options":{"include_usage":true},"tools":[{"type":"function","function":{"name":"f","strict":true}}])"));
    QVERIFY(t.ok());
    QCOMPARE(t.dropped,
             QStringList({QStringLiteral("seed"), QStringLiteral("store"),
                          QStringLiteral("stream_options"), QStringLiteral("messages[0].name"),
                          QStringLiteral("tools[0].function.strict")}));
}

// Fields left out are listed in key order, whatever order the client wrote them in.
void TestAnthropicTranslateRequest::chatToAnthropicDropsInKeyOrder()
{
    const Translation t = chatToAnthropicRequest(chat(
        R"("store":false,"seed":1,"messages":[{"role":"user","content":"hi"}],"metadata":{"a":"b"},"prompt_cache_key":"k")"));
    QVERIFY(t.ok());
    QCOMPARE(t.dropped,
             QStringList({QStringLiteral("metadata"), QStringLiteral("prompt_cache_key"),
                          QStringLiteral("seed"), QStringLiteral("store")}));
}

void TestAnthropicTranslateRequest::chatToAnthropicBodyNotAnObject_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("not JSON") << QByteArray("nope");
    QTest::newRow("cut short") << QByteArray(R"({"model":"m","messages":[)");
    QTest::newRow("an array") << QByteArray("[1]");
    QTest::newRow("a string") << QByteArray(R"("hi")");
}

void TestAnthropicTranslateRequest::chatToAnthropicBodyNotAnObject()
{
    QFETCH(QByteArray, input);
    const Translation t = chatToAnthropicRequest(input);
    verifyNotAnObject(t);
    QVERIFY(t.body.isEmpty());
}

void TestAnthropicTranslateRequest::chatToAnthropicParsedBodyNotAnObject()
{
    json::Document body;
    body.SetArray();
    const Translation t = chatToAnthropicRequest(body);
    QCOMPARE(t.status, 400);
    QCOMPARE(t.message, QStringLiteral("The request body is not a JSON object: not an object"));
}

// A tool call's arguments become `input` as the client wrote them: keys in their order, an
// integer beyond 2^53 exact.
void TestAnthropicTranslateRequest::chatToAnthropicInputKeepsTheArguments()
{
    const Translation t = chatToAnthropicRequest(chat(
        R"("messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"z\": 1, \"a\": [1.5, {\"y\": 2, \"b\": 3}], \"id\": 9007199254740993}"}}]}])"));
    QVERIFY2(t.ok(), qPrintable(t.message));
    QVERIFY2(t.body.contains(R"("input":{"z":1,"a":[1.5,{"y":2,"b":3}],"id":9007199254740993})"),
             t.body.constData());
}

// A coding agent's request as it really looks: 40 KB, 12 tools, signed thinking, parallel
// tool calls and their results, images both ways, a mid-conversation system message.
void TestAnthropicTranslateRequest::agentRequestToChat()
{
    const QByteArray body = translateData("agent-request.json");
    QVERIFY(body.size() > 40000);
    TranslationOptions options;
    options.maxTokens = 16384;
    const Translation t = anthropicToChatRequest(body, options);
    QVERIFY2(t.ok(), qPrintable(t.message));
    const QJsonObject out = jsonObject(t.body);
    QCOMPARE(out.value(QLatin1String("max_tokens")).toInt(), 16384);
    QCOMPARE(out.value(QLatin1String("tools")).toArray().size(), 12);
    // Adaptive thinking at the effort output_config asks for.
    QCOMPARE(out.value(QLatin1String("reasoning_effort")).toString(), QStringLiteral("high"));
    QCOMPARE(out.value(QLatin1String("user")).toString(),
             QStringLiteral("user_made-up-0000_account__session_1111"));
    QStringList roles;
    const QJsonArray messages = out.value(QLatin1String("messages")).toArray();
    for (const QJsonValue &m : messages)
        roles.append(m.toObject().value(QLatin1String("role")).toString());
    QCOMPARE(roles.join(QLatin1Char(',')),
             QStringLiteral("system,user,assistant,tool,tool,assistant,tool,user,system,user,user,"
                            "assistant,user"));
    const QJsonObject parallel = messages.at(2).toObject();
    const QJsonArray calls = parallel.value(QLatin1String("tool_calls")).toArray();
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(1).toObject().value(QLatin1String("id")).toString(),
             QStringLiteral("toolu_01A9fakeBash000000000002"));
    QCOMPARE(messages.at(4).toObject().value(QLatin1String("tool_call_id")).toString(),
             QStringLiteral("toolu_01A9fakeBash000000000002"));
    QVERIFY(messages.at(4)
                .toObject()
                .value(QLatin1String("content"))
                .toString()
                .startsWith(QLatin1String("Error: src/main.cpp:4:42")));
    QVERIFY(messages.at(5).toObject().value(QLatin1String("content")).isNull());
    QVERIFY(t.dropped.contains(QStringLiteral("context_management")));
}

// Anthropic → chat → Anthropic keeps what matters: the system text, every message's text,
// tool calls with ids, names and inputs, tool results with their ids, and the images.
void TestAnthropicTranslateRequest::agentRequestRoundTrip()
{
    const QByteArray body = translateData("agent-request.json");
    const Translation there = anthropicToChatRequest(body);
    QVERIFY(there.ok());
    const Translation back = chatToAnthropicRequest(there.body);
    QVERIFY2(back.ok(), qPrintable(back.message));
    const QJsonObject original = jsonObject(body);
    const QJsonObject result = jsonObject(back.body);

    QVERIFY(flatSystem(result.value(QLatin1String("system")))
                .startsWith(flatSystem(original.value(QLatin1String("system")))));
    QCOMPARE(result.value(QLatin1String("tools")).toArray().size(), 12);
    QCOMPARE(result.value(QLatin1String("tools"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("input_schema")),
             original.value(QLatin1String("tools"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("input_schema")));
    QCOMPARE(result.value(QLatin1String("stop_sequences")),
             original.value(QLatin1String("stop_sequences")));
    QCOMPARE(result.value(QLatin1String("metadata")), original.value(QLatin1String("metadata")));

    // Every tool_use and tool_result block of the original, in order and unchanged.
    const auto blocksOf = [](const QJsonObject &request, const QString &type) {
        QJsonArray found;
        for (const QJsonValue &m : request.value(QLatin1String("messages")).toArray()) {
            for (const QJsonValue &b : m.toObject().value(QLatin1String("content")).toArray()) {
                if (b.toObject().value(QLatin1String("type")).toString() == type)
                    found.append(b);
                if (type != QLatin1String("image"))
                    continue;
                for (const QJsonValue &inner :
                     b.toObject().value(QLatin1String("content")).toArray()) {
                    if (inner.toObject().value(QLatin1String("type")).toString() == type)
                        found.append(inner);
                }
            }
        }
        return found;
    };
    QCOMPARE(blocksOf(result, QStringLiteral("tool_use")),
             blocksOf(original, QStringLiteral("tool_use")));
    const QJsonArray results = blocksOf(result, QStringLiteral("tool_result"));
    const QJsonArray originalResults = blocksOf(original, QStringLiteral("tool_result"));
    QCOMPARE(results.size(), originalResults.size());
    for (qsizetype i = 0; i < results.size(); ++i) {
        QCOMPARE(results.at(i).toObject().value(QLatin1String("tool_use_id")),
                 originalResults.at(i).toObject().value(QLatin1String("tool_use_id")));
        QCOMPARE(results.at(i).toObject().value(QLatin1String("is_error")),
                 originalResults.at(i).toObject().value(QLatin1String("is_error")));
    }
    // Images, those of tool results included (they travel in a user turn of their own).
    QCOMPARE(blocksOf(result, QStringLiteral("image")),
             blocksOf(original, QStringLiteral("image")));
    // The tool results and the user text that follows them are one user turn again.
    const QJsonArray messages = result.value(QLatin1String("messages")).toArray();
    for (qsizetype i = 1; i < messages.size(); ++i)
        QVERIFY(messages.at(i).toObject().value(QLatin1String("role"))
                != messages.at(i - 1).toObject().value(QLatin1String("role")));
}

QTEST_GUILESS_MAIN(TestAnthropicTranslateRequest)
#include "tst_anthropictranslaterequest.moc"
