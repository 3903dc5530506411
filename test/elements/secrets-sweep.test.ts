/**
 * The secrets sweep: on every path a password or a security answer takes
 * (each failure of the fault list, a refusal on the field, success), nothing
 * the page can read afterwards holds it: emitted events (serialised whole),
 * errors thrown or reported, console output, localStorage, sessionStorage,
 * cookies, the URL, history state, resource timing entries, and the
 * element's markup (attributes included; an input's value is a property).
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { spyConsole } from '../helpers/console.js';
import { HAPPY, faults, type Fault } from '../helpers/faults.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { renderJourney } from '../helpers/render.js';
import { choose, click, control, fill, phoneReady, root, settle, submitButton } from '../helpers/user.js';

const BASE = 'https://id.example.com';
const CLIENT = `base-domain="${BASE}" client-id="client-1" request-timeout="200"`;
const OAUTH = `${CLIENT} redirect-uri="https://app.example.com/callback" state="st-1"`;
/** Distinctive enough that any copy of them, in any serialisation, is found. */
const PASSWORD = 'Pw-7f3a9c-secret 🐎';
const ANSWER = 'Answer-b81e44-rex';
const SECRETS = [PASSWORD, ANSWER, encodeURIComponent(PASSWORD), encodeURIComponent(ANSWER)];

const QUESTIONS = [{ id: 'pet', label: { 'en-US': 'What was the name of your first pet?' } }];

/** Every path to sweep, per journey: the fault list, a refusal naming the secret fields, and success. */
const outcomes = (schemaFailure: unknown): Fault[] => [
  ...faults(schemaFailure),
  {
    name: 'a refusal on the secret fields',
    answer: () =>
      json(400, {
        error: 'validation_failed',
        fields: [
          { name: 'password', code: 'breached' },
          { name: 'securityQuestions[0].answer', code: 'too_short' },
        ],
      }),
    text: '',
    code: 'validation_failed',
  },
];

interface SecretJourney {
  name: string;
  path: string;
  schemaFailure: unknown;
  happy?: Record<string, () => Response>;
  /** Renders the element and types the secrets; returns it ready to submit. */
  arrange: () => Promise<LitElement>;
}

const journeys: SecretJourney[] = [
  {
    name: '<nid-register> with a security question',
    path: '/idp/v1/account/register',
    schemaFailure: { status: 'welcome' },
    arrange: async () => {
      const el = await renderJourney<LitElement & { settings: unknown }>('nid-register', `${OAUTH} fields="securityQuestions*:1 mobileNumber" mobile-default-country="GB"`);
      el.settings = { security_questions: QUESTIONS };
      await settle(el);
      await phoneReady(el);
      await fill(el, control(el, 'Email address'), 'ada@example.com');
      await choose(el, control<HTMLSelectElement>(el, 'Security question 1'), 'pet');
      await fill(el, control(el, 'Answer 1'), ANSWER);
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      return el;
    },
  },
  {
    name: '<nid-activate> completing an invitation',
    path: '/idp/v1/account/activate',
    schemaFailure: { status: 'completion_done' },
    happy: {
      '/idp/v1/account/activate': () =>
        json(200, { status: 'completion_required', profile: { emailAddress: 'ada@example.com' }, fields: [{ name: 'password', required: true }] }),
    },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-activate', `${CLIENT} token="tok-1"`);
      await click(el, submitButton(el));
      await fill(el, control(el, 'Password'), PASSWORD);
      await fill(el, control(el, 'Confirm password'), PASSWORD);
      return el;
    },
  },
  {
    name: '<nid-forgot-password> setting a new password',
    path: '/idp/v1/account/reset-password',
    schemaFailure: { status: 'maybe' },
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', `${OAUTH} token="tok-2"`);
      await fill(el, control(el, 'New password'), PASSWORD);
      await fill(el, control(el, 'Confirm new password'), PASSWORD);
      return el;
    },
  },
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

  for (const journey of journeys) {
    describe(journey.name, () => {
      const paths: (Fault | { name: string; success: true })[] = [...outcomes(journey.schemaFailure), { name: 'success', success: true }];
      for (const outcome of paths) {
        it(`leaves no secret anywhere on ${outcome.name}`, async () => {
          let failing = false;
          const happy = { ...HAPPY, ...journey.happy };
          stub = stubFetch((call) => {
            const path = new URL(call.url, location.href).pathname;
            if (failing && path === journey.path && 'answer' in outcome) return outcome.answer(call);
            if (failing && path === journey.path) return HAPPY[path]!();
            return happy[path]!();
          });
          const el = await journey.arrange();
          failing = true;
          await click(el, submitButton(el));
          if ('code' in outcome && outcome.code === 'timeout') await new Promise((resolve) => setTimeout(resolve, 300));
          await settle(el);

          // The secret did go where it belongs: once, in the request body.
          const sent = stub.calls.filter((call) => new URL(call.url, location.href).pathname === journey.path).at(-1)!;
          expect(String(sent.body)).to.contain(JSON.stringify(PASSWORD).slice(1, -1));
          expect(sent.url).to.not.contain(encodeURIComponent(PASSWORD));

          expect(events.length, 'the sweep saw the events').to.be.greaterThan(0);
          const readable = pageReadable(el, events, errors, spy.output);
          for (const secret of SECRETS) expect(readable.includes(secret), `found "${secret}" after ${outcome.name}`).to.equal(false);
        });
      }
    });
  }
});
