// cffi from JS: argon2-cffi-bindings' `_ffi`, a cffi out-of-line API-mode
// module, over cffi's own `_cffi_backend` (corpus members of
// scripts/corpus.py, built against pybuffer's headers). `_ffi` holds an
// `ffi` and a `lib` whose types `_cffi_backend` defines: calls hand them
// (and the cdata they make) to either library as themselves, and `lib`
// finds its functions and constants in its own tp_getattro, which JS reads
// through a Proxy. Expected values are libargon2's own src/test.c vectors,
// as the C driver (crates/capi/tests/corpus/argon2_cffi_bindings.c) checks
// them. Skipped, with a log line, when the corpus cannot be fetched.

import anyTest, { type TestFn } from 'ava'
import {
  BufferError,
  bytearray,
  bytes,
  type Extension,
  type ExtensionArg,
  type ExtensionClass,
  type ExtensionFunction,
  type ExtensionMethod,
  type ExtensionObject,
  exporter,
  extensionInfo,
  getBuffer,
  getItem,
  PyError,
  repr,
  setItem,
} from 'pybuffer'

import { buildCorpus, type CorpusBuild, loadCorpus, removeCorpus } from './build-ext.js'

const test = anyTest as TestFn<CorpusBuild>

test.before((t) => {
  // _cffi_backend first: `_ffi` imports it at init (into the same folder).
  t.context = buildCorpus(
    [
      ['cffi', '_cffi_backend'],
      ['argon2-cffi-bindings', '_ffi'],
    ] as const,
    'corpus-cffi',
  )
})

test.after.always((t) => removeCorpus(t.context))

/** A cdata object: a pointer, an array, a struct, a primitive. */
interface CData extends ExtensionObject {
  [field: string]: unknown
}

/** A cdata's ctype. */
type CType = ExtensionObject

interface FFI extends ExtensionObject {
  new: ExtensionMethod<[ctype: string | CType, init?: ExtensionArg], CData>
  sizeof: ExtensionMethod<[ctype: string | CType | CData], number>
  typeof: ExtensionMethod<[ctype: string | CData | ExtensionFunction<never, unknown>], CType>
  cast: ExtensionMethod<[ctype: string | CType, value: ExtensionArg], CData>
  string: ExtensionMethod<[cdata: CData, maxlen?: number], Buffer>
  from_buffer: ExtensionMethod<[ctypeOrData: string | ExtensionArg, data?: ExtensionArg], CData>
  buffer: ExtensionClass<ExtensionObject, [cdata: CData, size?: number]>
  readonly NULL: CData
}

type Int = number
type Bytes = Buffer | CData

interface Lib extends ExtensionObject {
  argon2_hash: ExtensionFunction<
    [Int, Int, Int, Bytes, Int, Bytes, Int, CData, Int, CData | null, Int, Int, Int],
    number
  >
  argon2_verify: ExtensionFunction<[encoded: Bytes, pwd: Bytes, pwdlen: Int, type: Int], number>
  argon2_ctx: ExtensionFunction<[ctx: CData, type: Int], number>
  argon2_encodedlen: ExtensionFunction<[Int, Int, Int, Int, Int, Int], number>
  argon2_error_message: ExtensionFunction<[code: Int], CData>
  readonly Argon2_i: number
  readonly Argon2_id: number
  readonly ARGON2_VERSION_NUMBER: number
  readonly ARGON2_DECODING_FAIL: number
  readonly ARGON2_DEFAULT_FLAGS: number
}

interface Argon2 {
  ffi: FFI
  lib: Lib
}

interface Backend {
  FFI: ExtensionClass<FFI>
  Lib: ExtensionClass<Lib>
  sizeof: ExtensionFunction<[ctype: CType | CData], number>
  new_primitive_type: ExtensionFunction<[name: string], CType>
  newp: ExtensionFunction<[ctype: CType, init?: ExtensionArg], CData>
  cast: ExtensionFunction<[ctype: CType, value: ExtensionArg], CData>
  string: ExtensionFunction<[cdata: CData], Buffer | number>
}

interface Loaded {
  backend: Extension<Backend>
  m: Extension<Argon2>
  ffi: FFI
  lib: Lib
}

function load(t: { context: CorpusBuild; log: (m: string) => void }): Loaded | null {
  const backend = loadCorpus<Backend>(t, '_cffi_backend')
  if (backend === null) return null
  const m = loadCorpus<Argon2>(t, '_ffi')
  if (m === null) return null
  return { backend, m, ffi: m.ffi, lib: m.lib }
}

