/**
 * The journeys in the user's language: the locale chosen from `ui-locales`,
 * its messages loaded on first use, right-to-left for Arabic and Hebrew,
 * a switch at runtime that keeps what the user typed, and the service's
 * error codes in the active language.
 */
import { expect } from '@open-wc/testing';
import '../../src/forgot-password.js';
import type { NidForgotPassword } from '../../src/elements/forgot-password/nid-forgot-password.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { alertText, click, control, errorOf, fill, phoneReady, query, root, settle, submitButton, type } from '../helpers/user.js';
import { PASSWORD, fillValid, renderRegister } from './register-fixture.js';
import { countryOptions, openCountries } from '../phone/picker.js';

/** What each locale's user reads for a few of the form's texts (from locales/*.xlf). */
const SEEN = {
  'en-US': { email: 'Email address', password: 'Password', submit: 'Create account', direction: 'ltr' },
  'de-DE': { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Konto erstellen', direction: 'ltr' },
  'ja-JP': { email: 'メールアドレス', password: 'パスワード', submit: 'アカウントを作成', direction: 'ltr' },
  ar: { email: 'عنوان البريد الإلكتروني', password: 'كلمة المرور', submit: 'إنشاء حساب', direction: 'rtl' },
} as const;

const ENGLISH = SEEN['en-US'];

const texts = (el: NidRegister) => root(el).textContent!.replace(/\s+/g, ' ');

describe('localization', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
  });
  afterEach(() => stub.restore());

  let englishError = '';
  for (const [locale, seen] of Object.entries(SEEN)) {
    it(`renders <nid-register> in ${locale}: labels, button, lang and direction, accessible`, async () => {
      const el = await renderRegister(`ui-locales="${locale}" fields="firstName gender"`);
      expect(el.lang).to.equal(locale);
      expect(el.dir).to.equal(seen.direction);
      expect(getComputedStyle(control(el, seen.password)).direction).to.equal(seen.direction);
      expect(control(el, seen.email).type).to.equal('email');
      expect(submitButton(el).textContent!.trim()).to.equal(seen.submit);
      if (locale !== 'en-US') {
        for (const english of [ENGLISH.email, ENGLISH.password, ENGLISH.submit, 'First name', 'Gender', 'Female']) {
          expect(texts(el), `"${english}" left in English`).not.to.contain(english);
        }
      }
      await expect(el).to.be.accessible();

      // A client-side error, in the same language, and still accessible.
      await click(el, submitButton(el));
      const error = errorOf(el, control(el, seen.email));
      expect(error).to.not.equal('');
      if (locale === 'en-US') englishError = error;
      else expect(error).to.not.equal(englishError);
      await expect(el).to.be.accessible();
    });
  }

  it('resolves the closest shipped locale: fr-BE reads fr-FR, es-AR reads es-MX, an unknown one English', async () => {
    for (const [asked, shown] of [
      ['fr-BE', 'fr-FR'],
      ['es-AR', 'es-MX'],
      ['xx-YY de-AT', 'de-DE'],
      ['tlh', 'en-US'],
    ]) {
      const el = await renderRegister(`ui-locales="${asked}"`);
      expect(el.lang, asked).to.equal(shown);
    }
  });

  it('follows the page’s ui_locales, then default_locale, within supported_locales', async () => {
    const original = location.href;
    try {
      // One element at a time: the page has one language (the last element to resolve one sets it).
      history.replaceState(null, '', '?ui_locales=ja');
      const fromPage = await renderRegister();
      expect(fromPage.lang).to.equal('ja-JP');
      fromPage.remove();
      history.replaceState(null, '', original);
      const fromSettings = await renderRegister('default-locale="de-CH"');
      expect(fromSettings.lang).to.equal('de-DE');
      fromSettings.remove();
      const restricted = await renderRegister('ui-locales="it-IT fr-FR"', { settings: { supported_locales: ['fr-FR', 'en-US'] } });
      expect(restricted.lang).to.equal('fr-FR');
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('switches language at runtime and keeps every typed value, the password included', async () => {
    const el = await renderRegister('fields="firstName"');
    await fillValid(el, 'ada@example.com');
    await fill(el, control(el, 'First name'), 'Ada');

    el.uiLocales = 'de-DE';
    await settle(el);
    expect(el.lang).to.equal('de-DE');
    expect(control(el, 'E-Mail-Adresse').value).to.equal('ada@example.com');
    expect(control(el, 'Vorname').value).to.equal('Ada');
    expect(control(el, 'Passwort').value).to.equal(PASSWORD);
    expect(control(el, 'Passwort bestätigen').value).to.equal(PASSWORD);

    el.uiLocales = 'ar';
    await settle(el);
    expect(el.dir).to.equal('rtl');
    expect(control(el, SEEN.ar.email).value).to.equal('ada@example.com');

    el.uiLocales = '';
    await settle(el);
    expect(el.lang).to.equal('en-US');
    expect(el.dir).to.equal('ltr');
    expect(control(el, 'First name').value).to.equal('Ada');
    await click(el, submitButton(el));
    expect(stub.calls, 'the form is still complete and submits').to.have.length(1);
  });

  it('shows the service’s error codes in the active language', async () => {
    const answers: [string, () => Response][] = [
      ['service_unavailable', () => json(503, { error: 'service_unavailable' })],
      ['server_error', () => json(500, { error: 'server_error' })],
      ['malformed_response', () => raw(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' })],
      ['invalid_form_fields', () => json(422, { error: 'invalid_form_fields', error_details: { nickname: ['Nickname is not valid.'] } })],
      ['bad_request', () => json(400, { error: 'http_exception', error_description: 'Invalid json format' })],
      ['network_error', () => Response.error()],
    ];
    for (const [code, answer] of answers) {
      const shown: Record<string, string> = {};
      for (const locale of ['en-US', 'de-DE']) {
        stub.respond(answer);
        const el = await renderRegister(`ui-locales="${locale}"`);
        await fillAnyLanguage(el);
        await click(el, submitButton(el));
        shown[locale] = alertText(el);
      }
      expect(shown['de-DE'], code).to.not.equal('');
      expect(shown['de-DE'], code).to.not.equal(shown['en-US']);
    }

    stub.respond(() => json(422, { error: 'invalid_form_fields', error_details: { emailAddress: ['An account with this identifier already exists.'] } }));
    const el = await renderRegister('ui-locales="de-DE"');
    await fillAnyLanguage(el);
    await click(el, submitButton(el));
    expect(errorOf(el, control(el, 'E-Mail-Adresse'))).to.equal('Es gibt bereits ein Konto mit diesen Angaben.');

    stub.respond(() => json(422, { error: 'invalid_form_fields', error_details: { code: ['The code is not valid or has expired.'] } }));
    const original = location.href;
    history.replaceState(null, '', `?code=reset-code-1`);
    const forgot = await renderJourney<NidForgotPassword>('nid-forgot-password', `${ACCOUNT} user-id="ada@example.com" ui-locales="de-DE"`);
    history.replaceState(null, '', original);
    for (const input of root(forgot).querySelectorAll<HTMLInputElement>('input[type="password"]')) await fill(forgot, input, PASSWORD);
    await click(forgot, submitButton(forgot));
    expect(alertText(forgot)).to.equal('Dieser Link ist abgelaufen.');
    await expect(forgot).to.be.accessible();
  });

  it('leaves the lang and dir the page’s author set on the element, and sets them otherwise', async () => {
    const el = await renderRegister('ui-locales="ar" lang="en-GB" dir="ltr"');
    expect(control(el, SEEN.ar.email)).to.exist; // the form speaks Arabic...
    expect([el.getAttribute('lang'), el.getAttribute('dir')]).to.deep.equal(['en-GB', 'ltr']); // ...the author's attributes stay
    const own = await renderRegister('ui-locales="ar"');
    expect([own.getAttribute('lang'), own.getAttribute('dir')]).to.deep.equal(['ar', 'rtl']);
    own.uiLocales = 'de-DE';
    await settle(own);
    expect([own.getAttribute('lang'), own.getAttribute('dir')]).to.deep.equal(['de-DE', 'ltr']);
  });

  it('names the countries of the mobile field in the active language, in its alphabetical order', async () => {
    // Issue #16: the list is a button and a listbox; the client's countries come first, in its order, then the rest.
    const el = await renderRegister('ui-locales="de-DE" auth-type="sms" mobile-flag-countries="US GB FR DE"');
    await phoneReady(el);
    await openCountries(el, 'Mobilnummer');
    const names = countryOptions(el).map((option) => option.replace(/ \+\d+$/, ''));
    const german = new Intl.DisplayNames(['de-DE'], { type: 'region' });
    expect(names.slice(0, 4)).to.deep.equal(['US', 'GB', 'FR', 'DE'].map((code) => german.of(code)!));
    const rest = names.slice(4);
    expect(rest).to.deep.equal([...rest].sort(new Intl.Collator('de-DE').compare));
    expect(rest).to.include('Österreich');
    expect(names.join()).to.contain('Deutschland');
  });

  it('mirrors the layout right to left, with phone numbers and emails still left to right', async () => {
    const el = await renderRegister('ui-locales="he" auth-type="sms" fields="emailAddress" mobile-default-country="IL"');
    await phoneReady(el);
    const phone = root(el).querySelector<HTMLInputElement>('input[type="tel"]')!;
    const email = root(el).querySelector<HTMLInputElement>('input[type="email"]')!;
    expect(getComputedStyle(phone).direction).to.equal('ltr');
    expect(getComputedStyle(email).direction).to.equal('ltr');

    // The show/hide toggle sits at the inline end: left of its input in right-to-left text.
    const password = root(el).querySelector<HTMLInputElement>('input[type="password"]')!;
    const toggle = query(el, 'button.toggle');
    expect(toggle.getBoundingClientRect().right).to.be.at.most(password.getBoundingClientRect().left + 1);
    // The country trigger comes first in reading order: right of the number.
    const country = query(el, 'button[part~="country"]');
    expect(country.getBoundingClientRect().left).to.be.at.least(phone.getBoundingClientRect().right - 1);
    await type(el, phone, '050 123 4567');
    await expect(el).to.be.accessible();
  });
});

/** The default form's email and both passwords, found by type whatever the language. */
async function fillAnyLanguage(el: NidRegister): Promise<void> {
  await fill(el, query<HTMLInputElement>(el, 'input[type="email"]'), 'ada@example.com');
  for (const password of root(el).querySelectorAll<HTMLInputElement>('input[type="password"]')) await fill(el, password, PASSWORD);
}
