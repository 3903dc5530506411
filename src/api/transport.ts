/**
 * The transport chunk: the contract's zod schemas and the one place that
 * talks HTTP, validates what goes out and what comes back, and normalises
 * failures. It is loaded lazily (`load-transport.ts`), so pages pay for zod
 * only when a journey talks to the service; the server helper imports it
 * directly.
 *
 * It returns plain results rather than throwing: the caller turns an error
 * into its own `JourneyError`, so the script-tag bundle and this separately
 * loaded chunk never need to share a class.
 */
import type { ZodMiniType } from 'zod/mini';
import {
  acceptedResponse,
  activateRequest,
  activateResponse,
  clientSettings,
  errorBody,
  forgotPasswordRequest,
  inviteRequest,
  preRegisterRequest,
  preRegisterResponse,
  registerRequest,
  registerResponse,
  resendActivationRequest,
  resetPasswordRequest,
  resetPasswordResponse,
  type ClientSettings,
} from './contract.js';
import { checkAction, checkBaseDomain, checkEndpoints, endpointUrl, randomId } from './endpoints.js';
import { DEFAULT_RETRY_AFTER_SECONDS, parseRetryAfter, type JourneyErrorInit } from './errors.js';
import type { Endpoints, RouteName } from './vocabulary.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

/** What each route sends and answers: the schemas that check both directions. */
export const endpointSchemas: Record<RouteName, { request?: ZodMiniType; response: ZodMiniType }> = {
  register: { request: registerRequest, response: registerResponse },
  activate: { request: activateRequest, response: activateResponse },
  resendActivation: { request: resendActivationRequest, response: acceptedResponse },
  forgotPassword: { request: forgotPasswordRequest, response: acceptedResponse },
  resetPassword: { request: resetPasswordRequest, response: resetPasswordResponse },
  preRegister: { request: preRegisterRequest, response: preRegisterResponse },
  // The integrator's route relays /pre-register's answer.
  invite: { request: inviteRequest, response: preRegisterResponse },
  clientSettings: { response: clientSettings },
};

export interface TransportRequest {
  endpoint: RouteName;
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Aborts the request (the owning element was removed). */
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch | undefined;
}

export type TransportResult = { ok: true; data: unknown } | { ok: false; error: JourneyErrorInit };

const fail = (error: JourneyErrorInit): TransportResult => ({ ok: false, error });

/** Combines the caller's signal with the timeout; AbortSignal.any is not everywhere yet. */
function withTimeout(signal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The request timed out.', 'TimeoutError'));
  }, timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

const codeByStatus: Record<number, string> = { 429: 'rate_limited', 503: 'service_unavailable' };

/**
 * A non-2xx answer as an error. The body is read as the contract's error
 * shape when it is one; anything else (HTML from a proxy, garbage) falls back
 * to a code derived from the status.
 */
export function errorFromResponse(status: number, bodyText: string, retryAfterHeader: string | null): JourneyErrorInit {
  let body: ReturnType<typeof errorBody.parse> | undefined;
  try {
    const parsed = errorBody.safeParse(JSON.parse(bodyText));
    body = parsed.success ? parsed.data : undefined;
  } catch {
    body = undefined;
  }
  const retryAfter =
    status === 429 ? (parseRetryAfter(retryAfterHeader) ?? DEFAULT_RETRY_AFTER_SECONDS) : parseRetryAfter(retryAfterHeader);
  return {
    kind: 'http',
    status,
    code: body?.error ?? codeByStatus[status] ?? (status >= 500 ? 'server_error' : 'http_error'),
    ...(body?.fields ? { fields: body.fields } : {}),
    ...(body?.error_description !== undefined ? { description: body.error_description } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/**
 * What `fetch` threw, as a timeout, an abort or a network failure. The
 * caller's signal decides "aborted", whatever reason it was aborted with.
 */
export function errorFromFetchFailure(reason: unknown, timedOut: boolean, callerAborted = false): JourneyErrorInit {
  if (timedOut || (reason instanceof DOMException && reason.name === 'TimeoutError')) return { kind: 'timeout', code: 'timeout' };
  if (callerAborted || (reason instanceof DOMException && reason.name === 'AbortError')) return { kind: 'aborted', code: 'aborted' };
  return { kind: 'network', code: 'network_error' };
}

/**
 * Sends one request: the body must pass its endpoint's request schema (else
 * nothing is sent), the answer must pass its response schema. An empty 2xx
 * body reads as `{}`.
 */
export async function send(request: TransportRequest): Promise<TransportResult> {
  const schemas = endpointSchemas[request.endpoint];
  if (request.body !== undefined && schemas.request && !schemas.request.safeParse(request.body).success) {
    return fail({ kind: 'config', code: 'invalid_config', description: 'request body' });
  }
  const timeout = withTimeout(request.signal, request.timeoutMs);
  const doFetch = request.fetch ?? globalThis.fetch;
  try {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: timeout.signal,
        cache: 'no-store',
      });
      text = await response.text();
    } catch (reason) {
      return fail(errorFromFetchFailure(reason, timeout.timedOut, request.signal?.aborted));
    }
    if (!response.ok) return fail(errorFromResponse(response.status, text, response.headers.get('Retry-After')));
    let json: unknown;
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return fail({ kind: 'malformed', code: 'malformed_response', status: response.status });
    }
    const parsed = schemas.response.safeParse(json);
    return parsed.success ? { ok: true, data: parsed.data } : fail({ kind: 'malformed', code: 'malformed_response', status: response.status });
  } finally {
    timeout.dispose();
  }
}

