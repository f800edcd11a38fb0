import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt } from '../testing/harness.js';
import { shopHistory } from '../orders/testing/histories.js';
import { trackingProjections } from './index.js';

describe('tracking projection, properties', () => {
  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(trackingProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 30 },
    );
  });
});
