/**
 * The vendor's documented answers, row by row (`/work/notes/vendor-api.md`,
 * section 2), as plain data: the reference server is tested against every
 * row (test/node/response-codes.test.ts) and the element tests answer with
 * them, so that both sides are held to the same table.
 *
 * This module is imported by browser tests too: data only, no imports.
 *
 * Where the stored copy of the vendor's page is cut off, the answer is the
 * reference server's reconstruction, marked "reconstructed" with what it
 * rests on; everything else is as the vendor shows it. Random values (uuid,
 * authorization_code) are fixed examples: compare them by shape.
 *
 * Skipped vendor rows (nothing an HTTP server can reproduce):
 * - F1, C1: a wrong environment host; the request fails in DNS (`getaddrinfo
 *   ENOTFOUND`) and no HTTP answer exists.
 * - F22: an invalid region in the URL (503); the reference server is one
 *   region, reached at one host.
 * - F21: "invalid [?] value" with `error_details: null`; the stored copy does
 *   not say which parameter, so no scenario can be arranged.
 * The S rows are ours, for SMS: every vendor page's mobile section is cut off
 * in the stored copies.
 */

export type VendorCall = 'register' | 'resendVerification' | 'forgotPassword' | 'changePassword' | 'preRegister';

export interface VendorRow {
  /** The vendor's row id in /work/notes/vendor-api.md (R1, V3, F16, C20, P10 …); rows we add for SMS: 'S1'… */
  id: string;
  call: VendorCall;
  scenario: string;
  /** The documented answer: status and body. Random values (uuid, authorization_code) as fixed examples. */
  answer: { status: number; body?: unknown };
}

/** Example values (compare by shape). */
export const EXAMPLE_UUID = '3f2c8b1e-5d4a-4c6b-9e7f-1a2b3c4d5e6f';
export const EXAMPLE_AUTHORIZATION_CODE = 'xkh5eth948e4ej';

const uuid = { status: 200, body: { uuid: EXAMPLE_UUID } };
const created = { status: 201, body: { uuid: EXAMPLE_UUID } };
const ok = { status: 200, body: {} };
const emptyPayload = { status: 400, body: { error: 'http_exception', error_description: 'Invalid json format' } };
const malformedJson = { status: 400, body: { error: 'invalid_parameters', error_description: 'Invalid json format' } };
const invalidDomain = { status: 400, body: { error: 'invalid_domain', error_description: 'Invalid API usage' } };
const forbidden = { status: 403, body: { error: 'http_exception', error_description: 'Forbidden' } };
const unauthorized = { status: 401, body: { error: 'http_exception', error_description: 'Unauthorized' } };
const parameters = (details: Record<string, unknown>) => ({ status: 422, body: { error: 'invalid_parameters', error_details: details } });
const formFields = (details: Record<string, string[]>) => ({
  status: 422,
  body: { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: details },
});
const missing = (name: string) => parameters({ [name]: { missing: 'required' } });
const removed = (name: string) => parameters({ [name]: 'field required' });
const unsupportedAuthType = parameters({ auth_type: { invalid: 'unsupported auth_type value' } });
const invalidRedirect = parameters({ redirect_uri: { invalid: 'invalid value' } });
const missingRedirect = {
  status: 422,
  body: { error: 'missing_argument', error_details: null, error_description: 'Missing Parameter: redirect_uri' },
};
const onRecordRegister = { status: 200, body: { message: 'An email has been sent to the address on record' } };
const onRecordResend = { status: 200, body: { message: 'An email has been sent to the address on record.' } };

