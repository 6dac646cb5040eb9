// python-zstandard's C backend (zstandard.backend_c, scripts/corpus.py's
// `zstandard` member), compiled unchanged against pybuffer's headers and
// used from JS: compressors and decompressors built with keyword
// arguments, frame parameters, ZstdError, compressobj/decompressobj
// streams, read_to_iter() iterators over JS memory, stream readers,
// trained dictionaries and multi-threaded compression, each also async.
// Expected frames and messages come from its tests/. Skipped, with a log
// line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  bytes,
  type Extension,
  type ExtensionClass,
  type ExtensionErrorClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  type Kwargs,
  kwargs,
  loadExtension,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus([['zstandard', 'backend_c']] as const, 'corpus-zstandard')
})

test.after.always((t) => removeCorpus(t.context))

type Data = ArrayBufferView | string
type Int = number | bigint

interface FrameParameters extends ExtensionObject {
  readonly content_size: Int
  readonly window_size: Int
  readonly dict_id: number
  readonly has_checksum: boolean
}

interface CompressObj extends ExtensionObject {
  compress: ExtensionMethod<[data: Data], Buffer>
  flush: ExtensionMethod<[mode?: number], Buffer>
}

interface DecompressObj extends ExtensionObject {
  decompress: ExtensionMethod<[data: Data], Buffer>
  readonly eof: boolean
}

interface Reader extends ExtensionObject {
  read: ExtensionMethod<[size?: number], Buffer>
  tell: ExtensionMethod<[], number>
  readonly closed: boolean
}

interface CompressionDict extends ExtensionObject {
  dict_id: ExtensionMethod<[], number>
  as_bytes: ExtensionMethod<[], Buffer>
}

interface Compressor extends ExtensionObject {
  compress: ExtensionMethod<[data: Data], Buffer>
  compressobj: ExtensionMethod<[], CompressObj>
  read_to_iter: ExtensionMethod<[reader: Data, options?: Kwargs], Iterable<Buffer>>
  stream_reader: ExtensionMethod<[source: Data], Reader>
}

interface Decompressor extends ExtensionObject {
  decompress: ExtensionMethod<[data: Data, options?: Kwargs], Buffer>
  decompressobj: ExtensionMethod<[], DecompressObj>
  read_to_iter: ExtensionMethod<[reader: Data], Iterable<Buffer>>
}

interface Zstandard {
  ZstdCompressor: ExtensionClass<Compressor, [options?: Kwargs]>
  ZstdDecompressor: ExtensionClass<Decompressor, [options?: Kwargs]>
  ZstdError: ExtensionErrorClass
  get_frame_parameters: ExtensionFunction<[frame: Data], FrameParameters>
  frame_content_size: ExtensionFunction<[frame: Data], Int>
  train_dictionary: ExtensionFunction<[size: number, samples: Buffer[]], CompressionDict>
  CONTENTSIZE_UNKNOWN: Int
  COMPRESSION_RECOMMENDED_INPUT_SIZE: number
}

function load(t: { context: CorpusBuild; log: (m: string) => void }): Extension<Zstandard> | null {
  const so = t.context.so.backend_c
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    return null
  }
  return loadExtension<Zstandard>(so, 'backend_c')
}

/** An empty bytes-like input (a JS string would be a str). */
const empty = Buffer.alloc(0)

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')

test('zstandard: the test suite frames, keyword options and frame parameters', async (t) => {
  const z = load(t)
  if (z === null) return t.pass()
  using c1 = new z.ZstdCompressor(kwargs({ level: 1, write_content_size: false }))
  t.is(hex(c1.compress(empty)), '28b52ffd0000010000')
  // Any JS memory is a bytes-like input.
  for (const input of [Buffer.from('foo'), new Uint8Array(Buffer.from('foo')), new DataView(new Uint8Array([0x66, 0x6f, 0x6f]).buffer)]) {
    t.is(hex(c1.compress(input)), '28b52ffd0000190000666f6f')
  }
  const big = Buffer.alloc(z.COMPRESSION_RECOMMENDED_INPUT_SIZE + 1, 'f')
  big[big.length - 1] = 'o'.charCodeAt(0)
  t.is(hex(c1.compress(big)), '28b52ffd00405400001066660100fbff39c0020900006f')
  using params = z.get_frame_parameters(c1.compress(empty))
  t.is(params.content_size, z.CONTENTSIZE_UNKNOWN)
  t.is(params.window_size, 1024)
  t.is(params.dict_id, 0)
  t.false(params.has_checksum)
  using c2 = new z.ZstdCompressor()
  t.is(hex(c2.compress(empty)), '28b52ffd2000010000')
  using checked = new z.ZstdCompressor(kwargs({ level: 1, write_checksum: true }))
  t.true(z.get_frame_parameters(checked.compress(Buffer.from('foobar'))).has_checksum)
  t.is(z.frame_content_size(c2.compress(Buffer.from('foobar'.repeat(256)))), 1536)
  t.throws(() => new z.ZstdCompressor(kwargs({ level: 23 })), { instanceOf: RangeError, message: 'level must be less than 23' })
  t.throws(() => new z.ZstdCompressor(kwargs({ levle: 3 })), {
    instanceOf: TypeError,
    message: "'levle' is an invalid keyword argument for ZstdCompressor()",
  })
  t.throws(() => c1.compress('foo'), { instanceOf: TypeError, message: "a bytes-like object is required, not 'str'" })
  // async: the same frame, from another thread.
  t.is(hex(await c1.compress.async(big)), hex(c1.compress(big)))
})

