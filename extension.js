"use strict";
/**
 * The implementation of `loadExtension()` and `extensionInfo()`, which
 * index.ts declares and exports with their types (declaring them there
 * keeps index.d.ts free of references to this file, whose own declarations
 * import index.ts: a program that sees both index.ts and index.d.ts would
 * hold two incompatible copies of PyBuffer and Exporter).
 *
 * The native side is crates/node/src/extension/ (types.rs for classes);
 * async calls are in extension-async.ts.
 *
 * @packageDocumentation
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.ExtensionObject = void 0;
exports.newBytes = newBytes;
exports.bytesKindOf = bytesKindOf;
exports.fromNative = fromNative;
exports.prepareCall = prepareCall;
exports.gcReleasedInstances = gcReleasedInstances;
exports.extensionHandleOf = extensionHandleOf;
exports.extensionLen = extensionLen;
exports.extensionProtocol = extensionProtocol;
exports.extensionCall = extensionCall;
exports.extensionRefcnt = extensionRefcnt;
exports.extensionErrorClass = extensionErrorClass;
exports.loadExtension = loadExtension;
exports.extensionInfo = extensionInfo;
const node_path_1 = require("node:path");
const node_util_1 = require("node:util");
const index_1 = require("./index");
const extension_async_1 = require("./extension-async");
/**
 * `o` with each of `keys` it lacks (an optional field the addon left out)
 * made an own `undefined`: a property someone added to Object.prototype
 * (`exception`, `base`, `builtinException`) must not stand in for it.
 */
function withOwn(o, keys) {
    for (const k of keys) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) {
            Object.defineProperty(o, k, { value: undefined, writable: true, configurable: true });
        }
    }
    return o;
}
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
    if (ArrayBuffer.isView(data) || node_util_1.types.isAnyArrayBuffer(data)) {
        u8 = memoryBytes(data, name);
    }
    else if (Array.isArray(data)) {
        // Each element read once, checked and stored: a getter (or a Proxy)
        // that answers differently the second time cannot slip a value past
        // the check.
        const items = data;
        const n = items.length;
        u8 = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
            const v = items[i];
            if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
                throw withCode(new RangeError(`${name}() argument: bytes must be in range(0, 256)`), 'ValueError');
            }
            u8[i] = v;
        }
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
/** What `sourceInfo` writes: element type, element size, byte offset, byte length. */
const memoryFields = new Float64Array(4);
/**
 * The bytes of a TypedArray, DataView, ArrayBuffer or SharedArrayBuffer,
 * found through its internal slots (an own `byteLength` or `buffer`
 * property cannot widen them); TypeError for detached memory.
 */
