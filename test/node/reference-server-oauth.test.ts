/**
 * The reference server's OpenID Connect stand-in, driven by oauth4webapi as
 * a real client would: discovery and the JWKS, the PKCE flow through the
 * sign-in stand-in, `/token` (codes bound to client, redirect URI,
 * verifier and nonce; single-use; expiry; confidential Basic; refresh
 * rotation; RFC 6749 errors), `/userinfo`, `/endsession`, and the codes
 * that do not come from a browser flow (an invitation's, a passwordless
 * registration's).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oauth from 'oauth4webapi';
import {
  Browser,
  NEW_PASSWORD,
  PASSWORD,
  activeAccount,
  appLink,
  basicAuth,
  callbackPage,
  clock,
  codeOf,
  discover,
  email,
  fullRegisterBody,
  hostedUrl,
  insecure,
  journeyParams,
  journeySecrets,
  latestMessage,
  locationOf,
  logLines,
  mobile,
  oauthClient,
  pinOf,
  register,
  registerBody,
  server,
  signInThroughForm,
  smsRegisterBody,
  token,
  tokenBody,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const MINUTE = 60_000;
/** Everything that must never reach a log line. */
const secretsSeen: string[] = [];

const secretOf = (client: string) => server.clients.get(client)!.secret;

/** A browser PKCE journey through the sign-in stand-in, up to the callback (not yet exchanged). */
async function signIn(options: { clientId?: string; username?: string; password?: string; scope?: string } = {}) {
  const clientId = options.clientId ?? 'demo-minimal';
  const username = options.username ?? (await activeAccount()).address;
  const secrets = await journeySecrets();
  const browser = new Browser();
  const url = hostedUrl('/authorize', journeyParams(secrets, { client_id: clientId, ...(options.scope ? { scope: options.scope } : {}) }));
  const callback = await signInThroughForm(browser, url, username, options.password);
  secretsSeen.push(secrets.verifier, callback.searchParams.get('code') ?? '');
  return { ...secrets, clientId, username, browser, callback, code: callback.searchParams.get('code')! };
}

/** A raw `/token` call (form-urlencoded), for the answers oauth4webapi would turn into exceptions. */
async function tokenCall(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.apiUrl}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** The code exchange of a browser journey, with oauth4webapi: validated tokens and claims. */
async function exchange(journey: Awaited<ReturnType<typeof signIn>>) {
  const as = await discover();
  const client = oauthClient(journey.clientId);
  const params = oauth.validateAuthResponse(as, client, journey.callback, journey.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, callbackPage(), journey.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: journey.nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, insecure);
  secretsSeen.push(result.access_token, result.refresh_token ?? '', result.id_token ?? '');
  return { as, client, result, claims: oauth.getValidatedIdTokenClaims(result)! };
}

function assertOAuthError(result: { status: number; headers: Headers; json: any }, status: number, error: string): void {
  assert.equal(result.status, status, JSON.stringify(result.json));
  assert.equal(result.json.error, error);
  assert.equal(typeof result.json.error_description, 'string');
  assert.equal(result.headers.get('cache-control'), 'no-store');
  assert.match(result.headers.get('content-type') ?? '', /^application\/json/);
}

