// The README's TypeScript usage example: a strided view, a transpose,
// `using`, and an error. Run it with `npm run example`.

import { BufferError, exporter, getBuffer, PyBUF } from 'pybuffer'

// A 3x4 matrix of float64 in row-major order.
const data = Float64Array.from({ length: 12 }, (_, i) => i)

// A strided view: every other column (shape [3, 2], byte strides [32, 16]).
// No copy is made: the exporter aliases `data`.
const cols = exporter(data, { shape: [3, 2], strides: [32, 16] })
{
  using view = getBuffer(cols)
  console.log(view.format, view.shape, view.strides) // d [ 3, 2 ] [ 32, 16 ]
  console.log(view.tolist()) // [ [ 0, 2 ], [ 4, 6 ], [ 8, 10 ] ]
  console.log(view.isContiguous('C')) // false
} // `using` released the view here
console.log(cols.exports) // 0

// A transpose: the same memory seen as 4x3 with swapped strides.
const transposed = exporter(data, { shape: [4, 3], strides: [8, 32] })
{
  using t = getBuffer(transposed, PyBUF.FULL)
  const packed = new Float64Array(t.toContiguous('C').buffer) // copied in row-major order
  console.log([...packed.subarray(0, 3)]) // [ 0, 4, 8 ]: the first column of `data`
  t.set(-1, 0, 2) // writes data[8]
  console.log(data[8]) // -1
}

// An error: a writable request on a read-only exporter is a BufferError,
// exactly as for CPython's memoryview; .code is the Python exception name.
const frozen = exporter(data, { readonly: true })
try {
  getBuffer(frozen, PyBUF.WRITABLE)
} catch (e) {
  if (!(e instanceof BufferError)) throw e
  console.log(`${e.name} (${e.code}): ${e.message}`) // BufferError (BufferError): exporter: underlying buffer is not writable
}

// Layouts are validated before any memory is touched.
try {
  exporter(data, { shape: [13] })
} catch (e) {
  console.log(e instanceof RangeError, (e as Error).message) // true layout.strides: ... outside the source's 96 bytes
}
