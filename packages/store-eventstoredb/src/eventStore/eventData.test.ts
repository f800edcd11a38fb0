import type { RecordedEvent as ServerRecordedEvent } from '@eventstore/db-client';
import { GENESIS_HASH, eventHash, prepareEvents, recordedFrom, verifyStreamIntegrity } from '@shopstream/kernel';
import type { NewEvent, PreparedEvent } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UndecodableEventError, fromServerEvent, toEventData } from './eventData.js';

const context = { now: () => new Date('2026-12-07T10:00:00.000Z'), newId: () => crypto.randomUUID() };
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const newEvent: fc.Arbitrary<NewEvent> = fc.record(
  {
    type: fc.string({ minLength: 1, maxLength: 20 }).filter((type) => !type.startsWith('$')),
    data: fc.jsonValue(),
    id: fc.uuid(),
    schemaVersion: fc.integer({ min: 1, max: 9 }),
    occurredAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    metadata: fc.record(
      {
        correlationId: fc.string(),
        causationId: nullable(fc.string()),
        actor: nullable(fc.record({ kind: fc.constantFrom('customer' as const, 'staff' as const, 'system' as const), id: fc.string() })),
        traceparent: nullable(fc.string()),
        tracestate: nullable(fc.string()),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['type', 'data'] },
);

/** What the client does with an event on its way to the server and back: JSON text both ways (append.js, convertGrpcEvent.js). */
const throughTheServer = (event: PreparedEvent, hash: string, stream: string, revision: number, commit: bigint): ServerRecordedEvent => {
  const data = toEventData(event, hash);
  return {
    streamId: stream,
    id: data.id,
    isJson: true,
    revision: BigInt(revision),
    type: data.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(data.data)) as ServerRecordedEvent['data'],
    metadata: JSON.parse(JSON.stringify(data.metadata)) as ServerRecordedEvent['metadata'],
    position: { commit, prepare: commit },
  } as ServerRecordedEvent;
};

describe('events on the server', () => {
  it('come back exactly as recorded: payload, schema version, time, metadata and hash', () => {
    fc.assert(
      fc.property(newEvent, fc.nat(), fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/), (given, revision, position, hash) => {
        const [prepared] = prepareEvents('cart-1', [given], context);
        if (!prepared) throw new Error('prepareEvents returns one event per event');
        const read = fromServerEvent(throughTheServer(prepared, hash, 'shop.cart-1', revision, BigInt(position)), 'cart-1', position);
        expect(read).toEqual(recordedFrom(prepared, 'cart-1', revision, position, hash));
        expect(Object.isFrozen(read)).toBe(true);
      }),
    );
  });

  it("carry the port's correlation and causation ids where the server's own projections look for them", () => {
    const [plain, caused] = prepareEvents('cart-1', [{ type: 'A', data: {} }, { type: 'B', data: {}, metadata: { correlationId: 'c', causationId: 'e-1' } }], context);
    if (!plain || !caused) throw new Error('two events in, two out');
    expect(toEventData(plain, GENESIS_HASH).metadata).toMatchObject({ $correlationId: plain.id });
    expect(toEventData(plain, GENESIS_HASH).metadata).not.toHaveProperty('$causationId');
    expect(toEventData(caused, GENESIS_HASH)).toMatchObject({ id: caused.id, type: 'B', contentType: 'application/json', metadata: { $correlationId: 'c', $causationId: 'e-1' } });
  });

  it('keep a hash chain that verifies once read back, for any stream of events', () => {
    fc.assert(
      fc.property(fc.array(newEvent, { minLength: 1, maxLength: 8 }), (given) => {
        const unique = given.map((event) => ({ ...event, id: crypto.randomUUID() }));
        const prepared = prepareEvents('order-9', unique, context);
        let previous = GENESIS_HASH;
        const read = prepared.map((event, revision) => {
          previous = eventHash(previous, { ...event, stream: 'order-9', revision });
          return fromServerEvent(throughTheServer(event, previous, 'order-9', revision, BigInt(1000 + revision * 97)), 'order-9', 1000 + revision * 97);
        });
        expect(verifyStreamIntegrity(read)).toEqual([]);
      }),
    );
  });

  it('that this store did not write are refused as faults naming the event, not handed out half-read', () => {
    const [prepared] = prepareEvents('cart-1', [{ type: 'A', data: { n: 1 } }], context);
    if (!prepared) throw new Error('one event in, one out');
    const good = throughTheServer(prepared, GENESIS_HASH, 'cart-1', 3, 10n);
    const variants: [string, ServerRecordedEvent][] = [
      ['not JSON', { ...good, isJson: false, data: new Uint8Array([1]) }],
      ['no layout marker', { ...good, metadata: { hash: GENESIS_HASH } }],
      ['binary metadata', { ...good, metadata: new Uint8Array([1, 2]) }],
      ['no metadata', { ...good, metadata: undefined }],
      ['a bad hash', { ...good, metadata: { ...(good.metadata as object), hash: 'abc' } }],
      ['a bad instant', { ...good, metadata: { ...(good.metadata as object), occurredAt: 'soon' } }],
      ['a bad actor', { ...good, metadata: { ...(good.metadata as object), metadata: { ...prepared.metadata, actor: 'me' } } }],
    ];
    for (const [why, event] of variants) {
      let thrown: unknown;
      try {
        fromServerEvent(event, 'cart-1', 10);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, why).toBeInstanceOf(UndecodableEventError);
      expect(thrown, why).toMatchObject({ _tag: 'UndecodableEvent', stream: 'cart-1', revision: 3 });
    }
  });
});