// src/test.c's hashtest vectors.
const VECTORS: Array<[type: 'Argon2_i' | 'Argon2_id', t: number, logM: number, p: number, hex: string, encoded: string]> = [
  [
    'Argon2_i', 2, 8, 1,
    '89e9029f4637b295beb027056a7336c414fadd43f6b208645281cb214a56452f',
    '$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8',
  ],
  [
    'Argon2_i', 2, 16, 1,
    'c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0',
    '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
  ],
  [
    'Argon2_id', 2, 8, 1,
    '9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe',
    '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4',
  ],
  [
    'Argon2_id', 2, 8, 2,
    '6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037',
    '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc',
  ],
]

const PWD = bytes(Buffer.from('password'))
const SALT = bytes(Buffer.from('somesalt'))

/** The bytes of a cdata array, through `ffi.buffer`. */
function contents(ffi: FFI, cdata: CData): Buffer {
  using b = ffi.buffer(cdata)
  using view = getBuffer(b)
  return view.toContiguous()
}

test('argon2: the libargon2 vectors through lib, raw and encoded, then verified', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  t.true(repr(lib).startsWith('<Lib object for'))
  t.true(repr(ffi).startsWith('<_cffi_backend.FFI object at'))
  t.is(lib.ARGON2_VERSION_NUMBER, 19)
  t.is(lib.argon2_encodedlen(1, 2, 3, 4, 5, lib.Argon2_id), 42)
  const out = ffi.new('uint8_t[]', 32)
  const enc = ffi.new('char[]', 128)
  for (const [type, tCost, logM, p, hex, encoded] of VECTORS) {
    const what = `${type} t=${tCost} m=2**${logM} p=${p}`
    t.is(lib.argon2_hash(tCost, 1 << logM, p, PWD, PWD.length, SALT, SALT.length, out, 32, enc, 128, lib[type], 0x13), 0, what)
    t.is(contents(ffi, out).toString('hex'), hex, what)
    const s = ffi.string(enc)
    t.is(s.toString(), encoded, what)
    t.is(lib.argon2_verify(s, PWD, PWD.length, lib[type]), 0, what)
  }
  // The raw hash alone (encoded = NULL), as argon2-cffi's hash_secret_raw.
  t.is(lib.argon2_hash(2, 256, 1, PWD, 8, SALT, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13), 0)
  t.is(contents(ffi, out).toString('hex'), VECTORS[2][4])
  // src/test.c's error states.
  const i = lib.Argon2_i
  const bad = bytes(Buffer.from('$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$8iIuixkI73Js3G1uMbezQXD0b8LG4SXGsOwoQkdAQIM'))
  t.is(lib.argon2_verify(bad, PWD, 8, i), -35)
  t.is(ffi.string(lib.argon2_error_message(lib.ARGON2_DECODING_FAIL)).toString(), 'Decoding failed')
})

test('argon2: lib functions run async, off the main thread', async (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  const outs = VECTORS.map(() => ffi.new('uint8_t[]', 32))
  const rcs = await Promise.all(
    VECTORS.map(([type, tCost, logM, p], k) =>
      lib.argon2_hash.async(tCost, 1 << logM, p, PWD, 8, SALT, 8, outs[k], 32, ffi.NULL, 0, lib[type], 0x13),
    ),
  )
  t.deepEqual(rcs, [0, 0, 0, 0])
  t.deepEqual(
    outs.map((o) => contents(ffi, o).toString('hex')),
    VECTORS.map((v) => v[4]),
  )
  const hashAsync = lib.argon2_hash.async as unknown as (...a: number[]) => Promise<number>
  await t.throwsAsync(hashAsync(1, 2, 3), {
    instanceOf: TypeError,
    message: 'argon2_hash expected 13 arguments, got 3',
  })
})

