/**
 * `POST /idp/v1/account/pre-register` (contract 4.4): an invitation, made
 * server-to-server with the client's Basic credentials (the demo site's
 * invite route, built with the server helper, is the caller).
 *
 * Order of checks: client credentials (401 invalid_client, checked by the
 * pipeline before the body and before any Idempotency-Key replay), request
 * parameters (invalid_request), the redirect_uri allowlist
 * (invalid_redirect_uri), then the profile fields (validation_failed). Then:
 * - a new user is created and invited (invitation message, 200 {uuid});
 * - an existing user, without `resend: true`, is left as it is: same uuid,
 *   profile untouched, no message (this store keeps one client per account,
 *   so "linking the user to the client" has nothing to record);
 * - `resend: true` sends the invitation again; with auth_type email, inside
 *   the client's resend window, 429 with Retry-After.
 * The invitation's `auth_type` decides the account's channel, whatever the
 * client's own setting: the invite form may offer both.
 */
import { Buffer } from 'node:buffer';
import {
  defaultEndpoints,
  preRegisterRequest,
  profileFieldNames,
  registerProfileFields,
  type PreRegisterRequest,
  type PreRegisterResponse,
} from '../../../src/api/contract.js';
import type { ClientConfig } from '../clients.js';
import { errors } from '../http.js';
import { sendActivation } from '../messages.js';
import { secretsEqual } from '../secrets.js';
import { fieldError, fieldErrorsFromIssues, isBlank } from '../validation.js';
import { checkResendWindow, type ApiDeps, type Route } from './context.js';

/** The contract's profile fields an invitation can fill (security answers are the invitee's own). */
const contractFields: ReadonlySet<string> = new Set(profileFieldNames.filter((name) => name !== 'securityQuestions'));

/**
 * The client named by the Basic credentials (RFC 7617: base64 of
 * `id:secret`, UTF-8), or 401. An unknown id and a wrong secret answer alike.
 */
function authenticatedClient(deps: ApiDeps, header: string | undefined): ClientConfig {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) throw errors.invalidClient();
  let credentials: string;
  try {
    credentials = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    throw errors.invalidClient();
  }
  const colon = credentials.indexOf(':');
  const client = colon > 0 ? deps.clients.get(credentials.slice(0, colon)) : undefined;
  // Compared even for an unknown id, so that its answer takes as long as a wrong secret's.
  const matches = secretsEqual(credentials.slice(colon + 1), client?.secret ?? '\u0000');
  if (!client || !matches) throw errors.invalidClient();
  return client;
}

/**
 * The profile to store: the contract's fields and the client's custom ones,
 * blank values dropped (a blank optional field is simply not given; the
 * invitee can fill it in on activation). Throws on unknown names
 * (an integration error) and on malformed values (the administrator's to fix).
 */
function invitedProfile(client: ClientConfig, request: PreRegisterRequest): Record<string, string> {
  const custom = new Map(client.customProfileFields.map((field) => [field.name, field]));
  const given = Object.entries(request.profile_fields).filter(([, value]) => !isBlank(value));
  const unknown = given.map(([name]) => name).filter((name) => !contractFields.has(name) && !custom.has(name));
  if (unknown.length > 0) throw errors.invalidRequest(`Unknown profile field: ${unknown.join(', ')}.`);

  const known = Object.fromEntries(given.filter(([name]) => contractFields.has(name)));
  const parsed = registerProfileFields.safeParse(known);
  const fields = parsed.success ? [] : fieldErrorsFromIssues(parsed.error.issues, known, (path) => String(path[0]));
  for (const [name, value] of given) {
    if (custom.get(name)?.type === 'checkbox' && value !== 'true' && value !== 'false') {
      fields.push(fieldError(name, 'invalid_format', `${name} must be "true" or "false".`));
    }
  }
  const identifier = request.auth_type === 'sms' ? 'mobileNumber' : 'emailAddress';
  if (isBlank(request.profile_fields[identifier])) fields.unshift(fieldError(identifier, 'required'));
  if (fields.length > 0) throw errors.validationFailed(fields);
  return Object.fromEntries(given);
}

export const preRegisterRoute: Route = {
  name: 'pre-register',
  method: 'POST',
  path: defaultEndpoints.preRegister,
  authenticate: (deps, headers) => authenticatedClient(deps, headers.authorization),

  async handle({ deps, body, client }) {
    // The pipeline ran authenticate first; a route without a client here is wired wrongly.
    if (!client) throw new Error('pre-register: no authenticated client');
    const parsed = preRegisterRequest.safeParse(body);
    if (!parsed.success) {
      // Every issue here is a parameter of the integration: this throws invalid_request naming them.
      fieldErrorsFromIssues(parsed.error.issues, body, () => undefined);
      throw errors.invalidRequest('The request does not match the contract.');
    }
    const request = parsed.data;
    // The credentials speak for one client: a body naming another is not theirs to invite to.
    if (request.client_id !== client.id) throw errors.invalidClient();
    if (request.redirect_uri !== undefined && !client.redirectUris.includes(request.redirect_uri)) {
      throw errors.invalidRedirectUri();
    }
    const profile = invitedProfile(client, request);

    const channel = request.auth_type;
    const identifier = profile[channel === 'sms' ? 'mobileNumber' : 'emailAddress']!;
    const existing = deps.store.findAccount(channel, identifier);
    let uuid: string;
    if (existing) {
      uuid = existing.id;
      if (request.resend) {
        // The contract limits resending by email only.
        if (channel === 'email') checkResendWindow(deps, client, 'activation', channel, identifier);
        // An active account has nothing left to activate: the answer is the same, no message goes.
        if (existing.status !== 'active') sendActivation(deps, client, existing);
        deps.store.markMessage('activation', channel, identifier);
      }
    } else {
      const { account } = deps.store.inviteAccount({
        clientId: client.id,
        channel,
        identifier,
        profile,
        locale: request.locale,
        ...(request.redirect_uri !== undefined ? { redirectUri: request.redirect_uri } : {}),
      });
      deps.store.markMessage('activation', channel, identifier);
      uuid = account.id;
    }

    const answer: PreRegisterResponse = { uuid };
    return { status: 200, body: answer };
  },
};
