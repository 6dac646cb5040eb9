// set and frozenset between C extensions and JS: a set or frozenset result
// is a JS Set (in CPython's iteration order), a JS Set argument is a set and
// frozenset([...]) a frozenset; the interpreter's own iterators returned by
// a call are lazy JS iterators.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import { type Extension, type ExtensionResult, frozenset, loadExtension, tuple } from 'pybuffer'
import { cflags, compile, fixture } from './build-ext.js'

interface Built {
  dir: string
  setext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-sets-'))
  const setext = path.join(dir, 'setext.so')
  compile(
    cflags((m) => t.log(m)),
    fixture('setext.c'),
    setext,
  )
  t.context = { dir, setext }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type SetExt = Extension<
  | 'make_set'
  | 'make_frozenset'
  | 'empty'
  | 'nested'
  | 'describe'
  | 'echo'
  | 'add_to'
  | 'iter_of'
  | 'kept_iter'
  | 'kept_add'
  | 'kept_refcnt'
  | 'iter_in_list'
  | 'dict_iter'
>

function setext(t: { context: Built }): SetExt {
  return loadExtension(t.context.setext)
}

function asSet(r: ExtensionResult): Set<ExtensionResult> {
  if (!(r instanceof Set)) throw new TypeError(`expected a Set, got ${String(r)}`)
  return r
}

function asIterator(r: ExtensionResult): IterableIterator<ExtensionResult> {
  if (typeof r !== 'object' || r === null || !(Symbol.iterator in r) || !('next' in r)) {
    throw new TypeError(`expected an iterator, got ${String(r)}`)
  }
  return r as IterableIterator<ExtensionResult>
}

test('a set or frozenset result is a JS Set, in CPython iteration order', (t) => {
  const ext = setext(t)
  // CPython: set([9, 1, 5, 17]) iterates as 9, 5, 1, 17 (open addressing).
  t.deepEqual([...asSet(ext.make_set([9, 1, 5, 17]))], [9, 5, 1, 17])
  t.deepEqual([...asSet(ext.make_frozenset([3, 1, 2, 1, -1]))], [1, 2, 3, -1])
  const big = asSet(ext.make_set(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1009)))
  t.is(big.size, 1000)
  t.is(asSet(ext.empty(false)).size, 0)
  t.is(asSet(ext.empty(true)).size, 0)
})

test('nested: a frozenset element is a Set, a tuple element an array', (t) => {
  const ext = setext(t)
  const s = asSet(ext.nested())
  t.is(s.size, 3)
  const items = [...s]
  const inner = items.find((x) => x instanceof Set)
  t.deepEqual(inner === undefined ? undefined : [...asSet(inner)], [1, 2])
  t.true(items.some((x) => Array.isArray(x) && x[0] === 3 && x[1] === 'a'))
  t.true(s.has('x'))
})

test('a JS Set argument is a set; frozenset([...]) a frozenset', (t) => {
  const ext = setext(t)
  t.is(ext.describe(new Set([1, 2, 3])), 'set: {1, 2, 3}')
  t.is(ext.describe(new Set()), 'set: set()')
  t.is(ext.describe(frozenset([2, 1, 2])), 'frozenset: frozenset({1, 2})')
  t.is(ext.describe(frozenset(new Set([5]))), 'frozenset: frozenset({5})')
  // CPython's order: hash(frozenset({3})) and hash((1, 2)) put the frozenset first.
  t.is(ext.describe(new Set([tuple([1, 2]), frozenset([3])])), 'set: {frozenset({3}), (1, 2)}')
  // Round trips.
  // CPython: set([10, 3, 2.5]) iterates as 2.5, 10, 3.
  t.deepEqual([...asSet(ext.echo(new Set([10, 3, 2.5])))], [2.5, 10, 3])
  t.true(asSet(ext.echo(new Set(['a', 'b']))).has('b'))
  t.deepEqual([...asSet(ext.add_to(new Set([1]), 2))], [1, 2])
  // A Set holding a Set: the inner one is a set, which is unhashable.
  const e1 = t.throws(() => ext.describe(new Set([new Set([1])])), { instanceOf: TypeError, message: "unhashable type: 'set'" })
  t.is((e1 as Error & { code?: string }).code, 'TypeError')
  t.throws(() => ext.describe(new Set([[1]])), { instanceOf: TypeError, message: "unhashable type: 'list'" })
  t.throws(() => ext.add_to([1], 2), { instanceOf: TypeError })
})

