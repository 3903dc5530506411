/**
 * completeJourney's failures (issue #13, "Bad input and faults"): each one a
 * typed `OAuthJourneyError` with the right code, holding no code, token or
 * verifier; the address bar cleaned and no token stored, whatever happened.
 */
import { expect } from '@open-wc/testing';
import { STORAGE_KEY, buildJourneyUrl, completeJourney, type OAuthJourneyErrorCode } from '../../src/oauth/index.js';
import { CLIENT_ID, FakeProvider, REDIRECT_URI, b64u, hang, json, providerKeys, signJwt, type Call, type JwtParts } from './fake-provider.js';
import { arriveAt, completion, expectFailure, expectNotStored, journey, pending, reset, snapshot } from './helpers.js';

/**
 * What a failure must leave behind: no code or state in the address bar, the
 * journey consumed, no token stored, localStorage as it was, an error holding
 * no secret. `addressBar`: the response arrives in the address bar (else it is
 * given as `url`; WebKit allows 100 replaceState calls per 10 s, so one test
 * or two per kind of failure go through the address bar).
 */
async function expectCleanFailure(
  provider: FakeProvider,
  redirect: string,
  code: OAuthJourneyErrorCode,
  { timeout, addressBar = false }: { timeout?: number; addressBar?: boolean } = {},
) {
  const local = snapshot(localStorage);
  const state = new URL(redirect).searchParams.get('state');
  const verifier = state ? (pending()[state]?.verifier as string | undefined) : undefined;
  const remains = addressBar ? arriveAt(redirect).remains : location.href;
  const options = { ...completion(provider, addressBar ? undefined : redirect), ...(timeout === undefined ? {} : { timeout }) };
  const error = await expectFailure(completeJourney(options), code, [
    ...provider.secrets,
    ...(verifier ? [verifier] : []),
    ...[...new URL(redirect).searchParams.values()].filter((value) => value.length > 20),
  ]);
  expect(location.href, 'the address bar is cleaned').to.equal(remains);
  if (state) expect(pending(), 'the journey is consumed').not.to.have.property(state);
  expectNotStored(provider.secrets);
  expect(snapshot(localStorage)).to.deep.equal(local);
  return error;
}

/** A journey started, and the provider's answer to it. */
async function started(provider: FakeProvider) {
  const url = await buildJourneyUrl(journey(provider));
  return { url, back: provider.authorize(url), state: new URL(url).searchParams.get('state')! };
}

