/**
 * `POST /idp/v1/account/register` (contract section 3, vendor rows R1-R28).
 *
 * Order of checks: the body's keys and values (422 invalid_parameters, or
 * the empty-redirect_uri answer), the client (403), its auth_type,
 * allowlist and expected profile fields (422 invalid_parameters), then what
 * the user typed, every field at once (422 invalid_form_fields).
 *
 * Answers, all 200:
 * - a new identifier: `{ uuid }`, and a verification PIN by email or SMS;
 * - an active account: `{ message }` (R2), and an "already registered" notice;
 * - an account not yet verified (self-registered or invited): the same
 *   `{ message }`; its password and profile are replaced by this
 *   registration and a fresh PIN is sent, so that someone who registered
 *   another person's address first cannot keep it. (The last registration's
 *   password is the one the PIN activates: the PIN proves the address, not
 *   who chose the password. The owner who verifies and cannot sign in resets.)
 * - a client without passwords: `{ authorization_code }` (R13) for a new
 *   identifier, and the account is active at once; an existing one gets the
 *   `{ message }` answer (a code would sign anyone in as its owner).
 *
 * Inside the client's window since the last verification message to the
 * identifier, the answer is the same but no new message goes (so register
 * cannot be used to flood someone's inbox). A new account always gets its
 * PIN: it can be created only once.
 */
import { defaultEndpoints } from '../../../src/api/vocabulary.js';
import { identifierField, passwordRequired, registerFieldNames, type ClientConfig } from '../clients.js';
import { errors } from '../http.js';
import { sendAlreadyRegistered, sendVerificationPin } from '../messages.js';
import { givenConsents, registerFormErrors, storedProfile } from '../policy.js';
import { hashSecret } from '../secrets.js';
import type { Account } from '../store.js';
import { REGISTER_ON_RECORD } from '../texts.js';
import { checkParameters, clientParameterProblems, isRecord, optionalString, throwIfAny, type CallRules } from '../validation.js';
import { channelOf, requireClient, windowEnd, type Route } from './context.js';

export const registerRules: CallRules = {
  required: [
    { name: 'client_id', removed: 'field required' },
    { name: 'auth_type', removed: 'field required' },
    { name: 'redirect_uri', removed: 'field required' },
    { name: 'profile_fields', removed: 'field required', value: 'object' },
  ],
  optional: ['locale'],
  tolerated: ['scope_id', 'grant_type', 'site_identifier'],
  emptyRedirect: 'missing_argument',
};

/** The profile keys this client does not configure (R19), and its own keys that are absent (R20). */
function profileKeyProblems(client: ClientConfig, profile: Record<string, unknown>): { unexpected: string[]; missing: string[] } {
  const expected = registerFieldNames(client);
  const unexpected = Object.keys(profile).filter((name) => !expected.includes(name));
  const mustBeThere = [identifierField(client), ...(passwordRequired(client) ? ['newPassword', 'newPasswordConfirm'] : [])];
  return { unexpected, missing: mustBeThere.filter((name) => !Object.hasOwn(profile, name)) };
}

async function securityAnswers(profile: Record<string, unknown>): Promise<Account['securityAnswers']> {
  const answers = Array.isArray(profile['securityQuestions']) ? profile['securityQuestions'] : [];
  return Promise.all(
    answers.filter(isRecord).map(async (answer) => ({ id: String(answer['id']), answerHash: await hashSecret(String(answer['answer'])) })),
  );
}

export const registerRoute: Route = {
  name: 'register',
  path: defaultEndpoints.register,

  async handle({ deps, body, headers }) {
    checkParameters(body, registerRules);
    const client = requireClient(deps, body['client_id']);
    const profile = body['profile_fields'] as Record<string, unknown>;
    const { unexpected, missing } = profileKeyProblems(client, profile);
    const details = clientParameterProblems(client, body, registerRules, { extraUnexpected: unexpected });
    for (const name of missing) details[name] = { missing: 'required' };
    throwIfAny(details);
    const formErrors = registerFormErrors(client, profile);
    if (Object.keys(formErrors).length > 0) throw errors.formFields(formErrors);

    const channel = channelOf(client);
    const identifier = profile[identifierField(client)] as string;
    const withPassword = passwordRequired(client);
    // Hashed before the lookup, so that an existing account takes as long as a new one.
    const passwordHash = withPassword ? await hashSecret(profile['newPassword'] as string) : undefined;
    const registration = {
      clientId: client.id,
      profile: storedProfile(client, profile),
      securityAnswers: await securityAnswers(profile),
      consents: givenConsents(client, profile),
      ...(optionalString(body['locale']) !== undefined ? { locale: body['locale'] as string } : {}),
    };
    const quiet = windowEnd(deps, client, 'verification', channel, identifier) !== undefined;
    deps.store.markWindow('verification', channel, identifier);

    const existing = deps.store.findAccount(channel, identifier);
    if (!existing) {
      const account = deps.store.createAccount({
        ...registration,
        channel,
        identifier,
        status: withPassword ? 'pending' : 'active',
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      });
      if (!withPassword) {
        // A client without passwords signs a new user in at once (R13), a hosted page's session too.
        deps.hosted?.accountProven(headers, account);
        const code = deps.store.issueAuthorizationCode({ accountId: account.id, clientId: client.id, redirectUri: body['redirect_uri'] as string });
        return { status: 200, body: { authorization_code: code } };
      }
      sendVerificationPin(deps, client, account, deps.store.issuePin(account, 'verification', client.id));
      return { status: 200, body: { uuid: account.id } };
    }

    if (existing.status !== 'active' && passwordHash !== undefined) {
      replaceRegistration(existing, registration, passwordHash);
      if (!quiet) sendVerificationPin(deps, client, existing, deps.store.issuePin(existing, 'verification', client.id));
    } else if (!quiet) {
      sendAlreadyRegistered(deps, client, existing);
    }
    return { status: 200, body: { message: REGISTER_ON_RECORD } };
  },
};

/** An unverified account takes the new registration's password and profile (see the module comment). */
function replaceRegistration(account: Account, registration: Pick<Account, 'clientId' | 'profile' | 'securityAnswers' | 'consents' | 'locale'>, passwordHash: string): void {
  account.clientId = registration.clientId;
  account.profile = registration.profile;
  account.securityAnswers = registration.securityAnswers;
  account.consents = registration.consents;
  if (registration.locale !== undefined) account.locale = registration.locale;
  account.passwordHash = passwordHash;
  account.status = 'pending';
}
