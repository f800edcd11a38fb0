import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from './signature.js';

const secret = 'whsec_0123456789abcdef';
const now = new Date('2026-11-25T10:00:00.000Z');
const t = Math.floor(now.getTime() / 1000);

describe('webhook signatures', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in the documented header format', () => {
    // Independently computed: printf '1795600800.{"a":1}' | openssl dgst -sha256 -hmac whsec_0123456789abcdef
    const header = signWebhookPayload(secret, '{"a":1}', t);
    expect(header).toBe('t=1795600800,v1=3a32ed2a0cf6c9245bd41bec4dc6f086295633c600f52946928004492c38592d');
    expect(verifyWebhookSignature('{"a":1}', header, secret, { now })).toEqual(E.right({ timestampSec: t }));
  });

  it('verifies what it signed, and nothing else (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ minLength: 16, maxLength: 40 }), fc.nat(), (body, key, flip) => {
        const header = signWebhookPayload(key, body, t);
        expect(E.isRight(verifyWebhookSignature(body, header, key, { now }))).toBe(true);
        expect(verifyWebhookSignature(body, header, `${key}x`, { now })).toEqual(E.left({ _tag: 'SignatureMismatch' }));
        if (body.length > 0) {
          const tampered = Uint8Array.from(body);
          const at = flip % body.length;
          tampered[at] = (tampered[at] ?? 0) ^ 1;
          expect(verifyWebhookSignature(tampered, header, key, { now })).toEqual(E.left({ _tag: 'SignatureMismatch' }));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a missing, malformed or stale header, and a timestamp moved to dodge the tolerance', () => {
    expect(verifyWebhookSignature('{}', undefined, secret)).toEqual(E.left({ _tag: 'SignatureMissing' }));
    expect(verifyWebhookSignature('{}', 'v1=abc', secret, { now })).toMatchObject(E.left({ _tag: 'SignatureMalformed' }));
    expect(verifyWebhookSignature('{}', `t=${t}`, secret, { now })).toMatchObject(E.left({ _tag: 'SignatureMalformed' }));
    const old = signWebhookPayload(secret, '{}', t - 301);
    expect(verifyWebhookSignature('{}', old, secret, { now })).toEqual(E.left({ _tag: 'SignatureTooOld', timestampSec: t - 301, nowSec: t, toleranceSec: 300 }));
    expect(E.isRight(verifyWebhookSignature('{}', old, secret, { now, toleranceSec: 600 }))).toBe(true);
    const moved = old.replace(`t=${t - 301}`, `t=${t}`);
    expect(verifyWebhookSignature('{}', moved, secret, { now })).toEqual(E.left({ _tag: 'SignatureMismatch' }));
  });

  it('accepts any one of several v1 signatures (a secret being rotated)', () => {
    const withOld = signWebhookPayload('old-secret-0123456789', '{}', t);
    const withNew = signWebhookPayload(secret, '{}', t);
    const both = `${withOld},${withNew.split(',')[1] ?? ''}`;
    expect(E.isRight(verifyWebhookSignature('{}', both, secret, { now }))).toBe(true);
    expect(E.isRight(verifyWebhookSignature('{}', both, 'old-secret-0123456789', { now }))).toBe(true);
    expect(E.isLeft(verifyWebhookSignature('{}', both, 'third-secret-0123456789', { now }))).toBe(true);
  });
});
