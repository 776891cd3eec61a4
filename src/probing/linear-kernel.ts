import { SesameError } from '../errors.js';

/**
 * The linear probe's two hot loops as a WebAssembly SIMD module (f64x2 arithmetic on float32 features): every row's
 * scores z = W·x + b, and the gradient G += Σ dz·xᵀ. The JavaScript versions of these loops are bound by scalar
 * double arithmetic with bounds checks; these read two features per instruction. Arithmetic stays in float64, the
 * same precision as the JavaScript loops (only the order of the additions differs), so the optimum is unchanged.
 *
 * The module is assembled here from its instructions (about 200 bytes) rather than shipped as a binary: what it does
 * can be read below, and `linearKernel()` checks it with `WebAssembly.validate` before use.
 */

/** Rows of features in one WebAssembly memory, laid out for the kernels; weights and scores beside them. */
export interface LinearKernel {
  /** Feature columns after padding to a multiple of 4 (pad columns are zero). */
  readonly stride: number;
  /** Weights `[out, stride]` (write the effective weights here; pad columns must stay 0). */
  readonly weights: Float64Array;
  /** Per-class offsets added to every score. */
  readonly bias: Float64Array;
  /** Scores `[rows, out]` after `scores()`; overwrite with dLoss/dscore before `gradient()`. */
  readonly z: Float64Array;
  /** Gradient `[out, stride]` that `gradient()` accumulates into (clear it first). */
  readonly grad: Float64Array;
  scores(): void;
  gradient(): void;
}

const enum Op {
  block = 0x02, loop = 0x03, if = 0x04, end = 0x0b, br = 0x0c, brIf = 0x0d,
  localGet = 0x20, localSet = 0x21, localTee = 0x22,
  f64Load = 0x2b, f64Store = 0x39, i32Const = 0x41, f64Const = 0x44,
  i32Eqz = 0x45, i32LtU = 0x49, f64Eq = 0x61, i32Add = 0x6a, i32Mul = 0x6c, f64Add = 0xa0, f64Mul = 0xa2,
  simd = 0xfd,
}
/** SIMD opcodes (after the 0xfd prefix). */
const enum Simd { load = 0x00, store = 0x0b, f64x2Splat = 0x14, f64x2ExtractLane = 0x21, load64Zero = 0x5d, promoteLow = 0x5f, f64x2Add = 0xf0, f64x2Mul = 0xf2 }
const V128 = 0x7b, I32 = 0x7f, F64 = 0x7c, VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const get = (i: number) => [Op.localGet, i];
const set = (i: number) => [Op.localSet, i];
const tee = (i: number) => [Op.localTee, i];
const i32 = (n: number) => [Op.i32Const, ...sleb(n)];
const simd = (op: Simd, ...immediates: number[]) => [Op.simd, ...uleb(op), ...immediates];
/** memarg: alignment exponent, then offset. */
const mem = (align: number, offset = 0) => [align, ...uleb(offset)];
/** `for (; i < limit; i += step) body` with i and limit locals; runs at least zero times. */
function forLoop(i: number, limit: number, step: number[], body: number[]): number[] {
  return [
    Op.block, VOID,
    ...get(i), ...get(limit), Op.i32LtU, Op.i32Eqz, Op.brIf, 0,
    Op.loop, VOID,
    ...body,
    ...get(i), ...step, Op.i32Add, ...tee(i), ...get(limit), Op.i32LtU, Op.brIf, 0,
    Op.end, Op.end,
  ];
}

/**
 * scores(x, w, b, z, rows, strideBytes32, out): for each row r and class c,
 * z[r·out + c] = b[c] + Σ_d w[c·stride + d]·x[r·stride + d]. Pointers are byte addresses; strideBytes32 = stride·4.
 */
