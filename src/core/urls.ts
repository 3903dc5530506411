/**
 * URLs that come from configuration are only rendered as links when they are
 * `https:` (or `http:` on loopback): a `javascript:` or `data:` URL is never
 * rendered as a link (security requirement 2, CVE-2019-20174-style XSS).
 */
import { LOOPBACK_HOSTS } from '../api/endpoints.js';

export function safeHttpUrl(value: unknown, base: string = globalThis.location?.href ?? 'https://invalid.invalid/'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return url.href;
  return undefined;
}
