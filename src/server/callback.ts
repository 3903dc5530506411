/**
 * The "backend for frontend" of the OAuth 2.0 for Browser-Based Apps BCP:
 * the backend starts the journey, receives the code, exchanges it, and keeps
 * the tokens. The browser only ever holds two cookies, both `HttpOnly`,
 * `Secure`, `SameSite=Lax` and sealed with `cookieSecret`:
 *
 * - the flow cookie (`__Secure-{name}_flow`, Path = the callback's path, 10
 *   minutes): state, nonce, PKCE verifier and where to return, from `start`
 *   to `callback`;
 * - the session cookie (`__Host-{name}`, Path=/): a random session id. The
 *   claims and tokens are in the session store, on the server.
 *
 * Log lines name what failed, never a code, state, token, cookie or secret.
 */
import * as oauth from 'oauth4webapi';
import { checkBaseDomain, LOOPBACK_HOSTS } from '../api/endpoints.js';
import { hostedJourneys, hostedJourneyUrl, hostedParameterNames, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';
import { CookieSealer, cookieValues, MIN_COOKIE_SECRET_BYTES, randomId, serializeCookie } from './cookies.js';
import { errorResponse, logSafe, originAllowed, originsOf, safeLogger, textResponse, type LogLine } from './http.js';
import {
  checkProviderOptions,
  isRedirectTarget,
  OAuthServerError,
  Provider,
  type IdTokenClaims,
  type OAuthTokens,
} from './oauth.js';

export { hostedJourneys, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';

export interface StartOptions extends HostedParameters {
  /** Which hosted screen (default: the handler's `journey`). */
  journey?: HostedJourney | undefined;
  /** Where to go after signing in: a path on this site (`/account`), default `afterSignIn`. Anything else is refused. */
  returnTo?: string | undefined;
}

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

export interface CallbackHandlerOptions {
  /** The identity service, e.g. `https://id.eu.nextreason.com` (`https:`; `http:` only on localhost). */
  baseDomain: string;
  clientId: string;
  /** A confidential client's secret (HTTP Basic at `/token`, with PKCE too). Without it, PKCE alone. */
  clientSecret?: string | undefined;
  /** The absolute URL of your `callback` route, in the client's `redirect_uri` allowlist. */
  redirectUri: string;
  /** The hosted screen `start` opens unless told otherwise (default `authorize`). */
  journey?: HostedJourney | undefined;
  /** `scope` (default `openid`). */
  scope?: string | undefined;
  /** Default hosted parameters for every `start` (`uiLocales`, `prompt`, ...). */
  parameters?: Omit<HostedParameters, 'scope'> | undefined;
  /**
   * Seals both cookies (AES-256-GCM, key derived by HKDF): at least 32 bytes
   * of randomness, from your secret configuration. A list rotates secrets:
   * the first seals, every one opens.
   */
  cookieSecret: string | readonly string[];
  /**
   * The cookies' base name (default `nid`): the session cookie
   * `__Host-{name}`, the flow cookie `__Secure-{name}_flow`.
   */
  cookieName?: string | undefined;
  /**
   * Development on `http://localhost` only: cookies without `Secure` (and
   * without their `__Host-`/`__Secure-` prefixes). Refused unless
   * `redirectUri` is an `http:` loopback URL.
   */
  insecureCookies?: boolean | undefined;
  /** Where sessions live (default: {@link memorySessionStore}, this process only). */
  store?: SessionStore | undefined;
  /** How long a session lasts, in seconds (default 8 hours). */
  sessionMaxAgeSeconds?: number | undefined;
  /** Where the browser goes after signing in: a path on this site (default `/`). */
  afterSignIn?: string | undefined;
  /**
   * A path on this site for failed sign-ins (`/sign-in-failed`): the
   * browser is sent there with `?error=access_denied` (or `token_error`,
   * `invalid_id_token`, `network`, ...). Without it the callback answers
   * with a short text. A tampered or unknown state always answers 400.
   */
  errorPath?: string | undefined;
  /** `post_logout_redirect_uri` of sign-out (in the client's allowlist); absolute. */
  postLogoutRedirectUri?: string | undefined;
  /** Origins accepted by `signOut` besides the request's own (a proxy that changes the host). */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * Runs once the ID token is validated, before the session exists: link the
   * user to your records. Throwing refuses the sign-in (403, or `errorPath`
   * with `error=access_denied`).
   */
  onSignIn?: ((claims: IdTokenClaims) => void | Promise<void>) | undefined;
  /** Transport override (tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
  /** How long to wait for each call to the service, in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** One line per failure, without secrets or control characters. Default `console.warn`. */
  log?: ((line: string, cause?: unknown) => void) | undefined;
}

/** The routes of the backend for frontend, each a Fetch API handler or helper. */
export interface CallbackHandler {
  /** `GET`/`POST` → 303 to the hosted screen, with the flow cookie. */
  start(request: Request, options?: StartOptions): Promise<Response>;
  /** `GET` of `redirectUri` → 303 to `afterSignIn` (or the start's `returnTo`) with the session cookie. */
  callback(request: Request): Promise<Response>;
  /** The signed-in user's validated claims, or undefined. Safe to show. */
  session(request: Request): Promise<{ claims: IdTokenClaims; expiresAt: number } | undefined>;
  /** The session's tokens, for calls your server makes. Never put them in an answer. */
  tokens(request: Request): Promise<OAuthTokens | undefined>;
  /** `POST` (same origin) → the session destroyed, 303 to `{base}/endsession`. */
  signOut(request: Request): Promise<Response>;
}

const PREFIX = 'nid-journeys/server:';
/** How long a journey may take between `start` and `callback`. */
const FLOW_MAX_AGE_SECONDS = 600;
const DEFAULT_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
/** The `error` values of an authorization response passed on to `errorPath`; others read as `server_error`. */
const AUTHORIZATION_ERRORS: ReadonlySet<string> = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
  'temporarily_unavailable',
  'invalid_request',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_response_type',
  'server_error',
]);
const PARAMETER_PATTERNS: Record<keyof HostedParameters, RegExp> = {
  // RFC 6749 scope-tokens, space-separated.
  scope: /^[\x21\x23-\x5b\x5d-\x7e]{1,128}(?: [\x21\x23-\x5b\x5d-\x7e]{1,128}){0,31}$/,
  uiLocales: /^[A-Za-z0-9-]{1,35}(?: [A-Za-z0-9-]{1,35}){0,19}$/,
  loginHint: /^[^\p{Cc}\p{Cf}\u2028\u2029]{1,320}$/u,
  prompt: /^[a-z_]{1,32}(?: [a-z_]{1,32}){0,7}$/,
  accessType: /^[a-z_]{1,32}$/,
  environmentId: /^[\w-]{1,128}$/,
  organizationId: /^[\w-]{1,128}$/,
};

