/**
 * The base of the four journey elements: a `define()` that tolerates a second
 * copy of the script, the attributes every journey shares, configuration
 * checks, and what every journey renders: the live regions around its view.
 * Settings sources, locale, submissions, fields and templates live in their
 * own controllers and modules; the element reaches them through protected
 * members only, so its public API is its attributes and properties.
 */
import { nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { ClientSettings, FieldError, FieldSetting } from '../api/contract.js';
import { callApi, warnIntegrator, type ApiConfig, type Responses } from '../api/client.js';
import { JourneyError } from '../api/errors.js';
import type { Endpoints, RouteName } from '../api/vocabulary.js';
import { NidErrorEvent } from '../events.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { ensureLocalization } from '../i18n/localization.js';
import { resolveLocale } from '../i18n/resolve-locale.js';
import { fieldsConverter, resolveSettings, serviceProblems, settingsSrcProblem, uiLocalesOf } from './config.js';
import type { AttributeSettings, ResolvedSettings } from './config.js';
import type { Field } from './fields/field.js';
import { PasswordVisibility } from './fields/password-field.js';
import { PhoneSupport } from './fields/phone-field.js';
import { profileFieldContext, type ProfileFieldContext } from './fields/profile-fields.js';
import { Connection } from './connection.js';
import { ElementStatus } from './element-status.js';
import { FormState } from './form-state.js';
import { requestErrorText } from './messages.js';
import { PageInputs } from './page-inputs.js';
import { SettingsController } from './settings-controller.js';
import type { Body, Submission } from './submission.js';
import { Submissions } from './submissions.js';
import { ViewFields } from './view-fields.js';
import { ThemedElement } from './themed-element.js';
import { alertText, renderForm, renderRegions, spoken } from './templates.js';

/**
 * What every journey element shares (the theming contract is on
 * ThemedElement). While it loads its settings or waits for an answer the
 * element is busy: `aria-busy` through its internals, and the custom state
 * `:state(busy)` for your CSS.
 */
export abstract class JourneyElement extends ThemedElement {
  /** The service's base URL, e.g. `https://id.eu.nextreason.com` (`http:` only on localhost). */
  @property({ attribute: 'base-domain' }) baseDomain = '';
  /** The OAuth client id. */
  @property({ attribute: 'client-id' }) clientId = '';
  /** The environment on a shared vendor domain: sent as `?env_id=` on every call. Leave it out on a custom domain. */
  @property({ attribute: 'env-id' }) envId: string | undefined;
  /** Relay mode: your route (e.g. `/api/nid`) that forwards the same calls to the service (see `createJourneysRelay`). */
  @property({ attribute: 'api-base' }) apiBase: string | undefined;
  /** Path overrides per call, e.g. `{ register: '/custom/register' }` (paths on the base domain only). */
  @property({ attribute: false }) endpoints: Partial<Endpoints> = {};
  /** Client settings given directly; explicit attributes win over them, they win over `settings-src`'s. */
  @property({ attribute: false }) settings: ClientSettings | undefined;
  /** A URL of yours (relative or https) serving the client settings as JSON; the form waits for it. */
  @property({ attribute: 'settings-src' }) settingsSrc: string | undefined;
  /** Space-separated locale preferences (`ui_locales`); else the page's `ui_locales` query parameter. */
  @property({ attribute: 'ui-locales' }) uiLocales = '';
  /** Milliseconds before a request counts as timed out. */
  @property({ type: Number, attribute: 'request-timeout' }) requestTimeout = 15_000;
  /** `email` or `sms`: which identifier the account uses (`auth_type`). */
  @property({ attribute: 'auth-type' }) authType: string | undefined;
  @property({ attribute: 'default-locale' }) defaultLocale: string | undefined;
  /** ISO 3166-1 alpha-2 code pre-selected in mobile fields (step 2 of the fallback chain). */
  @property({ attribute: 'mobile-default-country' }) mobileDefaultCountry: string | undefined;
  /** Countries offered by mobile fields, space- or comma-separated. */
  @property({ attribute: 'mobile-flag-countries' }) mobileFlagCountries: string | undefined;
  /** Pre-select the mobile country from the region of `ui_locales`. */
  @property({ type: Boolean, attribute: 'mobile-query-default-flag' }) mobileQueryDefaultFlag = false;
  /** Profile fields to render: `"firstName* lastName* gender"` (`*` = required), or an array. */
  @property({ attribute: 'fields', converter: fieldsConverter }) fields: (FieldSetting | string)[] | string | undefined;
  @property({ type: Number, attribute: 'password-min-length' }) passwordMinLength: number | undefined;
  /** A short screen-reader announcement in the status region ("you can try again now"). */
  @state() protected announcement = '';

  readonly #connection = new Connection(this);
  protected readonly form = new FormState(this);
  /** The page's address and base URL: read only once a server's rendering (if any) is hydrated. */
  protected readonly page = new PageInputs(this);
  /** The resolved locale, switched to when it changes; the form waits for its messages rather than flash English. */
  protected readonly locale = new LocaleController(this, () => this.resolvedLocale, () => this.page.ready);
  /** The lazy phone chunk, for the mobile fields of any journey. */
  protected readonly phone = new PhoneSupport(this);
  /** Which password inputs show their text. */
  protected readonly visibility = new PasswordVisibility(this);
  /** The current view's fields, built once per update. */
  protected readonly viewFields = new ViewFields(this, {
    build: () => this.buildFields(),
    form: this.form,
    phone: this.phone,
    focusProblem: () => this.updateComplete.then(() => this.focusFirstProblem()),
  });
  protected readonly settingsSource = new SettingsController(
    this,
    () => ({ settings: this.settings, settingsSrc: this.settingsSrc, base: this.page.base, api: this.apiConfig(), signal: this.#connection.signal }),
    (error) => this.dispatchEvent(new NidErrorEvent({ code: error.code, ...(error.status !== undefined ? { status: error.status } : {}) }, 'settings')),
  );
  /** Every submission of this element, for the live regions. Subclasses create theirs with `createSubmission()`. */
  readonly #submissions = new Submissions(this, {
    signal: () => this.#connection.signal,
    announce: (text) => (this.announcement = text),
    failed: (error, fields) => this.#afterFailure(error, fields),
    waitOverText: () => msg('You can try again now.'),
  });
  /** What one update computes once and every render and handler until the next reads (reset in willUpdate). */
  #once: { resolved?: ResolvedSettings; uiLocales?: string[]; locale?: string; problems?: string[] } = {};

  constructor() {
    super();
    ensureLocalization();
    // Busy state and configuration reports after each update (the controller registers itself).
    new ElementStatus(this, { busy: () => this.busy, configProblems: () => this.problems });
  }

  /** Preparing, or an answer awaited: `aria-busy` and `:state(busy)`. */
  protected get busy(): boolean {
    return this.preparing || this.#submissions.busy;
  }

  /** The attributes that feed settings resolution; subclasses add theirs. */
  protected attributeSettings(): AttributeSettings {
    const { authType, defaultLocale, mobileDefaultCountry, mobileFlagCountries, mobileQueryDefaultFlag, fields, passwordMinLength } = this;
    return { authType, defaultLocale, mobileDefaultCountry, mobileFlagCountries, mobileQueryDefaultFlag, fields, passwordMinLength };
  }

  /** The settings of this update: computed once per update, so every render and handler sees the same. */
  protected get resolved(): ResolvedSettings {
    return (this.#once.resolved ??= resolveSettings(this.attributeSettings(), this.settingsSource.explicit, this.settingsSource.fetched));
  }

  /** The `ui_locales` preferences, in order. */
  protected get uiLocaleList(): string[] {
    return (this.#once.uiLocales ??= uiLocalesOf(typeof this.uiLocales === 'string' ? this.uiLocales : undefined, this.page.search));
  }

  /** The configuration problems of this update (see `configProblems`). */
  protected get problems(): string[] {
    return (this.#once.problems ??= this.configProblems());
  }

  /** Where this element's requests go. */
  protected apiConfig(): ApiConfig {
    const { baseDomain, apiBase, envId, endpoints, requestTimeout: timeoutMs } = this;
    return { baseDomain, apiBase, envId, endpoints, timeoutMs };
  }

  /** One call of the service (or the integrator's route) with this element's configuration. */
  protected call<R extends RouteName>(route: R, body: Body, signal: AbortSignal, accessToken?: string): Promise<Responses[R]> {
    return callApi(this.apiConfig(), route, { body, signal, ...(accessToken !== undefined ? { accessToken } : {}) });
  }

  protected createSubmission(): Submission {
    return this.#submissions.create();
  }

  async #afterFailure(error: JourneyError, fields: readonly FieldError[]): Promise<void> {
    warnIntegrator(this.localName, error);
    if (fields.length) this.form.applyServerErrors(fields);
    await this.updateComplete;
    this.focusFirstProblem();
  }

  /**
   * Attribute names that are missing or invalid; the element then renders a
   * configuration error instead of its form and sends nothing. Subclasses add
   * their own.
   */
  protected configProblems(): string[] {
    return [...this.serviceProblems(), ...settingsSrcProblem(this.settingsSrc, this.page.base)];
  }

  /** What calling the service from the browser needs. */
  protected serviceProblems(): string[] {
    return serviceProblems(this, this.page.base);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Here rather than in updated(): starting the fetch sets state, which would cost a second update.
    this.settingsSource.sync(changed);
    this.#once = {};
  }

  /** The fields the current view shows (none for a view without a form): see ViewFields. */
  protected abstract buildFields(): Field[];

  /** The current fields as a form, with an optional explanation and its submit button. */
  protected renderForm(onSubmit: () => void, label: string, submission: Submission, intro?: string): TemplateResult {
    return renderForm({ fields: this.viewFields.all, onSubmit, label, submission, intro });
  }

  /** Settings being fetched or checked, or the locale's messages on their way: the journey waits, the element is busy. */
  protected get preparing(): boolean {
    return this.settingsSource.busy || this.locale.loading;
  }

  /**
   * The shipped locale this element's configuration asks for: `ui-locales`,
   * else the page's `ui_locales`, else `default_locale`, else en-US, within
   * `supported_locales` (see resolveLocale). Requests carry it as `locale`.
   */
  get resolvedLocale(): string {
    const { defaultLocale, supportedLocales } = this.resolved;
    return (this.#once.locale ??= resolveLocale({ uiLocales: this.uiLocaleList, defaultLocale, supportedLocales }));
  }

  /** The identifier of the client's accounts: the mobile number for sms clients, else the email address. */
  protected get identifierName(): 'emailAddress' | 'mobileNumber' {
    return this.resolved.authType === 'sms' ? 'mobileNumber' : 'emailAddress';
  }

  /** What the profile fields need from the settings (mobile countries, security questions). */
  protected fieldContext(): ProfileFieldContext {
    return profileFieldContext(this.form, this.phone, this.resolved, this.uiLocaleList);
  }

  /** Focus the first invalid control, or else the alert region. */
  protected focusFirstProblem(): void {
    const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    const alert = this.renderRoot.querySelector<HTMLElement>('[role="alert"]');
    (invalid ?? alert)?.focus();
  }

  /** An error the current view stands for without a request having failed (an expired link). */
  protected viewError(): JourneyError | undefined {
    return undefined;
  }

  /** The journey's own content (form, success view). */
  protected abstract renderJourney(): TemplateResult | typeof nothing;

  /** Text for the status region: success and progress. Subclasses extend it. */
  protected statusContent(): TemplateResult | string | typeof nothing {
    if (this.#submissions.busy) return spoken(msg('Sending…'));
    if (this.preparing) return spoken(msg('Loading…'));
    return this.announcement ? spoken(this.announcement) : nothing;
  }

  protected override render(): TemplateResult {
    if (this.problems.length > 0) {
      return renderRegions(requestErrorText(new JourneyError({ kind: 'config', code: 'invalid_config' })), this.statusContent(), nothing);
    }
    const alert = alertText(this.viewError() ?? this.#submissions.latestError ?? this.settingsSource.error, this.form.unplacedServerErrors());
    return renderRegions(alert, this.statusContent(), this.preparing ? nothing : this.renderJourney());
  }
}
