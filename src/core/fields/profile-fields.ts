/**
 * The profile fields of the contract (`emailAddress`, `firstName`, ...) as
 * fields, with their labels, autocomplete tokens and validators: one
 * catalogue for register, the activation completion form and the invite form.
 */
import { msg } from '@lit/localize';
import type { FieldSetting, SecurityQuestion } from '../../api/contract.js';
import { genders, type Gender, type ProfileFieldName } from '../../api/vocabulary.js';
import type { ResolvedSettings } from '../config.js';
import type { DefaultCountryInput } from '../../phone/default-country.js';
import { pickLocalized } from '../../i18n/localized-text.js';
import type { FormState } from '../form-state.js';
import { checkboxField } from './checkbox-field.js';
import type { Field } from './field.js';
import { phoneField, type PhoneSupport } from './phone-field.js';
import { securityQuestionsField } from './security-questions.js';
import { selectField, textField } from './text-field.js';

export interface ProfileFieldContext {
  form: FormState;
  phone: PhoneSupport;
  /** What the flag fallback chain needs to pick the default country of mobile fields. */
  countryChain: DefaultCountryInput;
  /** `mobile_flag_countries` as configured. */
  flagCountries: readonly string[];
  securityQuestions: readonly SecurityQuestion[];
  /** Fields whose value the service gave and the user may not change. */
  readonly?: ReadonlySet<string>;
  /** Render custom fields (settings with a `type`): the invite form's pre-register profile takes them. */
  customFields?: boolean;
  /**
   * The field that names the user's own account (email address or mobile
   * number): `autocomplete="username"`, so that password managers save and
   * fill the password under it; its input type still says email or tel.
   */
  username?: string;
}

/** What the fields of a journey need: its form, the phone chunk, and its settings of this update. */
export function profileFieldContext(form: FormState, phone: PhoneSupport, settings: ResolvedSettings, uiLocales: string[], username?: string): ProfileFieldContext {
  const { mobile, defaultLocale, securityQuestions } = settings;
  const countryChain = {
    queryDefaultFlag: mobile.queryDefaultFlag,
    uiLocales,
    mobileDefaultCountry: mobile.defaultCountry,
    mobileFlagCountries: mobile.flagCountries,
    defaultLocale,
  };
  return { form, phone, countryChain, flagCountries: mobile.flagCountries, securityQuestions, ...(username ? { username } : {}) };
}

/** The contract's genders (vocabulary.ts), each in the user's language. */
export function genderOptions() {
  const labels: Record<Gender, string> = {
    female: msg('Female'),
    male: msg('Male'),
    non_binary: msg('Non-binary'),
    prefer_not_to_say: msg('Prefer not to say'),
  };
  return genders.map((value) => ({ value, label: labels[value] }));
}

/** Configured profile fields with the identifier always there (first unless placed) and required. */
export function withIdentifier(configured: readonly FieldSetting[], identifier: string): FieldSetting[] {
  if (!configured.some((field) => field.name === identifier)) return [{ name: identifier, required: true }, ...configured];
  return configured.map((field) => (field.name === identifier ? { ...field, required: true } : field));
}

/** The field for one profile setting, or undefined for a name the elements do not know. */
export function profileField(setting: FieldSetting, context: ProfileFieldContext): Field | undefined {
  const { form } = context;
  const required = setting.required ?? false;
  const readonly = context.readonly?.has(setting.name) ?? false;
  const name = setting.name as ProfileFieldName;
  const username = context.username === name ? 'username' : undefined;
  const text = (label: string, autocomplete: string, type: 'text' | 'email' = 'text') =>
    textField(form, { name, label, required, autocomplete: username ?? autocomplete, type, readonly });
  const phone = (label: string, hint?: string) =>
    phoneField(form, context.phone, {
      name,
      label,
      required,
      hint,
      autocomplete: username ?? 'tel',
      countryChain: context.countryChain,
      flagCountries: context.flagCountries,
      readonly,
    });

  switch (name) {
    case 'emailAddress':
      return text(msg('Email address'), 'email', 'email');
    case 'firstName':
      return text(msg('First name'), 'given-name');
    case 'lastName':
      return text(msg('Last name'), 'family-name');
    case 'companyName':
      return text(msg('Company name'), 'organization');
    case 'gender':
      return selectField(form, { name, label: msg('Gender'), required, options: genderOptions(), autocomplete: 'sex' });
    case 'mobileNumber':
      return phone(msg('Mobile number'));
    case 'twoStepMobileNumber':
      return phone(msg('Mobile number for 2-step verification'), msg('We send sign-in codes to this number.'));
    case 'securityQuestions':
      return securityQuestionsField(form, { questions: context.securityQuestions, count: setting.count ?? 1, required });
    default:
      return context.customFields ? customField(setting, context) : undefined;
  }
}

/**
 * A field the contract does not name, configured with its control and label
 * (`{ name: 'resourceAccessB2b', type: 'checkbox', label: 'B2B access' }`).
 * Its value is a string, as pre-register's profile fields are: a checkbox
 * sends "true" or "false". A name without a `type` is a typo, not a field.
 */
function customField(setting: FieldSetting, { form, readonly }: ProfileFieldContext): Field | undefined {
  const { name } = setting;
  const required = setting.required ?? false;
  const label = (typeof setting.label === 'string' ? setting.label : pickLocalized(setting.label)) ?? name;
  switch (setting.type) {
    case 'checkbox':
      return checkboxField(form, { name, label, required, kind: 'text', value: (checked) => String(checked) });
    case 'text':
      return textField(form, { name, label, required, autocomplete: 'off', readonly: readonly?.has(name) ?? false });
    default:
      return undefined;
  }
}
