// Streams between the Anthropic Messages API and OpenAI chat, fed one upstream event at a time
// as the relay will: each event is answered at once, tool call arguments that arrive in many
// pieces are passed on piece by piece and reassemble to the same bytes, parallel tool calls
// get a block (or index) each, usage that comes after the finish reason still reaches the
// client, and a stream that breaks ends with the client protocol's own error event
// (formats/chattoanthropicstream.h, formats/anthropictochatstream.h).
#include "formats/anthropictochatstream.h"
#include "formats/chattoanthropicstream.h"
#include "formats/translation.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

const qint64 kCreated = 1764470002;

// "type:detail" for each Anthropic event: the delta's or content block's type.
QStringList anthropicKinds(const QByteArray &sse)
{
    QStringList kinds;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        QString kind = e.data.value(QLatin1String("type")).toString();
        if (QString::fromUtf8(e.name) != kind)
            kind += QLatin1String("(named ") + QString::fromUtf8(e.name) + QLatin1Char(')');
        const QString detail = e.data.value(QLatin1String("delta"))
                                   .toObject()
                                   .value(QLatin1String("type"))
                                   .toString()
            + e.data.value(QLatin1String("content_block"))
                  .toObject()
                  .value(QLatin1String("type"))
                  .toString();
        if (!detail.isEmpty() && kind != QLatin1String("message_delta"))
            kind += QLatin1Char(':') + detail;
        kinds.append(kind);
    }
    return kinds;
}

// What each OpenAI chunk carries: role, content, reasoning, signature, tool N (start or
// args), finish:<reason>, usage, error, [DONE].
QStringList chatKinds(const QByteArray &sse)
{
    QStringList kinds;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        if (e.raw == "[DONE]") {
            kinds.append(QStringLiteral("[DONE]"));
            continue;
        }
        if (e.data.contains(QLatin1String("error"))) {
            kinds.append(QStringLiteral("error"));
            continue;
        }
        const QJsonArray choices = e.data.value(QLatin1String("choices")).toArray();
        if (choices.isEmpty()) {
            kinds.append(QStringLiteral("usage"));
            continue;
        }
        const QJsonObject choice = choices.at(0).toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        QStringList parts;
        if (delta.contains(QLatin1String("role")))
            parts.append(QStringLiteral("role"));
        if (delta.contains(QLatin1String("content")) && !delta.contains(QLatin1String("role")))
            parts.append(QStringLiteral("content"));
        if (delta.contains(QLatin1String("reasoning_content")))
            parts.append(QStringLiteral("reasoning"));
        if (delta.contains(QLatin1String("reasoning_details")))
            parts.append(QStringLiteral("signature"));
        for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject c = call.toObject();
            parts.append(QStringLiteral("tool %1 %2")
                             .arg(c.value(QLatin1String("index")).toInt())
                             .arg(c.contains(QLatin1String("id")) ? QLatin1String("start")
                                                                  : QLatin1String("args")));
        }
        if (!choice.value(QLatin1String("finish_reason")).isNull())
            parts.append(QLatin1String("finish:")
                         + choice.value(QLatin1String("finish_reason")).toString());
        kinds.append(parts.join(QLatin1Char('+')));
    }
    return kinds;
}

QStringList repeated(const QString &kind, qsizetype times)
{
    QStringList list;
    for (qsizetype i = 0; i < times; ++i)
        list.append(kind);
    return list;
}

// The partial_json pieces of block `index`, joined.
QByteArray anthropicToolInput(const QByteArray &sse, int index)
{
    QByteArray joined;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        const QJsonObject delta = e.data.value(QLatin1String("delta")).toObject();
        if (e.data.value(QLatin1String("index")).toInt(-1) == index
            && delta.value(QLatin1String("type")).toString() == QLatin1String("input_json_delta"))
            joined += delta.value(QLatin1String("partial_json")).toString().toUtf8();
    }
    return joined;
}

