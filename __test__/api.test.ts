// The C-API mirrors, error mapping, the addon's exports and the build.

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import test from 'ava'
import {
  __internal,
  BufferError,
  copyData,
  exporter,
  fillContiguousStrides,
  getBuffer,
  PyError,
  sizeFromFormat,
} from 'pybuffer'

const root = path.resolve(__dirname, '..', '..')
const code = (e: unknown): string | undefined => (e as { code?: string }).code

test('fillContiguousStrides', (t) => {
  t.deepEqual(fillContiguousStrides([2, 3, 4], 8, 'C'), [96, 32, 8])
  t.deepEqual(fillContiguousStrides([2, 3, 4], 8), [96, 32, 8])
  t.deepEqual(fillContiguousStrides([2, 3, 4], 8, 'F'), [8, 16, 48])
  t.deepEqual(fillContiguousStrides([2, 3, 4], 8, 'A'), [96, 32, 8])
  t.deepEqual(fillContiguousStrides([], 4), [])
  t.deepEqual(fillContiguousStrides([5, 0, 2], 1), [0, 2, 1])
  const overflow = t.throws(() => fillContiguousStrides([2 ** 40, 2 ** 40], 1), { instanceOf: RangeError })
  t.is(code(overflow), 'OverflowError')
  t.is(code(t.throws(() => fillContiguousStrides([-1], 1), { instanceOf: RangeError })), 'ValueError')
  t.throws(() => fillContiguousStrides([1], 0), { instanceOf: RangeError })
  t.throws(() => fillContiguousStrides([1.5], 1), { instanceOf: TypeError })
  t.throws(() => fillContiguousStrides([1], 1, 'X' as 'C'), { instanceOf: RangeError })
  t.throws(() => fillContiguousStrides(new Array<number>(65).fill(1), 1), { instanceOf: RangeError })
})

test('sizeFromFormat is struct.calcsize', (t) => {
  const sizes: Array<[string, number]> = [
    ['B', 1], ['i', 4], ['d', 8], ['<d', 8], ['bi', 8], ['<bi', 5], ['3s', 3], ['hb', 3], ['', 0], ['2x2h', 6], ['?', 1], ['e', 2],
    ['l', 8], ['<l', 4], ['P', 8], ['n', 8],
  ]
  for (const [format, size] of sizes) t.is(sizeFromFormat(format), size, format)
  for (const bad of ['z', 'i<', '12', '<n', 'i\0']) {
    const err = t.throws(() => sizeFromFormat(bad), { instanceOf: TypeError }, JSON.stringify(bad))
    t.is(code(err), 'struct.error')
  }
  t.throws(() => sizeFromFormat(3 as unknown as string), { instanceOf: TypeError })
  // CPython encodes the format as ASCII first: UnicodeEncodeError, a ValueError.
  const err = t.throws(() => sizeFromFormat('i\u00e9'), { instanceOf: RangeError })
  t.is(code(err), 'UnicodeEncodeError')
  t.is(err?.message, "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)")
})

test('C exceptions map to JS errors carrying the C message and .code', (t) => {
  const raise = (kind: string, name: string, message = 'the C message'): unknown => {
    try {
      __internal.native.testingRaise(kind, name, message)
    } catch (e) {
      return __internal.convert(e)
    }
    return undefined
  }
  const expectations: Array<[string, new (...args: never[]) => Error]> = [
    ['BufferError', BufferError],
    ['TypeError', TypeError],
    ['struct.error', TypeError],
    ['ValueError', RangeError],
    ['IndexError', RangeError],
    ['OverflowError', RangeError],
    ['KeyError', RangeError],
    ['ZeroDivisionError', RangeError],
    ['SystemError', PyError],
    ['MemoryError', PyError],
    ['NotImplementedError', PyError],
    ['RuntimeError', PyError],
  ]
  for (const [kind, Type] of expectations) {
    const err = raise(kind, kind)
    t.true(err instanceof Type, kind)
    t.is((err as Error).message, 'the C message')
    t.is(code(err), kind)
  }
  const own = raise('ValueError', 'mymodule.BadShape', 'custom')
  t.true(own instanceof RangeError)
  t.is(code(own), 'mymodule.BadShape')
  const buf = raise('BufferError', 'mymodule.Locked')
  t.true(buf instanceof BufferError)
  t.true(buf instanceof PyError)
  t.true(buf instanceof Error)
  t.is((buf as BufferError).name, 'BufferError')
  t.is(code(buf), 'mymodule.Locked')
  const plain = new Error('not from C')
  t.is(__internal.convert(plain), plain)
  t.is(new BufferError('x').code, 'BufferError')
  t.is(new PyError('x').code, 'Exception')
})