interface Flow {
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

interface Config {
  provider: Provider;
  clientId: string;
  redirectUri: string;
  hostedBase: string;
  journey: HostedJourney;
  defaults: HostedParameters;
  sealer: CookieSealer;
  secure: boolean;
  sessionCookie: string;
  flowCookie: string;
  flowPath: string;
  store: SessionStore;
  sessionMaxAge: number;
  afterSignIn: string;
  errorPath: string | undefined;
  postLogoutRedirectUri: string | undefined;
  allowedOrigins: ReadonlySet<string>;
  onSignIn: CallbackHandlerOptions['onSignIn'];
  log: LogLine;
}

function configError(message: string): Error {
  return new Error(`${PREFIX} createCallbackHandler: ${message}`);
}

/** A path on this site: `/x`, never `//host`, `/\host`, a scheme or control characters. */
export function isLocalPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 2000 &&
    /^\/(?![/\\])/.test(value) &&
    !/[\\\p{Cc}\p{Cf}\s]/u.test(value)
  );
}

/** The parameters, checked; a string naming the first bad one. */
function checkParameters(value: unknown, what: string): HostedParameters | string {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') return `\`${what}\` must be an object.`;
  const checked: Record<string, string> = {};
  for (const [key, pattern] of Object.entries(PARAMETER_PATTERNS)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (typeof item !== 'string' || !pattern.test(item)) return `\`${key}\` is not a valid ${hostedParameterNames[key as keyof HostedParameters]}.`;
    checked[key] = item;
  }
  if (checked.scope !== undefined && !checked.scope.split(' ').includes('openid')) return '`scope` must include openid.';
  return checked;
}

