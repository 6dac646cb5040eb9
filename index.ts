/**
 * pybuffer: CPython's buffer protocol (PEP 3118) in Node.js.
 *
 * JS memory (any TypedArray, Buffer, DataView, ArrayBuffer or
 * SharedArrayBuffer, or a scijs / @stdlib ndarray) is exported as a PyObject
 * with any strided layout, without copying, by {@link exporter}. Views of
 * it, or of any PyObject C code hands to JS, are acquired with
 * {@link getBuffer} — `PyObject_GetBuffer` with CPython's flag rules — and
 * read, written, packed and unpacked through {@link PyBuffer}.
 *
 * Errors: a C-level exception becomes a JS error carrying the C message and
 * `.code`, the Python exception's name. `BufferError` is {@link BufferError};
 * `TypeError` and `struct.error` are `TypeError`; `ValueError`,
 * `IndexError` and `OverflowError` (and the other lookup and arithmetic
 * errors) are `RangeError`; anything else (`SystemError`, `MemoryError`,
 * `NotImplementedError`, a C extension's own type) is {@link PyError}.
 *
 * Detached memory: JS memory stays allocated while a view exists, but an
 * ArrayBuffer can still be transferred away (postMessage, structuredClone).
 * Every JS-level access through a view of a JS exporter, and every
 * extension call given one, checks first and throws BufferError once its
 * ArrayBuffer was detached. Do not transfer an ArrayBuffer while C holds a
 * raw `Py_buffer` of it: what C then sees is unspecified. An exporter
 * belongs to the thread (main or worker) that made it. The README's
 * Guarantees section has the details.
 *
 * @packageDocumentation
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { types as utilTypes } from 'node:util'
import { getHeapStatistics } from 'node:v8'

// ==========================================================================
// The native addon
// ==========================================================================

/** What the addon's `PyObjectHandle` class instances look like. */
interface NativeHandle {
  readonly slot: number
  readonly typeName: string
  readonly refcnt: number
  readonly disposed: boolean
  dispose(): void
}

/** A view's fields; sizes exact, as bigints (see {@link safeNumber}). */
interface NativeViewInfo {
  len: bigint
  itemsize: bigint
  readonly: boolean
  ndim: number
  format?: string
  shape?: bigint[]
  strides?: bigint[]
  suboffsets?: bigint[]
  objType: string
}

/**
 * JS memory as the addon takes it: what N-API can read through internal
 * slots (a SharedArrayBuffer travels as a Uint8Array over all of it).
 */
type NativeBytes = ArrayBufferView | ArrayBuffer

/** The addon's exports, as `crates/node/src` defines them. */
interface Native {
  PyObjectHandle: abstract new () => NativeHandle
  sourceInfo(source: NativeBytes, out: Float64Array): ArrayBuffer | SharedArrayBuffer
  exporterCreate(
    bytes: Uint8Array,
    format: string,
    itemsize?: number,
    shape?: number[],
    strides?: number[],
    offset?: number,
    readonly?: boolean,
  ): NativeHandle
  exporterExports(obj: NativeHandle): number
  exporterClose(obj: NativeHandle): void
  exporterClosed(obj: NativeHandle): boolean
  viewAcquire(slot: number, flags: number): number
  viewTrack(id: number, target: object): void
  viewGcReleased(): number
  viewRelease(id: number): boolean
  viewIsLive(id: number): boolean
  viewInfo(id: number): NativeViewInfo
  viewObj(id: number): NativeHandle
  viewIsContiguous(id: number, order: string): boolean
  viewGetPointer(id: number, indices: number[]): number
  viewToContiguous(id: number, order: string | number, out: NativeBytes): void
  viewToContiguousFresh(id: number, order: string | number, out: NativeBytes): void
  viewFromContiguous(id: number, src: NativeBytes, order: string | number): void
  viewPackNative(id: number, out: NativeBytes): void
  viewMemory(id: number): { bytes: Uint8Array; offset: number } | null
  viewTolist(id: number, maxItems: number, scratch?: Uint8Array): unknown
  viewTypedArrayKind(id: number): { kind: TypedArrayName; nativeOrder: boolean }
  viewGet(id: number, indices: number[] | Float64Array): unknown
  viewGetAt(id: number, ...indices: number[]): unknown
  viewSetNumberAt(id: number, value: number, ...indices: number[]): void
  viewSetNumber(id: number, indices: number[] | Float64Array, value: number): void
  viewSetBigint(id: number, indices: number[] | Float64Array, value: bigint): void
  viewSetBool(id: number, indices: number[] | Float64Array, value: boolean): void
  viewSetBytes(id: number, indices: number[] | Float64Array, value: NativeBytes): void
  viewSlice(id: number, bounds: Array<number | null>): number
  viewPermute(id: number, axes: number[]): number
  viewCast(id: number, format: string, shape?: number[]): number
  copyData(dest: NativeHandle, src: NativeHandle): void
  fillContiguousStrides(shape: number[], itemsize: number, order: string): number[]
  sizeFromFormat(format: string): number
  nativeInfo(): string
  benchToContiguous(id: number, order: string, iterations: number, check: NativeBytes): number
  benchToContiguousFresh(id: number, order: string, iterations: number, keep: boolean, prefault?: boolean): number
  benchFromContiguous(id: number, order: string, iterations: number, src: NativeBytes): number
  benchAcquireRelease(obj: NativeHandle, flags: number, iterations: number): number
  testingReleaseOnThread(id: number): boolean
  testingMemoryview(data: Uint8Array, readonly: boolean): NativeHandle
  testingMemoryviewOf(obj: NativeHandle): NativeHandle
  testingRaise(kind: string, typeName: string, message: string): void
}

// Where the addon comes from, in the order tried (the napi-rs package
// template's rule): pybuffer.<platform>.node next to this file, built from
// source (`npm install` in a checkout, or an install that found no
// prebuilt binary); then the prebuilt platform package pybuffer-<platform>,
// one of this package's optionalDependencies. crates/node/build-addon.mjs
// names the binaries with the same rule; keep the two in step.

/** Whether this Linux process runs on musl rather than glibc. */
function isMusl(): boolean {
  // ldd is a script naming its libc on glibc and musl alike; reading it is
  // much cheaper than a diagnostic report.
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd (a minimal container): ask the runtime which libc it linked.
  }
  // excludeNetwork is Node 20.13+, newer than the @types/node this builds with.
  const report = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined
  if (typeof report?.getReport !== 'function') return false
  const excludeNetwork = report.excludeNetwork
  report.excludeNetwork = true // the network section costs DNS lookups
  try {
    const r = report.getReport() as { header?: { glibcVersionRuntime?: string }; sharedObjects?: string[] }
    if (r.header?.glibcVersionRuntime) return false
    return (r.sharedObjects ?? []).some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))
  } finally {
    report.excludeNetwork = excludeNetwork
  }
}

/** The platform name `napi build --platform` gives the binary, e.g. linux-x64-gnu. */
function platformSuffix(): string {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function loadNative(): Native {
  const suffix = platformSuffix()
  const pkg = `pybuffer-${suffix}`
  const failures: string[] = []
  for (const candidate of [join(__dirname, `pybuffer.${suffix}.node`), pkg]) {
    try {
      return require(candidate) as Native
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      if (err.code !== 'MODULE_NOT_FOUND') {
        failures.push(`  ${candidate} failed to load: ${String(err.message).split('\n')[0]}`)
      }
    }
  }
  throw new Error(missingAddonMessage(suffix, pkg, failures))
}

/** What to do when no addon loads, for the consumer who installed pybuffer. */
function missingAddonMessage(suffix: string, pkg: string, failures: string[]): string {
  const own = require('./package.json') as { version: string; optionalDependencies?: Record<string, string> }
  const fromSource =
    'build it from source (needs cargo and a C compiler; https://rustup.rs): ' +
    '`npm rebuild pybuffer`, with PYBUFFER_BUILD_FROM_SOURCE=1 set if the prebuilt addon is installed but does not load'
  const lines = [`pybuffer: the native addon for ${suffix} could not be loaded.`, ...failures]
  if (own.optionalDependencies?.[pkg] !== undefined) {
    lines.push(
      `Install the prebuilt addon, the optional dependency ${pkg}: \`npm install ${pkg}@${own.version}\``,
      '(npm leaves optional dependencies out with --omit=optional, or when package-lock.json was written on another platform);',
      `or ${fromSource}.`,
    )
  } else {
    lines.push(`pybuffer ${own.version} has no prebuilt addon for ${suffix}: ${fromSource}.`)
  }
  return lines.join('\n')
}

const native: Native = loadNative()

// The calls made per view or per item, read off the addon's exports once:
// a property load from that object costs more than a small call does.
const {
  viewAcquire,
  viewRelease,
  viewToContiguous,
  viewToContiguousFresh,
  viewFromContiguous,
  viewGet,
  viewGetAt,
  viewSetNumber,
  viewSetNumberAt,
  viewSetBigint,
  viewSetBool,
  viewSetBytes,
} = native

// ==========================================================================
// Errors
// ==========================================================================

/**
 * A Python exception with no closer JS equivalent (`SystemError`,
 * `MemoryError`, `NotImplementedError`, or a C extension's own type).
 * `code` is the Python exception's name.
 */
export class PyError extends Error {
  /** The Python exception's name, e.g. `"BufferError"` or `"SystemError"`. */
  readonly code: string

  /** The dotted name Python prints for the exception's type (`"_block.LZ4BlockError"`, `"ValueError"`). */
  declare readonly pythonType: string

  constructor(message: string, code = 'Exception') {
    super(message)
    this.code = code
    this.name = new.target.name
    Object.defineProperty(this, 'pythonType', { value: code, enumerable: false, writable: true, configurable: true })
  }
}

/** CPython's `BufferError`: a buffer request or operation was refused. */
export class BufferError extends PyError {
  constructor(message: string, code = 'BufferError') {
    super(message, code)
  }
}

/** A `TypeError` or `RangeError` made from a Python exception. */
export interface PyErrorInfo {
  /** The Python exception's name, e.g. `"ValueError"` or `"struct.error"`. */
  readonly code: string
}

const RANGE_KINDS = new Set([
  'ValueError',
  'IndexError',
  'OverflowError',
  'LookupError',
  'KeyError',
  'ArithmeticError',
  'ZeroDivisionError',
  'UnicodeError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
])

/** The JS class a Python exception of the built-in `kind` becomes. */
function errorClassFor(kind: string): new (message: string) => Error {
  if (kind === 'BufferError') return BufferError
  if (kind === 'TypeError' || kind === 'struct.error') return TypeError
  if (RANGE_KINDS.has(kind)) return RangeError
  return PyError
}

function makeError(kind: string, code: string, message: string, pythonType: string = code, typeKeys = ''): Error {
  // A module's own exception class (extension.ts), else the built-in's.
  const own = typeKeys === '' ? undefined : extensionErrorClass(typeKeys)
  let err: Error
  if (own !== undefined) {
    err = new own(message)
  } else if (kind === 'BufferError') {
    err = new BufferError(message, code)
  } else if (kind === 'TypeError' || kind === 'struct.error') {
    err = new TypeError(message)
  } else if (RANGE_KINDS.has(kind)) {
    err = new RangeError(message)
  } else {
    err = new PyError(message, code)
  }
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true })
  // The dotted name Python prints (`_block.LZ4BlockError`, `ValueError`).
  Object.defineProperty(err, 'pythonType', { value: pythonType, enumerable: false, writable: true, configurable: true })
  return err
}

/** Turns an error thrown by the addon into the JS error it stands for. */
function convert(e: unknown): unknown {
  if (e instanceof Error && e.message.charCodeAt(0) === 1) {
    // \1kind\1code\1pythonType\1typeKeys\1message (crates/node/src/errors.rs)
    const parts = e.message.split('\u0001')
    const code = parts[2] ?? 'Exception'
    return makeError(parts[1] ?? 'Exception', code, parts.slice(5).join('\u0001'), parts[3] ?? code, parts[4] ?? '')
  }
  return e
}

function rangeError(message: string, code = 'ValueError'): RangeError {
  return makeError('ValueError', code, message) as RangeError
}

function typeError(message: string, code = 'TypeError'): TypeError {
  return makeError('TypeError', code, message) as TypeError
}

// ==========================================================================
// Flags and types
// ==========================================================================

