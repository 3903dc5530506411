/**
 * The demo clients of the reference server.
 *
 * `settings` is what the demo site serves at `/settings/<client-id>.json`
 * (the elements' `settings-src`: the vendor has no settings endpoint, so the
 * integrator serves them) and is checked against the contract's
 * `clientSettings` schema at start-up. The other keys are the service's own
 * configuration of the client, which the browser never sees.
 */
import { clientSettings, identifierFieldOf, type AuthType, type ClientSettings, type FieldSetting } from '../../src/api/contract.js';

export interface ClientConfig {
  id: string;
  /** Shown in the emails and text messages the outbox "sends". */
  name: string;
  settings: ClientSettings & { auth_type: AuthType };
  /** Exact `redirect_uri` values this client accepts (the vendor's `redirect_uri_allowlist`). */
  redirectUris: string[];
  /**
   * The service's own hosted pages a journey may return to with only a
   * `?request=` parameter (the hosted forgot-password's reset link comes back
   * to it, see validation.ts isAllowedRedirect): `<api origin>/forgot-password`.
   */
  hostedReturnPages: string[];
  /** Exact `post_logout_redirect_uri` values `/endsession` accepts. */
  postLogoutRedirectUris: string[];
  /** The client's application: where an invitee lands after the hosted activation, with a code. */
  appLink: string;
  /** Minimum time between two messages of one purpose (verification, reset) to one identifier. */
  resendWindowSeconds: number;
  /** Email domains nobody may register with (lower case). */
  blockedEmailDomains: string[];
  /**
   * The client secret of `/pre-register`'s Basic credentials. It stays on the
   * servers: the demo site's invite route (the server helper) holds it, no page does.
   */
  secret: string;
  /**
   * Profile fields the contract does not name that `/pre-register` accepts for
   * this client, with their control: a `checkbox` takes "true" or "false".
   */
  customProfileFields: FieldSetting[];
}

export interface ClientOptions {
  /** The demo site's canonical origin, e.g. `http://localhost:4400`. */
  siteUrl: string;
  /** Extra origins of the same site (`http://127.0.0.1:4400`): their pages may be returned to as well. */
  siteAliases?: string[];
  /** The API's origins: its hosted forgot-password page is where that page's reset links return. */
  apiOrigins?: readonly string[];
  resendWindowSeconds: number;
}

const securityQuestions: NonNullable<ClientSettings['security_questions']> = [
  {
    id: 'first_pet',
    label: {
      'en-US': 'What was the name of your first pet?',
      'fr-FR': 'Quel était le nom de votre premier animal de compagnie ?',
      'de-DE': 'Wie hieß Ihr erstes Haustier?',
    },
  },
  {
    id: 'birth_city',
    label: {
      'en-US': 'In which city were you born?',
      'fr-FR': 'Dans quelle ville êtes-vous né(e) ?',
      'de-DE': 'In welcher Stadt sind Sie geboren?',
    },
  },
  {
    id: 'first_school',
    label: {
      'en-US': 'What was the name of your first school?',
      'fr-FR': 'Quel était le nom de votre première école ?',
      'de-DE': 'Wie hieß Ihre erste Schule?',
    },
  },
  {
    id: 'favourite_book',
    label: {
      'en-US': 'What is your favourite book?',
      'fr-FR': 'Quel est votre livre préféré ?',
      'de-DE': 'Was ist Ihr Lieblingsbuch?',
    },
  },
];

/** Every shipped locale (the demo's language picker offers them all, Arabic and Hebrew right to left). */
const locales = { default_locale: 'en-US' };
/** The minimal client narrows them, as a service can: its form speaks English, French or German only. */
const fewLocales = { default_locale: 'en-US', supported_locales: ['en-US', 'fr-FR', 'de-DE'] };
const policy = { password_policy: { min_length: 8, max_length: 128 } };

/**
 * The pages of the demo site a journey may return to: the app, the reset page
 * (step 2), the verify page, and the two ends of an authorization code flow
 * (the browser's callback page and the backend's callback route).
 */
const RETURN_PAGES = ['/app.html', '/forgot-password.html', '/activate.html', '/callback.html', '/auth/callback', '/auth/invitation'];
/** Where `/endsession` may send a signed-out user. */
const POST_LOGOUT_PAGES = ['/', '/app.html'];
/** The hosted page of the API origin whose reset links come back to it. */
export const HOSTED_FORGOT_PASSWORD_PATH = '/forgot-password';

