/**
 * The HTML of the hosted screens (hosted-pages.ts sends them). Everything
 * interpolated is HTML-escaped; the only scripts are the package's bundle and
 * /hosted/hosted.js, each tag carrying the response's nonce.
 */
import type { ClientConfig } from '../clients.js';
import { escapeHtml } from '../outbox-page.js';
import type { Account } from '../store.js';
import { labelOf } from '../texts.js';
import { errorRedirect, queryOf } from './authorization-request.js';
import { HOSTED_SCRIPT_PATH, HOSTED_STYLE_PATH } from './assets.js';
import type { PendingRequest } from './sessions.js';

export const COMPLETE_PATH = '/authorize/complete';

export interface PageFrame {
  title: string;
  /** The application's name above the heading. */
  clientName?: string;
  main: string;
  /** Script tags for pages with elements: the bundle (absolute URL) and the page script. */
  scripts?: { nonce: string; bundleUrl: string };
  /** Which screen this stands in for, in the footer. */
  standsFor?: string;
}

export function layout(frame: PageFrame): string {
  const scripts = frame.scripts
    ? `  <script nonce="${escapeHtml(frame.scripts.nonce)}" src="${escapeHtml(frame.scripts.bundleUrl)}"></script>
  <script nonce="${escapeHtml(frame.scripts.nonce)}" src="${HOSTED_SCRIPT_PATH}" defer></script>
`
    : '';
  const brand = frame.clientName === undefined ? '' : `    <p class="brand">${escapeHtml(frame.clientName)}</p>\n`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(frame.title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${HOSTED_STYLE_PATH}">
${scripts}</head>
<body>
  <header>
${brand}    <h1>${escapeHtml(frame.title)}</h1>
  </header>
  <main>
${frame.main}
  </main>
  <footer>
    <p>This page stands in for the identity service's hosted ${escapeHtml(frame.standsFor ?? 'sign-in')} screen (reference server).</p>
  </footer>
</body>
</html>
`;
}

/** A page for a request that cannot go back to any application. */
export function errorPage(title: string, message: string): string {
  return layout({
    title,
    main: `    <p class="alert" role="alert">${escapeHtml(message)}</p>
    <p>Go back to the application you came from and try again.</p>`,
    standsFor: 'error',
  });
}

const attribute = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`);

/** Where the hosted screens link to each other, with the same request. */
export function journeyLink(path: string, request: PendingRequest, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(queryOf(request.params));
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  return `${path}?${query.toString()}`;
}

/** "Cancel": back to the application with `error=access_denied` (its redirect URI was checked). */
export function cancelLink(request: PendingRequest): string {
  const href = errorRedirect(request.params.redirectUri, 'access_denied', 'The user cancelled.', request.params.state);
  return `<a href="${escapeHtml(href)}">Cancel and return to the application</a>`;
}

/** The form that hands the end of a journey to the server (hosted.js submits it, or the user does). */
function completeForm(request: PendingRequest, options: { hidden: boolean; text?: string; button: string }): string {
  const text = options.text === undefined ? '' : `      <p>${escapeHtml(options.text)}</p>\n`;
  return `    <form id="complete" method="post" action="${COMPLETE_PATH}"${options.hidden ? ' hidden' : ''}>
      <input type="hidden" name="request" value="${escapeHtml(request.id)}">
${text}      <button type="submit">${escapeHtml(options.button)}</button>
    </form>`;
}

export interface SignInView {
  request: PendingRequest;
  client: ClientConfig;
  identifier?: string;
  error?: string;
}

/** The sign-in stand-in: identifier and password, posted to /authorize. No script. */
export function signInPage({ request, client, identifier, error }: SignInView): string {
  const alert = error === undefined ? '' : `    <p class="alert" role="alert" id="sign-in-error">${escapeHtml(error)}</p>\n`;
  const label = client.settings.auth_type === 'sms' ? 'Mobile number (+44…) or email address' : 'Email address or mobile number';
  const value = identifier ?? request.params.loginHint;
  return layout({
    title: `Sign in to ${client.name}`,
    clientName: client.name,
    main: `${alert}    <form method="post" action="/authorize">
      <input type="hidden" name="request" value="${escapeHtml(request.id)}">
      <label for="username">${escapeHtml(label)}</label>
      <input id="username" name="username" type="text" autocomplete="username" required${attribute('value', value)}${error ? ' aria-describedby="sign-in-error"' : ''}>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <p class="links">
      <a href="${escapeHtml(journeyLink('/register', request))}">Create an account</a> &middot;
      <a href="${escapeHtml(journeyLink('/forgot-password', request, { response_format: 'openid' }))}">Forgot your password?</a>
    </p>
    <p>${cancelLink(request)}</p>`,
  });
}

export interface ElementPageView {
  request: PendingRequest;
  client: ClientConfig;
  /** The page's origin: the elements' base-domain. */
  origin: string;
  envId: string;
  nonce: string;
  bundleUrl: string;
}

/** The attributes every element of a hosted page takes. */
function serviceAttributes({ request, client, origin, envId }: ElementPageView): string {
  return [
    attribute('base-domain', origin),
    attribute('env-id', envId),
    attribute('client-id', client.id),
    attribute('settings-src', `/hosted/settings/${client.id}.json`),
    attribute('ui-locales', request.params.uiLocales),
  ].join('');
}

/** `<nid-register>`, then `<nid-activate>` once the code is on its way; a verified account completes the request. */
export function registerPage(view: ElementPageView): string {
  const { request, client } = view;
  const passwordless = client.settings.password_required === false;
  const redirect = attribute('redirect-uri', request.params.redirectUri);
  return layout({
    title: `Create your ${client.name} account`,
    clientName: client.name,
    scripts: { nonce: view.nonce, bundleUrl: view.bundleUrl },
    standsFor: 'registration',
    main: `    <nid-register${serviceAttributes(view)}${redirect}${passwordless ? ' password="none"' : ''}></nid-register>
    <section id="verify-section" hidden>
      <h2>Verify your account</h2>
      <nid-activate${serviceAttributes(view)}${redirect}></nid-activate>
    </section>
${completeForm(request, { hidden: true, text: 'Your account is ready.', button: `Continue to ${client.name}` })}
    <p class="links">
      <a href="${escapeHtml(journeyLink('/authorize', request))}">Already have an account? Sign in</a>
    </p>
    <p>${cancelLink(request)}</p>`,
  });
}

export interface ForgotPageView extends ElementPageView {
  /** The reset link's return address: this page with `?request=`. */
  returnUri: string;
  /** The request was opened by this browser session: it may complete, and link on. */
  ownSession: boolean;
}

/**
 * `<nid-forgot-password>`: the reset link returns here (`?request=<id>&code=`).
 * In the browser that opened the request, a changed password completes it;
 * elsewhere (the link opened on another device) the page only resets.
 */
export function forgotPasswordPage(view: ForgotPageView): string {
  const { request, client, ownSession } = view;
  const signIn = ownSession ? journeyLink('/authorize', request) : undefined;
  const endings = ownSession
    ? `${completeForm(request, { hidden: true, text: 'Your password has been changed.', button: `Continue to ${client.name}` })}
    <p class="links"><a href="${escapeHtml(journeyLink('/authorize', request))}">Back to sign in</a></p>
    <p>${cancelLink(request)}</p>`
    : `    <p>Once your password is changed, go back to ${escapeHtml(client.name)} and sign in with it.</p>`;
  const attributes = [
    attribute('redirect-uri', view.returnUri),
    attribute('sign-in-url', signIn),
    attribute('user-id', request.params.loginHint),
  ].join('');
  return layout({
    title: 'Reset your password',
    clientName: client.name,
    scripts: { nonce: view.nonce, bundleUrl: view.bundleUrl },
    standsFor: 'forgot password',
    main: `    <nid-forgot-password${serviceAttributes(view)}${attributes}></nid-forgot-password>
${endings}`,
  });
}

/** Profile rows in a stable order, the contract's fields first. */
const PROFILE_ORDER = ['emailAddress', 'mobileNumber', 'firstName', 'lastName', 'gender', 'companyName', 'twoStepMobileNumber'];

/** The signed-in account's profile (read-only) and "Back to the application". */
export function personalDetailsPage(request: PendingRequest, client: ClientConfig, account: Account): string {
  const identifierName = account.channel === 'sms' ? 'mobileNumber' : 'emailAddress';
  const values: Record<string, string> = { ...account.profile, [identifierName]: account.identifier };
  const names = [...PROFILE_ORDER.filter((name) => values[name]), ...Object.keys(values).filter((name) => !PROFILE_ORDER.includes(name) && values[name])];
  const rows = names.map((name) => `      <dt>${escapeHtml(labelOf(name))}</dt><dd>${escapeHtml(values[name] ?? '')}</dd>`).join('\n');
  return layout({
    title: 'Your personal details',
    clientName: client.name,
    standsFor: 'personal details',
    main: `    <dl class="profile">
${rows}
    </dl>
    <p>Editing is not part of this stand-in: the details are shown as the service keeps them.</p>
${completeForm(request, { hidden: false, button: 'Back to the application' })}`,
  });
}
