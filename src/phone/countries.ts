/**
 * The countries of a phone field's searchable list: each with its calling
 * code, its name in the page's language and in English, and a search key;
 * the client's `mobile_flag_countries` first, the rest in the locale's
 * collation order. Part of the lazy phone chunk (it needs libphonenumber-js's
 * country table), so the first paint pays nothing for it.
 */
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/mobile';
import { toCountryCode } from './default-country.js';

/** One entry of the list. */
export interface Country {
  /** ISO 3166-1 alpha-2 code, upper case. */
  code: string;
  /** Calling code without the plus, e.g. "44". */
  callingCode: string;
  /** The name in the page's locale (Intl.DisplayNames), or the code when the browser has none. */
  name: string;
  /** What the filter compares with: localized and English names, the code, folded (see `fold`). */
  key: string;
}

/** The two groups of the list: `preferred` is empty when the client names no countries. */
export interface CountryList {
  preferred: Country[];
  rest: Country[];
}

/** Lower case without accents ("Åland" → "aland", "Côte" → "cote"), so that a filter typed on any keyboard matches. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Every country libphonenumber-js can dial that is also an assigned ISO 3166-1 code (so not AC, TA, XK). */
function dialableCountries(): { code: string; callingCode: string }[] {
  return getCountries()
    .filter((code) => toCountryCode(code) !== undefined)
    .map((code) => ({ code, callingCode: getCountryCallingCode(code) }));
}

function namer(locale: string): (code: string) => string {
  const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  return (code) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

const listCache = new Map<string, CountryList>();

/**
 * The list in `locale`: the `preferred` codes first, in the client's order,
 * then every other dialable country sorted by name with the locale's
 * collation. Computed once per locale and preferred list (the names are
 * the slow part: about a millisecond for all of them).
 */
export function countryList(locale: string, preferred: readonly string[]): CountryList {
  const cacheKey = `${locale}|${preferred.join(',')}`;
  const cached = listCache.get(cacheKey);
  if (cached) return cached;
  const local = namer(locale);
  const english = namer('en');
  const all = dialableCountries().map(({ code, callingCode }) => {
    const name = local(code);
    return { code, callingCode, name, key: `${fold(name)}\n${fold(english(code))}\n${code.toLowerCase()}` };
  });
  const byCode = new Map(all.map((country) => [country.code, country]));
  const first = preferred.map((code) => byCode.get(code)).filter((country): country is Country => country !== undefined);
  const collator = new Intl.Collator(locale);
  const rest = all.filter((country) => !first.includes(country)).sort((a, b) => collator.compare(a.name, b.name));
  const list = { preferred: first, rest };
  listCache.set(cacheKey, list);
  return list;
}

/**
 * How well a country matches a folded query: 0 best, undefined no match.
 * A name (localized or English) that starts with the query comes first,
 * then one with a word that does, then the ISO code, then any other part of
 * a name. Digits (with or without "+") match the start of the calling code.
 */
function rank(country: Country, query: string, digits: string | undefined): number | undefined {
  if (digits !== undefined) return country.callingCode.startsWith(digits) ? (country.callingCode === digits ? 0 : 1) : undefined;
  const [name = '', english = '', code = ''] = country.key.split('\n');
  if (name.startsWith(query) || english.startsWith(query)) return 0;
  if (code === query) return 1;
  const words = (text: string) => text.split(/[\s\-'’(),.]+/).some((word) => word.startsWith(query));
  if (words(name) || words(english)) return 2;
  return name.includes(query) || english.includes(query) ? 3 : undefined;
}

/** The countries of `list` that match `query`, best matches first within each group; the whole list for a blank query. */
export function filterCountries(list: CountryList, query: string): CountryList {
  const folded = fold(query).trim();
  if (folded === '') return list;
  const digits = /^\+?\s*(\d+)$/.exec(folded)?.[1];
  const keep = (countries: Country[]) =>
    countries
      .map((country) => ({ country, score: rank(country, folded, digits) }))
      .filter((entry): entry is { country: Country; score: number } => entry.score !== undefined)
      .sort((a, b) => a.score - b.score) // stable: equal scores keep the collation order
      .map((entry) => entry.country);
  return { preferred: keep(list.preferred), rest: keep(list.rest) };
}
