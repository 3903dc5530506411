/**
 * What every route of the reference Journeys API gets, and the helpers that
 * several calls share (the client lookup, the message windows).
 *
 * A route is a plain object: a call adds one file and one line in
 * routes/index.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientConfig } from '../clients.js';
import { errors, type ApiResult } from '../http.js';
import type { Account, Channel, Store, WindowPurpose } from '../store.js';

/** The hosted screens' sessions, as the JSON routes see them (oidc/sessions.ts). */
export interface HostedSessionHook {
  /**
   * A call proved an account (a verification PIN, a passwordless
   * registration, a password changed after a reset): a hosted page's call,
   * with its session cookie, signs that session in.
   */
  accountProven(headers: IncomingHttpHeaders, account: Account): void;
}

export interface ApiDeps {
  store: Store;
  clients: ReadonlyMap<string, ClientConfig>;
  /** The API's own base domain: the invitation links lead to its hosted activation page. */
  apiUrl: string;
  /** The API's origins (localhost, 127.0.0.1): the hosted page's forms post from them. */
  apiOrigins: readonly string[];
  /** The environment this service is (`?env_id=` must name it when given). */
  envId: string;
  now: () => number;
  log: (line: string) => void;
  /** The hosted screens' sessions (absent: no hosted screens, as in unit set-ups). */
  hosted?: HostedSessionHook;
}

export interface RouteContext {
  deps: ApiDeps;
  /** The parsed JSON object body. Unchecked: each route checks it with validation.ts. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The client that `authenticate` vouched for (pre-register only). */
  client?: ClientConfig;
}

export interface Route {
  /** Short name for logs. */
  name: string;
  /** The vendor's path (`defaultEndpoints`); every route is a POST. */
  path: string;
  /**
   * Server-to-server routes: checks the caller's client credentials before
   * the body is read, and returns the client. Throws 401.
   */
  authenticate?(deps: ApiDeps, headers: IncomingHttpHeaders): ClientConfig;
  handle(context: RouteContext): Promise<ApiResult>;
}

/** The client named by `client_id`, or 403 Forbidden (R17, V11, F9, C17). */
export function requireClient(deps: ApiDeps, clientId: unknown): ClientConfig {
  const client = typeof clientId === 'string' ? deps.clients.get(clientId) : undefined;
  if (!client) throw errors.forbidden();
  return client;
}

export const channelOf = (client: ClientConfig): Channel => client.settings.auth_type;

/**
 * When the client's window since the last message of this purpose to the
 * identifier ends (epoch ms), or undefined when a message may go. Windows are
 * kept per identifier whether or not an account exists, so that neither the
 * answer nor its timing reveals one.
 */
export function windowEnd(
  deps: ApiDeps,
  client: ClientConfig,
  purpose: WindowPurpose,
  channel: Channel,
  identifier: string,
): number | undefined {
  return deps.store.windowEnd(purpose, channel, identifier, client.resendWindowSeconds);
}

/** 429 with Retry-After inside the window (resend-verification, forgot-password, pre-register's resend). */
export function enforceWindow(deps: ApiDeps, client: ClientConfig, purpose: WindowPurpose, channel: Channel, identifier: string): void {
  const end = windowEnd(deps, client, purpose, channel, identifier);
  if (end !== undefined) throw errors.tooManyRequests(end);
}
