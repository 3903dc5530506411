/**
 * `signOut`: POST from this site only. The session leaves the store, its
 * cookie is cleared, and the browser goes (303) to `{base}/endsession`.
 */
import * as oauth from 'oauth4webapi';
import { errorResponse, logSafe, originAllowed } from './http.js';
import { PREFIX, type Config } from './callback-options.js';
import { clearedSessionCookie, redirect, sessionIdOf } from './callback-cookies.js';

export async function signOut(config: Config, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    return errorResponse(405, 'invalid_request', 'Sign out with POST (a form or fetch), not a link.', { headers: { Allow: 'POST' } });
  }
  if (!originAllowed(request, config.allowedOrigins)) {
    return errorResponse(403, 'invalid_request', 'Requests from this origin are not accepted.');
  }
  const id = await sessionIdOf(config, request);
  if (id !== undefined) {
    try {
      await config.store.delete(id);
    } catch (caught) {
      config.log(`${PREFIX} signOut: the session store failed (${caught instanceof Error ? logSafe(caught.name) : typeof caught}); the cookie is cleared anyway.`);
    }
  }
  const url = new URL(`${config.hostedBase}/endsession`);
  url.searchParams.set('client_id', config.clientId);
  if (config.postLogoutRedirectUri) url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
  url.searchParams.set('state', oauth.generateRandomState());
  return redirect(url.href, [clearedSessionCookie(config)]);
}
