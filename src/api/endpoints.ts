/**
 * Where requests go: the base domain rule, endpoint overrides and URLs, and
 * Idempotency-Keys. Free of zod: the elements check their configuration with
 * it at render time, the transport chunk builds its URLs with it.
 */
import { defaultEndpoints, type EndpointName, type Endpoints } from './vocabulary.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

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
 * The invite form's `action`: the integrator's own route, relative to the
 * page or absolute. `https:`, or `http:` on the page's own origin or on
 * loopback (local development); never credentials in the URL.
 */
export function checkAction(value: unknown, base: string | undefined = globalThis.document?.baseURI): URL | undefined {
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
 * not a path on the base domain (`https://evil.example/x`, `//evil`, `x`).
 */
export function checkEndpoints(overrides: unknown): Endpoints | undefined {
  const endpoints: Endpoints = { ...defaultEndpoints };
  if (overrides == null) return endpoints;
  if (typeof overrides !== 'object') return undefined;
  for (const [name, path] of Object.entries(overrides)) {
    if (!Object.hasOwn(defaultEndpoints, name) || path === undefined) continue;
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return undefined;
    endpoints[name as EndpointName] = path;
  }
  return endpoints;
}

/**
 * The absolute URL of an endpoint; `{client_id}`-style placeholders are
 * filled and encoded. Undefined when a value is a dot segment (`.`, `..`):
 * URL parsing would resolve it, even percent-encoded, and climb out of the path.
 */
export function endpointUrl(
  base: URL,
  endpoints: Endpoints,
  endpoint: EndpointName,
  params: Record<string, string> = {},
): string | undefined {
  let dotSegment = false;
  const path = endpoints[endpoint].replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key] ?? '';
    dotSegment ||= value === '.' || value === '..';
    return encodeURIComponent(value);
  });
  return dotSegment ? undefined : `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;
}

/** A random UUID, also where `crypto.randomUUID` is missing (non-secure contexts). */
export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
