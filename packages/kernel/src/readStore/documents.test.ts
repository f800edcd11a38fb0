import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentCache, storedDocuments } from './documents.js';
import type { Documents } from './documents.js';
import { frozenJson } from './frozen.js';
import type { Document } from './readStore.js';

const refuse = (reason: string): never => {
  throw new Error(reason);
};

const stored = (id: string, payload: string): { document: Document; text: string } => {
  const document = frozenJson({ _id: id, payload, nested: { items: [payload.length] } }, refuse) as Document;
  return { document, text: JSON.stringify(document) };
};

const isDeeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen));

type Step =
  | { readonly kind: 'set'; readonly table: number; readonly id: string; readonly payload: string }
  | { readonly kind: 'delete' | 'get'; readonly table: number; readonly id: string }
  | { readonly kind: 'scan'; readonly table: number; readonly stopAfter: number };

const id = fc.constantFrom('a', 'b', 'c', 'd');
const table = fc.integer({ min: 0, max: 1 });
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof<fc.Arbitrary<Step>[]>(
    fc.record({ kind: fc.constant('set' as const), table, id, payload: fc.string({ maxLength: 40 }) }),
    fc.record({ kind: fc.constantFrom('delete' as const, 'get' as const, 'get' as const), table, id }),
    fc.record({ kind: fc.constant('scan' as const), table, stopAfter: fc.integer({ min: 0, max: 4 }) }),
  ),
  { maxLength: 80 },
);

describe('stored documents', () => {
  it('answer as a map of the documents would, hand out frozen documents, and hold parsed exactly what an LRU of that many characters holds, which a scan leaves as it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), steps, (capacity, run) => {
        const cache = new DocumentCache(capacity);
        // The model is the persistence the tables read from, as the store writes it before applying a commit.
        const model = [new Map<string, string>(), new Map<string, string>()];
        const tables: Documents[] = model.map((texts) => storedDocuments(cache, (id) => texts.get(id)));
        // The reference LRU: keys `table/id`, least recently used first, with their text lengths.
        const lru = new Map<string, number>();
        // The object last handed in or out under each key: a cached document is that same object, any other a new parse.
        const last = new Map<string, Document | undefined>();
        const cached = (key: string, weight: number) => {
          lru.delete(key);
          if (weight > capacity) return;
          lru.set(key, weight);
          let total = [...lru.values()].reduce((sum, w) => sum + w, 0);
          for (const [oldest, w] of lru) {
            if (total <= capacity) break;
            lru.delete(oldest);
            total -= w;
          }
        };
        for (const step of run) {
          const documents = tables[step.table] as Documents;
          const texts = model[step.table] as Map<string, string>;
          if (step.kind === 'scan') {
            // As the engine scans: each document read as its _id is yielded, sometimes stopping early.
            let seen = 0;
            for (const scanned of documents.keys()) {
              if (seen++ === step.stopAfter) break;
              const key = `${step.table}/${scanned}`;
              const found = documents.get(scanned);
              expect(JSON.stringify(found)).toBe(texts.get(scanned));
              expect(isDeeplyFrozen(found)).toBe(true);
              if (lru.has(key)) expect(found).toBe(last.get(key));
              else expect(found).not.toBe(last.get(key));
            }
          } else if (step.kind === 'set') {
            const key = `${step.table}/${step.id}`;
            const { document, text } = stored(step.id, step.payload);
            texts.set(step.id, text);
            documents.set(document, text.length);
            last.set(key, document);
            cached(key, text.length);
          } else if (step.kind === 'delete') {
            const key = `${step.table}/${step.id}`;
            texts.delete(step.id);
            documents.delete(step.id);
            lru.delete(key);
          } else {
            const key = `${step.table}/${step.id}`;
            const found = documents.get(step.id);
            const text = texts.get(step.id);
            if (text === undefined) expect(found).toBeUndefined();
            else {
              expect(JSON.stringify(found)).toBe(text);
              expect(isDeeplyFrozen(found)).toBe(true);
              if (lru.has(key)) expect(found).toBe(last.get(key));
              else expect(found).not.toBe(last.get(key));
              last.set(key, found);
              cached(key, text.length);
            }
          }
          expect(cache.weight).toBeLessThanOrEqual(capacity);
          expect(cache.weight).toBe([...lru.values()].reduce((sum, w) => sum + w, 0));
          expect(cache.size).toBe(lru.size);
        }
        for (const [i, documents] of tables.entries()) {
          const texts = model[i] as Map<string, string>;
          expect(documents.size).toBe(texts.size);
          expect([...documents.keys()].sort()).toEqual([...texts.keys()].sort());
          for (const key of texts.keys()) expect(documents.has(key)).toBe(true);
          expect([...documents.values()].map((document) => JSON.stringify(document)).sort()).toEqual([...texts.values()].sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('evicts the least recently used: a read saves a document from the next eviction', () => {
    const a = stored('a', 'x'.repeat(20));
    const cache = new DocumentCache(a.text.length * 2);
    const texts = new Map<string, string>();
    const documents = storedDocuments(cache, (id) => texts.get(id));
    texts.set('a', a.text);
    documents.set(a.document, a.text.length);
    const b = stored('b', 'x'.repeat(20));
    texts.set('b', b.text);
    documents.set(b.document, b.text.length);
    expect(documents.get('a')).toBe(a.document);
    const c = stored('c', 'x'.repeat(20));
    texts.set('c', c.text);
    documents.set(c.document, c.text.length);
    expect(documents.get('a')).toBe(a.document);
    expect(documents.get('c')).toBe(c.document);
    expect(documents.get('b')).not.toBe(b.document);
    expect(documents.get('b')).toEqual(b.document);
  });

  it('keeps a document it loaded unparsed until it is read, and then hands out a frozen one', () => {
    const cache = new DocumentCache(1000);
    const text = '{"_id":"x","lines":[{"sku":"A"}]}';
    const documents = storedDocuments(cache, (id) => (id === 'x' ? text : undefined));
    documents.load('x', JSON.parse(text) as Document);
    expect(cache.size).toBe(0);
    const read = documents.get('x');
    expect(read).toEqual({ _id: 'x', lines: [{ sku: 'A' }] });
    expect(isDeeplyFrozen(read)).toBe(true);
    expect(cache.size).toBe(1);
    expect(documents.get('y')).toBeUndefined();
  });

  it('lets go of its cached documents when its collection is dropped', () => {
    const cache = new DocumentCache(1000);
    const documents = storedDocuments(cache, () => undefined);
    const a = stored('a', 'payload');
    documents.set(a.document, a.text.length);
    expect(cache.weight).toBe(a.text.length);
    documents.clear();
    expect(cache.weight).toBe(0);
    expect(documents.size).toBe(0);
  });

  it('refuses a negative capacity and a document without its text', () => {
    expect(() => new DocumentCache(-1)).toThrow(TypeError);
    const documents = storedDocuments(new DocumentCache(10), () => undefined);
    expect(() => documents.set(stored('a', '').document, undefined)).toThrow(TypeError);
  });
});
