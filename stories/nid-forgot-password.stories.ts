/**
 * `<nid-forgot-password>` in every state of its two steps: asking for a
 * reset link (no token), and setting the new password on the page the link
 * opens (with a token, given here as an attribute).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/forgot-password.js';
import { oauthArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import { type Answer, fieldErrors, inTurn, NO_TIMEOUT, rateLimited, reply, serviceUnavailable, type StoryRequest, storyService } from './support/story-service.js';
import { clickSecondaryAction, fillAndSubmit, fillForm, isSending, journeyIn, showsAlert, showsCountdown, showsFieldErrors, showsMessage, submit, type } from './support/user.js';

const linkSent = reply(202, { status: 'sent' });
/** Changed; the stories leave out `redirect_uri`, which the element would follow away from the story. */
const passwordReset = reply(200, { status: 'password_reset' });

/** Step 1 answers `request`, step 2 `reset`. */
const service = (request: Answer, reset: Answer) => ({ path }: StoryRequest): Answer =>
  path.endsWith('/reset-password') ? reset : request;

const meta = {
  title: 'Journeys/nid-forgot-password',
  component: 'nid-forgot-password',
  args: {
    'base-domain': storyService('forgot-password', service(linkSent, passwordReset)),
    'client-id': 'storybook-client',
    'redirect-uri': 'https://app.example.com/callback',
    state: 'storybook-state',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: oauthArgTypes,
  render: (args) => html`<nid-forgot-password ${journeyArgs(args)}></nid-forgot-password>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

/** The page a reset link opens. */
const RESET_LINK = { token: 'storybook-reset-link' };

// ---------------------------------------------------------------------------
// Step 1: ask for a link
// ---------------------------------------------------------------------------

/** Step 1: the email address of the account. */
export const RequestLink: Story = {};

/** Step 1 filled in, ready to send. */
export const RequestLinkFilled: Story = {
  play: async ({ canvasElement }) => fillForm(await journeyIn(canvasElement)),
};

/** `auth-type="sms"`: the link goes to the account's mobile number. */
export const RequestLinkBySms: Story = {
  args: { 'auth-type': 'sms' },
};

/** Step 1 sent empty. */
export const RequestLinkErrors: Story = {
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** The service refuses the address (400 `validation_failed`). */
export const ServerFieldError: Story = {
  args: { 'base-domain': storyService('forgot-password-field-error', fieldErrors([{ name: 'emailAddress', code: 'not_allowed' }])) },
  play: async ({ canvasElement }) => showsFieldErrors(await fillAndSubmit(canvasElement)),
};

/** Waiting for the service's answer. */
export const SendingLink: Story = {
  args: { 'base-domain': storyService('forgot-password-sending', 'never'), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

/** 202: the same words whether or not an account exists, and "Send the link again". */
export const LinkSent: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => showsMessage(await fillAndSubmit(canvasElement)),
};

const sentThenTooSoon = inTurn(linkSent, rateLimited(60));

/** "Send the link again" too soon: 429, and that button counts down. */
export const SendAgainTooSoon: Story = {
  args: { 'base-domain': storyService('forgot-password-again-too-soon', sentThenTooSoon) },
  beforeEach: sentThenTooSoon.restart,
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsMessage(el);
    await clickSecondaryAction(el);
    await showsCountdown(el);
  },
};

/** 429 on the first request, with `Retry-After: 90`. */
export const RateLimited: Story = {
  args: { 'base-domain': storyService('forgot-password-rate-limited', rateLimited(90)) },
  play: async ({ canvasElement }) => showsCountdown(await fillAndSubmit(canvasElement)),
};

/** 503 `service_unavailable`. */
export const ServiceUnavailable: Story = {
  args: { 'base-domain': storyService('forgot-password-unavailable', serviceUnavailable) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

// ---------------------------------------------------------------------------
// Step 2: the page the link opens
// ---------------------------------------------------------------------------

/** Step 2: the new password, twice. */
export const NewPassword: Story = {
  args: RESET_LINK,
};

/** Step 2 with a password that is too short and a confirmation that does not match. */
export const NewPasswordErrors: Story = {
  tags: ['check-themes'],
  args: RESET_LINK,
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await type(el, 'password', 'short');
    await type(el, 'passwordConfirmation', 'shorter');
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** The service refuses the password: it appeared in a data breach (400 `validation_failed`, `breached`). */
export const PasswordBreached: Story = {
  args: {
    ...RESET_LINK,
    'base-domain': storyService('forgot-password-breached', service(linkSent, fieldErrors([{ name: 'password', code: 'breached' }]))),
  },
  play: async ({ canvasElement }) => showsFieldErrors(await fillAndSubmit(canvasElement)),
};

/** 410 `expired_token`: the link has expired; "Request a new link" goes back to step 1. */
export const ExpiredLink: Story = {
  args: {
    ...RESET_LINK,
    'base-domain': storyService('forgot-password-expired', service(linkSent, reply(410, { error: 'expired_token' }))),
  },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 404 `invalid_token`: an unknown or used link. */
export const InvalidLink: Story = {
  args: {
    ...RESET_LINK,
    'base-domain': storyService('forgot-password-invalid', service(linkSent, reply(404, { error: 'invalid_token' }))),
  },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 200 `password_reset`: the password has been changed. */
export const PasswordChanged: Story = {
  args: RESET_LINK,
  play: async ({ canvasElement }) => showsMessage(await fillAndSubmit(canvasElement)),
};
