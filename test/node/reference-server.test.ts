/**
 * The reference Journeys API's sign-up calls over real HTTP (ephemeral
 * ports): register, resend-verification and the verification PIN at the
 * token call (contract v2 sections 3 and 4).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerResponse, tokenResponse } from '../../src/api/contract.js';
import { registerOutcome } from '../../src/api/outcomes.js';
import { MAX_PIN_ATTEMPTS } from '../../demo/server/store.js';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  ANSWER,
  PASSWORD,
  UUID,
  assertAnswer,
  assertFieldMessages,
  assertParameters,
  changeBody,
  changePassword,
  clock,
  email,
  fullRegisterBody,
  latestMessage,
  messagesTo,
  mobile,
  pendingAccount,
  pinOf,
  register,
  registerBody,
  resendBody,
  resendVerification,
  server,
  smsRegisterBody,
  token,
  tokenBody,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const ON_RECORD = { message: 'An email has been sent to the address on record' };
const RESEND_ON_RECORD = { message: 'An email has been sent to the address on record.' };
const CODE_REFUSED = {
  error: 'invalid_form_fields',
  error_description: 'some inputs are invalid',
  error_details: { code: ['The code is not valid or has expired.'] },
};
const MINUTE = 60_000;

describe('register', () => {
  it('creates a pending account: 200 { uuid } and a six-digit PIN by email', async () => {
    const body = registerBody();
    const address = body.profile_fields.emailAddress;
    const result = await register(body);
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(Object.keys(result.json), ['uuid']);
    assert.match(result.json.uuid, UUID);
    assert.deepEqual(registerOutcome(registerResponse.parse(result.json)), { status: 'verification_sent' });

    const account = server.store.findAccount('email', address);
    assert.equal(account?.id, result.json.uuid);
    assert.equal(account?.status, 'pending');
    assert.equal(account?.locale, 'en-US');
    const [message, ...others] = messagesTo(address);
    assert.equal(others.length, 0);
    assert.equal(message?.kind, 'verification');
    assert.equal(message?.channel, 'email');
    assert.equal(message?.link, undefined, 'a PIN, no link');
    assert.match(message?.pin ?? '', /^\d{6}$/);
    assert.ok(message?.body.includes(message.pin!), 'the PIN is in the text');
    assert.match(message?.body ?? '', /15 minutes/);
  });

  it('stores the password and security answers only as scrypt hashes, the profile as configured', async () => {
    const address = email();
    assert.equal((await register(fullRegisterBody(address))).status, 200);
    const account = server.store.findAccount('email', address);
    assert.ok(account?.passwordHash);
    assert.match(account.passwordHash, /^scrypt\$/);
    const stored = JSON.stringify(account);
    assert.ok(!stored.includes(PASSWORD), 'no plaintext password');
    assert.ok(!stored.includes(ANSWER), 'no plaintext answer');
    assert.equal(await verifySecret(PASSWORD, account.passwordHash), true);
    assert.deepEqual(account.profile, {
      emailAddress: address,
      firstName: 'John',
      lastName: 'Smith',
      gender: 'male',
      mobileNumber: '+447400123456',
    });
    assert.deepEqual(account.securityAnswers.map((a) => a.id), ['first_pet', 'birth_city']);
    assert.equal(await verifySecret(ANSWER, account.securityAnswers[0]!.answerHash), true);
    assert.deepEqual(account.consents, { terms: true });
  });

  it('keeps the password exactly as typed (spaces and emoji count as characters)', async () => {
    const address = email();
    const password = '  spaced 😀  ';
    const body = registerBody({}, { emailAddress: address, newPassword: password, newPasswordConfirm: password });
    assert.equal((await register(body)).status, 200);
    const hash = server.store.findAccount('email', address)?.passwordHash;
    assert.ok(hash);
    assert.equal(await verifySecret(password, hash), true);
    assert.equal(await verifySecret(password.trim(), hash), false);
  });

  it('answers an active account { message } and sends an "already registered" notice, no code', async () => {
    const { address, pin } = await pendingAccount();
    assert.equal((await token(tokenBody(address, pin))).status, 200);
    clock.now += 2 * MINUTE;
    const again = await register(registerBody({}, { emailAddress: address.toUpperCase(), newPassword: 'another passphrase', newPasswordConfirm: 'another passphrase' }));
    assertAnswer(again, 200, ON_RECORD);
    const notice = messagesTo(address)[0];
    assert.equal(notice?.kind, 'already_registered');
    assert.equal(notice?.pin, undefined);
    assert.equal(notice?.link, undefined);
    const account = server.store.findAccount('email', address);
    assert.equal(await verifySecret(PASSWORD, account!.passwordHash!), true, 'the password is unchanged');
  });

  it('replaces a pending account: same { message } answer, new password and profile, a fresh PIN', async () => {
    const address = email();
    const first = await register(fullRegisterBody(address, { firstName: 'Mallory' }));
    const uuid = first.json.uuid;
    const squatterPin = pinOf(address);
    clock.now += 2 * MINUTE;
    const owner = fullRegisterBody(address, { firstName: 'Alice', newPassword: 'the owner passphrase', newPasswordConfirm: 'the owner passphrase' });
    assertAnswer(await register(owner), 200, ON_RECORD);
    const account = server.store.findAccount('email', address);
    assert.equal(account?.id, uuid, 'the same account');
    assert.equal(account?.profile['firstName'], 'Alice');
    assert.equal(await verifySecret('the owner passphrase', account!.passwordHash!), true);
    const ownerPin = pinOf(address);
    assert.equal(messagesTo(address).filter((m) => m.kind === 'verification').length, 2);
    // Only the newest PIN works (the squatter's one was replaced), unless both happen to be equal.
    if (squatterPin !== ownerPin) {
      assertAnswer(await token(tokenBody(address, squatterPin, { client_id: 'demo-email' })), 422, CODE_REFUSED);
    }
    assert.equal((await token(tokenBody(address, ownerPin, { client_id: 'demo-email' }))).status, 200);
    assert.equal(server.store.findAccount('email', address)?.status, 'active');
  });

  it('inside the window answers the same but sends nothing new (register cannot flood an inbox)', async () => {
    const { address } = await pendingAccount();
    clock.now += 10_000;
    const body = registerBody({}, { emailAddress: address, newPassword: 'second passphrase', newPasswordConfirm: 'second passphrase' });
    assertAnswer(await register(body), 200, ON_RECORD);
    assert.equal(messagesTo(address).length, 1, 'still the first PIN only');
    // The registration itself counts: the first PIN now activates the second password.
    const verified = await token(tokenBody(address, pinOf(address)));
    assert.equal(verified.status, 200);
    assert.equal(await verifySecret('second passphrase', server.store.findAccount('email', address)!.passwordHash!), true);
    clock.now += 10_000;
    assertAnswer(await register(body), 200, ON_RECORD);
    assert.equal(messagesTo(address).length, 1, 'no "already registered" notice inside the window either');
  });

  it('answers a client without passwords { authorization_code }, active at once, nothing sent', async () => {
    const address = email();
    const body = { ...registerBody({ client_id: 'demo-passwordless' }), profile_fields: { emailAddress: address, firstName: 'Pat' } };
    const result = await register(body);
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(Object.keys(result.json), ['authorization_code']);
    assert.deepEqual(registerOutcome(registerResponse.parse(result.json)), {
      status: 'signed_in',
      authorization_code: result.json.authorization_code,
    });
    const account = server.store.findAccount('email', address);
    assert.equal(account?.status, 'active');
    assert.equal(account?.passwordHash, undefined);
    const code = server.store.findAuthorizationCode(result.json.authorization_code);
    assert.deepEqual(code && { accountId: code.accountId, clientId: code.clientId, redirectUri: code.redirectUri }, {
      accountId: account?.id,
      clientId: 'demo-passwordless',
      redirectUri: body.redirect_uri,
    });
    assert.equal(messagesTo(address).length, 0);
    // Registering the address again never signs anyone in as its owner.
    clock.now += 2 * MINUTE;
    assertAnswer(await register(body), 200, ON_RECORD);
    assert.equal(latestMessage(address, 'already_registered').kind, 'already_registered');
  });

  it('registers by SMS: a PIN in a text message, verified with the sms auth_type', async () => {
    const number = mobile();
    const result = await register(smsRegisterBody(number));
    assert.equal(result.status, 200, result.text);
    assert.match(result.json.uuid, UUID);
    const message = latestMessage(number, 'verification');
    assert.equal(message.channel, 'sms');
    assert.equal(message.subject, undefined);
    assert.match(message.body, /^Nid Journeys demo \(SMS\): Your verification code is \d{6}\./);
    const verified = await token(tokenBody(number, pinOf(number), { client_id: 'demo-sms', auth_type: 'sms' }));
    assert.equal(verified.status, 200, verified.text);
    assert.equal(server.store.findAccount('sms', number)?.status, 'active');
  });

  it('refuses user input per field, every message at once (invalid_form_fields)', async () => {
    const result = await register(
      fullRegisterBody('not-an-address', {
        firstName: '',
        gender: 'robot',
        mobileNumber: '07400 123456',
        securityQuestions: [{ id: 'first_pet', answer: 'a' }],
        newPassword: 'short',
        newPasswordConfirm: 'other',
        acceptTerms: 'false',
      }),
    );
    assertAnswer(result, 422, {
      error: 'invalid_form_fields',
      error_description: 'some inputs are invalid',
      error_details: {
        emailAddress: ['Email address is not formatted correctly.'],
        firstName: ['First name is required.'],
        gender: ['Gender is not valid.'],
        mobileNumber: ['Mobile number is not formatted correctly.'],
        securityQuestions: ['Answer 2 security questions.'],
        newPassword: ['Password is not formatted correctly.'],
        newPasswordConfirm: ['Passwords do not match'],
        acceptTerms: ['You must accept the terms of use.'],
      },
    });
    assert.equal(messagesTo('not-an-address').length, 0);
  });

  it('refuses a blocked email domain with the vendor-style message', async () => {
    const result = await register(registerBody({}, { emailAddress: email('blocked.example') }));
    assertFieldMessages(result, 'emailAddress', ['You are not able to register with this email address']);
  });

  it('counts password length in code points and checks the breach list', async () => {
    const withPassword = (password: string) => registerBody({}, { newPassword: password, newPasswordConfirm: password });
    assertFieldMessages(await register(withPassword('😀'.repeat(7))), 'newPassword', ['Password is not formatted correctly.']);
    assert.equal((await register(withPassword('😀'.repeat(8)))).status, 200);
    assertFieldMessages(await register(withPassword('x'.repeat(129))), 'newPassword', ['Password is not formatted correctly.']);
    assert.equal((await register(withPassword('x'.repeat(128)))).status, 200);
    assertFieldMessages(await register(withPassword('Password123')), 'newPassword', [
      'This password has appeared in a data breach. Please choose another.',
    ]);
  });

  it('checks the security questions: known, distinct, answered', async () => {
    const questions = (securityQuestions: unknown) => register(fullRegisterBody(email(), { securityQuestions }));
    const different = ['Choose different questions from the list.'];
    assertFieldMessages(await questions([{ id: 'first_pet', answer: 'a' }, { id: 'first_pet', answer: 'b' }]), 'securityQuestions', different);
    assertFieldMessages(await questions([{ id: 'first_pet', answer: 'a' }, { id: 'nope', answer: 'b' }]), 'securityQuestions', different);
    assertFieldMessages(await questions([{ id: 'first_pet', answer: 'a' }, { id: 'birth_city', answer: '' }]), 'securityQuestions', [
      'Answer 2 security questions.',
    ]);
    assertFieldMessages(await questions('Rex'), 'securityQuestions', ['Security questions is not valid.']);
  });

  it('requires the consent field of the client; a consent without a field is not sent', async () => {
    const { acceptTerms: _terms, ...withoutTerms } = fullRegisterBody().profile_fields;
    assertFieldMessages(await register({ ...fullRegisterBody(), profile_fields: withoutTerms }), 'acceptTerms', [
      'You must accept the terms of use.',
    ]);
    assertParameters(await register(fullRegisterBody(email(), { acceptPrivacy: 'true' })), {
      acceptPrivacy: { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
  });

  it('requires the mobile number, not an email, for the sms client', async () => {
    const body = smsRegisterBody();
    assertFieldMessages(await register({ ...body, profile_fields: { ...body.profile_fields, mobileNumber: '07700 900123' } }), 'mobileNumber', [
      'Mobile number is not formatted correctly.',
    ]);
    assertParameters(await register({ ...body, profile_fields: { ...body.profile_fields, emailAddress: email() } }), {
      emailAddress: { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
    assertParameters(await register({ ...body, auth_type: 'email' }), { auth_type: { invalid: 'unsupported auth_type value' } });
  });

  it('names every unexpected key in one error_details key, top level and profile fields', async () => {
    const body = { ...registerBody({}, { nickname: 'J' }), password: 'x', state: 'abc' };
    assertParameters(await register(body), {
      'password, state, nickname': { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
    const passwordless = registerBody({ client_id: 'demo-passwordless' });
    assertParameters(await register(passwordless), {
      'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
  });

  it('tolerates scope_id, grant_type and site_identifier, and a missing locale', async () => {
    const { locale: _locale, ...withoutLocale } = registerBody({ scope_id: 'x', grant_type: null, site_identifier: '' });
    const result = await register(withoutLocale);
    assert.equal(result.status, 200, result.text);
    assert.equal(server.store.findAccount('email', withoutLocale.profile_fields.emailAddress)?.locale, undefined);
  });

  it('answers missing parameters all at once, before the client is looked up', async () => {
    const { client_id: _c, redirect_uri: _r, ...body } = registerBody({ auth_type: '' });
    assertParameters(await register(body), {
      client_id: 'field required',
      auth_type: { invalid: 'unsupported auth_type value' },
      redirect_uri: 'field required',
    });
    assertParameters(await register(registerBody({ profile_fields: 'email' })), { profile_fields: { invalid: 'invalid value' } });
    assertParameters(await register(registerBody({ client_id: 42 })), { client_id: { invalid: 'invalid value' } });
  });

  it('answers 403 Forbidden for an unknown client', async () => {
    assertAnswer(await register(registerBody({ client_id: 'no-such-client' })), 403, {
      error: 'http_exception',
      error_description: 'Forbidden',
    });
  });
});

describe('resend-verification', () => {
  it('sends a pending account a new PIN and answers {}', async () => {
    const { address, pin: first } = await pendingAccount();
    clock.now += 2 * MINUTE;
    assertAnswer(await resendVerification(resendBody(address)), 200, {});
    const second = pinOf(address);
    assert.equal(messagesTo(address).filter((m) => m.kind === 'verification').length, 2);
    if (first !== second) assertAnswer(await token(tokenBody(address, first)), 422, CODE_REFUSED);
    assert.equal((await token(tokenBody(address, second))).status, 200);
  });

  it('answers a verified or unknown account { message } with a full stop and sends nothing', async () => {
    const { address, pin } = await pendingAccount();
    assert.equal((await token(tokenBody(address, pin))).status, 200);
    clock.now += 2 * MINUTE;
    assertAnswer(await resendVerification(resendBody(address)), 200, RESEND_ON_RECORD);
    assert.equal(messagesTo(address).length, 1);
    const unknown = email();
    assertAnswer(await resendVerification(resendBody(unknown)), 200, RESEND_ON_RECORD);
    assert.equal(messagesTo(unknown).length, 0);
  });

  it('sends an invitee its invitation again', async () => {
    const address = email();
    server.invite({ clientId: 'demo-email', channel: 'email', identifier: address, profile: { firstName: 'Ada' } });
    clock.now += 2 * MINUTE;
    assertAnswer(await resendVerification(resendBody(address, { client_id: 'demo-email' })), 200, {});
    assert.equal(messagesTo(address).filter((m) => m.kind === 'invitation').length, 2);
  });

  it('rate limits per identifier (register counts) with Retry-After, then sends', async () => {
    const { address } = await pendingAccount();
    clock.now += 20_000;
    const limited = await resendVerification(resendBody(address));
    assertAnswer(limited, 429, { error: 'too_many_requests', error_description: 'Too many requests. Please wait before trying again.' });
    assert.equal(limited.headers.get('retry-after'), '40');
    clock.now += 41_000;
    assertAnswer(await resendVerification(resendBody(address)), 200, {});
    assert.equal(messagesTo(address).length, 2);
  });

  it('rate limits unknown identifiers too, so a 429 reveals nothing', async () => {
    const address = email();
    assert.equal((await resendVerification(resendBody(address))).status, 200);
    assert.equal((await resendVerification(resendBody(address))).status, 429);
  });

  it('resends by SMS', async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    clock.now += 2 * MINUTE;
    const body = resendBody(number, { client_id: 'demo-sms', auth_type: 'sms' });
    assertAnswer(await resendVerification(body), 200, {});
    assert.equal(messagesTo(number).filter((m) => m.channel === 'sms' && m.kind === 'verification').length, 2);
  });

  it('refuses a malformed user_id without details', async () => {
    assertAnswer(await resendVerification(resendBody('not-an-address')), 422, {
      error: 'invalid_parameters',
      error_details: null,
      error_description: 'Invalid Parameter: user_id',
    });
  });
});

describe('verification PIN (token call, grant_type pin)', () => {
  it('verifies the account and signs it in: { access_token, token_type, expires_in }', async () => {
    const { address, pin } = await pendingAccount();
    const result = await token(tokenBody(address, pin));
    assert.equal(result.status, 200, result.text);
    assert.deepEqual(Object.keys(result.json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(result.json.token_type, 'Bearer');
    assert.equal(result.json.expires_in, 3600);
    assert.ok(Buffer.from(result.json.access_token, 'base64url').length >= 32, 'an opaque random token');
    assert.ok(tokenResponse.safeParse(result.json).success);
    assert.equal(server.store.findAccount('email', address)?.status, 'active');
    assert.ok(!JSON.stringify(server.store.findAccessToken(result.json.access_token)).includes(result.json.access_token), 'kept as a digest');
    // The session token may change the password (with the current one, say).
    const changed = await changePassword(changeBody('a session passphrase', { current_password: PASSWORD }), result.json.access_token);
    assertAnswer(changed, 200, {});
  });

  it('is single-use', async () => {
    const { address, pin } = await pendingAccount();
    assert.equal((await token(tokenBody(address, pin))).status, 200);
    assertAnswer(await token(tokenBody(address, pin)), 422, CODE_REFUSED);
  });

  it(`burns the PIN after ${MAX_PIN_ATTEMPTS} wrong attempts`, async () => {
    const { address, pin } = await pendingAccount();
    const wrong = pin === '000000' ? '111111' : '000000';
    const account = server.store.findAccount('email', address)!;
    for (let attempt = 1; attempt <= MAX_PIN_ATTEMPTS; attempt++) {
      assertAnswer(await token(tokenBody(address, wrong)), 422, CODE_REFUSED);
      assert.equal(server.store.hasPin(account, 'verification'), attempt < MAX_PIN_ATTEMPTS, `after ${attempt} wrong attempts`);
    }
    assertAnswer(await token(tokenBody(address, pin)), 422, CODE_REFUSED);
    assert.equal(account.status, 'pending');
    // A new PIN starts a new count.
    clock.now += 2 * MINUTE;
    assert.equal((await resendVerification(resendBody(address))).status, 200);
    assert.equal((await token(tokenBody(address, wrong === pinOf(address) ? '222222' : wrong))).status, 422);
    assert.equal((await token(tokenBody(address, pinOf(address)))).status, 200);
  });

  it('expires after verificationCodeTtlSeconds (15 minutes by default)', async () => {
    const { address, pin } = await pendingAccount();
    clock.now += 15 * MINUTE + 1000;
    assertAnswer(await token(tokenBody(address, pin)), 422, CODE_REFUSED);
    assert.equal((await resendVerification(resendBody(address))).status, 200);
    assert.equal((await token(tokenBody(address, pinOf(address)))).status, 200);
  });

  it("refuses another account's or another client's PIN alike", async () => {
    const { address, pin } = await pendingAccount();
    const other = await pendingAccount();
    if (pin !== other.pin) assertAnswer(await token(tokenBody(other.address, pin)), 422, CODE_REFUSED);
    assertAnswer(await token(tokenBody(address, pin, { client_id: 'demo-email' })), 422, CODE_REFUSED);
    assertAnswer(await token(tokenBody(email(), pin)), 422, CODE_REFUSED);
  });

  it('checks its parameters like every call', async () => {
    const { address, pin } = await pendingAccount();
    assertParameters(await token(tokenBody(address, pin, { grant_type: 'password' })), { grant_type: { invalid: 'unsupported grant_type value' } });
    assertParameters(await token(tokenBody(address, '')), { code: { missing: 'required' } });
    const { code: _code, ...withoutCode } = tokenBody(address, pin);
    assertParameters(await token(withoutCode), { code: 'field required' });
    assertParameters(await token(tokenBody(address, pin, { redirect_uri: 'https://evil.example/' })), { redirect_uri: { invalid: 'invalid value' } });
    assertParameters(await token(tokenBody('nope', pin)), { user_id: { invalid: 'invalid value' } });
    assertParameters(await token({ ...tokenBody(address, pin), locale: 'en-US' }), {
      locale: { unexpected_keys: 'Unexpected parameters found in the request.' },
    });
    assertAnswer(await token(tokenBody(address, pin, { client_id: 'nope' })), 403, { error: 'http_exception', error_description: 'Forbidden' });
    // None of that used the PIN.
    assert.equal((await token(tokenBody(address, pin))).status, 200);
  });
});
