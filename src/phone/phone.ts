/**
 * Phone-number logic on libphonenumber-js (its "mobile" metadata, which
 * validates that a number can be a mobile one). This module is the lazy phone
 * chunk: nothing imports it statically, `load-phone.ts` fetches it when a
 * phone field is first shown.
 */
import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/mobile';
import { toCountryCode } from './default-country.js';

// The flag fallback chain travels with the phone chunk: only a phone field needs it.
export { defaultCountry, flagCountries } from './default-country.js';
export type { DefaultCountryInput } from './default-country.js';

export interface PhoneCountry {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** Calling code without the plus, e.g. "44". */
  callingCode: string;
}

/** Every country libphonenumber-js can dial that is also an assigned ISO 3166-1 code (so not AC, TA, XK). */
export function dialableCountries(): PhoneCountry[] {
  return getCountries()
    .filter((code) => toCountryCode(code) !== undefined)
    .map((code) => ({ code, callingCode: getCountryCallingCode(code) }));
}

/** The flag emoji of a country: two regional indicator symbols. */
export function flagEmoji(code: string): string {
  return String.fromCodePoint(...[...code.toUpperCase()].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

export interface CountryOption {
  code: string;
  /**
   * Flag, name in the given locale, calling code: "🇬🇧 United Kingdom (+44)".
   * The code is isolated left to right (U+2066 … U+2069): in Arabic or Hebrew
   * text a bare "+44" would read "44+".
   */
  label: string;
}

const optionCache = new Map<string, CountryOption[]>();

/**
 * The options of a country select in `locale`, sorted by name with that
 * locale's collation: only `allowed` when given, else every dialable country.
 * Computed once per locale and list.
 */
export function countryOptions(locale: string, allowed: readonly string[]): CountryOption[] {
  const key = `${locale}|${allowed.join(',')}`;
  const cached = optionCache.get(key);
  if (cached) return cached;
  const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  const name = (code: string) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const collator = new Intl.Collator(locale);
  const options = dialableCountries()
    .filter((country) => allowed.length === 0 || allowed.includes(country.code))
    .map((country) => ({ ...country, name: name(country.code) }))
    .sort((a, b) => collator.compare(a.name, b.name))
    .map(({ code, name, callingCode }) => ({ code, label: `${flagEmoji(code)} ${name} (\u2066+${callingCode}\u2069)` }));
  optionCache.set(key, options);
  return options;
}

function asCountry(code: string | undefined): CountryCode | undefined {
  const valid = toCountryCode(code);
  return valid && getCountries().includes(valid as CountryCode) ? (valid as CountryCode) : undefined;
}

export interface FormattedInput {
  /** What to show in the input. */
  text: string;
  /** The country the digits belong to when an international number ("+33 ...") says so. */
  country: string | undefined;
}

/**
 * Formats a partially typed number as the user types. Characters other than
 * digits and a leading plus are dropped by the formatter, which is what users
 * of a tel field expect.
 */
export function formatAsYouType(input: string, country: string | undefined): FormattedInput {
  const formatter = new AsYouType(asCountry(country));
  const text = formatter.input(input);
  return { text, country: input.trim().startsWith('+') ? formatter.getCountry() : undefined };
}

export type PhoneCheck = { valid: true; e164: string; country: string | undefined } | { valid: false };

/**
 * Parses what the user typed with the selected country as default, and says
 * whether it is a valid (mobile-capable) number. Only a valid number has an
 * E.164 form to send.
 */
export function checkPhone(input: string, country: string | undefined): PhoneCheck {
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
