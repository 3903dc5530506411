/** <nid-register>: client validation, the exact body sent, the events, one request per submission. */
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { NidSubmitEvent } from '../../src/events.js';
import { json, stubFetch, UUID_V4, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  button,
  choose,
  click,
  control,
  errorOf,
  fill,
  focused,
  press,
  query,
  recordEvents,
  root,
  serialiseEvent,
  settle,
  statusText,
  type,
} from '../helpers/user.js';
import { PASSWORD, REGISTER_URL, fillValid, renderRegister, sentBody } from './register-fixture.js';

const CREATED = () => json(201, { status: 'activation_pending', delivery: 'email' });
const submitButton = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!;

describe('<nid-register> submitting', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(CREATED);
  });
  afterEach(() => stub.restore());

  describe('client validation', () => {
    it('shows no error while the user is still typing, then after they leave the field', async () => {
      const el = await renderRegister();
      const email = control(el, 'Email address');
      await type(el, email, 'john@');
      expect(email.getAttribute('aria-invalid')).to.equal('false');
      expect(errorOf(el, email)).to.equal('');
      email.blur();
      await settle(el);
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(errorOf(el, email)).to.equal('Email address is not formatted correctly');
      await expect(el).to.be.accessible();
    });

    it('does not lose a click on the button to the error that the blur reveals', async () => {
      const el = await renderRegister();
      await fill(el, control(el, 'Email address'), 'john@example.com');
      await fill(el, control(el, 'Password'), PASSWORD);
      // The user types a different confirmation and, without leaving the field, clicks "Create account".
      const confirmation = control(el, 'Confirm password');
      confirmation.focus();
      confirmation.value = 'something else';
      confirmation.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      await settle(el);
      expect(errorOf(el, confirmation)).to.equal('');
      const box = submitButton(el).getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
      await sendMouse({ type: 'down' }); // the confirmation blurs here; its error would push the button down
      await settle(el);
      expect(submitButton(el).getBoundingClientRect().y, 'the button stays under the pointer').to.equal(box.y);
      await sendMouse({ type: 'up' });
      await settle(el);
      // The click went through: the submit attempt shows the error and focuses the field.
      expect(errorOf(el, confirmation)).to.equal('Passwords do not match');
      expect(focused(el)).to.equal(confirmation);
      expect(stub.calls).to.have.length(0);
    });

    it('on an empty submit marks every required field, focuses the first and sends nothing', async () => {
      const el = await renderRegister('fields="firstName*" terms-url="https://example.com/terms"');
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(0);
      const email = control(el, 'Email address');
      expect(focused(el)).to.equal(email);
      expect(errorOf(el, email)).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'First name'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'Password'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'I accept the terms of use'))).to.equal('You must accept this to continue.');
      await expect(el).to.be.accessible();
    });

    it('says "Passwords do not match" on the confirmation', async () => {
      const el = await renderRegister();
      await fillValid(el);
      await fill(el, control(el, 'Confirm password'), `${PASSWORD}!`);
      await press(el, 'Enter', control(el, 'Confirm password'));
      const confirmation = control(el, 'Confirm password');
      expect(errorOf(el, confirmation)).to.equal('Passwords do not match');
      expect(focused(el)).to.equal(confirmation);
      expect(stub.calls).to.have.length(0);
    });

    it('counts the password length in code points, against the configured minimum', async () => {
      const el = await renderRegister('password-min-length="8"');
      await fillValid(el, 'john@example.com', '😀😀😀😀😀😀😀'); // 7 code points, 14 UTF-16 units
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'Password'))).to.equal('Use at least 8 characters.');
      expect(stub.calls).to.have.length(0);
      await fill(el, control(el, 'Password'), '😀😀😀😀😀😀😀😀');
      await fill(el, control(el, 'Confirm password'), '😀😀😀😀😀😀😀😀');
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(1);
    });

    it('asks for a different question in each security-question row', async () => {
      const el = await renderRegister('fields="securityQuestions*:2"', {
        settings: {
          security_questions: [
            { id: 'pet', label: { 'en-US': 'Pet?' } },
            { id: 'city', label: { 'en-US': 'City?' } },
          ],
        },
      });
      await fillValid(el);
      await choose(el, control(el, 'Security question 1'), 'pet');
      await choose(el, control(el, 'Security question 2'), 'pet');
      await fill(el, control(el, 'Answer 1'), 'Rex');
      await fill(el, control(el, 'Answer 2'), 'Paris');
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'Security question 2'))).to.equal('Choose a different question for each answer.');
      expect(stub.calls).to.have.length(0);
    });
  });

  describe('the request', () => {
    it('posts the exact contract body: password as typed, no confirmation, only configured fields', async () => {
      const el = await renderRegister(
        'fields="firstName* lastName gender companyName securityQuestions*:1" ui-locales="en-GB fr" nonce="n-1" code-challenge="abc" code-challenge-method="S256" scope="openid profile" terms-url="https://example.com/terms" privacy-url="https://example.com/privacy"',
        { settings: { security_questions: [{ id: 'first_pet', label: { 'en-US': 'Pet?' } }] } },
      );
      const typedPassword = '  pässwörd with spaces ünïcode  ';
      await fill(el, control(el, 'Email address'), ' john.smith@example.com ');
      await fill(el, control(el, 'First name'), 'John');
      await choose(el, control(el, 'Gender'), 'non_binary');
      await choose(el, control(el, 'Security question 1'), 'first_pet');
      await fill(el, control(el, 'Answer 1'), ' Rex the 2nd ');
      await type(el, control(el, 'Password'), typedPassword);
      await type(el, control(el, 'Confirm password'), typedPassword);
      await click(el, control(el, 'I accept the terms of use'));
      await click(el, control(el, 'I have read the privacy notice'));
      await press(el, 'Enter', control(el, 'First name'));

      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal(REGISTER_URL);
      expect(call.headers.get('Content-Type')).to.equal('application/json');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.get('Idempotency-Key')).to.match(UUID_V4);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(sentBody(call)).to.deep.equal({
        client_id: 'client-1',
        redirect_uri: 'https://app.example.com/callback',
        response_type: 'code',
        scope: 'openid profile',
        state: 'st-1',
        nonce: 'n-1',
        code_challenge: 'abc',
        code_challenge_method: 'S256',
        ui_locales: 'en-GB fr',
        profile_fields: {
          emailAddress: 'john.smith@example.com',
          firstName: 'John',
          gender: 'non_binary',
          securityQuestions: [{ id: 'first_pet', answer: ' Rex the 2nd ' }],
        },
        password: typedPassword,
        consents: { terms: true, privacy: true },
      });
    });

    it('sends the login hint with the OAuth parameters', async () => {
      const el = await renderRegister('login-hint="hint@example.com"');
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      await click(el, submitButton(el));
      const body = sentBody(stub.calls[0]);
      expect(body.login_hint).to.equal('hint@example.com');
      expect(body.profile_fields).to.deep.equal({ emailAddress: 'hint@example.com' });
    });

    it('sends exactly one request however often the user clicks or presses Enter', async () => {
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const el = await renderRegister();
      await fillValid(el);
      const submit = submitButton(el);
      submit.click();
      submit.click();
      await press(el, 'Enter', control(el, 'Password'));
      submit.click();
      await settle(el);
      expect(stub.calls).to.have.length(1);
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      expect(submit.hasAttribute('data-busy')).to.equal(true);
      expect(statusText(el)).to.equal('Sending…');
      await expect(el).to.be.accessible();
      answer(CREATED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
    });
  });

  describe('events', () => {
    it('fires nid-submit without the password or security answers, then nid-success with the answer', async () => {
      const el = await renderRegister('fields="securityQuestions*"', {
        settings: { security_questions: [{ id: 'pet', label: { 'en-US': 'Pet?' } }] },
      });
      const events = recordEvents(el);
      await fillValid(el);
      await choose(el, control(el, 'Security question 1'), 'pet');
      await fill(el, control(el, 'Answer 1'), 'SecretAnswer42');
      await click(el, submitButton(el));
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
      const submit = events[0] as NidSubmitEvent;
      expect(submit.bubbles && submit.composed && submit.cancelable).to.equal(true);
      expect(submit.detail.journey).to.equal('register');
      expect(submit.detail.body).to.not.have.property('password');
      expect((submit.detail.body.profile_fields as Record<string, unknown>).securityQuestions).to.deep.equal([{ id: 'pet' }]);
      expect((events[1] as CustomEvent).detail).to.deep.equal({ status: 'activation_pending', delivery: 'email' });
      for (const event of events) {
        expect(serialiseEvent(event)).to.not.contain(PASSWORD);
        expect(serialiseEvent(event)).to.not.contain('SecretAnswer42');
      }
      // ...but the request itself carries both.
      const body = sentBody(stub.calls[0]);
      expect(body.password).to.equal(PASSWORD);
      expect(body.profile_fields.securityQuestions).to.deep.equal([{ id: 'pet', answer: 'SecretAnswer42' }]);
    });

    it('lets a nid-submit listener add a captcha token, also asynchronously', async () => {
      const el = await renderRegister();
      el.addEventListener('nid-submit', (event) => {
        event.waitUntil(
          new Promise((resolve) => setTimeout(resolve, 20)).then(() => {
            event.detail.body.captcha_token = 'tok-123';
          }),
        );
      });
      await fillValid(el);
      await click(el, submitButton(el));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await settle(el);
      const body = sentBody(stub.calls[0]);
      expect(body.captcha_token).to.equal('tok-123');
      expect(body.password).to.equal(PASSWORD);
    });

    it('sends nothing when a nid-submit listener cancels, and lets the user submit again', async () => {
      const el = await renderRegister();
      let cancel = true;
      el.addEventListener('nid-submit', (event) => cancel && event.preventDefault());
      await fillValid(el);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(0);
      expect(root(el).querySelector('form')).to.not.equal(null);
      cancel = false;
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(1);
    });
  });

  describe('success', () => {
    it('shows "check your email" in the status region, focuses it, and offers a resend', async () => {
      const el = await renderRegister();
      await fillValid(el);
      await click(el, submitButton(el));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(statusText(el)).to.equal('Check your email: we sent you a link to activate your account.');
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(button(el, 'Send the email again')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('says "check your phone" when the service delivered by SMS', async () => {
      stub.respond(() => json(201, { status: 'activation_pending', delivery: 'sms' }));
      const el = await renderRegister();
      await fillValid(el);
      await click(el, submitButton(el));
      expect(statusText(el)).to.contain('Check your phone');
      expect(button(el, 'Send the text message again')).to.exist;
    });

    it('never shows the password in the page text or attributes', async () => {
      const el = await renderRegister();
      await fillValid(el);
      await click(el, button(el, 'Show password'));
      await click(el, submitButton(el));
      const markup = root(el).innerHTML + el.outerHTML + document.body.innerText;
      expect(markup).to.not.contain(PASSWORD);
      expect(alertText(el)).to.equal('');
    });
  });
});
