/** <nid-register> when the service says no, or says nothing: messages, kept input, focus, countdowns. */
import { expect } from '@open-wc/testing';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { hang, json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  button,
  click,
  control,
  errorOf,
  fill,
  focused,
  query,
  recordEvents,
  root,
  serialiseEvent,
  settle,
  statusText,
} from '../helpers/user.js';
import { PASSWORD, RESEND_URL, fillValid, renderRegister, sentBody } from './register-fixture.js';

const EMAIL = 'john.smith@example.com';
const submitButton = (el: NidRegister) => query<HTMLButtonElement>(el, 'button[type="submit"]');
const GENERIC = 'Something went wrong. Please try again.';
const SEED_503 = 'We are unable to process your request right now. Please try again later.';

async function filledForm(extra = 'fields="firstName"'): Promise<NidRegister> {
  const el = await renderRegister(extra);
  await fillValid(el, EMAIL);
  await fill(el, control(el, 'First name'), 'John');
  return el;
}

/** Everything the user typed is still there. */
function expectInputKept(el: NidRegister): void {
  expect(control(el, 'Email address').value).to.equal(EMAIL);
  expect(control(el, 'First name').value).to.equal('John');
  expect(control(el, 'Password').value).to.equal(PASSWORD);
  expect(control(el, 'Confirm password').value).to.equal(PASSWORD);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CREATED = () => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' });

describe('<nid-register> failures', () => {
  let stub: FetchStub;
  /** Everything written to the console during a test: no failure path may print a secret. */
  let consoleOutput: string[];
  const originals = new Map<string, (...args: unknown[]) => void>();
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;

  beforeEach(() => {
    consoleOutput = [];
    for (const level of levels) {
      originals.set(level, console[level]);
      console[level] = (...args: unknown[]) => {
        consoleOutput.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(' '));
        originals.get(level)!.apply(console, args);
      };
    }
  });
  afterEach(() => {
    stub.restore();
    for (const level of levels) console[level] = originals.get(level)!;
    expect(consoleOutput.join('\n'), 'console output').to.not.contain(PASSWORD);
  });

  /** The service's 422 `invalid_form_fields` (contract section 2). */
  const formFields = (details: Record<string, string[]>) =>
    json(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details });

  describe('field errors from the service (422 invalid_form_fields)', () => {
    it('puts a known message on its field in the element’s own words, keeps the input and focuses the field', async () => {
      stub = stubFetch(() => formFields({ emailAddress: ['Email address is not formatted correctly.'] }));
      const el = await filledForm();
      const events = recordEvents(el, ['nid-error']);
      await click(el, submitButton(el));
      const email = control(el, 'Email address');
      expect(errorOf(el, email)).to.equal('Email address is not formatted correctly');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(el)).to.equal(email);
      expect(alertText(el)).to.equal('');
      expectInputKept(el);
      expect((events[0] as CustomEvent).detail).to.deep.equal({
        code: 'invalid_form_fields',
        status: 422,
        fields: [{ name: 'emailAddress', code: 'invalid_format' }],
      });
      await expect(el).to.be.accessible();
    });

    it('matches the message table whatever the case and spacing, and words each message', async () => {
      stub = stubFetch(() =>
        formFields({
          emailAddress: ['  YOU ARE NOT ABLE TO REGISTER WITH THIS EMAIL ADDRESS  '],
          newPassword: ['Password is not formatted correctly.'],
          newPasswordConfirm: ['Passwords do not match'],
        }),
      );
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'Email address'))).to.equal('You are not able to register with this email address');
      expect(errorOf(el, control(el, 'Password'))).to.equal('This password is not accepted. Choose a different one.');
      expect(errorOf(el, control(el, 'Confirm password'))).to.equal('Passwords do not match');
      expectInputKept(el);
    });

    it('shows a message it does not know as the service wrote it, as text only', async () => {
      const payload = 'First name <b>must</b> be <img src=x onerror="window.__xss = 1">short';
      stub = stubFetch(() => formFields({ firstName: [payload, 'a second message'] }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'First name'))).to.equal(payload);
      expect(root(el).querySelector('b, img')).to.equal(null);
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    });

    it('puts one message on every field a joined key names ("newPassword, newPasswordConfirm")', async () => {
      stub = stubFetch(() => formFields({ 'newPassword, newPasswordConfirm': ['Passwords do not match'] }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'Password'))).to.equal('Passwords do not match');
      expect(errorOf(el, control(el, 'Confirm password'))).to.equal('Passwords do not match');
    });

    it('clears a server error as soon as the user edits that field', async () => {
      stub = stubFetch(() => formFields({ newPassword: ['Password is not formatted correctly.'] }));
      const el = await filledForm();
      await click(el, submitButton(el));
      const password = control(el, 'Password');
      expect(errorOf(el, password)).to.equal('This password is not accepted. Choose a different one.');
      await fill(el, password, `${PASSWORD} and more`);
      expect(errorOf(el, password)).to.equal('');
    });

    it('lists messages about fields the form does not show in the alert, as plain text', async () => {
      const payload = '<img src=x onerror="window.__xss = 1">';
      stub = stubFetch(() => formFields({ captcha_token: [payload] }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal(`Some of the information was not accepted. Check it and try again. ${payload}`);
      expect(root(el).querySelector('img')).to.equal(null);
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expectInputKept(el);
      await expect(el).to.be.accessible();
    });
  });

  describe('errors of the whole request', () => {
    const cases: [string, () => Response | Promise<Response>, string, string][] = [
      ['400 Invalid json format', () => json(400, { error: 'http_exception', error_description: 'Invalid json format' }), GENERIC, 'bad_request'],
      ['403 (an unknown client)', () => json(403, { error: 'http_exception', error_description: 'Forbidden' }), SEED_503, 'invalid_client'],
      ['503', () => json(503, { error: 'service_unavailable' }), SEED_503, 'service_unavailable'],
      ['500', () => json(500, { error: 'server_error' }), SEED_503, 'server_error'],
      ['502 with an HTML body', () => raw(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' }), SEED_503, 'server_error'],
      ['200 with malformed JSON', () => raw(200, '{"uuid": "69ed'), SEED_503, 'malformed_response'],
      ['200 with an undocumented body', () => json(200, { status: 'welcome' }), SEED_503, 'malformed_response'],
      ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), SEED_503, 'network_error'],
    ];
    for (const [name, answer, text, code] of cases) {
      it(`on ${name}: says "${text}", keeps every value, focuses the alert, fires nid-error`, async () => {
        stub = stubFetch(answer);
        const el = await filledForm();
        const events = recordEvents(el, ['nid-error']);
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(text);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expectInputKept(el);
        expect(events.map((event) => (event as CustomEvent).detail.code)).to.deep.equal([code]);
        expect(events.map(serialiseEvent).join()).to.not.contain(PASSWORD);
        expect(stub.calls).to.have.length(1);
        await expect(el).to.be.accessible();
      });
    }

    it('reports a 403 to the integrator with one console warning', async () => {
      stub = stubFetch(() => json(403, { error: 'http_exception', error_description: 'Forbidden' }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(consoleOutput.filter((line) => line.includes('client-id'))).to.have.length(1);
    });

    it('on 422 invalid_parameters: a generic message, nid-error invalid_request with the parameters, one warning naming them', async () => {
      stub = stubFetch(() =>
        json(422, {
          error: 'invalid_parameters',
          error_details: {
            'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' },
            redirect_uri: { invalid: 'invalid value' },
          },
        }),
      );
      const el = await filledForm();
      const events = recordEvents(el, ['nid-error']);
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal(GENERIC);
      expect((events[0] as CustomEvent).detail).to.deep.equal({
        code: 'invalid_request',
        status: 422,
        details: { newPassword: 'unexpected', newPasswordConfirm: 'unexpected', redirect_uri: 'invalid' },
      });
      const warnings = consoleOutput.filter((line) => line.includes('parameters'));
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('newPassword (unexpected)').and.to.contain('redirect_uri (invalid)');
      expectInputKept(el);
    });

    it('reads "Missing Parameter" from a 422 without details', async () => {
      stub = stubFetch(() => json(422, { error: 'missing_argument', error_details: null, error_description: 'Missing Parameter: redirect_uri' }));
      const el = await filledForm();
      const events = recordEvents(el, ['nid-error']);
      await click(el, submitButton(el));
      expect((events[0] as CustomEvent).detail.details).to.deep.equal({ redirect_uri: 'missing' });
    });

    it('times out and lets the user try again: a new request only when they ask', async () => {
      stub = stubFetch(hang);
      const el = await filledForm('fields="firstName" request-timeout="150"');
      await click(el, submitButton(el));
      await wait(250);
      await settle(el);
      expect(alertText(el)).to.equal(SEED_503);
      expectInputKept(el);
      expect(stub.calls).to.have.length(1); // no automatic retry of a POST
      stub.respond(CREATED);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      expect(statusText(el)).to.contain('Check your email');
    });

    it('aborts the request when the element is removed, without an error', async () => {
      stub = stubFetch(hang);
      const el = await filledForm();
      const events = recordEvents(el, ['nid-error']);
      await click(el, submitButton(el));
      el.remove();
      await wait(10);
      expect(stub.calls[0]!.signal!.aborted).to.equal(true);
      expect(events).to.have.length(0);
    });
  });

  describe('too many attempts (429)', () => {
    it('disables submit with a visible countdown, announced at its start and end only', async () => {
      stub = stubFetch(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '2' }));
      const el = await filledForm();
      await click(el, submitButton(el));
      const submit = submitButton(el);
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 2 seconds.');
      // The alert carries the announcement once; the timer is not a live region.
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 2 seconds.');
      expect(query(el, '[role="timer"]').closest('[role="alert"], [role="status"], [aria-live]')).to.equal(null);
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expectInputKept(el);
      await expect(el).to.be.accessible();

      await click(el, submit);
      expect(stub.calls).to.have.length(1);

      await wait(2200);
      await settle(el);
      expect(root(el).querySelector('[role="timer"]')).to.equal(null);
      expect(submit.getAttribute('aria-disabled')).to.equal('false');
      expect(alertText(el)).to.equal('');
      expect(statusText(el)).to.equal('You can try again now.');
      stub.respond(CREATED);
      await click(el, submit);
      expect(stub.calls).to.have.length(2);
    });

    it('reads Retry-After as an HTTP date, and falls back to 30 seconds when unreadable', async () => {
      const inFive = new Date(Date.now() + 5000).toUTCString();
      stub = stubFetch(() => json(429, { error: 'rate_limited' }, { 'Retry-After': inFive }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(query(el, '[role="timer"]').textContent).to.match(/Try again in [3-6] seconds\./);
      el.remove();

      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': 'soon' }));
      const other = await filledForm();
      await click(other, submitButton(other));
      expect(query(other, '[role="timer"]').textContent!.trim()).to.equal('Try again in 30 seconds.');
    });
  });

  describe('resend after registering', () => {
    async function registered(): Promise<NidRegister> {
      stub = stubFetch(CREATED);
      // "en": English, resolved to the shipped en-US, which every request names as its locale.
      const el = await filledForm('fields="firstName" ui-locales="en"');
      await click(el, submitButton(el));
      return el;
    }

    it('posts the documented body to /resend-verification and confirms', async () => {
      const el = await registered();
      stub.respond(() => json(200, {}));
      const events = recordEvents(el);
      await click(el, button(el, 'Send the email again'));
      expect(stub.calls[1]!.url).to.equal(RESEND_URL);
      expect(sentBody(stub.calls[1])).to.deep.equal({
        client_id: 'client-1',
        auth_type: 'email',
        user_id: EMAIL,
        redirect_uri: 'https://app.example.com/callback',
        locale: 'en-US',
      });
      expect(statusText(el)).to.contain('We sent it again.');
      expect(events.map((event) => `${event.type}:${(event as unknown as { journey: string }).journey}`)).to.deep.equal([
        'nid-submit:resend-verification',
        'nid-success:resend-verification',
      ]);
      await expect(el).to.be.accessible();
    });

    it('shows the same confirmation whatever the body says (the service words verified and unknown accounts differently)', async () => {
      const shown = async (answer: () => Response) => {
        const el = await registered();
        stub.respond(answer);
        const events = recordEvents(el, ['nid-success']);
        await click(el, button(el, 'Send the email again'));
        return { markup: root(el).innerHTML.replace(/<!--[^>]*-->/g, ''), events: events.map(serialiseEvent) };
      };
      const unverified = await shown(() => json(200, {}));
      const other = await shown(() => json(200, { message: 'An email has been sent to the address on record.' }));
      expect(other).to.deep.equal(unverified);
    });

    it('has its own countdown after a 429', async () => {
      const el = await registered();
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '60' }));
      const resend = button(el, 'Send the email again');
      await click(el, resend);
      expect(resend.getAttribute('aria-disabled')).to.equal('true');
      expect(query(el, '[role="timer"]').textContent!.trim()).to.equal('Try again in 60 seconds.');
      expect(alertText(el)).to.equal('Too many attempts. You can try again in 60 seconds.');
      expect(statusText(el)).to.contain('Check your email');
      await click(el, resend);
      expect(stub.calls).to.have.length(2);
      await expect(el).to.be.accessible();
    });
  });
});
