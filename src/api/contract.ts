/**
 * The Journeys API wire contract, version 2 (`shared/design/journeys-api.md`),
 * as zod schemas: the one source of truth for every request and response.
 *
 * The elements build and check their bodies with these schemas; the server
 * helper and the reference server validate what they receive with them. This
 * module runs in browsers, so it imports `zod/mini` (tree-shakable, ~5 KB)
 * and nothing else.
 */
import * as z from 'zod/mini';
import { E164_PATTERN, EMAIL_PATTERN, isAbsoluteUrl } from './patterns.js';
import { authTypes, genders } from './vocabulary.js';

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

/** A required, non-blank text (names, ids). Sent as the field gave it (text fields trim what was typed). */
const text = z.string().check(z.minLength(1), z.maxLength(1000));

/**
 * Passwords travel exactly as typed: no trim, no normalisation, no length cap
 * beyond a sanity bound (policy minimums are the service's decision and are
 * configurable per client, so they are not hard-coded here).
 */
export const password = z.string().check(z.minLength(1), z.maxLength(4096));

/** An email address or an E.164 number: the `user_id` of the account calls. */
export const userId = z.union([emailAddress, e164]);

/** A one-time code or a link's code, as the user typed or the link carried it. */
export const code = z.string().check(z.minLength(1), z.maxLength(2048));

// ---------------------------------------------------------------------------
// Errors (section 2)
// ---------------------------------------------------------------------------

/** A problem with one field, as the elements handle it: `code` known to them, `message` the service's text. */
export const fieldError = z.object({
  name: z.string(),
  code: z.string(),
  message: z.optional(z.string()),
});
export type FieldError = z.infer<typeof fieldError>;

/**
 * The service's error body. `error_details` is free-form: field messages
 * (`{ emailAddress: ["…"] }`), parameter problems (`{ client_id: { missing:
 * "required" } }`, `{ auth_type: "field required" }`, `{ "newPassword,
 * newPasswordConfirm": { unexpected_keys: "…" } }`), a bare `{ message: "…" }`
 * or `null`. transport.ts reads it.
 */
export const errorBody = z.looseObject({
  error: z.string().check(z.minLength(1)),
  error_description: z.optional(z.nullable(z.string())),
  error_details: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** Any JSON object: what a documented 2xx without a specified body is. */
export const anyObject = z.looseObject({});

// ---------------------------------------------------------------------------
// Client settings (attributes, the `settings` property, `settings-src`)
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

/**
 * A consent the user must give before registering (section 3). It is sent
 * only when `field` names a profile field of the client, as
 * `profile_fields[field] = "true"`; the vendor leaves legal acceptance to
 * the application otherwise.
 */
export const consentSetting = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  url: z.optional(z.string()),
  field: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type ConsentSetting = z.infer<typeof consentSetting>;

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
  /** False for a client without passwords (register sends none, the service answers an `authorization_code`). */
  password_required: z.optional(z.boolean()),
  terms_url: z.optional(z.string()),
  privacy_url: z.optional(z.string()),
  consents: z.optional(z.array(consentSetting)),
});
export type ClientSettings = z.infer<typeof clientSettings>;

// ---------------------------------------------------------------------------
// Section 3: register and resend-verification
// ---------------------------------------------------------------------------

export const securityAnswer = z.object({
  id: z.string().check(z.minLength(1)),
  answer: z.string().check(z.minLength(1), z.maxLength(1000)),
});

/** The profile fields the elements render, by the contract's names. */
export const knownProfileFields = {
  emailAddress: z.optional(emailAddress),
  firstName: z.optional(text),
  lastName: z.optional(text),
  gender: z.optional(gender),
  companyName: z.optional(text),
  mobileNumber: z.optional(e164),
  twoStepMobileNumber: z.optional(e164),
  securityQuestions: z.optional(z.array(securityAnswer)),
};
export const registerProfileFields = z.object(knownProfileFields);

/**
 * What register sends under `profile_fields`: the known fields, the new
 * password twice (exactly as typed), and the client's own fields (a consent
 * mapped to one is `"true"`), which are strings.
 */
export const registerProfile = z.catchall(
  z.object({ ...knownProfileFields, newPassword: z.optional(password), newPasswordConfirm: z.optional(password) }),
  z.string().check(z.maxLength(1000)),
);

/**
 * Loose at the top level so that an integrator's `nid-submit` listener can add
 * keys the client is set up to receive (a captcha token, for instance): the
 * service refuses keys it does not expect with 422 `unexpected_keys`.
 */
export const registerRequest = z.looseObject({
  client_id: text,
  auth_type: authType,
  redirect_uri: absoluteUrl,
  locale: text,
  profile_fields: registerProfile,
});
export type RegisterRequest = z.infer<typeof registerRequest>;

/**
 * The three documented 200 answers: `{ uuid }` (created, a verification
 * message sent), `{ message }` (already registered, a message sent to the
 * address on record) and `{ authorization_code }` (a client without
 * passwords). The vendor marks both `uuid` and `authorization_code` optional,
 * so the keys are read as they come; an answer with none of them is not one
 * of the documented ones (see `registerOutcome`).
 */
export const registerResponse = z.looseObject({
  uuid: z.optional(z.string()),
  message: z.optional(z.string()),
  authorization_code: z.optional(z.string().check(z.minLength(1))),
});
export type RegisterResponse = z.infer<typeof registerResponse>;

/** The fields every call about an existing account names it by. */
const accountCall = {
  client_id: text,
  auth_type: authType,
  user_id: userId,
  redirect_uri: absoluteUrl,
};

export const resendVerificationRequest = z.looseObject({ ...accountCall, locale: text });
export type ResendVerificationRequest = z.infer<typeof resendVerificationRequest>;

// ---------------------------------------------------------------------------
// Sections 4 and 5: the token call, forgot and change password
// ---------------------------------------------------------------------------

/** `POST /idp/v1/account/token`: a PIN (verification, an SMS reset) or a link's code (an email reset). */
export const tokenRequest = z.looseObject({
  ...accountCall,
  grant_type: z.enum(['pin', 'authorization_code']),
  code,
});
export type TokenRequest = z.infer<typeof tokenRequest>;

/** The token answer: only `access_token` is read (reset), and only inside the step that asked for it. */
export const tokenResponse = z.looseObject({
  access_token: z.optional(z.string()),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const forgotPasswordRequest = z.looseObject({ ...accountCall, locale: text });
export type ForgotPasswordRequest = z.infer<typeof forgotPasswordRequest>;

/** `POST /idp/v1/account/change-password`, with the access token as Bearer. */
export const changePasswordRequest = z.looseObject({
  client_id: text,
  password,
  password_confirm: password,
  locale: text,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

// ---------------------------------------------------------------------------
// Section 8: pre-register (server-to-server) and the invite form's body
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
  redirect_uri: absoluteUrl,
  resend: z.optional(z.boolean()),
});
export type PreRegisterRequest = z.infer<typeof preRegisterRequest>;

export const preRegisterResponse = z.looseObject({
  uuid: z.string().check(z.minLength(1)),
});
export type PreRegisterResponse = z.infer<typeof preRegisterResponse>;
