/**
 * The phone chunk (libphonenumber-js) is requested only once a phone field is
 * shown. Its own test file, so that it runs in a fresh page.
 */
import { expect } from '@open-wc/testing';
import { phoneReady, settle } from '../helpers/user.js';
import { renderRegister } from './register-fixture.js';

const phoneRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.includes('libphonenumber') || name.includes('/phone/phone.'));

describe('<nid-register> lazy phone chunk', () => {
  it('is not requested without a phone field, and is once one is shown', async () => {
    const el = await renderRegister('fields="firstName lastName gender companyName"');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phoneRequests()).to.deep.equal([]);

    el.setAttribute('fields', 'firstName mobileNumber');
    await settle(el);
    await phoneReady(el);
    expect(phoneRequests().length).to.be.greaterThan(0);
  });
});
