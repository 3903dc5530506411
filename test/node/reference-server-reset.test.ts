/**
 * The reference Journeys API's password reset over real HTTP (contract v2
 * section 5): forgot-password (a link by email, a PIN by SMS), the code at
 * the token call, change-password with the access token as Bearer; and the
 * code lifetimes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startReferenceServer } from '../../demo/server/reference-server.js';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  NEW_PASSWORD,
  PASSWORD,
  activeAccount,
  assertAnswer,
  assertParameters,
  changeBody,
  changePassword,
  clock,
  codeOf,
  email,
  forgotBody,
  forgotPassword,
  latestMessage,
  messagesTo,
  mobile,
  pendingAccount,
  pinOf,
  register,
  resetAccessToken,
  resetPage,
  server,
  smsRegisterBody,
  token,
  tokenBody,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const MINUTE = 60_000;
const UNAUTHORIZED = { error: 'http_exception', error_description: 'Unauthorized' };
const CODE_REFUSED = {
  error: 'invalid_form_fields',
  error_description: 'some inputs are invalid',
  error_details: { code: ['The code is not valid or has expired.'] },
};

/** The reset link's code exchanged at the token call, as the element does (contract section 5). */
const exchange = (address: string, code: string, overrides: Record<string, unknown> = {}) =>
  token(tokenBody(address, code, { grant_type: 'authorization_code', redirect_uri: resetPage(), ...overrides }));

async function passwordIs(channel: 'email' | 'sms', identifier: string, password: string): Promise<boolean> {
  const hash = server.store.findAccount(channel, identifier)?.passwordHash;
  return hash !== undefined && verifySecret(password, hash);
}

describe('forgot-password', () => {
  it('emails a link back to redirect_uri with a code; answers 200 {}', async () => {
    const { address } = await activeAccount();
    assertAnswer(await forgotPassword(forgotBody(address)), 200, {});
    const message = latestMessage(address, 'password_reset');
    assert.equal(message.channel, 'email');
    assert.equal(message.subject, 'Reset your password');
    assert.equal(message.pin, undefined);
    const link = new URL(message.link!);
    assert.equal(`${link.origin}${link.pathname}`, resetPage());
    assert.deepEqual([...link.searchParams.keys()], ['code']);
    assert.ok(Buffer.from(codeOf(message.link), 'base64url').length >= 32, 'at least 32 random bytes');
    assert.ok(message.body.includes(message.link!));
    assert.match(message.body, /within 1 hour/);
  });

  it('answers 200 {} for unknown and pending accounts alike; a pending one gets a link too', async () => {
    const unknown = email();
    assertAnswer(await forgotPassword(forgotBody(unknown)), 200, {});
    assert.equal(messagesTo(unknown).length, 0);
    const { address } = await pendingAccount();
    assertAnswer(await forgotPassword(forgotBody(address)), 200, {});
    assert.equal(latestMessage(address, 'password_reset').kind, 'password_reset');
  });

  it('texts a six-digit PIN to an SMS account', async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    const body = forgotBody(number, { client_id: 'demo-sms', auth_type: 'sms' });
    assertAnswer(await forgotPassword(body), 200, {});
    const message = latestMessage(number, 'password_reset');
    assert.equal(message.channel, 'sms');
    assert.equal(message.link, undefined);
    assert.match(message.body, /^Nid Journeys demo \(SMS\): Your password reset code is \d{6}\./);
  });

  it('rate limits per identifier, known or not, with Retry-After', async () => {
    for (const address of [(await activeAccount()).address, email()]) {
      assert.equal((await forgotPassword(forgotBody(address))).status, 200);
      clock.now += 15_000;
      const limited = await forgotPassword(forgotBody(address));
      assertAnswer(limited, 429, { error: 'too_many_requests', error_description: 'Too many requests. Please wait before trying again.' });
      assert.equal(limited.headers.get('retry-after'), '45');
      clock.now += 46_000;
      assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    }
  });

  it('only returns to a redirect_uri on the allowlist', async () => {
    const { address } = await activeAccount();
    assertParameters(await forgotPassword(forgotBody(address, { redirect_uri: 'https://evil.example/reset' })), {
      redirect_uri: { invalid: 'invalid value' },
    });
    assertAnswer(await forgotPassword(forgotBody(address, { redirect_uri: '' })), 422, {
      error: 'http_exception',
      error_details: null,
      error_description: 'missing_argument Missing Parameter: redirect_uri',
    });
    assert.equal(messagesTo(address).filter((m) => m.kind === 'password_reset').length, 0);
  });

  it('refuses a user_id that is not an identifier of the client (an email for the SMS client)', async () => {
    assertParameters(await forgotPassword(forgotBody(email(), { client_id: 'demo-sms', auth_type: 'sms' })), {
      user_id: { invalid: 'invalid value' },
    });
  });
});

