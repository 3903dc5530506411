/**
 * The server side of test/csp/strict-csp.test.ts (issue #15.2, "strict CSP in
 * three engines"), for web-test-runner (.config/web-test-runner.config.mjs
 * registers both parts):
 *
 * - `middleware` serves the pages of test/csp/pages/ under `/csp/<page>.html`
 *   with the strict policy as a real `Content-Security-Policy` header and a
 *   fresh nonce per response on every script tag (but one marked
 *   `data-no-nonce`: the self-test's deliberate violation), like the demo
 *   site (demo/server/site.ts) does. `{{BUNDLE}}` in a page becomes the
 *   classic bundle's tag (`/dist/nid-journeys.js`), or the module bundle's
 *   with `?bundle=module`; `{{API}}` the stand-in service's origin. It also
 *   answers `/csp/config.json` (where the service is, its codes) and the
 *   invite form's action route, `POST /csp/api/invite` (the integrator's own
 *   backend, on the page's origin). Middleware runs before web-test-runner's
 *   own plugins, so nothing rewrites these answers.
 * - `plugin` starts (and stops) a small scripted Journeys API on its own
 *   loopback origin (`http://127.0.0.1:<port>`, another origin than the
 *   test pages' `localhost`): CORS, the contract v2 calls the four elements
 *   make, the hosted screens' stand-ins, and `GET /__seen` (what it was sent).
 *   The page's `connect-src` names exactly this origin. It is not the
 *   reference server (demo/server): these tests are about the policy, the
 *   lazy chunks and the locale files, not about the service.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';

const PAGES = new URL('./pages/', import.meta.url);

/** The codes the stand-in service accepts: the verification PIN and the reset link's code. */
export const PIN = '246810';
export const LINK_CODE = 'csp-link-code-4f2a';
const ACCESS_TOKEN = 'csp-access-token-91d3';

const BUNDLES = {
  classic: '<script src="/dist/nid-journeys.js"></script>',
  module: '<script type="module" src="/dist/nid-journeys.mjs"></script>',
};

/**
 * The policy: the README's strict policy ("Content Security Policy"), as the
 * demo site sends it, but for frame-ancestors (the test page frames these
 * pages, on the same origin).
 */
