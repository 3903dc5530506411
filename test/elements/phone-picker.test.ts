/**
 * The phone field's country picker (issue #16): image flags, the compact
 * trigger, the searchable list (WAI-ARIA APG combobox with listbox popup)
 * with the keyboard alone, axe in each state, right to left, a 320 px
 * screen, and what pasting or typing an international number does.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { click, control, errorOf, fill, focused, phoneReady, root, settle, submitButton, type } from '../helpers/user.js';
import { countryCodes, countryFilter, countryName, countryOptions, countryTrigger, openCountries } from '../phone/picker.js';
import { PASSWORD, renderRegister, sentBody } from './register-fixture.js';

/** An sms client's form in a page language: the passwords are left empty. */
async function localizedForm(extra: string): Promise<NidRegister> {
  const el = await renderRegister(`auth-type="sms" ${extra}`);
  await phoneReady(el);
  return el;
}

async function smsForm(extra = ''): Promise<NidRegister> {
  const el = await localizedForm(extra);
  await fill(el, control(el, 'Password'), PASSWORD);
  await fill(el, control(el, 'Confirm password'), PASSWORD);
  return el;
}

/** Keys one at a time, as a person types (see helpers/user.ts, `type`). */
async function keys(el: NidRegister, text: string): Promise<void> {
  for (const character of text) await sendKeys({ type: character });
  await settle(el);
}
async function pressKey(el: NidRegister, key: string): Promise<void> {
  await sendKeys({ press: key });
  await settle(el);
}

const isOpen = (el: NidRegister) => root(el).querySelector('.countries') !== null;
const liveText = (el: NidRegister) => root(el).querySelector('.countries [aria-live="polite"]')?.textContent?.trim() ?? '';
const activeOption = (el: NidRegister) => {
  const id = countryFilter(el).getAttribute('aria-activedescendant');
  return id ? id.replace(/^.*-cc-/, '') : undefined;
};

