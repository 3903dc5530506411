/**
 * The script-tag bundle's locale loader: `locales/<tag>.js` beside the bundle.
 *
 * Those files are built by vite's `locales` mode from the same generated
 * modules as the npm build, with one difference: they import nothing. Each
 * exports a function that takes lit's `html` and @lit/localize's `str` and
 * returns the templates, so a locale file costs its messages alone (a copy
 * of lit in each would be several times their size).
 */
import { html } from 'lit';
import { str, type LocaleModule } from '@lit/localize';
import { assetUrl } from '../bundle/asset-url.js';
import type { TargetLocale } from './locales.js';

/** What a file of `dist/locales/` exports (see vite.config.ts, `localeFactory`). */
export interface LocaleFactoryModule {
  default: (tags: { html: typeof html; str: typeof str }) => LocaleModule['templates'];
}

export async function loadLocaleModule(tag: TargetLocale): Promise<LocaleModule> {
  const module = (await import(/* @vite-ignore */ assetUrl(`locales/${tag}.js`))) as LocaleFactoryModule;
  return { templates: module.default({ html, str }) };
}
