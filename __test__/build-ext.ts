// Compiles C extensions for the tests the way the README tells extension
// authors to: `cc -shared -fPIC $(pkg-config --cflags pybuffer)`, with no
// -lpybuffer, so that their Py* symbols resolve against the loaded addon.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { type Extension, loadExtension } from 'pybuffer'

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

/** Corpus members built for one test file: module name -> shared object. */
export interface CorpusBuild {
  dir: string
  /** Module name -> shared object, for the members that built. */
  so: Record<string, string>
  /** Why nothing was built (the corpus could not be fetched), else ''. */
  skipped: string
}

/**
 * Builds real-extension corpus `members` ([PyPI name, module name] pairs)
 * against pybuffer's headers with scripts/corpus.py, into a fresh temporary
 * folder (`removeCorpus` deletes it). A corpus that cannot be fetched (no
 * network, exit status 3) is reported in `skipped`; any other failure throws.
 */
export function buildCorpus(members: ReadonlyArray<readonly [string, string]>, tag: string): CorpusBuild {
  const dir = mkdtempSync(path.join(tmpdir(), `pybuffer-${tag}-`))
  const so: Record<string, string> = {}
  for (const [member, module] of members) {
    const out = path.join(dir, `${module}.so`)
    const r = spawnSync('python3', [path.join(root, 'scripts', 'corpus.py'), 'build', member, '--api', 'pybuffer', '--out', out], {
      encoding: 'utf8',
    })
    if (r.status === 3) return { dir, so: {}, skipped: r.stderr.trim() }
    if (r.status !== 0) throw new Error(`corpus build of ${member} failed:\n${r.stderr}`)
    so[module] = out
  }
  return { dir, so, skipped: '' }
}

/** Deletes what `buildCorpus` made. */
export function removeCorpus(built: CorpusBuild | undefined): void {
  if (built?.dir) rmSync(built.dir, { recursive: true, force: true })
}

/**
 * Loads corpus module `module` that `buildCorpus` built, or returns null
 * (with a log line saying why) when the corpus could not be fetched.
 */
export function loadCorpus<Api extends object>(
  t: { context: CorpusBuild; log: (m: string) => void },
  module: string,
): Extension<Api> | null {
  const so = t.context.so[module]
  if (so === undefined) {
    t.log(`corpus unavailable: ${t.context.skipped}`)
    return null
  }
  return loadExtension<Api>(so, module)
}
