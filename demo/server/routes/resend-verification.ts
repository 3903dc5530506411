/**
 * `POST /idp/v1/account/resend-verification` (contract section 3, vendor
 * rows V1-V22).
 *
 * Always 200 for a well-formed call (V1-V3): an account that waits for
 * verification gets `{}` and a new PIN (an invitee: its invitation link
 * again); a verified or unknown account gets `{ message }` and nothing is
 * sent. The body differs, as the vendor's does; the work barely does (no
 * branch hashes anything), and the window is kept per identifier whether or
 * not an account exists, so that a 429 reveals nothing either.
 *
 * Order of checks: the body's keys and values, the client (403), its
 * auth_type, allowlist and unexpected keys, the user_id (V22), the window (429).
 */
import { defaultEndpoints } from '../../../src/api/vocabulary.js';
import { errors } from '../http.js';
import { sendVerificationPin } from '../messages.js';
import { RESEND_ON_RECORD } from '../texts.js';
import { checkParameters, clientParameterProblems, isIdentifier, throwIfAny, type CallRules } from '../validation.js';
import { channelOf, enforceWindow, requireClient, type Route } from './context.js';
import { sendInvitationOf } from './pre-register.js';

export const resendRules: CallRules = {
  required: [
    // Removed or empty, the vendor answers the same (V12, V13).
    { name: 'client_id', removed: 'missing' },
    { name: 'auth_type', removed: 'field required' },
    { name: 'user_id', removed: 'field required' },
    { name: 'redirect_uri', removed: 'field required' },
  ],
  optional: ['locale'],
  tolerated: ['grant_type'],
  emptyRedirect: 'missing_argument',
};

export const resendVerificationRoute: Route = {
  name: 'resend-verification',
  path: defaultEndpoints.resendVerification,

  async handle({ deps, body }) {
    checkParameters(body, resendRules);
    const client = requireClient(deps, body['client_id']);
    throwIfAny(clientParameterProblems(client, body, resendRules));
    const channel = channelOf(client);
    const identifier = body['user_id'];
    // V22: the vendor's answer has no details here (its shape is reconstructed: see the response-code table).
    if (!isIdentifier(channel, identifier)) throw errors.invalidArgument('user_id');
    enforceWindow(deps, client, 'verification', channel, identifier);
    deps.store.markWindow('verification', channel, identifier);

    const account = deps.store.findAccount(channel, identifier);
    if (account?.status === 'pending') {
      sendVerificationPin(deps, client, account, deps.store.issuePin(account, 'verification', client.id));
      return { status: 200, body: {} };
    }
    if (account?.status === 'invited') {
      sendInvitationOf(deps, client, account);
      return { status: 200, body: {} };
    }
    return { status: 200, body: { message: RESEND_ON_RECORD } };
  },
};
