/**
 * The reference Journeys API's journeys over real HTTP (ephemeral ports):
 * register, resend activation, client settings and idempotent replays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientSettings, errorBody } from '../../src/api/contract.js';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  ANSWER,
  PASSWORD,
  assertFieldError,
  call,
  clock,
  email,
  fullRegisterBody,
  messagesTo,
  register,
  registerBody,
  resend,
  server,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

describe('register', () => {
  it('answers 201 activation_pending and puts an activation link in the outbox', async () => {
    const body = registerBody();
    const result = await register(body);
    assert.equal(result.status, 201);
    assert.deepEqual(result.json, { status: 'activation_pending', delivery: 'email' });
    const [message, ...others] = messagesTo(body.profile_fields.emailAddress);
    assert.equal(others.length, 0);
    assert.equal(message?.kind, 'activation');
    assert.ok(message?.link?.startsWith(`${server.siteUrl}/activate.html?token=`), message?.link);
  });

  it('answers the same for an existing account, which gets a notice instead of a link', async () => {
    const body = fullRegisterBody(email());
    const first = await register(body);
    const again = await register({ ...body, password: 'a different password' });
    assert.equal(first.status, 201);
    assert.equal(again.status, first.status);
    assert.deepEqual(again.json, first.json);
    const messages = messagesTo(body.profile_fields.emailAddress);
    assert.deepEqual(
      messages.map((m) => m.kind),
      ['already_registered', 'activation'],
    );
    assert.equal(messages[0]?.link, undefined);
  });

  it('finds an existing address case-insensitively', async () => {
    const address = email();
    await register(registerBody({}, { emailAddress: address }));
    const again = await register(registerBody({}, { emailAddress: address.toUpperCase() }));
    assert.equal(again.status, 201);
    assert.equal(messagesTo(address)[0]?.kind, 'already_registered');
  });

  it('stores the password and security answers only as scrypt hashes', async () => {
    const address = email();
    assert.equal((await register(fullRegisterBody(address))).status, 201);
    const account = server.store.findAccount('email', address);
    assert.ok(account?.passwordHash);
    assert.match(account.passwordHash, /^scrypt\$/);
    assert.ok(!JSON.stringify(account).includes(PASSWORD), 'no plaintext password in the store');
    assert.ok(!JSON.stringify(account).includes(ANSWER), 'no plaintext answer in the store');
    assert.equal(await verifySecret(PASSWORD, account.passwordHash), true);
    assert.equal(await verifySecret('wrong', account.passwordHash), false);
    assert.equal(account.profile['firstName'], 'John');
    assert.equal(account.securityAnswers.length, 2);
  });

  it('answers 503 service_unavailable for an unknown client', async () => {
    const result = await register(registerBody({ client_id: 'no-such-client' }));
    assert.equal(result.status, 503);
    assert.equal(result.json.error, 'service_unavailable');
    assert.ok(errorBody.safeParse(result.json).success);
  });

  it('refuses a redirect_uri outside the allowlist', async () => {
    const result = await register(registerBody({ redirect_uri: 'https://evil.example/app.html' }));
    assert.equal(result.status, 400);
    assert.equal(result.json.error, 'invalid_redirect_uri');
  });

  it('answers invalid_request for a missing or malformed OAuth parameter', async () => {
    const { state: _state, ...withoutState } = registerBody();
    for (const body of [withoutState, registerBody({ response_type: 'token' }), registerBody({ redirect_uri: 'not a url' })]) {
      const result = await register(body);
      assert.equal(result.status, 400, result.text);
      assert.equal(result.json.error, 'invalid_request');
    }
  });

  it('refuses an email address at a blocked domain on the email field', async () => {
    const result = await register(registerBody({}, { emailAddress: email('blocked.example') }));
    assertFieldError(result, 'emailAddress', 'not_allowed');
    const field = result.json.fields.find((f: { name: string }) => f.name === 'emailAddress');
    assert.equal(field.message, 'You are not able to register with this email address');
  });

  it('counts password length in code points', async () => {
    assertFieldError(await register(registerBody({ password: '😀'.repeat(7) })), 'password', 'too_short');
    assert.equal((await register(registerBody({ password: '😀'.repeat(8) }))).status, 201);
    assertFieldError(await register(registerBody({ password: 'x'.repeat(129) })), 'password', 'too_long');
    assert.equal((await register(registerBody({ password: 'x'.repeat(128) }))).status, 201);
  });

  it('keeps the password exactly as typed (spaces are characters)', async () => {
    const address = email();
    const password = '  spaced  ';
    assert.equal((await register(registerBody({ password }, { emailAddress: address }))).status, 201);
    const hash = server.store.findAccount('email', address)?.passwordHash;
    assert.ok(hash);
    assert.equal(await verifySecret(password, hash), true);
    assert.equal(await verifySecret(password.trim(), hash), false);
  });

  it('reports every missing required field of the client at once', async () => {
    const result = await register(registerBody({ client_id: 'demo-email', password: '' }, { emailAddress: '' }));
    for (const name of ['emailAddress', 'firstName', 'lastName', 'securityQuestions', 'password', 'consents.terms', 'consents.privacy']) {
      assertFieldError(result, name, 'required');
    }
  });

  it('requires the mobile number, not an email, for the sms client', async () => {
    const base = registerBody({ client_id: 'demo-sms' }, { firstName: 'Ann', lastName: 'Lee' });
    const { emailAddress: _e, ...profile } = base.profile_fields;
    assertFieldError(await register({ ...base, profile_fields: profile }), 'mobileNumber', 'required');
    const ok = await register({
      ...base,
      consents: { terms: true, privacy: true },
      profile_fields: { ...profile, mobileNumber: '+447700900123' },
    });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json, { status: 'activation_pending', delivery: 'sms' });
    assert.equal(messagesTo('+447700900123')[0]?.channel, 'sms');
  });

  it('maps schema failures to field codes', async () => {
    assertFieldError(await register(registerBody({}, { emailAddress: 'not-an-email' })), 'emailAddress', 'invalid_format');
    const body = fullRegisterBody(email());
    assertFieldError(
      await register({ ...body, profile_fields: { ...body.profile_fields, mobileNumber: '07400 123456' } }),
      'mobileNumber',
      'invalid_phone',
    );
    assertFieldError(
      await register({ ...body, profile_fields: { ...body.profile_fields, gender: 'robot' } }),
      'gender',
      'invalid_format',
    );
    assertFieldError(
      await register({
        ...body,
        profile_fields: { ...body.profile_fields, securityQuestions: [{ id: 'first_pet', answer: 'a' }, { id: 'first_pet', answer: 'b' }] },
      }),
      'securityQuestions',
      'invalid_format',
    );
  });
});

describe('resend activation', () => {
  it('answers 202 for an unknown account and sends nothing', async () => {
    const address = email();
    const result = await resend({ client_id: 'demo-minimal', emailAddress: address, locale: 'en-US' });
    assert.equal(result.status, 202);
    assert.deepEqual(result.json, { status: 'sent' });
    assert.equal(messagesTo(address).length, 0);
  });

  it('answers 503 for an unknown client', async () => {
    const result = await resend({ client_id: 'nope', emailAddress: email() });
    assert.equal(result.status, 503);
    assert.equal(result.json.error, 'service_unavailable');
  });

  it('rate limits inside the window (register counts) with Retry-After, then sends a new link', async () => {
    const body = registerBody();
    const address = body.profile_fields.emailAddress;
    assert.equal((await register(body)).status, 201);

    clock.now += 20_000;
    const limited = await resend({ client_id: 'demo-minimal', emailAddress: address });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error, 'rate_limited');
    assert.equal(limited.headers.get('retry-after'), '40');

    clock.now += 41_000;
    const sent = await resend({ client_id: 'demo-minimal', emailAddress: address });
    assert.equal(sent.status, 202);
    const links = messagesTo(address).map((m) => m.link);
    assert.equal(links.length, 2);
    assert.notEqual(links[0], links[1], 'a new token');
  });

  it('rate limits unknown identifiers too, so 429 reveals nothing', async () => {
    const address = email();
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 202);
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: address })).status, 429);
  });

  it('validates the identifier', async () => {
    assertFieldError(await resend({ client_id: 'demo-minimal' }), 'emailAddress', 'required');
    assertFieldError(await resend({ client_id: 'demo-minimal', emailAddress: 'nope' }), 'emailAddress', 'invalid_format');
    assertFieldError(await resend({ client_id: 'demo-sms', mobileNumber: '123' }), 'mobileNumber', 'invalid_phone');
    const wrong = await resend({ client_id: 'demo-minimal', mobileNumber: '+447700900123' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error, 'invalid_request');
  });
});

describe('client settings', () => {
  it('returns the settings of a known client, valid against the contract', async () => {
    const result = await call('/idp/v1/clients/demo-email/settings');
    assert.equal(result.status, 200);
    assert.ok(clientSettings.safeParse(result.json).success);
    assert.equal(result.json.auth_type, 'email');
    assert.equal(result.json.mobile_default_country, 'GB');
    assert.equal(result.json.terms_url, `${server.siteUrl}/terms.html`);
    const q = result.json.register_fields.find((f: { name: string }) => f.name === 'securityQuestions');
    assert.deepEqual(q, { name: 'securityQuestions', required: true, count: 2 });
    assert.ok(result.json.security_questions.length >= 2);
  });

  it('answers 503 for an unknown client', async () => {
    const result = await call('/idp/v1/clients/unknown/settings');
    assert.equal(result.status, 503);
    assert.equal(result.json.error, 'service_unavailable');
  });
});

describe('idempotency', () => {
  it('replays the first response for a repeated key without doing the work again', async () => {
    const body = registerBody();
    const key = crypto.randomUUID();
    const first = await register(body, { 'Idempotency-Key': key });
    const second = await register(body, { 'Idempotency-Key': key });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.deepEqual(second.json, first.json);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(messagesTo(body.profile_fields.emailAddress).length, 1, 'one email only');
  });

  it('handles concurrent duplicates once', async () => {
    const body = registerBody();
    const key = crypto.randomUUID();
    const results = await Promise.all([register(body, { 'Idempotency-Key': key }), register(body, { 'Idempotency-Key': key })]);
    assert.deepEqual(results.map((r) => r.status), [201, 201]);
    assert.equal(messagesTo(body.profile_fields.emailAddress).length, 1);
  });

  it('replays a 429 with its Retry-After until the wait is over', async () => {
    const address = email();
    const key = crypto.randomUUID();
    await resend({ client_id: 'demo-minimal', emailAddress: address });
    const limited = await resend({ client_id: 'demo-minimal', emailAddress: address }, { 'Idempotency-Key': key });
    assert.equal(limited.status, 429);
    clock.now += 10_000;
    const replay = await resend({ client_id: 'demo-minimal', emailAddress: address }, { 'Idempotency-Key': key });
    assert.equal(replay.status, 429);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.headers.get('retry-after'), '50');
    clock.now += 51_000;
    const after = await resend({ client_id: 'demo-minimal', emailAddress: address }, { 'Idempotency-Key': key });
    assert.equal(after.status, 202);
  });

  it('scopes keys by endpoint and rejects malformed keys', async () => {
    const key = crypto.randomUUID();
    assert.equal((await register(registerBody(), { 'Idempotency-Key': key })).status, 201);
    assert.equal((await resend({ client_id: 'demo-minimal', emailAddress: email() }, { 'Idempotency-Key': key })).status, 202);
    const bad = await register(registerBody(), { 'Idempotency-Key': 'x'.repeat(300) });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'invalid_request');
  });
});
