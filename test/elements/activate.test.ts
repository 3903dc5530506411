/** <nid-activate>: verification of a new account by the code the service sent (contract v2 section 4). */
import { expect } from '@open-wc/testing';
import '../../src/activate.js';
import '../../src/register.js';
import { rememberIdentifier } from '../../src/core/identifier-handoff.js';
import type { NidActivate } from '../../src/elements/activate/nid-activate.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, sentBody, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, BASE, REDIRECT_URI, renderJourney } from '../helpers/render.js';
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

const TOKEN_URL = `${BASE}/idp/v1/account/token`;
const RESEND_URL = `${BASE}/idp/v1/account/resend-verification`;
const EMAIL = 'ada@example.com';
/** A token answer: whatever it holds must never reach an event or the page. */
const TOKENS = { access_token: 'at-secret-5f1c', refresh_token: 'rt-secret-9a2b', id_token: 'eyJ.idt-secret.sig', token_type: 'Bearer' };
const VERIFIED = () => json(200, TOKENS);
const REFUSED = () =>
  json(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { code: ['The code is not valid or has expired.'] } });

/** A client id per test: the page session remembers identifiers per client. */
let clientCount = 0;
function renderActivate(extra = ''): Promise<NidActivate> {
  clientCount += 1;
  return renderJourney<NidActivate>('nid-activate', `${ACCOUNT.replace('client-1', `client-a${clientCount}`)} ${extra}`);
}

const clientOf = (el: NidActivate) => el.clientId;

