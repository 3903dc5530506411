/**
 * The oauth code (`nid-journeys/oauth` and oauth4webapi), loaded when a
 * hosted-mode button is first pressed. The script-tag build swaps this module
 * for `load-oauth.bundle.ts`, which fetches the chunk from beside the bundle.
 */
import { lazy } from '../internal/lazy.js';

export type OAuthModule = typeof import('./index.js');

export const oauthModule = lazy<OAuthModule>(() => import('./index.js'));
