import { expect } from 'vitest';
import { z } from 'zod';
import type { NewEvent, RecordedEvent } from '../../events/event.js';
import { defineEvent, eventRegistry } from '../../events/registry.js';
import type { EventRegistry } from '../../events/registry.js';
import { EventStoreError } from '../../eventStore/errors.js';
import type { EventStoreErrorTag } from '../../eventStore/errors.js';
import type { EventStore, SubscriptionMessage } from '../../eventStore/eventStore.js';

export interface EventStoreFactoryOptions {
  readonly registry?: EventRegistry;
}

/** What every part of the contract works with. */
export interface ContractContext {
  /** A new, empty store, closed by the suite after the test. */
  readonly make: (options?: EventStoreFactoryOptions) => Promise<EventStore>;
  /** A fresh stream name of a category. */
  readonly stream: (category?: string) => string;
  readonly numRuns: number;
}

/** The schemas the contract appends with when it tests validation and upcasting. */
export const contractRegistry = (): EventRegistry =>
  eventRegistry([
    defineEvent('ItemAdded', z.strictObject({ sku: z.string().min(1), quantity: z.number().int().positive() })),
    defineEvent('PriceSet', z.strictObject({ sku: z.string(), price: z.strictObject({ amount: z.number().int(), currency: z.string().length(3) }) }), {
      version: 2,
      upcasters: { 1: (v1) => ({ sku: (v1 as { sku: string }).sku, price: { amount: (v1 as { fen: number }).fen, currency: 'CNY' } }) },
    }),
  ]);

export const event = (type = 'Something', data: unknown = { n: 1 }, extra: Partial<NewEvent> = {}): NewEvent => ({ type, data, ...extra });

export const rejected = async (promise: Promise<unknown>, tag: EventStoreErrorTag): Promise<EventStoreError> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as EventStoreError).detail._tag).toBe(tag);
    return error as EventStoreError;
  }
  throw new Error(`expected a ${tag} refusal, but the call succeeded`);
};

/** Reads messages until `until` says stop, failing after `timeoutMs` rather than hanging the suite. */
export const collect = async (
  messages: AsyncIterable<SubscriptionMessage>,
  until: (events: readonly RecordedEvent[], message: SubscriptionMessage) => boolean,
  timeoutMs = 10_000,
): Promise<{ events: RecordedEvent[]; caughtUp: number[] }> => {
  const events: RecordedEvent[] = [];
  const caughtUp: number[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const message of messages) {
    if (message.type === 'event') events.push(message.event);
    else caughtUp.push(message.position);
    if (until(events, message)) break;
    if (Date.now() > deadline) throw new Error(`subscription timed out after ${events.length} events`);
  }
  return { events, caughtUp };
};
