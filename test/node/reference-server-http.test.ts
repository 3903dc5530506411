/**
 * The reference server's HTTP rules (CORS, env_id, bodies, limits, routing,
 * logging) and the demo site (static files, /demo-config.js, the settings
 * JSON, the outbox).
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { clientSettings } from '../../src/api/contract.js';
import {
  ANSWER,
  NEW_PASSWORD,
  PASSWORD,
  activeAccount,
  assertAnswer,
  call,
  changeBody,
  changePassword,
  codeOf,
  distDir,
  email,
  forgotBody,
  forgotPassword,
  fullRegisterBody,
  latestMessage,
  logLines,
  messagesTo,
  paths,
  pendingAccount,
  register,
  registerBody,
  resendBody,
  resendVerification,
  resetPage,
  server,
  token,
  tokenBody,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

const INVALID_JSON_EMPTY = { error: 'http_exception', error_description: 'Invalid json format' };
const INVALID_JSON = { error: 'invalid_parameters', error_description: 'Invalid json format' };

describe('HTTP rules', () => {
  it('answers a CORS preflight from the demo site, Authorization allowed', async () => {
    for (const origin of [server.siteUrl, server.siteUrl.replace('localhost', '127.0.0.1')]) {
      for (const path of Object.values(paths)) {
        const result = await call(path, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, authorization' },
        });
        assert.equal(result.status, 204);
        assert.equal(result.headers.get('access-control-allow-origin'), origin);
        assert.equal(result.headers.get('access-control-allow-methods'), 'POST');
        assert.equal(result.headers.get('access-control-allow-headers'), 'Content-Type, Accept, Authorization');
        assert.ok(Number(result.headers.get('access-control-max-age')) > 0);
        assert.match(result.headers.get('vary') ?? '', /Origin/);
      }
    }
  });

  it('refuses other origins before doing any work', async () => {
    const preflight = await call(paths.register, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const body = registerBody();
    const post = await register(body, { Origin: 'https://evil.example' });
    assertAnswer(post, 403, { error: 'http_exception', error_description: 'Forbidden' });
    assert.equal(post.headers.get('access-control-allow-origin'), null);
    assert.equal(server.store.findAccount('email', body.profile_fields.emailAddress), undefined);
  });

  it('exposes Retry-After to the demo site', async () => {
    const address = email();
    const headers = { Origin: server.siteUrl };
    await resendVerification(resendBody(address), headers);
    const limited = await resendVerification(resendBody(address), headers);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('access-control-allow-origin'), server.siteUrl);
    assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  it('takes ?env_id= when it names this environment, and answers 400 invalid_domain otherwise', async () => {
    assert.equal(server.envId, 'demo');
    assert.equal((await call(paths.register, { body: registerBody(), query: { env_id: 'demo' } })).status, 200);
    const body = registerBody();
    const wrong = await call(paths.register, { body, query: { env_id: 'production' } });
    assertAnswer(wrong, 400, { error: 'invalid_domain', error_description: 'Invalid API usage' });
    assert.equal(server.store.findAccount('email', body.profile_fields.emailAddress), undefined);
    assert.equal((await call(`${paths.forgotPassword}?env_id=demo&env_id=other`, { body: forgotBody(email()) })).status, 400);
  });

  it('answers the vendor\'s 400s: empty body http_exception, malformed JSON invalid_parameters', async () => {
    for (const path of Object.values(paths)) {
      assertAnswer(await call(path, { body: '' }), path === paths.preRegister ? 401 : 400, path === paths.preRegister ? { error: 'http_exception', error_description: 'Unauthorized' } : INVALID_JSON_EMPTY);
    }
    assertAnswer(await register('   '), 400, INVALID_JSON_EMPTY);
    assertAnswer(await call(paths.register, { method: 'POST', headers: {} }), 400, INVALID_JSON_EMPTY);
    for (const text of ['{"client_id":', '[1,2]', 'null', '"text"', '{"a":1}x']) {
      assertAnswer(await register(text), 400, INVALID_JSON);
    }
    assertAnswer(await register(new Uint8Array([0x7b, 0xff, 0x7d])), 400, INVALID_JSON); // not UTF-8
  });

  it('answers 415 for a body that is not JSON', async () => {
    const result = await register('client_id=demo-minimal', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assertAnswer(result, 415, { error: 'http_exception', error_description: 'Unsupported Media Type' });
    assert.equal((await register(JSON.stringify(registerBody()), { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await register(registerBody(), { 'Content-Type': 'application/json; charset=utf-8' })).status, 200);
  });

  it('answers 413 for a body over 64 KB', async () => {
    const result = await register(registerBody({ padding: 'x'.repeat(100 * 1024) }));
    assertAnswer(result, 413, { error: 'http_exception', error_description: 'Request Entity Too Large' });
  });

  it('answers 404 for an unknown route (the v1 ones included) and 405 for a wrong method', async () => {
    for (const path of ['/idp/v1/nothing-here', '/idp/v1/account/activate', '/idp/v1/account/activate/resend', '/idp/v1/account/reset-password', '/idp/v1/clients/demo-email/settings']) {
      assertAnswer(await call(path, { body: {} }), 404, { error: 'http_exception', error_description: 'Not Found' });
    }
    const wrongMethod = await call(paths.register);
    assertAnswer(wrongMethod, 405, { error: 'http_exception', error_description: 'Method Not Allowed' });
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
  });

  it('ignores an Idempotency-Key (v1): every request is handled on its own', async () => {
    const address = email();
    const headers = { 'Idempotency-Key': 'same-key' };
    assert.equal((await resendVerification(resendBody(address), headers)).status, 200);
    const second = await resendVerification(resendBody(address), headers);
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('idempotent-replayed'), null);
  });

  it('answers every call with no-store and nosniff', async () => {
    const result = await register(registerBody());
    assert.equal(result.headers.get('cache-control'), 'no-store');
    assert.equal(result.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(result.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  it('never logs bodies, passwords, answers, PINs, codes, tokens or addresses', async () => {
    const address = email();
    await register(fullRegisterBody(address));
    await register(registerBody({}, { emailAddress: address, newPassword: 'Sh0rt!', newPasswordConfirm: 'Sh0rt!' }));
    const pin = latestMessage(address, 'verification').pin!;
    const verified = await token(tokenBody(address, pin, { client_id: 'demo-email' }));
    const accessToken = verified.json.access_token;
    await forgotPassword(forgotBody(address, { client_id: 'demo-email' }));
    const code = codeOf(latestMessage(address, 'password_reset').link);
    const reset = await token(tokenBody(address, code, { client_id: 'demo-email', grant_type: 'authorization_code', redirect_uri: resetPage() }));
    await changePassword(changeBody(NEW_PASSWORD, { client_id: 'demo-email' }), reset.json.access_token);
    const log = logLines.join('\n');
    assert.ok(log.includes('api: POST /idp/v1/account/register -> 200'), 'requests are logged');
    assert.ok(log.includes('outbox: verification email queued'), 'messages are logged by kind');
    for (const secret of [PASSWORD, NEW_PASSWORD, ANSWER, 'Sh0rt!', pin, code, accessToken, reset.json.access_token, address, 'John', 'profile_fields']) {
      assert.ok(!log.includes(secret), `the log does not contain ${secret}`);
    }
  });
});

describe('demo site', () => {
  const site = (path: string) => fetch(`${server.siteUrl}${path}`);

  it('serves the pages with a content type, no-store and a CSP', async () => {
    const response = await site('/register.html');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    assert.match(response.headers.get('content-security-policy') ?? '', new RegExp(server.apiUrl.replace(/[.]/g, '\\.')));
    assert.match(await response.text(), /\/dist\/nid-journeys\.js/);
    assert.equal((await site('/')).status, 200);
    assert.equal((await site('/demo.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await site('/demo.css')).headers.get('content-type'), 'text/css; charset=utf-8');
  });

  it('serves /demo-config.js with the API base domain and the environment id', async () => {
    const text = await (await site('/demo-config.js')).text();
    assert.match(text, /^window\.NID_DEMO = Object\.freeze\(/);
    assert.ok(text.includes(JSON.stringify(server.apiUrl)));
    assert.ok(text.includes('"envId":"demo"'));
  });

  it("serves each client's settings at /settings/<client-id>.json, valid against the contract", async () => {
    for (const id of ['demo-email', 'demo-sms', 'demo-minimal', 'demo-passwordless']) {
      const response = await site(`/settings/${id}.json`);
      assert.equal(response.status, 200, id);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      const settings = await response.json();
      assert.ok(clientSettings.safeParse(settings).success, id);
      assert.deepEqual(settings, server.clients.get(id)!.settings);
    }
    const email = await (await site('/settings/demo-email.json')).json();
    assert.deepEqual(email.consents, [
      { id: 'terms', url: `${server.siteUrl}/terms.html`, field: 'acceptTerms' },
      { id: 'privacy', url: `${server.siteUrl}/privacy.html` },
    ]);
    assert.equal(email.terms_url, undefined);
    assert.deepEqual(email.register_fields.find((f: { name: string }) => f.name === 'securityQuestions'), { name: 'securityQuestions', required: true, count: 2 });
    assert.equal((await (await site('/settings/demo-passwordless.json')).json()).password_required, false);
    assert.equal((await (await site('/settings/demo-sms.json')).json()).auth_type, 'sms');
    for (const path of ['/settings/unknown.json', '/settings/demo-email', '/settings/..%2fpackage.json']) {
      assert.equal((await site(path)).status, 404, path);
    }
  });

  it('lets every client return to the app, the reset page and the verify page of every site origin', () => {
    for (const client of server.clients.values()) {
      for (const origin of [server.siteUrl, server.siteUrl.replace('localhost', '127.0.0.1')]) {
        for (const page of ['/app.html', '/forgot-password.html', '/activate.html']) {
          assert.ok(client.redirectUris.includes(`${origin}${page}`), `${client.id}: ${origin}${page}`);
        }
      }
    }
  });

  it('says "run npm run build" when the bundle is missing, and serves it once built', async () => {
    const missing = await site('/dist/nid-journeys.js');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /npm run build/);
    await writeFile(join(distDir, 'nid-journeys.js'), 'console.log("bundle");\n');
    const built = await site('/dist/nid-journeys.js');
    assert.equal(built.status, 200);
    assert.equal(built.headers.get('content-type'), 'text/javascript; charset=utf-8');
    await rm(join(distDir, 'nid-journeys.js'));
  });

  it('does not serve anything outside demo/ and dist/, nor the server sources', async () => {
    for (const path of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/dist/..%2f..%2fpackage.json',
      '/dist/%2e%2e/package.json',
      '/server/main.ts',
      '/server%2fmain.ts',
      '/.gitignore',
      '/dist/.hidden.js',
    ]) {
      assert.equal((await site(path)).status, 404, path);
    }
    assert.equal((await fetch(`${server.siteUrl}/index.html`, { method: 'POST' })).status, 405);
  });

  it('shows the outbox newest first, HTML-escaped, PINs as text and links as anchors', async () => {
    const older = email();
    const newer = email();
    await pendingAccount(older);
    const hostile = fullRegisterBody(newer, { firstName: '<img src=x onerror=alert(1)>' });
    assert.equal((await register(hostile)).status, 200);
    const { address: resetting } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(resetting))).status, 200);

    const response = await site('/outbox');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(!/<script/i.test(html), 'no script');
    assert.ok(html.indexOf(newer) < html.indexOf(older), 'newest first');
    assert.ok(!html.includes('<img src=x'), 'profile text is escaped');
    assert.ok(html.includes('Hello &#60;img src=x onerror=alert(1)&#62;,'));
    const pin = latestMessage(newer, 'verification').pin!;
    assert.ok(html.includes(`<p class="pin">Verification code: <code>${pin}</code></p>`));
    const link = latestMessage(resetting, 'password_reset').link!;
    assert.ok(html.includes(`Password reset link: <a href="${link.replace(/&/g, '&#38;')}">`), 'the reset link is an anchor');

    const json = await (await site('/outbox.json')).json();
    assert.equal(json[0].to, resetting);
    assert.equal(json[0].link, link);
    assert.equal(json.find((m: { to: string; kind: string }) => m.to === newer && m.kind === 'verification').pin, pin);
    assert.equal(messagesTo(older).length, 1);
  });
});