function configure(options: CallbackHandlerOptions): Config {
  if (options === null || typeof options !== 'object') throw configError('pass an options object.');
  const provider = checkProviderOptions(options);
  if (typeof provider === 'string') throw configError(provider);
  if (!isRedirectTarget(options.redirectUri)) {
    throw configError("`redirectUri` must be the absolute https: URL of the callback route, as in the client's redirect_uri allowlist.");
  }
  const redirect = new URL(options.redirectUri);
  const secrets = typeof options.cookieSecret === 'string' ? [options.cookieSecret] : options.cookieSecret;
  if (
    !Array.isArray(secrets) ||
    secrets.length === 0 ||
    !secrets.every((secret) => typeof secret === 'string' && new TextEncoder().encode(secret).length >= MIN_COOKIE_SECRET_BYTES)
  ) {
    throw configError(
      `\`cookieSecret\` is required: a random string of at least ${MIN_COOKIE_SECRET_BYTES} bytes from your secret ` +
        'configuration (or a list of them, the first in use), e.g. `openssl rand -base64 48`.',
    );
  }
  const journey = options.journey ?? 'authorize';
  if (!hostedJourneys.includes(journey)) throw configError(`\`journey\` must be one of ${hostedJourneys.join(', ')}.`);
  const defaults = checkParameters({ ...options.parameters, scope: options.scope ?? 'openid' }, 'parameters');
  if (typeof defaults === 'string') throw configError(defaults);
  const name = options.cookieName ?? 'nid';
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name) || name.startsWith('__')) {
    throw configError('`cookieName` must be 1 to 64 letters, digits, "_" or "-" (the __Host-/__Secure- prefixes are added).');
  }
  if (options.insecureCookies !== undefined && typeof options.insecureCookies !== 'boolean') throw configError('`insecureCookies` must be a boolean.');
  const insecure = options.insecureCookies === true;
  if (insecure && !(redirect.protocol === 'http:' && LOOPBACK_HOSTS.has(redirect.hostname))) {
    throw configError('`insecureCookies` is for development on http://localhost only: `redirectUri` must be an http: loopback URL.');
  }
  const store = options.store ?? memorySessionStore();
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.delete !== 'function') {
    throw configError('`store` must have get, set and delete methods.');
  }
  const sessionMaxAge = options.sessionMaxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS;
  if (!Number.isInteger(sessionMaxAge) || sessionMaxAge < 60) throw configError('`sessionMaxAgeSeconds` must be an integer of at least 60.');
  const afterSignIn = options.afterSignIn ?? '/';
  if (!isLocalPath(afterSignIn)) throw configError('`afterSignIn` must be a path on this site, like /account.');
  if (options.errorPath !== undefined && (!isLocalPath(options.errorPath) || options.errorPath.includes('?'))) {
    throw configError('`errorPath` must be a path on this site without a query, like /sign-in-failed.');
  }
  if (options.postLogoutRedirectUri !== undefined && !isRedirectTarget(options.postLogoutRedirectUri)) {
    throw configError('`postLogoutRedirectUri` must be an absolute https: URL.');
  }
  const allowedOrigins = originsOf(options.allowedOrigins);
  if (!allowedOrigins) throw configError('`allowedOrigins` entries must be origins like https://app.example.com.');
  if (options.onSignIn !== undefined && typeof options.onSignIn !== 'function') throw configError('`onSignIn` must be a function.');
  if (options.log !== undefined && typeof options.log !== 'function') throw configError('`log` must be a function.');
  const base = checkBaseDomain(options.baseDomain)!;
  return {
    provider: new Provider(provider),
    clientId: provider.clientId,
    redirectUri: options.redirectUri,
    hostedBase: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
    journey,
    defaults,
    sealer: new CookieSealer(secrets),
    secure: !insecure,
    sessionCookie: insecure ? name : `__Host-${name}`,
    flowCookie: insecure ? `${name}_flow` : `__Secure-${name}_flow`,
    flowPath: redirect.pathname,
    store,
    sessionMaxAge,
    afterSignIn,
    errorPath: options.errorPath,
    postLogoutRedirectUri: options.postLogoutRedirectUri,
    allowedOrigins,
    onSignIn: options.onSignIn,
    log: safeLogger(options.log),
  };
}

