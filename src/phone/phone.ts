/**
 * Phone-number logic on libphonenumber-js (its "mobile" metadata, which
 * validates that a number can be a mobile one). This module is the lazy phone
 * chunk: nothing imports it statically, `load-phone.ts` fetches it when a
 * phone field is first shown.
 */
import { AsYouType, getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/mobile';
import { toCountryCode } from './default-country.js';

// The flag fallback chain and the country list travel with the phone chunk: only a phone field needs them.
export { defaultCountry, flagCountries } from './default-country.js';
export type { DefaultCountryInput } from './default-country.js';
export { countryList, filterCountries } from './countries.js';
export type { Country, CountryList } from './countries.js';
// The country picker: its controller, view and styles, and what typing does (see picker-view.ts for why here).
export { CountryPicker } from './picker.js';
export { renderPicker } from './picker-view.js';
export type { Lit, PickerParts } from './picker-view.js';
export { adoptPickerStyles } from './picker-styles.js';
export { chose, splitInternational, typed } from './typing.js';
export type { PhoneValues } from './typing.js';

function asCountry(code: string | undefined): CountryCode | undefined {
  const valid = toCountryCode(code);
  return valid && getCountries().includes(valid as CountryCode) ? (valid as CountryCode) : undefined;
}

export interface FormattedInput {
  /** What to show in the input. */
  text: string;
  /** The country the digits belong to when an international number ("+33 ...", "0033 ...") says so. */
  country: string | undefined;
}

/**
 * Text that is not a phone number being typed: letters, emoji, anything but
 * digits, a leading plus and the usual separators. It is left as the user
 * typed it (the formatter would silently drop it), and the field says at
 * submit that it is not a valid number.
 */
function looksLikeText(input: string): boolean {
  return /[^\d\s+\-().\/]/u.test(input);
}

/**
 * Formats a partially typed number as the user types. An international
 * prefix, "+" or the selected country's own (00, 011, …), names the country:
 * for +1 and +44 the formatter reads it from the number itself (NANP area
 * codes, the Crown Dependencies), and the number is shown with "+" so that
 * it reads the same whatever country is selected.
 */
export function formatAsYouType(input: string, country: string | undefined): FormattedInput {
  if (looksLikeText(input)) return { text: input, country: undefined };
  const formatter = new AsYouType(asCountry(country));
  const text = formatter.input(input);
  if (!formatter.isInternational()) return { text, country: undefined };
  const digits = formatter.getNumberValue();
  if (!input.trim().startsWith('+') && formatter.getCallingCode() && digits) {
    // "0049 30 …" → "+49 30 …": the dialling prefix said "international", the plus says it everywhere.
    const plus = new AsYouType();
    return { text: plus.input(digits), country: plus.getCountry() };
  }
  return { text, country: formatter.getCountry() };
}

/**
 * A pasted or autofilled international number that is complete and valid,
 * split into its country and its national format ("+49 30 1234567" →
 * DE, "030 1234567"); undefined for anything else, which is then formatted
 * as typed.
 */
export function splitPasted(input: string, country: string | undefined): { country: string; national: string } | undefined {
  if (looksLikeText(input)) return undefined;
  const formatter = new AsYouType(asCountry(country));
  formatter.input(input);
  if (!formatter.isInternational()) return undefined;
  const parsed = formatter.getNumber();
  if (!parsed?.isValid() || !parsed.country) return undefined;
  return { country: parsed.country, national: parsed.formatNational() };
}

export type PhoneCheck = { valid: true; e164: string; country: string | undefined } | { valid: false };

/**
 * Parses what the user typed with the selected country as default, and says
 * whether it is a valid (mobile-capable) number. Text with letters or
 * emoji in it is never one. Only a valid number has an
 * E.164 form to send.
 */
export function checkPhone(input: string, country: string | undefined): PhoneCheck {
  // libphonenumber-js would find a number inside any text ("call 07400 123456 after 5"): only a number counts.
  if (looksLikeText(input)) return { valid: false };
  const parsed = parsePhoneNumberFromString(input, asCountry(country));
  if (!parsed || !parsed.isValid()) return { valid: false };
  return { valid: true, e164: parsed.number, country: parsed.country };
}

/** Splits an E.164 number (a `login_hint`) into its country and national format. */
export function splitE164(value: string): { country: string | undefined; national: string } | undefined {
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed) return undefined;
  return { country: parsed.country, national: parsed.formatNational() };
}
