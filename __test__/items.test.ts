// tolist(), get(), set() and toTypedArray() across the struct formats.

import test from 'ava'
import { BufferError, exporter, getBuffer, PyBUF, PyError } from 'pybuffer'

const code = (e: unknown): string | undefined => (e as { code?: string }).code

test('integers honour size, signedness and byte order', (t) => {
  const bytes = Uint8Array.from([0xff, 0xfe, 0x01, 0x80])
  const read = (format: string, shape = [4 / (format.endsWith('h') || format.endsWith('H') ? 2 : 1)]): unknown =>
    getBuffer(exporter(bytes, { format, shape })).tolist()
  t.deepEqual(read('b'), [-1, -2, 1, -128])
  t.deepEqual(read('B'), [255, 254, 1, 128])
  t.deepEqual(read('<h'), [-257, -32767])
  t.deepEqual(read('>h'), [-2, 384])
  t.deepEqual(read('<H'), [65279, 32769])
  t.deepEqual(read('!H'), [65534, 384])
  t.deepEqual(getBuffer(exporter(bytes, { format: '<i', shape: [] })).get(), -2147352833)
  t.deepEqual(getBuffer(exporter(bytes, { format: '>I', shape: [] })).get(), 0xfffe0180)
})

test('8-byte integers read as bigint, others as number', (t) => {
  const q = BigInt64Array.from([-(2n ** 63n), 2n ** 53n + 1n])
  t.deepEqual(getBuffer(q).tolist(), [-(2n ** 63n), 2n ** 53n + 1n])
  const Q = BigUint64Array.from([2n ** 64n - 1n, 0n])
  t.deepEqual(getBuffer(Q).tolist(), [2n ** 64n - 1n, 0n])
  const raw = new Uint8Array(16).fill(0xff)
  t.deepEqual(getBuffer(exporter(raw, { format: 'l' })).tolist(), [-1n, -1n], 'native long is 8 bytes on LP64')
  t.deepEqual(getBuffer(exporter(raw, { format: '<l' })).tolist(), [-1, -1, -1, -1], 'standard long is 4 bytes')
  t.deepEqual(getBuffer(exporter(raw, { format: 'N' })).tolist(), [2n ** 64n - 1n, 2n ** 64n - 1n])
  t.deepEqual(getBuffer(exporter(raw, { format: 'P' })).get(0), 2n ** 64n - 1n)
  t.is(typeof getBuffer(new Int32Array([5])).get(0), 'number')
})

test('floats, bools, chars and strings', (t) => {
  const f = Float32Array.from([0.5, -1.25])
  t.deepEqual(getBuffer(f).tolist(), [0.5, -1.25])
  const half = Uint8Array.from([0x00, 0x3c, 0x00, 0xc0])
  t.deepEqual(getBuffer(exporter(half, { format: '<e' })).tolist(), [1, -2])
  const be = Buffer.alloc(8)
  be.writeDoubleBE(Math.PI)
  t.is(getBuffer(exporter(be, { format: '>d', shape: [] })).get(), Math.PI)
  t.deepEqual(getBuffer(exporter(Uint8Array.from([0, 1, 2]), { format: '?' })).tolist(), [false, true, true])
  const text = Buffer.from('abcdef')
  const chars = getBuffer(exporter(text, { format: 'c' })).tolist() as Buffer[]
  t.deepEqual(chars.map((b) => b.toString()), ['a', 'b', 'c', 'd', 'e', 'f'])
  const strs = getBuffer(exporter(text, { format: '3s' })).tolist() as Buffer[]
  t.true(strs.every((b) => Buffer.isBuffer(b)))
  t.deepEqual(strs.map((b) => b.toString()), ['abc', 'def'])
  const pascal = Buffer.from([2, 0x68, 0x69, 0x7a])
  t.is((getBuffer(exporter(pascal, { format: '4p', shape: [] })).get() as Buffer).toString(), 'hi')
})

