/**
 * The mobile-number field in each of its states (issue #16), inside
 * `<nid-register auth-type="sms">`, where the number is the identifier: the
 * compact trigger (flag image, calling code), the list open, filtered and
 * with no match, without flag images, a pasted international number, and a
 * number that is not one. The list's play functions press and type as a
 * visitor does; the catalogue check runs axe on each state.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type LitElement } from 'lit';
import { userEvent } from 'storybook/test';
import '../src/register.js';
import { registerArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import { created, journeysApi, storyService } from './support/story-service.js';
import { journeyIn, showsErrorOn, submit } from './support/user.js';

/** Waits until `done` holds in the element's shadow root (the phone chunk, a locale, a re-render). */
async function until(el: LitElement, what: string, done: (root: ParentNode) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done(el.renderRoot)) {
    if (Date.now() > deadline) throw new Error(`<${el.localName}> ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await el.updateComplete;
}

/** The journey once its phone field works: the phone chunk is in, the trigger enabled and its flag loaded. */
async function phoneField(canvasElement: HTMLElement): Promise<LitElement> {
  const el = await journeyIn(canvasElement);
  await until(el, 'has no country trigger', (root) => root.querySelector('button[part~="country"]:not([disabled])') !== null);
  await until(el, 'does not load its flag', (root) => root.querySelector<HTMLImageElement>('button[part~="country"] img')?.complete ?? true);
  return el;
}

/**
 * Waits until the list's flags stop arriving: the browser fetches only those
 * near the visible options (loading="lazy"), so "all complete" never comes;
 * the same count for half a second does (the catalogue check counts a flag
 * still in flight when the page closes as a failed request).
 */
async function flagsSettled(el: LitElement): Promise<void> {
  const loaded = () => [...el.renderRoot.querySelectorAll<HTMLImageElement>('[role="option"] img')].filter((img) => img.complete).length;
  let last = -1;
  let stable = 0;
  for (const deadline = Date.now() + 10_000; stable < 3 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = loaded();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

const trigger = (el: LitElement) => el.renderRoot.querySelector<HTMLButtonElement>('button[part~="country"]')!;

/** Opens the list with a click, as a pointer user does. */
async function openList(el: LitElement): Promise<void> {
  await userEvent.click(trigger(el));
  await until(el, 'does not open its list', (root) => root.querySelector('input[role="combobox"]') !== null);
  await flagsSettled(el);
}

/** Types into the list's filter (focus is there once it is open). */
async function filter(el: LitElement, text: string): Promise<void> {
  await userEvent.type(el.renderRoot.querySelector<HTMLInputElement>('input[role="combobox"]')!, text);
  await el.updateComplete;
  await flagsSettled(el);
}

const meta = {
  title: 'Fields/Mobile number',
  component: 'nid-register',
  args: {
    'base-domain': storyService('phone-field', journeysApi({ register: created })),
    'client-id': 'storybook-client',
    'redirect-uri': 'https://app.example.com/verified',
    'auth-type': 'sms',
    fields: '',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: { ...registerArgTypes, flags: { control: 'inline-radio', options: ['', 'none'] } },
  render: (args) => html`<nid-register ${journeyArgs(args)}></nid-register>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

/** Closed: the flag of the default country and its calling code; the country's name is the trigger's name and tooltip. */
export const Closed: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => {
    await phoneField(canvasElement);
  },
};

/** Open: the client's countries (`mobile-flag-countries`) first, then every other one by name; the filter has focus. */
export const Open: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => openList(await phoneField(canvasElement)),
};

/** Filtered: "united" matches names in the page's language and in English; the count is announced. */
export const Filtered: Story = {
  play: async ({ canvasElement }) => {
    const el = await phoneField(canvasElement);
    await openList(el);
    await filter(el, 'united');
  },
};

/** By calling code: "+1" (or "1") lists the countries that share it. */
export const ByCallingCode: Story = {
  play: async ({ canvasElement }) => {
    const el = await phoneField(canvasElement);
    await openList(el);
    await filter(el, '+1');
  },
};

/** No match: the list says so, and the combobox is collapsed. */
export const NoMatch: Story = {
  play: async ({ canvasElement }) => {
    const el = await phoneField(canvasElement);
    await openList(el);
    await filter(el, 'xyz');
  },
};

/** Every country, none preferred: one list in the locale's collation order. */
export const AllCountries: Story = {
  args: { 'mobile-flag-countries': undefined, 'mobile-default-country': 'DE' },
  play: async ({ canvasElement }) => openList(await phoneField(canvasElement)),
};

/** `flags="none"`: no images; the trigger shows the ISO code beside the calling code. */
export const WithoutFlags: Story = {
  args: { flags: 'none' },
  play: async ({ canvasElement }) => openList(await phoneField(canvasElement)),
};

/** A pasted international number: its country is chosen (Germany) and the rest formatted as a national number. */
export const PastedNumber: Story = {
  play: async ({ canvasElement }) => {
    const el = await phoneField(canvasElement);
    const number = el.renderRoot.querySelector<HTMLInputElement>('input[name="mobileNumber"]')!;
    // What a paste does to the input (user-event's paste() does not reach an input inside a shadow root).
    number.focus();
    number.value = '+49 1512 3456789';
    number.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: number.value }));
    await until(el, 'does not pick Germany', () => trigger(el).getAttribute('aria-label')?.endsWith('+49') ?? false);
  },
};

/** A number that is not one (letters): the field stays editable and says so when the form is sent; nothing is sent. */
export const NotANumber: Story = {
  play: async ({ canvasElement }) => {
    const el = await phoneField(canvasElement);
    await userEvent.type(el.renderRoot.querySelector<HTMLInputElement>('input[name="mobileNumber"]')!, 'call me');
    await submit(el);
    await showsErrorOn(el, 'mobileNumber');
  },
};

/** Right to left (Hebrew): the trigger sits at the inline start, the flags at the start of each option. */
export const RightToLeft: Story = {
  // The locale toolbar sets ui-locales (.storybook/preview.ts): this story's locale is Hebrew.
  globals: { locale: 'he' },
  args: { 'mobile-default-country': 'IL', 'mobile-flag-countries': 'IL GB US' },
  play: async ({ canvasElement }) => openList(await phoneField(canvasElement)),
};
