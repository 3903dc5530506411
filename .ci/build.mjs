#!/usr/bin/env node
/**
 * `npm run build`: everything the package ships, into dist/.
 *
 *   dist/esm/                     ES modules for npm users (one per source file)
 *   dist/nid-journeys.js          the script-tag bundle (all elements, lit included)
 *   dist/nid-journeys.mjs         the same as an ES module, for <script type="module">
 *   dist/nid-<journey>.js         one journey's own script-tag bundle (nid-register.js, ...): that element alone,
 *                                 the same lazy files beside it
 *   dist/nid-journeys-phone.js    its lazy phone chunk (libphonenumber-js)
 *   dist/nid-journeys-transport.js  its lazy transport chunk (zod schemas, fetch)
 *   dist/nid-journeys-oauth.js    its lazy oauth chunk (hosted mode: nid-journeys/oauth, oauth4webapi)
 *   dist/locales/<tag>.js         its translations, one file per locale, loaded on first use
 *   dist/flags/<cc>.svg           the phone fields' flag images (flag-icons, MIT: dist/flags/LICENSE), fetched per flag shown
 *   dist/types/                   .d.ts files (no declaration maps: they would point at src/, which is not shipped),
 *                                 and the script bundles' nid-journeys.d.ts and nid-journeys-module.d.ts
 *   dist/custom-elements.json     the custom elements manifest
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = (command, args) => execFileSync(bin(command), args, { cwd: root, stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// The translations, from locales/*.xlf into src/i18n/generated/: every build below imports them.
execFileSync(process.execPath, ['.ci/i18n.mjs', 'build'], { cwd: root, stdio: 'inherit' });
const journeys = ['register', 'activate', 'forgot-password', 'invite-form'];
for (const mode of ['esm', 'bundle', ...journeys.map((journey) => `bundle-${journey}`), 'module', 'phone', 'transport', 'oauth', 'locales']) {
  run('vite', ['build', '--mode', mode, '--logLevel', 'warn']);
}
copyFlags();
run('tsc', ['-p', '.config/tsconfig.build.json']);
// The script bundles' types (package.json exports them): the classic file only defines the elements,
// the module also exports what nid-journeys does.
writeFileSync(
  new URL('../dist/types/nid-journeys.d.ts', import.meta.url),
  "// dist/nid-journeys.js: defines the four elements (typed in HTMLElementTagNameMap); it exports nothing.\nimport './index.js';\nexport {};\n",
);
for (const journey of journeys) {
  writeFileSync(
    new URL(`../dist/types/nid-${journey}.d.ts`, import.meta.url),
    `// dist/nid-${journey}.js: defines <nid-${journey}> alone (typed in HTMLElementTagNameMap); it exports nothing.\nimport './${journey}.js';\nexport {};\n`,
  );
}
writeFileSync(new URL('../dist/types/nid-journeys-module.d.ts', import.meta.url), "// dist/nid-journeys.mjs: nid-journeys as one module.\nexport * from './index.js';\n");
run('cem', ['analyze', '--config', '.config/custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/');

/**
 * The flags of the phone fields' country picker (issue #16): one SVG per
 * two-letter code from flag-icons' 4:3 set, as dist/flags/<cc>.svg beside the
 * bundle (the phone field asks for `flags/<cc>.svg` beside its chunks), and
 * flag-icons' MIT licence next to them. Files, not JavaScript: a page fetches
 * only the flags it shows, and `img-src 'self'` allows them.
 */
function copyFlags() {
  const from = new URL('../node_modules/flag-icons/', import.meta.url);
  const to = new URL('../dist/flags/', import.meta.url);
  mkdirSync(to, { recursive: true });
  const files = readdirSync(new URL('flags/4x3/', from)).filter((name) => /^[a-z]{2}\.svg$/.test(name));
  for (const name of files) copyFileSync(new URL(`flags/4x3/${name}`, from), new URL(name, to));
  copyFileSync(new URL('LICENSE', from), new URL('LICENSE', to));
}
