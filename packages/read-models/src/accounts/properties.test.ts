import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incrementalAndRebuilt } from '../testing/harness.js';
import { shopHistory } from '../orders/testing/histories.js';
import { accountsProjections } from './index.js';

describe('accounts projection, properties', () => {
  it('builds the same documents incrementally as a rebuild from scratch does', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistory, async (history) => {
        const { incremental, rebuilt } = await incrementalAndRebuilt(accountsProjections, history);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 30 },
    );
  });
});
