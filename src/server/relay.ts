/**
 * The journeys relay (contract v2 section 1, relay mode). Elements with
 * `api-base="/api/nid"` send the requests they would send to the service,
 * unchanged, to `{api-base}{documented path}`; the relay checks them and
 * makes the same call server-to-server at `{baseDomain}{path}?env_id=`.
 * The browser then never talks to the service: its CORS and the client's
 * per-client quota are not exposed, and per-IP and per-identifier limits
 * apply in front of it.
 *
 * Log lines name statuses, paths, error codes and parameter names, never a
 * body, an identifier, an IP or a token.
 */
import { checkBaseDomain, checkEndpoints, endpointUrl, ENV_ID_PATTERN } from '../api/endpoints.js';
import { parseRetryAfter } from '../api/errors.js';
import { endpointSchemas } from '../api/transport.js';
import { identifierFieldOf, type EndpointName, type Endpoints } from '../api/vocabulary.js';
import {
  MAX_BODY_BYTES,
  errorResponse,
  isJsonContentType,
  jsonResponse,
  logSafe,
  originAllowed,
  originsOf,
  invalidRequest,
  readJsonObject,
  tooLarge,
  safeLogger,
  type LogLine,
} from './http.js';
import { DEFAULT_SERVER_TIMEOUT_MS } from './pre-register.js';
import { memoryRateLimitStore, type RateLimitHit, type RateLimitStore } from './rate-limit.js';
import { UpstreamFailure, upstreamFetch } from './upstream.js';

/** The calls an element makes itself: pre-register is not one of them (it needs the client's secret: createPreRegisterHandler). */
export const relayedEndpoints = ['register', 'resendVerification', 'forgotPassword', 'token', 'changePassword'] as const satisfies readonly EndpointName[];
export type RelayedEndpoint = (typeof relayedEndpoints)[number];

/** At most `max` requests per `windowSeconds` (a fixed window that starts with the first request). */
export interface RelayLimit {
  max: number;
  windowSeconds: number;
}

/** What `onTokens` receives after a successful `POST /idp/v1/account/token`. */
export interface RelayTokensEvent {
  /** The documented path, `/idp/v1/account/token`. */
  path: string;
  /** `pin` (a verification, an SMS reset) or `authorization_code` (an email reset link). */
  grantType: 'pin' | 'authorization_code';
  /** From the service's answer, server-to-server over TLS. */
  tokens: { accessToken: string; idToken?: string | undefined; refreshToken?: string | undefined; expiresAt?: number | undefined };
  /** The `user_id` of the request (the email address or E.164 number). */
  userId: string;
  /** The browser's request (its cookies: an existing session, say). */
  request: Request;
}

/** What `onTokens` may add to the relayed answer: cookies of your session (the body is never changed). */
export interface RelayTokensResult {
  setCookie?: string | readonly string[] | undefined;
}

export interface JourneysRelayOptions {
  /** The identity service, e.g. `https://id.eu.nextreason.com` (`https:`; `http:` only on localhost). */
  baseDomain: string;
  /** `?env_id=` on every forwarded call (shared vendor domains). What a browser puts in the query is ignored. */
  envId?: string | undefined;
  /** Where the relay is mounted: the elements' `api-base`, e.g. `/api/nid` (a path, without a final `/`). */
  prefix: string;
  /** Origins accepted besides the request URL's own (a proxy that changes the host the app sees). */
  allowedOrigins?: readonly string[] | undefined;
  /** Only these `client_id` values are relayed (recommended: your clients). Default: any. */
  clientIds?: readonly string[] | undefined;
  /** Path overrides, as the elements' `endpoints` property (the same on both sides). */
  endpoints?: Partial<Endpoints> | undefined;
  /**
   * Defaults: `perIp` 100 per 600 s, `perIdentifier` 10 per 600 s. The
   * identifier is `user_id`, or for register `profile_fields.emailAddress`
   * (or `mobileNumber`); one counter per identifier across all paths.
   */
  limits?: { perIp?: RelayLimit | undefined; perIdentifier?: RelayLimit | undefined } | undefined;
  /** Where the counters live (default: {@link memoryRateLimitStore}; several instances: {@link redisRateLimitStore}). */
  store?: RateLimitStore | undefined;
  /**
   * The client's IP when a proxy stands in front (Vercel, a load balancer,
   * Cloudflare): read it from the header that proxy sets, e.g.
   * `(request) => request.headers.get('cf-connecting-ip') ?? ''`. Without
   * it the runtime's peer address is used (toNodeHandler, Deno.serve's
   * `info`, Bun's `server`); when there is none, all requests share one
   * per-IP counter (logged once).
   */
  trustProxy?: ((request: Request) => string) | undefined;
  /**
   * Runs after a successful token call (verification PIN, reset code) with
   * the service's tokens, e.g. to start your own session. The answer is
   * still relayed to the browser unchanged, tokens included: the element's
   * reset step needs its access token for change-password. Return
   * `{ setCookie }` to add your session cookie to the answer. Throwing is
   * logged and changes nothing.
   */
  onTokens?: ((event: RelayTokensEvent) => void | RelayTokensResult | Promise<void | RelayTokensResult>) | undefined;
  /** Transport override (tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
  /** How long to wait for the service, in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** One line per operator-relevant event, without secrets or control characters. Default `console.warn`. */
  log?: ((line: string, cause?: unknown) => void) | undefined;
}

