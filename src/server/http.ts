/**
 * HTTP building blocks of the server helper. Web platform APIs only (Request,
 * Response, TextEncoder, btoa): the same code runs in Node 20, Deno, Bun and
 * Workers. The reference server (demo/server) shares the content-type and
 * Idempotency-Key rules from here.
 */
import type { FieldError } from '../api/contract.js';

/** The largest request body the helper reads; an invite is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Visible ASCII, 1 to 255 characters (the Idempotency-Key draft's sf-string): UUIDs fit easily. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

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

/** A failure in the contract's error shape (section 1). */
export function errorResponse(
  status: number,
  error: string,
  description: string | undefined,
  extra: { fields?: readonly FieldError[] | undefined; headers?: Record<string, string> } = {},
): Response {
  const body = {
    error,
    ...(description !== undefined ? { error_description: description } : {}),
    ...(extra.fields && extra.fields.length > 0 ? { fields: extra.fields } : {}),
  };
  return jsonResponse(status, body, extra.headers);
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
 * Reads a request body, at most `limit` bytes: undefined when it is larger
 * (reading stops there, so a huge body is never held in memory). Rejects
 * when the client goes away mid-body.
 */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
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
