/**
 * `POST /idp/v1/account/change-password` (contract section 5 step 2, vendor
 * rows C2-C25), with `Authorization: Bearer <access_token>` from the token
 * call.
 *
 * Order of checks: the body's keys and values (422), the client (403), keys
 * it does not expect (422), the bearer token (401: missing, unknown,
 * expired, used, or another client's), the two passwords (C20, C24: 422
 * invalid_parameters `{ message }`), the policy (C22: 422
 * invalid_form_fields `{ message }`), the current password when given (C21).
 * Success: 200 `{}`.
 *
 * A reset-scoped token works once: it is used only when the password is
 * set, so a refused attempt (a mismatch, say) can be corrected with the same
 * token. A reset also verifies a pending or invited account (the code came
 * through its address) and ends the account's other reset codes and tokens.
 */
import { defaultEndpoints } from '../../../src/api/vocabulary.js';
import { errors } from '../http.js';
import { passwordProblem } from '../policy.js';
import { hashSecret, verifySecret } from '../secrets.js';
import { CURRENT_PASSWORD_WRONG, PASSWORDS_DO_NOT_MATCH } from '../texts.js';
import { checkParameters, clientParameterProblems, optionalString, throwIfAny, type CallRules } from '../validation.js';
import { requireClient, type Route } from './context.js';

export const changePasswordRules: CallRules = {
  required: [
    { name: 'client_id', removed: 'field required' },
    { name: 'password', removed: 'field required', value: 'any-string' },
    { name: 'password_confirm', removed: 'field required', value: 'any-string' },
  ],
  optional: ['locale', 'current_password'],
  tolerated: ['grant_type', 'redirect_uri'],
};

/** The challenge of a 401 (RFC 6750). */
const BEARER_CHALLENGE = 'Bearer realm="change-password"';

/** The token of `Authorization: Bearer <token>` (RFC 6750's b64token), or undefined. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

export const changePasswordRoute: Route = {
  name: 'change-password',
  path: defaultEndpoints.changePassword,

  async handle({ deps, body, headers }) {
    checkParameters(body, changePasswordRules);
    const client = requireClient(deps, body['client_id']);
    throwIfAny(clientParameterProblems(client, body, changePasswordRules));

    const token = bearerToken(headers.authorization);
    const record = token === undefined ? undefined : deps.store.findAccessToken(token);
    const account = record === undefined ? undefined : deps.store.getAccount(record.accountId);
    if (token === undefined || !record || !account || record.clientId !== client.id) throw errors.unauthorized(BEARER_CHALLENGE);

    const password = body['password'] as string;
    if (password !== body['password_confirm']) throw errors.parameterMessage(PASSWORDS_DO_NOT_MATCH);
    const problem = passwordProblem(client, password);
    if (problem) throw errors.formMessage(problem);
    const current = optionalString(body['current_password']);
    if (current !== undefined && !(account.passwordHash !== undefined && (await verifySecret(current, account.passwordHash)))) {
      throw errors.parameterMessage(CURRENT_PASSWORD_WRONG);
    }

    const passwordHash = await hashSecret(password);
    // Hashing waited: a concurrent change with the same reset token may have used it meanwhile.
    if (!deps.store.useAccessToken(token)) throw errors.unauthorized(BEARER_CHALLENGE);
    account.passwordHash = passwordHash;
    if (record.scope === 'reset') {
      account.status = 'active';
      deps.store.revokePin(account, 'verification');
      deps.store.revokePin(account, 'reset');
      deps.store.revokeLinkCode(account, 'reset');
      deps.store.revokeLinkCode(account, 'invitation');
      deps.store.revokeResetTokens(account.id);
      // The reset link or PIN proved the account: a hosted forgot-password page's session is signed in.
      deps.hosted?.accountProven(headers, account);
    }
    return { status: 200, body: {} };
  },
};