// The arguments pieces of tool call `index`, joined.
QByteArray chatToolArguments(const QByteArray &sse, int index)
{
    QByteArray joined;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        const QJsonObject delta = e.data.value(QLatin1String("choices"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QLatin1String("delta"))
                                      .toObject();
        for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray()) {
            if (call.toObject().value(QLatin1String("index")).toInt() == index)
                joined += call.toObject()
                              .value(QLatin1String("function"))
                              .toObject()
                              .value(QLatin1String("arguments"))
                              .toString()
                              .toUtf8();
        }
    }
    return joined;
}

} // namespace

class TestAnthropicTranslateStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chatStreamToAnthropic();
    void chatStreamEvents_data();
    void chatStreamEvents();
    void chatStreamInterrupted();
    void chatStreamInterleavedToolCalls();
    void anthropicStreamToChat();
    void anthropicStreamWithoutUsage();
    void anthropicStreamEvents_data();
    void anthropicStreamEvents();
    void anthropicStreamInterrupted();
    void chatStreamRoundTrip();
};

// A recorded-style OpenAI stream: reasoning, text, a tool call whose arguments come in 20
// pieces, a keep-alive comment, a parallel second call, finish_reason, then usage, then [DONE].
void TestAnthropicTranslateStream::chatStreamToAnthropic()
{
    const QList<SseEvent> events = sseEvents(translateData("chat-stream-tool-pieces.sse"));
    const QByteArray arguments = translateData("chat-stream-tool-arguments.json");
    const qsizetype pieces = (arguments.size() + 6) / 7;
    QCOMPARE(events.size(), 1 + 3 + 2 + 1 + pieces + 2 + 1 + 1 + 1);
    ChatToAnthropicStream stream(QStringLiteral("fallback-model"));
    QByteArray out;
    for (const SseEvent &event : events) {
        const QByteArray piece = stream.translate(event);
        // Nothing is held back: every event with content is answered at once.
        const bool carriesContent
            = event.data.contains("\"content\":\"") && !event.data.contains("\"content\":\"\"");
        if (carriesContent || event.data.contains("\"arguments\":\"")
            || event.data.contains("reasoning_content"))
            QVERIFY2(!piece.isEmpty(), event.data.constData());
        out += piece;
    }
    QStringList expected {QStringLiteral("message_start"),
                          QStringLiteral("content_block_start:thinking")};
    expected += repeated(QStringLiteral("content_block_delta:thinking_delta"), 3);
    expected += {QStringLiteral("content_block_stop"), QStringLiteral("content_block_start:text")};
    expected += repeated(QStringLiteral("content_block_delta:text_delta"), 2);
    expected
        += {QStringLiteral("content_block_stop"), QStringLiteral("content_block_start:tool_use")};
    expected += repeated(QStringLiteral("content_block_delta:input_json_delta"), pieces);
    expected
        += {QStringLiteral("content_block_stop"), QStringLiteral("content_block_start:tool_use")};
    expected += repeated(QStringLiteral("content_block_delta:input_json_delta"), 2);
    expected += {QStringLiteral("content_block_stop"), QStringLiteral("message_delta"),
                 QStringLiteral("message_stop")};
    QCOMPARE(anthropicKinds(out), expected);

    QCOMPARE(anthropicToolInput(out, 2), arguments);
    QCOMPARE(anthropicToolInput(out, 3), QByteArray(R"({"pattern":"QToolBar"})"));
    const QList<ParsedEvent> parsed = parsedEvents(out);
    const QJsonObject start = parsed.first().data.value(QLatin1String("message")).toObject();
    QCOMPARE(start.value(QLatin1String("id")).toString(),
             QStringLiteral("chatcmpl-FakeStream0001"));
    QCOMPARE(start.value(QLatin1String("model")).toString(), QStringLiteral("qwen3-coder"));
    const QJsonObject tool = parsed.at(10).data.value(QLatin1String("content_block")).toObject();
    QCOMPARE(tool,
             jsonObject(R"({"type":"tool_use","id":"call_FakeBash01","name":"Bash","input":{}})"));
    const QJsonObject end = parsed.at(parsed.size() - 2).data;
    QCOMPARE(end,
             jsonObject(
                 R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                                 "usage":{"input_tokens":1000,"output_tokens":240,"cache_read_input_tokens":8000}})"));
    QVERIFY(stream.isEnded());
    QCOMPARE(stream.finish(), QByteArray());
    QCOMPARE(stream.usage(), std::optional<TokenUsage>(TokenUsage {9000, 240, 9240}));
}

