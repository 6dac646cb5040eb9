// What a misbehaving exporter, a hostile source object or a huge layout can
// make the JS API do: refuse clearly, never read out of bounds, never round.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import {
  bytearray,
  bytes,
  type Extension,
  type ExtensionResult,
  exporter,
  fillContiguousStrides,
  getBuffer,
  loadExtension,
  PyBuffer,
  PyBUF,
  sizeFromFormat,
} from 'pybuffer'
import { cflags, compile, fixture } from './build-ext.js'
import { asView } from './helpers.js'

const test = anyTest as TestFn<{ dir: string; hardext: string }>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-hardening-'))
  const hardext = path.join(dir, 'hardext.so')
  compile(
    cflags((m) => t.log(m)),
    fixture('hardext.c'),
    hardext,
  )
  t.context = { dir, hardext }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type HardExt = Extension<'liar' | 'liar_releases' | 'inconsistent_view'>

function view(r: ExtensionResult): PyBuffer {
  return asView(r)
}

// ==========================================================================
// Exporters that fill in impossible views
// ==========================================================================

test('a view with an impossible ndim or len is refused at getBuffer, and released', (t) => {
  const hard = loadExtension(t.context.hardext) as HardExt
  const cases: Array<[number, number, RegExp]> = [
    [65, 64, /dimensions|ndim/],
    [1_000_000, 64, /dimensions|ndim/],
    [-1, 64, /ndim/],
    [1, 4096, /len/],
    [2, 65, /len/],
  ]
  // liar() returns an exporter, which the call acquires as a view: checked there.
  for (const [ndim, len, message] of cases) {
    const before = hard.liar_releases() as number
    const err = t.throws(() => asView(hard.liar(ndim, len)), undefined, `ndim ${ndim} len ${len}`)
    t.regex(err.message, message, `ndim ${ndim} len ${len}`)
    t.is(hard.liar_releases(), before + 1, 'the export was released')
  }
  using ok = view(hard.liar(2, 64))
  t.deepEqual(ok.shape, [8, 8])
  t.is(ok.len, 64)
})

// ==========================================================================
// Numbers above 2**53
// ==========================================================================

test('sizes above Number.MAX_SAFE_INTEGER are a RangeError, never rounded', (t) => {
  // 3 * (2**53 - 1) bytes of zero-stride items over one byte.
  using v = getBuffer(exporter(new Uint8Array(1), { shape: [3, 2 ** 53 - 1], strides: [0, 0] }), PyBUF.FULL_RO)
  const err = t.throws(() => v.len, { instanceOf: RangeError })
  t.regex(err.message, /^view\.len is 27021597764222973, above Number\.MAX_SAFE_INTEGER/)
  t.is((err as RangeError & { code?: string }).code, 'OverflowError')
  t.deepEqual(v.shape, [3, 2 ** 53 - 1], 'the fields that fit still read')
  t.deepEqual(v.strides, [0, 0])
  t.is(v.itemsize, 1)
  t.is(v.get(2, 2 ** 53 - 2), 0)
  t.throws(() => v.toContiguous(), { instanceOf: RangeError })
  // (2**51 + 1) * 3 * 8 = 3 * 2**54 + 24 is not a double.
  t.throws(() => fillContiguousStrides([2, 2 ** 51 + 1, 3], 8), { instanceOf: RangeError, message: /strides\[0\] is 54043195528445976/ })
  t.deepEqual(fillContiguousStrides([2, 2 ** 20, 3], 8), [3 * 8 * 2 ** 20, 24, 8])
  t.throws(() => sizeFromFormat('9007199254740993B'), { instanceOf: RangeError, message: /9007199254740993/ })
  t.is(sizeFromFormat('9007199254740991B'), 2 ** 53 - 1)
})

// ==========================================================================
// toTypedArray follows the format
// ==========================================================================

test("toTypedArray refuses a format and itemsize that disagree, as tolist does", (t) => {
  const hard = loadExtension(t.context.hardext) as HardExt
  using v = view(hard.inconsistent_view())
  t.is(v.format, 'B')
  t.is(v.itemsize, 8)
  const expected = { instanceOf: RangeError, message: "the view's itemsize (8) does not match its format's size (1)" }
  t.throws(() => v.tolist(), expected)
  t.throws(() => v.toTypedArray(), expected)
})

