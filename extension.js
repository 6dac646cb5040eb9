"use strict";
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
Object.defineProperty(exports, "__esModule", { value: true });
exports.newBytes = newBytes;
exports.bytesKindOf = bytesKindOf;
exports.fromNative = fromNative;
exports.prepareCall = prepareCall;
exports.loadExtension = loadExtension;
exports.extensionInfo = extensionInfo;
const node_path_1 = require("node:path");
const node_util_1 = require("node:util");
const index_1 = require("./index");
const extension_async_1 = require("./extension-async");
function nativeApi() {
    return index_1.__internal.native;
}
function withCode(err, code) {
    Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
    return err;
}
// ==========================================================================
// bytes and bytearray
// ==========================================================================
/**
 * The `bytes` / `bytearray` object behind each Buffer made from one, so that
 * passing the Buffer back to an extension passes that object again. The
 * handle holds the object; the Buffer holds an export of it.
 */
const bytesOrigin = new WeakMap();
function unsupported(what) {
    throw withCode(new Error(`${what} is not supported on ${process.platform}`), 'ImportError');
}
/** A zero-copy Buffer of a bytes/bytearray handle (taken over), remembering its object. */
function bytesBuffer(handle, kind) {
    const api = nativeApi();
    if (api.extensionBytesBuffer === undefined)
        unsupported('bytes');
    let buf;
    try {
        buf = api.extensionBytesBuffer(handle);
    }
    catch (e) {
        handle.dispose();
        throw index_1.__internal.convert(e);
    }
    bytesOrigin.set(buf, { handle, kind });
    return buf;
}
/** `bytes()` / `bytearray()`: see index.ts. */
function newBytes(data, mutable) {
    const name = mutable ? 'bytearray' : 'bytes';
    let u8;
    if (ArrayBuffer.isView(data))
        u8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else if (node_util_1.types.isAnyArrayBuffer(data))
        u8 = new Uint8Array(data);
    else if (Array.isArray(data)) {
        for (const v of data) {
            if (!Number.isInteger(v) || v < 0 || v > 255) {
                throw withCode(new RangeError(`${name}() argument: bytes must be in range(0, 256)`), 'ValueError');
            }
        }
        u8 = Uint8Array.from(data);
    }
    else {
        throw withCode(new TypeError(`${name}() argument: expected a TypedArray, Buffer, DataView, ArrayBuffer or array of bytes`), 'TypeError');
    }
    const api = nativeApi();
    if (api.extensionNewBytes === undefined)
        unsupported(name);
    let handle;
    try {
        handle = api.extensionNewBytes(u8, mutable);
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
    return bytesBuffer(handle, mutable ? 'bytearray' : 'bytes');
}
/** `'bytes'` / `'bytearray'` for a Buffer made from such an object, else null. */
function bytesKindOf(x) {
    return x instanceof Uint8Array ? (bytesOrigin.get(x)?.kind ?? null) : null;
}
// ==========================================================================
// Calls
// ==========================================================================
function isNdarray(x) {
    return 'data' in x && 'shape' in x && ('stride' in x || 'strides' in x) && 'offset' in x;
}
function describe(x) {
    if (typeof x === 'function')
        return 'a function';
    if (typeof x === 'symbol')
        return 'a symbol';
    if (Array.isArray(x))
        return 'an array';
    const ctor = x.constructor;
    return typeof ctor?.name === 'string' && ctor.name !== 'Object' ? `a ${ctor.name}` : 'an object';
}
/** The native argument for `arg` (`what` names it in errors); handles made for this call go to `temps`. */
function toNative(arg, what, temps) {
    switch (typeof arg) {
        case 'undefined':
        case 'boolean':
        case 'number':
        case 'bigint':
        case 'string':
            return arg;
    }
    if (arg === null)
        return null;
    if (Array.isArray(arg))
        return arg.map((item) => toNative(item, what, temps));
    if (arg instanceof index_1.PyTuple) {
        return { __pybufferTuple: arg.items.map((item) => toNative(item, what, temps)) };
    }
    if (arg instanceof Uint8Array) {
        const origin = bytesOrigin.get(arg);
        if (origin !== undefined && !origin.handle.disposed)
            return origin.handle;
    }
    if (arg instanceof index_1.Exporter)
        return arg.handle;
    if (arg instanceof index_1.PyObjectHandle)
        return arg;
    if (arg instanceof index_1.PyBuffer) {
        const id = index_1.PyBuffer.idOf(arg);
        let h;
        try {
            h = nativeApi().viewObj(id);
        }
        catch (e) {
            throw index_1.__internal.convert(e);
        }
        temps.push(h);
        return h;
    }
    if (typeof arg === 'object' &&
        (node_util_1.types.isTypedArray(arg) || node_util_1.types.isDataView(arg) || node_util_1.types.isAnyArrayBuffer(arg) || isNdarray(arg))) {
        const h = (0, index_1.exporter)(arg).handle;
        temps.push(h);
        return h;
    }
    throw withCode(new TypeError(`${what}: cannot convert ${describe(arg)} to a Python object ` +
        '(pass null, undefined, a boolean, number, bigint or string, JS memory, an ndarray, ' +
        'an Exporter, a PyBuffer or a PyObjectHandle)'), 'TypeError');
}
/** A native result as JS: handles in it become Buffers (bytes, bytearray) or PyBuffers. */
function fromNative(result) {
    if (result instanceof index_1.PyObjectHandle) {
        const kind = nativeApi().extensionBytesKind?.(result) ?? null;
        if (kind !== null)
            return bytesBuffer(result, kind);
        // The view holds the object; once it is released, nothing else does.
        try {
            return (0, index_1.getBuffer)(result, index_1.PyBUF.FULL_RO);
        }
        finally {
            result.dispose();
        }
    }
    if (Array.isArray(result))
        return result.map(fromNative);
    if (result instanceof Map) {
        const out = new Map();
        for (const [k, v] of result)
            out.set(fromNative(k), fromNative(v));
        return out;
    }
    if (typeof result === 'object' && result !== null) {
        const out = {};
        for (const [k, v] of Object.entries(result))
            out[k] = fromNative(v);
        return out;
    }
    return result;
}
/**
 * Converts the arguments of a call to `qualname` (a last {@link Kwargs}
 * gives keywords); handles made for the call go to `temps`, which the
 * caller disposes once the call is over.
 */
function prepareCall(qualname, given, temps) {
    const last = given.length > 0 ? given[given.length - 1] : undefined;
    const keywords = last instanceof index_1.Kwargs ? last : null;
    const args = keywords === null ? given : given.slice(0, -1);
    const native = new Array(args.length);
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg instanceof index_1.Kwargs) {
            throw withCode(new TypeError(`${qualname}() argument ${i + 1}: kwargs(...) must be the last argument`), 'TypeError');
        }
        native[i] = toNative(arg, `${qualname}() argument ${i + 1}`, temps);
    }
    let kwnames = null;
    let kwvalues = null;
    if (keywords !== null) {
        kwnames = keywords.entries.map(([k]) => k);
        kwvalues = keywords.entries.map(([k, v]) => toNative(v, `${qualname}() keyword argument '${k}'`, temps));
    }
    return { args: native, kwnames, kwvalues };
}
function call(mod, index, qualname, given) {
    const temps = [];
    try {
        const { args, kwnames, kwvalues } = prepareCall(qualname, given, temps);
        let result;
        try {
            result = mod.call(index, args, kwnames, kwvalues);
        }
        catch (e) {
            throw index_1.__internal.convert(e);
        }
        return fromNative(result);
    }
    finally {
        for (const h of temps)
            h.dispose();
    }
}
// ==========================================================================
// Loading
// ==========================================================================
const infos = new WeakMap();
/** `loadExtension()`: see index.ts. */
function loadExtension(path, name) {
    if (typeof path !== 'string')
        throw withCode(new TypeError('loadExtension: path must be a string'), 'TypeError');
    if (name !== undefined && typeof name !== 'string') {
        throw withCode(new TypeError('loadExtension: name must be a string'), 'TypeError');
    }
    const load = nativeApi().extensionLoad;
    if (load === undefined) {
        throw withCode(new Error(`loadExtension is not supported on ${process.platform}`), 'ImportError');
    }
    let mod;
    try {
        mod = load((0, node_path_1.resolve)(path), name ?? null);
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
    const moduleName = mod.name;
    const ext = Object.create(null);
    const functions = mod.functions();
    functions.forEach((info, index) => {
        const qualname = `${moduleName}.${info.name}`;
        const fn = function (...args) {
            return call(mod, index, qualname, args);
        };
        const callAsync = function (...args) {
            return (0, extension_async_1.settleAsync)(qualname, args, (c) => mod.callAsync(index, c.args, c.kwnames, c.kwvalues));
        };
        Object.defineProperty(callAsync, 'name', { value: `${info.name}.async` });
        const doc = info.doc ?? null;
        const sig = info.textSignature ?? null;
        Object.defineProperties(fn, {
            name: { value: info.name },
            __name__: { value: info.name },
            __module__: { value: moduleName },
            doc: { value: doc },
            __doc__: { value: doc },
            __text_signature__: { value: sig },
            async: { value: callAsync },
        });
        Object.defineProperty(ext, info.name, { value: fn, enumerable: true });
    });
    // Module constants are read-only properties too (a function of the same
    // name wins, as the later entry of CPython's module dict would).
    const constants = Object.freeze(mod.constants());
    for (const [name, value] of Object.entries(constants)) {
        if (!Object.prototype.hasOwnProperty.call(ext, name)) {
            Object.defineProperty(ext, name, { value, enumerable: true, writable: false });
        }
    }
    Object.freeze(ext);
    infos.set(ext, Object.freeze({
        name: moduleName,
        doc: mod.doc,
        path: mod.path,
        functions: Object.freeze(functions.map((f) => f.name)),
        constants,
    }));
    return ext;
}
/** `extensionInfo()`: see index.ts. */
function extensionInfo(ext) {
    const info = infos.get(ext);
    if (info === undefined) {
        throw withCode(new TypeError('extensionInfo: not an object returned by loadExtension()'), 'TypeError');
    }
    return info;
}
