import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareEvents, recordedFrom } from './appendRules.js';

const context = { now: () => new Date('2026-01-01T00:00:00.000Z'), newId: () => '00000000-0000-4000-8000-000000000001' };

describe('prepareEvents', () => {
  it('keeps the JSON text it parsed data and metadata back from, and serialising the parsed values again gives that very text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.option(fc.record({ kind: fc.constantFrom('customer', 'staff'), id: fc.string() }), { nil: undefined }), (data, actor) => {
        const [prepared] = prepareEvents('order-1', [{ type: 'Happened', data, ...(actor ? { metadata: { actor } } : {}) }], context);
        if (!prepared) throw new Error('one event in, one out');
        // What a store writes as text is what it would have written by serialising the prepared values.
        expect(prepared.dataJson).toBe(JSON.stringify(prepared.data));
        expect(prepared.metadataJson).toBe(JSON.stringify(prepared.metadata));
        expect(JSON.parse(prepared.dataJson)).toEqual(prepared.data);
      }),
    );
  });

  it('leaves the prepared text out of the recorded event', () => {
    const [prepared] = prepareEvents('order-1', [{ type: 'Happened', data: { b: 1, a: [true, null] } }], context);
    if (!prepared) throw new Error('one event in, one out');
    const recorded = recordedFrom(prepared, 'order-1', 0, 7, 'f'.repeat(64));
    expect(Object.keys(recorded)).toEqual(['id', 'type', 'schemaVersion', 'data', 'occurredAt', 'metadata', 'stream', 'revision', 'position', 'hash']);
    expect(recorded).toMatchObject({ data: { b: 1, a: [true, null] }, stream: 'order-1', revision: 0, position: 7 });
  });
});
