/**
 * What every route of the reference Journeys API gets, and the helpers that
 * several journeys share (client lookup, the resend window).
 *
 * A route is a plain object: a journey adds one file and one line in
 * routes/index.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { OAuthParams } from '../../../src/api/contract.js';
import type { ClientConfig } from '../clients.js';
import { errors, type ApiResult } from '../http.js';
import type { AuthRequest, Channel, MessagePurpose, Store } from '../store.js';

export interface ApiDeps {
  store: Store;
  clients: ReadonlyMap<string, ClientConfig>;
  /** The demo site's origin: links in messages point there. */
  siteUrl: string;
  now: () => number;
  log: (line: string) => void;
}

export interface RouteContext {
  deps: ApiDeps;
  /** The parsed JSON body of a POST (`{}` for a GET). Unvalidated: each route parses it with the contract. */
  body: Record<string, unknown>;
  /** Placeholders of the route's path, decoded. */
  params: Record<string, string>;
  /** The client that `authenticate` vouched for (server-to-server routes only). */
  client?: ClientConfig;
}

export interface Route {
  /** Short name for logs and idempotency scopes. */
  name: string;
  method: 'GET' | 'POST';
  /** The contract's path; `{name}` placeholders match one path segment. */
  path: string;
  /**
   * Server-to-server routes: checks the caller's client credentials before
   * anything else, Idempotency-Key replays included (a replay must not answer
   * a caller without them), and returns the client, which also scopes the keys.
   * Throws 401 invalid_client.
   */
  authenticate?(deps: ApiDeps, headers: IncomingHttpHeaders): ClientConfig;
  handle(context: RouteContext): Promise<ApiResult>;
}

/**
 * The client of a request. An unknown (or absent) client_id is a 503, as the
 * contract says: the service cannot tell a typo from an outage, and the
 * element shows "unable to process your request right now".
 */
export function requireClient(deps: ApiDeps, clientId: unknown): ClientConfig {
  const client = typeof clientId === 'string' ? deps.clients.get(clientId) : undefined;
  if (!client) throw errors.serviceUnavailable();
  return client;
}

export function channelOf(client: ClientConfig): Channel {
  return client.settings.auth_type === 'sms' ? 'sms' : 'email';
}

/**
 * Throws 429 while the client's resend window since the last message of this
 * purpose (activation, password reset) to this identifier is open. The
 * timestamp is kept per identifier whether or not an account exists, so the
 * answer never reveals one.
 */
export function checkResendWindow(
  deps: ApiDeps,
  client: ClientConfig,
  purpose: MessagePurpose,
  channel: Channel,
  identifier: string,
): void {
  const last = deps.store.lastMessage(purpose, channel, identifier);
  if (last === undefined) return;
  const retryAt = last + client.resendWindowSeconds * 1000;
  if (deps.now() < retryAt) throw errors.rateLimited(retryAt);
}

/** The OAuth parameters of a register or forgot-password request, as the store keeps them. */
export function authRequestOf(request: OAuthParams): AuthRequest {
  return {
    redirectUri: request.redirect_uri,
    state: request.state,
    scope: request.scope,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    ...(request.code_challenge !== undefined ? { codeChallenge: request.code_challenge } : {}),
    ...(request.code_challenge_method !== undefined ? { codeChallengeMethod: request.code_challenge_method } : {}),
  };
}

/**
 * The redirect at the end of a journey: `base` with a new authorization code
 * and the journey's `state` appended (existing query parameters are kept).
 */
export function redirectWithCode(
  deps: ApiDeps,
  base: string,
  init: { accountId: string; clientId: string; authRequest?: AuthRequest },
): string {
  const code = deps.store.issueAuthorizationCode(init);
  const url = new URL(base);
  url.searchParams.set('code', code);
  if (init.authRequest?.state !== undefined) url.searchParams.set('state', init.authRequest.state);
  return url.href;
}