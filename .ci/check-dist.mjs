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
 * One exception, for dist/nid-journeys-oauth.js alone (the lazy oauth chunk,
 * which bundles oauth4webapi): oauth4webapi's own code says "authorization"
 * in prose (its error messages, "authorization server metadata", the
 * `oauth-authorization-server` well-known path), refuses a caller-supplied
 * authorization header (`headers.has("authorization")` and its message), and
 * sends the documented `{base}/userinfo` call (contract section 6) with the
 * access token as `Bearer` (or `DPoP`, which this package never sets up).
 * Exactly those shapes are allowed there, nothing else; `Basic ` stays
 * forbidden everywhere. (dist/esm/oauth/ imports oauth4webapi, it does not
 * contain it: the general rules apply to it unchanged.)
 *
 * Also: each journey's own script-tag bundle (dist/nid-<journey>.js) starts
 * with V8's explicit compile hint, and nid-journeys.js, whose other three
 * elements do not run on a page, does not (see vite.config.ts). A minifier or
 * a banner that moved the comment off the first line would silently turn the
 * hint off; a hint on the all-in-one file would delay its first paint.
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

/** The shapes oauth4webapi's code gives the word in the oauth chunk (see above). */
const OAUTH_CHUNK = 'nid-journeys-oauth.js';
const q = '[`\'"]';
const oauthChunkAllowed = [
  // userinfo: the access token as Bearer (or DPoP), built by oauth4webapi's protected resource request
  new RegExp(`^authorization${q},\\s*\`\\$\\{\\w+\\.has\\(${q}dpop${q}\\)\\?${q}DPoP${q}:${q}Bearer${q}\\} \\$\\{`),
  // refusing a caller's own authorization header, and saying so
  new RegExp(`^authorization${q}\\)\\)throw `),
  /^authorization" header name/,
  // prose and the RFC 8414 well-known path
  /^authorization (server metadata|code in|response from the server)/i,
  /^Authorization Server Metadata response/,
  /^authorization-server`/,
];
const allowedInOauthChunk = (text, index) => oauthChunkAllowed.some((re) => re.test(text.slice(index, index + 120)));

function* browserFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const path = relative(dist, full).split(sep);
    if (path[0] === 'esm' && path[1] === 'server') continue;
    if (entry.isDirectory()) yield* browserFiles(full);
    else if (entry.name.endsWith('.js') || entry.name.endsWith('.mjs')) yield full;
  }
}

for (const bundle of ['nid-journeys.js', 'nid-journeys.mjs']) {
  if (!existsSync(join(dist, bundle))) {
    console.error(`check-dist: dist/${bundle} is missing: run npm run build first`);
    process.exit(1);
  }
}

let count = 0;
const hits = [];

const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
for (const journey of ['register', 'activate', 'forgot-password', 'invite-form']) {
  const file = join(dist, `nid-${journey}.js`);
  if (!existsSync(file)) hits.push(`dist/nid-${journey}.js is missing`);
  else if (readFileSync(file, 'utf8').split('\n', 1)[0] !== COMPILE_HINT) hits.push(`dist/nid-${journey}.js: the first line is not ${COMPILE_HINT}`);
}
if (readFileSync(join(dist, 'nid-journeys.js'), 'utf8').includes(COMPILE_HINT)) hits.push(`dist/nid-journeys.js: has ${COMPILE_HINT}, which would compile all four elements up front`);

for (const file of browserFiles(dist)) {
  count += 1;
  const text = readFileSync(file, 'utf8');
  const oauthChunk = relative(dist, file) === OAUTH_CHUNK;
  for (const { name, re } of forbidden) {
    for (const match of text.matchAll(re)) {
      if (oauthChunk && re !== forbidden[0].re && allowedInOauthChunk(text, match.index)) continue;
      hits.push(`dist/${relative(dist, file)} @${match.index}: ${name}`);
    }
  }
}
if (hits.length) {
  console.error(hits.join('\n'));
  console.error(`\ncheck-dist: ${hits.length} problem(s) in the built browser files`);
  process.exitCode = 1; // not exit(): it would cut a long report written to a pipe
} else {
  console.log(
    `check-dist: ${count} built browser files, no Basic credentials, no Authorization but change-password's Bearer (and, in ${OAUTH_CHUNK}, oauth4webapi's userinfo Bearer); the compile hint on each journey's own bundle alone`,
  );
}
