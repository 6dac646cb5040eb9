// A PyO3 (Rust) extension from the corpus (scripts/corpus.py): blake3-py's
// `blake3`, built by cargo as maturin builds it, the very .so CPython loads
// (PyO3's ffi declares CPython 3.11's functions and layouts itself; no
// header of ours is involved), called from JS. Expected values are the
// official BLAKE3 test vectors and blake3-py's own tests. Skipped, with a
// log line, when the corpus cannot be fetched (no network, no cargo).

import anyTest, { type TestFn } from 'ava'
import { bytearray, bytes, type ExtensionClass, type ExtensionMethod, type ExtensionObject, type Kwargs, kwargs, PyError } from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus([['blake3', 'blake3']] as const, 'corpus-pyo3')
})

test.after.always((t) => removeCorpus(t.context))

type Data = ArrayBufferView

interface Hasher extends ExtensionObject {
  update: ExtensionMethod<[data: Data], Hasher>
  digest: ExtensionMethod<[length?: number | Kwargs, options?: Kwargs], Buffer>
  hexdigest: ExtensionMethod<[length?: number | Kwargs, options?: Kwargs], string>
  copy: ExtensionMethod<[], Hasher>
  reset: ExtensionMethod<[], undefined>
}

interface Blake3 {
  blake3: ExtensionClass<Hasher, [data?: Data | Kwargs, options?: Kwargs]> & { AUTO: number; key_size: number }
}

// The vectors' input: the repeating pattern 0, 1, ..., 250.
function input(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => i % 251))
}

const KEY = 'whats the Elvish word for friend'
const CONTEXT = 'BLAKE3 2019-12-27 16:29:52 test vectors context'
// From the official test_vectors.json (the first 32 bytes of each output).
const VECTORS: Array<[number, string, string, string]> = [
  [
    0,
    'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
    '92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26',
    '2cc39783c223154fea8dfb7c1b1660f2ac2dcbd1c1de8277b0b0dd39b7e50d7d',
  ],
  [
    1,
    '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213',
    '6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b',
    'b3e2e340a117a499c6cf2398a19ee0d29cca2bb7404c73063382693bf66cb06c',
  ],
  [
    1024,
    '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7',
    '75c46f6f3d9eb4f55ecaaee480db732e6c2105546f1e675003687c31719c7ba4',
    '7356cd7720d5b66b6d0697eb3177d9f8d73a4a5c5e968896eb6a689684302706',
  ],
  [
    1025,
    'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444',
    '357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69',
    'effaa245f065fbf82ac186839a249707c3bddf6d3fdda22d1b95a3c970379bcb',
  ],
  [
    102400,
    'bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085',
    '1c35d1a5811083fd7119f5d5d1ba027b4d01c0c6c49fb6ff2cf75393ea5db4a7',
    '4652cff7a3f385a6103b5c260fc1593e13c778dbe608efb092fe7ee69df6e9c6',
  ],
]

test('blake3 (PyO3): the official vectors from JS memory, keyed, derive_key, extended output', async (t) => {
  const m = loadCorpus<Blake3>(t, 'blake3')
  if (m === null) return t.pass()
  // Class attributes (#[classattr]) are class constants.
  t.is(m.blake3.AUTO, -1)
  t.is(m.blake3.key_size, 32)
  for (const [length, hash, keyed, derived] of VECTORS) {
    const data = input(length)
    t.is(new m.blake3(data).hexdigest(), hash, `hash of ${length}`)
    t.is(new m.blake3(data, kwargs({ key: bytes(Buffer.from(KEY)) })).hexdigest(), keyed, `keyed hash of ${length}`)
    t.is(new m.blake3(data, kwargs({ derive_key_context: CONTEXT })).hexdigest(), derived, `derive_key of ${length}`)
    // In two updates; update() returns the hasher itself.
    const h = new m.blake3()
    t.is(h.update(data.subarray(0, length >> 1)).update(data.subarray(length >> 1)), h)
    t.is(h.digest().toString('hex'), hash)
  }
  // Extended output: shorter outputs are prefixes; seek reads further on.
  const h = new m.blake3(bytes(Buffer.from('foo')))
  const long = h.digest(100)
  t.is(long.length, 100)
  t.true(h.digest(kwargs({ length: 10 })).equals(long.subarray(0, 10)))
  t.true(h.digest(40, kwargs({ seek: 60 })).equals(long.subarray(60)))
  t.is(h.hexdigest(8, kwargs({ seek: 0 })), long.subarray(0, 8).toString('hex'))
})

