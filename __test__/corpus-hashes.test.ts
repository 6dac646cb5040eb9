// Hashes, checksums and small buffer consumers from the corpus
// (scripts/corpus.py), compiled unchanged against pybuffer's headers and
// called from JS: siphashc (a limited-API module), libscrc's _crc32 (y*
// parsing, optional continuation CRCs, a keyword CRC generator), pyfarmhash
// (C++), bitstruct's C extension (bit-level packing with compiled-format
// types, f16 through PyFloat_Pack2, pack_into a bytearray shared with JS) and markupsafe's
// _speedups (str kinds), pyahocorasick's Automaton (a trie type with
// iterators over str keys) and ed25519's signatures (its error class). Expected values come from each project's own test
// suite. Every module also runs once async. Skipped, with a log line, when
// the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  bytearray,
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
  PyError,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['siphashc', 'siphashc'],
      ['libscrc', '_crc32'],
      ['pyfarmhash', 'farmhash'],
      ['bitstruct', 'c'],
      ['markupsafe', '_speedups'],
      ['pyahocorasick', 'ahocorasick'],
      ['ed25519', '_ed25519'],
    ] as const,
    'corpus-hashes',
  )
})

test.after.always((t) => removeCorpus(t.context))

const load = loadCorpus

type Data = ArrayBufferView | string
type Int = number | bigint

// ==========================================================================
// siphashc
// ==========================================================================

interface Siphashc {
  siphash: ExtensionFunction<[key: Data, plaintext: Data], Int>
}

test('siphashc: SipHash-2-4 reference vectors, str or bytes only, its errors', async (t) => {
  const m = load<Siphashc>(t, 'siphashc')
  if (m === null) return t.pass()
  t.is(m.siphash('sixteencharstrng', 'i need a hash of this'), 10796923698683394048n)
  t.is(m.siphash('0123456789ABCDEF', 'a'), 12398370950267227270n)
  t.is(m.siphash(bytes(Buffer.from('0123456789ABCDEF')), bytes(Buffer.from('a'))), 12398370950267227270n)
  // The first reference vectors: key bytes(range(16)), message bytes(range(i)).
  const key = bytes(Buffer.from(Array.from({ length: 16 }, (_, i) => i)))
  const reference = [0x726fdb47dd0e0e31n, 0x74f839c593dc67fdn, 0x0d6c8009d9a94f5an, 0x85676696d7fb7e2dn]
  reference.forEach((want, i) => {
    t.is(BigInt(m.siphash(key, bytes(Buffer.from(Array.from({ length: i }, (_, j) => j))))), want)
  })
  const last = bytes(Buffer.from(Array.from({ length: 63 }, (_, j) => j)))
  t.is(m.siphash(key, last), 0x958a324ceb064572n)
  // Only immutable inputs: JS memory and bytearrays are refused, as CPython refuses memoryview.
  t.throws(() => m.siphash(Buffer.from('0123456789ABCDEF'), 'a'), { instanceOf: TypeError, message: 'key must be str or bytes' })
  t.throws(() => m.siphash(key, bytearray(Buffer.from('a'))), { instanceOf: TypeError, message: 'plaintext must be str or bytes' })
  t.throws(() => m.siphash('short', 'a'), { instanceOf: RangeError, message: 'key must be exactly 128 bits long (16 chars)' })
  t.throws(() => (m.siphash as ExtensionFunction<[Data], Int>)('0123456789ABCDEF'), {
    instanceOf: TypeError,
    message: 'siphash() takes exactly 2 arguments (1 given)',
  })
  // From 8 KiB on it releases the GIL; async gives the same hash.
  const big = bytes(Buffer.alloc(1 << 16, 'a'))
  t.is(await m.siphash.async(key, big), m.siphash(key, big))
})

// ==========================================================================
// libscrc._crc32
// ==========================================================================

type Crc = ExtensionFunction<[data: Data, crc?: number], number>