/** The `PyBUF_*` request flags, with CPython's values. */
export const PyBUF = Object.freeze({
  // Literal values (the composition in comments), so that TypeScript knows
  // each one: getBuffer types a view's format for the FORMAT requests.
  SIMPLE: 0,
  WRITABLE: 0x0001,
  WRITEABLE: 0x0001,
  FORMAT: 0x0004,
  ND: 0x0008,
  STRIDES: 0x0018, // 0x0010 | ND
  C_CONTIGUOUS: 0x0038, // 0x0020 | STRIDES
  F_CONTIGUOUS: 0x0058, // 0x0040 | STRIDES
  ANY_CONTIGUOUS: 0x0098, // 0x0080 | STRIDES
  INDIRECT: 0x0118, // 0x0100 | STRIDES
  CONTIG: 0x0009, // ND | WRITABLE
  CONTIG_RO: 0x0008, // ND
  STRIDED: 0x0019, // STRIDES | WRITABLE
  STRIDED_RO: 0x0018, // STRIDES
  RECORDS: 0x001d, // STRIDES | WRITABLE | FORMAT
  RECORDS_RO: 0x001c, // STRIDES | FORMAT
  FULL: 0x011d, // INDIRECT | WRITABLE | FORMAT
  FULL_RO: 0x011c, // INDIRECT | FORMAT
  READ: 0x100,
  WRITE: 0x200,
} as const)

/** Memory order: row-major `'C'`, column-major `'F'`, or `'A'` for either. */
export type Order = 'C' | 'F' | 'A'

/** Every TypedArray kind. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array

/** JS memory: a TypedArray (a Buffer is one), a DataView, or an ArrayBuffer. */
export type BinarySource = TypedArray | DataView | ArrayBuffer | SharedArrayBuffer

/** A scijs `ndarray` (strides and offset in elements). */
export interface ScijsNdarray {
  readonly data: TypedArray
  readonly shape: readonly number[]
  readonly stride: readonly number[]
  readonly offset: number
}

/** An `@stdlib/ndarray` array (strides and offset in elements). */
export interface StdlibNdarray {
  readonly data: TypedArray
  readonly shape: readonly number[]
  readonly strides: readonly number[]
  readonly offset: number
  readonly dtype: string
}

/** Anything {@link exporter} accepts. */
export type ExporterSource = BinarySource | ScijsNdarray | StdlibNdarray

/**
 * How an exporter presents its source: any strided view of its bytes.
 * Every field is validated against the source before use.
 */
export interface Layout {
  /** `struct` format of one item; defaults to the source's kind (`'B'` for bytes). */
  readonly format?: string
  /**
   * Bytes per item; must equal `sizeFromFormat(format)` when given. Giving
   * it also says that a format whose item size differs from a TypedArray
   * source's element size is meant (see {@link Layout.reinterpret}).
   */
  readonly itemsize?: number
  /** Items per dimension (at most 64 dimensions); defaults to all items in 1-D. */
  readonly shape?: readonly number[]
  /**
   * Step per dimension, negative or zero allowed, in bytes (or in items
   * with `unit: 'items'`); defaults to C-contiguous.
   */
  readonly strides?: readonly number[]
  /**
   * Offset of the first item within the source, in bytes (or in items with
   * `unit: 'items'`); defaults to 0.
   */
  readonly offset?: number
  /**
   * The unit of `strides` and `offset`: `'bytes'` (the default, as in
   * CPython's `Py_buffer`) or `'items'`, multiples of the item size
   * (`sizeFromFormat(format)`), as ndarrays count them: a Float32 image's
   * row stride is its width rather than `width * 4`. Converted to bytes
   * exactly, then validated as byte layouts are.
   */
  readonly unit?: 'bytes' | 'items'
  /**
   * Reinterpret a TypedArray's bytes with a format whose item size differs
   * from its element size (`exporter(f32, { format: 'd' })`). Without it
   * (or an explicit `itemsize`) that is a TypeError naming both sizes, as
   * it is rarely meant. Byte sources (Uint8Array, Int8Array,
   * Uint8ClampedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer)
   * are untyped memory and take any format.
   */
  readonly reinterpret?: boolean
  /** Refuse writable requests; defaults to false. */
  readonly readonly?: boolean
}

/** An owned reference to a PyObject, as C code hands one to JS. */
export interface PyObjectHandle {
  /** A number naming this handle while it is alive, used by the addon's fast path. */
  readonly slot: number
  /** The object's type name, e.g. `"pybuffer.Exporter"` or `"memoryview"`. */
  readonly typeName: string
  /** The object's reference count (0 once disposed). */
  readonly refcnt: number
  /** Whether {@link PyObjectHandle.dispose} has run. */
  readonly disposed: boolean
  /** Drops the reference now rather than at garbage collection. */
  dispose(): void
}

/** The class of {@link PyObjectHandle} values, for `instanceof`. */
export const PyObjectHandle: abstract new () => PyObjectHandle = native.PyObjectHandle

/** Anything {@link getBuffer} accepts. */
export type BufferLike = Exporter<string> | PyObjectHandle | ExporterSource | ExtensionObject

/** One value read from an item. */
export type Scalar = number | bigint | boolean | Buffer

/** An item: one value, or an array of values for formats with several. */
export type Item = Scalar | Scalar[]

/** What {@link PyBuffer.tolist} returns: items nested `ndim` deep. */
export type NestedList = Item | NestedList[]

/**
 * One dimension's slice for {@link PyBuffer.slice}: `[start, stop, step]`
 * as Python's `start:stop:step`, each omitted or null for Python's `None`.
 */
export type SliceSpec = readonly [start?: number | null, stop?: number | null, step?: number | null]

/** A value {@link PyBuffer.set} accepts. */
export type SettableValue = number | bigint | boolean | Uint8Array

// ==========================================================================
// Formats at the type level
// ==========================================================================
//
// A view's format, when TypeScript knows it (a literal type such as 'd' or
// '<i'), types what toTypedArray() and get() return. Every such type falls
// back to the untyped one (TypedArray, Item) for a format that is only
// known to be a string. The runtime rules are the addon's; these types
// restate them and __test__/types.test.ts checks that they keep inferring.

/** A `struct` byte-order prefix: native `'@'` (or none), or standard `'='`, `'<'`, `'>'`, `'!'`. */
type StandardPrefix = '=' | '<' | '>' | '!'

/** The TypedArray of one format character, in native (`@`) or standard sizes. */
type TypedArrayOfChar<C extends string, Native extends boolean> = C extends 'b'
  ? Int8Array
  : C extends 'B' | '?' | 'c'
    ? Uint8Array
    : C extends 'h'
      ? Int16Array
      : C extends 'H'
        ? Uint16Array
        : C extends 'i'
          ? Int32Array
          : C extends 'I'
            ? Uint32Array
            : C extends 'f'
              ? Float32Array
              : C extends 'd'
                ? Float64Array
                : C extends 'q'
                  ? BigInt64Array
                  : C extends 'Q'
                    ? BigUint64Array
                    : C extends 'n'
                      ? Native extends true ? BigInt64Array : never
                      : C extends 'N' | 'P'
                        ? Native extends true ? BigUint64Array : never
                        : C extends 'l'
                          ? Native extends true ? NativeLongArray : Int32Array
                          : C extends 'L'
                            ? Native extends true ? NativeULongArray : Uint32Array
                            : TypedArray

/** `long` is 8 bytes on 64-bit Linux and macOS, 4 on Windows. */
type NativeLongArray = BigInt64Array | Int32Array
/** `unsigned long`: as {@link NativeLongArray}. */
type NativeULongArray = BigUint64Array | Uint32Array

/**
 * The TypedArray {@link PyBuffer.toTypedArray} returns for format `F`:
 * `Float64Array` for `'d'`, `BigInt64Array` for `'q'` or `'<q'`, … and
 * {@link TypedArray} when `F` is not a literal type (or is a format
 * toTypedArray refuses at run time, such as `'2i'`).
 */
export type TypedArrayFor<F extends string> = F extends `${StandardPrefix}${infer C}`
  ? TypedArrayOfChar<C, false>
  : F extends `@${infer C}`
    ? TypedArrayOfChar<C, true>
    : TypedArrayOfChar<F, true>

/** The value one format character reads as (see {@link PyBuffer.tolist}). */
type ScalarOfChar<C extends string, Native extends boolean> = C extends 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'f' | 'd' | 'e'
  ? number
  : C extends 'q' | 'Q' | 'n' | 'N' | 'P'
    ? bigint
    : C extends 'l' | 'L'
      ? Native extends true ? bigint | number : number
      : C extends '?'
        ? boolean
        : C extends 'c' | 's' | 'p' | `${number}s` | `${number}p`
          ? Buffer
          : Item

/**
 * The item {@link PyBuffer.get} returns for format `F`: number, bigint
 * (8-byte integers), boolean (`'?'`), Buffer (`'c'`, `'s'`, `'p'`), or
 * {@link Item} for a format of several values or one not known statically.
 */
export type ItemFor<F extends string> = F extends `${StandardPrefix}${infer C}`
  ? ScalarOfChar<C, false>
  : F extends `@${infer C}`
    ? ScalarOfChar<C, true>
    : ScalarOfChar<F, true>

/** The format of a JS source's elements, as {@link exporter} gives it. */
export type SourceFormat<S> = S extends Int8Array
  ? 'b'
  : S extends Uint8Array | Uint8ClampedArray
    ? 'B'
    : S extends Int16Array
      ? 'h'
      : S extends Uint16Array
        ? 'H'
        : S extends Int32Array
          ? 'i'
          : S extends Uint32Array
            ? 'I'
            : S extends Float32Array
              ? 'f'
              : S extends Float64Array
                ? 'd'
                : S extends BigInt64Array
                  ? 'q'
                  : S extends BigUint64Array
                    ? 'Q'
                    : S extends DataView | ArrayBuffer | SharedArrayBuffer
                      ? 'B'
                      : S extends { readonly data: infer D }
                        ? SourceFormat<D>
                        : string

/** The format an exporter of `S` with layout `L` has: `L.format` when given, else the source's. */
export type LayoutFormat<S, L> = L extends { readonly format: infer F extends string }
  ? F
  : 'format' extends keyof L
    ? string
    : SourceFormat<S>

/** The format of what {@link getBuffer} is given, when known. */
export type FormatOf<T> = [T] extends [never]
  ? string
  : T extends Exporter<infer F>
    ? F
    : T extends PyObjectHandle
      ? string
      : SourceFormat<T>

/**
 * The `PyBUF` requests that include `PyBUF.FORMAT`, so that a view's
 * format is its exporter's: `FORMAT`, `RECORDS`, `RECORDS_RO`, `FULL`,
 * `FULL_RO`. Other requests type the view's format as `string`.
 */
export type FormatRequest =
  | typeof PyBUF.FORMAT
  | typeof PyBUF.RECORDS
  | typeof PyBUF.RECORDS_RO
  | typeof PyBUF.FULL
  | typeof PyBUF.FULL_RO

// ==========================================================================
// Sources
// ==========================================================================

// What exporter() reads of JS memory it reads through internal slots, in
// the addon (crates/node/src/bytes.rs) or through these getters, taken from
// the prototypes when pybuffer loads: a subclass or an own property (a
// `byteLength` getter, `Symbol.toStringTag`, `resizable`) cannot change it.
const resizableGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get
const growableGetter = Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'growable')?.get

/** Whether an ArrayBuffer is resizable or a SharedArrayBuffer growable, by its internal slots. */
function isResizable(buffer: ArrayBufferLike): boolean {
  const getter = utilTypes.isSharedArrayBuffer(buffer) ? growableGetter : resizableGetter
  return getter !== undefined && Reflect.apply(getter, buffer, []) === true
}

/**
 * The bytes of a TypedArray, DataView, ArrayBuffer or SharedArrayBuffer as
 * a Uint8Array over exactly them, made from internal slots, and their
 * element format and size. TypeError for other values and for detached or
 * resizable memory.
 */
