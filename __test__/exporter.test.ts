// exporter(): sources, formats, layout validation, exports and close().

import test from 'ava'
import { BufferError, Exporter, exporter, getBuffer, PyBUF, PyObjectHandle } from 'pybuffer'

test('every TypedArray kind exports with its format and byte length', (t) => {
  const cases: Array<[ArrayBufferView & { length: number }, string, number]> = [
    [new Int8Array(3), 'b', 1],
    [new Uint8Array(3), 'B', 1],
    [new Uint8ClampedArray(3), 'B', 1],
    [new Int16Array(3), 'h', 2],
    [new Uint16Array(3), 'H', 2],
    [new Int32Array(3), 'i', 4],
    [new Uint32Array(3), 'I', 4],
    [new Float32Array(3), 'f', 4],
    [new Float64Array(3), 'd', 8],
    [new BigInt64Array(3), 'q', 8],
    [new BigUint64Array(3), 'Q', 8],
    [Buffer.alloc(3), 'B', 1],
  ]
  for (const [src, format, size] of cases) {
    using view = getBuffer(exporter(src as Uint8Array))
    t.is(view.format as string | null, format)
    t.is(view.itemsize, size)
    t.is(view.len, 3 * size, `${format}: byte length is computed from bytes, not elements`)
    t.deepEqual(view.shape, [3])
    t.deepEqual(view.strides, [size])
  }
})

test('wide element types at an offset inside their ArrayBuffer', (t) => {
  const ab = new ArrayBuffer(64)
  const f64 = new Float64Array(ab, 16, 4)
  f64.set([1.5, 2.5, 3.5, 4.5])
  using view = getBuffer(f64)
  t.is(view.len, 32)
  t.deepEqual(view.tolist(), [1.5, 2.5, 3.5, 4.5])
  t.is(view.getPointer([0]), 0, 'offsets are relative to the source, not its ArrayBuffer')
  t.is(view.getPointer([3]), 24)
  const big = new BigUint64Array(ab, 8, 2)
  big[1] = 2n ** 64n - 1n
  using bv = getBuffer(big)
  t.is(bv.len, 16)
  t.deepEqual(bv.tolist(), [BigInt(new BigUint64Array(ab, 8, 1)[0]!), 2n ** 64n - 1n])
})

test('DataView, ArrayBuffer and SharedArrayBuffer export as bytes', (t) => {
  const ab = new ArrayBuffer(6)
  new Uint8Array(ab).set([1, 2, 3, 4, 5, 6])
  for (const src of [ab, new DataView(ab, 2, 3), new SharedArrayBuffer(4)]) {
    using view = getBuffer(src)
    t.is(view.format, 'B')
    t.is(view.itemsize, 1)
  }
  using dv = getBuffer(new DataView(ab, 2, 3))
  t.deepEqual(dv.tolist(), [3, 4, 5])
  const sab = new SharedArrayBuffer(4)
  using sv = getBuffer(sab, PyBUF.CONTIG)
  sv.set(7, 2)
  t.is(new Uint8Array(sab)[2], 7)
})

test('no copy: writes through a view reach the source and back', (t) => {
  const src = new Int32Array([1, 2, 3, 4, 5, 6])
  const exp = exporter(src, { shape: [2, 3] })
  using view = getBuffer(exp, PyBUF.FULL)
  view.set(-7, 1, 1)
  t.is(src[4], -7)
  src[0] = 99
  t.is(view.get(0, 0), 99)
})

