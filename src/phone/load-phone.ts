/**
 * The phone chunk (libphonenumber-js, ~35 KB gzip), loaded when a phone field
 * is first shown. The script-tag build swaps this module for
 * `load-phone.bundle.ts`, which fetches the chunk from beside the bundle.
 */
import { lazy } from '../internal/lazy.js';

export type PhoneModule = typeof import('./phone.js');

export const phoneModule = lazy<PhoneModule>(() => import('./phone.js'));
