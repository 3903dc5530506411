/**
 * .ci/check-source.mjs on fixtures: it refuses each forbidden construct in
 * browser code (HTML sinks, eval, new Function, the Authorization header
 * outside api/bearer.ts, Basic credentials anywhere, console logging, full
 * zod), with file:line:column; allows credentials and full zod only under
 * server/, the header only in api/bearer.ts (contract v2: change-password's
 * Bearer token), and `authorization_code` everywhere; and passes a clean tree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../.ci/check-source.mjs', import.meta.url));
const check = (dir: string) => spawnSync(process.execPath, [script, `test/node/fixtures/source/${dir}`], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });

const AUTHORIZATION = 'Authorization header in browser code outside api/bearer.ts';
const BASIC = 'Basic credentials in browser code';
const escape = (text: string) => text.replace(/[()/.]/g, '\\$&');
/** Every hit of the report, as `file:line:column: rule`. */
const hits = (stderr: string) => stderr.split('\n').filter((line) => /^test\/node\/fixtures\//.test(line));

describe('check-source', () => {
  const result = check('bad');

  it('fails on the bad tree', () => {
    assert.equal(result.status, 1);
    assert.match(result.stderr, /check-source: 14 forbidden construct\(s\)/);
  });

  it('refuses every forbidden construct in browser code, with file:line:column', () => {
    for (const [line, column, rule] of [
      [2, 10, 'HTML sink unsafeHTML'],
      [3, 19, 'full zod in browser code'],
      [5, 8, 'HTML sink innerHTML'],
      [6, 8, 'HTML sink insertAdjacentHTML'],
      [7, 3, 'eval'],
      [8, 15, 'new Function'],
      [9, 33, AUTHORIZATION],
      [9, 49, BASIC],
      [10, 3, 'console logging'],
      [12, 22, AUTHORIZATION],
    ] as const) {
      assert.match(result.stderr, new RegExp(`^test/node/fixtures/source/bad/element\\.ts:${line}:${column}: ${escape(rule)}`, 'm'), `${rule} at ${line}:${column}`);
    }
  });

  it('refuses the Authorization header as a whole word in any case, but not authorization_code', () => {
    const element = hits(result.stderr).filter((hit) => hit.includes('bad/element.ts') && hit.includes(AUTHORIZATION));
    assert.deepEqual(element.map((hit) => hit.split(':').slice(1, 3).join(':')), ['9:33', '12:22'], 'line 13 holds only authorization_code');
    assert.match(result.stderr, new RegExp(`^test/node/fixtures/source/bad/core/bearer\\.ts:2:45: ${escape(AUTHORIZATION)}`, 'm'), 'AUTHORIZATION, in a file named bearer.ts elsewhere');
  });

  it('allows the header in api/bearer.ts, but refuses Basic credentials even there', () => {
    const bearer = hits(result.stderr).filter((hit) => hit.includes('bad/api/bearer.ts'));
    assert.deepEqual(bearer, [`test/node/fixtures/source/bad/api/bearer.ts:3:66: ${BASIC} (requirement 22)`]);
  });

  it('allows credentials and full zod under server/, but not logging', () => {
    assert.match(result.stderr, /^test\/node\/fixtures\/source\/bad\/server\/helper\.ts:5:1: console logging/m);
    assert.doesNotMatch(result.stderr, /server\/helper\.ts:\d+:\d+: (Authorization|Basic|full zod)/, 'server code may use them');
  });

  it('passes a clean tree (api/bearer.ts with its Bearer header, authorization_code in browser code)', () => {
    const clean = check('clean');
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /3 files in test\/node\/fixtures\/source\/clean\/ clean/);
  });
});
