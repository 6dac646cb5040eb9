#!/usr/bin/env node
// `npm run package`: writes the release tarballs into dist/ (or --out DIR),
// from what `npm install` (or `npm run build`) built in this checkout:
//
// - pybuffer-<version>.tgz, the main package: the JS and its typings, the C
//   headers (include/) and a relocatable lib/pkgconfig/pybuffer.pc, and the
//   Rust sources for building from source where no prebuilt addon loads.
//   Its optionalDependencies name the platform packages made here.
// - pybuffer-<platform>-<version>.tgz, the platform package of this machine:
//   the prebuilt addon, and for C the shim's libraries (lib/), the headers
//   and the same pybuffer.pc, so that C code links without cargo.
//
// @napi-rs/cli lays the packages out, in a staging copy so that the
// checkout's package.json is left alone: `napi create-npm-dirs` makes the
// platform packages, `napi artifacts` puts the addon in them, and `napi
// pre-publish` adds the optionalDependencies. Only this machine's platform
// is packaged (the other declared targets need their own machines); the
// main package names only the platform packages that exist, and elsewhere
// its install script builds from source.

import { spawnSync } from 'node:child_process'
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { cargoOutputs, pkgConfig, platformSuffix, root, stripDebugInfo, targetDir } from '../crates/node/build-addon.mjs'

// napi-rs's platform names of the targets package.json declares.
const TRIPLES = {
  'linux-x64-gnu': 'x86_64-unknown-linux-gnu',
  'linux-arm64-gnu': 'aarch64-unknown-linux-gnu',
  'linux-x64-musl': 'x86_64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64-msvc': 'x86_64-pc-windows-msvc',
}

function fail(message) {
  console.error(`package: ${message}`)
  process.exit(1)
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.error || r.status !== 0) {
    fail(`\`${[path.basename(cmd), ...args].join(' ')}\` failed in ${cwd}:\n${r.error?.message ?? ''}${r.stdout}${r.stderr}`)
  }
  return r.stdout
}

const { values: opts } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'dist') } } })
const out = path.resolve(opts.out)
const napi = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')
if (!existsSync(napi)) fail('@napi-rs/cli is not installed: run `npm install` first')

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
const suffix = platformSuffix()
const triple = TRIPLES[suffix]
if (!triple || !pkg.napi.targets.includes(triple)) fail(`${suffix} is not one of the targets package.json declares`)
const addon = path.join(root, `pybuffer.${suffix}.node`)
const release = path.join(targetDir(), 'release')
const libs = cargoOutputs().libs.map((f) => path.join(release, f))
for (const f of [addon, ...libs]) {
  if (!existsSync(f)) fail(`${path.relative(root, f)} is missing: run \`npm run build\` first`)
}

const stage = mkdtempSync(path.join(tmpdir(), 'pybuffer-package-'))
try {
  // The main package: the files `npm pack` would take from the checkout.
  const main = path.join(stage, 'pybuffer')
  const [listing] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], root))
  for (const { path: f } of listing.files) {
    mkdirSync(path.dirname(path.join(main, f)), { recursive: true })
    copyFileSync(path.join(root, f), path.join(main, f))
  }
  // A consumer needs only the install script; the other scripts, the test
  // runner's settings and the devDependencies are the checkout's.
  const { ava: _ava, devDependencies: _dev, ...published } = pkg
  const staged = { ...published, scripts: { install: pkg.scripts.install }, napi: { ...pkg.napi, targets: [triple] } }
  writeFileSync(path.join(main, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`)

  // What C code needs, laid out the same way in both packages.
  // Returns the files written, relative to `dir`.
  const sdk = (dir, withLibs) => {
    const written = []
    const put = (rel, write) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      write(path.join(dir, rel))
      written.push(rel)
    }
    // The header tree, subfolders included (include/cpython/, as CPython has it).
    const headers = path.join(root, 'crates', 'capi', 'include')
    const copyHeaders = (rel) => {
      for (const entry of readdirSync(path.join(headers, rel), { withFileTypes: true })) {
        const sub = path.join(rel, entry.name)
        if (entry.isDirectory()) copyHeaders(sub)
        else put(path.join('include', sub), (to) => copyFileSync(path.join(headers, sub), to))
      }
    }
    copyHeaders('')
    if (withLibs) {
      for (const f of libs) put(`lib/${path.basename(f)}`, (to) => copyFileSync(f, to))
      stripDebugInfo(path.join(dir, 'lib', 'libpybuffer.a'))
    }
    put('lib/pkgconfig/pybuffer.pc', (to) => writeFileSync(to, pkgConfig({ version: pkg.version })))
    return written
  }
  sdk(main, false)

  // The platform package, by @napi-rs/cli.
  mkdirSync(path.join(main, 'artifacts'))
  copyFileSync(addon, path.join(main, 'artifacts', path.basename(addon)))
  run(process.execPath, [napi, 'create-npm-dirs', '--npm-dir', 'npm'], main)
  run(process.execPath, [napi, 'artifacts', '--output-dir', 'artifacts', '--npm-dir', 'npm'], main)
  const platformDir = path.join(main, 'npm', suffix)
  const sdkFiles = sdk(platformDir, true)
  copyFileSync(path.join(root, 'LICENSE'), path.join(platformDir, 'LICENSE')) // npm packs it unlisted
  const platformJson = path.join(platformDir, 'package.json')
  const platformPkg = JSON.parse(readFileSync(platformJson, 'utf8'))
  platformPkg.files.push(...sdkFiles)
  writeFileSync(platformJson, `${JSON.stringify(platformPkg, null, 2)}\n`)
  appendFileSync(
    path.join(platformDir, 'README.md'),
    '\nIt also holds pybuffer\'s C API for this platform: the headers (`include/`), ' +
      'the shim library (`lib/`) and `lib/pkgconfig/pybuffer.pc`. See `pybuffer`\'s README.\n',
  )
  run(process.execPath, [napi, 'pre-publish', '--npm-dir', 'npm', '--no-gh-release', '--skip-optional-publish'], main)

  mkdirSync(out, { recursive: true })
  for (const dir of [platformDir, main]) {
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], dir))
    const file = path.join(out, packed.filename)
    const shown = path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)
    console.log(`${shown}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KiB`)
  }
  const others = Object.keys(TRIPLES).filter((s) => s !== suffix && pkg.napi.targets.includes(TRIPLES[s]))
  console.log(`no prebuilt addon for ${others.join(', ')}: those build from source on install`)
} finally {
  rmSync(stage, { recursive: true, force: true })
}
