// Types as JS classes and module exceptions as JS error classes, on the
// fixture __test__/fixtures/clsext.c (whose behaviour under CPython the
// expectations below restate): construction with keywords, methods of
// every calling convention, properties, class and static methods,
// iteration, len(), buffer exports, identity, close()/dispose/GC, errors
// on closed instances, refcounts over many cycles, exceptions and warnings.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import {
  __internal,
  BufferError,
  type Extension,
  type ExtensionClass,
  type ExtensionError,
  type ExtensionErrorClass,
  type ExtensionFunction,
  extensionInfo,
  type ExtensionMethod,
  ExtensionObject,
  exporter,
  getBuffer,
  type Kwargs,
  kwargs,
  len,
  loadExtension,
  PyError,
  setDebugLeaks,
  type LeakReport,
} from 'pybuffer'

import { cflags, compile, fixture } from './build-ext.js'
import { gcUntil } from './helpers.js'

interface Built {
  dir: string
  clsext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-classes-'))
  const clsext = path.join(dir, 'clsext.so')
  compile(cflags(t.log), fixture('clsext.c'), clsext)
  t.context = { dir, clsext }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

// The fixture's API, typed as a user would type it: no casts below.

interface Acc extends ExtensionObject, Iterable<bigint | number> {
  add: ExtensionMethod<[x: number | bigint], Acc>
  total: ExtensionMethod<[], number>
  add_many: ExtensionMethod<Array<number | bigint>, number>
  scaled: ExtensionMethod<[factor: number, kw?: Kwargs], number>
  fast_sum: ExtensionMethod<number[], number>
  describe: ExtensionMethod<[prefix: string, kw?: Kwargs], string>
  copy: ExtensionMethod<[], Acc>
  fail: ExtensionMethod<[which: string], never>
  label: string | undefined
  readonly doubled: number
  readonly count: number
  step: number
}

interface SubAcc extends Acc {
  negate: ExtensionMethod<[], undefined>
}

interface AccClass<I extends Acc = Acc> extends ExtensionClass<I, [start?: number, kw?: Kwargs]> {
  from_list: ExtensionFunction<[items: number[]], I>
  version: ExtensionFunction<[], string>
}

interface ClsExt {
  Acc: AccClass
  SubAcc: AccClass<SubAcc>
  AccError: ExtensionErrorClass
  PlainError: ExtensionErrorClass<ExtensionError & PyError>
  error: typeof RangeError
  make: ExtensionFunction<[x: number], Acc>
  same: ExtensionFunction<[x: unknown], unknown>
  pair: ExtensionFunction<[x: unknown], unknown[]>
  type_name: ExtensionFunction<[x: unknown], string>
  live: ExtensionFunction<[], number>
  refcnt: ExtensionFunction<[x: unknown], number>
  warn: ExtensionFunction<[kind: string, message: string], undefined>
  raise_plain: ExtensionFunction<[x: unknown], never>
  LIMIT: number
}

function load(t: { context: Built }): Extension<ClsExt> {
  return loadExtension<ClsExt>(t.context.clsext)
}

// ==========================================================================
// Classes
// ==========================================================================

test('a type in the module dict is a JS class; new calls tp_new then tp_init, with keywords', (t) => {
  const ext = load(t)
  const { Acc, SubAcc } = ext
  t.is(typeof Acc, 'function')
  t.is(Acc.name, 'Acc')
  t.is(Acc.__name__, 'Acc')
  t.is(Acc.__module__, 'clsext')
  t.is(Acc.pythonType, 'clsext.Acc')
  t.is(Acc.doc, 'An accumulator of integers.')
  t.is(ext.LIMIT, 99)
  const info = extensionInfo(ext)
  t.deepEqual(info.classes, ['Acc', 'SubAcc'])
  t.deepEqual(info.exceptions, ['AccError', 'PlainError', 'error'])
  // A built-in exception exported under the module's name is the JS class
  // it maps to.
  t.is(ext.error, RangeError)

  using a = new Acc(5, kwargs({ label: 'x' }))
  t.true(a instanceof Acc)
  t.true(a instanceof ExtensionObject)
  t.false(a instanceof SubAcc)
  t.is(Object.prototype.toString.call(a), '[object Acc]')
  t.is(a.total(), 5)
  t.is(a.label, 'x')
  t.is(ext.type_name(a), 'clsext.Acc')
  using b = new Acc()
  t.is(b.total(), 0)
  t.is(b.label, undefined)
  t.throws(() => new Acc(0, kwargs({ bogus: 1 })), { instanceOf: TypeError, message: "'bogus' is an invalid keyword argument for Acc()" })
  t.throws(() => new Acc('x' as unknown as number), {
    instanceOf: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  })
  // Called without `new`, a class calls its type all the same, as Python's `Acc(7)`.
  using c = Acc(7)
  t.true(c instanceof Acc)
  t.is(c.total(), 7)

  // A subclass made in C is a JS subclass.
  using s = new SubAcc(1)
  t.true(s instanceof SubAcc)
  t.true(s instanceof Acc)
  t.is(Object.getPrototypeOf(SubAcc), Acc)
  s.add(1)
  s.negate()
  s.add(1)
  t.deepEqual([...s], [1, 10, -10])
})

test('methods of every calling convention, bound per instance', (t) => {
  const { Acc } = load(t)
  using a = new Acc(5, kwargs({ label: 'x' }))
  t.is(a.add(2), a, 'a result that is the instance is its JS object')
  t.is(a.add_many(1, 2, 3), 5)
  t.is(a.scaled(2, kwargs({ offset: 1 })), 27)
  t.is(a.fast_sum(1, 2), 16)
  t.is(a.describe('t', kwargs({ upper: true })), 'T:13')
  t.is(a.describe('t'), 't:13')
  t.throws(() => a.scaled(2, kwargs({ nope: 1 })), { instanceOf: TypeError, message: "'nope' is an invalid keyword argument for scaled()" })
  t.throws(() => (a.total as unknown as (x: number) => number)(1), {
    instanceOf: TypeError,
    message: 'Acc.total() takes no arguments (1 given)',
  })
  // Bound: the same function each time, and it calls the method on its
  // instance when detached.
  t.is(a.add, a.add)
  const add = a.add
  add(10)
  t.is(a.total(), 23)
  using other = new Acc()
  t.not(other.add, a.add)
  t.is(a.add.name, 'add')
  t.is(a.add.__qualname__, 'Acc.add')
  t.is(a.add.doc, 'Adds x * step; returns the accumulator itself.')
  // copy() returns a new instance of the same class.
  using c = a.copy()
  t.true(c instanceof Acc)
  t.not(c, a)
  t.deepEqual([...c], [...a])
})

test('getset descriptors and members are properties, read-only ones raising CPython errors', (t) => {
  const { Acc } = load(t)
  using a = new Acc(3)
  t.is(a.count, 1)
  t.is(a.step, 1)
  t.is(a.doubled, 6)
  a.step = 4
  a.add(1)
  t.is(a.total(), 7)
  a.label = 'named'
  t.is(a.label, 'named')
  a.label = undefined
  t.is(a.label, undefined)
  const ro = t.throws(() => {
    ;(a as { count: number }).count = 3
  }, { instanceOf: PyError, message: 'readonly attribute' })
  t.is((ro as PyError).code, 'AttributeError')
  t.throws(() => {
    ;(a as { doubled: number }).doubled = 3
  }, { instanceOf: PyError, message: "attribute 'doubled' of 'clsext.Acc' objects is not writable" })
  t.throws(() => {
    a.label = 3 as unknown as string
  }, { instanceOf: TypeError, message: 'label must be str or None, not int' })
  t.throws(() => {
    a.step = 2n ** 70n as unknown as number
  }, { instanceOf: RangeError })
  t.is(a.step, -1, 'as in CPython, a T_LONG member stores -1 before the failed conversion is checked')
})

test('class and static methods are static methods of the class', (t) => {
  const { Acc, SubAcc } = load(t)
  using a = Acc.from_list([1, 2])
  t.true(a instanceof Acc)
  t.is(a.total(), 3)
  using s = SubAcc.from_list([1])
  t.true(s instanceof SubAcc, 'a class method receives the class it is called on')
  t.is(s.total(), 10)
  t.is(Acc.version(), '1.0')
  t.is(SubAcc.version(), '1.0')
})

test('Symbol.iterator runs tp_iter; len() runs sq_length', (t) => {
  const ext = load(t)
  using a = ext.make(1)
  a.add_many(2, 3n, 2n ** 40n)
  t.deepEqual([...a], [1, 2, 3, 2 ** 40])
  let n = 0
  for (const v of a) {
    n++
    if (v === 2) break
  }
  t.is(n, 2)
  t.is(len(a), 4)
  const exp = exporter(new Uint8Array(3))
  t.throws(() => len(exp.handle), { instanceOf: TypeError, message: "object of type 'pybuffer.Exporter' has no len()" })
  t.throws(() => len({} as ExtensionObject), { instanceOf: TypeError, message: "object of type 'object' has no len()" })
})

test('an instance that exports a buffer is viewed with getBuffer, and passes itself to C', (t) => {
  const ext = load(t)
  using a = ext.make(7)
  a.add_many(-1, 2n ** 62n)
  {
    using v = getBuffer(a)
    t.is(v.format, 'q')
    t.deepEqual(v.tolist(), [7n, -1n, 2n ** 62n])
    t.throws(() => a.add(1), { instanceOf: BufferError, message: /Existing exports/ })
  }
  a.add(1)
  t.is(ext.same(a), a)
  t.deepEqual(ext.pair(a), [a, a])
  t.is(ext.type_name(a), 'clsext.Acc')
  // A class stands for its type.
  t.is(ext.same(ext.Acc), ext.Acc)
  t.is(ext.type_name(ext.Acc), 'type')
  t.is(ext.same(ext.AccError), ext.AccError)
})

test('methods, class methods and static methods have .async, calling the same method off the main thread', async (t) => {
  const { Acc } = load(t)
  using a = new Acc(5)
  t.is(await a.add.async(2), a, 'the instance comes back as itself')
  t.is(await a.scaled.async(2, kwargs({ offset: 1 })), 15)
  t.is(await a.describe.async('t', kwargs({ upper: true })), 'T:7')
  const detached = a.total.async
  t.is(await detached(), 7)
  t.is(a.total.async.name, 'Acc.total.async')
  using b = await Acc.from_list.async([1, 2])
  t.true(b instanceof Acc)
  t.is(b.total(), 3)
  t.is(await Acc.version.async(), '1.0')
  await t.throwsAsync(() => a.fail.async('acc'), { instanceOf: RangeError, message: 'acc failure at total 7' })
  const c = new Acc(1)
  const late = c.total
  c.close()
  await t.throwsAsync(() => late.async(), { instanceOf: RangeError, message: /closed clsext\.Acc/ })
})

// ==========================================================================
// Identity and lifetimes
// ==========================================================================

test('an instance is the same JS object each time it crosses back while alive', (t) => {
  const ext = load(t)
  const a = ext.make(1)
  t.is(ext.same(a), a)
  t.is(a.add(1), a)
  const [x, y] = ext.pair(a)
  t.is(x, a)
  t.is(y, a)
  const base = ext.refcnt(a)
  for (let i = 0; i < 100; i++) ext.same(a)
  t.is(ext.refcnt(a), base, 'returning an instance takes no lasting reference')
  a.close()
})

test.serial('close() and Symbol.dispose release the object; any later use throws naming the type', (t) => {
  const ext = load(t)
  const before = ext.live()
  const a = new ext.Acc(1)
  const total = a.total
  t.is(ext.live(), before + 1)
  t.false(a.closed)
  a.close()
  t.true(a.closed)
  t.is(ext.live(), before)
  a.close()
  const closed = { instanceOf: RangeError, message: 'operation on a closed clsext.Acc object: close() released it' }
  const e = t.throws(() => a.total(), closed)
  t.is((e as RangeError & { code?: string }).code, 'ValueError')
  t.throws(() => total(), closed)
  t.throws(() => a.count, closed)
  t.throws(() => {
    a.step = 2
  }, closed)
  t.throws(() => [...a], closed)
  t.throws(() => len(a), closed)
  t.throws(() => getBuffer(a), closed)
  t.throws(() => ext.same(a), closed)
  {
    using b = new ext.Acc(2)
    t.is(ext.live(), before + 1)
    t.is(b.total(), 2)
  }
  t.is(ext.live(), before)
  // A closed object's successor at the same address is a new JS object.
  const c = ext.make(3)
  t.not(c, a)
  c.close()
})

test.serial('instances are released after garbage collection, and reported as leaks when asked', async (t) => {
  const ext = load(t)
  const before = ext.live()
  const gcBefore = __internal.gcReleasedInstances()
  const reports: LeakReport[] = []
  setDebugLeaks((r) => reports.push(r))
  try {
    ;(() => {
      for (let i = 0; i < 10; i++) ext.make(i).add(1)
    })()
    t.is(ext.live(), before + 10)
    t.true(await gcUntil(() => ext.live() === before), `still alive: ${ext.live() - before}`)
  } finally {
    setDebugLeaks(false)
  }
  t.is(__internal.gcReleasedInstances() - gcBefore, 10)
  t.is(reports.length, 10)
  t.is(reports[0]?.kind, 'instance')
  t.is(reports[0]?.description, 'clsext.Acc')
  t.regex(reports[0]?.stack ?? '', /classes\.test/)
})

test.serial('10^5 create/method/close cycles leave refcounts and live objects at baseline, and RSS flat', async (t) => {
  const ext = load(t)
  const anchor = new ext.Acc(1)
  const cycle = (): void => {
    const a = new ext.Acc(2, kwargs({ label: 'l' }))
    a.add(3).add_many(4, 5)
    a.describe('p', kwargs({ upper: true }))
    void a.label
    a.step = 2
    const c = a.copy()
    ext.pair(anchor)
    anchor.total()
    c.close()
    a.close()
  }
  // In chunks, with the event loop turning in between: JS keeps the
  // targets of new WeakRefs alive until the end of the current job, and
  // napi runs handle finalizers after it.
  const chunk = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) cycle()
    await gcUntil(() => false, 3)
  }
  await chunk(10_000)
  const live = ext.live()
  const ref = ext.refcnt(anchor)
  const typeRef = ext.refcnt(ext.Acc)
  // The allocator's warm-up (the first few 10^4 cycles) is not a leak.
  await chunk(20_000)
  const rss = process.memoryUsage().rss
  for (let k = 0; k < 7; k++) await chunk(10_000)
  const grown = process.memoryUsage().rss - rss
  t.is(ext.live(), live)
  t.is(ext.refcnt(anchor), ref)
  t.is(ext.refcnt(ext.Acc), typeRef)
  // A leaked instance per cycle (its history, wrapper and JS object) would
  // be ~20 MiB over these 70000 cycles; RSS settles after the warm-up.
  t.true(grown < 8 * 1024 * 1024, `RSS grew by ${(grown / 1048576).toFixed(1)} MiB over 70000 cycles`)
  anchor.close()
})

