/**
 * The reference server against the vendor's response-code table
 * (test/contract/response-codes.ts): for every row, the scenario is arranged
 * with fresh accounts, the request is sent, and the status and body must be
 * the row's answer (random values, uuid and authorization_code, compared by
 * shape). A row without an arrangement fails, and so does an arrangement
 * without a row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorBody } from '../../src/api/contract.js';
import { vendorRows, type VendorRow } from '../contract/response-codes.js';
import {
  PASSWORD,
  UUID,
  activeAccount,
  basicAuth,
  call,
  changeBody,
  clock,
  email,
  forgotBody,
  mobile,
  paths,
  pendingAccount,
  pinOf,
  preRegister,
  register,
  registerBody,
  resendBody,
  server,
  smsRegisterBody,
  token,
  tokenBody,
  forgotPassword,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

interface Arranged {
  body: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}
type Arrangement = () => Promise<Arranged>;

/** Past the resend window of the rows that arranged a message first. */
const afterWindow = () => (clock.now += 61_000);
const without = <T extends Record<string, unknown>>(body: T, key: string): Record<string, unknown> => {
  const { [key]: _removed, ...rest } = body;
  return rest;
};
const MALFORMED = '{"client_id": "demo-minimal",';
const SMS = { client_id: 'demo-sms', auth_type: 'sms' };

/** A session access token (a verified account) and its body, for change-password. */
async function bearer(overrides: Record<string, unknown> = {}, remove?: string): Promise<Arranged> {
  const { accessToken } = await activeAccount();
  const body = changeBody(undefined, overrides);
  return { body: remove ? without(body, remove) : body, headers: { Authorization: `Bearer ${accessToken}` } };
}

/** A pending account past its window, for resend-verification. */
async function pendingResend(overrides: Record<string, unknown> = {}, remove?: string): Promise<Arranged> {
  const { address } = await pendingAccount();
  afterWindow();
  const body = resendBody(address, overrides);
  return { body: remove ? without(body, remove) : body };
}

async function activeForgot(overrides: Record<string, unknown> = {}, remove?: string): Promise<Arranged> {
  const { address } = await activeAccount();
  const body = forgotBody(address, overrides);
  return { body: remove ? without(body, remove) : body };
}

const demoEmail = () => server.clients.get('demo-email')!;
const basic = () => ({ Authorization: basicAuth(demoEmail().id, demoEmail().secret) });

function preRegisterBody(overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    profile_fields: { firstName: 'John', lastName: 'Smith', emailAddress: email(), resourceAccessB2b: 'true', ...profile },
    client_id: 'demo-email',
    locale: 'en-US',
    auth_type: 'email',
    grant_type: 'password',
    redirect_uri: `${server.siteUrl}/app.html`,
    ...overrides,
  };
}

const invite = (body: Record<string, unknown>): Arranged => ({ body, headers: basic() });

/** An address invited through pre-register (the window it opened is over). */
async function invitedAddress(): Promise<string> {
  const body = preRegisterBody();
  assert.equal((await preRegister(body)).status, 201);
  afterWindow();
  return body.profile_fields.emailAddress;
}

/** An SMS account verified with its PIN. */
async function activeSms(): Promise<string> {
  const number = mobile();
  assert.equal((await register(smsRegisterBody(number))).status, 200);
  assert.equal((await token(tokenBody(number, pinOf(number), SMS))).status, 200);
  return number;
}

