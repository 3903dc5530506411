/**
 * Where a journey's client settings come from, besides its attributes: the
 * `settings` property (checked against the contract's schema, key by key) and
 * `settings-src`, a URL of the integrator's that serves the same JSON. The
 * vendor has no public settings endpoint (contract section 9), so nothing
 * here calls the identity service.
 *
 * The host calls `sync()` from `willUpdate` with what changed; the controller
 * tells it when it is busy and why fetching failed.
 */
import { isServer, type PropertyValues, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { callApi, sanitiseSettings, type ApiConfig } from '../api/client.js';
import type { ClientSettings } from '../api/contract.js';
import { checkIntegratorUrl } from '../api/endpoints.js';
import { asJourneyError, type JourneyError } from '../api/errors.js';

export interface SettingsSource {
  /** The `settings` property as given (anything: it is checked here). */
  settings: unknown;
  /** `settings-src`, relative to the page or absolute. */
  settingsSrc: string | undefined;
  /** What a relative `settings-src` resolves against (see PageInputs). */
  base: string;
  api: ApiConfig;
  /** Aborted when the element leaves the document. */
  signal: AbortSignal;
}

export class SettingsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #source: () => SettingsSource;
  readonly #onFetchFailed: (error: JourneyError) => void;
  #request: AbortController | undefined;
  /** The `settings` property once checked. */
  explicit: ClientSettings = {};
  /** What `settings-src` served, once checked. */
  fetched: ClientSettings = {};
  checking = false;
  loading = false;
  /** Why checking or fetching failed; the form renders with what it has. */
  error: JourneyError | undefined;

  constructor(host: ReactiveControllerHost, source: () => SettingsSource, onFetchFailed: (error: JourneyError) => void) {
    this.#host = host;
    this.#source = source;
    this.#onFetchFailed = onFetchFailed;
    host.addController(this);
  }

  get busy(): boolean {
    return this.checking || this.loading;
  }

  hostDisconnected(): void {
    this.#request?.abort();
    this.loading = false;
  }

  /** Starts checking or fetching when their inputs changed (`settings`, `settingsSrc`). */
  sync(changed: PropertyValues): void {
    if (changed.has('settings')) this.#check(this.#source().settings);
    if (changed.has('settingsSrc')) this.#fetch();
  }

  #check(given: unknown): void {
    if (!given || typeof given !== 'object') {
      this.explicit = {};
      this.checking = false;
      return;
    }
    this.checking = true;
    sanitiseSettings(given)
      .then(
        (checked) => {
          if (this.#source().settings === given) this.explicit = checked;
        },
        (error: unknown) => {
          this.error = asJourneyError(error);
        },
      )
      .finally(() => {
        if (this.#source().settings === given) this.checking = false;
        this.#host.requestUpdate();
      });
  }

  #fetch(): void {
    this.#request?.abort();
    const { settingsSrc, base, api, signal } = this.#source();
    // A URL that is not allowed is a configuration problem the element reports itself.
    if (!checkIntegratorUrl(settingsSrc, base)) {
      this.fetched = {};
      this.loading = false;
      return;
    }
    // A server renders the wait, and the browser fetches (the same wait is its first, hydrating state).
    this.loading = true;
    if (isServer) return;
    const request = new AbortController();
    this.#request = request;
    const stop = () => request.abort();
    signal.addEventListener('abort', stop, { once: true });
    callApi({ ...api, settingsSrc }, 'settings', { signal: request.signal })
      .then(sanitiseSettings)
      .then(
        (settings) => {
          this.fetched = settings;
        },
        (caught: unknown) => {
          const error = asJourneyError(caught);
          if (error.kind === 'aborted') return;
          this.error = error;
          this.#onFetchFailed(error);
        },
      )
      .finally(() => {
        signal.removeEventListener('abort', stop);
        if (this.#request === request) this.loading = false;
        this.#host.requestUpdate();
      });
  }
}
