// A plain Vite app using nid-journeys exactly as the README's "Framework use" shows.
// The test builds it with VITE_NID_BASE_DOMAIN, VITE_NID_ENV_ID and VITE_NID_CLIENT_ID set;
// `?locale=de-DE` sets the element's ui-locales. Contract v2: the client's settings come from
// `settings-src` (a URL of the app's: here the reference server's /settings/<client>.json).
import 'nid-journeys/register';
import { NidErrorEvent, NidSuccessEvent } from 'nid-journeys';

const result = document.querySelector('#result');
const clientId = import.meta.env.VITE_NID_CLIENT_ID;
const register = document.createElement('nid-register');
register.setAttribute('base-domain', import.meta.env.VITE_NID_BASE_DOMAIN);
register.setAttribute('env-id', import.meta.env.VITE_NID_ENV_ID);
register.setAttribute('client-id', clientId);
register.setAttribute('redirect-uri', new URL('/app.html', location.href).href);
register.setAttribute('settings-src', `/settings/${clientId}.json`);
const locale = new URLSearchParams(location.search).get('locale');
if (locale) register.setAttribute('ui-locales', locale);

register.addEventListener('nid-success', (event) => {
  // The class the app imported is the one the element fires: one copy of the package.
  if (!(event instanceof NidSuccessEvent)) throw new Error('nid-success is not a NidSuccessEvent');
  result.textContent = `nid-success ${event.journey} ${event.detail.status} ${event.detail.delivery ?? ''}`.trim();
});
register.addEventListener('nid-error', (event) => {
  result.textContent = `nid-error ${event instanceof NidErrorEvent ? event.detail.code : '(not a NidErrorEvent)'}`;
});

document.querySelector('#journey').append(register);
