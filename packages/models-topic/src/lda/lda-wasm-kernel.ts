import { memarg, moduleBytes, OP, f64Bytes, s32, SIMD, simd, TYPE, type WasmFunction } from './wasm-encoding.js';

/** The ε scikit-learn adds to every φ normaliser (`np.finfo(float).eps`). */
export const NORM_EPS = 2.220446049250313e-16;

// Parameters of every kernel function (byte offsets into memory, and the document length nd).
const IDS = 0;
const CNTS = 1;
const ND = 2;
const TABLE = 3;
const E = 4;
const OUT = 5;
const STATS = 6;
// Locals after the 7 parameters: i32, then f64, then v128.
const ROW = 7;
const END = 8;
const SROW = 9;
const DOT = 10;
const S = 11;
const FIRST_ACC = 12;

const get = (i: number) => [OP.localGet, i];
const set = (i: number) => [OP.localSet, i];
const i32c = (n: number) => [OP.i32Const, ...s32(n)];

/**
 * Kernels of the LDA E-step for K' = 2m topics (K rounded up to even), unrolled over the m f64x2 lanes.
 *
 * Memory holds `table` (V rows of K' numbers exp(E[log β_·w]), word-major), a document's word ids (i32) and counts
 * (f64), the K'-vector e = exp(E[log θ_d]) and outputs. Every function walks the nd words of one document:
 * - `gamma`: out = Σ_w n_w·t_w / (e·t_w + ε), the sum in γ_d = α + e ⊙ out (t_w the table row of word w);
 * - `stats`: norms[w] = e·t_w and stats[w] += e·n_w / (e·t_w + ε) (the document's share of the M-step statistics);
 * - `norms`: out[w] = e·t_w.
 * Rows and e are read from memory at each use: keeping them in locals spills registers and delays V8's tier-up
 * (measured; so did handling two words per loop iteration).
 */
export function ldaWasmModule(kp: number): Uint8Array {
  if (kp % 2 !== 0) throw new RangeError(`the wasm kernel needs an even topic stride, got ${kp}`);
  const m = kp / 2;
  const acc = (j: number) => FIRST_ACC + j;
  const locals: [number, number][] = [
    [3, TYPE.i32],
    [1, TYPE.f64],
    [1 + m, TYPE.v128],
  ];
  const lane = (ptr: number, j: number) => [...get(ptr), ...simd(SIMD.v128Load, ...memarg(3, 16 * j))];
  /** target = base + ids[0]·K'·8 */
  const rowOf = (base: number, target: number) => [
    ...get(base),
    ...get(IDS),
    OP.i32Load,
    ...memarg(2, 0),
    ...i32c(kp * 8),
    OP.i32Mul,
    OP.i32Add,
    ...set(target),
  ];
  // e·t_w as a pairwise tree of f64x2 products, then the sum of the two lanes (S is scratch).
  const tree = (row: number, lo: number, hi: number): number[] =>
    hi - lo === 1
      ? [...lane(E, lo), ...lane(row, lo), ...simd(SIMD.f64x2Mul)]
      : [...tree(row, lo, (lo + hi) >> 1), ...tree(row, (lo + hi) >> 1, hi), ...simd(SIMD.f64x2Add)];
  const dot = (row: number, scratch: number) => [
    ...tree(row, 0, m),
    OP.localTee,
    scratch,
    ...simd(SIMD.f64x2ExtractLane, 0),
    ...get(scratch),
    ...simd(SIMD.f64x2ExtractLane, 1),
    OP.f64Add,
  ];
  /** target = splat(cnts[0] / (dot + ε)) */
  const ratio = (dotLocal: number, target: number) => [
    ...get(CNTS),
    OP.f64Load,
    ...memarg(3, 0),
    ...get(dotLocal),
    OP.f64Const,
    ...f64Bytes(NORM_EPS),
    OP.f64Add,
    OP.f64Div,
    ...simd(SIMD.f64x2Splat),
    ...set(target),
  ];
  const advance = (out: boolean) => [
    ...get(CNTS),
    ...i32c(8),
    OP.i32Add,
    ...set(CNTS),
    ...(out ? [...get(OUT), ...i32c(8), OP.i32Add, ...set(OUT)] : []),
    ...get(IDS),
    ...i32c(4),
    OP.i32Add,
    OP.localTee,
    IDS,
  ];
  // while (ids < end) { body; advance }   with end = ids + 4·nd
  const overWords = (body: number[], out: boolean) => [
    ...get(IDS),
    ...get(ND),
    ...i32c(2),
    OP.i32Shl,
    OP.i32Add,
    ...set(END),
    OP.block,
    TYPE.blockEmpty,
    ...get(IDS),
    ...get(END),
    OP.i32GeU,
    OP.brIf,
    0,
    OP.loop,
    TYPE.blockEmpty,
    ...body,
    ...advance(out),
    ...get(END),
    OP.i32LtU,
    OP.brIf,
    0,
    OP.end,
    OP.end,
  ];
  const addOne = Array.from({ length: m }, (_, j) => [
    ...get(acc(j)),
    ...get(S),
    ...lane(ROW, j),
    ...simd(SIMD.f64x2Mul),
    ...simd(SIMD.f64x2Add),
    ...set(acc(j)),
  ]).flat();

  const gamma: WasmFunction = {
    exportName: 'gamma',
    params: 7,
    locals,
    code: [
      ...overWords([...rowOf(TABLE, ROW), ...dot(ROW, S), ...set(DOT), ...ratio(DOT, S), ...addOne], false),
      ...Array.from({ length: m }, (_, j) => [...get(OUT), ...get(acc(j)), ...simd(SIMD.v128Store, ...memarg(3, 16 * j))]).flat(),
    ],
  };

  const stats: WasmFunction = {
    exportName: 'stats',
    params: 7,
    locals,
    code: overWords(
      [
        ...rowOf(TABLE, ROW),
        ...dot(ROW, S),
        ...set(DOT),
        ...get(OUT),
        ...get(DOT),
        OP.f64Store,
        ...memarg(3, 0),
        ...ratio(DOT, S),
        ...rowOf(STATS, SROW),
        ...Array.from({ length: m }, (_, j) => [
          ...get(SROW),
          ...lane(SROW, j),
          ...get(S),
          ...lane(E, j),
          ...simd(SIMD.f64x2Mul),
          ...simd(SIMD.f64x2Add),
          ...simd(SIMD.v128Store, ...memarg(3, 16 * j)),
        ]).flat(),
      ],
      true,
    ),
  };

  const norms: WasmFunction = {
    exportName: 'norms',
    params: 7,
    locals,
    code: overWords([...rowOf(TABLE, ROW), ...get(OUT), ...dot(ROW, S), OP.f64Store, ...memarg(3, 0)], true),
  };

  return moduleBytes([gamma, stats, norms]);
}
