/**
 * The submit lifecycle every journey action shares (register, resend, verify,
 * forgot, change password, invite): one request at a time, `nid-submit`
 * before it, `nid-success` / `nid-error` after it, and the 429 countdown.
 * The service documents no idempotency key, so one submission sends one
 * request, and trying again is always the user's own action.
 *
 * Secrets (passwords, security answers, codes) are kept out of everything but
 * the request itself: the event sees the body without them, and they are
 * merged back only into the body that goes on the wire.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FieldError } from '../api/contract.js';
import { asJourneyError, type JourneyError } from '../api/errors.js';
import { NidErrorEvent, NidSubmitEvent, NidSuccessEvent, type JourneyName } from '../events.js';
import { Countdown } from './countdown.js';

export type Body = Record<string, unknown>;

export interface PreparedRequest {
  /** The body without secrets: what `nid-submit` listeners see and may extend. */
  body: Body;
  /** Puts the secrets back into the (possibly extended) body. */
  addSecrets?: (body: Body) => Body;
}

export interface SubmitSpec<T> {
  journey: JourneyName;
  /**
   * Builds the body (it may load the phone chunk first). Returns undefined
   * when client validation failed: nothing is sent.
   */
  prepare: () => PreparedRequest | undefined | Promise<PreparedRequest | undefined>;
  /** Sends the body (one call, or several in a row) and resolves with the answer; rejects with a `JourneyError`. */
  send: (body: Body, signal: AbortSignal) => Promise<T>;
  /** The `nid-success` detail: what the journey came to, never a secret of the request. */
  detail: (answer: T) => unknown;
  /** Shows the success (the element's new view) before `nid-success` fires. */
  onSuccess?: (answer: T) => void | Promise<void>;
  /** Shows the failure (a view change) before the base puts field errors on their fields. */
  onFailure?: (error: JourneyError) => void;
  /** The rendered control a service field error belongs to (`user_id` is the identifier field); undefined keeps its name. */
  placeField?: (field: FieldError) => string | undefined;
}

/** What a submission needs from its element, and nothing more. */
export interface SubmissionHost extends ReactiveControllerHost, EventTarget {}

export interface SubmissionCallbacks {
  /** Aborted when the element leaves the document. */
  signal(): AbortSignal;
  /** A short screen-reader announcement ("" clears it when a new attempt starts). */
  announce(text: string): void;
  /** After `nid-error`: field errors on their fields (`fields` already placed), focus, warnings. */
  failed(error: JourneyError, fields: readonly FieldError[]): void | Promise<void>;
  /** A 429 wait is over. */
  countdownEnded(submission: Submission): void;
}

export type SubmissionState = 'idle' | 'busy' | 'failed' | 'succeeded';

let failureSequence = 0;

export class Submission implements ReactiveController {
  readonly #host: SubmissionHost;
  readonly #callbacks: SubmissionCallbacks;
  readonly countdown: Countdown;
  state: SubmissionState = 'idle';
  error: JourneyError | undefined;
  /** Orders failures across submissions, so the element shows the latest. */
  failedAt = 0;

  constructor(host: SubmissionHost, callbacks: SubmissionCallbacks) {
    this.#host = host;
    this.#callbacks = callbacks;
    host.addController(this);
    this.countdown = new Countdown(host, () => callbacks.countdownEnded(this));
  }

  get busy(): boolean {
    return this.state === 'busy';
  }

  /** Busy or waiting out a 429: further submits do nothing. */
  get blocked(): boolean {
    return this.busy || this.countdown.running;
  }

  hostDisconnected(): void {
    // The element's abort signal cancels the request; forget it was in flight.
    if (this.state === 'busy') this.state = 'idle';
  }

  /** Clears a shown failure (the user starts over, or the view changes). */
  clear(): void {
    this.error = undefined;
    if (this.state === 'failed') this.state = 'idle';
    this.#host.requestUpdate();
  }

  /** Runs one submission; resolves with the answer, or undefined when nothing was sent or it failed. */
  async run<T>(spec: SubmitSpec<T>): Promise<T | undefined> {
    if (this.blocked) return undefined;
    this.state = 'busy';
    this.error = undefined;
    this.#callbacks.announce(''); // "you can try again now" belongs to the wait that just ended
    this.#host.requestUpdate();
    try {
      const prepared = await spec.prepare();
      if (!prepared) {
        this.state = 'idle';
        return undefined;
      }
      const submit = new NidSubmitEvent({ journey: spec.journey, body: structuredClone(prepared.body) });
      this.#host.dispatchEvent(submit);
      const proceed = await submit.settled().then(
        () => !submit.defaultPrevented,
        () => false, // a waitUntil promise rejected: the integrator stopped the request
      );
      if (!proceed) {
        this.state = 'idle';
        return undefined;
      }
      const extended = submit.detail.body && typeof submit.detail.body === 'object' ? submit.detail.body : prepared.body;
      const answer = await spec.send(prepared.addSecrets ? prepared.addSecrets(extended) : extended, this.#callbacks.signal());
      this.state = 'succeeded';
      await spec.onSuccess?.(answer);
      this.#host.dispatchEvent(new NidSuccessEvent(spec.journey, spec.detail(answer)));
      return answer;
    } catch (caught) {
      this.#fail(asJourneyError(caught), spec);
      return undefined;
    } finally {
      this.#host.requestUpdate();
    }
  }

  #fail<T>(error: JourneyError, spec: SubmitSpec<T>): void {
    if (error.kind === 'aborted') {
      this.state = 'idle';
      return;
    }
    this.state = 'failed';
    this.error = error;
    this.failedAt = ++failureSequence;
    if (error.code === 'rate_limited' && error.retryAfter !== undefined) this.countdown.start(error.retryAfter);
    const fields = error.fields.map((field) => ({ ...field, name: spec.placeField?.(field) ?? field.name }));
    this.#host.dispatchEvent(
      new NidErrorEvent(
        {
          code: error.code,
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(fields.length ? { fields: fields.map(({ name, code }) => ({ name, code })) } : {}),
          ...(Object.keys(error.details).length ? { details: { ...error.details } } : {}),
        },
        spec.journey,
      ),
    );
    spec.onFailure?.(error);
    void this.#callbacks.failed(error, fields);
  }
}
