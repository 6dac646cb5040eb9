// Round trips through strided, negative-stride and zero-stride layouts,
// compared with a pure-JS reference.

import test from 'ava'
import { copyData, exporter, getBuffer, PyBUF } from 'pybuffer'
import { randInt, randomLayout, refIsContiguous, refPack, refUnpack, rng, sameBytes } from './helpers.js'

test('toContiguous matches the reference on 400 random layouts', (t) => {
  const r = rng(1234)
  for (let n = 0; n < 400; n++) {
    const itemsize = [1, 2, 3, 4, 8, 12][randInt(r, 0, 5)]!
    const { layout, nbytes } = randomLayout(r, itemsize)
    const src = Uint8Array.from({ length: nbytes }, () => randInt(r, 0, 255))
    const exp = exporter(src, { format: `${itemsize}s`, ...layout })
    using view = getBuffer(exp, PyBUF.FULL)
    const what = JSON.stringify(layout)
    t.deepEqual(view.shape, layout.shape, what)
    for (const order of ['C', 'F'] as const) {
      t.true(sameBytes(view.toContiguous(order), refPack(src, layout, order)), `${what} ${order}`)
      t.is(view.isContiguous(order), refIsContiguous(layout, order), `${what} isContiguous ${order}`)
    }
    const a = view.isContiguous('F') && !view.isContiguous('C') ? 'F' : 'C'
    t.true(sameBytes(view.toContiguous('A'), refPack(src, layout, a)), `${what} A`)
  }
})

test('fromContiguous matches the reference on 400 random layouts', (t) => {
  const r = rng(99)
  for (let n = 0; n < 400; n++) {
    const itemsize = [1, 2, 4, 8, 5][randInt(r, 0, 4)]!
    const { layout, nbytes } = randomLayout(r, itemsize)
    // Zero strides alias items; the last write wins in both implementations.
    const src = Uint8Array.from({ length: nbytes }, () => randInt(r, 0, 255))
    const expected = src.slice()
    const count = layout.shape.reduce((a, b) => a * b, 1)
    const packed = Uint8Array.from({ length: count * itemsize }, () => randInt(r, 0, 255))
    const order = r() < 0.5 ? 'C' : 'F'
    refUnpack(expected, layout, packed, order)
    using view = getBuffer(exporter(src, { format: `${itemsize}s`, ...layout }), PyBUF.FULL)
    view.fromContiguous(packed, order)
    t.true(sameBytes(src, expected), `${JSON.stringify(layout)} ${order}`)
  }
})

test('typed round trip: transpose a matrix through an F-ordered view', (t) => {
  const rows = 5
  const cols = 7
  const m = Float64Array.from({ length: rows * cols }, (_, i) => i * 1.25)
  using tr = getBuffer(exporter(m, { shape: [cols, rows], strides: [8, cols * 8] }))
  const packed = new Float64Array(tr.toContiguous('C').buffer)
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) t.is(packed[i * rows + j], m[j * cols + i])
  }
  const back = new Float64Array(rows * cols)
  using dst = getBuffer(exporter(back, { shape: [cols, rows], strides: [8, cols * 8] }), PyBUF.FULL)
  dst.fromContiguous(packed)
  t.deepEqual(back, m)
})

test('negative strides reverse, zero strides broadcast', (t) => {
  const src = Int16Array.from([1, 2, 3, 4, 5, 6])
  using rev = getBuffer(exporter(src, { shape: [2, 3], strides: [-6, -2], offset: 10 }))
  t.deepEqual(rev.tolist(), [[6, 5, 4], [3, 2, 1]])
  t.deepEqual([...new Int16Array(rev.toContiguous().buffer)], [6, 5, 4, 3, 2, 1])
  using bc = getBuffer(exporter(src, { shape: [3, 2], strides: [0, 2] }))
  t.deepEqual(bc.tolist(), [[1, 2], [1, 2], [1, 2]])
  t.false(bc.isContiguous('A'))
})

test('copyData copies between layouts', (t) => {
  const a = Uint8Array.from([1, 2, 3, 4, 5, 6])
  const b = new Uint8Array(6)
  copyData(exporter(b, { shape: [2, 3] }), exporter(a, { shape: [2, 3] }))
  t.deepEqual([...b], [1, 2, 3, 4, 5, 6])
  const c = new Uint8Array(6)
  copyData(exporter(c, { shape: [3, 2], strides: [1, 3] }), exporter(a, { shape: [3, 2], strides: [2, 1] }))
  t.deepEqual([...c], [1, 3, 5, 2, 4, 6])
  const d = new Uint8Array(6)
  copyData(d, exporter(a, { shape: [3], strides: [-2], offset: 5 }))
  t.deepEqual([...d.subarray(0, 3)], [6, 4, 2])
  t.throws(() => copyData(new Uint8Array(2), a), { instanceOf: Error, message: /too small/ })
  t.throws(() => copyData(exporter(new Uint8Array(6), { readonly: true }), a), { message: /not writable/ })
  t.throws(() => copyData(3 as unknown as Uint8Array, a), { instanceOf: TypeError })
})

test('large toContiguous outputs are fresh Buffers that own their memory', async (t) => {
  const n = 1 << 21
  const src = new Uint8Array(2 * n)
  for (let i = 0; i < src.length; i++) src[i] = (i * 7) & 0xff
  using v = getBuffer(exporter(src, { shape: [n], strides: [2] }))
  const expected = Uint8Array.from({ length: n }, (_, i) => src[2 * i]!)
  const outs: Buffer[] = []
  for (let k = 0; k < 4; k++) {
    const out = v.toContiguous()
    t.true(Buffer.isBuffer(out))
    t.is(out.length, n)
    t.is(out.byteOffset, 0)
    t.is(out.buffer.byteLength, n)
    t.true(sameBytes(out, expected))
    outs.push(out)
  }
  outs[0]!.fill(0)
  t.true(sameBytes(outs[1]!, expected), 'outputs do not share memory')
  // Outputs made while earlier ones are collected stay correct.
  outs.length = 0
  const gc = (globalThis as { gc?: () => void }).gc!
  for (let k = 0; k < 20; k++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
    const out = v.toContiguous('F')
    t.true(sameBytes(out, expected))
  }
})
