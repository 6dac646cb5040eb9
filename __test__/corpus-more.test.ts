// More of the corpus (scripts/corpus.py), compiled unchanged against
// pybuffer's headers and called from JS: TgCrypto (AES-256 IGE/CTR/CBC that
// writes the advanced counter back into the caller's buffers -- here JS
// memory), bsdiff4's core (binary diff and patch over read-only bytes), rcssmin and rjsmin (CSS
// and JavaScript minifiers over JS strings or bytes) and cbitstruct (bit
// packing). Expected values come from each project's own test suite. Every
// module also runs once async. Skipped, with a log line, when the corpus
// cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import { bytes, type ExtensionFunction, isBytes, type Kwargs, kwargs } from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['TgCrypto', 'tgcrypto'],
      ['bsdiff4', 'core'],
      ['rcssmin', '_rcssmin'],
      ['rjsmin', '_rjsmin'],
      ['cbitstruct', '_cbitstruct'],
    ] as const,
    'corpus-more',
  )
})

test.after.always((t) => removeCorpus(t.context))

const load = loadCorpus

type Data = ArrayBufferView | string
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// ==========================================================================
// TgCrypto
// ==========================================================================

interface TgCrypto {
  ige256_encrypt: ExtensionFunction<[data: Data, key: Data, iv: Data], Buffer>
  ige256_decrypt: ExtensionFunction<[data: Data, key: Data, iv: Data], Buffer>
  ctr256_encrypt: ExtensionFunction<[data: Data, key: Data, iv: Data, state: Data], Buffer>
  ctr256_decrypt: ExtensionFunction<[data: Data, key: Data, iv: Data, state: Data], Buffer>
  cbc256_encrypt: ExtensionFunction<[data: Data, key: Data, iv: Data], Buffer>
  cbc256_decrypt: ExtensionFunction<[data: Data, key: Data, iv: Data], Buffer>
}

// NIST SP 800-38A, F.2.5 and F.5.5 (tests/cbc/test_cbc.py, tests/ctr/test_ctr.py)
const KEY = hex('603DEB10 15CA71BE 2B73AEF0 857D7781 1F352C07 3B6108D7 2D9810A3 0914DFF4')
const PLAIN = hex(`6BC1BEE2 2E409F96 E93D7E11 7393172A AE2D8A57 1E03AC9C 9EB76FAC 45AF8E51
  30C81C46 A35CE411 E5FBC119 1A0A52EF F69F2445 DF4F9B17 AD2B417B E66C3710`)
const CTR_IV = 'F0F1F2F3 F4F5F6F7 F8F9FAFB FCFDFEFF'
const CTR_CIPHER = hex(`601EC313 775789A5 B7A7F504 BBF3D228 F443E3CA 4D62B59A CA84E990 CACAF5C5
  2B0930DA A23DE94C E87017BA 2D84988D DFC9C58D B67AADA6 13C2DD08 457941A6`)
const CBC_CIPHER = hex(`F58C4C04 D6E5F1BA 779EABFB 5F7BFBD6 9CFC4E96 7EDB808D 679F777B C6702C7D
  39F23369 A9D9BACF A530E263 04231461 B2EB05E2 C39BE9FC DA6C1907 8C6A9D1B`)

