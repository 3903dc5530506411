/**
 * The one error every failure of `nid-journeys/oauth` rejects with, and how
 * oauth4webapi's errors (and fetch's) are sorted into its five codes.
 *
 * An `OAuthJourneyError` never holds what it failed on: no `cause`, no
 * response, no body. oauth4webapi puts the token answer (access token, ID
 * token) or the callback parameters (the code) in its errors' `cause`, so
 * those errors are read here and dropped. The message and `detail` come from
 * fixed vocabularies: a code, a token or the PKCE verifier cannot reach them.
 */
import {
  AuthorizationResponseError,
  JSON_ATTRIBUTE_COMPARISON,
  JWT_CLAIM_COMPARISON,
  JWT_TIMESTAMP_CHECK,
  KEY_SELECTION,
  OperationProcessingError,
  ResponseBodyError,
  UnsupportedOperationError,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi';

export type OAuthJourneyErrorCode = 'state_mismatch' | 'invalid_id_token' | 'token_error' | 'access_denied' | 'network';

const MESSAGES: Record<OAuthJourneyErrorCode, string> = {
  state_mismatch: 'the response does not belong to a journey started in this browser tab (state)',
  invalid_id_token: 'the ID token failed validation',
  token_error: 'the identity service refused the request or answered something unusable',
  access_denied: 'the journey ended without a code (the user cancelled, or the service refused)',
  network: 'the identity service could not be reached (timeout or network failure)',
};

export interface OAuthJourneyErrorInit {
  /** A word from a fixed vocabulary that says more (`invalid_grant`, `OAUTH_JWT_TIMESTAMP_CHECK_FAILED`, `TimeoutError`). */
  detail?: string;
  /** The HTTP status of the answer that failed, when there was one. */
  status?: number;
}

/** Why a journey could not start, finish, refresh or read the user's profile. */
export class OAuthJourneyError extends Error {
  readonly code: OAuthJourneyErrorCode;
  readonly detail: string | undefined;
  readonly status: number | undefined;

  constructor(code: OAuthJourneyErrorCode, init: OAuthJourneyErrorInit = {}) {
    super(`nid-journeys/oauth: ${code}: ${MESSAGES[code]}${init.detail ? ` (${init.detail})` : ''}`);
    this.name = 'OAuthJourneyError';
    this.code = code;
    this.detail = init.detail;
    this.status = init.status;
  }
}

/**
 * The error values of RFC 6749 and OpenID Connect: the only `error` words an
 * `OAuthJourneyError` repeats (anything else the service sends is not shown).
 */
const KNOWN_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
]);

/** An `error` parameter or body value, if it is one of the documented words. */
export function knownError(value: unknown): string | undefined {
  return typeof value === 'string' && KNOWN_ERRORS.has(value) ? value : undefined;
}

/** fetch could not complete: a timeout, an abort, DNS, a refused connection, CORS, offline. */
export function transportFailure(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return name;
  // fetch rejects with a bare TypeError; oauth4webapi's own TypeErrors (bad arguments) carry a `code`.
  if (error instanceof TypeError && !('code' in error)) return 'TypeError';
  return undefined;
}

/** What oauth4webapi says about an error, in words safe to repeat: its constant, the service's `error`, the status. */
function describe(error: unknown): OAuthJourneyErrorInit {
  if (error instanceof ResponseBodyError) return { detail: knownError(error.error) ?? 'OAUTH_RESPONSE_BODY_ERROR', status: error.status };
  if (error instanceof WWWAuthenticateChallengeError) return { detail: error.code, status: error.status };
  if (error instanceof AuthorizationResponseError) return { detail: knownError(error.error) ?? error.code };
  if (error instanceof OperationProcessingError || error instanceof UnsupportedOperationError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    return { detail: typeof error.code === 'string' && /^OAUTH_[A-Z_]+$/.test(error.code) ? error.code : undefined, status };
  }
  return {};
}

/**
 * Whether oauth4webapi refused the ID token rather than the token answer
 * around it. Its ID token checks fail with the JWT comparison, timestamp and
 * key selection codes, or with messages that name the JWT (JWS, JWE), the
 * "ID Token" or its `id_token` property; the token answer's own problems
 * (status, content type, unreadable JSON, `access_token`, `token_type`,
 * `expires_in`...) name the "response" and its other properties. Pinned by
 * the tests, one per kind of failure.
 */
function idTokenProblem(error: unknown): boolean {
  if (!(error instanceof OperationProcessingError || error instanceof UnsupportedOperationError)) return false;
  if (error.code === JWT_CLAIM_COMPARISON || error.code === JWT_TIMESTAMP_CHECK || error.code === KEY_SELECTION) return true;
  return /\bJW[STE]\b|ID Token|id_token/.test(error.message);
}

/** The steps a call goes through, each with the code its failures get. */
export type Step = 'discovery' | 'token' | 'token-response' | 'signature' | 'userinfo';

/**
 * `error`, thrown during `step`, as an `OAuthJourneyError`:
 * - fetch failed (timeout, DNS, refused, offline): `network`, whatever the step;
 * - discovery: a document for another issuer is `invalid_id_token` (nothing
 *   it signs could be trusted); any other bad answer is `token_error`;
 * - the token answer: `invalid_id_token` when its ID token is refused, else `token_error`;
 * - the signature: `invalid_id_token` (a key that does not verify it, no key,
 *   `alg: none`, an unreadable JWKS);
 * - userinfo: `token_error` (a refused access token, another subject).
 */
export function classify(error: unknown, step: Step): OAuthJourneyError {
  if (error instanceof OAuthJourneyError) return error;
  const transport = transportFailure(error);
  if (transport) return new OAuthJourneyError('network', { detail: transport });
  const init = describe(error);
  switch (step) {
    case 'discovery':
      return new OAuthJourneyError(error instanceof OperationProcessingError && error.code === JSON_ATTRIBUTE_COMPARISON ? 'invalid_id_token' : 'token_error', init);
    case 'token-response':
      return new OAuthJourneyError(idTokenProblem(error) ? 'invalid_id_token' : 'token_error', init);
    case 'signature':
      return new OAuthJourneyError('invalid_id_token', init);
    case 'token':
    case 'userinfo':
      return new OAuthJourneyError('token_error', init);
  }
}

/** Runs one step; whatever it throws comes out as an `OAuthJourneyError`. */
export async function step<T>(name: Step, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw classify(error, name);
  }
}
