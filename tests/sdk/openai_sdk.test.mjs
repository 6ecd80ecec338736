// The official openai npm SDK, unmodified, against a real `clawgatectl serve` in front of the
// real mock upstream: non-stream, stream, tool calls and embeddings, plus failover as the SDK
// sees it. Started by CTest with the paths of the two programs in the environment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Mock, sdk, clientKey, startGateway, stopAll, sse, chatDone } from './harness.mjs';

const OpenAI = sdk('openai');

let client;
let mock;

before(async () => {
  mock = await Mock.start();
  const gatewayUrl = await startGateway({
    providers: {
      primary: { type: 'openai', baseUrl: mock.baseUrl('primary') },
      backup: { type: 'openai', baseUrl: mock.baseUrl('backup') },
      tools: { type: 'openai', baseUrl: mock.baseUrl('tools') },
    },
    models: [
      { alias: 'chat', backends: [{ provider: 'primary', model: 'p-model' }, { provider: 'backup', model: 'b-model' }] },
      { alias: 'tooling', backends: [{ provider: 'tools', model: 't-model' }] },
      { alias: 'embed', backends: [{ provider: 'primary', model: 'e-model' }] },
    ],
  });
  client = new OpenAI({ apiKey: clientKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
});

after(stopAll);

test('non-stream chat completion', async () => {
  const reply = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(reply.choices[0].message.content, 'Hello from primary');
  assert.equal(reply.model, 'p-model');
});

test('streamed chat completion with usage', async () => {
  const stream = await client.chat.completions.create({
    model: 'chat', stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'hi' }],
  });
  let text = '';
  let usage = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, 'Hello from primary');
  assert.ok(usage && usage.total_tokens > 0);
});

test('plain stream loop from the SDK README: chunk.choices[0] on every chunk', async () => {
  // The gateway asks the upstream for usage on every stream; a client that did not ask must
  // not get the usage-only chunk (choices: []), or this loop throws a TypeError.
  const stream = await client.chat.completions.create({
    model: 'chat', stream: true, messages: [{ role: 'user', content: 'hi' }],
  });
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0].delta.content || '';
    assert.equal(chunk.usage, undefined);
  }
  assert.equal(text, 'Hello from primary');
});

test('tool calls, streamed and not', async () => {
  const toolCall = { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } };
  await mock.program('tools', {
    body: JSON.stringify({
      id: 'c1', object: 'chat.completion', created: 1, model: 't-model',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [toolCall] } }],
    }),
  });
  const tools = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
  const reply = await client.chat.completions.create({ model: 'tooling', tools, tool_choice: 'auto', messages: [{ role: 'user', content: 'read a.txt' }] });
  assert.deepEqual(reply.choices[0].message.tool_calls, [toolCall]);

  const base = { id: 'c2', object: 'chat.completion.chunk', created: 1, model: 't-model' };
  await mock.program('tools', {
    stream: true,
    chunks: [
      sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call_2', type: 'function', function: { name: 'read_file', arguments: '' } }] } }] }),
      sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] } }] }),
      sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"b.txt"}' } }] } }] }),
      sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }),
      chatDone,
    ],
  });
  const stream = client.chat.completions.stream({ model: 'tooling', tools, messages: [{ role: 'user', content: 'read b.txt' }] });
  const final = await stream.finalChatCompletion();
  const call = final.choices[0].message.tool_calls[0];
  assert.equal(call.id, 'call_2');
  assert.equal(call.function.name, 'read_file');
  assert.equal(call.function.arguments, '{"path":"b.txt"}');
});

test('embeddings', async () => {
  const reply = await client.embeddings.create({ model: 'embed', input: ['one', 'two'] });
  assert.ok(reply.data.length >= 1);
  assert.ok(Array.isArray(reply.data[0].embedding) || typeof reply.data[0].embedding === 'string');
});

test('failover is invisible to the SDK', async () => {
  await mock.program('primary', { status: 503 });
  const reply = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(reply.choices[0].message.content, 'Hello from backup');
});

test('a wrong key is a 401 AuthenticationError, an unknown model a 404', async () => {
  const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: client.baseURL, maxRetries: 0 });
  await assert.rejects(stranger.models.list(), (e) => e.status === 401);
  await assert.rejects(client.chat.completions.create({ model: 'nope', messages: [] }), (e) => e.status === 404 && e.code === 'model_not_found');
});
