// An HTTPS upstream that speaks HTTP/2 and sends GOAWAY after every few streams, as real APIs
// do when they rotate connections. Every request through the gateway must still succeed
// (QNetworkAccessManager in Qt 6.4.2 hangs or fails whole batches here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { useGatewayInFront, chat as chatThrough, chatReply } from './h2support.mjs';

const STREAMS_PER_CONNECTION = 3;
let server;
const stats = { sessions: 0, goaways: 0, streams: 0 };

function startUpstream(tls) {
  server = http2.createSecureServer({ key: tls.key, cert: tls.cert });
  // Connections the gateway drops on shutdown surface as errors here; they are expected.
  server.on('sessionError', () => {});
  server.on('session', (session) => {
    stats.sessions += 1;
    session.on('error', () => {});
    let served = 0;
    session.on('stream', (stream, headers) => {
      stream.on('error', () => {});
      let body = '';
      stream.on('data', (chunk) => { body += chunk; });
      stream.on('end', () => {
        stats.streams += 1;
        const request = JSON.parse(body);
        stream.respond({ ':status': 200, 'content-type': 'application/json' });
        // Answer a little later, so several streams share the connection when GOAWAY comes.
        setTimeout(() => {
          stream.end(chatReply(request.model, `over ${headers[':path']}`));
          served += 1;
          if (served === STREAMS_PER_CONNECTION && !session.destroyed) {
            stats.goaways += 1;
            session.goaway(http2.constants.NGHTTP2_NO_ERROR);
          }
        }, 5);
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

const inFront = useGatewayInFront(startUpstream, () => server?.close());

const chat = () => chatThrough(inFront.gateway.url);

test('sequential requests survive GOAWAY on every connection', async () => {
  for (let i = 0; i < 12; i += 1) {
    const reply = await chat();
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.choices[0].message.content, 'over /v1/chat/completions');
    assert.equal(reply.body.model, 'h2-model');
  }
  assert.ok(stats.goaways >= 3, `GOAWAYs sent: ${stats.goaways}`);
});

test('concurrent requests survive GOAWAY while streams share a connection', async () => {
  const goawaysBefore = stats.goaways;
  const replies = await Promise.all(Array.from({ length: 40 }, () => chat()));
  for (const reply of replies) assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.ok(stats.goaways > goawaysBefore, 'the server sent GOAWAY during the batch');
  assert.ok(stats.sessions >= 2, `connections: ${stats.sessions}`);
});
