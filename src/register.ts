/** Defines `<nid-register>`. Import `nid-journeys/register` for the side effect. */
import { NidRegister } from './elements/register/nid-register.js';

export { NidRegister };
NidRegister.define('nid-register');

declare global {
  interface HTMLElementTagNameMap {
    'nid-register': NidRegister;
  }
}
