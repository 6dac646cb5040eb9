// Cython-generated extensions from the corpus (scripts/corpus.py), compiled
// unchanged against pybuffer's headers and called from JS: cityhash 0.4.10's
// `cityhash` and `farmhash` modules (Cython 3.1.4 output) and cityhash
// 0.4.7's `cityhash` (Cython 0.29.34 output). Expected values come from the
// project's tests (str and bytes agree, buffer types agree, seeds matter,
// TypeError for other types) and from CPython running the same build.
// Every module also runs once async. Skipped, with a log line, when the
// corpus cannot be fetched (no network).

import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import { bytearray, bytes, type Extension, type ExtensionFunction, kwargs, type Kwargs, loadExtension } from 'pybuffer'

import { buildCorpus, type CorpusBuild, removeCorpus } from './build-ext.js'

interface Builds {
  cython3: CorpusBuild
  cython029: CorpusBuild
}

const test = anyTest as TestFn<Builds>

test.before((t) => {
  t.context = {
    cython3: buildCorpus(
      [
        ['cityhash', 'cityhash'],
        ['cityhash-farmhash', 'farmhash'],
      ] as const,
      'corpus-cython3',
    ),
    // The same module name, so a build of its own.
    cython029: buildCorpus([['cityhash-cython029', 'cityhash']] as const, 'corpus-cython029'),
  }
})

test.after.always((t) => {
  removeCorpus(t.context.cython3)
  removeCorpus(t.context.cython029)
})

function load<Api extends object>(
  t: { log: (m: string) => void },
  build: CorpusBuild,
  module: string,
): Extension<Api> | null {
  const so = build.so[module]
  if (so === undefined) {
    t.log(`corpus unavailable: ${build.skipped}`)
    return null
  }
  return loadExtension<Api>(so, module)
}

type Data = ArrayBufferView | string
type Int = number | bigint
type Hash = ExtensionFunction<[data: Data], Int>
type Seeded = ExtensionFunction<[data: Data, seedOrKw?: Int | Kwargs], Int>
type Seeds = ExtensionFunction<[data: Data, seed0OrKw?: Int | Kwargs, seed1?: Int], Int>

interface Cityhash {
  CityHash32: Hash
  CityHash64: Hash
  CityHash128: Hash
  CityHash64WithSeed: Seeded
  CityHash64WithSeeds: Seeds
  CityHash128WithSeed: Seeded
}

const ab0c = (): Uint8Array => Uint8Array.of(0x61, 0x62, 0x00, 0x63)

async function cityhashChecks(t: ExecutionContext<Builds>, m: Extension<Cityhash>): Promise<void> {
  t.is(BigInt(m.CityHash32('abc')), 795041479n)
  t.is(BigInt(m.CityHash64('abc')), 2640714258260161385n)
  t.is(BigInt(m.CityHash128('abc')), 76434233956484675513733017140465933893n)
  t.is(BigInt(m.CityHash64WithSeed(bytes(Buffer.from('abc')), 5)), 14528910910570036516n)
  t.is(BigInt(m.CityHash64WithSeed(bytes(Buffer.from('abc')), kwargs({ seed: 5 }))), 14528910910570036516n)
  t.is(BigInt(m.CityHash64WithSeeds(bytes(Buffer.from('abc')), kwargs({ seed0: 1, seed1: 2 }))), 11472871742719157320n)
  t.is(
    BigInt(m.CityHash128WithSeed(bytes(Buffer.from('abc')), kwargs({ seed: 2n ** 100n + 7n }))),
    69752581050586228261682722312901994079n,
  )
  // A str is hashed as its UTF-8; JS memory, bytes and bytearray alike.
  t.is(BigInt(m.CityHash64('h\u00e9llo')), 17097313247479420151n)
  for (const f of [m.CityHash32, m.CityHash64, m.CityHash128, m.CityHash64WithSeed, m.CityHash128WithSeed]) {
    t.is(f('abracadabra'), f(bytes(Buffer.from('abracadabra'))))
    const want = f(bytes(ab0c()))
    t.is(f(ab0c()), want)
    t.is(f(bytearray(ab0c())), want)
    t.is(f(new DataView(ab0c().buffer)), want)
  }
  t.is(BigInt(m.CityHash64(ab0c())), 5357461003907954849n)
  t.not(m.CityHash64WithSeed('just a string', 0), m.CityHash64WithSeed('just a string', 1))
  // Errors raised in Cython code.
  t.throws(() => (m.CityHash64 as ExtensionFunction<[unknown], Int>)([]), {
    instanceOf: TypeError,
    message: "Argument 'data' has incorrect type: expected ['basestring', 'buffer'], got 'list' instead",
  })
  t.throws(() => m.CityHash64WithSeed(bytes(Buffer.from('a')), -1), {
    message: "can't convert negative value to uint64_t",
  })
  t.throws(() => m.CityHash64WithSeed(bytes(Buffer.from('a')), kwargs({ foo: 1 })), {
    instanceOf: TypeError,
    message: "CityHash64WithSeed() got an unexpected keyword argument 'foo'",
  })
  const text = 'x'.repeat(100_000)
  t.is(await m.CityHash64.async(text), m.CityHash64(text))
  t.is(await m.CityHash128WithSeed.async(ab0c(), 3), m.CityHash128WithSeed(ab0c(), 3))
}

test('cityhash 0.4.10 (Cython 3.1.4): CityHash over str and buffers, keywords, errors, async', async (t) => {
  const m = load<Cityhash>(t, t.context.cython3, 'cityhash')
  if (m === null) return t.pass()
  await cityhashChecks(t, m)
})

test('cityhash 0.4.7 (Cython 0.29.34): the same functions from 0.29 output', async (t) => {
  const m = load<Cityhash>(t, t.context.cython029, 'cityhash')
  if (m === null) return t.pass()
  await cityhashChecks(t, m)
})

interface Farmhash {
  FarmHash32: Hash
  FarmHash32WithSeed: Seeded
  FarmHash64: Hash
  FarmHash64WithSeeds: Seeds
  FarmHash128WithSeed: Seeded
  Fingerprint32: Hash
  Fingerprint64: Hash
  Fingerprint128: Hash
}

test('cityhash 0.4.10 farmhash (Cython 3.1.4): fingerprints, uint32 seeds and their overflow', async (t) => {
  const m = load<Farmhash>(t, t.context.cython3, 'farmhash')
  if (m === null) return t.pass()
  t.is(BigInt(m.Fingerprint32('abc')), 795041479n)
  t.is(BigInt(m.Fingerprint64('abc')), 2640714258260161385n)
  t.is(BigInt(m.Fingerprint128('abc')), 76434233956484675513733017140465933893n)
  t.is(BigInt(m.FarmHash32WithSeed(bytes(Buffer.from('abc')), kwargs({ seed: 5 }))), 856840141n)
  t.is(BigInt(m.FarmHash64WithSeeds(bytes(Buffer.from('abc')), 1, 2)), 11472871742719157320n)
  t.is(m.Fingerprint64(ab0c()), m.Fingerprint64(bytes(ab0c())))
  t.throws(() => m.FarmHash32WithSeed(bytes(Buffer.from('a')), 2 ** 32), {
    message: 'value too large to convert to uint32_t',
  })
  t.throws(() => (m.Fingerprint64 as ExtensionFunction<[unknown], Int>)([1]), {
    instanceOf: TypeError,
    message: "Argument 'data' has incorrect type: expected ['basestring', 'buffer'], got 'list' instead",
  })
  t.is(await m.FarmHash64.async(ab0c()), m.FarmHash64(ab0c()))
})
