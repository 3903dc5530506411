/**
 * Error codes to localized text, in one place for all four journeys.
 *
 * A known code always gets the element's own text. A field message of the
 * service that the elements do not recognise is shown as the service wrote
 * it, as plain text (contract section 2); top-level errors always get the
 * elements' own words.
 */
import { msg, str } from '@lit/localize';
import type { JourneyError } from '../api/errors.js';
import { currentLocale, sourceLocale } from '../i18n/localization.js';

/** A problem with one field, from client validation or from the service. */
export interface FieldIssue {
  code: string;
  /** Parameters of the message (`min`, `max`). */
  min?: number;
  max?: number;
  /** The service's text, used only when the code is unknown. */
  message?: string | undefined;
}

/** What kind of control the issue is about, for wording ("select" vs "enter"). */
export type FieldKind = 'email' | 'password' | 'phone' | 'consent' | 'choice' | 'text';

export function fieldIssueText(issue: FieldIssue, kind: FieldKind): string {
  switch (issue.code) {
    case 'required':
      if (kind === 'consent') return msg('You must accept this to continue.');
      if (kind === 'choice') return msg('Choose an option.');
      return msg('This field is required.');
    case 'invalid_format':
      return kind === 'email'
        ? msg('Email address is not formatted correctly')
        : msg('This value is not formatted correctly.');
    case 'not_allowed':
      return kind === 'email'
        ? msg('You are not able to register with this email address')
        : msg('This value is not allowed.');
    case 'mismatch':
      return msg('Passwords do not match');
    case 'weak_password':
      return msg('This password is not accepted. Choose a different one.');
    case 'wrong_password':
      return msg('Your current password is not correct.');
    case 'invalid_code':
      return msg('This code is not valid or has expired.');
    case 'too_short':
      return issue.min === undefined ? msg('This is too short.') : atLeastCharacters(issue.min);
    case 'too_long':
      return issue.max === undefined ? msg('This is too long.') : atMostCharacters(issue.max);
    case 'invalid_phone':
      return msg('Enter a valid mobile number.');
    case 'already_exists':
      return msg('An account with these details already exists.');
    case 'duplicate_question':
      return msg('Choose a different question for each answer.');
    default:
      return issue.message?.trim() || msg('This value was not accepted.');
  }
}

/** Of the shipped locales, those that write numbers in digits of their own by default (CLDR): `ar`. */
const NATIVE_DIGITS: ReadonlySet<string> = new Set(['ar']);

/**
 * A count in the active locale. Below 1000 and in Latin digits it needs no
 * grouping and no Intl.NumberFormat, whose first use in a page costs 15-20 ms
 * of ICU loading: the "at least 8 characters" hint is on every first paint.
 */
function formatCount(n: number): string {
  const locale = currentLocale();
  if (Number.isInteger(n) && Math.abs(n) < 1000 && !NATIVE_DIGITS.has(locale.split('-')[0]!)) return String(n);
  return new Intl.NumberFormat(locale).format(n);
}

/*
 * Counted phrases. @lit/localize has no plural syntax, so each phrase is one
 * message per CLDR plural category, chosen with Intl.PluralRules for the
 * active locale. English needs only "one" and "other"; the other categories
 * carry the English "other" text for translators of languages that need them
 * (Polish "few" and "many", Arabic all six). Ids name the phrase and category.
 */
const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(n: number): Intl.LDMLPluralRule {
  const locale = currentLocale();
  // English whole numbers (CLDR: "one" is exactly 1): no Intl.PluralRules to build during the first paint.
  if (locale === sourceLocale && Number.isInteger(n)) return n === 1 ? 'one' : 'other';
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n);
}

/** "Use at least N characters." */
export function atLeastCharacters(n: number): string {
  const count = formatCount(n);
  switch (pluralCategory(n)) {
    case 'zero':
      return msg(str`Use at least ${count} characters.`, { id: 'min-characters.zero' });
    case 'one':
      return msg(str`Use at least ${count} character.`, { id: 'min-characters.one' });
    case 'two':
      return msg(str`Use at least ${count} characters.`, { id: 'min-characters.two' });
    case 'few':
      return msg(str`Use at least ${count} characters.`, { id: 'min-characters.few' });
    case 'many':
      return msg(str`Use at least ${count} characters.`, { id: 'min-characters.many' });
    default:
      return msg(str`Use at least ${count} characters.`, { id: 'min-characters.other' });
  }
}

/** "Use at most N characters." */
export function atMostCharacters(n: number): string {
  const count = formatCount(n);
  switch (pluralCategory(n)) {
    case 'zero':
      return msg(str`Use at most ${count} characters.`, { id: 'max-characters.zero' });
    case 'one':
      return msg(str`Use at most ${count} character.`, { id: 'max-characters.one' });
    case 'two':
      return msg(str`Use at most ${count} characters.`, { id: 'max-characters.two' });
    case 'few':
      return msg(str`Use at most ${count} characters.`, { id: 'max-characters.few' });
    case 'many':
      return msg(str`Use at most ${count} characters.`, { id: 'max-characters.many' });
    default:
      return msg(str`Use at most ${count} characters.`, { id: 'max-characters.other' });
  }
}

/**
 * A wait in words, correctly pluralised in every locale by Intl (no plural
 * messages to translate): "30 seconds", "1 minute", "5 minutes".
 */
export function formatWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const [value, unit] = seconds >= 120 ? [minutes, 'minute'] : [Math.max(0, seconds), 'second'];
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * Form-level text for a failed request (contract section 2). The service
 * being down, slow, unreachable or unreadable, and a client it does not know,
 * all read as the seed text: the user can only try again later.
 */
export function requestErrorText(error: JourneyError): string {
  switch (error.code) {
    case 'invalid_client':
    case 'service_unavailable':
    case 'server_error':
    case 'timeout':
    case 'network_error':
    case 'malformed_response':
      return msg('We are unable to process your request right now. Please try again later.');
    case 'rate_limited':
      return msg(str`Too many attempts. You can try again in ${formatWait(error.retryAfter ?? 0)}.`);
    case 'invalid_form_fields':
      return msg('Some of the information was not accepted. Check it and try again.');
    case 'invalid_config':
      return msg('This form is not set up correctly. Please contact the site owner.');
    case 'expired_link':
      return msg('This link has expired.');
    case 'access_denied':
      // The integrator's route (the invite form's action) did not authorize the request.
      return msg('You are not allowed to do this. Sign in again, then try again.');
    default:
      // bad_request, invalid_request, unauthorized, not_found, http_error, and codes of the service's own.
      return msg('Something went wrong. Please try again.');
  }
}
