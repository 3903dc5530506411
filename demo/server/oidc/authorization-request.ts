/**
 * The query of a hosted screen (contract section 7): `/authorize`,
 * `/register`, `/forgot-password` and `/personal-details` all take it.
 *
 * `client_id` and `redirect_uri` are checked first: until both are known
 * good (a known client, a `redirect_uri` on its allowlist, exactly), a
 * problem is shown as an HTML error page and nobody is redirected anywhere.
 * After that, a problem goes back to the application as RFC 6749 4.1.2.1
 * says: `redirect_uri?error=...&error_description=...&state=...`.
 */
import type { ClientConfig } from '../clients.js';
import type { ApiDeps } from '../routes/context.js';

export type Journey = 'authorize' | 'register' | 'forgot-password' | 'personal-details';

/** A checked authorization request. */
export interface AuthorizationParams {
  clientId: string;
  redirectUri: string;
  state: string;
  /** Space-separated, `openid` included. */
  scope: string;
  nonce?: string;
  /** S256 only. */
  codeChallenge?: string;
  uiLocales?: string;
  prompt?: string;
  loginHint?: string;
  accessType?: string;
  environmentId?: string;
  organizationId?: string;
  /** `/forgot-password` only: `openid`. */
  responseFormat?: string;
}

export type ParamsCheck =
  | { ok: true; client: ClientConfig; params: AuthorizationParams }
  /** Shown as a page: the redirect URI cannot be trusted (or is not known). */
  | { ok: false; page: string }
  /** Returned to the (checked) redirect URI. */
  | { ok: false; redirect: string };

export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'] as const;
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;

/** RFC 7636 4.2: BASE64URL(SHA256(verifier)) is 43 characters; the syntax allows 43 to 128 unreserved ones. */
export const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;
const LOCALE_LIST = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*( [A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*)*$/;
const ORGANIZATION_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Longest value of any parameter (a state, a nonce, a login hint). */
const MAX_VALUE_LENGTH = 512;

/** The parameters of section 7, in the order they are rebuilt into a query. */
const NAMES = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'ui_locales',
  'prompt',
  'login_hint',
  'access_type',
  'environment_id',
  'organization_id',
  'response_format',
  'response_mode',
] as const;

