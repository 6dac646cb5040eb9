// Views derived from views: slice(), permute()/transpose() and cast(),
// against CPython (_testbuffer's multi-dimensional slicing and
// memoryview.cast, via __test__/fixtures/cpython_derive.py), and how they
// share their parent's export.

import { spawnSync } from 'node:child_process'
import path from 'node:path'

import test from 'ava'
import { __internal, BufferError, exporter, getBuffer, PyBuffer, PyBUF, type SliceSpec } from 'pybuffer'
import { gcUntil, mismatch, type Tagged } from './helpers.js'

type Op = { slice: Array<[number | null, number | null, number | null]> } | { cast: [string, number[] | null] }

interface Case {
  mem: string
  format: string
  shape: number[]
  ops: Op[]
  result?: { tolist: Tagged; shape: number[]; strides: number[]; format: string }
  error?: [string, string]
}

function oracle(seed: number, count: number): Case[] | string {
  const script = path.join(__dirname, '..', '..', '__test__', 'fixtures', 'cpython_derive.py')
  const r = spawnSync('python3', [script, String(seed), String(count)], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.error) return `python3 not found (${r.error.message})`
  if (r.status === 3) return r.stderr.trim()
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as Case[]
}

/** The JS error class and `.code` a Python exception becomes. */
const JS_ERRORS: Record<string, [new (...args: never[]) => Error, string]> = {
  ValueError: [RangeError, 'ValueError'],
  IndexError: [RangeError, 'IndexError'],
  TypeError: [TypeError, 'TypeError'],
}

for (const seed of [3118, 11, 2026]) {
  test(`slice and cast agree with CPython: values, layout and errors (seed ${seed})`, (t) => {
    const cases = oracle(seed, 400)
    if (typeof cases === 'string') {
      t.log(`SKIP: ${cases}`)
      t.pass()
      return
    }
    let errors = 0
    for (const c of cases) {
      const what = `${c.format} shape ${JSON.stringify(c.shape)} ops ${JSON.stringify(c.ops)}`
      const exp = exporter(Uint8Array.from(Buffer.from(c.mem, 'hex')), { format: c.format, shape: c.shape })
      const views: PyBuffer[] = [getBuffer(exp)]
      let error: unknown = null
      try {
        for (const op of c.ops) {
          const last = views[views.length - 1]!
          if ('slice' in op) views.push(last.slice(...op.slice))
          else views.push(op.cast[1] === null ? last.cast(op.cast[0]) : last.cast(op.cast[0], op.cast[1]))
        }
      } catch (e) {
        error = e
      }
      const view = views[views.length - 1]!
      if (c.error) {
        errors++
        const [cls, code] = JS_ERRORS[c.error[0]]!
        if (!(error instanceof cls)) t.fail(`${what}: expected ${c.error[0]} (${c.error[1]}), got ${String(error)}`)
        else {
          t.is((error as Error & { code: string }).code, code, what)
          t.is(error.message, c.error[1], what)
        }
      } else if (error !== null) {
        t.fail(`${what}: CPython succeeded, pybuffer threw ${String(error)}`)
      } else {
        const r = c.result!
        const m = mismatch(r.tolist, view.tolist(), 'tolist')
        if (m) t.fail(`${what}: ${m}`)
        t.deepEqual(view.shape, r.shape, what)
        if (view.shape!.every((d) => d > 0)) t.deepEqual(view.strides, r.strides, what)
        t.is(view.format, r.format, what)
        t.is(view.len, r.shape.reduce((a, b) => a * b, view.itemsize), what)
      }
      t.is(exp.exports, 1, `${what}: derived views share one export`)
      for (const v of views) v.release()
      t.is(exp.exports, 0)
      exp.close()
    }
    t.true(errors > 20 && errors < cases.length - 100, `a mix of failures (${errors}) and successes`)
  })
}

test('slice: Python semantics for bounds, negative steps and zero steps', (t) => {
  const exp = exporter(Int32Array.from({ length: 12 }, (_, i) => i), { shape: [3, 4] })
  using v = getBuffer(exp)
  using rows = v.slice([0, 10], [null, null, -1])
  t.deepEqual(rows.tolist(), [
    [3, 2, 1, 0],
    [7, 6, 5, 4],
    [11, 10, 9, 8],
  ])
  t.deepEqual(rows.strides, [16, -4])
  using last = v.slice([-1], [1, -1])
  t.deepEqual(last.tolist(), [[9, 10]])
  using none = v.slice([5, 1])
  t.deepEqual(none.shape, [0, 4])
  using all = v.slice()
  t.deepEqual(all.tolist(), v.tolist())
  const zero = t.throws(() => v.slice([null, null, 0]), { instanceOf: RangeError })
  t.is(zero.message, 'slice step cannot be zero')
  t.is((zero as RangeError & { code: string }).code, 'ValueError')
  const many = t.throws(() => v.slice([], [], []), { instanceOf: RangeError })
  t.is((many as RangeError & { code: string }).code, 'IndexError')
  t.throws(() => v.slice([0.5] as SliceSpec), {
    instanceOf: TypeError,
    message: 'slice indices must be integers or None or have an __index__ method',
  })
  t.throws(() => v.slice(3 as unknown as SliceSpec), { instanceOf: TypeError })
  // A write through a derived view reaches the exporter's memory.
  using w = v.slice([1, 2], [2, 3])
  w.set(-5, 0, 0)
  t.is(v.get(1, 2), -5)
})

