// npm run bench: the Node-side benchmark. Fits a 100-column terminal.
//
// For each layout, one block whose rows are the ways to do the same copy,
// timed in one run:
//  * C level: PyBuffer_ToContiguous / FromContiguous called in a loop from
//    Rust over the same view, into a preallocated buffer; and, as the fair
//    baseline for toContiguous() (which returns a new Buffer), malloc +
//    PyBuffer_ToContiguous + free per call, as a C caller that wants a new
//    buffer writes it (kept, each call's output stays allocated, as a new
//    Buffer does until the collector frees it, so its pages are touched
//    for the first time, and the frees after the batch are timed, as the
//    collector's are in JS; "prefault" maps them in first with one system
//    call, as toContiguous() does for outputs of 1 MiB and more);
//  * ours from JS: toContiguous(order, out) into a reused buffer, and
//    toContiguous(order) into a new Buffer; fromContiguous(src);
//  * pure JS: a hand-written strided loop and scijs ndarray-ops assign.
// CPython's own figures for these layouts are in `cargo bench -p
// pybuffer-capi` (this bench has no interpreter). Every result is checked
// once against the JS loop's before it is timed. Figures are medians of
// BATCHES rounds, each of which runs one batch of every row of a block in
// turn, so that a change of load on a shared machine weighs on the rows
// it compares alike; still, run it more than once. A ratio reads "N.NNx
// faster" or "N.NNx slower", never a fraction. The extension rows are in
// extension-bench.ts.

import ops from 'ndarray-ops'
import ndarray from 'ndarray'
import { __internal, exporter, getBuffer, PyBUF, type PyBuffer } from 'pybuffer'
import { benchExtensions } from './extension-bench.js'

const native = __internal.native
const quick = process.argv.includes('--quick')
const BATCH_MS = quick ? 40 : 150
const BATCHES = quick ? 3 : 7

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** One timed batch of a measurement: returns nanoseconds per call. */
type Batch = () => number

/** Batches of `fn` in JS, of about BATCH_MS each (the count calibrated once). */
function jsBatch(fn: () => void): Batch {
  fn()
  let n = 1
  for (;;) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const dt = Number(process.hrtime.bigint() - t0)
    if (dt > BATCH_MS * 1e6 / 4 || n > 1e7) break
    n *= 2
  }
  return () => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    return Number(process.hrtime.bigint() - t0) / n
  }
}

/** Batches of a native loop that times itself (ns per call). */
function nativeBatch(run: (iterations: number) => number, estimateNs: number): Batch {
  const iterations = Math.max(1, Math.round((BATCH_MS * 1e6) / Math.max(estimateNs, 1)))
  run(1)
  return () => run(iterations)
}

/**
 * Median ns per call of each measurement, over BATCHES rounds that run one
 * batch of each in turn: a change of load on the shared machine then
 * weighs on all of them alike, and their ratios hold.
 */
function interleaved(batches: Batch[]): number[] {
  const per: number[][] = batches.map(() => [])
  for (let round = 0; round < BATCHES; round++) {
    batches.forEach((batch, i) => per[i]!.push(batch()))
  }
  return per.map(median)
}

/** Median ns per call of `fn`, over batches of about BATCH_MS each. */
function time(fn: () => void): number {
  return interleaved([jsBatch(fn)])[0]!
}

