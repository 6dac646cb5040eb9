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
    /** The dotted name Python prints for the exception's type (`"_block.LZ4BlockError"`, `"ValueError"`). */
    readonly pythonType: string;
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
    readonly STRIDES: 24;
    readonly C_CONTIGUOUS: 56;
    readonly F_CONTIGUOUS: 88;
    readonly ANY_CONTIGUOUS: 152;
    readonly INDIRECT: 280;
    readonly CONTIG: 9;
    readonly CONTIG_RO: 8;
    readonly STRIDED: 25;
    readonly STRIDED_RO: 24;
    readonly RECORDS: 29;
    readonly RECORDS_RO: 28;
    readonly FULL: 285;
    readonly FULL_RO: 284;
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
    /**
     * Bytes per item; must equal `sizeFromFormat(format)` when given. Giving
     * it also says that a format whose item size differs from a TypedArray
     * source's element size is meant (see {@link Layout.reinterpret}).
     */
    readonly itemsize?: number;
    /** Items per dimension (at most 64 dimensions); defaults to all items in 1-D. */
    readonly shape?: readonly number[];
    /**
     * Step per dimension, negative or zero allowed, in bytes (or in items
     * with `unit: 'items'`); defaults to C-contiguous.
     */
    readonly strides?: readonly number[];
    /**
     * Offset of the first item within the source, in bytes (or in items with
     * `unit: 'items'`); defaults to 0.
     */
    readonly offset?: number;
    /**
     * The unit of `strides` and `offset`: `'bytes'` (the default, as in
     * CPython's `Py_buffer`) or `'items'`, multiples of the item size
     * (`sizeFromFormat(format)`), as ndarrays count them: a Float32 image's
     * row stride is its width rather than `width * 4`. Converted to bytes
     * exactly, then validated as byte layouts are.
     */
    readonly unit?: 'bytes' | 'items';
    /**
     * Reinterpret a TypedArray's bytes with a format whose item size differs
     * from its element size (`exporter(f32, { format: 'd' })`). Without it
     * (or an explicit `itemsize`) that is a TypeError naming both sizes, as
     * it is rarely meant. Byte sources (Uint8Array, Int8Array,
     * Uint8ClampedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer)
     * are untyped memory and take any format.
     */
    readonly reinterpret?: boolean;
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
export type BufferLike = Exporter<string> | PyObjectHandle | ExporterSource | ExtensionObject;
/** One value read from an item. */
export type Scalar = number | bigint | boolean | Buffer;
/** An item: one value, or an array of values for formats with several. */
export type Item = Scalar | Scalar[];
/** What {@link PyBuffer.tolist} returns: items nested `ndim` deep. */
export type NestedList = Item | NestedList[];
/**
 * One dimension's slice for {@link PyBuffer.slice}: `[start, stop, step]`
 * as Python's `start:stop:step`, each omitted or null for Python's `None`.
 */
export type SliceSpec = readonly [start?: number | null, stop?: number | null, step?: number | null];
/** A value {@link PyBuffer.set} accepts. */
export type SettableValue = number | bigint | boolean | Uint8Array;
/** A `struct` byte-order prefix: native `'@'` (or none), or standard `'='`, `'<'`, `'>'`, `'!'`. */
type StandardPrefix = '=' | '<' | '>' | '!';
/** The TypedArray of one format character, in native (`@`) or standard sizes. */
type TypedArrayOfChar<C extends string, Native extends boolean> = C extends 'b' ? Int8Array : C extends 'B' | '?' | 'c' ? Uint8Array : C extends 'h' ? Int16Array : C extends 'H' ? Uint16Array : C extends 'i' ? Int32Array : C extends 'I' ? Uint32Array : C extends 'f' ? Float32Array : C extends 'd' ? Float64Array : C extends 'q' ? BigInt64Array : C extends 'Q' ? BigUint64Array : C extends 'n' ? Native extends true ? BigInt64Array : never : C extends 'N' | 'P' ? Native extends true ? BigUint64Array : never : C extends 'l' ? Native extends true ? NativeLongArray : Int32Array : C extends 'L' ? Native extends true ? NativeULongArray : Uint32Array : TypedArray;
/** `long` is 8 bytes on 64-bit Linux and macOS, 4 on Windows. */
type NativeLongArray = BigInt64Array | Int32Array;
/** `unsigned long`: as {@link NativeLongArray}. */
type NativeULongArray = BigUint64Array | Uint32Array;
/**
 * The TypedArray {@link PyBuffer.toTypedArray} returns for format `F`:
 * `Float64Array` for `'d'`, `BigInt64Array` for `'q'` or `'<q'`, … and
 * {@link TypedArray} when `F` is not a literal type (or is a format
 * toTypedArray refuses at run time, such as `'2i'`).
 */
