/**
 * The package's types as TypeScript apps resolve them, from the packed
 * package (./packed.ts): app-types/ imports every entry, the script bundles
 * included, and is compiled with `moduleResolution` node16 (an ES module
 * app), bundler, and node (node10, a CommonJS app: it reads `typesVersions`,
 * not `exports`).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bin, install, pack, run } from './packed.js';

let work: string;
let tarball: string;
const timings: string[] = [];

const SETTINGS = {
  node16: { type: 'module', module: 'node16', moduleResolution: 'node16' },
  bundler: { type: 'module', module: 'esnext', moduleResolution: 'bundler' },
  node: { type: 'commonjs', module: 'commonjs', moduleResolution: 'node' },
} as const;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'nid-typescript-'));
  tarball = await pack(work);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`typescript: ${timings.join(', ')}`);
});

describe('the types of every entry, from the packed package', { timeout: 120_000 }, () => {
  for (const [name, { type, module, moduleResolution }] of Object.entries(SETTINGS)) {
    it(`moduleResolution ${moduleResolution} (module ${module}, a "type": "${type}" app)`, async () => {
      const app = join(work, name);
      // What a React and a Vue app have installed, for nid-journeys/react and nid-journeys/vue.
      await install(app, tarball, { type, extra: ['@types/react', 'vue'] });
      cpSync(fileURLToPath(new URL('./app-types/', import.meta.url)), join(app, 'src'), { recursive: true });
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module,
            moduleResolution,
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            strict: true,
            noEmit: true,
            // Our declarations are read through each resolution; the @ts-expect-error lines prove they are not `any`.
            skipLibCheck: true,
            types: [],
          },
          include: ['src'],
        }),
      );
      const started = Date.now();
      await run(bin('tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: app }).catch((error: { stdout?: string; message: string }) =>
        assert.fail(`the app does not compile with moduleResolution ${moduleResolution}:\n${error.stdout || error.message}`),
      );
      timings.push(`tsc ${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }
});
