/**
 * Next.js 16 with the App Router, from the packed package (issue #14.6):
 * test/consumer/app-next installed with `next@16` and this repository's
 * React 19 from the registry, `next build` (Turbopack, the pages
 * prerendered), `next start`, and driven in Chromium.
 *
 * - /register: a server component renders a 'use client' component with
 *   `NidRegister` from `nid-journeys/react`. After server rendering and
 *   hydration the `settings` arrived (the First name field) and
 *   `onNidSuccess` fires once the register call went through (the stub
 *   identity service answers it).
 * - /reset: the README's Next.js recipe for a page that receives a code,
 *   copied from the packed README: `?code=` is taken by the element and is
 *   not back in the address bar after hydration, after `router.refresh()`
 *   and after a client-side navigation and Back.
 * - /bare and /reset-ssr only report what happens without the components or
 *   without the recipe (the bare tag's `onnid-success` after hydration,
 *   react/react#35446; the code after Next's hydration): informational, so
 *   that the suite does not depend on React or Next keeping a bug.
 *
 * Needs Chromium (skipped, said so, without it) and the npm registry.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
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

const TIMEOUT = 15_000;
const PASSWORD = 'correct horse battery stapler';
const REGISTER = '/idp/v1/account/register';
const CODE = 'next-reset-code-1234';
const { executablePath, skip } = chromiumOrSkip();
const env = { NEXT_TELEMETRY_DISABLED: '1' };

let work: string;
let app: string;
let stub: StubService;
let server: AppServer | undefined;
let browser: Browser | undefined;
const timings: string[] = [];

/** Opens `path` in a new tab that records uncaught errors and console errors. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser!.newPage({ locale: 'en-US' });
  page.setDefaultTimeout(TIMEOUT);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${server!.url}${path}`);
  return { page, problems };
}

/** Fills the register form (the First name field only if `firstName`) and submits it. */
async function register(page: Page, email: string, firstName: boolean): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(email);
  if (firstName) await page.getByLabel('First name', { exact: true }).fill('Ada');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

const settle = (page: Page) => page.waitForTimeout(1_500);

before(
  async () => {
    if (skip) return;
    work = mkdtempSync(join(tmpdir(), 'nid-next-'));
    app = join(work, 'app');
    stub = await startStubService();
    const tarball = await timed(timings, 'npm pack', () => pack(work));
    cpSync(fileURLToPath(new URL('./app-next/', import.meta.url)), app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'next-consumer', private: true, scripts: {} }, null, 2));
    // Next's peers, and the TypeScript it checks the app with: the versions this repository uses.
    const same = ['react', 'react-dom', 'typescript', '@types/react', '@types/react-dom', '@types/node'].map((name) => `${name}@${repoVersion(name)}`);
    await timed(timings, 'npm install', () => npmInstall(app, ['next@16', ...same, tarball]));

    // The README's recipe for a page that receives a code, as written, with the stub's address.
    const recipes = readmeBlocks(app, 'tsx').filter((code) => code.includes("from 'next/dynamic'"));
    assert.equal(recipes.length, 1, 'the README has one Next.js recipe (a tsx block importing next/dynamic)');
    writeFileSync(join(app, 'components/reset.tsx'), substitute(recipes[0]!, '"https://id.eu.nextreason.com"', JSON.stringify(stub.url)));

    await timed(timings, 'next build', () =>
      run(join(app, 'node_modules/.bin/next'), ['build'], { cwd: app, env: { ...process.env, ...env, NID_BASE_DOMAIN: stub.url }, maxBuffer: 64 * 1024 * 1024 }).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => assert.fail(`next build failed:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`),
      ),
    );
    const port = await freePort();
    server = await timed(timings, 'next start', () =>
      startAppServer(join(app, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: app,
        url: `http://127.0.0.1:${port}`,
        probe: '/register',
        env: { ...env, NID_BASE_DOMAIN: stub.url },
      }),
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
  if (timings.length) console.log(`next: ${timings.join(', ')}`);
});

