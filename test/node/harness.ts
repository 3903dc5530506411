/**
 * Shared set-up of the reference server tests: one server per test file on
 * ephemeral ports, a controllable clock, captured log lines, small HTTP
 * helpers and the contract v2 bodies of each call. (Not a test file itself:
 * `*.test.ts` are.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import * as oauth from 'oauth4webapi';
import { defaultEndpoints, errorBody } from '../../src/api/contract.js';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../demo/server/reference-server.js';
import type { MessageKind, OutboxMessage } from '../../demo/server/store.js';

export let server: ReferenceServer;
/** The server's clock (epoch ms); tests move it forward. */
export const clock = { now: Date.now() };
export const logLines: string[] = [];
/** An empty, writable directory served as /dist/. */
export let distDir: string;
let counter = 0;

/** A fresh address per call, so that accounts and windows never interfere. */
export const email = (domain = 'example.com') => `user${++counter}.${process.pid}@${domain}`;
/** A fresh UK mobile number (E.164) per call. */
export const mobile = () => `+4477${String(process.pid % 1000).padStart(3, '0')}${String(++counter).padStart(5, '0')}`;

export const PASSWORD = 'a long enough passphrase';
export const NEW_PASSWORD = 'a brand new passphrase';
export const ANSWER = 'Rex the secret dog';
export const paths = defaultEndpoints;

export type Result = Awaited<ReturnType<typeof call>>;

/**
 * A request to the API. `body`: an object is sent as JSON, a string or
 * bytes as they are (malformed JSON, an empty body). `query`: `?env_id=`
 * and the like.
 */
export async function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; query?: Record<string, string> } = {},
) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const raw = init.body;
  // Bytes as a Blob: the DOM typings take no Uint8Array<ArrayBufferLike> as a body.
  const body = raw === undefined ? undefined : typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new Blob([new Uint8Array(raw)]) : JSON.stringify(raw);
  const url = new URL(`${server.apiUrl}${path}`);
  for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
  const response = await fetch(url, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

const post = (path: string) => (body: unknown, headers?: Record<string, string>) =>
  call(path, { body, ...(headers ? { headers } : {}) });

export const register = post(paths.register);
export const resendVerification = post(paths.resendVerification);
export const forgotPassword = post(paths.forgotPassword);
export const token = post(paths.token);

/** change-password with `Authorization: Bearer <accessToken>` when one is given. */
export const changePassword = (body: unknown, accessToken?: string, headers: Record<string, string> = {}) =>
  call(paths.changePassword, { body, headers: { ...(accessToken !== undefined ? { Authorization: `Bearer ${accessToken}` } : {}), ...headers } });

/** `Authorization: Basic` for a client (RFC 7617: base64 of the UTF-8 `id:secret`). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`, 'utf8').toString('base64')}`;

/** `/pre-register` with demo-email's own credentials, unless the headers say otherwise. */
export const preRegister = (body: unknown, headers: Record<string, string> = {}) => {
  const client = server.clients.get('demo-email');
  assert.ok(client, 'demo-email is configured');
  return call(paths.preRegister, { body, headers: { Authorization: basicAuth(client.id, client.secret), ...headers } });
};

export const appLink = () => server.clients.get('demo-email')!.appLink;
export const resetPage = () => `${server.siteUrl}/forgot-password.html`;

/** A demo-minimal registration (email and password only), as contract section 3 shows it. */
export function registerBody(overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    client_id: 'demo-minimal',
    auth_type: 'email',
    redirect_uri: appLink(),
    locale: 'en-US',
    profile_fields: { emailAddress: email(), newPassword: PASSWORD, newPasswordConfirm: PASSWORD, ...profile } as Record<string, unknown> & {
      emailAddress: string;
    },
    ...overrides,
  };
}

/** A demo-email registration with every configured field, the security questions and the terms field. */
export function fullRegisterBody(address = email(), profile: Record<string, unknown> = {}) {
  return registerBody(
    { client_id: 'demo-email' },
    {
      emailAddress: address,
      firstName: 'John',
      lastName: 'Smith',
      gender: 'male',
      mobileNumber: '+447400123456',
      securityQuestions: [
        { id: 'first_pet', answer: ANSWER },
        { id: 'birth_city', answer: 'London' },
      ],
      acceptTerms: 'true',
      ...profile,
    },
  );
}

