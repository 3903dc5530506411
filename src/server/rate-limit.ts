/**
 * Rate limit stores of the journeys relay: fixed-window counters behind one
 * method, so that a deployment of several instances can share them. The
 * in-memory default is bounded; the Redis adapter takes the integrator's
 * own client (node-redis or ioredis), so the package depends on no Redis
 * library.
 */

/** One counted request: how many in the window so far, and when the window ends (ms since the epoch). */
export interface RateLimitHit {
  count: number;
  resetAt: number;
}

/**
 * Where the relay counts requests. `hit` adds one to `key`'s counter in a
 * window of `windowSeconds` that starts with the first hit, and returns the
 * new count with the window's end. It must be atomic across instances that
 * share the store. A rejection (or no answer within 2 s) makes the relay
 * answer 503: the limit fails closed.
 */
export interface RateLimitStore {
  hit(key: string, windowSeconds: number): Promise<RateLimitHit>;
}

/**
 * The default store: counters in this process's memory, at most `maxKeys`
 * (default 50 000; expired windows are dropped first, then the oldest).
 * Each instance counts on its own: run one instance, or use
 * {@link redisRateLimitStore}.
 */
export function memoryRateLimitStore(options: { maxKeys?: number } = {}): RateLimitStore {
  const max = options.maxKeys ?? 50_000;
  if (!Number.isInteger(max) || max < 1) throw new Error('nid-journeys/server: memoryRateLimitStore: `maxKeys` must be a positive integer.');
  const windows = new Map<string, RateLimitHit>();
  return {
    async hit(key, windowSeconds) {
      const now = Date.now();
      const current = windows.get(key);
      if (current && current.resetAt > now) {
        current.count += 1;
        return { ...current };
      }
      windows.delete(key);
      if (windows.size >= max) {
        for (const [name, entry] of windows) if (entry.resetAt <= now) windows.delete(name);
        while (windows.size >= max) windows.delete(windows.keys().next().value as string);
      }
      const fresh = { count: 1, resetAt: now + windowSeconds * 1000 };
      windows.set(key, fresh);
      return { ...fresh };
    },
  };
}

/**
 * The smallest part of a Redis client the adapter uses: one of
 * - node-redis (v4, v5): `sendCommand(args: string[]): Promise<unknown>`;
 * - ioredis: `call(command: string, ...args: string[]): Promise<unknown>`.
 */
export type RedisCommandClient =
  | { sendCommand(args: string[]): Promise<unknown> }
  | { call(command: string, ...args: string[]): Promise<unknown> };

/**
 * INCR and, on the window's first hit, PEXPIRE, atomically (one Lua script);
 * a key left without expiry (written by something else) gets one. Returns
 * the count and the milliseconds left in the window.
 */
export const RATE_LIMIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/**
 * A {@link RateLimitStore} in Redis, shared by every instance that uses the
 * same Redis: one `EVAL` of {@link RATE_LIMIT_SCRIPT} per hit (INCR and
 * PEXPIRE, atomic), under `prefix` (default `nid:rl:`). Keys are hashes,
 * never an address or an IP in clear.
 *
 * Pass your connected client. With node-redis, add an `error` listener (an
 * unhandled one stops the process) and prefer `disableOfflineQueue: true`,
 * so that a hit fails at once while Redis is down rather than waiting (the
 * relay answers 503 after 2 s either way).
 *
 * @example node-redis
 * ```ts
 * import { createClient } from 'redis';
 * const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * redis.on('error', () => {}); // the relay logs the outage once
 * await redis.connect();
 * const store = redisRateLimitStore(redis);
 * ```
 *
 * @example ioredis
 * ```ts
 * import Redis from 'ioredis';
 * const store = redisRateLimitStore(new Redis(process.env.REDIS_URL, { enableOfflineQueue: false }));
 * ```
 */
export function redisRateLimitStore(client: RedisCommandClient, options: { prefix?: string } = {}): RateLimitStore {
  const prefix = options.prefix ?? 'nid:rl:';
  if (typeof prefix !== 'string' || prefix.length > 100 || /\s/.test(prefix)) {
    throw new Error('nid-journeys/server: redisRateLimitStore: `prefix` must be a short string without spaces.');
  }
  let run: (args: string[]) => Promise<unknown>;
  // ioredis also has a `sendCommand`, with another signature: `call` first.
  if (client !== null && typeof client === 'object' && 'call' in client && typeof client.call === 'function') {
    const ioredis = client;
    run = ([command, ...args]) => ioredis.call(command!, ...args);
  } else if (client !== null && typeof client === 'object' && 'sendCommand' in client && typeof client.sendCommand === 'function') {
    const nodeRedis = client;
    run = (args) => nodeRedis.sendCommand(args);
  } else {
    throw new Error(
      'nid-journeys/server: redisRateLimitStore needs a Redis client with sendCommand(args) (node-redis) or call(command, ...args) (ioredis).',
    );
  }
  return {
    async hit(key, windowSeconds) {
      const windowMs = Math.max(1, Math.round(windowSeconds * 1000));
      const reply = await run(['EVAL', RATE_LIMIT_SCRIPT, '1', `${prefix}${key}`, String(windowMs)]);
      const [count, ttl] = Array.isArray(reply) ? reply.map(integer) : [];
      if (count === undefined || ttl === undefined) throw new TypeError('nid-journeys/server: unexpected answer from Redis.');
      return { count, resetAt: Date.now() + Math.max(0, ttl) };
    },
  };
}
