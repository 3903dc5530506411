/**
 * Turns zod issues (from the contract's schemas) and policy checks into the
 * contract's answers: field errors (`validation_failed`) for what a user
 * typed, `invalid_request` for what the integrator configured.
 */
import type { FieldError, KnownFieldErrorCode } from '../../src/api/contract.js';
import { errors } from './http.js';

/** The part of a zod issue this module reads (zod/mini issues have these keys). */
export interface Issue {
  code: string;
  path: readonly PropertyKey[];
}

const labels: Record<string, string> = {
  emailAddress: 'Email address',
  mobileNumber: 'Mobile number',
  twoStepMobileNumber: 'Two-step verification mobile number',
  firstName: 'First name',
  lastName: 'Last name',
  gender: 'Gender',
  companyName: 'Company name',
  securityQuestions: 'Security questions',
  password: 'Password',
  'consents.terms': 'Accepting the terms of use',
  'consents.privacy': 'Accepting the privacy notice',
};

const phoneFields = new Set(['mobileNumber', 'twoStepMobileNumber']);

export const NOT_ALLOWED_EMAIL_TEXT = 'You are not able to register with this email address';

/** A field error with the service's (English, informative) message. */
export function fieldError(name: string, code: KnownFieldErrorCode, message?: string): FieldError {
  const label = labels[name] ?? name;
  const defaults: Record<KnownFieldErrorCode, string> = {
    required: `${label} is required.`,
    invalid_format: name === 'emailAddress' ? 'Email address is not formatted correctly' : `${label} is not valid.`,
    invalid_phone: `${label} is not a valid phone number.`,
    not_allowed: name === 'emailAddress' ? NOT_ALLOWED_EMAIL_TEXT : `${label} is not allowed.`,
    mismatch: 'Passwords do not match',
    too_short: `${label} is too short.`,
    too_long: `${label} is too long.`,
    breached: 'This password has appeared in a data breach. Please choose another.',
    already_exists: `${label} already exists.`,
  };
  return { name, code, message: message ?? defaults[code] };
}

/** Reads `root[path[0]][path[1]]...` without assuming any shape. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value === '');
}

/**
 * Maps schema issues to a response. `fieldOf` names the user-facing field an
 * issue path belongs to, or undefined for request parameters: any issue on a
 * parameter makes the whole request `invalid_request` (an integration bug,
 * nothing the user can fix); otherwise the fields come back for merging with
 * the policy checks.
 *
 * The raw value is looked up to tell `required` (absent or empty) from a
 * malformed value; issues never carry input values here, so no password can
 * leak through them.
 */
export function fieldErrorsFromIssues(
  issues: readonly Issue[],
  body: unknown,
  fieldOf: (path: readonly PropertyKey[]) => string | undefined,
): FieldError[] {
  const fields: FieldError[] = [];
  const params = new Set<string>();
  for (const issue of issues) {
    const name = fieldOf(issue.path);
    if (name === undefined) {
      params.add(issue.path.length > 0 ? String(issue.path[0]) : 'body');
      continue;
    }
    let code: KnownFieldErrorCode;
    if (isBlank(valueAt(body, issue.path))) code = 'required';
    else if (issue.code === 'too_big') code = 'too_long';
    else if (issue.code === 'too_small') code = 'too_short';
    else if (phoneFields.has(name)) code = 'invalid_phone';
    else code = 'invalid_format';
    fields.push(fieldError(name, code));
  }
  if (params.size > 0) {
    throw errors.invalidRequest(`Missing or malformed parameter: ${[...params].join(', ')}.`);
  }
  return fields;
}

/** Merges field error lists, keeping the first error of each field. */
export function mergeFieldErrors(...lists: FieldError[][]): FieldError[] {
  const byName = new Map<string, FieldError>();
  for (const error of lists.flat()) if (!byName.has(error.name)) byName.set(error.name, error);
  return [...byName.values()];
}

/** Length in code points, as users count characters (an emoji is one). */
export function codePointLength(value: string): number {
  return [...value].length;
}
