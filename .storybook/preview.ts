/**
 * What every story shares: the mocked Journeys API, the docs from the custom
 * elements manifest, and the locale and theme toolbars.
 */
import { setCustomElementsManifest, type ArgTypesEnhancer, type Decorator, type Preview, type StrictInputType } from '@storybook/web-components-vite';
import { html } from 'lit';
import { localeOwnName, shippedLocales } from '../src/i18n/locales.js';
import { installStoryService } from '../stories/support/story-service.js';
import manifest from './generated/custom-elements.json';
import { forDocs } from './manifest.js';
import './preview.css';

// Once for the whole iframe: a docs page renders all of an element's stories side by side.
installStoryService();
setCustomElementsManifest(forDocs(manifest));

type Theme = 'light' | 'dark' | 'brand';

/** Attributes the toolbars set on every story, so their controls would do nothing. */
const TOOLBAR_ATTRIBUTES = new Set(['ui-locales', 'theme']);

/**
 * The locale and theme toolbars, as a page would set them: the element's
 * `ui-locales` (it then loads that locale and sets its own `lang` and `dir`)
 * and `theme`. The branded theme is the light one restyled through the
 * `--nid-*` custom properties on a wrapper (preview.css).
 */
const withLocaleAndTheme: Decorator = (story, context) => {
  const theme = context.globals['theme'] as Theme;
  // The single-story canvas is the page itself; on a docs page each story's wrapper has the background.
  if (context.viewMode === 'story') document.documentElement.dataset['nidTheme'] = theme;
  else delete document.documentElement.dataset['nidTheme'];
  const args = { ...context.args, 'ui-locales': context.globals['locale'] as string, theme: theme === 'dark' ? 'dark' : 'light' };
  return html`<div class="nid-story" data-theme=${theme}>${story({ args })}</div>`;
};

/**
 * Controls for the attribute types of the manifest (`string | undefined`,
 * `'light' | 'dark' | undefined`), which Storybook would offer as JSON.
 */
function attributeControl(typeText: string): { control: { type: string }; options?: string[] } {
  const types = typeText.split('|').map((type) => type.trim()).filter((type) => type !== 'undefined');
  if (types.length > 0 && types.every((type) => /^'[^']*'$/.test(type))) {
    return { control: { type: 'inline-radio' }, options: types.map((type) => type.slice(1, -1)) };
  }
  if (types.length === 1 && (types[0] === 'number' || types[0] === 'boolean')) return { control: { type: types[0] } };
  return { control: { type: 'text' } };
}

/** Getters such as `abortSignal`: setting one would throw. */
const readOnlyProperties = new Set(
  manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .flatMap((declaration) => declaration.members ?? [])
    .filter((member) => member.readonly)
    .map((member) => member.name),
);

/**
 * What a control can do in these stories (see stories/support/journey-args.ts):
 * set an attribute or a writable property. Events, slots, CSS parts and
 * custom properties are documented without one.
 */
function workingControl(name: string, argType: StrictInputType): StrictInputType {
  if (argType.control !== undefined) return argType; // the story's own choice
  switch (argType.table?.category) {
    case undefined: // a story's own arg, not in the manifest
      return argType;
    case 'attributes':
      return TOOLBAR_ATTRIBUTES.has(name)
        ? { ...argType, control: false, description: `${argType.description ?? ''} (Set by the toolbar.)` }
        : { ...argType, ...attributeControl(String(argType.table.type?.summary ?? '')) };
    case 'properties':
      return readOnlyProperties.has(name) ? { ...argType, control: false } : argType;
    default:
      return { ...argType, control: false };
  }
}

const controlsThatWork: ArgTypesEnhancer = ({ argTypes }) =>
  Object.fromEntries(Object.entries(argTypes).map(([name, argType]) => [name, workingControl(name, argType)]));

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withLocaleAndTheme],
  globalTypes: {
    locale: {
      description: 'The journeys’ language (their ui-locales attribute)',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        dynamicTitle: true,
        items: shippedLocales.map((tag) => ({ value: tag, title: localeOwnName(tag), right: tag })),
      },
    },
    theme: {
      description: 'Light, dark, or a customer’s brand through the --nid-* custom properties',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        dynamicTitle: true,
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'brand', title: 'Customer brand', icon: 'heart' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en-US', theme: 'light' },
  argTypesEnhancers: [controlsThatWork],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // "Show code" shows the element as a page would write it, without the toolbars' wrapper.
    docs: { source: { excludeDecorators: true } },
  },
};

export default preview;
