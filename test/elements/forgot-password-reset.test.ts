/**
 * <nid-forgot-password> step 2: the emailed link brings the user back with a
 * token; they choose a new password. The token handling, validation, the
 * exact body, success and its navigation, bad links, failures, and that the
 * password never leaks. (Step 1: forgot-password.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { NidForgotPassword } from '../../src/elements/forgot-password/nid-forgot-password.js';
import { NidErrorEvent, NidSubmitEvent, NidSuccessEvent } from '../../src/events.js';
import { hang, json, stubFetch, UUID_V4, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  button,
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
import {
  CLIENT,
  FORGOT_URL,
  GENERIC,
  NOT_SET_UP,
  OAUTH,
  RESET_URL,
  SEED_503,
  SENT,
  SETTINGS_URL,
  openLink,
  recordNavigation,
  renderForgot,
  restoreNavigation,
  restoreUrl,
  sentBody,
  spyConsole,
  submitButton,
  until,
  wait,
} from './forgot-password-fixture.js';

const TOKEN = 'tok-123';
const PASSWORD = 'correct horse battery';
/** Spaces at both ends and inside, non-ASCII letters: sent byte for byte. */
const TYPED = '  pässwörd with spaces ünïcode  ';
/** What a paste can bring that a keyboard does not: a decomposed accent (NFD), an astral emoji, a tab. */
const PASTED = 'Cafe\u0301 \u{1F510}\tlong enough ';
const SECRETS = [PASSWORD, TYPED, PASTED];
const NEXT = 'https://app.example.com/home?code=c-1&state=st-1';
const CHANGED = () => json(200, { status: 'password_reset', redirect_uri: NEXT });
const CHANGED_TEXT = 'Your password has been changed.';

/** Opens the emailed link (`?token=...`) and renders the element. */
async function openReset(attributes = CLIENT, search = `?token=${TOKEN}`): Promise<NidForgotPassword> {
  openLink(search);
  return renderForgot(attributes);
}

async function fillPasswords(el: NidForgotPassword, password = PASSWORD, confirmation = password): Promise<void> {
  await fill(el, control(el, 'New password'), password);
  await fill(el, control(el, 'Confirm new password'), confirmation);
}

function expectPasswordsKept(el: NidForgotPassword, password = PASSWORD): void {
  expect(control(el, 'New password').value).to.equal(password);
  expect(control(el, 'Confirm new password').value).to.equal(password);
}

/** Everything outside the two inputs' values that a script or a screenshot could read. */
function exposedText(el: NidForgotPassword): string {
  return [
    root(el).innerHTML,
    root(el).textContent,
    el.outerHTML,
    document.body.innerText,
    location.href,
    JSON.stringify({ ...localStorage }),
    JSON.stringify({ ...sessionStorage }),
    JSON.stringify(history.state),
  ].join('\n');
}

const tick = async (el: NidForgotPassword) => {
  await wait(0);
  await el.updateComplete;
};

