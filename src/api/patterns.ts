/**
 * The string formats of the contract, free of zod so that the elements can
 * check a field as the user leaves it without loading the transport chunk.
 * `contract.ts` builds its schemas from these same patterns.
 */

/** E.164: a plus, a country code that does not start with 0, at most 15 digits. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/**
 * An email address as the service accepts it (zod's "practical" pattern):
 * dot-separated ASCII atoms before the @, a dotted domain with a TLD of two
 * or more letters after it.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** An absolute URL (what `redirect_uri` must be); its scheme is the service's business. */
export function isAbsoluteUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
