// What the HTTP/2 upstream tests share: a self-signed certificate for 127.0.0.1, a gateway
// (`clawgatectl serve`) with one alias whose only backend is the test's HTTPS upstream, and a
// chat request through it.
import { before, after } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const clientKey = 'sk-h2-test-key';

export function makeTempDirWithCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'clawgate-h2-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { dir, key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

// Starts the gateway in front of https://127.0.0.1:<port>; resolves to { process, url }.
export function startGateway(dir, port) {
  const config = {
    version: 1,
    server: { host: '127.0.0.1', port: 0 },
    clientKeys: [{ name: 'h2', sha256: createHash('sha256').update(clientKey).digest('hex'), status: 'active' }],
    providers: { tls: { type: 'openai', baseUrl: `https://127.0.0.1:${port}/v1`, caFile: join(dir, 'cert.pem') } },
    models: [{ alias: 'chat', backends: [{ provider: 'tls', model: 'h2-model' }] }],
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const gateway = spawn(process.env.CLAWGATECTL, ['serve', '--config', join(dir, 'config.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    gateway.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) resolve({ process: gateway, url: match[1] });
    });
    gateway.on('exit', (code) => reject(new Error(`clawgatectl exited with ${code}: ${output}`)));
  });
}

export async function stopGateway(gateway, dir) {
  if (gateway && gateway.process.exitCode === null) {
    await new Promise((resolve) => { gateway.process.on('exit', resolve); gateway.process.kill('SIGTERM'); });
  }
  rmSync(dir, { recursive: true, force: true });
}

export async function chat(gatewayUrl) {
  const reply = await fetch(`${gatewayUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: reply.status, body: await reply.json(), attempts: reply.headers.get('x-clawgate-attempts') };
}

export function chatReply(model, content) {
  return JSON.stringify({ id: 'h2', object: 'chat.completion', model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
}

// Registers the hooks that start the gateway in front of the upstream `startUpstream` starts
// (it resolves to the port) and stop both; `state.gateway` is the running gateway.
export function useGatewayInFront(startUpstream, stopUpstream) {
  const state = {};
  before(async () => {
    state.tls = makeTempDirWithCertificate();
    state.gateway = await startGateway(state.tls.dir, await startUpstream(state.tls));
  });
  after(async () => {
    await stopGateway(state.gateway, state.tls.dir);
    stopUpstream();
  });
  return state;
}
