/**
 * `nid-journeys/server`, contract v2 section 1 (relay mode):
 * createJourneysRelay against a fake identity service on a local http
 * server: forwarding of each path with env_id, the refusals (origin, path,
 * method, content type, shape, size, credentials), the answers (status and
 * the vendor's error shape; 5xx replaced), the per-IP and per-identifier
 * limits, onTokens; then the Redis store with a real redis-server (started
 * here on a private unix socket, stopped by pid): two relay processes share
 * one limit, and an unreachable Redis fails closed (503) with one log line.
 *
 * Without redis-server the Redis tests are skipped, with a warning
 * (.ci/redis.mjs installs it on Debian as root).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import {
  createJourneysRelay,
  memoryRateLimitStore,
  redisRateLimitStore,
  type JourneysRelay,
  type JourneysRelayOptions,
  type RateLimitStore,
} from '../../src/server/index.js';

const SITE = 'https://app.example.com';
const PREFIX = '/api/nid';
const ENV_ID = 'env-1';
const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
const REDIRECT = `${SITE}/verified`;
const EMAIL = 'john.smith@example.com';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.access.token-value';
const GENERIC = 'We are unable to process your request right now. Please try again later.';
const LOG_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const root = fileURLToPath(new URL('../..', import.meta.url));

// ---------------------------------------------------------------------------
// The fake identity service (a real local http server)
// ---------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer. */
  hang?: boolean;
}

let seen: Seen[] = [];
let answer: (request: Seen) => Answer = () => ({ status: 200, body: {} });
let logs: string[] = [];
let service: { server: Server; url: string };

async function startService(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
    seen.push(request);
    const { status, body, headers = {}, hang } = answer(request);
    if (hang) return;
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

before(async () => {
  service = await startService();
});

after(async () => {
  service.server.closeAllConnections();
  await new Promise<void>((resolve) => service.server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  logs = [];
  answer = () => ({ status: 200, body: {} });
});

afterEach(() => {
  for (const line of logs) {
    assert.doesNotMatch(line, LOG_UNSAFE, `a control character in ${JSON.stringify(line)}`);
    for (const secret of [EMAIL, ACCESS_TOKEN, 'what was typed', '203.0.113.']) {
      assert.ok(!line.toLowerCase().includes(secret.toLowerCase()), `a log line holds ${secret}: ${line}`);
    }
  }
});

// ---------------------------------------------------------------------------
// Requests as the elements send them with api-base="/api/nid"
// ---------------------------------------------------------------------------

const PATHS = {
  register: '/idp/v1/account/register',
  resendVerification: '/idp/v1/account/resend-verification',
  forgotPassword: '/idp/v1/account/forgot-password',
  token: '/idp/v1/account/token',
  changePassword: '/idp/v1/account/change-password',
  preRegister: '/idp/v1/account/pre-register',
} as const;

const BODIES = {
  register: {
    client_id: CLIENT_ID,
    auth_type: 'email',
    redirect_uri: REDIRECT,
    locale: 'en-US',
    profile_fields: { emailAddress: EMAIL, firstName: 'John', newPassword: 'what was typed', newPasswordConfirm: 'what was typed' },
  },
  resendVerification: { client_id: CLIENT_ID, auth_type: 'email', user_id: EMAIL, redirect_uri: REDIRECT, locale: 'en-US' },
  forgotPassword: { client_id: CLIENT_ID, auth_type: 'email', user_id: EMAIL, redirect_uri: REDIRECT, locale: 'en-US' },
  token: { client_id: CLIENT_ID, auth_type: 'email', user_id: EMAIL, redirect_uri: REDIRECT, grant_type: 'pin', code: '123456' },
  changePassword: { client_id: CLIENT_ID, password: 'what was typed', password_confirm: 'what was typed', locale: 'en-US' },
} as const;

function relay(overrides: Partial<JourneysRelayOptions> = {}): JourneysRelay {
  return createJourneysRelay({
    baseDomain: service.url,
    envId: ENV_ID,
    prefix: PREFIX,
    log: (line) => logs.push(line),
    ...overrides,
  });
}

interface BrowserInit {
  body?: unknown;
  headers?: Record<string, string | undefined>;
  method?: string;
  path?: string;
}

function browserRequest(path: string, init: BrowserInit = {}): Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ 'Content-Type': 'application/json', Origin: SITE, ...init.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  const method = init.method ?? 'POST';
  const body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body ?? {});
  return new Request(`${SITE}${PREFIX}${path}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
}

interface Result {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** One call through the relay, from the IP given (as toNodeHandler passes it). */
async function call(run: JourneysRelay, request: Request, ip = '203.0.113.7'): Promise<Result> {
  const response = await run(request, { clientIp: ip });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

function assertError(result: Result, status: number, error: string): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.body?.error, error, result.text);
  assert.equal(result.headers.get('content-type'), 'application/json');
  assert.equal(result.headers.get('cache-control'), 'no-store');
}

// ---------------------------------------------------------------------------

describe('createJourneysRelay: configuration', () => {
  it('refuses invalid options at creation', () => {
    for (const [overrides, name] of [
      [{ baseDomain: 'http://id.example.com' }, 'baseDomain'],
      [{ prefix: 'api/nid' }, 'prefix'],
      [{ prefix: '/api/nid/' }, 'prefix'],
      [{ prefix: '/api/../nid' }, 'prefix'],
      [{ prefix: undefined }, 'prefix'],
      [{ envId: 'env 1' }, 'envId'],
      [{ allowedOrigins: ['nope'] }, 'allowedOrigins'],
      [{ clientIds: [] }, 'clientIds'],
      [{ endpoints: { token: 'https://evil.example/token' } }, 'endpoints'],
      [{ limits: { perIp: { max: 0, windowSeconds: 60 } } }, 'limits.perIp'],
      [{ limits: { perIdentifier: { max: 5, windowSeconds: 1.5 } } }, 'limits.perIdentifier'],
      [{ store: {} }, 'store'],
      [{ trustProxy: 'x-forwarded-for' }, 'trustProxy'],
      [{ onTokens: true }, 'onTokens'],
      [{ fetch: 'fetch' }, 'fetch'],
      [{ log: 'console' }, 'log'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
    ] as const) {
      assert.throws(() => relay(overrides as unknown as Partial<JourneysRelayOptions>), new RegExp(`\`${name.replace('.', '\\.')}\``), name);
    }
  });
});

