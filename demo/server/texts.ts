/**
 * Every string the reference server answers with that the vendor documents
 * (`/work/notes/vendor-api.md`, section 2.6), in one place, spelled exactly as
 * the vendor spells it: the elements and the server helper recognise some of
 * them (`serviceMessageCodes` in src/api/vocabulary.ts), so a typo here would
 * change what a user sees.
 *
 * The field messages the vendor does not document (a required first name, a
 * malformed mobile number, ...) are plain English of our own, also here.
 */

// -- error bodies (section 2) ----------------------------------------------------

export const INVALID_JSON = 'Invalid json format';
export const FORBIDDEN = 'Forbidden';
export const UNAUTHORIZED = 'Unauthorized';
export const INVALID_API_USAGE = 'Invalid API usage';
export const SOME_INPUTS_INVALID = 'some inputs are invalid';
export const FIELD_REQUIRED = 'field required';
export const UNEXPECTED_KEYS = 'Unexpected parameters found in the request.';
export const UNSUPPORTED_AUTH_TYPE = 'unsupported auth_type value';
/** Not documented: the token call's grant, worded like the auth_type one. */
export const UNSUPPORTED_GRANT_TYPE = 'unsupported grant_type value';
export const INVALID_VALUE = 'invalid value';
export const TOO_MANY_REQUESTS = 'Too many requests. Please wait before trying again.';

// -- answers of 200 (register R2, resend V1/V3) ------------------------------------

/** Register's "already registered": no final full stop (R2). */
export const REGISTER_ON_RECORD = 'An email has been sent to the address on record';
/** Resend's verified or unknown account: with a full stop (V1, V3). */
export const RESEND_ON_RECORD = 'An email has been sent to the address on record.';

// -- field messages ---------------------------------------------------------------

export const EMAIL_FORMAT = 'Email address is not formatted correctly.';
export const EMAIL_NOT_ALLOWED = 'You are not able to register with this email address';
export const PASSWORD_FORMAT = 'Password is not formatted correctly.';
export const PASSWORDS_DO_NOT_MATCH = 'Passwords do not match';
export const CURRENT_PASSWORD_WRONG = 'Current password is incorrect. Please try again.';
/** The token call's refusal of a wrong, used or expired PIN or link code (contract §4, §5). */
export const CODE_NOT_VALID = 'The code is not valid or has expired.';

/** Ours: the breach check (the vendor checks a breach corpus; its message is not documented). */
export const PASSWORD_BREACHED = 'This password has appeared in a data breach. Please choose another.';
export const MOBILE_FORMAT = 'Mobile number is not formatted correctly.';
export const MUST_ACCEPT_TERMS = 'You must accept the terms of use.';

/** Pre-register of an identifier that has an account (P10, P11; the vendor's text is garbled in the store). */
export const alreadyExists = (field: 'emailAddress' | 'mobileNumber') =>
  field === 'mobileNumber' ? 'An account with this mobile number already exists.' : 'An account with this email address already exists.';

const labels: Record<string, string> = {
  emailAddress: 'Email address',
  mobileNumber: 'Mobile number',
  twoStepMobileNumber: 'Two-step verification mobile number',
  firstName: 'First name',
  lastName: 'Last name',
  gender: 'Gender',
  companyName: 'Company name',
  securityQuestions: 'Security questions',
};

export const labelOf = (name: string) => labels[name] ?? name;
export const requiredText = (name: string) => `${labelOf(name)} is required.`;
export const notValidText = (name: string) => `${labelOf(name)} is not valid.`;
