// Refcount and leak checks: after 10**5 calls of each kind (positional,
// keywords, bytes results, containers, async), the reference counts of the
// objects passed and returned are back at their baseline once JS has
// collected the results, and RSS is flat.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import { bytes, type ExtensionArg, kwargs, loadExtension, tuple } from 'pybuffer'
import { cflags, compile, fixture } from './build-ext.js'
import { gcUntil } from './helpers.js'

interface Built {
  dir: string
  asyncext: string
  multiphase: string
  testext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-leaks-'))
  const flags = cflags((m) => t.log(m))
  const built: Built = {
    dir,
    asyncext: path.join(dir, 'asyncext.so'),
    multiphase: path.join(dir, 'multiphase.so'),
    testext: path.join(dir, 'testext.so'),
  }
  compile(flags, fixture('asyncext.c'), built.asyncext)
  compile(flags, fixture('multiphase.c'), built.multiphase)
  compile(flags, fixture('testext.c'), built.testext)
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

const N = 100_000
/** RSS may grow this much over 10**5 calls (allocator and heap noise); a leak of one object per call is more. */
const RSS_SLACK = 24 << 20

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('run the tests with --expose-gc')
  gc()
  gc()
}

/**
 * Runs `round` (which makes `batch` calls) until N calls are made, after a
 * warm-up of as many; checks that RSS stayed flat and that every
 * watched reference count is back at its baseline once JS has collected.
 */
async function check(
  t: ExecutionContext<Built>,
  what: string,
  batch: number,
  round: () => unknown,
  watched: Array<() => number>,
): Promise<void> {
  // Node runs napi finalizers (those of handles, exporters) from the event
  // loop, as a program that yields to it would see them run: yield now and
  // then, or garbage piles up unfinalized.
  const run = async (calls: number) => {
    for (let i = 0; i < calls; i += batch) {
      await round()
      if (i % 1000 < batch) await new Promise((resolve) => setImmediate(resolve))
    }
  }
  // Warm up to the allocator's high-water mark (results are garbage until collected).
  await run(N)
  await gcUntil(() => false, 3)
  collect()
  const base = watched.map((w) => w())
  const rss0 = process.memoryUsage.rss()
  await run(N)
  // Results (Buffers over bytes, views) release their objects when collected.
  const settled = await gcUntil(() => watched.every((w, i) => w() === base[i]), 50)
  collect()
  const grown = process.memoryUsage.rss() - rss0
  t.true(settled, `${what}: refcounts ${watched.map((w) => w()).join(', ')} are not back at ${base.join(', ')}`)
  t.true(grown < RSS_SLACK, `${what}: RSS grew by ${(grown / 2 ** 20).toFixed(1)} MiB over ${N} calls`)
}

test.serial('sync calls with positional arguments, keywords, bytes results and containers', async (t) => {
  const ax = loadExtension<'refcount'>(t.context.asyncext)
  const mp = loadExtension<'bytes_len' | 'fast_kw' | 'make_bytes' | 'containers' | 'scale'>(t.context.multiphase)
  const tx = loadExtension<'echo' | 'sum'>(t.context.testext)
  const b = bytes(Buffer.alloc(1024, 7))
  const s = 'a str kept by JS, converted per call'
  const ref = (x: ExtensionArg) => () => ax.refcount(x) as number
  const f64 = new Float64Array(128).fill(0.5)
  await check(t, 'positional', 1, () => (mp.bytes_len(b), tx.sum(f64)), [ref(b)])
  await check(t, 'keywords', 1, () => (mp.fast_kw(1, kwargs({ a: b, b: 2, c: s })), mp.scale(kwargs({ x: 5, factor: 3 }))), [ref(b)])
  // A bytes result is a Buffer over the object; 1 KiB each, so a leak shows in RSS.
  await check(t, 'bytes results', 1, () => (mp.make_bytes(1024), tx.echo(b)), [ref(b)])
  await check(t, 'containers', 1, () => (mp.containers(), tx.echo([b, tuple([b, 1n << 100n])])), [ref(b)])
})

test.serial('async calls', async (t) => {
  const ax = loadExtension<'refcount' | 'sum'>(t.context.asyncext)
  const mp = loadExtension<'make_bytes'>(t.context.multiphase)
  const tx = loadExtension<'echo'>(t.context.testext)
  const b = bytes(Buffer.alloc(1024, 7))
  const data = new Uint8Array(1024).fill(1)
  const batch = 500
  await check(
    t,
    'async',
    batch,
    () => {
      const calls: Promise<unknown>[] = []
      for (let i = 0; i < batch; i += 4) {
        calls.push(ax.sum.async(b), ax.sum.async(data), mp.make_bytes.async(1024), tx.echo.async([b]))
      }
      return Promise.all(calls)
    },
    [() => ax.refcount(b) as number],
  )
})
