// The types and exceptions of real extensions from the corpus
// (scripts/corpus.py), compiled unchanged against pybuffer's headers and
// driven from JS through their typed APIs: xxhash's hashers, brotli's
// Compressor/Decompressor and brotli.error, zfec's Encoder/Decoder and
// _fec.Error, mmh3's hashers, lz4.block's LZ4BlockError. The expected values
// are the published test vectors where there are some (the empty-input
// digests), else what the same sources built against CPython 3.11
// (`corpus.py build NAME --api cpython`) return for the same calls.
// Skipped, with a log line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  bytes,
  type ExtensionClass,
  type ExtensionErrorClass,
  type ExtensionFunction,
  extensionInfo,
  type ExtensionMethod,
  type ExtensionObject,
  isBytes,
  type Kwargs,
  kwargs,
  len,
  PyError,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus([
    ['xxhash', '_xxhash'],
    ['brotli', '_brotli'],
    ['zfec', '_fec'],
    ['mmh3', 'mmh3'],
    ['lz4', '_block'],
  ] as const, 'corpus-classes')
})

test.after.always((t) => removeCorpus(t.context))

const load = loadCorpus

type Data = Uint8Array | string

// ==========================================================================
// xxhash
// ==========================================================================

interface Hasher extends ExtensionObject {
  update: ExtensionMethod<[data: Data], undefined>
  digest: ExtensionMethod<[], Buffer>
  hexdigest: ExtensionMethod<[], string>
  intdigest: ExtensionMethod<[], number | bigint>
  copy: ExtensionMethod<[], Hasher>
  reset: ExtensionMethod<[], undefined>
  readonly digest_size: number
  readonly block_size: number
  readonly name: string
  readonly seed: number | bigint
}

type HasherClass = ExtensionClass<Hasher, Array<Data | number | bigint | Kwargs>>

interface Xxhash {
  xxh32: HasherClass
  xxh64: HasherClass
  xxh3_64: HasherClass
  xxh3_128: HasherClass
  xxh64_hexdigest: ExtensionFunction<[data: Data, kw?: Kwargs], string>
  XXHASH_VERSION: string
}

test('xxhash: the hasher types against known vectors, with seed keywords, copy and reset', async (t) => {
  const xx = load<Xxhash>(t, '_xxhash')
  if (xx === null) return t.pass()
  t.deepEqual(extensionInfo(xx).classes, ['xxh32', 'xxh64', 'xxh3_64', 'xxh3_128'])
  t.is(typeof xx.XXHASH_VERSION, 'string')
  // The published digests of empty input.
  t.is(new xx.xxh32().hexdigest(), '02cc5d05')
  t.is(new xx.xxh64().hexdigest(), 'ef46db3751d8e999')
  t.is(new xx.xxh3_64().hexdigest(), '2d06800538d394c2')
  t.is(new xx.xxh3_128().hexdigest(), '99aa06d3014798d86001c324468d497f')

  using h = new xx.xxh64(Buffer.from('hello'), kwargs({ seed: 7 }))
  t.is(h.hexdigest(), 'd329315f8bc34e2e')
  t.is(h.intdigest(), 15215747102484418094n)
  t.true(h.digest().equals(Buffer.from('d329315f8bc34e2e', 'hex')))
  t.true(isBytes(h.digest()))
  t.is(h.digest_size, 8)
  t.is(h.block_size, 32)
  t.is(h.name, 'XXH64')
  t.is(h.seed, 7)
  h.update(Buffer.from(' world'))
  t.is(h.hexdigest(), 'e3188f1f1023e4d0')
  using c = h.copy()
  t.true(c instanceof xx.xxh64)
  t.throws(() => c.update('!'), { instanceOf: TypeError, message: 'Strings must be encoded before hashing' })
  c.update(Buffer.from('!'))
  t.is(c.hexdigest(), '515596857622624d')
  t.is(h.hexdigest(), 'e3188f1f1023e4d0', 'the copy is independent')
  h.reset()
  t.is(h.hexdigest(), '95f0626f6f0a4409', 'reset keeps the seed')
  t.is(new xx.xxh3_64(Buffer.from('abc')).intdigest(), 8696274497037089104n)
  t.is(new xx.xxh3_128(Buffer.from('abc')).intdigest(), 8891052093862885505146213044715469136n)
  t.is(new xx.xxh32(Buffer.from('abc'), 1).intdigest(), 2856167679)
  t.is(new xx.xxh3_64(Buffer.from('a'.repeat(100)), kwargs({ seed: 3 })).hexdigest(), '5d7abcb7891ad47b')
  t.is(new xx.xxh64(kwargs({ seed: 2n ** 64n - 1n })).seed, 2n ** 64n - 1n)
  t.is(xx.xxh64_hexdigest(Buffer.from('abc'), kwargs({ seed: 1 })), 'bea9ca8199328908')
  // Methods run async too, and give what the sync calls give.
  const big = Buffer.alloc(1 << 20, 7)
  using sync = new xx.xxh3_128(big)
  using viaAsync = new xx.xxh3_128()
  await viaAsync.update.async(big)
  t.is(await viaAsync.hexdigest.async(), sync.hexdigest())
  // CPython's errors.
  t.throws(
    () => {
      ;(h as { digest_size: number }).digest_size = 3
    },
    { instanceOf: PyError, message: "attribute 'digest_size' of 'xxhash.xxh64' objects is not writable" },
  )
  t.throws(() => new xx.xxh64(Buffer.from('a'), kwargs({ bogus: 1 })), {
    instanceOf: TypeError,
    message: "'bogus' is an invalid keyword argument for 'xxhash.xxh64()'",
  })
  t.throws(() => len(h), { instanceOf: TypeError, message: "object of type 'xxhash.xxh64' has no len()" })
})