void TestAnthropicTranslateStream::chatStreamEvents_data()
{
    QTest::addColumn<QByteArrayList>("datas");
    QTest::addColumn<bool>("upstreamEnds");
    QTest::addColumn<QStringList>("kinds");
    QTest::addColumn<QString>("stopReason");
    QTest::addColumn<QString>("errorType");

    const QByteArray hi
        = chatChunk(R"("choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}])");
    const QByteArray stop
        = chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}])");
    const QByteArray usage = chatChunk(
        R"("choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6})");
    const QByteArray done = "[DONE]";
    const QStringList text {QStringLiteral("message_start"),
                            QStringLiteral("content_block_start:text"),
                            QStringLiteral("content_block_delta:text_delta")};
    const QStringList closed = text
        + QStringList {QStringLiteral("content_block_stop"), QStringLiteral("message_delta"),
                       QStringLiteral("message_stop")};
    const QStringList errored = text + QStringList {QStringLiteral("error")};

    QTest::newRow("usage after finish_reason ends the message")
        << QByteArrayList {hi, stop, usage, done} << false << closed << QStringLiteral("end_turn")
        << QString();
    QTest::newRow("finish_reason and usage in one chunk end it at once")
        << QByteArrayList {hi,
                           chatChunk(
                               R"("choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":1})")}
        << false << closed << QStringLiteral("max_tokens") << QString();
    QTest::newRow("no usage: [DONE] ends the message")
        << QByteArrayList {hi, stop, done} << false << closed << QStringLiteral("end_turn")
        << QString();
    QTest::newRow("no finish_reason before [DONE]: end_turn")
        << QByteArrayList {hi, done} << false << closed << QStringLiteral("end_turn") << QString();
    QTest::newRow("finished, then the connection closed without [DONE]")
        << QByteArrayList {hi, stop} << true << closed << QStringLiteral("end_turn") << QString();
    QTest::newRow("cut before finish_reason: error, never message_stop")
        << QByteArrayList {hi} << true << errored << QString() << QStringLiteral("api_error");
    QTest::newRow("upstream error chunk becomes event: error")
        << QByteArrayList {hi,
                           R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})"}
        << false << errored << QString() << QStringLiteral("rate_limit_error");
    QTest::newRow("event that is not JSON becomes event: error")
        << QByteArrayList {hi, "{\"choices\":"} << false << errored << QString()
        << QStringLiteral("api_error");
    QTest::newRow("events after the end are ignored")
        << QByteArrayList {hi, stop, usage, hi, done} << false << closed
        << QStringLiteral("end_turn") << QString();
    QTest::newRow("refusal is text, content_filter is refusal") << QByteArrayList {
        chatChunk(R"("choices":[{"index":0,"delta":{"refusal":"no"},"finish_reason":null}])"),
        chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}])"),
        done} << false << closed << QStringLiteral("refusal") << QString();
    QTest::newRow("[DONE] alone: an empty message")
        << QByteArrayList {done} << false
        << QStringList {QStringLiteral("message_start"), QStringLiteral("message_delta"),
                        QStringLiteral("message_stop")}
        << QStringLiteral("end_turn") << QString();
    QTest::newRow("parallel tool calls in one chunk get a block each")
        << QByteArrayList {chatChunk(
               R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c0","type":"function","function":{"name":"A","arguments":"{}"}},{"index":1,"id":"c1","type":"function","function":{"name":"B","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":1})")}
        << false
        << QStringList {QStringLiteral("message_start"),
                        QStringLiteral("content_block_start:tool_use"),
                        QStringLiteral("content_block_delta:input_json_delta"),
                        QStringLiteral("content_block_stop"),
                        QStringLiteral("content_block_start:tool_use"),
                        QStringLiteral("content_block_delta:input_json_delta"),
                        QStringLiteral("content_block_stop"),
                        QStringLiteral("message_delta"),
                        QStringLiteral("message_stop")}
        << QStringLiteral("tool_use") << QString();
    QTest::newRow("signed reasoning: thinking, then its signature, then text")
        << QByteArrayList {chatChunk(
                               R"("choices":[{"index":0,"delta":{"reasoning_content":"x"}}])"),
                           chatChunk(
                               R"("choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.text","signature":"sig"}]}}])"),
                           hi}
        << false
        << QStringList {QStringLiteral("message_start"),
                        QStringLiteral("content_block_start:thinking"),
                        QStringLiteral("content_block_delta:thinking_delta"),
                        QStringLiteral("content_block_delta:signature_delta"),
                        QStringLiteral("content_block_stop"),
                        QStringLiteral("content_block_start:text"),
                        QStringLiteral("content_block_delta:text_delta")}
        << QString() << QString();
    QTest::newRow("reasoning field of vLLM-style backends is thinking too")
        << QByteArrayList {chatChunk(R"("choices":[{"index":0,"delta":{"reasoning":"x"}}])")}
        << false
        << QStringList {QStringLiteral("message_start"),
                        QStringLiteral("content_block_start:thinking"),
                        QStringLiteral("content_block_delta:thinking_delta")}
        << QString() << QString();
}

