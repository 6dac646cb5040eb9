// The README example (examples/usage.ts) runs and prints what it says.

import { execFileSync } from 'node:child_process'
import path from 'node:path'

import test from 'ava'

test('examples/usage.ts runs', (t) => {
  const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'examples', 'usage.js')], { encoding: 'utf8' })
  const lines = out.trim().split('\n')
  t.deepEqual(lines.slice(0, 7), [
    'd [ 3, 2 ] [ 32, 16 ]',
    '[ [ 0, 2 ], [ 4, 6 ], [ 8, 10 ] ]',
    'false',
    '0',
    '[ 0, 4, 8 ]',
    '-1',
    'BufferError (BufferError): exporter: underlying buffer is not writable',
  ])
  t.regex(lines[7]!, /^true layout\.strides: .* outside the source's 96 bytes$/)
})
