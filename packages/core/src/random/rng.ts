/**
 * A seeded, splittable pseudo-random generator (xoshiro128**, seeded through SplitMix32).
 *
 * There is no global generator anywhere in latentkit: every function that draws random numbers
 * takes an `Rng` (or a seed) explicitly, in the spirit of JAX/NumPyro keys.
 * `split(n)` derives `n` statistically independent child generators without advancing the parent's
 * main stream, so parallel work (restarts, particles, minibatches) is reproducible whatever order it runs in.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * const [a, b] = rng.split(2);
 * a.uniform(); b.normal();
 * ```
 */
export interface Rng {
  /** The seed this generator was created from (children report a derived seed). */
  readonly seed: number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal draw (Marsaglia polar method). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 31-bit seed for tfjs random ops (`tf.randomNormal(shape, 0, 1, 'float32', seed)`). */
  tfSeed(): number;
  /** `n` independent child generators. The parent stream moves by one split counter only. */
  split(n: number): Rng[];
  /** Shorthand for `split(1)[0]`. */
  fork(): Rng;
  /** Fill `out` with uniform draws in [0, 1). */
  fillUniform<T extends Float32Array | Float64Array>(out: T): T;
  /** Fill `out` with standard normal draws. */
  fillNormal<T extends Float32Array | Float64Array>(out: T): T;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** The generator's whole state, plain JSON: {@link restoreRng} continues the same stream (checkpoints). */
  state(): RngState;
}

/**
 * The state of an {@link Rng}: its seed, the four 32-bit words of xoshiro128**, how often it has split, and the
 * second normal draw of the last Marsaglia pair when it is still unused (`null` otherwise).
 */
export interface RngState {
  /** The seed the generator was created with ({@link Rng.seed}). */
  readonly seed: number;
  /** The four 32-bit state words (a, b, c, d) of xoshiro128**, as signed 32-bit integers. */
  readonly words: readonly [number, number, number, number];
  /** How many times the generator has split, ≥ 0: mixed into the seed of the next split. */
  readonly splits: number;
  /** The unused second standard normal draw of the last Marsaglia polar pair, or `null` when there is none. */
  readonly spare: number | null;
}

const splitmix32 = (state: { s: number }): number => {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

class Xoshiro128 implements Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private splits = 0;
  private spare: number | undefined;

  constructor(seed: number, salt = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.seed = seed;
    const st = { s: (Math.floor(seed) ^ Math.imul(salt, 0x27d4eb2d)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  private next32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  uniform(): number {
    const hi = this.next32() >>> 5;
    const lo = this.next32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  tfSeed(): number {
    return this.next32() >>> 1;
  }

  split(n: number): Rng[] {
    this.splits += 1;
    const base = { s: (this.a ^ Math.imul(this.splits, 0x9e3779b9) ^ rotl(this.d, 16)) | 0 };
    const out: Rng[] = [];
    for (let i = 0; i < n; i++) out.push(new Xoshiro128(splitmix32(base), i + 1));
    return out;
  }

  fork(): Rng {
    return this.split(1)[0];
  }

  fillUniform<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  fillNormal<T extends Float32Array | Float64Array>(out: T): T {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }

  state(): RngState {
    return { seed: this.seed, words: [this.a, this.b, this.c, this.d], splits: this.splits, spare: this.spare ?? null };
  }

  /** Set the state recorded by {@link Xoshiro128.state}. */
  setState(s: RngState): this {
    [this.a, this.b, this.c, this.d] = s.words.map((w) => w | 0) as [number, number, number, number];
    this.splits = s.splits;
    this.spare = s.spare ?? undefined;
    return this;
  }

  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

/**
 * Create a seeded generator.
 * @param seed Any finite number; equal seeds give equal streams on every platform.
 */
export function createRng(seed: number): Rng {
  return new Xoshiro128(seed);
}

/**
 * A generator that continues exactly where the one whose {@link Rng.state} this is stood: the same draws, splits and
 * forks follow.
 * @example
 * ```ts
 * const a = createRng(1); a.uniform();
 * const b = restoreRng(JSON.parse(JSON.stringify(a.state())));
 * a.uniform() === b.uniform(); // true
 * ```
 */
export function restoreRng(state: RngState): Rng {
  const ok =
    state !== null &&
    typeof state === 'object' &&
    Number.isFinite(state.seed) &&
    Array.isArray(state.words) &&
    state.words.length === 4 &&
    state.words.every((w) => Number.isInteger(w)) &&
    Number.isInteger(state.splits) &&
    (state.spare === null || Number.isFinite(state.spare));
  if (!ok) throw new Error(`not a generator state: ${JSON.stringify(state)?.slice(0, 80)}`);
  return new Xoshiro128(state.seed).setState(state);
}

/** Whether `value` is a generator made by {@link createRng} (or restored, split or forked from one). */
export function isRng(value: unknown): value is Rng {
  return value instanceof Xoshiro128;
}

/** Accept either a seed or an existing generator. */
export function toRng(seedOrRng: number | Rng): Rng {
  return typeof seedOrRng === 'number' ? createRng(seedOrRng) : seedOrRng;
}
