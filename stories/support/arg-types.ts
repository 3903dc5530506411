/**
 * Controls for attributes whose manifest type is a plain `string` but whose
 * values come from a short list of the contract's vocabulary.
 */
import { authTypes } from '../../src/api/vocabulary.js';

const choice = (options: readonly string[]) => ({ control: 'inline-radio' as const, options: [...options] });

/** Every journey element: `email` (the default) or `sms`. */
export const journeyArgTypes = {
  'auth-type': choice(authTypes),
};

/** `<nid-register>` and `<nid-forgot-password>`: the form, or (`hosted`) one button to the vendor's hosted screen. */
export const hostedArgTypes = {
  mode: { control: { type: 'select' as const, labels: { '': '(the form)' } }, options: ['', 'hosted'] },
  prompt: choice(['', 'none', 'login', 'consent']),
  'access-type': choice(['', 'offline']),
};

/** `<nid-register>`: `password="none"` for a client without passwords; anything else (or nothing) asks for one. */
export const registerArgTypes = {
  ...journeyArgTypes,
  ...hostedArgTypes,
  password: { control: { type: 'select' as const, labels: { '': '(a password is required)' } }, options: ['', 'none'] },
};
