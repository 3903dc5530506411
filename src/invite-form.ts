/** Defines `<nid-invite-form>`. Import `nid-journeys/invite-form` for the side effect. */
import { NidInviteForm } from './elements/invite-form/nid-invite-form.js';

export { NidInviteForm };
NidInviteForm.define('nid-invite-form');

declare global {
  interface HTMLElementTagNameMap {
    'nid-invite-form': NidInviteForm;
  }
}
