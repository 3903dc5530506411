/**
 * `<nid-forgot-password>` in every state (contract v2 section 5). Step 1
 * asks for a reset (`POST /idp/v1/account/forgot-password`) and says the
 * same thing whether or not an account exists. Step 2 is the page the
 * emailed link opens: the link's code is exchanged at `/token` and the new
 * password goes to `/change-password` with the access token as Bearer. An
 * SMS client gets a code by text message instead, typed with the new
 * password right after step 1.
 *
 * The link's code is given to step 2's stories through the element's `code`
 * property, never in a URL.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/forgot-password.js';
import { hostedArgTypes, journeyArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import {
  type Answer,
  forbidden,
  formFieldErrors,
  inTurn,
  invalidParameters,
  journeysApi,
  NO_TIMEOUT,
  rateLimited,
  reply,
  type Route,
  type Scenario,
  serviceUnavailable,
  type StoryRequest,
  storyService,
  tokens,
  unauthorized,
} from './support/story-service.js';
import {
  clickSecondaryAction,
  fillAndSubmit,
  fillForm,
  isSending,
  journeyIn,
  offersOnlyAction,
  showsAlert,
  showsControl,
  showsCountdown,
  showsErrorOn,
  showsFieldErrors,
  showsMessage,
  showsOutcome,
  showsSignInLink,
  submit,
  type,
} from './support/user.js';

/** The code the reset link brought back (the `code` property). */
const LINK_CODE = 'storybook-reset-link-code';
/** The code of the text message, as the SMS stories type it (stories/support/user.ts). */
const SMS_CODE = '482913';

/** The token call as the service does it: an access token for the link's code or the SMS code, else 422 on `code`. */
const exchange = ({ body }: StoryRequest): Answer => {
  const linkCode = body?.['grant_type'] === 'authorization_code' && body['code'] === LINK_CODE;
  const smsCode = body?.['grant_type'] === 'pin' && body['code'] === SMS_CODE;
  return linkCode || smsCode ? tokens : formFieldErrors({ code: ['The code is not valid or has expired.'] });
};

/** The service of one story: every call its success (the token call: `exchange`) unless `answers` says otherwise. */
const resetting = (name: string, answers: Partial<Record<Route, Scenario>> = {}) => storyService(name, journeysApi({ token: exchange, ...answers }));

