/**
 * Step 2 of a password reset (contract section 5) as one submission that
 * makes two calls in a row: the code for an access token at
 * `/idp/v1/account/token`, then the new password to
 * `/idp/v1/account/change-password` with that token as Bearer. The access
 * token lives in this function's scope only: it is not stored, not returned,
 * not put in an event or an error.
 */
import type { Responses } from '../../api/client.js';
import { asJourneyError, JourneyError } from '../../api/errors.js';
import { codeFieldError, codeRefused, RESET_LINK_GRANT, RESET_PIN_GRANT } from '../../api/inferred.js';
import type { Body } from '../../core/submission.js';

export interface ResetCalls {
  token(body: Body, signal: AbortSignal): Promise<Responses['token']>;
  changePassword(body: Body, signal: AbortSignal, accessToken: string): Promise<unknown>;
}

export interface ResetCode {
  /** `user_id`, `client_id`, `auth_type`, `redirect_uri`: what the token call names the account by. */
  account: Body;
  code: string;
  /** An SMS PIN typed into `codeField`, rather than a link's code. */
  pin: boolean;
  /** The code input's name, where a refused PIN is said. */
  codeField: string;
}

export async function changePassword(calls: ResetCalls, passwords: Body, signal: AbortSignal, reset: ResetCode): Promise<void> {
  // A link that no longer works sends the user back to step 1; a refused PIN is said on its field.
  const refused = (error: JourneyError) =>
    reset.pin
      ? codeFieldError(error, reset.codeField)
      : new JourneyError({ kind: error.kind, code: 'expired_link', ...(error.status ? { status: error.status } : {}) });
  let accessToken: string | undefined;
  try {
    const grant = { grant_type: reset.pin ? RESET_PIN_GRANT : RESET_LINK_GRANT, ...reset.account, code: reset.code };
    accessToken = (await calls.token(grant, signal)).access_token;
  } catch (caught) {
    const error = asJourneyError(caught);
    throw codeRefused(error) ? refused(error) : error;
  }
  if (!accessToken) throw new JourneyError({ kind: 'malformed', code: 'malformed_response', status: 200 });
  try {
    await calls.changePassword(passwords, signal, accessToken);
  } catch (caught) {
    const error = asJourneyError(caught);
    throw error.status === 401 ? refused(error) : error;
  }
}
