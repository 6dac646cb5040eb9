// npm run bench: the Node-side benchmark.
//
// Prints, side by side:
//  * a getBuffer + release round trip from JS, in ns, next to the same
//    acquire + release done in C (PyObject_GetBuffer + PyBuffer_Release);
//  * toContiguous and fromContiguous from JS on the C benchmark's layouts,
//    next to the C-level figure (PyBuffer_ToContiguous / FromContiguous
//    called in a loop from Rust over the same view), a hand-written JS
//    strided loop and scijs ndarray-ops assign.
// Every method's output is checked against the JS loop's once before it is
// timed. Figures are medians of several timed batches. "JS (new Buffer)" is
// toContiguous(order), which pays for fresh pages on every call; "JS (into)"
// is toContiguous(order, out) with a reused buffer, which is what the
// C-level figure (a preallocated buffer) measures.

import ops from 'ndarray-ops'
import ndarray from 'ndarray'
import { __internal, exporter, getBuffer, PyBUF, type PyBuffer } from 'pybuffer'

const native = __internal.native
const quick = process.argv.includes('--quick')
const BATCH_MS = quick ? 40 : 150
const BATCHES = quick ? 3 : 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Median ns per call of `fn`, over batches of about BATCH_MS each. */
function time(fn: () => void): number {
  fn()
  let n = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const dt = Number(process.hrtime.bigint() - t0)
    if (dt > BATCH_MS * 1e6 / 4 || n > 1e7) break
    n *= 2
  }
  const per: number[] = []
  for (let b = 0; b < BATCHES; b++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    per.push(Number(process.hrtime.bigint() - t0) / n)
  }
  return median(per)
}

/** Median ns per call of a native loop that times itself. */
function timeNative(run: (iterations: number) => number, estimateNs: number): number {
  const iterations = Math.max(1, Math.round((BATCH_MS * 1e6) / Math.max(estimateNs, 1)))
  run(1)
  const per: number[] = []
  for (let b = 0; b < BATCHES; b++) per.push(run(iterations))
  return median(per)
}

