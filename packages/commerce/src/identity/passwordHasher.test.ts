import { describe, expect, it } from 'vitest';
import { SCRYPT_DEFAULTS, decodeScryptHash, scryptPasswordHasher } from './passwordHasher.js';

describe('scryptPasswordHasher', () => {
  it('hashes with N = 2^17, r = 8, p = 1 and a 16-byte salt by default, and round-trips', async () => {
    const hasher = scryptPasswordHasher();
    const encoded = await hasher.hash('correct horse battery staple');
    expect(encoded).toMatch(/^\$scrypt\$v=1\$N=131072,r=8,p=1\$/);
    const decoded = decodeScryptHash(encoded);
    expect(decoded).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(decoded?.salt).toHaveLength(16);
    expect(decoded?.key).toHaveLength(32);
    expect(encoded).not.toContain('correct horse');
    expect(await hasher.verify('correct horse battery staple', encoded)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', encoded)).toBe(false);
    expect(hasher.needsRehash(encoded)).toBe(false);
  });

  // The rest runs with cheap parameters: what is tested is the encoding and comparison, not the cost.
  const cheap = scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 });

  it('salts every hash', async () => {
    expect(await cheap.hash('same password')).not.toBe(await cheap.hash('same password'));
  });

  it('reads the parameters from the hash, so that older hashes still verify after the cost is raised', async () => {
    const old = await cheap.hash('pässwörd');
    const stronger = scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 5 });
    expect(await stronger.verify('pässwörd', old)).toBe(true);
    expect(stronger.needsRehash(old)).toBe(true);
    expect(cheap.needsRehash(await stronger.hash('x'))).toBe(false);
  });

  it('treats a composed and a decomposed accent as the same password', async () => {
    const encoded = await cheap.hash('caf\u00e9-latte');
    expect(await cheap.verify('cafe\u0301-latte', encoded)).toBe(true);
  });

  it('answers false for a hash it cannot read, and refuses absurd costs', async () => {
    expect(await cheap.verify('x', 'not a hash')).toBe(false);
    expect(await cheap.verify('x', '$scrypt$v=1$N=1073741824,r=8,p=1$c2FsdA==$a2V5')).toBe(false);
    expect(decodeScryptHash('$scrypt$v=1$N=1000,r=8,p=1$c2FsdA==$a2V5')).toBeNull();
    expect(cheap.needsRehash('not a hash')).toBe(true);
  });
});
