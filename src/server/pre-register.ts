/**
 * The server half of the invite journey (contract v2 section 8): a Fetch API
 * handler for the integrator's own route (`<nid-invite-form action="/api/invite">`).
 * It checks who is asking, validates the body with the same schema the
 * element builds it with, adds what it alone knows (the client's Basic
 * credentials, `client_id`, `grant_type`, an allowed `redirect_uri`), calls
 * the documented `POST /idp/v1/account/pre-register` through the package's
 * one HTTP client (`send`), and answers in the service's error shape
 * `{ error, error_description?, error_details? }`, so that the element reads
 * it with its one parser.
 *
 * Nothing here logs a request body, a profile field, the client secret or
 * the Authorization header: log lines name statuses, codes, parameter names
 * and the client id, each cleaned by `logSafe` so that no value can forge a
 * line.
 */
import {
  absoluteUrl,
  inviteRequest,
  type FieldError,
  type InviteRequest,
  type PreRegisterRequest,
  type PreRegisterResponse,
} from '../api/contract.js';
import { checkBaseDomain, checkEndpoints, endpointUrl } from '../api/endpoints.js';
import { DEFAULT_RETRY_AFTER_SECONDS, type JourneyErrorInit } from '../api/errors.js';
import { E164_PATTERN, EMAIL_PATTERN } from '../api/patterns.js';
import { send } from '../api/transport.js';
import {
  MAX_BODY_BYTES,
  base64Utf8,
  errorResponse,
  isJsonContentType,
  jsonResponse,
  logSafe,
  originAllowed,
  invalidRequest,
  readJsonObject,
  tooLarge,
  safeLogger,
  type ErrorDetails,
} from './http.js';
import { isRedirectRefusal } from './upstream.js';

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
   * The `redirect_uri` of the call (the service requires one): where the
   * invitation's activation leads. It must be in the client's
   * `redirect_uri` allowlist at the service. Used when the form names none
   * (`<nid-invite-form>` without `redirect-uri`). Required unless
   * `allowedRedirectUris` is given.
   */
  redirectUri?: string | undefined;
  /**
   * Other `redirect_uri` values a form may name (exact match), e.g. one per
   * application the administrator can invite to. A form naming any other
   * value is refused with 400 `invalid_request`. Without `redirectUri`, every
   * form must name one of these.
   */
  allowedRedirectUris?: readonly string[] | undefined;
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
   * Receives one line per operator-relevant failure (the service refusing
   * the helper's credentials or parameters, a 5xx, a redirect, a timeout, an
   * unreachable service, a 429, `authorize` throwing). Lines hold no secret
   * and no request data, and no control characters; `cause` is what
   * `authorize` threw, for a logger of your choice. Default:
   * `console.warn(line)`.
   */
  log?: ((line: string, cause?: unknown) => void) | undefined;
}

/** Default wait for the service (see `timeoutMs`). */
export const DEFAULT_SERVER_TIMEOUT_MS = 10_000;

/**
 * The field message for an identifier that already has an account (section
 * 8). The element knows this text (`serviceMessageCodes`: `already_exists`)
 * and words it in the administrator's language.
 */
export const ALREADY_EXISTS_MESSAGE = 'An account with this identifier already exists.';

interface HandlerConfig {
  clientId: string;
  /** The whole `Authorization` header value, computed once. */
  authorization: string;
  url: string;
  /** The default `redirect_uri`, if any. */
  redirectUri: string | undefined;
  /** Every `redirect_uri` a request may name: `redirectUri` and `allowedRedirectUris`. */
  redirectUris: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  authorize: Authorize;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  log: (line: string, cause?: unknown) => void;
}

