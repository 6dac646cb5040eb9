// The extension rows of `npm run bench` (bench.ts prints them with its own
// row and target helpers):
//  * a 64 MiB `bytes` result reaching JS, sync and async: an extension
//    function that returns a bytes object it already has (the crossing
//    alone), and lz4.block decompressing to 64 MiB (a compressor's result);
//  * the event loop's longest stall while lz4.block compresses 64 MiB
//    async (a 1 ms interval timer's largest gap between ticks), next to the
//    same call made sync;
//  * the throughput of 2 parallel async calls of a function that releases
//    the GIL (lz4.block compress of 16 MiB) against 1 call, next to what
//    the machine gives two threads at the time (Node's zlib on the same
//    pool, two workers running a JS loop): on a shared machine the target
//    only means something when those scale.
// The fixtures compile with the C compiler, as the tests do; lz4.block comes
// from the real-extension corpus (scripts/corpus.py) and its rows are left
// out, with a line saying so, when the corpus cannot be fetched.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import { deflate } from 'node:zlib'

import { bytes, isBytes, loadExtension } from 'pybuffer'
import { cflags, compile, fixture, root } from '../__test__/build-ext.js'

export interface BenchHelpers {
  row(label: string, ns: number, bytes: number, note: string): void
  target(what: string, measured: string, met: boolean): void
  fmtNs(ns: number): string
}

const MiB = 1 << 20

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Median ns of `runs` awaited runs of `fn`. */
async function timeAsync(fn: () => Promise<unknown> | unknown, runs: number): Promise<number> {
  await fn()
  const per: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    per.push(Number(process.hrtime.bigint() - t0))
  }
  return median(per)
}

/**
 * Nanoseconds the JS thread has spent waiting for a CPU (Linux's
 * schedstat: time on a run queue), or null where that is not available.
 */
function runQueueWait(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1])
  } catch {
    return null
  }
}

/**
 * The event loop's longest stall (ns) while `fn` runs, and how long it ran:
 * a 1 ms interval timer notes the largest gap between its ticks, less the
 * 1 ms it asked for. `ownNs` is the longest stall less the time the JS
 * thread waited for a CPU during it (a loaded machine's share, not the
 * call's); null where the scheduler does not tell.
 */
async function stall(fn: () => Promise<unknown> | unknown): Promise<{ maxNs: number; ownNs: number | null; ranNs: number }> {
  let last = process.hrtime.bigint()
  let lastWait = runQueueWait()
  let maxGap = 0
  let maxOwn = 0
  const note = () => {
    const now = process.hrtime.bigint()
    const wait = runQueueWait()
    const gap = Number(now - last) - 1e6
    maxGap = Math.max(maxGap, gap)
    if (wait !== null && lastWait !== null) maxOwn = Math.max(maxOwn, gap - (wait - lastWait))
    last = now
    lastWait = wait
  }
  const tick = setInterval(note, 1)
  await new Promise((resolve) => setTimeout(resolve, 20))
  maxGap = 0
  maxOwn = 0
  const t0 = process.hrtime.bigint()
  await fn()
  const ranNs = Number(process.hrtime.bigint() - t0)
  // The tick after the call ends shows a stall that lasted until then.
  await new Promise((resolve) => setTimeout(resolve, 5))
  clearInterval(tick)
  return { maxNs: Math.max(0, maxGap), ownNs: runQueueWait() === null ? null : Math.max(0, maxOwn), ranNs }
}

/** `n` bytes of text-like data: words from a small vocabulary, picked by a seeded generator. */
function textLike(n: number): Buffer {
  const words = 'the of and buffer protocol strided view export memory python node extension async call pool lock'.split(' ')
  const out = Buffer.alloc(n)
  let seed = 12345
  let at = 0
  while (at < n) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    const w = words[seed >>> 28]!
    at += out.write(`${w}${seed & 0x100 ? ', ' : ' '}${seed & 0x7 ? '' : String(seed % 1000)}`, at)
  }
  return out
}

