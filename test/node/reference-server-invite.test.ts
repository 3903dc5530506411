/**
 * Invitations over real HTTP: the reference API's `/pre-register` (Basic
 * client credentials, allowlist, existing users, resend window) and the demo
 * site's administrator area (sign-in cookie, admin.html, the invite route
 * built with the server helper).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activateResponse, errorBody, preRegisterResponse } from '../../src/api/contract.js';
import { SESSION_COOKIE } from '../../demo/server/admin.js';
import {
  ANSWER,
  activate,
  basicAuth,
  call,
  clock,
  email,
  latestMessage,
  logLines,
  messagesTo,
  preRegister,
  server,
  tokenOf,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const PRE_REGISTER = '/idp/v1/account/pre-register';
type Result = Awaited<ReturnType<typeof call>>;

function assertError(result: Result, status: number, error: string): void {
  assert.equal(result.status, status, result.text);
  assert.equal(result.json.error, error);
  assert.ok(errorBody.safeParse(result.json).success, 'error body matches the contract');
}

/** The contract's example body, for a fresh address. */
function preRegisterBody(overrides: Record<string, unknown> = {}, profile: Record<string, string> = {}) {
  return {
    profile_fields: { firstName: 'John', lastName: 'Smith', emailAddress: email(), resourceAccessB2b: 'true', ...profile },
    client_id: 'demo-email',
    locale: 'fr-FR',
    auth_type: 'email',
    grant_type: 'password',
    redirect_uri: `${server.siteUrl}/app.html`,
    resend: false,
    ...overrides,
  };
}

