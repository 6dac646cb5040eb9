// Compiles C extensions for the tests the way the README tells extension
// authors to: `cc -shared -fPIC $(pkg-config --cflags pybuffer)`, with no
// -lpybuffer, so that their Py* symbols resolve against the loaded addon.

import { spawnSync } from 'node:child_process'
import path from 'node:path'

/** The repository's root, from build/__test__. */
export const root = path.resolve(__dirname, '..', '..')

/** The C compiler's flags for an extension, from pybuffer.pc when pkg-config is installed. */
export function cflags(log: (msg: string) => void): string[] {
  const env = { ...process.env, PKG_CONFIG_PATH: path.join(root, 'crates', 'capi') }
  const r = spawnSync('pkg-config', ['--cflags', 'pybuffer'], { env, encoding: 'utf8' })
  if (r.status === 0) return r.stdout.trim().split(/\s+/).filter((f) => f !== '')
  log('pkg-config is not installed: using -I crates/capi/include')
  return [`-I${path.join(root, 'crates', 'capi', 'include')}`]
}

/** Compiles the extension `source` to the shared library `out`. */
export function compile(flags: string[], source: string, out: string, extra: string[] = []): void {
  const cc = process.env.CC ?? 'cc'
  const macos = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []
  const args = ['-shared', '-fPIC', '-Wall', '-Wextra', '-Werror', ...flags, ...extra, ...macos, source, '-o', out]
  const r = spawnSync(cc, args, { encoding: 'utf8' })
  if (r.status !== 0) {
    throw new Error(`${cc} ${args.join(' ')} failed:\n${r.error?.message ?? ''}${r.stderr}`)
  }
}

/** A fixture's source file, by name (`testext.c`). */
export function fixture(name: string): string {
  return path.join(root, '__test__', 'fixtures', name)
}
