// When the gateway (through libcurl) may send a request to an HTTP/2 upstream again: after the
// upstream refused the stream (REFUSED_STREAM promises it never processed it), yes, and the
// request must then succeed; after the upstream read the request and dropped the connection
// without answering, never, since it may be running the model for it and bill it.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { useGatewayInFront, chat as chatThrough, chatReply } from './h2support.mjs';

let server;
let misbehave = 'none'; // 'refuse': every connection's second stream; 'drop': the next request
const stats = { received: 0, refused: 0, dropped: 0 };

function startUpstream(tls) {
  server = http2.createSecureServer({ key: tls.key, cert: tls.cert });
  server.on('sessionError', () => {});
  server.on('session', (session) => {
    session.on('error', () => {});
    let streams = 0;
    session.on('stream', (stream) => {
      stream.on('error', () => {});
      streams += 1;
      const second = streams === 2;
      if (second && misbehave === 'refuse') {
        stats.refused += 1;
        stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
        return;
      }
      let body = '';
      stream.on('data', (chunk) => { body += chunk; });
      stream.on('end', () => {
        stats.received += 1; // the whole request is here: from now on it may be billed
        if (misbehave === 'drop' && stats.dropped === 0) {
          stats.dropped += 1;
          session.destroy();
          return;
        }
        stream.respond({ ':status': 200, 'content-type': 'application/json' });
        stream.end(chatReply(JSON.parse(body).model, 'ok'));
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

const inFront = useGatewayInFront(startUpstream, () => server?.close());

beforeEach(() => {
  Object.assign(stats, { received: 0, refused: 0, dropped: 0 });
});

const chat = () => chatThrough(inFront.gateway.url);

test('a refused stream is sent again and succeeds', async () => {
  misbehave = 'refuse';
  for (let i = 0; i < 4; i += 1) {
    const reply = await chat();
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  }
  assert.ok(stats.refused >= 1, `refused: ${stats.refused}`);
  assert.equal(stats.received, 4); // every request processed exactly once
});

test('a request the upstream received is never sent again', async () => {
  misbehave = 'drop';
  const reply = await chat();
  assert.equal(reply.status, 502, JSON.stringify(reply.body)); // the only backend failed
  assert.equal(stats.dropped, 1);
  assert.equal(stats.received, 1); // and was not sent the request again
});
