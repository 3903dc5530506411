/**
 * `POST /idp/v1/account/register` (contract 4.1).
 *
 * Order of checks: client (503), request parameters (invalid_request),
 * redirect_uri allowlist (invalid_redirect_uri), then every field error at
 * once (validation_failed) so the user can fix them in one go.
 */
import {
  defaultEndpoints,
  registerRequest,
  type FieldError,
  type RegisterRequest,
  type RegisterResponse,
} from '../../../src/api/contract.js';
import { identifierField, type ClientConfig } from '../clients.js';
import { errors } from '../http.js';
import { sendActivation, sendAlreadyRegistered } from '../messages.js';
import {
  asRecord,
  consentErrors,
  passwordLengthErrors,
  requiredFieldErrors,
  securityQuestionErrors,
} from '../policy.js';
import { hashSecret } from '../secrets.js';
import { fieldError, fieldErrorsFromIssues, mergeFieldErrors } from '../validation.js';
import { authRequestOf, channelOf, requireClient, type Route } from './context.js';

/** Issues on `profile_fields.X` belong to field X, on `password` to the password; the rest are parameters. */
function fieldOf(path: readonly PropertyKey[]): string | undefined {
  if (path[0] === 'profile_fields' && path.length >= 2) return String(path[1]);
  if (path[0] === 'password') return 'password';
  return undefined;
}

/**
 * The client's rules on top of the schema: required fields, security
 * questions, password length (in code points), blocked email domains and
 * consents (policy.ts).
 */
function policyErrors(client: ClientConfig, body: Record<string, unknown>): FieldError[] {
  const profile = asRecord(body['profile_fields']);
  const fields = client.settings.register_fields ?? [];
  const required = [identifierField(client), ...fields.filter((f) => f.required).map((f) => f.name)];
  const errorsFound = [
    ...requiredFieldErrors(required, profile),
    ...securityQuestionErrors(client, profile),
    ...passwordLengthErrors(client, body['password']),
  ];

  const email = profile['emailAddress'];
  if (typeof email === 'string') {
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (client.blockedEmailDomains.includes(domain)) errorsFound.push(fieldError('emailAddress', 'not_allowed'));
  }

  return [...errorsFound, ...consentErrors(client, body['consents'])];
}

/** Only the fields this client configures are kept; secrets are hashed separately. */
function storedProfile(client: ClientConfig, request: RegisterRequest): Record<string, string> {
  const names = new Set([identifierField(client), ...(client.settings.register_fields ?? []).map((f) => f.name)]);
  const profile: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.profile_fields)) {
    if (names.has(name) && typeof value === 'string') profile[name] = value;
  }
  return profile;
}

export const registerRoute: Route = {
  name: 'register',
  method: 'POST',
  path: defaultEndpoints.register,

  async handle({ deps, body }) {
    const client = requireClient(deps, body['client_id']);
    const parsed = registerRequest.safeParse(body);
    // Throws invalid_request for a bad OAuth parameter before anything else is looked at.
    const schemaErrors = parsed.success ? [] : fieldErrorsFromIssues(parsed.error.issues, body, fieldOf);
    if (!client.redirectUris.includes(String(body['redirect_uri']))) throw errors.invalidRedirectUri();
    const fieldErrors = mergeFieldErrors(schemaErrors, policyErrors(client, body));
    if (!parsed.success || fieldErrors.length > 0) throw errors.validationFailed(fieldErrors);

    const request = parsed.data;
    const channel = channelOf(client);
    const identifier = request.profile_fields[identifierField(client)];
    if (identifier === undefined) throw errors.validationFailed([fieldError(identifierField(client), 'required')]);

    // Hash before looking the account up: an existing account then takes as long as a new one.
    const passwordHash = await hashSecret(request.password);
    const configured = client.settings.register_fields?.some((f) => f.name === 'securityQuestions') ?? false;
    const securityAnswers = configured
      ? await Promise.all(
          (request.profile_fields.securityQuestions ?? []).map(async ({ id, answer }) => ({
            id,
            answerHash: await hashSecret(answer),
          })),
        )
      : [];

    const { account, created } = deps.store.createAccount({
      clientId: client.id,
      channel,
      identifier,
      profile: storedProfile(client, request),
      passwordHash,
      securityAnswers,
      consents: request.consents ?? {},
      authRequest: authRequestOf(request),
    });
    // An invitee who registers instead of following the invitation gets the invitation again.
    if (created || account.status === 'invited') sendActivation(deps, client, account);
    else sendAlreadyRegistered(deps, client, account);
    // Every case starts the resend window, so a resend cannot tell them apart either.
    deps.store.markMessage('activation', channel, identifier);

    const answer: RegisterResponse = { status: 'activation_pending', delivery: channel };
    return { status: 201, body: answer };
  },
};
