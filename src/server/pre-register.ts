/**
 * The server half of the invite journey (contract 4.4): a Fetch API handler
 * for the integrator's own route (`<nid-invite-form action="/api/invite">`).
 * It checks who is asking, validates the body with the same schema the
 * element builds it with, adds the client credentials it alone knows, calls
 * `/pre-register` through the package's one HTTP client (`send`) and relays
 * the answer in the contract's shape.
 *
 * Nothing here logs a request body, a profile field, the client secret or
 * the Authorization header: log lines name statuses, codes and the client id.
 */
import { absoluteUrl, inviteRequest, type InviteRequest, type PreRegisterRequest, type PreRegisterResponse } from '../api/contract.js';
import { checkBaseDomain, checkEndpoints, endpointUrl, randomId } from '../api/endpoints.js';
import { DEFAULT_RETRY_AFTER_SECONDS, type JourneyErrorInit } from '../api/errors.js';
import { send } from '../api/transport.js';
import {
  IDEMPOTENCY_KEY_PATTERN,
  MAX_BODY_BYTES,
  base64Utf8,
  errorResponse,
  isJsonContentType,
  jsonResponse,
  readLimited,
} from './http.js';

/**
 * Says whether the request comes from someone allowed to invite (a signed-in
 * administrator: check your session cookie here). Only `true` lets the
 * request through; anything else, a truthy object included, answers 403.
 * It runs before the body is read: to look into the body (a CSRF token a
 * `nid-submit` listener added), read `request.clone()`, not `request`.
 */
export type Authorize = (request: Request) => boolean | Promise<boolean>;

/** A standard Fetch API handler: Next.js route handlers, Hono, Deno, Bun, Workers. */
export type FetchHandler = (request: Request) => Promise<Response>;

export interface PreRegisterHandlerOptions {
  /** The identity service, e.g. `https://id.eu.nextreason.com` (`https:`; `http:` only on localhost). */
  baseDomain: string;
  /** The client the invitations are for. */
  clientId: string;
  /** The client's secret: server-side configuration (an environment variable), never sent to a browser. */
  clientSecret: string;
  /** Required: who may invite. See {@link Authorize}. */
  authorize: Authorize;
  /**
   * The `redirect_uri` sent when the form gives none; it must be in the
   * client's allowlist. Omitted from the call when neither is set.
   */
  redirectUri?: string | undefined;
  /**
   * Origins accepted besides the request URL's own, e.g. the public origin
   * when a proxy in front of the app changes the scheme or host the app sees.
   * (The helper answers no CORS preflight: a page on another site cannot call it.)
   */
  allowedOrigins?: readonly string[] | undefined;
  /** Transport override (tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
  /**
   * How long to wait for the service, in ms (default 10 000: shorter than
   * the element's own 15 s, so that the browser gets our 504, not a timeout).
   */
  timeoutMs?: number | undefined;
  /** Path override, as the elements' `endpoints` property. */
  endpoints?: { preRegister?: string | undefined } | undefined;
  /**
   * Receives one line per operator-relevant failure (rejected client
   * credentials, the service down or unreachable, `authorize` throwing).
   * Lines hold no secret and no request data; `cause` is what `authorize`
   * threw, for a logger of your choice. Default: `console.warn(line)`.
   */
  log?: ((line: string, cause?: unknown) => void) | undefined;
}

/** Default wait for the service (see `timeoutMs`). */
export const DEFAULT_SERVER_TIMEOUT_MS = 10_000;

interface HandlerConfig {
  clientId: string;
  /** The whole `Authorization` header value, computed once. */
  authorization: string;
  url: string;
  redirectUri: string | undefined;
  allowedOrigins: ReadonlySet<string>;
  authorize: Authorize;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  log: (line: string, cause?: unknown) => void;
}

