/**
 * The package as an npm user gets it: `npm pack` of the build, installed into
 * a fresh app (test/consumer/app: a plain Vite app), built with Vite, served
 * by the reference server (so its Journeys API accepts the app's origin, and
 * the page runs under the demo's strict CSP and Trusted Types) and driven in
 * Chromium like a user. The framework typings (test/types) are checked again
 * against the packed package, through its `exports`.
 *
 * Needs `npm run build` and Chromium (as the e2e tests). The tarball is
 * installed offline, as ./packed.ts says.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowsers } from '../../.ci/browsers.mjs';
import { startReferenceServer, type ReferenceServer } from '../../demo/server/reference-server.js';
import { bin, install, linkFromRepo, pack, run } from './packed.js';
const TIMEOUT = 15_000;
/** Contract v2: the vendor's register call, and what the element says once it went through. */
const REGISTER = '/idp/v1/account/register';
const CHECK_EMAIL = 'Check your email: we sent you a message to verify your account.';
/** Not on the reference server's breached list (which has "correct horse battery staple"). */
const PASSWORD = 'correct horse battery stapler';

let work: string;
let app: string;
let server: ReferenceServer;
let browser: Browser;
const timings: string[] = [];

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** The first code block of each language in the README's "Framework use" section (the README the package ships). */
function readmeExamples(): Record<string, string> {
  const readme = readFileSync(join(app, 'node_modules/nid-journeys/README.md'), 'utf8');
  const start = readme.indexOf('\n## Framework use\n');
  assert.ok(start >= 0, 'the README has a "Framework use" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks: Record<string, string> = {};
  for (const [, lang, code] of section.matchAll(/```(\w+)\n([\s\S]*?)```/g)) blocks[lang!] ??= code!;
  for (const lang of ['js', 'tsx', 'vue']) assert.ok(blocks[lang], `the section has a ${lang} example`);
  return blocks;
}

/** `text` with `from` replaced by `to`, which must be there. */
function substitute(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the README's example has ${from}`);
  return text.replace(from, to);
}

/** Opens a page of the app in a new tab that records page errors, console errors and requests. */
async function open(path: string): Promise<{ page: Page; problems: string[]; requests: string[]; registers: Request[] }> {
  const page = await browser.newPage({ locale: 'en-US' });
  page.setDefaultTimeout(TIMEOUT);
  const problems: string[] = [];
  const requests: string[] = [];
  const registers: Request[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    requests.push(request.url());
    if (request.method() === 'POST' && new URL(request.url()).pathname === REGISTER) registers.push(request);
  });
  const response = await page.goto(`${server.siteUrl}${path}`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  assert.match(policy, /require-trusted-types-for 'script'/, `${path} is served with the demo's strict CSP`);
  return { page, problems, requests, registers };
}

/** The JavaScript one page of the built app loads before any dynamic import. */
function staticChunks(manifest: Record<string, { file: string; imports?: string[] }>, entry: string): string {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const child of manifest[key]?.imports ?? []) visit(child);
  };
  visit(entry);
  return [...seen].map((key) => readFileSync(join(app, 'dist', manifest[key]!.file), 'utf8')).join('\n');
}

before(async () => {
  const executablePath = findBrowsers().chromium;
  assert.ok(executablePath, 'Chromium not found: install it (Debian: chromium) or set CHROME_PATH');
  work = mkdtempSync(join(tmpdir(), 'nid-consumer-'));
  app = join(work, 'app');

  // What `npm publish` would upload.
  const tarball = await timed('npm pack', () => pack(work));

  // The app, with the tarball "installed": unpacked, its dependencies beside it.
  await timed('install', async () => {
    cpSync(fileURLToPath(new URL('./app/', import.meta.url)), app, { recursive: true });
    await install(app, tarball);
  });

  // The server first: the app is built with its API address, as an app is built with its service's.
  server = await startReferenceServer({ sitePort: 0, apiPort: 0, demoDir: join(app, 'dist'), log: () => {} });
  // A third page: the README's plain example as written, with the test's service and client.
  let example = readmeExamples()['js']!;
  example = substitute(example, "'https://id.eu.nextreason.com'", JSON.stringify(server.apiUrl));
  example = substitute(example, "'my-client'", "'demo-minimal'");
  writeFileSync(join(app, 'readme.js'), example);
  writeFileSync(
    join(app, 'readme.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>README example</title><link rel="icon" href="data:,"></head>\n' +
      '<body><main><div id="journey"></div></main><script type="module" src="./readme.js"></script></body></html>\n',
  );
  await timed('vite build', () =>
    run(bin('vite'), ['build', '--logLevel', 'warn'], {
      cwd: app,
      env: { ...process.env, VITE_NID_BASE_DOMAIN: server.apiUrl, VITE_NID_ENV_ID: server.envId, VITE_NID_CLIENT_ID: 'demo-minimal' },
    }),
  );
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`consumer: ${timings.join(', ')}`);
});

