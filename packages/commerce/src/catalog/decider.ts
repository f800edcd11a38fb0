import type { Decider } from '@shopstream/kernel';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { match } from 'ts-pattern';
import type { Currency, Money } from '../shared/money.js';
import type { ProductCommand } from './commands.js';
import type { ProductError, PublishRequirement } from './errors.js';
import type { ProductEvent } from './events.js';
import type { Attributes, LocalizedText } from './values.js';
import { hasText } from './values.js';

export interface ProductSku {
  readonly sku: string;
  readonly attributes: Attributes;
  readonly price: Money | null;
}

export interface ProductImage {
  readonly imageId: string;
  readonly url: string;
  readonly alt: LocalizedText;
}

/** A product that exists. `draft` covers both never published and unpublished again. */
export interface Product {
  readonly status: 'draft' | 'published';
  readonly productId: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly brandId: string | null;
  readonly categoryIds: readonly string[];
  readonly attributes: Attributes;
  readonly currency: Currency;
  /** In the order they were added. */
  readonly skus: readonly ProductSku[];
  readonly images: readonly ProductImage[];
}

export type ProductState = { readonly status: 'none' } | Product;

/** What the product still lacks to be sold; empty when it may be published. */
export const missingForPublish = (product: Pick<Product, 'title' | 'skus'>): PublishRequirement[] => [
  ...(hasText(product.title) ? [] : (['Title'] as const)),
  ...(product.skus.some((s) => s.price !== null) ? [] : (['PricedSku'] as const)),
];

const exists = (state: ProductState): state is Product => state.status !== 'none';

const onProduct = (state: ProductState, productId: string, change: (product: Product) => Product): ProductState =>
  exists(state) && state.productId === productId ? change(state) : state;

const evolve = (state: ProductState, event: ProductEvent): ProductState =>
  match(event)
    .returnType<ProductState>()
    .with({ type: 'ProductCreated' }, ({ data }) => ({ status: 'draft', ...data, skus: [], images: [] }))
    .with({ type: 'ProductDetailsRevised' }, ({ data }) => onProduct(state, data.productId, (p) => ({ ...p, ...data })))
    .with({ type: 'ProductSkuAdded' }, ({ data: { productId, ...sku } }) =>
      onProduct(state, productId, (p) => ({ ...p, skus: [...p.skus.filter((s) => s.sku !== sku.sku), sku] })),
    )
    .with({ type: 'ProductSkuRemoved' }, ({ data }) =>
      onProduct(state, data.productId, (p) => ({ ...p, skus: p.skus.filter((s) => s.sku !== data.sku) })),
    )
    .with({ type: 'ProductPriceChanged' }, ({ data }) =>
      onProduct(state, data.productId, (p) => ({ ...p, skus: p.skus.map((s) => (s.sku === data.sku ? { ...s, price: data.price } : s)) })),
    )
    .with({ type: 'ProductImageAdded' }, ({ data: { productId, ...image } }) =>
      onProduct(state, productId, (p) => ({ ...p, images: [...p.images.filter((i) => i.imageId !== image.imageId), image] })),
    )
    .with({ type: 'ProductImageRemoved' }, ({ data }) =>
      onProduct(state, data.productId, (p) => ({ ...p, images: p.images.filter((i) => i.imageId !== data.imageId) })),
    )
    .with({ type: 'ProductPublished' }, ({ data }) => onProduct(state, data.productId, (p) => ({ ...p, status: 'published' })))
    .with({ type: 'ProductUnpublished' }, ({ data }) => onProduct(state, data.productId, (p) => ({ ...p, status: 'draft' })))
    .exhaustive();

type Decision = Either<ProductError, readonly ProductEvent[]>;

const accept = (...events: ProductEvent[]): Decision => E.right(events);
const reject = (error: ProductError): Decision => E.left(error);

/** A price the product can carry: not negative and in the product's currency. */
const checkPrice = (product: Product, sku: string, price: Money): ProductError | null => {
  if (price.amount < 0) return { _tag: 'NegativeProductPrice', productId: product.productId, sku, amount: price.amount };
  if (price.currency !== product.currency) {
    return { _tag: 'PriceCurrencyMismatch', productId: product.productId, expected: product.currency, actual: price.currency };
  }
  return null;
};

