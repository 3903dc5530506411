/** What the oauth tests share: the typed-failure check, the storages, the address bar. */
import { expect } from '@open-wc/testing';
import { OAuthJourneyError, STORAGE_KEY, type OAuthJourneyErrorCode } from '../../src/oauth/index.js';
import { CLIENT_ID, FakeProvider, REDIRECT_URI } from './fake-provider.js';

/** The stored journeys, as `nid-journeys/oauth` keeps them (one key, an object keyed by `state`). */
export function pending(): Record<string, Record<string, unknown>> {
  return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, Record<string, unknown>>;
}

/** Every key and value of a storage, for before/after comparisons. */
export function snapshot(storage: Storage): Record<string, string | null> {
  const entries: Record<string, string | null> = {};
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i)!;
    entries[key] = storage.getItem(key);
  }
  return entries;
}

/** Nothing in either storage holds one of these. */
export function expectNotStored(secrets: readonly string[]): void {
  for (const storage of [localStorage, sessionStorage]) {
    const text = JSON.stringify(snapshot(storage));
    for (const secret of secrets) expect(text.includes(secret), `a secret in ${storage === localStorage ? 'localStorage' : 'sessionStorage'}`).to.equal(false);
  }
}

/**
 * Awaits a promise expected to reject with an `OAuthJourneyError` of `code`,
 * checks that the error holds none of `secrets` (message, stack, any own
 * property, no cause), and returns it.
 */
export async function expectFailure(promise: Promise<unknown>, code: OAuthJourneyErrorCode, secrets: readonly string[] = []): Promise<OAuthJourneyError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a rejection').to.be.instanceOf(OAuthJourneyError);
  const error = caught as OAuthJourneyError;
  expect(error.code, error.message).to.equal(code);
  expect(error.name).to.equal('OAuthJourneyError');
  expect(error.message).to.contain(code);
  expect((error as Error & { cause?: unknown }).cause, 'no cause: it would carry the answer').to.equal(undefined);
  const visible = [error.message, String(error), error.stack ?? '', JSON.stringify(Object.entries(error))].join('\n');
  for (const secret of secrets) expect(visible.includes(secret), 'a secret in the error').to.equal(false);
  return error;
}

/** Awaits a promise expected to reject with a TypeError (an invalid option) and returns it. */
export async function expectTypeError(promise: Promise<unknown>): Promise<TypeError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(TypeError);
    return error as TypeError;
  }
  throw new Error('expected a TypeError');
}

/** The journey options every test starts from. */
export const journey = (provider: FakeProvider) => ({
  journey: 'authorize' as const,
  baseDomain: provider.base,
  clientId: CLIENT_ID,
  redirectUri: REDIRECT_URI,
});

/** What `completeJourney` needs for the same journey, with the provider's fetch. */
export const completion = (provider: FakeProvider, url?: string) => ({
  baseDomain: provider.base,
  clientId: CLIENT_ID,
  redirectUri: REDIRECT_URI,
  fetch: provider.fetch,
  ...(url === undefined ? {} : { url }),
});

/** The test page's own address, put back after each test that changes it. */
export const PAGE = location.href;

/** Puts the response's parameters in the address bar (after the page's own) and a fragment; returns what must remain. */
export function arriveAt(redirect: string): { remains: string } {
  const parameters = new URL(redirect).search.slice(1);
  const separator = PAGE.includes('?') ? '&' : '?';
  history.replaceState({ kept: true }, '', `${PAGE}${separator}${parameters}&keep=1%20x#section`);
  return { remains: `${PAGE}${separator}keep=1%20x#section` };
}

/** Clears what the oauth code stores and puts the address back. */
export function reset(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  if (location.href !== PAGE) history.replaceState(null, '', PAGE);
}
