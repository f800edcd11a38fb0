import { createHash } from 'node:crypto';
import type { JsonValue } from '@shopstream/kernel';

/**
 * The part of the shop state store (`ShopStateStore` in the SDK) the HTTP layer uses. Declared here by shape,
 * so the middlewares can be tested on any store and the SDK's stores fit without an adapter.
 */
export interface StatePort {
  get(namespace: string, key: string): Promise<{ readonly value: JsonValue; readonly version: number; readonly expiresAt: number | null } | null>;
  put(namespace: string, key: string, value: JsonValue, options?: { readonly ttlMs?: number; readonly ifVersion?: number | 'absent' }): Promise<boolean>;
  delete(namespace: string, key: string, options?: { readonly ifVersion?: number }): Promise<boolean>;
  increment(namespace: string, key: string, options: { readonly by?: number; readonly ttlMs: number }): Promise<number>;
  list(namespace: string, options?: { readonly prefix?: string; readonly limit?: number }): Promise<readonly { readonly key: string; readonly value: JsonValue }[]>;
}

/** Keys hold digests, never the text they stand for: a session token, an e-mail, an IP stay out of the store. */
export const digest = (...parts: readonly string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex');
