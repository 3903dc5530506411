/**
 * The theming contract, as documented in the custom elements manifest (the
 * JSDoc `@csspart` and `@cssproperty` tags): every documented part is on the
 * page in some state of its element and every part on the page is
 * documented; every documented `--nid-*` property changes what is drawn.
 * Plus the dark theme, by attribute and by the user's preference.
 *
 * Reads dist/custom-elements.json: `npm run build` (npm test builds first).
 */
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../src/index.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { elementApis, type ElementApi } from '../helpers/manifest.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { button, click, control, fill, phoneReady, query, root, settle, submitButton } from '../helpers/user.js';
import { fillValid, renderRegister } from './register-fixture.js';

const partsOf = (el: LitElement) => [...root(el).querySelectorAll('[part]')].flatMap((node) => node.getAttribute('part')!.split(/\s+/));

const QUESTIONS = [{ id: 'pet', label: { 'en-US': 'What was the name of your first pet?' } }];
describe('theming contract', () => {
  let stub: FetchStub;
  let documented: Map<string, ElementApi>;
  before(async () => {
    documented = await elementApis();
  });
  beforeEach(() => {
    stub = stubFetch(() => json(503, { error: 'service_unavailable' }));
  });
  afterEach(() => stub.restore());

  /** Every state of each element that shows parts the others do not: each returns the parts seen. */
  const journeys: Record<string, () => Promise<string[]>> = {
    'nid-register': async () => {
      const seen: string[] = [];
      const full = await renderRegister('fields="firstName* gender mobileNumber securityQuestions*:1" terms-url="https://example.com/terms"', {
        settings: { security_questions: QUESTIONS },
      });
      await phoneReady(full);
      await click(full, submitButton(full));
      seen.push(...partsOf(full));
      stub.respond(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
      const sent = await renderRegister();
      await fillValid(sent);
      await click(sent, submitButton(sent));
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '60' }));
      await click(sent, button(sent, 'Send the email again'));
      seen.push(...partsOf(sent));
      return seen;
    },
    'nid-activate': async () => {
      const seen: string[] = [];
      const sms = await renderJourney<LitElement>('nid-activate', `${ACCOUNT} auth-type="sms" mobile-default-country="GB"`);
      await phoneReady(sms);
      await click(sms, submitButton(sms)); // empty: errors on the fields
      stub.respond(() => json(429, { error: 'too_many_requests' }, { 'Retry-After': '60' }));
      await fill(sms, control(sms, 'Mobile number'), '07400 123456');
      await click(sms, button(sms, 'Send a new code'));
      seen.push(...partsOf(sms));
      stub.respond(() => json(200, { access_token: 'at-1' }));
      const verified = await renderJourney<LitElement>('nid-activate', `${ACCOUNT} user-id="ada@example.com" sign-in-url="https://app.example.com/sign-in"`);
      await fill(verified, control(verified, 'Verification code'), '123456');
      await click(verified, submitButton(verified));
      seen.push(...partsOf(verified));
      return seen;
    },
    'nid-forgot-password': async () => {
      const seen: string[] = [];
      const sms = await renderJourney<LitElement>('nid-forgot-password', `${ACCOUNT} auth-type="sms" mobile-default-country="GB"`);
      await phoneReady(sms);
      await click(sms, submitButton(sms));
      seen.push(...partsOf(sms));
      stub.respond(() => json(200, {}));
      const sent = await renderJourney<LitElement>('nid-forgot-password', ACCOUNT);
      await fill(sent, control(sent, 'Email address'), 'ada@example.com');
      await click(sent, submitButton(sent));
      stub.respond(() => json(429, { error: 'too_many_requests' }, { 'Retry-After': '60' }));
      await click(sent, query(sent, '[part~="secondary-action"]'));
      seen.push(...partsOf(sent));
      history.replaceState(null, '', '?code=link-code-1');
      stub.respond((call) => (call.url.includes('/token') ? json(200, { access_token: 'at-1' }) : json(200, {})));
      const reset = await renderJourney<LitElement>('nid-forgot-password', `${ACCOUNT} user-id="ada@example.com" sign-in-url="https://app.example.com/sign-in"`);
      history.replaceState(null, '', location.pathname);
      seen.push(...partsOf(reset));
      await fill(reset, control(reset, 'New password'), 'a long and lovely passphrase');
      await fill(reset, control(reset, 'Confirm new password'), 'a long and lovely passphrase');
      await click(reset, submitButton(reset));
      seen.push(...partsOf(reset));
      return seen;
    },
    'nid-invite-form': async () => {
      const seen: string[] = [];
      const form = await renderJourney<LitElement & { fields: unknown }>('nid-invite-form', 'action="/api/invite" auth-types="email sms" mobile-default-country="GB"');
      form.fields = ['firstName*', 'mobileNumber', { name: 'b2b', type: 'checkbox', label: 'B2B' }];
      await settle(form);
      await phoneReady(form);
      await click(form, submitButton(form));
      seen.push(...partsOf(form));
      stub.respond(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
      await fill(form, control(form, 'Email address'), 'ada@example.com');
      await fill(form, control(form, 'First name'), 'Ada');
      await click(form, submitButton(form));
      seen.push(...partsOf(form));
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '60' }));
      await fill(form, control(form, 'Email address'), 'grace@example.com');
      await fill(form, control(form, 'First name'), 'Grace');
      await click(form, submitButton(form));
      seen.push(...partsOf(form));
      return seen;
    },
  };

  for (const [tag, journey] of Object.entries(journeys)) {
    it(`<${tag}>: every documented part appears, and only documented parts`, async () => {
      const contract = documented.get(tag);
      expect(contract, `${tag} in the manifest`).to.not.equal(undefined);
      const seen = new Set(await journey());
      expect([...contract!.parts].filter((part) => !seen.has(part)), 'documented but never rendered').to.deep.equal([]);
      expect([...seen].filter((part) => !contract!.parts.includes(part)), 'rendered but not documented').to.deep.equal([]);
    });
  }

  it('documents the same --nid-* properties on every element, each one used by the styles', async () => {
    const lists = [...documented.values()].map((entry) => [...entry.cssProperties].sort());
    expect(lists).to.have.length(4);
    for (const list of lists) expect(list).to.deep.equal(lists[0]);
    expect(lists[0]!.length).to.be.greaterThan(10);
  });

  /** What a custom property can change, read from every node of the shadow root and the host. */
  const DRAWN = [
    'color', 'background-color', 'border-top-color', 'border-left-color', 'border-right-color', 'outline-color',
    'outline-width', 'accent-color', 'font-family', 'font-size', 'border-top-left-radius', 'row-gap', 'max-width',
  ];
  const drawn = (el: LitElement) =>
    [el, ...root(el).querySelectorAll('*')].map((node) => DRAWN.map((name) => getComputedStyle(node).getPropertyValue(name)).join('|')).join('\n');
  const sentinel = (property: string) =>
    /color/.test(property) ? { value: 'rgb(1, 2, 3)', shows: 'rgb(1, 2, 3)' } : /font-family/.test(property) ? { value: 'NidSentinel', shows: 'NidSentinel' } : { value: '13px', shows: '13px' };

  it('every documented --nid-* property changes what is drawn', async () => {
    const properties = documented.get('nid-register')!.cssProperties;
    // A state that shows nearly everything: server errors (alert, invalid field), a focused input, hints, the buttons.
    stub.respond(() =>
      json(422, { error: 'invalid_form_fields', error_details: { emailAddress: ['Email address is not formatted correctly.'], nickname: ['Nickname is not valid.'] } }),
    );
    const failed = await renderRegister('fields="firstName gender"');
    await fillValid(failed);
    await click(failed, submitButton(failed));
    stub.respond(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
    const succeeded = await renderRegister();
    await fillValid(succeeded);
    await click(succeeded, submitButton(succeeded));

    const unused: string[] = [];
    for (const property of properties) {
      const { value, shows } = sentinel(property);
      let used = false;
      for (const el of [failed, succeeded] as NidRegister[]) {
        root(el).querySelector<HTMLElement>('input, button')!.focus(); // for the focus ring (input:focus always shows it)
        if (drawn(el).includes(shows)) throw new Error(`${shows} is already drawn: choose another sentinel`);
        el.style.setProperty(property, value);
        used ||= drawn(el).includes(shows);
        el.style.removeProperty(property);
      }
      if (!used) unused.push(property);
    }
    expect(unused, 'documented properties that change nothing').to.deep.equal([]);
  });

  const background = (el: LitElement) => getComputedStyle(el).backgroundColor;

  it('turns dark with theme="dark", and stays light with theme="light"', async () => {
    const el = await renderRegister();
    expect(background(el)).to.equal('rgb(255, 255, 255)');
    el.setAttribute('theme', 'dark');
    expect(background(el)).to.equal('rgb(13, 17, 23)');
    expect(getComputedStyle(submitButton(el)).backgroundColor).to.equal('rgb(138, 180, 248)');
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'light');
    expect(background(el)).to.equal('rgb(255, 255, 255)');
  });

  it('follows a dark preference unless theme="light" (where the browser can emulate one)', async function (this: Mocha.Context) {
    const el = await renderRegister();
    try {
      await emulateMedia({ colorScheme: 'dark' });
    } catch {
      this.skip(); // Firefox over BiDi and WebKit over WebDriver cannot emulate prefers-color-scheme
    }
    try {
      expect(background(el)).to.equal('rgb(13, 17, 23)');
      await expect(el).to.be.accessible();
      el.setAttribute('theme', 'light');
      expect(background(el)).to.equal('rgb(255, 255, 255)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
