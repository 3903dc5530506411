/**
 * The hosted screens' browser sessions and the authorization requests that
 * belong to them.
 *
 * A session is a random cookie value (`HttpOnly; SameSite=Lax; Path=/`, and
 * `Secure` on https), kept here as a digest. Each hosted page load checks
 * its query and files it as a pending authorization request bound to the
 * session; the page's forms name the request by its id, and the server acts
 * on a request only for the session that opened it, so another site can
 * neither post into a user's flow nor finish it.
 *
 * A session is signed in once its user proved an account: the sign-in form
 * (password), or, through the JSON API called from a hosted page with the
 * cookie, a verification PIN (`/idp/v1/account/token`), a passwordless
 * registration, or a password change after a reset (accountProven). An
 * authorization code is issued only for a signed-in session's account, for a
 * request of that same session.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { digest, randomToken } from '../secrets.js';
import type { Account } from '../store.js';
import type { AuthorizationParams, Journey } from './authorization-request.js';

export const SESSION_COOKIE = 'nid_hosted_session';
/** A hosted session lasts this long from its start, signed in or not. */
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 20_000;
const MAX_REQUESTS = 50_000;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
/** Wrong passwords for one identifier before the sign-in form refuses it for a while. */
export const MAX_SIGN_IN_FAILURES = 5;
const SIGN_IN_LOCK_MS = 5 * 60 * 1000;
const MAX_THROTTLED = 50_000;

export interface HostedSession {
  /** The digest of the cookie value. */
  key: string;
  expiresAt: number;
  /** The signed-in account, and when it proved itself (the ID token's auth_time). */
  accountId?: string;
  authTime?: number;
}

export interface PendingRequest {
  /** Public: it travels in forms and in the hosted forgot-password's reset link. */
  id: string;
  journey: Journey;
  sessionKey: string;
  params: AuthorizationParams;
  expiresAt: number;
}

export interface SessionOptions {
  now: () => number;
  /** Add `Secure` to the cookie (an https API origin). */
  secure: boolean;
  /** The API's origins: only a hosted page's own calls may prove an account for its session. */
  apiOrigins: readonly string[];
  /** How long a pending request lives (the reset link of the hosted forgot-password must still find it). */
  requestTtlMs: number;
}

function trim<K, V>(map: Map<K, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}

/** The value of one cookie in a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export class HostedSessions {
  readonly #options: SessionOptions;
  readonly #sessions = new Map<string, HostedSession>();
  readonly #requests = new Map<string, PendingRequest>();
  /** Wrong passwords per identifier (digest): a count, and when the lock ends. */
  readonly #failures = new Map<string, { count: number; lockedUntil?: number }>();

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  #cookie(value: string, maxAge?: number): string {
    const attributes = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (maxAge !== undefined) attributes.push(`Max-Age=${maxAge}`);
    if (this.#options.secure) attributes.push('Secure');
    return attributes.join('; ');
  }

  /** The live session of a request's cookie. */
  find(headers: IncomingHttpHeaders): HostedSession | undefined {
    const value = cookieValue(headers.cookie, SESSION_COOKIE);
    if (value === undefined || !COOKIE_VALUE.test(value)) return undefined;
    const session = this.#sessions.get(digest(value));
    if (!session) return undefined;
    if (session.expiresAt <= this.#options.now()) {
      this.#sessions.delete(session.key);
      return undefined;
    }
    return session;
  }

  /** The request's session, or a new one with the `Set-Cookie` that starts it. */
  ensure(headers: IncomingHttpHeaders): { session: HostedSession; setCookie?: string } {
    const found = this.find(headers);
    if (found) return { session: found };
    const value = randomToken();
    const session: HostedSession = { key: digest(value), expiresAt: this.#options.now() + SESSION_TTL_MS };
    this.#sessions.set(session.key, session);
    trim(this.#sessions, MAX_SESSIONS);
    return { session, setCookie: this.#cookie(value) };
  }

  /** Ends the request's session (sign-out); the `Set-Cookie` that clears the cookie. */
  end(headers: IncomingHttpHeaders): string {
    const session = this.find(headers);
    if (session) this.#sessions.delete(session.key);
    return this.#cookie('', 0);
  }

  signIn(session: HostedSession, account: Account): void {
    session.accountId = account.id;
    session.authTime = this.#options.now();
  }

  /**
   * Called by the JSON API when a call proved an account (see the module
   * comment): signs the caller's hosted session in, if the call came from a
   * hosted page of this origin with the session's cookie. Anything else
   * (another origin's page, no cookie, an unknown one) changes nothing.
   */
  accountProven(headers: IncomingHttpHeaders, account: Account): void {
    const origin = headers.origin;
    const sameOrigin = origin !== undefined ? this.#options.apiOrigins.includes(origin) : headers['sec-fetch-site'] === 'same-origin';
    if (!sameOrigin) return;
    const session = this.find(headers);
    if (session) this.signIn(session, account);
  }

  /** Files a checked request for the session. */
  open(session: HostedSession, journey: Journey, params: AuthorizationParams): PendingRequest {
    const request: PendingRequest = {
      id: randomToken(),
      journey,
      sessionKey: session.key,
      params,
      expiresAt: this.#options.now() + this.#options.requestTtlMs,
    };
    this.#requests.set(request.id, request);
    trim(this.#requests, MAX_REQUESTS);
    return request;
  }

  /** A live request by id, whoever asks (the reset link of the hosted forgot-password may open in another browser). */
  request(id: string | null | undefined): PendingRequest | undefined {
    if (typeof id !== 'string') return undefined;
    const request = this.#requests.get(id);
    if (!request) return undefined;
    if (request.expiresAt <= this.#options.now()) {
      this.#requests.delete(id);
      return undefined;
    }
    return request;
  }

  /** A live request of this session, or undefined. */
  requestOf(session: HostedSession | undefined, id: string | null | undefined): PendingRequest | undefined {
    const request = this.request(id);
    return request && session && request.sessionKey === session.key ? request : undefined;
  }

  // -- the sign-in form's throttle ------------------------------------------------------------------

  /** Whether the identifier's sign-in is locked after too many wrong passwords. */
  signInLocked(identifier: string): boolean {
    const record = this.#failures.get(digest(identifier));
    return record?.lockedUntil !== undefined && record.lockedUntil > this.#options.now();
  }

  /** Counts a wrong password; the fifth in a row locks the identifier for a few minutes. */
  signInFailed(identifier: string): void {
    const key = digest(identifier);
    const record = this.#failures.get(key) ?? { count: 0 };
    if (record.lockedUntil !== undefined && record.lockedUntil <= this.#options.now()) {
      record.count = 0;
      delete record.lockedUntil;
    }
    record.count += 1;
    if (record.count >= MAX_SIGN_IN_FAILURES) record.lockedUntil = this.#options.now() + SIGN_IN_LOCK_MS;
    this.#failures.delete(key);
    this.#failures.set(key, record);
    trim(this.#failures, MAX_THROTTLED);
  }

  signInSucceeded(identifier: string): void {
    this.#failures.delete(digest(identifier));
  }

  /** A request is answered once. */
  close(request: PendingRequest): void {
    this.#requests.delete(request.id);
  }
}