describe('Next 16 App Router (next build, next start), from the packed package', { skip, timeout: 120_000 }, () => {
  it('/register: NidRegister in a client component, server-rendered and hydrated: settings arrive, it registers, onNidSuccess fires', async () => {
    const { page, problems } = await open('/register');
    // The server's HTML already carries the text configuration, as attributes.
    const served = await (await fetch(`${server!.url}/register`)).text();
    assert.match(served, new RegExp(`<nid-register[^>]* base-domain="${stub.url}"`), 'the server rendered <nid-register base-domain=…>');

    // settings={{ register_fields: [firstName] }}: an object, which only the component sets after hydration.
    await page.getByLabel('First name', { exact: true }).waitFor();
    await settle(page);
    const email = `next.${Date.now().toString(36)}@example.com`;
    await register(page, email, true);
    await page.locator('#result', { hasText: 'registered: register verification_sent' }).waitFor();

    const calls = stub.calls.filter((call) => call.method === 'POST' && call.path === REGISTER && (call.body['profile_fields'] as Record<string, string>)?.['emailAddress'] === email);
    assert.equal(calls.length, 1, 'one register call');
    assert.equal(calls[0]!.headers.origin, server!.url);
    assert.equal(calls[0]!.body['client_id'], 'next-consumer');
    assert.equal((calls[0]!.body['profile_fields'] as Record<string, string>)['firstName'], 'Ada', 'the settings’ First name field went with it');
    assert.deepEqual(problems, [], 'no uncaught or console errors (a hydration mismatch is one)');
    await page.close();
  });

  it('/reset?code=…: the README’s recipe (next/dynamic, ssr: false) takes the code, and Next does not put it back', async () => {
    const { page, problems } = await open(`/reset?code=${CODE}`);
    // The code was read: the element asks for the new password straight away.
    await page.getByRole('button', { name: 'Set new password' }).waitFor();
    const path = () => new URL(page.url()).pathname + new URL(page.url()).search;
    assert.equal(path(), '/reset', 'the code left the address bar');
    await settle(page); // Next hydrated long ago; anything it does late, it did by now
    assert.equal(path(), '/reset', 'and stays out of it after hydration');

    // The refresh fetches the page's server components again (`?_rsc=`), then commits, writing the address.
    const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === '/reset' && new URL(response.url()).searchParams.has('_rsc'));
    await page.getByRole('button', { name: 'router.refresh()' }).click();
    await refreshed;
    await settle(page);
    // Next's router writes the URL it knows back on a refresh: it must have learnt the element's replaceState
    // (it does when the state passed is not marked as Next's own, `__NA`).
    assert.equal(path(), '/reset', 'after router.refresh(), Next wrote the code back: its router never learnt the URL without it');
    await page.getByRole('button', { name: 'Set new password' }).waitFor(); // the same element, still on its step

    // A client-side navigation and Back: the history entry the element replaced is the one Next returns to.
    await page.getByRole('link', { name: 'Elsewhere' }).click();
    await page.getByRole('heading', { name: 'Elsewhere' }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Send reset link' }).waitFor(); // a new element, no code this time
    await settle(page);
    assert.equal(path(), '/reset', 'after a client-side navigation and Back');
    assert.ok(!stub.calls.some((call) => JSON.stringify(call).includes(CODE)), 'the code is never sent on page load');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('informational: the bare tag server-rendered (react/react#35446), and /reset without the recipe', async (t: TestContext) => {
    // Not assertions: React and Next may fix these. They say whether the README's advice is still needed.
    const { page } = await open('/bare');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    await settle(page);
    const firstName = (await page.getByLabel('First name', { exact: true }).count()) > 0;
    await register(page, `bare.${Date.now().toString(36)}@example.com`, firstName);
    await page.getByText('Check your email', { exact: false }).first().waitFor();
    await settle(page);
    const result = (await page.locator('#result').textContent()) ?? '';
    const bare = `bare <nid-register> after SSR + hydration: settings ${firstName ? 'arrived' : 'did NOT arrive (no First name field)'}; onnid-success ${result ? `fired (${result})` : 'did NOT fire'}`;
    t.diagnostic(bare);
    console.log(`next (informational): ${bare}`);
    await page.close();

    const ssr = await open(`/reset-ssr?code=${CODE}`);
    let step = 'Set new password';
    await ssr.page.getByRole('button', { name: step }).waitFor({ timeout: 5_000 }).catch(() => (step = 'not the new-password step'));
    await settle(ssr.page);
    const search = new URL(ssr.page.url()).search;
    const reset = `NidForgotPassword server-rendered on /reset-ssr?code=…: the element showed ${step}; after hydration the address bar ${search.includes(CODE) ? `HAS the code again (${search})` : 'has no code'}`;
    t.diagnostic(reset);
    console.log(`next (informational): ${reset}`);
    await ssr.page.close();
  });
});
