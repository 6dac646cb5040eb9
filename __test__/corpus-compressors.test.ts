// The compressors of the real-extension corpus (scripts/corpus.py), compiled
// unchanged against pybuffer's headers and driven from JS: lz4.frame
// (keyword-heavy one-shot functions, get_frame_info's dict), lz4.stream's
// configuration errors and LZ4StreamError, python-zstd (METH_VARARGS
// aliases, zstd.Error from multi-phase init), lzfse ("s#" with str and
// bytes, lzfse.error) and backports.zstd (CPython 3.14's _zstd: Argument
// Clinic parsers, the ZstdCompressor/ZstdDecompressor/ZstdDict heap types
// with read-only attributes, ZstdError) and pylzma (the LZMA SDK: exact
// frames, a decompressobj stream, delta coding), py-lz4framed (errors
// carrying a (message, code) tuple). Each module's
// functions and methods also run async and must give what the sync calls
// give. Expected values are the member's own test vectors where there are
// some, else what the same sources built against CPython 3.11
// (`corpus.py build NAME --api cpython`) return for the same calls.
// Skipped, with a log line, when the corpus cannot be fetched (no network).

import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import {
  bytes,
  type Extension,
  type ExtensionClass,
  type ExtensionErrorClass,
  type ExtensionFunction,
  extensionInfo,
  type ExtensionMethod,
  type ExtensionObject,
  isBytearray,
  isBytes,
  type Kwargs,
  kwargs,
  len,
  loadExtension,
  PyError,
  PyObjectHandle,
  tuple,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['lz4-frame', '_frame'],
      ['lz4-stream', '_stream'],
      ['zstd', 'zstd'],
      ['lzfse', 'lzfse'],
      ['backports.zstd', '_zstd'],
      ['pylzma', 'pylzma'],
      ['py-lz4framed', '_lz4framed'],
    ] as const,
    'corpus-compressors',
  )
})

test.after.always((t) => removeCorpus(t.context))

function load<Api extends object>(t: ExecutionContext<CorpusBuild>, module: string): Extension<Api> | null {
  const so = t.context.so[module]
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    return null
  }
  return loadExtension<Api>(so, module)
}

type Data = Uint8Array | string

const text = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(200))
const random = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 13) & 0xff))

/** The error `f` throws, which must be an instance of `type` with this message, code and pythonType. */
function throwsPy(
  t: ExecutionContext<CorpusBuild>,
  f: () => unknown,
  type: ExtensionErrorClass | (new (...a: never[]) => Error),
  message: string | RegExp,
  code: string,
  pythonType: string,
): void {
  const e = t.throws(f, { instanceOf: type, message }) as (Error & { code?: string; pythonType?: string }) | undefined
  t.is(e?.code, code)
  t.is(e?.pythonType, pythonType)
}

// ==========================================================================
// lz4.frame
// ==========================================================================

interface FrameInfo {
  block_size: number
  block_size_id: number
  block_linked: boolean
  content_checksum: boolean
  block_checksum: boolean
  skippable: boolean
  content_size: number
}

interface Lz4Frame {
  compress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  decompress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer | [Buffer, number]>
  get_frame_info: ExtensionFunction<[data: Data], FrameInfo>
  BLOCKSIZE_MAX4MB: number
}

