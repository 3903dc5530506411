/**
 * The hosted screens of the reference server (API origin, contract section
 * 7): their CSP and headers, the checks of their query (an untrusted
 * redirect_uri is an error page, never a redirect), the sign-in stand-in,
 * `/register` completed only by a session that verified an account,
 * `/forgot-password` whose reset link returns to it, `/personal-details`,
 * prompt=none and single sign-on. Codes are exchanged with oauth4webapi.
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import {
  Browser,
  NEW_PASSWORD,
  PASSWORD,
  activeAccount,
  appLink,
  callbackPage,
  changeBody,
  codeOf,
  discover,
  distDir,
  email,
  forgotBody,
  hostedUrl,
  insecure,
  journeyParams,
  journeySecrets,
  latestMessage,
  locationOf,
  oauthClient,
  paths,
  pendingAccount,
  pinOf,
  register,
  registerBody,
  requestIdOf,
  server,
  signInThroughForm,
  tokenBody,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

type Secrets = Awaited<ReturnType<typeof journeySecrets>>;

/** Exchanges a callback's code with PKCE (oauth4webapi): the validated ID token claims. */
async function exchange(callback: URL, secrets: Secrets, clientId = 'demo-minimal', redirectUri = callbackPage()) {
  const as = await discover();
  const client = oauthClient(clientId);
  const params = oauth.validateAuthResponse(as, client, callback, secrets.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, secrets.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: secrets.nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, insecure);
  return oauth.getValidatedIdTokenClaims(result)!;
}

/** The directives of a CSP header. */
function directives(policy: string | null): Map<string, string[]> {
  assert.ok(policy, 'a Content-Security-Policy');
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
}

/** The value of an attribute of the first `<tag>` in the page. */
function attributeOf(html: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0];
  assert.ok(element, `a <${tag}>`);
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
  return value?.replace(/&#38;/g, '&');
}

