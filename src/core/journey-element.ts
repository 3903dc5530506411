/**
 * The small base of the four journey elements: a `define()` that tolerates a
 * second copy of the script, the settings every journey shares (attributes,
 * `settings`, `load-settings`), configuration checks, the API client, the live
 * regions, and what happens after a failed submission (errors on their
 * fields, focus to the first problem).
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { ClientSettings, FieldSetting } from '../api/contract.js';
import { callApi, sanitiseSettings, type ApiConfig } from '../api/client.js';
import { checkBaseDomain, checkEndpoints } from '../api/endpoints.js';
import { JourneyError } from '../api/errors.js';
import { transportModule } from '../api/load-transport.js';
import type { Endpoints } from '../api/vocabulary.js';
import { NidErrorEvent, type JourneyName } from '../events.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { ensureLocalization } from '../i18n/localization.js';
import { resolveLocale } from '../i18n/resolve-locale.js';
import { normaliseFields, resolveSettings, uiLocalesOf, type ResolvedSettings } from './config.js';
import type { Field } from './fields/field.js';
import { PasswordVisibility } from './fields/password-field.js';
import { PhoneSupport } from './fields/phone-field.js';
import { profileField, type ProfileFieldContext } from './fields/profile-fields.js';
import { FormState } from './form-state.js';
import { fieldIssueText, formatWait, requestErrorText } from './messages.js';
import { navigation } from './link-token.js';
import { journeyStyles } from './styles.js';
import { navigableUrl } from './urls.js';
import { Submission } from './submission.js';

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
  /** Path overrides per endpoint, e.g. `{ register: '/custom/register' }`. */
  @property({ attribute: false }) endpoints: Partial<Endpoints> = {};
  /** Client settings given directly; explicit attributes win over them, they win over fetched ones. */
  @property({ attribute: false }) settings: ClientSettings | undefined;
  /** Fetch the client settings from the service before rendering the form. */
  @property({ type: Boolean, attribute: 'load-settings' }) loadSettings = false;
  /** Space-separated locale preferences (`ui_locales`); else the page's `ui_locales` query parameter. */
  @property({ attribute: 'ui-locales' }) uiLocales = '';
  /** Milliseconds before a request counts as timed out. */
  @property({ type: Number, attribute: 'request-timeout' }) requestTimeout = 15_000;
  /** `email` or `sms`: which identifier the account uses. */
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
  @property({ attribute: 'terms-url' }) termsUrl: string | undefined;
  @property({ attribute: 'privacy-url' }) privacyUrl: string | undefined;
  @property({ type: Number, attribute: 'password-min-length' }) passwordMinLength: number | undefined;
  /** `light` or `dark`; without it the element follows the user's `prefers-color-scheme`. */
  @property({ reflect: true, converter: themeConverter }) theme: 'light' | 'dark' | undefined;

  @state() protected fetchedSettings: ClientSettings = {};
  /** The `settings` property once the contract's schema has checked it. */
  @state() protected explicitSettings: ClientSettings = {};
  @state() protected settingsLoading = false;
  /** The `settings` property is being checked (the transport chunk may still be on its way). */
  @state() protected settingsChecking = false;
  /** Why fetching the settings failed; shown until a submission says more. */
  @state() protected settingsError: JourneyError | undefined;
  /** A short screen-reader announcement in the status region ("you can try again now"). */
  @state() protected announcement = '';

  protected readonly form = new FormState(this);
  /** The resolved locale, switched to when it changes; the form waits for its messages rather than flash English. */
  protected readonly locale = new LocaleController(this, () => this.resolvedLocale);
  /** The lazy phone chunk, for the mobile fields of any journey. */
  protected readonly phone = new PhoneSupport(this);
  /** Which password inputs show their text. */
  protected readonly visibility = new PasswordVisibility(this);
  /** Every submission of this element, for the alert region. Subclasses create theirs with `createSubmission()`. */
  readonly #submissions: Submission[] = [];
  #abort = new AbortController();
  #settingsRequest: AbortController | undefined;
  #reportedConfigProblem = '';

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

  /** Resolved settings of the last update. */
  protected get resolved(): ResolvedSettings {
    return resolveSettings(
      {
        authType: this.authType,
        defaultLocale: this.defaultLocale,
        mobileDefaultCountry: this.mobileDefaultCountry,
        mobileFlagCountries: this.mobileFlagCountries,
        mobileQueryDefaultFlag: this.mobileQueryDefaultFlag,
        fields: this.fields,
        termsUrl: this.termsUrl,
        privacyUrl: this.privacyUrl,
        passwordMinLength: this.passwordMinLength,
      },
      this.explicitSettings,
      this.fetchedSettings,
    );
  }

  /** The `ui_locales` preferences, in order. */
  protected get uiLocaleList(): string[] {
    return uiLocalesOf(typeof this.uiLocales === 'string' ? this.uiLocales : undefined);
  }

  /** Aborted when the element leaves the document: its requests stop with it. */
  get abortSignal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Where this element's requests go. */
  apiConfig(): ApiConfig {
    return { baseDomain: this.baseDomain, endpoints: this.endpoints, timeoutMs: this.requestTimeout };
  }

  protected createSubmission(): Submission {
    const submission = new Submission(this);
    this.#submissions.push(submission);
    return submission;
  }

  /**
   * Attribute names that are missing or invalid; the element then renders a
   * configuration error instead of its form and sends nothing. Subclasses add
   * their own.
   */
  protected configProblems(): string[] {
    const problems: string[] = [];
    if (!checkBaseDomain(this.baseDomain)) problems.push('base-domain');
    if (!checkEndpoints(this.endpoints)) problems.push('endpoints');
    if (typeof this.clientId !== 'string' || this.clientId.trim() === '') problems.push('client-id');
    return problems;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    // The transport chunk (~12 KB gzip) comes with the user's first move in
    // the form, not with the page: a page that is only looked at never pays
    // for it, and a user who starts typing has it long before submitting.
    // (Loading settings or checking a `settings` property fetches it at once.)
    for (const type of PREFETCH_ON) this.addEventListener(type, this.#prefetchTransport, { once: true, passive: true });
  }

  #prefetchTransport = (): void => {
    for (const type of PREFETCH_ON) this.removeEventListener(type, this.#prefetchTransport);
    transportModule.load().catch(() => undefined);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#settingsRequest?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Here rather than in updated(): starting the fetch sets state, which would cost a second update.
    if (['loadSettings', 'baseDomain', 'clientId', 'endpoints'].some((key) => changed.has(key))) {
      this.#loadSettings(this.configProblems().length === 0);
    }
    if (changed.has('settings')) this.#checkSettings();
  }

  /** Settings being fetched or checked, or the locale's messages on their way: the journey waits, the element is busy. */
  protected get preparing(): boolean {
    return this.settingsLoading || this.settingsChecking || this.locale.loading;
  }

  /**
   * The shipped locale this element's configuration asks for: `ui-locales`,
   * else the page's `ui_locales`, else `default_locale`, else en-US, within
   * `supported_locales` (see resolveLocale).
   */
  get resolvedLocale(): string {
    const settings = this.resolved;
    return resolveLocale({ uiLocales: this.uiLocaleList, defaultLocale: settings.defaultLocale, supportedLocales: settings.supportedLocales });
  }

  #checkSettings(): void {
    const given = this.settings;
    if (!given || typeof given !== 'object') {
      this.explicitSettings = {};
      this.settingsChecking = false;
      return;
    }
    this.settingsChecking = true;
    sanitiseSettings(given)
      .then(
        (checked) => {
          if (this.settings === given) this.explicitSettings = checked;
        },
        (error: unknown) => {
          this.settingsError = error instanceof JourneyError ? error : new JourneyError({ kind: 'network', code: 'network_error' });
        },
      )
      .finally(() => {
        if (this.settings === given) this.settingsChecking = false;
      });
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

  #loadSettings(configured: boolean): void {
    this.#settingsRequest?.abort();
    if (!this.loadSettings || !configured) {
      this.settingsLoading = false;
      return;
    }
    const request = new AbortController();
    this.#settingsRequest = request;
    this.settingsLoading = true;
    const stop = () => request.abort();
    this.#abort.signal.addEventListener('abort', stop, { once: true });
    callApi(this.apiConfig(), 'clientSettings', { params: { client_id: this.clientId }, signal: request.signal })
      .then(
        (settings) => {
          this.fetchedSettings = settings;
        },
        (error: unknown) => {
          if (error instanceof JourneyError && error.kind === 'aborted') return;
          // The form still renders with the explicit configuration; the failure is reported.
          const failure = error instanceof JourneyError ? error : new JourneyError({ kind: 'network', code: 'network_error' });
          this.settingsError = failure;
          this.dispatchEvent(
            new NidErrorEvent({ code: failure.code, ...(failure.status !== undefined ? { status: failure.status } : {}) }, 'settings'),
          );
        },
      )
      .finally(() => {
        this.#abort.signal.removeEventListener('abort', stop);
        if (this.#settingsRequest === request) this.settingsLoading = false;
      });
  }

  /** Called by a submission after it failed and fired `nid-error`. */
  async onSubmissionFailed(_submission: Submission, error: JourneyError): Promise<void> {
    if (error.fields.length) this.form.applyServerErrors(error.fields);
    await this.updateComplete;
    this.focusFirstProblem();
  }

  /** Called when a 429 wait is over. */
  onCountdownEnd(submission: Submission): void {
    submission.clear();
    this.announce(msg('You can try again now.'));
  }

  /** A short screen-reader announcement in the status region; an empty one clears it (a new submission starts). */
  announce(text: string): void {
    this.announcement = text;
  }

  /** The identifier of the client's accounts: the mobile number for sms clients, else the email address. */
  protected get identifierName(): 'emailAddress' | 'mobileNumber' {
    return this.resolved.authType === 'sms' ? 'mobileNumber' : 'emailAddress';
  }

  /** What the profile fields need from the settings (mobile countries, security questions). */
  protected fieldContext(readonly?: ReadonlySet<string>): ProfileFieldContext {
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
      ...(readonly ? { readonly } : {}),
    };
  }

  /** The required identifier field (email address, or mobile number for sms clients). */
  protected identifierField(): Field {
    return profileField({ name: this.identifierName, required: true }, this.fieldContext())!;
  }

  /** Before a submit: waits for the phone chunk when a phone field is shown, then checks every field. */
  protected async fieldsReady(fields: readonly Field[]): Promise<boolean> {
    if (fields.some((field) => field.phone)) await this.phone.ready();
    return this.validateForm();
  }

  /** A journey's form: an optional explanation, its fields (whose checks it registers) and its action. */
  protected renderForm(fields: readonly Field[], onSubmit: () => void, label: string, submission: Submission, intro?: string): TemplateResult {
    this.form.useValidators(new Map(fields.flatMap((field) => field.validators)));
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      onSubmit();
    };
    return html`<form part="form" novalidate @submit=${submit}>
      ${intro ? html`<p part="message" class="message">${intro}</p>` : nothing} ${fields.map((field) => field.render())}
      ${this.renderAction(label, submission)}
    </form>`;
  }

  /** Focus the first invalid control, or else the alert region. */
  protected focusFirstProblem(): void {
    const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    const alert = this.renderRoot.querySelector<HTMLElement>('[role="alert"]');
    (invalid ?? alert)?.focus();
  }

  /** Validates the rendered fields; on failure moves focus to the first invalid one. */
  protected async validateForm(): Promise<boolean> {
    const invalid = this.form.validateAll();
    if (invalid.length === 0) return true;
    await this.updateComplete;
    this.focusFirstProblem();
    return false;
  }

  /** An error the current view stands for without a request having failed (a link without its token). */
  protected viewError(): JourneyError | undefined {
    return undefined;
  }

  /**
   * After a journey that ends somewhere else (activation, password reset):
   * go to the service's `redirect_uri`, but only an http(s) one. Anything
   * else (`javascript:`, `data:`) is refused and reported with `nid-error`.
   */
  protected followRedirect(journey: JourneyName, redirect: string | undefined): void {
    if (redirect === undefined) return;
    const url = navigableUrl(redirect);
    if (url) navigation.assign(url);
    else this.dispatchEvent(new NidErrorEvent({ code: 'unsafe_redirect_uri' }, journey));
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
    const error = latest ?? this.settingsError ?? this.viewError();
    if (!error) return nothing;
    // The countdown next to the button shows the wait; the alert only announces its start.
    if (error.code === 'rate_limited') return html`<span class="sr-only">${requestErrorText(error)}</span>`;
    if (error.code === 'validation_failed' && error.fields.length) {
      const elsewhere = error.fields.filter((field) => !this.form.isField(field.name));
      if (elsewhere.length === 0) return nothing; // each message is on its field
      return html`${requestErrorText(error)}
        <ul>
          ${elsewhere.map((field) => html`<li>${fieldIssueText({ code: field.code, message: field.message }, 'text')}</li>`)}
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

  /**
   * A journey action (the form's submit button, or a secondary action such as
   * "resend") with its busy state and the 429 countdown of its submission.
   * While blocked the button stays focusable and says so (`aria-disabled`):
   * a disabled button would drop the keyboard user's focus.
   */
  protected renderAction(label: string, submission: Submission, options: ActionOptions = {}): TemplateResult {
    const { countdown } = submission;
    const secondary = options.onClick !== undefined;
    const onClick = options.onClick;
    return html`
      ${secondary ? nothing : html`<slot name="before-submit"></slot>`}
      <div class="actions">
        <button
          part=${options.part ?? (secondary ? 'secondary-action' : 'submit')}
          class=${secondary ? 'secondary' : 'primary'}
          type=${secondary ? 'button' : 'submit'}
          aria-disabled=${submission.blocked ? 'true' : 'false'}
          ?data-busy=${submission.busy}
          @click=${onClick ? () => (submission.blocked ? undefined : onClick()) : nothing}
        >
          <span class="spinner" aria-hidden="true"></span>${label}
        </button>
        ${countdown.running
          ? html`<p part="countdown" class="countdown" role="timer">${msg(str`Try again in ${formatWait(countdown.remaining)}.`)}</p>`
          : nothing}
      </div>
    `;
  }
}

export interface ActionOptions {
  /** Makes it a secondary `type="button"` action instead of the form's submit button. */
  onClick?: () => void;
  part?: string;
}