async function userInfo(accessToken: string) {
  const response = await fetch(`${server.apiUrl}/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe('discovery and JWKS', () => {
  it('publishes the OpenID Provider metadata, issuer exactly the API origin', async () => {
    const response = await fetch(`${server.apiUrl}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const metadata = await response.json();
    const base = server.apiUrl;
    assert.ok(!base.endsWith('/'));
    assert.deepEqual(
      {
        issuer: metadata.issuer,
        authorization_endpoint: metadata.authorization_endpoint,
        token_endpoint: metadata.token_endpoint,
        userinfo_endpoint: metadata.userinfo_endpoint,
        jwks_uri: metadata.jwks_uri,
        end_session_endpoint: metadata.end_session_endpoint,
        response_types_supported: metadata.response_types_supported,
        grant_types_supported: metadata.grant_types_supported,
        code_challenge_methods_supported: metadata.code_challenge_methods_supported,
        id_token_signing_alg_values_supported: metadata.id_token_signing_alg_values_supported,
        token_endpoint_auth_methods_supported: metadata.token_endpoint_auth_methods_supported,
        subject_types_supported: metadata.subject_types_supported,
      },
      {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        userinfo_endpoint: `${base}/userinfo`,
        jwks_uri: `${base}/.well-known/jwks.json`,
        end_session_endpoint: `${base}/endsession`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
        subject_types_supported: ['public'],
      },
    );
    assert.ok(metadata.scopes_supported.includes('openid'));
    for (const claim of ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'email_verified', 'phone_number', 'given_name', 'family_name', 'name']) {
      assert.ok(metadata.claims_supported.includes(claim), claim);
    }
    // oauth4webapi's own check of the issuer.
    assert.equal((await discover()).issuer, base);
  });

  it('publishes one RSA public key, without any private member', async () => {
    const response = await fetch(`${server.apiUrl}/.well-known/jwks.json`);
    assert.equal(response.status, 200);
    const { keys } = await response.json();
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.equal(key.e, 'AQAB');
    assert.ok(Buffer.from(key.n, 'base64url').length >= 256, 'a 2048-bit modulus');
    assert.match(key.kid, /^[A-Za-z0-9_-]{43}$/);
  });

  it('answers CORS for the demo site on discovery, the JWKS, /token and /userinfo', async () => {
    for (const origin of [server.siteUrl, server.siteUrl.replace('localhost', '127.0.0.1')]) {
      for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
        const response = await fetch(`${server.apiUrl}${path}`, { headers: { Origin: origin } });
        assert.equal(response.headers.get('access-control-allow-origin'), origin, path);
      }
      for (const [path, method] of [['/token', 'POST'], ['/userinfo', 'GET']] as const) {
        const preflight = await fetch(`${server.apiUrl}${path}`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'authorization' },
        });
        assert.equal(preflight.status, 204, path);
        assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
        assert.match(preflight.headers.get('access-control-allow-methods') ?? '', new RegExp(method));
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      }
    }
    const evil = { Origin: 'https://evil.example' };
    const metadata = await fetch(`${server.apiUrl}/.well-known/openid-configuration`, { headers: evil });
    assert.equal(metadata.status, 200, 'public metadata');
    assert.equal(metadata.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${server.apiUrl}/token`, { method: 'OPTIONS', headers: { ...evil, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.status, 403);
    const journey = await signIn();
    const refused = await tokenCall(
      { grant_type: 'authorization_code', client_id: 'demo-minimal', code: journey.code, redirect_uri: callbackPage(), code_verifier: journey.verifier },
      evil,
    );
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    // Refused before any work: the code still works.
    assert.equal((await exchange(journey)).claims.sub, server.store.findAccount('email', journey.username)!.id);
  });
});

describe('authorization code with PKCE (a browser)', () => {
  it('signs in through the stand-in and returns a verified ID token: iss, aud, nonce, auth_time, the profile', async () => {
    const address = email();
    assert.equal((await register(fullRegisterBody(address))).status, 200);
    assert.equal((await token(tokenBody(address, pinOf(address), { client_id: 'demo-email' }))).status, 200);
    const before = Math.floor(clock.now / 1000);
    const journey = await signIn({ clientId: 'demo-email', username: address });
    assert.equal(`${journey.callback.origin}${journey.callback.pathname}`, callbackPage());
    assert.deepEqual([...journey.callback.searchParams.keys()].sort(), ['code', 'state']);
    assert.equal(journey.callback.searchParams.get('state'), journey.state);

    const { result, claims } = await exchange(journey);
    const account = server.store.findAccount('email', address)!;
    assert.equal(result.token_type, 'bearer');
    assert.equal(result.expires_in, 3600);
    assert.equal(result.scope, 'openid profile email');
    assert.equal(typeof result.refresh_token, 'string');
    assert.equal(claims.iss, server.apiUrl);
    assert.equal(claims.aud, 'demo-email');
    assert.equal(claims.sub, account.id);
    assert.equal(claims.nonce, journey.nonce);
    assert.ok(claims.auth_time! >= before && claims.auth_time! <= claims.iat);
    assert.equal(claims.exp, claims.iat + 3600);
    assert.equal(claims['email'], address.toLowerCase());
    assert.equal(claims['email_verified'], true);
    assert.equal(claims['given_name'], 'John');
    assert.equal(claims['family_name'], 'Smith');
    assert.equal(claims['name'], 'John Smith');
    assert.equal(claims['phone_number'], undefined, 'an email account');

    const [header] = result.id_token!.split('.');
    const jwks = await (await fetch(`${server.apiUrl}/.well-known/jwks.json`)).json();
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', kid: jwks.keys[0].kid });
  });

  it('puts phone_number in the ID token of an SMS account', async () => {
    const number = mobile();
    assert.equal((await register(smsRegisterBody(number))).status, 200);
    const pin = latestMessage(number, 'verification').pin!;
    assert.equal((await token(tokenBody(number, pin, { client_id: 'demo-sms', auth_type: 'sms' }))).status, 200);
    const { claims } = await exchange(await signIn({ clientId: 'demo-sms', username: number }));
    assert.equal(claims['phone_number'], number);
    assert.equal(claims['phone_number_verified'], true);
    assert.equal(claims['email'], undefined);
    assert.equal(claims['name'], 'Ann Lee');
  });

  it('refuses a code used twice, and revokes what its first use issued', async () => {
    const journey = await signIn();
    const { result } = await exchange(journey);
    assert.equal((await userInfo(result.access_token)).status, 200);
    const again = await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-minimal', code: journey.code, redirect_uri: callbackPage(), code_verifier: journey.verifier });
    assertOAuthError(again, 400, 'invalid_grant');
    assert.equal((await userInfo(result.access_token)).status, 401, 'the access token is revoked');
    assertOAuthError(await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-minimal', refresh_token: result.refresh_token! }), 400, 'invalid_grant');
  });

  it('refuses a wrong verifier, a missing one, another redirect_uri, another client, and uses the code up', async () => {
    const cases: [string, (journey: Awaited<ReturnType<typeof signIn>>) => Record<string, string>][] = [
      ['wrong verifier', (j) => ({ code_verifier: oauth.generateRandomCodeVerifier(), code: j.code })],
      ['missing verifier', (j) => ({ code: j.code })],
      ['short verifier', (j) => ({ code_verifier: 'abc', code: j.code })],
      ['other redirect_uri', (j) => ({ code_verifier: j.verifier, code: j.code, redirect_uri: appLink() })],
      ['other client', (j) => ({ code_verifier: j.verifier, code: j.code, client_id: 'demo-email' })],
    ];
    for (const [name, form] of cases) {
      const journey = await signIn();
      const refused = await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-minimal', redirect_uri: callbackPage(), ...form(journey) });
      assertOAuthError(refused, 400, 'invalid_grant');
      // The code is used up: the right request now fails too.
      const right = await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-minimal', redirect_uri: callbackPage(), code: journey.code, code_verifier: journey.verifier });
      assertOAuthError(right, 400, 'invalid_grant');
      assert.ok(true, name);
    }
  });

  it('refuses an expired code (10 minutes)', async () => {
    const journey = await signIn();
    clock.now += 10 * MINUTE + 1000;
    const refused = await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-minimal', code: journey.code, redirect_uri: callbackPage(), code_verifier: journey.verifier });
    assertOAuthError(refused, 400, 'invalid_grant');
  });

  it('validates with oauth4webapi only against the right nonce', async () => {
    const journey = await signIn();
    const as = await discover();
    const client = oauthClient();
    const params = oauth.validateAuthResponse(as, client, journey.callback, journey.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, callbackPage(), journey.verifier, insecure);
    await assert.rejects(oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: oauth.generateRandomNonce() }), /nonce/);
  });

  it('rotates refresh tokens; replaying a rotated one revokes the grant', async () => {
    const { as, client, result } = await exchange(await signIn());
    const firstRefresh = result.refresh_token!;
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), firstRefresh, insecure));
    secretsSeen.push(refreshed.access_token, refreshed.refresh_token!);
    assert.notEqual(refreshed.refresh_token, firstRefresh);
    assert.notEqual(refreshed.access_token, result.access_token);
    const claims = oauth.getValidatedIdTokenClaims(refreshed)!;
    assert.equal(claims.sub, oauth.getValidatedIdTokenClaims(result)!.sub);
    assert.equal(claims.auth_time, oauth.getValidatedIdTokenClaims(result)!.auth_time, 'the original authentication time');
    assert.equal(claims.nonce, undefined);
    assert.equal((await userInfo(refreshed.access_token)).status, 200);

    // The old one again: refused, and the whole grant ends (the new tokens included).
    assertOAuthError(await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-minimal', refresh_token: firstRefresh }), 400, 'invalid_grant');
    assert.equal((await userInfo(refreshed.access_token)).status, 401);
    assertOAuthError(await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-minimal', refresh_token: refreshed.refresh_token! }), 400, 'invalid_grant');
  });

  it('refuses a refresh by another client, or a scope beyond the grant', async () => {
    const { result } = await exchange(await signIn());
    assertOAuthError(await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-email', refresh_token: result.refresh_token! }), 400, 'invalid_grant');
    const { result: other } = await exchange(await signIn());
    assertOAuthError(
      await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-minimal', refresh_token: other.refresh_token!, scope: 'openid phone' }),
      400,
      'invalid_scope',
    );
  });
});

describe('/token errors (RFC 6749 5.2)', () => {
  it('answers invalid_request, unsupported_grant_type and invalid_client as JSON with no-store', async () => {
    assertOAuthError(await tokenCall({ client_id: 'demo-minimal' }), 400, 'invalid_request');
    assertOAuthError(await tokenCall({ grant_type: 'password', client_id: 'demo-minimal' }), 400, 'unsupported_grant_type');
    assertOAuthError(await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-minimal', redirect_uri: callbackPage() }), 400, 'invalid_request');
    assertOAuthError(await tokenCall({ grant_type: 'authorization_code', code: 'x', redirect_uri: callbackPage() }), 400, 'invalid_request');
    const duplicated = await fetch(`${server.apiUrl}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&client_id=demo-minimal&refresh_token=a&refresh_token=b',
    });
    assertOAuthError({ status: duplicated.status, headers: duplicated.headers, json: await duplicated.json() }, 400, 'invalid_request');
    const json = await fetch(`${server.apiUrl}/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":"refresh_token"}' });
    assertOAuthError({ status: json.status, headers: json.headers, json: await json.json() }, 400, 'invalid_request');
    const get = await fetch(`${server.apiUrl}/token`);
    assert.equal(get.status, 405);

    for (const [form, headers] of [
      [{ grant_type: 'refresh_token', client_id: 'no-such-client', refresh_token: 'x' }, {}],
      [{ grant_type: 'refresh_token', refresh_token: 'x' }, { Authorization: basicAuth('demo-minimal', 'wrong') }],
      [{ grant_type: 'refresh_token', refresh_token: 'x' }, { Authorization: basicAuth('no-such-client', secretOf('demo-minimal')) }],
      [{ grant_type: 'refresh_token', refresh_token: 'x' }, { Authorization: `Bearer ${secretOf('demo-minimal')}` }],
      [{ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'demo-minimal', client_secret: secretOf('demo-minimal') }, {}],
    ] as [Record<string, string>, Record<string, string>][]) {
      const result = await tokenCall(form, headers);
      assertOAuthError(result, 401, 'invalid_client');
      assert.match(result.headers.get('www-authenticate') ?? '', /^Basic realm="token"/);
    }
    assertOAuthError(await tokenCall({ grant_type: 'refresh_token', refresh_token: 'not-a-token', client_id: 'demo-minimal' }), 400, 'invalid_grant');
  });
});

describe('confidential clients (Basic)', () => {
  it('exchanges a browser code with Basic and the verifier, and then refreshes only with Basic', async () => {
    const journey = await signIn({ clientId: 'demo-email' });
    const as = await discover();
    const client = oauthClient('demo-email');
    const params = oauth.validateAuthResponse(as, client, journey.callback, journey.state);
    const basic = oauth.ClientSecretBasic(secretOf('demo-email'));
    const response = await oauth.authorizationCodeGrantRequest(as, client, basic, params, callbackPage(), journey.verifier, insecure);
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: journey.nonce, requireIdToken: true });
    await oauth.validateApplicationLevelSignature(as, response, insecure);
    secretsSeen.push(result.access_token, result.refresh_token!);
    assert.equal(oauth.getValidatedIdTokenClaims(result)!.aud, 'demo-email');

    const publicRefresh = await tokenCall({ grant_type: 'refresh_token', client_id: 'demo-email', refresh_token: result.refresh_token! });
    assertOAuthError(publicRefresh, 401, 'invalid_client');
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, basic, result.refresh_token!, insecure));
    assert.ok(refreshed.access_token);
  });

  it('refuses Basic credentials of another client than the body names', async () => {
    const journey = await signIn({ clientId: 'demo-email' });
    const result = await tokenCall(
      { grant_type: 'authorization_code', client_id: 'demo-email', code: journey.code, redirect_uri: callbackPage(), code_verifier: journey.verifier },
      { Authorization: basicAuth('demo-sms', secretOf('demo-sms')) },
    );
    assertOAuthError(result, 400, 'invalid_request');
  });
});

describe('codes that no browser flow started', () => {
  /** Invites, activates through the hosted activation stand-in: the app link it lands on. */
  async function invitationLanding(state?: string): Promise<{ landing: URL; address: string }> {
    const address = email();
    server.invite({ clientId: 'demo-email', channel: 'email', identifier: address, profile: { firstName: 'Ada', lastName: 'Lovelace' }, ...(state ? { state } : {}) });
    const code = codeOf(latestMessage(address, 'invitation').link);
    const response = await fetch(`${server.apiUrl}/activate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD }).toString(),
      redirect: 'manual',
    });
    const landing = locationOf(response);
    secretsSeen.push(landing.searchParams.get('code')!);
    return { landing, address };
  }

  it("exchanges an invitation's code with Basic and the app link as redirect_uri (no PKCE)", async () => {
    const { landing, address } = await invitationLanding('invite-state');
    const as = await discover();
    const client = oauthClient('demo-email');
    const params = oauth.validateAuthResponse(as, client, landing, 'invite-state');
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(secretOf('demo-email')), params, appLink(), oauth.nopkce, insecure);
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, { requireIdToken: true });
    await oauth.validateApplicationLevelSignature(as, response, insecure);
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    assert.equal(claims.sub, server.store.findAccount('email', address)!.id);
    assert.equal(claims['name'], 'Ada Lovelace');
    assert.equal(claims.nonce, undefined);
  });

  it('refuses it with any other redirect_uri, and publicly (without the secret)', async () => {
    const other = await invitationLanding();
    const wrongRedirect = await tokenCall(
      { grant_type: 'authorization_code', code: other.landing.searchParams.get('code')!, redirect_uri: callbackPage() },
      { Authorization: basicAuth('demo-email', secretOf('demo-email')) },
    );
    assertOAuthError(wrongRedirect, 400, 'invalid_grant');

    const { landing } = await invitationLanding();
    const code = landing.searchParams.get('code')!;
    const publicExchange = await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-email', code, redirect_uri: appLink() });
    assertOAuthError(publicExchange, 401, 'invalid_client');
    const withVerifier = await tokenCall(
      { grant_type: 'authorization_code', code, redirect_uri: appLink(), code_verifier: oauth.generateRandomCodeVerifier() },
      { Authorization: basicAuth('demo-email', secretOf('demo-email')) },
    );
    assertOAuthError(withVerifier, 400, 'invalid_grant');
  });

  it("exchanges a passwordless registration's code with Basic and the register's redirect_uri", async () => {
    const address = email();
    const registered = await register({ ...registerBody({ client_id: 'demo-passwordless' }), profile_fields: { emailAddress: address, firstName: 'Pat' } });
    const code = registered.json.authorization_code;
    secretsSeen.push(code);
    assertOAuthError(await tokenCall({ grant_type: 'authorization_code', client_id: 'demo-passwordless', code, redirect_uri: appLink() }), 401, 'invalid_client');
    const exchanged = await tokenCall(
      { grant_type: 'authorization_code', client_id: 'demo-passwordless', code, redirect_uri: appLink() },
      { Authorization: basicAuth('demo-passwordless', secretOf('demo-passwordless')) },
    );
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.json));
    assert.deepEqual(Object.keys(exchanged.json).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    assert.equal(exchanged.json.token_type, 'Bearer');
    assert.equal(exchanged.json.scope, 'openid');
    assert.equal(exchanged.headers.get('pragma'), 'no-cache');
    const info = await userInfo(exchanged.json.access_token);
    assert.equal(info.json.given_name, 'Pat');
    assert.equal(info.json.email, address.toLowerCase());
  });
});

