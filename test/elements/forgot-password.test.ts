/**
 * <nid-forgot-password> step 1: asking for a reset link. What renders, the
 * exact request, the same answer for known and unknown accounts, "Send the
 * link again", and every failure. (Step 2, the new password: forgot-password-reset.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { NidForgotPassword } from '../../src/elements/forgot-password/nid-forgot-password.js';
import { NidSubmitEvent, NidSuccessEvent } from '../../src/events.js';
import { hang, json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  button,
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
import { countryTrigger } from '../phone/picker.js';
import {
  BASE,
  CLIENT,
  FORGOT_URL,
  GENERIC,
  NOT_SET_UP,
  ACCOUNT,
  REDIRECT,
  SEED_503,
  SENT,
  SENT_CODE,
  renderForgot,
  restoreUrl,
  sentBody,
  submitButton,
  until,
  wait,
} from './forgot-password-fixture.js';

const EMAIL = 'john.smith@example.com';
const ACCEPTED = () => json(200, {});
/** What every step-1 request names besides the user. */
const ACCOUNT_BODY = { client_id: 'client-1', auth_type: 'email', redirect_uri: REDIRECT, locale: 'en-US' };

/** Types the email address and presses Enter in it, as a user does. */
async function requestLink(el: NidForgotPassword, email = EMAIL): Promise<void> {
  await type(el, control(el, 'Email address'), email);
  await press(el, 'Enter', control(el, 'Email address'));
}

/** The element after a successful step 1, showing "If an account exists...". */
async function sentTo(email = EMAIL, attributes = ACCOUNT): Promise<NidForgotPassword> {
  const el = await renderForgot(attributes);
  await fill(el, control(el, 'Email address'), email);
  await click(el, submitButton(el));
  return el;
}

/**
 * Presses Enter in a field while a request is in flight. (`press()` settles,
 * which waits for the busy request to end: here nothing should happen at all.)
 */
async function enterWhileBusy(el: NidForgotPassword, target: HTMLElement): Promise<void> {
  target.focus();
  await sendKeys({ press: 'Enter' });
  await wait(0);
  await el.updateComplete;
}

const tick = async (el: NidForgotPassword) => {
  await wait(0);
  await el.updateComplete;
};

/** The shadow DOM without Lit's comment markers: what a user, a screen reader or a script can observe. */
function markup(el: NidForgotPassword): string {
  return root(el).innerHTML.replace(/<!--[\s\S]*?-->/g, '');
}

