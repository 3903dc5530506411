/**
 * Text the integrator or the service gives in several locales
 * (`{ "en-US": "...", "fr-FR": "..." }`): security questions, custom field labels.
 */
import { currentLocale } from './localization.js';
import { closestLocale } from './resolve-locale.js';

/**
 * The text for `locale`: the closest of the given locales (exact, then the
 * same language, as locale resolution matches), then en-US, then any.
 * Undefined when there is none.
 */
export function pickLocalized(labels: Readonly<Record<string, string>> | undefined, locale: string = currentLocale()): string | undefined {
  const texts = new Map(Object.entries(labels ?? {}).filter(([, text]) => typeof text === 'string' && text !== ''));
  const tags = [...texts.keys()];
  const tag = closestLocale(locale, tags) ?? closestLocale('en-US', tags) ?? tags[0];
  return tag === undefined ? undefined : texts.get(tag);
}
