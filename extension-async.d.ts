/**
 * Async calls: `f.async(...)` on every extension function, and
 * {@link callObjectAsync} for any callable an extension made (the bound
 * methods of its types). Arguments convert on this thread as for a sync
 * call; the call runs on the libuv thread pool holding the GIL; the result
 * converts back on this thread when the promise settles. JS memory among
 * the arguments stays pinned (exported) until then: see
 * crates/node/src/extension/asynccall.rs.
 *
 * @packageDocumentation
 */
import { type NativeCall, type NativeResult } from './extension';
import { type ExtensionArg, type ExtensionResult, type Kwargs, type PyObjectHandle } from './index';
/**
 * Converts the arguments of a call to `qualname`, starts it with `start`
 * and converts its result (or error) as a sync call does. Handles made for
 * the arguments are held until the promise settles. Every failure, also a
 * bad argument, rejects.
 */
export declare function settleAsync(qualname: string, given: Array<ExtensionArg | Kwargs>, start: (call: NativeCall) => Promise<NativeResult>): Promise<ExtensionResult>;
/**
 * Calls `callable`, an object an extension made (a bound method of one of
 * its instances, a type, a function), off the main thread, as
 * `f.async(...)` calls a module function: a last {@link Kwargs} gives
 * keywords, and `qualname` names the call in errors. Rejects with a
 * TypeError for a callable no loaded extension made.
 */
export declare function callObjectAsync(callable: PyObjectHandle, qualname: string, given: Array<ExtensionArg | Kwargs>): Promise<ExtensionResult>;
