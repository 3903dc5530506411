/**
 * Where a translated locale's messages come from, for npm users: one module
 * per locale, generated from `locales/*.xlf` by `npm run i18n:build` into
 * `generated/` (not committed). Each is its own chunk in the user's bundler,
 * fetched only when that locale is first used.
 *
 * The script-tag build swaps this module for `load-locale.bundle.ts`, which
 * fetches `locales/<tag>.js` from beside the bundle.
 */
import type { LocaleModule } from '@lit/localize';
import type { TargetLocale } from './locales.js';

// One static import() per locale, so that every bundler can see and split them.
const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  'en-GB': () => import('./generated/en-GB.js'),
  'fr-FR': () => import('./generated/fr-FR.js'),
  'fr-CA': () => import('./generated/fr-CA.js'),
  'de-DE': () => import('./generated/de-DE.js'),
  'es-ES': () => import('./generated/es-ES.js'),
  'es-MX': () => import('./generated/es-MX.js'),
  'it-IT': () => import('./generated/it-IT.js'),
  'pt-BR': () => import('./generated/pt-BR.js'),
  'pt-PT': () => import('./generated/pt-PT.js'),
  'nl-NL': () => import('./generated/nl-NL.js'),
  'sv-SE': () => import('./generated/sv-SE.js'),
  'da-DK': () => import('./generated/da-DK.js'),
  'nb-NO': () => import('./generated/nb-NO.js'),
  'fi-FI': () => import('./generated/fi-FI.js'),
  'pl-PL': () => import('./generated/pl-PL.js'),
  'cs-CZ': () => import('./generated/cs-CZ.js'),
  'hu-HU': () => import('./generated/hu-HU.js'),
  'ro-RO': () => import('./generated/ro-RO.js'),
  'tr-TR': () => import('./generated/tr-TR.js'),
  'el-GR': () => import('./generated/el-GR.js'),
  'ru-RU': () => import('./generated/ru-RU.js'),
  'uk-UA': () => import('./generated/uk-UA.js'),
  'ja-JP': () => import('./generated/ja-JP.js'),
  'ko-KR': () => import('./generated/ko-KR.js'),
  'zh-CN': () => import('./generated/zh-CN.js'),
  'zh-TW': () => import('./generated/zh-TW.js'),
  'th-TH': () => import('./generated/th-TH.js'),
  'vi-VN': () => import('./generated/vi-VN.js'),
  'id-ID': () => import('./generated/id-ID.js'),
  'ar': () => import('./generated/ar.js'),
  'he': () => import('./generated/he.js'),
};

export function loadLocaleModule(tag: TargetLocale): Promise<LocaleModule> {
  return loaders[tag]();
}
