/**
 * Shared set-up of the end-to-end tests (not a test file itself: `*.test.ts`
 * are): the reference server in-process on ephemeral ports, Chromium through
 * playwright-core with the CI's flags, pages watched for errors, violations,
 * console output and requests, the outbox (`/outbox.json`), and the sweep
 * that looks for secrets wherever a page could leave them.
 *
 * The demo pages are served with their strict Content-Security-Policy and
 * Trusted Types: every `securitypolicyviolation` is reported as a console
 * error, so a journey test that ends with no problems ran under the policy
 * (csp.e2e.test.ts proves the harness hears a violation).
 *
 * Needs the built bundle (`npm run build`) and Chromium (CHROME_PATH, default
 * /usr/bin/chromium). NID_DIST_DIR points at another build directory.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowsers } from '../../.ci/browsers.mjs';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../demo/server/reference-server.js';
import type { MessageKind, OutboxMessage } from '../../demo/server/store.js';

export const distDir = process.env['NID_DIST_DIR'] || fileURLToPath(new URL('../../dist', import.meta.url));
export const bundle = join(distDir, 'nid-journeys.js');
export const TIMEOUT = 15_000;

/** The vendor's paths (contract v2). */
export const PATHS = {
  register: '/idp/v1/account/register',
  resend: '/idp/v1/account/resend-verification',
  token: '/idp/v1/account/token',
  forgot: '/idp/v1/account/forgot-password',
  changePassword: '/idp/v1/account/change-password',
} as const;

export let server: ReferenceServer;
export let browser: Browser;
export let context: BrowserContext;
let counter = 0;

/** A unique address per run and test. */
export const newEmail = () => `e2e.${Date.now().toString(36)}.${++counter}@example.com`;

/** A unique UK mobile number per run and test, as typed (national format) and as E.164. */
export function newMobile(): { typed: string; e164: string } {
  const digits = String((Date.now() * 100 + ++counter) % 1_000_000).padStart(6, '0');
  return { typed: `07400 ${digits}`, e164: `+447400${digits}` };
}

export interface Watched {
  page: Page;
  /** Uncaught exceptions, console errors and CSP / Trusted Types violations. */
  problems: string[];
  /** Every console message of any type, for the secrets sweep. */
  console: string[];
  /** Requests the page sent to the Journeys API (across navigations). */
  apiRequests: Request[];
  /** Every request of the page, from its first (scripts, settings, locale files, API). */
  requests: Request[];
}

/** Starts the server and Chromium before the file's tests, and stops them after. */
export function useBrowser(options: ReferenceServerOptions = {}): void {
  before(async () => {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
    server = await startReferenceServer({ sitePort: 0, apiPort: 0, distDir, log: () => {}, ...options });
    const executablePath = findBrowsers().chromium;
    assert.ok(executablePath, 'Chromium not found: install it (Debian: chromium) or set CHROME_PATH');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'en-US' });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });
}

declare global {
  interface Window {
    /** The page's address at each fetch() call, recorded by the harness's init script. */
    __e2eFetches?: { href: string; url: string }[];
  }
}

/**
 * Opens a demo page (path on the demo site, or an absolute link) in a new,
 * watched tab, or in `reuse` (the same tab, as when a user follows a link).
 */
