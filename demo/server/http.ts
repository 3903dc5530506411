/**
 * HTTP plumbing shared by every route of the reference Journeys API: the
 * contract's error shape, request body limits and JSON parsing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FieldError } from '../../src/api/contract.js';
import type { StoredResponse } from './store.js';

/** One rule for the reference API and the server helper. */
export { isJsonContentType } from '../../src/server/http.js';

/** What a route answers; the same shape is kept for Idempotency-Key replays. */
export type ApiResult = StoredResponse;

export const SERVICE_UNAVAILABLE_TEXT = 'We are unable to process your request right now. Please try again later.';

/** A failure in the contract's error shape (section 1); routes throw it, the pipeline sends it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly fields?: FieldError[],
    /** 429 only: epoch ms when the client may try again. */
    readonly retryAt?: number,
    /** Extra response headers (Allow for 405, WWW-Authenticate for 401). */
    readonly headers?: Record<string, string>,
  ) {
    super(`${status} ${error}`);
    this.name = 'ApiError';
  }

  toResult(): ApiResult {
    const body = {
      error: this.error,
      error_description: this.description,
      ...(this.fields ? { fields: this.fields } : {}),
    };
    return {
      status: this.status,
      body,
      ...(this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
      ...(this.headers ? { headers: this.headers } : {}),
    };
  }
}

export const errors = {
  serviceUnavailable: () => new ApiError(503, 'service_unavailable', SERVICE_UNAVAILABLE_TEXT),
  invalidRequest: (description: string) => new ApiError(400, 'invalid_request', description),
  /** Bad or missing Basic client credentials (pre-register); RFC 7235 wants the challenge header. */
  invalidClient: () =>
    new ApiError(401, 'invalid_client', 'Client authentication failed.', undefined, undefined, {
      'WWW-Authenticate': 'Basic realm="pre-register", charset="UTF-8"',
    }),
  invalidRedirectUri: () =>
    new ApiError(400, 'invalid_redirect_uri', 'redirect_uri is not registered for this client.'),
  validationFailed: (fields: FieldError[]) =>
    new ApiError(400, 'validation_failed', 'One or more fields are not valid.', fields),
  rateLimited: (retryAt: number) =>
    new ApiError(429, 'rate_limited', 'Too many requests. Please wait before trying again.', undefined, retryAt),
  invalidToken: () => new ApiError(404, 'invalid_token', 'This link is not valid.'),
  expiredToken: () => new ApiError(410, 'expired_token', 'This link has expired.'),
  alreadyActivated: () => new ApiError(409, 'already_activated', 'This account is already activated.'),
  notFound: () => new ApiError(404, 'not_found', 'There is no such endpoint.'),
  methodNotAllowed: (allow: string) =>
    new ApiError(405, 'invalid_request', `Method not allowed; use ${allow}.`, undefined, undefined, { Allow: allow }),
  unsupportedMediaType: () =>
    new ApiError(415, 'invalid_request', 'The request body must be JSON (Content-Type: application/json).'),
  payloadTooLarge: (limit: number) => new ApiError(413, 'invalid_request', `The request body exceeds ${limit} bytes.`),
  forbiddenOrigin: () => new ApiError(403, 'invalid_request', 'This origin may not call the API.'),
};

/**
 * Reads the body up to `limit` bytes. A larger body is drained (so that the
 * client can read our 413 instead of a reset connection) up to a hard cap,
 * beyond which the connection is dropped.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const hardCap = limit * 16;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > hardCap) {
      req.destroy();
      reject(errors.payloadTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > hardCap) {
        req.destroy();
        reject(errors.payloadTooLarge(limit));
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (size > limit) reject(errors.payloadTooLarge(limit));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A client that goes away mid-body: settle, so the handler does not wait forever.
    req.on('close', () => {
      if (!ended) reject(errors.invalidRequest('The request body was not received completely.'));
    });
  });
}

/** Parses a JSON object body; anything else is `invalid_request`. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw errors.invalidRequest('The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.invalidRequest('The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.invalidRequest('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Writes a JSON answer with the headers every API response carries. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
