// Whole (non-stream) answers between the Anthropic Messages API and OpenAI chat completions,
// both ways. Pure functions over JSON.
//
// Anthropic → OpenAI chat (anthropicToChatResponse):
// - text blocks → `message.content`, concatenated as they are (an answer split into blocks,
//   for citations say, is one text); no text and tool calls → `content: null`.
// - tool_use → `tool_calls` (ids kept; `input` as `arguments`: the backend's bytes with the
//   whitespace taken out, so key order, number spelling and escapes are the model's).
// - thinking → `reasoning_content` (the text, the field chat clients read) and
//   `reasoning_details` [{type: "reasoning.text", text, signature}] (OpenRouter's field, so a
//   client that sends the assistant message back returns the signature, and
//   chatToAnthropicRequest rebuilds the signed block from it); redacted_thinking →
//   {type: "reasoning.encrypted", data}.
// - stop_reason → finish_reason (see translation.h), usage → chat usage, id and model kept,
//   `created` from the caller.
// - 502: blocks of server tools (web search results and the like), which have no chat form.
// - Read and written with RapidJSON in one pass, like the other direction.
//
// OpenAI chat → Anthropic (chatToAnthropicResponse), from `choices[0]`:
// - `reasoning_details` with signatures → thinking / redacted_thinking blocks; else
//   `reasoning_content` (or `reasoning`) → one thinking block with an empty signature.
// - content and `refusal` → text blocks; tool_calls → tool_use blocks (`arguments` parsed into
//   `input`, its keys in the model's order: not a JSON object → 502, since the backend's answer
//   cannot be used as it is);
//   finish_reason → stop_reason, usage → Anthropic usage, id and model kept. Read and written
//   with RapidJSON in one pass: it is on every translated request's path.
#pragma once

#include "translation.h"

namespace clawgate {

Translation anthropicToChatResponse(const QByteArray &anthropicBody, qint64 createdSeconds);
Translation chatToAnthropicResponse(const QByteArray &chatBody);

} // namespace clawgate