/** Compares two strings in time that depends on their length only. */
function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
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

function redirect(location: string, cookies: readonly string[] = []): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

function withCookies(response: Response, cookies: readonly string[]): Response {
  for (const cookie of cookies) response.headers.append('Set-Cookie', cookie);
  return response;
}

async function start(config: Config, request: Request, options: StartOptions = {}): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'This route accepts GET and POST only.', { headers: { Allow: 'GET, POST' } });
  }
  if (options === null || typeof options !== 'object') options = {};
  const journey = options.journey ?? config.journey;
  const parameters = checkParameters({ ...config.defaults, ...stripUndefined(options) }, 'options');
  const returnTo = options.returnTo ?? config.afterSignIn;
  if (!hostedJourneys.includes(journey) || typeof parameters === 'string' || !isLocalPath(returnTo)) {
    const what = !hostedJourneys.includes(journey) ? '`journey`' : typeof parameters === 'string' ? parameters : '`returnTo`';
    config.log(`${PREFIX} start: invalid option (${logSafe(what, 200)}); answered 400.`);
    return textResponse(400, 'The sign-in could not be started.');
  }
  const verifier = oauth.generateRandomCodeVerifier();
  const flow: Flow = {
    s: oauth.generateRandomState(),
    n: oauth.generateRandomNonce(),
    c: verifier,
    r: returnTo,
    e: Date.now() + FLOW_MAX_AGE_SECONDS * 1000,
  };
  const core = { clientId: config.clientId, redirectUri: config.redirectUri, state: flow.s, nonce: flow.n };
  const url = hostedJourneyUrl(config.hostedBase, journey, { ...core, codeChallenge: await oauth.calculatePKCECodeChallenge(verifier) }, parameters);
  const cookie = serializeCookie(config.flowCookie, await config.sealer.seal(config.flowCookie, flow), {
    path: config.flowPath,
    secure: config.secure,
    maxAge: FLOW_MAX_AGE_SECONDS,
  });
  return redirect(url.href, [cookie]);
}

