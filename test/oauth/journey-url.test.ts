/**
 * buildJourneyUrl and startJourney: the hosted screens' URLs (contract
 * section 7), PKCE, state and nonce, and where they are kept.
 */
import { expect } from '@open-wc/testing';
import { STORAGE_KEY, buildJourneyUrl, startJourney, type HostedJourney, type JourneyOptions } from '../../src/oauth/index.js';
import { oauthModule } from '../../src/oauth/load-oauth.js';
import { CLIENT_ID, ISSUER, REDIRECT_URI, s256 } from './fake-provider.js';
import { expectTypeError, pending, reset, snapshot } from './helpers.js';

const options = (more: Partial<JourneyOptions> = {}): JourneyOptions => ({
  journey: 'register',
  baseDomain: ISSUER,
  clientId: CLIENT_ID,
  redirectUri: REDIRECT_URI,
  ...more,
});

const CORE = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'];
const OPTIONAL = ['ui_locales', 'prompt', 'login_hint', 'access_type', 'environment_id', 'organization_id'];

const names = (url: URL) => [...url.searchParams.keys()].sort();

describe('nid-journeys/oauth: buildJourneyUrl', () => {
  beforeEach(reset);
  afterEach(reset);

  const paths: Record<HostedJourney, { path: string; extra: Record<string, string> }> = {
    authorize: { path: '/authorize', extra: {} },
    register: { path: '/register', extra: {} },
    'forgot-password': { path: '/forgot-password', extra: { response_format: 'openid' } },
    'personal-details': { path: '/personal-details', extra: {} },
  };

  for (const [journey, { path, extra }] of Object.entries(paths) as [HostedJourney, (typeof paths)[HostedJourney]][]) {
    it(`${journey}: {base}${path} with the core parameters${Object.keys(extra).length ? ' and response_format=openid' : ''}`, async () => {
      const url = new URL(await buildJourneyUrl(options({ journey })));
      expect(`${url.origin}${url.pathname}`).to.equal(`${ISSUER}${path}`);
      expect(names(url)).to.deep.equal([...CORE, ...Object.keys(extra)].sort());
      const p = url.searchParams;
      expect(p.get('client_id')).to.equal(CLIENT_ID);
      expect(p.get('redirect_uri')).to.equal(REDIRECT_URI);
      expect(p.get('response_type')).to.equal('code');
      expect(p.get('scope')).to.equal('openid');
      expect(p.get('code_challenge_method')).to.equal('S256');
      for (const [name, value] of Object.entries(extra)) expect(p.get(name)).to.equal(value);
    });
  }

  it('sends every optional parameter that is set, and only those', async () => {
    const url = new URL(
      await buildJourneyUrl(
        options({
          journey: 'personal-details',
          uiLocales: 'fr-CA en',
          prompt: 'login',
          loginHint: 'ada@example.com',
          accessType: 'offline',
          environmentId: 'env-42',
          organizationId: 'org 7&x=1',
        }),
      ),
    );
    expect(names(url)).to.deep.equal([...CORE, ...OPTIONAL].sort());
    const p = url.searchParams;
    expect([p.get('ui_locales'), p.get('prompt'), p.get('login_hint'), p.get('access_type'), p.get('environment_id'), p.get('organization_id')]).to.deep.equal([
      'fr-CA en',
      'login',
      'ada@example.com',
      'offline',
      'env-42',
      'org 7&x=1',
    ]);
    // Empty values are "not set".
    const bare = new URL(await buildJourneyUrl(options({ uiLocales: '', prompt: '', loginHint: undefined })));
    expect(names(bare)).to.deep.equal([...CORE].sort());
  });

  it('keeps the scopes asked for, with openid always among them', async () => {
    const scope = async (value: string) => new URL(await buildJourneyUrl(options({ scope: value }))).searchParams.get('scope');
    expect(await scope('openid profile email')).to.equal('openid profile email');
    expect(await scope('profile  email')).to.equal('openid profile email');
    expect(await scope('email openid')).to.equal('openid email');
  });

  it('keeps the base domain path: {base}/register under a path, with or without a trailing slash', async () => {
    for (const base of [`${ISSUER}/tenant`, `${ISSUER}/tenant/`]) {
      const url = new URL(await buildJourneyUrl(options({ baseDomain: base })));
      expect(`${url.origin}${url.pathname}`).to.equal(`${ISSUER}/tenant/register`);
    }
  });

  it('generates PKCE S256, state and nonce, fresh every time, and keeps them in sessionStorage under one key, by state', async () => {
    const local = snapshot(localStorage);
    // Other test files of this tab may have left keys of their own (the elements' identifier handoff).
    const sessionKeysBefore = new Set(Object.keys(snapshot(sessionStorage)));
    const first = new URL(await buildJourneyUrl(options())).searchParams;
    const second = new URL(await buildJourneyUrl(options({ journey: 'forgot-password' }))).searchParams;
    for (const p of [first, second]) {
      expect(p.get('state')).to.match(/^[\w-]{43}$/);
      expect(p.get('nonce')).to.match(/^[\w-]{43}$/);
      expect(p.get('code_challenge')).to.match(/^[\w-]{43}$/);
    }
    expect(first.get('state')).not.to.equal(second.get('state'));
    expect(first.get('nonce')).not.to.equal(second.get('nonce'));
    expect(first.get('code_challenge')).not.to.equal(second.get('code_challenge'));

    const stored = pending();
    expect(Object.keys(stored).sort()).to.deep.equal([first.get('state'), second.get('state')].sort());
    for (const p of [first, second]) {
      const entry = stored[p.get('state')!]!;
      expect(entry.nonce).to.equal(p.get('nonce'));
      expect(await s256(entry.verifier as string)).to.equal(p.get('code_challenge'));
      expect(entry.verifier).to.match(/^[\w-]{43,128}$/);
      expect([entry.clientId, entry.redirectUri, entry.issuer]).to.deep.equal([CLIENT_ID, REDIRECT_URI, `${ISSUER}/`]);
      // The verifier never goes into the URL.
      expect(p.toString()).not.to.contain(entry.verifier as string);
    }
    // One key of ours; localStorage untouched.
    expect(Object.keys(snapshot(sessionStorage)).filter((key) => !sessionKeysBefore.has(key))).to.deep.equal([STORAGE_KEY]);
    expect(snapshot(localStorage)).to.deep.equal(local);
  });

  it('allows http: on loopback hosts only', async () => {
    for (const base of ['http://localhost:4400', 'http://127.0.0.1:4400', 'http://[::1]:4400']) {
      expect(new URL(await buildJourneyUrl(options({ baseDomain: base }))).origin).to.equal(new URL(base).origin);
    }
  });

  it('refuses an invalid configuration with a TypeError, and stores nothing', async () => {
    const bad: Partial<JourneyOptions>[] = [
      { baseDomain: 'http://id.example.test' },
      { baseDomain: 'https://user:secret@id.example.test' },
      { baseDomain: 'https://id.example.test/?env=1' },
      { baseDomain: 'javascript:alert(1)' },
      { baseDomain: '' },
      { baseDomain: undefined as unknown as string },
      { clientId: '' },
      { clientId: 42 as unknown as string },
      { redirectUri: '/callback' },
      { redirectUri: undefined as unknown as string },
      { journey: 'sign-up' as HostedJourney },
      { journey: 'toString' as HostedJourney },
      { scope: 7 as unknown as string },
      { loginHint: {} as unknown as string },
    ];
    for (const more of bad) {
      const error = await expectTypeError(buildJourneyUrl(options(more)));
      expect(error.message).to.match(/^nid-journeys\/oauth: /);
    }
    expect(sessionStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it('startJourney builds the same URL and hands it to navigate', async () => {
    const visited: string[] = [];
    await startJourney(options({ journey: 'forgot-password', loginHint: 'ada@example.com' }), (url) => visited.push(url));
    expect(visited).to.have.length(1);
    const url = new URL(visited[0]!);
    expect(url.pathname).to.equal('/forgot-password');
    expect(url.searchParams.get('response_format')).to.equal('openid');
    expect(url.searchParams.get('login_hint')).to.equal('ada@example.com');
    expect(Object.keys(pending())).to.deep.equal([url.searchParams.get('state')]);
  });

  it('loads lazily through oauthModule, as hosted mode does', async () => {
    const module = await oauthModule.load();
    expect(oauthModule.loaded).to.equal(module);
    const visited: string[] = [];
    await module.startJourney(options(), (url) => visited.push(url));
    expect(new URL(visited[0]!).pathname).to.equal('/register');
  });

  it('startJourney navigates nowhere when the options are invalid', async () => {
    const visited: string[] = [];
    await expectTypeError(startJourney(options({ baseDomain: 'http://evil.example' }), (url) => visited.push(url)));
    expect(visited).to.deep.equal([]);
  });

  it('keeps at most 8 pending journeys per tab, the newest', async () => {
    const states: string[] = [];
    for (let i = 0; i < 10; i += 1) states.push(new URL(await buildJourneyUrl(options())).searchParams.get('state')!);
    const kept = Object.keys(pending());
    expect(kept).to.have.length(8);
    expect(kept).to.include(states[9]);
    expect(kept).not.to.include(states[0]);
  });
});
