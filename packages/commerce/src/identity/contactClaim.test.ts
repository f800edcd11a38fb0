import { describe, it } from 'vitest';
import { deciderSpecification } from '@shopstream/kernel/testing';
import { contactClaimDecider } from './contactClaim.js';
import type { ContactClaimEvent } from './events.js';
import { fakeHash } from './testing/fixtures.js';

const spec = deciderSpecification(contactClaimDecider);
const NOW = '2026-01-01T00:00:00.000Z';
const contactHash = fakeHash('+8613800138000');
const claimedBy = (userId: string): ContactClaimEvent => ({ type: 'ContactClaimed', data: { contactHash, kind: 'phone', userId, at: '2025-12-31T00:00:00.000Z' } });
const releasedBy = (userId: string): ContactClaimEvent => ({
  type: 'ContactReleased',
  data: { contactHash, userId, at: '2025-12-31T01:00:00.000Z', reason: 'account-closed' },
});
const claim = (userId: string) => ({ type: 'ClaimContact' as const, data: { contactHash, kind: 'phone' as const, userId } });
const release = (userId: string) => ({ type: 'ReleaseContact' as const, data: { contactHash, userId, reason: 'account-closed' as const } });

describe('ClaimContact', () => {
  it('claims a contact nobody holds', () => {
    spec.given([]).when(claim('u1')).then([{ type: 'ContactClaimed', data: { contactHash, kind: 'phone', userId: 'u1', at: NOW } }]);
  });
  it('claims a released contact again, for anyone', () => {
    spec.given([claimedBy('u1'), releasedBy('u1')]).when(claim('u2')).then([{ type: 'ContactClaimed', data: { contactHash, kind: 'phone', userId: 'u2', at: NOW } }]);
  });
  it('records nothing when the holder claims again (a retry)', () => {
    spec.given([claimedBy('u1')]).when(claim('u1')).then([]);
  });
  it('refuses a contact someone else holds, naming the holder', () => {
    spec.given([claimedBy('u1')]).when(claim('u2')).then({ _tag: 'ContactTaken', kind: 'phone', heldBy: 'u1' });
  });
});

describe('ReleaseContact', () => {
  it('releases the holder’s claim', () => {
    spec.given([claimedBy('u1')]).when(release('u1')).then([{ type: 'ContactReleased', data: { contactHash, userId: 'u1', at: NOW, reason: 'account-closed' } }]);
  });
  it('records nothing when nobody holds it', () => {
    spec.given([]).when(release('u1')).then([]);
    spec.given([claimedBy('u1'), releasedBy('u1')]).when(release('u1')).then([]);
  });
  it('refuses a release by someone who does not hold it', () => {
    spec.given([claimedBy('u1')]).when(release('u2')).then({ _tag: 'ContactNotHeld', userId: 'u2', heldBy: 'u1' });
  });
});