function scoresBody(): number[] {
  // params 0 x, 1 w, 2 b, 3 z, 4 rows, 5 stride4, 6 out; locals 7 xEnd, 8 xRowEnd, 9 c, 10 wp, 11 xp, 12 zp, (v128) 13 acc0, 14 acc1
  const [x, w, b, z, rows, stride4, out, xEnd, xRowEnd, c, wp, xp, zp, acc0, acc1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const inner = [
    // acc0 += promote(x[xp..xp+2]) * w[wp..wp+2]; acc1 likewise for the next two features
    ...get(acc0), ...get(xp), ...simd(Simd.load64Zero, ...mem(3)), ...simd(Simd.promoteLow), ...get(wp), ...simd(Simd.load, ...mem(3)), ...simd(Simd.f64x2Mul), ...simd(Simd.f64x2Add), ...set(acc0),
    ...get(acc1), ...get(xp), ...simd(Simd.load64Zero, ...mem(3, 8)), ...simd(Simd.promoteLow), ...get(wp), ...simd(Simd.load, ...mem(3, 16)), ...simd(Simd.f64x2Mul), ...simd(Simd.f64x2Add), ...set(acc1),
    ...get(wp), ...i32(32), Op.i32Add, ...set(wp),
  ];
  const perClass = [
    ...get(w), ...get(c), ...get(stride4), Op.i32Mul, ...i32(2), Op.i32Mul, Op.i32Add, ...set(wp),
    ...zeroV128(acc0), ...zeroV128(acc1),
    ...get(x), ...set(xp),
    ...forLoop(xp, xRowEnd, i32(16), inner),
    // z[zp] = b[c] + lane0 + lane1 of acc0 + acc1
    ...get(zp),
    ...get(b), ...get(c), ...i32(8), Op.i32Mul, Op.i32Add, Op.f64Load, ...mem(3),
    ...get(acc0), ...get(acc1), ...simd(Simd.f64x2Add), ...tee(acc0), ...simd(Simd.f64x2ExtractLane, 0),
    ...get(acc0), ...simd(Simd.f64x2ExtractLane, 1), Op.f64Add, Op.f64Add,
    Op.f64Store, ...mem(3),
    ...get(zp), ...i32(8), Op.i32Add, ...set(zp),
  ];
  return [...get(z), ...set(zp), ...eachRowAndClass({ x, rows, stride4, out, xEnd, xRowEnd, c }, perClass)];
}

/**
 * gradient(x, dz, g, rows, strideBytes32, out): g[c·stride + d] += dz[r·out + c]·x[r·stride + d] for every row and
 * class (rows whose dz is 0 for a class are skipped).
 */
function gradientBody(): number[] {
  // params 0 x, 1 dz, 2 g, 3 rows, 4 stride4, 5 out; locals 6 xEnd, 7 xRowEnd, 8 c, 9 gp, 10 xp, (f64) 11 k, (v128) 12 kk
  const [x, dz, g, rows, stride4, out, xEnd, xRowEnd, c, gp, xp, k, kk] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const axpy = (offX: number, offG: number) => [
    ...get(gp),
    ...get(gp), ...simd(Simd.load, ...mem(3, offG)),
    ...get(xp), ...simd(Simd.load64Zero, ...mem(3, offX)), ...simd(Simd.promoteLow), ...get(kk), ...simd(Simd.f64x2Mul),
    ...simd(Simd.f64x2Add),
    ...simd(Simd.store, ...mem(3, offG)),
  ];
  const inner = [...axpy(0, 0), ...axpy(8, 16), ...get(gp), ...i32(32), Op.i32Add, ...set(gp)];
  const perClass = [
    ...get(dz), Op.f64Load, ...mem(3), ...tee(k),
    Op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0, Op.f64Eq, Op.i32Eqz,
    Op.if, VOID,
    ...get(k), ...simd(Simd.f64x2Splat), ...set(kk),
    ...get(g), ...get(c), ...get(stride4), Op.i32Mul, ...i32(2), Op.i32Mul, Op.i32Add, ...set(gp),
    ...get(x), ...set(xp),
    ...forLoop(xp, xRowEnd, i32(16), inner),
    Op.end,
    ...get(dz), ...i32(8), Op.i32Add, ...set(dz),
  ];
  return eachRowAndClass({ x, rows, stride4, out, xEnd, xRowEnd, c }, perClass);
}

/**
 * The loops both kernels share: x runs over the rows (xRowEnd = the row's end), c over the classes, `perClass` runs for
 * each; then the function ends.
 */
function eachRowAndClass(l: { x: number; rows: number; stride4: number; out: number; xEnd: number; xRowEnd: number; c: number }, perClass: number[]): number[] {
  const perRow = [
    ...get(l.x), ...get(l.stride4), Op.i32Add, ...set(l.xRowEnd),
    ...i32(0), ...set(l.c),
    ...forLoop(l.c, l.out, i32(1), perClass),
    ...get(l.xRowEnd), ...set(l.x),
  ];
  return [
    ...get(l.x), ...get(l.rows), ...get(l.stride4), Op.i32Mul, Op.i32Add, ...set(l.xEnd),
    ...forLoopWhile(l.x, l.xEnd, perRow),
    Op.end,
  ];
}

/** `while (p < end) body` where body advances p itself. */
function forLoopWhile(p: number, end: number, body: number[]): number[] {
  return [
    Op.block, VOID,
    ...get(p), ...get(end), Op.i32LtU, Op.i32Eqz, Op.brIf, 0,
    Op.loop, VOID,
    ...body,
    ...get(p), ...get(end), Op.i32LtU, Op.brIf, 0,
    Op.end, Op.end,
  ];
}

function zeroV128(local: number): number[] {
  return [Op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0, ...simd(Simd.f64x2Splat), ...set(local)];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

function body(locals: Array<[count: number, type: number]>, code: number[]): number[] {
  const content = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code];
  return [...uleb(content.length), ...content];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const funcType = (params: number[]) => [0x60, ...vec(params.map((p) => [p])), 0];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([funcType(Array(7).fill(I32)), funcType(Array(6).fill(I32))])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('scores'), 0x00, 0], [...name('gradient'), 0x00, 1]])),
    ...section(10, vec([
      body([[6, I32], [2, V128]], scoresBody()),
      body([[5, I32], [1, F64], [1, V128]], gradientBody()),
    ])),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;


