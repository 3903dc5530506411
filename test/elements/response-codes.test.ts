/**
 * The vendor's response-code tables, seen by the user: every row of
 * test/contract/response-codes.ts (the reference server is held to the same
 * rows by test/node/response-codes.test.ts) is the service's answer to the
 * element that makes that call, and the element must show what contract v2
 * says for it. Pre-register rows go through the server helper itself, run
 * here in the browser in front of the stubbed service, as the invite form's
 * route.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { createPreRegisterHandler } from '../../src/server/pre-register.js';
import { vendorRows, type VendorRow } from '../contract/response-codes.js';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../helpers/fetch-stub.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { alertText, button, click, control, errorOf, fill, phoneReady, statusText, submitButton } from '../helpers/user.js';

const SEED = 'We are unable to process your request right now. Please try again later.';
const GENERIC = 'Something went wrong. Please try again.';
const PASSWORD = 'correct horse battery';
const EMAIL = 'ada@example.com';
const MOBILE = '+447400123456';

/** What the user is shown after the answer: a status message, an alert, or a message on a field. */
type Shown = { status: string } | { alert: string } | { field: string; text: string };

const isSms = (row: VendorRow) => row.id.startsWith('S') && /sms/.test(row.scenario);

/** The answer of the row, as the stubbed service gives it. */
const answerOf = (row: VendorRow) => () => json(row.answer.status, row.answer.body ?? {});

/** What contract v2 (sections 2-5 and 8) says the element shows for the row's answer. */
function expected(row: VendorRow): Shown {
  const { status } = row.answer;
  const body = (row.answer.body ?? {}) as { error?: string; error_details?: Record<string, unknown> | null; authorization_code?: string };
  const details = body.error_details ?? {};
  const ok = status >= 200 && status < 300;
  if (status === 403) return { alert: SEED };
  switch (row.call) {
    case 'register':
      if (ok) {
        if (body.authorization_code) return { status: 'Your account has been created.' };
        return { status: isSms(row) ? 'Check your phone: we sent you a text message to verify your account.' : 'Check your email: we sent you a message to verify your account.' };
      }
      if (body.error === 'invalid_form_fields') {
        // A known message in the element's words; any other as the service wrote it.
        if ('emailAddress' in details) return { field: 'Email address', text: 'Email address is not formatted correctly' };
        return { field: 'Mobile number', text: String((details['mobileNumber'] as string[])[0]) };
      }
      return { alert: GENERIC };
    case 'resendVerification':
      // Every 200, whatever its body says, reads the same (contract section 3).
      return ok ? { status: 'If your account is waiting for verification, we have sent you a new code.' } : { alert: GENERIC };
    case 'forgotPassword':
      // The same words for every account: a 422 about user_id that is not a format error reads as sent (section 5, inferred).
      if (ok || (status === 422 && 'user_id' in details)) {
        return { status: isSms(row) ? `If an account exists for ${MOBILE}, we have sent a code to reset your password.` : `If an account exists for ${EMAIL}, we have sent a link to reset your password.` };
      }
      return { alert: GENERIC };
    case 'changePassword': {
      if (ok) return { status: 'Your password has been changed.' };
      if (status === 401) return { alert: 'This link has expired.' };
      const message = details['message'];
      if (message === 'Passwords do not match') return { field: 'Confirm new password', text: 'Passwords do not match' };
      if (message === 'Password is not formatted correctly.') return { field: 'New password', text: 'This password is not accepted. Choose a different one.' };
      if (message === 'Current password is incorrect. Please try again.') return { field: 'New password', text: 'Your current password is not correct.' };
      return { alert: GENERIC };
    }
    case 'preRegister': {
      const who = isSms(row) ? MOBILE : EMAIL;
      if (ok) return { status: `Invitation sent to ${who}.` };
      if (body.error === 'invalid_form_fields') {
        const [name, messages] = Object.entries(details)[0]!;
        const label = name === 'mobileNumber' ? 'Mobile number' : 'Email address';
        const text = String((messages as string[])[0]);
        return /format/i.test(text) ? { field: label, text } : { field: label, text: 'An account with these details already exists.' };
      }
      // Everything else is the helper's to fix, not the administrator's: a 502 with generic text.
      return { alert: SEED };
    }
  }
}

interface Arranged {
  el: LitElement;
  act: () => Promise<void>;
}

