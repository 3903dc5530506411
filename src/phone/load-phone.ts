/**
 * The phone chunk (libphonenumber-js, ~35 KB gzip), loaded when a phone field
 * is first shown, and where the flag images are. The script-tag build swaps
 * this module for `load-phone.bundle.ts`, which finds both beside the bundle.
 */
import { explicitAssetBase } from '../bundle/asset-base.js';
import { lazy } from '../internal/lazy.js';

export type PhoneModule = typeof import('./phone.js');

export const phoneModule = lazy<PhoneModule>(() => import('./phone.js'));

/**
 * dist/: two folders up from this module (dist/esm/phone/), or the server's
 * root when the module sits higher (a bundler's assets/), as `new URL('../../',
 * import.meta.url)` would say. Worked out on the path, because bundlers read
 * that expression as an asset import: ours would copy 250 flags, and Turbopack
 * (Next 16) fails the app's build on '../../'. The flags stay plain files that
 * the page fetches only when shown.
 */
function packageRoot(): string {
  const url = new URL(import.meta.url);
  const folders = url.pathname.split('/');
  url.pathname = `${folders.slice(0, Math.max(1, folders.length - 3)).join('/')}/`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * The flag of a country, `flags/<cc>.svg` (from flag-icons): under
 * `NID_JOURNEYS_ASSET_BASE` when the page sets it (a bundled app serves
 * `node_modules/nid-journeys/dist/flags/` there), else found from this
 * module's own URL, dist/esm/phone/ → dist/flags/. From the sources that is
 * `/flags/`, which the test runner and Storybook serve from flag-icons.
 */
export function flagUrl(code: string): string {
  const file = `flags/${code.toLowerCase()}.svg`;
  return new URL(file, explicitAssetBase() ?? packageRoot()).href;
}

