/**
 * The server helper (`nid-journeys/server`), contract v2 section 8:
 * createPreRegisterHandler against a fake identity service (an injected
 * `fetch` that records every call and answers what the test asks for), a
 * real local service for what only a real fetch proves (a redirect is not
 * followed, an unreachable port, the global fetch), and toNodeHandler in a
 * real Node http server.
 *
 * Every log line of every test is checked for control characters (afterEach).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { errorBody, preRegisterRequest } from '../../src/api/contract.js';
import { errorFromResponse } from '../../src/api/response-errors.js';
import {
  ALREADY_EXISTS_MESSAGE,
  createPreRegisterHandler,
  toNodeHandler,
  type FetchHandler,
  type PreRegisterHandlerOptions,
} from '../../src/server/index.js';

const SECRET = 'S3cr3t-value-never-shown';
const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
const SITE = 'https://admin.example.com';
const ROUTE = `${SITE}/api/invite`;
const BASE = 'https://id.eu.nextreason.com';
const DEFAULT_REDIRECT = 'https://app.example.com/activated';
const OTHER_REDIRECT = 'https://partners.example.com/welcome';
const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
const PATH = '/idp/v1/account/pre-register';
const EMAIL = 'john.smith@example.com';
const GENERIC = 'The invitation could not be sent right now. Please try again later.';
/** What must never be in a log line: C0, DEL, C1, U+2028/2029, bidi controls. */
const LOG_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// ---------------------------------------------------------------------------
// The fake identity service (an injected fetch)
// ---------------------------------------------------------------------------

interface Call {
  url: string;
  init: RequestInit;
  headers: Headers;
  body: Record<string, unknown>;
}
/** What the fake answers: a Response, `hang` (never answers until aborted), or an error to throw. */
type Reply = Response | 'hang' | Error;

let calls: Call[] = [];
let reply: (call: Call) => Reply = () => upstream(201, { uuid: UUID });
let logs: string[] = [];

function upstream(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

const fakeFetch: typeof fetch = async (input, init = {}) => {
  const call: Call = { url: String(input), init, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) };
  calls.push(call);
  const answer = reply(call);
  if (answer instanceof Error) throw answer;
  if (answer !== 'hang') return answer;
  return new Promise<Response>((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });
};

beforeEach(() => {
  calls = [];
  logs = [];
  reply = () => upstream(201, { uuid: UUID });
});

afterEach(() => {
  for (const line of logs) {
    assert.doesNotMatch(line, LOG_UNSAFE, `a control character in the log line ${JSON.stringify(line)}`);
    assert.ok(line.length <= 2100, 'a log line is bounded');
  }
});

/** The admin's session cookie, as authorize checks it below. */
const SESSION = 'admin_session=valid';

function handler(overrides: Partial<PreRegisterHandlerOptions> = {}): FetchHandler {
  return createPreRegisterHandler({
    baseDomain: BASE,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: DEFAULT_REDIRECT,
    authorize: (request) => (request.headers.get('cookie') ?? '').split('; ').includes(SESSION),
    fetch: fakeFetch,
    log: (line) => logs.push(line),
    ...overrides,
  });
}

const PROFILE = { firstName: 'John', lastName: 'Smith', emailAddress: EMAIL, resourceAccessB2b: 'true' };

function inviteBody(overrides: Record<string, unknown> = {}) {
  return { profile_fields: PROFILE, locale: 'en-US', auth_type: 'email', resend: false, ...overrides };
}

/** What <nid-invite-form> sends from the admin page. */
function browserRequest(
  init: { body?: unknown; headers?: Record<string, string | undefined>; method?: string; url?: string } = {},
): Request {
  const headers: Record<string, string> = {};
  const wanted = { 'Content-Type': 'application/json', Origin: SITE, Cookie: SESSION, ...init.headers };
  for (const [name, value] of Object.entries(wanted)) if (value !== undefined) headers[name] = value;
  const method = init.method ?? 'POST';
  const body = init.body === undefined ? JSON.stringify(inviteBody()) : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return new Request(init.url ?? ROUTE, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
}

interface Result {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function json(response: Response): Promise<Result> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

/** One invitation through the default handler (or the one given). */
async function invite(request: Request = browserRequest(), run: FetchHandler = handler()): Promise<Result> {
  return json(await run(request));
}

function assertError(result: Result, status: number, error: string): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.body.error, error);
  assert.ok(errorBody.safeParse(result.body).success, "the service's error shape");
  assert.deepEqual(
    Object.keys(result.body).filter((key) => !['error', 'error_description', 'error_details'].includes(key)),
    [],
    'no key outside the error shape',
  );
  assert.equal(result.headers.get('content-type'), 'application/json');
  assert.equal(result.headers.get('cache-control'), 'no-store');
}

/** The generic 502 and exactly one log line, which is returned. */
function assertBadGateway(result: Result): string {
  assertError(result, 502, 'server_error');
  assert.deepEqual(result.body, { error: 'server_error', error_description: GENERIC });
  assert.equal(logs.length, 1, `one log line: ${JSON.stringify(logs)}`);
  return logs[0]!;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;

// ---------------------------------------------------------------------------
// A real local service, for what only a real fetch proves
// ---------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A recording HTTP server; `answer` decides each reply. */
async function startService(): Promise<{ server: Server; url: string; seen: Seen[]; answer: (req: Seen) => { status: number; body?: string; headers?: Record<string, string> } }> {
  const state = {
    seen: [] as Seen[],
    answer: (_req: Seen) => ({ status: 201, body: JSON.stringify({ uuid: UUID }) }) as { status: number; body?: string; headers?: Record<string, string> },
  };
  const server = createServer(async (req, res) => {
    const request: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: await readAll(req) };
    state.seen.push(request);
    const { status, body = '', headers = {} } = state.answer(request);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body);
  });
  const url = await listen(server);
  return Object.assign(state, { server, url });
}

