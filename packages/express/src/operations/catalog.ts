import { z } from 'zod';
import { Money } from '@shopstream/commerce';
import { Attributes, LocalizedText } from '@shopstream/commerce/catalog';
import { CouponCode, CouponTerms } from '@shopstream/commerce/promotion';
import { ViewSource } from '@shopstream/commerce/behaviour';
import type { ProductSearch } from '@shopstream/sdk';
import { isStaff } from '../auth/access.js';
import { problem } from '../problem/problem.js';
import type { RouteContext } from '../routing/context.js';
import { ok, refused, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { Done, Id, JsonObject, List, Page, PageQuery, QueryBoolean, callOptions, foundOr, fromEither, pageOf } from './support.js';

const Sku = z.string().min(1).max(64);
const SkuInput = z.strictObject({ sku: Sku, attributes: Attributes.optional(), price: Money.nullable().optional() });
const ImageInput = z.strictObject({ url: z.url().max(2048), alt: LocalizedText.optional() });

const NewProduct = z.strictObject({
  productId: z.uuid().optional(),
  title: LocalizedText,
  description: LocalizedText.optional(),
  brandId: Id.nullable().optional(),
  categoryIds: z.array(Id).max(20).optional(),
  attributes: Attributes.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  skus: z.array(SkuInput).max(200).optional(),
  images: z.array(ImageInput).max(20).optional(),
  publish: z.boolean().optional(),
});

const ProductChanges = z.strictObject({
  title: LocalizedText.optional(),
  description: LocalizedText.optional(),
  brandId: Id.nullable().optional(),
  categoryIds: z.array(Id).max(20).optional(),
  attributes: Attributes.optional(),
  addSkus: z.array(SkuInput).max(200).optional(),
  removeSkus: z.array(Sku).max(200).optional(),
  prices: z.array(z.strictObject({ sku: Sku, price: Money })).max(200).optional(),
  addImages: z.array(ImageInput).max(20).optional(),
  removeImages: z.array(z.string().min(1).max(2048)).max(20).optional(),
});

const ProductParams = z.strictObject({ productId: Id });

type SearchSort = NonNullable<ProductSearch['sort']>;
/** A record, so that a sort the search model adds does not compile here until the query accepts it. */
const SORTS: Readonly<Record<SearchSort, true>> = { relevance: true, price_asc: true, price_desc: true, sales: true, rating: true, newest: true };

const SearchQuery = PageQuery.extend({
  text: z.string().trim().min(1).max(200).optional(),
  category: Id.optional(),
  brand: Id.optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  inStock: QueryBoolean.optional(),
  sort: z.enum(Object.keys(SORTS) as [SearchSort, ...SearchSort[]]).optional(),
});

/** Drops absent keys: the facade's optional fields are not meant to receive `undefined`. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** searchProducts, getProduct, listCategories, createProduct, updateProduct, publishProduct, receiveStock, createCoupon, recordProductView. */
export const catalogRoutes = ({ shop }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'searchProducts',
    method: 'get',
    path: '/products',
    summary: 'Search published products by text, category, brand, price and stock',
    tag: 'catalog',
    access: 'public',
    query: SearchQuery,
    response: Page,
    errors: [],
    handler: async ({ query }) => fromEither(await shop.search.products(defined({ ...query, ...pageOf(query) }))),
  }),
  route({
    operationId: 'getProduct',
    method: 'get',
    path: '/products/:productId',
    summary: 'A published product (staff also see drafts)',
    tag: 'catalog',
    access: 'public',
    params: ProductParams,
    response: JsonObject,
    errors: [404],
    handler: async ({ params, caller }) => foundOr(await shop.catalog.product(params.productId, { includeDrafts: isStaff(caller) }), 'product', params.productId),
  }),
  route({
    operationId: 'listCategories',
    method: 'get',
    path: '/categories',
    summary: 'The live categories',
    tag: 'catalog',
    access: 'public',
    response: List,
    handler: async () => ok({ items: await shop.catalog.categories() }),
  }),
  route({
    operationId: 'createProduct',
    method: 'post',
    path: '/products',
    summary: 'Create a product (optionally published at once)',
    tag: 'catalog',
    access: 'admin',
    body: NewProduct,
    response: JsonObject,
    status: 201,
    errors: [403, 409, 422],
    handler: async (input) => fromEither(await shop.catalog.createProduct(defined(input.body), callOptions(input)), (product) => product, 201),
  }),
  route({
    operationId: 'updateProduct',
    method: 'patch',
    path: '/products/:productId',
    summary: 'Change a product; absent fields stay as they are',
    tag: 'catalog',
    access: 'admin',
    params: ProductParams,
    body: ProductChanges,
    response: JsonObject,
    errors: [403, 404, 409, 422],
    handler: async (input) => fromEither(await shop.catalog.updateProduct(input.params.productId, defined(input.body), callOptions(input))),
  }),
  route({
    operationId: 'publishProduct',
    method: 'post',
    path: '/products/:productId/publish',
    summary: 'Publish a product: it must have a title and a priced SKU',
    tag: 'catalog',
    access: 'admin',
    params: ProductParams,
    response: JsonObject,
    errors: [403, 404, 422],
    handler: async (input) => fromEither(await shop.catalog.publishProduct(input.params.productId, callOptions(input))),
  }),
  route({
    operationId: 'receiveStock',
    method: 'post',
    path: '/inventory/receipts',
    summary: 'Receive a delivery of stock; a repeated reference is received once',
    tag: 'catalog',
    access: 'admin',
    body: z.strictObject({ sku: Sku, quantity: z.number().int().positive().max(1_000_000), reference: z.string().min(1).max(128).nullable().optional() }),
    response: JsonObject,
    errors: [403, 422],
    handler: async (input) => fromEither(await shop.inventory.receiveStock(defined(input.body), callOptions(input))),
  }),
  route({
    operationId: 'createCoupon',
    method: 'post',
    path: '/coupons',
    summary: 'Create a coupon',
    tag: 'catalog',
    access: 'admin',
    body: z.strictObject({ code: CouponCode, terms: CouponTerms }),
    response: JsonObject,
    status: 201,
    errors: [403, 409, 422],
    handler: async (input) => fromEither(await shop.promotion.createCoupon(input.body, callOptions(input)), (coupon) => coupon, 201),
  }),
  route({
    operationId: 'recordProductView',
    method: 'post',
    path: '/products/:productId/views',
    summary: 'Record that a shopper looked at a product (signed in, or by an anonymous session id)',
    tag: 'catalog',
    access: 'public',
    params: ProductParams,
    body: z.strictObject({ sessionId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(), source: ViewSource.optional() }),
    response: Done,
    status: 202,
    handler: async (input) => {
      const subject =
        input.caller !== undefined ? { kind: 'customer' as const, id: input.caller.userId } : input.body.sessionId === undefined ? undefined : { kind: 'session' as const, id: input.body.sessionId };
      if (subject === undefined) {
        return refused(problem(400, 'ValidationFailed', 'sign in, or send an anonymous sessionId', { code: 'ValidationFailed', invalidParams: [{ in: 'body', name: 'sessionId', reason: 'required when not signed in' }] }));
      }
      const viewed = { subject, productId: input.params.productId, ...(input.body.source === undefined ? {} : { source: input.body.source }) };
      return fromEither(await shop.behaviour.recordProductView(viewed, callOptions(input)), () => ({ done: true }), 202);
    },
  }),
];