const PREFIX = 'nid-journeys/server:';
const GENERIC_FAILURE = 'The invitation could not be sent right now. Please try again later.';
/** Keys the helper sets from its own configuration: a browser sending them is trying to choose. */
const HELPER_KEYS: ReadonlySet<string> = new Set(['client_id', 'grant_type']);
/** Names of credentials (the element refuses the same ones as attributes and properties). */
const CREDENTIAL_NAME = /secret|passw(or)?d|credential|api[-_]?key|authorization/i;
/**
 * Upstream answers that say this helper is misconfigured (credentials, path,
 * a gateway in between) rather than anything the administrator can fix: the
 * browser gets a 502, the operator a log line.
 */
const MISCONFIGURED_UPSTREAM = new Set([401, 403, 404, 405, 413, 415]);

function configError(message: string): Error {
  return new Error(`${PREFIX} createPreRegisterHandler: ${message}`);
}

/** Checks everything once, at creation: a misconfigured helper must fail at start-up, not per request. */
function configure(options: PreRegisterHandlerOptions): HandlerConfig {
  if (options === null || typeof options !== 'object') throw configError('pass an options object.');
  const { clientId, clientSecret } = options;
  if (typeof options.authorize !== 'function') {
    throw configError(
      '`authorize` is required: a function (request) => boolean that says whether the request comes from ' +
        'someone allowed to invite (check your session here). Without it anyone could send invitations.',
    );
  }
  const base = checkBaseDomain(options.baseDomain);
  if (!base) throw configError('`baseDomain` must be an absolute https: URL (http: only on localhost), without query or credentials.');
  // RFC 7617: the user-id of Basic credentials cannot contain a colon.
  if (typeof clientId !== 'string' || clientId === '' || clientId.length > 1000 || /[:\p{Cc}]/u.test(clientId)) {
    throw configError('`clientId` must be a non-empty string without colons or control characters.');
  }
  // The value is never part of a message.
  if (typeof clientSecret !== 'string' || clientSecret === '') throw configError('`clientSecret` must be a non-empty string.');
  if (options.redirectUri !== undefined && !absoluteUrl.safeParse(options.redirectUri).success) {
    throw configError('`redirectUri` must be an absolute URL.');
  }
  const endpoints = checkEndpoints(options.endpoints);
  const url = endpoints ? endpointUrl(base, endpoints, 'preRegister') : undefined;
  if (!url) throw configError('`endpoints.preRegister` must be a path on the base domain, starting with one "/".');
  const timeoutMs = options.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw configError('`timeoutMs` must be a positive number of milliseconds.');
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw configError('`fetch` must be a function.');
  if (options.log !== undefined && typeof options.log !== 'function') throw configError('`log` must be a function.');
  return {
    clientId,
    authorization: `Basic ${base64Utf8(`${clientId}:${clientSecret}`)}`,
    url,
    redirectUri: options.redirectUri,
    allowedOrigins: new Set((options.allowedOrigins ?? []).map(originOf)),
    authorize: options.authorize,
    fetch: options.fetch,
    timeoutMs,
    log: options.log ?? ((line) => console.warn(line)),
  };
}

function originOf(value: string): string {
  let origin: string | undefined;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = undefined;
  }
  if (!origin || origin === 'null') throw configError(`\`allowedOrigins\` entries must be origins like https://admin.example.com.`);
  return origin;
}

/**
 * Same origin as the request URL, or an allowed one. Browsers send Origin on
 * every POST made with fetch, but as `null` when the page's Referrer-Policy
 * is `no-referrer`: then (and when it is missing) the browser's
 * `Sec-Fetch-Site: same-origin`, which no page can set, vouches instead.
 * Without either, the request does not come from the invite form.
 */
function originAllowed(config: HandlerConfig, request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null || origin === 'null') return request.headers.get('sec-fetch-site') === 'same-origin';
  if (config.allowedOrigins.has(origin)) return true;
  try {
    return new URL(request.url).origin === origin;
  } catch {
    return false;
  }
}

const invalidRequest = (description: string) => errorResponse(400, 'invalid_request', description);
const tooLarge = () => errorResponse(413, 'invalid_request', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);

