import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreError, prepareEvents } from '@shopstream/kernel';
import type { ExpectedRevision } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendError, isMissingStream, isTransient } from './errors.js';

const context = { now: () => new Date(), newId: () => crypto.randomUUID() };
const batch = prepareEvents('cart-1', [{ type: 'Small', data: { n: 1 } }, { type: 'Big', data: { blob: 'x'.repeat(5000) } }, { type: 'Small', data: {} }], context);
const expectation: fc.Arbitrary<ExpectedRevision> = fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.nat());

describe("the client's errors", () => {
  it("become WrongExpectedRevision with the server's actual revision and the caller's own expectation", () => {
    fc.assert(
      fc.property(expectation, fc.option(fc.nat(), { nil: null }), (expected, actual) => {
        const conflict = new WrongExpectedVersionError(undefined, { streamName: 'shop.cart-1', expected: 3n, current: actual === null ? NO_STREAM : BigInt(actual) });
        const error = appendError(conflict, { stream: 'cart-1', expected, batch });
        expect(error).toBeInstanceOf(EventStoreError);
        expect((error as EventStoreError).detail).toEqual({ _tag: 'WrongExpectedRevision', stream: 'cart-1', expected, actual: actual ?? -1 });
      }),
    );
  });

  it('turn an append over the server size limit into InvalidEvent naming the largest event', () => {
    const error = appendError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), { stream: 'cart-1', expected: 'any', batch });
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as EventStoreError).detail).toMatchObject({ _tag: 'InvalidEvent', stream: 'cart-1', index: 1, type: 'Big' });
    expect((error as EventStoreError).message).toContain('1024 bytes');
  });

  it('refuse a tombstoned stream as a stream that cannot be written', () => {
    const error = appendError(StreamDeletedError.fromStreamName('shop.cart-1'), { stream: 'cart-1', expected: 'any', batch });
    expect((error as EventStoreError).detail).toMatchObject({ _tag: 'InvalidStreamName', stream: 'cart-1' });
  });

  it('leave faults as the client threw them, so callers can still tell an outage from a refusal', () => {
    const faults = [new UnavailableError(undefined, 'down'), new DeadlineExceededError(), new AccessDeniedError(), new Error('socket hang up'), 'a string'];
    for (const fault of faults) expect(appendError(fault, { stream: 'cart-1', expected: 'any', batch })).toBe(fault);
    expect(isTransient(new UnavailableError())).toBe(true);
    expect(isTransient(new DeadlineExceededError())).toBe(true);
    expect(isTransient(new AccessDeniedError())).toBe(false);
    expect(isTransient(new Error('x'))).toBe(false);
  });

  it('read a stream that is not there as an empty stream, and nothing else', () => {
    expect(isMissingStream(new StreamNotFoundError(undefined, 'shop.cart-1'))).toBe(true);
    expect(isMissingStream(StreamDeletedError.fromStreamName('shop.cart-1'))).toBe(false);
    expect(isMissingStream(new UnavailableError())).toBe(false);
  });
});
