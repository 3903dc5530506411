/**
 * What the hosted `/token` hands out, in memory: grants, their access
 * tokens and their rotating refresh tokens. Tokens are random (256 bits)
 * and kept only as SHA-256 digests, like the rest of the store.
 *
 * A grant is what one authorization code led to. Revoking it ends all of
 * its tokens at once: a replayed code or a replayed (already rotated)
 * refresh token does that, as RFC 9700 (2.2.2, 4.14.2) advises.
 */
import { randomUUID } from 'node:crypto';
import { digest, randomToken } from '../secrets.js';

/** An access token's lifetime (the `expires_in` of /token). */
export const OAUTH_ACCESS_TOKEN_TTL_SECONDS = 60 * 60;
/** A refresh token's lifetime; each use rotates it. */
export const REFRESH_TOKEN_TTL_SECONDS = 14 * 24 * 60 * 60;

const MAX_GRANTS = 20_000;
const MAX_TOKENS = 50_000;

export interface GrantInit {
  accountId: string;
  clientId: string;
  /** Space-separated. */
  scope: string;
  /** When the user authenticated (epoch ms): every ID token of the grant says it. */
  authTime: number;
  /** The grant began with client authentication (Basic): its refresh tokens need it too. */
  confidential: boolean;
}

export interface Grant extends GrantInit {
  id: string;
  revoked: boolean;
}

interface TokenRecord {
  grantId: string;
  expiresAt: number;
}

interface RefreshRecord extends TokenRecord {
  /** Set once rotated: a later use is a replay. */
  rotated: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  grant: Grant;
}

/** A refresh token's use: the grant (and new tokens), or why not. */
export type RefreshOutcome = { ok: true; grant: Grant; rotate: () => IssuedTokens } | { ok: false; replayed: boolean };

function trim<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}

export class Grants {
  readonly #now: () => number;
  readonly #grants = new Map<string, Grant>();
  readonly #accessTokens = new Map<string, TokenRecord>();
  readonly #refreshTokens = new Map<string, RefreshRecord>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new grant with its first access and refresh tokens. */
  issue(init: GrantInit): IssuedTokens {
    const grant: Grant = { ...init, id: randomUUID(), revoked: false };
    this.#grants.set(grant.id, grant);
    trim(this.#grants, MAX_GRANTS);
    return this.#tokens(grant);
  }

  #tokens(grant: Grant): IssuedTokens {
    const now = this.#now();
    const accessToken = randomToken();
    const refreshToken = randomToken();
    this.#accessTokens.set(digest(accessToken), { grantId: grant.id, expiresAt: now + OAUTH_ACCESS_TOKEN_TTL_SECONDS * 1000 });
    this.#refreshTokens.set(digest(refreshToken), { grantId: grant.id, expiresAt: now + REFRESH_TOKEN_TTL_SECONDS * 1000, rotated: false });
    trim(this.#accessTokens, MAX_TOKENS);
    trim(this.#refreshTokens, MAX_TOKENS);
    return { accessToken, refreshToken, expiresIn: OAUTH_ACCESS_TOKEN_TTL_SECONDS, grant };
  }

  #live(record: TokenRecord | undefined): Grant | undefined {
    if (!record || record.expiresAt <= this.#now()) return undefined;
    const grant = this.#grants.get(record.grantId);
    return grant && !grant.revoked ? grant : undefined;
  }

  /** The grant of a live access token (unexpired, grant not revoked). */
  findAccessToken(token: string): Grant | undefined {
    return this.#live(this.#accessTokens.get(digest(token)));
  }

  /**
   * Looks a refresh token up. A live, unrotated one gives its grant and a
   * `rotate()` that retires it and issues the next pair (call it once the
   * request is otherwise accepted). A rotated one is a replay: its grant is
   * revoked here and `replayed` is true.
   */
  refresh(token: string): RefreshOutcome {
    const key = digest(token);
    const record = this.#refreshTokens.get(key);
    const grant = this.#live(record);
    if (!record || !grant) return { ok: false, replayed: false };
    if (record.rotated) {
      this.revoke(grant.id);
      return { ok: false, replayed: true };
    }
    return {
      ok: true,
      grant,
      rotate: () => {
        record.rotated = true;
        return this.#tokens(grant);
      },
    };
  }

  /** Ends a grant: its access and refresh tokens stop working. */
  revoke(grantId: string): void {
    const grant = this.#grants.get(grantId);
    if (grant) grant.revoked = true;
  }
}