test('ffi: new, sizeof, cast, string, buffer and from_buffer from JS', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi } = l
  t.is(ffi.sizeof('int'), 4)
  t.is(ffi.sizeof('uint64_t'), 8)
  t.is(ffi.sizeof('uint8_t[7]'), 7)
  t.true(ffi.sizeof('argon2_context') > 0)

  // An array: indexing, a buffer over it, its size.
  const a = ffi.new('uint8_t[]', 4)
  t.is(ffi.sizeof(a), 4)
  setItem(a, 1, 200)
  t.is(getItem(a, 1), 200)
  t.deepEqual([...contents(ffi, a)], [0, 200, 0, 0])
  // The buffer is writable and shares the array's memory.
  {
    using b = ffi.buffer(a)
    using view = getBuffer(b)
    t.false(view.readonly)
    view.set(9, 3)
  }
  t.is(getItem(a, 3), 9)
  // A class called without `new`, as Python calls a type.
  t.true(ffi.buffer(a) instanceof ffi.buffer)

  // cast and repr.
  t.is(repr(ffi.cast('uint8_t', 257)), "<cdata 'uint8_t' 1>")
  t.is(repr(ffi.cast('int', -1)), "<cdata 'int' -1>")
  t.regex(repr(ffi.NULL), /^<cdata 'void \*' NULL>$/)

  // string: a char array up to its NUL, bytes from JS in.
  const s = ffi.new('char[]', bytes(Buffer.from('hello')))
  t.is(ffi.sizeof(s), 6)
  const hello = ffi.string(s)
  t.true(Buffer.isBuffer(hello))
  t.is(hello.toString(), 'hello')
  t.is(ffi.string(s, 4).toString(), 'hell')
  t.is(ffi.string(ffi.cast('char *', s)).toString(), 'hello')

  // from_buffer: a cdata over a bytearray's memory (no copy), written by C.
  const ba = bytearray(Buffer.from('abcd'))
  const view = ffi.from_buffer('uint8_t[]', ba)
  t.is(ffi.sizeof(view), 4)
  setItem(view, 0, 0x41)
  t.is(ba.toString(), 'Abcd')
  // ...and over JS memory, through its exporter: C writes into the JS array.
  const u8 = new Uint8Array([1, 2, 3, 4])
  const js = ffi.from_buffer('uint8_t[]', u8)
  t.is(getItem(js, 2), 3)
  setItem(js, 0, 99)
  t.is(u8[0], 99)
  const ex = exporter(u8)
  const held = ffi.from_buffer(ex)
  // The cdata holds a view: the exporter cannot close under it.
  t.throws(() => ex.close(), { instanceOf: BufferError, message: 'exporter has 1 exported buffer' })
  t.is(ffi.sizeof(held), 4)
})

test('argon2: password and salt from JS memory through ffi.from_buffer', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  const pwd = ffi.from_buffer(new TextEncoder().encode('password'))
  const salt = ffi.from_buffer(Buffer.from('somesalt'))
  const out = ffi.new('uint8_t[]', 32)
  t.is(lib.argon2_hash(2, 256, 2, pwd, 8, salt, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13), 0)
  t.is(contents(ffi, out).toString('hex'), VECTORS[3][4])
})

test('cdata passed back to C: an argon2_context struct filled from JS', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  const out = ffi.new('uint8_t[]', 32)
  const pwd = ffi.from_buffer('uint8_t[]', bytearray(Buffer.from('password')))
  const salt = ffi.from_buffer('uint8_t[]', bytes(Buffer.from('somesalt')))
  const ctx = ffi.new('argon2_context *')
  // Struct fields are the cdata's dynamic attributes.
  ctx.out = out
  ctx.outlen = 32
  ctx.pwd = pwd
  ctx.pwdlen = 8
  ctx.salt = salt
  ctx.saltlen = 8
  ctx.secret = ffi.NULL
  ctx.ad = ffi.NULL
  ctx.t_cost = 2
  ctx.m_cost = 256
  ctx.lanes = 2
  ctx.threads = 2
  ctx.version = 19
  ctx.flags = lib.ARGON2_DEFAULT_FLAGS
  t.is(ctx.lanes, 2)
  t.is(lib.argon2_ctx(ctx, lib.Argon2_id), 0)
  t.is(contents(ffi, out).toString('hex'), VECTORS[3][4])
  // The pointer field reads back as a cdata pointing at the same memory.
  t.is(repr(ffi.typeof(ctx.out as CData)), "<ctype 'uint8_t *'>")
  // Identity: the same object comes back as the same JS object (cffi
  // caches ctypes).
  t.is(ffi.typeof(out), ffi.typeof(out))
  t.is(ffi.typeof(out), ffi.typeof('uint8_t[]'))
})

