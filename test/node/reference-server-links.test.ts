/**
 * The reference Journeys API's link journeys over real HTTP: activation
 * (self-registered and invited accounts), forgot password and reset password.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptedResponse,
  activateResponse,
  errorBody,
  resetPasswordResponse,
} from '../../src/api/contract.js';
import { startReferenceServer } from '../../demo/server/reference-server.js';
import { redirectWithCode, type ApiDeps } from '../../demo/server/routes/context.js';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  ANSWER,
  PASSWORD,
  activate,
  activeAccount,
  assertFieldError,
  call,
  clock,
  email,
  forgotBody,
  forgotPassword,
  latestMessage,
  logLines,
  messagesTo,
  register,
  registerBody,
  resend,
  resetPassword,
  server,
  tokenOf,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const NEW_PASSWORD = 'a brand new passphrase';

type Result = Awaited<ReturnType<typeof call>>;

function assertError(result: Result, status: number, error: string): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.json.error, error);
  assert.ok(errorBody.safeParse(result.json).success, 'error body matches the contract');
}

/** The redirect of a finished journey: `base` plus a code and (when given) the state. */
function assertRedirect(redirectUri: string, base: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  assert.equal(`${url.origin}${url.pathname}`, base);
  const code = url.searchParams.get('code');
  assert.ok(code && code.length >= 32, 'a random code');
  assert.equal(url.searchParams.get('state'), state ?? null);
  return code;
}

/** Registers with demo-minimal (state SWMsxiZSaa) and returns the address and the activation token. */
async function pendingAccount(): Promise<{ address: string; token: string }> {
  const body = registerBody();
  const address = body.profile_fields.emailAddress;
  assert.equal((await register(body)).status, 201);
  return { address, token: tokenOf(latestMessage(address, 'activation').link) };
}

function invite(init: { clientId?: string; state?: string; profile?: Record<string, string> } = {}) {
  const address = email();
  const { account, created } = server.store.inviteAccount({
    clientId: init.clientId ?? 'demo-email',
    channel: 'email',
    identifier: address,
    profile: init.profile ?? { firstName: 'Ada', lastName: 'Lovelace' },
    redirectUri: `${server.siteUrl}/app.html`,
    ...(init.state !== undefined ? { state: init.state } : {}),
  });
  assert.equal(created, true);
  const message = latestMessage(address, 'invitation');
  return { address, account, message, token: tokenOf(message.link) };
}

/** A complete submission of the demo-email invitation form. */
function completion(token: string, overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    client_id: 'demo-email',
    token,
    password: NEW_PASSWORD,
    consents: { terms: true, privacy: true },
    profile_fields: {
      securityQuestions: [
        { id: 'first_pet', answer: ANSWER },
        { id: 'birth_city', answer: 'London' },
      ],
      ...profile,
    },
    ...overrides,
  };
}

