/**
 * The fault matrix: every request of every element against every way a
 * request fails. After each fault the element shows the right message,
 * keeps every typed value, has sent exactly one request for the submission,
 * fires `nid-error` with the code, throws nothing unhandled, and stays
 * usable: the next submission (the fault gone) goes through, except while a
 * 429 wait runs, which shows its countdown instead.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { HAPPY, faults } from '../helpers/faults.js';
import { renderJourney } from '../helpers/render.js';
import { alertText, button, click, control, fill, query, recordEvents, root, settle, submitButton } from '../helpers/user.js';

const BASE = 'https://id.example.com';
const CLIENT = `base-domain="${BASE}" client-id="client-1" request-timeout="200"`;
const OAUTH = `${CLIENT} redirect-uri="https://app.example.com/callback" state="st-1"`;
const PASSWORD = 'correct horse battery';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Arranged {
  el: LitElement;
  /** The user's action that sends the request. */
  act: () => Promise<void>;
  /** Checks that what the user typed is still there. */
  kept: () => void;
}

interface Journey {
  element: string;
  request: string;
  path: string;
  schemaFailure: unknown;
  /** Overrides of HAPPY while arranging (an invitation's first activation answer). */
  happy?: Record<string, () => Response>;
  arrange: () => Promise<Arranged>;
}

const keptValues = (el: LitElement, values: Record<string, string>) => () => {
  for (const [label, value] of Object.entries(values)) expect(control(el, label).value, label).to.equal(value);
};

async function fillAll(el: LitElement, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await fill(el, control(el, label), value);
}

