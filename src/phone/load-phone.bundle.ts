/** The script-tag bundle's phone loader: the chunk is a file beside the bundle. */
import { assetUrl } from '../bundle/asset-url.js';
import { lazy } from '../internal/lazy.js';

export type PhoneModule = typeof import('./phone.js');

export const phoneModule = lazy<PhoneModule>(() => import(/* @vite-ignore */ assetUrl('nid-journeys-phone.js')));
