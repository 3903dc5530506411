/**
 * The keyboard alone: Tab reaches every control of each element in reading
 * order, each with a visible focus ring and a target of at least 24x24 CSS
 * px (WCAG 2.2 2.4.7, 2.4.11, 2.5.8); a journey is completed by typing,
 * Space and Enter, without a pointer.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { phoneReady, root, settle, statusText } from '../helpers/user.js';

const TABBABLE = 'input:not([hidden]):not([type="hidden"]), select, button, a[href], [tabindex="0"]';

/** Types text one key at a time into whatever has focus (see user.ts `type`). */
async function typeKeys(text: string): Promise<void> {
  for (const character of text) await sendKeys({ type: character });
}

/** The element with focus, inside shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Tabs from a button placed before the element until focus leaves it,
 * checking each stop's focus ring and size; returns the stops.
 */
async function tabThrough(el: LitElement, before: HTMLElement): Promise<Element[]> {
  before.focus();
  const stops: Element[] = [];
  for (let step = 0; step < 60; step++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    if (!active || !root(el).contains(active)) break;
    stops.push(active);
    const style = getComputedStyle(active);
    const label = `${active.localName}${active.getAttribute('part') ? `[part=${active.getAttribute('part')}]` : ''} #${stops.length}`;
    expect(style.outlineStyle, `${label}: focus ring`).to.not.equal('none');
    expect(parseFloat(style.outlineWidth), `${label}: ring width`).to.be.at.least(2);
    // WCAG 2.5.8 exempts inline targets: a link inside a sentence ("I accept the terms") keeps the line height.
    if (active.localName === 'a') continue;
    const box = active.getBoundingClientRect();
    expect(Math.round(box.width), `${label}: target width`).to.be.at.least(24);
    expect(Math.round(box.height), `${label}: target height`).to.be.at.least(24);
  }
  return stops;
}

/**
 * Renders `<button>before</button><tag …><button>after</button>`: Tab starts
 * on the first and ends on the last, so focus never leaves the page for the
 * browser's own controls (Firefox's document would lose focus, and with it
 * every :focus style).
 */
async function withButtonBefore(tag: string, attributes: string): Promise<{ el: LitElement; before: HTMLButtonElement }> {
  const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
  const el = await renderJourney<LitElement>(tag, attributes);
  await fixture(html`<button>after</button>`);
  return { el, before };
}

describe('keyboard operation', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
  });
  afterEach(() => stub.restore());

  const layouts: [string, string][] = [
    ['nid-register', `${ACCOUNT} fields="firstName* gender mobileNumber" mobile-default-country="GB" terms-url="https://example.com/terms"`],
    ['nid-forgot-password', ACCOUNT],
    ['nid-invite-form', 'action="/api/invite" auth-types="email sms" fields="firstName mobileNumber" mobile-default-country="GB"'],
  ];
  for (const [tag, attributes] of layouts) {
    it(`<${tag}>: Tab visits every control in reading order, each with a focus ring and a 24x24 target`, async () => {
      const { el, before } = await withButtonBefore(tag, attributes);
      await phoneReady(el);
      const stops = await tabThrough(el, before);
      // Radio buttons are one stop (arrow keys move within the group).
      const expected = [...root(el).querySelectorAll<HTMLElement>(TABBABLE)].filter(
        (control) => !(control instanceof HTMLInputElement && control.type === 'radio' && !control.checked),
      );
      expect(stops.map((stop) => stop.outerHTML.slice(0, 80))).to.deep.equal(expected.map((control) => control.outerHTML.slice(0, 80)));
    });
  }

  it('<nid-register>: registers with the keyboard alone', async () => {
    const { el, before } = await withButtonBefore('nid-register', `${ACCOUNT} fields="firstName*" terms-url="https://example.com/terms"`);
    before.focus();
    await sendKeys({ press: 'Tab' });
    await typeKeys('ada@example.com');
    await sendKeys({ press: 'Tab' });
    await typeKeys('Ada');
    await sendKeys({ press: 'Tab' });
    await typeKeys('correct horse');
    await sendKeys({ press: 'Tab' }); // the show/hide toggle
    await sendKeys({ type: ' ' });
    expect(root(el).querySelector<HTMLInputElement>('input[autocomplete="new-password"]')!.type, 'Space on the toggle shows the password').to.equal('text');
    await sendKeys({ press: 'Tab' });
    await typeKeys('correct horse');
    await sendKeys({ press: 'Tab' }); // its toggle
    await sendKeys({ press: 'Tab' }); // the terms checkbox
    await sendKeys({ type: ' ' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(stub.calls).to.have.length(1);
    expect(statusText(el)).to.contain('Check your email');
  });

  it('<nid-forgot-password>: asks for a link with the keyboard alone', async () => {
    stub.respond(() => json(200, {}));
    const { el, before } = await withButtonBefore('nid-forgot-password', ACCOUNT);
    before.focus();
    await sendKeys({ press: 'Tab' });
    await typeKeys('ada@example.com');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(stub.calls).to.have.length(1);
    expect(statusText(el)).to.contain('ada@example.com');
  });

  it('<nid-activate>: verifies with the keyboard alone', async () => {
    stub.respond(() => json(200, { access_token: 'at-1' }));
    const { el, before } = await withButtonBefore('nid-activate', ACCOUNT);
    before.focus();
    await sendKeys({ press: 'Tab' }); // the email address
    await typeKeys('ada@example.com');
    await sendKeys({ press: 'Tab' }); // the code
    await typeKeys('123456');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(stub.calls).to.have.length(1);
    expect(statusText(el)).to.equal('Your account is verified.');
  });

  it('<nid-invite-form>: invites with the keyboard alone, choosing the mobile method with the arrow keys', async () => {
    stub.respond(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
    const { el, before } = await withButtonBefore('nid-invite-form', 'action="/api/invite" auth-types="email sms" mobile-default-country="GB"');
    await phoneReady(el);
    before.focus();
    await sendKeys({ press: 'Tab' }); // the method radio group: email is checked
    await sendKeys({ press: 'ArrowDown' }); // → mobile
    await settle(el);
    await phoneReady(el);
    await sendKeys({ press: 'Tab' }); // the country select (GB)
    await sendKeys({ press: 'Tab' }); // the number
    await typeKeys('07400123456');
    await sendKeys({ press: 'Tab' }); // first name, then last name (required by default)
    await typeKeys('Ada');
    await sendKeys({ press: 'Tab' });
    await typeKeys('Lovelace');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(stub.calls).to.have.length(1);
    expect(statusText(el)).to.contain('Invitation sent');
  });
});
