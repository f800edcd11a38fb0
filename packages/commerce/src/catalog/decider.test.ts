import { deciderSpecification } from '@shopstream/kernel/testing';
import { describe, it } from 'vitest';
import { money } from '../shared/money.js';
import { productDecider } from './decider.js';
import type { ProductEvent } from './events.js';

const productId = '00000000-0000-4000-8000-0000000000a1';
const other = '00000000-0000-4000-8000-0000000000a2';
const brandId = '00000000-0000-4000-8000-0000000000b1';
const categoryId = '00000000-0000-4000-8000-0000000000c1';
const imageId = '00000000-0000-4000-8000-0000000000d1';
const spec = deciderSpecification(productDecider);

const details = {
  title: { zh: '绿茶', en: 'Green tea' },
  description: { zh: '明前龙井', en: 'Longjing, picked before Qingming' },
  brandId,
  categoryIds: [categoryId],
  attributes: { origin: 'Hangzhou' },
};
const created: ProductEvent = { type: 'ProductCreated', data: { productId, ...details, currency: 'CNY' } };
const tin: ProductEvent = { type: 'ProductSkuAdded', data: { productId, sku: 'TEA-100G', attributes: { weight: '100g' }, price: money(8800) } };
const unpriced: ProductEvent = { type: 'ProductSkuAdded', data: { productId, sku: 'TEA-1KG', attributes: { weight: '1kg' }, price: null } };
const published: ProductEvent = { type: 'ProductPublished', data: { productId } };
const image: ProductEvent = {
  type: 'ProductImageAdded',
  data: { productId, imageId, url: 'https://img.example.com/tea.jpg', alt: { zh: '茶罐', en: 'Tea tin' } },
};

describe('CreateProduct', () => {
  it('creates a draft product', () => {
    spec.given([]).when({ type: 'CreateProduct', productId, ...details, currency: 'CNY' }).then([created]);
  });
  it('refuses a product id that is taken', () => {
    spec.given([created]).when({ type: 'CreateProduct', productId, ...details, currency: 'CNY' }).then({ _tag: 'ProductAlreadyExists', productId });
  });
});

describe('ReviseProductDetails', () => {
  const revised = { ...details, title: { zh: '龙井', en: '' }, brandId: null, categoryIds: [] };
  it('records the new details as a whole', () => {
    spec.given([created]).when({ type: 'ReviseProductDetails', productId, ...revised }).then([{ type: 'ProductDetailsRevised', data: { productId, ...revised } }]);
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'ReviseProductDetails', productId, ...revised }).then({ _tag: 'ProductNotFound', productId });
  });
  it('refuses a command routed to another product', () => {
    spec.given([created]).when({ type: 'ReviseProductDetails', productId: other, ...revised }).then({ _tag: 'ProductNotFound', productId: other });
  });
  it('refuses to blank the title of a published product', () => {
    spec
      .given([created, tin, published])
      .when({ type: 'ReviseProductDetails', productId, ...details, title: { zh: ' ', en: '' } })
      .then({ _tag: 'ProductNotPublishable', productId, missing: ['Title'] });
  });
  it('lets a draft have no title yet', () => {
    const untitled = { ...details, title: { zh: '', en: '' } };
    spec.given([created]).when({ type: 'ReviseProductDetails', productId, ...untitled }).then([{ type: 'ProductDetailsRevised', data: { productId, ...untitled } }]);
  });
});

describe('AddProductSku', () => {
  it('adds a priced SKU', () => {
    spec.given([created]).when({ type: 'AddProductSku', productId, sku: 'TEA-100G', attributes: { weight: '100g' }, price: money(8800) }).then([tin]);
  });
  it('adds an unpriced SKU', () => {
    spec.given([created]).when({ type: 'AddProductSku', productId, sku: 'TEA-1KG', attributes: { weight: '1kg' }, price: null }).then([unpriced]);
  });
  it('refuses a SKU code the product already has', () => {
    spec
      .given([created, tin])
      .when({ type: 'AddProductSku', productId, sku: 'TEA-100G', attributes: {}, price: null })
      .then({ _tag: 'DuplicateProductSku', productId, sku: 'TEA-100G' });
  });
  it('refuses a negative price', () => {
    spec
      .given([created])
      .when({ type: 'AddProductSku', productId, sku: 'TEA-50G', attributes: {}, price: money(-1) })
      .then({ _tag: 'NegativeProductPrice', productId, sku: 'TEA-50G', amount: -1 });
  });
  it('refuses a price in another currency', () => {
    spec
      .given([created])
      .when({ type: 'AddProductSku', productId, sku: 'TEA-50G', attributes: {}, price: money(100, 'USD') })
      .then({ _tag: 'PriceCurrencyMismatch', productId, expected: 'CNY', actual: 'USD' });
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'AddProductSku', productId, sku: 'TEA-50G', attributes: {}, price: null }).thenFails('ProductNotFound');
  });
});