test('lz4.frame: one-shot frames with keywords, get_frame_info, errors, async', async (t) => {
  const lz4 = load<Lz4Frame>(t, '_frame')
  if (lz4 === null) return t.pass()
  t.deepEqual(extensionInfo(lz4).functions.length, 10)
  t.is(lz4.BLOCKSIZE_MAX4MB, 7)
  const c = lz4.compress(text)
  t.true(isBytes(c))
  t.is(c.length, 114)
  t.is(c.subarray(0, 16).toString('hex'), '04224d18684028230000000000009a5b')
  t.deepEqual(lz4.get_frame_info(c), {
    block_size: 65536,
    block_size_id: 4,
    block_linked: false,
    content_checksum: false,
    block_checksum: false,
    skippable: false,
    content_size: 9000,
  })
  t.true((lz4.decompress(c) as Buffer).equals(text))
  const [out, read] = lz4.decompress(c, kwargs({ return_bytes_read: true })) as [Buffer, number]
  t.true(out.equals(text))
  t.is(read, c.length)
  // Every option of test_frame_1, round-tripped, sync and async alike.
  for (const block_size of [0, 4, 5, 6, 7]) {
    const kw = kwargs({
      block_size,
      block_linked: block_size % 2 === 0,
      content_checksum: true,
      block_checksum: block_size > 5,
      compression_level: block_size * 2,
      store_size: false,
      return_bytearray: true,
    })
    const rc = lz4.compress(random, kw)
    t.true(isBytearray(rc))
    t.true(Buffer.from(await lz4.compress.async(random, kw)).equals(rc), 'async compress gives the same frame')
    const info = lz4.get_frame_info(rc)
    t.is(info.content_size, 0)
    t.true(info.content_checksum)
    t.is(info.block_checksum, block_size > 5)
    t.true((lz4.decompress(rc) as Buffer).equals(random))
    t.true(((await lz4.decompress.async(bytes(rc))) as Buffer).equals(random))
  }
  throwsPy(
    t,
    () => lz4.decompress(c.subarray(0, 6)),
    PyError,
    'LZ4F_getFrameInfo failed with code: ERROR_frameHeader_incomplete',
    'RuntimeError',
    'RuntimeError',
  )
  throwsPy(
    t,
    () => lz4.decompress(c.subarray(0, 40)),
    PyError,
    /^Frame incomplete\. LZ4F_decompress returned: \d+$/,
    'RuntimeError',
    'RuntimeError',
  )
  await t.throwsAsync(
    lz4.decompress.async(c.subarray(0, 6)),
    { instanceOf: PyError, message: 'LZ4F_getFrameInfo failed with code: ERROR_frameHeader_incomplete' },
  )
  throwsPy(t, () => lz4.compress('str'), TypeError, "a bytes-like object is required, not 'str'", 'TypeError', 'TypeError')
  throwsPy(
    t,
    () => lz4.compress(text, kwargs({ level: 3 })),
    TypeError,
    "'level' is an invalid keyword argument for this function",
    'TypeError',
    'TypeError',
  )
})

// ==========================================================================
// lz4.stream
// ==========================================================================

interface Lz4Stream {
  _create_context: ExtensionFunction<[strategy: string, direction: string, buffer_size: number, kw?: Kwargs], unknown>
  _compress: ExtensionFunction<[context: PyObjectHandle, data: Uint8Array], Buffer>
  _get_block: ExtensionFunction<[context: PyObjectHandle, data: Uint8Array], Buffer>
  _decompress: ExtensionFunction<[context: PyObjectHandle, block: Uint8Array], Buffer>
  LZ4StreamError: ExtensionErrorClass
  LZ4_MAX_INPUT_SIZE: number
  HC_LEVEL_MAX: number
}

test('lz4.stream: a context (a PyCapsule) is an opaque handle that goes back as itself', async (t) => {
  const s = load<Lz4Stream>(t, '_stream')
  if (s === null) return t.pass()
  const text = Buffer.from('the buffer protocol, in streaming blocks. '.repeat(100))
  const cctx = s._create_context('double_buffer', 'compress', 1024)
  t.true(cctx instanceof PyObjectHandle)
  if (!(cctx instanceof PyObjectHandle)) return
  t.is(cctx.typeName, 'PyCapsule')
  const blocks: Buffer[] = []
  for (let at = 0; at < text.length; at += 1024) blocks.push(s._compress(cctx, text.subarray(at, at + 1024)))
  blocks.push(await s._compress.async(cctx, Buffer.from(' and one more, async')))
  const stream = Buffer.concat(blocks)
  t.true(stream.length < text.length)
  const dctx = s._create_context('double_buffer', 'decompress', 1024) as PyObjectHandle
  const out: Buffer[] = []
  for (let at = 0; at < stream.length; ) {
    const block = s._get_block(dctx, stream.subarray(at))
    out.push(s._decompress(dctx, block))
    at += 4 + block.length
  }
  t.is(Buffer.concat(out).toString(), `${text.toString()} and one more, async`)
  // Not a context: the capsule check of the C code refuses it.
  t.throws(() => s._compress(PyObjectHandle as never, text))
  cctx.dispose()
  dctx.dispose()
})

