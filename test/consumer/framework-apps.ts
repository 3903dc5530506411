/**
 * What the framework consumer tests (next.test.ts, svelte.test.ts) share: a
 * scratch app installed with npm from the registry (the framework) and from
 * the packed tarball (this package, with its dependencies from the registry
 * too, as an npm user gets them); a stub identity service; a server process
 * (`next start`, `vite preview`) on a free loopback port; and Chromium.
 *
 * Nothing is cached between runs: each run installs into a fresh directory
 * under the system's temporary directory and removes it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { findBrowsers } from '../../.ci/browsers.mjs';
import { root, run } from './packed.js';

/** Chromium's path, or why the framework tests skip (the one precondition outside this repository). */
export function chromiumOrSkip(): { executablePath?: string; skip: string | false } {
  const executablePath = findBrowsers().chromium;
  return executablePath ? { executablePath, skip: false } : { skip: 'Chromium not found: install it (Debian: chromium) or set CHROME_PATH' };
}

/** The version of `name` this repository has installed (so that a scratch app uses the same React, TypeScript...). */
export function repoVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * `npm install` of `specs` in `app` (which has a package.json), from the
 * registry, quietly, with `env` added; its output when it fails. A failure
 * fails the test.
 */
export async function npmInstall(app: string, specs: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel', 'error', ...specs], {
    cwd: app,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  }).catch((error: { stdout?: string; stderr?: string; message: string }) =>
    assert.fail(`npm install ${specs.join(' ')} failed in ${app}:\n${error.stderr || error.stdout || error.message}`),
  );
}

/** The code blocks of `lang` in the "Framework use" section of the README that `app` has installed (the packed one). */
export function readmeBlocks(app: string, lang: string): string[] {
  const readme = readFileSync(join(app, 'node_modules/nid-journeys/README.md'), 'utf8');
  const start = readme.indexOf('\n## Framework use\n');
  assert.ok(start >= 0, 'the README has a "Framework use" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter(([, language]) => language === lang).map(([, , code]) => code!);
}

/** `text` with `from` replaced by `to`, which must be there. */
export function substitute(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the README's example has ${from}`);
  return text.split(from).join(to);
}

/** One call the stub identity service received. */
export interface StubCall {
  method: string;
  path: string;
  search: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface StubService {
  url: string;
  calls: StubCall[];
  close(): Promise<void>;
}

/**
 * The identity service, stubbed: CORS for any origin (the preflight
 * included), and contract v2's register (`POST /idp/v1/account/register`)
 * answered 200 `{ uuid }`, as in test/e2e. Any other call is recorded and
 * answered 404, so that a test sees it.
 */
export async function startStubService(): Promise<StubService> {
  const calls: StubCall[] = [];
  const server: Server = createServer((request, response) => {
    const cors = {
      'Access-Control-Allow-Origin': request.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'content-type',
      Vary: 'Origin',
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { unparsed: text };
      }
      calls.push({ method: request.method ?? '', path: url.pathname, search: url.search, headers: request.headers, body });
      if (request.method === 'POST' && url.pathname === '/idp/v1/account/register') {
        response.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify({ uuid: '3f0d8f5e-7c1a-4b0e-9d5b-2a6f1c9e8b71' }));
        return;
      }
      response.writeHead(404, { ...cors, 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppServer {
  url: string;
  /** What the server printed, for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` (in a process group of its own, so that it is stopped
 * with its children) and waits until `url` + `probe` answers with a status
 * below 500.
 */
export async function startAppServer(
  command: string,
  args: string[],
  options: { cwd: string; url: string; probe?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<AppServer> {
  let output = '';
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => child.on('exit', (code, signal) => ((exited = `exited (${signal ?? code})`), resolve())));
  const stop = async () => {
    if (exited === undefined && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await gone;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) assert.fail(`${command} ${args.join(' ')} ${exited} before answering:\n${output}`);
    try {
      const response = await fetch(`${options.url}${options.probe ?? '/'}`, { redirect: 'manual' });
      if (response.status < 500) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      assert.fail(`${command} ${args.join(' ')} did not answer ${options.url}${options.probe ?? '/'} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: options.url, output: () => output, stop };
}

/** Runs `fn`, and records how long it took under `label` in `timings`. */
export async function timed<T>(timings: string[], label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