/**
 * A Fetch API handler. The optional second argument is the runtime's
 * (Deno.serve's `info`, Bun's `server`, toNodeHandler's `{ clientIp }`),
 * read only for the peer address.
 */
export type JourneysRelay = (request: Request, context?: unknown) => Promise<Response>;

const PREFIX = 'nid-journeys/server: relay:';
const GENERIC_FAILURE = 'We are unable to process your request right now. Please try again later.';
export const DEFAULT_RELAY_LIMITS = {
  perIp: { max: 100, windowSeconds: 600 },
  perIdentifier: { max: 10, windowSeconds: 600 },
} as const satisfies Record<string, RelayLimit>;
/** A store that has not answered by then is down: the relay answers 503. */
const STORE_TIMEOUT_MS = 2000;
/** Seconds a browser waits after a 503 of the limit store. */
const STORE_RETRY_AFTER = 5;
/** The largest answer of the service read. */
const MAX_ANSWER_BYTES = 256 * 1024;
/** A Bearer token (RFC 6750 b64token). */
const BEARER = /^Bearer [A-Za-z0-9\-._~+/]{1,8000}=*$/;
/** Keys no element sends: a browser holding one of these is sending what must stay on a server. */
const CREDENTIAL_KEY = /secret|credential|api[-_]?key|authorization|^(access|refresh|id)_token$/i;
/** A parameter name worth repeating (never a value). */
const PARAMETER_NAME = /^[A-Za-z_][\w.-]{0,63}$/;

interface Config {
  base: URL;
  envId: string | undefined;
  endpoints: Endpoints;
  /** The request path under the prefix → the endpoint. */
  routes: ReadonlyMap<string, RelayedEndpoint>;
  /** A documented path that is not relayed (pre-register) → why. */
  refused: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  clientIds: ReadonlySet<string> | undefined;
  perIp: RelayLimit;
  perIdentifier: RelayLimit;
  store: RateLimitStore;
  trustProxy: ((request: Request) => string) | undefined;
  onTokens: JourneysRelayOptions['onTokens'];
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  log: LogLine;
  /** Said once: the store is down (until it answers again); the peer address is unknown. */
  state: { storeDown: boolean; ipUnknownLogged: boolean };
}

function configError(message: string): Error {
  return new Error(`nid-journeys/server: createJourneysRelay: ${message}`);
}

function checkLimit(value: unknown, name: string, fallback: RelayLimit): RelayLimit {
  if (value === undefined) return fallback;
  const limit = value as Partial<RelayLimit> | null;
  if (
    limit === null ||
    typeof limit !== 'object' ||
    !Number.isInteger(limit.max) ||
    (limit.max as number) < 1 ||
    !Number.isInteger(limit.windowSeconds) ||
    (limit.windowSeconds as number) < 1 ||
    (limit.windowSeconds as number) > 86_400
  ) {
    throw configError(`\`limits.${name}\` must be { max, windowSeconds }: positive integers, the window at most a day.`);
  }
  return { max: limit.max as number, windowSeconds: limit.windowSeconds as number };
}