test('lz4.stream: configuration errors and LZ4StreamError', async (t) => {
  const s = load<Lz4Stream>(t, '_stream')
  if (s === null) return t.pass()
  t.deepEqual(extensionInfo(s).exceptions, ['LZ4StreamError'])
  t.is(s.LZ4_MAX_INPUT_SIZE, 0x7e000000)
  t.is(s.HC_LEVEL_MAX, 12)
  // test_stream_1.py's invalid configurations.
  throwsPy(
    t,
    () => s._create_context('ring_buffer', 'compress', 1024),
    PyError,
    'Buffer strategy not implemented: ring_buffer',
    'NotImplementedError',
    'NotImplementedError',
  )
  throwsPy(
    t,
    () => s._create_context('foo', 'compress', 1024),
    RangeError,
    'Invalid strategy argument: foo. Must be one of: double_buffer, ring_buffer',
    'ValueError',
    'ValueError',
  )
  throwsPy(
    t,
    () => s._create_context('double_buffer', 'compress', 1024, kwargs({ store_comp_size: 3 })),
    RangeError,
    'Invalid store_comp_size, valid values: 0, 1, 2 or 4',
    'ValueError',
    'ValueError',
  )
  throwsPy(
    t,
    () => s._create_context('double_buffer', 'compress', 256, kwargs({ store_comp_size: 1 })),
    s.LZ4StreamError,
    /^Inconsistent buffer_size\/store_comp_size values\. Maximal compressed length \(\d+\) cannot fit in a 1 byte-long integer$/,
    'LZ4StreamError',
    '_stream.LZ4StreamError',
  )
  await t.throwsAsync(
    s._create_context.async('double_buffer', 'compress', 256, kwargs({ store_comp_size: 1 })),
    { instanceOf: s.LZ4StreamError },
  )
  throwsPy(
    t,
    () => s._create_context('double_buffer', 'compress', -1),
    RangeError,
    /^Invalid buffer_size argument: 4294967295\./,
    'ValueError',
    'ValueError',
  )
})

// ==========================================================================
// python-zstd
// ==========================================================================

interface Zstd {
  compress: ExtensionFunction<[data: Data, level?: number, threads?: number, strict?: number], Buffer>
  decompress: ExtensionFunction<[data: Data], Buffer>
  dumps: ExtensionFunction<[data: Data, level?: number], Buffer>
  loads: ExtensionFunction<[data: Data], Buffer>
  check: ExtensionFunction<[data: Data], number>
  version: ExtensionFunction<[], string>
  ZSTD_version_number: ExtensionFunction<[], number>
  ZSTD_max_compression_level: ExtensionFunction<[], number>
  Error: ExtensionErrorClass
}

test('python-zstd: round trips, levels, strict mode, check() and zstd.Error', async (t) => {
  const z = load<Zstd>(t, 'zstd')
  if (z === null) return t.pass()
  t.deepEqual(extensionInfo(z).exceptions, ['Error'])
  t.is(z.version(), '1.5.7.2')
  t.is(z.ZSTD_version_number(), 10507)
  t.is(z.ZSTD_max_compression_level(), 22)
  // "y#" takes bytes only (not a Buffer over JS memory): bytes() copies into one.
  const btext = bytes(text)
  const brandom = bytes(random)
  const c = z.compress(btext, 3)
  t.is(c.length, 64)
  t.is(c.subarray(0, 20).toString('hex'), '28b52ffd602822b50100d4025468652071756963')
  t.true(z.compress(btext).equals(c), 'level 3 is the default')
  t.true(z.compress(btext, 2200).equals(z.compress(btext, 22)), 'levels clamp to 22')
  t.true(z.decompress(c).equals(text))
  t.true(z.loads(z.dumps(brandom)).equals(random))
  t.is(z.check(c), 1)
  t.is(z.check(btext), 0)
  // the two-frame vector of test_compression_multiple_blocks
  t.is(
    z.decompress(bytes(Buffer.from('28b52ffd200631000068656c6c6f0a28b52ffd2006310000776f726c640a', 'hex'))).toString(),
    'hello\nworld\n',
  )
  throwsPy(t, () => z.compress(btext, 100, 0, 1), z.Error, 'Bad compression level - more than 22: 100', 'Error', 'zstd.Error')
  throwsPy(
    t,
    () => z.decompress(bytes(Buffer.from('garbage data here'))),
    z.Error,
    'Input data invalid or missing content size in frame header.',
    'Error',
    'zstd.Error',
  )
  throwsPy(
    t,
    () => z.compress(btext, kwargs({ level: 3 }) as never),
    TypeError,
    'compress() takes no keyword arguments',
    'TypeError',
    'TypeError',
  )
  throwsPy(t, () => z.compress(Buffer.from(text)), TypeError, /read-only bytes-like object/, 'TypeError', 'TypeError')
  t.true((await z.compress.async(btext, 3)).equals(c))
  t.true((await z.decompress.async(c)).equals(text))
  await t.throwsAsync(
    z.compress.async(btext, -200, 0, 1),
    { instanceOf: z.Error, message: 'Bad compression level - less than -100: -200' },
  )
})

