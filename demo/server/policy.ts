/**
 * A client's rules on top of the contract's schemas, shared by register,
 * activation (an invitee completing the profile) and password reset:
 * password length in code points, the breached-password list, required
 * fields, security questions and consents.
 *
 * Every check reads the raw body defensively, so it also runs when the
 * schema found other problems and every error is reported together.
 */
import type { FieldError } from '../../src/api/contract.js';
import type { ClientConfig } from './clients.js';
import { codePointLength, fieldError, isBlank } from './validation.js';

export const DEFAULT_MIN_LENGTH = 8;
export const DEFAULT_MAX_LENGTH = 128;

/**
 * A stand-in for a breach corpus (a real service asks one, e.g. a k-anonymity
 * range query): the passwords every list starts with. Compared in lower case.
 */
const BREACHED_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwertyuiop',
  'qwerty123',
  'iloveyou1',
  'letmein123',
  'correct horse battery staple',
]);

export function isBreached(password: string): boolean {
  return BREACHED_PASSWORDS.has(password.toLowerCase());
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Length (in code points) of a non-blank password; blank ones are the schema's `required`. */
export function passwordLengthErrors(client: ClientConfig, password: unknown): FieldError[] {
  if (typeof password !== 'string' || password === '') return [];
  const min = client.settings.password_policy?.min_length ?? DEFAULT_MIN_LENGTH;
  const max = client.settings.password_policy?.max_length ?? DEFAULT_MAX_LENGTH;
  const length = codePointLength(password);
  if (length < min) return [fieldError('password', 'too_short', `Password must be at least ${min} characters.`)];
  if (length > max) return [fieldError('password', 'too_long', `Password must be at most ${max} characters.`)];
  return [];
}

/** Length, then the breach list, for a new password (activation of an invitee, reset). */
export function newPasswordErrors(client: ClientConfig, password: unknown): FieldError[] {
  if (typeof password !== 'string' || password === '') return [fieldError('password', 'required')];
  const length = passwordLengthErrors(client, password);
  if (length.length > 0) return length;
  return isBreached(password) ? [fieldError('password', 'breached')] : [];
}

/** `required` for each name whose value is blank in `profile` (security questions are checked apart). */
export function requiredFieldErrors(names: readonly string[], profile: Record<string, unknown>): FieldError[] {
  return names
    .filter((name) => name !== 'securityQuestions' && isBlank(profile[name]))
    .map((name) => fieldError(name, 'required'));
}

/** The client's security questions rule, when it configures them. */
export function securityQuestionErrors(client: ClientConfig, profile: Record<string, unknown>): FieldError[] {
  const questions = (client.settings.register_fields ?? []).find((f) => f.name === 'securityQuestions');
  if (!questions) return [];
  const answers = profile['securityQuestions'];
  const count = questions.count ?? 1;
  const known = new Set((client.settings.security_questions ?? []).map((q) => q.id));
  if (Array.isArray(answers)) {
    const ids = answers.map((a) => asRecord(a)['id']);
    const valid = ids.every((id) => typeof id === 'string' && known.has(id)) && new Set(ids).size === ids.length;
    if (!valid) return [fieldError('securityQuestions', 'invalid_format', 'Choose different questions from the list.')];
    if (questions.required && answers.length < count) {
      return [fieldError('securityQuestions', 'required', `Answer ${count} security questions.`)];
    }
    return [];
  }
  return questions.required ? [fieldError('securityQuestions', 'required', `Answer ${count} security questions.`)] : [];
}

/** The consents a client asks for: one per linked document, all required. */
export function consentRequirements(client: ClientConfig): { id: string; url: string; required: true }[] {
  const list: { id: string; url: string; required: true }[] = [];
  for (const [id, url] of [['terms', client.settings.terms_url], ['privacy', client.settings.privacy_url]] as const) {
    if (url) list.push({ id, url, required: true });
  }
  return list;
}

/**
 * Consents are required when the client links the documents (the element shows them as
 * checkboxes). The contract names no field for them; errors use the body path, `consents.<id>`.
 */
export function consentErrors(client: ClientConfig, consents: unknown): FieldError[] {
  const given = asRecord(consents);
  return consentRequirements(client)
    .filter(({ id }) => given[id] !== true)
    .map(({ id }) => fieldError(`consents.${id}`, 'required'));
}
