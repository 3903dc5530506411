/**
 * completeJourney, the happy paths: the code exchanged with the verifier at
 * the discovered token endpoint, the ID token validated, the address bar
 * cleaned, nothing stored.
 */
import { expect } from '@open-wc/testing';
import { STORAGE_KEY, buildJourneyUrl, completeJourney } from '../../src/oauth/index.js';
import { stubFetch } from '../helpers/fetch-stub.js';
import { CLIENT_ID, FakeProvider, REDIRECT_URI, SUBJECT, providerKeys } from './fake-provider.js';
import { arriveAt, completion, expectNotStored, journey, pending, reset, snapshot } from './helpers.js';

describe('nid-journeys/oauth: completeJourney', () => {
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

  it('exchanges the code with the PKCE verifier as a public client and resolves with the validated claims and the tokens', async () => {
    const local = snapshot(localStorage);
    const url = await buildJourneyUrl(journey(provider));
    const sent = new URL(url).searchParams;
    const { verifier } = pending()[sent.get('state')!] as { verifier: string };
    const back = provider.authorize(url);
    const before = Date.now();
    const { claims, tokens } = await completeJourney(completion(provider, back));

    // Discovery, the token request, the JWKS for the signature: in that order, and nothing else.
    expect(provider.calls.map((call) => `${call.method} ${call.url.pathname}`)).to.deep.equal([
      'GET /.well-known/openid-configuration',
      'POST /token',
      'GET /.well-known/jwks.json',
    ]);
    const token = provider.callsTo('token')[0]!;
    expect(Object.fromEntries(token.form)).to.deep.equal({
      grant_type: 'authorization_code',
      code: new URL(back).searchParams.get('code'),
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: CLIENT_ID,
    });
    expect(token.form.has('client_secret')).to.equal(false);
    expect(token.headers.has('authorization')).to.equal(false);
    expect(token.headers.get('content-type')).to.match(/^application\/x-www-form-urlencoded/);
    expect(token.signal, 'every request has a timeout signal').to.be.instanceOf(AbortSignal);

    expect(claims).to.include({ iss: provider.base, sub: SUBJECT, aud: CLIENT_ID, nonce: sent.get('nonce'), name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(tokens.accessToken).to.match(/^at-/);
    expect(tokens.refreshToken).to.match(/^rt-/);
    expect(tokens.idToken.split('.')).to.have.length(3);
    expect(tokens.expiresAt).to.be.within(before + 3_600_000, Date.now() + 3_600_000);

    // The stored journey is gone, no token is anywhere in storage, localStorage is untouched.
    expect(sessionStorage.getItem(STORAGE_KEY)).to.equal(null);
    expectNotStored(provider.secrets);
    expect(snapshot(localStorage)).to.deep.equal(local);
  });

  it('reads the response from the address bar by default and removes code, state and iss from it, keeping the rest', async () => {
    const url = await buildJourneyUrl(journey(provider));
    const { remains } = arriveAt(provider.authorize(url, { iss: provider.base }));
    const result = completeJourney(completion(provider));
    // Removed at once, before any request is answered.
    expect(location.href).to.equal(remains);
    expect(history.state).to.deep.equal({ kept: true });
    const { claims } = await result;
    expect(claims.sub).to.equal(SUBJECT);
    expect(location.href).to.equal(remains);
  });

  it('finishes two journeys started in the same tab, in either order', async () => {
    const first = await buildJourneyUrl(journey(provider));
    const second = await buildJourneyUrl({ ...journey(provider), journey: 'register' });
    const back2 = provider.authorize(second);
    const back1 = provider.authorize(first);
    expect(Object.keys(pending())).to.have.length(2);
    const two = await completeJourney(completion(provider, back2));
    expect(Object.keys(pending())).to.deep.equal([new URL(first).searchParams.get('state')]);
    const one = await completeJourney(completion(provider, back1));
    expect(two.claims.nonce).to.equal(new URL(second).searchParams.get('nonce'));
    expect(one.claims.nonce).to.equal(new URL(first).searchParams.get('nonce'));
    expect(sessionStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it('uses the global fetch when none is given', async () => {
    const stub = stubFetch((call) => provider.fetch(call.url, call.init));
    try {
      const url = await buildJourneyUrl(journey(provider));
      const { fetch: _unused, ...options } = completion(provider, provider.authorize(url));
      const { claims } = await completeJourney(options);
      expect(claims.sub).to.equal(SUBJECT);
      expect(stub.calls.map((call) => new URL(call.url).pathname)).to.deep.equal(['/.well-known/openid-configuration', '/token', '/.well-known/jwks.json']);
    } finally {
      stub.restore();
    }
  });

  it('accepts a window.fetch-like function that must not be called as a method', async () => {
    const calls: unknown[] = [];
    const strict = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      calls.push(this);
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return provider.fetch(input, init);
    };
    const url = await buildJourneyUrl(journey(provider));
    await completeJourney({ ...completion(provider, provider.authorize(url)), fetch: strict as typeof fetch });
    expect(calls).to.have.length(3);
  });

  it('works with a loopback http: base domain (local development)', async () => {
    provider = new FakeProvider('http://localhost:4400');
    const url = await buildJourneyUrl(journey(provider));
    expect(url).to.match(/^http:\/\/localhost:4400\/authorize\?/);
    const { claims } = await completeJourney(completion(provider, provider.authorize(url)));
    expect(claims.iss).to.equal('http://localhost:4400');
  });

  it('works under a base domain with a path', async () => {
    provider = new FakeProvider('https://id.example.test/tenant-a');
    const url = await buildJourneyUrl({ ...journey(provider), baseDomain: 'https://id.example.test/tenant-a/' });
    const { claims } = await completeJourney({ ...completion(provider, provider.authorize(url)), baseDomain: 'https://id.example.test/tenant-a/' });
    expect(claims.iss).to.equal('https://id.example.test/tenant-a');
    expect(provider.calls[0]!.url.href).to.equal('https://id.example.test/tenant-a/.well-known/openid-configuration');
  });

  it('returns no expiresAt or refreshToken when the service sends none', async () => {
    provider.answer.token = async (call) => {
      provider.answer.token = undefined;
      const answer = await provider.fetch(call.url, { method: 'POST', body: call.form, headers: call.headers });
      const body = (await answer.json()) as Record<string, unknown>;
      delete body.expires_in;
      delete body.refresh_token;
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    };
    const url = await buildJourneyUrl(journey(provider));
    const { tokens } = await completeJourney(completion(provider, provider.authorize(url)));
    expect(Object.keys(tokens).sort()).to.deep.equal(['accessToken', 'idToken']);
  });
});
