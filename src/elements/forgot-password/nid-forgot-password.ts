import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { localized, msg, str } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import type { JourneyError } from '../../api/errors.js';
import { collectBody } from '../../core/fields/collect.js';
import type { Field } from '../../core/fields/field.js';
import { passwordFields } from '../../core/fields/password-field.js';
import { linkToken } from '../../core/link-token.js';
import { OAuthJourneyElement } from '../../core/oauth-journey-element.js';
import type { Body, Submission } from '../../core/submission.js';

const isServiceProblem = (attribute: string) => attribute === 'base-domain' || attribute === 'client-id' || attribute === 'endpoints';

/** Step 1 (request a link, then "sent"), step 2 (set the new password, then "changed"), or a bad link. */
type View = 'request' | 'sent' | 'reset' | 'changed' | 'link-problem';

/**
 * Password reset in two steps. Without a token: the user's email address (or
 * mobile number for sms clients) and the OAuth parameters go to the service,
 * and the element says the same thing whether or not an account exists. With
 * the token of the emailed link: a new password, then the service's
 * `redirect_uri`.
 *
 * @tagname nid-forgot-password
 * @summary Request a password reset link, then set a new password.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget.
 * @slot footer - Content under the journey in every state, such as a link back to sign in.
 *
 * @event nid-submit - Before a request; cancelable. `detail: { journey: 'forgot-password' | 'reset-password', body }`, never with the password.
 * @event nid-success - A link was requested (`detail: { status: 'sent' }`, the same for every account), or the password was changed (`detail: { status: 'password_reset', redirect_uri }`, cancelable: cancel it to stay on the page).
 * @event nid-error - A request failed, the configuration is invalid, or the service's `redirect_uri` is not http(s) (`unsafe_redirect_uri`).
 *
 * @csspart form - The form of the current step.
 * @csspart message - An explanation above a form.
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
 * @csspart countdown - The wait after too many attempts.
 */
@localized()
export class NidForgotPassword extends OAuthJourneyElement {
  /** The reset token; otherwise it is read from the query parameter named by `token-param`. With one, the element shows step 2. */
  @property() token: string | undefined;
  /** The query parameter that carries the token. */
  @property({ attribute: 'token-param' }) tokenParam = 'token';

  @state() private view: View = 'request';
  /** "Send the link again" went through, for its confirmation line. */
  @state() private sentAgain = false;

  private readonly submission = this.createSubmission();
  private readonly againSubmission = this.createSubmission();
  private readonly resetSubmission = this.createSubmission();
  #linkToken: string | undefined;
  /** The request that was sent, for "send the link again", and who it was for. */
  #sent: { body: Body; to: string } | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    // Before the base class: whether step 2 is shown decides which configuration it checks
    // (and so whether it loads the settings).
    if (!this.hasUpdated || changed.has('tokenParam') || changed.has('token')) {
      const token = linkToken(this.token, this.tokenParam);
      if (token) {
        this.#linkToken = token;
        this.view = 'reset';
      }
    }
    super.willUpdate(changed);
  }

  private resetFields(): Field[] {
    const { passwordMin, passwordMax } = this.resolved;
    return passwordFields(this.form, this.visibility, { minLength: passwordMin, maxLength: passwordMax, confirm: true, isNew: true });
  }

  protected override configProblems(): string[] {
    // Step 2 sends only the client id, the token and the password: the OAuth parameters
    // were carried by step 1 and live with the token on the service's side.
    const problems = super.configProblems();
    return this.view === 'request' || this.view === 'sent' ? problems : problems.filter(isServiceProblem);
  }

  /** Step 1 can be offered (its OAuth parameters are configured), say after a bad link. */
  private get canRequestLinks(): boolean {
    return super.configProblems().length === 0;
  }

  protected renderJourney(): TemplateResult | typeof nothing {
    switch (this.view) {
      case 'request': {
        const intro =
          this.identifierName === 'mobileNumber'
            ? msg('Enter the mobile number of your account and we will send you a link to reset your password.')
            : msg('Enter the email address of your account and we will send you a link to reset your password.');
        return this.renderForm([this.identifierField()], this.requestLink, msg('Send reset link'), this.submission, intro);
      }
      case 'reset':
        return this.renderForm(this.resetFields(), this.resetPassword, msg('Set new password'), this.resetSubmission);
      case 'sent':
        return html`<div class="view">
          ${this.renderAction(msg('Send the link again'), this.againSubmission, { onClick: () => void this.requestAgain() })}
        </div>`;
      case 'link-problem':
        // The alert says what is wrong with the link; a new one can be asked for here when step 1 is set up.
        return this.canRequestLinks
          ? html`<div class="view">${this.renderAction(msg('Request a new link'), this.resetSubmission, { onClick: () => void this.startOver() })}</div>`
          : nothing;
      case 'changed':
        return nothing;
    }
  }

  protected override statusContent() {
    if (this.view === 'sent' && this.#sent) {
      // The same words whether or not an account exists: nothing here tells them apart.
      return html`<p part="message" class="message">
          ${msg(str`If an account exists for ${this.#sent.to}, we have sent a link to reset your password.`)}
        </p>
        ${this.sentAgain ? html`<p part="message" class="message">${msg('We sent it again.')}</p>` : nothing} ${super.statusContent()}`;
    }
    if (this.view === 'changed') return html`<p part="message" class="message">${msg('Your password has been changed.')}</p>`;
    return super.statusContent();
  }

  private requestLink = async (): Promise<void> => {
    const field = this.identifierField();
    let request: { body: Body; to: string } | undefined;
    await this.submission.run({
      journey: 'forgot-password',
      endpoint: 'forgotPassword',
      prepare: async () => {
        if (!(await this.fieldsReady([field]))) return undefined;
        const to = String(field.value());
        request = { body: { ...this.oauthParams(), [field.name]: to }, to };
        return { body: request.body };
      },
      onSuccess: async () => {
        this.#sent = request;
        this.view = 'sent';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
      },
    });
  };

  /** "Send the link again": the same request, as a new submission with its own countdown. */
  private async requestAgain(): Promise<void> {
    const sent = this.#sent;
    if (!sent) return;
    this.sentAgain = false;
    const success = await this.againSubmission.run({ journey: 'forgot-password', endpoint: 'forgotPassword', prepare: () => ({ body: sent.body }) });
    this.sentAgain = success !== undefined;
  }

  private resetPassword = async (): Promise<void> => {
    const fields = this.resetFields();
    const success = await this.resetSubmission.run({
      journey: 'reset-password',
      endpoint: 'resetPassword',
      prepare: async () => ((await this.fieldsReady(fields)) ? collectBody(fields, { client_id: this.clientId, token: this.#linkToken }) : undefined),
      navigates: (data) => data.redirect_uri !== undefined,
      onSuccess: async () => {
        this.view = 'changed';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
      },
    });
    if (success && !success.canceled) this.followRedirect('reset-password', success.data.redirect_uri);
  };

  override async onSubmissionFailed(submission: Submission, error: JourneyError): Promise<void> {
    if (submission === this.resetSubmission && (error.code === 'invalid_token' || error.code === 'expired_token')) this.view = 'link-problem';
    await super.onSubmissionFailed(submission, error);
  }

  /** A bad link: back to step 1 to ask for a new one, with the keyboard focus in its field. */
  private async startOver(): Promise<void> {
    this.resetSubmission.clear();
    this.#linkToken = undefined;
    this.view = 'request';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }
}
