// Every corpus extension (scripts/corpus.py), called async: each function's
// vectors give what the sync call gives -- the same values, bytes that are
// bytes again, the same errors. Skipped, with a log line, when the corpus
// cannot be fetched (no network).

import { brotliCompressSync } from 'node:zlib'

import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import {
  bytearray,
  bytes,
  type ExtensionArg,
  type ExtensionFunction,
  extensionInfo,
  isBytearray,
  isBytes,
  type Kwargs,
  kwargs,
  loadExtension,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

const MEMBERS = [
  ['crcmod', '_crcfunext'],
  ['python-lzf', 'lzf'],
  ['lz4', '_block'],
  ['brotli', '_brotli'],
  ['xxhash', '_xxhash'],
  ['crc32c', '_crc32c'],
  ['zfec', '_fec'],
  ['mmh3', 'mmh3'],
] as const

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(MEMBERS, 'corpus-async')
})

test.after.always((t) => removeCorpus(t.context))

type Vector = [name: string, ...args: Array<ExtensionArg | Kwargs>]

/** What a result looks like, with bytes and bytearray told apart. */
function shape(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { kind: isBytes(v) ? 'bytes' : isBytearray(v) ? 'bytearray' : 'Buffer', hex: v.toString('hex') }
  if (Array.isArray(v)) return v.map(shape)
  return v
}

/** Runs each vector sync and async: the same result, or the same error. */
async function sameAsSync(t: ExecutionContext<CorpusBuild>, module: string, vectors: Vector[]): Promise<void> {
  const so = t.context.so[module]
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    t.pass()
    return
  }
  const ext = loadExtension(so, module)
  const tested = new Set<string>()
  for (const [name, ...args] of vectors) {
    const f = (ext as Record<string, ExtensionFunction>)[name]
    if (f === undefined) throw new Error(`${module} has no function ${name}`)
    tested.add(name)
    const what = `${module}.${name}(${args.length} args)`
    let sync: unknown
    let syncError: (Error & { code?: string; pythonType?: string }) | undefined
    try {
      sync = f(...args)
    } catch (e) {
      syncError = e as Error
    }
    if (syncError === undefined) {
      t.deepEqual(shape(await f.async(...args)), shape(sync), what)
    } else {
      const e = (await t.throwsAsync(f.async(...args), undefined, what)) as Error & { code?: string; pythonType?: string }
      t.is(e.constructor, syncError.constructor, what)
      t.is(e.message, syncError.message, what)
      t.is(e.code, syncError.code, what)
      t.is(e.pythonType, syncError.pythonType, what)
    }
  }
  // Every module function has vectors.
  t.deepEqual([...tested].sort(), [...extensionInfo(ext).functions].sort(), `${module}: functions without vectors`)
}

const text = Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(200))
const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24))

test('crcmod _crcfunext', async (t) => {
  // Tables of the right sizes (256 items of 1, 2, 4 and 8 bytes); any contents do for sync against async.
  const table = (size: number) => bytes(random.subarray(0, 256 * size))
  const vectors: Vector[] = []
  for (const [bits, size] of [
    [8, 1],
    [16, 2],
    [24, 4],
    [32, 4],
    [64, 8],
  ] as const) {
    for (const r of ['', 'r']) {
      vectors.push([`_crc${bits}${r}`, bytes(Buffer.from('123456789')), 0xff, table(size)])
      vectors.push([`_crc${bits}${r}`, bytearray(text), 0, table(size)])
      vectors.push([`_crc${bits}${r}`, bytes(text), 0, bytes([1, 2])])
    }
  }
  vectors.push(['_crc32r', 'not bytes', 0, table(4)])
  await sameAsSync(t, '_crcfunext', vectors)
})

test('python-lzf lzf', async (t) => {
  if (t.context.so.lzf === undefined) return sameAsSync(t, 'lzf', [])
  const c = bytes(text)
  const lzf = loadExtension<'compress'>(t.context.so.lzf, 'lzf')
  await sameAsSync(t, 'lzf', [
    ['compress', c, 2 * text.length],
    ['compress', c],
    ['compress', bytes(Buffer.from('ab'))],
    ['compress', c, -6],
    ['decompress', lzf.compress(c) as Buffer, text.length],
    ['decompress', bytes([5, 0x61, 0x62]), 100],
    ['decompress', c, -1],
  ])
})

test('lz4 _block', async (t) => {
  if (t.context.so._block === undefined) return sameAsSync(t, '_block', [])
  const lz4 = loadExtension<'compress'>(t.context.so._block, '_block')
  const c = lz4.compress(text) as Buffer
  await sameAsSync(t, '_block', [
    ['compress', text],
    ['compress', random, kwargs({ mode: 'fast', acceleration: 4 })],
    ['compress', text, kwargs({ store_size: false, mode: 'high_compression', compression: 9 })],
    ['compress', text, kwargs({ bogus: 1 })],
    ['decompress', c],
    ['decompress', c, kwargs({ return_bytearray: true })],
    ['decompress', bytearray(c)],
    ['decompress', bytes([4, 0, 0, 0, 0xff, 0xff])],
  ])
})

test('brotli _brotli', async (t) => {
  await sameAsSync(t, '_brotli', [
    ['decompress', brotliCompressSync(text)],
    ['decompress', bytes(brotliCompressSync(random))],
    ['decompress', bytes([1, 2, 3])],
  ])
})

test('xxhash _xxhash', async (t) => {
  const vectors: Vector[] = []
  for (const algo of ['xxh32', 'xxh64', 'xxh3_64', 'xxh3_128']) {
    for (const kind of ['digest', 'intdigest', 'hexdigest']) {
      const name = `${algo}_${kind}`
      vectors.push([name, 'a'], [name, bytes(text), 42], [name, kwargs({ data: random, seed: 2n ** 40n })], [name, text, -1])
    }
  }
  await sameAsSync(t, '_xxhash', vectors)
})

test('crc32c _crc32c', async (t) => {
  await sameAsSync(t, '_crc32c', [
    ['crc32c', bytes(Buffer.from('123456789'))],
    ['crc32c', text, 0xffffffff],
    ['crc32c', random, kwargs({ gil_release_mode: 1 })],
    ['crc32', text],
    ['crc32c', 'str'],
  ])
})

test('zfec _fec', async (t) => {
  await sameAsSync(t, '_fec', [['test_from_agl']])
})

test('mmh3', async (t) => {
  const vectors: Vector[] = [
    ['hash', 'foo'],
    ['hash', 'foo', 42, kwargs({ signed: false })],
    ['hash', 'foo', 'x'],
    ['hash_from_buffer', text, 5],
    ['hash64', bytes(text)],
    ['hash128', 'foo', 42],
    ['hash_bytes', 'foo'],
  ]
  for (const d of ['mmh3_32', 'mmh3_x64_128', 'mmh3_x86_128']) {
    for (const kind of ['digest', 'sintdigest', 'uintdigest', 'stupledigest', 'utupledigest']) {
      if (d === 'mmh3_32' && kind.includes('tuple')) continue
      vectors.push([`${d}_${kind}`, bytes(text), 7], [`${d}_${kind}`, text, 2 ** 40])
    }
  }
  await sameAsSync(t, 'mmh3', vectors)
})
