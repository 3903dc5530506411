import type { FieldError } from './contract.js';

/**
 * How a request failed. `http` carries the service's status and error code;
 * the others never reached a usable answer.
 */
export type JourneyErrorKind = 'http' | 'timeout' | 'network' | 'malformed' | 'config' | 'aborted';

/** What was wrong with one parameter of the integration (422 `invalid_parameters`): never a value. */
export type ParameterProblem = 'missing' | 'invalid' | 'unexpected';

export interface JourneyErrorInit {
  kind: JourneyErrorKind;
  code: string;
  status?: number;
  fields?: readonly FieldError[];
  /** Parameter names and what is wrong with each (`invalid_request`). */
  details?: Readonly<Record<string, ParameterProblem>>;
  /** Seconds to wait before trying again (429 only). */
  retryAfter?: number;
  /** The service's `error_description`: English, for the integrator's debugging, never shown as is. */
  description?: string;
}

/**
 * The one error type every request failure is normalised into.
 *
 * It deliberately holds no part of the request: a password, a code or a
 * security answer can never end up in an error object, a log or an event
 * through it.
 */
export class JourneyError extends Error {
  readonly kind: JourneyErrorKind;
  readonly code: string;
  readonly status: number | undefined;
  readonly fields: readonly FieldError[];
  readonly details: Readonly<Record<string, ParameterProblem>>;
  readonly retryAfter: number | undefined;
  readonly description: string | undefined;

  constructor(init: JourneyErrorInit) {
    super(init.status === undefined ? `nid-journeys: ${init.code}` : `nid-journeys: HTTP ${init.status} ${init.code}`);
    this.name = 'JourneyError';
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.fields = init.fields ?? [];
    this.details = init.details ?? {};
    this.retryAfter = init.retryAfter;
    this.description = init.description;
  }
}

/** Anything a request threw, as a `JourneyError` (a bug or a missing chunk reads as a network failure). */
export function asJourneyError(caught: unknown): JourneyError {
  return caught instanceof JourneyError ? caught : new JourneyError({ kind: 'network', code: 'network_error' });
}

/** When a 429 carries no readable `Retry-After`, wait this long. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;
/** A `Retry-After` beyond a day is treated as a day: a countdown of years helps nobody. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * An HTTP-date (RFC 9110 5.6.7) in milliseconds, or undefined. All three
 * forms are GMT: IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
 * `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
 * Parsed here rather than by `Date.parse`, which accepts far more and reads
 * a date without a zone in local time, differently in each browser.
 */
export function parseHttpDate(value: string): number | undefined {
  const imf = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i.exec(value);
  const rfc850 = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i.exec(value);
  const asctime = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i.exec(value);
  let parts: [day: string, month: string, year: number, h: string, m: string, s: string] | undefined;
  if (imf) parts = [imf[1]!, imf[2]!, Number(imf[3]), imf[4]!, imf[5]!, imf[6]!];
  else if (rfc850) {
    // Two-digit years: a fixed pivot (00-69 is 20xx, 70-99 is 19xx). RFC 9110 asks for "more than
    // 50 years in the future is the past"; for the waits of a Retry-After both read the same.
    const short = Number(rfc850[3]);
    parts = [rfc850[1]!, rfc850[2]!, short + (short < 70 ? 2000 : 1900), rfc850[4]!, rfc850[5]!, rfc850[6]!];
  } else if (asctime) parts = [asctime[2]!.trim(), asctime[1]!, Number(asctime[6]), asctime[3]!, asctime[4]!, asctime[5]!];
  if (!parts) return undefined;
  const [day, monthName, year, hours, minutes, secs] = parts;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const d = Number(day);
  if (month < 0 || d < 1 || d > 31 || Number(hours) > 23 || Number(minutes) > 59 || Number(secs) > 60) return undefined;
  return Date.UTC(year, month, d, Number(hours), Number(minutes), Number(secs));
}

/**
 * Parses `Retry-After` (RFC 9110 10.2.3): delay-seconds or an HTTP-date.
 * Returns whole seconds from `now`, or `undefined` when the header is absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER_SECONDS);
  const at = parseHttpDate(value);
  if (at === undefined) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}
