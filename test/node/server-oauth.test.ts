/**
 * `nid-journeys/server`, contract v2 section 6: exchangeCode and the
 * backend-for-frontend callback handler against a fake OpenID provider on a
 * local http server (discovery, JWKS, /token with single-use codes bound to
 * redirect_uri and the PKCE verifier, RS256 ID tokens signed here with
 * node:crypto).
 *
 * Every answer a browser sees (start, callback, signOut) and every log line
 * is checked for tokens and codes; every log line for control characters.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, sign as rsaSign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  createCallbackHandler,
  exchangeCode,
  OAuthServerError,
  toNodeHandler,
  type CallbackHandler,
  type CallbackHandlerOptions,
  type ExchangeCodeOptions,
} from '../../src/server/index.js';

const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
const SECRET = 'S3cr3t-value-never-shown';
const COOKIE_SECRET = 'k2t4XzB9q8Vw1mN5rY7uA3sD6fG0hJ2lP4oI9eW8tR5y';
const SITE = 'https://app.example.com';
const REDIRECT = `${SITE}/auth/callback`;
const APP_LINK = `${SITE}/welcome`;
const PRE_REGISTER_REDIRECT = `${SITE}/activated`;
const LOG_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// ---------------------------------------------------------------------------
// JWT signing (test only: the product code uses oauth4webapi)
// ---------------------------------------------------------------------------

const b64u = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function rsaKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
const MAIN = rsaKey();
const OTHER = rsaKey();

function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject | 'none'): string {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  if (key === 'none') return `${input}.`;
  return `${input}.${rsaSign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

// ---------------------------------------------------------------------------
// The fake OpenID provider
// ---------------------------------------------------------------------------

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string | undefined;
  nonce: string | undefined;
  used: boolean;
}

interface TokenCall {
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
}

/** How the next ID token is made: which key, which header and claims. */
interface IdTokenPlan {
  key?: 'main' | 'other-kid' | 'other-same-kid' | 'none';
  claims?: Record<string, unknown>;
}

interface Provider {
  url: string;
  server: Server;
  grants: Map<string, Grant>;
  tokenCalls: TokenCall[];
  issued: string[];
  /** Overrides of the discovery document. */
  discovery: Record<string, unknown>;
  /** `normal`, `hang` (never answers), `html` (200 text/html), `redirect` (307 elsewhere). */
  tokenMode: 'normal' | 'hang' | 'html' | 'html500' | 'redirect';
  plan: IdTokenPlan;
  issue(grant: Partial<Grant>): string;
  /** What the hosted screen does: signs the user in and sends the browser back with a code. */
  authorize(location: string): URL;
  /**
   * What an invitation's activation does: the browser sent to the client's
   * app_link with a code issued for it (no PKCE challenge, no nonce), and a
   * state when the pre-register call carried one.
   */
  invite(state?: string, grant?: Partial<Grant>): URL;
}

const SUBJECT = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** RFC 6749 2.3.1: client id and secret are form-urlencoded before Basic. */
function basicCredentials(header: string | undefined): [string, string] | undefined {
  const match = /^Basic (.+)$/.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const index = decoded.indexOf(':');
  const unform = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  return [unform(decoded.slice(0, index)), unform(decoded.slice(index + 1))];
}

async function startProvider(): Promise<Provider> {
  const provider = {} as Provider;
  const jwk = { ...MAIN.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  const hangs: ServerResponse[] = [];

  function idToken(grant: Grant): string {
    const plan = provider.plan;
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: provider.url,
      sub: SUBJECT,
      aud: CLIENT_ID,
      iat: now,
      exp: now + 300,
      ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
      email: 'ada@example.com',
      given_name: 'Ada',
      family_name: 'Lovelace',
      ...plan.claims,
    };
    switch (plan.key ?? 'main') {
      case 'main':
        return signJwt({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, claims, MAIN.privateKey);
      case 'other-kid':
        return signJwt({ alg: 'RS256', kid: 'k2', typ: 'JWT' }, claims, OTHER.privateKey);
      case 'other-same-kid':
        return signJwt({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, claims, OTHER.privateKey);
      case 'none':
        return signJwt({ alg: 'none', typ: 'JWT' }, claims, 'none');
    }
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readAll(req));
    provider.tokenCalls.push({ headers: req.headers, form });
    switch (provider.tokenMode) {
      case 'hang':
        hangs.push(res);
        return;
      case 'html':
      case 'html500':
        res.writeHead(provider.tokenMode === 'html' ? 200 : 500, { 'Content-Type': 'text/html' });
        res.end('<html><body>Maintenance</body></html>');
        return;
      case 'redirect':
        res.writeHead(307, { Location: 'https://evil.example/token' });
        res.end();
        return;
      default:
        break;
    }
    const basic = basicCredentials(req.headers.authorization);
    const clientId = basic?.[0] ?? form.get('client_id');
    if (basic && (basic[0] !== CLIENT_ID || basic[1] !== SECRET)) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.get('client_secret') !== null) return sendJson(res, 400, { error: 'invalid_request', error_description: 'client_secret in the body' });
    if (form.get('grant_type') !== 'authorization_code') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const grant = provider.grants.get(form.get('code') ?? '');
    if (!grant || grant.used || grant.clientId !== clientId) return sendJson(res, 400, { error: 'invalid_grant' });
    grant.used = true; // single use, even when the rest fails
    if (grant.redirectUri !== form.get('redirect_uri')) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri' });
    const verifier = form.get('code_verifier');
    if (grant.challenge !== undefined) {
      if (!verifier || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return sendJson(res, 400, { error: 'invalid_grant' });
    } else if (!basic) {
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'a public client needs PKCE' });
    }
    const issued = {
      access_token: `at-${randomBytes(16).toString('hex')}`,
      refresh_token: `rt-${randomBytes(16).toString('hex')}`,
      id_token: idToken(grant),
    };
    provider.issued.push(...Object.values(issued));
    sendJson(res, 200, { ...issued, token_type: 'Bearer', expires_in: 3600, scope: 'openid' });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', provider.url).pathname;
    if (path === '/.well-known/openid-configuration') {
      return sendJson(res, 200, {
        issuer: provider.url,
        authorization_endpoint: `${provider.url}/authorize`,
        token_endpoint: `${provider.url}/token`,
        jwks_uri: `${provider.url}/jwks`,
        userinfo_endpoint: `${provider.url}/userinfo`,
        end_session_endpoint: `${provider.url}/endsession`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        ...provider.discovery,
      });
    }
    if (path === '/jwks') return sendJson(res, 200, { keys: [jwk] });
    if (path === '/token' && req.method === 'POST') {
      token(req, res).catch(() => res.destroy());
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(provider, {
    url,
    server,
    grants: new Map<string, Grant>(),
    tokenCalls: [],
    issued: [],
    discovery: {},
    tokenMode: 'normal' as const,
    plan: {},
    hangs,
    issue(grant: Partial<Grant>) {
      const code = `code-${randomBytes(12).toString('hex')}`;
      provider.grants.set(code, {
        clientId: CLIENT_ID,
        redirectUri: REDIRECT,
        challenge: undefined,
        nonce: undefined,
        used: false,
        ...grant,
      });
      return code;
    },
    authorize(location: string) {
      const asked = new URL(location);
      const query = asked.searchParams;
      assert.equal(query.get('code_challenge_method'), 'S256');
      const code = provider.issue({
        clientId: query.get('client_id') ?? '',
        redirectUri: query.get('redirect_uri') ?? '',
        challenge: query.get('code_challenge') ?? undefined,
        nonce: query.get('nonce') ?? undefined,
      });
      const back = new URL(query.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      return back;
    },
    invite(state?: string, grant: Partial<Grant> = {}) {
      const back = new URL(APP_LINK);
      back.searchParams.set('code', provider.issue({ redirectUri: APP_LINK, ...grant }));
      if (state !== undefined) back.searchParams.set('state', state);
      return back;
    },
  });
}

let op: Provider;
let logs: string[] = [];

before(async () => {
  op = await startProvider();
});

after(async () => {
  op.server.closeAllConnections();
  await new Promise<void>((resolve) => op.server.close(() => resolve()));
});

beforeEach(() => {
  logs = [];
  op.tokenCalls = [];
  op.discovery = {};
  op.tokenMode = 'normal';
  op.plan = {};
});

afterEach(() => {
  for (const line of logs) {
    assert.doesNotMatch(line, LOG_UNSAFE, `a control character in ${JSON.stringify(line)}`);
    assertNoSecrets(line, 'a log line');
  }
});

/** No token, code or secret in `text`: everything the provider issued, every code, the client secret. */
function assertNoSecrets(text: string, where: string): void {
  for (const value of [...op.issued, ...op.grants.keys(), SECRET, COOKIE_SECRET]) {
    assert.ok(!text.includes(value), `${where} holds a token, code or secret`);
  }
}

async function rejection(promise: Promise<unknown>): Promise<OAuthServerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof OAuthServerError, `an OAuthServerError, not ${String(error)}`);
    assertNoSecrets(error.message, 'the error message');
    assertNoSecrets(JSON.stringify(error), 'the error object');
    assert.equal(error.cause, undefined, 'no cause that could hold a body');
    return error;
  }
  assert.fail('expected a rejection');
}

