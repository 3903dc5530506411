/**
 * Controls for attributes whose manifest type is a plain `string` but whose
 * values come from a short list of the contract's vocabulary.
 */
import { authTypes, codeChallengeMethods, prompts } from '../../src/api/vocabulary.js';

const choice = (options: readonly string[]) => ({ control: 'inline-radio' as const, options: [...options] });

/** Every journey element. */
export const journeyArgTypes = {
  'auth-type': choice(authTypes),
};

/** The elements that carry the OAuth parameters (`<nid-register>`, `<nid-forgot-password>`). */
export const oauthArgTypes = {
  ...journeyArgTypes,
  prompt: choice(prompts),
  'code-challenge-method': choice(codeChallengeMethods),
};
