/** A configured `<nid-forgot-password>`, the page URL and navigation it touches, for the forgot-password tests. */
import '../../src/forgot-password.js';
import type { NidForgotPassword } from '../../src/elements/forgot-password/nid-forgot-password.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';

/** CLIENT (base domain and client id), ACCOUNT (everything both steps need): the element tests' shared attributes. */
export { BASE, CLIENT, ACCOUNT } from '../helpers/render.js';
import { BASE } from '../helpers/render.js';

export { spyConsole } from '../helpers/console.js';

export const FORGOT_URL = `${BASE}/idp/v1/account/forgot-password`;
export const TOKEN_URL = `${BASE}/idp/v1/account/token`;
export const CHANGE_URL = `${BASE}/idp/v1/account/change-password`;
export const REDIRECT = 'https://app.example.com/callback';

export const SENT = (email: string) => `If an account exists for ${email}, we have sent a link to reset your password.`;
export const SENT_CODE = (number: string) => `If an account exists for ${number}, we have sent a code to reset your password.`;
export const SEED_503 = 'We are unable to process your request right now. Please try again later.';
export const GENERIC = 'Something went wrong. Please try again.';
export const EXPIRED = 'This link has expired.';
export const NOT_SET_UP = 'This form is not set up correctly. Please contact the site owner.';

/**
 * Renders the element with exactly these attributes (use ACCOUNT or CLIENT, plus
 * extras). `onEvent` hears the events of the very first render too (a
 * configuration error is reported then, before the fixture returns).
 */
export function renderForgot(attributes = ACCOUNT, onEvent?: (event: Event) => void): Promise<NidForgotPassword> {
  return renderJourney<NidForgotPassword>('nid-forgot-password', attributes, onEvent);
}

/** Puts `?query` in the address bar, as the emailed link does; `restoreUrl()` undoes it. */
const originalUrl = location.href;
export function openLink(search: string): void {
  history.replaceState(null, '', search);
}
export function restoreUrl(): void {
  history.replaceState(null, '', originalUrl);
}

export { submitButton } from '../helpers/user.js';

export { sentBody } from '../helpers/fetch-stub.js';

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (rendering as it goes) until `done()` holds, or `timeout` ms; the assertions that follow say what is wrong. */
export async function until(el: { updateComplete: Promise<unknown> }, done: () => boolean, timeout = 3000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!done() && Date.now() < deadline) {
    await wait(20);
    await el.updateComplete;
  }
  await el.updateComplete;
}
