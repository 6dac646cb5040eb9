#!/usr/bin/env node
// Builds everything the package needs; `npm install` runs it (the package's
// `install` script), in this repository and in a project that installs the
// package from a path or a tarball.
//
// 1. The C-ABI shim in release mode (target/release/libpybuffer.{so,a}),
//    which the C tests and examples link against.
// 2. The Node addon, pybuffer.<platform>.node: with `napi build --platform
//    --release` when @napi-rs/cli is installed (a development checkout),
//    otherwise with plain cargo (a consumer install, where devDependencies
//    are absent), copying the cdylib to the same name.
// 3. index.js and index.d.ts from index.ts with tsc, when this package's own
//    TypeScript is installed. Both are committed, so a consumer install
//    needs no tsc.
//
// A Rust toolchain (cargo) is required.

import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const require = createRequire(path.join(root, 'package.json'))

function run(cmd, args) {
  console.log(`pybuffer: ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (r.error) {
    if (r.error.code === 'ENOENT' && cmd === 'cargo') {
      console.error('pybuffer: cargo was not found. Building pybuffer needs a Rust toolchain: https://rustup.rs')
    }
    throw r.error
  }
  if (r.status !== 0) {
    process.exit(r.status ?? 1)
  }
}

function resolveOptional(id) {
  try {
    return require.resolve(id)
  } catch {
    return null
  }
}

// The platform suffix @napi-rs/cli gives the binary, e.g. linux-x64-gnu.
function platformSuffix() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const glibc = process.report?.getReport()?.header?.glibcVersionRuntime
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

run('cargo', ['build', '--release', '-p', 'pybuffer-capi'])

const napiCli = resolveOptional('@napi-rs/cli/package.json')
if (napiCli) {
  const cli = path.join(path.dirname(napiCli), 'dist', 'cli.js')
  run(process.execPath, [
    cli, 'build', '--platform', '--release',
    '--manifest-path', 'crates/node/Cargo.toml',
    '--package-json-path', 'package.json',
    '--output-dir', '.',
    '--no-js', '--dts', 'native.d.ts',
  ])
} else {
  run('cargo', ['build', '--release', '-p', 'pybuffer-node'])
  const lib = { win32: 'pybuffer_node.dll', darwin: 'libpybuffer_node.dylib' }[process.platform] ?? 'libpybuffer_node.so'
  const target = path.join(root, `pybuffer.${platformSuffix()}.node`)
  copyFileSync(path.join(root, 'target', 'release', lib), target)
  console.log(`pybuffer: built ${path.basename(target)}`)
}

// Only this package's own TypeScript (a development checkout, where it is a
// devDependency) rebuilds index.js: in a consumer install `require.resolve`
// could find the consumer's TypeScript, of any version.
const ownModules = path.join(root, 'node_modules') + path.sep
const tsc = [resolveOptional('typescript/bin/tsc')].find((p) => p?.startsWith(ownModules))
if (tsc) {
  run(process.execPath, [tsc, '-p', 'tsconfig.json'])
} else if (!existsSync(path.join(root, 'index.js'))) {
  console.error('pybuffer: index.js is missing and TypeScript is not installed to build it')
  process.exit(1)
}
