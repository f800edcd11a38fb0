import { EventStoreError, checkStreamName, matchesFilter } from '@shopstream/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIM_CATEGORY, checkEventTypes, checkNotReserved, escapeRegex, serverFilter, streamNames } from './streamNames.js';

// The server's filters are .NET regular expressions; these use only what .NET and JavaScript read alike (anchors,
// groups, alternation, lookahead, escaped literals), so JavaScript can check them. Names and types without line
// breaks, where .NET's `$` (which also matches before a final newline) and JavaScript's agree.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('-', '.', '$', '*', '(', '|', '\\', '[', '^', '?', '+', '{', '}', ' ', '商', '🧧'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }).filter((s) => !/[\n\r\u2028\u2029]/.test(s));
const category = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('cart', 'order', 'a.b', 'a(b|c)', CLAIM_CATEGORY, `x.${CLAIM_CATEGORY}`) },
  { weight: 1, arbitrary: text.filter((s) => !s.includes('-')) },
);
const portStream = fc
  .tuple(category, fc.option(text, { nil: undefined }))
  .map(([c, id]) => (id === undefined ? c : `${c}-${id}`))
  .filter((s) => {
    try {
      checkStreamName(s);
      checkNotReserved(s);
      return true;
    } catch {
      return false;
    }
  });
const namespace = fc.option(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), { nil: undefined });
/** Names as they may appear on a shared server: other namespaces, system streams, claims. */
const serverStream = fc.oneof(
  fc.tuple(namespace, portStream).map(([ns, s]) => streamNames(ns).toServer(s)),
  fc.tuple(namespace, fc.uuid()).map(([ns, id]) => streamNames(ns).claimStream(id)),
  fc.constantFrom('$all', '$$cart-1', '$ce-cart', '$et-ItemAdded', '$projections-$all', 'ns.$x'),
  text.filter((s) => s.length > 0),
);

describe('stream names on the server', () => {
  it('come back as the same port name, in every namespace', () => {
    fc.assert(
      fc.property(namespace, portStream, (ns, stream) => {
        const names = streamNames(ns);
        expect(names.fromServer(names.toServer(stream))).toBe(stream);
      }),
    );
  });

  it("leave other namespaces' streams, system streams and id claims out of a namespaced store's view", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), serverStream, (ns, server) => {
        const stream = streamNames(ns).fromServer(server);
        if (stream !== null) {
          expect(server).toBe(`${ns}.${stream}`);
          expect(stream.startsWith('$')).toBe(false);
        }
      }),
    );
    const names = streamNames('shop1');
    expect(names.fromServer(names.claimStream('6f1c0000-0000-4000-8000-000000000000'))).toBeNull();
    expect(names.fromServer(streamNames('shop2').toServer('cart-1'))).toBeNull();
    expect(names.fromServer('$ce-shop1.cart')).toBeNull();
    expect(streamNames().fromServer(names.claimStream('6f1c0000-0000-4000-8000-000000000000'))).toBeNull();
    expect(streamNames().fromServer('shop1.cart-1')).toBe('shop1.cart-1');
  });

  it("let the server's stream filter through exactly the streams of the view", () => {
    fc.assert(
      fc.property(namespace, serverStream, (ns, server) => {
        const names = streamNames(ns);
        const inView = names.fromServer(server) !== null;
        const matched = new RegExp(names.streamRegex()).test(server);
        // The name that is the namespace alone is let through and dropped by the store: the server filter may be wider, never narrower.
        expect(matched).toBe(inView || server === `${ns}.`);
      }),
    );
  });

  it('let the server filter on categories through exactly the streams the port filter takes', () => {
    fc.assert(
      fc.property(namespace, portStream, fc.array(category, { minLength: 1, maxLength: 3 }), (ns, stream, categories) => {
        const names = streamNames(ns);
        const filter = serverFilter(names, { streamCategories: categories });
        if (filter === 'nothing') throw new Error('a non-empty list is a filter');
        expect(filter.on).toBe('streamName');
        expect(new RegExp(filter.regex).test(names.toServer(stream))).toBe(matchesFilter({ streamCategories: categories }, stream, 'T'));
      }),
    );
  });

  it('filter on event types on the server when the port filter names types, exactly those types', () => {
    fc.assert(
      fc.property(fc.array(text.filter((s) => s.length > 0), { minLength: 1, maxLength: 4 }), text, (types, type) => {
        const filter = serverFilter(streamNames(), { eventTypes: types, streamCategories: ['cart'] });
        if (filter === 'nothing') throw new Error('a non-empty list is a filter');
        expect(filter.on).toBe('eventType');
        for (const candidate of [type, ...types]) expect(new RegExp(filter.regex).test(candidate)).toBe(types.includes(candidate));
      }),
    );
  });

  it('ask the server nothing for a filter with an empty list, and everything in view for none', () => {
    const names = streamNames('t');
    expect(serverFilter(names, { eventTypes: [] })).toBe('nothing');
    expect(serverFilter(names, { streamCategories: [], eventTypes: ['A'] })).toBe('nothing');
    expect(serverFilter(names, undefined)).toEqual({ on: 'streamName', regex: names.streamRegex() });
  });

  it('escape any literal so that it matches itself and nothing longer', () => {
    fc.assert(
      fc.property(text, (literal) => {
        const exact = new RegExp(`^${escapeRegex(literal)}$`);
        expect(exact.test(literal)).toBe(true);
        expect(exact.test(`${literal}x`)).toBe(false);
      }),
    );
  });

  it('refuse a namespace that could run into a stream name or a regular expression', () => {
    for (const bad of ['', 'a.b', 'a-b', '$x', 'x'.repeat(65), 'with space']) expect(() => streamNames(bad)).toThrow(TypeError);
    expect(() => streamNames('shop_1')).not.toThrow();
  });

  it("refuse port streams in the claims' category and event types the server keeps for itself, as typed errors", () => {
    const thrown = (act: () => void): unknown => {
      try {
        act();
      } catch (error) {
        return error;
      }
      return null;
    };
    for (const stream of [`${CLAIM_CATEGORY}-1`, `x.${CLAIM_CATEGORY}-1`, CLAIM_CATEGORY]) {
      const error = thrown(() => checkNotReserved(stream));
      expect(error).toBeInstanceOf(EventStoreError);
      expect((error as EventStoreError).detail).toMatchObject({ _tag: 'InvalidStreamName', stream });
    }
    expect(() => checkNotReserved(`${CLAIM_CATEGORY}x-1`)).not.toThrow();
    const error = thrown(() => checkEventTypes('cart-1', ['ItemAdded', '$metadata']));
    expect(error).toBeInstanceOf(EventStoreError);
    expect((error as EventStoreError).detail).toMatchObject({ _tag: 'InvalidEvent', index: 1, type: '$metadata' });
    expect(() => checkEventTypes('cart-1', ['Item$Added'])).not.toThrow();
  });
});
