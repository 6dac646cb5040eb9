// Real extensions from the corpus (scripts/corpus.py), compiled unchanged
// against pybuffer's headers and called from JS: bytes round trips that
// keep object identity, keywords, 128-bit ints and module exceptions.
// Skipped, with a log line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import { bytearray, bytes, isBytearray, isBytes, kwargs, loadExtension, PyError } from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus([
    ['lz4', '_block'],
    ['mmh3', 'mmh3'],
  ] as const, 'corpus')
})

test.after.always((t) => removeCorpus(t.context))

function load<N extends string>(t: { context: CorpusBuild; log: (m: string) => void }, module: string): ReturnType<typeof loadExtension<N>> | null {
  const so = t.context.so[module]
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    return null
  }
  return loadExtension<N>(so, module)
}

test('lz4.block: compress/decompress round trip, the bytes result passed back as itself', (t) => {
  const lz4 = load<'compress' | 'decompress'>(t, '_block')
  if (lz4 === null) return t.pass()
  const data = Buffer.from('pybuffer '.repeat(1000))
  const c = lz4.compress(data) as Buffer
  t.true(isBytes(c))
  t.true(c.length < data.length)
  const d = lz4.decompress(c) as Buffer
  t.true(isBytes(d))
  t.true(d.equals(data))
  // Keywords, parsed by PyArg_ParseTupleAndKeywords.
  const raw = lz4.compress(data, kwargs({ store_size: false, mode: 'high_compression', compression: 9 })) as Buffer
  t.true((lz4.decompress(raw, kwargs({ uncompressed_size: data.length })) as Buffer).equals(data))
  const ba = lz4.decompress(c, kwargs({ return_bytearray: true }))
  t.true(isBytearray(ba))
  // Real bytes and bytearray arguments, and plain JS memory (y*).
  t.true((lz4.decompress(bytes(c)) as Buffer).equals(data))
  t.true((lz4.decompress(bytearray(c)) as Buffer).equals(data))
  t.true((lz4.decompress(new Uint8Array(c)) as Buffer).equals(data))
  t.throws(() => lz4.compress(data, kwargs({ bogus: 1 })), { instanceOf: TypeError, message: /bogus/ })
})

test('lz4.block: its own exception class surfaces with code and pythonType', (t) => {
  const lz4 = load<'decompress'>(t, '_block')
  if (lz4 === null) return t.pass()
  const e = t.throws(() => lz4.decompress(bytes([4, 0, 0, 0, 0xff, 0xff])), { instanceOf: PyError }) as PyError
  t.is(e.code, 'LZ4BlockError')
  t.is(e.pythonType, '_block.LZ4BlockError')
})

test('mmh3: ints of every size and keyword flags, as its own test suite', (t) => {
  const mmh3 = load<'hash' | 'hash128'>(t, 'mmh3')
  if (mmh3 === null) return t.pass()
  t.is(mmh3.hash('foo'), -156908512)
  t.is(mmh3.hash('foo', kwargs({ signed: false })), 4138058784)
  t.is(mmh3.hash128('foo'), 168394135621993849475852668931176482145n)
  t.is(mmh3.hash128('foo', 42), 215966891540331383248189432718888555506n)
})