// ==========================================================================
// brotli
// ==========================================================================

interface Compressor extends ExtensionObject {
  process: ExtensionMethod<[data: Data], Buffer>
  flush: ExtensionMethod<[], Buffer>
  finish: ExtensionMethod<[], Buffer>
}

interface Decompressor extends ExtensionObject {
  process: ExtensionMethod<[data: Data], Buffer>
  is_finished: ExtensionMethod<[], boolean>
  can_accept_more_data: ExtensionMethod<[], boolean>
}

interface Brotli {
  Compressor: ExtensionClass<Compressor, [kw?: Kwargs]>
  Decompressor: ExtensionClass<Decompressor, []>
  decompress: ExtensionFunction<[data: Data], Buffer>
  error: ExtensionErrorClass
  MODE_TEXT: number
}

test('brotli: Compressor/Decompressor streams and brotli.error', async (t) => {
  const br = load<Brotli>(t, '_brotli')
  if (br === null) return t.pass()
  t.deepEqual(extensionInfo(br).exceptions, ['error'])
  const text = Buffer.from('hello '.repeat(100))
  {
    using co = new br.Compressor(kwargs({ quality: 5 }))
    const out = Buffer.concat([co.process(text), co.finish()])
    t.is(out.toString('hex'), '1b57020024406a90c6eaf09cce00')
    using d = new br.Decompressor()
    t.true(d.process(out).equals(text))
    t.true(d.is_finished())
    t.true(br.decompress(out).equals(text))
    using co2 = new br.Compressor(kwargs({ quality: 5 }))
    const asyncOut = Buffer.concat([await co2.process.async(text), await co2.finish.async()])
    t.true(asyncOut.equals(out), 'the async calls give what the sync ones give')
  }
  const data = Buffer.alloc(256 * 40)
  for (let i = 0; i < data.length; i++) data[i] = i & 0xff
  using co = new br.Compressor(kwargs({ mode: br.MODE_TEXT, quality: 11, lgwin: 22 }))
  const parts = [co.process(data), co.flush(), co.finish()]
  t.deepEqual(
    parts.map((p) => p.length),
    [0, 217, 1],
  )
  using d = new br.Decompressor()
  t.true(d.process(Buffer.concat(parts)).equals(data))
  t.true(d.is_finished())
  t.true(d.can_accept_more_data())
  const e = t.throws(() => br.decompress(Buffer.from('xxxx')), { instanceOf: br.error, message: 'brotli: decoder failed' })
  t.true(e instanceof PyError)
  t.is(e?.code, 'error')
  t.is(e?.pythonType, 'brotli.error')
  t.throws(() => new br.Compressor(kwargs({ quality: 99 })), {
    instanceOf: br.error,
    message: 'brotli: invalid quality; range is 0 to 11',
  })
})

// ==========================================================================
// zfec
// ==========================================================================

interface Encoder extends ExtensionObject {
  encode: ExtensionMethod<[blocks: Data[], wanted?: number[]], Array<Buffer | Uint8Array>>
  readonly k: number
  readonly m: number
}

interface Decoder extends ExtensionObject {
  decode: ExtensionMethod<[blocks: Data[], indices: number[]], Array<Buffer | Uint8Array>>
}

