import { fold } from '@shopstream/kernel';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { TaxonomyCommand } from './commands.js';
import { taxonomyEvents } from './events.js';
import type { TaxonomyEvent } from './events.js';
import { taxonomyDecider } from './taxonomyDecider.js';
import type { TaxonomyState } from './taxonomyDecider.js';

const ids = [1, 2, 3, 4, 5].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
const arbId = fc.constantFrom(...ids);
const arbParent = fc.option(arbId, { nil: null });
const name = { zh: '类', en: 'Kind' };
const now = new Date('2026-01-01T00:00:00.000Z');

const arbCommand: fc.Arbitrary<TaxonomyCommand> = fc.oneof(
  fc.record({ categoryId: arbId, parentId: arbParent }).map((c) => ({ type: 'DefineCategory' as const, name, ...c })),
  fc.record({ categoryId: arbId, parentId: arbParent }).map((c) => ({ type: 'MoveCategory' as const, ...c })),
  arbId.map((categoryId) => ({ type: 'RenameCategory' as const, categoryId, name })),
  arbId.map((categoryId) => ({ type: 'RetireCategory' as const, categoryId })),
  arbId.map((brandId) => ({ type: 'DefineBrand' as const, brandId, name })),
  arbId.map((brandId) => ({ type: 'RenameBrand' as const, brandId, name })),
);

const arbEvent: fc.Arbitrary<TaxonomyEvent> = fc.oneof(
  fc.record({ categoryId: arbId, name: fc.constant(name), parentId: arbParent }).map((data) => ({ type: 'CategoryDefined' as const, data })),
  fc.record({ categoryId: arbId, name: fc.constant(name) }).map((data) => ({ type: 'CategoryRenamed' as const, data })),
  fc.record({ categoryId: arbId, previousParentId: arbParent, parentId: arbParent }).map((data) => ({ type: 'CategoryMoved' as const, data })),
  arbId.map((categoryId) => ({ type: 'CategoryRetired' as const, data: { categoryId } })),
  arbId.map((brandId) => ({ type: 'BrandDefined' as const, data: { brandId, name } })),
  arbId.map((brandId) => ({ type: 'BrandRenamed' as const, data: { brandId, name } })),
);

const schemaOf = new Map(taxonomyEvents.map((d) => [d.type as string, d.schema]));

/** Follows parents up from a category; the path must reach the root through active categories only. */
const pathToRoot = (state: TaxonomyState, categoryId: string): string[] | 'cycle' | 'broken' => {
  const path: string[] = [];
  for (let current: string | null = categoryId; current !== null; ) {
    if (path.includes(current)) return 'cycle';
    const category: TaxonomyState['categories'][string] | undefined = state.categories[current];
    if (!category || category.retired) return 'broken';
    path.push(current);
    current = category.parentId;
  }
  return path;
};

/** Events as a store hands them back: plain JSON, whatever objects the generators built. */
const asStored = <T>(events: T[]): T[] => JSON.parse(JSON.stringify(events)) as T[];

describe('taxonomy decider properties', () => {
  it('the category tree never has a cycle, and every active category hangs from the root through active ones', () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 40 }), (commands) => {
        let state = taxonomyDecider.initialState();
        for (const command of commands) {
          const decision = taxonomyDecider.decide(command, state, { now });
          if (E.isLeft(decision)) continue;
          for (const event of decision.right) {
            expect(schemaOf.get(event.type)?.safeParse(event.data).success).toBe(true);
            state = taxonomyDecider.evolve(state, event);
          }
          for (const [id, category] of Object.entries(state.categories)) {
            if (!category.retired) expect(pathToRoot(state, id)).toBeInstanceOf(Array);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('evolve takes any sequence of valid events, and the same history folds to the same state, snapshot or not', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }).map(asStored), fc.nat(), (events, cut) => {
        const once = fold(taxonomyDecider, events);
        expect(fold(taxonomyDecider, events)).toStrictEqual(once);
        const at = cut % (events.length + 1);
        const snapshot = JSON.parse(JSON.stringify(fold(taxonomyDecider, events.slice(0, at)))) as TaxonomyState;
        expect(fold(taxonomyDecider, events.slice(at), snapshot)).toStrictEqual(once);
      }),
      { numRuns: 150 },
    );
  });
});
