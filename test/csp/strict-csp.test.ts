/**
 * Strict CSP in three engines (issue #15.2): the journeys of all four
 * elements, from the built script-tag bundle, on pages served with the strict
 * policy as a real header (test/csp/strict-csp-server.mjs): a fresh nonce per
 * response with 'strict-dynamic', `require-trusted-types-for 'script'`,
 * `trusted-types lit-html`, `style-src 'self'`, `object-src 'none'`,
 * `base-uri 'none'`, and `connect-src` naming the stand-in service (another
 * origin) and the page's own (the invite form's action). Chromium, Firefox
 * and WebKit each run this file (.config/web-test-runner.config.mjs).
 *
 * Each page opens in a same-origin iframe, so the test reads its shadow
 * roots, fills its forms with input events, and reads what its first script
 * (pages/watch.js) heard: every `securitypolicyviolation` of the page, passed
 * on to this page as it happens. Every journey must end with none, with its
 * lazy files (transport, phone and oauth chunks, a locale file) loaded from
 * /dist/. The last test proves the harness hears a violation in each engine.
 *
 * Needs the built bundle (`npm run build`; CI builds before the browser tests).
 */
import { expect } from '@open-wc/testing';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
  line: number;
  page: string;
}

/** What pages/watch.js (and the hosted screen's stand-in) tell this page. */
interface HarnessMessage {
  /** The path of the page that sent it (pages/watch.js). */
  page?: string;
  violation?: Violation;
  resources?: string[];
  hosted?: string;
}

interface Config {
  /** The stand-in service's origin (the pages' base-domain). */
  api: string;
  /** The verification PIN and the reset link's code it accepts. */
  pin: string;
  linkCode: string;
}

type FrameWindow = Window &
  typeof globalThis & {
    __violations?: Violation[];
    __cspWatching?: boolean;
    __inlineRan?: boolean;
    __attempts?: string[];
    /** Trusted Types, where the engine has them (TypeScript's DOM library does not declare them). */
    trustedTypes?: unknown;
  };

/** A journey element of the page's realm (its own Lit; no type from src/ describes it here). */
type Journey = HTMLElement & { updateComplete: Promise<unknown>; shadowRoot: ShadowRoot };

/** A page of /csp/ in an iframe, and what its watcher reported. */
interface CspPage {
  frame: HTMLIFrameElement;
  /** `/csp/<page>.html`. */
  path: string;
  /** Every violation the page reported, in order (kept across a navigation). */
  violations: Violation[];
  /** Hosted screens the page arrived at (the stand-in reports its URL). */
  hosted: string[];
  /** The files the page had fetched when it was left (pagehide). */
  resourcesAtExit: string[] | undefined;
  /** Elements seen with a `style` attribute, anywhere in the page's shadow roots (see `scan`). */
  inlineStyles: Set<string>;
}

const only = <T>(items: T[]): T | undefined => (items.length === 1 ? items[0] : undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let config: Config;
const open = new Set<CspPage>();

window.addEventListener('message', (event: MessageEvent<{ cspHarness?: HarnessMessage }>) => {
  const message = event.data?.cspHarness;
  if (!message) return;
  // By the frame it came from; a message sent while its document was being left (pagehide, before a
  // navigation to another origin) may come without a source (Chromium): then by the page's path.
  const page =
    [...open].find((candidate) => event.source !== null && candidate.frame.contentWindow === event.source) ??
    (event.source === null ? only([...open].filter((candidate) => candidate.path === message.page)) : undefined);
  if (!page) return;
  // The watcher is on this origin; only the hosted stand-in (the service's origin) may tell where the browser went.
  if (event.origin === location.origin) {
    if (message.violation) page.violations.push(message.violation);
    if (message.resources) page.resourcesAtExit = message.resources;
  } else if (event.origin === config?.api && typeof message.hosted === 'string') {
    page.hosted.push(message.hosted);
  }
});

/** Waits until `done()` holds; fails with `what` (told when it fails) after `timeout` ms. */
async function until(done: () => boolean, what: string | (() => string), timeout = 8000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(25);
  }
}

const windowOf = (page: CspPage) => page.frame.contentWindow as FrameWindow;
const documentOf = (page: CspPage) => page.frame.contentDocument!;

