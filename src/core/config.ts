/**
 * Client settings resolution: explicit attributes win over the `settings`
 * property, which wins over the JSON of `settings-src`. Everything here is
 * pure and tolerant: a hostile or malformed value is dropped, never thrown.
 */
import type { ClientSettings, ConsentSetting, FieldSetting, SecurityQuestion } from '../api/contract.js';
import { checkBaseDomain, checkEndpoints, checkIntegratorUrl, ENV_ID_PATTERN } from '../api/endpoints.js';

export const DEFAULT_PASSWORD_MIN = 8;
export const DEFAULT_PASSWORD_MAX = 128;
/** The contract's policy must allow at least 64 characters (NIST SP 800-63B). */
const PASSWORD_MAX_FLOOR = 64;

/** Splits a space- or comma-separated list (attributes, `ui_locales`). */
export function splitList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value.split(/[\s,]+/).filter((item) => item !== '');
}

const FIELD_NAME = /^[A-Za-z][\w-]{0,63}$/;
const clampCount = (count: number) => Math.min(10, Math.max(1, count));

/**
 * Parses the `fields` attribute: names separated by spaces or commas, `*`
 * marks a required field, `:N` gives a count (security questions):
 * `"firstName* lastName* gender securityQuestions*:2"`.
 */
export function parseFieldList(value: unknown): FieldSetting[] {
  const fields: FieldSetting[] = [];
  for (const token of splitList(value)) {
    const match = /^([A-Za-z][\w-]{0,63})(\*)?(?::(\d{1,2}))?$/.exec(token);
    if (!match) continue;
    const [, name = '', star, count] = match;
    fields.push({ name, required: star === '*', ...(count ? { count: clampCount(Number(count)) } : {}) });
  }
  return withoutRepeats(fields);
}

const withoutRepeats = (fields: FieldSetting[]) => fields.filter((field, index) => fields.findIndex((other) => other.name === field.name) === index);

/** A label given as text or as a map of locales to text; anything else is dropped. */
function validLabel(label: unknown): FieldSetting['label'] {
  if (typeof label === 'string') return label.trim() ? label : undefined;
  if (!label || typeof label !== 'object' || Array.isArray(label)) return undefined;
  const entries = Object.entries(label).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '');
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** One entry of the `fields` property: a name with the attribute syntax, or a setting object. */
function fieldFromItem(item: unknown): FieldSetting[] {
  if (typeof item === 'string') return parseFieldList(item);
  if (!item || typeof item !== 'object') return [];
  const { name, required, count, type, label } = item as Record<string, unknown>;
  if (typeof name !== 'string' || !FIELD_NAME.test(name)) return [];
  const validType = type === 'text' || type === 'checkbox' ? type : undefined;
  const validCount = typeof count === 'number' && Number.isInteger(count) ? clampCount(count) : undefined;
  const text = validLabel(label);
  return [
    {
      name,
      required: required === true,
      ...(validCount !== undefined ? { count: validCount } : {}),
      ...(validType ? { type: validType } : {}),
      ...(text !== undefined ? { label: text } : {}),
    },
  ];
}

/** Accepts the `fields` property as an array of settings or names, or the attribute syntax. */
export function normaliseFields(value: unknown): FieldSetting[] | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return parseFieldList(value);
  if (!Array.isArray(value)) return undefined;
  try {
    return withoutRepeats(value.flatMap(fieldFromItem));
  } catch {
    return []; // an item with a throwing getter: a hostile value counts as none
  }
}

/** The settings a journey works with, after every source is merged. */
export interface ResolvedSettings {
  authType: 'email' | 'sms';
  defaultLocale: string | undefined;
  supportedLocales: string[];
  registerFields: FieldSetting[] | undefined;
  securityQuestions: SecurityQuestion[];
  passwordMin: number;
  passwordMax: number;
  /** False for a client without passwords: register renders and sends none. */
  passwordRequired: boolean;
  /** The consents that gate registration, terms first; each sent only when it names a profile field. */
  consents: ConsentSetting[];
  mobile: {
    queryDefaultFlag: boolean;
    defaultCountry: string | undefined;
    /** As configured; the phone chunk checks the codes (step 3 of the chain takes the first entry as given). */
    flagCountries: string[];
  };
}

/**
 * Settings given as attributes or properties. Typed `unknown` on purpose: a
 * property can be set to anything, and what is not valid counts as not set.
 */
export interface AttributeSettings {
  authType?: unknown;
  defaultLocale?: unknown;
  mobileDefaultCountry?: unknown;
  mobileFlagCountries?: unknown;
  mobileQueryDefaultFlag?: unknown;
  fields?: unknown;
  termsUrl?: unknown;
  privacyUrl?: unknown;
  termsField?: unknown;
  privacyField?: unknown;
  passwordMinLength?: unknown;
  /** `none` for a client without passwords. */
  password?: unknown;
}

