// Request bodies between the Anthropic Messages API and OpenAI chat completions, both ways, so
// that a client of either protocol can use a backend of the other. Pure functions over JSON.
//
// Anthropic Messages → OpenAI chat (anthropicToChatRequest):
// - `system` (string or text blocks, joined by a blank line) → a leading system message;
//   `role: "system"` messages inside `messages` stay system messages in their place.
// - text → text; image (base64 → data: URL, url) → image_url parts; a user message with only
//   one text block becomes a plain string.
// - tool_use → assistant `tool_calls` (ids kept, `input` → compact JSON `arguments`, its keys in
//   the client's order); tool_result (string or blocks, `is_error` → text starting "Error: ") →
//   `tool` messages in their order, before the rest of that user turn; images inside a tool
//   result follow in a user message, since tool messages hold text only.
// - thinking / redacted_thinking blocks of earlier turns are left out (dropped): chat backends
//   take no reasoning back, and Anthropic itself ignores earlier turns' thinking.
// - tools (`input_schema` → `parameters`, `$schema` / `additionalProperties` / `strict` kept,
//   `cache_control` / `defer_loading` dropped); tool_choice auto / any / tool / none → auto /
//   required / {function} / none; `disable_parallel_tool_use` → `parallel_tool_calls: false`.
// - `max_tokens` (clamped to the alias), `stop_sequences` → `stop`, `temperature`, `top_p`,
//   `top_k` (kept as the extension most chat backends read), `metadata.user_id` → `user`,
//   `stream` → `stream` with `stream_options.include_usage` (the usage Anthropic's
//   `message_delta` needs), `thinking` (budget ≤ 4096 low, ≤ 16384 medium, else high; adaptive
//   medium) or `output_config.effort` → `reasoning_effort` unless TranslationOptions says drop,
//   `output_config.format` (json_schema) → `response_format`.
// - Consecutive same-role messages are kept as they are: chat backends accept them.
// - Dropped and listed in Translation::dropped: `cache_control` (top level),
//   `context_management`, `service_tier`, `metadata` other than `user_id`, unknown top-level
//   fields, earlier turns' thinking. `cache_control` markers on blocks and tools and a tool's
//   `defer_loading` are hints for Anthropic's own servers and are left out unlisted.
// - 400: `container`, `mcp_servers`, server tools (a tool `type` other than custom), document
//   and search_result blocks, image sources other than base64 / url, server tool blocks in
//   history, a message or block that is not an object.
//
// OpenAI chat → Anthropic Messages (chatToAnthropicRequest):
// - system and developer messages, wherever they stand, → `system`: the text itself when there
//   is one block of it, else the text blocks in order.
// - user content (string, text parts, image_url: data: URL → base64 source, else url source);
//   assistant content and `refusal` → text, `reasoning_details` entries with a signature →
//   thinking / redacted_thinking blocks (the form anthropicToChatResponse produces, so a
//   signed thinking block survives the round trip); `reasoning_content` without a signature is
//   dropped, Anthropic refuses unsigned thinking.
// - tool_calls → tool_use blocks (`arguments` parsed into `input`, its keys in the client's
//   order and its numbers exact; not a JSON object → 400); tool messages → tool_result blocks
//   of a user turn. Consecutive same-role turns are merged, as Anthropic wants every tool
//   result of a turn in one user message; empty turns are left out.
// - `max_tokens` / `max_completion_tokens` (clamped; the alias's or a default when absent),
//   `stop` → `stop_sequences`, `temperature`, `top_p`, `top_k`, `user` → `metadata.user_id`,
//   tools, tool_choice, `parallel_tool_calls: false` → `disable_parallel_tool_use`,
//   `reasoning_effort` → `thinking` with a budget (low 1024, medium 8192, high 24576, kept
//   below max_tokens), `stream`.
// - Dropped: `stream_options`, `seed`, `store`, `metadata`, `service_tier`, `prediction`,
//   `prompt_cache_key`, `safety_identifier`, zero penalties, `response_format` text, a message's
//   `name`, a tool's `strict`, unknown top-level fields.
// - 400: `n` > 1, `logprobs`, `top_logprobs`, `logit_bias`, non-zero `frequency_penalty` /
//   `presence_penalty`, `audio` or an audio modality, `response_format` json_object /
//   json_schema, `web_search_options`, legacy `functions` / `function_call`, input_audio and
//   file parts, tools other than function tools, invalid tool call arguments, a
//   `reasoning_effort` whose budget does not fit under `max_tokens`.
// - Read and written with RapidJSON in one pass, members in the client's order: it is on every
//   such request's path.
#pragma once

#include "json.h"
#include "translation.h"

namespace clawgate {

Translation anthropicToChatRequest(const QByteArray &anthropicBody,
                                   const TranslationOptions &options = {});
Translation chatToAnthropicRequest(const QByteArray &chatBody,
                                   const TranslationOptions &options = {});
// The same for a body the caller has parsed already (the relay has, to route it).
Translation anthropicToChatRequest(const json::Value &anthropicRequest,
                                   const TranslationOptions &options = {});
Translation chatToAnthropicRequest(const json::Value &chatRequest,
                                   const TranslationOptions &options = {});

} // namespace clawgate
