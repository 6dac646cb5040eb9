/**
 * The implementation of `loadExtension()` and `extensionInfo()`, which
 * index.ts declares and exports with their types (declaring them there
 * keeps index.d.ts free of references to this file, whose own declarations
 * import index.ts: a program that sees both index.ts and index.d.ts would
 * hold two incompatible copies of PyBuffer and Exporter).
 *
 * The native side is crates/node/src/extension/; async calls are in
 * extension-async.ts.
 *
 * @packageDocumentation
 */

import { resolve } from 'node:path'
import { types as utilTypes } from 'node:util'

import {
  __internal,
  Exporter,
  exporter,
  type Extension,
  type ExtensionArg,
  type ExtensionConstant,
  type ExtensionFunction,
  type ExtensionInfo,
  type ExtensionResult,
  getBuffer,
  Kwargs,
  PyTuple,
  PyBUF,
  PyBuffer,
  PyObjectHandle,
  type ScijsNdarray,
  type StdlibNdarray,
} from './index'
import { settleAsync } from './extension-async'

// ==========================================================================
// The native side (crates/node/src/extension.rs)
// ==========================================================================

interface NativeFunctionInfo {
  name: string
  doc?: string
  textSignature?: string
  flags: number
  kind: string
}

/** What the native `call` returns: containers hold further results. */
export type NativeResult =
  | ExtensionConstant
  | PyObjectHandle
  | NativeResult[]
  | Map<NativeResult, NativeResult>
  | { [key: string]: NativeResult }

/** A value the native `call` accepts as an argument (arrays become lists; `__pybufferTuple` tuples). */
export type NativeArg =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | PyObjectHandle
  | NativeArg[]
  | { __pybufferTuple: NativeArg[] }

interface NativeExtensionModule {
  readonly name: string
  readonly doc: string | null
  readonly path: string
  readonly refcnt: number
  functions(): NativeFunctionInfo[]
  constants(): Record<string, ExtensionConstant>
  call(
    index: number,
    args: NativeArg[],
    kwnames?: string[] | null,
    kwvalues?: NativeArg[] | null,
  ): NativeResult
  callAsync(
    index: number,
    args: NativeArg[],
    kwnames?: string[] | null,
    kwvalues?: NativeArg[] | null,
  ): Promise<NativeResult>
}

interface NativeExtensionApi {
  extensionLoad?: (path: string, name?: string | null) => NativeExtensionModule
  viewObj(id: number): PyObjectHandle
  extensionBytesKind?: (obj: PyObjectHandle) => 'bytes' | 'bytearray' | null
  extensionBytesBuffer?: (obj: PyObjectHandle) => Buffer
  extensionNewBytes?: (data: Uint8Array, mutable: boolean) => PyObjectHandle
}

function nativeApi(): NativeExtensionApi {
  return __internal.native as unknown as NativeExtensionApi
}

function withCode<E extends Error>(err: E, code: string): E {
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true })
  return err
}

// ==========================================================================
// bytes and bytearray
// ==========================================================================

/**
 * The `bytes` / `bytearray` object behind each Buffer made from one, so that
 * passing the Buffer back to an extension passes that object again. The
 * handle holds the object; the Buffer holds an export of it.
 */
const bytesOrigin = new WeakMap<Uint8Array, { handle: PyObjectHandle; kind: 'bytes' | 'bytearray' }>()

function unsupported(what: string): never {
  throw withCode(new Error(`${what} is not supported on ${process.platform}`), 'ImportError')
}

/** A zero-copy Buffer of a bytes/bytearray handle (taken over), remembering its object. */
function bytesBuffer(handle: PyObjectHandle, kind: 'bytes' | 'bytearray'): Buffer {
  const api = nativeApi()
  if (api.extensionBytesBuffer === undefined) unsupported('bytes')
  let buf: Buffer
  try {
    buf = api.extensionBytesBuffer(handle)
  } catch (e) {
    handle.dispose()
    throw __internal.convert(e)
  }
  bytesOrigin.set(buf, { handle, kind })
  return buf
}