interface Crc32 {
  crc32: Crc
  mpeg2: Crc
  posix: Crc
  crc32_c: Crc
  stm32: Crc
  fletcher32: Crc
  hacker32: ExtensionFunction<[dataOrKw: Data | Kwargs], number>
  table32: ExtensionFunction<[poly: number, ref?: boolean, bits?: number], number[]>
  __version__?: string
}

test('libscrc._crc32: check values, continued CRCs over JS memory, hacker32 keywords, table32', async (t) => {
  const m = load<Crc32>(t, '_crc32')
  if (m === null) return t.pass()
  t.is(m.__version__, undefined, 'dunder module attributes are not exposed')
  const check = Buffer.from('123456789')
  t.is(m.crc32(check), 0xcbf43926)
  t.is(m.mpeg2(check), 0x0376e6e7)
  t.is(m.posix(check), 0x765e7680)
  t.is(m.crc32_c(check), 0xe3069283)
  t.is(m.stm32(check), 0x1556f485)
  t.is(m.fletcher32(check), 0xdf09d509)
  t.is(m.crc32(Buffer.alloc(4096, 'A')), 0xfea63440)
  t.is(m.crc32(Buffer.alloc(0)), 0)
  // A previous CRC continues the computation; any contiguous JS memory is y*.
  for (const f of [m.crc32, m.mpeg2, m.stm32]) {
    t.is(f(check.subarray(5), f(check.subarray(0, 5))), f(check))
  }
  t.is(m.crc32(new Uint16Array([0x3231, 0x3433])), m.crc32(Buffer.from('1234')))
  t.is(m.hacker32(check), 0xcbf43926)
  const args = { data: check, poly: 0x04c11db7, init: 0xffffffff, xorout: 0xffffffff, reinit: true }
  t.is(m.hacker32(kwargs({ ...args, refin: false, refout: false })), 0xfc891918)
  t.is(m.hacker32(kwargs({ ...args, refin: true, refout: false })), 0x649c2fd3)
  t.is(m.hacker32(kwargs({ ...args, refin: false, refout: true })), 0x1898913f)
  t.is(m.hacker32(kwargs({ ...args, refin: true, refout: true })), 0xcbf43926)
  const table = m.table32(0x04c11db7, true, 32)
  t.is(table.length, 256)
  t.deepEqual(table.slice(0, 3), [0, 1996959894, 3993919788])
  t.throws(() => m.crc32('123456789'), { instanceOf: TypeError, message: "a bytes-like object is required, not 'str'" })
  t.throws(() => m.hacker32(kwargs({ datum: check })), {
    instanceOf: TypeError,
    message: "function missing required argument 'data' (pos 1)",
  })
  t.throws(() => m.crc32(check, 1.5), { instanceOf: TypeError, message: "'float' object cannot be interpreted as an integer" })
  const big = Buffer.alloc(1 << 20, 3)
  t.is(await m.crc32.async(big), m.crc32(big))
})

// ==========================================================================
// pyfarmhash (C++)
// ==========================================================================

interface Farmhash {
  hash64: ExtensionFunction<[data: Data], Int>
  hash64withseed: ExtensionFunction<[data: Data, seed: Int], Int>
  hash128: ExtensionFunction<[data: Data], [Int, Int]>
  fingerprint64: ExtensionFunction<[data: Data], Int>
  fingerprint32: ExtensionFunction<[data: Data], number>
  Error?: unknown
}

test('pyfarmhash: a C++ extension; its documented hashes of str and bytes', async (t) => {
  const m = load<Farmhash>(t, 'farmhash')
  if (m === null) return t.pass()
  t.is(m.hash64('abc'), 2640714258260161385n)
  t.is(m.hash64(bytes(Buffer.from('abc'))), 2640714258260161385n)
  t.is(m.fingerprint64('abc'), 2640714258260161385n)
  t.is(m.hash64withseed('abc', 12345), 13914286602242141520n)
  t.deepEqual(m.hash128('abc'), [4143508125394299908n, 11566915719555882565n])
  t.is(typeof m.fingerprint32('abc'), 'number')
  // A str is hashed as its UTF-8.
  t.is(m.hash64('héllo'), m.hash64(bytes(Buffer.from('héllo'))))
  // "s#" wants a read-only buffer: a bytearray is refused, as on CPython.
  t.throws(() => m.hash64(bytearray(Buffer.from('abc'))), {
    instanceOf: TypeError,
    message: 'argument 1 must be read-only bytes-like object, not bytearray',
  })
  t.throws(() => (m.hash64withseed as ExtensionFunction<[Data, number], Int>)('abc', 1.5), {
    instanceOf: TypeError,
    message: 'argument 2 must be int, not float',
  })
  t.deepEqual(extensionInfo(m).functions.length, 9)
  const text = 'x'.repeat(100_000)
  t.is(await m.hash64.async(text), m.hash64(text))
})

