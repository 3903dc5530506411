/**
 * Server rendering and hydration (issue #14.2). The four elements are
 * rendered by @lit-labs/ssr in Node (ssr-plugin.mjs), then hydrated in a
 * browser page that loads Lit's hydrate support before the elements. The
 * first browser update must draw exactly what the server drew (Lit throws
 * "Hydration value mismatch" otherwise, or draws a second form); only then
 * does an element read the page: the link's code in the address bar, the
 * page's locale, the base of a relative `action`.
 *
 * Each page opens in its own iframe, so that it has its own address bar, its
 * own copy of Lit and its own locale.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';

type Page = Window & typeof globalThis & { pageProblems: string[] };
const TAGS = ['nid-register', 'nid-activate', 'nid-forgot-password', 'nid-invite-form'];

const frames: HTMLIFrameElement[] = [];

async function openPage(name: string, query = ''): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '600px';
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/ssr/${name}.html${query}`;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as Page;
}

/** Waits until `check` holds (or gives up after `timeout` ms, leaving the assertions to say what is wrong). */
async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

function element(page: Page, tag: string): LitElement {
  const found = page.document.querySelector<LitElement>(tag);
  if (!found) throw new Error(`the page has no <${tag}>`);
  return found;
}

const shadow = (el: LitElement) => el.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const settled = (el: LitElement) => el.hasUpdated && !el.matches(':state(busy)') && !el.isUpdatePending;

