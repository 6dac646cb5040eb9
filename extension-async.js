"use strict";
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
Object.defineProperty(exports, "__esModule", { value: true });
exports.settleAsync = settleAsync;
exports.callObjectAsync = callObjectAsync;
const extension_1 = require("./extension");
const index_1 = require("./index");
/**
 * Converts the arguments of a call to `qualname`, starts it with `start`
 * and converts its result (or error) as a sync call does. Handles made for
 * the arguments are held until the promise settles. Every failure, also a
 * bad argument, rejects.
 */
async function settleAsync(qualname, given, start) {
    const temps = [];
    try {
        const call = (0, extension_1.prepareCall)(qualname, given, temps);
        let result;
        try {
            result = await start(call);
        }
        catch (e) {
            throw index_1.__internal.convert(e);
        }
        return (0, extension_1.fromNative)(result);
    }
    finally {
        for (const h of temps)
            h.dispose();
    }
}
/**
 * Calls `callable`, an object an extension made (a bound method of one of
 * its instances, a type, a function), off the main thread, as
 * `f.async(...)` calls a module function: a last {@link Kwargs} gives
 * keywords, and `qualname` names the call in errors. Rejects with a
 * TypeError for a callable no loaded extension made.
 */
function callObjectAsync(callable, qualname, given) {
    return settleAsync(qualname, given, (c) => {
        const native = index_1.__internal.native.callObjectAsync;
        if (native === undefined)
            throw new Error(`async calls are not supported on ${process.platform}`);
        return native(callable, c.args, c.kwnames, c.kwvalues);
    });
}