describe('phone field: country picker (issue #16)', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
  });
  afterEach(() => stub.restore());

  describe('the trigger', () => {
    it('shows a flag image that loaded (not text) and the calling code, with the country name as accessible name and tooltip', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      const trigger = countryTrigger(el);
      const image = trigger.querySelector('img')!;
      expect(image, 'an <img> flag').to.exist;
      expect(new URL(image.src).pathname).to.match(/\/flags\/gb\.svg$/);
      expect(image.alt).to.equal('');
      if (!image.complete) await new Promise((resolve) => image.addEventListener('load', resolve, { once: true }));
      expect(image.naturalWidth, 'the flag file loaded').to.be.greaterThan(0);
      expect(image.getBoundingClientRect().width).to.be.greaterThan(10);
      expect(trigger.textContent!.replace(/\s+/g, '')).to.equal('+44');
      expect(trigger.getAttribute('aria-label')).to.equal('United Kingdom +44');
      expect(trigger.title).to.equal('United Kingdom');
      expect(trigger.getAttribute('aria-expanded')).to.equal('false');
      const rect = trigger.getBoundingClientRect();
      expect(rect.width).to.be.at.least(24);
      expect(rect.height).to.be.at.least(24);
    });

    it('flags="none" draws no image: the ISO code and the calling code', async () => {
      const el = await smsForm('mobile-default-country="GB" flags="none"');
      expect(countryTrigger(el).querySelector('img') === null, 'no image').to.equal(true);
      expect(countryTrigger(el).textContent!.replace(/\s+/g, '')).to.equal('GB+44');
      expect(countryTrigger(el).getAttribute('aria-label'), 'the visible text in the name').to.equal('United Kingdom GB +44');
      await openCountries(el);
      expect(root(el).querySelector('[role="option"] img') === null, 'no image in the list').to.equal(true);
    });

    it('the flags property turns the images off and on again (a framework sets it after the first render)', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      expect(countryTrigger(el).querySelector('img'), 'an image at first').to.not.equal(null);
      el.flags = 'none';
      await settle(el);
      expect(countryTrigger(el).querySelector('img') === null, 'no image once set').to.equal(true);
      el.flags = undefined;
      await settle(el);
      expect(countryTrigger(el).querySelector('img'), 'the image is back').to.not.equal(null);
    });

    it('keeps type="tel" on the number, with tel-national, and tel while the number carries its country', async () => {
      const el = await renderRegister('fields="mobileNumber" mobile-default-country="GB"');
      await phoneReady(el);
      const mobile = control(el, 'Mobile number');
      expect(mobile.type).to.equal('tel');
      expect(mobile.getAttribute('autocomplete')).to.equal('tel-national');
      await fill(el, mobile, '+33 6 12');
      expect(mobile.getAttribute('autocomplete')).to.equal('tel');
    });
  });

  describe('the list, with the keyboard alone', () => {
    it('finds a country by search: Enter on the trigger, type, Enter; the count is announced and focus comes back', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      countryTrigger(el).focus();
      await pressKey(el, 'Enter');
      expect(countryTrigger(el).getAttribute('aria-expanded')).to.equal('true');
      expect(focused(el)?.id).to.equal(countryFilter(el).id);
      expect(activeOption(el), 'the chosen country is active').to.equal('GB');
      await keys(el, 'germ');
      expect(countryCodes(el)).to.deep.equal(['DE']);
      expect(liveText(el)).to.equal('Countries found: 1');
      await pressKey(el, 'Enter');
      expect(countryName(el)).to.equal('Germany +49');
      expect(isOpen(el), 'the list is closed').to.equal(false);
      expect(focused(el)?.id).to.equal(countryTrigger(el).id);
      expect(stub.calls, 'Enter in the list submits nothing').to.have.length(0);
    });

    it('moves with the arrows, Home and End, and chooses with Enter', async () => {
      const el = await smsForm('mobile-default-country="GB" mobile-flag-countries="GB FR DE"');
      countryTrigger(el).focus();
      await pressKey(el, 'ArrowDown');
      expect(focused(el)?.id).to.equal(countryFilter(el).id);
      expect(activeOption(el)).to.equal('GB');
      await pressKey(el, 'ArrowDown');
      expect(activeOption(el)).to.equal('FR');
      await pressKey(el, 'ArrowDown');
      expect(activeOption(el)).to.equal('DE');
      await pressKey(el, 'ArrowDown'); // the first of the rest, after the separator
      expect(activeOption(el)).to.equal(countryCodes(el)[3]);
      await pressKey(el, 'End');
      expect(activeOption(el)).to.equal(countryCodes(el).at(-1));
      await pressKey(el, 'Home');
      expect(activeOption(el)).to.equal('GB');
      await pressKey(el, 'ArrowUp'); // stays on the first
      expect(activeOption(el)).to.equal('GB');
      await pressKey(el, 'ArrowDown');
      await pressKey(el, 'Enter');
      expect(countryName(el)).to.equal('France +33');
      expect(focused(el)?.id).to.equal(countryTrigger(el).id);
    });

    it('Escape closes without choosing and gives focus back to the trigger', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      countryTrigger(el).focus();
      await pressKey(el, 'Enter');
      await keys(el, 'fr');
      await pressKey(el, 'Escape');
      expect(isOpen(el), 'the list is closed').to.equal(false);
      expect(countryName(el)).to.equal('United Kingdom +44');
      expect(focused(el)?.id).to.equal(countryTrigger(el).id);
    });

    it('type-ahead: a letter on the trigger opens the list filtered by it', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      countryTrigger(el).focus();
      await keys(el, 'n');
      expect(countryFilter(el).value).to.equal('n');
      await keys(el, 'orw');
      expect(countryCodes(el)[0]).to.equal('NO');
      await pressKey(el, 'Enter');
      expect(countryName(el)).to.equal('Norway +47');
    });

    it('closes when focus leaves it (Tab to the number)', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      await openCountries(el);
      countryFilter(el).focus();
      await pressKey(el, 'Tab');
      expect(isOpen(el), 'the list is closed').to.equal(false);
    });
  });

  describe('the filter', () => {
    it('matches the localized name, the English name, the ISO code and the calling code, ignoring accents and case', async () => {
      const el = await localizedForm('ui-locales="de-DE" mobile-default-country="DE"');
      await openCountries(el, 'Mobilnummer');
      expect(countryFilter(el).getAttribute('aria-label'), 'the picker speaks the page’s language').to.equal('Länder durchsuchen');
      const shown = async (query: string) => {
        const filter = countryFilter(el);
        filter.value = query;
        filter.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
        await settle(el);
        return countryCodes(el);
      };
      expect((await shown('deutsch'))[0]).to.equal('DE');
      expect((await shown('GERMANY'))[0]).to.equal('DE');
      expect(await shown('de')).to.include('DE');
      expect((await shown('+49'))[0]).to.equal('DE');
      expect((await shown('49'))[0]).to.equal('DE');
      expect(await shown('+4')).to.include.members(['DE', 'GB', 'CH']);
      expect(await shown('cote d')).to.include('CI'); // Côte d’Ivoire
      expect(await shown('ALAND')).to.include('AX'); // Ålandinseln / Åland Islands
      expect(await shown('österreich')).to.deep.equal(['AT']);
    });

    it('says so when nothing matches, and the list is axe-clean open, filtered and empty', async function (this: Mocha.Context) {
      this.timeout(60_000); // axe over 240 options takes a while on a shared machine
      const el = await smsForm('mobile-default-country="GB" mobile-flag-countries="GB FR"');
      await openCountries(el);
      await expect(el).to.be.accessible();
      await keys(el, 'united');
      expect(countryCodes(el)).to.include.members(['GB', 'US', 'AE']);
      expect(liveText(el)).to.match(/^Countries found: \d+$/);
      await expect(el).to.be.accessible();
      await keys(el, 'xyz');
      expect(countryCodes(el)).to.deep.equal([]);
      expect(root(el).querySelector('.countries .empty')!.textContent!.trim()).to.equal('No country matches your search.');
      expect(liveText(el)).to.equal('Countries found: 0');
      expect(countryFilter(el).getAttribute('aria-expanded')).to.equal('false');
      const controls = countryTrigger(el).getAttribute('aria-controls')!;
      expect(root(el).getElementById(controls) !== null, 'the trigger controls the open panel, list or not').to.equal(true);
      await expect(el).to.be.accessible();
    });
  });

  describe('layout', () => {
    let wide: () => Promise<void> = async () => undefined;
    afterEach(async () => wide());

    /** A 320 px wide viewport; WebKitWebDriver cannot resize one, so there the page's body is 320 px wide instead. */
    async function narrow(): Promise<void> {
      const webkit = /AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent);
      if (!webkit) {
        await setViewport({ width: 320, height: 640 });
        wide = () => setViewport({ width: 800, height: 600 });
      } else {
        document.body.style.cssText = 'inline-size: 320px; margin: 0';
        wide = async () => void (document.body.style.cssText = '');
      }
    }

    it('fits a 320 px wide screen: the list stays inside it and scrolls, each option at least 24 px high', async () => {
      await narrow();
      const el = await smsForm('mobile-default-country="GB"');
      await openCountries(el);
      const list = root(el).querySelector<HTMLElement>('[role="listbox"]')!;
      const box = list.getBoundingClientRect();
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(320);
      expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
      for (const option of [...list.querySelectorAll('[role="option"]')].slice(0, 5)) {
        const rect = option.getBoundingClientRect();
        expect(rect.height).to.be.at.least(24);
        expect(rect.right).to.be.at.most(320);
      }
      expect(document.body.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
    });

    it('mirrors right to left: the trigger right of the number, each option’s flag right of its name', async () => {
      const el = await localizedForm('ui-locales="he" mobile-default-country="IL"');
      const trigger = countryTrigger(el, 'מספר טלפון נייד');
      const number = root(el).querySelector<HTMLInputElement>('input[type="tel"]')!;
      expect(trigger.getBoundingClientRect().left).to.be.at.least(number.getBoundingClientRect().right - 1);
      await click(el, trigger);
      const option = root(el).querySelector('[role="option"]')!;
      expect(option.querySelector('img')!.getBoundingClientRect().left).to.be.at.least(option.querySelector('.name')!.getBoundingClientRect().right - 1);
    });
  });

  describe('typing and pasting', () => {
    it('a pasted international number picks its country and leaves the national number', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      const mobile = control(el, 'Mobile number');
      await fill(el, mobile, '+49 1512 3456789');
      expect(countryName(el)).to.equal('Germany +49');
      expect(mobile.value).to.equal('01512 3456789');
      await fill(el, mobile, '+1 (415) 555-2671');
      expect(countryName(el)).to.equal('United States +1');
      await fill(el, mobile, '+44 7624 123456');
      expect(countryName(el), 'a Crown Dependency, from the number').to.equal('Isle of Man +44');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+447624123456');
    });

    it('typing 0049 … turns into +49 … and picks Germany', async () => {
      const el = await smsForm('mobile-default-country="GB"');
      const mobile = control(el, 'Mobile number');
      await type(el, mobile, '004915123456789');
      expect(countryName(el)).to.equal('Germany +49');
      expect(mobile.value).to.equal('+49 1512 3456789');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+4915123456789');
    });

    for (const [what, text] of [
      ['letters', 'call me maybe'],
      ['emoji', '📞📞📞'],
      ['40 digits', '1234567890123456789012345678901234567890'],
      ['an unrelated paste', 'Dear Sir, my number is 07400 123456'],
      ['an unknown calling code', '+999 123 4567'],
    ]) {
      it(`bad input (${what}) stays editable, shows a field error at submit and sends nothing`, async () => {
        const el = await smsForm('mobile-default-country="GB"');
        const mobile = control(el, 'Mobile number');
        await fill(el, mobile, text!);
        expect(mobile.value).to.not.equal('');
        expect(mobile.readOnly || mobile.disabled).to.equal(false);
        await click(el, submitButton(el));
        expect(errorOf(el, mobile)).to.equal('Enter a valid mobile number.');
        expect(stub.calls).to.have.length(0);
        await fill(el, mobile, '07400 123456');
        await click(el, submitButton(el));
        expect(sentBody(stub.calls[0]).profile_fields.mobileNumber).to.equal('+447400123456');
      });
    }
  });
});
