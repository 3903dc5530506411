import { expect } from '@open-wc/testing';
import { JourneyError, callApi, sanitiseSettings, type ApiConfig, type CallOptions } from '../../src/api/client.js';
import { checkBaseDomain, checkEndpoints, endpointUrl } from '../../src/api/endpoints.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/api/transport.js';
import type { EndpointName } from '../../src/api/vocabulary.js';
import { hang, json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';

const BASE = 'https://id.example.com';
const PASSWORD = '  Sup3r sécret \u{1F511} e\u0301 \u00e9 \u2028 pass  ';
const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
const REDIRECT_URI = 'https://app.example.com/callback';

const registerBody = () => ({
  client_id: CLIENT_ID,
  auth_type: 'email',
  redirect_uri: REDIRECT_URI,
  locale: 'en-US',
  profile_fields: { emailAddress: 'john.smith@example.com', firstName: 'Jöhn \u{1F600}', newPassword: PASSWORD, newPasswordConfirm: PASSWORD },
});

const forgotBody = () => ({ client_id: CLIENT_ID, auth_type: 'email', user_id: 'john.smith@example.com', redirect_uri: REDIRECT_URI, locale: 'en-US' });

const created = { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' } as const;

/** Awaits a promise expected to reject with a JourneyError and returns that error. */
async function rejection(promise: Promise<unknown>): Promise<JourneyError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(JourneyError);
    return error as JourneyError;
  }
  throw new Error('expected the request to fail');
}

/** A POST with a body through `callApi`, as the elements make them. */
class Client {
  constructor(readonly config: ApiConfig) {}
  post<E extends EndpointName>(endpoint: E, body: unknown, options: Omit<CallOptions, 'body'> = {}) {
    return callApi(this.config, endpoint, { ...options, body });
  }
  url(endpoint: EndpointName) {
    return endpointUrl(checkBaseDomain(this.config.baseDomain)!, checkEndpoints(this.config.endpoints)!, endpoint, this.config.envId);
  }
}

/** Expects a call with this configuration to fail with invalid_config, before anything is sent. */
async function expectInvalidConfig(config: ApiConfig) {
  const error = await rejection(new Client(config).post('register', registerBody()));
  expect([error.kind, error.code]).to.deep.equal(['config', 'invalid_config']);
}

