/** The script-tag bundle's transport loader: the chunk is a file beside the bundle. */
import { assetUrl } from '../bundle/asset-url.js';
import { lazy } from '../internal/lazy.js';

export type TransportModule = typeof import('./transport.js');

export const transportModule = lazy<TransportModule>(() => import(/* @vite-ignore */ assetUrl('nid-journeys-transport.js')));