test('items of several values are arrays, as struct.unpack gives tuples', (t) => {
  const buf = Buffer.alloc(16)
  buf.writeInt16LE(-3, 0)
  buf.writeDoubleLE(2.5, 8)
  using v = getBuffer(exporter(buf, { format: 'hxxxxxxd', shape: [] }))
  t.deepEqual(v.get(), [-3, 2.5])
  using two = getBuffer(exporter(new Int32Array([1, 2, 3, 4]), { format: '2i', reinterpret: true }))
  t.deepEqual(two.tolist(), [
    [1, 2],
    [3, 4],
  ])
  t.throws(() => two.set(1, 0), { instanceOf: PyError, message: /single value/ })
  const err = t.throws(() => two.set(1, 0))
  t.is(code(err), 'NotImplementedError')
})

test('tolist agrees with get for every format, layout and shape (packed and per-item paths)', (t) => {
  // Single native numbers are packed and nested in JS; the rest are built
  // item by item in the addon. Each must read every item as get() does,
  // which reads single numbers and bools of JS memory in JS (a DataView,
  // any byte order) and the rest in the addon: so every format is read by
  // two different paths here.
  const sizes: Record<string, number> = { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, n: 8, N: 8, P: 8 }
  Object.assign(sizes, { f: 4, d: 8, e: 2, '?': 1, c: 1, '<i': 4, '=q': 8, '>i': 4, '!d': 8, '<l': 4, '2h': 4 })
  Object.assign(sizes, { '>h': 2, '>q': 8, '!f': 4, '<H': 2, '=?': 1, '@N': 8, '>L': 4, '<Q': 8 })
  const bytes = new Uint8Array(4096)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 17) & 0xff
  const nestedGet = (v: ReturnType<typeof getBuffer>, shape: readonly number[], at: number[] = []): unknown =>
    at.length === shape.length
      ? v.get(...at)
      : Array.from({ length: shape[at.length]! }, (_, i) => nestedGet(v, shape, [...at, i]))
  for (const [format, size] of Object.entries(sizes)) {
    const layouts: { shape: number[]; strides: number[]; offset: number }[] = [
      { shape: [7], strides: [size], offset: 0 },
      { shape: [2, 3, 4], strides: [12 * size, 4 * size, size], offset: 0 },
      { shape: [3, 4], strides: [size, -3 * size], offset: 9 * size },
      { shape: [4, 3], strides: [-6 * size, 2 * size], offset: 18 * size },
      { shape: [0], strides: [size], offset: 0 },
      { shape: [3, 0], strides: [size, size], offset: 0 },
      { shape: [0, 3], strides: [size, size], offset: 0 },
      { shape: [5], strides: [0], offset: size },
    ]
    for (const layout of layouts) {
      using v = getBuffer(exporter(bytes, { format, ...layout }), PyBUF.FULL_RO)
      t.deepEqual(v.tolist(), nestedGet(v, layout.shape), `${format} ${JSON.stringify(layout)}`)
    }
  }
  // A big view packed into its own memory, then a small one into the
  // shared scratch: neither sees the other's items.
  using big = getBuffer(exporter(new Float64Array(1 << 18).fill(2.5)))
  t.is((big.tolist() as number[]).length, 1 << 18)
  using small = getBuffer(exporter(Float64Array.from([1, -0, Number.NaN])))
  t.deepEqual(small.tolist(), [1, -0, Number.NaN])
})

