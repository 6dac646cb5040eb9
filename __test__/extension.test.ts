// loadExtension(): C extensions built against the shim, called from JS.
//
// The before hook compiles the example extension (examples/imageops) and the
// test extensions (__test__/fixtures) the way the README tells extension
// authors to: `cc -shared -fPIC $(pkg-config --cflags pybuffer)`, with no
// -lpybuffer, so their Py* symbols resolve against the loaded addon.

import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

import anyTest, { type TestFn } from 'ava'
import {
  BufferError,
  copyData,
  Exporter,
  type Extension,
  type ExtensionArg,
  type ExtensionResult,
  exporter,
  extensionInfo,
  bytearray,
  bytes,
  getBuffer,
  isBytearray,
  isBytes,
  Kwargs,
  kwargs,
  loadExtension,
  PyFrozenSet,
  PyTuple,
  PyObjectHandle,
  tuple,
  PyBuffer,
  PyError,
} from 'pybuffer'
import { cflags, compile, root } from './build-ext.js'
import { asView, gcUntil } from './helpers.js'

// eslint-disable-next-line @typescript-eslint/no-require-imports
import ndarray = require('ndarray')

interface Built {
  dir: string
  imageops: string
  testext: string
  badinit: string
  missing: string
  multiphase: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-ext-'))
  const flags = cflags((m) => t.log(m))
  const built: Built = {
    dir,
    // CPython's extension suffix: the module name is the part before the first dot.
    imageops: path.join(dir, 'imageops.cpython-311-x86_64-linux-gnu.so'),
    testext: path.join(dir, 'testext.so'),
    badinit: path.join(dir, 'badinit.so'),
    missing: path.join(dir, 'missing.so'),
    multiphase: path.join(dir, 'multiphase.so'),
  }
  compile(flags, path.join(root, 'examples', 'imageops', 'imageops.c'), built.imageops)
  compile(flags, path.join(root, '__test__', 'fixtures', 'testext.c'), built.testext)
  compile(flags, path.join(root, '__test__', 'fixtures', 'badinit.c'), built.badinit)
  compile(flags, path.join(root, '__test__', 'fixtures', 'badinit.c'), built.missing, ['-DNEEDS_MISSING_SYMBOL'])
  compile(flags, path.join(root, '__test__', 'fixtures', 'multiphase.c'), built.multiphase)
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type TestExt = Extension<
  | 'is_sentinel'
  | 'new_buffer'
  | 'new_readonly'
  | 'new_matrix'
  | 'buf_get'
  | 'buf_set'
  | 'buf_exports'
  | 'getbuffers'
  | 'releases'
  | 'deallocs'
  | 'live'
  | 'echo'
  | 'dict_of'
  | 'type_name'
  | 'repr'
  | 'refcount'
  | 'module_refcount'
  | 'module_id'
  | 'nothing'
  | 'add'
  | 'half'
  | 'negate'
  | 'upper'
  | 'make_int'
  | 'make_str'
  | 'count_args'
  | 'varargs'
  | 'raise_'
  | 'raise_format'
  | 'null_without_error'
  | 'result_with_error'
  | 'return_module'
  | 'return_type'
  | 'buffer_info'
  | 'sum'
  | 'fill'
  | 'hold'
  | 'unhold'
  | 'held_sum'
  | 'keep'
  | 'kept'
  | 'drop_kept'
  | 'memoryview_of'
  | 'static_view'
  | 'static_byte'
  | 'thread_set'
  | 'thread_get'
>

function testext(t: { context: Built }): TestExt {
  return loadExtension(t.context.testext)
}

/** A result that must be a view. */
function view(r: ExtensionResult): PyBuffer {
  return asView(r)
}

/** A result that must be a number. */
function num(r: ExtensionResult): number {
  if (typeof r !== 'number') throw new Error(`expected a number, got ${String(r)}`)
  return r
}

// ==========================================================================
// One shim per process
// ==========================================================================

/** The dynamic symbols a shared object defines, or null without nm. */
function definedSymbols(file: string): Set<string> | null {
  const nm = spawnSync('nm', ['-D', '--defined-only', file], { encoding: 'utf8' })
  if (nm.error || nm.status !== 0) return null
  return new Set(nm.stdout.split('\n').map((line) => line.trim().split(/\s+/)[2] ?? '').filter((s) => s !== ''))
}

test('the addon exports every C symbol of libpybuffer, for extensions to bind to', (t) => {
  // The target directory as the build finds it (crates/node/build-addon.mjs's
  // targetDir(): `cargo metadata`, so CARGO_TARGET_DIR and cargo configs count).
  const metadata = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  const targetDir: string =
    metadata.status === 0 ? (JSON.parse(metadata.stdout) as { target_directory: string }).target_directory : path.join(root, 'target')
  const lib = path.join(targetDir, 'release', process.platform === 'darwin' ? 'libpybuffer.dylib' : 'libpybuffer.so')
  const addon = readdirSync(root).find((f) => /^pybuffer\..*\.node$/.test(f))
  const shim = existsSync(lib) ? definedSymbols(lib) : null
  if (shim === null || addon === undefined || process.platform === 'darwin') {
    t.pass('needs nm, the built libpybuffer.so and the addon (ELF)')
    return
  }
  const exported = definedSymbols(path.join(root, addon))
  const api = [...shim].filter((s) => /^(Py|_Py)/.test(s))
  t.true(api.length > 100, `${api.length} symbols`)
  t.deepEqual(
    api.filter((s) => !exported?.has(s)),
    [],
    'missing from the addon',
  )
  for (const s of ['PyErr_Format', 'PyErr_FormatV', 'PyUnicode_FromFormat', 'PyExc_StructError', '_Py_NoneStruct']) {
    t.true(exported?.has(s), s)
  }
})

test('C and the addon share one shim: None, the exception types, the exporter type', (t) => {
  const ext = testext(t)
  // The addon tells None and the exception kinds apart by the objects' addresses:
  // these conversions work only if C uses the addon's objects.
  t.is(ext.echo(null), undefined)
  t.is(ext.echo(true), true)
  t.throws(() => ext.raise_('IndexError', 'i'), { instanceOf: RangeError })
  t.is(ext.type_name(new Uint8Array(1)), 'pybuffer.Exporter')
  t.is(ext.type_name(true), 'bool')
})

// ==========================================================================
// The example extension
// ==========================================================================

test('imageops: loads by its CPython file name, with its docstrings', (t) => {
  const ops = loadExtension<'invert' | 'flip' | 'transpose' | 'box_blur' | 'mean'>(t.context.imageops)
  const info = extensionInfo(ops)
  t.is(info.name, 'imageops')
  t.is(info.doc, 'Image operations on strided views of unsigned bytes.')
  t.deepEqual(info.functions, ['invert', 'flip', 'transpose', 'box_blur', 'mean'])
  t.deepEqual(Object.keys(ops), ['invert', 'flip', 'transpose', 'box_blur', 'mean'])
  t.is(ops.flip.name, 'flip')
  t.is(ops.flip.__name__, 'flip')
  t.is(ops.flip.__module__, 'imageops')
  t.is(ops.flip.__text_signature__, '(img, axis)')
  t.is(ops.flip.doc, 'Reverses a writable image in place: its rows (axis 0) or its columns (axis 1).')
  t.is(ops.flip.__doc__, ops.flip.doc)
  t.true(Object.isFrozen(ops))
})

test('imageops: works in place on strided JS memory, zero-copy', (t) => {
  const ops = loadExtension(t.context.imageops)
  const px = Uint8Array.from({ length: 12 }, (_, i) => i * 10)
  const img = exporter(px, { shape: [3, 4] })
  t.is(ops.invert(img), undefined)
  t.deepEqual([...px], Array.from({ length: 12 }, (_, i) => 255 - i * 10))
  ops.invert(img)
  // Rows reversed through a negative stride: flipping the view flips it back.
  const flipped = exporter(px, { shape: [3, 4], strides: [-4, 1], offset: 8 })
  ops.flip(flipped, 0)
  t.deepEqual([...px.subarray(0, 4)], [80, 90, 100, 110])
  ops.flip(flipped, 0)
  t.deepEqual([...px.subarray(0, 4)], [0, 10, 20, 30])
  // A scijs ndarray, passed as it is.
  const dst = ndarray(new Uint8Array(12), [4, 3])
  ops.transpose(img, dst)
  t.deepEqual([dst.get(0, 0), dst.get(1, 0), dst.get(3, 2)], [0, 10, 110])
  const blurred = new Uint8Array(12)
  ops.box_blur(img, exporter(blurred, { shape: [3, 4] }), 0)
  t.deepEqual(blurred, px)
  t.is(ops.mean(img), 55)
  t.is(img.exports, 0)
  t.is(flipped.exports, 0)
})

test("imageops: its errors are CPython's, as JS errors", (t) => {
  const ops = loadExtension(t.context.imageops)
  const img = exporter(new Uint8Array(12), { shape: [3, 4] })
  const ro = exporter(new Uint8Array(12), { shape: [3, 4], readonly: true })
  const e1 = t.throws(() => ops.invert(ro), { instanceOf: BufferError })
  t.is(e1?.code, 'BufferError')
  t.throws(() => ops.invert(new Float64Array(4)), {
    instanceOf: TypeError,
    message: "invert() argument 'img' must be an image of unsigned bytes (format 'B'), not format 'd'",
  })
  t.throws(() => ops.invert(new Uint8Array(4)), { instanceOf: RangeError, message: /not 1-D/ })
  t.throws(() => ops.invert(5), { instanceOf: TypeError, message: "a bytes-like object is required, not 'int'" })
  t.throws(() => ops.flip(img), { instanceOf: TypeError, message: 'flip() takes exactly 2 arguments (1 given)' })
  t.throws(() => ops.mean(), { instanceOf: TypeError, message: 'imageops.mean() takes exactly one argument (0 given)' })
  t.throws(() => ops.flip(img, 2), { instanceOf: RangeError, message: /not 2/ })
  t.throws(() => ops.flip(img, 1.5), { instanceOf: TypeError, message: "'float' object cannot be interpreted as an integer" })
  const big = t.throws(() => ops.box_blur(img, new Uint8Array(12), 2n ** 70n), { instanceOf: RangeError })
  t.is((big as RangeError & { code?: string }).code, 'OverflowError')
  t.is(img.exports, 0)
  t.is(ro.exports, 0)
})

// ==========================================================================
// Arguments
// ==========================================================================

test('every argument kind reaches C as the object it stands for', (t) => {
  const ext = testext(t)
  const exp = exporter(new Uint8Array(4))
  const kinds: [ExtensionArg, string][] = [
    [null, 'NoneType'],
    [undefined, 'NoneType'],
    [true, 'bool'],
    [false, 'bool'],
    [7, 'int'],
    [-0, 'int'],
    [2 ** 60, 'int'],
    [1.5, 'float'],
    [Number.NaN, 'float'],
    [Number.NEGATIVE_INFINITY, 'float'],
    [10n ** 30n, 'int'],
    ['text', 'str'],
    [new Uint8Array(2), 'pybuffer.Exporter'],
    [Buffer.from('ab'), 'pybuffer.Exporter'],
    [new Float64Array(2), 'pybuffer.Exporter'],
    [new DataView(new ArrayBuffer(4)), 'pybuffer.Exporter'],
    [new ArrayBuffer(4), 'pybuffer.Exporter'],
    [new SharedArrayBuffer(4), 'pybuffer.Exporter'],
    [ndarray(new Float32Array(6), [2, 3]), 'pybuffer.Exporter'],
    [exp, 'pybuffer.Exporter'],
    [exp.handle, 'pybuffer.Exporter'],
  ]
  for (const [arg, name] of kinds) {
    t.is(ext.type_name(arg), name, typeof arg === 'object' && arg !== null ? arg.constructor.name : String(arg))
  }
  using v = getBuffer(exp)
  t.is(ext.type_name(v), 'pybuffer.Exporter', 'a view of JS memory passes its exporter')
  using c = view(ext.new_buffer(2, 0))
  t.is(ext.type_name(c), 'testext.Buf', "a view of the extension's object passes that object")
  using mv = view(ext.memoryview_of(exp))
  t.is(ext.type_name(mv), 'memoryview')
  t.is(exp.exports, 2)
})

test('values convert exactly', (t) => {
  const ext = testext(t)
  t.is(ext.repr(null), 'None')
  t.is(ext.repr(true), 'True')
  t.is(ext.repr(-12), '-12')
  t.is(ext.repr(1e20), '100000000000000000000')
  t.is(ext.repr(2n ** 64n), '18446744073709551616')
  t.is(ext.repr(-(2n ** 127n)), '-170141183460469231731687303715884105728')
  t.is(ext.repr(2n ** 127n - 1n), '170141183460469231731687303715884105727')
  t.is(ext.repr(0.1), '0.1')
  t.is(ext.repr("it's"), '"it\'s"')
  t.is(ext.upper('héllo'), 'HéLLO')
  t.is(ext.echo('a\u0000b'), 'a\u0000b')
  t.is(ext.add(2 ** 40, -3), 2 ** 40 - 3)
  t.is(ext.half(3), 1.5)
  t.is(ext.negate(false), true)
  t.is(
    ext.buffer_info(new Float64Array(3)),
    'format=d itemsize=8 ndim=1 len=24 readonly=0 shape=3 strides=8',
  )
  t.is(ext.buffer_info(new DataView(new ArrayBuffer(5))), 'format=B itemsize=1 ndim=1 len=5 readonly=0 shape=5 strides=1')
  t.is(
    ext.buffer_info(ndarray(new Float32Array(6), [2, 3], [1, 2])),
    'format=f itemsize=4 ndim=2 len=24 readonly=0 shape=2,3 strides=4,8',
  )
  t.is(ext.buffer_info(exporter(new Uint8Array(6), { readonly: true })), 'format=B itemsize=1 ndim=1 len=6 readonly=1 shape=6 strides=1')
})

test('arguments JS cannot convert are TypeErrors; integral numbers are ints of any size', (t) => {
  const ext = testext(t)
  t.throws(() => ext.echo({} as never), {
    instanceOf: TypeError,
    message: /^testext\.echo\(\) argument 1: cannot convert an object to a Python object/,
  })
  // An array is a list, which add's C code refuses itself.
  t.throws(() => ext.add(1, [1, 2]), { instanceOf: TypeError, message: "'list' object cannot be interpreted as an integer" })
  t.throws(() => ext.echo((() => 1) as never), { instanceOf: TypeError, message: /cannot convert a function/ })
  t.throws(() => ext.echo(Symbol('s') as never), { instanceOf: TypeError, message: /cannot convert a symbol/ })
  t.throws(() => ext.echo(new Map() as never), { instanceOf: TypeError, message: /cannot convert a Map/ })
  // bigints are ints of any size, as Python's.
  t.is(ext.repr(2n ** 200n + 1n), (2n ** 200n + 1n).toString())
  t.is(ext.echo(-(2n ** 127n) - 1n), -(2n ** 127n) - 1n)
  t.is(ext.echo(2n ** 1000n), 2n ** 1000n)
  // Integral numbers too, exactly, as Python's int(2.0 ** 1000).
  for (const big of [2 ** 127, -(2 ** 128), 2 ** 1000, -(2 ** 600) * 3]) t.is(ext.echo(big), BigInt(big))
  const released = getBuffer(new Uint8Array(1))
  released.release()
  t.throws(() => ext.echo(released), { instanceOf: BufferError })
})

// ==========================================================================
// Results
// ==========================================================================

test('every result kind converts', (t) => {
  const ext = testext(t)
  t.is(ext.nothing(), undefined)
  t.is(ext.echo(null), undefined)
  t.is(ext.echo(undefined), undefined)
  t.is(ext.echo(true), true)
  t.is(ext.echo(false), false)
  t.is(ext.echo(0), 0)
  t.is(ext.echo(-5), -5)
  t.is(ext.echo(2.5), 2.5)
  t.true(Number.isNaN(ext.echo(Number.NaN)))
  t.is(ext.echo(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY)
  t.is(ext.echo('héllo'), 'héllo')
  t.is(ext.half(4), 2)
  // Safe integers are numbers; other ints are bigints.
  t.is(ext.echo(2 ** 53), 2n ** 53n)
  t.is(ext.echo(12n), 12)
  t.deepEqual(
    [0, 1, 2, 3, 4, 5, 6].map((i) => ext.make_int(i)),
    [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 53n, 0],
  )
  t.is(ext.make_str(), 'héllo € 😀')
  t.is(ext.count_args(1, 2, 3), 3)
  using v = view(ext.new_buffer(3, 1))
  t.deepEqual(v.tolist(), [1, 2, 3])
  // An object with no JS form is an opaque handle, and goes back as itself.
  const mod = ext.return_module()
  t.true(mod instanceof PyObjectHandle)
  if (mod instanceof PyObjectHandle) {
    t.is(mod.typeName, 'module')
    t.is(ext.type_name(mod), 'module')
    const back = ext.echo(mod)
    t.true(back instanceof PyObjectHandle && back.typeName === 'module')
  }
  // A type the extension made is its class.
  t.is(ext.return_type() as unknown, (ext as unknown as Record<string, unknown>).Buf)
})

test('module constants and docstrings', (t) => {
  const ext = testext(t)
  const info = extensionInfo(ext)
  t.deepEqual(info.constants, { VERSION: 7, GREETING: 'héllo', BIG: 2n ** 64n - 1n, NOTHING: undefined })
  // Other attributes: a sentinel object() is an opaque object that goes
  // back to C as the very object; a dict converts as a result does.
  const attrs = ext as unknown as { SENTINEL: object; TABLE: unknown }
  t.is(typeof attrs.SENTINEL, 'object')
  t.true(ext.is_sentinel(attrs.SENTINEL as ExtensionArg))
  t.false(ext.is_sentinel(1))
  t.deepEqual(attrs.TABLE, { one: 1 })
  t.false('SENTINEL' in info.constants)
  t.is(info.path, t.context.testext)
  t.is(ext.echo.doc, 'Returns x itself.')
  t.is(ext.echo.__text_signature__, '(x)')
  t.is(ext.repr.doc, null, 'a signature alone leaves no docstring')
  t.is(ext.repr.__text_signature__, '(x)')
  t.is(ext.buf_exports.doc, 'Live exports of a testext.Buf.')
  t.is(ext.buf_exports.__text_signature__, null)
  t.is(ext.nothing.doc, null)
  t.throws(() => extensionInfo({}), { instanceOf: TypeError })
})

// ==========================================================================
// Errors
// ==========================================================================

test('errors set in C surface in JS with their type, message and code', (t) => {
  const ext = testext(t)
  const classes: [string, new (...args: never[]) => Error][] = [
    ['BaseException', PyError],
    ['Exception', PyError],
    ['BufferError', BufferError],
    ['ValueError', RangeError],
    ['TypeError', TypeError],
    ['LookupError', RangeError],
    ['IndexError', RangeError],
    ['KeyError', RangeError],
    ['MemoryError', PyError],
    ['ArithmeticError', RangeError],
    ['OverflowError', RangeError],
    ['ZeroDivisionError', RangeError],
    ['RuntimeError', PyError],
    ['NotImplementedError', PyError],
    ['SystemError', PyError],
    ['AttributeError', PyError],
    ['struct.error', TypeError],
    ['UnicodeError', RangeError],
  ]
  for (const [name, cls] of classes) {
    // As in CPython, str(KeyError(key)) is repr(key).
    const message = name === 'KeyError' ? `'boom ${name}'` : `boom ${name}`
    const e = t.throws(() => ext.raise_(name, `boom ${name}`), { instanceOf: cls, message }, name)
    t.is((e as Error & { code?: string }).code, name)
    const f = t.throws(() => ext.raise_format(name, 3, 'x'), { instanceOf: cls }, name)
    const formatted = `${name}: 3 items, 00024 bytes, obj='x'`
    t.is(f?.message, name === 'KeyError' ? `"${formatted}"` : formatted)
    t.is((f as Error & { code?: string }).code, name)
  }
  t.throws(() => ext.raise_format('ValueError', 1, new Uint8Array(1)), {
    message: /^ValueError: 1 item, 00008 bytes, obj=<pybuffer\.Exporter object at 0x[0-9a-f]+>$/,
  })
  // A UnicodeDecodeError/UnicodeEncodeError takes five arguments, so one set
  // with PyErr_SetString becomes, when normalised, the TypeError that
  // constructing it raises, as in CPython.
  for (const name of ['UnicodeDecodeError', 'UnicodeEncodeError']) {
    const u = t.throws(() => ext.raise_(name, 'x'), {
      instanceOf: TypeError,
      message: 'function takes exactly 5 arguments (1 given)',
    })
    t.is((u as Error & { code?: string }).code, 'TypeError')
  }
  t.throws(() => ext.raise_('NoSuchError', 'x'), {
    instanceOf: RangeError,
    message: "'no exception named NoSuchError'",
  })
  // The indicator is clear again: the next call succeeds.
  t.is(ext.add(1, 2), 3)
})

test('NULL without an error is a SystemError, as in CPython', (t) => {
  const ext = testext(t)
  const e = t.throws(() => ext.null_without_error(), {
    instanceOf: PyError,
    message: '<built-in function null_without_error> returned NULL without setting an exception',
  })
  t.is(e?.code, 'SystemError')
  t.throws(() => ext.result_with_error(), {
    instanceOf: PyError,
    message: /<built-in function result_with_error> returned a result with an exception set/,
  })
  t.is(ext.add(1, 2), 3)
})

test('wrong argument counts and types raise what the C code raises', (t) => {
  const ext = testext(t)
  t.throws(() => ext.echo(), { instanceOf: TypeError, message: 'testext.echo() takes exactly one argument (0 given)' })
  t.throws(() => ext.echo(1, 2), { instanceOf: TypeError, message: 'testext.echo() takes exactly one argument (2 given)' })
  t.throws(() => ext.nothing(1), { instanceOf: TypeError, message: 'testext.nothing() takes no arguments (1 given)' })
  t.throws(() => ext.add(1), { instanceOf: TypeError, message: 'add expected 2 arguments, got 1' })
  t.throws(() => ext.add('1', 2), { instanceOf: TypeError, message: "'str' object cannot be interpreted as an integer" })
  t.throws(() => ext.add(2n ** 63n, 0), { instanceOf: RangeError, message: 'int too big to convert' })
  t.throws(() => ext.add(2 ** 62, 2 ** 62), { instanceOf: RangeError, message: 'add() result does not fit a long long' })
  t.throws(() => ext.half('x'), { instanceOf: TypeError, message: 'must be real number, not str' })
  t.throws(() => ext.negate(1), { instanceOf: TypeError, message: 'negate() argument must be bool, not int' })
  t.throws(() => ext.sum(5), { instanceOf: TypeError, message: "a bytes-like object is required, not 'int'" })
  t.throws(() => ext.buf_get(new Uint8Array(2), 0), {
    instanceOf: TypeError,
    message: 'buf_get() argument must be testext.Buf, not pybuffer.Exporter',
  })
  t.throws(() => ext.fill(new Uint8Array(4).subarray(1), 1.5), { instanceOf: TypeError })
  t.throws(() => ext.fill(exporter(new Uint8Array(4), { readonly: true }), 1), { instanceOf: BufferError })
  t.throws(() => ext.fill(exporter(new Uint8Array(8), { shape: [4], strides: [2] }), 1), { instanceOf: BufferError })
  // METH_VARARGS functions get their arguments as a tuple, as in CPython.
  t.is(ext.varargs(), undefined)
  t.is(ext.varargs(1, 'two'), undefined)
})

// ==========================================================================
// Memory across the boundary
// ==========================================================================

test('C exports its own memory: JS writes, C reads, and the reverse', (t) => {
  const ext = testext(t)
  using v = view(ext.new_buffer(8, 0))
  t.false(v.readonly)
  t.deepEqual([v.format, v.itemsize, v.ndim, v.shape, v.strides], ['B', 1, 1, [8], [1]])
  v.set(200, 3)
  t.is(ext.buf_get(v, 3), 200)
  ext.buf_set(v, 5, 99)
  t.is(v.get(5), 99)
  v.fromContiguous(Buffer.from([1, 1, 1, 1, 1, 1, 1, 1]))
  t.is(ext.sum(v), 8)
  t.is(ext.buf_exports(v), 1)

  // A strided (Fortran-order) C layout.
  using m = view(ext.new_matrix(2, 3))
  t.deepEqual([m.format, m.shape, m.strides], ['d', [2, 3], [8, 16]])
  t.true(m.isContiguous('F'))
  t.false(m.isContiguous('C'))
  t.deepEqual(m.tolist(), [
    [0, 1, 2],
    [3, 4, 5],
  ])
  m.set(42.5, 1, 2)
  t.deepEqual([...new Float64Array(m.toContiguous('C').buffer)], [0, 1, 2, 3, 4, 42.5])

  // Read-only C memory stays read-only.
  using ro = view(ext.new_readonly(4))
  t.true(ro.readonly)
  t.deepEqual(ro.tolist(), [0, 1, 2, 3])
  t.throws(() => ro.set(1, 0), { instanceOf: BufferError })

  // A memoryview of static C memory.
  using sv = view(ext.static_view(true))
  sv.set(65, 0)
  t.is(ext.static_byte(0), 65)
  t.is(sv.toContiguous().subarray(1, 15).toString(), 'tatic C memory')
  using svro = view(ext.static_view(false))
  t.true(svro.readonly)
})

test('JS memory exported to C: C writes, JS reads, and the reverse', (t) => {
  const ext = testext(t)
  const mem = new Uint8Array(8)
  ext.fill(mem, 7)
  t.deepEqual([...mem], [7, 7, 7, 7, 7, 7, 7, 7])
  mem[0] = 100
  t.is(ext.sum(mem), 149)
  // C holds a view across calls: it sees later JS writes.
  const exp = exporter(mem)
  ext.hold(exp)
  t.is(exp.exports, 1)
  mem[1] = 0
  t.is(ext.held_sum(), 142)
  t.throws(() => ext.hold(exp), { instanceOf: PyError, message: 'hold(): already holding a view' })
  t.true(ext.unhold())
  t.is(exp.exports, 0)
  // An object C keeps comes back as a view of the same JS memory.
  ext.keep(exp)
  const back = view(ext.kept())
  t.is(ext.type_name(back), 'pybuffer.Exporter')
  const ta = back.toTypedArray()
  t.is(ta.buffer, mem.buffer, 'zero-copy')
  back.release()
  ext.drop_kept()
  // A memoryview of JS memory made in C holds an export until it is released.
  const mv = view(ext.memoryview_of(exp))
  t.is(exp.exports, 1)
  mv.set(9, 7)
  t.is(mem[7], 9)
  mv.release()
  t.is(exp.exports, 0)
  t.notThrows(() => exp.close())
})

test('the release callback and dealloc run exactly once after release()', (t) => {
  const ext = testext(t)
  const [g0, r0, d0, l0] = [num(ext.getbuffers()), num(ext.releases()), num(ext.deallocs()), num(ext.live())]
  const v = view(ext.new_buffer(16, 0))
  t.deepEqual([ext.getbuffers(), ext.releases(), ext.deallocs(), ext.live()], [g0 + 1, r0, d0, l0 + 1])
  v.release()
  t.deepEqual([ext.getbuffers(), ext.releases(), ext.deallocs(), ext.live()], [g0 + 1, r0 + 1, d0 + 1, l0])
  v.release()
  t.deepEqual([ext.releases(), ext.deallocs()], [r0 + 1, d0 + 1])
  {
    using w = view(ext.new_buffer(4, 0))
    t.is(w.len, 4)
  }
  t.deepEqual([ext.releases(), ext.deallocs()], [r0 + 2, d0 + 2])
  // While C keeps the object, only the view's export ends.
  const kept = view(ext.new_buffer(4, 0))
  ext.keep(kept)
  kept.release()
  t.deepEqual([ext.releases(), ext.deallocs()], [r0 + 3, d0 + 2])
  ext.drop_kept()
  t.deepEqual([ext.releases(), ext.deallocs()], [r0 + 3, d0 + 3])
})

test.serial('the release callback and dealloc run exactly once after GC collects the view', async (t) => {
  const ext = testext(t)
  const [r0, d0, l0] = [num(ext.releases()), num(ext.deallocs()), num(ext.live())]
  ;(() => {
    for (let i = 0; i < 50; i++) view(ext.new_buffer(64, i)).get(0)
  })()
  t.is(ext.live(), l0 + 50)
  t.true(await gcUntil(() => ext.releases() === r0 + 50), `releases ${String(ext.releases())}`)
  t.true(await gcUntil(() => ext.deallocs() === d0 + 50), `deallocs ${String(ext.deallocs())}`)
  await gcUntil(() => false, 5)
  t.deepEqual([ext.releases(), ext.deallocs(), ext.live()], [r0 + 50, d0 + 50, l0])
})

test('refcounts and exports are back to baseline after many calls', (t) => {
  const ext = testext(t)
  const exp = exporter(new Uint8Array(64))
  const ro = exporter(new Uint8Array(8), { readonly: true })
  const base = num(ext.refcount(exp))
  const [l0, m0] = [num(ext.live()), num(ext.module_refcount())]
  for (let i = 0; i < 2000; i++) {
    ext.sum(exp)
    ext.fill(exp, i & 255)
    ext.buffer_info(exp)
    ext.type_name(exp)
    view(ext.echo(exp)).release()
    view(ext.memoryview_of(exp)).release()
    ext.hold(exp)
    ext.unhold()
    ext.keep(exp)
    ext.drop_kept()
    const b = view(ext.new_buffer(8, i))
    ext.buf_set(b, 0, i & 255)
    ext.buf_get(b, 0)
    b.release()
    ext.echo(i)
    ext.echo(i + 0.5)
    ext.echo('s')
    ext.echo(2n ** 80n)
    t.throws(() => ext.fill(ro, 1))
    t.throws(() => ext.sum(exp, exp))
    t.throws(() => ext.raise_format('ValueError', i, exp))
  }
  t.is(ext.refcount(exp), base)
  t.is(exp.exports, 0)
  t.is(ro.exports, 0)
  t.is(ext.live(), l0)
  t.is(ext.module_refcount(), m0)
  // An argument JS made for the call has exactly the call's reference.
  t.is(ext.refcount(123456789), 1)
  t.is(ext.refcount('fresh'), 1)
  t.is(ext.refcount(1.25), 1)
  t.true(num(ext.refcount(null)) > 2 ** 30, 'None is immortal')
})

// ==========================================================================
// Loading
// ==========================================================================

test('loading twice shares the module, as CPython import does', (t) => {
  const a = testext(t)
  const b = loadExtension<'keep' | 'kept' | 'drop_kept' | 'module_id'>(t.context.testext, 'testext')
  t.is(a.module_id(), b.module_id())
  a.keep('shared state')
  t.is(b.kept(), 'shared state')
  b.drop_kept()
  t.is(a.kept(), undefined)
  t.not(a, b)
})

test("a thread's state lasts between calls, as a Python thread's does", (t) => {
  // PyThreadState_GetDict() (and so the current contextvars context) is
  // kept per thread: what one call stores, the next call on the same thread
  // sees, as between two calls of a Python script.
  const ext = testext(t)
  t.is(ext.thread_set('pybuffer-test-key', 'kept value'), undefined)
  t.is(ext.thread_get('pybuffer-test-key'), 'kept value')
  t.is(ext.thread_get('pybuffer-test-other'), undefined)
  ext.thread_set('pybuffer-test-key', 2)
  t.is(ext.thread_get('pybuffer-test-key'), 2)
})

test.serial('worker threads load the same module', async (t) => {
  const ext = testext(t)
  ext.keep('from the main thread')
  const run = () =>
    new Promise<{ sum: number; moduleId: number; kept: string; code: string; items: number[] }>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'fixtures', 'extension-worker.js'), { workerData: t.context.testext })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  const results = await Promise.all([run(), run()])
  for (const r of results) {
    t.deepEqual(r, { sum: 5, moduleId: ext.module_id(), kept: 'from the main thread', code: 'KeyError', items: [5, 6, 7] })
  }
  ext.drop_kept()
})

