/**
 * `POST /idp/v1/account/pre-register` (contract section 8, vendor rows
 * P1-P20): an invitation, made server-to-server with the client's Basic
 * credentials (the demo site's invite route, built with the server helper,
 * is the caller).
 *
 * Order of checks: the credentials (401, before the body is read), the
 * body's keys and values (422; `grant_type` must be there but any value
 * does, P4, P6, P14), a `client_id` other than the credentials' (403), the
 * allowlist and unexpected profile fields (422 invalid_parameters), the
 * identifier (`{ missing: "required" }` when absent or empty, P16), then the
 * fields' formats (422 invalid_form_fields). Then:
 * - a new identifier: an invited account (no password) and an invitation
 *   whose link opens the hosted activation stand-in; 201 `{ uuid }` (P1);
 * - an existing one without `resend: true`: 422 invalid_form_fields on the
 *   identifier (P10, P11; the vendor's reference page says 200 instead, see
 *   the notes, section 3 item 8);
 * - an existing one with `resend: true`: 201 `{ uuid }` and the invitation
 *   again (P2), 429 inside the client's window; an active account has
 *   nothing to activate, so nothing is sent.
 * The invitation's `auth_type` decides the account's channel, whatever the
 * client's own setting: the invite form may offer both.
 */
import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import { defaultEndpoints, profileFieldNames, type AuthType } from '../../../src/api/vocabulary.js';
import type { ClientConfig } from '../clients.js';
import { errors, type ParameterProblem } from '../http.js';
import { sendInvitation } from '../messages.js';
import { inviteFormErrors } from '../policy.js';
import { secretsEqual } from '../secrets.js';
import type { Account, Channel } from '../store.js';
import { alreadyExists, INVALID_VALUE } from '../texts.js';
import { checkParameters, clientParameterProblems, throwIfAny, type CallRules } from '../validation.js';
import { enforceWindow, type ApiDeps, type Route } from './context.js';

/** Where the invitation links lead: the hosted activation stand-in, on the API origin. */
export const HOSTED_ACTIVATION_PATH = '/activate';

export const preRegisterRules: CallRules = {
  required: [
    { name: 'profile_fields', removed: 'field required', value: 'object' },
    { name: 'client_id', removed: 'field required' },
    { name: 'auth_type', removed: 'field required' },
    { name: 'grant_type', removed: 'field required', value: 'any' },
    { name: 'redirect_uri', removed: 'field required' },
  ],
  optional: ['locale', 'resend'],
  tolerated: [],
  emptyRedirect: 'missing_argument',
};

/** The contract's profile fields an invitation can fill (security answers are the invitee's own). */
const contractFields: ReadonlySet<string> = new Set(profileFieldNames.filter((name) => name !== 'securityQuestions'));

const BASIC_CHALLENGE = 'Basic realm="pre-register", charset="UTF-8"';

/**
 * The client named by the Basic credentials (RFC 7617: base64 of
 * `id:secret`, UTF-8), or 401. An unknown id and a wrong secret answer alike.
 */
export function authenticatedClient(deps: ApiDeps, headers: IncomingHttpHeaders): ClientConfig {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(headers.authorization?.trim() ?? '');
  if (!match?.[1]) throw errors.unauthorized(BASIC_CHALLENGE);
  let credentials: string;
  try {
    credentials = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    throw errors.unauthorized(BASIC_CHALLENGE);
  }
  const colon = credentials.indexOf(':');
  const client = colon > 0 ? deps.clients.get(credentials.slice(0, colon)) : undefined;
  // Compared even for an unknown id, so that its answer takes as long as a wrong secret's.
  const matches = secretsEqual(credentials.slice(colon + 1), client?.secret ?? '\u0000');
  if (!client || !matches) throw errors.unauthorized(BASIC_CHALLENGE);
  return client;
}

/** The link of an invitation: the hosted activation page with the code. */
export function invitationLink(deps: ApiDeps, code: string): string {
  const url = new URL(HOSTED_ACTIVATION_PATH, deps.apiUrl);
  url.searchParams.set('code', code);
  return url.href;
}

