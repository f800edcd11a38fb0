import { describe, expect, it } from 'vitest';
import { eventRegistry, fold, memoryEventStore } from '@shopstream/kernel';
import { userDecider } from './decider.js';
import { identityEvents } from './events.js';
import type { UserEvent } from './events.js';
import { registered } from './testing/userHistory.js';

const registry = eventRegistry([...identityEvents]);
const AT = '2025-12-31T23:30:00.000Z';

describe('AccountClosed', () => {
  it('still loads as stored before it named who closed the account: version 1, closedBy absent', async () => {
    expect(registry.validate('AccountClosed', { at: AT, reason: 'staff-decision' })).toMatchObject({ ok: true, schemaVersion: 1 });
    const store = memoryEventStore({ registry });
    await store.append('user-u1', [
      { type: registered.type, data: registered.data },
      { type: 'AccountClosed', data: { at: AT, reason: 'staff-decision' }, schemaVersion: 1 },
    ]);
    const read = await store.readStream('user-u1');
    expect(read[1]).toMatchObject({ type: 'AccountClosed', schemaVersion: 1, data: { at: AT, reason: 'staff-decision' } });
    const state = fold(userDecider(), read.map((e) => ({ type: e.type, data: e.data }) as UserEvent));
    expect(state).toMatchObject({ status: 'closed', closedAt: AT });
  });

  it('names the staff member of a staff decision, and refuses a name on any other closure', () => {
    expect(registry.validate('AccountClosed', { at: AT, reason: 'staff-decision', closedBy: 'u-admin' }).ok).toBe(true);
    for (const reason of ['customer-request', 'abandoned-unverified']) {
      const outcome = registry.validate('AccountClosed', { at: AT, reason, closedBy: 'u-admin' });
      expect(outcome).toEqual({ ok: false, issues: ['closedBy: only a staff decision names who closed the account'] });
    }
    expect(registry.validate('AccountClosed', { at: AT, reason: 'staff-decision', closedBy: '' }).ok).toBe(false);
  });
});
