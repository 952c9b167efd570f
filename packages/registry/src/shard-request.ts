/** The checks of {@link shardRequestReader}: each returns the value when it has the expected form, else throws one line. */
export interface ShardRequestReader {
  /** `x` as an object (not an array, not null). */
  record(x: unknown, name: string): Record<string, unknown>;
  /** `x` as an array. */
  list(x: unknown, name: string): unknown[];
  /** `x` as an array of `length` finite numbers. */
  numbers(x: unknown, length: number, name: string): number[];
  /** `x` as an integer in [min, max]. */
  count(x: unknown, name: string, min: number, max?: number): number;
}

/**
 * The checks a shard server runs on the plain JSON of a request (`ShardServer.serve`), whose errors are one line
 * naming `who` and the field: a request that is not well-formed is refused, never half-read.
 * @param who What reads the requests, e.g. `mixture/gmm shard request`.
 * @example
 * ```ts
 * const { record, count } = shardRequestReader('topic/lda shard request');
 * const k = count(record(request, 'the request').k, 'k', 1); // 'topic/lda shard request: k must be an integer in [1, …], got "2"'
 * ```
 */
export function shardRequestReader(who: string): ShardRequestReader {
  const list = (x: unknown, name: string): unknown[] => {
    if (!Array.isArray(x)) throw new Error(`${who}: ${name} must be an array`);
    return x;
  };
  return {
    record(x, name) {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error(`${who}: ${name} must be an object`);
      return x as Record<string, unknown>;
    },
    list,
    numbers(x, length, name) {
      const a = list(x, name);
      if (a.length !== length || !a.every((v) => typeof v === 'number' && Number.isFinite(v)))
        throw new Error(`${who}: ${name} must be ${length} finite numbers, got ${a.length} values`);
      return a as number[];
    },
    count(x, name, min, max = Number.MAX_SAFE_INTEGER) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
        throw new Error(`${who}: ${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(x)}`);
      return x;
    },
  };
}
