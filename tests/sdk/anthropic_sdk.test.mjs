// The official @anthropic-ai/sdk, unmodified, against a real `clawgatectl serve` in front of the
// real mock upstream. Every case runs twice: against an OpenAI-speaking backend (the gateway
// translates the Messages API to chat completions and back) and against an Anthropic-speaking
// one (the gateway relays to its /messages as it is). The SDK must not be able to tell.
import { test, describe, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { Mock, sdk, clientKey, startGateway, stopAll } from './harness.mjs';
import { toolAnswer, toolStream, errorAnswer } from './backendanswers.mjs';

const Anthropic = sdk('@anthropic-ai/sdk');
const upstreamKey = 'sk-upstream-anthropic-sdk-test';

const backends = [
  { name: 'OpenAI-speaking backend', route: 'oa', type: 'openai', model: 'oa-model' },
  { name: 'Anthropic-speaking backend', route: 'an', type: 'anthropic', model: 'an-model' },
];

let mock;
let gatewayUrl;
let client;

function provider(type, route) {
  return type === 'anthropic'
    ? { type, baseUrl: mock.baseUrl(route), apiKey: upstreamKey }
    : { type, baseUrl: mock.baseUrl(route) };
}

before(async () => {
  mock = await Mock.start();
  const providers = {};
  const models = [];
  for (const b of backends) {
    providers[b.route] = provider(b.type, b.route);
    providers[`${b.route}-limited`] = provider(b.type, `${b.route}-limited`);
    models.push({ alias: b.route, backends: [{ provider: b.route, model: b.model }] });
    models.push({
      alias: `${b.route}-failover`,
      backends: [{ provider: `${b.route}-limited`, model: 'limited-model' }, { provider: b.route, model: b.model }],
    });
  }
  gatewayUrl = await startGateway({ providers, models });
  client = new Anthropic({ apiKey: clientKey, baseURL: gatewayUrl, maxRetries: 0 });
});

after(stopAll);

const tools = [{
  name: 'read_file',
  description: 'Reads a file of the project',
  input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
}];
const call = { id: 'toolu_01mock', name: 'read_file', input: { path: 'a.txt' } };

// The client's key stays between the client and the gateway.
function assertNoClientKey(sent) {
  for (const [name, value] of Object.entries(sent.headers)) assert.ok(!value.includes(clientKey), name);
}

// What an Anthropic-speaking backend gets is the client's own body, only the model replaced,
// with the provider's key.
function assertRelayed(b, sent, params) {
  assert.equal(sent.path, `/${b.route}/v1/messages`);
  assert.equal(sent.rawBody, JSON.stringify({ ...params, model: b.model }));
  assert.equal(sent.headers['x-api-key'], upstreamKey);
  assert.ok(sent.headers['anthropic-version']);
  assertNoClientKey(sent);
}

function assertApiError(error, ErrorClass, status, type) {
  assert.ok(error instanceof ErrorClass, `${error?.constructor?.name}: ${error?.message}`);
  assert.equal(error.status, status);
  assert.equal(error.error?.type, 'error');
  assert.equal(error.error?.error?.type, type);
  return true;
}

for (const b of backends) {
  describe(b.name, () => {
    const text = `Hello from ${b.route}`;
    const question = { role: 'user', content: 'hi' };

    beforeEach(() => mock.reset());

    test('non-stream message', async () => {
      const params = { model: b.route, max_tokens: 256, system: 'Be brief.', messages: [question] };
      const { data: reply, response } = await client.messages.create(params).withResponse();
      assert.equal(reply.type, 'message');
      assert.equal(reply.role, 'assistant');
      assert.equal(reply.content.length, 1);
      assert.equal(reply.content[0].type, 'text');
      assert.equal(reply.content[0].text, text);
      assert.equal(reply.stop_reason, 'end_turn');
      assert.equal(reply.usage.input_tokens, 5);
      assert.equal(reply.usage.output_tokens, 4);
      assert.equal(response.headers.get('x-clawgate-backend'), `${b.route}:${b.model}`);
      assert.equal(response.headers.get('x-clawgate-attempts'), '1');
      const [sent] = await mock.requests(b.route);
      if (b.type === 'anthropic') return assertRelayed(b, sent, params);
      assert.equal(sent.path, `/${b.route}/v1/chat/completions`);
      assert.equal(sent.body.model, b.model);
      assert.equal(sent.body.max_tokens, 256);
      assert.deepEqual(sent.body.messages, [{ role: 'system', content: 'Be brief.' }, question]);
      assertNoClientKey(sent);
    });

    test('beta.messages (?beta=true) is the same route', async () => {
      const reply = await client.beta.messages.create({ model: b.route, max_tokens: 64, messages: [question] });
      assert.equal(reply.content[0].text, text);
    });

    test('stream with messages.stream: text reassembled, finalMessage has the usage', async () => {
      const stream = client.messages.stream({ model: b.route, max_tokens: 256, messages: [question] });
      let streamed = '';
      stream.on('text', (piece) => { streamed += piece; });
      const final = await stream.finalMessage();
      assert.equal(streamed, text);
      assert.equal(final.content[0].text, text);
      assert.equal(final.stop_reason, 'end_turn');
      assert.equal(final.usage.input_tokens, 5);
      assert.equal(final.usage.output_tokens, 4);
      const [sent] = await mock.requests(b.route);
      assert.equal(sent.body.stream, true);
      if (b.type === 'openai') assert.equal(sent.body.stream_options?.include_usage, true);
    });

    test('stream with create({stream: true}): the events of the Messages API, in order', async () => {
      const events = [];
      for await (const event of await client.messages.create({ model: b.route, max_tokens: 256, stream: true, messages: [question] })) {
        events.push(event);
      }
      const types = events.map((e) => e.type).filter((t) => t !== 'ping');
      assert.equal(types[0], 'message_start');
      assert.equal(types.at(-1), 'message_stop');
      assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
      assert.equal(types[1], 'content_block_start');
      const deltas = events.filter((e) => e.type === 'content_block_delta');
      assert.equal(deltas.map((e) => e.delta.text).join(''), text);
      const messageDelta = events.find((e) => e.type === 'message_delta');
      assert.equal(messageDelta.delta.stop_reason, 'end_turn');
      assert.equal(messageDelta.usage.output_tokens, 4);
    });

    test('tool use, non-stream', async () => {
      await mock.program(b.route, toolAnswer(b.type, b.model, call));
      const params = { model: b.route, max_tokens: 256, tools, tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'read a.txt' }] };
      const reply = await client.messages.create(params);
      assert.equal(reply.stop_reason, 'tool_use');
      const block = reply.content.find((c) => c.type === 'tool_use');
      assert.equal(block.id, call.id);
      assert.equal(block.name, call.name);
      assert.deepEqual(block.input, call.input);
      assert.equal(reply.usage.input_tokens, 11);
      assert.equal(reply.usage.output_tokens, 7);
      const [sent] = await mock.requests(b.route);
      if (b.type === 'anthropic') return assertRelayed(b, sent, params);
      assert.deepEqual(sent.body.tools, [{
        type: 'function', function: { name: 'read_file', description: tools[0].description, parameters: tools[0].input_schema },
      }]);
      assert.equal(sent.body.tool_choice, 'auto');
    });

    test('tool use streamed: the input JSON arrives in the pieces the backend sent', async () => {
      const pieces = ['{"pa', 'th": "src/ma', 'in.cpp", "li', 'nes": [1, ', '2, 3]', '}'];
      await mock.program(b.route, toolStream(b.type, b.model, call, pieces));
      const stream = client.messages.stream({ model: b.route, max_tokens: 256, tools, messages: [{ role: 'user', content: 'read main.cpp' }] });
      const got = [];
      stream.on('inputJson', (partial) => got.push(partial));
      const final = await stream.finalMessage();
      assert.deepEqual(got, pieces);
      assert.equal(final.stop_reason, 'tool_use');
      assert.equal(final.content.length, 1);
      const block = final.content[0];
      assert.equal(block.type, 'tool_use');
      assert.equal(block.id, call.id);
      assert.equal(block.name, call.name);
      assert.deepEqual(block.input, { path: 'src/main.cpp', lines: [1, 2, 3] });
      assert.equal(final.usage.output_tokens, 7);
    });

    test('a full tool round trip: tool_use, tool_result, final answer', async () => {
      await mock.enqueue(b.route, toolAnswer(b.type, b.model, call));
      const ask = { role: 'user', content: 'What is in a.txt?' };
      const first = await client.messages.create({ model: b.route, max_tokens: 256, tools, messages: [ask] });
      const toolUse = first.content.find((c) => c.type === 'tool_use');
      assert.ok(toolUse, JSON.stringify(first.content));
      const params = {
        model: b.route, max_tokens: 256, tools,
        messages: [ask, { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'forty-two' }] }],
      };
      const final = await client.messages.stream(params).finalMessage();
      assert.equal(final.content[0].text, text);
      assert.equal(final.stop_reason, 'end_turn');

      const sent = await mock.requests(b.route);
      assert.equal(sent.length, 2);
      if (b.type === 'anthropic') return assertRelayed(b, sent[1], { ...params, stream: true });
      const messages = sent[1].body.messages;
      assert.equal(messages.length, 3, JSON.stringify(messages));
      assert.deepEqual(messages[0], ask);
      assert.equal(messages[1].role, 'assistant');
      assert.equal(messages[1].tool_calls.length, 1);
      const sentCall = messages[1].tool_calls[0];
      assert.equal(sentCall.id, call.id);
      assert.equal(sentCall.type, 'function');
      assert.equal(sentCall.function.name, call.name);
      assert.deepEqual(JSON.parse(sentCall.function.arguments), call.input);
      assert.deepEqual(messages[2], { role: 'tool', tool_call_id: call.id, content: 'forty-two' });
    });

    test('count_tokens: relayed to an Anthropic backend, else estimated and marked so', async () => {
      const params = { model: b.route, messages: [{ role: 'user', content: 'How many tokens are in this sentence?' }] };
      const { data, response } = await client.messages.countTokens(params).withResponse();
      const sent = await mock.requests(b.route);
      if (b.type === 'anthropic') {
        assert.equal(data.input_tokens, 5); // the mock's count, not an estimate
        assert.equal(response.headers.get('x-clawgate-estimated'), null);
        assert.equal(sent.length, 1);
        assert.equal(sent[0].path, `/${b.route}/v1/messages/count_tokens`);
        assert.equal(sent[0].body.model, b.model);
        assert.equal(sent[0].headers['x-api-key'], upstreamKey);
      } else {
        assert.ok(Number.isInteger(data.input_tokens) && data.input_tokens > 0, JSON.stringify(data));
        assert.equal(response.headers.get('x-clawgate-estimated'), 'true');
        assert.equal(sent.length, 0);
      }
    });

    test('a wrong key is an AuthenticationError; the key works as x-api-key and as Bearer', async () => {
      const stranger = new Anthropic({ apiKey: 'sk-wrong', baseURL: gatewayUrl, maxRetries: 0 });
      await assert.rejects(stranger.messages.create({ model: b.route, max_tokens: 16, messages: [question] }),
        (e) => assertApiError(e, Anthropic.AuthenticationError, 401, 'authentication_error'));
      assert.equal((await mock.requests(b.route)).length, 0);
      const bearer = new Anthropic({ apiKey: null, authToken: clientKey, baseURL: gatewayUrl, maxRetries: 0 });
      const reply = await bearer.messages.create({ model: b.route, max_tokens: 16, messages: [question] });
      assert.equal(reply.content[0].text, text);
    });

    test('an unknown model is a NotFoundError', async () => {
      await assert.rejects(client.messages.create({ model: `${b.route}-nope`, max_tokens: 16, messages: [question] }),
        (e) => assertApiError(e, Anthropic.NotFoundError, 404, 'not_found_error'));
    });

    test('a server tool: a BadRequestError for a chat backend, passed on to an Anthropic one', async () => {
      const serverTool = { type: 'web_search_20250305', name: 'web_search', max_uses: 2 };
      const params = { model: b.route, max_tokens: 64, tools: [serverTool], messages: [{ role: 'user', content: 'news?' }] };
      if (b.type === 'anthropic') {
        await client.messages.create(params);
        const [sent] = await mock.requests(b.route);
        return assertRelayed(b, sent, params);
      }
      await assert.rejects(client.messages.create(params), (e) => {
        assertApiError(e, Anthropic.BadRequestError, 400, 'invalid_request_error');
        assert.match(e.error.error.message, /tools/);
        return true;
      });
      assert.equal((await mock.requests(b.route)).length, 0);
    });

    test("an upstream 400 reaches the SDK as a BadRequestError with the backend's message", async () => {
      const message = 'prompt is too long: 300000 tokens > 200000 maximum';
      await mock.program(b.route, errorAnswer(b.type, 400, message));
      await assert.rejects(client.messages.create({ model: b.route, max_tokens: 16, messages: [question] }), (e) => {
        assertApiError(e, Anthropic.BadRequestError, 400, 'invalid_request_error');
        assert.ok(e.error.error.message.includes(message), e.error.error.message);
        return true;
      });
    });

    test('a 429 backend fails over to the next one and cools down', async () => {
      await mock.program(`${b.route}-limited`, { status: 429 });
      const params = { model: `${b.route}-failover`, max_tokens: 16, messages: [question] };
      const { data, response } = await client.messages.create(params).withResponse();
      assert.equal(data.content[0].text, text);
      assert.equal(response.headers.get('x-clawgate-attempts'), '2');
      assert.equal(response.headers.get('x-clawgate-backend'), `${b.route}:${b.model}`);
      const again = await client.messages.create(params).withResponse();
      assert.equal(again.response.headers.get('x-clawgate-attempts'), '1');
      assert.equal((await mock.requests(`${b.route}-limited`)).length, 1);
    });
  });
}
