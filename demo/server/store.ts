/**
 * The reference server's in-memory state: accounts, the one-time codes of
 * the journeys (PINs and link codes), access tokens, authorization codes,
 * the outbox of "sent" messages and the per-identifier message windows.
 *
 * Nothing here holds a usable secret: passwords and security answers are
 * scrypt hashes, link codes and tokens SHA-256 digests, PINs keyed digests
 * (see secrets.ts). The outbox is the exception by design: it stands for the
 * user's mailbox and phone.
 *
 * Every collection is bounded (oldest first), so a demo that runs for days
 * does not grow without limit.
 */
import { randomUUID } from 'node:crypto';
import { digest, digestsEqual, pinDigest, randomPin, randomToken } from './secrets.js';

export type Channel = 'email' | 'sms';

/**
 * - `invited`: created by pre-register, no password yet; the invitation's
 *   link leads to the hosted activation stand-in (hosted-activation.ts).
 * - `pending`: self-registered, has a password, waits for its verification PIN.
 * - `active`: verified.
 */
export type AccountStatus = 'invited' | 'pending' | 'active';

export interface Account {
  id: string;
  /** The client the account last registered through (or was invited to). */
  clientId: string;
  channel: Channel;
  /** Normalised identifier: lower-cased email address or E.164 number. */
  identifier: string;
  status: AccountStatus;
  /** Profile fields as sent (the client's configured ones only), without secrets. */
  profile: Record<string, string>;
  /** A scrypt hash; undefined for an invitee who has not chosen a password, and for a passwordless client's user. */
  passwordHash?: string;
  securityAnswers: { id: string; answerHash: string }[];
  /** Consents given through profile fields (`{ terms: true }`). */
  consents: Record<string, boolean>;
  /** The language the account was created in (the demo words every message in English). */
  locale?: string;
  createdAt: number;
}

export type NewAccount = Omit<Account, 'id' | 'createdAt'>;

/** What a PIN proves: the address of a new account, or the right to set a new password (SMS). */
export type PinPurpose = 'verification' | 'reset';
/** What a link's code is for: a password reset (email) or an invitation (the hosted activation page). */
export type LinkPurpose = 'reset' | 'invitation';

interface PinRecord {
  digest: Buffer;
  clientId: string;
  expiresAt: number;
  /** Wrong guesses so far, across all of the account's PINs (see redeemPin). */
  attempts: number;
}

export interface LinkRecord {
  purpose: LinkPurpose;
  accountId: string;
  clientId: string;
  expiresAt: number;
  /** Invitations: passed back on the redirect to the client's app link. */
  state?: string;
}

/**
 * `session`: a signed-in user (after verification), until it expires.
 * `reset`: may change the password once (after a reset PIN or link code).
 */
export type AccessScope = 'session' | 'reset';

export interface AccessTokenRecord {
  accountId: string;
  clientId: string;
  scope: AccessScope;
  expiresAt: number;
}

/**
 * An authorization code: a passwordless registration, the end of an
 * invitation, or a hosted screen (oidc/). The hosted `/token` redeems it
 * once (redeemAuthorizationCode). The optional keys come from a browser's
 * authorization request: a code without `codeChallenge` can only be redeemed
 * by a client that authenticates (Basic).
 */
export interface AuthorizationCodeRecord {
  accountId: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  expiresAt: number;
  /** PKCE: the S256 challenge of the authorization request. */
  codeChallenge?: string;
  /** OpenID Connect: the request's nonce, repeated in the ID token. */
  nonce?: string;
  /** The granted scope (space-separated); `openid` when absent. */
  scope?: string;
  /** When the user authenticated (epoch ms); the code's issue time when absent. */
  authTime?: number;
}

/** What redeeming a code found: a live code (now used), one used before (and the grant it led to), or nothing. */
export type CodeRedemption =
  | { status: 'redeemed'; record: AuthorizationCodeRecord }
  | { status: 'reused'; grantId?: string }
  | { status: 'unknown' };

