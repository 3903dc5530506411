/**
 * One identity service as oauth4webapi needs it: the checked base domain, the
 * public client, the options every request gets (the timeout, the fetch to
 * use, plain `http:` on loopback only), and discovery.
 */
import {
  allowInsecureRequests,
  customFetch,
  discoveryRequest,
  processDiscoveryResponse,
  type AuthorizationServer,
  type Client,
} from 'oauth4webapi';
import { LOOPBACK_HOSTS, checkBaseDomain } from '../api/endpoints.js';
import { OAuthJourneyError, step } from './errors.js';

/** Every request to the service is given up after this long, unless `timeout` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ServiceOptions {
  /** The service, e.g. `https://id.eu.nextreason.com`: `https:`, or `http:` on localhost only. */
  baseDomain: string;
  clientId: string;
  /** A fetch to use instead of the global one (tests, a router's instrumented fetch, an edge runtime's). */
  fetch?: typeof fetch;
  /** Milliseconds each request may take before it fails with `network` (default 10 000). */
  timeout?: number;
}

/** The request options oauth4webapi takes (the timeout, the fetch, loopback `http:`). */
export interface HttpOptions {
  signal: () => AbortSignal;
  [customFetch]: (url: string, init: RequestInit) => Promise<Response>;
  [allowInsecureRequests]: boolean;
}

export interface Service {
  /** The issuer the discovery document must name: the base domain without a trailing slash in its path. */
  issuer: URL;
  client: Client;
  http: HttpOptions;
  /** Plain `http:` is in use (a loopback base domain). */
  insecure: boolean;
  /** `{base}/<path>`: the base domain's path with `path` after it. */
  url(path: string): URL;
}

/** Throws a TypeError naming the option: these are the integrator's mistakes, not a journey's failure. */
export function invalid(option: string, rule: string): never {
  throw new TypeError(`nid-journeys/oauth: ${option} ${rule}`);
}

export function nonEmpty(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(option, 'must be a non-empty string');
  return value;
}

/** `https:`, or `http:` on a loopback host when the base domain itself is one. */
export function allowedUrl(url: URL, insecure: boolean): boolean {
  return url.protocol === 'https:' || (insecure && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

export function service(options: ServiceOptions): Service {
  const base = checkBaseDomain(options?.baseDomain);
  if (!base) invalid('baseDomain', 'must be an https: URL (http: only on localhost, 127.0.0.1 or [::1]), without credentials, query or fragment');
  const clientId = nonEmpty(options.clientId, 'clientId');
  const fetchOption = options.fetch;
  if (fetchOption !== undefined && typeof fetchOption !== 'function') invalid('fetch', 'must be a function');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) invalid('timeout', 'must be a positive number of milliseconds');
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const insecure = base.protocol === 'http:';
  return {
    issuer: new URL(root),
    // A public client: the code is bound to the PKCE verifier, there is no secret.
    client: { client_id: clientId, token_endpoint_auth_method: 'none' },
    insecure,
    url: (path) => new URL(`${root}${path}`),
    http: {
      signal: () => AbortSignal.timeout(timeout),
      // Called as a plain function (oauth4webapi calls it as a method of the options, which `window.fetch` refuses).
      [customFetch]: (url, init) => {
        // With a loopback base domain oauth4webapi must allow http:, but only loopback http: (the discovery document names the endpoints).
        if (!allowedUrl(new URL(url), insecure)) return Promise.reject(new OAuthJourneyError('token_error', { detail: 'insecure_endpoint' }));
        return (fetchOption ?? globalThis.fetch)(url, init);
      },
      [allowInsecureRequests]: insecure,
    },
  };
}

/** `{base}/.well-known/openid-configuration`, whose `issuer` must be the base domain. */
export async function discover(service: Service): Promise<AuthorizationServer> {
  const response = await step('discovery', () => discoveryRequest(service.issuer, service.http));
  return step('discovery', () => processDiscoveryResponse(service.issuer, response));
}
