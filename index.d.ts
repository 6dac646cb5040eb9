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
/**
 * A Python exception with no closer JS equivalent (`SystemError`,
 * `MemoryError`, `NotImplementedError`, or a C extension's own type).
 * `code` is the Python exception's name.
 */
export declare class PyError extends Error {
    /** The Python exception's name, e.g. `"BufferError"` or `"SystemError"`. */
    readonly code: string;
    constructor(message: string, code?: string);
}
/** CPython's `BufferError`: a buffer request or operation was refused. */
export declare class BufferError extends PyError {
    constructor(message: string, code?: string);
}
/** A `TypeError` or `RangeError` made from a Python exception. */
export interface PyErrorInfo {
    /** The Python exception's name, e.g. `"ValueError"` or `"struct.error"`. */
    readonly code: string;
}
/** The `PyBUF_*` request flags, with CPython's values. */
export declare const PyBUF: Readonly<{
    readonly SIMPLE: 0;
    readonly WRITABLE: 1;
    readonly WRITEABLE: 1;
    readonly FORMAT: 4;
    readonly ND: 8;
    readonly STRIDES: number;
    readonly C_CONTIGUOUS: number;
    readonly F_CONTIGUOUS: number;
    readonly ANY_CONTIGUOUS: number;
    readonly INDIRECT: number;
    readonly CONTIG: number;
    readonly CONTIG_RO: 8;
    readonly STRIDED: number;
    readonly STRIDED_RO: 24;
    readonly RECORDS: number;
    readonly RECORDS_RO: number;
    readonly FULL: number;
    readonly FULL_RO: number;
    readonly READ: 256;
    readonly WRITE: 512;
}>;
/** Memory order: row-major `'C'`, column-major `'F'`, or `'A'` for either. */
export type Order = 'C' | 'F' | 'A';
/** Every TypedArray kind. */
export type TypedArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
/** JS memory: a TypedArray (a Buffer is one), a DataView, or an ArrayBuffer. */
export type BinarySource = TypedArray | DataView | ArrayBuffer | SharedArrayBuffer;
/** A scijs `ndarray` (strides and offset in elements). */
export interface ScijsNdarray {
    readonly data: TypedArray;
    readonly shape: readonly number[];
    readonly stride: readonly number[];
    readonly offset: number;
}
/** An `@stdlib/ndarray` array (strides and offset in elements). */
export interface StdlibNdarray {
    readonly data: TypedArray;
    readonly shape: readonly number[];
    readonly strides: readonly number[];
    readonly offset: number;
    readonly dtype: string;
}
/** Anything {@link exporter} accepts. */
export type ExporterSource = BinarySource | ScijsNdarray | StdlibNdarray;
/**
 * How an exporter presents its source: any strided view of its bytes.
 * Every field is validated against the source before use.
 */
export interface Layout {
    /** `struct` format of one item; defaults to the source's kind (`'B'` for bytes). */
    readonly format?: string;
    /** Bytes per item; must equal `sizeFromFormat(format)` when given. */
    readonly itemsize?: number;
    /** Items per dimension (at most 64 dimensions); defaults to all items in 1-D. */
    readonly shape?: readonly number[];
    /** Byte step per dimension, negative or zero allowed; defaults to C-contiguous. */
    readonly strides?: readonly number[];
    /** Byte offset of the first item within the source; defaults to 0. */
    readonly offset?: number;
    /** Refuse writable requests; defaults to false. */
    readonly readonly?: boolean;
}
/** An owned reference to a PyObject, as C code hands one to JS. */
export interface PyObjectHandle {
    /** A number naming this handle while it is alive, used by the addon's fast path. */
    readonly slot: number;
    /** The object's type name, e.g. `"pybuffer.Exporter"` or `"memoryview"`. */
    readonly typeName: string;
    /** The object's reference count (0 once disposed). */
    readonly refcnt: number;
    /** Whether {@link PyObjectHandle.dispose} has run. */
    readonly disposed: boolean;
    /** Drops the reference now rather than at garbage collection. */
    dispose(): void;
}
/** The class of {@link PyObjectHandle} values, for `instanceof`. */
export declare const PyObjectHandle: abstract new () => PyObjectHandle;
/** Anything {@link getBuffer} accepts. */
export type BufferLike = Exporter | PyObjectHandle | ExporterSource;
/** One value read from an item. */
export type Scalar = number | bigint | boolean | Buffer;
/** An item: one value, or an array of values for formats with several. */
export type Item = Scalar | Scalar[];
/** What {@link PyBuffer.tolist} returns: items nested `ndim` deep. */
export type NestedList = Item | NestedList[];
/** A value {@link PyBuffer.set} accepts. */
export type SettableValue = number | bigint | boolean | Uint8Array;
declare const TOKEN: unique symbol;
/**
 * A PyObject that exports JS memory through the buffer protocol, made by
 * {@link exporter}. It aliases the memory (no copy) and keeps it alive
 * while any view of it exists.
 */
