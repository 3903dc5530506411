/**
 * `<nid-activate>` in every state: the page an activation link opens, what
 * the service answers when the user clicks "Activate account", and the
 * invitation's completion form. The token is given as an attribute (the
 * stories' address bar has none); nothing is sent before the click.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/activate.js';
import { journeyArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import { type Answer, NO_TIMEOUT, rateLimited, reply, serviceUnavailable, type StoryRequest, storyService } from './support/story-service.js';
import { fillForm, isSending, journeyIn, showsAlert, showsControl, showsCountdown, showsFieldErrors, showsMessage, submit } from './support/user.js';

/** Activated; the stories leave out `redirect_uri`, which the element would follow away from the story. */
const activated = reply(200, { status: 'activated' });
const newLinkSent = reply(202, { status: 'sent' });
const expired = reply(410, { error: 'expired_token', error_description: 'The link has expired.' });

/** The activate call answers `activation`; a new link is sent on request. */
const activating = (activation: Answer) => ({ path }: StoryRequest): Answer =>
  path.endsWith('/activate/resend') ? newLinkSent : activation;

/**
 * An invitation (contract 4.2): the first click answers that the profile must
 * be completed and a password set, the completed form activates the account.
 */
const invitation = ({ body }: StoryRequest): Answer =>
  body?.['password'] !== undefined
    ? activated
    : reply(200, {
        status: 'completion_required',
        profile: { emailAddress: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper' },
        fields: [
          { name: 'password', required: true },
          { name: 'firstName', required: true },
          { name: 'lastName', required: true },
          { name: 'companyName', required: false },
          { name: 'mobileNumber', required: false },
        ],
        consents: [
          { id: 'terms', url: 'https://example.com/terms', required: true },
          { id: 'privacy', url: 'https://example.com/privacy', required: true },
        ],
      });

const meta = {
  title: 'Journeys/nid-activate',
  component: 'nid-activate',
  args: {
    'base-domain': storyService('activate', activating(activated)),
    'client-id': 'storybook-client',
    token: 'storybook-activation-link',
    'sign-in-url': 'https://app.example.com/sign-in',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
  },
  argTypes: journeyArgTypes,
  render: (args) => html`<nid-activate ${journeyArgs(args)}></nid-activate>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

/** Clicks "Activate account", as the user does on the page the link opened. */
const activate = async (canvasElement: HTMLElement) => {
  const el = await journeyIn(canvasElement);
  await submit(el);
  return el;
};

/** Activates, then fills and sends the form the answer brought (a new link's, an invitation's), once `control` shows it. */
const activateThenSend = async (canvasElement: HTMLElement, control: string) => {
  const el = await activate(canvasElement);
  await showsControl(el, control);
  await fillForm(el);
  await submit(el);
  return el;
};

/** The link was opened: one button, nothing sent yet (mail scanners open links too). */
export const ReadyToActivate: Story = {};

/** Waiting for the service's answer. */
export const Activating: Story = {
  args: { 'base-domain': storyService('activate-waiting', 'never'), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await activate(canvasElement)),
};

/** 200 `activated`: the account is active (with a `redirect_uri` the element would go there next). */
export const Activated: Story = {
  play: async ({ canvasElement }) => showsMessage(await activate(canvasElement)),
};

/** 410 `expired_token`: the link has expired, and a new one can be sent to the email address. */
export const ExpiredLink: Story = {
  tags: ['check-themes'],
  args: { 'base-domain': storyService('activate-expired', activating(expired)) },
  play: async ({ canvasElement }) => {
    const el = await activate(canvasElement);
    await showsControl(el, 'emailAddress');
    await showsAlert(el);
  },
};

/** The same for an sms client: the new link goes to the mobile number. */
export const ExpiredLinkSmsAccount: Story = {
  args: { 'auth-type': 'sms', 'base-domain': storyService('activate-expired-sms', activating(expired)) },
  play: async ({ canvasElement }) => showsControl(await activate(canvasElement), 'mobileNumber'),
};

/** 404 `invalid_token`: an unknown link, and a new one can be sent. */
export const InvalidLink: Story = {
  args: { 'base-domain': storyService('activate-invalid', activating(reply(404, { error: 'invalid_token' }))) },
  play: async ({ canvasElement }) => showsControl(await activate(canvasElement), 'emailAddress'),
};

/** A link that lost its token on the way: it is not valid, and nothing is sent to learn that. */
export const LinkWithoutToken: Story = {
  args: { token: undefined },
};

/** A new link was sent after an expired one (202, the same whether or not an account waits). */
export const NewLinkSent: Story = {
  args: { 'base-domain': storyService('activate-new-link', activating(expired)) },
  play: async ({ canvasElement }) => {
    const el = await activateThenSend(canvasElement, 'emailAddress');
    await showsMessage(el);
  },
};

/** A new link asked for too soon after the last one: 429, and the button counts down. */
export const NewLinkTooSoon: Story = {
  args: {
    'base-domain': storyService('activate-new-link-too-soon', ({ path }) => (path.endsWith('/activate/resend') ? rateLimited(60) : expired)),
  },
  play: async ({ canvasElement }) => {
    const el = await activateThenSend(canvasElement, 'emailAddress');
    await showsCountdown(el);
  },
};

/** 409 `already_activated`: nothing to do but sign in (`sign-in-url`). */
export const AlreadyActivated: Story = {
  args: { 'base-domain': storyService('activate-already', activating(reply(409, { error: 'already_activated' }))) },
  play: async ({ canvasElement }) => showsAlert(await activate(canvasElement)),
};

/** 503 `service_unavailable`. */
export const ServiceUnavailable: Story = {
  args: { 'base-domain': storyService('activate-unavailable', activating(serviceUnavailable)) },
  play: async ({ canvasElement }) => showsAlert(await activate(canvasElement)),
};

/**
 * An invitation: the service answers `completion_required`. The form shows
 * the fields it lists, those it gave read-only, a new password and the consents.
 */
export const CompletionRequired: Story = {
  tags: ['check-themes'],
  args: { 'base-domain': storyService('activate-completion', invitation) },
  play: async ({ canvasElement }) => showsControl(await activate(canvasElement), 'password'),
};

/** The invitation's form sent empty: the password and the consents say what they need. */
export const CompletionErrors: Story = {
  args: { 'base-domain': storyService('activate-completion-errors', invitation) },
  play: async ({ canvasElement }) => {
    const el = await activate(canvasElement);
    await showsControl(el, 'password');
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** The invitation completed: password set, consents given, the account is active. */
export const InvitationActivated: Story = {
  args: { 'base-domain': storyService('activate-invitation', invitation) },
  play: async ({ canvasElement }) => {
    const el = await activateThenSend(canvasElement, 'password');
    await showsMessage(el);
  },
};
