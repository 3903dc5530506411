/**
 * An account's OpenID Connect claims: what the ID token and `/userinfo` say
 * about the user. `sub` is the account id (stable, the pre-register `uuid`).
 * Only claims with a value are present.
 */
import type { Account } from '../store.js';

export const PROFILE_CLAIMS = [
  'sub',
  'email',
  'email_verified',
  'phone_number',
  'phone_number_verified',
  'given_name',
  'family_name',
  'name',
] as const;

/** Every claim the ID token may carry (discovery's `claims_supported`). */
export const CLAIMS_SUPPORTED = ['iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', ...PROFILE_CLAIMS];

export function accountClaims(account: Account): Record<string, string | boolean> {
  const verified = account.status === 'active';
  const given = account.profile['firstName'];
  const family = account.profile['lastName'];
  const name = [given, family].filter((part) => part !== undefined && part !== '').join(' ');
  return {
    sub: account.id,
    ...(account.channel === 'email' ? { email: account.identifier, email_verified: verified } : {}),
    ...(account.channel === 'sms' ? { phone_number: account.identifier, phone_number_verified: verified } : {}),
    ...(given ? { given_name: given } : {}),
    ...(family ? { family_name: family } : {}),
    ...(name ? { name } : {}),
  };
}
