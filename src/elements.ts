/**
 * `nid-journeys/elements`: the four element classes and the event classes,
 * without defining any tag. Importing this module has no side effects (no
 * `customElements.define`), so a bundler drops the classes an application
 * does not use, and frameworks or tests can define them under tags of their
 * own: `customElements.define('acme-sign-up', NidRegister)`.
 *
 * To define the standard tags, import `nid-journeys/register` (and the
 * others) or `nid-journeys` for all four: those entries also declare the tags
 * in `HTMLElementTagNameMap`.
 */
export { NidRegister } from './elements/register/nid-register.js';
export { NidActivate } from './elements/activate/nid-activate.js';
export { NidForgotPassword } from './elements/forgot-password/nid-forgot-password.js';
export { NidInviteForm } from './elements/invite-form/nid-invite-form.js';
export { NidSubmitEvent, NidSuccessEvent, NidErrorEvent } from './events.js';
export type { JourneyName, NidSubmitDetail, NidSuccessDetail, NidErrorDetail } from './events.js';
export { JourneyError } from './api/errors.js';
