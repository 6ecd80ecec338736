// OpenAI chat streams turned into Responses API streams, fed one upstream event at a time as
// the relay will: every event is answered at once, output_index and content_index stay
// consistent the way the SDKs assemble them, argument pieces pass unchanged and reassemble to
// the same bytes, parallel calls get an item each, the final Response object matches the
// whole-answer translation, and a broken stream ends with the Responses `event: error`
// (formats/chattoresponsesstream.h).
#include "formats/chattoresponsesstream.h"
#include "translatetesthelpers.h"

#include <QJsonArray>
#include <QtTest>

using namespace clawgate;

namespace {

ResponsesEnvelope envelope()
{
    return {QStringLiteral("resp_5eed"), 1764470200,
            jsonObject(R"({"model":"gpt-5-codex","tools":[{"type":"function","name":"Bash"}]})")};
}

// Each event's type without the "response." prefix; output items with their item type.
QStringList kinds(const QByteArray &sse)
{
    QStringList list;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        QString kind = e.data.value(QLatin1String("type")).toString();
        if (QString::fromUtf8(e.name) != kind)
            kind += QLatin1String("(named ") + QString::fromUtf8(e.name) + QLatin1Char(')');
        kind.remove(QLatin1String("response."));
        const QString item = e.data.value(QLatin1String("item"))
                                 .toObject()
                                 .value(QLatin1String("type"))
                                 .toString();
        const QString part = e.data.value(QLatin1String("part"))
                                 .toObject()
                                 .value(QLatin1String("type"))
                                 .toString();
        if (!item.isEmpty() || !part.isEmpty())
            kind += QLatin1Char(':') + item + part;
        list.append(kind);
    }
    return list;
}

QStringList repeated(const QString &kind, qsizetype times)
{
    QStringList list;
    for (qsizetype i = 0; i < times; ++i)
        list.append(kind);
    return list;
}

// Assembles the output the way the openai SDK's ResponseStream does (items by output_index,
// parts by content_index), failing on an index that points nowhere; then checks that every
// output_item.done and the final response agree with it, and that sequence numbers count up.
QJsonArray assembled(const QByteArray &sse, QString &problem)
{
    QJsonArray output;
    int sequence = 0;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        const QString type = e.data.value(QLatin1String("type")).toString();
        if (e.data.value(QLatin1String("sequence_number")).toInt(-1) != sequence++)
            problem = QStringLiteral("sequence_number out of order at ") + type;
        const int at = e.data.value(QLatin1String("output_index")).toInt(-1);
        const int partAt = e.data.value(QLatin1String("content_index")).toInt(-1);
        if (type == QLatin1String("response.output_item.added")) {
            if (at != output.size())
                problem = QStringLiteral("item added at a wrong output_index");
            output.append(e.data.value(QLatin1String("item")));
            continue;
        }
        if (!type.contains(QLatin1String(".delta"))
            && type != QLatin1String("response.content_part.added"))
            continue;
        if (at < 0 || at >= output.size()) {
            problem = QStringLiteral("missing output at index %1").arg(at);
            continue;
        }
        QJsonObject item = output.at(at).toObject();
        if (type == QLatin1String("response.function_call_arguments.delta")) {
            item.insert(QLatin1String("arguments"),
                        item.value(QLatin1String("arguments")).toString()
                            + e.data.value(QLatin1String("delta")).toString());
        } else {
            QJsonArray content = item.value(QLatin1String("content")).toArray();
            if (type == QLatin1String("response.content_part.added")) {
                content.append(e.data.value(QLatin1String("part")));
            } else if (partAt < 0 || partAt >= content.size()) {
                problem = QStringLiteral("missing content at index %1").arg(partAt);
                continue;
            } else {
                QJsonObject part = content.at(partAt).toObject();
                const QLatin1String key(part.contains(QLatin1String("refusal")) ? "refusal"
                                                                                : "text");
                part.insert(key,
                            part.value(key).toString()
                                + e.data.value(QLatin1String("delta")).toString());
                content.replace(partAt, part);
            }
            item.insert(QLatin1String("content"), content);
        }
        output.replace(at, item);
    }
    return output;
}

QJsonObject lastResponse(const QByteArray &sse)
{
    return parsedEvents(sse).last().data.value(QLatin1String("response")).toObject();
}

// The argument pieces of the function_call at `outputIndex`, in order.
QStringList argumentPieces(const QByteArray &sse, int outputIndex)
{
    QStringList pieces;
    for (const ParsedEvent &e : parsedEvents(sse)) {
        if (e.name == "response.function_call_arguments.delta"
            && e.data.value(QLatin1String("output_index")).toInt() == outputIndex)
            pieces.append(e.data.value(QLatin1String("delta")).toString());
    }
    return pieces;
}

