// Token usage on every stream. The gateway asks the upstream for usage on each chat or
// completion stream (`stream_options.include_usage`), so every request can be accounted with
// the upstream's own counts; a client that did not ask for usage must not see it, because its
// usage-only chunk (`"choices": []`) breaks the plain `chunk.choices[0]` loop that SDK examples
// use. These are pure functions over the raw bytes: no I/O, nothing re-serialised that need
// not be.
#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace clawgate {

// Token counts an upstream reported for one request.
struct TokenUsage
{
    qint64 inputTokens = 0; // prompt_tokens (OpenAI chat), input_tokens (Responses, Anthropic)
    qint64 outputTokens = 0; // completion_tokens, output_tokens
    qint64 totalTokens = 0; // as reported, else input + output
    bool operator==(const TokenUsage &other) const
    {
        return inputTokens == other.inputTokens && outputTokens == other.outputTokens
            && totalTokens == other.totalTokens;
    }
};

// The counts in a usage object (`{"prompt_tokens": 5, ...}`, or Anthropic's and the Responses
// API's input_tokens / output_tokens); nullopt when it holds none.
std::optional<TokenUsage> parseUsageObject(QByteArrayView object);
std::optional<TokenUsage> tokenUsageOf(const QJsonObject &usage);

// The last `"usage": {...}` object anywhere in a JSON body (non-stream answers of every OpenAI
// endpoint and of Anthropic's Messages API put it near the end).
std::optional<TokenUsage> findUsage(QByteArrayView json);

// True when a request body asks for usage on its stream itself (`stream_options.include_usage`).
bool asksForStreamUsage(QByteArrayView body);

// `body` (a JSON object) with `stream_options.include_usage` set to true; whatever else the
// client put into `stream_options` is kept.
QByteArray withStreamUsageRequested(const QByteArray &body);

// Looks at each complete SSE event of a chat or completion stream: remembers the usage it
// carries and, for a client that did not ask for usage, takes it out again.
class StreamUsageFilter
{
public:
    explicit StreamUsageFilter(bool hideUsageFromClient = false)
        : m_hide(hideUsageFromClient)
    {
    }

    // `event`: one whole event as received, its blank line included. Returns what the client
    // gets: the event unchanged, the event without its `usage` member, or nothing at all for a
    // usage-only chunk the client never asked for.
    QByteArray apply(const QByteArray &event);
    // The same for a run of whole events, as the relay forwards them.
    QByteArray applyToEvents(const QByteArray &events);

    const std::optional<TokenUsage> &usage() const { return m_usage; }

private:
    bool m_hide;
    std::optional<TokenUsage> m_usage;
};

} // namespace clawgate