// ==========================================================================
// lzfse
// ==========================================================================

interface Lzfse {
  compress: ExtensionFunction<[data: Data], Buffer>
  decompress: ExtensionFunction<[data: Data], Buffer>
  error: ExtensionErrorClass
}

test('lzfse: bytes and str in, lzfse.error out', async (t) => {
  const l = load<Lzfse>(t, 'lzfse')
  if (l === null) return t.pass()
  const c = l.compress(bytes(text))
  t.is(c.length, 211)
  t.is(c.subarray(0, 20).toString('hex'), '62767832282300003400d0010005006005f9a799')
  t.true(l.decompress(c).equals(text))
  // "s#" takes a str as its UTF-8 bytes.
  t.is(l.decompress(l.compress('café café café café')).toString(), 'café café café café')
  t.true((await l.compress.async(bytes(text))).equals(c))
  t.true((await l.decompress.async(c)).equals(text))
  throwsPy(
    t,
    () => l.decompress(bytes(Buffer.from('not an lzfse stream at all '.repeat(4)))),
    l.error,
    '',
    'error',
    'lzfse.error',
  )
  throwsPy(t, () => l.compress(new Uint8Array(4)), TypeError, /read-only bytes-like object/, 'TypeError', 'TypeError')
})

// ==========================================================================
// backports.zstd
// ==========================================================================

interface ZstdCompressor extends ExtensionObject {
  compress: ExtensionMethod<[data: Data, mode?: number | Kwargs], Buffer>
  flush: ExtensionMethod<[mode?: number], Buffer>
  set_pledged_input_size: ExtensionMethod<[size: number | null], undefined>
  readonly last_mode: number
}

// The class constants ZstdCompressor.CONTINUE, .FLUSH_BLOCK and
// .FLUSH_FRAME: plain attributes of the type's dict, read-only static
// properties of the JS class (values from test_zstd.py).
interface ZstdModes {
  readonly CONTINUE: number
  readonly FLUSH_BLOCK: number
  readonly FLUSH_FRAME: number
}

interface ZstdDecompressor extends ExtensionObject {
  decompress: ExtensionMethod<[data: Data, max_length?: number], Buffer>
  readonly eof: boolean
  readonly needs_input: boolean
  readonly unused_data: Buffer
}

interface ZstdDict extends ExtensionObject {
  readonly dict_id: number
  readonly dict_content: Buffer
}

interface BackportsZstd {
  ZstdCompressor: ExtensionClass<ZstdCompressor, Array<number | ZstdDict | null | Kwargs>> & ZstdModes
  ZstdDecompressor: ExtensionClass<ZstdDecompressor, Array<ZstdDict | null | Kwargs>>
  ZstdDict: ExtensionClass<ZstdDict, [content: Data, kw?: Kwargs]>
  ZstdError: ExtensionErrorClass
  get_frame_info: ExtensionFunction<[frame: Data], [number | undefined, number]>
  get_frame_size: ExtensionFunction<[frame: Data], number>
  train_dict: ExtensionFunction<[samples: Data, sizes: unknown, dict_size: number], Buffer>
  zstd_version: string
}

