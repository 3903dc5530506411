/**
 * The one way the OAuth helpers and the relay call the identity service:
 * `redirect: "manual"` and any 3xx refused (a redirect would carry a code, a
 * secret or a body elsewhere; Workers refuse `redirect: "error"` at every
 * compatibility date), never a `cache` mode (Workers before 2024-11-11 and
 * some runtimes refuse one), a timeout that covers the headers and the body, and
 * a bounded body read, so that a slow or huge answer cannot hold a request
 * open or fill memory. Web platform APIs only.
 */
import { readLimited } from './http.js';

/** Why a call to the service did not produce an answer. Never holds a URL, a body or a header value. */
export class UpstreamFailure extends Error {
  readonly kind: 'timeout' | 'network' | 'redirect' | 'too_large';
  /** `TypeError: ECONNREFUSED`: the class of what fetch threw, and Node's cause code. */
  readonly detail: string;

  constructor(kind: UpstreamFailure['kind'], detail = '') {
    super(`nid-journeys/server: upstream ${kind}`);
    this.name = 'UpstreamFailure';
    this.kind = kind;
    this.detail = detail;
  }
}

export interface UpstreamOptions {
  /** The configured fetch, else the global one at call time. */
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  /** The largest answer body read (larger: `too_large`). */
  maxBytes: number;
}

/** Statuses whose Response cannot carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** `Error`'s class and, for Node's fetch, the cause's code (`ECONNREFUSED`): never a message. */
export function failureName(reason: unknown): string {
  if (!(reason instanceof Error)) return typeof reason;
  const cause: unknown = reason.cause;
  const code = cause !== null && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code === undefined ? reason.name : `${reason.name}: ${code}`;
}

/** A fetch that refuses a redirect itself (Node's, under `redirect: "error"`): `TypeError: fetch failed`, cause "unexpected redirect". */
export function isRedirectRefusal(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const cause: unknown = reason.cause;
  return /redirect/i.test(reason.message) || (cause instanceof Error && /redirect/i.test(cause.message));
}

/**
 * One call: the answer with its body already read (a fresh Response, so that
 * callers and oauth4webapi read it as usual), or an {@link UpstreamFailure}.
 * A 3xx (or an opaque redirect), or an answer that came through a redirect
 * (a fetch that ignored `redirect: "manual"`), is a `redirect` failure.
 */
export async function upstreamFetch(options: UpstreamOptions, input: string, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The identity service did not answer in time.', 'TimeoutError'));
  }, options.timeoutMs);
  const outer = init.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  // No cache mode, whatever the caller passed; no redirect, ever.
  const { cache: _cache, redirect: _redirect, signal: _signal, ...rest } = init;
  try {
    const doFetch = options.fetch ?? globalThis.fetch;
    let response: Response;
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    try {
      response = await doFetch(input, { ...rest, redirect: 'manual', signal: controller.signal });
      if ((response.status >= 300 && response.status < 400) || response.redirected || response.type === 'opaqueredirect') {
        await response.body?.cancel().catch(() => undefined);
        throw new UpstreamFailure('redirect', `HTTP ${response.status}`);
      }
      bytes = await readLimited(response, options.maxBytes);
    } catch (reason) {
      if (reason instanceof UpstreamFailure) throw reason;
      if (timedOut) throw new UpstreamFailure('timeout');
      if (isRedirectRefusal(reason)) throw new UpstreamFailure('redirect', failureName(reason));
      throw new UpstreamFailure('network', failureName(reason));
    }
    if (!bytes) throw new UpstreamFailure('too_large', `over ${options.maxBytes} bytes`);
    return new Response(NULL_BODY.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
