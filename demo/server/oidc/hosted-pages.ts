/**
 * The hosted screens on the API origin (contract section 7), stand-ins for
 * the vendor's own:
 *
 * - `GET /authorize`: the sign-in stand-in (the package has no sign-in
 *   element): a server-rendered form, identifier and password, no script.
 *   Its POST, for an active account with the right password, signs the
 *   hosted session in and answers 303 to `redirect_uri?code&state`. A
 *   session already signed in gets the code at once (single sign-on) unless
 *   `prompt=login`; `prompt=none` without one returns `error=login_required`.
 * - `GET /register`: `<nid-register>`, then `<nid-activate>`; a verification
 *   by PIN from this page (with the session cookie) signs the session in,
 *   and the page posts to `/authorize/complete` for the code.
 * - `GET /forgot-password`: `<nid-forgot-password>`, whose reset link returns
 *   here with `?request=<id>`. A password changed in the browser session
 *   that opened the request completes it with a code; in another browser
 *   the page only resets (see sessions.ts and the README).
 * - `GET /personal-details`: the profile of the signed-in account
 *   (read-only), else the sign-in stand-in first; "Back to the application"
 *   completes with a code.
 * - `POST /authorize/complete`: the code for a request of this session, only
 *   if the session is signed in.
 *
 * Every page checks its query first (authorization-request.ts): a bad
 * `client_id` or `redirect_uri` is an error page, never a redirect. The
 * pages run under a strict CSP (a nonce and 'strict-dynamic', Trusted Types
 * `lit-html`, forms only to this origin and the client's redirect origin),
 * load the package's bundle from the demo site and the settings from this
 * origin. Log lines come from the pipeline: never a query or a body.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { E164_PATTERN } from '../../../src/api/patterns.js';
import { HOSTED_FORGOT_PASSWORD_PATH, type ClientConfig } from '../clients.js';
import { readBody } from '../http.js';
import { hashSecret, verifySecret } from '../secrets.js';
import type { Account, Channel } from '../store.js';
import { HOSTED_REQUEST_ID } from '../validation.js';
import { checkAuthorizationRequest, codeRedirect, errorRedirect, prompts, type AuthorizationParams, type Journey } from './authorization-request.js';
import { HOSTED_SCRIPT, HOSTED_SCRIPT_PATH, HOSTED_STYLE, HOSTED_STYLE_PATH } from './assets.js';
import { pageOrigin, postedFromHere, type OidcContext } from './context.js';
import {
  COMPLETE_PATH,
  errorPage,
  forgotPasswordPage,
  journeyLink,
  personalDetailsPage,
  registerPage,
  signInPage,
  type ElementPageView,
} from './pages.js';
import type { HostedSession, PendingRequest } from './sessions.js';

const FORM_BODY_LIMIT = 16 * 1024;
const HOSTED_SETTINGS = /^\/hosted\/settings\/([A-Za-z0-9_-]{1,64})\.json$/;
const JOURNEYS: Record<string, Journey> = {
  '/authorize': 'authorize',
  '/register': 'register',
  [HOSTED_FORGOT_PASSWORD_PATH]: 'forgot-password',
  '/personal-details': 'personal-details',
};

export const WRONG_CREDENTIALS = 'The sign-in details are not right. Check them and try again.';
export const NOT_VERIFIED = 'This account is not verified yet: enter the code we sent you when you registered.';
export const TOO_MANY_ATTEMPTS = 'Too many attempts. Wait a few minutes, then try again.';

/** The strict policy of every hosted page (see the module comment). */
export function hostedCsp(context: OidcContext, nonce: string, formTarget?: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    // The phone fields' flags come from beside the bundle, on the demo site's origin.
    `img-src 'self' data: ${new URL(context.bundleUrl).origin}`,
    "font-src 'self'",
    `connect-src 'self' ${context.deps.apiOrigins.join(' ')}`,
    // The POSTs answer 303 to the application: browsers check form-action on that redirect too.
    `form-action 'self'${formTarget === undefined ? '' : ` ${formTarget}`}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

export interface PageOptions {
  /** The nonce the page's script tags carry (one is made when the page has none). */
  nonce?: string;
  /** The application's redirect URI: its origin joins form-action. */
  redirectUri?: string;
  setCookie?: string;
}

export function sendPage(context: OidcContext, req: IncomingMessage, res: ServerResponse, status: number, html: string, options: PageOptions = {}): void {
  const nonce = options.nonce ?? randomBytes(16).toString('base64');
  const headers: Record<string, string | number> = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': hostedCsp(context, nonce, options.redirectUri === undefined ? undefined : new URL(options.redirectUri).origin),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Same-origin: the elements' calls keep their Origin; no other site sees the query (state, request id).
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
  if (options.setCookie !== undefined) headers['Set-Cookie'] = options.setCookie;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : html);
}

function redirect(res: ServerResponse, location: string, setCookie?: string): void {
  res.writeHead(303, {
    Location: location,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': 0,
    ...(setCookie !== undefined ? { 'Set-Cookie': setCookie } : {}),
  });
  res.end();
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${text}\n`);
}