export type MessageKind = 'verification' | 'invitation' | 'already_registered' | 'password_reset';

export interface OutboxMessage {
  id: string;
  kind: MessageKind;
  channel: Channel;
  to: string;
  /** Emails only. */
  subject?: string;
  body: string;
  /** The message's link, if any (a reset link, an invitation). */
  link?: string;
  /** The message's PIN, if any (verification, an SMS reset). */
  pin?: string;
  sentAt: string;
}

/**
 * Message windows: verification covers register, resend-verification and
 * pre-register's resend (all send the person something to activate with);
 * reset covers forgot-password. One does not delay the other.
 */
export type WindowPurpose = 'verification' | 'reset';

export interface StoreOptions {
  /** How long a verification PIN works (default 900: 15 minutes). */
  verificationCodeTtlSeconds?: number;
  /** How long a reset PIN or link works (default 3600: 1 hour). */
  resetCodeTtlSeconds?: number;
  /** How long an invitation link works (default 86400: 24 hours). */
  invitationTtlSeconds?: number;
}

export const DEFAULT_VERIFICATION_CODE_TTL_SECONDS = 15 * 60;
export const DEFAULT_RESET_CODE_TTL_SECONDS = 60 * 60;
export const DEFAULT_INVITATION_TTL_SECONDS = 24 * 60 * 60;
/** A session's access token (the vendor's `expires_in`). */
export const SESSION_TOKEN_TTL_SECONDS = 60 * 60;
/** A reset's access token: only long enough to send the new password. */
export const RESET_TOKEN_TTL_SECONDS = 10 * 60;
/** How long an authorization code works (10 minutes, RFC 6749 section 4.1.2's maximum). */
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong guesses after which an account's PINs are burned (a new one must be asked for). */
export const MAX_PIN_ATTEMPTS = 5;

/** Bounds memory (oldest first). */
const MAX_ACCOUNTS = 50_000;
const MAX_LINKS = 50_000;
const MAX_ACCESS_TOKENS = 50_000;
const MAX_AUTHORIZATION_CODES = 10_000;
const MAX_WINDOWS = 50_000;
const MAX_OUTBOX_MESSAGES = 500;

/** Email addresses compare case-insensitively here (a simplification: local parts may be case-sensitive). */
export function normaliseIdentifier(channel: Channel, identifier: string): string {
  return channel === 'email' ? identifier.toLowerCase() : identifier;
}

const identifierKey = (channel: Channel, identifier: string) => `${channel}:${normaliseIdentifier(channel, identifier)}`;
const pinKey = (accountId: string, purpose: PinPurpose) => `${accountId}\n${purpose}`;

/** Deletes the oldest entries (Map order) until at most `max` remain. */
function trim<K, V>(map: Map<K, V>, max: number, onDelete?: (key: K, value: V) => void): void {
  for (const [key, value] of map) {
    if (map.size <= max) break;
    map.delete(key);
    onDelete?.(key, value);
  }
}

function ttlMs(name: string, seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`${name} must be a positive number of seconds`);
  return seconds * 1000;
}

export class Store {
  readonly #now: () => number;
  readonly #accounts = new Map<string, Account>();
  readonly #accountIdByIdentifier = new Map<string, string>();
  /** One live PIN per account and purpose: a new one replaces the old. */
  readonly #pins = new Map<string, PinRecord>();
  /** Link codes by digest; one live code per account and purpose (#linkByAccount). */
  readonly #links = new Map<string, LinkRecord>();
  readonly #linkByAccount = new Map<string, string>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  readonly #authorizationCodes = new Map<string, AuthorizationCodeRecord>();
  /** Redeemed codes (digest), until they would have expired: a second use revokes what the first issued. */
  readonly #usedAuthorizationCodes = new Map<string, { expiresAt: number; grantId?: string }>();
  readonly #windows = new Map<string, number>();
  readonly #outbox: OutboxMessage[] = [];
  readonly #ttl: { verification: number; reset: number; invitation: number };

