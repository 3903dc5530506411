/** What the OpenID Connect endpoints and the hosted screens share. */
import type { IncomingMessage } from 'node:http';
import type { ApiDeps } from '../routes/context.js';
import type { Grants } from './grants.js';
import type { SigningKey } from './keys.js';
import type { HostedSessions } from './sessions.js';

export interface OidcContext {
  deps: ApiDeps;
  /** The API origin, no trailing slash: discovery's `issuer` and every ID token's `iss`. */
  issuer: string;
  key: SigningKey;
  grants: Grants;
  sessions: HostedSessions;
  /** Origins whose pages may call discovery, the JWKS, /token and /userinfo (the demo site's). */
  corsOrigins: ReadonlySet<string>;
  /** The package's script-tag bundle, which the hosted screens load (absolute URL). */
  bundleUrl: string;
  idTokenTtlSeconds: number;
}

/** The origin a hosted page was opened on (localhost or 127.0.0.1), so that its calls stay same-origin. */
export function pageOrigin(context: OidcContext, req: IncomingMessage): string {
  const candidate = `http://${req.headers.host ?? ''}`;
  const https = `https://${req.headers.host ?? ''}`;
  if (context.deps.apiOrigins.includes(candidate)) return candidate;
  if (context.deps.apiOrigins.includes(https)) return https;
  return context.issuer;
}

/**
 * A form posted from a page of this origin: `Origin` is one of ours, or
 * `null`/absent with the browser's `Sec-Fetch-Site: same-origin` (which no
 * page can set). Clients that send neither header (curl, tests) pass: the
 * request id bound to the session cookie is what guards the flow.
 */
export function postedFromHere(context: OidcContext, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  return origin === undefined || origin === 'null' || context.deps.apiOrigins.includes(origin);
}
