/**
 * The journeys that carry the OAuth/OIDC parameters of contract section 2
 * into their request body (`<nid-register>`, `<nid-forgot-password>`).
 */
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { OAuthParams } from '../api/contract.js';
import { isAbsoluteUrl } from '../api/patterns.js';
import { codeChallengeMethods, prompts } from '../api/vocabulary.js';
import { JourneyElement } from './journey-element.js';

const optionalString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export abstract class OAuthJourneyElement extends JourneyElement {
  /** Where the service sends the user after the journey; must be in the client's allowlist. */
  @property({ attribute: 'redirect-uri' }) redirectUri = '';
  @property() scope = 'openid';
  /** Opaque value passed back unchanged on the redirect. */
  @property() state = '';
  // `nonce` is deliberately not a Lit property: it is an HTML global attribute, and on pages
  // with a header-delivered CSP the browser blanks the attribute after parsing ("nonce
  // hiding"). The native `nonce` IDL property keeps the value, so the element reads that.
  /** PKCE challenge. */
  @property({ attribute: 'code-challenge' }) codeChallenge: string | undefined;
  /** `S256` (or `plain`). */
  @property({ attribute: 'code-challenge-method' }) codeChallengeMethod: string | undefined;
  /** Pre-fills the identifier (email or mobile number) and is sent as `login_hint`. */
  @property({ attribute: 'login-hint' }) loginHint: string | undefined;
  @property({ attribute: 'environment-id' }) environmentId: string | undefined;
  @property({ attribute: 'organization-id' }) organizationId: string | undefined;
  /** `none`, `login` or `consent`. */
  @property() prompt: string | undefined;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // The login hint pre-fills the identifier once, unless the user typed something.
    const hint = typeof this.loginHint === 'string' ? this.loginHint.trim() : '';
    if (hint) this.form.prefill(this.identifierName, hint);
  }

  /** The section 2 parameters for the body; optional ones only when set. */
  protected oauthParams(): OAuthParams {
    const optional = {
      nonce: optionalString(this.nonce),  // native HTMLElement.nonce, see above
      code_challenge: optionalString(this.codeChallenge),
      code_challenge_method: optionalString(this.codeChallengeMethod) as OAuthParams['code_challenge_method'],
      ui_locales: optionalString(this.uiLocaleList.join(' ')),
      login_hint: optionalString(this.loginHint),
      environment_id: optionalString(this.environmentId),
      organization_id: optionalString(this.organizationId),
      prompt: optionalString(this.prompt) as OAuthParams['prompt'],
    };
    return {
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: optionalString(this.scope) ?? 'openid',
      state: this.state,
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    };
  }

  protected override configProblems(): string[] {
    const problems = super.configProblems();
    const oneOf = (list: readonly string[], value: string | undefined) => value === undefined || list.includes(value);
    if (!isAbsoluteUrl(this.redirectUri)) problems.push('redirect-uri');
    if (optionalString(this.state) === undefined) problems.push('state');
    if (!oneOf(codeChallengeMethods, optionalString(this.codeChallengeMethod))) problems.push('code-challenge-method');
    if (!oneOf(prompts, optionalString(this.prompt))) problems.push('prompt');
    return problems;
  }
}