test('errors from real operations carry codes', (t) => {
  const exp = exporter(new Uint8Array(4), { readonly: true })
  const e1 = t.throws(() => getBuffer(exp, 1))
  t.true(e1 instanceof BufferError)
  t.is(code(e1), 'BufferError')
  using v = getBuffer(new Uint8Array(4))
  t.is(code(t.throws(() => v.get(4))), 'IndexError')
  // A whole number past 2**53 is out of bounds too, as m[2**60] is in
  // Python, on both the argument and the scratch path, for get, set and
  // slices (which clamp, as Python's do).
  for (const i of [2 ** 60, -(2 ** 60), 1e300]) {
    t.is(code(t.throws(() => v.get(i))), 'IndexError', `get(${i})`)
    t.is(code(t.throws(() => v.set(1, i))), 'IndexError', `set(1, ${i})`)
  }
  using v2 = getBuffer(exporter(new Uint8Array(4), { shape: [2, 2] }))
  t.is(code(t.throws(() => v2.get(0, 2 ** 60))), 'IndexError')
  t.is(code(t.throws(() => v.get(1.5))), 'TypeError')
  using s = v.slice([0, 2 ** 60])
  t.deepEqual(s.tolist(), [0, 0, 0, 0])
  using s2 = v.slice([-(2 ** 60), 2, 2 ** 70])
  t.deepEqual(s2.tolist(), [0])
  t.is(code(t.throws(() => v.fromContiguous(new Uint8Array(3)))), 'ValueError')
  t.is(code(t.throws(() => exporter(new Uint8Array(4), { format: '?x?y' }))), 'struct.error')
  t.is(code(t.throws(() => copyData(new Uint8Array(1), new Uint8Array(2)))), 'BufferError')
})

test('the addon exports what index.ts declares, and pybuffer C symbols', (t) => {
  const names = new Set(Object.keys(__internal.native))
  const declared = [
    'PyObjectHandle', 'benchAcquireRelease', 'benchFromContiguous', 'benchToContiguous', 'benchToContiguousFresh',
    'copyData',
    'exporterClose', 'exporterClosed', 'exporterCreate', 'exporterExports', 'fillContiguousStrides', 'nativeInfo',
    'sizeFromFormat', 'testingMemoryview', 'testingMemoryviewOf', 'testingRaise', 'testingReleaseOnThread',
    'viewAcquire', 'viewFromContiguous', 'viewGcReleased', 'viewToContiguousFresh', 'viewTrack',
    'viewGet', 'viewGetPointer', 'viewInfo', 'viewIsContiguous', 'viewIsLive',
    'viewMemory', 'viewObj', 'viewPackNative', 'viewRelease', 'viewSetBigint', 'viewSetBool', 'viewSetBytes',
    'viewSetNumber', 'viewTolist', 'viewToContiguous', 'viewSlice', 'viewPermute', 'viewCast',
  ]
  t.deepEqual(declared.filter((n) => !names.has(n)), [], 'declared in index.ts but missing from the addon')
  t.regex(__internal.native.nativeInfo(), /pybuffer-node/)
  const addon = readdirSync(root).find((f) => /^pybuffer\..*\.node$/.test(f))
  t.truthy(addon)
  const nm = spawnSync('nm', ['-D', '--defined-only', path.join(root, addon!)], { encoding: 'utf8' })
  if (nm.error) {
    t.log('nm not found: symbol check skipped')
    return
  }
  for (const sym of ['PyObject_GetBuffer', 'PyBuffer_Release', 'PyBuffer_ToContiguous', 'PyMemoryView_FromObject', 'PyExc_BufferError', 'PyType_FromSpec', 'Py_DecRef']) {
    t.regex(nm.stdout, new RegExp(`\\s[TDBR] ${sym}$`, 'm'), sym)
  }
})

test('a C memoryview of an exporter keeps it exported', (t) => {
  const src = Uint8Array.from([1, 2, 3])
  const exp = exporter(src)
  const mv = __internal.native.testingMemoryviewOf(exp.handle)
  t.is(exp.exports, 1, 'the memoryview holds one export')
  t.is(mv.typeName, 'memoryview')
  using v = getBuffer(mv)
  t.deepEqual(v.tolist(), [1, 2, 3])
  t.throws(() => exp.close(), { instanceOf: BufferError })
  v.release()
  mv.dispose()
  mv.dispose()
  t.true(mv.disposed)
  t.is(mv.refcnt, 0)
  t.is(mv.typeName, '')
  t.throws(() => getBuffer(mv), { instanceOf: BufferError, message: /disposed/ })
  t.is(exp.exports, 0)
  exp.close()
})

test('index.js, extension.js, extension-async.js and their .d.ts are up to date with their .ts', (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'pybuffer-tsc-'))
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', out], {
      cwd: root,
    })
    for (const f of ['index.js', 'index.d.ts', 'extension.js', 'extension.d.ts', 'extension-async.js', 'extension-async.d.ts']) {
      t.is(readFileSync(path.join(out, f), 'utf8'), readFileSync(path.join(root, f), 'utf8'), `${f} is stale: run npm run build:ts`)
    }
    t.notRegex(readFileSync(path.join(root, 'index.d.ts'), 'utf8'), /\bany\b(?![ -]\w)/, 'no any in the public types')
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
