import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import type { TaxonomyEvent } from './events.js';
import { taxonomyDecider } from './taxonomyDecider.js';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const [drinks, tea, greenTea, food, missing] = [id(1), id(2), id(3), id(4), id(99)] as const;
const brand = id(50);
const name = (en: string) => ({ zh: '', en });
const spec = deciderSpecification(taxonomyDecider);

const defined = (categoryId: string, parentId: string | null): TaxonomyEvent => ({
  type: 'CategoryDefined',
  data: { categoryId, name: name(categoryId), parentId },
});
const tree = [defined(drinks, null), defined(tea, drinks), defined(greenTea, tea), defined(food, null)];
const retired = (categoryId: string): TaxonomyEvent => ({ type: 'CategoryRetired', data: { categoryId } });

describe('DefineCategory', () => {
  it('defines a root category', () => {
    spec.given([]).when({ type: 'DefineCategory', categoryId: drinks, name: name(drinks), parentId: null }).then([defined(drinks, null)]);
  });
  it('defines a child category', () => {
    spec.given(tree.slice(0, 1)).when({ type: 'DefineCategory', categoryId: tea, name: name(tea), parentId: drinks }).then([defined(tea, drinks)]);
  });
  it('refuses an id that is taken', () => {
    spec.given(tree).when({ type: 'DefineCategory', categoryId: tea, name: name('x'), parentId: null }).then({ _tag: 'CategoryAlreadyExists', categoryId: tea });
  });
  it('refuses a parent that does not exist', () => {
    spec.given([]).when({ type: 'DefineCategory', categoryId: tea, name: name(tea), parentId: missing }).then({ _tag: 'ParentCategoryNotFound', categoryId: tea, parentId: missing });
  });
  it('refuses a retired parent', () => {
    spec.given([...tree, retired(food)]).when({ type: 'DefineCategory', categoryId: id(5), name: name('x'), parentId: food }).then({ _tag: 'CategoryRetired', categoryId: food });
  });
});

describe('RenameCategory', () => {
  it('renames a category', () => {
    spec.given(tree).when({ type: 'RenameCategory', categoryId: tea, name: { zh: '茶', en: 'Tea' } }).then([{ type: 'CategoryRenamed', data: { categoryId: tea, name: { zh: '茶', en: 'Tea' } } }]);
  });
  it('refuses a category that does not exist', () => {
    spec.given(tree).when({ type: 'RenameCategory', categoryId: missing, name: name('x') }).then({ _tag: 'CategoryNotFound', categoryId: missing });
  });
  it('refuses a retired category', () => {
    spec.given([...tree, retired(food)]).when({ type: 'RenameCategory', categoryId: food, name: name('x') }).then({ _tag: 'CategoryRetired', categoryId: food });
  });
});

describe('MoveCategory', () => {
  it('moves a category under another parent', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: tea, parentId: food }).then([{ type: 'CategoryMoved', data: { categoryId: tea, previousParentId: drinks, parentId: food } }]);
  });
  it('moves a category to the root', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: greenTea, parentId: null }).then([{ type: 'CategoryMoved', data: { categoryId: greenTea, previousParentId: tea, parentId: null } }]);
  });
  it('records nothing when the parent is the same', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: tea, parentId: drinks }).then([]);
  });
  it('refuses to move a category under itself', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: tea, parentId: tea }).then({ _tag: 'CategoryCycle', categoryId: tea, parentId: tea });
  });
  it('refuses to move a category under its own descendant', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: drinks, parentId: greenTea }).then({ _tag: 'CategoryCycle', categoryId: drinks, parentId: greenTea });
  });
  it('refuses a parent that does not exist', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: tea, parentId: missing }).then({ _tag: 'ParentCategoryNotFound', categoryId: tea, parentId: missing });
  });
  it('refuses a retired parent', () => {
    spec.given([...tree, retired(food)]).when({ type: 'MoveCategory', categoryId: tea, parentId: food }).then({ _tag: 'CategoryRetired', categoryId: food });
  });
  it('refuses a category that does not exist', () => {
    spec.given(tree).when({ type: 'MoveCategory', categoryId: missing, parentId: null }).then({ _tag: 'CategoryNotFound', categoryId: missing });
  });
});

describe('RetireCategory', () => {
  it('retires a leaf category', () => {
    spec.given(tree).when({ type: 'RetireCategory', categoryId: greenTea }).then([retired(greenTea)]);
  });
  it('retires a category whose children are all retired', () => {
    spec.given([...tree, retired(greenTea)]).when({ type: 'RetireCategory', categoryId: tea }).then([retired(tea)]);
  });
  it('is idempotent', () => {
    spec.given([...tree, retired(food)]).when({ type: 'RetireCategory', categoryId: food }).then([]);
  });
  it('refuses a category with active children', () => {
    spec.given(tree).when({ type: 'RetireCategory', categoryId: drinks }).then({ _tag: 'CategoryHasChildren', categoryId: drinks, children: [tea] });
  });
  it('refuses a category that does not exist', () => {
    spec.given(tree).when({ type: 'RetireCategory', categoryId: missing }).then({ _tag: 'CategoryNotFound', categoryId: missing });
  });
});

describe('DefineBrand and RenameBrand', () => {
  const brandDefined: TaxonomyEvent = { type: 'BrandDefined', data: { brandId: brand, name: { zh: '西湖', en: 'West Lake' } } };
  it('defines a brand', () => {
    spec.given([]).when({ type: 'DefineBrand', brandId: brand, name: { zh: '西湖', en: 'West Lake' } }).then([brandDefined]);
  });
  it('refuses a brand id that is taken', () => {
    spec.given([brandDefined]).when({ type: 'DefineBrand', brandId: brand, name: name('x') }).then({ _tag: 'BrandAlreadyExists', brandId: brand });
  });
  it('renames a brand', () => {
    spec.given([brandDefined]).when({ type: 'RenameBrand', brandId: brand, name: name('WL') }).then([{ type: 'BrandRenamed', data: { brandId: brand, name: name('WL') } }]);
  });
  it('refuses to rename a brand that does not exist', () => {
    spec.given([]).when({ type: 'RenameBrand', brandId: brand, name: name('WL') }).then({ _tag: 'BrandNotFound', brandId: brand });
  });
});
