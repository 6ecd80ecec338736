// An OpenAI chat stream turned into an OpenAI Responses API stream, for a Responses client
// served by a chat backend. Fed one upstream event at a time, it returns at once the client's
// events for it (SSE bytes, often empty): nothing is held back except the closing
// response.completed, which waits for the usage chunk that OpenAI sends after the
// finish_reason chunk (responsesToChatRequest sets `stream_options.include_usage`), or for
// [DONE].
//
// Every event is `event: <type>` + `data: {"type": <type>, "sequence_number": n, ...}`.
// response.created and response.in_progress come with the first chunk. Then each kind of
// content is an output item, announced by response.output_item.added and finished by
// response.output_item.done, with output_index and content_index consistent throughout (the
// SDKs assemble the answer by them):
// - `reasoning_content` (or `reasoning`): a reasoning item with one reasoning_text part
//   (content_part.added, reasoning_text.delta ..., reasoning_text.done, content_part.done);
// - `content` / `refusal`: a message item with an output_text / refusal part
//   (output_text.delta or refusal.delta ..., then the .done events with the whole text);
// - each tool call index: a function_call item {call_id, name, arguments ""}, its argument
//   pieces passed on exactly as they arrived (function_call_arguments.delta), the whole text
//   in function_call_arguments.done.
// A message or reasoning item is finished as soon as another item starts. Function calls stay
// open until the finish_reason, so that a backend interleaving the pieces of parallel calls
// still gets each piece into its own item. The answer ends with response.completed, or
// response.incomplete for finish_reason length / content_filter, carrying the whole Response
// object (the same output items chatToResponsesResponse builds, with the same ids) and usage.
//
// An upstream `{"error": ...}` chunk, an event that is not JSON, or an end without
// finish_reason (nor [DONE]) ends the client's stream with the Responses `event: error`
// {"type": "error", "code", "message", "param": null}, never with a response.completed that
// would make a cut answer look complete.
#pragma once

#include "formats/responsesresponse.h"
#include "formats/streamusage.h"
#include "upstream/ssescanner.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace clawgate {

class ChatToResponsesStream
{
public:
    explicit ChatToResponsesStream(ResponsesEnvelope envelope);

    // One upstream event, as SseScanner delivers it.
    QByteArray translate(const SseEvent &event);
    // The upstream stream ended: the closing events if the answer was finished, else an error.
    QByteArray finish();
    // The upstream failed mid-way: the `event: error` (code "upstream_stream_failed") that ends
    // the client's stream. Later events are ignored.
    QByteArray interrupt(const QString &message);

    bool isEnded() const { return m_ended; }
    // Ended with an error event (the upstream's, a broken stream's or an interrupt()).
    bool failed() const { return m_failed; }
    std::optional<TokenUsage> usage() const;

private:
    enum class Kind { Reasoning, Message, FunctionCall };
    // One output item as it grows. A message holds parts (output_text or refusal), a reasoning
    // item one reasoning_text part, a function call its arguments in `parts.last().text`.
    struct Part
    {
        bool refusal = false;
        QString text;
    };
    struct Item
    {
        Kind kind = Kind::Message;
        QString id;
        QString callId;
        QString name;
        QList<Part> parts;
        bool done = false;
    };

    QByteArray translateChunk(const QJsonObject &chunk);
    QByteArray translateDelta(const QJsonObject &delta);
    QByteArray translateToolCall(const QJsonObject &call, qsizetype position);
    QByteArray addText(Kind kind, bool refusal, const QString &text);
    QByteArray openItem(Item item);
    QByteArray openPart(int index, bool refusal);
    QByteArray closePart(int index);
    QByteArray closeItem(int index);
    QByteArray closeAll();
    QByteArray start(const QJsonObject &chunk);
    QByteArray end();
    QByteArray fail(const QString &code, const QString &message);
    QByteArray event(const QString &type, QJsonObject fields);
    QJsonObject itemObject(int index) const;
    QJsonObject partObject(const Part &part, Kind kind) const;
    QString itemStatus(int index) const;

    ResponsesEnvelope m_envelope;
    QString m_model; // from the first chunk naming one, else the request's
    int m_sequence = 0;
    bool m_started = false;
    bool m_ended = false;
    bool m_failed = false;
    QList<Item> m_items; // by output index
    int m_openText = -1; // the output index of the open message or reasoning item
    QHash<int, int> m_toolItems; // chat tool call index → output index
    QString m_finishReason; // set by the finish_reason chunk
    QJsonObject m_usage; // the chat usage object, from the usage chunk
};

} // namespace clawgate