describe('activate a self-registered account', () => {
  it('activates and redirects to the registered redirect_uri with a code and the same state', async () => {
    const { address, token } = await pendingAccount();
    const link = latestMessage(address, 'activation').link!;
    assert.ok(link.startsWith(`${server.siteUrl}/activate.html?token=`), link);
    assert.equal(new URL(link).searchParams.get('client'), 'demo-minimal');
    assert.ok(Buffer.from(token, 'base64url').length >= 32, 'at least 32 random bytes');

    const result = await activate({ client_id: 'demo-minimal', token });
    assert.equal(result.status, 200, result.text);
    assert.ok(activateResponse.safeParse(result.json).success, 'answer matches the contract');
    assert.equal(result.json.status, 'activated');
    const code = assertRedirect(result.json.redirect_uri, `${server.siteUrl}/app.html`, 'SWMsxiZSaa');
    const account = server.store.findAccount('email', address);
    assert.equal(account?.status, 'active');
    assert.equal(server.store.findAuthorizationCode(code)?.accountId, account?.id, 'the code is kept (as a digest)');
  });

  it('is single-use: the same link again says already_activated', async () => {
    const { token } = await pendingAccount();
    assert.equal((await activate({ client_id: 'demo-minimal', token })).status, 200);
    assertError(await activate({ client_id: 'demo-minimal', token }), 409, 'already_activated');
  });

  it('says already_activated for an older link once another one was used', async () => {
    const { address, token: first } = await pendingAccount();
    clock.now += 61_000;
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 202);
    const second = tokenOf(latestMessage(address, 'activation').link);
    assert.notEqual(second, first, 'a resend issues a fresh token');
    assert.equal((await activate({ client_id: 'demo-minimal', token: second })).status, 200);
    assertError(await activate({ client_id: 'demo-minimal', token: first }), 409, 'already_activated');
  });

  it('keeps an older link valid after a resend until one is used', async () => {
    const { address, token: first } = await pendingAccount();
    clock.now += 61_000;
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 202);
    const result = await activate({ client_id: 'demo-minimal', token: first });
    assert.equal(result.status, 200, result.text);
  });

  it('answers 410 expired_token after the TTL, and a resent link works', async () => {
    const { address, token } = await pendingAccount();
    clock.now += DAY_MS + 1000;
    assertError(await activate({ client_id: 'demo-minimal', token }), 410, 'expired_token');
    assert.equal(server.store.findAccount('email', address)?.status, 'pending');

    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 202);
    const fresh = tokenOf(latestMessage(address, 'activation').link);
    assert.equal((await activate({ client_id: 'demo-minimal', token: fresh })).status, 200);
  });

  it('answers 404 invalid_token for an unknown token, another client\'s token or a reset token', async () => {
    assertError(await activate({ client_id: 'demo-minimal', token: 'made-up-token' }), 404, 'invalid_token');

    const { token } = await pendingAccount();
    assertError(await activate({ client_id: 'demo-email', token }), 404, 'invalid_token');
    // Not consumed by the wrong client.
    assert.equal((await activate({ client_id: 'demo-minimal', token })).status, 200);

    const address = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 202);
    const resetToken = tokenOf(latestMessage(address, 'password_reset').link);
    assertError(await activate({ client_id: 'demo-minimal', token: resetToken }), 404, 'invalid_token');
  });

  it('answers 503 for an unknown client and invalid_request without a token', async () => {
    const { token } = await pendingAccount();
    assertError(await activate({ client_id: 'nope', token }), 503, 'service_unavailable');
    assertError(await activate({ client_id: 'demo-minimal' }), 400, 'invalid_request');
    assertError(await activate({ client_id: 'demo-minimal', token: 42 }), 400, 'invalid_request');
  });

  it('replays an activation for a repeated Idempotency-Key instead of answering already_activated', async () => {
    const { token } = await pendingAccount();
    const key = crypto.randomUUID();
    const first = await activate({ client_id: 'demo-minimal', token }, { 'Idempotency-Key': key });
    const retry = await activate({ client_id: 'demo-minimal', token }, { 'Idempotency-Key': key });
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.json, first.json);
  });
});

