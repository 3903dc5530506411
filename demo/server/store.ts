/**
 * The reference server's in-memory state: accounts, activation tokens, the
 * outbox of "sent" messages, resend timestamps and idempotency records.
 *
 * Nothing here holds a usable secret: passwords and security answers are
 * scrypt hashes, tokens are SHA-256 digests (see secrets.ts). The outbox is
 * the exception by design: it stands for the user's mailbox.
 */
import { randomUUID } from 'node:crypto';
import { digest, randomToken } from './secrets.js';

export type Channel = 'email' | 'sms';

export interface Account {
  id: string;
  /** The client the account registered through. */
  clientId: string;
  channel: Channel;
  /** Normalised identifier: lower-cased email address or E.164 number. */
  identifier: string;
  status: 'pending' | 'active';
  /** Profile fields as sent (the configured ones only), without secrets. */
  profile: Record<string, string>;
  passwordHash: string;
  securityAnswers: { id: string; answerHash: string }[];
  consents: Record<string, boolean>;
  createdAt: number;
}

export interface TokenRecord {
  kind: 'activation';
  accountId: string;
  expiresAt: number;
}

export interface OutboxMessage {
  id: string;
  channel: Channel;
  to: string;
  /** Emails only. */
  subject?: string;
  body: string;
  /** The one link of the message, if any (activation links). */
  link?: string;
  kind: 'activation' | 'already_registered';
  sentAt: string;
}

/** A response kept for `Idempotency-Key` replays. */
export interface StoredResponse {
  status: number;
  body: unknown;
  /** Epoch ms when a 429's wait ends; the replayed Retry-After counts down to it. */
  retryAt?: number;
}

interface IdempotencyRecord {
  /** Set while the first request is still being handled: duplicates wait for it. */
  pending?: Promise<StoredResponse>;
  response?: StoredResponse;
  expiresAt: number;
}

const ACTIVATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Bounds memory: a demo server that runs for days must not grow without limit. */
const MAX_IDEMPOTENCY_RECORDS = 10_000;
const MAX_OUTBOX_MESSAGES = 500;

/** Email addresses compare case-insensitively here (a simplification: local parts may be case-sensitive). */
export function identifierKey(channel: Channel, identifier: string): string {
  return `${channel}:${channel === 'email' ? identifier.toLowerCase() : identifier}`;
}

export class Store {
  readonly #now: () => number;
  readonly #accounts = new Map<string, Account>();
  readonly #accountIdByIdentifier = new Map<string, string>();
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #outbox: OutboxMessage[] = [];
  readonly #lastActivationMessage = new Map<string, number>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  // -- accounts --------------------------------------------------------------

  findAccount(channel: Channel, identifier: string): Account | undefined {
    const id = this.#accountIdByIdentifier.get(identifierKey(channel, identifier));
    return id === undefined ? undefined : this.#accounts.get(id);
  }

  getAccount(id: string): Account | undefined {
    return this.#accounts.get(id);
  }

  /** Creates a pending account; returns the existing one instead if the identifier is taken. */
  createAccount(init: Omit<Account, 'id' | 'status' | 'createdAt' | 'identifier'> & { identifier: string }): {
    account: Account;
    created: boolean;
  } {
    const existing = this.findAccount(init.channel, init.identifier);
    if (existing) return { account: existing, created: false };
    const identifier = identifierKey(init.channel, init.identifier).slice(init.channel.length + 1);
    const account: Account = { ...init, identifier, id: randomUUID(), status: 'pending', createdAt: this.#now() };
    this.#accounts.set(account.id, account);
    this.#accountIdByIdentifier.set(identifierKey(account.channel, account.identifier), account.id);
    return { account, created: true };
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  // -- tokens ------------------------------------------------------------------

  /** Issues a new activation token; earlier ones stay valid until they expire. */
  issueActivationToken(accountId: string): string {
    const token = randomToken();
    this.#tokens.set(digest(token), { kind: 'activation', accountId, expiresAt: this.#now() + ACTIVATION_TOKEN_TTL_MS });
    return token;
  }

  /** Looks a token up (expired ones included: the caller tells `expired_token` apart). */
  findToken(token: string): TokenRecord | undefined {
    return this.#tokens.get(digest(token));
  }

  deleteToken(token: string): void {
    this.#tokens.delete(digest(token));
  }

  // -- outbox ------------------------------------------------------------------

  send(message: Omit<OutboxMessage, 'id' | 'sentAt'>): OutboxMessage {
    const sent: OutboxMessage = { ...message, id: randomUUID(), sentAt: new Date(this.#now()).toISOString() };
    this.#outbox.push(sent);
    if (this.#outbox.length > MAX_OUTBOX_MESSAGES) this.#outbox.shift();
    return sent;
  }

  /** Every message sent, newest first. */
  outbox(): OutboxMessage[] {
    return [...this.#outbox].reverse();
  }

  // -- resend window -------------------------------------------------------------

  lastActivationMessage(channel: Channel, identifier: string): number | undefined {
    return this.#lastActivationMessage.get(identifierKey(channel, identifier));
  }

  markActivationMessage(channel: Channel, identifier: string): void {
    this.#lastActivationMessage.set(identifierKey(channel, identifier), this.#now());
  }

  // -- idempotency ---------------------------------------------------------------

  /**
   * Runs `work` once per key: a later request with the same key gets the
   * stored response, or waits for the first one while it is still running.
   * Only answers `keep` accepts are stored; for the others the key is
   * forgotten and a retry does the work again.
   */
  async idempotent(
    key: string,
    work: () => Promise<StoredResponse>,
    keep: (response: StoredResponse) => boolean,
  ): Promise<{ response: StoredResponse; replayed: boolean }> {
    const now = this.#now();
    const record = this.#idempotency.get(key);
    if (record && record.expiresAt > now) {
      if (record.response) return { response: record.response, replayed: true };
      if (record.pending) {
        // A retry that overtook its first attempt (e.g. after a client-side timeout).
        const response = await record.pending.catch(() => undefined);
        if (response && keep(response)) return { response, replayed: true };
      }
    }

    const pending = work();
    this.#idempotency.set(key, { pending, expiresAt: now + IDEMPOTENCY_TTL_MS });
    this.#evictIdempotency(now);
    let response: StoredResponse | undefined;
    try {
      response = await pending;
    } finally {
      if (response === undefined || !keep(response)) this.#idempotency.delete(key);
    }
    if (keep(response)) {
      // A 429 is kept only until its wait ends: a retry after that must be able to succeed.
      this.#idempotency.set(key, { response, expiresAt: response.retryAt ?? this.#now() + IDEMPOTENCY_TTL_MS });
    }
    return { response, replayed: false };
  }

  #evictIdempotency(now: number): void {
    // Oldest first (Map order); stop at the first live record once the size is fine.
    for (const [key, record] of this.#idempotency) {
      const expired = record.expiresAt <= now;
      if (!expired && this.#idempotency.size <= MAX_IDEMPOTENCY_RECORDS) break;
      if (record.pending) continue;
      this.#idempotency.delete(key);
    }
  }
}
