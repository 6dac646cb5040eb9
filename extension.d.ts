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
import { type Extension, type ExtensionArg, type ExtensionConstant, type ExtensionInfo, type ExtensionObject as ExtensionObjectType, type ExtensionResult, Kwargs, PyObjectHandle } from './index';
/** What the native `call` returns: containers hold further results. */
export type NativeResult = ExtensionConstant | PyObjectHandle | NativeResult[] | Map<NativeResult, NativeResult> | Set<NativeResult> | {
    [key: string]: NativeResult;
};
/**
 * A value the native `call` accepts as an argument (arrays become lists;
 * `__pybufferTuple` tuples, `__pybufferSet` sets, `__pybufferFrozenset` frozensets).
 */
export type NativeArg = null | undefined | boolean | number | bigint | string | PyObjectHandle | NativeArg[] | {
    __pybufferTuple: NativeArg[];
} | {
    __pybufferSet: NativeArg[];
} | {
    __pybufferFrozenset: NativeArg[];
} | ArrayBufferView | ArrayBuffer;
/** `bytes()` / `bytearray()`: see index.ts. */
export declare function newBytes(data: ArrayBufferView | ArrayBuffer | readonly number[], mutable: boolean): Buffer;
/** `'bytes'` / `'bytearray'` for a Buffer made from such an object, else null. */
export declare function bytesKindOf(x: unknown): 'bytes' | 'bytearray' | null;
/**
 * A native result as JS: handles in it become Buffers (bytes, bytearray) or
 * PyBuffers. `seen` maps each container already converted to its copy, so
 * that a container holding itself (a Python list appended to itself) stays
 * a cycle instead of recursing without end.
 */
export declare function fromNative(result: NativeResult, seen?: Map<object, ExtensionResult>): ExtensionResult;
/** A call's arguments as the native side takes them. */
export interface NativeCall {
    args: NativeArg[];
    kwnames: string[] | null;
    kwvalues: NativeArg[] | null;
}
/**
 * Converts the arguments of a call to `qualname` (a last {@link Kwargs}
 * gives keywords); handles made for the call go to `temps`, which the
 * caller disposes once the call is over.
 */
export declare function prepareCall(qualname: string, given: Array<ExtensionArg | Kwargs>, temps: PyObjectHandle[]): NativeCall;
/** How many extension instances the garbage collector has released (for tests). */
export declare function gcReleasedInstances(): number;
/** The handle behind an extension instance (throws once it is closed), or undefined for anything else. */
export declare function extensionHandleOf(obj: unknown): PyObjectHandle | undefined;
/** The base of every extension class: `close()`, `closed`, `Symbol.dispose`. */
export declare class ExtensionObject implements ExtensionObjectType {
    /** Extension classes are made by {@link loadExtension}; instances by calling them. */
    protected constructor();
    /** Whether {@link close} has run. */
    get closed(): boolean;
    /** Releases the Python object now (a second call does nothing); any later use throws. */
    close(): void;
    /** Same as {@link close}, for `using` declarations. */
    [Symbol.dispose](): void;
}
/** `len()`: see index.ts. */
export declare function extensionLen(obj: unknown): number;
/** The operations of {@link extensionProtocol}. */
export type ProtocolOp = 'getitem' | 'setitem' | 'delitem' | 'contains' | 'repr' | 'str' | 'hash';
/**
 * Python's item, containment, text and hash protocols on an instance (or a
 * handle): index.ts's `getItem`, `setItem`, `delItem`, `contains`, `repr`,
 * `str` and `hash`. `name` is the Python builtin the error message names
 * for a JS value that is no Python object.
 */
export declare function extensionProtocol(obj: unknown, op: ProtocolOp, name: string, operands: readonly ExtensionArg[]): ExtensionResult;
/**
 * Python's `obj(*args, **kwargs)` for an instance of an extension class
 * (its type's `tp_call`) or a handle: index.ts's `call`.
 */
export declare function extensionCall(obj: unknown, given: Array<ExtensionArg | Kwargs>): ExtensionResult;
/** The reference count of the Python object behind an instance (for tests). */
export declare function extensionRefcnt(obj: object): number;
/**
 * The JS class of the first of `typeKeys` (a raised exception's type and
 * its bases up to a built-in one, as errors.rs encodes them) that a loaded
 * extension exports, or undefined.
 */
export declare function extensionErrorClass(typeKeys: string): (new (message?: string) => Error) | undefined;
/** `loadExtension()`: see index.ts. */
export declare function loadExtension(path: string, name?: string): Extension;
/** `extensionInfo()`: see index.ts. */
export declare function extensionInfo(ext: Extension): ExtensionInfo;
