/** A configured `<nid-invite-form>` and what its tests share. */
import { fixture } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import '../../src/invite-form.js';
import type { NidInviteForm } from '../../src/elements/invite-form/nid-invite-form.js';
import { transportModule } from '../../src/api/load-transport.js';
import { json } from '../helpers/fetch-stub.js';
import { query, settle } from '../helpers/user.js';

/** The integrator's own route, relative to the page as an integrator writes it. */
export const ACTION = '/api/invite';
export const ACTION_URL = new URL(ACTION, location.href).href;
export const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
export const INVITED = () => json(200, { uuid: UUID });
export const NOT_SET_UP = 'This form is not set up correctly. Please contact the site owner.';

/**
 * Renders the element with exactly these attributes. `onEvent` hears the
 * events of the very first render too (a configuration error is reported then).
 */
export async function renderInvite(attributes = `action="${ACTION}"`, onEvent?: (event: Event) => void): Promise<NidInviteForm> {
  const listener = onEvent ?? (() => undefined);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div @nid-error=${listener} @nid-submit=${listener} @nid-success=${listener}>
      <nid-invite-form ${unsafeStatic(attributes)}></nid-invite-form>
    </div>`,
  );
  const el = wrapper.querySelector('nid-invite-form')!;
  await transportModule.load();
  await settle(el);
  return el;
}

export const submitButton = (el: NidInviteForm) => query<HTMLButtonElement>(el, 'button[type="submit"]');

export function sentBody(call: { body: BodyInit | null | undefined } | undefined): Record<string, any> {
  if (!call || typeof call.body !== 'string') throw new Error('no JSON request was sent');
  return JSON.parse(call.body) as Record<string, any>;
}