test('toTypedArray maps each format to its kind by the format, standard sizes included', (t) => {
  const bytes = new Uint8Array(48)
  const kinds: Array<[string, string]> = [
    ['<l', 'Int32Array'],
    ['>L', 'Uint32Array'],
    ['=q', 'BigInt64Array'],
    ['!Q', 'BigUint64Array'],
    ['n', 'BigInt64Array'],
    ['N', 'BigUint64Array'],
    ['P', 'BigUint64Array'],
    ['<?', 'Uint8Array'],
    ['>d', 'Float64Array'],
    ['1h', 'Int16Array'],
  ]
  for (const [format, name] of kinds) {
    using v = getBuffer(exporter(bytes, { format }))
    t.is(v.toTypedArray().constructor.name, name, format)
  }
  for (const format of ['<e', '1s', 'x?', '?x', '2?']) {
    using v = getBuffer(exporter(bytes, { format }))
    t.throws(() => v.toTypedArray(), { instanceOf: TypeError, message: /has no TypedArray equivalent/ }, format)
  }
})

// ==========================================================================
// Bounded failures
// ==========================================================================

test('tolist of more items than a JS array holds fails at once', (t) => {
  for (const shape of [[2 ** 33], [2 ** 20, 2 ** 20], [2 ** 16, 2 ** 16, 2]]) {
    using v = getBuffer(exporter(new Uint8Array(1), { shape, strides: shape.map(() => 0) }))
    const start = process.hrtime.bigint()
    const err = t.throws(() => v.tolist(), { instanceOf: RangeError }, JSON.stringify(shape))
    t.regex(err.message, /items/)
    t.is((err as RangeError & { code?: string }).code, 'MemoryError')
    t.true(process.hrtime.bigint() - start < 1_000_000_000n, 'before building anything')
  }
  using fits = getBuffer(exporter(new Uint8Array(1), { shape: [3, 2], strides: [0, 0] }))
  t.deepEqual(fits.tolist(), [
    [0, 0],
    [0, 0],
    [0, 0],
  ])
})

// ==========================================================================
// exporter() reads internal slots, not properties
// ==========================================================================

test('exporter() is not fooled by forged properties', (t) => {
  const f64 = new Float64Array([1, 2, 3, 4])
  Object.defineProperty(f64, Symbol.toStringTag, { value: 'Uint8Array' })
  Object.defineProperty(f64, 'byteLength', { value: 4 })
  Object.defineProperty(f64, 'length', { value: 1 })
  Object.defineProperty(f64, 'BYTES_PER_ELEMENT', { value: 1 })
  using a = getBuffer(exporter(f64))
  t.deepEqual([a.format, a.itemsize, a.len, a.shape], ['d', 8, 32, [4]])
  t.deepEqual(a.tolist(), [1, 2, 3, 4])

  class Liar extends Uint16Array {
    override get byteLength(): number {
      return 1000
    }
    override get byteOffset(): number {
      return 2
    }
    override get buffer(): ArrayBuffer {
      return new ArrayBuffer(1000)
    }
  }
  const liar = new Liar([5, 6, 7])
  using b = getBuffer(exporter(liar))
  t.deepEqual([b.format, b.len, b.tolist()], ['H', 6, [5, 6, 7]])

  const dv = new DataView(new ArrayBuffer(8), 2, 4)
  Object.defineProperty(dv, 'byteLength', { value: 8 })
  using c = getBuffer(dv)
  t.is(c.len, 4)

  // An ndarray's element size is its data's, whatever the data claims.
  const nd = { data: f64, shape: [2], stride: [2], offset: 1 }
  using d = getBuffer(exporter(nd))
  t.deepEqual(d.strides, [16])
  t.deepEqual(d.tolist(), [2, 4])
})