// ---------------------------------------------------------------------------
// exchangeCode
// ---------------------------------------------------------------------------

describe('exchangeCode', () => {
  const confidential = (overrides: Partial<ExchangeCodeOptions> = {}): ExchangeCodeOptions => ({
    baseDomain: op.url,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: REDIRECT,
    code: op.issue({}),
    ...overrides,
  });

  it('confidential client: Basic at /token, the ID token validated, claims and tokens returned', async () => {
    const code = op.issue({ nonce: 'n-123' });
    const { claims, tokens } = await exchangeCode(confidential({ code, expectedNonce: 'n-123' }));
    assert.equal(claims.sub, SUBJECT);
    assert.equal(claims.iss, op.url);
    assert.equal(claims.email, 'ada@example.com');
    assert.equal(claims.nonce, 'n-123');
    assert.match(tokens.accessToken, /^at-/);
    assert.match(tokens.refreshToken ?? '', /^rt-/);
    assert.equal(tokens.idToken.split('.').length, 3);
    assert.ok(Math.abs(tokens.expiresAt! - (Date.now() + 3_600_000)) < 5000, 'expiresAt from expires_in, in ms');

    const [call] = op.tokenCalls;
    assert.deepEqual(basicCredentials(call!.headers.authorization), [CLIENT_ID, SECRET]);
    assert.equal(call!.form.get('grant_type'), 'authorization_code');
    assert.equal(call!.form.get('code'), code);
    assert.equal(call!.form.get('redirect_uri'), REDIRECT);
    assert.equal(call!.form.get('client_secret'), null, 'never in the body');
    assert.equal(call!.form.get('code_verifier'), null, 'none given, none sent');
    assert.equal(call!.headers['content-type'], 'application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('public client: client_id and the PKCE verifier, no Authorization', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = op.issue({ challenge: createHash('sha256').update(verifier).digest('base64url') });
    const { claims } = await exchangeCode(confidential({ clientSecret: undefined, code, codeVerifier: verifier }));
    assert.equal(claims.sub, SUBJECT);
    const [call] = op.tokenCalls;
    assert.equal(call!.headers.authorization, undefined);
    assert.equal(call!.form.get('client_id'), CLIENT_ID);
    assert.equal(call!.form.get('code_verifier'), verifier);
  });

  it('an invitation is exchanged with app_link as redirect_uri, not the pre-register one', async () => {
    const code = op.issue({ redirectUri: APP_LINK });
    const { claims } = await exchangeCode(confidential({ code, invitation: true, appLink: APP_LINK, redirectUri: PRE_REGISTER_REDIRECT }));
    assert.equal(claims.sub, SUBJECT);
    assert.equal(op.tokenCalls[0]!.form.get('redirect_uri'), APP_LINK);
    // Without app_link an invitation cannot be exchanged.
    const missing = await rejection(exchangeCode(confidential({ invitation: true, appLink: undefined })));
    assert.equal(missing.code, 'invalid_config');
    assert.match(missing.message, /appLink/);
  });

  it('a replayed code: token_error with the status and invalid_grant, the code never in the message', async () => {
    const code = op.issue({});
    await exchangeCode(confidential({ code }));
    const error = await rejection(exchangeCode(confidential({ code })));
    assert.equal(error.code, 'token_error');
    assert.equal(error.status, 400);
    assert.equal(error.error, 'invalid_grant');
    assert.match(error.message, /HTTP 400, invalid_grant/);
  });

  it('a wrong verifier or another redirect_uri: token_error', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const wrongVerifier = randomBytes(32).toString('base64url');
    assert.equal((await rejection(exchangeCode(confidential({ clientSecret: undefined, code: op.issue({ challenge }), codeVerifier: wrongVerifier })))).code, 'token_error');
    assert.equal((await rejection(exchangeCode(confidential({ redirectUri: `${SITE}/other` })))).code, 'token_error');
  });

  it('a wrong nonce, a nonce where none was expected, and none where one was: invalid_id_token', async () => {
    const wrong = await rejection(exchangeCode(confidential({ code: op.issue({ nonce: 'n-1' }), expectedNonce: 'n-2' })));
    assert.equal(wrong.code, 'invalid_id_token');
    assert.match(wrong.message, /nonce/);
    assert.equal((await rejection(exchangeCode(confidential({ code: op.issue({ nonce: 'n-1' }) })))).code, 'invalid_id_token');
    assert.equal((await rejection(exchangeCode(confidential({ code: op.issue({}), expectedNonce: 'n-1' })))).code, 'invalid_id_token');
  });

  it('an ID token signed by another key (unknown kid, or the known kid with another key): invalid_id_token', async () => {
    op.plan = { key: 'other-kid' };
    assert.equal((await rejection(exchangeCode(confidential()))).code, 'invalid_id_token');
    op.plan = { key: 'other-same-kid' };
    const error = await rejection(exchangeCode(confidential()));
    assert.equal(error.code, 'invalid_id_token');
    assert.match(error.message, /signature/);
  });

  it('expired, another audience, another issuer, a missing sub: invalid_id_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const claims of [
      { exp: now - 120, iat: now - 720 },
      { aud: 'another-client' },
      { aud: ['another-client', CLIENT_ID] },
      { iss: 'https://evil.example' },
      { sub: undefined },
    ]) {
      op.plan = { claims };
      const error = await rejection(exchangeCode(confidential()));
      assert.equal(error.code, 'invalid_id_token', JSON.stringify(claims));
    }
  });

  it('alg none is refused, even when discovery lists it', async () => {
    op.plan = { key: 'none' };
    assert.equal((await rejection(exchangeCode(confidential()))).code, 'invalid_id_token');
    op.discovery = { id_token_signing_alg_values_supported: ['RS256', 'none'] };
    assert.equal((await rejection(exchangeCode(confidential()))).code, 'invalid_id_token');
  });

  it('a discovery document with another issuer: invalid_config, and /token is never called', async () => {
    op.discovery = { issuer: 'https://evil.example' };
    const error = await rejection(exchangeCode(confidential()));
    assert.equal(error.code, 'invalid_config');
    assert.match(error.message, /another issuer/);
    assert.equal(op.tokenCalls.length, 0);
  });

  it('a token endpoint on another origin: invalid_config, the secret never sent there', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    op.discovery = { token_endpoint: 'http://localhost:1/token' };
    const error = await rejection(exchangeCode(confidential({ fetch: spy })));
    assert.equal(error.code, 'invalid_config');
    assert.deepEqual(seen, [`${op.url}/.well-known/openid-configuration`]);
  });

  it('/token timing out: network, within the timeout', async () => {
    op.tokenMode = 'hang';
    const started = Date.now();
    const error = await rejection(exchangeCode(confidential({ timeoutMs: 300 })));
    assert.equal(error.code, 'network');
    assert.match(error.message, /did not answer in time/);
    assert.ok(Date.now() - started < 2000);
  });

  it('/token answering HTML (200 or 500): token_error', async () => {
    op.tokenMode = 'html';
    const html = await rejection(exchangeCode(confidential()));
    assert.equal(html.code, 'token_error');
    assert.match(html.message, /not a JSON token response/);
    op.tokenMode = 'html500';
    const failed = await rejection(exchangeCode(confidential()));
    assert.equal(failed.code, 'token_error');
    assert.equal(failed.status, 500);
  });

  it('/token redirecting is not followed: network', async () => {
    op.tokenMode = 'redirect';
    const error = await rejection(exchangeCode(confidential()));
    assert.equal(error.code, 'network');
    assert.match(error.message, /redirect/);
  });

  it('an unreachable service: network', async () => {
    const error = await rejection(exchangeCode(confidential({ baseDomain: 'http://127.0.0.1:1' })));
    assert.equal(error.code, 'network');
  });

  it('every call: redirect "manual" (Workers refuse "error"), no cache mode, a signal', async () => {
    const inits: RequestInit[] = [];
    const spy: typeof fetch = (input, init) => {
      inits.push(init ?? {});
      return fetch(input, init);
    };
    await exchangeCode(confidential({ fetch: spy }));
    assert.equal(inits.length, 3, 'discovery, /token, JWKS');
    for (const init of inits) {
      assert.equal(init.redirect, 'manual');
      assert.equal('cache' in init, false);
      assert.ok(init.signal instanceof AbortSignal);
    }
  });

  it('invalid options: invalid_config naming the option, never the secret', async () => {
    for (const [overrides, name] of [
      [{ baseDomain: 'http://id.example.com' }, 'baseDomain'],
      [{ clientId: '' }, 'clientId'],
      [{ clientSecret: '' }, 'clientSecret'],
      [{ code: '' }, 'code'],
      [{ redirectUri: '/relative' }, 'redirectUri'],
      [{ clientSecret: undefined }, 'codeVerifier'],
      [{ codeVerifier: 'short' }, 'codeVerifier'],
      [{ timeoutMs: 0 }, 'timeoutMs'],
      [{ invitation: 'yes' }, 'invitation'],
    ] as const) {
      const error = await rejection(exchangeCode(confidential(overrides as Partial<ExchangeCodeOptions>)));
      assert.equal(error.code, 'invalid_config', name);
      assert.match(error.message, new RegExp(`\`${name}\``), name);
    }
  });
});

