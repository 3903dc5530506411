/** A configured `<nid-register>` and a valid registration, for the register tests. */
import { ACCOUNT, BASE, renderJourney } from '../helpers/render.js';
import '../../src/register.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { control, fill, settle } from '../helpers/user.js';

export { BASE };
export const REGISTER_URL = `${BASE}/idp/v1/account/register`;
export const RESEND_URL = `${BASE}/idp/v1/account/resend-verification`;

/** Renders the element with the attributes it needs plus `extra` attributes. */
export async function renderRegister(extra = '', props: Partial<NidRegister> = {}): Promise<NidRegister> {
  const el = await renderJourney<NidRegister>('nid-register', `${ACCOUNT} ${extra}`);
  Object.assign(el, props);
  await settle(el);
  return el;
}

export const PASSWORD = 'correct horse battery';

/** Fills the default form (email + password twice) with valid values. */
export async function fillValid(el: NidRegister, email = 'john.smith@example.com', password = PASSWORD): Promise<void> {
  await fill(el, control(el, 'Email address'), email);
  await fill(el, control(el, 'Password'), password);
  await fill(el, control(el, 'Confirm password'), password);
}

export { sentBody } from '../helpers/fetch-stub.js';