/** Opens `/csp/<path>` in a new iframe and waits until it loaded and its watcher runs. */
async function openPage(path: string): Promise<CspPage> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '1000px';
  const page: CspPage = { frame, path: new URL(`/csp/${path}`, location.href).pathname, violations: [], hosted: [], resourcesAtExit: undefined, inlineStyles: new Set() };
  open.add(page);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/csp/${path}`;
  document.body.append(frame);
  await Promise.race([loaded, sleep(10_000).then(() => Promise.reject(new Error(`/csp/${path} did not load`)))]);
  expect(windowOf(page).__cspWatching, `${path}: the watcher ran (a page whose watcher was blocked hears nothing)`).to.equal(true);
  return page;
}

function closePages(): void {
  for (const page of open) page.frame.remove();
  open.clear();
}

/** The files the page fetched (resource timing), as paths. */
function fetched(page: CspPage): string[] {
  return windowOf(page)
    .performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname);
}

/**
 * Looks through the page and every shadow root in it for `style` attributes
 * (security requirement 6: none). Called after each step, since a view may be
 * gone by the end. Needed besides the violation events: WebKit neither
 * reports nor blocks a style attribute that comes from a Lit template (it
 * is parsed into an inert <template> and cloned), where Chromium and Firefox
 * report `style-src-attr`.
 */
function scan(page: CspPage): void {
  const visit = (root: Document | ShadowRoot, where: string) => {
    for (const node of root.querySelectorAll('*')) {
      if (node.hasAttribute('style')) page.inlineStyles.add(`${where} <${node.localName} style="${node.getAttribute('style')}">`);
      if (node.shadowRoot) visit(node.shadowRoot, `<${node.localName}>`);
    }
  };
  try {
    visit(documentOf(page), 'the page');
  } catch {
    // another origin now (hosted mode left the page)
  }
}

/** The page's violations, one line each, for a failure's message. */
const described = (page: CspPage) =>
  page.violations.map((violation) => `${violation.directive} blocked ${violation.blocked || 'inline'}${violation.sample ? ` (${violation.sample})` : ''} at ${violation.source}:${violation.line}`).join('; ') || 'none';

/** Waits until the page's `<tag>` is defined, rendered and not busy. */
async function journey(page: CspPage, tag: string): Promise<Journey> {
  await until(
    () => Boolean(windowOf(page).customElements.get(tag) && documentOf(page).querySelector(tag)?.shadowRoot),
    () => `<${tag}> to render (did the bundle run? violations: ${described(page)})`,
  );
  const element = documentOf(page).querySelector(tag) as Journey;
  await settle(element);
  scan(page);
  return element;
}

/** `until` on a page, scanning it as it goes: a failure also says which violations the page reported by then (a blocked chunk, say). */
function waitFor(page: CspPage, done: () => boolean, what: string | (() => string), timeout?: number): Promise<void> {
  const scanned = () => {
    scan(page);
    return done();
  };
  return until(scanned, () => `${typeof what === 'string' ? what : what()}; violations: ${described(page)}`, timeout);
}

/** Lets the element render, and waits while it is busy (`:state(busy)`: loading or waiting for an answer). */
async function settle(element: Journey, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  do {
    await sleep(0);
    await element.updateComplete;
  } while (element.matches(':state(busy)') && Date.now() < deadline);
  await sleep(0);
  await element.updateComplete;
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The text of a label without its "(optional)" marker. */
function labelText(label: Element): string {
  const clone = label.cloneNode(true) as Element;
  clone.querySelectorAll('.optional, .sr-only').forEach((node) => node.remove());
  return squash(clone.textContent);
}

function findControl(element: Journey, name: string): HTMLInputElement | undefined {
  const root = element.shadowRoot;
  const label = [...root.querySelectorAll('label')].find((candidate) => labelText(candidate) === name);
  return (label?.htmlFor ? root.getElementById(label.htmlFor) : root.querySelector(`[aria-label="${CSS.escape(name)}"]`)) as HTMLInputElement | undefined;
}

/** The control a label (exact text) names, like a screen-reader user finds it. */
function control(element: Journey, name: string): HTMLInputElement {
  const found = findControl(element, name);
  if (!found) throw new Error(`no control labelled "${name}" (labels: ${[...element.shadowRoot.querySelectorAll('label')].map(labelText).join(' | ')})`);
  return found;
}

function button(element: Journey, name: string): HTMLButtonElement {
  const found = [...element.shadowRoot.querySelectorAll('button')].find((candidate) => squash(candidate.getAttribute('aria-label') ?? candidate.textContent) === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

const submitButton = (element: Journey) => element.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')!;
const statusText = (element: Journey) => squash(element.shadowRoot.querySelector('[role="status"]')?.textContent);

/** Fills a field as a paste or autofill would (the page's own InputEvent), then leaves it. */
async function fill(page: CspPage, element: Journey, target: HTMLInputElement, text: string): Promise<void> {
  const view = windowOf(page);
  target.focus();
  target.value = text;
  target.dispatchEvent(new view.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  target.blur();
  await settle(element);
  scan(page);
}

async function press(page: CspPage, element: Journey, target: HTMLButtonElement): Promise<void> {
  target.click();
  await settle(element);
  scan(page);
}

/**
 * No violation on the page: waits a moment first, since the browser reports
 * a violation in a task of its own, after the act that caused it.
 */
async function expectQuiet(page: CspPage): Promise<void> {
  await sleep(150);
  expect(page.violations, `securitypolicyviolation events on ${page.path}: ${described(page)}`).to.deep.equal([]);
  scan(page);
  expect([...page.inlineStyles], `inline style attributes on ${page.path} (requirement 6; WebKit does not report these)`).to.deep.equal([]);
  // The page's own record agrees with what reached this page (it is gone after a navigation).
  const own = (() => {
    try {
      return windowOf(page).__violations;
    } catch {
      return undefined; // another origin now
    }
  })();
  if (own) expect(own.length).to.equal(0);
}

/** What the stand-in service was sent, by this test's unique identifier (Chromium and Firefox run at the same time). */
async function sentTo(path: string, match: (request: { body?: any; bearer?: boolean }) => boolean): Promise<{ body?: any; query: Record<string, string>; bearer?: boolean }[]> {
  const seen = (await (await fetch(`${config.api}/__seen`)).json()) as { method: string; path: string; body?: any; query: Record<string, string>; bearer?: boolean }[];
  return seen.filter((request) => request.method === 'POST' && request.path === `/idp/v1/account/${path}` && match(request));
}

let counter = 0;
const newEmail = () => `csp.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}.${++counter}@example.com`;

const LAZY = {
  transport: '/dist/nid-journeys-transport.js',
  phone: '/dist/nid-journeys-phone.js',
  oauth: '/dist/nid-journeys-oauth.js',
  german: '/dist/locales/de-DE.js',
};

describe('strict CSP and Trusted Types: the four journeys from the script-tag bundle', function () {
  this.timeout(30_000);

  before(async () => {
    for (const file of ['nid-journeys.js', 'nid-journeys.mjs', 'nid-journeys-transport.js', 'nid-journeys-phone.js', 'nid-journeys-oauth.js', 'locales/de-DE.js']) {
      const built = await fetch(`/dist/${file}`, { method: 'HEAD' });
      if (!built.ok) throw new Error(`dist/${file} is missing: run npm run build first (npm test builds before the browser tests)`);
    }
    const answer = await fetch('/csp/config.json');
    if (!answer.ok) throw new Error('/csp/ is not served: register test/csp/strict-csp-server.mjs (middleware and plugin) in .config/web-test-runner.config.mjs');
    config = (await answer.json()) as Config;
  });

  afterEach(closePages);

  it('serves each page with its policy as a header: a fresh nonce on every script tag, strict-dynamic, Trusted Types, the service in connect-src', async () => {
    const nonces = new Set<string>();
    for (const path of ['register.html', 'register.html', 'activate.html', 'forgot-password.html', 'invite.html', 'hosted.html', 'register.html?bundle=module']) {
      const response = await fetch(`/csp/${path}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'(;|$)/.exec(policy)?.[1];
      expect(nonce, `${path}: ${policy}`).to.be.a('string');
      nonces.add(nonce!);
      for (const directive of ["style-src 'self'", "object-src 'none'", "base-uri 'none'", "require-trusted-types-for 'script'", 'trusted-types lit-html', `connect-src 'self' ${config.api}`]) {
        expect(policy.split('; '), `${path}: ${policy}`).to.include(directive);
      }
      expect(policy, 'no unsafe-* anywhere').to.not.match(/unsafe-/);
      const html = await response.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length, path).to.equal(2);
      for (const tag of tags) expect(tag, `${path}: every script by nonce and src, none inline`).to.match(new RegExp(`^<script nonce="${nonce!.replace(/[+/=]/g, '\\$&')}"[^>]* src="/`));
      expect(html, `${path}: no inline style or handler`).to.not.match(/\s(style|on[a-z]+)=/i);
    }
    expect(nonces.size, 'a new nonce per response').to.equal(7);
  });

  for (const bundle of ['classic', 'module'] as const) {
    it(`<nid-register> in German with a phone field (${bundle} bundle): de-DE.js, the phone and transport chunks, then "check your email"`, async () => {
      const page = await openPage(`register.html${bundle === 'module' ? '?bundle=module' : ''}`);
      const element = await journey(page, 'nid-register');
      await waitFor(page, () => squash(submitButton(element).textContent) === 'Konto erstellen', 'the German form (locales/de-DE.js)');
      // The phone chunk turns the number field into country code + number; the flag is a file beside the bundle (img-src 'self').
      await waitFor(page, () => element.shadowRoot.querySelector('button[part~="country"]:not([disabled])') !== null, 'the phone field (the phone chunk)');
      await waitFor(page, () => (element.shadowRoot.querySelector<HTMLImageElement>('button[part~="country"] img')?.naturalWidth ?? 0) > 0, 'the flag image (dist/flags/de.svg)');
      const email = newEmail();
      await fill(page, element, control(element, 'E-Mail-Adresse'), email);
      await fill(page, element, control(element, 'Mobilnummer'), '01512 3456789');
      await fill(page, element, control(element, 'Passwort'), 'a long enough passphrase');
      await fill(page, element, control(element, 'Passwort bestätigen'), 'a long enough passphrase');
      await press(page, element, submitButton(element));
      await waitFor(page, 
        () => statusText(element) === 'Sehen Sie in Ihrem E-Mail-Postfach nach: Wir haben Ihnen eine Nachricht zur Bestätigung Ihres Kontos gesendet.',
        () => `"check your email" in German (status: "${statusText(element)}")`,
      );
      button(element, 'E-Mail erneut senden');

      const files = fetched(page);
      for (const file of [LAZY.german, LAZY.phone, LAZY.transport]) expect(files, `${file} was fetched`).to.include(file);
      expect(files.filter((file) => /\.m?js$/.test(file) && file !== '/csp/watch.js').every((file) => file.startsWith('/dist/')), files.join(' ')).to.equal(true);
      const [sent] = await sentTo('register', (request) => request.body?.profile_fields?.emailAddress === email);
      expect(sent, 'the register call reached the service (connect-src)').to.exist;
      expect(sent!.body.profile_fields.mobileNumber, 'the phone chunk made the number E.164').to.equal('+4915123456789');
      expect(sent!.bearer).to.equal(false);
      await expectQuiet(page);
    });
  }

  it('<nid-activate>: a refused code stays on its field, the right one verifies', async () => {
    const page = await openPage('activate.html');
    const element = await journey(page, 'nid-activate');
    const email = newEmail();
    await fill(page, element, control(element, 'Email address'), email);
    const code = control(element, 'Verification code');
    await fill(page, element, code, config.pin === '000000' ? '111111' : '000000');
    await press(page, element, submitButton(element));
    await waitFor(page, () => code.getAttribute('aria-invalid') === 'true', 'the refused code marked on its field');
    await fill(page, element, code, config.pin);
    await press(page, element, submitButton(element));
    await waitFor(page, () => statusText(element) === 'Your account is verified.', () => `"Your account is verified." (status: "${statusText(element)}")`);
    expect(fetched(page)).to.include(LAZY.transport);
    expect(await sentTo('token', (request) => request.body?.user_id === email)).to.have.length(2);
    await expectQuiet(page);
  });

  it('<nid-forgot-password> step 1: the reset link is sent', async () => {
    const page = await openPage('forgot-password.html');
    const element = await journey(page, 'nid-forgot-password');
    const email = newEmail();
    await fill(page, element, control(element, 'Email address'), email);
    await press(page, element, submitButton(element));
    await waitFor(page, 
      () => statusText(element) === `If an account exists for ${email}, we have sent a link to reset your password.`,
      () => `the "sent" message (status: "${statusText(element)}")`,
    );
    expect(fetched(page)).to.include(LAZY.transport);
    expect(await sentTo('forgot-password', (request) => request.body?.user_id === email)).to.have.length(1);
    await expectQuiet(page);
  });

  it('<nid-forgot-password> step 2 with the link’s code: the code leaves the address bar, the password is changed', async () => {
    const page = await openPage(`forgot-password.html?code=${encodeURIComponent(config.linkCode)}`);
    const element = await journey(page, 'nid-forgot-password');
    await waitFor(page, () => findControl(element, 'New password') !== undefined, 'the new-password form');
    expect(new URL(windowOf(page).location.href).searchParams.has('code'), 'the code left the address bar').to.equal(false);
    const email = newEmail();
    // The page session may know the address from step 1 (sessionStorage of this tab): then it is not asked for.
    const identifier = findControl(element, 'Email address');
    if (identifier) await fill(page, element, identifier, email);
    await fill(page, element, control(element, 'New password'), 'a new long passphrase');
    await fill(page, element, control(element, 'Confirm new password'), 'a new long passphrase');
    await press(page, element, submitButton(element));
    await waitFor(page, () => statusText(element) === 'Your password has been changed.', () => `"Your password has been changed." (status: "${statusText(element)}")`);
    if (identifier) {
      const changed = await sentTo('change-password', (request) => request.bearer === true);
      expect(changed.length, 'change-password with the Bearer token').to.be.greaterThan(0);
    }
    await expectQuiet(page);
  });

  it('<nid-invite-form>: posts to its action route (the page’s own origin), "Invitation sent"', async () => {
    const page = await openPage('invite.html');
    const element = await journey(page, 'nid-invite-form');
    const email = newEmail();
    await fill(page, element, control(element, 'First name'), 'Ada');
    await fill(page, element, control(element, 'Last name'), 'Lovelace');
    await fill(page, element, control(element, 'Email address'), email);
    await press(page, element, submitButton(element));
    await waitFor(page, () => statusText(element) === `Invitation sent to ${email}.`, () => `"Invitation sent" (status: "${statusText(element)}")`);
    expect(fetched(page)).to.include(LAZY.transport);
    await expectQuiet(page);
  });

  it('<nid-register mode="hosted">: the button loads the oauth chunk, which sends the browser to {base-domain}/register with PKCE', async () => {
    const page = await openPage('hosted.html');
    const element = await journey(page, 'nid-register');
    expect(fetched(page), 'the oauth chunk waits for the button').to.not.include(LAZY.oauth);
    await expectQuiet(page);
    button(element, 'Create account').click();
    // The element calls location.assign: the frame goes to the stand-in, which reports where it arrived.
    await waitFor(page, () => page.hosted.length > 0, 'the hosted register screen');
    const url = new URL(page.hosted[0]!);
    expect(`${url.origin}${url.pathname}`).to.equal(`${config.api}/register`);
    expect(url.searchParams.get('client_id')).to.equal('csp-client');
    expect(url.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(url.searchParams.get('code_challenge'), 'the oauth chunk ran (PKCE)').to.match(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).to.match(/^[\w-]{20,}$/);
    // Told by the page as it was left (pagehide): the oauth chunk came from /dist/.
    await waitFor(page, () => page.resourcesAtExit !== undefined, 'the list of files the page fetched');
    expect(page.resourcesAtExit!.map((name) => new URL(name).pathname)).to.include(LAZY.oauth);
    await expectQuiet(page);
  });
});

