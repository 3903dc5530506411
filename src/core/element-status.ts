/**
 * What an element tells the page about itself after each update: busy
 * (settings loading, an answer awaited) as `aria-busy` and `:state(busy)`
 * through its internals, never as host attributes; and a configuration that
 * changed to one it cannot work with, once, as a console warning naming the
 * attributes (never their values) and `nid-error` `invalid_config`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { NidErrorEvent } from '../events.js';

export interface StatusSource {
  busy(): boolean;
  /** The attributes that are missing or invalid. */
  configProblems(): string[];
}

export class ElementStatus implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #internals: ElementInternals;
  readonly #source: StatusSource;
  #reported = '';

  constructor(host: ReactiveControllerHost & HTMLElement, source: StatusSource) {
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
    const problems = this.#source.configProblems().join(' ');
    if (problems === this.#reported) return;
    this.#reported = problems;
    if (!problems) return;
    console.warn(`<${this.#host.localName}>: invalid or missing configuration: ${problems}`);
    this.#host.dispatchEvent(new NidErrorEvent({ code: 'invalid_config' }));
  }
}