describe('the npm package in a Vite app', { timeout: 120_000 }, () => {
  it('ships what the exports name, and nothing from src/', () => {
    const installed = join(app, 'node_modules', 'nid-journeys');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    for (const [entry, target] of Object.entries(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
        assert.ok(existsSync(join(installed, file)), `exports["${entry}"] names ${file}, which the tarball lacks`);
      }
    }
    assert.ok(!existsSync(join(installed, 'src')), 'no sources in the tarball');
    const maps = readdirSync(join(installed, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.d.ts.map'));
    assert.deepEqual(maps, [], 'no declaration maps: they would point at src/, which is not shipped');
    const typesVersions = (pkg as { typesVersions?: Record<string, Record<string, string[]>> }).typesVersions?.['*'] ?? {};
    for (const [entry, [file]] of Object.entries(typesVersions)) {
      assert.ok(file && existsSync(join(installed, file)), `typesVersions["${entry}"] names ${file}, which the tarball lacks`);
    }
    // moduleResolution node reads typesVersions alone: every typed subpath needs its entry there.
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (entry === '.' || typeof target === 'string' || !target['types']) continue;
      assert.deepEqual(typesVersions[entry.slice(2)], [target['types']], `typesVersions lacks ${entry}`);
    }
  });

  it('registers (contract v2): the app’s nid-success listener gets a NidSuccessEvent, the page says "check your email"', async () => {
    const { page, problems, requests, registers } = await open('/');
    const email = `consumer.${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#result', { hasText: 'nid-success register verification_sent email' }).waitFor();
    await page.getByRole('status').filter({ hasText: CHECK_EMAIL }).first().waitFor();
    await page.getByRole('button', { name: 'Send the email again' }).waitFor();

    // The settings came from the app's settings-src; the one call is the vendor's register, as documented.
    assert.ok(requests.some((url) => new URL(url).pathname === '/settings/demo-minimal.json'), 'settings-src was fetched');
    assert.equal(registers.length, 1, 'one register request');
    const request = registers[0]!;
    assert.equal(new URL(request.url()).origin, server.apiUrl);
    assert.equal(new URL(request.url()).search, `?env_id=${server.envId}`, 'env-id, and no form data, in the URL');
    assert.equal(request.headers()['idempotency-key'], undefined);
    assert.deepEqual(JSON.parse(request.postData() ?? '{}'), {
      client_id: 'demo-minimal',
      auth_type: 'email',
      redirect_uri: `${server.siteUrl}/app.html`,
      locale: 'en-US',
      profile_fields: { emailAddress: email, newPassword: PASSWORD, newPasswordConfirm: PASSWORD },
    });
    assert.equal(server.store.findAccount('email', email)?.status, 'pending', 'the reference API holds the new account');
    assert.match(server.store.outbox().find((message) => message.to === email)?.pin ?? '', /^\d{6}$/, 'and sent its verification code');
    assert.deepEqual(problems, [], 'no errors, CSP or Trusted Types violations');
    await page.close();
  });

  it('the README’s plain example works as written', async () => {
    const { page, problems } = await open('/readme.html');
    const logged = page.waitForEvent('console', { predicate: (message) => message.text() === 'register verification_sent' });
    const email = `readme.${Date.now().toString(36)}@example.com`;
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: CHECK_EMAIL }).first().waitFor();
    await logged; // its nid-success listener ran
    assert.ok(server.store.findAccount('email', email));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('loads a locale chunk from the npm build: ui-locales="de-DE"', async () => {
    const { page, problems, requests } = await open('/?locale=de-DE');
    await page.getByRole('button', { name: 'Konto erstellen' }).waitFor();
    assert.equal(await page.locator('nid-register').getAttribute('lang'), 'de-DE');
    const chunks = requests.map((url) => new URL(url).pathname).filter((path) => /^\/de-DE[^/]*\.js$/.test(path));
    assert.equal(chunks.length, 1, `one German chunk, split by the app's bundler: ${requests.join(' ')}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('nid-journeys/elements defines no tag; the app defines the class under its own', async () => {
    const { page, problems } = await open('/elements.html');
    assert.equal(await page.locator('#defined-by-import').textContent(), 'none');
    await page.locator('acme-sign-up').getByRole('button', { name: 'Create account' }).waitFor();
    assert.equal(await page.evaluate(() => customElements.get('nid-register')), undefined);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('tree-shakes: a page importing NidRegister from nid-journeys/elements bundles no other element', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'dist/.vite/manifest.json'), 'utf8'));
    // Strings only the other journeys render (each element's own submit button).
    const others = ['Send invitation', 'Verify account', 'Send reset link'];
    const all = staticChunks(manifest, 'index.html');
    const elementsPage = staticChunks(manifest, 'elements.html');
    assert.ok(elementsPage.includes('Create account'), 'the elements page bundles <nid-register>');
    for (const text of others) {
      assert.ok(all.includes(text), `"${text}" is in the page that imports every element (so this check can fail)`);
      assert.ok(!elementsPage.includes(text), `"${text}" is not in the page that imports NidRegister alone`);
    }
    // Hosted mode's code (nid-journeys/oauth, oauth4webapi) is a chunk of its own, loaded when its button is pressed.
    const oauthCode = 'openid-configuration';
    const everyFile = readdirSync(join(app, 'dist')).filter((file) => file.endsWith('.js'));
    assert.ok(everyFile.some((file) => readFileSync(join(app, 'dist', file), 'utf8').includes(oauthCode)), 'the oauth code is in the build (so this check can fail)');
    assert.ok(!all.includes(oauthCode), 'no oauth code among the chunks a page loads first');
    const definesTag = /\.define\(["'`]nid-/;

    assert.match(all, definesTag, 'the page that imports nid-journeys defines the nid-* tags');
    assert.doesNotMatch(elementsPage, definesTag, 'the elements page defines no nid-* tag');
  });

  it('typings: test/types compile against the packed package (React 19 JSX, Vue templates)', async () => {
    const types = join(app, 'types');
    cpSync(fileURLToPath(new URL('../types/', import.meta.url)), types, { recursive: true });
    // What a React or Vue app has installed (their own dependencies resolve beside them, in this repository).
    for (const name of ['@types/react', 'vue']) linkFromRepo(join(app, 'node_modules'), name);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          // The package's own .d.ts files are checked too, as shipped.
          skipLibCheck: false,
          types: [],
        },
        include: ['types'],
      }),
    );
    // The README's React and Vue examples too, as written.
    const examples = readmeExamples();
    writeFileSync(join(types, 'readme-example.tsx'), examples['tsx']!);
    writeFileSync(join(types, 'ReadmeExample.vue'), examples['vue']!);
    const files = readdirSync(types);
    assert.ok(['react.tsx', 'SignUp.vue', 'readme-example.tsx', 'ReadmeExample.vue'].every((file) => files.includes(file)), files.join(' '));
    await timed('vue-tsc', () => run(bin('vue-tsc'), ['--noEmit', '-p', join(app, 'tsconfig.json')], { cwd: app })).catch(
      (error: { stdout?: string; message: string }) => assert.fail(`the typings do not compile against the package:\n${error.stdout || error.message}`),
    );
  });
});
