// The boundary between JS and C extensions: what crosses it is checked on
// every call, and exports are released by object, as CPython releases them.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import { BufferError, type Extension, type ExtensionResult, exporter, getBuffer, loadExtension, PyBuffer } from 'pybuffer'
import { cflags, compile, fixture } from './build-ext.js'
import { asView } from './helpers.js'

interface Built {
  dir: string
  testext: string
  hardext: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-boundary-'))
  const flags = cflags((m) => t.log(m))
  const built = { dir, testext: path.join(dir, 'testext.so'), hardext: path.join(dir, 'hardext.so') }
  compile(flags, fixture('testext.c'), built.testext)
  compile(flags, fixture('hardext.c'), built.hardext)
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type TestExt = Extension<'sum' | 'new_buffer' | 'releases' | 'deallocs' | 'getbuffers' | 'live' | 'buf_exports'>
type HardExt = Extension<'copy_release' | 'stash' | 'unstash'>

function view(r: ExtensionResult): PyBuffer {
  return asView(r)
}

test('a detached exporter passed to an extension function is refused, in every form', (t) => {
  const ext = loadExtension(t.context.testext) as TestExt
  const ab = new ArrayBuffer(64)
  new Uint8Array(ab).fill(1)
  const exp = exporter(ab)
  const v = getBuffer(exp)
  t.is(ext.sum(exp), 64)
  structuredClone(ab, { transfer: [ab] })
  for (const [what, arg] of [
    ['Exporter', exp],
    ['PyObjectHandle', exp.handle],
    ['PyBuffer', v],
  ] as const) {
    const err = t.throws(() => ext.sum(arg), { instanceOf: BufferError }, what)
    t.regex(err.message, /detached/, what)
  }
  t.is(exp.exports, 1, 'only the JS view')
  v.release()
  t.is(exp.exports, 0)
})

test("an export of another library's object is released by object: a moved Py_buffer releases it", (t) => {
  const ext = loadExtension(t.context.testext) as TestExt
  const hard = loadExtension(t.context.hardext) as HardExt
  const [g0, r0, d0, l0] = [ext.getbuffers(), ext.releases(), ext.deallocs(), ext.live()] as number[]
  let v: PyBuffer | undefined = view(ext.new_buffer(8, 0))
  // hardext acquires testext's object, moves the Py_buffer and releases the copy.
  for (let i = 0; i < 3; i++) hard.copy_release(v)
  t.is(ext.getbuffers(), g0! + 4)
  t.is(ext.releases(), r0! + 3, "the exporter's release callback ran for each moved view")
  t.is(ext.buf_exports(v), 1, 'only the JS view is left')
  v.release()
  v = undefined
  t.is(ext.releases(), r0! + 4)
  t.is(ext.deallocs(), d0! + 1, 'and the object was freed')
  t.is(ext.live(), l0)
  // JS memory: its exporter is released by object too.
  const exp = exporter(new Uint8Array(4))
  hard.copy_release(exp)
  t.is(exp.exports, 0)
})
