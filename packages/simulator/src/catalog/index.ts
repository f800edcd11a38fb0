export { demoBrands, demoCategories, demoProducts } from './demoCatalog.js';
export type { DemoBrand, DemoCategory, DemoProduct } from './demoCatalog.js';
export { brandIdOf, categoryIdOf, demoCatalog, namedUuid, productIdOf, seedCatalog } from './seed.js';
export type { CatalogToSeed, SeedOptions, SeedResult, SeededProduct } from './seed.js';
