/**
 * `nid-journeys/server`: the server half of `<nid-invite-form>` (contract
 * 4.4). The service's `/pre-register` call needs the client's Basic
 * credentials, which must never reach a browser: the form posts to your own
 * route, built with `createPreRegisterHandler`, which authorizes the
 * administrator, validates the body with the element's schema and makes the
 * call server-to-server.
 *
 * Web platform APIs only, plus zod through the contract: Node 20+, Deno,
 * Bun, Workers. `toNodeHandler` adapts the handler to Node's `(req, res)`.
 *
 * @example Next.js (`app/api/invite/route.ts`)
 * ```ts
 * import { createPreRegisterHandler } from 'nid-journeys/server';
 *
 * export const POST = createPreRegisterHandler({
 *   baseDomain: process.env.NID_BASE_DOMAIN!,
 *   clientId: process.env.NID_CLIENT_ID!,
 *   clientSecret: process.env.NID_CLIENT_SECRET!,
 *   authorize: async (request) => (await getSession(request))?.role === 'admin',
 * });
 * ```
 *
 * @example Express
 * ```ts
 * import { createPreRegisterHandler, toNodeHandler } from 'nid-journeys/server';
 *
 * app.post('/api/invite', toNodeHandler(createPreRegisterHandler({ ...sameOptions })));
 * ```
 *
 * @packageDocumentation
 */
export {
  createPreRegisterHandler,
  DEFAULT_SERVER_TIMEOUT_MS,
  type Authorize,
  type FetchHandler,
  type PreRegisterHandlerOptions,
} from './pre-register.js';
export { toNodeHandler, type NodeHandler, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { MAX_BODY_BYTES } from './http.js';