  constructor(now: () => number = Date.now, options: StoreOptions = {}) {
    this.#now = now;
    this.#ttl = {
      verification: ttlMs('verificationCodeTtlSeconds', options.verificationCodeTtlSeconds ?? DEFAULT_VERIFICATION_CODE_TTL_SECONDS),
      reset: ttlMs('resetCodeTtlSeconds', options.resetCodeTtlSeconds ?? DEFAULT_RESET_CODE_TTL_SECONDS),
      invitation: ttlMs('invitationTtlSeconds', options.invitationTtlSeconds ?? DEFAULT_INVITATION_TTL_SECONDS),
    };
  }

  /** How long a code of this purpose works, in seconds (the messages say it). */
  codeTtlSeconds(purpose: PinPurpose | LinkPurpose): number {
    return this.#ttl[purpose] / 1000;
  }

  // -- accounts ------------------------------------------------------------------

  findAccount(channel: Channel, identifier: string): Account | undefined {
    const id = this.#accountIdByIdentifier.get(identifierKey(channel, identifier));
    return id === undefined ? undefined : this.#accounts.get(id);
  }

  getAccount(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  /** Creates an account; the caller has checked that the identifier is free (findAccount). */
  createAccount(init: NewAccount): Account {
    if (this.findAccount(init.channel, init.identifier)) throw new Error('Store.createAccount: the identifier is taken');
    const identifier = normaliseIdentifier(init.channel, init.identifier);
    const account: Account = { ...init, identifier, id: randomUUID(), createdAt: this.#now() };
    this.#accounts.set(account.id, account);
    this.#accountIdByIdentifier.set(identifierKey(account.channel, identifier), account.id);
    trim(this.#accounts, MAX_ACCOUNTS, (_id, old) => this.#accountIdByIdentifier.delete(identifierKey(old.channel, old.identifier)));
    return account;
  }

  // -- PINs --------------------------------------------------------------------------

  /** A new PIN for the account, replacing its earlier PIN of this purpose (and its count of wrong guesses). */
  issuePin(account: Account, purpose: PinPurpose, clientId: string): string {
    const pin = randomPin();
    const key = pinKey(account.id, purpose);
    this.#pins.delete(key);
    this.#pins.set(key, {
      digest: pinDigest(key, pin),
      clientId,
      expiresAt: this.#now() + this.#ttl[purpose],
      attempts: 0,
    });
    trim(this.#pins, MAX_ACCOUNTS * 2);
    return pin;
  }

  /** Whether the account has a live PIN of this purpose. */
  hasPin(account: Account, purpose: PinPurpose): boolean {
    const record = this.#pins.get(pinKey(account.id, purpose));
    return record !== undefined && record.expiresAt > this.#now();
  }

  revokePin(account: Account, purpose: PinPurpose): void {
    this.#pins.delete(pinKey(account.id, purpose));
  }

  /**
   * Redeems a PIN of the account for `clientId`: the purpose it was issued
   * for, and it is gone. A wrong guess (a PIN of another client included)
   * counts against every live PIN of the account; after MAX_PIN_ATTEMPTS
   * they are burned, so six digits cannot be walked through.
   */
  redeemPin(account: Account, clientId: string, pin: string): PinPurpose | undefined {
    const now = this.#now();
    let found: PinPurpose | undefined;
    const live: PinRecord[] = [];
    for (const purpose of ['verification', 'reset'] as const) {
      const key = pinKey(account.id, purpose);
      const record = this.#pins.get(key);
      if (!record) continue;
      if (record.expiresAt <= now) {
        this.#pins.delete(key);
        continue;
      }
      live.push(record);
      // Every live PIN is compared (no early exit), each in constant time.
      if (digestsEqual(pinDigest(key, pin), record.digest) && record.clientId === clientId) found ??= purpose;
    }
    if (found) {
      this.#pins.delete(pinKey(account.id, found));
      return found;
    }
    for (const record of live) record.attempts += 1;
    for (const purpose of ['verification', 'reset'] as const) {
      const key = pinKey(account.id, purpose);
      if ((this.#pins.get(key)?.attempts ?? 0) >= MAX_PIN_ATTEMPTS) this.#pins.delete(key);
    }
    return undefined;
  }

  // -- link codes ------------------------------------------------------------------------

  /** A new link code for the account, replacing its earlier one of this purpose. */
  issueLinkCode(account: Account, purpose: LinkPurpose, clientId: string, extra: { state?: string } = {}): string {
    const code = randomToken();
    const indexKey = `${account.id}\n${purpose}`;
    const previous = this.#linkByAccount.get(indexKey);
    if (previous !== undefined) this.#links.delete(previous);
    const key = digest(code);
    this.#links.set(key, {
      purpose,
      accountId: account.id,
      clientId,
      expiresAt: this.#now() + this.#ttl[purpose],
      ...(extra.state !== undefined ? { state: extra.state } : {}),
    });
    this.#linkByAccount.set(indexKey, key);
    trim(this.#links, MAX_LINKS, (_key, old) => this.#linkByAccount.delete(`${old.accountId}\n${old.purpose}`));
    return code;
  }

  /** A live (unused, unexpired) link code of this purpose, left in place. */
  findLinkCode(code: string, purpose: LinkPurpose): LinkRecord | undefined {
    const record = this.#links.get(digest(code));
    if (!record || record.purpose !== purpose || record.expiresAt <= this.#now()) return undefined;
    return record;
  }

  /**
   * Uses a link code: true exactly once (a concurrent request that found it
   * too gets false). Codes are single-use: a used one is forgotten.
   */
  consumeLinkCode(code: string, purpose: LinkPurpose): boolean {
    const key = digest(code);
    const record = this.#links.get(key);
    if (!record || record.purpose !== purpose || record.expiresAt <= this.#now()) return false;
    this.#links.delete(key);
    this.#linkByAccount.delete(`${record.accountId}\n${record.purpose}`);
    return true;
  }

  /** Ends the account's live link code of this purpose (after a password change, say). */
  revokeLinkCode(account: Account, purpose: LinkPurpose): void {
    const indexKey = `${account.id}\n${purpose}`;
    const key = this.#linkByAccount.get(indexKey);
    if (key !== undefined) this.#links.delete(key);
    this.#linkByAccount.delete(indexKey);
  }

  // -- access tokens ------------------------------------------------------------------------

  issueAccessToken(account: Account, clientId: string, scope: AccessScope): { token: string; expiresIn: number } {
    const token = randomToken();
    const expiresIn = scope === 'reset' ? RESET_TOKEN_TTL_SECONDS : SESSION_TOKEN_TTL_SECONDS;
    this.#accessTokens.set(digest(token), { accountId: account.id, clientId, scope, expiresAt: this.#now() + expiresIn * 1000 });
    trim(this.#accessTokens, MAX_ACCESS_TOKENS);
    return { token, expiresIn };
  }

  /** A live access token (unexpired and, for a reset, unused). */
  findAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.#accessTokens.get(digest(token));
    return record && record.expiresAt > this.#now() ? record : undefined;
  }

  /**
   * Uses a reset-scoped token: true exactly once, so that two concurrent
   * password changes with it cannot both succeed. Session tokens stay.
   */
  useAccessToken(token: string): boolean {
    const key = digest(token);
    const record = this.#accessTokens.get(key);
    if (!record || record.expiresAt <= this.#now()) return false;
    if (record.scope === 'reset') this.#accessTokens.delete(key);
    return true;
  }

  /** Ends every reset-scoped token of the account (its password just changed). */
  revokeResetTokens(accountId: string): void {
    for (const [key, record] of this.#accessTokens) {
      if (record.accountId === accountId && record.scope === 'reset') this.#accessTokens.delete(key);
    }
  }

  // -- authorization codes ---------------------------------------------------------------------

  issueAuthorizationCode(init: Omit<AuthorizationCodeRecord, 'expiresAt'>): string {
    const code = randomToken();
    this.#authorizationCodes.set(digest(code), { ...init, expiresAt: this.#now() + AUTHORIZATION_CODE_TTL_MS });
    trim(this.#authorizationCodes, MAX_AUTHORIZATION_CODES);
    return code;
  }

  findAuthorizationCode(code: string): AuthorizationCodeRecord | undefined {
    const record = this.#authorizationCodes.get(digest(code));
    return record && record.expiresAt > this.#now() ? record : undefined;
  }

  /**
   * Uses a code: `redeemed` exactly once (a concurrent request gets
   * `reused`), then `reused` until it would have expired, with the grant
   * that the first use led to (linkAuthorizationCodeGrant).
   */
  redeemAuthorizationCode(code: string): CodeRedemption {
    const key = digest(code);
    const now = this.#now();
    const used = this.#usedAuthorizationCodes.get(key);
    if (used && used.expiresAt > now) return { status: 'reused', ...(used.grantId !== undefined ? { grantId: used.grantId } : {}) };
    const record = this.#authorizationCodes.get(key);
    if (!record || record.expiresAt <= now) return { status: 'unknown' };
    this.#authorizationCodes.delete(key);
    this.#usedAuthorizationCodes.set(key, { expiresAt: record.expiresAt });
    trim(this.#usedAuthorizationCodes, MAX_AUTHORIZATION_CODES);
    return { status: 'redeemed', record };
  }

  /** Remembers the grant a redeemed code led to, so that a replay of the code can revoke it. */
  linkAuthorizationCodeGrant(code: string, grantId: string): void {
    const used = this.#usedAuthorizationCodes.get(digest(code));
    if (used) used.grantId = grantId;
  }

  // -- outbox ---------------------------------------------------------------------------------

  /**
   * Stamps a message (id, time) and queues it. `queue: false` only stamps:
   * forgot-password's decoy (decoy.ts) costs what a message costs.
   */
  send(message: Omit<OutboxMessage, 'id' | 'sentAt'>, { queue = true }: { queue?: boolean } = {}): OutboxMessage {
    const sent: OutboxMessage = { ...message, id: randomUUID(), sentAt: new Date(this.#now()).toISOString() };
    if (!queue) return sent;
    this.#outbox.push(sent);
    if (this.#outbox.length > MAX_OUTBOX_MESSAGES) this.#outbox.shift();
    return sent;
  }

  /** Every message sent, newest first. */
  outbox(): OutboxMessage[] {
    return [...this.#outbox].reverse();
  }

  // -- message windows ---------------------------------------------------------------------------

  /**
   * When the window opened by the last message of this purpose to the
   * identifier ends (epoch ms), or undefined when it is over. Windows are
   * kept per identifier whether or not an account exists.
   */
  windowEnd(purpose: WindowPurpose, channel: Channel, identifier: string, seconds: number): number | undefined {
    const last = this.#windows.get(`${purpose}\n${identifierKey(channel, identifier)}`);
    if (last === undefined) return undefined;
    const end = last + seconds * 1000;
    return this.#now() < end ? end : undefined;
  }

  markWindow(purpose: WindowPurpose, channel: Channel, identifier: string): void {
    const key = `${purpose}\n${identifierKey(channel, identifier)}`;
    // Re-inserted, so that Map order stays oldest first for trim().
    this.#windows.delete(key);
    this.#windows.set(key, this.#now());
    trim(this.#windows, MAX_WINDOWS);
  }
}
