/**
 * A request body from the rendered fields, for every journey that sends a
 * profile (register) or a password (change password).
 *
 * Each field's value goes under its key (`profile_fields` for a profile, the
 * top level otherwise); a field without a value, or with `key: null`, sends
 * nothing. Secret fields (passwords, security answers, codes) are kept apart:
 * `body`, what `nid-submit` listeners see, has at most their `publicValue`,
 * and `addSecrets` puts the real values back into the body that goes on the
 * wire.
 */
import type { Body, PreparedRequest } from '../submission.js';
import type { Field } from './field.js';

export function collectBody(fields: readonly Field[], base: Body, under?: 'profile_fields'): PreparedRequest {
  const shown: Body = {};
  const secrets: Body = {};
  for (const field of fields) {
    const key = field.key === undefined ? field.name : field.key;
    if (key === null) continue;
    const value = field.value();
    if (value === undefined) continue;
    if (!field.secret) {
      shown[key] = value;
      continue;
    }
    secrets[key] = value;
    const visible = field.publicValue?.();
    if (visible !== undefined) shown[key] = visible;
  }
  const body: Body = under ? { ...base, [under]: shown } : { ...base, ...shown };
  const addSecrets = (extended: Body): Body => {
    if (!under) return { ...extended, ...secrets };
    const given = extended[under];
    return { ...extended, [under]: { ...(given && typeof given === 'object' ? given : {}), ...secrets } };
  };
  return { body, addSecrets };
}