test('blake3 (PyO3): buffer kinds, copy, reset, threads with the GIL released, async', async (t) => {
  const m = loadCorpus<Blake3>(t, 'blake3')
  if (m === null) return t.pass()
  const want = new m.blake3(bytes(Buffer.from('foo'))).digest()
  for (const data of [Buffer.from('foo'), new Uint8Array([102, 111, 111]), new Int8Array([102, 111, 111]), bytearray(Buffer.from('foo'))]) {
    t.true(new m.blake3(data).digest().equals(want), data.constructor.name)
  }
  const big = input(1_000_000)
  const whole = new m.blake3(big).digest()
  for (const max_threads of [2, m.blake3.AUTO]) {
    t.true(new m.blake3(big, kwargs({ max_threads })).digest().equals(whole), `max_threads=${max_threads}`)
  }
  const h1 = new m.blake3(big)
  const h2 = h1.copy()
  h1.update(big)
  t.false(h1.digest().equals(h2.digest()))
  h2.update(big)
  t.true(h1.digest().equals(h2.digest()))
  t.is(h2.reset(), undefined)
  t.is(h2.hexdigest(), VECTORS[0]![1])
  // Async: the update runs off the JS thread (PyO3 releases the GIL again
  // inside for the large input).
  const h3 = new m.blake3()
  await h3.update.async(big)
  t.true(h3.digest().equals(whole))
  t.is(await new m.blake3(big).hexdigest.async(), whole.toString('hex'))
})

test("blake3 (PyO3): PyO3's own argument errors and the extension's", (t) => {
  const m = loadCorpus<Blake3>(t, 'blake3')
  if (m === null) return t.pass()
  const B = m.blake3 as unknown as ExtensionClass<Hasher, unknown[]>
  t.throws(() => new B('a string'), { instanceOf: TypeError, message: "a bytes-like object is required, not 'str'" })
  t.throws(() => new B(kwargs({ data: bytes(Buffer.from('')) })), {
    instanceOf: TypeError,
    message: "blake3.__new__() got some positional-only arguments passed as keyword arguments: 'data'",
  })
  t.throws(() => new B(bytes(Buffer.from('')), bytes(Buffer.alloc(32))), {
    instanceOf: TypeError,
    message: 'blake3.__new__() takes from 0 to 1 positional arguments but 2 were given',
  })
  t.throws(() => new B(kwargs({ key: bytes(Buffer.alloc(31)) })), { code: 'ValueError', message: 'expected a 32-byte key, found 31' })
  t.throws(() => new B(kwargs({ max_threads: 0 })), { code: 'ValueError', message: 'not a valid number of threads' })
  t.throws(() => new B(kwargs({ derive_key_context: bytes(Buffer.from('x')) })), {
    instanceOf: TypeError,
    message: "'bytes' object is not an instance of 'str'",
  })
  const h = new m.blake3()
  t.throws(() => h.digest(-1), { code: 'OverflowError', message: "can't convert negative int to unsigned" })
  t.throws(() => (h.digest as ExtensionMethod<unknown[], Buffer>)(32, 0), {
    instanceOf: TypeError,
    message: 'blake3.digest() takes from 0 to 1 positional arguments but 2 were given',
  })
  const err = t.throws(() => h.update(new Uint32Array(4)))
  t.true(err instanceof PyError || err instanceof Error)
  t.is((err as PyError).code, 'BufferError')
  t.is(err?.message, 'buffer contents are not compatible with u8')
})
