"use strict";
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
var _a;
Object.defineProperty(exports, "__esModule", { value: true });
exports.ExtensionObject = exports.PyFrozenSet = exports.PyTuple = exports.Kwargs = exports.__internal = exports.PyBuffer = exports.Exporter = exports.PyObjectHandle = exports.PyBUF = exports.BufferError = exports.PyError = void 0;
exports.exporter = exporter;
exports.setDebugLeaks = setDebugLeaks;
exports.gcReleasedCount = gcReleasedCount;
exports.getBuffer = getBuffer;
exports.fillContiguousStrides = fillContiguousStrides;
exports.sizeFromFormat = sizeFromFormat;
exports.copyData = copyData;
exports.bytes = bytes;
exports.bytearray = bytearray;
exports.isBytes = isBytes;
exports.isBytearray = isBytearray;
exports.kwargs = kwargs;
exports.tuple = tuple;
exports.frozenset = frozenset;
exports.loadExtension = loadExtension;
exports.extensionInfo = extensionInfo;
exports.len = len;
exports.call = call;
exports.getItem = getItem;
exports.setItem = setItem;
exports.delItem = delItem;
exports.contains = contains;
exports.repr = repr;
exports.str = str;
exports.hash = hash;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const node_url_1 = require("node:url");
const node_util_1 = require("node:util");
const node_v8_1 = require("node:v8");
// Where the addon comes from, in the order tried (the napi-rs package
// template's rule): pybuffer.<platform>.node next to this file, built from
// source (`npm install` in a checkout, or an install that found no
// prebuilt binary); then the prebuilt platform package pybuffer-<platform>,
// one of this package's optionalDependencies. crates/node/build-addon.mjs
// names the binaries with the same rule; keep the two in step.
/** Whether this Linux process runs on musl rather than glibc. */
function isMusl() {
    // ldd is a script naming its libc on glibc and musl alike; reading it is
    // much cheaper than a diagnostic report.
    try {
        return (0, node_fs_1.readFileSync)('/usr/bin/ldd', 'utf8').includes('musl');
    }
    catch {
        // No ldd (a minimal container): ask the runtime which libc it linked.
    }
    // excludeNetwork is Node 20.13+, newer than the @types/node this builds with.
    const report = process.report;
    if (typeof report?.getReport !== 'function')
        return false;
    const excludeNetwork = report.excludeNetwork;
    report.excludeNetwork = true; // the network section costs DNS lookups
    try {
        const r = report.getReport();
        if (r.header?.glibcVersionRuntime)
            return false;
        return (r.sharedObjects ?? []).some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'));
    }
    finally {
        report.excludeNetwork = excludeNetwork;
    }
}
/** The platform name `napi build --platform` gives the binary, e.g. linux-x64-gnu. */
function platformSuffix() {
    const { platform, arch } = process;
    if (platform === 'linux')
        return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
    if (platform === 'win32')
        return `win32-${arch}-msvc`;
    return `${platform}-${arch}`;
}
function loadNative() {
    const suffix = platformSuffix();
    const pkg = `pybuffer-${suffix}`;
    const failures = [];
    for (const candidate of [(0, node_path_1.join)(__dirname, `pybuffer.${suffix}.node`), pkg]) {
        try {
            return require(candidate);
        }
        catch (e) {
            const err = e;
            if (err.code !== 'MODULE_NOT_FOUND') {
                failures.push(`  ${candidate} failed to load: ${String(err.message).split('\n')[0]}`);
            }
        }
    }
    throw new Error(missingAddonMessage(suffix, pkg, failures));
}
/** What to do when no addon loads, for the consumer who installed pybuffer. */
function missingAddonMessage(suffix, pkg, failures) {
    const own = require('./package.json');
    const fromSource = 'build it from source (needs cargo and a C compiler; https://rustup.rs): ' +
        '`npm rebuild pybuffer`, with PYBUFFER_BUILD_FROM_SOURCE=1 set if the prebuilt addon is installed but does not load';
    const lines = [`pybuffer: the native addon for ${suffix} could not be loaded.`, ...failures];
    if (own.optionalDependencies?.[pkg] !== undefined) {
        lines.push(`Install the prebuilt addon, the optional dependency ${pkg}: \`npm install ${pkg}@${own.version}\``, '(npm leaves optional dependencies out with --omit=optional, or when package-lock.json was written on another platform);', `or ${fromSource}.`);
    }
    else {
        lines.push(`pybuffer ${own.version} has no prebuilt addon for ${suffix}: ${fromSource}.`);
    }
    return lines.join('\n');
}
const native = loadNative();
// The calls made per view or per item, read off the addon's exports once:
// a property load from that object costs more than a small call does.
const { viewAcquire, viewRelease, viewToContiguous, viewToContiguousFresh, viewFromContiguous, viewGet, viewGetAt, viewSetNumber, viewSetNumberAt, viewSetBigint, viewSetBool, viewSetBytes, } = native;
// ==========================================================================
// Errors
// ==========================================================================
/**
 * A Python exception with no closer JS equivalent (`SystemError`,
 * `MemoryError`, `NotImplementedError`, or a C extension's own type).
 * `code` is the Python exception's name.
 */
class PyError extends Error {
    /** The Python exception's name, e.g. `"BufferError"` or `"SystemError"`. */
    code;
    constructor(message, code = 'Exception') {
        super(message);
        this.code = code;
        this.name = new.target.name;
        Object.defineProperty(this, 'pythonType', { value: code, enumerable: false, writable: true, configurable: true });
    }
}
exports.PyError = PyError;
/** CPython's `BufferError`: a buffer request or operation was refused. */
class BufferError extends PyError {
    constructor(message, code = 'BufferError') {
        super(message, code);
    }
}
exports.BufferError = BufferError;
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
]);
/** The JS class a Python exception of the built-in `kind` becomes. */
function errorClassFor(kind) {
    if (kind === 'BufferError')
        return BufferError;
    if (kind === 'TypeError' || kind === 'struct.error')
        return TypeError;
    if (RANGE_KINDS.has(kind))
        return RangeError;
    return PyError;
}
function makeError(kind, code, message, pythonType = code, typeKeys = '') {
    // A module's own exception class (extension.ts), else the built-in's.
    const own = typeKeys === '' ? undefined : (0, extension_1.extensionErrorClass)(typeKeys);
    let err;
    if (own !== undefined) {
        err = new own(message);
    }
    else if (kind === 'BufferError') {
        err = new BufferError(message, code);
    }
    else if (kind === 'TypeError' || kind === 'struct.error') {
        err = new TypeError(message);
    }
    else if (RANGE_KINDS.has(kind)) {
        err = new RangeError(message);
    }
    else {
        err = new PyError(message, code);
    }
    Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
    // The dotted name Python prints (`_block.LZ4BlockError`, `ValueError`).
    Object.defineProperty(err, 'pythonType', { value: pythonType, enumerable: false, writable: true, configurable: true });
    return err;
}
/** Turns an error thrown by the addon into the JS error it stands for. */
function convert(e) {
    if (e instanceof Error && e.message.charCodeAt(0) === 1) {
        // \1kind\1code\1pythonType\1typeKeys\1message (crates/node/src/errors.rs)
        const parts = e.message.split('\u0001');
        const code = parts[2] ?? 'Exception';
        return makeError(parts[1] ?? 'Exception', code, parts.slice(5).join('\u0001'), parts[3] ?? code, parts[4] ?? '');
    }
    return e;
}
function rangeError(message, code = 'ValueError') {
    return makeError('ValueError', code, message);
}
function typeError(message, code = 'TypeError') {
    return makeError('TypeError', code, message);
}
// ==========================================================================
// Flags and types
// ==========================================================================
/** The `PyBUF_*` request flags, with CPython's values. */
exports.PyBUF = Object.freeze({
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
});
/** The class of {@link PyObjectHandle} values, for `instanceof`. */
exports.PyObjectHandle = native.PyObjectHandle;
// ==========================================================================
// Sources
// ==========================================================================
// What exporter() reads of JS memory it reads through internal slots, in
// the addon (crates/node/src/bytes.rs) or through these getters, taken from
// the prototypes when pybuffer loads: a subclass or an own property (a
// `byteLength` getter, `Symbol.toStringTag`, `resizable`) cannot change it.
const resizableGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
const growableGetter = Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'growable')?.get;
/** Whether an ArrayBuffer is resizable or a SharedArrayBuffer growable, by its internal slots. */
function isResizable(buffer) {
    const getter = node_util_1.types.isSharedArrayBuffer(buffer) ? growableGetter : resizableGetter;
    return getter !== undefined && Reflect.apply(getter, buffer, []) === true;
}
/**
 * The bytes of a TypedArray, DataView, ArrayBuffer or SharedArrayBuffer as
 * a Uint8Array over exactly them, made from internal slots, and their
 * element format and size. TypeError for other values and for detached or
 * resizable memory.
 */
