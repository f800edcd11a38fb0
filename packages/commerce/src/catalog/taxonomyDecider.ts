import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { TaxonomyCommand } from './commands.js';
import type { TaxonomyError } from './errors.js';
import type { TaxonomyEvent } from './events.js';
import type { LocalizedText } from './values.js';

export interface Category {
  readonly name: LocalizedText;
  readonly parentId: string | null;
  /** Retired categories keep their place in history but take no new children or products. */
  readonly retired: boolean;
}

export interface Brand {
  readonly name: LocalizedText;
}

/**
 * The category tree and brand list of one catalog. They live in one stream because a catalog has at most a
 * few thousand of them and the tree's rules (no cycles, parents exist) need all categories at once.
 */
export interface TaxonomyState {
  readonly categories: Readonly<Record<string, Category>>;
  readonly brands: Readonly<Record<string, Brand>>;
}

const withCategory = (state: TaxonomyState, categoryId: string, change: (c: Category) => Category): TaxonomyState => {
  const category = state.categories[categoryId];
  return category ? { ...state, categories: { ...state.categories, [categoryId]: change(category) } } : state;
};

const evolve = (state: TaxonomyState, event: TaxonomyEvent): TaxonomyState =>
  match(event)
    .returnType<TaxonomyState>()
    .with({ type: 'CategoryDefined' }, ({ data }) => ({
      ...state,
      categories: { ...state.categories, [data.categoryId]: { name: data.name, parentId: data.parentId, retired: false } },
    }))
    .with({ type: 'CategoryRenamed' }, ({ data }) => withCategory(state, data.categoryId, (c) => ({ ...c, name: data.name })))
    .with({ type: 'CategoryMoved' }, ({ data }) => withCategory(state, data.categoryId, (c) => ({ ...c, parentId: data.parentId })))
    .with({ type: 'CategoryRetired' }, ({ data }) => withCategory(state, data.categoryId, (c) => ({ ...c, retired: true })))
    .with({ type: 'BrandDefined' }, ({ data }) => ({ ...state, brands: { ...state.brands, [data.brandId]: { name: data.name } } }))
    .with({ type: 'BrandRenamed' }, ({ data }) =>
      state.brands[data.brandId] ? { ...state, brands: { ...state.brands, [data.brandId]: { name: data.name } } } : state,
    )
    .exhaustive();

/** Walking up from `from` reaches `target`. Bounded by the number of categories, so a corrupt tree cannot loop. */
const isAncestorOrSelf = (state: TaxonomyState, target: string, from: string | null): boolean => {
  let current = from;
  for (let steps = 0; current !== null && steps <= Object.keys(state.categories).length; steps++) {
    if (current === target) return true;
    current = state.categories[current]?.parentId ?? null;
  }
  return false;
};

const activeChildren = (state: TaxonomyState, categoryId: string): string[] =>
  Object.entries(state.categories)
    .filter(([, c]) => c.parentId === categoryId && !c.retired)
    .map(([id]) => id);

type Decision = Either<TaxonomyError, readonly TaxonomyEvent[]>;
const accept = (...events: TaxonomyEvent[]): Decision => E.right(events);
const reject = (error: TaxonomyError): Decision => E.left(error);

/** Checks a would-be parent: it must exist and not be retired. */
const checkParent = (state: TaxonomyState, categoryId: string, parentId: string | null): TaxonomyError | null => {
  if (parentId === null) return null;
  const parent = state.categories[parentId];
  if (!parent) return { _tag: 'ParentCategoryNotFound', categoryId, parentId };
  return parent.retired ? { _tag: 'CategoryRetired', categoryId: parentId } : null;
};

/** Runs `decide` on a category that exists and is not retired. */
const onActive = (state: TaxonomyState, categoryId: string, decide: (category: Category) => Decision): Decision => {
  const category = state.categories[categoryId];
  if (!category) return reject({ _tag: 'CategoryNotFound', categoryId });
  return category.retired ? reject({ _tag: 'CategoryRetired', categoryId }) : decide(category);
};

const decide = (command: TaxonomyCommand, state: TaxonomyState): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'DefineCategory' }, ({ categoryId, name, parentId }) => {
      if (state.categories[categoryId]) return reject({ _tag: 'CategoryAlreadyExists', categoryId });
      const invalid = checkParent(state, categoryId, parentId);
      return invalid ? reject(invalid) : accept({ type: 'CategoryDefined', data: { categoryId, name, parentId } });
    })
    .with({ type: 'RenameCategory' }, ({ categoryId, name }) =>
      onActive(state, categoryId, () => accept({ type: 'CategoryRenamed', data: { categoryId, name } })),
    )
    .with({ type: 'MoveCategory' }, ({ categoryId, parentId }) =>
      onActive(state, categoryId, (category) => {
        if (category.parentId === parentId) return accept();
        const invalid = checkParent(state, categoryId, parentId);
        if (invalid) return reject(invalid);
        // Moving under itself or any of its descendants would cut the subtree off from the root.
        if (parentId !== null && isAncestorOrSelf(state, categoryId, parentId)) return reject({ _tag: 'CategoryCycle', categoryId, parentId });
        return accept({ type: 'CategoryMoved', data: { categoryId, previousParentId: category.parentId, parentId } });
      }),
    )
    .with({ type: 'RetireCategory' }, ({ categoryId }) => {
      if (state.categories[categoryId]?.retired) return accept();
      return onActive(state, categoryId, () => {
        const children = activeChildren(state, categoryId);
        return children.length > 0
          ? reject({ _tag: 'CategoryHasChildren', categoryId, children })
          : accept({ type: 'CategoryRetired', data: { categoryId } });
      });
    })
    .with({ type: 'DefineBrand' }, ({ brandId, name }) =>
      state.brands[brandId] ? reject({ _tag: 'BrandAlreadyExists', brandId }) : accept({ type: 'BrandDefined', data: { brandId, name } }),
    )
    .with({ type: 'RenameBrand' }, ({ brandId, name }) =>
      state.brands[brandId] ? accept({ type: 'BrandRenamed', data: { brandId, name } }) : reject({ _tag: 'BrandNotFound', brandId }),
    )
    .exhaustive();

/** The category tree and brands of a catalog. Stream: `taxonomy-<catalogId>`. */
export const taxonomyDecider: Decider<TaxonomyState, TaxonomyCommand, TaxonomyEvent, TaxonomyError> = {
  initialState: () => ({ categories: {}, brands: {} }),
  evolve,
  decide: (command, state) => decide(command, state),
};
