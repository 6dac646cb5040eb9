// Attributes a type resolves itself (its own tp_getattro, as cffi's lib
// and cdata have), and objects of one extension library given to another,
// on the fixture __test__/fixtures/dynext.c, whose behaviour under CPython
// 3.11 the expectations below restate (`d.f_double(21)` is 42, `d.f_double
// is d.f_double`, `dir(d)` is `['f_double', 'k_7']` plus what was set,
// `d.nope` raises AttributeError, `type_name(d)` is 'dynext.Dyn'). The
// corpus counterpart is __test__/corpus-cffi.test.ts.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import {
  type Extension,
  type ExtensionClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  loadExtension,
  PyError,
} from 'pybuffer'

import { cflags, compile, fixture } from './build-ext.js'
import { gcUntil } from './helpers.js'

interface Built {
  dir: string
  dynext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-dynamic-'))
  const dynext = path.join(dir, 'dynext.so')
  compile(cflags(t.log), fixture('dynext.c'), dynext)
  t.context = { dir, dynext }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

interface Dyn extends ExtensionObject {
  kind: ExtensionMethod<[], string>
  readonly f_double: ExtensionFunction<[x: number], number>
  readonly Inner: ExtensionClass
  readonly SENTINEL: unknown
  [name: string]: unknown
}

interface Dynext {
  Dyn: ExtensionClass<Dyn, []>
  keep: ExtensionFunction<[o: unknown], undefined>
  kept_type: ExtensionFunction<[], string | undefined>
  type_name: ExtensionFunction<[o: unknown], string>
}

function load(t: { context: Built }, file?: string): Extension<Dynext> {
  return loadExtension<Dynext>(file ?? t.context.dynext, 'dynext')
}

test('an instance of a type with its own tp_getattro reads its attributes through getattr', (t) => {
  const m = load(t)
  using d = new m.Dyn()
  // The type's own method, as for any instance.
  t.is(d.kind(), 'dyn')
  // A built-in function made on first access is a JS function, the same
  // one while getattr gives the same object.
  t.is(d.f_double(21), 42)
  t.is(d.f_double, d.f_double)
  t.is(d.f_double.name, 'f_double')
  t.is(d.f_double.__qualname__, 'Dyn.f_double')
  t.is(d.k_12, 12)
  // Its errors are C's own.
  t.throws(() => (d.f_double as unknown as (x: string) => number)('a'), {
    instanceOf: TypeError,
    message: "'str' object cannot be interpreted as an integer",
  })
  // AttributeError reads as undefined, and `in` is hasattr.
  t.is(d.nope, undefined)
  t.false('nope' in d)
  t.true('f_double' in d)
  t.true('kind' in d)
  // A Proxy is not a thenable unless Python says so.
  return Promise.resolve(d).then((r) => t.is(r, d))
})

test('setattr, dir() as own keys, and the type dict\'s other entries', async (t) => {
  const m = load(t)
  using d = new m.Dyn()
  t.deepEqual(Object.keys(d), ['f_double', 'k_7'])
  d.x = 5
  t.is(d.x, 5)
  t.deepEqual(Object.keys(d), ['f_double', 'k_7', 'x'])
  const e = t.throws(() => {
    d.k_1 = 2
  }, { instanceOf: PyError, message: "cannot set constant 'k_1'" })
  t.is((e as PyError).code, 'AttributeError')
  const spread = { ...d }
  t.is(spread.k_7, 7)
  t.is(spread.x, 5)
  t.is(typeof spread.f_double, 'function')
  // Dyn.Inner is a type in Dyn's dict: a class, callable as Python calls it.
  t.is(d.Inner.name, 'Inner')
  t.true(d.Inner() instanceof d.Inner)
  // Dyn.SENTINEL is a plain object: the same opaque object each time,
  // which goes back to C as itself.
  t.is(m.type_name(d.SENTINEL as never), 'object')
  // A closed instance refuses dynamic reads as it refuses the others.
  d.close()
  t.throws(() => d.k_7, { instanceOf: RangeError, message: /operation on a closed dynext\.Dyn object/ })
})

test('a function from a dynamic attribute goes back to C as itself, and runs async', async (t) => {
  const m = load(t)
  using d = new m.Dyn()
  t.is(m.type_name(d.f_double), 'builtin_function_or_method')
  t.is(m.type_name(d), 'dynext.Dyn')
  t.is(await d.f_double.async(5), 10)
})

test.serial('another library\'s object reaches C as itself, and C keeping it keeps that library loaded', async (t) => {
  if (process.platform !== 'linux') {
    t.pass('needs /proc/self/maps')
    return
  }
  const mapped = (file: string): boolean => readFileSync('/proc/self/maps', 'utf8').includes(file)
  const first = path.join(t.context.dir, 'dynext-first.so')
  const second = path.join(t.context.dir, 'dynext-second.so')
  copyFileSync(t.context.dynext, first)
  copyFileSync(t.context.dynext, second)
  const b = load(t, second)
  ;(() => {
    const a = load(t, first)
    const d = new a.Dyn()
    // The second library sees the first's type, not pybuffer's wrapper.
    t.is(b.type_name(d), 'dynext.Dyn')
    t.not(a.Dyn, b.Dyn)
    b.keep(d)
  })()
  await gcUntil(() => false, 10)
  t.true(mapped(first), 'the second library holds an object of the first')
  t.is(b.kept_type(), 'dynext.Dyn')
  // Letting go of it lets nothing dangle either.
  b.keep(null)
  t.is(b.kept_type(), 'NoneType')
})
