/**
 * The base of the four journey elements: a `define()` that tolerates a second
 * copy of the script, the attributes and settings every journey shares,
 * configuration checks, the live regions, and what happens after a failed
 * submission (errors on their fields, focus to the first problem). Settings
 * sources, locale, submissions and fields live in their own controllers and
 * modules.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { ClientSettings, FieldError, FieldSetting } from '../api/contract.js';
import { callApi, warnIntegrator, type ApiConfig, type Responses } from '../api/client.js';
import { checkBaseDomain, checkEndpoints, checkIntegratorUrl, ENV_ID_PATTERN } from '../api/endpoints.js';
import { JourneyError } from '../api/errors.js';
import { transportModule } from '../api/load-transport.js';
import type { Endpoints, RouteName } from '../api/vocabulary.js';
import { NidErrorEvent } from '../events.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { ensureLocalization } from '../i18n/localization.js';
import { resolveLocale } from '../i18n/resolve-locale.js';
import { normaliseFields, resolveSettings, uiLocalesOf, type AttributeSettings, type ResolvedSettings } from './config.js';
import { renderAction, renderForm, type ActionOptions } from './actions.js';
import type { Field } from './fields/field.js';
import { PasswordVisibility } from './fields/password-field.js';
import { PhoneSupport } from './fields/phone-field.js';
import { profileField, type ProfileFieldContext } from './fields/profile-fields.js';
import { FormState } from './form-state.js';
import { fieldIssueText, requestErrorText } from './messages.js';
import { SettingsController } from './settings-controller.js';
import { journeyStyles } from './styles.js';
import { Submission, type Body } from './submission.js';

/** Reflects only the two themes: anything else (a Symbol included, which setAttribute would throw on) removes the attribute. */
const themeConverter = {
  fromAttribute: (value: string | null) => (value === 'light' || value === 'dark' ? value : undefined),
  toAttribute: (value: unknown) => (value === 'light' || value === 'dark' ? value : null),
};

/** The first interactions that fetch the transport chunk. */
const PREFETCH_ON = ['focusin', 'pointerdown', 'keydown'] as const;

const fieldsConverter = {
  fromAttribute: (value: string | null) => (value === null ? undefined : normaliseFields(value)),
};