describe('hosted pages: headers', () => {
  it('serve every screen under a strict CSP: a nonce, strict-dynamic, Trusted Types, forms to itself and the app only', async () => {
    const secrets = await journeySecrets();
    for (const path of ['/authorize', '/register', '/forgot-password', '/personal-details']) {
      const { response, html } = await new Browser().page(hostedUrl(path, journeyParams(secrets)));
      assert.equal(response.status, 200, `${path}: ${html}`);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('referrer-policy'), 'same-origin');
      const csp = directives(response.headers.get('content-security-policy'));
      const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(csp.get('script-src')?.[0] ?? '')?.[1];
      assert.ok(nonce, path);
      assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`, "'strict-dynamic'"]);
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      assert.deepEqual(csp.get('require-trusted-types-for'), ["'script'"]);
      assert.deepEqual(csp.get('trusted-types'), ['lit-html']);
      assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
      assert.deepEqual(csp.get('base-uri'), ["'none'"]);
      assert.deepEqual(csp.get('form-action'), ["'self'", server.siteUrl]);
      assert.ok(csp.get('connect-src')?.includes("'self'") && csp.get('connect-src')?.includes(server.apiUrl));
      // Every script tag carries the nonce; none is inline.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
        assert.ok(tag.includes(`nonce="${nonce}"`), tag);
        assert.match(tag, /\ssrc="/);
      }
      assert.match(response.headers.get('set-cookie') ?? '', /^nid_hosted_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    }
  });

  it('load the package bundle from the demo site (absolute URL) and its elements, with settings from this origin', async () => {
    const secrets = await journeySecrets();
    const { html } = await new Browser().page(hostedUrl('/register', journeyParams(secrets, { ui_locales: 'fr-FR' })));
    assert.ok(html.includes(`src="${server.siteUrl}/dist/nid-journeys.js"`));
    assert.ok(html.includes('src="/hosted/hosted.js"'));
    assert.equal(attributeOf(html, 'nid-register', 'base-domain'), server.apiUrl);
    assert.equal(attributeOf(html, 'nid-register', 'client-id'), 'demo-minimal');
    assert.equal(attributeOf(html, 'nid-register', 'redirect-uri'), callbackPage());
    assert.equal(attributeOf(html, 'nid-register', 'ui-locales'), 'fr-FR');
    assert.equal(attributeOf(html, 'nid-register', 'settings-src'), '/hosted/settings/demo-minimal.json');
    assert.equal(attributeOf(html, 'nid-activate', 'client-id'), 'demo-minimal');

    const settings = await fetch(`${server.apiUrl}/hosted/settings/demo-minimal.json`);
    assert.deepEqual(await settings.json(), server.clients.get('demo-minimal')!.settings);
    const script = await fetch(`${server.apiUrl}/hosted/hosted.js`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.doesNotMatch(await script.text(), /innerHTML|eval\(|location/);
    // The demo site lets the API origin's pages import the bundle's lazy chunks (modules: CORS).
    await writeFile(join(distDir, 'nid-journeys-transport.js'), 'export {};\n');
    const chunk = await fetch(`${server.siteUrl}/dist/nid-journeys-transport.js`, { headers: { Origin: server.apiUrl } });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*');
    await rm(join(distDir, 'nid-journeys-transport.js'));
    const demoPage = await fetch(`${server.siteUrl}/register.html`, { headers: { Origin: server.apiUrl } });
    assert.equal(demoPage.headers.get('access-control-allow-origin'), null, 'only the package is shared');
  });

  it('escape what they show', async () => {
    const secrets = await journeySecrets();
    const { html } = await new Browser().page(hostedUrl('/authorize', journeyParams(secrets, { login_hint: '"><img src=x onerror=alert(1)>' })));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('value="&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"'));
  });
});

describe('hosted pages: the query', () => {
  it('show an error page, never a redirect, for a bad client_id or redirect_uri', async () => {
    const secrets = await journeySecrets();
    for (const path of ['/authorize', '/register', '/forgot-password', '/personal-details']) {
      for (const overrides of [
        { redirect_uri: 'https://evil.example/callback' },
        { redirect_uri: `${server.siteUrl}/callback.html?x=1` },
        { redirect_uri: `${server.apiUrl}/forgot-password?request=${'a'.repeat(43)}` },
        { redirect_uri: undefined },
        { client_id: 'no-such-client' },
        { client_id: undefined },
      ]) {
        const response = await new Browser().fetch(hostedUrl(path, journeyParams(secrets, overrides)));
        assert.equal(response.status, 400, `${path} ${JSON.stringify(overrides)}`);
        assert.equal(response.headers.get('location'), null);
        const html = await response.text();
        assert.match(html, /cannot be completed/);
        assert.ok(!html.includes('evil.example'));
      }
      const twice = hostedUrl(path, journeyParams(secrets));
      twice.searchParams.append('redirect_uri', appLink());
      assert.equal((await new Browser().fetch(twice)).status, 400);
    }
  });

  it('return other problems to the (checked) redirect_uri as error=...&state=...', async () => {
    const secrets = await journeySecrets();
    for (const [overrides, error] of [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ response_type: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge: 'too-short' }, 'invalid_request'],
      [{ scope: 'profile email' }, 'invalid_scope'],
      [{ scope: 'openid admin' }, 'invalid_scope'],
      [{ prompt: 'none login' }, 'invalid_request'],
      [{ access_type: 'forever' }, 'invalid_request'],
      [{ environment_id: 'production' }, 'invalid_request'],
      [{ response_mode: 'fragment' }, 'invalid_request'],
    ] as [Record<string, string | undefined>, string][]) {
      const landing = locationOf(await new Browser().fetch(hostedUrl('/authorize', journeyParams(secrets, overrides))));
      assert.equal(`${landing.origin}${landing.pathname}`, callbackPage());
      assert.equal(landing.searchParams.get('error'), error, JSON.stringify(overrides));
      assert.equal(landing.searchParams.get('state'), secrets.state);
      assert.equal(landing.searchParams.get('code'), null);
    }
    const noState = locationOf(await new Browser().fetch(hostedUrl('/register', journeyParams(secrets, { state: undefined }))));
    assert.equal(noState.searchParams.get('error'), 'invalid_request');
    assert.equal(noState.searchParams.get('state'), null);
    // response_format=openid belongs to /forgot-password.
    assert.equal((await new Browser().fetch(hostedUrl('/forgot-password', journeyParams(secrets, { response_format: 'openid' })))).status, 200);
    assert.equal(locationOf(await new Browser().fetch(hostedUrl('/register', journeyParams(secrets, { response_format: 'openid' })))).searchParams.get('error'), 'invalid_request');
  });

  it('take every documented parameter, and keep the query on the links between screens', async () => {
    const secrets = await journeySecrets();
    const params = journeyParams(secrets, {
      ui_locales: 'de-DE',
      prompt: 'consent',
      login_hint: 'someone@example.com',
      access_type: 'offline',
      environment_id: 'demo',
      organization_id: 'org_1',
    });
    const { response, html } = await new Browser().page(hostedUrl('/authorize', params));
    assert.equal(response.status, 200);
    assert.ok(html.includes('value="someone@example.com"'), 'login_hint fills the identifier');
    const href = /<a href="([^"]*)">Create an account<\/a>/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    assert.ok(href, 'a link to /register');
    const register = new URL(href, server.apiUrl);
    assert.equal(register.pathname, '/register');
    for (const name of ['client_id', 'redirect_uri', 'response_type', 'state', 'scope', 'nonce', 'code_challenge', 'code_challenge_method', 'ui_locales', 'login_hint', 'access_type', 'environment_id', 'organization_id']) {
      assert.equal(register.searchParams.get(name), (params as Record<string, string>)[name], name);
    }
    const cancel = /href="([^"]*error=access_denied[^"]*)"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    assert.ok(cancel, 'a cancel link');
    const cancelled = new URL(cancel);
    assert.equal(`${cancelled.origin}${cancelled.pathname}`, callbackPage());
    assert.equal(cancelled.searchParams.get('state'), secrets.state);
  });
});

describe('the sign-in stand-in (/authorize)', () => {
  it('refuses a wrong password or an unknown account alike, and an account not yet verified', async () => {
    const { address } = await activeAccount();
    const secrets = await journeySecrets();
    const browser = new Browser();
    const { html } = await browser.page(hostedUrl('/authorize', journeyParams(secrets)));
    const request = requestIdOf(html);
    const wrong = await browser.post('/authorize', { request, username: address, password: 'not the password' });
    const unknown = await browser.post('/authorize', { request, username: email(), password: PASSWORD });
    for (const response of [wrong, unknown]) {
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
      assert.match(await response.text(), /The sign-in details are not right/);
    }
    const { address: pending } = await pendingAccount();
    const unverified = await browser.post('/authorize', { request, username: pending, password: PASSWORD });
    assert.match(await unverified.text(), /not verified yet/);
    // The same request still signs the right person in.
    const landing = locationOf(await browser.post('/authorize', { request, username: address.toUpperCase(), password: PASSWORD }));
    assert.ok(landing.searchParams.get('code'));
  });

  it('locks an identifier for a while after five wrong passwords', async () => {
    const { address } = await activeAccount();
    const browser = new Browser();
    const { html } = await browser.page(hostedUrl('/authorize', journeyParams(await journeySecrets())));
    const request = requestIdOf(html);
    for (let attempt = 0; attempt < 5; attempt += 1) await browser.post('/authorize', { request, username: address, password: `wrong ${attempt}` });
    const locked = await browser.post('/authorize', { request, username: address, password: PASSWORD });
    assert.equal(locked.status, 429);
    assert.match(await locked.text(), /Too many attempts/);
  });

  it('refuses a form without the session that opened it, or posted by another site', async () => {
    const { address } = await activeAccount();
    const { html } = await new Browser().page(hostedUrl('/authorize', journeyParams(await journeySecrets())));
    const request = requestIdOf(html);
    const stranger = await new Browser().post('/authorize', { request, username: address, password: PASSWORD });
    assert.equal(stranger.status, 400);
    assert.match(await stranger.text(), /expired/);
    const crossSite = await new Browser().post('/authorize', { request, username: address, password: PASSWORD }, { Origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    const fetchSite = await new Browser().post('/authorize', { request, username: address, password: PASSWORD }, { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(fetchSite.status, 403);
  });

  it('signs a session in once: the next /authorize answers with a code (SSO), prompt=login shows the form again', async () => {
    const { address } = await activeAccount();
    const browser = new Browser();
    await signInThroughForm(browser, hostedUrl('/authorize', journeyParams(await journeySecrets())), address);
    const secrets = await journeySecrets();
    const sso = locationOf(await browser.fetch(hostedUrl('/authorize', journeyParams(secrets, { client_id: 'demo-email' }))));
    const claims = await exchange(sso, secrets, 'demo-email');
    assert.equal(claims.sub, server.store.findAccount('email', address)!.id);
    const { response, html } = await browser.page(hostedUrl('/authorize', journeyParams(await journeySecrets(), { prompt: 'login' })));
    assert.equal(response.status, 200);
    assert.match(html, /name="password"/);
  });

  it('answers prompt=none with login_required when no session is signed in', async () => {
    const secrets = await journeySecrets();
    for (const path of ['/authorize', '/personal-details']) {
      const landing = locationOf(await new Browser().fetch(hostedUrl(path, journeyParams(secrets, { prompt: 'none' }))));
      assert.equal(landing.searchParams.get('error'), 'login_required');
      assert.equal(landing.searchParams.get('state'), secrets.state);
    }
  });
});

describe('/register', () => {
  /** Opens the hosted register page: the browser and its request id. */
  async function openRegister(secrets: Secrets, clientId = 'demo-minimal') {
    const browser = new Browser();
    const { response, html } = await browser.page(hostedUrl('/register', journeyParams(secrets, { client_id: clientId })));
    assert.equal(response.status, 200, html);
    return { browser, request: requestIdOf(html) };
  }

  it('completes with a code once this session verified an account by PIN', async () => {
    const secrets = await journeySecrets();
    const { browser, request } = await openRegister(secrets);
    const body = registerBody({ redirect_uri: callbackPage() });
    const address = body.profile_fields.emailAddress;
    // The page's own elements call the API with the session cookie, same origin.
    assert.equal((await browser.api(paths.register, body)).status, 200);
    assert.equal((await browser.api(paths.token, tokenBody(address, pinOf(address), { redirect_uri: callbackPage() }))).status, 200);
    const landing = locationOf(await browser.post('/authorize/complete', { request }));
    const claims = await exchange(landing, secrets);
    assert.equal(claims.sub, server.store.findAccount('email', address)!.id);
    assert.equal(claims['email_verified'], true);
    // A request is answered once.
    assert.equal((await browser.post('/authorize/complete', { request })).status, 400);
  });

  it('refuses to complete for a session that did not verify an account', async () => {
    const secrets = await journeySecrets();
    const { browser, request } = await openRegister(secrets);
    const refused = await browser.post('/authorize/complete', { request });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('location'), null);
    assert.match(await refused.text(), /No account was verified/);

    // Registered but not verified: still nothing.
    const body = registerBody({ redirect_uri: callbackPage() });
    assert.equal((await browser.api(paths.register, body)).status, 200);
    assert.equal((await browser.post('/authorize/complete', { request })).status, 403);

    // Verified, but by a call without the session (the demo site's page, another browser): still nothing.
    const address = body.profile_fields.emailAddress;
    const elsewhere = await fetch(`${server.apiUrl}${paths.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.siteUrl, Cookie: [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ') },
      body: JSON.stringify(tokenBody(address, pinOf(address), { redirect_uri: callbackPage() })),
    });
    assert.equal(elsewhere.status, 200);
    assert.equal((await browser.post('/authorize/complete', { request })).status, 403);

    // Another browser cannot complete this session's request at all.
    const other = new Browser();
    await signInThroughForm(other, hostedUrl('/authorize', journeyParams(await journeySecrets())), address);
    const stranger = await other.post('/authorize/complete', { request });
    assert.equal(stranger.status, 400);
    assert.equal(stranger.headers.get('location'), null);
  });

  it('completes for a client without passwords as soon as the registration signs the user in', async () => {
    const secrets = await journeySecrets();
    const { browser, request } = await openRegister(secrets, 'demo-passwordless');
    const address = email();
    const body = { ...registerBody({ client_id: 'demo-passwordless', redirect_uri: callbackPage() }), profile_fields: { emailAddress: address } };
    assert.ok((await browser.api(paths.register, body)).json.authorization_code);
    const claims = await exchange(locationOf(await browser.post('/authorize/complete', { request })), secrets, 'demo-passwordless');
    assert.equal(claims['email'], address.toLowerCase());
  });
});