describe('token lifetimes', () => {
  it('follow the activationTokenTtlSeconds and resetTokenTtlSeconds options', async () => {
    let now = Date.now();
    const own = await startReferenceServer({
      sitePort: 0,
      apiPort: 0,
      now: () => now,
      log: () => {},
      activationTokenTtlSeconds: 5,
      resetTokenTtlSeconds: 3,
    });
    try {
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${own.apiUrl}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, json: await response.json() };
      };
      const address = 'ttl@example.com';
      const linkOf = (kind: string) => tokenOf(own.store.outbox().find((m) => m.to === address && m.kind === kind)?.link);
      const registration = {
        client_id: 'demo-minimal',
        redirect_uri: `${own.siteUrl}/app.html`,
        response_type: 'code',
        scope: 'openid',
        state: 's',
        profile_fields: { emailAddress: address },
        password: PASSWORD,
      };
      assert.equal((await post('/idp/v1/account/register', registration)).status, 201);
      assert.match(own.store.outbox()[0]!.body, /within 5 seconds/);
      now += 5000;
      assert.equal((await post('/idp/v1/account/activate', { client_id: 'demo-minimal', token: linkOf('activation') })).json.error, 'expired_token');
      now += 60_000;
      assert.equal((await post('/idp/v1/account/activate/resend', { client_id: 'demo-minimal', emailAddress: address })).status, 202);
      assert.equal((await post('/idp/v1/account/activate', { client_id: 'demo-minimal', token: linkOf('activation') })).status, 200);

      const { profile_fields: _p, password: _pw, ...oauth } = registration;
      assert.equal((await post('/idp/v1/account/forgot-password', { ...oauth, emailAddress: address })).status, 202);
      now += 2999;
      const reset = { client_id: 'demo-minimal', token: linkOf('password_reset'), password: NEW_PASSWORD };
      assert.equal((await post('/idp/v1/account/reset-password', { ...reset, password: 'short' })).status, 400, 'still valid');
      now += 1;
      const expired = await post('/idp/v1/account/reset-password', reset);
      assert.equal(expired.status, 410);
      assert.equal(expired.json.error, 'expired_token');
    } finally {
      await own.close();
    }
  });

  it('refuses an invitation for an unknown client before creating anything', () => {
    assert.throws(() =>
      server.store.inviteAccount({ clientId: 'nope', channel: 'email', identifier: 'nobody@example.com', profile: {} }),
    );
    assert.equal(server.store.findAccount('email', 'nobody@example.com'), undefined);
  });
});

describe('redirects with a code', () => {
  it('keep the existing query parameters of the redirect_uri', () => {
    const deps = { store: server.store } as unknown as ApiDeps;
    const redirect = redirectWithCode(deps, 'https://app.example.com/home?tab=welcome&lang=fr', {
      accountId: 'a',
      clientId: 'demo-email',
      authRequest: { state: 'a b&c' },
    });
    const url = new URL(redirect);
    assert.equal(url.searchParams.get('tab'), 'welcome');
    assert.equal(url.searchParams.get('lang'), 'fr');
    assert.equal(url.searchParams.get('state'), 'a b&c');
    assert.ok(url.searchParams.get('code'));
  });
});