const fmtNs = (ns: number): string => (ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(1)} µs` : `${(ns / 1e6).toFixed(2)} ms`)
const gbps = (bytes: number, ns: number): string => `${(bytes / ns).toFixed(2)} GB/s`

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  if (!Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)) {
    throw new Error(`bench: ${what} produced wrong bytes`)
  }
}

interface Case {
  name: string
  source: Uint8Array | Float64Array
  shape: [number, number]
  /** Element strides and offset, for the JS loop and ndarray-ops. */
  strides: [number, number]
  offset: number
}

function bytesOf(ta: Uint8Array | Float64Array): Uint8Array {
  return new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength)
}

/** The hand-written JS strided loop: pack a 2-D strided view in C order. */
function jsPack(src: Uint8Array | Float64Array, out: Uint8Array | Float64Array, c: Case): void {
  const [n0, n1] = c.shape
  const [s0, s1] = c.strides
  let k = 0
  for (let i = 0; i < n0; i++) {
    let p = c.offset + i * s0
    for (let j = 0; j < n1; j++) {
      out[k++] = src[p]!
      p += s1
    }
  }
}

/** The hand-written JS strided loop: unpack a C-order buffer into the view. */
function jsUnpack(dst: Uint8Array | Float64Array, packed: Uint8Array | Float64Array, c: Case): void {
  const [n0, n1] = c.shape
  const [s0, s1] = c.strides
  let k = 0
  for (let i = 0; i < n0; i++) {
    let p = c.offset + i * s0
    for (let j = 0; j < n1; j++) {
      dst[p] = packed[k++]!
      p += s1
    }
  }
}

interface Row {
  name: string
  op: string
  bytes: number
  js: number
  jsInto: number
  c: number
  loop: number
  ndops: number
}

function benchCase(c: Case): Row[] {
  const isF64 = c.source instanceof Float64Array
  const bpe = isF64 ? 8 : 1
  const count = c.shape[0] * c.shape[1]
  const bytes = count * bpe
  const exp = exporter(c.source, {
    shape: c.shape,
    strides: c.strides.map((s) => s * bpe),
    offset: c.offset * bpe,
  })
  const view: PyBuffer = getBuffer(exp, PyBUF.FULL)
  const id = __internal.viewId(view)
  const make = (): Uint8Array | Float64Array => (isF64 ? new Float64Array(count) : new Uint8Array(count))

  // Reference and correctness checks, once.
  const ref = make()
  jsPack(c.source, ref, c)
  const refBytes = bytesOf(ref)
  sameBytes(view.toContiguous('C'), refBytes, `${c.name} toContiguous`)
  const into = new Uint8Array(bytes)
  sameBytes(view.toContiguous('C', into), refBytes, `${c.name} toContiguous(into)`)
  const check = new Uint8Array(bytes)
  native.benchToContiguous(id, 'C', 1, check)
  sameBytes(check, refBytes, `${c.name} C-level ToContiguous`)
  const ndOut = make()
  const srcNd = ndarray(c.source, c.shape, c.strides, c.offset)
  const outNd = ndarray(ndOut, c.shape)
  ops.assign(outNd, srcNd)
  sameBytes(bytesOf(ndOut), refBytes, `${c.name} ndarray-ops assign`)

  const estimate = Math.max(bytes / 2, 50)
  const toRow: Row = {
    name: c.name,
    op: 'toContiguous',
    bytes,
    js: time(() => view.toContiguous('C')),
    jsInto: time(() => view.toContiguous('C', into)),
    c: timeNative((n) => native.benchToContiguous(id, 'C', n, new Uint8Array(0)), estimate),
    loop: time(() => jsPack(c.source, ref, c)),
    ndops: time(() => ops.assign(outNd, srcNd)),
  }

  // fromContiguous: write the packed items back through the view.
  const packed = make()
  for (let i = 0; i < count; i++) packed[i] = isF64 ? i * 0.5 : i & 0xff
  const packedBytes = bytesOf(packed)
  const saved = bytesOf(c.source).slice()
  view.fromContiguous(packedBytes, 'C')
  const viaView = bytesOf(c.source).slice()
  bytesOf(c.source).set(saved)
  jsUnpack(c.source, packed, c)
  sameBytes(viaView, bytesOf(c.source), `${c.name} fromContiguous`)
  bytesOf(c.source).set(saved)
  ops.assign(srcNd, ndarray(packed, c.shape))
  sameBytes(viaView, bytesOf(c.source), `${c.name} ndarray-ops assign (from)`)
  const packedNd = ndarray(packed, c.shape)
  const fromRow: Row = {
    name: c.name,
    op: 'fromContiguous',
    bytes,
    js: time(() => view.fromContiguous(packedBytes, 'C')),
    jsInto: NaN,
    c: timeNative((n) => native.benchFromContiguous(id, 'C', n, packedBytes), estimate),
    loop: time(() => jsUnpack(c.source, packed, c)),
    ndops: time(() => ops.assign(srcNd, packedNd)),
  }
  view.release()
  exp.close()
  return [toRow, fromRow]
}

function main(): void {
  console.log(`pybuffer bench (${native.nativeInfo()}, Node ${process.version}${quick ? ', --quick' : ''})\n`)

  // 1. getBuffer + release round trip.
  const exp = exporter(new Float64Array(16), { shape: [4, 4] })
  const js = time(() => getBuffer(exp).release())
  const jsUsing = time(() => {
    using v = getBuffer(exp, PyBUF.RECORDS_RO)
    void v
  })
  const cLevel = timeNative((n) => native.benchAcquireRelease(exp.handle, PyBUF.FULL_RO, n), 30)
  if (exp.exports !== 0) throw new Error('bench: views leaked')
  console.log('getBuffer + release round trip')
  console.log(`  JS getBuffer(exp).release()        ${fmtNs(js)}`)
  console.log(`  JS using v = getBuffer(exp)        ${fmtNs(jsUsing)}`)
  console.log(`  C  PyObject_GetBuffer + Release    ${fmtNs(cLevel)}`)
  console.log(`  target < 1 µs: ${js < 1000 ? 'met' : 'NOT met'}\n`)

  // 2. Copies, on the layouts of the C benchmark.
  const u8 = new Uint8Array(4096 * 4096)
  for (let i = 0; i < u8.length; i++) u8[i] = (i * 131) & 0xff
  const f64 = Float64Array.from({ length: 2048 * 2048 }, (_, i) => i)
  const contig = new Uint8Array(4096 * 4096)
  for (let i = 0; i < contig.length; i++) contig[i] = (i * 7) & 0xff
  const small = Float64Array.from({ length: 16 * 16 }, (_, i) => i)
  const cases: Case[] = [
    { name: 'u8 4096x4096 every other column', source: u8, shape: [4096, 2048], strides: [4096, 2], offset: 0 },
    { name: 'f64 2048² F→C transpose', source: f64, shape: [2048, 2048], strides: [1, 2048], offset: 0 },
    { name: 'u8 4096x4096 C-contiguous', source: contig, shape: [4096, 4096], strides: [4096, 1], offset: 0 },
    { name: 'f64 16x16 transposed', source: small, shape: [16, 16], strides: [1, 16], offset: 0 },
  ]
  const rows = cases.flatMap(benchCase)
  const header = ['layout', 'op', 'size', 'JS (new Buffer)', 'JS (into)', 'C level', 'JS/C', 'JS loop', 'ndarray-ops', 'vs loop']
  const table = rows.map((r) => [
    r.name,
    r.op,
    r.bytes >= 1 << 20 ? `${(r.bytes / (1 << 20)).toFixed(0)} MiB` : `${(r.bytes / 1024).toFixed(0)} KiB`,
    `${fmtNs(r.js)} ${gbps(r.bytes, r.js)}`,
    Number.isNaN(r.jsInto) ? '-' : `${fmtNs(r.jsInto)} ${gbps(r.bytes, r.jsInto)}`,
    `${fmtNs(r.c)} ${gbps(r.bytes, r.c)}`,
    `${(r.js / r.c).toFixed(2)}x`,
    `${fmtNs(r.loop)} ${gbps(r.bytes, r.loop)}`,
    `${fmtNs(r.ndops)} ${gbps(r.bytes, r.ndops)}`,
    `${(r.loop / r.js).toFixed(1)}x faster`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
  for (const row of table) console.log(line(row))

  console.log('\ntargets')
  for (const r of rows.filter((r) => r.op === 'toContiguous' && r.bytes >= 1 << 20)) {
    const ratio = r.js / r.c
    const ratioInto = r.jsInto / r.c
    console.log(
      `  toContiguous within 1.25x of C, ${r.name}: new Buffer ${ratio.toFixed(2)}x, into ${ratioInto.toFixed(2)}x: ` +
        `${ratio <= 1.25 ? 'met' : ratioInto <= 1.25 ? 'met with a reused buffer only' : 'NOT met'}`,
    )
  }
  const strided = rows.find((r) => r.op === 'toContiguous' && r.name.startsWith('u8 4096x4096 every'))!
  const speedup = strided.loop / strided.js
  const speedupInto = strided.loop / strided.jsInto
  console.log(
    `  ≥ 8x the JS loop on the item-strided u8 case: new Buffer ${speedup.toFixed(1)}x, into ${speedupInto.toFixed(1)}x: ` +
      `${speedup >= 8 ? 'met' : speedupInto >= 8 ? 'met with a reused buffer only' : 'NOT met'}`,
  )
  const back = rows.find((r) => r.op === 'fromContiguous' && r.name.startsWith('u8 4096x4096 every'))!
  console.log(`  (fromContiguous on the same layout: ${(back.loop / back.js).toFixed(1)}x the JS loop)`)
  console.log(`  round trip < 1 µs: ${fmtNs(js)}: ${js < 1000 ? 'met' : 'NOT met'}`)
}

main()
