/**
 * What every script-tag bundle exposes on `window.NidJourneys` besides its
 * element classes (nid-journeys.js through index.ts, each journey's own
 * bundle directly): the event classes and JourneyError for `instanceof`, and
 * the shipped locales for a language picker of the page's own.
 */
export { NidSubmitEvent, NidSuccessEvent, NidErrorEvent } from '../events.js';
export { JourneyError } from '../api/errors.js';
export { shippedLocales, localeOwnName } from '../i18n/locales.js';
