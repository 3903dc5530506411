/**
 * The build writes only inside the repository (issue #14.4). lit-localize
 * resolved `output.localeCodesModule` of .config/lit-localize.json against
 * the working directory, not the config, so `npm run i18n:build` (the build's
 * first step) wrote `../src/i18n/generated/locale-codes.ts`, above the
 * repository. Run here from a directory outside the repository, it must
 * regenerate src/i18n/generated/ and write nothing anywhere else.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { it } from 'node:test';
import { root, run } from './packed.js';

const generated = join(root, 'src/i18n/generated');

/** Every path under `dir`, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => relative(dir, join(dir, path))).sort();
}

it('npm run i18n:build from another directory writes src/i18n/generated/ and nothing outside the repository', { timeout: 120_000 }, async () => {
  const outside = mkdtempSync(join(tmpdir(), 'nid-elsewhere-'));
  // Two levels down, so that a path resolved against the working directory ("../src/...") still lands in here.
  const cwd = join(outside, 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  const aboveRepository = join(dirname(root.replace(/\/$/, '')), 'src/i18n/generated/locale-codes.ts');
  const before = statSync(aboveRepository, { throwIfNoEntry: false })?.mtimeMs;
  // Whole seconds: some file systems keep coarser times than Date.now().
  const started = Math.floor(Date.now() / 1000) * 1000;
  try {
    await run('npm', ['--prefix', root, 'run', 'i18n:build'], { cwd });
    assert.deepEqual(tree(outside), ['a', 'a/b'], 'nothing written beside or above the working directory');
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
  assert.equal(statSync(aboveRepository, { throwIfNoEntry: false })?.mtimeMs, before, `nothing written to ${aboveRepository}`);

  // Up to date: each locale module, and the locale codes, written by this run.
  const config = JSON.parse(readFileSync(join(root, '.config/lit-localize.json'), 'utf8')) as { sourceLocale: string; targetLocales: string[] };
  for (const file of [...config.targetLocales.map((tag) => `${tag}.ts`), 'locale-codes.ts']) {
    const stat = statSync(join(generated, file), { throwIfNoEntry: false });
    assert.ok(stat && stat.mtimeMs >= started, `src/i18n/generated/${file} was written by this run`);
  }
  const codes = readFileSync(join(generated, 'locale-codes.ts'), 'utf8');
  for (const tag of [config.sourceLocale, ...config.targetLocales]) assert.ok(codes.includes(`\`${tag}\``), `locale-codes.ts lists ${tag}`);
});

it('every script that runs lit-localize goes through .ci/i18n.mjs (the config with absolute paths)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const [name, script] of Object.entries(pkg.scripts)) assert.doesNotMatch(script, /\blit-localize\b/, `package.json's ${name} runs lit-localize directly`);
  assert.match(pkg.scripts['i18n:build'] ?? '', /^node \.ci\/i18n\.mjs build$/);
  assert.match(pkg.scripts['i18n:extract'] ?? '', /^node \.ci\/i18n\.mjs extract$/);
  const build = readFileSync(join(root, '.ci/build.mjs'), 'utf8');
  assert.doesNotMatch(build, /run\('lit-localize'/, '.ci/build.mjs runs lit-localize directly');
  assert.match(build, /\.ci\/i18n\.mjs/);
});
