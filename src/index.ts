/**
 * nid-journeys: every journey element, defined. This is the script-tag entry
 * and the package's main export.
 */
import './register.js';
import './activate.js';
import './forgot-password.js';
import './invite-form.js';

export { NidRegister } from './elements/register/nid-register.js';
export { NidActivate } from './elements/activate/nid-activate.js';
export { NidForgotPassword } from './elements/forgot-password/nid-forgot-password.js';
export { NidInviteForm } from './elements/invite-form/nid-invite-form.js';
export { NidSubmitEvent, NidSuccessEvent, NidErrorEvent } from './events.js';
export type { JourneyName, NidSubmitDetail, NidSuccessDetail, NidErrorDetail } from './events.js';
export { JourneyError } from './api/errors.js';
// For a language picker of the integrator's own (the demo has one).
export { shippedLocales, localeOwnName } from './i18n/locales.js';
export type { ShippedLocale } from './i18n/locales.js';
export type { ClientSettings, FieldSetting, Endpoints } from './api/contract.js';
