/**
 * The contract's names and enumerations, free of zod: the elements use them
 * at render time, `contract.ts` builds its schemas from them. One list each.
 */

export const genders = ['female', 'male', 'non_binary', 'prefer_not_to_say'] as const;
export type Gender = (typeof genders)[number];

export const authTypes = ['email', 'sms'] as const;
export type AuthType = (typeof authTypes)[number];

/** Profile fields a journey can render, in the contract's naming. */
export const profileFieldNames = [
  'emailAddress',
  'firstName',
  'lastName',
  'gender',
  'companyName',
  'mobileNumber',
  'twoStepMobileNumber',
  'securityQuestions',
] as const;
export type ProfileFieldName = (typeof profileFieldNames)[number];

/** The identifier profile field of an `auth_type`. */
export const identifierFieldOf = (authType: AuthType): 'emailAddress' | 'mobileNumber' =>
  authType === 'sms' ? 'mobileNumber' : 'emailAddress';

/**
 * Field error codes the elements word themselves: the client-side checks,
 * and the service messages that `serviceMessageCodes` recognises.
 */
export const knownFieldErrorCodes = [
  'required',
  'invalid_format',
  'not_allowed',
  'mismatch',
  'weak_password',
  'wrong_password',
  'too_short',
  'too_long',
  'invalid_phone',
  'invalid_code',
  'already_exists',
] as const;
export type KnownFieldErrorCode = (typeof knownFieldErrorCodes)[number];

/**
 * The English field messages the service sends (contract section 2), by
 * their normalised text (lower case, trimmed, without a final full stop),
 * and the code the elements word in the user's language instead. Any other
 * message is shown as the service wrote it, as text.
 *
 * The last line is the server helper's own (pre-register of an address that
 * exists, section 8), so that the invite form words it too.
 */
export const serviceMessageCodes: Readonly<Record<string, KnownFieldErrorCode>> = {
  'email address is not formatted correctly': 'invalid_format',
  'you are not able to register with this email address': 'not_allowed',
  'passwords do not match': 'mismatch',
  'password is not formatted correctly': 'weak_password',
  'current password is incorrect. please try again': 'wrong_password',
  'an account with this identifier already exists': 'already_exists',
};

/** A service message as `serviceMessageCodes` keys it. */
export function normaliseServiceMessage(message: string): string {
  return message.trim().toLowerCase().replace(/\.$/, '');
}

/** Default paths of the service's documented calls, relative to the base domain (contract sections 3-5, 8). */
export const defaultEndpoints = {
  register: '/idp/v1/account/register',
  resendVerification: '/idp/v1/account/resend-verification',
  forgotPassword: '/idp/v1/account/forgot-password',
  token: '/idp/v1/account/token',
  changePassword: '/idp/v1/account/change-password',
  preRegister: '/idp/v1/account/pre-register',
} as const;
export type EndpointName = keyof typeof defaultEndpoints;

/**
 * Where a request can go: a call of the service, or one of the integrator's
 * own URLs: `invite` (the invite form's `action`, which makes the
 * credentialed `/pre-register` call server-to-server) and `settings` (the
 * `settings-src` JSON).
 */
export type RouteName = EndpointName | 'invite' | 'settings';
export type Endpoints = Record<EndpointName, string>;