const isBlankString = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * What every journey element shares: the theming contract below applies to
 * all four (each element lists its own parts).
 *
 * @csspart alert - The error region (`role="alert"`), present from the first render.
 * @csspart status - The status region (`role="status"`): progress and success, present from the first render.
 *
 * @cssproperty --nid-color-text - Text colour (default #1f2328; dark #e6edf3).
 * @cssproperty --nid-color-muted - Hints and secondary text.
 * @cssproperty --nid-color-surface - Background of the element.
 * @cssproperty --nid-color-input - Background of inputs.
 * @cssproperty --nid-color-border - Input borders (keep 3:1 against the surface).
 * @cssproperty --nid-color-primary - Buttons and links.
 * @cssproperty --nid-color-on-primary - Text on the primary colour.
 * @cssproperty --nid-color-error - Error text and invalid borders.
 * @cssproperty --nid-color-error-surface - Background of the error region.
 * @cssproperty --nid-color-success - Success messages.
 * @cssproperty --nid-color-focus - Focus ring colour.
 * @cssproperty --nid-focus-ring-width - Focus ring width (default 3px).
 * @cssproperty --nid-font-family - Font family.
 * @cssproperty --nid-font-size - Base font size.
 * @cssproperty --nid-radius - Corner radius of inputs and buttons.
 * @cssproperty --nid-spacing - Space between fields.
 * @cssproperty --nid-max-width - Maximum width of the element.
 */
export abstract class JourneyElement extends LitElement {
  static override styles = journeyStyles;

  /** Defines the element once; a second copy of the script on the page is harmless. */
  static define(tag: string): void {
    if (!customElements.get(tag)) customElements.define(tag, this as unknown as CustomElementConstructor);
  }

  /** The service's base URL, e.g. `https://id.eu.nextreason.com` (`http:` only on localhost). */
  @property({ attribute: 'base-domain' }) baseDomain = '';
  /** The OAuth client id. */
  @property({ attribute: 'client-id' }) clientId = '';
  /** The environment on a shared vendor domain: sent as `?env_id=` on every call. Leave it out on a custom domain. */
  @property({ attribute: 'env-id' }) envId: string | undefined;
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
  /** `light` or `dark`; without it the element follows the user's `prefers-color-scheme`. */
  @property({ reflect: true, converter: themeConverter }) theme: 'light' | 'dark' | undefined;

  /** A short screen-reader announcement in the status region ("you can try again now"). */
  @state() protected announcement = '';

  protected readonly form = new FormState(this);
  /** The resolved locale, switched to when it changes; the form waits for its messages rather than flash English. */
  protected readonly locale = new LocaleController(this, () => this.resolvedLocale);
  /** The lazy phone chunk, for the mobile fields of any journey. */
  protected readonly phone = new PhoneSupport(this);
  /** Which password inputs show their text. */
  protected readonly visibility = new PasswordVisibility(this);
  protected readonly settingsSource = new SettingsController(
    this,
    () => ({ settings: this.settings, settingsSrc: this.settingsSrc, api: this.apiConfig(), signal: this.#abort.signal }),
    (error) => this.dispatchEvent(new NidErrorEvent({ code: error.code, ...(error.status !== undefined ? { status: error.status } : {}) }, 'settings')),
  );
  /** Every submission of this element, for the alert region. Subclasses create theirs with `createSubmission()`. */
  readonly #submissions: Submission[] = [];
  #abort = new AbortController();
  #reportedConfigProblem = '';
  #resolved: ResolvedSettings | undefined;

  constructor() {
    super();
    ensureLocalization();
    this.addEventListener('pointerdown', this.#onPointerDown);
  }

  /** See FormState.holdTouchedErrors: a click must not lose its button to a layout shift. */
  #onPointerDown = (): void => {
    this.form.holdTouchedErrors(true);
    const release = () => {
      removeEventListener('pointerup', release, true);
      removeEventListener('pointercancel', release, true);
      this.form.holdTouchedErrors(false);
    };
    addEventListener('pointerup', release, true);
    addEventListener('pointercancel', release, true);
  };

  /** The attributes that feed settings resolution; subclasses add theirs. */
  protected attributeSettings(): AttributeSettings {
    return {
      authType: this.authType,
      defaultLocale: this.defaultLocale,
      mobileDefaultCountry: this.mobileDefaultCountry,
      mobileFlagCountries: this.mobileFlagCountries,
      mobileQueryDefaultFlag: this.mobileQueryDefaultFlag,
      fields: this.fields,
      passwordMinLength: this.passwordMinLength,
    };
  }

  /** The settings of this update: computed in `willUpdate`, so every render and handler sees the same. */
  protected get resolved(): ResolvedSettings {
    return (this.#resolved ??= this.#resolve());
  }

  #resolve(): ResolvedSettings {
    return resolveSettings(this.attributeSettings(), this.settingsSource.explicit, this.settingsSource.fetched);
  }

  /** The `ui_locales` preferences, in order. */
  protected get uiLocaleList(): string[] {
    return uiLocalesOf(typeof this.uiLocales === 'string' ? this.uiLocales : undefined);
  }

  /** Where this element's requests go. */
  protected apiConfig(): ApiConfig {
    return { baseDomain: this.baseDomain, envId: this.envId, endpoints: this.endpoints, timeoutMs: this.requestTimeout };
  }

  /** One call of the service (or the integrator's route) with this element's configuration. */
  protected call<R extends RouteName>(route: R, body: Body, signal: AbortSignal, accessToken?: string): Promise<Responses[R]> {
    return callApi(this.apiConfig(), route, { body, signal, ...(accessToken !== undefined ? { accessToken } : {}) });
  }

  protected createSubmission(): Submission {
    const submission = new Submission(this, {
      signal: () => this.#abort.signal,
      announce: (text) => (this.announcement = text),
      failed: (error, fields) => this.#afterFailure(error, fields),
      countdownEnded: (ended) => {
        ended.clear();
        this.announcement = msg('You can try again now.');
      },
    });
    this.#submissions.push(submission);
    return submission;
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
    const problems = this.serviceProblems();
    if (this.settingsSrc != null && this.settingsSrc !== '' && !checkIntegratorUrl(this.settingsSrc)) problems.push('settings-src');
    return problems;
  }

  /** What calling the service from the browser needs. */
  protected serviceProblems(): string[] {
    const problems: string[] = [];
    if (!checkBaseDomain(this.baseDomain)) problems.push('base-domain');
    if (!checkEndpoints(this.endpoints)) problems.push('endpoints');
    if (isBlankString(this.clientId)) problems.push('client-id');
    if (this.envId != null && this.envId !== '' && !(typeof this.envId === 'string' && ENV_ID_PATTERN.test(this.envId))) problems.push('env-id');
    return problems;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    // The transport chunk (~12 KB gzip) comes with the user's first move in
    // the form, not with the page: a page that is only looked at never pays
    // for it, and a user who starts typing has it long before submitting.
    // (A `settings` property or `settings-src` fetches it at once.)
    for (const type of PREFETCH_ON) this.addEventListener(type, this.#prefetchTransport, { once: true, passive: true });
  }

  #prefetchTransport = (): void => {
    for (const type of PREFETCH_ON) this.removeEventListener(type, this.#prefetchTransport);
    transportModule.load().catch(() => undefined);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Here rather than in updated(): starting the fetch sets state, which would cost a second update.
    this.settingsSource.sync(changed);
    this.#resolved = this.#resolve();
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
    const settings = this.resolved;
    return resolveLocale({ uiLocales: this.uiLocaleList, defaultLocale: settings.defaultLocale, supportedLocales: settings.supportedLocales });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Loading settings or waiting for an answer: assistive technology (and a host's CSS) can tell.
    const busy = this.preparing || this.#submissions.some((submission) => submission.busy);
    this.toggleAttribute('aria-busy', busy);
    const problems = this.configProblems().join(' ');
    if (problems !== this.#reportedConfigProblem) {
      this.#reportedConfigProblem = problems;
      if (problems) {
        // For the integrator: which attributes to fix. Never includes values.
        console.warn(`<${this.localName}>: invalid or missing configuration: ${problems}`);
        this.dispatchEvent(new NidErrorEvent({ code: 'invalid_config' }));
      }
    }
  }

  /** The identifier of the client's accounts: the mobile number for sms clients, else the email address. */
  protected get identifierName(): 'emailAddress' | 'mobileNumber' {
    return this.resolved.authType === 'sms' ? 'mobileNumber' : 'emailAddress';
  }

  /** What the profile fields need from the settings (mobile countries, security questions). */
  protected fieldContext(): ProfileFieldContext {
    const settings = this.resolved;
    return {
      form: this.form,
      phone: this.phone,
      countryChain: {
        queryDefaultFlag: settings.mobile.queryDefaultFlag,
        uiLocales: this.uiLocaleList,
        mobileDefaultCountry: settings.mobile.defaultCountry,
        mobileFlagCountries: settings.mobile.flagCountries,
        defaultLocale: settings.defaultLocale,
      },
      flagCountries: settings.mobile.flagCountries,
      securityQuestions: settings.securityQuestions,
    };
  }

  /** The required identifier field (email address, or mobile number for sms clients). */
  protected identifierField(): Field {
    return profileField({ name: this.identifierName, required: true }, this.fieldContext())!;
  }

  /**
   * Before a submit: waits for the phone chunk when a phone field is shown,
   * then checks every rendered field, or only `fields` when `only` is set.
   */
  protected async fieldsReady(fields: readonly Field[], only = false): Promise<boolean> {
    if (fields.some((field) => field.phone)) await this.phone.ready();
    const invalid = this.form.validateAll(only ? fields.flatMap((field) => field.validators.map(([name]) => name)) : undefined);
    if (invalid.length === 0) return true;
    await this.updateComplete;
    this.focusFirstProblem();
    return false;
  }

  /** A journey's form: an optional explanation, its fields (whose checks it registers) and its action. */
  protected renderForm(fields: readonly Field[], onSubmit: () => void, label: string, submission: Submission, intro?: string): TemplateResult {
    this.form.useValidators(new Map(fields.flatMap((field) => field.validators)));
    return renderForm({ fields, onSubmit, label, submission, intro });
  }

  /** A journey action (the form's submit, or a secondary `type="button"` action such as "resend"). */
  protected renderAction(label: string, submission: Submission, options: ActionOptions = {}): TemplateResult {
    return renderAction(label, submission, options);
  }

  /** Focus the first invalid control, or else the alert region. */
  protected focusFirstProblem(): void {
    const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    const alert = this.renderRoot.querySelector<HTMLElement>('[role="alert"]');
    (invalid ?? alert)?.focus();
  }

  /** Moves focus to the status region, where a new view's message is announced. */
  protected async focusStatus(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
  }

  /** An error the current view stands for without a request having failed (an expired link). */
  protected viewError(): JourneyError | undefined {
    return undefined;
  }

  /** The journey's own content (form, success view). */
  protected abstract renderJourney(): TemplateResult | typeof nothing;

  /** Text for the status region: success and progress. Subclasses extend it. */
  protected statusContent(): TemplateResult | string | typeof nothing {
    if (this.#submissions.some((submission) => submission.busy)) return html`<span class="sr-only">${msg('Sending…')}</span>`;
    if (this.preparing) return html`<span class="sr-only">${msg('Loading…')}</span>`;
    return this.announcement ? html`<span class="sr-only">${this.announcement}</span>` : nothing;
  }

  protected alertContent(): TemplateResult | string | typeof nothing {
    if (this.configProblems().length) return requestErrorText(new JourneyError({ kind: 'config', code: 'invalid_config' }));
    const latest = this.#submissions
      .filter((submission) => submission.error)
      .sort((a, b) => b.failedAt - a.failedAt)[0]?.error;
    const error = this.viewError() ?? latest ?? this.settingsSource.error;
    if (!error) return nothing;
    // The countdown next to the button shows the wait; the alert only announces its start.
    if (error.code === 'rate_limited') return html`<span class="sr-only">${requestErrorText(error)}</span>`;
    if (error.code === 'invalid_form_fields') {
      const elsewhere = this.form.unplacedServerErrors();
      if (elsewhere.length === 0) return nothing; // each message is on its field
      return html`${requestErrorText(error)}
        <ul>
          ${elsewhere.map((issue) => html`<li>${fieldIssueText(issue, 'text')}</li>`)}
        </ul>`;
    }
    return requestErrorText(error);
  }

  protected override render(): TemplateResult {
    const unusable = this.configProblems().length > 0;
    return html`
      <div part="alert" class="alert" role="alert" tabindex="-1">${this.alertContent()}</div>
      <div part="status" class="status" role="status" tabindex="-1">${this.statusContent()}</div>
      ${unusable || this.preparing ? nothing : this.renderJourney()}
      <slot name="footer"></slot>
    `;
  }
}
