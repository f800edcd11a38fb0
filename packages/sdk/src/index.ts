// Creating a shop
export { createShop } from './shop/createShop.js';
export { EMBEDDED_FILES } from './shop/storage.js';
export type { ShopConfig, ShopSecrets, StorageConfig } from './shop/config.js';
export type { SandboxPages } from './shop/providers.js';

// The shop and its facade
export type { Shop, ShopHealth, ShopHook, ShopStatus } from './facade/shop.js';
export type { CallOptions, Outcome, PageRequest, RequestMetadata } from './facade/call.js';
export type { FacadeError, ShopEntity, ShopError, ShopErrorTag } from './facade/errors.js';
export type { AccountAddress, AccountCloser, AccountPaymentMethod, AccountsFacade, IdentityFacade, PaymentMethodInput, ShopRole } from './facade/identity/api.js';
export type { NotificationsFacade, NotificationsToMark } from './facade/identity/notificationsApi.js';
export type {
  BrandView,
  CatalogFacade,
  CategoryView,
  ImageInput,
  InventoryFacade,
  NewProduct,
  ProductChanges,
  PromotionFacade,
  SkuInput,
} from './facade/catalog/api.js';
export type { CartFacade, CartView, CheckoutAddress, CheckoutFacade, CheckoutRequest } from './facade/cart/api.js';
export type { AtRevision, OrderCanceller, OrderEventListener, OrderListFilter, OrdersFacade, OrderTimelineEntry, OrderView, RiskHoldView, Viewer } from './facade/orders/api.js';
export type { DebtRetry, MoneyOwedPage, MoneyOwedRequest, PaymentsFacade, StartPaymentInput } from './facade/payments/api.js';
export type { ShipOrderInput, ShippingFacade, TrackingFacade } from './facade/shipping/api.js';
export type { AfterSalesFacade, CaseDecision, CaseListFilter, CaseResolution, OpenCaseInput } from './facade/afterSales/api.js';
export type { AuthoredReview, PostReviewInput, ProductReviewsPage, PublicReview, RatingSummary, ReviewRemoval, ReviewsFacade, ShownWords } from './facade/reviews/api.js';
export type { BehaviourFacade } from './facade/behaviour/api.js';
export type {
  ProductSearch,
  ReadModelPage,
  RecommendationsFacade,
  ReportsFacade,
  RiskDecision,
  RiskFacade,
  RiskHoldRefusal,
  ProductRecommendations,
  SearchFacade,
} from './facade/insights/api.js';
export type { SandboxCallOptions, ShopSandbox } from './facade/sandbox/api.js';

// Shop state, keys and webhooks (the parts the shop wires, for hosts that use them on their own)
export { memoryStateStore, sqliteStateStore } from './state/index.js';
export type { ShopStateStore, StateEntry } from './state/index.js';
export { KeyStoreError, generateMasterKey, isKeyStoreError, memoryKeyStore, newDataKey, embeddedKeyStore, sqliteKeyStore } from './keys/index.js';
export type { DataKey, KeyReader, KeyStore, KeyStoreErrorDetail, PersistentKeyStore } from './keys/index.js';
export { KEY_STORE_FILE, PersistentKeyStoreError, isPersistentKeyStoreError, openEmbeddedKeyFile, openKeyFile, readMasterKey, sqliteKeyReader } from './keys/index.js';
export type { KeyFile, KeyFileOptions, PersistentKeyStoreErrorDetail } from './keys/index.js';
export { signWebhookPayload, verifyWebhookSignature } from './webhooks/index.js';
export type { WebhookEndpoint, WebhookOutbox } from './webhooks/index.js';