describe('reset code at the token call', () => {
  it('exchanges a link code (authorization_code) for a reset access token, once', async () => {
    const { address } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const code = codeOf(latestMessage(address, 'password_reset').link);
    const result = await exchange(address, code);
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.token_type, 'Bearer');
    assert.equal(result.json.expires_in, 600);
    assertAnswer(await exchange(address, code), 422, CODE_REFUSED);
  });

  it("refuses the code for another user_id or client, without using it up", async () => {
    const { address } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const code = codeOf(latestMessage(address, 'password_reset').link);
    assertAnswer(await exchange((await activeAccount()).address, code), 422, CODE_REFUSED);
    assertAnswer(await exchange(address, code, { client_id: 'demo-email' }), 422, CODE_REFUSED);
    assertAnswer(await exchange(address, code, { grant_type: 'pin' }), 422, CODE_REFUSED);
    assert.equal((await exchange(address, code)).status, 200);
  });

  it('replaces the earlier link with each request', async () => {
    const { address } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const first = codeOf(latestMessage(address, 'password_reset').link);
    clock.now += 2 * MINUTE;
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const second = codeOf(latestMessage(address, 'password_reset').link);
    assertAnswer(await exchange(address, first), 422, CODE_REFUSED);
    assert.equal((await exchange(address, second)).status, 200);
  });

  it('expires the link after an hour', async () => {
    const { address } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const code = codeOf(latestMessage(address, 'password_reset').link);
    clock.now += 60 * MINUTE + 1000;
    assertAnswer(await exchange(address, code), 422, CODE_REFUSED);
  });

  it('exchanges an SMS reset PIN (grant_type pin); wrong guesses burn it', async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    const sms = { client_id: 'demo-sms', auth_type: 'sms' };
    assert.equal((await forgotPassword(forgotBody(number, sms))).status, 200);
    const pin = pinOf(number, 'password_reset');
    const result = await token(tokenBody(number, pin, sms));
    assert.equal(result.status, 200, result.text);
    assert.equal(result.json.expires_in, 600);
    assert.equal(server.store.findAccount('sms', number)?.status, 'pending', 'the PIN alone does not verify the account');

    clock.now += 2 * MINUTE;
    assert.equal((await forgotPassword(forgotBody(number, sms))).status, 200);
    const next = pinOf(number, 'password_reset');
    const wrong = next === '000000' ? '111111' : '000000';
    // The account's verification PIN is burned by the same wrong guesses.
    for (let i = 0; i < 5; i++) assertAnswer(await token(tokenBody(number, wrong, sms)), 422, CODE_REFUSED);
    assertAnswer(await token(tokenBody(number, next, sms)), 422, CODE_REFUSED);
  });
});

