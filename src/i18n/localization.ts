/**
 * @lit/localize in runtime mode. English (en-US) is the source locale and is
 * compiled into the bundle; other locales are modules loaded on first use.
 *
 * Configuration happens on first use rather than at import so that importing
 * an element class stays free of side effects.
 */
import { configureLocalization } from '@lit/localize';
import type { LocaleModule } from '@lit/localize';

export const sourceLocale = 'en-US';

/** Loaders of the translated locale modules, generated into `locales/` by `npm run i18n:build`. */
const loaders: Record<string, () => Promise<LocaleModule>> = {};

export const targetLocales: readonly string[] = Object.keys(loaders);

let runtime: ReturnType<typeof configureLocalization> | undefined;

/** Configures @lit/localize once per page (a second copy of the bundle reuses the first). */
export function ensureLocalization(): void {
  if (runtime) return;
  try {
    runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) => {
        const load = loaders[locale];
        return load ? load() : Promise.reject(new Error(`nid-journeys: no translations for ${locale}`));
      },
    });
  } catch {
    // Already configured by another copy of the library on the page: keep its setting.
  }
}

/** The active locale, for Intl formatters (country names, durations). */
export function currentLocale(): string {
  return runtime?.getLocale() ?? sourceLocale;
}
