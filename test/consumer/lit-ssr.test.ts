/**
 * `@lit-labs/ssr` and hydration of the four elements, from the packed
 * package (issue #14.6): the same check as test/ssr/hydration.test.ts, which
 * renders the sources inside web-test-runner, done as a user of the npm
 * package does it, by the README's "Server rendering (Lit SSR)" section.
 *
 * - The tarball is installed into a scratch app under the system's temporary
 *   directory (packed.ts), with Lit, `@lit-labs/ssr`, `@lit-labs/ssr-client`
 *   and Vite linked from this repository's node_modules.
 * - Server: a child Node process inside the scratch app runs the README's Node
 *   example as written (the DOM shim, then `await import('nid-journeys')`),
 *   its one `render(html`…`)` replaced by the test's pages (the cases of
 *   test/ssr: an English page opened from a reset link, a French one).
 * - Browser: the README's browser example as written (the hydrate support
 *   first, then `nid-journeys`) is the entry Vite builds from the scratch app.
 * - A loopback server serves each page (the server's HTML, and the built
 *   client), answers the invite form's `POST /api/invite`; the elements'
 *   `base-domain` is a stub identity service. Chromium (playwright-core) opens
 *   the pages: no hydration mismatch or other error or warning in the
 *   console, no uncaught error, no `nid-error`, the server's nodes kept, one
 *   form per element, the reset code taken and gone from the address bar,
 *   French text with no dead English form, and the invite form posting to
 *   the page's own origin.
 *
 * Needs Chromium (skipped, said so, without it) and `npm run build`; offline.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../.ci/browsers.mjs';
import { buildStep, chromiumOrSkip, openPage, startStubService, substitute, timed, type RecordedPage, type StubService } from './framework-apps.js';
import { bin, install, pack } from './packed.js';

const TIMEOUT = 10_000;
const TAGS = ['nid-register', 'nid-activate', 'nid-forgot-password', 'nid-invite-form'] as const;
const { executablePath, skip } = chromiumOrSkip();

/** The pages, as test/ssr/ssr-plugin.mjs has them; `ACCOUNT` is filled in with the stub service's address. */
const PAGES = {
  // English; opened with `?code=` in the address, as a reset link arrives. A relative link and action.
  journeys: `
    <nid-register ACCOUNT terms-url="/terms"></nid-register>
    <nid-activate ACCOUNT></nid-activate>
    <nid-forgot-password ACCOUNT></nid-forgot-password>
    <nid-invite-form action="/api/invite"></nid-invite-form>`,
  // The page's language, given to every element.
  french: `
    <nid-register ui-locales="fr-FR" ACCOUNT></nid-register>
    <nid-activate ui-locales="fr-FR" ACCOUNT></nid-activate>
    <nid-forgot-password ui-locales="fr-FR" ACCOUNT></nid-forgot-password>
    <nid-invite-form ui-locales="fr-FR" action="/api/invite"></nid-invite-form>`,
};
type PageName = keyof typeof PAGES;

