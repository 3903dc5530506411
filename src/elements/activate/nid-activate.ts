import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { localized, msg } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { asJourneyError } from '../../api/errors.js';
import { codeFieldError, codeRefused, VERIFY_GRANT } from '../../api/inferred.js';
import { AccountJourneyElement } from '../../core/account-journey-element.js';
import { renderAction, renderSignInLink } from '../../core/templates.js';
import type { Field } from '../../core/fields/field.js';
import { oneTimeCodeField } from '../../core/fields/text-field.js';
import { onHandover } from '../../core/identifier-handoff.js';

/** The code input's name; the service's field errors about `code` land on it. */
const CODE = 'code';

/**
 * Verification of a new account by the one-time code the service sent by
 * email or SMS (contract section 4): the account's identifier, the code, and
 * "Send a new code". The code is exchanged at `/idp/v1/account/token`; the
 * tokens of the answer never reach an event. Next to `<nid-register>` on one
 * page (or after it in the same tab), the identifier carries over.
 *
 * @tagname nid-activate
 * @summary Verify a new account with the code the service sent.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget.
 * @slot footer - Content under the journey in every state.
 *
 * @event nid-submit - Before a request; cancelable. `detail: { journey: 'activate' | 'resend-verification', body }`, never with the code.
 * @event nid-success - Verified (`detail: { status: 'verified' }`), or a new code sent (`event.journey === 'resend-verification'`, `detail: { status: 'sent' }`).
 * @event nid-error - A request failed (a wrong or expired code: `invalid_form_fields` on `code`), or the configuration is invalid.
 *
 * @csspart form - The verification form.
 * @csspart message - An explanation above the form, and the success message.
 * @csspart field - One field.
 * @csspart label - A field's label.
 * @csspart input - An input.
 * @csspart select - The country-code select of a mobile number.
 * @csspart country - The same select: the country code of a mobile field.
 * @csspart hint - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart submit - The "Verify account" button.
 * @csspart secondary-action - The "Send a new code" button.
 * @csspart link - The "Sign in" link after verification.
 * @csspart countdown - The wait after too many attempts.
 */
@localized()
export class NidActivate extends AccountJourneyElement {
  /** The account's email address or mobile number (E.164); else the one `<nid-register>` handed over, else the user types it. */
  @property({ attribute: 'user-id' }) userId: string | undefined;
  /** Where "Sign in" leads once the account is verified (https only). */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  @state() private verified = false;
  /** A new code was requested, for its confirmation line. */
  @state() private resent = false;

  private readonly submission = this.createSubmission();
  private readonly resendSubmission = this.createSubmission();
  #stopListening: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopListening = onHandover(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopListening?.();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The attribute, else a registration of this page session; never over what the user typed.
    const known = this.knownIdentifier(this.userId);
    if (known) this.form.prefill(this.identifierName, known);
  }

  protected buildFields(): Field[] {
    return this.verified ? [] : [this.identifierField(), oneTimeCodeField(this.form, { name: CODE, label: msg('Verification code') })];
  }


  protected renderJourney(): TemplateResult | typeof nothing {
    if (this.verified) return renderSignInLink(this.signInUrl);
    const intro =
      this.identifierName === 'mobileNumber'
        ? msg('Enter the code we sent to your phone to verify your account.')
        : msg('Enter the code we sent to your email address to verify your account.');
    return html`${this.renderForm(() => void this.verify(), msg('Verify account'), this.submission, intro)}
      <div class="view">${renderAction(msg('Send a new code'), this.resendSubmission, { onClick: () => void this.resend() })}</div>`;
  }

  protected override statusContent(): TemplateResult | string | typeof nothing {
    if (this.verified) return html`<p part="message" class="message">${msg('Your account is verified.')}</p>`;
    if (this.resent) {
      return html`<p part="message" class="message">${msg('If your account is waiting for verification, we have sent you a new code.')}</p>
        ${super.statusContent()}`;
    }
    return super.statusContent();
  }

  private async verify(): Promise<void> {
    this.resent = false;
    await this.submission.run({
      journey: 'activate',
      prepare: async () => {
        if (!(await this.viewFields.ready())) return undefined;
        const secret = String(this.viewFields.value(CODE));
        const body = { grant_type: VERIFY_GRANT, ...this.accountBody(String(this.viewFields.value(this.identifierName))) };
        return { body, addSecrets: (extended) => ({ ...extended, code: secret }) };
      },
      send: async (body, signal) => {
        try {
          await this.call('token', body, signal);
        } catch (caught) {
          const error = asJourneyError(caught);
          throw codeRefused(error) ? codeFieldError(error, CODE) : error;
        }
      },
      // Whatever the answer holds (tokens), the event says only this.
      detail: () => ({ status: 'verified' }),
      placeField: this.placeUserId,
      onSuccess: async () => {
        this.verified = true;
        await this.focusStatus();
      },
    });
  }

  private async resend(): Promise<void> {
    this.resent = false;
    const identifier = this.identifierName;
    this.resent = await this.resendVerification(this.resendSubmission, async () =>
      (await this.viewFields.ready([identifier])) ? String(this.viewFields.value(identifier)) : undefined,
    );
  }
}
