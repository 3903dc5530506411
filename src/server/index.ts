/**
 * `nid-journeys/server`: the server side of the journeys.
 *
 * - `createPreRegisterHandler`: the server half of `<nid-invite-form>`
 *   (contract v2 section 8), below.
 * - `exchangeCode` and `createCallbackHandler`: finishing a journey's
 *   authorization code on a backend (section 6), the "backend for frontend"
 *   of the browser-based-apps BCP (an invitation's return to `app_link`
 *   included): tokens stay on the server.
 * - `createJourneysRelay`: relay mode (section 1), the elements' calls made
 *   server-to-server with per-IP and per-identifier limits, in memory or in
 *   Redis (`redisRateLimitStore`).
 *
 * The invite form: the service's `POST /idp/v1/account/pre-register` needs the
 * client's Basic credentials, which must never reach a browser: the form
 * posts to your own route, built with `createPreRegisterHandler`, which
 * authorizes the administrator, validates the body with the element's
 * schema, adds `client_id`, `grant_type` and an allowed `redirect_uri`, and
 * makes the call server-to-server (never following a redirect).
 *
 * Web platform APIs only, plus zod through the contract: Node 20+, Deno,
 * Bun, Workers. `toNodeHandler` adapts the handler to Node's `(req, res)`.
 *
 * @example Next.js (`app/api/invite/route.ts`)
 * ```ts
 * import { createPreRegisterHandler } from 'nid-journeys/server';
 *
 * export const POST = createPreRegisterHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   // Required by the service; must be in the client's redirect_uri allowlist.
 *   redirectUri: 'https://app.example.com/activated',
 *   authorize: async (request) => (await getSession(request))?.role === 'admin',
 * });
 * ```
 *
 * @example Express
 * ```ts
 * import { createPreRegisterHandler, toNodeHandler } from 'nid-journeys/server';
 *
 * app.post('/api/invite', toNodeHandler(createPreRegisterHandler({ ...sameOptions })));
 * ```
 *
 * @example Sign-in with the backend for frontend (Next.js route handlers)
 * ```ts
 * import { createCallbackHandler } from 'nid-journeys/server';
 *
 * export const auth = createCallbackHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   redirectUri: 'https://app.example.com/auth/callback',
 *   cookieSecret: process.env.NID_COOKIE_SECRET!,
 *   afterSignIn: '/account',
 *   appLink: 'https://app.example.com/welcome', // optional: the client's app_link, for invitations
 * });
 * // app/auth/sign-in/route.ts:  export const GET = (request: Request) => auth.start(request);
 * // app/auth/callback/route.ts: export const GET = auth.callback;
 * // app/welcome/route.ts:       export const GET = auth.invitation;
 * // app/auth/sign-out/route.ts: export const POST = auth.signOut;
 * ```
 *
 * @example The journeys relay (Express; several instances share Redis)
 * ```ts
 * import { createClient } from 'redis';
 * import { createJourneysRelay, redisRateLimitStore, toNodeHandler } from 'nid-journeys/server';
 *
 * const redis = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * redis.on('error', () => {});
 * await redis.connect();
 * app.post('/api/nid/*', toNodeHandler(createJourneysRelay({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   prefix: '/api/nid',
 *   store: redisRateLimitStore(redis),
 * })));
 * ```
 *
 * @example Cloudflare Workers
 * ```ts
 * import { createJourneysRelay } from 'nid-journeys/server';
 * const relay = createJourneysRelay({
 *   baseDomain: 'https://id.eu.nextreason.com',
 *   prefix: '/api/nid',
 *   trustProxy: (request) => request.headers.get('cf-connecting-ip') ?? '',
 * });
 * export default { fetch: (request: Request) => relay(request) };
 * ```
 *
 * @packageDocumentation
 */
export {
  ALREADY_EXISTS_MESSAGE,
  createPreRegisterHandler,
  DEFAULT_SERVER_TIMEOUT_MS,
  type Authorize,
  type FetchHandler,
  type PreRegisterHandlerOptions,
} from './pre-register.js';
export { toNodeHandler, type NodeContext, type NodeHandler, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { MAX_BODY_BYTES } from './http.js';
export {
  DEFAULT_OAUTH_TIMEOUT_MS,
  exchangeCode,
  OAuthServerError,
  type ExchangeCodeOptions,
  type ExchangeResult,
  type IdTokenClaims,
  type OAuthServerErrorCode,
  type OAuthTokens,
} from './oauth.js';
export {
  createCallbackHandler,
  hostedJourneys,
  memorySessionStore,
  type CallbackHandler,
  type CallbackHandlerOptions,
  type HostedJourney,
  type HostedParameters,
  type SessionRecord,
  type SessionStore,
  type StartOptions,
} from './callback.js';
export {
  createJourneysRelay,
  DEFAULT_RELAY_LIMITS,
  relayedEndpoints,
  type JourneysRelay,
  type JourneysRelayOptions,
  type RelayedEndpoint,
  type RelayLimit,
  type RelayTokensEvent,
  type RelayTokensResult,
} from './relay.js';
export {
  memoryRateLimitStore,
  RATE_LIMIT_SCRIPT,
  redisRateLimitStore,
  type RateLimitHit,
  type RateLimitStore,
  type RedisCommandClient,
} from './rate-limit.js';