/** `bytes()` / `bytearray()`: see index.ts. */
export function newBytes(data: ArrayBufferView | ArrayBuffer | readonly number[], mutable: boolean): Buffer {
  const name = mutable ? 'bytearray' : 'bytes'
  let u8: Uint8Array
  if (ArrayBuffer.isView(data)) u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  else if (utilTypes.isAnyArrayBuffer(data)) u8 = new Uint8Array(data)
  else if (Array.isArray(data)) {
    for (const v of data) {
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw withCode(new RangeError(`${name}() argument: bytes must be in range(0, 256)`), 'ValueError')
      }
    }
    u8 = Uint8Array.from(data)
  } else {
    throw withCode(
      new TypeError(`${name}() argument: expected a TypedArray, Buffer, DataView, ArrayBuffer or array of bytes`),
      'TypeError',
    )
  }
  const api = nativeApi()
  if (api.extensionNewBytes === undefined) unsupported(name)
  let handle: PyObjectHandle
  try {
    handle = api.extensionNewBytes(u8, mutable)
  } catch (e) {
    throw __internal.convert(e)
  }
  return bytesBuffer(handle, mutable ? 'bytearray' : 'bytes')
}

/** `'bytes'` / `'bytearray'` for a Buffer made from such an object, else null. */
export function bytesKindOf(x: unknown): 'bytes' | 'bytearray' | null {
  return x instanceof Uint8Array ? (bytesOrigin.get(x)?.kind ?? null) : null
}

// ==========================================================================
// Calls
// ==========================================================================

function isNdarray(x: object): x is ScijsNdarray | StdlibNdarray {
  return 'data' in x && 'shape' in x && ('stride' in x || 'strides' in x) && 'offset' in x
}

function describe(x: unknown): string {
  if (typeof x === 'function') return 'a function'
  if (typeof x === 'symbol') return 'a symbol'
  if (Array.isArray(x)) return 'an array'
  const ctor = (x as { constructor?: { name?: unknown } }).constructor
  return typeof ctor?.name === 'string' && ctor.name !== 'Object' ? `a ${ctor.name}` : 'an object'
}

/** The native argument for `arg` (`what` names it in errors); handles made for this call go to `temps`. */
function toNative(arg: ExtensionArg, what: string, temps: PyObjectHandle[]): NativeArg {
  switch (typeof arg) {
    case 'undefined':
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'string':
      return arg
  }
  if (arg === null) return null
  if (Array.isArray(arg)) return arg.map((item: ExtensionArg) => toNative(item, what, temps))
  if (arg instanceof PyTuple) {
    return { __pybufferTuple: arg.items.map((item) => toNative(item, what, temps)) }
  }
  if (arg instanceof Uint8Array) {
    const origin = bytesOrigin.get(arg)
    if (origin !== undefined && !origin.handle.disposed) return origin.handle
  }
  if (arg instanceof Exporter) return arg.handle
  if (arg instanceof PyObjectHandle) return arg
  if (arg instanceof PyBuffer) {
    const id = PyBuffer.idOf(arg)
    let h: PyObjectHandle
    try {
      h = nativeApi().viewObj(id)
    } catch (e) {
      throw __internal.convert(e)
    }
    temps.push(h)
    return h
  }
  if (
    typeof arg === 'object' &&
    (utilTypes.isTypedArray(arg) || utilTypes.isDataView(arg) || utilTypes.isAnyArrayBuffer(arg) || isNdarray(arg))
  ) {
    const h = exporter(arg).handle
    temps.push(h)
    return h
  }
  throw withCode(
    new TypeError(
      `${what}: cannot convert ${describe(arg)} to a Python object ` +
        '(pass null, undefined, a boolean, number, bigint or string, JS memory, an ndarray, ' +
        'an Exporter, a PyBuffer or a PyObjectHandle)',
    ),
    'TypeError',
  )
}

/** A native result as JS: handles in it become Buffers (bytes, bytearray) or PyBuffers. */
export function fromNative(result: NativeResult): ExtensionResult {
  if (result instanceof PyObjectHandle) {
    const kind = nativeApi().extensionBytesKind?.(result) ?? null
    if (kind !== null) return bytesBuffer(result, kind)
    // The view holds the object; once it is released, nothing else does.
    try {
      return getBuffer(result, PyBUF.FULL_RO)
    } finally {
      result.dispose()
    }
  }
  if (Array.isArray(result)) return result.map(fromNative)
  if (result instanceof Map) {
    const out = new Map<ExtensionResult, ExtensionResult>()
    for (const [k, v] of result) out.set(fromNative(k), fromNative(v))
    return out
  }
  if (typeof result === 'object' && result !== null) {
    const out: { [key: string]: ExtensionResult } = {}
    for (const [k, v] of Object.entries(result)) out[k] = fromNative(v)
    return out
  }
  return result
}

/** A call's arguments as the native side takes them. */
export interface NativeCall {
  args: NativeArg[]
  kwnames: string[] | null
  kwvalues: NativeArg[] | null
}

/**
 * Converts the arguments of a call to `qualname` (a last {@link Kwargs}
 * gives keywords); handles made for the call go to `temps`, which the
 * caller disposes once the call is over.
 */