// The argument pieces of chat tool call `index` in an upstream stream.
QStringList upstreamPieces(const QList<SseEvent> &events, int index)
{
    QStringList pieces;
    for (const SseEvent &event : events) {
        const QJsonObject delta = jsonObject(event.data)
                                      .value(QLatin1String("choices"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QLatin1String("delta"))
                                      .toObject();
        for (const QJsonValue &call : delta.value(QLatin1String("tool_calls")).toArray()) {
            const QString piece = call.toObject()
                                      .value(QLatin1String("function"))
                                      .toObject()
                                      .value(QLatin1String("arguments"))
                                      .toString();
            if (call.toObject().value(QLatin1String("index")).toInt() == index && !piece.isEmpty())
                pieces.append(piece);
        }
    }
    return pieces;
}

} // namespace

class TestResponsesTranslateStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordedToolStream();
    void streamEvents_data();
    void streamEvents();
    void interleavedParallelCalls();
    void emptyAnswer();
    void incompleteAnswer();
    void interrupted();
    void errorEventShape();
};

// A recorded-style chat stream: reasoning, text, a tool call whose arguments come in 20
// pieces, a keep-alive comment, a parallel second call, finish_reason, usage, [DONE].
void TestResponsesTranslateStream::recordedToolStream()
{
    const QList<SseEvent> events = sseEvents(translateData("chat-stream-tool-pieces.sse"));
    const QByteArray arguments = translateData("chat-stream-tool-arguments.json");
    const qsizetype pieces = (arguments.size() + 6) / 7;
    ChatToResponsesStream stream(envelope());
    QByteArray out;
    for (const SseEvent &event : events) {
        const QByteArray piece = stream.translate(event);
        const bool carriesContent
            = event.data.contains("\"content\":\"") && !event.data.contains("\"content\":\"\"");
        if (carriesContent || event.data.contains("\"arguments\":\"")
            || event.data.contains("reasoning_content"))
            QVERIFY2(!piece.isEmpty(), event.data.constData()); // nothing is held back
        out += piece;
    }
    QStringList expected {QStringLiteral("created"), QStringLiteral("in_progress"),
                          QStringLiteral("output_item.added:reasoning"),
                          QStringLiteral("content_part.added:reasoning_text")};
    expected += repeated(QStringLiteral("reasoning_text.delta"), 3);
    expected += {
        QStringLiteral("reasoning_text.done"), QStringLiteral("content_part.done:reasoning_text"),
        QStringLiteral("output_item.done:reasoning"), QStringLiteral("output_item.added:message"),
        QStringLiteral("content_part.added:output_text")};
    expected += repeated(QStringLiteral("output_text.delta"), 2);
    expected
        += {QStringLiteral("output_text.done"), QStringLiteral("content_part.done:output_text"),
            QStringLiteral("output_item.done:message"),
            QStringLiteral("output_item.added:function_call")};
    expected += repeated(QStringLiteral("function_call_arguments.delta"), pieces);
    expected += {QStringLiteral("output_item.added:function_call"),
                 QStringLiteral("function_call_arguments.delta"),
                 QStringLiteral("function_call_arguments.delta"),
                 QStringLiteral("function_call_arguments.done"),
                 QStringLiteral("output_item.done:function_call"),
                 QStringLiteral("function_call_arguments.done"),
                 QStringLiteral("output_item.done:function_call"),
                 QStringLiteral("completed")};
    QCOMPARE(kinds(out), expected);

    // Each piece passes as it arrived, and the pieces are the backend's bytes.
    QCOMPARE(argumentPieces(out, 2), upstreamPieces(events, 0));
    QCOMPARE(argumentPieces(out, 2).join(QString()).toUtf8(), arguments);
    QCOMPARE(argumentPieces(out, 3), upstreamPieces(events, 1));

    // What an SDK assembles from the events is the output of response.completed.
    QString problem;
    const QJsonArray output = assembled(out, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QJsonObject completed = lastResponse(out);
    const QJsonArray final = completed.value(QLatin1String("output")).toArray();
    QCOMPARE(final.size(), output.size());
    for (qsizetype i = 0; i < final.size(); ++i) {
        QJsonObject item = output.at(i).toObject();
        if (item.contains(QLatin1String("status")))
            item.insert(QLatin1String("status"), QStringLiteral("completed"));
        QCOMPARE(item, final.at(i).toObject());
    }
    // The same items, ids and usage as the whole-answer translation of the same answer.
    const QJsonObject message {
        {QLatin1String("role"), QStringLiteral("assistant")},
        {QLatin1String("reasoning_content"), QStringLiteral("The user wants the toolbar moved.")},
        {QLatin1String("content"), QStringLiteral("I'll search for the toolbar code.")},
        {QLatin1String("tool_calls"),
         QJsonArray {
             QJsonObject {
                 {QLatin1String("id"), QStringLiteral("call_FakeBash01")},
                 {QLatin1String("function"),
                  QJsonObject {{QLatin1String("name"), QStringLiteral("Bash")},
                               {QLatin1String("arguments"), QString::fromUtf8(arguments)}}}},
             QJsonObject {{QLatin1String("id"), QStringLiteral("call_FakeGrep02")},
                          {QLatin1String("function"),
                           QJsonObject {{QLatin1String("name"), QStringLiteral("Grep")},
                                        {QLatin1String("arguments"),
                                         QString::fromUtf8(R"({"pattern":"QToolBar"})")}}}}}}};
    const QJsonObject whole {
        {QLatin1String("model"), QStringLiteral("qwen3-coder")},
        {QLatin1String("choices"),
         QJsonArray {QJsonObject {{QLatin1String("message"), message},
                                  {QLatin1String("finish_reason"), QStringLiteral("tool_calls")}}}},
        {QLatin1String("usage"),
         jsonObject(R"({"prompt_tokens":9000,"completion_tokens":240,"total_tokens":9240,
                        "prompt_tokens_details":{"cached_tokens":8000}})")}};
    const Translation t = chatToResponsesResponse(QJsonDocument(whole).toJson(), envelope());
    QCOMPARE(completed, jsonObject(t.body));
    QCOMPARE(completed.value(QLatin1String("status")).toString(), QStringLiteral("completed"));
    QCOMPARE(completed.value(QLatin1String("model")).toString(), QStringLiteral("qwen3-coder"));

    QVERIFY(stream.isEnded());
    QCOMPARE(stream.finish(), QByteArray());
    QCOMPARE(stream.usage(), std::optional<TokenUsage>(TokenUsage {9000, 240, 9240}));
    // created and in_progress carry the response in progress, without output.
    const QJsonObject created
        = parsedEvents(out).first().data.value(QLatin1String("response")).toObject();
    QCOMPARE(created.value(QLatin1String("status")).toString(), QStringLiteral("in_progress"));
    QCOMPARE(created.value(QLatin1String("output")).toArray(), QJsonArray());
    QCOMPARE(created.value(QLatin1String("id")).toString(), QStringLiteral("resp_5eed"));
}

void TestResponsesTranslateStream::streamEvents_data()
{
    QTest::addColumn<QByteArrayList>("datas");
    QTest::addColumn<bool>("upstreamEnds");
    QTest::addColumn<QStringList>("kinds");
    QTest::addColumn<QString>("errorCode");

    const QByteArray hi
        = chatChunk(R"("choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}])");
    const QByteArray stop
        = chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}])");
    const QByteArray usage = chatChunk(
        R"("choices":[],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6})");
    const QByteArray done = "[DONE]";
    const QStringList start {QStringLiteral("created"), QStringLiteral("in_progress")};
    const QStringList text = start
        + QStringList {QStringLiteral("output_item.added:message"),
                       QStringLiteral("content_part.added:output_text"),
                       QStringLiteral("output_text.delta")};
    const QStringList textDone {QStringLiteral("output_text.done"),
                                QStringLiteral("content_part.done:output_text"),
                                QStringLiteral("output_item.done:message")};
    const QStringList closed = text + textDone + QStringList {QStringLiteral("completed")};
    const QStringList errored = text + QStringList {QStringLiteral("error")};
    const QStringList call {QStringLiteral("output_item.added:function_call"),
                            QStringLiteral("function_call_arguments.delta")};
    const QStringList callDone {QStringLiteral("function_call_arguments.done"),
                                QStringLiteral("output_item.done:function_call")};

    QTest::newRow("usage after finish_reason ends the response")
        << QByteArrayList {hi, stop, usage, done} << false << closed << QString();
    QTest::newRow("finish_reason and usage in one chunk end it at once")
        << QByteArrayList {hi,
                           chatChunk(
                               R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1})")}
        << false << closed << QString();
    QTest::newRow("no usage: [DONE] ends it")
        << QByteArrayList {hi, stop, done} << false << closed << QString();
    QTest::newRow("no finish_reason before [DONE]: completed")
        << QByteArrayList {hi, done} << false << closed << QString();
    QTest::newRow("finished, then the connection closed without [DONE]")
        << QByteArrayList {hi, stop} << true << closed << QString();
    QTest::newRow("cut before finish_reason: error, never completed")
        << QByteArrayList {hi} << true << errored << QStringLiteral("upstream_stream_failed");
    QTest::newRow("upstream error chunk: its code")
        << QByteArrayList {hi,
                           R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})"}
        << false << errored << QStringLiteral("rate_limit_exceeded");
    QTest::newRow("upstream error chunk without a code: its type")
        << QByteArrayList {hi, R"({"error":{"message":"Overloaded","type":"server_error"}})"}
        << false << errored << QStringLiteral("server_error");
    QTest::newRow("upstream error before anything else: the error alone")
        << QByteArrayList {R"({"error":{"message":"Bad model","code":"model_not_found"}})"} << false
        << QStringList {QStringLiteral("error")} << QStringLiteral("model_not_found");
    QTest::newRow("event that is not JSON: error")
        << QByteArrayList {hi, "{\"choices\":"} << false << errored
        << QStringLiteral("upstream_stream_failed");
    QTest::newRow("events after the end are ignored")
        << QByteArrayList {hi, stop, usage, hi, done} << false << closed << QString();
    QTest::newRow("[DONE] alone: an empty response")
        << QByteArrayList {done} << false << start + QStringList {QStringLiteral("completed")}
        << QString();
    QTest::newRow("refusal: a refusal part")
        << QByteArrayList {chatChunk(
                               R"("choices":[{"index":0,"delta":{"refusal":"no"},"finish_reason":null}])"),
                           stop, done}
        << false
        << start
            + QStringList {QStringLiteral("output_item.added:message"),
                           QStringLiteral("content_part.added:refusal"),
                           QStringLiteral("refusal.delta"),
                           QStringLiteral("refusal.done"),
                           QStringLiteral("content_part.done:refusal"),
                           QStringLiteral("output_item.done:message"),
                           QStringLiteral("completed")}
        << QString();
    QTest::newRow("parallel tool calls in one chunk: an item each") << QByteArrayList {chatChunk(
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c0","type":"function","function":{"name":"A","arguments":"{}"}},{"index":1,"id":"c1","type":"function","function":{"name":"B","arguments":"{}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":1})")}
                                                                    << false
                                                                    << start + call + call
            + callDone + callDone + QStringList {QStringLiteral("completed")}
                                                                    << QString();
    QTest::newRow("text then a call: the message is done when the call starts")
        << QByteArrayList {hi,
                           chatChunk(
                               R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c0","function":{"name":"A","arguments":"{}"}}]}}])"),
                           stop, done}
        << false << text + textDone + call + callDone + QStringList {QStringLiteral("completed")}
        << QString();
    QTest::newRow("reasoning field of vLLM-style backends is reasoning too")
        << QByteArrayList {chatChunk(R"("choices":[{"index":0,"delta":{"reasoning":"x"}}])"), hi}
        << false
        << start
            + QStringList {QStringLiteral("output_item.added:reasoning"),
                           QStringLiteral("content_part.added:reasoning_text"),
                           QStringLiteral("reasoning_text.delta"),
                           QStringLiteral("reasoning_text.done"),
                           QStringLiteral("content_part.done:reasoning_text"),
                           QStringLiteral("output_item.done:reasoning"),
                           QStringLiteral("output_item.added:message"),
                           QStringLiteral("content_part.added:output_text"),
                           QStringLiteral("output_text.delta")}
        << QString();
}

