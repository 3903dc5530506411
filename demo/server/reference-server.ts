/**
 * Starts the demo site and the reference Journeys API on two ports (two
 * origins, as with a real identity service, so CORS is exercised).
 *
 * Used by `npm run demo` (main.ts) and in-process by the node and e2e tests,
 * which pass port 0 for ephemeral ports and read the URLs back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createDemoAdmin } from './admin.js';
import { createDemoAuth } from './auth.js';
import { demoClients, type ClientConfig } from './clients.js';
import { createJourneysApi } from './journeys-api.js';
import type { ApiDeps } from './routes/context.js';
import { inviteAccount, type InviteInit } from './routes/pre-register.js';
import type { OidcContext } from './oidc/context.js';
import { Grants } from './oidc/grants.js';
import { createSigningKey } from './oidc/keys.js';
import { HostedSessions } from './oidc/sessions.js';
import { isLoopbackAddress, outboxOffNote, outboxWarning } from './outbox-exposure.js';
import { createSite, type SiteConfig } from './site.js';
import { DEFAULT_RESET_CODE_TTL_SECONDS, Store, type Account } from './store.js';

export interface ReferenceServerOptions {
  /** Port of the demo site (default 4400; 0 picks a free one). */
  sitePort?: number;
  /** Port of the Journeys API (default 4401; 0 picks a free one). */
  apiPort?: number;
  /** Interface to bind (default 127.0.0.1). URLs always name `localhost` for loopback binds. */
  host?: string;
  /** The environment id of the API: a call with another `?env_id=` gets 400 invalid_domain (default `demo`). */
  envId?: string;
  /** Resend window of every demo client, in seconds (default 60). */
  resendWindowSeconds?: number;
  /** The built package, served under /dist/ (default `<repo>/dist`). */
  distDir?: string;
  /** The demo pages (default `<repo>/demo`). */
  demoDir?: string;
  /** Send a strict CSP with the demo pages (default true). */
  csp?: boolean;
  /** One line per request; never receives bodies or secrets. Default: console.log. */
  log?: (line: string) => void;
  /** Clock in epoch ms, for tests of the windows and of code expiry. */
  now?: () => number;
  /** How long a verification PIN works (default 900: 15 minutes). */
  verificationCodeTtlSeconds?: number;
  /** How long a password reset PIN or link works (default 3600: 1 hour). */
  resetCodeTtlSeconds?: number;
  /** How long an invitation link works (default 86400: 24 hours). */
  invitationTtlSeconds?: number;
  /** How long an ID token of the hosted /token is valid (default 3600: 1 hour). */
  idTokenTtlSeconds?: number;
  /**
   * More origins that count as the demo site's, e.g. a test runner's pages
   * (`http://localhost:8000`): like the site's own, they may call the API and
   * the OpenID Connect endpoints (CORS), and their return pages
   * (`/callback.html`...) and post-logout pages are on every client's lists.
   */
  siteAliases?: readonly string[];
  /**
   * Serve the outbox (live codes) even when bound to a network address, not
   * loopback, with a loud warning on stderr (default false: off there;
   * outbox-exposure.ts). On loopback the outbox is always served.
   */
  allowOutbox?: boolean;
  /** Where the start-up warning goes (several lines). Default: console.error. */
  warn?: (text: string) => void;
}

export interface ReferenceServer {
  /** e.g. `http://localhost:4400` (no trailing slash). */
  siteUrl: string;
  /** The API base domain, e.g. `http://localhost:4401`: also the OpenID Connect issuer, exactly. */
  apiUrl: string;
  envId: string;
  store: Store;
  clients: ReadonlyMap<string, ClientConfig>;
  /** Whether /outbox and /outbox.json are served (loopback, or allowOutbox). */
  outbox: boolean;
  /** Invites someone as pre-register does (an invitation in the outbox); the identifier must be free. */
  invite(init: InviteInit & { clientId: string }): Account;
  close(): Promise<void>;
}

