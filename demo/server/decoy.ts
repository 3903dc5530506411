/**
 * Forgot-password's stand-in for an identifier without an account.
 *
 * The answer to forgot-password is the same 200 `{}` whatever the account
 * state, and so must its time be: otherwise a stopwatch tells which
 * identifiers have an account (issue #15.4: an account's request was about
 * 0.1-0.3 ms slower). So an unknown identifier gets the work an account
 * gets: a code drawn and digested as the store keeps one, the reset link
 * built, the message written and stamped, one log line. What it does not
 * get: the code is kept nowhere (decoys take no room from real codes), and
 * nothing reaches the outbox.
 */
import type { ClientConfig } from './clients.js';
import { digest, pinDigest, randomPin, randomToken } from './secrets.js';
import { normaliseIdentifier, type Account, type Channel } from './store.js';

/** A recipient shaped like an account, for the message to be written to; never stored. */
export function decoyAccount(client: ClientConfig, channel: Channel, identifier: string, now: number): Account {
  return {
    id: 'decoy',
    clientId: client.id,
    channel,
    identifier: normaliseIdentifier(channel, identifier),
    status: 'active',
    profile: {},
    securityAnswers: [],
    consents: {},
    createdAt: now,
  };
}

/** A link code drawn and digested as Store.issueLinkCode does, then dropped. */
export function decoyLinkCode(): string {
  const code = randomToken();
  digest(code);
  return code;
}

/** A PIN drawn and digested as Store.issuePin does, then dropped. */
export function decoyPin(account: Account): string {
  const pin = randomPin();
  pinDigest(`${account.id}\nreset`, pin);
  return pin;
}
