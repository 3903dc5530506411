/**
 * What an element tells the page about itself after each update: busy
 * (settings loading, an answer awaited) as `aria-busy` and `:state(busy)`
 * through its internals, never as host attributes; and a configuration that
 * changed to one it cannot work with, once, as a console warning naming the
 * attributes (never their values) and `nid-error` `invalid_config`.
 *
 * That check waits a microtask after the update: frameworks set their
 * bindings right after creating the element (Angular, some a microtask
 * later), and by then the element has drawn its first update. An update
 * pending at that point checks again when it is done, so only a
 * configuration still missing is reported.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { NidErrorEvent } from '../events.js';

export interface StatusSource {
  busy(): boolean;
  /** The attributes that are missing or invalid. */
  configProblems(): string[];
}

type Host = ReactiveControllerHost & HTMLElement & { readonly isUpdatePending: boolean };

export class ElementStatus implements ReactiveController {
  readonly #host: Host;
  readonly #internals: ElementInternals;
  readonly #source: StatusSource;
  #reported = '';
  #checking = false;

  constructor(host: Host, source: StatusSource) {
    this.#host = host;
    this.#internals = host.attachInternals();
    this.#source = source;
    host.addController(this);
  }

  hostUpdated(): void {
    const busy = this.#source.busy();
    this.#internals.ariaBusy = busy ? 'true' : 'false';
    if (busy) this.#internals.states.add('busy');
    else this.#internals.states.delete('busy');
    if (this.#checking) return;
    this.#checking = true;
    queueMicrotask(() => {
      this.#checking = false;
      if (!this.#host.isUpdatePending) this.#checkConfig();
    });
  }

  #checkConfig(): void {
    const problems = this.#source.configProblems().join(' ');
    if (problems === this.#reported) return;
    this.#reported = problems;
    if (!problems) return;
    console.warn(`<${this.#host.localName}>: invalid or missing configuration: ${problems}`);
    this.#host.dispatchEvent(new NidErrorEvent({ code: 'invalid_config' }));
  }
}
