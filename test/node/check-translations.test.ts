/** The translation completeness check (.ci/check-translations.mjs) on a good and a deliberately broken fixture. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shippedLocales, sourceLocale, targetLocales } from '../../src/i18n/locales.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const check = (dir: string) =>
  spawnSync(process.execPath, ['.ci/check-translations.mjs', '--reference', 'test/node/fixtures/translations/reference.xlf', '--dir', dir], {
    cwd: root,
    encoding: 'utf8',
  });

describe('check-translations', () => {
  it('passes a complete, current translation', () => {
    const result = check('test/node/fixtures/translations/good');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1 locales, 3 messages each, complete and current/);
  });

  it('fails a broken one, naming every problem', () => {
    const result = check('test/node/fixtures/translations/broken');
    assert.equal(result.status, 1);
    const lines = result.stderr.split('\n');
    assert.ok(lines.includes('de-DE: missing s1 ("Send invitation")'), result.stderr);
    assert.ok(lines.includes('de-DE: stale min-characters.one: its English source changed'), result.stderr);
    assert.ok(lines.some((line) => line.startsWith('de-DE: broken placeholder in min-characters.one')), result.stderr);
    assert.ok(lines.some((line) => line.startsWith('de-DE: missing h2')), result.stderr);
    assert.ok(lines.includes('de-DE: stale gone: no such message in src/'), result.stderr);
  });

  it('builds exactly the locales the elements offer (src/i18n/locales.ts and .config/lit-localize.json agree)', () => {
    const config = JSON.parse(readFileSync(`${root}.config/lit-localize.json`, 'utf8')) as { sourceLocale: string; targetLocales: string[] };
    assert.equal(config.sourceLocale, sourceLocale);
    assert.deepEqual([...config.targetLocales].sort(), [...targetLocales].sort());
    assert.equal(shippedLocales.length, config.targetLocales.length + 1);
  });
});