const arrangements: Record<string, Arrangement> = {
  // register
  R1: async () => ({ body: registerBody() }),
  R2: async () => ({ body: registerBody({}, { emailAddress: (await activeAccount()).address }) }),
  R3: async () => ({ body: registerBody({ scope_id: 'not-a-scope' }) }),
  R4: async () => ({ body: registerBody({ scope_id: '' }) }),
  R5: async () => ({ body: registerBody() }),
  R6: async () => ({ body: registerBody({ grant_type: 'nonsense' }) }),
  R7: async () => ({ body: registerBody({ grant_type: '' }) }),
  R8: async () => ({ body: registerBody({ locale: '' }) }),
  R9: async () => ({ body: without(registerBody(), 'locale') }),
  R10: async () => ({ body: registerBody({ site_identifier: 'nonsense' }) }),
  R11: async () => ({ body: registerBody({ site_identifier: '' }) }),
  R12: async () => ({ body: registerBody() }),
  R13: async () => ({ body: { ...registerBody({ client_id: 'demo-passwordless' }), profile_fields: { emailAddress: email() } } }),
  R14: async () => ({ body: registerBody() }),
  R15: async () => ({ body: '' }),
  R16: async () => ({ body: MALFORMED }),
  R17: async () => ({ body: registerBody({ client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92' }) }),
  R18: async () => ({ body: registerBody({}, { emailAddress: 'john.smith@' }) }),
  R19: async () => ({ body: registerBody({ client_id: 'demo-passwordless' }) }),
  R20: async () => ({ body: { ...registerBody(), profile_fields: { emailAddress: email() } } }),
  R21: async () => ({ body: registerBody({ client_id: '' }) }),
  R22: async () => ({ body: without(registerBody(), 'client_id') }),
  R23: async () => ({ body: registerBody({ auth_type: 'fax' }) }),
  R24: async () => ({ body: registerBody({ auth_type: '' }) }),
  R25: async () => ({ body: without(registerBody(), 'auth_type') }),
  R26: async () => ({ body: registerBody({ redirect_uri: 'https://localhost.com' }) }),
  R27: async () => ({ body: registerBody({ redirect_uri: '' }) }),
  R28: async () => ({ body: without(registerBody(), 'redirect_uri') }),

  // resend-verification
  V1: async () => {
    const { address } = await activeAccount();
    afterWindow();
    return { body: resendBody(address) };
  },
  V2: () => pendingResend(),
  V3: async () => ({ body: resendBody(email()) }),
  V4: () => pendingResend({ locale: '' }),
  V5: () => pendingResend({}, 'locale'),
  V6: () => pendingResend({ grant_type: 'nonsense' }),
  V7: () => pendingResend({ grant_type: '' }),
  V8: () => pendingResend(),
  V9: async () => ({ body: '' }),
  V10: async () => ({ body: MALFORMED }),
  V11: async () => ({ body: resendBody(email(), { client_id: 'no-such-client' }) }),
  V12: async () => ({ body: resendBody(email(), { client_id: '' }) }),
  V13: async () => ({ body: without(resendBody(email()), 'client_id') }),
  V14: async () => ({ body: resendBody(email(), { auth_type: 'fax' }) }),
  V15: async () => ({ body: resendBody(email(), { auth_type: '' }) }),
  V16: async () => ({ body: without(resendBody(email()), 'auth_type') }),
  V17: async () => ({ body: resendBody(email(), { redirect_uri: 'https://localhost.com' }) }),
  V18: async () => ({ body: resendBody(email(), { redirect_uri: '' }) }),
  V19: async () => ({ body: without(resendBody(email()), 'redirect_uri') }),
  V20: async () => ({ body: resendBody('') }),
  V21: async () => ({ body: without(resendBody(email()), 'user_id') }),
  V22: async () => ({ body: resendBody('john.smith') }),

  // forgot-password
  F2: () => activeForgot(),
  F3: () => activeForgot({ grant_type: 'nonsense' }),
  F4: () => activeForgot(),
  F5: () => activeForgot({}, 'locale'),
  F6: async () => ({ body: '' }),
  F7: async () => ({ body: MALFORMED }),
  F8: async () => ({ ...(await activeForgot()), query: { env_id: 'another-environment' } }),
  F9: async () => ({ body: forgotBody(email(), { client_id: 'no-such-client' }) }),
  F10: async () => ({ body: forgotBody(email(), { client_id: '' }) }),
  F11: async () => ({ body: without(forgotBody(email()), 'client_id') }),
  F12: async () => ({ body: forgotBody(email(), { auth_type: 'fax' }) }),
  F13: async () => ({ body: forgotBody(email(), { auth_type: '' }) }),
  F14: async () => ({ body: without(forgotBody(email()), 'auth_type') }),
  F15: async () => ({ body: forgotBody(email(), { redirect_uri: 'https://localhost.com' }) }),
  F16: async () => ({ body: forgotBody(email(), { redirect_uri: '' }) }),
  F17: async () => ({ body: without(forgotBody(email()), 'redirect_uri') }),
  F18: async () => ({ body: forgotBody('john.smith') }),
  F19: async () => ({ body: forgotBody('') }),
  F20: async () => ({ body: without(forgotBody(email()), 'user_id') }),

  // change-password
  C2: () => bearer(),
  C3: () => bearer({ grant_type: 'nonsense' }),
  C4: () => bearer({ grant_type: null }),
  C5: () => bearer(),
  C6: () => bearer({ redirect_uri: 'not a url' }),
  C7: () => bearer({ redirect_uri: null }),
  C8: () => bearer(),
  C9: () => bearer({ current_password: PASSWORD }),
  C10: () => bearer(),
  C11: () => bearer({ locale: null }),
  C12: () => bearer({}, 'locale'),
  C13: async () => ({ ...(await bearer()), body: '' }),
  C14: async () => ({ ...(await bearer()), body: MALFORMED }),
  C15: async () => ({ ...(await bearer()), query: { env_id: 'another-environment' } }),
  C16: async () => ({ ...(await bearer()), headers: { Authorization: 'Bearer not-a-token-of-this-service' } }),
  C17: () => bearer({ client_id: 'no-such-client' }),
  C18: () => bearer({ client_id: '' }),
  C19: () => bearer({}, 'client_id'),
  C20: () => bearer({ password_confirm: 'a different passphrase' }),
  C21: () => bearer({ current_password: 'not the current password' }),
  C22: () => bearer({ password: 'short', password_confirm: 'short' }),
  C23: () => bearer({}, 'password'),
  C24: () => bearer({ password_confirm: '' }),
  C25: () => bearer({}, 'password_confirm'),

  // pre-register
  P1: async () => invite(preRegisterBody()),
  P2: async () => invite(preRegisterBody({ resend: true }, { emailAddress: await invitedAddress() })),
  P3: async () => invite(without(preRegisterBody(), 'locale')),
  P4: async () => invite(preRegisterBody({ grant_type: '' })),
  P5: async () => invite(preRegisterBody({ locale: '' })),
  P6: async () => invite(preRegisterBody({ grant_type: 'client_credentials' })),
  P7: async () => invite(preRegisterBody({ resend: 'yes' })),
  P8: async () => ({ body: '', headers: basic() }),
  P9: async () => ({ body: MALFORMED, headers: basic() }),
  P10: async () => invite(preRegisterBody({}, { emailAddress: await invitedAddress() })),
  P11: async () => invite(preRegisterBody({ resend: false }, { emailAddress: await invitedAddress() })),
  P12: async () => invite(without(preRegisterBody(), 'auth_type')),
  P13: async () => invite(without(preRegisterBody(), 'redirect_uri')),
  P14: async () => invite(without(preRegisterBody(), 'grant_type')),
  P15: async () => invite(without(preRegisterBody(), 'profile_fields')),
  P16: async () => invite({ ...preRegisterBody(), profile_fields: { firstName: 'John', lastName: 'Smith' } }),
  P17: async () => invite(preRegisterBody({ client_id: '' })),
  P18: async () => invite(preRegisterBody({ auth_type: '' })),
  P19: async () => invite(preRegisterBody({ redirect_uri: '' })),
  P20: async () => invite(preRegisterBody({}, { emailAddress: '' })),

  // ours, SMS
  S1: async () => ({ body: smsRegisterBody() }),
  S2: async () => ({ body: smsRegisterBody(await activeSms()) }),
  S3: async () => ({ body: smsRegisterBody('07700 900123') }),
  S4: async () => {
    const body = smsRegisterBody();
    return { body: { ...body, profile_fields: { ...body.profile_fields, emailAddress: email() } } };
  },
  S5: async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    afterWindow();
    return { body: resendBody(number, SMS) };
  },
  S6: async () => ({ body: resendBody(mobile(), SMS) }),
  S7: async () => ({ body: forgotBody(await activeSms(), SMS) }),
  S8: async () => ({ body: forgotBody(email(), SMS) }),
  S9: async () => ({ body: forgotBody(mobile(), { client_id: 'demo-sms' }) }),
  S10: async () => {
    const number = await activeSms();
    assert.equal((await forgotPassword(forgotBody(number, SMS))).status, 200);
    const exchanged = await token(tokenBody(number, pinOf(number, 'password_reset'), SMS));
    assert.equal(exchanged.status, 200, exchanged.text);
    return { body: changeBody(undefined, { client_id: 'demo-sms' }), headers: { Authorization: `Bearer ${exchanged.json.access_token}` } };
  },
  S11: async () => invite(preRegisterBody({ auth_type: 'sms' }, { emailAddress: '', mobileNumber: mobile() })),
  S12: async () => {
    const number = await activeSms();
    return invite(preRegisterBody({ auth_type: 'sms' }, { emailAddress: '', mobileNumber: number }));
  },
  S13: async () => invite(preRegisterBody({ auth_type: 'sms' }, { emailAddress: '', mobileNumber: '+44 7700 900123' })),
};

/** The answer with random values replaced by the row's examples when they have the right shape. */
function comparable(actual: unknown, expected: unknown): unknown {
  if (actual === null || typeof actual !== 'object' || expected === null || typeof expected !== 'object') return actual;
  const copy: Record<string, unknown> = { ...(actual as Record<string, unknown>) };
  const example = expected as Record<string, unknown>;
  if ('uuid' in example && typeof copy['uuid'] === 'string' && UUID.test(copy['uuid'])) copy['uuid'] = example['uuid'];
  const code = copy['authorization_code'];
  if ('authorization_code' in example && typeof code === 'string' && /^[\w-]{32,}$/.test(code)) {
    copy['authorization_code'] = example['authorization_code'];
  }
  return copy;
}

/** Every vendor row of the notes except the skipped ones (F1, F21, F22, C1: see the table's comment). */
const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const VENDOR_IDS = [...range('R', 1, 28), ...range('V', 1, 22), ...range('F', 2, 20), ...range('C', 2, 25), ...range('P', 1, 20)];

describe('the response-code table', () => {
  it('has every reproducible vendor row once, plus SMS rows, and an arrangement for each', () => {
    const ids = vendorRows.map((row) => row.id);
    assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
    assert.deepEqual(ids.filter((id) => !id.startsWith('S')), VENDOR_IDS);
    assert.ok(ids.filter((id) => id.startsWith('S')).length >= 5, 'SMS rows');
    assert.deepEqual(Object.keys(arrangements).sort(), [...ids].sort(), 'one arrangement per row, and no other');
    for (const row of vendorRows) {
      if (row.answer.status >= 400) assert.ok(errorBody.safeParse(row.answer.body).success, `${row.id}: an error body of the contract`);
    }
  });
});

describe('the reference server answers every row of the vendor table', () => {
  for (const row of vendorRows) {
    it(`${row.id} ${row.call}: ${row.scenario} -> ${row.answer.status}`, async () => {
      const arrange: Arrangement | undefined = arrangements[row.id];
      assert.ok(arrange, `no arrangement for row ${row.id}`);
      await check(row, await arrange());
    });
  }
});

async function check(row: VendorRow, arranged: Arranged): Promise<void> {
  const result = await call(paths[row.call], {
    method: 'POST',
    body: arranged.body,
    headers: { 'Content-Type': 'application/json', ...arranged.headers },
    ...(arranged.query ? { query: arranged.query } : {}),
  });
  assert.equal(result.status, row.answer.status, `${row.id}: ${result.text}`);
  assert.deepEqual(comparable(result.json, row.answer.body), row.answer.body, `${row.id}: ${result.text}`);
}
