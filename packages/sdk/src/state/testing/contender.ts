// A second process on the same state file, as another host instance of the shop would be. Run by
// sqliteStateStore.test.ts: node --conditions=@shopstream/source --import tsx contender.ts <path> <rounds>
import { sqliteStateStore } from '../sqliteStateStore.js';

const [path, roundsText] = process.argv.slice(2);
if (path === undefined || roundsText === undefined) throw new Error('usage: contender.ts <path> <rounds>');
const rounds = Number(roundsText);
const store = sqliteStateStore({ path, sweepIntervalMs: 0 });

for (let i = 0; i < rounds; i++) {
  await store.increment('contended', 'hits', { ttlMs: 3_600_000 });
  for (;;) {
    const entry = await store.get('contended', 'cas');
    const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
    if (await store.put('contended', 'cas', next, { ifVersion: entry?.version ?? 'absent' })) break;
  }
  await store.put('contended', `child-${i}`, i, { ifVersion: 'absent' });
}
await store.close();
process.stdout.write('done\n');
