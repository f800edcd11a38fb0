import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CollectionIndex, declareIndex } from './indexes.js';
import type { Document } from './readStore.js';
import { compareKeys, withinBounds } from './sortedEntries.js';
import type { Bound } from './sortedEntries.js';
import { compareValues } from './values.js';

type Step =
  | { readonly kind: 'put'; readonly id: string; readonly a: unknown; readonly b: unknown }
  | { readonly kind: 'delete'; readonly id: string }
  | { readonly kind: 'rebuild'; readonly deleted: readonly string[]; readonly put: readonly { id: string; a: unknown; b: unknown }[] };

// Few ids and values, so keys collide and documents are rewritten; arrays make the index multikey.
const id = fc.constantFrom('d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8');
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', 'y', 'z', ''), fc.constant(null), fc.boolean());
const field = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(undefined) });
const plain = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.constant(undefined) });
const document = fc.record({ id, a: field, b: plain });
const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: document.map((d): Step => ({ kind: 'put', ...d })) },
    { weight: 2, arbitrary: id.map((deleted): Step => ({ kind: 'delete', id: deleted })) },
    {
      weight: 1,
      arbitrary: fc
        .record({ deleted: fc.uniqueArray(id, { maxLength: 3 }), put: fc.uniqueArray(document, { maxLength: 4, selector: (d) => d.id }) })
        .map(({ deleted, put }): Step => ({ kind: 'rebuild', deleted, put })),
    },
  ),
  { maxLength: 60 },
);
const bound: fc.Arbitrary<Bound | null> = fc.option(fc.record({ value: scalar, inclusive: fc.boolean() }), { nil: null });
const ranges = fc.array(fc.tuple(bound, bound), { minLength: 1, maxLength: 3 });

const toDocument = ({ id, a, b }: { id: string; a: unknown; b: unknown }): Document => ({ _id: id, ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) }) as Document;

describe('a collection index', () => {
  it('answers lookups, keys and conflicts as the documents it was given say, single-field or compound, through rewrites, deletes and rebuilds', () => {
    fc.assert(
      fc.property(fc.constantFrom<Record<string, 1 | -1>>({ a: 1 }, { a: 1, b: -1 }), fc.boolean(), steps, ranges, (keys, sparse, run, queried) => {
        const declared = declareIndex({ keys, sparse });
        // The extractor is the index's own keysOf, asked of a separate instance: what is checked here is how the
        // index holds and finds keys, against a map of the documents it was given.
        const extractor = new CollectionIndex(declared, 'c');
        let index = new CollectionIndex(declared, 'c');
        const model = new Map<string, Document>();
        const enter = (doc: Document) => {
          // As the engine applies a commit: an indexed document is taken out first.
          index.remove(doc._id);
          index.add(doc._id, index.keysOf(doc));
          model.set(doc._id, doc);
        };
        for (const step of run) {
          if (step.kind === 'put') enter(toDocument(step));
          else if (step.kind === 'delete') {
            index.remove(step.id);
            model.delete(step.id);
          } else {
            const put = step.put.map(toDocument);
            index = index.rebuiltWith(step.deleted, put, (doc) => (doc._id.endsWith('1') ? undefined : extractor.keysOf(doc)));
            for (const deleted of step.deleted) model.delete(deleted);
            for (const doc of put) model.set(doc._id, doc);
          }
        }
        const expectedEntries = [...model.values()].flatMap((doc) => extractor.keysOf(doc).map((tuple) => ({ tuple, id: doc._id })));
        expect(index.size).toBe(expectedEntries.length);
        for (const [docId, doc] of model) expect(index.keysFor(docId)).toEqual(extractor.keysOf(doc));
        expect(index.keysFor('absent')).toEqual([]);
        // The commit's check that a rewrite leaves a document's entries alone, against comparing what keysFor builds.
        const same = (a: readonly unknown[][], b: readonly unknown[][]) => a.length === b.length && a.every((tuple, i) => compareKeys(tuple, b[i] as unknown[]) === 0);
        for (const docId of [...model.keys(), 'absent']) {
          for (const doc of [...model.values(), toDocument({ id: 'other', a: undefined, b: undefined })]) {
            expect(index.indexedUnder(docId, extractor.keysOf(doc))).toBe(same(index.keysFor(docId), extractor.keysOf(doc)));
          }
        }

        const visited: string[] = [];
        index.lookup(queried, (found) => {
          visited.push(found);
          return true;
        });
        const matching = expectedEntries
          .filter(({ tuple }) => queried.some(([lower, upper]) => withinBounds(tuple[0], lower, upper)))
          .map(({ id: found }) => found);
        expect(new Set(visited).size).toBe(visited.length);
        expect([...visited].sort()).toEqual([...new Set(matching)].sort());
        if (queried.length === 1) {
          // One range is walked in key order, ties by _id.
          const inOrder = [...expectedEntries]
            .filter(({ tuple }) => withinBounds(tuple[0], queried[0]?.[0] ?? null, queried[0]?.[1] ?? null))
            .sort((x, y) => compareKeys(x.tuple, y.tuple) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
          const order = inOrder.map(({ id: found }) => found).filter((found, i, all) => all.indexOf(found) === i);
          expect(visited).toEqual(order);
        }

        // Conflicts: every other document holding an equal key tuple, as a unique index would refuse.
        for (const doc of model.values()) {
          const tuples = extractor.keysOf(doc);
          const others = expectedEntries.filter((entry) => entry.id !== doc._id && tuples.some((tuple) => compareKeys(tuple, entry.tuple) === 0)).map((entry) => entry.id);
          const uniqueIndex = new CollectionIndex({ ...declared, unique: true }, 'c');
          for (const [other, otherDoc] of model) if (other !== doc._id) uniqueIndex.add(other, extractor.keysOf(otherDoc));
          expect(
            uniqueIndex
              .conflicts(doc._id, tuples)
              .map((c) => c.other)
              .sort(),
          ).toEqual(others.sort());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to build a unique index over two documents with one key, and builds it over distinct keys in key order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(document, { selector: (d) => d.id, maxLength: 8 }), (given) => {
        const declared = declareIndex({ keys: { b: 1 }, unique: true });
        const docs = given.map(toDocument);
        const keys = docs.map((doc) => doc['b'] ?? null);
        const distinct = keys.every((key, i) => keys.findIndex((other) => compareValues(other, key) === 0) === i);
        if (!distinct) {
          expect(() => CollectionIndex.build(declared, 'c', docs)).toThrow(/^DuplicateKey: /);
          return;
        }
        const built = CollectionIndex.build(declared, 'c', docs);
        const visited: string[] = [];
        built.lookup([[null, null]], (found) => visited.push(found) > 0);
        expect(visited).toEqual([...docs].sort((x, y) => compareValues(x['b'] ?? null, y['b'] ?? null)).map((doc) => doc._id));
      }),
    );
  });
});
