/**
 * The demo site's administrator area: a trivial sign-in that sets a session
 * cookie, and `POST /api/invite`, the route `<nid-invite-form>` on
 * admin.html posts to. That route is the package's server helper
 * (`createPreRegisterHandler` + `toNodeHandler`): it holds the client secret,
 * calls the reference API's `/pre-register` with Basic credentials, and its
 * `authorize` callback checks the session cookie, which is where a real
 * application checks its own session and the user's right to invite.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPreRegisterHandler, toNodeHandler } from '../../src/server/index.js';
import type { ClientConfig } from './clients.js';
import { digest, randomToken } from './secrets.js';

export const SESSION_COOKIE = 'nid_demo_admin';
export const SIGN_IN_PAGE = '/admin-sign-in.html';
export const ADMIN_PAGE = '/admin.html';
export const INVITE_ROUTE = '/api/invite';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Bounds memory: a demo that runs for days must not grow without limit. */
const MAX_SESSIONS = 1000;

export interface DemoAdminOptions {
  /** The client the administrators invite to (its secret stays here, server-side). */
  client: ClientConfig;
  /** The Journeys API's base domain. */
  apiUrl: string;
  /** Every origin of the demo site (localhost, 127.0.0.1, [::1]): forms posted from them are ours. */
  siteOrigins: readonly string[];
  now: () => number;
  log: (line: string) => void;
}

export interface DemoAdmin {
  /** Whether the request carries a live demo session cookie. */
  signedIn(cookieHeader: string | null | undefined): boolean;
  /** Answers a POST to one of the admin routes; false when `pathname` is none of them. */
  handlePost(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

/** The value of one cookie in a Cookie header. */
function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(303, {
    Location: location,
    'Cache-Control': 'no-store',
    'Content-Length': 0,
    ...(cookie !== undefined ? { 'Set-Cookie': cookie } : {}),
  });
  res.end();
}

export function createDemoAdmin(options: DemoAdminOptions): DemoAdmin {
  const { client, now, log } = options;
  /** Session token digests and when they end; the cookie holds the token itself. */
  const sessions = new Map<string, number>();
  const origins = new Set(options.siteOrigins);

  function signedIn(cookieHeader: string | null | undefined): boolean {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    if (token === undefined || token === '') return false;
    const expiresAt = sessions.get(digest(token));
    return expiresAt !== undefined && expiresAt > now();
  }

  const invite = toNodeHandler(
    createPreRegisterHandler({
      baseDomain: options.apiUrl,
      clientId: client.id,
      clientSecret: client.secret,
      // The service requires a redirect_uri (P13): the client's app link, which is in its allowlist
      // and where the invitee lands after the hosted activation.
      redirectUri: client.appLink,
      // The demo's whole access control: a signed-in demo session. A real app checks its own
      // session here, and whether that user may invite people.
      authorize: (request) => signedIn(request.headers.get('cookie')),
      log: (line) => log(`site: ${line}`),
    }),
  );

  function signIn(res: ServerResponse): void {
    for (const [key, expiresAt] of sessions) {
      if (sessions.size < MAX_SESSIONS && expiresAt > now()) break;
      sessions.delete(key);
    }
    const token = randomToken();
    sessions.set(digest(token), now() + SESSION_TTL_MS);
    // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it. (No Secure:
    // the demo runs on http://localhost; a real site adds it.)
    const cookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}`;
    log('site: demo administrator signed in');
    redirect(res, ADMIN_PAGE, cookie);
  }

  function signOut(req: IncomingMessage, res: ServerResponse): void {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (token) sessions.delete(digest(token));
    redirect(res, SIGN_IN_PAGE, `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname === INVITE_ROUTE) {
      await invite(req, res);
      return true;
    }
    if (pathname !== '/admin/sign-in' && pathname !== '/admin/sign-out') return false;
    // The sign-in forms post from our own pages only. The pages' Referrer-Policy (no-referrer) makes
    // browsers send `Origin: null`; their Sec-Fetch-Site, which no page can set, still tells. Without
    // Fetch Metadata only one of our origins is proof: `Origin: null` alone (a sandboxed frame, a
    // data: page) or no Origin at all is refused.
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const ours = site === undefined ? origin !== undefined && origins.has(origin) : site === 'same-origin' && (origin === undefined || origin === 'null' || origins.has(origin));
    if (!ours) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('Forbidden\n');
    } else if (pathname === '/admin/sign-in') signIn(res);
    else signOut(req, res);
    return true;
  }

  return { signedIn, handlePost };
}
