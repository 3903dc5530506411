/**
 * `<nid-invite-form>` in every state. The element posts to `action`, the
 * integrator's own route, which holds the client's credentials and calls the
 * service's `/pre-register` (contract v2 section 8, see
 * `createPreRegisterHandler` in `nid-journeys/server`); each story's `action`
 * is a same-origin route of its own, answered as that server helper relays
 * the service's answers.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { FieldSetting } from '../src/api/contract.js';
import '../src/invite-form.js';
import { journeyArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import { formFieldErrors, NO_TIMEOUT, rateLimited, reply, storyAction } from './support/story-service.js';
import {
  fillAndSubmit,
  fillForm,
  isSending,
  journeyIn,
  showsAlert,
  showsCountdown,
  showsErrorOn,
  showsFieldErrors,
  showsMessage,
  submit,
  tick,
} from './support/user.js';

/** 200 `{ uuid }` relayed from `/pre-register`. */
const invited = reply(200, { uuid: '00000000-0000-4000-8000-000000000000' });
/** What the server helper answers when the service failed, could not be reached or answered something unreadable. */
const relayFailed = reply(502, { error: 'server_error', error_description: 'The invitation could not be sent right now. Please try again later.' });

const meta = {
  title: 'Journeys/nid-invite-form',
  component: 'nid-invite-form',
  args: {
    action: storyAction('invite', invited),
    fields: 'firstName* lastName*',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: journeyArgTypes,
  render: (args) => html`<nid-invite-form ${journeyArgs(args)}></nid-invite-form>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

// ---------------------------------------------------------------------------
// The form and its configurations
// ---------------------------------------------------------------------------

/** The administrator's form: the invited person's name and email address, their language, "send again". */
export const Empty: Story = {};

/** Filled in, ready to send. */
export const Filled: Story = {
  play: async ({ canvasElement }) => fillForm(await journeyIn(canvasElement)),
};

/** `auth-types="email sms"`: the administrator chooses how the invited person will sign in. */
export const ChooseSignInMethod: Story = {
  tags: ['check-themes'],
  args: { 'auth-types': 'email sms' },
};

/** `auth-type="sms"`: the invited person signs in with their mobile number. */
export const SmsIdentifier: Story = {
  args: { 'auth-type': 'sms' },
};

/** More of the profile, pre-filled by the administrator. */
export const ProfileFields: Story = {
  args: { fields: 'firstName* lastName* gender companyName mobileNumber' },
};

/** The `fields` property with fields of the client's own: a checkbox and a text, sent as strings. */
export const CustomFields: Story = {
  args: {
    fields: [
      { name: 'firstName', required: true },
      { name: 'lastName', required: true },
      { name: 'resourceAccessB2b', type: 'checkbox', label: { 'en-US': 'Access to B2B resources', 'fr-FR': 'Accès aux ressources B2B' } },
      { name: 'costCentre', type: 'text', label: 'Cost centre', required: true },
    ] satisfies FieldSetting[],
  },
  argTypes: { fields: { control: 'object' } },
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await fillForm(el);
    await tick(el, 'resourceAccessB2b');
  },
};

// ---------------------------------------------------------------------------
// After sending
// ---------------------------------------------------------------------------

/** Sent empty: the required fields say what they need; nothing is sent. */
export const ClientSideErrors: Story = {
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** Waiting for the route's answer. */
export const Sending: Story = {
  args: { action: storyAction('invite-sending', 'never'), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

/** 200 `{ uuid }`: "Invitation sent to …", and the form is empty again for the next one, in the same language. */
export const InvitationSent: Story = {
  play: async ({ canvasElement }) => showsMessage(await fillAndSubmit(canvasElement)),
};

/**
 * 422 `invalid_form_fields` `{ emailAddress: ["An account with this identifier already exists."] }`:
 * the address belongs to an existing account, said on the field.
 */
export const AlreadyExists: Story = {
  tags: ['check-themes'],
  args: {
    action: storyAction('invite-already-exists', formFieldErrors({ emailAddress: ['An account with this identifier already exists.'] })),
  },
  play: async ({ canvasElement }) => showsErrorOn(await fillAndSubmit(canvasElement), 'emailAddress'),
};

/** "Send the invitation again" too soon after the last one: 429, and the button counts down. */
export const ResendTooSoon: Story = {
  args: { action: storyAction('invite-resend-too-soon', rateLimited(60)) },
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await fillForm(el);
    await tick(el, 'resend');
    await submit(el);
    await showsCountdown(el);
  },
};

/** 403 `access_denied` from the route: the administrator's session ended, or they may not invite. */
export const AccessDenied: Story = {
  args: { action: storyAction('invite-access-denied', reply(403, { error: 'access_denied' })) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 400 from the route (the body did not pass its checks): "Something went wrong. Please try again." */
export const BadRequest: Story = {
  args: {
    action: storyAction('invite-bad-request', reply(400, { error: 'invalid_request', error_description: 'Missing or malformed parameter: locale.' })),
  },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 502 from the route (the service failed or refused the call): "We are unable to process your request right now. Please try again later." */
export const ServiceFailed: Story = {
  args: { action: storyAction('invite-failed', relayFailed) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** No answer within `request-timeout` (here 300 ms): the same seed text, every value kept. */
export const TimedOut: Story = {
  args: { action: storyAction('invite-timeout', 'never'), 'request-timeout': 300 },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** The route could not be reached: the same seed text. */
export const NetworkFailure: Story = {
  args: { action: storyAction('invite-network-failure', 'network-failure') },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/**
 * A page that hands the element a client secret: the element drops it and
 * refuses to work (credentials stay on the server). The value is a placeholder.
 */
export const CredentialsRefused: Story = {
  args: { 'client-secret': 'placeholder-not-a-secret' },
};
