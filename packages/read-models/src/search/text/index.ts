export { aliasesOf, nameKey, normalise, tokenize, uniqueTerms } from './tokenize.js';
export { termsOf } from './cache.js';
