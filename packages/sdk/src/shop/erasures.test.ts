import { describe, expect, it } from 'vitest';
import { memoryEventStore } from '@shopstream/kernel';
import { memoryKeyStore } from '@shopstream/commerce/privacy';
import { reapplyErasures } from './erasures.js';

describe('reapplyErasures', () => {
  it('deletes the keys of the subjects the log says were erased, on a store without a bulk reapply, and no others', async () => {
    const eventStore = memoryEventStore();
    const keys = memoryKeyStore();
    for (const subject of ['u1', 'u2', 'u3']) await keys.create(subject);
    await eventStore.append('user-u1', [{ type: 'PersonalDataErased', data: { at: '2026-12-01T00:00:00.000Z' } }]);
    await eventStore.append('user-u3', [{ type: 'PersonalDataErased', data: { at: '2026-12-02T00:00:00.000Z' } }]);
    await eventStore.append('user-u2', [{ type: 'AccountClosed', data: {} }]);

    await reapplyErasures(eventStore, keys);

    expect(await keys.current('u1')).toBeNull();
    expect(await keys.current('u3')).toBeNull();
    expect(await keys.current('u2')).not.toBeNull();
  });
});