test('errors are cffi\'s own, as PyErrors with their codes', async (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  const out = ffi.new('uint8_t[]', 32)
  const args = (pwd: Bytes): Parameters<Lib['argon2_hash']> => [2, 256, 1, pwd, 8, SALT, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13]
  // JS memory is an exporter, which `void *` does not take (nor does
  // CPython's cffi take a bytearray or memoryview there).
  const e = t.throws(() => lib.argon2_hash(...args(Buffer.from('password'))), {
    instanceOf: TypeError,
    message: "initializer for ctype 'void *' must be a cdata pointer, not pybuffer.Exporter",
  })
  t.is((e as PyError).code, 'TypeError')
  t.throws(() => lib.argon2_hash(...args(bytearray(Buffer.from('password')))), {
    instanceOf: TypeError,
    message: "initializer for ctype 'void *' must be a cdata pointer, not bytearray",
  })
  t.throws(() => (lib.argon2_hash as unknown as (...a: unknown[]) => unknown)(2, 256, 1), {
    instanceOf: TypeError,
    message: 'argon2_hash expected 13 arguments, got 3',
  })
  t.throws(() => lib.argon2_hash(2 ** 32, 256, 1, PWD, 8, SALT, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13), {
    instanceOf: RangeError,
    message: "integer 4294967296 does not fit '32-bit unsigned int'",
  })
  t.throws(() => lib.argon2_hash(2.5, 256, 1, PWD, 8, SALT, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13), {
    instanceOf: TypeError,
  })
  // A C error code is a return value, not an exception.
  t.is(lib.argon2_hash(2, 4, 1, PWD, 8, SALT, 8, out, 32, ffi.NULL, 0, lib.Argon2_id, 0x13), -14)
  const neg = t.throws(() => ffi.new('uint8_t[]', -1), { instanceOf: RangeError, message: 'negative array length' })
  t.is((neg as PyError).code, 'ValueError')
  const unknown = t.throws(() => ffi.sizeof('struct nope'), { instanceOf: PyError })
  t.is((unknown as PyError).code, 'error')
  t.is((unknown as PyError).pythonType, 'ffi.error')
  t.regex((unknown as PyError).message, /^undefined struct\/union name/)
  const ctx = ffi.new('argon2_context *')
  t.throws(
    () => {
      ctx.t_cost = 2 ** 32
    },
    { instanceOf: RangeError, message: "integer 4294967296 does not fit 'uint32_t'" },
  )
  // A missing attribute reads as undefined (AttributeError), as JS expects.
  t.is(ctx.nonexistent, undefined)
  t.false('nonexistent' in ctx)
  t.is((lib as unknown as Record<string, unknown>).argon2_nonexistent, undefined)
  // ...so awaiting one is not taken for a thenable.
  t.is(await Promise.resolve(lib), lib)
})

test('lib: functions and constants resolved on access, listed by dir()', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { ffi, lib } = l
  const keys = Object.keys(lib)
  for (const name of ['argon2_hash', 'argon2_verify', 'argon2_ctx', 'Argon2_i', 'Argon2_id', 'ARGON2_VERSION_NUMBER']) {
    t.true(keys.includes(name), name)
    t.true(name in lib, name)
  }
  t.false(keys.some((k) => k.startsWith('__')))
  // A function is the same JS function while lib gives the same object.
  const hash = lib.argon2_hash
  t.is(lib.argon2_hash, hash)
  t.is(typeof hash, 'function')
  t.is(hash.name, 'argon2_hash')
  t.is(hash.__qualname__, 'Lib.argon2_hash')
  // It goes back to C as the function object itself.
  t.is(
    repr(ffi.typeof(hash)),
    "<ctype 'int(*)(uint32_t, uint32_t, uint32_t, void *, size_t, void *, size_t, void *, size_t, char *, size_t, enum Argon2_type, uint32_t)'>",
  )
  t.is(lib.Argon2_id, 2)
  // The class's own members (close, closed) are still the class's.
  t.false(lib.closed)
  // `{...lib}` reads every listed attribute.
  const spread = { ...lib } as Record<string, unknown>
  t.is(spread.ARGON2_VERSION_NUMBER, 19)
  t.is(typeof spread.argon2_verify, 'function')
})

test('objects of another extension round-trip: _cffi_backend\'s types, from _ffi\'s attributes', (t) => {
  const l = load(t)
  if (l === null) return t.pass()
  const { backend, m, ffi, lib } = l
  t.deepEqual(extensionInfo(m).classes, [])
  // _ffi's ffi and lib are instances of the classes _cffi_backend exports.
  t.true(ffi instanceof backend.FFI)
  t.true(lib instanceof backend.Lib)
  t.is(m.ffi, ffi)
  // Made through _ffi's ffi, used by _cffi_backend's module functions, and
  // back.
  const intType = ffi.typeof('int')
  t.is(backend.sizeof(intType), 4)
  t.is(backend.sizeof(ffi.new('int[]', 5)), 20)
  const made = backend.newp(ffi.typeof('int *'), 42)
  t.is(getItem(made, 0), 42)
  t.is(ffi.sizeof(made), ffi.sizeof('void *'))
  t.is(repr(ffi.typeof(made)), "<ctype 'int *'>")
  const c = backend.cast(backend.new_primitive_type('char'), 65)
  t.deepEqual(ffi.string(c), Buffer.from('A'))
  t.deepEqual(backend.string(ffi.cast('char', 66)), Buffer.from('B'))
  // A cdata from one library's call is the same JS object from the other's.
  const p = ffi.new('int *', 7)
  t.is(getItem(backend.cast(ffi.typeof('int *'), p), 0), 7)
})
