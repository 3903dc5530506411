/**
 * The two routes a browser comes back to with an authorization code, and the
 * sign-in they share:
 *
 * - `callback` (`redirectUri`), the end of a journey `start` began: its state
 *   must match a flow cookie, whose nonce and PKCE verifier go with the code;
 * - `invitation` (`appLink`), the end of an invitation's activation: no flow
 *   cookie, so no state to compare; the code is exchanged with `appLink` as
 *   `redirect_uri`, HTTP Basic, no verifier, and an ID token without nonce.
 *
 * Then both: the service's `error` passed on, exactly one code, the exchange
 * and the ID token's validation (oauth.ts), `onSignIn`, a new session that
 * replaces the browser's previous one, and 303 to where the sign-in returns.
 */
import { errorResponse, logSafe, textResponse } from './http.js';
import { OAuthServerError, type ExchangeInput, type ExchangeResult } from './oauth.js';
import { PREFIX, type Config } from './callback-options.js';
import {
  clearedFlowCookie,
  FLOW_MAX_AGE_SECONDS,
  flowsOf,
  redirect,
  replaceSession,
  sameString,
  sessionCookie,
  withCookies,
  type SessionHandle,
} from './callback-cookies.js';

/** The `error` values of an authorization response passed on to `errorPath`; others read as `server_error`. */
const AUTHORIZATION_ERRORS: ReadonlySet<string> = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'account_selection_required',
  'temporarily_unavailable',
  'invalid_request',
  'invalid_scope',
  'unauthorized_client',
  'unsupported_response_type',
  'server_error',
]);

const TRY_AGAIN = 'The sign-in could not be completed. Please try again.';

/** How one route finishes its sign-in. */
interface Landing {
  /** The route, as log lines name it. */
  route: 'callback' | 'invitation';
  /** Where the browser goes once signed in: a path on this site. */
  returnTo: string;
  /** Cookies set by every answer from here on (the callback clears its flow cookie). */
  cookies: readonly string[];
  /** How the code is exchanged: state, `redirect_uri`, PKCE verifier, nonce. */
  exchange: Omit<ExchangeInput, 'parameters'>;
}

/** The query of a GET, or the answer to give instead. */
function queryOf(request: Request): URLSearchParams | Response {
  if (request.method !== 'GET') {
    return errorResponse(405, 'invalid_request', 'This route accepts GET only.', { headers: { Allow: 'GET' } });
  }
  try {
    return new URL(request.url).searchParams;
  } catch {
    return textResponse(400, 'The sign-in could not be completed.');
  }
}

/** What failed, for a log line: an error's name, never its message. */
function nameOf(caught: unknown): string {
  return caught instanceof Error ? logSafe(caught.name) : typeof caught;
}

export async function callback(config: Config, request: Request): Promise<Response> {
  const parameters = queryOf(request);
  if (parameters instanceof Response) return parameters;
  const clearFlow = clearedFlowCookie(config);
  const states = parameters.getAll('state');
  const flows = await flowsOf(config, request);
  const state = states.length === 1 ? states[0]! : undefined;
  const flow = state === undefined ? undefined : flows.find((candidate) => sameString(candidate.s, state));
  // Never a redirect here: the request may come from anyone's link. The flow cookie stays for the real callback.
  if (!flow) {
    const why = flows.length === 0 ? 'no sign-in in progress in this browser (no flow cookie)' : 'the state does not match the flow cookie';
    config.log(`${PREFIX} callback: ${why}; answered 400.`);
    return textResponse(400, 'The sign-in could not be completed. Please start again.');
  }
  if (flow.e <= Date.now()) {
    config.log(`${PREFIX} callback: the journey took longer than ${FLOW_MAX_AGE_SECONDS} s; answered 400.`);
    return withCookies(textResponse(400, 'The sign-in took too long. Please start again.'), [clearFlow]);
  }
  return finishSignIn(config, request, parameters, {
    route: 'callback',
    returnTo: flow.r,
    cookies: [clearFlow],
    exchange: { expectedState: flow.s, redirectUri: config.redirectUri, codeVerifier: flow.c, expectedNonce: flow.n },
  });
}

