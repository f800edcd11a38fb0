/** Per-ordinal working arrays, reused by every query and grown with the table. */
export type Scratch = {
  readonly capacity: number;
  /** The query number that last touched each ordinal: what tells a fresh candidate from one already scored. */
  readonly stamp: Int32Array;
  readonly score: Float64Array;
  readonly cover: Float64Array;
  readonly masks: Uint32Array;
  readonly candidates: Int32Array;
  readonly matching: Int32Array;
  /** Sort key columns, by match position. */
  readonly keys: readonly [Float64Array, Float64Array];
};

export const scratchOf = (capacity: number): Scratch => ({
  capacity,
  stamp: new Int32Array(capacity),
  score: new Float64Array(capacity),
  cover: new Float64Array(capacity),
  masks: new Uint32Array(capacity),
  candidates: new Int32Array(capacity),
  matching: new Int32Array(capacity),
  keys: [new Float64Array(capacity), new Float64Array(capacity)],
});
