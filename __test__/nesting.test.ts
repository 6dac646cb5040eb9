// Nested and self-referencing containers crossing between Python and JS:
// a result that holds itself stays a cycle in JS, an argument that holds
// itself is refused, and a result nested too deeply for the stack throws a
// RangeError instead of overflowing it.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { once } from 'node:events'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import anyTest, { type TestFn } from 'ava'
import { type Extension, loadExtension, tuple } from 'pybuffer'
import { cflags, compile, fixture, root } from './build-ext.js'

interface Built {
  dir: string
  nesting: string
}

const test = anyTest as TestFn<Built>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-nesting-'))
  const built: Built = { dir, nesting: path.join(dir, 'nesting.so') }
  compile(
    cflags((m) => t.log(m)),
    fixture('nesting.c'),
    built.nesting,
  )
  t.context = built
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

type NestingExt = Extension<'nest' | 'self_list' | 'self_dict' | 'len'>

test('a list that holds itself becomes an array that holds itself', (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  const l = ext.self_list() as unknown[]
  t.true(Array.isArray(l))
  t.is(l.length, 2)
  t.is(l[0], 1)
  t.is(l[1], l)
})

test('a dict that is its own value stays one object, in each place it appears', (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  const [a, b] = ext.self_dict() as [Record<string, unknown>, Record<string, unknown>]
  t.is(a.n, 2)
  t.is(a.me, a)
  t.is(b.me, b)
})

test('an argument that contains itself is refused with a TypeError', (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  const a: unknown[] = [1]
  a.push([a])
  t.throws(() => ext.len(a as never), { instanceOf: TypeError, message: /argument 1: cannot convert an array that contains itself/ })
  const inner: unknown[] = []
  const tu = tuple([1, inner as never])
  inner.push(tu)
  t.throws(() => ext.len(tu), { instanceOf: TypeError, message: /contains itself/ })
  // The same array twice is no cycle.
  const shared = [1, 2]
  t.is(ext.len([shared, shared]), 2)
})

// Too deep is JS's own RangeError where JS runs out of stack first, or a
// RecursionError where pybuffer's conversion sees the stack run low first
// (a worker's stack is 4 MiB): either way an exception, never a crash.
const tooDeep = { message: /Maximum call stack size exceeded|maximum recursion depth exceeded while converting/ }

test('results nested as deep as the stack allows convert; deeper ones throw', (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  let x = ext.nest(500) as unknown[]
  let depth = 0
  while (x.length === 1) {
    x = x[0] as unknown[]
    depth++
  }
  t.is(depth, 500)
  for (const n of [100_000, 1_000_000]) {
    t.throws(() => ext.nest(n), tooDeep)
  }
})

test('the same through .async', async (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  const l = (await ext.self_list.async()) as unknown[]
  t.is(l[1], l)
  await t.throwsAsync(ext.nest.async(1_000_000), tooDeep)
})

test('arguments nested deeper than the stack allows throw, in the main thread and in workers', async (t) => {
  const ext = loadExtension<NestingExt>(t.context.nesting)
  let deep: unknown[] = []
  for (let i = 0; i < 200_000; i++) deep = [deep]
  t.throws(() => ext.len(deep as never), tooDeep)
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const { loadExtension } = require(workerData.pybuffer)
     const ext = loadExtension(workerData.so)
     const out = []
     for (const d of [100, 2000, 8000, 50000]) {
       let a = []
       for (let i = 0; i < d; i++) a = [a]
       try { out.push([d, 'ok', ext.len(a)]) } catch (e) { out.push([d, e.constructor.name, e.message]) }
       try { ext.nest(d); out.push([d, 'ok']) } catch (e) { out.push([d, e.constructor.name, e.message]) }
     }
     parentPort.postMessage(out)`,
    { eval: true, workerData: { pybuffer: path.join(root, 'index.js'), so: t.context.nesting } },
  )
  const [out] = (await once(worker, 'message')) as [Array<[number, string, unknown?]>]
  for (const [d, outcome, detail] of out) {
    if (d <= 2000) t.is(outcome, 'ok', `depth ${d}: ${String(detail)}`)
    else if (outcome !== 'ok') t.regex(String(detail), tooDeep.message, `depth ${d}`)
  }
  t.is(out.length, 8)
})
