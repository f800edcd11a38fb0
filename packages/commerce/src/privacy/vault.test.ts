import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sealed } from '../shared/sealed.js';
import type { DataKey, KeyStore } from '@shopstream/kernel';
import { KeyStoreError, memoryKeyStore, newDataKey } from '@shopstream/kernel';
import { VaultError, personalDataVault } from './vault.js';

describe('PersonalDataVault', () => {
  it('opens what it sealed, for any text', async () => {
    const vault = personalDataVault(memoryKeyStore());
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        const sealed = await vault.seal('u1', text);
        expect(Sealed.parse(sealed)).toEqual(sealed);
        expect(await vault.open(sealed)).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it('hides the plaintext and never repeats a nonce', async () => {
    const vault = personalDataVault(memoryKeyStore());
    const a = await vault.seal('u1', '张三 13800138000');
    const b = await vault.seal('u1', '张三 13800138000');
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    expect(JSON.stringify(a)).not.toContain('13800138000');
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(a.tag, 'base64')).toHaveLength(16);
    expect(a).toMatchObject({ v: 1, subject: 'u1' });
  });

  it('opens to null after the subject is erased, while other subjects still open', async () => {
    const vault = personalDataVault(memoryKeyStore());
    const mine = await vault.seal('u1', 'alice@example.com');
    const theirs = await vault.seal('u2', 'bob@example.com');
    await vault.erase('u1');
    expect(await vault.open(mine)).toBeNull();
    expect(await vault.open(theirs)).toBe('bob@example.com');
    await vault.erase('u1');
    expect(await vault.open(mine)).toBeNull();
  });

  it('refuses to seal anything new for an erased subject', async () => {
    const vault = personalDataVault(memoryKeyStore());
    await vault.seal('u1', 'x');
    await vault.erase('u1');
    await expect(vault.seal('u1', 'y')).rejects.toBeInstanceOf(KeyStoreError);
  });

  it('keeps older keys readable after a rotation', async () => {
    const keys = memoryKeyStore();
    const vault = personalDataVault(keys);
    const before = await vault.seal('u1', 'old');
    await keys.create('u1');
    const after = await vault.seal('u1', 'new');
    expect(after.keyId).not.toBe(before.keyId);
    expect(await vault.open(before)).toBe('old');
    expect(await vault.open(after)).toBe('new');
  });

  it('throws, rather than returning null, for a tampered value', async () => {
    const vault = personalDataVault(memoryKeyStore());
    const sealed = await vault.seal('u1', 'alice@example.com');
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expect(vault.open({ ...sealed, data: flipped.toString('base64') })).rejects.toBeInstanceOf(VaultError);
    await expect(vault.open({ ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') })).rejects.toBeInstanceOf(VaultError);
  });

  it('binds a value to its subject, so it cannot be relabelled as someone else’s', async () => {
    // A key store that hands out one key whatever the subject: only the authenticated header can tell them apart.
    const key: DataKey = newDataKey();
    const shared: KeyStore = {
      current: async () => key,
      create: async () => key,
      get: async () => key,
      delete: async () => undefined,
    };
    const vault = personalDataVault(shared);
    const sealed = await vault.seal('u1', 'alice@example.com');
    expect(await vault.open(sealed)).toBe('alice@example.com');
    await expect(vault.open({ ...sealed, subject: 'u2' })).rejects.toBeInstanceOf(VaultError);
  });
});

describe('memoryKeyStore', () => {
  it('deletes every key of a subject and wipes the bytes', async () => {
    const keys = memoryKeyStore();
    const first = await keys.create('u1');
    const second = await keys.create('u1');
    expect(await keys.current('u1')).toBe(second);
    await keys.delete('u1');
    expect(await keys.get('u1', first.keyId)).toBeNull();
    expect(await keys.current('u1')).toBeNull();
    expect([...first.key].every((b) => b === 0)).toBe(true);
  });
});