describe('<nid-activate>', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(VERIFIED);
  });
  afterEach(() => stub.restore());

  describe('the form', () => {
    it('asks for the identifier and the code, sends nothing on load, and passes axe', async () => {
      const el = await renderActivate();
      expect(stub.calls).to.have.length(0);
      const code = control(el, 'Verification code');
      expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(code.inputMode).to.equal('numeric');
      expect(control(el, 'Email address').autocomplete).to.equal('username');
      expect(submitButton(el).textContent!.trim()).to.equal('Verify account');
      expect(button(el, 'Send a new code')).to.exist;
      expect(query(el, 'form').textContent).to.contain('Enter the code we sent to your email address to verify your account.');
      await expect(el).to.be.accessible();
    });

    it('pre-fills the identifier from user-id, and the user may still correct it', async () => {
      const el = await renderActivate(`user-id="${EMAIL}"`);
      const email = control(el, 'Email address');
      expect(email.value).to.equal(EMAIL);
      await fill(el, email, 'other@example.com');
      el.requestUpdate();
      await settle(el);
      expect(control(el, 'Email address').value).to.equal('other@example.com');
    });

    it('takes the identifier a registration of this page session handed over', async () => {
      clientCount += 1;
      const client = `client-a${clientCount}`;
      rememberIdentifier(client, 'email', 'earlier@example.com');
      const el = await renderJourney<NidActivate>('nid-activate', `${ACCOUNT.replace('client-1', client)}`);
      expect(control(el, 'Email address').value).to.equal('earlier@example.com');
    });

    it('next to <nid-register> on one page, fills in the address the user just registered', async () => {
      stub.respond(() => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }));
      clientCount += 1;
      const attributes = ACCOUNT.replace('client-1', `client-a${clientCount}`);
      const register = await renderJourney<NidRegister>('nid-register', attributes);
      const el = await renderJourney<NidActivate>('nid-activate', attributes);
      expect(control(el, 'Email address').value).to.equal('');
      await fill(register, control(register, 'Email address'), 'new.user@example.com');
      await fill(register, control(register, 'Password'), 'a long and lovely passphrase');
      await fill(register, control(register, 'Confirm password'), 'a long and lovely passphrase');
      await click(register, submitButton(register));
      await settle(el);
      expect(control(el, 'Email address').value).to.equal('new.user@example.com');
    });

    it('with auth-type="sms" asks for the mobile number and sends it in E.164', async () => {
      const el = await renderActivate('auth-type="sms" mobile-default-country="GB"');
      await phoneReady(el);
      expect(query(el, 'form').textContent).to.contain('Enter the code we sent to your phone to verify your account.');
      await fill(el, control(el, 'Mobile number'), '07400 123456');
      await fill(el, control(el, 'Verification code'), '123456');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0])).to.include({ auth_type: 'sms', user_id: '+447400123456' });
      await expect(el).to.be.accessible();
    });

    it('shows a configuration error without a redirect-uri (the token call needs one)', async () => {
      const el = await renderJourney<NidActivate>('nid-activate', `base-domain="${BASE}" client-id="client-x"`);
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.equal('This form is not set up correctly. Please contact the site owner.');
    });
  });

  describe('verifying', () => {
    it('posts the PIN grant to /idp/v1/account/token, once however often the user clicks', async () => {
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const el = await renderActivate(`user-id="${EMAIL}"`);
      await type(el, control(el, 'Verification code'), '123 456');
      submitButton(el).click();
      submitButton(el).click();
      await settle(el);
      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.url).to.equal(TOKEN_URL);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(sentBody(call)).to.deep.equal({
        grant_type: 'pin',
        client_id: clientOf(el),
        auth_type: 'email',
        user_id: EMAIL,
        redirect_uri: REDIRECT_URI,
        code: '123456',
      });
      answer(VERIFIED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
    });

    it('says the account is verified, focuses the message, and fires nid-success without any token', async () => {
      const el = await renderActivate(`user-id="${EMAIL}" sign-in-url="https://app.example.com/sign-in"`);
      const events = recordEvents(el);
      await fill(el, control(el, 'Verification code'), '123456');
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal('Your account is verified.');
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(query<HTMLAnchorElement>(el, 'a[part="link"]').href).to.equal('https://app.example.com/sign-in');
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
      expect((events[0] as CustomEvent).detail.body).to.not.have.property('code');
      expect((events[1] as CustomEvent).detail).to.deep.equal({ status: 'verified' });
      const seen = events.map(serialiseEvent).join() + root(el).innerHTML + el.outerHTML;
      for (const secret of ['123456', ...Object.values(TOKENS)]) expect(seen).to.not.contain(secret);
      await expect(el).to.be.accessible();
    });

    it('puts a refused code on the code field, keeps it, and lets the user try again', async () => {
      for (const refusal of [REFUSED, () => json(422, { error: 'invalid_parameters', error_details: { code: { invalid: 'invalid value' } } }), () => json(401, { error: 'http_exception', error_description: 'Unauthorized' })]) {
        stub.respond(refusal);
        const el = await renderActivate(`user-id="${EMAIL}"`);
        const errors = recordEvents(el, ['nid-error']);
        await fill(el, control(el, 'Verification code'), '111111');
        await click(el, submitButton(el));
        const code = control(el, 'Verification code');
        expect(errorOf(el, code)).to.equal('This code is not valid or has expired.');
        expect(code.value).to.equal('111111');
        expect(focused(el)).to.equal(code);
        expect(alertText(el)).to.equal('');
        expect((errors[0] as CustomEvent).detail.fields).to.deep.equal([{ name: 'code', code: 'invalid_code' }]);
        await expect(el).to.be.accessible();
        stub.respond(VERIFIED);
        await fill(el, code, '222222');
        await click(el, submitButton(el));
        expect(statusText(el)).to.equal('Your account is verified.');
      }
    });

    it('checks both fields before sending', async () => {
      const el = await renderActivate();
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(0);
      expect(errorOf(el, control(el, 'Email address'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'Verification code'))).to.equal('This field is required.');
      expect(focused(el)).to.equal(control(el, 'Email address'));
    });
  });

  describe('sending a new code', () => {
    it('checks only the identifier, posts resend-verification, and confirms in the same words for every account', async () => {
      const shown: string[] = [];
      for (const answer of [{}, { message: 'An email has been sent to the address on record.' }]) {
        stub.respond(() => json(200, answer));
        const el = await renderActivate();
        const events = recordEvents(el);
        await fill(el, control(el, 'Email address'), EMAIL);
        await click(el, button(el, 'Send a new code'));
        const call = stub.calls.at(-1)!;
        expect(call.url).to.equal(RESEND_URL);
        expect(sentBody(call)).to.deep.equal({ client_id: clientOf(el), auth_type: 'email', user_id: EMAIL, redirect_uri: REDIRECT_URI, locale: 'en-US' });
        expect(errorOf(el, control(el, 'Verification code')), 'the code is not asked for yet').to.equal('');
        expect(events.map((event) => `${event.type}:${(event as unknown as { journey: string }).journey}`)).to.deep.equal([
          'nid-submit:resend-verification',
          'nid-success:resend-verification',
        ]);
        shown.push(statusText(el));
        await expect(el).to.be.accessible();
      }
      expect(shown[0]).to.equal('If your account is waiting for verification, we have sent you a new code.');
      expect(shown[1]).to.equal(shown[0]);
    });

    it('asks for the identifier first when it is empty', async () => {
      const el = await renderActivate();
      await click(el, button(el, 'Send a new code'));
      expect(stub.calls).to.have.length(0);
      expect(errorOf(el, control(el, 'Email address'))).to.equal('This field is required.');
      expect(focused(el)).to.equal(control(el, 'Email address'));
    });

    it('waits out a 429 with its own countdown', async () => {
      stub.respond(() => json(429, { error: 'too_many_requests' }, { 'Retry-After': '45' }));
      const el = await renderActivate(`user-id="${EMAIL}"`);
      const resend = button(el, 'Send a new code');
      await click(el, resend);
      expect(resend.getAttribute('aria-disabled')).to.equal('true');
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 45 seconds.');
      await click(el, resend);
      expect(stub.calls).to.have.length(1);
      // The code can still be sent meanwhile.
      stub.respond(VERIFIED);
      await fill(el, control(el, 'Verification code'), '123456');
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal('Your account is verified.');
    });
  });
});
