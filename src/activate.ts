/** Defines `<nid-activate>`. Import `nid-journeys/activate` for the side effect. */
import { NidActivate } from './elements/activate/nid-activate.js';

export { NidActivate };
NidActivate.define('nid-activate');

declare global {
  interface HTMLElementTagNameMap {
    'nid-activate': NidActivate;
  }
}