test('layout: strided, negative and zero strides, offset in bytes', (t) => {
  const src = Uint8Array.from({ length: 16 }, (_, i) => i)
  using a = getBuffer(exporter(src, { shape: [4, 2], strides: [4, 2] }))
  t.deepEqual(a.tolist(), [[0, 2], [4, 6], [8, 10], [12, 14]])
  using b = getBuffer(exporter(src, { shape: [4], strides: [-4], offset: 15 }))
  t.deepEqual(b.tolist(), [15, 11, 7, 3])
  using c = getBuffer(exporter(src, { shape: [3, 2], strides: [0, 1], offset: 5 }))
  t.deepEqual(c.tolist(), [[5, 6], [5, 6], [5, 6]])
  using d = getBuffer(exporter(src, { format: '<H', shape: [2], strides: [8], offset: 1 }))
  t.deepEqual(d.tolist(), [0x0201, 0x0a09])
  using e = getBuffer(exporter(src, { shape: [], offset: 3 }))
  t.is(e.ndim, 0)
  t.is(e.get(), 3)
})

test('layout: the format decides the itemsize, and a wrong itemsize is refused', (t) => {
  const src = new Uint8Array(24)
  using v = getBuffer(exporter(src, { format: 'd' }))
  t.deepEqual(v.shape, [3])
  using w = getBuffer(exporter(src, { format: '<i', itemsize: 4, shape: [2, 3] }))
  t.deepEqual(w.strides, [12, 4])
  const err = t.throws(() => exporter(src, { format: 'i', itemsize: 8 }), { instanceOf: RangeError })
  t.regex(err.message, /layout\.itemsize/)
  t.is((err as RangeError & { code: string }).code, 'ValueError')
})

test('layout validation names the offending field', (t) => {
  const src = new Uint8Array(16)
  const cases: Array<[Parameters<typeof exporter>[1], ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor, RegExp]> = [
    [{ shape: [17] }, RangeError, /layout\.strides.*\[0, 17\).*16 bytes/],
    [{ shape: [4], strides: [-1] }, RangeError, /layout\.strides.*\[-3, 1\)/],
    [{ shape: [4], offset: 13 }, RangeError, /layout\.strides/],
    [{ shape: [1], offset: 17 }, RangeError, /layout\.offset/],
    [{ shape: [1], offset: -1 }, RangeError, /layout\.offset/],
    [{ shape: [2, -1] }, RangeError, /layout\.shape\[1\]/],
    [{ shape: new Array<number>(65).fill(1) }, RangeError, /layout\.shape.*65 dimensions/],
    [{ shape: [2], strides: [1, 1] }, RangeError, /layout\.strides has 2 entries/],
    [{ itemsize: -1 }, RangeError, /layout\.itemsize/],
    [{ format: 'q', itemsize: 4 }, RangeError, /layout\.itemsize/],
    [{ format: 'Z' }, TypeError, /layout\.format/],
    [{ format: '0i' }, RangeError, /layout\.format/],
    [{ format: '3s' }, RangeError, /layout\.shape/],
    [{ shape: [1.5] }, TypeError, /layout\.shape\[0\] must be an integer/],
    [{ shape: [2], strides: ['1' as unknown as number] }, TypeError, /layout\.strides\[0\]/],
    [{ offset: 0.5 }, TypeError, /layout\.offset/],
    [{ format: 7 as unknown as string }, TypeError, /layout\.format/],
    [{ readonly: 1 as unknown as boolean }, TypeError, /layout\.readonly/],
    [{ strides: [1] }, TypeError, /layout\.strides needs layout\.shape/],
    [{ shape: [2 ** 40, 2 ** 40] }, RangeError, /layout\.shape/],
    [{ shape: [2 ** 52], strides: [2 ** 52] }, RangeError, /layout\.strides: shape\[0\] \* strides\[0\] overflows/],
    [
      { shape: [3], strides: [2 ** 62] },
      RangeError,
      /^layout\.strides\[0\] is 4611686018427388000, beyond Number\.MAX_SAFE_INTEGER \(2\*\*53 - 1\) in magnitude$/,
    ],
    [{ offset: -(2 ** 60) }, RangeError, /layout\.offset is -1152921504606847000, beyond/],
  ]
  for (const [layout, type, pattern] of cases) {
    const err = t.throws(() => exporter(src, layout), { instanceOf: type }, JSON.stringify(layout))
    t.regex(err.message, pattern)
    t.truthy((err as Error & { code?: string }).code)
  }
  t.notThrows(() => exporter(src, { shape: new Array<number>(64).fill(1) }))
  t.notThrows(() => exporter(src, { shape: [0, 99], strides: [1 << 20, 1 << 20], offset: 16 }))
})