// ---------------------------------------------------------------------------

describe('createPreRegisterHandler: configuration', () => {
  const valid: PreRegisterHandlerOptions = {
    baseDomain: BASE,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: DEFAULT_REDIRECT,
    authorize: () => true,
  };
  const creating = (options: Partial<PreRegisterHandlerOptions> | Record<string, unknown>) => () =>
    createPreRegisterHandler({ ...valid, ...options } as PreRegisterHandlerOptions);
  const noSecret = (pattern: RegExp) => (error: unknown) =>
    error instanceof Error && pattern.test(error.message) && !error.message.includes(SECRET);

  it('refuses to be created without an authorize callback', () => {
    assert.throws(creating({ authorize: undefined }), /`authorize` is required/);
    assert.throws(creating({ authorize: true }), /`authorize` is required/);
    assert.throws(() => createPreRegisterHandler(undefined as unknown as PreRegisterHandlerOptions), /options object/);
  });

  it('refuses a base domain that is not https (http only on localhost)', () => {
    for (const baseDomain of ['', 'http://id.example.com', 'ftp://id.example.com', 'id.example.com', 'https://u:p@id.example.com', undefined]) {
      assert.throws(creating({ baseDomain }), /`baseDomain`/, String(baseDomain));
    }
    assert.doesNotThrow(creating({ baseDomain: 'http://localhost:4401' }));
    assert.doesNotThrow(creating({ baseDomain: 'http://127.0.0.1:4401' }));
  });

  it('refuses a missing client id or secret, and never names the secret', () => {
    for (const clientId of ['', undefined, 42, 'has:colon', 'line\nbreak']) {
      assert.throws(creating({ clientId }), noSecret(/`clientId`/), String(clientId));
    }
    for (const clientSecret of ['', undefined, 42]) assert.throws(creating({ clientSecret }), /`clientSecret`/);
  });

  it('refuses to start without a redirect_uri to send: neither redirectUri nor a non-empty allowedRedirectUris', () => {
    for (const options of [{ redirectUri: undefined }, { redirectUri: undefined, allowedRedirectUris: [] }]) {
      assert.throws(creating(options), noSecret(/`redirectUri` is required \(or a non-empty `allowedRedirectUris`\).*redirect_uri/));
    }
    assert.doesNotThrow(creating({ redirectUri: undefined, allowedRedirectUris: [OTHER_REDIRECT] }));
    assert.doesNotThrow(creating({ allowedRedirectUris: [] }), 'an empty allowlist next to redirectUri');
  });

  it('refuses a redirect URI that is not absolute', () => {
    for (const redirectUri of ['not a url', '/activated', '', null, 42]) {
      assert.throws(creating({ redirectUri }), noSecret(/`redirectUri` must be an absolute URL/), String(redirectUri));
    }
    for (const allowedRedirectUris of [['/relative'], [OTHER_REDIRECT, 'nope'], OTHER_REDIRECT, [42], 'x']) {
      assert.throws(creating({ allowedRedirectUris }), noSecret(/`allowedRedirectUris` must be a list of absolute URLs/), String(allowedRedirectUris));
    }
  });

  it('refuses other invalid options without naming the secret', () => {
    for (const [options, name] of [
      [{ endpoints: { preRegister: 'https://evil.example/x' } }, '`endpoints.preRegister`'],
      [{ endpoints: { preRegister: '/a/../b' } }, '`endpoints.preRegister`'],
      [{ timeoutMs: 0 }, '`timeoutMs`'],
      [{ timeoutMs: Number.NaN }, '`timeoutMs`'],
      [{ allowedOrigins: ['nope'] }, '`allowedOrigins`'],
      [{ fetch: 'fetch' }, '`fetch`'],
      [{ log: 'console' }, '`log`'],
    ] as const) {
      assert.throws(creating(options), noSecret(new RegExp(name.replace(/[.`]/g, '\\$&'))), name);
    }
  });
});

describe('createPreRegisterHandler: the call to /pre-register', () => {
  it('sends the documented request and answers 200 {uuid} for a 201', async () => {
    const result = await invite(browserRequest({ headers: { 'Idempotency-Key': 'browser-key-1' } }));
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(result.body, { uuid: UUID });
    assert.equal(result.headers.get('content-type'), 'application/json');
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.equal(result.headers.get('x-content-type-options'), 'nosniff');

    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call!.url, `${BASE}${PATH}`);
    assert.equal(call!.init.method, 'POST');
    assert.deepEqual([...call!.headers].sort(), [
      ['accept', 'application/json'],
      ['authorization', basic(CLIENT_ID, SECRET)],
      ['content-type', 'application/json'],
    ]);
    assert.deepEqual(call!.body, {
      profile_fields: PROFILE,
      client_id: CLIENT_ID,
      locale: 'en-US',
      auth_type: 'email',
      grant_type: 'password',
      redirect_uri: DEFAULT_REDIRECT,
      resend: false,
    });
    assert.ok(preRegisterRequest.safeParse(call!.body).success);
  });

  it('never follows a redirect (redirect: "manual", a 3xx refused), sets no cache mode, and sends no Idempotency-Key', async () => {
    await invite(browserRequest({ headers: { 'Idempotency-Key': 'browser-key-1' } }));
    const [call] = calls;
    assert.equal(call!.init.redirect, 'manual');
    assert.equal('cache' in call!.init, false, 'no cache mode (Node fetch refuses some)');
    assert.equal(call!.headers.has('idempotency-key'), false);
    assert.equal(call!.headers.has('cookie'), false, "the admin's cookies stay with the helper");
    assert.ok(call!.init.signal instanceof AbortSignal, 'a timeout signal');
  });

  it('answers 200 {uuid} for a 200 too (an account that exists, linked to the client), relaying only uuid', async () => {
    reply = () => upstream(200, { uuid: UUID, linked: true, internal: 'x' });
    const result = await invite();
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, { uuid: UUID });
    assert.deepEqual(logs, []);
  });

  it('encodes a non-ASCII secret (and id) as UTF-8 before base64', async () => {
    const secret = 'sécret-🔑-ß';
    await invite(browserRequest(), handler({ clientSecret: secret, clientId: 'clïent' }));
    assert.equal(calls[0]!.headers.get('authorization'), basic('clïent', secret));
    assert.equal(calls[0]!.headers.get('authorization'), 'Basic Y2zDr2VudDpzw6ljcmV0LfCflJEtw58=');
  });

  it('forwards locale, auth_type and resend as the form sent them', async () => {
    const profile = { mobileNumber: '+15417543010', firstName: 'Jo' };
    await invite(browserRequest({ body: inviteBody({ profile_fields: profile, auth_type: 'sms', locale: 'fr-FR', resend: true }) }));
    assert.deepEqual(calls[0]!.body, {
      profile_fields: profile,
      client_id: CLIENT_ID,
      locale: 'fr-FR',
      auth_type: 'sms',
      grant_type: 'password',
      redirect_uri: DEFAULT_REDIRECT,
      resend: true,
    });
  });

  it('uses an endpoint override', async () => {
    await invite(browserRequest(), handler({ endpoints: { preRegister: '/custom/pre-register' } }));
    assert.equal(calls[0]!.url, `${BASE}/custom/pre-register`);
  });

  it('uses the global fetch at call time when none is given', async () => {
    const original = globalThis.fetch;
    globalThis.fetch = fakeFetch;
    try {
      const result = await invite(browserRequest(), handler({ fetch: undefined }));
      assert.equal(result.status, 200);
      assert.equal(calls.length, 1);
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('createPreRegisterHandler: redirect_uri', () => {
  const allowing = (overrides: Partial<PreRegisterHandlerOptions> = {}) => handler({ allowedRedirectUris: [OTHER_REDIRECT], ...overrides });
  const sentRedirect = () => calls.at(-1)!.body.redirect_uri;

  it('sends redirectUri when the form names none, or names redirectUri itself', async () => {
    await invite(browserRequest(), allowing());
    assert.equal(sentRedirect(), DEFAULT_REDIRECT);
    await invite(browserRequest({ body: inviteBody({ redirect_uri: DEFAULT_REDIRECT }) }), allowing());
    assert.equal(sentRedirect(), DEFAULT_REDIRECT);
  });

  it("sends the form's redirect_uri when it is in allowedRedirectUris", async () => {
    const result = await invite(browserRequest({ body: inviteBody({ redirect_uri: OTHER_REDIRECT }) }), allowing());
    assert.equal(result.status, 200);
    assert.equal(sentRedirect(), OTHER_REDIRECT);
  });

  it('refuses any other redirect_uri with 400 invalid_request (exact match), without calling the service or echoing it', async () => {
    const refused = [
      'https://evil.example/steal',
      `${OTHER_REDIRECT}/`,
      OTHER_REDIRECT.toUpperCase(),
      `${DEFAULT_REDIRECT}?next=https://evil.example`,
      `${DEFAULT_REDIRECT}#x`,
    ];
    for (const redirect_uri of refused) {
      logs = [];
      const result = await invite(browserRequest({ body: inviteBody({ redirect_uri }) }), allowing());
      assertError(result, 400, 'invalid_request');
      assert.match(result.body.error_description, /redirect_uri/);
      assert.ok(!result.text.includes('evil'), 'the value is not echoed');
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /redirect_uri that is neither redirectUri nor in allowedRedirectUris; answered 400/);
      assert.ok(!logs[0]!.includes('evil') && !logs[0]!.includes('partners'), 'the value is not logged');
    }
    // Not allowed without an allowlist either.
    assertError(await invite(browserRequest({ body: inviteBody({ redirect_uri: OTHER_REDIRECT }) })), 400, 'invalid_request');
    assert.equal(calls.length, 0);
  });

  it('with allowedRedirectUris only: the form must name one of them', async () => {
    const listOnly = handler({ redirectUri: undefined, allowedRedirectUris: [OTHER_REDIRECT, DEFAULT_REDIRECT] });
    assertError(await invite(browserRequest(), listOnly), 400, 'invalid_request');
    assert.match(logs[0]!, /named no redirect_uri and redirectUri is not set/);
    assert.equal(calls.length, 0);
    const result = await invite(browserRequest({ body: inviteBody({ redirect_uri: DEFAULT_REDIRECT }) }), listOnly);
    assert.equal(result.status, 200);
    assert.equal(sentRedirect(), DEFAULT_REDIRECT);
  });
});

describe('createPreRegisterHandler: who may call', () => {
  it('answers 403 access_denied when authorize says no, and never calls the service', async () => {
    for (const cookie of [undefined, 'admin_session=forged']) {
      assertError(await invite(browserRequest({ headers: { Cookie: cookie } })), 403, 'access_denied');
    }
    // Only `true` authorizes: a truthy object (a session, say) is a mistake, and fails closed.
    const truthy = handler({ authorize: (() => ({ user: 'admin' })) as unknown as () => boolean });
    assertError(await invite(browserRequest(), truthy), 403, 'access_denied');
    assert.equal(calls.length, 0);
  });

  it('gives authorize the Request (cookies, headers, URL) before reading the body, and awaits it', async () => {
    let received: Request | undefined;
    const result = await invite(
      browserRequest(),
      handler({
        authorize: async (request) => {
          received = request;
          assert.equal(request.bodyUsed, false, 'the body is not read yet');
          await new Promise((resolve) => setTimeout(resolve, 5));
          return request.headers.get('cookie') === SESSION;
        },
      }),
    );
    assert.equal(result.status, 200);
    assert.ok(received instanceof Request);
    assert.equal(received.url, ROUTE);
    assert.equal(received.method, 'POST');
    assert.equal(received.bodyUsed, true, 'the helper read the body after authorize');
  });

  it('answers 500 when authorize throws, and logs its class but not its message', async () => {
    let cause: unknown;
    const thrown = new TypeError(`session store down for cookie ${SESSION}`);
    const result = await invite(
      browserRequest(),
      handler({
        authorize: () => {
          throw thrown;
        },
        log: (line, reason) => {
          logs.push(line);
          cause = reason;
        },
      }),
    );
    assertError(result, 500, 'server_error');
    assert.equal(calls.length, 0);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /authorize threw \(TypeError\)/);
    assert.ok(!logs[0]!.includes(SESSION));
    assert.equal(cause, thrown, 'the cause goes to the logger as a separate argument');
  });

  it('refuses another origin and a missing Origin; accepts an allowed one', async () => {
    for (const origin of ['https://evil.example', 'https://admin.example.com:8443', 'http://admin.example.com', 'null', undefined]) {
      assertError(await invite(browserRequest({ headers: { Origin: origin } })), 403, 'invalid_request');
    }
    // A page with Referrer-Policy: no-referrer sends `Origin: null`; Sec-Fetch-Site (set by the browser only) decides.
    for (const site of ['cross-site', 'same-site', 'none']) {
      assertError(await invite(browserRequest({ headers: { Origin: 'null', 'Sec-Fetch-Site': site } })), 403, 'invalid_request');
    }
    const forged = browserRequest({ headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' } });
    assertError(await invite(forged), 403, 'invalid_request');
    assert.equal(calls.length, 0);
    for (const origin of ['null', undefined]) {
      assert.equal((await invite(browserRequest({ headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin' } }))).status, 200);
    }
    // Behind a proxy the app may see http://internal:3000 while the page is https://admin.example.com.
    const proxied = handler({ allowedOrigins: ['https://admin.example.com/'] });
    assert.equal((await invite(browserRequest({ url: 'http://internal:3000/api/invite' }), proxied)).status, 200);
    assertError(await invite(browserRequest({ url: 'http://internal:3000/api/invite' })), 403, 'invalid_request');
  });

  it('answers 405 with Allow for anything but POST, 415 for anything but JSON', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const result = await invite(browserRequest({ method }));
      assertError(result, 405, 'invalid_request');
      assert.equal(result.headers.get('allow'), 'POST');
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', undefined]) {
      assertError(await invite(browserRequest({ headers: { 'Content-Type': type } })), 415, 'invalid_request');
    }
    assert.equal((await invite(browserRequest({ headers: { 'Content-Type': 'application/json; charset=UTF-8' } }))).status, 200);
    assert.equal(calls.length, 1);
  });
});

describe('createPreRegisterHandler: the body', () => {
  it('refuses credentials and the keys it sets itself with 400, without calling the service', async () => {
    const refused: Record<string, unknown>[] = [
      { password: 'hunter22' },
      { client_secret: 'guess' },
      { clientSecret: 'guess' },
      { api_key: 'k' },
      { authorization: 'Basic guess' },
      { client_id: 'another-client' },
      { grant_type: 'client_credentials' },
      { profile_fields: { emailAddress: 'a@example.com', password: 'hunter22' } },
      { profile_fields: { emailAddress: 'a@example.com', clientSecret: 'guess' } },
    ];
    for (const extra of refused) {
      const result = await invite(browserRequest({ body: inviteBody(extra) }));
      assertError(result, 400, 'invalid_request');
      for (const value of ['hunter22', 'guess', 'another-client']) assert.ok(!result.text.includes(value), 'the answer does not repeat the body');
    }
    assert.equal(calls.length, 0);
  });

  it("strips other top-level keys (a nid-submit listener's CSRF token): accepted, never forwarded", async () => {
    let seenByAuthorize: unknown;
    const result = await invite(
      browserRequest({ body: inviteBody({ csrf_token: 'from-the-page' }) }),
      handler({
        authorize: async (request) => {
          seenByAuthorize = ((await request.clone().json()) as { csrf_token?: string }).csrf_token;
          return true;
        },
      }),
    );
    assert.equal(result.status, 200);
    assert.equal(seenByAuthorize, 'from-the-page', 'authorize can read a clone of the body');
    assert.equal('csrf_token' in calls[0]!.body, false);
    assert.ok(!String(calls[0]!.init.body).includes('from-the-page'));
  });

  it('refuses a body that fails the invite schema, naming only the parameter', async () => {
    const { locale: _locale, ...withoutLocale } = inviteBody();
    const cases: unknown[] = [
      withoutLocale,
      inviteBody({ locale: '' }),
      inviteBody({ auth_type: 'fax' }),
      inviteBody({ resend: 'yes' }),
      inviteBody({ redirect_uri: 'not a url' }),
      inviteBody({ profile_fields: { emailAddress: 'a@example.com', age: 42 } }),
      inviteBody({ profile_fields: 'john@example.com' }),
    ];
    for (const body of cases) assertError(await invite(browserRequest({ body })), 400, 'invalid_request');
    const missing = await invite(browserRequest({ body: withoutLocale }));
    assert.match(missing.body.error_description, /locale/);
    assert.equal(calls.length, 0);
  });

  it('refuses malformed JSON, non-objects, bad UTF-8 and bodies over 64 KB', async () => {
    for (const body of ['{"profile_fields":', '[1,2]', 'null', '"text"', '']) {
      assertError(await invite(browserRequest({ body })), 400, 'invalid_request');
    }
    const badUtf8 = new Request(ROUTE, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, Cookie: SESSION },
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    assertError(await invite(badUtf8), 400, 'invalid_request');
    const big = inviteBody({ profile_fields: { emailAddress: 'a@example.com', notes: 'x'.repeat(70 * 1024) } });
    assertError(await invite(browserRequest({ body: big })), 413, 'invalid_request');
    assert.equal(calls.length, 0);
  });
});

describe('createPreRegisterHandler: 422 invalid_form_fields', () => {
  const formFields = (details: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    upstream(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details, ...extra });

  it('an existing address becomes the already_exists field error (P10, P11)', async () => {
    // The vendor's message is garbled in its docs: any message that is not a format error counts.
    for (const message of ['s]', 'Email address already exists.', 'An account already exists with this email address']) {
      reply = () => formFields({ emailAddress: [message] });
      const result = await invite();
      assertError(result, 422, 'invalid_form_fields');
      assert.deepEqual(result.body, {
        error: 'invalid_form_fields',
        error_description: 'some inputs are invalid',
        error_details: { emailAddress: [ALREADY_EXISTS_MESSAGE] },
      });
      assert.equal(ALREADY_EXISTS_MESSAGE, 'An account with this identifier already exists.');
    }
    assert.deepEqual(logs, [], "the administrator's input is not operator news");
  });

  it("the element's parser reads it as already_exists on the identifier field", async () => {
    reply = () => formFields({ emailAddress: ['s]'] });
    const result = await invite();
    const parsed = errorFromResponse(result.status, result.text, null);
    assert.equal(parsed.code, 'invalid_form_fields');
    assert.deepEqual(parsed.fields, [{ name: 'emailAddress', code: 'already_exists', message: ALREADY_EXISTS_MESSAGE }]);
  });

  it('the same for a mobile number (auth_type sms)', async () => {
    reply = () => formFields({ mobileNumber: ['Mobile number already registered'] });
    const body = inviteBody({ auth_type: 'sms', profile_fields: { mobileNumber: '+15417543010', firstName: 'Jo' } });
    const result = await invite(browserRequest({ body }));
    assert.deepEqual(result.body.error_details, { mobileNumber: [ALREADY_EXISTS_MESSAGE] });
  });

  it('a format error on the identifier is relayed as the service wrote it, not as already_exists', async () => {
    reply = () => formFields({ emailAddress: ['Email address is not formatted correctly.'] });
    let result = await invite();
    assert.deepEqual(result.body, {
      error: 'invalid_form_fields',
      error_description: 'some inputs are invalid',
      error_details: { emailAddress: ['Email address is not formatted correctly.'] },
    });
    assert.equal(errorFromResponse(result.status, result.text, null).fields?.[0]?.code, 'invalid_format');

    reply = () => formFields({ mobileNumber: ['Mobile number is not formatted correctly.'] });
    result = await invite(browserRequest({ body: inviteBody({ auth_type: 'sms', profile_fields: { mobileNumber: '+15417543010' } }) }));
    assert.deepEqual(result.body.error_details, { mobileNumber: ['Mobile number is not formatted correctly.'] });

    // A value that is not a well-formed address cannot "already exist": the message stays the service's.
    reply = () => formFields({ emailAddress: ['s]'] });
    result = await invite(browserRequest({ body: inviteBody({ profile_fields: { emailAddress: 'john.smith@' } }) }));
    assert.deepEqual(result.body.error_details, { emailAddress: ['s]'] });
  });

  it('other fields are relayed, rebuilt from the parsed fields, never the raw body', async () => {
    reply = () =>
      formFields(
        { emailAddress: ['s]'], firstName: ['First name is too long.', 'second message'], 'lastName, companyName': ['Not allowed here'] },
        { error_description: 'upstream description with internal.host', trace_id: 'abc-internal' },
      );
    const result = await invite();
    assert.deepEqual(result.body, {
      error: 'invalid_form_fields',
      error_description: 'some inputs are invalid',
      error_details: {
        emailAddress: [ALREADY_EXISTS_MESSAGE],
        firstName: ['First name is too long.'],
        lastName: ['Not allowed here'],
        companyName: ['Not allowed here'],
      },
    });
    assert.ok(!result.text.includes('internal'), 'nothing else from the service');
  });

  it('strips control and bidi characters from a relayed message, and bounds it', async () => {
    reply = () => formFields({ firstName: ['Bad\u202e name\u0000\n', 'x'], lastName: ['y'.repeat(5000)] });
    const result = await invite();
    assert.deepEqual(result.body.error_details.firstName, ['Bad name']);
    assert.ok(result.body.error_details.lastName[0].length <= 501);
  });
});

describe('createPreRegisterHandler: failures that are not the administrator\'s', () => {
  it('422 invalid_parameters: 502 with generic text and one log line naming status, code and parameter names only', async () => {
    reply = () =>
      upstream(422, {
        error: 'invalid_parameters',
        error_description: `client ${SECRET} value john.smith@example.com`,
        error_details: {
          redirect_uri: 'field required',
          client_id: { missing: 'required' },
          auth_type: { invalid: 'unsupported auth_type value' },
          'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' },
        },
      });
    const line = assertBadGateway(await invite());
    assert.match(line, /^nid-journeys\/server: pre-register: /);
    assert.match(line, /HTTP 422, error "invalid_parameters" \(read as invalid_request\)/);
    assert.match(line, /parameters: redirect_uri \(missing\), client_id \(missing\), auth_type \(invalid\), newPassword \(unexpected\), newPasswordConfirm \(unexpected\)/);
    assert.match(line, new RegExp(`client_id "${CLIENT_ID}"`));
    assert.match(line, /Answered 502\.$/);
    for (const value of [SECRET, EMAIL, 'field required', 'unsupported auth_type value', 'Unexpected parameters']) {
      assert.ok(!line.includes(value), `the log line holds no value: ${value}`);
    }
  });

  it('422 http_exception "Missing Parameter: redirect_uri" (error_details null): 502, the parameter named', async () => {
    reply = () => upstream(422, { error: 'http_exception', error_description: 'missing_argument Missing Parameter: redirect_uri', error_details: null });
    const line = assertBadGateway(await invite());
    assert.match(line, /HTTP 422, error "http_exception" \(read as invalid_request\); parameters: redirect_uri \(missing\)/);
  });

  it('a 422 with a code of its own (unverified_user) is not relayed either', async () => {
    reply = () => upstream(422, { error: 'unverified_user' });
    assert.match(assertBadGateway(await invite()), /HTTP 422, error "unverified_user" \(read as unverified_user\)/);
  });

  for (const [status, error, pattern] of [
    [400, 'http_exception', /HTTP 400, error "http_exception" \(read as bad_request\)/],
    [400, 'invalid_domain', /HTTP 400, error "invalid_domain" \(read as invalid_request\); parameters: env_id \(invalid\)/],
    [401, 'http_exception', /HTTP 401, error "http_exception" \(read as unauthorized\).*check clientId and clientSecret/],
    [403, 'http_exception', /HTTP 403, error "http_exception" \(read as invalid_client\).*check clientId and clientSecret/],
    [404, 'not_found', /HTTP 404, error "not_found" \(read as not_found\).*check baseDomain and endpoints\.preRegister/],
    [405, 'method_not_allowed', /HTTP 405, .*check baseDomain and endpoints\.preRegister/],
    [413, 'too_large', /HTTP 413, error "too_large"/],
    [415, 'unsupported', /HTTP 415, error "unsupported"/],
    [409, 'conflict', /HTTP 409, error "conflict" \(read as http_error\)/],
  ] as const) {
    it(`${status} ${error}: 502 with generic text and one log line`, async () => {
      reply = () => upstream(status, { error, error_description: 'Forbidden' }, { 'WWW-Authenticate': 'Basic realm="id"' });
      const result = await invite();
      const line = assertBadGateway(result);
      assert.match(line, pattern);
      assert.match(line, new RegExp(`client_id "${CLIENT_ID}"`));
      assert.equal(result.headers.get('www-authenticate'), null, "the service's headers are not relayed");
    });
  }

  it('an error body that is not JSON still gets its status logged', async () => {
    reply = () => upstream(403, '<html>WAF</html>');
    assert.match(assertBadGateway(await invite()), /HTTP 403, no error code \(read as invalid_client\)/);
  });

  it('5xx: 502 with generic text, the body not relayed, one log line', async () => {
    for (const [status, body, pattern] of [
      [500, { error: 'server_error', error_description: 'Traceback at db.internal:5432' }, /failed for client_id "[^"]+": HTTP 500, error "server_error"/],
      [503, { error: 'service_unavailable', error_description: 'Service Temporary Unavailable' }, /HTTP 503, error "service_unavailable" \(read as service_unavailable\)/],
      [502, '<html>bad gateway at lb.internal</html>', /HTTP 502, no error code/],
    ] as const) {
      logs = [];
      reply = () => upstream(status, body, { 'Retry-After': '10', 'X-Internal': 'yes' });
      const result = await invite();
      const line = assertBadGateway(result);
      assert.match(line, pattern);
      assert.ok(!result.text.includes('internal') && !result.text.includes('Temporary'), 'the body is not relayed');
      assert.ok(!line.includes('internal'), 'the description is not logged');
      assert.equal(result.headers.get('retry-after'), null);
      assert.equal(result.headers.get('x-internal'), null);
    }
  });

  it('an unreadable success (not JSON, or no uuid): 502 and a log line', async () => {
    for (const body of ['<html>not json</html>', { id: 'no uuid' }, { uuid: '' }, [UUID]]) {
      logs = [];
      reply = () => upstream(201, body);
      assert.match(assertBadGateway(await invite()), /unreadable answer from the identity service \(HTTP 201/);
    }
  });

  it('429: 429 rate_limited with Retry-After in seconds (from seconds, an HTTP date, or a default)', async () => {
    reply = () => upstream(429, { error: 'too_many', error_description: 'slow down internal' }, { 'Retry-After': '42' });
    let result = await invite();
    assertError(result, 429, 'rate_limited');
    assert.equal(result.headers.get('retry-after'), '42');
    assert.ok(!result.text.includes('internal'));
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /rate-limited client_id "[^"]+" \(HTTP 429\); answered 429, Retry-After 42/);

    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    reply = () => upstream(429, { error: 'rate_limited' }, { 'Retry-After': inTwoMinutes });
    result = await invite();
    const seconds = Number(result.headers.get('retry-after'));
    assert.ok(seconds >= 118 && seconds <= 120, String(seconds));

    reply = () => upstream(429, 'Too Many Requests');
    result = await invite();
    assertError(result, 429, 'rate_limited');
    assert.equal(result.headers.get('retry-after'), '30', 'a default wait when the service gives none');
  });

  it('a logger that throws does not change the answer', async () => {
    reply = () => upstream(503, { error: 'down' });
    const result = await invite(
      browserRequest(),
      handler({
        log: () => {
          throw new Error('logger down');
        },
      }),
    );
    assertError(result, 502, 'server_error');
  });

  it('a timeout: 504 and a log line', async () => {
    reply = () => 'hang';
    const started = Date.now();
    const result = await invite(browserRequest(), handler({ timeoutMs: 50 }));
    assertError(result, 504, 'timeout');
    assert.ok(Date.now() - started < 2000);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /no answer from the identity service within 50 ms; answered 504/);
  });

  it("a network failure: 502 and a log line naming the error's class (and Node's cause code)", async () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED ${SECRET}`), { code: 'ECONNREFUSED' });
    reply = () => new TypeError('fetch failed', { cause });
    let line = assertBadGateway(await invite());
    assert.match(line, /could not reach the identity service \(TypeError: ECONNREFUSED\); answered 502/);
    assert.ok(!line.includes(SECRET), 'not the message');

    logs = [];
    reply = () => new RangeError('something else');
    line = assertBadGateway(await invite());
    assert.match(line, /could not reach the identity service \(RangeError\)/);
  });

  it('a network failure with the real fetch (a closed port) names TypeError', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await close(closed);
    const line = assertBadGateway(await invite(browserRequest(), handler({ baseDomain: url, fetch: undefined })));
    assert.match(line, /could not reach the identity service \(TypeError: ECONNREFUSED\)/);
  });

  it('a 3xx (what redirect: "manual" hands over), or an answer that came through a redirect, is refused', async () => {
    reply = () => new Response(null, { status: 307, headers: { Location: 'https://evil.example/' } });
    let line = assertBadGateway(await invite());
    assert.match(line, /answered with a redirect, which this helper refuses to follow \(TypeError\)/);

    logs = [];
    reply = () => {
      const response = upstream(201, { uuid: UUID });
      Object.defineProperty(response, 'redirected', { value: true });
      return response;
    };
    line = assertBadGateway(await invite());
    assert.match(line, /refuses to follow/);
  });
});

describe('createPreRegisterHandler: a real 307 is not followed', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let elsewhere: Awaited<ReturnType<typeof startService>>;

  before(async () => {
    elsewhere = await startService();
    service = await startService();
    service.answer = () => ({ status: 307, headers: { Location: `${elsewhere.url}/collect` } });
  });
  after(async () => {
    await close(service.server);
    await close(elsewhere.server);
  });

  it("Node's fetch refuses it: 502, one log line, and the credentials never reach the other host", async () => {
    const result = await invite(browserRequest(), handler({ baseDomain: service.url, fetch: undefined }));
    const line = assertBadGateway(result);
    assert.match(line, /answered with a redirect, which this helper refuses to follow \(TypeError\): check baseDomain and endpoints\.preRegister/);
    assert.equal(service.seen.length, 1);
    assert.equal(service.seen[0]!.url, PATH);
    assert.equal(service.seen[0]!.headers.authorization, basic(CLIENT_ID, SECRET));
    assert.equal(elsewhere.seen.length, 0, 'the redirect target got nothing');
  });
});

describe('log lines cannot be forged', () => {
  const injected = 'boom\nnid-journeys/server: all good\r\u001b[31m\u2028x\u2029\u202eevil\u0085\u0000';

  it('strips control characters from the service\'s error code', async () => {
    reply = () => upstream(503, { error: injected });
    const line = assertBadGateway(await invite());
    assert.match(line, /error "boomnid-journeys\/server: all good\[31mxevil"/);
  });

  it('and from a 4xx code, parameter names, the class of a thrown error and of what authorize threw', async () => {
    reply = () => upstream(422, { error: `invalid_parameters${injected}`, error_details: { [`redirect_uri\n${injected}`]: 'field required', client_id: 'field required' } });
    let line = assertBadGateway(await invite());
    assert.match(line, /parameters: client_id \(missing\)/);

    logs = [];
    reply = () => Object.assign(new TypeError('x'), { name: `Type${injected}Error` });
    line = assertBadGateway(await invite());
    assert.match(line, /\(Typeboom/);

    logs = [];
    const throwing = handler({
      authorize: () => {
        throw Object.assign(new Error('x'), { name: injected });
      },
    });
    assertError(await invite(browserRequest(), throwing), 500, 'server_error');
    assert.equal(logs.length, 1);
    // afterEach checks every line for the characters themselves.
  });

  it('bounds a long code', async () => {
    reply = () => upstream(500, { error: 'x'.repeat(100_000) });
    const line = assertBadGateway(await invite());
    assert.ok(line.length < 400, String(line.length));
    assert.match(line, /x{64}…"/);
  });

  it("cleans what the integrator's own log receives even from a client id with bidi controls", async () => {
    const clientId = 'client\u202eid';
    reply = () => upstream(500, {});
    await invite(browserRequest(), handler({ clientId }));
    assert.match(logs[0]!, /client_id "clientid"/);
  });
});

describe('nothing secret leaves the helper', () => {
  it('no secret, Basic credentials or profile value in any answer (body or header) or log line, whatever happens', async () => {
    const secret = 'the-Very-secret-🔑';
    const credentials = basic(CLIENT_ID, secret).slice('Basic '.length);
    const scenarios: [Reply | undefined, Request][] = [
      [undefined, browserRequest()],
      [upstream(401, { error: 'http_exception', error_description: 'Unauthorized' }), browserRequest()],
      [upstream(403, { error: 'http_exception', error_description: 'Forbidden' }), browserRequest()],
      [upstream(422, { error: 'invalid_parameters', error_details: { redirect_uri: 'field required' } }), browserRequest()],
      [upstream(422, { error: 'invalid_form_fields', error_details: { emailAddress: ['s]'] } }), browserRequest()],
      [upstream(429, { error: 'rate_limited' }, { 'Retry-After': '5' }), browserRequest()],
      [upstream(503, 'down'), browserRequest()],
      [upstream(201, 'garbage'), browserRequest()],
      [new Response(null, { status: 302, headers: { Location: '/' } }), browserRequest()],
      [new TypeError('fetch failed'), browserRequest()],
      ['hang', browserRequest()],
      [undefined, browserRequest({ headers: { Cookie: undefined } })],
      [undefined, browserRequest({ headers: { Origin: 'https://evil.example' } })],
      [undefined, browserRequest({ body: inviteBody({ client_secret: secret }) })],
      [undefined, browserRequest({ body: inviteBody({ csrf_token: secret }) })],
      [undefined, browserRequest({ body: inviteBody({ redirect_uri: 'https://evil.example/' }) })],
      [undefined, browserRequest({ method: 'GET' })],
    ];
    const outputs: string[] = [];
    for (const [answer, request] of scenarios) {
      reply = () => answer ?? upstream(201, { uuid: UUID });
      const response = await handler({ clientSecret: secret, timeoutMs: 50 })(request);
      outputs.push(await response.text(), JSON.stringify([...response.headers]));
    }
    assert.ok(logs.length >= 9, `failures were logged: ${logs.length}`);
    for (const text of [...outputs, ...logs]) {
      assert.ok(!text.includes(secret), `no secret in ${text}`);
      assert.ok(!text.includes(credentials), `no Basic credentials in ${text}`);
      assert.ok(!/authorization/i.test(text), `no Authorization header in ${text}`);
    }
    for (const line of logs) {
      for (const value of [EMAIL, 'John', 'Smith', 'resourceAccessB2b', 'profile_fields', 'en-US']) {
        assert.ok(!line.includes(value), `no profile value (${value}) in the log line ${line}`);
      }
    }
  });
});

describe('toNodeHandler', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let site: Server;
  let siteUrl: string;
  /** Set per test: what runs before the adapter (an Express-like body parser). */
  let middleware: ((req: IncomingMessage & { body?: unknown }) => Promise<void>) | undefined;

  before(async () => {
    service = await startService();
    const route = toNodeHandler(handler({ baseDomain: service.url, fetch: undefined }));
    site = createServer(async (req, res) => {
      await middleware?.(req);
      await route(req, res);
    });
    siteUrl = await listen(site);
  });
  after(async () => {
    await close(site);
    await close(service.server);
  });
  beforeEach(() => {
    middleware = undefined;
    service.seen.length = 0;
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${siteUrl}/api/invite`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: siteUrl, Cookie: SESSION, ...headers },
      body,
    });

  it('runs the handler in a Node http server: Host makes the origin, the stream is the body', async () => {
    const response = await post(JSON.stringify(inviteBody()), { 'Idempotency-Key': 'node-key' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { uuid: UUID });
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const [seen] = service.seen;
    assert.equal(seen!.method, 'POST');
    assert.equal(seen!.url, PATH);
    assert.equal(seen!.headers.authorization, basic(CLIENT_ID, SECRET));
    assert.equal(seen!.headers['idempotency-key'], undefined);
    assert.equal(JSON.parse(seen!.body).redirect_uri, DEFAULT_REDIRECT);

    assert.equal((await post(JSON.stringify(inviteBody()), { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(JSON.stringify(inviteBody()), { Cookie: 'admin_session=nope' })).status, 403);
    const get = await fetch(`${siteUrl}/api/invite`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal(service.seen.length, 1);
  });

  it("relays the service's answers through Node too (422 already exists)", async () => {
    service.answer = () => ({
      status: 422,
      body: JSON.stringify({ error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { emailAddress: ['s]'] } }),
    });
    try {
      const response = await post(JSON.stringify(inviteBody()));
      assert.equal(response.status, 422);
      assert.deepEqual((await response.json()).error_details, { emailAddress: [ALREADY_EXISTS_MESSAGE] });
    } finally {
      service.answer = () => ({ status: 201, body: JSON.stringify({ uuid: UUID }) });
    }
  });

  it('uses a body that a framework already parsed (express.json())', async () => {
    middleware = async (req) => {
      req.body = JSON.parse(await readAll(req));
    };
    const response = await post(JSON.stringify(inviteBody({ locale: 'fr-FR' })));
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(service.seen[0]!.body).locale, 'fr-FR');

    middleware = async (req) => {
      req.body = { ...JSON.parse(await readAll(req)), password: 'added' };
    };
    assert.equal((await post(JSON.stringify(inviteBody()))).status, 400, 'a parsed body is checked the same way');
    assert.equal(service.seen.length, 1);
  });

  it('reads the stream when a body parser set req.body without reading it (Express 4)', async () => {
    middleware = async (req) => {
      req.body = {};
    };
    const response = await post(JSON.stringify(inviteBody()));
    assert.equal(response.status, 200);
    assert.equal(service.seen.length, 1);
  });

  it('answers 413 for a body over 64 KB, declared (Content-Length) or streamed (chunked)', async () => {
    const big = JSON.stringify(inviteBody({ profile_fields: { emailAddress: 'a@example.com', notes: 'x'.repeat(100 * 1024) } }));
    const declared = await post(big);
    assert.equal(declared.status, 413);
    assert.ok(errorBody.safeParse(await declared.json()).success);

    // No Content-Length: the limit applies while reading, and the answer still arrives.
    const { request } = await import('node:http');
    const streamed = await new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
      const req = request(
        `${siteUrl}/api/invite`,
        { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: siteUrl, Cookie: SESSION, 'Transfer-Encoding': 'chunked' } },
        async (res) => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text: await readAll(res) }),
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(8 * 1024));
      req.end();
    });
    assert.equal(streamed.status, 413);
    assert.equal(streamed.connection, 'close', 'the unread rest of the body ends the connection');
    assert.equal(JSON.parse(streamed.text).error, 'invalid_request');
    assert.equal(service.seen.length, 0);
  });

  it('answers 400, not a crash, for a request with a bad Host', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${siteUrl}/api/invite`, { method: 'POST', headers: { Host: 'bad host', 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status, 400);
  });
});

describe('the package entry', () => {
  const built = new URL('../../dist/esm/server/index.js', import.meta.url);

  it('nid-journeys/server loads from dist/ in plain Node and makes the call', { skip: !existsSync(built) && 'run npm run build first' }, async () => {
    const entry = (await import('nid-journeys/server' as string)) as typeof import('../../src/server/index.js');
    assert.equal(typeof entry.toNodeHandler, 'function');
    const options = { baseDomain: BASE, clientId: CLIENT_ID, clientSecret: SECRET, redirectUri: DEFAULT_REDIRECT, fetch: fakeFetch };
    assert.throws(() => entry.createPreRegisterHandler(options as PreRegisterHandlerOptions), /authorize/);
    const builtHandler = entry.createPreRegisterHandler({ ...options, authorize: () => true });
    const result = await invite(browserRequest(), builtHandler);
    assert.deepEqual(result.body, { uuid: UUID });
    assert.equal(calls[0]!.headers.get('authorization'), basic(CLIENT_ID, SECRET));
    // Redirects are refused by the helper itself (workerd rejects redirect: 'error').
    assert.equal(calls[0]!.init.redirect, 'manual');
  });
});
