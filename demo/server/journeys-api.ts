/**
 * The reference Journeys API: a request pipeline around the routes of
 * routes/index.ts. It does CORS (demo site origins only), routing, JSON body
 * checks, Idempotency-Key replays and the contract's error shape.
 *
 * Logs carry method, path, status and duration: never a body, a query string
 * or a header value, so no password or answer can reach a log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/server/http.js';
import { ApiError, errors, isJsonContentType, parseJsonObject, readBody, sendJson, type ApiResult } from './http.js';
import type { ApiDeps, Route } from './routes/context.js';
import { routes as defaultRoutes } from './routes/index.js';

export interface JourneysApiOptions extends ApiDeps {
  /** Origins whose pages may call the API (`http://localhost:4400`, ...). */
  allowedOrigins: readonly string[];
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  routes?: readonly Route[];
}

const DEFAULT_BODY_LIMIT = 64 * 1024;
const PREFLIGHT_MAX_AGE_SECONDS = 600;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: Route): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.path
    .split(/(\{\w+\})/)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { route, pattern: new RegExp(`^${source}$`), paramNames };
}

/** Status codes whose answers are kept for replays: work was done, or a wait was imposed. */
function keepForReplay(response: ApiResult): boolean {
  return (response.status >= 200 && response.status < 300) || (response.status === 429 && response.retryAt !== undefined);
}

export function createJourneysApi(options: JourneysApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { allowedOrigins, bodyLimit = DEFAULT_BODY_LIMIT, ...deps } = options;
  const compiled = (options.routes ?? defaultRoutes).map(compile);
  const origins = new Set(allowedOrigins);

  function match(pathname: string, method: string): { route: Route; params: Record<string, string> } {
    const candidates: { route: Route; params: Record<string, string> }[] = [];
    for (const { route, pattern, paramNames } of compiled) {
      const found = pattern.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      try {
        paramNames.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      } catch {
        throw errors.notFound(); // malformed %-escape in a path segment
      }
      candidates.push({ route, params });
    }
    if (candidates.length === 0) throw errors.notFound();
    const hit = candidates.find((c) => c.route.method === method);
    if (!hit) throw errors.methodNotAllowed([...new Set(candidates.map((c) => c.route.method))].join(', '));
    return hit;
  }

  function respond(res: ServerResponse, result: ApiResult, extra: Record<string, string>): void {
    const headers: Record<string, string> = { ...result.headers, ...extra };
    if (result.retryAt !== undefined) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil((result.retryAt - deps.now()) / 1000)));
    }
    sendJson(res, result.status, result.body, headers);
  }

  async function run(
    route: Route,
    req: IncomingMessage,
    params: Record<string, string>,
  ): Promise<{ result: ApiResult; replayed: boolean }> {
    const client = route.authenticate?.(deps, req.headers);
    let body: Record<string, unknown> = {};
    if (route.method === 'POST') {
      if (!isJsonContentType(req.headers['content-type'])) throw errors.unsupportedMediaType();
      body = parseJsonObject(await readBody(req, bodyLimit));
    }
    const execute = async (): Promise<ApiResult> => {
      try {
        return await route.handle({ deps, body, params, ...(client ? { client } : {}) });
      } catch (error) {
        if (error instanceof ApiError) return error.toResult();
        throw error;
      }
    };
    const key = req.headers['idempotency-key'];
    if (route.method !== 'POST' || key === undefined) return { result: await execute(), replayed: false };
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw errors.invalidRequest('Idempotency-Key must be 1 to 255 visible ASCII characters.');
    }
    const scope = client ? `${route.name}\n${client.id}` : route.name;
    const { response, replayed } = await deps.store.idempotent(`${scope}\n${key}`, execute, keepForReplay);
    return { result: response, replayed };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://api.invalid').pathname;
    const origin = req.headers.origin;
    const allowed = origin !== undefined && origins.has(origin);
    const cors: Record<string, string> = { Vary: 'Origin' };
    let replayed = false;
    if (allowed) {
      cors['Access-Control-Allow-Origin'] = origin;
      cors['Access-Control-Expose-Headers'] = 'Retry-After';
    }

    try {
      // Browsers send Origin on every cross-origin request; any other page is refused outright.
      if (origin !== undefined && !allowed) throw errors.forbiddenOrigin();
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          ...(allowed
            ? {
                'Access-Control-Allow-Methods': 'GET, POST',
                'Access-Control-Allow-Headers': 'Content-Type, Accept, Idempotency-Key',
                'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
              }
            : { Allow: 'GET, POST, OPTIONS' }),
        });
        res.end();
      } else {
        const { route, params } = match(pathname, method);
        const outcome = await run(route, req, params);
        replayed = outcome.replayed;
        respond(res, outcome.result, replayed ? { ...cors, 'Idempotent-Replayed': 'true' } : cors);
      }
    } catch (error) {
      if (error instanceof ApiError) {
        const extra = error.headers ?? {};
        respond(res, error.toResult(), { ...cors, ...extra, ...(error.status === 413 ? { Connection: 'close' } : {}) });
      } else {
        // Name and message only: neither holds request data in this code base.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
        deps.log(`api: internal error on ${method} ${pathname}: ${reason}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'Internal error.' }, cors);
        else res.destroy();
      }
    }
    const replay = replayed ? ' (idempotent replay)' : '';
    deps.log(`api: ${method} ${pathname} -> ${res.statusCode} (${Math.round(performance.now() - started)} ms)${replay}`);
  }

  return (req, res) => void handle(req, res);
}