describe('activate an invited account', () => {
  it('sends an invitation with an activation link; the account has no password yet', async () => {
    const { address, account, message } = invite({ state: 'invite-state' });
    assert.equal(message.channel, 'email');
    assert.ok(message.link?.startsWith(`${server.siteUrl}/activate.html?token=`), message.link);
    assert.equal(new URL(message.link!).searchParams.get('client'), 'demo-email');
    assert.match(message.body, /Ada/);
    assert.equal(account.status, 'invited');
    assert.equal(account.passwordHash, undefined);
    assert.equal(account.profile['emailAddress'], address);
  });

  it('answers completion_required with the profile, the form\'s fields and the consents, without consuming the token', async () => {
    const { address, token } = invite();
    const result = await activate({ client_id: 'demo-email', token });
    assert.equal(result.status, 200, result.text);
    assert.ok(activateResponse.safeParse(result.json).success, 'answer matches the contract');
    assert.deepEqual(result.json, {
      status: 'completion_required',
      profile: { firstName: 'Ada', lastName: 'Lovelace', emailAddress: address },
      fields: [
        { name: 'password', required: true },
        // Given fields are listed too: the element shows them pre-filled from `profile`, read-only.
        { name: 'firstName', required: true },
        { name: 'lastName', required: true },
        { name: 'gender', required: false },
        { name: 'companyName', required: false },
        { name: 'mobileNumber', required: false },
        { name: 'twoStepMobileNumber', required: false },
        { name: 'securityQuestions', required: true, count: 2 },
      ],
      consents: [
        { id: 'terms', url: `${server.siteUrl}/terms.html`, required: true },
        { id: 'privacy', url: `${server.siteUrl}/privacy.html`, required: true },
      ],
    });
    const again = await activate({ client_id: 'demo-email', token });
    assert.deepEqual(again.json, result.json, 'the token still works');
    assert.equal(server.store.findAccount('email', address)?.status, 'invited');
  });

  it('lists only what a minimal client asks for', async () => {
    const { token } = invite({ clientId: 'demo-minimal', profile: {} });
    const result = await activate({ client_id: 'demo-minimal', token });
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(result.json.fields, [{ name: 'password', required: true }]);
    assert.equal(result.json.consents, undefined);
  });

  it('validates the submission like register: password policy, breach list, required fields, consents, formats', async () => {
    const { address, token } = invite();
    const missing = await activate({ client_id: 'demo-email', token, password: '' });
    for (const name of ['password', 'securityQuestions', 'consents.terms', 'consents.privacy']) {
      assertFieldError(missing, name, 'required');
    }
    assertFieldError(await activate(completion(token, { password: '😀'.repeat(7) })), 'password', 'too_short');
    assertFieldError(await activate(completion(token, { password: 'x'.repeat(129) })), 'password', 'too_long');
    assertFieldError(await activate(completion(token, { password: 'Password123' })), 'password', 'breached');
    assertFieldError(await activate(completion(token, { consents: { terms: true } })), 'consents.privacy', 'required');
    assertFieldError(await activate(completion(token, {}, { mobileNumber: '07400 123456' })), 'mobileNumber', 'invalid_phone');
    assertFieldError(await activate(completion(token, {}, { gender: 'robot' })), 'gender', 'invalid_format');
    assertFieldError(
      await activate(completion(token, {}, { securityQuestions: [{ id: 'first_pet', answer: 'a' }, { id: 'first_pet', answer: 'b' }] })),
      'securityQuestions',
      'invalid_format',
    );
    assert.equal(server.store.findAccount('email', address)?.status, 'invited', 'nothing changed');
    assert.equal((await activate({ client_id: 'demo-email', token })).json.status, 'completion_required', 'token kept');
  });

  it('activates with the password, ignores changes to given fields and lands on the app_link with the state', async () => {
    const { address, token } = invite({ state: 'invite-state' });
    const result = await activate(
      completion(token, {}, { firstName: 'Eve', emailAddress: 'eve@example.com', companyName: 'Analytical Engines', mobileNumber: '+447400123456' }),
    );
    assert.equal(result.status, 200, result.text);
    assert.ok(activateResponse.safeParse(result.json).success);
    assert.equal(result.json.status, 'activated');
    assertRedirect(result.json.redirect_uri, server.clients.get('demo-email')!.appLink, 'invite-state');

    const account = server.store.findAccount('email', address);
    assert.ok(account?.passwordHash);
    assert.equal(account.status, 'active');
    assert.equal(account.profile['firstName'], 'Ada', 'read-only fields are kept');
    assert.equal(account.profile['emailAddress'], address);
    assert.equal(account.profile['companyName'], 'Analytical Engines');
    assert.equal(account.profile['mobileNumber'], '+447400123456');
    assert.deepEqual(account.consents, { terms: true, privacy: true });
    assert.equal(await verifySecret(NEW_PASSWORD, account.passwordHash), true);
    assert.deepEqual(account.securityAnswers.map((a) => a.id), ['first_pet', 'birth_city']);
    assert.ok(!JSON.stringify(account).includes(ANSWER), 'answers are hashed');
    assert.equal(server.store.findAccount('email', 'eve@example.com'), undefined);

    assertError(await activate(completion(token)), 409, 'already_activated');
    assertError(await activate({ client_id: 'demo-email', token }), 409, 'already_activated');
  });

  it('redirects without a state when the invitation had none', async () => {
    const { token } = invite();
    const result = await activate(completion(token));
    assert.equal(result.status, 200, result.text);
    assertRedirect(result.json.redirect_uri, `${server.siteUrl}/app.html`, undefined);
  });

  it('resends a fresh invitation through the resend endpoint, and again on registering', async () => {
    const { address, token: first } = invite();
    assert.equal((await resend({ client_id: 'demo-email', emailAddress: address })).status, 202);
    const second = tokenOf(latestMessage(address, 'invitation').link);
    assert.notEqual(second, first);
    clock.now += 61_000;
    const registered = await register(registerBody({ client_id: 'demo-minimal' }, { emailAddress: address }));
    assert.equal(registered.status, 201);
    assert.deepEqual(messagesTo(address).map((m) => m.kind), ['invitation', 'invitation', 'invitation']);
    assert.equal(server.store.findAccount('email', address)?.passwordHash, undefined, 'registering set no password');
    assert.equal((await activate({ client_id: 'demo-email', token: first })).json.status, 'completion_required');
  });

  it('does not invite an existing account again', async () => {
    const address = await activeAccount();
    const before = messagesTo(address).length;
    const { created, account } = server.store.inviteAccount({
      clientId: 'demo-email',
      channel: 'email',
      identifier: address.toUpperCase(),
      profile: { firstName: 'Someone' },
    });
    assert.equal(created, false);
    assert.equal(account.status, 'active');
    assert.equal(messagesTo(address).length, before);
  });

  it('expires invitations too', async () => {
    const { token } = invite();
    clock.now += DAY_MS;
    assertError(await activate({ client_id: 'demo-email', token }), 410, 'expired_token');
    assertError(await activate(completion(token)), 410, 'expired_token');
  });
});

