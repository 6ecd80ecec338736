// The vocabulary shared by every OpenAI chat ⇄ Anthropic Messages translation: the result each
// translating function returns, the options a route passes in, and the mappings of stop
// reasons, token usage, errors and SSE framing that both directions, whole bodies and streams
// alike, must agree on. Everything here is a pure function over JSON: no I/O, no clock (a
// caller that needs a timestamp passes it in), so every rule can be checked by a table.
// Between OpenAI chat and Anthropic Messages, requests and whole answers are read and written
// with RapidJSON (json.h) in one pass: members keep their order and integers stay exact. The
// Responses translations and the stream events use Qt's JSON classes: what they write is
// compact JSON in Qt's key order (sorted), and integers beyond 2^53 lose precision.
#pragma once

#include "formats/json.h"
#include "formats/streamusage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace clawgate {

// A translated body, or why there is none. A request the target protocol cannot express is a
// 400 naming the field (`param`); an upstream answer that cannot be expressed for the client is
// a 502. Fields that have no counterpart but do not change the answer (cache hints, a seed)
// are left out and listed in `dropped`, so the gateway can log them instead of losing them
// silently.
struct Translation
{
    QByteArray body; // compact JSON of the target protocol when ok()
    int status = 0; // 0 when ok(), else the HTTP status for the client
    QString message; // plain English, names the field
    QString param; // the field's path, e.g. "messages[3].tool_calls[0].function.arguments"
    QStringList dropped; // paths of fields left out on purpose

    bool ok() const { return status == 0; }
    static Translation failure(int status, const QString &param, const QString &message);
    // `body` written as compact JSON.
    static Translation success(const QJsonObject &body, const QStringList &dropped = {});
    // `body` already written.
    static Translation success(QByteArray body, const QStringList &dropped = {});
};

// A request body as a JSON object; when it is not one, `failure` is set to the 400 that says
// why and the result is empty.
std::optional<QJsonObject> requestObject(const QByteArray &body, Translation &failure);

// The path of element `index` of the array at `path`, e.g. "messages[3]".
QString elementPath(const QString &path, qsizetype index);

// What an Anthropic `thinking` request becomes for an OpenAI chat backend.
enum class ThinkingTranslation {
    ReasoningEffort, // `reasoning_effort` low / medium / high from the budget
    Drop, // left out (listed in Translation::dropped): for backends that refuse the field
};

struct TranslationOptions
{
    // The model id written into the translated request; empty keeps the client's.
    QString model;
    // The alias's output limit (0: none). Anthropic → chat clamps `max_tokens` to it; chat →
    // Anthropic clamps to it too and uses it when the client sent none (Anthropic requires
    // `max_tokens`), falling back to kDefaultAnthropicMaxTokens.
    qint64 maxTokens = 0;
    ThinkingTranslation thinking = ThinkingTranslation::ReasoningEffort;
};

constexpr qint64 kDefaultAnthropicMaxTokens = 8192;

// Stop reasons. An empty string stands for JSON null (a stream chunk without a reason).
// end_turn, stop_sequence, pause_turn → stop; max_tokens, model_context_window_exceeded →
// length; tool_use → tool_calls; refusal → content_filter.
QString chatFinishReason(const QString &anthropicStopReason);
// stop → end_turn; length → max_tokens; tool_calls, function_call → tool_use;
// content_filter → refusal.
QString anthropicStopReason(const QString &chatFinishReason);

// Token usage. Anthropic counts cached prompt tokens apart from `input_tokens`; OpenAI counts
// them inside `prompt_tokens` and repeats the cache reads in
// `prompt_tokens_details.cached_tokens`. Cache writes, which OpenAI has no name for, travel as
// `prompt_tokens_details.cache_creation_tokens` so that a round trip keeps them.
QJsonObject chatUsageFromAnthropic(const QJsonObject &anthropicUsage);
QJsonObject anthropicUsageFromChat(const QJsonObject &chatUsage);
// The same two mappings written into a whole answer being written (`usage` null or not an
// object: every count 0), with no Qt object made on the way.
void writeChatUsageFromAnthropic(json::Writer &writer, const json::Value *anthropicUsage);
void writeAnthropicUsageFromChat(json::Writer &writer, const json::Value *chatUsage);
// The token counts of an Anthropic usage object, in OpenAI's terms; nothing for an empty one.
std::optional<TokenUsage> tokenUsageFromAnthropic(const QJsonObject &anthropicUsage);

// The usage an Anthropic stream reports as it goes: message_start carries the input counts,
// each message_delta the counts so far (Anthropic repeats earlier ones, or sends only what
// changed).
class AnthropicStreamUsage
{
public:
    // One event already parsed, of type `type`.
    void observe(const QString &type, const QJsonObject &event);
    // One raw event of a relayed stream: parsed only when it is one that carries usage.
    void observe(const QByteArray &eventName, const QByteArray &data);

    const QJsonObject &anthropicUsage() const { return m_usage; }
    std::optional<TokenUsage> usage() const { return tokenUsageFromAnthropic(m_usage); }

private:
    QJsonObject m_usage;
};

// Errors in Anthropic's shape: {"type":"error","error":{"type":..,"message":..}}.
// 400 invalid_request_error, 401 authentication_error, 403 permission_error, 404
// not_found_error, 413 request_too_large, 429 rate_limit_error, 503 and 529 overloaded_error,
// any other 5xx api_error, any other 4xx invalid_request_error.
QString anthropicErrorType(int status);
// The inverse, for an error that arrives without a status (a stream's `error` event).
int anthropicErrorStatus(const QString &type);
QByteArray anthropicErrorBody(const QString &type, const QString &message);
// The OpenAI error body {"error":{"message","type","code","param"}}.
QByteArray chatErrorBody(const QString &message, const QString &type, const QString &code,
                         const QString &param = {});

// An upstream error body of one protocol in the client's protocol, status kept. A body that is
// not the expected JSON is quoted (shortened) in the message.
struct TranslatedError
{
    int status = 500;
    QByteArray body;
};
TranslatedError anthropicErrorFromChat(int status, const QByteArray &chatErrorBody);
TranslatedError chatErrorFromAnthropic(int status, const QByteArray &anthropicErrorBody);

// SSE framing: `event: <type>` + `data:` for Anthropic, `data:` alone for OpenAI.
QByteArray anthropicSseEvent(const QJsonObject &event); // the type is event["type"]
QByteArray chatSseEvent(const QJsonObject &chunk);
QByteArray chatSseDone(); // data: [DONE]

} // namespace clawgate