const nonEmpty = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export function resolveSettings(attributes: AttributeSettings, explicit: ClientSettings, fetched: ClientSettings): ResolvedSettings {
  const pick = <K extends keyof ClientSettings>(key: K): ClientSettings[K] => explicit[key] ?? fetched[key];

  const authAttribute = nonEmpty(attributes.authType)?.toLowerCase();
  const authType = authAttribute === 'sms' || authAttribute === 'email' ? authAttribute : (pick('auth_type') ?? 'email');

  const policy = { ...fetched.password_policy, ...explicit.password_policy };
  const minAttribute = attributes.passwordMinLength;
  const passwordMin = validLength(minAttribute) ?? validLength(policy.min_length) ?? DEFAULT_PASSWORD_MIN;
  const passwordMax = Math.max(validLength(policy.max_length) ?? DEFAULT_PASSWORD_MAX, PASSWORD_MAX_FLOOR, passwordMin);

  const flagAttribute = typeof attributes.mobileFlagCountries === 'string' ? splitList(attributes.mobileFlagCountries) : undefined;

  return {
    authType,
    defaultLocale: nonEmpty(attributes.defaultLocale) ?? pick('default_locale'),
    supportedLocales: pick('supported_locales') ?? [],
    registerFields: normaliseFields(attributes.fields) ?? pick('register_fields'),
    securityQuestions: pick('security_questions') ?? [],
    passwordMin,
    passwordMax,
    passwordRequired: nonEmpty(attributes.password)?.toLowerCase() === 'none' ? false : (pick('password_required') ?? true),
    consents: resolveConsents(attributes, pick('consents') ?? [], pick('terms_url'), pick('privacy_url')),
    mobile: {
      queryDefaultFlag: attributes.mobileQueryDefaultFlag === true || (pick('mobile_query_default_flag') ?? false),
      defaultCountry: nonEmpty(attributes.mobileDefaultCountry) ?? pick('mobile_default_country'),
      flagCountries: flagAttribute ?? pick('mobile_flag_countries') ?? [],
    },
  };
}

const PROFILE_FIELD = /^[A-Za-z][\w-]{0,63}$/;

/**
 * Terms and privacy (attributes, then `terms_url`/`privacy_url`) and any other
 * consent of the settings, one per id. A `field` that is not a plain profile
 * field name is dropped: the consent still gates, and nothing is sent.
 */
function resolveConsents(attributes: AttributeSettings, listed: readonly ConsentSetting[], termsUrl?: string, privacyUrl?: string): ConsentSetting[] {
  const byId = new Map(listed.map((consent) => [consent.id, { ...consent }]));
  const named = [
    { id: 'terms', url: nonEmpty(attributes.termsUrl) ?? termsUrl, field: nonEmpty(attributes.termsField) },
    { id: 'privacy', url: nonEmpty(attributes.privacyUrl) ?? privacyUrl, field: nonEmpty(attributes.privacyField) },
  ];
  for (const { id, url, field } of named) {
    const merged = { id, ...byId.get(id), ...(url ? { url } : {}), ...(field ? { field } : {}) };
    if (merged.url !== undefined || byId.has(id)) byId.set(id, merged);
  }
  const ordered = [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id));
  return ordered.map(({ id, url, field }) => ({ id, ...(url ? { url } : {}), ...(field && PROFILE_FIELD.test(field) ? { field } : {}) }));
}

const rank = (id: string) => (id === 'terms' ? 0 : id === 'privacy' ? 1 : 2);

function validLength(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1024 ? value : undefined;
}

/** `ui_locales`: the element's attribute, or else the page's `ui_locales` query parameter. */
export function uiLocalesOf(attribute: string | undefined, pageSearch: string = globalThis.location?.search ?? ''): string[] {
  const own = splitList(attribute);
  if (own.length > 0) return own;
  try {
    return splitList(new URLSearchParams(pageSearch).get('ui_locales') ?? '');
  } catch {
    return [];
  }
}

/** Reflects only the two themes: anything else (a Symbol included, which setAttribute would throw on) removes the attribute. */
export const themeConverter = {
  fromAttribute: (value: string | null) => (value === 'light' || value === 'dark' ? value : undefined),
  toAttribute: (value: unknown) => (value === 'light' || value === 'dark' ? value : null),
};

/** The `fields` attribute, parsed as it is set. */
export const fieldsConverter = {
  fromAttribute: (value: string | null) => (value === null ? undefined : normaliseFields(value)),
};

/** Not set, or set to something `valid` accepts. */
const blankOr = (value: unknown, valid: (text: string) => boolean) => value == null || value === '' || (typeof value === 'string' && valid(value));

/**
 * Which attributes stop an element from calling the service (`base-domain`
 * or `api-base`, `endpoints`, `client-id`, `env-id`): it then sends nothing
 * and says it is not set up.
 */
export function serviceProblems(
  config: { baseDomain: unknown; apiBase: unknown; endpoints: unknown; clientId: unknown; envId: unknown },
  pageBase?: string,
): string[] {
  const problems: string[] = [];
  // Through a relay (`api-base`) the browser never names the service's domain.
  if (config.apiBase != null && config.apiBase !== '') {
    if (!checkIntegratorUrl(config.apiBase, pageBase)) problems.push('api-base');
  } else if (!checkBaseDomain(config.baseDomain)) problems.push('base-domain');
  if (!checkEndpoints(config.endpoints)) problems.push('endpoints');
  if (typeof config.clientId !== 'string' || config.clientId.trim() === '') problems.push('client-id');
  if (!blankOr(config.envId, (text) => ENV_ID_PATTERN.test(text))) problems.push('env-id');
  return problems;
}

/** `settings-src` when it is set but not a URL the element may fetch (relative ones against `pageBase`). */
export const settingsSrcProblem = (value: unknown, pageBase?: string): string[] =>
  blankOr(value, (text) => checkIntegratorUrl(text, pageBase) !== undefined) ? [] : ['settings-src'];
