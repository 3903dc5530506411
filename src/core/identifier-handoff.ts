/**
 * The account identifier a journey hands to the next one in the same page
 * session (contract sections 4 and 5): `<nid-register>` to `<nid-activate>`
 * on one page, forgot-password's step 1 to its step 2 when the reset link
 * opens in the same tab. Only the email address or mobile number is kept,
 * never a secret, in `sessionStorage` (gone when the tab closes), keyed by
 * client and `auth_type`; where storage is blocked, in memory for this page.
 */
const PREFIX = 'nid-journeys:identifier:';
const memory = new Map<string, string>();
const changes = new EventTarget();

/** Undefined for a client id that is not one (any property can be set to anything). */
const keyOf = (clientId: unknown, authType: string) => (typeof clientId === 'string' && clientId !== '' ? `${PREFIX}${clientId}:${authType}` : undefined);

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // a sandboxed frame, or storage switched off
  }
}

export function rememberIdentifier(clientId: unknown, authType: string, identifier: string): void {
  const key = keyOf(clientId, authType);
  if (key === undefined) return;
  memory.set(key, identifier);
  try {
    storage()?.setItem(key, identifier);
  } catch {
    // Quota or privacy mode: the in-memory copy serves this page.
  }
  changes.dispatchEvent(new Event('handover'));
}

export function recallIdentifier(clientId: unknown, authType: string): string | undefined {
  const key = keyOf(clientId, authType);
  if (key === undefined) return undefined;
  let stored: string | null | undefined;
  try {
    stored = storage()?.getItem(key);
  } catch {
    stored = undefined;
  }
  return stored ?? memory.get(key);
}

/** Calls `listener` whenever a journey on this page hands over an identifier; returns the unsubscribe. */
export function onHandover(listener: () => void): () => void {
  changes.addEventListener('handover', listener);
  return () => changes.removeEventListener('handover', listener);
}
