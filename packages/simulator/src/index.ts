export { simulate } from './simulate.js';
export type { SimulationOptions } from './simulate.js';
export type { SimulationStats } from './stats.js';
export { seededRandom } from './random.js';
export type { Random } from './random.js';
export { personas } from './people.js';
export type { Persona } from './people.js';
export { HistoryCopyMismatch, copyHistory } from './history/index.js';
export type { CopyHistoryOptions } from './history/index.js';
