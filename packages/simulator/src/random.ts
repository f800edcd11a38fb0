/**
 * A seeded pseudo-random source (sfc32, seeded through splitmix32): fast, good enough for simulation, and the
 * same sequence for the same seed on every machine, which is the whole point.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** `count` distinct items (fewer when there are not that many), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** A UUID (version 4 layout) from the stream, so ids a simulation chooses are part of its determinism. */
  uuid(): string;
  /** An independent stream for one purpose (a customer, a day), so adding draws elsewhere does not shift it. */
  fork(label: string): Random;
}

const splitmix32 = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
};

const hashLabel = (seed: number, label: string): number => {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

export const seededRandom = (seed: number): Random => {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();

  const random: Random = {
    next: () => u32() / 2 ** 32,
    int: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    chance: (probability) => random.next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from nothing');
      return items[Math.floor(random.next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = random.next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new RangeError('weighted pick from nothing');
      return last[0];
    },
    sample: (items, count) => {
      const pool = [...items];
      const out: (typeof items)[number][] = [];
      while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random.next() * pool.length), 1)[0] as (typeof items)[number]);
      return out;
    },
    uuid: () => {
      const hex = [u32(), u32(), u32(), u32()].map((n) => n.toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    fork: (label) => seededRandom(hashLabel(u32(), label)),
  };
  return random;
};
