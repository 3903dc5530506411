/** After the journey: refresh(), userInfo() and signOutUrl(). */
import { expect } from '@open-wc/testing';
import { buildJourneyUrl, completeJourney, refresh, signOutUrl, userInfo, type JourneyResult } from '../../src/oauth/index.js';
import { CLIENT_ID, FakeProvider, SUBJECT, hang, json, providerKeys } from './fake-provider.js';
import { completion, expectFailure, expectTypeError, journey, reset, snapshot } from './helpers.js';

const LOGGED_OUT = 'https://app.example.com/signed-out';

describe('nid-journeys/oauth: refresh, userInfo, signOutUrl', () => {
  let provider: FakeProvider;
  let session: JourneyResult;
  const service = () => ({ baseDomain: provider.base, clientId: CLIENT_ID, fetch: provider.fetch });

  before(async function (this: Mocha.Context) {
    this.timeout(30_000);
    await providerKeys();
  });
  beforeEach(async () => {
    reset();
    provider = new FakeProvider();
    const url = await buildJourneyUrl(journey(provider));
    session = await completeJourney(completion(provider, provider.authorize(url)));
    provider.calls.length = 0;
  });
  afterEach(reset);

  describe('refresh', () => {
    it('sends grant_type=refresh_token as a public client and validates the new ID token', async () => {
      const local = snapshot(localStorage);
      const before = Date.now();
      const { claims, tokens } = await refresh({ ...service(), refreshToken: session.tokens.refreshToken!, expectedSubject: SUBJECT });
      const token = provider.callsTo('token')[0]!;
      expect(Object.fromEntries(token.form)).to.deep.equal({ grant_type: 'refresh_token', refresh_token: session.tokens.refreshToken, client_id: CLIENT_ID });
      expect(token.headers.has('authorization')).to.equal(false);
      expect(claims).to.include({ sub: SUBJECT, iss: provider.base, aud: CLIENT_ID });
      expect(tokens.accessToken).not.to.equal(session.tokens.accessToken);
      expect(tokens.refreshToken, 'rotated').not.to.equal(session.tokens.refreshToken);
      expect(tokens.idToken).to.be.a('string');
      expect(tokens.expiresAt).to.be.at.least(before + 3_600_000);
      expect(provider.callsTo('jwks'), 'the signature is checked').to.have.length(1);
      expect(snapshot(localStorage)).to.deep.equal(local);
    });

    it('resolves without claims when the answer has no ID token', async () => {
      provider.idTokenOnRefresh = false;
      const result = await refresh({ ...service(), refreshToken: session.tokens.refreshToken! });
      expect(result.claims).to.equal(undefined);
      expect(Object.keys(result.tokens).sort()).to.deep.equal(['accessToken', 'expiresAt', 'refreshToken']);
      expect(provider.callsTo('jwks')).to.deep.equal([]);
    });

    it('refuses a new ID token signed by another key, expired, or about another user', async () => {
      const changes = [
        (parts: Parameters<FakeProvider['idToken']>[0]) => ({ ...parts, key: 'other' as const }),
        (parts: Parameters<FakeProvider['idToken']>[0]) => ({ ...parts, claims: { ...parts.claims, exp: 1 } }),
        (parts: Parameters<FakeProvider['idToken']>[0]) => ({ ...parts, claims: { ...parts.claims, sub: 'someone-else' } }),
      ];
      let refreshToken = session.tokens.refreshToken!;
      for (const change of changes) {
        provider.idToken = change;
        await expectFailure(refresh({ ...service(), refreshToken, expectedSubject: SUBJECT }), 'invalid_id_token', [...provider.secrets]);
        // The refused answer's refresh token was never handed out: start again from a fresh session.
        provider.idToken = (parts) => parts;
        const url = await buildJourneyUrl(journey(provider));
        refreshToken = (await completeJourney(completion(provider, provider.authorize(url)))).tokens.refreshToken!;
      }
    });

    it('token_error for a refused refresh token, network when the service is unreachable', async () => {
      const error = await expectFailure(refresh({ ...service(), refreshToken: 'rt-unknown' }), 'token_error', provider.secrets);
      expect([error.detail, error.status]).to.deep.equal(['invalid_grant', 400]);
      provider.answer.token = hang;
      await expectFailure(refresh({ ...service(), refreshToken: session.tokens.refreshToken!, timeout: 100 }), 'network', provider.secrets);
    });

    it('refuses a missing refresh token with a TypeError, before any request', async () => {
      await expectTypeError(refresh({ ...service(), refreshToken: '' }));
      expect(provider.calls).to.deep.equal([]);
    });
  });

  describe('userInfo', () => {
    it('calls the discovered userinfo endpoint with the access token as Bearer and returns the profile', async () => {
      const info = await userInfo({ ...service(), accessToken: session.tokens.accessToken, expectedSubject: session.claims.sub });
      expect(info).to.deep.include({ sub: SUBJECT, name: 'Ada Lovelace', email: 'ada@example.com' });
      const call = provider.callsTo('userinfo')[0]!;
      expect(call.method).to.equal('GET');
      expect(call.url.href).to.equal(`${provider.base}/userinfo`);
      expect(call.headers.get('authorization')).to.equal(`Bearer ${session.tokens.accessToken}`);
    });

    it('token_error for a refused access token (401) or an answer about another user', async () => {
      const refused = await expectFailure(userInfo({ ...service(), accessToken: 'at-unknown' }), 'token_error', provider.secrets);
      expect(refused.status).to.equal(401);
      await expectFailure(userInfo({ ...service(), accessToken: session.tokens.accessToken, expectedSubject: 'someone-else' }), 'token_error', provider.secrets);
    });

    it('network when it does not answer in time', async () => {
      provider.answer.userinfo = hang;
      const error = await expectFailure(userInfo({ ...service(), accessToken: session.tokens.accessToken, timeout: 100 }), 'network', provider.secrets);
      expect(error.detail).to.equal('TimeoutError');
    });

    it('checks the signature of a signed (JWT) answer', async () => {
      provider.discovery = (document) => ({ ...document, userinfo_signing_alg_values_supported: ['RS256'] });
      provider.userinfoJwt = 'main';
      expect(await userInfo({ ...service(), accessToken: session.tokens.accessToken })).to.include({ sub: SUBJECT, name: 'Ada Lovelace' });
      provider.userinfoJwt = 'other';
      await expectFailure(userInfo({ ...service(), accessToken: session.tokens.accessToken }), 'token_error', provider.secrets);
    });
  });

  describe('signOutUrl', () => {
    it("uses the discovery document's end_session_endpoint with client_id and post_logout_redirect_uri", async () => {
      const url = new URL(await signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT }));
      expect(`${url.origin}${url.pathname}`).to.equal(`${provider.base}/endsession`);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({ client_id: CLIENT_ID, post_logout_redirect_uri: LOGGED_OUT });
    });

    it('adds id_token_hint and state when given', async () => {
      provider.discovery = (document) => ({ ...document, end_session_endpoint: `${provider.base}/oidc/logout?tenant=a` });
      const url = new URL(await signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT, idTokenHint: session.tokens.idToken, state: 'back-to-home' }));
      expect(`${url.origin}${url.pathname}`).to.equal(`${provider.base}/oidc/logout`);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        tenant: 'a',
        client_id: CLIENT_ID,
        post_logout_redirect_uri: LOGGED_OUT,
        id_token_hint: session.tokens.idToken,
        state: 'back-to-home',
      });
    });

    it('falls back to {base}/endsession when discovery names none', async () => {
      provider = new FakeProvider('https://id.example.test/tenant');
      provider.discovery = ({ end_session_endpoint: _none, ...document }) => document;
      const url = new URL(await signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT }));
      expect(`${url.origin}${url.pathname}`).to.equal('https://id.example.test/tenant/endsession');
    });

    it('refuses an end_session_endpoint on plain http:, a discovery document for another issuer, and a bad post-logout URI', async () => {
      provider.discovery = (document) => ({ ...document, end_session_endpoint: 'http://id.example.test/endsession' });
      await expectFailure(signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT }), 'token_error');
      provider.discovery = (document) => ({ ...document, issuer: 'https://evil.example' });
      await expectFailure(signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT }), 'invalid_id_token');
      provider.answer.discovery = () => json(503, {});
      await expectFailure(signOutUrl({ ...service(), postLogoutRedirectUri: LOGGED_OUT }), 'token_error');
      await expectTypeError(signOutUrl({ ...service(), postLogoutRedirectUri: '/signed-out' }));
    });
  });
});