describe('<nid-forgot-password> step 1: request a reset link', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(ACCEPTED);
  });
  afterEach(() => {
    stub.restore();
    restoreUrl();
  });

  describe('what renders', () => {
    it('shows an intro, "Email address" and "Send reset link", with empty live regions', async () => {
      const el = await renderForgot();
      expect(query(el, '[part="message"]').textContent!.trim()).to.equal(
        'Enter the email address of your account and we will send you a link to reset your password.',
      );
      const email = control(el, 'Email address');
      expect(email.type).to.equal('email');
      expect(email.autocomplete).to.equal('username');
      expect(email.required).to.equal(true);
      expect(submitButton(el).textContent!.trim()).to.equal('Send reset link');
      expect(root(el).querySelector('input[type="password"]')).to.equal(null);
      // The live regions exist from the first render, empty.
      expect(alertText(el)).to.equal('');
      expect(statusText(el)).to.equal('');
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('with auth-type="sms" asks for the mobile number with its country picker', async () => {
      const el = await renderForgot(`${ACCOUNT} auth-type="sms" mobile-default-country="GB"`);
      await phoneReady(el);
      expect(query(el, '[part="message"]').textContent!.trim()).to.equal(
        'Enter the mobile number of your account and we will send you a code to reset your password.',
      );
      const mobile = control(el, 'Mobile number');
      expect(mobile.type).to.equal('tel');
      const country = countryTrigger(el);
      expect(country.getAttribute('aria-label')).to.equal('United Kingdom +44');
      expect(country.disabled).to.equal(false);
      expect(() => control(el, 'Email address')).to.throw();
      await expect(el).to.be.accessible();
    });

    const broken: [string, string][] = [
      ['without redirect-uri', `${CLIENT}`],
      ['with a redirect-uri that is not a URL', `${CLIENT} redirect-uri="not a url"`],
      ['without client-id', `base-domain="${BASE}" redirect-uri="${REDIRECT}"`],
      ['with an http base-domain', `base-domain="http://id.example.com" client-id="client-1" redirect-uri="${REDIRECT}"`],
      ['with a javascript: base-domain', `base-domain="javascript:alert(1)" client-id="client-1" redirect-uri="${REDIRECT}"`],
      ['with an env-id that is not one', `${ACCOUNT} env-id="../x"`],
    ];
    for (const [name, attributes] of broken) {
      it(`${name}: shows the configuration error, fires invalid_config and sends nothing`, async () => {
        const events: Event[] = [];
        const el = await renderForgot(attributes, (event) => events.push(event));
        expect(root(el).querySelector('form')).to.equal(null);
        expect(alertText(el)).to.equal(NOT_SET_UP);
        expect(events.map((event) => `${event.type}:${JSON.stringify((event as CustomEvent).detail)}`)).to.deep.equal([
          'nid-error:{"code":"invalid_config"}',
        ]);
        expect(stub.calls).to.have.length(0);
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('client validation', () => {
    it('on an empty submit says "This field is required.", focuses the field and sends nothing', async () => {
      const el = await renderForgot();
      await click(el, submitButton(el));
      const email = control(el, 'Email address');
      expect(errorOf(el, email)).to.equal('This field is required.');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(el)).to.equal(email);
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('on Enter with a malformed address says "Email address is not formatted correctly" and sends nothing', async () => {
      const el = await renderForgot();
      await requestLink(el, 'john@');
      const email = control(el, 'Email address');
      expect(errorOf(el, email)).to.equal('Email address is not formatted correctly');
      expect(focused(el)).to.equal(email);
      expect(email.value).to.equal('john@');
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('the request', () => {
    it('posts the documented body to /forgot-password, as JSON, with ?env_id= when set', async () => {
      const el = await renderForgot(`${ACCOUNT} ui-locales="en-GB fr" env-id="env-1"`);
      await fill(el, control(el, 'Email address'), ` ${EMAIL} `);
      await press(el, 'Enter', control(el, 'Email address'));
      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal(`${FORGOT_URL}?env_id=env-1`);
      expect(call.headers.get('Content-Type')).to.equal('application/json');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.has('Idempotency-Key')).to.equal(false);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(sentBody(call)).to.deep.equal({ ...ACCOUNT_BODY, locale: 'en-GB', user_id: EMAIL });
    });

    it('with auth-type="sms" sends the mobile number in E.164 and names it in the message', async () => {
      const el = await renderForgot(`${ACCOUNT} auth-type="sms" mobile-default-country="GB"`);
      await phoneReady(el);
      const mobile = control(el, 'Mobile number');
      await type(el, mobile, '07400123456');
      expect(mobile.value).to.equal('07400 123456');
      await press(el, 'Enter', mobile);
      expect(sentBody(stub.calls[0])).to.deep.equal({ ...ACCOUNT_BODY, auth_type: 'sms', user_id: '+447400123456' });
      expect(statusText(el)).to.equal(SENT_CODE('+447400123456'));
      await expect(el).to.be.accessible();
    });

    it('pre-fills the email address from login-hint, which it does not send', async () => {
      const el = await renderForgot(`${ACCOUNT} login-hint="hint@example.com"`);
      expect(control(el, 'Email address').value).to.equal('hint@example.com');
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0])).to.deep.equal({ ...ACCOUNT_BODY, user_id: 'hint@example.com' });
    });

    it('fires nid-submit with the body, then nid-success with { status: "sent" }, not cancelable', async () => {
      const el = await renderForgot();
      const events = recordEvents(el);
      await requestLink(el);
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
      const submit = events[0] as NidSubmitEvent;
      expect(submit.bubbles && submit.composed && submit.cancelable).to.equal(true);
      expect(submit.detail).to.deep.equal({ journey: 'forgot-password', body: sentBody(stub.calls[0]) });
      const success = events[1] as NidSuccessEvent;
      expect(success.journey).to.equal('forgot-password');
      expect(success.detail).to.deep.equal({ status: 'sent' });
      expect(success.bubbles && success.composed).to.equal(true);
      expect(success.cancelable).to.equal(false);
    });

    it('sends exactly one request however often the user clicks or presses Enter', async () => {
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const el = await renderForgot();
      await fill(el, control(el, 'Email address'), EMAIL);
      const submit = submitButton(el);
      submit.click();
      submit.click();
      await enterWhileBusy(el, control(el, 'Email address'));
      submit.click();
      await tick(el);
      expect(stub.calls).to.have.length(1);
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      expect(submit.hasAttribute('data-busy')).to.equal(true);
      expect(statusText(el)).to.equal('Sending…');
      await expect(el).to.be.accessible();
      answer(ACCEPTED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
      expect(statusText(el)).to.equal(SENT(EMAIL));
    });
  });

  describe('after the request', () => {
    it('says "If an account exists for …" in the status region, focuses it, and offers "Send the link again"', async () => {
      const el = await sentTo();
      expect(statusText(el)).to.equal(SENT(EMAIL));
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.equal('');
      const again = button(el, 'Send the link again');
      expect(again.type).to.equal('button');
      expect(again.getAttribute('aria-disabled')).to.equal('false');
      await expect(el).to.be.accessible();
    });

    it('looks and reports exactly the same for a known and an unknown account', async () => {
      const answers: [string, () => Response][] = [
        ['200 {}', () => json(200, {})],
        ['200 with an empty body', () => raw(200, null)],
        ['200 with a message', () => json(200, { message: 'An email has been sent to the address on record.' })],
        ['404 (no such account)', () => json(404, { error: 'not_found' })],
        ['422 about user_id', () => json(422, { error: 'invalid_parameters', error_details: { user_id: { invalid: 'invalid value' } } })],
      ];
      const seen: { name: string; markup: string; text: string; success: string; focus: string | undefined }[] = [];
      for (const [name, answer] of answers) {
        stub.respond(answer);
        const el = await renderForgot();
        const events = recordEvents(el, ['nid-success', 'nid-error']);
        await requestLink(el);
        expect(events.map((event) => event.type), name).to.deep.equal(['nid-success']);
        seen.push({
          name,
          markup: markup(el),
          text: root(el).textContent!.replace(/\s+/g, ' ').trim(),
          success: serialiseEvent(events[0]!),
          focus: focused(el)?.outerHTML,
        });
        await expect(el).to.be.accessible();
        el.remove();
      }
      const [known, ...others] = seen;
      expect(known!.text).to.contain(SENT(EMAIL));
      for (const other of others) {
        expect(other.markup, `shadow DOM: ${other.name} vs ${known!.name}`).to.equal(known!.markup);
        expect(other.text, `text: ${other.name}`).to.equal(known!.text);
        expect(other.success, `nid-success: ${other.name}`).to.equal(known!.success);
        expect(other.focus, `focus: ${other.name}`).to.equal(known!.focus);
      }
    });

    it('"Send the link again" sends the same body again, each time the user asks', async () => {
      const el = await sentTo();
      const events = recordEvents(el);
      stub.respond(() => raw(200, null));
      await click(el, button(el, 'Send the link again'));
      await click(el, button(el, 'Send the link again'));
      expect(stub.calls).to.have.length(3);
      for (const call of stub.calls.slice(1)) {
        expect(call.url).to.equal(FORGOT_URL);
        expect(call.method).to.equal('POST');
        expect(sentBody(call)).to.deep.equal(sentBody(stub.calls[0]));
      }
      expect(events.map((event) => `${event.type}:${(event as NidSuccessEvent).journey}`)).to.deep.equal([
        'nid-submit:forgot-password',
        'nid-success:forgot-password',
        'nid-submit:forgot-password',
        'nid-success:forgot-password',
      ]);
      expect((events[1] as NidSuccessEvent).detail).to.deep.equal({ status: 'sent' });
      expect(statusText(el)).to.equal(`${SENT(EMAIL)} We sent it again.`);
      expect(alertText(el)).to.equal('');
      await expect(el).to.be.accessible();
    });

    it('"Send the link again" sends one request however often it is clicked', async () => {
      const el = await sentTo();
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const again = button(el, 'Send the link again');
      again.click();
      again.click();
      await tick(el);
      again.click();
      await tick(el);
      expect(stub.calls).to.have.length(2);
      expect(again.getAttribute('aria-disabled')).to.equal('true');
      expect(statusText(el)).to.equal(`${SENT(EMAIL)} Sending…`);
      answer(ACCEPTED());
      await settle(el);
      expect(stub.calls).to.have.length(2);
      expect(again.getAttribute('aria-disabled')).to.equal('false');
    });

    it('"Send the link again" has its own 429 countdown, announced once, and ignores clicks while it runs', async () => {
      const el = await sentTo();
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '60' }));
      const again = button(el, 'Send the link again');
      await click(el, again);
      expect(again.getAttribute('aria-disabled')).to.equal('true');
      const timer = query(el, '[role="timer"]');
      expect(timer.textContent!.trim()).to.equal('Try again in 60 seconds.');
      expect(timer.closest('[role="alert"], [role="status"], [aria-live]'), 'the timer is not a live region').to.equal(null);
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 60 seconds.');
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expect(statusText(el)).to.equal(SENT(EMAIL));
      await expect(el).to.be.accessible();

      await click(el, again);
      await click(el, again);
      expect(stub.calls).to.have.length(2);

      // A second later the visible timer has moved on; the announcement has not changed.
      await wait(1000);
      await until(el, () => query(el, '[role="timer"]').textContent!.trim() !== 'Try again in 60 seconds.');
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 59 seconds.');
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 60 seconds.');
      expect(stub.calls).to.have.length(2);
    });

    it('lets "Send the link again" work again once its countdown is over', async () => {
      const el = await sentTo();
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '1' }));
      const again = button(el, 'Send the link again');
      await click(el, again);
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 1 second.');
      await until(el, () => root(el).querySelector('[role="timer"]') === null);
      await settle(el);
      expect(root(el).querySelector('[role="timer"]')).to.equal(null);
      expect(again.getAttribute('aria-disabled')).to.equal('false');
      expect(alertText(el)).to.equal('');
      expect(statusText(el)).to.equal(`${SENT(EMAIL)} You can try again now.`);
      await expect(el).to.be.accessible();
      stub.respond(ACCEPTED);
      await click(el, again);
      expect(stub.calls).to.have.length(3);
      expect(sentBody(stub.calls[2])).to.deep.equal(sentBody(stub.calls[0]));
    });
  });

  describe('failures', () => {
    const cases: [string, () => Response | Promise<Response>, string, string][] = [
      ['503', () => json(503, { error: 'service_unavailable' }), SEED_503, 'service_unavailable'],
      ['403 (an unknown client)', () => json(403, { error: 'http_exception', error_description: 'Forbidden' }), SEED_503, 'invalid_client'],
      ['500', () => json(500, { error: 'server_error' }), SEED_503, 'server_error'],
      ['502 with an HTML body', () => raw(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' }), SEED_503, 'server_error'],
      ['200 with malformed JSON', () => raw(200, '{"status": "se'), SEED_503, 'malformed_response'],
      ['200 with a JSON array', () => json(200, ['sent']), SEED_503, 'malformed_response'],
      ['400 with an invalid env_id', () => json(400, { error: 'Invalid_domain', error_description: 'Invalid API usage' }), GENERIC, 'invalid_request'],
      ['422 on redirect_uri', () => json(422, { error: 'invalid_parameters', error_details: { redirect_uri: { invalid: 'invalid value' } } }), GENERIC, 'invalid_request'],
      ['422 without redirect_uri', () => json(422, { error: 'http_exception', error_details: null, error_description: 'missing_argument Missing Parameter: redirect_uri' }), GENERIC, 'invalid_request'],
      ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), SEED_503, 'network_error'],
    ];
    for (const [name, answer, text, code] of cases) {
      it(`on ${name}: says "${text}", keeps the address, focuses the alert, one request per submission`, async () => {
        stub.respond(answer);
        const el = await renderForgot();
        const events = recordEvents(el, ['nid-error', 'nid-success']);
        await requestLink(el);
        expect(alertText(el)).to.equal(text);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expect(control(el, 'Email address').value).to.equal(EMAIL);
        expect(statusText(el)).to.equal('');
        expect(events.map((event) => (event as CustomEvent).detail.code)).to.deep.equal([code]);
        expect(stub.calls).to.have.length(1);
        await expect(el).to.be.accessible();

        // The user tries again, impatiently: one more request, not three.
        let release!: (response: Response) => void;
        stub.respond(() => new Promise<Response>((resolve) => (release = resolve)));
        submitButton(el).click();
        submitButton(el).click();
        await enterWhileBusy(el, control(el, 'Email address'));
        expect(stub.calls).to.have.length(2);
        release(ACCEPTED());
        await settle(el);
        expect(statusText(el)).to.equal(SENT(EMAIL));
        expect(alertText(el)).to.equal('');
      });
    }

    it('on a timeout: says so, keeps the address, focuses the alert, and sends again only when asked', async () => {
      stub.respond(hang);
      const el = await renderForgot(`${ACCOUNT} request-timeout="150"`);
      const events = recordEvents(el, ['nid-error']);
      await requestLink(el);
      await until(el, () => alertText(el) !== '');
      await settle(el);
      expect(alertText(el)).to.equal(SEED_503);
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expect(control(el, 'Email address').value).to.equal(EMAIL);
      expect(events.map((event) => (event as CustomEvent).detail.code)).to.deep.equal(['timeout']);
      await wait(300);
      expect(stub.calls, 'no automatic retry').to.have.length(1);
      await expect(el).to.be.accessible();
      stub.respond(ACCEPTED);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      expect(statusText(el)).to.equal(SENT(EMAIL));
    });

    it('aborts the request when the element is removed, without an error', async () => {
      stub.respond(hang);
      const el = await renderForgot();
      const events = recordEvents(el, ['nid-error', 'nid-success']);
      await fill(el, control(el, 'Email address'), EMAIL);
      submitButton(el).click();
      await tick(el);
      expect(stub.calls).to.have.length(1);
      el.remove();
      await wait(10);
      expect(stub.calls[0]!.signal!.aborted).to.equal(true);
      expect(events).to.have.length(0);
    });

    it('on 429: disables the button with a countdown announced once, keeps the address, then lets the user retry', async () => {
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '1' }));
      const el = await renderForgot();
      await requestLink(el);
      const submit = submitButton(el);
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      const timer = query(el, '[role="timer"]');
      expect(timer.textContent!.trim()).to.equal('Try again in 1 second.');
      expect(timer.closest('[role="alert"], [role="status"], [aria-live]')).to.equal(null);
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 1 second.');
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expect(control(el, 'Email address').value).to.equal(EMAIL);
      await expect(el).to.be.accessible();

      await click(el, submit);
      await press(el, 'Enter', control(el, 'Email address'));
      expect(stub.calls).to.have.length(1);

      await until(el, () => root(el).querySelector('[role="timer"]') === null);
      await settle(el);
      expect(root(el).querySelector('[role="timer"]')).to.equal(null);
      expect(submit.getAttribute('aria-disabled')).to.equal('false');
      expect(alertText(el)).to.equal('');
      expect(statusText(el)).to.equal('You can try again now.');
      stub.respond(ACCEPTED);
      await click(el, submit);
      expect(stub.calls).to.have.length(2);
      expect(statusText(el)).to.contain(SENT(EMAIL));
    });

    it('after a 429 wait and a successful retry, the status region says only that the link was sent', async () => {
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '1' }));
      const el = await renderForgot();
      await requestLink(el);
      await until(el, () => root(el).querySelector('[role="timer"]') === null);
      await settle(el);
      expect(statusText(el)).to.equal('You can try again now.');
      stub.respond(ACCEPTED);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      // "You can try again now." was about the wait; after the success it would tell the user to try again.
      expect(statusText(el)).to.equal(SENT(EMAIL));
    });
  });
});
