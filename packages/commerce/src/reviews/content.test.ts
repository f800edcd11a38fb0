import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { memoryKeyStore } from '@shopstream/kernel';
import { personalDataVault } from '../privacy/vault.js';
import { ReviewContentError, checkContent, checkFollowUp, openContent, sealContent } from './content.js';
import { defaultReviewPolicy } from './policy.js';

const photo = 'https://img.example.com/r/1.jpg';
const words = fc.record({
  text: fc.string({ unit: 'grapheme', maxLength: 120 }),
  images: fc.array(fc.webUrl({ validSchemes: ['https'] }), { maxLength: 9 }),
});

describe('checkContent and checkFollowUp', () => {
  it('takes text with up to the policy’s number of https images', () => {
    expect(checkContent(defaultReviewPolicy, { text: '茶香浓郁', images: [photo] })).toEqual(E.right({ text: '茶香浓郁', images: [photo] }));
  });

  it('refuses too many images, and images that are not https', () => {
    expect(checkContent(defaultReviewPolicy, { text: '', images: Array.from({ length: 10 }, () => photo) })).toEqual(E.left({ _tag: 'TooManyImages', given: 10, max: 9 }));
    expect(checkContent(defaultReviewPolicy, { text: '', images: ['javascript:alert(1)'] })).toEqual(E.left({ _tag: 'InvalidImageUrl', url: 'javascript:alert(1)' }));
    expect(checkContent({ ...defaultReviewPolicy, maxImages: 1 }, { text: '', images: [photo, photo] })).toEqual(E.left({ _tag: 'TooManyImages', given: 2, max: 1 }));
  });

  it('refuses a follow-up that says nothing, and checks its images', () => {
    expect(checkFollowUp(defaultReviewPolicy, 'r-1', { text: '  ', images: [] })).toEqual(E.left({ _tag: 'EmptyFollowUp', reviewId: 'r-1' }));
    expect(checkFollowUp(defaultReviewPolicy, 'r-1', { text: '', images: [photo] })).toEqual(E.right({ text: '', images: [photo] }));
    expect(checkFollowUp(defaultReviewPolicy, 'r-1', { text: 'ok', images: ['http://x.example/1.jpg'] })).toEqual(E.left({ _tag: 'InvalidImageUrl', url: 'http://x.example/1.jpg' }));
  });
});

describe('sealContent and openContent', () => {
  it('seals under the author’s subject, shows none of the words, and opens to them until the author is erased, then to null', async () => {
    const vault = personalDataVault(memoryKeyStore());
    await fc.assert(
      fc.asyncProperty(words, fc.constantFrom('c-1', 'c-2'), async (content, author) => {
        const sealed = await sealContent(vault, author, content);
        expect(sealed.subject).toBe(author);
        if (content.text.length >= 4) expect(JSON.stringify(sealed)).not.toContain(JSON.stringify(content.text).slice(1, -1));
        for (const image of content.images) expect(JSON.stringify(sealed)).not.toContain(image);
        expect(await openContent(vault, sealed)).toEqual(content);
      }),
      { numRuns: 60 },
    );
    const kept = await sealContent(vault, 'c-2', { text: '还会再买', images: [] });
    const gone = await sealContent(vault, 'c-1', { text: '我住在西湖区', images: [photo] });
    await vault.erase('c-1');
    expect(await openContent(vault, gone)).toBeNull();
    expect(await openContent(vault, kept)).toEqual({ text: '还会再买', images: [] });
  });

  it('opens version-1 words as they were: they were never sealed', async () => {
    const vault = personalDataVault(memoryKeyStore());
    expect(await openContent(vault, { clear: { text: 'old', images: [photo] } })).toEqual({ text: 'old', images: [photo] });
  });

  it('treats an envelope that opens to something other than review content as a fault', async () => {
    const vault = personalDataVault(memoryKeyStore());
    await expect(openContent(vault, await vault.seal('c-1', 'not json'))).rejects.toBeInstanceOf(ReviewContentError);
    await expect(openContent(vault, await vault.seal('c-1', JSON.stringify({ text: 1 })))).rejects.toBeInstanceOf(ReviewContentError);
  });
});
