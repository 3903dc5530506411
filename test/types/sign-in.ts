/**
 * Compile-only test of `nid-journeys/oauth` and the sign-in helpers of
 * `nid-journeys/server` (npm run typecheck; never run): what an application
 * writes compiles, and a wrong journey or option does not (each
 * `@ts-expect-error` fails the check if the line compiles). The consumer test
 * checks this file again against the packed package.
 */
import { completeJourney, OAuthJourneyError, startJourney, type JourneyResult, type OAuthJourneyErrorCode } from 'nid-journeys/oauth';
import { createCallbackHandler, createJourneysRelay, exchangeCode, memoryRateLimitStore, type IdTokenClaims } from 'nid-journeys/server';

const service = { baseDomain: 'https://id.eu.nextreason.com', clientId: 'my-client', redirectUri: 'https://app.example.com/callback' };

export async function signIn(): Promise<void> {
  await startJourney({ ...service, journey: 'register', uiLocales: 'fr-FR', loginHint: 'ada@example.com', accessType: 'offline' });
  // @ts-expect-error: not one of the hosted screens
  await startJourney({ ...service, journey: 'sign-up' });
}

export async function callbackPage(): Promise<string> {
  try {
    const result: JourneyResult = await completeJourney(service);
    const subject: string = result.claims.sub;
    const token: string = result.tokens.accessToken;
    return `${subject} ${token.length}`;
  } catch (error) {
    if (error instanceof OAuthJourneyError) {
      const code: OAuthJourneyErrorCode = error.code;
      return code;
    }
    throw error;
  }
}

export const auth = createCallbackHandler({
  ...service,
  redirectUri: 'https://app.example.com/auth/callback',
  clientSecret: 'from-your-secret-store',
  cookieSecret: 'at-least-thirty-two-bytes-of-randomness-here',
  afterSignIn: '/account',
});

export async function account(request: Request): Promise<string | undefined> {
  const session = await auth.session(request);
  const claims: IdTokenClaims | undefined = session?.claims;
  return claims?.sub;
}

export const relay: (request: Request) => Promise<Response> = createJourneysRelay({
  baseDomain: service.baseDomain,
  prefix: '/api/nid',
  store: memoryRateLimitStore(),
});

export async function invitation(code: string): Promise<string> {
  const { claims } = await exchangeCode({ ...service, clientSecret: 'secret', code, invitation: true, appLink: 'https://app.example.com/welcome' });
  return claims.sub;
}