test('loadExtension takes a file: URL, and refuses other URLs', (t) => {
  const { testext: lib } = t.context
  const viaUrl = loadExtension(pathToFileURL(lib))
  t.is(extensionInfo(viaUrl).path, extensionInfo(loadExtension(lib)).path)
  const relative = new URL(`./${path.basename(lib)}`, pathToFileURL(lib))
  t.is(extensionInfo(loadExtension(relative)).name, 'testext')
  const err = t.throws(() => loadExtension(new URL('https://example.com/x.so')), { instanceOf: TypeError })
  t.regex(err.message, /only file: URLs.*https:/)
  t.is((err as TypeError & { code: string }).code, 'TypeError')
})

test('a multi-phase module loads: its exec slot runs and its state is zeroed, then kept', (t) => {
  const ext = loadExtension<'tick' | 'type_name' | 'scale'>(t.context.multiphase)
  const info = extensionInfo(ext)
  t.is(info.name, 'multiphase')
  t.is(info.doc, 'A multi-phase module with state.')
  t.deepEqual(info.functions, ['tick', 'type_name', 'scale', 'gil_held', 'sum_released', 'fast_kw', 'warn', 'make_bytes', 'is_last', 'bytes_len', 'containers', 'raise_own'])
  t.deepEqual(info.constants, { EXEC_RAN: 1 })
  // Constants are read-only properties of the extension object too.
  t.is((ext as unknown as { EXEC_RAN: number }).EXEC_RAN, 1)
  t.throws(() => {
    ;(ext as unknown as { EXEC_RAN: number }).EXEC_RAN = 2
  }, { instanceOf: TypeError })
  t.is(ext.tick(), 1)
  t.is(ext.tick(), 2)
  t.is(ext.tick.doc, 'Counts calls in the module state.')
  t.is(ext.type_name(), 'Counter')
  t.is(ext.scale(21), 42)
  t.throws(() => ext.scale('x'), { instanceOf: TypeError, message: "'str' object cannot be interpreted as an integer" })
  t.throws(() => ext.tick(1), { instanceOf: TypeError, message: 'multiphase.tick() takes no arguments (1 given)' })
})

