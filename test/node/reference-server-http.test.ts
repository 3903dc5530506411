/**
 * The reference server's HTTP rules (CORS, content types, limits, routing,
 * logging) and the demo site (static files, /demo-config.js, the outbox).
 */
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { errorBody } from '../../src/api/contract.js';
import {
  ANSWER,
  PASSWORD,
  call,
  distDir,
  email,
  fullRegisterBody,
  logLines,
  messagesTo,
  register,
  registerBody,
  resend,
  server,
  useReferenceServer,
} from './harness.js';

useReferenceServer();

describe('HTTP rules', () => {
  it('answers a CORS preflight from the demo site', async () => {
    for (const origin of [server.siteUrl, server.siteUrl.replace('localhost', '127.0.0.1')]) {
      const result = await call('/idp/v1/account/register', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, idempotency-key',
        },
      });
      assert.equal(result.status, 204);
      assert.equal(result.headers.get('access-control-allow-origin'), origin);
      assert.equal(result.headers.get('access-control-allow-methods'), 'GET, POST');
      assert.equal(result.headers.get('access-control-allow-headers'), 'Content-Type, Accept, Idempotency-Key');
      assert.ok(Number(result.headers.get('access-control-max-age')) > 0);
      assert.match(result.headers.get('vary') ?? '', /Origin/);
    }
  });

  it('refuses other origins', async () => {
    const preflight = await call('/idp/v1/account/register', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const post = await register(registerBody(), { Origin: 'https://evil.example' });
    assert.equal(post.status, 403);
    assert.equal(post.headers.get('access-control-allow-origin'), null);
  });

  it('exposes Retry-After to the demo site on responses', async () => {
    const address = email();
    const headers = { Origin: server.siteUrl };
    await resend({ client_id: 'demo-minimal', emailAddress: address }, headers);
    const limited = await resend({ client_id: 'demo-minimal', emailAddress: address }, headers);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('access-control-allow-origin'), server.siteUrl);
    assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After');
    assert.match(limited.headers.get('vary') ?? '', /Origin/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const result = await register('client_id=demo-minimal', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(result.status, 415);
    assert.ok(errorBody.safeParse(result.json).success);
    const plain = await register(JSON.stringify(registerBody()), { 'Content-Type': 'text/plain' });
    assert.equal(plain.status, 415);
  });

  it('answers 400 invalid_request for malformed JSON', async () => {
    const result = await register('{"client_id":', {});
    assert.equal(result.status, 400);
    assert.equal(result.json.error, 'invalid_request');
    assert.equal((await register('[1,2]')).json.error, 'invalid_request');
  });

  it('answers 413 for a body over 64 KB', async () => {
    const result = await register(registerBody({ padding: 'x'.repeat(100 * 1024) }));
    assert.equal(result.status, 413);
    assert.ok(errorBody.safeParse(result.json).success);
  });

  it('answers 404 for an unknown route and 405 for a wrong method, in the error shape', async () => {
    const missing = await call('/idp/v1/nothing-here', { body: {} });
    assert.equal(missing.status, 404);
    assert.ok(errorBody.safeParse(missing.json).success);
    const wrongMethod = await call('/idp/v1/account/register');
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
  });

  it('never logs bodies, passwords, answers or addresses', async () => {
    const address = email();
    await register(fullRegisterBody(address));
    await register(registerBody({ password: 'Sh0rt!' }, { emailAddress: address }));
    const log = logLines.join('\n');
    assert.ok(log.includes('api: POST /idp/v1/account/register -> 201'), 'requests are logged');
    for (const secret of [PASSWORD, ANSWER, 'Sh0rt!', address, 'John', 'profile_fields']) {
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

  it('serves the activation, forgot-password and sign-in pages; demo.js never reads the link token', async () => {
    for (const [path, tag] of [
      ['/activate.html', 'nid-activate'],
      ['/forgot-password.html', 'nid-forgot-password'],
    ] as const) {
      const response = await site(`${path}?token=abc&client=demo-email`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', 'a token in the URL never leaks');
      const html = await response.text();
      assert.match(html, /\/dist\/nid-journeys\.js/);
      assert.ok(!/<script>|\son\w+=/i.test(html), `${path}: no inline script or handler`);
      assert.match(await (await site('/demo.js')).text(), new RegExp(`'${tag}'`));
    }
    assert.equal((await site('/sign-in.html')).status, 200);
    assert.match(await (await site('/register.html')).text(), /Forgot your password\?/);
    const script = await (await site('/demo.js')).text();
    assert.ok(!/['"`]token['"`]|replaceState/.test(script), 'the elements read and strip the token themselves');
  });

  it('serves /demo-config.js with the API base domain', async () => {
    const text = await (await site('/demo-config.js')).text();
    assert.match(text, /^window\.NID_DEMO = /);
    assert.ok(text.includes(JSON.stringify(server.apiUrl)));
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
      const response = await site(path);
      assert.equal(response.status, 404, path);
    }
    assert.equal((await fetch(`${server.siteUrl}/index.html`, { method: 'POST' })).status, 405);
  });

  it('shows the outbox newest first, HTML-escaped, with the activation link', async () => {
    const older = email();
    const newer = email();
    assert.equal((await register(registerBody({}, { emailAddress: older }))).status, 201);
    const hostile = fullRegisterBody(newer);
    hostile.profile_fields.firstName = '<img src=x onerror=alert(1)>';
    assert.equal((await register(hostile)).status, 201);

    const html = await (await site('/outbox')).text();
    assert.ok(html.indexOf(newer) < html.indexOf(older), 'newest first');
    assert.ok(!html.includes('<img src=x'), 'profile text is escaped');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    const link = messagesTo(newer)[0]?.link;
    assert.ok(link);
    assert.ok(html.includes(`<a href="${link.replace(/&/g, '&#38;')}">`), 'the activation link is an anchor');

    const json = await (await site('/outbox.json')).json();
    assert.equal(json[0].to, newer);
    assert.equal(json[0].link, link);
    assert.ok(json[0].link.startsWith(`${server.siteUrl}/activate.html?token=`));
  });
});
