// What a mock backend answers, in its own protocol ('openai': chat completions, 'anthropic':
// the Messages API), for the SDK tests: whole answers and streams with one tool call, and
// error bodies. Programmed into the mock over its control API (see harness.mjs).
import { sse, anthropicSse, chatDone } from './harness.mjs';

const chatUsage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
const anthropicUsage = { input_tokens: 11, output_tokens: 7 };

// A whole answer with one tool call {id, name, input}.
export function toolAnswer(type, model, call) {
  if (type === 'openai') {
    const toolCall = { id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } };
    return {
      body: JSON.stringify({
        id: 'chatcmpl-tool', object: 'chat.completion', created: 1, model, usage: chatUsage,
        choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [toolCall] } }],
      }),
    };
  }
  return {
    body: JSON.stringify({
      id: 'msg_tool', type: 'message', role: 'assistant', model, stop_reason: 'tool_use', stop_sequence: null,
      content: [{ type: 'tool_use', ...call }], usage: anthropicUsage,
    }),
  };
}

// A stream of one tool call {id, name} whose arguments (input JSON) come in `pieces`.
export function toolStream(type, model, call, pieces) {
  if (type === 'openai') {
    const base = { id: 'chatcmpl-stream', object: 'chat.completion.chunk', created: 1, model };
    const delta = (d, finish = null) => sse({ ...base, choices: [{ index: 0, delta: d, finish_reason: finish }] });
    return {
      stream: true,
      chunks: [
        delta({ role: 'assistant', tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
        ...pieces.map((p) => delta({ tool_calls: [{ index: 0, function: { arguments: p } }] })),
        delta({}, 'tool_calls'),
        sse({ ...base, choices: [], usage: chatUsage }),
        chatDone,
      ],
    };
  }
  return {
    stream: true,
    chunks: [
      anthropicSse({
        type: 'message_start',
        message: { id: 'msg_stream', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 11, output_tokens: 1 } },
      }),
      anthropicSse({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }),
      ...pieces.map((p) => anthropicSse({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: p } })),
      anthropicSse({ type: 'content_block_stop', index: 0 }),
      anthropicSse({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 7 } }),
      anthropicSse({ type: 'message_stop' }),
    ],
  };
}

// An error answer with the backend's own message.
export function errorAnswer(type, status, message) {
  const body = type === 'openai'
    ? { error: { message, type: 'invalid_request_error', code: null, param: null } }
    : { type: 'error', error: { type: 'invalid_request_error', message } };
  return { status, body: JSON.stringify(body) };
}