test('keyword arguments are passed by a marked last argument', (t) => {
  const ext = loadExtension<'scale' | 'fast_kw' | 'tick'>(t.context.multiphase)
  // METH_VARARGS | METH_KEYWORDS, parsed by PyArg_ParseTupleAndKeywords.
  t.is(ext.scale(21, kwargs({ factor: 3 })), 63)
  t.is(ext.scale(kwargs({ x: 5, factor: 4 })), 20)
  t.is(ext.scale(kwargs({ x: 5 })), 10)
  t.throws(() => ext.scale(1, kwargs({ seed: 1 })), {
    instanceOf: TypeError,
    message: "'seed' is an invalid keyword argument for scale()",
  })
  t.throws(() => ext.scale(1, kwargs({ x: 2 })), {
    instanceOf: TypeError,
    message: "argument for scale() given by name ('x') and position (1)",
  })
  // A plain object is never taken as keywords.
  t.throws(() => ext.scale(1, { factor: 3 } as unknown as number), {
    instanceOf: TypeError,
    message: /multiphase.scale\(\) argument 2: cannot convert an object/,
  })
  t.throws(() => ext.scale(kwargs({ factor: 3 }), 1), { instanceOf: TypeError, message: /must be the last argument/ })
  // METH_FASTCALL | METH_KEYWORDS receives the names in kwnames.
  t.is(ext.fast_kw(1, 2), 200)
  t.is(ext.fast_kw(1, kwargs({ a: 'x', b: 7 })), 100 + 20 + 7)
  t.is(ext.fast_kw(kwargs({})), 0)
  // A function without keywords refuses them as CPython does.
  t.throws(() => ext.tick(kwargs({ a: 1 })), { instanceOf: TypeError, message: 'multiphase.tick() takes no keyword arguments' })
})

