/**
 * Finishing a journey on a backend (contract v2 section 6): the
 * authorization code exchanged at `{base}/token` and the ID token validated,
 * with oauth4webapi doing every OAuth and JOSE step (discovery, client
 * authentication, the token request, the ID token's claims and, because
 * oauth4webapi skips it for the code flow unless asked, its signature
 * against the JWKS from discovery). Nothing here parses or verifies a JWT by
 * hand.
 *
 * Errors are {@link OAuthServerError}s whose messages name what failed and
 * never a code, a token, a verifier or the client secret.
 */
import * as oauth from 'oauth4webapi';
import { absoluteUrl } from '../api/contract.js';
import { checkBaseDomain, LOOPBACK_HOSTS } from '../api/endpoints.js';
import { logSafe } from './http.js';
import { UpstreamFailure, upstreamFetch } from './upstream.js';

/** What went wrong, as a caller branches on it. */
export type OAuthServerErrorCode = 'invalid_id_token' | 'token_error' | 'network' | 'invalid_config';

/**
 * A failed code exchange. `code`:
 * - `invalid_config`: an option is invalid, or the service's discovery
 *   document does not fit `baseDomain` (another issuer, a token endpoint on
 *   another origin, an unreadable document);
 * - `network`: the service could not be reached, did not answer within
 *   `timeoutMs`, answered with a redirect, or a 5xx to discovery or JWKS;
 * - `token_error`: `/token` refused the code (`status`, and the service's
 *   `error` such as `invalid_grant`: a used, expired or foreign code, a
 *   wrong verifier or `redirect_uri`), or answered something that is not a
 *   token response (HTML, no `access_token`, no `id_token`);
 * - `invalid_id_token`: the ID token failed validation: its signature
 *   against the JWKS (another key, `alg: none`), `iss`, `aud`, `exp`,
 *   `nonce`.
 *
 * The message holds no code, token, verifier or secret: log it as it is.
 */
export class OAuthServerError extends Error {
  readonly code: OAuthServerErrorCode;
  /** The HTTP status of the token endpoint's answer (`token_error`). */
  readonly status: number | undefined;
  /** The service's OAuth `error` (`invalid_grant`), control characters removed. */
  readonly error: string | undefined;

  constructor(code: OAuthServerErrorCode, message: string, extra: { status?: number | undefined; error?: string | undefined } = {}) {
    super(`nid-journeys/server: ${message}`);
    this.name = 'OAuthServerError';
    this.code = code;
    this.status = extra.status;
    this.error = extra.error;
  }
}

/** The tokens of a sign-in. They belong on the server: never put them in an answer to a browser. */
export interface OAuthTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string | undefined;
  /** When the access token expires, in ms since the epoch (like `Date.now()`), from `expires_in`. */
  expiresAt?: number | undefined;
}

/** The validated ID token's claims (`sub`, `iss`, `aud`, `exp`, `iat`, `nonce`, and the profile claims the client gets). */
export type IdTokenClaims = Readonly<Record<string, unknown>> & { readonly sub: string; readonly iss: string };

export interface ExchangeResult {
  claims: IdTokenClaims;
  tokens: OAuthTokens;
}

/** Default wait for each call to the service (discovery, `/token`, JWKS). */
export const DEFAULT_OAUTH_TIMEOUT_MS = 10_000;
/** The largest answer read from discovery, `/token` or the JWKS. */
const MAX_ANSWER_BYTES = 256 * 1024;
/** How long the callback handler keeps the discovery document. */
const METADATA_TTL_MS = 60 * 60 * 1000;
/** A PKCE code verifier (RFC 7636 section 4.1). */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** The options every OAuth helper shares, checked. */
export interface ProviderConfig {
  base: URL;
  clientId: string;
  clientSecret: string | undefined;
  /** `http:` on loopback (development): oauth4webapi refuses it unless told. */
  insecure: boolean;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
}

export interface ProviderOptions {
  baseDomain: unknown;
  clientId: unknown;
  clientSecret?: unknown;
  fetch?: unknown;
  timeoutMs?: unknown;
}