// ==========================================================================
// bitstruct.c
// ==========================================================================

interface CompiledFormat extends ExtensionObject {
  pack: ExtensionMethod<Array<Int | boolean | string | Data | null>, Buffer>
  unpack: ExtensionMethod<[data: Data], unknown[]>
  pack_into: ExtensionMethod<[buf: Uint8Array, offset: number, ...values: Int[]], undefined>
  unpack_from: ExtensionMethod<[data: Data, offset?: number], unknown[]>
  calcsize: ExtensionMethod<[], number>
}

interface CompiledFormatDict extends ExtensionObject {
  unpack: ExtensionMethod<[data: Data], Record<string, unknown>>
  calcsize: ExtensionMethod<[], number>
}

type Value = Int | boolean | string | Data | null

interface Bitstruct {
  pack: ExtensionFunction<[fmt: string, ...values: Value[]], Buffer>
  unpack: ExtensionFunction<[fmt: string, data: Data, kw?: Kwargs], unknown[]>
  pack_into: ExtensionFunction<[fmt: string, buf: Uint8Array, offset: number, ...rest: Array<Value | Kwargs>], undefined>
  unpack_from: ExtensionFunction<[fmt: string, data: Data, offset?: number], unknown[]>
  unpack_dict: ExtensionFunction<[fmt: string, names: string[], data: Data], Record<string, unknown>>
  calcsize: ExtensionFunction<[fmt: string], number>
  byteswap: ExtensionFunction<[fmt: string, data: Data], Buffer>
  compile: ExtensionFunction<[fmt: string, names?: string[]], CompiledFormat | CompiledFormatDict>
  CompiledFormat: ExtensionClass<CompiledFormat, [fmt: string]>
  CompiledFormatDict: ExtensionClass<CompiledFormatDict, [fmt: string, names: string[]]>
}

