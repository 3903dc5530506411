/**
 * .ci/check-source.mjs on fixtures: it refuses each forbidden construct in
 * browser code (HTML sinks, eval, new Function, Authorization, Basic
 * credentials, console logging, full zod), allows credentials and full zod
 * only under server/, and passes a clean tree.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../.ci/check-source.mjs', import.meta.url));
const check = (dir: string) => spawnSync(process.execPath, [script, `test/node/fixtures/source/${dir}`], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });

describe('check-source', () => {
  it('refuses every forbidden construct, with file:line:column', () => {
    const result = check('bad');
    assert.equal(result.status, 1);
    for (const [line, rule] of [
      [2, 'HTML sink unsafeHTML'],
      [3, 'full zod in browser code'],
      [5, 'HTML sink innerHTML'],
      [6, 'HTML sink insertAdjacentHTML'],
      [7, 'eval'],
      [8, 'new Function'],
      [9, 'Authorization header in browser code'],
      [9, 'Basic credentials in browser code'],
      [10, 'console logging'],
    ] as const) {
      assert.match(result.stderr, new RegExp(`bad/element\\.ts:${line}:\\d+: ${rule.replace(/[()]/g, '\\$&')}`), `${rule} on line ${line}`);
    }
    assert.match(result.stderr, /bad\/server\/helper\.ts:5:\d+: console logging/);
    assert.doesNotMatch(result.stderr, /server\/helper\.ts:\d+:\d+: (Authorization|Basic|full zod)/, 'server code may use them');
  });

  it('passes a clean tree', () => {
    const result = check('clean');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /2 files in test\/node\/fixtures\/source\/clean\/ clean/);
  });
});
