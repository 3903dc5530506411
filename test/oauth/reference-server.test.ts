/**
 * nid-journeys/oauth end to end against the real reference server (issue
 * #13), in every engine: the journey URL, the hosted sign-in (driven over HTTP
 * by the runner's plugin, test/helpers/reference-server-plugin.mjs), then
 * completeJourney, userInfo, refresh and signOutUrl from this page, across
 * origins (CORS) exactly as an application's page makes them.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { STORAGE_KEY, buildJourneyUrl, completeJourney, refresh, signOutUrl, userInfo } from '../../src/oauth/index.js';
import { expectFailure, expectNotStored, pending, reset, snapshot } from './helpers.js';

interface ReferenceServer {
  apiUrl: string;
  pageOrigin: string;
}
interface Account {
  email: string;
  password: string;
}

const CLIENT_ID = 'demo-email';
/** On every demo client's list once the plugin makes this page's origin a site alias. */
const redirectUri = `${location.origin}/callback.html`;

let server: ReferenceServer;
let account: Account;
/** The paths this test's fetch was asked for, in order. */
let requests: string[];
const countingFetch: typeof fetch = (input, init) => {
  requests.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
  return fetch(input, init);
};

const service = () => ({ baseDomain: server.apiUrl, clientId: CLIENT_ID, fetch: countingFetch });

/** A new journey's URL and the state and nonce it carries (kept in sessionStorage). */
async function startJourney() {
  const url = await buildJourneyUrl({ journey: 'authorize', baseDomain: server.apiUrl, clientId: CLIENT_ID, redirectUri, scope: 'openid profile email' });
  const sent = new URL(url).searchParams;
  return { url, state: sent.get('state')!, nonce: sent.get('nonce')! };
}

/** Signs in on the hosted screen: the callback URL it sends the browser back to. */
async function hostedSignIn(url: string): Promise<string> {
  return executeServerCommand<string, { url: string } & Account>('nid-ref-hosted-sign-in', { url, ...account });
}

