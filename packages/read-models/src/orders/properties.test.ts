import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt } from '../testing/harness.js';
import { ordersProjections } from './index.js';
import { shopHistory } from './testing/histories.js';

describe('orders projection, properties', () => {
  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(ordersProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 30 },
    );
  });
});
