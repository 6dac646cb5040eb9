// Exporters belong to the JS environment (thread) that made them. C code may
// keep them and their views across environments: access from another
// environment is a BufferError, and a view C holds keeps valid memory after
// the environment that made it is torn down. Each scenario runs in a child
// process (fixtures/env-scenarios.ts), so that a failure is reported here
// as a crash of that process rather than taking the test runner down.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import anyTest, { type TestFn } from 'ava'
import { cflags, compile, fixture } from './build-ext.js'

const test = anyTest as TestFn<{ dir: string; hardext: string }>

test.before((t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pybuffer-env-'))
  const hardext = path.join(dir, 'hardext.so')
  compile(
    cflags((m) => t.log(m)),
    fixture('hardext.c'),
    hardext,
  )
  t.context = { dir, hardext }
})

test.after.always((t) => {
  if (t.context?.dir) rmSync(t.context.dir, { recursive: true, force: true })
})

/** Runs a scenario in a child process; its JSON result, or a description of how it died. */
function run(ext: string, scenario: string, size: number): Record<string, unknown> {
  const script = path.join(__dirname, 'fixtures', 'env-scenarios.js')
  const r = spawnSync(process.execPath, ['--expose-gc', script, scenario, ext, String(size)], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  const last = r.stdout.trim().split('\n').pop() ?? ''
  if (r.status !== 0 || !last.startsWith('{')) {
    return { crashed: `status ${r.status} signal ${r.signal}`, stderr: r.stderr.slice(0, 2000) }
  }
  return JSON.parse(last) as Record<string, unknown>
}

for (const size of [1 << 20, 64 << 10]) {
  for (const scenario of ['teardown', 'terminate'] as const) {
    const how = scenario === 'teardown' ? 'ends' : 'is terminated'
    test(`a view C holds keeps a worker's ${size >> 10} KiB alive after the worker ${how}`, (t) => {
      const r = run(t.context.hardext, scenario, size)
      t.is(r.crashed, undefined, String(r.stderr))
      t.is(r.code, scenario === 'teardown' ? 0 : 1)
      t.is(r.seen, r.expected, 'C reads the bytes the worker wrote')
      t.is(r.again, r.expected)
      t.is(r.unstashed, true)
    })
  }
}

test("an exporter kept by C is refused, not used, after its worker's environment is gone", (t) => {
  const r = run(t.context.hardext, 'orphan', 4096)
  t.is(r.crashed, undefined, String(r.stderr))
  t.is(r.code, 0)
  t.regex(String(r.viaC), /^BufferError BufferError: .*another JS environment/)
  t.regex(String(r.viaJs), /^BufferError BufferError: .*another JS environment/)
})

test('a worker that gets the main thread\'s exporter from C gets BufferError, from JS and from C', (t) => {
  const r = run(t.context.hardext, 'foreign', 4096)
  t.is(r.crashed, undefined, String(r.stderr))
  t.is(r.code, 0)
  t.regex(String(r.viaJs), /^BufferError BufferError: .*another JS environment/)
  t.regex(String(r.viaC), /^BufferError BufferError: .*another JS environment/)
  t.regex(String(r.viaGetBuffer), /^BufferError BufferError: .*another JS environment/)
  t.is(r.here, 'returned undefined', 'the thread that made it still uses it')
  t.is(r.exports, 0)
})
