/**
 * The package as an npm user gets it, for every consumer test: `npm pack` of
 * the build (what `npm publish` would upload), unpacked into a scratch app's
 * node_modules, with the package's `dependencies` (and whatever the app
 * itself needs: hono, typescript, @types/react...) symlinked from this
 * repository's node_modules. Offline: `npm install --offline` of the tarball
 * fails without the registry's metadata in the cache.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** Packs the build into `work`; the tarball's path. */
export async function pack(work: string): Promise<string> {
  assert.ok(existsSync(join(root, 'dist/esm/index.js')), 'dist/ is missing: run npm run build first');
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  assert.ok(packed, 'npm pack packed nothing');
  return join(work, packed.filename);
}

/** Links `name` in `nodeModules` to this repository's copy. */
export function linkFromRepo(nodeModules: string, name: string): void {
  const source = join(root, 'node_modules', name);
  assert.ok(existsSync(source), `${name} is not installed in this repository`);
  const target = join(nodeModules, name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(source, target, 'dir');
}

/**
 * "Installs" the tarball into `app` (created if needed, with a package.json
 * of `type`): unpacked into node_modules/nid-journeys, its dependencies and
 * `extra` linked beside it. The installed package's directory.
 */
export async function install(app: string, tarball: string, options: { type?: 'module' | 'commonjs'; extra?: string[] } = {}): Promise<string> {
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer-app', private: true, type: options.type ?? 'module', dependencies: { 'nid-journeys': `file:${tarball}` } }, null, 2),
  );
  const installed = join(app, 'node_modules', 'nid-journeys');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of [...Object.keys(manifest.dependencies ?? {}), ...(options.extra ?? [])]) linkFromRepo(join(app, 'node_modules'), name);
  return installed;
}
