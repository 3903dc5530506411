/**
 * Every way a request can fail, as the fault matrix and the secrets sweep
 * drive them: each with the text the user reads and the `nid-error` code.
 */
import { hang, json, raw, type RecordedCall } from './fetch-stub.js';

export const GENERIC = 'Something went wrong. Please try again.';
export const RETRY_DATE_SECONDS = 300;

export interface Fault {
  name: string;
  answer: (call: RecordedCall) => Response | Promise<Response>;
  text: string;
  code: string;
  /** The countdown a 429 shows, else undefined. */
  countdown?: string;
  offline?: boolean;
}

/** `schemaFailure`: a 2xx body the request's response schema refuses. */
export const faults = (schemaFailure: unknown): Fault[] => [
  { name: 'a timeout', answer: hang, text: 'The service took too long to answer. Please try again.', code: 'timeout' },
  { name: 'a network error', answer: () => Promise.reject(new TypeError('Failed to fetch')), text: 'We could not reach the service. Check your connection and try again.', code: 'network_error' },
  { name: 'being offline', answer: () => Promise.reject(new TypeError('NetworkError when attempting to fetch resource.')), text: 'We could not reach the service. Check your connection and try again.', code: 'network_error', offline: true },
  { name: '500', answer: () => json(500, { error: 'server_error' }), text: GENERIC, code: 'server_error' },
  { name: '502 with an HTML body', answer: () => raw(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }), text: GENERIC, code: 'server_error' },
  { name: '503', answer: () => json(503, { error: 'service_unavailable' }), text: 'We are unable to process your request right now. Please try again later.', code: 'service_unavailable' },
  { name: '429 with Retry-After in seconds', answer: () => json(429, { error: 'rate_limited' }, { 'Retry-After': '42' }), text: 'Too many attempts. You can try again in 42 seconds.', code: 'rate_limited', countdown: 'Try again in 42 seconds.' },
  {
    name: '429 with Retry-After as an HTTP date',
    answer: () => json(429, { error: 'rate_limited' }, { 'Retry-After': new Date(Date.now() + RETRY_DATE_SECONDS * 1000).toUTCString() }),
    text: 'Too many attempts. You can try again in 5 minutes.',
    code: 'rate_limited',
    countdown: 'Try again in 5 minutes.',
  },
  { name: '429 with a garbage Retry-After', answer: () => json(429, { error: 'rate_limited' }, { 'Retry-After': 'tomorrow-ish' }), text: 'Too many attempts. You can try again in 30 seconds.', code: 'rate_limited', countdown: 'Try again in 30 seconds.' },
  { name: '200 with malformed JSON', answer: () => raw(200, '{"status": "sen'), text: GENERIC, code: 'malformed_response' },
  { name: '200 with a body that fails the schema', answer: () => json(200, schemaFailure), text: GENERIC, code: 'malformed_response' },
];

/** What each path answers when nothing fails. */
export const HAPPY: Record<string, () => Response> = {
  '/idp/v1/account/register': () => json(201, { status: 'activation_pending', delivery: 'email' }),
  '/idp/v1/account/activate/resend': () => new Response(null, { status: 202 }),
  '/idp/v1/account/activate': () => json(200, { status: 'activated' }),
  '/idp/v1/account/forgot-password': () => new Response(null, { status: 202 }),
  '/idp/v1/account/reset-password': () => json(200, { status: 'password_reset' }),
  '/api/invite': () => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }),
};