void TestAnthropicTranslateStream::chatStreamEvents()
{
    QFETCH(QByteArrayList, datas);
    QFETCH(bool, upstreamEnds);
    QFETCH(QStringList, kinds);
    QFETCH(QString, stopReason);
    QFETCH(QString, errorType);
    ChatToAnthropicStream stream;
    QByteArray out = feedAll(stream, datas);
    if (upstreamEnds)
        out += stream.finish();
    QCOMPARE(anthropicKinds(out), kinds);
    for (const ParsedEvent &e : parsedEvents(out)) {
        if (e.name == "message_delta")
            QCOMPARE(e.data.value(QLatin1String("delta"))
                         .toObject()
                         .value(QLatin1String("stop_reason"))
                         .toString(),
                     stopReason);
        if (e.name == "error")
            QCOMPARE(e.data.value(QLatin1String("error"))
                         .toObject()
                         .value(QLatin1String("type"))
                         .toString(),
                     errorType);
    }
}

void TestAnthropicTranslateStream::chatStreamInterrupted()
{
    ChatToAnthropicStream stream;
    QVERIFY(
        !stream
             .translate(dataEvent(chatChunk(R"("choices":[{"index":0,"delta":{"content":"hi"}}])")))
             .isEmpty());
    QCOMPARE(stream.interrupt(QStringLiteral("The backend stopped answering.")),
             QByteArray("event: error\ndata: {\"error\":{\"message\":\"The backend stopped "
                        "answering.\",\"type\":\"api_error\"},\"type\":\"error\"}\n\n"));
    QVERIFY(stream.isEnded());
    QCOMPARE(stream.translate(dataEvent("[DONE]")), QByteArray());
    QCOMPARE(stream.finish(), QByteArray());
}

// A backend that interleaves the pieces of parallel calls: each piece still reaches the block
// of its own call.
void TestAnthropicTranslateStream::chatStreamInterleavedToolCalls()
{
    ChatToAnthropicStream stream;
    const QByteArray out = feedAll(
        stream,
        {chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c0","function":{"name":"A","arguments":"{\"a\":"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c1","function":{"name":"B","arguments":"{\"b\":"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"2}"}}]}}])")});
    QCOMPARE(anthropicToolInput(out, 0), QByteArray(R"({"a":1})"));
    QCOMPARE(anthropicToolInput(out, 1), QByteArray(R"({"b":2})"));
}

