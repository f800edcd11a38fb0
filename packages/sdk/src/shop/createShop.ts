import type { Shop } from '../facade/shop.js';
import type { ShopConfig } from './config.js';

/** Wires a shop: stores, domain, read models, processes and providers. Nothing runs until `start()`. */
export const createShop = async (config: ShopConfig = {}): Promise<Shop> => {
  void config;
  throw new Error('createShop: not implemented yet');
};
