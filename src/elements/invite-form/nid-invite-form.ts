import { html, type nothing, type PropertyValues, type TemplateResult } from 'lit';
import { localized, msg, str } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { checkIntegratorUrl } from '../../api/endpoints.js';
import { isAbsoluteUrl } from '../../api/patterns.js';
import { authTypes, type AuthType } from '../../api/vocabulary.js';
import type { ApiConfig } from '../../api/client.js';
import { splitList } from '../../core/config.js';
import { checkboxField, radioGroupField } from '../../core/fields/checkbox-field.js';
import type { Field } from '../../core/fields/field.js';
import { profileField, withIdentifier } from '../../core/fields/profile-fields.js';
import { selectField } from '../../core/fields/text-field.js';
import { JourneyElement } from '../../core/journey-element.js';
import { currentLocale } from '../../i18n/localization.js';
import { localeOwnName, shippedLocales } from '../../i18n/locales.js';
import { resolveLocale } from '../../i18n/resolve-locale.js';
import { CREDENTIAL_ATTRIBUTES, credentialsWarning, dropEarlyCredentials, trapCredentialProperties } from './credentials.js';

/** Controls of the form that are not profile fields. */
const LOCALE = 'locale';
const AUTH_TYPE = 'authType';
const RESEND = 'resend';

/** Profile fields an administrator may pre-fill: not the security questions, which only the user can answer. */
const invitable = (name: string) => name !== 'securityQuestions';

/**
 * An administrator's form to invite (pre-register) a user. The service's
 * `/pre-register` call needs the client's credentials, so this element never
 * calls the service: it posts to `action`, the integrator's own route, which
 * authorizes the administrator and makes the call server-to-server (see
 * `createPreRegisterHandler` in `nid-journeys/server`). It has no password
 * field and takes no credentials: giving it some is a configuration error.
 *
 * @tagname nid-invite-form
 * @summary Invite (pre-register) a user through the integrator's own backend.
 *
 * @slot before-submit - Content just before the submit button.
 * @slot footer - Content under the form in every state.
 *
 * @event nid-submit - Before the request is sent to `action`; cancelable. `detail: { journey: 'invite', body }`; a listener may add keys (a CSRF token) to `detail.body`.
 * @event nid-success - The invitation was sent, or an existing user was linked: `detail: { uuid }`. The form is then cleared for the next invitation.
 * @event nid-error - The request failed or the configuration is invalid (`code: 'invalid_config'`, including when credentials were given to the element). `detail: { code, status?, fields? }`.
 *
 * @csspart message - The "Invitation sent" message.
 * @csspart form - The invitation form.
 * @csspart field - One field: label, control, hint and error.
 * @csspart fieldset - The sign-in method choice.
 * @csspart legend - Its title.
 * @csspart label - A field's label.
 * @csspart input - A text, email or tel input.
 * @csspart select - A select (language, gender, country code).
 * @csspart country - The country-code select of a mobile field.
 * @csspart checkbox - A checkbox (custom fields, "send again").
 * @csspart radio - A sign-in method option.
 * @csspart hint - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart submit - The "Send invitation" button.
 * @csspart countdown - The wait after too many invitations.
 */
