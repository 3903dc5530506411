/**
 * The wait after a 429: a countdown that disables one action until
 * `Retry-After` has passed. It ticks once a second for the visible timer; the
 * element announces only its start and its end (security requirement 20).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class Countdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onEnd: () => void;
  #endsAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Whole seconds left; 0 when not running. */
  remaining = 0;
  /** The length of the current or last wait, for the announcement at its start. */
  total = 0;

  constructor(host: ReactiveControllerHost, onEnd: () => void) {
    this.#host = host;
    this.#onEnd = onEnd;
    host.addController(this);
  }

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.total = Math.max(0, Math.ceil(seconds));
    this.#endsAt = Date.now() + this.total * 1000;
    this.#tick();
  }

  hostConnected(): void {
    if (this.#endsAt > Date.now()) this.#tick();
  }

  hostDisconnected(): void {
    this.#stopTimer();
  }

  #tick = (): void => {
    // Derived from the clock rather than counted, so a throttled background tab stays right.
    this.remaining = Math.max(0, Math.ceil((this.#endsAt - Date.now()) / 1000));
    if (this.remaining > 0) {
      this.#timer ??= setInterval(this.#tick, 1000);
    } else {
      const wasRunning = this.#timer !== undefined || this.total > 0;
      this.#stopTimer();
      this.#endsAt = 0;
      if (wasRunning) this.#onEnd();
    }
    this.#host.requestUpdate();
  };

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