const journeys: Journey[] = [
  {
    element: 'nid-register',
    request: 'register',
    path: '/idp/v1/account/register',
    schemaFailure: { status: 'welcome' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-register', `${OAUTH} fields="firstName"`);
      const values = { 'Email address': 'ada@example.com', 'First name': 'Ada', Password: PASSWORD, 'Confirm password': PASSWORD };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-register',
    request: 'resend the activation',
    path: '/idp/v1/account/activate/resend',
    schemaFailure: { status: 'queued' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-register', OAUTH);
      await fillAll(el, { 'Email address': 'ada@example.com', Password: PASSWORD, 'Confirm password': PASSWORD });
      await click(el, submitButton(el));
      const resend = () => button(el, 'Send the email again');
      return { el, act: () => click(el, resend()), kept: () => expect(root(el).textContent).to.contain('Check your email') };
    },
  },
  {
    element: 'nid-activate',
    request: 'activate',
    path: '/idp/v1/account/activate',
    schemaFailure: { status: 'activated_maybe' },
    arrange: async () => {
      // The token by attribute: WebKit allows only 100 history.replaceState() calls in 10 s.
      const el = await renderJourney<LitElement>('nid-activate', `${CLIENT} token="tok-activate"`);
      return { el, act: () => click(el, submitButton(el)), kept: () => expect(submitButton(el)).to.exist };
    },
  },
  {
    element: 'nid-activate',
    request: 'complete an invitation',
    path: '/idp/v1/account/activate',
    schemaFailure: { status: 'completion_done' },
    happy: {
      '/idp/v1/account/activate': () =>
        json(200, { status: 'completion_required', profile: { emailAddress: 'ada@example.com' }, fields: [{ name: 'firstName', required: true }, { name: 'password', required: true }] }),
    },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-activate', `${CLIENT} token="tok-invite"`);
      await click(el, submitButton(el));
      const values = { 'First name': 'Ada', Password: PASSWORD, 'Confirm password': PASSWORD };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'request a reset link',
    path: '/idp/v1/account/forgot-password',
    schemaFailure: { status: 'queued' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', OAUTH);
      const values = { 'Email address': 'ada@example.com' };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'send the link again',
    path: '/idp/v1/account/forgot-password',
    schemaFailure: { status: 'queued' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', OAUTH);
      await fillAll(el, { 'Email address': 'ada@example.com' });
      await click(el, submitButton(el));
      return {
        el,
        act: () => click(el, query(el, '[part~="secondary-action"]')),
        kept: () => expect(root(el).textContent).to.contain('ada@example.com'),
      };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'set a new password',
    path: '/idp/v1/account/reset-password',
    schemaFailure: { status: 'password_maybe_reset' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', `${OAUTH} token="tok-reset"`);
      const values = { 'New password': PASSWORD, 'Confirm new password': PASSWORD };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-invite-form',
    request: 'invite',
    path: '/api/invite',
    schemaFailure: { id: 7 },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-invite-form', 'action="/api/invite" request-timeout="200"');
      const values = { 'Email address': 'ada@example.com', 'First name': 'Ada', 'Last name': 'Lovelace' };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
];

describe('fault matrix', () => {
  let stub: FetchStub;
  let failing = false;
  let unhandled: string[];
  let onLine: PropertyDescriptor | undefined;
  const onError = (event: ErrorEvent) => unhandled.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => unhandled.push(`unhandled rejection: ${String(event.reason)}`);

  beforeEach(() => {
    unhandled = [];
    failing = false;
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    stub?.restore();
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    if (onLine) Object.defineProperty(navigator, 'onLine', onLine);
    onLine = undefined;
  });

  /** Sets navigator.onLine to false, as the browser does without a network. */
  function goOffline(): void {
    onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    dispatchEvent(new Event('offline'));
  }

  for (const journey of journeys) {
    describe(`<${journey.element}>: ${journey.request}`, () => {
      for (const fault of faults(journey.schemaFailure)) {
        it(`on ${fault.name}`, async () => {
          const happy = { ...HAPPY, ...journey.happy };
          stub = stubFetch((call) => {
            const path = new URL(call.url, location.href).pathname;
            if (failing && path === journey.path) return fault.answer(call);
            const answer = happy[path];
            if (!answer) throw new Error(`unexpected request to ${path}`);
            return answer();
          });
          const { el, act, kept } = await journey.arrange();
          const before = stub.calls.length;
          const events = recordEvents(el, ['nid-error']);

          failing = true;
          if (fault.offline) goOffline();
          await act();
          if (fault.code === 'timeout') {
            await wait(300);
            await settle(el);
          }

          expect(stub.calls.length - before, 'one request for the submission').to.equal(1);
          expect(alertText(el)).to.equal(fault.text);
          expect(events.map((event) => (event as CustomEvent).detail.code)).to.deep.equal([fault.code]);
          kept();
          expect(unhandled).to.deep.equal([]);

          failing = false;
          if (fault.countdown) {
            expect(query(el, '[role="timer"]').textContent!.trim()).to.equal(fault.countdown);
            await act(); // blocked while the wait runs: nothing is sent
            expect(stub.calls.length - before).to.equal(1);
          } else {
            await act();
            expect(stub.calls.length - before, 'the retry is one more request').to.equal(2);
            expect(alertText(el), 'the retry went through').to.equal('');
          }
          expect(unhandled).to.deep.equal([]);
        });
      }
    });
  }

  describe('<nid-register>: client settings (load-settings)', () => {
    for (const fault of faults({ auth_type: 42 })) {
      if (fault.countdown) continue; // a 429 on settings reads as any failed load: covered by the other codes
      it(`on ${fault.name}: still renders the form from its attributes and reports it`, async () => {
        failing = true;
        stub = stubFetch((call) => (call.url.includes('/settings') ? fault.answer(call) : HAPPY['/idp/v1/account/register']!()));
        if (fault.offline) goOffline();
        let reported: string | undefined;
        const el = await renderJourney<LitElement>('nid-register', `${OAUTH} load-settings`, (event) => {
          if (event.type === 'nid-error') reported = (event as CustomEvent).detail.code;
        });
        if (fault.code === 'timeout') {
          await wait(300);
          await settle(el);
        }
        expect(stub.calls).to.have.length(1);
        expect(alertText(el)).to.equal(fault.text);
        expect(reported).to.equal(fault.code);
        await fillAll(el, { 'Email address': 'ada@example.com', Password: PASSWORD, 'Confirm password': PASSWORD });
        await click(el, submitButton(el));
        expect(stub.calls, 'the form still registers').to.have.length(2);
        expect(unhandled).to.deep.equal([]);
      });
    }
  });
});
