/**
 * Keeps a journey element in its resolved locale: switches the page's
 * @lit/localize locale when the element's preferences change, holds the
 * element's content back while that locale's messages load (no flash of
 * English), and sets the host's `lang` and `dir` from the active locale.
 *
 * Typed input survives a switch: it lives in the element's FormState, not in
 * the rendered controls.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentLocale, sourceLocale, switchLocale } from './localization.js';
import { directionOf } from './resolve-locale.js';

export class LocaleController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #wanted: () => string;
  readonly #pageReady: () => boolean;
  /** The locale this element last asked for. */
  #requested = '';
  #loading = false;

  /**
   * `wanted`: the shipped locale the element's configuration asks for (see
   * resolveLocale). `pageReady`: false on a server and while the element
   * hydrates what a server rendered; nothing is loaded then.
   */
  constructor(host: ReactiveControllerHost & HTMLElement, wanted: () => string, pageReady: () => boolean = () => true) {
    this.#host = host;
    this.#wanted = wanted;
    this.#pageReady = pageReady;
    host.addController(this);
  }

  /**
   * The wanted locale's messages are on their way. Without a page, as a server
   * sees it: it has only the source locale, so any other one is on its way.
   */
  get loading(): boolean {
    return this.#pageReady() ? this.#loading : this.#wanted() !== sourceLocale;
  }

  /** Before each render: asks for the wanted locale when it changed (the render that follows sees `loading`). */
  hostUpdate(): void {
    // A detached element (still updating) must not change the page's language; nor one still drawing the server's state.
    if (!this.#host.isConnected || !this.#pageReady()) return;
    const wanted = this.#wanted();
    if (wanted === this.#requested) return;
    this.#requested = wanted;
    this.#loading = wanted !== currentLocale();
    if (!this.#loading) return;
    void switchLocale(wanted).then((switched) => {
      if (this.#requested !== wanted) return;
      this.#loading = false;
      this.#host.requestUpdate();
      // For the integrator (the locale files must be deployed beside the bundle); the form shows in the previous locale.
      if (!switched) console.warn(`<${this.#host.localName}>: could not load the ${wanted} translations; showing ${currentLocale()}`);
    });
  }

  /**
   * The language the element speaks, for screen readers' pronunciation and
   * the text direction (ar, he: right to left), on the host: unless the
   * page's author set `lang` or `dir` there, which stay theirs.
   */
  hostUpdated(): void {
    const locale = currentLocale();
    this.#lang = this.#own('lang', this.#lang, locale);
    this.#dir = this.#own('dir', this.#dir, directionOf(locale));
  }

  /** What this controller last wrote to `lang`/`dir`; a different value there is the author's. */
  #lang: string | undefined;
  #dir: string | undefined;

  #own(attribute: 'lang' | 'dir', written: string | undefined, wanted: string): string | undefined {
    const current = this.#host.getAttribute(attribute);
    if (current !== null && current !== written) return undefined; // the author's
    if (current !== wanted) this.#host.setAttribute(attribute, wanted);
    return wanted;
  }
}