export const DEFAULT_ENV_ID = 'demo';
export const DEFAULT_ID_TOKEN_TTL_SECONDS = 60 * 60;
/** The least time a hosted request waits for its user (the hosted forgot-password's reset link returns to it). */
const MIN_HOSTED_REQUEST_TTL_MS = 60 * 60 * 1000;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const LOOPBACK_OR_ANY = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} on ${host} is already in use (set PORT / API_PORT to other ports).`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Browsers keep connections alive; without this close() waits for them.
    server.closeAllConnections();
  });
}

/** The extra site origins, each exactly an origin (no path, no trailing slash), as CORS compares them. */
function siteAliasesOf(aliases: readonly string[] = []): string[] {
  for (const alias of aliases) {
    if (!URL.canParse(alias) || new URL(alias).origin !== alias) throw new Error(`siteAliases: ${alias} is not an origin`);
  }
  return [...aliases];
}

/** Whether the bound site may serve its outbox; warns (or notes) when it is on a network address. */
function outboxServed(siteServer: Server, options: ReferenceServerOptions, log: (line: string) => void): boolean {
  const { address, port } = siteServer.address() as AddressInfo;
  if (isLoopbackAddress(address)) return true;
  const boundTo = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (!options.allowOutbox) {
    log(outboxOffNote(boundTo));
    return false;
  }
  (options.warn ?? ((text: string) => console.error(text)))(outboxWarning(boundTo));
  return true;
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const envId = options.envId ?? DEFAULT_ENV_ID;
  const store = new Store(now, {
    ...(options.verificationCodeTtlSeconds !== undefined ? { verificationCodeTtlSeconds: options.verificationCodeTtlSeconds } : {}),
    ...(options.resetCodeTtlSeconds !== undefined ? { resetCodeTtlSeconds: options.resetCodeTtlSeconds } : {}),
    ...(options.invitationTtlSeconds !== undefined ? { invitationTtlSeconds: options.invitationTtlSeconds } : {}),
  });

  // Handlers are attached now but answer 503 until both ports (and so all URLs) are known.
  let siteConfig: SiteConfig | undefined;
  const siteServer = createServer(
    createSite({
      demoDir: options.demoDir ?? `${repoRoot}demo`,
      distDir: options.distDir ?? `${repoRoot}dist`,
      csp: options.csp ?? true,
      config: () => siteConfig,
      log,
    }),
  );
  let apiHandler: ReturnType<typeof createJourneysApi> | undefined;
  const apiServer = createServer((req, res) => {
    if (apiHandler) return apiHandler(req, res);
    res.writeHead(503, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'http_exception', error_description: 'Service Unavailable' }));
  });

  try {
    // The ID tokens' key: generated for this process, published at /.well-known/jwks.json.
    const signingKey = await createSigningKey();
    const sitePort = await listen(siteServer, options.sitePort ?? 4400, host);
    const apiPort = await listen(apiServer, options.apiPort ?? 4401, host);
    const outbox = outboxServed(siteServer, options, log);
    const publicHost = LOOPBACK_OR_ANY.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    const siteUrl = `http://${publicHost}:${sitePort}`;
    const apiUrl = `http://${publicHost}:${apiPort}`;
    // The same pages may be opened as 127.0.0.1 or [::1]: they are the same demo site.
    const siteOrigins = [siteUrl, `http://127.0.0.1:${sitePort}`, `http://[::1]:${sitePort}`, ...siteAliasesOf(options.siteAliases)];
    // CSP source expressions cannot name IPv6 literals, so the API is reachable as localhost or 127.0.0.1.
    const apiOrigins = [apiUrl, `http://127.0.0.1:${apiPort}`];
    const clients = demoClients({
      siteUrl,
      siteAliases: siteOrigins.slice(1),
      apiOrigins,
      resendWindowSeconds: options.resendWindowSeconds ?? 60,
    });

    const sessions = new HostedSessions({
      now,
      secure: apiUrl.startsWith('https:'),
      apiOrigins,
      requestTtlMs: Math.max(MIN_HOSTED_REQUEST_TTL_MS, (options.resetCodeTtlSeconds ?? DEFAULT_RESET_CODE_TTL_SECONDS) * 1000),
    });
    const deps: ApiDeps = { store, clients, apiUrl, apiOrigins, envId, now, log, hosted: sessions };
    const oidc: OidcContext = {
      deps,
      issuer: apiUrl,
      key: signingKey,
      grants: new Grants(now),
      sessions,
      corsOrigins: new Set(siteOrigins),
      // The hosted screens use the package's own elements, from the demo site's build.
      bundleUrl: `${siteUrl}/dist/nid-journeys.js`,
      idTokenTtlSeconds: options.idTokenTtlSeconds ?? DEFAULT_ID_TOKEN_TTL_SECONDS,
    };
    // The hosted screens (API origin) call the API too: their own origins are allowed.
    apiHandler = createJourneysApi({ ...deps, allowedOrigins: [...siteOrigins, ...apiOrigins], oidc });
    // The admin page invites to demo-email: every profile field, consents and a custom field.
    const inviteClient = clients.get('demo-email');
    if (!inviteClient) throw new Error('demo client demo-email is missing');
    const admin = createDemoAdmin({ client: inviteClient, apiUrl, siteOrigins, now, log });
    // The backend's sign-in (auth.ts) uses demo-email too, as a confidential client.
    const auth = createDemoAuth({ client: inviteClient, apiUrl, siteOrigins, log });
    siteConfig = { siteUrl, apiUrl, apiOrigins, envId, store, clients, admin, auth, outbox };

    return {
      siteUrl,
      apiUrl,
      envId,
      outbox,
      store,
      clients,
      invite({ clientId, ...init }) {
        const client = clients.get(clientId);
        if (!client) throw new Error(`invite: unknown client ${clientId}`);
        if (store.findAccount(init.channel, init.identifier)) throw new Error('invite: the identifier has an account');
        return inviteAccount(deps, client, init);
      },
      close: async () => {
        await Promise.all([closeServer(siteServer), closeServer(apiServer)]);
      },
    };
  } catch (error) {
    await Promise.all([closeServer(siteServer), closeServer(apiServer)]);
    throw error;
  }
}
