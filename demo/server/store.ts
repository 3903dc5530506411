/**
 * The reference server's in-memory state: accounts, activation and reset
 * tokens, authorization codes, the outbox of "sent" messages, message
 * timestamps (resend windows) and idempotency records.
 *
 * Nothing here holds a usable secret: passwords and security answers are
 * scrypt hashes, tokens and codes are SHA-256 digests (see secrets.ts). The
 * outbox is the exception by design: it stands for the user's mailbox.
 */
import { randomUUID } from 'node:crypto';
import { digest, randomToken } from './secrets.js';

export type Channel = 'email' | 'sms';

/**
 * The OAuth parameters of the request that started a journey (register,
 * invitation, forgot password), kept so that the journey's last step can
 * redirect with a `code` and the same `state`.
 */
export interface AuthRequest {
  redirectUri?: string;
  state?: string;
  scope?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/**
 * - `invited`: created by an invitation (pre-register), no password yet; the
 *   activation link leads to a completion form.
 * - `pending`: self-registered, has a password, waits for its activation link.
 * - `active`: activated.
 */
export type AccountStatus = 'invited' | 'pending' | 'active';

export interface Account {
  id: string;
  /** The client the account registered through (or was invited to). */
  clientId: string;
  channel: Channel;
  /** Normalised identifier: lower-cased email address or E.164 number. */
  identifier: string;
  status: AccountStatus;
  /** Profile fields as sent (the configured ones only), without secrets. */
  profile: Record<string, string>;
  /** A scrypt hash; undefined only while an invited account has not chosen a password. */
  passwordHash?: string;
  securityAnswers: { id: string; answerHash: string }[];
  consents: Record<string, boolean>;
  /** The OAuth parameters of the request that created the account; its activation links carry them. */
  authRequest?: AuthRequest;
  /** The invitee's language, as the invitation gave it (the demo words every message in English). */
  locale?: string;
  createdAt: number;
}

export type TokenKind = 'activation' | 'reset';

export interface TokenRecord {
  kind: TokenKind;
  accountId: string;
  /** The client named in the link: the token works for that client only. */
  clientId: string;
  /** Where the journey goes once the token is used (with a new code and this state). */
  authRequest?: AuthRequest;
  issuedAt: number;
  expiresAt: number;
  /** Set when the token was used (or revoked): tokens are single-use, and remembered once used. */
  usedAt?: number;
}

/** An authorization code handed out on a journey's redirect (kept for a future token endpoint). */
export interface AuthorizationCode {
  accountId: string;
  clientId: string;
  authRequest?: AuthRequest;
  expiresAt: number;
}

/** Messages sent with their own window (a forgot-password request does not delay an activation resend). */
export type MessagePurpose = 'activation' | 'reset';

/**
 * Words and sends the activation or invitation message of an account: the
 * store cannot do it alone (the text needs the site URL and the client's
 * name, known once the servers listen). reference-server.ts connects one.
 */
export interface ActivationSender {
  /** Whether messages can be worded for this client (inviteAccount checks before creating anything). */
  knowsClient(clientId: string): boolean;
  sendActivation(account: Account): void;
}

export interface StoreOptions {
  /** How long an activation (or invitation) link works (default 24 h). */
  activationTokenTtlSeconds?: number;
  /** How long a password reset link works (default 1 h). */
  resetTokenTtlSeconds?: number;
}

export interface InviteInit {
  clientId: string;
  channel: Channel;
  identifier: string;
  /** Known profile fields (`firstName`, ...): the invitee sees them read-only. */
  profile: Record<string, string>;
  /** Checked against the allowlist by the caller; stored for reference (the invitee lands on `app_link`). */
  redirectUri?: string;
  /** Passed back on the redirect after the invitee completes the activation. */
  state?: string;
  /** The invitee's language (pre-register's `locale`). */
  locale?: string;
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
  kind: 'activation' | 'invitation' | 'already_registered' | 'password_reset';
  sentAt: string;
}

/** A response kept for `Idempotency-Key` replays. */
export interface StoredResponse {
  status: number;
  body: unknown;
  /** Epoch ms when a 429's wait ends; the replayed Retry-After counts down to it. */
  retryAt?: number;
  /** Extra headers of the answer (WWW-Authenticate on a 401). */
  headers?: Record<string, string>;
}

interface IdempotencyRecord {
  /** Set while the first request is still being handled: duplicates wait for it. */
  pending?: Promise<StoredResponse>;
  response?: StoredResponse;
  expiresAt: number;
}

export const DEFAULT_ACTIVATION_TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_RESET_TOKEN_TTL_SECONDS = 60 * 60;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const AUTHORIZATION_CODE_TTL_MS = 10 * 60 * 1000;
/** Bounds memory: a demo server that runs for days must not grow without limit. */
const MAX_IDEMPOTENCY_RECORDS = 10_000;
const MAX_OUTBOX_MESSAGES = 500;
/** Used tokens are remembered (an old link says "already activated"), so the map is capped, oldest first. */
const MAX_TOKENS = 50_000;
const MAX_AUTHORIZATION_CODES = 10_000;

/** Email addresses compare case-insensitively here (a simplification: local parts may be case-sensitive). */
export function identifierKey(channel: Channel, identifier: string): string {
  return `${channel}:${channel === 'email' ? identifier.toLowerCase() : identifier}`;
}

export class Store {
  readonly #now: () => number;
  readonly #accounts = new Map<string, Account>();
  readonly #accountIdByIdentifier = new Map<string, string>();
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #outbox: OutboxMessage[] = [];
  readonly #lastMessage = new Map<string, number>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  readonly #ttlMs: Record<TokenKind, number>;
  #sender: ActivationSender | undefined;

