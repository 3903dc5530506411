/**
 * `start`: a new journey. The browser is sent (303) to a hosted screen with
 * state, nonce and a PKCE challenge; the state, nonce, verifier and where to
 * return travel in the sealed flow cookie until `callback`.
 */
import * as oauth from 'oauth4webapi';
import { hostedJourneys, hostedJourneyUrl, type HostedParameters } from '../api/hosted-url.js';
import { errorResponse, logSafe, textResponse } from './http.js';
import { checkParameters, isLocalPath, PREFIX, type Config, type StartOptions } from './callback-options.js';
import { FLOW_MAX_AGE_SECONDS, flowCookie, redirect, type Flow } from './callback-cookies.js';

export async function start(config: Config, request: Request, options: StartOptions = {}): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'This route accepts GET and POST only.', { headers: { Allow: 'GET, POST' } });
  }
  if (options === null || typeof options !== 'object') options = {};
  const journey = options.journey ?? config.journey;
  const parameters = checkParameters({ ...config.defaults, ...stripUndefined(options) }, 'options');
  const returnTo = options.returnTo ?? config.afterSignIn;
  if (!hostedJourneys.includes(journey) || typeof parameters === 'string' || !isLocalPath(returnTo)) {
    const what = !hostedJourneys.includes(journey) ? '`journey`' : typeof parameters === 'string' ? parameters : '`returnTo`';
    config.log(`${PREFIX} start: invalid option (${logSafe(what, 200)}); answered 400.`);
    return textResponse(400, 'The sign-in could not be started.');
  }
  const verifier = oauth.generateRandomCodeVerifier();
  const flow: Flow = {
    s: oauth.generateRandomState(),
    n: oauth.generateRandomNonce(),
    c: verifier,
    r: returnTo,
    e: Date.now() + FLOW_MAX_AGE_SECONDS * 1000,
  };
  const core = { clientId: config.clientId, redirectUri: config.redirectUri, state: flow.s, nonce: flow.n };
  const url = hostedJourneyUrl(config.hostedBase, journey, { ...core, codeChallenge: await oauth.calculatePKCECodeChallenge(verifier) }, parameters);
  return redirect(url.href, [await flowCookie(config, flow)]);
}

/** The hosted parameters of `start`'s options: without `journey`, `returnTo` and what is undefined. */
function stripUndefined(options: StartOptions): HostedParameters {
  const { journey: _journey, returnTo: _returnTo, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
}
