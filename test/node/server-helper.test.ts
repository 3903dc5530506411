/**
 * The server helper (`nid-journeys/server`): createPreRegisterHandler against
 * a fake identity service on an ephemeral port, and toNodeHandler in a real
 * Node http server. The fake records every request it receives and answers
 * what the test asks for.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { errorBody, preRegisterRequest } from '../../src/api/contract.js';
import {
  createPreRegisterHandler,
  toNodeHandler,
  type FetchHandler,
  type PreRegisterHandlerOptions,
} from '../../src/server/index.js';

const SECRET = 'S3cr3t-value-never-shown';
const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
const SITE = 'https://admin.example.com';
const ROUTE = `${SITE}/api/invite`;
const DEFAULT_REDIRECT = 'https://app.example.com/activated';
const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
const PATH = '/idp/v1/account/pre-register';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the timeout test). */
  hang?: boolean;
}

let service: Server;
let serviceUrl: string;
let seen: Seen[] = [];
let answer: (request: Seen) => Answer = () => ({ status: 200, body: { uuid: UUID } });
let logs: string[] = [];

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

before(async () => {
  service = createServer(async (req, res) => {
    const request: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: await readAll(req) };
    seen.push(request);
    const reply = answer(request);
    if (reply.hang) return;
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
    res.end(text);
  });
  serviceUrl = await listen(service);
});

after(() => close(service));

beforeEach(() => {
  seen = [];
  logs = [];
  answer = () => ({ status: 200, body: { uuid: UUID } });
});

/** The admin's session cookie, as authorize checks it below. */
const SESSION = 'admin_session=valid';

function handler(overrides: Partial<PreRegisterHandlerOptions> = {}): FetchHandler {
  return createPreRegisterHandler({
    baseDomain: serviceUrl,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: DEFAULT_REDIRECT,
    authorize: (request) => (request.headers.get('cookie') ?? '').split('; ').includes(SESSION),
    log: (line) => logs.push(line),
    ...overrides,
  });
}

function inviteBody(overrides: Record<string, unknown> = {}) {
  return {
    profile_fields: { firstName: 'John', lastName: 'Smith', emailAddress: 'john.smith@example.com', resourceAccessB2b: 'true' },
    locale: 'en-US',
    auth_type: 'email',
    resend: false,
    ...overrides,
  };
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

async function json(response: Response): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

function assertError(result: Awaited<ReturnType<typeof json>>, status: number, error: string): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.body.error, error);
  assert.ok(errorBody.safeParse(result.body).success, 'the contract error shape');
  assert.equal(result.headers.get('content-type'), 'application/json');
  assert.equal(result.headers.get('cache-control'), 'no-store');
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;

describe('createPreRegisterHandler: configuration', () => {
  const valid: PreRegisterHandlerOptions = {
    baseDomain: 'https://id.example.com',
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    authorize: () => true,
  };
  const creating = (options: Partial<PreRegisterHandlerOptions> | Record<string, unknown>) => () =>
    createPreRegisterHandler({ ...valid, ...options } as PreRegisterHandlerOptions);

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
      assert.throws(creating({ clientId }), /`clientId`/, String(clientId));
    }
    for (const clientSecret of ['', undefined, 42]) {
      assert.throws(creating({ clientSecret }), /`clientSecret`/);
    }
    for (const options of [{ redirectUri: 'not a url' }, { endpoints: { preRegister: 'https://evil.example/x' } }, { timeoutMs: 0 }, { allowedOrigins: ['nope'] }]) {
      assert.throws(creating(options), (error: Error) => !error.message.includes(SECRET));
    }
  });
});