test('bitstruct.c: bit packing from test_c.py, f16 floats, pack_into a shared bytearray, compiled formats', async (t) => {
  const m = load<Bitstruct>(t, 'c')
  if (m === null) return t.pass()
  t.deepEqual(extensionInfo(m).classes, ['CompiledFormat', 'CompiledFormatDict'])
  const hex = (b: Buffer) => b.toString('hex')
  t.is(hex(m.pack('u1u1s6u7u9', 0, 0, -2, 65, 22)), '3e8216')
  t.true(isBytes(m.pack('u1', 1)))
  t.is(hex(m.pack('P1u1s6u7u9', 0, -2, 65, 22)), 'be8216')
  t.is(hex(m.pack('b1t24', false, 'Hi!')), '24349080')
  t.is(hex(m.pack('f16', 1.0)), '3c00')
  t.is(hex(m.pack('f32', 1.0)), '3f800000')
  t.is(hex(m.pack('f64', 1.0)), '3ff0000000000000')
  t.is(hex(m.pack('u1f16', 1, 0.5)), '9c0000')
  t.is(hex(m.pack('u64', 2n ** 64n - 1n)), 'ffffffffffffffff')
  t.deepEqual(m.unpack('u1u1s6u7u9', Buffer.from('3e8216', 'hex')), [0, 0, -2, 65, 22])
  t.deepEqual(m.unpack('b1p6b1', Buffer.from([0x80])), [true, false])
  t.deepEqual(m.unpack('b1t24', Buffer.from('24349080', 'hex')), [false, 'Hi!'])
  t.deepEqual(m.unpack('f16f16', Buffer.from('3c00fbff', 'hex')), [1, -65504])
  t.deepEqual(m.unpack('f16', Buffer.from('0001', 'hex')), [2 ** -24])
  t.deepEqual(m.unpack('u4u5', Buffer.from([0x5f]), kwargs({ allow_truncated: true })), [5])
  t.deepEqual(m.unpack('u64', Buffer.alloc(8, 0xff)), [2n ** 64n - 1n])
  t.deepEqual(m.unpack_dict('u1u1s6u7u9', ['foo', 'bar', 'fie', 'fum', 'fam'], Buffer.from('3e8216', 'hex')), {
    foo: 0,
    bar: 0,
    fie: -2,
    fum: 65,
    fam: 22,
  })
  t.is(m.calcsize('b1s6u7u9P1t8'), 32)
  t.is(hex(m.byteswap('12142', bytes(Buffer.from('01030204080706050a09', 'hex')))), '0102030405060708090a')
  // pack_into writes in place, at a bit offset, into a bytearray (it checks
  // PyByteArray_Check), seen from JS as a Buffer over its memory.
  const buf = bytearray(new Uint8Array(3))
  t.is(m.pack_into('u1u1s6u7u9', buf, 0, 0, 0, -2, 65, 22), undefined)
  t.is(hex(buf), '3e8216')
  const ones = bytearray(Buffer.alloc(4, 0xff))
  m.pack_into('u1', ones, 31, 0)
  t.is(hex(ones), 'fffffffe')
  const padded = bytearray(Buffer.alloc(3, 0xff))
  m.pack_into('p4u4p4u4p4u4', padded, 0, 1, 2, 3, kwargs({ fill_padding: true }))
  t.is(hex(padded), '010203')
  t.throws(() => m.pack_into('u1', new Uint8Array(1), 0, 1), { instanceOf: TypeError, message: 'Bytearray needed.' })
  // Its errors, as CPython raises them.
  t.throws(() => m.unpack('u9', Buffer.from([0])), { instanceOf: RangeError, message: 'Short data.' })
  t.throws(() => m.pack('x1', ''), { instanceOf: RangeError, message: "Bad format field type 'x'." })
  t.throws(() => m.pack('u1u1', 1), { instanceOf: RangeError, message: 'Too few arguments.' })
  t.throws(() => m.pack('f16', 1e6), { instanceOf: RangeError, message: 'float too large to pack with e format' })
  t.throws(() => m.pack('u1', 2), { instanceOf: RangeError })
  t.throws(() => m.pack('t16', '1'), { instanceOf: PyError, message: 'Short text.' })
  t.throws(() => m.pack_into('u25', bytearray(new Uint8Array(3)), 0, 1), {
    instanceOf: RangeError,
    message: 'pack_into requires a buffer of at least 25 bits',
  })
  t.throws(() => m.pack_into('u1', bytes(Buffer.from([0])), 0, 0), { instanceOf: TypeError })
  // Compiled formats: instances of its static types.
  using cf = m.compile('u1u1s6u7u9') as CompiledFormat
  t.true(cf instanceof m.CompiledFormat)
  t.is(hex(cf.pack(0, 0, -2, 65, 22)), '3e8216')
  t.deepEqual(cf.unpack(Buffer.from('3e8216', 'hex')), [0, 0, -2, 65, 22])
  t.is(cf.calcsize(), 24)
  using cf2 = new m.CompiledFormat('u2')
  const two = bytearray(new Uint8Array(2))
  cf2.pack_into(two, 7, 3)
  t.is(hex(two), '0180')
  using cfd = m.compile('u1u1s6u7u9', ['foo', 'bar', 'fie', 'fum', 'fam']) as CompiledFormatDict
  t.true(cfd instanceof m.CompiledFormatDict)
  t.deepEqual(cfd.unpack(Buffer.from('3e8216', 'hex')), { foo: 0, bar: 0, fie: -2, fum: 65, fam: 22 })
  t.throws(() => m.compile('u1', 1 as unknown as string[]), { instanceOf: TypeError, message: 'Names is not a list.' })
  // Async, with a big text field.
  const text = 'z'.repeat(50_000)
  t.true((await m.pack.async('t400000', text)).equals(Buffer.from(text)))
  t.deepEqual(await cf.unpack.async(Buffer.from('3e8216', 'hex')), [0, 0, -2, 65, 22])
})