/**
 * The body, checked with the element's own schema. Other top-level keys (a
 * `nid-submit` listener's CSRF token, say) are stripped, never forwarded,
 * except two kinds that are refused: the keys the helper sets itself
 * (`client_id`, `grant_type`) and credential names (`password`,
 * `client_secret`, also as profile fields, which would be forwarded): a
 * browser sending those is a bug to surface. Answers never repeat what was
 * sent, only the names of the contract's parameters.
 */
async function readInvite(request: Request): Promise<InviteRequest | Response> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readLimited(request, MAX_BODY_BYTES);
  } catch {
    return invalidRequest('The request body was not received completely.');
  }
  if (!bytes) return tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalidRequest('The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return invalidRequest('The request body must be a JSON object.');
  }
  if (Object.keys(value).some((key) => HELPER_KEYS.has(key) || CREDENTIAL_NAME.test(key))) {
    return invalidRequest('The request body holds a client parameter or a credential: those stay on the server.');
  }
  const parsed = inviteRequest.safeParse(value);
  if (!parsed.success) {
    const names = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body')));
    return invalidRequest(`Missing or malformed parameter: ${[...names].join(', ')}.`);
  }
  if (Object.keys(parsed.data.profile_fields).some((name) => CREDENTIAL_NAME.test(name))) {
    return invalidRequest('A profile field holds a credential: invitations never carry one.');
  }
  // Parsed data: the schema's keys only.
  return parsed.data;
}

/** The service's answer for the browser: its status and error shape, except where the helper is at fault. */
function relay(config: HandlerConfig, error: JourneyErrorInit): Response {
  const status = error.status ?? 0;
  switch (error.kind) {
    case 'timeout':
      config.log(`${PREFIX} pre-register: no answer from the identity service within ${config.timeoutMs} ms; answered 504.`);
      return errorResponse(504, 'timeout', 'The identity service did not answer in time. Please try again.');
    case 'config':
      // The body built below did not pass preRegisterRequest: a bug here, not the caller's.
      config.log(`${PREFIX} pre-register: the request to the identity service did not match the contract; answered 500.`);
      return errorResponse(500, 'server_error', GENERIC_FAILURE);
    case 'http':
      if (status === 401) {
        config.log(
          `${PREFIX} pre-register: the identity service refused the credentials of client_id "${config.clientId}" ` +
            `(401 ${error.code}): check clientId and clientSecret. Answered 502.`,
        );
        return errorResponse(502, 'server_error', GENERIC_FAILURE);
      }
      if (MISCONFIGURED_UPSTREAM.has(status) || status < 400) {
        config.log(`${PREFIX} pre-register: the identity service answered ${status} ${error.code}: check baseDomain and endpoints. Answered 502.`);
        return errorResponse(502, 'server_error', GENERIC_FAILURE);
      }
      if (status >= 500) {
        // 503 is also how the service answers an unknown client_id (contract section 1).
        config.log(`${PREFIX} pre-register: the identity service answered ${status} ${error.code} for client_id "${config.clientId}".`);
      }
      return errorResponse(status, error.code, error.description, {
        fields: error.fields,
        headers: status === 429 ? { 'Retry-After': String(error.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS) } : {},
      });
    default:
      // network failure, an answer that is not the contract's, an abort
      config.log(`${PREFIX} pre-register: ${error.kind === 'malformed' ? `unreadable answer (HTTP ${status})` : 'could not reach'} the identity service; answered 502.`);
      return errorResponse(502, 'server_error', GENERIC_FAILURE);
  }
}

