// getBuffer(): memoryview's flag rules, the PyBuffer properties and methods,
// and release.

import test from 'ava'
import { BufferError, exporter, getBuffer, PyBuffer, PyBUF } from 'pybuffer'

const code = (e: unknown): string | undefined => (e as { code?: string }).code

test('PyBUF has CPython values', (t) => {
  t.deepEqual(
    { ...PyBUF },
    {
      SIMPLE: 0,
      WRITABLE: 1,
      WRITEABLE: 1,
      FORMAT: 4,
      ND: 8,
      STRIDES: 0x18,
      C_CONTIGUOUS: 0x38,
      F_CONTIGUOUS: 0x58,
      ANY_CONTIGUOUS: 0x98,
      INDIRECT: 0x118,
      CONTIG: 9,
      CONTIG_RO: 8,
      STRIDED: 0x19,
      STRIDED_RO: 0x18,
      RECORDS: 0x1d,
      RECORDS_RO: 0x1c,
      FULL: 0x11d,
      FULL_RO: 0x11c,
      READ: 0x100,
      WRITE: 0x200,
    },
  )
  t.true(Object.isFrozen(PyBUF))
})

test('fields are null where the flags leave them out, as in C', (t) => {
  const exp = exporter(new Int32Array(6), { shape: [2, 3] })
  using simple = getBuffer(exp, PyBUF.SIMPLE)
  t.deepEqual(
    [simple.ndim, simple.len, simple.itemsize, simple.format, simple.shape, simple.strides, simple.suboffsets],
    [1, 24, 4, null, null, null, null],
  )
  using nd = getBuffer(exp, PyBUF.ND)
  t.deepEqual([nd.ndim, nd.format, nd.shape, nd.strides], [2, null, [2, 3], null])
  using strided = getBuffer(exp, PyBUF.STRIDES)
  t.deepEqual([strided.format, strided.shape, strided.strides], [null, [2, 3], [12, 4]])
  using full = getBuffer(exp)
  t.deepEqual([full.format, full.shape, full.strides, full.suboffsets, full.readonly], ['i', [2, 3], [12, 4], null, false])
  t.true(Object.isFrozen(full.shape))
  t.throws(() => getBuffer(exp, PyBUF.FORMAT), {
    instanceOf: BufferError,
    message: /cannot cast to unsigned bytes if the format flag is present/,
  })
  // Without a format the items read as unsigned bytes of the same length.
  const items = simple.tolist() as Buffer[]
  t.is(items.length, 6)
  t.true(items.every((b) => Buffer.isBuffer(b) && b.length === 4))
})

test('contiguity requests follow memoryview', (t) => {
  const src = new Float64Array(24)
  const c = exporter(src, { shape: [2, 3] })
  const f = exporter(src, { shape: [2, 3], strides: [8, 16] })
  const strided = exporter(src, { shape: [2, 3], strides: [48, 16] })
  const scalar = exporter(src, { shape: [] })
  const ok = (e: ReturnType<typeof exporter>, flags: number): boolean => {
    try {
      getBuffer(e, flags).release()
      return true
    } catch (err) {
      if (!(err instanceof BufferError)) throw err
      return false
    }
  }
  const table: Array<[string, ReturnType<typeof exporter>, boolean[]]> = [
    // C_CONTIGUOUS, F_CONTIGUOUS, ANY_CONTIGUOUS, ND, STRIDES, SIMPLE
    ['C', c, [true, false, true, true, true, true]],
    ['F', f, [false, true, true, false, true, false]],
    ['strided', strided, [false, false, false, false, true, false]],
    ['scalar', scalar, [true, true, true, true, true, true]],
  ]
  const flags = [PyBUF.C_CONTIGUOUS, PyBUF.F_CONTIGUOUS, PyBUF.ANY_CONTIGUOUS, PyBUF.ND, PyBUF.STRIDES, PyBUF.SIMPLE]
  for (const [name, e, expected] of table) {
    t.deepEqual(
      flags.map((fl) => ok(e, fl)),
      expected,
      name,
    )
    t.is(e.exports, 0)
  }
  const err = t.throws(() => getBuffer(strided, PyBUF.C_CONTIGUOUS), { instanceOf: BufferError })
  t.is(err.message, 'exporter: underlying buffer is not C-contiguous')
  t.is(err.code, 'BufferError')
})

test('isContiguous, getPointer', (t) => {
  const src = new Uint16Array(12)
  using c = getBuffer(exporter(src, { shape: [3, 4] }))
  t.true(c.isContiguous('C'))
  t.true(c.isContiguous())
  t.false(c.isContiguous('F'))
  t.true(c.isContiguous('A'))
  t.is(c.getPointer([2, 1]), 2 * 8 + 2)
  using tr = getBuffer(exporter(src, { shape: [4, 3], strides: [2, 8] }))
  t.deepEqual([tr.isContiguous('C'), tr.isContiguous('F'), tr.isContiguous('A')], [false, true, true])
  t.is(tr.getPointer([1, 2]), 2 + 16)
  using neg = getBuffer(exporter(src, { shape: [3], strides: [-8], offset: 16 }))
  t.is(neg.getPointer([0]), 16)
  t.is(neg.getPointer([2]), 0)
  for (const bad of [[3, 0], [0, 4], [-1, 0]]) {
    const err = t.throws(() => c.getPointer(bad), { instanceOf: RangeError })
    t.is(code(err), 'IndexError')
  }
  t.throws(() => c.getPointer([1]), { instanceOf: RangeError, message: /expected 2 indices, got 1/ })
  t.throws(() => c.getPointer([1, 0.5]), { instanceOf: TypeError })
  t.throws(() => c.isContiguous('X' as 'C'), { instanceOf: RangeError })
})

