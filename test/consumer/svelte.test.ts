/**
 * Svelte 5 + Vite, from the packed package (issue #14.6):
 * test/consumer/app-svelte installed with `svelte@5`,
 * `@sveltejs/vite-plugin-svelte` and this repository's Vite from the
 * registry, `vite build`, `vite preview`, and driven in Chromium. The
 * component, src/App.svelte, is the README's Svelte example as written (with
 * the stub service's address): the bare `<nid-register>` with `settings={…}`
 * (an object: Svelte 5 sets it as the element's property) and
 * `onnid-success` (Svelte 5's event attribute, for the custom event
 * `nid-success`).
 *
 * Needs Chromium (skipped, said so, without it) and the npm registry.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildStep,
  chromiumOrSkip,
  FrameworkApp,
  npmInstall,
  PASSWORD,
  readmeBlocks,
  REGISTER,
  repoVersion,
  submitRegister,
  substitute,
  timed,
} from './framework-apps.js';

const { skip } = chromiumOrSkip();
const svelte = new FrameworkApp('svelte');

before(
  async () => {
    if (skip) return;
    const tarball = await svelte.prepare('app-svelte', { name: 'svelte-consumer', private: true, type: 'module' });
    const { app, timings } = svelte;
    await timed(timings, 'npm install', () => npmInstall(app, ['svelte@5', '@sveltejs/vite-plugin-svelte', `vite@${repoVersion('vite')}`, tarball]));
    const [example, ...more] = readmeBlocks(app, 'svelte');
    assert.ok(example && more.length === 0, 'the README has one Svelte example');
    const component = substitute(substitute(example, '"https://id.eu.nextreason.com"', JSON.stringify(svelte.stub!.url)), '"my-client"', '"svelte-consumer"');
    writeFileSync(join(app, 'src/App.svelte'), component);
    const vite = join(app, 'node_modules/.bin/vite');
    await buildStep(timings, 'vite build', vite, ['build', '--logLevel', 'warn'], { cwd: app });
    await svelte.serve('vite preview', vite, (port) => ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1']);
  },
  { timeout: 600_000 },
);

after(() => svelte.close());

describe('Svelte 5 + Vite (vite build, vite preview), from the packed package', { skip, timeout: 60_000 }, () => {
  it('the installed versions are Svelte 5 and a plugin for this Vite', () => {
    const version = (name: string) => (JSON.parse(readFileSync(join(svelte.app, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    assert.match(version('svelte'), /^5\./);
    assert.equal(version('vite'), repoVersion('vite'));
  });

  it('the README’s Svelte example: settings={…} renders its field, it registers, the onnid-success handler runs', async () => {
    const { page, problems } = await svelte.open('/');

    await page.getByLabel('First name', { exact: true }).waitFor(); // settings={…} arrived as a property
    const email = `svelte.${Date.now().toString(36)}@example.com`;
    await submitRegister(page, email, 'Grace');
    await page.getByText('register: verification_sent', { exact: true }).waitFor(); // written by its onnid-success handler

    const calls = svelte.stub!.calls.filter((call) => call.method === 'POST' && call.path === REGISTER);
    assert.equal(calls.length, 1, 'one register call');
    assert.equal(calls[0]!.headers.origin, svelte.server!.url);
    assert.equal(calls[0]!.body['client_id'], 'svelte-consumer');
    assert.deepEqual(calls[0]!.body['profile_fields'], { emailAddress: email, firstName: 'Grace', newPassword: PASSWORD, newPasswordConfirm: PASSWORD });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
