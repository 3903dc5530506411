/**
 * The submit lifecycle every journey action shares (register, resend, activate,
 * reset, invite): one request at a time, `nid-submit` before it, the
 * Idempotency-Key reused when the same submission is retried, `nid-success` /
 * `nid-error` after it, and the 429 countdown.
 *
 * Secrets (passwords, security answers) are kept out of everything but the
 * request itself: the event sees the body without them, and they are merged
 * back only into the body that goes on the wire.
 */
import type { ReactiveController } from 'lit';
import { callApi, type Responses } from '../api/client.js';
import { randomId } from '../api/endpoints.js';
import type { RouteName } from '../api/vocabulary.js';
import { JourneyError } from '../api/errors.js';
import { NidErrorEvent, NidSubmitEvent, NidSuccessEvent, type JourneyName } from '../events.js';
import { Countdown } from './countdown.js';
import type { JourneyElement } from './journey-element.js';

export type Body = Record<string, unknown>;

export interface PreparedRequest {
  /** The body without secrets: what `nid-submit` listeners see and may extend. */
  body: Body;
  /** Puts the secrets back into the (possibly extended) body. */
  addSecrets?: (body: Body) => Body;
}

export interface SubmitSpec<E extends RouteName> {
  journey: JourneyName;
  /** Where it goes; the transport checks the body and the answer against this endpoint's schemas. */
  endpoint: E;
  /**
   * Builds the body (it may load the phone chunk first). Returns undefined
   * when client validation failed: nothing is sent.
   */
  prepare: () => PreparedRequest | undefined | Promise<PreparedRequest | undefined>;
  /** `nid-success` is cancelable when the success leads to a navigation. */
  navigates?: (data: Responses[E]) => boolean;
  /** Shows the success (the element's new view) before `nid-success` fires. */
  onSuccess?: (data: Responses[E]) => void | Promise<void>;
}

export interface Success<T> {
  data: T;
  /** A listener canceled `nid-success` (the element then stays where it is). */
  canceled: boolean;
}

export type SubmissionState = 'idle' | 'busy' | 'failed' | 'succeeded';

let failureSequence = 0;

/** A short non-cryptographic hash: enough to tell "the same submission again" from a changed one. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
}

export class Submission implements ReactiveController {
  readonly #host: JourneyElement;
  readonly countdown: Countdown;
  state: SubmissionState = 'idle';
  error: JourneyError | undefined;
  /** Orders failures across submissions, so the element shows the latest. */
  failedAt = 0;
  /** The last attempt that may have reached the service, for Idempotency-Key reuse. */
  #lastAttempt: { fingerprint: string; key: string } | undefined;

  constructor(host: JourneyElement) {
    this.#host = host;
    host.addController(this);
    this.countdown = new Countdown(host, () => host.onCountdownEnd(this));
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

  async run<E extends RouteName>(spec: SubmitSpec<E>): Promise<Success<Responses[E]> | undefined> {
    if (this.blocked) return undefined;
    this.state = 'busy';
    this.error = undefined;
    this.#host.announce(''); // "you can try again now" belongs to the wait that just ended
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
      const body = prepared.addSecrets ? prepared.addSecrets(extended) : extended;
      const data = await callApi(this.#host.apiConfig(), spec.endpoint, {
        body,
        signal: this.#host.abortSignal,
        idempotencyKey: this.#idempotencyKey(body),
      });
      this.#lastAttempt = undefined;
      this.state = 'succeeded';
      await spec.onSuccess?.(data);
      const success = new NidSuccessEvent(spec.journey, data, { cancelable: spec.navigates?.(data) ?? false });
      this.#host.dispatchEvent(success);
      return { data, canceled: success.defaultPrevented };
    } catch (caught) {
      this.#fail(caught, spec.journey);
      return undefined;
    } finally {
      this.#host.requestUpdate();
    }
  }

  #idempotencyKey(body: Body): string {
    const print = fingerprint(JSON.stringify(body));
    if (this.#lastAttempt?.fingerprint !== print) this.#lastAttempt = { fingerprint: print, key: randomId() };
    return this.#lastAttempt.key;
  }

  #fail(caught: unknown, journey: JourneyName): void {
    const error =
      caught instanceof JourneyError ? caught : new JourneyError({ kind: 'network', code: 'network_error' });
    if (error.kind === 'aborted') {
      this.state = 'idle';
      return;
    }
    // A definite answer (4xx) ends this submission; an unknown outcome keeps its key for the retry.
    if (!error.retryable) this.#lastAttempt = undefined;
    this.state = 'failed';
    this.error = error;
    this.failedAt = ++failureSequence;
    if (error.code === 'rate_limited' && error.retryAfter !== undefined) this.countdown.start(error.retryAfter);
    this.#host.dispatchEvent(
      new NidErrorEvent(
        {
          code: error.code,
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.fields.length ? { fields: error.fields.map(({ name, code }) => ({ name, code })) } : {}),
        },
        journey,
      ),
    );
    void this.#host.onSubmissionFailed(this, error);
  }
}
