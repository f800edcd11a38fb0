import fc from 'fast-check';
import type { ProjectionStatus, ReactorStatus } from '@shopstream/kernel';
import type { ShopHealth, ShopStatus } from '@shopstream/sdk';
import { describe, expect, it } from 'vitest';
import { readinessOf } from './readiness.js';

const projection = fc.record({
  state: fc.constantFrom<ProjectionStatus['state']>('idle', 'catchingUp', 'live', 'rebuilding', 'failed', 'stopped'),
  seconds: fc.double({ min: 0, max: 10_000, noNaN: true }),
});
const reactor = fc.constantFrom<ReactorStatus['state']>('stopped', 'running', 'failed');
const shopStatus = fc.constantFrom<ShopStatus>('created', 'starting', 'running', 'stopping', 'stopped');

type Shape = { shop: ShopStatus; projections: { state: ProjectionStatus['state']; seconds: number }[]; reactors: ReactorStatus['state'][] };

/** A health report of the given shape; the fields readiness must not read (positions, failures) are filled in. */
const healthOf = ({ shop, projections, reactors }: Shape): ShopHealth => ({
  status: shop === 'stopped' ? 'stopped' : 'degraded',
  shop,
  head: 42,
  projections: projections.map(({ state, seconds }, i) => ({
    name: `p${i}`,
    version: 1,
    state,
    live: null,
    rebuild: null,
    lag: { events: seconds > 0 ? 1 : 0, seconds },
    failure: null,
  })),
  reactors: reactors.map((state, i) => ({ name: `r${i}`, position: 7, state, failure: null })),
});

const shape: fc.Arbitrary<Shape> = fc.record({ shop: shopStatus, projections: fc.array(projection, { maxLength: 6 }), reactors: fc.array(reactor, { maxLength: 4 }) });
const maxLag = fc.double({ min: 0, max: 10_000, noNaN: true });

describe('readinessOf', () => {
  it('is ready exactly when the shop runs, nothing has failed and no read model waits longer than the policy allows', () => {
    fc.assert(
      fc.property(shape, maxLag, (s, maxLagSeconds) => {
        const ready = s.shop === 'running' && !s.projections.some((p) => p.state === 'failed') && !s.reactors.includes('failed') && s.projections.every((p) => p.seconds <= maxLagSeconds);
        expect(readinessOf(healthOf(s), { maxLagSeconds }) === 'ready').toBe(ready);
      }),
    );
  });

  it('a shop that does not run answers its own state, whatever its read models and processes say', () => {
    fc.assert(
      fc.property(shape, maxLag, (s, maxLagSeconds) => {
        const expected = { created: 'starting', starting: 'starting', stopping: 'stopping', stopped: 'stopped', running: null }[s.shop];
        if (expected !== null) expect(readinessOf(healthOf(s), { maxLagSeconds })).toBe(expected);
      }),
    );
  });

  it('a failure outranks a lag: a failed read model or process is failing however far behind the others are', () => {
    fc.assert(
      fc.property(shape, maxLag, fc.boolean(), (s, maxLagSeconds, inProjection) => {
        const failed: Shape = inProjection
          ? { ...s, shop: 'running', projections: [...s.projections, { state: 'failed', seconds: 0 }] }
          : { ...s, shop: 'running', reactors: [...s.reactors, 'failed'] };
        expect(readinessOf(healthOf(failed), { maxLagSeconds })).toBe('failing');
      }),
    );
  });

  it('a stricter policy never makes an instance ready that a looser one refuses, and the order of the reports does not matter', () => {
    fc.assert(
      fc.property(shape, maxLag, maxLag, (s, a, b) => {
        const [strict, loose] = a <= b ? [a, b] : [b, a];
        if (readinessOf(healthOf(s), { maxLagSeconds: loose }) !== 'ready') expect(readinessOf(healthOf(s), { maxLagSeconds: strict })).not.toBe('ready');
        const reversed = { ...s, projections: [...s.projections].reverse(), reactors: [...s.reactors].reverse() };
        expect(readinessOf(healthOf(reversed), { maxLagSeconds: a })).toBe(readinessOf(healthOf(s), { maxLagSeconds: a }));
      }),
    );
  });
});
