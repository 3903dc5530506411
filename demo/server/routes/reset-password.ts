/**
 * `POST /idp/v1/account/reset-password` (contract 4.3, step 2).
 *
 * Order of checks: client (503), request parameters (invalid_request), the
 * token (404 / 410: no point in fixing a password for a dead link), then the
 * password (validation_failed: too_short, too_long, breached). Success sets
 * the new password, consumes the token, revokes the account's other reset
 * links and redirects with a code and the forgot-password request's state.
 */
import {
  defaultEndpoints,
  resetPasswordRequest,
  type ResetPasswordResponse,
} from '../../../src/api/contract.js';
import { errors } from '../http.js';
import { newPasswordErrors } from '../policy.js';
import { hashSecret } from '../secrets.js';
import { fieldErrorsFromIssues, mergeFieldErrors } from '../validation.js';
import { redirectWithCode, requireClient, type Route } from './context.js';
import { resetTarget } from './tokens.js';

export const resetPasswordRoute: Route = {
  name: 'reset-password',
  method: 'POST',
  path: defaultEndpoints.resetPassword,

  async handle({ deps, body }) {
    const client = requireClient(deps, body['client_id']);
    const parsed = resetPasswordRequest.safeParse(body);
    const schemaErrors = parsed.success
      ? []
      : fieldErrorsFromIssues(parsed.error.issues, body, (path) => (path[0] === 'password' ? 'password' : undefined));
    const token = body['token'] as string;
    const { record, account } = resetTarget(deps, client, token);

    const fieldErrors = mergeFieldErrors(schemaErrors, newPasswordErrors(client, body['password']));
    if (fieldErrors.length > 0 || !parsed.success) throw errors.validationFailed(fieldErrors);

    const passwordHash = await hashSecret(parsed.data.password);
    // Hashing waited: a concurrent request with the same link may have used it meanwhile.
    if (!deps.store.consumeToken(token)) throw errors.invalidToken();
    deps.store.setPassword(account, passwordHash);
    // Other reset links of the account would change the password again: they stop working.
    deps.store.revokeTokens(account.id, 'reset');

    const redirect = redirectWithCode(deps, record.authRequest?.redirectUri ?? client.appLink, {
      accountId: account.id,
      clientId: client.id,
      ...(record.authRequest ? { authRequest: record.authRequest } : {}),
    });
    const answer: ResetPasswordResponse = { status: 'password_reset', redirect_uri: redirect };
    return { status: 200, body: answer };
  },
};
