#!/usr/bin/env node
/**
 * Checks of the built browser files (security requirement 22, as contract v2
 * section 5 narrows it): nothing that runs in a browser can build a Basic
 * header, and the only Authorization header is change-password's Bearer
 * access token. The source check proves it for src/; this proves it for what
 * ships, dependencies included. The server helper (dist/esm/server/) is the
 * one place allowed Basic credentials. (`authorization_code`, a documented
 * grant and answer key, is a different word.)
 *
 *   node .ci/check-dist.mjs     (after npm run build)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

const forbidden = [
  { name: 'a Basic credential prefix', re: /Basic /g },
  { name: 'an Authorization header other than Bearer', re: /\bauthorization\b(?!["']?\s*:\s*[`"']Bearer \$\{)/gi },
];

function* browserFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(dist, full).split(sep);
    if (path[0] === 'esm' && path[1] === 'server') continue;
    if (entry.isDirectory()) yield* browserFiles(full);
    else if (entry.name.endsWith('.js')) yield full;
  }
}

if (!existsSync(join(dist, 'nid-journeys.js'))) {
  console.error('check-dist: dist/nid-journeys.js is missing: run npm run build first');
  process.exit(1);
}

let count = 0;
const hits = [];
for (const file of browserFiles(dist)) {
  count += 1;
  const text = readFileSync(file, 'utf8');
  for (const { name, re } of forbidden) {
    for (const match of text.matchAll(re)) hits.push(`dist/${relative(dist, file)} @${match.index}: ${name}`);
  }
}
if (hits.length) {
  console.error(hits.join('\n'));
  console.error(`\ncheck-dist: ${hits.length} forbidden string(s) in browser files`);
  process.exitCode = 1; // not exit(): it would cut a long report written to a pipe
} else {
  console.log(`check-dist: ${count} built browser files, no Basic credentials, no Authorization but change-password's Bearer`);
}
