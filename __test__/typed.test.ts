// Typed results: toTypedArray(), toTypedArray(order) and get() typed from
// the view's format when TypeScript knows it. The type assertions here are
// checked by tsc when the tests build (npm run build:test): a regression in
// inference fails the build, not only a test.

import test from 'ava'
import {
  exporter,
  getBuffer,
  type ItemFor,
  type Item,
  type PyBuffer,
  PyBUF,
  type TypedArray,
  type TypedArrayFor,
} from 'pybuffer'

/** `true` exactly when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

function assertType<T extends true>(): T | void {}

// Formats to TypedArrays and items, at the type level.
assertType<Equal<TypedArrayFor<'d'>, Float64Array>>()
assertType<Equal<TypedArrayFor<'<q'>, BigInt64Array>>()
assertType<Equal<TypedArrayFor<'@B'>, Uint8Array>>()
assertType<Equal<TypedArrayFor<'?'>, Uint8Array>>()
assertType<Equal<TypedArrayFor<'<l'>, Int32Array>>()
assertType<Equal<TypedArrayFor<'l'>, BigInt64Array | Int32Array>>()
assertType<Equal<TypedArrayFor<string>, TypedArray>>()
assertType<Equal<TypedArrayFor<'2i'>, TypedArray>>()
assertType<Equal<ItemFor<'d'>, number>>()
assertType<Equal<ItemFor<'>Q'>, bigint>>()
assertType<Equal<ItemFor<'?'>, boolean>>()
assertType<Equal<ItemFor<'3s'>, Buffer>>()
assertType<Equal<ItemFor<'hd'>, Item>>()
assertType<Equal<ItemFor<string>, Item>>()

test('exporter(Float64Array) types its views as Float64', (t) => {
  const exp = exporter(Float64Array.from([1, 2, 3, 4]), { shape: [2, 2] })
  assertType<Equal<typeof exp.format, 'd'>>()
  t.is(exp.format, 'd')
  using v = getBuffer(exp)
  assertType<Equal<typeof v, PyBuffer<'d'>>>()
  const rows = v.toTypedArray()
  assertType<Equal<typeof rows, Float64Array>>()
  t.deepEqual([...rows], [1, 2, 3, 4])
  const cols = v.toTypedArray('F')
  assertType<Equal<typeof cols, Float64Array>>()
  t.true(cols instanceof Float64Array)
  t.deepEqual([...cols], [1, 3, 2, 4])
  const x: number = v.get(1, 0)
  t.is(x, 3)
  // @ts-expect-error a Float64 view's typed array is not an Int32Array
  const wrong: Int32Array = v.toTypedArray()
  t.true(wrong instanceof Float64Array)
  // Derived views keep the format, or take the cast's.
  using tr = v.transpose()
  assertType<Equal<typeof tr, PyBuffer<'d'>>>()
  using bytes = v.cast('B')
  assertType<Equal<ReturnType<typeof bytes.toTypedArray>, Uint8Array>>()
  using q = bytes.cast('@q')
  const big: bigint = q.get(0)
  t.is(typeof big, 'bigint')
  t.true(q.toTypedArray() instanceof BigInt64Array)
})

test('layout.format and the source kinds type the view', (t) => {
  using f = getBuffer(exporter(new Uint8Array(8), { format: '<i' }))
  const ints = f.toTypedArray()
  assertType<Equal<typeof ints, Int32Array>>()
  t.true(ints instanceof Int32Array)
  using b = getBuffer(new BigUint64Array(2))
  assertType<Equal<typeof b, PyBuffer<'Q'>>>()
  const n: bigint = b.get(1)
  t.is(n, 0n)
  using flags = getBuffer(new Int16Array(2), PyBUF.RECORDS_RO)
  assertType<Equal<ReturnType<typeof flags.toTypedArray>, Int16Array>>()
  t.true(flags.toTypedArray() instanceof Int16Array)
  // A request without PyBUF.FORMAT, or a format only known at run time,
  // gives the untyped results.
  using simple = getBuffer(new Int16Array(2), PyBUF.SIMPLE)
  assertType<Equal<typeof simple, PyBuffer>>()
  const fmt: string = ['d', 'f'][1]!
  using dyn = getBuffer(exporter(new Float32Array(2), { format: fmt }))
  assertType<Equal<ReturnType<typeof dyn.toTypedArray>, TypedArray>>()
  t.true(dyn.toTypedArray() instanceof Float32Array)
  using rt = getBuffer(exporter(new Float32Array(2), { format: 'f' as string }))
  assertType<Equal<ReturnType<typeof rt.get>, Item>>()
})

test("toTypedArray('A') and a layout's order", (t) => {
  const src = Int32Array.from([1, 2, 3, 4, 5, 6])
  // Column-major 2x3: element (i, j) at i + 2j.
  using v = getBuffer(exporter(src, { shape: [2, 3], strides: [1, 2], unit: 'items' }))
  t.deepEqual([...v.toTypedArray('C')], [1, 3, 5, 2, 4, 6])
  const a = v.toTypedArray('A')
  t.deepEqual([...a], [1, 2, 3, 4, 5, 6])
  a[0] = 9
  t.is(src[0], 9, "an F-contiguous view's F-order array is zero-copy")
  t.throws(() => v.toTypedArray('Z' as 'C'), { instanceOf: RangeError })
})
