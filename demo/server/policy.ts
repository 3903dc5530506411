/**
 * A client's rules on what a user typed, answered as 422
 * `invalid_form_fields` with `{ "<field>": ["<message>"] }`: the identifier,
 * the configured profile fields, security questions, consents and the
 * password (length in code points, a stand-in breach list).
 *
 * Every field is checked, so that all of its messages come back in one
 * answer. Values are read defensively (the parameter checks of
 * validation.ts do not look inside `profile_fields`).
 */
import { E164_PATTERN, EMAIL_PATTERN } from '../../src/api/patterns.js';
import { genders, type AuthType } from '../../src/api/vocabulary.js';
import { consentFields, identifierField, passwordRequired, type ClientConfig } from './clients.js';
import { codePointLength, isRecord } from './validation.js';
import {
  EMAIL_FORMAT,
  EMAIL_NOT_ALLOWED,
  MUST_ACCEPT_TERMS,
  PASSWORD_BREACHED,
  PASSWORD_FORMAT,
  PASSWORDS_DO_NOT_MATCH,
  labelOf,
  notValidText,
  requiredText,
} from './texts.js';

export const DEFAULT_MIN_LENGTH = 8;
export const DEFAULT_MAX_LENGTH = 128;
const MAX_TEXT_LENGTH = 1000;

/**
 * A stand-in for a breach corpus (the vendor checks new passwords against
 * one): the passwords every list starts with. Compared in lower case.
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

/** What is wrong with a new password, or undefined. Passwords are taken exactly as typed (no trim). */
export function passwordProblem(client: ClientConfig, password: string): string | undefined {
  const min = client.settings.password_policy?.min_length ?? DEFAULT_MIN_LENGTH;
  const max = client.settings.password_policy?.max_length ?? DEFAULT_MAX_LENGTH;
  const length = codePointLength(password);
  if (length < min || length > max) return PASSWORD_FORMAT;
  return isBreached(password) ? PASSWORD_BREACHED : undefined;
}

type Messages = Record<string, string[]>;

function add(messages: Messages, name: string, message: string): void {
  (messages[name] ??= []).push(message);
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';
const phoneFields = new Set(['mobileNumber', 'twoStepMobileNumber']);

/** The message for an identifier of this channel, or undefined when it is fine. */
export function identifierProblem(authType: AuthType, value: unknown): string | undefined {
  const name = authType === 'sms' ? 'mobileNumber' : 'emailAddress';
  if (isBlank(value)) return requiredText(name);
  const valid = typeof value === 'string' && (authType === 'sms' ? E164_PATTERN.test(value) : EMAIL_PATTERN.test(value));
  if (!valid) return authType === 'sms' ? `${labelOf(name)} is not formatted correctly.` : EMAIL_FORMAT;
  return undefined;
}

/** A non-blank value of a profile field other than the identifier and the security questions. */
function valueProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || codePointLength(value) > MAX_TEXT_LENGTH) return notValidText(name);
  if (phoneFields.has(name) && !E164_PATTERN.test(value)) return `${labelOf(name)} is not formatted correctly.`;
  if (name === 'gender' && !(genders as readonly string[]).includes(value)) return notValidText(name);
  return undefined;
}

/** The client's security questions rule: `count` distinct questions of its list, each answered. */
function securityQuestionProblem(client: ClientConfig, required: boolean, count: number, value: unknown): string | undefined {
  const answerText = `Answer ${count} security question${count === 1 ? '' : 's'}.`;
  if (isBlank(value) || (Array.isArray(value) && value.length === 0)) return required ? answerText : undefined;
  if (!Array.isArray(value) || value.length > 10) return notValidText('securityQuestions');
  const known = new Set((client.settings.security_questions ?? []).map((question) => question.id));
  const ids = value.map((answer) => (isRecord(answer) ? answer['id'] : undefined));
  if (!ids.every((id) => typeof id === 'string' && known.has(id)) || new Set(ids).size !== ids.length) {
    return 'Choose different questions from the list.';
  }
  const answered = value.every((answer) => {
    const text = isRecord(answer) ? answer['answer'] : undefined;
    return typeof text === 'string' && text !== '' && codePointLength(text) <= MAX_TEXT_LENGTH;
  });
  return answered && value.length >= count ? undefined : answerText;
}

