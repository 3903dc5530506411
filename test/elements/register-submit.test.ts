/** <nid-register>: client validation, the exact body sent, the events, one request per submission. */
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { NidSubmitEvent } from '../../src/events.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  button,
  choose,
  click,
  control,
  errorOf,
  fill,
  focused,
  phoneReady,
  press,
  query,
  recordEvents,
  root,
  serialiseEvent,
  settle,
  statusText,
  type,
} from '../helpers/user.js';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { renderJourney } from '../helpers/render.js';
import { PASSWORD, REGISTER_URL, fillValid, renderRegister, sentBody } from './register-fixture.js';

const UUID = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';
const CREATED = () => json(200, { uuid: UUID });
/** The service's answer for an address that is registered already (no final full stop, as documented). */
const ALREADY = () => json(200, { message: 'An email has been sent to the address on record' });
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
    it('posts the documented body: both passwords as typed in profile_fields, consents only where mapped', async () => {
      const el = await renderRegister(
        'fields="firstName* lastName gender companyName securityQuestions*:1" ui-locales="en-GB fr" terms-url="https://example.com/terms" terms-field="acceptTerms" privacy-url="https://example.com/privacy"',
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
      expect(call.headers.has('Idempotency-Key')).to.equal(false);
      expect(call.headers.has('Authorization')).to.equal(false);
      // No OAuth parameter, no top-level password, no `consents`: the service refuses keys it does not expect.
      expect(sentBody(call)).to.deep.equal({
        client_id: 'client-1',
        auth_type: 'email',
        redirect_uri: 'https://app.example.com/callback',
        locale: 'en-GB',
        profile_fields: {
          emailAddress: 'john.smith@example.com',
          firstName: 'John',
          gender: 'non_binary',
          securityQuestions: [{ id: 'first_pet', answer: ' Rex the 2nd ' }],
          newPassword: typedPassword,
          newPasswordConfirm: typedPassword,
          acceptTerms: 'true',
        },
      });
    });

    it('through a relay (api-base) needs no base-domain and sends the same body to the integrator’s route', async () => {
      const el = await renderJourney<NidRegister>('nid-register', 'client-id="client-1" redirect-uri="https://app.example.com/callback" api-base="/api/nid"');
      expect(root(el).querySelector('form')).to.not.equal(null);
      await fillValid(el);
      await click(el, submitButton(el));
      expect(stub.calls[0]!.url).to.equal(new URL('/api/nid/idp/v1/account/register', location.href).href);
      expect(sentBody(stub.calls[0]).profile_fields.emailAddress).to.equal('john.smith@example.com');
      expect(statusText(el)).to.contain('Check your email');
    });

    it('uses the login hint only to pre-fill the identifier', async () => {
      const el = await renderRegister('login-hint="hint@example.com"');
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      await click(el, submitButton(el));
      const body = sentBody(stub.calls[0]);
      expect(body).to.not.have.property('login_hint');
      expect(body.profile_fields.emailAddress).to.equal('hint@example.com');
    });

    it('sends no password keys for a client without passwords', async () => {
      stub.respond(() => json(200, { authorization_code: 'ac-1' }));
      const el = await renderRegister('password="none"');
      await fill(el, control(el, 'Email address'), 'john@example.com');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).profile_fields).to.deep.equal({ emailAddress: 'john@example.com' });
    });

    it('sends the mobile number in E.164 and auth_type sms for an sms client', async () => {
      const el = await renderRegister('auth-type="sms" mobile-default-country="GB"');
      await phoneReady(el);
      await fill(el, control(el, 'Mobile number'), '07400 123456');
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      await click(el, submitButton(el));
      const body = sentBody(stub.calls[0]);
      expect(body.auth_type).to.equal('sms');
      expect(body.profile_fields.mobileNumber).to.equal('+447400123456');
      expect(statusText(el)).to.equal('Check your phone: we sent you a text message to verify your account.');
      expect(button(el, 'Send the text message again')).to.exist;
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
      // Busy through the element's internals: its custom state for CSS, no attribute written on the host.
      expect(el.matches(':state(busy)')).to.equal(true);
      expect(el.hasAttribute('aria-busy')).to.equal(false);
      await expect(el).to.be.accessible();
      answer(CREATED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
      expect(el.matches(':state(busy)')).to.equal(false);
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
      const shown = submit.detail.body.profile_fields as Record<string, unknown>;
      expect(shown).to.not.have.property('newPassword');
      expect(shown).to.not.have.property('newPasswordConfirm');
      expect(shown.securityQuestions).to.deep.equal([{ id: 'pet' }]);
      expect((events[1] as CustomEvent).detail).to.deep.equal({ status: 'verification_sent', delivery: 'email' });
      for (const event of events) {
        expect(serialiseEvent(event)).to.not.contain(PASSWORD);
        expect(serialiseEvent(event)).to.not.contain('SecretAnswer42');
      }
      // ...but the request itself carries both.
      const body = sentBody(stub.calls[0]);
      expect(body.profile_fields.newPassword).to.equal(PASSWORD);
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
      expect(body.profile_fields.newPassword).to.equal(PASSWORD);
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
      expect(statusText(el)).to.equal('Check your email: we sent you a message to verify your account.');
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(button(el, 'Send the email again')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('shows "already registered" exactly as "created": same markup, same event (no enumeration)', async () => {
      const outcome = async (answer: () => Response) => {
        stub.respond(answer);
        const el = await renderRegister();
        const events = recordEvents(el, ['nid-success']);
        await fillValid(el);
        await click(el, submitButton(el));
        return { markup: root(el).innerHTML.replace(/<!--[^>]*-->/g, ''), details: events.map(serialiseEvent) };
      };
      const created = await outcome(CREATED);
      const already = await outcome(ALREADY);
      expect(already).to.deep.equal(created);
      expect(created.details.map((detail) => JSON.parse(detail).detail)).to.deep.equal([{ status: 'verification_sent', delivery: 'email' }]);
    });

    it('hands a client without passwords its authorization code in nid-success', async () => {
      stub.respond(() => json(200, { authorization_code: 'ac-42' }));
      const el = await renderRegister('password="none"');
      const events = recordEvents(el, ['nid-success']);
      await fill(el, control(el, 'Email address'), 'john@example.com');
      await click(el, submitButton(el));
      expect((events[0] as CustomEvent).detail).to.deep.equal({ status: 'signed_in', authorization_code: 'ac-42' });
      expect(statusText(el)).to.equal('Your account has been created.');
      expect(root(el).querySelector('form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('treats an undocumented 200 answer as malformed: input kept, a retry allowed', async () => {
      stub.respond(() => json(200, { status: 'activation_pending' }));
      const el = await renderRegister();
      const errors = recordEvents(el, ['nid-error']);
      await fillValid(el);
      await click(el, submitButton(el));
      expect((errors[0] as CustomEvent).detail).to.deep.equal({ code: 'malformed_response', status: 200 });
      expect(alertText(el)).to.equal('We are unable to process your request right now. Please try again later.');
      expect(control(el, 'Email address').value).to.equal('john.smith@example.com');
      expect(control(el, 'Password').value).to.equal(PASSWORD);
      stub.respond(CREATED);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      expect(statusText(el)).to.contain('Check your email');
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
