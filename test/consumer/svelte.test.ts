/**
 * Svelte 5 + Vite, from the packed package (issue #14.6):
 * test/consumer/app-svelte installed with `svelte@5`,
 * `@sveltejs/vite-plugin-svelte` and this repository's Vite from the
 * registry, `vite build`, `vite preview`, and driven in Chromium. The
 * component, src/App.svelte, is the README's Svelte example as written (with
 * the stub service's address): the bare `<nid-register>` with `settings={…}`
 * (an object: Svelte 5 sets it as the element's property) and
 * `onnid-success` (Svelte 5's event attribute, for the custom event
 * `nid-success`).
 *
 * Needs Chromium (skipped, said so, without it) and the npm registry.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../.ci/browsers.mjs';
import {
  chromiumOrSkip,
  freePort,
  npmInstall,
  readmeBlocks,
  repoVersion,
  startAppServer,
  startStubService,
  substitute,
  timed,
  type AppServer,
  type StubService,
} from './framework-apps.js';
import { pack, run } from './packed.js';

const PASSWORD = 'correct horse battery stapler';
const REGISTER = '/idp/v1/account/register';
const { executablePath, skip } = chromiumOrSkip();

let work: string;
let app: string;
let stub: StubService;
let server: AppServer | undefined;
let browser: Browser | undefined;
const timings: string[] = [];

before(
  async () => {
    if (skip) return;
    work = mkdtempSync(join(tmpdir(), 'nid-svelte-'));
    app = join(work, 'app');
    stub = await startStubService();
    const tarball = await timed(timings, 'npm pack', () => pack(work));
    cpSync(fileURLToPath(new URL('./app-svelte/', import.meta.url)), app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'svelte-consumer', private: true, type: 'module' }, null, 2));
    await timed(timings, 'npm install', () => npmInstall(app, ['svelte@5', '@sveltejs/vite-plugin-svelte', `vite@${repoVersion('vite')}`, tarball]));
    const [example, ...more] = readmeBlocks(app, 'svelte');
    assert.ok(example && more.length === 0, 'the README has one Svelte example');
    const component = substitute(substitute(example, '"https://id.eu.nextreason.com"', JSON.stringify(stub.url)), '"my-client"', '"svelte-consumer"');
    writeFileSync(join(app, 'src/App.svelte'), component);
    const vite = join(app, 'node_modules/.bin/vite');
    await timed(timings, 'vite build', () =>
      run(vite, ['build', '--logLevel', 'warn'], { cwd: app }).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => assert.fail(`vite build failed:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`),
      ),
    );
    const port = await freePort();
    server = await timed(timings, 'vite preview', () =>
      startAppServer(vite, ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: app, url: `http://127.0.0.1:${port}` }),
    );
    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
  },
  { timeout: 600_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
  await stub?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`svelte: ${timings.join(', ')}`);
});

describe('Svelte 5 + Vite (vite build, vite preview), from the packed package', { skip, timeout: 60_000 }, () => {
  it('the installed versions are Svelte 5 and a plugin for this Vite', () => {
    const version = (name: string) => (JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    assert.match(version('svelte'), /^5\./);
    assert.equal(version('vite'), repoVersion('vite'));
  });

  it('the README’s Svelte example: settings={…} renders its field, it registers, the onnid-success handler runs', async () => {
    const page = await browser!.newPage({ locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${server!.url}/`);

    await page.getByLabel('First name', { exact: true }).waitFor(); // settings={…} arrived as a property
    const email = `svelte.${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('First name', { exact: true }).fill('Grace');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('register: verification_sent', { exact: true }).waitFor(); // written by its onnid-success handler

    const calls = stub.calls.filter((call) => call.method === 'POST' && call.path === REGISTER);
    assert.equal(calls.length, 1, 'one register call');
    assert.equal(calls[0]!.headers.origin, server!.url);
    assert.equal(calls[0]!.body['client_id'], 'svelte-consumer');
    assert.deepEqual(calls[0]!.body['profile_fields'], { emailAddress: email, firstName: 'Grace', newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
