// What every SDK test file needs: the real mock upstream and a real `clawgatectl serve` as
// child processes (paths from CTest's environment), the mock's control API, and a clean
// shutdown. The SDKs themselves are loaded from CLAWGATE_SDK_DIR, where tests/run-all.sh
// installs the pinned versions.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const sdkRequire = createRequire(join(process.env.CLAWGATE_SDK_DIR ?? '.', 'package.json'));

// An npm package as installed for the tests, e.g. sdk('openai').
export function sdk(name) {
  const module = sdkRequire(name);
  return module.default ?? module;
}

export const clientKey = 'sk-sdk-test-key';

const children = [];
let dir;

function startProcess(program, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${program} did not start: ${output}`)), 10000);
    child.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`${program} exited with ${code}: ${output}`)));
  });
}

// The mock upstream, controlled over /_mock/...: each route (first path segment) is one
// upstream with its own behaviour and recorded requests.
export class Mock {
  constructor(url) {
    this.url = url;
  }

  static async start() {
    return new Mock(await startProcess(process.env.MOCK_UPSTREAM, ['--port', '0']));
  }

  baseUrl(route) {
    return `${this.url}/${route}/v1`;
  }

  async control(method, path, body) {
    const reply = await fetch(`${this.url}/_mock/${path}`, {
      method, headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.equal(reply.status, 200);
    return reply.json();
  }

  // The route's answer from now on.
  program(route, behavior) {
    return this.control('PUT', `behavior/${route}`, behavior);
  }

  // The answer to the route's next request only (before the standing one).
  enqueue(route, behavior) {
    return this.control('POST', `enqueue/${route}`, behavior);
  }

  reset() {
    return this.control('POST', 'reset', {});
  }

  // Requests the route received, oldest first, bodies parsed (raw text kept in rawBody).
  async requests(route) {
    const list = await this.control('GET', `requests/${route}`);
    return list.map((r) => ({ ...r, rawBody: r.body, body: r.body ? JSON.parse(r.body) : null }));
  }
}

// Starts the gateway on port 0 with `config` (server and clientKeys filled in) and returns its
// base URL, without /v1.
export async function startGateway(config) {
  dir = mkdtempSync(join(tmpdir(), 'clawgate-sdk-'));
  const full = {
    version: 1,
    server: { host: '127.0.0.1', port: 0 },
    clientKeys: [{ name: 'sdk', sha256: createHash('sha256').update(clientKey).digest('hex'), status: 'active' }],
    ...config,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(full));
  return startProcess(process.env.CLAWGATECTL, ['serve', '--config', join(dir, 'config.json')]);
}

// Lets each program shut down gracefully (the gateway saves its state) before removing files.
export async function stopAll() {
  await Promise.all(children.map((child) => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', resolve);
    child.kill('SIGTERM');
  })));
  if (dir) rmSync(dir, { recursive: true, force: true });
}

// One OpenAI chat stream event / one Anthropic stream event, as the mock writes them.
export function sse(object) {
  return { data: `data: ${JSON.stringify(object)}\n\n` };
}

export function anthropicSse(event) {
  return { data: `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n` };
}

export const chatDone = { data: 'data: [DONE]\n\n' };
