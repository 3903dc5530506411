/** <nid-register> mobile fields: country select, default country, as-you-type formatting, E.164. */
import { expect } from '@open-wc/testing';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { choose, click, control, errorOf, fill, phoneReady, press, query, settle, type } from '../helpers/user.js';
import { PASSWORD, renderRegister, sentBody } from './register-fixture.js';

/** What the profile sent besides the two passwords. */
function profileWithoutPasswords(call: Parameters<typeof sentBody>[0]): Record<string, unknown> {
  const { newPassword: _password, newPasswordConfirm: _confirmation, ...profile } = sentBody(call).profile_fields;
  return profile;
}

const countrySelect = (el: NidRegister, label = 'Mobile number') => control<HTMLSelectElement>(el, `Country code for ${label}`);
const submitButton = (el: NidRegister) => query<HTMLButtonElement>(el, 'button[type="submit"]');

async function smsForm(extra = ''): Promise<NidRegister> {
  const el = await renderRegister(`auth-type="sms" ${extra}`);
  await phoneReady(el);
  await fill(el, control(el, 'Password'), PASSWORD);
  await fill(el, control(el, 'Confirm password'), PASSWORD);
  return el;
}

describe('<nid-register> mobile number fields', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
  });
  afterEach(() => stub.restore());

  it('offers only mobile_flag_countries, sorted by localized name, with flag and calling code', async () => {
    const el = await smsForm('mobile-flag-countries="US, GB FR"');
    const options = [...countrySelect(el).options].map((option) => option.textContent!.trim());
    // Each calling code is isolated left to right (U+2066 LRI … U+2069 PDI), for right-to-left pages.
    expect(options).to.deep.equal(['🇫🇷 France (\u2066+33\u2069)', '🇬🇧 United Kingdom (\u2066+44\u2069)', '🇺🇸 United States (\u2066+1\u2069)']);
    // No mobile_default_country: step 3, the first entry of the flag list.
    expect(countrySelect(el).value).to.equal('US');
    await expect(el).to.be.accessible();
  });

  it('offers every dialable country when no flag list is set', async () => {
    const el = await smsForm('mobile-default-country="DE"');
    const select = countrySelect(el);
    expect(select.options.length).to.be.greaterThan(200);
    expect(select.value).to.equal('DE');
    expect([...select.options].some((option) => option.value === 'XK' || option.value === 'AC')).to.equal(false);
  });

  it('pre-selects the region of ui-locales when mobile-query-default-flag is set', async () => {
    const el = await smsForm('mobile-query-default-flag ui-locales="en-CA en" mobile-default-country="GB"');
    expect(countrySelect(el).value).to.equal('CA');
  });

  it('skips a ui-locales region outside the flag list and falls back to mobile-default-country', async () => {
    const el = await smsForm('mobile-query-default-flag ui-locales="en-CA" mobile-default-country="GB" mobile-flag-countries="GB FR"');
    expect(countrySelect(el).value).to.equal('GB');
  });

  it('falls back to the region of default-locale, and asks for a country when nothing applies', async () => {
    const el = await smsForm('default-locale="en-IE"');
    expect(countrySelect(el).value).to.equal('IE');
    const none = await smsForm();
    expect(countrySelect(none).value).to.equal('');
    expect(countrySelect(none).options[0]!.textContent!.trim()).to.equal('Country');
  });

  it('formats as the user types and sends E.164', async () => {
    const el = await smsForm('mobile-default-country="GB"');
    const mobile = control(el, 'Mobile number');
    await type(el, mobile, '07400123456');
    expect(mobile.value).to.equal('07400 123456');
    await press(el, 'Enter', mobile);
    expect(profileWithoutPasswords(stub.calls[0])).to.deep.equal({ mobileNumber: '+447400123456' });
  });

  it('lets the user delete a separator without it coming back', async () => {
    const el = await smsForm('mobile-default-country="GB"');
    const mobile = control(el, 'Mobile number');
    await type(el, mobile, '074001');
    expect(mobile.value).to.equal('07400 1');
    await press(el, 'Backspace', mobile);
    await press(el, 'Backspace', mobile);
    expect(mobile.value).to.equal('07400');
  });

  it('follows an international number to its country', async () => {
    const el = await smsForm('mobile-default-country="GB" mobile-flag-countries="GB FR"');
    const mobile = control(el, 'Mobile number');
    await type(el, mobile, '+33612345678');
    expect(countrySelect(el).value).to.equal('FR');
    expect(mobile.value).to.equal('+33 6 12 34 56 78');
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+33612345678');
  });

  it('re-reads the number when the user picks another country', async () => {
    const el = await smsForm('mobile-default-country="GB"');
    await fill(el, control(el, 'Mobile number'), '0612345678');
    await choose(el, countrySelect(el), 'FR');
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+33612345678');
  });

  it('says "Enter a valid mobile number." for a bad number and sends nothing', async () => {
    const el = await smsForm('mobile-default-country="GB"');
    await fill(el, control(el, 'Mobile number'), '0123');
    await click(el, submitButton(el));
    expect(errorOf(el, control(el, 'Mobile number'))).to.equal('Enter a valid mobile number.');
    expect(stub.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses a number from a country outside the flag list', async () => {
    const el = await smsForm('mobile-default-country="GB" mobile-flag-countries="GB"');
    await fill(el, control(el, 'Mobile number'), '+33612345678');
    await click(el, submitButton(el));
    expect(errorOf(el, control(el, 'Mobile number'))).to.equal('Enter a valid mobile number.');
    expect(stub.calls).to.have.length(0);
  });

  it('pre-fills the mobile identifier from an E.164 login hint', async () => {
    const el = await smsForm('login-hint="+447400123456" mobile-default-country="FR"');
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+447400123456');
  });

  it('sends both mobile numbers in E.164 when the email client asks for them', async () => {
    const el = await renderRegister('fields="mobileNumber twoStepMobileNumber*" mobile-default-country="GB"');
    await phoneReady(el);
    await fill(el, control(el, 'Email address'), 'john@example.com');
    await fill(el, control(el, 'Mobile number'), '07400 123456');
    await fill(el, control(el, 'Mobile number for 2-step verification'), '07911 123456');
    await fill(el, control(el, 'Password'), PASSWORD);
    await fill(el, control(el, 'Confirm password'), PASSWORD);
    await click(el, submitButton(el));
    expect(profileWithoutPasswords(stub.calls[0])).to.deep.equal({
      emailAddress: 'john@example.com',
      mobileNumber: '+447400123456',
      twoStepMobileNumber: '+447911123456',
    });
  });

  it('leaves an empty optional mobile field out of the body', async () => {
    const el = await renderRegister('fields="mobileNumber" mobile-default-country="GB"');
    await phoneReady(el);
    await fill(el, control(el, 'Email address'), 'john@example.com');
    await fill(el, control(el, 'Password'), PASSWORD);
    await fill(el, control(el, 'Confirm password'), PASSWORD);
    await click(el, submitButton(el));
    await settle(el);
    expect(profileWithoutPasswords(stub.calls[0])).to.deep.equal({ emailAddress: 'john@example.com' });
  });
});