const fmtNs = (ns: number): string =>
  ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(2)} µs` : `${(ns / 1e6).toFixed(2)} ms`
const gbps = (bytes: number, ns: number): string => `${(bytes / ns).toFixed(2)} GB/s`

/**
 * How `ns` compares with `baseNs`: "1.30x slower than C", "4.20x faster
 * than C" or "as fast as C" (`than` names the baseline, if any).
 */
function versus(ns: number, baseNs: number, than = ''): string {
  const r = baseNs / ns
  const tail = than === '' ? '' : ` than ${than}`
  if (r >= 1.005) return `${r.toFixed(2)}x faster${tail}`
  if (r <= 1 / 1.005) return `${(1 / r).toFixed(2)}x slower${tail}`
  return than === '' ? 'as fast' : `as fast as ${than}`
}

const targets: string[] = []

/** Records a target line: what, the measured number, and met / NOT met. */
function target(what: string, measured: string, met: boolean): void {
  targets.push(fit(`  ${met ? 'met    ' : 'NOT met'}  ${what}: ${measured}`, 11))
}

/** The report is read in a 100-column terminal. */
const WIDTH = 100

/**
 * `line` as it prints within {@link WIDTH} columns: words that would pass
 * the edge go to further lines, indented by `indent`. A single word longer
 * than the width stays whole.
 */
function fit(line: string, indent: number): string {
  if (line.length <= WIDTH) return line
  const lead = line.length - line.trimStart().length
  const out: string[] = []
  let cur = line.slice(0, lead)
  for (const word of line.slice(lead).split(' ')) {
    if (cur.trim() !== '' && cur.length + 1 + word.length > WIDTH) {
      out.push(cur)
      cur = ' '.repeat(indent) + word
    } else {
      cur = cur.trim() === '' ? cur + word : `${cur} ${word}`
    }
  }
  out.push(cur)
  return out.join('\n')
}

/** "1.42x slower than C (limit 2x)": a time `ns` against `baseNs` and the limit `ratio`. */
function within(ns: number, baseNs: number, than: string, ratio: number): string {
  return `${versus(ns, baseNs, than)} (limit ${ratio}x slower)`
}

/** One row of a block: label, time, throughput, comparison. */
function row(label: string, ns: number, bytes: number, note: string): void {
  const rate = bytes > 0 ? gbps(bytes, ns) : ''
  console.log(fit(`  ${label.padEnd(40)} ${fmtNs(ns).padStart(9)} ${rate.padStart(11)}  ${note}`, 68))
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  if (!Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)) {
    throw new Error(`bench: ${what} produced wrong bytes`)
  }
}

interface Case {
  name: string
  /** A short name for the target lines. */
  tag: string
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

function sizeText(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`
}

