import Database from 'better-sqlite3';
import { verifyStreamIntegrity } from '@shopstream/kernel';
import type { RecordedEvent } from '@shopstream/kernel';
import { sqliteEventStore } from '../src/index.js';
import type { Acknowledged, BatchMark } from './appendLoop.js';
import { startWriter } from './writerProcess.js';

export interface CrashOptions {
  /** The store file; reused across kills, so each run also starts from whatever the last one left. */
  readonly path: string;
  /** Distinguishes this run's writers (and their streams) from earlier runs on the same file. */
  readonly run: number;
  /** Writer processes appending to the file at once. */
  readonly writers: number;
  /** Each writer's acknowledged appends to wait for before the kill, so it is past its start-up. */
  readonly killAfterAcks: number;
  /** Then how long to let them run before SIGKILL. */
  readonly killDelayMs: number;
  readonly seed: number;
  readonly durability: 'normal' | 'full';
}

export interface CrashOutcome {
  readonly acknowledged: number;
  readonly stored: number;
  /** Everything found wrong with the file after the kill; empty when it kept every promise. */
  readonly findings: string[];
}

/**
 * Runs writer processes on one file, SIGKILLs them mid-flight, then reopens the file and checks what the store
 * promises survives a crash: every acknowledged append is there, every batch is whole or absent, revisions are
 * contiguous and hash-chained, and positions have no holes.
 */
export const crashOnce = async (options: CrashOptions, earlier: readonly Acknowledged[] = []): Promise<CrashOutcome & { all: Acknowledged[] }> => {
  const writers = Array.from({ length: options.writers }, (_, i) =>
    startWriter({ path: options.path, writer: `r${options.run}w${i}`, appends: 0, seed: options.seed * 31 + i, durability: options.durability }),
  );
  try {
    await Promise.all(writers.map((writer) => writer.acknowledgedAtLeast(options.killAfterAcks)));
    await new Promise((done) => setTimeout(done, options.killDelayMs));
  } finally {
    for (const writer of writers) writer.child.kill('SIGKILL');
  }
  const exits = await Promise.all(writers.map((writer) => writer.exited));
  const all = [...earlier, ...writers.flatMap((writer) => writer.acknowledged)];
  const findings = exits.filter((exit) => exit.signal !== 'SIGKILL').map((exit) => `a writer exited by itself (${exit.code}): ${exit.stderr}`);
  const checked = await checkAfterCrash(options.path, all);
  return { ...checked, findings: [...findings, ...checked.findings], all };
};

export const checkAfterCrash = async (path: string, acknowledged: readonly Acknowledged[]): Promise<CrashOutcome> => {
  const findings: string[] = [];
  const raw = new Database(path, { readonly: true });
  try {
    const integrity = raw.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') findings.push(`PRAGMA integrity_check: ${String(integrity)}`);
  } finally {
    raw.close();
  }

  const store = sqliteEventStore({ path });
  try {
    const all = await store.readAll({ raw: true });
    all.forEach((event, i) => {
      if (event.position !== i + 1) findings.push(`position ${event.position} is at index ${i}: the log has a hole`);
    });
    const byPosition = new Map(all.map((event) => [event.position, event]));
    for (const ack of acknowledged) {
      const stored = byPosition.get(ack.position);
      if (!stored || stored.stream !== ack.stream || stored.revision !== ack.revision) {
        findings.push(`acknowledged append lost: ${JSON.stringify(ack)} (found ${stored ? `${stored.stream}@${stored.revision}` : 'nothing'})`);
      }
    }

    const batches = new Map<string, RecordedEvent[]>();
    for (const event of all) {
      const mark = event.data as BatchMark;
      const key = `${mark.writer}/${mark.batch}`;
      batches.set(key, [...(batches.get(key) ?? []), event]);
    }
    for (const [key, events] of batches) {
      const marks = events.map((event) => event.data as BatchMark);
      const whole = marks.length === marks[0]?.of && marks.every((mark, i) => mark.index === i);
      const adjacent = events.every((event, i) => i === 0 || event.position === (events[i - 1]?.position ?? 0) + 1);
      if (!whole || !adjacent) findings.push(`batch ${key} is torn: indexes ${marks.map((m) => m.index).join(',')} of ${marks[0]?.of}`);
    }
    // Each killed writer may have committed one batch it never got to print.
    const writers = new Set(all.map((event) => (event.data as BatchMark).writer));
    const acknowledgedBatches = new Set(acknowledged.map((ack) => `${ack.writer}/${ack.batch}`));
    const unacknowledged = [...batches.keys()].filter((key) => !acknowledgedBatches.has(key));
    if (unacknowledged.length > writers.size) findings.push(`more unacknowledged batches than writers: ${unacknowledged.join(', ')}`);

    for (const stream of new Set(all.map((event) => event.stream))) {
      const events = await store.readStream(stream, { raw: true });
      for (const finding of verifyStreamIntegrity(events)) findings.push(`${stream}: ${JSON.stringify(finding)}`);
    }
    return { acknowledged: acknowledged.length, stored: all.length, findings };
  } finally {
    await store.close();
  }
};
