// f.async(...): extension calls on the libuv thread pool. Results and errors
// are those of the sync call; calls that release the GIL meet each other
// and the JS thread (proved by rendezvous in C, not by timing); JS memory
// among the arguments stays pinned until the promise settles.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import {
  __internal,
  BufferError,
  bytes,
  call,
  type Extension,
  type ExtensionArg,
  type ExtensionClass,
  type ExtensionObject,
  type ExtensionResult,
  exporter,
  extensionInfo,
  getBuffer,
  isBytearray,
  isBytes,
  type Kwargs,
  kwargs,
  loadExtension,
  PyError,
  type PyObjectHandle,
  tuple,
} from 'pybuffer'
import { cflags, compile, fixture, root } from './build-ext.js'
import { asView } from './helpers.js'

// The helper the classes use for bound methods: extension-async.js of the
// package (the copy 'pybuffer' resolves to, so classes match).
type CallObjectAsync = (callable: PyObjectHandle, qualname: string, given: Array<ExtensionArg | Kwargs>) => Promise<ExtensionResult>
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { callObjectAsync } = require(path.join(root, 'extension-async.js')) as { callObjectAsync: CallObjectAsync }

interface Built {
  dir: string
  asyncext: string
  multiphase: string
  testext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-async-'))
  const flags = cflags((m) => t.log(m))
  const built: Built = {
    dir,
    asyncext: path.join(dir, 'asyncext.so'),
    multiphase: path.join(dir, 'multiphase.so'),
    testext: path.join(dir, 'testext.so'),
  }
  compile(flags, fixture('asyncext.c'), built.asyncext)
  compile(flags, fixture('multiphase.c'), built.multiphase)
  compile(flags, fixture('testext.c'), built.testext)
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type AsyncExt = Extension<
  'tick' | 'rendezvous' | 'wait_flag' | 'set_flag' | 'reset' | 'critical' | 'fill' | 'sum' | 'refcount' | 'make_callable'
>

function asyncext(t: { context: Built }): AsyncExt {
  return loadExtension(t.context.asyncext)
}

test('every function has .async, which resolves with what the sync call returns', async (t) => {
  const ext = loadExtension<
    'scale' | 'fast_kw' | 'containers' | 'make_bytes' | 'is_last' | 'bytes_len' | 'gil_held' | 'sum_released' | 'type_name'
  >(t.context.multiphase)
  // Every module function (classes are functions too, and have none).
  for (const name of extensionInfo(ext).functions) {
    const f = (ext as unknown as Record<string, unknown>)[name]
    t.is(typeof (f as { async?: unknown }).async, 'function', name)
  }
  const p = ext.scale.async(21, kwargs({ factor: 3 }))
  t.true(p instanceof Promise)
  t.is(await p, 63)
  t.is(await ext.scale.async(kwargs({ x: 5 })), 10)
  t.is(await ext.fast_kw.async(1, kwargs({ a: 'x', b: 7 })), ext.fast_kw(1, kwargs({ a: 'x', b: 7 })))
  t.deepEqual(await ext.containers.async(), ext.containers())
  t.is(await ext.type_name.async(), 'Counter')
  // The call holds the GIL on its pool thread, and may release it.
  t.true(await ext.gil_held.async())
  t.is(await ext.sum_released.async(Buffer.alloc(1 << 20, 1)), 1 << 20)
  // bytes results are the original object again, sync or async.
  const b = (await ext.make_bytes.async(300)) as Buffer
  t.true(isBytes(b))
  t.true(ext.is_last(b))
  t.true(await ext.is_last.async(b))
  t.is(await ext.bytes_len.async(b), 300)
  t.true(isBytearray(await ext.make_bytes.async(5, true)))
  t.is(await ext.bytes_len.async(bytes([1, 2, 3])), 3)
  t.is(ext.scale.async.name, 'scale.async')
})

test('arguments of every kind convert as for sync calls', async (t) => {
  const ext = loadExtension<'repr' | 'echo' | 'type_name' | 'buffer_info' | 'new_buffer' | 'sum'>(t.context.testext)
  const args: ExtensionArg[] = [[1, 'a', [null, true], tuple([2.5])], 2n ** 100n, -3, 1.5, 'ü', undefined]
  for (const a of args) t.deepEqual(await ext.repr.async(a), ext.repr(a))
  t.deepEqual(await ext.echo.async([1, [2, tuple(['x'])]]), [1, [2, ['x']]])
  const view = ext.new_buffer(3, 5)
  t.deepEqual(await ext.type_name.async(view as ExtensionArg), ext.type_name(view as ExtensionArg))
  t.deepEqual(await ext.sum.async(new Float64Array([1, 2, 3.5])), ext.sum(new Float64Array([1, 2, 3.5])))
})

test('errors reject with the JS error the sync call throws', async (t) => {
  const ext = loadExtension<'raise_own' | 'scale' | 'tick' | 'warn'>(t.context.multiphase)
  const own = await t.throwsAsync(ext.raise_own.async(), { instanceOf: RangeError, message: 'own error' })
  t.is((own as RangeError & { code: string }).code, 'MultiError')
  t.is((own as RangeError & { pythonType: string }).pythonType, 'multiphase.MultiError')
  await t.throwsAsync(ext.scale.async(1, kwargs({ seed: 1 })), {
    instanceOf: TypeError,
    message: "'seed' is an invalid keyword argument for scale()",
  })
  await t.throwsAsync(ext.tick.async(1), { instanceOf: TypeError, message: 'multiphase.tick() takes no arguments (1 given)' })
  // Arguments that cannot convert reject too: .async never throws.
  const bad = ext.scale.async(1, { factor: 3 } as unknown as number)
  t.true(bad instanceof Promise)
  await t.throwsAsync(bad, { instanceOf: TypeError, message: /multiphase.scale\(\) argument 2: cannot convert an object/ })
  await t.throwsAsync(ext.scale.async(kwargs({ factor: 3 }), 1), { instanceOf: TypeError, message: /must be the last argument/ })
  await t.throwsAsync(ext.scale.async(2n ** 200n), { instanceOf: RangeError })
  const tx = loadExtension<'raise_'>(t.context.testext)
  for (const kind of ['KeyError', 'RuntimeError', 'BufferError', 'OverflowError']) {
    const sync = t.throws(() => tx.raise_(kind, 'k')) as Error & { code: string }
    const async = (await t.throwsAsync(tx.raise_.async(kind, 'k'))) as Error & { code: string }
    t.is(async.constructor, sync.constructor)
    t.is(async.code, kind)
    t.is(async.message, sync.message)
  }
  t.true((await t.throwsAsync(tx.raise_.async('RuntimeError', 'k'))) instanceof PyError)
})

test.serial('warnings issued on the pool thread are emitted on the JS thread', async (t) => {
  const ext = loadExtension<'warn'>(t.context.multiphase)
  const seen = new Promise<Error>((resolve) => process.once('warning', resolve))
  t.is(await ext.warn.async('careful from a pool thread'), undefined)
  const w = await seen
  t.is(w.name, 'UserWarning')
  t.is(w.message, 'careful from a pool thread')
})

test.serial('calls that release the GIL run at once, and alongside JS', async (t) => {
  const ext = asyncext(t)
  ext.reset()
  // Each waits, GIL released, until both have arrived: they must overlap.
  t.deepEqual(await Promise.all([ext.rendezvous.async(2, 20_000), ext.rendezvous.async(2, 20_000)]), [true, true])
  // The JS thread calls into the extension while the async call waits.
  const waiting = ext.wait_flag.async(20_000)
  ext.set_flag()
  t.true(await waiting)
  // A sync call cannot meet itself: the rendezvous times out.
  ext.reset()
  t.false(ext.rendezvous(2, 1))
})

test.serial('extension code that keeps the GIL never runs on two threads at once', async (t) => {
  const ext = asyncext(t)
  ext.reset()
  const calls = []
  for (let i = 0; i < 16; i++) calls.push(ext.critical.async(200))
  for (let i = 0; i < 16; i++) ext.critical(200)
  const overlaps = await Promise.all(calls)
  t.deepEqual(new Set(overlaps), new Set([0]))
})

test.serial('argument memory is pinned until the promise settles: closing its exporter is a BufferError', async (t) => {
  const ext = asyncext(t)
  ext.reset()
  const data = new Uint8Array(4096).fill(2)
  const exp = exporter(data)
  const pending = ext.sum.async(exp, 20_000)
  // The pin, and C's own view once the call has started.
  t.true(exp.exports >= 1)
  t.throws(() => exp.close(), { instanceOf: BufferError, message: /^exporter has [12] exported buffers?$/ })
  // Inside lists and tuples too.
  const exp2 = exporter(new Uint8Array(8))
  const nested = ext.sum.async(exporter(new Uint8Array(1)), 0).then(() => null)
  const listed = loadExtension<'repr'>(t.context.testext).repr.async([tuple([exp2])])
  t.throws(() => exp2.close(), { instanceOf: BufferError })
  ext.set_flag()
  t.is(await pending, 8192)
  await nested
  await listed
  // Settled: the pins are gone.
  t.is(exp.exports, 0)
  exp.close()
  exp2.close()
  // A view passed as an argument pins its exporter; releasing the view itself is allowed.
  const exp3 = exporter(new Uint8Array(16).fill(1))
  const view = getBuffer(exp3)
  const viaView = ext.sum.async(view)
  view.release()
  t.throws(() => exp3.close(), { instanceOf: BufferError })
  t.is(await viaView, 16)
  exp3.close()
  // A closed exporter rejects, as the sync call throws.
  await t.throwsAsync(ext.sum.async(exp3), { instanceOf: RangeError, message: /closed exporter/ })
})

test.serial('memory transferred away while a call uses it stays allocated until the call settles', async (t) => {
  const ext = asyncext(t)
  ext.reset()
  const data = new Uint8Array(1 << 16).fill(3)
  const pending = ext.sum.async(data, 20_000)
  // V8 detaches the ArrayBuffer (Node 20 cannot refuse it: see the README);
  // the memory C reads stays allocated, held by the exporter's backing store.
  const moved = structuredClone(data.buffer, { transfer: [data.buffer] })
  t.is(data.byteLength, 0)
  ext.set_flag()
  t.is(await pending, 3 << 16)
  t.is(new Uint8Array(moved)[0], 3)
  // A detached buffer cannot start a call.
  await t.throwsAsync(ext.sum.async(data), { instanceOf: TypeError, message: /detached/ })
  const exp = exporter(new Uint8Array(8))
  structuredClone(exp.source, { transfer: [(exp.source as Uint8Array).buffer as ArrayBuffer] })
  await t.throwsAsync(ext.fill.async(exp, 1), { instanceOf: BufferError, message: /detached/ })
})

test('writes from the pool thread land in JS memory', async (t) => {
  const ext = asyncext(t)
  const data = new Uint8Array(100)
  t.is(await ext.fill.async(data, 7), 100)
  t.true(data.every((v) => v === 7))
  await t.throwsAsync(ext.fill.async(exporter(new Uint8Array(4), { readonly: true }), 1), {
    instanceOf: TypeError,
    message: 'fill() argument 1 must be read-write bytes-like object, not pybuffer.Exporter',
  })
})

test('call() calls an instance whose type has tp_call, with keywords', (t) => {
  interface CallableApi {
    Callable: ExtensionClass<ExtensionObject, []>
  }
  const ext = loadExtension<CallableApi>(t.context.asyncext, 'asyncext')
  using c = new ext.Callable()
  t.deepEqual(call(c, 1, 'two', [3n], kwargs({ four: 4 })), [[1, 'two', [3]], { four: 4 }])
  t.deepEqual(call(c), [[], undefined])
  t.throws(() => call(c, {} as ExtensionArg), {
    instanceOf: TypeError,
    message: /asyncext.Callable\(\) argument 1: cannot convert an object/,
  })
  t.throws(() => call(1 as unknown as ExtensionObject), {
    instanceOf: TypeError,
    message: 'call: expected an instance of an extension class, got number',
  })
  c.close()
  t.throws(() => call(c), { message: /operation on a closed asyncext.Callable object/ })
})

test('callObjectAsync calls any callable an extension made, as .async calls a function', async (t) => {
  const ext = loadExtension<'make_callable'>(t.context.asyncext)
  // The object exports a buffer: a view of it holds it; the view's object is the callable.
  const view = asView(ext.make_callable())
  const handle = (__internal.native as unknown as { viewObj(id: number): PyObjectHandle }).viewObj(__internal.viewId(view))
  const r = await callObjectAsync(handle, 'asyncext.Callable', [1, 'two', [3n], kwargs({ four: 4 })])
  t.deepEqual(r, [[1, 'two', [3]], { four: 4 }])
  t.deepEqual(await callObjectAsync(handle, 'asyncext.Callable', []), [[], undefined])
  // A bad argument rejects; so does an object no extension made.
  await t.throwsAsync(callObjectAsync(handle, 'asyncext.Callable', [{} as ExtensionArg]), {
    instanceOf: TypeError,
    message: /asyncext.Callable\(\) argument 1: cannot convert an object/,
  })
  const exp = exporter(new Uint8Array(1))
  await t.throwsAsync(callObjectAsync(exp.handle, 'x', []), {
    instanceOf: TypeError,
    message: "callObjectAsync: a 'pybuffer.Exporter' object is not a callable that a loaded extension made",
  })
  // Not callable: the error Python raises.
  const plain = asView(loadExtension<'new_buffer'>(t.context.testext).new_buffer(3, 1))
  const ph = (__internal.native as unknown as { viewObj(id: number): PyObjectHandle }).viewObj(__internal.viewId(plain))
  await t.throwsAsync(callObjectAsync(ph, 'testext.Buf', []), { instanceOf: TypeError, message: "'testext.Buf' object is not callable" })
  handle.dispose()
  ph.dispose()
  view.release()
  plain.release()
})
