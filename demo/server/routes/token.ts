/**
 * `POST /idp/v1/account/token` (contract sections 4 and 5): a one-time code
 * for an access token.
 *
 * - `grant_type: "pin"` with a pending account's verification PIN: the
 *   account is verified (active) and signed in: a session access token.
 * - `grant_type: "pin"` with a reset PIN (forgot-password by SMS), or
 *   `grant_type: "authorization_code"` with a reset link's code (by email):
 *   an access token that may change the password once.
 *
 * Answer: 200 `{ access_token, token_type: "Bearer", expires_in }`. The
 * token is random and kept as a digest only.
 *
 * A wrong, used or expired code, or one of another account or client, is
 * one answer: 422 `invalid_form_fields` on `code`. PINs are single-use,
 * expire, and are burned after five wrong guesses (store.redeemPin); link
 * codes are single-use and expire.
 *
 * Order of checks: the body's keys and values, the grant, the client (403),
 * its auth_type, allowlist and unexpected keys, the user_id, then the code.
 */
import { defaultEndpoints } from '../../../src/api/vocabulary.js';
import { errors } from '../http.js';
import type { Account, AccessScope } from '../store.js';
import { CODE_NOT_VALID, INVALID_VALUE, UNSUPPORTED_GRANT_TYPE } from '../texts.js';
import { checkParameters, clientParameterProblems, isIdentifier, throwIfAny, type CallRules } from '../validation.js';
import { channelOf, requireClient, type ApiDeps, type Route } from './context.js';
import type { ClientConfig } from '../clients.js';

export const tokenRules: CallRules = {
  required: [
    { name: 'grant_type', removed: 'field required' },
    { name: 'client_id', removed: 'field required' },
    { name: 'redirect_uri', removed: 'field required' },
    { name: 'auth_type', removed: 'field required' },
    { name: 'user_id', removed: 'field required' },
    { name: 'code', removed: 'field required' },
  ],
  optional: [],
  // Documented on /docs/api-token (acceptance of the current legal version); the elements never send it.
  tolerated: ['legal_acceptances'],
  emptyRedirect: 'missing_argument',
};

const GRANTS = new Set(['pin', 'authorization_code']);
/** Longest code looked at: anything longer is no code of ours. */
const MAX_CODE_LENGTH = 2048;

const codeRefused = () => errors.formFields({ code: [CODE_NOT_VALID] });

function answer(deps: ApiDeps, account: Account, client: ClientConfig, scope: AccessScope) {
  const { token, expiresIn } = deps.store.issueAccessToken(account, client.id, scope);
  return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
}

export const tokenRoute: Route = {
  name: 'token',
  path: defaultEndpoints.token,

  async handle({ deps, body, headers }) {
    checkParameters(body, tokenRules);
    if (!GRANTS.has(body['grant_type'] as string)) throw errors.invalidParameters({ grant_type: { invalid: UNSUPPORTED_GRANT_TYPE } });
    const client = requireClient(deps, body['client_id']);
    const details = clientParameterProblems(client, body, tokenRules);
    const channel = channelOf(client);
    if (!isIdentifier(channel, body['user_id'])) details['user_id'] = { invalid: INVALID_VALUE };
    throwIfAny(details);

    const account = deps.store.findAccount(channel, body['user_id'] as string);
    const code = body['code'] as string;
    if (!account || code.length > MAX_CODE_LENGTH) throw codeRefused();

    if (body['grant_type'] === 'pin') {
      const purpose = deps.store.redeemPin(account, client.id, code);
      if (purpose === 'verification') {
        account.status = 'active';
        // Verified on a hosted register page: its session may now complete the authorization.
        deps.hosted?.accountProven(headers, account);
        return answer(deps, account, client, 'session');
      }
      if (purpose === 'reset') return answer(deps, account, client, 'reset');
      throw codeRefused();
    }

    // authorization_code: a reset link's code, for this account and client only, used once.
    const record = deps.store.findLinkCode(code, 'reset');
    if (!record || record.accountId !== account.id || record.clientId !== client.id) throw codeRefused();
    if (!deps.store.consumeLinkCode(code, 'reset')) throw codeRefused();
    return answer(deps, account, client, 'reset');
  },
};
