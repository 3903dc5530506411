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

  describe('field errors from the service', () => {
    it('puts "not allowed" on the email field, keeps the input and focuses the field', async () => {
      stub = stubFetch(() =>
        json(400, {
          error: 'validation_failed',
          error_description: 'The request has invalid fields',
          fields: [{ name: 'emailAddress', code: 'not_allowed', message: 'blocked domain' }],
        }),
      );
      const el = await filledForm();
      const events = recordEvents(el, ['nid-error']);
      await click(el, submitButton(el));
      const email = control(el, 'Email address');
      expect(errorOf(el, email)).to.equal('You are not able to register with this email address');
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(el)).to.equal(email);
      expect(alertText(el)).to.equal('');
      expectInputKept(el);
      expect((events[0] as CustomEvent).detail).to.deep.equal({
        code: 'validation_failed',
        status: 400,
        fields: [{ name: 'emailAddress', code: 'not_allowed' }],
      });
      await expect(el).to.be.accessible();
    });

    it('clears a server error as soon as the user edits that field', async () => {
      stub = stubFetch(() => json(400, { error: 'validation_failed', fields: [{ name: 'password', code: 'breached' }] }));
      const el = await filledForm();
      await click(el, submitButton(el));
      const password = control(el, 'Password');
      expect(errorOf(el, password)).to.equal('This password has appeared in a data breach. Choose a different one.');
      await fill(el, password, `${PASSWORD} and more`);
      expect(errorOf(el, password)).to.equal('');
    });

    it('lists errors about fields the form does not show in the alert, as plain text', async () => {
      const payload = '<img src=x onerror="window.__xss = 1">';
      stub = stubFetch(() =>
        json(400, { error: 'validation_failed', fields: [{ name: 'captcha_token', code: 'captcha_failed', message: payload }] }),
      );
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
      ['503', () => json(503, { error: 'service_unavailable' }), SEED_503, 'service_unavailable'],
      ['500', () => json(500, { error: 'server_error' }), GENERIC, 'server_error'],
      ['502 with an HTML body', () => raw(502, '<html><body>Bad gateway</body></html>', { 'Content-Type': 'text/html' }), GENERIC, 'server_error'],
      ['200 with malformed JSON', () => raw(201, '{"status": "activation_pend'), GENERIC, 'malformed_response'],
      ['201 with a body that fails the schema', () => json(201, { status: 'welcome' }), GENERIC, 'malformed_response'],
      ['400 invalid_redirect_uri', () => json(400, { error: 'invalid_redirect_uri' }), GENERIC, 'invalid_redirect_uri'],
      ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'We could not reach the service. Check your connection and try again.', 'network_error'],
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

    it('shows an unknown error code’s description as text only', async () => {
      stub = stubFetch(() => json(400, { error: 'strange_thing', error_description: '<b>Try</b> <script>window.__xss=2</script>later' }));
      const el = await filledForm();
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal('<b>Try</b> <script>window.__xss=2</script>later');
      expect(root(el).querySelector('b, script')).to.equal(null);
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    });

    it('times out, then retries the same submission with the same Idempotency-Key, and a changed one with a new key', async () => {
      stub = stubFetch(hang);
      const el = await filledForm('fields="firstName" request-timeout="150"');
      await click(el, submitButton(el));
      await wait(250);
      await settle(el);
      expect(alertText(el)).to.equal('The service took too long to answer. Please try again.');
      expectInputKept(el);
      stub.respond(() => json(500, {}));
      await click(el, submitButton(el));
      await fill(el, control(el, 'First name'), 'Johnny');
      await click(el, submitButton(el));
      const keys = stub.calls.map((call) => call.headers.get('Idempotency-Key'));
      expect(keys).to.have.length(3);
      expect(keys[1]).to.equal(keys[0]);
      expect(keys[2]).to.not.equal(keys[0]);
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
      stub.respond(() => json(201, { status: 'activation_pending', delivery: 'email' }));
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
      stub = stubFetch(() => json(201, { status: 'activation_pending', delivery: 'email' }));
      // "en": English (en-US) on screen, and the user's own preference sent as the locale.
      const el = await filledForm('fields="firstName" ui-locales="en"');
      await click(el, submitButton(el));
      return el;
    }

    it('posts the identifier and locale to /activate/resend and confirms', async () => {
      const el = await registered();
      stub.respond(() => new Response(null, { status: 202 }));
      const events = recordEvents(el);
      await click(el, button(el, 'Send the email again'));
      expect(stub.calls[1]!.url).to.equal(RESEND_URL);
      expect(sentBody(stub.calls[1])).to.deep.equal({ client_id: 'client-1', emailAddress: EMAIL, locale: 'en' });
      expect(statusText(el)).to.contain('We sent it again.');
      expect(events.map((event) => `${event.type}:${(event as unknown as { journey: string }).journey}`)).to.deep.equal([
        'nid-submit:resend-activation',
        'nid-success:resend-activation',
      ]);
      await expect(el).to.be.accessible();
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
