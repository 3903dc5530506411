/**
 * `<nid-register>` in every state: its field configurations, then what the
 * visitor sees after sending the form to `POST /idp/v1/account/register`
 * (contract v2 section 3). Each story talks to a service of its own
 * (stories/support/story-service.ts); states that follow a submission are
 * reached by a play function that fills and sends the form.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ClientSettings } from '../src/api/contract.js';
import '../src/register.js';
import { registerArgTypes } from './support/arg-types.js';
import { journeyArgs, type JourneyArgs } from './support/journey-args.js';
import {
  alreadyRegistered,
  authorizationCode,
  created,
  forbidden,
  formFieldErrors,
  invalidParameters,
  journeysApi,
  NO_TIMEOUT,
  rateLimited,
  reply,
  serviceUnavailable,
  type Scenario,
  storyAction,
  storyService,
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
  submit,
} from './support/user.js';

const securityQuestions = [
  { id: 'first_pet', label: { 'en-US': 'What was the name of your first pet?', 'fr-FR': 'Quel était le nom de votre premier animal ?' } },
  { id: 'birth_city', label: { 'en-US': 'In which city were you born?', 'fr-FR': 'Dans quelle ville êtes-vous né(e) ?' } },
  { id: 'first_school', label: { 'en-US': 'What was the name of your first school?', 'fr-FR': 'Comment s’appelait votre première école ?' } },
];

/** The service of one story: `/register` answers `register`, `/resend-verification` 200. */
const registering = (name: string, register: Scenario, resendVerification?: Scenario) =>
  storyService(name, journeysApi({ register, ...(resendVerification ? { resendVerification } : {}) }));