function sourceOf(src: BinarySource, what: string): { bytes: Uint8Array; format: string; elementSize: number } {
  let value: NativeBytes
  if (utilTypes.isSharedArrayBuffer(src)) {
    // N-API cannot read a SharedArrayBuffer; a Uint8Array over it, it can.
    if (isResizable(src as SharedArrayBuffer)) {
      throw typeError(`${what}: resizable ArrayBuffers and growable SharedArrayBuffers cannot be exported`)
    }
    value = new Uint8Array(src as SharedArrayBuffer)
  } else if (utilTypes.isTypedArray(src) || utilTypes.isDataView(src) || utilTypes.isArrayBuffer(src)) {
    value = src as NativeBytes
  } else {
    throw typeError(`${what} must be a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or ndarray`)
  }
  let buffer: ArrayBuffer | SharedArrayBuffer
  try {
    buffer = native.sourceInfo(value, sourceFields)
  } catch (e) {
    throw convert(e)
  }
  if (isResizable(buffer)) {
    throw typeError(`${what}: resizable ArrayBuffers and growable SharedArrayBuffers cannot be exported`)
  }
  const [type, elementSize, byteOffset, byteLength] = sourceFields as unknown as [number, number, number, number]
  return { bytes: new Uint8Array(buffer, byteOffset, byteLength), format: ELEMENT_FORMATS[type] ?? 'B', elementSize }
}

/** What `sourceInfo` writes: element type, element size, byte offset, byte length. */
const sourceFields = new Float64Array(4)

/** The `struct` format of each N-API TypedArray type, by its number. */
const ELEMENT_FORMATS: readonly string[] = ['b', 'B', 'B', 'h', 'H', 'i', 'I', 'f', 'd', 'q', 'Q']

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null
}

function isScijs(x: unknown): x is ScijsNdarray {
  return isObject(x) && 'data' in x && 'shape' in x && 'stride' in x && 'offset' in x
}

function isStdlib(x: unknown): x is StdlibNdarray {
  return isObject(x) && 'data' in x && 'shape' in x && 'strides' in x && 'offset' in x && 'dtype' in x
}

/**
 * `value` as a layout integer. A whole number past 2**53 - 1 is a
 * RangeError that says so: it is an integer, just not one a layout can hold
 * exactly.
 */
function checkInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw typeError(`${what} must be an integer, got ${typeof value === 'number' ? value : typeof value}`)
  }
  if (!Number.isSafeInteger(value)) {
    throw rangeError(`${what} is ${value}, beyond Number.MAX_SAFE_INTEGER (2**53 - 1) in magnitude`, 'OverflowError')
  }
  return value
}

/**
 * An item index for the addon. A whole number past 2**53 - 1 is out of
 * bounds for every view (none holds 2**53 items), so it is clamped there and
 * the addon reports the bound, as Python reports `m[2**60]`.
 */
function indexArg(v: unknown, i: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw typeError(`index ${i} must be an integer, got ${typeof v === 'number' ? v : typeof v}`)
  }
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v))
}

function checkIntArray(value: unknown, what: string): number[] {
  if (!Array.isArray(value) && !utilTypes.isTypedArray(value)) {
    throw typeError(`${what} must be an array of integers`)
  }
  const arr = value as ArrayLike<unknown>
  const out = new Array<number>(arr.length)
  for (let i = 0; i < arr.length; i++) {
    // A hole is not an integer, whatever Array.prototype holds at its index.
    const v = Object.prototype.hasOwnProperty.call(arr, i) ? arr[i] : undefined
    out[i] = checkInt(v, `${what}[${i}]`)
  }
  return out
}

/** A layout in bytes from an ndarray's element strides and offset. */
function ndarrayLayout(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  elementSize: number,
  what: string,
): Layout {
  const sh = checkIntArray(shape, `${what}.shape`)
  const st = checkIntArray(strides, `${what}.strides`)
  const off = checkInt(offset, `${what}.offset`)
  return { shape: sh, strides: st.map((s) => s * elementSize), offset: off * elementSize }
}

/** `struct.calcsize(format)`, or null for a format that is not valid. */
function formatSizeOrNull(format: string): number | null {
  try {
    return native.sizeFromFormat(format)
  } catch {
    return null
  }
}

/** A count of `itemsize`-byte items in bytes, exactly, or RangeError (`OverflowError`). */
function itemsToBytes(count: number, itemsize: number, what: string): number {
  const bytes = count * itemsize
  if (!Number.isSafeInteger(bytes)) {
    throw rangeError(
      `${what} is ${count} items of ${itemsize} bytes, beyond Number.MAX_SAFE_INTEGER (2**53 - 1) bytes`,
      'OverflowError',
    )
  }
  return bytes
}

function createHandle(source: ExporterSource, layout: Layout | undefined): { handle: NativeHandle; format: string } {
  if (layout !== undefined && !isObject(layout)) {
    throw typeError('layout must be an object')
  }
  // The source's memory is read (again) by the addon after every getter of
  // the layout has run: one that detaches it is reported as such.
  let src: ReturnType<typeof sourceOf>
  let fromNd: Layout | undefined
  if (utilTypes.isTypedArray(source) || utilTypes.isDataView(source) || utilTypes.isAnyArrayBuffer(source)) {
    src = sourceOf(source as BinarySource, 'source')
  } else if (isStdlib(source) || isScijs(source)) {
    const data: unknown = source.data
    if (!utilTypes.isTypedArray(data)) {
      throw typeError('source.data must be a TypedArray (generic and complex ndarrays cannot be exported)')
    }
    src = sourceOf(data as TypedArray, 'source.data')
    const strides = isStdlib(source) ? source.strides : (source as ScijsNdarray).stride
    fromNd = ndarrayLayout(source.shape, strides, source.offset, src.elementSize, 'source')
  } else {
    throw typeError('source must be a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or ndarray')
  }
  // Own properties only, onto an object without a prototype: a property
  // someone added to Object.prototype (`offset`, `shape`, `readonly`) is
  // not part of every layout.
  // Each getter of `layout` runs once, here.
  const given = Object.setPrototypeOf({ ...layout }, null) as Layout
  const l: Layout = Object.setPrototypeOf({ ...fromNd, ...given }, null) as Layout
  if (l.format !== undefined && typeof l.format !== 'string') throw typeError('layout.format must be a string')
  if (l.readonly !== undefined && typeof l.readonly !== 'boolean') throw typeError('layout.readonly must be a boolean')
  if (l.reinterpret !== undefined && typeof l.reinterpret !== 'boolean') {
    throw typeError('layout.reinterpret must be a boolean')
  }
  if (l.unit !== undefined && l.unit !== 'bytes' && l.unit !== 'items') {
    throw typeError(`layout.unit must be 'bytes' or 'items', got ${String(l.unit)}`)
  }
  const itemsize = l.itemsize === undefined ? undefined : checkInt(l.itemsize, 'layout.itemsize')
  const shape = l.shape === undefined ? undefined : checkIntArray(l.shape, 'layout.shape')
  let strides = l.strides === undefined ? undefined : checkIntArray(l.strides, 'layout.strides')
  let offset = l.offset === undefined ? undefined : checkInt(l.offset, 'layout.offset')
  if (shape === undefined && strides !== undefined) {
    throw typeError('layout.strides needs layout.shape')
  }
  const format = l.format ?? src.format
  // A format that is not valid is left to exporterCreate, which names it.
  const formatSize = formatSizeOrNull(format)
  if (
    l.format !== undefined &&
    src.elementSize > 1 &&
    formatSize !== null &&
    formatSize !== src.elementSize &&
    itemsize === undefined &&
    l.reinterpret !== true
  ) {
    throw typeError(
      `layout.format ${JSON.stringify(format)} has ${formatSize}-byte items but the source's elements are ` +
        `${src.elementSize} bytes: pass reinterpret: true (or itemsize: ${formatSize}) to reinterpret its bytes`,
    )
  }
  if (l.unit === 'items' && formatSize !== null) {
    // An ndarray's own strides and offset are bytes already (ndarrayLayout).
    if (strides !== undefined && given.strides !== undefined) {
      strides = strides.map((s, i) => itemsToBytes(s, formatSize, `layout.strides[${i}]`))
    }
    if (offset !== undefined && given.offset !== undefined) {
      offset = itemsToBytes(offset, formatSize, 'layout.offset')
    }
  }
  try {
    return { handle: native.exporterCreate(src.bytes, format, itemsize, shape, strides, offset, l.readonly), format }
  } catch (e) {
    throw convert(e)
  }
}

// ==========================================================================
// Exporter
// ==========================================================================

const TOKEN: unique symbol = Symbol('pybuffer.internal')

/**
 * A PyObject that exports JS memory through the buffer protocol, made by
 * {@link exporter}. It aliases the memory (no copy) and keeps it alive
 * while any view of it exists.
 */
export class Exporter<F extends string = string> implements Disposable {
  /** The PyObject, for C code and {@link getBuffer}. */
  readonly handle: PyObjectHandle
  /** The JS memory (or ndarray) the exporter was made from. */
  readonly source: ExporterSource
  /** The item format it exports (`layout.format`, or the source's). */
  readonly format: F
  readonly #slot: number

  /** Not for use: call {@link exporter}. */
  constructor(token: typeof TOKEN, handle: PyObjectHandle, source: ExporterSource, format: F) {
    if (token !== TOKEN) throw new TypeError('use exporter() to make an Exporter')
    this.handle = handle
    this.source = source
    this.format = format
    this.#slot = (handle as NativeHandle).slot
  }

  /** @internal The handle's slot, for the addon's hot path. */
  static slotOf(e: Exporter): number {
    return e.#slot
  }

  /**
   * @internal Whether `x` is an Exporter made by {@link exporter}: by its
   * private field, so an object made from `Exporter.prototype` (whose
   * `instanceof` holds but which has no handle) or a Proxy is not one.
   */
  static is(x: unknown): x is Exporter {
    return typeof x === 'object' && x !== null && #slot in x
  }

  /** The number of views of this exporter that are not yet released. */
  get exports(): number {
    try {
      return native.exporterExports(this.handle as NativeHandle)
    } catch (e) {
      throw convert(e)
    }
  }

