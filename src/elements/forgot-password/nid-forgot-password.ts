import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { localized, msg, str } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import { asJourneyError, JourneyError } from '../../api/errors.js';
import { forgotLooksSent, RESET_CODE_PARAM, unnamedFieldTarget } from '../../api/inferred.js';
import { HostedJourneyElement } from '../../core/hosted-journey-element.js';
import { renderAction, renderSignInLink } from '../../core/templates.js';
import { collectBody } from '../../core/fields/collect.js';
import type { Field } from '../../core/fields/field.js';
import { passwordFields, type PasswordNames } from '../../core/fields/password-field.js';
import { oneTimeCodeField } from '../../core/fields/text-field.js';
import { takeCodeFromUrl } from '../../core/link-code.js';
import { changePassword, type ResetCalls } from './change-password.js';

/** change-password's names for the two inputs (contract section 5). */
const NAMES: PasswordNames = { password: 'password', confirmation: 'password_confirm' };
const CODE = 'code';

/**
 * Step 1 (ask for a reset, then "sent"), step 2 (a new password, then
 * "changed"), or an expired link that offers step 1 again.
 */
type View = 'request' | 'sent' | 'reset' | 'changed' | 'expired';

/**
 * Password reset (contract section 5). Step 1 sends the user's email address
 * (or mobile number) to `/idp/v1/account/forgot-password` and says the same
 * thing whether or not an account exists. Step 2 comes back with the link's
 * `code` in the address bar (removed at once), or, for SMS, with the PIN the
 * user types, and sets the new password (change-password.ts). With
 * `mode="hosted"` it is one button to the vendor's hosted reset screen.
 *
 * @tagname nid-forgot-password
 * @summary Request a password reset, then set a new password.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget.
 * @slot footer - Content under the journey in every state, such as a link back to sign in.
 *
 * @event nid-submit - Before a request; cancelable. `detail: { journey: 'forgot-password' | 'reset-password', body }`, never with the password, the code or a token.
 * @event nid-success - A reset was requested (`detail: { status: 'sent' }`, the same for every account), or the password was changed (`detail: { status: 'password_changed' }`).
 * @event nid-error - A request failed (`expired_link` for a link that no longer works), or the configuration is invalid.
 *
 * @csspart form - The form of the current step.
 * @csspart message - An explanation above a form, and the outcome.
 * @csspart field - One field.
 * @csspart label - A field's label.
 * @csspart input - An input.
 * @csspart select - The country-code select of a mobile number.
 * @csspart country - The same select: the country code of a mobile field.
 * @csspart toggle - The show/hide password button.
 * @csspart hint - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart submit - The main button.
 * @csspart secondary-action - "Send the link again", "Request a new link".
 * @csspart link - The "Sign in" link after the change.
 * @csspart countdown - The wait after too many attempts.
 */
@localized()
export class NidForgotPassword extends HostedJourneyElement {
  protected readonly hostedJourney = 'forgot-password';
  /** The query parameter the reset link brings its code in. */
  @property({ attribute: 'code-param' }) codeParam = RESET_CODE_PARAM;
  /** The reset link's code, for a page that reads the address bar itself (a property only: a code never goes into the DOM). */
  @property({ attribute: false }) code: string | undefined;
  /** The account's identifier for step 2, when this page session does not know it from step 1. */
  @property({ attribute: 'user-id' }) userId: string | undefined;
  /** Where "Sign in" leads once the password is changed (https only). */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  @state() private view: View = 'request';
  /** "Send again" went through, for its confirmation line. */
  @state() private sentAgain = false;