// A recorded-style Anthropic stream: ping, signed thinking, text, a tool_use whose input comes
// in 36 pieces, a second tool_use, message_delta with usage, message_stop.
void TestAnthropicTranslateStream::anthropicStreamToChat()
{
    const QList<SseEvent> events = sseEvents(translateData("anthropic-stream-tool-pieces.sse"));
    const QByteArray input = translateData("anthropic-stream-tool-input.json");
    const qsizetype pieces = (input.size() + 4) / 5;
    AnthropicToChatStream stream(true, kCreated);
    QByteArray out;
    for (const SseEvent &event : events) {
        const QByteArray piece = stream.translate(event);
        if (event.data.contains("_delta\",\"text") || event.data.contains("partial_json\":\"{")
            || event.data.contains("thinking_delta"))
            QVERIFY2(!piece.isEmpty(), event.data.constData());
        out += piece;
    }
    QStringList expected {QStringLiteral("role"),      QStringLiteral("reasoning"),
                          QStringLiteral("reasoning"), QStringLiteral("signature"),
                          QStringLiteral("content"),   QStringLiteral("tool 0 start")};
    expected += repeated(QStringLiteral("tool 0 args"), pieces);
    expected
        += {QStringLiteral("tool 1 start"), QStringLiteral("tool 1 args"),
            QStringLiteral("finish:tool_calls"), QStringLiteral("usage"), QStringLiteral("[DONE]")};
    QCOMPARE(chatKinds(out), expected);
    QCOMPARE(chatToolArguments(out, 0), input);
    QCOMPARE(chatToolArguments(out, 1), QByteArray(R"({"command":"cmake --build build"})"));

    const QList<ParsedEvent> parsed = parsedEvents(out);
    for (const ParsedEvent &e : parsed.mid(0, parsed.size() - 1)) {
        QCOMPARE(e.data.value(QLatin1String("id")).toString(),
                 QStringLiteral("msg_01FakeStream0001"));
        QCOMPARE(e.data.value(QLatin1String("object")).toString(),
                 QStringLiteral("chat.completion.chunk"));
        QCOMPARE(e.data.value(QLatin1String("created")).toInteger(), kCreated);
        QCOMPARE(e.data.value(QLatin1String("model")).toString(),
                 QStringLiteral("claude-sonnet-4-5-20250929"));
    }
    const QJsonObject toolStart
        = parsed.at(5).data.value(QLatin1String("choices")).toArray().at(0).toObject();
    QCOMPARE(
        toolStart.value(QLatin1String("delta")).toObject(),
        jsonObject(
            R"({"tool_calls":[{"index":0,"id":"toolu_01FakeEdit0000000000009","type":"function","function":{"name":"Edit","arguments":""}}]})"));
    QCOMPARE(
        parsed.at(parsed.size() - 2).data.value(QLatin1String("usage")).toObject(),
        jsonObject(
            R"({"prompt_tokens":20792,"completion_tokens":142,"total_tokens":20934,"prompt_tokens_details":{"cached_tokens":20480}})"));
    QVERIFY(stream.isEnded());
    QCOMPARE(stream.finish(), QByteArray());
    QCOMPARE(stream.usage(), std::optional<TokenUsage>(TokenUsage {20792, 142, 20934}));
}

void TestAnthropicTranslateStream::anthropicStreamWithoutUsage()
{
    AnthropicToChatStream stream(false, kCreated);
    QByteArray out;
    for (const SseEvent &event : sseEvents(translateData("anthropic-stream-tool-pieces.sse")))
        out += stream.translate(event);
    const QStringList kinds = chatKinds(out);
    QVERIFY(!kinds.contains(QStringLiteral("usage")));
    QCOMPARE(kinds.mid(kinds.size() - 2),
             QStringList({QStringLiteral("finish:tool_calls"), QStringLiteral("[DONE]")}));
    QCOMPARE(stream.usage(), std::optional<TokenUsage>(TokenUsage {20792, 142, 20934}));
}