  /** Whether {@link Exporter.close} has run. */
  get closed(): boolean {
    try {
      return native.exporterClosed(this.handle as NativeHandle)
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * Stops exporting and lets go of the JS memory. Throws BufferError while
   * views exist, as `memoryview.release()` does; later {@link getBuffer}
   * calls throw RangeError (`ValueError`). Closing twice does nothing.
   */
  close(): void {
    try {
      native.exporterClose(this.handle as NativeHandle)
    } catch (e) {
      throw convert(e)
    }
  }

  /** {@link Exporter.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close()
  }
}

/**
 * Exports JS memory as a PyObject with the given layout, without copying.
 *
 * A TypedArray's format comes from its kind (Int8 `'b'`, Uint8 and
 * Uint8Clamped `'B'`, Int16 `'h'`, Uint16 `'H'`, Int32 `'i'`, Uint32 `'I'`,
 * Float32 `'f'`, Float64 `'d'`, BigInt64 `'q'`, BigUint64 `'Q'`); a
 * DataView, ArrayBuffer or SharedArrayBuffer is bytes, `'B'`. An ndarray
 * brings its shape, strides and offset. `layout` overrides any of them; it
 * is validated first (every addressable item inside the source, with
 * overflow-checked arithmetic; at most 64 dimensions; no negative shape or
 * itemsize; a valid format whose size is the itemsize), and a RangeError or
 * TypeError names the offending field. Resizable and detached buffers are
 * refused.
 */
export function exporter<const S extends ExporterSource, const L extends Layout = Record<never, never>>(
  source: S,
  layout?: L,
): Exporter<LayoutFormat<S, L>> {
  const { handle, format } = createHandle(source, layout)
  return new Exporter(TOKEN, handle, source, format as LayoutFormat<S, L>)
}

// ==========================================================================
// Views
// ==========================================================================

/** What {@link setDebugLeaks} reports for a view released by the garbage collector. */
export interface LeakReport {
  /** The stack where the view was acquired. */
  readonly stack: string
  /** The view's exporter type and flags, or the instance's Python type. */
  readonly description: string
  /** What leaked: a view (`'view'`, when absent) or an extension class instance (`'instance'`). */
  readonly kind?: 'view' | 'instance'
}

interface LeakHeld {
  readonly id: number
  readonly stack: string
  readonly description: string
  readonly report: LeakReporter
}

type LeakReporter = (report: LeakReport) => void

function defaultLeakReporter(report: LeakReport): void {
  if (report.kind === 'instance') {
    process.emitWarning(
      `an extension object (${report.description}) was released by garbage collection, not by close(); ` +
        `it was made at:\n${report.stack}`,
      { type: 'PyBufferLeakWarning' },
    )
    return
  }
  process.emitWarning(
    `a PyBuffer (${report.description}) was released by garbage collection, not by release(); ` +
      `it was acquired at:\n${report.stack}`,
    { type: 'PyBufferLeakWarning' },
  )
}

const envLeaks = process.env.PYBUFFER_DEBUG_LEAKS
let leakReporter: LeakReporter | null =
  envLeaks !== undefined && envLeaks !== '' && envLeaks !== '0' && envLeaks !== 'false' ? defaultLeakReporter : null

/**
 * Reports views that were never released and were released by garbage
 * collection instead, with the stack where each was acquired. `true` prints
 * a `PyBufferLeakWarning` through `process.emitWarning`; a function receives
 * each report; `false` turns reporting off. Setting the environment variable
 * `PYBUFFER_DEBUG_LEAKS=1` turns it on at startup. Only views acquired while
 * reporting is on are reported, to the reporter in effect when they were
 * acquired (capturing the stack costs a few µs per view).
 */
export function setDebugLeaks(option: boolean | ((report: LeakReport) => void)): void {
  leakReporter = option === true ? defaultLeakReporter : option === false ? null : option
}

let gcReleased = 0

/**
 * How many views the garbage collector has released so far (in this thread).
 *
 * @internal For pybuffer's own tests; not in the published typings.
 */
export function gcReleasedCount(): number {
  return gcReleased + native.viewGcReleased()
}

/** Whether any view was ever registered with the registry below. */
let leakTracking = false

/** Views acquired while leak reports are on (see {@link track}). */
const registry = new FinalizationRegistry<LeakHeld>((held) => {
  if (viewRelease(held.id)) {
    gcReleased++
    held.report({ stack: held.stack, description: held.description })
  }
})

function checkOrder(order: unknown): Order {
  if (order !== 'C' && order !== 'F' && order !== 'A') {
    throw rangeError(`order must be 'C', 'F' or 'A', got ${String(order)}`)
  }
  return order
}

/**
 * An order as the addon's hot paths take it: its character code (a number
 * costs less to pass than a string).
 */
function orderCode(order: unknown): number {
  return checkOrder(order).charCodeAt(0)
}

/**
 * Item indices as the addon's `get` and `set` read them: `[count, i0, i1,
 * …]` in one Float64Array that every call reuses, so that a call makes no
 * array and the addon reads them with one N-API call.
 */
const indexScratch = new Float64Array(1 + 64)

/**
 * The most indices `get` and `set` pass to the addon as arguments of their
 * own (`viewGetAt`, `viewSetNumberAt`), one N-API call apiece: reading
 * `indexScratch` costs more, since the addon must ask for its data.
 */
const MAX_ARG_INDICES = 4

/**
 * Whether `indices` can go as arguments: at most {@link MAX_ARG_INDICES},
 * each a safe integer (anything else takes {@link loadIndices}, which
 * reports it).
 */
function argIndices(indices: readonly unknown[]): boolean {
  const n = indices.length
  if (n > MAX_ARG_INDICES) return false
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(indices[i])) return false
  }
  return true
}

/** Checks the indices as {@link checkIndices} does and loads them into `indexScratch`. */
function loadIndices(indices: readonly unknown[]): Float64Array {
  const n = indices.length
  for (let i = 0; i < n; i++) {
    const v = indexArg(indices[i], i)
    // More than 64 is an error for any view; the addon reports the count.
    if (i < 64) indexScratch[i + 1] = v
  }
  indexScratch[0] = n
  return indexScratch
}

function checkIndices(indices: readonly unknown[]): number[] {
  const out = new Array<number>(indices.length)
  for (let i = 0; i < indices.length; i++) {
    out[i] = indexArg(indices[i], i)
  }
  return out
}

/** JS memory as the addon reads it (through internal slots), or TypeError. */
function nativeBytes(src: unknown, what: string): NativeBytes {
  if (utilTypes.isTypedArray(src) || utilTypes.isDataView(src) || utilTypes.isArrayBuffer(src)) return src as NativeBytes
  if (utilTypes.isSharedArrayBuffer(src)) return new Uint8Array(src as SharedArrayBuffer)
  throw typeError(`${what} must be a TypedArray, Buffer, DataView, ArrayBuffer or SharedArrayBuffer`)
}

type TypedArrayCtor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray
  readonly BYTES_PER_ELEMENT: number
}

/** The name of a TypedArray kind. */
type TypedArrayName =
  | 'Int8Array'
  | 'Uint8Array'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array'

const TYPED_ARRAYS: Readonly<Record<TypedArrayName, TypedArrayCtor>> = {
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
}

/** The scratch `tolist()` packs small views into, reused: its items are copied out at once. */
let listScratchBytes: Uint8Array | null = null
const LIST_SCRATCH_MAX = 1 << 20
/** The largest view `tolist()` packs for JS to nest: larger ones build their arrays in the addon. */
const LIST_PACK_MAX = 1 << 28

/** A scratch of at least `len` bytes, 8-byte aligned (an ArrayBuffer's start). */
function listScratch(len: number): Uint8Array {
  if (len > LIST_SCRATCH_MAX) return new Uint8Array(len)
  if (listScratchBytes === null || listScratchBytes.length < len) {
    listScratchBytes = new Uint8Array(Math.max(len, 4096))
  }
  return listScratchBytes
}

/** The items of `flat` (C order) as arrays nested `shape.length` deep, as `tolist()` gives them. */
function nestItems(flat: TypedArray, shape: readonly number[]): NestedList[] {
  const last = shape.length - 1
  let at = 0
  const build = (dim: number): NestedList[] => {
    const n = shape[dim]!
    const out: NestedList[] = []
    if (dim === last) {
      for (let i = 0; i < n; i++) out.push(flat[at + i]!)
      at += n
    } else {
      for (let i = 0; i < n; i++) out.push(build(dim + 1))
    }
    return out
  }
  return build(0)
}

/**
 * A size or offset as a JS number: exact, or a RangeError (`OverflowError`)
 * naming it when it is beyond ±(2**53 - 1), which a double cannot hold
 * exactly. pybuffer never rounds such a value.
 */
function safeNumber(value: bigint, what: string): number {
  if (value > MAX_SAFE) {
    throw rangeError(`${what} is ${value}, above Number.MAX_SAFE_INTEGER (2**53 - 1): a JS number cannot hold it exactly`, 'OverflowError')
  }
  if (value < -MAX_SAFE) {
    throw rangeError(`${what} is ${value}, below Number.MIN_SAFE_INTEGER (-(2**53 - 1)): a JS number cannot hold it exactly`, 'OverflowError')
  }
  return Number(value)
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

function safeNumbers(values: bigint[] | undefined, what: string): readonly number[] | null {
  return values === undefined ? null : Object.freeze(values.map((v, i) => safeNumber(v, `${what}[${i}]`)))
}

let maxListItems: number | undefined

/**
 * The most items {@link PyBuffer.tolist} attempts: what the JS heap could
 * hold at 8 bytes an element, at most.
 */
function listLimit(): number {
  maxListItems ??= Math.floor(getHeapStatistics().heap_size_limit / 8)
  return maxListItems
}

/**
 * A view's fields as the addon gives them, with the ones it leaves out
 * (NULL in C) as own `undefined`s rather than missing: a property of
 * Object.prototype (`format`, `shape`) must not stand in for a NULL field.
 */
function ownFields(info: NativeViewInfo): NativeViewInfo {
  const own = <K extends keyof NativeViewInfo>(k: K): NativeViewInfo[K] | undefined =>
    Object.prototype.hasOwnProperty.call(info, k) ? info[k] : undefined
  return {
    len: info.len,
    itemsize: info.itemsize,
    readonly: info.readonly,
    ndim: info.ndim,
    format: own('format'),
    shape: own('shape'),
    strides: own('strides'),
    suboffsets: own('suboffsets'),
    objType: info.objType,
  }
}

/** What a view's getters read: its fields from the addon, and their checked forms. */
interface ViewMeta {
  readonly info: NativeViewInfo
  len?: number
  shape?: readonly number[] | null
  strides?: readonly number[] | null
  suboffsets?: readonly number[] | null
  /** How `get()` and `set()` reach items in JS; null where they call the addon. */
  reader?: ItemReader | null
}

/**
 * `get()` and `set()` of a view of JS memory (an {@link exporter}'s) whose
 * items are single numbers or bools, done in JS through a DataView: a call
 * into the addon cost about 150 ns, the access itself a few. Any index
 * that is not a whole number in range, a value the format refuses, and a
 * detached source go to the addon, which raises the error; so does every
 * other view.
 */
interface ItemReader {
  /** The exporter's memory: length 0 once its ArrayBuffer is detached. */
  readonly bytes: Uint8Array
  readonly data: DataView
  /** The byte offset of the view's first item (`buf`) in `bytes`. */
  readonly base: number
  readonly shape: readonly number[]
  readonly strides: readonly number[]
  readonly read: (data: DataView, at: number) => Item
  /**
   * Stores a number as the addon's `set()` would, returning false, having
   * stored nothing, for one it would refuse (the addon then raises); null
   * for a read-only view and for formats whose numbers it converts
   * otherwise (8-byte integers, bools).
   */
  readonly write: ((data: DataView, at: number, x: number) => boolean) | null
}

/**
 * The byte offset in `r.bytes` of the item at `indices`, or -1 when they
 * are not one whole number in range per dimension or the memory is
 * detached (the addon raises those errors).
 */
function itemOffset(r: ItemReader, indices: readonly number[]): number {
  if (indices.length !== r.shape.length || r.bytes.length === 0) return -1
  let at = r.base
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!
    if (!(Number.isInteger(i) && i >= 0 && i < r.shape[k]!)) return -1
    at += i * r.strides[k]!
  }
  return at
}

/** The range of each integer code up to 4 bytes, by size and signedness. */
function intRange(size: number, signed: boolean): [number, number] {
  const bits = size * 8
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1]
}

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
/** `sizeof(long)`: 4 on 64-bit Windows (LLP64), 8 elsewhere (LP64). */
const NATIVE_LONG = process.platform === 'win32' ? 4 : 8

/**
 * The code, size and byte order of `format` when it is one integer, float
 * or bool (an optional byte-order prefix, no count) of `itemsize` bytes,
 * as the addon parses it; null otherwise, or when the sizes disagree (the
 * addon raises that error).
 */
function itemCode(format: string, itemsize: number): { code: string; size: number; little: boolean } | null {
  const m = /^([@=<>!]?)([bBhHiIlLqQnNPfd?])$/.exec(format)
  if (m === null) return null
  const [, prefix, code] = m as unknown as [string, string, string]
  const native = prefix === '' || prefix === '@'
  const little = prefix === '<' || (prefix !== '>' && prefix !== '!' && HOST_LITTLE)
  let size: number
  switch (code) {
    case 'l':
    case 'L':
      size = native ? NATIVE_LONG : 4
      break
    case 'n':
    case 'N':
    case 'P':
      if (!native) return null
      size = 8
      break
    default:
      size = { b: 1, B: 1, '?': 1, h: 2, H: 2, i: 4, I: 4, q: 8, Q: 8, f: 4, d: 8 }[code] ?? 0
  }
  return size === itemsize ? { code, size, little } : null
}

/** How `set()` stores a number into an item of `format` in JS (see {@link ItemReader.write}). */
function itemWriter(format: string, itemsize: number): ItemReader['write'] {
  const item = itemCode(format, itemsize)
  if (item === null) return null
  const { code, size, little } = item
  switch (code) {
    case 'd':
      return (d, at, x) => {
        d.setFloat64(at, x, little)
        return true
      }
    case 'f':
      return (d, at, x) => {
        // Rounded as C's (float) cast rounds; a finite value that
        // overflows is the addon's OverflowError, as in struct.pack.
        const y = Math.fround(x)
        if (Number.isFinite(x) && !Number.isFinite(y)) return false
        d.setFloat32(at, y, little)
        return true
      }
    case '?':
    case 'q':
    case 'Q':
    case 'n':
    case 'N':
    case 'P':
      return null
    default: {
      if (size > 4) return null // a native long: a bigint's range
      const [lo, hi] = intRange(size, /[bhil]/.test(code))
      const store =
        size === 1
          ? (d: DataView, at: number, x: number) => d.setUint8(at, x & 0xff)
          : size === 2
            ? (d: DataView, at: number, x: number) => d.setUint16(at, x & 0xffff, little)
            : (d: DataView, at: number, x: number) => d.setUint32(at, x >>> 0, little)
      return (d, at, x) => {
        if (!Number.isInteger(x) || x < lo || x > hi) return false
        store(d, at, x)
        return true
      }
    }
  }
}

