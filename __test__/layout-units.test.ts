// exporter() conveniences: strides and offsets in items, and deliberate
// reinterpretation of a TypedArray's bytes with another item size.

import test from 'ava'
import { exporter, getBuffer } from 'pybuffer'

type Coded = Error & { code: string }

test("unit: 'items' scales strides and offset by the item size", (t) => {
  const img = Float32Array.from({ length: 12 }, (_, i) => i)
  using byItems = getBuffer(exporter(img, { shape: [2, 3], strides: [4, 1], offset: 1, unit: 'items' }))
  using byBytes = getBuffer(exporter(img, { shape: [2, 3], strides: [16, 4], offset: 4 }))
  t.deepEqual(byItems.strides, [16, 4])
  t.deepEqual(byItems.tolist(), [
    [1, 2, 3],
    [5, 6, 7],
  ])
  t.deepEqual(byItems.tolist(), byBytes.tolist())
  // Negative steps in items, as an ndarray flips an axis.
  using flipped = getBuffer(exporter(img, { shape: [3], strides: [-1], offset: 11, unit: 'items' }))
  t.deepEqual(flipped.tolist(), [11, 10, 9])
  // The item size is the format's, not the source's element size.
  const bytes = new Uint8Array(16)
  using pairs = getBuffer(exporter(bytes, { format: '<i', shape: [2], strides: [2], unit: 'items' }))
  t.deepEqual(pairs.strides, [8])
  // Bytes stay the default, and can be named.
  using explicit = getBuffer(exporter(img, { shape: [2], strides: [8], unit: 'bytes' }))
  t.deepEqual(explicit.tolist(), [0, 2])
})

test("unit: 'items' layouts are validated as byte layouts are", (t) => {
  const img = new Float32Array(12)
  const outside = t.throws(() => exporter(img, { shape: [2, 3], strides: [10, 1], unit: 'items' }), {
    instanceOf: RangeError,
  })
  const outsideBytes = t.throws(() => exporter(img, { shape: [2, 3], strides: [40, 4] }), { instanceOf: RangeError })
  t.is(outside.message, outsideBytes.message)
  t.is((outside as Coded).code, (outsideBytes as Coded).code)
  const huge = t.throws(() => exporter(img, { shape: [2], strides: [2 ** 52], unit: 'items' }), {
    instanceOf: RangeError,
  })
  t.regex(huge.message, /layout\.strides\[0\] is 4503599627370496 items of 4 bytes/)
  t.is((huge as Coded).code, 'OverflowError')
  const off = t.throws(() => exporter(img, { offset: -(2 ** 52), unit: 'items' }), { instanceOf: RangeError })
  t.regex(off.message, /layout\.offset/)
  t.throws(() => exporter(img, { unit: 'elements' as 'items' }), { instanceOf: TypeError, message: /layout\.unit/ })
  // An invalid format is reported as such, whatever the unit.
  t.throws(() => exporter(new Uint8Array(4), { format: 'Z', shape: [1], strides: [1], unit: 'items' }), {
    instanceOf: TypeError,
    message: /layout\.format/,
  })
})

test('a format whose item size differs from the elements needs reinterpret or itemsize', (t) => {
  const f32 = new Float32Array(4)
  const err = t.throws(() => exporter(f32, { format: 'd' }), { instanceOf: TypeError })
  t.regex(err.message, /8-byte items.*elements are 4 bytes.*reinterpret: true/)
  t.is((err as Coded).code, 'TypeError')
  using a = getBuffer(exporter(f32, { format: 'd', reinterpret: true }))
  t.deepEqual(a.shape, [2])
  using b = getBuffer(exporter(f32, { format: 'd', itemsize: 8 }))
  t.is(b.itemsize, 8)
  // Same size, another kind: allowed (the bytes are still one element each).
  using c = getBuffer(exporter(f32, { format: 'i' }))
  t.is(c.format, 'i')
  // Byte sources are untyped memory and take any format.
  using d = getBuffer(exporter(new Uint8Array(16), { format: 'd' }))
  t.deepEqual(d.shape, [2])
  using e = getBuffer(exporter(new DataView(new ArrayBuffer(8)), { format: '<i' }))
  t.deepEqual(e.shape, [2])
  t.throws(() => exporter(new Int32Array(4), { format: '2i' }), { instanceOf: TypeError, message: /reinterpret/ })
  t.throws(() => exporter(f32, { format: 'd', reinterpret: 1 as unknown as boolean }), {
    instanceOf: TypeError,
    message: /layout\.reinterpret must be a boolean/,
  })
})

test("each getter of a layout runs once: strides in items are scaled as they were read", (t) => {
  const calls = { strides: 0, offset: 0 }
  const layout = {
    shape: [2],
    unit: 'items' as const,
    get strides(): number[] | undefined {
      // A getter that answers only once, as a value taken from a queue.
      return calls.strides++ === 0 ? [2] : undefined
    },
    get offset(): number | undefined {
      return calls.offset++ === 0 ? 1 : undefined
    },
  }
  using v = getBuffer(exporter(Uint32Array.from([10, 11, 12, 13]), layout))
  t.deepEqual(calls, { strides: 1, offset: 1 })
  t.deepEqual(v.strides, [8])
  t.deepEqual(v.tolist(), [11, 13])
})
