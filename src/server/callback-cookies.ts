/**
 * The two cookies of the callback handler, both `HttpOnly`, `SameSite=Lax`,
 * `Secure` (unless `insecureCookies`) and sealed with `cookieSecret`:
 *
 * - the flow cookie (Path = the callback's path, 10 minutes): state, nonce,
 *   PKCE verifier and where to return, from `start` to `callback`;
 * - the session cookie (Path=/): a random session id and when it ends. The
 *   claims and tokens are in the session store, on the server.
 *
 * Also the 303 answers that set them.
 */
import { cookieValues, randomId, serializeCookie } from './cookies.js';
import { logSafe } from './http.js';
import { isLocalPath, PREFIX, type Config } from './callback-options.js';
import type { IdTokenClaims, OAuthTokens } from './oauth.js';
import type { SessionRecord } from './session-store.js';

/** How long a journey may take between `start` and `callback`. */
export const FLOW_MAX_AGE_SECONDS = 600;
/** At most this many cookies of one name are opened (a proxy or another tab may leave several). */
const MAX_COOKIES_OPENED = 4;

/** What the flow cookie holds, sealed. */
export interface Flow {
  /** state */
  s: string;
  /** nonce */
  n: string;
  /** PKCE verifier */
  c: string;
  /** where to return */
  r: string;
  /** expires, ms */
  e: number;
}

function isFlow(value: unknown): value is Flow {
  if (value === null || typeof value !== 'object') return false;
  const flow = value as Record<string, unknown>;
  return (
    typeof flow.s === 'string' &&
    typeof flow.n === 'string' &&
    typeof flow.c === 'string' &&
    isLocalPath(flow.r) &&
    typeof flow.e === 'number'
  );
}

/** Compares two strings in time that depends on their length only. */
export function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** The `Set-Cookie` of a new flow. */
export async function flowCookie(config: Config, flow: Flow): Promise<string> {
  return serializeCookie(config.flowCookie, await config.sealer.seal(config.flowCookie, flow), {
    path: config.flowPath,
    secure: config.secure,
    maxAge: FLOW_MAX_AGE_SECONDS,
  });
}

/** The `Set-Cookie` that removes the flow cookie. */
export function clearedFlowCookie(config: Config): string {
  return serializeCookie(config.flowCookie, '', { path: config.flowPath, secure: config.secure, maxAge: 0 });
}

/** The flow cookies of this browser, opened (several when a proxy or another tab left one). */
export async function flowsOf(config: Config, request: Request): Promise<Flow[]> {
  const flows: Flow[] = [];
  for (const value of cookieValues(request.headers.get('cookie'), config.flowCookie).slice(0, MAX_COOKIES_OPENED)) {
    const flow = await config.sealer.open(config.flowCookie, value);
    if (isFlow(flow)) flows.push(flow);
  }
  return flows;
}

/** The id in this browser's session cookie, if it opens and has not ended. */
export async function sessionIdOf(config: Config, request: Request): Promise<string | undefined> {
  for (const value of cookieValues(request.headers.get('cookie'), config.sessionCookie).slice(0, MAX_COOKIES_OPENED)) {
    const opened = await config.sealer.open(config.sessionCookie, value);
    if (opened === null || typeof opened !== 'object') continue;
    const { i, e } = opened as { i?: unknown; e?: unknown };
    if (typeof i === 'string' && typeof e === 'number' && e > Date.now()) return i;
  }
  return undefined;
}

/** This browser's session record, if it has one that has not ended; a failing store reads as signed out. */
export async function sessionOf(config: Config, request: Request): Promise<SessionRecord | undefined> {
  const id = await sessionIdOf(config, request);
  if (id === undefined) return undefined;
  try {
    const found = await config.store.get(id);
    return found && typeof found.expiresAt === 'number' && found.expiresAt > Date.now() ? found : undefined;
  } catch (caught) {
    config.log(`${PREFIX} session: the session store failed (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); read as signed out.`);
    return undefined;
  }
}

/** A session as its cookie holds it: the store's key and when it ends. */
export interface SessionHandle {
  id: string;
  expiresAt: number;
}

/**
 * Stores a new session for these claims and tokens, and ends the one this
 * browser had before (another user, a fixation attempt). Rejects when the
 * store fails.
 */
export async function replaceSession(config: Config, request: Request, claims: IdTokenClaims, tokens: OAuthTokens): Promise<SessionHandle> {
  const now = Date.now();
  const session = { id: randomId(), expiresAt: now + config.sessionMaxAge * 1000 };
  const previous = await sessionIdOf(config, request);
  if (previous !== undefined) await config.store.delete(previous);
  await config.store.set(session.id, { claims, tokens, createdAt: now, expiresAt: session.expiresAt }, config.sessionMaxAge);
  return session;
}

/** The `Set-Cookie` of a session: its id and end, sealed. */
export async function sessionCookie(config: Config, session: SessionHandle): Promise<string> {
  return serializeCookie(config.sessionCookie, await config.sealer.seal(config.sessionCookie, { i: session.id, e: session.expiresAt }), {
    path: '/',
    secure: config.secure,
    maxAge: config.sessionMaxAge,
  });
}

/** The `Set-Cookie` that removes the session cookie. */
export function clearedSessionCookie(config: Config): string {
  return serializeCookie(config.sessionCookie, '', { path: '/', secure: config.secure, maxAge: 0 });
}

/** 303 to `location`, never cached, no referrer, with these cookies. */
export function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

export function withCookies(response: Response, cookies: readonly string[]): Response {
  for (const cookie of cookies) response.headers.append('Set-Cookie', cookie);
  return response;
}