describe('forgot password', () => {
  it('answers the same 202 for a known and an unknown account; only the known one gets a link', async () => {
    const known = await activeAccount();
    const unknown = email();
    const a = await forgotPassword(forgotBody(known));
    const b = await forgotPassword(forgotBody(unknown));
    assert.equal(a.status, 202);
    assert.equal(b.status, 202);
    assert.equal(a.text, b.text, 'byte-identical bodies');
    assert.deepEqual(a.json, { status: 'sent' });
    assert.ok(acceptedResponse.safeParse(a.json).success);
    assert.equal(messagesTo(unknown).length, 0);

    const message = latestMessage(known, 'password_reset');
    assert.ok(message.link?.startsWith(`${server.siteUrl}/forgot-password.html?token=`), message.link);
    assert.equal(new URL(message.link!).searchParams.get('client'), 'demo-minimal');
    assert.match(message.body, /1 hour/);
  });

  it('sends nothing to an account that is not active yet', async () => {
    const { address } = await pendingAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 202);
    assert.deepEqual(messagesTo(address).map((m) => m.kind), ['activation']);
    const { address: invited } = invite();
    assert.equal((await forgotPassword(forgotBody(invited, { client_id: 'demo-email' }))).status, 202);
    assert.deepEqual(messagesTo(invited).map((m) => m.kind), ['invitation']);
  });

  it('rate limits inside the window with Retry-After, known account or not, then sends a new link', async () => {
    const known = await activeAccount();
    const unknown = email();
    for (const address of [known, unknown]) {
      assert.equal((await forgotPassword(forgotBody(address))).status, 202);
      clock.now += 20_000;
      const limited = await forgotPassword(forgotBody(address));
      assertError(limited, 429, 'rate_limited');
      assert.equal(limited.headers.get('retry-after'), '40');
    }
    assert.equal(messagesTo(known).filter((m) => m.kind === 'password_reset').length, 1);
    clock.now += 61_000;
    assert.equal((await forgotPassword(forgotBody(known))).status, 202);
    const links = messagesTo(known).filter((m) => m.kind === 'password_reset').map((m) => m.link);
    assert.equal(links.length, 2);
    assert.notEqual(links[0], links[1]);
  });

  it('keeps its window apart from the activation resend window', async () => {
    const address = email();
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 202);
    assert.equal((await forgotPassword(forgotBody(address))).status, 202);
  });

  it('checks the client, the OAuth parameters, the redirect_uri and the identifier', async () => {
    const address = email();
    assertError(await forgotPassword(forgotBody(address, { client_id: 'nope' })), 503, 'service_unavailable');
    assertError(await forgotPassword(forgotBody(address, { redirect_uri: 'https://evil.example/app.html' })), 400, 'invalid_redirect_uri');
    const { state: _state, ...withoutState } = forgotBody(address);
    assertError(await forgotPassword(withoutState), 400, 'invalid_request');
    assertError(await forgotPassword(forgotBody(address, { response_type: 'token' })), 400, 'invalid_request');
    const { emailAddress: _e, ...withoutEmail } = forgotBody(address);
    assertFieldError(await forgotPassword(withoutEmail), 'emailAddress', 'required');
    assertFieldError(await forgotPassword(forgotBody('')), 'emailAddress', 'required');
    assertFieldError(await forgotPassword(forgotBody('not-an-email')), 'emailAddress', 'invalid_format');
    assertError(await forgotPassword(forgotBody(address, { mobileNumber: '+447700900123' })), 400, 'invalid_request');
    const sms = { ...withoutEmail, client_id: 'demo-sms' };
    assertFieldError(await forgotPassword({ ...sms, mobileNumber: '123' }), 'mobileNumber', 'invalid_phone');
    assertError(await forgotPassword({ ...sms, emailAddress: address }), 400, 'invalid_request');
    assert.equal((await forgotPassword({ ...sms, mobileNumber: '+447700900999' })).status, 202);
  });
});

