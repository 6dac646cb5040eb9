// Copies whose source and destination overlap in memory: `out` of
// toContiguous, `src` of fromContiguous, the objects of copyData and the
// value of set may all alias the view's own memory. Each behaves as if the
// source were first copied to a temporary, as TypedArray.prototype.set and
// Buffer.copy do, and as CPython's memoryview slice assignment does (the
// reference for 1-D views, through fixtures/cpython_overlap.py).

import { spawnSync } from 'node:child_process'
import path from 'node:path'

import test from 'ava'
import { copyData, exporter, getBuffer, type Order, PyBUF } from 'pybuffer'
import { randInt, type RefLayout, refPack, refUnpack, rng } from './helpers.js'

const SIZE = 48

function memory(): Uint8Array {
  return Uint8Array.from({ length: SIZE }, (_, i) => (i * 37 + 11) & 0xff)
}

type Op = 'toContiguous' | 'fromContiguous' | 'copyData'

interface Case {
  name: string
  op: Op
  order: 'C' | 'F'
  /** The view (toContiguous, fromContiguous) or copyData's destination. */
  view: RefLayout
  /** Where the packed bytes (out, src) start, or copyData's source. */
  other: number | RefLayout
}

function count(l: RefLayout): number {
  return l.shape.reduce((a, b) => a * b, 1)
}

/** The memory after `c`, done by pybuffer. */
function run(c: Case): Uint8Array {
  const mem = memory()
  const fmt = { format: `${c.view.itemsize}s` }
  if (c.op === 'copyData') {
    const src = c.other as RefLayout
    copyData(exporter(mem, { ...fmt, ...c.view }), exporter(mem, { ...fmt, ...src }))
    return mem
  }
  using v = getBuffer(exporter(mem, { ...fmt, ...c.view }), PyBUF.FULL)
  const at = c.other as number
  const bytes = mem.subarray(at, at + count(c.view) * c.view.itemsize)
  if (c.op === 'toContiguous') v.toContiguous(c.order, bytes)
  else v.fromContiguous(bytes, c.order)
  return mem
}

/** The memory after `c`, done through a temporary (pure JS). */
function throughTemporary(c: Case): Uint8Array {
  const mem = memory()
  if (c.op === 'copyData') {
    const tmp = refPack(mem, c.other as RefLayout, 'C')
    refUnpack(mem, c.view, tmp, 'C')
    return mem
  }
  const at = c.other as number
  const n = count(c.view) * c.view.itemsize
  if (c.op === 'toContiguous') {
    mem.set(refPack(mem, c.view, c.order), at)
  } else {
    refUnpack(mem, c.view, mem.slice(at, at + n), c.order)
  }
  return mem
}

const l = (itemsize: number, shape: number[], strides: number[], offset: number): RefLayout => ({
  itemsize,
  shape,
  strides,
  offset,
})

// Four copies, each with the packed side overlapping the view's items from
// before, from inside and from after them.
const CASES: Case[] = [
  { name: 'toContiguous: out starts before the strided view', op: 'toContiguous', order: 'C', view: l(1, [8], [3], 6), other: 2 },
  { name: 'toContiguous: out is inside the view', op: 'toContiguous', order: 'C', view: l(2, [6], [4], 4), other: 8 },
  { name: 'toContiguous: 2-D F order, out after the start', op: 'toContiguous', order: 'F', view: l(1, [3, 4], [8, 2], 1), other: 5 },
  { name: 'fromContiguous: src starts before the strided view', op: 'fromContiguous', order: 'C', view: l(1, [8], [3], 6), other: 2 },
  { name: 'fromContiguous: src is inside the view, negative stride', op: 'fromContiguous', order: 'C', view: l(2, [6], [-4], 30), other: 12 },
  { name: 'fromContiguous: 2-D F order, src after the start', op: 'fromContiguous', order: 'F', view: l(1, [3, 4], [8, 2], 1), other: 5 },
  { name: 'toContiguous: a contiguous view and out shifted forward', op: 'toContiguous', order: 'C', view: l(4, [5], [4], 0), other: 3 },
  { name: 'fromContiguous: a contiguous view and src shifted back', op: 'fromContiguous', order: 'C', view: l(4, [5], [4], 3), other: 0 },
  { name: 'copyData: the same items reversed', op: 'copyData', order: 'C', view: l(1, [10], [1], 4), other: l(1, [10], [-1], 13) },
  { name: 'copyData: strided source over a contiguous destination', op: 'copyData', order: 'C', view: l(2, [8], [2], 0), other: l(2, [8], [4], 2) },
  { name: 'copyData: 2-D transpose onto itself', op: 'copyData', order: 'C', view: l(1, [4, 4], [4, 1], 8), other: l(1, [4, 4], [1, 4], 8) },
  { name: 'copyData: contiguous, shifted forward by one item', op: 'copyData', order: 'C', view: l(4, [6], [4], 4), other: l(4, [6], [4], 0) },
]

