/**
 * A stand-in for the vendor's hosted activation screen, on the API origin
 * (contract sections 4 and 8): the invitation's link (`GET /activate?code=`)
 * opens a small server-rendered form to choose a password twice; its POST
 * sets the password, activates the account and answers 303 to the client's
 * `appLink` with a fresh authorization `code` (and the invitation's `state`,
 * if it had one), as the vendor's screen returns the invitee to `app_link`.
 *
 * The page works without JavaScript and has none: its CSP allows no script
 * and no style, forms post only to itself (and may be redirected to the
 * app link), no other site may frame it, and everything it shows is
 * HTML-escaped. The code in the URL never leaves the page (no-referrer), and
 * the form carries it in its body, not in its action URL. Log lines come from
 * the pipeline (method, path, status): never the query, so never the code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientConfig } from './clients.js';
import { readBody } from './http.js';
import { escapeHtml } from './outbox-page.js';
import { passwordProblem, DEFAULT_MIN_LENGTH } from './policy.js';
import type { ApiDeps } from './routes/context.js';
import { HOSTED_ACTIVATION_PATH } from './routes/pre-register.js';
import { hashSecret } from './secrets.js';
import type { Account } from './store.js';
import { PASSWORDS_DO_NOT_MATCH } from './texts.js';

const FORM_BODY_LIMIT = 16 * 1024;
const MAX_CODE_LENGTH = 2048;

interface Invitation {
  code: string;
  account: Account;
  client: ClientConfig;
  state?: string;
}

/** The live invitation of a code, or undefined (unknown, used, expired, or its account or client gone). */
function invitationOf(deps: ApiDeps, code: string | null): Invitation | undefined {
  if (code === null || code === '' || code.length > MAX_CODE_LENGTH) return undefined;
  const record = deps.store.findLinkCode(code, 'invitation');
  const account = record && deps.store.getAccount(record.accountId);
  const client = record && deps.clients.get(record.clientId);
  if (!record || !account || !client || account.status === 'active') return undefined;
  return { code, account, client, ...(record.state !== undefined ? { state: record.state } : {}) };
}

function csp(formTarget: string | undefined): string {
  return [
    "default-src 'none'",
    // The POST answers 303 to the app link: browsers check form-action on that redirect too.
    formTarget === undefined ? "form-action 'none'" : `form-action 'self' ${formTarget}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendPage(req: IncomingMessage, res: ServerResponse, status: number, html: string, formTarget?: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': csp(formTarget),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main>
${main}
    <p><small>This page stands in for the identity service's hosted activation screen (reference server).</small></p>
  </main>
</body>
</html>
`;
}

function formPage({ code, account, client }: Invitation, error?: string): string {
  const name = account.profile['firstName'];
  const min = client.settings.password_policy?.min_length ?? DEFAULT_MIN_LENGTH;
  const alert = error === undefined ? '' : `    <p role="alert" id="error">${escapeHtml(error)}</p>\n`;
  const described = error === undefined ? 'password-hint' : 'password-hint error';
  return layout(
    `Choose your password: ${client.name}`,
    `    <h1>Welcome to ${escapeHtml(client.name)}</h1>
    <p>${name ? `Hello ${escapeHtml(name)}, you` : 'You'} were invited as <strong>${escapeHtml(account.identifier)}</strong>. Choose a password to activate your account.</p>
${alert}    <form method="post" action="${HOSTED_ACTIVATION_PATH}">
      <input type="hidden" name="code" value="${escapeHtml(code)}">
      <input type="text" name="username" autocomplete="username" value="${escapeHtml(account.identifier)}" hidden readonly>
      <p><label for="password">New password</label><br>
        <input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="${described}"></p>
      <p id="password-hint">At least ${min} characters.</p>
      <p><label for="password_confirm">Confirm the new password</label><br>
        <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required></p>
      <p><button type="submit">Activate my account</button></p>
    </form>`,
  );
}

const invalidPage = () =>
  layout(
    'This link does not work',
    `    <h1>This link does not work</h1>
    <p>The invitation link is not valid, has expired, or was already used. If you already chose your password, sign in.
       Otherwise ask the person who invited you to send the invitation again.</p>`,
  );

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${text}\n`);
}

/**
 * A form posted from this page: the API's own origin, or `Origin: null`
 * (browsers send it under the page's no-referrer policy) with the browser's
 * `Sec-Fetch-Site: same-origin`, which no page can set. Clients without
 * either header (curl, tests) are let through: the code is the credential.
 */
function sameOrigin(deps: ApiDeps, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  return origin === undefined || origin === 'null' || deps.apiOrigins.includes(origin);
}

async function submit(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!sameOrigin(deps, req)) return plain(res, 403, 'Forbidden');
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    return plain(res, 415, 'Unsupported Media Type');
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(req, FORM_BODY_LIMIT)).toString('utf8'));
  } catch {
    return plain(res, 413, 'Request Entity Too Large', { Connection: 'close' });
  }
  const invitation = invitationOf(deps, form.get('code'));
  if (!invitation) return sendPage(req, res, 410, invalidPage());
  const formTarget = new URL(invitation.client.appLink).origin;
  const password = form.get('password') ?? '';
  if (password !== (form.get('password_confirm') ?? '')) {
    return sendPage(req, res, 422, formPage(invitation, PASSWORDS_DO_NOT_MATCH), formTarget);
  }
  const problem = passwordProblem(invitation.client, password);
  if (problem) return sendPage(req, res, 422, formPage(invitation, problem), formTarget);

  const passwordHash = await hashSecret(password);
  // Hashing waited: a concurrent submission of the same link may have used it meanwhile.
  if (!deps.store.consumeLinkCode(invitation.code, 'invitation')) return sendPage(req, res, 410, invalidPage());
  const { account, client } = invitation;
  account.passwordHash = passwordHash;
  account.status = 'active';
  deps.store.revokePin(account, 'verification');
  const code = deps.store.issueAuthorizationCode({
    accountId: account.id,
    clientId: client.id,
    redirectUri: client.appLink,
    ...(invitation.state !== undefined ? { state: invitation.state } : {}),
  });
  const landing = new URL(client.appLink);
  landing.searchParams.set('code', code);
  if (invitation.state !== undefined) landing.searchParams.set('state', invitation.state);
  res.writeHead(303, { Location: landing.href, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Length': 0 });
  res.end();
}

/** Answers `/activate` (GET, HEAD, POST); the pipeline routes it here before the JSON API. */
export async function hostedActivation(deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'POST') return submit(deps, req, res);
  if (method !== 'GET' && method !== 'HEAD') return plain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD, POST' });
  const code = new URL(req.url ?? '/', 'http://api.invalid').searchParams.get('code');
  const invitation = invitationOf(deps, code);
  if (!invitation) return sendPage(req, res, 410, invalidPage());
  sendPage(req, res, 200, formPage(invitation), new URL(invitation.client.appLink).origin);
}
