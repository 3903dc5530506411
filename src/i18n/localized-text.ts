/**
 * Text the integrator or the service gives in several locales
 * (`{ "en-US": "...", "fr-FR": "..." }`): security questions, custom field labels.
 */
import { currentLocale } from './localization.js';

/**
 * The text for `locale`: exact match, then the same language in another
 * region, then en-US, then any. Undefined when there is none.
 */
export function pickLocalized(labels: Readonly<Record<string, string>> | undefined, locale: string = currentLocale()): string | undefined {
  const entries = Object.entries(labels ?? {}).filter(([, text]) => typeof text === 'string' && text !== '');
  const lower = locale.toLowerCase();
  const language = lower.split(/[-_]/)[0];
  return (
    entries.find(([tag]) => tag.toLowerCase() === lower)?.[1] ??
    entries.find(([tag]) => tag.toLowerCase().split(/[-_]/)[0] === language)?.[1] ??
    entries.find(([tag]) => tag.toLowerCase() === 'en-us')?.[1] ??
    entries[0]?.[1]
  );
}
