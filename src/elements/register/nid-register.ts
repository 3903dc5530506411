import { html, nothing, type TemplateResult } from 'lit';
import { localized, msg } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { registerOutcome, type RegisterOutcome } from '../../api/outcomes.js';
import { JourneyError } from '../../api/errors.js';
import { HostedJourneyElement } from '../../core/hosted-journey-element.js';
import { renderAction } from '../../core/templates.js';
import type { AttributeSettings } from '../../core/config.js';
import { collectBody } from '../../core/fields/collect.js';
import { consentField } from '../../core/fields/consent-field.js';
import type { Field } from '../../core/fields/field.js';
import { passwordFields, REGISTER_PASSWORD_NAMES } from '../../core/fields/password-field.js';
import { profileField, withIdentifier } from '../../core/fields/profile-fields.js';

/**
 * Self-registration (`POST /idp/v1/account/register`): the profile fields the
 * client is configured with, a new password with confirmation, consents; then
 * "check your email/phone" with a rate-limited resend. "Already registered"
 * looks exactly like "created". A client without passwords (`password="none"`)
 * is answered with an `authorization_code` for the integrator's backend.
 * With `mode="hosted"` it is one button to the vendor's hosted registration
 * screen instead (see HostedJourneyElement).
 *
 * @tagname nid-register
 * @summary Self-registration form of the Next Identity journeys.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget (light DOM, so third-party widgets work).
 * @slot footer - Content under the journey in every state, such as "Already have an account? Sign in".
 *
 * @event nid-submit - Before a request; cancelable. `detail: { journey: 'register' | 'resend-verification', body }` without the passwords or security answers. Add keys to `detail.body` or call `event.waitUntil(promise)`.
 * @event nid-success - Registered: `detail: { status: 'verification_sent', delivery: 'email' | 'sms' }` (also for an address already registered), or `{ status: 'signed_in', authorization_code }` for a client without passwords; a new verification message sent (`event.journey === 'resend-verification'`, `detail: { status: 'sent' }`).
 * @event nid-error - A request failed or the configuration is invalid. `detail: { code, status?, fields?, details? }`.
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
 * @csspart secondary-action - The "send again" button after registration.
 * @csspart countdown - The wait after too many attempts.
 * @csspart message - The "check your email/phone" message.
 */
@localized()
export class NidRegister extends HostedJourneyElement {
  protected readonly hostedJourney = 'register';
  /** `none` for a client without passwords: no password fields, none sent. */
  @property() password: string | undefined;
  /** Adds a required consent checkbox with its link (https only). */
  @property({ attribute: 'terms-url' }) termsUrl: string | undefined;
  @property({ attribute: 'privacy-url' }) privacyUrl: string | undefined;
  /** The client's profile field that records the terms consent (`"true"`); without one it gates but is not sent. */
  @property({ attribute: 'terms-field' }) termsField: string | undefined;
  @property({ attribute: 'privacy-field' }) privacyField: string | undefined;

  @state() private outcome: RegisterOutcome | undefined;
  /** Whether the last resend went through, for its confirmation line. */
  @state() private resent = false;

  private readonly submission = this.createSubmission();
  private readonly resendSubmission = this.createSubmission();
  /** The identifier the verification message went to, for "send again". */
  #sentTo: string | undefined;

  protected override attributeSettings(): AttributeSettings {
    const { termsUrl, privacyUrl, termsField, privacyField, password } = this;
    return { ...super.attributeSettings(), termsUrl, privacyUrl, termsField, privacyField, password };
  }

  protected buildFields(): Field[] {
    if (this.outcome || this.hosted) return [];
    const settings = this.resolved;
    const context = this.fieldContext();
    const profile = withIdentifier(settings.registerFields ?? [], this.identifierName)
      .filter((field) => field.name !== 'securityQuestions' || settings.securityQuestions.length > 0)
      .map((field) => profileField(field, context))
      .filter((field): field is Field => field !== undefined);
    const password = settings.passwordRequired
      ? passwordFields(this.form, this.visibility, {
          minLength: settings.passwordMin,
          maxLength: settings.passwordMax,
          confirm: true,
          names: REGISTER_PASSWORD_NAMES,
        })
      : [];
    const consents = settings.consents.map((consent) => consentField(this.form, consent));
    return [...profile, ...password, ...consents];
  }

  protected renderJourney(): TemplateResult | typeof nothing {
    if (this.hosted) return this.renderHosted(msg('Create account'));
    if (this.outcome?.status === 'signed_in') return nothing;
    if (this.outcome) {
      const sms = this.resolved.authType === 'sms';
      return html`<div class="view">
        ${renderAction(sms ? msg('Send the text message again') : msg('Send the email again'), this.resendSubmission, {
          onClick: () => void this.resend(),
        })}
      </div>`;
    }
    return this.renderForm(() => void this.register(), msg('Create account'), this.submission);
  }

  /** The outcome lives in the status region so that it is announced. */
  protected override statusContent(): TemplateResult | string | typeof nothing {
    if (!this.outcome) return super.statusContent();
    if (this.outcome.status === 'signed_in') return html`<p part="message" class="message">${msg('Your account has been created.')}</p>`;
    const sms = this.resolved.authType === 'sms';
    return html`<p part="message" class="message">
        ${sms
          ? msg('Check your phone: we sent you a text message to verify your account.')
          : msg('Check your email: we sent you a message to verify your account.')}
      </p>
      ${this.resent ? html`<p part="message" class="message">${msg('We sent it again.')}</p>` : nothing}
      ${super.statusContent()}`;
  }

  private async register(): Promise<void> {
    const identifier = this.identifierName;
    const base = { client_id: this.clientId, auth_type: this.resolved.authType, redirect_uri: this.redirectUri, locale: this.resolvedLocale };
    let fields: readonly Field[] = [];
    await this.submission.run({
      journey: 'register',
      prepare: async () => {
        if (!(await this.viewFields.ready())) return undefined;
        fields = this.viewFields.all;
        return collectBody(fields, base, 'profile_fields');
      },
      send: async (body, signal) => {
        const outcome = registerOutcome(await this.call('register', body, signal));
        if (!outcome) throw new JourneyError({ kind: 'malformed', code: 'malformed_response', status: 200 });
        return outcome;
      },
      detail: (outcome) => (outcome.status === 'signed_in' ? outcome : { ...outcome, delivery: this.resolved.authType }),
      onSuccess: async (outcome) => {
        const sentTo = fields.find((field) => field.name === identifier)?.value();
        if (typeof sentTo === 'string') {
          this.#sentTo = sentTo;
          this.handOver(sentTo);
        }
        this.outcome = outcome;
        await this.focusStatus();
      },
    });
  }

  private async resend(): Promise<void> {
    this.resent = false;
    const sentTo = this.#sentTo;
    if (sentTo === undefined) return;
    this.resent = await this.resendVerification(this.resendSubmission, async () => sentTo);
  }
}
