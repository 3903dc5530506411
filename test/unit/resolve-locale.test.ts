/** The locale resolution table (issue #5): every step and every fallback. */
import { expect } from '@open-wc/testing';
import { pickLocalized } from '../../src/i18n/localized-text.js';
import { availableLocales, directionOf, resolveLocale, type LocaleInput } from '../../src/i18n/resolve-locale.js';
import { localeOwnName } from '../../src/i18n/locales.js';

const rows: [string, LocaleInput, string][] = [
  ['nothing given: en-US', { uiLocales: [] }, 'en-US'],
  ['exact match', { uiLocales: ['de-DE'] }, 'de-DE'],
  ['case-insensitive, underscores', { uiLocales: ['PT_br'] }, 'pt-BR'],
  ['first candidate that matches wins', { uiLocales: ['xx-XX', 'ja-JP', 'de-DE'] }, 'ja-JP'],
  ['same language, other region: fr-BE', { uiLocales: ['fr-BE'] }, 'fr-FR'],
  ['fr-CA stays Canadian', { uiLocales: ['fr-CA'] }, 'fr-CA'],
  ['es-AR reads Latin American Spanish', { uiLocales: ['es-AR'] }, 'es-MX'],
  ['es-419 too', { uiLocales: ['es-419'] }, 'es-MX'],
  ['es alone is Spain', { uiLocales: ['es'] }, 'es-ES'],
  ['zh-HK reads Traditional', { uiLocales: ['zh-HK'] }, 'zh-TW'],
  ['zh-Hant reads Traditional', { uiLocales: ['zh-Hant'] }, 'zh-TW'],
  ['zh-SG reads Simplified', { uiLocales: ['zh-SG'] }, 'zh-CN'],
  ['pt alone is Brazil', { uiLocales: ['pt'] }, 'pt-BR'],
  ['pt-AO reads European Portuguese', { uiLocales: ['pt-AO'] }, 'pt-PT'],
  ['en-AU reads British English', { uiLocales: ['en-AU'] }, 'en-GB'],
  ['en alone is US', { uiLocales: ['en'] }, 'en-US'],
  ['no reads Bokmål', { uiLocales: ['no'] }, 'nb-NO'],
  ['ar-EG: Arabic', { uiLocales: ['ar-EG'] }, 'ar'],
  ['he-IL: Hebrew', { uiLocales: ['he-IL'] }, 'he'],
  ['unknown language: next candidate', { uiLocales: ['xx', 'it'] }, 'it-IT'],
  ['no candidate matches: default_locale', { uiLocales: ['xx-XX'], defaultLocale: 'sv-SE' }, 'sv-SE'],
  ['default_locale by language', { uiLocales: [], defaultLocale: 'de-AT' }, 'de-DE'],
  ['nothing matches at all: en-US', { uiLocales: ['xx'], defaultLocale: 'yy' }, 'en-US'],
  ['garbage candidates are skipped', { uiLocales: ['', '  ', '--', '<script>'], defaultLocale: 'ko-KR' }, 'ko-KR'],
  ['supported_locales restrict the choice', { uiLocales: ['de-DE'], supportedLocales: ['fr-FR', 'en-GB'] }, 'en-GB'],
  ['restricted: same language still matches', { uiLocales: ['fr-BE'], supportedLocales: ['fr-FR', 'en-US'] }, 'fr-FR'],
  ['restricted: a supported unshipped tag stands for its closest', { uiLocales: ['fr-CH'], supportedLocales: ['fr-BE'] }, 'fr-FR'],
  ['restricted without en-US: the first supported', { uiLocales: ['ja-JP'], supportedLocales: ['nl-NL', 'da-DK'] }, 'nl-NL'],
  ['supported_locales matching nothing shipped are ignored', { uiLocales: ['it-IT'], supportedLocales: ['tlh'] }, 'it-IT'],
];

describe('resolveLocale', () => {
  for (const [name, input, expected] of rows) {
    it(`${name}: ${JSON.stringify(input)} → ${expected}`, () => {
      expect(resolveLocale(input)).to.equal(expected);
    });
  }

  it('availableLocales narrows to the supported ones, in shipped order', () => {
    expect(availableLocales(['ja-JP', 'de-de', 'fr-BE'])).to.deep.equal(['fr-FR', 'de-DE', 'ja-JP']);
    expect(availableLocales(undefined)).to.have.length(32);
  });

  it('directionOf: Arabic and Hebrew are right-to-left', () => {
    expect(['ar', 'he', 'he-IL', 'en-US', 'ja-JP'].map(directionOf)).to.deep.equal(['rtl', 'rtl', 'rtl', 'ltr', 'ltr']);
  });
});

describe('pickLocalized (security questions, custom field labels)', () => {
  const labels = { 'en-US': 'Pet', 'fr-FR': 'Animal', 'pt-PT': 'Animal (PT)', 'zh-TW': '寵物' };
  const rows: [string, string | undefined][] = [
    ['fr-FR', 'Animal'],
    ['fr-CA', 'Animal'],
    ['pt-BR', 'Animal (PT)'],
    ['zh-HK', '寵物'],
    ['de-DE', 'Pet'],
  ];
  for (const [locale, expected] of rows) {
    it(`${locale} → ${expected}`, () => expect(pickLocalized(labels, locale)).to.equal(expected));
  }
  it('falls back to any label, then to nothing', () => {
    expect(pickLocalized({ 'ja-JP': '質問' }, 'de-DE')).to.equal('質問');
    expect(pickLocalized({ 'ja-JP': '' }, 'ja-JP')).to.equal(undefined);
    expect(pickLocalized(undefined, 'ja-JP')).to.equal(undefined);
  });
});

describe('localeOwnName', () => {
  it("names a locale in its own language, and remembers it (the invite form asks on every keystroke)", () => {
    const intl = Intl as { DisplayNames: typeof Intl.DisplayNames }; // read-only in the typings, writable in fact
    const original = intl.DisplayNames;
    let built = 0;
    // Counts constructions; behaves as the real one.
    intl.DisplayNames = class extends original {
      constructor(...args: ConstructorParameters<typeof original>) {
        super(...args);
        built += 1;
      }
    } as typeof Intl.DisplayNames;
    try {
      const name = localeOwnName('de-AT'); // engines differ: "Deutsch (Österreich)", "Österreichisches Deutsch"
      expect(name).to.match(/Deutsch/);
      expect(localeOwnName('de-AT')).to.equal(name);
      expect(built).to.equal(1);
      expect(localeOwnName('xx-invalid-!!')).to.equal('xx-invalid-!!');
    } finally {
      intl.DisplayNames = original;
    }
  });
});