/** Builds the demo clients for a site origin (known only once the site listens). */
export function demoClients(options: ClientOptions): Map<string, ClientConfig> {
  const { siteUrl, resendWindowSeconds } = options;
  const origins = [siteUrl, ...(options.siteAliases ?? [])];
  const common = {
    redirectUris: origins.flatMap((origin) => RETURN_PAGES.map((page) => `${origin}${page}`)),
    hostedReturnPages: (options.apiOrigins ?? []).map((origin) => `${origin}${HOSTED_FORGOT_PASSWORD_PATH}`),
    postLogoutRedirectUris: origins.flatMap((origin) => POST_LOGOUT_PAGES.map((page) => `${origin}${page}`)),
    // The backend's invitation route (auth.ts): it exchanges the invitation's code and signs the person in.
    appLink: `${siteUrl}/auth/invitation`,
    resendWindowSeconds,
    blockedEmailDomains: ['blocked.example'],
  };

  const clients: ClientConfig[] = [
    {
      id: 'demo-email',
      name: 'Nid Journeys demo',
      ...common,
      secret: 'demo-email.secret.for-the-demo-only',
      customProfileFields: [{ name: 'resourceAccessB2b', type: 'checkbox', label: 'Access to B2B resources' }],
      settings: {
        ...locales,
        auth_type: 'email',
        mobile_query_default_flag: true,
        mobile_default_country: 'GB',
        mobile_flag_countries: ['GB', 'US', 'FR', 'DE', 'IE', 'ES'],
        register_fields: [
          { name: 'firstName', required: true },
          { name: 'lastName', required: true },
          { name: 'gender', required: false },
          { name: 'companyName', required: false },
          { name: 'mobileNumber', required: false },
          { name: 'twoStepMobileNumber', required: false },
          { name: 'securityQuestions', required: true, count: 2 },
        ],
        security_questions: securityQuestions,
        ...policy,
        // The terms are accepted through a profile field of the client (sent as "true"); the privacy
        // notice is only shown and linked: the vendor leaves legal acceptance to the application.
        consents: [
          { id: 'terms', url: `${siteUrl}/terms.html`, field: 'acceptTerms' },
          { id: 'privacy', url: `${siteUrl}/privacy.html` },
        ],
      },
    },
    {
      id: 'demo-sms',
      name: 'Nid Journeys demo (SMS)',
      ...common,
      secret: 'demo-sms.secret.for-the-demo-only',
      customProfileFields: [],
      settings: {
        ...locales,
        auth_type: 'sms',
        mobile_query_default_flag: true,
        mobile_default_country: 'GB',
        mobile_flag_countries: ['GB', 'US', 'FR', 'DE'],
        register_fields: [
          { name: 'firstName', required: true },
          { name: 'lastName', required: true },
        ],
        ...policy,
        // No profile field: the checkboxes gate the form, nothing is sent (contract section 3).
        terms_url: `${siteUrl}/terms.html`,
        privacy_url: `${siteUrl}/privacy.html`,
      },
    },
    {
      // The shortest possible form: email address and password only.
      id: 'demo-minimal',
      name: 'Nid Journeys demo (minimal)',
      ...common,
      secret: 'demo-minimal.secret.for-the-demo-only',
      customProfileFields: [],
      settings: { ...fewLocales, auth_type: 'email', register_fields: [], ...policy },
    },
    {
      // A client without passwords: register answers an authorization code (R13) and sends nothing.
      id: 'demo-passwordless',
      name: 'Nid Journeys demo (passwordless)',
      ...common,
      secret: 'demo-passwordless.secret.for-the-demo-only',
      customProfileFields: [],
      settings: {
        ...fewLocales,
        auth_type: 'email',
        register_fields: [{ name: 'firstName', required: false }],
        password_required: false,
      },
    },
  ];

  for (const client of clients) {
    // Fail at start-up, not in a browser, when the demo config drifts from the contract.
    const parsed = clientSettings.safeParse(client.settings);
    if (!parsed.success) throw new Error(`demo client ${client.id}: settings do not match the contract`);
  }
  return new Map(clients.map((client) => [client.id, client]));
}

/** The field that identifies an account of this client. */
export const identifierField = (client: ClientConfig): 'emailAddress' | 'mobileNumber' => identifierFieldOf(client.settings.auth_type);

/** Whether register takes `newPassword` and `newPasswordConfirm` (false: the client answers an authorization code). */
export const passwordRequired = (client: ClientConfig): boolean => client.settings.password_required !== false;

/** The consents sent as profile fields: `{ id: "terms", field: "acceptTerms" }`. */
export function consentFields(client: ClientConfig): { id: string; field: string }[] {
  return (client.settings.consents ?? []).flatMap(({ id, field }) => (field === undefined ? [] : [{ id, field }]));
}

/** Every profile field register accepts for this client, in the order they are checked. */
export function registerFieldNames(client: ClientConfig): string[] {
  return [
    identifierField(client),
    ...(client.settings.register_fields ?? []).map((field) => field.name),
    ...(passwordRequired(client) ? ['newPassword', 'newPasswordConfirm'] : []),
    ...consentFields(client).map(({ field }) => field),
  ];
}