export async function openPage(pathOrUrl: string, reuse?: Watched): Promise<Watched> {
  if (reuse) {
    await reuse.page.goto(pathOrUrl.startsWith('http') ? pathOrUrl : `${server.siteUrl}${pathOrUrl}`);
    return reuse;
  }
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const watched: Watched = { page, problems: [], console: [], apiRequests: [], requests: [] };
  page.on('pageerror', (error) => watched.problems.push(`uncaught: ${error.message}`));
  // Init scripts run before the page's own and are not subject to its CSP.
  await page.addInitScript(() => {
    // Every Content-Security-Policy or Trusted Types violation, reported as a console error.
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`),
    );
    // Where the page was when it fetched something: a link's code must be gone from the address bar by then.
    const fetches: { href: string; url: string }[] = [];
    Object.defineProperty(window, '__e2eFetches', { value: fetches });
    const original = window.fetch;
    window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      fetches.push({ href: location.href, url: input instanceof Request ? input.url : String(input) });
      return original.call(this, input, init);
    } as typeof fetch;
  });
  page.on('console', (message) => {
    watched.console.push(`${message.type()}: ${message.text()}`);
    if (message.type() === 'error') watched.problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    watched.requests.push(request);
    if (request.url().startsWith(server.apiUrl)) watched.apiRequests.push(request);
  });
  await page.goto(pathOrUrl.startsWith('http') ? pathOrUrl : `${server.siteUrl}${pathOrUrl}`);
  return watched;
}

/** The POST requests to one API path, in order. */
export function requestsTo(requests: Request[], path: string): Request[] {
  return requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === path);
}

/**
 * The body of a request the element sent, after checking what contract v2
 * requires of every call: POST JSON, `?env_id=` and nothing else in the URL,
 * no Idempotency-Key, and no Authorization header (change-password's Bearer
 * token is checked by its test).
 */
export function bodyOf(request: Request | undefined, options: { bearer?: boolean } = {}): Record<string, any> {
  assert.ok(request, 'the request was sent');
  const headers = request.headers();
  assert.equal(request.method(), 'POST');
  assert.equal(new URL(request.url()).search, `?env_id=${server.envId}`, 'the environment, and no form data, in the URL');
  assert.match(headers['content-type'] ?? '', /^application\/json/);
  assert.equal(headers['idempotency-key'], undefined, 'no Idempotency-Key header (contract v2)');
  if (options.bearer) assert.match(headers['authorization'] ?? '', /^Bearer \S+$/, 'the access token as a Bearer token');
  else assert.equal(headers['authorization'], undefined, 'no Authorization header');
  return JSON.parse(request.postData() ?? '{}');
}

/** Every message of the outbox, newest first, as `/outbox.json` serves them. */
export async function outbox(): Promise<OutboxMessage[]> {
  const response = await fetch(`${server.siteUrl}/outbox.json`);
  assert.equal(response.status, 200);
  return (await response.json()) as OutboxMessage[];
}

/** The newest message of `kind` to `to`, from `/outbox.json`. */
export async function latestMessage(to: string, kind: MessageKind): Promise<OutboxMessage> {
  const message = (await outbox()).find((m) => m.to === to && m.kind === kind);
  assert.ok(message, `a ${kind} message to ${to} in the outbox`);
  return message;
}

/** The six-digit PIN of the newest message of `kind` to `to`. */
export async function pinFor(to: string, kind: MessageKind = 'verification'): Promise<string> {
  const { pin } = await latestMessage(to, kind);
  assert.match(pin ?? '', /^\d{6}$/, `the ${kind} message to ${to} has a six-digit PIN`);
  return pin!;
}

/** The link of the newest message of `kind` to `to`. */
export async function linkFor(to: string, kind: MessageKind): Promise<string> {
  const { link } = await latestMessage(to, kind);
  assert.ok(link, `the ${kind} message to ${to} has a link`);
  return link;
}

/** Waits for a text in one of the element's live regions (status or alert) or views. */
export async function expectText(scope: Page | Locator, text: string | RegExp): Promise<void> {
  await scope.getByText(text).first().waitFor({ state: 'visible' });
}

/** Each access token the API answered the page with (from the token call's responses), for the sweep. */
export function watchAccessTokens(watched: Watched): string[] {
  const tokens: string[] = [];
  watched.page.on('response', (response) => {
    if (new URL(response.url()).pathname !== PATHS.token || response.request().method() !== 'POST' || response.status() !== 200) return;
    response
      .json()
      .then((body: { access_token?: unknown }) => {
        if (typeof body.access_token === 'string') tokens.push(body.access_token);
      })
      .catch(() => {});
  });
  return tokens;
}

/**
 * Where a page could leave a secret at the end of a journey: its address,
 * every entry of the tab's history, local and session storage (and cookies),
 * the demo's event log panel, the page's text and every console message.
 */
export async function assertNoSecrets(watched: Watched, secrets: readonly string[]): Promise<void> {
  const { page } = watched;
  const given = secrets.filter((secret) => secret !== '');
  assert.ok(given.length > 0, 'there is something to look for');
  const cdp = await page.context().newCDPSession(page);
  const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
  await cdp.detach();
  const storage = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookie: document.cookie,
  }));
  const state = JSON.stringify(await page.context().storageState());
  const events = (await page.locator('#events').count()) > 0 ? ((await page.locator('#events').textContent()) ?? '') : '';
  const text = (await page.locator('body').textContent()) ?? '';
  const places: [string, string][] = [
    ['the address bar', page.url()],
    ...entries.map(({ url }, index): [string, string] => [`history entry ${index}`, url]),
    ['localStorage', storage.local],
    ['sessionStorage', storage.session],
    ['document.cookie', storage.cookie],
    ['the context storage state', state],
    ['the event log panel', events],
    ['the page text', text],
    ['the console', watched.console.join('\n')],
  ];
  for (const secret of given) {
    for (const [place, value] of places) {
      // Query strings encode: look for the secret as typed and as encoded.
      const found = value.includes(secret) || value.includes(encodeURIComponent(secret));
      assert.ok(!found, `a secret (${secret.length} characters) is in ${place}`);
    }
  }
}

/** The page's address at each fetch() it made, as the init script recorded them. */
export function fetchLog(page: Page): Promise<{ href: string; url: string }[]> {
  return page.evaluate(() => window.__e2eFetches ?? []);
}

/** A POST to the API from Node (no Origin header: not a browser). */
export async function api(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${server.apiUrl}${path}?env_id=${server.envId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/**
 * A verified account, made through the API as a user would (register, then
 * the PIN at the token call), with the client's required profile fields.
 */
export async function verifiedAccount(clientId: 'demo-minimal' | 'demo-sms', identifier: string, password: string): Promise<void> {
  const sms = clientId === 'demo-sms';
  const authType = sms ? 'sms' : 'email';
  const profile: Record<string, string> = sms
    ? { mobileNumber: identifier, firstName: 'Test', lastName: 'User' }
    : { emailAddress: identifier };
  const common = { client_id: clientId, auth_type: authType, redirect_uri: `${server.siteUrl}/app.html` };
  const registered = await api(PATHS.register, {
    ...common,
    locale: 'en-US',
    profile_fields: { ...profile, newPassword: password, newPasswordConfirm: password },
  });
  assert.equal(registered.status, 200, JSON.stringify(registered.json));
  const code = await pinFor(identifier);
  const verified = await api(PATHS.token, { ...common, grant_type: 'pin', user_id: identifier, code });
  assert.equal(verified.status, 200, JSON.stringify(verified.json));
  assert.equal(server.store.findAccount(authType, identifier)?.status, 'active');
}

/**
 * On the service's hosted sign-in screen (the reference server's stand-in,
 * reached through the site's /auth/sign-in): types the identifier and the
 * password, and waits for the site's account page, where the backend shows
 * who signed in.
 */
export async function signInOnHostedScreen(page: Page, identifier: string, password: string): Promise<void> {
  await page.waitForURL((url) => url.origin === server.apiUrl && url.pathname === '/authorize');
  await page.getByLabel('Email address or mobile number', { exact: true }).fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === server.siteUrl && url.pathname === '/account.html');
}
