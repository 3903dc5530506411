/**
 * Invitations over real HTTP: the reference API's `/pre-register` (Basic
 * client credentials, parameters, existing users, the window), the hosted
 * activation stand-in it links to (`/activate` on the API origin: the form,
 * its CSP and escaping, the redirect to the app link), and the demo site's
 * administrator area (sign-in cookie, admin.html, the invite route built
 * with the server helper).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preRegisterResponse } from '../../src/api/contract.js';
import { SESSION_COOKIE } from '../../demo/server/admin.js';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  NEW_PASSWORD,
  UUID,
  assertAnswer,
  assertFieldMessages,
  assertParameters,
  basicAuth,
  call,
  clock,
  codeOf,
  email,
  latestMessage,
  logLines,
  messagesTo,
  mobile,
  paths,
  pendingAccount,
  preRegister,
  register,
  registerBody,
  server,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const MINUTE = 60_000;
const UNEXPECTED = { unexpected_keys: 'Unexpected parameters found in the request.' };

/** The vendor's example body (contract section 8), for a fresh address. */
function preRegisterBody(overrides: Record<string, unknown> = {}, profile: Record<string, unknown> = {}) {
  return {
    profile_fields: { firstName: 'John', lastName: 'Smith', emailAddress: email(), resourceAccessB2b: 'true', ...profile } as Record<string, unknown> & {
      emailAddress: string;
    },
    client_id: 'demo-email',
    locale: 'fr-FR',
    auth_type: 'email',
    grant_type: 'password',
    redirect_uri: `${server.siteUrl}/app.html`,
    ...overrides,
  };
}

/** Invites a fresh address through pre-register; its invitation code. */
async function invited(profile: Record<string, unknown> = {}): Promise<{ address: string; code: string; uuid: string }> {
  const body = preRegisterBody({}, profile);
  const result = await preRegister(body);
  assert.equal(result.status, 201, result.text);
  const address = body.profile_fields.emailAddress.toLowerCase();
  return { address, code: codeOf(latestMessage(address, 'invitation').link), uuid: result.json.uuid };
}

