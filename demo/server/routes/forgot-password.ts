/**
 * `POST /idp/v1/account/forgot-password` (contract section 5 step 1, vendor
 * rows F2-F20).
 *
 * 200 `{}` for every account state, active, pending, invited or unknown, so
 * that the answer never tells them apart. A known account of the client's
 * channel gets a code: by email a link back to the request's `redirect_uri`
 * (on the allowlist) with `?code=`, by SMS a six-digit PIN. Either is
 * exchanged at the token call for an access token that may change the
 * password once (routes/token.ts, routes/change-password.ts). A pending or
 * invited account may reset too: the new password verifies its address.
 * Each request replaces the account's earlier reset code.
 *
 * Every case does the same work, so that none takes longer (issue #15.4):
 * an unknown identifier gets a decoy (decoy.ts), a code drawn, digested,
 * written into a message and stamped like an account's, then dropped
 * instead of stored and queued. The window (429) is kept per identifier
 * whether or not an account exists. test/node/reference-server-timing.test.ts
 * measures it.
 *
 * Order of checks: the body's keys and values (an empty redirect_uri is F16),
 * the client (403), its auth_type, allowlist and unexpected keys, the user_id
 * (F18), the window (429).
 */
import { defaultEndpoints } from '../../../src/api/vocabulary.js';
import { decoyAccount, decoyLinkCode, decoyPin } from '../decoy.js';
import { sendResetLink, sendResetPin } from '../messages.js';
import { INVALID_VALUE } from '../texts.js';
import { checkParameters, clientParameterProblems, isIdentifier, throwIfAny, type CallRules } from '../validation.js';
import { channelOf, enforceWindow, requireClient, type Route } from './context.js';

export const forgotRules: CallRules = {
  required: [
    { name: 'client_id', removed: 'field required' },
    { name: 'auth_type', removed: 'field required' },
    { name: 'user_id', removed: 'field required' },
    { name: 'redirect_uri', removed: 'field required' },
  ],
  optional: ['locale'],
  tolerated: ['grant_type'],
  emptyRedirect: 'http_exception',
};

/** The reset link: the request's `redirect_uri` with the code added (its own query kept). */
export function resetLink(redirectUri: string, code: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  return url.href;
}

export const forgotPasswordRoute: Route = {
  name: 'forgot-password',
  path: defaultEndpoints.forgotPassword,

  async handle({ deps, body }) {
    checkParameters(body, forgotRules);
    const client = requireClient(deps, body['client_id']);
    const details = clientParameterProblems(client, body, forgotRules);
    const channel = channelOf(client);
    const identifier = body['user_id'];
    if (!isIdentifier(channel, identifier)) details['user_id'] = { invalid: INVALID_VALUE };
    throwIfAny(details);
    const userId = identifier as string;
    enforceWindow(deps, client, 'reset', channel, userId);
    deps.store.markWindow('reset', channel, userId);

    const account = deps.store.findAccount(channel, userId);
    const decoy = account === undefined;
    const recipient = account ?? decoyAccount(client, channel, userId, deps.now());
    if (channel === 'sms') {
      const pin = decoy ? decoyPin(recipient) : deps.store.issuePin(recipient, 'reset', client.id);
      sendResetPin(deps, client, recipient, pin, { decoy });
    } else {
      const code = decoy ? decoyLinkCode() : deps.store.issueLinkCode(recipient, 'reset', client.id);
      sendResetLink(deps, client, recipient, resetLink(body['redirect_uri'] as string, code), { decoy });
    }
    return { status: 200, body: {} };
  },
};
