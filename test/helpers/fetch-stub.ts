/**
 * A stand-in for `globalThis.fetch` in browser tests: records every call and
 * answers through a handler. Install it in `beforeEach` and call `restore()`
 * in `afterEach`.
 *
 *   const stub = stubFetch(() => json(200, { uuid: UUID }));
 *   ...
 *   expect(sentBody(stub.calls[0])).to.deep.equal({ ... });
 *
 * `restore()` fails the test when a request carried an Authorization header
 * other than change-password's Bearer token (contract v2 section 5).
 */

export interface RecordedCall {
  url: string;
  method: string;
  /** The request headers, normalised (case-insensitive `get`). */
  headers: Headers;
  /** The body as sent (a string for JSON requests), or undefined. */
  body: BodyInit | null | undefined;
  signal: AbortSignal | undefined;
  init: RequestInit | undefined;
}

export type FetchHandler = (call: RecordedCall) => Response | Promise<Response>;

export interface FetchStub {
  readonly calls: RecordedCall[];
  /** Replaces the handler for the following calls. */
  respond(handler: FetchHandler): void;
  restore(): void;
}

export function stubFetch(handler: FetchHandler): FetchStub {
  const original = globalThis.fetch;
  const calls: RecordedCall[] = [];
  let current = handler;
  const withAuthorization: string[] = [];
  const fake = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call: RecordedCall = {
      url,
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      headers: new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)),
      body: init?.body,
      signal: init?.signal ?? undefined,
      init,
    };
    calls.push(call);
    const authorization = call.headers.get('Authorization');
    const allowed = authorization !== null && /^Bearer \S+$/.test(authorization) && new URL(call.url, location.href).pathname.endsWith('/change-password');
    if (authorization !== null && !allowed) withAuthorization.push(call.url);
    // Like the real fetch: an already aborted signal rejects with its reason.
    if (call.signal?.aborted) return Promise.reject(call.signal.reason);
    try {
      return Promise.resolve(current(call));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  globalThis.fetch = fake as typeof fetch;
  return {
    calls,
    respond(next) {
      current = next;
    },
    restore() {
      globalThis.fetch = original;
      if (withAuthorization.length) throw new Error(`a browser request carried an Authorization header: ${withAuthorization.join(', ')}`);
    },
  };
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A raw answer (HTML from a proxy, broken JSON, an empty body). */
export function raw(status: number, body: string | null, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers });
}

/** Never answers; rejects with the signal's reason once the request is aborted (as the real fetch does). */
export function hang(call: RecordedCall): Promise<Response> {
  return new Promise((_, reject) => {
    const signal = call.signal;
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}


/** The JSON body a recorded call sent; throws when it sent none. */
export function sentBody(call: { body: BodyInit | null | undefined } | undefined): Record<string, any> {
  if (!call || typeof call.body !== 'string') throw new Error('no JSON request was sent');
  return JSON.parse(call.body) as Record<string, any>;
}