// ==========================================================================
// markupsafe._speedups
// ==========================================================================

interface Speedups {
  _escape_inner: ExtensionFunction<[s: string], string>
}

test('markupsafe._speedups: escaping in every str kind', async (t) => {
  const m = load<Speedups>(t, '_speedups')
  if (m === null) return t.pass()
  const esc = m._escape_inner
  t.is(esc(''), '')
  t.is(esc('abcd&><\'"efgh'), 'abcd&amp;&gt;&lt;&#39;&#34;efgh')
  t.is(esc('café & crème'), 'café &amp; crème')
  t.is(esc('こんにちは&><\'"こんばんは'), 'こんにちは&amp;&gt;&lt;&#39;&#34;こんばんは')
  t.is(esc('\u{1f363}\u{1f362}&><\'"\u{1f37a} xyz'), '\u{1f363}\u{1f362}&amp;&gt;&lt;&#39;&#34;\u{1f37a} xyz')
  t.is(esc('nothing to do'), 'nothing to do')
  const long = '<a href="x">'.repeat(10_000)
  const want = '&lt;a href=&#34;x&#34;&gt;'.repeat(10_000)
  t.is(esc(long), want)
  t.is(await esc.async(long), want)
  t.throws(() => (esc as ExtensionFunction<[], string>)(), {
    instanceOf: TypeError,
    message: '_speedups._escape_inner() takes exactly one argument (0 given)',
  })
})

// ==========================================================================
// pyahocorasick
// ==========================================================================

type Match = [number, unknown]

interface Automaton extends ExtensionObject {
  add_word: ExtensionMethod<[key: string, value?: unknown], boolean>
  make_automaton: ExtensionMethod<[], undefined>
  iter: ExtensionMethod<[haystack: string | Kwargs, start?: number, end?: number], ExtensionObject>
  find_all: ExtensionMethod<[haystack: string, callback: ExtensionFunction<[number, unknown], undefined>], undefined>
  get: ExtensionMethod<[key: string, fallback?: unknown], unknown>
  exists: ExtensionMethod<[key: string], boolean>
  match: ExtensionMethod<[prefix: string], boolean>
  longest_prefix: ExtensionMethod<[text: string], number>
  pop: ExtensionMethod<[key: string], unknown>
  keys: ExtensionMethod<[prefix?: string], ExtensionObject>
  readonly kind: number
}

interface Ahocorasick {
  Automaton: ExtensionClass<Automaton, [store?: number]>
  AHOCORASICK: number
  TRIE: number
  STORE_INTS: number
  unicode: number
}

