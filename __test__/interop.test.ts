// scijs ndarray and @stdlib/ndarray arrays as zero-copy exporters.

import test from 'ava'
import { exporter, getBuffer, PyBUF } from 'pybuffer'

// eslint-disable-next-line @typescript-eslint/no-require-imports
import ndarray = require('ndarray')

interface StdlibCtor {
  new (dtype: string, buffer: ArrayLike<number>, shape: number[], strides: number[], offset: number, order: string): {
    data: Float64Array
    shape: number[]
    strides: number[]
    offset: number
    dtype: string
    get(...idx: number[]): number
  }
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const StdlibNdarray = require('@stdlib/ndarray/ctor') as StdlibCtor

test('a scijs ndarray exports its layout without copying', (t) => {
  const data = Float64Array.from({ length: 12 }, (_, i) => i)
  const a = ndarray(data, [3, 4])
  using v = getBuffer(a)
  t.deepEqual(v.shape, [3, 4])
  t.deepEqual(v.strides, [32, 8])
  t.is(v.format, 'd')
  t.deepEqual(v.tolist(), [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ])
  // Transposed, sliced and reversed views keep their element strides.
  const tr = a.transpose(1, 0)
  using vt = getBuffer(tr)
  t.deepEqual(vt.strides, [8, 32])
  t.true(vt.isContiguous('F'))
  const sl = a.hi(3, 3).lo(1, 1).step(1, -1)
  using vs = getBuffer(sl, PyBUF.FULL)
  const expected: number[][] = []
  for (let i = 0; i < sl.shape[0]!; i++) {
    const row: number[] = []
    for (let j = 0; j < sl.shape[1]!; j++) row.push(sl.get(i, j))
    expected.push(row)
  }
  t.deepEqual(vs.tolist(), expected)
  vs.set(-1, 0, 0)
  t.is(sl.get(0, 0), -1, 'writes reach the ndarray')
  t.is(exporter(a).source, a)
})

test('an @stdlib/ndarray array exports its layout without copying', (t) => {
  const buf = Float64Array.from({ length: 12 }, (_, i) => i * 2)
  const x = new StdlibNdarray('float64', buf, [2, 3], [-6, 2], 7, 'row-major')
  using v = getBuffer(x, PyBUF.FULL)
  t.deepEqual(v.shape, [2, 3])
  t.deepEqual(v.strides, [-48, 16])
  t.deepEqual(v.tolist(), [
    [x.get(0, 0), x.get(0, 1), x.get(0, 2)],
    [x.get(1, 0), x.get(1, 1), x.get(1, 2)],
  ])
  v.set(100, 1, 2)
  t.is(x.get(1, 2), 100)
})

test('ndarrays the protocol cannot express are refused', (t) => {
  const generic = ndarray([1, 2, 3] as unknown as Float64Array, [3])
  t.throws(() => exporter(generic), { instanceOf: TypeError, message: /data must be a TypedArray/ })
  const outside = ndarray(new Float64Array(4), [4], [2], 0)
  t.throws(() => exporter(outside), { instanceOf: RangeError, message: /layout\.strides/ })
})