export function prepareCall(qualname: string, given: Array<ExtensionArg | Kwargs>, temps: PyObjectHandle[]): NativeCall {
  const last = given.length > 0 ? given[given.length - 1] : undefined
  const keywords = last instanceof Kwargs ? last : null
  const args = keywords === null ? given : given.slice(0, -1)
  const native = new Array<NativeArg>(args.length)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg instanceof Kwargs) {
      throw withCode(
        new TypeError(`${qualname}() argument ${i + 1}: kwargs(...) must be the last argument`),
        'TypeError',
      )
    }
    native[i] = toNative(arg, `${qualname}() argument ${i + 1}`, temps)
  }
  let kwnames: string[] | null = null
  let kwvalues: NativeArg[] | null = null
  if (keywords !== null) {
    kwnames = keywords.entries.map(([k]) => k)
    kwvalues = keywords.entries.map(([k, v]) => toNative(v, `${qualname}() keyword argument '${k}'`, temps))
  }
  return { args: native, kwnames, kwvalues }
}

function call(
  mod: NativeExtensionModule,
  index: number,
  qualname: string,
  given: Array<ExtensionArg | Kwargs>,
): ExtensionResult {
  const temps: PyObjectHandle[] = []
  try {
    const { args, kwnames, kwvalues } = prepareCall(qualname, given, temps)
    let result: NativeResult
    try {
      result = mod.call(index, args, kwnames, kwvalues)
    } catch (e) {
      throw __internal.convert(e)
    }
    return fromNative(result)
  } finally {
    for (const h of temps) h.dispose()
  }
}

// ==========================================================================
// Loading
// ==========================================================================

const infos = new WeakMap<object, ExtensionInfo>()

/** `loadExtension()`: see index.ts. */
export function loadExtension(path: string, name?: string): Extension {
  if (typeof path !== 'string') throw withCode(new TypeError('loadExtension: path must be a string'), 'TypeError')
  if (name !== undefined && typeof name !== 'string') {
    throw withCode(new TypeError('loadExtension: name must be a string'), 'TypeError')
  }
  const load = nativeApi().extensionLoad
  if (load === undefined) {
    throw withCode(new Error(`loadExtension is not supported on ${process.platform}`), 'ImportError')
  }
  let mod: NativeExtensionModule
  try {
    mod = load(resolve(path), name ?? null)
  } catch (e) {
    throw __internal.convert(e)
  }
  const moduleName = mod.name
  const ext: Record<string, ExtensionFunction> = Object.create(null) as Record<string, ExtensionFunction>
  const functions = mod.functions()
  functions.forEach((info, index) => {
    const qualname = `${moduleName}.${info.name}`
    const fn = function (...args: Array<ExtensionArg | Kwargs>): ExtensionResult {
      return call(mod, index, qualname, args)
    }
    const callAsync = function (...args: Array<ExtensionArg | Kwargs>): Promise<ExtensionResult> {
      return settleAsync(qualname, args, (c) => mod.callAsync(index, c.args, c.kwnames, c.kwvalues))
    }
    Object.defineProperty(callAsync, 'name', { value: `${info.name}.async` })
    const doc = info.doc ?? null
    const sig = info.textSignature ?? null
    Object.defineProperties(fn, {
      name: { value: info.name },
      __name__: { value: info.name },
      __module__: { value: moduleName },
      doc: { value: doc },
      __doc__: { value: doc },
      __text_signature__: { value: sig },
      async: { value: callAsync },
    })
    Object.defineProperty(ext, info.name, { value: fn, enumerable: true })
  })
  // Module constants are read-only properties too (a function of the same
  // name wins, as the later entry of CPython's module dict would).
  const constants = Object.freeze(mod.constants())
  for (const [name, value] of Object.entries(constants)) {
    if (!Object.prototype.hasOwnProperty.call(ext, name)) {
      Object.defineProperty(ext, name, { value, enumerable: true, writable: false })
    }
  }
  Object.freeze(ext)
  infos.set(
    ext,
    Object.freeze({
      name: moduleName,
      doc: mod.doc,
      path: mod.path,
      functions: Object.freeze(functions.map((f) => f.name)),
      constants,
    }),
  )
  return ext
}

/** `extensionInfo()`: see index.ts. */
export function extensionInfo(ext: Extension): ExtensionInfo {
  const info = infos.get(ext)
  if (info === undefined) {
    throw withCode(new TypeError('extensionInfo: not an object returned by loadExtension()'), 'TypeError')
  }
  return info
}