export function strictPolicy(nonce, apiOrigin) {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 100_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+$/;
const INVALID_CODE = { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { code: ['The code is not valid or has expired.'] } };

/** A hosted screen's stand-in: it tells the framing test page where the browser arrived (no policy: it is "the vendor's" page). */
const hostedPage = (screen) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hosted ${screen} (stand-in)</title></head>
<body><p>The service's hosted ${screen} screen (a stand-in).</p>
<script>parent.postMessage({ cspHarness: { hosted: location.href } }, '*');</script></body></html>\n`;

/** The scripted Journeys API: answers as contract v2 says for the requests the CSP journeys make. */
function createApi() {
  /** What the service was sent: method, path, query, JSON body, whether a Bearer token came. */
  const seen = [];
  return async (req, res) => {
    const origin = req.headers.origin;
    // CORS for the test pages (loopback origins only); the preflight of a JSON POST.
    const cors = typeof origin === 'string' && LOOPBACK_ORIGIN.test(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    if (req.method === 'GET' && url.pathname === '/__seen') return json(res, 200, seen, cors);
    if (req.method === 'GET' && (url.pathname === '/register' || url.pathname === '/forgot-password')) {
      seen.push({ method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(hostedPage(url.pathname.slice(1)));
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/idp/v1/account/')) return json(res, 404, { error: 'not_found' }, cors);

    let body;
    try {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new Error('not JSON');
      body = JSON.parse(await readBody(req));
    } catch {
      return json(res, 400, { error: 'invalid_request', error_description: 'a JSON body is required' }, cors);
    }
    const authorization = req.headers.authorization;
    seen.push({ method: 'POST', path: url.pathname, query: Object.fromEntries(url.searchParams), body, bearer: authorization !== undefined });
    if (seen.length > 1000) seen.splice(0, seen.length - 1000);
    const call = url.pathname.slice('/idp/v1/account/'.length);
    // Contract v2: no browser call carries credentials, but change-password's Bearer access token.
    if (authorization !== undefined && call !== 'change-password') return json(res, 400, { error: 'invalid_request', error_description: 'unexpected Authorization' }, cors);
    switch (call) {
      case 'register':
        return json(res, 200, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }, cors);
      case 'resend-verification':
      case 'forgot-password':
        return json(res, 200, {}, cors);
      case 'token':
        if (body.code === PIN || body.code === LINK_CODE) return json(res, 200, { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300 }, cors);
        return json(res, 422, INVALID_CODE, cors);
      case 'change-password':
        if (authorization !== `Bearer ${ACCESS_TOKEN}`) return json(res, 401, { error: 'http_exception', error_description: 'Unauthorized' }, cors);
        return json(res, 200, {}, cors);
      default:
        return json(res, 404, { error: 'not_found' }, cors);
    }
  };
}

/** The middleware and the plugin, sharing the stand-in service's origin. */
export function strictCspServer() {
  let apiServer;
  let apiOrigin;

  const plugin = {
    name: 'nid-strict-csp',
    async serverStart() {
      apiServer = createServer(createApi());
      await new Promise((resolve, reject) => {
        apiServer.once('error', reject);
        apiServer.listen(0, '127.0.0.1', resolve);
      });
      apiOrigin = `http://127.0.0.1:${apiServer.address().port}`;
    },
    async serverStop() {
      if (!apiServer?.listening) return;
      await new Promise((resolve) => {
        apiServer.close(() => resolve());
        apiServer.closeAllConnections();
      });
    },
  };

  /**
   * Koa middleware for `/csp/...`; everything else goes on to web-test-runner.
   * It answers on the raw response (`ctx.respond = false`): the runner's own
   * cache middleware, which wraps every user middleware, would otherwise mark
   * each answer cacheable for a year, and a page served again from the cache
   * would come with an old nonce.
   */
  async function middleware(ctx, next) {
    if (!ctx.path.startsWith('/csp/')) return next();
    ctx.respond = false;
    const send = (status, type, body, headers = {}) => {
      ctx.res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
      ctx.res.end(body);
    };
    if (!apiOrigin) return send(503, 'text/plain', 'the stand-in service has not started');
    if (ctx.method === 'GET' && ctx.path === '/csp/config.json') {
      return send(200, 'application/json', JSON.stringify({ api: apiOrigin, pin: PIN, linkCode: LINK_CODE }));
    }
    if (ctx.method === 'POST' && ctx.path === '/csp/api/invite') {
      // The integrator's backend (the server helper would call pre-register with its credentials).
      let body;
      try {
        body = JSON.parse(await readBody(ctx.req));
      } catch {
        body = undefined;
      }
      if (!body || typeof body !== 'object') return send(400, 'application/json', JSON.stringify({ error: 'invalid_request' }));
      return send(200, 'application/json', JSON.stringify({ uuid: '4b4f7a3e-7d7e-4a59-9d1c-3c3c8f3f2a10' }));
    }
    const match = /^\/csp\/([a-z-]+)\.(html|js)$/.exec(ctx.path);
    if (!['GET', 'HEAD'].includes(ctx.method) || !match) return send(404, 'text/plain', 'not found');
    let text;
    try {
      text = await readFile(new URL(`${match[1]}.${match[2]}`, PAGES), 'utf8');
    } catch {
      return send(404, 'text/plain', 'not found');
    }
    if (match[2] === 'js') return send(200, 'text/javascript; charset=utf-8', text);
    const nonce = randomBytes(16).toString('base64');
    const page = text
      .replaceAll('{{BUNDLE}}', ctx.query.bundle === 'module' ? BUNDLES.module : BUNDLES.classic)
      .replaceAll('{{API}}', apiOrigin)
      // Every script tag gets this response's nonce, but the self-test's deliberate inline script.
      .replace(/<script\b(?! data-no-nonce)/g, `<script nonce="${nonce}"`);
    return send(200, 'text/html; charset=utf-8', page, { 'Content-Security-Policy': strictPolicy(nonce, apiOrigin) });
  }

  return { plugin, middleware };
}