describe('reset password', () => {
  /** An active account with a reset link requested with state `forgot-state-1`. */
  async function resetLink(): Promise<{ address: string; token: string }> {
    const address = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address))).status, 202);
    return { address, token: tokenOf(latestMessage(address, 'password_reset').link) };
  }

  it('sets the new password and redirects with a code and the forgot-password state', async () => {
    const { address, token } = await resetLink();
    const result = await resetPassword({ client_id: 'demo-minimal', token, password: NEW_PASSWORD });
    assert.equal(result.status, 200, result.text);
    assert.ok(resetPasswordResponse.safeParse(result.json).success, 'answer matches the contract');
    assert.equal(result.json.status, 'password_reset');
    assertRedirect(result.json.redirect_uri, `${server.siteUrl}/app.html`, 'forgot-state-1');
    const hash = server.store.findAccount('email', address)?.passwordHash;
    assert.ok(hash);
    assert.match(hash, /^scrypt\$/);
    assert.equal(await verifySecret(NEW_PASSWORD, hash), true);
    assert.equal(await verifySecret(PASSWORD, hash), false);
  });

  it('is single-use, and revokes the account\'s other reset links', async () => {
    const { address, token: first } = await resetLink();
    clock.now += 61_000;
    assert.equal((await forgotPassword(forgotBody(address, { state: 'forgot-state-2' }))).status, 202);
    const second = tokenOf(latestMessage(address, 'password_reset').link);
    assert.notEqual(first, second);

    const result = await resetPassword({ client_id: 'demo-minimal', token: second, password: NEW_PASSWORD });
    assert.equal(result.status, 200, result.text);
    assert.equal(new URL(result.json.redirect_uri).searchParams.get('state'), 'forgot-state-2', 'the state of that request');
    assertError(await resetPassword({ client_id: 'demo-minimal', token: second, password: 'another passphrase' }), 404, 'invalid_token');
    assertError(await resetPassword({ client_id: 'demo-minimal', token: first, password: 'another passphrase' }), 404, 'invalid_token');
  });

  it('keeps an older link valid until one is used', async () => {
    const { address, token: first } = await resetLink();
    clock.now += 61_000;
    assert.equal((await forgotPassword(forgotBody(address))).status, 202);
    assert.equal((await resetPassword({ client_id: 'demo-minimal', token: first, password: NEW_PASSWORD })).status, 200);
  });

  it('checks the password policy in code points and the breach list, without consuming the token', async () => {
    const { token } = await resetLink();
    const reset = (password: unknown) => resetPassword({ client_id: 'demo-minimal', token, password });
    assertFieldError(await reset('😀'.repeat(7)), 'password', 'too_short');
    assertFieldError(await reset('x'.repeat(129)), 'password', 'too_long');
    assertFieldError(await reset(''), 'password', 'required');
    for (const breached of ['password', 'password123', '12345678', 'qwertyuiop', 'iloveyou1', 'Correct Horse Battery Staple']) {
      assertFieldError(await reset(breached), 'password', 'breached');
    }
    assert.equal((await reset('😀'.repeat(8))).status, 200, 'eight emoji are eight characters');
  });

  it('answers 410 expired_token after the TTL (1 hour)', async () => {
    const { token } = await resetLink();
    clock.now += HOUR_MS;
    assertError(await resetPassword({ client_id: 'demo-minimal', token, password: NEW_PASSWORD }), 410, 'expired_token');
  });

  it('answers 404 for an unknown token, another client\'s token or an activation token', async () => {
    assertError(await resetPassword({ client_id: 'demo-minimal', token: 'nope', password: NEW_PASSWORD }), 404, 'invalid_token');
    const { token } = await resetLink();
    assertError(await resetPassword({ client_id: 'demo-email', token, password: NEW_PASSWORD }), 404, 'invalid_token');
    const { token: activation } = await pendingAccount();
    assertError(await resetPassword({ client_id: 'demo-minimal', token: activation, password: NEW_PASSWORD }), 404, 'invalid_token');
    assertError(await resetPassword({ client_id: 'nope', token, password: NEW_PASSWORD }), 503, 'service_unavailable');
    assertError(await resetPassword({ client_id: 'demo-minimal', password: NEW_PASSWORD }), 400, 'invalid_request');
  });
});

