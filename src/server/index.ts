/**
 * `nid-journeys/server`: the server half of `<nid-invite-form>` (contract v2
 * section 8). The service's `POST /idp/v1/account/pre-register` needs the
 * client's Basic credentials, which must never reach a browser: the form
 * posts to your own route, built with `createPreRegisterHandler`, which
 * authorizes the administrator, validates the body with the element's
 * schema, adds `client_id`, `grant_type` and an allowed `redirect_uri`, and
 * makes the call server-to-server (never following a redirect).
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
 *   // Required by the service; must be in the client's redirect_uri allowlist.
 *   redirectUri: 'https://app.example.com/activated',
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
  ALREADY_EXISTS_MESSAGE,
  createPreRegisterHandler,
  DEFAULT_SERVER_TIMEOUT_MS,
  type Authorize,
  type FetchHandler,
  type PreRegisterHandlerOptions,
} from './pre-register.js';
export { toNodeHandler, type NodeHandler, type NodeRequestLike, type NodeResponseLike } from './node.js';
export { MAX_BODY_BYTES } from './http.js';