test('toContiguous and fromContiguous in every order', (t) => {
  // A 2x3 view, transposed (F-contiguous), of 0..5.
  const src = Uint8Array.from([0, 1, 2, 3, 4, 5])
  using v = getBuffer(exporter(src, { shape: [3, 2], strides: [1, 3] }))
  t.deepEqual(v.tolist(), [[0, 3], [1, 4], [2, 5]])
  t.deepEqual([...v.toContiguous()], [0, 3, 1, 4, 2, 5])
  t.deepEqual([...v.toContiguous('C')], [0, 3, 1, 4, 2, 5])
  t.deepEqual([...v.toContiguous('F')], [0, 1, 2, 3, 4, 5])
  t.deepEqual([...v.toContiguous('A')], [0, 1, 2, 3, 4, 5], "'A' keeps an F-contiguous view as it is")
  t.true(Buffer.isBuffer(v.toContiguous()))
  const out = new Uint8Array(6)
  t.is(v.toContiguous('C', out), out)
  t.deepEqual([...out], [0, 3, 1, 4, 2, 5])
  t.throws(() => v.toContiguous('C', new Uint8Array(5)), { instanceOf: RangeError })
  v.fromContiguous(Uint8Array.from([10, 11, 12, 13, 14, 15]))
  t.deepEqual([...src], [10, 12, 14, 11, 13, 15])
  v.fromContiguous(Uint8Array.from([20, 21, 22, 23, 24, 25]), 'F')
  t.deepEqual([...src], [20, 21, 22, 23, 24, 25])
  v.fromContiguous(new Uint16Array([0x0100, 0x0302, 0x0504]).buffer, 'C')
  t.deepEqual(v.tolist(), [[0, 1], [2, 3], [4, 5]])
  const err = t.throws(() => v.fromContiguous(new Uint8Array(7)), { instanceOf: RangeError })
  t.is(code(err), 'ValueError')
  t.throws(() => v.fromContiguous(new Uint8Array(5)), { instanceOf: RangeError })
  t.throws(() => v.fromContiguous('abc' as unknown as Uint8Array), { instanceOf: TypeError })
  t.throws(() => v.toContiguous('Z' as 'C'), { instanceOf: RangeError })
})

test('obj is what getBuffer was given', (t) => {
  const src = new Float32Array(2)
  const exp = exporter(src)
  using a = getBuffer(exp)
  t.is(a.obj, exp)
  using b = getBuffer(src)
  t.is(b.obj, src)
  using c = getBuffer(exp.handle)
  t.is(c.obj, exp.handle)
  t.is(exp.exports, 2)
})

test('a released view refuses everything but release and released', (t) => {
  const exp = exporter(new Uint8Array(4))
  const view = getBuffer(exp)
  t.false(view.released)
  view.release()
  t.true(view.released)
  t.is(exp.exports, 0)
  view.release()
  view[Symbol.dispose]()
  const props = ['obj', 'len', 'itemsize', 'readonly', 'ndim', 'format', 'shape', 'strides', 'suboffsets'] as const
  for (const p of props) {
    t.throws(() => view[p], { instanceOf: BufferError, message: 'operation forbidden on released buffer' }, p)
  }
  const calls: Array<() => unknown> = [
    () => view.isContiguous('C'),
    () => view.getPointer([0]),
    () => view.toContiguous(),
    () => view.fromContiguous(new Uint8Array(4)),
    () => view.tolist(),
    () => view.get(0),
    () => view.set(1, 0),
    () => view.toTypedArray(),
  ]
  for (const call of calls) {
    const err = t.throws(call, { instanceOf: BufferError })
    t.is(code(err), 'BufferError')
  }
})

test('cached fields do not survive release', (t) => {
  const view = getBuffer(new Uint8Array(4))
  t.deepEqual(view.shape, [4])
  t.is(view.len, 4)
  view.release()
  t.throws(() => view.shape, { instanceOf: BufferError })
  t.throws(() => view.len, { instanceOf: BufferError })
})

test('using releases at the end of the block', (t) => {
  const exp = exporter(new Uint8Array(4))
  let escaped: PyBuffer | undefined
  {
    using view = getBuffer(exp)
    escaped = view
    t.is(exp.exports, 1)
  }
  t.true(escaped.released)
  t.is(exp.exports, 0)
  t.throws(() => {
    using view = getBuffer(exp)
    t.is(exp.exports, 1)
    throw new Error(`boom ${view.len}`)
  })
  t.is(exp.exports, 0)
})

test('PyBuffer and Exporter cannot be constructed directly', (t) => {
  const Ctor = PyBuffer as unknown as new (...args: unknown[]) => PyBuffer
  t.throws(() => new Ctor(Symbol('x'), 1, null), { instanceOf: TypeError })
})

test('getBuffer refuses what is not a buffer', (t) => {
  for (const bad of [null, undefined, 3, 'abc', [1, 2], {}]) {
    t.throws(() => getBuffer(bad as unknown as Uint8Array), { instanceOf: TypeError })
  }
})
