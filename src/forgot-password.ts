/** Defines `<nid-forgot-password>`. Import `nid-journeys/forgot-password` for the side effect. */
import { NidForgotPassword } from './elements/forgot-password/nid-forgot-password.js';

export { NidForgotPassword };
NidForgotPassword.define('nid-forgot-password');

declare global {
  interface HTMLElementTagNameMap {
    'nid-forgot-password': NidForgotPassword;
  }
}