describe('createPreRegisterHandler: the call to /pre-register', () => {
  it('sends the Basic header, client_id, grant_type and the default redirect_uri, and answers {uuid}', async () => {
    const result = await json(await handler()(browserRequest({ headers: { 'Idempotency-Key': 'browser-key-1' } })));
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(result.body, { uuid: UUID });
    assert.equal(result.headers.get('content-type'), 'application/json');
    assert.equal(result.headers.get('cache-control'), 'no-store');

    assert.equal(seen.length, 1);
    const [request] = seen;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, PATH);
    assert.equal(request!.headers.authorization, `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`);
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.equal(request!.headers.accept, 'application/json');
    assert.equal(request!.headers['idempotency-key'], 'browser-key-1', "the browser's key, so its retry is the same call");
    assert.equal(request!.headers.cookie, undefined, "the admin's cookies stay with the helper");
    const sent = JSON.parse(request!.body);
    assert.deepEqual(sent, {
      profile_fields: { firstName: 'John', lastName: 'Smith', emailAddress: 'john.smith@example.com', resourceAccessB2b: 'true' },
      client_id: CLIENT_ID,
      locale: 'en-US',
      auth_type: 'email',
      grant_type: 'password',
      redirect_uri: DEFAULT_REDIRECT,
      resend: false,
    });
    assert.ok(preRegisterRequest.safeParse(sent).success);
  });

  it('encodes a non-ASCII secret (and id) as UTF-8 before base64', async () => {
    const secret = 'sécret-🔑-ß';
    await handler({ clientSecret: secret, clientId: 'clïent' })(browserRequest());
    assert.equal(seen[0]!.headers.authorization, basic('clïent', secret));
    assert.equal(seen[0]!.headers.authorization, 'Basic Y2zDr2VudDpzw6ljcmV0LfCflJEtw58=');
  });

  it("keeps the browser's redirect_uri; without one and without a default it sends none", async () => {
    await handler()(browserRequest({ body: inviteBody({ redirect_uri: 'https://app.example.com/welcome', resend: true, auth_type: 'sms' }) }));
    const kept = JSON.parse(seen[0]!.body);
    assert.equal(kept.redirect_uri, 'https://app.example.com/welcome');
    assert.equal(kept.resend, true);
    assert.equal(kept.auth_type, 'sms');
    await handler({ redirectUri: undefined })(browserRequest());
    assert.equal('redirect_uri' in JSON.parse(seen[1]!.body), false);
  });

  it('sends a new Idempotency-Key when the browser sent none or a malformed one', async () => {
    await handler()(browserRequest());
    await handler()(browserRequest({ headers: { 'Idempotency-Key': 'x'.repeat(300) } }));
    for (const request of seen) assert.match(String(request.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
    assert.notEqual(seen[0]!.headers['idempotency-key'], seen[1]!.headers['idempotency-key']);
  });

  it('uses an endpoint override and an injected fetch', async () => {
    const calls: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ uuid: UUID, extra: 'dropped' }), { status: 200 });
    };
    const result = await json(await handler({ fetch: fetchStub, endpoints: { preRegister: '/custom/invite' } })(browserRequest()));
    assert.deepEqual(result.body, { uuid: UUID }, 'only the contract keys are relayed');
    assert.deepEqual(calls, [`${serviceUrl}/custom/invite`]);
    assert.equal(seen.length, 0);
  });
});

