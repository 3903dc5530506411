/** <nid-activate>: the link's token, the click, activation, invitations, and what happens to bad links. */
import { expect } from '@open-wc/testing';
import { navigation } from '../../src/core/link-token.js';
import '../../src/activate.js';
import type { NidActivate } from '../../src/elements/activate/nid-activate.js';
import { json, sentBody, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { renderJourney } from '../helpers/render.js';
import {
  alertText,
  button,
  click,
  control,
  errorOf,
  fill,
  focused,
  phoneReady,
  query,
  recordEvents,
  root,
  serialiseEvent,
  settle,
  statusText,
  submitButton,
  type,
} from '../helpers/user.js';

const BASE = 'https://id.example.com';
const ACTIVATE_URL = `${BASE}/idp/v1/account/activate`;
const RESEND_URL = `${BASE}/idp/v1/account/activate/resend`;
const PASSWORD = 'a long and lovely passphrase';
const ACTIVATED = () => json(200, { status: 'activated', redirect_uri: 'https://app.example.com/home?code=c1&state=s1' });

const body = sentBody;

async function renderActivate(extra = '', urlToken: string | null = 'tok-123'): Promise<NidActivate> {
  if (urlToken !== null) history.replaceState(null, '', `?token=${encodeURIComponent(urlToken)}&utm=x`);
  return renderJourney<NidActivate>('nid-activate', `base-domain="${BASE}" client-id="client-1" ${extra}`);
}

describe('<nid-activate>', () => {
  let stub: FetchStub;
  let navigated: string[];
  const originalUrl = location.href;
  const originalAssign = navigation.assign;

  beforeEach(() => {
    stub = stubFetch(ACTIVATED);
    navigated = [];
    navigation.assign = (url) => navigated.push(url);
  });
  afterEach(() => {
    stub.restore();
    navigation.assign = originalAssign;
    history.replaceState(null, '', originalUrl);
  });

  describe('the link', () => {
    it('takes the token from the address bar, removes it, and sends nothing before the click', async () => {
      const el = await renderActivate();
      expect(new URL(location.href).searchParams.has('token')).to.equal(false);
      expect(new URL(location.href).searchParams.get('utm')).to.equal('x'); // the rest of the URL stays
      expect(stub.calls).to.have.length(0);
      expect(submitButton(el).textContent!.trim()).to.equal('Activate account');
      await expect(el).to.be.accessible();
    });

    it('sends { client_id, token } when the user clicks "Activate account", once however often they click', async () => {
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const el = await renderActivate();
      submitButton(el).click();
      submitButton(el).click();
      submitButton(el).click();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stub.calls).to.have.length(1);
      expect(stub.calls[0]!.url).to.equal(ACTIVATE_URL);
      expect(body(stub.calls[0])).to.deep.equal({ client_id: 'client-1', token: 'tok-123' });
      answer(ACTIVATED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
    });

    it('uses the token attribute, and the query parameter named by token-param', async () => {
      const own = await renderActivate('token="attr-token"', null);
      await click(own, submitButton(own));
      expect(body(stub.calls[0]).token).to.equal('attr-token');

      history.replaceState(null, '', '?code=named-token');
      const named = await renderActivate('token-param="code"', null);
      expect(location.search).to.equal('');
      await click(named, submitButton(named));
      expect(body(stub.calls[1]).token).to.equal('named-token');
    });

    it('says a link without a token is not valid, offers a new one, and sends nothing', async () => {
      const el = await renderActivate('', null);
      expect(alertText(el)).to.equal('This link is not valid.');
      expect(root(el).querySelector('button[type="submit"]')!.textContent!.trim()).to.equal('Send a new link');
      expect(control(el, 'Email address')).to.exist;
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('activated', () => {
    it('says so, fires a cancelable nid-success, then goes to redirect_uri', async () => {
      const el = await renderActivate();
      let statusWhenFired = '';
      const events = recordEvents(el);
      el.addEventListener('nid-success', () => (statusWhenFired = statusText(el)));
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal('Your account is activated.');
      expect(statusWhenFired, 'the message shows before nid-success').to.equal('Your account is activated.');
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      const success = events.find((event) => event.type === 'nid-success') as CustomEvent;
      expect(success.cancelable).to.equal(true);
      expect(success.detail).to.deep.equal({ status: 'activated', redirect_uri: 'https://app.example.com/home?code=c1&state=s1' });
      expect(navigated).to.deep.equal(['https://app.example.com/home?code=c1&state=s1']);
      await expect(el).to.be.accessible();
    });

    it('stays on the page when a listener cancels nid-success', async () => {
      const el = await renderActivate();
      el.addEventListener('nid-success', (event) => event.preventDefault());
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal('Your account is activated.');
      expect(navigated).to.deep.equal([]);
    });

    for (const redirect of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://files.example.com/']) {
      it(`refuses to go to ${redirect.split(':')[0]}: and reports it`, async () => {
        stub.respond(() => json(200, { status: 'activated', redirect_uri: redirect }));
        const el = await renderActivate();
        const errors = recordEvents(el, ['nid-error']);
        await click(el, submitButton(el));
        expect(navigated).to.deep.equal([]);
        expect(statusText(el)).to.equal('Your account is activated.');
        expect(errors.map((event) => (event as CustomEvent).detail)).to.deep.equal([{ code: 'unsafe_redirect_uri' }]);
      });
    }

    it('just says so when the service gives no redirect_uri', async () => {
      stub.respond(() => json(200, { status: 'activated' }));
      const el = await renderActivate();
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal('Your account is activated.');
      expect(navigated).to.deep.equal([]);
    });
  });

  describe('links that no longer work', () => {
    for (const [status, code, text] of [
      [404, 'invalid_token', 'This link is not valid.'],
      [410, 'expired_token', 'This link has expired.'],
    ] as const) {
      it(`on ${code}: "${text}" and a form for a new link`, async () => {
        stub.respond(() => json(status, { error: code }));
        const el = await renderActivate('ui-locales="en"');
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(text);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        await expect(el).to.be.accessible();

        stub.respond(() => new Response(null, { status: 202 }));
        await fill(el, control(el, 'Email address'), 'ada@example.com');
        await click(el, submitButton(el));
        expect(stub.calls[1]!.url).to.equal(RESEND_URL);
        expect(body(stub.calls[1])).to.deep.equal({ client_id: 'client-1', emailAddress: 'ada@example.com', locale: 'en' });
        expect(statusText(el)).to.equal('If an account is waiting for activation, we have sent a new link.');
        await expect(el).to.be.accessible();
      });
    }

    it('asks for the mobile number instead for sms clients', async () => {
      stub.respond(() => json(410, { error: 'expired_token' }));
      const el = await renderActivate('auth-type="sms" mobile-default-country="GB"');
      await click(el, submitButton(el));
      await phoneReady(el);
      await fill(el, control(el, 'Mobile number'), '07400 123456');
      stub.respond(() => new Response(null, { status: 202 }));
      await click(el, submitButton(el));
      expect(body(stub.calls[1])).to.deep.include({ mobileNumber: '+447400123456' });
    });

    it('looks the same whether or not the account exists', async () => {
      const answers = [() => json(202, { status: 'sent' }), () => new Response(null, { status: 202 })];
      const seen: string[] = [];
      for (const answer of answers) {
        stub.respond(() => json(404, { error: 'invalid_token' }));
        const el = await renderActivate();
        await click(el, submitButton(el));
        await fill(el, control(el, 'Email address'), 'who@example.com');
        stub.respond(answer);
        const events = recordEvents(el, ['nid-success']);
        await click(el, submitButton(el));
        seen.push(`${root(el).textContent!.replace(/\s+/g, ' ')}|${events.map(serialiseEvent).join()}`);
      }
      expect(seen[0]).to.equal(seen[1]);
    });

    it('counts down after a 429 on the resend', async () => {
      stub.respond(() => json(404, { error: 'invalid_token' }));
      const el = await renderActivate();
      await click(el, submitButton(el));
      await fill(el, control(el, 'Email address'), 'ada@example.com');
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '45' }));
      await click(el, submitButton(el));
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 45 seconds.');
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 45 seconds.');
      expect(control(el, 'Email address').value).to.equal('ada@example.com');
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      await expect(el).to.be.accessible();
    });

    it('on already_activated: says so, with a sign-in link only when it is https', async () => {
      stub.respond(() => json(409, { error: 'already_activated' }));
      const el = await renderActivate('sign-in-url="https://app.example.com/sign-in"');
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal('Your account is already activated.');
      expect(query<HTMLAnchorElement>(el, 'a').href).to.equal('https://app.example.com/sign-in');
      expect(query(el, 'a').textContent!.trim()).to.equal('Sign in');
      await expect(el).to.be.accessible();

      const unsafe = await renderActivate('sign-in-url="javascript:alert(1)"');
      await click(unsafe, submitButton(unsafe));
      expect(root(unsafe).querySelector('a')).to.equal(null);
    });
  });

  describe('an invitation (completion_required)', () => {
    const completion = {
      status: 'completion_required',
      profile: { firstName: 'Ada', emailAddress: 'ada@example.com' },
      fields: [
        { name: 'firstName', required: true },
        { name: 'lastName', required: true },
        { name: 'companyName', required: false },
        { name: 'password', required: true },
      ],
      consents: [
        { id: 'terms', url: 'https://example.com/terms', required: true },
        { id: 'marketing', url: 'javascript:alert(1)', required: false },
      ],
    };

    async function invited(): Promise<NidActivate> {
      stub.respond(() => json(200, completion));
      const el = await renderActivate();
      await click(el, submitButton(el));
      return el;
    }

    it('renders the fields the service lists, pre-filled and read-only where it gave a value', async () => {
      const el = await invited();
      const firstName = control(el, 'First name');
      expect(firstName.value).to.equal('Ada');
      expect(firstName.readOnly).to.equal(true);
      expect(control(el, 'Last name').readOnly).to.equal(false);
      expect(control(el, 'Password').type).to.equal('password');
      expect(control(el, 'Confirm password').type).to.equal('password');
      expect(button(el, 'Show password').getAttribute('aria-pressed')).to.equal('false');
      expect(query<HTMLAnchorElement>(el, 'a').href).to.equal('https://example.com/terms');
      expect(root(el).querySelectorAll('a'), 'the javascript: consent link is not a link').to.have.length(1);
      expect(statusText(el)).to.equal('');
      expect(root(el).querySelector('form')?.textContent).to.contain('Complete your profile and choose a password');
      // No field shows the email, so a hidden username input tells password managers whose password this is.
      const username = query<HTMLInputElement>(el, 'input[autocomplete="username"]');
      expect(username.value).to.equal('ada@example.com');
      expect(username.hidden).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('checks the form before sending, with every error on its field', async () => {
      const el = await invited();
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(1);
      expect(errorOf(el, control(el, 'Last name'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'Password'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'I accept the terms of use'))).to.equal('You must accept this to continue.');
      expect(focused(el)).to.equal(control(el, 'Last name'));
      await expect(el).to.be.accessible();
    });

    it('sends the token, the profile, the password as typed and the consents; nid-submit never sees the password', async () => {
      const el = await invited();
      const submits = recordEvents(el, ['nid-submit']);
      await fill(el, control(el, 'Last name'), 'Lovelace');
      await type(el, control(el, 'Password'), ` ${PASSWORD} ü `);
      await type(el, control(el, 'Confirm password'), ` ${PASSWORD} ü `);
      await click(el, control(el, 'I accept the terms of use'));
      stub.respond(ACTIVATED);
      await click(el, submitButton(el));
      expect(body(stub.calls[1])).to.deep.equal({
        client_id: 'client-1',
        token: 'tok-123',
        profile_fields: { firstName: 'Ada', lastName: 'Lovelace' },
        consents: { terms: true, marketing: false },
        password: ` ${PASSWORD} ü `,
      });
      expect(submits.map(serialiseEvent).join()).to.not.contain(PASSWORD);
      expect(statusText(el)).to.equal('Your account is activated.');
      expect(navigated).to.have.length(1);
      expect(root(el).innerHTML).to.not.contain(PASSWORD);
    });

    it('keeps everything typed after a failure, with the service’s field error on its field', async () => {
      const el = await invited();
      await fill(el, control(el, 'Last name'), 'Lovelace');
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      await click(el, control(el, 'I accept the terms of use'));
      stub.respond(() => json(400, { error: 'validation_failed', fields: [{ name: 'password', code: 'breached' }] }));
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'Password'))).to.equal('This password has appeared in a data breach. Choose a different one.');
      expect(control(el, 'Last name').value).to.equal('Lovelace');
      expect(control(el, 'Password').value).to.equal(PASSWORD);
      expect(control<HTMLInputElement>(el, 'I accept the terms of use').checked).to.equal(true);
      stub.respond(() => json(503, { error: 'service_unavailable' }));
      await fill(el, control(el, 'Password'), `${PASSWORD}!`);
      await fill(el, control(el, 'Confirm password'), `${PASSWORD}!`);
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal('We are unable to process your request right now. Please try again later.');
      expect(control(el, 'Last name').value).to.equal('Lovelace');
      await expect(el).to.be.accessible();
    });
  });
});
