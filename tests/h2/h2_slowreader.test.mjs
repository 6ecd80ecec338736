// A client that stops reading its stream must not stall other clients whose streams the gateway
// multiplexes on the same HTTP/2 connection to the upstream, nor make the gateway hold its whole
// stream. The upstream (node's http2 module, TLS with a self-signed certificate) floods each
// stream with SSE events as fast as HTTP/2 flow control lets it; one client sends its request and
// never reads, the others read everything. A client that leaves, paused or not, must have its
// upstream stream cancelled at once without disturbing the others on the connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import { clientKey as key, useGatewayInFront } from './h2support.mjs';

const MB = 1024 * 1024;
const SLOW_STREAM_BYTES = 256 * MB; // far more than any buffer on the way may hold
const FAST_STREAM_BYTES = 4 * MB;
const FAST_CLIENTS = 4;
let server;
const stats = { sessions: 0, peakStreamsOnASession: 0, slowBytesAccepted: 0, slowStreamOpen: false,
  sessionOf: {}, openSessions: new Set() };

const event = `data: ${JSON.stringify({ id: 'h2', object: 'chat.completion.chunk', created: 1700000000, model: 'h2-model',
  choices: [{ index: 0, delta: { content: 'x'.repeat(16000) }, finish_reason: null }] })}\n\n`;

// Writes `total` bytes of events, each only after HTTP/2 flow control took the previous one, so
// `accepted` counts what the gateway allowed us to send (give or take one event).
async function flood(stream, total, accepted) {
  let sent = 0;
  while (sent < total && !stream.destroyed) {
    const more = stream.write(event);
    sent += event.length;
    accepted(event.length);
    if (!more) {
      await new Promise((resolve) => {
        const done = () => { stream.off('drain', done); stream.off('close', done); resolve(); };
        stream.on('drain', done);
        stream.on('close', done);
      });
    }
  }
  if (!stream.destroyed) stream.end('data: [DONE]\n\n');
}

// Writes one event every `intervalMs`, like a model producing tokens, then [DONE].
function trickle(stream, events, intervalMs) {
  let left = events;
  const timer = setInterval(() => {
    if (stream.destroyed) {
      clearInterval(timer);
    } else if (left > 0) {
      left -= 1;
      stream.write(event);
    } else {
      clearInterval(timer);
      stream.end('data: [DONE]\n\n');
    }
  }, intervalMs);
}

