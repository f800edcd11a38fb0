/**
 * Crash runs for the projection runtime: a projector process over the SQLite event and read stores is
 * SIGKILLed at random moments while events keep arriving; after every kill the read store must hold, for each
 * build, exactly a clean build of the events up to its checkpoint, and the last restart must end where a
 * clean rebuild ends. Shared by crash.test.ts (a short slice) and crash-campaign.ts (opt-in, long).
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { memoryEventStore, memoryReadStore, PROJECTION_CHECKPOINTS, projectionRuntime } from '@shopstream/kernel';
import type { Build, CheckpointDocument, Document, EventStore, ReadStore } from '@shopstream/kernel';
import { sqliteEventStore, sqliteReadStore } from '@shopstream/store-sqlite';
import type { Step } from '../../packages/kernel/src/projections/fixtures.js';
import { appendSteps, cartProjection, checkoutsPerDay, dump, stepArbitrary } from '../../packages/kernel/src/projections/fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

export interface Incarnation {
  /** Appended by the parent while the projector runs. */
  readonly steps: readonly Step[];
  /** How long after the projector's stores are open it is killed. */
  readonly killAfterMs: number;
  /** The carts projection's version in this process: a change makes it rebuild, and kills land in the rebuild. */
  readonly version: number;
}

export interface CrashCampaign {
  readonly folder: string;
  readonly batchSize: number;
  readonly initial: readonly Step[];
  readonly incarnations: readonly Incarnation[];
}

export interface CrashReport {
  readonly findings: string[];
  readonly kills: number;
  /** Builds checked after kills, and how many of them were mid-rebuild. */
  readonly buildsChecked: number;
  readonly rebuildsChecked: number;
  readonly events: number;
}

const projectionsAt = (version: number) => [cartProjection(version), checkoutsPerDay()];

const startProjector = (eventsPath: string, readPath: string, version: number, batchSize: number) => {
  const child = spawn(
    process.execPath,
    ['--conditions=@shopstream/source', '--import', 'tsx', join(here, 'projectorProcess.ts'), eventsPath, readPath, String(version), String(batchSize)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
    child.on('close', (code, signal) => done({ code, signal, stderr }));
  });
  // Registered first, so the listeners below see each chunk already added.
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const printed = (line: string) =>
    new Promise<void>((done, fail) => {
      child.stdout.on('data', () => {
        if (stdout.includes(`${line}\n`)) done();
      });
      void exited.then((exit) => fail(new Error(`the projector exited before it printed ${line} (${exit.code}): ${exit.stderr}`)));
    });
  const ready = printed('ready');
  const started = printed('started');
  // Most incarnations are killed without anyone waiting for these: a kill must not count as an unhandled failure.
  ready.catch(() => undefined);
  started.catch(() => undefined);
  return { child, ready, started, exited };
};

/** The events up to `position`, copied into a memory store: what a clean build of that prefix reads. */
const prefixOf = async (source: EventStore, position: number): Promise<EventStore> => {
  const copy = memoryEventStore();
  let after = 0;
  while (after < position) {
    const page = (await source.readAll({ after, maxCount: 500 })).filter((event) => event.position <= position);
    if (page.length === 0) break;
    for (const event of page) {
      const { position: copied } = await copy.append(event.stream, [
        { id: event.id, type: event.type, data: event.data, occurredAt: event.occurredAt, schemaVersion: event.schemaVersion, metadata: event.metadata },
      ]);
      if (copied !== event.position) throw new Error(`positions are not dense: ${event.position} copied as ${copied}`);
    }
    after = (page[page.length - 1] as { position: number }).position;
  }
  return copy;
};

/** A clean build of one projection version over a store, in memory, as sorted documents per logical collection. */
const cleanBuild = async (events: EventStore, projectionName: string, version: number): Promise<Record<string, Document[]>> => {
  const projections = projectionsAt(version);
  const runtime = projectionRuntime({ eventStore: events, readStore: memoryReadStore(), projections });
  await runtime.start();
  await runtime.waitFor(await events.headPosition());
  const projection = projections.find((p) => p.name === projectionName);
  if (!projection) throw new Error(`no projection ${projectionName}`);
  const documents = await dump(runtime, projection);
  await runtime.stop();
  return documents;
};

const documentsOf = async (readStore: ReadStore, build: Build): Promise<Record<string, Document[]>> => {
  const result: Record<string, Document[]> = {};
  for (const [logical, physical] of Object.entries(build.collections)) result[logical] = await readStore.collection(physical).find({}, { sort: { _id: 1 } });
  return result;
};