/**
 * How to read one item of `format` (a single integer, float or bool, with
 * an optional byte-order prefix) of `itemsize` bytes, as the addon's
 * `get()` reads it; null for any other format, or a size that does not
 * match (the addon raises that error).
 */
function itemReader(format: string, itemsize: number): ((data: DataView, at: number) => Item) | null {
  const item = itemCode(format, itemsize)
  if (item === null) return null
  const { code, size, little } = item
  switch (code) {
    case 'b':
      return (d, at) => d.getInt8(at)
    case 'B':
      return (d, at) => d.getUint8(at)
    case '?':
      return (d, at) => d.getUint8(at) !== 0
    case 'h':
      return (d, at) => d.getInt16(at, little)
    case 'H':
      return (d, at) => d.getUint16(at, little)
    case 'f':
      return (d, at) => d.getFloat32(at, little)
    case 'd':
      return (d, at) => d.getFloat64(at, little)
    case 'q':
    case 'n':
      return (d, at) => d.getBigInt64(at, little)
    case 'Q':
    case 'N':
    case 'P':
      return (d, at) => d.getBigUint64(at, little)
    default: {
      // i I l L: 4 bytes, or the 8 of a native long (a bigint, as `q`).
      const signed = code === 'i' || code === 'l'
      if (size === 8) return signed ? (d, at) => d.getBigInt64(at, little) : (d, at) => d.getBigUint64(at, little)
      return signed ? (d, at) => d.getInt32(at, little) : (d, at) => d.getUint32(at, little)
    }
  }
}

/**
 * An acquired view (`Py_buffer`) of a PyObject, made by {@link getBuffer}.
 *
 * Release it with {@link PyBuffer.release} or a `using` declaration; a view
 * that becomes unreachable unreleased is released after garbage collection
 * (see {@link setDebugLeaks}). Every property but
 * `released`, and every method but `release()`, throws BufferError on a
 * released view.
 */
export class PyBuffer<F extends string = string> implements Disposable {
  #id: number
  #obj: BufferLike
  /** The fields, read once when first asked for (one slot, for a small object). */
  #meta: ViewMeta | undefined

  /** Not for use: call {@link getBuffer}. */
  constructor(token: typeof TOKEN, id: number, obj: BufferLike) {
    if (token !== TOKEN) throw new TypeError('use getBuffer() to acquire a PyBuffer')
    this.#id = id
    this.#obj = obj
  }

  /** @internal The native handle of a view (0 once released); see {@link __internal}. */
  static idOf(view: PyBuffer): number {
    return view.#id
  }

  /** @internal Whether `x` is a PyBuffer made by pybuffer (by its private field, see {@link Exporter.is}). */
  static isView(x: unknown): x is PyBuffer {
    return typeof x === 'object' && x !== null && #id in x
  }

  /** @internal Gives a view made by {@link getBuffer} its native handle. */
  static attach(view: PyBuffer, id: number): void {
    view.#id = id
  }

