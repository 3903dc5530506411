/**
 * The request body from the rendered fields, for every journey that sends a
 * profile (register, activation completion) or a password (reset).
 *
 * Profile fields go under `profile_fields`, consents under `consents`; the
 * password and the security answers are kept apart: `body` (what `nid-submit`
 * listeners see) has the chosen question ids only, and `addSecrets` puts the
 * password and the answers back into the body that goes on the wire.
 */
import type { Body, PreparedRequest } from '../submission.js';
import type { Field } from './field.js';
import { PASSWORD } from './password-field.js';
import { SECURITY_QUESTIONS } from './security-questions.js';

type Answer = { id: string; answer: string };

export function collectBody(fields: readonly Field[], base: Body): PreparedRequest {
  const profile: Body = {};
  const consents: Record<string, boolean> = {};
  let password: unknown;
  let answers: Answer[] | undefined;
  let hasProfile = false;
  for (const field of fields) {
    const value = field.value();
    if (field.name.startsWith('consents.')) {
      consents[field.name.slice('consents.'.length)] = value === true;
    } else if (field.name === PASSWORD) {
      password = value;
    } else if (!field.secret || field.name === SECURITY_QUESTIONS) {
      hasProfile = true;
      if (field.name === SECURITY_QUESTIONS) answers = value as Answer[] | undefined;
      else if (value !== undefined) profile[field.name] = value;
    }
  }
  const body: Body = {
    ...base,
    // Listeners see which questions were chosen, never the answers.
    ...(hasProfile ? { profile_fields: answers ? { ...profile, securityQuestions: answers.map(({ id }) => ({ id })) } : profile } : {}),
    ...(Object.keys(consents).length ? { consents } : {}),
  };
  const addSecrets = (extended: Body): Body => {
    const given = extended.profile_fields;
    const profileFields = given && typeof given === 'object' ? given : {};
    return {
      ...extended,
      ...(answers ? { profile_fields: { ...profileFields, securityQuestions: answers } } : {}),
      ...(password !== undefined ? { password } : {}),
    };
  };
  return { body, addSecrets };
}
