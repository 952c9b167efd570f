/** Opcodes of the WebAssembly core instructions the LDA kernels use (WebAssembly 2.0 binary format, §5.4). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  f64Div: 0xa3,
} as const;

/** Fixed-width SIMD opcodes (after the 0xfd prefix). */
export const SIMD = {
  v128Load: 0,
  v128Store: 11,
  f64x2Splat: 20,
  f64x2ExtractLane: 33,
  f64x2Add: 240,
  f64x2Mul: 242,
} as const;

/** Value types. */
export const TYPE = { i32: 0x7f, f64: 0x7c, v128: 0x7b, blockEmpty: 0x40, func: 0x60 } as const;

/** Unsigned LEB128. */
export function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function s32(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** IEEE 754 double, little-endian. */
export function f64Bytes(x: number): number[] {
  return Array.from(new Uint8Array(new Float64Array([x]).buffer));
}

/** A vector: its length, then the items. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

/** A name: UTF-8 bytes (ASCII here) as a vector. */
export function name(s: string): number[] {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

/** A section: id, byte length, payload. */
export function section(id: number, payload: readonly number[]): number[] {
  return [id, ...u32(payload.length), ...payload];
}

/** A memory argument: alignment exponent and byte offset. */
export function memarg(alignLog2: number, offset: number): number[] {
  return [...u32(alignLog2), ...u32(offset)];
}

/** A SIMD instruction with optional immediates. */
export function simd(op: number, ...immediates: number[]): number[] {
  return [0xfd, ...u32(op), ...immediates];
}

/** One function of a module. */
export interface WasmFunction {
  readonly exportName: string;
  /** Number of i32 parameters (no results). */
  readonly params: number;
  /** Local declarations after the parameters: [count, type] groups. */
  readonly locals: readonly (readonly [number, number])[];
  /** Instructions, without the final `end`. */
  readonly code: readonly number[];
}

/**
 * A module importing its memory as `env.memory` and exporting `functions`, each of type (i32, …) → ().
 */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array {
  const arities = [...new Set(functions.map((f) => f.params))];
  const types = arities.map((n) => [TYPE.func, ...vec(Array.from({ length: n }, () => [TYPE.i32])), ...vec([])]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]]);
  const funcs = vec(functions.map((f) => u32(arities.indexOf(f.params))));
  const exports = vec(functions.map((f, i) => [...name(f.exportName), 0x00, ...u32(i)]));
  const bodies = functions.map((f) => {
    const body = [...vec(f.locals.map(([count, type]) => [...u32(count), type])), ...f.code, OP.end];
    return [...u32(body.length), ...body];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}