describe('<nid-forgot-password> step 2: set a new password', () => {
  let stub: FetchStub;
  let visited: string[];
  let consoleSpy: ReturnType<typeof spyConsole>;

  beforeEach(() => {
    stub = stubFetch(CHANGED);
    visited = recordNavigation();
    consoleSpy = spyConsole();
  });
  afterEach(() => {
    stub.restore();
    restoreNavigation();
    restoreUrl();
    consoleSpy.restore();
    const output = consoleSpy.output.join('\n');
    for (const secret of SECRETS) expect(output, 'console output').to.not.contain(secret);
  });

  describe('the link', () => {
    it('reads ?token= from the address bar, removes it, and shows the new-password form without sending anything', async () => {
      const el = await openReset(CLIENT, `?utm=mail&token=${TOKEN}#top`);
      expect(location.href).to.not.contain(TOKEN);
      expect(location.search).to.equal('?utm=mail');
      expect(location.hash).to.equal('#top');

      const password = control(el, 'New password');
      const confirmation = control(el, 'Confirm new password');
      for (const input of [password, confirmation]) {
        expect(input.type).to.equal('password');
        expect(input.autocomplete).to.equal('new-password');
        expect(input.required).to.equal(true);
      }
      expect(button(el, 'Show password').getAttribute('aria-pressed')).to.equal('false');
      expect(button(el, 'Show password confirmation').getAttribute('aria-pressed')).to.equal('false');
      expect(submitButton(el).textContent!.trim()).to.equal('Set new password');
      expect(() => control(el, 'Email address')).to.throw();
      expect(alertText(el)).to.equal('');
      expect(statusText(el)).to.equal('');
      expect(stub.calls, 'the token is never used on load').to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('takes the token from the token attribute', async () => {
      const el = await renderForgot(`${CLIENT} token="attr-tok"`);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).token).to.equal('attr-tok');
    });

    it('reads the query parameter named by token-param, and only that one', async () => {
      const el = await openReset(`${CLIENT} token-param="reset"`, '?token=not-mine&reset=tok-9');
      expect(location.search).to.equal('?token=not-mine');
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).token).to.equal('tok-9');
    });

    it('shows step 1 when the address has no token', async () => {
      const el = await openReset(OAUTH, '?other=1');
      expect(control(el, 'Email address')).to.exist;
      expect(() => control(el, 'New password')).to.throw();
    });

    it('needs no redirect-uri or state', async () => {
      const events: Event[] = [];
      openLink(`?token=${TOKEN}`);
      const el = await renderForgot(CLIENT, (event) => events.push(event));
      expect(alertText(el)).to.equal('');
      expect(root(el).querySelector('form')).to.not.equal(null);
      await fillPasswords(el);
      await press(el, 'Enter', control(el, 'Confirm new password'));
      expect(stub.calls).to.have.length(1);
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
    });

    it('still needs client-id: without it, the configuration error and nothing sent', async () => {
      const events: Event[] = [];
      openLink(`?token=${TOKEN}`);
      const el = await renderForgot(`base-domain="https://id.example.com"`, (event) => events.push(event));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.equal(NOT_SET_UP);
      expect(events.map((event) => JSON.stringify((event as NidErrorEvent).detail))).to.deep.equal(['{"code":"invalid_config"}']);
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('with load-settings, fetches the client settings without redirect-uri or state and applies their password policy', async () => {
      stub.respond((call) => (call.method === 'GET' ? json(200, { password_policy: { min_length: 12 } }) : CHANGED()));
      const el = await openReset(`${CLIENT} load-settings`);
      await settle(el);
      expect(stub.calls.map((call) => `${call.method} ${call.url}`)).to.deep.equal([`GET ${SETTINGS_URL}`]);
      await fillPasswords(el, 'eleven char');
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.equal('Use at least 12 characters.');
      expect(stub.calls).to.have.length(1);
    });
  });

  describe('client validation', () => {
    it('on an empty submit marks both fields, focuses "New password" and sends nothing', async () => {
      const el = await openReset();
      await click(el, submitButton(el));
      const password = control(el, 'New password');
      expect(errorOf(el, password)).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'Confirm new password'))).to.equal('This field is required.');
      expect(password.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(el)).to.equal(password);
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('says "Passwords do not match" on the confirmation, focuses it and sends nothing', async () => {
      const el = await openReset();
      await fillPasswords(el, PASSWORD, `${PASSWORD}!`);
      await press(el, 'Enter', control(el, 'Confirm new password'));
      const confirmation = control(el, 'Confirm new password');
      expect(errorOf(el, confirmation)).to.equal('Passwords do not match');
      expect(errorOf(el, control(el, 'New password'))).to.equal('');
      expect(focused(el)).to.equal(confirmation);
      expect(stub.calls).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('counts the length in code points, against password-min-length', async () => {
      const el = await openReset(`${CLIENT} password-min-length="10"`);
      const password = control(el, 'New password');
      expect(errorOf(el, password)).to.equal('');
      expect(root(el).getElementById(password.getAttribute('aria-describedby')!)!.textContent!.trim()).to.equal(
        'Use at least 10 characters. A few unrelated words make a strong password.',
      );
      await fillPasswords(el, '😀'.repeat(9)); // 9 code points, 18 UTF-16 units
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.equal('Use at least 10 characters.');
      expect(stub.calls).to.have.length(0);
      await fillPasswords(el, '😀'.repeat(10));
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(1);
      expect(sentBody(stub.calls[0]).password).to.equal('😀'.repeat(10));
    });

    it('shows and hides each password with its own toggle (aria-pressed), keeping what was typed', async () => {
      const el = await openReset();
      await fillPasswords(el);
      const show = button(el, 'Show password');
      const showConfirmation = button(el, 'Show password confirmation');
      expect(show.type).to.equal('button');
      expect(show.getAttribute('aria-controls')).to.equal(control(el, 'New password').id);
      await click(el, show);
      expect(show.getAttribute('aria-pressed')).to.equal('true');
      expect(control(el, 'New password').type).to.equal('text');
      expect(control(el, 'Confirm new password').type).to.equal('password');
      await expect(el).to.be.accessible();
      await click(el, showConfirmation);
      expect(showConfirmation.getAttribute('aria-pressed')).to.equal('true');
      expect(control(el, 'Confirm new password').type).to.equal('text');
      await click(el, show);
      expect(show.getAttribute('aria-pressed')).to.equal('false');
      expect(control(el, 'New password').type).to.equal('password');
      expectPasswordsKept(el);
      expect(stub.calls, 'a toggle is not a submit').to.have.length(0);
    });
  });

  describe('the request', () => {
    it('posts exactly { client_id, token, password } with the password as typed, and no confirmation', async () => {
      // Configured for step 1 as well: none of the OAuth parameters go into step 2.
      const el = await openReset(`${OAUTH} ui-locales="en-GB" login-hint="x@example.com"`);
      await type(el, control(el, 'New password'), TYPED);
      await type(el, control(el, 'Confirm new password'), TYPED);
      expectPasswordsKept(el, TYPED);
      await press(el, 'Enter', control(el, 'Confirm new password'));
      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal(RESET_URL);
      expect(call.headers.get('Content-Type')).to.equal('application/json');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.get('Idempotency-Key')).to.match(UUID_V4);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(sentBody(call)).to.deep.equal({ client_id: 'client-1', token: TOKEN, password: TYPED });
    });

    it('does not trim or normalise a pasted password', async () => {
      const el = await openReset();
      await fillPasswords(el, PASTED);
      await click(el, submitButton(el));
      const sent = sentBody(stub.calls[0]).password as string;
      expect(sent).to.equal(PASTED);
      expect([...sent].map((c) => c.codePointAt(0))).to.deep.equal([...PASTED].map((c) => c.codePointAt(0)));
    });

    it('fires nid-submit with { client_id, token } only, never the password', async () => {
      const el = await openReset();
      const events = recordEvents(el, ['nid-submit']);
      await fillPasswords(el);
      await click(el, submitButton(el));
      const submit = events[0] as NidSubmitEvent;
      expect(submit.cancelable).to.equal(true);
      expect(submit.detail).to.deep.equal({ journey: 'reset-password', body: { client_id: 'client-1', token: TOKEN } });
    });

    it('sends exactly one request however often the user clicks or presses Enter', async () => {
      let answer!: (response: Response) => void;
      stub.respond(() => new Promise<Response>((resolve) => (answer = resolve)));
      const el = await openReset();
      await fillPasswords(el);
      const submit = submitButton(el);
      submit.click();
      submit.click();
      control(el, 'Confirm new password').focus();
      await sendKeys({ press: 'Enter' });
      submit.click();
      await tick(el);
      expect(stub.calls).to.have.length(1);
      expect(submit.getAttribute('aria-disabled')).to.equal('true');
      expect(statusText(el)).to.equal('Sending…');
      await expect(el).to.be.accessible();
      answer(CHANGED());
      await settle(el);
      expect(stub.calls).to.have.length(1);
      expect(statusText(el)).to.equal(CHANGED_TEXT);
    });
  });

  describe('success', () => {
    it('says "Your password has been changed.", fires a cancelable nid-success, then goes to redirect_uri', async () => {
      const log: string[] = [];
      recordNavigation(log);
      const el = await openReset();
      const events = recordEvents(el);
      let statusAtSuccess = '';
      el.addEventListener('nid-success', () => {
        statusAtSuccess = statusText(el);
        log.push('nid-success');
      });
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(statusAtSuccess, 'the message shows before nid-success').to.equal(CHANGED_TEXT);
      expect(log).to.deep.equal(['nid-success', NEXT]);
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.equal('');
      const success = events.find((event) => event.type === 'nid-success') as NidSuccessEvent;
      expect(success.journey).to.equal('reset-password');
      expect(success.cancelable).to.equal(true);
      expect(success.detail).to.deep.equal({ status: 'password_reset', redirect_uri: NEXT });
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
      await expect(el).to.be.accessible();
    });

    it('stays on the page when nid-success is canceled', async () => {
      const el = await openReset();
      el.addEventListener('nid-success', (event) => event.preventDefault());
      const errors = recordEvents(el, ['nid-error']);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(visited).to.deep.equal([]);
      expect(errors).to.have.length(0);
    });

    for (const unsafe of ['javascript:alert(document.domain)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      it(`does not follow redirect_uri "${unsafe}" and fires nid-error unsafe_redirect_uri`, async () => {
        stub.respond(() => json(200, { status: 'password_reset', redirect_uri: unsafe }));
        const el = await openReset();
        const events = recordEvents(el);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(visited).to.deep.equal([]);
        expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success', 'nid-error']);
        const error = events[2] as NidErrorEvent;
        expect(error.detail).to.deep.equal({ code: 'unsafe_redirect_uri' });
        expect(error.journey).to.equal('reset-password');
        expect(statusText(el)).to.equal(CHANGED_TEXT);
        expect(root(el).querySelector('a[href]')).to.equal(null);
        await expect(el).to.be.accessible();
      });
    }

    it('without redirect_uri: shows the message, a nid-success that is not cancelable, and stays', async () => {
      stub.respond(() => json(200, { status: 'password_reset' }));
      const el = await openReset();
      const events = recordEvents(el);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
      expect(events[1]!.cancelable).to.equal(false);
      expect((events[1] as NidSuccessEvent).detail).to.deep.equal({ status: 'password_reset' });
      expect(visited).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the service says no', () => {
    const fieldCases: [string, RegExp | string][] = [
      ['too_short', /too short|at least/i],
      ['breached', 'This password has appeared in a data breach. Choose a different one.'],
    ];
    for (const [code, text] of fieldCases) {
      it(`puts ${code} on "New password", keeps both inputs and focuses the field`, async () => {
        stub.respond(() =>
          json(400, {
            error: 'validation_failed',
            error_description: 'The request has invalid fields',
            fields: [{ name: 'password', code, message: 'server words' }],
          }),
        );
        const el = await openReset();
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        const password = control(el, 'New password');
        if (typeof text === 'string') expect(errorOf(el, password)).to.equal(text);
        else expect(errorOf(el, password)).to.match(text);
        expect(password.getAttribute('aria-invalid')).to.equal('true');
        expect(focused(el)).to.equal(password);
        expect(alertText(el)).to.equal('');
        expectPasswordsKept(el);
        expect((events[0] as NidErrorEvent).detail).to.deep.equal({
          code: 'validation_failed',
          status: 400,
          fields: [{ name: 'password', code }],
        });
        await expect(el).to.be.accessible();

        // The error goes as soon as the user changes the password, and a new try is a new request.
        await fillPasswords(el, `${PASSWORD} and more`);
        expect(errorOf(el, control(el, 'New password'))).to.equal('');
        stub.respond(CHANGED);
        await click(el, submitButton(el));
        expect(stub.calls).to.have.length(2);
        expect(sentBody(stub.calls[1]).password).to.equal(`${PASSWORD} and more`);
      });
    }

    const linkCases: [string, number, string][] = [
      ['invalid_token', 404, 'This link is not valid.'],
      ['expired_token', 410, 'This link has expired.'],
    ];
    for (const [code, status, text] of linkCases) {
      it(`on ${status} ${code}: says "${text}" and offers "Request a new link", which brings back step 1`, async () => {
        stub.respond(() => json(status, { error: code }));
        const el = await openReset(OAUTH);
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(text);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expect(root(el).querySelector('form')).to.equal(null);
        expect((events[0] as NidErrorEvent).detail).to.deep.equal({ code, status });
        const again = button(el, 'Request a new link');
        expect(again.type).to.equal('button');
        expect(again.getAttribute('aria-disabled')).to.equal('false');
        await expect(el).to.be.accessible();

        await click(el, again);
        expect(alertText(el)).to.equal('');
        expect(() => control(el, 'New password')).to.throw();
        const email = control(el, 'Email address');
        await expect(el).to.be.accessible();
        stub.respond(() => json(202, { status: 'sent' }));
        await type(el, email, 'john@example.com');
        await press(el, 'Enter', email);
        expect(stub.calls.map((call) => call.url)).to.deep.equal([RESET_URL, FORGOT_URL]);
        expect(sentBody(stub.calls[1])).to.not.have.property('token');
        expect(sentBody(stub.calls[1]).emailAddress).to.equal('john@example.com');
        expect(statusText(el)).to.equal(SENT('john@example.com'));
      });
    }

    it('keeps the keyboard focus in the journey when "Request a new link" brings back step 1', async () => {
      stub.respond(() => json(404, { error: 'invalid_token' }));
      const el = await openReset(OAUTH);
      await fillPasswords(el);
      await click(el, submitButton(el));
      const again = button(el, 'Request a new link');
      again.focus();
      await sendKeys({ press: 'Enter' }); // a keyboard user activates the button
      await settle(el);
      expect(control(el, 'Email address')).to.exist;
      // The activated button is gone with its view: focus must not fall back to the page body.
      expect(focused(el), 'focus inside the element').to.not.equal(null);
    });

    const requestCases: [string, () => Response | Promise<Response>, string, string][] = [
      ['503', () => json(503, { error: 'service_unavailable' }), SEED_503, 'service_unavailable'],
      ['500', () => json(500, { error: 'server_error' }), GENERIC, 'server_error'],
      [
        'a network failure',
        () => Promise.reject(new TypeError('Failed to fetch')),
        'We could not reach the service. Check your connection and try again.',
        'network_error',
      ],
    ];
    for (const [name, answer, text, code] of requestCases) {
      it(`on ${name}: says "${text}", keeps both passwords and focuses the alert`, async () => {
        stub.respond(answer);
        const el = await openReset();
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(text);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expectPasswordsKept(el);
        expect(events.map((event) => (event as NidErrorEvent).detail.code)).to.deep.equal([code]);
        expect(stub.calls).to.have.length(1);
        await expect(el).to.be.accessible();
      });
    }

    it('on a timeout: says so, keeps both passwords, and retries with the same Idempotency-Key', async () => {
      stub.respond(hang);
      const el = await openReset(`${CLIENT} request-timeout="150"`);
      await fillPasswords(el);
      await click(el, submitButton(el));
      await until(el, () => alertText(el) !== '');
      await settle(el);
      expect(alertText(el)).to.equal('The service took too long to answer. Please try again.');
      expect(focused(el)).to.equal(query(el, '[role="alert"]'));
      expectPasswordsKept(el);
      stub.respond(CHANGED);
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(2);
      expect(stub.calls[1]!.headers.get('Idempotency-Key')).to.equal(stub.calls[0]!.headers.get('Idempotency-Key'));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
    });
  });

  describe('the password stays secret', () => {
    it('is in no event detail, page text, attribute, URL or storage, through a failure and a success', async () => {
      stub.respond(() => json(400, { error: 'validation_failed', fields: [{ name: 'password', code: 'breached' }] }));
      const el = await openReset();
      const events = recordEvents(el);
      await type(el, control(el, 'New password'), TYPED);
      await type(el, control(el, 'Confirm new password'), TYPED);
      await click(el, button(el, 'Show password'));
      await click(el, button(el, 'Show password confirmation'));
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.contain('data breach');
      for (const secret of [TYPED, TYPED.trim()]) expect(exposedText(el)).to.not.contain(secret);

      stub.respond(CHANGED);
      await fillPasswords(el, PASSWORD);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-error', 'nid-submit', 'nid-success']);
      for (const event of events) {
        for (const secret of [...SECRETS, TYPED.trim()]) expect(serialiseEvent(event)).to.not.contain(secret);
      }
      for (const secret of [...SECRETS, TYPED.trim()]) expect(exposedText(el)).to.not.contain(secret);
      // ...but the requests carried them.
      expect(sentBody(stub.calls[0]).password).to.equal(TYPED);
      expect(sentBody(stub.calls[1]).password).to.equal(PASSWORD);
    });
  });
});
