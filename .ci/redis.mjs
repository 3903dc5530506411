#!/usr/bin/env node
/**
 * Finds redis-server, which the journeys relay's tests start (two relay
 * processes sharing one Redis limit), and installs it from the system
 * packages on a Debian/Ubuntu machine when running as root (CI), the way
 * .ci/browsers.mjs installs the browsers. Never from npm.
 *
 *   node .ci/redis.mjs     ensure, then print what was found
 *   import { ensureRedis } from './redis.mjs'
 *
 * Override: REDIS_SERVER_PATH. Without redis-server the Redis tests of
 * test/node/server-relay.test.ts are skipped with a warning; everything
 * else still runs.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { aptInstall, isDebianLike, isExecutable, isRoot, onPath } from './system.mjs';

/** Debian's package (Debian 12: Redis 7.0). */
export const APT_PACKAGES = ['redis-server'];

/** The redis-server to use, or undefined; `problem` names a REDIS_SERVER_PATH that points nowhere. */
export function findRedis() {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? { path: fromEnv } : { path: undefined, problem: `REDIS_SERVER_PATH=${fromEnv} is not an executable file` };
  return { path: onPath('redis-server') };
}

function version(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? (result.stdout.match(/v=(\S+)/)?.[1] ?? 'unknown version') : 'version unknown';
}

/**
 * Makes sure redis-server is there: on Debian/Ubuntu as root a missing one
 * is installed with apt-get. Never throws: when it is still missing, warns
 * (the Redis tests then skip, with their own warning) and returns
 * `{ path: undefined }`.
 *
 * @param {{ log?: (line: string) => void, warn?: (line: string) => void }} [options]
 * @returns {{ path: string | undefined, version?: string }}
 */
export function ensureRedis({ log = console.log, warn = console.warn } = {}) {
  let found = findRedis();
  if (!found.path && !found.problem && isRoot() && isDebianLike()) {
    log(`Installing Redis from the system packages: ${APT_PACKAGES.join(' ')}`);
    try {
      // The tests start their own Redis on a private socket: RUNLEVEL=1 asks invoke-rc.d (best effort) not to start the system one.
      aptInstall(APT_PACKAGES, log, { RUNLEVEL: '1' });
    } catch (error) {
      warn(`Installing redis-server failed: ${error.message}`);
    }
    found = findRedis();
  }
  if (found.path) return { path: found.path, version: version(found.path) };
  const how = found.problem
    ? `Fix or unset REDIS_SERVER_PATH (${found.problem}).`
    : isDebianLike()
      ? `As root: apt-get update && apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`
      : 'Install redis-server with your system package manager, or point REDIS_SERVER_PATH at it.';
  warn(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!!  WARNING: redis-server is missing: the relay tests that share a',
      '!!  Redis limit between two processes will be SKIPPED.',
      `!!  ${how}`,
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  );
  return { path: undefined };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = ensureRedis();
  console.log(`redis-server: ${found.path ? `${found.path} (${found.version})` : '(missing)'}`);
}
