/** The script-tag bundle's oauth loader: the chunk is a file beside the bundle. */
import { assetUrl } from '../bundle/asset-url.js';
import { lazy } from '../internal/lazy.js';

export type OAuthModule = typeof import('./index.js');

export const oauthModule = lazy<OAuthModule>(() => import(/* @vite-ignore */ assetUrl('nid-journeys-oauth.js')));
