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
import { stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { HAPPY, PASSWORD, TIMED_ACCOUNT, faults, fillAll, journeys, stubJourney } from '../helpers/faults.js';
import { renderJourney } from '../helpers/render.js';
import { alertText, click, query, recordEvents, settle, submitButton } from '../helpers/user.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault matrix', () => {
  let stub: FetchStub;
  let unhandled: string[];
  let onLine: PropertyDescriptor | undefined;
  const onError = (event: ErrorEvent) => unhandled.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => unhandled.push(`unhandled rejection: ${String(event.reason)}`);

  beforeEach(() => {
    unhandled = [];
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
          const journeyStub = stubJourney(journey, fault.answer);
          stub = journeyStub.stub;
          const { el, act, kept } = await journey.arrange();
          const before = stub.calls.length;
          const events = recordEvents(el, ['nid-error']);

          journeyStub.fail(true);
          if (fault.offline) goOffline();
          await act();
          if (fault.code === 'timeout') {
            await wait(300);
            await settle(el);
          }

          const calls = journey.calls ?? { failed: 1, succeeded: 1 };
          expect(stub.calls.length - before, 'one request for the submission').to.equal(calls.failed);
          expect(alertText(el)).to.equal(fault.text);
          expect(events.map((event) => (event as CustomEvent).detail.code)).to.deep.equal([fault.code]);
          kept();
          expect(unhandled).to.deep.equal([]);

          journeyStub.fail(false);
          if (fault.countdown) {
            expect(query(el, '[role="timer"]').textContent!.trim()).to.equal(fault.countdown);
            await act(); // blocked while the wait runs: nothing is sent
            expect(stub.calls.length - before).to.equal(calls.failed);
          } else {
            await act();
            expect(stub.calls.length - before, 'the retry is one more submission').to.equal(calls.failed + calls.succeeded);
            expect(alertText(el), 'the retry went through').to.equal('');
          }
          expect(unhandled).to.deep.equal([]);
        });
      }
    });
  }

  describe('<nid-register>: client settings (settings-src)', () => {
    for (const fault of faults({ auth_type: 42 })) {
      if (fault.countdown) continue; // a 429 on settings reads as any failed load: covered by the other codes
      it(`on ${fault.name}: still renders the form from its attributes and reports it`, async () => {
        stub = stubFetch((call) => (call.url.includes('/settings') ? fault.answer(call) : HAPPY['/idp/v1/account/register']!()));
        if (fault.offline) goOffline();
        let reported: string | undefined;
        const el = await renderJourney<LitElement>('nid-register', `${TIMED_ACCOUNT} settings-src="/nid/settings.json"`, (event) => {
          if (event.type === 'nid-error') reported = (event as CustomEvent).detail.code;
        });
        if (fault.code === 'timeout') {
          await wait(300);
          await settle(el);
        }
        expect(stub.calls).to.have.length(1);
        // A settings file that is not valid is read key by key: its valid keys (none here) count, nothing fails.
        const schemaOnly = fault.name.includes('fails the schema');
        expect(alertText(el)).to.equal(schemaOnly ? '' : fault.text);
        expect(reported).to.equal(schemaOnly ? undefined : fault.code);
        await fillAll(el, { 'Email address': 'ada@example.com', Password: PASSWORD, 'Confirm password': PASSWORD });
        await click(el, submitButton(el));
        expect(stub.calls, 'the form still registers').to.have.length(2);
        expect(unhandled).to.deep.equal([]);
      });
    }
  });
});