function benchCase(c: Case): void {
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
  const large = bytes >= 1 << 20

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
  // The fresh-output C loop runs the same PyBuffer_ToContiguous, checked above.
  const ndOut = make()
  const srcNd = ndarray(c.source, c.shape, c.strides, c.offset)
  const outNd = ndarray(ndOut, c.shape)
  ops.assign(outNd, srcNd)
  sameBytes(bytesOf(ndOut), refBytes, `${c.name} ndarray-ops assign`)

  const estimate = Math.max(bytes / 2, 50)
  // Kept outputs: at least 4 a batch (one alone may reuse the block the
  // previous batch freed), at most 256 MiB of them at once.
  const keepN = Math.max(4, Math.min(Math.floor((256 << 20) / bytes), Math.round((BATCH_MS * 1e6) / (estimate * 4))))
  const kept = (prefault: boolean): Batch => {
    native.benchToContiguousFresh(id, 'C', 1, true, prefault)
    return () => native.benchToContiguousFresh(id, 'C', keepN, true, prefault)
  }
  const [cPre = 0, jsInto = 0, loop = 0, ndops = 0] = interleaved([
    nativeBatch((n) => native.benchToContiguous(id, 'C', n, new Uint8Array(0)), estimate),
    jsBatch(() => view.toContiguous('C', into)),
    jsBatch(() => jsPack(c.source, ref, c)),
    jsBatch(() => ops.assign(outNd, srcNd)),
  ])
  // Fresh outputs apart: each leaves the allocator in a state (a grown or
  // trimmed heap) that the next one would pay for.
  const [cFresh = 0, cKept = 0, cKeptPre = 0] = interleaved([
    nativeBatch((n) => native.benchToContiguousFresh(id, 'C', n, false), estimate * 4),
    kept(false),
    ...(large ? [kept(true)] : []),
  ])
  const jsNew = time(() => view.toContiguous('C'))

  console.log(`\n${c.name}, ${sizeText(bytes)}`)
  console.log(`  ${'toContiguous'.padEnd(40)} ${'time'.padStart(9)} ${'rate'.padStart(11)}  compared`)
  row('C   ToContiguous, preallocated output', cPre, bytes, 'C baseline')
  row("ours toContiguous('C', out)", jsInto, bytes, versus(jsInto, cPre, 'C'))
  row('C   malloc + ToContiguous + free', cFresh, bytes, 'C baseline, reused pages')
  row('C   malloc + ToContiguous, kept', cKept, bytes, 'C baseline, first touch')
  if (large) row('C   malloc + prefault + copy, kept', cKeptPre, bytes, versus(cKeptPre, cKept, 'C first touch'))
  row("ours toContiguous('C'), new Buffer", jsNew, bytes, versus(jsNew, cKept, 'C first touch'))
  row('JS  strided loop', loop, bytes, `ours (out) ${versus(jsInto, loop)}`)
  row('JS  ndarray-ops assign', ndops, bytes, `ours (out) ${versus(jsInto, ndops)}`)

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
  bytesOf(c.source).set(saved)
  native.benchFromContiguous(id, 'C', 1, packedBytes)
  sameBytes(viaView, bytesOf(c.source), `${c.name} C-level FromContiguous`)
  const packedNd = ndarray(packed, c.shape)
  const [cFrom = 0, jsFrom = 0, loopFrom = 0, ndopsFrom = 0] = interleaved([
    nativeBatch((n) => native.benchFromContiguous(id, 'C', n, packedBytes), estimate),
    jsBatch(() => view.fromContiguous(packedBytes, 'C')),
    jsBatch(() => jsUnpack(c.source, packed, c)),
    jsBatch(() => ops.assign(srcNd, packedNd)),
  ])
  console.log('  fromContiguous')
  row('C   FromContiguous', cFrom, bytes, 'C baseline')
  row("ours fromContiguous(src, 'C')", jsFrom, bytes, versus(jsFrom, cFrom, 'C'))
  row('JS  strided loop', loopFrom, bytes, `ours ${versus(jsFrom, loopFrom)}`)
  row('JS  ndarray-ops assign', ndopsFrom, bytes, `ours ${versus(jsFrom, ndopsFrom)}`)
  bytesOf(c.source).set(saved)

  if (large) {
    target(`${c.tag}: toContiguous(out)`, within(jsInto, cPre, 'C', 1.25), jsInto <= 1.25 * cPre)
    // A new Buffer lives until the garbage collector frees it, so each call
    // gets pages never touched before: the C caller that keeps its outputs.
    // malloc + free reuses the same warm pages (glibc up to 32 MiB).
    target(`${c.tag}: toContiguous()`, within(jsNew, cKept, 'C first touch', 1.5), jsNew <= 1.5 * cKept)
  } else {
    target(`${c.tag}: toContiguous(out)`, `${fmtNs(jsInto)}, ${within(jsInto, cPre, 'C', 2)}`, jsInto <= 2 * cPre)
    target(`${c.tag}: toContiguous(out) vs JS loop`, `${fmtNs(jsInto)}, ${versus(jsInto, loop, 'the loop')}`, jsInto < loop)
    target(`${c.tag}: toContiguous() new Buffer <= 500 ns`, fmtNs(jsNew), jsNew <= 500)
  }
  if (c.name.startsWith('u8 4096x4096 every')) {
    target(`${c.tag}: toContiguous(out) >= 8x faster than the JS loop`, versus(jsInto, loop, 'the loop'), loop / jsInto >= 8)
  }
  view.release()
  exp.close()
}

