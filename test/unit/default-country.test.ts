import { expect } from '@open-wc/testing';
import { splitList } from '../../src/core/config.js';
import {
  defaultCountry,
  flagCountries,
  regionOfLocale,
  toCountryCode,
  type DefaultCountryInput,
} from '../../src/phone/default-country.js';

describe('phone/default-country', () => {
  describe('toCountryCode', () => {
    const cases: [unknown, string | undefined][] = [
      ['GB', 'GB'],
      ['gb', 'GB'],
      ['Us', 'US'],
      [' fr ', 'FR'],
      ['AX', 'AX'],
      ['ZW', 'ZW'],
      // not officially assigned ISO 3166-1 alpha-2 codes
      ['UK', undefined],
      ['XK', undefined],
      ['ZZ', undefined],
      ['EU', undefined],
      ['419', undefined],
      ['GBR', undefined],
      ['G', undefined],
      ['', undefined],
      ['   ', undefined],
      [undefined, undefined],
      [null, undefined],
      [44, undefined],
      [['GB'], undefined],
      [{ toString: () => 'GB' }, undefined],
    ];
    for (const [value, expected] of cases) {
      it(`${JSON.stringify(value) ?? String(value)} -> ${expected ?? 'undefined'}`, () => {
        expect(toCountryCode(value)).to.equal(expected);
      });
    }
  });

  describe('regionOfLocale', () => {
    const cases: [unknown, string | undefined][] = [
      ['fr-CA', 'CA'],
      ['en-US', 'US'],
      ['fr-ca', 'CA'],
      ['en_GB', 'GB'],
      ['zh-Hant-TW', 'TW'],
      ['sr-Latn-RS', 'RS'],
      ['es-419', '419'],
      ['en-US-u-ca-gregory', 'US'],
      [' de-AT ', 'AT'],
      ['en', undefined],
      ['zh-Hant', undefined],
      ['en-1234', undefined],
      ['x-private', undefined],
      ['12-US', undefined],
      ['', undefined],
      [undefined, undefined],
      [null, undefined],
      [42, undefined],
    ];
    for (const [tag, expected] of cases) {
      it(`${JSON.stringify(tag) ?? String(tag)} -> ${expected ?? 'undefined'}`, () => {
        expect(regionOfLocale(tag)).to.equal(expected);
      });
    }
  });

  describe('splitList (core/config)', () => {
    it('splits on spaces and commas, dropping empty items', () => {
      expect(splitList('GB US,FR , DE')).to.deep.equal(['GB', 'US', 'FR', 'DE']);
      expect(splitList('en-US\tfr-FR\nde,,')).to.deep.equal(['en-US', 'fr-FR', 'de']);
      expect(splitList('firstName* lastName* gender')).to.deep.equal(['firstName*', 'lastName*', 'gender']);
    });
    it('gives [] for empty and non-string values', () => {
      expect(splitList('')).to.deep.equal([]);
      expect(splitList(' , ')).to.deep.equal([]);
      expect(splitList(undefined)).to.deep.equal([]);
      expect(splitList(null)).to.deep.equal([]);
      expect(splitList(['GB'])).to.deep.equal([]);
    });
  });

  describe('flagCountries', () => {
    it('keeps valid codes, upper-cased, first occurrence order, without duplicates', () => {
      expect(flagCountries(['gb', 'US', 'GB', 'UK', 'xk', 'ZZ', 42, null, 'fr'])).to.deep.equal(['GB', 'US', 'FR']);
    });
    it('is empty (no restriction) for undefined, [] or a list without valid codes', () => {
      expect(flagCountries(undefined)).to.deep.equal([]);
      expect(flagCountries([])).to.deep.equal([]);
      expect(flagCountries(['UK', 'EU'])).to.deep.equal([]);
    });
  });

  describe('defaultCountry: the flag fallback chain', () => {
    type Row = [title: string, input: DefaultCountryInput, expected: string | undefined];
    const rows: Row[] = [
      // step 1: region of the first ui_locales entry that has one, only with queryDefaultFlag
      ['1: ui_locales region wins over everything', { queryDefaultFlag: true, uiLocales: ['fr-CA'], mobileDefaultCountry: 'GB', mobileFlagCountries: ['CA', 'GB'], defaultLocale: 'en-US' }, 'CA'],
      ['1: entries without a region are skipped to the next one with a region', { queryDefaultFlag: true, uiLocales: ['fr', 'de', 'de-AT'], mobileDefaultCountry: 'GB' }, 'AT'],
      ['1: script subtag (zh-Hant-TW)', { queryDefaultFlag: true, uiLocales: ['zh-Hant-TW'], mobileDefaultCountry: 'GB' }, 'TW'],
      ['1: underscore separator (en_GB)', { queryDefaultFlag: true, uiLocales: ['en_GB'], mobileDefaultCountry: 'US' }, 'GB'],
      ['1: lowercase region accepted', { queryDefaultFlag: true, uiLocales: ['en-gb'], mobileDefaultCountry: 'US' }, 'GB'],
      ['1: lowercase flag list accepted', { queryDefaultFlag: true, uiLocales: ['en-us'], mobileFlagCountries: ['gb', 'us'] }, 'US'],
      ['1: queryDefaultFlag false ignores ui_locales', { queryDefaultFlag: false, uiLocales: ['fr-CA'], mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: queryDefaultFlag absent ignores ui_locales', { uiLocales: ['fr-CA'], mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: queryDefaultFlag false ignores ui_locales down to step 4', { queryDefaultFlag: false, uiLocales: ['fr-CA'], defaultLocale: 'en-US' }, 'US'],
      ['1: no ui_locales at all', { queryDefaultFlag: true, mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: empty ui_locales', { queryDefaultFlag: true, uiLocales: [], mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: no entry has a region', { queryDefaultFlag: true, uiLocales: ['fr', 'de'], mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: skipped when invalid (es-419 gives 419)', { queryDefaultFlag: true, uiLocales: ['es-419'], mobileDefaultCountry: 'MX' }, 'MX'],
      ['1: the first region is the candidate; an invalid one is skipped, not replaced by a later entry', { queryDefaultFlag: true, uiLocales: ['es-419', 'fr-CA'], mobileDefaultCountry: 'GB' }, 'GB'],
      ['1: skipped when not ISO (en-UK)', { queryDefaultFlag: true, uiLocales: ['en-UK'], mobileDefaultCountry: 'IE' }, 'IE'],
      ['1: skipped when not in the flag list', { queryDefaultFlag: true, uiLocales: ['fr-CA'], mobileDefaultCountry: 'US', mobileFlagCountries: ['GB', 'US'] }, 'US'],

      // step 2: mobileDefaultCountry
      ['2: mobileDefaultCountry', { mobileDefaultCountry: 'GB', mobileFlagCountries: ['US', 'GB'], defaultLocale: 'fr-FR' }, 'GB'],
      ['2: lowercase accepted', { mobileDefaultCountry: 'gb' }, 'GB'],
      ['2: skipped when UK', { mobileDefaultCountry: 'UK', mobileFlagCountries: ['US', 'GB'] }, 'US'],
      ['2: skipped when XK', { mobileDefaultCountry: 'XK', defaultLocale: 'sq-AL' }, 'AL'],
      ['2: skipped when ZZ', { mobileDefaultCountry: 'ZZ', defaultLocale: 'en-US' }, 'US'],
      ['2: skipped when 419', { mobileDefaultCountry: '419', defaultLocale: 'es-MX' }, 'MX'],
      ['2: skipped when empty', { mobileDefaultCountry: '', defaultLocale: 'en-US' }, 'US'],
      ['2: skipped when not in the flag list', { mobileDefaultCountry: 'FR', mobileFlagCountries: ['GB', 'US'] }, 'GB'],

      // step 3: first entry of mobileFlagCountries
      ['3: first flag country', { mobileFlagCountries: ['DE', 'FR'], defaultLocale: 'fr-FR' }, 'DE'],
      ['3: lowercase first entry', { mobileFlagCountries: ['de', 'fr'] }, 'DE'],
      ['3: an invalid first entry is skipped (not replaced by the second), step 4 applies', { mobileFlagCountries: ['UK', 'GB'], defaultLocale: 'en-GB' }, 'GB'],
      ['3: an invalid first entry, step 4 not in the list -> nothing', { mobileFlagCountries: ['UK', 'US'], defaultLocale: 'en-GB' }, undefined],
      ['3: a non-string first entry is skipped', { mobileFlagCountries: [44, 'GB'], defaultLocale: 'en-GB' }, 'GB'],
      ['3: empty list restricts nothing', { mobileFlagCountries: [], defaultLocale: 'en-US' }, 'US'],

      // step 4: region of defaultLocale
      ['4: region of defaultLocale', { defaultLocale: 'en-US' }, 'US'],
      ['4: underscore', { defaultLocale: 'en_GB' }, 'GB'],
      ['4: script subtag', { defaultLocale: 'zh-Hant-TW' }, 'TW'],
      ['4: no region', { defaultLocale: 'en' }, undefined],
      ['4: skipped when 419', { defaultLocale: 'es-419' }, undefined],
      ['4: skipped when not ISO', { defaultLocale: 'en-UK' }, undefined],
      ['4: skipped when not in the flag list', { mobileFlagCountries: ['XK', 'FR'], defaultLocale: 'en-US' }, undefined],
      ['4: a flag list with no valid entry restricts nothing', { mobileFlagCountries: ['UK', 'ZZ'], defaultLocale: 'en-US' }, 'US'],
      ['4: ui_locales is not a fallback for defaultLocale without the flag', { uiLocales: ['fr-CA'], defaultLocale: 'fr' }, undefined],

      // nothing applies
      ['nothing configured', {}, undefined],
      ['nothing valid', { queryDefaultFlag: true, uiLocales: ['es-419'], mobileDefaultCountry: 'UK', mobileFlagCountries: ['EU'], defaultLocale: 'en' }, undefined],
    ];

    for (const [title, input, expected] of rows) {
      it(`${title} -> ${expected ?? 'undefined'}`, () => {
        expect(defaultCountry(input)).to.equal(expected);
      });
    }

    it('does not modify its input', () => {
      const input = { queryDefaultFlag: true, uiLocales: Object.freeze(['fr-ca']), mobileFlagCountries: Object.freeze(['ca', 'CA']) };
      expect(defaultCountry(input)).to.equal('CA');
      expect(input.uiLocales).to.deep.equal(['fr-ca']);
      expect(input.mobileFlagCountries).to.deep.equal(['ca', 'CA']);
    });
  });
});