export type TypedArrayFor<F extends string> = F extends `${StandardPrefix}${infer C}` ? TypedArrayOfChar<C, false> : F extends `@${infer C}` ? TypedArrayOfChar<C, true> : TypedArrayOfChar<F, true>;
/** The value one format character reads as (see {@link PyBuffer.tolist}). */
type ScalarOfChar<C extends string, Native extends boolean> = C extends 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'f' | 'd' | 'e' ? number : C extends 'q' | 'Q' | 'n' | 'N' | 'P' ? bigint : C extends 'l' | 'L' ? Native extends true ? bigint | number : number : C extends '?' ? boolean : C extends 'c' | 's' | 'p' | `${number}s` | `${number}p` ? Buffer : Item;
/**
 * The item {@link PyBuffer.get} returns for format `F`: number, bigint
 * (8-byte integers), boolean (`'?'`), Buffer (`'c'`, `'s'`, `'p'`), or
 * {@link Item} for a format of several values or one not known statically.
 */
export type ItemFor<F extends string> = F extends `${StandardPrefix}${infer C}` ? ScalarOfChar<C, false> : F extends `@${infer C}` ? ScalarOfChar<C, true> : ScalarOfChar<F, true>;
/** The format of a JS source's elements, as {@link exporter} gives it. */
export type SourceFormat<S> = S extends Int8Array ? 'b' : S extends Uint8Array | Uint8ClampedArray ? 'B' : S extends Int16Array ? 'h' : S extends Uint16Array ? 'H' : S extends Int32Array ? 'i' : S extends Uint32Array ? 'I' : S extends Float32Array ? 'f' : S extends Float64Array ? 'd' : S extends BigInt64Array ? 'q' : S extends BigUint64Array ? 'Q' : S extends DataView | ArrayBuffer | SharedArrayBuffer ? 'B' : S extends {
    readonly data: infer D;
} ? SourceFormat<D> : string;
/** The format an exporter of `S` with layout `L` has: `L.format` when given, else the source's. */
export type LayoutFormat<S, L> = L extends {
    readonly format: infer F extends string;
} ? F : 'format' extends keyof L ? string : SourceFormat<S>;
/** The format of what {@link getBuffer} is given, when known. */
export type FormatOf<T> = [T] extends [never] ? string : T extends Exporter<infer F> ? F : T extends PyObjectHandle ? string : SourceFormat<T>;
/**
 * The `PyBUF` requests that include `PyBUF.FORMAT`, so that a view's
 * format is its exporter's: `FORMAT`, `RECORDS`, `RECORDS_RO`, `FULL`,
 * `FULL_RO`. Other requests type the view's format as `string`.
 */
export type FormatRequest = typeof PyBUF.FORMAT | typeof PyBUF.RECORDS | typeof PyBUF.RECORDS_RO | typeof PyBUF.FULL | typeof PyBUF.FULL_RO;
declare const TOKEN: unique symbol;
/**
 * A PyObject that exports JS memory through the buffer protocol, made by
 * {@link exporter}. It aliases the memory (no copy) and keeps it alive
 * while any view of it exists.
 */