// ==========================================================================
// Exceptions and warnings
// ==========================================================================

test("a module's exception classes are JS error classes, mapped through their base chain", (t) => {
  const ext = load(t)
  const { AccError, PlainError } = ext
  using a = new ext.Acc(4)
  const e = t.throws(() => a.fail('acc'), { instanceOf: AccError, message: 'acc failure at total 4' })
  t.true(e instanceof RangeError, 'AccError derives from ValueError, which maps to RangeError')
  t.is(e?.code, 'AccError')
  t.is(e?.pythonType, 'clsext.AccError')
  t.is(e?.name, 'AccError')
  t.is(AccError.pythonType, 'clsext.AccError')
  t.is(AccError.doc, 'An accumulator failed.')
  // A subclass the module does not export is its nearest exported base's
  // JS class, with its own code and pythonType.
  const h = t.throws(() => a.fail('hidden'), { instanceOf: AccError }) as ExtensionError
  t.is(h.code, 'HiddenError')
  t.is(h.pythonType, 'clsext.HiddenError')
  const p = t.throws(() => a.fail('plain'), { instanceOf: PlainError })
  t.true(p instanceof PyError)
  t.is(p?.code, 'PlainError')
  const q = t.throws(() => ext.raise_plain(42), { instanceOf: PlainError, message: '42' })
  t.is(q?.pythonType, 'clsext.PlainError')
  // Made in JS, they carry the same code.
  const made = new AccError('by hand')
  t.true(made instanceof RangeError)
  t.is(made.code, 'AccError')
  // Built-in exceptions keep their code and gain pythonType.
  const te = t.throws(() => (a.total as unknown as (x: number) => number)(1), { instanceOf: TypeError }) as TypeError & { code: string; pythonType: string }
  t.is(te.code, 'TypeError')
  t.is(te.pythonType, 'TypeError')
})

