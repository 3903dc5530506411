/**
 * The three journey events of contract section 9, as Event subclasses so that
 * listeners get typed details. They bubble and cross shadow boundaries.
 *
 * No detail ever holds a password, a security-question answer, a code or a
 * token: the submit lifecycle strips them before building `NidSubmitEvent`,
 * and the other two carry only what a journey came to or an error code.
 */
import type { FieldError } from './api/contract.js';
import type { ParameterProblem } from './api/errors.js';

/** The journey step a request belongs to. */
export type JourneyName =
  | 'register'
  | 'resend-verification'
  | 'activate'
  | 'forgot-password'
  | 'reset-password'
  | 'invite'
  | 'settings';

export interface NidSubmitDetail {
  journey: JourneyName;
  /**
   * The request body without secrets. A listener may add keys (a captcha
   * token, for instance): they are sent with the request.
   */
  body: Record<string, unknown>;
}

/**
 * Fired before a request is sent. Cancel it to stop the request; add keys to
 * `detail.body` to send them too; call `waitUntil(promise)` to fetch something
 * asynchronously (a captcha token) before the request goes out.
 */
export class NidSubmitEvent extends Event {
  static readonly type = 'nid-submit';
  readonly detail: NidSubmitDetail;
  readonly #pending: Promise<unknown>[] = [];

  constructor(detail: NidSubmitDetail) {
    super(NidSubmitEvent.type, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }

  /** The journey step, as on the other two events. */
  get journey(): JourneyName {
    return this.detail.journey;
  }

  /** Delays the request until `promise` settles; a rejection cancels it. */
  waitUntil(promise: Promise<unknown>): void {
    this.#pending.push(promise);
  }

  /** @internal Settles once every `waitUntil` promise has. */
  settled(): Promise<unknown[]> {
    return Promise.all(this.#pending);
  }
}

/** What a journey step came to: the keys each element's `nid-success` documents. */
export interface NidSuccessDetail {
  /** `verification_sent`, `signed_in`, `sent`, `verified` or `password_changed`. */
  readonly status?: string;
  /** How the verification went out (register). */
  readonly delivery?: 'email' | 'sms';
  /** A client without passwords: the code to exchange on your backend (register). */
  readonly authorization_code?: string;
  /** The pre-registered user's id (the invite form). */
  readonly uuid?: string;
}

/** Fired when a journey step succeeded; `detail` says what it came to (`{ status, … }`). */
export class NidSuccessEvent<T = NidSuccessDetail> extends Event {
  static readonly type = 'nid-success';
  readonly detail: T;
  readonly journey: JourneyName;

  constructor(journey: JourneyName, detail: T) {
    super(NidSuccessEvent.type, { bubbles: true, composed: true });
    this.journey = journey;
    this.detail = detail;
  }
}

export interface NidErrorDetail {
  /**
   * What went wrong: `invalid_form_fields`, `invalid_request`, `invalid_client`,
   * `rate_limited`, `bad_request`, `unauthorized`, `server_error`,
   * `service_unavailable`, `timeout`, `network_error`, `malformed_response`,
   * `invalid_config`, ...
   */
  code: string;
  status?: number;
  /** Field errors by name and code (no values). */
  fields?: Pick<FieldError, 'name' | 'code'>[];
  /** `invalid_request`: the parameters the service refused and why (no values). */
  details?: Record<string, ParameterProblem>;
}

/** Fired when a request failed or the configuration is invalid. */
export class NidErrorEvent extends Event {
  static readonly type = 'nid-error';
  readonly detail: NidErrorDetail;
  readonly journey: JourneyName | undefined;

  constructor(detail: NidErrorDetail, journey?: JourneyName) {
    super(NidErrorEvent.type, { bubbles: true, composed: true });
    this.detail = detail;
    this.journey = journey;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'nid-submit': NidSubmitEvent;
    'nid-success': NidSuccessEvent;
    'nid-error': NidErrorEvent;
  }
}