/** A published product must stay sellable; a change that would break that is refused, not half-applied. */
const keepsPublishable = (product: Product, after: Pick<Product, 'title' | 'skus'>, events: ProductEvent[]): Decision => {
  const missing = product.status === 'published' ? missingForPublish(after) : [];
  return missing.length > 0 ? reject({ _tag: 'ProductNotPublishable', productId: product.productId, missing }) : accept(...events);
};

const decideOn = (command: Exclude<ProductCommand, { type: 'CreateProduct' }>, product: Product): Decision => {
  const { productId } = product;
  return match(command)
    .returnType<Decision>()
    .with({ type: 'ReviseProductDetails' }, ({ type: _, ...details }) =>
      keepsPublishable(product, { title: details.title, skus: product.skus }, [{ type: 'ProductDetailsRevised', data: details }]),
    )
    .with({ type: 'AddProductSku' }, ({ sku, attributes, price }) => {
      if (product.skus.some((s) => s.sku === sku)) return reject({ _tag: 'DuplicateProductSku', productId, sku });
      const invalid = price === null ? null : checkPrice(product, sku, price);
      return invalid ? reject(invalid) : accept({ type: 'ProductSkuAdded', data: { productId, sku, attributes, price } });
    })
    .with({ type: 'RemoveProductSku' }, ({ sku }) => {
      if (!product.skus.some((s) => s.sku === sku)) return reject({ _tag: 'ProductSkuNotFound', productId, sku });
      const skus = product.skus.filter((s) => s.sku !== sku);
      return keepsPublishable(product, { title: product.title, skus }, [{ type: 'ProductSkuRemoved', data: { productId, sku } }]);
    })
    .with({ type: 'ChangeProductPrice' }, ({ sku, price }) => {
      const current = product.skus.find((s) => s.sku === sku);
      if (!current) return reject({ _tag: 'ProductSkuNotFound', productId, sku });
      const invalid = checkPrice(product, sku, price);
      if (invalid) return reject(invalid);
      if (current.price?.amount === price.amount) return accept();
      return accept({ type: 'ProductPriceChanged', data: { productId, sku, previous: current.price, price } });
    })
    .with({ type: 'AddProductImage' }, ({ imageId, url, alt }) =>
      product.images.some((i) => i.imageId === imageId)
        ? reject({ _tag: 'DuplicateProductImage', productId, imageId })
        : accept({ type: 'ProductImageAdded', data: { productId, imageId, url, alt } }),
    )
    .with({ type: 'RemoveProductImage' }, ({ imageId }) =>
      product.images.some((i) => i.imageId === imageId)
        ? accept({ type: 'ProductImageRemoved', data: { productId, imageId } })
        : reject({ _tag: 'ProductImageNotFound', productId, imageId }),
    )
    .with({ type: 'PublishProduct' }, () => {
      if (product.status === 'published') return accept();
      const missing = missingForPublish(product);
      return missing.length > 0 ? reject({ _tag: 'ProductNotPublishable', productId, missing }) : accept({ type: 'ProductPublished', data: { productId } });
    })
    .with({ type: 'UnpublishProduct' }, () => (product.status === 'published' ? accept({ type: 'ProductUnpublished', data: { productId } }) : accept()))
    .exhaustive();
};

const decide = (command: ProductCommand, state: ProductState): Decision => {
  if (command.type === 'CreateProduct') {
    if (exists(state)) return reject({ _tag: 'ProductAlreadyExists', productId: command.productId });
    const { type: _, ...data } = command;
    return accept({ type: 'ProductCreated', data });
  }
  // A command routed to another product's stream is as good as a command for a product that does not exist.
  if (!exists(state) || state.productId !== command.productId) return reject({ _tag: 'ProductNotFound', productId: command.productId });
  return decideOn(command, state);
};

/** A product with its SKUs, prices, images and publication. Stream: `product-<productId>`. */
export const productDecider: Decider<ProductState, ProductCommand, ProductEvent, ProductError> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide: (command, state) => decide(command, state),
};