test('TgCrypto: SP 800-38A CTR and CBC, the counter carried in JS memory, IGE round trips, its errors', async (t) => {
  const m = load<TgCrypto>(t, 'tgcrypto')
  if (m === null) return t.pass()
  const ctr = m.ctr256_encrypt(PLAIN, KEY, hex(CTR_IV), Buffer.alloc(1))
  t.true(isBytes(ctr))
  t.true(ctr.equals(CTR_CIPHER))
  t.true(m.ctr256_decrypt(CTR_CIPHER, KEY, hex(CTR_IV), Buffer.alloc(1)).equals(PLAIN))
  // CTR writes the advanced counter and the offset in the block back into
  // the buffers it was given: here JS Buffers, so a stream encrypted in odd
  // pieces gives the one-shot ciphertext.
  const iv = hex(CTR_IV)
  const state = Buffer.alloc(1)
  const pieces: Buffer[] = []
  for (let at = 0, n = 1; at < PLAIN.length; at += n, n = (n * 7) % 23 || 1) {
    pieces.push(m.ctr256_encrypt(PLAIN.subarray(at, at + n), KEY, iv, state))
  }
  t.true(Buffer.concat(pieces).equals(CTR_CIPHER))
  t.not(iv.toString('hex'), hex(CTR_IV).toString('hex'))
  // CBC also writes its chaining block back: a fresh IV per call.
  const cbcIv = () => hex('000102030405060708090A0B0C0D0E0F')
  t.true(m.cbc256_encrypt(PLAIN, KEY, cbcIv()).equals(CBC_CIPHER))
  t.true(m.cbc256_decrypt(CBC_CIPHER, KEY, cbcIv()).equals(PLAIN))
  t.true(m.cbc256_encrypt(bytes(PLAIN), bytes(KEY), cbcIv()).equals(CBC_CIPHER))
  const data = Buffer.from(Array.from({ length: 64 * 16 }, (_, i) => (i * 131) & 0xff))
  const ikey = Buffer.alloc(32, 7)
  const iiv = Buffer.alloc(32, 9)
  const ige = m.ige256_encrypt(data, ikey, iiv)
  t.is(ige.length, data.length)
  t.true(m.ige256_decrypt(ige, ikey, iiv).equals(data))
  t.throws(() => m.ige256_encrypt(data.subarray(0, 17), ikey, iiv), {
    instanceOf: RangeError,
    message: 'Data size must match a multiple of 16 bytes',
  })
  t.throws(() => m.ige256_encrypt(data, ikey.subarray(1), iiv), {
    instanceOf: RangeError,
    message: 'Key size must be exactly 32 bytes',
  })
  t.throws(() => (m.cbc256_encrypt as unknown as ExtensionFunction<[Data, Data], Buffer>)(PLAIN, KEY), {
    instanceOf: TypeError,
    message: 'function takes exactly 3 arguments (2 given)',
  })
  t.throws(() => (m.cbc256_encrypt as unknown as ExtensionFunction<[number, number, number], Buffer>)(1, 2, 3), {
    instanceOf: TypeError,
    message: "a bytes-like object is required, not 'int'",
  })
  const big = Buffer.alloc(1 << 20, 5)
  t.true((await m.ige256_encrypt.async(big, ikey, iiv)).equals(m.ige256_encrypt(big, ikey, iiv)))
})

// ==========================================================================
// bsdiff4.core
// ==========================================================================

interface Bsdiff4 {
  diff: ExtensionFunction<[src: Data, dst: Data], [Buffer, Buffer, Buffer]>
  patch: ExtensionFunction<[src: Data, length: number, control: Data, diff: Data, extra: Data], Buffer>
  encode_int64: ExtensionFunction<[n: number | bigint], Buffer>
  decode_int64: ExtensionFunction<[b: Data], number | bigint>
  suffix_array: ExtensionFunction<[b: Data], number[]>
}

test('bsdiff4: int64 encoding, test_diff_blocks, diff/patch round trips over JS memory', async (t) => {
  const m = load<Bsdiff4>(t, 'core')
  if (m === null) return t.pass()
  // TestEncode.test_special_values
  const cases: Array<[number | bigint, string]> = [
    [-256, '0001000000000080'],
    [-1, '0100000000000080'],
    [0, '0000000000000000'],
    [257, '0101000000000000'],
    [(1n << 63n) - 1n, 'ffffffffffffff7f'],
  ]
  for (const [n, h] of cases) {
    t.is(m.encode_int64(n).toString('hex'), h)
    t.is(BigInt(m.decode_int64(bytes(Buffer.from(h, 'hex')))), BigInt(n))
  }
  t.throws(() => m.encode_int64(1n << 63n), { instanceOf: RangeError })
  t.throws(() => m.decode_int64(bytes(Buffer.alloc(7))), { instanceOf: RangeError, message: '8 bytes expected' })
  // It wants a bytes object exactly (PyBytes_AsStringAndSize), as on CPython.
  t.throws(() => m.decode_int64(Buffer.alloc(8)), { instanceOf: TypeError })
  // test_diff_blocks: diff(b'banana', b'bandana')
  const control = Buffer.concat([3, 4, 2].map((n) => m.encode_int64(n)))
  const [c, d, e] = m.diff(bytes(Buffer.from('banana')), bytes(Buffer.from('bandana')))
  t.true(c.equals(control))
  t.is(d.toString('hex'), '000000')
  t.is(e.toString(), 'dana')
  t.deepEqual(m.suffix_array(bytes(Buffer.from('banana'))), [6, 5, 3, 1, 0, 4, 2])
  // test_example: 100 000 bytes with ' diff ' at 100. "s#" wants a
  // read-only buffer, so writable JS memory is refused (as a bytearray is
  // on CPython) and goes in as bytes.
  const a = Buffer.alloc(100_000, 'a')
  const b = Buffer.from(a)
  b.write(' diff ', 100)
  t.throws(() => m.diff(a, b), { instanceOf: TypeError, message: /must be read-only bytes-like object/ })
  const parts = m.diff(bytes(a), bytes(b))
  t.true(m.patch(bytes(a), b.length, ...parts).equals(b))
  const async = await m.diff.async(bytes(a), bytes(b))
  t.true(async.every((p, i) => p.equals(parts[i])))
  t.throws(() => m.patch(bytes(a), 1, bytes(Buffer.alloc(5)), bytes(Buffer.alloc(0)), bytes(Buffer.alloc(0))), {
    instanceOf: RangeError,
    message: 'incorrect control block',
  })
})

