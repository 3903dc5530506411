/**
 * <nid-forgot-password> step 2 (contract v2 section 5): the emailed link
 * brings the user back with a `code`, or the SMS brings a PIN; they choose a
 * new password. The code is exchanged at /token and the password goes to
 * /change-password with the access token. The code handling, validation, the
 * two calls, success, expired codes, failures, and that no secret leaks.
 * (Step 1: forgot-password.test.ts.)
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rememberIdentifier } from '../../src/core/identifier-handoff.js';
import type { NidForgotPassword } from '../../src/elements/forgot-password/nid-forgot-password.js';
import { NidErrorEvent } from '../../src/events.js';
import { hang, json, stubFetch, type FetchStub, type RecordedCall } from '../helpers/fetch-stub.js';
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
import {
  ACCOUNT,
  CHANGE_URL,
  EXPIRED,
  FORGOT_URL,
  NOT_SET_UP,
  REDIRECT,
  SEED_503,
  SENT,
  SENT_CODE,
  TOKEN_URL,
  CLIENT,
  openLink,
  renderForgot,
  restoreUrl,
  sentBody,
  spyConsole,
  submitButton,
  until,
} from './forgot-password-fixture.js';

const CODE = 'link-code-7e41';
const EMAIL = 'ada@example.com';
const ACCESS_TOKEN = 'at-secret-44c1';
const PASSWORD = 'correct horse battery';
/** Spaces at both ends and inside, non-ASCII letters: sent byte for byte. */
const TYPED = '  pässwörd with spaces ünïcode  ';
const SECRETS = [PASSWORD, TYPED, CODE, ACCESS_TOKEN];
const CHANGED_TEXT = 'Your password has been changed.';

/** The service: /token answers an access token, /change-password 200, unless a test says otherwise. */
function service(overrides: { token?: () => Response | Promise<Response>; change?: () => Response | Promise<Response> } = {}) {
  return (call: RecordedCall) => {
    if (call.url.startsWith(TOKEN_URL)) return overrides.token?.() ?? json(200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300 });
    if (call.url.startsWith(CHANGE_URL)) return overrides.change?.() ?? json(200, {});
    if (call.url.startsWith(FORGOT_URL)) return json(200, {});
    throw new Error(`unexpected request to ${call.url}`);
  };
}

/** A client per test: the page session remembers step 1's identifier per client. */
let clientCount = 0;
function account(): string {
  clientCount += 1;
  return ACCOUNT.replace('client-1', `client-r${clientCount}`);
}

