// A whole OpenAI chat answer as an OpenAI Responses API answer, for a Responses client served by
// a chat backend, and the pieces of a Response object that the stream translation
// (chattoresponsesstream.h) builds the same way. Pure functions over JSON: the caller supplies
// the response id and the time.
//
// chatToResponsesResponse, from `choices[0]`:
// - `reasoning_content` (or `reasoning`) → a reasoning item {summary: [], content:
//   [{type: "reasoning_text", text}]}.
// - `content` → a message item with one output_text part; `refusal` → a refusal part of it.
// - tool_calls → function_call items in order {call_id, name, arguments (the backend's text,
//   unchanged)}.
// - finish_reason length → status "incomplete" with incomplete_details.reason
//   "max_output_tokens", content_filter → "incomplete" with "content_filter" (and the last
//   item, the one being written when the answer was cut, "incomplete"); else "completed".
// - usage → {input_tokens, input_tokens_details.cached_tokens, output_tokens,
//   output_tokens_details.reasoning_tokens, total_tokens}; null when the backend sent none.
// - model from the answer (else the request's); the request's parameters echoed, with the
//   values OpenAI reports when the request has none (tools [], tool_choice "auto",
//   parallel_tool_calls true, text format "text", ...); store false and
//   previous_response_id null, since nothing is stored.
// - 502 when the answer is not JSON or has no choices.
// Item ids are derived from the response id and the item's output index ("msg_<id>_1"), so
// that the same answer always gets the same ids and a stream's ids match its final object.
#pragma once

#include "translation.h"

#include <QJsonArray>

namespace clawgate {

// What a Responses answer repeats of its request, plus the id and time the caller supplies.
struct ResponsesEnvelope
{
    QString id; // "resp_<hex>", made by the caller; item ids derive from it deterministically
    qint64 createdAt = 0; // seconds since the epoch
    QJsonObject request; // the client's Responses request, echoed in the Response object
};

Translation chatToResponsesResponse(const QByteArray &chatBody, const ResponsesEnvelope &envelope);

// The id of output item `outputIndex`: "<prefix>_<response id without resp_>_<index>".
QString responsesItemId(const QString &responseId, QLatin1String prefix, int outputIndex);

// "max_output_tokens" for finish_reason length, "content_filter" for content_filter, else
// empty: the answer is complete.
QString responsesIncompleteReason(const QString &chatFinishReason);

// A chat usage object in the Responses API's terms.
QJsonObject responsesUsageFromChat(const QJsonObject &chatUsage);

// Output items and content parts. `status`: in_progress, completed or incomplete.
QJsonObject responsesOutputText(const QString &text);
QJsonObject responsesRefusal(const QString &refusal);
QJsonObject responsesMessageItem(const QString &id, const QString &status,
                                 const QJsonArray &content);
QJsonObject responsesReasoningItem(const QString &id, const QJsonArray &content);
QJsonObject responsesReasoningText(const QString &text);
QJsonObject responsesFunctionCallItem(const QString &id, const QString &callId, const QString &name,
                                      const QString &arguments, const QString &status);

// The Response object: `status` in_progress, completed or incomplete (with `incompleteReason`),
// `usage` null or a Responses usage object, and the request's parameters echoed.
QJsonObject responsesObject(const ResponsesEnvelope &envelope, const QString &status,
                            const QString &model, const QJsonArray &output, const QJsonValue &usage,
                            const QString &incompleteReason = {});

} // namespace clawgate