/** A demo-sms registration. */
export function smsRegisterBody(number = mobile(), overrides: Record<string, unknown> = {}) {
  return {
    client_id: 'demo-sms',
    auth_type: 'sms',
    redirect_uri: appLink(),
    locale: 'en-GB',
    profile_fields: { mobileNumber: number, firstName: 'Ann', lastName: 'Lee', newPassword: PASSWORD, newPasswordConfirm: PASSWORD },
    ...overrides,
  };
}

/** resend-verification's body (contract section 3). */
export const resendBody = (userId: string, overrides: Record<string, unknown> = {}) => ({
  client_id: 'demo-minimal',
  auth_type: 'email',
  user_id: userId,
  redirect_uri: appLink(),
  locale: 'en-US',
  ...overrides,
});

/** forgot-password's body (contract section 5); the link comes back to the reset page. */
export const forgotBody = (userId: string, overrides: Record<string, unknown> = {}) => ({
  client_id: 'demo-minimal',
  auth_type: 'email',
  user_id: userId,
  locale: 'en-US',
  redirect_uri: resetPage(),
  ...overrides,
});

/** The token call's body (contract sections 4 and 5). */
export const tokenBody = (userId: string, code: string, overrides: Record<string, unknown> = {}) => ({
  grant_type: 'pin',
  client_id: 'demo-minimal',
  redirect_uri: appLink(),
  auth_type: 'email',
  user_id: userId,
  code,
  ...overrides,
});

/** change-password's body (contract section 5). */
export const changeBody = (password = NEW_PASSWORD, overrides: Record<string, unknown> = {}) => ({
  client_id: 'demo-minimal',
  password,
  password_confirm: password,
  locale: 'en-US',
  ...overrides,
});

export function messagesTo(to: string): OutboxMessage[] {
  return server.store.outbox().filter((m) => m.to === to.toLowerCase());
}

/** The newest message of `kind` to `to` (it must exist). */
export function latestMessage(to: string, kind: MessageKind): OutboxMessage {
  const message = messagesTo(to).find((m) => m.kind === kind);
  assert.ok(message, `a ${kind} message to ${to}`);
  return message;
}

/** The PIN of the newest message of `kind` to `to`. */
export function pinOf(to: string, kind: MessageKind = 'verification'): string {
  const { pin } = latestMessage(to, kind);
  assert.ok(pin, `a PIN in the ${kind} message`);
  assert.match(pin, /^\d{6}$/);
  return pin;
}

/** The `code` query parameter of a message's link. */
export function codeOf(link: string | undefined): string {
  assert.ok(link, 'the message has a link');
  const code = new URL(link).searchParams.get('code');
  assert.ok(code, `a code in ${link}`);
  return code;
}

/** Registers with demo-minimal: a pending account and its verification PIN. */
export async function pendingAccount(address = email()): Promise<{ address: string; pin: string }> {
  const registered = await register(registerBody({}, { emailAddress: address }));
  assert.equal(registered.status, 200, registered.text);
  return { address, pin: pinOf(address) };
}

/** Registers with demo-minimal and verifies with the PIN: an active account and its session access token. */
export async function activeAccount(address = email()): Promise<{ address: string; accessToken: string }> {
  const { pin } = await pendingAccount(address);
  const verified = await token(tokenBody(address, pin));
  assert.equal(verified.status, 200, verified.text);
  return { address, accessToken: verified.json.access_token };
}

/** forgot-password by email, then the link's code at the token call: a reset-scoped access token. */
export async function resetAccessToken(address: string): Promise<string> {
  assert.equal((await forgotPassword(forgotBody(address))).status, 200);
  const code = codeOf(latestMessage(address, 'password_reset').link);
  const exchanged = await token(tokenBody(address, code, { grant_type: 'authorization_code', redirect_uri: resetPage() }));
  assert.equal(exchanged.status, 200, exchanged.text);
  return exchanged.json.access_token;
}

/** A vendor error answer: status and the whole body (its keys included). */
export function assertAnswer(result: Result, status: number, body: unknown): void {
  assert.equal(result.status, status, result.text);
  assert.deepEqual(result.json, body);
  if (status >= 400) assert.ok(errorBody.safeParse(result.json).success, 'the error body matches the contract');
}