describe('api/client', () => {
  let stub: FetchStub;

  beforeEach(() => {
    stub = stubFetch(() => json(200, created));
  });
  afterEach(() => {
    stub.restore();
  });

  describe('requests', () => {
    it('POSTs JSON to the default register path with the contract headers', async () => {
      const client = new Client({ baseDomain: BASE });
      const answer = await client.post('register', registerBody());
      expect(answer).to.deep.equal(created);
      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal('https://id.example.com/idp/v1/account/register');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.get('Content-Type')).to.equal('application/json');
      expect(call.headers.has('Authorization')).to.equal(false);
      // No Idempotency-Key: the vendor documents none, and its CORS would have to allow it.
      expect([...call.headers.keys()].sort()).to.deep.equal(['accept', 'content-type']);
      expect(call.init?.cache).to.equal('no-store');
      expect(call.signal).to.be.instanceOf(AbortSignal);
    });

    it('sends the body exactly as given: the password byte for byte, nothing in the URL', async () => {
      const body = registerBody();
      await new Client({ baseDomain: BASE }).post('register', body);
      const call = stub.calls[0]!;
      expect(call.body).to.be.a('string');
      const sent = call.body as string;
      expect(sent).to.equal(JSON.stringify(body));
      expect(JSON.parse(sent)).to.deep.equal(body);
      expect((JSON.parse(sent) as { profile_fields: { newPassword: string } }).profile_fields.newPassword).to.equal(PASSWORD);
      const encoder = new TextEncoder();
      const bytes = encoder.encode(sent);
      const expected = encoder.encode(JSON.stringify(body));
      expect(Array.from(bytes)).to.deep.equal(Array.from(expected));
      expect(call.url).not.to.contain('Sup3r');
      expect(call.url).not.to.contain('?');
    });

    it('adds ?env_id= to every service call when an environment is set', async () => {
      await new Client({ baseDomain: BASE, envId: 'eu-prod_1' }).post('register', registerBody());
      expect(stub.calls[0]!.url).to.equal(`${BASE}/idp/v1/account/register?env_id=eu-prod_1`);
      const error = await rejection(new Client({ baseDomain: BASE, envId: 'a b&c=d' }).post('register', registerBody()));
      expect([error.code, error.description]).to.deep.equal(['invalid_config', 'env-id']);
      expect(stub.calls).to.have.length(1);
    });

    it('in relay mode (api-base) sends the same calls to the integrator’s route instead of the service, env_id being the relay’s', async () => {
      await callApi({ baseDomain: '', apiBase: '/api/nid', envId: 'eu-1' }, 'register', { body: registerBody() });
      expect(stub.calls[0]!.url).to.equal(new URL('/api/nid/idp/v1/account/register', location.href).href);
      await callApi({ baseDomain: BASE, apiBase: 'https://app.example.com/relay/' }, 'forgotPassword', { body: forgotBody() });
      expect(stub.calls[1]!.url).to.equal('https://app.example.com/relay/idp/v1/account/forgot-password');
      for (const apiBase of ['javascript:alert(1)', 'http://evil.example/relay', 'https://user:pass@app.example.com/relay']) {
        const error = await rejection(callApi({ baseDomain: BASE, apiBase }, 'register', { body: registerBody() }));
        expect([error.code, error.description], apiBase).to.deep.equal(['invalid_config', 'api-base']);
      }
      expect(stub.calls).to.have.length(2);
    });

    it('sends the access token as Bearer only when one is given (change-password), never otherwise', async () => {
      const body = { client_id: CLIENT_ID, password: PASSWORD, password_confirm: PASSWORD, locale: 'en-US' };
      await new Client({ baseDomain: BASE }).post('changePassword', body, { accessToken: 'at-1' });
      expect(stub.calls[0]!.headers.get('Authorization')).to.equal('Bearer at-1');
      await new Client({ baseDomain: BASE }).post('changePassword', body);
      expect(stub.calls[1]!.headers.has('Authorization')).to.equal(false);
    });

    it('GETs the integrator’s settings-src, relative to the page or absolute, and reads any JSON object', async () => {
      stub.respond(() => json(200, { default_locale: 'en-US', mobile_flag_countries: ['GB'] }));
      const settings = await callApi({ baseDomain: '', settingsSrc: '/nid/settings.json' }, 'settings');
      expect(settings).to.deep.equal({ default_locale: 'en-US', mobile_flag_countries: ['GB'] });
      const call = stub.calls[0]!;
      expect(call.method).to.equal('GET');
      expect(call.url).to.equal(new URL('/nid/settings.json', location.href).href);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(call.body ?? undefined).to.equal(undefined);
      const error = await rejection(callApi({ baseDomain: '', settingsSrc: 'javascript:alert(1)' }, 'settings'));
      expect([error.code, error.description]).to.deep.equal(['invalid_config', 'settings-src']);
      expect(stub.calls).to.have.length(1);
    });

    it('uses the configured fetch instead of the global one', async () => {
      const seen: string[] = [];
      const own: typeof fetch = async (input) => {
        seen.push(String(input));
        return json(200, created);
      };
      expect(await new Client({ baseDomain: BASE, fetch: own }).post('register', registerBody())).to.deep.equal(created);
      expect(seen).to.deep.equal([`${BASE}/idp/v1/account/register`]);
      expect(stub.calls).to.have.length(0);
    });

    it('sends nothing when the body breaks the contract: invalid_config, without the body in the error', async () => {
      const client = new Client({ baseDomain: BASE });
      const bad = [
        { ...registerBody(), redirect_uri: undefined },
        { ...registerBody(), auth_type: 'password' },
        { ...registerBody(), profile_fields: { emailAddress: 'not-an-email' } },
        { ...registerBody(), profile_fields: { mobileNumber: '07400 123456' } },
        { ...registerBody(), profile_fields: { emailAddress: 'a@example.com', newPassword: '' } },
        { ...registerBody(), profile_fields: { emailAddress: 'a@example.com', acceptTerms: true } },
      ];
      for (const body of bad) {
        const error = await rejection(client.post('register', body));
        expect([error.kind, error.code]).to.deep.equal(['config', 'invalid_config']);
        expect(JSON.stringify(error) + String(error)).not.to.contain('Sup3r');
      }
      await rejection(client.post('resendVerification', { ...forgotBody(), user_id: 'not an identifier' }));
      await rejection(client.post('forgotPassword', { ...forgotBody(), user_id: undefined }));
      await rejection(client.post('token', { ...forgotBody(), grant_type: 'password', code: '1' }));
      await rejection(client.post('changePassword', { client_id: CLIENT_ID, password: PASSWORD, locale: 'en-US' }));
      expect(stub.calls).to.have.length(0);
    });

    it('sanitiseSettings keeps the valid keys of a settings object', async () => {
      expect(
        await sanitiseSettings({ default_locale: 'en-US', auth_type: 'password', mobile_flag_countries: ['GB'], unknown: 1 }),
      ).to.deep.equal({ default_locale: 'en-US', mobile_flag_countries: ['GB'] });
      expect(await sanitiseSettings(null)).to.deep.equal({});
      expect(await sanitiseSettings('settings')).to.deep.equal({});
      expect(stub.calls).to.have.length(0);
    });

    describe('URLs', () => {
      const cases: [base: string, endpoints: Record<string, string> | undefined, expected: string][] = [
        ['https://id.example.com', undefined, 'https://id.example.com/idp/v1/account/register'],
        ['https://id.example.com/', undefined, 'https://id.example.com/idp/v1/account/register'],
        ['https://id.example.com/tenant', undefined, 'https://id.example.com/tenant/idp/v1/account/register'],
        ['https://id.example.com/tenant/', undefined, 'https://id.example.com/tenant/idp/v1/account/register'],
        ['https://id.example.com:8443/a/b/', undefined, 'https://id.example.com:8443/a/b/idp/v1/account/register'],
        ['HTTPS://ID.Example.COM', undefined, 'https://id.example.com/idp/v1/account/register'],
        ['http://localhost:4401', undefined, 'http://localhost:4401/idp/v1/account/register'],
        ['https://id.example.com', { register: '/custom/path' }, 'https://id.example.com/custom/path'],
        ['https://id.example.com/tenant/', { register: '/custom/path' }, 'https://id.example.com/tenant/custom/path'],
        ['https://id.example.com', { token: '/other' }, 'https://id.example.com/idp/v1/account/register'],
      ];
      for (const [base, endpoints, expected] of cases) {
        it(`${base} ${endpoints ? JSON.stringify(endpoints) : ''} -> ${expected}`, async () => {
          const client = new Client({ baseDomain: base, endpoints });
          expect(client.url('register')).to.equal(expected);
          await client.post('register', registerBody());
          expect(stub.calls[0]!.url).to.equal(expected);
        });
      }

      it('knows every documented path of contract v2', () => {
        const client = new Client({ baseDomain: BASE });
        expect(client.url('register')).to.equal(`${BASE}/idp/v1/account/register`);
        expect(client.url('resendVerification')).to.equal(`${BASE}/idp/v1/account/resend-verification`);
        expect(client.url('forgotPassword')).to.equal(`${BASE}/idp/v1/account/forgot-password`);
        expect(client.url('token')).to.equal(`${BASE}/idp/v1/account/token`);
        expect(client.url('changePassword')).to.equal(`${BASE}/idp/v1/account/change-password`);
        expect(client.url('preRegister')).to.equal(`${BASE}/idp/v1/account/pre-register`);
      });
    });
  });

  describe('answers', () => {
    const client = () => new Client({ baseDomain: BASE });

    it('reads the three documented register answers', async () => {
      for (const answer of [created, { message: 'An email has been sent to the address on record' }, { authorization_code: 'ac-1' }]) {
        stub.respond(() => json(200, answer));
        expect(await client().post('register', registerBody())).to.deep.equal(answer);
      }
    });

    it('422 invalid_form_fields: an http error with the field errors', async () => {
      stub.respond(() =>
        json(422, {
          error: 'invalid_form_fields',
          error_description: 'some inputs are invalid',
          error_details: { emailAddress: ['Email address is not formatted correctly.'] },
        }),
      );
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(422);
      expect(error.code).to.equal('invalid_form_fields');
      expect(error.description).to.equal('some inputs are invalid');
      expect(error.fields).to.deep.equal([{ name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly.' }]);
    });

    it('429 with Retry-After in seconds', async () => {
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '45' }));
      const error = await rejection(client().post('resendVerification', forgotBody()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(429);
      expect(error.code).to.equal('rate_limited');
      expect(error.retryAfter).to.equal(45);
    });

    it('429 with Retry-After as an HTTP date', async () => {
      const at = new Date(Date.now() + 90_000).toUTCString();
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': at }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.retryAfter).to.be.within(85, 90);
    });

    it('429 without Retry-After waits the default 30 s', async () => {
      stub.respond(() => raw(429, ''));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.code).to.equal('rate_limited');
      expect(error.retryAfter).to.equal(30);
    });

    it('429 with an unreadable Retry-After waits the default 30 s', async () => {
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '1.5' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.retryAfter).to.equal(30);
    });

    it('503 -> service_unavailable, with or without a body', async () => {
      stub.respond(() => json(503, { error: 'service_unavailable', error_description: 'down' }));
      let error = await rejection(client().post('register', registerBody()));
      expect([error.kind, error.status, error.code]).to.deep.equal(['http', 503, 'service_unavailable']);
      stub.respond(() => raw(503, ''));
      error = await rejection(client().post('register', registerBody()));
      expect([error.kind, error.status, error.code]).to.deep.equal(['http', 503, 'service_unavailable']);
    });

    it('502 with an HTML body -> server_error', async () => {
      stub.respond(() => raw(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(502);
      expect(error.code).to.equal('server_error');
      expect(error.description).to.equal(undefined);
      expect(error.fields).to.deep.equal([]);
    });

    it('401 -> unauthorized, 403 -> invalid_client, 404 -> not_found', async () => {
      stub.respond(() => json(401, { error: 'http_exception', error_description: 'Unauthorized' }));
      expect((await rejection(client().post('changePassword', { client_id: 'c', password: 'p', password_confirm: 'p', locale: 'en-US' }))).code).to.equal('unauthorized');
      stub.respond(() => json(403, { error: 'http_exception', error_description: 'Forbidden' }));
      expect((await rejection(client().post('forgotPassword', forgotBody()))).code).to.equal('invalid_client');
      stub.respond(() => json(404, { error: 'not_found' }));
      expect((await rejection(client().post('forgotPassword', forgotBody()))).code).to.equal('not_found');
    });

    it('200 with malformed JSON -> malformed', async () => {
      stub.respond(() => raw(200, '{"uuid": "69ed", ', { 'Content-Type': 'application/json' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
      expect(error.code).to.equal('malformed_response');
      expect(error.status).to.equal(200);
    });

    it('201 with an HTML body -> malformed', async () => {
      stub.respond(() => raw(201, '<html>captive portal</html>', { 'Content-Type': 'text/html' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
    });

    it('200 failing the schema -> malformed', async () => {
      stub.respond(() => json(200, { uuid: 42 }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
      expect(error.code).to.equal('malformed_response');
      expect(error.status).to.equal(200);
    });

    it('an empty 2xx body reads as {}, any JSON object is a success where none is specified, anything else is malformed', async () => {
      for (const body of ['', '  \n', '{}', '{"message":"An email has been sent to the address on record."}']) {
        stub.respond(() => raw(200, body));
        expect(await client().post('forgotPassword', forgotBody())).to.be.an('object');
      }
      stub.respond(() => raw(204, null));
      expect(await client().post('resendVerification', forgotBody())).to.deep.equal({});
      for (const body of ['[]', '"sent"', 'null', '42']) {
        stub.respond(() => raw(200, body));
        expect((await rejection(client().post('forgotPassword', forgotBody()))).kind, body).to.equal('malformed');
      }
    });

    it('a network failure (fetch throws TypeError) -> network', async () => {
      stub.respond(() => {
        throw new TypeError('Failed to fetch');
      });
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('network');
      expect(error.code).to.equal('network_error');
      expect(error.status).to.equal(undefined);
    });

    it('a body that fails to read -> network', async () => {
      stub.respond(() => {
        const response = new Response('x', { status: 200 });
        Object.defineProperty(response, 'text', { value: () => Promise.reject(new TypeError('network error')) });
        return response;
      });
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('network');
    });

    it('a request that never answers times out', async () => {
      stub.respond(hang);
      const t0 = performance.now();
      const error = await rejection(new Client({ baseDomain: BASE, timeoutMs: 30 }).post('register', registerBody()));
      expect(error.kind).to.equal('timeout');
      expect(error.code).to.equal('timeout');
      expect(stub.calls[0]!.signal!.aborted).to.equal(true);
      expect(performance.now() - t0).to.be.below(5000);
    });

    it('has a default timeout of 15 s, and ignores nonsense timeouts', async () => {
      expect(DEFAULT_TIMEOUT_MS).to.equal(15_000);
      for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(await new Client({ baseDomain: BASE, timeoutMs }).post('register', registerBody())).to.deep.equal(created);
      }
      expect(stub.calls).to.have.length(4);
    });

    it("the caller's AbortSignal -> aborted", async () => {
      stub.respond(hang);
      const controller = new AbortController();
      const request = client().post('register', registerBody(), { signal: controller.signal });
      setTimeout(() => controller.abort(), 10);
      const error = await rejection(request);
      expect(error.kind).to.equal('aborted');
      expect(error.code).to.equal('aborted');
    });

    for (const reason of ['gone', new Error('element removed'), undefined]) {
      it(`an abort with reason ${String(reason)} -> aborted, whatever the reason`, async () => {
        stub.respond(hang);
        const controller = new AbortController();
        const request = client().post('register', registerBody(), { signal: controller.signal });
        setTimeout(() => controller.abort(reason), 10);
        const error = await rejection(request);
        expect(error.kind).to.equal('aborted');
        });
    }

    it('an already aborted signal -> aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(client().post('register', registerBody(), { signal: controller.signal }));
      expect(error.kind).to.equal('aborted');
    });

    it('no error object holds the request body', async () => {
      const secret = 'Hunter2-Corr3ct-Horse-\u{1F40E}';
      const body = { ...registerBody(), profile_fields: { newPassword: secret, newPasswordConfirm: secret, securityQuestions: [{ id: 'q', answer: secret }] } };
      const answers: Array<() => Response | Promise<Response>> = [
        () => json(422, { error: 'invalid_form_fields', error_details: { newPassword: ['Password is not formatted correctly.'] } }),
        () => json(422, { error: 'invalid_parameters', error_details: { newPassword: { unexpected_keys: 'x' } } }),
        () => raw(502, '<html>bad gateway</html>'),
        () => raw(200, 'not json'),
        () => json(200, { uuid: 7 }),
        () => raw(429, '', { 'Retry-After': 'soon' }),
        () => {
          throw new TypeError('Failed to fetch');
        },
      ];
      for (const answer of answers) {
        stub.respond(answer);
        const error = await rejection(client().post('register', body));
        const views = [error.message, String(error), JSON.stringify(error), JSON.stringify({ ...error }), String(error.stack)];
        for (const view of views) expect(view).not.to.contain('Hunter2');
        for (const value of Object.values(error)) expect(JSON.stringify(value) ?? '').not.to.contain('Hunter2');
      }
    });
  });

  describe('configuration', () => {
    const rejected: unknown[] = [
      'http://id.example.com',
      'http://localhost.example.com',
      'http://127.0.0.2',
      'http://[::2]',
      'http://0.0.0.0',
      'ftp://id.example.com',
      'ws://localhost',
      'javascript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      '/relative',
      'idp/v1',
      'id.example.com',
      '//id.example.com',
      'https://user:pass@id.example.com',
      'https://user@id.example.com',
      'https://id.example.com/?client=1',
      'https://id.example.com/#frag',
      'https://',
      '',
      '   ',
      undefined,
      null,
      42,
      {},
      ['https://id.example.com'],
      new URL('https://id.example.com'),
    ];
    for (const baseDomain of rejected) {
      it(`rejects base domain ${JSON.stringify(baseDomain) ?? String(baseDomain)} with invalid_config and sends nothing`, async () => {
        await expectInvalidConfig({ baseDomain: baseDomain as string });
        expect(checkBaseDomain(baseDomain)).to.equal(undefined);
        expect(stub.calls).to.have.length(0);
      });
    }

    const accepted = [
      'https://id.eu.nextreason.com',
      'https://id.example.com/tenant/',
      'https://id.example.com:8443',
      'http://localhost:4401',
      'http://localhost',
      'http://127.0.0.1',
      'http://127.0.0.1:9999/',
      'http://[::1]:8080',
    ];
    for (const baseDomain of accepted) {
      it(`accepts base domain ${baseDomain}`, async () => {
        expect(checkBaseDomain(baseDomain)).to.be.instanceOf(URL);
        expect(await new Client({ baseDomain }).post('register', registerBody())).to.deep.equal(created);
        expect(stub.calls[0]!.url).to.equal(`${baseDomain.replace(/\/$/, '')}/idp/v1/account/register`);
      });
    }

    const badPaths: unknown[] = ['https://evil.example/x', '//evil.example/x', 'x', 'idp/v1/x', '', '/\\evil.example', '/a/../b', '/a/%2e%2E/b', '/a/./b', '/x?y=1', '/x#y', 42, null];
    for (const path of badPaths) {
      it(`rejects endpoint override ${JSON.stringify(path)}`, async () => {
        expect(checkEndpoints({ register: path })).to.equal(undefined);
        await expectInvalidConfig({ baseDomain: BASE, endpoints: { register: path as string } });
        // a bad override of another endpoint also stops the call: the configuration as a whole is invalid
        await expectInvalidConfig({ baseDomain: BASE, endpoints: { token: path as string } });
        expect(stub.calls).to.have.length(0);
      });
    }

    it('treats an undefined override as the default, and ignores inherited names such as toString', () => {
      expect(checkEndpoints({ register: undefined })?.register).to.equal('/idp/v1/account/register');
      expect(checkEndpoints({ toString: 'https://evil.example/x' })).to.not.equal(undefined);
      expect(checkEndpoints({ hasOwnProperty: 42 })).to.not.equal(undefined);
    });

    it('accepts same-origin path overrides', () => {
      const client = new Client({ baseDomain: BASE, endpoints: { register: '/a', forgotPassword: '/b/c' } });
      expect(client.url('register')).to.equal(`${BASE}/a`);
      expect(client.url('forgotPassword')).to.equal(`${BASE}/b/c`);
      expect(client.url('token')).to.equal(`${BASE}/idp/v1/account/token`);
    });
  });
});
