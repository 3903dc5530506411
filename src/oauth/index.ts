/**
 * `nid-journeys/oauth`: the last step of a journey, from the hosted screen's
 * return to a signed-in user, for browsers (and, all but the
 * `sessionStorage` part, edge runtimes). Contract sections 6 and 7.
 *
 * ```js
 * import { startJourney, completeJourney } from 'nid-journeys/oauth';
 * // the button
 * await startJourney({ journey: 'register', baseDomain, clientId, redirectUri });
 * // the redirect page
 * const { claims, tokens } = await completeJourney({ baseDomain, clientId, redirectUri });
 * ```
 *
 * Everything OAuth is oauth4webapi's: PKCE (S256), `state` and `nonce`, the
 * response check, the code exchange, the ID token's claims (`iss`, `aud`,
 * `exp`, `nonce`) and its signature against the service's JWKS
 * (`validateApplicationLevelSignature`, which oauth4webapi leaves to the
 * caller for the code flow). This module adds the journeys' URLs, where the
 * verifier waits (`sessionStorage`, see `pending.ts`) and the typed errors.
 *
 * Tokens are returned to the caller, never stored: nothing is written to
 * `localStorage`, and the code and `state` leave the address bar before any
 * request is made.
 */
import {
  AuthorizationResponseError,
  None,
  authorizationCodeGrantRequest,
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  getValidatedIdTokenClaims,
  processAuthorizationCodeResponse,
  processRefreshTokenResponse,
  processUserInfoResponse,
  refreshTokenGrantRequest,
  skipSubjectCheck,
  userInfoRequest,
  validateApplicationLevelSignature,
  validateAuthResponse,
  type TokenEndpointResponse,
} from 'oauth4webapi';
import { hostedJourneys, hostedJourneyUrl, hostedParameterNames, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';
import { isAbsoluteUrl } from '../api/patterns.js';
import { OAuthJourneyError, knownError, step } from './errors.js';
import { remember, take } from './pending.js';
import { allowedUrl, discover, invalid, nonEmpty, service, type ServiceOptions } from './service.js';

export { OAuthJourneyError, type OAuthJourneyErrorCode } from './errors.js';
export { DEFAULT_TIMEOUT_MS, type ServiceOptions } from './service.js';
export { STORAGE_KEY } from './pending.js';
export { hostedJourneys, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';

export interface JourneyOptions extends HostedParameters {
  journey: HostedJourney;
  /** The service, e.g. `https://id.eu.nextreason.com`: `https:`, or `http:` on localhost only. */
  baseDomain: string;
  clientId: string;
  /** Where the service sends the browser back (an absolute URL registered for the client). */
  redirectUri: string;
  /** Space-separated scopes; default `openid` (always included: the journey ends with an ID token). */
  scope?: string | undefined;
}

/** The validated claims of an ID token: the standard ones, and whatever else the service put in it. */
export interface IdTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | string[];
  readonly exp: number;
  readonly iat: number;
  readonly nonce?: string;
  readonly [claim: string]: unknown;
}

export interface JourneyTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** When the access token expires, in milliseconds since the epoch (from `expires_in`). */
  expiresAt?: number;
}

/** A finished journey: the ID token's claims, validated, and the tokens, for the caller to keep (in memory). */
export interface JourneyResult {
  claims: IdTokenClaims;
  tokens: JourneyTokens;
}

/** A refresh: new tokens, and the new ID token's validated claims when the service sent one. */
export interface RefreshResult {
  claims?: IdTokenClaims;
  tokens: Omit<JourneyTokens, 'idToken'> & { idToken?: string };
}

/** The optional string parameters: undefined or empty means "not set". */
function optionalString(value: unknown, option: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') invalid(option, 'must be a string');
  return value;
}

function redirectUriOf(value: unknown, option = 'redirectUri'): string {
  if (!isAbsoluteUrl(value)) invalid(option, 'must be an absolute URL');
  return value;
}

/** `openid` first when the caller's scopes lack it: the return is validated through its ID token. */
function scopeOf(value: unknown): string {
  const scopes = (optionalString(value, 'scope') ?? '').split(/\s+/).filter(Boolean);
  return [...new Set(['openid', ...scopes])].join(' ');
}

/**
 * The hosted screen's URL for a new journey (contract section 7). Generates
 * the PKCE verifier, `state` and `nonce`, and keeps them in `sessionStorage`
 * (one key, `nid-journeys:oauth`, an entry per `state`) for `completeJourney`.
 * Rejects with a TypeError when an option is invalid, or when the tab has no
 * usable `sessionStorage` (nothing is stored then).
 */
