/**
 * Which shipped locale a journey speaks (pure; the table test covers it).
 *
 * Candidates, in order: the element's `ui-locales` (space-separated), else the
 * page's `ui_locales` query parameter, else the settings' `default_locale`,
 * else en-US. Each candidate is tried as an exact match (case-insensitive),
 * then as the same language in the region that language's speakers there
 * read (`fr-BE` → `fr-FR`, `es-AR` → `es-MX`, `zh-HK` → `zh-TW`, `pt` →
 * `pt-BR`), before the next candidate. `supported_locales`, when given,
 * restrict the locales that can be chosen.
 */
import { shippedLocales } from './locales.js';

export interface LocaleInput {
  /** The element's `ui-locales`, already split; else the page's `ui_locales`. */
  uiLocales: readonly string[];
  defaultLocale?: string | undefined;
  supportedLocales?: readonly string[] | undefined;
  /** What can be chosen at all (the shipped locales). */
  available?: readonly string[];
}

const FALLBACK = 'en-US';

/** Regions whose speakers read another region's variant than the language's first. */
const REGIONAL: Record<string, (region: string, script: string) => string | undefined> = {
  en: (region) => (['', 'US', 'PR', 'PH', 'UM', 'VI', 'AS', 'GU', 'MP'].includes(region) ? 'en-US' : 'en-GB'),
  es: (region) => (region === '' || region === 'ES' || region === 'GQ' ? 'es-ES' : 'es-MX'),
  pt: (region) => (region === '' || region === 'BR' ? 'pt-BR' : 'pt-PT'),
  fr: (region) => (region === 'CA' ? 'fr-CA' : 'fr-FR'),
  zh: (region, script) => (script === 'HANT' || ['TW', 'HK', 'MO'].includes(region) ? 'zh-TW' : 'zh-CN'),
  // Norwegian: "no" and Nynorsk readers read Bokmål before anything else.
  no: () => 'nb-NO',
  nn: () => 'nb-NO',
};

/** language, script and region of a BCP 47 tag, upper-cased except the language: `zh-Hant-HK` → zh, HANT, HK. */
function parts(tag: string): { language: string; script: string; region: string } {
  const [language = '', ...rest] = tag.trim().replace(/_/g, '-').split('-');
  const script = rest.find((part) => part.length === 4) ?? '';
  const region = rest.find((part) => part.length === 2 || /^\d{3}$/.test(part)) ?? '';
  return { language: language.toLowerCase(), script: script.toUpperCase(), region: region.toUpperCase() };
}

const findTag = (list: readonly string[], tag: string) => list.find((item) => item.toLowerCase() === tag.toLowerCase());

/** One candidate against the available locales: exact, then the language's best region, then any of its regions. */
export function closestLocale(candidate: string, available: readonly string[]): string | undefined {
  const exact = findTag(available, candidate);
  if (exact) return exact;
  const { language, script, region } = parts(candidate);
  if (!/^[a-z]{2,3}$/.test(language)) return undefined;
  const preferred = REGIONAL[language]?.(region, script);
  const sameLanguage = available.filter((tag) => {
    const own = parts(tag).language;
    return own === language || (preferred !== undefined && own === parts(preferred).language);
  });
  return (preferred && findTag(sameLanguage, preferred)) || sameLanguage[0];
}

/** The locales that can be chosen: the shipped ones, narrowed to `supported_locales` when that leaves any. */
export function availableLocales(supported: readonly string[] | undefined, shipped: readonly string[] = shippedLocales): string[] {
  if (!supported?.length) return [...shipped];
  // Each supported tag stands for its closest shipped locale (a service that supports fr-BE reads fr-FR).
  const chosen = new Set(supported.map((wanted) => (typeof wanted === 'string' ? closestLocale(wanted, shipped) : undefined)));
  const narrowed = shipped.filter((tag) => chosen.has(tag));
  return narrowed.length ? narrowed : [...shipped];
}

export function resolveLocale(input: LocaleInput): string {
  const available = availableLocales(input.supportedLocales, input.available);
  const candidates = [...input.uiLocales, ...(input.defaultLocale ? [input.defaultLocale] : []), FALLBACK];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate.trim() === '') continue;
    const found = closestLocale(candidate.trim(), available);
    if (found) return found;
  }
  return findTag(available, FALLBACK) ?? available[0] ?? FALLBACK;
}

/** Right-to-left scripts among the shipped locales. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return ['ar', 'he', 'fa', 'ur'].includes(parts(tag).language) ? 'rtl' : 'ltr';
}
