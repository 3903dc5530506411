/**
 * The transport chunk (zod, the schemas, fetch), loaded on first use. The
 * script-tag build swaps this module for `load-transport.bundle.ts`.
 */
import { lazy } from '../internal/lazy.js';

export type TransportModule = typeof import('./transport.js');

export const transportModule = lazy<TransportModule>(() => import('./transport.js'));