/** 422 invalid_form_fields with `field`'s messages. */
export function assertFieldMessages(result: Result, field: string, messages: string[]): void {
  assert.equal(result.status, 422, result.text);
  assert.equal(result.json.error, 'invalid_form_fields');
  assert.equal(result.json.error_description, 'some inputs are invalid');
  assert.deepEqual(result.json.error_details[field], messages, result.text);
}

/** 422 invalid_parameters with exactly these details. */
export function assertParameters(result: Result, details: Record<string, unknown>): void {
  assertAnswer(result, 422, { error: 'invalid_parameters', error_details: details });
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Starts the server before the file's tests and stops it after them. */
export function useReferenceServer(options: ReferenceServerOptions = {}): void {
  before(async () => {
    distDir = await mkdtemp(join(tmpdir(), 'nid-dist-'));
    server = await startReferenceServer({
      sitePort: 0,
      apiPort: 0,
      distDir,
      resendWindowSeconds: 60,
      now: () => clock.now,
      log: (line) => logLines.push(line),
      ...options,
    });
  });

  after(async () => {
    await server?.close();
    await rm(distDir, { recursive: true, force: true });
  });
}

// -- the hosted screens and OpenID Connect (reference-server-oauth*.test.ts) ----------------------------

/** oauth4webapi's option for plain-http loopback URLs (the reference server is not on https). */
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The issuer's metadata, through oauth4webapi's discovery (which checks `issuer`). */
export async function discover(): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(server.apiUrl);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

/** A client as oauth4webapi sees it, on the server's clock (tests move it). */
export function oauthClient(clientId = 'demo-minimal'): oauth.Client {
  return { client_id: clientId, [oauth.clockSkew]: Math.round((clock.now - Date.now()) / 1000) };
}

/** A fresh PKCE verifier and challenge, state and nonce, as a browser journey makes them. */
export async function journeySecrets() {
  const verifier = oauth.generateRandomCodeVerifier();
  return {
    verifier,
    challenge: await oauth.calculatePKCECodeChallenge(verifier),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
  };
}

/** The demo site's browser callback page (on every demo client's allowlist). */
export const callbackPage = () => `${server.siteUrl}/callback.html`;

/** A hosted screen's URL with the section 7 parameters (`undefined` leaves one out). */
export function hostedUrl(path: string, params: Record<string, string | undefined>): URL {
  const url = new URL(path, server.apiUrl);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/** The section 7 parameters of a PKCE journey for a client. */
export function journeyParams(secrets: { challenge: string; state: string; nonce: string }, overrides: Record<string, string | undefined> = {}) {
  return {
    client_id: 'demo-minimal',
    redirect_uri: callbackPage(),
    response_type: 'code',
    scope: 'openid profile email',
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: secrets.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** The hidden `request` id of a hosted page's form. */
export function requestIdOf(html: string): string {
  const match = /name="request" value="([A-Za-z0-9_-]+)"/.exec(html);
  assert.ok(match?.[1], 'the page has a request id');
  return match[1];
}

/**
 * A browser for the hosted screens: keeps cookies (by name, as one host's
 * jar), follows no redirect, and can post forms as a page of the API origin.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string | URL, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers['Cookie'] = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(new URL(url, server.apiUrl), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const cleared = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (cleared) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(index + 1).trim());
    }
    return response;
  }

  /** A page and its text. */
  async page(url: string | URL): Promise<{ response: Response; html: string }> {
    const response = await this.fetch(url);
    return { response, html: await response.text() };
  }

  /** A form POST from a page of the API origin. */
  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.apiUrl, ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** A JSON API call as a hosted page makes it: same origin, with the session cookie. */
  async api(path: string, body: unknown): Promise<Result> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: server.apiUrl },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text === '' ? undefined : JSON.parse(text), text };
  }
}

/** The `Location` of a 303, as a URL. */
export function locationOf(response: Response): URL {
  assert.equal(response.status, 303, `a 303, got ${response.status}`);
  const location = response.headers.get('location');
  assert.ok(location, 'a Location');
  return new URL(location, server.apiUrl);
}

/** Signs in through the hosted /authorize form: the callback URL it redirects to. */
export async function signInThroughForm(browser: Browser, url: URL, username: string, password = PASSWORD): Promise<URL> {
  const { response, html } = await browser.page(url);
  assert.equal(response.status, 200, html);
  return locationOf(await browser.post('/authorize', { request: requestIdOf(html), username, password }));
}