describe('nid-journeys/oauth against the reference server', () => {
  let local: ReturnType<typeof snapshot>;

  before(async function (this: Mocha.Context) {
    // The first command starts the server (and hashes a password): slower than a test.
    this.timeout(30_000);
    server = await executeServerCommand<ReferenceServer, undefined>('nid-ref-server');
    expect(server.pageOrigin, 'the plugin allowed this page').to.equal(location.origin);
    account = await executeServerCommand<Account, undefined>('nid-ref-account');
  });
  beforeEach(() => {
    reset();
    requests = [];
    local = snapshot(localStorage);
  });
  afterEach(() => {
    // Whatever happened, localStorage was not written to.
    expect(snapshot(localStorage)).to.deep.equal(local);
    reset();
  });

  it('signs in through the hosted screen and completes with validated claims and tokens, storing nothing', async () => {
    const { url, state, nonce } = await startJourney();
    expect(url.startsWith(`${server.apiUrl}/authorize?`), url).to.equal(true);
    expect(Object.keys(pending())).to.deep.equal([state]);

    const callback = await hostedSignIn(url);
    const back = new URL(callback);
    expect(`${back.origin}${back.pathname}`).to.equal(redirectUri);
    expect(back.searchParams.get('state')).to.equal(state);
    const code = back.searchParams.get('code')!;
    expect(code).to.be.a('string').and.not.equal('');

    const before = Date.now();
    const { claims, tokens } = await completeJourney({ ...service(), redirectUri, url: callback });
    // Discovery, the code exchange, the JWKS for the signature: all across origins, all answered.
    expect(requests).to.deep.equal(['/.well-known/openid-configuration', '/token', '/.well-known/jwks.json']);
    expect(claims).to.include({ iss: server.apiUrl, aud: CLIENT_ID, email: account.email, nonce });
    expect(claims.sub).to.be.a('string').and.not.equal('');
    expect(tokens.idToken.split('.')).to.have.length(3);
    expect(tokens.accessToken).to.be.a('string').and.not.equal('');
    expect(tokens.refreshToken).to.be.a('string').and.not.equal('');
    expect(tokens.expiresAt).to.be.at.least(before + 60_000);

    expect(sessionStorage.getItem(STORAGE_KEY), 'the pending journey is used up').to.equal(null);
    expectNotStored([code, tokens.accessToken, tokens.idToken, tokens.refreshToken!]);
  });

  it('reads the profile with the access token, refreshes (rotating the refresh token) and builds the sign-out URL the server accepts', async () => {
    const { url } = await startJourney();
    const { claims, tokens } = await completeJourney({ ...service(), redirectUri, url: await hostedSignIn(url) });

    const info = await userInfo({ ...service(), accessToken: tokens.accessToken, expectedSubject: claims.sub });
    expect(info).to.include({ sub: claims.sub, email: account.email });

    const refreshed = await refresh({ ...service(), refreshToken: tokens.refreshToken!, expectedSubject: claims.sub });
    expect(refreshed.claims).to.include({ iss: server.apiUrl, sub: claims.sub, aud: CLIENT_ID, email: account.email });
    expect(refreshed.tokens.accessToken).to.be.a('string').and.not.equal(tokens.accessToken);
    expect(refreshed.tokens.refreshToken).to.be.a('string').and.not.equal(tokens.refreshToken);
    expect((await userInfo({ ...service(), accessToken: refreshed.tokens.accessToken })).email).to.equal(account.email);
    // The server rotates: the first refresh token is spent.
    const spent = await expectFailure(refresh({ ...service(), refreshToken: tokens.refreshToken! }), 'token_error', [tokens.refreshToken!]);
    expect(spent.detail).to.equal('invalid_grant');

    const postLogoutRedirectUri = `${location.origin}/`;
    const signOut = new URL(await signOutUrl({ ...service(), postLogoutRedirectUri, idTokenHint: tokens.idToken, state: 'bye' }));
    expect(`${signOut.origin}${signOut.pathname}`).to.equal(`${server.apiUrl}/endsession`);
    expect(Object.fromEntries(signOut.searchParams)).to.deep.equal({
      client_id: CLIENT_ID,
      post_logout_redirect_uri: postLogoutRedirectUri,
      id_token_hint: tokens.idToken,
      state: 'bye',
    });
    // The server takes it: back to the page with the state (a refused one is a 400 error page).
    const answer = await executeServerCommand<{ status: number; location: string | null }, { url: string }>('nid-ref-get', { url: signOut.href });
    expect(answer).to.deep.equal({ status: 303, location: `${postLogoutRedirectUri}?state=bye` });
  });

  it('fails with token_error when the callback is completed a second time: the server refuses the used code and revokes what it issued', async () => {
    const { url } = await startJourney();
    const callback = await hostedSignIn(url);
    // As if the journey were still pending: what a replay in this tab would find.
    const stored = sessionStorage.getItem(STORAGE_KEY)!;
    const first = await completeJourney({ ...service(), redirectUri, url: callback });
    sessionStorage.setItem(STORAGE_KEY, stored);
    requests = [];

    const code = new URL(callback).searchParams.get('code')!;
    const error = await expectFailure(completeJourney({ ...service(), redirectUri, url: callback }), 'token_error', [code]);
    expect(error.detail).to.equal('invalid_grant');
    expect(error.status).to.equal(400);
    expect(requests).to.deep.equal(['/.well-known/openid-configuration', '/token']);
    expect(sessionStorage.getItem(STORAGE_KEY), 'the pending journey is used up').to.equal(null);
    expectNotStored([code, first.tokens.accessToken]);

    // RFC 6749 4.1.2: the replay revoked the first exchange's tokens.
    const revoked = await expectFailure(userInfo({ ...service(), accessToken: first.tokens.accessToken }), 'token_error', [first.tokens.accessToken]);
    expect(revoked.status).to.equal(401);
  });

  it('fails with state_mismatch for a tampered state, before any request, and the code stays unspent', async () => {
    const { url, state } = await startJourney();
    const callback = new URL(await hostedSignIn(url));
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);

    await expectFailure(completeJourney({ ...service(), redirectUri, url: tampered.href }), 'state_mismatch', [callback.searchParams.get('code')!]);
    expect(requests, 'no discovery, no /token').to.deep.equal([]);
    // The journey the real state names is untouched, and its code was never sent: it still works.
    expect(Object.keys(pending())).to.deep.equal([state]);
    const { claims } = await completeJourney({ ...service(), redirectUri, url: callback.href });
    expect(claims.email).to.equal(account.email);
    expect(sessionStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it("fails with access_denied when the user cancels on the hosted screen, and uses the pending journey up", async () => {
    const { url, state } = await startJourney();
    const cancelled = new URL(await executeServerCommand<string, { url: string }>('nid-ref-hosted-cancel', { url }));
    expect(`${cancelled.origin}${cancelled.pathname}`).to.equal(redirectUri);
    expect(cancelled.searchParams.get('error')).to.equal('access_denied');
    expect(cancelled.searchParams.get('state')).to.equal(state);

    const error = await expectFailure(completeJourney({ ...service(), redirectUri, url: cancelled.href }), 'access_denied');
    expect(error.detail).to.equal('access_denied');
    expect(requests).to.deep.equal([]);
    expect(sessionStorage.getItem(STORAGE_KEY), 'the pending journey is used up').to.equal(null);
  });
});
