import type { EventStore } from '../eventStore/eventStore.js';
import type { Document, ReadStore } from '../readStore/readStore.js';
import type { AnyReactor } from './reactor.js';
import { REACTOR_CHECKPOINTS, reactorRuntime } from './reactorRuntime.js';

/** Lets `ms` milliseconds of other work run: a reaction that takes a while. */
export const turns = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks every write of a reactor checkpoint as it happens: `unfinishedUpTo(position)` names the reactions at or
 * before that position that have not finished, and a write naming any of them is recorded in `violations`.
 */
export const watchCheckpoints = (readStore: ReadStore, unfinishedUpTo: (position: number) => readonly number[], violations: string[]): void => {
  const checkpoints = readStore.collection<Document & { position: number }>(REACTOR_CHECKPOINTS);
  const replaceOne = checkpoints.replaceOne.bind(checkpoints);
  checkpoints.replaceOne = async (document, options) => {
    const early = unfinishedUpTo(document.position);
    if (early.length > 0) violations.push(`stored ${document.position} before ${early.join(',')} finished`);
    return replaceOne(document, options);
  };
};

/** A restart: a fresh runtime on the reactor goes from its stored checkpoint to the head, then stops; the head. */
export const drainInNewRuntime = async (eventStore: EventStore, readStore: ReadStore, reactor: AnyReactor): Promise<number> => {
  const runtime = reactorRuntime({ eventStore, readStore, reactors: [reactor] });
  await runtime.start();
  const end = await eventStore.headPosition();
  await runtime.waitFor(end);
  await runtime.stop();
  return end;
};