// ---------------------------------------------------------------------------
// createCallbackHandler
// ---------------------------------------------------------------------------

/** Everything a browser received: checked for tokens and codes at the end of each test. */
let seenByBrowser: Response[] = [];

async function browserSees(response: Response): Promise<{ status: number; headers: Headers; text: string; cookies: string[] }> {
  const text = await response.clone().text();
  seenByBrowser.push(response);
  return { status: response.status, headers: response.headers, text, cookies: response.headers.getSetCookie() };
}

describe('createCallbackHandler', () => {
  beforeEach(() => {
    seenByBrowser = [];
  });

  afterEach(async () => {
    for (const response of seenByBrowser) {
      const visible = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${await response.clone().text()}`;
      assertNoSecrets(visible, 'an answer to the browser');
    }
  });

  const options = (overrides: Partial<CallbackHandlerOptions> = {}): CallbackHandlerOptions => ({
    baseDomain: op.url,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    redirectUri: REDIRECT,
    cookieSecret: COOKIE_SECRET,
    afterSignIn: '/account',
    postLogoutRedirectUri: `${SITE}/`,
    log: (line) => logs.push(line),
    ...overrides,
  });
  const handler = (overrides: Partial<CallbackHandlerOptions> = {}) => createCallbackHandler(options(overrides));

  /** `name=value` of each Set-Cookie, as a browser sends them back. */
  const cookieHeader = (cookies: readonly string[]) =>
    cookies
      .map((cookie) => cookie.split(';')[0]!)
      .filter((pair) => !pair.endsWith('='))
      .join('; ');

  const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
    new Request(url, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });

  /** start → the hosted screen → the callback URL and the flow cookie. */
  async function journey(auth: CallbackHandler, startOptions?: Parameters<CallbackHandler['start']>[1]) {
    const started = await browserSees(await auth.start(get(`${SITE}/auth/sign-in`), startOptions));
    assert.equal(started.status, 303);
    const location = started.headers.get('location')!;
    return { location, flowCookie: cookieHeader(started.cookies), started, back: op.authorize(location) };
  }

  async function signIn(auth: CallbackHandler) {
    const { back, flowCookie } = await journey(auth);
    const done = await browserSees(await auth.callback(get(back.href, flowCookie)));
    return { done, back, flowCookie, session: cookieHeader(done.cookies) };
  }

  describe('configuration', () => {
    it('refuses a missing or short cookieSecret, and never names it', () => {
      for (const cookieSecret of [undefined, '', 'short', 'x'.repeat(31), [], ['x'.repeat(40), 'short'], 42]) {
        assert.throws(() => handler({ cookieSecret: cookieSecret as string }), (error: Error) => /`cookieSecret` is required/.test(error.message) && !error.message.includes('x'.repeat(31)));
      }
      assert.doesNotThrow(() => handler({ cookieSecret: ['é'.repeat(16), COOKIE_SECRET] }), '32 UTF-8 bytes, and rotation');
    });

    it('refuses insecure cookies unless the callback is an http: loopback URL', () => {
      assert.throws(() => handler({ insecureCookies: true }), /`insecureCookies` is for development on http:\/\/localhost only/);
      assert.doesNotThrow(() => handler({ insecureCookies: true, redirectUri: 'http://localhost:3000/auth/callback' }));
    });

    it('refuses every other invalid option, never naming the secrets', () => {
      for (const [overrides, name] of [
        [{ baseDomain: 'http://id.example.com' }, 'baseDomain'],
        [{ clientId: undefined }, 'clientId'],
        [{ clientSecret: '' }, 'clientSecret'],
        [{ redirectUri: '/auth/callback' }, 'redirectUri'],
        [{ redirectUri: 'http://app.example.com/auth/callback' }, 'redirectUri'],
        [{ afterSignIn: '//evil.example' }, 'afterSignIn'],
        [{ afterSignIn: 'https://evil.example' }, 'afterSignIn'],
        [{ afterSignIn: '/\\evil.example' }, 'afterSignIn'],
        [{ errorPath: '/failed?x=1' }, 'errorPath'],
        [{ journey: 'sign-up' }, 'journey'],
        [{ scope: 'profile' }, 'scope'],
        [{ parameters: { uiLocales: 'en\nUS' } }, 'uiLocales'],
        [{ cookieName: '__Host-x' }, 'cookieName'],
        [{ cookieName: 'a;b' }, 'cookieName'],
        [{ store: {} }, 'store'],
        [{ sessionMaxAgeSeconds: 10 }, 'sessionMaxAgeSeconds'],
        [{ postLogoutRedirectUri: 'nope' }, 'postLogoutRedirectUri'],
        [{ allowedOrigins: ['nope'] }, 'allowedOrigins'],
        [{ onSignIn: 'yes' }, 'onSignIn'],
        [{ log: 'console' }, 'log'],
        [{ timeoutMs: -1 }, 'timeoutMs'],
        [{ fetch: 'fetch' }, 'fetch'],
        [{ appLink: '/welcome' }, 'appLink'],
        [{ appLink: 'http://app.example.com/welcome' }, 'appLink'],
        [{ appLink: REDIRECT }, 'appLink'],
        [{ appLink: APP_LINK, clientSecret: undefined }, 'clientSecret'],
      ] as const) {
        assert.throws(
          () => handler(overrides as Partial<CallbackHandlerOptions>),
          (error: Error) => error.message.includes(`\`${name}\``) && !error.message.includes(SECRET) && !error.message.includes(COOKIE_SECRET),
          name,
        );
      }
    });
  });

  describe('start', () => {
    it('answers 303 to the hosted /authorize URL with the documented parameters and PKCE S256', async () => {
      const auth = handler({ parameters: { uiLocales: 'fr-FR en', environmentId: 'env-1' } });
      const { location, started } = await journey(auth, { loginHint: 'ada@example.com', prompt: 'login' });
      const url = new URL(location);
      assert.equal(`${url.origin}${url.pathname}`, `${op.url}/authorize`);
      const query = Object.fromEntries(url.searchParams);
      assert.deepEqual(Object.keys(query).sort(), [
        'client_id', 'code_challenge', 'code_challenge_method', 'environment_id', 'login_hint', 'nonce', 'prompt',
        'redirect_uri', 'response_type', 'scope', 'state', 'ui_locales',
      ]);
      assert.equal(query.client_id, CLIENT_ID);
      assert.equal(query.redirect_uri, REDIRECT);
      assert.equal(query.response_type, 'code');
      assert.equal(query.scope, 'openid');
      assert.equal(query.code_challenge_method, 'S256');
      assert.match(query.code_challenge!, /^[A-Za-z0-9_-]{43}$/);
      assert.match(query.state!, /^[A-Za-z0-9_-]{43}$/);
      assert.match(query.nonce!, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(query.ui_locales, 'fr-FR en');
      assert.equal(query.login_hint, 'ada@example.com');
      assert.equal(query.prompt, 'login');
      assert.equal(query.environment_id, 'env-1');
      assert.equal(started.headers.get('cache-control'), 'no-store');
    });

    it('sets one sealed flow cookie: HttpOnly, Secure, SameSite=Lax, the callback path, 10 minutes; no state, nonce or verifier readable', async () => {
      const { location, started } = await journey(handler());
      assert.equal(started.cookies.length, 1);
      const [cookie] = started.cookies;
      const [pair, ...attributes] = cookie!.split('; ');
      assert.match(pair!, /^__Secure-nid_flow=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(attributes, ['Path=/auth/callback', 'Max-Age=600', 'HttpOnly', 'Secure', 'SameSite=Lax']);
      const query = new URL(location).searchParams;
      for (const value of [query.get('state')!, query.get('nonce')!]) {
        assert.ok(!cookie!.includes(value) && !cookie!.includes(Buffer.from(value).toString('base64url')), 'sealed, not encoded');
      }
    });

    it('opens the journey asked for: register, forgot-password (response_format=openid), personal-details (access_type)', async () => {
      const auth = handler();
      const path = async (startOptions: Parameters<CallbackHandler['start']>[1]) => new URL((await journey(auth, startOptions)).location);
      assert.equal((await path({ journey: 'register' })).pathname, '/register');
      const forgot = await path({ journey: 'forgot-password' });
      assert.equal(forgot.pathname, '/forgot-password');
      assert.equal(forgot.searchParams.get('response_format'), 'openid');
      const profile = await path({ journey: 'personal-details', accessType: 'offline' });
      assert.equal(profile.pathname, '/personal-details');
      assert.equal(profile.searchParams.get('access_type'), 'offline');
      assert.equal((await path(undefined)).searchParams.get('response_format'), null);
    });

    it('refuses a returnTo off this site and a malformed parameter with 400, no cookie, no redirect', async () => {
      const auth = handler();
      for (const startOptions of [{ returnTo: '//evil.example/x' }, { returnTo: 'https://evil.example' }, { loginHint: 'a\r\nb' }, { journey: 'x' as 'register' }]) {
        const refused = await browserSees(await auth.start(get(`${SITE}/auth/sign-in`), startOptions));
        assert.equal(refused.status, 400, JSON.stringify(startOptions));
        assert.equal(refused.headers.get('location'), null);
        assert.deepEqual(refused.cookies, []);
      }
      assert.equal(logs.length, 4);
    });
  });

  describe('callback', () => {
    it('the happy path: the code exchanged server-side (Basic and PKCE), a session cookie, 303 to afterSignIn, the claims from session()', async () => {
      const auth = handler();
      const { done, session, back } = await signIn(auth);
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/account');
      assert.equal(done.text, '', 'no body');
      // The token call: Basic and the verifier (the code was issued with a challenge).
      const [call] = op.tokenCalls;
      assert.deepEqual(basicCredentials(call!.headers.authorization), [CLIENT_ID, SECRET]);
      assert.match(call!.form.get('code_verifier') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.equal(call!.form.get('code'), back.searchParams.get('code'));

      // Two cookies: the session (random id, sealed) and the flow cookie cleared.
      const [sessionCookie, cleared] = done.cookies;
      const [pair, ...attributes] = sessionCookie!.split('; ');
      assert.match(pair!, /^__Host-nid=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(attributes, ['Path=/', 'Max-Age=28800', 'HttpOnly', 'Secure', 'SameSite=Lax']);
      assert.equal(cleared, '__Secure-nid_flow=; Path=/auth/callback; Max-Age=0; HttpOnly; Secure; SameSite=Lax');

      const current = await auth.session(get(`${SITE}/account`, session));
      assert.equal(current?.claims.sub, SUBJECT);
      assert.equal(current?.claims.given_name, 'Ada');
      assert.ok(current!.expiresAt > Date.now());
      const tokens = await auth.tokens(get(`${SITE}/account`, session));
      assert.ok(tokens && op.issued.includes(tokens.accessToken), 'the tokens stay on the server, for its own calls');
      assert.equal(await auth.session(get(`${SITE}/account`)), undefined, 'no cookie, no session');
      assert.deepEqual(logs, []);
    });

    it('a public client: PKCE alone, no Authorization', async () => {
      const { done } = await signIn(handler({ clientSecret: undefined }));
      assert.equal(done.status, 303);
      assert.equal(op.tokenCalls[0]!.headers.authorization, undefined);
      assert.equal(op.tokenCalls[0]!.form.get('client_id'), CLIENT_ID);
    });

    it('returns to the returnTo the journey started with', async () => {
      const auth = handler();
      const { back, flowCookie } = await journey(auth, { returnTo: '/orders/42?tab=1' });
      const done = await browserSees(await auth.callback(get(back.href, flowCookie)));
      assert.equal(done.headers.get('location'), '/orders/42?tab=1');
    });

    it('a tampered state: 400, never a redirect, the flow cookie kept for the real callback, the code not exchanged', async () => {
      const auth = handler();
      const { back, flowCookie } = await journey(auth);
      for (const state of ['forged', '', back.searchParams.get('state')!.slice(1)]) {
        const url = new URL(back);
        url.searchParams.set('state', state);
        const refused = await browserSees(await auth.callback(get(url.href, flowCookie)));
        assert.equal(refused.status, 400);
        assert.equal(refused.headers.get('location'), null);
        assert.deepEqual(refused.cookies, []);
        assert.match(refused.headers.get('content-type') ?? '', /^text\/plain/);
      }
      // Two states, or none.
      const twice = new URL(back);
      twice.searchParams.append('state', 'other');
      assert.equal((await auth.callback(get(twice.href, flowCookie))).status, 400);
      const none = new URL(back);
      none.searchParams.delete('state');
      assert.equal((await auth.callback(get(none.href, flowCookie))).status, 400);
      assert.equal(op.tokenCalls.length, 0);
      assert.ok(logs.every((line) => /state does not match the flow cookie; answered 400/.test(line)));
      // The real callback still works.
      assert.equal((await browserSees(await auth.callback(get(back.href, flowCookie)))).status, 303);
    });

    it('no flow cookie, or a tampered or foreign one: 400', async () => {
      const auth = handler();
      const { back, flowCookie } = await journey(auth);
      assert.equal((await auth.callback(get(back.href))).status, 400);
      const [name, value] = flowCookie.split('=');
      // One character changed for certain (the one before last: base64url's last may carry unused bits).
      const flipped = `${name}=${value!.slice(0, -2)}${value!.at(-2) === 'A' ? 'B' : 'A'}${value!.slice(-1)}`;
      assert.notEqual(flipped, flowCookie);
      assert.equal((await auth.callback(get(back.href, flipped))).status, 400);
      const other = handler({ cookieSecret: 'another-secret-of-at-least-32-bytes!!' });
      assert.equal((await other.callback(get(back.href, flowCookie))).status, 400, 'sealed with another secret');
      assert.match(logs[0]!, /no sign-in in progress in this browser/);
      assert.equal(op.tokenCalls.length, 0);
    });

    it('a replayed callback (the code used once already): 400 token_error, no session', async () => {
      const auth = handler();
      const { back, flowCookie } = await signIn(auth);
      // An attacker who kept the flow cookie and the URL.
      const replay = await browserSees(await auth.callback(get(back.href, flowCookie)));
      assert.equal(replay.status, 400);
      assert.ok(!replay.cookies.some((cookie) => cookie.startsWith('__Host-nid=v1')), 'no session cookie');
      assert.match(logs.at(-1)!, /callback: token_error: .*HTTP 400, invalid_grant/);
    });

    it('a wrong nonce or an ID token signed by another key: 400 invalid_id_token, no session', async () => {
      const auth = handler();
      for (const plan of [{ claims: { nonce: 'not-the-one' } }, { key: 'other-same-kid' as const }, { key: 'none' as const }]) {
        op.plan = plan;
        const { back, flowCookie } = await journey(auth);
        const refused = await browserSees(await auth.callback(get(back.href, flowCookie)));
        assert.equal(refused.status, 400, JSON.stringify(plan));
        assert.equal(refused.headers.get('location'), null);
        assert.ok(refused.cookies.every((cookie) => cookie.startsWith('__Secure-nid_flow=;')), 'only the flow cookie, cleared');
        assert.match(logs.at(-1)!, /callback: invalid_id_token/);
      }
    });

    it('with errorPath: failures go there with their code, still without a session', async () => {
      const auth = handler({ errorPath: '/sign-in-failed' });
      op.plan = { claims: { aud: 'another-client' } };
      const { back, flowCookie } = await journey(auth);
      const failed = await browserSees(await auth.callback(get(back.href, flowCookie)));
      assert.equal(failed.status, 303);
      assert.equal(failed.headers.get('location'), '/sign-in-failed?error=invalid_id_token');
    });

    it('error=access_denied: the sign-in ends (403, or errorPath), the flow cookie cleared, no token call', async () => {
      for (const errorPath of [undefined, '/sign-in-failed']) {
        const auth = handler({ errorPath });
        const { back, flowCookie } = await journey(auth);
        const denied = new URL(REDIRECT);
        denied.searchParams.set('error', 'access_denied');
        denied.searchParams.set('error_description', 'The user cancelled\r\nFAKE LOG LINE');
        denied.searchParams.set('state', back.searchParams.get('state')!);
        const answer = await browserSees(await auth.callback(get(denied.href, flowCookie)));
        if (errorPath) {
          assert.equal(answer.status, 303);
          assert.equal(answer.headers.get('location'), '/sign-in-failed?error=access_denied');
        } else {
          assert.equal(answer.status, 403);
          assert.match(answer.text, /cancelled/);
        }
        assert.ok(answer.cookies.some((cookie) => cookie.startsWith('__Secure-nid_flow=; Path=/auth/callback; Max-Age=0')));
      }
      assert.equal(op.tokenCalls.length, 0);
      assert.ok(logs.every((line) => line.includes('error "access_denied"') && !line.includes('FAKE')));
      // An unknown error code is not passed on as is.
      const auth = handler({ errorPath: '/sign-in-failed' });
      const { back, flowCookie } = await journey(auth);
      const odd = new URL(REDIRECT);
      odd.searchParams.set('error', '<script>');
      odd.searchParams.set('state', back.searchParams.get('state')!);
      assert.equal((await auth.callback(get(odd.href, flowCookie))).headers.get('location'), '/sign-in-failed?error=server_error');
    });

    it('/token timing out: 502, logged as network', async () => {
      const auth = handler({ timeoutMs: 300 });
      const { back, flowCookie } = await journey(auth);
      op.tokenMode = 'hang';
      const answer = await browserSees(await auth.callback(get(back.href, flowCookie)));
      assert.equal(answer.status, 502);
      assert.match(logs.at(-1)!, /callback: network: .*did not answer in time/);
    });

    it('onSignIn sees the validated claims; throwing refuses the sign-in', async () => {
      const seen: string[] = [];
      const { done } = await signIn(handler({ onSignIn: (claims) => void seen.push(claims.sub) }));
      assert.equal(done.status, 303);
      assert.deepEqual(seen, [SUBJECT]);
      const refused = await signIn(
        handler({
          onSignIn: () => {
            throw new RangeError('not a customer');
          },
        }),
      );
      assert.equal(refused.done.status, 403);
      assert.ok(!refused.done.cookies.some((cookie) => cookie.startsWith('__Host-nid=v1')));
      assert.match(logs.at(-1)!, /onSignIn refused the sign-in \(RangeError\)/);
      assert.ok(!logs.at(-1)!.includes('not a customer'));
    });

    it('a new sign-in ends the session the browser had before', async () => {
      const auth = handler();
      const first = await signIn(auth);
      const { back, flowCookie } = await journey(auth);
      const second = await browserSees(await auth.callback(get(back.href, `${flowCookie}; ${first.session}`)));
      assert.equal(second.status, 303);
      assert.equal(await auth.session(get(`${SITE}/`, first.session)), undefined);
      assert.ok(await auth.session(get(`${SITE}/`, cookieHeader(second.cookies))));
    });

    it('only GET', async () => {
      const answer = await handler().callback(new Request(REDIRECT, { method: 'POST' }));
      assert.equal(answer.status, 405);
    });
  });

  describe('invitation', () => {
    const invited = (overrides: Partial<CallbackHandlerOptions> = {}) => handler({ appLink: APP_LINK, ...overrides });
    const sessionCookies = (cookies: readonly string[]) => cookies.filter((cookie) => cookie.startsWith('__Host-nid=v1.'));

    it('signs the invited user in: a session cookie, 303 to afterSignIn, the claims from session(); a state is accepted and ignored', async () => {
      const auth = invited();
      const back = op.invite('state-from-the-pre-register-call');
      const done = await browserSees(await auth.invitation(get(back.href)));
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/account');
      assert.equal(done.headers.get('cache-control'), 'no-store');
      assert.equal(done.text, '');
      assert.equal(done.cookies.length, 1, 'the session cookie only: an invitation has no flow cookie');
      const [pair, ...attributes] = done.cookies[0]!.split('; ');
      assert.match(pair!, /^__Host-nid=v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(attributes, ['Path=/', 'Max-Age=28800', 'HttpOnly', 'Secure', 'SameSite=Lax']);

      const session = cookieHeader(done.cookies);
      const current = await auth.session(get(`${SITE}/account`, session));
      assert.equal(current?.claims.sub, SUBJECT);
      assert.equal(current?.claims.email, 'ada@example.com');
      assert.equal(current?.claims.nonce, undefined);
      assert.ok(current!.expiresAt > Date.now());
      const tokens = await auth.tokens(get(`${SITE}/account`, session));
      assert.ok(tokens && op.issued.includes(tokens.accessToken) && op.issued.includes(tokens.idToken));
      assert.deepEqual(logs, []);

      // Without a state too, and afterSignIn's default.
      const plain = await browserSees(await handler({ appLink: APP_LINK, afterSignIn: undefined }).invitation(get(op.invite().href)));
      assert.equal(plain.status, 303);
      assert.equal(plain.headers.get('location'), '/');
    });

    it('exchanges the code with app_link as redirect_uri, HTTP Basic, and no code_verifier', async () => {
      const back = op.invite('s-1');
      assert.equal((await invited().invitation(get(back.href))).status, 303);
      assert.equal(op.tokenCalls.length, 1);
      const [call] = op.tokenCalls;
      assert.deepEqual(basicCredentials(call!.headers.authorization), [CLIENT_ID, SECRET]);
      assert.equal(call!.form.get('grant_type'), 'authorization_code');
      assert.equal(call!.form.get('code'), back.searchParams.get('code'));
      assert.equal(call!.form.get('redirect_uri'), APP_LINK);
      assert.equal(call!.form.get('code_verifier'), null);
      assert.equal(call!.form.get('client_secret'), null);
      assert.equal(call!.form.get('state'), null);
    });

    it('a code bound to another redirect_uri or to a PKCE challenge is refused by the service: token_error', async () => {
      const auth = invited({ errorPath: '/sign-in-failed' });
      for (const grant of [{ redirectUri: REDIRECT }, { challenge: createHash('sha256').update('v'.repeat(43)).digest('base64url') }]) {
        const refused = await browserSees(await auth.invitation(get(op.invite(undefined, grant).href)));
        assert.equal(refused.status, 303, JSON.stringify(grant));
        assert.equal(refused.headers.get('location'), '/sign-in-failed?error=token_error');
        assert.deepEqual(refused.cookies, []);
      }
      assert.equal(op.tokenCalls.length, 2);
    });

    it('a replayed code: 400 token_error (or errorPath), no session', async () => {
      const auth = invited();
      const back = op.invite();
      assert.equal((await auth.invitation(get(back.href))).status, 303);
      const replay = await browserSees(await auth.invitation(get(back.href)));
      assert.equal(replay.status, 400);
      assert.equal(replay.headers.get('location'), null);
      assert.deepEqual(replay.cookies, []);
      assert.match(replay.text, /could not be completed/);
      assert.match(logs.at(-1)!, /^nid-journeys\/server: invitation: token_error: .*HTTP 400, invalid_grant/);
      const withPath = await browserSees(await invited({ errorPath: '/sign-in-failed' }).invitation(get(back.href)));
      assert.equal(withPath.headers.get('location'), '/sign-in-failed?error=token_error');
    });

    it('an ID token carrying a nonce (or signed by another key): invalid_id_token, no session', async () => {
      const auth = invited();
      const nonce = await browserSees(await auth.invitation(get(op.invite(undefined, { nonce: 'n-1' }).href)));
      assert.equal(nonce.status, 400);
      assert.deepEqual(nonce.cookies, []);
      assert.match(logs.at(-1)!, /invitation: invalid_id_token: .*nonce/);
      op.plan = { key: 'other-same-kid' };
      const forged = await browserSees(await invited({ errorPath: '/sign-in-failed' }).invitation(get(op.invite().href)));
      assert.equal(forged.headers.get('location'), '/sign-in-failed?error=invalid_id_token');
      assert.deepEqual(forged.cookies, []);
    });

    it('error=access_denied: 403, or errorPath; an unknown error reads as server_error; no token call', async () => {
      const denied = new URL(APP_LINK);
      denied.searchParams.set('error', 'access_denied');
      denied.searchParams.set('error_description', 'Cancelled\r\nFAKE LOG LINE');
      const withPath = await browserSees(await invited({ errorPath: '/sign-in-failed' }).invitation(get(denied.href)));
      assert.equal(withPath.status, 303);
      assert.equal(withPath.headers.get('location'), '/sign-in-failed?error=access_denied');
      assert.deepEqual(withPath.cookies, []);
      const plain = await browserSees(await invited().invitation(get(denied.href)));
      assert.equal(plain.status, 403);
      assert.match(plain.text, /cancelled/);
      const odd = new URL(APP_LINK);
      odd.searchParams.set('error', '<script>');
      assert.equal((await invited({ errorPath: '/sign-in-failed' }).invitation(get(odd.href))).headers.get('location'), '/sign-in-failed?error=server_error');
      assert.equal(op.tokenCalls.length, 0);
      assert.ok(logs.slice(0, 2).every((line) => /invitation: the identity service answered error "access_denied"/.test(line) && !line.includes('FAKE')));
    });

    it('no code, or two: 400 invalid_request, no token call', async () => {
      const back = op.invite();
      const twice = new URL(back);
      twice.searchParams.append('code', 'another');
      for (const url of [APP_LINK, `${APP_LINK}?state=x`, twice.href]) {
        const refused = await browserSees(await invited().invitation(get(url)));
        assert.equal(refused.status, 400, url);
        assert.deepEqual(refused.cookies, []);
        assert.equal((await invited({ errorPath: '/sign-in-failed' }).invitation(get(url))).headers.get('location'), '/sign-in-failed?error=invalid_request');
      }
      assert.equal(op.tokenCalls.length, 0);
      assert.match(logs[0]!, /invitation: no code \(or more than one\) in the query; answered 400/);
    });

    it('replaces the session the browser had before', async () => {
      const auth = invited();
      const first = await signIn(auth);
      assert.ok(await auth.session(get(`${SITE}/`, first.session)), 'signed in through the callback');
      const done = await browserSees(await auth.invitation(get(op.invite().href, first.session)));
      assert.equal(done.status, 303);
      assert.equal(await auth.session(get(`${SITE}/`, first.session)), undefined, 'the previous session is gone from the store');
      const second = cookieHeader(done.cookies);
      assert.notEqual(second, first.session);
      assert.equal((await auth.session(get(`${SITE}/`, second)))?.claims.sub, SUBJECT);
    });

    it('onSignIn sees the validated claims; throwing refuses the sign-in', async () => {
      const seen: unknown[] = [];
      assert.equal((await invited({ onSignIn: (claims) => void seen.push(claims.sub, claims.email) }).invitation(get(op.invite().href))).status, 303);
      assert.deepEqual(seen, [SUBJECT, 'ada@example.com']);
      const refusing = invited({
        onSignIn: () => {
          throw new RangeError('not invited here');
        },
      });
      const refused = await browserSees(await refusing.invitation(get(op.invite().href)));
      assert.equal(refused.status, 403);
      assert.deepEqual(sessionCookies(refused.cookies), []);
      assert.match(logs.at(-1)!, /invitation: onSignIn refused the sign-in \(RangeError\)/);
    });

    it('a failing session store: 500 (or errorPath server_error), no session cookie', async () => {
      const store = { get: () => undefined, set: () => Promise.reject(new Error('down')), delete: () => undefined };
      const failed = await browserSees(await invited({ store }).invitation(get(op.invite().href)));
      assert.equal(failed.status, 500);
      assert.deepEqual(failed.cookies, []);
      assert.match(logs.at(-1)!, /invitation: the session store failed \(Error\); answered 500/);
    });

    it('refused at creation without clientSecret; 404 without appLink; GET only', async () => {
      assert.throws(() => invited({ clientSecret: undefined }), /createCallbackHandler: `appLink` needs `clientSecret`/);
      const disabled = await browserSees(await handler().invitation(get(op.invite().href)));
      assert.equal(disabled.status, 404);
      assert.match(logs.at(-1)!, /invitation: not enabled \(createCallbackHandler has no `appLink`/);
      const posted = await invited().invitation(new Request(op.invite().href, { method: 'POST' }));
      assert.equal(posted.status, 405);
      assert.equal(posted.headers.get('allow'), 'GET');
      assert.equal(op.tokenCalls.length, 0);
    });

    it('through toNodeHandler on a real Node server', async () => {
      const auth = invited();
      const server = createServer(toNodeHandler(auth.invitation));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const back = op.invite('s');
        const done = await fetch(`${site}${back.pathname}${back.search}`, { redirect: 'manual' });
        assert.equal(done.status, 303);
        assert.equal(done.headers.get('location'), '/account');
        assert.equal(done.headers.getSetCookie().length, 1);
        assertNoSecrets(`${[...done.headers].join('\n')}${await done.text()}`, 'the Node answer');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('signOut', () => {
    const post = (cookie: string | undefined, origin: string | null = SITE) =>
      new Request(`${SITE}/auth/sign-out`, { method: 'POST', headers: { ...(origin ? { Origin: origin } : {}), ...(cookie ? { Cookie: cookie } : {}) } });

    it('destroys the session, clears its cookie, and answers 303 to endsession', async () => {
      const auth = handler();
      const { session } = await signIn(auth);
      const out = await browserSees(await auth.signOut(post(session)));
      assert.equal(out.status, 303);
      const url = new URL(out.headers.get('location')!);
      assert.equal(`${url.origin}${url.pathname}`, `${op.url}/endsession`);
      assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
      assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${SITE}/`);
      assert.match(url.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.equal(url.searchParams.get('id_token_hint'), null, 'no token in a URL');
      assert.deepEqual(out.cookies, ['__Host-nid=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax']);
      assert.equal(await auth.session(get(`${SITE}/`, session)), undefined, 'gone from the store, whatever the browser keeps');
    });

    it('POST from this site only', async () => {
      const auth = handler();
      const { session } = await signIn(auth);
      assert.equal((await auth.signOut(get(`${SITE}/auth/sign-out`, session))).status, 405);
      assert.equal((await auth.signOut(post(session, 'https://evil.example'))).status, 403);
      assert.equal((await auth.signOut(post(session, null))).status, 403, 'no Origin, no Sec-Fetch-Site');
      assert.ok(await auth.session(get(`${SITE}/`, session)), 'still signed in');
      const sameOrigin = new Request(`${SITE}/auth/sign-out`, { method: 'POST', headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin', Cookie: session } });
      assert.equal((await auth.signOut(sameOrigin)).status, 303);
    });
  });

  describe('cookies in development and through toNodeHandler', () => {
    it('insecureCookies on http://localhost: no Secure, no prefixes; otherwise the same', async () => {
      const auth = handler({ insecureCookies: true, redirectUri: 'http://localhost:3000/auth/callback' });
      const started = await browserSees(await auth.start(get('http://localhost:3000/auth/sign-in')));
      assert.deepEqual(started.cookies[0]!.split('; ').slice(1), ['Path=/auth/callback', 'Max-Age=600', 'HttpOnly', 'SameSite=Lax']);
      assert.match(started.cookies[0]!, /^nid_flow=/);
      const back = op.authorize(started.headers.get('location')!);
      const done = await browserSees(await auth.callback(get(back.href, cookieHeader(started.cookies))));
      assert.equal(done.status, 303);
      assert.match(done.cookies[0]!, /^nid=v1\..*; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    });

    it('a real Node server sends both Set-Cookie headers of the callback separately', async () => {
      const auth = handler();
      const server = createServer(async (req, res) => {
        const run = req.url?.startsWith('/auth/callback') ? toNodeHandler(auth.callback) : toNodeHandler((request) => auth.start(request));
        await run(req, res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const started = await fetch(`${site}/auth/sign-in`, { redirect: 'manual' });
        assert.equal(started.status, 303);
        const back = op.authorize(started.headers.get('location')!);
        const done = await fetch(`${site}${back.pathname}${back.search}`, { redirect: 'manual', headers: { Cookie: cookieHeader(started.headers.getSetCookie()) } });
        assert.equal(done.status, 303);
        const cookies = done.headers.getSetCookie();
        assert.equal(cookies.length, 2);
        assert.match(cookies[0]!, /^__Host-nid=v1\./);
        assert.match(cookies[1]!, /^__Secure-nid_flow=; /);
        assertNoSecrets(`${[...done.headers].join('\n')}${await done.text()}`, 'the Node answer');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