interface Fec {
  Encoder: ExtensionClass<Encoder, [k: number, m: number]>
  Decoder: ExtensionClass<Decoder, [k: number, m: number]>
  Error: ExtensionErrorClass
}

test('zfec: Encoder/Decoder round trips, the primary blocks returned as bytes, and _fec.Error', (t) => {
  const fec = load<Fec>(t, '_fec')
  if (fec === null) return t.pass()
  using enc = new fec.Encoder(3, 5)
  t.is(enc.k, 3)
  t.is(enc.m, 5)
  const blocks = [bytes(Buffer.from('aaaa')), bytes(Buffer.from('bbbb')), bytes(Buffer.from('cccc'))]
  const shares = enc.encode(blocks)
  t.is(shares.length, 5)
  // zfec returns the primary blocks themselves, as on CPython: bytes
  // objects, with their contents.
  t.true(isBytes(shares[0]))
  t.true(Buffer.from(shares[0] as Uint8Array).equals(blocks[0] as Buffer))
  t.deepEqual(
    shares.slice(3).map((s) => Buffer.from(s).toString('hex')),
    ['75757575', '09090909'],
  )
  using dec = new fec.Decoder(3, 5)
  const back = dec.decode([shares[0] as Buffer, shares[3] as Buffer, shares[4] as Buffer], [0, 3, 4])
  t.deepEqual(
    back.map((b) => Buffer.from(b).toString()),
    ['aaaa', 'bbbb', 'cccc'],
  )
  using e2 = new fec.Encoder(2, 4)
  t.deepEqual(
    e2.encode([Buffer.from('ab'), Buffer.from('cd')], [2, 3]).map((b) => Buffer.from(b).toString()),
    ['en', 'iz'],
  )
  const e = t.throws(() => new fec.Encoder(0, 5), {
    instanceOf: fec.Error,
    message: 'Precondition violation: first argument is required to be greater than or equal to 1, but it was 0',
  })
  t.is(e?.pythonType, '_fec.Error')
  t.throws(() => dec.decode([Buffer.from('a')], [0]), { instanceOf: fec.Error, message: /Wrong length/ })
})

// ==========================================================================
// mmh3 and lz4.block
// ==========================================================================

interface Mmh3Hasher extends ExtensionObject {
  update: ExtensionMethod<[data: Data], undefined>
  digest: ExtensionMethod<[], Buffer>
  sintdigest: ExtensionMethod<[], number | bigint>
  uintdigest: ExtensionMethod<[], number | bigint>
  stupledigest: ExtensionMethod<[], Array<number | bigint>>
  copy: ExtensionMethod<[], Mmh3Hasher>
}

interface Mmh3 {
  mmh3_32: ExtensionClass<Mmh3Hasher, [data?: Data, seed?: number]>
  mmh3_x64_128: ExtensionClass<Mmh3Hasher, [data?: Data, seed?: number]>
}

test('mmh3: the hasher types', (t) => {
  const mmh3 = load<Mmh3>(t, 'mmh3')
  if (mmh3 === null) return t.pass()
  using h = new mmh3.mmh3_32(Buffer.from('foo'), 42)
  t.is(h.sintdigest(), -1322301282)
  t.is(h.uintdigest(), 2972666014)
  t.is(h.digest().toString('hex'), '9e482fb1')
  using c = h.copy()
  h.update(Buffer.from('bar'))
  t.is(h.sintdigest(), 1018276128)
  t.is(c.sintdigest(), -1322301282)
  using w = new mmh3.mmh3_x64_128(Buffer.from('foo'))
  t.is(w.uintdigest(), 168394135621993849475852668931176482145n)
  t.deepEqual(w.stupledigest(), [-2129773440516405919n, 9128664383759220103n])
})

interface Lz4Block {
  decompress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  LZ4BlockError: ExtensionErrorClass
}

test('lz4.block: LZ4BlockError is a JS error class', (t) => {
  const lz4 = load<Lz4Block>(t, '_block')
  if (lz4 === null) return t.pass()
  const e = t.throws(() => lz4.decompress(bytes([4, 0, 0, 0, 0xff, 0xff])), {
    instanceOf: lz4.LZ4BlockError,
    message: 'Decompression failed: corrupt input or insufficient space in destination buffer. Error code: 2',
  })
  t.true(e instanceof PyError)
  t.is(e?.code, 'LZ4BlockError')
  t.is(e?.pythonType, '_block.LZ4BlockError')
  t.is(lz4.LZ4BlockError.name, 'LZ4BlockError')
})