describe('createJourneysRelay: forwarding', () => {
  for (const endpoint of ['register', 'resendVerification', 'forgotPassword', 'token', 'changePassword'] as const) {
    it(`${endpoint}: POST ${PATHS[endpoint]}?env_id= with the same body, only Accept and Content-Type; the answer relayed`, async () => {
      answer = () => ({ status: 200, body: { uuid: 'u-1', extra: [1, 2] }, headers: { 'Set-Cookie': 'vendor=1', 'X-Internal': 'yes' } });
      const result = await call(
        relay(),
        browserRequest(`${PATHS[endpoint]}?env_id=browser-chosen`, { body: BODIES[endpoint], headers: { Cookie: 'session=abc', 'User-Agent': 'browser', 'Accept-Language': 'fr' } }),
      );
      assert.equal(result.status, 200, result.text);
      assert.deepEqual(result.body, { uuid: 'u-1', extra: [1, 2] });
      assert.equal(result.headers.get('set-cookie'), null, "the service's headers stay with the relay");
      assert.equal(result.headers.get('x-internal'), null);
      assert.equal(seen.length, 1);
      const [request] = seen;
      assert.equal(request!.method, 'POST');
      assert.equal(request!.url, `${PATHS[endpoint]}?env_id=${ENV_ID}`, "the relay's env_id, never the browser's");
      assert.deepEqual(request!.body, BODIES[endpoint], 'the body as the element sent it (passwords as typed)');
      assert.equal(request!.headers['content-type'], 'application/json');
      assert.equal(request!.headers.accept, 'application/json');
      for (const name of ['cookie', 'authorization', 'origin', 'x-forwarded-for']) {
        assert.equal(request!.headers[name], undefined, name);
      }
      // fetch's own defaults, not the browser's.
      assert.notEqual(request!.headers['accept-language'], 'fr');
      assert.notEqual(request!.headers['user-agent'], 'browser');
    });
  }

  it('keeps keys an integrator added to the body (a captcha token), and uses endpoint overrides on both sides', async () => {
    const run = relay({ endpoints: { forgotPassword: '/custom/forgot' } });
    const body = { ...BODIES.forgotPassword, captcha_token: 'tok' };
    assert.equal((await call(run, browserRequest('/custom/forgot', { body }))).status, 200);
    assert.deepEqual(seen[0]!.body, body);
    assert.equal(seen[0]!.url, `/custom/forgot?env_id=${ENV_ID}`);
    assertError(await call(run, browserRequest(PATHS.forgotPassword, { body })), 404, 'not_found');
  });

  it('without envId: no env_id at all', async () => {
    await call(relay({ envId: undefined }), browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }));
    assert.equal(seen[0]!.url, PATHS.forgotPassword);
  });

  it('Bearer only on change-password; any other credential header is never forwarded', async () => {
    const run = relay();
    await call(run, browserRequest(PATHS.changePassword, { body: BODIES.changePassword, headers: { Authorization: `Bearer ${ACCESS_TOKEN}` } }));
    assert.equal(seen[0]!.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
    for (const endpoint of ['register', 'resendVerification', 'forgotPassword', 'token'] as const) {
      seen = [];
      await call(run, browserRequest(PATHS[endpoint], { body: BODIES[endpoint], headers: { Authorization: `Bearer ${ACCESS_TOKEN}` } }));
      assert.equal(seen[0]!.headers.authorization, undefined, endpoint);
    }
    seen = [];
    assertError(await call(run, browserRequest(PATHS.changePassword, { body: BODIES.changePassword, headers: { Authorization: 'Basic YTpi' } })), 400, 'invalid_request');
    assert.equal(seen.length, 0);
  });

  it('never follows a redirect: 502 and a log line', async () => {
    answer = () => ({ status: 307, headers: { Location: 'https://evil.example/steal' } });
    assertError(await call(relay(), browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword })), 502, 'server_error');
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /redirect, which is never followed/);
  });

  it('every call: redirect "manual" (Workers refuse "error"), no cache mode, a signal', async () => {
    const inits: RequestInit[] = [];
    const spy: typeof fetch = (input, init) => {
      inits.push(init ?? {});
      return fetch(input, init);
    };
    await call(relay({ fetch: spy }), browserRequest(PATHS.register, { body: BODIES.register }));
    assert.equal(inits.length, 1);
    assert.equal(inits[0]!.redirect, 'manual');
    assert.equal('cache' in inits[0]!, false);
    assert.ok(inits[0]!.signal instanceof AbortSignal);
  });
});