function startUpstream(tls) {
  server = http2.createSecureServer({ key: tls.key, cert: tls.cert });
  server.on('sessionError', () => {});
  server.on('session', (session) => {
    stats.sessions += 1;
    const id = stats.sessions;
    stats.openSessions.add(id);
    session.on('close', () => { stats.openSessions.delete(id); });
    let open = 0;
    session.on('error', () => {});
    session.on('stream', (stream) => {
      open += 1;
      stats.peakStreamsOnASession = Math.max(stats.peakStreamsOnASession, open);
      stream.on('close', () => { open -= 1; });
      stream.on('error', () => {});
      let body = '';
      stream.on('data', (chunk) => { body += chunk; });
      stream.on('end', () => {
        const kind = JSON.parse(body).messages[0].content;
        stats.sessionOf[kind] = id;
        const slow = kind === 'slow';
        stream.respond({ ':status': 200, 'content-type': 'text/event-stream' });
        if (kind === 'trickle' || kind === 'long trickle') {
          stats.trickleOpen = true;
          stream.on('close', () => { stats.trickleOpen = false; });
          trickle(stream, kind === 'trickle' ? 20 : 600, 100); // 2 s or 60 s
          return;
        }
        if (slow) {
          stats.slowStreamOpen = true;
          stream.on('close', () => { stats.slowStreamOpen = false; });
        }
        flood(stream, slow ? SLOW_STREAM_BYTES : FAST_STREAM_BYTES,
          slow ? (n) => { stats.slowBytesAccepted += n; } : () => {});
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

const inFront = useGatewayInFront(startUpstream, () => server?.close());
const gatewayPort = () => Number(new URL(inFront.gateway.url).port);

function requestBody(content) {
  return JSON.stringify({ model: 'chat', stream: true, messages: [{ role: 'user', content }] });
}

function rawStreamRequest(socket, kind) {
  const body = requestBody(kind);
  socket.on('error', () => {});
  socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n`
    + `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  return socket;
}

// Sends a streaming request over a raw socket and never reads the answer: the socket is paused
// before a byte arrives, so the kernel's receive buffer fills and stays full.
function openSlowClient() {
  const socket = net.connect(gatewayPort(), '127.0.0.1');
  socket.pause();
  return rawStreamRequest(socket, 'slow');
}

async function fastStream(kind = 'fast') {
  const reply = await fetch(`http://127.0.0.1:${gatewayPort()}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: requestBody(kind),
    signal: AbortSignal.timeout(60000),
  });
  const text = await reply.text();
  return { status: reply.status, bytes: text.length, done: text.trimEnd().endsWith('data: [DONE]') };
}

async function fastBatch() {
  const replies = await Promise.all(Array.from({ length: FAST_CLIENTS }, () => fastStream()));
  for (const reply of replies) {
    assert.equal(reply.status, 200);
    assert.ok(reply.done, `a fast stream ended without [DONE] after ${reply.bytes} bytes`);
    assert.ok(reply.bytes >= FAST_STREAM_BYTES, `a fast stream got only ${reply.bytes} bytes`);
  }
}

async function until(condition, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

// Waits until the slow stream has stopped taking bytes: the same count over several polls.
async function untilSlowStreamStops() {
  let last = -1;
  let steady = 0;
  await until(() => {
    steady = stats.slowBytesAccepted === last ? steady + 1 : 0;
    last = stats.slowBytesAccepted;
    return steady >= 25; // unchanged for 25 polls of 20 ms
  }, 'the slow stream to stop', 60000);
}

// Reads the slow client's socket at last, until the end of its chunked stream; returns the
// number of bytes received.
async function drain(socket) {
  const end = 'data: [DONE]\n\n\r\n0\r\n\r\n';
  let received = 0;
  let tail = '';
  socket.on('data', (chunk) => {
    received += chunk.length;
    tail = (tail + chunk.toString('latin1')).slice(-64);
  });
  socket.resume();
  await until(() => tail.endsWith(end), 'the slow stream to finish', 120000);
  return received;
}

function gatewayPeakRssBytes() {
  return Number(readFileSync(`/proc/${inFront.gateway.process.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1]) * 1024;
}

test('a client that stops reading does not stall other streams on the same HTTP/2 connection', async () => {
  const slow = openSlowClient();
  try {
    await until(() => stats.slowBytesAccepted > 0, 'the slow stream to start');
    // Other clients stream while the gateway pauses the slow one, and again once it has.
    await fastBatch();
    await untilSlowStreamStops();
    await fastBatch();
    assert.equal(stats.sessions, 1, 'every stream went over one HTTP/2 connection');
    assert.ok(stats.peakStreamsOnASession >= 2, `streams at once on the connection: ${stats.peakStreamsOnASession}`);
    assert.ok(stats.slowStreamOpen, 'the slow stream is still open');

    // Pausing closes the stream's HTTP/2 window, but what the upstream was already allowed to
    // send (libcurl 7.88 grants 32 MiB per stream) still arrives and waits in the gateway.
    // That is the bound: far from the whole stream.
    await untilSlowStreamStops();
    assert.ok(stats.slowBytesAccepted < 64 * MB,
      `the upstream sent ${stats.slowBytesAccepted} bytes for a client that reads nothing`);
    assert.ok(gatewayPeakRssBytes() < 128 * MB, `gateway peak RSS: ${gatewayPeakRssBytes()} bytes`);

    // Once the client reads, its stream resumes and arrives whole.
    const received = await drain(slow);
    assert.ok(received >= SLOW_STREAM_BYTES, `the slow client got ${received} bytes`);
  } finally {
    slow.destroy();
  }
});

// Opens a slow client and waits until the gateway has paused its stream.
async function stalledSlowClient() {
  stats.slowBytesAccepted = 0;
  const slow = openSlowClient();
  await until(() => stats.slowStreamOpen && stats.slowBytesAccepted > 0, 'the slow stream to start');
  await untilSlowStreamStops();
  return slow;
}

// libcurl 7.88 queues the RST_STREAM of a removed transfer but sends it only with the
// connection's next frames: on an otherwise idle connection the upstream would go on producing
// for a client that is gone. (The stream here is not paused: node's HTTP/2 server stops reading
// a connection whose send buffer is full, so it would not notice the close of a paused one.)
test('a client that leaves mid-stream has its upstream stream cancelled at once', async () => {
  const client = rawStreamRequest(net.connect(gatewayPort(), '127.0.0.1'), 'long trickle');
  let received = 0;
  client.on('data', (chunk) => { received += chunk.length; });
  await until(() => stats.trickleOpen && received > event.length, 'the stream to start');
  client.destroy();
  await until(() => !stats.trickleOpen, 'the upstream to see the stream cancelled', 5000);
  await fastBatch(); // and the provider is served on as before
});

test('cancelling a paused stream leaves the other streams on its connection alone', async () => {
  const slow = await stalledSlowClient();
  delete stats.sessionOf.trickle;
  const other = fastStream('trickle');
  await until(() => stats.sessionOf.trickle !== undefined, 'the other stream to start');
  assert.equal(stats.sessionOf.trickle, stats.sessionOf.slow, 'both streams share one connection');
  slow.destroy();
  await until(() => !stats.slowStreamOpen, 'the upstream to see the stream cancelled', 10000);
  const reply = await other;
  assert.equal(reply.status, 200);
  assert.ok(reply.done, 'the other stream ended with [DONE]');
  assert.ok(stats.openSessions.has(stats.sessionOf.slow), 'their connection stayed up');
});