export async function buildJourneyUrl(options: JourneyOptions): Promise<string> {
  const target = service(options);
  const journey = options.journey;
  if (!(hostedJourneys as readonly unknown[]).includes(journey)) invalid('journey', `must be one of ${hostedJourneys.join(', ')}`);
  const redirectUri = redirectUriOf(options.redirectUri);
  const parameters: HostedParameters = { scope: scopeOf(options.scope) };
  for (const key of Object.keys(hostedParameterNames) as (keyof HostedParameters)[]) {
    if (key !== 'scope') parameters[key] = optionalString(options[key], key);
  }

  const verifier = generateRandomCodeVerifier();
  const state = generateRandomState();
  const nonce = generateRandomNonce();
  const challenge = await calculatePKCECodeChallenge(verifier);

  const url = hostedJourneyUrl(target.issuer.href, journey, { clientId: target.client.client_id, redirectUri, state, nonce, codeChallenge: challenge }, parameters);
  remember(state, { verifier, nonce, issuer: target.issuer.href, clientId: target.client.client_id, redirectUri, created: Date.now() });
  return url.href;
}

/** `buildJourneyUrl`, then goes there: `location.assign` unless `navigate` is given (a router, a test). */
export async function startJourney(options: JourneyOptions, navigate?: (url: string) => void): Promise<void> {
  const url = await buildJourneyUrl(options);
  (navigate ?? ((href: string) => globalThis.location.assign(href)))(url);
}

export interface CompleteOptions extends ServiceOptions {
  /** The redirect URI the journey was started with. */
  redirectUri: string;
  /** The URL the service sent the browser back to; default `location.href`. */
  url?: string | URL;
}

/** The parameters of the response, removed from the address bar whatever happens next. */
const RESPONSE_PARAMETERS: ReadonlySet<string> = new Set(['code', 'state', 'iss', 'session_state', 'error', 'error_description', 'error_uri']);

