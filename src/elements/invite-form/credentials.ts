/**
 * The invite form takes no credentials (security requirement 22): a page that
 * hands it a client secret, by attribute or property, is told once in the
 * console, the value is dropped unread, and the form refuses to work.
 */

/** Names under which a page might try to hand the element client credentials. */
export const CREDENTIAL_ATTRIBUTES = ['client-secret', 'secret', 'password', 'credentials', 'api-key'];
const CREDENTIAL_PROPERTIES = ['clientSecret', 'secret', 'password', 'credentials', 'apiKey'];

interface Refusing {
  refuseCredentials(): void;
}

/** Makes each credential property of the class a trap: setting it refuses, reading it gives nothing. */
export function trapCredentialProperties(prototype: Refusing): void {
  for (const key of CREDENTIAL_PROPERTIES) {
    Object.defineProperty(prototype, key, {
      configurable: true,
      get: () => undefined,
      set(this: Refusing) {
        this.refuseCredentials();
      },
    });
  }
}

/** Credentials set on the element before it was defined (own properties that hide the trap): removed; true if any. */
export function dropEarlyCredentials(element: object): boolean {
  let found = false;
  for (const key of CREDENTIAL_PROPERTIES) {
    if (Object.hasOwn(element, key)) {
      delete (element as Record<string, unknown>)[key];
      found = true;
    }
  }
  return found;
}

export const credentialsWarning = (tag: string) =>
  `<${tag}>: client credentials were given to the element; they were dropped and the form is disabled. ` +
  'Credentials must stay on your server: see createPreRegisterHandler in nid-journeys/server.';
