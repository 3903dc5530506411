/**
 * The reference server's ID token signing key: an RSA key pair generated at
 * start-up (node:crypto, no dependency), published as a JWKS with the
 * public half only, and RS256 signing and verification of compact JWTs.
 *
 * The key lives in this process's memory: a restart makes the tokens it
 * signed unverifiable, as a key rotation would.
 */
import { createHash, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';

/** A public key as the JWKS publishes it. */
export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
}

export interface SigningKey {
  kid: string;
  /** `{ keys: [the public key] }`: what `/.well-known/jwks.json` answers. */
  jwks: { keys: PublicJwk[] };
  /** A compact JWS (RS256) of the claims. */
  sign(claims: Record<string, unknown>): string;
  /** The claims of a JWT this key signed (RS256, our kid), or undefined. Nothing else (exp, iss, aud) is checked. */
  verify(jwt: string): Record<string, unknown> | undefined;
}

const json64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function parseJson64(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function generateRsa(): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048, publicExponent: 0x10001 }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ publicKey, privateKey }),
    );
  });
}

/** Generates the key pair; its `kid` is the RFC 7638 thumbprint of the public key. */
export async function createSigningKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateRsa();
  const exported = publicKey.export({ format: 'jwk' });
  const n = String(exported.n);
  const e = String(exported.e);
  // RFC 7638: the required members in lexicographic order, no white space.
  const kid = createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url');
  const jwk: PublicJwk = { kty: 'RSA', n, e, kid, use: 'sig', alg: 'RS256' };
  const header = json64({ alg: 'RS256', typ: 'JWT', kid });

  return {
    kid,
    jwks: { keys: [jwk] },
    sign(claims) {
      const input = `${header}.${json64(claims)}`;
      return `${input}.${sign('sha256', Buffer.from(input, 'ascii'), privateKey).toString('base64url')}`;
    },
    verify(jwt) {
      const parts = jwt.split('.');
      if (parts.length !== 3 || !parts.every((part) => B64URL.test(part))) return undefined;
      const [head, body, signature] = parts as [string, string, string];
      const parsedHeader = parseJson64(head);
      if (parsedHeader?.['alg'] !== 'RS256' || parsedHeader['kid'] !== kid) return undefined;
      const valid = verify('sha256', Buffer.from(`${head}.${body}`, 'ascii'), publicKey, Buffer.from(signature, 'base64url'));
      return valid ? parseJson64(body) : undefined;
    },
  };
}
