import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { termsOf } from './cache.js';
import { tokenize } from './tokenize.js';

const pieces = ['华为', '手机', '笔记本电脑', 'Mate', '60', ' ', 'ＭＡＴＥ６０', 'iPhone15', '-', '1.5匹', '降噪耳机', 'pro'];
const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));

describe('termsOf', () => {
  it('property: gives what tokenize gives, asked once or again', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(texts, fc.string({ maxLength: 12 })), { maxLength: 20 }), (asked) => {
        for (const text of [...asked, ...asked]) expect(termsOf(text)).toEqual(tokenize(text));
      }),
      { numRuns: 100 },
    );
  });

  it('hands out terms no caller can change for the next one', () => {
    expect(Object.isFrozen(termsOf('华为手机'))).toBe(true);
  });
});