function stripUndefined(options: StartOptions): HostedParameters {
  const { journey: _journey, returnTo: _returnTo, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}

/** The flow cookies of this browser, opened (several when a proxy or another tab left one). */
async function flowsOf(config: Config, request: Request): Promise<Flow[]> {
  const flows: Flow[] = [];
  for (const value of cookieValues(request.headers.get('cookie'), config.flowCookie).slice(0, 4)) {
    const flow = await config.sealer.open(config.flowCookie, value);
    if (isFlow(flow)) flows.push(flow);
  }
  return flows;
}

async function sessionIdOf(config: Config, request: Request): Promise<string | undefined> {
  for (const value of cookieValues(request.headers.get('cookie'), config.sessionCookie).slice(0, 4)) {
    const opened = await config.sealer.open(config.sessionCookie, value);
    if (opened === null || typeof opened !== 'object') continue;
    const { i, e } = opened as { i?: unknown; e?: unknown };
    if (typeof i === 'string' && typeof e === 'number' && e > Date.now()) return i;
  }
  return undefined;
}

async function callback(config: Config, request: Request): Promise<Response> {
  if (request.method !== 'GET') {
    return errorResponse(405, 'invalid_request', 'This route accepts GET only.', { headers: { Allow: 'GET' } });
  }
  let parameters: URLSearchParams;
  try {
    parameters = new URL(request.url).searchParams;
  } catch {
    return textResponse(400, 'The sign-in could not be completed.');
  }
  const clearFlow = serializeCookie(config.flowCookie, '', { path: config.flowPath, secure: config.secure, maxAge: 0 });
  const states = parameters.getAll('state');
  const flows = await flowsOf(config, request);
  const state = states.length === 1 ? states[0]! : undefined;
  const flow = state === undefined ? undefined : flows.find((candidate) => sameString(candidate.s, state));
  // Never a redirect here: the request may come from anyone's link. The flow cookie stays for the real callback.
  if (!flow) {
    const why = flows.length === 0 ? 'no sign-in in progress in this browser (no flow cookie)' : 'the state does not match the flow cookie';
    config.log(`${PREFIX} callback: ${why}; answered 400.`);
    return textResponse(400, 'The sign-in could not be completed. Please start again.');
  }
  if (flow.e <= Date.now()) {
    config.log(`${PREFIX} callback: the journey took longer than ${FLOW_MAX_AGE_SECONDS} s; answered 400.`);
    return withCookies(textResponse(400, 'The sign-in took too long. Please start again.'), [clearFlow]);
  }

  const fail = (code: string, status: number, text: string): Response => {
    if (config.errorPath) return redirect(`${config.errorPath}?error=${encodeURIComponent(code)}`, [clearFlow]);
    return withCookies(textResponse(status, text), [clearFlow]);
  };

  const error = parameters.get('error');
  if (error !== null) {
    const code = AUTHORIZATION_ERRORS.has(error) ? error : 'server_error';
    config.log(`${PREFIX} callback: the identity service answered error "${logSafe(code)}"; the sign-in ended.`);
    return code === 'access_denied'
      ? fail(code, 403, 'The sign-in was cancelled.')
      : fail(code, 400, 'The sign-in could not be completed. Please try again.');
  }
  if (parameters.getAll('code').length !== 1) {
    config.log(`${PREFIX} callback: no code in the callback; answered 400.`);
    return fail('invalid_request', 400, 'The sign-in could not be completed. Please try again.');
  }

  let claims: IdTokenClaims;
  let tokens: OAuthTokens;
  try {
    ({ claims, tokens } = await config.provider.exchange({
      parameters,
      expectedState: flow.s,
      redirectUri: config.redirectUri,
      codeVerifier: flow.c,
      expectedNonce: flow.n,
    }));
  } catch (caught) {
    const failure = caught instanceof OAuthServerError ? caught : new OAuthServerError('network', `unexpected ${caught instanceof Error ? logSafe(caught.name) : 'error'}.`);
    config.log(`${PREFIX} callback: ${failure.code}: ${failure.message.replace(`${PREFIX} `, '')}`);
    const status = failure.code === 'network' || failure.code === 'invalid_config' ? 502 : 400;
    return fail(failure.code, status, 'The sign-in could not be completed. Please try again.');
  }

  if (config.onSignIn) {
    try {
      await config.onSignIn(claims);
    } catch (caught) {
      config.log(`${PREFIX} callback: onSignIn refused the sign-in (${caught instanceof Error ? logSafe(caught.name) : typeof caught}).`, caught);
      return fail('access_denied', 403, 'The sign-in was refused.');
    }
  }

  const now = Date.now();
  const expiresAt = now + config.sessionMaxAge * 1000;
  const id = randomId();
  try {
    // A session cookie from before (another user, a fixation attempt) ends here.
    const previous = await sessionIdOf(config, request);
    if (previous !== undefined) await config.store.delete(previous);
    await config.store.set(id, { claims, tokens, createdAt: now, expiresAt }, config.sessionMaxAge);
  } catch (caught) {
    config.log(`${PREFIX} callback: the session store failed (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); answered 500.`);
    return fail('server_error', 500, 'The sign-in could not be completed. Please try again.');
  }
  const session = serializeCookie(config.sessionCookie, await config.sealer.seal(config.sessionCookie, { i: id, e: expiresAt }), {
    path: '/',
    secure: config.secure,
    maxAge: config.sessionMaxAge,
  });
  return redirect(flow.r, [session, clearFlow]);
}

async function record(config: Config, request: Request): Promise<SessionRecord | undefined> {
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

async function signOut(config: Config, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'Sign out with POST (a form or fetch), not a link.', { headers: { Allow: 'POST' } });
  }
  if (!originAllowed(request, config.allowedOrigins)) {
    return errorResponse(403, 'invalid_request', 'Requests from this origin are not accepted.');
  }
  const id = await sessionIdOf(config, request);
  if (id !== undefined) {
    try {
      await config.store.delete(id);
    } catch (caught) {
      config.log(`${PREFIX} signOut: the session store failed (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); the cookie is cleared anyway.`);
    }
  }
  const url = new URL(`${config.hostedBase}/endsession`);
  url.searchParams.set('client_id', config.clientId);
  if (config.postLogoutRedirectUri) url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
  url.searchParams.set('state', oauth.generateRandomState());
  return redirect(url.href, [serializeCookie(config.sessionCookie, '', { path: '/', secure: config.secure, maxAge: 0 })]);
}

