// An Anthropic Messages stream turned into an OpenAI chat stream, for an OpenAI client served
// by an Anthropic backend. Fed one upstream event at a time, it returns at once the client's
// chunks for it (SSE bytes, often empty); nothing is held back.
//
// message_start → the role chunk; text_delta → `content`; thinking_delta →
// `reasoning_content`; signature_delta → `reasoning_details` [{type: reasoning.text,
// signature}] (a client that sends the reasoning back this way keeps it signed, see
// anthropicrequest.h); redacted_thinking → `reasoning_details` [{type: reasoning.encrypted}];
// tool_use → a `tool_calls` delta with index, id, name and empty arguments, then each
// input_json_delta piece unchanged as `arguments`; message_delta → the finish_reason chunk;
// message_stop → the usage chunk (only when the client asked with
// `stream_options.include_usage`) and `data: [DONE]`. `ping` and content_block_stop need no
// chunk; `error` becomes `data: {"error":..}`, and so does a stream that ends before
// message_stop, never followed by [DONE].
#pragma once

#include "formats/translation.h"
#include "upstream/ssescanner.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace clawgate {

class AnthropicToChatStream
{
public:
    // `includeUsage`: the client asked for usage (stream_options.include_usage).
    // `createdSeconds`: the chunks' `created`, from the caller's clock.
    AnthropicToChatStream(bool includeUsage, qint64 createdSeconds);

    // One upstream event, as SseScanner delivers it.
    QByteArray translate(const SseEvent &event);
    // The upstream stream ended: nothing if message_stop came, else the error chunk.
    QByteArray finish();
    // The upstream failed mid-way: the `data: {"error":..}` that ends the client's stream.
    // Later events are ignored.
    QByteArray interrupt(const QString &message);

    bool isEnded() const { return m_ended; }
    // Ended with an error event (the upstream's, a broken stream's or an interrupt()).
    bool failed() const { return m_failed; }
    std::optional<TokenUsage> usage() const;

private:
    QByteArray translateEvent(const QString &type, const QJsonObject &event);
    QByteArray blockStart(const QJsonObject &event);
    QByteArray blockDelta(const QJsonObject &event);
    QByteArray messageStop();
    QByteArray chunk(const QJsonObject &delta, const QJsonValue &finishReason = {}) const;
    QByteArray fail(const QString &type, const QString &message);

    bool m_includeUsage;
    qint64 m_created;
    bool m_ended = false;
    bool m_failed = false;
    QString m_id;
    QString m_model;
    AnthropicStreamUsage m_usage;
    QHash<int, int> m_toolIndex; // content block index → OpenAI tool call index
};

} // namespace clawgate