const consentText = (id: string) =>
  id === 'terms' ? MUST_ACCEPT_TERMS : id === 'privacy' ? 'You must accept the privacy notice.' : `You must accept the ${id}.`;

/**
 * Register's field messages (R18 and ours). The caller has checked the keys
 * (validation.ts): the identifier and, for a client with passwords, both
 * password keys are present, and no key is unexpected.
 */
export function registerFormErrors(client: ClientConfig, profile: Record<string, unknown>): Messages {
  const messages: Messages = {};
  const identifier = identifierField(client);
  const problem = identifierProblem(client.settings.auth_type, profile[identifier]);
  if (problem) add(messages, identifier, problem);
  const email = profile['emailAddress'];
  if (!problem && identifier === 'emailAddress' && typeof email === 'string') {
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (client.blockedEmailDomains.includes(domain)) add(messages, identifier, EMAIL_NOT_ALLOWED);
  }

  for (const field of client.settings.register_fields ?? []) {
    const value = profile[field.name];
    if (field.name === 'securityQuestions') {
      const message = securityQuestionProblem(client, field.required ?? false, field.count ?? 1, value);
      if (message) add(messages, field.name, message);
    } else if (isBlank(value)) {
      if (field.required) add(messages, field.name, requiredText(field.name));
    } else {
      const message = valueProblem(field.name, value);
      if (message) add(messages, field.name, message);
    }
  }

  if (passwordRequired(client)) {
    const password = profile['newPassword'];
    const confirmation = profile['newPasswordConfirm'];
    const passwordMessage = typeof password === 'string' ? passwordProblem(client, password) : PASSWORD_FORMAT;
    if (passwordMessage) add(messages, 'newPassword', passwordMessage);
    if (password !== confirmation) add(messages, 'newPasswordConfirm', PASSWORDS_DO_NOT_MATCH);
  }

  for (const { id, field } of consentFields(client)) {
    if (profile[field] !== 'true') add(messages, field, consentText(id));
  }
  return messages;
}

/** The profile to store: the client's configured text fields (identifier normalised by the store), no secrets. */
export function storedProfile(client: ClientConfig, profile: Record<string, unknown>): Record<string, string> {
  const stored: Record<string, string> = {};
  const names = [identifierField(client), ...(client.settings.register_fields ?? []).map((field) => field.name)];
  for (const name of names) {
    const value = profile[name];
    if (typeof value === 'string' && value !== '') stored[name] = value;
  }
  return stored;
}

/**
 * Pre-register's field messages: the identifier's format (its absence is a
 * parameter problem, P16), the contract's fields, and the client's custom
 * checkbox fields ("true" or "false"). Blank optional fields are not given.
 */
export function inviteFormErrors(client: ClientConfig, authType: AuthType, profile: Record<string, string>): Messages {
  const messages: Messages = {};
  const identifier = authType === 'sms' ? 'mobileNumber' : 'emailAddress';
  const problem = identifierProblem(authType, profile[identifier]);
  if (problem) add(messages, identifier, problem);
  const custom = new Map(client.customProfileFields.map((field) => [field.name, field]));
  for (const [name, value] of Object.entries(profile)) {
    if (name === identifier || value === '') continue;
    if (name === 'emailAddress' && !EMAIL_PATTERN.test(value)) add(messages, name, EMAIL_FORMAT);
    else if (custom.get(name)?.type === 'checkbox') {
      if (value !== 'true' && value !== 'false') add(messages, name, `${labelOf(name)} must be "true" or "false".`);
    } else if (name !== 'emailAddress') {
      const message = valueProblem(name, value);
      if (message) add(messages, name, message);
    }
  }
  return messages;
}

/** Consents a registration gave, by consent id (`{ terms: true }`). */
export function givenConsents(client: ClientConfig, profile: Record<string, unknown>): Record<string, boolean> {
  return Object.fromEntries(consentFields(client).map(({ id, field }) => [id, profile[field] === 'true']));
}
