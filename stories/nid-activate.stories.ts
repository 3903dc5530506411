/**
 * `<nid-activate>` in every state: verification of a new account by the
 * code the service sent by email or SMS (contract v2 section 4). The user
 * gives the account's identifier (pre-filled from `user-id`) and the code;
 * "Verify account" exchanges it at `POST /idp/v1/account/token` (grant
 * `pin`), "Send a new code" posts `/resend-verification`. Nothing is sent
 * before the user asks.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/activate.js';
import { journeyArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import {
  forbidden,
  formFieldErrors,
  invalidParameters,
  journeysApi,
  NO_TIMEOUT,
  rateLimited,
  type Route,
  type Scenario,
  serviceUnavailable,
  storyService,
  unauthorized,
} from './support/story-service.js';
import {
  clickSecondaryAction,
  fillAndSubmit,
  fillForm,
  isSending,
  journeyIn,
  showsAlert,
  showsCountdown,
  showsErrorOn,
  showsFieldErrors,
  showsMessage,
  showsOutcome,
  showsSignInLink,
  submit,
} from './support/user.js';

/** The service of one story: the token call and resend-verification answer as given, else their success. */
const verifying = (name: string, answers: Partial<Record<Route, Scenario>> = {}) => storyService(name, journeysApi(answers));

/** A wrong or expired code: 422 `invalid_form_fields` on `code`, in the service's words. */
const codeRefused = formFieldErrors({ code: ['The code is not valid or has expired.'] });

