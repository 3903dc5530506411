/**
 * What the framework consumer tests (next, svelte, angular; lit-ssr in part)
 * share: a scratch app installed with npm from the registry (the framework)
 * and from the packed tarball (this package, with its dependencies from the
 * registry too, as an npm user gets them); a stub identity service; a
 * server process (`next start`, `vite preview`...) on a free loopback port;
 * and Chromium, whose pages record what went wrong. `FrameworkApp` holds the
 * lot for one test file, from its `before` to its `after`.
 *
 * Nothing is cached between runs: each run installs into a fresh directory
 * under the system's temporary directory and removes it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowsers } from '../../.ci/browsers.mjs';
import { pack, root, run } from './packed.js';

/** The password every consumer test registers with, and the register call's path (contract v2). */
export const PASSWORD = 'correct horse battery stapler';
export const REGISTER = '/idp/v1/account/register';

/** Fills `<nid-register>`'s form as a user would (First name only when given) and presses Create account. */
export async function submitRegister(page: Page, email: string, firstName?: string): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email);
  if (firstName !== undefined) await page.getByLabel('First name', { exact: true }).fill(firstName);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

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
      if (request.method === 'POST' && url.pathname === REGISTER) {
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

/** Runs one step of an app's build (`next build`, `vite build`...), timed under `label`; fails the test with its output. */
export async function buildStep(
  timings: string[],
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const { stdout } = await timed(timings, label, () =>
    run(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => assert.fail(`${label} failed:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`),
    ),
  );
  return stdout;
}

/** A tab and what went wrong in it. */
export interface RecordedPage {
  page: Page;
  /** Uncaught errors and console errors (and warnings, when asked for), as they happened. */
  problems: string[];
}

/**
 * Opens `url` in a new tab that records uncaught errors and console errors
 * (`warnings`: console warnings too). `prepare` runs before the navigation,
 * to add recorders of its own.
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: { timeout?: number; warnings?: boolean; prepare?: (recorded: RecordedPage) => Promise<void> } = {},
): Promise<RecordedPage> {
  const page = await browser.newPage({ locale: 'en-US' });
  page.setDefaultTimeout(options.timeout ?? 15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || (options.warnings && message.type() === 'warning')) problems.push(`console ${message.type()}: ${message.text()}`);
  });
  await options.prepare?.({ page, problems });
  await page.goto(url);
  return { page, problems };
}

/**
 * One framework app under test, for one test file: `prepare()` in its
 * `before` (scratch directory, stub service, packed tarball, the app's
 * template), its own install and build, `serve()`, then `open()` in its
 * tests and `close()` in its `after`.
 */
export class FrameworkApp {
  work = '';
  /** The app's directory. */
  app = '';
  stub: StubService | undefined;
  server: AppServer | undefined;
  browser: Browser | undefined;
  readonly timings: string[] = [];

  /** `name`: for the scratch directory and the timings line ("next: npm pack 1.2 s, ..."). */
  constructor(readonly name: string) {}

  /** A scratch directory, the stub service, the packed tarball (its path is returned) and `template` (a folder beside these tests) as the app, with `packageJson`. */
  async prepare(template: string, packageJson: Record<string, unknown>): Promise<string> {
    this.work = mkdtempSync(join(tmpdir(), `nid-${this.name}-`));
    this.app = join(this.work, 'app');
    this.stub = await startStubService();
    const tarball = await timed(this.timings, 'npm pack', () => pack(this.work));
    cpSync(fileURLToPath(new URL(`./${template}/`, import.meta.url)), this.app, { recursive: true });
    writeFileSync(join(this.app, 'package.json'), JSON.stringify(packageJson, null, 2));
    return tarball;
  }

  /** Starts the app's server (`label`) on a free loopback port, which `args` receives, and Chromium. */
  async serve(label: string, command: string, args: (port: number) => string[], options: { probe?: string; env?: (port: number) => NodeJS.ProcessEnv } = {}): Promise<void> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    this.server = await timed(this.timings, label, () =>
      startAppServer(command, args(port), { cwd: this.app, url, ...(options.probe ? { probe: options.probe } : {}), ...(options.env ? { env: options.env(port) } : {}) }),
    );
    this.browser = await chromium.launch({ executablePath: findBrowsers().chromium!, args: CHROMIUM_ARGS });
  }

  /** The app's `path` in a new tab that records what went wrong (see openPage). */
  open(path: string, timeout?: number): Promise<RecordedPage> {
    return openPage(this.browser!, `${this.server!.url}${path}`, timeout === undefined ? {} : { timeout });
  }

  /** Stops everything and removes the scratch directory; prints the timings. */
  async close(): Promise<void> {
    await this.browser?.close();
    await this.server?.stop();
    await this.stub?.close();
    if (this.work) rmSync(this.work, { recursive: true, force: true });
    if (this.timings.length) console.log(`${this.name}: ${this.timings.join(', ')}`);
  }
}
