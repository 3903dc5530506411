/**
 * Where requests go: the base domain rule, endpoint overrides, `env_id`, and
 * the integrator's own URLs. Free of zod: the elements check their
 * configuration with it at render time, the transport chunk builds its URLs
 * with it.
 */
import { defaultEndpoints, type EndpointName, type Endpoints } from './vocabulary.js';

/** Hosts where `http:` is allowed: a developer's own machine. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The base domain must be an absolute `https:` URL; `http:` only on loopback.
 * No credentials, query or fragment: the paths of the contract are appended.
 */
export function checkBaseDomain(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) return undefined;
  return url;
}

/**
 * A URL of the integrator's own (the invite form's `action`, `settings-src`):
 * relative to the page or absolute. `https:`, or `http:` on the page's own
 * origin or on loopback (local development); never credentials in the URL.
 */
export function checkIntegratorUrl(value: unknown, base: string | undefined = globalThis.document?.baseURI): URL | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  let pageOrigin: string | undefined;
  try {
    url = new URL(value.trim(), base);
    pageOrigin = base === undefined ? undefined : new URL(base).origin;
  } catch {
    return undefined;
  }
  const sameOrigin = pageOrigin === url.origin;
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && (sameOrigin || LOOPBACK_HOSTS.has(url.hostname)));
  if (!secure || url.username || url.password) return undefined;
  url.hash = '';
  return url;
}

/**
 * The endpoints with their overrides applied; undefined when an override is
 * not a path on the base domain (`https://evil.example/x`, `//evil`, `x`) or
 * would climb out of it (`/a/../b`, also percent-encoded).
 */
export function checkEndpoints(overrides: unknown): Endpoints | undefined {
  const endpoints: Endpoints = { ...defaultEndpoints };
  if (overrides == null) return endpoints;
  if (typeof overrides !== 'object') return undefined;
  for (const [name, path] of Object.entries(overrides)) {
    if (!Object.hasOwn(defaultEndpoints, name) || path === undefined) continue;
    if (typeof path !== 'string' || !/^\/(?!\/)[^\\?#\s]*$/.test(path)) return undefined;
    const segments = path.split('/').map((segment) => segment.replace(/%2e/gi, '.'));
    if (segments.some((segment) => segment === '.' || segment === '..')) return undefined;
    endpoints[name as EndpointName] = path;
  }
  return endpoints;
}

/** `env_id`: letters, digits, `-` and `_`; anything else would not be an environment id. */
export const ENV_ID_PATTERN = /^[\w-]{1,128}$/;

/**
 * The absolute URL of a service call, with `?env_id=` when the organisation
 * uses a shared vendor domain (contract section 1).
 */
export function endpointUrl(base: URL, endpoints: Endpoints, endpoint: EndpointName, envId?: string): string {
  // The base's own query (a relay's `api-base` may have one) is dropped: the path goes after its path.
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${endpoints[endpoint]}`);
  if (envId) url.searchParams.set('env_id', envId);
  return url.href;
}