export async function invitation(config: Config, request: Request): Promise<Response> {
  if (config.appLink === undefined) {
    config.log(`${PREFIX} invitation: not enabled (createCallbackHandler has no \`appLink\`, the client's app_link); answered 404.`);
    return textResponse(404, 'Not found.');
  }
  const parameters = queryOf(request);
  if (parameters instanceof Response) return parameters;
  // A `state` (there when the pre-register call carried one) has no flow cookie to be compared with: ignored.
  return finishSignIn(config, request, parameters, {
    route: 'invitation',
    returnTo: config.afterSignIn,
    cookies: [],
    exchange: { expectedState: undefined, redirectUri: config.appLink, codeVerifier: undefined, expectedNonce: undefined },
  });
}

/** The service's answer in `parameters`: its `error` passed on, or its one code exchanged, then {@link signInWith}. */
async function finishSignIn(config: Config, request: Request, parameters: URLSearchParams, landing: Landing): Promise<Response> {
  const { route } = landing;
  const fail = failure(config, landing);
  const error = parameters.get('error');
  if (error !== null) {
    const code = AUTHORIZATION_ERRORS.has(error) ? error : 'server_error';
    config.log(`${PREFIX} ${route}: the identity service answered error "${logSafe(code)}"; the sign-in ended.`);
    return code === 'access_denied' ? fail(code, 403, 'The sign-in was cancelled.') : fail(code, 400, TRY_AGAIN);
  }
  if (parameters.getAll('code').length !== 1) {
    config.log(`${PREFIX} ${route}: no code (or more than one) in the query; answered 400.`);
    return fail('invalid_request', 400, TRY_AGAIN);
  }
  let result: ExchangeResult;
  try {
    result = await config.provider.exchange({ parameters, ...landing.exchange });
  } catch (caught) {
    const failed = caught instanceof OAuthServerError ? caught : new OAuthServerError('network', `unexpected ${caught instanceof Error ? logSafe(caught.name) : 'error'}.`);
    config.log(`${PREFIX} ${route}: ${failed.code}: ${failed.message.replace(`${PREFIX} `, '')}`);
    const status = failed.code === 'network' || failed.code === 'invalid_config' ? 502 : 400;
    return fail(failed.code, status, TRY_AGAIN);
  }
  return signInWith(config, request, landing, result);
}

/**
 * Signs the browser in with validated claims and tokens: `onSignIn` may
 * refuse; the new session replaces the browser's previous one; 303 to
 * `returnTo` with the session cookie.
 */
async function signInWith(config: Config, request: Request, landing: Landing, { claims, tokens }: ExchangeResult): Promise<Response> {
  const { route } = landing;
  const fail = failure(config, landing);
  if (config.onSignIn) {
    try {
      await config.onSignIn(claims);
    } catch (caught) {
      config.log(`${PREFIX} ${route}: onSignIn refused the sign-in (${nameOf(caught)}).`, caught);
      return fail('access_denied', 403, 'The sign-in was refused.');
    }
  }
  let session: SessionHandle;
  try {
    session = await replaceSession(config, request, claims, tokens);
  } catch (caught) {
    config.log(`${PREFIX} ${route}: the session store failed (${nameOf(caught)}); answered 500.`);
    return fail('server_error', 500, TRY_AGAIN);
  }
  return redirect(landing.returnTo, [await sessionCookie(config, session), ...landing.cookies]);
}

/** A failed sign-in: 303 to `errorPath?error=code` when there is one, else a short text with `status`. */
function failure(config: Config, landing: Landing): (code: string, status: number, text: string) => Response {
  return (code, status, text) =>
    config.errorPath
      ? redirect(`${config.errorPath}?error=${encodeURIComponent(code)}`, landing.cookies)
      : withCookies(textResponse(status, text), landing.cookies);
}