export declare class Exporter implements Disposable {
    #private;
    /** The PyObject, for C code and {@link getBuffer}. */
    readonly handle: PyObjectHandle;
    /** The JS memory (or ndarray) the exporter was made from. */
    readonly source: ExporterSource;
    /** Not for use: call {@link exporter}. */
    constructor(token: typeof TOKEN, handle: PyObjectHandle, source: ExporterSource);
    /** The number of views of this exporter that are not yet released. */
    get exports(): number;
    /** Whether {@link Exporter.close} has run. */
    get closed(): boolean;
    /**
     * Stops exporting and lets go of the JS memory. Throws BufferError while
     * views exist, as `memoryview.release()` does; later {@link getBuffer}
     * calls throw RangeError (`ValueError`). Closing twice does nothing.
     */
    close(): void;
    /** {@link Exporter.close}, for `using`. */
    [Symbol.dispose](): void;
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
export declare function exporter(source: ExporterSource, layout?: Layout): Exporter;
/** What {@link setDebugLeaks} reports for a view released by the garbage collector. */
export interface LeakReport {
    /** The stack where the view was acquired. */
    readonly stack: string;
    /** The view's exporter type and flags. */
    readonly description: string;
}
/**
 * Reports views that were never released and were released by garbage
 * collection instead, with the stack where each was acquired. `true` prints
 * a `PyBufferLeakWarning` through `process.emitWarning`; a function receives
 * each report; `false` turns reporting off. Setting the environment variable
 * `PYBUFFER_DEBUG_LEAKS=1` turns it on at startup. Only views acquired while
 * reporting is on are reported, to the reporter in effect when they were
 * acquired (capturing the stack costs a few µs per view).
 */
export declare function setDebugLeaks(option: boolean | ((report: LeakReport) => void)): void;
/**
 * An acquired view (`Py_buffer`) of a PyObject, made by {@link getBuffer}.
 *
 * Release it with {@link PyBuffer.release} or a `using` declaration; a view
 * that becomes unreachable unreleased is released by a FinalizationRegistry
 * after garbage collection (see {@link setDebugLeaks}). Every property but
 * `released`, and every method but `release()`, throws BufferError on a
 * released view.
 */
export declare class PyBuffer implements Disposable {
    #private;
    /** Not for use: call {@link getBuffer}. */
    constructor(token: typeof TOKEN, id: number, obj: BufferLike);
    /** Whether the view was released. */
    get released(): boolean;
    /** The exporting object: what {@link getBuffer} was given. */
    get obj(): BufferLike;
    /**
     * `product(shape) * itemsize`: the bytes of the logical structure. Like
     * every size here, exact: RangeError (`OverflowError`) above 2**53 - 1.
     */
    get len(): number;
    /** Bytes per item. */
    get itemsize(): number;
    /** Whether the memory must not be written. */
    get readonly(): boolean;
    /** Number of dimensions. */
    get ndim(): number;
    /** The item format, or null when the flags left out `PyBUF.FORMAT` (meaning `'B'`). */
    get format(): string | null;
    /** Items per dimension, or null when the flags left out `PyBUF.ND`. */
    get shape(): readonly number[] | null;
    /** Byte step per dimension, or null when the flags left out `PyBUF.STRIDES`. */
    get strides(): readonly number[] | null;
    /** PIL-style suboffsets, or null for direct memory. */
    get suboffsets(): readonly number[] | null;
    /** `PyBuffer_IsContiguous(view, order)`. */
    isContiguous(order?: Order): boolean;
    /**
     * `PyBuffer_GetPointer(view, indices)` as a byte offset: from the start of
     * the exporter's memory for an {@link Exporter} of JS memory (the first
     * byte of its source), from the view's first item for other exporters.
     * Each index is checked against the shape (RangeError, `IndexError`).
     */
    getPointer(indices: readonly number[]): number;
    /**
     * `PyBuffer_ToContiguous`: the items packed in `order` into a new Buffer
     * of `len` bytes, or into `out` (exactly `len` bytes) when given. A new
     * Buffer owns its ArrayBuffer (it is not a slice of Node's pool), so
     * `new Float64Array(buf.buffer)` views exactly the packed items.
     */
    toContiguous(order?: Order): Buffer;
    toContiguous<T extends Uint8Array>(order: Order, out: T): T;
    /**
     * `PyBuffer_FromContiguous`: writes the items from `src`, packed in
     * `order`. Throws BufferError on a read-only view and RangeError when
     * `src` is not exactly `len` bytes.
     */
    fromContiguous(src: BinarySource, order?: Order): void;
    /**
     * The items as nested arrays, as `memoryview.tolist()` gives them for the
     * `struct` formats: numbers; bigints for 8-byte integers (`q`, `Q`, `n`,
     * `N`, `P`, and native `l`, `L`); booleans for `?`; Buffers for `c`, `s`
     * and `p`. An item of several values (`'2i'`, `'hd'`) is an array.
     */
    tolist(): NestedList;
    /** The item at `indices` (one per dimension, none for ndim 0), read as {@link PyBuffer.tolist} reads items. */
    get(...indices: number[]): Item;
    /**
     * Writes `value` to the item at `indices`, with the format's size,
     * signedness and byte order; the format must describe one value. Throws
     * BufferError on a read-only view, TypeError for a value of the wrong
     * kind, RangeError for one out of range.
     */
    set(value: SettableValue, ...indices: number[]): void;
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
     */
    toTypedArray(): TypedArray;
    /**
     * `PyBuffer_Release`: releases the view now. Calling it again does
     * nothing.
     */
    release(): void;
    /** {@link PyBuffer.release}, for `using`. */
    [Symbol.dispose](): void;
}
/**
 * `PyObject_GetBuffer(obj, flags)`: acquires a view.
 *
 * `obj` is an {@link Exporter}; a TypedArray, Buffer, DataView or
 * ArrayBuffer (or ndarray), exported with its natural layout; or a
 * PyObject C code handed to JS. The flags mean exactly what they mean for
 * CPython's memoryview: `PyBUF.WRITABLE` on a read-only exporter, or
 * `PyBUF.C_CONTIGUOUS` on a strided layout, throws BufferError.
 */
export declare function getBuffer(obj: BufferLike, flags?: number): PyBuffer;
/**
 * `PyBuffer_FillContiguousStrides`: the strides of a contiguous array of
 * `shape` with `itemsize`-byte items, in order `'F'`, or C for `'C'` and
 * `'A'`. Overflow is a RangeError.
 */
export declare function fillContiguousStrides(shape: readonly number[], itemsize: number, order?: Order): number[];
/** `PyBuffer_SizeFromFormat`: `struct.calcsize(format)`; TypeError (`struct.error`) for a bad format. */
export declare function sizeFromFormat(format: string): number;
/**
 * `PyObject_CopyData(dest, src)`: copies the items of `src` into `dest`.
 * Throws BufferError when `dest` is read-only or too small.
 */
export declare function copyData(dest: BufferLike, src: BufferLike): void;
/**
 * What an extension function accepts, and the Python object C receives:
 *
 * - `null`, `undefined` → `None`
 * - a boolean → `True` / `False`
 * - an integral number, a bigint → `int` (RangeError, code `OverflowError`,
 *   outside -2**127 to 2**127-1)
 * - any other number → `float`
 * - a string → `str`
 * - a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or
 *   ndarray → an exporter of that memory, zero-copy, as {@link exporter}
 *   makes it with its natural layout
 * - an {@link Exporter}, a {@link PyObjectHandle} → its object
 * - a {@link PyBuffer} → the object it is a view of (an object the
 *   extension made reaches it as itself, so it sees its own type)
 */
export type ExtensionArg = null | undefined | boolean | number | bigint | string | ExporterSource | Exporter | PyBuffer | PyObjectHandle;
/**
 * What an extension function returns: `None` → `undefined`; `bool`, `int`,
 * `float`, `str` → their JS values (an `int` outside the safe-integer
 * range → a bigint); an object that exports a buffer (an exporter type of
 * the extension, a memoryview) → a {@link PyBuffer}, a zero-copy view of
 * its memory, acquired with `PyBUF.FULL_RO` (writable when the exporter
 * allows it). The view keeps the object alive until it is released or
 * collected; then the exporter's release callback and dealloc run.
 */
export type ExtensionResult = undefined | boolean | number | bigint | string | PyBuffer;
/** A module attribute that has a JS value (see {@link ExtensionInfo.constants}). */
export type ExtensionConstant = undefined | boolean | number | bigint | string;
/** One function of an extension module. */
export interface ExtensionFunction {
    (...args: ExtensionArg[]): ExtensionResult;
    /** The function's name (`ml_name`). */
    readonly name: string;
    /** The function's name, as Python spells it. */
    readonly __name__: string;
    /** The module's name. */
    readonly __module__: string;
    /** The docstring without its signature line, or null. */
    readonly doc: string | null;
    /** The docstring without its signature line, or null, as Python spells it. */
    readonly __doc__: string | null;
    /** The signature line of the docstring (`"(img, axis)"`), or null. */
    readonly __text_signature__: string | null;
}
/**
 * A loaded extension module: one {@link ExtensionFunction} per function of
 * its method table. `Names` may list them for stricter typing, e.g.
 * `loadExtension<'invert' | 'mean'>(path)`.
 */
export type Extension<Names extends string = string> = {
    readonly [K in Names]: ExtensionFunction;
};
/** What {@link extensionInfo} tells about a loaded extension module. */
export interface ExtensionInfo {
    /** The module's name (`m_name`). */
    readonly name: string;
    /** The module's docstring, or null. */
    readonly doc: string | null;
    /** The library's canonical path. */
    readonly path: string;
    /** The names of its functions, in table order. */
    readonly functions: readonly string[];
    /**
     * The module's attributes that are None, bool, int, float or str
     * (`PyModule_AddIntConstant`, `PyModule_AddStringConstant`, …), as JS
     * values. Other attributes (types, buffers) are left out.
     */
    readonly constants: Readonly<Record<string, ExtensionConstant>>;
}
/**
 * Loads the C extension module at `path` — a shared library built against
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
 * table (`METH_NOARGS`, `METH_O`, `METH_FASTCALL`; a `METH_VARARGS`
 * function throws `NotImplementedError` when called). Arguments and
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
export declare function loadExtension<Names extends string = string>(path: string, name?: string): Extension<Names>;
/** The name, docstring, path, function names and constants of a module {@link loadExtension} loaded. */
export declare function extensionInfo(ext: Extension): ExtensionInfo;
export {};
