// A misbehaving C exporter against getBuffer() (issue 7, findings 1 and 2).
//
// __test__/fixtures/badexporter.c builds a Liar whose bf_getbuffer fills its
// Py_buffer with a lie: ndim 65 or 10^6 over 2-entry arrays, a len of 64 MiB
// over 64 bytes, no shape, a negative dimension, itemsize 0, a NULL buf, no
// obj. An extension result is acquired with getBuffer(), so each lie must
// be a clean BufferError there -- before view.shape, view.len,
// toContiguous() or fromContiguous() can read the lie -- and the refused
// export must be released and its object freed.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import { BufferError, type Extension, loadExtension, PyBuffer } from 'pybuffer'
import { asView } from './helpers.js'

const root = path.resolve(__dirname, '..', '..')

interface Built {
  dir: string
  so: string
}

const test = anyTest as TestFn<Built>

type BadExporter = Extension<'liar' | 'acquire_in_c' | 'gets' | 'releases' | 'live'>

/** The C compiler's flags for an extension, as extension.test.ts gets them. */
function cflags(): string[] {
  const env = { ...process.env, PKG_CONFIG_PATH: path.join(root, 'crates', 'capi') }
  const r = spawnSync('pkg-config', ['--cflags', 'pybuffer'], { env, encoding: 'utf8' })
  if (r.status === 0) return r.stdout.trim().split(/\s+/).filter((f) => f !== '')
  return [`-I${path.join(root, 'crates', 'capi', 'include')}`]
}

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-bad-'))
  const so = path.join(dir, 'badexporter.so')
  const cc = process.env.CC ?? 'cc'
  const macos = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []
  const src = path.join(root, '__test__', 'fixtures', 'badexporter.c')
  const args = ['-shared', '-fPIC', '-Wall', '-Wextra', '-Werror', ...cflags(), ...macos, src, '-o', so]
  const r = spawnSync(cc, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cc} ${args.join(' ')} failed:\n${r.error?.message ?? ''}${r.stderr}`)
  t.context = { dir, so }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

function load(t: { context: Built }): BadExporter {
  return loadExtension(t.context.so)
}

function count(r: unknown): number {
  if (typeof r !== 'number') throw new Error(`expected a number, got ${String(r)}`)
  return r
}

/** The lie `kind` is refused at getBuffer time; the export is released and the Liar freed. */
function refused(t: ExecutionContext<Built>, kind: string, part: RegExp): void {
  const ext = load(t)
  const before = { gets: count(ext.gets()), releases: count(ext.releases()) }
  const err = t.throws(
    () => {
      const view = asView(ext.liar(kind))
      // Unreachable once the lie is refused; before that these read it.
      if (view instanceof PyBuffer) {
        void view.shape
        void view.len
        const packed = view.toContiguous()
        view.fromContiguous(packed)
      }
    },
    { instanceOf: BufferError },
    kind,
  )
  t.regex(err?.message ?? '', part, kind)
  t.regex(err?.message ?? '', /'badexporter\.Liar' exported an invalid buffer/, kind)
  t.is(count(ext.gets()) - before.gets, 1, `${kind}: one export`)
  t.is(count(ext.releases()) - before.releases, 1, `${kind}: released once`)
  t.is(count(ext.live()), 0, `${kind}: the Liar was freed`)
}

test('an honest Liar is a working view', (t) => {
  const ext = load(t)
  const view = asView(ext.liar('honest'))
  if (!(view instanceof PyBuffer)) throw new Error('expected a PyBuffer')
  t.deepEqual(view.shape, [8, 8])
  t.is(view.len, 64)
  const packed = view.toContiguous('F')
  t.is(packed[1], 8)
  view.fromContiguous(packed, 'C')
  view.release()
  t.is(count(ext.live()), 0)
  t.is(count(ext.gets()), count(ext.releases()))
})

test('finding 2: ndim 65 over a 2-entry shape is a BufferError at getBuffer, not 65 values', (t) => {
  refused(t, 'ndim65', /ndim must be between 0 and 64, got 65/)
})

test('finding 2: ndim 10^6 is a BufferError at getBuffer, not a crash in view.len', (t) => {
  refused(t, 'ndim1e6', /ndim must be between 0 and 64, got 1000000/)
})

test('finding 1: a len of 64 MiB over 64 bytes is refused before toContiguous/fromContiguous can copy it', (t) => {
  refused(t, 'len', /view->len \(67108864\) != product\(shape\) \* itemsize \(64\)/)
  refused(t, 'len2d', /view->len \(67108864\) != product\(shape\) \* itemsize \(64\)/)
})

test('the other lies are refused at getBuffer too', (t) => {
  refused(t, 'noshape', /ndim > 1 must have a shape/)
  refused(t, 'negshape', /shape\[0\] is negative \(-8\)/)
  refused(t, 'itemsize0', /itemsize must be positive, got 0/)
  refused(t, 'nullbuf', /view->buf is NULL/)
  refused(t, 'noobj', /view->obj is NULL/)
})

test('C acquiring a Liar inside an extension call gets the same BufferError', (t) => {
  const ext = load(t)
  t.is(count(ext.acquire_in_c('honest')), (63 * 64) / 2)
  for (const kind of ['ndim65', 'ndim1e6', 'len', 'len2d', 'itemsize0']) {
    t.throws(() => ext.acquire_in_c(kind), { instanceOf: BufferError, message: /exported an invalid buffer/ }, kind)
  }
  t.is(count(ext.live()), 0)
  t.is(count(ext.gets()), count(ext.releases()))
})
