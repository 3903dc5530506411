#!/usr/bin/env node
/**
 * Static checks of src/ (security requirements 5, 10 and 22, and the zod/mini
 * rule for browser code). Every hit is printed as file:line:column and fails
 * the check. Comments are not exempt: keep these words out of them too, so
 * that a grep stays a proof.
 *
 * Credentials in browser code (contract v2 section 1): the one credential
 * header a browser sends is change-password's Bearer access token, built in
 * api/bearer.ts alone. So the word "Authorization" (whole word, any case;
 * `authorization_code`, a grant and an answer key, is another word) is
 * refused in every browser file but that one, and "Basic " in every browser
 * file, that one included. Code under server/ runs in Node and may use both.
 *
 *   node .ci/check-source.mjs [dir]     (default: src)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, process.argv[2] ?? 'src');

/** A file's path under the checked directory, with `/` separators: `api/bearer.ts`. */
const pathOf = (file) => relative(dir, file).split(sep).join('/');

/** Code under src/server/ runs in Node (the server helper): it may send credentials and use full zod. */
const isServer = (file) => pathOf(file).split('/')[0] === 'server';

/** The one browser module allowed to name the Authorization header (change-password's Bearer token). */
const BEARER_MODULE = 'api/bearer.ts';

const rules = [
  { name: 'HTML sink unsafeHTML (requirement 5)', re: /unsafeHTML/g },
  { name: 'HTML sink unsafeSVG (requirement 5)', re: /unsafeSVG/g },
  { name: 'HTML sink innerHTML (requirement 5)', re: /innerHTML/g },
  { name: 'HTML sink outerHTML (requirement 5)', re: /outerHTML/g },
  { name: 'HTML sink insertAdjacentHTML (requirement 5)', re: /insertAdjacentHTML/g },
  { name: 'HTML sink document.write (requirement 5)', re: /document\s*\.\s*write(ln)?\b/g },
  { name: 'eval (requirement 5)', re: /\beval\s*\(/g },
  { name: 'new Function (requirement 5)', re: /\bnew\s+Function\b/g },
  {
    name: `Authorization header in browser code outside ${BEARER_MODULE} (requirement 22)`,
    re: /\bauthorization\b/gi,
    browserOnly: true,
    allowedIn: [BEARER_MODULE],
  },
  { name: 'Basic credentials in browser code (requirement 22)', re: /Basic /g, browserOnly: true },
  { name: 'console logging (requirement 10: nothing is logged)', re: /\bconsole\s*(\.\s*(log|debug|info)\b|\[)/g },
  {
    name: "full zod in browser code (import 'zod/mini')",
    re: /(['"`])zod(\/(?!mini\1|v4\/mini\1|v4\/core\1)[^'"`]*)?\1/g,
    browserOnly: true,
  },
];

function* sourceFiles(path) {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(m|c)?(t|j)sx?$/.test(entry.name)) yield full;
  }
}

try {
  statSync(dir);
} catch {
  console.error(`check-source: ${relative(root, dir) || dir} does not exist`);
  process.exit(1);
}

let files = 0;
const hits = [];
for (const file of sourceFiles(dir)) {
  files += 1;
  const lines = readFileSync(file, 'utf8').split('\n');
  const server = isServer(file);
  const path = pathOf(file);
  lines.forEach((line, index) => {
    for (const rule of rules) {
      if (rule.browserOnly && server) continue;
      if (rule.allowedIn?.includes(path)) continue;
      for (const match of line.matchAll(rule.re)) {
        hits.push(`${relative(root, file)}:${index + 1}:${match.index + 1}: ${rule.name}\n    ${line.trim()}`);
      }
    }
  });
}

if (hits.length > 0) {
  console.error(`check-source: ${hits.length} forbidden construct(s) in ${relative(root, dir)}/:\n`);
  for (const hit of hits) console.error(hit);
  console.error('\nSee shared/design/security.md. Comments count too: reword them.');
  process.exitCode = 1; // not exit(): it would cut a long report written to a pipe
} else {
  console.log(`check-source: ${files} files in ${relative(root, dir)}/ clean`);
}
