/**
 * web-test-runner plugin: the real reference server (demo/server) for browser
 * tests, and the parts of a journey a test page cannot do itself, as server
 * commands (`executeServerCommand` from @web/test-runner-commands):
 *
 * - `nid-ref-server` → `{ apiUrl, siteUrl, pageOrigin }`;
 * - `nid-ref-account` → `{ email, password }` of a new, verified account;
 * - `nid-ref-hosted-sign-in { url, email, password }` → the callback URL the
 *   hosted sign-in form redirects to (with `code` and `state`), not followed;
 * - `nid-ref-hosted-cancel { url }` → the sign-in screen's "Cancel" link
 *   (`error=access_denied` and `state`);
 * - `nid-ref-get { url }` → `{ status, location }` of a GET, not followed.
 *
 * The hosted screens are driven over HTTP, as test/node/harness.ts does: the
 * test page cannot navigate away to them without ending its own test run.
 *
 * One server for the whole run, started on the first command (runs without
 * these tests pay nothing), on ephemeral ports, with the test pages' origin as
 * a site alias: CORS lets those pages call discovery, the JWKS, /token and
 * /userinfo, and `<page origin>/callback.html` is on every client's list of
 * redirect URIs. The plugin is plain JavaScript because the runner's config is;
 * the server's TypeScript is loaded through tsx.
 */
import { randomUUID } from 'node:crypto';
import { tsImport } from 'tsx/esm/api';

const serverModule = new URL('../../demo/server/reference-server.ts', import.meta.url).href;
const vocabularyModule = new URL('../../src/api/vocabulary.ts', import.meta.url).href;

/** The client accounts are registered with: email address and password only. */
const ACCOUNT_CLIENT = 'demo-minimal';

export function referenceServerPlugin() {
  /** The test pages' origin, known once the runner's server listens. */
  let pageOrigin;
  /** The started server (a promise, so that concurrent first commands share it). */
  let started;
  let accounts = 0;

  function server() {
    if (!pageOrigin) throw new Error('nid-ref: the test runner has not started yet');
    started ??= tsImport(serverModule, import.meta.url).then(({ startReferenceServer }) =>
      // Nothing logged: the runner's output stays the tests' own.
      startReferenceServer({ sitePort: 0, apiPort: 0, siteAliases: [pageOrigin], log: () => {} }),
    );
    return started;
  }

  const commands = {
    'nid-ref-server': async () => {
      const { apiUrl, siteUrl } = await server();
      return { apiUrl, siteUrl, pageOrigin };
    },
    'nid-ref-account': async () => {
      const email = `browser${++accounts}.${process.pid}@example.com`;
      const password = `pw ${randomUUID()}`;
      await registerVerified(await server(), email, password);
      return { email, password };
    },
    'nid-ref-hosted-sign-in': async ({ url, email, password }) => {
      const { apiUrl } = await server();
      const jar = cookieJar();
      const html = await hostedPage(jar, apiUrl, url);
      const form = new URLSearchParams({ request: requestIdOf(html), username: email, password });
      const answer = await jar.fetch(new URL('/authorize', apiUrl), {
        method: 'POST',
        // As the sign-in page's own form posts it.
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: apiUrl },
        body: form.toString(),
      });
      return locationOf(answer, apiUrl);
    },
    'nid-ref-hosted-cancel': async ({ url }) => {
      const { apiUrl } = await server();
      const html = await hostedPage(cookieJar(), apiUrl, url);
      const href = /<a href="([^"]+)">Cancel and return to the application<\/a>/.exec(html)?.[1];
      if (!href) throw new Error('nid-ref-hosted-cancel: the sign-in page has no Cancel link');
      return unescapeHtml(href);
    },
    'nid-ref-get': async ({ url }) => {
      const { apiUrl } = await server();
      const response = await fetch(onApi(apiUrl, url), { redirect: 'manual' });
      return { status: response.status, location: response.headers.get('location') };
    },
  };

  return {
    name: 'nid-reference-server',
    serverStart({ config }) {
      pageOrigin = `${config.http2 ? 'https' : 'http'}://${config.hostname}:${config.port}`;
    },
    async serverStop() {
      if (started) await (await started).close();
    },
    executeCommand({ command, payload }) {
      // Another plugin's command: undefined lets the runner ask the next one.
      return Object.hasOwn(commands, command) ? commands[command](payload ?? {}) : undefined;
    },
  };
}

/** Registers through the Journeys API and verifies with the emailed PIN, as a user does (harness.ts activeAccount). */
async function registerVerified(server, email, password) {
  const { defaultEndpoints } = await tsImport(vocabularyModule, import.meta.url);
  const redirectUri = server.clients.get(ACCOUNT_CLIENT).appLink;
  const common = { client_id: ACCOUNT_CLIENT, auth_type: 'email', redirect_uri: redirectUri };
  await postJson(server.apiUrl, defaultEndpoints.register, {
    ...common,
    locale: 'en-US',
    profile_fields: { emailAddress: email, newPassword: password, newPasswordConfirm: password },
  });
  const pin = server.store.outbox().find((message) => message.to === email && message.kind === 'verification')?.pin;
  if (!pin) throw new Error(`nid-ref-account: no verification PIN was sent to ${email}`);
  await postJson(server.apiUrl, defaultEndpoints.token, { ...common, grant_type: 'pin', user_id: email, code: pin });
}

async function postJson(apiUrl, path, body) {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`nid-ref-account: ${path} answered ${response.status}: ${await response.text()}`);
}

/** A URL of the reference server's API origin: the commands fetch nothing else. */
function onApi(apiUrl, url) {
  const parsed = new URL(url);
  if (parsed.origin !== apiUrl) throw new Error(`nid-ref: ${parsed.origin} is not the reference server (${apiUrl})`);
  return parsed;
}

/** A hosted screen's HTML (it must answer 200: a 303 would be an error return, a 400 a refused request). */
async function hostedPage(jar, apiUrl, url) {
  const response = await jar.fetch(onApi(apiUrl, url));
  const html = await response.text();
  if (response.status !== 200) throw new Error(`nid-ref: ${new URL(url).pathname} answered ${response.status}: ${pageText(html)}`);
  return html;
}

/** One browser's cookies for the API origin (the hosted session), following no redirect. */
function cookieJar() {
  const cookies = new Map();
  return {
    async fetch(url, init = {}) {
      const headers = { ...init.headers };
      if (cookies.size > 0) headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(';', 1)[0];
        const index = pair.indexOf('=');
        cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
      }
      return response;
    },
  };
}

/** The hidden `request` id of a hosted form (harness.ts requestIdOf). */
function requestIdOf(html) {
  const id = /name="request" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];
  if (!id) throw new Error('nid-ref: the hosted page has no request id');
  return id;
}

/** The `Location` of the 303 a finished hosted step answers. */
async function locationOf(response, apiUrl) {
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) {
    throw new Error(`nid-ref: expected a 303, got ${response.status}: ${pageText(await response.text())}`);
  }
  return new URL(location, apiUrl).href;
}

/** What a hosted page says went wrong: its title and alert (the server's error pages have both). */
function pageText(html) {
  const text = (pattern) => unescapeHtml(pattern.exec(html)?.[1] ?? '').trim();
  return [text(/<title>([^<]*)<\/title>/), text(/role="alert"[^>]*>([^<]*)</)].filter(Boolean).join(': ') || html.slice(0, 200);
}

/** The demo server escapes `&<>"'` as numeric references (outbox-page.ts escapeHtml). */
function unescapeHtml(text) {
  return text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
}
