/**
 * The vendor's hosted screens (contract section 7) and the one way their URL
 * is built, for the browser (`nid-journeys/oauth`) and a backend
 * (`createCallbackHandler`) alike. The callers generate and keep the PKCE
 * verifier, `state` and `nonce`; this module only puts them in the URL.
 */

/** The hosted screens a journey can start on. */
export const hostedJourneys = ['authorize', 'register', 'forgot-password', 'personal-details'] as const;
export type HostedJourney = (typeof hostedJourneys)[number];

/** The optional parameters of section 7, each sent only when set. */
export interface HostedParameters {
  /** `scope`: space-separated; the callers make sure it includes `openid`. */
  scope?: string | undefined;
  /** `ui_locales`: space-separated language tags, most preferred first. */
  uiLocales?: string | undefined;
  /** `login_hint`: the one piece of user data that may go into the URL. */
  loginHint?: string | undefined;
  /** `prompt`, e.g. `login`. */
  prompt?: string | undefined;
  /** `access_type`, e.g. `offline` for a refresh token. */
  accessType?: string | undefined;
  /** `environment_id`. */
  environmentId?: string | undefined;
  /** `organization_id`. */
  organizationId?: string | undefined;
}

/** Each optional parameter's name in the URL. */
export const hostedParameterNames: Readonly<Record<keyof HostedParameters, string>> = {
  scope: 'scope',
  uiLocales: 'ui_locales',
  loginHint: 'login_hint',
  prompt: 'prompt',
  accessType: 'access_type',
  environmentId: 'environment_id',
  organizationId: 'organization_id',
};

/** Parameters only one screen takes. */
const screenParameters: Readonly<Partial<Record<HostedJourney, Readonly<Record<string, string>>>>> = {
  'forgot-password': { response_format: 'openid' },
};

/** What every hosted URL carries: the client, the return, and the values the return is checked against. */
export interface HostedCore {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce: string;
  /** The S256 challenge of the PKCE verifier the caller keeps. */
  codeChallenge: string;
}

/**
 * `{root}/{journey}?client_id&redirect_uri&response_type=code&scope&state&nonce&code_challenge&code_challenge_method=S256`,
 * plus the screen's own parameters and the optional ones that are set.
 * `root` is the base domain (its path kept). The scope defaults to `openid`.
 */
export function hostedJourneyUrl(root: string, journey: HostedJourney, core: HostedCore, parameters: HostedParameters = {}): URL {
  const url = new URL(`${root.replace(/\/+$/, '')}/${journey}`);
  const query = url.searchParams;
  query.set('client_id', core.clientId);
  query.set('redirect_uri', core.redirectUri);
  query.set('response_type', 'code');
  query.set('scope', parameters.scope || 'openid');
  query.set('state', core.state);
  query.set('nonce', core.nonce);
  query.set('code_challenge', core.codeChallenge);
  query.set('code_challenge_method', 'S256');
  for (const [name, value] of Object.entries(screenParameters[journey] ?? {})) query.set(name, value);
  for (const [key, name] of Object.entries(hostedParameterNames)) {
    const value = parameters[key as keyof HostedParameters];
    if (key !== 'scope' && value) query.set(name, value);
  }
  return url;
}
