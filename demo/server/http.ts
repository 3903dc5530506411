/**
 * HTTP plumbing shared by every route of the reference Journeys API: the
 * vendor's error shape, request body limits and JSON parsing.
 *
 * Error bodies are `{ error, error_description?, error_details? }`, as the
 * vendor answers them (contract section 2, vendor notes 2.6). Which keys a
 * body has follows the vendor's rows: `invalid_parameters` answers carry no
 * `error_description`, the missing-`redirect_uri` answers carry
 * `error_details: null`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  FIELD_REQUIRED,
  FORBIDDEN,
  INVALID_API_USAGE,
  INVALID_JSON,
  SOME_INPUTS_INVALID,
  TOO_MANY_REQUESTS,
  UNAUTHORIZED,
  UNEXPECTED_KEYS,
} from './texts.js';

/** One rule for the reference API and the server helper. */
export { isJsonContentType } from '../../src/server/http.js';

/** What a route answers. */
export interface ApiResult {
  status: number;
  body: unknown;
  /** 429 only: epoch ms when the client may try again (the pipeline turns it into Retry-After). */
  retryAt?: number;
  headers?: Record<string, string>;
}

/** The vendor's error body. */
export interface VendorErrorBody {
  error: string;
  error_description?: string;
  error_details?: Record<string, unknown> | null;
}

/** What is wrong with one parameter, in the vendor's words. */
export type ParameterProblem =
  | { missing: 'required' }
  | { invalid: string }
  | { unexpected_keys: string }
  | typeof FIELD_REQUIRED;

/** A failure in the vendor's error shape; routes throw it, the pipeline sends it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: VendorErrorBody,
    readonly retryAt?: number,
    readonly headers?: Record<string, string>,
  ) {
    super(`${status} ${body.error}`);
    this.name = 'ApiError';
  }

  toResult(): ApiResult {
    return {
      status: this.status,
      body: this.body,
      ...(this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
      ...(this.headers ? { headers: this.headers } : {}),
    };
  }
}

const exception = (status: number, description: string, headers?: Record<string, string>) =>
  new ApiError(status, { error: 'http_exception', error_description: description }, undefined, headers);

/** One `error_details` key naming every unexpected key, joined with ", " (vendor row R19). */
export function unexpectedKeys(names: readonly string[]): Record<string, ParameterProblem> {
  return names.length === 0 ? {} : { [names.join(', ')]: { unexpected_keys: UNEXPECTED_KEYS } };
}

export const errors = {
  /** An empty body (R15, V9, F6, C13, P8). */
  emptyBody: () => new ApiError(400, { error: 'http_exception', error_description: INVALID_JSON }),
  /** A body that is not a JSON object (R16, V10, F7, C14, P9). */
  malformedJson: () => new ApiError(400, { error: 'invalid_parameters', error_description: INVALID_JSON }),
  /** `?env_id=` names another environment (F8, C15). */
  invalidDomain: () => new ApiError(400, { error: 'invalid_domain', error_description: INVALID_API_USAGE }),
  /** A rejected Bearer token (change-password) or Basic credentials (pre-register); RFC 9110 wants the challenge. */
  unauthorized: (challenge: string) => exception(401, UNAUTHORIZED, { 'WWW-Authenticate': challenge }),
  /** An unknown `client_id` (R17, V11, F9, C17), or a page of another site. */
  forbidden: () => exception(403, FORBIDDEN),
  notFound: () => exception(404, 'Not Found'),
  methodNotAllowed: (allow: string) => exception(405, 'Method Not Allowed', { Allow: allow }),
  payloadTooLarge: () => exception(413, 'Request Entity Too Large', { Connection: 'close' }),
  unsupportedMediaType: () => exception(415, 'Unsupported Media Type'),
  /** The integration is wrong: `{ "<param>": problem }`, no description (R19-R28, V12-V21, F10-F20, ...). */
  invalidParameters: (details: Record<string, unknown>) =>
    new ApiError(422, { error: 'invalid_parameters', error_details: details }),
  /**
   * An empty `redirect_uri`, which the vendor answers apart: `missing_argument`
   * (resend V18, register R27) or `http_exception` with the same words in the
   * description (forgot-password F16), both with `error_details: null`.
   */
  missingArgument: (style: 'missing_argument' | 'http_exception', parameter: string) =>
    new ApiError(
      422,
      style === 'missing_argument'
        ? { error: 'missing_argument', error_details: null, error_description: `Missing Parameter: ${parameter}` }
        : { error: 'http_exception', error_details: null, error_description: `missing_argument Missing Parameter: ${parameter}` },
    ),
  /** A parameter the vendor refuses without details (resend V22). */
  invalidArgument: (parameter: string) =>
    new ApiError(422, { error: 'invalid_parameters', error_details: null, error_description: `Invalid Parameter: ${parameter}` }),
  /** The user's input is refused: `{ "<field>": ["message", ...] }` (R18). */
  formFields: (details: Record<string, string[]>) =>
    new ApiError(422, { error: 'invalid_form_fields', error_description: SOME_INPUTS_INVALID, error_details: details }),
  /** change-password's policy failure, under `message` rather than a field (C22). */
  formMessage: (message: string) =>
    new ApiError(422, { error: 'invalid_form_fields', error_description: SOME_INPUTS_INVALID, error_details: { message } }),
  /** change-password's mismatch and wrong current password (C20, C21, C24). */
  parameterMessage: (message: string) => new ApiError(422, { error: 'invalid_parameters', error_details: { message } }),
  /** Not documented by the vendor; handled defensively by the elements (contract section 2). */
  tooManyRequests: (retryAt: number) =>
    new ApiError(429, { error: 'too_many_requests', error_description: TOO_MANY_REQUESTS }, retryAt),
  internal: () => exception(500, 'Internal Server Error'),
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
      reject(errors.payloadTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > hardCap) {
        req.destroy();
        reject(errors.payloadTooLarge());
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (size > limit) reject(errors.payloadTooLarge());
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A client that goes away mid-body: settle, so the handler does not wait forever.
    req.on('close', () => {
      if (!ended) reject(errors.malformedJson());
    });
  });
}

/** Parses a JSON object body as the vendor does: empty is `http_exception`, anything else not an object `invalid_parameters`. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw errors.malformedJson();
  }
  if (text.trim() === '') throw errors.emptyBody();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.malformedJson();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.malformedJson();
  return value as Record<string, unknown>;
}

/** Headers every answer of the API origin carries. */
export const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