test('exporter refuses what it cannot export', (t) => {
  t.throws(() => exporter([1, 2, 3] as unknown as Uint8Array), { instanceOf: TypeError })
  t.throws(() => exporter('abc' as unknown as Uint8Array), { instanceOf: TypeError })
  t.throws(() => exporter(new Uint8Array(4), 3 as unknown as undefined), { instanceOf: TypeError })
  const resizable = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(8, {
    maxByteLength: 16,
  })
  t.throws(() => exporter(resizable), { instanceOf: TypeError, message: /resizable/ })
  t.throws(() => exporter(new Uint8Array(resizable)), { instanceOf: TypeError, message: /resizable/ })
  const growable = new (SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer)(
    8,
    { maxByteLength: 16 },
  )
  t.throws(() => getBuffer(growable), { instanceOf: TypeError, message: /resizable/ })
  const detached = new ArrayBuffer(8)
  structuredClone(detached, { transfer: [detached] })
  t.throws(() => exporter(detached), { instanceOf: TypeError, message: /detached/ })
})

test('exports counts live views; close() refuses while any exist', (t) => {
  const exp = exporter(new Uint8Array(8))
  t.true(exp instanceof Exporter)
  t.true(exp.handle instanceof PyObjectHandle)
  t.is(exp.handle.typeName, 'pybuffer.Exporter')
  t.is(exp.exports, 0)
  const a = getBuffer(exp)
  const b = getBuffer(exp, PyBUF.SIMPLE)
  t.is(exp.exports, 2)
  const err = t.throws(() => exp.close(), { instanceOf: BufferError })
  t.is(err.message, 'exporter has 2 exported buffers')
  t.is(err.code, 'BufferError')
  a.release()
  a.release()
  t.is(exp.exports, 1)
  b.release()
  t.is(exp.exports, 0)
  t.false(exp.closed)
  exp.close()
  exp.close()
  t.true(exp.closed)
  const after = t.throws(() => getBuffer(exp), { instanceOf: RangeError })
  t.is((after as RangeError & { code: string }).code, 'ValueError')
})

test('an exporter can be closed with using', (t) => {
  let outer: Exporter | undefined
  {
    using exp = exporter(new Float32Array(4))
    outer = exp
    using view = getBuffer(exp)
    t.is(view.len, 16)
  }
  t.true(outer.closed)
})

test('a read-only exporter refuses writable requests and writes', (t) => {
  const src = new Uint8Array([1, 2, 3])
  const exp = exporter(src, { readonly: true })
  t.throws(() => getBuffer(exp, PyBUF.WRITABLE), {
    instanceOf: BufferError,
    message: 'exporter: underlying buffer is not writable',
  })
  using view = getBuffer(exp, PyBUF.FULL_RO)
  t.true(view.readonly)
  t.throws(() => view.set(1, 0), { instanceOf: BufferError })
  t.throws(() => view.fromContiguous(new Uint8Array(3)), { instanceOf: BufferError })
})

test('a detached ArrayBuffer is refused by every view access', (t) => {
  const ab = new ArrayBuffer(32)
  const f = new Float64Array(ab)
  f[0] = 1
  const exp = exporter(f)
  const view = getBuffer(exp)
  t.is(view.get(0), 1)
  structuredClone(ab, { transfer: [ab] })
  t.is(ab.byteLength, 0)
  for (const access of [
    () => view.get(0),
    () => view.set(2, 0),
    () => view.tolist(),
    () => view.toContiguous(),
    () => view.fromContiguous(new Uint8Array(32)),
    () => view.toTypedArray(),
    () => getBuffer(exp),
  ]) {
    t.throws(access, { instanceOf: BufferError, message: /detached/ })
  }
  view.release()
  t.is(exp.exports, 0)
})
