/**
 * Cookies of the callback handler: sealed (AES-256-GCM, so both secret and
 * tamper-proof) with a key derived from the integrator's `cookieSecret` by
 * HKDF, and bound to their purpose (the cookie's name is the additional
 * authenticated data: a flow cookie cannot be replayed as a session cookie).
 * Web Crypto only (Node 20, Workers, Deno, Bun).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The smallest `cookieSecret`, in UTF-8 bytes: 256 bits. */
export const MIN_COOKIE_SECRET_BYTES = 32;
/** A sealed value: `v1.<iv>.<ciphertext>`, base64url. */
const SEAL_VERSION = 'v1';
/** Longer cookie values are not opened (a browser keeps 4096 bytes per cookie anyway). */
const MAX_SEALED_LENGTH = 4096;

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

/** `n` random bytes, base64url: session ids. */
export function randomId(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Seals and opens cookie values with the first secret; opens with any (rotation). */
export class CookieSealer {
  readonly #keys: Promise<CryptoKey[]>;

  constructor(secrets: readonly string[]) {
    this.#keys = Promise.all(secrets.map(deriveKey));
    // A failure surfaces on first use; never as an unhandled rejection at start-up.
    this.#keys.catch(() => undefined);
  }

  async seal(purpose: string, value: unknown): Promise<string> {
    const [key] = await this.#keys;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = encoder.encode(JSON.stringify(value));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) }, key!, data);
    return `${SEAL_VERSION}.${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
  }

  /** The value, or undefined for anything not sealed by us for this purpose. */
  async open(purpose: string, sealed: string): Promise<unknown> {
    if (sealed.length > MAX_SEALED_LENGTH) return undefined;
    const [version, ivText, dataText, extra] = sealed.split('.');
    if (version !== SEAL_VERSION || ivText === undefined || dataText === undefined || extra !== undefined) return undefined;
    const iv = fromBase64url(ivText);
    const data = fromBase64url(dataText);
    if (!iv || iv.length !== 12 || !data || data.length < 16) return undefined;
    for (const key of await this.#keys) {
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) }, key, data);
        return JSON.parse(decoder.decode(plain));
      } catch {
        // another key, or not ours
      }
    }
    return undefined;
  }
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('nid-journeys/server cookies'), info: encoder.encode('aes-256-gcm v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Every value of the cookie `name` in a `Cookie` header (a browser may send several). */
export function cookieValues(header: string | null, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    values.push(part.slice(index + 1).trim());
  }
  return values;
}

export interface CookieAttributes {
  path: string;
  secure: boolean;
  /** Seconds; 0 clears the cookie. */
  maxAge: number;
}

/** `name=value; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax`. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${value}`, `Path=${attributes.path}`, `Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`, 'HttpOnly'];
  if (attributes.secure) parts.push('Secure');
  parts.push('SameSite=Lax');
  return parts.join('; ');
}