const meta = {
  title: 'Journeys/nid-activate',
  component: 'nid-activate',
  args: {
    'base-domain': verifying('activate'),
    // A client of its own: <nid-register> hands the address it registered to <nid-activate> of the same
    // client in the same tab (sessionStorage), and a register story seen before must not fill these in.
    'client-id': 'storybook-activate-client',
    'redirect-uri': 'https://app.example.com/verified',
    'sign-in-url': 'https://app.example.com/sign-in',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: journeyArgTypes,
  render: (args) => html`<nid-activate ${journeyArgs(args)}></nid-activate>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

/** The address the code went to, as the page that shows the element knows it. */
const KNOWN_ACCOUNT = { 'user-id': 'ada.lovelace@example.com' };

/** Types the code (and the identifier, if it is not pre-filled) and clicks "Verify account". */
const verify = (canvasElement: HTMLElement) => fillAndSubmit(canvasElement);

/** Clicks "Send a new code" for the account the page knows (`user-id`): the code is not asked for. */
const askForNewCode = async (canvasElement: HTMLElement) => {
  const el = await journeyIn(canvasElement);
  await clickSecondaryAction(el);
  return el;
};

// ---------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------

/** The email address, the code, "Verify account" and "Send a new code". */
export const Empty: Story = {};

/** `user-id`: the address is filled in already, the user types only the code. (Next to `<nid-register>` on one page, the address just registered is.) */
export const KnownAccount: Story = {
  args: KNOWN_ACCOUNT,
};

/** Filled in, ready to send. */
export const Filled: Story = {
  args: KNOWN_ACCOUNT,
  play: async ({ canvasElement }) => fillForm(await journeyIn(canvasElement)),
};

/** `auth-type="sms"`: the code came by text message, and the account is named by its mobile number. */
export const SmsAccount: Story = {
  args: { 'auth-type': 'sms' },
};

/** Sent empty: the identifier and the code say what they need; nothing is sent. */
export const ClientSideErrors: Story = {
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

// ---------------------------------------------------------------------------
// Verify account
// ---------------------------------------------------------------------------

/** Waiting for the service's answer: the button is busy. */
export const Verifying: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-verifying', { token: 'never' }), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await verify(canvasElement)),
};

/** 200 with tokens: "Your account is verified." and the Sign in link (`sign-in-url`). No token reaches an event. */
export const Verified: Story = {
  tags: ['check-themes'],
  args: KNOWN_ACCOUNT,
  play: async ({ canvasElement }) => {
    const el = await verify(canvasElement);
    await showsOutcome(el);
    await showsSignInLink(el);
  },
};

/** The same for an sms account. */
export const VerifiedSmsAccount: Story = {
  args: { 'auth-type': 'sms', 'base-domain': verifying('activate-verified-sms') },
  play: async ({ canvasElement }) => showsSignInLink(await verify(canvasElement)),
};

/** Verified on a page without `sign-in-url`: the message alone. */
export const VerifiedWithoutSignInLink: Story = {
  args: { ...KNOWN_ACCOUNT, 'sign-in-url': undefined },
  play: async ({ canvasElement }) => showsOutcome(await verify(canvasElement)),
};

/** 422 on the code: "This code is not valid or has expired." on the code field, the typed code kept. */
export const CodeRefused: Story = {
  tags: ['check-themes'],
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-code-refused', { token: codeRefused }) },
  play: async ({ canvasElement }) => showsErrorOn(await verify(canvasElement), 'code'),
};

/** 401 from the token call reads the same: the code is not valid (any more). */
export const CodeRefusedUnauthorized: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-code-unauthorized', { token: unauthorized }) },
  play: async ({ canvasElement }) => showsErrorOn(await verify(canvasElement), 'code'),
};

/** Too many attempts: 429, and "Verify account" counts down ("Send a new code" still works). */
export const VerifyTooSoon: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-rate-limited', { token: rateLimited(90) }) },
  play: async ({ canvasElement }) => showsCountdown(await verify(canvasElement)),
};

/** 422 `invalid_parameters` not about the code (the integration is wrong): "Something went wrong. Please try again." */
export const InvalidParameters: Story = {
  args: {
    ...KNOWN_ACCOUNT,
    'base-domain': verifying('activate-invalid-parameters', { token: invalidParameters({ redirect_uri: { invalid: 'invalid value' } }) }),
  },
  play: async ({ canvasElement }) => showsAlert(await verify(canvasElement)),
};

/** 403: the service does not know `client-id`. The seed text, and a console warning for the integrator. */
export const UnknownClient: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-forbidden', { token: forbidden }) },
  play: async ({ canvasElement }) => showsAlert(await verify(canvasElement)),
};

/** 503: "We are unable to process your request right now. Please try again later.", the code kept. */
export const ServiceUnavailable: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-unavailable', { token: serviceUnavailable }) },
  play: async ({ canvasElement }) => showsAlert(await verify(canvasElement)),
};

/** The request never reached the service: the same seed text. */
export const NetworkFailure: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-network-failure', { token: 'network-failure' }) },
  play: async ({ canvasElement }) => showsAlert(await verify(canvasElement)),
};

// ---------------------------------------------------------------------------
// Send a new code
// ---------------------------------------------------------------------------

/** "Send a new code": 200, "If your account is waiting for verification, we have sent you a new code." (the same for every account). */
export const NewCodeSent: Story = {
  args: KNOWN_ACCOUNT,
  play: async ({ canvasElement }) => showsMessage(await askForNewCode(canvasElement)),
};

/** "Send a new code" with no identifier: only the identifier is asked for, nothing is sent. */
export const NewCodeWithoutIdentifier: Story = {
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await clickSecondaryAction(el);
    await showsErrorOn(el, 'emailAddress');
  },
};

/** A new code asked for too soon after the last one: 429, and "Send a new code" counts down. */
export const NewCodeTooSoon: Story = {
  args: { ...KNOWN_ACCOUNT, 'base-domain': verifying('activate-new-code-too-soon', { resendVerification: rateLimited(60) }) },
  play: async ({ canvasElement }) => showsCountdown(await askForNewCode(canvasElement)),
};

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/** Without `redirect-uri` (the token call needs one) the element sends nothing and says it is not set up. */
export const InvalidConfiguration: Story = {
  args: { 'redirect-uri': undefined },
};