function sourceOf(src, what) {
    let value;
    if (node_util_1.types.isSharedArrayBuffer(src)) {
        // N-API cannot read a SharedArrayBuffer; a Uint8Array over it, it can.
        if (isResizable(src)) {
            throw typeError(`${what}: resizable ArrayBuffers and growable SharedArrayBuffers cannot be exported`);
        }
        value = new Uint8Array(src);
    }
    else if (node_util_1.types.isTypedArray(src) || node_util_1.types.isDataView(src) || node_util_1.types.isArrayBuffer(src)) {
        value = src;
    }
    else {
        throw typeError(`${what} must be a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or ndarray`);
    }
    let buffer;
    try {
        buffer = native.sourceInfo(value, sourceFields);
    }
    catch (e) {
        throw convert(e);
    }
    if (isResizable(buffer)) {
        throw typeError(`${what}: resizable ArrayBuffers and growable SharedArrayBuffers cannot be exported`);
    }
    const [type, elementSize, byteOffset, byteLength] = sourceFields;
    return { bytes: new Uint8Array(buffer, byteOffset, byteLength), format: ELEMENT_FORMATS[type] ?? 'B', elementSize };
}
/** What `sourceInfo` writes: element type, element size, byte offset, byte length. */
const sourceFields = new Float64Array(4);
/** The `struct` format of each N-API TypedArray type, by its number. */
const ELEMENT_FORMATS = ['b', 'B', 'B', 'h', 'H', 'i', 'I', 'f', 'd', 'q', 'Q'];
function isObject(x) {
    return typeof x === 'object' && x !== null;
}
function isScijs(x) {
    return isObject(x) && 'data' in x && 'shape' in x && 'stride' in x && 'offset' in x;
}
function isStdlib(x) {
    return isObject(x) && 'data' in x && 'shape' in x && 'strides' in x && 'offset' in x && 'dtype' in x;
}
/**
 * `value` as a layout integer. A whole number past 2**53 - 1 is a
 * RangeError that says so: it is an integer, just not one a layout can hold
 * exactly.
 */
function checkInt(value, what) {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw typeError(`${what} must be an integer, got ${typeof value === 'number' ? value : typeof value}`);
    }
    if (!Number.isSafeInteger(value)) {
        throw rangeError(`${what} is ${value}, beyond Number.MAX_SAFE_INTEGER (2**53 - 1) in magnitude`, 'OverflowError');
    }
    return value;
}
/**
 * An item index for the addon. A whole number past 2**53 - 1 is out of
 * bounds for every view (none holds 2**53 items), so it is clamped there and
 * the addon reports the bound, as Python reports `m[2**60]`.
 */
function indexArg(v, i) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw typeError(`index ${i} must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
    }
    return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v));
}
function checkIntArray(value, what) {
    if (!Array.isArray(value) && !node_util_1.types.isTypedArray(value)) {
        throw typeError(`${what} must be an array of integers`);
    }
    const arr = value;
    const out = new Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
        // A hole is not an integer, whatever Array.prototype holds at its index.
        const v = Object.prototype.hasOwnProperty.call(arr, i) ? arr[i] : undefined;
        out[i] = checkInt(v, `${what}[${i}]`);
    }
    return out;
}
/** A layout in bytes from an ndarray's element strides and offset. */
function ndarrayLayout(shape, strides, offset, elementSize, what) {
    const sh = checkIntArray(shape, `${what}.shape`);
    const st = checkIntArray(strides, `${what}.strides`);
    const off = checkInt(offset, `${what}.offset`);
    return { shape: sh, strides: st.map((s) => s * elementSize), offset: off * elementSize };
}
/** `struct.calcsize(format)`, or null for a format that is not valid. */
function formatSizeOrNull(format) {
    try {
        return native.sizeFromFormat(format);
    }
    catch {
        return null;
    }
}
/** A count of `itemsize`-byte items in bytes, exactly, or RangeError (`OverflowError`). */
function itemsToBytes(count, itemsize, what) {
    const bytes = count * itemsize;
    if (!Number.isSafeInteger(bytes)) {
        throw rangeError(`${what} is ${count} items of ${itemsize} bytes, beyond Number.MAX_SAFE_INTEGER (2**53 - 1) bytes`, 'OverflowError');
    }
    return bytes;
}
function createHandle(source, layout) {
    if (layout !== undefined && !isObject(layout)) {
        throw typeError('layout must be an object');
    }
    // The source's memory is read (again) by the addon after every getter of
    // the layout has run: one that detaches it is reported as such.
    let src;
    let fromNd;
    if (node_util_1.types.isTypedArray(source) || node_util_1.types.isDataView(source) || node_util_1.types.isAnyArrayBuffer(source)) {
        src = sourceOf(source, 'source');
    }
    else if (isStdlib(source) || isScijs(source)) {
        const data = source.data;
        if (!node_util_1.types.isTypedArray(data)) {
            throw typeError('source.data must be a TypedArray (generic and complex ndarrays cannot be exported)');
        }
        src = sourceOf(data, 'source.data');
        const strides = isStdlib(source) ? source.strides : source.stride;
        fromNd = ndarrayLayout(source.shape, strides, source.offset, src.elementSize, 'source');
    }
    else {
        throw typeError('source must be a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or ndarray');
    }
    // Own properties only, onto an object without a prototype: a property
    // someone added to Object.prototype (`offset`, `shape`, `readonly`) is
    // not part of every layout.
    // Each getter of `layout` runs once, here.
    const given = Object.setPrototypeOf({ ...layout }, null);
    const l = Object.setPrototypeOf({ ...fromNd, ...given }, null);
    if (l.format !== undefined && typeof l.format !== 'string')
        throw typeError('layout.format must be a string');
    if (l.readonly !== undefined && typeof l.readonly !== 'boolean')
        throw typeError('layout.readonly must be a boolean');
    if (l.reinterpret !== undefined && typeof l.reinterpret !== 'boolean') {
        throw typeError('layout.reinterpret must be a boolean');
    }
    if (l.unit !== undefined && l.unit !== 'bytes' && l.unit !== 'items') {
        throw typeError(`layout.unit must be 'bytes' or 'items', got ${String(l.unit)}`);
    }
    const itemsize = l.itemsize === undefined ? undefined : checkInt(l.itemsize, 'layout.itemsize');
    const shape = l.shape === undefined ? undefined : checkIntArray(l.shape, 'layout.shape');
    let strides = l.strides === undefined ? undefined : checkIntArray(l.strides, 'layout.strides');
    let offset = l.offset === undefined ? undefined : checkInt(l.offset, 'layout.offset');
    if (shape === undefined && strides !== undefined) {
        throw typeError('layout.strides needs layout.shape');
    }
    const format = l.format ?? src.format;
    // A format that is not valid is left to exporterCreate, which names it.
    const formatSize = formatSizeOrNull(format);
    if (l.format !== undefined &&
        src.elementSize > 1 &&
        formatSize !== null &&
        formatSize !== src.elementSize &&
        itemsize === undefined &&
        l.reinterpret !== true) {
        throw typeError(`layout.format ${JSON.stringify(format)} has ${formatSize}-byte items but the source's elements are ` +
            `${src.elementSize} bytes: pass reinterpret: true (or itemsize: ${formatSize}) to reinterpret its bytes`);
    }
    if (l.unit === 'items' && formatSize !== null) {
        // An ndarray's own strides and offset are bytes already (ndarrayLayout).
        if (strides !== undefined && given.strides !== undefined) {
            strides = strides.map((s, i) => itemsToBytes(s, formatSize, `layout.strides[${i}]`));
        }
        if (offset !== undefined && given.offset !== undefined) {
            offset = itemsToBytes(offset, formatSize, 'layout.offset');
        }
    }
    try {
        return { handle: native.exporterCreate(src.bytes, format, itemsize, shape, strides, offset, l.readonly), format };
    }
    catch (e) {
        throw convert(e);
    }
}
// ==========================================================================
// Exporter
// ==========================================================================
const TOKEN = Symbol('pybuffer.internal');
/**
 * A PyObject that exports JS memory through the buffer protocol, made by
 * {@link exporter}. It aliases the memory (no copy) and keeps it alive
 * while any view of it exists.
 */
