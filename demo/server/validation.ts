/**
 * The vendor's parameter checks, shared by every call: what it answers for a
 * key that was removed, a value that is empty, a value it does not accept, a
 * key it does not expect. These are the integration's mistakes (422
 * `invalid_parameters`); what a user typed is policy.ts's, answered as
 * `invalid_form_fields`.
 *
 * The checks run in two steps, because some need the client and the client
 * must be found first (an unknown `client_id` is a 403):
 * 1. `checkParameters`: keys removed, values empty or of the wrong type, an
 *    `auth_type` that is neither email nor sms; then an empty `redirect_uri`,
 *    which the vendor answers apart (errors.missingArgument).
 * 2. `clientParameterProblems`: the `auth_type` of another client, a
 *    `redirect_uri` outside its allowlist, keys the call does not expect.
 * Every problem of one step is reported at once, in one answer.
 */
import { E164_PATTERN, EMAIL_PATTERN } from '../../src/api/patterns.js';
import { authTypes, type AuthType } from '../../src/api/vocabulary.js';
import type { ClientConfig } from './clients.js';
import { errors, unexpectedKeys, type ParameterProblem } from './http.js';
import { FIELD_REQUIRED, INVALID_VALUE, UNSUPPORTED_AUTH_TYPE } from './texts.js';

export interface RequiredParameter {
  name: string;
  /**
   * What the vendor answers when the key is removed: `"field required"`
   * (most rows), or the same `{ missing: "required" }` as an empty value
   * (resend-verification's `client_id`, V13).
   */
  removed: 'field required' | 'missing';
  /**
   * What the value must be: a non-empty string (default), an object
   * (`profile_fields`), any string including an empty one (change-password's
   * passwords: an empty confirmation is a mismatch, C24), or anything at all
   * (pre-register's `grant_type`: the key must be there, its value is not read, P4, P6).
   */
  value?: 'string' | 'object' | 'any-string' | 'any';
}

export interface CallRules {
  required: readonly RequiredParameter[];
  /** Keys the call reads when given; absent, null or empty they are simply not given. */
  optional: readonly string[];
  /** Keys the vendor accepts and ignores (R3-R12, V6-V8, F3-F4, C3-C8). */
  tolerated: readonly string[];
  /** How an empty `redirect_uri` is answered; undefined: like any other empty value. */
  emptyRedirect?: 'missing_argument' | 'http_exception';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

function problemOf(rule: RequiredParameter, body: Record<string, unknown>): ParameterProblem | undefined {
  if (!Object.hasOwn(body, rule.name)) return rule.removed === 'missing' ? { missing: 'required' } : FIELD_REQUIRED;
  const value = body[rule.name];
  // auth_type: an empty value is as unsupported as a wrong one (V15, F13).
  if (rule.name === 'auth_type') {
    return typeof value === 'string' && (authTypes as readonly string[]).includes(value) ? undefined : { invalid: UNSUPPORTED_AUTH_TYPE };
  }
  switch (rule.value ?? 'string') {
    case 'any':
      return undefined;
    case 'object':
      if (isRecord(value)) return undefined;
      return isEmpty(value) ? { missing: 'required' } : { invalid: INVALID_VALUE };
    case 'any-string':
      if (typeof value === 'string') return undefined;
      return value === null ? { missing: 'required' } : { invalid: INVALID_VALUE };
    case 'string':
      if (isEmpty(value)) return { missing: 'required' };
      return typeof value === 'string' ? undefined : { invalid: INVALID_VALUE };
  }
}

/** Step 1 (see the module comment): throws 422 when a required parameter is removed, empty or malformed. */
export function checkParameters(body: Record<string, unknown>, rules: CallRules): void {
  const details: Record<string, ParameterProblem> = {};
  let emptyRedirect = false;
  for (const rule of rules.required) {
    if (rule.name === 'redirect_uri' && rules.emptyRedirect && Object.hasOwn(body, rule.name) && isEmpty(body[rule.name])) {
      emptyRedirect = true;
      continue;
    }
    const problem = problemOf(rule, body);
    if (problem !== undefined) details[rule.name] = problem;
  }
  if (Object.keys(details).length > 0) throw errors.invalidParameters(details);
  if (emptyRedirect && rules.emptyRedirect) throw errors.missingArgument(rules.emptyRedirect, 'redirect_uri');
}

/** Top-level keys of `body` the call neither reads nor tolerates, in the order they came. */
export function unexpectedTopLevel(body: Record<string, unknown>, rules: CallRules): string[] {
  const known = new Set([...rules.required.map((rule) => rule.name), ...rules.optional, ...rules.tolerated]);
  return Object.keys(body).filter((key) => !known.has(key));
}

/**
 * Step 2 (see the module comment), the checks every call shares: the
 * client's auth_type and its allowlist (for calls that take them), and the
 * keys the call does not expect. The caller adds its own problems and
 * throws when there are any.
 */
export function clientParameterProblems(
  client: ClientConfig,
  body: Record<string, unknown>,
  rules: CallRules,
  options: { extraUnexpected?: readonly string[]; anyAuthType?: boolean } = {},
): Record<string, ParameterProblem> {
  const details: Record<string, ParameterProblem> = {};
  const takes = (name: string) => rules.required.some((rule) => rule.name === name);
  if (takes('auth_type') && !options.anyAuthType && body['auth_type'] !== client.settings.auth_type) {
    details['auth_type'] = { invalid: UNSUPPORTED_AUTH_TYPE };
  }
  if (takes('redirect_uri') && !isAllowedRedirect(client, body['redirect_uri'])) details['redirect_uri'] = { invalid: INVALID_VALUE };
  Object.assign(details, unexpectedKeys([...unexpectedTopLevel(body, rules), ...(options.extraUnexpected ?? [])]));
  return details;
}

export function throwIfAny(details: Record<string, unknown>): void {
  if (Object.keys(details).length > 0) throw errors.invalidParameters(details);
}

/** The id of a hosted authorization request (oidc/sessions.ts): 256 random bits, base64url. */
export const HOSTED_REQUEST_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Exact match against the client's allowlist (as the vendor's
 * `redirect_uri_allowlist`), or the service's own hosted forgot-password
 * page with exactly one `request` parameter: its reset links return there
 * (oidc/hosted-pages.ts). Nothing else about such a URL may vary.
 */
export function isAllowedRedirect(client: ClientConfig, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (client.redirectUris.includes(value)) return true;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const keys = [...url.searchParams.keys()];
  return (
    url.href === value &&
    url.username === '' &&
    url.password === '' &&
    url.hash === '' &&
    client.hostedReturnPages.includes(`${url.origin}${url.pathname}`) &&
    keys.length === 1 &&
    keys[0] === 'request' &&
    HOSTED_REQUEST_ID.test(url.searchParams.get('request') ?? '')
  );
}

/** Whether `value` is an identifier of this channel: an email address, or an E.164 number. */
export function isIdentifier(authType: AuthType, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 320) return false;
  return authType === 'sms' ? E164_PATTERN.test(value) : EMAIL_PATTERN.test(value);
}

/** A body value as an optional string: absent, null and empty are "not given". */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Length in code points, as users count characters (an emoji is one). */
export function codePointLength(value: string): number {
  return [...value].length;
}