describe('RemoveProductSku', () => {
  it('removes a SKU', () => {
    spec.given([created, tin, unpriced]).when({ type: 'RemoveProductSku', productId, sku: 'TEA-1KG' }).then([{ type: 'ProductSkuRemoved', data: { productId, sku: 'TEA-1KG' } }]);
  });
  it('refuses a SKU the product does not have', () => {
    spec.given([created, tin]).when({ type: 'RemoveProductSku', productId, sku: 'NOPE' }).then({ _tag: 'ProductSkuNotFound', productId, sku: 'NOPE' });
  });
  it('refuses to remove the last priced SKU of a published product', () => {
    spec.given([created, tin, unpriced, published]).when({ type: 'RemoveProductSku', productId, sku: 'TEA-100G' }).then({ _tag: 'ProductNotPublishable', productId, missing: ['PricedSku'] });
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'RemoveProductSku', productId, sku: 'TEA-100G' }).thenFails('ProductNotFound');
  });
});

describe('ChangeProductPrice', () => {
  it('records the new price with the previous one', () => {
    spec
      .given([created, tin])
      .when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(7900) })
      .then([{ type: 'ProductPriceChanged', data: { productId, sku: 'TEA-100G', previous: money(8800), price: money(7900) } }]);
  });
  it('prices an unpriced SKU', () => {
    spec
      .given([created, unpriced])
      .when({ type: 'ChangeProductPrice', productId, sku: 'TEA-1KG', price: money(0) })
      .then([{ type: 'ProductPriceChanged', data: { productId, sku: 'TEA-1KG', previous: null, price: money(0) } }]);
  });
  it('records nothing when the price is the same', () => {
    spec.given([created, tin]).when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(8800) }).then([]);
  });
  it('refuses a negative price', () => {
    spec.given([created, tin]).when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(-5) }).then({ _tag: 'NegativeProductPrice', productId, sku: 'TEA-100G', amount: -5 });
  });
  it('refuses a price in another currency', () => {
    spec.given([created, tin]).when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(5, 'EUR') }).thenFails('PriceCurrencyMismatch', { expected: 'CNY', actual: 'EUR' });
  });
  it('refuses a SKU the product does not have', () => {
    spec.given([created]).when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(1) }).then({ _tag: 'ProductSkuNotFound', productId, sku: 'TEA-100G' });
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'ChangeProductPrice', productId, sku: 'TEA-100G', price: money(1) }).thenFails('ProductNotFound');
  });
});

describe('AddProductImage and RemoveProductImage', () => {
  it('adds an image', () => {
    spec.given([created]).when({ type: 'AddProductImage', ...image.data }).then([image]);
  });
  it('refuses an image id already added', () => {
    spec.given([created, image]).when({ type: 'AddProductImage', ...image.data }).then({ _tag: 'DuplicateProductImage', productId, imageId });
  });
  it('removes an image', () => {
    spec.given([created, image]).when({ type: 'RemoveProductImage', productId, imageId }).then([{ type: 'ProductImageRemoved', data: { productId, imageId } }]);
  });
  it('refuses to remove an image the product does not have', () => {
    spec.given([created]).when({ type: 'RemoveProductImage', productId, imageId }).then({ _tag: 'ProductImageNotFound', productId, imageId });
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'AddProductImage', ...image.data }).thenFails('ProductNotFound');
    spec.given([]).when({ type: 'RemoveProductImage', productId, imageId }).thenFails('ProductNotFound');
  });
});

describe('PublishProduct', () => {
  it('publishes a product with a title and a priced SKU', () => {
    spec.given([created, tin]).when({ type: 'PublishProduct', productId }).then([published]);
  });
  it('is idempotent', () => {
    spec.given([created, tin, published]).when({ type: 'PublishProduct', productId }).then([]);
  });
  it('names everything that is missing', () => {
    const untitled: ProductEvent = { type: 'ProductDetailsRevised', data: { productId, ...details, title: { zh: '', en: '' } } };
    spec.given([created, untitled, unpriced]).when({ type: 'PublishProduct', productId }).then({ _tag: 'ProductNotPublishable', productId, missing: ['Title', 'PricedSku'] });
  });
  it('refuses a product without a priced SKU', () => {
    spec.given([created, unpriced]).when({ type: 'PublishProduct', productId }).then({ _tag: 'ProductNotPublishable', productId, missing: ['PricedSku'] });
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'PublishProduct', productId }).then({ _tag: 'ProductNotFound', productId });
  });
});

describe('UnpublishProduct', () => {
  it('unpublishes a published product', () => {
    spec.given([created, tin, published]).when({ type: 'UnpublishProduct', productId }).then([{ type: 'ProductUnpublished', data: { productId } }]);
  });
  it('records nothing for a draft', () => {
    spec.given([created, tin]).when({ type: 'UnpublishProduct', productId }).then([]);
  });
  it('lets an unpublished product change freely again', () => {
    spec
      .given([created, tin, published, { type: 'ProductUnpublished', data: { productId } }])
      .when({ type: 'RemoveProductSku', productId, sku: 'TEA-100G' })
      .then([{ type: 'ProductSkuRemoved', data: { productId, sku: 'TEA-100G' } }]);
  });
  it('refuses a product that does not exist', () => {
    spec.given([]).when({ type: 'UnpublishProduct', productId }).then({ _tag: 'ProductNotFound', productId });
  });
});