/** Opens the emailed link (`?code=...`) and renders the element; step 1 of this session knew the address. */
async function openReset(attributes = `${account()} user-id="${EMAIL}"`, search = `?code=${CODE}&utm=x`): Promise<NidForgotPassword> {
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

/** Everything outside the inputs' values that a script or a screenshot could read. */
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

describe('<nid-forgot-password> step 2: set a new password', () => {
  let stub: FetchStub;
  let consoleSpy: ReturnType<typeof spyConsole>;

  beforeEach(() => {
    stub = stubFetch(service());
    consoleSpy = spyConsole();
  });
  afterEach(() => {
    stub.restore();
    restoreUrl();
    consoleSpy.restore();
    const output = consoleSpy.output.join('\n');
    for (const secret of SECRETS) expect(output, 'console output').to.not.contain(secret);
  });

  describe('the link', () => {
    it('reads ?code= from the address bar, removes it at once, and shows the new-password form without sending anything', async () => {
      const el = await openReset();
      expect(new URL(location.href).searchParams.has('code')).to.equal(false);
      expect(new URL(location.href).searchParams.get('utm')).to.equal('x');
      expect(stub.calls).to.have.length(0);
      expect(control(el, 'New password').autocomplete).to.equal('new-password');
      expect(control(el, 'Confirm new password').name).to.equal('password_confirm');
      // The account is known: a hidden username for password managers, no field to fill in.
      expect(query<HTMLInputElement>(el, 'input[autocomplete="username"]').value).to.equal(EMAIL);
      expect(() => control(el, 'Email address')).to.throw();
      expect(submitButton(el).textContent!.trim()).to.equal('Set new password');
      await expect(el).to.be.accessible();
    });

    it('reads the query parameter named by code-param, and takes a code given as a property', async () => {
      const named = await openReset(`${account()} user-id="${EMAIL}" code-param="reset"`, `?reset=${CODE}&code=other`);
      expect(new URL(location.href).searchParams.has('reset')).to.equal(false);
      expect(new URL(location.href).searchParams.get('code'), 'only the named parameter is taken').to.equal('other');
      expect(control(named, 'New password')).to.exist;
      restoreUrl();

      const given = await renderForgot(`${account()} user-id="${EMAIL}"`);
      given.code = CODE;
      await settle(given);
      await fillPasswords(given);
      await click(given, submitButton(given));
      expect(sentBody(stub.calls[0]).code).to.equal(CODE);
      expect(given.getAttributeNames().join()).to.not.contain('code');
    });

    it('shows step 1 when the address has no code', async () => {
      const el = await renderForgot();
      expect(control(el, 'Email address')).to.exist;
      expect(() => control(el, 'New password')).to.throw();
    });

    it('asks for the email address too when this page session does not know it', async () => {
      const el = await openReset(account());
      expect(control(el, 'Email address').autocomplete).to.equal('username');
      await fill(el, control(el, 'Email address'), EMAIL);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).user_id).to.equal(EMAIL);
    });

    it('remembers the address of step 1 in this tab (the page session), when the link opens here', async () => {
      const attributes = account();
      const client = /client-id="([^"]+)"/.exec(attributes)![1]!;
      rememberIdentifier(client, 'email', EMAIL);
      const el = await openReset(attributes);
      expect(() => control(el, 'Email address')).to.throw();
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(sentBody(stub.calls[0]).user_id).to.equal(EMAIL);
    });

    it('needs redirect-uri (the token call names it): without it, the configuration error and nothing sent', async () => {
      openLink(`?code=${CODE}`);
      const el = await renderForgot(CLIENT);
      expect(root(el).querySelector('form')).to.equal(null);
      expect(alertText(el)).to.equal(NOT_SET_UP);
      expect(stub.calls).to.have.length(0);
      expect(new URL(location.href).searchParams.has('code'), 'the code still leaves the address bar').to.equal(false);
    });
  });

  describe('client validation', () => {
    it('on an empty submit marks both fields, focuses "New password" and sends nothing', async () => {
      const el = await openReset();
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.equal('This field is required.');
      expect(errorOf(el, control(el, 'Confirm new password'))).to.equal('This field is required.');
      expect(focused(el)).to.equal(control(el, 'New password'));
      expect(stub.calls).to.have.length(0);
    });

    it('says "Passwords do not match" on the confirmation and sends nothing', async () => {
      const el = await openReset();
      await fillPasswords(el, PASSWORD, `${PASSWORD}!`);
      await press(el, 'Enter', control(el, 'Confirm new password'));
      expect(errorOf(el, control(el, 'Confirm new password'))).to.equal('Passwords do not match');
      expect(stub.calls).to.have.length(0);
    });

    it('counts the length in code points, against password-min-length', async () => {
      const el = await openReset(`${account()} user-id="${EMAIL}" password-min-length="10"`);
      await fillPasswords(el, '😀😀😀😀😀😀😀😀😀');
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.equal('Use at least 10 characters.');
      expect(stub.calls).to.have.length(0);
    });
  });

  describe('the two calls', () => {
    it('exchanges the code at /token, then posts both passwords as typed to /change-password with the Bearer token', async () => {
      const el = await openReset();
      await type(el, control(el, 'New password'), TYPED);
      await type(el, control(el, 'Confirm new password'), TYPED);
      await press(el, 'Enter', control(el, 'Confirm new password'));
      expect(stub.calls.map((call) => call.url)).to.deep.equal([TOKEN_URL, CHANGE_URL]);
      const [token, change] = stub.calls;
      expect(token!.headers.has('Authorization')).to.equal(false);
      expect(sentBody(token)).to.deep.equal({
        grant_type: 'authorization_code',
        client_id: el.clientId,
        auth_type: 'email',
        user_id: EMAIL,
        redirect_uri: REDIRECT,
        code: CODE,
      });
      expect(change!.headers.get('Authorization')).to.equal(`Bearer ${ACCESS_TOKEN}`);
      expect(sentBody(change)).to.deep.equal({ client_id: el.clientId, locale: 'en-US', password: TYPED, password_confirm: TYPED });
    });

    it('fires nid-submit without the passwords or the code, then nid-success { status: "password_changed" }', async () => {
      const el = await openReset();
      const events = recordEvents(el);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(events.map((event) => `${event.type}:${(event as unknown as { journey: string }).journey}`)).to.deep.equal([
        'nid-submit:reset-password',
        'nid-success:reset-password',
      ]);
      expect((events[0] as CustomEvent).detail.body).to.deep.equal({ client_id: el.clientId, locale: 'en-US' });
      expect((events[1] as CustomEvent).detail).to.deep.equal({ status: 'password_changed' });
    });

    it('sends one pair of calls however often the user clicks or presses Enter', async () => {
      let release!: (response: Response) => void;
      stub.respond(service({ token: () => new Promise<Response>((resolve) => (release = resolve)) }));
      const el = await openReset();
      await fillPasswords(el);
      submitButton(el).click();
      submitButton(el).click();
      control(el, 'Confirm new password').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(stub.calls).to.have.length(1);
      release(json(200, { access_token: ACCESS_TOKEN }));
      await settle(el);
      expect(stub.calls.map((call) => call.url)).to.deep.equal([TOKEN_URL, CHANGE_URL]);
    });

    it('says "Your password has been changed.", focuses it, and offers the sign-in link', async () => {
      const el = await openReset(`${account()} user-id="${EMAIL}" sign-in-url="https://app.example.com/sign-in"`);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(focused(el)).to.equal(query(el, '[role="status"]'));
      expect(root(el).querySelector('form')).to.equal(null);
      expect(query<HTMLAnchorElement>(el, 'a[part="link"]').href).to.equal('https://app.example.com/sign-in');
      await expect(el).to.be.accessible();
    });

    it('never renders a javascript: sign-in-url as a link', async () => {
      const el = await openReset(`${account()} user-id="${EMAIL}" sign-in-url="javascript:alert(1)"`);
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(root(el).querySelector('a')).to.equal(null);
    });
  });

  describe('an SMS reset: the PIN typed with the new password', () => {
    async function smsSent(): Promise<NidForgotPassword> {
      const el = await renderForgot(`${account()} auth-type="sms" mobile-default-country="GB"`);
      await phoneReady(el);
      await fill(el, control(el, 'Mobile number'), '07400 123456');
      await click(el, submitButton(el));
      return el;
    }

    it('after step 1 asks for the code and the new password, then exchanges the PIN grant', async () => {
      const el = await smsSent();
      expect(statusText(el)).to.equal(SENT_CODE('+447400123456'));
      const code = control(el, 'Code from the text message');
      // A new step: nothing is wrong with fields the user has not touched yet.
      for (const label of ['Code from the text message', 'New password', 'Confirm new password']) {
        expect(errorOf(el, control(el, label)), label).to.equal('');
      }
      expect(code.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(button(el, 'Send the code again')).to.exist;
      await expect(el).to.be.accessible();
      await fill(el, code, '482 913');
      await fillPasswords(el);
      await click(el, submitButton(el));
      expect(stub.calls.map((call) => call.url)).to.deep.equal([FORGOT_URL, TOKEN_URL, CHANGE_URL]);
      expect(sentBody(stub.calls[1])).to.deep.equal({
        grant_type: 'pin',
        client_id: el.clientId,
        auth_type: 'sms',
        user_id: '+447400123456',
        redirect_uri: REDIRECT,
        code: '482913',
      });
      expect(statusText(el)).to.equal(CHANGED_TEXT);
    });

    it('puts a refused PIN on the code field and keeps everything typed', async () => {
      const el = await smsSent();
      stub.respond(service({ token: () => json(422, { error: 'invalid_form_fields', error_details: { code: ['The code is not valid or has expired.'] } }) }));
      await fill(el, control(el, 'Code from the text message'), '000000');
      await fillPasswords(el);
      await click(el, submitButton(el));
      const code = control(el, 'Code from the text message');
      expect(errorOf(el, code)).to.equal('This code is not valid or has expired.');
      expect(code.value).to.equal('000000');
      expect(focused(el)).to.equal(code);
      expectPasswordsKept(el);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the service says no', () => {
    it('puts change-password’s field messages on their fields, named or not, and keeps both inputs', async () => {
      const answers: [() => Response, string, string][] = [
        [() => json(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { message: 'Password is not formatted correctly.' } }), 'New password', 'This password is not accepted. Choose a different one.'],
        [() => json(422, { error: 'invalid_parameters', error_details: { message: 'Passwords do not match' } }), 'Confirm new password', 'Passwords do not match'],
        [() => json(422, { error: 'invalid_form_fields', error_details: { password: ['Password is not formatted correctly.'] } }), 'New password', 'This password is not accepted. Choose a different one.'],
      ];
      for (const [answer, label, text] of answers) {
        stub.respond(service({ change: answer }));
        const el = await openReset();
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(errorOf(el, control(el, label)), label).to.equal(text);
        expect(focused(el)).to.equal(control(el, label));
        expect(alertText(el)).to.equal('');
        expectPasswordsKept(el);
        expect((events[0] as NidErrorEvent).detail.code).to.equal('invalid_form_fields');
        await expect(el).to.be.accessible();
        restoreUrl();
      }
    });

    const expired: [string, { token?: () => Response; change?: () => Response }][] = [
      ['the token call refuses the code (422)', { token: () => json(422, { error: 'invalid_form_fields', error_details: { code: ['The code is not valid or has expired.'] } }) }],
      ['the token call refuses the code (401)', { token: () => json(401, { error: 'http_exception', error_description: 'Unauthorized' }) }],
      ['change-password refuses the access token (401)', { change: () => json(401, { error: 'http_exception', error_description: 'Unauthorized' }) }],
    ];
    for (const [name, overrides] of expired) {
      it(`when ${name}: says "This link has expired." and offers step 1 again, the address kept`, async () => {
        stub.respond(service(overrides));
        const el = await openReset();
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(EXPIRED);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expect(root(el).querySelector('form')).to.equal(null);
        expect((events[0] as NidErrorEvent).detail.code).to.equal('expired_link');
        await expect(el).to.be.accessible();

        const again = button(el, 'Request a new link');
        again.focus();
        await sendKeys({ press: 'Enter' }); // a keyboard user activates the button
        await settle(el);
        expect(alertText(el)).to.equal('');
        const email = control(el, 'Email address');
        expect(email.value).to.equal(EMAIL);
        expect(focused(el), 'focus stays in the journey').to.equal(email);
        stub.respond(service());
        await press(el, 'Enter', email);
        expect(stub.calls.at(-1)!.url).to.equal(FORGOT_URL);
        expect(statusText(el)).to.equal(SENT(EMAIL));
      });
    }

    const requestCases: [string, () => Response | Promise<Response>, string][] = [
      ['503', () => json(503, { error: 'service_unavailable' }), 'service_unavailable'],
      ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'network_error'],
      ['a token answer without an access token', () => json(200, { token_type: 'Bearer' }), 'malformed_response'],
    ];
    for (const [name, answer, code] of requestCases) {
      it(`on ${name}: says the seed text, keeps both passwords and focuses the alert`, async () => {
        stub.respond(service({ token: answer }));
        const el = await openReset();
        const events = recordEvents(el, ['nid-error']);
        await fillPasswords(el);
        await click(el, submitButton(el));
        expect(alertText(el)).to.equal(SEED_503);
        expect(focused(el)).to.equal(query(el, '[role="alert"]'));
        expectPasswordsKept(el);
        expect(events.map((event) => (event as NidErrorEvent).detail.code)).to.deep.equal([code]);
        expect(stub.calls).to.have.length(1);
        await expect(el).to.be.accessible();
      });
    }

    it('on a timeout: says so, keeps both passwords, and sends again only when the user asks', async () => {
      stub.respond(service({ change: () => hang(stub.calls.at(-1)!) }));
      const el = await openReset(`${account()} user-id="${EMAIL}" request-timeout="150"`);
      await fillPasswords(el);
      await click(el, submitButton(el));
      await until(el, () => alertText(el) !== '');
      expect(alertText(el)).to.equal(SEED_503);
      expectPasswordsKept(el);
      expect(stub.calls).to.have.length(2);
      stub.respond(service());
      await click(el, submitButton(el));
      expect(stub.calls).to.have.length(4);
      expect(statusText(el)).to.equal(CHANGED_TEXT);
    });
  });

  describe('secrets', () => {
    it('no password, code or access token in any event, page text, attribute, URL or storage, through a failure and a success', async () => {
      stub.respond(service({ change: () => json(422, { error: 'invalid_form_fields', error_details: { message: 'Password is not formatted correctly.' } }) }));
      const el = await openReset();
      const events = recordEvents(el);
      await type(el, control(el, 'New password'), TYPED);
      await type(el, control(el, 'Confirm new password'), TYPED);
      await click(el, button(el, 'Show password'));
      await click(el, button(el, 'Show password confirmation'));
      await click(el, submitButton(el));
      expect(errorOf(el, control(el, 'New password'))).to.contain('not accepted');
      for (const secret of [TYPED, TYPED.trim(), CODE, ACCESS_TOKEN]) expect(exposedText(el)).to.not.contain(secret);

      stub.respond(service());
      await fillPasswords(el, PASSWORD);
      await click(el, submitButton(el));
      expect(statusText(el)).to.equal(CHANGED_TEXT);
      expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-error', 'nid-submit', 'nid-success']);
      for (const event of events) for (const secret of [...SECRETS, TYPED.trim()]) expect(serialiseEvent(event)).to.not.contain(secret);
      for (const secret of [...SECRETS, TYPED.trim()]) expect(exposedText(el)).to.not.contain(secret);
    });
  });
});
