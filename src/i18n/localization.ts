/**
 * @lit/localize in runtime mode. English (en-US) is the source locale and is
 * compiled into the bundle; every other locale is a module loaded on first
 * use (`load-locale.ts` for npm users, `load-locale.bundle.ts` for the
 * script-tag bundle).
 *
 * @lit/localize keeps one active locale per copy of the library: every
 * journey element on a page speaks the same language, the one the last
 * resolved (pages show one language at a time).
 *
 * Configuration happens on first use rather than at import so that importing
 * an element class stays free of side effects.
 */
import { configureLocalization } from '@lit/localize';
import { loadLocaleModule } from './load-locale.js';
import { sourceLocale, targetLocales, type TargetLocale } from './locales.js';

export { sourceLocale };

let runtime: ReturnType<typeof configureLocalization> | undefined;

/** Configures @lit/localize once per page (a second copy of the bundle has its own). */
export function ensureLocalization(): void {
  if (runtime) return;
  try {
    runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: (locale) => loadLocaleModule(locale as TargetLocale),
    });
  } catch {
    // The application configured @lit/localize itself (it can be configured
    // once): its locale is the page's, and the journeys follow it.
  }
}

/** The active locale, for Intl formatters (country names, durations) and the host's `lang`. */
export function currentLocale(): string {
  return runtime?.getLocale() ?? sourceLocale;
}

/**
 * Makes `locale` (a shipped locale) the active one; elements decorated with
 * `@localized()` re-render once its messages have arrived. Resolves false
 * when they could not be loaded (the previous locale stays).
 */
export async function switchLocale(locale: string): Promise<boolean> {
  ensureLocalization();
  if (!runtime) return false;
  try {
    await runtime.setLocale(locale);
    return true;
  } catch {
    return false;
  }
}
