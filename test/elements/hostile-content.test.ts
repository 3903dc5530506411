/**
 * A corpus of XSS payloads in every text the elements take from
 * configuration or from the service: custom field labels, security
 * questions, locale lists, consent links, profile values, login hints, and
 * the service's error descriptions and field messages. Nothing executes, no
 * markup is created from them (they show as text), and only https (or
 * loopback http) URLs become links.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { click, fill, root, settle, submitButton } from '../helpers/user.js';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload="window.__xss=3">',
  "'><iframe srcdoc=\"<script>parent.__xss=4</script>\">",
  '<a href="javascript:window.__xss=5">click</a>',
  '{{constructor.constructor("window.__xss=6")()}}',
  '${window.__xss=7}',
  '<style>*{display:none!important}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=8">',
  '\u202E<b>txet</b>\u0000',
];
const BAD_URLS = ['javascript:window.__xss=9', 'data:text/html,<script>window.__xss=10</script>', 'vbscript:msgbox(1)', 'http://example.com/terms', ' javascript:window.__xss=11'];


/** Markup the templates never create: if any shows up, a payload became HTML. */
const FOREIGN = 'script, img, iframe, object, embed, style, math, b, table, link, meta, base, form form';

function expectInert(el: LitElement, where: string): void {
  expect((window as unknown as { __xss?: number }).__xss, `${where}: a payload ran`).to.equal(undefined);
  const shadow = root(el);
  expect([...shadow.querySelectorAll(FOREIGN)].map((node) => node.localName), `${where}: markup from a payload`).to.deep.equal([]);
  const handlers = [...shadow.querySelectorAll('*')].flatMap((node) => [...node.attributes].filter((attribute) => attribute.name.startsWith('on')).map((a) => a.name));
  expect(handlers, `${where}: event handler attributes`).to.deep.equal([]);
  for (const link of shadow.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    const url = new URL(link.href);
    expect(url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost'), `${where}: link to ${link.href}`).to.equal(true);
  }
}

const text = (el: LitElement) => root(el).textContent ?? '';

describe('hostile content', () => {
  let stub: FetchStub;
  afterEach(() => stub?.restore());

  it('<nid-register>: security questions, consent links and every service message', async () => {
    for (const payload of PAYLOADS) {
      stub = stubFetch(() =>
        json(400, {
          error: 'strange_new_error',
          error_description: payload,
          fields: [{ name: 'somethingElse', code: 'weird_code', message: payload }],
        }),
      );
      const el = await renderJourney<LitElement & { settings: unknown }>('nid-register', `${ACCOUNT} fields="securityQuestions:1" terms-url="${BAD_URLS[0]}" privacy-url="${BAD_URLS[1]}"`);
      el.settings = { security_questions: [{ id: 'q', label: { 'en-US': payload } }, { id: payload, label: { 'en-US': 'x' } }] };
      await settle(el);
      expectInert(el, `questions: ${payload}`);
      expect(root(el).querySelector('a'), 'javascript:/data: terms are not links').to.equal(null);
      await fill(el, root(el).querySelector<HTMLInputElement>('input[type="email"]')!, 'ada@example.com');
      for (const password of root(el).querySelectorAll<HTMLInputElement>('input[type="password"]')) await fill(el, password, 'correct horse battery');
      await click(el, submitButton(el));
      expectInert(el, `server messages: ${payload}`);
      expect(text(el), 'the description shows as text').to.contain(payload.slice(0, 12));
      stub.restore();
    }
  });

  it('<nid-register>: only https terms and privacy links become links', async () => {
    stub = stubFetch(() => json(503, {}));
    for (const url of BAD_URLS) {
      const el = await renderJourney<LitElement>('nid-register', `${ACCOUNT} terms-url="${url}" privacy-url="${url}"`);
      expectInert(el, url);
      expect(root(el).querySelector('a'), `${url} is not a link`).to.equal(null);
    }
    const good = await renderJourney<LitElement>('nid-register', `${ACCOUNT} terms-url="https://example.com/terms"`);
    expect(root(good).querySelector<HTMLAnchorElement>('a')!.href).to.equal('https://example.com/terms');
  });

  it('<nid-activate>: a hostile user-id, and the service’s messages about the code', async () => {
    for (const payload of PAYLOADS) {
      stub = stubFetch(() => json(422, { error: 'invalid_form_fields', error_details: { code: [payload], [payload]: [payload] } }));
      const el = await renderJourney<LitElement>('nid-activate', ACCOUNT);
      (el as unknown as { userId: string }).userId = payload;
      await settle(el);
      expectInert(el, `user id: ${payload}`);
      await fill(el, root(el).querySelector<HTMLInputElement>('input[type="email"]')!, 'ada@example.com');
      await fill(el, root(el).querySelector<HTMLInputElement>('input[autocomplete="one-time-code"]')!, '123456');
      await click(el, submitButton(el));
      expectInert(el, `messages: ${payload}`);
      stub.restore();
    }
  });

  it('<nid-forgot-password>: a hostile login hint and the service’s description', async () => {
    for (const payload of PAYLOADS) {
      stub = stubFetch(() => json(422, { error: 'invalid_form_fields', error_description: payload, error_details: { user_id: [payload], elsewhere: [payload] } }));
      const el = await renderJourney<LitElement>('nid-forgot-password', ACCOUNT);
      (el as unknown as { loginHint: string }).loginHint = payload;
      await settle(el);
      expectInert(el, `login hint: ${payload}`);
      await fill(el, root(el).querySelector<HTMLInputElement>('input[type="email"]')!, 'ada@example.com');
      await click(el, submitButton(el));
      expectInert(el, `description: ${payload}`);
      stub.restore();
    }
  });

  it('<nid-invite-form>: custom field labels (text and localized), locales and the helper’s messages', async () => {
    for (const payload of PAYLOADS) {
      stub = stubFetch(() => json(422, { error: 'invalid_form_fields', error_details: { elsewhere: [payload] } }));
      const el = await renderJourney<LitElement & { fields: unknown; settings: unknown }>('nid-invite-form', 'action="/api/invite"');
      el.fields = [
        { name: 'a', type: 'checkbox', label: payload },
        { name: 'b', type: 'text', label: { 'en-US': payload } },
        { name: payload, type: 'text', label: 'c' },
      ];
      el.settings = { supported_locales: [payload, 'en-US'] };
      await settle(el);
      expectInert(el, `labels: ${payload}`);
      await fill(el, root(el).querySelector<HTMLInputElement>('input[type="email"]')!, 'ada@example.com');
      for (const input of root(el).querySelectorAll<HTMLInputElement>('input[type="text"]')) await fill(el, input, 'x');
      await click(el, submitButton(el));
      expectInert(el, `messages: ${payload}`);
      stub.restore();
    }
  });
});