describe('createPreRegisterHandler: who may call', () => {
  it('answers 403 access_denied when authorize says no, and never calls the service', async () => {
    for (const cookie of [undefined, 'admin_session=forged']) {
      assertError(await json(await handler()(browserRequest({ headers: { Cookie: cookie } }))), 403, 'access_denied');
    }
    // Only `true` authorizes: a truthy object (a session, say) is a mistake, and fails closed.
    const truthy = handler({ authorize: (() => ({ user: 'admin' })) as unknown as () => boolean });
    assertError(await json(await truthy(browserRequest())), 403, 'access_denied');
    assert.equal(seen.length, 0);
  });

  it('gives authorize the Request (cookies, headers, URL) before reading the body, and awaits it', async () => {
    let received: Request | undefined;
    const result = await handler({
      authorize: async (request) => {
        received = request;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return request.headers.get('cookie') === SESSION;
      },
    })(browserRequest());
    assert.equal(result.status, 200);
    assert.ok(received instanceof Request);
    assert.equal(received.url, ROUTE);
    assert.equal(received.method, 'POST');
    assert.equal(received.bodyUsed, true, 'the helper read the body after authorize');
  });

  it('answers 500 when authorize throws, and logs its name but not its message', async () => {
    const result = await json(
      await handler({
        authorize: () => {
          throw new TypeError(`session store down for cookie ${SESSION}`);
        },
      })(browserRequest()),
    );
    assertError(result, 500, 'server_error');
    assert.equal(seen.length, 0);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /authorize threw \(TypeError\)/);
    assert.ok(!logs[0]!.includes(SESSION));
  });

  it('refuses another origin and a missing Origin; accepts an allowed one', async () => {
    for (const origin of ['https://evil.example', 'https://admin.example.com:8443', 'http://admin.example.com', 'null', undefined]) {
      assertError(await json(await handler()(browserRequest({ headers: { Origin: origin } }))), 403, 'invalid_request');
    }
    // A page with Referrer-Policy: no-referrer sends `Origin: null`; Sec-Fetch-Site (set by the browser only) decides.
    for (const site of ['cross-site', 'same-site', 'none']) {
      const request = browserRequest({ headers: { Origin: 'null', 'Sec-Fetch-Site': site } });
      assertError(await json(await handler()(request)), 403, 'invalid_request');
    }
    const forged = browserRequest({ headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' } });
    assertError(await json(await handler()(forged)), 403, 'invalid_request');
    assert.equal(seen.length, 0);
    for (const origin of ['null', undefined]) {
      const request = browserRequest({ headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin' } });
      assert.equal((await handler()(request)).status, 200);
    }
    seen = [];
    // Behind a proxy the app may see http://internal:3000 while the page is https://admin.example.com.
    const proxied = handler({ allowedOrigins: ['https://admin.example.com/'] });
    const result = await proxied(browserRequest({ url: 'http://internal:3000/api/invite' }));
    assert.equal(result.status, 200);
    assertError(await json(await handler()(browserRequest({ url: 'http://internal:3000/api/invite' }))), 403, 'invalid_request');
  });

  it('answers 405 with Allow for anything but POST, 415 for anything but JSON', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const result = await json(await handler()(browserRequest({ method })));
      assertError(result, 405, 'invalid_request');
      assert.equal(result.headers.get('allow'), 'POST');
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', undefined]) {
      assertError(await json(await handler()(browserRequest({ headers: { 'Content-Type': type } }))), 415, 'invalid_request');
    }
    assert.equal((await handler()(browserRequest({ headers: { 'Content-Type': 'application/json; charset=UTF-8' } }))).status, 200);
    assert.equal(seen.length, 1);
  });
});

describe('createPreRegisterHandler: the body', () => {
  it('refuses credentials and the keys it sets itself with 400, without calling the service', async () => {
    const refused: Record<string, unknown>[] = [
      { password: 'hunter22' },
      { client_secret: 'guess' },
      { clientSecret: 'guess' },
      { api_key: 'k' },
      { client_id: 'another-client' },
      { grant_type: 'client_credentials' },
      { profile_fields: { emailAddress: 'a@example.com', password: 'hunter22' } },
      { profile_fields: { emailAddress: 'a@example.com', clientSecret: 'guess' } },
    ];
    for (const extra of refused) {
      const result = await json(await handler()(browserRequest({ body: inviteBody(extra) })));
      assertError(result, 400, 'invalid_request');
      for (const value of ['hunter22', 'guess', 'another-client']) assert.ok(!result.text.includes(value), 'the answer does not repeat the body');
    }
    assert.equal(seen.length, 0);
  });

  it("strips other top-level keys (a nid-submit listener's CSRF token): accepted, never forwarded", async () => {
    let seenByAuthorize: unknown;
    const result = await handler({
      authorize: async (request) => {
        seenByAuthorize = ((await request.clone().json()) as { csrf_token?: string }).csrf_token;
        return true;
      },
    })(browserRequest({ body: inviteBody({ csrf_token: 'from-the-page' }) }));
    assert.equal(result.status, 200);
    assert.equal(seenByAuthorize, 'from-the-page', 'authorize can read a clone of the body');
    assert.ok(!seen[0]!.body.includes('csrf_token'));
    assert.ok(!seen[0]!.body.includes('from-the-page'));
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
    for (const body of cases) assertError(await json(await handler()(browserRequest({ body }))), 400, 'invalid_request');
    const missing = await json(await handler()(browserRequest({ body: withoutLocale })));
    assert.match(missing.body.error_description, /locale/);
    assert.equal(seen.length, 0);
  });

  it('refuses malformed JSON, non-objects, bad UTF-8 and bodies over 64 KB', async () => {
    for (const body of ['{"profile_fields":', '[1,2]', 'null', '"text"', '']) {
      assertError(await json(await handler()(browserRequest({ body }))), 400, 'invalid_request');
    }
    const badUtf8 = new Request(ROUTE, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, Cookie: SESSION },
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    assertError(await json(await handler()(badUtf8)), 400, 'invalid_request');
    const big = inviteBody({ profile_fields: { emailAddress: 'a@example.com', notes: 'x'.repeat(70 * 1024) } });
    assertError(await json(await handler()(browserRequest({ body: big }))), 413, 'invalid_request');
    assert.equal(seen.length, 0);
  });
});

describe("createPreRegisterHandler: relaying the service's answer", () => {
  it('relays 400 validation_failed with its fields', async () => {
    const fields = [{ name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly' }];
    answer = () => ({ status: 400, body: { error: 'validation_failed', error_description: 'One or more fields are not valid.', fields } });
    const result = await json(await handler()(browserRequest()));
    assertError(result, 400, 'validation_failed');
    assert.deepEqual(result.body, { error: 'validation_failed', error_description: 'One or more fields are not valid.', fields });
  });

  it('relays other 4xx answers with their status and code', async () => {
    for (const [status, error] of [
      [400, 'invalid_redirect_uri'],
      [409, 'already_activated'],
      [422, 'something_new'],
    ] as const) {
      answer = () => ({ status, body: { error, error_description: 'text' } });
      const result = await json(await handler()(browserRequest()));
      assertError(result, status, error);
      assert.equal(result.body.error_description, 'text');
    }
    assert.deepEqual(logs, [], 'answers for the administrator are not operator news');
  });

  it('relays 429 with Retry-After in seconds (from seconds or an HTTP date)', async () => {
    answer = () => ({ status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': '42' } });
    let result = await json(await handler()(browserRequest()));
    assertError(result, 429, 'rate_limited');
    assert.equal(result.headers.get('retry-after'), '42');

    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    answer = () => ({ status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': inTwoMinutes } });
    result = await json(await handler()(browserRequest()));
    const seconds = Number(result.headers.get('retry-after'));
    assert.ok(seconds >= 118 && seconds <= 120, String(seconds));

    answer = () => ({ status: 429, body: 'Too Many Requests' });
    result = await json(await handler()(browserRequest()));
    assertError(result, 429, 'rate_limited');
    assert.ok(Number(result.headers.get('retry-after')) > 0, 'a default wait when the service gives none');
  });

  it('relays 503 service_unavailable and other 5xx, and tells the operator', async () => {
    answer = () => ({ status: 503, body: { error: 'service_unavailable', error_description: 'We are unable to process your request right now. Please try again later.' } });
    assertError(await json(await handler()(browserRequest())), 503, 'service_unavailable');
    answer = () => ({ status: 500, body: '<html>oops</html>' });
    assertError(await json(await handler()(browserRequest())), 500, 'server_error');
    assert.equal(logs.length, 2);
    assert.match(logs[0]!, /answered 503 service_unavailable/);
  });

  it('answers 502 (not 401) when the service refuses its credentials, and logs one line without secrets', async () => {
    answer = () => ({ status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } });
    const result = await json(await handler()(browserRequest()));
    assertError(result, 502, 'server_error');
    assert.equal(result.headers.get('www-authenticate'), null);
    assert.equal(logs.length, 1);
    const [line] = logs;
    assert.match(line!, /401 invalid_client/);
    assert.match(line!, new RegExp(CLIENT_ID), 'names the client id, so the operator knows which');
    for (const secret of [SECRET, basic(CLIENT_ID, SECRET), 'john.smith@example.com', 'John', 'profile_fields']) {
      assert.ok(!line!.includes(secret), `the log line does not contain ${secret}`);
    }
  });

  it('answers 502 for a path or gateway problem (404, 403) and for an unreadable answer', async () => {
    for (const reply of [
      { status: 404, body: { error: 'not_found' } },
      { status: 403, body: '<html>WAF</html>' },
      { status: 200, body: '<html>not json</html>' },
      { status: 200, body: { id: 'no uuid' } },
    ]) {
      answer = () => reply;
      assertError(await json(await handler()(browserRequest())), 502, 'server_error');
    }
    assert.equal(logs.length, 4);
  });

  it('answers 504 when the service does not answer in time', async () => {
    answer = () => ({ status: 200, hang: true });
    const started = Date.now();
    const result = await json(await handler({ timeoutMs: 100 })(browserRequest()));
    assertError(result, 504, 'timeout');
    assert.ok(Date.now() - started < 2000);
    assert.match(logs[0]!, /within 100 ms/);
  });

  it('answers 502 when the service cannot be reached', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await close(closed);
    assertError(await json(await handler({ baseDomain: url })(browserRequest())), 502, 'server_error');
    assert.match(logs[0]!, /could not reach/);
  });
});

describe('toNodeHandler', () => {
  let site: Server;
  let siteUrl: string;
  /** Set per test: what runs before the adapter (an Express-like body parser). */
  let middleware: ((req: IncomingMessage & { body?: unknown }) => Promise<void>) | undefined;

  before(async () => {
    const invite = toNodeHandler(handler({ log: (line) => logs.push(line) }));
    site = createServer(async (req, res) => {
      await middleware?.(req);
      await invite(req, res);
    });
    siteUrl = await listen(site);
  });
  after(() => close(site));
  beforeEach(() => {
    middleware = undefined;
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
    assert.equal(seen[0]!.headers.authorization, basic(CLIENT_ID, SECRET));
    assert.equal(seen[0]!.headers['idempotency-key'], 'node-key');
    assert.equal(JSON.parse(seen[0]!.body).redirect_uri, DEFAULT_REDIRECT);

    assert.equal((await post(JSON.stringify(inviteBody()), { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(JSON.stringify(inviteBody()), { Cookie: 'admin_session=nope' })).status, 403);
    const get = await fetch(`${siteUrl}/api/invite`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    assert.equal(seen.length, 1);
  });

  it('uses a body that a framework already parsed (express.json())', async () => {
    middleware = async (req) => {
      req.body = JSON.parse(await readAll(req));
    };
    const response = await post(JSON.stringify(inviteBody({ locale: 'fr-FR' })));
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(seen[0]!.body).locale, 'fr-FR');

    middleware = async (req) => {
      req.body = { ...JSON.parse(await readAll(req)), password: 'added' };
    };
    assert.equal((await post(JSON.stringify(inviteBody()))).status, 400, 'a parsed body is checked the same way');
    assert.equal(seen.length, 1);
  });

  it('reads the stream when a body parser set req.body without reading it (Express 4)', async () => {
    middleware = async (req) => {
      req.body = {};
    };
    const response = await post(JSON.stringify(inviteBody()));
    assert.equal(response.status, 200);
    assert.equal(seen.length, 1);
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
    assert.equal(seen.length, 0);
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

describe('the secret never leaves the helper', () => {
  it('appears in no answer (body or header) and no log line, whatever happens', async () => {
    const secret = 'the-Very-secret-🔑';
    const credentials = basic(CLIENT_ID, secret).slice('Basic '.length);
    const scenarios: [Answer | undefined, Request][] = [
      [undefined, browserRequest()],
      [{ status: 401, body: { error: 'invalid_client' } }, browserRequest()],
      [{ status: 400, body: { error: 'validation_failed', fields: [{ name: 'emailAddress', code: 'invalid_format' }] } }, browserRequest()],
      [{ status: 429, body: { error: 'rate_limited' }, headers: { 'Retry-After': '5' } }, browserRequest()],
      [{ status: 503, body: 'down' }, browserRequest()],
      [{ status: 200, body: 'garbage' }, browserRequest()],
      [{ status: 200, hang: true }, browserRequest()],
      [undefined, browserRequest({ headers: { Cookie: undefined } })],
      [undefined, browserRequest({ headers: { Origin: 'https://evil.example' } })],
      [undefined, browserRequest({ body: inviteBody({ client_secret: secret }) })],
      [undefined, browserRequest({ body: inviteBody({ csrf_token: secret }) })],
      [undefined, browserRequest({ method: 'GET' })],
    ];
    const outputs: string[] = [];
    for (const [reply, request] of scenarios) {
      answer = () => reply ?? { status: 200, body: { uuid: UUID } };
      const response = await handler({ clientSecret: secret, timeoutMs: 100 })(request);
      outputs.push(await response.text(), JSON.stringify([...response.headers]));
    }
    assert.ok(logs.length >= 4, 'failures were logged');
    for (const text of [...outputs, ...logs]) {
      assert.ok(!text.includes(secret), `no secret in ${text}`);
      assert.ok(!text.includes(credentials), `no Basic credentials in ${text}`);
      assert.ok(!/authorization/i.test(text), `no Authorization header in ${text}`);
    }
  });
});

describe('the package entry', () => {
  const built = new URL('../../dist/esm/server/index.js', import.meta.url);

  it('nid-journeys/server loads from dist/ in plain Node and makes the call', { skip: !existsSync(built) && 'run npm run build first' }, async () => {
    const entry = (await import('nid-journeys/server' as string)) as typeof import('../../src/server/index.js');
    assert.equal(typeof entry.toNodeHandler, 'function');
    assert.throws(() => entry.createPreRegisterHandler({ baseDomain: serviceUrl, clientId: CLIENT_ID, clientSecret: SECRET } as PreRegisterHandlerOptions));
    const builtHandler = entry.createPreRegisterHandler({ baseDomain: serviceUrl, clientId: CLIENT_ID, clientSecret: SECRET, authorize: () => true });
    const result = await json(await builtHandler(browserRequest()));
    assert.deepEqual(result.body, { uuid: UUID });
    assert.equal(seen[0]!.headers.authorization, basic(CLIENT_ID, SECRET));
  });
});