describe('createJourneysRelay: refusals', () => {
  it('an unknown path: 404 (pre-register too: it needs the client secret); nothing sent', async () => {
    const run = relay();
    for (const path of ['/idp/v1/account/unknown', `${PATHS.register}/`, '/idp/v1/account/REGISTER', '/idp/v1/account/%72egister', '/token', '']) {
      assertError(await call(run, browserRequest(path, { body: BODIES.register })), 404, 'not_found');
    }
    const preRegister = await call(run, browserRequest(PATHS.preRegister, { body: {} }));
    assertError(preRegister, 404, 'not_found');
    assert.match(preRegister.body.error_description, /createPreRegisterHandler/);
    // Outside the prefix.
    assertError(await call(run, new Request(`${SITE}${PATHS.register}`, { method: 'POST', headers: { Origin: SITE, 'Content-Type': 'application/json' }, body: '{}' })), 404, 'not_found');
    assert.equal(seen.length, 0);
  });

  it('anything but POST: 405 with Allow', async () => {
    for (const method of ['GET', 'PUT', 'OPTIONS', 'DELETE']) {
      const result = await call(relay(), browserRequest(PATHS.register, { method, body: BODIES.register }));
      assertError(result, 405, 'invalid_request');
      assert.equal(result.headers.get('allow'), 'POST');
    }
    assert.equal(seen.length, 0);
  });

  it('a foreign or missing Origin: 403; the request\'s own, an allowed one, or Sec-Fetch-Site same-origin pass', async () => {
    const run = relay({ allowedOrigins: ['https://www.example.com'] });
    const body = BODIES.forgotPassword;
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null', undefined]) {
      assertError(await call(run, browserRequest(PATHS.forgotPassword, { body, headers: { Origin: origin } })), 403, 'invalid_request');
    }
    assertError(await call(run, browserRequest(PATHS.forgotPassword, { body, headers: { Origin: undefined, 'Sec-Fetch-Site': 'cross-site' } })), 403, 'invalid_request');
    assert.equal(seen.length, 0);
    for (const headers of [{ Origin: SITE }, { Origin: 'https://www.example.com' }, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }]) {
      assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body, headers }))).status, 200, JSON.stringify(headers));
    }
  });

  it('not JSON: 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined]) {
      assertError(await call(relay(), browserRequest(PATHS.register, { body: BODIES.register, headers: { 'Content-Type': type } })), 415, 'invalid_request');
    }
    assert.equal(seen.length, 0);
  });

  it('an oversized body, declared or not: 413', async () => {
    const big = { ...BODIES.forgotPassword, padding: 'x'.repeat(70 * 1024) };
    assertError(await call(relay(), browserRequest(PATHS.forgotPassword, { body: big })), 413, 'invalid_request');
    assertError(
      await call(relay(), browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword, headers: { 'Content-Length': String(70 * 1024) } })),
      413,
      'invalid_request',
    );
    assert.equal(seen.length, 0);
  });

  it("a body of the wrong shape: 400 naming the parameters, never their values (the element's own schema)", async () => {
    const cases: [string, unknown, RegExp][] = [
      [PATHS.register, { ...BODIES.register, client_id: undefined }, /client_id/],
      [PATHS.register, { ...BODIES.register, profile_fields: { ...BODIES.register.profile_fields, emailAddress: 'not an email <x>' } }, /profile_fields\.emailAddress/],
      [PATHS.token, { ...BODIES.token, grant_type: 'password' }, /grant_type/],
      [PATHS.token, { ...BODIES.token, user_id: 'nobody' }, /user_id/],
      [PATHS.forgotPassword, { ...BODIES.forgotPassword, redirect_uri: 'relative/path' }, /redirect_uri/],
      [PATHS.changePassword, { ...BODIES.changePassword, password: '' }, /password/],
      [PATHS.resendVerification, { ...BODIES.resendVerification, auth_type: 'fax' }, /auth_type/],
    ];
    for (const [path, body, name] of cases) {
      const result = await call(relay(), browserRequest(path, { body }));
      assertError(result, 400, 'invalid_request');
      assert.match(result.body.error_description, name);
      assert.ok(!result.text.includes('not an email') && !result.text.includes('nobody') && !result.text.includes('fax'), 'no value echoed');
    }
    for (const text of ['{', '[]', 'null', '"x"', '\u00ff']) {
      assertError(await call(relay(), browserRequest(PATHS.register, { body: text })), 400, 'invalid_request');
    }
    assert.equal(seen.length, 0);
  });

  it('a credential or token in the body: 400; a client_id not in clientIds: 400', async () => {
    for (const extra of [{ client_secret: 's' }, { api_key: 'k' }, { access_token: 't' }]) {
      assertError(await call(relay(), browserRequest(PATHS.forgotPassword, { body: { ...BODIES.forgotPassword, ...extra } })), 400, 'invalid_request');
    }
    const restricted = relay({ clientIds: ['another-client'] });
    assertError(await call(restricted, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword })), 400, 'invalid_request');
    assert.equal(seen.length, 0);
    assert.equal((await call(relay({ clientIds: [CLIENT_ID] }), browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }))).status, 200);
  });
});

