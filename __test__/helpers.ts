// Shared helpers for the ava tests: a pure-JS reference for strided
// layouts, a seeded random generator, and GC polling.

import { type ExtensionResult, ExtensionObject, getBuffer, type Order, PyBuffer } from 'pybuffer'

/** A strided layout in bytes, as exporter() takes it. */
export interface RefLayout {
  itemsize: number
  shape: number[]
  strides: number[]
  offset: number
}

/** Every index tuple of `shape` in `order` ('C': last index fastest). */
export function* indices(shape: readonly number[], order: 'C' | 'F'): Generator<number[]> {
  const n = shape.length
  if (shape.some((d) => d === 0)) return
  const idx = new Array<number>(n).fill(0)
  for (;;) {
    yield idx.slice()
    let d = order === 'C' ? n - 1 : 0
    for (;;) {
      if (d < 0 || d >= n) return
      idx[d]!++
      if (idx[d]! < shape[d]!) break
      idx[d] = 0
      d += order === 'C' ? -1 : 1
    }
  }
}

/** Byte offset of the item at `idx`. */
export function offsetOf(l: RefLayout, idx: readonly number[]): number {
  let off = l.offset
  for (let i = 0; i < idx.length; i++) off += idx[i]! * l.strides[i]!
  return off
}

/** The items of `l` over `src`, packed in `order` (pure JS). */
export function refPack(src: Uint8Array, l: RefLayout, order: 'C' | 'F'): Uint8Array {
  const count = l.shape.reduce((a, b) => a * b, 1)
  const out = new Uint8Array(count * l.itemsize)
  let k = 0
  for (const idx of indices(l.shape, order)) {
    const off = offsetOf(l, idx)
    out.set(src.subarray(off, off + l.itemsize), k)
    k += l.itemsize
  }
  return out
}

/** Writes the packed items of `packed` (in `order`) into `dst` through `l` (pure JS). */
export function refUnpack(dst: Uint8Array, l: RefLayout, packed: Uint8Array, order: 'C' | 'F'): void {
  let k = 0
  for (const idx of indices(l.shape, order)) {
    const off = offsetOf(l, idx)
    dst.set(packed.subarray(k, k + l.itemsize), off)
    k += l.itemsize
  }
}

/** Whether `l` is contiguous in `order`, by CPython's rule. */
export function refIsContiguous(l: RefLayout, order: Order): boolean {
  if (order === 'A') return refIsContiguous(l, 'C') || refIsContiguous(l, 'F')
  if (l.shape.some((d) => d === 0)) return true
  let expected = l.itemsize
  const dims = l.shape.map((d, i) => [d, l.strides[i]!] as const)
  if (order === 'C') dims.reverse()
  for (const [d, s] of dims) {
    if (d > 1 && s !== expected) return false
    expected *= d
  }
  return true
}

/** A small seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [lo, hi]. */
export function randInt(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1))
}

/**
 * A random strided layout (negative, zero and padded strides) and the
 * smallest source it fits in.
 */
export function randomLayout(r: () => number, itemsize: number): { layout: RefLayout; nbytes: number } {
  const ndim = randInt(r, 0, 4)
  const shape = Array.from({ length: ndim }, () => randInt(r, r() < 0.1 ? 0 : 1, 5))
  const strides = shape.map(() => {
    const kind = r()
    const step = itemsize * randInt(r, 1, 3)
    if (kind < 0.15) return 0
    if (kind < 0.4) return -step
    return step * randInt(r, 1, 4)
  })
  // Place the first item so that every addressed byte is inside [0, nbytes).
  let lo = 0
  let hi = itemsize
  shape.forEach((d, i) => {
    if (d === 0) return
    const span = (d - 1) * strides[i]!
    if (span < 0) lo += span
    else hi += span
  })
  const empty = shape.some((d) => d === 0)
  const pad = randInt(r, 0, 3)
  const offset = empty ? 0 : -lo + pad
  const nbytes = empty ? pad : offset + hi + randInt(r, 0, 3)
  return { layout: { itemsize, shape, strides, offset }, nbytes }
}

/** Runs GC and yields to the event loop until `done()` or `rounds` pass. */
export async function gcUntil(done: () => boolean, rounds = 100): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run the tests with --expose-gc')
  // done() may deref a WeakRef, which keeps its target alive until the end
  // of the current job: collect only in a later job.
  for (let i = 0; i < rounds; i++) {
    if (done()) return true
    await new Promise((resolve) => setImmediate(resolve))
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return done()
}

/** Bytes equal? */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
}

/** A Python value as the oracle scripts tag it (see __test__/fixtures/cpython_views.py). */
export type Tagged =
  | { int: string }
  | { float: string }
  | { bool: boolean }
  | { bytes: string }
  | { tuple: Tagged[] }
  | Tagged[]

/** Where a JS value differs from a tagged Python one, or null when they agree exactly. */
export function mismatch(py: Tagged, js: unknown, where: string): string | null {
  if (Array.isArray(py)) {
    if (!Array.isArray(js) || js.length !== py.length) return `${where}: expected a list of ${py.length}, got ${String(js)}`
    for (let i = 0; i < py.length; i++) {
      const m = mismatch(py[i]!, js[i], `${where}[${i}]`)
      if (m) return m
    }
    return null
  }
  if ('tuple' in py) return mismatch(py.tuple, js, where)
  if ('bool' in py) return js === py.bool ? null : `${where}: expected ${py.bool}, got ${String(js)}`
  if ('bytes' in py) {
    return Buffer.isBuffer(js) && js.toString('hex') === py.bytes ? null : `${where}: expected bytes ${py.bytes}`
  }
  if ('int' in py) {
    if (typeof js === 'bigint') return js === BigInt(py.int) ? null : `${where}: expected ${py.int}, got ${js}n`
    if (typeof js === 'number' && Number.isSafeInteger(js) && BigInt(js) === BigInt(py.int)) return null
    return `${where}: expected ${py.int}, got ${String(js)}`
  }
  const want = py.float === 'nan' ? NaN : py.float === 'inf' ? Infinity : py.float === '-inf' ? -Infinity : Number(py.float)
  return typeof js === 'number' && Object.is(js, want) ? null : `${where}: expected ${py.float}, got ${String(js)}`
}

/**
 * A view of an extension's result: a PyBuffer as it is, or a view of an
 * extension class instance that exports a buffer (the instance is closed:
 * the view holds the object from then on).
 */
export function asView(r: ExtensionResult): PyBuffer {
  if (r instanceof PyBuffer) return r
  if (r instanceof ExtensionObject) {
    try {
      return getBuffer(r)
    } finally {
      r.close()
    }
  }
  throw new Error(`expected a PyBuffer or a buffer-exporting instance, got ${String(r)}`)
}