describe('logs of the link journeys', () => {
  it('never contain a token, a password, a code, an address or a body', async () => {
    logLines.length = 0;
    const { address, token } = await pendingAccount();
    const activated = await activate({ client_id: 'demo-minimal', token });
    await activate({ client_id: 'demo-minimal', token });
    await forgotPassword(forgotBody(address));
    const resetToken = tokenOf(latestMessage(address, 'password_reset').link);
    await resetPassword({ client_id: 'demo-minimal', token: resetToken, password: 'Sh0rt!' });
    const reset = await resetPassword({ client_id: 'demo-minimal', token: resetToken, password: NEW_PASSWORD });
    const invited = invite({ state: 'invite-state-secret' });
    await activate(completion(invited.token, { password: 'password123' }));
    const completed = await activate(completion(invited.token));

    const log = logLines.join('\n');
    assert.ok(log.includes('api: POST /idp/v1/account/activate -> 200'), 'requests are logged');
    assert.ok(log.includes('api: POST /idp/v1/account/reset-password -> 400'));
    assert.ok(log.includes('api: POST /idp/v1/account/forgot-password -> 202'));
    const codes = [activated, reset, completed].map((r) => new URL(r.json.redirect_uri).searchParams.get('code')!);
    for (const secret of [
      token,
      resetToken,
      invited.token,
      ...codes,
      PASSWORD,
      NEW_PASSWORD,
      'Sh0rt!',
      'password123',
      ANSWER,
      address,
      invited.address,
      'invite-state-secret',
      'profile_fields',
      'Lovelace',
    ]) {
      assert.ok(!log.includes(secret), `the log does not contain ${secret}`);
    }
  });
});
