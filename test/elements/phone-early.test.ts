/**
 * The phone field before its chunk arrives (issue #16): the number input the
 * user may already be typing in stays the same element when the chunk comes
 * and the country trigger replaces its "Loading…" placeholder. (Its own file:
 * the chunk, once loaded, stays loaded for the page.)
 */
import { expect } from '@open-wc/testing';
import { phoneModule } from '../../src/phone/load-phone.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { ACCOUNT } from '../helpers/render.js';
import { phoneReady, root, settle } from '../helpers/user.js';
import { countryTrigger } from '../phone/picker.js';
import './register-fixture.js';

describe('phone field: before the phone chunk arrives', () => {
  it('keeps the number input the user is typing in when the chunk arrives', async () => {
    expect(phoneModule.loaded === undefined, 'the chunk is not in yet').to.equal(true);
    // The chunk arrives when the test says so: a cached chunk can otherwise come before the first render ends.
    const load = phoneModule.load.bind(phoneModule);
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => (arrive = resolve));
    phoneModule.load = () => gate.then(load);
    try {
      const host = document.createElement('div');
      host.innerHTML = `<nid-register ${ACCOUNT} auth-type="sms" mobile-default-country="GB"></nid-register>`;
      document.body.append(host);
      const el = host.firstElementChild as NidRegister;
      await settle(el);
      expect(phoneModule.loaded === undefined, 'the chunk is still on its way').to.equal(true);
      const before = root(el).querySelector<HTMLInputElement>('input[type="tel"]')!;
      expect(countryTrigger(el).disabled).to.equal(true);
      expect(countryTrigger(el).textContent!.trim()).to.equal('Loading…');
      before.focus();
      arrive();
      await phoneReady(el);
      expect(root(el).querySelector('input[type="tel"]') === before, 'the same input element').to.equal(true);
      expect(root(el).activeElement === before, 'focus stays in it').to.equal(true);
      expect(countryTrigger(el).getAttribute('aria-label')).to.equal('United Kingdom +44');
      host.remove();
    } finally {
      phoneModule.load = load;
      arrive();
    }
  });
});
