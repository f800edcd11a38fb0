import { createRequire } from 'node:module';

/** The part of `@node-rs/jieba` used here; its own typings come with the native module we load lazily. */
interface Segmenter {
  cutForSearch(sentence: string, hmm?: boolean | null): string[];
}
interface JiebaModule {
  readonly Jieba: { withDict(dict: Uint8Array): Segmenter };
}
interface DictModule {
  readonly dict: Uint8Array;
}

const require = createRequire(import.meta.url);
let segmenter: Segmenter | undefined;

/**
 * Jieba with its default dictionary. Loading the dictionary takes about a quarter of a second and some 50 MB,
 * so it happens once, on the first text to segment, not when the package is imported.
 */
const jieba = (): Segmenter => {
  if (segmenter === undefined) {
    const { Jieba } = require('@node-rs/jieba') as JiebaModule;
    const { dict } = require('@node-rs/jieba/dict') as DictModule;
    segmenter = Jieba.withDict(dict);
  }
  return segmenter;
};

/** Search-mode segmentation of a run of Chinese characters: the words and, for long words, their parts. */
export const segmentChinese = (run: string): string[] => jieba().cutForSearch(run, true);
