/**
 * The "backend for frontend" of the OAuth 2.0 for Browser-Based Apps BCP:
 * the backend starts the journey, receives the code, exchanges it, and keeps
 * the tokens. The browser only ever holds two cookies, both `HttpOnly`,
 * `Secure`, `SameSite=Lax` and sealed with `cookieSecret`:
 *
 * - the flow cookie (`__Secure-{name}_flow`, Path = the callback's path, 10
 *   minutes): state, nonce, PKCE verifier and where to return, from `start`
 *   to `callback`;
 * - the session cookie (`__Host-{name}`, Path=/): a random session id. The
 *   claims and tokens are in the session store, on the server.
 *
 * Log lines name what failed, never a code, state, token, cookie or secret.
 *
 * This module is the handler; its parts: callback-options.ts (the options,
 * checked), callback-cookies.ts (the two cookies and the session they point
 * to), session-store.ts, callback-start.ts, callback-sign-in.ts (`callback`,
 * `invitation` and the sign-in they share), callback-sign-out.ts.
 */
import { logSafe, textResponse } from './http.js';
import type { IdTokenClaims, OAuthTokens } from './oauth.js';
import { configure, PREFIX, type CallbackHandlerOptions, type StartOptions } from './callback-options.js';
import { sessionOf } from './callback-cookies.js';
import { start } from './callback-start.js';
import { callback, invitation } from './callback-sign-in.js';
import { signOut } from './callback-sign-out.js';

