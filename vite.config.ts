/**
 * The library builds, chosen by `--mode` (.ci/build.mjs runs them all):
 *
 * - `esm` (default): one ES module per source file for npm users, every
 *   dependency external; their bundler splits the phone chunk.
 * - `bundle`: the single self-contained script-tag file `dist/nid-journeys.js`
 *   (IIFE, for a classic `<script src>`), lit bundled.
 * - `module`: the same as an ES module, `dist/nid-journeys.mjs`, for
 *   `<script type="module">` (it finds its chunks by `import.meta.url`).
 * - `phone`, `transport` and `oauth`: the lazy chunks of the script-tag bundle,
 *   `dist/nid-journeys-phone.js` (libphonenumber-js),
 *   `dist/nid-journeys-transport.js` (zod, the schemas, fetch) and
 *   `dist/nid-journeys-oauth.js` (hosted mode: `nid-journeys/oauth` with
 *   oauth4webapi): standalone ES modules loaded from beside it when first needed.
 * - `locales`: the script-tag bundle's translations, `dist/locales/<tag>.js`,
 *   one dependency-free ES module per locale, loaded on first use.
 *
 * Every mode needs the modules `npm run i18n:build` generates from
 * `locales/*.xlf` into `src/i18n/generated/` (.ci/build.mjs runs it first).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };
import localize from './.config/lit-localize.json' with { type: 'json' };

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));
// Peer dependencies too: nid-journeys/react uses the application's React, never a copy of its own.
const dependencies = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];
const external = (id: string) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** Element entries, one per journey, plus the whole set. */
const entries = {
  index: src('index.ts'),
  register: src('register.ts'),
  activate: src('activate.ts'),
  'forgot-password': src('forgot-password.ts'),
  // Keyed by its path: the entry name is the output file (dist/esm/server/index.js).
  'server/index': src('server/index.ts'),
  // nid-journeys/oauth: the hosted journeys' return (oauth4webapi), browser and edge.
  'oauth/index': src('oauth/index.ts'),
  'invite-form': src('invite-form.ts'),
  // The four classes without defining any tag (no side effects).
  elements: src('elements.ts'),
  // The React components (and the tags' JSX typings).
  'frameworks/react': src('frameworks/react.ts'),
  // Types only (Vue's typings): an empty module, so that `import 'nid-journeys/vue'` also works.
  'frameworks/vue': src('frameworks/vue.ts'),
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

/** The lazy chunks are fetched from beside the bundle instead of being split by a bundler. */
const chunkLoaders = [
  { find: /^.*\/phone\/load-phone\.js$/, replacement: src('phone/load-phone.bundle.ts') },
  { find: /^.*\/(api\/)?load-transport\.js$/, replacement: src('api/load-transport.bundle.ts') },
  { find: /^.*\/(i18n\/)?load-locale\.js$/, replacement: src('i18n/load-locale.bundle.ts') },
  { find: /^.*\/(oauth\/)?load-oauth\.js$/, replacement: src('oauth/load-oauth.bundle.ts') },
];

const bundle: UserConfig = {
  ...shared,
  resolve: { alias: chunkLoaders },
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

/**
 * Turns a module generated by lit-localize (which imports `html` from lit and
 * `str` from @lit/localize) into one that imports nothing: its default export
 * takes both and returns the templates (see src/i18n/load-locale.bundle.ts).
 * Fails the build if lit-localize's output ever changes shape.
 */
const localeFactory: Plugin = {
  name: 'nid:locale-factory',
  enforce: 'pre',
  transform(code, id) {
    if (!/\/src\/i18n\/generated\/[^/]+\.ts$/.test(id)) return undefined;
    const imports = /^\s*import\s*\{\s*(html|str)\s*\}\s*from\s*'(lit|@lit\/localize)';\s*$/gm;
    const body = code.replace(imports, '');
    if (/^\s*import\s/m.test(body) || !/^\s*export const templates = \{/m.test(body)) {
      throw new Error(`${id}: not the shape lit-localize generates (imports of html and str, then "export const templates")`);
    }
    const templates = body.replace(/^(\s*)export const templates =/m, '$1const templates =');
    return { code: `export default function ({ html, str }) {\n${templates}\nreturn templates;\n}\n`, map: null };
  },
};

/** `dist/locales/<tag>.js`, one per translated locale, fully minified. */
const locales: UserConfig = {
  ...shared,
  plugins: [localeFactory],
  build: {
    ...shared.build,
    outDir: 'dist',
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: Object.fromEntries(localize.targetLocales.map((tag) => [tag, src(`i18n/generated/${tag}.ts`)])),
      preserveEntrySignatures: 'strict',
      output: { format: 'es', entryFileNames: 'locales/[name].js' },
    },
  },
};

/**
 * `dist/nid-journeys.mjs`: the same bundle as an ES module, for
 * `<script type="module">`; it finds its chunks (the same files) by
 * `import.meta.url`, which no tag on the page can change.
 */
const moduleBundle: UserConfig = {
  ...chunk('index.ts', 'nid-journeys.mjs'),
  resolve: { alias: [...chunkLoaders, { find: /^.*\/bundle\/asset-url\.js$/, replacement: src('bundle/asset-url.module.ts') }] },
};

/**
 * One journey's own script-tag bundle, `dist/nid-<journey>.js`: nid-journeys.js
 * with that element alone, for a page that shows one journey (most do). It
 * shares the lazy chunks and locale files beside it.
 *
 * Its first line is V8's explicit compile hint (Chrome 136 and later; other
 * engines read a comment): most of the file runs before the form first paints,
 * so V8 compiles all of it on the background thread that streams the script in,
 * instead of one function at a time on the main thread as the first render
 * calls them. The all-in-one bundle has no hint: three of its four elements do
 * not run on a page, and compiling them up front delays the form (bench/).
 * After minification, or the minifier would drop the comment.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
export const journeyBundles = ['register', 'activate', 'forgot-password', 'invite-form'] as const;
/** The journey bundle's generated entry (lib mode resolves it against the root first, hence the suffix match). */
const JOURNEY_ENTRY = 'virtual:nid-journey-bundle';
const journeyBundle = (journey: string): UserConfig => ({
  ...bundle,
  plugins: [
    ...(shared.plugins ?? []),
    {
      // The entry: the journey's module (defines the tag, exports the class) and what every script bundle exports.
      name: 'nid:journey-bundle-entry',
      resolveId: (id) => (id.endsWith(JOURNEY_ENTRY) ? `\0${JOURNEY_ENTRY}` : undefined),
      load: (id) => {
        if (id !== `\0${JOURNEY_ENTRY}`) return undefined;
        const element = `Nid${journey.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}`;
        // A plain value, not a re-export of the class binding (which the decorators reassign): a second copy of
        // the file then sets window.NidJourneys.NidRegister again instead of failing to redefine a getter.
        return [
          `import { ${element} as element } from ${JSON.stringify(src(`${journey}.ts`))};`,
          `export const ${element} = element;`,
          `export * from ${JSON.stringify(src('bundle/script-exports.ts'))};`,
        ].join('\n');
      },
    },
  ],
  build: {
    ...bundle.build,
    lib: { entry: JOURNEY_ENTRY, formats: ['iife'], name: 'NidJourneys', fileName: () => `nid-${journey}.js` },
    // `extend`: two journeys' bundles on one page add to window.NidJourneys instead of replacing it.
    rolldownOptions: { output: { codeSplitting: false, extend: true, postBanner: COMPILE_HINT } },
  },
});

const modes: Record<string, UserConfig> = {
  ...Object.fromEntries(journeyBundles.map((journey) => [`bundle-${journey}`, journeyBundle(journey)])),
  locales,
  esm,
  bundle,
  module: moduleBundle,
  phone: chunk('phone/phone.ts', 'nid-journeys-phone.js'),
  transport: chunk('api/transport.ts', 'nid-journeys-transport.js'),
  oauth: chunk('oauth/index.ts', 'nid-journeys-oauth.js'),
};

export default defineConfig(({ mode }) => modes[mode] ?? esm);