/** Where and how to reach the service. */
export interface ApiConfig {
  baseDomain: string;
  /** The integrator's route for `invite` (the invite form's `action`), relative to the page or absolute. */
  action?: string | undefined;
  endpoints?: Partial<Endpoints> | undefined;
  timeoutMs?: number | undefined;
  /** Transport override (Storybook, tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
}

export interface CallOptions {
  /** A JSON body makes it a POST; without one it is a GET. */
  body?: unknown;
  /** Placeholder values of the path (`{client_id}`). */
  params?: Record<string, string>;
  /** Aborts the request, typically when the owning element is disconnected. */
  signal?: AbortSignal | undefined;
  /** Reused by the caller when the same submission is retried; a new one otherwise. */
  idempotencyKey?: string | undefined;
}

/**
 * Calls an endpoint of the contract: JSON POST (or GET), `Accept` and
 * `Content-Type` JSON, an Idempotency-Key on every POST, the timeout. A bad
 * base domain or endpoint override sends nothing.
 */
export function call(config: ApiConfig, endpoint: RouteName, options: CallOptions = {}): Promise<TransportResult> {
  const target = routeUrl(config, endpoint, options.params);
  if (typeof target !== 'string') return Promise.resolve(fail({ kind: 'config', code: 'invalid_config', description: target.problem }));
  const url = target;
  const post = options.body !== undefined;
  const timeout = config.timeoutMs;
  return send({
    endpoint,
    url,
    method: post ? 'POST' : 'GET',
    headers: {
      Accept: 'application/json',
      ...(post ? { 'Content-Type': 'application/json', 'Idempotency-Key': options.idempotencyKey ?? randomId() } : {}),
    },
    body: options.body,
    timeoutMs: typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout) ? timeout : DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    fetch: config.fetch,
  });
}

/** The URL of a route, or which part of the configuration is wrong. */
function routeUrl(config: ApiConfig, route: RouteName, params: Record<string, string> | undefined): string | { problem: string } {
  if (route === 'invite') return checkAction(config.action)?.href ?? { problem: 'action' };
  const base = checkBaseDomain(config.baseDomain);
  const endpoints = checkEndpoints(config.endpoints);
  const url = base && endpoints ? endpointUrl(base, endpoints, route, params) : undefined;
  return url ?? { problem: !base ? 'base-domain' : !endpoints ? 'endpoints' : 'path parameters' };
}

/** Keeps only the valid keys of a settings object (the `settings` property or a fetched answer). */
export function sanitiseSettings(value: unknown): ClientSettings {
  if (!value || typeof value !== 'object') return {};
  const whole = clientSettings.safeParse(value);
  if (whole.success) return whole.data;
  // Keep every key that is valid on its own rather than dropping everything for one bad key.
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const single = clientSettings.safeParse({ [key]: item });
    if (single.success && key in single.data) kept[key] = (single.data as Record<string, unknown>)[key];
  }
  return kept as ClientSettings;
}