  #live(): number {
    const id = this.#id
    if (id === 0) throw new BufferError('operation forbidden on released buffer')
    return id
  }

  #metaOf(): ViewMeta {
    if (this.#meta === undefined) {
      try {
        const info = ownFields(native.viewInfo(this.#live()))
        // Every field own from the start: a getter never finds a value
        // someone added to Object.prototype (`len`, `shape`, `reader`).
        this.#meta = { info, len: undefined, shape: undefined, strides: undefined, suboffsets: undefined, reader: undefined }
      } catch (e) {
        throw convert(e)
      }
    }
    this.#live()
    return this.#meta
  }

  #fields(): NativeViewInfo {
    return this.#metaOf().info
  }

  /** Finds, once, how `get()` reads this view's items in JS (see {@link ItemReader}). */
  #itemReader(): ItemReader | null {
    const m = this.#metaOf()
    m.reader = null
    const itemsize = this.itemsize
    const format = this.format ?? (itemsize === 1 ? 'B' : '')
    const read = itemReader(format, itemsize)
    const shape = this.shape ?? (this.ndim === 0 ? [] : null)
    const strides = this.strides ?? (this.ndim === 0 ? [] : null)
    if (read === null || shape === null || strides === null || this.suboffsets !== null) return null
    let mem: { bytes: Uint8Array; offset: number } | null
    try {
      mem = native.viewMemory(this.#live())
    } catch {
      return null
    }
    if (mem === null) return null
    const { bytes, offset } = mem
    const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const write = this.readonly ? null : itemWriter(format, itemsize)
    m.reader = { bytes, data, base: offset, shape, strides, read, write }
    return m.reader
  }

  /** Whether the view was released. */
  get released(): boolean {
    return this.#id === 0
  }

  /** The exporting object: what {@link getBuffer} was given. */
  get obj(): BufferLike {
    this.#live()
    return this.#obj
  }

  /**
   * `product(shape) * itemsize`: the bytes of the logical structure. Like
   * every size here, exact: RangeError (`OverflowError`) above 2**53 - 1.
   */
  get len(): number {
    const m = this.#metaOf()
    m.len ??= safeNumber(m.info.len, 'view.len')
    return m.len
  }

  /** Bytes per item. */
  get itemsize(): number {
    return safeNumber(this.#fields().itemsize, 'view.itemsize')
  }

  /** Whether the memory must not be written. */
  get readonly(): boolean {
    return this.#fields().readonly
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.#fields().ndim
  }

  /**
   * The item format, or null when the flags left out `PyBUF.FORMAT`
   * (meaning `'B'`). Typed as the exporter's format when TypeScript knows
   * it (see {@link getBuffer}).
   */
  get format(): F | null {
    return (this.#fields().format ?? null) as F | null
  }

  /** Items per dimension, or null when the flags left out `PyBUF.ND`. */
  get shape(): readonly number[] | null {
    const m = this.#metaOf()
    if (m.shape === undefined) m.shape = safeNumbers(m.info.shape, 'view.shape')
    return m.shape
  }

  /** Byte step per dimension, or null when the flags left out `PyBUF.STRIDES`. */
  get strides(): readonly number[] | null {
    const m = this.#metaOf()
    if (m.strides === undefined) m.strides = safeNumbers(m.info.strides, 'view.strides')
    return m.strides
  }

  /** PIL-style suboffsets, or null for direct memory. */
  get suboffsets(): readonly number[] | null {
    const m = this.#metaOf()
    if (m.suboffsets === undefined) m.suboffsets = safeNumbers(m.info.suboffsets, 'view.suboffsets')
    return m.suboffsets
  }

  /** `PyBuffer_IsContiguous(view, order)`. */
  isContiguous(order: Order = 'C'): boolean {
    const id = this.#live()
    try {
      return native.viewIsContiguous(id, checkOrder(order))
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * `PyBuffer_GetPointer(view, indices)` as a byte offset: from the start of
   * the exporter's memory for an {@link Exporter} of JS memory (the first
   * byte of its source), from the view's first item for other exporters.
   * Each index is checked against the shape (RangeError, `IndexError`).
   */
  getPointer(indices: readonly number[]): number {
    const id = this.#live()
    try {
      return native.viewGetPointer(id, checkIndices(indices))
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * `PyBuffer_ToContiguous`: the items packed in `order` into a new Buffer
   * of `len` bytes, or into `out` (exactly `len` bytes) when given. A new
   * Buffer owns its ArrayBuffer (it is not a slice of Node's pool), so
   * `new Float64Array(buf.buffer)` views exactly the packed items.
   */
  toContiguous(order?: Order): Buffer
  toContiguous<T extends Uint8Array>(order: Order, out: T): T
  toContiguous(order: Order = 'C', out?: Uint8Array): Buffer | Uint8Array {
    const id = this.#live()
    const o = orderCode(order)
    try {
      if (out === undefined) {
        // Uninitialised memory of its own (not a slice of the pool), which
        // the copy fills: faster than napi_create_buffer in Node 20.
        const fresh = Buffer.allocUnsafeSlow(this.len)
        viewToContiguousFresh(id, o, fresh)
        return fresh
      }
      viewToContiguous(id, o, ArrayBuffer.isView(out) ? out : nativeBytes(out, 'out'))
    } catch (e) {
      throw convert(e)
    }
    return out
  }

  /**
   * `PyBuffer_FromContiguous`: writes the items from `src`, packed in
   * `order`. Throws BufferError on a read-only view and RangeError when
   * `src` is not exactly `len` bytes.
   */
  fromContiguous(src: BinarySource, order: Order = 'C'): void {
    const id = this.#live()
    const o = orderCode(order)
    try {
      viewFromContiguous(id, ArrayBuffer.isView(src) ? src : nativeBytes(src, 'src'), o)
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * The items as nested arrays, as `memoryview.tolist()` gives them for the
   * `struct` formats: numbers; bigints for 8-byte integers (`q`, `Q`, `n`,
   * `N`, `P`, and native `l`, `L`); booleans for `?`; Buffers for `c`, `s`
   * and `p`. An item of several values (`'2i'`, `'hd'`) is an array.
   */
  tolist(): NestedList {
    const id = this.#live()
    try {
      const shape = this.shape
      if (shape !== null && shape.length > 0) {
        // Items the addon can pack for JS to nest (see `nestItems`).
        const len = this.len
        const limit = listLimit()
        let items = 1
        for (const n of shape) items *= n
        // Too many items (or too large a view) is the addon's error to raise.
        if (items <= limit && len <= LIST_PACK_MAX && items * this.itemsize === len) {
          const scratch = listScratch(len)
          const kind = native.viewTolist(id, limit, scratch)
          if (typeof kind !== 'string') return kind as NestedList
          const ctor = TYPED_ARRAYS[kind as TypedArrayName]
          return nestItems(new ctor(scratch.buffer, 0, items), shape)
        }
      }
      return native.viewTolist(id, listLimit()) as NestedList
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * The item at `indices` (one per dimension, none for ndim 0), read as
   * {@link PyBuffer.tolist} reads items; typed by the format when
   * TypeScript knows it ({@link ItemFor}: a number for `'d'`, a bigint for
   * `'q'`, …).
   */
  get(...indices: number[]): ItemFor<F> {
    const id = this.#live()
    const meta = this.#meta
    const r = meta?.reader === undefined ? this.#itemReader() : meta.reader
    if (r !== null) {
      const at = itemOffset(r, indices)
      if (at >= 0) return r.read(r.data, at) as ItemFor<F>
    }
    try {
      if (argIndices(indices)) {
        const [a, b, c, d] = indices as [number, number, number, number]
        switch (indices.length) {
          case 0:
            return viewGetAt(id) as ItemFor<F>
          case 1:
            return viewGetAt(id, a) as ItemFor<F>
          case 2:
            return viewGetAt(id, a, b) as ItemFor<F>
          case 3:
            return viewGetAt(id, a, b, c) as ItemFor<F>
          default:
            return viewGetAt(id, a, b, c, d) as ItemFor<F>
        }
      }
      return viewGet(id, loadIndices(indices)) as ItemFor<F>
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * Writes `value` to the item at `indices`, with the format's size,
   * signedness and byte order; the format must describe one value. Throws
   * BufferError on a read-only view, TypeError for a value of the wrong
   * kind, RangeError for one out of range.
   */
  set(value: SettableValue, ...indices: number[]): void {
    const id = this.#live()
    if (typeof value === 'number') {
      const meta = this.#meta
      const r = meta?.reader === undefined ? this.#itemReader() : meta.reader
      if (r !== null && r.write !== null) {
        const at = itemOffset(r, indices)
        if (at >= 0 && r.write(r.data, at, value)) return
      }
    }
    if (typeof value === 'number' && argIndices(indices)) {
      const [a, b, c, d] = indices as [number, number, number, number]
      try {
        switch (indices.length) {
          case 0:
            return viewSetNumberAt(id, value)
          case 1:
            return viewSetNumberAt(id, value, a)
          case 2:
            return viewSetNumberAt(id, value, a, b)
          case 3:
            return viewSetNumberAt(id, value, a, b, c)
          default:
            return viewSetNumberAt(id, value, a, b, c, d)
        }
      } catch (e) {
        throw convert(e)
      }
    }
    const idx = loadIndices(indices)
    try {
      if (typeof value === 'number') viewSetNumber(id, idx, value)
      else if (typeof value === 'bigint') viewSetBigint(id, idx, value)
      else if (typeof value === 'boolean') viewSetBool(id, idx, value)
      else if (ArrayBuffer.isView(value)) viewSetBytes(id, idx, nativeBytes(value, 'value'))
      else throw typeError(`set: cannot store a value of type ${typeof value}`)
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * The items as a TypedArray in C (row-major) order. Zero-copy — a
   * TypedArray over the exporter's own memory, so writes go through — when
   * the exporter is JS memory and the view is writable, C-contiguous,
   * aligned for the element type, and in native byte order. Otherwise a
   * packed copy, converted to native byte order. The kind follows the
   * format, whose size must be the itemsize (RangeError otherwise, as for
   * {@link PyBuffer.tolist}): one integer, float, bool or char with no
   * padding (`b B h H i I l L q Q n N f d ? c P`, any byte-order prefix);
   * 8-byte integers give BigInt64Array / BigUint64Array, `?` and `c`
   * Uint8Array. Any other format is a TypeError.
   *
   * `order` is the order of the items, as for {@link PyBuffer.toContiguous}:
   * `'F'` gives them column-major (zero-copy under the same conditions for
   * an F-contiguous view), `'A'` column-major for a view that is
   * F-contiguous and not C-contiguous. The result is typed by the format
   * when TypeScript knows it ({@link TypedArrayFor}: a Float64Array for
   * `'d'`, …): `toTypedArray('F')` is the typed form of `toContiguous('F')`.
   */
  toTypedArray(order: Order = 'C'): TypedArrayFor<F> {
    const o = checkOrder(order)
    this.#live()
    const columns = o === 'F' || (o === 'A' && !this.isContiguous('C') && this.isContiguous('F'))
    if (columns && this.ndim > 1) {
      // Column-major items are the row-major items of the transpose.
      const t = this.transpose()
      try {
        return t.#typedRows()
      } finally {
        t.release()
      }
    }
    return this.#typedRows()
  }

  #typedRows(): TypedArrayFor<F> {
    const id = this.#live()
    try {
      const { kind, nativeOrder } = native.viewTypedArrayKind(id)
      const ctor = TYPED_ARRAYS[kind]
      const len = this.len
      const count = len / ctor.BYTES_PER_ELEMENT
      if (nativeOrder && !this.readonly && native.viewIsContiguous(id, 'C')) {
        const mem = native.viewMemory(id)
        if (mem !== null) {
          const start = mem.bytes.byteOffset + mem.offset
          if (start % ctor.BYTES_PER_ELEMENT === 0) return new ctor(mem.bytes.buffer, start, count) as TypedArrayFor<F>
        }
      }
      const out = new ArrayBuffer(len)
      native.viewPackNative(id, new Uint8Array(out))
      return new ctor(out, 0, count) as TypedArrayFor<F>
    } catch (e) {
      throw convert(e)
    }
  }

  // ------------------------------------------------------------------------
  // Derived views
  // ------------------------------------------------------------------------

  /** A new view of the same export (see {@link PyBuffer.slice}). */
  #derived<G extends string>(id: number, what: string): PyBuffer<G> {
    return track(new PyBuffer<G>(TOKEN, id, this.#obj), id, what)
  }

  /**
   * A view of the items selected by one {@link SliceSpec} per leading
   * dimension (the other dimensions whole), as Python's
   * `start:stop:step` selects them: negative indices count from the end,
   * bounds are clamped, negative steps walk backwards, a zero step is a
   * RangeError (`ValueError`, "slice step cannot be zero"). More slices
   * than dimensions is a RangeError (`IndexError`).
   * `view.slice([0, 10], [null, null, -1])` takes the first 10 rows with
   * their columns reversed.
   *
   * Like every derived view ({@link PyBuffer.transpose},
   * {@link PyBuffer.permute}, {@link PyBuffer.cast}) it is a new PyBuffer
   * over the same export, without copying, and as `memoryview` does, it
   * shares this view's acquisition: the exporter stays exported (an
   * {@link Exporter} refuses to close, a C exporter's release callback
   * waits) until this view and every view derived from it are released.
   * Each is released on its own, by `release()`, `using`, or garbage
   * collection. A derived view always has a format, shape and strides
   * (format `'B'` and C-contiguous strides where this view's request left
   * them out). Views of C exporters derive the same way, over the memory
   * of the `Py_buffer` the exporter filled in.
   */
  slice(...slices: readonly SliceSpec[]): PyBuffer<F> {
    const id = this.#live()
    const bounds: Array<number | null> = []
    slices.forEach((spec, dim) => {
      if (!Array.isArray(spec) || spec.length > 3) {
        throw typeError(`slice ${dim} must be an array [start, stop, step] of at most 3 elements`)
      }
      for (let i = 0; i < 3; i++) {
        const v: unknown = (spec as readonly unknown[])[i]
        if (v === undefined || v === null) bounds.push(null)
        // Python clamps a slice's bounds to the length, so a whole number
        // of any size is one; clamped here to what the addon takes exactly.
        else if (typeof v === 'number' && Number.isInteger(v)) {
          bounds.push(Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v)))
        }
        else throw typeError('slice indices must be integers or None or have an __index__ method')
      }
    })
    try {
      return this.#derived<F>(native.viewSlice(id, bounds), 'a slice')
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * A view with the dimensions reordered: dimension `i` of the result is
   * dimension `axes[i]` of this view (negative axes count from the end),
   * as numpy's `transpose(axes)`. A RangeError (`ValueError`) unless `axes`
   * names every dimension once; a BufferError for a view with indirect
   * (suboffset) dimensions. See {@link PyBuffer.slice} for how derived
   * views share the export.
   */
  permute(axes: readonly number[]): PyBuffer<F> {
    const id = this.#live()
    const a = checkIntArray(axes, 'axes')
    try {
      return this.#derived<F>(native.viewPermute(id, a), 'a permutation')
    } catch (e) {
      throw convert(e)
    }
  }

  /** The view with its dimensions reversed (rows become columns): {@link PyBuffer.permute} of `[ndim-1, …, 0]`. */
  transpose(): PyBuffer<F> {
    const ndim = this.ndim
    return this.permute(Array.from({ length: ndim }, (_, i) => ndim - 1 - i))
  }

  /**
   * `memoryview.cast(format, shape)`: the same bytes as items of another
   * format, in 1-D, or in `shape` (C-contiguous). CPython's rules and
   * messages: the view must be C-contiguous (TypeError), with no zero in
   * its shape unless it casts 1-D to 1-D; `format` is one native character
   * with an optional `'@'` (RangeError, `ValueError`, otherwise); one of the
   * two formats is a byte format `b`, `B` or `c` (TypeError); 1-D -> N-D or
   * N-D -> 1-D only (TypeError); the bytes divide into the new items and
   * `product(shape) * itemsize` is the view's length (TypeError); `shape`
   * elements are positive (RangeError, `ValueError`), at most 64 of them.
   * See {@link PyBuffer.slice} for how derived views share the export.
   */
  cast<const G extends string>(format: G, shape?: readonly number[]): PyBuffer<G> {
    const id = this.#live()
    if (typeof format !== 'string') {
      throw typeError(`cast() argument 'format' must be str, not ${format === null ? 'None' : typeof format}`)
    }
    let sh: number[] | undefined
    if (shape !== undefined) {
      if (!Array.isArray(shape)) throw typeError('shape must be a list or a tuple')
      sh = (shape as readonly unknown[]).map((x) => {
        if (typeof x !== 'number' || !Number.isSafeInteger(x)) {
          throw typeError('memoryview.cast(): elements of shape must be integers')
        }
        return x
      })
    }
    try {
      return this.#derived<G>(native.viewCast(id, format, sh), `a cast to ${format}`)
    } catch (e) {
      throw convert(e)
    }
  }

  /**
   * `PyBuffer_Release`: releases the view now. Calling it again does
   * nothing.
   */
  release(): void {
    const id = this.#id
    if (id === 0) return
    this.#id = 0
    // Deletes the addon's finalizer of the view too.
    if (leakTracking) registry.unregister(this)
    viewRelease(id)
  }

  /** {@link PyBuffer.release}, for `using`. */
  [Symbol.dispose](): void {
    this.release()
  }
}

/** The PyObject behind `obj`, and whether it was made for this call only. */
function pyObjectOf(obj: BufferLike, what: string): { handle: NativeHandle; temporary: boolean } {
  if (Exporter.is(obj)) return { handle: obj.handle as NativeHandle, temporary: false }
  if (obj instanceof native.PyObjectHandle) return { handle: obj, temporary: false }
  const instance = extensionHandleOf(obj) as NativeHandle | undefined
  if (instance !== undefined) return { handle: instance, temporary: false }
  if (!isObject(obj)) throw typeError(`${what} must be an Exporter, a PyObjectHandle, JS memory or an ndarray`)
  return { handle: createHandle(obj as ExporterSource, undefined).handle, temporary: true }
}

/**
 * `PyObject_GetBuffer(obj, flags)`: acquires a view.
 *
 * `obj` is an {@link Exporter}; a TypedArray, Buffer, DataView or
 * ArrayBuffer (or ndarray), exported with its natural layout; or a
 * PyObject C code handed to JS. The flags mean exactly what they mean for
 * CPython's memoryview: `PyBUF.WRITABLE` on a read-only exporter, or
 * `PyBUF.C_CONTIGUOUS` on a strided layout, throws BufferError. The
 * default, `PyBUF.FULL_RO`, asks for every field and accepts any layout
 * (the README's "getBuffer's flags" table says what each flag changes).
 *
 * The view is typed by the format when TypeScript knows it: from an
 * {@link Exporter}'s format (`exporter(new Float64Array(n))` is an
 * `Exporter<'d'>`, `exporter(bytes, { format: '<i' })` an
 * `Exporter<'<i'>`) or a TypedArray's kind, with a request that includes
 * `PyBUF.FORMAT` (the default, `FULL`, `FULL_RO`, `RECORDS`,
 * `RECORDS_RO`, `FORMAT`); then {@link PyBuffer.toTypedArray} and
 * {@link PyBuffer.get} return the matching types with no cast.
 */
export function getBuffer<T extends BufferLike>(obj: T, flags?: FormatRequest): PyBuffer<FormatOf<T>>
export function getBuffer(obj: BufferLike, flags?: number): PyBuffer
export function getBuffer(obj: BufferLike, flags: number = PyBUF.FULL_RO): PyBuffer {
  const view = new PyBuffer(TOKEN, 0, obj)
  let id: number
  if (Exporter.is(obj)) {
    try {
      id = viewAcquire(Exporter.slotOf(obj), flags)
    } catch (e) {
      throw convert(e)
    }
  } else {
    const { handle, temporary } = pyObjectOf(obj, 'obj')
    try {
      id = viewAcquire(handle.slot, flags)
    } catch (e) {
      throw convert(e)
    } finally {
      // The view holds its own reference.
      if (temporary) handle.dispose()
    }
  }
  PyBuffer.attach(view, id)
  return track(view, id, flags)
}

// A view that becomes unreachable unreleased is released after garbage
// collection: the addon adds an N-API finalizer to the PyBuffer
// (`viewTrack`), which `release()` deletes in its own native call. Most
// views are released soon after they are acquired (`using`, try/finally),
// and for them the finalizer is pure cost, so it is added late: a new view
// waits in `pending`, held strongly (it cannot be collected untracked),
// until the next microtask or until PENDING_MAX views wait, and only the
// views still unreleased then are tracked. While leak reports are on, views
// go to the FinalizationRegistry with their stack instead.

/** Views acquired since the last {@link trackPending}. */
let pending: PyBuffer[] = []
let pendingQueued = false
const PENDING_MAX = 1024

/** Registers a new view for release by the garbage collector (see above). */
function track<F extends string>(view: PyBuffer<F>, id: number, what: string | number): PyBuffer<F> {
  if (leakReporter !== null) {
    // A number is getBuffer's flags (the text is made only here).
    trackWithStack(view, id, typeof what === 'number' ? `flags ${what}` : what)
  } else if (pending.push(view) >= PENDING_MAX) {
    trackPending()
  } else if (!pendingQueued) {
    pendingQueued = true
    queueMicrotask(trackPending)
  }
  return view
}

/** Tracks the pending views that are still unreleased. */
function trackPending(): void {
  const views = pending
  pending = []
  pendingQueued = false
  for (const view of views) {
    const id = PyBuffer.idOf(view)
    if (id === 0) continue
    try {
      native.viewTrack(id, view)
    } catch {
      // Released natively meanwhile (a test helper does that): nothing to track.
    }
  }
}

/** The FinalizationRegistry path of {@link track}, with the acquisition stack. */
function trackWithStack(view: PyBuffer, id: number, description: string): void {
  if (leakReporter === null) return
  // Frames 1-3 are this function, track and getBuffer (or #derived).
  const stack = (new Error().stack ?? '').split('\n').slice(4).join('\n')
  leakTracking = true
  registry.register(view, { id, stack, description, report: leakReporter }, view)
}

// ==========================================================================
// Functions mirroring the C API
// ==========================================================================

/**
 * `PyBuffer_FillContiguousStrides`: the strides of a contiguous array of
 * `shape` with `itemsize`-byte items, in order `'F'`, or C for `'C'` and
 * `'A'`. Overflow is a RangeError.
 */
export function fillContiguousStrides(shape: readonly number[], itemsize: number, order: Order = 'C'): number[] {
  const s = checkIntArray(shape, 'shape')
  const i = checkInt(itemsize, 'itemsize')
  try {
    return native.fillContiguousStrides(s, i, checkOrder(order))
  } catch (e) {
    throw convert(e)
  }
}

/** `PyBuffer_SizeFromFormat`: `struct.calcsize(format)`; TypeError (`struct.error`) for a bad format. */
export function sizeFromFormat(format: string): number {
  if (typeof format !== 'string') throw typeError('format must be a string')
  try {
    return native.sizeFromFormat(format)
  } catch (e) {
    throw convert(e)
  }
}

/**
 * `PyObject_CopyData(dest, src)`: copies the items of `src` into `dest`.
 * Throws BufferError when `dest` is read-only or too small.
 */
export function copyData(dest: BufferLike, src: BufferLike): void {
  const d = pyObjectOf(dest, 'dest')
  try {
    const s = pyObjectOf(src, 'src')
    try {
      native.copyData(d.handle, s.handle)
    } catch (e) {
      throw convert(e)
    } finally {
      if (s.temporary) s.handle.dispose()
    }
  } finally {
    if (d.temporary) d.handle.dispose()
  }
}

/**
 * Internals for pybuffer's own tests and benchmark: the raw addon, a view's
 * native handle, and the addon-error decoder. Not part of the API; they may
 * change without notice.
 *
 * @internal Kept out of the published typings (`stripInternal`).
 */
export const __internal = {
  native,
  viewId: (view: PyBuffer): number => PyBuffer.idOf(view),
  convert,
  makeError,
  errorClassFor,
  leakReporter: (): LeakReporter | null => leakReporter,
  // Lazily: extension.ts loads after this object is made.
  gcReleasedInstances: (): number => gcReleasedInstances(),
  extensionRefcnt: (obj: object): number => extensionRefcnt(obj),
} as const

// ==========================================================================
// C extensions (implemented in extension.ts)
// ==========================================================================

// Declared here rather than re-exported from extension.ts, so that
// index.d.ts does not refer to extension.ts (see there).
import {
  bytesKindOf,
  extensionErrorClass,
  extensionHandleOf,
  extensionInfo as extensionInfoImpl,
  extensionCall,
  extensionLen,
  ExtensionObject as ExtensionObjectImpl,
  extensionProtocol,
  extensionRefcnt,
  gcReleasedInstances,
  loadExtension as loadExtensionImpl,
  newBytes,
} from './extension'

/**
 * A real Python `bytes` object holding a copy of `data`, as a Buffer over
 * its memory (zero-copy). Passed to an extension, the Buffer is that
 * `bytes` object, so `y#`, `s#` and `PyBytes_Check` accept it. Do not write
 * to it: `bytes` are immutable in C.
 */
export function bytes(data: ArrayBufferView | ArrayBuffer | readonly number[]): Buffer {
  return newBytes(data, false)
}

/**
 * A real Python `bytearray` holding a copy of `data`, as a Buffer over its
 * memory (zero-copy; the Buffer holds an export, so C cannot resize it while
 * the Buffer lives). Passed to an extension, the Buffer is that bytearray.
 */
export function bytearray(data: ArrayBufferView | ArrayBuffer | readonly number[]): Buffer {
  return newBytes(data, true)
}

/** True for a Buffer that is a Python `bytes` object (an extension's result, or made by {@link bytes}). */
export function isBytes(buf: unknown): boolean {
  return bytesKindOf(buf) === 'bytes'
}

/** True for a Buffer that is a Python `bytearray` (an extension's result, or made by {@link bytearray}). */
export function isBytearray(buf: unknown): boolean {
  return bytesKindOf(buf) === 'bytearray'
}

/**
 * Keyword arguments of an extension call, made by {@link kwargs}. Only an
 * instance of this class, as the last argument, is taken as keywords: a
 * plain object never is.
 */
export class Kwargs {
  /** The keywords' names and values, in the order given. */
  readonly entries: ReadonlyArray<readonly [string, ExtensionArg]>

  /** Use {@link kwargs}. */
  constructor(values: Readonly<Record<string, ExtensionArg>>) {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw Object.assign(new TypeError('kwargs: expected an object of keyword arguments'), { code: 'TypeError' })
    }
    this.entries = Object.freeze(Object.entries(values).map(([k, v]) => Object.freeze([k, v] as const)))
    this.#made = true
    Object.freeze(this)
  }

  readonly #made: boolean

  /** @internal Whether `x` was made by {@link kwargs} (not from `Kwargs.prototype`, nor a Proxy). */
  static is(x: unknown): x is Kwargs {
    return typeof x === 'object' && x !== null && #made in x
  }
}

/**
 * Marks keyword arguments for an extension call, passed as its last
 * argument: `ext.compress(data, kwargs({ level: 9 }))` calls
 * `compress(data, level=9)`. Keywords the function does not take raise
 * CPython's TypeError.
 */
export function kwargs(values: Readonly<Record<string, ExtensionArg>>): Kwargs {
  return new Kwargs(values)
}

/** A `tuple` argument, made by {@link tuple}. */
export class PyTuple {
  /** The items, converted as arguments are. */
  readonly items: readonly ExtensionArg[]

  /** Use {@link tuple}. */
  constructor(items: readonly ExtensionArg[]) {
    if (!Array.isArray(items)) {
      throw Object.assign(new TypeError('tuple: expected an array of items'), { code: 'TypeError' })
    }
    this.items = Object.freeze([...items])
    this.#made = true
    Object.freeze(this)
  }

  readonly #made: boolean

  /** @internal Whether `x` was made by {@link tuple} (not from `PyTuple.prototype`, nor a Proxy). */
  static is(x: unknown): x is PyTuple {
    return typeof x === 'object' && x !== null && #made in x
  }
}

/** Passes `items` to an extension as a `tuple` (a plain array is a `list`). */
export function tuple(items: readonly ExtensionArg[]): PyTuple {
  return new PyTuple(items)
}

/** A `frozenset` argument, made by {@link frozenset}. */
export class PyFrozenSet {
  /** The items, converted as arguments are (duplicates collapse in Python). */
  readonly items: readonly ExtensionArg[]

  /** Use {@link frozenset}. */
  constructor(items: Iterable<ExtensionArg>) {
    if (items === null || typeof items !== 'object' || typeof (items as Partial<Iterable<ExtensionArg>>)[Symbol.iterator] !== 'function') {
      throw Object.assign(new TypeError('frozenset: expected an array or another iterable of items'), { code: 'TypeError' })
    }
    this.items = Object.freeze([...items])
    this.#made = true
    Object.freeze(this)
  }

  readonly #made: boolean

  /** @internal Whether `x` was made by {@link frozenset} (not from `PyFrozenSet.prototype`, nor a Proxy). */
  static is(x: unknown): x is PyFrozenSet {
    return typeof x === 'object' && x !== null && #made in x
  }
}

/**
 * Passes `items` (an array, a `Set`, any iterable) to an extension as a
 * `frozenset` (a JS `Set` is a `set`).
 */
export function frozenset(items: Iterable<ExtensionArg>): PyFrozenSet {
  return new PyFrozenSet(items)
}

/**
 * What an extension function accepts, and the Python object C receives:
 *
 * - `null`, `undefined` → `None`
 * - a boolean → `True` / `False`
 * - a bigint → `int` of any size; an integral number → `int` (RangeError,
 *   code `OverflowError`, outside -2**127 to 2**127-1)
 * - any other number → `float`
 * - a string → `str`
 * - a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or
 *   ndarray → an exporter of that memory, zero-copy, as {@link exporter}
 *   makes it with its natural layout
 * - an {@link Exporter}, a {@link PyObjectHandle} → its object
 * - an array → a `list` (items converted the same way); {@link tuple}`([...])` → a `tuple`
 * - a `Set` → a `set` (items converted the same way, so an array item is an
 *   unhashable `list`: TypeError, code `TypeError`);
 *   {@link frozenset}`([...])` → a `frozenset`
 * - a Buffer made by {@link bytes} / {@link bytearray}, or returned as a
 *   `bytes` / `bytearray` → that very object
 * - a {@link PyBuffer} → the object it is a view of (an object the
 *   extension made reaches it as itself, so it sees its own type)
 * - an instance of an extension class ({@link ExtensionObject}) → its
 *   Python object (a closed one throws), whichever extension made its
 *   type; an extension class or exception class → its type object
 * - a function read from an object's dynamic attributes (cffi's
 *   `lib.argon2_hash`) → that callable object
 */
export type ExtensionArg =
  | readonly ExtensionArg[]
  | PyTuple
  | ReadonlySet<ExtensionArg>
  | PyFrozenSet
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | ExporterSource
  | Exporter
  | PyBuffer
  | PyObjectHandle
  | ExtensionObject
  | ExtensionClass
  | ExtensionErrorClass
  | ExtensionFunction<never, unknown>

/**
 * What an extension function returns: `None` → `undefined`; `bool`, `int`,
 * `float`, `str` → their JS values (an `int` outside the safe-integer
 * range → a bigint); an object that exports a buffer (an exporter type of
 * the extension, a memoryview) → a {@link PyBuffer}, a zero-copy view of
 * its memory, acquired with `PyBUF.FULL_RO` (writable when the exporter
 * allows it). The view keeps the object alive until it is released or
 * collected; then the exporter's release callback and dealloc run. A
 * `bytes` or `bytearray` → a Buffer over its memory, zero-copy, that is
 * that object again when passed back (see {@link isBytes}). A `tuple` or
 * `list` → an array; a `dict` → a plain object when every key is a `str`,
 * else a `Map`; a `set` or `frozenset` → a `Set`, in the set's iteration
 * order; their items convert the same way. One of the interpreter's own
 * iterators (`iter(list)`, a `set_iterator`, a dict iterator, ...) → a JS
 * iterator ({@link ExtensionIterator}) that calls `next()` on it lazily,
 * each item converted as a result. An instance of an
 * extension type (also one that exports a buffer) → the JS object of its
 * class ({@link ExtensionObject}), the same one each time while it lives;
 * a type an extension made → its class. Read from the attributes of an
 * instance whose type finds them itself (see {@link ExtensionObject}), a
 * callable that is no type or instance (a built-in function) → an
 * {@link ExtensionFunction}.
 */
export type ExtensionResult =
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | PyBuffer
  | ExtensionObject
  | ExtensionClass
  | ExtensionErrorClass
  | ExtensionResult[]
  | Map<ExtensionResult, ExtensionResult>
  | Set<ExtensionResult>
  | ExtensionIterator
  | ExtensionFunction
  | PyObjectHandle
  | { [key: string]: ExtensionResult }

/**
 * A Python iterator a call returned, as a JS iterator (also iterable, so
 * `for (const x of it)` and `[...it]` work): each `next()` runs the
 * iterator's `__next__` under the GIL and converts the item as a result;
 * its errors throw (a `RuntimeError` such as "Set changed size during
 * iteration" included). The Python object is released when the iterator
 * is exhausted, when `return()` is called (a `break` out of `for...of`),
 * or when the JS object is collected.
 */
export type ExtensionIterator = IterableIterator<ExtensionResult>

/** A module attribute that has a JS value (see {@link ExtensionInfo.constants}). */
export type ExtensionConstant = undefined | boolean | number | bigint | string

/** The arguments an extension function takes when nothing narrower is known. */
export type ExtensionArgs = Array<ExtensionArg | Kwargs>

/**
 * One function of an extension module, or a method bound to an instance.
 * `A` and `R` type its arguments and result when you know them, e.g.
 * `ExtensionFunction<[data: Uint8Array, kw?: Kwargs], Buffer>`.
 */
export interface ExtensionFunction<A extends unknown[] = ExtensionArgs, R = ExtensionResult> {
  /** Calls the function; a last {@link Kwargs} argument gives keyword arguments. */
  (...args: A): R
  /** The function's name (`ml_name`). */
  readonly name: string
  /** The function's name, as Python spells it. */
  readonly __name__: string
  /** The dotted name within its module (`"xxh64.update"` for a method). */
  readonly __qualname__: string
  /** The module's name. */
  readonly __module__: string
  /** The docstring without its signature line, or null. */
  readonly doc: string | null
  /** The docstring without its signature line, or null, as Python spells it. */
  readonly __doc__: string | null
  /** The signature line of the docstring (`"(img, axis)"`), or null (module functions only). */
  readonly __text_signature__?: string | null
  /**
   * Calls the function off the main thread: the arguments convert now, the
   * call runs on the libuv thread pool holding the GIL (so a function that
   * releases it runs in parallel with other calls and with JS), and the
   * promise resolves with the result converted as a sync call's, or
   * rejects with the error a sync call throws. JS memory among the
   * arguments stays pinned until it settles: closing its {@link Exporter}
   * meanwhile throws a BufferError.
   */
  readonly async: (...args: A) => Promise<Awaited<R>>
}

/**
 * A method of an extension class, bound to its instance: `obj.update` is
 * the same function each time, and calls the method on `obj` even when
 * called alone.
 */
export type ExtensionMethod<A extends unknown[] = ExtensionArgs, R = ExtensionResult> = ExtensionFunction<A, R>

/**
 * An instance of an extension type. Its class (an {@link ExtensionClass})
 * gives it the type's methods and properties; it also has:
 *
 * - `close()` / `[Symbol.dispose]()`: release the Python object now
 *   (else the garbage collector does, see {@link setDebugLeaks}); any later
 *   use throws a `RangeError` (code `ValueError`) naming the type;
 * - `[Symbol.iterator]()` when the type has `tp_iter`;
 * - {@link len}`(obj)` when it has `sq_length` or `mp_length`;
 * - {@link getBuffer}`(obj)` when it exports a buffer.
 *
 * When the type finds attributes its own way (a `tp_getattro` of its own,
 * as cffi's `lib` and cdata objects have), the instance is a `Proxy`: a
 * name its class does not define is read with Python's `getattr` (a
 * built-in function becomes an {@link ExtensionFunction}; an
 * `AttributeError` reads as `undefined`), assigned with `setattr`, and
 * `Object.keys(obj)` lists `dir(obj)`'s names.
 */
export interface ExtensionObject extends Disposable {
  /** Whether {@link ExtensionObject.close} has run. */
  readonly closed: boolean
  /** Releases the Python object now; a second call does nothing. */
  close(): void
}

/** The base class of every extension class, for `instanceof`. */
export const ExtensionObject: abstract new () => ExtensionObject = ExtensionObjectImpl as unknown as abstract new () => ExtensionObject

/**
 * The JS class of an extension type: `new T(...args, kwargs({...}))` calls
 * the type (`tp_new`, then `tp_init`). `I` is the instance type and `A`
 * the constructor's arguments; class and static methods are properties of
 * the class (type them in an interface that extends this one).
 */
export interface ExtensionClass<I extends ExtensionObject = ExtensionObject, A extends unknown[] = ExtensionArgs> {
  new (...args: A): I
  /** Calls the type as `new` does, as Python's `T(...)` (cffi's `ffi.buffer(cdata)`). */
  (...args: A): I
  readonly prototype: I
  /** The type's `__name__`. */
  readonly name: string
  /** The type's `__name__`, as Python spells it. */
  readonly __name__: string
  /** The type's module. */
  readonly __module__: string
  /** The dotted name Python prints (`"xxhash.xxh64"`). */
  readonly pythonType: string
  /** The type's docstring, or null. */
  readonly doc: string | null
  /** The type's docstring, or null, as Python spells it. */
  readonly __doc__: string | null
}

/** An error raised as a module's own exception class. */
export type ExtensionError = Error & {
  /** The exception type's `__name__` (`"LZ4BlockError"`). */
  readonly code: string
  /** The dotted name Python prints (`"_block.LZ4BlockError"`). */
  readonly pythonType: string
}

/**
 * The JS class of an exception class a module creates
 * (`PyErr_NewException`): raised instances are `instanceof` it, its
 * bases, and the JS class its nearest built-in base maps to ({@link PyError},
 * `TypeError`, `RangeError` or {@link BufferError}).
 */
export interface ExtensionErrorClass<E extends ExtensionError = ExtensionError> {
  new (message?: string): E
  readonly prototype: E
  readonly name: string
  readonly __name__: string
  readonly __module__: string
  readonly pythonType: string
  readonly doc: string | null
  readonly __doc__: string | null
}

/**
 * A loaded extension module. Type it in either of two ways:
 *
 * - with the names of its functions, `loadExtension<'invert' | 'mean'>(path)`:
 *   each is an {@link ExtensionFunction};
 * - with an interface describing its API, `loadExtension<MyApi>(path)`:
 *   functions ({@link ExtensionFunction}), classes ({@link ExtensionClass}),
 *   exception classes ({@link ExtensionErrorClass}) and constants, typed as
 *   you declare them (pybuffer does not check the declaration).
 */
export type Extension<Api extends string | object = string> = [Api] extends [string]
  ? { readonly [K in Api & string]: ExtensionFunction }
  : Readonly<Api>

/** What {@link extensionInfo} tells about a loaded extension module. */
export interface ExtensionInfo {
  /** The module's name (`m_name`). */
  readonly name: string
  /** The module's docstring, or null. */
  readonly doc: string | null
  /** The library's canonical path. */
  readonly path: string
  /** The names of its functions, in table order. */
  readonly functions: readonly string[]
  /** The names of its classes (types in its dict), in dict order. */
  readonly classes: readonly string[]
  /** The names of its exception classes, in dict order. */
  readonly exceptions: readonly string[]
  /**
   * The module's attributes that are None, bool, int, float or str
   * (`PyModule_AddIntConstant`, `PyModule_AddStringConstant`, …), as JS
   * values. Other attributes (types, buffers) are left out.
   */
  readonly constants: Readonly<Record<string, ExtensionConstant>>
}

/**
 * Loads the C extension module at `path` — a file path, resolved against
 * the current directory (`process.cwd()`) when relative, or a `file:` URL
 * such as `new URL('./x.so', import.meta.url)` for a path relative to the
 * calling module (other URLs are a TypeError); a shared library built against
 * pybuffer's `Python.h` with no `-lpybuffer` (see the README, "Write a C
 * extension") — and calls its `PyInit_<name>`. `name` defaults to the file
 * name up to its first dot, as CPython derives it
 * (`imageops.cpython-311-x86_64-linux-gnu.so` and `imageops.so` give
 * `imageops`). A module already loaded from the same file is shared, as
 * CPython's import shares it.
 *
 * The extension's `Py*` and `PyBuffer_*` references resolve against this
 * addon, as a Python extension's resolve against the interpreter: there is
 * one copy of the shim in the process, so exporters made in JS are
 * consumable in C and the reverse.
 *
 * Returns an object with one function per function of the module's method
 * table (every calling convention; keywords by a last {@link kwargs}), one
 * class per type in the module's dict ({@link ExtensionClass}), one error
 * class per exception class ({@link ExtensionErrorClass}), and its
 * constants. Arguments and
 * results convert as {@link ExtensionArg} and {@link ExtensionResult}
 * describe. An error set in C surfaces as the JS error it maps to (see
 * {@link PyError}), with the C message and `.code`; a function that returns
 * NULL without an error throws a `SystemError`, as in CPython.
 *
 * The library stays loaded while the returned object, any of its
 * functions, or any view it returned is reachable, and is unloaded after
 * they are all collected.
 *
 * A file that does not exist or cannot be loaded (not a shared library, or
 * a symbol it needs is missing), that has no `PyInit_<name>`, or whose
 * `PyInit_<name>` fails, throws a {@link PyError} (code `ImportError`, or
 * the error `PyInit_<name>` raised) naming the path and the symbol.
 *
 * Extensions run without a GIL: one loaded by several worker threads is
 * called concurrently and must guard its shared state itself.
 */
export function loadExtension<Api extends string | object = string>(path: string | URL, name?: string): Extension<Api> {
  return loadExtensionImpl(extensionPath(path), name) as unknown as Extension<Api>
}

/** A `file:` URL as a path; other URLs are a TypeError; anything else is left to loadExtension. */
function extensionPath(path: string | URL): string {
  if (!(path instanceof URL)) return path
  if (path.protocol !== 'file:') {
    throw typeError(`loadExtension: only file: URLs can be loaded, got a ${path.protocol} URL (${path.href})`)
  }
  try {
    return fileURLToPath(path)
  } catch (e) {
    throw typeError(`loadExtension: ${path.href} is not a local file path: ${(e as Error).message}`)
  }
}

/** The name, docstring, path, function, class and exception names and constants of a module {@link loadExtension} loaded. */
export function extensionInfo(ext: object): ExtensionInfo {
  return extensionInfoImpl(ext as Extension)
}

/**
 * Python's `len(obj)` for an instance of an extension class (or a
 * {@link PyObjectHandle}): its type's `sq_length` or `mp_length`. Anything
 * else throws CPython's TypeError, `object of type 'X' has no len()`.
 */
export function len(obj: ExtensionObject | PyObjectHandle): number {
  return extensionLen(obj)
}

/**
 * Python's `obj(*args, **kwargs)` for an instance of an extension class
 * whose type is callable (`tp_call`), keywords by a last {@link kwargs}:
 * the arguments convert as a function's do, the result as results do. A
 * type that is not callable throws CPython's `TypeError: 'T' object is not
 * callable`.
 */
export function call(obj: ExtensionObject | PyObjectHandle, ...args: ExtensionArgs): ExtensionResult {
  return extensionCall(obj, args)
}

/**
 * Python's `obj[key]` (`PyObject_GetItem`: `mp_subscript`, else
 * `sq_item`) for an instance of an extension class (or a
 * {@link PyObjectHandle}); `key` converted as arguments are, the item as
 * results are. A missing key throws the extension's error (`KeyError`,
 * `IndexError`) as a {@link PyError}.
 */
export function getItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg): ExtensionResult {
  return extensionProtocol(obj, 'getitem', 'getItem', [key])
}

/** Python's `obj[key] = value` (`PyObject_SetItem`); see {@link getItem}. */
export function setItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg, value: ExtensionArg): void {
  extensionProtocol(obj, 'setitem', 'setItem', [key, value])
}

/** Python's `del obj[key]` (`PyObject_DelItem`); see {@link getItem}. */
export function delItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg): void {
  extensionProtocol(obj, 'delitem', 'delItem', [key])
}

/**
 * Python's `value in obj` (`PySequence_Contains`: `sq_contains`, else
 * iteration), for an instance of an extension class.
 */
export function contains(obj: ExtensionObject | PyObjectHandle, value: ExtensionArg): boolean {
  return extensionProtocol(obj, 'contains', 'contains', [value]) as boolean
}

/** Python's `repr(obj)` (`PyObject_Repr`) for an instance of an extension class. */
export function repr(obj: ExtensionObject | PyObjectHandle): string {
  return extensionProtocol(obj, 'repr', 'repr', []) as string
}

/** Python's `str(obj)` (`PyObject_Str`) for an instance of an extension class. */
export function str(obj: ExtensionObject | PyObjectHandle): string {
  return extensionProtocol(obj, 'str', 'str', []) as string
}

/**
 * Python's `hash(obj)` (`PyObject_Hash`) for an instance of an extension
 * class: a number, or a bigint beyond 2**53 as ints convert. An unhashable
 * type throws CPython's `TypeError: unhashable type: 'T'`.
 */
export function hash(obj: ExtensionObject | PyObjectHandle): number | bigint {
  return extensionProtocol(obj, 'hash', 'hash', []) as number | bigint
}
