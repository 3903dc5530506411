/**
 * `POST /idp/v1/account/activate` (contract 4.2).
 *
 * A self-registered account (it has a password) is activated at once. An
 * invited account (no password yet) first answers `completion_required` with
 * what it has and what it lacks; the same token then comes back with the
 * password, the missing profile fields and the consents. The token is
 * consumed only when the account is activated.
 *
 * Order of checks: client (503), request parameters (invalid_request), the
 * token (404 / 409 / 410), then, for an invitee's submission, every field
 * error at once (validation_failed).
 */
import {
  activateRequest,
  defaultEndpoints,
  registerProfileFields,
  type ActivateResponse,
  type FieldError,
  type FieldSetting,
} from '../../../src/api/contract.js';
import type { ClientConfig } from '../clients.js';
import { errors } from '../http.js';
import {
  asRecord,
  consentErrors,
  consentRequirements,
  newPasswordErrors,
  requiredFieldErrors,
  securityQuestionErrors,
} from '../policy.js';
import { hashSecret } from '../secrets.js';
import type { Account } from '../store.js';
import { fieldErrorsFromIssues, isBlank, mergeFieldErrors } from '../validation.js';
import { redirectWithCode, requireClient, type ApiDeps, type Route } from './context.js';
import { activationTarget, type TokenTarget } from './tokens.js';

/** Issues on `password` and `consents.<id>` are the user's to fix; the rest are parameters. */
function fieldOf(path: readonly PropertyKey[]): string | undefined {
  if (path[0] === 'password') return 'password';
  if (path[0] === 'consents' && path.length >= 2) return `consents.${String(path[1])}`;
  return undefined;
}

/** The client's register fields the invitee has not been given: the only ones they can fill in. */
function missingFields(client: ClientConfig, account: Account): FieldSetting[] {
  return (client.settings.register_fields ?? [])
    .filter((f) => account.profile[f.name] === undefined)
    .map((f) => ({ ...f, required: f.required ?? false }));
}

/**
 * The form of the invitee: the password, then every field of the client's
 * register form. Fields the profile already has are listed too, so that the
 * element shows them pre-filled from `profile` and read-only (contract 4.2:
 * "pre-filled from profile, read-only where given"); only the others can be
 * filled in (missingFields).
 */
function completionRequired(client: ClientConfig, account: Account): ActivateResponse {
  const consents = consentRequirements(client);
  const formFields = (client.settings.register_fields ?? []).map((f) => ({ ...f, required: f.required ?? false }));
  return {
    status: 'completion_required',
    profile: { ...account.profile },
    fields: [{ name: 'password', required: true }, ...formFields],
    ...(consents.length > 0 ? { consents } : {}),
  };
}

/**
 * The invitee's submission: the password, the missing fields (fields the
 * profile already has are read-only: whatever comes for them is ignored) and
 * the consents. Throws validation_failed with every error at once.
 */
function completionErrors(
  client: ClientConfig,
  account: Account,
  body: Record<string, unknown>,
  schemaErrors: FieldError[],
): { editable: Record<string, unknown>; fieldErrors: FieldError[] } {
  const missing = missingFields(client, account);
  const sent = asRecord(body['profile_fields']);
  const editable: Record<string, unknown> = {};
  // A blank optional field is simply not given; a blank required one is reported below.
  for (const { name } of missing) if (!isBlank(sent[name])) editable[name] = sent[name];

  const parsed = registerProfileFields.safeParse(editable);
  const profileSchemaErrors = parsed.success
    ? []
    : fieldErrorsFromIssues(parsed.error.issues, editable, (path) => String(path[0]));
  const fieldErrors = mergeFieldErrors(
    schemaErrors,
    profileSchemaErrors,
    newPasswordErrors(client, body['password']),
    requiredFieldErrors(missing.filter((f) => f.required).map((f) => f.name), editable),
    securityQuestionErrors(client, editable),
    consentErrors(client, body['consents']),
  );
  return { editable, fieldErrors };
}

async function completeInvitation(
  deps: ApiDeps,
  client: ClientConfig,
  { record, account }: TokenTarget,
  token: string,
  body: Record<string, unknown>,
  schemaErrors: FieldError[],
): Promise<ActivateResponse> {
  const { editable, fieldErrors } = completionErrors(client, account, body, schemaErrors);
  if (fieldErrors.length > 0) throw errors.validationFailed(fieldErrors);

  const passwordHash = await hashSecret(body['password'] as string);
  const answers = Array.isArray(editable['securityQuestions']) ? editable['securityQuestions'] : [];
  const securityAnswers = await Promise.all(
    answers.map(async (answer) => {
      const { id, answer: text } = asRecord(answer);
      return { id: String(id), answerHash: await hashSecret(String(text)) };
    }),
  );
  // Hashing waited: a concurrent submission with the same link may have won meanwhile.
  if (!deps.store.consumeToken(token)) throw errors.alreadyActivated();

  for (const [name, value] of Object.entries(editable)) {
    if (typeof value === 'string' && value !== '') account.profile[name] = value;
  }
  account.securityAnswers = securityAnswers;
  account.consents = { ...account.consents, ...(asRecord(body['consents']) as Record<string, boolean>) };
  deps.store.setPassword(account, passwordHash);
  deps.store.activate(account);
  // An invitee lands on the client's app (contract 4.4), with the invitation's state if it had one.
  const redirect = redirectWithCode(deps, client.appLink, {
    accountId: account.id,
    clientId: client.id,
    ...(record.authRequest ? { authRequest: record.authRequest } : {}),
  });
  return { status: 'activated', redirect_uri: redirect };
}

export const activateRoute: Route = {
  name: 'activate',
  method: 'POST',
  path: defaultEndpoints.activate,

  async handle({ deps, body }) {
    const client = requireClient(deps, body['client_id']);
    const parsed = activateRequest.safeParse(body);
    // Throws invalid_request for a missing token or a malformed parameter.
    const schemaErrors = parsed.success ? [] : fieldErrorsFromIssues(parsed.error.issues, body, fieldOf);
    const token = body['token'] as string;
    const target = activationTarget(deps, client, token);
    const { record, account } = target;

    if (account.status === 'invited') {
      const answer =
        body['password'] === undefined
          ? completionRequired(client, account)
          : await completeInvitation(deps, client, target, token, body, schemaErrors);
      return { status: 200, body: answer };
    }

    // A self-registered account: its password was set at registration; anything else sent is ignored.
    if (!deps.store.consumeToken(token)) throw errors.alreadyActivated();
    deps.store.activate(account);
    const redirect = redirectWithCode(deps, record.authRequest?.redirectUri ?? client.appLink, {
      accountId: account.id,
      clientId: client.id,
      ...(record.authRequest ? { authRequest: record.authRequest } : {}),
    });
    const answer: ActivateResponse = { status: 'activated', redirect_uri: redirect };
    return { status: 200, body: answer };
  },
};