describe('/forgot-password', () => {
  it('sends a reset link back to itself, and a password changed in the same session completes with a code', async () => {
    const { address } = await activeAccount();
    const secrets = await journeySecrets();
    const browser = new Browser();
    const { html } = await browser.page(hostedUrl('/forgot-password', journeyParams(secrets, { response_format: 'openid', login_hint: address })));
    const request = requestIdOf(html);
    const returnUri = attributeOf(html, 'nid-forgot-password', 'redirect-uri')!;
    assert.equal(returnUri, `${server.apiUrl}/forgot-password?request=${request}`);
    assert.equal(attributeOf(html, 'nid-forgot-password', 'user-id'), address);
    assert.ok(attributeOf(html, 'nid-forgot-password', 'sign-in-url')!.startsWith('/authorize?'));

    // Step 1 as the element sends it: the return address is allowed for this request only.
    assert.equal((await browser.api(paths.forgotPassword, forgotBody(address, { redirect_uri: returnUri }))).status, 200);
    assert.equal((await browser.api(paths.forgotPassword, forgotBody(email(), { redirect_uri: `${returnUri}&x=1` }))).status, 422);
    const link = latestMessage(address, 'password_reset').link!;
    assert.equal(new URL(link).searchParams.get('request'), request);
    const linkCode = codeOf(link);

    // The link opens the same page (the element takes the code), with the completion form.
    const { response, html: step2 } = await browser.page(link);
    assert.equal(response.status, 200);
    assert.match(step2, /<form id="complete"/);
    assert.equal(attributeOf(step2, 'nid-forgot-password', 'redirect-uri'), returnUri);
    const reset = await browser.api(paths.token, tokenBody(address, linkCode, { grant_type: 'authorization_code', redirect_uri: returnUri }));
    assert.equal(reset.status, 200, reset.text);
    const changed = await browser.fetch(paths.changePassword, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.apiUrl, Authorization: `Bearer ${reset.json.access_token}` },
      body: JSON.stringify(changeBody(NEW_PASSWORD)),
    });
    assert.equal(changed.status, 200);
    const claims = await exchange(locationOf(await browser.post('/authorize/complete', { request })), secrets);
    assert.equal(claims['email'], address.toLowerCase());
  });

  it('opened in another browser, the link resets the password but completes nothing: sign in again', async () => {
    const { address } = await activeAccount();
    const secrets = await journeySecrets();
    const first = new Browser();
    const { html } = await first.page(hostedUrl('/forgot-password', journeyParams(secrets)));
    const request = requestIdOf(html);
    const returnUri = attributeOf(html, 'nid-forgot-password', 'redirect-uri')!;
    assert.equal((await first.api(paths.forgotPassword, forgotBody(address, { redirect_uri: returnUri }))).status, 200);
    const link = latestMessage(address, 'password_reset').link!;

    const other = new Browser();
    const { response, html: page } = await other.page(link);
    assert.equal(response.status, 200);
    assert.doesNotMatch(page, /id="complete"/);
    assert.equal(attributeOf(page, 'nid-forgot-password', 'sign-in-url'), undefined);
    assert.match(page, /go back to Nid Journeys demo \(minimal\) and sign in/);
    const reset = await other.api(paths.token, tokenBody(address, codeOf(link), { grant_type: 'authorization_code', redirect_uri: returnUri }));
    const changed = await other.fetch(paths.changePassword, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.apiUrl, Authorization: `Bearer ${reset.json.access_token}` },
      body: JSON.stringify(changeBody(NEW_PASSWORD)),
    });
    assert.equal(changed.status, 200);
    assert.equal((await other.post('/authorize/complete', { request })).status, 400, 'not this browser’s request');
    // Back in the first browser, the new password signs in.
    const landing = await signInThroughForm(first, hostedUrl('/authorize', journeyParams(secrets)), address, NEW_PASSWORD);
    assert.equal((await exchange(landing, secrets)).sub, server.store.findAccount('email', address)!.id);
  });

  it('says an unknown or expired request has expired', async () => {
    for (const id of ['a'.repeat(43), 'short', '']) {
      const response = await new Browser().fetch(`/forgot-password?request=${id}&code=x`);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /has expired/);
    }
  });
});

