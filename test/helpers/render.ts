/** Renders a journey element as a page would, and waits until it is ready for the user. */
import { fixture } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { html, unsafeStatic } from 'lit/static-html.js';
import { transportModule } from '../../src/api/load-transport.js';
import { settle } from './user.js';

/** The service the element tests talk to (through a fetch stub), and the attributes every journey needs. */
export const BASE = 'https://id.example.com';
export const CLIENT = `base-domain="${BASE}" client-id="client-1"`;
export const REDIRECT_URI = 'https://app.example.com/callback';
/** What register, activate and forgot-password need: every account call names its redirect_uri. */
export const ACCOUNT = `${CLIENT} redirect-uri="${REDIRECT_URI}"`;

/**
 * `<tag attributes>` inside a wrapper whose listener hears `nid-submit`,
 * `nid-success` and `nid-error` from the very first render (a configuration
 * error is reported then, before this returns).
 */
export async function renderJourney<T extends LitElement>(tag: string, attributes: string, onEvent?: (event: Event) => void): Promise<T> {
  const listener = onEvent ?? (() => undefined);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div @nid-error=${listener} @nid-submit=${listener} @nid-success=${listener}>
      <${unsafeStatic(tag)} ${unsafeStatic(attributes)}></${unsafeStatic(tag)}>
    </div>`,
  );
  const el = wrapper.querySelector<T>(tag)!;
  await transportModule.load(); // as if the user had moved into the form already (the element fetches it then)
  await settle(el);
  return el;
}
