/**
 * The demo site, the integrator's side: the HTML pages of demo/, the built
 * package under /dist/, a generated /demo-config.js (the ports are only
 * known at start-up), each client's settings at /settings/<client-id>.json
 * (the elements' `settings-src`: the vendor has no settings endpoint), the
 * outbox at /outbox and /outbox.json (only where outbox-exposure.ts allows
 * it: live codes), the administrator area (admin.ts:
 * sign-in, admin.html only with a session, the invite route), and the
 * backend's sign-in through the hosted screens (auth.ts, /auth/*).
 *
 * Static serving is deliberately narrow: GET/HEAD only, an extension
 * allowlist, no dot-files, no path traversal (checked on decoded segments and
 * again on the resolved real path), and demo/ serves only its top-level files
 * (so demo/server/ sources are never exposed).
 */
import { randomBytes } from 'node:crypto';
import { realpath, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { ADMIN_PAGE, SIGN_IN_PAGE, type DemoAdmin } from './admin.js';
import type { DemoAuth } from './auth.js';
import type { ClientConfig } from './clients.js';
import { escapeHtml, renderOutbox, renderOutboxOff } from './outbox-page.js';
import type { Store } from './store.js';

export interface SiteConfig {
  siteUrl: string;
  apiUrl: string;
  /** Origins the pages may connect to (the API under its localhost and 127.0.0.1 names). */
  apiOrigins: string[];
  /** The environment id the API answers to (`env-id` of the elements). */
  envId: string;
  store: Store;
  clients: ReadonlyMap<string, ClientConfig>;
  admin: DemoAdmin;
  /** The backend for frontend: /auth/sign-in, /auth/callback, /auth/session, /auth/sign-out. */
  auth: DemoAuth;
  /** Serve /outbox and /outbox.json (outbox-exposure.ts); when false both answer 404. */
  outbox: boolean;
}

export interface SiteOptions {
  demoDir: string;
  distDir: string;
  /** Send a strict Content-Security-Policy (the elements are meant to run under one). */
  csp: boolean;
  /** Undefined until both servers listen. */
  config: () => SiteConfig | undefined;
  log: (line: string) => void;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** `/settings/demo-email.json`: a client's settings, as the elements' `settings-src` fetches them. */
const SETTINGS_PATH = /^\/settings\/([A-Za-z0-9_-]{1,64})\.json$/;

/** A path segment we are willing to look up on disk. */
const SAFE_SEGMENT = /^[A-Za-z0-9_@+~-][A-Za-z0-9_@+~.-]*$/;

/**
 * The strictest policy an integrator would run the elements under: scripts
 * only by nonce (the page's own tags; what they load, such as the bundle's
 * lazy chunks, through 'strict-dynamic'), no inline styles, Trusted Types.
 */
function csp(config: SiteConfig, nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${config.apiOrigins.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    // The backend's sign-out answers a form post with a redirect to the service's /endsession.
    `form-action 'self' ${config.apiOrigins.join(' ')}`,
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

class NotFound extends Error {}

/** Decodes and checks every segment, then resolves under `root`; undefined for anything suspicious. */
async function resolveUnder(root: string, segments: string[]): Promise<string | undefined> {
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (!SAFE_SEGMENT.test(value)) return undefined; // also rejects '', '.', '..', '/', '\\', NUL
    decoded.push(value);
  }
  const rootReal = await realpath(root).catch(() => undefined);
  if (!rootReal) return undefined;
  const file = resolve(rootReal, ...decoded);
  const real = await realpath(file).catch(() => undefined);
  if (!real || !real.startsWith(rootReal + sep)) return undefined;
  const info = await stat(real).catch(() => undefined);
  return info?.isFile() && contentTypes[extname(real)] ? real : undefined;
}

export function createSite(options: SiteOptions): (req: IncomingMessage, res: ServerResponse) => void {
  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    config: SiteConfig | undefined,
    extraHeaders: Record<string, string> = {},
  ): void {
    const strict = Boolean(options.csp && config && type.startsWith('text/html'));
    const nonce = randomBytes(16).toString('base64');
    // Each response's script tags carry its fresh nonce (the pages have no inline script to trust).
    if (strict) body = (typeof body === 'string' ? body : body.toString('utf8')).replace(/<script\b/g, `<script nonce="${nonce}"`);
    const headers: Record<string, string | number> = {
      ...extraHeaders,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Activation links carry a token in the query: never pass the URL on to another site.
      'Referrer-Policy': 'no-referrer',
    };
    if (strict && config) headers['Content-Security-Policy'] = csp(config, nonce);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function notFoundPage(pathname: string): string {
    const inDist = pathname.startsWith('/dist/');
    const hint = inDist
      ? '<p>The package is not built yet (or this file is not part of it): run <code>npm run build</code>, then reload.</p>'
      : '<p>There is no such page in the demo. <a href="/">Back to the demo</a>.</p>';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/demo.css"></head><body><main><h1>Not found: ${escapeHtml(pathname)}</h1>${hint}</main></body></html>\n`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const config = options.config();
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://site.invalid').pathname;
    if (config && (method === 'GET' || method === 'POST') && (await config.auth.handle(req, res, pathname))) {
      if (res.statusCode >= 400) options.log(`site: ${method} ${pathname} -> ${res.statusCode}`);
      return;
    }
    if (method === 'POST' && config && (await config.admin.handlePost(req, res, pathname))) {
      if (res.statusCode >= 400) options.log(`site: ${method} ${pathname} -> ${res.statusCode}`);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    if (!config) {
      send(req, res, 503, 'text/plain; charset=utf-8', 'Starting, try again in a moment.\n', config);
      return;
    }
    try {
      if (pathname === ADMIN_PAGE && !config.admin.signedIn(req.headers.cookie)) {
        res.writeHead(303, { Location: SIGN_IN_PAGE, 'Cache-Control': 'no-store', 'Content-Length': 0 });
        res.end();
      } else if (pathname === '/demo-config.js') {
        const value = JSON.stringify({ apiBase: config.apiUrl, siteUrl: config.siteUrl, envId: config.envId }).replace(/</g, '\\u003c');
        send(req, res, 200, contentTypes['.js']!, `window.NID_DEMO = Object.freeze(${value});\n`, config);
      } else if (SETTINGS_PATH.test(pathname)) {
        const client = config.clients.get(SETTINGS_PATH.exec(pathname)?.[1] ?? '');
        if (client) send(req, res, 200, contentTypes['.json']!, JSON.stringify(client.settings, null, 2), config);
        else send(req, res, 404, contentTypes['.json']!, JSON.stringify({ error: 'not_found' }), config);
      } else if (pathname === '/outbox' && !config.outbox) {
        send(req, res, 404, contentTypes['.html']!, renderOutboxOff(), config);
      } else if (pathname === '/outbox.json' && !config.outbox) {
        send(req, res, 404, contentTypes['.json']!, JSON.stringify({ error: 'not_found' }), config);
      } else if (pathname === '/outbox') {
        send(req, res, 200, contentTypes['.html']!, renderOutbox(config.store.outbox()), config);
      } else if (pathname === '/outbox.json') {
        send(req, res, 200, contentTypes['.json']!, JSON.stringify(config.store.outbox(), null, 2), config);
      } else {
        const segments = pathname.split('/').slice(1);
        let file: string | undefined;
        if (segments[0] === 'dist' && segments.length > 1) file = await resolveUnder(options.distDir, segments.slice(1));
        else if (pathname === '/') file = await resolveUnder(options.demoDir, ['index.html']);
        else if (segments.length === 1) file = await resolveUnder(options.demoDir, segments);
        if (!file) throw new NotFound();
        // The built package is public: the hosted screens (API origin) load it, and its lazy chunks
        // are modules, which a page of another origin may import only with CORS.
        const cors = segments[0] === 'dist' ? { 'Access-Control-Allow-Origin': '*' } : undefined;
        send(req, res, 200, contentTypes[extname(file)]!, await readFile(file), config, cors);
      }
    } catch (error) {
      if (error instanceof NotFound) {
        send(req, res, 404, contentTypes['.html']!, notFoundPage(pathname), config);
      } else {
        options.log(`site: error on GET ${pathname}: ${error instanceof Error ? error.message : 'unknown'}`);
        if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'Internal error\n', config);
      }
    }
    // Only failures: a page load fetches many files, and the API log is the interesting one.
    if (res.statusCode >= 400) options.log(`site: ${method} ${pathname} -> ${res.statusCode}`);
  }

  return (req, res) => void handle(req, res);
}
