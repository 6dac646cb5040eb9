// Differential test against CPython: memoryview.tolist() and
// memoryview.tobytes(order) on random layouts made with _testbuffer (and
// memoryview.cast plus slicing), against tolist() and toContiguous(order)
// of the same layout exported from JS. Skipped (with a log line) when
// python3 with _testbuffer is not available.

import { spawnSync } from 'node:child_process'
import path from 'node:path'

import test from 'ava'
import { exporter, getBuffer, PyBUF } from 'pybuffer'

type Tagged =
  | { int: string }
  | { float: string }
  | { bool: boolean }
  | { bytes: string }
  | { tuple: Tagged[] }
  | Tagged[]

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

function mismatch(py: Tagged, js: unknown, where: string): string | null {
  if (Array.isArray(py)) {
    if (!Array.isArray(js) || js.length !== py.length) return `${where}: expected a list of ${py.length}, got ${String(js)}`
    for (let i = 0; i < py.length; i++) {
      const m = mismatch(py[i]!, js[i], `${where}[${i}]`)
      if (m) return m
    }
    return null
  }
  if ('tuple' in py) return mismatch(py.tuple, js, where)
  if ('bool' in py) return js === py.bool ? null : `${where}: expected ${py.bool}, got ${String(js)}`
  if ('bytes' in py) {
    return Buffer.isBuffer(js) && js.toString('hex') === py.bytes ? null : `${where}: expected bytes ${py.bytes}`
  }
  if ('int' in py) {
    if (typeof js === 'bigint') return js === BigInt(py.int) ? null : `${where}: expected ${py.int}, got ${js}n`
    if (typeof js === 'number' && Number.isSafeInteger(js) && BigInt(js) === BigInt(py.int)) return null
    return `${where}: expected ${py.int}, got ${String(js)}`
  }
  const want = py.float === 'nan' ? NaN : py.float === 'inf' ? Infinity : py.float === '-inf' ? -Infinity : Number(py.float)
  return typeof js === 'number' && Object.is(js, want) ? null : `${where}: expected ${py.float}, got ${String(js)}`
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
