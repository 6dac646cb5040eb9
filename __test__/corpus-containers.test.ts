// Persistent containers from the corpus (scripts/corpus.py), compiled
// unchanged against pybuffer's headers and used from JS: pyrsistent's
// pvectorc (PVector and its evolver: GC types freed through the trashcan,
// slices, index() bounds through _PyEval_SliceIndex) and immutables' _map
// (a HAMT Map, MapMutation, views; Py_ReprEnter). Expected values come from
// each project's tests; every module also runs async. Skipped, with a log
// line, when the corpus cannot be fetched (no network).

import anyTest, { type TestFn } from 'ava'
import {
  type ExtensionClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  type Kwargs,
  kwargs,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  t.context = buildCorpus(
    [
      ['pyrsistent', 'pvectorc'],
      ['immutables', '_map'],
    ] as const,
    'corpus-containers',
  )
})

test.after.always((t) => removeCorpus(t.context))

const load = loadCorpus

// ==========================================================================
// pyrsistent's pvectorc
// ==========================================================================

type Value = number | string | null | PVector | Value[]

interface Evolver extends ExtensionObject {
  append: ExtensionMethod<[value: Value], Evolver>
  extend: ExtensionMethod<[values: Value[]], Evolver>
  set: ExtensionMethod<[index: number, value: Value], Evolver>
  delete: ExtensionMethod<[index: number], Evolver>
  persistent: ExtensionMethod<[], PVector>
  is_dirty: ExtensionMethod<[], boolean>
}

interface PVector extends ExtensionObject, Iterable<Value> {
  append: ExtensionMethod<[value: Value], PVector>
  extend: ExtensionMethod<[values: Value[]], PVector>
  set: ExtensionMethod<[index: number, value: Value], PVector>
  mset: ExtensionMethod<Array<number | Value>, PVector>
  delete: ExtensionMethod<[index: number, stop?: number], PVector>
  remove: ExtensionMethod<[value: Value], PVector>
  index: ExtensionMethod<[value: Value, start?: number | null, stop?: number | null], number>
  count: ExtensionMethod<[value: Value], number>
  tolist: ExtensionMethod<[], Value[]>
  evolver: ExtensionMethod<[], Evolver>
}

interface Pvectorc {
  pvector: ExtensionFunction<[values?: Iterable<Value> | Value[]], PVector>
  PVector: ExtensionClass<PVector>
}

test('pyrsistent pvectorc: persistent vectors from JS, their errors, evolvers', async (t) => {
  const m = load<Pvectorc>(t, 'pvectorc')
  if (m === null) return t.pass()
  const empty = m.pvector()
  t.true(empty instanceof m.PVector)
  t.deepEqual(empty.tolist(), [])
  t.is(m.pvector([]), empty, 'the one empty vector, the same JS object')
  const three = m.pvector([3])
  const appended = three.append(2)
  t.deepEqual([three.tolist(), appended.tolist()], [[3], [3, 2]])
  // Past the tail and the root (32 * 33 items), then a deep trie.
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
  let seq = empty
  for (let i = 0; i < 32 * 33; i++) seq = seq.append(i)
  t.deepEqual(seq.append(10001).tolist(), [...range(32 * 33), 10001])
  const big = m.pvector(range(20000))
  const changed = big.set(19000, 4)
  t.is(changed.tolist()[19000], 4)
  t.is(big.tolist()[19000], 19000)
  t.deepEqual([...m.pvector(range(5))], range(5), 'iterable from JS')
  t.deepEqual(m.pvector([1, 2, 3, 4]).set(-2, 5).tolist(), [1, 2, 5, 4])
  t.throws(() => m.pvector(range(2)).set(19, 4), { instanceOf: RangeError, code: 'IndexError', message: 'Index out of range: 19' })
  t.deepEqual(m.pvector(range(5)).delete(1, 4).tolist(), [0, 4])
  t.deepEqual(m.pvector([1, 2, 3, 2, 1]).remove(2).tolist(), [1, 3, 2, 1])
  t.throws(() => m.pvector(range(5)).remove(5), { instanceOf: RangeError, message: 'PVector.remove(x): x not in vector' })
  t.deepEqual(m.pvector(range(2000)).mset(1, -1, 505, -505).tolist().slice(504, 506), [504, -505])
  t.throws(() => m.pvector([0, 1]).mset(0, 10, 1), { instanceOf: TypeError, message: 'mset expected an even number of arguments' })
  // index(value, start, stop): bounds through _PyEval_SliceIndex.
  const v = m.pvector([1, 2, 5, 1])
  t.is(v.index(1, 1), 3)
  t.is(v.index(1, -3, null), 3)
  t.throws(() => v.index(1, 1, 3), { instanceOf: RangeError, message: 'PVector.index(x): x not in vector' })
  t.throws(() => v.index(1, 'x' as unknown as number), {
    instanceOf: TypeError,
    message: 'slice indices must be integers or None or have an __index__ method',
  })
  t.is(v.count(1), 2)
  // Nested vectors and lists convert back as arrays; a chain of vectors frees through the trashcan.
  let nested = m.pvector([])
  for (let i = 0; i < 5000; i++) nested = m.pvector([i, nested])
  t.is(nested.tolist()[0], 4999)
  // Evolvers.
  using e = m.pvector(range(40)).evolver()
  t.false(e.is_dirty())
  e.append(40)
  t.true(e.is_dirty())
  e.extend([41, 42]).set(1, -1).delete(0)
  const persisted = e.persistent()
  t.deepEqual(persisted.tolist().slice(0, 3), [-1, 2, 3])
  t.is(persisted.tolist().length, 42)
  t.throws(() => e.set(100, 1), { instanceOf: RangeError, message: 'Index out of range: 100' })
  // async: a big vector built on another thread.
  const built = await m.pvector.async(range(100000))
  t.is(built.tolist()[99999], 99999)
})

