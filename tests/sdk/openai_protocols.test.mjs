// The official openai npm SDK across protocols: the Responses API served by a backend that
// only speaks chat completions (provider `responsesApi: "chat"`, translated both ways) or
// relayed to a native one, and chat completions served by an Anthropic-speaking backend.
import { test, describe, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { Mock, sdk, clientKey, startGateway, stopAll } from './harness.mjs';
import { toolAnswer, toolStream } from './backendanswers.mjs';

const OpenAI = sdk('openai');
const upstreamKey = 'sk-upstream-anthropic-openai-sdk';

let mock;
let client;

before(async () => {
  mock = await Mock.start();
  const anthropic = (route) => ({ type: 'anthropic', baseUrl: mock.baseUrl(route), apiKey: upstreamKey });
  const gatewayUrl = await startGateway({
    providers: {
      chatonly: { type: 'openai', baseUrl: mock.baseUrl('chatonly'), responsesApi: 'chat' },
      'chatonly-limited': { type: 'openai', baseUrl: mock.baseUrl('chatonly-limited'), responsesApi: 'chat' },
      native: { type: 'openai', baseUrl: mock.baseUrl('native') },
      anth: anthropic('anth'),
      'anth-limited': anthropic('anth-limited'),
    },
    models: [
      { alias: 'chatonly', backends: [{ provider: 'chatonly', model: 'co-model' }] },
      { alias: 'chatonly-failover', backends: [{ provider: 'chatonly-limited', model: 'limited-model' }, { provider: 'chatonly', model: 'co-model' }] },
      { alias: 'native', backends: [{ provider: 'native', model: 'n-model' }] },
      { alias: 'anth', backends: [{ provider: 'anth', model: 'an-model' }] },
      { alias: 'anth-failover', backends: [{ provider: 'anth-limited', model: 'limited-model' }, { provider: 'anth', model: 'an-model' }] },
    ],
  });
  client = new OpenAI({ apiKey: clientKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
});

after(stopAll);

beforeEach(() => mock.reset());

const weather = { id: 'call_w1', name: 'get_weather', input: { city: 'Paris' } };
const weatherSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('Responses API over a chat-only backend', () => {
  const tools = [{ type: 'function', name: 'get_weather', description: 'Current weather', parameters: weatherSchema, strict: false }];

  test('non-stream', async () => {
    const { data: reply, response } = await client.responses
      .create({ model: 'chatonly', instructions: 'Be brief.', input: 'hi' }).withResponse();
    assert.equal(reply.status, 'completed');
    assert.equal(reply.output_text, 'Hello from chatonly');
    assert.equal(reply.usage.input_tokens, 5);
    assert.equal(reply.usage.output_tokens, 4);
    assert.equal(response.headers.get('x-clawgate-backend'), 'chatonly:co-model');
    assert.equal(response.headers.get('x-clawgate-attempts'), '1');
    const [sent] = await mock.requests('chatonly');
    assert.equal(sent.path, '/chatonly/v1/chat/completions');
    assert.equal(sent.body.model, 'co-model');
    const messages = sent.body.messages;
    assert.ok(['system', 'developer'].includes(messages[0].role), JSON.stringify(messages));
    assert.ok(JSON.stringify(messages[0].content).includes('Be brief.'));
    assert.equal(messages.at(-1).role, 'user');
    assert.ok(JSON.stringify(messages.at(-1).content).includes('hi'));
  });

  test('stream: responses.stream and create({stream: true})', async () => {
    const stream = client.responses.stream({ model: 'chatonly', input: 'hi' });
    let streamed = '';
    stream.on('response.output_text.delta', (event) => { streamed += event.delta; });
    const final = await stream.finalResponse();
    assert.equal(streamed, 'Hello from chatonly');
    assert.equal(final.output_text, 'Hello from chatonly');
    assert.equal(final.status, 'completed');
    assert.equal(final.usage.output_tokens, 4);

    const types = [];
    for await (const event of await client.responses.create({ model: 'chatonly', input: 'hi', stream: true })) {
      types.push(event.type);
    }
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.ok(!types.includes('error'));
    const sent = await mock.requests('chatonly');
    assert.equal(sent.length, 2);
    for (const r of sent) {
      assert.equal(r.path, '/chatonly/v1/chat/completions');
      assert.equal(r.body.stream, true);
    }
  });

  test('a function call round trip', async () => {
    await mock.enqueue('chatonly', toolAnswer('openai', 'co-model', weather));
    const ask = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.responses.create({ model: 'chatonly', tools, input: [ask] });
    const fc = first.output.find((o) => o.type === 'function_call');
    assert.ok(fc, JSON.stringify(first.output));
    assert.equal(fc.call_id, weather.id);
    assert.equal(fc.name, weather.name);
    assert.deepEqual(JSON.parse(fc.arguments), weather.input);

    const final = await client.responses.create({
      model: 'chatonly', tools, input: [ask, fc, { type: 'function_call_output', call_id: fc.call_id, output: 'sunny' }],
    });
    assert.equal(final.output_text, 'Hello from chatonly');

    const sent = await mock.requests('chatonly');
    assert.equal(sent.length, 2);
    assert.equal(sent[0].body.tools.length, 1);
    assert.equal(sent[0].body.tools[0].type, 'function');
    assert.equal(sent[0].body.tools[0].function.name, 'get_weather');
    assert.deepEqual(sent[0].body.tools[0].function.parameters, weatherSchema);
    const messages = sent[1].body.messages;
    const assistant = messages.find((m) => m.role === 'assistant');
    assert.ok(assistant, JSON.stringify(messages));
    assert.equal(assistant.tool_calls.length, 1);
    assert.equal(assistant.tool_calls[0].id, weather.id);
    assert.equal(assistant.tool_calls[0].function.name, weather.name);
    assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), weather.input);
    assert.deepEqual(messages.at(-1), { role: 'tool', tool_call_id: weather.id, content: 'sunny' });
  });

  test('a function call round trip through a 429 backend that fails over and cools down', async () => {
    await mock.program('chatonly-limited', { status: 429 });
    await mock.enqueue('chatonly', toolAnswer('openai', 'co-model', weather));
    const ask = { role: 'user', content: 'Weather in Paris?' };
    const { data: first, response } = await client.responses
      .create({ model: 'chatonly-failover', tools, input: [ask] }).withResponse();
    assert.equal(response.headers.get('x-clawgate-attempts'), '2');
    assert.equal(response.headers.get('x-clawgate-backend'), 'chatonly:co-model');
    const fc = first.output.find((o) => o.type === 'function_call');
    assert.ok(fc, JSON.stringify(first.output));
    const { data: final, response: again } = await client.responses.create({
      model: 'chatonly-failover', tools, input: [ask, fc, { type: 'function_call_output', call_id: fc.call_id, output: 'sunny' }],
    }).withResponse();
    assert.equal(final.output_text, 'Hello from chatonly');
    assert.equal(again.headers.get('x-clawgate-attempts'), '1'); // the limited one is cooling down
    assert.equal((await mock.requests('chatonly-limited')).length, 1);
  });

  test('a streamed function call keeps its argument pieces and text', async () => {
    const pieces = ['{"ci', 'ty": ', '"Par', 'is"}'];
    await mock.program('chatonly', toolStream('openai', 'co-model', weather, pieces));
    const stream = client.responses.stream({ model: 'chatonly', tools, input: 'Weather in Paris?' });
    const deltas = [];
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    assert.deepEqual(deltas, pieces); // each piece passed on as the backend sent it
    const fc = final.output.find((o) => o.type === 'function_call');
    assert.ok(fc, JSON.stringify(final.output));
    assert.equal(fc.call_id, weather.id);
    assert.equal(fc.arguments, pieces.join(''));
  });
});

test('Responses API to a native backend is relayed to its /responses', async () => {
  const reply = await client.responses.create({ model: 'native', input: 'hi' });
  assert.equal(reply.output_text, 'Hello from native');
  const [sent] = await mock.requests('native');
  assert.equal(sent.path, '/native/v1/responses');
  assert.equal(sent.body.model, 'n-model');
});

describe('chat completions over an Anthropic-speaking backend', () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: weatherSchema } }];

  test('non-stream', async () => {
    const { data: reply, response } = await client.chat.completions.create({
      model: 'anth', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }],
    }).withResponse();
    assert.equal(reply.choices[0].message.content, 'Hello from anth');
    assert.equal(reply.choices[0].finish_reason, 'stop');
    assert.deepEqual(
      [reply.usage.prompt_tokens, reply.usage.completion_tokens, reply.usage.total_tokens], [5, 4, 9]);
    assert.equal(response.headers.get('x-clawgate-backend'), 'anth:an-model');
    const [sent] = await mock.requests('anth');
    assert.equal(sent.path, '/anth/v1/messages');
    assert.equal(sent.headers['x-api-key'], upstreamKey);
    assert.ok(sent.headers['anthropic-version']);
    assert.ok(!JSON.stringify(sent.headers).includes(clientKey));
    assert.equal(sent.body.model, 'an-model');
    assert.ok(Number.isInteger(sent.body.max_tokens) && sent.body.max_tokens > 0);
    // Anthropic takes `system` as a string or as text blocks.
    const system = sent.body.system;
    assert.equal(typeof system === 'string' ? system : system.map((block) => block.text).join(''), 'Be brief.');
    assert.equal(sent.body.messages.length, 1);
    assert.equal(sent.body.messages[0].role, 'user');
  });

  test('stream, with usage when asked and without the usage chunk when not', async () => {
    let text = '';
    let usage = null;
    const withUsage = await client.chat.completions.create({
      model: 'anth', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }],
    });
    for await (const chunk of withUsage) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, 'Hello from anth');
    assert.equal(usage?.total_tokens, 9);

    text = '';
    const plain = await client.chat.completions.create({ model: 'anth', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let finish = null;
    for await (const chunk of plain) {
      text += chunk.choices[0].delta.content || '';
      finish = chunk.choices[0].finish_reason ?? finish;
      assert.equal(chunk.usage, undefined);
    }
    assert.equal(text, 'Hello from anth');
    assert.equal(finish, 'stop');
    const sent = await mock.requests('anth');
    assert.ok(sent.every((r) => r.path === '/anth/v1/messages' && r.body.stream === true));
  });

  test('a tool round trip: streamed tool call, tool result, final answer', async () => {
    const pieces = ['{"city"', ': "Pa', 'ris"}'];
    await mock.enqueue('anth', toolStream('anthropic', 'an-model', weather, pieces));
    const ask = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.chat.completions.stream({ model: 'anth', tools, messages: [ask] }).finalChatCompletion();
    const message = first.choices[0].message;
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    assert.equal(message.tool_calls.length, 1);
    const toolCall = message.tool_calls[0];
    assert.equal(toolCall.id, weather.id);
    assert.equal(toolCall.function.name, weather.name);
    assert.equal(toolCall.function.arguments, pieces.join(''));

    const final = await client.chat.completions.create({
      model: 'anth', tools,
      messages: [ask, { role: 'assistant', content: null, tool_calls: [toolCall] }, { role: 'tool', tool_call_id: toolCall.id, content: 'sunny' }],
    });
    assert.equal(final.choices[0].message.content, 'Hello from anth');

    const sent = await mock.requests('anth');
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0].body.tools, [{ name: 'get_weather', description: 'Current weather', input_schema: weatherSchema }]);
    const turns = sent[1].body.messages;
    assert.equal(turns.length, 3, JSON.stringify(turns));
    assert.deepEqual(turns[1], { role: 'assistant', content: [{ type: 'tool_use', ...weather }] });
    assert.equal(turns[2].role, 'user');
    const result = turns[2].content.find((c) => c.type === 'tool_result');
    assert.equal(result.tool_use_id, weather.id);
    assert.ok(JSON.stringify(result.content).includes('sunny'));
  });

  test('a 429 backend fails over to the next one and cools down', async () => {
    await mock.program('anth-limited', { status: 429 });
    const params = { model: 'anth-failover', messages: [{ role: 'user', content: 'hi' }] };
    const { data, response } = await client.chat.completions.create(params).withResponse();
    assert.equal(data.choices[0].message.content, 'Hello from anth');
    assert.equal(response.headers.get('x-clawgate-attempts'), '2');
    assert.equal(response.headers.get('x-clawgate-backend'), 'anth:an-model');
    const again = await client.chat.completions.create(params).withResponse();
    assert.equal(again.response.headers.get('x-clawgate-attempts'), '1');
    assert.equal((await mock.requests('anth-limited')).length, 1);
  });
});