void TestAnthropicTranslateStream::anthropicStreamEvents_data()
{
    QTest::addColumn<QByteArrayList>("datas");
    QTest::addColumn<bool>("upstreamEnds");
    QTest::addColumn<QStringList>("kinds");
    QTest::addColumn<QString>("errorType");

    const QByteArray start
        = R"({"type":"message_start","message":{"id":"msg_1","model":"claude","usage":{"input_tokens":3,"output_tokens":1}}})";
    const QByteArray textStart
        = R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})";
    const QByteArray text
        = R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}})";
    const QByteArray stopBlock = R"({"type":"content_block_stop","index":0})";
    const QByteArray ping = R"({"type":"ping"})";
    const QByteArray messageStop = R"({"type":"message_stop"})";
    const auto finish = [](const char *reason) {
        return QByteArray(R"({"type":"message_delta","delta":{"stop_reason":")") + reason
            + R"(","stop_sequence":null},"usage":{"output_tokens":2}})";
    };
    const QStringList role {QStringLiteral("role")};

    QTest::newRow("end_turn finishes with stop")
        << QByteArrayList {start, textStart, text, stopBlock, finish("end_turn"), messageStop}
        << false
        << QStringList {QStringLiteral("role"), QStringLiteral("content"),
                        QStringLiteral("finish:stop"), QStringLiteral("[DONE]")}
        << QString();
    QTest::newRow("max_tokens finishes with length")
        << QByteArrayList {start, finish("max_tokens"), messageStop} << false
        << QStringList {QStringLiteral("role"), QStringLiteral("finish:length"),
                        QStringLiteral("[DONE]")}
        << QString();
    QTest::newRow("ping and content_block_stop need no chunk")
        << QByteArrayList {start, ping, textStart, stopBlock, ping} << false << role << QString();
    QTest::newRow("text block that starts with text")
        << QByteArrayList {start,
                           R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Hi"}})"}
        << false << QStringList {QStringLiteral("role"), QStringLiteral("content")} << QString();
    QTest::newRow("redacted thinking becomes encrypted reasoning details")
        << QByteArrayList {start,
                           R"({"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"enc"}})"}
        << false << QStringList {QStringLiteral("role"), QStringLiteral("signature")} << QString();
    QTest::newRow("empty input_json_delta needs no chunk")
        << QByteArrayList {start,
                           R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"A","input":{}}})",
                           R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}})"}
        << false << QStringList {QStringLiteral("role"), QStringLiteral("tool 0 start")}
        << QString();
    QTest::newRow("message_delta without stop_reason needs no chunk")
        << QByteArrayList {start,
                           R"({"type":"message_delta","delta":{},"usage":{"output_tokens":9}})"}
        << false << role << QString();
    QTest::newRow("upstream error event becomes an error chunk, no [DONE]")
        << QByteArrayList {start, text,
                           R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
                           messageStop}
        << false
        << QStringList {QStringLiteral("role"), QStringLiteral("content"), QStringLiteral("error")}
        << QStringLiteral("overloaded_error");
    QTest::newRow("cut before message_stop: error chunk, no [DONE]")
        << QByteArrayList {start, text, finish("end_turn")} << true
        << QStringList {QStringLiteral("role"), QStringLiteral("content"),
                        QStringLiteral("finish:stop"), QStringLiteral("error")}
        << QStringLiteral("upstream_error");
    QTest::newRow("event that is not JSON becomes an error chunk")
        << QByteArrayList {start, "{\"type\":"} << false
        << QStringList {QStringLiteral("role"), QStringLiteral("error")}
        << QStringLiteral("upstream_error");
    QTest::newRow("server tool block has no chat form: error chunk")
        << QByteArrayList {start,
                           R"({"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"s","name":"web_search"}})"}
        << false << QStringList {QStringLiteral("role"), QStringLiteral("error")}
        << QStringLiteral("upstream_error");
    QTest::newRow("events after message_stop are ignored")
        << QByteArrayList {start, finish("end_turn"), messageStop, text} << false
        << QStringList {QStringLiteral("role"), QStringLiteral("finish:stop"),
                        QStringLiteral("[DONE]")}
        << QString();
}

