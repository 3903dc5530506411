/**
 * What an element reads from the page it is on: the address (a reset link's
 * code, the `ui_locales` query parameter) and the base that relative URLs
 * (`action`, `settings-src`, `api-base`) resolve against.
 *
 * A server has no page (Lit's `isServer`). An element the server rendered
 * has its shadow root before Lit's first render, and Lit hydrates it: that
 * first update must draw exactly what the server drew, or Lit finds a
 * mismatch (and draws a second form). So until that update is done the page
 * reads as a server sees it (no query, relative URLs on an https page's own
 * origin, no locale but the source one; see LocaleController); then the
 * element updates once more, with the page.
 */
import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** Where relative URLs are judged when there is no page to read: on an https page's own origin. */
const NO_PAGE = 'https://page.invalid/';

export class PageInputs implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #ready: boolean;
  #arriving = true;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    // Checked in the constructor, before Lit makes a shadow root of its own: one here is the server's.
    this.#ready = !isServer && host.shadowRoot === null;
    host.addController(this);
  }

  /** The page can be read: in a browser, once the server's rendering (if any) has been hydrated. */
  get ready(): boolean {
    return this.#ready;
  }

  /** The first update that reads the page (for what is read once: a link's code). */
  get arriving(): boolean {
    return this.#ready && this.#arriving;
  }

  hostUpdated(): void {
    if (this.#ready) {
      this.#arriving = false;
      return;
    }
    this.#ready = true;
    // After this update rather than during it (Lit warns of an update requested by an update).
    queueMicrotask(() => this.#host.requestUpdate());
  }

  /** The page's query string; empty without a page. */
  get search(): string {
    return this.#ready ? location.search : '';
  }

  /** The base of relative URLs. */
  get base(): string {
    return this.#ready ? document.baseURI : NO_PAGE;
  }
}
