const N = 624;
const M = 397;
/** scikit-learn's `RAND_R_MAX` (tree/_utils.pxd). */
const RAND_R_MAX = 0x7fffffff;

/**
 * numpy's legacy `RandomState(seed)` (MT19937 seeded by `init_genrand`), reduced to what scikit-learn's trees draw
 * from it: `randint(0, RAND_R_MAX)`, one call per tree, which seeds the tree's own xorshift generator.
 */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output of MT19937. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `randint(0, RAND_R_MAX)`: 32-bit draws masked to 31 bits, rejecting the one value above the range. */
  randintRandRMax(): number {
    for (;;) {
      const v = this.nextUint32() & RAND_R_MAX;
      if (v < RAND_R_MAX) return v;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = (mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    this.index = 0;
  }
}

/** scikit-learn's per-tree generator: `our_rand_r` (xorshift on a uint32) and `rand_int(low, high)`. */
export class TreeRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform integer in [low, high): low + our_rand_r() mod (high − low). */
  int(low: number, high: number): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return low + ((s % (RAND_R_MAX + 1)) % (high - low));
  }
}
