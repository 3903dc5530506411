/**
 * `<nid-register>` in every state: its field configurations, then what the
 * visitor sees after sending the form. Each story talks to a service of its
 * own (stories/support/story-service.ts); states that follow a submission are
 * reached by a play function that fills and sends the form.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ClientSettings } from '../src/api/contract.js';
import '../src/register.js';
import { oauthArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import { type Answer, fieldErrors, NO_TIMEOUT, rateLimited, reply, serviceUnavailable, type StoryRequest, storyService } from './support/story-service.js';
import { clickSecondaryAction, fillAndSubmit, fillForm, isSending, journeyIn, showsAlert, showsCountdown, showsFieldErrors, showsMessage, submit } from './support/user.js';

const securityQuestions = [
  { id: 'first_pet', label: { 'en-US': 'What was the name of your first pet?', 'fr-FR': 'Quel était le nom de votre premier animal ?' } },
  { id: 'birth_city', label: { 'en-US': 'In which city were you born?', 'fr-FR': 'Dans quelle ville êtes-vous né(e) ?' } },
  { id: 'first_school', label: { 'en-US': 'What was the name of your first school?', 'fr-FR': 'Comment s’appelait votre première école ?' } },
];

const activationPending = (delivery: 'email' | 'sms') => reply(201, { status: 'activation_pending', delivery });

/** Registration accepted; a new activation message is sent on request. */
const accepting = (delivery: 'email' | 'sms') => ({ path }: StoryRequest): Answer =>
  path.endsWith('/activate/resend') ? reply(202, { status: 'sent' }) : activationPending(delivery);

const meta = {
  title: 'Journeys/nid-register',
  component: 'nid-register',
  args: {
    'base-domain': storyService('register', accepting('email')),
    'client-id': 'storybook-client',
    'redirect-uri': 'https://app.example.com/callback',
    state: 'storybook-state',
    fields: 'firstName* lastName*',
    'terms-url': 'https://example.com/terms',
    'privacy-url': 'https://example.com/privacy',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
    settings: { security_questions: securityQuestions } satisfies ClientSettings,
  },
  argTypes: oauthArgTypes,
  render: (args) => html`<nid-register ${journeyArgs(args)}></nid-register>`,
} satisfies Meta<JourneyArgs>;
export default meta;

type Story = StoryObj<JourneyArgs>;

// ---------------------------------------------------------------------------
// The form and its field configurations
// ---------------------------------------------------------------------------

/** The form as the visitor first sees it: the client's fields, a new password twice, the consents. */
export const Empty: Story = {};

/** Every field filled in with valid values, ready to send. */
export const Filled: Story = {
  play: async ({ canvasElement }) => fillForm(await journeyIn(canvasElement)),
};

/** `gender`: a select with the contract's four values. */
export const Gender: Story = {
  args: { fields: 'firstName* lastName* gender' },
};

/** `securityQuestions*:2`: two different questions from the settings' list, each with an answer. */
export const SecurityQuestions: Story = {
  args: { fields: 'firstName* lastName* securityQuestions*:2' },
};

/** `companyName`, optional. */
export const CompanyName: Story = {
  args: { fields: 'firstName* lastName* companyName' },
};

/** `mobileNumber`: a country select (limited by `mobile-flag-countries`) and the number, formatted as typed, sent in E.164. */
export const MobileNumber: Story = {
  args: { fields: 'firstName* lastName* mobileNumber' },
};

/** `twoStepMobileNumber`: the number sign-in codes go to. */
export const TwoStepMobileNumber: Story = {
  args: { fields: 'firstName* lastName* twoStepMobileNumber' },
};

/** `auth-type="sms"`: the mobile number is the identifier, and there is no email address. */
export const SmsIdentifier: Story = {
  args: { 'auth-type': 'sms' },
};

/** Every profile field at once. */
export const EveryProfileField: Story = {
  args: { fields: 'firstName* lastName* gender companyName mobileNumber twoStepMobileNumber securityQuestions*:2' },
};

/** No profile fields and no consents: the identifier and the password alone. */
export const IdentifierOnly: Story = {
  args: { fields: '', 'terms-url': undefined, 'privacy-url': undefined },
};

/** `load-settings`: fields, consents and security questions come from the client's settings on the service. */
export const SettingsFromTheService: Story = {
  args: {
    'base-domain': storyService('register-settings', (request) =>
      request.method === 'GET'
        ? reply(200, {
            register_fields: [
              { name: 'firstName', required: true },
              { name: 'lastName', required: true },
              { name: 'gender', required: false },
              { name: 'securityQuestions', required: true, count: 1 },
            ],
            security_questions: securityQuestions,
            terms_url: 'https://example.com/terms',
            password_policy: { min_length: 10 },
          } satisfies ClientSettings)
        : accepting('email')(request),
    ),
    'load-settings': true,
    fields: undefined,
    'terms-url': undefined,
    'privacy-url': undefined,
    settings: undefined,
  },
};

// ---------------------------------------------------------------------------
// After sending
// ---------------------------------------------------------------------------

/** Sent empty: every required field says what it needs, and the first one has the focus. */
export const ClientSideErrors: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** The service refuses some values (400 `validation_failed`): each message on its field, everything typed kept. */
export const ServerFieldErrors: Story = {
  args: {
    'base-domain': storyService(
      'register-field-errors',
      fieldErrors([
        { name: 'emailAddress', code: 'not_allowed' },
        { name: 'password', code: 'breached' },
      ]),
    ),
  },
  play: async ({ canvasElement }) => showsFieldErrors(await fillAndSubmit(canvasElement)),
};

/** 503 `service_unavailable`: an unknown client, or the service is down. */
export const ServiceUnavailable: Story = {
  args: { 'base-domain': storyService('register-unavailable', serviceUnavailable) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** The request never reached the service: everything typed is kept for another try. */
export const NetworkFailure: Story = {
  args: { 'base-domain': storyService('register-network-failure', 'network-failure') },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 429 with `Retry-After: 90`: the button waits out a running countdown. */
export const RateLimited: Story = {
  tags: ['check-themes'],
  args: { 'base-domain': storyService('register-rate-limited', rateLimited(90)) },
  play: async ({ canvasElement }) => showsCountdown(await fillAndSubmit(canvasElement)),
};

/** Waiting for an answer that does not come: the button is busy, and a second click sends nothing. */
export const Submitting: Story = {
  args: { 'base-domain': storyService('register-submitting', 'never'), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

/** 201 `activation_pending`: "check your email", with a resend button. */
export const CheckYourEmail: Story = {
  play: async ({ canvasElement }) => showsMessage(await fillAndSubmit(canvasElement)),
};

/** The same for an sms client: "check your phone". */
export const CheckYourPhone: Story = {
  args: { 'auth-type': 'sms', 'base-domain': storyService('register-sms', accepting('sms')) },
  play: async ({ canvasElement }) => showsMessage(await fillAndSubmit(canvasElement)),
};

/** "Send the email again" too soon after the first: 429, and the resend button counts down. */
export const ResendTooSoon: Story = {
  args: {
    'base-domain': storyService('register-resend-too-soon', ({ path }) =>
      path.endsWith('/activate/resend') ? rateLimited(60) : activationPending('email'),
    ),
  },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsMessage(el);
    await clickSecondaryAction(el);
    await showsCountdown(el);
  },
};

/** Without `redirect-uri` and `state` the element sends nothing and says it is not set up. */
export const InvalidConfiguration: Story = {
  args: { 'redirect-uri': undefined, state: undefined },
};
