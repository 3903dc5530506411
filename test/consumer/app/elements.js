// `nid-journeys/elements` defines no tag: the app defines the class under its own.
import { NidRegister } from 'nid-journeys/elements';

const tags = ['nid-register', 'nid-activate', 'nid-forgot-password', 'nid-invite-form'];
document.querySelector('#defined-by-import').textContent = tags.filter((tag) => customElements.get(tag)).join(' ') || 'none';

customElements.define('acme-sign-up', NidRegister);
const element = document.createElement('acme-sign-up');
element.setAttribute('base-domain', import.meta.env.VITE_NID_BASE_DOMAIN);
element.setAttribute('env-id', import.meta.env.VITE_NID_ENV_ID);
element.setAttribute('client-id', import.meta.env.VITE_NID_CLIENT_ID);
element.setAttribute('redirect-uri', new URL('/app.html', location.href).href);
document.querySelector('#journey').append(element);