/** The redirect of an error to the application (RFC 6749 4.1.2.1). */
export function errorRedirect(redirectUri: string, error: string, description: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

/** The success redirect: `redirect_uri?code=...&state=...`. */
export function codeRedirect(redirectUri: string, code: string, state: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  url.searchParams.set('state', state);
  return url.href;
}

/** Checks a hosted screen's query (see the module comment). */
export function checkAuthorizationRequest(deps: ApiDeps, query: URLSearchParams, journey: Journey): ParamsCheck {
  const single = (name: string): string | undefined | null => {
    const values = query.getAll(name);
    if (values.length > 1) return null; // RFC 6749 3.1: parameters MUST NOT be included more than once
    return values[0];
  };

  const clientId = single('client_id');
  if (clientId === null) return { ok: false, page: 'The request has more than one client_id.' };
  if (clientId === undefined || clientId === '') return { ok: false, page: 'The request has no client_id.' };
  const client = deps.clients.get(clientId);
  if (!client) return { ok: false, page: 'The client_id names no application of this service.' };
  const redirectUri = single('redirect_uri');
  if (redirectUri === null) return { ok: false, page: 'The request has more than one redirect_uri.' };
  if (redirectUri === undefined || redirectUri === '') return { ok: false, page: 'The request has no redirect_uri.' };
  if (!client.redirectUris.includes(redirectUri)) {
    return { ok: false, page: "The redirect_uri is not on this application's list of allowed addresses." };
  }

  // From here on the redirect URI is trusted: problems go back to the application.
  const rawState = single('state');
  const state = typeof rawState === 'string' && rawState !== '' ? rawState : undefined;
  const fail = (error: string, description: string): ParamsCheck => ({
    ok: false,
    redirect: errorRedirect(redirectUri, error, description, state !== undefined && state.length <= MAX_VALUE_LENGTH ? state : undefined),
  });

  for (const name of NAMES) {
    if (query.getAll(name).length > 1) return fail('invalid_request', `The request has more than one ${name}.`);
    if ((query.get(name) ?? '').length > MAX_VALUE_LENGTH) return fail('invalid_request', `The ${name} parameter is too long.`);
  }
  const get = (name: string): string | undefined => {
    const value = query.get(name);
    return value === null || value === '' ? undefined : value;
  };

  const responseType = get('response_type');
  if (responseType === undefined) return fail('invalid_request', 'response_type is required (code).');
  if (responseType !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
  const responseMode = get('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') return fail('invalid_request', 'Only response_mode=query is supported.');
  if (state === undefined) return fail('invalid_request', 'state is required.');

  const scopes = (get('scope') ?? 'openid').split(' ').filter((scope) => scope !== '');
  if (!scopes.includes('openid')) return fail('invalid_scope', 'The scope must include openid.');
  const unknown = scopes.filter((scope) => !(SUPPORTED_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) return fail('invalid_scope', `Unsupported scope: ${unknown.join(' ')}.`);

  const codeChallenge = get('code_challenge');
  const method = get('code_challenge_method');
  if (codeChallenge === undefined && method !== undefined) return fail('invalid_request', 'code_challenge_method without code_challenge.');
  if (codeChallenge !== undefined) {
    // RFC 7636 4.3 would read a missing method as "plain", which this service does not take.
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (!CODE_CHALLENGE.test(codeChallenge)) return fail('invalid_request', 'The code_challenge is malformed.');
  } else if (!client.secret) {
    return fail('invalid_request', 'PKCE is required: code_challenge and code_challenge_method=S256.');
  }

  const prompt = get('prompt');
  if (prompt !== undefined) {
    const values = prompt.split(' ');
    if (!values.every((value) => (PROMPT_VALUES as readonly string[]).includes(value))) return fail('invalid_request', 'Unsupported prompt value.');
    if (values.includes('none') && values.length > 1) return fail('invalid_request', 'prompt=none cannot be combined with other values.');
  }
  const accessType = get('access_type');
  if (accessType !== undefined && accessType !== 'online' && accessType !== 'offline') {
    return fail('invalid_request', 'access_type must be online or offline.');
  }
  const environmentId = get('environment_id');
  if (environmentId !== undefined && environmentId !== deps.envId) return fail('invalid_request', 'Unknown environment_id.');
  const organizationId = get('organization_id');
  if (organizationId !== undefined && !ORGANIZATION_ID.test(organizationId)) return fail('invalid_request', 'The organization_id is malformed.');
  const responseFormat = get('response_format');
  if (responseFormat !== undefined && (journey !== 'forgot-password' || responseFormat !== 'openid')) {
    return fail('invalid_request', 'response_format=openid is taken by /forgot-password only.');
  }
  // A hint for the user interface: a malformed one is left out rather than refused.
  const uiLocales = get('ui_locales');
  const loginHint = get('login_hint');
  const nonce = get('nonce');

  return {
    ok: true,
    client,
    params: {
      clientId,
      redirectUri,
      state,
      scope: scopes.join(' '),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
      ...(uiLocales !== undefined && LOCALE_LIST.test(uiLocales) ? { uiLocales } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
      ...(loginHint !== undefined ? { loginHint } : {}),
      ...(accessType !== undefined ? { accessType } : {}),
      ...(environmentId !== undefined ? { environmentId } : {}),
      ...(organizationId !== undefined ? { organizationId } : {}),
      ...(responseFormat !== undefined ? { responseFormat } : {}),
    },
  };
}

/** The query of a checked request, rebuilt (for the links between the hosted screens). */
export function queryOf(params: AuthorizationParams): string {
  const query = new URLSearchParams({
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    response_type: 'code',
    state: params.state,
    scope: params.scope,
  });
  const optional: [string, string | undefined][] = [
    ['nonce', params.nonce],
    ['code_challenge', params.codeChallenge],
    ['code_challenge_method', params.codeChallenge === undefined ? undefined : 'S256'],
    ['ui_locales', params.uiLocales],
    ['login_hint', params.loginHint],
    ['access_type', params.accessType],
    ['environment_id', params.environmentId],
    ['organization_id', params.organizationId],
  ];
  for (const [name, value] of optional) if (value !== undefined) query.set(name, value);
  return query.toString();
}

/** Whether the prompt asks for one value. */
export const prompts = (params: AuthorizationParams, value: (typeof PROMPT_VALUES)[number]): boolean =>
  (params.prompt ?? '').split(' ').includes(value);