void TestResponsesTranslateStream::streamEvents()
{
    QFETCH(QByteArrayList, datas);
    QFETCH(bool, upstreamEnds);
    QFETCH(QStringList, kinds);
    QFETCH(QString, errorCode);
    ChatToResponsesStream stream(envelope());
    QByteArray out = feedAll(stream, datas);
    if (upstreamEnds)
        out += stream.finish();
    QCOMPARE(::kinds(out), kinds);
    QString problem;
    assembled(out, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const ParsedEvent last = parsedEvents(out).last();
    if (!errorCode.isEmpty())
        QCOMPARE(last.data.value(QLatin1String("code")).toString(), errorCode);
    QCOMPARE(stream.isEnded(), last.name == "error" || last.name == "response.completed");
}

// A backend that interleaves the pieces of parallel calls: each piece still reaches the item
// of its own call, which stays open until the answer is finished.
void TestResponsesTranslateStream::interleavedParallelCalls()
{
    ChatToResponsesStream stream(envelope());
    const QByteArray out = feedAll(
        stream,
        {chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c0","function":{"name":"A","arguments":"{\"a\":"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c1","function":{"name":"B","arguments":"{\"b\":"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}])"),
         chatChunk(
             R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"2}"}}]}}])"),
         chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}])"),
         "[DONE]"});
    QCOMPARE(argumentPieces(out, 0).join(QString()), QString::fromUtf8(R"({"a":1})"));
    QCOMPARE(argumentPieces(out, 1).join(QString()), QString::fromUtf8(R"({"b":2})"));
    QString problem;
    assembled(out, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QJsonArray output = lastResponse(out).value(QLatin1String("output")).toArray();
    QCOMPARE(output.at(0).toObject().value(QLatin1String("arguments")).toString(),
             QString::fromUtf8(R"({"a":1})"));
    QCOMPARE(output.at(1).toObject().value(QLatin1String("call_id")).toString(),
             QStringLiteral("c1"));
    QCOMPARE(output.at(1).toObject().value(QLatin1String("arguments")).toString(),
             QString::fromUtf8(R"({"b":2})"));
}

