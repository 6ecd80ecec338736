// An OpenAI chat stream turned into an Anthropic Messages stream, for an Anthropic client
// served by an OpenAI-speaking backend. Fed one upstream event at a time, it returns at once
// the client's events for it (SSE bytes, often empty): nothing is held back except the
// message_delta of a finished answer, which waits for the usage chunk that OpenAI sends after
// the finish_reason chunk (the request asked for it: anthropicToChatRequest sets
// `stream_options.include_usage`), or for [DONE].
//
// message_start comes with the first chunk; `content`, `reasoning_content` (or `reasoning`)
// and each tool call (by its index: parallel calls become one block each) open their own
// content block, which the next kind of content closes: text_delta, thinking_delta (and a
// signature_delta for a signature in `reasoning_details`), input_json_delta with the argument
// pieces exactly as they arrived. An upstream `{"error":..}` becomes `event: error`. Invalid
// JSON or an end without finish_reason ends the client's stream with `event: error` too, never
// with a message_stop that would make a cut answer look complete.
#pragma once

#include "formats/streamusage.h"
#include "upstream/ssescanner.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace clawgate {

class ChatToAnthropicStream
{
public:
    // `model`: reported in message_start when the upstream's chunks name none.
    explicit ChatToAnthropicStream(const QString &model = {});

    // One upstream event, as SseScanner delivers it.
    QByteArray translate(const SseEvent &event);
    // The upstream stream ended: the closing events if the answer was finished, else an error.
    QByteArray finish();
    // The upstream failed mid-way: the `event: error` that ends the client's stream (Anthropic's
    // api_error). Later events are ignored.
    QByteArray interrupt(const QString &message);

    bool isEnded() const { return m_ended; }
    // Ended with an error event (the upstream's, a broken stream's or an interrupt()).
    bool failed() const { return m_failed; }
    std::optional<TokenUsage> usage() const;

private:
    enum class Block { None, Text, Thinking, Tool };

    QByteArray translateChunk(const QJsonObject &chunk);
    QByteArray translateDelta(const QJsonObject &delta);
    QByteArray translateToolCall(const QJsonObject &call, qsizetype position);
    QByteArray open(Block kind, const QJsonObject &contentBlock);
    QByteArray ensureOpen(Block kind);
    QByteArray close();
    QByteArray delta(int index, const QJsonObject &delta) const;
    QByteArray messageStart(const QJsonObject &chunk);
    QByteArray end();
    QByteArray fail(const QString &type, const QString &message);

    QString m_model;
    bool m_started = false;
    bool m_ended = false;
    bool m_failed = false;
    int m_blocks = 0; // content blocks opened so far
    Block m_open = Block::None;
    QHash<int, int> m_toolBlocks; // OpenAI tool call index → content block index
    QString m_stopReason; // set by the finish_reason chunk
    QJsonObject m_usage; // Anthropic usage, from the usage chunk
};

} // namespace clawgate