const expiredPage = () =>
  errorPage(
    'This page has expired',
    'This sign-in page has expired, or was opened in another browser. Nothing was sent to the application.',
  );

/** The signed-in, still active account of a session. */
function signedInAccount(context: OidcContext, session: HostedSession | undefined): Account | undefined {
  if (!session?.accountId) return undefined;
  const account = context.deps.store.getAccount(session.accountId);
  return account?.status === 'active' ? account : undefined;
}

/** An authorization code for the account, bound to the request (client, redirect URI, challenge, nonce, scope). */
function issueCode(context: OidcContext, params: AuthorizationParams, account: Account, authTime: number): string {
  const code = context.deps.store.issueAuthorizationCode({
    accountId: account.id,
    clientId: params.clientId,
    redirectUri: params.redirectUri,
    state: params.state,
    scope: params.scope,
    authTime,
    ...(params.codeChallenge !== undefined ? { codeChallenge: params.codeChallenge } : {}),
    ...(params.nonce !== undefined ? { nonce: params.nonce } : {}),
  });
  return codeRedirect(params.redirectUri, code, params.state);
}

function elementView(context: OidcContext, req: IncomingMessage, request: PendingRequest, client: ClientConfig, nonce: string): ElementPageView {
  return { request, client, origin: pageOrigin(context, req), envId: context.deps.envId, nonce, bundleUrl: context.bundleUrl };
}

// -- GET ------------------------------------------------------------------------------------------

/** Where the hosted forgot-password's reset link returns: this page with the request's id (validation.ts allows it). */
const returnUri = (origin: string, request: PendingRequest) => `${origin}${HOSTED_FORGOT_PASSWORD_PATH}?request=${request.id}`;

/** The hosted forgot-password page reached by its reset link: `?request=<id>` (and the link's code, for the element). */
function resumeForgotPassword(context: OidcContext, req: IncomingMessage, res: ServerResponse, id: string | null): void {
  const request = id !== null && HOSTED_REQUEST_ID.test(id) ? context.sessions.request(id) : undefined;
  const client = request && context.deps.clients.get(request.params.clientId);
  if (!request || !client || request.journey !== 'forgot-password') {
    const message = 'This password reset page has expired. Go back to the application and ask for a new link.';
    return sendPage(context, req, res, 400, errorPage('This link has expired', message));
  }
  const { session, setCookie } = context.sessions.ensure(req.headers);
  const nonce = randomBytes(16).toString('base64');
  const view = elementView(context, req, request, client, nonce);
  const html = forgotPasswordPage({ ...view, returnUri: returnUri(view.origin, request), ownSession: request.sessionKey === session.key });
  sendPage(context, req, res, 200, html, { nonce, redirectUri: request.params.redirectUri, ...(setCookie ? { setCookie } : {}) });
}

async function showPage(context: OidcContext, req: IncomingMessage, res: ServerResponse, journey: Journey): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://api.invalid').searchParams;
  if (journey === 'forgot-password' && query.has('request')) return resumeForgotPassword(context, req, res, query.get('request'));
  const checked = checkAuthorizationRequest(context.deps, query, journey);
  if (!checked.ok) {
    if ('page' in checked) return sendPage(context, req, res, 400, errorPage('This request cannot be completed', checked.page));
    return redirect(res, checked.redirect);
  }
  const { client, params } = checked;
  const { session, setCookie } = context.sessions.ensure(req.headers);
  const cookie = setCookie ? { setCookie } : {};
  const account = signedInAccount(context, session);
  const signIn = journey === 'authorize' || journey === 'personal-details';

  if (signIn && prompts(params, 'none') && !account) {
    return redirect(res, errorRedirect(params.redirectUri, 'login_required', 'The user is not signed in.', params.state), setCookie);
  }
  // Single sign-on: a signed-in session gets its code without a form, unless the application asks for the form.
  if (journey === 'authorize' && account && !prompts(params, 'login') && !prompts(params, 'select_account')) {
    return redirect(res, issueCode(context, params, account, session.authTime ?? context.deps.now()), setCookie);
  }

  const request = context.sessions.open(session, journey, params);
  const options = { redirectUri: params.redirectUri, ...cookie };
  if (signIn && (!account || prompts(params, 'login'))) {
    return sendPage(context, req, res, 200, signInPage({ request, client }), options);
  }
  if (journey === 'personal-details' && account) {
    return sendPage(context, req, res, 200, personalDetailsPage(request, client, account), options);
  }
  const nonce = randomBytes(16).toString('base64');
  const view = elementView(context, req, request, client, nonce);
  const html =
    journey === 'register'
      ? registerPage(view)
      : forgotPasswordPage({ ...view, returnUri: returnUri(view.origin, request), ownSession: true });
  sendPage(context, req, res, 200, html, { ...options, nonce });
}

// -- POST ------------------------------------------------------------------------------------------

/** A form posted from one of these pages, or the reason not to read it (already answered). */
async function readForm(context: OidcContext, req: IncomingMessage, res: ServerResponse): Promise<URLSearchParams | undefined> {
  if (!postedFromHere(context, req)) {
    plain(res, 403, 'Forbidden');
    return undefined;
  }
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    plain(res, 415, 'Unsupported Media Type');
    return undefined;
  }
  try {
    return new URLSearchParams((await readBody(req, FORM_BODY_LIMIT)).toString('utf8'));
  } catch {
    plain(res, 413, 'Request Entity Too Large', { Connection: 'close' });
    return undefined;
  }
}

