// loadExtension in worker threads: a multi-phase module is one per JS
// environment (its own module state, freed when the worker ends), a
// single-phase one is shared by the process, and the one GIL serialises
// extension code across workers, sync and async.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import anyTest, { type TestFn } from 'ava'
import { loadExtension } from 'pybuffer'
import { cflags, compile, fixture } from './build-ext.js'

interface Built {
  dir: string
  asyncext: string
  testext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-async-workers-'))
  const flags = cflags((m) => t.log(m))
  const built = { dir, asyncext: path.join(dir, 'asyncext.so'), testext: path.join(dir, 'testext.so') }
  compile(flags, fixture('asyncext.c'), built.asyncext)
  compile(flags, fixture('testext.c'), built.testext)
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

interface Report {
  ticks: number[]
  met: boolean
  overlaps: number
  sums: number[]
}

function runWorker(file: string, workerData: unknown): Promise<Report> {
  return new Promise<Report>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'fixtures', file), { workerData })
    let report: Report | undefined
    worker.once('message', (m: Report) => (report = m))
    worker.once('error', reject)
    worker.once('exit', (code) => (report !== undefined ? resolve(report) : reject(new Error(`worker exited with ${code}`))))
  })
}

test.serial('workers call one extension at once, sync and async; multi-phase modules are one per environment', async (t) => {
  const ext = loadExtension<'tick' | 'reset' | 'critical' | 'freed' | 'rendezvous'>(t.context.asyncext)
  ext.reset()
  const freedBefore = ext.freed() as number
  // The main thread's module state counts its own calls only.
  const mainTicks = [ext.tick(), ext.tick(), ext.tick(), ext.tick(), ext.tick()]
  const workers = 3
  const pending: Promise<Report>[] = []
  for (let i = 0; i < workers; i++) pending.push(runWorker('async-worker.js', { path: t.context.asyncext, workers }))
  // Meanwhile the main thread runs extension code that keeps the GIL.
  let overlaps = 0
  for (let i = 0; i < 20; i++) overlaps = Math.max(overlaps, (await ext.critical.async(50)) as number, ext.critical(50) as number)
  const reports = await Promise.all(pending)
  for (const r of reports) {
    // Each worker's own module: its state starts at zero, whatever the others did.
    t.deepEqual(r.ticks, [1, 2, 3])
    // Their async calls met, GIL released, across workers.
    t.true(r.met)
    // Code that keeps the GIL never ran on two threads at once.
    t.is(r.overlaps, 0)
    t.deepEqual(r.sums, [1 << 16, 1 << 16])
  }
  t.is(overlaps, 0)
  t.deepEqual(mainTicks, [1, 2, 3, 4, 5])
  t.is(ext.tick(), 6)
  // Each worker's module was freed (m_free) when its environment was torn down.
  t.is((ext.freed() as number) - freedBefore, workers)
})

test.serial('a single-phase module is one per process, shared with workers', async (t) => {
  const ext = loadExtension<'module_id'>(t.context.testext)
  const ids = await Promise.all(
    [0, 1].map(
      (i) =>
        new Promise<{ moduleId: number }>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, 'fixtures', 'extension-worker.js'), {
            workerData: t.context.testext,
          })
          worker.once('message', resolve)
          worker.once('error', reject)
          void i
        }),
    ),
  )
  for (const r of ids) t.is(r.moduleId, ext.module_id() as number)
})

test.serial('a worker that exits while its async calls run leaves them to finish, then releases what they held', async (t) => {
  const ext = loadExtension<'reset' | 'set_flag' | 'tick' | 'freed'>(t.context.asyncext)
  ext.reset()
  const freedBefore = ext.freed() as number
  for (const how of ['terminate', 'exit'] as const) {
    const src = `
      const { parentPort, workerData } = require('node:worker_threads')
      const { loadExtension } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'index.js'))})
      const ext = loadExtension(workerData.path)
      // Both wait with the GIL released, reading and writing the worker's memory.
      const data = new Uint8Array(1 << 20).fill(1)
      ext.sum.async(data, 300)
      ext.fill.async(new Uint8Array(1 << 20), 7)
      parentPort.postMessage('started')
      if (workerData.how === 'exit') process.exit(0)
    `
    const worker = new Worker(src, { eval: true, workerData: { path: t.context.asyncext, how } })
    await new Promise((resolve) => worker.once('message', resolve))
    if (how === 'terminate') await worker.terminate()
    else await new Promise((resolve) => worker.once('exit', resolve))
  }
  // The calls finish on the pool as their worker goes; then their references
  // go, and with them each worker's module (m_free).
  ext.set_flag()
  for (let i = 0; i < 100 && (ext.freed() as number) - freedBefore < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.is((ext.freed() as number) - freedBefore, 2)
  t.is(typeof ext.tick(), 'number')
})