describe("createJourneysRelay: the service's answers", () => {
  it('4xx: relayed with their status in the vendor error shape, other keys dropped', async () => {
    const details = { emailAddress: ['Email address is not formatted correctly.'] };
    answer = () => ({ status: 422, body: { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details, trace_id: 'internal' } });
    const result = await call(relay(), browserRequest(PATHS.register, { body: BODIES.register }));
    assert.equal(result.status, 422);
    assert.deepEqual(result.body, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details });
    for (const status of [400, 401, 404]) {
      answer = () => ({ status, body: { error: 'http_exception', error_description: null } });
      const relayed = await call(relay(), browserRequest(PATHS.changePassword, { body: BODIES.changePassword }));
      assert.equal(relayed.status, status);
      assert.deepEqual(relayed.body, { error: 'http_exception', error_description: null });
    }
    answer = () => ({ status: 403, body: '<html>Forbidden</html>', headers: { 'Content-Type': 'text/html' } });
    const html = await call(relay(), browserRequest(PATHS.register, { body: BODIES.register }));
    assert.equal(html.status, 403);
    assert.deepEqual(html.body, { error: 'http_exception' });
  });

  it("5xx: the status relayed, the body replaced by generic text, one log line (503's Retry-After kept)", async () => {
    answer = () => ({ status: 500, body: { error: 'internal', error_description: 'NullPointerException at db-7.internal:5432' } });
    const result = await call(relay(), browserRequest(PATHS.register, { body: BODIES.register }));
    assertError(result, 500, 'server_error');
    assert.deepEqual(result.body, { error: 'server_error', error_description: GENERIC });
    assert.ok(!result.text.includes('internal'));
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /register: the identity service failed \(HTTP 500, error "internal"\)/);
    answer = () => ({ status: 503, body: 'down', headers: { 'Retry-After': '120', 'Content-Type': 'text/plain' } });
    const unavailable = await call(relay(), browserRequest(PATHS.register, { body: BODIES.register }));
    assertError(unavailable, 503, 'server_error');
    assert.equal(unavailable.headers.get('retry-after'), '120');
  });

  it("the service's 429: relayed with Retry-After, logged (the relay concentrates traffic on one IP)", async () => {
    answer = () => ({ status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': '30' } });
    const result = await call(relay(), browserRequest(PATHS.register, { body: BODIES.register }));
    assertError(result, 429, 'rate_limited');
    assert.equal(result.headers.get('retry-after'), '30');
    assert.match(logs[0]!, /rate-limited this relay/);
  });

  it('a timeout: 504; an unreachable service or an unreadable success: 502; each logged', async () => {
    answer = () => ({ status: 200, hang: true });
    assertError(await call(relay({ timeoutMs: 200 }), browserRequest(PATHS.register, { body: BODIES.register })), 504, 'timeout');
    assert.match(logs.at(-1)!, /within 200 ms; answered 504/);
    assertError(await call(relay({ baseDomain: 'http://127.0.0.1:1' }), browserRequest(PATHS.register, { body: BODIES.register })), 502, 'server_error');
    assert.match(logs.at(-1)!, /could not be reached \(TypeError/);
    answer = () => ({ status: 200, body: '<html>ok</html>' });
    assertError(await call(relay(), browserRequest(PATHS.register, { body: BODIES.register })), 502, 'server_error');
    assert.match(logs.at(-1)!, /not a JSON object/);
    service.server.closeAllConnections();
  });
});

describe('createJourneysRelay: onTokens', () => {
  const TOKENS = { access_token: ACCESS_TOKEN, id_token: 'id.token.value', refresh_token: 'refresh-value', token_type: 'Bearer', expires_in: 600 };

  it('sees the tokens of a token call; the answer still reaches the browser unchanged, with its cookie', async () => {
    answer = () => ({ status: 200, body: TOKENS });
    const events: any[] = [];
    const run = relay({
      onTokens: (event) => {
        events.push(event);
        return { setCookie: '__Host-app=started; Path=/; HttpOnly; Secure; SameSite=Lax' };
      },
    });
    const result = await call(run, browserRequest(PATHS.token, { body: BODIES.token }));
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, TOKENS, 'unchanged: the reset step needs its access token');
    assert.deepEqual(result.headers.getSetCookie(), ['__Host-app=started; Path=/; HttpOnly; Secure; SameSite=Lax']);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.path, PATHS.token);
    assert.equal(event.grantType, 'pin');
    assert.equal(event.userId, EMAIL);
    assert.equal(event.tokens.accessToken, ACCESS_TOKEN);
    assert.equal(event.tokens.idToken, 'id.token.value');
    assert.equal(event.tokens.refreshToken, 'refresh-value');
    assert.ok(Math.abs(event.tokens.expiresAt - (Date.now() + 600_000)) < 5000);
    assert.ok(event.request instanceof Request);
  });

  it('not for other paths, failures or answers without an access token; a throwing onTokens changes nothing', async () => {
    let count = 0;
    const run = relay({
      onTokens: () => {
        count += 1;
        throw new Error(`secret ${ACCESS_TOKEN}`);
      },
    });
    answer = () => ({ status: 200, body: TOKENS });
    await call(run, browserRequest(PATHS.register, { body: BODIES.register }));
    answer = () => ({ status: 422, body: { error: 'invalid_form_fields', error_details: { code: ['wrong'] } } });
    await call(run, browserRequest(PATHS.token, { body: BODIES.token }));
    answer = () => ({ status: 200, body: {} });
    await call(run, browserRequest(PATHS.token, { body: BODIES.token }));
    assert.equal(count, 0);
    answer = () => ({ status: 200, body: TOKENS });
    const result = await call(run, browserRequest(PATHS.token, { body: { ...BODIES.token, grant_type: 'authorization_code' } }));
    assert.equal(count, 1);
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, TOKENS);
    assert.match(logs.at(-1)!, /onTokens threw \(Error\); the answer is relayed anyway/);
  });
});

