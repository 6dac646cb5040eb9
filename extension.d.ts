/**
 * The implementation of `loadExtension()` and `extensionInfo()`, which
 * index.ts declares and exports with their types (declaring them there
 * keeps index.d.ts free of references to this file, whose own declarations
 * import index.ts: a program that sees both index.ts and index.d.ts would
 * hold two incompatible copies of PyBuffer and Exporter).
 *
 * The native side is crates/node/src/extension.rs.
 *
 * @packageDocumentation
 */
import { type Extension, type ExtensionInfo } from './index';
/** `bytes()` / `bytearray()`: see index.ts. */
export declare function newBytes(data: ArrayBufferView | ArrayBuffer | readonly number[], mutable: boolean): Buffer;
/** `'bytes'` / `'bytearray'` for a Buffer made from such an object, else null. */
export declare function bytesKindOf(x: unknown): 'bytes' | 'bytearray' | null;
/** `loadExtension()`: see index.ts. */
export declare function loadExtension(path: string, name?: string): Extension;
/** `extensionInfo()`: see index.ts. */
export declare function extensionInfo(ext: Extension): ExtensionInfo;
