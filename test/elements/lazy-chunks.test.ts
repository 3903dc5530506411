/**
 * The lazy chunks come when they are needed: the phone chunk
 * (libphonenumber-js) once a phone field is shown; the transport chunk (zod,
 * the schemas, fetch) with the user's first move in the form. Their own test
 * file, so that they run in a fresh page with nothing loaded yet.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/register.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { transportModule } from '../../src/api/load-transport.js';
import { control, phoneReady, settle } from '../helpers/user.js';
import { BASE } from './register-fixture.js';

const requested = (pattern: RegExp) =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => pattern.test(name));
const PHONE = /libphonenumber|\/phone\/phone\./;
const TRANSPORT = /\/api\/transport\.|\/zod\//;

describe('lazy chunks', () => {
  it('fetch the transport with the first focus in the form, and the phone chunk once a phone field is shown', async () => {
    const el = await fixture<NidRegister>(
      html`<nid-register base-domain=${BASE} client-id="c" redirect-uri="https://app.example.com/cb" fields="firstName lastName gender"></nid-register>`,
    );
    await settle(el);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(transportModule.loaded, 'nothing fetched for a form only looked at').to.equal(undefined);
    expect(requested(TRANSPORT)).to.deep.equal([]);
    expect(requested(PHONE)).to.deep.equal([]);

    control(el, 'First name').focus();
    // Not load(): that would fetch it itself. The focus alone must bring it.
    await waitUntil(() => transportModule.loaded !== undefined, 'the focus fetched the transport chunk', { timeout: 5000 });
    expect(requested(TRANSPORT).length).to.be.greaterThan(0);
    expect(requested(PHONE)).to.deep.equal([]);

    el.setAttribute('fields', 'firstName mobileNumber');
    await settle(el);
    await phoneReady(el);
    expect(requested(PHONE).length).to.be.greaterThan(0);
  });
});