describe('strict CSP: the harness hears a violation', function () {
  this.timeout(20_000);
  afterEach(closePages);

  // What each engine enforces. script-src (an inline script without the nonce: effective
  // directive script-src-elem) and style-src (an inline style attribute: style-src-attr) in
  // every engine. Trusted Types where `window.trustedTypes` exists: on the CI's Debian
  // browsers that is all three (Chromium 156, Firefox ESR 153, WebKitGTK 2.50's
  // MiniBrowser), and each reports both `require-trusted-types-for` (a string into an HTML
  // sink) and `trusted-types` (a policy not named lit-html). An engine without them ignores
  // both directives as unknown; there only the script-src and style-src proofs apply, and
  // the journeys above ran without Trusted Types.
  const hasTrustedTypes = 'trustedTypes' in window;

  it(`in this engine: an inline script without the nonce, an inline style, and ${hasTrustedTypes ? 'Trusted Types (a string into an HTML sink, a policy not named lit-html)' : 'no Trusted Types (the engine has none)'}`, async () => {
    const page = await openPage('violate.html');
    const view = windowOf(page);
    const directives = () => page.violations.map((violation) => violation.directive);
    const expected = ['script-src', 'style-src', ...(hasTrustedTypes ? ['require-trusted-types-for', 'trusted-types'] : [])];
    const heard = (prefix: string) => directives().some((directive) => directive === prefix || directive.startsWith(`${prefix}-`));
    await until(() => expected.every(heard), () => `violations of ${expected.join(', ')} (heard: ${directives().join(', ') || 'none'})`, 5000);

    expect(view.__inlineRan, 'the inline script without the nonce did not run').to.equal(undefined);
    const paragraph = view.document.querySelector('p')!;
    expect(view.getComputedStyle(paragraph).color, 'the inline style was not applied').to.not.equal('rgb(255, 0, 0)');
    expect(Boolean(view.trustedTypes), 'the frame has Trusted Types exactly when this page does').to.equal(hasTrustedTypes);
    if (hasTrustedTypes) {
      expect(view.__attempts).to.deep.equal(['insertAdjacentHTML blocked', 'createPolicy blocked']);
      expect(view.document.querySelector('b'), 'the untrusted HTML was not inserted').to.equal(null);
    }
    // The page's own record and what reached this page agree.
    expect(view.__violations!.length).to.equal(page.violations.length);
  });
});
