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

// set() of a number and get() back, against struct.pack / struct.unpack:
// the same bytes where CPython packs the value, an error where it refuses
// it. Single integers, floats and bools of JS memory are stored and read
// in JS (a DataView), everything else by the addon; both must agree.
const SET_FORMATS = ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', '?', '<h', '>H', '!i', '=I', '<l', '>L', '<f', '>d', '!f', 'e', '<q']
const SET_VALUES = [0, -0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -(2 ** 63), 2 ** 64, 1.5, -2.5, 0.1, 1e-45, 3.4028234663852886e38, 3.4028235677973366e38, 3.4028235677973362e38, 1e39, -1e39, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN]

test('set(number) and get() agree with struct.pack / struct.unpack', (t) => {
  // Each value travels as its repr (JSON has no NaN, Infinity or -0);
  // for an integer format CPython packs int(x) of a whole number, as the
  // addon does, and a float for the others. Results:
  // null where CPython refuses, else [packed hex, kind, value], the value
  // a float's '<d' bytes in hex.
  const script = `
import json, math, struct, sys
out = []
for fmt, text in json.loads(sys.stdin.read()):
    x = float(text)
    integer = fmt[-1] in 'bBhHiIlLqQnN'
    v = int(x) if integer and math.isfinite(x) and x == int(x) else x
    try:
        b = struct.pack(fmt, v)
    except (struct.error, OverflowError, TypeError, ValueError):
        out.append(None)
        continue
    back = struct.unpack(fmt, b)[0]
    if isinstance(back, bool):
        out.append([b.hex(), 'bool', str(back)])
    elif isinstance(back, int):
        out.append([b.hex(), 'int', str(back)])
    else:
        out.append([b.hex(), 'nan' if math.isnan(back) else 'float', struct.pack('<d', back).hex()])
print(json.dumps(out))
`
  const pairs: [string, number][] = SET_FORMATS.flatMap((f) => SET_VALUES.map((v): [string, number] => [f, v]))
  const input = JSON.stringify(pairs.map(([f, v]) => [f, Object.is(v, -0) ? '-0.0' : String(v)]))
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 16 << 20 })
  if (r.error || r.status !== 0) {
    t.log(`SKIP: python3 unavailable (${r.error?.message ?? r.stderr})`)
    t.pass()
    return
  }
  const expected = JSON.parse(r.stdout) as ([string, 'bool' | 'int' | 'float' | 'nan', string] | null)[]
  t.is(expected.length, pairs.length)
  const sizes = new Map<string, number>()
  pairs.forEach(([format], n) => {
    const e = expected[n]
    if (e) sizes.set(format, e[0].length / 2)
  })
  pairs.forEach(([format, value], n) => {
    const size = sizes.get(format)!
    const mem = new Uint8Array(2 * size + 3).fill(0xa5)
    // Item 1 at an odd offset, one byte after item 0: neither the byte
    // before nor after it may change.
    using v = getBuffer(exporter(mem, { format, shape: [2], strides: [size + 1], offset: 1 }), PyBUF.FULL)
    const what = `${format} ${Object.is(value, -0) ? '-0' : String(value)}`
    const e = expected[n]
    if (!e) {
      t.throws(() => v.set(value, 1), undefined, what)
      t.is(Buffer.from(mem).toString('hex'), 'a5'.repeat(mem.length), `${what}: nothing stored`)
      return
    }
    v.set(value, 1)
    t.is(Buffer.from(mem.subarray(size + 2, 2 * size + 2)).toString('hex'), e[0], what)
    t.is(mem[size + 1], 0xa5, `${what}: the byte before`)
    t.is(mem[2 * size + 2], 0xa5, `${what}: the byte after`)
    const got = v.get(1)
    const [, kind, repr] = e
    if (kind === 'bool') t.is(got, repr === 'True', `${what}: get`)
    else if (kind === 'int') t.is(String(got), repr, `${what}: get`)
    else if (kind === 'nan') t.true(Number.isNaN(got), `${what}: get`)
    else t.is(Buffer.from(new Float64Array([got as number]).buffer).toString('hex'), repr, `${what}: get`)
  })
})
