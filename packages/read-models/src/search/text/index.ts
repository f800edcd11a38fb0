export { aliasesOf, nameKey, normalise, tokenize, uniqueTerms } from './tokenize.js';
