// Binary wheels from PyPI, loaded unchanged: the cp311 manylinux wheels of
// xxhash, mmh3, lz4 and zstandard, exactly as `pip install` would put them
// in site-packages (scripts/corpus.py `wheel`, pinned by sha256). Nothing
// is compiled: each extension module was built by its project against
// CPython 3.11's headers and finds pybuffer's symbols and layouts instead.
// CPython is the oracle: fixtures/wheels_oracle.py imports the same files
// into this machine's python3 and runs the same cases, and every result
// (or error type and message) must match. Skipped, with a log line, when
// the wheels cannot be fetched (no network).

import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import { bytes, type Extension, type ExtensionArg, type ExtensionResult, type Kwargs, kwargs, loadExtension } from 'pybuffer'

import { fixture } from './build-ext.js'

const root = path.resolve(__dirname, '..', '..')
const WHEELS = ['xxhash', 'mmh3', 'lz4', 'zstandard'] as const

interface Context {
  /** Wheel name -> the directory it unpacked to. */
  dirs: Record<string, string>
  /** CPython's results, by case label. */
  oracle: Record<string, unknown>
  skipped: string
}

const test = anyTest as TestFn<Context>

test.before((t) => {
  const dirs: Record<string, string> = {}
  for (const w of WHEELS) {
    const r = spawnSync('python3', [path.join(root, 'scripts', 'corpus.py'), 'wheel', w], { encoding: 'utf8' })
    if (r.status === 3) {
      t.context = { dirs: {}, oracle: {}, skipped: r.stderr.trim() }
      return
    }
    if (r.status !== 0) throw new Error(`fetching the ${w} wheel failed:\n${r.stderr}`)
    dirs[w] = r.stdout.trim()
  }
  const r = spawnSync('python3', [fixture('wheels_oracle.py'), ...WHEELS.map((w) => dirs[w] as string)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  if (r.status !== 0) throw new Error(`the CPython oracle failed:\n${r.stderr}`)
  t.context = { dirs, oracle: JSON.parse(r.stdout) as Record<string, unknown>, skipped: '' }
})

/** True (with a log line and a pass) when the wheels could not be fetched. */
function unavailable(t: { context: Context; log: (m: string) => void; pass: () => void }): boolean {
  if (!t.context.skipped) return false
  t.log(`wheels unavailable: ${t.context.skipped}`)
  t.pass()
  return true
}

/** The one extension module file (`<module>.cpython-311-*.so`) in `dir`. */
function moduleFile(dir: string, module: string): string {
  const found = readdirSync(dir).filter((f) => f.startsWith(`${module}.cpython-311-`) && f.endsWith('.so'))
  if (found.length !== 1) throw new Error(`${dir}: expected one ${module} extension module, found ${found.length}`)
  return path.join(dir, found[0] as string)
}

type Arg = ExtensionArg | Kwargs
type Fn = ((...args: Arg[]) => ExtensionResult) & { async: (...args: Arg[]) => Promise<ExtensionResult> }
type Api = Record<string, Fn & (new (...args: Arg[]) => Record<string, Fn & ExtensionResult>)>

function load(t: { context: Context }, wheel: string, subdir: string, module: string): Extension<Api> {
  const dir = path.join(t.context.dirs[wheel] as string, subdir)
  return loadExtension<Api>(moduleFile(dir, module), module)
}

/** A result in the oracle's notation (fixtures/wheels_oracle.py's `show`). */
function show(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('hex')
  if (typeof v === 'bigint' || typeof v === 'number') return String(v)
  if (Array.isArray(v)) return v.map(show)
  return v
}

/** Runs one case as the oracle does: its result, or the error it raised. */
function run(fn: () => unknown): unknown {
  try {
    return show(fn())
  } catch (e) {
    const err = e as Error & { code?: string }
    return ['raised', err.code, err.message]
  }
}

function compare(t: { context: Context; deepEqual: (a: unknown, b: unknown, m: string) => void }, ours: Record<string, unknown>): void {
  for (const [label, got] of Object.entries(ours)) {
    t.deepEqual(got, t.context.oracle[label], label)
  }
}

const DATA = bytes(Buffer.from('pybuffer '.repeat(1000)))

test('xxhash 3.5.0 wheel: the four hashes, one-shot functions and errors, as under CPython', (t) => {
  if (unavailable(t)) return
  const xx = load(t, 'xxhash', 'xxhash', '_xxhash')
  const ours: Record<string, unknown> = {}
  for (const name of ['xxh32', 'xxh64', 'xxh3_64', 'xxh3_128']) {
    const cls = xx[name] as Api[string]
    for (const seed of [0, 7, 2 ** 32 - 1]) {
      ours[`${name} seed ${seed}`] = run(() => new cls(bytes(Buffer.from('hello')), kwargs({ seed })).hexdigest?.())
    }
    ours[`${name} intdigest`] = run(() => new cls(DATA).intdigest?.())
    ours[`${name} in parts and copied`] = run(() => {
      const h = new cls()
      for (let i = 0; i < DATA.length; i += 777) h.update?.(DATA.subarray(i, i + 777))
      const c = h.copy?.() as Record<string, Fn>
      c.update?.(bytes(Buffer.from('more')))
      return [h.digest?.(), c.digest?.(), h.digest_size, h.block_size, h.name]
    })
    ours[`${name} of a str`] = run(() => new cls('text').hexdigest?.())
    ours[`${name} of an int`] = run(() => new cls(5).hexdigest?.())
    ours[`${name} seed -1`] = run(() => new cls(bytes(Buffer.alloc(0)), kwargs({ seed: -1 })).hexdigest?.())
  }
  for (const fn of ['xxh64_hexdigest', 'xxh3_64_intdigest', 'xxh3_128_digest', 'xxh32_intdigest']) {
    ours[`${fn}(DATA, seed=3)`] = run(() => (xx[fn] as Fn)(DATA, kwargs({ seed: 3 })))
  }
  compare(t, ours)
})

test('mmh3 5.1.0 wheel: 32, 64 and 128-bit hashes, hashers and argument errors, as under CPython', (t) => {
  if (unavailable(t)) return
  const mm = load(t, 'mmh3', '', 'mmh3')
  const ours: Record<string, unknown> = {}
  for (const key of [bytes(Buffer.from('foo')), bytes(Buffer.alloc(0)), DATA]) {
    const n = key.length
    ours[`mmh3.hash ${n}`] = run(() => mm.hash?.(key))
    ours[`mmh3.hash unsigned seed 42 ${n}`] = run(() => mm.hash?.(key, 42, kwargs({ signed: false })))
    ours[`mmh3.hash128 ${n}`] = run(() => mm.hash128?.(key, 1))
    ours[`mmh3.hash64 ${n}`] = run(() => mm.hash64?.(key, 2, kwargs({ x64arch: false })))
    ours[`mmh3.hash_bytes ${n}`] = run(() => mm.hash_bytes?.(key))
    ours[`mmh3.mmh3_x64_128_digest ${n}`] = run(() => mm.mmh3_x64_128_digest?.(key, 9))
  }
  ours['mmh3.hash of a str'] = run(() => mm.hash?.('foo'))
  ours['mmh3.hash seed too large'] = run(() => mm.hash?.(bytes(Buffer.from('foo')), 2 ** 40))
  ours['mmh3.hash of a float'] = run(() => mm.hash?.(1.5))
  ours['mmh3.mmh3_32 hasher'] = run(() => {
    const h = new (mm.mmh3_32 as Api[string])(kwargs({ seed: 5 }))
    h.update?.(bytes(Buffer.from('ab')))
    h.update?.(bytes(Buffer.from('cd')))
    return h.sintdigest?.()
  })
  compare(t, ours)
})

test('lz4 4.3.3 wheel: lz4.block modes, dictionaries and its own error, as under CPython', async (t) => {
  if (unavailable(t)) return
  const lz = load(t, 'lz4', path.join('lz4', 'block'), '_block')
  const compress = lz.compress as Fn
  const decompress = lz.decompress as Fn
  const data = Buffer.from(DATA)
  const ours: Record<string, unknown> = {
    'lz4 compress default': run(() => compress(DATA)),
    'lz4 compress hc 9': run(() => compress(DATA, kwargs({ mode: 'high_compression', compression: 9 }))),
    'lz4 compress fast 8, no size': run(() => compress(DATA, kwargs({ mode: 'fast', acceleration: 8, store_size: false }))),
    'lz4 round trip': run(() => (decompress(compress(DATA) as Buffer) as Buffer).equals(data)),
    'lz4 round trip no size': run(() =>
      (decompress(compress(DATA, kwargs({ store_size: false })) as Buffer, kwargs({ uncompressed_size: DATA.length })) as Buffer).equals(data),
    ),
    'lz4 decompress garbage': run(() => decompress(bytes(Buffer.from('garbage!')))),
    'lz4 bad mode': run(() => compress(DATA, kwargs({ mode: 'bogus' }))),
    'lz4 dictionary': run(() => {
      const dict = bytes(Buffer.from('pybuffer pybuffer'))
      return (decompress(compress(DATA, kwargs({ dict })) as Buffer, kwargs({ dict })) as Buffer).equals(data)
    }),
  }
  compare(t, ours)
  // Off the main thread too: the wheel releases the GIL around LZ4.
  const packed = (await compress.async(DATA)) as Buffer
  t.is(show(packed), t.context.oracle['lz4 compress default'])
})

test('zstandard 0.23.0 wheel: backend_c compressors, frame inspection and ZstdError, as under CPython', (t) => {
  if (unavailable(t)) return
  const zs = load(t, 'zstandard', 'zstandard', 'backend_c')
  const Compressor = zs.ZstdCompressor as Api[string]
  const Decompressor = zs.ZstdDecompressor as Api[string]
  const data = Buffer.from(DATA)
  const frame = (): Buffer => new Compressor().compress?.(DATA) as Buffer
  const ours: Record<string, unknown> = {
    'zstd compress level 3': run(() => new Compressor(kwargs({ level: 3 })).compress?.(DATA)),
    'zstd compress level 19 checksum': run(() => new Compressor(kwargs({ level: 19, write_checksum: true })).compress?.(DATA)),
    'zstd round trip': run(() => (new Decompressor().decompress?.(frame()) as Buffer).equals(data)),
    'zstd frame content size': run(() => zs.frame_content_size?.(frame())),
    'zstd frame header size': run(() => zs.frame_header_size?.(frame())),
    'zstd decompress garbage': run(() => new Decompressor().decompress?.(bytes(Buffer.from('garbage!')))),
    'zstd bad level type': run(() => new Compressor(kwargs({ level: 'x' })).compress?.(bytes(Buffer.alloc(0)))),
    'zstd version': run(() => (zs as unknown as Record<string, unknown>).ZSTD_VERSION),
  }
  compare(t, ours)
})
