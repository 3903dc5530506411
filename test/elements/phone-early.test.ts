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
import { phoneReady, root } from '../helpers/user.js';
import { countryTrigger } from '../phone/picker.js';
import './register-fixture.js';

describe('phone field: before the phone chunk arrives', () => {
  it('keeps the number input the user is typing in when the chunk arrives', async () => {
    expect(phoneModule.loaded === undefined, 'the chunk is not in yet').to.equal(true);
    // Its first render only (no waiting for timers): the chunk's import() has just started, and a fetch takes a task at least.
    const host = document.createElement('div');
    host.innerHTML = `<nid-register ${ACCOUNT} auth-type="sms" mobile-default-country="GB"></nid-register>`;
    document.body.append(host);
    const el = host.firstElementChild as NidRegister;
    await el.updateComplete;
    expect(phoneModule.loaded === undefined, 'the chunk is still on its way').to.equal(true);
    const before = root(el).querySelector<HTMLInputElement>('input[type="tel"]')!;
    expect(countryTrigger(el).disabled).to.equal(true);
    expect(countryTrigger(el).textContent!.trim()).to.equal('Loading…');
    before.focus();
    await phoneReady(el);
    expect(root(el).querySelector('input[type="tel"]') === before, 'the same input element').to.equal(true);
    expect(root(el).activeElement === before, 'focus stays in it').to.equal(true);
    expect(countryTrigger(el).getAttribute('aria-label')).to.equal('United Kingdom +44');
    host.remove();
  });
});