export { hostedJourneys, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';
export { type CallbackHandlerOptions, type StartOptions } from './callback-options.js';
export { memorySessionStore, type SessionRecord, type SessionStore } from './session-store.js';

/** The routes of the backend for frontend, each a Fetch API handler or helper. */
export interface CallbackHandler {
  /** `GET`/`POST` → 303 to the hosted screen, with the flow cookie. */
  start(request: Request, options?: StartOptions): Promise<Response>;
  /** `GET` of `redirectUri` → 303 to `afterSignIn` (or the start's `returnTo`) with the session cookie. */
  callback(request: Request): Promise<Response>;
  /**
   * `GET` of `appLink`, where the service sends the browser once an invited
   * user has activated the account (`?code=...`, and `&state=...` when the
   * pre-register call carried one) → 303 to `afterSignIn` with the session
   * cookie. The code is exchanged as an invitation: `appLink` as
   * `redirect_uri`, HTTP Basic, no PKCE verifier, and an ID token that must
   * carry no nonce, validated as `callback` does. Then `onSignIn`, the
   * session (replacing the browser's previous one) and the failures
   * (`error=...`, a missing code, a refused exchange) are those of
   * `callback`. Without the `appLink` option it answers 404.
   *
   * Login CSRF: an invitation starts on the administrator's side, so there
   * is no flow cookie and nothing to compare `state` with; it is accepted
   * and ignored, and nothing binds the code to the browser that brings it.
   * Anyone can send someone a link carrying the sender's own unused
   * invitation code, and following it signs that browser in as the sender.
   * The code is single-use and only exchanged with `appLink` as
   * `redirect_uri`, and the service's invitation flow offers no way to bind
   * it to a browser. If your site should make sure who is signed in before
   * going on (before the user enters anything private), check the claims in
   * `onSignIn` and show who is signed in at `afterSignIn`.
   */
  invitation(request: Request): Promise<Response>;
  /** The signed-in user's validated claims, or undefined. Safe to show. */
  session(request: Request): Promise<{ claims: IdTokenClaims; expiresAt: number } | undefined>;
  /** The session's tokens, for calls your server makes. Never put them in an answer. */
  tokens(request: Request): Promise<OAuthTokens | undefined>;
  /** `POST` (same origin) → the session destroyed, 303 to `{base}/endsession`. */
  signOut(request: Request): Promise<Response>;
}

/**
 * Creates the backend-for-frontend routes of a sign-in: `start` sends the
 * browser to a hosted screen (section 7) with state, nonce and PKCE kept in
 * a sealed `HttpOnly; Secure; SameSite=Lax` flow cookie; `callback`
 * checks the state against that cookie (a tampered or unknown state answers
 * 400, never a redirect), exchanges the code server-side (HTTP Basic when
 * `clientSecret` is given, PKCE always), validates the ID token as
 * {@link exchangeCode} does, keeps claims and tokens in the session store,
 * sets a session cookie holding only a random id, and answers 303 to
 * `afterSignIn` (a path on this site). The tokens never reach the browser.
 * `session(request)` gives the claims to show; `signOut` (POST, same
 * origin) destroys the session and answers 303 to `{base}/endsession`.
 *
 * With `appLink` (and `clientSecret`), `invitation` is the route an
 * invitation's activation returns to: the code is exchanged with `appLink`
 * as `redirect_uri` (contract section 6) and the user is signed in as
 * `callback` does. Read its login-CSRF caveat in {@link CallbackHandler}.
 *
 * Throws at once when an option is invalid, `cookieSecret` above all.
 *
 * @example Next.js route handlers
 * ```ts
 * // lib/auth.ts
 * import { createCallbackHandler } from 'nid-journeys/server';
 * export const auth = createCallbackHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example.com/auth/callback',
 *   cookieSecret: process.env.NID_COOKIE_SECRET!,   // openssl rand -base64 48
 *   afterSignIn: '/account',
 *   postLogoutRedirectUri: 'https://app.example.com/',
 *   appLink: 'https://app.example.com/welcome',       // the client's app_link, for invitations
 * });
 * // app/auth/sign-in/route.ts
 * export const GET = (request: Request) => auth.start(request, { uiLocales: 'fr-FR' });
 * // app/auth/register/route.ts
 * export const GET = (request: Request) => auth.start(request, { journey: 'register' });
 * // app/auth/callback/route.ts
 * export const GET = auth.callback;
 * // app/welcome/route.ts (an invitation's return)
 * export const GET = auth.invitation;
 * // app/auth/sign-out/route.ts (a <form method="post">)
 * export const POST = auth.signOut;
 * // app/account/page.tsx: const session = await auth.session(request) → session?.claims.email
 * ```
 *
 * @example Express (see {@link toNodeHandler})
 * ```ts
 * app.get('/auth/sign-in', toNodeHandler((request) => auth.start(request)));
 * app.get('/auth/callback', toNodeHandler(auth.callback));
 * app.get('/welcome', toNodeHandler(auth.invitation));
 * app.post('/auth/sign-out', toNodeHandler(auth.signOut));
 * ```
 *
 * @example Cloudflare Workers (give a store backed by KV or a Durable Object to share sessions)
 * ```ts
 * export default {
 *   async fetch(request: Request, env: Env) {
 *     const auth = getAuth(env); // createCallbackHandler({ ..., store: kvSessionStore(env.SESSIONS) }), created once
 *     const { pathname } = new URL(request.url);
 *     if (pathname === '/auth/sign-in') return auth.start(request);
 *     if (pathname === '/auth/callback') return auth.callback(request);
 *     if (pathname === '/welcome') return auth.invitation(request);
 *     if (pathname === '/auth/sign-out') return auth.signOut(request);
 *     return new Response('Not found', { status: 404 });
 *   },
 * };
 * ```
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const config = configure(options);
  const guard = async (what: string, run: () => Promise<Response>): Promise<Response> => {
    try {
      return await run();
    } catch (caught) {
      config.log(`${PREFIX} ${what}: unexpected ${caught instanceof Error ? logSafe(caught.name) : 'error'}; answered 500.`);
      return textResponse(500, 'Something went wrong. Please try again.');
    }
  };
  return {
    start: (request, startOptions) => guard('start', () => start(config, request, startOptions)),
    callback: (request) => guard('callback', () => callback(config, request)),
    invitation: (request) => guard('invitation', () => invitation(config, request)),
    signOut: (request) => guard('signOut', () => signOut(config, request)),
    async session(request) {
      const found = await sessionOf(config, request);
      return found ? { claims: found.claims, expiresAt: found.expiresAt } : undefined;
    },
    async tokens(request) {
      return (await sessionOf(config, request))?.tokens;
    },
  };
}