/**
 * Creates the backend-for-frontend routes of a sign-in: `start` sends the
 * browser to a hosted screen (section 7) with state, nonce and PKCE kept in
 * a sealed `HttpOnly; Secure; SameSite=Lax` flow cookie; `callback`
 * checks the state against that cookie (a tampered or unknown state answers
 * 400, never a redirect), exchanges the code server-side (HTTP Basic when
 * `clientSecret` is given, PKCE always), validates the ID token as
 * {@link exchangeCode} does, keeps claims and tokens in the session store,
 * sets a session cookie holding only a random id, and answers 303 to
 * `afterSignIn` (a path on this site). The tokens never reach the browser.
 * `session(request)` gives the claims to show; `signOut` (POST, same
 * origin) destroys the session and answers 303 to `{base}/endsession`.
 *
 * Throws at once when an option is invalid, `cookieSecret` above all.
 *
 * @example Next.js route handlers
 * ```ts
 * // lib/auth.ts
 * import { createCallbackHandler } from 'nid-journeys/server';
 * export const auth = createCallbackHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example.com/auth/callback',
 *   cookieSecret: process.env.NID_COOKIE_SECRET!,   // openssl rand -base64 48
 *   afterSignIn: '/account',
 *   postLogoutRedirectUri: 'https://app.example.com/',
 * });
 * // app/auth/sign-in/route.ts
 * export const GET = (request: Request) => auth.start(request, { uiLocales: 'fr-FR' });
 * // app/auth/register/route.ts
 * export const GET = (request: Request) => auth.start(request, { journey: 'register' });
 * // app/auth/callback/route.ts
 * export const GET = auth.callback;
 * // app/auth/sign-out/route.ts (a <form method="post">)
 * export const POST = auth.signOut;
 * // app/account/page.tsx: const session = await auth.session(request) → session?.claims.email
 * ```
 *
 * @example Express (see {@link toNodeHandler})
 * ```ts
 * app.get('/auth/sign-in', toNodeHandler((request) => auth.start(request)));
 * app.get('/auth/callback', toNodeHandler(auth.callback));
 * app.post('/auth/sign-out', toNodeHandler(auth.signOut));
 * ```
 *
 * @example Cloudflare Workers (give a store backed by KV or a Durable Object to share sessions)
 * ```ts
 * export default {
 *   async fetch(request: Request, env: Env) {
 *     const auth = getAuth(env); // createCallbackHandler({ ..., store: kvSessionStore(env.SESSIONS) }), created once
 *     const { pathname } = new URL(request.url);
 *     if (pathname === '/auth/sign-in') return auth.start(request);
 *     if (pathname === '/auth/callback') return auth.callback(request);
 *     if (pathname === '/auth/sign-out') return auth.signOut(request);
 *     return new Response('Not found', { status: 404 });
 *   },
 * };
 * ```
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const config = configure(options);
  const guard = async (what: string, run: () => Promise<Response>): Promise<Response> => {
    try {
      return await run();
    } catch (caught) {
      config.log(`${PREFIX} ${what}: unexpected ${caught instanceof Error ? logSafe(caught.name) : 'error'}; answered 500.`);
      return textResponse(500, 'Something went wrong. Please try again.');
    }
  };
  return {
    start: (request, startOptions) => guard('start', () => start(config, request, startOptions)),
    callback: (request) => guard('callback', () => callback(config, request)),
    signOut: (request) => guard('signOut', () => signOut(config, request)),
    async session(request) {
      const found = await record(config, request);
      return found ? { claims: found.claims, expiresAt: found.expiresAt } : undefined;
    },
    async tokens(request) {
      return (await record(config, request))?.tokens;
    },
  };
}
