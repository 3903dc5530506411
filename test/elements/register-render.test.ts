/** <nid-register>: what renders for each configuration, and that each state passes axe. */
import { expect } from '@open-wc/testing';
import type { SecurityQuestion } from '../../src/api/contract.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { alertText, button, click, control, phoneReady, query, recordEvents, root, settle } from '../helpers/user.js';
import { renderRegister } from './register-fixture.js';

const ALL_FIELDS = 'firstName* lastName* gender companyName mobileNumber twoStepMobileNumber securityQuestions*:2';
const QUESTIONS: SecurityQuestion[] = [
  { id: 'first_pet', label: { 'en-US': 'What was the name of your first pet?', 'fr-FR': 'Nom de votre premier animal ?' } },
  { id: 'birth_city', label: { 'en-US': 'In which city were you born?' } },
  { id: 'first_school', label: { 'en-GB': 'What was your first school?' } },
];

function labels(el: HTMLElement & { shadowRoot: ShadowRoot | null }) {
  return [...el.shadowRoot!.querySelectorAll('label')].map((label) => {
    const clone = label.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('.sr-only').forEach((node) => node.remove());
    return clone.textContent!.replace(/\s+/g, ' ').trim();
  });
}

describe('<nid-register> rendering', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(500, {}));
  });
  afterEach(() => stub.restore());

  it('renders email, password and confirmation by default, in one form with autocomplete tokens', async () => {
    const el = await renderRegister();
    const form = query(el, 'form');
    expect(control(el, 'Email address').autocomplete).to.equal('username');
    // The inputs carry the names the service knows them by.
    expect(control(el, 'Password').name).to.equal('newPassword');
    expect(control(el, 'Confirm password').name).to.equal('newPasswordConfirm');
    expect(control(el, 'Password').autocomplete).to.equal('new-password');
    expect(control(el, 'Confirm password').autocomplete).to.equal('new-password');
    for (const input of form.querySelectorAll('input')) expect(input.name, 'every input has a name').to.not.equal('');
    expect(query(el, 'button[type="submit"]').textContent!.trim()).to.equal('Create account');
    // Live regions exist from the first render, empty.
    expect(query(el, '[role="alert"]').textContent!.trim()).to.equal('');
    expect(query(el, '[role="status"]').textContent!.trim()).to.equal('');
    expect(stub.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('renders every configured profile field, required ones without the "(optional)" marker', async () => {
    const el = await renderRegister(`fields="${ALL_FIELDS}"`, { settings: { security_questions: QUESTIONS } });
    await phoneReady(el);
    expect(labels(el)).to.deep.equal([
      'Email address',
      'First name',
      'Last name',
      'Gender (optional)',
      'Company name (optional)',
      'Mobile number (optional)',
      'Mobile number for 2-step verification (optional)',
      'Security question 1',
      'Answer 1',
      'Security question 2',
      'Answer 2',
      'Password',
      'Confirm password',
    ]);
    expect(control(el, 'First name').required).to.equal(true);
    expect(control(el, 'Company name').required).to.equal(false);
    expect(control(el, 'Company name').autocomplete).to.equal('organization');
    const gender = control<HTMLSelectElement>(el, 'Gender');
    expect([...gender.options].map((option) => option.value)).to.deep.equal(['', 'female', 'male', 'non_binary', 'prefer_not_to_say']);
    expect([...gender.options].map((option) => option.textContent!.trim())).to.deep.equal([
      'Choose…',
      'Female',
      'Male',
      'Non-binary',
      'Prefer not to say',
    ]);
    const question = control<HTMLSelectElement>(el, 'Security question 1');
    expect([...question.options].map((option) => option.textContent!.trim())).to.deep.equal([
      'Choose a question…',
      'What was the name of your first pet?',
      'In which city were you born?',
      'What was your first school?', // no en-US label: the closest one
    ]);
    expect(query(el, 'legend').textContent).to.contain('Security questions');
    await expect(el).to.be.accessible();
  });

  it('accepts the fields property as an array of settings', async () => {
    const el = await renderRegister('', { fields: [{ name: 'lastName', required: true }, { name: 'companyName' }] });
    expect(labels(el)).to.deep.equal(['Email address', 'Last name', 'Company name (optional)', 'Password', 'Confirm password']);
  });

  it('ignores unknown field names and leaves security questions out when none are configured', async () => {
    const el = await renderRegister('fields="firstName nonsense securityQuestions*"');
    expect(labels(el)).to.deep.equal(['Email address', 'First name (optional)', 'Password', 'Confirm password']);
  });

  it('with auth-type="sms" makes the mobile number the required identifier', async () => {
    const el = await renderRegister('auth-type="sms" mobile-default-country="GB"');
    await phoneReady(el);
    expect(labels(el)).to.deep.equal(['Mobile number', 'Password', 'Confirm password']);
    expect(control(el, 'Mobile number').required).to.equal(true);
    expect(control(el, 'Mobile number').type).to.equal('tel');
    await expect(el).to.be.accessible();
  });

  it('pre-fills the identifier from login-hint', async () => {
    const el = await renderRegister('login-hint="jane@example.com"');
    expect(control(el, 'Email address').value).to.equal('jane@example.com');
  });

  it('renders no password fields for a client without passwords (password="none" or the settings)', async () => {
    const el = await renderRegister('password="none" fields="firstName"');
    expect(labels(el)).to.deep.equal(['Email address', 'First name (optional)']);
    const fromSettings = await renderRegister('', { settings: { password_required: false } });
    expect(labels(fromSettings)).to.deep.equal(['Email address']);
    await expect(el).to.be.accessible();
  });

  it('renders terms and privacy consents with https links that open in a new tab', async () => {
    const el = await renderRegister('terms-url="https://example.com/terms" privacy-url="https://example.com/privacy"');
    const links = [...root(el).querySelectorAll('a')];
    expect(links.map((link) => link.href)).to.deep.equal(['https://example.com/terms', 'https://example.com/privacy']);
    expect(links.every((link) => link.target === '_blank' && link.rel.includes('noopener'))).to.equal(true);
    expect(control(el, 'I accept the terms of use').type).to.equal('checkbox');
    expect(control(el, 'I have read the privacy notice').required).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('never renders a javascript: or data: URL as a link', async () => {
    const el = await renderRegister('terms-url="javascript:alert(1)" privacy-url="data:text/html,<script>alert(1)</script>"');
    expect(root(el).querySelectorAll('a')).to.have.length(0);
    expect(control(el, 'I accept the terms of use').type).to.equal('checkbox');
  });

  it('toggles password visibility with a labelled aria-pressed button', async () => {
    const el = await renderRegister();
    const toggle = button(el, 'Show password');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    await click(el, toggle);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(control(el, 'Password').type).to.equal('text');
    expect(control(el, 'Confirm password').type).to.equal('password');
    await click(el, toggle);
    expect(control(el, 'Password').type).to.equal('password');
  });

  describe('configuration errors', () => {
    for (const [attribute, value] of [
      ['base-domain', 'http://id.example.com'],
      ['base-domain', 'javascript:alert(1)'],
      ['base-domain', '/relative'],
      ['client-id', ''],
      ['redirect-uri', 'not a url'],
      ['redirect-uri', ''],
      ['env-id', 'eu west/1'],
      ['settings-src', 'javascript:alert(1)'],
    ] as const) {
      it(`shows a configuration error and sends nothing for ${attribute}="${value}"`, async () => {
        const el = await renderRegister();
        const events = recordEvents(el, ['nid-error']);
        el.setAttribute(attribute, value);
        await settle(el);
        expect(root(el).querySelector('form')).to.equal(null);
        expect(alertText(el)).to.equal('This form is not set up correctly. Please contact the site owner.');
        expect(events.map((event) => (event as CustomEvent).detail)).to.deep.equal([{ code: 'invalid_config' }]);
        expect(stub.calls).to.have.length(0);
        await expect(el).to.be.accessible();
      });
    }

    it('accepts http only on loopback hosts', async () => {
      const el = await renderRegister();
      el.baseDomain = 'http://localhost:4401';
      await settle(el);
      expect(root(el).querySelector('form')).to.not.equal(null);
    });

    it('rejects an endpoint override that leaves the base domain', async () => {
      const el = await renderRegister('', { endpoints: { register: 'https://evil.example/steal' } });
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.contain('not set up correctly');
    });
  });

  describe('settings-src', () => {
    const SRC = 'https://app.example.com/nid/settings.json';
    const settings = {
      auth_type: 'email',
      register_fields: [
        { name: 'firstName', required: true },
        { name: 'companyName', required: false },
      ],
      terms_url: 'https://example.com/terms',
      password_policy: { min_length: 12 },
    };

    it('fetches the integrator’s settings once (never from the identity service) and renders their fields', async () => {
      stub.respond(() => json(200, settings));
      const el = await renderRegister(`settings-src="${SRC}"`);
      await settle(el);
      expect(stub.calls.map((call) => `${call.method} ${call.url}`)).to.deep.equal([`GET ${SRC}`]);
      expect(labels(el)).to.deep.equal([
        'Email address',
        'First name',
        'Company name (optional)',
        'Password',
        'Confirm password',
        'I accept the terms of use',
      ]);
      expect(query(el, '#nid-newPassword-hint').textContent).to.contain('at least 12 characters');
    });

    it('keeps the valid keys of settings that are partly wrong', async () => {
      stub.respond(() => json(200, { ...settings, password_policy: 'twelve', register_fields: [{ name: 'lastName', required: true }] }));
      const el = await renderRegister(`settings-src="${SRC}"`);
      await settle(el);
      expect(labels(el)).to.deep.equal(['Email address', 'Last name', 'Password', 'Confirm password', 'I accept the terms of use']);
      expect(query(el, '#nid-newPassword-hint').textContent).to.contain('at least 8 characters');
    });

    it('lets explicit attributes and the settings property win over settings-src', async () => {
      stub.respond(() => json(200, settings));
      const el = await renderRegister(`settings-src="${SRC}" fields="lastName*" password-min-length="10"`, {
        settings: { terms_url: 'https://override.example/terms' },
      });
      await settle(el);
      expect(labels(el)).to.deep.equal(['Email address', 'Last name', 'Password', 'Confirm password', 'I accept the terms of use']);
      expect(root(el).querySelector('a')!.href).to.equal('https://override.example/terms');
      expect(query(el, '#nid-newPassword-hint').textContent).to.contain('at least 10 characters');
    });

    it('still renders the form when the settings cannot be loaded, and says so', async () => {
      stub.respond(() => json(503, { error: 'service_unavailable' }));
      const el = await renderRegister();
      const errors = recordEvents(el, ['nid-error']);
      el.settingsSrc = SRC;
      await settle(el);
      await settle(el);
      expect(root(el).querySelector('form')).to.not.equal(null);
      expect(alertText(el)).to.equal('We are unable to process your request right now. Please try again later.');
      expect(errors.map((event) => (event as CustomEvent).detail)).to.deep.equal([{ code: 'service_unavailable', status: 503 }]);
      await expect(el).to.be.accessible();
    });
  });
});

describe('<nid-register> slots', () => {
  it('shows slotted content before the submit button and in the footer', async () => {
    const el = await renderRegister();
    el.innerHTML = '<div slot="before-submit" id="captcha">captcha</div><p slot="footer">Already registered? <a href="/sign-in">Sign in</a></p>';
    await settle(el);
    const beforeSubmit = query<HTMLSlotElement>(el, 'slot[name="before-submit"]');
    expect(beforeSubmit.assignedElements().map((node) => node.id)).to.deep.equal(['captcha']);
    expect(beforeSubmit.nextElementSibling!.querySelector('button[type="submit"]')).to.not.equal(null);
    expect(query<HTMLSlotElement>(el, 'slot[name="footer"]').assignedElements()).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