test('backports.zstd: ZstdCompressor/ZstdDecompressor/ZstdDict, frame functions, ZstdError, async methods', async (t) => {
  const z = load<BackportsZstd>(t, '_zstd')
  if (z === null) return t.pass()
  t.deepEqual([...extensionInfo(z).classes].sort(), ['ZstdCompressor', 'ZstdDecompressor', 'ZstdDict'])
  t.deepEqual(extensionInfo(z).exceptions, ['ZstdError'])
  t.is(typeof z.zstd_version, 'string')
  const { CONTINUE, FLUSH_BLOCK, FLUSH_FRAME } = z.ZstdCompressor
  t.deepEqual([CONTINUE, FLUSH_BLOCK, FLUSH_FRAME], [0, 1, 2])
  t.throws(() => {
    ;(z.ZstdCompressor as unknown as { CONTINUE: number }).CONTINUE = 5
  }, { instanceOf: TypeError })
  {
    using c = new z.ZstdCompressor(kwargs({ level: 5 }))
    t.is(c.last_mode, FLUSH_FRAME)
    const frame = c.compress(text, FLUSH_FRAME)
    t.is(frame.length, 64)
    t.is(frame.subarray(0, 20).toString('hex'), '28b52ffd602822b50100d4025468652071756963')
    t.deepEqual(z.get_frame_info(frame), [9000, 0])
    t.is(z.get_frame_size(frame), 64)
    // Streaming in pieces, and the same pieces async.
    const parts = [c.compress(text.subarray(0, 4000))]
    t.is(c.last_mode, CONTINUE)
    parts.push(c.compress(text.subarray(4000), kwargs({ mode: FLUSH_BLOCK })))
    t.is(c.last_mode, FLUSH_BLOCK)
    parts.push(c.flush())
    t.is(c.last_mode, FLUSH_FRAME)
    using c2 = new z.ZstdCompressor(kwargs({ level: 5 }))
    const asyncParts = [
      await c2.compress.async(text.subarray(0, 4000)),
      await c2.compress.async(text.subarray(4000), kwargs({ mode: FLUSH_BLOCK })),
      await c2.flush.async(),
    ]
    t.true(Buffer.concat(asyncParts).equals(Buffer.concat(parts)), 'async methods give what sync ones give')
    t.deepEqual(z.get_frame_info(Buffer.concat(parts)), [undefined, 0], 'a streamed frame has no content size')
    throwsPy(
      t,
      () => c.flush(CONTINUE),
      RangeError,
      'mode argument wrong value, it should be ZstdCompressor.FLUSH_FRAME or ZstdCompressor.FLUSH_BLOCK.',
      'ValueError',
      'ValueError',
    )
    throwsPy(t, () => c.compress('str'), TypeError, "a bytes-like object is required, not 'str'", 'TypeError', 'TypeError')
    throwsPy(
      t,
      () => c.set_pledged_input_size(-300),
      RangeError,
      'size argument should be a positive int less than 18446744073709551614',
      'ValueError',
      'ValueError',
    )
    t.throws(
      () => ((c as unknown as { last_mode: number }).last_mode = 1),
      { instanceOf: PyError, message: 'readonly attribute' },
    )
  }
  {
    // max_length, eof, needs_input and unused_data, as test_zstd.py checks them.
    using c = new z.ZstdCompressor()
    const frame = c.compress(text, FLUSH_FRAME)
    using d = new z.ZstdDecompressor()
    const first = d.decompress(Buffer.concat([frame, Buffer.from('tail')]), 100)
    t.is(first.length, 100)
    t.false(d.eof)
    t.false(d.needs_input)
    const rest = await d.decompress.async(Buffer.alloc(0), 100000)
    t.true(Buffer.concat([first, rest]).equals(text))
    t.true(d.eof)
    t.is(d.unused_data.toString(), 'tail')
    throwsPy(t, () => d.decompress(Buffer.from('x')), PyError, 'Already at the end of a Zstandard frame.', 'EOFError', 'EOFError')
  }
  {
    using zd = new z.ZstdDict(Buffer.from('12345678'), kwargs({ is_raw: true }))
    t.is(zd.dict_id, 0)
    t.is(len(zd), 8)
    t.is(zd.dict_content.toString(), '12345678')
    throwsPy(
      t,
      () => new z.ZstdDict(Buffer.from('12345678')),
      RangeError,
      'invalid Zstandard dictionary',
      'ValueError',
      'ValueError',
    )
    // A trained dictionary compresses and decompresses; without it, ZstdError.
    const words = ['red', 'green', 'blue', 'dog', 'cat', 'lion', 'fish', 'bird']
    const samples = Array.from({ length: 300 }, (_, i) =>
      Array.from({ length: 20 }, (_, j) => `${words[(i * 7 + j * 3) % words.length]} = ${(i * 31 + j * 17) % 100}`).join('\n'),
    ).map((s) => Buffer.from(s))
    const content = z.train_dict(bytes(Buffer.concat(samples)), tuple(samples.map((s) => s.length)), 3 * 1024)
    t.true(isBytes(content) && content.length <= 3 * 1024)
    using trained = new z.ZstdDict(content)
    t.not(trained.dict_id, 0)
    using c = new z.ZstdCompressor(kwargs({ zstd_dict: trained }))
    const frame = c.compress(samples[0], FLUSH_FRAME)
    t.is(z.get_frame_info(frame)[1], trained.dict_id)
    using d = new z.ZstdDecompressor(trained)
    t.true(d.decompress(frame).equals(samples[0]))
    using plain = new z.ZstdDecompressor()
    throwsPy(
      t,
      () => plain.decompress(frame),
      z.ZstdError,
      /^Unable to decompress Zstandard data: /,
      'ZstdError',
      'backports.zstd.ZstdError',
    )
  }
  throwsPy(
    t,
    () => new z.ZstdCompressor(kwargs({ level: 99 })),
    RangeError,
    'illegal compression level 99; the valid range is [-131072, 22]',
    'ValueError',
    'ValueError',
  )
  throwsPy(t, () => new z.ZstdCompressor(3.14), TypeError, 'invalid type for level, expected int', 'TypeError', 'TypeError')
  throwsPy(
    t,
    () => z.get_frame_info(Buffer.from('aaaaaaaaaaaaaa')),
    z.ZstdError,
    /its length is not less than the frame header \(6~18 bytes\)\.$/,
    'ZstdError',
    'backports.zstd.ZstdError',
  )
  await t.throwsAsync(z.get_frame_size.async(Buffer.from('aaaaaaaaaaaaaa')), { instanceOf: z.ZstdError })
})

