#!/usr/bin/env node
// Builds pybuffer's native parts from source, and decides at install time
// whether that is needed.
//
//   node crates/node/build-addon.mjs            `npm run build`: always build
//   node crates/node/build-addon.mjs --install  the package's `install` script
//
// --install first looks for the prebuilt addon: the platform package
// pybuffer-<platform> (an optionalDependency of the published package). If
// it loads, there is nothing to do. Otherwise -- another platform, a
// package manager that left optional dependencies out, a development
// checkout (which never has the platform package), or
// PYBUFFER_BUILD_FROM_SOURCE=1 -- it builds from the bundled sources, as
// sharp's --build-from-source does.
//
// A build makes, in the cargo target directory (`cargo metadata`'s
// target_directory, so CARGO_TARGET_DIR is honoured):
// 1. the C-ABI shim, libpybuffer.{so,a} (or .dylib/.dll), in release mode;
// 2. the Node addon, copied next to index.js as pybuffer.<platform>.node,
//    where index.js looks first. In a development checkout (this package's
//    own devDependencies installed) `napi build --platform` makes it and
//    regenerates native.d.ts, and tsc regenerates index.js/index.d.ts; in an
//    installed package, plain cargo does.
// Then it lays out what C code builds against: in a checkout,
// crates/capi/pybuffer.pc pointing at the target directory; in an installed
// package, lib/ beside the shipped include/ and lib/pkgconfig/pybuffer.pc,
// after which the package's own target/ (hundreds of MB) is removed.
//
// Building needs cargo and a C compiler; their absence is reported with
// what to install, not a stack trace. scripts/package.mjs imports the
// helpers exported here.

import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const require = createRequire(path.join(root, 'package.json'))

/** Reports a problem the user can fix, without a stack trace, and exits. */
function fail(...lines) {
  for (const line of lines) console.error(`pybuffer: ${line}`)
  process.exit(1)
}

function run(cmd, args, options = {}) {
  console.log(`pybuffer: ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options })
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`)
  if (r.status !== 0) fail(`\`${[path.basename(cmd), ...args].join(' ')}\` failed (exit status ${r.status}); see its output above`)
}

/** Whether `cmd --version` runs: the program exists on PATH. */
function available(cmd) {
  return !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error
}

/** Whether this Linux system's libc is musl. Mirrors isMusl() in index.ts. */
function isMusl() {
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd: ask the runtime which libc it linked.
  }
  const report = process.report
  if (typeof report?.getReport !== 'function') return false
  const excludeNetwork = report.excludeNetwork
  report.excludeNetwork = true
  try {
    const r = report.getReport()
    if (r.header?.glibcVersionRuntime) return false
    return (r.sharedObjects ?? []).some((f) => f.includes('libc.musl-') || f.includes('ld-musl-'))
  } finally {
    report.excludeNetwork = excludeNetwork
  }
}

/** The platform name napi-rs gives binaries and packages, e.g. linux-x64-gnu. Mirrors index.ts. */
export function platformSuffix() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** The cargo target directory, wherever CARGO_TARGET_DIR or a cargo config puts it. */
export function targetDir() {
  const r = spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (r.error || r.status !== 0) fail(`\`cargo metadata\` failed: ${r.error?.message ?? r.stderr.trim()}`)
  return JSON.parse(r.stdout).target_directory
}

/** The file names cargo gives the shim's libraries and the addon on this OS. */
export function cargoOutputs(platform = process.platform) {
  if (platform === 'win32') {
    return { addon: 'pybuffer_node.dll', libs: ['pybuffer.dll', 'pybuffer.dll.lib', 'pybuffer.lib'] }
  }
  if (platform === 'darwin') return { addon: 'libpybuffer_node.dylib', libs: ['libpybuffer.dylib', 'libpybuffer.a'] }
  return { addon: 'libpybuffer_node.so', libs: ['libpybuffer.so', 'libpybuffer.a'] }
}

/**
 * pybuffer.pc. Without `libdir`, relocatable, for a prefix laid out as
 * include/ + lib/ + lib/pkgconfig/pybuffer.pc (the packages). With it, for
 * a checkout: the headers beside the file, the libraries in `libdir`.
 */
export function pkgConfig({ version, libdir }) {
  const paths = libdir
    ? `# Written by \`npm run build\` for this checkout: the headers are beside this
# file, the libraries in the cargo target directory.
includedir=\${pcfiledir}/include
libdir=${libdir}`
    : `# \${pcfiledir} is the directory holding this file, so the paths need no
# install step: the package can live anywhere.
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include
libdir=\${prefix}/lib`
  return `${paths}

Name: pybuffer
Description: CPython's buffer protocol (PEP 3118) C API without an interpreter
Version: ${version}
Cflags: -I\${includedir}
Libs: -L\${libdir} -Wl,-rpath,\${libdir} -lpybuffer
Libs.private: -lpthread -ldl -lm
`
}

/**
 * Drops a static library's debug information, that of the Rust standard
 * library it bundles: on Linux 23 MB become 14. Best effort: without a
 * `strip` program the library stays as it is.
 */
export function stripDebugInfo(staticLib) {
  if (process.platform === 'win32' || !existsSync(staticLib)) return
  const r = spawnSync('strip', [process.platform === 'darwin' ? '-S' : '--strip-debug', staticLib], { stdio: 'ignore' })
  if (r.error || r.status !== 0) console.log(`pybuffer: strip did not run; ${path.basename(staticLib)} keeps its debug information`)
}

