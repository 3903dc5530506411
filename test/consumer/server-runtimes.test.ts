/**
 * `nid-journeys/server` where backends run, from the packed package
 * (./packed.ts): a CommonJS `require()` under Node, a Cloudflare Workers
 * script under miniflare (workerd), and a Hono app on Node. The Workers and
 * Hono apps share one invite route (app-server/route.js), which calls a stub
 * identity service: a local Node http server. The Worker also mounts the
 * relay and the sign-in start of the callback handler.
 *
 * The Workers compatibility date is before 2024-11-11, when workerd still
 * refuses a `cache` option in fetch; workerd also refuses
 * `redirect: "error"` at every date. Either one made the helper answer 502.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { install, pack, run } from './packed.js';

const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
const PATH = '/idp/v1/account/pre-register';
const BASIC = `Basic ${Buffer.from('consumer-client:consumer-secret').toString('base64')}`;
/** An old date on purpose: workerd refused `fetch(…, { cache })` before 2024-11-11. */
const COMPATIBILITY_DATE = '2024-09-23';
const REDIRECTED = 'redirect@example.com';

let work: string;
let app: string;
let upstream: Server;
let upstreamUrl: string;
/** A loopback port nothing listens on. */
let deadUrl: string;
const received: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
const timings: string[] = [];

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** The stub identity service: 201 {uuid}, or a 307 elsewhere for REDIRECTED. */
function startUpstream(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      received.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
      const profile = body['profile_fields'] as Record<string, string> | undefined;
      if (profile?.['emailAddress'] === REDIRECTED) {
        response.writeHead(307, { Location: `${upstreamUrl}/elsewhere` }).end();
        return;
      }
      response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ uuid: UUID }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What <nid-invite-form> posts to the route, for the identity service at `service`. */
function inviteRequest(service: string, email: string): { url: string; headers: Record<string, string>; body: string } {
  return {
    url: `https://app.example.com/api/invite?upstream=${encodeURIComponent(service)}`,
    headers: { 'Content-Type': 'application/json', Origin: 'https://app.example.com' },
    body: JSON.stringify({ profile_fields: { emailAddress: email }, locale: 'en-US', auth_type: 'email', resend: false }),
  };
}

interface Answer {
  status: number;
  body: unknown;
  logs: string[];
}

/** The three answers every runtime must give: created; service unreachable; service redirects. */
function assertAnswers([created, unreachable, redirected]: Answer[], runtime: string): void {
  assert.deepEqual(created, { status: 200, body: { uuid: UUID }, logs: [] }, `${runtime}: the invitation went through`);
  const call = received.find((entry) => entry.body['profile_fields'] && (entry.body['profile_fields'] as Record<string, string>)['emailAddress'] === `${runtime}@example.com`);
  assert.ok(call, `${runtime}: the stub service was called`);
  assert.equal(call.path, PATH);
  assert.equal(call.authorization, BASIC);
  assert.equal(call.body['client_id'], 'consumer-client');

  assert.equal(unreachable?.status, 502);
  assert.equal(unreachable.logs.length, 1);
  // The cause is named by its class (and Node's code), control characters stripped.
  assert.match(unreachable.logs[0]!, /could not reach the identity service \([A-Za-z]*Error\b[^()]*\); answered 502\.$/);
  assert.doesNotMatch(unreachable.logs[0]!, /[\u0000-\u001f\u007f-\u009f]|consumer-secret/);

  assert.equal(redirected?.status, 502);
  assert.match(redirected.logs[0] ?? '', /answered with a redirect, which this helper refuses to follow/);
  assert.ok(!received.some((entry) => entry.path === '/elsewhere'), `${runtime}: the redirect was not followed`);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nid-server-runtimes-'));
  app = join(work, 'app');
  const tarball = await timed('npm pack', () => pack(work));
  await timed('install', async () => {
    cpSync(fileURLToPath(new URL('./app-server/', import.meta.url)), app, { recursive: true });
    await install(app, tarball, { extra: ['hono'] });
  });
  upstream = await startUpstream();
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const dead = await startUpstream();
  deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
  await new Promise((resolve) => dead.close(resolve));
});

after(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  if (work) rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`server runtimes: ${timings.join(', ')}`);
});

