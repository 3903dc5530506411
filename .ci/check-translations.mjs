#!/usr/bin/env node
/**
 * Fails when a shipped locale's XLIFF file is not complete and current:
 *
 *   - missing: a message of src/ with no translation (no <target>, or an empty one);
 *   - stale: a translation whose message is gone from src/, or whose English
 *     source changed since it was translated;
 *   - broken placeholder: a target that drops, invents or repeats a
 *     placeholder (`<x id="0" equiv-text="${count}"/>`) of its source.
 *
 * The current messages come from `lit-localize extract` run into a scratch
 * directory, so nothing in locales/ is rewritten by the check.
 *
 *   node .ci/check-translations.mjs [--dir locales] [--reference file.xlf]
 *
 * `--reference` skips the extraction and uses that file's sources as the
 * current messages (the tests use it with a fixture).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const dir = resolve(root, option('--dir') ?? 'locales');
const config = JSON.parse(readFileSync(join(root, '.config/lit-localize.json'), 'utf8'));

const decode = (text) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The trans-units of an XLIFF 1.2 file: id, source, target (undefined when absent). */
export function parseXliff(xml) {
  const units = new Map();
  for (const [, id, body] of xml.matchAll(/<trans-unit\s+id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const source = /<source>([\s\S]*?)<\/source>/.exec(body)?.[1];
    const target = /<target(?:\s[^>]*)?>([\s\S]*?)<\/target>/.exec(body)?.[1];
    units.set(decode(id), { source: source ?? '', target });
  }
  return units;
}

/** The placeholders of a message, sorted: what a translation must keep, each exactly once. */
const placeholders = (text) => [...text.matchAll(/<x\s+id="[^"]*"\s+equiv-text="([^"]*)"\s*\/>/g)].map((match) => match[1]).sort();
const sameList = (a, b) => a.length === b.length && a.every((item, index) => item === b[index]);

function currentMessages() {
  const reference = option('--reference');
  if (reference) return parseXliff(readFileSync(resolve(root, reference), 'utf8'));
  const scratch = mkdtempSync(join(tmpdir(), 'nid-i18n-'));
  try {
    const scratchConfig = {
      ...config,
      targetLocales: ['zz'],
      tsConfig: join(root, 'tsconfig.json'),
      output: { ...config.output, outputDir: join(scratch, 'out'), localeCodesModule: join(scratch, 'out/locale-codes.ts') },
      interchange: { format: 'xliff', xliffDir: scratch },
    };
    delete scratchConfig.$schema;
    writeFileSync(join(scratch, 'config.json'), JSON.stringify(scratchConfig));
    execFileSync(join(root, 'node_modules/.bin/lit-localize'), ['extract', '--config', join(scratch, 'config.json')], { cwd: root, stdio: 'pipe' });
    return parseXliff(readFileSync(join(scratch, 'zz.xlf'), 'utf8'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const current = currentMessages();
const problems = [];
const locales = option('--reference') ? readdirSync(dir).filter((name) => name.endsWith('.xlf')).map((name) => name.slice(0, -4)) : config.targetLocales;

for (const locale of locales) {
  let units;
  try {
    units = parseXliff(readFileSync(join(dir, `${locale}.xlf`), 'utf8'));
  } catch {
    problems.push(`${locale}: no ${locale}.xlf`);
    continue;
  }
  for (const [id, message] of current) {
    const unit = units.get(id);
    if (!unit || unit.target === undefined || unit.target.trim() === '') {
      problems.push(`${locale}: missing ${id} ("${message.source}")`);
      continue;
    }
    if (unit.source !== message.source) problems.push(`${locale}: stale ${id}: its English source changed`);
    if (!sameList(placeholders(unit.target), placeholders(message.source))) {
      problems.push(`${locale}: broken placeholder in ${id}: expects ${placeholders(message.source).join(' ') || 'none'}`);
    }
  }
  for (const id of units.keys()) if (!current.has(id)) problems.push(`${locale}: stale ${id}: no such message in src/`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\ncheck-translations: ${problems.length} problem(s) in ${locales.length} locale(s)`);
  // exitCode, not exit(): exit() would cut a long report written to a pipe.
  process.exitCode = 1;
} else {
  console.log(`check-translations: ${locales.length} locales, ${current.size} messages each, complete and current`);
}