describe('createJourneysRelay: rate limits (memory store)', () => {
  it('per IP: the request over the limit answers 429 too_many_requests with Retry-After; another IP is not affected', async () => {
    const run = relay({ limits: { perIp: { max: 3, windowSeconds: 60 } } });
    const request = () => browserRequest(PATHS.resendVerification, { body: { ...BODIES.resendVerification, user_id: `u${Math.random()}@example.com` } });
    for (let i = 0; i < 3; i += 1) assert.equal((await call(run, request())).status, 200);
    const limited = await call(run, request());
    assertError(limited, 429, 'too_many_requests');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(seen.length, 3, 'the limited request is not forwarded');
    assert.equal((await call(run, request(), '198.51.100.9')).status, 200);
    // A refused request counts for its IP too (no free retries of garbage).
    assertError(await call(run, browserRequest(PATHS.register, { body: '{' })), 429, 'too_many_requests');
  });

  it('per identifier: user_id or the register identifier, case-insensitive, one counter across paths and IPs', async () => {
    const run = relay({ limits: { perIdentifier: { max: 3, windowSeconds: 60 } } });
    assert.equal((await call(run, browserRequest(PATHS.register, { body: BODIES.register }), '203.0.113.1')).status, 200);
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: { ...BODIES.forgotPassword, user_id: EMAIL.toUpperCase() } }), '203.0.113.2')).status, 200);
    assert.equal((await call(run, browserRequest(PATHS.token, { body: BODIES.token }), '203.0.113.3')).status, 200);
    const limited = await call(run, browserRequest(PATHS.resendVerification, { body: BODIES.resendVerification }), '203.0.113.4');
    assertError(limited, 429, 'too_many_requests');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal(seen.length, 3);
    // Another identifier, and change-password (no identifier), still pass.
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: { ...BODIES.forgotPassword, user_id: '+15417543010', auth_type: 'sms' } }))).status, 200);
    assert.equal((await call(run, browserRequest(PATHS.changePassword, { body: BODIES.changePassword }))).status, 200);
    // register by mobile number (auth_type sms) counts its mobileNumber.
    const sms = { ...BODIES.register, auth_type: 'sms', profile_fields: { mobileNumber: '+15417543010', newPassword: 'p', newPasswordConfirm: 'p' } };
    assert.equal((await call(run, browserRequest(PATHS.register, { body: sms }))).status, 200);
    assert.equal((await call(run, browserRequest(PATHS.register, { body: sms }))).status, 200);
    assertError(await call(run, browserRequest(PATHS.register, { body: sms })), 429, 'too_many_requests');
  });

  it('the window ends: requests pass again', async () => {
    const run = relay({ limits: { perIp: { max: 1, windowSeconds: 1 } } });
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }))).status, 200);
    assertError(await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword })), 429, 'too_many_requests');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }))).status, 200);
  });

  it('the client IP: trustProxy when given; without a peer address, one shared counter and one log line', async () => {
    const proxied = relay({ limits: { perIp: { max: 1, windowSeconds: 60 } }, trustProxy: (request) => request.headers.get('x-real-ip') ?? '' });
    const from = (ip: string) => browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword, headers: { 'X-Real-IP': ip } });
    assert.equal((await call(proxied, from('192.0.2.1'), '10.0.0.1')).status, 200);
    assert.equal((await call(proxied, from('192.0.2.2'), '10.0.0.1')).status, 200, 'the proxy header, not the peer');
    assertError(await call(proxied, from('192.0.2.1'), '10.0.0.2'), 429, 'too_many_requests');

    const unknown = relay({ limits: { perIp: { max: 2, windowSeconds: 60 } } });
    const bare = () => unknown(browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }));
    assert.equal((await bare()).status, 200);
    assert.equal((await bare()).status, 200);
    assert.equal((await bare()).status, 429);
    assert.equal(logs.filter((line) => /client's IP is unknown/.test(line)).length, 1);

    // Deno.serve's info and Bun's server give the peer too.
    const peers = relay({ limits: { perIp: { max: 1, windowSeconds: 60 } } });
    const request = () => browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword });
    assert.equal((await peers(request(), { remoteAddr: { hostname: '192.0.2.50' } })).status, 200);
    assert.equal((await peers(request(), { requestIP: () => ({ address: '192.0.2.50' }) })).status, 429);
  });

  it('a store that fails or does not answer: 503 with Retry-After, nothing forwarded, logged once until it recovers', async () => {
    let mode: 'fail' | 'ok' = 'fail';
    const flaky: RateLimitStore = {
      async hit() {
        if (mode === 'fail') throw new Error('ECONNREFUSED 10.1.2.3:6379');
        return { count: 1, resetAt: Date.now() + 1000 };
      },
    };
    const run = relay({ store: flaky });
    for (let i = 0; i < 3; i += 1) {
      const result = await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }));
      assertError(result, 503, 'temporarily_unavailable');
      assert.equal(result.headers.get('retry-after'), '5');
    }
    assert.equal(seen.length, 0);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /rate limit store is unreachable \(Error\); answering 503 until it is back \(logged once\)/);
    assert.ok(!logs[0]!.includes('10.1.2.3'), 'the error message is not logged');
    mode = 'ok';
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }))).status, 200);
    assert.match(logs[1]!, /answers again/);
    assert.equal(logs.length, 2);
  });

  it('memoryRateLimitStore stays bounded (expired windows first, then the oldest)', async () => {
    const store = memoryRateLimitStore({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await store.hit(key, 60);
    assert.equal((await store.hit('a', 60)).count, 2);
    await store.hit('d', 60); // evicts the oldest entry ("a" was inserted first)
    assert.equal((await store.hit('a', 60)).count, 1, 'a was evicted');
    assert.throws(() => memoryRateLimitStore({ maxKeys: 0 }), /maxKeys/);
  });
});

