import type { StorybookConfig } from '@storybook/web-components-vite';
import { mergeConfig } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: '@storybook/web-components-vite',
  // Autodocs: each element's page, from the custom elements manifest (see preview.ts).
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The theme toolbar sets the canvas background with the theme (preview.ts); a second background picker would contradict it.
  features: { backgrounds: false },
  // The phone fields' flags (issue #16) are files at /flags/<cc>.svg, where the sources look for them.
  staticDirs: [{ from: '../node_modules/flag-icons/flags/4x3', to: '/flags' }],
  // Storybook's renderer imports lit/directive-helpers.js, which the dev server's pre-bundling
  // misses: lit-html would then load twice ("Multiple versions of Lit loaded").
  viteFinal: (viteConfig) => mergeConfig(viteConfig, { optimizeDeps: { include: ['lit/directive-helpers.js'] } }),
};

export default config;