test('permute and transpose reorder dimensions without copying', (t) => {
  const src = Float64Array.from({ length: 6 }, (_, i) => i)
  using v = getBuffer(exporter(src, { shape: [2, 3] }))
  using tr = v.transpose()
  t.deepEqual(tr.shape, [3, 2])
  t.deepEqual(tr.strides, [8, 24])
  t.deepEqual(tr.tolist(), [
    [0, 3],
    [1, 4],
    [2, 5],
  ])
  t.false(tr.isContiguous('C'))
  t.true(tr.isContiguous('F'))
  t.deepEqual([...tr.toContiguous('C')], [...Buffer.from(Float64Array.from([0, 3, 1, 4, 2, 5]).buffer)])
  using same = v.permute([-2, -1])
  t.deepEqual(same.strides, v.strides)
  for (const bad of [[0], [0, 0], [0, 2], [1, -3]]) {
    const e = t.throws(() => v.permute(bad), { instanceOf: RangeError })
    t.is((e as RangeError & { code: string }).code, 'ValueError')
  }
  t.throws(() => v.permute([0, 1.5]), { instanceOf: TypeError })
  tr.set(42, 2, 1)
  t.is(src[5], 42)
})

test('cast follows memoryview.cast and keeps the exporter', (t) => {
  using v = getBuffer(exporter(new Uint8Array(8)))
  using d = v.cast('d')
  t.deepEqual(d.shape, [1])
  using grid = v.cast('h', [2, 2])
  t.deepEqual(grid.strides, [4, 2])
  using back = grid.cast('B')
  t.deepEqual(back.shape, [8])
  t.throws(() => v.cast(1 as unknown as string), { instanceOf: TypeError, message: "cast() argument 'format' must be str, not number" })
  t.throws(() => v.cast('B', 4 as unknown as number[]), { instanceOf: TypeError, message: 'shape must be a list or a tuple' })
  t.throws(() => v.cast('B', [8.5]), { instanceOf: TypeError, message: 'memoryview.cast(): elements of shape must be integers' })
  const ndim = t.throws(() => v.cast('B', new Array<number>(65).fill(1)), { instanceOf: RangeError })
  t.is(ndim.message, 'memoryview: number of dimensions must not exceed 64')
})

test('derived views share the export: close refuses until every one is released', async (t) => {
  const exp = exporter(new Uint8Array(16))
  const v = getBuffer(exp)
  const s = v.slice([2, 10, 2])
  t.throws(() => s.cast('B'), { instanceOf: TypeError, message: 'memoryview: casts are restricted to C-contiguous views' })
  const head = v.slice([2, 6])
  const c = head.cast('B', [4])
  head.release()
  t.is(exp.exports, 1, 'one acquisition, as memoryview shares its managed buffer')
  v.release()
  t.throws(() => exp.close(), { instanceOf: BufferError })
  t.deepEqual(s.shape, [4])
  s.release()
  t.throws(() => s.slice(), { instanceOf: BufferError, message: /released/ })
  t.throws(() => exp.close(), { instanceOf: BufferError })
  t.is(c.len, 4)
  c.release()
  t.is(exp.exports, 0)
  exp.close()
  // Unreleased derived views go with garbage collection.
  const exp2 = exporter(new Uint8Array(16))
  ;(() => {
    const base = getBuffer(exp2)
    for (let i = 0; i < 20; i++) base.slice([i % 4]).transpose()
    base.release()
  })()
  t.is(exp2.exports, 1)
  t.true(await gcUntil(() => exp2.exports === 0), `exports still ${exp2.exports}`)
  exp2.close()
})

test('views of a C exporter derive over its Py_buffer and keep it exported', (t) => {
  const exp = exporter(Uint8Array.from([1, 2, 3, 4, 5, 6]))
  const mv = __internal.native.testingMemoryviewOf(exp.handle)
  const v = getBuffer(mv, PyBUF.FULL_RO)
  const s = v.slice([null, null, -2])
  v.release()
  mv.dispose()
  t.is(exp.exports, 1, 'the derived view keeps the memoryview, and so its export, alive')
  t.deepEqual(s.tolist(), [6, 4, 2])
  const first = s.slice([0, 1])
  const c = first.cast('B', [1])
  t.deepEqual(c.tolist(), [6])
  for (const view of [s, first, c]) view.release()
  t.is(exp.exports, 0)
  // A view acquired without shape or format derives as bytes in 1-D.
  using simple = getBuffer(exporter(Uint8Array.from([7, 8, 9])), PyBUF.SIMPLE)
  using r = simple.slice([null, null, -1])
  t.deepEqual(r.tolist(), [9, 8, 7])
  t.is(r.format, 'B')
})
