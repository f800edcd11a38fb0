/**
 * The `limit` smallest ordinals under `compare`, kept in a max-heap (the worst of the page at the root) so each
 * further item costs one comparison when it does not belong: selecting a page never sorts every match.
 */
export type TopK = {
  push(ordinal: number): void;
  /** The last of the `limit` kept so far once there are `limit` of them (-1 before): what a newcomer must beat. */
  worst(): number;
  sorted(): number[];
};

export const topK = (limit: number, compare: (a: number, b: number) => number): TopK => {
  const heap = new Int32Array(limit);
  let size = 0;
  const at = (i: number): number => heap[i] ?? 0;
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < size && compare(at(left), at(worst)) > 0) worst = left;
      if (right < size && compare(at(right), at(worst)) > 0) worst = right;
      if (worst === i) return;
      const swap = at(i);
      heap[i] = at(worst);
      heap[worst] = swap;
      i = worst;
    }
  };
  const siftUp = (start: number) => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(at(i), at(parent)) <= 0) return;
      const swap = at(i);
      heap[i] = at(parent);
      heap[parent] = swap;
      i = parent;
    }
  };
  return {
    push: (ordinal) => {
      if (size < limit) {
        heap[size] = ordinal;
        siftUp(size++);
      } else if (size > 0 && compare(ordinal, at(0)) < 0) {
        heap[0] = ordinal;
        siftDown(0);
      }
    },
    worst: () => (size === limit && size > 0 ? at(0) : -1),
    sorted: () => Array.from(heap.subarray(0, size)).sort(compare),
  };
};