  constructor(now: () => number = Date.now, options: StoreOptions = {}) {
    this.#now = now;
    const ttl = (name: string, seconds: number) => {
      if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`${name} must be a positive number of seconds`);
      return seconds * 1000;
    };
    this.#ttlMs = {
      activation: ttl('activationTokenTtlSeconds', options.activationTokenTtlSeconds ?? DEFAULT_ACTIVATION_TOKEN_TTL_SECONDS),
      reset: ttl('resetTokenTtlSeconds', options.resetTokenTtlSeconds ?? DEFAULT_RESET_TOKEN_TTL_SECONDS),
    };
  }

  /** How long a token of this kind stays valid, in seconds (the messages say it). */
  tokenTtlSeconds(kind: TokenKind): number {
    return this.#ttlMs[kind] / 1000;
  }

  /** Connects what words the activation and invitation messages (see ActivationSender). */
  connect(sender: ActivationSender): void {
    this.#sender = sender;
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
  createAccount(
    init: Omit<Account, 'id' | 'status' | 'createdAt' | 'identifier' | 'passwordHash'> & {
      identifier: string;
      passwordHash: string;
    },
  ): { account: Account; created: boolean } {
    return this.#addAccount(init, 'pending');
  }

  /**
   * Creates an invited account (no password yet) and sends the invitation
   * with an activation link; the invitee completes the profile, chooses a
   * password and accepts the consents on the activation page. The /pre-register
   * route calls this. An existing account is returned unchanged (`created:
   * false`) and nothing is sent: the caller decides whether to resend.
   */
  inviteAccount(init: InviteInit): { account: Account; created: boolean } {
    const sender = this.#sender;
    if (!sender) throw new Error('Store.inviteAccount: no message sender is connected yet');
    if (!sender.knowsClient(init.clientId)) throw new Error('Store.inviteAccount: unknown client');
    const identifierName = init.channel === 'sms' ? 'mobileNumber' : 'emailAddress';
    const authRequest: AuthRequest = {
      ...(init.redirectUri !== undefined ? { redirectUri: init.redirectUri } : {}),
      ...(init.state !== undefined ? { state: init.state } : {}),
    };
    const result = this.#addAccount(
      {
        clientId: init.clientId,
        channel: init.channel,
        identifier: init.identifier,
        profile: { ...init.profile, [identifierName]: init.identifier },
        securityAnswers: [],
        consents: {},
        authRequest,
        ...(init.locale !== undefined ? { locale: init.locale } : {}),
      },
      'invited',
    );
    if (result.created) {
      // The identifier as stored (lower-cased email) is the one the invitee sees.
      result.account.profile[identifierName] = result.account.identifier;
      sender.sendActivation(result.account);
    }
    return result;
  }

  #addAccount(
    init: Omit<Account, 'id' | 'status' | 'createdAt'>,
    status: AccountStatus,
  ): { account: Account; created: boolean } {
    const existing = this.findAccount(init.channel, init.identifier);
    if (existing) return { account: existing, created: false };
    const identifier = identifierKey(init.channel, init.identifier).slice(init.channel.length + 1);
    const account: Account = { ...init, identifier, id: randomUUID(), status, createdAt: this.#now() };
    this.#accounts.set(account.id, account);
    this.#accountIdByIdentifier.set(identifierKey(account.channel, account.identifier), account.id);
    return { account, created: true };
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  // -- tokens ------------------------------------------------------------------

  /**
   * Issues a new token of `kind` for a link of `clientId`. Earlier tokens stay
   * valid until they expire or are used (a delayed first email still works);
   * a password reset revokes the account's other reset tokens.
   */
  issueToken(kind: TokenKind, init: { accountId: string; clientId: string; authRequest?: AuthRequest }): string {
    const token = randomToken();
    const issuedAt = this.#now();
    this.#tokens.set(digest(token), { kind, ...init, issuedAt, expiresAt: issuedAt + this.#ttlMs[kind] });
    this.#evictTokens();
    return token;
  }

  /** An activation token whose link brings back the account's own OAuth parameters. */
  issueActivationToken(account: Account, clientId: string): string {
    return this.issueToken('activation', {
      accountId: account.id,
      clientId,
      ...(account.authRequest ? { authRequest: account.authRequest } : {}),
    });
  }

  /** Looks a token up (expired and used ones included: the caller tells them apart). */
  findToken(token: string): TokenRecord | undefined {
    return this.#tokens.get(digest(token));
  }

  isExpired(record: TokenRecord): boolean {
    return this.#now() >= record.expiresAt;
  }

  /**
   * Marks a token used. False when it was already used (a concurrent request
   * won the race), so exactly one request can complete a journey with it.
   */
  consumeToken(token: string): boolean {
    const record = this.#tokens.get(digest(token));
    if (!record || record.usedAt !== undefined) return false;
    record.usedAt = this.#now();
    return true;
  }

  /** Marks every unused token of this kind of an account used (after a password reset). */
  revokeTokens(accountId: string, kind: TokenKind): void {
    const now = this.#now();
    for (const record of this.#tokens.values()) {
      if (record.accountId === accountId && record.kind === kind && record.usedAt === undefined) record.usedAt = now;
    }
  }

  #evictTokens(): void {
    for (const key of this.#tokens.keys()) {
      if (this.#tokens.size <= MAX_TOKENS) break;
      this.#tokens.delete(key);
    }
  }

  // -- accounts: journey steps ----------------------------------------------------

  activate(account: Account): void {
    account.status = 'active';
  }

  setPassword(account: Account, passwordHash: string): void {
    account.passwordHash = passwordHash;
  }

  // -- authorization codes -----------------------------------------------------------

  /** A single-use code for the redirect at the end of a journey; only its digest is kept. */
  issueAuthorizationCode(init: { accountId: string; clientId: string; authRequest?: AuthRequest }): string {
    const code = randomToken();
    this.#codes.set(digest(code), { ...init, expiresAt: this.#now() + AUTHORIZATION_CODE_TTL_MS });
    const now = this.#now();
    for (const [key, record] of this.#codes) {
      if (this.#codes.size <= MAX_AUTHORIZATION_CODES && record.expiresAt > now) break;
      this.#codes.delete(key);
    }
    return code;
  }

  findAuthorizationCode(code: string): AuthorizationCode | undefined {
    return this.#codes.get(digest(code));
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

  // -- resend windows --------------------------------------------------------------

  /** When a message of this purpose last went (or would have gone) to the identifier. */
  lastMessage(purpose: MessagePurpose, channel: Channel, identifier: string): number | undefined {
    return this.#lastMessage.get(`${purpose}\n${identifierKey(channel, identifier)}`);
  }

  markMessage(purpose: MessagePurpose, channel: Channel, identifier: string): void {
    this.#lastMessage.set(`${purpose}\n${identifierKey(channel, identifier)}`, this.#now());
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
