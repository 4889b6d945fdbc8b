/**
 * The generator's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded by
 * hashing the seed text with cyrb128. Hand-written rather than `Math.random` or `crypto` because the same seed must
 * give byte-identical output on every machine and Node version, and because a million records draw tens of millions
 * of numbers: sfc32 is a few 32-bit additions, shifts and rotations per draw, passes PractRand to 2^40 bytes and has
 * a period of at least 2^32 (about 2^127 on average), far more than any population needs.
 *
 * @example
 * const random = seededRandom('2026');
 * random.int(6); // 0..5, the same for every run with seed '2026'
 */

export interface Random {
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  pick<T>(values: readonly T[]): T;
}

const TWO_TO_32 = 4_294_967_296;

/** A generator seeded by a text (a number is taken as its decimal text, so seed 7 and seed '7' are one stream). */
export function seededRandom(seed: string | number): Random {
  let [a, b, c, d] = cyrb128(String(seed));
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still show the structure of the seed; the reference implementation discards them too.
  for (let round = 0; round < 15; round += 1) uint32();
  const float = () => uint32() / TWO_TO_32;
  return {
    uint32,
    float,
    int: (n) => Math.floor(float() * n),
    between: (min, max) => min + Math.floor(float() * (max - min + 1)),
    chance: (p) => float() < p,
    pick: (values) => values[Math.floor(float() * values.length)]!,
  };
}

/** Another generator whose stream depends on this one's seed and `label` only, not on how much this one has drawn. */
export function childSeed(seed: string | number, label: string): string {
  return `${String(seed)}/${label}`;
}

/** 128 well-mixed bits from a text (bryc's cyrb128), so nearby seeds ('1', '2') start far apart. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1_779_033_703;
  let h2 = 3_144_134_277;
  let h3 = 1_013_904_242;
  let h4 = 2_773_480_762;
  for (let index = 0; index < text.length; index += 1) {
    const k = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ k, 597_399_067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2_869_860_233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951_274_213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2_716_044_179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597_399_067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2_869_860_233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951_274_213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2_716_044_179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
