import { personalDataVault } from '@shopstream/commerce/privacy';
import { memoryKeyStore } from '@shopstream/kernel';
import { describe, expect, it } from 'vitest';
import { presenter } from './personalData.js';

describe('presenter', () => {
  it('shows a subject the log erased as erased even when the key store still holds its keys (a restored backup)', async () => {
    const keys = memoryKeyStore();
    const vault = personalDataVault(keys);
    const restored = await vault.seal('user-2', '李雷');
    const kept = await vault.seal('user-1', '李梅');
    const present = presenter({ erasedSubjects: new Set(['user-2']), keys });
    expect(await present({ restored, kept })).toEqual({ restored: { $erased: { subject: 'user-2' } }, kept: { $opened: '李梅', subject: 'user-1' } });
    // A key gone from the store reads as erased too, whether or not the log says so yet.
    await keys.delete('user-1');
    expect(await present(kept)).toEqual({ $erased: { subject: 'user-1' } });
    expect(await presenter({ erasedSubjects: new Set() })(kept)).toEqual({ $sealed: { subject: 'user-1', keyId: kept.keyId } });
  });
});