describe('pre-register', () => {
  it('creates an invited account and sends the invitation: 201 { uuid }', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    const result = await preRegister(body);
    assert.equal(result.status, 201, result.text);
    assert.ok(preRegisterResponse.safeParse(result.json).success);
    assert.deepEqual(Object.keys(result.json), ['uuid']);
    assert.match(result.json.uuid, UUID);

    const account = server.store.findAccount('email', address);
    assert.equal(account?.id, result.json.uuid);
    assert.equal(account?.status, 'invited');
    assert.equal(account?.passwordHash, undefined);
    assert.equal(account?.locale, 'fr-FR');
    assert.deepEqual(account?.profile, { firstName: 'John', lastName: 'Smith', emailAddress: address, resourceAccessB2b: 'true' });

    const [message, ...others] = messagesTo(address);
    assert.equal(others.length, 0);
    assert.equal(message?.kind, 'invitation');
    assert.equal(message?.subject, 'You are invited to Nid Journeys demo');
    const link = new URL(message!.link!);
    assert.equal(`${link.origin}${link.pathname}`, `${server.apiUrl}/activate`, 'the hosted activation stand-in, on the API origin');
    assert.deepEqual([...link.searchParams.keys()], ['code']);
    assert.match(message!.body, /within 24 hours/);
  });

  it('refuses missing, malformed or wrong client credentials with 401, before reading the body', async () => {
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
      for (const sent of [body, '']) {
        const result = await preRegister(sent, { Authorization: authorization });
        assertAnswer(result, 401, { error: 'http_exception', error_description: 'Unauthorized' });
        assert.match(result.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      }
    }
    assert.equal(server.store.findAccount('email', body.profile_fields.emailAddress), undefined);
    assert.equal(messagesTo(body.profile_fields.emailAddress).length, 0);
  });

  it("answers 403 for a client_id other than the credentials' own", async () => {
    const sms = server.clients.get('demo-sms')!;
    const body = preRegisterBody();
    assertAnswer(await preRegister(body, { Authorization: basicAuth(sms.id, sms.secret) }), 403, {
      error: 'http_exception',
      error_description: 'Forbidden',
    });
    assert.equal(server.store.findAccount('email', body.profile_fields.emailAddress), undefined);
  });

  it('requires the keys the vendor requires, grant_type included (any value)', async () => {
    for (const key of ['auth_type', 'redirect_uri', 'grant_type', 'profile_fields', 'client_id']) {
      const { [key]: _removed, ...body }: Record<string, unknown> = preRegisterBody();
      assertParameters(await preRegister(body), { [key]: 'field required' });
    }
    for (const grant_type of ['', 'client_credentials', null]) {
      assert.equal((await preRegister(preRegisterBody({ grant_type }))).status, 201);
    }
    assertParameters(await preRegister(preRegisterBody({ client_id: '' })), { client_id: { missing: 'required' } });
    assertParameters(await preRegister(preRegisterBody({ auth_type: 'fax' })), { auth_type: { invalid: 'unsupported auth_type value' } });
    assertAnswer(await preRegister(preRegisterBody({ redirect_uri: '' })), 422, {
      error: 'missing_argument',
      error_details: null,
      error_description: 'Missing Parameter: redirect_uri',
    });
    assertParameters(await preRegister(preRegisterBody({ redirect_uri: 'https://evil.example/app.html' })), {
      redirect_uri: { invalid: 'invalid value' },
    });
  });

  it('requires the identifier as a parameter, and refuses unknown or non-text profile fields', async () => {
    const { emailAddress: _e, ...withoutEmail } = preRegisterBody().profile_fields;
    assertParameters(await preRegister(preRegisterBody({ profile_fields: withoutEmail })), { emailAddress: { missing: 'required' } });
    assertParameters(await preRegister(preRegisterBody({}, { emailAddress: '' })), { emailAddress: { missing: 'required' } });
    assertParameters(await preRegister(preRegisterBody({}, { favouriteColour: 'blue', newPassword: 'x' })), {
      'favouriteColour, newPassword': UNEXPECTED,
    });
    assertParameters(await preRegister({ ...preRegisterBody(), state: 'x' }), { state: UNEXPECTED });
    assertParameters(await preRegister(preRegisterBody({}, { firstName: 42 })), { firstName: { invalid: 'invalid value' } });
  });

  it('answers invalid_form_fields on the profile fields, all at once', async () => {
    const result = await preRegister(
      preRegisterBody({}, { emailAddress: 'not-an-address', gender: 'robot', resourceAccessB2b: 'yes', mobileNumber: '07400' }),
    );
    assertAnswer(result, 422, {
      error: 'invalid_form_fields',
      error_description: 'some inputs are invalid',
      error_details: {
        emailAddress: ['Email address is not formatted correctly.'],
        gender: ['Gender is not valid.'],
        resourceAccessB2b: ['resourceAccessB2b must be "true" or "false".'],
        mobileNumber: ['Mobile number is not formatted correctly.'],
      },
    });
  });

  it('drops blank optional fields; locale is optional', async () => {
    const { locale: _locale, ...body } = preRegisterBody({}, { companyName: '', resourceAccessB2b: 'false' });
    assert.equal((await preRegister(body)).status, 201);
    const account = server.store.findAccount('email', body.profile_fields.emailAddress);
    assert.equal(account?.profile['companyName'], undefined);
    assert.equal(account?.profile['resourceAccessB2b'], 'false');
    assert.equal(account?.locale, undefined);
  });

  it('answers an existing address 422 on the identifier unless resend is true', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    await preRegister(body);
    for (const resend of [undefined, false, 'true', 1]) {
      const again = await preRegister({ ...body, ...(resend === undefined ? {} : { resend }), profile_fields: { ...body.profile_fields, emailAddress: address.toUpperCase() } });
      assertFieldMessages(again, 'emailAddress', ['An account with this email address already exists.']);
    }
    assert.equal(messagesTo(address).length, 1);
    // A self-registered account exists just as much.
    const { address: registered } = await pendingAccount();
    assertFieldMessages(await preRegister(preRegisterBody({}, { emailAddress: registered })), 'emailAddress', [
      'An account with this email address already exists.',
    ]);
  });

  it('resends with resend: true (201, same uuid, a fresh link), 429 with Retry-After inside the window', async () => {
    const body = preRegisterBody();
    const address = body.profile_fields.emailAddress;
    const first = await preRegister(body);
    const firstCode = codeOf(latestMessage(address, 'invitation').link);
    const tooSoon = await preRegister({ ...body, resend: true });
    assertAnswer(tooSoon, 429, { error: 'too_many_requests', error_description: 'Too many requests. Please wait before trying again.' });
    assert.equal(tooSoon.headers.get('retry-after'), '60');
    assert.equal(messagesTo(address).length, 1);

    clock.now += 61_000;
    const resent = await preRegister({ ...body, resend: true });
    assertAnswer(resent, 201, { uuid: first.json.uuid });
    const codes = messagesTo(address).map((m) => codeOf(m.link));
    assert.equal(codes.length, 2);
    assert.notEqual(codes[0], firstCode, 'a fresh link');
    assert.equal((await fetch(`${server.apiUrl}/activate?code=${encodeURIComponent(firstCode)}`)).status, 410, 'the earlier link is replaced');
  });

  it('with resend: true also invites someone new; an active account gets nothing', async () => {
    const body = preRegisterBody({ resend: true });
    assert.equal((await preRegister(body)).status, 201);
    const address = body.profile_fields.emailAddress;
    assert.equal(latestMessage(address, 'invitation').kind, 'invitation');
    await activate(codeOf(latestMessage(address, 'invitation').link));
    clock.now += 61_000;
    assertAnswer(await preRegister(body), 201, { uuid: server.store.findAccount('email', address)!.id });
    assert.equal(messagesTo(address).length, 1);
  });

  it('invites by SMS with auth_type sms, whatever the client\'s own auth_type', async () => {
    const number = mobile();
    const body = preRegisterBody({ auth_type: 'sms' }, { emailAddress: '', mobileNumber: number });
    assert.equal((await preRegister(body)).status, 201);
    assert.equal(server.store.findAccount('sms', number)?.status, 'invited');
    const text = latestMessage(number, 'invitation');
    assert.equal(text.channel, 'sms');
    assert.ok(text.body.includes(text.link!));
    assertFieldMessages(await preRegister(body), 'mobileNumber', ['An account with this mobile number already exists.']);
    assertParameters(await preRegister(preRegisterBody({ auth_type: 'sms' })), { mobileNumber: { missing: 'required' } });
  });

  it('never logs the secret, the Authorization header or the profile', async () => {
    const body = preRegisterBody();
    await preRegister(body);
    await preRegister(body, { Authorization: basicAuth('demo-email', 'a wrong secret') });
    const log = logLines.join('\n');
    assert.match(log, /api: POST \/idp\/v1\/account\/pre-register -> 201/);
    assert.match(log, /api: POST \/idp\/v1\/account\/pre-register -> 401/);
    for (const text of [server.clients.get('demo-email')!.secret, 'a wrong secret', 'Basic ', body.profile_fields.emailAddress, 'John']) {
      assert.ok(!log.includes(text), `the log does not contain ${text}`);
    }
  });
});

