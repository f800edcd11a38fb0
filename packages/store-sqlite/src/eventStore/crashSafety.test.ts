import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Acknowledged } from '../../scripts/appendLoop.js';
import { checkAfterCrash, crashOnce } from '../../scripts/crashCheck.js';
import { sqliteEventStore } from './sqliteEventStore.js';

const folder = mkdtempSync(join(tmpdir(), 'shopstream-crash-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// A short slice of scripts/crash-campaign.ts: a few kills at random moments, each on a fresh file.
describe('crash safety', () => {
  it('keeps every acknowledged append, whole, chained and without holes, when writers are SIGKILLed', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          writers: fc.integer({ min: 1, max: 2 }),
          killAfterAcks: fc.integer({ min: 1, max: 20 }),
          killDelayMs: fc.integer({ min: 0, max: 150 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          durability: fc.constantFrom('normal' as const, 'full' as const),
        }),
        async (options) => {
          run += 1;
          const outcome = await crashOnce({ ...options, run, path: join(folder, `crash-${run}.db`) });
          expect(outcome.findings).toEqual([]);
          expect(outcome.acknowledged).toBeGreaterThanOrEqual(options.writers * options.killAfterAcks);
          expect(outcome.stored).toBeGreaterThanOrEqual(outcome.acknowledged);
        },
      ),
      { numRuns: 3, endOnFailure: true },
    );
    // Each run starts writer processes, which takes a second on an idle machine and far longer on a busy one.
  }, 180_000);
});

describe('the crash check itself', () => {
  it('notices a lost acknowledged append, a torn batch, a hole and a broken chain', async () => {
    const path = join(folder, 'tampered.db');
    const store = sqliteEventStore({ path });
    const acknowledged: Acknowledged[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const stream = `crashw-${batch % 2}`;
      const of = 2;
      const result = await store.append(
        stream,
        Array.from({ length: of }, (_, index) => ({ type: 'Tick', data: { writer: 'w', batch, index, of } })),
      );
      acknowledged.push({ writer: 'w', batch, stream, revision: result.nextExpectedRevision, position: result.position, count: of });
    }
    await store.close();
    expect((await checkAfterCrash(path, acknowledged)).findings).toEqual([]);

    const db = new Database(path);
    db.prepare('DELETE FROM events WHERE position = ?').run(6);
    db.close();
    const findings = (await checkAfterCrash(path, acknowledged)).findings.join('\n');
    expect(findings).toContain('the log has a hole');
    expect(findings).toContain('acknowledged append lost');
    expect(findings).toContain('batch w/2 is torn');
    expect(findings).toContain('RevisionGap');
  });
});
