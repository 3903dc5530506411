/**
 * What the service's answers come to, free of zod so that the elements can
 * read them without pulling the schemas into their first paint.
 */
import type { RegisterResponse } from './contract.js';

/** What a registration came to, the same for "created" and "already registered" (no enumeration). */
export type RegisterOutcome = { status: 'verification_sent' } | { status: 'signed_in'; authorization_code: string };

/** One of the three documented register answers (contract section 3), or undefined for any other. */
export function registerOutcome(answer: RegisterResponse): RegisterOutcome | undefined {
  if (answer.authorization_code !== undefined) return { status: 'signed_in', authorization_code: answer.authorization_code };
  if (answer.uuid !== undefined || answer.message !== undefined) return { status: 'verification_sent' };
  return undefined;
}
