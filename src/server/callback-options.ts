/**
 * The options of `createCallbackHandler`, checked once when the handler is
 * created (a bad one throws at once, naming the option and never a secret),
 * and the `Config` the routes share.
 */
import { checkBaseDomain, LOOPBACK_HOSTS } from '../api/endpoints.js';
import { hostedJourneys, hostedParameterNames, type HostedJourney, type HostedParameters } from '../api/hosted-url.js';
import { CookieSealer, MIN_COOKIE_SECRET_BYTES } from './cookies.js';
import { originsOf, safeLogger, type LogLine } from './http.js';
import { checkProviderOptions, isRedirectTarget, Provider, type IdTokenClaims } from './oauth.js';
import { memorySessionStore, type SessionStore } from './session-store.js';

export const PREFIX = 'nid-journeys/server:';
const DEFAULT_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export interface StartOptions extends HostedParameters {
  /** Which hosted screen (default: the handler's `journey`). */
  journey?: HostedJourney | undefined;
  /** Where to go after signing in: a path on this site (`/account`), default `afterSignIn`. Anything else is refused. */
  returnTo?: string | undefined;
}

export interface CallbackHandlerOptions {
  /** The identity service, e.g. `https://id.eu.nextreason.com` (`https:`; `http:` only on localhost). */
  baseDomain: string;
  clientId: string;
  /** A confidential client's secret (HTTP Basic at `/token`, with PKCE too). Without it, PKCE alone. */
  clientSecret?: string | undefined;
  /** The absolute URL of your `callback` route, in the client's `redirect_uri` allowlist. */
  redirectUri: string;
  /**
   * The absolute URL of your `invitation` route: the client's `app_link`,
   * where the service sends the browser, with a code, once an invited user
   * has activated the account (same rules as `redirectUri`). Enables
   * `invitation`, and requires `clientSecret`: an invitation's code is
   * exchanged with HTTP Basic, without PKCE. It must be another route than
   * `redirectUri`.
   */
  appLink?: string | undefined;
  /** The hosted screen `start` opens unless told otherwise (default `authorize`). */
  journey?: HostedJourney | undefined;
  /** `scope` (default `openid`). */
  scope?: string | undefined;
  /** Default hosted parameters for every `start` (`uiLocales`, `prompt`, ...). */
  parameters?: Omit<HostedParameters, 'scope'> | undefined;
  /**
   * Seals both cookies (AES-256-GCM, key derived by HKDF): at least 32 bytes
   * of randomness, from your secret configuration. A list rotates secrets:
   * the first seals, every one opens.
   */
  cookieSecret: string | readonly string[];
  /**
   * The cookies' base name (default `nid`): the session cookie
   * `__Host-{name}`, the flow cookie `__Secure-{name}_flow`.
   */
  cookieName?: string | undefined;
  /**
   * Development on `http://localhost` only: cookies without `Secure` (and
   * without their `__Host-`/`__Secure-` prefixes). Refused unless
   * `redirectUri` is an `http:` loopback URL.
   */
  insecureCookies?: boolean | undefined;
  /** Where sessions live (default: {@link memorySessionStore}, this process only). */
  store?: SessionStore | undefined;
  /** How long a session lasts, in seconds (default 8 hours). */
  sessionMaxAgeSeconds?: number | undefined;
  /** Where the browser goes after signing in: a path on this site (default `/`). */
  afterSignIn?: string | undefined;
  /**
   * A path on this site for failed sign-ins (`/sign-in-failed`): the
   * browser is sent there with `?error=access_denied` (or `token_error`,
   * `invalid_id_token`, `network`, ...). Without it the callback answers
   * with a short text. A tampered or unknown state always answers 400.
   */
  errorPath?: string | undefined;
  /** `post_logout_redirect_uri` of sign-out (in the client's allowlist); absolute. */
  postLogoutRedirectUri?: string | undefined;
  /** Origins accepted by `signOut` besides the request's own (a proxy that changes the host). */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * Runs once the ID token is validated, before the session exists (after
   * `callback` and `invitation` alike): link the user to your records.
   * Throwing refuses the sign-in (403, or `errorPath` with
   * `error=access_denied`).
   */
  onSignIn?: ((claims: IdTokenClaims) => void | Promise<void>) | undefined;
  /** Transport override (tests). Defaults to the global `fetch` at call time. */
  fetch?: typeof fetch | undefined;
  /** How long to wait for each call to the service, in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** One line per failure, without secrets or control characters. Default `console.warn`. */
  log?: ((line: string, cause?: unknown) => void) | undefined;
}

