/**
 * Where the callback handler keeps its sessions: the claims and tokens of a
 * sign-in, on the server, under a random id that is all the browser holds
 * (sealed in the session cookie).
 */
import type { IdTokenClaims, OAuthTokens } from './oauth.js';

/** What the session store keeps per session: plain JSON. */
export interface SessionRecord {
  claims: IdTokenClaims;
  tokens: OAuthTokens;
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch: the session ends then, whatever the store does. */
  expiresAt: number;
}

/**
 * Where sessions live (Redis, a database, ...). The key is a random
 * 256-bit id; records are plain JSON; `ttlSeconds` is when the store may
 * forget the record. Each method may return a value or a promise.
 */
export interface SessionStore {
  get(id: string): SessionRecord | undefined | Promise<SessionRecord | undefined>;
  set(id: string, record: SessionRecord, ttlSeconds: number): void | Promise<void>;
  delete(id: string): void | Promise<void>;
}

/**
 * The default session store: in this process's memory, at most `maxSessions`
 * (default 10 000; the oldest goes first). Sessions are lost on restart and
 * not shared between instances: give a store of your own for those.
 */
export function memorySessionStore(options: { maxSessions?: number } = {}): SessionStore {
  const max = options.maxSessions ?? 10_000;
  if (!Number.isInteger(max) || max < 1) throw new Error('nid-journeys/server: memorySessionStore: `maxSessions` must be a positive integer.');
  const records = new Map<string, { record: SessionRecord; until: number }>();
  return {
    get(id) {
      const entry = records.get(id);
      if (!entry) return undefined;
      if (entry.until <= Date.now()) {
        records.delete(id);
        return undefined;
      }
      return entry.record;
    },
    set(id, record, ttlSeconds) {
      records.delete(id);
      if (records.size >= max) {
        const now = Date.now();
        for (const [key, entry] of records) if (entry.until <= now) records.delete(key);
        while (records.size >= max) records.delete(records.keys().next().value as string);
      }
      records.set(id, { record, until: Date.now() + ttlSeconds * 1000 });
    },
    delete(id) {
      records.delete(id);
    },
  };
}