/** get / set / tolist on a small view, next to plain TypedArray access. */
function benchItems(): void {
  const data = Float64Array.from({ length: 256 }, (_, i) => i)
  const exp = exporter(data, { shape: [16, 16], strides: [8, 128] })
  const view = getBuffer(exp, PyBUF.FULL)
  if (view.get(3, 4) !== data[3 + 4 * 16]) throw new Error('bench: get produced a wrong value')
  view.set(1.5, 3, 4)
  if (data[3 + 4 * 16] !== 1.5) throw new Error('bench: set wrote the wrong item')
  const list = view.tolist() as number[][]
  if (list[3]![4] !== 1.5 || list[15]![0] !== 15) throw new Error('bench: tolist produced wrong items')
  let sink = 0
  const [get = 0, set = 0, tolist = 0, plain = 0] = interleaved([
    jsBatch(() => {
      sink += view.get(3, 4) as number
    }),
    jsBatch(() => view.set(2.5, 3, 4)),
    jsBatch(() => view.tolist()),
    jsBatch(() => {
      sink += data[3 + 4 * 16]!
    }),
  ])
  if (Number.isNaN(sink)) console.log(sink)
  console.log('\nitems of the f64 16x16 transposed view')
  row('ours get(3, 4)', get, 0, `plain Float64Array read: ${fmtNs(plain)}`)
  row('ours set(2.5, 3, 4)', set, 0, '')
  row('ours tolist() (256 items)', tolist, 0, `${fmtNs(tolist / 256)} an item`)
  view.release()
  exp.close()
}

async function main(): Promise<void> {
  console.log(`pybuffer bench (${native.nativeInfo()}, Node ${process.version}${quick ? ', --quick' : ''})`)
  console.log(`medians of ${BATCHES} interleaved batches of ~${BATCH_MS} ms; on a shared machine, rerun\n`)
  if (process.argv.includes('--extensions')) {
    // npm run bench -- --extensions: the extension rows alone.
    await benchExtensions({ row, target, fmtNs }, quick)
    console.log('\ntargets')
    for (const t of targets) console.log(t)
    return
  }

  // 1. getBuffer + release round trip.
  const exp = exporter(new Float64Array(16), { shape: [4, 4] })
  getBuffer(exp).release()
  const [cLevel = 0, js = 0, jsUsing = 0] = interleaved([
    nativeBatch((n) => native.benchAcquireRelease(exp.handle, PyBUF.FULL_RO, n), 30),
    jsBatch(() => getBuffer(exp).release()),
    jsBatch(() => {
      using v = getBuffer(exp, PyBUF.RECORDS_RO)
      void v
    }),
  ])
  if (exp.exports !== 0) throw new Error('bench: views leaked')
  console.log('getBuffer + release round trip, f64 4x4')
  row('C   PyObject_GetBuffer + Release', cLevel, 0, 'C baseline')
  row('ours getBuffer(exp).release()', js, 0, versus(js, cLevel, 'C'))
  row('ours using v = getBuffer(exp)', jsUsing, 0, versus(jsUsing, cLevel, 'C'))
  target('getBuffer + release round trip < 300 ns', fmtNs(js), js < 300)

  // 2. Copies, on the layouts of the C benchmark.
  const u8 = new Uint8Array(4096 * 4096)
  for (let i = 0; i < u8.length; i++) u8[i] = (i * 131) & 0xff
  const f64 = Float64Array.from({ length: 2048 * 2048 }, (_, i) => i)
  const contig = new Uint8Array(4096 * 4096)
  for (let i = 0; i < contig.length; i++) contig[i] = (i * 7) & 0xff
  const small = Float64Array.from({ length: 16 * 16 }, (_, i) => i)
  const cases: Case[] = [
    { name: 'f64 16x16 transposed', tag: 'f64 16² T', source: small, shape: [16, 16], strides: [1, 16], offset: 0 },
    { name: 'u8 4096x4096 every other column', tag: 'u8 cols/2', source: u8, shape: [4096, 2048], strides: [4096, 2], offset: 0 },
    { name: 'u8 4096x4096 C-contiguous', tag: 'u8 contig', source: contig, shape: [4096, 4096], strides: [4096, 1], offset: 0 },
    { name: 'f64 2048x2048 F->C transpose', tag: 'f64 2048² T', source: f64, shape: [2048, 2048], strides: [1, 2048], offset: 0 },
  ]
  for (const c of cases) benchCase(c)
  benchItems()
  // 3. Extension calls: bytes results, async calls and the event loop.
  await benchExtensions({ row, target, fmtNs }, quick)

  console.log('\ntargets')
  for (const t of targets) console.log(t)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
