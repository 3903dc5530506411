/** <nid-invite-form>: sign-in methods, custom fields, languages, and the configuration it refuses (credentials first). */
import { expect } from '@open-wc/testing';
import type { NidInviteForm } from '../../src/elements/invite-form/nid-invite-form.js';
import { spyConsole } from '../helpers/console.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { alertText, click, control, fill, phoneReady, query, root, serialiseEvent, settle, type } from '../helpers/user.js';
import { INVITED, NOT_SET_UP, renderInvite, sentBody, submitButton } from './invite-form-fixture.js';

const SECRET = 'sk_live_do-not-leak-4242';

describe('<nid-invite-form> configuration', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(INVITED);
  });
  afterEach(() => stub.restore());

  describe('sign-in method', () => {
    it('offers email or mobile when auth-types has both, and invites by mobile number in E.164', async () => {
      const el = await renderInvite(`action="/api/invite" auth-types="email sms" mobile-default-country="GB"`);
      const byEmail = control(el, 'With their email address');
      const byMobile = control(el, 'With their mobile number');
      expect(byEmail.type).to.equal('radio');
      expect(byEmail.checked).to.equal(true);
      expect(root(el).querySelector('legend')?.textContent).to.equal('How will they sign in?');
      await expect(el).to.be.accessible();

      await click(el, byMobile);
      await phoneReady(el);
      expect(() => control(el, 'Email address'), 'the identifier follows the method').to.throw();
      await fill(el, control(el, 'First name'), 'Ada');
      await fill(el, control(el, 'Last name'), 'Lovelace');
      await type(el, control(el, 'Mobile number'), '07400 123456');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0])).to.deep.include({
        auth_type: 'sms',
        profile_fields: { mobileNumber: '+447400123456', firstName: 'Ada', lastName: 'Lovelace' },
      });
      expect(control(el, 'With their mobile number').checked, 'the method stays chosen for the next one').to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('shows no choice for one method, and uses auth-type', async () => {
      const el = await renderInvite(`action="/api/invite" auth-type="sms" auth-types="sms"`);
      expect(root(el).querySelector('input[type="radio"]')).to.equal(null);
      await phoneReady(el);
      expect(control(el, 'Mobile number').type).to.equal('tel');
    });
  });

  describe('fields', () => {
    it('renders the configured profile fields and custom ones, sent as strings', async () => {
      // en-GB: the custom label has no en-GB entry and falls back to en-US.
      const el = await renderInvite(`action="/api/invite" ui-locales="en-GB"`);
      el.fields = [
        { name: 'firstName', required: true },
        'companyName',
        { name: 'resourceAccessB2b', type: 'checkbox', label: { 'en-US': 'Access to B2B resources', 'de-DE': 'Zugang' } },
        { name: 'costCentre', type: 'text', label: 'Cost centre', required: true },
        { name: 'securityQuestions', required: true }, // only the user can answer these
        { name: 'typo' }, // no type: not a field
      ];
      await settle(el);
      expect(() => control(el, 'Last name')).to.throw();
      expect(root(el).querySelector('[name^="securityQuestions"]')).to.equal(null);
      expect(root(el).querySelector('[name="typo"]')).to.equal(null);
      const b2b = control(el, 'Access to B2B resources');
      expect(b2b.type).to.equal('checkbox');
      await expect(el).to.be.accessible();

      await fill(el, control(el, 'Email address'), 'ada@example.com');
      await fill(el, control(el, 'First name'), 'Ada');
      await click(el, submitButton(el));
      expect(stub.calls, 'the required custom field is checked').to.have.length(0);
      await fill(el, control(el, 'Cost centre'), ' CC-7 ');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).profile_fields).to.deep.equal({
        emailAddress: 'ada@example.com',
        firstName: 'Ada',
        resourceAccessB2b: 'false',
        costCentre: 'CC-7',
      });

      await fill(el, control(el, 'Email address'), 'grace@example.com');
      await fill(el, control(el, 'First name'), 'Grace');
      await fill(el, control(el, 'Cost centre'), 'CC-8');
      await click(el, control(el, 'Access to B2B resources'));
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[1]).profile_fields.resourceAccessB2b).to.equal('true');
    });

    it('renders a hostile custom label as text', async () => {
      const el = await renderInvite();
      el.fields = [{ name: 'x', type: 'checkbox', label: '<img src=x onerror="window.__pwned=1">' }];
      await settle(el);
      expect(root(el).querySelector('img')).to.equal(null);
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
      expect(control(el, '<img src=x onerror="window.__pwned=1">').type).to.equal('checkbox');
    });
  });

  describe('languages', () => {
    it('starts from ui-locales, by language when the region is not offered', async () => {
      const el = await renderInvite(`action="/api/invite" ui-locales="pt-AO"`);
      expect(control<HTMLSelectElement>(el, 'Idioma').value).to.equal('pt-PT');
    });

    it('offers only the settings’ supported_locales, by their own names', async () => {
      const el = await renderInvite(`action="/api/invite" ui-locales="fr-CA"`);
      el.settings = { supported_locales: ['fr-FR', 'ja-JP'] };
      await settle(el);
      const language = control<HTMLSelectElement>(el, 'Langue'); // the form speaks fr-FR too
      expect([...language.options].map((option) => [option.value, option.textContent])).to.deep.equal([
        ['fr-FR', 'Français (France)'],
        ['ja-JP', '日本語 (日本)'],
      ]);
      expect(language.value).to.equal('fr-FR');
    });
  });

  describe('what it refuses', () => {
    for (const [name, attributes] of [
      ['no action', ''],
      ['a javascript: action', `action="javascript:alert(1)"`],
      ['a plain-http action on another origin', `action="http://evil.example/api/invite"`],
      ['an action with credentials in it', `action="https://user:pass@example.com/api/invite"`],
      ['a relative redirect-uri', `action="/api/invite" redirect-uri="/welcome"`],
      ['a settings-src that is not allowed', `action="/api/invite" settings-src="javascript:alert(1)"`],
    ]) {
      it(`${name}: a configuration error, nothing sent`, async () => {
        const events: Event[] = [];
        const el = await renderInvite(attributes, (event) => events.push(event));
        expect(alertText(el)).to.equal(NOT_SET_UP);
        expect(root(el).querySelector('form')).to.equal(null);
        expect(events.map(serialiseEvent)).to.deep.equal([JSON.stringify({ type: 'nid-error', detail: { code: 'invalid_config' } })]);
        expect(stub.calls).to.have.length(0);
        await expect(el).to.be.accessible();
      });
    }

    it('drops a client-secret attribute: removed from the DOM, never logged, the form disabled', async () => {
      const console = spyConsole();
      const events: Event[] = [];
      let el: NidInviteForm;
      try {
        el = await renderInvite(`action="/api/invite" client-secret="${SECRET}"`, (event) => events.push(event));
      } finally {
        console.restore();
      }
      expect(el.hasAttribute('client-secret')).to.equal(false);
      expect(alertText(el)).to.equal(NOT_SET_UP);
      expect(root(el).querySelector('form')).to.equal(null);
      expect(events.map((event) => event.type)).to.deep.equal(['nid-error']);
      expect(console.output.join('\n')).to.contain('nid-journeys/server');
      expect(console.output.join('\n') + events.map(serialiseEvent).join() + el.outerHTML).to.not.contain(SECRET);
      expect(stub.calls).to.have.length(0);
    });

    it('drops credential properties: the value is never kept, the form disabled', async () => {
      const console = spyConsole();
      const el = await renderInvite();
      const events: Event[] = [];
      el.addEventListener('nid-error', (event) => events.push(event));
      try {
        (el as unknown as Record<string, unknown>).clientSecret = SECRET;
        (el as unknown as Record<string, unknown>).credentials = { username: 'id', password: SECRET };
        await settle(el);
      } finally {
        console.restore();
      }
      expect((el as unknown as Record<string, unknown>).clientSecret).to.equal(undefined);
      expect(Object.hasOwn(el, 'clientSecret')).to.equal(false);
      expect(alertText(el)).to.equal(NOT_SET_UP);
      expect(events).to.have.length(1);
      expect(console.output.join('\n')).to.not.contain(SECRET);
      expect(() => query(el, 'form')).to.throw();
    });
  });

  it('the fetch stub fails any test whose element sends an Authorization header other than change-password’s Bearer (requirement 22)', async () => {
    for (const [url, value] of [
      ['/x', 'Bearer t'],
      ['/idp/v1/account/change-password', 'Basic eDp5'],
      ['/idp/v1/account/register', 'Bearer t'],
    ]) {
      const probe = stubFetch(() => json(200, {}));
      await fetch(url!, { headers: { Authorization: value! } });
      expect(() => probe.restore(), `${url} ${value}`).to.throw('Authorization');
    }
    const allowed = stubFetch(() => json(200, {}));
    await fetch('/idp/v1/account/change-password', { headers: { Authorization: 'Bearer at-1' } });
    expect(() => allowed.restore()).to.not.throw();
  });
});
