// OpenAI Responses API request → OpenAI chat completions request, so that a Responses client
// (Codex and other agents) can use a backend that only speaks chat. A pure function over JSON.
//
// - `instructions` → a leading system message. `input` as a string → one user message.
// - `input` items, in order:
//   - messages (`type: "message"` or no type): roles user, assistant and system kept, developer
//     → system (many chat backends refuse the developer role). Content a string or parts:
//     input_text / output_text / refusal → text, input_image (`image_url`, a data: or http URL,
//     `detail` kept) → an image_url part. A user message of one text part becomes a plain
//     string; system and assistant texts are joined by a blank line, since chat backends want a
//     string there.
//   - function_call {call_id, name, arguments} → an assistant `tool_calls` entry (id =
//     call_id, arguments unchanged). Consecutive function_calls, and the assistant message
//     right before them, are ONE assistant message, as chat wants parallel calls together.
//   - function_call_output {call_id, output} → a `tool` message; output parts: input_text →
//     text (joined by a blank line), input_image → a user message right after the tool
//     message, since tool messages hold text only.
//   - reasoning items are left out (dropped): chat backends take no reasoning back.
// - tools: function tools ({name, description, parameters, strict} at the top level of each
//   tool) → chat function tools; tool_choice auto / none / required / {type: "function", name}
//   → the chat equivalents. Without tools (none, or an empty list) `tools`, `tool_choice` and
//   `parallel_tool_calls` are left out (dropped), since OpenAI's chat API refuses them then.
// - `max_output_tokens` → `max_tokens` (clamped to the alias's limit), `temperature`, `top_p`,
//   `user`, `parallel_tool_calls` kept, `stream` → `stream` with
//   `stream_options.include_usage` (the usage response.completed reports), `text.format`
//   json_schema / json_object → `response_format`, `reasoning.effort` → `reasoning_effort`
//   unless TranslationOptions says drop.
// - Dropped and listed in Translation::dropped: `include`, `truncation`, `metadata`,
//   `service_tier`, `prompt_cache_key`, `safety_identifier`, `store: false`, `text.verbosity`,
//   `reasoning.summary`, other unknown top-level fields, reasoning items.
// - 400, naming the field: `previous_response_id`, `conversation` and `store: true` (the
//   gateway keeps no responses for chat backends; the client must send the whole conversation),
//   `background: true`, `prompt` (stored prompts), tools other than function tools
//   (web_search, file_search, mcp, ...), other tool_choice forms, item_reference and other
//   item types chat has no form for, input_file and file_id images, a message or item that is
//   not an object.
#pragma once

#include "translation.h"

namespace clawgate {

Translation responsesToChatRequest(const QByteArray &responsesBody,
                                   const TranslationOptions &options = {});
// The same for a body the caller has parsed already (the relay has, to route it).
Translation responsesToChatRequest(const QJsonObject &responsesRequest,
                                   const TranslationOptions &options = {});

} // namespace clawgate
