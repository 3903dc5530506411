/**
 * The OpenID Connect endpoints of the reference server (contract section 6,
 * vendor notes 1.8, 1.11, 1.12):
 *
 * - `GET /.well-known/openid-configuration` and `GET /.well-known/jwks.json`;
 * - `POST /token` (form-urlencoded): `authorization_code` (PKCE S256 for a
 *   browser's code, `Authorization: Basic` for a confidential client; a code
 *   issued without a challenge, such as an invitation's or a passwordless
 *   registration's, needs Basic) and `refresh_token` (rotating). Codes are
 *   single-use: a second use revokes what the first issued. Errors follow
 *   RFC 6749 5.2, as JSON with `Cache-Control: no-store`;
 * - `GET|POST /userinfo` with `Authorization: Bearer`;
 * - `GET /endsession`: ends the hosted session and answers 303 to an
 *   allow-listed `post_logout_redirect_uri` with `state`.
 *
 * The JSON endpoints answer CORS for the demo site's origins (a browser runs
 * the PKCE flow). Nothing here logs: the pipeline's line (method, path,
 * status) is all, so no code, token or verifier reaches a log.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientConfig } from '../clients.js';
import { ApiError, readBody, sendJson } from '../http.js';
import { secretsEqual } from '../secrets.js';
import { AUTHORIZATION_CODE_TTL_MS, type Account } from '../store.js';
import { CODE_CHALLENGE, PROMPT_VALUES, SUPPORTED_SCOPES } from './authorization-request.js';
import { accountClaims, CLAIMS_SUPPORTED } from './claims.js';
import type { OidcContext } from './context.js';
import type { IssuedTokens } from './grants.js';
import { sendPage } from './hosted-pages.js';
import { errorPage } from './pages.js';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const JWKS_PATH = '/.well-known/jwks.json';
export const TOKEN_PATH = '/token';
export const USERINFO_PATH = '/userinfo';
export const END_SESSION_PATH = '/endsession';

const FORM_BODY_LIMIT = 16 * 1024;
const MAX_CODE_LENGTH = 2048;
const MAX_STATE_LENGTH = 512;
const BASIC_CHALLENGE = 'Basic realm="token", charset="UTF-8"';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Discovery (OpenID Connect Discovery 1.0, section 3). */
export function discoveryDocument(context: OidcContext): Record<string, unknown> {
  const base = context.issuer;
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}${TOKEN_PATH}`,
    userinfo_endpoint: `${base}${USERINFO_PATH}`,
    jwks_uri: `${base}${JWKS_PATH}`,
    end_session_endpoint: `${base}${END_SESSION_PATH}`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
    subject_types_supported: ['public'],
    scopes_supported: [...SUPPORTED_SCOPES],
    claims_supported: CLAIMS_SUPPORTED,
    prompt_values_supported: [...PROMPT_VALUES],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: false,
  };
}

// -- CORS and errors ------------------------------------------------------------------------

/** CORS headers for an allowed origin (none for another: the browser then withholds the answer). */
function corsHeaders(context: OidcContext, req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (origin !== undefined && context.corsOrigins.has(origin)) {
    headers['Access-Control-Allow-Origin'] = origin;
    headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate';
  }
  return headers;
}

/** An RFC 6749 5.2 error (the pipeline's ApiError carries it, with its headers). */
function oauthError(status: number, error: string, description: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, { error, error_description: description }, undefined, headers);
}

const invalidRequest = (description: string) => oauthError(400, 'invalid_request', description);
const invalidGrant = (description: string) => oauthError(400, 'invalid_grant', description);
const invalidClient = (description: string) => oauthError(401, 'invalid_client', description, { 'WWW-Authenticate': BASIC_CHALLENGE });

/**
 * Runs a JSON endpoint: answers the preflight, refuses the pages of other
 * origins before any work, and sends an ApiError as its JSON body.
 */
async function jsonEndpoint(
  context: OidcContext,
  req: IncomingMessage,
  res: ServerResponse,
  methods: string[],
  run: () => Promise<{ body: unknown; headers?: Record<string, string> }>,
): Promise<void> {
  const cors = corsHeaders(context, req);
  const origin = req.headers.origin;
  const method = req.method ?? 'GET';
  try {
    if (method === 'OPTIONS') {
      if (!cors['Access-Control-Allow-Origin']) throw oauthError(403, 'access_denied', 'This origin may not call this endpoint.');
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': methods.join(', '),
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      res.end();
      return;
    }
    // A page of another site gets nothing done (public metadata is readable from anywhere).
    const publicMetadata = methods.length === 1 && methods[0] === 'GET';
    if (origin !== undefined && !cors['Access-Control-Allow-Origin'] && !context.deps.apiOrigins.includes(origin) && !publicMetadata) {
      throw oauthError(403, 'access_denied', 'This origin may not call this endpoint.');
    }
    if (!methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) {
      throw oauthError(405, 'invalid_request', `Use ${methods.join(' or ')}.`, { Allow: [...methods, 'OPTIONS'].join(', ') });
    }
    const { body, headers } = await run();
    sendJson(res, 200, body, { ...cors, ...headers });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendJson(res, error.status, error.body, { ...cors, ...error.headers, ...(error.status < 500 ? { Pragma: 'no-cache' } : {}) });
  }
}

// -- /token ------------------------------------------------------------------------------------

/** RFC 6749 2.3.1: the id and secret are form-urlencoded before Base64 (oauth4webapi does so). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The client of `Authorization: Basic`, or 401 invalid_client. An unknown id and a wrong secret answer alike. */
function basicClient(context: OidcContext, header: string): ClientConfig {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match?.[1]) throw invalidClient('Client authentication failed.');
  let credentials: string;
  try {
    credentials = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    throw invalidClient('Client authentication failed.');
  }
  const colon = credentials.indexOf(':');
  const id = colon > 0 ? formDecode(credentials.slice(0, colon)) : undefined;
  const secret = colon > 0 ? formDecode(credentials.slice(colon + 1)) : undefined;
  const client = id === undefined ? undefined : context.deps.clients.get(id);
  // Compared even for an unknown id, so that its answer takes as long as a wrong secret's.
  const matches = secretsEqual(secret ?? '', client?.secret ?? '\u0000');
  if (!client || !matches) throw invalidClient('Client authentication failed.');
  return client;
}

/** Who is calling: a client that authenticated with Basic, or a public one named by `client_id`. */
function tokenClient(context: OidcContext, req: IncomingMessage, form: URLSearchParams): { client: ClientConfig; authenticated: boolean } {
  const bodyClientId = form.get('client_id');
  if (form.has('client_secret') || form.has('client_assertion')) {
    throw invalidClient('Only client_secret_basic (or none, with PKCE) is supported.');
  }
  const header = req.headers.authorization;
  if (header !== undefined) {
    const client = basicClient(context, header);
    if (bodyClientId !== null && bodyClientId !== client.id) throw invalidRequest('client_id does not match the client credentials.');
    return { client, authenticated: true };
  }
  if (bodyClientId === null || bodyClientId === '') throw invalidRequest('client_id is required.');
  const client = context.deps.clients.get(bodyClientId);
  if (!client) throw invalidClient('Unknown client.');
  return { client, authenticated: false };
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 4.6. */
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

function activeAccount(context: OidcContext, accountId: string): Account | undefined {
  const account = context.deps.store.getAccount(accountId);
  return account?.status === 'active' ? account : undefined;
}

function idToken(context: OidcContext, account: Account, clientId: string, authTime: number, nonce: string | undefined): string {
  const now = Math.floor(context.deps.now() / 1000);
  const { sub, ...profile } = accountClaims(account);
  return context.key.sign({
    iss: context.issuer,
    sub,
    aud: clientId,
    exp: now + context.idTokenTtlSeconds,
    iat: now,
    auth_time: Math.floor(authTime / 1000),
    ...(nonce !== undefined ? { nonce } : {}),
    ...profile,
  });
}

function tokenAnswer(context: OidcContext, account: Account, issued: IssuedTokens, nonce: string | undefined) {
  const { grant } = issued;
  return {
    access_token: issued.accessToken,
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
    id_token: idToken(context, account, grant.clientId, grant.authTime, nonce),
    refresh_token: issued.refreshToken,
    scope: grant.scope,
  };
}

function authorizationCodeGrant(context: OidcContext, form: URLSearchParams, client: ClientConfig, authenticated: boolean) {
  const { store } = context.deps;
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  const verifier = form.get('code_verifier');
  if (!code) throw invalidRequest('code is required.');
  if (!redirectUri) throw invalidRequest('redirect_uri is required.');
  if (code.length > MAX_CODE_LENGTH) throw invalidGrant('The code is not valid or has expired.');

  // A code issued without PKCE (an invitation, a passwordless registration, a backend's flow)
  // is worth something only with the client's secret: checked before the code is used up.
  const live = store.findAuthorizationCode(code);
  if (live && live.codeChallenge === undefined && !authenticated) {
    throw invalidClient('This code was issued without PKCE: the client must authenticate (client_secret_basic).');
  }
  // From here on the code is used, whatever the outcome (RFC 6749 4.1.2: at most once).
  const redemption = store.redeemAuthorizationCode(code);
  if (redemption.status === 'reused') {
    if (redemption.grantId !== undefined) context.grants.revoke(redemption.grantId);
    context.deps.log('oidc: an authorization code was used twice; what it issued is revoked');
    throw invalidGrant('The code was already used.');
  }
  if (redemption.status === 'unknown') throw invalidGrant('The code is not valid or has expired.');
  const { record } = redemption;
  if (record.clientId !== client.id) throw invalidGrant('The code was issued to another client.');
  if (record.redirectUri !== redirectUri) throw invalidGrant('redirect_uri is not the one the code was issued for.');
  if (record.codeChallenge !== undefined) {
    if (verifier === null || !CODE_CHALLENGE.test(verifier)) throw invalidGrant('code_verifier is missing or malformed.');
    if (!secretsEqual(s256(verifier), record.codeChallenge)) throw invalidGrant('code_verifier does not match the code_challenge.');
  } else if (verifier !== null) {
    // RFC 9700 2.1.1: a verifier for a code issued without a challenge is a downgrade attempt.
    throw invalidGrant('code_verifier given for a code issued without code_challenge.');
  }
  const account = activeAccount(context, record.accountId);
  if (!account) throw invalidGrant('The account is not active.');

  const issued = context.grants.issue({
    accountId: account.id,
    clientId: client.id,
    scope: record.scope ?? 'openid',
    authTime: record.authTime ?? record.expiresAt - AUTHORIZATION_CODE_TTL_MS,
    confidential: authenticated,
  });
  store.linkAuthorizationCodeGrant(code, issued.grant.id);
  return tokenAnswer(context, account, issued, record.nonce);
}

function refreshTokenGrant(context: OidcContext, form: URLSearchParams, client: ClientConfig, authenticated: boolean) {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) throw invalidRequest('refresh_token is required.');
  const outcome = context.grants.refresh(refreshToken);
  if (!outcome.ok) {
    if (outcome.replayed) context.deps.log('oidc: a rotated refresh token was used again; its grant is revoked');
    throw invalidGrant('The refresh token is not valid, has expired or was already used.');
  }
  const { grant } = outcome;
  if (grant.clientId !== client.id) throw invalidGrant('The refresh token was issued to another client.');
  if (grant.confidential && !authenticated) throw invalidClient('This refresh token needs client authentication.');
  const requested = form.get('scope');
  if (requested !== null) {
    const granted = grant.scope.split(' ');
    if (!requested.split(' ').every((scope) => scope === '' || granted.includes(scope))) throw oauthError(400, 'invalid_scope', 'The scope exceeds the grant.');
  }
  const account = activeAccount(context, grant.accountId);
  if (!account) throw invalidGrant('The account is not active.');
  // Nothing awaited since the look-up: the token is rotated exactly once.
  return tokenAnswer(context, account, outcome.rotate(), undefined);
}

async function tokenEndpoint(context: OidcContext, req: IncomingMessage): Promise<{ body: unknown; headers: Record<string, string> }> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    throw invalidRequest('The body must be application/x-www-form-urlencoded.');
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, FORM_BODY_LIMIT);
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw oauthError(413, 'invalid_request', 'The body is too large.', { Connection: 'close' });
    throw invalidRequest('The body could not be read.');
  }
  const form = new URLSearchParams(raw.toString('utf8'));
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw invalidRequest(`${name} is given more than once.`);
  }
  const { client, authenticated } = tokenClient(context, req, form);
  const grantType = form.get('grant_type');
  let body: unknown;
  if (grantType === null || grantType === '') throw invalidRequest('grant_type is required.');
  else if (grantType === 'authorization_code') body = authorizationCodeGrant(context, form, client, authenticated);
  else if (grantType === 'refresh_token') body = refreshTokenGrant(context, form, client, authenticated);
  else throw oauthError(400, 'unsupported_grant_type', 'Supported: authorization_code, refresh_token.');
  return { body, headers: { Pragma: 'no-cache' } };
}

// -- /userinfo -------------------------------------------------------------------------------------

const USERINFO_REALM = 'Bearer realm="userinfo"';

function userInfo(context: OidcContext, req: IncomingMessage): { body: unknown } {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.headers.authorization?.trim() ?? '');
  if (!match?.[1]) {
    // RFC 6750 3.1: no credentials, no error code in the challenge.
    throw new ApiError(401, { error: 'invalid_token', error_description: 'A Bearer access token is required.' }, undefined, {
      'WWW-Authenticate': USERINFO_REALM,
    });
  }
  const grant = context.grants.findAccessToken(match[1]);
  const account = grant && activeAccount(context, grant.accountId);
  if (!grant || !account) {
    throw new ApiError(401, { error: 'invalid_token', error_description: 'The access token is not valid or has expired.' }, undefined, {
      'WWW-Authenticate': `${USERINFO_REALM}, error="invalid_token"`,
    });
  }
  return { body: accountClaims(account) };
}

// -- /endsession -----------------------------------------------------------------------------------

/** Why an end-session request is refused, or undefined (OpenID Connect RP-Initiated Logout 1.0). */
function endSessionProblem(context: OidcContext, query: URLSearchParams): string | undefined {
  for (const name of ['client_id', 'post_logout_redirect_uri', 'state', 'id_token_hint']) {
    if (query.getAll(name).length > 1) return `The request has more than one ${name}.`;
  }
  const client = context.deps.clients.get(query.get('client_id') ?? '');
  if (!client) return 'The client_id names no application of this service.';
  const uri = query.get('post_logout_redirect_uri');
  if (!uri || !client.postLogoutRedirectUris.includes(uri)) {
    return "The post_logout_redirect_uri is not on this application's list of allowed addresses.";
  }
  if ((query.get('state') ?? '').length > MAX_STATE_LENGTH) return 'The state is too long.';
  const hint = query.get('id_token_hint');
  if (hint !== null) {
    // An expired hint is fine (the user may come back late); another issuer's, audience's or key's is not.
    const claims = context.key.verify(hint);
    const audience = claims?.['aud'];
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!claims || claims['iss'] !== context.issuer || !audiences.includes(client.id)) return 'The id_token_hint was not issued to this application.';
  }
  return undefined;
}

async function endSession(context: OidcContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('Method Not Allowed\n');
    return;
  }
  const query = new URL(req.url ?? '/', 'http://api.invalid').searchParams;
  const problem = endSessionProblem(context, query);
  if (problem !== undefined) return sendPage(context, req, res, 400, errorPage('This sign-out request cannot be completed', problem));
  const target = new URL(query.get('post_logout_redirect_uri')!);
  const state = query.get('state');
  if (state !== null && state !== '') target.searchParams.set('state', state);
  res.writeHead(303, {
    Location: target.href,
    'Set-Cookie': context.sessions.end(req.headers),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': 0,
  });
  res.end();
}

// -- dispatch -----------------------------------------------------------------------------------------

/** Answers the OIDC endpoints; false for any other path. */
export async function oidcEndpoint(context: OidcContext, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  switch (pathname) {
    case DISCOVERY_PATH:
      await jsonEndpoint(context, req, res, ['GET'], async () => ({ body: discoveryDocument(context) }));
      return true;
    case JWKS_PATH:
      await jsonEndpoint(context, req, res, ['GET'], async () => ({ body: context.key.jwks }));
      return true;
    case TOKEN_PATH:
      await jsonEndpoint(context, req, res, ['POST'], () => tokenEndpoint(context, req));
      return true;
    case USERINFO_PATH:
      await jsonEndpoint(context, req, res, ['GET', 'POST'], async () => userInfo(context, req));
      return true;
    case END_SESSION_PATH:
      await endSession(context, req, res);
      return true;
    default:
      return false;
  }
}