test.serial('warnings become process.emitWarning with the category name', async (t) => {
  const ext = loadExtension<'warn'>(t.context.multiphase)
  const seen = new Promise<Error>((resolve) => process.once('warning', resolve))
  t.is(ext.warn('careful from C'), undefined)
  const w = await seen
  t.is(w.name, 'UserWarning')
  t.is(w.message, 'careful from C')
})

test('bytes and bytearray results are Buffers that are the original object again', (t) => {
  const ext = loadExtension<'make_bytes' | 'is_last' | 'bytes_len'>(t.context.multiphase)
  const b = ext.make_bytes(300)
  t.true(Buffer.isBuffer(b))
  if (!Buffer.isBuffer(b)) return
  t.is(b.length, 300)
  t.is(b[0], 0)
  t.is(b[299], 299 & 0xff)
  t.true(isBytes(b))
  t.false(isBytearray(b))
  t.true(ext.is_last(b))
  t.is(ext.bytes_len(b), 300)
  const ba = ext.make_bytes(5, true) as Buffer
  t.true(Buffer.isBuffer(ba))
  t.true(isBytearray(ba))
  t.false(isBytes(ba))
  t.true(ext.is_last(ba))
  const empty = ext.make_bytes(0) as Buffer
  t.true(isBytes(empty))
  t.is(ext.bytes_len(empty), 0)
  // y# refuses other exporters, as in CPython; bytes() makes a real bytes.
  t.throws(() => ext.bytes_len(new Uint8Array(3)), { instanceOf: TypeError })
  const made = bytes(new Uint8Array([1, 2, 3]))
  t.true(isBytes(made))
  t.deepEqual([...made], [1, 2, 3])
  t.is(ext.bytes_len(made), 3)
  t.is(ext.bytes_len(bytes([7, 8])), 2)
  t.true(isBytearray(bytearray(Buffer.from('xyz'))))
  t.false(isBytes(Buffer.from('xyz')))
  t.throws(() => bytes([256]), { instanceOf: RangeError })
})