const PARAMETER_PATTERNS: Record<keyof HostedParameters, RegExp> = {
  // RFC 6749 scope-tokens, space-separated.
  scope: /^[\x21\x23-\x5b\x5d-\x7e]{1,128}(?: [\x21\x23-\x5b\x5d-\x7e]{1,128}){0,31}$/,
  uiLocales: /^[A-Za-z0-9-]{1,35}(?: [A-Za-z0-9-]{1,35}){0,19}$/,
  loginHint: /^[^\p{Cc}\p{Cf}\u2028\u2029]{1,320}$/u,
  prompt: /^[a-z_]{1,32}(?: [a-z_]{1,32}){0,7}$/,
  accessType: /^[a-z_]{1,32}$/,
  environmentId: /^[\w-]{1,128}$/,
  organizationId: /^[\w-]{1,128}$/,
};

/** The checked options, as the routes use them. */
export interface Config {
  provider: Provider;
  clientId: string;
  redirectUri: string;
  /** The `invitation` route's URL; undefined when invitations are not handled. */
  appLink: string | undefined;
  hostedBase: string;
  journey: HostedJourney;
  defaults: HostedParameters;
  sealer: CookieSealer;
  secure: boolean;
  sessionCookie: string;
  flowCookie: string;
  flowPath: string;
  store: SessionStore;
  sessionMaxAge: number;
  afterSignIn: string;
  errorPath: string | undefined;
  postLogoutRedirectUri: string | undefined;
  allowedOrigins: ReadonlySet<string>;
  onSignIn: CallbackHandlerOptions['onSignIn'];
  log: LogLine;
}

function configError(message: string): Error {
  return new Error(`${PREFIX} createCallbackHandler: ${message}`);
}

/** A path on this site: `/x`, never `//host`, `/\host`, a scheme or control characters. */
export function isLocalPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 2000 &&
    /^\/(?![/\\])/.test(value) &&
    !/[\\\p{Cc}\p{Cf}\s]/u.test(value)
  );
}

/** The parameters, checked; a string naming the first bad one. */
export function checkParameters(value: unknown, what: string): HostedParameters | string {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') return `\`${what}\` must be an object.`;
  const checked: Record<string, string> = {};
  for (const [key, pattern] of Object.entries(PARAMETER_PATTERNS)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (typeof item !== 'string' || !pattern.test(item)) return `\`${key}\` is not a valid ${hostedParameterNames[key as keyof HostedParameters]}.`;
    checked[key] = item;
  }
  if (checked.scope !== undefined && !checked.scope.split(' ').includes('openid')) return '`scope` must include openid.';
  return checked;
}

