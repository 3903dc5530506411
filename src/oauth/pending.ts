/**
 * The journeys started in this tab and not finished yet: one `sessionStorage`
 * key, `nid-journeys:oauth`, holding a JSON object keyed by `state`. Each
 * entry is what the return needs: the PKCE verifier, the nonce, and the
 * service, client and redirect URI it was started for. Two flows in one tab
 * (a sign-in, then a profile edit) keep separate entries; `take()` reads an
 * entry and removes it in one go, so a response is finished at most once.
 *
 * Nothing here touches `localStorage`, and no token is ever stored: only what
 * must survive the trip to the hosted screen and back.
 */

export const STORAGE_KEY = 'nid-journeys:oauth';

/** Entries older than this are dropped when the store is next written (a journey abandoned half-way). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** At most this many journeys pending in one tab (the newest are kept). */
const MAX_ENTRIES = 8;

export interface PendingJourney {
  /** The PKCE code verifier. */
  verifier: string;
  nonce: string;
  /** The base domain, as a normalised URL (`https://id.example.com/`). */
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** When the journey started (ms since the epoch). */
  created: number;
}

type Store = Map<string, PendingJourney>;

const isEntry = (value: unknown, now: number): value is PendingJourney => {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    ['verifier', 'nonce', 'issuer', 'clientId', 'redirectUri'].every((key) => typeof entry[key] === 'string') &&
    typeof entry.created === 'number' &&
    entry.created <= now &&
    now - entry.created < MAX_AGE_MS
  );
};

/**
 * The pending journeys still fresh, or none when the key is missing,
 * unreadable or altered into something else. (A Map: a `state` read from the
 * address bar is never used as a plain object's key.)
 */
function read(storage: Storage): Store {
  const store: Store = new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}');
  } catch {
    return store;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return store;
  const now = Date.now();
  for (const [state, entry] of Object.entries(parsed)) if (isEntry(entry, now)) store.set(state, entry);
  return store;
}

function write(storage: Storage, store: Store): void {
  // Oldest first, as they were added (the sort is stable), so that the last MAX_ENTRIES are the newest.
  const kept = [...store].sort(([, a], [, b]) => a.created - b.created).slice(-MAX_ENTRIES);
  if (kept.length === 0) storage.removeItem(STORAGE_KEY);
  else storage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(kept)));
}

/** `sessionStorage`, or undefined where there is none (an edge runtime) or it is refused (a sandboxed frame). */
export function sessionStore(): Storage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a journey until its response comes back. Throws when the tab has no usable `sessionStorage`. */
export function remember(state: string, entry: PendingJourney): void {
  const storage = sessionStore();
  if (!storage) throw new TypeError('nid-journeys/oauth: sessionStorage is not available, so a journey cannot be started here');
  const store = read(storage);
  store.set(state, entry);
  write(storage, store);
}

/** The journey a `state` belongs to, removed from the store; undefined when there is none (or no storage). */
export function take(state: string): PendingJourney | undefined {
  const storage = sessionStore();
  if (!storage) return undefined;
  try {
    const store = read(storage);
    const entry = store.get(state);
    if (!entry) return undefined;
    store.delete(state);
    write(storage, store);
    return entry;
  } catch {
    return undefined;
  }
}
