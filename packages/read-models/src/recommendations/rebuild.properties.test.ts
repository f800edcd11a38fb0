import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt } from '../testing/harness.js';
import { recommendationsProjections } from './index.js';
import { catalogSteps, stepsOf, timedActionsArb } from './testing/shop.js';

describe('the recommendations projection', () => {
  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(timedActionsArb({ maxLength: 30, catalogChanges: true }), async (actions) => {
        const history = [...catalogSteps(), ...stepsOf(actions).steps];
        const { incremental, rebuilt } = await incrementalAndRebuilt(recommendationsProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 20 },
    );
  });
});
