/**
 * Shared set-up of the reference server tests: one server per test file on
 * ephemeral ports, a controllable clock, captured log lines, and small HTTP
 * helpers. (Not a test file itself: `*.test.ts` are.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { errorBody } from '../../src/api/contract.js';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../demo/server/reference-server.js';
import type { OutboxMessage } from '../../demo/server/store.js';

export let server: ReferenceServer;
/** The server's clock (epoch ms); tests move it forward. */
export const clock = { now: Date.now() };
export const logLines: string[] = [];
/** An empty, writable directory served as /dist/. */
export let distDir: string;
let counter = 0;

/** A fresh address per test, so that accounts and resend windows never interfere. */
export const email = (domain = 'example.com') => `user${++counter}.${process.pid}@${domain}`;

export const PASSWORD = 'correct horse battery staple';
export const ANSWER = 'Rex the secret dog';

export async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(`${server.apiUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export function registerBody(overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    client_id: 'demo-minimal',
    redirect_uri: `${server.siteUrl}/app.html`,
    response_type: 'code',
    scope: 'openid',
    state: 'SWMsxiZSaa',
    ui_locales: 'en-US',
    profile_fields: { emailAddress: email(), ...profile } as { emailAddress: string; [name: string]: unknown },
    password: PASSWORD,
    ...overrides,
  };
}

export function fullRegisterBody(address: string) {
  return registerBody(
    { client_id: 'demo-email', consents: { terms: true, privacy: true } },
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
    },
  );
}

export const register = (body: unknown, headers?: Record<string, string>) =>
  call('/idp/v1/account/register', { body, ...(headers ? { headers } : {}) });
export const resend = (body: unknown, headers?: Record<string, string>) =>
  call('/idp/v1/account/activate/resend', { body, ...(headers ? { headers } : {}) });

export const activate = (body: unknown, headers?: Record<string, string>) =>
  call('/idp/v1/account/activate', { body, ...(headers ? { headers } : {}) });
export const forgotPassword = (body: unknown, headers?: Record<string, string>) =>
  call('/idp/v1/account/forgot-password', { body, ...(headers ? { headers } : {}) });
export const resetPassword = (body: unknown, headers?: Record<string, string>) =>
  call('/idp/v1/account/reset-password', { body, ...(headers ? { headers } : {}) });

/** `Authorization: Basic` for a client (RFC 7617: base64 of the UTF-8 `id:secret`). */
export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`, 'utf8').toString('base64')}`;

/** `/pre-register` with demo-email's own credentials, unless the headers say otherwise. */
export const preRegister = (body: unknown, headers: Record<string, string> = {}) => {
  const client = server.clients.get('demo-email');
  assert.ok(client, 'demo-email is configured');
  return call('/idp/v1/account/pre-register', { body, headers: { Authorization: basicAuth(client.id, client.secret), ...headers } });
};

export function messagesTo(to: string) {
  return server.store.outbox().filter((m) => m.to === to.toLowerCase());
}

/** The newest message of `kind` to `to` (it must exist). */
export function latestMessage(to: string, kind: OutboxMessage['kind']): OutboxMessage {
  const message = messagesTo(to).find((m) => m.kind === kind);
  assert.ok(message, `a ${kind} message to ${to}`);
  return message;
}

/** The token of an emailed link. */
export function tokenOf(link: string | undefined): string {
  assert.ok(link, 'the message has a link');
  const token = new URL(link).searchParams.get('token');
  assert.ok(token, `a token in ${link}`);
  return token;
}

/** A forgot-password request with the section 2 parameters. */
export function forgotBody(emailAddress: string, overrides: Record<string, unknown> = {}) {
  return {
    client_id: 'demo-minimal',
    redirect_uri: `${server.siteUrl}/app.html`,
    response_type: 'code',
    scope: 'openid',
    state: 'forgot-state-1',
    emailAddress,
    ...overrides,
  };
}

/** Registers with demo-minimal and follows the activation link: an active account. */
export async function activeAccount(address = email(), password = PASSWORD): Promise<string> {
  const registered = await register(registerBody({ password }, { emailAddress: address }));
  assert.equal(registered.status, 201, registered.text);
  const token = tokenOf(latestMessage(address, 'activation').link);
  const activated = await activate({ client_id: 'demo-minimal', token });
  assert.equal(activated.status, 200, activated.text);
  return address;
}

export function assertFieldError(result: Awaited<ReturnType<typeof call>>, name: string, code: string) {
  assert.equal(result.status, 400, result.text);
  assert.equal(result.json.error, 'validation_failed');
  assert.ok(errorBody.safeParse(result.json).success, 'error body matches the contract');
  const field = result.json.fields.find((f: { name: string }) => f.name === name);
  assert.ok(field, `a field error on ${name} in ${result.text}`);
  assert.equal(field.code, code);
  assert.equal(typeof field.message, 'string');
}

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
