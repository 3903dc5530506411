/**
 * An OpenID provider that lives in the test page: a fetch function answering
 * discovery, the JWKS, `/token` (authorization_code with PKCE S256, and
 * refresh_token), `/userinfo`, plus `authorize()`, which plays the hosted
 * screen (reads the journey URL, issues a single-use code bound to the client,
 * the redirect URI and the code challenge, and returns the redirect).
 *
 * ID tokens are RS256 JWTs signed with WebCrypto. Tests bend the provider
 * through its public fields: `idToken` (change the header, the claims, the
 * key, or replace the token), `discovery` (change the document), `answer`
 * (replace any endpoint's answer).
 *
 * Everything it hands out (codes, tokens) is in `secrets`, and the PKCE
 * verifiers it received too, so that tests can prove none of them leaks.
 */

export const ISSUER = 'https://id.example.test';
export const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';
export const REDIRECT_URI = 'https://app.example.com/callback';
export const SUBJECT = '69ed0122-f2d9-4c6e-a636-3670cab4f15f';

const encoder = new TextEncoder();

export function b64u(input: string | ArrayBuffer | Uint8Array): string {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input instanceof Uint8Array ? input : new Uint8Array(input);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url(SHA-256(verifier)): what the provider expects as the `code_challenge`. */
export async function s256(verifier: string): Promise<string> {
  return b64u(await crypto.subtle.digest('SHA-256', encoder.encode(verifier)));
}

const random = (prefix: string) => `${prefix}-${b64u(crypto.getRandomValues(new Uint8Array(16)))}`;

export interface Keys {
  /** The provider's key, published in its JWKS as `k1`. */
  main: CryptoKeyPair;
  /** Someone else's key. */
  other: CryptoKeyPair;
  jwk: JsonWebKey & { kid: string };
}

let keys: Promise<Keys> | undefined;

/** Two RSA key pairs, made once per test file (WebCrypto key generation is slow in some engines). */
export function providerKeys(): Promise<Keys> {
  keys ??= (async () => {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    const main = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const other = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const { kty, n, e } = await crypto.subtle.exportKey('jwk', main.publicKey);
    return { main, other, jwk: { kty, n, e, kid: 'k1', alg: 'RS256', use: 'sig' } };
  })();
  return keys;
}

export interface JwtParts {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Which key signs it (default `main`); `none` leaves the signature empty. */
  key: 'main' | 'other' | 'none';
}

export async function signJwt({ header, claims, key }: JwtParts): Promise<string> {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  if (key === 'none') return `${input}.`;
  const { main, other } = await providerKeys();
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', (key === 'main' ? main : other).privateKey, encoder.encode(input));
  return `${input}.${b64u(signature)}`;
}

export interface Call {
  url: URL;
  method: string;
  headers: Headers;
  /** The form body of a POST (or empty). */
  form: URLSearchParams;
  signal: AbortSignal | undefined;
}

type Endpoint = 'discovery' | 'jwks' | 'token' | 'userinfo';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });

/** Never answers; rejects with the signal's reason once the request is aborted (as fetch does). */
export function hang(call: Call): Promise<Response> {
  return new Promise((_, reject) => {
    const { signal } = call;
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  method: string;
  nonce: string | null;
  used: boolean;
}

export class FakeProvider {
  readonly base: string;
  /** Every request, in order. */
  readonly calls: Call[] = [];
  /** Every code, token and verifier that went through: none may appear in an error. */
  readonly secrets: string[] = [];
  /** Changes the discovery document before it is served. */
  discovery: (document: Record<string, unknown>) => Record<string, unknown> = (document) => document;
  /** Changes each ID token before it is signed, or replaces it (return a string). */
  idToken: (parts: JwtParts) => JwtParts | string | Promise<JwtParts | string> = (parts) => parts;
  /** Whether a refresh answer carries a new ID token. */
  idTokenOnRefresh = true;
  /** Replaces an endpoint's answer (return undefined to answer normally). */
  answer: Partial<Record<Endpoint, (call: Call) => Response | Promise<Response> | undefined>> = {};
  /** A signed (JWT) userinfo answer instead of JSON, signed with this key. */
  userinfoJwt: 'main' | 'other' | undefined;
  /** The claims every ID token and the userinfo carry besides the protocol's. */
  profile: Record<string, unknown> = { name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.com' };
  /** Seconds until an access token expires (`expires_in`). */
  expiresIn = 3600;

  readonly #codes = new Map<string, IssuedCode>();
  readonly #accessTokens = new Map<string, string>();
  readonly #refreshTokens = new Map<string, { clientId: string; sub: string }>();

  constructor(base = ISSUER) {
    this.base = base.replace(/\/+$/, '');
  }

  /** The fetch to give `nid-journeys/oauth` (or to install as the global one). */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const body = init?.body;
    const call: Call = {
      url,
      method: (init?.method ?? 'GET').toUpperCase(),
      headers: new Headers(init?.headers),
      form: new URLSearchParams(typeof body === 'string' || body instanceof URLSearchParams ? body : undefined),
      signal: init?.signal ?? undefined,
    };
    this.calls.push(call);
    if (call.signal?.aborted) return Promise.reject(call.signal.reason);
    return this.#route(call);
  };

  /** The calls to one endpoint. */
  callsTo(endpoint: Endpoint): Call[] {
    return this.calls.filter((call) => this.#endpointOf(call.url) === endpoint);
  }

  get document(): Record<string, unknown> {
    return {
      issuer: this.base,
      authorization_endpoint: `${this.base}/authorize`,
      token_endpoint: `${this.base}/token`,
      userinfo_endpoint: `${this.base}/userinfo`,
      jwks_uri: `${this.base}/.well-known/jwks.json`,
      end_session_endpoint: `${this.base}/endsession`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
    };
  }

  /**
   * The hosted screen: reads the journey URL the browser was sent to and
   * returns where the service sends it back (`?code=…&state=…`).
   */
  authorize(journeyUrl: string, extra: Record<string, string> = {}): string {
    const url = new URL(journeyUrl);
    const parameters = url.searchParams;
    const code = random('code');
    this.secrets.push(code);
    this.#codes.set(code, {
      clientId: parameters.get('client_id') ?? '',
      redirectUri: parameters.get('redirect_uri') ?? '',
      challenge: parameters.get('code_challenge') ?? '',
      method: parameters.get('code_challenge_method') ?? '',
      nonce: parameters.get('nonce'),
      used: false,
    });
    const back = new URL(parameters.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', parameters.get('state') ?? '');
    for (const [name, value] of Object.entries(extra)) back.searchParams.set(name, value);
    return back.href;
  }

  /** The hosted screen, when the user cancels: `?error=access_denied&state=…`. */
  deny(journeyUrl: string): string {
    const parameters = new URL(journeyUrl).searchParams;
    const back = new URL(parameters.get('redirect_uri') ?? '');
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('error_description', 'The user cancelled');
    back.searchParams.set('state', parameters.get('state') ?? '');
    return back.href;
  }

  /** An ID token as this provider issues it (after the test's `idToken` hook). */
  async issueIdToken(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const parts: JwtParts = {
      header: { alg: 'RS256', typ: 'JWT', kid: 'k1' },
      claims: { iss: this.base, sub: SUBJECT, aud: CLIENT_ID, iat: now, exp: now + 300, auth_time: now, ...this.profile, ...claims },
      key: 'main',
    };
    const changed = await this.idToken(parts);
    const token = typeof changed === 'string' ? changed : await signJwt(changed);
    this.secrets.push(token);
    return token;
  }

  #endpointOf(url: URL): Endpoint | undefined {
    if (!url.href.startsWith(`${this.base}/`)) return undefined;
    const path = url.href.slice(this.base.length).split('?')[0];
    switch (path) {
      case '/.well-known/openid-configuration':
        return 'discovery';
      case '/.well-known/jwks.json':
        return 'jwks';
      case '/token':
        return 'token';
      case '/userinfo':
        return 'userinfo';
      default:
        return undefined;
    }
  }

  async #route(call: Call): Promise<Response> {
    const endpoint = this.#endpointOf(call.url);
    if (!endpoint) throw new TypeError('Failed to fetch');
    const replaced = await this.answer[endpoint]?.(call);
    if (replaced) return replaced;
    switch (endpoint) {
      case 'discovery':
        return json(200, this.discovery(this.document));
      case 'jwks':
        return json(200, { keys: [(await providerKeys()).jwk] });
      case 'token':
        return this.#token(call);
      case 'userinfo':
        return this.#userinfo(call);
    }
  }

  async #token(call: Call): Promise<Response> {
    const form = call.form;
    if (call.method !== 'POST' || !/^application\/x-www-form-urlencoded/.test(call.headers.get('content-type') ?? '')) {
      return json(400, { error: 'invalid_request' });
    }
    const clientId = form.get('client_id');
    if (clientId !== CLIENT_ID) return json(401, { error: 'invalid_client' });
    const verifier = form.get('code_verifier');
    if (verifier) this.secrets.push(verifier);
    if (form.get('grant_type') === 'authorization_code') {
      const code = this.#codes.get(form.get('code') ?? '');
      const valid =
        code !== undefined &&
        !code.used &&
        code.clientId === clientId &&
        code.redirectUri === form.get('redirect_uri') &&
        code.method === 'S256' &&
        verifier !== null &&
        (await s256(verifier)) === code.challenge;
      if (code) code.used = true;
      if (!valid) return json(400, { error: 'invalid_grant', error_description: 'The code is invalid, used, or not bound to this verifier' });
      return this.#tokens(clientId, SUBJECT, code.nonce === null ? {} : { nonce: code.nonce }, true);
    }
    if (form.get('grant_type') === 'refresh_token') {
      const refresh = this.#refreshTokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.clientId !== clientId) return json(400, { error: 'invalid_grant' });
      this.#refreshTokens.delete(form.get('refresh_token') ?? '');
      return this.#tokens(clientId, refresh.sub, {}, this.idTokenOnRefresh);
    }
    return json(400, { error: 'unsupported_grant_type' });
  }

  async #tokens(clientId: string, sub: string, extraClaims: Record<string, unknown>, withIdToken: boolean): Promise<Response> {
    const accessToken = random('at');
    const refreshToken = random('rt');
    this.secrets.push(accessToken, refreshToken);
    this.#accessTokens.set(accessToken, sub);
    this.#refreshTokens.set(refreshToken, { clientId, sub });
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.expiresIn, refresh_token: refreshToken, scope: 'openid' };
    if (withIdToken) body.id_token = await this.issueIdToken({ sub, ...extraClaims });
    return json(200, body);
  }

  async #userinfo(call: Call): Promise<Response> {
    const bearer = /^Bearer (\S+)$/.exec(call.headers.get('authorization') ?? '');
    const sub = bearer ? this.#accessTokens.get(bearer[1]!) : undefined;
    if (!sub) return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
    const claims = { sub, ...this.profile };
    if (!this.userinfoJwt) return json(200, claims);
    const jwt = await signJwt({ header: { alg: 'RS256', kid: 'k1' }, claims: { iss: this.base, aud: CLIENT_ID, ...claims }, key: this.userinfoJwt });
    return new Response(jwt, { status: 200, headers: { 'Content-Type': 'application/jwt' } });
  }
}