// ==========================================================================
// rcssmin and rjsmin
// ==========================================================================

interface Rcssmin {
  cssmin: ExtensionFunction<[style: Data, kw?: Kwargs], string | Buffer>
}

interface Rjsmin {
  jsmin: ExtensionFunction<[script: Data, kw?: Kwargs], string | Buffer>
}

test('rcssmin and rjsmin: JS strings of every width and bytes in, the same type out, bang comments', async (t) => {
  const css = load<Rcssmin>(t, '_rcssmin')
  const js = load<Rjsmin>(t, '_rjsmin')
  if (css === null || js === null) return t.pass()
  t.is(css.cssmin('a { color : red ; } /* x */ b{}'), 'a{color:red}b{}')
  t.is(css.cssmin('a { color : red ; } /*! keep */', kwargs({ keep_bang_comments: true })), 'a{color:red}/*! keep */')
  t.is(css.cssmin('p::after { content : "é€😀" ; }'), 'p::after{content:"é€😀"}')
  const out = css.cssmin(bytes(Buffer.from('a { color : red ; }')))
  t.true(isBytes(out))
  t.is(out.toString(), 'a{color:red}')
  t.throws(() => css.cssmin(3 as unknown as string), { instanceOf: TypeError, message: 'Unexpected type' })
  // rjsmin's test_issue17.py
  t.is(js.jsmin('console.write((f++)/ 4 + 3 / 2)'), 'console.write((f++)/4+3/2)')
  t.is(
    js.jsmin('if (Y) { ba=Math.max(ba, Math.round(W.minHeight/Y))}; bo.setKnobFactor((bp.width===0)? 0: br.width /bp.width);'),
    'if(Y){ba=Math.max(ba,Math.round(W.minHeight/Y))};bo.setKnobFactor((bp.width===0)?0:br.width/bp.width);',
  )
  t.is(js.jsmin("var s = 'é€😀' ; /* x */ var t = 2"), "var s='é€😀';var t=2")
  t.is(js.jsmin('/*! keep */ var a = 1 ;', kwargs({ keep_bang_comments: true })), '/*! keep */var a=1;')
  const big = 'var  a = 1 ; /* comment */ function f ( x ) { return x + + 1 }\n'.repeat(20_000)
  t.is(await js.jsmin.async(big), js.jsmin(big))
  t.is(await css.cssmin.async('a { b : c }'.repeat(10_000)), css.cssmin('a { b : c }'.repeat(10_000)))
})

// ==========================================================================
// cbitstruct
// ==========================================================================

interface Cbitstruct {
  pack: ExtensionFunction<[fmt: string, ...values: Array<number | boolean | string | Data>], Buffer>
  unpack: ExtensionFunction<[fmt: string, data: Data], unknown[]>
  calcsize: ExtensionFunction<[fmt: string], number>
  unpack_dict: ExtensionFunction<[fmt: string, names: string[], data: Data], Record<string, unknown>>
}

test('cbitstruct: test_bitstruct.py packing and unpacking, dicts, async', async (t) => {
  const m = load<Cbitstruct>(t, '_cbitstruct')
  if (m === null) return t.pass()
  t.is(m.pack('u1u1s6u7u9', 0, 0, -2, 65, 22).toString('hex'), '3e8216')
  t.is(m.pack('b1t24', false, 'Hi!').toString('hex'), '24349080')
  t.deepEqual(m.unpack('u1u1s6u7u9', Buffer.from('3e8216', 'hex')), [0, 0, -2, 65, 22])
  t.deepEqual(m.unpack('u1s6f32', Buffer.from('7c80e0000000', 'hex')), [0, -2, 3.75])
  t.deepEqual(m.unpack_dict('u1s6u7', ['foo', 'bar', 'fie'], Buffer.from('7c82', 'hex')), { foo: 0, bar: -2, fie: 32 })
  t.is(m.calcsize('u1s6f32r43'), 82)
  t.throws(() => m.pack('u1', 'foo'), { instanceOf: TypeError, message: 'failed to parse arguments' })
  t.deepEqual(await m.unpack.async('u8u8', Buffer.from([1, 2])), [1, 2])
})