/** The README's "Server rendering (Lit SSR)" code blocks, from the packed README: [Node, browser]. */
function readmeSsrBlocks(installed: string): [string, string] {
  const readme = readFileSync(join(installed, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### Server rendering (Lit SSR)\n');
  assert.ok(start >= 0, 'the README has a "Server rendering (Lit SSR)" section');
  const section = readme.slice(start, readme.indexOf('\n#', start + 1));
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map(([, code]) => code!);
  assert.equal(blocks.length, 2, 'the section has two js examples (Node, browser)');
  return blocks as [string, string];
}

/** One request the page server received for /api/invite. */
interface Posted {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let work: string;
let stub: StubService;
let site: Server | undefined;
let origin: string;
let browser: Browser | undefined;
const rendered = {} as Record<PageName, string>;
const invites: Posted[] = [];
const timings: string[] = [];
const started = Date.now();

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.map': 'application/json' };

/** Serves the pages (the server's HTML + the built client), the client's files, and `POST /api/invite`. */
async function startSite(dist: string, client: string): Promise<void> {
  site = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    if (request.method === 'POST' && url.pathname === '/api/invite') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        invites.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
      });
      return;
    }
    const page = /^\/(\w+)\.html$/.exec(url.pathname)?.[1];
    if (request.method === 'GET' && page && Object.hasOwn(rendered, page)) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${page}</title>
<script type="module" src="/${client}"></script>
</head>
<body>
${rendered[page as PageName]}
<script>
  // Before any module runs: nodes the server drew (each element's alert region, its form), to find them again once hydrated.
  window.serverNodes = {};
  for (const tag of ${JSON.stringify(TAGS)}) {
    const root = document.querySelector(tag).shadowRoot;
    window.serverNodes[tag] = { alert: root?.querySelector('[role="alert"]') ?? null, form: root?.querySelector('form') ?? null };
  }
</script>
</body>
</html>`);
      return;
    }
    const file = normalize(join(dist, url.pathname));
    if (request.method === 'GET' && file.startsWith(dist) && extname(file) in TYPES) {
      try {
        const body = readFileSync(file);
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)]! }).end(body);
        return;
      } catch {
        // Not found below.
      }
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

before(
  async () => {
    if (skip) return;
    work = mkdtempSync(join(tmpdir(), 'nid-lit-ssr-'));
    const app = join(work, 'app');
    stub = await startStubService();
    const tarball = await timed(timings, 'npm pack', () => pack(work));
    const installed = await install(app, tarball, { extra: ['@lit-labs/ssr', '@lit-labs/ssr-client', 'vite'] });
    const [serverExample, browserExample] = readmeSsrBlocks(installed);

    // The server: the README's Node example, its one render replaced by the pages'.
    const account = `base-domain="${stub.url}" client-id="lit-ssr-consumer" redirect-uri="https://app.example.com/callback"`;
    const renders = Object.entries(PAGES)
      .map(([name, markup]) => `  ${name}: await collectResult(render(html\`${markup.replaceAll('ACCOUNT', account)}\`)),`)
      .join('\n');
    const serverScript =
      substitute(serverExample, 'const markup = await collectResult(render(html`<nid-invite-form action="/api/invite"></nid-invite-form>`));', `const markup = {\n${renders}\n};`) +
      'process.stdout.write(JSON.stringify(markup));\n';
    writeFileSync(join(app, 'render.mjs'), serverScript);
    // The README's server example, run in the scratch app.
    const stdout = await buildStep(timings, 'server render', process.execPath, ['render.mjs'], { cwd: app });
    Object.assign(rendered, JSON.parse(stdout) as Record<PageName, string>);

    // The browser: the README's browser example, as Vite's entry.
    writeFileSync(join(app, 'client.js'), browserExample);
    writeFileSync(join(app, 'vite.config.js'), `export default { build: { manifest: true, rolldownOptions: { input: 'client.js' } } };\n`);
    await buildStep(timings, 'vite build', bin('vite'), ['build', '--logLevel', 'warn'], { cwd: app });
    const dist = join(app, 'dist');
    const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean }>;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
    assert.ok(entry, 'vite built an entry');
    await startSite(dist, entry.file);
    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS });
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  if (site) await new Promise<void>((resolve) => site!.close(() => resolve()));
  await stub?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`lit-ssr: ${timings.join(', ')}, total ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** Opens a page in a new tab that records console errors and warnings, uncaught errors, unhandled rejections and `nid-error`s. */
function open(path: string): Promise<RecordedPage> {
  return openPage(browser!, `${origin}${path}`, {
    timeout: TIMEOUT,
    warnings: true,
    prepare: async ({ page, problems }) => {
      await page.exposeFunction('reportProblem', (problem: string) => problems.push(problem));
      await page.addInitScript(`
    addEventListener('unhandledrejection', (event) => reportProblem('unhandled rejection: ' + String(event.reason?.message ?? event.reason)));
    addEventListener('nid-error', (event) => reportProblem('nid-error: ' + JSON.stringify(event.detail)));
  `);
    },
  });
}

/** Per element: updated, idle, its forms and password fields, its alert's text, its submit button's text, its `lang`, and whether its nodes are the server's. */
interface ElementState {
  tag: string;
  updated: boolean;
  idle: boolean;
  forms: number;
  passwords: number;
  alert: string;
  submit: string;
  lang: string | null;
  /** The alert region is the node the server drew (hydrated, not drawn again). */
  serverAlert: boolean;
  /** The form is the node the server drew. */
  serverForm: boolean;
}

/** In the page (a string: tsx's helpers, such as __name, are not there): the elements' states. */
const STATES = `(() => {
  const text = (node) => node?.textContent?.replace(/\\s+/g, ' ').trim() ?? '';
  return ${JSON.stringify(TAGS)}.map((tag) => {
    const el = document.querySelector(tag);
    const root = el?.shadowRoot;
    const form = root?.querySelector('form');
    const alert = root?.querySelector('[role="alert"]');
    return {
      tag,
      updated: el?.hasUpdated === true,
      idle: !!el && !el.matches(':state(busy)') && el.isUpdatePending === false,
      forms: root?.querySelectorAll('form').length ?? 0,
      passwords: root?.querySelectorAll('input[type="password"]').length ?? 0,
      alert: text(alert),
      submit: text(root?.querySelector('button[type="submit"]')),
      lang: el?.getAttribute('lang') ?? null,
      serverAlert: !!alert && alert === window.serverNodes[tag].alert,
      serverForm: !!form && form === window.serverNodes[tag].form,
    };
  });
})()`;

async function states(page: Page): Promise<ElementState[]> {
  return page.evaluate<ElementState[]>(STATES);
}

/** Waits until `check` holds of the elements (or fails with what they look like). */
async function until(page: Page, check: (all: ElementState[]) => boolean, what: string): Promise<ElementState[]> {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const all = await states(page);
    if (check(all)) return all;
    if (Date.now() > deadline) assert.fail(`${what}: not so after ${TIMEOUT} ms: ${JSON.stringify(all, null, 1)}\nat ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('@lit-labs/ssr and hydration, from the packed package, by the README', { skip, timeout: 60_000 }, () => {
  it('the README’s Node example renders each element into a declarative shadow root: forms in English, none in French, no code', () => {
    for (const tag of TAGS) {
      for (const name of ['journeys', 'french'] as const) {
        assert.match(rendered[name], new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`), `${name}: ${tag}`);
      }
    }
    assert.equal(rendered.journeys.match(/<form /g)?.length, 4, 'journeys: four forms');
    assert.ok(rendered.journeys.includes('Send invitation'), 'journeys: the invite form');
    assert.ok(!rendered.journeys.includes('not set up correctly'), 'journeys: no configuration error');
    assert.equal(rendered.french.match(/<form /g), null, 'french: no English form');
  });

  it('an English page opened from a reset link hydrates without a mismatch, takes the code and removes it from the address bar', async () => {
    const { page, problems } = await open('/journeys.html?code=link-code-1&keep=1');
    const all = await until(
      page,
      (elements) => elements.every((el) => el.updated && el.idle) && elements[2]!.passwords === 2 && !page.url().includes('code='),
      'all four hydrated, the reset form showing, the code gone',
    );
    for (const el of all) {
      assert.equal(el.forms, 1, `${el.tag}: one form`);
      assert.equal(el.alert, '', `${el.tag}: no error`);
      assert.ok(el.serverAlert, `${el.tag}: hydrated (the server's nodes kept)`);
    }
    // Hydrated, not drawn again: the forms the server drew are the ones on the page (forgot-password's changed view aside).
    for (const el of all.filter(({ tag }) => tag !== 'nid-forgot-password')) assert.ok(el.serverForm, `${el.tag}: the server's form kept`);
    assert.equal(new URL(page.url()).search, '?keep=1');
    assert.equal(all[2]!.submit, 'Set new password');
    const terms = await page.locator('nid-register a[part="link"]').first().getAttribute('href');
    assert.equal(terms, '/terms');
    assert.deepEqual(problems, []);
    assert.deepEqual(stub.calls, [], 'no call to the identity service');
    await page.close();
  });

  it('the hydrated invite form posts to its relative action, on the page’s own origin', async () => {
    const { page, problems } = await open('/journeys.html');
    await until(page, (elements) => elements[3]!.updated && elements[3]!.idle, 'the invite form hydrated');
    const invite = page.locator('nid-invite-form');
    await invite.locator('input[name="emailAddress"]').fill('new.user@example.com');
    await invite.locator('input[name="firstName"]').fill('Ada');
    await invite.locator('input[name="lastName"]').fill('Lovelace');
    await invite.locator('button[type="submit"]').click();
    await invite.locator('[role="status"]', { hasText: 'Invitation sent to new.user@example.com.' }).waitFor();
    assert.equal(invites.length, 1, 'one POST /api/invite on the page’s server');
    assert.equal(invites[0]!.headers.host, new URL(origin).host);
    assert.deepEqual((invites[0]!.body as { profile_fields?: unknown }).profile_fields, { emailAddress: 'new.user@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a French page (ui-locales="fr-FR") hydrates without a mismatch, then speaks French: one form each, no dead English one', async () => {
    const { page, problems } = await open('/french.html');
    const all = await until(page, (elements) => elements.every((el) => el.updated && el.idle && el.forms > 0), 'all four showing a form');
    for (const el of all) {
      assert.equal(el.forms, 1, `${el.tag}: one form`);
      assert.equal(el.lang, 'fr-FR', `${el.tag}: lang`);
      assert.equal(el.alert, '', `${el.tag}: no error`);
      assert.ok(el.serverAlert, `${el.tag}: hydrated (the server's nodes kept)`);
    }
    assert.equal(all[0]!.submit, 'Créer un compte');
    assert.equal(all[3]!.submit, "Envoyer l'invitation");
    assert.deepEqual(problems, []);
    await page.close();
  });
});
