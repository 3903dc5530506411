/**
 * URLs that come from configuration are only rendered as links when they are
 * `https:` (or `http:` on loopback): a `javascript:` or `data:` URL is never
 * rendered as a link (security requirement 2, CVE-2019-20174-style XSS).
 * A path on the page's own origin (`/terms`) is rendered as written, for the
 * browser to resolve against the page: a server, which has no page, then
 * renders the same link as the browser (hydration keeps a server's attributes).
 */
import { LOOPBACK_HOSTS } from '../api/endpoints.js';

/** Stands for the page a relative URL will resolve against. */
const PAGE = new URL('https://page.invalid/');

export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const written = value.trim();
  let url: URL;
  try {
    url = new URL(written, PAGE);
  } catch {
    return undefined;
  }
  if (url.origin === PAGE.origin) return written;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return url.href;
  return undefined;
}
