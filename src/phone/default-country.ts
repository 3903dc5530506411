/**
 * The default country of a mobile-number field: the flag fallback chain of
 * contract section 3, as a pure function.
 *
 * It lives apart from libphonenumber-js so that the first render of a phone
 * field can pre-select its country before the lazy phone chunk arrives.
 */

/** Officially assigned ISO 3166-1 alpha-2 codes (249). User-assigned codes such as XK and reserved ones such as UK are not valid. */
const ISO_3166_ALPHA2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** The code in upper case when it is an officially assigned ISO 3166-1 alpha-2 code. */
export function toCountryCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const code = value.trim().toUpperCase();
  return ISO_3166_ALPHA2.has(code) ? code : undefined;
}

/**
 * The region subtag of a BCP 47 language tag (`fr-CA` -> `CA`, `zh-Hant-TW`
 * -> `TW`, `es-419` -> `419`), or undefined when the tag has none. `_` is
 * accepted as a separator because settings sometimes use `en_US`.
 */
export function regionOfLocale(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return undefined;
  const [language, ...rest] = tag.trim().split(/[-_]/);
  if (!language || !/^[a-z]{2,8}$/i.test(language)) return undefined;
  let next = rest[0];
  if (next !== undefined && /^[a-z]{4}$/i.test(next)) next = rest[1]; // script subtag
  return next !== undefined && /^([a-z]{2}|\d{3})$/i.test(next) ? next.toUpperCase() : undefined;
}

/**
 * The countries a mobile field offers: the valid entries of
 * `mobile_flag_countries`, upper-cased and without duplicates. Empty means
 * "no restriction".
 */
export function flagCountries(list: readonly unknown[] | undefined): string[] {
  const codes = (list ?? []).map(toCountryCode).filter((code): code is string => code !== undefined);
  return [...new Set(codes)];
}

function firstEntry(list: readonly unknown[] | undefined): string | undefined {
  const first = list?.[0];
  return typeof first === 'string' ? first : undefined;
}

export interface DefaultCountryInput {
  /** `mobile_query_default_flag`: let step 1 use the region of `ui_locales`. */
  queryDefaultFlag?: boolean | undefined;
  /** `ui_locales`, in order: the element's `ui-locales`, or else the page's `ui_locales` query parameter. */
  uiLocales?: readonly string[] | undefined;
  mobileDefaultCountry?: string | undefined;
  mobileFlagCountries?: readonly unknown[] | undefined;
  defaultLocale?: string | undefined;
}

/**
 * The first country of the chain that applies:
 * 1. with `mobile_query_default_flag`, the region of the first `ui_locales`
 *    entry that has one;
 * 2. `mobile_default_country`;
 * 3. the first entry of `mobile_flag_countries`;
 * 4. the region of `default_locale`.
 *
 * A candidate is skipped when it is not a valid ISO 3166-1 alpha-2 code, or
 * when the flag list is non-empty and does not contain it. Step 3 takes the
 * list's first entry as given, so an invalid first entry is skipped, as the
 * contract says, rather than replaced by the next one. A flag list with no
 * valid entry restricts nothing. Returns undefined
 * when no step gives a country (the field then asks the user to choose).
 */
export function defaultCountry(input: DefaultCountryInput): string | undefined {
  const allowed = flagCountries(input.mobileFlagCountries);
  const accept = (candidate: string | undefined) => {
    const code = toCountryCode(candidate);
    return code !== undefined && (allowed.length === 0 || allowed.includes(code)) ? code : undefined;
  };

  const firstLocaleRegion = input.queryDefaultFlag
    ? (input.uiLocales ?? []).map(regionOfLocale).find((region) => region !== undefined)
    : undefined;

  return (
    accept(firstLocaleRegion) ??
    accept(input.mobileDefaultCountry) ??
    accept(firstEntry(input.mobileFlagCountries)) ??
    accept(regionOfLocale(input.defaultLocale))
  );
}