// The role chunk with empty content, then the finish: a completed response without items.
void TestResponsesTranslateStream::emptyAnswer()
{
    ChatToResponsesStream stream(envelope());
    const QByteArray out = feedAll(
        stream,
        {chatChunk(R"("choices":[{"index":0,"delta":{"role":"assistant","content":""}}])"),
         chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}])"),
         chatChunk(R"("choices":[],"usage":{"prompt_tokens":3,"completion_tokens":0})")});
    QCOMPARE(kinds(out),
             QStringList({QStringLiteral("created"), QStringLiteral("in_progress"),
                          QStringLiteral("completed")}));
    const QJsonObject response = lastResponse(out);
    QCOMPARE(response.value(QLatin1String("output")).toArray(), QJsonArray());
    QCOMPARE(response.value(QLatin1String("usage"))
                 .toObject()
                 .value(QLatin1String("total_tokens"))
                 .toInt(),
             3);
    QCOMPARE(stream.usage(), std::optional<TokenUsage>(TokenUsage {3, 0, 3}));
}

void TestResponsesTranslateStream::incompleteAnswer()
{
    ChatToResponsesStream stream(envelope());
    const QByteArray out = feedAll(
        stream,
        {chatChunk(R"("choices":[{"index":0,"delta":{"content":"Once upon"}}])"),
         chatChunk(R"("choices":[{"index":0,"delta":{},"finish_reason":"length"}])"), "[DONE]"});
    const ParsedEvent last = parsedEvents(out).last();
    QCOMPARE(last.name, QByteArray("response.incomplete"));
    const QJsonObject response = last.data.value(QLatin1String("response")).toObject();
    QCOMPARE(response.value(QLatin1String("status")).toString(), QStringLiteral("incomplete"));
    QCOMPARE(response.value(QLatin1String("incomplete_details")).toObject(),
             jsonObject(R"({"reason":"max_output_tokens"})"));
    QCOMPARE(response.value(QLatin1String("output"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("incomplete"));
    QVERIFY(stream.isEnded());
    QCOMPARE(stream.usage(), std::nullopt);
}

void TestResponsesTranslateStream::interrupted()
{
    ChatToResponsesStream stream(envelope());
    const QByteArray started = stream.translate(
        dataEvent(chatChunk(R"("choices":[{"index":0,"delta":{"content":"hi"}}])")));
    QCOMPARE(parsedEvents(started).size(), 5);
    QCOMPARE(
        stream.interrupt(QStringLiteral("The backend stopped answering.")),
        QByteArray("event: error\ndata: {\"code\":\"upstream_stream_failed\",\"message\":\"The "
                   "backend stopped answering.\",\"param\":null,\"sequence_number\":5,"
                   "\"type\":\"error\"}\n\n"));
    QVERIFY(stream.isEnded());
    QCOMPARE(stream.translate(dataEvent("[DONE]")), QByteArray());
    QCOMPARE(stream.finish(), QByteArray());
    QCOMPARE(stream.interrupt(QStringLiteral("again")), QByteArray());
}

// The error event as the SDKs read it: event name error, type error, code, message, param.
void TestResponsesTranslateStream::errorEventShape()
{
    ChatToResponsesStream stream(envelope());
    const QList<ParsedEvent> events = parsedEvents(stream.finish());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).name, QByteArray("error"));
    // Built outside QCOMPARE: moc's preprocessor trips over a quote inside a raw string there.
    const QJsonObject expected = jsonObject(R"({"type":"error","code":"upstream_stream_failed",
        "param":null,"message":"The backend's stream ended before the answer was complete.",
        "sequence_number":0})");
    QCOMPARE(events.at(0).data, expected);
}

QTEST_GUILESS_MAIN(TestResponsesTranslateStream)
#include "tst_responsestranslatestream.moc"
