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
// The event classes, JourneyError, and the shipped locales for a language picker of the integrator's own (the demo has one).
export * from './bundle/script-exports.js';
export type { JourneyName, NidSubmitDetail, NidSuccessDetail, NidErrorDetail } from './events.js';
export type { ShippedLocale } from './i18n/locales.js';
export type { ClientSettings, FieldSetting, Endpoints } from './api/contract.js';