function version() {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version
}

function truthy(v) {
  return v !== undefined && v !== '' && v !== '0' && v !== 'false'
}

/** The prebuilt platform package, if it is installed and loads here. */
function prebuiltLoads(pkg) {
  try {
    require(pkg)
    return true
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') console.log(`pybuffer: ${pkg} is installed but does not load: ${e.message.split('\n')[0]}`)
    return false
  }
}

/** Stops with what to install when cargo or a C compiler is missing. */
function checkToolchain(why) {
  const missing = []
  if (!available('cargo')) {
    missing.push('cargo (Rust) was not found on PATH. Install Rust from https://rustup.rs, or your system\'s package (e.g. `apt-get install cargo`).')
  }
  // The Rust linker and the shim's C part both use the C compiler; MSVC
  // (Windows) is found by rustc itself.
  const cc = process.env.CC?.trim().split(/\s+/)[0] || 'cc'
  if (process.platform !== 'win32' && !available(cc)) {
    missing.push(
      `a C compiler (${cc}) was not found on PATH. Install one: \`apt-get install build-essential\` (Debian, Ubuntu), ` +
        '`dnf install gcc` (Fedora), `apk add build-base` (Alpine), `xcode-select --install` (macOS); or set CC.',
    )
  }
  const needs = 'building pybuffer from source needs cargo and a C compiler'
  if (missing.length) fail(why ? `${why}, and ${needs}.` : `${needs[0].toUpperCase()}${needs.slice(1)}.`, ...missing)
}

const ownModules = path.join(root, 'node_modules') + path.sep

/** A module of this package's own node_modules: a consumer's copy may be any version. */
function own(id) {
  try {
    const p = require.resolve(id)
    return p.startsWith(ownModules) ? p : null
  } catch {
    return null
  }
}

/** Where `id` resolves from here, or null. */
function resolved(id) {
  try {
    return require.resolve(id)
  } catch {
    return null
  }
}

/** Whether this directory is a git work tree (`.git` is a directory, or a file in a linked worktree). */
function isWorkTree() {
  return existsSync(path.join(root, '.git'))
}

/** Builds from source; `why`, if given, says why, should the toolchain be missing. */
function build(why) {
  checkToolchain(why)
  if (why) console.log(`pybuffer: building from source: ${why}`)
  const suffix = platformSuffix()
  const target = targetDir()
  const outputs = cargoOutputs()
  // A development checkout has this package's own devDependencies, or is
  // a git work tree (whose node_modules may be a link to another tree's,
  // so that the CLI resolves outside it). Never an installed package: that
  // branch deletes target/.
  const napiCli = own('@napi-rs/cli/package.json') ?? (isWorkTree() ? resolved('@napi-rs/cli/package.json') : null)
  const checkout = napiCli !== null || isWorkTree()

  run('cargo', ['build', '--release', '-p', 'pybuffer-capi'])
  if (napiCli !== null) {
    run(process.execPath, [
      path.join(path.dirname(napiCli), 'dist', 'cli.js'), 'build', '--platform', '--release',
      '--manifest-path', 'crates/node/Cargo.toml',
      '--package-json-path', 'package.json',
      '--output-dir', '.',
      '--no-js', '--dts', 'native.d.ts',
    ])
  } else {
    run('cargo', ['build', '--release', '-p', 'pybuffer-node'])
    copyFileSync(path.join(target, 'release', outputs.addon), path.join(root, `pybuffer.${suffix}.node`))
    console.log(`pybuffer: built pybuffer.${suffix}.node`)
  }

  if (checkout) {
    // C code in the checkout builds against crates/capi: the headers beside
    // this file, the libraries wherever the target directory is.
    const pc = path.join(root, 'crates', 'capi', 'pybuffer.pc')
    writeFileSync(pc, pkgConfig({ version: version(), libdir: path.join(target, 'release') }))
    const tsc = own('typescript/bin/tsc') ?? resolved('typescript/bin/tsc')
    if (tsc) run(process.execPath, [tsc, '-p', 'tsconfig.json'])
  } else {
    // An installed package: its lib/ next to the shipped include/ and
    // lib/pkgconfig/pybuffer.pc, as the platform packages have them.
    const lib = path.join(root, 'lib')
    mkdirSync(lib, { recursive: true })
    for (const f of outputs.libs) {
      const src = path.join(target, 'release', f)
      if (existsSync(src)) copyFileSync(src, path.join(lib, f))
    }
    stripDebugInfo(path.join(lib, 'libpybuffer.a'))
    if (path.resolve(target) === path.join(root, 'target')) rmSync(target, { recursive: true, force: true })
  }
}

function main(args) {
  // A development checkout always builds (it never has the platform package).
  if (!args.includes('--install') || own('@napi-rs/cli/package.json') || isWorkTree()) return build()
  if (truthy(process.env.PYBUFFER_BUILD_FROM_SOURCE)) return build('PYBUFFER_BUILD_FROM_SOURCE is set')
  const suffix = platformSuffix()
  const pkg = `pybuffer-${suffix}`
  if (prebuiltLoads(pkg)) {
    console.log(`pybuffer: using the prebuilt addon ${pkg}`)
    return
  }
  build(`no prebuilt addon (${pkg}) is installed for ${suffix}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2))
}
