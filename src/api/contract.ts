/**
 * The Journeys API wire contract (`shared/design/journeys-api.md`) as zod
 * schemas: the one source of truth for every request and response.
 *
 * The elements build and check their bodies with these schemas, the server
 * helper and the reference server validate what they receive with them. This
 * module runs in browsers, so it imports `zod/mini` (tree-shakable, ~5 KB)
 * and nothing else.
 */
import * as z from 'zod/mini';
import { E164_PATTERN, EMAIL_PATTERN, isAbsoluteUrl } from './patterns.js';
import { authTypes, codeChallengeMethods, genders, prompts } from './vocabulary.js';

export * from './vocabulary.js';

// No generated parsers: zod would first probe whether it may compile code at run time,
// and a strict CSP reports that probe as a violation even though zod catches it.
z.config({ jitless: true });

// ---------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------

export const e164 = z.string().check(z.regex(E164_PATTERN));

export const emailAddress = z.string().check(z.regex(EMAIL_PATTERN));

/** An absolute URL; whether it is allowed is the service's decision (its allowlist). */
export const absoluteUrl = z.string().check(z.refine(isAbsoluteUrl));

export const gender = z.enum(genders);
export const authType = z.enum(authTypes);

/** A required, non-blank text (names, ids). Never trimmed: what was typed is sent. */
const text = z.string().check(z.minLength(1), z.maxLength(1000));

/**
 * Passwords travel exactly as typed: no trim, no normalisation, no length cap
 * beyond a sanity bound (policy minimums are the service's decision and are
 * configurable per client, so they are not hard-coded here).
 */
export const password = z.string().check(z.minLength(1), z.maxLength(4096));

// ---------------------------------------------------------------------------
// Errors (section 1)
// ---------------------------------------------------------------------------

export const fieldError = z.object({
  name: z.string(),
  code: z.string(),
  message: z.optional(z.string()),
});
export type FieldError = z.infer<typeof fieldError>;

export const errorBody = z.object({
  error: z.string().check(z.minLength(1)),
  error_description: z.optional(z.string()),
  fields: z.optional(z.array(fieldError)),
});
export type ErrorBody = z.infer<typeof errorBody>;

// ---------------------------------------------------------------------------
// OAuth/OIDC parameters carried by register and forgot-password (section 2)
// ---------------------------------------------------------------------------

export const oauthParams = {
  client_id: text,
  redirect_uri: absoluteUrl,
  response_type: z.literal('code'),
  scope: text,
  state: text,
  nonce: z.optional(z.string()),
  code_challenge: z.optional(z.string()),
  code_challenge_method: z.optional(z.enum(codeChallengeMethods)),
  ui_locales: z.optional(z.string()),
  login_hint: z.optional(z.string()),
  environment_id: z.optional(z.string()),
  organization_id: z.optional(z.string()),
  prompt: z.optional(z.enum(prompts)),
};
const oauthParamsSchema = z.object(oauthParams);
export type OAuthParams = z.infer<typeof oauthParamsSchema>;

// ---------------------------------------------------------------------------
// Client settings (section 3)
// ---------------------------------------------------------------------------

/** A label in several locales: `{ "en-US": "...", "fr-FR": "..." }`. */
export const localizedText = z.record(z.string(), z.string());

export const fieldSetting = z.object({
  name: z.string().check(z.minLength(1)),
  required: z.optional(z.boolean()),
  count: z.optional(z.int().check(z.minimum(1), z.maximum(10))),
  /**
   * A custom profile field (the invite form's `resourceAccessB2b`, say): a name
   * the contract does not define, with its control and its label. Sent as a string.
   */
  type: z.optional(z.enum(['text', 'checkbox'])),
  label: z.optional(z.union([z.string(), localizedText])),
});
export type FieldSetting = z.infer<typeof fieldSetting>;

export const securityQuestion = z.object({
  id: z.string().check(z.minLength(1)),
  label: localizedText,
});
export type SecurityQuestion = z.infer<typeof securityQuestion>;

export const passwordPolicy = z.object({
  min_length: z.optional(z.int().check(z.minimum(1), z.maximum(1024))),
  max_length: z.optional(z.int().check(z.minimum(1), z.maximum(4096))),
});
export type PasswordPolicy = z.infer<typeof passwordPolicy>;

export const clientSettings = z.object({
  default_locale: z.optional(z.string()),
  supported_locales: z.optional(z.array(z.string())),
  auth_type: z.optional(authType),
  mobile_query_default_flag: z.optional(z.boolean()),
  mobile_default_country: z.optional(z.string()),
  mobile_flag_countries: z.optional(z.array(z.string())),
  register_fields: z.optional(z.array(fieldSetting)),
  security_questions: z.optional(z.array(securityQuestion)),
  password_policy: z.optional(passwordPolicy),
  terms_url: z.optional(z.string()),
  privacy_url: z.optional(z.string()),
});
export type ClientSettings = z.infer<typeof clientSettings>;

// ---------------------------------------------------------------------------
// 4.1 Register
// ---------------------------------------------------------------------------

export const securityAnswer = z.object({
  id: z.string().check(z.minLength(1)),
  answer: z.string().check(z.minLength(1), z.maxLength(1000)),
});

