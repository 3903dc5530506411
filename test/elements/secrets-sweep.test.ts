/**
 * The secrets sweep: on every path a secret takes (a password, a security
 * answer, a one-time code, a link's code, an access or refresh token; each
 * failure of the fault list, a refusal on the field, success), nothing the
 * page can read afterwards holds it: emitted events (serialised whole),
 * errors thrown or reported, console output, localStorage, sessionStorage,
 * cookies, the URL, history state, resource timing entries, and the
 * element's markup (attributes included; an input's value is a property).
 * The journeys are the fault matrix's, those that carry a secret.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { spyConsole } from '../helpers/console.js';
import { ALL_SECRETS, HAPPY, faults, journeys, stubJourney, type Fault } from '../helpers/faults.js';
import { json, type FetchStub } from '../helpers/fetch-stub.js';
import { root, settle } from '../helpers/user.js';

const SECRETS = [...ALL_SECRETS, ...ALL_SECRETS.map(encodeURIComponent)];

/** Every path to sweep, per journey: the fault list, a refusal naming the secret fields, and success. */
const outcomes = (schemaFailure: unknown, path: string): Pick<Fault, 'name' | 'answer' | 'code'>[] => [
  ...faults(schemaFailure),
  {
    name: 'a refusal on the secret fields',
    answer: () =>
      json(422, {
        error: 'invalid_form_fields',
        error_description: 'some inputs are invalid',
        error_details: {
          newPassword: ['Password is not formatted correctly.'],
          securityQuestions: ['Answers are too short.'],
          code: ['The code is not valid or has expired.'],
          message: 'Password is not formatted correctly.',
        },
      }),
    code: 'invalid_form_fields',
  },
  { name: 'success', answer: () => HAPPY[path]!(), code: '' },
];

/** Everything the page can read, as one string. */
function pageReadable(el: LitElement, events: string[], errors: string[], consoleOutput: string[]): string {
  return [
    ...events,
    ...errors,
    ...consoleOutput,
    JSON.stringify({ ...localStorage }),
    JSON.stringify({ ...sessionStorage }),
    document.cookie,
    location.href,
    JSON.stringify(history.state),
    ...performance.getEntriesByType('resource').map((entry) => entry.name),
    root(el).innerHTML,
    el.outerHTML,
  ].join('\n');
}

/** An event with everything a listener could read from it. */
function serialise(event: Event): string {
  const own = Object.fromEntries(Object.keys(event).map((key) => [key, (event as unknown as Record<string, unknown>)[key]]));
  return `${event.type} ${JSON.stringify({ ...own, detail: (event as CustomEvent).detail })}`;
}

describe('secrets sweep', () => {
  let stub: FetchStub;
  let spy: ReturnType<typeof spyConsole>;
  let events: string[];
  let errors: string[];
  const onEvent = (event: Event) => events.push(serialise(event));
  const onError = (event: ErrorEvent) => errors.push(`${event.message} ${String(event.error?.stack)}`);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason?.stack ?? event.reason));
  const types = ['nid-submit', 'nid-success', 'nid-error', 'submit', 'input', 'change', 'invalid'];

  beforeEach(() => {
    events = [];
    errors = [];
    spy = spyConsole();
    for (const type of types) addEventListener(type, onEvent, true);
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
  });
  afterEach(() => {
    stub?.restore();
    spy.restore();
    for (const type of types) removeEventListener(type, onEvent, true);
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
    localStorage.clear();
    sessionStorage.clear();
  });

  for (const journey of journeys.filter((candidate) => candidate.secrets)) {
    describe(`<${journey.element}>: ${journey.request}`, () => {
      for (const outcome of outcomes(journey.schemaFailure, journey.path)) {
        it(`leaves no secret anywhere on ${outcome.name}`, async () => {
          const journeyStub = stubJourney(journey, outcome.answer);
          stub = journeyStub.stub;
          const { el, act } = await journey.arrange();
          journeyStub.fail(true);
          await act();
          if (outcome.code === 'timeout') await new Promise((resolve) => setTimeout(resolve, 300));
          await settle(el);

          // The secrets did go where they belong: in the request body, never the URL.
          const sent = stub.calls.filter((call) => new URL(call.url, location.href).pathname === journey.path).at(-1)!;
          for (const secret of journey.secrets!) {
            expect(String(sent.body)).to.contain(JSON.stringify(secret).slice(1, -1));
            expect(sent.url).to.not.contain(encodeURIComponent(secret));
          }

          expect(events.length, 'the sweep saw the events').to.be.greaterThan(0);
          const readable = pageReadable(el, events, errors, spy.output);
          for (const secret of SECRETS) expect(readable.includes(secret), `found "${secret}" after ${outcome.name}`).to.equal(false);
        });
      }
    });
  }
});