async function handle(config: HandlerConfig, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'This route accepts POST only.', { headers: { Allow: 'POST' } });
  }
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return errorResponse(415, 'invalid_request', 'The request body must be JSON (Content-Type: application/json).');
  }
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) return tooLarge();
  // Origin: a page of another site never gets this far, whatever its cookies (defence in depth;
  // without CORS headers its preflight already fails).
  if (!originAllowed(config, request)) {
    return errorResponse(403, 'invalid_request', 'Requests from this origin are not accepted.');
  }

  let allowed: unknown;
  try {
    allowed = await config.authorize(request);
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    // Its message is not logged: integrator code may put request data (a session id) in it.
    config.log(`${PREFIX} pre-register: authorize threw (${name}); answered 500.`, cause);
    return errorResponse(500, 'server_error', GENERIC_FAILURE);
  }
  if (allowed !== true) {
    // access_denied (RFC 6749's word for a refusal): the person is signed out or may not invite.
    // The element shows its own localized text for it; the description is for other clients.
    return errorResponse(403, 'access_denied', 'You are not allowed to send invitations. Sign in again, then retry.');
  }

  const invite = await readInvite(request);
  if (invite instanceof Response) return invite;

  const redirectUri = invite.redirect_uri ?? config.redirectUri;
  const body: PreRegisterRequest = {
    profile_fields: invite.profile_fields,
    client_id: config.clientId,
    locale: invite.locale,
    auth_type: invite.auth_type,
    grant_type: 'password',
    ...(redirectUri !== undefined ? { redirect_uri: redirectUri } : {}),
    resend: invite.resend,
  };
  const key = request.headers.get('idempotency-key');
  const result = await send({
    endpoint: 'preRegister',
    url: config.url,
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      // The browser's key, so that its retry of the same submission is the same call here too.
      'Idempotency-Key': key !== null && IDEMPOTENCY_KEY_PATTERN.test(key) ? key : randomId(),
      Authorization: config.authorization,
    },
    body,
    timeoutMs: config.timeoutMs,
    fetch: config.fetch,
  });
  if (!result.ok) return relay(config, result.error);
  const answer: PreRegisterResponse = { uuid: (result.data as PreRegisterResponse).uuid };
  return jsonResponse(200, answer);
}

/**
 * Creates the integrator's invite route: a Fetch API handler that receives
 * what `<nid-invite-form>` posts, checks it and calls the service's
 * `/pre-register` with the client's Basic credentials, which never reach a
 * browser.
 *
 * Per request: `POST` only (405), `Content-Type: application/json` (415), an
 * `Origin` that is the route's own or in `allowedOrigins` (or, for an opaque
 * `Origin: null`, `Sec-Fetch-Site: same-origin`) (403), then
 * `authorize(request)` (403 `access_denied` unless it returns `true`), then
 * the body against the contract (400 `invalid_request`). The answer is the
 * service's `200 {uuid}` or its error (same status, `error`, `fields`,
 * `error_description`, `Retry-After` on 429); rejected client credentials
 * become 502 and a log line, a timeout 504, an unreachable or unreadable
 * service 502.
 *
 * Throws at once when `authorize` is missing or the configuration is invalid.
 *
 * @example Next.js route handler (`app/api/invite/route.ts`)
 * ```ts
 * import { createPreRegisterHandler } from 'nid-journeys/server';
 * import { getSession } from '@/lib/session';
 *
 * export const POST = createPreRegisterHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example.com/activated',
 *   authorize: async (request) => (await getSession(request))?.role === 'admin',
 * });
 * ```
 *
 * @example Express (see {@link toNodeHandler})
 * ```ts
 * app.post('/api/invite', toNodeHandler(createPreRegisterHandler({ ...options, authorize })));
 * ```
 */
export function createPreRegisterHandler(options: PreRegisterHandlerOptions): FetchHandler {
  const config = configure(options);
  return async (request) => {
    try {
      return await handle(config, request);
    } catch (cause) {
      // Not expected (send returns failures instead of throwing); never leave the caller without an answer.
      config.log(`${PREFIX} pre-register: unexpected ${cause instanceof Error ? cause.name : 'error'}; answered 500.`);
      return errorResponse(500, 'server_error', GENERIC_FAILURE);
    }
  };
}