void TestAnthropicTranslateStream::anthropicStreamEvents()
{
    QFETCH(QByteArrayList, datas);
    QFETCH(bool, upstreamEnds);
    QFETCH(QStringList, kinds);
    QFETCH(QString, errorType);
    AnthropicToChatStream stream(false, kCreated);
    QByteArray out = feedAll(stream, datas);
    if (upstreamEnds)
        out += stream.finish();
    QCOMPARE(chatKinds(out), kinds);
    for (const ParsedEvent &e : parsedEvents(out)) {
        if (e.data.contains(QLatin1String("error")))
            QCOMPARE(e.data.value(QLatin1String("error"))
                         .toObject()
                         .value(QLatin1String("type"))
                         .toString(),
                     errorType);
    }
}

void TestAnthropicTranslateStream::anthropicStreamInterrupted()
{
    AnthropicToChatStream stream(true, kCreated);
    QVERIFY(
        !stream.translate(dataEvent(R"({"type":"message_start","message":{"id":"m","model":"c"}})"))
             .isEmpty());
    QCOMPARE(stream.interrupt(QStringLiteral("The backend stopped answering.")),
             QByteArray("data: {\"error\":{\"code\":null,\"message\":\"The backend stopped "
                        "answering.\",\"param\":null,\"type\":\"upstream_error\"}}\n\n"));
    QCOMPARE(stream.translate(dataEvent(R"({"type":"message_stop"})")), QByteArray());
    QCOMPARE(stream.finish(), QByteArray());
}

// OpenAI stream → Anthropic events → OpenAI stream again: the same tool call arguments byte
// for byte, the same text and reasoning, the same finish reason and usage.
void TestAnthropicTranslateStream::chatStreamRoundTrip()
{
    const QByteArray original = translateData("chat-stream-tool-pieces.sse");
    ChatToAnthropicStream toAnthropic;
    AnthropicToChatStream back(true, kCreated);
    QByteArray out;
    for (const SseEvent &event : sseEvents(original)) {
        for (const SseEvent &translated : sseEvents(toAnthropic.translate(event)))
            out += back.translate(translated);
    }
    QCOMPARE(chatToolArguments(out, 0), translateData("chat-stream-tool-arguments.json"));
    QCOMPARE(chatToolArguments(out, 1), chatToolArguments(original, 1));
    const auto joined = [](const QByteArray &sse, QLatin1String field) {
        QString text;
        for (const ParsedEvent &e : parsedEvents(sse))
            text += e.data.value(QLatin1String("choices"))
                        .toArray()
                        .at(0)
                        .toObject()
                        .value(QLatin1String("delta"))
                        .toObject()
                        .value(field)
                        .toString();
        return text;
    };
    QCOMPARE(joined(out, QLatin1String("content")), joined(original, QLatin1String("content")));
    QCOMPARE(joined(out, QLatin1String("reasoning_content")),
             joined(original, QLatin1String("reasoning_content")));
    const QStringList kinds = chatKinds(out);
    QCOMPARE(kinds.mid(kinds.size() - 3),
             QStringList({QStringLiteral("finish:tool_calls"), QStringLiteral("usage"),
                          QStringLiteral("[DONE]")}));
    const QList<ParsedEvent> parsed = parsedEvents(out);
    QCOMPARE(
        parsed.at(parsed.size() - 2).data.value(QLatin1String("usage")).toObject(),
        jsonObject(
            R"({"prompt_tokens":9000,"completion_tokens":240,"total_tokens":9240,"prompt_tokens_details":{"cached_tokens":8000}})"));
}

QTEST_GUILESS_MAIN(TestAnthropicTranslateStream)
#include "tst_anthropictranslatestream.moc"