function kernelModule(): WebAssembly.Module {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (compiled === null) throw new SesameError('this Node.js has no WebAssembly SIMD, which the linear probe needs; use Node.js 20 or newer');
  return compiled;
}

const PAGE = 65536;

/**
 * Copies `rows × dim` features into a fresh WebAssembly memory (columns padded to a multiple of 4) and returns the
 * kernels bound to it.
 */
export function linearKernel(features: Float32Array, rows: number, dim: number, out: number): LinearKernel {
  const module = kernelModule();
  const stride = Math.ceil(dim / 4) * 4;
  const featureBytes = rows * stride * 4;
  const weightBytes = out * stride * 8;
  const bytes = featureBytes + 2 * weightBytes + out * 8 + rows * out * 8 + 64;
  if (bytes > 2 ** 31) throw new SesameError(`the linear probe's training split (${rows} words × ${dim} features, ${out} outputs) needs ${(bytes / 2 ** 30).toFixed(1)} GiB, more than WebAssembly's 2 GiB; give fewer training sentences`);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  const x = 0, w = align(featureBytes), g = w + weightBytes, b = g + weightBytes, z = align(b + out * 8);
  const x32 = new Float32Array(memory.buffer, x, rows * stride);
  if (stride === dim) x32.set(features.subarray(0, rows * dim));
  else for (let r = 0; r < rows; r++) x32.set(features.subarray(r * dim, (r + 1) * dim), r * stride);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as { scores: (...a: number[]) => void; gradient: (...a: number[]) => void };
  return {
    stride,
    weights: new Float64Array(memory.buffer, w, out * stride),
    bias: new Float64Array(memory.buffer, b, out),
    z: new Float64Array(memory.buffer, z, rows * out),
    grad: new Float64Array(memory.buffer, g, out * stride),
    scores: () => exports.scores(x, w, b, z, rows, stride * 4, out),
    gradient: () => exports.gradient(x, z, g, rows, stride * 4, out),
  };
}

function align(n: number): number {
  return Math.ceil(n / 16) * 16;
}