// ---------------------------------------------------------------------------
// Redis: a real redis-server on a private unix socket
// ---------------------------------------------------------------------------

function findRedisServer(): string | undefined {
  // An explicit REDIS_SERVER_PATH is the only candidate (as in .ci/redis.mjs).
  const fromEnv = process.env.REDIS_SERVER_PATH;
  const candidates = fromEnv ? [fromEnv] : [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'redis-server')), '/usr/bin/redis-server'];
  for (const file of candidates) {
    if (!file) continue;
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  return undefined;
}

const REDIS = findRedisServer();
if (!REDIS) {
  console.warn(
    '\n!! WARNING: redis-server not found: the Redis tests of server-relay.test.ts are SKIPPED.\n' +
      '!! Debian, as root: apt-get install -y redis-server (node .ci/redis.mjs does it), or set REDIS_SERVER_PATH.\n',
  );
}

interface RedisServer {
  process: ChildProcess;
  socket: string;
  dir: string;
}

async function startRedis(path: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nid-redis-'));
  const socket = join(dir, 'redis.sock');
  const child = spawn(path, ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready to accept connections/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  child.stdout!.resume();
  child.stderr!.resume();
  return { process: child, socket, dir };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM'); // by its pid
  await exited;
}

/** A relay in its own process (`node --import tsx`), on its own port, counting in the shared Redis. */
const CHILD_RELAY = `
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
const { createJourneysRelay, redisRateLimitStore, toNodeHandler } = await import(pathToFileURL(process.env.RELAY_ENTRY).href);
const redis = createClient({ socket: { path: process.env.RELAY_SOCKET }, disableOfflineQueue: true });
redis.on('error', () => {});
await redis.connect();
const relay = createJourneysRelay({
  baseDomain: process.env.RELAY_BASE,
  envId: 'env-1',
  prefix: '/api/nid',
  allowedOrigins: ['${SITE}'],
  limits: JSON.parse(process.env.RELAY_LIMITS),
  store: redisRateLimitStore(redis),
  log: (line) => process.stderr.write(line + '\\n'),
});
const server = createServer(toNodeHandler(relay));
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  redis.destroy();
  process.exit(0);
});
`;

interface RelayProcess {
  process: ChildProcess;
  url: string;
  stderr: () => string;
}

async function startRelayProcess(socket: string, limits: JourneysRelayOptions['limits']): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', CHILD_RELAY], {
    cwd: root,
    env: {
      ...process.env,
      RELAY_ENTRY: join(root, 'src/server/index.ts'),
      RELAY_SOCKET: socket,
      RELAY_BASE: service.url,
      RELAY_LIMITS: JSON.stringify(limits),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`the relay process did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /PORT (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the relay process exited with ${code}: ${stderr}`));
    });
  });
  return { process: child, url: `http://127.0.0.1:${port}`, stderr: () => stderr };
}