@localized()
export class NidInviteForm extends JourneyElement {
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...CREDENTIAL_ATTRIBUTES];
  }

  static {
    trapCredentialProperties(this.prototype as unknown as { refuseCredentials(): void });
  }

  /** The integrator's route that makes the `/pre-register` call (relative to the page, or absolute https). */
  @property() action = '';
  /** Sign-in methods the administrator may choose from, e.g. `"email sms"`; a choice is shown when there are two. */
  @property({ attribute: 'auth-types' }) authTypes: string | undefined;
  /** Where the invited user lands after activating; else the server helper's default. Must be in the client's allowlist. */
  @property({ attribute: 'redirect-uri' }) redirectUri: string | undefined;

  /** Who the last invitation went to, for the status message. */
  @state() private invitedTo: string | undefined;
  @state() private credentialsGiven = false;

  private readonly submission = this.createSubmission();

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!CREDENTIAL_ATTRIBUTES.includes(name)) {
      super.attributeChangedCallback(name, old, value);
    } else if (value !== null) {
      this.removeAttribute(name); // out of the DOM at least; it was in the page's source already
      this.refuseCredentials();
    }
  }

  override connectedCallback(): void {
    if (dropEarlyCredentials(this)) this.refuseCredentials();
    super.connectedCallback();
  }

  private refuseCredentials(): void {
    if (!this.credentialsGiven) console.warn(credentialsWarning(this.localName));
    this.credentialsGiven = true;
  }

  /** The browser never calls the service here: the invitation goes to `action`. */
  protected override serviceProblems(): string[] {
    return [];
  }

  protected override configProblems(): string[] {
    const problems = super.configProblems();
    if (!checkIntegratorUrl(this.action, this.page.base)) problems.push('action');
    if (this.redirectUri !== undefined && this.redirectUri !== null && !isAbsoluteUrl(this.redirectUri)) problems.push('redirect-uri');
    if (this.credentialsGiven) problems.push('credentials');
    return problems;
  }

  protected override apiConfig(): ApiConfig {
    return { ...super.apiConfig(), action: this.action };
  }

  /** The sign-in methods on offer: those of `auth-types`, else the client's one. */
  private get offeredAuthTypes(): AuthType[] {
    const listed = splitList(typeof this.authTypes === 'string' ? this.authTypes.toLowerCase() : '');
    const offered = authTypes.filter((type) => listed.includes(type));
    return offered.length ? offered : [this.resolved.authType];
  }

  private get chosenAuthType(): AuthType {
    const offered = this.offeredAuthTypes;
    const chosen = this.form.text(AUTH_TYPE);
    return offered.find((type) => type === chosen) ?? (offered.includes(this.resolved.authType) ? this.resolved.authType : offered[0]!);
  }

  protected override get identifierName(): 'emailAddress' | 'mobileNumber' {
    return this.chosenAuthType === 'sms' ? 'mobileNumber' : 'emailAddress';
  }

  private get localeOptions(): string[] {
    const supported = this.resolved.supportedLocales;
    return supported.length ? supported : [...shippedLocales];
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The invited user's language starts as the administrator's own (or the client's default).
    const settings = this.resolved;
    const initial = resolveLocale({
      uiLocales: [...this.uiLocaleList, currentLocale()],
      defaultLocale: settings.defaultLocale,
      available: this.localeOptions,
    });
    this.form.prefill(LOCALE, initial);
  }

  protected buildFields(): Field[] {
    const context = { ...this.fieldContext(), customFields: true };
    const configured = (this.resolved.registerFields ?? [
      { name: 'firstName', required: true },
      { name: 'lastName', required: true },
    ]).filter((field) => invitable(field.name));
    const profile = withIdentifier(configured, this.identifierName)
      .map((setting) => profileField(setting, context))
      .filter((field): field is Field => field !== undefined);
    const offered = this.offeredAuthTypes;
    const method =
      offered.length > 1
        ? radioGroupField(this.form, {
            name: AUTH_TYPE,
            legend: msg('How will they sign in?'),
            options: offered.map((type) => ({ value: type, label: type === 'sms' ? msg('With their mobile number') : msg('With their email address') })),
            initial: this.chosenAuthType,
          })
        : undefined;
    const language = selectField(this.form, {
      name: LOCALE,
      label: msg('Language'),
      required: true,
      noEmptyOption: true,
      options: this.localeOptions.map((tag) => ({ value: tag, label: localeOwnName(tag), lang: tag })),
    });
    const resend = checkboxField(this.form, {
      name: RESEND,
      label: msg('Send the invitation again if this person was already invited'),
      required: false,
      kind: 'choice',
    });
    return [...(method ? [method] : []), ...profile, language, resend];
  }

  protected renderJourney(): TemplateResult {
    return this.renderForm(() => void this.invite(), msg('Send invitation'), this.submission);
  }

  protected override statusContent(): TemplateResult | string | typeof nothing {
    if (this.invitedTo === undefined) return super.statusContent();
    return html`<p part="message" class="message">${msg(str`Invitation sent to ${this.invitedTo}.`)}</p>
      ${super.statusContent()}`;
  }

  private async invite(): Promise<void> {
    this.invitedTo = undefined;
    const controls = new Set([LOCALE, AUTH_TYPE, RESEND]);
    const identifier = this.identifierName;
    let fields: readonly Field[] = [];
    await this.submission.run({
      journey: 'invite',
      prepare: async () => {
        if (!(await this.viewFields.ready())) return undefined;
        fields = this.viewFields.all;
        const profile: Record<string, string> = {};
        for (const field of fields) {
          const value = field.value();
          if (!controls.has(field.name) && typeof value === 'string') profile[field.name] = value;
        }
        const redirect = typeof this.redirectUri === 'string' && this.redirectUri !== '' ? { redirect_uri: this.redirectUri } : {};
        return {
          body: {
            profile_fields: profile,
            locale: this.form.text(LOCALE),
            auth_type: this.chosenAuthType,
            ...redirect,
            resend: this.form.checked(RESEND),
          },
        };
      },
      send: (body, signal) => this.call('invite', body, signal),
      detail: (answer) => ({ uuid: answer.uuid }),
      onSuccess: async () => {
        this.invitedTo = String(fields.find((field) => field.name === identifier)?.value() ?? '');
        // Ready for the next invitation: the same language and sign-in method, everything else empty.
        this.form.reset([LOCALE, AUTH_TYPE]);
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('form input:not([type="radio"]), form select')?.focus();
      },
    });
  }
}
