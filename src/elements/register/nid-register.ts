import { html, nothing, type TemplateResult } from 'lit';
import { localized, msg } from '@lit/localize';
import { state } from 'lit/decorators.js';
import type { RegisterResponse } from '../../api/contract.js';
import { collectBody } from '../../core/fields/collect.js';
import { consentField } from '../../core/fields/consent-field.js';
import type { Field } from '../../core/fields/field.js';
import { passwordFields } from '../../core/fields/password-field.js';
import { profileField, withIdentifier } from '../../core/fields/profile-fields.js';
import { OAuthJourneyElement } from '../../core/oauth-journey-element.js';
import { currentLocale } from '../../i18n/localization.js';

/**
 * Self-registration: the profile fields the client is configured with, a new
 * password with confirmation, consents; then "check your email/phone to
 * activate your account" with a rate-limited resend.
 *
 * @tagname nid-register
 * @summary Self-registration form of the Next Identity journeys.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget (light DOM, so third-party widgets work).
 * @slot footer - Content under the journey in every state, such as "Already have an account? Sign in".
 *
 * @event nid-submit - Before the request is sent; cancelable. `detail: { journey, body }` without the password or security answers. Add keys to `detail.body` (a captcha token) or call `event.waitUntil(promise)`.
 * @event nid-success - Registration accepted (`detail: { status: 'activation_pending', delivery }`), or a new activation message sent (`event.journey === 'resend-activation'`).
 * @event nid-error - A request failed or the configuration is invalid. `detail: { code, status?, fields? }`.
 *
 * @csspart form - The registration form.
 * @csspart field - One field: label, control, hint and error.
 * @csspart fieldset - A group of fields (security questions).
 * @csspart legend - The title of a group of fields.
 * @csspart label - A field's label.
 * @csspart input - A text, email, tel or password input.
 * @csspart select - A select (gender, country code, security question).
 * @csspart country - The country-code select of a mobile field.
 * @csspart checkbox - A consent checkbox.
 * @csspart link - A link in a consent label.
 * @csspart toggle - The show/hide password button.
 * @csspart hint - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart submit - The "Create account" button.
 * @csspart secondary-action - The "resend" button after registration.
 * @csspart countdown - The wait after too many attempts.
 * @csspart message - The "check your email/phone" message.
 */
@localized()
export class NidRegister extends OAuthJourneyElement {
  @state() private view: 'form' | 'sent' = 'form';
  @state() private sent: RegisterResponse | undefined;
  /** Whether the last resend went through, for its confirmation line. */
  @state() private resent = false;

  private readonly submission = this.createSubmission();
  private readonly resendSubmission = this.createSubmission();
  /** The identifier the activation message went to, for "resend". */
  #sentTo: { emailAddress: string } | { mobileNumber: string } | undefined;

  private buildFields(): Field[] {
    const settings = this.resolved;
    const context = this.fieldContext();
    const profile = withIdentifier(this.resolved.registerFields ?? [], this.identifierName)
      .filter((field) => field.name !== 'securityQuestions' || settings.securityQuestions.length > 0)
      .map((field) => profileField(field, context))
      .filter((field): field is Field => field !== undefined);
    const consents = [
      settings.termsUrl ? consentField(this.form, { id: 'terms', url: settings.termsUrl, required: true }) : undefined,
      settings.privacyUrl ? consentField(this.form, { id: 'privacy', url: settings.privacyUrl, required: true }) : undefined,
    ].filter((field): field is Field => field !== undefined);
    const password = passwordFields(this.form, this.visibility, {
      minLength: settings.passwordMin,
      maxLength: settings.passwordMax,
      confirm: true,
    });
    return [...profile, ...password, ...consents];
  }

  protected renderJourney(): TemplateResult {
    return this.view === 'sent'
      ? this.renderSent()
      : this.renderForm(this.buildFields(), () => void this.register(), msg('Create account'), this.submission);
  }

  private renderSent(): TemplateResult {
    const sms = this.sent?.delivery === 'sms';
    return html`<div class="view">
      ${this.renderAction(sms ? msg('Send the text message again') : msg('Send the email again'), this.resendSubmission, {
        onClick: () => void this.resendActivation(),
      })}
    </div>`;
  }

  /** The success message lives in the status region so that it is announced. */
  protected override statusContent() {
    if (this.view !== 'sent') return super.statusContent();
    const sms = this.sent?.delivery === 'sms';
    return html`<p part="message" class="message">
        ${sms
          ? msg('Check your phone: we sent you a text message with a link to activate your account.')
          : msg('Check your email: we sent you a link to activate your account.')}
      </p>
      ${this.resent ? html`<p part="message" class="message">${msg('We sent it again.')}</p>` : nothing}
      ${super.statusContent()}`;
  }

  private async register(): Promise<void> {
    let fields: Field[] = [];
    const success = await this.submission.run({
      journey: 'register',
      endpoint: 'register',
      prepare: async () => {
        fields = this.buildFields();
        return (await this.fieldsReady(fields)) ? collectBody(fields, this.oauthParams()) : undefined;
      },
    });
    if (!success) return;
    const identifier = this.identifierName;
    const value = fields.find((field) => field.name === identifier)?.value();
    if (typeof value === 'string') this.#sentTo = identifier === 'emailAddress' ? { emailAddress: value } : { mobileNumber: value };
    this.sent = success.data;
    this.view = 'sent';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
  }

  private async resendActivation(): Promise<void> {
    this.resent = false;
    const sentTo = this.#sentTo;
    if (!sentTo) return;
    const success = await this.resendSubmission.run({
      journey: 'resend-activation',
      endpoint: 'resendActivation',
      prepare: () => ({ body: { client_id: this.clientId, ...sentTo, locale: this.uiLocaleList[0] ?? currentLocale() } }),
    });
    this.resent = success !== undefined;
  }
}