function memoryBytes(data, name) {
    const value = node_util_1.types.isSharedArrayBuffer(data) ? new Uint8Array(data) : data;
    let buffer;
    try {
        buffer = index_1.__internal.native.sourceInfo(value, memoryFields);
    }
    catch (e) {
        const message = String(index_1.__internal.convert(e).message).replace(/^source: /, '');
        throw withCode(new TypeError(`${name}() argument: ${message}`), 'TypeError');
    }
    return new Uint8Array(buffer, memoryFields[2], memoryFields[3]);
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
// The intrinsic getters, read once: a value cannot override them (its own
// `buffer` or `resizable` property would lie about its memory).
const typedArrayBuffer = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer')
    ?.get;
const dataViewBuffer = Object.getOwnPropertyDescriptor(DataView.prototype, 'buffer')?.get;
const arrayBufferResizable = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
/**
 * Whether the addon exports `arg` for a call by itself (the same exporter
 * `exporter(arg)` makes, without its JS object, which costs a few µs): a
 * TypedArray, DataView or ArrayBuffer over an ArrayBuffer that is neither
 * shared nor resizable. N-API cannot tell those apart; the others go
 * through `exporter()`, which refuses resizable memory.
 */
function plainMemory(arg) {
    let buffer;
    if (node_util_1.types.isTypedArray(arg))
        buffer = typedArrayBuffer.call(arg);
    else if (node_util_1.types.isDataView(arg))
        buffer = dataViewBuffer.call(arg);
    else if (node_util_1.types.isArrayBuffer(arg))
        buffer = arg;
    else
        return false;
    if (!node_util_1.types.isArrayBuffer(buffer))
        return false;
    return arrayBufferResizable === undefined || !arrayBufferResizable.call(buffer);
}
/**
 * `Map` and `Set` as they were when this module loaded: a program that
 * replaces the globals later changes neither what a call accepts as a set
 * nor what its results are made of.
 */
const IntrinsicMap = Map;
const IntrinsicSet = Set;
/** The arrays and tuples whose items are being converted (on this thread: conversion is synchronous). */
const converting = new Set();
/**
 * The items of an array or `tuple([...])` `container`, converted. A
 * container inside itself is refused with a TypeError (rather than
 * recursing until the stack runs out).
 *
 * A hole (an index a sparse array lacks) is refused too, at the first one:
 * Python has no missing items, and `[,]` is not `[undefined]`. Stopping
 * there keeps the time in proportion to the items the array really has:
 * `a.length = 2 ** 32 - 1` costs JS nothing and would otherwise cost a
 * pass over every index.
 */
function sequenceToNative(container, items, what, temps) {
    if (converting.has(container)) {
        throw withCode(new TypeError(`${what}: cannot convert an array that contains itself`), 'TypeError');
    }
    converting.add(container);
    try {
        const out = [];
        const n = items.length;
        for (let i = 0; i < n; i++) {
            if (!Object.prototype.hasOwnProperty.call(items, i)) {
                throw withCode(new TypeError(`${what}: the array has a hole at index ${i} (of length ${n}); ` +
                    'a sparse array cannot be converted (fill it, with undefined or null for a missing item)'), 'TypeError');
            }
            out.push(toNative(items[i], what, temps));
        }
        return out;
    }
    finally {
        converting.delete(container);
    }
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
        return sequenceToNative(arg, arg, what, temps);
    if (index_1.PyTuple.is(arg))
        return { __pybufferTuple: sequenceToNative(arg, arg.items, what, temps) };
    if (arg instanceof IntrinsicSet) {
        return { __pybufferSet: sequenceToNative(arg, [...arg], what, temps) };
    }
    if (index_1.PyFrozenSet.is(arg)) {
        return { __pybufferFrozenset: sequenceToNative(arg, arg.items, what, temps) };
    }
    if (arg instanceof Uint8Array) {
        const origin = bytesOrigin.get(arg);
        if (origin !== undefined && !origin.handle.disposed)
            return origin.handle;
    }
    if (index_1.Exporter.is(arg))
        return arg.handle;
    if (arg instanceof index_1.PyObjectHandle)
        return arg;
    const inst = instanceState.get(arg);
    if (inst !== undefined)
        return liveHandle(inst);
    if (typeof arg === 'function') {
        const fnHandle = functionHandles.get(arg);
        if (fnHandle !== undefined)
            return fnHandle;
    }
    // A class (or exception class) stands for its type.
    const typeHandle = classStates.get(arg)?.handle ?? errorTypes.get(arg);
    if (typeHandle !== undefined)
        return typeHandle;
    if (index_1.PyBuffer.isView(arg)) {
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
    if (typeof arg === 'object' && plainMemory(arg))
        return arg;
    if (typeof arg === 'object' &&
        (node_util_1.types.isTypedArray(arg) || node_util_1.types.isDataView(arg) || node_util_1.types.isAnyArrayBuffer(arg) || isNdarray(arg))) {
        const h = (0, index_1.exporter)(arg).handle;
        temps.push(h);
        return h;
    }
    throw withCode(new TypeError(`${what}: cannot convert ${describe(arg)} to a Python object ` +
        '(pass null, undefined, a boolean, number, bigint or string, JS memory, an ndarray, ' +
        'an Exporter, a PyBuffer, a PyObjectHandle or an instance of an extension class)'), 'TypeError');
}
/**
 * A native result as JS: handles in it become Buffers (bytes, bytearray) or
 * PyBuffers. `seen` maps each container already converted to its copy, so
 * that a container holding itself (a Python list appended to itself) stays
 * a cycle instead of recursing without end.
 */
function fromNative(result, seen = new IntrinsicMap()) {
    if (result instanceof index_1.PyObjectHandle) {
        const kind = nativeApi().extensionBytesKind?.(result) ?? null;
        if (kind !== null)
            return bytesBuffer(result, kind);
        const ids = nativeApi().extensionInstanceOf(result);
        if (ids !== null) {
            // A type an extension made is its class.
            if (ids[2] === 1)
                return classFor(result, ids[0]);
            return instanceFor(result, ids[0], ids[1]);
        }
        if (nativeApi().extensionIsIterator?.(result) === true)
            return iterate(result);
        // An object with no JS form (a capsule, a module, ...): the handle
        // itself, which JS passes back as that object.
        if (nativeApi().extensionExportsBuffer?.(result) === false)
            return result;
        // The view holds the object; once it is released, nothing else does.
        try {
            return (0, index_1.getBuffer)(result, index_1.PyBUF.FULL_RO);
        }
        finally {
            result.dispose();
        }
    }
    if (typeof result === 'object' && result !== null) {
        const done = seen.get(result);
        if (done !== undefined)
            return done;
    }
    if (Array.isArray(result)) {
        const out = [];
        seen.set(result, out);
        for (const item of result)
            out.push(fromNative(item, seen));
        return out;
    }
    if (result instanceof IntrinsicMap) {
        const out = new IntrinsicMap();
        seen.set(result, out);
        for (const [k, v] of result)
            out.set(fromNative(k, seen), fromNative(v, seen));
        return out;
    }
    if (result instanceof IntrinsicSet) {
        const out = new IntrinsicSet();
        seen.set(result, out);
        for (const v of result)
            out.add(fromNative(v, seen));
        return out;
    }
    if (typeof result === 'object' && result !== null) {
        const out = {};
        seen.set(result, out);
        // Defined, not assigned: a dict's `'__proto__'` key stays a key, and no
        // setter (or frozen property) of Object.prototype intercepts one.
        for (const [k, v] of Object.entries(result)) {
            Object.defineProperty(out, k, { value: fromNative(v, seen), writable: true, enumerable: true, configurable: true });
        }
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
    const keywords = index_1.Kwargs.is(last) ? last : null;
    const args = keywords === null ? given : given.slice(0, -1);
    const native = new Array(args.length);
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (index_1.Kwargs.is(arg)) {
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
    return callWith((args, kwnames, kwvalues) => mod.call(index, args, kwnames, kwvalues), qualname, given);
}
/**
 * Converts `given` as {@link prepareCall} does, calls `invoke` and converts
 * its result; `self` (an instance's handle) goes first.
 */
function callWith(invoke, qualname, given, self) {
    const temps = [];
    try {
        const c = prepareCall(qualname, given, temps);
        const args = self === undefined ? c.args : [self, ...c.args];
        let result;
        try {
            result = invoke(args, c.kwnames, c.kwvalues);
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
/** Calls `callable` (a handle an extension made) as `callObject` does, converting as module functions do. */
function callObject(callable, qualname, given, self) {
    const api = nativeApi();
    return callWith((args, kwnames, kwvalues) => api.callObject(callable, args, kwnames, kwvalues), qualname, given, self);
}
const instanceState = new WeakMap();
const classStates = new WeakMap();
/** Identity: each live instance's JS object, by the object's address. */
const liveInstances = new Map();
/** Classes (and exception classes) by type address; the class holds its type, so the address stays its. */
const classesByType = new Map();
let gcInstances = 0;
/** How many extension instances the garbage collector has released (for tests). */
function gcReleasedInstances() {
    return gcInstances;
}
const instanceRegistry = new FinalizationRegistry((held) => {
    const ref = liveInstances.get(held.key);
    if (ref !== undefined && ref.deref() === undefined)
        liveInstances.delete(held.key);
    if (!held.handle.disposed) {
        held.handle.dispose();
        gcInstances++;
        held.report?.({ stack: held.stack, description: held.description, kind: 'instance' });
    }
});
function closedError(st) {
    return index_1.__internal.makeError('ValueError', 'ValueError', `operation on a closed ${st.cls.info.pythonType} object: close() released it`);
}
/** The handle of a live instance, or the error naming its type. */
function liveHandle(st) {
    if (st.handle === null)
        throw closedError(st);
    return st.handle;
}
function stateOf(obj, what) {
    const st = typeof obj === 'object' && obj !== null ? instanceState.get(obj) : undefined;
    if (st === undefined) {
        throw withCode(new TypeError(`${what}: not an instance of an extension class`), 'TypeError');
    }
    return st;
}
/** The handle behind an extension instance (throws once it is closed), or undefined for anything else. */
function extensionHandleOf(obj) {
    const st = typeof obj === 'object' && obj !== null ? instanceState.get(obj) : undefined;
    return st === undefined ? undefined : liveHandle(st);
}
/** The class of the type `typeHandle` (taken over) whose address is `key`. */
function classFor(typeHandle, key) {
    const known = classesByType.get(key)?.deref();
    if (known !== undefined) {
        typeHandle.dispose();
        return known;
    }
    try {
        return classOfType(typeHandle);
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
}
/** The JS object of the instance behind `handle` (taken over): the same one while it lives. */
function instanceFor(handle, key, typeKey) {
    const existing = liveInstances.get(key)?.deref();
    if (existing !== undefined) {
        handle.dispose();
        return existing;
    }
    let cls;
    try {
        cls = classesByType.get(typeKey)?.deref() ?? classOfType(nativeApi().extensionTypeOf(handle));
    }
    catch (e) {
        handle.dispose();
        throw index_1.__internal.convert(e);
    }
    const st = classStates.get(cls);
    if (st === undefined) {
        handle.dispose();
        throw withCode(new TypeError('an extension returned an instance of an exception class'), 'TypeError');
    }
    let obj = Object.create(cls.prototype);
    const state = { handle, key, cls: st, bound: null, functions: null };
    instanceState.set(obj, state);
    if (st.info.dynamic) {
        // Only these instances pay for a Proxy: the others' methods stay
        // plain prototype properties.
        obj = new Proxy(obj, dynamicHandler);
        instanceState.set(obj, state);
    }
    liveInstances.set(key, new WeakRef(obj));
    const report = index_1.__internal.leakReporter();
    const description = st.info.pythonType;
    instanceRegistry.register(obj, { handle, key, report, stack: report === null ? '' : (new Error().stack ?? ''), description }, obj);
    return obj;
}
/** Releases an instance now: its Python object is released, and every later use throws. */
function closeInstance(obj) {
    const st = stateOf(obj, 'close');
    const h = st.handle;
    if (h === null)
        return;
    st.handle = null;
    st.bound = null;
    st.functions = null;
    instanceRegistry.unregister(obj);
    if (liveInstances.get(st.key)?.deref() === obj)
        liveInstances.delete(st.key);
    h.dispose();
}
/** The base of every extension class: `close()`, `closed`, `Symbol.dispose`. */
class ExtensionObject {
    /** Extension classes are made by {@link loadExtension}; instances by calling them. */
    constructor() {
        throw withCode(new TypeError('ExtensionObject cannot be instantiated directly'), 'TypeError');
    }
    /** Whether {@link close} has run. */
    get closed() {
        return stateOf(this, 'closed').handle === null;
    }
    /** Releases the Python object now (a second call does nothing); any later use throws. */
    close() {
        closeInstance(this);
    }
    /** Same as {@link close}, for `using` declarations. */
    [Symbol.dispose]() {
        closeInstance(this);
    }
}
exports.ExtensionObject = ExtensionObject;
/**
 * Gives `fn` its `.async(...)`: the same call as `fn(...)` (`callable`, with
 * `self()`'s handle first when given), run off the main thread by
 * extension-async.ts's machinery.
 */
function defineAsync(fn, callable, qualname, self) {
    const callAsync = function (...args) {
        return (0, extension_async_1.settleAsync)(qualname, args, (c) => {
            const start = nativeApi().callObjectAsync;
            if (start === undefined)
                throw new Error(`async calls are not supported on ${process.platform}`);
            return start(callable, self === undefined ? c.args : [self(), ...c.args], c.kwnames, c.kwvalues);
        });
    };
    Object.defineProperty(callAsync, 'name', { value: `${qualname}.async` });
    Object.defineProperty(fn, 'async', { value: callAsync });
}
/** Defines the standard function metadata on `fn`. */
function describeFunction(fn, name, module, qualname, doc) {
    // Configurable: a class method of the same name may replace one.
    Object.defineProperties(fn, {
        name: { value: name, configurable: true },
        __name__: { value: name, configurable: true },
        __qualname__: { value: qualname, configurable: true },
        __module__: { value: module, configurable: true },
        doc: { value: doc, configurable: true },
        __doc__: { value: doc, configurable: true },
    });
}
/**
 * The bound method `name` of an instance: one function per instance and
 * name, so `obj.m === obj.m`, and `obj.m` called alone still calls it on
 * `obj`. It calls the type's method descriptor with the instance first.
 */
function boundMethod(obj, name) {
    const st = stateOf(obj, name);
    liveHandle(st);
    const cached = st.bound?.get(name);
    if (cached !== undefined)
        return cached;
    const cls = st.cls;
    let descr = cls.descriptors.get(name);
    if (descr === undefined) {
        try {
            descr = nativeApi().extensionGetAttrObject(cls.handle, name);
        }
        catch (e) {
            throw index_1.__internal.convert(e);
        }
        cls.descriptors.set(name, descr);
    }
    const callable = descr;
    const qualname = `${cls.info.name}.${name}`;
    const fn = function (...args) {
        return callObject(callable, qualname, args, liveHandle(st));
    };
    const attr = cls.info.attributes.find((a) => a.name === name);
    describeFunction(fn, name, moduleOf(cls.info), qualname, attr?.doc ?? null);
    defineAsync(fn, callable, qualname, () => liveHandle(st));
    (st.bound ??= new Map()).set(name, fn);
    return fn;
}
/** `setattr(obj, name, value)` for an instance, `value` converted as an argument. */
function setAttr(st, name, value) {
    const h = liveHandle(st);
    const temps = [];
    try {
        nativeApi().extensionSetAttr(h, name, toNative(value, `${st.cls.info.name}.${name}`, temps));
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
    finally {
        for (const t of temps)
            t.dispose();
    }
}
/** The handle each function made for a callable object stands for, when passed back to C. */
const functionHandles = new WeakMap();
/** What {@link dynamicAttr} gives for an attribute `getattr` does not find. */
const MISSING = Symbol('missing');
/**
 * `getattr(obj, name)` for an instance, converted as results are, except
 * that a callable which is neither a type nor an instance (a built-in
 * function: cffi's `lib.argon2_hash`) becomes a JS function that calls it,
 * the same one while `getattr` gives the same object; {@link MISSING} for
 * an `AttributeError`.
 */
function dynamicAttr(st, name) {
    const h = liveHandle(st);
    let r;
    try {
        r = withOwn(nativeApi().extensionGetAttrDynamic(h, name), ['missing', 'fn', 'key', 'value']);
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
    if (r.missing === true)
        return MISSING;
    if (r.fn === undefined || r.key === undefined)
        return fromNative(r.value);
    const cached = st.functions?.get(name);
    if (cached !== undefined && cached.key === r.key) {
        r.fn.dispose();
        return cached.fn;
    }
    const callable = r.fn;
    const qualname = `${st.cls.info.name}.${name}`;
    const fn = function (...args) {
        return callObject(callable, qualname, args);
    };
    describeFunction(fn, name, moduleOf(st.cls.info), qualname, null);
    defineAsync(fn, callable, qualname);
    functionHandles.set(fn, callable);
    (st.functions ??= new Map()).set(name, { key: r.key, fn: fn });
    return fn;
}
/**
 * The Proxy handler of instances whose type finds attributes itself
 * (`info.dynamic`): what their class defines (methods, properties,
 * `close`, `Object.prototype`'s) is read as for other instances; any other
 * string key goes to Python's `getattr` / `setattr`, and the own keys are
 * `dir(obj)`'s names. Keys are looked up on the target, whose prototype is
 * the class's, so `this` in the class's accessors is the Proxy.
 */
const dynamicHandler = {
    get(target, key, receiver) {
        if (typeof key !== 'string' || key in target)
            return Reflect.get(target, key, receiver);
        const r = dynamicAttr(stateOf(target, key), key);
        return r === MISSING ? undefined : r;
    },
    has(target, key) {
        if (typeof key !== 'string' || key in target)
            return key in target;
        return dynamicAttr(stateOf(target, key), key) !== MISSING;
    },
    set(target, key, value, receiver) {
        if (typeof key !== 'string' || key in target)
            return Reflect.set(target, key, value, receiver);
        setAttr(stateOf(target, key), key, value);
        return true;
    },
    ownKeys(target) {
        const own = Reflect.ownKeys(target);
        let names;
        try {
            names = nativeApi().extensionDir(liveHandle(stateOf(target, 'dir')));
        }
        catch (e) {
            throw index_1.__internal.convert(e);
        }
        return [...own, ...names.filter((n) => !(n in target))];
    },
    getOwnPropertyDescriptor(target, key) {
        const own = Reflect.getOwnPropertyDescriptor(target, key);
        if (own !== undefined || typeof key !== 'string' || key in target)
            return own;
        const r = dynamicAttr(stateOf(target, key), key);
        // Configurable, as the invariants require of a property the target lacks.
        return r === MISSING ? undefined : { value: r, writable: true, enumerable: true, configurable: true };
    },
};
function moduleOf(info) {
    const dot = info.pythonType.lastIndexOf('.');
    return dot < 0 ? 'builtins' : info.pythonType.slice(0, dot);
}
/** The JS class of the type `typeHandle` (taken over), made on first use. */
function classOfType(typeHandle) {
    let info;
    try {
        info = withOwn(nativeApi().extensionTypeInfo(typeHandle), ['doc', 'exception', 'base']);
        for (const a of info.attributes)
            withOwn(a, ['doc']);
    }
    catch (e) {
        typeHandle.dispose();
        throw index_1.__internal.convert(e);
    }
    const known = classesByType.get(info.key)?.deref();
    if (known !== undefined) {
        typeHandle.dispose();
        info.base?.dispose();
        return known;
    }
    const cls = info.exception !== undefined ? makeErrorClass(typeHandle, info) : makeClass(typeHandle, info);
    classesByType.set(info.key, new WeakRef(cls));
    return cls;
}
function makeClass(typeHandle, info) {
    const Base = (info.base !== undefined ? classOfType(info.base) : ExtensionObject);
    const qualname = info.pythonType;
    // A plain function, so that `new` can return the object tp_new made
    // (identity: an existing object comes back as its JS object). Called
    // without `new` it does the same, as Python calls a type: cffi hands out
    // types as factories (`ffi.buffer(cdata)`).
    const cls = function (...args) {
        const made = callObject(typeHandle, qualname, args);
        if (typeof made !== 'object' || made === null) {
            throw withCode(new TypeError(`${qualname}() returned a ${typeof made}, not an object`), 'TypeError');
        }
        return made;
    };
    const state = { handle: typeHandle, info, descriptors: new Map(), ctor: cls };
    Object.setPrototypeOf(cls, Base);
    const proto = Object.create(Base.prototype);
    Object.defineProperty(proto, 'constructor', { value: cls, writable: true, configurable: true });
    Object.defineProperty(cls, 'prototype', { value: proto, writable: false });
    describeFunction(cls, info.name, moduleOf(info), info.name, info.doc ?? null);
    Object.defineProperty(cls, 'pythonType', { value: info.pythonType, configurable: true });
    Object.defineProperty(proto, Symbol.toStringTag, { value: info.name, configurable: true });
    const api = nativeApi();
    // Class methods receive the class they are called on: those of the bases
    // are bound to this type again.
    const inherited = [];
    for (let b = classStates.get(Base); b !== undefined; b = classStates.get(Object.getPrototypeOf(b.ctor))) {
        for (const a of b.info.attributes) {
            if (a.kind === 'classmethod' && !info.attributes.some((own) => own.name === a.name))
                inherited.push(a);
        }
    }
    for (const attr of [...info.attributes, ...inherited]) {
        const name = attr.name;
        switch (attr.kind) {
            case 'method':
                Object.defineProperty(proto, name, {
                    get() {
                        return boundMethod(this, name);
                    },
                    configurable: true,
                });
                break;
            case 'classmethod':
            case 'staticmethod': {
                let bound;
                try {
                    bound = api.extensionGetAttrObject(typeHandle, name);
                }
                catch (e) {
                    throw index_1.__internal.convert(e);
                }
                const q = `${info.name}.${name}`;
                const fn = function (...args) {
                    return callObject(bound, q, args);
                };
                describeFunction(fn, name, moduleOf(info), q, attr.doc ?? null);
                defineAsync(fn, bound, q);
                Object.defineProperty(cls, name, { value: fn, enumerable: true, configurable: true });
                break;
            }
            case 'constant': {
                // Read once, as module constants are: a read-only static property.
                let value;
                try {
                    value = api.extensionGetAttr(typeHandle, name);
                }
                catch (e) {
                    throw index_1.__internal.convert(e);
                }
                Object.defineProperty(cls, name, { value: fromNative(value), enumerable: true, configurable: true });
                break;
            }
            case 'attribute':
                // Read from the instance each time, as Python's lookup finds it
                // (in the type's dict, unless the instance has its own).
                Object.defineProperty(proto, name, {
                    get() {
                        const r = dynamicAttr(stateOf(this, name), name);
                        return r === MISSING ? undefined : r;
                    },
                    set(value) {
                        setAttr(stateOf(this, name), name, value);
                    },
                    configurable: true,
                });
                break;
            case 'getset':
            case 'member':
                Object.defineProperty(proto, name, {
                    get() {
                        const h = liveHandle(stateOf(this, name));
                        let r;
                        try {
                            r = api.extensionGetAttr(h, name);
                        }
                        catch (e) {
                            throw index_1.__internal.convert(e);
                        }
                        return fromNative(r);
                    },
                    // Always a setter: a read-only one raises CPython's AttributeError.
                    set(value) {
                        setAttr(stateOf(this, name), name, value);
                    },
                    configurable: true,
                });
                break;
        }
    }
    if (info.iter) {
        Object.defineProperty(proto, Symbol.iterator, {
            value: function () {
                const h = liveHandle(stateOf(this, 'Symbol.iterator'));
                let it;
                try {
                    it = api.extensionIter(h);
                }
                catch (e) {
                    throw index_1.__internal.convert(e);
                }
                return iterate(it);
            },
            configurable: true,
        });
    }
    classStates.set(cls, state);
    return cls;
}
/** A JS iterator over the Python iterator `it` (taken over), converting each item. */
function iterate(it) {
    const api = nativeApi();
    return {
        [Symbol.iterator]() {
            return this;
        },
        next() {
            if (it.disposed)
                return { done: true, value: undefined };
            let r;
            try {
                r = api.extensionIterNext(it);
            }
            catch (e) {
                it.dispose();
                throw index_1.__internal.convert(e);
            }
            if (r.done) {
                it.dispose();
                return { done: true, value: undefined };
            }
            return { done: false, value: fromNative(r.value) };
        },
        return() {
            it.dispose();
            return { done: true, value: undefined };
        },
    };
}
/** `len()`: see index.ts. */
function extensionLen(obj) {
    const h = extensionHandleOf(obj) ?? (obj instanceof index_1.PyObjectHandle ? obj : undefined);
    if (h === undefined) {
        const what = obj === null ? 'null' : Array.isArray(obj) ? 'array' : typeof obj;
        throw withCode(new TypeError(`object of type '${what}' has no len()`), 'TypeError');
    }
    try {
        return nativeApi().extensionLen(h);
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
}
/**
 * Python's item, containment, text and hash protocols on an instance (or a
 * handle): index.ts's `getItem`, `setItem`, `delItem`, `contains`, `repr`,
 * `str` and `hash`. `name` is the Python builtin the error message names
 * for a JS value that is no Python object.
 */
function extensionProtocol(obj, op, name, operands) {
    const h = extensionHandleOf(obj) ?? (obj instanceof index_1.PyObjectHandle ? obj : undefined);
    if (h === undefined) {
        const what = obj === null ? 'null' : Array.isArray(obj) ? 'array' : typeof obj;
        throw withCode(new TypeError(`${name}: expected an instance of an extension class, got ${what}`), 'TypeError');
    }
    const temps = [];
    try {
        const args = operands.map((a, i) => toNative(a, `${name}() argument ${i + 2}`, temps));
        return fromNative(nativeApi().extensionProtocol(h, op, args));
    }
    catch (e) {
        throw index_1.__internal.convert(e);
    }
    finally {
        for (const t of temps)
            t.dispose();
    }
}
/**
 * Python's `obj(*args, **kwargs)` for an instance of an extension class
 * (its type's `tp_call`) or a handle: index.ts's `call`.
 */
function extensionCall(obj, given) {
    const st = typeof obj === 'object' && obj !== null ? instanceState.get(obj) : undefined;
    const h = st !== undefined ? liveHandle(st) : obj instanceof index_1.PyObjectHandle ? obj : undefined;
    if (h === undefined) {
        const what = obj === null ? 'null' : Array.isArray(obj) ? 'array' : typeof obj;
        throw withCode(new TypeError(`call: expected an instance of an extension class, got ${what}`), 'TypeError');
    }
    return callObject(h, st?.cls.info.pythonType ?? 'object', given);
}
/** The reference count of the Python object behind an instance (for tests). */
function extensionRefcnt(obj) {
    return nativeApi().extensionRefcnt(liveHandle(stateOf(obj, 'refcnt')));
}
// ==========================================================================
// Exceptions: the exception classes an extension defines
// ==========================================================================
function makeErrorClass(typeHandle, info) {
    const Base = (info.base !== undefined ? classOfType(info.base) : index_1.__internal.errorClassFor(info.exception ?? 'Exception'));
    const name = info.name;
    const pythonType = info.pythonType;
    const cls = class extends Base {
        constructor(message = '') {
            super(message);
            // `.code` is the type's __name__, `.pythonType` its dotted name (a
            // raised subclass the module does not export overrides both).
            Object.defineProperty(this, 'code', { value: name, enumerable: true, writable: true, configurable: true });
            Object.defineProperty(this, 'pythonType', { value: pythonType, enumerable: false, writable: true, configurable: true });
            Object.defineProperty(this, 'name', { value: name, enumerable: false, writable: true, configurable: true });
        }
    };
    Object.defineProperty(cls, 'name', { value: name });
    Object.defineProperties(cls, {
        __name__: { value: name },
        __module__: { value: moduleOf(info) },
        pythonType: { value: pythonType },
        doc: { value: info.doc ?? null },
        __doc__: { value: info.doc ?? null },
    });
    // The class holds its type: its address stays this class's key.
    errorTypes.set(cls, typeHandle);
    return cls;
}
const errorTypes = new WeakMap();
/**
 * The JS class of the first of `typeKeys` (a raised exception's type and
 * its bases up to a built-in one, as errors.rs encodes them) that a loaded
 * extension exports, or undefined.
 */
function extensionErrorClass(typeKeys) {
    for (const key of typeKeys.split(',')) {
        const cls = classesByType.get(Number(key))?.deref();
        if (cls !== undefined && errorTypes.has(cls))
            return cls;
    }
    return undefined;
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
    const functions = mod.functions().map((f) => withOwn(f, ['doc', 'textSignature']));
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
            __qualname__: { value: info.name },
            __module__: { value: moduleName },
            doc: { value: doc },
            __doc__: { value: doc },
            __text_signature__: { value: sig },
            async: { value: callAsync },
        });
        Object.defineProperty(ext, info.name, { value: fn, enumerable: true });
    });
    // Types become classes, exception types error classes.
    const classNames = [];
    const exceptionNames = [];
    for (const { name, handle, builtinException } of mod.types().map((ty) => withOwn(ty, ['builtinException']))) {
        let cls;
        if (builtinException !== undefined) {
            // `error = ValueError`: the JS class ValueError maps to.
            handle.dispose();
            cls = index_1.__internal.errorClassFor(builtinException);
            exceptionNames.push(name);
        }
        else {
            try {
                cls = classOfType(handle);
            }
            catch (e) {
                throw index_1.__internal.convert(e);
            }
            ;
            (errorTypes.has(cls) ? exceptionNames : classNames).push(name);
        }
        if (!Object.prototype.hasOwnProperty.call(ext, name)) {
            Object.defineProperty(ext, name, { value: cls, enumerable: true });
        }
    }
    // Module constants are read-only properties too (a function of the same
    // name wins, as the later entry of CPython's module dict would).
    const constants = Object.freeze(mod.constants());
    for (const [name, value] of Object.entries(constants)) {
        if (!Object.prototype.hasOwnProperty.call(ext, name)) {
            Object.defineProperty(ext, name, { value, enumerable: true, writable: false });
        }
    }
    // Its other attributes (sentinels such as `RAISE = object()`, instances,
    // capsules) are read-only properties too, as opaque objects JS can pass
    // back to it.
    for (const [name, value] of Object.entries(mod.objects())) {
        if (!Object.prototype.hasOwnProperty.call(ext, name)) {
            Object.defineProperty(ext, name, { value: fromNative(value), enumerable: true, writable: false });
        }
    }
    Object.freeze(ext);
    infos.set(ext, Object.freeze({
        name: moduleName,
        doc: mod.doc,
        path: mod.path,
        functions: Object.freeze(functions.map((f) => f.name)),
        classes: Object.freeze(classNames),
        exceptions: Object.freeze(exceptionNames),
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