// ==========================================================================
// immutables' _map
// ==========================================================================

interface MapMutation extends ExtensionObject {
  set: ExtensionMethod<[key: unknown, value: unknown], undefined>
  pop: ExtensionMethod<[key: unknown, fallback?: unknown], unknown>
  update: ExtensionMethod<[pairs: unknown], undefined>
  finish: ExtensionMethod<[], ImmutableMap>
}

interface ImmutableMap extends ExtensionObject, Iterable<unknown> {
  set: ExtensionMethod<[key: unknown, value: unknown], ImmutableMap>
  get: ExtensionMethod<[key: unknown, fallback?: unknown], unknown>
  delete: ExtensionMethod<[key: unknown], ImmutableMap>
  update: ExtensionMethod<[pairs?: unknown, options?: Kwargs], ImmutableMap>
  mutate: ExtensionMethod<[], MapMutation>
  keys: ExtensionMethod<[], Iterable<unknown>>
  values: ExtensionMethod<[], Iterable<unknown>>
  items: ExtensionMethod<[], Iterable<[unknown, unknown]>>
}

interface ImmutablesMap {
  Map: ExtensionClass<ImmutableMap, [pairs?: unknown, options?: Kwargs] | [options: Kwargs]>
}

test('immutables _map: a HAMT Map from JS, mutations, views, KeyError with the key', async (t) => {
  const m = load<ImmutablesMap>(t, '_map')
  if (m === null) return t.pass()
  using h = new m.Map()
  using h2 = h.set('a', 'b')
  t.not(h2, h)
  t.is(h.get('a'), undefined)
  t.is(h.get('a', 42), 42)
  t.is(h2.get('a'), 'b')
  using h3 = new m.Map([
    ['x', 1],
    ['y', 2],
  ])
  t.deepEqual([...h3.keys()].sort(), ['x', 'y'])
  t.deepEqual([...h3.items()].sort(), [
    ['x', 1],
    ['y', 2],
  ])
  using kw = new m.Map(kwargs({ a: 1, b: 2 }))
  t.deepEqual([...kw.values()].sort(), [1, 2])
  using updated = kw.update([['c', 3]], kwargs({ a: 10 }))
  t.deepEqual([...updated.items()].sort(), [
    ['a', 10],
    ['b', 2],
    ['c', 3],
  ])
  t.throws(() => kw.delete('zz'), { instanceOf: RangeError, code: 'KeyError' })
  t.throws(() => kw.set([], 1), { instanceOf: TypeError, message: "unhashable type: 'list'" })
  t.throws(() => new m.Map([[1, 2, 3]]), {
    instanceOf: RangeError,
    message: 'map update sequence element #0 has length 3; 2 is required',
  })
  // Int keys hash alike everywhere, so the order is fixed: a thousand of them, then deleted.
  let big = new m.Map()
  for (let i = 0; i < 1000; i++) big = big.set(i, i * 2)
  t.is(big.get(777), 1554)
  for (let i = 0; i < 1000; i += 2) big = big.delete(i)
  t.deepEqual([...big].length, 500)
  // A mutation, finished.
  using mm = kw.mutate()
  mm.set('c', 3)
  t.is(mm.pop('a'), 1)
  t.is(mm.pop('a', 7), 7)
  mm.update([['u', 21]])
  using done = mm.finish()
  t.deepEqual([...done.keys()].sort(), ['b', 'c', 'u'])
  t.throws(() => mm.set('d', 4), { instanceOf: RangeError, message: /^mutation immutables\.MapMutation\(.*\) has been finished$/ })
  // async: a map built from many pairs on another thread.
  using many = await h.update.async(Array.from({ length: 5000 }, (_, i) => [i, String(i)]))
  t.is(many.get(4999), '4999')
  t.is(h.get(4999), undefined, 'the original is unchanged')
})
