/**
 * Looking up the token of an emailed or texted link (activation, password
 * reset) and telling its states apart, as the contract answers them.
 *
 * Tokens are single-use and remembered once used: an old activation link then
 * says "already activated" instead of "not valid".
 */
import type { ClientConfig } from '../clients.js';
import { errors } from '../http.js';
import type { Account, TokenRecord } from '../store.js';
import type { ApiDeps } from './context.js';

export interface TokenTarget {
  record: TokenRecord;
  account: Account;
}

/** A token of another kind or of another client is as unknown as a made-up one. */
function lookUp(deps: ApiDeps, client: ClientConfig, kind: TokenRecord['kind'], token: string): TokenTarget {
  const record = deps.store.findToken(token);
  const account = record === undefined ? undefined : deps.store.getAccount(record.accountId);
  if (!record || !account || record.kind !== kind || record.clientId !== client.id) throw errors.invalidToken();
  return { record, account };
}

/**
 * 404 `invalid_token` (unknown, another client's), 409 `already_activated`
 * (a used link, or an account activated some other way: telling the person to
 * sign in helps more than offering a resend), 410 `expired_token`.
 */
export function activationTarget(deps: ApiDeps, client: ClientConfig, token: string): TokenTarget {
  const target = lookUp(deps, client, 'activation', token);
  if (target.account.status === 'active') throw errors.alreadyActivated();
  if (target.record.usedAt !== undefined) throw errors.invalidToken();
  if (deps.store.isExpired(target.record)) throw errors.expiredToken();
  return target;
}

/** 404 `invalid_token` (unknown, another client's, used or revoked, account not active), 410 `expired_token`. */
export function resetTarget(deps: ApiDeps, client: ClientConfig, token: string): TokenTarget {
  const target = lookUp(deps, client, 'reset', token);
  if (target.record.usedAt !== undefined || target.account.status !== 'active') throw errors.invalidToken();
  if (deps.store.isExpired(target.record)) throw errors.expiredToken();
  return target;
}