/** Runs `n` workers that each spin a fixed JS loop, and waits for them. */
function busyWorkers(n: number): Promise<unknown> {
  const src = `let x = 0; for (let i = 0; i < 5e7; i++) x = (x * 31 + i) | 0; require('node:worker_threads').parentPort.postMessage(x)`
  const one = () =>
    new Promise((resolve, reject) => {
      const w = new Worker(src, { eval: true })
      w.once('message', resolve)
      w.once('error', reject)
    })
  return Promise.all(Array.from({ length: n }, one))
}

function buildLz4(dir: string): { so: string } | { skipped: string } {
  const so = path.join(dir, '_block.so')
  const r = spawnSync('python3', [path.join(root, 'scripts', 'corpus.py'), 'build', 'lz4', '--api', 'pybuffer', '--out', so], {
    encoding: 'utf8',
  })
  if (r.status === 0) return { so }
  return { skipped: r.stderr.trim().split('\n').pop() ?? `corpus.py exited with ${r.status}` }
}

export async function benchExtensions(h: BenchHelpers, quick: boolean): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-bench-ext-'))
  try {
    const flags = cflags(() => {})
    const testext = path.join(dir, 'testext.so')
    compile(flags, fixture('testext.c'), testext)
    const tx = loadExtension<'echo'>(testext)
    const runs = quick ? 3 : 9

    // (a) A 64 MiB bytes result reaching JS.
    const big = bytes(Buffer.alloc(64 * MiB, 0x5a))
    const echoed = tx.echo(big)
    if (!Buffer.isBuffer(echoed) || !isBytes(echoed) || echoed.length !== 64 * MiB) throw new Error('bench: echo(bytes) did not return the bytes')
    const echoSync = await timeAsync(() => tx.echo(big), runs * 10)
    const echoAsync = await timeAsync(() => tx.echo.async(big), runs * 10)
    console.log('\nextension calls: a 64 MiB bytes result reaching JS (a zero-copy Buffer over the object)')
    h.row('echo(64 MiB bytes), sync', echoSync, 0, 'the crossing alone')
    h.row('echo.async(64 MiB bytes)', echoAsync, 0, 'the crossing and a pool round trip')
    h.target(
      '64 MiB bytes result reaches JS zero-copy: sync < 1 ms',
      `${h.fmtNs(echoSync)} (async, with the pool hop: ${h.fmtNs(echoAsync)})`,
      echoSync < 1e6,
    )

    const lz4 = buildLz4(dir)
    if ('skipped' in lz4) {
      console.log(`  lz4.block rows left out: the corpus is unavailable (${lz4.skipped})`)
      return
    }
    const block = loadExtension<'compress' | 'decompress'>(lz4.so, '_block')
    const input = textLike(64 * MiB)
    const packed = block.compress(input) as Buffer
    console.log(`  (lz4.block input: 64 MiB of text-like bytes, ${(input.length / packed.length).toFixed(1)}x compressible)`)
    const round = block.decompress(packed) as Buffer
    if (!isBytes(round) || !round.equals(input)) throw new Error('bench: lz4.block round trip failed')
    const dSync = await timeAsync(() => block.decompress(packed), runs)
    const dAsync = await timeAsync(() => block.decompress.async(packed), runs)
    // A new bytes object is 64 MiB of fresh memory, written once: first touch.
    const alloc = await timeAsync(() => Buffer.allocUnsafeSlow(64 * MiB).fill(1), runs)
    h.row('JS allocUnsafeSlow(64 MiB).fill(1)', alloc, 64 * MiB, 'for scale: first touch of fresh pages')
    h.row('lz4.block decompress -> 64 MiB, sync', dSync, 64 * MiB, 'decompression included')
    h.row('lz4.block decompress.async -> 64 MiB', dAsync, 64 * MiB, `${(dAsync / dSync).toFixed(2)}x the sync call`)

    // (b) The event loop while 64 MiB compress async.
    const stalls: number[] = []
    const own: number[] = []
    let ran = 0
    for (let i = 0; i < runs; i++) {
      const s = await stall(() => block.compress.async(input))
      stalls.push(s.maxNs)
      if (s.ownNs !== null) own.push(s.ownNs)
      ran = Math.max(ran, s.ranNs)
    }
    // The JS thread's own share of a call: starting it (arguments converted,
    // memory pinned, work queued) and settling it (result converted).
    const dispatch: number[] = []
    const settle: number[] = []
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint()
      const p = block.compress.async(input)
      dispatch.push(Number(process.hrtime.bigint() - t0))
      await p
    }
    for (let i = 0; i < runs; i++) settle.push(await timeAsync(() => tx.echo.async(big), 1))
    const syncStall = await stall(() => block.compress(input))
    // Node's own thread-pool work of the same size, for scale.
    const deflateAsync = promisify(deflate)
    const zlibStall = await stall(() => deflateAsync(input, { level: 1 }))
    // The same probe with nothing running: the machine's own noise floor.
    const idle = await stall(() => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.round(ran / 1e6)))))
    const worst = Math.max(...stalls)
    console.log('event loop while lz4.block compresses 64 MiB (longest stall of a 1 ms interval timer)')
    h.row('compress.async(64 MiB): worst stall', worst, 0, `median ${h.fmtNs(median(stalls))} over ${runs} calls of up to ${h.fmtNs(ran)}`)
    const worstOwn = own.length > 0 ? Math.max(...own) : null
    if (worstOwn !== null) h.row('  the same, less waits for a CPU', worstOwn, 0, 'the JS thread was runnable but the machine busy')
    h.row('compress.async(64 MiB): starting it', median(dispatch), 0, `the JS thread's work; worst of ${runs} ${h.fmtNs(Math.max(...dispatch))}`)
    h.row('echo.async(64 MiB bytes): a round trip', median(settle), 0, 'start + settle + a pool hop, for the settling share')
    h.row('compress(64 MiB), sync: the stall', syncStall.maxNs, 0, 'the whole call blocks the loop')
    h.row('zlib.deflate(64 MiB), async: the stall', zlibStall.maxNs, 0, `Node's own pool work, ${h.fmtNs(zlibStall.ranNs)}`)
    h.row('no call, as long: the stall', idle.maxNs, 0, `the probe's own noise floor${idle.ownNs === null ? '' : ` (${h.fmtNs(idle.ownNs)} less waits)`}`)
    h.target(
      'event-loop stall during a 64 MiB async compression < 5 ms',
      `${h.fmtNs(worst)}${worstOwn === null ? '' : ` (${h.fmtNs(worstOwn)} less waits for a CPU)`}`,
      worst < 5e6,
    )

    // (c) 2 parallel async calls of a GIL-releasing function against 1:
    // lz4.block compress holds the GIL only to parse its arguments and to
    // copy its output into a new bytes (as on CPython).
    const chunk = input.subarray(0, 16 * MiB)
    console.log('parallel async calls: lz4.block compress of 16 MiB, which releases the GIL around its work')
    const one = await timeAsync(() => block.compress.async(chunk), runs)
    const two = await timeAsync(() => Promise.all([block.compress.async(chunk), block.compress.async(chunk)]), runs)
    const speedup = (2 * one) / two
    h.row('1 call', one, 16 * MiB, '')
    h.row('2 calls at once', two, 32 * MiB, `throughput ${speedup.toFixed(2)}x one call`)
    // What the machine gives two threads right now, for scale: Node's own
    // zlib on the same pool, and two workers running a JS loop.
    const deflateChunk = () => deflateAsync(chunk, { level: 1 })
    const zOne = await timeAsync(deflateChunk, runs)
    const zTwo = await timeAsync(() => Promise.all([deflateChunk(), deflateChunk()]), runs)
    h.row('zlib.deflate 16 MiB: 2 at once', zTwo, 32 * MiB, `throughput ${((2 * zOne) / zTwo).toFixed(2)}x one (Node's pool, for scale)`)
    const cOne = await timeAsync(() => busyWorkers(1), quick ? 1 : 3)
    const cTwo = await timeAsync(() => busyWorkers(2), quick ? 1 : 3)
    h.row('2 workers running a JS loop', cTwo, 0, `throughput ${((2 * cOne) / cTwo).toFixed(2)}x one (the machine's 2 cores now)`)
    h.target('2 parallel async calls >= 1.7x the throughput of 1 (2 cores)', `${speedup.toFixed(2)}x`, speedup >= 1.7)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
