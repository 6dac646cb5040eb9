// Python's item, containment, text and hash protocols from JS (`getItem`,
// `setItem`, `delItem`, `contains`, `repr`, `str`, `hash`), on corpus
// extensions compiled unchanged (scripts/corpus.py): lru-dict's LRU (a
// mapping with an eviction order), pyrsistent's PVector (a sequence) and
// immutables' Map (a hashable mapping). Expected values are CPython's, as
// the corpus drivers record them. Skipped, with a log line, when the corpus
// cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  bytes,
  contains,
  delItem,
  type ExtensionClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  getItem,
  hash,
  isBytes,
  len,
  repr,
  setItem,
  str,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['lru-dict', '_lru'],
      ['pyrsistent', 'pvectorc'],
      ['immutables', '_map'],
    ] as const,
    'corpus-protocols',
  )
})

test.after.always((t) => removeCorpus(t.context))

const load = loadCorpus

/** `f` throws the JS error CPython's `code` exception maps to, with `message`. */
function pyError(
  t: { throws: (f: () => unknown, e?: object) => unknown; is: (a: unknown, b: unknown, m?: string) => void },
  f: () => unknown,
  code: string,
  message: string,
): void {
  const e = t.throws(f, { message }) as Error & { code?: string }
  t.is(e.code, code, message)
}

interface Lru extends ExtensionObject {
  keys: ExtensionMethod<[], unknown[]>
  items: ExtensionMethod<[], unknown[]>
  get_stats: ExtensionMethod<[], unknown[]>
  peek_first_item: ExtensionMethod<[], unknown>
}
interface LruModule {
  LRU: ExtensionClass<Lru, [size: number]>
}

test('lru-dict: getItem, setItem, delItem, contains, len, repr on a mapping', (t) => {
  const m = load<LruModule>(t, '_lru')
  if (m === null) return t.pass()
  using l = new m.LRU(3)
  for (let i = 0; i < 5; i++) setItem(l, i, i * 10)
  t.deepEqual(l.keys(), [4, 3, 2], 'the least recent were evicted')
  t.is(getItem(l, 2), 20)
  t.deepEqual(l.keys(), [2, 4, 3], 'getItem made 2 the most recent')
  pyError(t, () => getItem(l, 0), 'KeyError', '0')
  pyError(t, () => getItem(l, 'missing'), 'KeyError', "'missing'")
  t.true(contains(l, 3))
  t.false(contains(l, 99))
  setItem(l, 'text', bytes(Buffer.from('bytes')))
  const got = getItem(l, 'text') as Buffer
  t.true(isBytes(got), 'the same bytes object back')
  t.true(got.equals(Buffer.from('bytes')))
  t.is(len(l), 3)
  delItem(l, 'text')
  pyError(t, () => delItem(l, 'text'), 'KeyError', "'text'")
  pyError(t, () => setItem(l, [1], 1), 'TypeError', "unhashable type: 'list'")
  t.is(repr(l), '{2: 20, 4: 40}')
  t.is(str(l), '{2: 20, 4: 40}')
  t.true(['number', 'bigint'].includes(typeof hash(l)), 'hashed by identity, as object is')
  t.deepEqual(l.get_stats(), [2, 2], 'two hits and two misses')
})

interface PVector extends ExtensionObject {
  tolist: ExtensionMethod<[], unknown[]>
}
interface Pvectorc {
  pvector: ExtensionFunction<[values?: unknown[]], PVector>
}

test('pyrsistent: a sequence from JS, indices and slices by getItem', (t) => {
  const m = load<Pvectorc>(t, 'pvectorc')
  if (m === null) return t.pass()
  const v = m.pvector([1, 'two', 3.5])
  t.is(getItem(v, 0), 1)
  t.is(getItem(v, -1), 3.5)
  pyError(t, () => getItem(v, 3), 'IndexError', 'Index out of range: 3')
  pyError(t, () => getItem(v, 'x'), 'TypeError', 'pvector indices must be integers, not str')
  t.true(contains(v, 'two'))
  t.false(contains(v, 2))
  t.is(repr(v), "pvector([1, 'two', 3.5])")
  t.true(['number', 'bigint'].includes(typeof hash(v)))
  t.is(hash(v), hash(m.pvector([1, 'two', 3.5])), 'equal vectors hash alike')
  pyError(t, () => setItem(v, 0, 5), 'TypeError', "'pvectorc.PVector' object does not support item assignment")
})

interface ImmutableMap extends ExtensionObject {
  set: ExtensionMethod<[key: unknown, value: unknown], ImmutableMap>
}
interface MapModule {
  Map: ExtensionClass<ImmutableMap, [init?: unknown]>
}

test('immutables: a hashable mapping, and errors for JS values that are no objects', (t) => {
  const m = load<MapModule>(t, '_map')
  if (m === null) return t.pass()
  using a = new m.Map()
  using b = a.set('k', 1).set(2, 'v')
  t.is(getItem(b, 'k'), 1)
  t.is(getItem(b, 2), 'v')
  pyError(t, () => getItem(a, 'k'), 'KeyError', "'k'")
  t.true(contains(b, 2))
  t.true(['number', 'bigint'].includes(typeof hash(b)), 'an int, of any size')
  t.is(repr(a), 'immutables.Map({})')
  pyError(t, () => delItem(b, 'k'), 'TypeError', "'immutables._map.Map' object does not support item deletion")
  for (const bad of [1, 'text', null, [1]]) {
    const e = t.throws(() => getItem(bad as unknown as ExtensionObject, 0), { instanceOf: TypeError })
    t.regex(e.message, /^getItem: expected an instance of an extension class, got /)
  }
})
