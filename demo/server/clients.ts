/**
 * The demo clients of the reference server.
 *
 * `settings` is exactly what `GET /idp/v1/clients/{id}/settings` returns and
 * is checked against the contract's `clientSettings` schema at start-up; the
 * other keys are server-side configuration the browser never sees.
 */
import { clientSettings, type AuthType, type ClientSettings, type FieldSetting } from '../../src/api/contract.js';

export interface ClientConfig {
  id: string;
  /** Shown in the emails the outbox "sends". */
  name: string;
  settings: ClientSettings & { auth_type: AuthType };
  /** Exact `redirect_uri` values this client accepts. */
  redirectUris: string[];
  /**
   * The client's application: where an invitee lands after completing the
   * activation (contract 4.2 and 4.4), with a code and the invitation's state.
   */
  appLink: string;
  /** Minimum time between two activation (or two password reset) messages to one identifier. */
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
  /** Extra origins of the same site (`http://127.0.0.1:4400`): their pages may redirect too. */
  siteAliases?: string[];
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

/** Builds the demo clients for a site origin (known only once the site listens). */
export function demoClients(options: ClientOptions): Map<string, ClientConfig> {
  const { siteUrl, resendWindowSeconds } = options;
  const origins = [siteUrl, ...(options.siteAliases ?? [])];
  const redirectUris = origins.map((origin) => `${origin}/app.html`);
  const common = {
    redirectUris,
    appLink: `${siteUrl}/app.html`,
    resendWindowSeconds,
    blockedEmailDomains: ['blocked.example'],
  };
  const legal = { terms_url: `${siteUrl}/terms.html`, privacy_url: `${siteUrl}/privacy.html` };

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
        password_policy: { min_length: 8, max_length: 128 },
        ...legal,
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
        password_policy: { min_length: 8, max_length: 128 },
        ...legal,
      },
    },
    {
      // The shortest possible form: email address and password only.
      id: 'demo-minimal',
      name: 'Nid Journeys demo (minimal)',
      ...common,
      secret: 'demo-minimal.secret.for-the-demo-only',
      customProfileFields: [],
      settings: {
        ...fewLocales,
        auth_type: 'email',
        register_fields: [],
        password_policy: { min_length: 8, max_length: 128 },
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
export function identifierField(client: ClientConfig): 'emailAddress' | 'mobileNumber' {
  return client.settings.auth_type === 'sms' ? 'mobileNumber' : 'emailAddress';
}