/** A hash to check a password against when there is no account, so that both cases take as long. */
let dummyHash: Promise<string> | undefined;

function findAccount(context: OidcContext, identifier: string): Account | undefined {
  const channel: Channel = E164_PATTERN.test(identifier) ? 'sms' : 'email';
  return context.deps.store.findAccount(channel, identifier);
}

/** The sign-in stand-in's POST. */
async function signIn(context: OidcContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(context, req, res);
  if (!form) return;
  const { sessions } = context;
  const session = sessions.find(req.headers);
  const request = sessions.requestOf(session, form.get('request'));
  const client = request && context.deps.clients.get(request.params.clientId);
  if (!session || !request || !client) return sendPage(context, req, res, 400, expiredPage());
  const options = { redirectUri: request.params.redirectUri };

  const identifier = (form.get('username') ?? '').trim().slice(0, 320);
  const password = form.get('password') ?? '';
  const throttleKey = identifier.toLowerCase();
  if (sessions.signInLocked(throttleKey)) {
    return sendPage(context, req, res, 429, signInPage({ request, client, identifier, error: TOO_MANY_ATTEMPTS }), options);
  }
  const account = identifier === '' ? undefined : findAccount(context, identifier);
  const hash = account?.passwordHash;
  // Checked against some hash in every case, so that an unknown identifier takes as long as a wrong password.
  dummyHash ??= hashSecret(randomBytes(16).toString('hex'));
  const matches = hash !== undefined ? await verifySecret(password, hash) : (await verifySecret(password, await dummyHash), false);
  if (!account || !matches) {
    sessions.signInFailed(throttleKey);
    const error = sessions.signInLocked(throttleKey) ? TOO_MANY_ATTEMPTS : WRONG_CREDENTIALS;
    return sendPage(context, req, res, 400, signInPage({ request, client, identifier, error }), options);
  }
  if (account.status !== 'active') {
    return sendPage(context, req, res, 400, signInPage({ request, client, identifier, error: NOT_VERIFIED }), options);
  }
  // Hashing waited: a concurrent submission may have answered the request meanwhile.
  if (!sessions.requestOf(session, request.id)) return sendPage(context, req, res, 400, expiredPage());
  sessions.signInSucceeded(throttleKey);
  sessions.signIn(session, account);
  sessions.close(request);
  if (request.journey === 'personal-details') return redirect(res, journeyLink('/personal-details', request));
  redirect(res, issueCode(context, request.params, account, session.authTime ?? context.deps.now()));
}

/** `POST /authorize/complete`: the end of register, forgot-password and personal-details. */
async function complete(context: OidcContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(context, req, res);
  if (!form) return;
  const session = context.sessions.find(req.headers);
  const request = context.sessions.requestOf(session, form.get('request'));
  if (!session || !request) return sendPage(context, req, res, 400, expiredPage());
  const account = signedInAccount(context, session);
  if (!account) {
    return sendPage(
      context,
      req,
      res,
      403,
      errorPage('Nothing to return to the application', 'No account was verified or signed in on this page, so there is no sign-in to return to the application.'),
    );
  }
  context.sessions.close(request);
  redirect(res, issueCode(context, request.params, account, session.authTime ?? context.deps.now()));
}

// -- dispatch ------------------------------------------------------------------------------------

function asset(req: IncomingMessage, res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answers the hosted screens and their assets; false for any other path. */
export async function hostedPage(context: OidcContext, pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  const journey = JOURNEYS[pathname];
  if (journey !== undefined) {
    if (read) await showPage(context, req, res, journey);
    else if (method === 'POST' && journey === 'authorize') await signIn(context, req, res);
    else plain(res, 405, 'Method Not Allowed', { Allow: journey === 'authorize' ? 'GET, HEAD, POST' : 'GET, HEAD' });
    return true;
  }
  if (pathname === COMPLETE_PATH) {
    if (method === 'POST') await complete(context, req, res);
    else plain(res, 405, 'Method Not Allowed', { Allow: 'POST' });
    return true;
  }
  if (pathname === HOSTED_SCRIPT_PATH || pathname === HOSTED_STYLE_PATH || HOSTED_SETTINGS.test(pathname)) {
    if (!read) {
      plain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    } else if (pathname === HOSTED_SCRIPT_PATH) {
      asset(req, res, 'text/javascript; charset=utf-8', HOSTED_SCRIPT);
    } else if (pathname === HOSTED_STYLE_PATH) {
      asset(req, res, 'text/css; charset=utf-8', HOSTED_STYLE);
    } else {
      const client = context.deps.clients.get(HOSTED_SETTINGS.exec(pathname)?.[1] ?? '');
      if (client) asset(req, res, 'application/json; charset=utf-8', JSON.stringify(client.settings));
      else plain(res, 404, 'Not Found');
    }
    return true;
  }
  return false;
}