describe('nid-journeys/oauth: completeJourney failures', () => {
  let provider: FakeProvider;

  before(async function (this: Mocha.Context) {
    this.timeout(30_000);
    await providerKeys();
  });
  beforeEach(() => {
    reset();
    provider = new FakeProvider();
  });
  afterEach(reset);

  describe('state_mismatch', () => {
    it('a tampered state: nothing is sent', async () => {
      const { back, state } = await started(provider);
      const tampered = new URL(back);
      tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
      await expectCleanFailure(provider, tampered.href, 'state_mismatch', { addressBar: true });
      expect(provider.calls).to.deep.equal([]);
    });

    it('a missing state', async () => {
      const { back } = await started(provider);
      const stripped = new URL(back);
      stripped.searchParams.delete('state');
      await expectCleanFailure(provider, stripped.href, 'state_mismatch');
      expect(provider.calls).to.deep.equal([]);
    });

    it('a response with no journey stored in this tab (another tab, storage cleared)', async () => {
      const { back } = await started(provider);
      sessionStorage.removeItem(STORAGE_KEY);
      await expectCleanFailure(provider, back, 'state_mismatch');
      expect(provider.calls).to.deep.equal([]);
    });

    it('a replayed response: the stored journey is used once', async () => {
      const { back } = await started(provider);
      await completeJourney(completion(provider, back));
      const sent = provider.calls.length;
      await expectCleanFailure(provider, back, 'state_mismatch', { addressBar: true });
      expect(provider.calls.length, 'the replay sends nothing').to.equal(sent);
    });

    it('a response for a journey started for another client, redirect URI or service', async () => {
      for (const other of [{ clientId: 'another-client' }, { redirectUri: 'https://app.example.com/other' }, { baseDomain: 'https://id.other.test' }]) {
        const { back } = await started(provider);
        await expectFailure(completeJourney({ ...completion(provider, back), ...other }), 'state_mismatch', provider.secrets);
      }
      expect(provider.calls).to.deep.equal([]);
      expect(sessionStorage.getItem(STORAGE_KEY), 'each journey was consumed').to.equal(null);
    });

    it('a response naming another issuer (iss)', async () => {
      const url = await buildJourneyUrl(journey(provider));
      await expectCleanFailure(provider, provider.authorize(url, { iss: 'https://evil.example' }), 'state_mismatch');
      expect(provider.callsTo('token')).to.deep.equal([]);
    });

    it('a page without any response', async () => {
      await expectFailure(completeJourney(completion(provider, `${REDIRECT_URI}?page=2`)), 'state_mismatch');
    });
  });

  describe('access_denied', () => {
    it('error=access_denied in the redirect: nothing is sent', async () => {
      const url = await buildJourneyUrl(journey(provider));
      const error = await expectCleanFailure(provider, provider.deny(url), 'access_denied', { addressBar: true });
      expect(error.detail).to.equal('access_denied');
      expect(provider.calls).to.deep.equal([]);
    });

    it('any other error parameter, whose words are repeated only when documented', async () => {
      const url = await buildJourneyUrl(journey(provider));
      const back = new URL(provider.deny(url));
      back.searchParams.set('error', 'attacker<script>text');
      const error = await expectCleanFailure(provider, back.href, 'access_denied');
      expect(error.detail).to.equal(undefined);
      expect(error.message).not.to.contain('attacker');
    });
  });

  describe('token_error', () => {
    it('a replayed code the service refuses (invalid_grant), even under a fresh state', async () => {
      const { back } = await started(provider);
      await completeJourney(completion(provider, back));
      const fresh = await buildJourneyUrl(journey(provider));
      const replay = new URL(back);
      replay.searchParams.set('state', new URL(fresh).searchParams.get('state')!);
      const error = await expectCleanFailure(provider, replay.href, 'token_error', { addressBar: true });
      expect([error.detail, error.status]).to.deep.equal(['invalid_grant', 400]);
    });

    const answers: [string, (call: Call) => Response][] = [
      ['an HTML page with 200', () => new Response('<html><body>Sign in</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } })],
      ['an HTML 502 from a proxy', () => new Response('<html><h1>502 Bad Gateway</h1></html>', { status: 502, headers: { 'Content-Type': 'text/html' } })],
      ['500 with JSON', () => json(500, { error: 'server_error' })],
      ['broken JSON', () => new Response('{"access_token": "at-', { status: 200, headers: { 'Content-Type': 'application/json' } })],
      ['JSON without an access token', () => json(200, { token_type: 'Bearer', id_token: 'x.y.z' })],
      ['a JSON array', () => json(200, [1, 2])],
      ['an unknown token type', () => json(200, { access_token: 'at-1', token_type: 'mac' })],
      ['401 invalid_client', () => json(401, { error: 'invalid_client' })],
    ];
    for (const [name, answer] of answers) {
      it(`/token answering ${name}`, async () => {
        provider.answer.token = answer;
        const { back } = await started(provider);
        await expectCleanFailure(provider, back, 'token_error');
      });
    }

    it('a discovery document that is not one (HTML, 404)', async () => {
      for (const answer of [() => new Response('<html></html>', { headers: { 'Content-Type': 'text/html' } }), () => json(404, { error: 'not_found' })]) {
        provider.answer.discovery = answer;
        const { back } = await started(provider);
        await expectCleanFailure(provider, back, 'token_error');
      }
      expect(provider.callsTo('token')).to.deep.equal([]);
    });

    it('a token endpoint on plain http: (the discovery document cannot downgrade)', async () => {
      provider.discovery = (document) => ({ ...document, token_endpoint: 'http://id.example.test/token' });
      const { back } = await started(provider);
      await expectCleanFailure(provider, back, 'token_error');
      expect(provider.callsTo('token')).to.deep.equal([]);
    });

    it('a loopback base domain whose discovery names a remote http: endpoint', async () => {
      provider = new FakeProvider('http://localhost:4400');
      provider.discovery = (document) => ({ ...document, token_endpoint: 'http://evil.example/token' });
      const { back } = await started(provider);
      await expectCleanFailure(provider, back, 'token_error');
      expect(provider.calls.map((call) => call.url.host)).to.deep.equal(['localhost:4400']);
    });
  });

  describe('network', () => {
    it('a /token that never answers, after the timeout', async () => {
      provider.answer.token = hang;
      const { back } = await started(provider);
      const begun = Date.now();
      const error = await expectCleanFailure(provider, back, 'network', { timeout: 200, addressBar: true });
      expect(error.detail).to.equal('TimeoutError');
      expect(Date.now() - begun).to.be.below(5_000);
    });

    it('a refused connection, DNS or CORS failure (fetch rejects with a TypeError)', async () => {
      provider.answer.token = () => {
        throw new TypeError('Failed to fetch');
      };
      const { back } = await started(provider);
      await expectCleanFailure(provider, back, 'network');
    });

    it('discovery or the JWKS unreachable', async () => {
      for (const endpoint of ['discovery', 'jwks'] as const) {
        provider = new FakeProvider();
        provider.answer[endpoint] = () => {
          throw new TypeError('NetworkError when attempting to fetch resource.');
        };
        const { back } = await started(provider);
        await expectCleanFailure(provider, back, 'network');
      }
    });
  });

  describe('invalid_id_token', () => {
    /** Completes a journey whose ID token the test changes; expects invalid_id_token. */
    async function refused(change: (parts: JwtParts) => JwtParts | string | Promise<JwtParts | string>, addressBar = false) {
      provider.idToken = change;
      const { back } = await started(provider);
      return expectCleanFailure(provider, back, 'invalid_id_token', { addressBar });
    }

    it('signed by another key under the provider key id (only the signature check sees it)', async () => {
      const error = await refused((parts) => ({ ...parts, key: 'other' }), true);
      expect(error.detail).to.equal('OAUTH_INVALID_RESPONSE');
      expect(provider.callsTo('jwks')).to.have.length(1);
    });

    it('signed by a key the JWKS does not have', async () => {
      const error = await refused((parts) => ({ ...parts, key: 'other', header: { ...parts.header, kid: 'k2' } }));
      expect(error.detail).to.equal('OAUTH_KEY_SELECTION_FAILED');
    });

    it('expired', async () => {
      const error = await refused((parts) => ({ ...parts, claims: { ...parts.claims, exp: Math.floor(Date.now() / 1000) - 3600 } }), true);
      expect(error.detail).to.equal('OAUTH_JWT_TIMESTAMP_CHECK_FAILED');
    });

    it('for another audience', async () => {
      const error = await refused((parts) => ({ ...parts, claims: { ...parts.claims, aud: 'another-client' } }));
      expect(error.detail).to.equal('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    });

    it('for several audiences without this client as the authorized party', async () => {
      await refused((parts) => ({ ...parts, claims: { ...parts.claims, aud: [CLIENT_ID, 'another-client'] } }));
    });

    it('from another issuer', async () => {
      await refused((parts) => ({ ...parts, claims: { ...parts.claims, iss: 'https://evil.example' } }));
    });

    it('with a wrong nonce, or none', async () => {
      await refused((parts) => ({ ...parts, claims: { ...parts.claims, nonce: 'not-the-nonce' } }), true);
      await refused((parts) => {
        const { nonce: _nonce, ...claims } = parts.claims;
        return { ...parts, claims };
      });
    });

    it('alg: none', async () => {
      await refused((parts) => ({ ...parts, header: { alg: 'none' }, key: 'none' }), true);
    });

    it('alg: none even when the discovery document lists it (the signature check refuses it)', async () => {
      provider.discovery = (document) => ({ ...document, id_token_signing_alg_values_supported: ['RS256', 'none'] });
      await refused((parts) => ({ ...parts, header: { alg: 'none' }, key: 'none' }));
    });

    it('HS256 signed with the client id as the secret', async () => {
      provider.discovery = (document) => ({ ...document, id_token_signing_alg_values_supported: ['RS256', 'HS256'] });
      await refused(async (parts) => {
        const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(CLIENT_ID), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const input = `${b64u(JSON.stringify({ alg: 'HS256' }))}.${b64u(JSON.stringify(parts.claims))}`;
        return `${input}.${b64u(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)))}`;
      });
    });

    it('a signature that does not match the claims (claims swapped after signing)', async () => {
      await refused(async (parts) => {
        const [header, , signature] = (await signJwt(parts)).split('.');
        return `${header}.${b64u(JSON.stringify({ ...parts.claims, sub: 'someone-else' }))}.${signature}`;
      });
    });

    it('missing, or not a JWT', async () => {
      provider.answer.token = () => json(200, { access_token: 'at-x', token_type: 'Bearer' });
      const { back } = await started(provider);
      await expectCleanFailure(provider, back, 'invalid_id_token');
      provider.answer = {};
      await refused(() => 'not-a-jwt');
      await refused(() => 'a.b.c');
    });

    it('a discovery document for another issuer: nothing else is fetched', async () => {
      provider.discovery = (document) => ({ ...document, issuer: 'https://evil.example' });
      const { back } = await started(provider);
      const error = await expectCleanFailure(provider, back, 'invalid_id_token', { addressBar: true });
      expect(error.detail).to.equal('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED');
      expect(provider.calls.map((call) => call.url.pathname)).to.deep.equal(['/.well-known/openid-configuration']);
    });

    it('a JWKS that is not one', async () => {
      provider.answer.jwks = () => new Response('<html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
      const { back } = await started(provider);
      await expectCleanFailure(provider, back, 'invalid_id_token');
    });
  });
});