describe('pre-register', () => {
  it('creates an invited account and sends the invitation: 200 {uuid}', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    const result = await preRegister(body);
    assert.equal(result.status, 200, result.text);
    assert.ok(preRegisterResponse.safeParse(result.json).success);
    assert.deepEqual(Object.keys(result.json), ['uuid']);

    const account = server.store.findAccount('email', address);
    assert.ok(account);
    assert.equal(account.id, result.json.uuid);
    assert.equal(account.status, 'invited');
    assert.equal(account.passwordHash, undefined);
    assert.equal(account.locale, 'fr-FR');
    assert.deepEqual(account.profile, { firstName: 'John', lastName: 'Smith', emailAddress: address, resourceAccessB2b: 'true' });

    const [message, ...others] = messagesTo(address);
    assert.equal(others.length, 0);
    assert.ok(message?.link);
    assert.equal(message.kind, 'invitation');
    assert.equal(message.subject, 'You are invited to Nid Journeys demo');
    assert.ok(message.link?.startsWith(`${server.siteUrl}/activate.html?token=`), message.link);
    assert.equal(new URL(message.link).searchParams.get('client'), 'demo-email');
  });

  it('refuses missing, malformed or wrong client credentials with 401 invalid_client', async () => {
    const client = server.clients.get('demo-email')!;
    const body = preRegisterBody();
    for (const authorization of [
      '',
      basicAuth(client.id, 'wrong secret'),
      basicAuth(client.id, `${client.secret} `),
      basicAuth('no-such-client', client.secret),
      basicAuth('demo-sms', client.secret),
      `Bearer ${client.secret}`,
      'Basic not*base64',
      `Basic ${Buffer.from(client.id).toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0x3a, 0x41]).toString('base64')}`,
    ]) {
      const result = await preRegister(body, { Authorization: authorization });
      assertError(result, 401, 'invalid_client');
      assert.match(result.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    }
    // Another client's own credentials do not invite to this one.
    const sms = server.clients.get('demo-sms')!;
    assertError(await preRegister(body, { Authorization: basicAuth(sms.id, sms.secret) }), 401, 'invalid_client');
    assert.equal(server.store.findAccount('email', body.profile_fields.emailAddress), undefined);
    assert.equal(messagesTo(body.profile_fields.emailAddress).length, 0);
  });

  it('answers invalid_request for a missing or malformed parameter', async () => {
    const { locale: _locale, ...withoutLocale } = preRegisterBody();
    for (const body of [
      withoutLocale,
      preRegisterBody({ grant_type: 'client_credentials' }),
      preRegisterBody({ auth_type: 'fax' }),
      preRegisterBody({ resend: 'true' }),
      preRegisterBody({ redirect_uri: 'not a url' }),
      preRegisterBody({ profile_fields: { emailAddress: email(), age: 42 } }),
    ]) {
      assertError(await preRegister(body), 400, 'invalid_request');
    }
    const unknownField = await preRegister(preRegisterBody({}, { favouriteColour: 'blue' }));
    assertError(unknownField, 400, 'invalid_request');
    assert.match(unknownField.json.error_description, /favouriteColour/);
  });

  it('checks redirect_uri against the allowlist; it may be omitted', async () => {
    assertError(await preRegister(preRegisterBody({ redirect_uri: 'https://evil.example/app.html' })), 400, 'invalid_redirect_uri');
    const { redirect_uri: _redirect, ...withoutRedirect } = preRegisterBody();
    assert.equal((await preRegister(withoutRedirect)).status, 200);
  });

  it('answers validation_failed on the profile fields, all at once', async () => {
    const result = await preRegister(
      preRegisterBody({}, { emailAddress: 'not-an-address', gender: 'robot', resourceAccessB2b: 'yes', mobileNumber: '07400' }),
    );
    assertError(result, 400, 'validation_failed');
    const codes = Object.fromEntries(result.json.fields.map((f: { name: string; code: string }) => [f.name, f.code]));
    assert.deepEqual(codes, {
      emailAddress: 'invalid_format',
      gender: 'invalid_format',
      mobileNumber: 'invalid_phone',
      resourceAccessB2b: 'invalid_format',
    });
    const missing = await preRegister(preRegisterBody({}, { emailAddress: '' }));
    assertError(missing, 400, 'validation_failed');
    assert.deepEqual(missing.json.fields.map((f: { name: string; code: string }) => [f.name, f.code]), [['emailAddress', 'required']]);
  });

  it('drops blank optional fields instead of refusing them', async () => {
    const body = preRegisterBody({}, { companyName: '', resourceAccessB2b: 'false' });
    assert.equal((await preRegister(body)).status, 200);
    const account = server.store.findAccount('email', body.profile_fields.emailAddress);
    assert.equal(account?.profile['companyName'], undefined);
    assert.equal(account?.profile['resourceAccessB2b'], 'false');
  });

  it('answers an existing user with the same uuid, leaves the profile alone and sends nothing', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    const first = await preRegister(body);
    const again = await preRegister({ ...body, profile_fields: { ...body.profile_fields, emailAddress: address.toUpperCase(), firstName: 'Mallory' } });
    assert.equal(again.status, 200);
    assert.equal(again.json.uuid, first.json.uuid);
    assert.equal(server.store.findAccount('email', address)?.profile['firstName'], 'John');
    assert.equal(messagesTo(address).length, 1);
  });

  it('resends with resend: true, answering 429 with Retry-After inside the window (email)', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    const first = await preRegister(body);
    const tooSoon = await preRegister({ ...body, resend: true });
    assertError(tooSoon, 429, 'rate_limited');
    const wait = Number(tooSoon.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 60, String(wait));
    assert.equal(messagesTo(address).length, 1);

    clock.now += 61_000;
    const resent = await preRegister({ ...body, resend: true });
    assert.equal(resent.status, 200);
    assert.equal(resent.json.uuid, first.json.uuid);
    const invitations = messagesTo(address).filter((m) => m.kind === 'invitation');
    assert.equal(invitations.length, 2);
    assert.notEqual(invitations[0]!.link, invitations[1]!.link, 'a fresh link');
  });

  it('with resend: true also invites someone new', async () => {
    const body = preRegisterBody({ resend: true });
    assert.equal((await preRegister(body)).status, 200);
    assert.equal(latestMessage(body.profile_fields.emailAddress, 'invitation').kind, 'invitation');
  });

  it('invites by SMS with auth_type sms, where resending has no window', async () => {
    const mobileNumber = `+4474${String(Date.now()).slice(-8)}`;
    const body = preRegisterBody({ auth_type: 'sms' }, { emailAddress: '', mobileNumber });
    const first = await preRegister(body);
    assert.equal(first.status, 200, first.text);
    assert.equal(server.store.findAccount('sms', mobileNumber)?.status, 'invited');
    assert.equal((await preRegister({ ...body, resend: true })).status, 200);
    const texts = messagesTo(mobileNumber);
    assert.deepEqual(texts.map((m) => [m.channel, m.kind]), [['sms', 'invitation'], ['sms', 'invitation']]);
    assertError(await preRegister(preRegisterBody({ auth_type: 'sms' })), 400, 'validation_failed');
  });

  it('replays an Idempotency-Key: one invitation for a retried call', async () => {
    const body = preRegisterBody();
    const headers = { 'Idempotency-Key': `invite-${Date.now()}` };
    const first = await preRegister(body, headers);
    const retry = await preRegister(body, headers);
    assert.equal(retry.status, 200);
    assert.equal(retry.json.uuid, first.json.uuid);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(messagesTo(body.profile_fields.emailAddress).length, 1);
    // Credentials come first: a replay answers nobody without them.
    assertError(await preRegister(body, { ...headers, Authorization: basicAuth('demo-email', 'wrong') }), 401, 'invalid_client');
    // Keys are the client's own: another client's call with the same key is a call of its own.
    const sms = server.clients.get('demo-sms')!;
    const smsBody = { ...body, client_id: 'demo-sms', profile_fields: { emailAddress: body.profile_fields.emailAddress } };
    const other = await preRegister(smsBody, { ...headers, Authorization: basicAuth(sms.id, sms.secret) });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('idempotent-replayed'), null);
  });

  it("leads the invitee through the completion form to the client's app link", async () => {
    const body = preRegisterBody({ redirect_uri: `${server.siteUrl.replace('localhost', '127.0.0.1')}/app.html` });
    const address = body.profile_fields.emailAddress;
    await preRegister(body);
    const token = tokenOf(latestMessage(address, 'invitation').link);
    const form = await activate({ client_id: 'demo-email', token });
    assert.equal(form.json.status, 'completion_required');
    assert.ok(activateResponse.safeParse(form.json).success);
    assert.equal(form.json.profile.firstName, 'John');

    const done = await activate({
      client_id: 'demo-email',
      token,
      password: 'an invitee passphrase',
      consents: { terms: true, privacy: true },
      profile_fields: { securityQuestions: [{ id: 'first_pet', answer: ANSWER }, { id: 'birth_city', answer: 'Paris' }] },
    });
    assert.equal(done.status, 200, done.text);
    const landing = new URL(done.json.redirect_uri);
    assert.equal(`${landing.origin}${landing.pathname}`, server.clients.get('demo-email')!.appLink, 'the app link, not the redirect_uri');
    assert.ok(landing.searchParams.get('code'));
    assert.equal(server.store.findAccount('email', address)?.status, 'active');

    // Now active: a resend has nothing to send, and the answer stays the same.
    clock.now += 61_000;
    const resend = await preRegister({ ...body, resend: true });
    assert.equal(resend.status, 200);
    assert.equal(messagesTo(address).filter((m) => m.kind === 'invitation').length, 1);
  });

  it('cannot be called from a browser: no CORS for the Authorization header', async () => {
    const preflight = await call(PRE_REGISTER, {
      method: 'OPTIONS',
      headers: { Origin: server.siteUrl, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    assert.ok(!/authorization/i.test(preflight.headers.get('access-control-allow-headers') ?? ''));
    assertError(await call(PRE_REGISTER, { body: preRegisterBody(), headers: { Origin: server.siteUrl } }), 401, 'invalid_client');
  });

  it('never logs the secret, the Authorization header or the profile', async () => {
    const body = preRegisterBody();
    await preRegister(body);
    await preRegister(body, { Authorization: basicAuth('demo-email', 'a wrong secret') });
    const log = logLines.join('\n');
    assert.match(log, /api: POST \/idp\/v1\/account\/pre-register -> 200/);
    for (const text of [server.clients.get('demo-email')!.secret, 'a wrong secret', 'Basic ', body.profile_fields.emailAddress, 'John']) {
      assert.ok(!log.includes(text), `the log does not contain ${text}`);
    }
  });
});

describe('demo administrator area', () => {
  const site = (path: string, init: RequestInit = {}) => fetch(`${server.siteUrl}${path}`, { redirect: 'manual', ...init });

  async function signIn(): Promise<string> {
    const response = await site('/admin/sign-in', {
      method: 'POST',
      headers: { Origin: server.siteUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/admin.html');
    const cookie = response.headers.get('set-cookie') ?? '';
    const match = new RegExp(`^(${SESSION_COOKIE}=[^;]+)`).exec(cookie);
    assert.ok(match?.[1], cookie);
    return match[1];
  }

  const invite = (body: unknown, headers: Record<string, string> = {}) =>
    site('/api/invite', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.siteUrl, ...headers },
      body: JSON.stringify(body),
    });

  const inviteBody = (address: string) => ({
    profile_fields: { firstName: 'Grace', lastName: 'Hopper', emailAddress: address, resourceAccessB2b: 'true' },
    locale: 'en-US',
    auth_type: 'email',
    resend: false,
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and shows admin.html only with it', async () => {
    const signedOut = await site('/admin.html');
    assert.equal(signedOut.status, 303);
    assert.equal(signedOut.headers.get('location'), '/admin-sign-in.html');

    const signInPage = await site('/admin-sign-in.html');
    assert.equal(signInPage.status, 200);
    assert.match(await signInPage.text(), /<form method="post" action="\/admin\/sign-in">/);

    const response = await site('/admin/sign-in', { method: 'POST', headers: { Origin: server.siteUrl } });
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.match(cookie, /; Path=\//);

    const page = await site('/admin.html', { headers: { Cookie: await signIn() } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    const html = await page.text();
    assert.match(html, /\/dist\/nid-journeys\.js/);
    assert.match(html, /authorize/);
    assert.ok(!/<script>|\son\w+=/i.test(html), 'no inline script or handler');
    assert.match(await (await site('/demo.js')).text(), /'nid-invite-form'/);
    assert.match(await (await site('/')).text(), /href="\/admin\.html"/);
  });

  it('refuses a sign-in posted from another site', async () => {
    const foreign: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of foreign) {
      const response = await site('/admin/sign-in', { method: 'POST', headers });
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('set-cookie'), null);
    }
    // The pages' Referrer-Policy (no-referrer) makes browsers send Origin: null; Sec-Fetch-Site tells.
    const ours = await site('/admin/sign-in', { method: 'POST', headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(ours.status, 303);
  });

  it('the invite route answers 403 without the session and sends nothing', async () => {
    const address = email();
    for (const cookie of [undefined, `${SESSION_COOKIE}=made-up`]) {
      const response = await invite(inviteBody(address), cookie ? { Cookie: cookie } : {});
      assert.equal(response.status, 403);
      assert.equal((await response.json()).error, 'access_denied');
    }
    assert.equal(messagesTo(address).length, 0);
    assert.equal(server.store.findAccount('email', address), undefined);
  });

  it('invites with the session: the helper adds the credentials and the default redirect_uri', async () => {
    const cookie = await signIn();
    const address = email();
    const response = await invite(inviteBody(address), { Cookie: cookie });
    assert.equal(response.status, 200);
    const { uuid } = await response.json();
    const account = server.store.findAccount('email', address);
    assert.ok(account);
    assert.equal(account.id, uuid);
    assert.equal(account.authRequest?.redirectUri, `${server.siteUrl}/app.html`, "the helper's default");
    assert.equal(account.profile['resourceAccessB2b'], 'true');
    assert.equal(latestMessage(address, 'invitation').kind, 'invitation');

    // The service's answers come back through the route: a resend inside the window.
    const again = await invite({ ...inviteBody(address), resend: true }, { Cookie: cookie });
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get('retry-after')) > 0);
    // Another site's page is refused even with the cookie (which SameSite=Strict would not send anyway).
    assert.equal((await invite(inviteBody(email()), { Cookie: cookie, Origin: 'https://evil.example' })).status, 403);
  });

  it('signing out ends the session', async () => {
    const cookie = await signIn();
    const out = await site('/admin/sign-out', { method: 'POST', headers: { Origin: server.siteUrl, Cookie: cookie } });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/admin-sign-in.html');
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.equal((await invite(inviteBody(email()), { Cookie: cookie })).status, 403);
    assert.equal((await site('/admin.html', { headers: { Cookie: cookie } })).status, 303);
  });
});
