/**
 * The reference Journeys API: a request pipeline around the routes of
 * routes/index.ts, plus the hosted activation stand-in (`/activate`), and,
 * when given an OIDC context, the hosted screens and the OpenID Connect
 * endpoints (oidc/: `/authorize`, `/register`, `/forgot-password`,
 * `/personal-details`, `/token`, `/userinfo`, `/endsession`, discovery and
 * the JWKS), which do their own CORS and answer in their own formats.
 *
 * For the JSON calls it does, in this order: CORS (demo site origins only;
 * a page of any other site is refused before any work), routing (404, 405),
 * the `?env_id=` check (400 invalid_domain), client credentials for
 * server-to-server routes (401, before the body is read), the body (413,
 * 400 for an empty or malformed one, 415 for another content type), then the
 * route, whose ApiError becomes the vendor's error body.
 *
 * Logs carry method, path, status and duration: never a body, a query
 * string (the hosted page's code is in one) or a header value, so no
 * password, PIN, code or token can reach a log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostedActivation } from './hosted-activation.js';
import { ApiError, errors, isJsonContentType, parseJsonObject, readBody, sendJson, type ApiResult } from './http.js';
import type { ApiDeps, Route } from './routes/context.js';
import { routes as defaultRoutes } from './routes/index.js';
import { HOSTED_ACTIVATION_PATH } from './routes/pre-register.js';
import type { OidcContext } from './oidc/context.js';
import { hostedPage } from './oidc/hosted-pages.js';
import { oidcEndpoint } from './oidc/provider.js';

export interface JourneysApiOptions extends ApiDeps {
  /** Origins whose pages may call the API (`http://localhost:4400`, ...). */
  allowedOrigins: readonly string[];
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  routes?: readonly Route[];
  /** The hosted screens and OpenID Connect endpoints (absent: the JSON API only). */
  oidc?: OidcContext;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function createJourneysApi(options: JourneysApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { allowedOrigins, bodyLimit = DEFAULT_BODY_LIMIT, routes = defaultRoutes, oidc, ...deps } = options;
  const byPath = new Map(routes.map((route) => [route.path, route]));
  const origins = new Set(allowedOrigins);

  function respond(res: ServerResponse, result: ApiResult, extra: Record<string, string>): void {
    const headers: Record<string, string> = { ...result.headers, ...extra };
    if (result.retryAt !== undefined) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((result.retryAt - deps.now()) / 1000)));
    }
    sendJson(res, result.status, result.body, headers);
  }

  /** `?env_id=` is optional; when given (each time it is given) it must name this environment (F8, C15). */
  function checkEnvironment(url: URL): void {
    if (url.searchParams.getAll('env_id').some((value) => value !== deps.envId)) throw errors.invalidDomain();
  }

  async function run(route: Route, req: IncomingMessage): Promise<ApiResult> {
    const client = route.authenticate?.(deps, req.headers);
    const raw = await readBody(req, bodyLimit);
    // An empty body is the vendor's 400 whatever its type; a non-empty one must say it is JSON.
    if (raw.toString('utf8').trim() !== '' && !isJsonContentType(req.headers['content-type'])) throw errors.unsupportedMediaType();
    const body = parseJsonObject(raw);
    return route.handle({ deps, body, headers: req.headers, ...(client ? { client } : {}) });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    const pathname = url.pathname;
    const origin = req.headers.origin;
    const allowed = origin !== undefined && origins.has(origin);
    const cors: Record<string, string> = { Vary: 'Origin' };
    if (allowed) {
      cors['Access-Control-Allow-Origin'] = origin;
      cors['Access-Control-Expose-Headers'] = 'Retry-After';
    }

    try {
      if (pathname === HOSTED_ACTIVATION_PATH) {
        // A page of its own (navigated to, not fetched): no CORS, its own checks.
        await hostedActivation(deps, req, res);
      } else if (oidc && ((await hostedPage(oidc, pathname, req, res)) || (await oidcEndpoint(oidc, pathname, req, res)))) {
        // Pages (navigations) and the OIDC endpoints (their own CORS and error formats).
      } else if (origin !== undefined && !allowed) {
        // Browsers send Origin on every cross-origin request: a page of another site gets nothing done.
        throw errors.forbidden();
      } else if (method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          ...(allowed
            ? {
                'Access-Control-Allow-Methods': 'POST',
                // Authorization: the Bearer token of change-password (contract section 1).
                'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization',
                'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
              }
            : { Allow: 'POST, OPTIONS' }),
        });
        res.end();
      } else {
        const route = byPath.get(pathname);
        if (!route) throw errors.notFound();
        if (method !== 'POST') throw errors.methodNotAllowed('POST');
        checkEnvironment(url);
        respond(res, await run(route, req), cors);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        respond(res, error.toResult(), cors);
      } else {
        // Name and message only: neither holds request data in this code base.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
        deps.log(`api: internal error on ${method} ${pathname}: ${reason}`);
        if (!res.headersSent) respond(res, errors.internal().toResult(), cors);
        else res.destroy();
      }
    }
    deps.log(`api: ${method} ${pathname} -> ${res.statusCode} (${Math.round(performance.now() - started)} ms)`);
  }

  return (req, res) => void handle(req, res);
}
