// An HTTPS upstream that speaks HTTP/2 and sends GOAWAY after every few streams, as real APIs
// do when they rotate connections. Every request through the gateway must still succeed
// (QNetworkAccessManager in Qt 6.4.2 hangs or fails whole batches here, which is why the
// gateway uses libcurl).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STREAMS_PER_CONNECTION = 3;
let dir;
let server;
let gateway;
let gatewayUrl;
const stats = { sessions: 0, goaways: 0, streams: 0 };
const key = 'sk-h2-test-key';

function startUpstream() {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = http2.createSecureServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
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
        const reply = { id: 'h2', object: 'chat.completion', model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content: `over ${headers[':path']}` }, finish_reason: 'stop' }] };
        stream.respond({ ':status': 200, 'content-type': 'application/json' });
        // Answer a little later, so several streams share the connection when GOAWAY comes.
        setTimeout(() => {
          stream.end(JSON.stringify(reply));
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

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clawgate-h2-'));
  const port = await startUpstream();
  const config = {
    version: 1,
    server: { host: '127.0.0.1', port: 0 },
    clientKeys: [{ name: 'h2', sha256: createHash('sha256').update(key).digest('hex'), status: 'active' }],
    providers: { tls: { type: 'openai', baseUrl: `https://127.0.0.1:${port}/v1`, caFile: join(dir, 'cert.pem') } },
    models: [{ alias: 'chat', backends: [{ provider: 'tls', model: 'h2-model' }] }],
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  gateway = spawn(process.env.CLAWGATECTL, ['serve', '--config', join(dir, 'config.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
  gatewayUrl = await new Promise((resolve, reject) => {
    let output = '';
    gateway.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    gateway.on('exit', (code) => reject(new Error(`clawgatectl exited with ${code}: ${output}`)));
  });
});

after(async () => {
  if (gateway && gateway.exitCode === null) {
    await new Promise((resolve) => { gateway.on('exit', resolve); gateway.kill('SIGTERM'); });
  }
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function chat() {
  const reply = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: reply.status, body: await reply.json(), attempts: reply.headers.get('x-clawgate-attempts') };
}

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
