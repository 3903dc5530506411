import { expect } from '@open-wc/testing';
import { JourneyError, callApi, sanitiseSettings, type ApiConfig, type CallOptions } from '../../src/api/client.js';
import { checkBaseDomain, checkEndpoints, endpointUrl, randomId } from '../../src/api/endpoints.js';
import { DEFAULT_TIMEOUT_MS } from '../../src/api/transport.js';
import type { EndpointName } from '../../src/api/vocabulary.js';
import { UUID_V4, hang, json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';

const BASE = 'https://id.example.com';
const PASSWORD = '  Sup3r sécret \u{1F511} e\u0301 \u00e9 \u2028 pass  ';

const registerBody = () => ({
  client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92',
  redirect_uri: 'https://app.example.com/callback',
  response_type: 'code',
  scope: 'openid',
  state: 'SWMsxiZSaa',
  profile_fields: { emailAddress: 'john.smith@example.com', firstName: 'Jöhn \u{1F600}' },
  password: PASSWORD,
  consents: { terms: true },
});

const forgotBody = () => ({
  client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92',
  redirect_uri: 'https://app.example.com/callback',
  response_type: 'code',
  scope: 'openid',
  state: 'SWMsxiZSaa',
  emailAddress: 'john.smith@example.com',
});

const pending = { status: 'activation_pending', delivery: 'email' } as const;

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

/** The two calls the elements make (POST with a body, GET with path params), through `callApi`. */
class Client {
  constructor(readonly config: ApiConfig) {}
  post<E extends EndpointName>(endpoint: E, body: unknown, options: Omit<CallOptions, 'body'> = {}) {
    return callApi(this.config, endpoint, { ...options, body });
  }
  get<E extends EndpointName>(endpoint: E, params: Record<string, string>, options: Omit<CallOptions, 'params'> = {}) {
    return callApi(this.config, endpoint, { ...options, params });
  }
  url(endpoint: EndpointName, params?: Record<string, string>) {
    return endpointUrl(checkBaseDomain(this.config.baseDomain)!, checkEndpoints(this.config.endpoints)!, endpoint, params);
  }
}

/** Expects a call with this configuration to fail with invalid_config, before anything is sent. */
async function expectInvalidConfig(config: ApiConfig) {
  const error = await rejection(new Client(config).post('register', registerBody()));
  expect([error.kind, error.code, error.retryable]).to.deep.equal(['config', 'invalid_config', false]);
}

describe('api/client', () => {
  let stub: FetchStub;

  beforeEach(() => {
    stub = stubFetch(() => json(201, pending));
  });
  afterEach(() => {
    stub.restore();
  });

  describe('requests', () => {
    it('POSTs JSON to the default register path with the contract headers', async () => {
      const client = new Client({ baseDomain: BASE });
      const answer = await client.post('register', registerBody());
      expect(answer).to.deep.equal(pending);
      expect(stub.calls).to.have.length(1);
      const call = stub.calls[0]!;
      expect(call.method).to.equal('POST');
      expect(call.url).to.equal('https://id.example.com/idp/v1/account/register');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.get('Content-Type')).to.equal('application/json');
      expect(call.headers.get('Idempotency-Key')).to.match(UUID_V4);
      expect(call.headers.has('Authorization')).to.equal(false);
      expect([...call.headers.keys()].sort()).to.deep.equal(['accept', 'content-type', 'idempotency-key']);
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
      expect((JSON.parse(sent) as { password: string }).password).to.equal(PASSWORD);
      const encoder = new TextEncoder();
      const bytes = encoder.encode(sent);
      const expected = encoder.encode(JSON.stringify(body));
      expect(Array.from(bytes)).to.deep.equal(Array.from(expected));
      expect(call.url).not.to.contain('Sup3r');
      expect(call.url).not.to.contain('?');
    });

    it('uses a fresh Idempotency-Key per request, and the given one when passed', async () => {
      const client = new Client({ baseDomain: BASE });
      await client.post('register', registerBody());
      await client.post('register', registerBody());
      const key = 'a5d3c4e2-8f7b-4c1d-9e6a-0b2c3d4e5f60';
      await client.post('register', registerBody(), { idempotencyKey: key });
      await client.post('register', registerBody(), { idempotencyKey: key });
      const keys = stub.calls.map((call) => call.headers.get('Idempotency-Key'));
      expect(keys[0]).to.match(UUID_V4);
      expect(keys[1]).to.match(UUID_V4);
      expect(keys[0]).not.to.equal(keys[1]);
      expect(keys[2]).to.equal(key);
      expect(keys[3]).to.equal(key);
    });

    it('GETs client settings with the client id encoded into the path', async () => {
      stub.respond(() => json(200, { default_locale: 'en-US', mobile_flag_countries: ['GB'] }));
      const client = new Client({ baseDomain: BASE });
      const settings = await client.get('clientSettings', { client_id: 'a b/c?d#e%f' });
      expect(settings).to.deep.equal({ default_locale: 'en-US', mobile_flag_countries: ['GB'] });
      const call = stub.calls[0]!;
      expect(call.method).to.equal('GET');
      expect(call.url).to.equal('https://id.example.com/idp/v1/clients/a%20b%2Fc%3Fd%23e%25f/settings');
      expect(call.headers.get('Accept')).to.equal('application/json');
      expect(call.headers.has('Authorization')).to.equal(false);
      expect(call.body ?? undefined).to.equal(undefined);
    });

    it('uses the configured fetch instead of the global one', async () => {
      const seen: string[] = [];
      const own: typeof fetch = async (input) => {
        seen.push(String(input));
        return json(201, pending);
      };
      expect(await new Client({ baseDomain: BASE, fetch: own }).post('register', registerBody())).to.deep.equal(pending);
      expect(seen).to.deep.equal([`${BASE}/idp/v1/account/register`]);
      expect(stub.calls).to.have.length(0);
    });

    it('sends nothing when the body breaks the contract: invalid_config, without the body in the error', async () => {
      const client = new Client({ baseDomain: BASE });
      const bad = [
        { ...registerBody(), state: undefined },
        { ...registerBody(), profile_fields: { emailAddress: 'not-an-email' } },
        { ...registerBody(), profile_fields: { mobileNumber: '07400 123456' } },
        { ...registerBody(), password: '' },
      ];
      for (const body of bad) {
        const error = await rejection(client.post('register', body));
        expect([error.kind, error.code, error.retryable]).to.deep.equal(['config', 'invalid_config', false]);
        expect(JSON.stringify(error) + String(error)).not.to.contain('Sup3r');
      }
      await rejection(client.post('resendActivation', { client_id: 'c', emailAddress: 'a@example.com', mobileNumber: '+447400123456' }));
      await rejection(client.post('forgotPassword', { ...forgotBody(), emailAddress: undefined }));
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
        ['https://id.example.com', { activate: '/other' }, 'https://id.example.com/idp/v1/account/register'],
      ];
      for (const [base, endpoints, expected] of cases) {
        it(`${base} ${endpoints ? JSON.stringify(endpoints) : ''} -> ${expected}`, async () => {
          const client = new Client({ baseDomain: base, endpoints });
          expect(client.url('register')).to.equal(expected);
          await client.post('register', registerBody());
          expect(stub.calls[0]!.url).to.equal(expected);
        });
      }

      it('knows every default path of the contract', () => {
        const client = new Client({ baseDomain: BASE });
        expect(client.url('register')).to.equal(`${BASE}/idp/v1/account/register`);
        expect(client.url('activate')).to.equal(`${BASE}/idp/v1/account/activate`);
        expect(client.url('resendActivation')).to.equal(`${BASE}/idp/v1/account/activate/resend`);
        expect(client.url('forgotPassword')).to.equal(`${BASE}/idp/v1/account/forgot-password`);
        expect(client.url('resetPassword')).to.equal(`${BASE}/idp/v1/account/reset-password`);
        expect(client.url('preRegister')).to.equal(`${BASE}/idp/v1/account/pre-register`);
        expect(client.url('clientSettings', { client_id: 'abc' })).to.equal(`${BASE}/idp/v1/clients/abc/settings`);
      });

      it('fills placeholders of an overridden path', () => {
        const client = new Client({ baseDomain: BASE, endpoints: { clientSettings: '/c/{client_id}/s' } });
        expect(client.url('clientSettings', { client_id: 'x/y' })).to.equal(`${BASE}/c/x%2Fy/s`);
      });
    });
  });

  describe('answers', () => {
    const client = () => new Client({ baseDomain: BASE });

    it('400 validation_failed: an http error with the field errors', async () => {
      stub.respond(() =>
        json(400, {
          error: 'validation_failed',
          error_description: 'Invalid fields',
          fields: [
            { name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly' },
            { name: 'password', code: 'too_short' },
          ],
        }),
      );
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(400);
      expect(error.code).to.equal('validation_failed');
      expect(error.description).to.equal('Invalid fields');
      expect(error.fields).to.deep.equal([
        { name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly' },
        { name: 'password', code: 'too_short' },
      ]);
      expect(error.retryable).to.equal(false);
    });

    it('429 with Retry-After in seconds', async () => {
      stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '45' }));
      const error = await rejection(client().post('resendActivation', { client_id: 'c', emailAddress: 'a@b.co' }));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(429);
      expect(error.code).to.equal('rate_limited');
      expect(error.retryAfter).to.equal(45);
      expect(error.retryable).to.equal(false);
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
      expect([error.kind, error.status, error.code, error.retryable]).to.deep.equal(['http', 503, 'service_unavailable', true]);
      stub.respond(() => raw(503, ''));
      error = await rejection(client().post('register', registerBody()));
      expect([error.kind, error.status, error.code, error.retryable]).to.deep.equal(['http', 503, 'service_unavailable', true]);
    });

    it('502 with an HTML body -> server_error', async () => {
      stub.respond(() => raw(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'Content-Type': 'text/html' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(502);
      expect(error.code).to.equal('server_error');
      expect(error.description).to.equal(undefined);
      expect(error.fields).to.deep.equal([]);
      expect(error.retryable).to.equal(true);
    });

    it('404 invalid_token and 410 expired_token keep their codes', async () => {
      stub.respond(() => json(404, { error: 'invalid_token' }));
      expect((await rejection(client().post('activate', { client_id: 'c', token: 't' }))).code).to.equal('invalid_token');
      stub.respond(() => json(410, { error: 'expired_token' }));
      const error = await rejection(client().post('activate', { client_id: 'c', token: 't' }));
      expect([error.status, error.code, error.retryable]).to.deep.equal([410, 'expired_token', false]);
    });

    it('200 with malformed JSON -> malformed', async () => {
      stub.respond(() => raw(200, '{"status": "activation_pending", ', { 'Content-Type': 'application/json' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
      expect(error.code).to.equal('malformed_response');
      expect(error.status).to.equal(200);
      expect(error.retryable).to.equal(true);
    });

    it('201 with an HTML body -> malformed', async () => {
      stub.respond(() => raw(201, '<html>captive portal</html>', { 'Content-Type': 'text/html' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
    });

    it('200 failing the schema -> malformed', async () => {
      stub.respond(() => json(200, { status: 'activated', delivery: 'carrier pigeon' }));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
      expect(error.code).to.equal('malformed_response');
      expect(error.status).to.equal(200);
    });

    it('an empty 2xx body reads as {}: an accepted answer then says { status: "sent" } (as a known account’s does), a register answer fails', async () => {
      stub.respond(() => raw(202, ''));
      expect(await client().post('forgotPassword', forgotBody())).to.deep.equal({ status: 'sent' });
      stub.respond(() => raw(204, null));
      expect(await client().post('forgotPassword', forgotBody())).to.deep.equal({ status: 'sent' });
      stub.respond(() => raw(202, '  \n'));
      expect(await client().post('forgotPassword', forgotBody())).to.deep.equal({ status: 'sent' });
      stub.respond(() => json(202, { status: 'sent' }));
      expect(await client().post('forgotPassword', forgotBody())).to.deep.equal({ status: 'sent' });
      stub.respond(() => raw(201, ''));
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('malformed');
    });

    it('a network failure (fetch throws TypeError) -> network', async () => {
      stub.respond(() => {
        throw new TypeError('Failed to fetch');
      });
      const error = await rejection(client().post('register', registerBody()));
      expect(error.kind).to.equal('network');
      expect(error.code).to.equal('network_error');
      expect(error.status).to.equal(undefined);
      expect(error.retryable).to.equal(true);
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
      expect(error.retryable).to.equal(true);
      expect(stub.calls[0]!.signal!.aborted).to.equal(true);
      expect(performance.now() - t0).to.be.below(5000);
    });

    it('has a default timeout of 15 s, and ignores nonsense timeouts', async () => {
      expect(DEFAULT_TIMEOUT_MS).to.equal(15_000);
      for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(await new Client({ baseDomain: BASE, timeoutMs }).post('register', registerBody())).to.deep.equal(pending);
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
      expect(error.retryable).to.equal(false);
    });

    for (const reason of ['gone', new Error('element removed'), undefined]) {
      it(`an abort with reason ${String(reason)} -> aborted, whatever the reason`, async () => {
        stub.respond(hang);
        const controller = new AbortController();
        const request = client().post('register', registerBody(), { signal: controller.signal });
        setTimeout(() => controller.abort(reason), 10);
        const error = await rejection(request);
        expect(error.kind).to.equal('aborted');
        expect(error.retryable).to.equal(false);
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
      const body = { ...registerBody(), password: secret, profile_fields: { securityQuestions: [{ id: 'q', answer: secret }] } };
      const answers: Array<() => Response | Promise<Response>> = [
        () => json(400, { error: 'validation_failed', fields: [{ name: 'password', code: 'breached' }] }),
        () => raw(502, '<html>bad gateway</html>'),
        () => raw(200, 'not json'),
        () => json(200, { unexpected: true }),
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
        expect(await new Client({ baseDomain }).post('register', registerBody())).to.deep.equal(pending);
        expect(stub.calls[0]!.url).to.equal(`${baseDomain.replace(/\/$/, '')}/idp/v1/account/register`);
      });
    }

    const badPaths: unknown[] = ['https://evil.example/x', '//evil.example/x', 'x', 'idp/v1/x', '', '/\\evil.example', 42, null];
    for (const path of badPaths) {
      it(`rejects endpoint override ${JSON.stringify(path)}`, async () => {
        expect(checkEndpoints({ register: path })).to.equal(undefined);
        await expectInvalidConfig({ baseDomain: BASE, endpoints: { register: path as string } });
        // a bad override of another endpoint also stops the call: the configuration as a whole is invalid
        await expectInvalidConfig({ baseDomain: BASE, endpoints: { activate: path as string } });
        expect(stub.calls).to.have.length(0);
      });
    }

    it('treats an undefined override as the default, and ignores inherited names such as toString', () => {
      expect(checkEndpoints({ register: undefined })?.register).to.equal('/idp/v1/account/register');
      expect(checkEndpoints({ toString: 'https://evil.example/x' })).to.not.equal(undefined);
      expect(checkEndpoints({ hasOwnProperty: 42 })).to.not.equal(undefined);
    });

    it('refuses a placeholder value of "." or ".." (URL parsing would climb out of the path, even encoded)', async () => {
      const base = new URL(BASE);
      const endpoints = checkEndpoints({})!;
      expect(endpointUrl(base, endpoints, 'clientSettings', { client_id: '..' })).to.equal(undefined);
      expect(endpointUrl(base, endpoints, 'clientSettings', { client_id: '.' })).to.equal(undefined);
      expect(endpointUrl(base, endpoints, 'clientSettings', { client_id: '...' })).to.equal(`${BASE}/idp/v1/clients/.../settings`);
      const error = await rejection(callApi({ baseDomain: BASE }, 'clientSettings', { params: { client_id: '..' } }));
      expect(error.code).to.equal('invalid_config');
      expect(stub.calls).to.have.length(0);
    });

    it('accepts same-origin path overrides', () => {
      const client = new Client({ baseDomain: BASE, endpoints: { register: '/a', forgotPassword: '/b/c' } });
      expect(client.url('register')).to.equal(`${BASE}/a`);
      expect(client.url('forgotPassword')).to.equal(`${BASE}/b/c`);
      expect(client.url('activate')).to.equal(`${BASE}/idp/v1/account/activate`);
    });
  });

  describe('randomId', () => {
    it('is a v4 UUID, different every time', () => {
      const ids = new Set(Array.from({ length: 50 }, () => randomId()));
      expect(ids.size).to.equal(50);
      for (const id of ids) expect(id).to.match(UUID_V4);
    });

    it('is a v4 UUID also where crypto.randomUUID is missing', () => {
      const own = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true, writable: true });
      try {
        expect(crypto.randomUUID).to.equal(undefined);
        const ids = new Set(Array.from({ length: 50 }, () => randomId()));
        expect(ids.size).to.equal(50);
        for (const id of ids) expect(id).to.match(UUID_V4);
      } finally {
        if (own) Object.defineProperty(crypto, 'randomUUID', own);
        else delete (crypto as { randomUUID?: unknown }).randomUUID;
      }
      expect(randomId()).to.match(UUID_V4);
    });
  });
});
