import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/**
 * Turns a password into a slow, salted, self-describing hash and checks a password against one. Events carry
 * only the encoded hash; the password itself never leaves the application service.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Whether the password matches the encoded hash, compared in constant time. False for a hash it cannot parse. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Whether the hash was made with weaker parameters than this hasher's, so that it should be replaced at the next login. */
  needsRehash(encoded: string): boolean;
}

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly saltBytes: number;
  readonly keyBytes: number;
}

/** OWASP's floor for scrypt: N = 2^17, r = 8, p = 1 (128 MiB per hash). */
export const SCRYPT_DEFAULTS: ScryptParameters = { N: 2 ** 17, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };

const derive = (password: string, salt: Buffer, params: Omit<ScryptParameters, 'saltBytes'>): Promise<Buffer> => {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128 * N * r * p bytes; Node's default cap (32 MiB) is below that at N = 2^17.
    maxmem: 256 * params.N * params.r * params.p,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
};

// $scrypt$v=1$N=131072,r=8,p=1$<salt base64>$<hash base64>: the parameters travel with the hash so they can be raised later.
const ENCODED = /^\$scrypt\$v=1\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface Decoded {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

export const decodeScryptHash = (encoded: string): Decoded | null => {
  const m = ENCODED.exec(encoded);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A stored hash is trusted input, but bound the cost anyway so a corrupt one cannot exhaust memory.
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 22 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(m[4] ?? '', 'base64'), key: Buffer.from(m[5] ?? '', 'base64') };
};

export const scryptPasswordHasher = (params: ScryptParameters = SCRYPT_DEFAULTS): PasswordHasher => ({
  hash: async (password) => {
    const salt = randomBytes(params.saltBytes);
    const key = await derive(password, salt, params);
    return `$scrypt$v=1$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  },
  verify: async (password, encoded) => {
    const decoded = decodeScryptHash(encoded);
    if (!decoded || decoded.key.length === 0) return false;
    const key = await derive(password, decoded.salt, { ...decoded, keyBytes: decoded.key.length });
    return timingSafeEqual(key, decoded.key);
  },
  needsRehash: (encoded) => {
    const decoded = decodeScryptHash(encoded);
    return !decoded || decoded.N < params.N || decoded.r < params.r || decoded.p < params.p || decoded.salt.length < params.saltBytes;
  },
});
