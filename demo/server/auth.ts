/**
 * The demo site's "backend for frontend": sign-in through the service's
 * hosted screens with the package's `createCallbackHandler`, the tokens kept
 * on this server, the browser holding only sealed HttpOnly cookies. What an
 * integrator's backend would write, in a few routes:
 *
 *   GET  /auth/sign-in?journey=authorize|register|forgot-password|personal-details
 *   GET  /auth/callback   the service's return (a redirect_uri of demo-email)
 *   GET  /auth/invitation the client's app_link: an invitation's code, exchanged and signed in
 *   GET  /auth/session    `{ signed_in, claims?, expiresAt? }`: the validated claims only
 *   POST /auth/sign-out   same origin only; then the service's /endsession
 *
 * One handler per site origin (localhost, 127.0.0.1, [::1]): cookies belong
 * to a host, so the journey must come back to the host it started on.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostedJourneys, type HostedJourney } from '../../src/api/hosted-url.js';
import { createCallbackHandler, toNodeHandler, type CallbackHandler } from '../../src/server/index.js';
import type { ClientConfig } from './clients.js';

export const AUTH_PREFIX = '/auth/';
/** Where the backend sends a signed-in user, and a failed sign-in (with `?error=`). */
export const ACCOUNT_PAGE = '/account.html';

export interface DemoAuthOptions {
  /** The confidential client the backend signs in with (its secret stays here). */
  client: ClientConfig;
  apiUrl: string;
  siteOrigins: readonly string[];
  log: (line: string) => void;
}

export interface DemoAuth {
  /** Answers the request when it is one of the routes above; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

export function createDemoAuth(options: DemoAuthOptions): DemoAuth {
  const { client, apiUrl, log } = options;
  // A fresh secret per start: sessions end with the process, as the reference server's keys do.
  const cookieSecret = randomBytes(32).toString('base64url');
  const handlers = new Map<string, CallbackHandler>(
    options.siteOrigins.map((origin) => [
      origin,
      createCallbackHandler({
        baseDomain: apiUrl,
        clientId: client.id,
        clientSecret: client.secret,
        redirectUri: `${origin}/auth/callback`,
        // The app link is one URL (on the site's main origin): only that origin's handler takes invitations.
        ...(new URL(client.appLink).origin === origin ? { appLink: client.appLink } : {}),
        scope: 'openid profile email phone',
        cookieSecret,
        cookieName: 'nid_demo',
        // http://localhost only: a real site is on https and keeps Secure and the __Host- prefix.
        insecureCookies: true,
        afterSignIn: ACCOUNT_PAGE,
        errorPath: ACCOUNT_PAGE,
        postLogoutRedirectUri: `${origin}/`,
        log: (line) => log(`site: ${line}`),
      }),
    ]),
  );

  const route = toNodeHandler(async (request: Request) => {
    const url = new URL(request.url);
    const auth = handlers.get(url.origin);
    if (!auth) return new Response('Unknown site origin\n', { status: 404 });
    switch (url.pathname) {
      case '/auth/sign-in': {
        const journey = url.searchParams.get('journey') ?? 'authorize';
        if (!(hostedJourneys as readonly string[]).includes(journey)) return new Response('Unknown journey\n', { status: 400 });
        return auth.start(request, { journey: journey as HostedJourney, returnTo: ACCOUNT_PAGE });
      }
      case '/auth/callback':
        return auth.callback(request);
      case '/auth/invitation':
        return auth.invitation(request);
      case '/auth/session': {
        const session = await auth.session(request);
        const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
        // The claims only: the tokens stay in the session store (auth.tokens() is for this server's own calls).
        return new Response(JSON.stringify(session ? { signed_in: true, ...session } : { signed_in: false }), { headers });
      }
      case '/auth/sign-out':
        return auth.signOut(request);
      default:
        return new Response('Not found\n', { status: 404 });
    }
  });

  return {
    async handle(req, res, pathname) {
      if (!pathname.startsWith(AUTH_PREFIX)) return false;
      await route(req, res);
      return true;
    },
  };
}
