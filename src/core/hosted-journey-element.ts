/**
 * The journeys the vendor also hosts (contract section 7): `<nid-register>`
 * and `<nid-forgot-password>`. With `mode="hosted"` the element shows one
 * call-to-action instead of its form; pressing it sends the browser to the
 * vendor's screen through `nid-journeys/oauth`, which keeps PKCE, `state` and
 * `nonce` for the return (`completeJourney` on the redirect page). That code
 * loads only when the button is pressed. No form data goes into the URL but
 * the login hint.
 */
import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { checkBaseDomain } from '../api/endpoints.js';
import { JourneyError } from '../api/errors.js';
import { NidErrorEvent } from '../events.js';
import { isAbsoluteUrl } from '../api/patterns.js';
import { oauthModule } from '../oauth/load-oauth.js';
import type { HostedJourney } from '../api/hosted-url.js';
import { AccountJourneyElement } from './account-journey-element.js';
import { navigation } from './navigation.js';
import { renderAction } from './templates.js';

const optional = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export abstract class HostedJourneyElement extends AccountJourneyElement {
  /** `hosted`: one button to the vendor's own screen instead of the form. */
  @property() mode: string | undefined;
  /** Hosted mode: the scopes asked for (default `openid`). */
  @property() scope: string | undefined;
  /** Hosted mode: `none`, `login` or `consent`. */
  @property() prompt: string | undefined;
  /** Hosted mode: `offline` for a refresh token. */
  @property({ attribute: 'access-type' }) accessType: string | undefined;
  /** Hosted mode: sent as `environment_id`. */
  @property({ attribute: 'environment-id' }) environmentId: string | undefined;
  /** Hosted mode: sent as `organization_id`. */
  @property({ attribute: 'organization-id' }) organizationId: string | undefined;

  @state() private starting = false;
  /** The hosted journey could not start (the oauth code did not load, the browser refused crypto). */
  @state() private startError: JourneyError | undefined;

  /** Which hosted screen this element leads to (also the journey its `nid-error` names). */
  protected abstract readonly hostedJourney: Extract<HostedJourney, 'register' | 'forgot-password'>;

  protected get hosted(): boolean {
    return this.mode === 'hosted';
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('mode')) this.startError = undefined;
  }

  /** The vendor checks the rest; the button needs a service, a client and where to come back. */
  protected override configProblems(): string[] {
    if (!this.hosted) return super.configProblems();
    const problems: string[] = [];
    if (!checkBaseDomain(this.baseDomain)) problems.push('base-domain');
    if (typeof this.clientId !== 'string' || this.clientId.trim() === '') problems.push('client-id');
    if (!isAbsoluteUrl(this.redirectUri)) problems.push('redirect-uri');
    return problems;
  }

  /** Busy (`aria-busy`, `:state(busy)`) while the hosted URL is prepared, too; the button stays where it is. */
  protected override get busy(): boolean {
    return this.starting || super.busy;
  }

  protected override viewError(): JourneyError | undefined {
    return this.startError ?? super.viewError();
  }

  /** The call-to-action of hosted mode, busy while the hosted URL is prepared. */
  protected renderHosted(label: string): TemplateResult {
    const state = { busy: this.starting, blocked: this.starting, countdown: { running: false, remaining: 0 } };
    return html`<div class="view"><slot name="before-submit"></slot>${renderAction(label, state, { onClick: () => void this.#start(), primary: true })}</div>`;
  }

  async #start(): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    this.startError = undefined;
    try {
      const { startJourney } = await oauthModule.load();
      await startJourney(
        {
          journey: this.hostedJourney,
          baseDomain: this.baseDomain,
          clientId: this.clientId,
          redirectUri: this.redirectUri,
          ...definedOnly({
            scope: optional(this.scope),
            uiLocales: optional(this.uiLocaleList.join(' ')),
            loginHint: optional(this.loginHint),
            prompt: optional(this.prompt),
            accessType: optional(this.accessType),
            environmentId: optional(this.environmentId),
            organizationId: optional(this.organizationId),
          }),
        },
        (url) => navigation.assign(url),
      );
    } catch {
      this.startError = new JourneyError({ kind: 'network', code: 'network_error' });
      this.dispatchEvent(new NidErrorEvent({ code: 'network_error' }, this.hostedJourney));
      await this.updateComplete;
      this.focusFirstProblem();
    } finally {
      this.starting = false;
    }
  }
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