describe('/personal-details', () => {
  it('shows the sign-in stand-in first, then the profile, and "Back to the application" returns a code', async () => {
    const address = email();
    const body = registerBody({ client_id: 'demo-minimal' }, { emailAddress: address });
    assert.equal((await register(body)).status, 200);
    assert.equal((await fetch(`${server.apiUrl}${paths.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tokenBody(address, pinOf(address))) })).status, 200);
    const secrets = await journeySecrets();
    const browser = new Browser();
    const url = hostedUrl('/personal-details', journeyParams(secrets, { access_type: 'offline' }));
    const next = await signInThroughForm(browser, url, address);
    assert.equal(next.pathname, '/personal-details');
    assert.equal(next.searchParams.get('state'), secrets.state);
    assert.equal(next.searchParams.get('code'), null, 'no code yet');

    const { response, html } = await browser.page(next);
    assert.equal(response.status, 200);
    assert.match(html, /Your personal details/);
    assert.ok(html.includes(`<dt>Email address</dt><dd>${address.toLowerCase()}</dd>`));
    assert.match(html, /Back to the application/);
    assert.ok(!html.includes('scrypt'), 'no password hash');
    const claims = await exchange(locationOf(await browser.post('/authorize/complete', { request: requestIdOf(html) })), secrets);
    assert.equal(claims['email'], address.toLowerCase());
  });
});