test('warnings become process.emitWarning with the category name', async (t) => {
  const ext = load(t)
  const seen: Array<{ name: string; message: string }> = []
  const listener = (w: Error): void => {
    seen.push({ name: w.name, message: w.message })
  }
  process.on('warning', listener)
  try {
    ext.warn('runtime', 'careful')
    ext.warn('user', 'hey')
    ext.warn('acc', 'own category')
    await new Promise((resolve) => setImmediate(resolve))
  } finally {
    process.off('warning', listener)
  }
  t.deepEqual(seen, [
    { name: 'RuntimeWarning', message: 'careful' },
    { name: 'UserWarning', message: 'hey' },
    { name: 'AccWarning', message: 'own category' },
  ])
})

// ==========================================================================
// Big integers
// ==========================================================================

test('ints of any size round trip, negative ones as CPython', (t) => {
  const ext = load(t)
  for (const v of [2n ** 200n, -(2n ** 200n), 2n ** 200n - 1n, -(2n ** 200n) + 1n, -(2n ** 64n), 2n ** 127n, -(2n ** 127n) - 1n]) {
    t.is(ext.same(v), v)
  }
  t.is(ext.same(2 ** 200), 2n ** 200n)
  t.is(ext.same(-(2 ** 200)), -(2n ** 200n))
  t.is(ext.same(2n ** 53n - 1n), 2 ** 53 - 1, 'safe integers come back as numbers')
  t.is(ext.same(-(2n ** 53n)), -(2n ** 53n))
})