export function configure(options: CallbackHandlerOptions): Config {
  if (options === null || typeof options !== 'object') throw configError('pass an options object.');
  const provider = checkProviderOptions(options);
  if (typeof provider === 'string') throw configError(provider);
  if (!isRedirectTarget(options.redirectUri)) {
    throw configError("`redirectUri` must be the absolute https: URL of the callback route, as in the client's redirect_uri allowlist.");
  }
  const redirect = new URL(options.redirectUri);
  if (options.appLink !== undefined) {
    if (!isRedirectTarget(options.appLink)) {
      throw configError("`appLink` must be the absolute https: URL of the invitation route, the client's app_link.");
    }
    if (provider.clientSecret === undefined) {
      throw configError('`appLink` needs `clientSecret`: an invitation\'s code is exchanged with HTTP Basic (no PKCE).');
    }
    const link = new URL(options.appLink);
    if (link.origin === redirect.origin && link.pathname === redirect.pathname) {
      throw configError('`appLink` must be another route than `redirectUri`: a callback is checked against its flow cookie, an invitation has none.');
    }
  }
  const secrets = typeof options.cookieSecret === 'string' ? [options.cookieSecret] : options.cookieSecret;
  if (
    !Array.isArray(secrets) ||
    secrets.length === 0 ||
    !secrets.every((secret) => typeof secret === 'string' && new TextEncoder().encode(secret).length >= MIN_COOKIE_SECRET_BYTES)
  ) {
    throw configError(
      `\`cookieSecret\` is required: a random string of at least ${MIN_COOKIE_SECRET_BYTES} bytes from your secret ` +
        'configuration (or a list of them, the first in use), e.g. `openssl rand -base64 48`.',
    );
  }
  const journey = options.journey ?? 'authorize';
  if (!hostedJourneys.includes(journey)) throw configError(`\`journey\` must be one of ${hostedJourneys.join(', ')}.`);
  const defaults = checkParameters({ ...options.parameters, scope: options.scope ?? 'openid' }, 'parameters');
  if (typeof defaults === 'string') throw configError(defaults);
  const name = options.cookieName ?? 'nid';
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name) || name.startsWith('__')) {
    throw configError('`cookieName` must be 1 to 64 letters, digits, "_" or "-" (the __Host-/__Secure- prefixes are added).');
  }
  if (options.insecureCookies !== undefined && typeof options.insecureCookies !== 'boolean') throw configError('`insecureCookies` must be a boolean.');
  const insecure = options.insecureCookies === true;
  if (insecure && !(redirect.protocol === 'http:' && LOOPBACK_HOSTS.has(redirect.hostname))) {
    throw configError('`insecureCookies` is for development on http://localhost only: `redirectUri` must be an http: loopback URL.');
  }
  const store = options.store ?? memorySessionStore();
  if (!store || typeof store.get !== 'function' || typeof store.set !== 'function' || typeof store.delete !== 'function') {
    throw configError('`store` must have get, set and delete methods.');
  }
  const sessionMaxAge = options.sessionMaxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS;
  if (!Number.isInteger(sessionMaxAge) || sessionMaxAge < 60) throw configError('`sessionMaxAgeSeconds` must be an integer of at least 60.');
  const afterSignIn = options.afterSignIn ?? '/';
  if (!isLocalPath(afterSignIn)) throw configError('`afterSignIn` must be a path on this site, like /account.');
  if (options.errorPath !== undefined && (!isLocalPath(options.errorPath) || options.errorPath.includes('?'))) {
    throw configError('`errorPath` must be a path on this site without a query, like /sign-in-failed.');
  }
  if (options.postLogoutRedirectUri !== undefined && !isRedirectTarget(options.postLogoutRedirectUri)) {
    throw configError('`postLogoutRedirectUri` must be an absolute https: URL.');
  }
  const allowedOrigins = originsOf(options.allowedOrigins);
  if (!allowedOrigins) throw configError('`allowedOrigins` entries must be origins like https://app.example.com.');
  if (options.onSignIn !== undefined && typeof options.onSignIn !== 'function') throw configError('`onSignIn` must be a function.');
  if (options.log !== undefined && typeof options.log !== 'function') throw configError('`log` must be a function.');
  const base = checkBaseDomain(options.baseDomain)!;
  return {
    provider: new Provider(provider),
    clientId: provider.clientId,
    redirectUri: options.redirectUri,
    appLink: options.appLink,
    hostedBase: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
    journey,
    defaults,
    sealer: new CookieSealer(secrets),
    secure: !insecure,
    sessionCookie: insecure ? name : `__Host-${name}`,
    flowCookie: insecure ? `${name}_flow` : `__Secure-${name}_flow`,
    flowPath: redirect.pathname,
    store,
    sessionMaxAge,
    afterSignIn,
    errorPath: options.errorPath,
    postLogoutRedirectUri: options.postLogoutRedirectUri,
    allowedOrigins,
    onSignIn: options.onSignIn,
    log: safeLogger(options.log),
  };
}