/** Checks the shared options; returns what is wrong (never a value) or the config. */
export function checkProviderOptions(options: ProviderOptions): ProviderConfig | string {
  const base = checkBaseDomain(options.baseDomain);
  if (!base) return '`baseDomain` must be an absolute https: URL (http: only on localhost), without query or credentials.';
  const { clientId, clientSecret } = options;
  if (typeof clientId !== 'string' || clientId === '' || clientId.length > 1000 || /\p{Cc}/u.test(clientId)) {
    return '`clientId` must be a non-empty string without control characters.';
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === '')) {
    return '`clientSecret` must be a non-empty string when given.';
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_OAUTH_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return '`timeoutMs` must be a positive number of milliseconds.';
  if (options.fetch !== undefined && typeof options.fetch !== 'function') return '`fetch` must be a function.';
  return {
    base,
    clientId,
    clientSecret,
    insecure: base.protocol === 'http:',
    fetch: options.fetch as typeof fetch | undefined,
    timeoutMs,
  };
}

/** An absolute `https:` URL (`http:` on loopback): where the service sends a browser with a code. */
export function isRedirectTarget(value: unknown): value is string {
  if (!absoluteUrl.safeParse(value).success) return false;
  const url = new URL(value as string);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

export function isCodeVerifier(value: unknown): value is string {
  return typeof value === 'string' && CODE_VERIFIER.test(value);
}

/** A static message of oauth4webapi (its values travel in `cause`, which is never read here). */
function libraryMessage(error: unknown): string {
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError || error instanceof TypeError) {
    return logSafe(error.message, 200);
  }
  return error instanceof Error ? logSafe(error.name) : typeof error;
}

function networkError(failure: UpstreamFailure, what: string): OAuthServerError {
  const why =
    failure.kind === 'timeout'
      ? 'did not answer in time'
      : failure.kind === 'redirect'
        ? 'answered with a redirect, which is never followed'
        : failure.kind === 'too_large'
          ? 'answered with a body too large to read'
          : `could not be reached (${logSafe(failure.detail)})`;
  return new OAuthServerError('network', `${what}: the identity service ${why}.`);
}

