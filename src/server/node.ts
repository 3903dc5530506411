/**
 * Runs a Fetch API handler in Node's `http` server, Express, Connect or a
 * Next.js `pages/api` route. Structural types only, no `node:` import: the
 * entry stays loadable in Workers and Deno, and its type declarations need
 * no `@types/node`.
 */
import { errorResponse } from './http.js';

/** The part of Node's `IncomingMessage` (or Express's `Request`) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  /** Express: the URL before a router stripped its mount path. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket (`encrypted: true`) makes the request URL `https:`; its `remoteAddress` is the peer's IP. */
  socket?: object | null | undefined;
  /** A body a framework already parsed (`express.json()`, Next.js API routes). */
  body?: unknown;
  readableEnded?: boolean | undefined;
}

/** The part of Node's `ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  readonly headersSent?: boolean | undefined;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  end(body?: Uint8Array): unknown;
  destroy?(): unknown;
}

export type NodeHandler = (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

/**
 * What toNodeHandler gives a handler besides the Request: the peer's IP (the
 * journeys relay reads it). A handler that takes the Request alone (a
 * `FetchHandler`) fits too.
 */
export interface NodeContext {
  clientIp: string | undefined;
}

function isTls(socket: object | null | undefined): boolean {
  return socket != null && 'encrypted' in socket && socket.encrypted === true;
}

/**
 * The request's own URL as the browser addressed it: scheme from the socket,
 * host from the Host header. X-Forwarded-* headers are not trusted; behind a
 * proxy that changes them, name the public origin in `allowedOrigins`.
 */
function requestUrl(req: NodeRequestLike): URL | undefined {
  const host = req.headers['host'];
  try {
    return new URL(req.originalUrl ?? req.url ?? '/', `${isTls(req.socket) ? 'https' : 'http'}://${typeof host === 'string' && host !== '' ? host : 'localhost'}`);
  } catch {
    return undefined;
  }
}

/**
 * The body for the Request: what a framework parsed already, else Node's
 * stream, read lazily so that the handler's refusals (method, origin,
 * authorize) never wait for a body and its size limit applies while reading.
 */
function requestBody(req: NodeRequestLike): BodyInit | undefined {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') return undefined;
  // body-parser (Express 4) sets `req.body = {}` even when it did not read the stream:
  // a parsed body counts only once the stream has been consumed.
  if (req.body !== undefined && req.body !== null && req.readableEnded === true) {
    const { body } = req;
    if (typeof body === 'string') return body;
    if (body instanceof Uint8Array) return new Uint8Array(body); // express.raw(): a Buffer
    return JSON.stringify(body);
  }
  const iterator = req[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      // Nothing to do: ending Node's stream here would close the socket before the 413 goes out.
      cancel() {},
    },
    // Read nothing until the handler asks.
    { highWaterMark: 0 },
  );
}

function requestHeaders(req: NodeRequestLike, reparsed: boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are not header names; a re-serialised body has another length.
    if (value === undefined || name.startsWith(':') || (reparsed && name === 'content-length')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/** The peer's IP (the relay's per-IP limit): the socket's, never a header a client can set. */
function remoteAddress(socket: object | null | undefined): string | undefined {
  return socket != null && 'remoteAddress' in socket && typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
}

async function write(res: NodeResponseLike, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  // Headers joins nothing for Set-Cookie: each cookie is its own header line.
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // The rest of an oversized body was not read: do not keep the connection for another request.
  if (response.status === 413) headers['connection'] = 'close';
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Adapts a Fetch API handler (such as `createPreRegisterHandler`'s) to
 * Node's `(req, res)`: `http.createServer`, Express, Connect, Next.js
 * `pages/api`. A body that `express.json()` already parsed is used as is;
 * otherwise the stream is read, at most 64 KB (413 beyond). The handler
 * gets `{ clientIp }` (the socket's peer address) as its second argument,
 * for the journeys relay's per-IP limit; each `Set-Cookie` stays its own
 * header.
 *
 * @example Express
 * ```ts
 * import express from 'express';
 * import { createPreRegisterHandler, toNodeHandler } from 'nid-journeys/server';
 *
 * const app = express();
 * app.post('/api/invite', toNodeHandler(createPreRegisterHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   redirectUri: process.env.NID_REDIRECT_URI!,
 *   authorize: (request) => isAdminSession(request.headers.get('cookie')),
 * })));
 * ```
 *
 * @example Node's http
 * ```ts
 * http.createServer(toNodeHandler(handler)).listen(3000);
 * ```
 */
export function toNodeHandler(handler: (request: Request, context: NodeContext) => Promise<Response>): NodeHandler {
  if (typeof handler !== 'function') throw new Error('nid-journeys/server: toNodeHandler needs a handler function.');
  return async (req, res) => {
    try {
      const url = requestUrl(req);
      if (!url) {
        await write(res, errorResponse(400, 'invalid_request', 'The request URL or Host header is not valid.'));
        return;
      }
      const body = requestBody(req);
      const init: RequestInit & { duplex?: 'half' } = {
        method: req.method ?? 'GET',
        headers: requestHeaders(req, typeof body === 'string' || body instanceof Uint8Array),
        ...(body !== undefined ? { body, duplex: 'half' } : {}),
      };
      const context: NodeContext = { clientIp: remoteAddress(req.socket) };
      await write(res, await handler(new Request(url, init), context));
    } catch {
      // The handler answers every failure itself; this is a broken socket or a bad header from the client.
      if (!res.headersSent) await write(res, errorResponse(400, 'invalid_request', 'The request could not be read.')).catch(() => res.destroy?.());
      else res.destroy?.();
    }
  };
}
