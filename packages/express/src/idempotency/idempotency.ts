import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
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

/** A finished response as stored: AES-256-GCM under the request's own key (see `requestKeys`), base64. */
const SealedResponse = z.object({ iv: z.string(), data: z.string(), tag: z.string() });
type SealedResponse = z.infer<typeof SealedResponse>;

const Record_ = z.discriminatedUnion('state', [
  z.object({ state: z.literal('inFlight'), fingerprint: z.string() }),
  z.object({ state: z.literal('done'), fingerprint: z.string(), sealed: SealedResponse }),
]);

export type Claim =
  /** The key is new: go ahead, then `complete` (or `release` on a fault). */
  | { readonly _tag: 'Claimed'; complete(response: StoredResponse): Promise<void>; release(): Promise<void> }
  | { readonly _tag: 'Replay'; readonly response: StoredResponse }
  | { readonly _tag: 'KeyReused' }
  | { readonly _tag: 'InFlight' };

/** The request a key stands for: method, path and body (canonical), so any change of payload is a different request. */
export interface IdempotentRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

const INFO = 'shopstream idempotency v1';

/**
 * The keys of one (scope, Idempotency-Key) pair, derived with HKDF-SHA256 from the client's key: one fingerprints
 * the request (HMAC), the other seals its response. The store never holds the client's key (records are filed under
 * a hash of it), so what it holds cannot be read without it: a response body (which may hold personal data) is
 * ciphertext, and the fingerprint of a body (an address, a phone number) cannot be confirmed by hashing guesses.
 * As strong as the client's keys are unguessable: the API asks for random ones (UUIDs).
 */
const requestKeys = (scope: string, key: string): { readonly fingerprint: Buffer; readonly seal: Buffer } => {
  const material = Buffer.from(hkdfSync('sha256', key, scope, INFO, 64));
  return { fingerprint: material.subarray(0, 32), seal: material.subarray(32) };
};

const fingerprintWith = (key: Buffer, request: IdempotentRequest): string =>
  createHmac('sha256', key).update(`${request.method}\u0000${request.path}\u0000${canonicalJson(request.body ?? null)}`).digest('hex');

const sealWith = (key: Buffer, response: StoredResponse): SealedResponse => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
};

/** The stored response, or null when it does not open (tampered, or not this key's): no replay is better than a wrong one. */
const openWith = (key: Buffer, sealed: SealedResponse): StoredResponse | null => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    const response = StoredResponse.safeParse(JSON.parse(text));
    return response.success ? response.data : null;
  } catch {
    return null;
  }
};

export interface IdempotencyRecords {
  claim(scope: string, key: string, request: IdempotentRequest): Promise<Claim>;
}

/**
 * Idempotency records in the shop state store. A claim is a put-if-absent, so of two concurrent requests with
 * one key exactly one runs (on every host sharing the store) and the other sees it in flight. What a record holds
 * is keyed by the client's Idempotency-Key (`requestKeys`): a response is kept sealed, never in clear.
 */
export const idempotencyRecords = (state: StatePort, options: IdempotencyOptions = defaultIdempotencyOptions): IdempotencyRecords => ({
  claim: async (scope, key, request) => {
    const id = digest(scope, key);
    const keys = requestKeys(scope, key);
    const fingerprint = fingerprintWith(keys.fingerprint, request);
    for (let tries = 0; tries < 3; tries += 1) {
      if (await state.put(RECORDS, id, { state: 'inFlight', fingerprint }, { ttlMs: options.inFlightMs, ifVersion: 'absent' })) {
        return {
          _tag: 'Claimed',
          complete: async (response) => {
            await state.put(RECORDS, id, { state: 'done', fingerprint, sealed: sealWith(keys.seal, response) }, { ttlMs: options.retentionMs });
          },
          release: async () => {
            await state.delete(RECORDS, id);
          },
        };
      }
      const existing = await state.get(RECORDS, id);
      if (existing === null) continue; // expired between the two calls: claim again
      const record = Record_.safeParse(existing.value);
      // A record this code cannot read (written by an older version, or damaged) stands for some other request.
      if (!record.success || record.data.fingerprint !== fingerprint) return { _tag: 'KeyReused' };
      if (record.data.state === 'inFlight') return { _tag: 'InFlight' };
      const response = openWith(keys.seal, record.data.sealed);
      return response === null ? { _tag: 'KeyReused' } : { _tag: 'Replay', response };
    }
    return { _tag: 'InFlight' };
  },
});
