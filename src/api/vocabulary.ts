/**
 * The contract's names and enumerations, free of zod: the elements use them
 * at render time, `contract.ts` builds its schemas from them. One list each.
 */

export const genders = ['female', 'male', 'non_binary', 'prefer_not_to_say'] as const;
export type Gender = (typeof genders)[number];

export const authTypes = ['email', 'sms'] as const;
export type AuthType = (typeof authTypes)[number];

export const prompts = ['none', 'login', 'consent'] as const;
export const codeChallengeMethods = ['S256', 'plain'] as const;

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

/** Field error codes the elements translate themselves. */
export const knownFieldErrorCodes = [
  'required',
  'invalid_format',
  'not_allowed',
  'mismatch',
  'too_short',
  'too_long',
  'invalid_phone',
  'breached',
  'already_exists',
] as const;
export type KnownFieldErrorCode = (typeof knownFieldErrorCodes)[number];

/** Top-level `error` codes of the contract. */
export const knownErrorCodes = [
  'validation_failed',
  'invalid_request',
  'invalid_redirect_uri',
  'invalid_client',
  'invalid_token',
  'already_activated',
  'expired_token',
  'rate_limited',
  'service_unavailable',
] as const;
export type KnownErrorCode = (typeof knownErrorCodes)[number];

/** Default paths, relative to the base domain (contract section 4). */
export const defaultEndpoints = {
  register: '/idp/v1/account/register',
  activate: '/idp/v1/account/activate',
  resendActivation: '/idp/v1/account/activate/resend',
  forgotPassword: '/idp/v1/account/forgot-password',
  resetPassword: '/idp/v1/account/reset-password',
  preRegister: '/idp/v1/account/pre-register',
  clientSettings: '/idp/v1/clients/{client_id}/settings',
} as const;
export type EndpointName = keyof typeof defaultEndpoints;
/**
 * Where a request can go: an endpoint of the service, or `invite`, the
 * integrator's own route (the invite form's `action`), which makes the
 * credentialed `/pre-register` call server-to-server.
 */
export type RouteName = EndpointName | 'invite';
export type Endpoints = Record<EndpointName, string>;
