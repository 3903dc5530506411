/**
 * What the fault matrix and the secrets sweep drive: every way a request can
 * fail (each with the text the user reads and the `nid-error` code), and
 * every request of the four elements, arranged up to the user's action that
 * sends it.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { hang, json, raw, stubFetch, type FetchHandler, type FetchStub, type RecordedCall } from './fetch-stub.js';
import { ACCOUNT, CLIENT, renderJourney } from './render.js';
import { button, choose, click, control, fill, query, root, settle, submitButton } from './user.js';

export const SEED = 'We are unable to process your request right now. Please try again later.';
export const RETRY_DATE_SECONDS = 300;

export interface Fault {
  name: string;
  answer: (call: RecordedCall) => Response | Promise<Response>;
  text: string;
  code: string;
  /** The countdown a 429 shows, else undefined. */
  countdown?: string;
  offline?: boolean;
}

/** `schemaFailure`: a 2xx body the request's response schema refuses. */
export const faults = (schemaFailure: unknown): Fault[] => [
  { name: 'a timeout', answer: hang, text: SEED, code: 'timeout' },
  { name: 'a network error', answer: () => Promise.reject(new TypeError('Failed to fetch')), text: SEED, code: 'network_error' },
  { name: 'being offline', answer: () => Promise.reject(new TypeError('NetworkError when attempting to fetch resource.')), text: SEED, code: 'network_error', offline: true },
  { name: '500', answer: () => json(500, { error: 'server_error' }), text: SEED, code: 'server_error' },
  { name: '502 with an HTML body', answer: () => raw(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }), text: SEED, code: 'server_error' },
  { name: '503', answer: () => json(503, { error: 'service_unavailable' }), text: SEED, code: 'service_unavailable' },
  { name: '403 (an unknown client)', answer: () => json(403, { error: 'http_exception', error_description: 'Forbidden' }), text: SEED, code: 'invalid_client' },
  { name: '429 with Retry-After in seconds', answer: () => json(429, { error: 'too_many_requests' }, { 'Retry-After': '42' }), text: 'Too many attempts. You can try again in 42 seconds.', code: 'rate_limited', countdown: 'Try again in 42 seconds.' },
  {
    name: '429 with Retry-After as an HTTP date',
    answer: () => json(429, { error: 'too_many_requests' }, { 'Retry-After': new Date(Date.now() + RETRY_DATE_SECONDS * 1000).toUTCString() }),
    text: 'Too many attempts. You can try again in 5 minutes.',
    code: 'rate_limited',
    countdown: 'Try again in 5 minutes.',
  },
  { name: '429 with a garbage Retry-After', answer: () => json(429, {}, { 'Retry-After': 'tomorrow-ish' }), text: 'Too many attempts. You can try again in 30 seconds.', code: 'rate_limited', countdown: 'Try again in 30 seconds.' },
  { name: '200 with malformed JSON', answer: () => raw(200, '{"uuid": "sen'), text: SEED, code: 'malformed_response' },
  { name: '200 with a body that fails the schema', answer: () => json(200, schemaFailure), text: SEED, code: 'malformed_response' },
];

/** Distinctive enough that any copy of them, in any serialisation, is found (the secrets sweep looks). */
export const PASSWORD = 'Pw-7f3a9c-secret 🐎';
export const ANSWER = 'Answer-b81e44-rex';
export const PIN = '730419';
export const LINK_CODE = 'lc-5e02d7-reset';
export const ACCESS_TOKEN = 'at-91b0e3-bearer';
export const REFRESH_TOKEN = 'rt-4d8c21-refresh';
/** Every secret a journey can carry: none may be readable by the page afterwards. */
export const ALL_SECRETS = [PASSWORD, ANSWER, PIN, LINK_CODE, ACCESS_TOKEN, REFRESH_TOKEN];

/** What each path answers when nothing fails. */
export const HAPPY: Record<string, () => Response> = {
  '/idp/v1/account/register': () => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }),
  '/idp/v1/account/resend-verification': () => json(200, {}),
  '/idp/v1/account/token': () => json(200, { access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, token_type: 'Bearer' }),
  '/idp/v1/account/forgot-password': () => json(200, {}),
  '/idp/v1/account/change-password': () => json(200, {}),
  '/api/invite': () => json(200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }),
};

/** The shared attributes, with a timeout short enough for the "timeout" fault. */
const FAST = 'request-timeout="200"';
export const TIMED_CLIENT = `${CLIENT} ${FAST}`;
export const TIMED_ACCOUNT = `${ACCOUNT} ${FAST}`;
const QUESTIONS = [{ id: 'pet', label: { 'en-US': 'What was the name of your first pet?' } }];

export interface Arranged {
  el: LitElement;
  /** The user's action that sends the request. */
  act: () => Promise<void>;
  /** Checks that what the user typed is still there. */
  kept: () => void;
}

export interface Journey {
  element: string;
  request: string;
  path: string;
  schemaFailure: unknown;
  /** The secrets this request carries in its body (the secrets sweep follows it). */
  secrets?: string[];
  /**
   * Requests a submission sends: when this request fails, and when it all goes
   * through (step 2 of a reset is two calls in a row). Default: one each.
   */
  calls?: { failed: number; succeeded: number };
  arrange: () => Promise<Arranged>;
}

