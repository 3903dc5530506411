/**
 * Hosted mode (contract section 7, issue #13): `<nid-register mode="hosted">`
 * and `<nid-forgot-password mode="hosted">` show one button that sends the
 * browser to the vendor's own screen, with PKCE, `state` and `nonce` kept for
 * the return. The navigation itself is replaced here (`navigation.assign`),
 * so the tests read the URL the browser would have gone to.
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { navigation } from '../../src/core/navigation.js';
import { STORAGE_KEY } from '../../src/oauth/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, BASE, CLIENT, REDIRECT_URI, renderJourney } from '../helpers/render.js';
import { alertText, button, click, focused, press, query, recordEvents, root, settle } from '../helpers/user.js';

describe('hosted mode', () => {
  let stub: FetchStub;
  let visited: string[];
  const realAssign = navigation.assign;

  beforeEach(() => {
    stub = stubFetch(() => json(200, {}));
    visited = [];
    navigation.assign = (url) => void visited.push(url);
    sessionStorage.removeItem(STORAGE_KEY);
  });
  afterEach(() => {
    stub.restore();
    navigation.assign = realAssign;
    sessionStorage.removeItem(STORAGE_KEY);
  });

  /** Waits until the button press has led somewhere (the oauth chunk loads first). */
  async function pressed(el: LitElement, target: HTMLElement, how: 'click' | 'enter'): Promise<URL> {
    if (how === 'click') await click(el, target);
    else await press(el, 'Enter', target);
    const deadline = Date.now() + 5000;
    while (visited.length === 0 && Date.now() < deadline) await settle(el);
    expect(visited, 'the browser was sent to one hosted screen').to.have.length(1);
    return new URL(visited[0]!);
  }

  it('<nid-register>: one button, no form, nothing sent on load, and axe passes', async () => {
    const el = await renderJourney<LitElement>('nid-register', `${ACCOUNT} mode="hosted" fields="firstName mobileNumber"`);
    expect(root(el).querySelectorAll('input, select, form')).to.have.length(0);
    expect(button(el, 'Create account').type).to.equal('button');
    expect(stub.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('<nid-register>: Enter on the button goes to {base}/register with PKCE, state, nonce and only the login hint of user data', async () => {
    const el = await renderJourney<LitElement>(
      'nid-register',
      `${ACCOUNT} mode="hosted" ui-locales="en-GB fr-FR" login-hint="ada@example.com" scope="openid profile email" access-type="offline" environment-id="env-1"`,
    );
    const url = await pressed(el, button(el, 'Create account'), 'enter');
    expect(`${url.origin}${url.pathname}`).to.equal(`${BASE}/register`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).to.include({
      client_id: 'client-1',
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      ui_locales: 'en-GB fr-FR',
      login_hint: 'ada@example.com',
      access_type: 'offline',
      environment_id: 'env-1',
    });
    expect(params.state).to.match(/^[\w-]{20,}$/);
    expect(params.nonce).to.match(/^[\w-]{20,}$/);
    expect(params.code_challenge).to.match(/^[\w-]{43}$/);
    expect(Object.keys(params).sort()).to.deep.equal(
      ['access_type', 'client_id', 'code_challenge', 'code_challenge_method', 'environment_id', 'login_hint', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state', 'ui_locales'],
    );
    // The verifier waits in this tab's sessionStorage, under the state, for completeJourney.
    const pending = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    expect(Object.keys(pending)).to.deep.equal([params.state]);
    expect(pending[params.state!]).to.include({ clientId: 'client-1', redirectUri: REDIRECT_URI });
    expect(url.href).not.to.contain(pending[params.state!].verifier);
    expect(localStorage.length, 'nothing in localStorage').to.equal(0);
    expect(stub.calls, 'the element itself sends nothing').to.have.length(0);
  });

  it('a second press while the first is under way leads to one navigation', async () => {
    const el = await renderJourney<LitElement>('nid-register', `${ACCOUNT} mode="hosted"`);
    const target = button(el, 'Create account');
    target.click();
    target.click();
    await pressed(el, target, 'click');
    expect(visited).to.have.length(1);
  });

  it('<nid-forgot-password>: goes to {base}/forgot-password with response_format=openid', async () => {
    const el = await renderJourney<LitElement>('nid-forgot-password', `${ACCOUNT} mode="hosted"`);
    expect(root(el).querySelectorAll('input, form')).to.have.length(0);
    await expect(el).to.be.accessible();
    const url = await pressed(el, button(el, 'Reset your password'), 'click');
    expect(`${url.origin}${url.pathname}`).to.equal(`${BASE}/forgot-password`);
    expect(url.searchParams.get('response_format')).to.equal('openid');
    expect(url.searchParams.get('scope')).to.equal('openid');
    expect(url.searchParams.has('login_hint')).to.equal(false);
  });

  it('<nid-forgot-password>: leaves a ?code= in the address bar to completeJourney (it is the OAuth code, not a reset link)', async () => {
    const before = location.href;
    history.replaceState(null, '', `${location.pathname}?code=oauth-code-1&state=s1`);
    try {
      const el = await renderJourney<LitElement>('nid-forgot-password', `${ACCOUNT} mode="hosted"`);
      expect(new URLSearchParams(location.search).get('code')).to.equal('oauth-code-1');
      expect(button(el, 'Reset your password')).to.exist;
      expect(root(el).querySelector('input[type="password"]')).to.equal(null);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('needs a redirect URI: without one it reports invalid_config and sends nowhere', async () => {
    const events: Event[] = [];
    const el = await renderJourney<LitElement>('nid-register', `${CLIENT} mode="hosted"`, (event) => events.push(event));
    expect(alertText(el)).to.equal('This form is not set up correctly. Please contact the site owner.');
    expect(events.map((event) => (event as CustomEvent).detail)).to.deep.equal([{ code: 'invalid_config' }]);
    expect(root(el).querySelectorAll('button')).to.have.length(0);
    expect(visited).to.have.length(0);
  });

  it('when the journey cannot start (no usable sessionStorage), says so, fires nid-error and lets the user try again', async () => {
    const el = await renderJourney<LitElement>('nid-register', `${ACCOUNT} mode="hosted"`);
    const events = recordEvents(el);
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      await click(el, button(el, 'Create account'));
      await settle(el);
    } finally {
      Storage.prototype.setItem = setItem;
    }
    expect(visited).to.have.length(0);
    expect(alertText(el)).to.equal('We are unable to process your request right now. Please try again later.');
    expect(focused(el)).to.equal(query(el, '[role="alert"]'));
    expect(events.map((event) => [event.type, (event as CustomEvent).detail])).to.deep.equal([['nid-error', { code: 'network_error' }]]);
    await expect(el).to.be.accessible();

    const url = await pressed(el, button(el, 'Create account'), 'click');
    expect(url.pathname).to.equal('/register');
  });

  it('switching mode back to the form shows the form', async () => {
    const el = await renderJourney<LitElement & { mode: string | undefined }>('nid-register', `${ACCOUNT} mode="hosted"`);
    el.mode = undefined;
    await settle(el);
    expect(root(el).querySelector('form')).to.exist;
    expect(root(el).querySelector('input[type="password"]')).to.exist;
  });
});