function parameterName(pair: string): string {
  const name = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Drops the response's parameters from the address bar (the rest of the query, byte for byte, and the fragment stay). */
function cleanAddressBar(): void {
  if (typeof location === 'undefined' || typeof history === 'undefined') return;
  try {
    const pairs = location.search.slice(1).split('&').filter(Boolean);
    const kept = pairs.filter((pair) => !RESPONSE_PARAMETERS.has(parameterName(pair)));
    if (kept.length === pairs.length) return;
    history.replaceState(history.state, '', `${location.pathname}${kept.length ? `?${kept.join('&')}` : ''}${location.hash}`);
  } catch {
    // A document that refuses replaceState (sandboxed, opaque origin): nothing more can be done.
  }
}

function tokensOf(result: TokenEndpointResponse): RefreshResult['tokens'] {
  const tokens: RefreshResult['tokens'] = { accessToken: result.access_token };
  if (result.id_token !== undefined) tokens.idToken = result.id_token;
  if (result.refresh_token !== undefined) tokens.refreshToken = result.refresh_token;
  if (typeof result.expires_in === 'number') tokens.expiresAt = Date.now() + result.expires_in * 1000;
  return tokens;
}

/** The claims oauth4webapi validated, as a plain copy. */
function claimsOf(result: TokenEndpointResponse): IdTokenClaims | undefined {
  const claims = getValidatedIdTokenClaims(result);
  return claims && (structuredClone(claims) as IdTokenClaims);
}

/**
 * On the redirect page: finishes the journey `startJourney` began.
 *
 * 1. Removes `code`, `state` (and `iss`, `error`...) from the address bar, first and whatever happens.
 * 2. Takes the journey its `state` names out of `sessionStorage` (once: a replay finds nothing).
 * 3. An `error` parameter ends it (`access_denied`).
 * 4. Discovers the service, checks the response (`state`, `iss`) and exchanges the code at its
 *    token endpoint with the PKCE verifier, as a public client.
 * 5. Validates the ID token: `iss`, `aud`, `exp`, `nonce`, then its signature against the JWKS.
 *
 * Resolves with the claims and the tokens; stores nothing. Rejects with an
 * `OAuthJourneyError` (`state_mismatch`, `access_denied`, `token_error`,
 * `invalid_id_token`, `network`), or a TypeError for an invalid option.
 */
export async function completeJourney(options: CompleteOptions): Promise<JourneyResult> {
  const given = options?.url ?? globalThis.location?.href;
  cleanAddressBar();
  const target = service(options);
  const redirectUri = redirectUriOf(options.redirectUri);
  if (given === undefined) invalid('url', 'is required where there is no location');
  let response: URLSearchParams;
  try {
    response = new URL(String(given)).searchParams;
  } catch {
    return invalid('url', 'must be an absolute URL');
  }

  const state = response.get('state');
  const pending = state ? take(state) : undefined;
  // Started in this tab, for this service, client and redirect URI; or not ours at all.
  if (!state || !pending || pending.issuer !== target.issuer.href || pending.clientId !== target.client.client_id || pending.redirectUri !== redirectUri) {
    throw new OAuthJourneyError('state_mismatch');
  }
  if (response.has('error')) throw new OAuthJourneyError('access_denied', { detail: knownError(response.get('error')) });

  const server = await discover(target);
  let callback: URLSearchParams;
  try {
    callback = validateAuthResponse(server, target.client, response, state);
  } catch (error) {
    throw error instanceof AuthorizationResponseError
      ? new OAuthJourneyError('access_denied', { detail: knownError(error.error) })
      : new OAuthJourneyError('state_mismatch');
  }

  const answer = await step('token', () =>
    authorizationCodeGrantRequest(server, target.client, None(), callback, pending.redirectUri, pending.verifier, target.http),
  );
  const result = await step('token-response', () =>
    processAuthorizationCodeResponse(server, target.client, answer, { expectedNonce: pending.nonce, requireIdToken: true }),
  );
  await step('signature', () => validateApplicationLevelSignature(server, answer, target.http));
  const claims = claimsOf(result);
  const tokens = tokensOf(result);
  if (!claims || tokens.idToken === undefined) throw new OAuthJourneyError('invalid_id_token');
  return { claims, tokens: { ...tokens, idToken: tokens.idToken } };
}

export interface RefreshOptions extends ServiceOptions {
  refreshToken: string;
  /** The `sub` of the ID token the session began with: a new ID token must name the same user. */
  expectedSubject?: string;
}

/**
 * New tokens for a refresh token (`grant_type=refresh_token`, public client).
 * An ID token in the answer is validated as on the first sign-in (`iss`,
 * `aud`, `exp`, signature; its `sub` against `expectedSubject` when given).
 */
export async function refresh(options: RefreshOptions): Promise<RefreshResult> {
  const target = service(options);
  const refreshToken = nonEmpty(options.refreshToken, 'refreshToken');
  const expectedSubject = optionalString(options.expectedSubject, 'expectedSubject');
  const server = await discover(target);
  const answer = await step('token', () => refreshTokenGrantRequest(server, target.client, None(), refreshToken, target.http));
  const result = await step('token-response', () => processRefreshTokenResponse(server, target.client, answer));
  const claims = claimsOf(result);
  if (claims) {
    await step('signature', () => validateApplicationLevelSignature(server, answer, target.http));
    if (expectedSubject !== undefined && claims.sub !== expectedSubject) throw new OAuthJourneyError('invalid_id_token', { detail: 'sub' });
  }
  return claims ? { claims, tokens: tokensOf(result) } : { tokens: tokensOf(result) };
}

export interface UserInfoOptions extends ServiceOptions {
  accessToken: string;
  /** The ID token's `sub`: the answer must be about the same user (recommended). */
  expectedSubject?: string;
}

/**
 * The signed-in user's profile from the service's `userinfo_endpoint`
 * (`{base}/userinfo`), with the access token as a Bearer token (contract
 * section 6). A signed (JWT) answer has its signature checked too.
 */
export async function userInfo(options: UserInfoOptions): Promise<Record<string, unknown>> {
  const target = service(options);
  const accessToken = nonEmpty(options.accessToken, 'accessToken');
  const expectedSubject = optionalString(options.expectedSubject, 'expectedSubject');
  const server = await discover(target);
  const answer = await step('userinfo', () => userInfoRequest(server, target.client, accessToken, target.http));
  const info = await step('userinfo', () => processUserInfoResponse(server, target.client, expectedSubject ?? skipSubjectCheck, answer));
  if (/^\s*application\/jwt\s*(;|$)/i.test(answer.headers.get('content-type') ?? '')) await step('userinfo', () => validateApplicationLevelSignature(server, answer, target.http));
  return structuredClone(info) as Record<string, unknown>;
}

export interface SignOutOptions extends ServiceOptions {
  /** Where the service sends the browser after signing out (registered for the client). */
  postLogoutRedirectUri: string;
  /** The ID token of the session, so that the service need not ask. */
  idTokenHint?: string;
  /** Comes back unchanged on the post-logout redirect. */
  state?: string;
}

/**
 * The URL that signs the user out at the service: the discovery document's
 * `end_session_endpoint`, else `{base}/endsession`, with `client_id`,
 * `post_logout_redirect_uri`, and `id_token_hint` and `state` when given.
 * Forget the tokens you hold, then navigate there.
 */
export async function signOutUrl(options: SignOutOptions): Promise<string> {
  const target = service(options);
  const postLogoutRedirectUri = redirectUriOf(options.postLogoutRedirectUri, 'postLogoutRedirectUri');
  const idTokenHint = optionalString(options.idTokenHint, 'idTokenHint');
  const state = optionalString(options.state, 'state');
  const server = await discover(target);
  let url: URL;
  if (server.end_session_endpoint === undefined) {
    url = target.url('/endsession');
  } else {
    const endpoint = isAbsoluteUrl(server.end_session_endpoint) ? new URL(server.end_session_endpoint) : undefined;
    if (!endpoint || !allowedUrl(endpoint, target.insecure)) throw new OAuthJourneyError('token_error', { detail: 'OAUTH_INVALID_SERVER_METADATA' });
    url = endpoint;
  }
  url.searchParams.set('client_id', target.client.client_id);
  url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
  if (idTokenHint !== undefined) url.searchParams.set('id_token_hint', idTokenHint);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}
