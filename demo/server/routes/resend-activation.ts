/**
 * `POST /idp/v1/account/activate/resend` (contract 4.2): `202` whether or
 * not the account exists; `429` with `Retry-After` inside the resend window.
 */
import { defaultEndpoints, resendActivationRequest, type AcceptedResponse } from '../../../src/api/contract.js';
import { identifierField } from '../clients.js';
import { errors } from '../http.js';
import { sendActivation } from '../messages.js';
import { fieldError, fieldErrorsFromIssues, isBlank } from '../validation.js';
import { channelOf, checkResendWindow, requireClient, type Route } from './context.js';

const identifierFields = new Set<PropertyKey>(['emailAddress', 'mobileNumber']);

export const resendActivationRoute: Route = {
  name: 'resend-activation',
  method: 'POST',
  path: defaultEndpoints.resendActivation,

  async handle({ deps, body }) {
    const client = requireClient(deps, body['client_id']);
    const field = identifierField(client);
    const other = field === 'emailAddress' ? 'mobileNumber' : 'emailAddress';
    // The schema accepts either identifier; the client's auth_type decides which one counts.
    if (body[other] !== undefined) throw errors.invalidRequest(`This client identifies accounts by ${field}.`);
    if (isBlank(body[field])) throw errors.validationFailed([fieldError(field, 'required')]);

    const parsed = resendActivationRequest.safeParse(body);
    if (!parsed.success) {
      const fields = fieldErrorsFromIssues(parsed.error.issues, body, (path) =>
        identifierFields.has(path[0] ?? '') ? String(path[0]) : undefined,
      );
      throw errors.validationFailed(fields);
    }

    const identifier = parsed.data[field];
    if (identifier === undefined) throw errors.validationFailed([fieldError(field, 'required')]);
    const channel = channelOf(client);
    checkResendWindow(deps, client, 'activation', channel, identifier);
    deps.store.markMessage('activation', channel, identifier);

    // A fresh token for a self-registered account or an invitee; older links keep working until they expire.
    const account = deps.store.findAccount(channel, identifier);
    if (account && account.status !== 'active') sendActivation(deps, client, account);

    const answer: AcceptedResponse = { status: 'sent' };
    return { status: 202, body: answer };
  },
};