/** The element that makes the row's call, filled in up to the action that sends it; `service` answers every call. */
async function arrange(row: VendorRow, service: (call: RecordedCall) => Response | Promise<Response>): Promise<{ arranged: Arranged; stub: FetchStub }> {
  const sms = isSms(row);
  const phone = sms ? ' auth-type="sms" mobile-default-country="GB"' : '';
  switch (row.call) {
    case 'register': {
      const stub = stubFetch(service);
      const passwordless = row.answer.body && 'authorization_code' in (row.answer.body as object);
      const el = await renderJourney<LitElement>('nid-register', `${ACCOUNT}${phone}${passwordless ? ' password="none"' : ''}`);
      if (sms) {
        await phoneReady(el);
        await fill(el, control(el, 'Mobile number'), '07400 123456');
      } else await fill(el, control(el, 'Email address'), EMAIL);
      if (!passwordless) {
        await fill(el, control(el, 'Password'), PASSWORD);
        await fill(el, control(el, 'Confirm password'), PASSWORD);
      }
      return { stub, arranged: { el, act: () => click(el, submitButton(el)) } };
    }
    case 'resendVerification': {
      const stub = stubFetch(service);
      const el = await renderJourney<LitElement>('nid-activate', `${ACCOUNT}${phone} user-id="${sms ? MOBILE : EMAIL}"`);
      if (sms) await phoneReady(el);
      return { stub, arranged: { el, act: () => click(el, button(el, 'Send a new code')) } };
    }
    case 'forgotPassword': {
      const stub = stubFetch(service);
      const el = await renderJourney<LitElement>('nid-forgot-password', `${ACCOUNT}${phone}`);
      if (sms) {
        await phoneReady(el);
        await fill(el, control(el, 'Mobile number'), '07400 123456');
      } else await fill(el, control(el, 'Email address'), EMAIL);
      return { stub, arranged: { el, act: () => click(el, submitButton(el)) } };
    }
    case 'changePassword': {
      const stub = stubFetch((call) => (call.url.includes('/account/token') ? json(200, { access_token: 'at-1' }) : service(call)));
      const el = await renderJourney<LitElement & { code: string }>('nid-forgot-password', `${ACCOUNT} user-id="${EMAIL}"`);
      el.code = 'link-code-1';
      await el.updateComplete;
      await fill(el, control(el, 'New password'), PASSWORD);
      await fill(el, control(el, 'Confirm new password'), PASSWORD);
      return { stub, arranged: { el, act: () => click(el, submitButton(el)) } };
    }
    case 'preRegister': {
      // The integrator's route, built with the helper, in front of the stubbed service.
      const route = createPreRegisterHandler({
        baseDomain: 'https://id.example.com',
        clientId: 'client-1',
        clientSecret: 'secret-1',
        redirectUri: 'https://app.example.com/welcome',
        authorize: () => true,
        fetch: (input, init) => Promise.resolve(service({ url: String(input), method: 'POST', headers: new Headers(init?.headers), body: init?.body, signal: undefined, init })),
        log: () => undefined,
      });
      const stub = stubFetch((call) => route(asSentByThePage(call)));
      const el = await renderJourney<LitElement>('nid-invite-form', `action="/api/invite"${phone}`);
      if (sms) {
        await phoneReady(el);
        await fill(el, control(el, 'Mobile number'), '07400 123456');
      } else await fill(el, control(el, 'Email address'), EMAIL);
      await fill(el, control(el, 'First name'), 'Ada');
      await fill(el, control(el, 'Last name'), 'Lovelace');
      return { stub, arranged: { el, act: () => click(el, submitButton(el)) } };
    }
  }
}

/**
 * The request as it reaches the route from the page: a browser adds `Origin`
 * itself, and a script may not (a forbidden header of `new Request`), so the
 * headers are given as a separate object; and the body as a stream of its
 * own, because Firefox has no `Request.body`.
 */
function asSentByThePage(call: RecordedCall): Request {
  const request = new Request(new URL(call.url, location.href), { method: call.method, headers: call.headers, body: call.body ?? null });
  const headers = new Headers(call.headers);
  headers.set('Origin', location.origin);
  return new Proxy(request, {
    get(target, property) {
      if (property === 'headers') return headers;
      if (property === 'body') return new Blob([String(call.body ?? '')]).stream();
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function shown(el: LitElement, expectation: Shown): Shown {
  if ('field' in expectation) return { field: expectation.field, text: errorOf(el, control(el, expectation.field)) };
  if ('alert' in expectation) return { alert: alertText(el) };
  return { status: statusText(el) };
}

describe('the vendor’s response codes, as the elements show them', () => {
  let stub: FetchStub | undefined;
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  for (const row of vendorRows) {
    it(`${row.id} ${row.call}: ${row.scenario} (${row.answer.status})`, async () => {
      const expectation = expected(row);
      let asked = 0;
      const answer = answerOf(row);
      const arranged = await arrange(row, () => {
        asked += 1;
        return answer();
      });
      stub = arranged.stub;
      const { el, act } = arranged.arranged;
      await act();
      expect(asked, 'the service was asked once').to.equal(1);
      expect(shown(el, expectation)).to.deep.equal(expectation);
      if (!('status' in expectation) || 'field' in expectation) {
        // Nothing the user typed is lost: the form is still there to try again.
        expect(el.shadowRoot!.querySelector('form, [part~="secondary-action"]'), 'still usable').to.not.equal(null);
      }
    });
  }
});
