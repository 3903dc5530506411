/**
 * Three library builds, chosen by `--mode` (.ci/build.mjs runs them all):
 *
 * - `esm` (default): one ES module per source file for npm users, every
 *   dependency external; their bundler splits the phone chunk.
 * - `bundle`: the single self-contained script-tag file `dist/nid-journeys.js`
 *   (IIFE: works as a plain `<script src>` and as `type="module"`), lit bundled.
 * - `phone` and `transport`: the lazy chunks of the script-tag bundle,
 *   `dist/nid-journeys-phone.js` (libphonenumber-js) and
 *   `dist/nid-journeys-transport.js` (zod, the schemas, fetch): standalone ES
 *   modules loaded from beside it when first needed.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));
const dependencies = Object.keys(pkg.dependencies);
const external = (id: string) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** Element entries, one per journey, plus the whole set. */
const entries = {
  index: src('index.ts'),
  register: src('register.ts'),
  activate: src('activate.ts'),
  'forgot-password': src('forgot-password.ts'),
  // Keyed by its path: the entry name is the output file (dist/esm/server/index.js).
  'server/index': src('server/index.ts'),
  'invite-form': src('invite-form.ts'),
};

/**
 * Drops the indentation of every line of our sources. JavaScript does not care,
 * and inside the html/css templates, the only place where it would survive
 * minification, a newline alone renders the same as a newline and spaces.
 * Line numbers stay as they were, so the sourcemaps still point right.
 */
const stripIndentation: Plugin = {
  name: 'nid:strip-indentation',
  enforce: 'pre',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id)) return undefined;
    return { code: code.replace(/\n[ \t]+/g, '\n'), map: null };
  },
};

const shared: UserConfig = {
  plugins: [stripIndentation],
  build: { target: 'es2022', emptyOutDir: false, reportCompressedSize: false },
};

const esm: UserConfig = {
  ...shared,
  build: {
    ...shared.build,
    outDir: 'dist/esm',
    minify: false,
    sourcemap: true,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      external,
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
};

const bundle: UserConfig = {
  ...shared,
  resolve: {
    // The lazy chunks are fetched from beside the bundle instead of being split by a bundler.
    alias: [
      { find: /^.*\/phone\/load-phone\.js$/, replacement: src('phone/load-phone.bundle.ts') },
      { find: /^.*\/(api\/)?load-transport\.js$/, replacement: src('api/load-transport.bundle.ts') },
    ],
  },
  build: {
    ...shared.build,
    outDir: 'dist',
    sourcemap: true,
    lib: { entry: src('index.ts'), formats: ['iife'], name: 'NidJourneys', fileName: () => 'nid-journeys.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
};

/**
 * A lazy chunk of the script-tag bundle: one self-contained, fully minified ES
 * module (not lib mode, which leaves ES output unminified for a consumer's
 * bundler; these files are final).
 */
const chunk = (entry: string, file: string): UserConfig => ({
  ...shared,
  build: {
    ...shared.build,
    outDir: 'dist',
    sourcemap: true,
    copyPublicDir: false,
    rolldownOptions: {
      input: src(entry),
      preserveEntrySignatures: 'strict',
      output: { format: 'es', entryFileNames: file, codeSplitting: false },
    },
  },
});

const modes: Record<string, UserConfig> = {
  esm,
  bundle,
  phone: chunk('phone/phone.ts', 'nid-journeys-phone.js'),
  transport: chunk('api/transport.ts', 'nid-journeys-transport.js'),
};

export default defineConfig(({ mode }) => modes[mode] ?? esm);