describe('change-password', () => {
  it('sets the new password with a reset token: 200 {}, and the token works once', async () => {
    const { address } = await activeAccount();
    const accessToken = await resetAccessToken(address);
    assertAnswer(await changePassword(changeBody(), accessToken), 200, {});
    assert.equal(await passwordIs('email', address, NEW_PASSWORD), true);
    assertAnswer(await changePassword(changeBody('yet another passphrase'), accessToken), 401, UNAUTHORIZED);
    assert.equal(await passwordIs('email', address, NEW_PASSWORD), true);
  });

  it('verifies a pending account that resets (the code came through its address)', async () => {
    const { address } = await pendingAccount();
    const accessToken = await resetAccessToken(address);
    assert.equal(server.store.findAccount('email', address)?.status, 'pending');
    assertAnswer(await changePassword(changeBody(), accessToken), 200, {});
    assert.equal(server.store.findAccount('email', address)?.status, 'active');
  });

  it('resets an SMS account with the PIN variant', async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    const sms = { client_id: 'demo-sms', auth_type: 'sms' };
    assert.equal((await forgotPassword(forgotBody(number, sms))).status, 200);
    const exchanged = await token(tokenBody(number, pinOf(number, 'password_reset'), sms));
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { client_id: 'demo-sms' }), exchanged.json.access_token), 200, {});
    assert.equal(await passwordIs('sms', number, NEW_PASSWORD), true);
    assert.equal(server.store.findAccount('sms', number)?.status, 'active');
  });

  it('answers 401 for a missing, unknown, expired or another client\'s bearer token', async () => {
    const { address } = await activeAccount();
    const accessToken = await resetAccessToken(address);
    for (const [bearer, headers] of [
      [undefined, {}],
      ['made-up-token', {}],
      [undefined, { Authorization: `Basic ${accessToken}` }],
      [undefined, { Authorization: accessToken }],
    ] as const) {
      const result = await changePassword(changeBody(), bearer, headers);
      assertAnswer(result, 401, UNAUTHORIZED);
      assert.match(result.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { client_id: 'demo-email' }), accessToken), 401, UNAUTHORIZED);
    clock.now += 10 * MINUTE + 1000;
    assertAnswer(await changePassword(changeBody(), accessToken), 401, UNAUTHORIZED);
    assert.equal(await passwordIs('email', address, PASSWORD), true);
  });

  it('answers a mismatch, a weak password or a wrong current password without using the token', async () => {
    const { address } = await activeAccount();
    const accessToken = await resetAccessToken(address);
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { password_confirm: 'something else' }), accessToken), 422, {
      error: 'invalid_parameters',
      error_details: { message: 'Passwords do not match' },
    });
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { password_confirm: '' }), accessToken), 422, {
      error: 'invalid_parameters',
      error_details: { message: 'Passwords do not match' },
    });
    assertAnswer(await changePassword(changeBody('short'), accessToken), 422, {
      error: 'invalid_form_fields',
      error_description: 'some inputs are invalid',
      error_details: { message: 'Password is not formatted correctly.' },
    });
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { current_password: 'not the password' }), accessToken), 422, {
      error: 'invalid_parameters',
      error_details: { message: 'Current password is incorrect. Please try again.' },
    });
    assertAnswer(await changePassword(changeBody(NEW_PASSWORD, { current_password: PASSWORD }), accessToken), 200, {});
  });

  it('ignores grant_type and redirect_uri, takes a null locale, refuses other keys', async () => {
    const { address, accessToken } = await activeAccount();
    const tolerated = changeBody(NEW_PASSWORD, { grant_type: 'nonsense', redirect_uri: 'https://evil.example/', locale: null });
    assertAnswer(await changePassword(tolerated, accessToken), 200, {});
    assertParameters(await changePassword(changeBody(NEW_PASSWORD, { auth_type: 'email', user_id: address }), accessToken), {
      'auth_type, user_id': { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
  });

  it('ends the other reset codes of the account once the password changed', async () => {
    const { address } = await activeAccount();
    const first = await resetAccessToken(address);
    clock.now += 2 * MINUTE;
    assert.equal((await forgotPassword(forgotBody(address))).status, 200);
    const code = codeOf(latestMessage(address, 'password_reset').link);
    assertAnswer(await changePassword(changeBody(), first), 200, {});
    assertAnswer(await exchange(address, code), 422, CODE_REFUSED);
  });

  it('lets one of two concurrent changes with the same reset token win', async () => {
    const { address } = await activeAccount();
    const accessToken = await resetAccessToken(address);
    const results = await Promise.all([
      changePassword(changeBody('first concurrent passphrase'), accessToken),
      changePassword(changeBody('second concurrent passphrase'), accessToken),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 401]);
  });
});

describe('code lifetimes', () => {
  it('follow the verificationCodeTtlSeconds, resetCodeTtlSeconds and invitationTtlSeconds options', async () => {
    let now = Date.now();
    const own = await startReferenceServer({
      sitePort: 0,
      apiPort: 0,
      now: () => now,
      log: () => {},
      verificationCodeTtlSeconds: 5,
      resetCodeTtlSeconds: 3,
      invitationTtlSeconds: 7,
    });
    try {
      assert.equal(own.store.codeTtlSeconds('verification'), 5);
      assert.equal(own.store.codeTtlSeconds('reset'), 3);
      assert.equal(own.store.codeTtlSeconds('invitation'), 7);
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${own.apiUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, json: await response.json() };
      };
      const address = email();
      const base = { client_id: 'demo-minimal', auth_type: 'email', redirect_uri: `${own.siteUrl}/app.html` };
      await post('/idp/v1/account/register', { ...base, locale: 'en-US', profile_fields: { emailAddress: address, newPassword: PASSWORD, newPasswordConfirm: PASSWORD } });
      const pin = own.store.outbox()[0]!.pin!;
      assert.match(own.store.outbox()[0]!.body, /5 seconds/);
      now += 6000;
      assert.equal((await post('/idp/v1/account/token', { ...base, grant_type: 'pin', user_id: address, code: pin })).status, 422);

      await post('/idp/v1/account/forgot-password', { ...base, user_id: address, locale: 'en-US' });
      const code = new URL(own.store.outbox()[0]!.link!).searchParams.get('code')!;
      now += 2000;
      assert.equal((await post('/idp/v1/account/token', { ...base, grant_type: 'authorization_code', user_id: address, code })).status, 200);
      await post('/idp/v1/account/forgot-password', { ...base, user_id: address, locale: 'en-US' });
      now += 61_000; // the window, and more than 3 s
      const late = new URL(own.store.outbox()[0]!.link!).searchParams.get('code')!;
      assert.equal((await post('/idp/v1/account/token', { ...base, grant_type: 'authorization_code', user_id: address, code: late })).status, 422);
    } finally {
      await own.close();
    }
  });

  it('refuses a lifetime that is not a positive number', async () => {
    await assert.rejects(startReferenceServer({ sitePort: 0, apiPort: 0, log: () => {}, resetCodeTtlSeconds: 0 }), RangeError);
  });
});
