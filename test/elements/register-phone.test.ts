/**
 * <nid-register> mobile fields: the country trigger and its list, default
 * country, as-you-type formatting, E.164. (Issue #16 turned the native
 * select into a trigger button and a searchable list: the same behaviour is
 * read through them; the picker itself is test/elements/phone-picker.test.ts.)
 */
import { expect } from '@open-wc/testing';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { click, control, errorOf, fill, phoneReady, press, query, settle, type } from '../helpers/user.js';
import { countryCodes, countryName, countryOptions, openCountries, pickCountry } from '../phone/picker.js';
import { PASSWORD, renderRegister, sentBody } from './register-fixture.js';

/** What the profile sent besides the two passwords. */
function profileWithoutPasswords(call: Parameters<typeof sentBody>[0]): Record<string, unknown> {
  const { newPassword: _password, newPasswordConfirm: _confirmation, ...profile } = sentBody(call).profile_fields;
  return profile;
}

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

  it('offers mobile_flag_countries first, in the client’s order, then every other country by localized name', async () => {
    const el = await smsForm('mobile-flag-countries="US, GB FR"');
    // No mobile_default_country: step 3, the first entry of the flag list.
    expect(countryName(el)).to.equal('United States +1');
    await expect(el).to.be.accessible();
    await openCountries(el);
    const options = countryOptions(el);
    expect(options.slice(0, 3)).to.deep.equal(['United States +1', 'United Kingdom +44', 'France +33']);
    const rest = options.slice(3).map((option) => option.replace(/ \+\d+$/, ''));
    expect(rest).to.have.length.greaterThan(200);
    expect(rest).to.deep.equal([...rest].sort(new Intl.Collator('en').compare));
    expect(rest).to.not.include('France');
  });

  it('offers every dialable country when no flag list is set', async () => {
    const el = await smsForm('mobile-default-country="DE"');
    expect(countryName(el)).to.equal('Germany +49');
    await openCountries(el);
    const codes = countryCodes(el);
    expect(codes.length).to.be.greaterThan(200);
    expect(codes.some((code) => code === 'XK' || code === 'AC')).to.equal(false);
  });

  it('pre-selects the region of ui-locales when mobile-query-default-flag is set', async () => {
    const el = await smsForm('mobile-query-default-flag ui-locales="en-CA en" mobile-default-country="GB"');
    expect(countryName(el)).to.equal('Canada +1');
  });

  it('skips a ui-locales region outside the flag list and falls back to mobile-default-country', async () => {
    const el = await smsForm('mobile-query-default-flag ui-locales="en-CA" mobile-default-country="GB" mobile-flag-countries="GB FR"');
    expect(countryName(el)).to.equal('United Kingdom +44');
  });

  it('falls back to the region of default-locale, and asks for a country when nothing applies', async () => {
    const el = await smsForm('default-locale="en-IE"');
    expect(countryName(el)).to.equal('Ireland +353');
    const none = await smsForm();
    expect(countryName(none)).to.equal('Country');
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
    expect(countryName(el)).to.equal('France +33');
    expect(mobile.value).to.equal('+33 6 12 34 56 78');
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+33612345678');
  });

  it('re-reads the number when the user picks another country', async () => {
    const el = await smsForm('mobile-default-country="GB"');
    await fill(el, control(el, 'Mobile number'), '0612345678');
    await pickCountry(el, 'FR');
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

  it('takes a number from a country outside the flag list, which only comes first (issue #16)', async () => {
    const el = await smsForm('mobile-default-country="GB" mobile-flag-countries="GB"');
    await fill(el, control(el, 'Mobile number'), '+33612345678');
    expect(countryName(el)).to.equal('France +33');
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+33612345678');
  });

  it('pre-fills the mobile identifier from an E.164 login hint: its country and its national number', async () => {
    const el = await smsForm('login-hint="+447400123456" mobile-default-country="FR"');
    expect(countryName(el)).to.equal('United Kingdom +44');
    expect(control(el, 'Mobile number').value).to.equal('07400 123456');
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