test('set packs with the format and checks the value', (t) => {
  const bytes = new Uint8Array(8)
  using b = getBuffer(exporter(bytes, { format: 'b' }), PyBUF.FULL)
  b.set(-1, 0)
  b.set(127, 1)
  t.deepEqual([...bytes.subarray(0, 2)], [255, 127])
  const range = t.throws(() => b.set(128, 2), { instanceOf: RangeError })
  t.is(code(range), 'ValueError')
  t.regex(range.message, /byte format requires -128 <= number <= 127/)
  const kind = t.throws(() => b.set(1.5, 2), { instanceOf: TypeError })
  t.is(code(kind), 'TypeError')
  t.throws(() => b.set(Buffer.from('x'), 2), { instanceOf: TypeError })
  t.throws(() => b.set('1' as unknown as number, 2), { instanceOf: TypeError })
  t.throws(() => b.set(1, 8), { instanceOf: RangeError })
  t.throws(() => b.set(1), { instanceOf: RangeError, message: /expected 1 indices/ })
  using h = getBuffer(exporter(bytes, { format: '>H', shape: [2], strides: [4], offset: 1 }), PyBUF.FULL)
  h.set(0x1234, 1)
  t.deepEqual([...bytes.subarray(5, 7)], [0x12, 0x34])
  using q = getBuffer(exporter(new BigUint64Array(1)), PyBUF.FULL)
  q.set(2n ** 64n - 1n, 0)
  t.is(q.get(0), 2n ** 64n - 1n)
  t.throws(() => q.set(2n ** 64n, 0), { instanceOf: RangeError })
  t.throws(() => q.set(-1n, 0), { instanceOf: RangeError })
  q.set(12, 0)
  t.is(q.get(0), 12n)
  using d = getBuffer(exporter(new Float64Array(1)), PyBUF.FULL)
  d.set(1n, 0)
  d.set(0.25, 0)
  t.is(d.get(0), 0.25)
  d.set(true, 0)
  t.is(d.get(0), 1, 'struct.pack accepts a bool for a float')
  using flag = getBuffer(exporter(new Uint8Array(1), { format: '?' }), PyBUF.FULL)
  flag.set(true, 0)
  t.is(flag.get(0), true)
  using s = getBuffer(exporter(new Uint8Array(4), { format: '4s', shape: [] }), PyBUF.FULL)
  s.set(Buffer.from('ab'))
  t.deepEqual([...(s.get() as Buffer)], [0x61, 0x62, 0, 0])
  t.throws(() => s.set(3), { instanceOf: TypeError })
})

test('get and set keep the padding of an item', (t) => {
  const bytes = Uint8Array.from([9, 9, 9, 1])
  using v = getBuffer(exporter(bytes, { format: 'xxxB', shape: [] }), PyBUF.FULL)
  t.is(v.get(), 1)
  v.set(7)
  t.deepEqual([...bytes], [9, 9, 9, 7])
})

test('toTypedArray is zero-copy when contiguous, aligned and native', (t) => {
  const src = Float64Array.from([1, 2, 3, 4])
  using v = getBuffer(exporter(src, { shape: [2, 2] }), PyBUF.FULL)
  const ta = v.toTypedArray()
  t.true(ta instanceof Float64Array)
  t.is(ta.buffer, src.buffer, 'shares memory')
  ta[0] = 42
  t.is(src[0], 42)
  // Strided: a packed copy in C order.
  using s = getBuffer(exporter(src, { shape: [2], strides: [16] }))
  const copy = s.toTypedArray()
  t.not(copy.buffer, src.buffer)
  t.deepEqual([...copy], [42, 3])
  // F-contiguous: a copy, in C order.
  using f = getBuffer(exporter(src, { shape: [2, 2], strides: [8, 16] }))
  t.deepEqual([...f.toTypedArray()], [42, 3, 2, 4])
  // Misaligned: a copy.
  const bytes = new Uint8Array(13)
  using m = getBuffer(exporter(bytes, { format: 'i', shape: [3], offset: 1 }))
  t.not(m.toTypedArray().buffer, bytes.buffer)
  // Big-endian: a copy converted to native order.
  const be = Buffer.from([0, 1, 0, 2])
  using b = getBuffer(exporter(be, { format: '>H' }))
  const native = b.toTypedArray()
  t.true(native instanceof Uint16Array)
  t.deepEqual([...native], [1, 2])
  // Read-only views are always copied: JS has no read-only TypedArray.
  using ro = getBuffer(exporter(src, { readonly: true }))
  t.not(ro.toTypedArray().buffer, src.buffer)
})