test('pyahocorasick: an Automaton from JS, its search iterators as JS iterables, KeyError', async (t) => {
  const m = load<Ahocorasick>(t, 'ahocorasick')
  if (m === null) return t.pass()
  t.is(m.unicode, 1)
  using a = new m.Automaton()
  const words = 'he e hers his she hi him man he'.split(' ')
  t.deepEqual(
    words.map((w, i) => a.add_word(w, [i, w])),
    [true, true, true, true, true, true, true, true, false],
  )
  t.is(a.kind, m.TRIE)
  a.make_automaton()
  t.is(a.kind, m.AHOCORASICK)
  const query = 'he rshershidamanza '
  const found = [...(a.iter(query, 2, 8) as unknown as Iterable<Match>)]
  t.deepEqual(found, [
    [6, [4, 'she']],
    [6, [8, 'he']],
    [6, [1, 'e']],
  ])
  t.deepEqual([...(a.keys('h') as unknown as Iterable<string>)].sort(), ['he', 'hers', 'hi', 'him', 'his'])
  // Indices count code points, as in Python: the sushi is one (two in UTF-16).
  t.deepEqual([...(a.iter('un café 🍣 she') as unknown as Iterable<Match>)].at(-1), [12, [1, 'e']])
  t.true(a.exists('hers'))
  t.false(a.exists('her'))
  t.true(a.match('her'))
  t.is(a.longest_prefix('hersx'), 4)
  t.deepEqual(a.get('his'), [3, 'his'])
  t.is(a.get('nope', 'fallback'), 'fallback')
  t.throws(() => a.get('nope'), { instanceOf: RangeError, code: 'KeyError' })
  t.throws(() => a.add_word(5 as unknown as string), { instanceOf: TypeError, message: 'string expected' })
  t.deepEqual(a.pop('hers'), [2, 'hers'])
  t.is(a.kind, m.TRIE, 'removing a word leaves a trie')
  const ints = new m.Automaton(m.STORE_INTS)
  t.true(ints.add_word('cat', 7))
  t.deepEqual(ints.get('cat'), 7)
  t.throws(() => ints.add_word('cow', 'x'), { instanceOf: TypeError, message: 'An integer value is required as second argument.' })
  ints[Symbol.dispose]()
  // Searching a long text, async: the same matches as sync.
  using b = new m.Automaton()
  for (const w of ['fox', 'dog', 'lazy']) b.add_word(w, w)
  b.make_automaton()
  const text = 'the quick brown fox jumps over the lazy dog. '.repeat(2000)
  const sync = [...(b.iter(text) as unknown as Iterable<Match>)]
  t.is(sync.length, 6000)
  const viaAsync = [...((await b.iter.async(text)) as unknown as Iterable<Match>)]
  t.deepEqual(viaAsync, sync)
})

// ==========================================================================
// ed25519
// ==========================================================================

interface Ed25519 {
  publickey: ExtensionFunction<[seed: Data], [Buffer, Buffer]>
  sign: ExtensionFunction<[message: Data, signingKey: Data], Buffer>
  open: ExtensionFunction<[signedMessage: Data, verifyingKey: Data], Buffer>
  BadSignatureError: ExtensionErrorClass
  SECRETKEYBYTES: number
}

test('ed25519: test_raw from JS: keys, deterministic signatures, BadSignatureError', async (t) => {
  const m = load<Ed25519>(t, '_ed25519')
  if (m === null) return t.pass()
  t.is(m.SECRETKEYBYTES, 64)
  // "y#" takes read-only buffers only: bytes, not writable JS memory.
  t.throws(() => m.publickey(Buffer.alloc(32)), {
    instanceOf: TypeError,
    message: /^argument 1 must be read-only bytes-like object, not /,
  })
  const [vk, skvk] = m.publickey(bytes(Buffer.alloc(32)))
  t.is(vk.toString('hex'), '3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29')
  t.true(skvk.subarray(32).equals(vk))
  const msg = bytes(Buffer.from('hello world'))
  const signed = m.sign(msg, skvk)
  t.is(
    signed.subarray(0, 64).toString('hex'),
    'b0b47780f096ae60bfff8d8e7b19c36b321ae6e69cca972f2ff987ef30f20d29' +
      '774b53bae404485c4391ddf1b3f37aaa8a9747f984eb0884e8aa533386e73305',
  )
  t.true(m.open(signed, vk).equals(msg))
  const flipped = Buffer.from(signed)
  flipped[70] ^= 1
  const tampered = bytes(flipped)
  const e = t.throws(() => m.open(tampered, vk), { instanceOf: m.BadSignatureError, message: 'Bad Signature' })
  t.is(e?.pythonType, 'ed25519.BadSignatureError')
  t.throws(() => m.sign(msg, bytes(Buffer.alloc(5))), { instanceOf: TypeError, message: 'Private signing keys are 64 byte strings' })
  const big = bytes(Buffer.alloc(1 << 20, 9))
  t.true((await m.sign.async(big, skvk)).equals(m.sign(big, skvk)))
})
