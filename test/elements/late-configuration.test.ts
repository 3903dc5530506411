/**
 * Frameworks configure an element after creating it (issue #14.3): Angular
 * creates it with `document.createElement`, inserts it, then sets its
 * bindings, some of them a microtask later; React sets properties in an
 * effect. None of that may read as a missing configuration: `nid-error`
 * `invalid_config` waits until the first update's microtask has passed, and
 * only an element still unconfigured then reports it, once.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { BASE, REDIRECT_URI } from '../helpers/render.js';
import { alertText, root, settle } from '../helpers/user.js';

type Journey = LitElement & Record<string, unknown>;

/** What each journey needs, as properties (a framework's bindings). */
const CONFIG: Record<string, Record<string, string>> = {
  'nid-register': { baseDomain: BASE, clientId: 'client-1', redirectUri: REDIRECT_URI },
  'nid-activate': { baseDomain: BASE, clientId: 'client-1', redirectUri: REDIRECT_URI },
  'nid-forgot-password': { baseDomain: BASE, clientId: 'client-1', redirectUri: REDIRECT_URI },
  'nid-invite-form': { action: '/api/invite' },
};

/** Creates and inserts the element as Angular does, listening for `nid-error` from the start. */
function create(tag: string, errors: string[]): Journey {
  const el = document.createElement(tag) as Journey;
  el.addEventListener('nid-error', (event) => errors.push(JSON.stringify(event.detail)));
  document.body.append(el);
  return el;
}

describe('configuration set by a framework after creating the element', () => {
  let stub: FetchStub;
  const made: HTMLElement[] = [];
  beforeEach(() => {
    stub = stubFetch(() => json(500, {}));
  });
  afterEach(() => {
    stub.restore();
    for (const el of made.splice(0)) el.remove();
  });

  for (const [tag, config] of Object.entries(CONFIG)) {
    const entries = Object.entries(config);

    it(`<${tag}>: bindings set right after inserting it, some of them in a microtask: no nid-error`, async () => {
      const errors: string[] = [];
      const el = create(tag, errors);
      made.push(el);
      const [first, ...rest] = entries;
      el[first![0]] = first![1];
      queueMicrotask(() => {
        for (const [key, value] of rest) el[key] = value;
      });
      await settle(el);
      expect(errors).to.deep.equal([]);
      expect(alertText(el)).to.equal('');
      expect(root(el).querySelector('form')).to.not.equal(null);
    });

    it(`<${tag}>: bindings all set a microtask after inserting it: no nid-error`, async () => {
      const errors: string[] = [];
      const el = create(tag, errors);
      made.push(el);
      await Promise.resolve();
      for (const [key, value] of entries) el[key] = value;
      await settle(el);
      expect(errors).to.deep.equal([]);
      expect(root(el).querySelector('form')).to.not.equal(null);
    });

    it(`<${tag}>: never configured, it reports invalid_config once`, async () => {
      const errors: string[] = [];
      const el = create(tag, errors);
      made.push(el);
      await settle(el);
      el.requestUpdate(); // another update with the same problems says nothing more
      await settle(el);
      expect(errors).to.deep.equal([JSON.stringify({ code: 'invalid_config' })]);
      expect(alertText(el)).to.equal('This form is not set up correctly. Please contact the site owner.');
    });
  }
});