export const registerProfileFields = z.object({
  emailAddress: z.optional(emailAddress),
  firstName: z.optional(text),
  lastName: z.optional(text),
  gender: z.optional(gender),
  companyName: z.optional(text),
  mobileNumber: z.optional(e164),
  twoStepMobileNumber: z.optional(e164),
  securityQuestions: z.optional(z.array(securityAnswer)),
});
export type RegisterProfileFields = z.infer<typeof registerProfileFields>;

/** Consents by id (`terms`, `privacy`, ...): true when the user ticked them. */
export const consents = z.record(z.string(), z.boolean());

/**
 * Loose at the top level so that an integrator's `nid-submit` listener can add
 * keys the contract does not know (a captcha token, for instance).
 */
export const registerRequest = z.looseObject({
  ...oauthParams,
  profile_fields: registerProfileFields,
  password,
  consents: z.optional(consents),
});
export type RegisterRequest = z.infer<typeof registerRequest>;

export const registerResponse = z.object({
  status: z.literal('activation_pending'),
  delivery: z.enum(['email', 'sms']),
});
export type RegisterResponse = z.infer<typeof registerResponse>;

// ---------------------------------------------------------------------------
// 4.2 Activate and resend
// ---------------------------------------------------------------------------

export const activateRequest = z.looseObject({
  client_id: text,
  token: text,
  profile_fields: z.optional(z.record(z.string(), z.unknown())),
  password: z.optional(password),
  consents: z.optional(consents),
});
export type ActivateRequest = z.infer<typeof activateRequest>;

export const consentRequirement = z.object({
  id: z.string().check(z.minLength(1)),
  url: z.optional(z.string()),
  required: z.optional(z.boolean()),
});
export type ConsentRequirement = z.infer<typeof consentRequirement>;

export const activatedResponse = z.object({
  status: z.literal('activated'),
  redirect_uri: z.optional(z.string()),
});

export const completionRequiredResponse = z.object({
  status: z.literal('completion_required'),
  profile: z.optional(z.record(z.string(), z.unknown())),
  fields: z.array(fieldSetting),
  consents: z.optional(z.array(consentRequirement)),
});

export const activateResponse = z.discriminatedUnion('status', [
  activatedResponse,
  completionRequiredResponse,
]);
export type ActivateResponse = z.infer<typeof activateResponse>;

/** Exactly one identifier: an email address or (auth_type sms) a mobile number. */
const identifierCheck = (value: { emailAddress?: string | undefined; mobileNumber?: string | undefined }) =>
  (value.emailAddress === undefined) !== (value.mobileNumber === undefined);

export const resendActivationRequest = z
  .looseObject({
    client_id: text,
    emailAddress: z.optional(emailAddress),
    mobileNumber: z.optional(e164),
    locale: z.optional(z.string()),
  })
  .check(z.refine(identifierCheck, { message: 'exactly one of emailAddress and mobileNumber' }));
export type ResendActivationRequest = z.infer<typeof resendActivationRequest>;

/**
 * `202` answers (resend, forgot password) carry no required body; an empty
 * one reads as `{}` and becomes `{ status: 'sent' }`, so that what the
 * element shows and reports is the same whatever the service answered for an
 * account that does not exist.
 */
export const acceptedResponse = z.object({
  status: z._default(z.literal('sent'), 'sent'),
});
export type AcceptedResponse = z.infer<typeof acceptedResponse>;

// ---------------------------------------------------------------------------
// 4.3 Forgot and reset password
// ---------------------------------------------------------------------------

export const forgotPasswordRequest = z
  .looseObject({
    ...oauthParams,
    emailAddress: z.optional(emailAddress),
    mobileNumber: z.optional(e164),
  })
  .check(z.refine(identifierCheck, { message: 'exactly one of emailAddress and mobileNumber' }));
export type ForgotPasswordRequest = z.infer<typeof forgotPasswordRequest>;

export const resetPasswordRequest = z.looseObject({
  client_id: text,
  token: text,
  password,
});
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequest>;

export const resetPasswordResponse = z.object({
  status: z.literal('password_reset'),
  redirect_uri: z.optional(z.string()),
});
export type ResetPasswordResponse = z.infer<typeof resetPasswordResponse>;

// ---------------------------------------------------------------------------
// 4.4 Pre-register (server-to-server) and the invite form's body
// ---------------------------------------------------------------------------

/** Invite profile fields are strings (custom fields such as `resourceAccessB2b: "true"` included). */
export const inviteProfileFields = z.record(z.string(), z.string());

/** What `<nid-invite-form>` posts to the integrator's backend. No credentials. */
export const inviteRequest = z.object({
  profile_fields: inviteProfileFields,
  locale: text,
  auth_type: authType,
  redirect_uri: z.optional(absoluteUrl),
  resend: z.boolean(),
});
export type InviteRequest = z.infer<typeof inviteRequest>;

/** What the server helper sends to the service, with the client credentials in its header. */
export const preRegisterRequest = z.object({
  profile_fields: inviteProfileFields,
  client_id: text,
  locale: text,
  auth_type: authType,
  grant_type: z.literal('password'),
  redirect_uri: z.optional(absoluteUrl),
  resend: z.boolean(),
});
export type PreRegisterRequest = z.infer<typeof preRegisterRequest>;

export const preRegisterResponse = z.object({
  uuid: z.string().check(z.minLength(1)),
});
export type PreRegisterResponse = z.infer<typeof preRegisterResponse>;