const PREFIX = 'nid-journeys/server:';
const GENERIC_FAILURE = 'The invitation could not be sent right now. Please try again later.';
/** The service's own description of a 422 `invalid_form_fields`. */
const FORM_FIELDS_DESCRIPTION = 'some inputs are invalid';
/** Keys the helper sets from its own configuration: a browser sending them is trying to choose. */
const HELPER_KEYS: ReadonlySet<string> = new Set(['client_id', 'grant_type']);
/** Names of credentials (the element refuses the same ones as attributes and properties). */
const CREDENTIAL_NAME = /secret|passw(or)?d|credential|api[-_]?key|authorization/i;
/** The identifier profile fields, and the format a well-formed value has. */
const IDENTIFIER_FORMATS: ReadonlyMap<string, RegExp> = new Map([
  ['emailAddress', EMAIL_PATTERN],
  ['mobileNumber', E164_PATTERN],
]);
/** Longest field message relayed to the browser, in code points. */
const MAX_RELAYED_MESSAGE = 500;
/** At most this many parameter names in one log line. */
const MAX_LOGGED_PARAMETERS = 20;

function configError(message: string): Error {
  return new Error(`${PREFIX} createPreRegisterHandler: ${message}`);
}

const isAbsolute = (value: unknown): value is string => absoluteUrl.safeParse(value).success;