export interface InviteInit {
  channel: Channel;
  identifier: string;
  /** Profile fields (`firstName`, ...): the hosted page greets the invitee with them. */
  profile: Record<string, string>;
  locale?: string;
  /** Passed back on the redirect to the client's app link once the invitee has chosen a password. */
  state?: string;
}

/** Sends an account's invitation (a fresh link, replacing the earlier one). */
export function sendInvitationOf(deps: ApiDeps, client: ClientConfig, account: Account, state?: string): void {
  const code = deps.store.issueLinkCode(account, 'invitation', client.id, state === undefined ? {} : { state });
  sendInvitation(deps, client, account, invitationLink(deps, code));
}

/**
 * Creates an invited account (no password) and sends its invitation. The
 * caller has checked that the identifier is free. Also used at start-up
 * (main.ts) and by tests, through ReferenceServer.invite.
 */
export function inviteAccount(deps: ApiDeps, client: ClientConfig, init: InviteInit): Account {
  const identifierName = init.channel === 'sms' ? 'mobileNumber' : 'emailAddress';
  const account = deps.store.createAccount({
    clientId: client.id,
    channel: init.channel,
    identifier: init.identifier,
    status: 'invited',
    profile: { ...init.profile },
    securityAnswers: [],
    consents: {},
    ...(init.locale !== undefined ? { locale: init.locale } : {}),
  });
  // The identifier as stored (a lower-cased email) is the one the invitee sees.
  account.profile[identifierName] = account.identifier;
  sendInvitationOf(deps, client, account, init.state);
  deps.store.markWindow('verification', account.channel, account.identifier);
  return account;
}

export const preRegisterRoute: Route = {
  name: 'pre-register',
  path: defaultEndpoints.preRegister,
  authenticate: authenticatedClient,

  async handle({ deps, body, client }) {
    // The pipeline ran authenticate first; a route without a client here is wired wrongly.
    if (!client) throw new Error('pre-register: no authenticated client');
    checkParameters(body, preRegisterRules);
    // The credentials speak for one client: a body naming another is not theirs to invite to.
    if (body['client_id'] !== client.id) throw errors.forbidden();

    const authType = body['auth_type'] as AuthType;
    const identifierName = authType === 'sms' ? 'mobileNumber' : 'emailAddress';
    const sent = body['profile_fields'] as Record<string, unknown>;
    const custom = new Set(client.customProfileFields.map((field) => field.name));
    const unexpected = Object.keys(sent).filter((name) => !contractFields.has(name) && !custom.has(name));
    const details: Record<string, ParameterProblem> = clientParameterProblems(client, body, preRegisterRules, {
      extraUnexpected: unexpected,
      anyAuthType: true,
    });
    for (const [name, value] of Object.entries(sent)) {
      if (typeof value !== 'string' && value !== null && !unexpected.includes(name)) details[name] = { invalid: INVALID_VALUE };
    }
    if (sent[identifierName] === undefined || sent[identifierName] === null || sent[identifierName] === '') {
      details[identifierName] = { missing: 'required' };
    }
    throwIfAny(details);

    // Blank optional fields are simply not given.
    const profile = Object.fromEntries(
      Object.entries(sent).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''),
    );
    const formErrors = inviteFormErrors(client, authType, profile);
    if (Object.keys(formErrors).length > 0) throw errors.formFields(formErrors);

    const identifier = profile[identifierName]!;
    const existing = deps.store.findAccount(authType, identifier);
    if (!existing) {
      const locale = typeof body['locale'] === 'string' && body['locale'] !== '' ? body['locale'] : undefined;
      const account = inviteAccount(deps, client, { channel: authType, identifier, profile, ...(locale ? { locale } : {}) });
      return { status: 201, body: { uuid: account.id } };
    }
    if (body['resend'] !== true) throw errors.formFields({ [identifierName]: [alreadyExists(identifierName)] });
    enforceWindow(deps, client, 'verification', existing.channel, existing.identifier);
    deps.store.markWindow('verification', existing.channel, existing.identifier);
    // An active account has nothing left to activate: the answer is the same, no message goes.
    if (existing.status !== 'active') sendInvitationOf(deps, client, existing);
    return { status: 201, body: { uuid: existing.id } };
  },
};
