import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPersistentKeyStoreError } from './errors.js';
import { newDataKey } from './keyStore.js';
import { checkMasterKey, generateMasterKey, newCheckValue, parseMasterKey, unwrap, unwrapDataKey, wrap, wrapDataKey } from './masterKey.js';

const masterKey = parseMasterKey(generateMasterKey());

describe('the master-key wrapping', () => {
  it('unwraps what it wrapped, and nothing under another label or master key, or with a byte changed (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string(), fc.string(), fc.nat(), (plaintext, label, other, flip) => {
        const wrapped = wrap(masterKey, label, plaintext);
        expect(unwrap(masterKey, label, wrapped)).toEqual(Buffer.from(plaintext));
        if (other !== label) expect(unwrap(masterKey, other, wrapped)).toBeNull();
        expect(unwrap(parseMasterKey(generateMasterKey()), label, wrapped)).toBeNull();
        const changed = Buffer.from(wrapped);
        const at = flip % changed.length;
        changed[at] = (changed[at] ?? 0) ^ 1;
        expect(unwrap(masterKey, label, changed)).toBeNull();
        expect(unwrap(masterKey, label, wrapped.subarray(0, 27))).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('binds a data key to its subject and id: moved to another, it is WrappedKeyCorrupt', () => {
    const key = newDataKey();
    const wrapped = wrapDataKey(masterKey, 'user-1', key);
    expect(unwrapDataKey(masterKey, 'user-1', key.keyId, wrapped)).toEqual(key);
    expect(() => unwrapDataKey(masterKey, 'user-2', key.keyId, wrapped)).toThrow(expect.objectContaining({ detail: { _tag: 'WrappedKeyCorrupt', subject: 'user-2', keyId: key.keyId } }) as Error);
    expect(() => unwrapDataKey(masterKey, 'user-1', newDataKey().keyId, wrapped)).toThrow(/fails authentication/);
  });

  it('refuses a master key other than the check value\'s, or none stored, as WrongMasterKey naming the store', () => {
    const check = newCheckValue(masterKey);
    expect(() => checkMasterKey(masterKey, check, 'keys.db')).not.toThrow();
    for (const [key, value] of [[parseMasterKey(generateMasterKey()), check], [masterKey, undefined]] as const) {
      try {
        checkMasterKey(key, value, 'mongodb:shop/data_keys');
        expect.unreachable();
      } catch (error) {
        expect(isPersistentKeyStoreError(error, 'WrongMasterKey') && error.detail.path).toBe('mongodb:shop/data_keys');
      }
    }
  });

  it('takes a master key as canonical base64 or 32 bytes, and refuses anything else as InvalidMasterKey', () => {
    const text = generateMasterKey();
    expect(parseMasterKey(text)).toEqual(Buffer.from(text, 'base64'));
    expect(parseMasterKey(` ${text}\n`)).toEqual(Buffer.from(text, 'base64'));
    expect(parseMasterKey(new Uint8Array(32).fill(3))).toHaveLength(32);
    for (const bad of ['not base64!', Buffer.alloc(31).toString('base64'), '', new Uint8Array(33)]) {
      expect(() => parseMasterKey(bad)).toThrow(expect.objectContaining({ detail: expect.objectContaining({ _tag: 'InvalidMasterKey' }) as unknown }) as Error);
    }
  });
});
