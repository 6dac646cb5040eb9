// Release management: the FinalizationRegistry path, leak reports, release
// on another native thread, and the addon in worker threads.

import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import test from 'ava'
import { __internal, exporter, gcReleasedCount, getBuffer, type LeakReport, PyBUF, setDebugLeaks } from 'pybuffer'
import { gcUntil } from './helpers.js'

test.serial('views dropped without release are released after GC', async (t) => {
  const exp = exporter(new Float64Array(1024))
  const before = gcReleasedCount()
  ;(() => {
    for (let i = 0; i < 200; i++) getBuffer(exp, i % 2 ? PyBUF.FULL : PyBUF.SIMPLE)
  })()
  t.is(exp.exports, 200)
  t.true(await gcUntil(() => exp.exports === 0), `exports still ${exp.exports}`)
  t.is(gcReleasedCount() - before, 200)
  t.notThrows(() => exp.close())
})

test.serial('derived views dropped without release are released after GC', async (t) => {
  const exp = exporter(new Float64Array(64), { shape: [8, 8] })
  const before = gcReleasedCount()
  ;(() => {
    const base = getBuffer(exp)
    for (let i = 0; i < 20; i++) {
      base.transpose()
      base.slice([0, 4])
    }
    base.release()
  })()
  t.is(exp.exports, 1, 'the derived views keep the export')
  t.true(await gcUntil(() => exp.exports === 0), `exports still ${exp.exports}`)
  t.is(gcReleasedCount() - before, 40)
})

test.serial('released views are not released again by the registry', async (t) => {
  const exp = exporter(new Uint8Array(16))
  const before = gcReleasedCount()
  ;(() => {
    for (let i = 0; i < 50; i++) getBuffer(exp).release()
  })()
  const keep = getBuffer(exp)
  await gcUntil(() => false, 5)
  t.is(gcReleasedCount(), before)
  t.is(exp.exports, 1)
  keep.release()
})

test.serial('the memory of a dropped exporter is collected once its views are', async (t) => {
  let ref: WeakRef<ArrayBuffer> | undefined
  ;(() => {
    const ab = new ArrayBuffer(1 << 20)
    ref = new WeakRef(ab)
    const exp = exporter(ab)
    for (let i = 0; i < 3; i++) getBuffer(exp)
  })()
  t.true(await gcUntil(() => ref?.deref() === undefined), 'the ArrayBuffer was never collected')
})

test.serial('setDebugLeaks reports the stack where a leaked view was acquired', async (t) => {
  const reports: LeakReport[] = []
  setDebugLeaks((r) => reports.push(r))
  const exp = exporter(new Uint8Array(4))
  function acquireAndForget(): void {
    getBuffer(exp, PyBUF.FULL)
  }
  acquireAndForget()
  getBuffer(exp).release()
  setDebugLeaks(false)
  t.true(await gcUntil(() => reports.length > 0 && exp.exports === 0))
  t.is(reports.length, 1)
  t.regex(reports[0]!.stack, /acquireAndForget/)
  t.regex(reports[0]!.stack, /gc\.test/)
  t.regex(reports[0]!.description, /flags 285/)
})

test('PYBUFFER_DEBUG_LEAKS=1 prints a warning with the acquisition stack', (t) => {
  const script = `
    const { exporter, getBuffer } = require('pybuffer')
    const exp = exporter(new Uint8Array(8))
    function leakyFunction() { getBuffer(exp) }
    leakyFunction()
    ;(async () => {
      for (let i = 0; i < 50 && exp.exports; i++) { gc(); await new Promise((r) => setImmediate(r)) }
      console.log('exports', exp.exports)
    })()
  `
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, PYBUFFER_DEBUG_LEAKS: '1' },
    encoding: 'utf8',
  })
  t.is(r.status, 0, r.stderr)
  t.regex(r.stdout, /exports 0/)
  t.regex(r.stderr, /PyBufferLeakWarning: a PyBuffer \(flags 284\) was released by garbage collection/)
  t.regex(r.stderr, /leakyFunction/)
})

test.serial('a view released on another native thread routes the JS reference back', async (t) => {
  let ref: WeakRef<ArrayBuffer> | undefined
  let released = false
  ;(() => {
    const ab = new ArrayBuffer(1 << 16)
    ref = new WeakRef(ab)
    // The temporary exporter is held only by the view, so the release on the
    // other thread deallocates it there and drops its Uint8Array reference.
    const view = getBuffer(new Float64Array(ab))
    t.is(view.len, 1 << 16)
    released = __internal.native.testingReleaseOnThread(__internal.viewId(view))
    t.throws(() => view.tolist(), { message: /released/ })
    view.release()
  })()
  t.true(released)
  t.true(await gcUntil(() => ref?.deref() === undefined), 'the ArrayBuffer was never collected')
})

test.serial('exports drop when a view is released on another thread', (t) => {
  const exp = exporter(new Int32Array(8))
  const views = [getBuffer(exp), getBuffer(exp), getBuffer(exp)]
  t.is(exp.exports, 3)
  for (const v of views) t.true(__internal.native.testingReleaseOnThread(__internal.viewId(v)))
  t.is(exp.exports, 0)
  t.false(__internal.native.testingReleaseOnThread(__internal.viewId(views[0]!)), 'already released')
  for (const v of views) v.release()
  exp.close()
})

test('the addon works in worker threads, which release and leak views', async (t) => {
  const shared = new SharedArrayBuffer(64)
  const run = (): Promise<{ exports: number; sum: number; foreign: string }> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'fixtures', 'worker.js'), { workerData: shared })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  const results = await Promise.all([run(), run(), run()])
  for (const r of results) {
    t.is(r.exports, 0)
    t.is(r.foreign, 'BufferError')
  }
  t.is(new Int32Array(shared)[0], 3, 'every worker wrote through its view')
  // A view id from this thread means nothing in another, and vice versa.
  const view = getBuffer(new Uint8Array(4))
  t.true(__internal.native.viewIsLive(__internal.viewId(view)))
  view.release()
})
