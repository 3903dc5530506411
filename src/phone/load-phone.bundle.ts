/** The script-tag bundle's phone loader: the chunk and the flags (`flags/<cc>.svg`) are files beside the bundle. */
import { assetUrl } from '../bundle/asset-url.js';
import { lazy } from '../internal/lazy.js';

export type PhoneModule = typeof import('./phone.js');

export const phoneModule = lazy<PhoneModule>(() => import(/* @vite-ignore */ assetUrl('nid-journeys-phone.js')));

/** The flag of a country, beside the bundle like the chunks (`assetUrl` throws when the bundle cannot tell where that is). */
export function flagUrl(code: string): string {
  return assetUrl(`flags/${code.toLowerCase()}.svg`);
}