test("exporter() reads its layout from its own properties, not from polluted prototypes", (t) => {
  const proto = Object.prototype as Record<string, unknown>
  const polluted = { offset: 8, shape: [2], strides: [1], readonly: true, format: 'q', len: 5, suboffsets: [0] }
  Object.assign(proto, polluted)
  try {
    const v = getBuffer(exporter(new Uint8Array(16)))
    t.deepEqual([v.format, v.len, v.shape, v.readonly], ['B', 16, [16], false])
    v.release()
    const w = getBuffer(exporter(new Uint8Array(16), { strides: [2], shape: [8] }))
    t.deepEqual([w.len, w.strides, w.readonly], [8, [2], false])
    w.release()
    // The fields a request leaves out are null, not Object.prototype's.
    const s = getBuffer(exporter(Uint8Array.from([1, 2, 3])), PyBUF.SIMPLE)
    t.deepEqual([s.format, s.shape, s.strides, s.suboffsets, s.len], [null, null, null, null, 3])
    t.is(s.get(2), 3)
    s.release()
  } finally {
    for (const k of Object.keys(polluted)) delete proto[k]
  }
  // A hole in layout.shape is not an integer, whatever Array.prototype holds.
  ;(Array.prototype as unknown as Record<number, unknown>)[0] = 4
  try {
    // eslint-disable-next-line no-sparse-arrays
    t.throws(() => exporter(new Uint8Array(16), { shape: [, 4] as unknown as number[] }), {
      instanceOf: TypeError,
      message: 'layout.shape[0] must be an integer, got undefined',
    })
  } finally {
    delete (Array.prototype as unknown as Record<number, unknown>)[0]
  }
})

test('bytes() and bytearray() copy what they checked, through internal slots', (t) => {
  // An element that reads 1 when checked and 1000 afterwards: read once.
  let reads = 0
  const fickle = new Proxy([1, 2, 3], {
    get(target, key, receiver) {
      if (key === '0') return ++reads > 1 ? 1000 : 1
      return Reflect.get(target, key, receiver) as unknown
    },
  })
  t.deepEqual([...bytes(fickle)], [1, 2, 3])
  t.is(reads, 1)
  reads = 0
  t.deepEqual([...bytearray(fickle)], [1, 2, 3])
  // A view that claims more bytes than it has copies its own bytes only.
  const memory = new Uint8Array(16).fill(9)
  const head = memory.subarray(0, 4)
  Object.defineProperty(head, 'byteLength', { value: 16 })
  Object.defineProperty(head, 'byteOffset', { value: 2 })
  head[0] = 1
  t.deepEqual([...bytes(head)], [1, 9, 9, 9])
  // Detached memory is named, with a code.
  const ab = new ArrayBuffer(8)
  const u8 = new Uint8Array(ab)
  structuredClone(ab, { transfer: [ab] })
  for (const source of [u8, ab]) {
    t.throws(() => bytes(source), {
      instanceOf: TypeError,
      message: 'bytes() argument: the ArrayBuffer is detached',
    })
  }
  t.deepEqual([...bytearray(new DataView(new Uint8Array([5, 6, 7, 8]).buffer, 1, 2))], [6, 7])
})

test('exporter() refuses resizable memory whatever its properties say', (t) => {
  type Ctor = new (n: number, o: { maxByteLength: number }) => ArrayBuffer
  const rab = new (ArrayBuffer as unknown as Ctor)(8, { maxByteLength: 16 })
  Object.defineProperty(rab, 'resizable', { value: false })
  t.throws(() => exporter(rab), { instanceOf: TypeError, message: /resizable/ })
  const ta = new Uint8Array(rab)
  Object.defineProperty(ta, 'buffer', { value: new ArrayBuffer(8) })
  t.throws(() => exporter(ta), { instanceOf: TypeError, message: /resizable/ })
})

test('errors name what happened: a source detached while the layout was read', (t) => {
  const ab = new ArrayBuffer(16)
  const layout = {
    get shape(): number[] {
      structuredClone(ab, { transfer: [ab] })
      return [4]
    },
  }
  t.throws(() => exporter(new Uint32Array(ab), layout), {
    instanceOf: TypeError,
    message: 'source: the ArrayBuffer was detached while the layout was read',
  })
  const gone = new ArrayBuffer(4)
  const over = new Uint16Array(gone)
  structuredClone(gone, { transfer: [gone] })
  for (const source of [gone, over]) {
    t.throws(() => exporter(source), { instanceOf: TypeError, message: 'source: the ArrayBuffer is detached' })
  }
})