for (const c of CASES) {
  test(`overlap as through a temporary: ${c.name}`, (t) => {
    t.deepEqual([...run(c)], [...throughTemporary(c)])
  })
}

test('set() with a value that aliases the item it writes', (t) => {
  const mem = memory()
  using v = getBuffer(exporter(mem, { format: '8s', shape: [5], strides: [8], offset: 4 }), PyBUF.FULL)
  const expected = memory()
  expected.set(expected.slice(6, 14), 12)
  v.set(mem.subarray(6, 14), 1)
  t.deepEqual([...mem], [...expected])
})

/** Random 1-D byte views of a 48-byte memory, and packed runs, overlapping often. */
function randomCases(seed: number, n: number): Case[] {
  const r = rng(seed)
  const out: Case[] = []
  const view = (): RefLayout => {
    const cnt = randInt(r, 1, 12)
    const step = [1, 2, 3, -1, -2, -3][randInt(r, 0, 5)]!
    const span = (cnt - 1) * Math.abs(step)
    const lo = randInt(r, 0, SIZE - 1 - span)
    return l(1, [cnt], [step], step > 0 ? lo : lo + span)
  }
  for (let i = 0; i < n; i++) {
    const op = (['toContiguous', 'fromContiguous', 'copyData'] as const)[randInt(r, 0, 2)]!
    const v = view()
    if (op === 'copyData') {
      let src = view()
      while (src.shape[0] !== v.shape[0]) src = view()
      out.push({ name: `random ${i}`, op, order: 'C', view: v, other: src })
    } else {
      out.push({ name: `random ${i}`, op, order: 'C', view: v, other: randInt(r, 0, SIZE - v.shape[0]!) })
    }
  }
  return out
}

/** A case as the CPython script takes it: dest[:] = src over one bytearray. */
function forCPython(c: Case): { mem: string; dest: object; src: object } {
  const mv = (x: RefLayout) => ({ offset: x.offset, step: x.strides[0], count: x.shape[0] })
  const packed = (at: number) => ({ offset: at, step: 1, count: c.view.shape[0] })
  const mem = Buffer.from(memory()).toString('hex')
  if (c.op === 'copyData') return { mem, dest: mv(c.view), src: mv(c.other as RefLayout) }
  if (c.op === 'toContiguous') return { mem, dest: packed(c.other as number), src: mv(c.view) }
  return { mem, dest: mv(c.view), src: packed(c.other as number) }
}

test('1-D overlapping copies agree with CPython memoryview slice assignment', (t) => {
  const cases = [...CASES.filter((c) => c.view.shape.length === 1 && c.view.itemsize === 1), ...randomCases(3118, 300)]
  // The named 1-D cases of wider items, as bytes: CPython slices memoryviews of bytes.
  const script = path.join(__dirname, '..', '..', '__test__', 'fixtures', 'cpython_overlap.py')
  const r = spawnSync('python3', [script], { input: JSON.stringify(cases.map(forCPython)), encoding: 'utf8' })
  if (r.error || r.status === 3) {
    t.log(`SKIP: ${r.error?.message ?? r.stderr.trim()}`)
    t.pass()
    return
  }
  t.is(r.status, 0, r.stderr)
  const expected = JSON.parse(r.stdout) as string[]
  t.is(expected.length, cases.length)
  let differ = 0
  cases.forEach((c, i) => {
    const got = Buffer.from(run(c)).toString('hex')
    if (got !== expected[i]) {
      differ++
      t.log(`${c.name} ${c.op} ${JSON.stringify(c.view)} ${JSON.stringify(c.other)}`)
    }
    t.is(Buffer.from(throughTemporary(c)).toString('hex'), expected[i], `reference: ${c.name}`)
  })
  t.is(differ, 0, 'cases that differ from CPython')
})

test('orders: A packs like C or F as the view is, also when overlapping', (t) => {
  const mem = memory()
  using v = getBuffer(exporter(mem, { shape: [4, 3], strides: [1, 4], offset: 0 }), PyBUF.FULL)
  const order: Order = 'A'
  const expected = memory()
  expected.set(refPack(expected, l(1, [4, 3], [1, 4], 0), 'F'), 2)
  v.toContiguous(order, mem.subarray(2, 14))
  t.deepEqual([...mem], [...expected])
})
