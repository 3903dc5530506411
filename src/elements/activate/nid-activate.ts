import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { localized, msg } from '@lit/localize';
import { property, state } from 'lit/decorators.js';
import type { ActivateResponse } from '../../api/contract.js';
import { JourneyError } from '../../api/errors.js';
import { collectBody } from '../../core/fields/collect.js';
import { consentField } from '../../core/fields/consent-field.js';
import type { Field } from '../../core/fields/field.js';
import { PASSWORD, passwordFields } from '../../core/fields/password-field.js';
import { profileField } from '../../core/fields/profile-fields.js';
import { JourneyElement } from '../../core/journey-element.js';
import { linkToken } from '../../core/link-token.js';
import type { Submission } from '../../core/submission.js';
import { safeHttpUrl } from '../../core/urls.js';
import { currentLocale } from '../../i18n/localization.js';

type Completion = Extract<ActivateResponse, { status: 'completion_required' }>;

/** What the element shows: the button, the invitation's form, or what became of the link. */
/** The profile keys that name the account, in the order a password manager should prefer. */
const IDENTIFIERS = ['emailAddress', 'mobileNumber'] as const;

type View = 'ready' | 'completion' | 'activated' | 'link-problem' | 'already-activated';

/**
 * Account activation from the emailed or texted link. The token is read from
 * the address bar (and removed from it) but sent only when the user clicks
 * "Activate account": mail scanners open links. An invitation that needs a
 * password and a profile first shows that form. A link that is not valid or
 * has expired offers to send a new one.
 *
 * @tagname nid-activate
 * @summary Account activation from the emailed or texted link, including invitations.
 *
 * @slot before-submit - Content just before the submit button, such as a captcha widget.
 * @slot footer - Content under the journey in every state.
 *
 * @event nid-submit - Before a request; cancelable. `detail: { journey: 'activate' | 'resend-activation', body }`, never with the password.
 * @event nid-success - Activated (`detail: { status: 'activated', redirect_uri }`, cancelable: cancel it to stay on the page instead of following `redirect_uri`), or a new link sent (`event.journey === 'resend-activation'`).
 * @event nid-error - A request failed (`invalid_token`, `expired_token`, `already_activated`, ...), the configuration is invalid, or the service's `redirect_uri` is not http(s) (`unsafe_redirect_uri`).
 *
 * @csspart form - A form (activate, complete the invitation, request a new link).
 * @csspart message - An explanation above a form.
 * @csspart field - One field.
 * @csspart label - A field's label.
 * @csspart input - An input.
 * @csspart select - A select (gender, country code).
 * @csspart country - The country-code select of a mobile field.
 * @csspart checkbox - A consent checkbox.
 * @csspart link - A link (consents, "Sign in").
 * @csspart toggle - The show/hide password button.
 * @csspart hint - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart submit - The main button.
 * @csspart countdown - The wait after too many attempts.
 */
@localized()
export class NidActivate extends JourneyElement {
  /** The activation token; otherwise it is read from the query parameter named by `token-param`. */
  @property() token: string | undefined;
  /** The query parameter that carries the token. */
  @property({ attribute: 'token-param' }) tokenParam = 'token';
  /** Where "Sign in" leads once the account is active (https only). */
  @property({ attribute: 'sign-in-url' }) signInUrl: string | undefined;

  @state() private view: View = 'ready';
  @state() private completion: Completion | undefined;
  /** A new link was requested, for its confirmation line. */
  @state() private resent = false;