describe('nid-journeys/server outside a bundler, from the packed package', { timeout: 60_000 }, () => {
  it('CommonJS: require("nid-journeys/server") and require("nid-journeys/oauth") in a .cjs file; the handler answers an invite', async () => {
    const { stdout } = await timed('require', () => run(process.execPath, ['require.cjs'], { cwd: app }).catch((error: { stderr?: string; message: string }) =>
      assert.fail(`require() of the package failed:\n${error.stderr || error.message}`),
    ));
    const result = JSON.parse(stdout) as { status: number; body: unknown; calls: { url: string; authorization: string }[]; oauth: unknown };
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, { uuid: UUID });
    assert.deepEqual(result.calls, [{ url: `https://id.example.com${PATH}`, authorization: BASIC }]);
    assert.deepEqual(result.oauth, { completeJourney: 'function', hostedJourneys: true });
  });

  it(`Cloudflare Workers (miniflare, compatibility date ${COMPATIBILITY_DATE}): the invite route answers, names a failure's cause, refuses a redirect; the relay and the sign-in start answer`, async () => {
    const bundled = await timed('esbuild', () =>
      build({
        entryPoints: [join(app, 'worker.js')],
        absWorkingDir: app,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        // What wrangler resolves a Worker's imports with.
        conditions: ['workerd', 'worker', 'browser'],
        logLevel: 'error',
      }),
    );
    const script = bundled.outputFiles[0]!.text;
    assert.ok(script.includes('pre-register'), 'the bundle holds the helper');
    const miniflare = new Miniflare({ modules: true, script, compatibilityDate: COMPATIBILITY_DATE, bindings: { UPSTREAM: upstreamUrl } });
    try {
      const answers: Answer[] = [];
      await timed('workerd', async () => {
        for (const [service, email] of [[upstreamUrl, 'workers@example.com'], [deadUrl, 'dead@example.com'], [upstreamUrl, REDIRECTED]] as const) {
          const { url, headers, body } = inviteRequest(service, email);
          const response = await miniflare.dispatchFetch(url, { method: 'POST', headers, body });
          const logs = JSON.parse(decodeURIComponent(response.headers.get('x-log') ?? '%5B%5D')) as string[];
          answers.push({ status: response.status, body: await response.json(), logs });
        }
      });
      assertAnswers(answers, 'workers');

      // The relay and the sign-in start too: workerd's fetch, and Web Crypto for the hashed limits, PKCE and the sealed cookie.
      const register = await miniflare.dispatchFetch('https://app.example.com/api/nid/idp/v1/account/register', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: 'https://app.example.com', 'CF-Connecting-IP': '203.0.113.7' },
        body: JSON.stringify({
          client_id: 'consumer-client',
          auth_type: 'email',
          redirect_uri: 'https://app.example.com/verified',
          locale: 'en-US',
          profile_fields: { emailAddress: 'relay@example.com' },
        }),
      });
      assert.deepEqual([register.status, await register.json()], [201, { uuid: UUID }], 'the relay relayed the service’s answer');
      assert.ok(received.some((entry) => entry.path === '/idp/v1/account/register' && entry.authorization === undefined));
      const signIn = await miniflare.dispatchFetch('https://app.example.com/auth/sign-in', { redirect: 'manual' });
      assert.equal(signIn.status, 303, decodeURIComponent(signIn.headers.get('x-log') ?? ''));
      const location = new URL(signIn.headers.get('location') ?? '');
      assert.equal(location.origin, upstreamUrl, 'to the hosted screen');
      assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
      assert.match(signIn.headers.get('set-cookie') ?? '', /; HttpOnly/i, 'the sealed flow cookie');
    } finally {
      await miniflare.dispose();
    }
  });

  it('Hono on Node: the same route in a Hono app answers through app.fetch', async () => {
    const requests = [inviteRequest(upstreamUrl, 'hono@example.com'), inviteRequest(deadUrl, 'dead@example.com'), inviteRequest(upstreamUrl, REDIRECTED)];
    const { stdout } = await timed('hono', () => run(process.execPath, ['hono.js', JSON.stringify(requests)], { cwd: app }));
    assertAnswers(stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer), 'hono');
  });
});

