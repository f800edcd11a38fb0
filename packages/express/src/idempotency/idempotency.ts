import { canonicalJson } from '@shopstream/kernel';
import { z } from 'zod';
import { digest } from '../state/statePort.js';
import type { StatePort } from '../state/statePort.js';

const RECORDS = 'http-idempotency';

export interface IdempotencyOptions {
  /** How long a finished response is kept for replay. */
  readonly retentionMs: number;
  /** How long a request may stay in flight before its key is free again (a crashed host never answers). */
  readonly inFlightMs: number;
}

export const defaultIdempotencyOptions: IdempotencyOptions = { retentionMs: 24 * 3_600_000, inFlightMs: 60_000 };

/** What a replay gives back: exactly the first response's status, the headers that matter and the body. */
export const StoredResponse = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});
export type StoredResponse = z.infer<typeof StoredResponse>;

const Record_ = z.discriminatedUnion('state', [
  z.object({ state: z.literal('inFlight'), fingerprint: z.string() }),
  z.object({ state: z.literal('done'), fingerprint: z.string(), response: StoredResponse }),
]);

export type Claim =
  /** The key is new: go ahead, then `complete` (or `release` on a fault). */
  | { readonly _tag: 'Claimed'; complete(response: StoredResponse): Promise<void>; release(): Promise<void> }
  | { readonly _tag: 'Replay'; readonly response: StoredResponse }
  | { readonly _tag: 'KeyReused' }
  | { readonly _tag: 'InFlight' };

/** The request a key stands for: method, path and canonical body, so any change of payload is a different request. */
export const fingerprintOf = (method: string, path: string, body: unknown): string => digest(method, path, canonicalJson(body ?? null));

export interface IdempotencyRecords {
  claim(scope: string, key: string, fingerprint: string): Promise<Claim>;
}

/**
 * Idempotency records in the shop state store. A claim is a put-if-absent, so of two concurrent requests with
 * one key exactly one runs (on every host sharing the store) and the other sees it in flight.
 */
export const idempotencyRecords = (state: StatePort, options: IdempotencyOptions = defaultIdempotencyOptions): IdempotencyRecords => ({
  claim: async (scope, key, fingerprint) => {
    const id = digest(scope, key);
    for (let tries = 0; tries < 3; tries += 1) {
      if (await state.put(RECORDS, id, { state: 'inFlight', fingerprint }, { ttlMs: options.inFlightMs, ifVersion: 'absent' })) {
        return {
          _tag: 'Claimed',
          complete: async (response) => {
            await state.put(RECORDS, id, { state: 'done', fingerprint, response }, { ttlMs: options.retentionMs });
          },
          release: async () => {
            await state.delete(RECORDS, id);
          },
        };
      }
      const existing = await state.get(RECORDS, id);
      if (existing === null) continue; // expired between the two calls: claim again
      const record = Record_.safeParse(existing.value);
      if (!record.success) return { _tag: 'KeyReused' };
      if (record.data.fingerprint !== fingerprint) return { _tag: 'KeyReused' };
      return record.data.state === 'done' ? { _tag: 'Replay', response: record.data.response } : { _tag: 'InFlight' };
    }
    return { _tag: 'InFlight' };
  },
});
