/**
 * HTTP building blocks of the server helper. Web platform APIs only (Request,
 * Response, TextEncoder, btoa): the same code runs in Node 20, Deno, Bun and
 * Workers. The reference server (demo/server) shares the content-type rule
 * from here.
 */

/** The largest request body the helper reads; an invite is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** `application/json`, with at most a UTF-8 charset parameter. */
export function isJsonContentType(header: string | null | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => param === '' || param === 'charset=utf-8' || param === 'charset="utf-8"');
}

/** A JSON answer with the headers every answer of the helper carries. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...headers,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Field messages in the service's shape: `{ emailAddress: ["…"] }`. */
export type ErrorDetails = Readonly<Record<string, readonly string[]>>;

/**
 * A failure in the service's own error shape (contract v2 section 2),
 * `{ error, error_description?, error_details? }`, so that the element reads
 * the helper's answers with the same parser as the service's.
 */
export function errorResponse(
  status: number,
  error: string,
  description: string | undefined,
  extra: { details?: ErrorDetails | undefined; headers?: Record<string, string> } = {},
): Response {
  const body = {
    error,
    ...(description !== undefined ? { error_description: description } : {}),
    ...(extra.details && Object.keys(extra.details).length > 0 ? { error_details: extra.details } : {}),
  };
  return jsonResponse(status, body, extra.headers);
}

/**
 * Characters that could forge or hide part of a log line: C0 and C1 controls
 * (line breaks, ANSI escapes), DEL, the Unicode line and paragraph
 * separators, bidirectional controls, and lone surrogates.
 */
const LOG_UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A value fit for a log line (or a text relayed to a browser): the
 * characters above removed, at most `max` code points (then `…`). Every
 * value that goes into a log line passes through here, whatever its origin.
 */
export function logSafe(value: unknown, max = 64): string {
  const text = String(value).replace(LOG_UNSAFE, '');
  const points = Array.from(text);
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}

/**
 * Base64 of the text's UTF-8 bytes. `btoa` alone throws on characters above
 * U+00FF (and would encode Latin-1 rather than UTF-8 below that); `Buffer`
 * does not exist in Workers or Deno.
 */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Reads a request's or a response's body, at most `limit` bytes: undefined
 * when it is larger (reading stops there, so a huge body is never held in
 * memory). Rejects when the other side goes away mid-body.
 */
export async function readLimited(message: { body: ReadableStream<Uint8Array> | null }, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!message.body) return new Uint8Array(0);
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export const invalidRequest = (description: string): Response => errorResponse(400, 'invalid_request', description);
export const tooLarge = (): Response => errorResponse(413, 'invalid_request', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);

/** The request's body as a JSON object (at most MAX_BODY_BYTES of UTF-8), or the 400/413 answer that says why not. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | Response> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readLimited(request, MAX_BODY_BYTES);
  } catch {
    return invalidRequest('The request body was not received completely.');
  }
  if (!bytes) return tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalidRequest('The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalidRequest('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** One line per call, whatever went in: cleaned by `logSafe`, and a logger that throws changes nothing. */
export type LogLine = (line: string, cause?: unknown) => void;

export function safeLogger(log: ((line: string, cause?: unknown) => void) | undefined): LogLine {
  const target = log ?? ((line: string) => console.warn(line));
  return (line, cause) => {
    try {
      if (cause === undefined) target(logSafe(line, 2000));
      else target(logSafe(line, 2000), cause);
    } catch {
      // nothing left to tell
    }
  };
}

/** The origins of `allowedOrigins` entries; undefined when one is not an origin. */
export function originsOf(values: unknown): Set<string> | undefined {
  if (values === undefined) return new Set();
  if (!Array.isArray(values)) return undefined;
  const origins = new Set<string>();
  for (const value of values) {
    let origin: string | undefined;
    try {
      origin = typeof value === 'string' ? new URL(value).origin : undefined;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null') return undefined;
    origins.add(origin);
  }
  return origins;
}

/**
 * Same origin as the request URL, or an allowed one. Browsers send Origin on
 * every POST made with fetch, but as `null` when the page's Referrer-Policy
 * is `no-referrer`: then (and when it is missing) the browser's
 * `Sec-Fetch-Site: same-origin`, which no page can set, vouches instead.
 */
export function originAllowed(request: Request, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin === null || origin === 'null') return request.headers.get('sec-fetch-site') === 'same-origin';
  if (allowed.has(origin)) return true;
  try {
    return new URL(request.url).origin === origin;
  } catch {
    return false;
  }
}

/** A short text answer for a browser navigation (the callback's failures). */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
