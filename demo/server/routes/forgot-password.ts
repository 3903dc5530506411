/**
 * `POST /idp/v1/account/forgot-password` (contract 4.3, step 1).
 *
 * Answers `202 {"status":"sent"}` whether or not an account exists; only an
 * active account gets a message with a reset link. `429` with `Retry-After`
 * inside the client's resend window, counted per identifier whether or not
 * an account exists, so neither answer reveals one.
 *
 * Order of checks: client (503), request parameters (invalid_request),
 * redirect_uri allowlist (invalid_redirect_uri), the identifier
 * (validation_failed), then the window (rate_limited).
 */
import { defaultEndpoints, forgotPasswordRequest, type AcceptedResponse } from '../../../src/api/contract.js';
import { identifierField } from '../clients.js';
import { errors } from '../http.js';
import { sendPasswordReset } from '../messages.js';
import { fieldError, fieldErrorsFromIssues, isBlank, mergeFieldErrors } from '../validation.js';
import { authRequestOf, channelOf, checkResendWindow, requireClient, type Route } from './context.js';

const identifierFields = new Set<PropertyKey>(['emailAddress', 'mobileNumber']);

export const forgotPasswordRoute: Route = {
  name: 'forgot-password',
  method: 'POST',
  path: defaultEndpoints.forgotPassword,

  async handle({ deps, body }) {
    const client = requireClient(deps, body['client_id']);
    const field = identifierField(client);
    const other = field === 'emailAddress' ? 'mobileNumber' : 'emailAddress';
    // The schema accepts either identifier; the client's auth_type decides which one counts.
    if (body[other] !== undefined) throw errors.invalidRequest(`This client identifies accounts by ${field}.`);

    const parsed = forgotPasswordRequest.safeParse(body);
    // The "exactly one identifier" rule (an issue on the whole body) is checked by name below.
    const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => issue.path.length > 0);
    // Throws invalid_request for a bad OAuth parameter before anything else is looked at.
    const schemaErrors = fieldErrorsFromIssues(issues, body, (path) =>
      identifierFields.has(path[0] ?? '') ? String(path[0]) : undefined,
    );
    if (!client.redirectUris.includes(String(body['redirect_uri']))) throw errors.invalidRedirectUri();
    const fieldErrors = mergeFieldErrors(schemaErrors, isBlank(body[field]) ? [fieldError(field, 'required')] : []);
    if (fieldErrors.length > 0) throw errors.validationFailed(fieldErrors);
    if (!parsed.success) throw errors.invalidRequest('The request does not match the contract.');

    const request = parsed.data;
    const identifier = request[field];
    if (identifier === undefined) throw errors.validationFailed([fieldError(field, 'required')]);
    const channel = channelOf(client);
    checkResendWindow(deps, client, 'reset', channel, identifier);
    deps.store.markMessage('reset', channel, identifier);

    // Each request issues a new link; earlier ones keep working until one is used or they expire.
    const account = deps.store.findAccount(channel, identifier);
    if (account?.status === 'active') sendPasswordReset(deps, client, account, authRequestOf(request));

    const answer: AcceptedResponse = { status: 'sent' };
    return { status: 202, body: answer };
  },
};
