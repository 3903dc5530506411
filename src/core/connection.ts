/**
 * What an element's time on the page means for its requests: a signal that
 * aborts them when it leaves, and the transport chunk fetched with the user's
 * first move in the form rather than with the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { transportModule } from '../api/load-transport.js';

/** The first interactions that fetch the transport chunk. */
const PREFETCH_ON = ['focusin', 'pointerdown', 'keydown'] as const;

export class Connection implements ReactiveController {
  readonly #host: ReactiveControllerHost & EventTarget;
  #abort = new AbortController();

  constructor(host: ReactiveControllerHost & EventTarget) {
    this.#host = host;
    host.addController(this);
  }

  /** Aborted when the element leaves the document; a new one when it comes back. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  hostConnected(): void {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    // The transport chunk (~12 KB gzip) comes with the user's first move in
    // the form, not with the page: a page that is only looked at never pays
    // for it, and a user who starts typing has it long before submitting.
    // (A `settings` property or `settings-src` fetches it at once.)
    for (const type of PREFETCH_ON) this.#host.addEventListener(type, this.#prefetch, { once: true, passive: true });
  }

  hostDisconnected(): void {
    this.#abort.abort();
  }

  #prefetch = (): void => {
    for (const type of PREFETCH_ON) this.#host.removeEventListener(type, this.#prefetch);
    transportModule.load().catch(() => undefined);
  };
}
