/**
 * Security requirement 3: every public attribute and property survives hostile
 * values (empty, huge, lone surrogates, U+202E, NUL, wrong types, null): no
 * uncaught error, and the element still shows a usable form or a clear
 * configuration error. (The exhaustive property-based fuzzing is its own suite.)
 */
import { expect } from '@open-wc/testing';
import type { NidRegister } from '../../src/elements/register/nid-register.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { alertText, root, settle } from '../helpers/user.js';
import { renderRegister } from './register-fixture.js';

const HOSTILE: unknown[] = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\u202Eevil',
  '<img src=x onerror="window.__xss=1">',
  'x'.repeat(100_000),
  0,
  -1,
  Number.NaN,
  true,
  null,
  undefined,
  {},
  [],
  [{ name: 42 }],
  { toString: () => 'x' },
];

const PROPERTIES = [
  'baseDomain',
  'clientId',
  'endpoints',
  'settings',
  'loadSettings',
  'uiLocales',
  'requestTimeout',
  'authType',
  'defaultLocale',
  'mobileDefaultCountry',
  'mobileFlagCountries',
  'mobileQueryDefaultFlag',
  'fields',
  'termsUrl',
  'privacyUrl',
  'passwordMinLength',
  'redirectUri',
  'scope',
  'state',
  'nonce',
  'codeChallenge',
  'codeChallengeMethod',
  'loginHint',
  'environmentId',
  'organizationId',
  'prompt',
] as const;

/** A usable form, or the configuration error in the alert region: nothing in between. */
function expectUsable(el: NidRegister): void {
  const form = root(el).querySelector('form');
  if (form) {
    expect(form.querySelector('button[type="submit"]'), 'a form has its submit button').to.not.equal(null);
  } else {
    expect(alertText(el)).to.equal('This form is not set up correctly. Please contact the site owner.');
  }
}

describe('<nid-register> with hostile configuration', () => {
  let stub: FetchStub;
  let uncaught: unknown[];
  const onError = (event: ErrorEvent | PromiseRejectionEvent) => uncaught.push('reason' in event ? event.reason : event.error);

  beforeEach(() => {
    stub = stubFetch(() => json(503, { error: 'service_unavailable' }));
    uncaught = [];
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    stub.restore();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
  });

  for (const property of PROPERTIES) {
    it(`survives every hostile value of ${property}`, async () => {
      const el = await renderRegister('fields="firstName mobileNumber"');
      for (const value of HOSTILE) {
        (el as unknown as Record<string, unknown>)[property] = value;
        await settle(el);
        expectUsable(el);
      }
      expect(uncaught).to.deep.equal([]);
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    });
  }

  it('survives hostile attribute values too', async () => {
    const el = await renderRegister();
    for (const attribute of ['base-domain', 'fields', 'auth-type', 'mobile-flag-countries', 'password-min-length', 'request-timeout', 'terms-url']) {
      for (const value of ['', '\uD800', '\u202E', 'x'.repeat(100_000), '<script>window.__xss=2</script>']) {
        el.setAttribute(attribute, value);
        await settle(el);
        expectUsable(el);
      }
      el.removeAttribute(attribute);
    }
    expect(uncaught).to.deep.equal([]);
  });
});