const page = (code: string, init: RequestInit = {}) =>
  fetch(`${server.apiUrl}/activate?code=${encodeURIComponent(code)}`, { redirect: 'manual', ...init });

const submit = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.apiUrl}/activate`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

/** Chooses NEW_PASSWORD on the hosted page; the redirect's URL. */
async function activate(code: string): Promise<URL> {
  const response = await submit({ code, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
  assert.equal(response.status, 303, await response.text());
  return new URL(response.headers.get('location')!);
}

describe('hosted activation stand-in', () => {
  it('serves a form without script under a strict CSP, no-referrer, no framing', async () => {
    const { code, address } = await invited();
    const response = await page(code);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(
      response.headers.get('content-security-policy'),
      `default-src 'none'; form-action 'self' ${server.siteUrl}; base-uri 'none'; frame-ancestors 'none'`,
    );
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.ok(!/<script|\son\w+=|style=/i.test(html), 'no script, handler or inline style');
    assert.match(html, /<form method="post" action="\/activate">/, 'the code is not in the action URL');
    assert.ok(html.includes(`<input type="hidden" name="code" value="${code}">`));
    assert.match(html, /name="password" type="password" autocomplete="new-password" required/);
    assert.match(html, /name="password_confirm" type="password" autocomplete="new-password" required/);
    assert.match(html, /Hello John, you were invited as <strong>/);
    assert.ok(html.includes(address));
    assert.equal((await page(code, { method: 'HEAD' })).status, 200);
  });

  it('escapes what it shows', async () => {
    const { code } = await invited({ firstName: '<img src=x onerror=alert(1)>' });
    const html = await (await page(code)).text();
    assert.ok(!html.includes('<img'), 'no markup from the profile');
    assert.ok(html.includes('Hello &#60;img src=x onerror=alert(1)&#62;, you'));
  });

  it('sets the password, activates and answers 303 to the app link with a fresh code', async () => {
    const { code, address, uuid } = await invited();
    const landing = await activate(code);
    assert.equal(`${landing.origin}${landing.pathname}`, server.clients.get('demo-email')!.appLink);
    const authorizationCode = landing.searchParams.get('code');
    assert.ok(authorizationCode && authorizationCode !== code);
    assert.equal(landing.searchParams.get('state'), null);
    const account = server.store.findAccount('email', address);
    assert.equal(account?.status, 'active');
    assert.equal(await verifySecret(NEW_PASSWORD, account!.passwordHash!), true);
    assert.deepEqual(server.store.findAuthorizationCode(authorizationCode), {
      accountId: uuid,
      clientId: 'demo-email',
      redirectUri: server.clients.get('demo-email')!.appLink,
      expiresAt: server.store.findAuthorizationCode(authorizationCode)!.expiresAt,
    });
    // Single-use: the link now says it does not work, in both methods.
    assert.equal((await page(code)).status, 410);
    assert.equal((await submit({ code, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD })).status, 410);
  });

  it("passes the invitation's state back", async () => {
    const address = email();
    server.invite({ clientId: 'demo-email', channel: 'email', identifier: address, profile: {}, state: 'st<&>' });
    const landing = await activate(codeOf(latestMessage(address, 'invitation').link));
    assert.equal(landing.searchParams.get('state'), 'st<&>');
  });

  it('shows a mismatch or a weak password on the form (422) and keeps the link', async () => {
    const { code, address } = await invited();
    const mismatch = await submit({ code, password: NEW_PASSWORD, password_confirm: 'something else' });
    assert.equal(mismatch.status, 422);
    assert.match(await mismatch.text(), /<p role="alert" id="error">Passwords do not match<\/p>/);
    const weak = await submit({ code, password: 'short', password_confirm: 'short' });
    assert.equal(weak.status, 422);
    assert.match(await weak.text(), /Password is not formatted correctly\./);
    assert.equal(server.store.findAccount('email', address)?.status, 'invited');
    await activate(code);
  });

  it('answers 410 for an unknown, expired or missing code', async () => {
    for (const response of [await page('made-up'), await fetch(`${server.apiUrl}/activate`), await submit({ password: 'x', password_confirm: 'x' })]) {
      assert.equal(response.status, 410);
      assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'");
      assert.match(await response.text(), /This link does not work/);
    }
    const { code } = await invited();
    clock.now += 24 * 60 * MINUTE + 1000;
    assert.equal((await page(code)).status, 410);
  });

  it('refuses a form posted from another site, another content type and other methods', async () => {
    const { code } = await invited();
    const fields = { code, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD };
    assert.equal((await submit(fields, { Origin: 'https://evil.example' })).status, 403);
    assert.equal((await submit(fields, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    const json = await fetch(`${server.apiUrl}/activate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fields) });
    assert.equal(json.status, 415);
    assert.equal((await fetch(`${server.apiUrl}/activate`, { method: 'PUT' })).status, 405);
    // Its own page's post (Origin: null under no-referrer, Sec-Fetch-Site: same-origin) goes through.
    const ours = await submit(fields, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(ours.status, 303);
  });

  it('activates a self-registered account invited again (the link proves the address)', async () => {
    const { address } = await pendingAccount();
    clock.now += 2 * MINUTE;
    assert.equal((await preRegister(preRegisterBody({ resend: true }, { emailAddress: address }))).status, 201);
    await activate(codeOf(latestMessage(address, 'invitation').link));
    assert.equal(server.store.findAccount('email', address)?.status, 'active');
  });

  it('never logs the code or the password', async () => {
    const { code } = await invited();
    await submit({ code, password: 'short', password_confirm: 'short' });
    await activate(code);
    const log = logLines.join('\n');
    assert.match(log, /api: GET \/activate -> 200|api: POST \/activate -> 303/);
    for (const secret of [code, NEW_PASSWORD, 'short']) assert.ok(!log.includes(secret), `the log does not contain ${secret}`);
  });

  it('lets an invitee registering by themselves replace the invitation with a PIN', async () => {
    const { address } = await invited();
    clock.now += 2 * MINUTE;
    const result = await register(registerBody({ client_id: 'demo-minimal' }, { emailAddress: address }));
    assertAnswer(result, 200, { message: 'An email has been sent to the address on record' });
    assert.equal(server.store.findAccount('email', address)?.status, 'pending');
    assert.equal(latestMessage(address, 'verification').kind, 'verification');
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

    const adminPage = await site('/admin.html', { headers: { Cookie: await signIn() } });
    assert.equal(adminPage.status, 200);
    assert.match(adminPage.headers.get('content-security-policy') ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    const html = await adminPage.text();
    assert.match(html, /\/dist\/nid-invite-form\.js/); // the invite form's own script-tag bundle
    assert.ok(!/<script>|\son\w+=/i.test(html), 'no inline script or handler');
  });

  it('refuses a sign-in posted from another site', async () => {
    const foreign: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' },
      // Neither Fetch Metadata nor one of the site's origins: a sandboxed frame or a data: page.
      { Origin: 'null' },
      {},
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' },
    ];
    for (const headers of foreign) {
      const response = await site('/admin/sign-in', { method: 'POST', headers });
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('set-cookie'), null);
    }
    const ours = await site('/admin/sign-in', { method: 'POST', headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(ours.status, 303);
    // A browser without Fetch Metadata, on the site's own page with a referrer: its Origin is proof.
    const older = await site('/admin/sign-in', { method: 'POST', headers: { Origin: server.siteUrl } });
    assert.equal(older.status, 303);
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

  it('invites end to end: the helper adds the credentials, grant_type and the app link as redirect_uri', async () => {
    const cookie = await signIn();
    const address = email();
    const response = await invite(inviteBody(address), { Cookie: cookie });
    assert.equal(response.status, 200, 'the helper answers 200 { uuid } for the service\'s 201');
    const { uuid } = await response.json();
    const account = server.store.findAccount('email', address);
    assert.equal(account?.id, uuid);
    assert.equal(account?.status, 'invited');
    assert.equal(account?.profile['resourceAccessB2b'], 'true');
    assert.match(logLines.join('\n'), /api: POST \/idp\/v1\/account\/pre-register -> 201/);
    const landing = await activate(codeOf(latestMessage(address, 'invitation').link));
    assert.equal(`${landing.origin}${landing.pathname}`, `${server.siteUrl}/auth/invitation`, 'the client’s app link: the site backend’s invitation route');

    // The service's answers come back through the route: an existing address, a resend inside the window.
    const exists = await invite(inviteBody(address), { Cookie: cookie });
    assert.equal(exists.status, 422);
    const pending = email();
    assert.equal((await invite(inviteBody(pending), { Cookie: cookie })).status, 200);
    const again = await invite({ ...inviteBody(pending), resend: true }, { Cookie: cookie });
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

describe('CORS of pre-register', () => {
  it('answers a browser page without the credentials 401 like anyone else', async () => {
    const result = await call(paths.preRegister, { body: preRegisterBody(), headers: { Origin: server.siteUrl } });
    assert.equal(result.status, 401);
    assert.equal(result.headers.get('access-control-allow-origin'), server.siteUrl);
  });
});
