import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { normaliseContact, normaliseEmail, normalisePhone } from './contact.js';

const value = (e: ReturnType<typeof normaliseContact>) => (E.isRight(e) ? e.right.value : e.left);

describe('normalisePhone', () => {
  it.each([
    '13800138000',
    '138 0013 8000',
    '+86-138-0013-8000',
    '+86 138 0013 8000',
    '0086 13800138000',
    '(+86) 138-0013-8000',
    '１３８００１３８０００',
    '＋８６ １３８ ００１３ ８０００',
    ' 138.0013.8000 ',
    '86 138 0013 8000',
    '8613800138000',
  ])('reads %j as +8613800138000', (raw) => {
    expect(value(normalisePhone(raw))).toBe('+8613800138000');
  });

  it('keeps other countries’ numbers', () => {
    expect(value(normalisePhone('+852 9123 4567'))).toBe('+85291234567');
    expect(value(normalisePhone('+1 (415) 555-2671'))).toBe('+14155552671');
    expect(value(normalisePhone('+44 7911 123456'))).toBe('+447911123456');
  });

  it('uses the default calling code it is given', () => {
    expect(value(normalisePhone('(415) 555-2671', { defaultCallingCode: '1' }))).toBe('+14155552671');
  });

  it.each([
    ['', 'empty'],
    ['12345', 'E.164 numbers have 8 to 15 digits'],
    ['1380013800', 'not a mobile number for +86'],
    ['23800138000', 'not a mobile number for +86'],
    ['010 6552 9988', 'not a mobile number for +86'],
    ['138-0013-800a', 'has characters other than digits'],
    ['+0 123456789', 'no country calling code starts with 0'],
    ['+86 138 0013 8000 1234 5', 'E.164 numbers have 8 to 15 digits'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(normalisePhone(raw)).toEqual(E.left({ _tag: 'InvalidContact', kind: 'phone', reason }));
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['Alice@Example.COM', 'alice@example.com'],
    ['  alice@example.com\t', 'alice@example.com'],
    ['ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'alice@example.com'],
    ['first.last+tag@mail.example.cn', 'first.last+tag@mail.example.cn'],
    ['用户@例子.中国', '用户@例子.中国'],
  ])('reads %j as %j', (raw, expected) => {
    expect(value(normaliseEmail(raw))).toBe(expected);
  });

  it.each(['', 'alice', 'alice@', '@example.com', 'alice@example', 'a b@example.com', '.alice@example.com', 'al..ice@example.com', 'alice@-example.com', 'alice@example.123', `${'a'.repeat(65)}@example.com`])(
    'refuses %j',
    (raw) => {
      const result = normaliseEmail(raw);
      expect(E.isLeft(result) && result.left.kind).toBe('email');
    },
  );
});

describe('normaliseContact', () => {
  it('tells emails from phones', () => {
    expect(normaliseContact('Alice@Example.com')).toEqual(E.right({ kind: 'email', value: 'alice@example.com' }));
    expect(normaliseContact('138 0013 8000')).toEqual(E.right({ kind: 'phone', value: '+8613800138000' }));
  });

  it('is idempotent: a normalised contact normalises to itself', () => {
    const phone = fc.tuple(fc.constantFrom('13', '15', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => a + b);
    const email = fc.emailAddress();
    fc.assert(
      fc.property(fc.oneof(phone, email), (raw) => {
        const once = normaliseContact(raw);
        if (E.isLeft(once)) return;
        expect(normaliseContact(once.right.value)).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