describe('createJourneysRelay: the Redis store (a real redis-server)', { skip: REDIS ? false : 'redis-server not found (see the warning above)' }, () => {
  let redis: RedisServer;
  let client: ReturnType<typeof createClient>;

  before(async () => {
    redis = await startRedis(REDIS!);
    client = createClient({ socket: { path: redis.socket, tls: false }, disableOfflineQueue: true });
    client.on('error', () => {});
    await client.connect();
  });

  after(async () => {
    client?.destroy();
    if (redis) {
      await stop(redis.process);
      rmSync(redis.dir, { recursive: true, force: true });
    }
  });

  it('redisRateLimitStore: INCR with the window set once, atomically; keys hashed under the prefix', async () => {
    const store = redisRateLimitStore(client, { prefix: 'unit:' });
    const first = await store.hit('k', 30);
    assert.equal(first.count, 1);
    assert.ok(Math.abs(first.resetAt - (Date.now() + 30_000)) < 1000);
    assert.equal((await store.hit('k', 30)).count, 2);
    assert.ok(Number(await client.sendCommand(['PTTL', 'unit:k'])) > 28_000);
    // Concurrent hits are counted exactly.
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.hit('parallel', 30)));
    assert.deepEqual(counts.map((hit) => hit.count).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    // A key left without expiry gets one.
    await client.sendCommand(['SET', 'unit:stale', '5']);
    assert.equal((await store.hit('stale', 30)).count, 6);
    assert.ok(Number(await client.sendCommand(['PTTL', 'unit:stale'])) > 0);
    // The relay's keys are hashes: no identifier or IP in Redis.
    const run = relay({ store: redisRateLimitStore(client) });
    await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }));
    const keys = (await client.sendCommand(['KEYS', 'nid:rl:*'])) as string[];
    assert.equal(keys.length, 2);
    for (const key of keys) {
      assert.match(key, /^nid:rl:(ip|id):[0-9a-f]{32}$/);
      assert.ok(!key.includes('example.com') && !key.includes('203.0.113'));
    }
  });

  it('an ioredis-style client (call) works the same', async () => {
    const ioredisLike = { call: (command: string, ...args: string[]) => client.sendCommand([command, ...args]) };
    const store = redisRateLimitStore(ioredisLike, { prefix: 'io:' });
    assert.equal((await store.hit('k', 30)).count, 1);
    assert.equal((await store.hit('k', 30)).count, 2);
    assert.throws(() => redisRateLimitStore({} as never), /sendCommand\(args\) \(node-redis\) or call/);
  });

  it('two relay processes sharing one Redis: the per-identifier and per-IP limits hold across both', async () => {
    await client.sendCommand(['FLUSHALL']);
    const limits = { perIp: { max: 6, windowSeconds: 60 }, perIdentifier: { max: 3, windowSeconds: 60 } };
    const relays = await Promise.all([startRelayProcess(redis.socket, limits), startRelayProcess(redis.socket, limits)]);
    try {
      assert.notEqual(relays[0]!.url, relays[1]!.url);
      const send = (index: number, userId: string) =>
        fetch(`${relays[index]!.url}${PREFIX}${PATHS.forgotPassword}`, {
          method: 'POST',
          headers: { Origin: SITE, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...BODIES.forgotPassword, user_id: userId }),
        });
      // One identifier, alternating processes: the fourth request is over the shared limit of 3.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await send(i % 2, EMAIL)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const limited = await send(0, EMAIL);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.deepEqual(await limited.json(), { error: 'too_many_requests', error_description: 'Too many requests. Please try again later.' });
      // The same IP (127.0.0.1, from toNodeHandler's socket) has made 5 requests: one more passes, then 429 on either.
      assert.equal((await send(1, 'ada@example.com')).status, 200);
      assert.equal((await send(0, 'grace@example.com')).status, 429);
      assert.equal((await send(1, 'alan@example.com')).status, 429);
      assert.equal(seen.length, 4, 'only the requests within both limits reached the service');
      assert.ok(seen.every((request) => request.url === `${PATHS.forgotPassword}?env_id=${ENV_ID}`));
    } finally {
      await Promise.all(relays.map((child) => stop(child.process)));
    }
    for (const child of relays) assert.equal(child.stderr().trim(), '', 'no log line from a healthy relay');
  });

  it('Redis unreachable: 503 (fail closed), nothing forwarded, one log line, not one per request', async () => {
    const run = relay({ store: redisRateLimitStore(client) });
    assert.equal((await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword }))).status, 200);
    seen = [];
    await stop(redis.process); // by its pid
    for (let i = 0; i < 4; i += 1) {
      const result = await call(run, browserRequest(PATHS.forgotPassword, { body: { ...BODIES.forgotPassword, user_id: `u${i}@example.com` } }), `198.51.100.${i}`);
      assertError(result, 503, 'temporarily_unavailable');
      assert.equal(result.headers.get('retry-after'), '5');
    }
    assert.equal(seen.length, 0);
    assert.equal(logs.length, 1, JSON.stringify(logs));
    assert.match(logs[0]!, /rate limit store is unreachable .*answering 503 until it is back \(logged once\)/);
  });

  it('a client that queues commands while Redis is down: 503 after 2 s, logged once', async () => {
    const queueing = createClient({ socket: { path: redis.socket, tls: false, reconnectStrategy: () => 1000 } });
    queueing.on('error', () => {});
    // Never connected: node-redis refuses commands before connect(); a client with an offline queue waits instead.
    const waiting = { sendCommand: () => new Promise<never>(() => {}) };
    const run = relay({ store: redisRateLimitStore(waiting) });
    const started = Date.now();
    assertError(await call(run, browserRequest(PATHS.forgotPassword, { body: BODIES.forgotPassword })), 503, 'temporarily_unavailable');
    assert.ok(Date.now() - started >= 1900 && Date.now() - started < 4000);
    assert.match(logs[0]!, /no answer within 2 s/);
    await assert.rejects(redisRateLimitStore(queueing).hit('k', 1), 'a client never connected rejects');
    assert.equal(logs.length, 1);
  });
});
