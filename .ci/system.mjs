/**
 * What the CI scripts that find or install system tools share (browsers.mjs,
 * redis.mjs): executables on PATH, and Debian's packages when running as root.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isExecutable(file) {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable of `names` on PATH, else in /usr/bin (which a minimal PATH may lack). */
export function onPath(...names) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of [...dirs, '/usr/bin']) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

export const isDebianLike = () => existsSync('/etc/debian_version') && onPath('apt-get') !== undefined;
export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** `apt-get update`, then installs `packages` (no recommends), with `env` added to the environment. */
export function aptInstall(packages, log, env = {}) {
  const fullEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...env };
  const run = (args) => {
    log(`$ apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env: fullEnv });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`apt-get ${args[0]} failed with exit code ${result.status}`);
  };
  run(['update']);
  run(['install', '-y', '--no-install-recommends', ...packages]);
}
