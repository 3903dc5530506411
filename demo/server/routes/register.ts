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
import { hashSecret } from '../secrets.js';
import {
  codePointLength,
  fieldError,
  fieldErrorsFromIssues,
  isBlank,
  mergeFieldErrors,
} from '../validation.js';
import { channelOf, requireClient, type Route } from './context.js';

const DEFAULT_MIN_LENGTH = 8;
const DEFAULT_MAX_LENGTH = 128;

/** Issues on `profile_fields.X` belong to field X, on `password` to the password; the rest are parameters. */
function fieldOf(path: readonly PropertyKey[]): string | undefined {
  if (path[0] === 'profile_fields' && path.length >= 2) return String(path[1]);
  if (path[0] === 'password') return 'password';
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The client's rules on top of the schema: required fields, security
 * questions, password length (in code points), blocked email domains and
 * consents. Reads the raw body defensively, so it also runs when the schema
 * found other problems and every error is reported together.
 */
function policyErrors(client: ClientConfig, body: Record<string, unknown>): FieldError[] {
  const errorsFound: FieldError[] = [];
  const profile = asRecord(body['profile_fields']);
  const fields = client.settings.register_fields ?? [];

  const required = [identifierField(client), ...fields.filter((f) => f.required).map((f) => f.name)];
  for (const name of required) {
    if (name !== 'securityQuestions' && isBlank(profile[name])) errorsFound.push(fieldError(name, 'required'));
  }

  const questions = fields.find((f) => f.name === 'securityQuestions');
  if (questions) {
    const answers = profile['securityQuestions'];
    const count = questions.count ?? 1;
    const known = new Set((client.settings.security_questions ?? []).map((q) => q.id));
    if (Array.isArray(answers)) {
      const ids = answers.map((a) => asRecord(a)['id']);
      const valid = ids.every((id) => typeof id === 'string' && known.has(id)) && new Set(ids).size === ids.length;
      if (!valid) {
        errorsFound.push(fieldError('securityQuestions', 'invalid_format', 'Choose different questions from the list.'));
      } else if (questions.required && answers.length < count) {
        errorsFound.push(fieldError('securityQuestions', 'required', `Answer ${count} security questions.`));
      }
    } else if (questions.required) {
      errorsFound.push(fieldError('securityQuestions', 'required', `Answer ${count} security questions.`));
    }
  }

  const password = body['password'];
  if (typeof password === 'string' && password !== '') {
    const min = client.settings.password_policy?.min_length ?? DEFAULT_MIN_LENGTH;
    const max = client.settings.password_policy?.max_length ?? DEFAULT_MAX_LENGTH;
    const length = codePointLength(password);
    if (length < min) errorsFound.push(fieldError('password', 'too_short', `Password must be at least ${min} characters.`));
    if (length > max) errorsFound.push(fieldError('password', 'too_long', `Password must be at most ${max} characters.`));
  }

  const email = profile['emailAddress'];
  if (typeof email === 'string') {
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    if (client.blockedEmailDomains.includes(domain)) errorsFound.push(fieldError('emailAddress', 'not_allowed'));
  }

  // Consents are required when the client links the documents (the element shows them as
  // checkboxes). The contract names no field for them; errors use the body path, `consents.<id>`.
  const consents = asRecord(body['consents']);
  for (const [id, url] of [['terms', client.settings.terms_url], ['privacy', client.settings.privacy_url]] as const) {
    if (url && consents[id] !== true) errorsFound.push(fieldError(`consents.${id}`, 'required'));
  }

  return errorsFound;
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
    });
    if (created) sendActivation(deps, client, account);
    else sendAlreadyRegistered(deps, client, account);
    // Both cases start the resend window, so a resend cannot tell them apart either.
    deps.store.markActivationMessage(channel, identifier);

    const answer: RegisterResponse = { status: 'activation_pending', delivery: channel };
    return { status: 201, body: answer };
  },
};
