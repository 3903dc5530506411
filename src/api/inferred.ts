/**
 * Every decision of contract v2 that the vendor's documentation only implies
 * (marked [inferred] in `shared/design/journeys-api.md`), written once, so
 * that correcting one when Next Reason confirms it is one edit here.
 *
 * Paths are not here: they are `defaultEndpoints` (vocabulary.ts), and each
 * element's `endpoints` property overrides them. The query parameter of a
 * reset link is the `code-param` attribute's default.
 */
import { JourneyError } from './errors.js';

/** §4: a new account is verified by exchanging the PIN it was sent at the token call, with this grant. */
export const VERIFY_GRANT = 'pin';

/**
 * §5: the reset link comes back to `redirect_uri` with its code in this query
 * parameter, and the code is exchanged with the `authorization_code` grant; a
 * PIN sent by SMS is exchanged with the `pin` grant.
 */
export const RESET_CODE_PARAM = 'code';
export const RESET_LINK_GRANT = 'authorization_code';
export const RESET_PIN_GRANT = 'pin';

/**
 * §5 step 1: answers that read as "sent" to the user, so that known and
 * unknown accounts look alike. The vendor documents only 200; a 404, or a
 * 422 about `user_id` that is not a format error, is taken to mean "no such
 * account" and is not shown as one.
 */
export function forgotLooksSent(error: JourneyError): boolean {
  if (error.kind !== 'http') return false;
  if (error.status === 404) return true;
  if (error.status !== 422) return false;
  const formatError = error.fields.some((field) => field.name === 'user_id' && field.code === 'invalid_format');
  const aboutUserId = 'user_id' in error.details || error.fields.some((field) => field.name === 'user_id');
  return aboutUserId && !formatError;
}

/**
 * §4, §5: the token call refuses a code with 401 or 422 (a wrong, used or
 * expired PIN or link code), and change-password refuses an access token
 * with 401. Either way the user needs a new code. A 422 about other
 * parameters is the integration's problem, not the code's.
 */
export function codeRefused(error: JourneyError): boolean {
  if (error.kind !== 'http') return false;
  if (error.status === 401) return true;
  return error.status === 422 && (error.code !== 'invalid_request' || 'code' in error.details);
}

/** A refused code as the error of the code field it was typed into (the typed code is kept). */
export function codeFieldError(error: JourneyError, field: string): JourneyError {
  const init = { kind: error.kind, code: 'invalid_form_fields', fields: [{ name: field, code: 'invalid_code' }] };
  return new JourneyError(error.status === undefined ? init : { ...init, status: error.status });
}

/**
 * change-password names no field in some of its answers: `{ "message":
 * "Passwords do not match" }`. Such a message goes on the confirmation when
 * it is about the two passwords differing, else on the new password.
 */
export const unnamedFieldTarget = (code: string): 'password' | 'confirmation' => (code === 'mismatch' ? 'confirmation' : 'password');