const meta = {
  title: 'Journeys/nid-forgot-password',
  component: 'nid-forgot-password',
  args: {
    'base-domain': resetting('forgot-password'),
    'client-id': 'storybook-client',
    'redirect-uri': 'https://app.example.com/reset-password',
    'sign-in-url': 'https://app.example.com/sign-in',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: { ...journeyArgTypes, ...hostedArgTypes },
  render: (args) => html`<nid-forgot-password ${journeyArgs(args)}></nid-forgot-password>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

/** Step 2: the page the link opens, for the account of step 1. */
const RESET_LINK = { code: LINK_CODE, 'user-id': 'ada.lovelace@example.com' };

/** Step 1 for an SMS client, sent: the code, the new password and its confirmation, and "Send the code again". */
const smsCodeSent = async (canvasElement: HTMLElement) => {
  const el = await fillAndSubmit(canvasElement);
  await showsControl(el, 'code');
  return el;
};

// ---------------------------------------------------------------------------
// Step 1: ask for a link
// ---------------------------------------------------------------------------

/** Step 1: the email address of the account. */
export const RequestLink: Story = {};

/** Step 1 filled in, ready to send. */
export const RequestLinkFilled: Story = {
  play: async ({ canvasElement }) => fillForm(await journeyIn(canvasElement)),
};

/** Step 1 sent empty: nothing is sent. */
export const RequestLinkErrors: Story = {
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** Waiting for the service's answer. */
export const SendingLink: Story = {
  args: { 'base-domain': resetting('forgot-password-sending', { forgotPassword: 'never' }), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

/** 200 `{}`: "If an account exists for …, we have sent a link …" (the same for every address), and "Send the link again". */
export const LinkSent: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/** A 404 for an address without an account reads exactly like `LinkSent`: nobody learns who has an account. */
export const LinkSentUnknownAccount: Story = {
  args: { 'base-domain': resetting('forgot-password-unknown', { forgotPassword: reply(404, { error: 'not_found' }) }) },
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/** "Send the link again": the same request, 200, "We sent it again." */
export const SentAgain: Story = {
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsOutcome(el);
    await clickSecondaryAction(el);
    await showsMessage(el);
  },
};

const sentThenTooSoon = inTurn(reply(200, {}), rateLimited(60));

/** "Send the link again" too soon: 429, and that button counts down. */
export const SendAgainTooSoon: Story = {
  args: { 'base-domain': resetting('forgot-password-again-too-soon', { forgotPassword: sentThenTooSoon }) },
  beforeEach: sentThenTooSoon.restart,
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsOutcome(el);
    await clickSecondaryAction(el);
    await showsCountdown(el);
  },
};

/** 429 on the first request, with `Retry-After: 90`. */
export const RateLimited: Story = {
  args: { 'base-domain': resetting('forgot-password-rate-limited', { forgotPassword: rateLimited(90) }) },
  play: async ({ canvasElement }) => showsCountdown(await fillAndSubmit(canvasElement)),
};

/** 422 `invalid_parameters` (a `redirect_uri` the client does not allow): "Something went wrong. Please try again." */
export const InvalidParameters: Story = {
  args: {
    'base-domain': resetting('forgot-password-invalid-parameters', {
      forgotPassword: invalidParameters({ redirect_uri: { invalid: 'invalid value' } }),
    }),
  },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 403: the service does not know `client-id`. The seed text, and a console warning for the integrator. */
export const UnknownClient: Story = {
  args: { 'base-domain': resetting('forgot-password-forbidden', { forgotPassword: forbidden }) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 503: "We are unable to process your request right now. Please try again later.", the address kept. */
export const ServiceUnavailable: Story = {
  args: { 'base-domain': resetting('forgot-password-unavailable', { forgotPassword: serviceUnavailable }) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

// ---------------------------------------------------------------------------
// An SMS client: the code by text message, typed with the new password
// ---------------------------------------------------------------------------

/** `auth-type="sms"`: step 1 asks for the account's mobile number, and a code goes to it. */
export const RequestCodeBySms: Story = {
  args: { 'auth-type': 'sms' },
};

/** Step 1 sent: "…we have sent a code…"; then "Code from the text message", the new password twice, and "Send the code again". */
export const SmsCodeSent: Story = {
  tags: ['check-themes'],
  args: { 'auth-type': 'sms' },
  play: async ({ canvasElement }) => {
    const el = await smsCodeSent(canvasElement);
    await showsMessage(el);
  },
};

/** The code and the new password sent: the PIN for an access token, then change-password. "Your password has been changed." */
export const SmsPasswordChanged: Story = {
  args: { 'auth-type': 'sms' },
  play: async ({ canvasElement }) => {
    const el = await smsCodeSent(canvasElement);
    await fillForm(el);
    await submit(el);
    await showsSignInLink(el);
  },
};

/** A wrong or expired code: "This code is not valid or has expired." on the code field, everything typed kept. */
export const SmsCodeRefused: Story = {
  args: { 'auth-type': 'sms' },
  play: async ({ canvasElement }) => {
    const el = await smsCodeSent(canvasElement);
    await fillForm(el, { code: '000000' });
    await submit(el);
    await showsErrorOn(el, 'code');
  },
};

/** "Send the code again": the same step 1 request, "We sent it again." */
export const SmsCodeSentAgain: Story = {
  args: { 'auth-type': 'sms' },
  play: async ({ canvasElement }) => {
    const el = await smsCodeSent(canvasElement);
    await clickSecondaryAction(el);
    await showsMessage(el);
  },
};

// ---------------------------------------------------------------------------
// Step 2: the page the link opens
// ---------------------------------------------------------------------------

/** Step 2: the new password, twice, for the account of `user-id`. */
export const NewPassword: Story = {
  args: RESET_LINK,
};

/**
 * Step 2 when the page does not know the account (no `user-id`, and step 1
 * was not in this tab): the email address is asked for too. (A client id of
 * its own, so that no other story's step 1 fills it in.)
 */
export const NewPasswordUnknownAccount: Story = {
  args: { code: LINK_CODE, 'client-id': 'storybook-client-other-tab' },
};

/** Step 2 with a password that is too short and a confirmation that does not match: nothing is sent. */
export const NewPasswordErrors: Story = {
  tags: ['check-themes'],
  args: RESET_LINK,
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await type(el, 'password', 'short');
    await type(el, 'password_confirm', 'shorter');
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** Waiting: the code is being exchanged, then the password changed. */
export const SettingPassword: Story = {
  args: { ...RESET_LINK, 'base-domain': resetting('forgot-password-setting', { token: 'never' }), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

/** `/token` then `/change-password` (200 `{}`): "Your password has been changed." and the Sign in link (`sign-in-url`). */
export const PasswordChanged: Story = {
  args: RESET_LINK,
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsOutcome(el);
    await showsSignInLink(el);
  },
};

/** change-password's 422 `invalid_form_fields` `{ message: "Password is not formatted correctly." }`: on the new-password field. */
export const PasswordNotAccepted: Story = {
  args: {
    ...RESET_LINK,
    'base-domain': resetting('forgot-password-not-accepted', {
      changePassword: formFieldErrors({ message: 'Password is not formatted correctly.' }),
    }),
  },
  play: async ({ canvasElement }) => showsErrorOn(await fillAndSubmit(canvasElement), 'password'),
};

/** change-password's 422 `{ message: "Passwords do not match" }`: on the confirmation. */
export const PasswordsDoNotMatch: Story = {
  args: {
    ...RESET_LINK,
    'base-domain': resetting('forgot-password-mismatch', { changePassword: invalidParameters({ message: 'Passwords do not match' }) }),
  },
  play: async ({ canvasElement }) => showsErrorOn(await fillAndSubmit(canvasElement), 'password_confirm'),
};

/** The token call refuses the link's code (422; a 401 reads the same): "This link has expired." and "Request a new link". */
export const ExpiredLink: Story = {
  args: { ...RESET_LINK, code: 'storybook-used-link-code' },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsAlert(el);
    await offersOnlyAction(el);
  },
};

/** change-password refuses the access token (401): the same, the link has expired. */
export const ExpiredAccessToken: Story = {
  args: { ...RESET_LINK, 'base-domain': resetting('forgot-password-token-refused', { changePassword: unauthorized }) },
  play: async ({ canvasElement }) => offersOnlyAction(await fillAndSubmit(canvasElement)),
};

/** "Request a new link" after an expired one: step 1 again, the address kept, and sent. */
export const RequestNewLink: Story = {
  args: { ...RESET_LINK, code: 'storybook-used-link-code' },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsAlert(el);
    await clickSecondaryAction(el);
    await showsControl(el, 'emailAddress');
    await submit(el);
    await showsOutcome(el);
  },
};

/** 503 from the token call: the seed text, both passwords kept. */
export const NewPasswordServiceUnavailable: Story = {
  args: { ...RESET_LINK, 'base-domain': resetting('forgot-password-reset-unavailable', { token: serviceUnavailable }) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/**
 * `mode="hosted"`: one button instead of the form, to the vendor's own
 * `/forgot-password` screen (with PKCE, `state`, `nonce` and
 * `response_format=openid`); the oauth code loads when it is pressed.
 */
export const Hosted: Story = {
  args: { mode: 'hosted' },
};
