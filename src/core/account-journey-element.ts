/**
 * The journeys of one account that talk to the service from the browser
 * (`<nid-register>`, `<nid-activate>`, `<nid-forgot-password>`): each call
 * names the client, the account's `auth_type` and `user_id`, and the
 * `redirect_uri` the service checks against the client's allowlist
 * (contract sections 3-5).
 */
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { isAbsoluteUrl } from '../api/patterns.js';
import type { FieldError } from '../api/contract.js';
import { recallIdentifier, rememberIdentifier } from './identifier-handoff.js';
import type { Field } from './fields/field.js';
import { profileField, type ProfileFieldContext } from './fields/profile-fields.js';
import { JourneyElement } from './journey-element.js';
import type { Body, Submission } from './submission.js';

export abstract class AccountJourneyElement extends JourneyElement {
  /** Sent as `redirect_uri`; must be in the client's allowlist. */
  @property({ attribute: 'redirect-uri' }) redirectUri = '';
  /** Pre-fills the identifier (email address or mobile number). Never sent to the API. */
  @property({ attribute: 'login-hint' }) loginHint: string | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The login hint pre-fills the identifier once, unless the user typed something.
    const hint = typeof this.loginHint === 'string' ? this.loginHint.trim() : '';
    if (hint) this.form.prefill(this.identifierName, hint);
  }

  protected override configProblems(): string[] {
    const problems = super.configProblems();
    if (!isAbsoluteUrl(this.redirectUri)) problems.push('redirect-uri');
    return problems;
  }

  /** The user's own identifier field is their username for password managers (the invite form's is someone else's). */
  protected override fieldContext(): ProfileFieldContext {
    return { ...super.fieldContext(), username: this.identifierName };
  }

  /** The required identifier field (email address, or mobile number for sms clients). */
  protected identifierField(): Field {
    return profileField({ name: this.identifierName, required: true }, this.fieldContext())!;
  }

  /** Moves focus to the status region, where a new view's message is announced. */
  protected async focusStatus(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="status"]')?.focus();
  }

  /** What every call about an account sends. */
  protected accountBody(userId: string): Body {
    return { client_id: this.clientId, auth_type: this.resolved.authType, user_id: userId, redirect_uri: this.redirectUri };
  }

  /** The service says `user_id`; the form says email address or mobile number. */
  protected readonly placeUserId = (field: FieldError): string | undefined => (field.name === 'user_id' ? this.identifierName : undefined);

  /** The account's identifier when the page knows it: `given` (a `user-id` attribute), else what a journey of this page session handed over. */
  protected knownIdentifier(given: unknown): string | undefined {
    if (typeof given === 'string' && given.trim() !== '') return given.trim();
    return recallIdentifier(this.clientId, this.resolved.authType);
  }

  /** Hands the identifier to the next journey of this page session (`<nid-activate>`, step 2 of a reset). */
  protected handOver(userId: string): void {
    rememberIdentifier(this.clientId, this.resolved.authType, userId);
  }

  /**
   * `resend-verification` (contract section 3): a new verification message.
   * The service answers 200 whether or not the account exists or waits for
   * verification, and its body differs between them; it is not read, so every
   * case shows the same confirmation. True when it went through.
   */
  protected async resendVerification(submission: Submission, userId: () => Promise<string | undefined>): Promise<boolean> {
    const answer = await submission.run({
      journey: 'resend-verification',
      prepare: async () => {
        const id = await userId();
        return id === undefined ? undefined : { body: { ...this.accountBody(id), locale: this.resolvedLocale } };
      },
      send: (body, signal) => this.call('resendVerification', body, signal),
      detail: () => ({ status: 'sent' }),
      placeField: this.placeUserId,
    });
    return answer !== undefined;
  }
}
