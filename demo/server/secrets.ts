/**
 * Hashing and random secrets for the reference server.
 *
 * Passwords and security-question answers are kept only as salted scrypt
 * hashes (node:crypto, no dependency). Link codes and access tokens are
 * random (256 bits) and kept only as SHA-256 digests; PINs (six digits) only
 * as keyed digests (see pinDigest). A dump of the in-memory store reveals no
 * usable secret.
 */
import { createHash, createHmac, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt minimum (N=2^17, r=8, p=1) costs ~128 MB; a demo uses a lighter N. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, keyLength: 32, saltBytes: 16 } as const;

function scryptAsync(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a secret exactly as given (no trim, no normalisation) into a
 * self-describing string: `scrypt$N$r$p$<salt b64url>$<hash b64url>`.
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scryptAsync(secret, salt, keyLength, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a secret against a `hashSecret` string in constant time. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A URL-safe random token with 256 bits of entropy. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two secrets in constant time: their SHA-256 digests have the same
 * length whatever the inputs, so neither content nor length leaks.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** How tokens are stored: only their digest, never the token itself. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** A six-digit PIN (the vendor's verification and OTP codes), drawn uniformly. */
export function randomPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * A PIN's plain SHA-256 would fall to a million guesses offline, so PINs are
 * kept as HMACs under a key that lives only in this process's memory. `scope`
 * (the account and purpose) makes equal PINs of two accounts differ.
 */
const PIN_KEY = randomBytes(32);

export function pinDigest(scope: string, pin: string): Buffer {
  return createHmac('sha256', PIN_KEY).update(`${scope}\n${pin}`, 'utf8').digest();
}

/** Compares two digests of the same function in constant time. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
