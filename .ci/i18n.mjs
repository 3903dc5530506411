#!/usr/bin/env node
/**
 * Runs lit-localize (`build` or `extract`) with .config/lit-localize.json,
 * every path of it resolved from the config's own directory, whatever the
 * working directory: `npm run i18n:build`, `npm run i18n:extract` and
 * .ci/build.mjs all come through here.
 *
 * Why: lit-localize resolves most paths of its config against the config
 * file, but `output.localeCodesModule` against the working directory, so
 * "../src/i18n/generated/locale-codes.ts" run from the repository root wrote
 * above the repository. The config lit-localize reads is a copy with
 * absolute paths, in a scratch directory removed afterwards.
 *
 *   node .ci/i18n.mjs build|extract
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const configPath = join(root, '.config/lit-localize.json');

/** The config with each path absolute: the keys lit-localize 0.8 reads as paths (no inputFiles globs here). */
function absoluteConfig(config, base = dirname(configPath)) {
  const at = (path) => (typeof path === 'string' ? resolve(base, path) : path);
  const output = { ...config.output };
  for (const key of ['outputDir', 'localeCodesModule', 'outputFile']) if (key in output) output[key] = at(output[key]);
  const interchange = { ...config.interchange };
  for (const key of ['xliffDir', 'xlbDir']) if (key in interchange) interchange[key] = at(interchange[key]);
  return {
    ...config,
    ...('tsConfig' in config ? { tsConfig: at(config.tsConfig) } : {}),
    output,
    interchange,
  };
}

const command = process.argv[2];
if (command !== 'build' && command !== 'extract') {
  console.error('usage: node .ci/i18n.mjs build|extract');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8'));
if ('inputFiles' in config) throw new Error('.ci/i18n.mjs: inputFiles (globs) are not resolved here; use tsConfig');
const scratch = mkdtempSync(join(tmpdir(), 'nid-lit-localize-'));
try {
  writeFileSync(join(scratch, 'lit-localize.json'), JSON.stringify(absoluteConfig(config), null, 2));
  execFileSync(join(root, 'node_modules/.bin/lit-localize'), [command, '--config', join(scratch, 'lit-localize.json')], { cwd: root, stdio: 'inherit' });
} catch (error) {
  // lit-localize has printed why; its exit status is ours.
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