export const vendorRows: VendorRow[] = [
  // -- register (vendor 2.1, email as user_id) ---------------------------------------------------
  { id: 'R1', call: 'register', scenario: 'valid email, expected values', answer: uuid },
  { id: 'R2', call: 'register', scenario: 'the same email registered a second time (verified)', answer: onRecordRegister },
  { id: 'R3', call: 'register', scenario: 'invalid scope_id (ignored)', answer: uuid },
  { id: 'R4', call: 'register', scenario: 'missing scope_id value', answer: uuid },
  { id: 'R5', call: 'register', scenario: 'scope_id removed', answer: uuid },
  { id: 'R6', call: 'register', scenario: 'invalid grant_type (ignored)', answer: uuid },
  { id: 'R7', call: 'register', scenario: 'missing grant_type value', answer: uuid },
  { id: 'R8', call: 'register', scenario: 'missing locale value', answer: uuid },
  { id: 'R9', call: 'register', scenario: 'locale removed', answer: uuid },
  { id: 'R10', call: 'register', scenario: 'invalid site_identifier (ignored)', answer: uuid },
  { id: 'R11', call: 'register', scenario: 'missing site_identifier value', answer: uuid },
  { id: 'R12', call: 'register', scenario: 'site_identifier removed', answer: uuid },
  {
    id: 'R13',
    call: 'register',
    scenario: 'the client does not require newPassword and the payload omits it',
    answer: { status: 200, body: { authorization_code: EXAMPLE_AUTHORIZATION_CODE } },
  },
  { id: 'R14', call: 'register', scenario: 'the client requires newPassword and the payload has it', answer: uuid },
  { id: 'R15', call: 'register', scenario: 'empty payload', answer: emptyPayload },
  { id: 'R16', call: 'register', scenario: 'malformed JSON', answer: malformedJson },
  { id: 'R17', call: 'register', scenario: 'invalid client_id value', answer: forbidden },
  {
    id: 'R18',
    call: 'register',
    scenario: 'badly formatted email',
    answer: formFields({ emailAddress: ['Email address is not formatted correctly.'] }),
  },
  {
    id: 'R19',
    call: 'register',
    scenario: 'the client does not require newPassword but the payload has it',
    answer: parameters({ 'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' } }),
  },
  // Reconstructed: the stored body stops at `"newPassword": …`; the shape is the one of an empty value (R21).
  {
    id: 'R20',
    call: 'register',
    scenario: 'the client requires newPassword and the payload lacks both password keys',
    answer: parameters({ newPassword: { missing: 'required' }, newPasswordConfirm: { missing: 'required' } }),
  },
  // R21-R28: the error column is stripped in the stored copy; shapes as on the other pages (V12, F11, F12, F14, F15, V18, F17).
  { id: 'R21', call: 'register', scenario: 'missing client_id value', answer: missing('client_id') },
  { id: 'R22', call: 'register', scenario: 'client_id removed', answer: removed('client_id') },
  { id: 'R23', call: 'register', scenario: 'invalid auth_type value', answer: unsupportedAuthType },
  { id: 'R24', call: 'register', scenario: 'missing auth_type value', answer: unsupportedAuthType },
  { id: 'R25', call: 'register', scenario: 'auth_type removed', answer: removed('auth_type') },
  { id: 'R26', call: 'register', scenario: 'invalid redirect_uri value (not on the allowlist)', answer: invalidRedirect },
  { id: 'R27', call: 'register', scenario: 'missing redirect_uri value', answer: missingRedirect },
  { id: 'R28', call: 'register', scenario: 'redirect_uri removed', answer: removed('redirect_uri') },

  // -- resend-verification (vendor 2.2, email-password combination) --------------------------------
  { id: 'V1', call: 'resendVerification', scenario: 'a verified account', answer: onRecordResend },
  { id: 'V2', call: 'resendVerification', scenario: 'an unverified account (a new PIN is sent)', answer: ok },
  { id: 'V3', call: 'resendVerification', scenario: 'an account that does not exist', answer: onRecordResend },
  { id: 'V4', call: 'resendVerification', scenario: 'missing locale value (unverified account)', answer: ok },
  { id: 'V5', call: 'resendVerification', scenario: 'locale removed (unverified account)', answer: ok },
  { id: 'V6', call: 'resendVerification', scenario: 'invalid grant_type (ignored)', answer: ok },
  { id: 'V7', call: 'resendVerification', scenario: 'missing grant_type value', answer: ok },
  { id: 'V8', call: 'resendVerification', scenario: 'grant_type removed', answer: ok },
  { id: 'V9', call: 'resendVerification', scenario: 'empty payload', answer: emptyPayload },
  { id: 'V10', call: 'resendVerification', scenario: 'malformed JSON', answer: malformedJson },
  { id: 'V11', call: 'resendVerification', scenario: 'invalid client_id value', answer: forbidden },
  { id: 'V12', call: 'resendVerification', scenario: 'missing client_id value', answer: missing('client_id') },
  { id: 'V13', call: 'resendVerification', scenario: 'client_id removed (answered like an empty value)', answer: missing('client_id') },
  { id: 'V14', call: 'resendVerification', scenario: 'invalid auth_type value', answer: unsupportedAuthType },
  { id: 'V15', call: 'resendVerification', scenario: 'missing auth_type value', answer: unsupportedAuthType },
  { id: 'V16', call: 'resendVerification', scenario: 'auth_type removed', answer: removed('auth_type') },
  { id: 'V17', call: 'resendVerification', scenario: 'invalid redirect_uri value', answer: invalidRedirect },
  { id: 'V18', call: 'resendVerification', scenario: 'missing redirect_uri value', answer: missingRedirect },
  // V19-V21: error column stripped; shapes as F17, F19, F20.
  { id: 'V19', call: 'resendVerification', scenario: 'redirect_uri removed', answer: removed('redirect_uri') },
  { id: 'V20', call: 'resendVerification', scenario: 'missing user_id value', answer: missing('user_id') },
  { id: 'V21', call: 'resendVerification', scenario: 'user_id removed', answer: removed('user_id') },
  // Reconstructed: status cell blank, only `"error_details": null` visible; 422 with a description naming the parameter.
  {
    id: 'V22',
    call: 'resendVerification',
    scenario: 'invalid user_id value (not an email address)',
    answer: { status: 422, body: { error: 'invalid_parameters', error_details: null, error_description: 'Invalid Parameter: user_id' } },
  },

  // -- forgot-password (vendor 2.3, email as user_id) ------------------------------------------------
  { id: 'F2', call: 'forgotPassword', scenario: 'link sent by email', answer: ok },
  { id: 'F3', call: 'forgotPassword', scenario: 'invalid grant_type value (ignored)', answer: ok },
  { id: 'F4', call: 'forgotPassword', scenario: 'grant_type removed', answer: ok },
  { id: 'F5', call: 'forgotPassword', scenario: 'locale removed', answer: ok },
  { id: 'F6', call: 'forgotPassword', scenario: 'empty payload', answer: emptyPayload },
  { id: 'F7', call: 'forgotPassword', scenario: 'malformed JSON', answer: malformedJson },
  // The vendor spells it `Invalid_domain` here and `invalid_domain` on change-password (C15); the reference server answers the latter.
  { id: 'F8', call: 'forgotPassword', scenario: 'invalid env_id in the URL', answer: invalidDomain },
  { id: 'F9', call: 'forgotPassword', scenario: 'invalid client_id value', answer: forbidden },
  { id: 'F10', call: 'forgotPassword', scenario: 'missing client_id value', answer: missing('client_id') },
  { id: 'F11', call: 'forgotPassword', scenario: 'client_id removed', answer: removed('client_id') },
  { id: 'F12', call: 'forgotPassword', scenario: 'invalid auth_type value', answer: unsupportedAuthType },
  { id: 'F13', call: 'forgotPassword', scenario: 'missing auth_type value', answer: unsupportedAuthType },
  { id: 'F14', call: 'forgotPassword', scenario: 'auth_type removed', answer: removed('auth_type') },
  { id: 'F15', call: 'forgotPassword', scenario: 'invalid redirect_uri value', answer: invalidRedirect },
  {
    id: 'F16',
    call: 'forgotPassword',
    scenario: 'missing redirect_uri value',
    answer: {
      status: 422,
      body: { error: 'http_exception', error_details: null, error_description: 'missing_argument Missing Parameter: redirect_uri' },
    },
  },
  { id: 'F17', call: 'forgotPassword', scenario: 'redirect_uri removed', answer: removed('redirect_uri') },
  // Reconstructed: the inner shape is cut off; as an invalid redirect_uri (F15).
  { id: 'F18', call: 'forgotPassword', scenario: 'invalid user_id value (not an email address)', answer: parameters({ user_id: { invalid: 'invalid value' } }) },
  { id: 'F19', call: 'forgotPassword', scenario: 'missing user_id value', answer: missing('user_id') },
  { id: 'F20', call: 'forgotPassword', scenario: 'user_id removed', answer: removed('user_id') },

  // -- change-password (vendor 2.4), with a valid Bearer access token unless said otherwise -------------
  { id: 'C2', call: 'changePassword', scenario: 'password changed', answer: ok },
  { id: 'C3', call: 'changePassword', scenario: 'invalid grant_type (ignored)', answer: ok },
  { id: 'C4', call: 'changePassword', scenario: 'null grant_type value', answer: ok },
  { id: 'C5', call: 'changePassword', scenario: 'grant_type removed', answer: ok },
  { id: 'C6', call: 'changePassword', scenario: 'invalid redirect_uri value (ignored)', answer: ok },
  { id: 'C7', call: 'changePassword', scenario: 'null redirect_uri', answer: ok },
  { id: 'C8', call: 'changePassword', scenario: 'redirect_uri removed', answer: ok },
  { id: 'C9', call: 'changePassword', scenario: 'valid current_password supplied', answer: ok },
  { id: 'C10', call: 'changePassword', scenario: 'current_password removed (optional)', answer: ok },
  { id: 'C11', call: 'changePassword', scenario: 'null locale value', answer: ok },
  { id: 'C12', call: 'changePassword', scenario: 'locale removed', answer: ok },
  { id: 'C13', call: 'changePassword', scenario: 'empty payload', answer: emptyPayload },
  { id: 'C14', call: 'changePassword', scenario: 'malformed JSON', answer: malformedJson },
  { id: 'C15', call: 'changePassword', scenario: 'invalid env_id in the URL', answer: invalidDomain },
  // The vendor's scenario text reads "Incorrect password and password_confirm", which C20 contradicts
  // (notes, section 3 item 1); the contract reads a 401 as a rejected bearer token, and so does this row.
  { id: 'C16', call: 'changePassword', scenario: 'the bearer access token is rejected', answer: unauthorized },
  { id: 'C17', call: 'changePassword', scenario: 'invalid client_id value', answer: forbidden },
  { id: 'C18', call: 'changePassword', scenario: 'missing client_id value', answer: missing('client_id') },
  { id: 'C19', call: 'changePassword', scenario: 'client_id removed', answer: removed('client_id') },
  {
    id: 'C20',
    call: 'changePassword',
    scenario: 'password and password_confirm differ',
    answer: parameters({ message: 'Passwords do not match' }),
  },
  {
    id: 'C21',
    call: 'changePassword',
    scenario: 'wrong current_password',
    answer: parameters({ message: 'Current password is incorrect. Please try again.' }),
  },
  {
    id: 'C22',
    call: 'changePassword',
    scenario: 'the password fails the format rules',
    answer: {
      status: 422,
      body: { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { message: 'Password is not formatted correctly.' } },
    },
  },
  // C23-C25: error column stripped; invalid_parameters as C19 and C20.
  { id: 'C23', call: 'changePassword', scenario: 'password removed', answer: removed('password') },
  { id: 'C24', call: 'changePassword', scenario: 'missing password_confirm value', answer: parameters({ message: 'Passwords do not match' }) },
  { id: 'C25', call: 'changePassword', scenario: 'password_confirm removed', answer: removed('password_confirm') },

  // -- pre-register (vendor 2.5), with valid Basic credentials unless said otherwise ----------------------
  { id: 'P1', call: 'preRegister', scenario: 'success', answer: created },
  { id: 'P2', call: 'preRegister', scenario: 'activation link re-sent (resend: true, the invitee exists)', answer: created },
  { id: 'P3', call: 'preRegister', scenario: 'locale removed', answer: created },
  { id: 'P4', call: 'preRegister', scenario: 'grant_type value missing', answer: created },
  { id: 'P5', call: 'preRegister', scenario: 'locale empty', answer: created },
  { id: 'P6', call: 'preRegister', scenario: 'grant_type invalid', answer: created },
  { id: 'P7', call: 'preRegister', scenario: 'resend value invalid (a new address)', answer: created },
  { id: 'P8', call: 'preRegister', scenario: 'empty payload', answer: emptyPayload },
  { id: 'P9', call: 'preRegister', scenario: 'malformed JSON', answer: malformedJson },
  // P10, P11: the vendor's message is garbled in the store; the text is ours.
  {
    id: 'P10',
    call: 'preRegister',
    scenario: 'the address already exists',
    answer: formFields({ emailAddress: ['An account with this email address already exists.'] }),
  },
  {
    id: 'P11',
    call: 'preRegister',
    scenario: 'the address exists and resend is false',
    answer: formFields({ emailAddress: ['An account with this email address already exists.'] }),
  },
  { id: 'P12', call: 'preRegister', scenario: 'auth_type removed', answer: removed('auth_type') },
  { id: 'P13', call: 'preRegister', scenario: 'redirect_uri removed', answer: removed('redirect_uri') },
  { id: 'P14', call: 'preRegister', scenario: 'grant_type removed', answer: removed('grant_type') },
  { id: 'P15', call: 'preRegister', scenario: 'profile_fields removed', answer: removed('profile_fields') },
  { id: 'P16', call: 'preRegister', scenario: 'emailAddress removed from profile_fields', answer: missing('emailAddress') },
  // P17-P20: error column stripped; shapes as R21, R24, R27 and P16.
  { id: 'P17', call: 'preRegister', scenario: 'missing client_id value', answer: missing('client_id') },
  { id: 'P18', call: 'preRegister', scenario: 'missing auth_type value', answer: unsupportedAuthType },
  { id: 'P19', call: 'preRegister', scenario: 'missing redirect_uri value', answer: missingRedirect },
  // Reconstructed: the scenario cell is stripped too; read as an empty emailAddress.
  { id: 'P20', call: 'preRegister', scenario: 'empty emailAddress value', answer: missing('emailAddress') },

  // -- ours, for SMS (auth_type sms, user_id an E.164 number) -------------------------------------------
  { id: 'S1', call: 'register', scenario: 'sms: a new mobile number (a PIN by text message)', answer: uuid },
  // The vendor's SMS wording is not visible; the reference server answers its email text.
  { id: 'S2', call: 'register', scenario: 'sms: the same number registered a second time (verified)', answer: onRecordRegister },
  {
    id: 'S3',
    call: 'register',
    scenario: 'sms: a mobile number that is not E.164',
    answer: formFields({ mobileNumber: ['Mobile number is not formatted correctly.'] }),
  },
  { id: 'S4', call: 'register', scenario: 'sms: the client expects no emailAddress', answer: parameters({ emailAddress: { unexpected_keys: 'Unexpected parameters found in the request.' } }) },
  { id: 'S5', call: 'resendVerification', scenario: 'sms: an unverified account (a new PIN)', answer: ok },
  { id: 'S6', call: 'resendVerification', scenario: 'sms: an account that does not exist', answer: onRecordResend },
  { id: 'S7', call: 'forgotPassword', scenario: 'sms: a reset PIN by text message', answer: ok },
  { id: 'S8', call: 'forgotPassword', scenario: 'sms: an email address as user_id', answer: parameters({ user_id: { invalid: 'invalid value' } }) },
  { id: 'S9', call: 'forgotPassword', scenario: 'sms: auth_type email for an SMS client', answer: unsupportedAuthType },
  { id: 'S10', call: 'changePassword', scenario: 'sms: with the access token of a reset PIN', answer: ok },
  { id: 'S11', call: 'preRegister', scenario: 'sms: a new mobile number', answer: created },
  {
    id: 'S12',
    call: 'preRegister',
    scenario: 'sms: the number already exists',
    answer: formFields({ mobileNumber: ['An account with this mobile number already exists.'] }),
  },
  {
    id: 'S13',
    call: 'preRegister',
    scenario: 'sms: a mobile number that is not E.164',
    answer: formFields({ mobileNumber: ['Mobile number is not formatted correctly.'] }),
  },
];