describe('/userinfo', () => {
  it('answers the claims for a Bearer access token (oauth4webapi checks sub)', async () => {
    const { as, client, result, claims } = await exchange(await signIn());
    const response = await oauth.userInfoRequest(as, client, result.access_token, insecure);
    const info = await oauth.processUserInfoResponse(as, client, claims.sub, response);
    assert.equal(info.sub, claims.sub);
    assert.equal(info.email, claims['email']);
    assert.equal(info.email_verified, true);
  });

  it('answers 401 with WWW-Authenticate without a token, or with a bad or expired one', async () => {
    const missing = await fetch(`${server.apiUrl}/userinfo`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer realm="userinfo"');
    for (const header of ['Bearer not-a-token', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const response = await fetch(`${server.apiUrl}/userinfo`, { headers: { Authorization: header } });
      assert.equal(response.status, 401, header);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm="userinfo"/);
    }
    const bad = await userInfo('not-a-token');
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const { result } = await exchange(await signIn());
    clock.now += 61 * MINUTE;
    assert.equal((await userInfo(result.access_token)).status, 401, 'expired after an hour');
  });
});

describe('/endsession', () => {
  it('ends the hosted session and answers 303 to the allow-listed URI with state', async () => {
    const journey = await signIn();
    const { result } = await exchange(journey);
    const { browser } = journey;
    // Signed in: /authorize answers with a code at once.
    const again = await journeySecrets();
    const sso = locationOf(await browser.fetch(hostedUrl('/authorize', journeyParams(again))));
    assert.ok(sso.searchParams.get('code'));
    secretsSeen.push(sso.searchParams.get('code')!);

    const url = hostedUrl('/endsession', {
      client_id: 'demo-minimal',
      post_logout_redirect_uri: `${server.siteUrl}/`,
      state: 'bye',
      id_token_hint: result.id_token,
    });
    const ended = await browser.fetch(url);
    const target = locationOf(ended);
    assert.equal(target.href, `${server.siteUrl}/?state=bye`);
    assert.match(ended.headers.get('set-cookie') ?? '', /Max-Age=0/);
    const { response, html } = await browser.page(hostedUrl('/authorize', journeyParams(await journeySecrets())));
    assert.equal(response.status, 200, 'the sign-in form again');
    assert.match(html, /name="password"/);

    const appPage = await new Browser().fetch(hostedUrl('/endsession', { client_id: 'demo-minimal', post_logout_redirect_uri: `${server.siteUrl}/app.html` }));
    assert.equal(locationOf(appPage).href, `${server.siteUrl}/app.html`);
  });

  it('refuses a URI that is not allow-listed, an unknown client, or a foreign ID token hint, with a 400 page', async () => {
    const { result } = await exchange(await signIn());
    for (const params of [
      { client_id: 'demo-minimal', post_logout_redirect_uri: 'https://evil.example/' },
      { client_id: 'demo-minimal', post_logout_redirect_uri: `${server.siteUrl}/register.html` },
      { client_id: 'demo-minimal' },
      { client_id: 'no-such-client', post_logout_redirect_uri: `${server.siteUrl}/` },
      { client_id: 'demo-email', post_logout_redirect_uri: `${server.siteUrl}/`, id_token_hint: result.id_token! },
      { client_id: 'demo-minimal', post_logout_redirect_uri: `${server.siteUrl}/`, id_token_hint: `${result.id_token!.slice(0, -4)}AAAA` },
    ]) {
      const response = await new Browser().fetch(hostedUrl('/endsession', params));
      assert.equal(response.status, 400, JSON.stringify(params));
      assert.equal(response.headers.get('location'), null);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await response.text(), /cannot be completed/);
    }
  });
});

describe('logs', () => {
  it('never contain a code, token, verifier, password or PIN', () => {
    const log = logLines.join('\n');
    assert.ok(log.includes('api: POST /token -> 200'));
    assert.ok(log.includes('api: POST /authorize -> 303'));
    for (const secret of [...secretsSeen, PASSWORD, NEW_PASSWORD].filter((value) => value.length > 0)) {
      assert.ok(!log.includes(secret), 'a secret reached the log');
    }
  });
});
