export { HistoryCopyMismatch, copyHistory } from './copyHistory.js';
export type { CopyHistoryOptions } from './copyHistory.js';