/** Every build in the read store must be exactly a clean build of the events up to its checkpoint. */
const checkBuilds = async (events: EventStore, readPath: string, when: string): Promise<{ findings: string[]; builds: number; rebuilds: number }> => {
  const findings: string[] = [];
  let builds = 0;
  let rebuilds = 0;
  const readStore = sqliteReadStore({ path: readPath });
  try {
    const checkpoints = await readStore.collection<CheckpointDocument>(PROJECTION_CHECKPOINTS).find({});
    for (const checkpoint of checkpoints) {
      for (const [slot, build] of [['live', checkpoint.live], ['rebuild', checkpoint.rebuild]] as const) {
        if (!build) continue;
        builds += 1;
        if (slot === 'rebuild') rebuilds += 1;
        const expected = await cleanBuild(await prefixOf(events, build.position), checkpoint._id, build.version);
        const actual = await documentsOf(readStore, build);
        if (!isDeepStrictEqual(actual, expected)) {
          findings.push(`${when}: ${checkpoint._id} ${slot} build v${build.version} at ${build.position} differs from a clean build of that prefix:\n` +
            `  stored ${JSON.stringify(actual)}\n  clean  ${JSON.stringify(expected)}`);
        }
      }
    }
  } finally {
    await readStore.close();
  }
  return { findings, builds, rebuilds };
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export const crashCampaign = async (campaign: CrashCampaign): Promise<CrashReport> => {
  const eventsPath = join(campaign.folder, 'events.db');
  const readPath = join(campaign.folder, 'read.db');
  const findings: string[] = [];
  let builds = 0;
  let rebuilds = 0;
  const events = sqliteEventStore({ path: eventsPath, pollIntervalMs: 5 });
  let minutes = 0;
  const append = async (steps: readonly Step[]) => {
    await appendSteps(events, steps, Date.parse('2026-03-01T08:00:00.000Z') + minutes * 60_000);
    minutes += steps.length * 7;
  };
  try {
    await append(campaign.initial);
    for (const [i, incarnation] of campaign.incarnations.entries()) {
      const projector = startProjector(eventsPath, readPath, incarnation.version, campaign.batchSize);
      try {
        // The last kill comes after every checkpoint is loaded, so the campaign always checks some stored builds;
        // the others may strike anywhere, start-up included.
        await (i === campaign.incarnations.length - 1 ? projector.started : projector.ready);
        await Promise.all([append(incarnation.steps), sleep(incarnation.killAfterMs)]);
      } finally {
        projector.child.kill('SIGKILL');
      }
      const exit = await projector.exited;
      if (exit.signal !== 'SIGKILL') findings.push(`incarnation ${i}: the projector exited by itself (${exit.code}): ${exit.stderr}`);
      const checked = await checkBuilds(events, readPath, `after kill ${i + 1}`);
      findings.push(...checked.findings);
      builds += checked.builds;
      rebuilds += checked.rebuilds;
    }

    // The last restart, uninterrupted, must end where a clean rebuild ends.
    const version = campaign.incarnations.at(-1)?.version ?? 1;
    const readStore = sqliteReadStore({ path: readPath });
    const projections = projectionsAt(version);
    const runtime = projectionRuntime({ eventStore: events, readStore, projections, retireAfterMs: 0 });
    try {
      await runtime.start();
      const head = await events.headPosition();
      await runtime.waitFor(head, { timeoutMs: 60_000 });
      // A version change may still be rebuilding beside a live build that already has the head.
      for (let i = 0; i < 6000 && (await runtime.status()).some((s) => s.rebuild !== null || s.state === 'failed'); i++) await sleep(10);
      for (const projection of projections) {
        const actual = await dump(runtime, projection);
        const expected = await cleanBuild(events, projection.name, version);
        if (!isDeepStrictEqual(actual, expected)) findings.push(`after the last restart: ${projection.name} differs from a clean rebuild`);
      }
      for (const status of await runtime.status()) {
        if (status.failure) findings.push(`after the last restart: ${status.name} failed: ${status.failure.error}`);
        if (status.live?.version !== (status.name === 'carts' ? version : 1)) findings.push(`after the last restart: ${status.name} is live at v${status.live?.version}`);
      }
    } finally {
      await runtime.stop();
      await readStore.close();
    }
    return { findings, kills: campaign.incarnations.length, buildsChecked: builds, rebuildsChecked: rebuilds, events: await events.headPosition() };
  } finally {
    await events.close();
  }
};

const step = stepArbitrary({ carts: 30, customers: 5, skus: 6, maxQuantity: 4, maxUnitPrice: 50_000 });

/**
 * A campaign without its folder: a history to start from, then projector processes each killed after a while,
 * some with another version of the carts projection so that kills land in rebuilds and swaps too.
 */
export const campaignArbitrary = (options: { kills: number; initialEvents: number; maxKillAfterMs: number }) =>
  fc.record({
    batchSize: fc.integer({ min: 1, max: 40 }),
    initial: fc.array(step, { minLength: options.initialEvents, maxLength: options.initialEvents }),
    incarnations: fc.array(
      fc.record({ steps: fc.array(step, { maxLength: 40 }), killAfterMs: fc.integer({ min: 0, max: options.maxKillAfterMs }), version: fc.integer({ min: 1, max: 3 }) }),
      { minLength: options.kills, maxLength: options.kills },
    ),
  });