/** The service's `error` string of a failed token answer, if it sent one. */
function oauthErrorOf(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return logSafe(body.error, 64);
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * What is wrong with a `/token` answer before oauth4webapi reads it: a
 * refusal, HTML, a body without tokens. After these checks, anything
 * oauth4webapi refuses is the ID token's fault.
 */
async function tokenAnswerProblem(response: Response): Promise<OAuthServerError | undefined> {
  const text = await response.clone().text();
  const status = response.status;
  if (status !== 200) {
    const error = oauthErrorOf(text);
    return new OAuthServerError('token_error', `the token endpoint refused the code (HTTP ${status}${error ? `, ${error}` : ''}).`, { status, error });
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let body: unknown;
  try {
    body = type === 'application/json' ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return new OAuthServerError('token_error', 'the token endpoint answered something that is not a JSON token response.', { status });
  }
  const json = body as Record<string, unknown>;
  const problem =
    typeof json.access_token !== 'string' || json.access_token === ''
      ? 'no access_token'
      : typeof json.token_type !== 'string' || !['bearer', 'dpop'].includes(json.token_type.toLowerCase())
        ? 'no bearer token_type'
        : json.refresh_token !== undefined && typeof json.refresh_token !== 'string'
          ? 'a malformed refresh_token'
          : json.expires_in !== undefined && !(Number(json.expires_in) >= 0)
            ? 'a malformed expires_in'
            : json.scope !== undefined && typeof json.scope !== 'string'
              ? 'a malformed scope'
              : undefined;
  if (problem) return new OAuthServerError('token_error', `the token endpoint answered with ${problem}.`, { status });
  if (typeof json.id_token !== 'string' || json.id_token === '') {
    return new OAuthServerError('invalid_id_token', 'the token endpoint answered without an ID token (is "openid" in the scope?).', { status });
  }
  return undefined;
}

export interface ExchangeInput {
  /** The callback's query (checked against `expectedState`), or a bare code. */
  parameters: URLSearchParams;
  /** The state the journey started with; undefined for a bare code (no state to check). */
  expectedState: string | undefined;
  redirectUri: string;
  codeVerifier: string | undefined;
  expectedNonce: string | undefined;
}

/**
 * The service as an OpenID provider: discovery (cached for `metadataTtlMs`,
 * never when it failed), the code exchange, the ID token's validation.
 */
export class Provider {
  readonly config: ProviderConfig;
  readonly #client: oauth.Client;
  readonly #auth: oauth.ClientAuth;
  readonly #metadataTtlMs: number;
  #metadata: { value: Promise<oauth.AuthorizationServer>; at: number } | undefined;

  constructor(config: ProviderConfig, metadataTtlMs = METADATA_TTL_MS) {
    this.config = config;
    this.#client = { client_id: config.clientId };
    this.#auth = config.clientSecret !== undefined ? oauth.ClientSecretBasic(config.clientSecret) : oauth.None();
    this.#metadataTtlMs = metadataTtlMs;
  }

  /** The options every oauth4webapi call gets: our fetch (timeout, no redirect, no cache), http on loopback only. */
  #options(): { [oauth.customFetch]: typeof fetch; [oauth.allowInsecureRequests]: boolean } {
    const upstream = { fetch: this.config.fetch, timeoutMs: this.config.timeoutMs, maxBytes: MAX_ANSWER_BYTES };
    return {
      [oauth.customFetch]: ((input: string, init?: RequestInit) => upstreamFetch(upstream, String(input), init)) as typeof fetch,
      [oauth.allowInsecureRequests]: this.config.insecure,
    };
  }

  /** The discovery document, checked against `baseDomain`. */
  metadata(): Promise<oauth.AuthorizationServer> {
    const cached = this.#metadata;
    if (cached && Date.now() - cached.at < this.#metadataTtlMs) return cached.value;
    const value = this.#discover();
    const entry = { value, at: Date.now() };
    this.#metadata = entry;
    value.catch(() => {
      if (this.#metadata === entry) this.#metadata = undefined;
    });
    return value;
  }

  async #discover(): Promise<oauth.AuthorizationServer> {
    const what = 'discovery';
    const issuer = this.config.base;
    let response: Response;
    try {
      response = await oauth.discoveryRequest(issuer, this.#options());
    } catch (error) {
      if (error instanceof UpstreamFailure) throw networkError(error, what);
      throw new OAuthServerError('invalid_config', `${what}: ${libraryMessage(error)}`);
    }
    if (response.status >= 500) throw new OAuthServerError('network', `${what}: the identity service answered HTTP ${response.status}.`);
    let metadata: oauth.AuthorizationServer;
    try {
      metadata = await oauth.processDiscoveryResponse(issuer, response);
    } catch (error) {
      const mismatch = error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON;
      throw new OAuthServerError(
        'invalid_config',
        mismatch
          ? `${what}: the document at ${logSafe(issuer.origin, 200)} names another issuer: check baseDomain.`
          : `${what}: unreadable document (${libraryMessage(error)}).`,
      );
    }
    // The client secret goes to the token endpoint: never to another origin than the one configured.
    let tokenOrigin: string | undefined;
    try {
      tokenOrigin = new URL(String(metadata.token_endpoint)).origin;
    } catch {
      tokenOrigin = undefined;
    }
    if (tokenOrigin !== issuer.origin) {
      throw new OAuthServerError('invalid_config', `${what}: the token endpoint is missing or not on ${logSafe(issuer.origin, 200)}.`);
    }
    return metadata;
  }

  /** Exchanges the code and validates the ID token: signature (JWKS), iss, aud, exp, nonce. */
  async exchange(input: ExchangeInput): Promise<ExchangeResult> {
    const as = await this.metadata();
    const options = this.#options();
    let callbackParameters: URLSearchParams;
    const parameters = new URLSearchParams(input.parameters);
    // A bare code (exchangeCode) comes without its authorization response: no `iss` to compare.
    if (input.expectedState === undefined && !parameters.has('iss')) parameters.set('iss', as.issuer);
    try {
      callbackParameters = oauth.validateAuthResponse(as, this.#client, parameters, input.expectedState ?? oauth.skipStateCheck);
    } catch (error) {
      // The state was compared before (callback handler); what is left: `iss` of another issuer, a JARM or implicit answer.
      throw new OAuthServerError('token_error', `the authorization response was refused (${libraryMessage(error)}).`);
    }

    let response: Response;
    try {
      response = await oauth.authorizationCodeGrantRequest(
        as,
        this.#client,
        this.#auth,
        callbackParameters,
        input.redirectUri,
        input.codeVerifier ?? oauth.nopkce,
        options,
      );
    } catch (error) {
      if (error instanceof UpstreamFailure) throw networkError(error, 'token request');
      throw new OAuthServerError('invalid_config', `token request: ${libraryMessage(error)}`);
    }
    const problem = await tokenAnswerProblem(response);
    if (problem) throw problem;

    let result: oauth.TokenEndpointResponse;
    try {
      result = await oauth.processAuthorizationCodeResponse(as, this.#client, response, {
        expectedNonce: input.expectedNonce ?? oauth.expectNoNonce,
        requireIdToken: true,
      });
    } catch (error) {
      throw new OAuthServerError('invalid_id_token', `the ID token was refused: ${libraryMessage(error)}`);
    }
    try {
      // oauth4webapi checks the claims above; the signature only when asked (code flow over TLS).
      await oauth.validateApplicationLevelSignature(as, response, options);
    } catch (error) {
      if (error instanceof UpstreamFailure) throw networkError(error, 'JWKS');
      throw new OAuthServerError('invalid_id_token', `the ID token's signature was refused: ${libraryMessage(error)}`);
    }
    const claims = oauth.getValidatedIdTokenClaims(result);
    if (!claims || typeof result.id_token !== 'string') throw new OAuthServerError('invalid_id_token', 'the token endpoint answered without an ID token.');
    const expiresIn = result.expires_in;
    return {
      claims: { ...claims } as IdTokenClaims,
      tokens: {
        accessToken: result.access_token,
        idToken: result.id_token,
        ...(typeof result.refresh_token === 'string' ? { refreshToken: result.refresh_token } : {}),
        ...(typeof expiresIn === 'number' ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
      },
    };
  }
}

export interface ExchangeCodeOptions {
  /** The identity service, e.g. `https://id.eu.nextreason.com` (`https:`; `http:` only on localhost). Its issuer. */
  baseDomain: string;
  clientId: string;
  /**
   * A confidential client's secret: the code is exchanged with HTTP Basic
   * client authentication. Without it the client is public, and
   * `codeVerifier` is required (PKCE).
   */
  clientSecret?: string | undefined;
  /** The `redirect_uri` the code was issued for. Required unless `invitation` is true. */
  redirectUri?: string | undefined;
  /** The authorization code (from the callback's query, or register's `authorization_code`). */
  code: string;
  /** The PKCE verifier of the journey; sent whenever given (with Basic too). */
  codeVerifier?: string | undefined;
  /** The client's `app_link`: an invitation's code is exchanged with it as `redirect_uri` (contract section 6). */
  appLink?: string | undefined;
  /** True for the code an invitation's activation returned to `app_link`. */
  invitation?: boolean | undefined;
  /**
   * The nonce the journey started with: the ID token's `nonce` must equal
   * it. Without it, the ID token must carry no nonce.
   */
  expectedNonce?: string | undefined;
  /** Transport override (tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
  /** How long to wait for each call to the service, in ms (default 10 000). */
  timeoutMs?: number | undefined;
}

/**
 * Exchanges an authorization code at `{base}/token` and validates the ID
 * token (contract v2 section 6), with oauth4webapi: discovery at
 * `{base}/.well-known/openid-configuration` (its issuer must be `baseDomain`,
 * its token endpoint on the same origin), `POST /token` with HTTP Basic
 * client authentication when `clientSecret` is given (else the client id and
 * the PKCE verifier), then the ID token's signature against the JWKS from
 * discovery, `iss`, `aud`, `exp` and `nonce`.
 *
 * For an invitation (`invitation: true`) the code is exchanged with
 * `appLink` as `redirect_uri`, not the pre-register call's `redirect_uri`.
 *
 * Each call fetches discovery and the JWKS afresh (`createCallbackHandler`
 * keeps them). No call follows a redirect; each waits at most `timeoutMs`.
 *
 * Rejects with an {@link OAuthServerError} (`invalid_config`, `network`,
 * `token_error`, `invalid_id_token`) whose message holds no code, token or
 * secret.
 *
 * @example An invitation's return to `app_link` (Next.js, `app/welcome/route.ts`)
 * ```ts
 * import { exchangeCode, OAuthServerError } from 'nid-journeys/server';
 *
 * export async function GET(request: Request) {
 *   const code = new URL(request.url).searchParams.get('code');
 *   if (!code) return new Response('Missing code', { status: 400 });
 *   try {
 *     const { claims, tokens } = await exchangeCode({
 *       baseDomain: process.env.NID_BASE_DOMAIN!,
 *       clientId: process.env.NID_CLIENT_ID!,
 *       clientSecret: process.env.NID_CLIENT_SECRET!,
 *       appLink: 'https://app.example.com/welcome',
 *       invitation: true,
 *       code,
 *     });
 *     await startSession(claims.sub, tokens); // your session; tokens stay on the server
 *     return Response.redirect(new URL('/', request.url), 303);
 *   } catch (error) {
 *     if (error instanceof OAuthServerError) console.warn(error.message); // no secret in it
 *     return new Response('The invitation link could not be used.', { status: 400 });
 *   }
 * }
 * ```
 *
 * @example Express (the same function as a Fetch handler, through {@link toNodeHandler})
 * ```ts
 * app.get('/welcome', toNodeHandler(welcome)); // welcome(request): the GET above
 * ```
 *
 * @example Cloudflare Workers
 * ```ts
 * export default {
 *   fetch: (request: Request, env: Env) =>
 *     new URL(request.url).pathname === '/welcome' ? welcome(request, env) : new Response('Not found', { status: 404 }),
 * };
 * ```
 */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<ExchangeResult> {
  const invalid = (message: string) => new OAuthServerError('invalid_config', `exchangeCode: ${message}`);
  if (options === null || typeof options !== 'object') throw invalid('pass an options object.');
  const config = checkProviderOptions(options);
  if (typeof config === 'string') throw invalid(config);
  const { code, codeVerifier, appLink, invitation, expectedNonce } = options;
  if (invitation !== undefined && typeof invitation !== 'boolean') throw invalid('`invitation` must be a boolean.');
  if (typeof code !== 'string' || code === '' || code.length > 4096) throw invalid('`code` must be a non-empty string.');
  if (codeVerifier !== undefined && !isCodeVerifier(codeVerifier)) throw invalid('`codeVerifier` must be a PKCE code verifier (43 to 128 characters).');
  if (expectedNonce !== undefined && (typeof expectedNonce !== 'string' || expectedNonce === '')) throw invalid('`expectedNonce` must be a non-empty string.');
  if (config.clientSecret === undefined && codeVerifier === undefined) {
    throw invalid('a public client (no `clientSecret`) must give `codeVerifier` (PKCE); a backend gives `clientSecret`.');
  }
  let redirectUri: string;
  if (invitation === true) {
    if (!isRedirectTarget(appLink)) throw invalid("`appLink` is required for an invitation: the client's app_link, an absolute https: URL.");
    redirectUri = appLink;
  } else {
    if (!isRedirectTarget(options.redirectUri)) throw invalid('`redirectUri` must be the absolute https: URL the code was issued for.');
    redirectUri = options.redirectUri;
  }
  const provider = new Provider(config, 0);
  return provider.exchange({
    parameters: new URLSearchParams({ code }),
    expectedState: undefined,
    redirectUri,
    codeVerifier,
    expectedNonce,
  });
}