// ==========================================================================
// pylzma
// ==========================================================================

interface DecompressObj extends ExtensionObject {
  decompress: ExtensionMethod<[data: Data, bufsize?: number], Buffer>
  flush: ExtensionMethod<[], Buffer>
  reset: ExtensionMethod<[], undefined>
}

interface Pylzma {
  compress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  decompress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  decompressobj: ExtensionClass<DecompressObj, [kw?: Kwargs]>
  delta_encode: ExtensionFunction<[data: Data, delta: number], Buffer>
  delta_decode: ExtensionFunction<[data: Data, delta: number], Buffer>
}

test('pylzma: exact frames of the test suite, decompressobj streams, delta coding, async', async (t) => {
  const lz = load<Pylzma>(t, 'pylzma')
  if (lz === null) return t.pass()
  // The LZMA SDK's version constants (dunder attributes such as __version__ are not exposed).
  t.is(extensionInfo(lz).constants.SDK_VERSION, '25.01')
  t.is(extensionInfo(lz).constants.SDK_VER_MAJOR, 25)
  // test_pylzma.py's vectors ("s#" takes bytes, so bytes() copies into one).
  const plain = bytes(Buffer.from('hello, this is a test string'))
  const withEos = '5d0000800000341949ee8def8c6b64909b1386e370bebeb1b656f5736d653c127731a214ff7031c000'
  const withoutEos = '5d0000800000341949ee8def8c6b64909b1386e370bebeb1b656f5736d653c115edbe9'
  t.is(lz.compress(plain, kwargs({ eos: 1 })).toString('hex'), withEos)
  t.is(lz.compress(plain, kwargs({ eos: 0 })).toString('hex'), withoutEos)
  t.is(lz.decompress(bytes(Buffer.from(withEos, 'hex'))).toString(), 'hello, this is a test string')
  t.is(lz.decompress(bytes(Buffer.from(withoutEos, 'hex')), kwargs({ maxlength: 28 })).toString(), 'hello, this is a test string')
  const c = lz.compress(bytes(text))
  t.is(c.length, 98)
  t.is(c.subarray(0, 16).toString('hex'), '5d00008000002a1a08a2032566f14b78')
  t.true((await lz.compress.async(bytes(text))).equals(c))
  t.true((await lz.decompress.async(c)).equals(text))
  {
    using d = new lz.decompressobj()
    const head = d.decompress(bytes(c.subarray(0, 50)))
    d.reset()
    const parts = [d.decompress(bytes(c.subarray(0, 50))), await d.decompress.async(bytes(c.subarray(50))), d.flush()]
    t.is(head.length, 41)
    t.true(Buffer.concat(parts).equals(text))
  }
  t.is(lz.delta_encode(bytes(Buffer.from('abcdef')), 1).toString('hex'), '610101010101')
  t.is(lz.delta_decode(lz.delta_encode(bytes(text), 7), 7).toString(), text.toString())
  throwsPy(
    t,
    () => lz.compress(bytes(Buffer.from('foo')), kwargs({ dictionary: 100 })),
    RangeError,
    'dictionary must be between 0 and 27',
    'ValueError',
    'ValueError',
  )
  throwsPy(
    t,
    () => lz.decompress(bytes(Buffer.from('junk'))),
    TypeError,
    'Error while decompressing: 1',
    'TypeError',
    'TypeError',
  )
})