test('collected Buffers over bytes give their references back, large ones from a background thread', async (t) => {
  const ext = testext(t)
  // Exports of 1 MiB or more are released off the JS thread (their free is
  // an munmap); smaller ones at once. Either way each collected Buffer's
  // reference goes back, and only that.
  const countNow = () => num(ext.refcount(ext.kept() as Buffer))
  for (const size of [300, 2 * 1024 * 1024]) {
    ;(() => ext.keep(bytes(new Uint8Array(size))))()
    await gcUntil(() => false, 5)
    const settled = countNow()
    const held = Array.from({ length: 20 }, () => ext.kept() as Buffer)
    t.is(held[19]!.length, size)
    t.true(countNow() >= settled + 20, `size ${size}: each Buffer holds a reference`)
    held.length = 0
    t.true(await gcUntil(() => countNow() === settled), `size ${size}: refcount ${countNow()}, want ${settled}`)
  }
  ext.drop_kept()
})

test('tuples and lists become arrays, dicts objects or Maps, with their items converted', (t) => {
  const ext = loadExtension<'containers'>(t.context.multiphase)
  const r = ext.containers() as [[number, Buffer], [number, string], Record<string, unknown>, Map<unknown, unknown>]
  t.true(Array.isArray(r))
  t.is(r.length, 4)
  t.is(r[0][0], 1)
  t.true(isBytes(r[0][1]))
  t.deepEqual([...r[0][1]], [0x61, 0x62])
  t.deepEqual(r[1], [2, 'x'])
  t.deepEqual(r[2], { k: 3, big: 18446744073709551615n })
  t.true(r[3] instanceof Map)
  t.deepEqual([...r[3]], [[7, 'seven']])
})