const keptValues = (el: LitElement, values: Record<string, string>) => () => {
  for (const [label, value] of Object.entries(values)) expect(control(el, label).value, label).to.equal(value);
};

export async function fillAll(el: LitElement, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await fill(el, control(el, label), value);
}

/** A reset link in the address bar (read and removed by the element as it renders). */
async function withLink<T>(render: () => Promise<T>): Promise<T> {
  const original = location.href;
  history.replaceState(null, '', `?code=${LINK_CODE}`);
  try {
    return await render();
  } finally {
    history.replaceState(null, '', original);
  }
}

/** Every request of the four elements, each arranged up to the user's action that sends it. */
export const journeys: Journey[] = [
  {
    element: 'nid-register',
    request: 'register',
    path: '/idp/v1/account/register',
    schemaFailure: { status: 'welcome' },
    secrets: [PASSWORD, ANSWER],
    arrange: async () => {
      const el = await renderJourney<LitElement & { settings: unknown }>('nid-register', `${TIMED_ACCOUNT} fields="firstName securityQuestions*:1"`);
      el.settings = { security_questions: QUESTIONS };
      await settle(el);
      await choose(el, control<HTMLSelectElement>(el, 'Security question 1'), 'pet');
      const values = { 'Email address': 'ada@example.com', 'First name': 'Ada', 'Answer 1': ANSWER, Password: PASSWORD, 'Confirm password': PASSWORD };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-register',
    request: 'send the verification again',
    path: '/idp/v1/account/resend-verification',
    schemaFailure: ['queued'],
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-register', TIMED_ACCOUNT);
      await fillAll(el, { 'Email address': 'ada@example.com', Password: PASSWORD, 'Confirm password': PASSWORD });
      await click(el, submitButton(el));
      const resend = () => button(el, 'Send the email again');
      return { el, act: () => click(el, resend()), kept: () => expect(root(el).textContent).to.contain('Check your email') };
    },
  },
  {
    element: 'nid-activate',
    request: 'verify with the code',
    path: '/idp/v1/account/token',
    schemaFailure: { access_token: 7 },
    secrets: [PIN],
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-activate', `${TIMED_ACCOUNT} user-id="ada@example.com"`);
      const values = { 'Verification code': PIN };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, { ...values, 'Email address': 'ada@example.com' }) };
    },
  },
  {
    element: 'nid-activate',
    request: 'send a new code',
    path: '/idp/v1/account/resend-verification',
    schemaFailure: ['queued'],
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-activate', `${TIMED_ACCOUNT} user-id="ada@example.com"`);
      return { el, act: () => click(el, button(el, 'Send a new code')), kept: keptValues(el, { 'Email address': 'ada@example.com' }) };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'request a reset link',
    path: '/idp/v1/account/forgot-password',
    schemaFailure: ['queued'],
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', TIMED_ACCOUNT);
      const values = { 'Email address': 'ada@example.com' };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'send the link again',
    path: '/idp/v1/account/forgot-password',
    schemaFailure: ['queued'],
    arrange: async () => {
      const el = await renderJourney<LitElement>('nid-forgot-password', TIMED_ACCOUNT);
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
    request: 'exchange the link’s code',
    path: '/idp/v1/account/token',
    schemaFailure: { access_token: 7 },
    secrets: [LINK_CODE],
    calls: { failed: 1, succeeded: 2 },
    arrange: async () => {
      const el = await withLink(() => renderJourney<LitElement>('nid-forgot-password', `${TIMED_ACCOUNT} user-id="ada@example.com"`));
      const values = { 'New password': PASSWORD, 'Confirm new password': PASSWORD };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
  {
    element: 'nid-forgot-password',
    request: 'set the new password',
    path: '/idp/v1/account/change-password',
    schemaFailure: ['changed'],
    secrets: [PASSWORD],
    calls: { failed: 2, succeeded: 2 },
    arrange: async () => {
      const el = await withLink(() => renderJourney<LitElement>('nid-forgot-password', `${TIMED_ACCOUNT} user-id="ada@example.com"`));
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
      const el = await renderJourney<LitElement>('nid-invite-form', `action="/api/invite" ${FAST}`);
      const values = { 'Email address': 'ada@example.com', 'First name': 'Ada', 'Last name': 'Lovelace' };
      await fillAll(el, values);
      return { el, act: () => click(el, submitButton(el)), kept: keptValues(el, values) };
    },
  },
];

/**
 * A fetch stub for one journey: every request gets its HAPPY answer (with
 * the journey's overrides) until `fail(true)`; from then on the journey's own
 * request gets `answer`.
 */
export function stubJourney(journey: Journey, answer: FetchHandler): { stub: FetchStub; fail(on: boolean): void } {
  let failing = false;
  const happy = HAPPY;
  const stub = stubFetch((call) => {
    const path = new URL(call.url, location.href).pathname;
    if (failing && path === journey.path) return answer(call);
    const happyAnswer = happy[path];
    if (!happyAnswer) throw new Error(`unexpected request to ${path}`);
    return happyAnswer();
  });
  return {
    stub,
    fail(on) {
      failing = on;
    },
  };
}