export declare class Exporter<F extends string = string> implements Disposable {
    #private;
    /** The PyObject, for C code and {@link getBuffer}. */
    readonly handle: PyObjectHandle;
    /** The JS memory (or ndarray) the exporter was made from. */
    readonly source: ExporterSource;
    /** The item format it exports (`layout.format`, or the source's). */
    readonly format: F;
    /** Not for use: call {@link exporter}. */
    constructor(token: typeof TOKEN, handle: PyObjectHandle, source: ExporterSource, format: F);
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
export declare function exporter<const S extends ExporterSource, const L extends Layout = Record<never, never>>(source: S, layout?: L): Exporter<LayoutFormat<S, L>>;
/** What {@link setDebugLeaks} reports for a view released by the garbage collector. */
export interface LeakReport {
    /** The stack where the view was acquired. */
    readonly stack: string;
    /** The view's exporter type and flags, or the instance's Python type. */
    readonly description: string;
    /** What leaked: a view (`'view'`, when absent) or an extension class instance (`'instance'`). */
    readonly kind?: 'view' | 'instance';
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
 * that becomes unreachable unreleased is released after garbage collection
 * (see {@link setDebugLeaks}). Every property but
 * `released`, and every method but `release()`, throws BufferError on a
 * released view.
 */
export declare class PyBuffer<F extends string = string> implements Disposable {
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
    /**
     * The item format, or null when the flags left out `PyBUF.FORMAT`
     * (meaning `'B'`). Typed as the exporter's format when TypeScript knows
     * it (see {@link getBuffer}).
     */
    get format(): F | null;
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
    /**
     * The item at `indices` (one per dimension, none for ndim 0), read as
     * {@link PyBuffer.tolist} reads items; typed by the format when
     * TypeScript knows it ({@link ItemFor}: a number for `'d'`, a bigint for
     * `'q'`, …).
     */
    get(...indices: number[]): ItemFor<F>;
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
     *
     * `order` is the order of the items, as for {@link PyBuffer.toContiguous}:
     * `'F'` gives them column-major (zero-copy under the same conditions for
     * an F-contiguous view), `'A'` column-major for a view that is
     * F-contiguous and not C-contiguous. The result is typed by the format
     * when TypeScript knows it ({@link TypedArrayFor}: a Float64Array for
     * `'d'`, …): `toTypedArray('F')` is the typed form of `toContiguous('F')`.
     */
    toTypedArray(order?: Order): TypedArrayFor<F>;
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
    slice(...slices: readonly SliceSpec[]): PyBuffer<F>;
    /**
     * A view with the dimensions reordered: dimension `i` of the result is
     * dimension `axes[i]` of this view (negative axes count from the end),
     * as numpy's `transpose(axes)`. A RangeError (`ValueError`) unless `axes`
     * names every dimension once; a BufferError for a view with indirect
     * (suboffset) dimensions. See {@link PyBuffer.slice} for how derived
     * views share the export.
     */
    permute(axes: readonly number[]): PyBuffer<F>;
    /** The view with its dimensions reversed (rows become columns): {@link PyBuffer.permute} of `[ndim-1, …, 0]`. */
    transpose(): PyBuffer<F>;
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
    cast<const G extends string>(format: G, shape?: readonly number[]): PyBuffer<G>;
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
export declare function getBuffer<T extends BufferLike>(obj: T, flags?: FormatRequest): PyBuffer<FormatOf<T>>;
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
 * A real Python `bytes` object holding a copy of `data`, as a Buffer over
 * its memory (zero-copy). Passed to an extension, the Buffer is that
 * `bytes` object, so `y#`, `s#` and `PyBytes_Check` accept it. Do not write
 * to it: `bytes` are immutable in C.
 */
export declare function bytes(data: ArrayBufferView | ArrayBuffer | readonly number[]): Buffer;
/**
 * A real Python `bytearray` holding a copy of `data`, as a Buffer over its
 * memory (zero-copy; the Buffer holds an export, so C cannot resize it while
 * the Buffer lives). Passed to an extension, the Buffer is that bytearray.
 */
export declare function bytearray(data: ArrayBufferView | ArrayBuffer | readonly number[]): Buffer;
/** True for a Buffer that is a Python `bytes` object (an extension's result, or made by {@link bytes}). */
export declare function isBytes(buf: unknown): boolean;
/** True for a Buffer that is a Python `bytearray` (an extension's result, or made by {@link bytearray}). */
export declare function isBytearray(buf: unknown): boolean;
/**
 * Keyword arguments of an extension call, made by {@link kwargs}. Only an
 * instance of this class, as the last argument, is taken as keywords: a
 * plain object never is.
 */
export declare class Kwargs {
    #private;
    /** The keywords' names and values, in the order given. */
    readonly entries: ReadonlyArray<readonly [string, ExtensionArg]>;
    /** Use {@link kwargs}. */
    constructor(values: Readonly<Record<string, ExtensionArg>>);
}
/**
 * Marks keyword arguments for an extension call, passed as its last
 * argument: `ext.compress(data, kwargs({ level: 9 }))` calls
 * `compress(data, level=9)`. Keywords the function does not take raise
 * CPython's TypeError.
 */
export declare function kwargs(values: Readonly<Record<string, ExtensionArg>>): Kwargs;
/** A `tuple` argument, made by {@link tuple}. */
export declare class PyTuple {
    #private;
    /** The items, converted as arguments are. */
    readonly items: readonly ExtensionArg[];
    /** Use {@link tuple}. */
    constructor(items: readonly ExtensionArg[]);
}
/** Passes `items` to an extension as a `tuple` (a plain array is a `list`). */
export declare function tuple(items: readonly ExtensionArg[]): PyTuple;
/** A `frozenset` argument, made by {@link frozenset}. */
export declare class PyFrozenSet {
    #private;
    /** The items, converted as arguments are (duplicates collapse in Python). */
    readonly items: readonly ExtensionArg[];
    /** Use {@link frozenset}. */
    constructor(items: Iterable<ExtensionArg>);
}
/**
 * Passes `items` (an array, a `Set`, any iterable) to an extension as a
 * `frozenset` (a JS `Set` is a `set`).
 */
export declare function frozenset(items: Iterable<ExtensionArg>): PyFrozenSet;
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
export type ExtensionArg = readonly ExtensionArg[] | PyTuple | ReadonlySet<ExtensionArg> | PyFrozenSet | null | undefined | boolean | number | bigint | string | ExporterSource | Exporter | PyBuffer | PyObjectHandle | ExtensionObject | ExtensionClass | ExtensionErrorClass | ExtensionFunction<never, unknown>;
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
export type ExtensionResult = undefined | boolean | number | bigint | string | Buffer | PyBuffer | ExtensionObject | ExtensionClass | ExtensionErrorClass | ExtensionResult[] | Map<ExtensionResult, ExtensionResult> | Set<ExtensionResult> | ExtensionIterator | ExtensionFunction | PyObjectHandle | {
    [key: string]: ExtensionResult;
};
/**
 * A Python iterator a call returned, as a JS iterator (also iterable, so
 * `for (const x of it)` and `[...it]` work): each `next()` runs the
 * iterator's `__next__` under the GIL and converts the item as a result;
 * its errors throw (a `RuntimeError` such as "Set changed size during
 * iteration" included). The Python object is released when the iterator
 * is exhausted, when `return()` is called (a `break` out of `for...of`),
 * or when the JS object is collected.
 */
export type ExtensionIterator = IterableIterator<ExtensionResult>;
/** A module attribute that has a JS value (see {@link ExtensionInfo.constants}). */
export type ExtensionConstant = undefined | boolean | number | bigint | string;
/** The arguments an extension function takes when nothing narrower is known. */
export type ExtensionArgs = Array<ExtensionArg | Kwargs>;
/**
 * One function of an extension module, or a method bound to an instance.
 * `A` and `R` type its arguments and result when you know them, e.g.
 * `ExtensionFunction<[data: Uint8Array, kw?: Kwargs], Buffer>`.
 */
export interface ExtensionFunction<A extends unknown[] = ExtensionArgs, R = ExtensionResult> {
    /** Calls the function; a last {@link Kwargs} argument gives keyword arguments. */
    (...args: A): R;
    /** The function's name (`ml_name`). */
    readonly name: string;
    /** The function's name, as Python spells it. */
    readonly __name__: string;
    /** The dotted name within its module (`"xxh64.update"` for a method). */
    readonly __qualname__: string;
    /** The module's name. */
    readonly __module__: string;
    /** The docstring without its signature line, or null. */
    readonly doc: string | null;
    /** The docstring without its signature line, or null, as Python spells it. */
    readonly __doc__: string | null;
    /** The signature line of the docstring (`"(img, axis)"`), or null (module functions only). */
    readonly __text_signature__?: string | null;
    /**
     * Calls the function off the main thread: the arguments convert now, the
     * call runs on the libuv thread pool holding the GIL (so a function that
     * releases it runs in parallel with other calls and with JS), and the
     * promise resolves with the result converted as a sync call's, or
     * rejects with the error a sync call throws. JS memory among the
     * arguments stays pinned until it settles: closing its {@link Exporter}
     * meanwhile throws a BufferError.
     */
    readonly async: (...args: A) => Promise<Awaited<R>>;
}
/**
 * A method of an extension class, bound to its instance: `obj.update` is
 * the same function each time, and calls the method on `obj` even when
 * called alone.
 */
export type ExtensionMethod<A extends unknown[] = ExtensionArgs, R = ExtensionResult> = ExtensionFunction<A, R>;
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
    readonly closed: boolean;
    /** Releases the Python object now; a second call does nothing. */
    close(): void;
}
/** The base class of every extension class, for `instanceof`. */
export declare const ExtensionObject: abstract new () => ExtensionObject;
/**
 * The JS class of an extension type: `new T(...args, kwargs({...}))` calls
 * the type (`tp_new`, then `tp_init`). `I` is the instance type and `A`
 * the constructor's arguments; class and static methods are properties of
 * the class (type them in an interface that extends this one).
 */
export interface ExtensionClass<I extends ExtensionObject = ExtensionObject, A extends unknown[] = ExtensionArgs> {
    new (...args: A): I;
    /** Calls the type as `new` does, as Python's `T(...)` (cffi's `ffi.buffer(cdata)`). */
    (...args: A): I;
    readonly prototype: I;
    /** The type's `__name__`. */
    readonly name: string;
    /** The type's `__name__`, as Python spells it. */
    readonly __name__: string;
    /** The type's module. */
    readonly __module__: string;
    /** The dotted name Python prints (`"xxhash.xxh64"`). */
    readonly pythonType: string;
    /** The type's docstring, or null. */
    readonly doc: string | null;
    /** The type's docstring, or null, as Python spells it. */
    readonly __doc__: string | null;
}
/** An error raised as a module's own exception class. */
export type ExtensionError = Error & {
    /** The exception type's `__name__` (`"LZ4BlockError"`). */
    readonly code: string;
    /** The dotted name Python prints (`"_block.LZ4BlockError"`). */
    readonly pythonType: string;
};
/**
 * The JS class of an exception class a module creates
 * (`PyErr_NewException`): raised instances are `instanceof` it, its
 * bases, and the JS class its nearest built-in base maps to ({@link PyError},
 * `TypeError`, `RangeError` or {@link BufferError}).
 */
export interface ExtensionErrorClass<E extends ExtensionError = ExtensionError> {
    new (message?: string): E;
    readonly prototype: E;
    readonly name: string;
    readonly __name__: string;
    readonly __module__: string;
    readonly pythonType: string;
    readonly doc: string | null;
    readonly __doc__: string | null;
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
export type Extension<Api extends string | object = string> = [Api] extends [string] ? {
    readonly [K in Api & string]: ExtensionFunction;
} : Readonly<Api>;
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
    /** The names of its classes (types in its dict), in dict order. */
    readonly classes: readonly string[];
    /** The names of its exception classes, in dict order. */
    readonly exceptions: readonly string[];
    /**
     * The module's attributes that are None, bool, int, float or str
     * (`PyModule_AddIntConstant`, `PyModule_AddStringConstant`, …), as JS
     * values. Other attributes (types, buffers) are left out.
     */
    readonly constants: Readonly<Record<string, ExtensionConstant>>;
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
export declare function loadExtension<Api extends string | object = string>(path: string | URL, name?: string): Extension<Api>;
/** The name, docstring, path, function, class and exception names and constants of a module {@link loadExtension} loaded. */
export declare function extensionInfo(ext: object): ExtensionInfo;
/**
 * Python's `len(obj)` for an instance of an extension class (or a
 * {@link PyObjectHandle}): its type's `sq_length` or `mp_length`. Anything
 * else throws CPython's TypeError, `object of type 'X' has no len()`.
 */
export declare function len(obj: ExtensionObject | PyObjectHandle): number;
/**
 * Python's `obj(*args, **kwargs)` for an instance of an extension class
 * whose type is callable (`tp_call`), keywords by a last {@link kwargs}:
 * the arguments convert as a function's do, the result as results do. A
 * type that is not callable throws CPython's `TypeError: 'T' object is not
 * callable`.
 */
export declare function call(obj: ExtensionObject | PyObjectHandle, ...args: ExtensionArgs): ExtensionResult;
/**
 * Python's `obj[key]` (`PyObject_GetItem`: `mp_subscript`, else
 * `sq_item`) for an instance of an extension class (or a
 * {@link PyObjectHandle}); `key` converted as arguments are, the item as
 * results are. A missing key throws the extension's error (`KeyError`,
 * `IndexError`) as a {@link PyError}.
 */
export declare function getItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg): ExtensionResult;
/** Python's `obj[key] = value` (`PyObject_SetItem`); see {@link getItem}. */
export declare function setItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg, value: ExtensionArg): void;
/** Python's `del obj[key]` (`PyObject_DelItem`); see {@link getItem}. */
export declare function delItem(obj: ExtensionObject | PyObjectHandle, key: ExtensionArg): void;
/**
 * Python's `value in obj` (`PySequence_Contains`: `sq_contains`, else
 * iteration), for an instance of an extension class.
 */
export declare function contains(obj: ExtensionObject | PyObjectHandle, value: ExtensionArg): boolean;
/** Python's `repr(obj)` (`PyObject_Repr`) for an instance of an extension class. */
export declare function repr(obj: ExtensionObject | PyObjectHandle): string;
/** Python's `str(obj)` (`PyObject_Str`) for an instance of an extension class. */
export declare function str(obj: ExtensionObject | PyObjectHandle): string;
/**
 * Python's `hash(obj)` (`PyObject_Hash`) for an instance of an extension
 * class: a number, or a bigint beyond 2**53 as ints convert. An unhashable
 * type throws CPython's `TypeError: unhashable type: 'T'`.
 */
export declare function hash(obj: ExtensionObject | PyObjectHandle): number | bigint;
export {};
