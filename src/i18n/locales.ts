/**
 * The locales the journeys are written for: the languages the invite form
 * offers for an invited user's messages (unless the settings' `supported_locales`
 * narrow them), and the translations `locales/` ships.
 */
export const shippedLocales = [
  'en-US', 'en-GB', 'fr-FR', 'fr-CA', 'de-DE', 'es-ES', 'es-MX', 'it-IT',
  'pt-BR', 'pt-PT', 'nl-NL', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'pl-PL',
  'cs-CZ', 'hu-HU', 'ro-RO', 'tr-TR', 'el-GR', 'ru-RU', 'uk-UA', 'ja-JP',
  'ko-KR', 'zh-CN', 'zh-TW', 'th-TH', 'vi-VN', 'id-ID', 'ar', 'he',
] as const;

export type ShippedLocale = (typeof shippedLocales)[number];

/** The source locale: its messages are the English in the code, compiled into every build. */
export const sourceLocale = 'en-US' satisfies ShippedLocale;

/** The translated locales: each one a module loaded on first use. */
export type TargetLocale = Exclude<ShippedLocale, typeof sourceLocale>;

export const targetLocales = shippedLocales.filter((tag): tag is TargetLocale => tag !== sourceLocale);

const ownNames = new Map<string, string>();

/**
 * A locale's name in its own language ("Deutsch (Deutschland)"), or the tag
 * itself where Intl cannot name it. Remembered: the invite form rebuilds its
 * language list on every update (each keystroke), and naming the 32 shipped
 * locales again cost 0.6 ms each time in Chromium. (The first name in a page
 * costs 15 to 20 ms there, loading ICU's language names: see issue #17.)
 */
export function localeOwnName(tag: string): string {
  let name = ownNames.get(tag);
  if (name === undefined) ownNames.set(tag, (name = ownName(tag)));
  return name;
}

function ownName(tag: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name && name !== tag ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}
