/**
 * The package's manifest configuration, written for Storybook's docs into
 * .storybook/generated/ (ignored by git) so that `npm run storybook` needs no
 * library build first. `packagejson: false`: the analyzer would otherwise
 * point package.json's `customElements` at this copy.
 */
import config from '../.config/custom-elements-manifest.config.mjs';

export default { ...config, outdir: '.storybook/generated', packagejson: false };