test('toTypedArray picks the element type from the format', (t) => {
  const bytes = new Uint8Array(16)
  const kinds: Array<[string, string]> = [
    ['b', 'Int8Array'],
    ['B', 'Uint8Array'],
    ['h', 'Int16Array'],
    ['<H', 'Uint16Array'],
    ['i', 'Int32Array'],
    ['=I', 'Uint32Array'],
    ['l', 'BigInt64Array'],
    ['<L', 'Uint32Array'],
    ['q', 'BigInt64Array'],
    ['Q', 'BigUint64Array'],
    ['f', 'Float32Array'],
    ['d', 'Float64Array'],
    ['?', 'Uint8Array'],
    ['c', 'Uint8Array'],
  ]
  for (const [format, name] of kinds) {
    using v = getBuffer(exporter(bytes, { format }))
    t.is(v.toTypedArray().constructor.name, name, format)
  }
  for (const format of ['e', '2i', '3s', 'hd', '4x']) {
    const shape = format === '3s' ? [5] : format === 'hd' ? [1] : undefined
    using v = getBuffer(exporter(bytes, { format, shape }))
    t.throws(() => v.toTypedArray(), { instanceOf: TypeError, message: /no TypedArray equivalent/ }, format)
  }
})

test('a C-made memoryview is a foreign exporter', (t) => {
  // What C code would hand to JS: a memoryview over C memory.
  const { __internal } = require('pybuffer') as { __internal: { native: { testingMemoryview(d: Uint8Array, ro: boolean): never } } }
  const mv = __internal.native.testingMemoryview(Uint8Array.from([1, 2, 3, 4]), false)
  using v = getBuffer(mv, PyBUF.FULL)
  t.is((mv as { typeName: string }).typeName, 'memoryview')
  t.deepEqual(v.tolist(), [1, 2, 3, 4])
  v.set(9, 0)
  t.is(v.get(0), 9)
  t.is(v.getPointer([2]), 2, 'offsets of foreign memory are relative to buf')
  const ta = v.toTypedArray()
  t.deepEqual([...ta], [9, 2, 3, 4], 'a copy: foreign memory is not JS memory')
  const ro = __internal.native.testingMemoryview(Uint8Array.from([1]), true)
  t.throws(() => getBuffer(ro, PyBUF.WRITABLE), { instanceOf: BufferError, message: /not writable/ })
})

test('set() of a bigint beyond 64 bits follows struct: floats round it, ? is true, c refuses its type', (t) => {
  const at = (format: string, size: number) => getBuffer(exporter(new Uint8Array(size), { format }))
  const d = at('d', 8)
  d.set(2n ** 64n, 0)
  t.is(d.get(0), 2 ** 64)
  // Rounded to the nearest double (ties to even), as float(2**64 + 2049) is.
  d.set(2n ** 64n + 2049n, 0)
  t.is(d.get(0), 2 ** 64 + 4096)
  d.set(-(2n ** 70n), 0)
  t.is(d.get(0), -(2 ** 70))
  t.throws(() => d.set(2n ** 1024n, 0), { instanceOf: RangeError, message: /int too large to convert to float/ })
  const f = at('<f', 4)
  f.set(2n ** 64n, 0)
  t.is(f.get(0), 2 ** 64)
  t.throws(() => f.set(2n ** 200n, 0), { instanceOf: RangeError, message: /float too large to pack with f format/ })
  const b = at('?', 1)
  b.set(2n ** 64n, 0)
  t.is(b.get(0), true)
  const c = at('c', 1)
  t.throws(() => c.set(2n ** 64n, 0), { instanceOf: TypeError, message: /char format requires a bytes object of length 1/ })
  const q = at('q', 8)
  t.throws(() => q.set(2n ** 64n, 0), { instanceOf: RangeError, message: /argument out of range/ })
  for (const v of [d, f, b, c, q]) v.release()
})
