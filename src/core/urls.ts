/**
 * URLs that come from configuration or from the service are only used as
 * links or navigation targets when they are `https:` (or `http:` on
 * loopback): a `javascript:` or `data:` URL is never rendered as a link and
 * never navigated to (security requirement 2, CVE-2019-20174-style XSS).
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function safeHttpUrl(value: unknown, base: string = globalThis.location?.href ?? 'https://invalid.invalid/'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.href;
  return undefined;
}

/** Navigation after a journey: only to an http(s) URL the service gave. */
export function navigableUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, globalThis.location?.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