  private readonly submission = this.createSubmission();
  private readonly againSubmission = this.createSubmission();
  private readonly resetSubmission = this.createSubmission();
  #linkCode: string | undefined;
  /** Who step 1 was for: shown in "sent", sent again, and the account of step 2. */
  #sentTo: string | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Hosted mode leaves a returning `code` (the vendor's) to completeJourney. The page is read once hydrated.
    if (!this.hosted && this.page.ready && (this.page.arriving || changed.has('codeParam') || changed.has('code'))) {
      const fromUrl = takeCodeFromUrl(this.codeParam); // the address bar loses its code either way
      const code = typeof this.code === 'string' && this.code.trim() ? this.code.trim() : fromUrl;
      if (code) {
        this.#linkCode = code;
        this.view = 'reset';
      }
    }
  }

  private get sms(): boolean {
    return this.identifierName === 'mobileNumber';
  }

  /** Step 2's account: the attribute, else step 1 of this page session (the same tab), else the user types it. */
  private get knownUserId(): string | undefined {
    return this.#sentTo ?? this.knownIdentifier(this.userId);
  }

  protected buildFields(): Field[] {
    if (this.hosted) return [];
    if (this.view === 'request') return [this.identifierField()];
    return this.view === 'reset' || (this.view === 'sent' && this.sms) ? this.resetFields() : [];
  }

  private resetFields(): Field[] {
    const { passwordMin: minLength, passwordMax: maxLength } = this.resolved;
    const known = this.knownUserId;
    const spec = { minLength, maxLength, confirm: true, isNew: true, names: NAMES, ...(known ? { username: known } : {}) };
    const passwords = passwordFields(this.form, this.visibility, spec);
    const code = this.view === 'sent' ? [oneTimeCodeField(this.form, { name: CODE, label: msg('Code from the text message') })] : [];
    return [...(known ? [] : [this.identifierField()]), ...code, ...passwords];
  }

  protected override viewError(): JourneyError | undefined {
    return this.view === 'expired' ? new JourneyError({ kind: 'config', code: 'expired_link' }) : undefined;
  }

  protected renderJourney(): TemplateResult | typeof nothing {
    if (this.hosted) return this.renderHosted(msg('Reset your password'));
    switch (this.view) {
      case 'request': {
        const intro = this.sms
          ? msg('Enter the mobile number of your account and we will send you a code to reset your password.')
          : msg('Enter the email address of your account and we will send you a link to reset your password.');
        return this.renderForm(() => void this.request(), msg('Send reset link'), this.submission, intro);
      }
      case 'sent': {
        const again = renderAction(this.sms ? msg('Send the code again') : msg('Send the link again'), this.againSubmission, {
          onClick: () => void this.requestAgain(),
        });
        // SMS: the PIN comes to the phone, and the new password is set right here.
        const form = this.sms ? this.renderForm(() => void this.reset(), msg('Set new password'), this.resetSubmission) : nothing;
        return html`${form}
          <div class="view">${again}</div>`;
      }
      case 'reset':
        return this.renderForm(() => void this.reset(), msg('Set new password'), this.resetSubmission);
      case 'expired':
        return html`<div class="view">
          ${renderAction(msg('Request a new link'), this.submission, { onClick: () => void this.startOver() })}
        </div>`;
      case 'changed':
        return renderSignInLink(this.signInUrl);
    }
  }

  protected override statusContent(): TemplateResult | string | typeof nothing {
    if (this.view === 'sent' && this.#sentTo !== undefined) {
      const to = this.#sentTo;
      // The same words whether or not an account exists: nothing here tells them apart.
      return html`<p part="message" class="message">
          ${this.sms
            ? msg(str`If an account exists for ${to}, we have sent a code to reset your password.`)
            : msg(str`If an account exists for ${to}, we have sent a link to reset your password.`)}
        </p>
        ${this.sentAgain ? html`<p part="message" class="message">${msg('We sent it again.')}</p>` : nothing} ${super.statusContent()}`;
    }
    if (this.view === 'changed') return html`<p part="message" class="message">${msg('Your password has been changed.')}</p>`;
    return super.statusContent();
  }

  /** Step 1; a 404 or a refused unknown account answers like a sent one (see forgotLooksSent). */
  private send(userId: string, submission = this.submission): Promise<unknown> {
    return submission.run({
      journey: 'forgot-password',
      prepare: () => ({ body: { ...this.accountBody(userId), locale: this.resolvedLocale } }),
      send: async (body, signal) => {
        try {
          return await this.call('forgotPassword', body, signal);
        } catch (caught) {
          if (forgotLooksSent(asJourneyError(caught))) return {};
          throw caught;
        }
      },
      detail: () => ({ status: 'sent' }),
      placeField: this.placeUserId,
    });
  }

  private async request(): Promise<void> {
    if (!(await this.viewFields.ready())) return;
    const userId = String(this.viewFields.all[0]?.value());
    if ((await this.send(userId)) === undefined) return;
    this.#sentTo = userId;
    this.handOver(userId);
    this.sentAgain = false;
    this.form.newStep(); // the SMS code and the new password come next: no error before the user types them
    this.view = 'sent';
    await this.focusStatus();
  }

  private async requestAgain(): Promise<void> {
    const sentTo = this.#sentTo;
    if (sentTo === undefined) return;
    this.sentAgain = false;
    this.sentAgain = (await this.send(sentTo, this.againSubmission)) !== undefined;
  }

  /** Step 2: the code for an access token, then the new password with it, as one submission. */
  private async reset(): Promise<void> {
    const pin = this.view === 'sent';
    let code: string | undefined;
    let userId: string | undefined;
    await this.resetSubmission.run({
      journey: 'reset-password',
      prepare: async () => {
        if (!(await this.viewFields.ready())) return undefined;
        const fields = this.viewFields.all;
        userId = this.knownUserId ?? String(this.viewFields.value(this.identifierName));
        code = pin ? String(this.viewFields.value(CODE)) : this.#linkCode;
        const passwords = fields.filter((field) => field.name === NAMES.password || field.name === NAMES.confirmation);
        return collectBody(passwords, { client_id: this.clientId, locale: this.resolvedLocale });
      },
      send: (body, signal) => changePassword(this.resetCalls, body, signal, { account: this.accountBody(userId!), code: code!, pin, codeField: CODE }),
      detail: () => ({ status: 'password_changed' }),
      placeField: (field) => (field.name === 'message' ? NAMES[unnamedFieldTarget(field.code)] : this.placeUserId(field)),
      onSuccess: async () => {
        this.#linkCode = undefined;
        this.view = 'changed';
        await this.focusStatus();
      },
      onFailure: (error) => {
        if (error.code === 'expired_link') this.view = 'expired';
      },
    });
  }

  /** The two calls of step 2, with this element's configuration. */
  private readonly resetCalls: ResetCalls = {
    token: (body, signal) => this.call('token', body, signal),
    changePassword: (body, signal, accessToken) => this.call('changePassword', body, signal, accessToken),
  };

  /** An expired link: back to step 1, the identifier kept, the keyboard focus in its field. */
  private async startOver(): Promise<void> {
    const known = this.knownUserId;
    if (known) this.form.prefill(this.identifierName, known);
    this.form.newStep();
    this.resetSubmission.clear();
    this.#linkCode = undefined;
    this.view = 'request';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }
}
