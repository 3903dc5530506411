/**
 * What every route of the reference Journeys API gets, and the helpers that
 * several journeys share (client lookup, the resend window).
 *
 * A route is a plain object: later journeys (activate, forgot and reset
 * password, pre-register) add one file each and one line in routes/index.ts.
 */
import type { ClientConfig } from '../clients.js';
import { errors, type ApiResult } from '../http.js';
import type { Channel, Store } from '../store.js';

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
}

export interface Route {
  /** Short name for logs and idempotency scopes. */
  name: string;
  method: 'GET' | 'POST';
  /** The contract's path; `{name}` placeholders match one path segment. */
  path: string;
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
 * Throws 429 while the client's resend window since the last activation
 * message to this identifier is open. The timestamp is kept per identifier
 * whether or not an account exists, so the answer never reveals one.
 */
export function checkResendWindow(deps: ApiDeps, client: ClientConfig, channel: Channel, identifier: string): void {
  const last = deps.store.lastActivationMessage(channel, identifier);
  if (last === undefined) return;
  const retryAt = last + client.resendWindowSeconds * 1000;
  if (deps.now() < retryAt) throw errors.rateLimited(retryAt);
}
