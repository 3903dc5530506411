/**
 * The outbox (live verification codes, reset links, invitations) is served
 * only on loopback, or with `--allow-outbox` / `allowOutbox` and a loud
 * warning (issue #15.4: `HOST=0.0.0.0` exposed `/outbox.json` without one).
 * Servers here bind 0.0.0.0 and, where the machine has IPv6, `::`. (A LAN
 * address as HOST does not start the demo at all: its admin route's server
 * helper takes `http:` only for localhost.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { networkInterfaces, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { isLoopbackAddress } from '../../demo/server/outbox-exposure.js';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../demo/server/reference-server.js';

const WARNING = /WARNING: the demo outbox is served on a network address[\s\S]*Anyone who can reach this port can read every live verification code/;

/** A server on `host` (ephemeral ports), with its log and warnings captured; closed after `use`. */
async function withServer(options: ReferenceServerOptions, use: (server: ReferenceServer, site: string, output: { log: string[]; warnings: string[] }) => Promise<void>): Promise<void> {
  const output = { log: [] as string[], warnings: [] as string[] };
  const server = await startReferenceServer({
    sitePort: 0,
    apiPort: 0,
    distDir: tmpdir(),
    log: (line) => output.log.push(line),
    warn: (text) => output.warnings.push(text),
    ...options,
  });
  try {
    // Reached by a loopback address the bind covers (the URLs name localhost, which may resolve either way).
    const host = options.host === '::' ? '[::1]' : '127.0.0.1';
    await use(server, `http://${host}:${new URL(server.siteUrl).port}`, output);
  } finally {
    await server.close();
  }
}

/** A message in the store, as a registration would leave one. */
const invite = (server: ReferenceServer, identifier: string) =>
  server.invite({ clientId: 'demo-email', channel: 'email', identifier, profile: {} });

async function assertOutboxOff(server: ReferenceServer, site: string): Promise<void> {
  invite(server, `off-${process.pid}@example.com`);
  assert.equal(server.outbox, false);
  const json = await fetch(`${site}/outbox.json`);
  assert.equal(json.status, 404);
  assert.deepEqual(await json.json(), { error: 'not_found' });
  const page = await fetch(`${site}/outbox`);
  assert.equal(page.status, 404);
  const html = await page.text();
  assert.match(html, /The outbox is turned off/);
  assert.match(html, /--allow-outbox/);
  assert.ok(!html.includes('@example.com'), 'no message on the page');
  // The pages that link to the outbox still work; its link leads to the page above.
  const register = await fetch(`${site}/register.html`);
  assert.equal(register.status, 200);
  assert.match(await register.text(), /href="\/outbox"/);
}

/** Whether this machine can bind IPv6 (containers often cannot). */
const hasIPv6 = () => Object.values(networkInterfaces()).flat().some((entry) => entry?.family === 'IPv6' && entry.internal);

describe('the outbox and the address the demo binds (issue #15.4)', () => {
  it('tells loopback addresses from network ones', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) assert.equal(isLoopbackAddress(address), true, address);
    for (const address of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'fe80::1', 'localhost', '']) {
      assert.equal(isLoopbackAddress(address), false, address);
    }
  });

  it('on loopback (the default) serves the outbox, without a warning', async () => {
    await withServer({}, async (server, site, output) => {
      invite(server, `loopback-${process.pid}@example.com`);
      assert.equal(server.outbox, true);
      assert.equal((await fetch(`${site}/outbox`)).status, 200);
      const messages = (await (await fetch(`${site}/outbox.json`)).json()) as { to: string }[];
      assert.ok(messages.some((message) => message.to === `loopback-${process.pid}@example.com`));
      assert.deepEqual(output.warnings, []);
      assert.ok(!output.log.some((line) => line.startsWith('outbox: not served')));
    });
  });

  it('on 0.0.0.0 answers 404 for /outbox and /outbox.json, notes why, and warns of nothing', async () => {
    await withServer({ host: '0.0.0.0' }, async (server, site, output) => {
      await assertOutboxOff(server, site);
      assert.deepEqual(output.warnings, []);
      assert.ok(output.log.includes('outbox: not served, the site listens on a network address (0.0.0.0:' + new URL(server.siteUrl).port + '); pass --allow-outbox to serve it anyway'));
      assert.equal(server.store.outbox().length, 1, 'messages are still kept (the outbox page is what is off)');
    });
  });

  it('on :: (every IPv6 address) answers 404 for the outbox too', async (t) => {
    if (!hasIPv6()) return t.skip('this machine has no IPv6 loopback');
    await withServer({ host: '::' }, async (server, site, output) => {
      await assertOutboxOff(server, site);
      assert.deepEqual(output.warnings, []);
    });
  });

  it('on 0.0.0.0 with allowOutbox serves it, after a warning of several lines', async () => {
    await withServer({ host: '0.0.0.0', allowOutbox: true }, async (server, site, output) => {
      invite(server, `allowed-${process.pid}@example.com`);
      assert.equal(server.outbox, true);
      assert.equal(output.warnings.length, 1);
      assert.match(output.warnings[0]!, WARNING);
      assert.ok(output.warnings[0]!.split('\n').length >= 5, 'several lines');
      assert.equal((await fetch(`${site}/outbox`)).status, 200);
      const messages = (await (await fetch(`${site}/outbox.json`)).json()) as { to: string }[];
      assert.ok(messages.some((message) => message.to === `allowed-${process.pid}@example.com`));
    });
  });

  it('allowOutbox on loopback changes nothing: served, no warning', async () => {
    await withServer({ allowOutbox: true }, async (server, _site, output) => {
      assert.equal(server.outbox, true);
      assert.deepEqual(output.warnings, []);
    });
  });
});

const mainScript = fileURLToPath(new URL('../../demo/server/main.ts', import.meta.url));

/** `npm run demo` with these arguments and HOST: its output until the start line (or its exit), then stopped. */
function runDemo(args: string[], host: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainScript, ...args], {
      env: { ...process.env, HOST: host, PORT: '0', API_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (/^Demo: /m.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

describe('npm run demo: the --allow-outbox flag', () => {
  it('HOST=0.0.0.0: no outbox and no warning without the flag; the outbox and a warning on stderr with it', async () => {
    const without = await runDemo([], '0.0.0.0');
    assert.match(without.stdout, /^Demo: .*outbox off: not on loopback, see --allow-outbox/m);
    assert.doesNotMatch(without.stderr, WARNING);
    const withFlag = await runDemo(['--allow-outbox'], '0.0.0.0');
    assert.match(withFlag.stdout, /^Demo: .*outbox at http:\/\/localhost:\d+\/outbox/m);
    assert.match(withFlag.stderr, WARNING);
  });

  it('refuses an unknown argument with the usage (a mistyped flag must not pass silently)', async () => {
    const result = await runDemo(['--allow-outbx'], '127.0.0.1');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown argument: --allow-outbx/);
    assert.match(result.stderr, /Usage: npm run demo \[-- --allow-outbox\]/);
  });
});