test('zstandard: decompression, its errors as ZstdError, streaming objects and iterators', async (t) => {
  const z = load(t)
  if (z === null) return t.pass()
  using d = new z.ZstdDecompressor()
  t.throws(() => d.decompress(empty), { instanceOf: z.ZstdError, message: 'error determining content size from frame header' })
  t.throws(() => d.decompress(Buffer.from('foobar')), { instanceOf: z.ZstdError, code: 'ZstdError' })
  using nosize = new z.ZstdCompressor(kwargs({ write_content_size: false }))
  const source = Buffer.from('foobar'.repeat(256))
  const frame = nosize.compress(source)
  t.throws(() => d.decompress(frame), { instanceOf: z.ZstdError, message: 'could not determine content size in frame header' })
  t.deepEqual(d.decompress(frame, kwargs({ max_output_size: source.length })), source)
  t.throws(() => d.decompress(frame, kwargs({ max_output_size: source.length - 1 })), {
    instanceOf: z.ZstdError,
    message: 'decompression error: did not decompress full frame',
  })
  t.deepEqual(await d.decompress.async(frame, kwargs({ max_output_size: source.length * 64 })), source)

  // compressobj + decompressobj, fed in pieces.
  using c = new z.ZstdCompressor(kwargs({ level: 1 }))
  using co = c.compressobj()
  const text = Buffer.from('the quick brown fox jumps over the lazy dog '.repeat(500))
  const framed = Buffer.concat([co.compress(text.subarray(0, 7000)), co.compress(text.subarray(7000)), co.flush()])
  using dobj = d.decompressobj()
  const pieces: Buffer[] = []
  for (let i = 0; i < framed.length; i += 100) pieces.push(dobj.decompress(framed.subarray(i, i + 100)))
  t.deepEqual(Buffer.concat(pieces), text)
  t.true(dobj.eof)

  // read_to_iter over JS memory both ways: Python iterators as JS iterables.
  const chunks = [...c.read_to_iter(text, kwargs({ read_size: 4096 }))]
  const back = Buffer.concat([...d.read_to_iter(Buffer.concat(chunks))])
  t.deepEqual(back, text)

  // A stream reader's read() joins its chunks with b''.join.
  using reader = c.stream_reader(text)
  const head = reader.read(10)
  t.is(head.length, 10)
  const all = Buffer.concat([head, reader.read()])
  t.deepEqual(d.decompress(all), text)
  t.is(reader.tell(), all.length)
})

test('zstandard: a trained dictionary and multi-threaded frames', async (t) => {
  const z = load(t)
  if (z === null) return t.pass()
  const samples: Buffer[] = []
  for (let i = 0; i < 128; i++) samples.push(bytes(Buffer.from('foo'.repeat(64))), bytes(Buffer.from('bar'.repeat(64))), bytes(Buffer.from('foobar'.repeat(64))))
  using dict = z.train_dictionary(1024, samples)
  t.is(dict.dict_id(), 1123828263)
  using withDict = new z.ZstdCompressor(kwargs({ dict_data: dict, threads: 2 }))
  t.is(hex(withDict.compress(Buffer.from('foo'))), '28b52ffd232742fc4203190000666f6f')
  using dd = new z.ZstdDecompressor(kwargs({ dict_data: dict }))
  t.deepEqual(dd.decompress(withDict.compress(Buffer.from('foobarfoobar'))), Buffer.from('foobarfoobar'))
  using mt = new z.ZstdCompressor(kwargs({ level: 1, threads: 2 }))
  const input = Buffer.alloc(1 << 19, 'x')
  input.fill('y', 1 << 18)
  const frame = await mt.compress.async(input)
  t.is(z.get_frame_parameters(frame).content_size, 1 << 19)
  using d = new z.ZstdDecompressor()
  t.deepEqual(d.decompress(frame), input)
})