const meta = {
  title: 'Journeys/nid-register',
  component: 'nid-register',
  args: {
    'base-domain': registering('register', created),
    'client-id': 'storybook-client',
    'redirect-uri': 'https://app.example.com/verified',
    fields: 'firstName* lastName*',
    'terms-url': 'https://example.com/terms',
    'privacy-url': 'https://example.com/privacy',
    'mobile-flag-countries': 'GB US FR DE',
    'mobile-default-country': 'GB',
    settings: { security_questions: securityQuestions } satisfies ClientSettings,
  },
  argTypes: registerArgTypes,
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

/** `mobileNumber`: a country picker (`mobile-flag-countries` first) and the number, formatted as typed, sent in E.164 (its states: Fields/Mobile number). */
export const MobileNumber: Story = {
  args: { fields: 'firstName* lastName* mobileNumber' },
};

/** `twoStepMobileNumber`: the number sign-in codes go to. */
export const TwoStepMobileNumber: Story = {
  args: { fields: 'firstName* lastName* twoStepMobileNumber' },
};

/** `auth-type="sms"`: the mobile number is the identifier (`auth_type: "sms"`), and there is no email address. */
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

/** `login-hint`: the address is filled in already (the hint is never sent to the API). */
export const LoginHint: Story = {
  args: { 'login-hint': 'ada.lovelace@example.com' },
};

/** `password="none"`: a client without passwords. No password fields, and none sent. */
export const WithoutPassword: Story = {
  args: { password: 'none', 'base-domain': registering('register-without-password', authorizationCode) },
};

/**
 * `terms-field="acceptTerms"`: the terms consent is also sent, as the client's
 * profile field `acceptTerms: "true"`. (Without a field a consent only gates
 * the button: the vendor leaves legal acceptance to the application.) This
 * story's service refuses a registration without it, as a client with that
 * field configured would.
 */
export const TermsAsProfileField: Story = {
  args: {
    'terms-field': 'acceptTerms',
    'base-domain': registering('register-terms-field', ({ body }) => {
      const profile = body?.['profile_fields'] as Record<string, unknown> | undefined;
      return profile?.['acceptTerms'] === 'true' ? created : invalidParameters({ acceptTerms: { missing: 'required' } });
    }),
  },
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/**
 * `settings-src`: fields, consents and security questions come from a URL of
 * the integrator's that serves the settings JSON (the vendor has no settings
 * endpoint). The form waits for them.
 */
export const SettingsFromYourServer: Story = {
  args: {
    'settings-src': storyAction(
      'register-settings',
      reply(200, {
        register_fields: [
          { name: 'firstName', required: true },
          { name: 'lastName', required: true },
          { name: 'gender', required: false },
          { name: 'securityQuestions', required: true, count: 1 },
        ],
        security_questions: securityQuestions,
        terms_url: 'https://example.com/terms',
        password_policy: { min_length: 10 },
      } satisfies ClientSettings),
    ),
    fields: undefined,
    'terms-url': undefined,
    'privacy-url': undefined,
    settings: undefined,
  },
};

// ---------------------------------------------------------------------------
// Before the service answers
// ---------------------------------------------------------------------------

/** Sent empty: every required field says what it needs, and the first one has the focus. Nothing is sent. */
export const ClientSideErrors: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => {
    const el = await journeyIn(canvasElement);
    await submit(el);
    await showsFieldErrors(el);
  },
};

/** Waiting for an answer that does not come: the button is busy, and a second click sends nothing. */
export const Submitting: Story = {
  args: { 'base-domain': registering('register-submitting', 'never'), 'request-timeout': NO_TIMEOUT },
  play: async ({ canvasElement }) => isSending(await fillAndSubmit(canvasElement)),
};

// ---------------------------------------------------------------------------
// The service's 200 answers
// ---------------------------------------------------------------------------

/** 200 `{ uuid }`: the account was created. "Check your email", with "Send the email again". */
export const CheckYourEmail: Story = {
  tags: ['check-themes'],
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/**
 * 200 `{ message: "An email has been sent to the address on record" }`: the
 * address is already registered. The page looks exactly like `CheckYourEmail`,
 * so that nobody can learn who has an account.
 */
export const AlreadyRegistered: Story = {
  args: { 'base-domain': registering('register-already', alreadyRegistered) },
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/** The same for an sms client: "Check your phone", with "Send the text message again". */
export const CheckYourPhone: Story = {
  args: { 'auth-type': 'sms', 'base-domain': registering('register-sms', created) },
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/**
 * 200 `{ authorization_code }` for a client without passwords (`password="none"`):
 * "Your account has been created.", and `nid-success` carries the code for the
 * integrator's backend to exchange.
 */
export const CreatedWithoutPassword: Story = {
  args: { password: 'none', 'base-domain': registering('register-authorization-code', authorizationCode) },
  play: async ({ canvasElement }) => showsOutcome(await fillAndSubmit(canvasElement)),
};

/** "Send the email again": `POST /resend-verification`, 200, "We sent it again." (the same words for every account). */
export const SentAgain: Story = {
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsOutcome(el);
    await clickSecondaryAction(el);
    await showsMessage(el);
  },
};

/** "Send the email again" too soon after the first: 429, and the resend button counts down. */
export const SendAgainTooSoon: Story = {
  args: { 'base-domain': registering('register-resend-too-soon', created, rateLimited(60)) },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsOutcome(el);
    await clickSecondaryAction(el);
    await showsCountdown(el);
  },
};

// ---------------------------------------------------------------------------
// The service says no
// ---------------------------------------------------------------------------

/**
 * 422 `invalid_form_fields`: each message on its field, in the element's own
 * words where it knows the service's English text; everything typed is kept.
 */
export const ServerFieldErrors: Story = {
  args: {
    'base-domain': registering(
      'register-field-errors',
      formFieldErrors({
        emailAddress: ['Email address is not formatted correctly.'],
        newPassword: ['Password is not formatted correctly.'],
      }),
    ),
  },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsErrorOn(el, 'emailAddress');
    await showsErrorOn(el, 'newPassword');
  },
};

/** 422 `invalid_form_fields` on the address: "You are not able to register with this email address". */
export const EmailNotAllowed: Story = {
  args: {
    'base-domain': registering('register-not-allowed', formFieldErrors({ emailAddress: ['You are not able to register with this email address'] })),
  },
  play: async ({ canvasElement }) => showsErrorOn(await fillAndSubmit(canvasElement), 'emailAddress'),
};

/**
 * A message the element does not know is shown as the service wrote it, as
 * text; one about a field the form does not show goes to the alert region.
 */
export const ServiceMessages: Story = {
  args: {
    'base-domain': registering(
      'register-service-messages',
      formFieldErrors({ firstName: ['First name may not contain digits.'], companyName: ['Company name is required for this client.'] }),
    ),
  },
  play: async ({ canvasElement }) => {
    const el = await fillAndSubmit(canvasElement);
    await showsErrorOn(el, 'firstName');
    await showsAlert(el);
  },
};

/**
 * 422 `invalid_parameters`: the integration is wrong (here a `redirect_uri`
 * the client does not allow). "Something went wrong. Please try again.", and
 * one console warning naming the parameters for the integrator.
 */
export const InvalidParameters: Story = {
  args: { 'base-domain': registering('register-invalid-parameters', invalidParameters({ redirect_uri: { invalid: 'invalid value' } })) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 403 `Forbidden`: the service does not know `client-id`. The visitor reads the seed text; the integrator gets a console warning. */
export const UnknownClient: Story = {
  args: { 'base-domain': registering('register-forbidden', forbidden) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** 429 with `Retry-After: 90`: the button waits out a running countdown, everything typed kept. */
export const RateLimited: Story = {
  tags: ['check-themes'],
  args: { 'base-domain': registering('register-rate-limited', rateLimited(90)) },
  play: async ({ canvasElement }) => showsCountdown(await fillAndSubmit(canvasElement)),
};

/** 503: "We are unable to process your request right now. Please try again later.", everything typed kept. */
export const ServiceUnavailable: Story = {
  args: { 'base-domain': registering('register-unavailable', serviceUnavailable) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** No answer within `request-timeout` (here 300 ms): the same seed text, and a new request only when the visitor asks. */
export const TimedOut: Story = {
  args: { 'base-domain': registering('register-timeout', 'never'), 'request-timeout': 300 },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** The request never reached the service: the seed text, everything typed kept for another try. */
export const NetworkFailure: Story = {
  args: { 'base-domain': registering('register-network-failure', 'network-failure') },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/** A 200 that is none of the three documented answers: read as malformed, the seed text. */
export const MalformedAnswer: Story = {
  args: { 'base-domain': registering('register-malformed', reply(200, { status: 'activation_pending' })) },
  play: async ({ canvasElement }) => showsAlert(await fillAndSubmit(canvasElement)),
};

/**
 * `mode="hosted"`: one button instead of the form, to the vendor's own
 * `/register` screen with PKCE, `state` and `nonce`; `scope`, `ui-locales`,
 * `login-hint`, `prompt`, `access-type`, `environment-id` and
 * `organization-id` go into its URL, nothing the user typed. The oauth code
 * loads when it is pressed.
 */
export const Hosted: Story = {
  args: { mode: 'hosted', scope: 'openid profile email', 'login-hint': 'ada.lovelace@example.com' },
};

/** Without `redirect-uri` (the service requires one) the element sends nothing and says it is not set up. */
export const InvalidConfiguration: Story = {
  args: { 'redirect-uri': undefined },
};