/** Checks everything once, at creation: a misconfigured helper must fail at start-up, not per request. */
function configure(options: PreRegisterHandlerOptions): HandlerConfig {
  if (options === null || typeof options !== 'object') throw configError('pass an options object.');
  const { clientId, clientSecret, redirectUri, allowedRedirectUris } = options;
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
  if (redirectUri !== undefined && !isAbsolute(redirectUri)) {
    throw configError('`redirectUri` must be an absolute URL (one in the client\'s redirect_uri allowlist).');
  }
  if (allowedRedirectUris !== undefined && (!Array.isArray(allowedRedirectUris) || !allowedRedirectUris.every(isAbsolute))) {
    throw configError('`allowedRedirectUris` must be a list of absolute URLs (each in the client\'s redirect_uri allowlist).');
  }
  if (redirectUri === undefined && (allowedRedirectUris ?? []).length === 0) {
    throw configError(
      '`redirectUri` is required (or a non-empty `allowedRedirectUris`): the service refuses a pre-register ' +
        'call without redirect_uri. Give the URL the activation leads to, as listed in the client\'s redirect_uri allowlist.',
    );
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
    redirectUri,
    redirectUris: new Set([...(redirectUri !== undefined ? [redirectUri] : []), ...(allowedRedirectUris ?? [])]),
    allowedOrigins: new Set((options.allowedOrigins ?? []).map(originOf)),
    authorize: options.authorize,
    fetch: options.fetch,
    timeoutMs,
    // The whole line once more through logSafe: one line comes out, whatever went in. A logger
    // that throws must not turn an answer into an unhandled rejection.
    log: safeLogger(options.log),
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

const serverError = (status: 500 | 502) => errorResponse(status, 'server_error', GENERIC_FAILURE);

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
  const value = await readJsonObject(request);
  if (value instanceof Response) return value;
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

/**
 * The `redirect_uri` of the call: the one the form named when it is
 * `redirectUri` or in `allowedRedirectUris` (exact match), else
 * `redirectUri`. A form naming another one, or none when there is no
 * default, is refused: the value is never echoed or logged.
 */
function chooseRedirectUri(config: HandlerConfig, invite: InviteRequest): string | Response {
  const asked = invite.redirect_uri;
  if (asked === undefined) {
    if (config.redirectUri !== undefined) return config.redirectUri;
    config.log(`${PREFIX} pre-register: the form named no redirect_uri and redirectUri is not set; answered 400.`);
    return invalidRequest('Missing parameter: redirect_uri (this route has no default).');
  }
  if (config.redirectUris.has(asked)) return asked;
  config.log(`${PREFIX} pre-register: the form named a redirect_uri that is neither redirectUri nor in allowedRedirectUris; answered 400.`);
  return invalidRequest('The redirect_uri is not one this route accepts.');
}

/** What the helper saw of the call besides what `send` returns: for the operator's log line only. */
interface UpstreamTrace {
  /** The service's own `error` string, as it sent it (cleaned before it is logged). */
  error?: string;
  /** What fetch threw (a network failure). */
  thrown?: unknown;
  /** The answer was a redirect, or came through one. */
  redirect?: boolean;
}

function upstreamError(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: nothing to name
  }
  return undefined;
}

/**
 * The fetch `send` calls: the configured one (or the global one at call
 * time), observed, so that the log line can name what `send` folds into
 * its result: the class of a network failure, a refused redirect, the
 * service's raw `error` string. A 3xx answer (`redirect: "manual"` hands it
 * over), or one that came through a redirect (a fetch that ignored
 * `redirect: "manual"`), is refused as a network failure.
 */
function observedFetch(config: HandlerConfig, trace: UpstreamTrace): typeof fetch {
  return async (input, init) => {
    const doFetch = config.fetch ?? globalThis.fetch;
    try {
      const response = await doFetch(input, init);
      const redirect = response.status >= 300 && response.status < 400;
      if (redirect || response.redirected || response.type === 'opaqueredirect') {
        // Never followed: the Basic credentials or the body would go elsewhere.
        trace.redirect = true;
        await response.body?.cancel().catch(() => undefined);
        throw new TypeError('The identity service answered with a redirect.');
      }
      if (response.ok) return response;
      // Read here (under the same abort signal) to see the service's error string; `send` gets a copy.
      const text = await response.text();
      trace.error = upstreamError(text);
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (reason) {
      trace.thrown ??= reason;
      throw reason;
    }
  };
}

/** `Error`'s class and, for Node's fetch, the cause's code (`ECONNREFUSED`): never a message. */
function failureName(reason: unknown): string {
  if (!(reason instanceof Error)) return typeof reason;
  const cause: unknown = reason.cause;
  const code = cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code === undefined ? logSafe(reason.name) : `${logSafe(reason.name)}: ${logSafe(code)}`;
}

/** `HTTP 422, error "invalid_parameters" (read as invalid_request)`. */
function answerName(status: number, trace: UpstreamTrace, code: string): string {
  const raw = trace.error === undefined ? 'no error code' : `error "${logSafe(trace.error)}"`;
  return `HTTP ${status}, ${raw} (read as ${logSafe(code)})`;
}

/** `parameters: redirect_uri (missing), client_id (invalid)`: names and the kind of problem, never a value. */
function parameterNames(error: JourneyErrorInit): string {
  const entries = Object.entries(error.details ?? {});
  if (entries.length === 0) return '';
  const named = entries.slice(0, MAX_LOGGED_PARAMETERS).map(([name, problem]) => `${logSafe(name)} (${logSafe(problem)})`);
  const more = entries.length > MAX_LOGGED_PARAMETERS ? `, and ${entries.length - MAX_LOGGED_PARAMETERS} more` : '';
  return `; parameters: ${named.join(', ')}${more}`;
}

/** What the operator should check, by the status the service answered. */
function hintFor(status: number): string {
  if (status === 401) return 'check clientId and clientSecret';
  if (status === 403) return 'check clientId and clientSecret (the service answers 403 for a client_id it does not know)';
  if (status === 404 || status === 405) return 'check baseDomain and endpoints.preRegister';
  if (status === 422) return "check redirectUri / allowedRedirectUris and the client's configuration at the service (its profile fields)";
  return 'the request this helper builds was refused; check the configuration';
}

/**
 * The field messages of a 422 `invalid_form_fields`, rebuilt from the
 * parsed fields (never the service's raw body). A message on an identifier
 * (`emailAddress`, `mobileNumber`) that is not about its format, for a value
 * that is well-formed, means the account exists (section 8): it becomes
 * {@link ALREADY_EXISTS_MESSAGE}.
 */
function fieldDetails(fields: readonly FieldError[], invite: InviteRequest): ErrorDetails {
  const details = new Map<string, string[]>();
  for (const field of fields) {
    const name = logSafe(field.name);
    if (name === '') continue;
    const format = IDENTIFIER_FORMATS.get(field.name);
    const sent = Object.hasOwn(invite.profile_fields, field.name) ? invite.profile_fields[field.name] : undefined;
    const exists =
      format !== undefined &&
      field.code !== 'invalid_format' &&
      !/format/i.test(field.message ?? '') &&
      sent !== undefined &&
      format.test(sent);
    const message = exists ? ALREADY_EXISTS_MESSAGE : logSafe(field.message ?? field.code, MAX_RELAYED_MESSAGE);
    const messages = details.get(name) ?? [];
    if (!messages.includes(message)) messages.push(message);
    details.set(name, messages);
  }
  return Object.fromEntries(details);
}

/**
 * The service's failure, as the browser gets it. Only what the
 * administrator can act on goes through: field messages (422) and a rate
 * limit (429). Everything else means the helper or the service is at
 * fault: a generic 502 (504 for a timeout) and one log line for the
 * operator.
 */
function relay(config: HandlerConfig, error: JourneyErrorInit, trace: UpstreamTrace, invite: InviteRequest): Response {
  const status = error.status ?? 0;
  const client = `client_id "${logSafe(config.clientId, 100)}"`;
  switch (error.kind) {
    case 'timeout':
      config.log(`${PREFIX} pre-register: no answer from the identity service within ${config.timeoutMs} ms; answered 504.`);
      return errorResponse(504, 'timeout', 'The identity service did not answer in time. Please try again.');
    case 'config':
      // The body built in `handle` did not pass preRegisterRequest: a bug here, not the caller's.
      config.log(`${PREFIX} pre-register: the request built for the identity service did not match the contract; answered 500.`);
      return serverError(500);
    case 'malformed':
      config.log(`${PREFIX} pre-register: unreadable answer from the identity service (HTTP ${status}, not {"uuid"}); answered 502.`);
      return serverError(502);
    case 'http':
      break;
    default:
      // network failure (a refused redirect included), an abort
      if (trace.redirect || isRedirectRefusal(trace.thrown)) {
        config.log(
          `${PREFIX} pre-register: the identity service answered with a redirect, which this helper refuses to follow ` +
            `(${failureName(trace.thrown)}): check baseDomain and endpoints.preRegister. Answered 502.`,
        );
      } else {
        config.log(`${PREFIX} pre-register: could not reach the identity service (${failureName(trace.thrown)}); answered 502.`);
      }
      return serverError(502);
  }

  if (status === 422 && error.code === 'invalid_form_fields') {
    // The administrator's input: each message on its field, nothing for the operator.
    return errorResponse(422, 'invalid_form_fields', FORM_FIELDS_DESCRIPTION, { details: fieldDetails(error.fields ?? [], invite) });
  }
  if (status === 429) {
    const retryAfter = error.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS;
    config.log(`${PREFIX} pre-register: the identity service rate-limited ${client} (HTTP 429); answered 429, Retry-After ${retryAfter}.`);
    return errorResponse(429, 'rate_limited', 'Too many invitations right now. Please try again later.', {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
  if (status >= 500) {
    // The service's body is not relayed: it is not written for the browser.
    config.log(`${PREFIX} pre-register: the identity service failed for ${client}: ${answerName(status, trace, error.code)}. Answered 502.`);
    return serverError(502);
  }
  // 422 invalid_parameters (an integration problem), 400, 401, 403, 404, 405, 413, 415 and any
  // other status: the helper is misconfigured.
  config.log(
    `${PREFIX} pre-register: the identity service refused the call for ${client}: ` +
      `${answerName(status, trace, error.code)}${parameterNames(error)}. ${hintFor(status)}. Answered 502.`,
  );
  return serverError(502);
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
  if (!originAllowed(request, config.allowedOrigins)) {
    return errorResponse(403, 'invalid_request', 'Requests from this origin are not accepted.');
  }

  let allowed: unknown;
  try {
    allowed = await config.authorize(request);
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : typeof cause;
    // Its message is not logged: integrator code may put request data (a session id) in it.
    config.log(`${PREFIX} pre-register: authorize threw (${logSafe(name)}); answered 500.`, cause);
    return serverError(500);
  }
  if (allowed !== true) {
    // access_denied (RFC 6749's word for a refusal): the person is signed out or may not invite.
    // The element shows its own localized text for it; the description is for other clients.
    return errorResponse(403, 'access_denied', 'You are not allowed to send invitations. Sign in again, then retry.');
  }

  const invite = await readInvite(request);
  if (invite instanceof Response) return invite;
  const redirectUri = chooseRedirectUri(config, invite);
  if (redirectUri instanceof Response) return redirectUri;

  const body: PreRegisterRequest = {
    profile_fields: invite.profile_fields,
    client_id: config.clientId,
    locale: invite.locale,
    auth_type: invite.auth_type,
    // Documented as required (its value is not checked): the key must be there.
    grant_type: 'password',
    redirect_uri: redirectUri,
    resend: invite.resend,
  };
  const trace: UpstreamTrace = {};
  const result = await send({
    endpoint: 'preRegister',
    url: config.url,
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: config.authorization,
    },
    body,
    timeoutMs: config.timeoutMs,
    fetch: observedFetch(config, trace),
    // A redirect would carry the Basic credentials elsewhere (or drop them): never followed. "manual", not
    // "error": Workers refuse "error" at every compatibility date; observedFetch refuses the 3xx.
    init: { redirect: 'manual' },
  });
  if (!result.ok) return relay(config, result.error, trace, invite);
  // 201 (created) and 200 (an account that exists, now linked to the client) alike.
  const answer: PreRegisterResponse = { uuid: (result.data as PreRegisterResponse).uuid };
  return jsonResponse(200, answer);
}

/**
 * Creates the integrator's invite route: a Fetch API handler that receives
 * what `<nid-invite-form>` posts, checks it and calls the service's
 * `POST /idp/v1/account/pre-register` (contract v2 section 8) with the
 * client's Basic credentials, which never reach a browser.
 *
 * Per request: `POST` only (405), `Content-Type: application/json` (415), a
 * body of at most 64 KB (413), an `Origin` that is the route's own or in
 * `allowedOrigins` (or, for an opaque `Origin: null`,
 * `Sec-Fetch-Site: same-origin`) (403), then `authorize(request)` (403
 * `access_denied` unless it returns `true`), then the body against the
 * element's schema, without credentials or `client_id` / `grant_type`
 * (400 `invalid_request`), then its `redirect_uri`, which must be
 * `redirectUri` or in `allowedRedirectUris` (400 `invalid_request`).
 *
 * The call: `{ profile_fields, client_id, locale, auth_type,
 * grant_type: "password", redirect_uri, resend }`, with `redirect: "manual"`
 * (a redirect is never followed: a 3xx answers 502). Answers, in the service's error shape:
 * - 201 or 200 `{ uuid }` → 200 `{ uuid }`;
 * - 422 `invalid_form_fields` → 422 with `error_details` `{ field: [message] }`;
 *   on `emailAddress` / `mobileNumber`, other than a format error, the
 *   message is "An account with this identifier already exists.";
 * - 429 → 429 `rate_limited` with `Retry-After` (seconds);
 * - 422 `invalid_parameters`, 400, 401, 403, 404, 405, 413, 415, any other
 *   status, a 5xx (its body not relayed), a redirect, a network failure or
 *   an unreadable answer → 502 `server_error` with generic text, and one
 *   log line for the operator;
 * - no answer within `timeoutMs` → 504 `timeout`.
 *
 * Throws at once when `authorize` is missing, when neither `redirectUri`
 * nor a non-empty `allowedRedirectUris` is given, or when any option is
 * invalid.
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
      config.log(`${PREFIX} pre-register: unexpected ${cause instanceof Error ? logSafe(cause.name) : 'error'}; answered 500.`);
      return serverError(500);
    }
  };
}
