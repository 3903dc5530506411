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
import { bearer } from './bearer.js';
import {
  anyObject,
  changePasswordRequest,
  clientSettings,
  forgotPasswordRequest,
  inviteRequest,
  preRegisterRequest,
  preRegisterResponse,
  registerRequest,
  registerResponse,
  resendVerificationRequest,
  tokenRequest,
  tokenResponse,
  type ClientSettings,
} from './contract.js';
import { checkBaseDomain, checkEndpoints, checkIntegratorUrl, endpointUrl, ENV_ID_PATTERN } from './endpoints.js';
import type { JourneyErrorInit } from './errors.js';
import { errorFromResponse } from './response-errors.js';
import type { Endpoints, RouteName } from './vocabulary.js';

export { errorFromResponse } from './response-errors.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

/** What each route sends and answers: the schemas that check both directions. */
export const endpointSchemas: Record<RouteName, { request?: ZodMiniType; response: ZodMiniType }> = {
  register: { request: registerRequest, response: registerResponse },
  resendVerification: { request: resendVerificationRequest, response: anyObject },
  forgotPassword: { request: forgotPasswordRequest, response: anyObject },
  token: { request: tokenRequest, response: tokenResponse },
  changePassword: { request: changePasswordRequest, response: anyObject },
  preRegister: { request: preRegisterRequest, response: preRegisterResponse },
  // The integrator's route relays /pre-register's answer.
  invite: { request: inviteRequest, response: preRegisterResponse },
  // Checked key by key afterwards (sanitiseSettings): one bad key must not lose the others.
  settings: { response: anyObject },
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
  /** Extra fetch options: the server side never follows a redirect (`redirect: 'manual'`, then refuses the 3xx). */
  init?: Pick<RequestInit, 'redirect' | 'cache' | 'credentials'>;
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
 * nothing is sent), the answer must be a JSON object that passes its response
 * schema. An empty 2xx body reads as `{}`.
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
        ...request.init,
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        signal: timeout.signal,
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
  /**
   * Relay mode (contract section 1): the integrator's own route (relative to
   * the page, or absolute) that forwards the same calls to the service; the
   * documented paths are appended to it, and `env_id` is the relay's business.
   */
  apiBase?: string | undefined;
  /** `?env_id=` on every service call (shared vendor domains). */
  envId?: string | undefined;
  /** The integrator's route for `invite` (the invite form's `action`), relative to the page or absolute. */
  action?: string | undefined;
  /** The integrator's settings JSON (`settings-src`), relative to the page or absolute. */
  settingsSrc?: string | undefined;
  endpoints?: Partial<Endpoints> | undefined;
  timeoutMs?: number | undefined;
  /** Transport override (Storybook, tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
}

export interface CallOptions {
  /** A JSON body makes it a POST; without one it is a GET. */
  body?: unknown;
  /** Aborts the request, typically when the owning element is disconnected. */
  signal?: AbortSignal | undefined;
  /** change-password's access token (contract section 5): the one credential a browser sends. */
  accessToken?: string | undefined;
}

/**
 * Calls a route: JSON POST (or GET), `Accept` and `Content-Type` JSON, the
 * timeout, no cache. A bad base domain, `env-id` or endpoint override sends
 * nothing.
 */
export function call(config: ApiConfig, route: RouteName, options: CallOptions = {}): Promise<TransportResult> {
  const target = routeUrl(config, route);
  if (typeof target !== 'string') return Promise.resolve(fail({ kind: 'config', code: 'invalid_config', description: target.problem }));
  const post = options.body !== undefined;
  const timeout = config.timeoutMs;
  return send({
    endpoint: route,
    url: target,
    method: post ? 'POST' : 'GET',
    headers: {
      Accept: 'application/json',
      ...(post ? { 'Content-Type': 'application/json' } : {}),
      ...(options.accessToken !== undefined ? bearer(options.accessToken) : {}),
    },
    body: options.body,
    timeoutMs: typeof timeout === 'number' && timeout > 0 && Number.isFinite(timeout) ? timeout : DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    fetch: config.fetch,
    init: { cache: 'no-store' },
  });
}

/** The URL of a route, or which part of the configuration is wrong. */
function routeUrl(config: ApiConfig, route: RouteName): string | { problem: string } {
  if (route === 'invite') return checkIntegratorUrl(config.action)?.href ?? { problem: 'action' };
  if (route === 'settings') return checkIntegratorUrl(config.settingsSrc)?.href ?? { problem: 'settings-src' };
  const endpoints = checkEndpoints(config.endpoints);
  if (config.apiBase) {
    const relay = checkIntegratorUrl(config.apiBase);
    if (!relay) return { problem: 'api-base' };
    if (!endpoints) return { problem: 'endpoints' };
    return endpointUrl(relay, endpoints, route);
  }
  const base = checkBaseDomain(config.baseDomain);
  if (!base) return { problem: 'base-domain' };
  if (!endpoints) return { problem: 'endpoints' };
  const envId = config.envId || undefined;
  if (envId !== undefined && !ENV_ID_PATTERN.test(envId)) return { problem: 'env-id' };
  return endpointUrl(base, endpoints, route, envId);
}

/** Keeps only the valid keys of a settings object (the `settings` property or `settings-src`'s answer). */
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