  private readonly submission = this.createSubmission();
  private readonly resendSubmission = this.createSubmission();
  /** The token of the link, from the property or the address bar. */
  #linkToken: string | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated || changed.has('tokenParam') || changed.has('token')) {
      this.#linkToken = linkToken(this.token, this.tokenParam) ?? this.#linkToken;
    }
    super.willUpdate(changed);
  }

  /** A link without its token is a link that is not valid; nothing is sent to learn that. */
  protected override viewError(): JourneyError | undefined {
    return this.#linkToken ? undefined : new JourneyError({ kind: 'config', code: 'invalid_token' });
  }

  private get effectiveView(): View {
    return this.#linkToken ? this.view : 'link-problem';
  }

  /** The invitation's form: the fields the service listed, then the consents. */
  private completionFields(): Field[] {
    const completion = this.completion;
    if (!completion) return [];
    const given = Object.entries(completion.profile ?? {}).filter(([, value]) => typeof value === 'string' && value !== '');
    const context = this.fieldContext(new Set(given.map(([name]) => name)));
    const settings = this.resolved;
    const fields: Field[] = [];
    const listed = new Set(completion.fields.map((setting) => setting.name));
    const username = IDENTIFIERS.filter((name) => !listed.has(name))
      .map((name) => completion.profile?.[name])
      .find((value): value is string => typeof value === 'string' && value !== '');
    for (const setting of completion.fields) {
      if (setting.name === PASSWORD) {
        const spec = { minLength: settings.passwordMin, maxLength: settings.passwordMax, confirm: true, username };
        fields.push(...passwordFields(this.form, this.visibility, spec));
      } else {
        const field = profileField(setting, context);
        if (field) fields.push(field);
      }
    }
    for (const consent of completion.consents ?? []) {
      fields.push(consentField(this.form, { id: consent.id, url: consent.url, required: consent.required ?? false }));
    }
    return fields;
  }

  protected renderJourney(): TemplateResult | typeof nothing {
    switch (this.effectiveView) {
      case 'ready':
        return this.renderForm([], this.activate, msg('Activate account'), this.submission, msg('Activate your account to start using it.'));
      case 'completion':
        return this.renderForm(
          this.completionFields(),
          this.activate,
          msg('Activate account'),
          this.submission,
          msg('Complete your profile and choose a password to activate your account.'),
        );
      case 'link-problem':
        return this.renderForm([this.identifierField()], this.resendLink, msg('Send a new link'), this.resendSubmission);
      case 'already-activated': {
        const signIn = safeHttpUrl(this.signInUrl);
        return signIn ? html`<p part="message" class="message"><a part="link" href=${signIn}>${msg('Sign in')}</a></p>` : nothing;
      }
      case 'activated':
        return nothing;
    }
  }

  protected override statusContent() {
    if (this.effectiveView === 'activated') return html`<p part="message" class="message">${msg('Your account is activated.')}</p>`;
    if (this.resent) {
      return html`<p part="message" class="message">${msg('If an account is waiting for activation, we have sent a new link.')}</p>
        ${super.statusContent()}`;
    }
    return super.statusContent();
  }

  private activate = async (): Promise<void> => {
    const completing = this.view === 'completion';
    const success = await this.submission.run({
      journey: 'activate',
      endpoint: 'activate',
      prepare: async () => {
        const base = { client_id: this.clientId, token: this.#linkToken };
        if (!completing) return { body: base };
        const fields = this.completionFields();
        return (await this.fieldsReady(fields)) ? collectBody(fields, base) : undefined;
      },
      navigates: (data) => data.status === 'activated' && data.redirect_uri !== undefined,
      onSuccess: async (data) => {
        if (data.status === 'completion_required') {
          this.completion = data;
          for (const [name, value] of Object.entries(data.profile ?? {})) {
            if (typeof value === 'string') this.form.prefill(name, value);
          }
          this.view = 'completion';
        } else {
          this.view = 'activated';
        }
        await this.updateComplete;
        if (data.status === 'activated') this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
      },
    });
    if (success?.data.status === 'activated' && !success.canceled) this.followRedirect('activate', success.data.redirect_uri);
  };

  override async onSubmissionFailed(submission: Submission, error: JourneyError): Promise<void> {
    if (submission === this.submission) {
      if (error.code === 'invalid_token' || error.code === 'expired_token') this.view = 'link-problem';
      if (error.code === 'already_activated') this.view = 'already-activated';
    }
    await super.onSubmissionFailed(submission, error);
  }

  private resendLink = async (): Promise<void> => {
    this.resent = false;
    const field = this.identifierField();
    const success = await this.resendSubmission.run({
      journey: 'resend-activation',
      endpoint: 'resendActivation',
      prepare: async () =>
        (await this.fieldsReady([field]))
          ? { body: { client_id: this.clientId, [field.name]: field.value(), locale: this.uiLocaleList[0] ?? currentLocale() } }
          : undefined,
    });
    this.resent = success !== undefined;
  };
}