class Exporter {
    /** The PyObject, for C code and {@link getBuffer}. */
    handle;
    /** The JS memory (or ndarray) the exporter was made from. */
    source;
    /** The item format it exports (`layout.format`, or the source's). */
    format;
    #slot;
    /** Not for use: call {@link exporter}. */
    constructor(token, handle, source, format) {
        if (token !== TOKEN)
            throw new TypeError('use exporter() to make an Exporter');
        this.handle = handle;
        this.source = source;
        this.format = format;
        this.#slot = handle.slot;
    }
    /** @internal The handle's slot, for the addon's hot path. */
    static slotOf(e) {
        return e.#slot;
    }
    /**
     * @internal Whether `x` is an Exporter made by {@link exporter}: by its
     * private field, so an object made from `Exporter.prototype` (whose
     * `instanceof` holds but which has no handle) or a Proxy is not one.
     */
    static is(x) {
        return typeof x === 'object' && x !== null && #slot in x;
    }
    /** The number of views of this exporter that are not yet released. */
    get exports() {
        try {
            return native.exporterExports(this.handle);
        }
        catch (e) {
            throw convert(e);
        }
    }
    /** Whether {@link Exporter.close} has run. */
    get closed() {
        try {
            return native.exporterClosed(this.handle);
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * Stops exporting and lets go of the JS memory. Throws BufferError while
     * views exist, as `memoryview.release()` does; later {@link getBuffer}
     * calls throw RangeError (`ValueError`). Closing twice does nothing.
     */
    close() {
        try {
            native.exporterClose(this.handle);
        }
        catch (e) {
            throw convert(e);
        }
    }
    /** {@link Exporter.close}, for `using`. */
    [Symbol.dispose]() {
        this.close();
    }
}
exports.Exporter = Exporter;
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
function exporter(source, layout) {
    const { handle, format } = createHandle(source, layout);
    return new Exporter(TOKEN, handle, source, format);
}
function defaultLeakReporter(report) {
    if (report.kind === 'instance') {
        process.emitWarning(`an extension object (${report.description}) was released by garbage collection, not by close(); ` +
            `it was made at:\n${report.stack}`, { type: 'PyBufferLeakWarning' });
        return;
    }
    process.emitWarning(`a PyBuffer (${report.description}) was released by garbage collection, not by release(); ` +
        `it was acquired at:\n${report.stack}`, { type: 'PyBufferLeakWarning' });
}
const envLeaks = process.env.PYBUFFER_DEBUG_LEAKS;
let leakReporter = envLeaks !== undefined && envLeaks !== '' && envLeaks !== '0' && envLeaks !== 'false' ? defaultLeakReporter : null;
/**
 * Reports views that were never released and were released by garbage
 * collection instead, with the stack where each was acquired. `true` prints
 * a `PyBufferLeakWarning` through `process.emitWarning`; a function receives
 * each report; `false` turns reporting off. Setting the environment variable
 * `PYBUFFER_DEBUG_LEAKS=1` turns it on at startup. Only views acquired while
 * reporting is on are reported, to the reporter in effect when they were
 * acquired (capturing the stack costs a few µs per view).
 */
function setDebugLeaks(option) {
    leakReporter = option === true ? defaultLeakReporter : option === false ? null : option;
}
let gcReleased = 0;
/**
 * How many views the garbage collector has released so far (in this thread).
 *
 * @internal For pybuffer's own tests; not in the published typings.
 */
function gcReleasedCount() {
    return gcReleased + native.viewGcReleased();
}
/** Whether any view was ever registered with the registry below. */
let leakTracking = false;
/** Views acquired while leak reports are on (see {@link track}). */
const registry = new FinalizationRegistry((held) => {
    if (viewRelease(held.id)) {
        gcReleased++;
        held.report({ stack: held.stack, description: held.description });
    }
});
function checkOrder(order) {
    if (order !== 'C' && order !== 'F' && order !== 'A') {
        throw rangeError(`order must be 'C', 'F' or 'A', got ${String(order)}`);
    }
    return order;
}
/**
 * An order as the addon's hot paths take it: its character code (a number
 * costs less to pass than a string).
 */
function orderCode(order) {
    return checkOrder(order).charCodeAt(0);
}
/**
 * Item indices as the addon's `get` and `set` read them: `[count, i0, i1,
 * …]` in one Float64Array that every call reuses, so that a call makes no
 * array and the addon reads them with one N-API call.
 */
const indexScratch = new Float64Array(1 + 64);
/**
 * The most indices `get` and `set` pass to the addon as arguments of their
 * own (`viewGetAt`, `viewSetNumberAt`), one N-API call apiece: reading
 * `indexScratch` costs more, since the addon must ask for its data.
 */
const MAX_ARG_INDICES = 4;
/**
 * Whether `indices` can go as arguments: at most {@link MAX_ARG_INDICES},
 * each a safe integer (anything else takes {@link loadIndices}, which
 * reports it).
 */
function argIndices(indices) {
    const n = indices.length;
    if (n > MAX_ARG_INDICES)
        return false;
    for (let i = 0; i < n; i++) {
        if (!Number.isSafeInteger(indices[i]))
            return false;
    }
    return true;
}
/** Checks the indices as {@link checkIndices} does and loads them into `indexScratch`. */
function loadIndices(indices) {
    const n = indices.length;
    for (let i = 0; i < n; i++) {
        const v = indexArg(indices[i], i);
        // More than 64 is an error for any view; the addon reports the count.
        if (i < 64)
            indexScratch[i + 1] = v;
    }
    indexScratch[0] = n;
    return indexScratch;
}
function checkIndices(indices) {
    const out = new Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
        out[i] = indexArg(indices[i], i);
    }
    return out;
}
/** JS memory as the addon reads it (through internal slots), or TypeError. */
function nativeBytes(src, what) {
    if (node_util_1.types.isTypedArray(src) || node_util_1.types.isDataView(src) || node_util_1.types.isArrayBuffer(src))
        return src;
    if (node_util_1.types.isSharedArrayBuffer(src))
        return new Uint8Array(src);
    throw typeError(`${what} must be a TypedArray, Buffer, DataView, ArrayBuffer or SharedArrayBuffer`);
}
const TYPED_ARRAYS = {
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
};
/** The scratch `tolist()` packs small views into, reused: its items are copied out at once. */
let listScratchBytes = null;
const LIST_SCRATCH_MAX = 1 << 20;
/** The largest view `tolist()` packs for JS to nest: larger ones build their arrays in the addon. */
const LIST_PACK_MAX = 1 << 28;
/** A scratch of at least `len` bytes, 8-byte aligned (an ArrayBuffer's start). */
function listScratch(len) {
    if (len > LIST_SCRATCH_MAX)
        return new Uint8Array(len);
    if (listScratchBytes === null || listScratchBytes.length < len) {
        listScratchBytes = new Uint8Array(Math.max(len, 4096));
    }
    return listScratchBytes;
}
/** The items of `flat` (C order) as arrays nested `shape.length` deep, as `tolist()` gives them. */
function nestItems(flat, shape) {
    const last = shape.length - 1;
    let at = 0;
    const build = (dim) => {
        const n = shape[dim];
        const out = [];
        if (dim === last) {
            for (let i = 0; i < n; i++)
                out.push(flat[at + i]);
            at += n;
        }
        else {
            for (let i = 0; i < n; i++)
                out.push(build(dim + 1));
        }
        return out;
    };
    return build(0);
}
/**
 * A size or offset as a JS number: exact, or a RangeError (`OverflowError`)
 * naming it when it is beyond ±(2**53 - 1), which a double cannot hold
 * exactly. pybuffer never rounds such a value.
 */
function safeNumber(value, what) {
    if (value > MAX_SAFE) {
        throw rangeError(`${what} is ${value}, above Number.MAX_SAFE_INTEGER (2**53 - 1): a JS number cannot hold it exactly`, 'OverflowError');
    }
    if (value < -MAX_SAFE) {
        throw rangeError(`${what} is ${value}, below Number.MIN_SAFE_INTEGER (-(2**53 - 1)): a JS number cannot hold it exactly`, 'OverflowError');
    }
    return Number(value);
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
function safeNumbers(values, what) {
    return values === undefined ? null : Object.freeze(values.map((v, i) => safeNumber(v, `${what}[${i}]`)));
}
let maxListItems;
/**
 * The most items {@link PyBuffer.tolist} attempts: what the JS heap could
 * hold at 8 bytes an element, at most.
 */
function listLimit() {
    maxListItems ??= Math.floor((0, node_v8_1.getHeapStatistics)().heap_size_limit / 8);
    return maxListItems;
}
/**
 * A view's fields as the addon gives them, with the ones it leaves out
 * (NULL in C) as own `undefined`s rather than missing: a property of
 * Object.prototype (`format`, `shape`) must not stand in for a NULL field.
 */
function ownFields(info) {
    const own = (k) => Object.prototype.hasOwnProperty.call(info, k) ? info[k] : undefined;
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
    };
}
/**
 * The byte offset in `r.bytes` of the item at `indices`, or -1 when they
 * are not one whole number in range per dimension or the memory is
 * detached (the addon raises those errors).
 */
function itemOffset(r, indices) {
    if (indices.length !== r.shape.length || r.bytes.length === 0)
        return -1;
    let at = r.base;
    for (let k = 0; k < indices.length; k++) {
        const i = indices[k];
        if (!(Number.isInteger(i) && i >= 0 && i < r.shape[k]))
            return -1;
        at += i * r.strides[k];
    }
    return at;
}
/** The range of each integer code up to 4 bytes, by size and signedness. */
function intRange(size, signed) {
    const bits = size * 8;
    return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}
const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** `sizeof(long)`: 4 on 64-bit Windows (LLP64), 8 elsewhere (LP64). */
const NATIVE_LONG = process.platform === 'win32' ? 4 : 8;
/**
 * The code, size and byte order of `format` when it is one integer, float
 * or bool (an optional byte-order prefix, no count) of `itemsize` bytes,
 * as the addon parses it; null otherwise, or when the sizes disagree (the
 * addon raises that error).
 */
function itemCode(format, itemsize) {
    const m = /^([@=<>!]?)([bBhHiIlLqQnNPfd?])$/.exec(format);
    if (m === null)
        return null;
    const [, prefix, code] = m;
    const native = prefix === '' || prefix === '@';
    const little = prefix === '<' || (prefix !== '>' && prefix !== '!' && HOST_LITTLE);
    let size;
    switch (code) {
        case 'l':
        case 'L':
            size = native ? NATIVE_LONG : 4;
            break;
        case 'n':
        case 'N':
        case 'P':
            if (!native)
                return null;
            size = 8;
            break;
        default:
            size = { b: 1, B: 1, '?': 1, h: 2, H: 2, i: 4, I: 4, q: 8, Q: 8, f: 4, d: 8 }[code] ?? 0;
    }
    return size === itemsize ? { code, size, little } : null;
}
/** How `set()` stores a number into an item of `format` in JS (see {@link ItemReader.write}). */
function itemWriter(format, itemsize) {
    const item = itemCode(format, itemsize);
    if (item === null)
        return null;
    const { code, size, little } = item;
    switch (code) {
        case 'd':
            return (d, at, x) => {
                d.setFloat64(at, x, little);
                return true;
            };
        case 'f':
            return (d, at, x) => {
                // Rounded as C's (float) cast rounds; a finite value that
                // overflows is the addon's OverflowError, as in struct.pack.
                const y = Math.fround(x);
                if (Number.isFinite(x) && !Number.isFinite(y))
                    return false;
                d.setFloat32(at, y, little);
                return true;
            };
        case '?':
        case 'q':
        case 'Q':
        case 'n':
        case 'N':
        case 'P':
            return null;
        default: {
            if (size > 4)
                return null; // a native long: a bigint's range
            const [lo, hi] = intRange(size, /[bhil]/.test(code));
            const store = size === 1
                ? (d, at, x) => d.setUint8(at, x & 0xff)
                : size === 2
                    ? (d, at, x) => d.setUint16(at, x & 0xffff, little)
                    : (d, at, x) => d.setUint32(at, x >>> 0, little);
            return (d, at, x) => {
                if (!Number.isInteger(x) || x < lo || x > hi)
                    return false;
                store(d, at, x);
                return true;
            };
        }
    }
}
/**
 * How to read one item of `format` (a single integer, float or bool, with
 * an optional byte-order prefix) of `itemsize` bytes, as the addon's
 * `get()` reads it; null for any other format, or a size that does not
 * match (the addon raises that error).
 */
function itemReader(format, itemsize) {
    const item = itemCode(format, itemsize);
    if (item === null)
        return null;
    const { code, size, little } = item;
    switch (code) {
        case 'b':
            return (d, at) => d.getInt8(at);
        case 'B':
            return (d, at) => d.getUint8(at);
        case '?':
            return (d, at) => d.getUint8(at) !== 0;
        case 'h':
            return (d, at) => d.getInt16(at, little);
        case 'H':
            return (d, at) => d.getUint16(at, little);
        case 'f':
            return (d, at) => d.getFloat32(at, little);
        case 'd':
            return (d, at) => d.getFloat64(at, little);
        case 'q':
        case 'n':
            return (d, at) => d.getBigInt64(at, little);
        case 'Q':
        case 'N':
        case 'P':
            return (d, at) => d.getBigUint64(at, little);
        default: {
            // i I l L: 4 bytes, or the 8 of a native long (a bigint, as `q`).
            const signed = code === 'i' || code === 'l';
            if (size === 8)
                return signed ? (d, at) => d.getBigInt64(at, little) : (d, at) => d.getBigUint64(at, little);
            return signed ? (d, at) => d.getInt32(at, little) : (d, at) => d.getUint32(at, little);
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
class PyBuffer {
    #id;
    #obj;
    /** The fields, read once when first asked for (one slot, for a small object). */
    #meta;
    /** Not for use: call {@link getBuffer}. */
    constructor(token, id, obj) {
        if (token !== TOKEN)
            throw new TypeError('use getBuffer() to acquire a PyBuffer');
        this.#id = id;
        this.#obj = obj;
    }
    /** @internal The native handle of a view (0 once released); see {@link __internal}. */
    static idOf(view) {
        return view.#id;
    }
    /** @internal Whether `x` is a PyBuffer made by pybuffer (by its private field, see {@link Exporter.is}). */
    static isView(x) {
        return typeof x === 'object' && x !== null && #id in x;
    }
    /** @internal Gives a view made by {@link getBuffer} its native handle. */
    static attach(view, id) {
        view.#id = id;
    }
    #live() {
        const id = this.#id;
        if (id === 0)
            throw new BufferError('operation forbidden on released buffer');
        return id;
    }
    #metaOf() {
        if (this.#meta === undefined) {
            try {
                const info = ownFields(native.viewInfo(this.#live()));
                // Every field own from the start: a getter never finds a value
                // someone added to Object.prototype (`len`, `shape`, `reader`).
                this.#meta = { info, len: undefined, shape: undefined, strides: undefined, suboffsets: undefined, reader: undefined };
            }
            catch (e) {
                throw convert(e);
            }
        }
        this.#live();
        return this.#meta;
    }
    #fields() {
        return this.#metaOf().info;
    }
    /** Finds, once, how `get()` reads this view's items in JS (see {@link ItemReader}). */
    #itemReader() {
        const m = this.#metaOf();
        m.reader = null;
        const itemsize = this.itemsize;
        const format = this.format ?? (itemsize === 1 ? 'B' : '');
        const read = itemReader(format, itemsize);
        const shape = this.shape ?? (this.ndim === 0 ? [] : null);
        const strides = this.strides ?? (this.ndim === 0 ? [] : null);
        if (read === null || shape === null || strides === null || this.suboffsets !== null)
            return null;
        let mem;
        try {
            mem = native.viewMemory(this.#live());
        }
        catch {
            return null;
        }
        if (mem === null)
            return null;
        const { bytes, offset } = mem;
        const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const write = this.readonly ? null : itemWriter(format, itemsize);
        m.reader = { bytes, data, base: offset, shape, strides, read, write };
        return m.reader;
    }
    /** Whether the view was released. */
    get released() {
        return this.#id === 0;
    }
    /** The exporting object: what {@link getBuffer} was given. */
    get obj() {
        this.#live();
        return this.#obj;
    }
    /**
     * `product(shape) * itemsize`: the bytes of the logical structure. Like
     * every size here, exact: RangeError (`OverflowError`) above 2**53 - 1.
     */
    get len() {
        const m = this.#metaOf();
        m.len ??= safeNumber(m.info.len, 'view.len');
        return m.len;
    }
    /** Bytes per item. */
    get itemsize() {
        return safeNumber(this.#fields().itemsize, 'view.itemsize');
    }
    /** Whether the memory must not be written. */
    get readonly() {
        return this.#fields().readonly;
    }
    /** Number of dimensions. */
    get ndim() {
        return this.#fields().ndim;
    }
    /**
     * The item format, or null when the flags left out `PyBUF.FORMAT`
     * (meaning `'B'`). Typed as the exporter's format when TypeScript knows
     * it (see {@link getBuffer}).
     */
    get format() {
        return (this.#fields().format ?? null);
    }
    /** Items per dimension, or null when the flags left out `PyBUF.ND`. */
    get shape() {
        const m = this.#metaOf();
        if (m.shape === undefined)
            m.shape = safeNumbers(m.info.shape, 'view.shape');
        return m.shape;
    }
    /** Byte step per dimension, or null when the flags left out `PyBUF.STRIDES`. */
    get strides() {
        const m = this.#metaOf();
        if (m.strides === undefined)
            m.strides = safeNumbers(m.info.strides, 'view.strides');
        return m.strides;
    }
    /** PIL-style suboffsets, or null for direct memory. */
    get suboffsets() {
        const m = this.#metaOf();
        if (m.suboffsets === undefined)
            m.suboffsets = safeNumbers(m.info.suboffsets, 'view.suboffsets');
        return m.suboffsets;
    }
    /** `PyBuffer_IsContiguous(view, order)`. */
    isContiguous(order = 'C') {
        const id = this.#live();
        try {
            return native.viewIsContiguous(id, checkOrder(order));
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * `PyBuffer_GetPointer(view, indices)` as a byte offset: from the start of
     * the exporter's memory for an {@link Exporter} of JS memory (the first
     * byte of its source), from the view's first item for other exporters.
     * Each index is checked against the shape (RangeError, `IndexError`).
     */
    getPointer(indices) {
        const id = this.#live();
        try {
            return native.viewGetPointer(id, checkIndices(indices));
        }
        catch (e) {
            throw convert(e);
        }
    }
    toContiguous(order = 'C', out) {
        const id = this.#live();
        const o = orderCode(order);
        try {
            if (out === undefined) {
                // Uninitialised memory of its own (not a slice of the pool), which
                // the copy fills: faster than napi_create_buffer in Node 20.
                const fresh = Buffer.allocUnsafeSlow(this.len);
                viewToContiguousFresh(id, o, fresh);
                return fresh;
            }
            viewToContiguous(id, o, ArrayBuffer.isView(out) ? out : nativeBytes(out, 'out'));
        }
        catch (e) {
            throw convert(e);
        }
        return out;
    }
    /**
     * `PyBuffer_FromContiguous`: writes the items from `src`, packed in
     * `order`. Throws BufferError on a read-only view and RangeError when
     * `src` is not exactly `len` bytes.
     */
    fromContiguous(src, order = 'C') {
        const id = this.#live();
        const o = orderCode(order);
        try {
            viewFromContiguous(id, ArrayBuffer.isView(src) ? src : nativeBytes(src, 'src'), o);
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * The items as nested arrays, as `memoryview.tolist()` gives them for the
     * `struct` formats: numbers; bigints for 8-byte integers (`q`, `Q`, `n`,
     * `N`, `P`, and native `l`, `L`); booleans for `?`; Buffers for `c`, `s`
     * and `p`. An item of several values (`'2i'`, `'hd'`) is an array.
     */
    tolist() {
        const id = this.#live();
        try {
            const shape = this.shape;
            if (shape !== null && shape.length > 0) {
                // Items the addon can pack for JS to nest (see `nestItems`).
                const len = this.len;
                const limit = listLimit();
                let items = 1;
                for (const n of shape)
                    items *= n;
                // Too many items (or too large a view) is the addon's error to raise.
                if (items <= limit && len <= LIST_PACK_MAX && items * this.itemsize === len) {
                    const scratch = listScratch(len);
                    const kind = native.viewTolist(id, limit, scratch);
                    if (typeof kind !== 'string')
                        return kind;
                    const ctor = TYPED_ARRAYS[kind];
                    return nestItems(new ctor(scratch.buffer, 0, items), shape);
                }
            }
            return native.viewTolist(id, listLimit());
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * The item at `indices` (one per dimension, none for ndim 0), read as
     * {@link PyBuffer.tolist} reads items; typed by the format when
     * TypeScript knows it ({@link ItemFor}: a number for `'d'`, a bigint for
     * `'q'`, …).
     */
    get(...indices) {
        const id = this.#live();
        const meta = this.#meta;
        const r = meta?.reader === undefined ? this.#itemReader() : meta.reader;
        if (r !== null) {
            const at = itemOffset(r, indices);
            if (at >= 0)
                return r.read(r.data, at);
        }
        try {
            if (argIndices(indices)) {
                const [a, b, c, d] = indices;
                switch (indices.length) {
                    case 0:
                        return viewGetAt(id);
                    case 1:
                        return viewGetAt(id, a);
                    case 2:
                        return viewGetAt(id, a, b);
                    case 3:
                        return viewGetAt(id, a, b, c);
                    default:
                        return viewGetAt(id, a, b, c, d);
                }
            }
            return viewGet(id, loadIndices(indices));
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * Writes `value` to the item at `indices`, with the format's size,
     * signedness and byte order; the format must describe one value. Throws
     * BufferError on a read-only view, TypeError for a value of the wrong
     * kind, RangeError for one out of range.
     */
    set(value, ...indices) {
        const id = this.#live();
        if (typeof value === 'number') {
            const meta = this.#meta;
            const r = meta?.reader === undefined ? this.#itemReader() : meta.reader;
            if (r !== null && r.write !== null) {
                const at = itemOffset(r, indices);
                if (at >= 0 && r.write(r.data, at, value))
                    return;
            }
        }
        if (typeof value === 'number' && argIndices(indices)) {
            const [a, b, c, d] = indices;
            try {
                switch (indices.length) {
                    case 0:
                        return viewSetNumberAt(id, value);
                    case 1:
                        return viewSetNumberAt(id, value, a);
                    case 2:
                        return viewSetNumberAt(id, value, a, b);
                    case 3:
                        return viewSetNumberAt(id, value, a, b, c);
                    default:
                        return viewSetNumberAt(id, value, a, b, c, d);
                }
            }
            catch (e) {
                throw convert(e);
            }
        }
        const idx = loadIndices(indices);
        try {
            if (typeof value === 'number')
                viewSetNumber(id, idx, value);
            else if (typeof value === 'bigint')
                viewSetBigint(id, idx, value);
            else if (typeof value === 'boolean')
                viewSetBool(id, idx, value);
            else if (ArrayBuffer.isView(value))
                viewSetBytes(id, idx, nativeBytes(value, 'value'));
            else
                throw typeError(`set: cannot store a value of type ${typeof value}`);
        }
        catch (e) {
            throw convert(e);
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
    toTypedArray(order = 'C') {
        const o = checkOrder(order);
        this.#live();
        const columns = o === 'F' || (o === 'A' && !this.isContiguous('C') && this.isContiguous('F'));
        if (columns && this.ndim > 1) {
            // Column-major items are the row-major items of the transpose.
            const t = this.transpose();
            try {
                return t.#typedRows();
            }
            finally {
                t.release();
            }
        }
        return this.#typedRows();
    }
    #typedRows() {
        const id = this.#live();
        try {
            const { kind, nativeOrder } = native.viewTypedArrayKind(id);
            const ctor = TYPED_ARRAYS[kind];
            const len = this.len;
            const count = len / ctor.BYTES_PER_ELEMENT;
            if (nativeOrder && !this.readonly && native.viewIsContiguous(id, 'C')) {
                const mem = native.viewMemory(id);
                if (mem !== null) {
                    const start = mem.bytes.byteOffset + mem.offset;
                    if (start % ctor.BYTES_PER_ELEMENT === 0)
                        return new ctor(mem.bytes.buffer, start, count);
                }
            }
            const out = new ArrayBuffer(len);
            native.viewPackNative(id, new Uint8Array(out));
            return new ctor(out, 0, count);
        }
        catch (e) {
            throw convert(e);
        }
    }
    // ------------------------------------------------------------------------
    // Derived views
    // ------------------------------------------------------------------------
    /** A new view of the same export (see {@link PyBuffer.slice}). */
    #derived(id, what) {
        return track(new _a(TOKEN, id, this.#obj), id, what);
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
    slice(...slices) {
        const id = this.#live();
        const bounds = [];
        slices.forEach((spec, dim) => {
            if (!Array.isArray(spec) || spec.length > 3) {
                throw typeError(`slice ${dim} must be an array [start, stop, step] of at most 3 elements`);
            }
            for (let i = 0; i < 3; i++) {
                const v = spec[i];
                if (v === undefined || v === null)
                    bounds.push(null);
                // Python clamps a slice's bounds to the length, so a whole number
                // of any size is one; clamped here to what the addon takes exactly.
                else if (typeof v === 'number' && Number.isInteger(v)) {
                    bounds.push(Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, v)));
                }
                else
                    throw typeError('slice indices must be integers or None or have an __index__ method');
            }
        });
        try {
            return this.#derived(native.viewSlice(id, bounds), 'a slice');
        }
        catch (e) {
            throw convert(e);
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
    permute(axes) {
        const id = this.#live();
        const a = checkIntArray(axes, 'axes');
        try {
            return this.#derived(native.viewPermute(id, a), 'a permutation');
        }
        catch (e) {
            throw convert(e);
        }
    }
    /** The view with its dimensions reversed (rows become columns): {@link PyBuffer.permute} of `[ndim-1, …, 0]`. */
    transpose() {
        const ndim = this.ndim;
        return this.permute(Array.from({ length: ndim }, (_, i) => ndim - 1 - i));
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
    cast(format, shape) {
        const id = this.#live();
        if (typeof format !== 'string') {
            throw typeError(`cast() argument 'format' must be str, not ${format === null ? 'None' : typeof format}`);
        }
        let sh;
        if (shape !== undefined) {
            if (!Array.isArray(shape))
                throw typeError('shape must be a list or a tuple');
            sh = shape.map((x) => {
                if (typeof x !== 'number' || !Number.isSafeInteger(x)) {
                    throw typeError('memoryview.cast(): elements of shape must be integers');
                }
                return x;
            });
        }
        try {
            return this.#derived(native.viewCast(id, format, sh), `a cast to ${format}`);
        }
        catch (e) {
            throw convert(e);
        }
    }
    /**
     * `PyBuffer_Release`: releases the view now. Calling it again does
     * nothing.
     */
    release() {
        const id = this.#id;
        if (id === 0)
            return;
        this.#id = 0;
        // Deletes the addon's finalizer of the view too.
        if (leakTracking)
            registry.unregister(this);
        viewRelease(id);
    }
    /** {@link PyBuffer.release}, for `using`. */
    [Symbol.dispose]() {
        this.release();
    }
}
exports.PyBuffer = PyBuffer;
_a = PyBuffer;
/** The PyObject behind `obj`, and whether it was made for this call only. */
function pyObjectOf(obj, what) {
    if (Exporter.is(obj))
        return { handle: obj.handle, temporary: false };
    if (obj instanceof native.PyObjectHandle)
        return { handle: obj, temporary: false };
    const instance = (0, extension_1.extensionHandleOf)(obj);
    if (instance !== undefined)
        return { handle: instance, temporary: false };
    if (!isObject(obj))
        throw typeError(`${what} must be an Exporter, a PyObjectHandle, JS memory or an ndarray`);
    return { handle: createHandle(obj, undefined).handle, temporary: true };
}
function getBuffer(obj, flags = exports.PyBUF.FULL_RO) {
    const view = new PyBuffer(TOKEN, 0, obj);
    let id;
    if (Exporter.is(obj)) {
        try {
            id = viewAcquire(Exporter.slotOf(obj), flags);
        }
        catch (e) {
            throw convert(e);
        }
    }
    else {
        const { handle, temporary } = pyObjectOf(obj, 'obj');
        try {
            id = viewAcquire(handle.slot, flags);
        }
        catch (e) {
            throw convert(e);
        }
        finally {
            // The view holds its own reference.
            if (temporary)
                handle.dispose();
        }
    }
    PyBuffer.attach(view, id);
    return track(view, id, flags);
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
let pending = [];
let pendingQueued = false;
const PENDING_MAX = 1024;
/** Registers a new view for release by the garbage collector (see above). */
function track(view, id, what) {
    if (leakReporter !== null) {
        // A number is getBuffer's flags (the text is made only here).
        trackWithStack(view, id, typeof what === 'number' ? `flags ${what}` : what);
    }
    else if (pending.push(view) >= PENDING_MAX) {
        trackPending();
    }
    else if (!pendingQueued) {
        pendingQueued = true;
        queueMicrotask(trackPending);
    }
    return view;
}
/** Tracks the pending views that are still unreleased. */
function trackPending() {
    const views = pending;
    pending = [];
    pendingQueued = false;
    for (const view of views) {
        const id = PyBuffer.idOf(view);
        if (id === 0)
            continue;
        try {
            native.viewTrack(id, view);
        }
        catch {
            // Released natively meanwhile (a test helper does that): nothing to track.
        }
    }
}
/** The FinalizationRegistry path of {@link track}, with the acquisition stack. */
function trackWithStack(view, id, description) {
    if (leakReporter === null)
        return;
    // Frames 1-3 are this function, track and getBuffer (or #derived).
    const stack = (new Error().stack ?? '').split('\n').slice(4).join('\n');
    leakTracking = true;
    registry.register(view, { id, stack, description, report: leakReporter }, view);
}
// ==========================================================================
// Functions mirroring the C API
// ==========================================================================
/**
 * `PyBuffer_FillContiguousStrides`: the strides of a contiguous array of
 * `shape` with `itemsize`-byte items, in order `'F'`, or C for `'C'` and
 * `'A'`. Overflow is a RangeError.
 */
function fillContiguousStrides(shape, itemsize, order = 'C') {
    const s = checkIntArray(shape, 'shape');
    const i = checkInt(itemsize, 'itemsize');
    try {
        return native.fillContiguousStrides(s, i, checkOrder(order));
    }
    catch (e) {
        throw convert(e);
    }
}
/** `PyBuffer_SizeFromFormat`: `struct.calcsize(format)`; TypeError (`struct.error`) for a bad format. */
function sizeFromFormat(format) {
    if (typeof format !== 'string')
        throw typeError('format must be a string');
    try {
        return native.sizeFromFormat(format);
    }
    catch (e) {
        throw convert(e);
    }
}
/**
 * `PyObject_CopyData(dest, src)`: copies the items of `src` into `dest`.
 * Throws BufferError when `dest` is read-only or too small.
 */
function copyData(dest, src) {
    const d = pyObjectOf(dest, 'dest');
    try {
        const s = pyObjectOf(src, 'src');
        try {
            native.copyData(d.handle, s.handle);
        }
        catch (e) {
            throw convert(e);
        }
        finally {
            if (s.temporary)
                s.handle.dispose();
        }
    }
    finally {
        if (d.temporary)
            d.handle.dispose();
    }
}
/**
 * Internals for pybuffer's own tests and benchmark: the raw addon, a view's
 * native handle, and the addon-error decoder. Not part of the API; they may
 * change without notice.
 *
 * @internal Kept out of the published typings (`stripInternal`).
 */
exports.__internal = {
    native,
    viewId: (view) => PyBuffer.idOf(view),
    convert,
    makeError,
    errorClassFor,
    leakReporter: () => leakReporter,
    // Lazily: extension.ts loads after this object is made.
    gcReleasedInstances: () => (0, extension_1.gcReleasedInstances)(),
    extensionRefcnt: (obj) => (0, extension_1.extensionRefcnt)(obj),
};
// ==========================================================================
// C extensions (implemented in extension.ts)
// ==========================================================================
// Declared here rather than re-exported from extension.ts, so that
// index.d.ts does not refer to extension.ts (see there).
const extension_1 = require("./extension");
/**
 * A real Python `bytes` object holding a copy of `data`, as a Buffer over
 * its memory (zero-copy). Passed to an extension, the Buffer is that
 * `bytes` object, so `y#`, `s#` and `PyBytes_Check` accept it. Do not write
 * to it: `bytes` are immutable in C.
 */
function bytes(data) {
    return (0, extension_1.newBytes)(data, false);
}
/**
 * A real Python `bytearray` holding a copy of `data`, as a Buffer over its
 * memory (zero-copy; the Buffer holds an export, so C cannot resize it while
 * the Buffer lives). Passed to an extension, the Buffer is that bytearray.
 */
function bytearray(data) {
    return (0, extension_1.newBytes)(data, true);
}
/** True for a Buffer that is a Python `bytes` object (an extension's result, or made by {@link bytes}). */
function isBytes(buf) {
    return (0, extension_1.bytesKindOf)(buf) === 'bytes';
}
/** True for a Buffer that is a Python `bytearray` (an extension's result, or made by {@link bytearray}). */
function isBytearray(buf) {
    return (0, extension_1.bytesKindOf)(buf) === 'bytearray';
}
/**
 * Keyword arguments of an extension call, made by {@link kwargs}. Only an
 * instance of this class, as the last argument, is taken as keywords: a
 * plain object never is.
 */
class Kwargs {
    /** The keywords' names and values, in the order given. */
    entries;
    /** Use {@link kwargs}. */
    constructor(values) {
        if (typeof values !== 'object' || values === null || Array.isArray(values)) {
            throw Object.assign(new TypeError('kwargs: expected an object of keyword arguments'), { code: 'TypeError' });
        }
        this.entries = Object.freeze(Object.entries(values).map(([k, v]) => Object.freeze([k, v])));
        this.#made = true;
        Object.freeze(this);
    }
    #made;
    /** @internal Whether `x` was made by {@link kwargs} (not from `Kwargs.prototype`, nor a Proxy). */
    static is(x) {
        return typeof x === 'object' && x !== null && #made in x;
    }
}
exports.Kwargs = Kwargs;
/**
 * Marks keyword arguments for an extension call, passed as its last
 * argument: `ext.compress(data, kwargs({ level: 9 }))` calls
 * `compress(data, level=9)`. Keywords the function does not take raise
 * CPython's TypeError.
 */
function kwargs(values) {
    return new Kwargs(values);
}
/** A `tuple` argument, made by {@link tuple}. */
class PyTuple {
    /** The items, converted as arguments are. */
    items;
    /** Use {@link tuple}. */
    constructor(items) {
        if (!Array.isArray(items)) {
            throw Object.assign(new TypeError('tuple: expected an array of items'), { code: 'TypeError' });
        }
        this.items = Object.freeze([...items]);
        this.#made = true;
        Object.freeze(this);
    }
    #made;
    /** @internal Whether `x` was made by {@link tuple} (not from `PyTuple.prototype`, nor a Proxy). */
    static is(x) {
        return typeof x === 'object' && x !== null && #made in x;
    }
}
exports.PyTuple = PyTuple;
/** Passes `items` to an extension as a `tuple` (a plain array is a `list`). */
function tuple(items) {
    return new PyTuple(items);
}
/** A `frozenset` argument, made by {@link frozenset}. */
class PyFrozenSet {
    /** The items, converted as arguments are (duplicates collapse in Python). */
    items;
    /** Use {@link frozenset}. */
    constructor(items) {
        if (items === null || typeof items !== 'object' || typeof items[Symbol.iterator] !== 'function') {
            throw Object.assign(new TypeError('frozenset: expected an array or another iterable of items'), { code: 'TypeError' });
        }
        this.items = Object.freeze([...items]);
        this.#made = true;
        Object.freeze(this);
    }
    #made;
    /** @internal Whether `x` was made by {@link frozenset} (not from `PyFrozenSet.prototype`, nor a Proxy). */
    static is(x) {
        return typeof x === 'object' && x !== null && #made in x;
    }
}
exports.PyFrozenSet = PyFrozenSet;
/**
 * Passes `items` (an array, a `Set`, any iterable) to an extension as a
 * `frozenset` (a JS `Set` is a `set`).
 */
function frozenset(items) {
    return new PyFrozenSet(items);
}
/** The base class of every extension class, for `instanceof`. */
exports.ExtensionObject = extension_1.ExtensionObject;
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
function loadExtension(path, name) {
    return (0, extension_1.loadExtension)(extensionPath(path), name);
}
/** A `file:` URL as a path; other URLs are a TypeError; anything else is left to loadExtension. */
function extensionPath(path) {
    if (!(path instanceof URL))
        return path;
    if (path.protocol !== 'file:') {
        throw typeError(`loadExtension: only file: URLs can be loaded, got a ${path.protocol} URL (${path.href})`);
    }
    try {
        return (0, node_url_1.fileURLToPath)(path);
    }
    catch (e) {
        throw typeError(`loadExtension: ${path.href} is not a local file path: ${e.message}`);
    }
}
/** The name, docstring, path, function, class and exception names and constants of a module {@link loadExtension} loaded. */
function extensionInfo(ext) {
    return (0, extension_1.extensionInfo)(ext);
}
/**
 * Python's `len(obj)` for an instance of an extension class (or a
 * {@link PyObjectHandle}): its type's `sq_length` or `mp_length`. Anything
 * else throws CPython's TypeError, `object of type 'X' has no len()`.
 */
function len(obj) {
    return (0, extension_1.extensionLen)(obj);
}
/**
 * Python's `obj(*args, **kwargs)` for an instance of an extension class
 * whose type is callable (`tp_call`), keywords by a last {@link kwargs}:
 * the arguments convert as a function's do, the result as results do. A
 * type that is not callable throws CPython's `TypeError: 'T' object is not
 * callable`.
 */
function call(obj, ...args) {
    return (0, extension_1.extensionCall)(obj, args);
}
/**
 * Python's `obj[key]` (`PyObject_GetItem`: `mp_subscript`, else
 * `sq_item`) for an instance of an extension class (or a
 * {@link PyObjectHandle}); `key` converted as arguments are, the item as
 * results are. A missing key throws the extension's error (`KeyError`,
 * `IndexError`) as a {@link PyError}.
 */
function getItem(obj, key) {
    return (0, extension_1.extensionProtocol)(obj, 'getitem', 'getItem', [key]);
}
/** Python's `obj[key] = value` (`PyObject_SetItem`); see {@link getItem}. */
function setItem(obj, key, value) {
    (0, extension_1.extensionProtocol)(obj, 'setitem', 'setItem', [key, value]);
}
/** Python's `del obj[key]` (`PyObject_DelItem`); see {@link getItem}. */
function delItem(obj, key) {
    (0, extension_1.extensionProtocol)(obj, 'delitem', 'delItem', [key]);
}
/**
 * Python's `value in obj` (`PySequence_Contains`: `sq_contains`, else
 * iteration), for an instance of an extension class.
 */
function contains(obj, value) {
    return (0, extension_1.extensionProtocol)(obj, 'contains', 'contains', [value]);
}
/** Python's `repr(obj)` (`PyObject_Repr`) for an instance of an extension class. */
function repr(obj) {
    return (0, extension_1.extensionProtocol)(obj, 'repr', 'repr', []);
}
/** Python's `str(obj)` (`PyObject_Str`) for an instance of an extension class. */
function str(obj) {
    return (0, extension_1.extensionProtocol)(obj, 'str', 'str', []);
}
/**
 * Python's `hash(obj)` (`PyObject_Hash`) for an instance of an extension
 * class: a number, or a bigint beyond 2**53 as ints convert. An unhashable
 * type throws CPython's `TypeError: unhashable type: 'T'`.
 */
function hash(obj) {
    return (0, extension_1.extensionProtocol)(obj, 'hash', 'hash', []);
}