test("the interpreter's iterators are lazy JS iterators", (t) => {
  const ext = setext(t)
  t.deepEqual([...asIterator(ext.iter_of([1, 'b', 3]))], [1, 'b', 3])
  t.deepEqual([...asIterator(ext.iter_of(tuple([4, 5])))], [4, 5])
  t.deepEqual([...asIterator(ext.iter_of(new Set([9, 1, 5, 17])))], [9, 5, 1, 17])
  t.deepEqual([...asIterator(ext.dict_iter())], ['k', 2])
  const it = asIterator(ext.iter_of([7, 8]))
  t.deepEqual(it.next(), { done: false, value: 7 })
  t.deepEqual(it.next(), { done: false, value: 8 })
  t.deepEqual(it.next(), { done: true, value: undefined })
  t.deepEqual(it.next(), { done: true, value: undefined })
  // An iterator inside a container result converts too.
  const r = ext.iter_in_list(new Set([3, 4]))
  t.true(Array.isArray(r))
  const [inner, size] = r as ExtensionResult[]
  t.is(size, 2)
  t.deepEqual([...asIterator(inner)], [3, 4])
  // break releases the iterator early.
  for (const x of asIterator(ext.iter_of([1, 2, 3]))) {
    t.is(x, 1)
    break
  }
})

test('a set iterator raises when its set changes size', (t) => {
  const ext = setext(t)
  const it = asIterator(ext.kept_iter([1, 2, 3]))
  t.deepEqual(it.next(), { done: false, value: 1 })
  ext.kept_add(99)
  const e = t.throws(() => it.next(), { message: 'Set changed size during iteration' })
  t.is((e as Error & { code?: string }).code, 'RuntimeError')
  // The iterator was released with the error.
  t.deepEqual(it.next(), { done: true, value: undefined })
})

test('an iterator result releases its Python object when exhausted or on return()', (t) => {
  const ext = setext(t)
  const it = asIterator(ext.kept_iter([1, 2]))
  // The set iterator holds the set.
  t.is(ext.kept_refcnt(), 2)
  t.deepEqual([...it], [1, 2])
  t.is(ext.kept_refcnt(), 1)
  for (const x of asIterator(ext.kept_iter([5, 6]))) {
    t.is(x, 5)
    t.is(ext.kept_refcnt(), 2)
    break
  }
  // break called return(), which released the iterator and with it the set.
  t.is(ext.kept_refcnt(), 1)
})

test('sets through .async', async (t) => {
  const ext = setext(t)
  t.deepEqual([...asSet(await ext.make_set.async([9, 1, 5, 17]))], [9, 5, 1, 17])
  t.is(await ext.describe.async(new Set([1, 2])), 'set: {1, 2}')
  t.is(await ext.describe.async(frozenset([1])), 'frozenset: frozenset({1})')
  t.deepEqual([...asIterator(await ext.iter_of.async(new Set([2, 1])))], [1, 2])
  await t.throwsAsync(ext.describe.async(new Set([[1]])), { instanceOf: TypeError, message: "unhashable type: 'list'" })
})

test('a replaced global Set runs no JS during a call, and arguments and results use the Set of load time', (t) => {
  const ext = setext(t)
  const g = globalThis as { Set: SetConstructor }
  const IntrinsicSet = g.Set
  let ran = 0
  g.Set = function () {
    ran++
    return new IntrinsicSet()
  } as unknown as SetConstructor
  let made: ExtensionResult
  let described: ExtensionResult
  try {
    made = ext.make_set([3, 1])
    described = ext.describe(new IntrinsicSet([1, 2]))
  } finally {
    g.Set = IntrinsicSet
  }
  t.is(ran, 0, 'the replacement never ran')
  t.true(made instanceof IntrinsicSet)
  t.deepEqual([...(made as Set<number>)], [1, 3])
  t.is(described, 'set: {1, 2}')
})