test('a replaced global Map runs no JS while a result converts, and the result is a Map of load time', (t) => {
  const ext = loadExtension<'containers'>(t.context.multiphase)
  const g = globalThis as { Map: MapConstructor }
  const IntrinsicMap = g.Map
  let ran = 0
  g.Map = function () {
    ran++
    return new IntrinsicMap()
  } as unknown as MapConstructor
  let r: ExtensionResult
  try {
    r = ext.containers()
  } finally {
    g.Map = IntrinsicMap
  }
  t.is(ran, 0, 'the replacement never ran')
  const m = (r as ExtensionResult[])[3]
  t.true(m instanceof IntrinsicMap)
  t.deepEqual([...(m as Map<unknown, unknown>)], [[7, 'seven']])
})

test('a sparse array argument is refused at its first hole, at once whatever its length', (t) => {
  const ext = testext(t)
  // eslint-disable-next-line no-sparse-arrays
  t.throws(() => ext.type_name([1, , 3]), {
    instanceOf: TypeError,
    message: /argument 1: the array has a hole at index 1 \(of length 3\); a sparse array cannot be converted/,
  })
  // The longest array JS allows, with one item: the conversion asks about
  // indices 0 and 1 and stops (a pass over every index would take minutes).
  const huge: unknown[] = []
  huge.length = 2 ** 32 - 1
  huge[0] = 1
  const asked: PropertyKey[] = []
  const watched = new Proxy(huge, {
    getOwnPropertyDescriptor(target, key) {
      asked.push(key)
      return Reflect.getOwnPropertyDescriptor(target, key)
    },
  })
  t.throws(() => ext.type_name(watched as number[]), {
    instanceOf: TypeError,
    message: /hole at index 1 \(of length 4294967295\)/,
  })
  t.deepEqual(asked, ['0', '1'])
  // Holes hidden by Array.prototype are still holes.
  ;(Array.prototype as unknown as Record<number, unknown>)[1] = 'polluted'
  try {
    // eslint-disable-next-line no-sparse-arrays
    t.throws(() => ext.type_name([[1, , 3]]), { instanceOf: TypeError, message: /hole at index 1/ })
  } finally {
    delete (Array.prototype as unknown as Record<number, unknown>)[1]
  }
  // A filled array converts; undefined is None.
  t.is(ext.type_name([1, undefined, 3]), 'list')
})