// ==========================================================================
// py-lz4framed
// ==========================================================================

interface Lz4Framed {
  compress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  decompress: ExtensionFunction<[data: Data, kw?: Kwargs], Buffer>
  get_block_size: ExtensionFunction<[id?: number], number>
  Lz4FramedError: ExtensionErrorClass
  Lz4FramedNoDataError: ExtensionErrorClass
  LZ4F_BLOCKSIZE_MAX4MB: number
  LZ4F_ERROR_frameType_unknown: number
}

test('py-lz4framed: round trips, get_block_size, Lz4FramedError and Lz4FramedNoDataError, async', async (t) => {
  const f = load<Lz4Framed>(t, '_lz4framed')
  if (f === null) return t.pass()
  const short = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789')
  const c = f.compress(short)
  t.is(
    c.toString('hex'),
    '04224d1868402400000000000000ec240000806162636465666768696a6b6c6d6e6f707172737475767778797a3031323334353637383900000000',
  )
  t.true(f.decompress(c).equals(short))
  const long = Buffer.from(short.toString().repeat(10000))
  for (const level of [-10, 0, 3, 9]) {
    const kw = kwargs({ level, checksum: true, block_size_id: f.LZ4F_BLOCKSIZE_MAX4MB })
    const lc = f.compress(long, kw)
    t.true((await f.compress.async(long, kw)).equals(lc))
    t.true((await f.decompress.async(lc, kwargs({ buffer_size: 129 }))).equals(long))
  }
  t.is(f.get_block_size(), 65536)
  t.is(f.get_block_size(f.LZ4F_BLOCKSIZE_MAX4MB), 4194304)
  throwsPy(
    t,
    () => f.compress(short, kwargs({ block_size_id: -1 })),
    RangeError,
    'block_size_id (-1) invalid',
    'ValueError',
    'ValueError',
  )
  throwsPy(
    t,
    () => f.compress(Buffer.alloc(0)),
    f.Lz4FramedNoDataError,
    '',
    'Lz4FramedNoDataError',
    '_lz4framed.Lz4FramedNoDataError',
  )
  // The error's message is its (message, code) args, as str() of the exception gives them.
  throwsPy(
    t,
    () => f.decompress(Buffer.from('invalidheader')),
    f.Lz4FramedError,
    `('ERROR_frameType_unknown', ${f.LZ4F_ERROR_frameType_unknown})`,
    'Lz4FramedError',
    '_lz4framed.Lz4FramedError',
  )
})