function configure(options: JourneysRelayOptions): Config {
  if (options === null || typeof options !== 'object') throw configError('pass an options object.');
  const base = checkBaseDomain(options.baseDomain);
  if (!base) throw configError('`baseDomain` must be an absolute https: URL (http: only on localhost), without query or credentials.');
  const envId = options.envId || undefined;
  if (envId !== undefined && (typeof envId !== 'string' || !ENV_ID_PATTERN.test(envId))) {
    throw configError('`envId` must be letters, digits, "-" or "_".');
  }
  const { prefix } = options;
  if (typeof prefix !== 'string' || !/^(\/[A-Za-z0-9._~-]+)+$/.test(prefix) || prefix.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw configError('`prefix` must be the path the relay is mounted at, the elements\' api-base, like /api/nid (no final "/").');
  }
  const endpoints = checkEndpoints(options.endpoints);
  if (!endpoints) throw configError('`endpoints` overrides must be paths on the base domain, starting with one "/".');
  const routes = new Map<string, RelayedEndpoint>(relayedEndpoints.map((name) => [`${prefix}${endpoints[name]}`, name]));
  const allowedOrigins = originsOf(options.allowedOrigins);
  if (!allowedOrigins) throw configError('`allowedOrigins` entries must be origins like https://app.example.com.');
  const { clientIds } = options;
  if (clientIds !== undefined && (!Array.isArray(clientIds) || clientIds.length === 0 || !clientIds.every((id) => typeof id === 'string' && id !== ''))) {
    throw configError('`clientIds` must be a non-empty list of client ids.');
  }
  const limits = options.limits ?? {};
  if (limits === null || typeof limits !== 'object') throw configError('`limits` must be an object.');
  const store = options.store ?? memoryRateLimitStore();
  if (!store || typeof store.hit !== 'function') throw configError('`store` must have a hit(key, windowSeconds) method.');
  for (const name of ['trustProxy', 'onTokens', 'fetch', 'log'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw configError(`\`${name}\` must be a function.`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) throw configError('`timeoutMs` must be a positive number of milliseconds.');
  return {
    base,
    envId,
    endpoints,
    routes,
    refused: new Set([`${prefix}${endpoints.preRegister}`]),
    allowedOrigins,
    clientIds: clientIds ? new Set(clientIds) : undefined,
    perIp: checkLimit(limits.perIp, 'perIp', DEFAULT_RELAY_LIMITS.perIp),
    perIdentifier: checkLimit(limits.perIdentifier, 'perIdentifier', DEFAULT_RELAY_LIMITS.perIdentifier),
    store,
    trustProxy: options.trustProxy,
    onTokens: options.onTokens,
    fetch: options.fetch,
    timeoutMs,
    log: safeLogger(options.log),
    state: { storeDown: false, ipUnknownLogged: false },
  };
}

const generic = (status: number, headers: Record<string, string> = {}) => errorResponse(status, 'server_error', GENERIC_FAILURE, { headers });

/** The runtime's peer address: toNodeHandler's `{ clientIp }`, Deno.serve's `info.remoteAddr`, Bun's `server.requestIP()`. */
function peerAddress(request: Request, context: unknown): string | undefined {
  if (context === null || typeof context !== 'object') return undefined;
  const value = context as { clientIp?: unknown; remoteAddr?: { hostname?: unknown }; requestIP?: unknown };
  if (typeof value.clientIp === 'string') return value.clientIp;
  if (value.remoteAddr && typeof value.remoteAddr.hostname === 'string') return value.remoteAddr.hostname;
  if (typeof value.requestIP === 'function') {
    const found: unknown = (value.requestIP as (request: Request) => unknown).call(context, request);
    if (found && typeof found === 'object' && 'address' in found && typeof found.address === 'string') return found.address;
  }
  return undefined;
}

function clientIp(config: Config, request: Request, context: unknown): string | Response {
  let ip: string | undefined;
  if (config.trustProxy) {
    try {
      const value: unknown = config.trustProxy(request);
      ip = typeof value === 'string' ? value.trim() : undefined;
    } catch (caught) {
      config.log(`${PREFIX} trustProxy threw (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); answered 500.`, caught);
      return generic(500);
    }
  } else {
    ip = peerAddress(request, context);
  }
  if (ip) return ip.slice(0, 100);
  if (!config.state.ipUnknownLogged) {
    config.state.ipUnknownLogged = true;
    config.log(
      `${PREFIX} the client's IP is unknown (no trustProxy, no peer address from the runtime): ` +
        'every such request shares one per-IP counter. Set trustProxy to read your proxy\'s header.',
    );
  }
  return 'unknown';
}

/** A short hash: counters are keyed by it, never by an address or an IP in clear. */
async function keyOf(kind: string, value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${kind}\u0000${value}`)));
  let hex = '';
  for (const byte of digest.subarray(0, 16)) hex += byte.toString(16).padStart(2, '0');
  return `${kind}:${hex}`;
}

/** One hit against a limit: undefined when allowed, else the answer (429, or 503 when the store is down). */
async function limited(config: Config, kind: 'ip' | 'id', value: string, limit: RelayLimit): Promise<Response | undefined> {
  let hit: RateLimitHit;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const key = await keyOf(kind, value);
    hit = await Promise.race([
      config.store.hit(key, limit.windowSeconds),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), STORE_TIMEOUT_MS);
      }),
    ]);
    if (!hit || !Number.isFinite(hit.count) || !Number.isFinite(hit.resetAt)) throw new TypeError('malformed hit');
  } catch (caught) {
    if (!config.state.storeDown) {
      config.state.storeDown = true;
      const name = caught instanceof Error ? logSafe(caught.message === 'timeout' ? 'no answer within 2 s' : caught.name) : typeof caught;
      config.log(
        `${PREFIX} the rate limit store is unreachable (${name}); answering 503 until it is back (logged once).`,
      );
    }
    return errorResponse(503, 'temporarily_unavailable', 'Please try again in a moment.', {
      headers: { 'Retry-After': String(STORE_RETRY_AFTER) },
    });
  } finally {
    clearTimeout(timer);
  }
  if (config.state.storeDown) {
    config.state.storeDown = false;
    config.log(`${PREFIX} the rate limit store answers again.`);
  }
  if (hit.count <= limit.max) return undefined;
  const retryAfter = Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000));
  return errorResponse(429, 'too_many_requests', 'Too many requests. Please try again later.', {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/** The identifier a request is about, normalised (emails in lower case); none for change-password. */
function identifierOf(endpoint: RelayedEndpoint, body: Record<string, unknown>): string | undefined {
  let value: unknown;
  if (endpoint === 'register') {
    const profile = (body.profile_fields ?? {}) as Record<string, unknown>;
    const field = identifierFieldOf(body.auth_type === 'sms' ? 'sms' : 'email');
    value = profile[field] ?? profile.emailAddress ?? profile.mobileNumber;
  } else if (endpoint !== 'changePassword') {
    value = body.user_id;
  }
  return typeof value === 'string' && value !== '' ? value.trim().toLowerCase() : undefined;
}

/** The body, checked with the element's own schema: the parsed object, or the 4xx answer. */
async function readBody(config: Config, endpoint: RelayedEndpoint, request: Request): Promise<Record<string, unknown> | Response> {
  const value = await readJsonObject(request);
  if (value instanceof Response) return value;
  if (Object.keys(value).some((key) => CREDENTIAL_KEY.test(key))) {
    return invalidRequest('The request body holds a client credential or a token: those are never relayed.');
  }
  const parsed = endpointSchemas[endpoint].request!.safeParse(value);
  if (!parsed.success) {
    const names = new Set(
      parsed.error.issues.map((issue) => {
        const name = issue.path.slice(0, 2).map(String).join('.');
        return PARAMETER_NAME.test(name) ? name : 'body';
      }),
    );
    return invalidRequest(`Missing or malformed parameter: ${[...names].slice(0, 20).join(', ')}.`);
  }
  const body = parsed.data as Record<string, unknown>;
  if (config.clientIds && !config.clientIds.has(body.client_id as string)) {
    return invalidRequest('This client_id is not relayed here.');
  }
  return body;
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The service's error shape, and nothing else of its body. */
function vendorError(body: unknown): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { error, error_description: description, error_details: details } = body as Record<string, unknown>;
  if (typeof error !== 'string' || error === '') return undefined;
  return {
    error,
    ...(typeof description === 'string' || description === null ? { error_description: description } : {}),
    ...(details !== undefined && (details === null || (typeof details === 'object' && !Array.isArray(details))) ? { error_details: details } : {}),
  };
}

async function tokensEvent(config: Config, path: string, body: Record<string, unknown>, answer: unknown, request: Request): Promise<string[]> {
  if (!config.onTokens || answer === null || typeof answer !== 'object') return [];
  const tokens = answer as Record<string, unknown>;
  if (typeof tokens.access_token !== 'string' || tokens.access_token === '') return [];
  const expiresIn = Number(tokens.expires_in);
  try {
    const result = await config.onTokens({
      path,
      grantType: body.grant_type as 'pin' | 'authorization_code',
      tokens: {
        accessToken: tokens.access_token,
        ...(typeof tokens.id_token === 'string' ? { idToken: tokens.id_token } : {}),
        ...(typeof tokens.refresh_token === 'string' ? { refreshToken: tokens.refresh_token } : {}),
        ...(tokens.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn >= 0 ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      },
      userId: body.user_id as string,
      request,
    });
    const cookies = result && typeof result === 'object' ? result.setCookie : undefined;
    const list = typeof cookies === 'string' ? [cookies] : Array.isArray(cookies) ? cookies : [];
    return list.filter((cookie): cookie is string => typeof cookie === 'string' && !/[\r\n\0]/.test(cookie));
  } catch (caught) {
    config.log(`${PREFIX} onTokens threw (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); the answer is relayed anyway.`, caught);
    return [];
  }
}

/** The service's answer, as the browser gets it. */
async function relayAnswer(config: Config, endpoint: RelayedEndpoint, body: Record<string, unknown>, response: Response, request: Request): Promise<Response> {
  const path = config.endpoints[endpoint];
  const { status } = response;
  const text = await response.text();
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      config.log(`${PREFIX} ${logSafe(path, 200)}: unreadable answer from the identity service (HTTP ${status}, not a JSON object); answered 502.`);
      return generic(502);
    }
    const answer = jsonResponse(status, json);
    if (endpoint === 'token') {
      for (const cookie of await tokensEvent(config, path, body, json, request)) answer.headers.append('Set-Cookie', cookie);
    }
    return answer;
  }
  const error = vendorError(json);
  const named = error ? `, error "${logSafe(error.error, 64)}"` : '';
  if (status >= 500) {
    // Not written for the browser: replaced by generic text.
    config.log(`${PREFIX} ${logSafe(path, 200)}: the identity service failed (HTTP ${status}${named}); relayed with generic text.`);
    const retryAfter = status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
    return generic(status, retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {});
  }
  const headers: Record<string, string> = {};
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    config.log(`${PREFIX} ${logSafe(path, 200)}: the identity service rate-limited this relay (HTTP 429); relayed.`);
  } else if (status === 403 || status === 404 || status === 405) {
    config.log(`${PREFIX} ${logSafe(path, 200)}: the identity service answered HTTP ${status}${named}: check baseDomain, envId and the client; relayed.`);
  }
  return jsonResponse(status, error ?? { error: 'http_exception' }, headers);
}

async function forward(config: Config, endpoint: RelayedEndpoint, body: Record<string, unknown>, request: Request): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (endpoint === 'changePassword') {
    // The one credential a browser sends (contract section 5), and only here.
    const authorization = request.headers.get('authorization');
    if (authorization !== null) {
      if (!BEARER.test(authorization)) return invalidRequest('The Authorization header must be a Bearer token.');
      headers.Authorization = authorization;
    }
  }
  const path = config.endpoints[endpoint];
  let response: Response;
  try {
    response = await upstreamFetch(
      { fetch: config.fetch, timeoutMs: config.timeoutMs, maxBytes: MAX_ANSWER_BYTES },
      endpointUrl(config.base, config.endpoints, endpoint, config.envId),
      { method: 'POST', headers, body: JSON.stringify(body) },
    );
  } catch (caught) {
    const failure = caught instanceof UpstreamFailure ? caught : new UpstreamFailure('network', caught instanceof Error ? caught.name : typeof caught);
    if (failure.kind === 'timeout') {
      config.log(`${PREFIX} ${logSafe(path, 200)}: no answer from the identity service within ${config.timeoutMs} ms; answered 504.`);
      return errorResponse(504, 'timeout', 'The identity service did not answer in time. Please try again.');
    }
    const why =
      failure.kind === 'redirect'
        ? `answered with a redirect, which is never followed (${logSafe(failure.detail)}): check baseDomain`
        : failure.kind === 'too_large'
          ? 'answered with a body too large to relay'
          : `could not be reached (${logSafe(failure.detail)})`;
    config.log(`${PREFIX} ${logSafe(path, 200)}: the identity service ${why}; answered 502.`);
    return generic(502);
  }
  return relayAnswer(config, endpoint, body, response, request);
}

async function handle(config: Config, request: Request, context: unknown): Promise<Response> {
  let pathname: string;
  try {
    pathname = new URL(request.url).pathname;
  } catch {
    return invalidRequest('The request URL is not valid.');
  }
  const endpoint = config.routes.get(pathname);
  if (endpoint === undefined) {
    const description = config.refused.has(pathname)
      ? 'pre-register is not relayed: it needs the client secret (use createPreRegisterHandler).'
      : 'No such journey call.';
    return errorResponse(404, 'not_found', description);
  }
  if (request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'This route accepts POST only.', { headers: { Allow: 'POST' } });
  }
  if (!originAllowed(request, config.allowedOrigins)) return errorResponse(403, 'invalid_request', 'Requests from this origin are not accepted.');
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return errorResponse(415, 'invalid_request', 'The request body must be JSON (Content-Type: application/json).');
  }
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) return tooLarge();

  const ip = clientIp(config, request, context);
  if (ip instanceof Response) return ip;
  const byIp = await limited(config, 'ip', ip, config.perIp);
  if (byIp) return byIp;

  const body = await readBody(config, endpoint, request);
  if (body instanceof Response) return body;
  const identifier = identifierOf(endpoint, body);
  if (identifier !== undefined) {
    const byIdentifier = await limited(config, 'id', identifier, config.perIdentifier);
    if (byIdentifier) return byIdentifier;
  }
  return forward(config, endpoint, body, request);
}

/**
 * Creates the journeys relay (contract v2 section 1, relay mode): mount it
 * at `prefix` and give the elements `api-base="{prefix}"`. Each element
 * call arrives as `POST {prefix}{documented path}` and is made again,
 * server-to-server, at `{baseDomain}{path}?env_id={envId}`.
 *
 * Per request, in order: one of the relayed paths (register,
 * resend-verification, forgot-password, token, change-password; pre-register
 * is not relayed) else 404; `POST` else 405; an `Origin` that is the
 * request's own or in `allowedOrigins` (or `Sec-Fetch-Site: same-origin`)
 * else 403; JSON else 415; at most 64 KB else 413; the per-IP limit; the
 * body against the element's own schema (no credential keys; `client_id` in
 * `clientIds` when given) else 400 naming the parameters; the
 * per-identifier limit. A limit answers 429 `{ error: "too_many_requests" }`
 * with `Retry-After`; a store that fails answers 503 (fail closed), logged
 * once until it recovers.
 *
 * The call carries only `Accept`, `Content-Type` and, on change-password
 * alone, the browser's `Authorization: Bearer`; never cookies or other
 * headers, and `redirect: "manual"` (a 3xx is refused). The answer: 2xx as the service sent it
 * (JSON), 4xx with their status in the service's error shape (`error`,
 * `error_description`, `error_details`; `Retry-After` on 429), 5xx with
 * their status and generic text, 502 for a network failure or a redirect,
 * 504 for a timeout. No header of the service's reaches the browser.
 *
 * Token answers go to the browser unchanged, access token included (the
 * reset step needs it); `onTokens` sees them first and may add a cookie.
 *
 * @example Next.js (`app/api/nid/[...path]/route.ts`)
 * ```ts
 * import { createJourneysRelay, redisRateLimitStore } from 'nid-journeys/server';
 *
 * export const POST = createJourneysRelay({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   envId: process.env.NID_ENV_ID,
 *   prefix: '/api/nid',
 *   clientIds: [process.env.NEXT_PUBLIC_NID_CLIENT_ID!],
 *   store: redisRateLimitStore(redis), // several instances share the limits
 *   trustProxy: (request) => request.headers.get('x-forwarded-for')?.split(',')[0] ?? '',
 * });
 * // <nid-register api-base="/api/nid" client-id="…" …>
 * ```
 *
 * @example Express
 * ```ts
 * app.post('/api/nid/*', toNodeHandler(createJourneysRelay({ baseDomain, prefix: '/api/nid' })));
 * ```
 *
 * @example Cloudflare Workers
 * ```ts
 * const relay = createJourneysRelay({
 *   baseDomain: 'https://id.eu.nextreason.com',
 *   prefix: '/api/nid',
 *   trustProxy: (request) => request.headers.get('cf-connecting-ip') ?? '',
 * });
 * export default { fetch: (request: Request) => relay(request) };
 * ```
 */
export function createJourneysRelay(options: JourneysRelayOptions): JourneysRelay {
  const config = configure(options);
  return async (request, context) => {
    try {
      return await handle(config, request, context);
    } catch (caught) {
      config.log(`${PREFIX} unexpected ${caught instanceof Error ? logSafe(caught.name) : 'error'}; answered 500.`);
      return generic(500);
    }
  };
}