/** Replaces the page's fetch: records each call (URL and JSON body) and answers `answer(url)` as JSON. */
function stubPageFetch(page: Page, answer: (url: string) => unknown): { url: string; body: Record<string, unknown> }[] {
  const sent: { url: string; body: Record<string, unknown> }[] = [];
  page.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    sent.push({ url, body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    return new page.Response(JSON.stringify(answer(url)), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  return sent;
}

/** Types into a control of `el`'s form by its name, as autofill does (one input event). */
function fill(page: Page, el: LitElement, name: string, value: string): void {
  const input = shadow(el).querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  input.value = value;
  input.dispatchEvent(new page.InputEvent('input', { bubbles: true, composed: true }));
}

/** The server's HTML of a page, as the browser received it. */
async function serverHtml(name: string): Promise<string> {
  return (await fetch(`/ssr/${name}.server.html`)).text();
}

describe('server rendering and hydration', () => {
  afterEach(() => {
    for (const frame of frames.splice(0)) frame.remove();
  });

  describe('an English page opened from a reset link (?code= in the address)', () => {
    it('the server renders each element in its first state: a form each, the reset code nowhere', async () => {
      const html = await serverHtml('journeys');
      for (const tag of TAGS) expect(new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`).test(html), tag).to.equal(true);
      expect(html.match(/<form /g)).to.have.length(4);
      // forgot-password's first step (the server has no address bar); the relative action is no configuration error.
      for (const words of ['Send reset link', 'Send invitation']) expect(html.includes(words), words).to.equal(true);
      expect(html.includes('not set up correctly'), 'a configuration error').to.equal(false);
      // A relative link as written: the server does not know the page it resolves against.
      expect(/<a part="link" href="\/terms"/.test(html), 'the terms link, relative').to.equal(true);
    });

    it('hydrates all four without a mismatch, then reads the page: the code view, the code gone from the address bar', async () => {
      const page = await openPage('journeys', '?code=link-code-1&keep=1');
      const elements = TAGS.map((tag) => element(page, tag));
      await until(() => elements.every(settled) && !page.location.search.includes('code='));
      expect(page.pageProblems).to.deep.equal([]);
      for (const el of elements) {
        expect(el.hasUpdated, el.localName).to.equal(true);
        expect(shadow(el).querySelectorAll('form'), `${el.localName}: one form`).to.have.length(1);
        expect(text(shadow(el).querySelector('[role="alert"]')), `${el.localName}: no error`).to.equal('');
      }
      // The reset link's code: consumed by the element, removed from the address, the rest kept.
      expect(page.location.search).to.equal('?keep=1');
      const forgot = shadow(element(page, 'nid-forgot-password'));
      expect(forgot.querySelectorAll('input[type="password"]')).to.have.length(2);
      // Hydration keeps the server's attributes: the link the server rendered is the page's own.
      const terms = shadow(element(page, 'nid-register')).querySelector<HTMLAnchorElement>('a[part="link"]')!;
      expect(terms.href).to.equal(new URL('/terms', page.location.href).href);
      expect(text(forgot.querySelector('button[type="submit"]'))).to.equal('Set new password');
    });

    it('the code read after hydration goes with the new password, and not before', async () => {
      const page = await openPage('journeys', '?code=link-code-2');
      const forgot = element(page, 'nid-forgot-password');
      await until(() => settled(forgot) && forgot.shadowRoot!.querySelector('input[type="password"]') !== null);
      const sent = stubPageFetch(page, (url) => (url.includes('/token') ? { access_token: 'access-1', token_type: 'Bearer', expires_in: 300 } : {}));
      fill(page, forgot, 'emailAddress', 'ada@example.com');
      fill(page, forgot, 'password', 'a new passphrase 1');
      fill(page, forgot, 'password_confirm', 'a new passphrase 1');
      const success = new Promise<Event>((resolve) => forgot.addEventListener('nid-success', resolve, { once: true }));
      shadow(forgot).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await success;
      expect(sent.map((call) => new URL(call.url).pathname)).to.deep.equal(['/idp/v1/account/token', '/idp/v1/account/change-password']);
      expect(sent[0]!.body).to.deep.include({ code: 'link-code-2', user_id: 'ada@example.com' });
      expect(page.pageProblems).to.deep.equal([]);
    });

    it('the invite form works after hydration: it posts to its action, resolved against the page', async () => {
      const page = await openPage('journeys');
      const invite = element(page, 'nid-invite-form');
      await until(() => settled(invite));
      const sent = stubPageFetch(page, () => ({ uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
      const root = shadow(invite);
      fill(page, invite, 'emailAddress', 'new.user@example.com');
      fill(page, invite, 'firstName', 'Ada');
      fill(page, invite, 'lastName', 'Lovelace');
      const success = new Promise<Event>((resolve) => invite.addEventListener('nid-success', resolve, { once: true }));
      root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await success;
      expect(sent.map((call) => call.url)).to.deep.equal([new URL('/api/invite', page.location.href).href]);
      expect(sent[0]!.body).to.deep.include({ profile_fields: { emailAddress: 'new.user@example.com', firstName: 'Ada', lastName: 'Lovelace' } });
      await until(() => text(root.querySelector('[role="status"]')).includes('new.user@example.com'));
      expect(text(root.querySelector('[role="status"]'))).to.equal('Invitation sent to new.user@example.com.');
      expect(page.pageProblems).to.deep.equal([]);
    });
  });

  describe('settings from a relative settings-src', () => {
    it('the server renders the wait for them (no form, no configuration error); the browser fetches them and shows their fields', async () => {
      const html = await serverHtml('settings');
      expect(html.match(/<form /g), 'forms').to.equal(null);
      expect(html.includes('not set up correctly'), 'a configuration error').to.equal(false);
      const page = await openPage('settings');
      const register = element(page, 'nid-register');
      await until(() => settled(register) && shadow(register).querySelector('form') !== null);
      expect(page.pageProblems).to.deep.equal([]);
      expect(shadow(register).querySelectorAll('form')).to.have.length(1);
      expect(shadow(register).querySelector('input[name="firstName"]')).to.not.equal(null);
      expect(text(shadow(register).querySelector('[role="alert"]'))).to.equal('');
    });
  });

  describe('an element set up wrongly', () => {
    it('the server and the hydrated element show the configuration error; it is reported once, after hydrating', async () => {
      const html = await serverHtml('broken');
      expect(html.includes('This form is not set up correctly.'), 'the configuration error').to.equal(true);
      const page = await openPage('broken');
      const invite = element(page, 'nid-invite-form');
      await until(() => settled(invite) && page.pageProblems.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(page.pageProblems).to.deep.equal([
        'warn: <nid-invite-form>: invalid or missing configuration: action',
        'nid-error: {"code":"invalid_config"}',
      ]);
      expect(shadow(invite).querySelector('form')).to.equal(null);
      expect(text(shadow(invite).querySelector('[role="alert"]'))).to.equal('This form is not set up correctly. Please contact the site owner.');
    });
  });

  describe('a French page (ui-locales="fr-FR")', () => {
    it('the server draws no English form: each element waits for its language', async () => {
      const html = await serverHtml('french');
      for (const tag of TAGS) expect(new RegExp(`<${tag}[^>]*><template shadowroot="open" shadowrootmode="open">`).test(html), tag).to.equal(true);
      expect(html.match(/<form /g), 'forms').to.equal(null);
    });

    it('hydrates without a mismatch, then speaks French: one form each, no dead English one', async () => {
      const page = await openPage('french');
      const elements = TAGS.map((tag) => element(page, tag));
      await until(() => elements.every((el) => settled(el) && shadow(el).querySelector('form') !== null));
      expect(page.pageProblems).to.deep.equal([]);
      for (const el of elements) {
        expect(shadow(el).querySelectorAll('form'), `${el.localName}: one form`).to.have.length(1);
        expect(el.getAttribute('lang')).to.equal('fr-FR');
      }
      const diag = elements.map((el) => `${el.localName} lang=${el.getAttribute('lang')} busy=${el.matches(':state(busy)')} pending=${el.isUpdatePending} submit=${text(shadow(el).querySelector('button[type="submit"]'))} status=${text(shadow(el).querySelector('[role="status"]'))}`).join('\n');
      expect(text(shadow(element(page, 'nid-register')).querySelector('button[type="submit"]')), diag).to.equal('Créer un compte');
      expect(text(shadow(element(page, 'nid-invite-form')).querySelector('button[type="submit"]'))).to.equal("Envoyer l'invitation");
    });
  });
});
