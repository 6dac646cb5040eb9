// Network-protocol accelerators from the corpus (scripts/corpus.py),
// compiled unchanged against pybuffer's headers and used from JS.
//
// hiredis 3.5.0 (redis-py's accelerator):
// a Reader fed RESP bytes from JS memory gives replies as JS values (maps
// built with dict.popitem called by name, push notifications), and
// pack_command encodes commands. Error replies, which the reader returns as
// ReplyError instances, are left out: loadExtension refuses exception
// instances as results.
//
// websockets 17.4's speedups: apply_mask, the XOR masking of every
// WebSocket frame, over bytes and bytearray (it takes only those and
// memoryviews, so JS memory itself is refused with its own TypeError).
// Expected values come from its tests/; every function also runs async.
// Skipped, with a log line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  bytearray,
  bytes,
  type Extension,
  type ExtensionClass,
  type ExtensionErrorClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  type Kwargs,
  kwargs,
  tuple,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['hiredis', 'hiredis'],
      ['websockets', 'speedups'],
    ] as const,
    'corpus-network',
  )
})

test.after.always((t) => removeCorpus(t.context))

interface Reader extends ExtensionObject {
  feed: ExtensionMethod<[data: ArrayBufferView, offset?: number, length?: number], undefined>
  gets: ExtensionMethod<[shouldDecode?: boolean], unknown>
  has_data: ExtensionMethod<[], boolean>
  len: ExtensionMethod<[], number>
  getmaxbuf: ExtensionMethod<[], number>
  setmaxbuf: ExtensionMethod<[size: number | null], undefined>
}

interface Hiredis {
  Reader: ExtensionClass<Reader, [options?: Kwargs]>
  ReplyError: ExtensionErrorClass
  ProtocolError: ExtensionErrorClass
  pack_command: ExtensionFunction<[command: ReturnType<typeof tuple>], Buffer>
}

const load = loadCorpus

/** A fresh reader fed `resp`; its first reply. */
function parse(m: Extension<Hiredis>, resp: string): unknown {
  using r = new m.Reader()
  r.feed(Buffer.from(resp, 'latin1'))
  return r.gets()
}

test('hiredis: RESP replies as JS values, from JS memory', async (t) => {
  const m = load<Hiredis>(t, 'hiredis')
  if (m === null) return t.pass()
  t.is(parse(m, ':9223372036854775807\r\n'), 2n ** 63n - 1n)
  t.is(parse(m, ',-99.990000\r\n'), -99.99)
  t.is(parse(m, '#t\r\n'), true)
  t.is(parse(m, '_\r\n'), undefined)
  t.deepEqual(parse(m, '+ok\r\n'), Buffer.from('ok'))
  t.deepEqual(parse(m, '*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n'), [Buffer.from('hello'), Buffer.from('world')])
  t.deepEqual(parse(m, '~3\r\n+tangerine\r\n_\r\n,10.5\r\n'), [Buffer.from('tangerine'), undefined, 10.5])
  // A map with bytes keys is a JS Map, built key by key through dict.popitem.
  const map = parse(m, '%2\r\n+radius\r\n,4.5\r\n+diameter\r\n:9\r\n') as Map<Buffer, unknown>
  t.deepEqual(
    [...map].map(([k, v]) => [k.toString(), v]),
    [
      ['radius', 4.5],
      ['diameter', 9],
    ],
  )
  t.deepEqual(parse(m, '>2\r\n+pubsub\r\n+message\r\n'), [Buffer.from('pubsub'), Buffer.from('message')])
  using r = new m.Reader(kwargs({ notEnoughData: null }))
  t.is(r.gets(), undefined)
  r.feed(Buffer.from('$5\r\nhel'))
  r.feed(Buffer.from('xxlo\r\n'), 2)
  t.deepEqual(r.gets(), Buffer.from('hello'))
  t.throws(() => r.feed(Buffer.from('+ok\r\n'), 6), { instanceOf: RangeError, message: 'negative input' })
  using bad = new m.Reader()
  bad.feed(Buffer.from('x'))
  t.throws(() => bad.gets(), { instanceOf: m.ProtocolError, message: 'Protocol error, got "x" as reply type byte' })
  // A big multi-bulk parsed on another thread.
  const n = 5000
  using big = new m.Reader()
  big.feed(Buffer.from(`*${n}\r\n` + Array.from({ length: n }, (_, i) => `:${i}\r\n`).join('')))
  const all = (await big.gets.async()) as number[]
  t.is(all.length, n)
  t.is(all[n - 1], n - 1)
})

test('hiredis: pack_command over str, bytes, ints and floats', async (t) => {
  const m = load<Hiredis>(t, 'hiredis')
  if (m === null) return t.pass()
  t.is(
    m.pack_command(tuple(['SET', 'a', 'йדב문諺'])).toString('latin1'),
    Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\na\r\n$12\r\n\xD0\xB9\xD7\x93\xD7\x91\xEB\xAC\xB8\xE8\xAB\xBA\r\n', 'latin1').toString('latin1'),
  )
  t.is(
    m.pack_command(tuple(['SET', 'a', 2n ** 128n])).toString(),
    '*3\r\n$3\r\nSET\r\n$1\r\na\r\n$39\r\n340282366920938463463374607431768211456\r\n',
  )
  t.is(m.pack_command(tuple(['HSET', 'k', bytes(Buffer.from('bytes str')), 67, 3.14159265359])).toString(), '*5\r\n$4\r\nHSET\r\n$1\r\nk\r\n$9\r\nbytes str\r\n$2\r\n67\r\n$13\r\n3.14159265359\r\n')
  t.throws(() => m.pack_command(tuple(['HSET', 'foo', true])), { instanceOf: TypeError })
  const long = 'x'.repeat(100000)
  t.is((await m.pack_command.async(tuple(['GET', long]))).toString(), `*2\r\n$3\r\nGET\r\n$100000\r\n${long}\r\n`)
})

interface Speedups {
  apply_mask: ExtensionFunction<[data: Buffer, mask: Buffer], Buffer>
}

test('websockets speedups: apply_mask over bytes and bytearray, its errors', async (t) => {
  const m = load<Speedups>(t, 'speedups')
  if (m === null) return t.pass()
  const mask = bytes(Buffer.from('1234'))
  t.is(m.apply_mask(bytes(Buffer.from('abcdABCD')), mask).toString(), 'PPPPpppp')
  t.is(m.apply_mask(bytearray(Buffer.from('abcdABCD'.repeat(10))), bytearray(Buffer.from('1234'))).toString(), 'PPPPpppp'.repeat(10))
  t.is(m.apply_mask(bytes(Buffer.from('aBcDe')), bytes(Buffer.alloc(4))).toString(), 'aBcDe')
  t.is(m.apply_mask(bytes(Buffer.alloc(0)), mask).length, 0)
  t.throws(() => m.apply_mask(bytes(Buffer.from('abcd')), bytes(Buffer.from('123'))), {
    instanceOf: RangeError,
    message: 'mask must contain 4 bytes',
  })
  t.throws(() => m.apply_mask(Buffer.from('abcd'), mask), {
    instanceOf: TypeError,
    message: 'expected a bytes-like object, pybuffer.Exporter found',
  })
  // Masking twice gives the frame back, also from another thread.
  const frame = bytes(Buffer.from(Array.from({ length: 100003 }, (_, i) => (i * 7) & 0xff)))
  const masked = await m.apply_mask.async(frame, mask)
  t.deepEqual(Buffer.from(m.apply_mask(bytes(masked), mask)), Buffer.from(frame))
})
