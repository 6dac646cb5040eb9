// Differential test against CPython: memoryview.tolist() and
// memoryview.tobytes(order) on random layouts made with _testbuffer (and
// memoryview.cast plus slicing), against tolist() and toContiguous(order)
// of the same layout exported from JS. Skipped (with a log line) when
// python3 with _testbuffer is not available.

import { spawnSync } from 'node:child_process'
import path from 'node:path'

import test from 'ava'
import { exporter, getBuffer, PyBUF } from 'pybuffer'
import { type Tagged, mismatch } from './helpers.js'

interface Case {
  kind: string
  mem: string
  format: string
  itemsize: number
  shape: number[]
  strides: number[]
  offset: number
  tolist: Tagged
  tobytes: Record<'C' | 'F' | 'A', string>
}

function oracle(seed: number, count: number): Case[] | string {
  const script = path.join(__dirname, '..', '..', '__test__', 'fixtures', 'cpython_views.py')
  const r = spawnSync('python3', [script, String(seed), String(count)], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.error) return `python3 not found (${r.error.message})`
  if (r.status === 3) return r.stderr.trim()
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as Case[]
}

for (const seed of [3118, 42, 7]) {
  test(`tolist and tobytes(order) agree with CPython (seed ${seed})`, (t) => {
    const cases = oracle(seed, 300)
    if (typeof cases === 'string') {
      t.log(`SKIP: ${cases}`)
      t.pass()
      return
    }
    t.is(cases.length, 300)
    let checked = 0
    for (const c of cases) {
      const what = `${c.kind} ${c.format} shape ${JSON.stringify(c.shape)} strides ${JSON.stringify(c.strides)} offset ${c.offset}`
      const mem = Uint8Array.from(Buffer.from(c.mem, 'hex'))
      const exp = exporter(mem, { format: c.format, itemsize: c.itemsize, shape: c.shape, strides: c.strides, offset: c.offset })
      using view = getBuffer(exp, PyBUF.FULL_RO)
      const m = mismatch(c.tolist, view.tolist(), 'tolist')
      if (m) t.fail(`${what}: ${m}`)
      for (const order of ['C', 'F', 'A'] as const) {
        const got = Buffer.from(view.toContiguous(order)).toString('hex')
        if (got !== c.tobytes[order]) t.fail(`${what}: tobytes('${order}') = ${c.tobytes[order]}, toContiguous = ${got}`)
      }
      checked++
    }
    t.is(checked, 300)
  })
}