test("a dict's keys become own properties: '__proto__' stays a key, Object.prototype's setters see nothing", (t) => {
  const ext = testext(t)
  const seen: unknown[] = []
  Object.defineProperty(Object.prototype, 'trap', {
    set(v: unknown) {
      seen.push(v)
    },
    configurable: true,
  })
  try {
    const r = ext.dict_of('__proto__', [1, 2], 'trap', 2, 'toString', 3) as Record<string, unknown>
    t.deepEqual(Object.keys(r), ['__proto__', 'trap', 'toString'])
    t.is(Object.getPrototypeOf(r), Object.prototype, "the result's prototype is not replaced")
    t.deepEqual(Object.getOwnPropertyDescriptor(r, '__proto__')?.value, [1, 2])
    t.is((r as { length?: unknown }).length, undefined)
    t.is(Object.getOwnPropertyDescriptor(r, 'trap')?.value, 2)
    t.is(Object.getOwnPropertyDescriptor(r, 'toString')?.value, 3)
    t.deepEqual(seen, [], 'no setter of Object.prototype ran')
    // A number under '__proto__' is kept too (an assignment drops it).
    t.deepEqual(Object.entries(ext.dict_of('__proto__', 5) as object), [['__proto__', 5]])
  } finally {
    delete (Object.prototype as { trap?: unknown }).trap
  }
})

test("an extension's functions and classes are described by their own fields, not polluted prototypes", (t) => {
  const copy = path.join(t.context.dir, 'polluted.so')
  copyFileSync(t.context.testext, copy)
  const proto = Object.prototype as Record<string, unknown>
  const polluted = { doc: 'polluted', textSignature: '(polluted)', exception: 'ValueError', builtinException: 'ValueError' }
  Object.assign(proto, polluted)
  try {
    const ext = loadExtension<'nothing' | 'echo'>(copy, 'testext')
    const fields = ext.nothing as unknown as { doc: unknown; __text_signature__: unknown }
    t.is(fields.doc, null)
    t.is(fields.__text_signature__, null)
    const Buf = (ext as unknown as Record<string, new (...args: unknown[]) => object>).Buf!
    t.false(Buf.prototype instanceof Error, 'a plain type does not become an error class')
  } finally {
    for (const k of Object.keys(polluted)) delete proto[k]
  }
})

test('look-alikes made from the prototypes of Exporter, PyBuffer, tuple(), frozenset() and kwargs() are refused, never passed as None', (t) => {
  const ext = testext(t)
  const fakes: Exporter[] = [Object.create(Exporter.prototype) as Exporter, Object.create(PyBuffer.prototype) as Exporter]
  // A Proxy of a real exporter has none of its private state either.
  fakes.push(new Proxy(exporter(new Uint8Array(4)), {}))
  for (const fake of fakes) {
    t.throws(() => ext.type_name(fake), { instanceOf: TypeError, message: /argument 1: cannot convert/ })
    t.throws(() => getBuffer(fake), { instanceOf: TypeError })
    t.throws(() => copyData(fake, new Uint8Array(4)), { instanceOf: TypeError })
  }
  // tuple(), frozenset() and kwargs() look-alikes carry no items: refused by name too.
  for (const proto of [PyTuple.prototype, PyFrozenSet.prototype, Kwargs.prototype]) {
    const fake = Object.create(proto) as ExtensionArg
    const e = t.throws(() => ext.type_name(fake), { instanceOf: TypeError, message: /argument 1: cannot convert/ })
    t.is((e as Error & { code?: string }).code, 'TypeError')
  }
})

