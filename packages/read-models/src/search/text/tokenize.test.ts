import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, uniqueTerms } from './tokenize.js';

const termSet = (text: string): string[] => uniqueTerms(tokenize(text)).sort();

describe('tokenize', () => {
  it('segments Chinese with jieba, keeping brand names whole', () => {
    expect(tokenize('华为手机')).toEqual(['华为', '手机']);
    expect(tokenize('笔记本电脑')).toEqual(expect.arrayContaining(['笔记本', '电脑', '笔记本电脑']));
  });

  it('folds case, full width and punctuation', () => {
    expect(tokenize('ＭＡＴＥ６０，Pro！')).toEqual(tokenize('mate60 pro'));
    expect(tokenize("Samsonite women's")).toEqual(['samsonite', 'women', 's']);
  });

  it('keeps decimals whole', () => {
    expect(tokenize('1.5匹空调')).toEqual(['1.5', '匹', '空调']);
    expect(tokenize('22.5W')).toEqual(['22.5w', '22.5', 'w']);
  });

  it('reads a model name alike with or without the space between its word and its number', () => {
    expect(termSet('Mate60')).toEqual(termSet('Mate 60'));
    expect(termSet('iphone15')).toEqual(termSet('iPhone 15'));
    expect(termSet('华为 Mate 60 Pro')).toEqual(expect.arrayContaining(termSet('mate60')));
    expect(termSet('适用iPhone 15手机壳')).toEqual(expect.arrayContaining(termSet('iphone15 手机壳')));
  });

  it('splits Latin text from Chinese text it touches', () => {
    expect(tokenize('5G智能手机')).toEqual(expect.arrayContaining(['5g', '5', 'g', '手机']));
    expect(tokenize('三体2')).toEqual(['三体', '2']);
  });

  it('property: a word and a number read alike joined or spaced', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.stringMatching(/^[0-9]{1,4}$/), (word, number) => {
        expect(termSet(`${word}${number}`)).toEqual(termSet(`${word} ${number}`));
        expect(termSet(`${number}${word}`)).toEqual(termSet(`${number} ${word}`));
      }),
      { numRuns: 50 },
    );
  });

  it('property: terms never hold spaces or punctuation, and case or width never matters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const terms = tokenize(text);
        for (const term of terms) expect(term).toMatch(/^[\p{L}\p{N}\p{M}.]+$/u);
        expect(tokenize(text.toUpperCase())).toEqual(tokenize(text.toLowerCase()));
      }),
      { numRuns: 50 },
    );
  });
});