test('arrays become lists, tuple([...]) tuples, and come back as arrays', (t) => {
  const ext = testext(t)
  t.is(ext.type_name([1, 2]), 'list')
  t.is(ext.type_name(tuple([1, 2])), 'tuple')
  t.is(ext.repr([1, 'a', [null, true], tuple([2.5])]), "[1, 'a', [None, True], (2.5,)]")
  t.is(ext.repr(tuple([])), '()')
  t.deepEqual(ext.echo([1, [2, tuple(['x'])]]), [1, [2, ['x']]])
  t.is(ext.repr([bytes([104, 105])]), "[b'hi']")
  t.throws(() => ext.repr([{ a: 1 } as unknown as number]), { instanceOf: TypeError })
})

test("a module's own exception has its __name__ as code and its dotted name as pythonType", (t) => {
  const ext = loadExtension<'raise_own'>(t.context.multiphase)
  const e = t.throws(() => ext.raise_own(), { instanceOf: RangeError, message: 'own error' }) as RangeError & {
    code: string
    pythonType: string
  }
  t.is(e.code, 'MultiError')
  t.is(e.pythonType, 'multiphase.MultiError')
  const ext2 = testext(t)
  const k = t.throws(() => ext2.raise_('RuntimeError', 'k'), { instanceOf: PyError })
  t.is(k?.code, 'RuntimeError')
  t.is(k?.pythonType, 'RuntimeError')
})

test('extension code runs holding the GIL, and may release it around its work', (t) => {
  const ext = loadExtension<'gil_held' | 'sum_released'>(t.context.multiphase)
  t.true(ext.gil_held())
  // Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS inside the call: CPython's
  // fatal error if the caller did not hold the GIL.
  t.is(ext.sum_released(new Uint8Array([1, 2, 3, 250])), 256)
  t.is(ext.sum_released(Buffer.alloc(1 << 20, 1)), 1 << 20)
})

test.serial('workers call a GIL-releasing function at once', async (t) => {
  const run = () =>
    new Promise<{ total: number; held: boolean }>((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'fixtures', 'gil-worker.js'), { workerData: t.context.multiphase })
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  const results = await Promise.all([run(), run(), run()])
  for (const r of results) t.deepEqual(r, { total: 200 * 3 * (1 << 16), held: true })
})

test('load failures name the path and the symbol', (t) => {
  const { dir, badinit, missing, testext: lib } = t.context
  const nofile = path.join(dir, 'nofile.so')
  const e1 = t.throws(() => loadExtension(nofile), { instanceOf: PyError })
  t.is(e1?.code, 'ImportError')
  t.true(e1?.message.includes(nofile), e1?.message)

  const text = path.join(dir, 'text.so')
  writeFileSync(text, 'not a shared library\n')
  const e2 = t.throws(() => loadExtension(text), { instanceOf: PyError, message: /cannot load/ })
  t.is(e2?.code, 'ImportError')
  t.true(e2?.message.includes(text), e2?.message)

  const e3 = t.throws(() => loadExtension(missing, 'missing'), { instanceOf: PyError, message: /undefined symbol: PyRun_SimpleString/ })
  t.is(e3?.code, 'ImportError')
  t.true(e3?.message.includes(missing))

  const e4 = t.throws(() => loadExtension(badinit), {
    instanceOf: PyError,
    message: /does not define the module export function PyInit_badinit/,
  })
  t.is(e4?.code, 'ImportError')
  t.true(e4?.message.includes(badinit))
  t.throws(() => loadExtension(lib, 'pkg.other'), { instanceOf: PyError, message: /PyInit_other/ })

  const renamed = path.join(dir, 'test-ext.so')
  copyFileSync(lib, renamed)
  t.throws(() => loadExtension(renamed), { instanceOf: PyError, message: /cannot derive a module name from the file name "test-ext.so"/ })
  t.is(extensionInfo(loadExtension(renamed, 'testext')).name, 'testext')
  t.throws(() => loadExtension(lib, '9lives'), { instanceOf: RangeError, message: /not a C identifier/ })
  t.throws(() => loadExtension(42 as never), { instanceOf: TypeError })
})

test('a failing PyInit_ gives its error, or the SystemError CPython gives', (t) => {
  const { badinit } = t.context
  const raises = t.throws(() => loadExtension(badinit, 'raises'), { instanceOf: PyError })
  t.is(raises?.code, 'RuntimeError')
  t.is(raises?.message, `loadExtension: PyInit_raises() of ${badinit}: PyInit refused`)
  const cases: [string, RegExp][] = [
    ['silent', /initialization of silent failed without raising an exception/],
    ['notmodule', /initialization of notmodule did not return an extension module \(it returned a 'int' object/],
    ['unreported', /initialization of unreported raised unreported exception \(ValueError: left set\)/],
    ['badflags', /nothing\(\) method: bad call flags/],
  ]
  for (const [name, message] of cases) {
    const e = t.throws(() => loadExtension(badinit, name), { instanceOf: PyError, message }, name)
    t.is(e?.code, 'SystemError')
    t.true(e?.message.includes(`PyInit_${name}() of ${badinit}`))
  }
})

/** Whether the process has `file` mapped (Linux). */
function mapped(file: string): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes(file)
}

test.serial('the library stays loaded while anything made from it is reachable, then unloads', async (t) => {
  if (process.platform !== 'linux') {
    t.pass('needs /proc/self/maps')
    return
  }
  const copy = path.join(t.context.dir, 'unloadme.so')
  copyFileSync(t.context.testext, copy)
  let v: PyBuffer | undefined
  let echo: ((x: string) => ExtensionResult) | undefined
  ;(() => {
    const ext = loadExtension<'new_buffer' | 'echo'>(copy, 'testext')
    v = view(ext.new_buffer(4, 9))
    echo = ext.echo
  })()
  await gcUntil(() => false, 10)
  t.true(mapped(copy))
  t.is(echo?.('still here'), 'still here')
  echo = undefined
  await gcUntil(() => false, 10)
  t.true(mapped(copy), 'a view of C memory keeps the library')
  t.deepEqual(v?.tolist(), [9, 10, 11, 12])
  v?.release()
  v = undefined
  t.true(await gcUntil(() => !mapped(copy)), 'unloaded once nothing refers to it')
})

test('strings cross code unit for code unit, lone surrogates included', (t) => {
  const ext = testext(t)
  for (const s of ['plain', 'é', '\u20ac', '\ud83d\ude00', '\ud800', 'a\udc00b', '\ud83d', '']) {
    t.is(ext.echo(s), s, JSON.stringify(s))
  }
  // What Python holds: one character for a pair, the code point itself for a lone one.
  t.is(ext.repr('\ud800'), "'\\ud800'")
  t.is(ext.repr('\ud83d\ude00'), "'\ud83d\ude00'")
})
