#!/usr/bin/env python3
"""The real-extension corpus: small CPython extensions from PyPI (plain C,
Cython, and PyO3/maturin Rust crates).

Each member is fetched as a pinned sdist: the file with its sha256 in the
package index's listing (PEP 691; ``$PIP_INDEX_URL`` or PyPI), downloaded
directly and in parallel, with ``pip download --no-binary :all: --no-deps
--require-hashes`` as the fallback; the sha256 is checked again here. It is
unpacked into a cache outside the work tree and compiled *unchanged* with
only the defines, include directories and language-standard flag its own
``setup.py``/``pyproject.toml`` passes (for a pybind11 extension, also the
headers of the pinned pybind11 release its build would install, from that
release's sha256-checked wheel). The same sources compile twice:
against CPython's headers (``--api cpython``) and against pybuffer's
(``--api pybuffer``). Neither build links a Python library, as with
``setup.py build_ext``: the Py* symbols resolve when a host that provides
them (libpython3.11 or libpybuffer) loads the module.

A PyO3 member (``cargo=True``) uses no headers at all: PyO3's ffi declares
CPython 3.11's functions and struct layouts itself. It is built once, as
maturin builds it (``cargo build --release --locked`` of the sdist's own
Cargo.toml and Cargo.lock, for ``sys.executable`` through PYO3_PYTHON),
and the resulting .so is cached under the sdist's sha256 and the
interpreter's extension suffix; ``--api cpython`` and ``--api pybuffer``
give that same file, so a repeat run costs nothing. Its crates come from
the crate registry (``cargo fetch --locked`` at ``fetch``; an unreachable
registry is a skip, as an unreachable index is).

The C drivers in crates/capi/tests/corpus/<member>.c load each build and run
vectors taken from that member's own test suite; scripts/c-tests.sh wires it
together.

Subcommands:
  fetch                     download (once), verify and unpack every member
  list                      one line per member, tab-separated: name module
                            driver srcdir pending-reason-or-dash
  build NAME --api A --out F  compile member NAME into the shared object F
  cython VERSION            install Cython VERSION into the cache (once) and
                            print the path of its `cython`
  pybind11 VERSION          fetch the pinned pybind11 VERSION wheel (once,
                            sha256-checked) into the cache and print the
                            directory of its headers (pybind11/include)
  wheel NAME                fetch the pinned binary wheel NAME (BINARY_WHEELS:
                            a cp311 manylinux wheel from PyPI, sha256-checked)
                            once into the cache, unpacked, and print where

A member whose C comes from cffi's Python builder (an out-of-line
API-mode module: its setup.py names it in ``cffi_modules``) has that C
written here by a pinned cffi and pycparser, installed once into a
virtualenv in the cache, as a member's pinned Cython is.

Cache: $PYBUFFER_CORPUS_CACHE, else $XDG_CACHE_HOME/pybuffer-corpus, else
~/.cache/pybuffer-corpus. Sources without Python.h in their include closure
(the bundled compression/hash libraries) are compiled once per cache and
reused; the Python-facing glue is cached by a digest of its preprocessed
source, so it compiles again whenever a header under it changes (the
newest few objects of each source are kept).

Exit status: 0 on success; 1 on failure (message on stderr); 3 with
``SKIP: reason`` on stderr when the corpus cannot be fetched (no network).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYBUFFER_INCLUDE = ROOT / "crates" / "capi" / "include"
X86 = platform.machine().lower() in ("x86_64", "amd64", "i386", "i486", "i586", "i686", "x86")


@dataclass
class Member:
    """One corpus extension, built as its setup.py builds it."""

    name: str  # the member's name (its PyPI project's, unless `project` says otherwise)
    version: str
    sha256: str  # of the sdist
    module: str  # PyInit_<module>
    sources: list  # relative to the unpacked sdist
    include_dirs: list = field(default_factory=list)
    defines: list = field(default_factory=list)  # "NAME" or "NAME=VALUE"
    std: str = ""  # a -std= flag the member's setup.py passes (C sources only)
    cxx_std: str = ""  # the same for its C++ sources
    # Further flags its setup.py passes to every compile / to the link.
    extra_compile_args: list = field(default_factory=list)
    extra_link_args: list = field(default_factory=list)
    archive: str = "tar.gz"  # the sdist's format on PyPI: tar.gz or zip
    # Why the pybuffer build is not expected to pass yet (empty: it must).
    pending: str = ""
    # Its C driver: crates/capi/tests/corpus/<driver>.c (default: module).
    driver: str = ""
    # The PyPI project, when one sdist gives several members (one per
    # extension module it builds): empty means `name`.
    project: str = ""
    # The sdist's file name, when it is not the normalised one (older
    # sdists keep the project's own spelling): empty means derived.
    sdist: str = ""
    # For an sdist that ships only .pyx sources (its setup.py cythonizes
    # them at build time): the Cython version that turns each .pyx in
    # `sources` into C (C++ with "--cplus" in cython_args), run from the
    # unpacked sdist's directory.
    cython: str = ""
    cython_args: list = field(default_factory=list)
    # For a pybind11 extension: the pybind11 release (a PYBIND11_WHEELS
    # pin) whose headers its setup.py adds (pybind11.get_include()).
    pybind11: str = ""
    # A PyO3/maturin crate: built by cargo from the sdist's Cargo.toml (its
    # `sources` are unused), one .so for both hosts.
    cargo: bool = False
    # Where that Cargo.toml is, relative to the unpacked sdist (empty: its
    # top; setuptools-rust projects keep the crate in a subdirectory), and
    # the crate's [lib] name when it is not the module's (the cdylib is
    # lib<cargo_lib>.so; PyInit_<module> is what it exports).
    cargo_dir: str = ""
    cargo_lib: str = ""
    # For a cffi out-of-line API-mode module: its setup.py's
    # `cffi_modules` entry ("path/to/build.py:ffi", relative to the
    # unpacked sdist), whose FFI object's C (`ffi.emit_c_code`) is
    # compiled as the first source, the builder run from the sdist's
    # directory by cffi `cffi` (with pycparser `pycparser`), as
    # `setup.py build_ext` runs it. Such a module imports _cffi_backend
    # at init: list the "cffi" member before it, so that its build sits
    # in the same output directory for the driver to load first.
    cffi_module: str = ""
    cffi: str = ""
    pycparser: str = ""

    @property
    def pypi_name(self):
        return self.project or self.name

    @property
    def sdist_stem(self):
        return f"{self.pypi_name.replace('-', '_').replace('.', '_')}-{self.version}"

    @property
    def sdist_file(self):
        if self.sdist:
            return self.sdist
        # Old sdists keep the project's own spelling in the file name.
        stem = self.sdist_stem if self.archive == "tar.gz" else f"{self.pypi_name}-{self.version}"
        return f"{stem}.{self.archive}"


def brotli_sources():
    common = "constants context dictionary platform shared_dictionary transform".split()
    dec = "bit_reader decode huffman prefix state static_init".split()
    enc = (
        "backward_references backward_references_hq bit_cost block_splitter brotli_bit_stream "
        "cluster command compound_dictionary compress_fragment compress_fragment_two_pass "
        "dictionary_hash encode encoder_dict entropy_encode fast_log histogram literal_cost "
        "memory metablock static_dict static_dict_lut static_init utf8_util"
    ).split()
    return (
        ["python/_brotli.c"]
        + [f"c/common/{s}.c" for s in common]
        + [f"c/dec/{s}.c" for s in dec]
        + [f"c/enc/{s}.c" for s in enc]
    )


MEMBERS = [
    # The four the issue names.
    Member(
        "crcmod", "1.7",
        "dc7051a0db5f2bd48665a990d3ec1cc305a466a77358ca4492826f41f283601e",
        "_crcfunext", ["python3/src/_crcfunext.c"], driver="crcmod",
    ),
    Member(
        "python-lzf", "0.2.6",
        "47db5c2cb371bdc45f61cca3e12154ca5a7a7fbb8e1a3af8e5c62d14129da1d0",
        "lzf", ["lzf_module.c", "lzf_c.c", "lzf_d.c"], include_dirs=["."], driver="lzf",
    ),
    Member(
        "lz4", "4.4.5",
        "5f0b9e53c1e82e88c10d7c180069363980136b9d7a8306c4dca4f760d60c39f0",
        "_block", ["lz4/block/_block.c", "lz4libs/lz4.c", "lz4libs/lz4hc.c"],
        include_dirs=["lz4libs"], driver="lz4_block",
    ),
    # The same sdist's two other modules: lz4.frame._frame (compression
    # contexts in PyCapsules, many keyword arguments) and the experimental
    # lz4.stream._stream (a double-buffered stream context in a capsule).
    Member(
        "lz4-frame", "4.4.5",
        "5f0b9e53c1e82e88c10d7c180069363980136b9d7a8306c4dca4f760d60c39f0",
        "_frame", ["lz4/frame/_frame.c", "lz4libs/lz4.c", "lz4libs/lz4hc.c", "lz4libs/lz4frame.c", "lz4libs/xxhash.c"],
        include_dirs=["lz4libs"], driver="lz4_frame", project="lz4",
    ),
    Member(
        "lz4-stream", "4.4.5",
        "5f0b9e53c1e82e88c10d7c180069363980136b9d7a8306c4dca4f760d60c39f0",
        "_stream", ["lz4/stream/_stream.c", "lz4libs/lz4.c", "lz4libs/lz4hc.c"],
        include_dirs=["lz4libs"], driver="lz4_stream", project="lz4",
    ),
    Member(
        "brotli", "1.2.1",
        "02b2f7b5a83485efe448a44ddf7983def05c3bb1dcf917d4f7154070260e13de",
        "_brotli", brotli_sources(), include_dirs=["c/include"], driver="brotli",
    ),
    # Chosen for the API they add: a hasher type from PyType_FromModuleAndSpec
    # with METH_FASTCALL|METH_KEYWORDS, module state, 128-bit ints, PyThread
    # locks (xxhash); multi-phase init with module state, PyErr_WarnEx and
    # keyword-only GIL release modes (crc32c); static types with members,
    # PyErr_NewException, lists and PySequence_Fast (zfec); Py_BuildValue,
    # _PyLong_FromByteArray, PyType_Ready hashers and hand-parsed fastcall
    # arguments (mmh3).
    Member(
        "xxhash", "4.1.0",
        "c9b288e4c1f5dae54417bc8a05e6f6daf505783d916b4783f4dd2f2e7d5db486",
        "_xxhash",
        ["src/_xxhash.c", "deps/xxhash/xxhash.c"] + (["deps/xxhash/xxh_x86dispatch.c"] if X86 else []),
        include_dirs=["deps/xxhash"], driver="xxhash",
        defines=["XXHASH_X86_DISPATCH=1"] if X86 else [],
    ),
    Member(
        "crc32c", "2.9.post0",
        "6a089e0340de8438e836a09e613c6b541675d0f3aa92b3fe34295aaba62f014f",
        "_crc32c",
        [f"src/crc32c/ext/{s}.c" for s in
         ("_crc32c", "checkarm", "checksse42", "crc32c_adler", "crc32c_arm64", "crc32c_sw")],
        include_dirs=["src/cc32c/ext/"],  # sic: setup.py's own (nonexistent) path
        driver="crc32c",
    ),
    Member(
        "zfec", "1.6.0.0",
        "c5a1861c253b512698c2e733ae4d83f5e2d6ea6c881b7dbe11334b694e755a00",
        "_fec", ["zfec/fec.c", "zfec/_fecmodule.c"], include_dirs=["zfec/"], std="-std=c99", driver="zfec",
    ),
    Member(
        "mmh3", "5.3.1",
        "bd86d0c86b52332319d981d03781ff77811a29db544a69902dc06b5506bb3e19",
        "mmh3", ["src/mmh3/mmh3module.c", "src/mmh3/murmurhash3.c"], driver="mmh3",
    ),
    # Streaming codec types with internal buffers and PyThread locks
    # (pybcj, inflate64, pyppmd: the py7zr family), a limited-API module
    # with C++ in its link (zopfli), a Python-2-era METH_VARARGS checksum
    # from a zip sdist (crc16), and ujson: a JSON codec over the whole
    # dict/list/str/int/float API, with C++ (double-conversion) beside it.
    Member(
        "pybcj", "1.0.8",
        "6818270692912d47e81ccd777b7d0ed2ad3a19ef7aaead3735b38048c80bf368",
        "_bcj", [f"src/ext/{s}.c" for s in ("Bra", "Bra86", "BraIA64", "_bcjmodule")],
        include_dirs=["src/ext"], driver="pybcj",
    ),
    Member(
        "inflate64", "1.0.4",
        "b398c686960c029777afc0ed281a86f66adb956cfc3fbf6667cc6453f7b407ce",
        "_inflate64",
        [f"src/lib/{s}.c" for s in ("deflate", "deflate_tree", "inflate", "inflate_tree", "util", "static_tables")]
        + ["src/ext/_inflate64module.c"],
        include_dirs=["src/lib", "src/ext"], driver="inflate64",
    ),
    Member(
        "pyppmd", "1.3.1",
        "ced527f08ade4408c1bfc5264e9f97ffac8d221c9d13eca4f35ec1ec0c7b6b2e",
        "_ppmd",
        [f"src/lib/ppmd/{s}.c" for s in ("Ppmd7", "Ppmd8", "Ppmd8Dec", "Ppmd7Enc", "Ppmd8Enc", "Ppmd7Dec")]
        + ["src/lib/buffer/Buffer.c", "src/lib/buffer/ThreadDecoder.c", "src/ext/_ppmdmodule.c"],
        include_dirs=["src/lib/ppmd", "src/lib/buffer"], extra_compile_args=["-pthread"],
        extra_link_args=["-pthread"], driver="pyppmd",
    ),
    Member(
        "zopfli", "0.4.3",
        "d3a50f91a13cea9bafe025de8fd87a005eb26de02a4f0c193127ddbf23ac8ebe",
        "zopfli",
        [f"zopfli/src/zopfli/{s}.c" for s in
         ("blocksplitter", "cache", "deflate", "gzip_container", "squeeze", "hash", "katajainen", "lz77",
          "tree", "util", "zlib_container", "zopfli_lib")]
        + ["zopfli/src/zopflipng/lodepng/lodepng.cpp", "zopfli/src/zopflipng/lodepng/lodepng_util.cpp",
           "zopfli/src/zopflipng/zopflipng_lib.cc", "src/zopflimodule.c"],
        defines=["Py_LIMITED_API=0x030a0000"], extra_link_args=["-lm"], driver="zopfli",
    ),
    # Number parsing in C++17 that must match int() / float() exactly: str
    # internals of every kind, digit lookups, PyLong_FromString, sentinels.
    Member(
        "fastnumbers", "5.2.0",
        "07266a2fca9e08eeb5a6c70be4c8db3637db9b930ea5198facbbb9b0b31d4d03",
        "fastnumbers",
        [f"src/cpp/{s}.cpp" for s in ("argparse", "c_str_parsing", "extractor", "fastnumbers",
                                       "implementation", "parser")],
        include_dirs=["include"], extra_compile_args=["-std=c++17"],
        extra_link_args=["-lstdc++"], driver="fastnumbers",
    ),
    # A dict-like GC type over the mapping protocol, with an eviction
    # callback (PyObject_CallFunctionObjArgs) and keyword parsing.
    Member(
        "lru-dict", "1.4.1",
        "cc518ff2d38cc7a8ab56f9a6ae557f91e2e1524b57ed8e598e97f45a2bd708fc",
        "_lru", ["src/lru/_lru.c"], driver="lru",
    ),
    Member(
        "crc16", "0.1.1",
        "1b9f697a93491ae42ed653c1e78ea25a33532afab87b513e6890975450271a01",
        "_crc16", ["src/_crc16module.c"], archive="zip", driver="crc16",
    ),
    # A static type over most protocols (sequence, mapping with slices and
    # masks, number, buffer export and import, rich comparison, iteration)
    # that vendors pythoncapi_compat.h. Only _bitarray: _util finds the
    # type through PyCapsule_Import of the registered module.
    Member(
        "bitarray", "3.12.3",
        "919e35a951c0a551631b94bf568f3f5e38d004e0c60866cb2ca51bd8c4778fec",
        "_bitarray", ["bitarray/_bitarray.c"], driver="bitarray",
    ),
    Member(
        "ujson", "6.1.0",
        "aef7ea4cd9e2e9f8a35c4538a9780d58c80d76c5da66a8dad269b4cc6d930c29",
        "ujson",
        [f"src/ujson/deps/double-conversion/double-conversion/{s}.cc" for s in
         ("bignum-dtoa", "bignum", "cached-powers", "double-to-string", "fast-dtoa", "fixed-dtoa",
          "string-to-double", "strtod")]
        + ["src/ujson/dconv_wrapper.cc", "src/ujson/ujson.c", "src/ujson/encode.c", "src/ujson/decode.c"],
        include_dirs=["src/ujson", "src/ujson/deps/double-conversion/double-conversion"],
        defines=['UJSON_VERSION="6.1.0"'], extra_compile_args=["-D_GNU_SOURCE"],
        extra_link_args=["-lstdc++", "-lm"], driver="ujson",
    ),
    # Hashes, checksums and small buffer consumers: a limited-API module
    # (siphashc); libscrc's CRC-32 family (one of its seven sibling
    # modules, all built the same way); C++ with Python.h included from a
    # .cc file (pyfarmhash); a big format-string packer over ints, floats,
    # bools, bytes and str with a compiled-format type (bitstruct); and a
    # str-kind-aware escaper (markupsafe).
    Member(
        "siphashc", "2.9.1",
        "cbb2a3c98bb57c4a641db7aa6e5c8f7060367ad5d1f651ff3d3cd479e464ad74",
        "siphashc", ["siphashc.c", "siphash/siphash.c"], defines=["Py_LIMITED_API=0x030A0000"],
        driver="siphashc",
    ),
    Member(
        "libscrc", "1.8.1",
        "d7ba6bf23cfdeb3b729d0ad3795f6c6f97d8ea4155252e3ca9f14758702ba7c8",
        "_crc32", ["src/crc32/_crc32module.c", "src/crc32/_crc32tables.c"], include_dirs=["src/crc32"],
        driver="libscrc",
    ),
    Member(
        "pyfarmhash", "0.5.1",
        "d6abe8d1585671192c29a23d0a4d4b09657f3d2268f94826a33d6325840faef9",
        "farmhash", ["src/farmhash.cc", "src/python-farmhash.cc"], extra_compile_args=["-O4"],
        driver="farmhash",
    ),
    Member(
        "bitstruct", "8.24.0",
        "c72d8bd3b1762a5bcc9fde16bfa4d52800a4bc8d79f81bc7ee0e0bca5b5e901e",
        "c", ["src/bitstruct/c.c", "src/bitstruct/bitstream.c"], driver="bitstruct",
    ),
    # A str-keyed trie type with iterator types, its own pickling and
    # PyUnicode_AsUCS4Copy (pyahocorasick, built with setup.py's default
    # AHOCORASICK_UNICODE).
    Member(
        "pyahocorasick", "2.3.1",
        "9d0f6bb522237ed7f111ed59c9e8baea7d1e75813587b6773babd43bda35db9f",
        "ahocorasick", ["src/pyahocorasick.c"], defines=["AHOCORASICK_UNICODE="], driver="ahocorasick",
    ),
    # Ed25519 signatures over SUPERCOP's ref10 (python-ed25519): "y#"
    # arguments, "(y#y#)" results, PyErr_NewException, the sdist's own
    # known-answer file.
    Member(
        "ed25519", "1.5",
        "02053ee019ceef0df97294be2d4d5a8fc120fc86e81e08bec1245fc0f9403358",
        "_ed25519",
        ["src/ed25519-glue/ed25519module.c"]
        + [f"src/ed25519-supercop-ref/{s}.c" for s in
           ("ed25519", "fe25519", "ge25519", "sc25519", "sha512-blocks", "sha512-hash", "verify")],
        include_dirs=["src/ed25519-supercop-ref"], driver="ed25519",
    ),
    Member(
        "markupsafe", "3.0.4",
        "2e9ad7dd851bf45fab9f75cbff4cb493fee9979e8d8c7c9c3ee119022518edd6",
        "_speedups", ["src/markupsafe/_speedups.c"], driver="markupsafe",
    ),
]
# Compressors (corpus3a): python-zstd, a module of plain functions over the
# bundled libzstd whose multi-phase init keeps its error type in module
# state; lzfse, Apple's codec behind a METH_VARARGS "s#" pair.
MEMBERS += [
    Member(
        "zstd", "1.5.7.2",
        "6d8684c69009be49e1b18ec251a5eb0d7e24f93624990a8a124a1da66a92fc8a",
        "zstd",
        [f"zstd/lib/{s}.c" for s in
         ("compress/zstd_compress", "compress/zstd_compress_literals", "compress/zstd_compress_sequences",
          "compress/zstd_compress_superblock", "compress/zstd_preSplit", "compress/zstdmt_compress",
          "compress/zstd_fast", "compress/zstd_double_fast", "compress/zstd_lazy", "compress/zstd_opt",
          "compress/zstd_ldm", "compress/fse_compress", "compress/huf_compress", "compress/hist",
          "common/fse_decompress", "decompress/zstd_decompress", "decompress/zstd_decompress_block",
          "decompress/zstd_ddict", "decompress/huf_decompress", "common/entropy_common", "common/zstd_common",
          "common/xxhash", "common/error_private", "common/pool", "common/threading")]
        + ["src/debug.c", "src/util.c", "src/python-zstd.c"],
        # setup.py's flags for the bundled library (no asm, threads, no trace).
        defines=["MOD_VERSION=1.5.7.2", "DYNAMIC_BMI2=0", "ZSTD_DISABLE_ASM=1", "ZSTD_MULTITHREAD=1",
                 "ZSTD_TRACE=0"],
        include_dirs=["zstd/lib", "zstd/lib/common", "zstd/lib/compress", "zstd/lib/decompress"],
        std="-std=c99", extra_compile_args=["-O3", "-fvisibility=default", "-fno-lto", "-pthread"],
        extra_link_args=["-pthread"], driver="zstd",
    ),
    Member(
        "lzfse", "0.4.2.post1",
        "4120481728af8a1d12e73b59173ccf1941896bf2fb593b7758aec99e60a16ced",
        "lzfse",
        # setup.py's glob of lzfse/src/*.c (its filter never matches, so
        # lzfse_main.c, the command-line tool, is in too).
        [f"lzfse/src/{s}.c" for s in
         ("lzfse_decode", "lzfse_decode_base", "lzfse_encode", "lzfse_encode_base", "lzfse_fse", "lzfse_main",
          "lzvn_decode_base", "lzvn_encode_base")]
        + ["pylzfse.c"],
        include_dirs=["lzfse/src"], driver="lzfse",
    ),
]
# backports.zstd: CPython 3.14's compression.zstd._zstd for 3.10-3.13,
# built as CPython builds its own modules (Py_BUILD_CORE_MODULE, Argument
# Clinic parsers, heap types from specs with module state, multi-phase
# init), with all of libzstd (the x86-64 Huffman decoder in assembly).
# setup.py's -g0 -flto only tune the build and are left out.
MEMBERS += [
    Member(
        "backports.zstd", "1.8.0",
        "9dae4f4c481716e3db473d667457b4f508ff7459c0931b567a5c9677fb3db316",
        "_zstd",
        [f"src/c/zstd/lib/{s}" for s in
         ("common/debug.c", "common/entropy_common.c", "common/error_private.c", "common/fse_decompress.c",
          "common/pool.c", "common/threading.c", "common/xxhash.c", "common/zstd_common.c",
          "compress/fse_compress.c", "compress/hist.c", "compress/huf_compress.c", "compress/zstd_compress.c",
          "compress/zstd_compress_literals.c", "compress/zstd_compress_sequences.c",
          "compress/zstd_compress_superblock.c", "compress/zstd_double_fast.c", "compress/zstd_fast.c",
          "compress/zstd_lazy.c", "compress/zstd_ldm.c", "compress/zstd_opt.c", "compress/zstd_preSplit.c",
          "compress/zstdmt_compress.c", "decompress/huf_decompress.c", "decompress/huf_decompress_amd64.S",
          "decompress/zstd_ddict.c", "decompress/zstd_decompress.c", "decompress/zstd_decompress_block.c",
          "dictBuilder/cover.c", "dictBuilder/divsufsort.c", "dictBuilder/fastcover.c", "dictBuilder/zdict.c")]
        + [f"src/c/compression_zstd/{s}.c" for s in ("_zstdmodule", "compressor", "decompressor", "zstddict")],
        include_dirs=["src/c/zstd/lib", "src/c/zstd/lib/common", "src/c/zstd/lib/dictBuilder", "src/c/compat",
                      "src/c/compression_zstd", "src/c/compression_zstd/clinic", "src/c/pythoncapi-compat"],
        defines=["ZSTD_MULTITHREAD"], extra_compile_args=["-pthread"], extra_link_args=["-pthread"],
        driver="backports_zstd",
    ),
]
# pylzma: Igor Pavlov's LZMA SDK (bundled, with its multi-threaded match
# finder) behind a Python-2-era module: PyType_Ready static types, the
# PyErr_Warn macro, PyEval_InitThreads, file-like objects read through
# PyObject_CallMethod.
MEMBERS += [
    Member(
        "pylzma", "0.6.1",
        "ab1cdc5151479c0674044867e8ece75d253155271e0a9702f7cb076ba690f29d",
        "pylzma",
        [f"src/pylzma/{s}.c" for s in
         ("pylzma", "pylzma_aes", "pylzma_compress", "pylzma_compressfile", "pylzma_decompress",
          "pylzma_decompressobj", "pylzma_streams", "pylzma_decompress_compat", "pylzma_decompressobj_compat")]
        + [f"src/sdk/C/{s}.c" for s in
           ("7zStream", "Aes", "AesOpt", "Bcj2", "Bra", "Bra86", "BraIA64", "CpuArch", "Delta", "LzFind",
            "LzFindOpt", "LzmaDec", "LzmaEnc", "Lzma2Dec", "Lzma2Enc", "Sha256", "Sha256Opt", "SwapBytes",
            "Ppmd7", "Ppmd7Dec")]
        + ["src/compat/LzmaCompatDecode.c"]
        # setup.py's build_ext adds these for ENABLE_MULTITHREADING.
        + [f"src/sdk/C/{s}.c" for s in ("LzFindMt", "MtCoder", "MtDec", "Threads")],
        include_dirs=["src/sdk/C"],
        defines=["PY_SSIZE_T_CLEAN=1", "WITH_COMPAT=1", "PYLZMA_VERSION=0.6.1", "COMPRESS_MF_MT=1"],
        extra_compile_args=["-Werror=sign-compare"], driver="pylzma",
    ),
]
# py-lz4framed: another binding of lz4's frame format (the library bundled
# under its own xxhash namespace): contexts in capsules with PyThread
# locks, Lz4FramedError raised with a (message, code) tuple through
# PyErr_SetObject, a module-state-free single-phase init.
MEMBERS += [
    Member(
        "py-lz4framed", "0.14.0",
        "f2f1e52158e8fca2bbc8e69fb834274b99a74dff4907d66567f60293232767b7",
        "_lz4framed",
        ["lz4/lz4.c", "lz4/lz4hc.c", "lz4/lz4frame.c", "lz4/xxhash.c", "lz4framed/py-lz4framed.c"],
        # setup.py passes these as extra_compile_args ("-Ilz4", relative to
        # the sdist, becomes an include directory here).
        include_dirs=["lz4"], std="-std=c99", defines=["XXH_NAMESPACE=PLZ4F_", "VERSION=0.14.0"],
        driver="lz4framed", sdist="py-lz4framed-0.14.0.tar.gz",
    ),
]
# corpus4. python-zstandard's C backend (zstandard.backend_c): one
# translation unit that includes its twenty type files and all of libzstd
# (zstd.c); compressor/decompressor types with many keyword arguments,
# streaming objects, frame parameters, buffer-with-segments types exporting
# the buffer protocol, dictionaries and multi-threaded compression.
MEMBERS += [
    Member(
        "zstandard", "0.25.0",
        "7713e1179d162cf5c7906da876ec2ccb9c3a9dcbdffef0cc7f70c3667a205f0b",
        "backend_c", ["c-ext/backend_c.c"], include_dirs=["c-ext", "zstd"],
        # setup_zstd.py's flags for the bundled single-file libzstd.
        defines=["ZSTD_SINGLE_FILE", "ZSTDLIB_VISIBLE=", "ZDICTLIB_VISIBLE=", "ZSTDERRORLIB_VISIBLE="],
        extra_compile_args=["-fvisibility=hidden"], driver="zstandard",
    ),
    # pyrsistent's pvectorc: a persistent vector type over a 32-way trie
    # (sequence and mapping protocols with slices parsed through
    # _PyEval_SliceIndex, rich comparison, hashing, an evolver type, GC
    # types whose deallocators use the trashcan macros).
    Member(
        "pyrsistent", "0.20.0",
        "4c48f78f62ab596c679086084d0dd13254ae4f3d6c72a83ffdf5ebdef8f265a4",
        "pvectorc", ["pvectorcmodule.c"], driver="pvectorc",
    ),
    # immutables' _map: a HAMT-backed immutable mapping (Map, its
    # MapMutation, keys/values/items views and iterators) with GC types,
    # the trashcan, Py_ReprEnter and a mapping protocol over any hashable
    # keys (the contextvars backport's and EdgeDB's).
    Member(
        "immutables", "0.21",
        "b55ffaf0449790242feb4c56ab799ea7af92801a0a43f9e2f4f8af2ab24dfc4a",
        "_map", ["immutables/_map.c"], defines=["NDEBUG=1"], extra_compile_args=["-O2"],
        driver="immutables",
    ),
    # python-Levenshtein 0.12.2: edit distances, ratios, medians and edit
    # operations over str or bytes, written against the Py_UNICODE API
    # (PyUnicode_AS_UNICODE, PyUnicode_GET_SIZE, PyUnicode_FromUnicode) that
    # CPython 3.11 still has; the last release before its rewrite in C++.
    Member(
        "python-Levenshtein", "0.12.2",
        "dc2395fbd148a1ab31090dd113c366695934b9e85fe5a4b2a032745efd0346f6",
        "_levenshtein", ["Levenshtein/_levenshtein.c"], include_dirs=["Levenshtein"], driver="levenshtein",
        sdist="python-Levenshtein-0.12.2.tar.gz",
    ),
    # hiredis 3.5.0 (redis-py's parser): a Reader type over the bundled
    # hiredis RESP parser that builds replies through callbacks (lists,
    # bytes, ints, doubles, maps, sets, errors made by calling exception
    # classes), and pack_command over sds strings.
    Member(
        "hiredis", "3.5.0",
        "c227592cc56b7df247abe4755c26723965be68972be2149fa441ac33d82131ba",
        "hiredis",
        ["src/hiredis.c", "src/pack.c", "src/reader.c"]
        + [f"vendor/hiredis/{s}.c" for s in ("alloc", "async", "hiredis", "net", "read", "sds", "sockcompat")],
        include_dirs=["vendor"], std="-std=c99", extra_link_args=["-Wl,-Bsymbolic"], driver="hiredis",
    ),
    # websockets' speedups: the frame masking behind every WebSocket
    # message, over bytes, bytearray and (through PyMemoryView_GetContiguous)
    # any memoryview, strided ones included.
    Member(
        "websockets", "17.4",
        "09d3939b70df0c8ad2da145ebd50978bccaee1d565e838b0e7921a34d38571eb",
        "speedups", ["src/websockets/speedups.c"], driver="websockets",
    ),
    # multidict's _multidict (aiohttp's and yarl's): MultiDict and
    # CIMultiDict over its own hash table, their proxies, views and
    # iterators, istr (a str subclass), module state reached from types
    # with PyType_GetModuleByDef, vectorcall methods, PyObject_Print.
    Member(
        "multidict", "7.2.1",
        "e8af3e6f1bdbc31fd762b094133b478b89988eaebc63cbe82b1d9e3bbd15cede",
        "_multidict", ["multidict/_multidict.c"], std="-std=c11",
        extra_compile_args=["-O3", "-DNDEBUG", "-Wall", "-Wsign-compare", "-Wconversion", "-fno-strict-aliasing",
                            "-Werror"],
        driver="multidict",
    ),
    # corpus5: a cipher, a bit-field codec, a binary differ and two
    # minifiers (parsers over str of any kind or any bytes-like input).
    # TgCrypto (Pyrogram's AES-256 IGE/CTR/CBC for Telegram's MTProto).
    Member(
        "TgCrypto", "1.2.5",
        "9bc2cac6fb9a12ef5b08f3dd500174fe374d89b660cce981f57e3138559cb682",
        "tgcrypto", ["tgcrypto/tgcrypto.c", "tgcrypto/aes256.c", "tgcrypto/ige256.c", "tgcrypto/ctr256.c",
                     "tgcrypto/cbc256.c"],
        driver="tgcrypto",
    ),
    # cbitstruct: bitstruct's C implementation (bit-level pack/unpack,
    # compiled formats as types, hand-mixed positional/keyword parsing).
    Member(
        "cbitstruct", "1.2.0",
        "eb7b45813c708ad9292dca23193e3c799b33eee773460f87c02fa8d660586dbf",
        "_cbitstruct", ["cbitstruct/_cbitstruct.c"], include_dirs=["cbitstruct"], driver="cbitstruct",
    ),
    # bsdiff4: binary diff/patch (bsdiff over qsufsort).
    Member(
        "bsdiff4", "1.3.2",
        "ed262caa697247e9af00af1076b5fce0b578a17b19d9bdbad30c110dd7660a8d",
        "core", ["bsdiff4/core.c"], driver="bsdiff4",
    ),
    # rcssmin / rjsmin: CSS and JavaScript minifiers; their setup.py names
    # the module through EXT_MODULE (and leaves EXT_PACKAGE undefined).
    Member(
        "rcssmin", "1.3.0",
        "ff15a3890eb350f1aa9ec34998f914c4e2fb13f949496f7c25e807578281adcf",
        "_rcssmin", ["rcssmin.c"], defines=["EXT_MODULE=_rcssmin"], driver="rcssmin",
    ),
    Member(
        "rjsmin", "1.3.0",
        "7c2ef57d55e2d76db0c0d0f7399c6c5efde995c677b190ba30fb94019f94a07e",
        "_rjsmin", ["rjsmin.c"], defines=["EXT_MODULE=_rjsmin"], driver="rjsmin",
    ),
    # pyzstd 0.16.2: the last release with its own C extension, over the
    # bundled libzstd (statically linked, multi-threaded, as setup.py's
    # default build).
    Member(
        "pyzstd", "0.16.2",
        "179c1a2ea1565abf09c5f2fd72f9ce7c54b2764cf7369e05c0bfd8f1f67f63d2",
        "_zstd", ["src/bin_ext/pyzstd.c"] + [f"zstd/lib/{s}" for s in (
            "common/debug.c common/entropy_common.c common/error_private.c common/fse_decompress.c common/pool.c "
            "common/threading.c common/xxhash.c common/zstd_common.c compress/fse_compress.c compress/hist.c "
            "compress/huf_compress.c compress/zstd_compress.c compress/zstd_compress_literals.c "
            "compress/zstd_compress_sequences.c compress/zstd_compress_superblock.c compress/zstd_double_fast.c "
            "compress/zstd_fast.c compress/zstd_lazy.c compress/zstd_ldm.c compress/zstd_opt.c "
            "compress/zstdmt_compress.c decompress/huf_decompress.c decompress/huf_decompress_amd64.S "
            "decompress/zstd_ddict.c decompress/zstd_decompress.c decompress/zstd_decompress_block.c "
            "dictBuilder/cover.c dictBuilder/divsufsort.c dictBuilder/fastcover.c dictBuilder/zdict.c").split()],
        include_dirs=["zstd/lib", "zstd/lib/common", "zstd/lib/dictBuilder"],
        defines=["PYZSTD_STATIC_LINK", "ZSTD_MULTITHREAD"], extra_link_args=["-lpthread"], driver="pyzstd",
    ),
]
# Cython-generated extensions (C++ here: the .cpp Cython 3.1.4 wrote,
# shipped in the sdist), compiled unchanged: cityhash's CityHash32/64/128
# functions and its sibling module farmhash (FarmHash's fingerprints),
# over str and buffer arguments, with keyword arguments through Cython's
# fastcall parsers, its multi-phase module init, and type errors raised
# from Cython code (with traceback entries). setup.py's -msse4.2/-maes
# apply only with py-cpuinfo present at build time; its cityhashcrc
# module needs them and is left out.
MEMBERS += [
    Member(
        "cityhash", "0.4.10",
        "7e35da9aaf5fcf91da3fea23405874db55ffa58b1abc441d39cce0c8704a9c15",
        "cityhash", ["src/city.cc", "src/cityhash.cpp"], include_dirs=["src"],
        extra_compile_args=["-O3", "-Wno-unused-value", "-Wno-unused-function"], driver="cityhash",
    ),
    Member(
        "cityhash-farmhash", "0.4.10",
        "7e35da9aaf5fcf91da3fea23405874db55ffa58b1abc441d39cce0c8704a9c15",
        "farmhash", ["src/farm.cc", "src/farmhash.cpp"], include_dirs=["src"],
        extra_compile_args=["-O3", "-Wno-unused-value", "-Wno-unused-function"], driver="cityhash_farmhash",
        project="cityhash",
    ),
    # An earlier cityhash whose .cpp Cython 0.29.34 wrote (0.29's module
    # init, type imports and argument parsing), driven by the same driver.
    Member(
        "cityhash-cython029", "0.4.7",
        "6f9eb09b725f0ccfa84e7eaab859d6adb646963f5a7a0d1e0a50ae269625877c",
        "cityhash", ["src/city.cc", "src/cityhash.cpp"], include_dirs=["src"],
        extra_compile_args=["-O3", "-Wno-unused-value", "-Wno-unused-function"], driver="cityhash",
        project="cityhash",
    ),
]
# ciso8601 2.3.1: an ISO 8601 / RFC 3339 parser over the datetime C API
# (PyDateTime_IMPORT, the CAPI table's DateTime_FromDateAndTime with a
# tzinfo, PyDelta_FromDSU, PyTimeZone_FromOffset, PyDateTime_TimeZone_UTC,
# datetime + timedelta), with its own C tzinfo subclass FixedOffset
# (tp_base = PyDateTimeAPI->TZInfoType) and its tzinfo cache.
MEMBERS += [
    Member(
        "ciso8601", "2.3.1",
        "3212c7ffe5d8080270548b5f2692ffd2039683b6628a8d2ad456122cc5793c4c",
        "ciso8601", ["module.c", "timezone.c", "isocalendar.c"],
        defines=["CISO8601_VERSION=2.3.1", "CISO8601_CACHING_ENABLED=1"], driver="ciso8601",
    ),
]
# fastrlock 0.8.4: a Cython 3.3.0 module (the .c the sdist ships) with a
# `cdef class` (FastRLock): a type made from a spec at module exec,
# Cython's pickling setup over object.__reduce_ex__, __cinit__ /
# __dealloc__ behind Cython's tp_dealloc (tp_finalize,
# PyObject_GC_IsFinalized), fastcall keyword parsing, PyThread locks,
# and a C function exported in __pyx_capi__.
MEMBERS += [
    Member(
        "fastrlock", "0.8.4",
        "60273f82753f59440c3ae55bdf89adeee028535cf700183b317feab708b38686",
        "rlock", ["fastrlock/rlock.c"], defines=["CYTHON_CLINE_IN_TRACEBACK=1"], driver="fastrlock",
    ),
]
# msgpack 1.2.4: a Cython 3.3.0 module (the .c the sdist ships) built on
# the buffer protocol: Packer (into its own growing buffer; bytes,
# bytearray and memoryview payloads, dict / list / tuple nesting, ints to
# 64 bits, floats, ExtType and Timestamp, datetime with tzinfo) and
# Unpacker (feed() of bytes / bytearray / memoryview in pieces, iteration,
# read_array_header / skip, its limits and errors), and unpackb. Its
# package's Python parts (msgpack.exceptions, msgpack.ext) are made by the
# driver; `import datetime` is pybuffer's own datetime module.
MEMBERS += [
    Member(
        "msgpack", "1.2.4",
        "475c44e12f2a5de766a8448783f149c9b33f3f49b88953c6cd739a77d93c732c",
        "_cmsgpack", ["msgpack/_cmsgpack.c"], include_dirs=["."], driver="msgpack",
    ),
]
# cytoolz 1.2.0 (Cython 3.3.0, the .c files the sdist ships): dicttoolz
# (merge / merge_with / valmap / keymap / itemmap / *filter / assoc /
# dissoc / assoc_in / update_in / get_in over dicts, PyDict_Next and the
# mapping protocol, `factory=` classes) and itertoolz (its iterator `cdef
# class`es -- remove, accumulate, interleave, unique, interpose,
# partition_all, iterate, pluck, join, diff -- over arbitrary iterables,
# and groupby / frequencies / reduceby / nth / last / get / count; the
# builtins map, zip and max resolved at import). Their imports of the
# Python standard library are stood in for by the drivers.
MEMBERS += [
    Member(
        "cytoolz-dicttoolz", "1.2.0",
        "fdd8ded8a93e1be009577fccddaacf78aa21cbe7dc6ec53c229def0198a1ffa5",
        "dicttoolz", ["cytoolz/dicttoolz.c"], driver="cytoolz_dicttoolz", project="cytoolz",
    ),
    Member(
        "cytoolz-itertoolz", "1.2.0",
        "fdd8ded8a93e1be009577fccddaacf78aa21cbe7dc6ec53c229def0198a1ffa5",
        "itertoolz", ["cytoolz/itertoolz.c"], driver="cytoolz_itertoolz", project="cytoolz",
    ),
]
# simplejson 4.3.0's `_speedups`: a JSON scanner and encoder (multi-phase
# init with module state, types from specs, str/dict/list/float/int
# protocols, PyUnicode writer paths, errors raised through a Python-level
# JSONDecodeError class it imports at exec).
MEMBERS += [
    Member(
        "simplejson", "4.3.0",
        "ffe34ab51a0d37e6d1c661a5672df00d2d5e18804e38eac07abffb83fa5ec3d7",
        "_speedups", ["simplejson/_speedups.c"], driver="simplejson",
    ),
]
# cbor2 5.6.5's `_cbor2` (the last release with the C extension; later
# ones are Rust): a CBOR codec over static types, a struct sequence
# (CBORSimpleValue, PyStructSequence_InitType2), exceptions with several
# bases, the datetime C API, and chunked UTF-8 decoding with
# PyUnicode_DecodeUTF8Stateful.
MEMBERS += [
    Member(
        "cbor2", "5.6.5",
        "b682820677ee1dbba45f7da11898d2720f92e06be36acec290867d5ebf3d7e09",
        "_cbor2", [f"source/{s}.c" for s in ("module", "encoder", "decoder", "tags", "halffloat")],
        std="-std=c99", defines=["_GNU_SOURCE"], extra_link_args=["-lm"], driver="cbor2",
    ),
]
# Found by building other PyPI extensions unchanged: spookyhash 2.1.1
# (Cython 3.2.0, C++: its string table zlib-compressed and unpacked with
# zlib.decompress at exec, builtins.__import__, typed memoryviews over the
# buffer protocol, cdef classes with __cinit__), metrohash 0.4.1 (Cython
# 3.1.4, C++: PyObject_GetBuffer on any buffer or str, hasher classes
# with update / intdigest / hexdigest), zipfile-deflate64 0.2.0 (a static
# type with tp_init, a T_BOOL member and "y*" buffers, over zlib's
# infback9), regex 2026.11.19 (the engine of the `regex` package: pattern,
# match, scanner and splitter objects over str of every kind and bytes,
# Unicode case folding and properties, fuzzy matching).
MEMBERS += [
    Member(
        "spookyhash", "2.1.1",
        "0dd5ad089c2a64b84238f3182c893445759b5656a175b11483e154973cb2f0f1",
        "_spookyhash", ["src/spookyhash.cpp", "src/SpookyV2.cpp"], driver="spookyhash",
    ),
    # setup.py adds -msse4.2 / -maes only when py-cpuinfo is present at
    # build time (as cityhash's does); built without them here.
    Member(
        "metrohash", "0.4.1",
        "f15d9deb2b9693b2e9dbfc702c5c1c68d51d6df73ad1abbb858f981596708f0c",
        "metrohash", ["src/metrohash64.cc", "src/metrohash128.cc", "src/metrohash.cpp"], include_dirs=["src"],
        extra_compile_args=["-O3", "-Wno-unused-value", "-Wno-unused-function"], driver="metrohash",
    ),
    Member(
        "zipfile-deflate64", "0.2.0",
        "875a3299de102edf1c17f8cafcc528b1ca80b62dc4814b9cb56867ec59fbfd18",
        "deflate64",
        ["zlib/zutil.c", "zlib/contrib/infback9/infback9.c", "zlib/contrib/infback9/inftree9.c",
         "zipfile_deflate64/deflate64/deflate64module.c"],
        include_dirs=["zlib", "zlib/contrib/infback9"], driver="deflate64",
        sdist="zipfile-deflate64-0.2.0.tar.gz",
    ),
    # regex's engine, driven with opcode lists its own compiler produced
    # (the driver stands in for its Python half).
    Member(
        "regex", "2026.11.19",
        "2826a006b68acfd3ed5074433caafe21d7f9d026eb82cb856724a4a893a70915",
        "_regex", ["src/_regex.c", "src/_regex_unicode.c"], driver="regex",
    ),
    # xxtea 4.x imports binascii in its exec slot and keeps hexlify and
    # unhexlify in module state for the *_hex functions; its fastcall
    # functions walk kwnames by hand. (6.x also builds an enum.Enum at
    # init, which needs the Python-level enum module.)
    Member(
        "xxtea", "4.0.0",
        "34869c4158a3c9af5b29d4be629f8e0633a52a47b006a2dbf63aca58d4935ebd",
        "xxtea", ["xxtea.c"], driver="xxtea",
    ),
    # TLSH's locality-sensitive hash: C++, a static type with getters and
    # METH_VARARGS methods, buffers parsed with "y#"/"s#" and PyBytes.
    Member(
        "py-tlsh", "5.0.0",
        "a21cb75eb49e9d9237c8c39d2fb310a5c976b3abc6c35c2e405e16c089abad1b",
        "tlsh", ["tlshmodule.cpp", "src/tlsh.cpp", "src/tlsh_impl.cpp", "src/tlsh_util.cpp"],
        include_dirs=["include"], extra_compile_args=["-DBUCKETS_128"], driver="tlsh",
    ),
    # intbitset's bit sets (Cython 3.1.6): fastdump()/fastload() and the
    # bytes/array constructor go through zlib.compress/zlib.decompress; the
    # driver stands in for its two pure-Python modules.
    Member(
        "intbitset", "4.1.2",
        "f82fafe0bcb4fe7a010d942099b5a84d721d37c897538ed632f788962c1411f8",
        "intbitset", ["intbitset/intbitset.c", "intbitset/intbitset_impl.c"], driver="intbitset",
    ),
    # bencoder.pyx ships the C that Cython 3.3.0 generated (setup.py
    # cythonizes again when Cython is there; the sdist's file is built).
    Member(
        "bencoder.pyx", "3.0.3",
        "a28f20db70ba94097c5051bf17459982ac1cf608b08ce256f094030e40227ec0",
        "bencoder", ["bencoder.c"], extra_compile_args=["-O3"], driver="bencoder",
    ),
]
# mmh3 2.5.1: the C++ module of the Python-2-and-3 era (no tests in the
# sdist: the driver takes the 2.5.1 tag's vectors), all
# PyArg_ParseTupleAndKeywords with "s#"/"s*" keys, "I" seeds that wrap and
# "B" flags, PyModule_Create; setup.py passes no flags.
MEMBERS += [
    Member(
        "mmh3-2", "2.5.1",
        "185209a217c52afe43e079e5b232d0ef0f3a262601eaaf4371326ab6dcbec508",
        "mmh3", ["mmh3module.cpp", "MurmurHash3.cpp"], driver="mmh3_25", project="mmh3",
    ),
]
# cwcwidth 0.1.12: wcwidth(3)/wcswidth(3) behind the C Cython 3.1.6
# wrote (setup.py cythonizes when Cython is there; the sdist's file is
# built): `str ... not None` arguments, PyUnicode_AsWideCharString, and
# answers that depend on the LC_CTYPE locale Py_Initialize sets. setup.py
# passes no flags (Py_LIMITED_API only with USE_LIMITED_API set).
MEMBERS += [
    Member(
        "cwcwidth", "0.1.12",
        "bfc16531d1246dd2558eb9b3a63aa37a9978672b956860dc5426da2343ebf366",
        "_impl", ["cwcwidth/_impl.c"], driver="cwcwidth",
    ),
]
# srsly 2.5.6's ujson: spaCy's fork of UltraJSON 1.35 (its own codecs,
# PyArg_ParseTupleAndKeywords flags, toDict()/__json__ objects, the
# datetime capsule), not the ujson 6 member. Only this extension of the
# sdist (the msgpack ones import srsly's Python modules); its build_ext
# adds -O2 -Wno-strict-prototypes -Wno-unused-function and links with
# -lstdc++ -lm.
MEMBERS += [
    Member(
        "srsly-ujson", "2.5.6",
        "8f7cbc9b24bf39ca17ee5cd50d9ebfe9adaa5f00b11457358c551730fe165160",
        "ujson",
        ["srsly/ujson/ujson.c", "srsly/ujson/objToJSON.c", "srsly/ujson/JSONtoObj.c",
         "srsly/ujson/lib/ultrajsonenc.c", "srsly/ujson/lib/ultrajsondec.c"],
        include_dirs=["srsly/ujson", "srsly/ujson/lib"],
        extra_compile_args=["-D_GNU_SOURCE", "-O2", "-Wno-strict-prototypes", "-Wno-unused-function"],
        extra_link_args=["-lstdc++", "-lm"], driver="srsly_ujson", project="srsly",
    ),
]
# cobs 1.2.2: Consistent Overhead Byte Stuffing, two METH_O functions
# over any buffer (str refused) and a PyErr_NewException error; the first
# of its two modules (cobsr's is built the same way). setup.py passes no
# flags.
MEMBERS += [
    Member(
        "cobs", "1.2.2",
        "dbdd5e32111d72786f83d0c269215dcd6ac629b1ac1962c6878221f3b2ca98da",
        "_cobs_ext", ["src/ext/_cobs_ext.c"], driver="cobs",
    ),
]
# jellyfish 0.9.0: string distances and phonetic codes in C; its init
# imports `unicodedata` for normalize("NFKD"). (0.8.2's extension parses
# its arguments with the Py_UNICODE "u#" unit, which the library does not
# have.) setup.py defines CJELLYFISH_PYTHON.
MEMBERS += [
    Member(
        "jellyfish", "0.9.0",
        "40c9a2ffd8bd3016f7611d424120442f627f56d518a106847dc93f0ead6ad79a",
        "cjellyfish",
        ["cjellyfish/jellyfishmodule.c", "cjellyfish/jaro.c", "cjellyfish/hamming.c",
         "cjellyfish/levenshtein.c", "cjellyfish/damerau_levenshtein.c", "cjellyfish/mra.c",
         "cjellyfish/soundex.c", "cjellyfish/metaphone.c", "cjellyfish/nysiis.c",
         "cjellyfish/porter.c"],
        defines=["CJELLYFISH_PYTHON=1"], driver="jellyfish",
    ),
]
# heatshrink2 0.15.0: the heatshrink LZSS library behind a C Cython 3.2.4
# module (the sdist's core.c, as setup.py builds it without Cython):
# `import numbers` and `import array` at init, `cdef class` Writer /
# Reader taking `array.array` buffers (cpython.array), a Python-level
# Encoder class, int argument checks. setup.py passes only the include
# directory.
MEMBERS += [
    Member(
        "heatshrink2", "0.15.0",
        "d57904c07414fdfd9ae33182d613bac754b0137479f47bf865ce267157fc6e18",
        "core",
        ["heatshrink2/core.c", "heatshrink2/_heatshrink/heatshrink_encoder.c",
         "heatshrink2/_heatshrink/heatshrink_decoder.c"],
        include_dirs=["heatshrink2/_heatshrink"], driver="heatshrink2",
    ),
]
# noise 1.2.2: Perlin and simplex noise for games and graphics, two
# Python-2-era modules (METH_VARARGS|METH_KEYWORDS floats and ints parsed
# with PyArg_ParseTupleAndKeywords); setup.py adds -funroll-loops.
MEMBERS += [
    Member(
        "noise-perlin", "1.2.2",
        "36036cdaca131ddd2ab4397fba649af7f074ec08031e1e0a51031d0ae23b509a",
        "_perlin", ["_perlin.c"], extra_compile_args=["-funroll-loops"], archive="zip",
        driver="noise_perlin", project="noise",
    ),
    Member(
        "noise-simplex", "1.2.2",
        "36036cdaca131ddd2ab4397fba649af7f074ec08031e1e0a51031d0ae23b509a",
        "_simplex", ["_simplex.c"], extra_compile_args=["-funroll-loops"], archive="zip",
        driver="noise_simplex", project="noise",
    ),
]
# polyleven 0.12.0: Levenshtein distance (the mbleven bound for small
# limits, Myers' bit-parallel algorithm otherwise) over str of every
# PyUnicode kind, read with PyUnicode_READ; setup.py passes no flags.
MEMBERS += [
    Member(
        "polyleven", "0.12.0",
        "678e92333ff3e68dd7219f8df0791e824a06be6b8ef502510d8f360e7010aaad",
        "polyleven", ["polyleven.c"], driver="polyleven",
    ),
]
# jump-consistent-hash 3.6.0: Google's jump consistent hash, one
# METH_VARARGS function over unsigned 64-bit keys (CMake's
# Python_add_library: no flags of its own).
MEMBERS += [
    Member(
        "jump-consistent-hash", "3.6.0",
        "3024ac318c453eddc9e1bbbe8e90ed7f7307f98461ab4091e3e4d0ef62343753",
        "_jump", ["src/jump/jump.c"], driver="jump",
    ),
]
# HLL 3.0.0: a HyperLogLog cardinality estimator, a static type with
# METH_VARARGS methods, pickling through __reduce__/__setstate__ over a
# bytes register file, and MurmurHash2 underneath.
MEMBERS += [
    Member(
        "HLL", "3.0.0",
        "9f17e21f1d41c5c6e50990b730e28a6baa9d06e6c62bb320c8e8d2a4f17634b9",
        "HLL", ["src/hll.c", "lib/murmur2.c"], include_dirs=["src", "lib"], driver="hll",
        sdist="hll-3.0.0.tar.gz",
    ),
]
# py-bcrypt 0.4: OpenBSD's bcrypt password hashing and bcrypt_pbkdf, with
# the GIL released around the key schedule; hashpw/gensalt/kdf/checkpw.
MEMBERS += [
    Member(
        "py-bcrypt", "0.4",
        "5fa13bce551468350d66c4883694850570f3da28d6866bb638ba44fe5eabda78",
        "_bcrypt",
        [f"bcrypt/{s}.c" for s in ("bcrypt", "bcrypt_pbkdf", "bcrypt_python", "blowfish", "sha2", "timingsafe_bcmp")],
        driver="pybcrypt", sdist="py-bcrypt-0.4.tar.gz",
    ),
]
# safe-pysha3 1.0.7: the SHA-3 and Keccak hashers of CPython 3.6's
# _sha3 module as a backport (hashlib-style objects: update, digest,
# hexdigest, copy, the shake variable-length digests).
MEMBERS += [
    Member(
        "safe-pysha3", "1.0.7",
        "0ac3406fbe37c3c961efb446f117deaf3049411d298a6e573cc4bae9732e19a1",
        "_pysha3", ["Modules/_sha3/sha3module.c", "Modules/pymemsets.c"],
        defines=["PY_WITH_KECCAK=1"], driver="pysha3",
    ),
]
# whirlpool 1.1.2: the Whirlpool hash (the NESSIE reference code
# #included by the glue), a hashlib-style type with update/digest/copy.
MEMBERS += [
    Member(
        "whirlpool", "1.1.2",
        "29262e58347060c83209a3a1773b42aa81da38b32e5a700a3755e821c2f9d31b",
        "whirlpool", ["whirlpool/pywhirlpool.c"], include_dirs=["lib"], driver="whirlpool",
    ),
]
# psutil 7.2.2's _psutil_linux (Linux only: the module each platform
# builds is its own): the limited API (Py_LIMITED_API=0x03060000, as its
# setup.py passes on Linux), OSError from errno with filenames and
# syscall names, Py_BuildValue over network interfaces, mounts and users,
# sched_getaffinity/ioprio/priority per pid, and sysinfo(2).
if sys.platform.startswith("linux"):
    MEMBERS += [
        Member(
            "psutil", "7.2.2",
            "0746f5f8d406af344fd547f1c8daa5f5c33dbc293bb8d6a16d80b4bb88f59372",
            "_psutil_linux",
            [f"psutil/arch/all/{s}.c" for s in ("errors", "init", "pids", "str")]
            + [f"psutil/arch/posix/{s}.c" for s in ("init", "net", "pids", "proc", "sysctl", "users")]
            + ["psutil/_psutil_linux.c"]
            + [f"psutil/arch/linux/{s}.c" for s in ("disk", "heap", "mem", "net", "proc")],
            defines=["PSUTIL_POSIX=1", "PSUTIL_SIZEOF_PID_T=4", "PSUTIL_VERSION=722",
                     "Py_LIMITED_API=0x03060000", "PSUTIL_LINUX=1"],
            driver="psutil",
        ),
    ]
# wrapt 1.17.2: transparent object proxies (ObjectProxy forwards every
# slot: number, sequence, mapping, rich comparison, hashing, attribute
# access, __wrapped__), CallableObjectProxy, FunctionWrapper calling a
# wrapper(wrapped, instance, args, kwargs), and PyFunction_Type checks.
# setup.py passes no flags. (2.x also imports wrapt.exceptions, Python
# code, when its module executes.)
MEMBERS += [
    Member(
        "wrapt", "1.17.2",
        "41388e9d4d1522446fe79d3213196bd9e3b301a336965b9e27ca2788ebd122f3",
        "_wrappers", ["src/wrapt/_wrappers.c"], driver="wrapt",
    ),
]
# zope.proxy 7.3: ProxyBase, a proxy type that forwards the number,
# sequence, mapping, comparison, iteration and attribute slots, its
# introspection functions, and a C API capsule; setup.py passes no flags.
MEMBERS += [
    Member(
        "zope.proxy", "7.3",
        "a2c00ff84d416b5008bbcdd7337eb800ade8bc083312e8b5e0ecd7d0c0d11cf6",
        "_zope_proxy_proxy", ["src/zope/proxy/_zope_proxy_proxy.c"], driver="zope_proxy",
    ),
]
# corpus8. deflate: libdeflate's one-shot DEFLATE / zlib / gzip codecs and
# checksums, built for the limited API as its abi3 wheels are (pyproject's
# wheel.py-api = "cp311"), with the bundled library's x86 and ARM feature
# probes (each compiles to nothing on the other architecture); and
# curve25519-donna, X25519 key agreement behind three "y#" functions of a
# single-phase module.
MEMBERS += [
    Member(
        "deflate", "0.9.0",
        "962e0a6f1ea3a94b900a8ea0ce138fa92bfcbafda5b86367104a259ffcd3462b",
        "_deflate",
        ["src/_deflate.c"]
        + [f"libdeflate/lib/{s}.c" for s in
           ("adler32", "crc32", "deflate_compress", "deflate_decompress", "gzip_compress",
            "gzip_decompress", "utils", "zlib_compress", "zlib_decompress")]
        + ["libdeflate/lib/x86/cpu_features.c", "libdeflate/lib/arm/cpu_features.c"],
        include_dirs=["libdeflate"], defines=["Py_LIMITED_API=0x030b0000"], driver="deflate",
    ),
    Member(
        "curve25519-donna", "1.3",
        "1818a9d5356a05c022cd504f44fe1d2f641a5c020f8a4c51b2294e02bd9c1bf0",
        "_curve25519", ["python-src/curve25519/curve25519module.c", "curve25519-donna.c"],
        driver="curve25519", sdist="curve25519-donna-1.3.tar.gz",
    ),
    # lazy-object-proxy's cext: a proxy type resolving a factory on first
    # use and forwarding every slot to its result.
    Member(
        "lazy-object-proxy", "1.13.0",
        "ce34046cb021d69c72d05ddb83821ecfd4d2d0a5d43a93c5cd01c9e34779cf14",
        "cext", ["src/lazy_object_proxy/cext.c"], include_dirs=["src/lazy_object_proxy"],
        driver="lazy_object_proxy",
    ),
    # pyskein's _skein: the Skein hash family and Threefish as static types
    # with keyword constructors, bit-length updates and pickling.
    Member(
        "pyskein", "1.0",
        "691d61880e535fad874478cad776c759667c55c0fd6fc614264be78aa021b1ea",
        "_skein", ["src/threefish.c", "src/_skeinmodule.c"], include_dirs=["src"],
        driver="skein",
    ),
    # py-radix's radix._radix: a radix tree of IPv4 / IPv6 prefixes with
    # "|zlz#" keyword methods, node objects with T_OBJECT members and a tree
    # iterator.
    Member(
        "py-radix", "1.1.0",
        "4abdb4e4969aaeef40eeb186bada2911462183788a6f445b971d18aa5d1af9be",
        "_radix", ["radix/_radix.c", "radix/_radix/radix.c"], include_dirs=["radix"],
        driver="radix",
    ),
    # Levenshtein_search: fuzzy word lookup over ternary search trees held in
    # C globals; returns None with the parse error set on bad arguments.
    Member(
        "Levenshtein_search", "1.4.6",
        "323eb087008ff6ed1fd56c8c0efbedc15ac6fd59966a693556a2f314cd4d02c7",
        "Levenshtein_search", ["Lev_search.c"], driver="levenshtein_search",
        sdist="Levenshtein_search-1.4.6.tar.gz",
    ),
    # pytricia: a patricia trie of IPv4 / IPv6 prefixes as a mapping type
    # (mp_subscript, sq_contains, tp_iter) with a key iterator and
    # ipaddress-object keys; 1.3.0.
    Member(
        "pytricia", "1.3.0",
        "1c3a3d6909e10d4c9c2f0fe4542a2481e109d29aab99cc027ca7fe93f8c8853f",
        "pytricia", ["pytricia.c", "patricia.c"], driver="pytricia",
    ),
    # groestlcoin_hash: Groestl-512 twice as one METH_VARARGS function
    # parsing "Sn" (a bytes object and how many of its bytes to hash).
    Member(
        "groestlcoin_hash", "1.0.3",
        "31a8f6fa4c19db5258c3c73c071b71702102c815ba862b6015d9e4b75ece231e",
        "groestlcoin_hash", ["groestlcoinmodule.c", "groestl.c"], driver="groestlcoin_hash",
    ),
    # cdifflib's _cdifflib: difflib.SequenceMatcher's hot loops in C, taking
    # the matcher object and reading and setting its attributes (b2j, isjunk,
    # autojunk, isbjunk) through PyObject_GetAttrString / SetAttrString.
    Member(
        "cdifflib", "1.2.9",
        "6286da08f72b7ddb5b40145dcb8f214ad913a86d72b1f62cc8d6cf7a92029590",
        "_cdifflib", ["_cdifflib.c", "_cdifflib3.c"], driver="cdifflib",
    ),
    # python-geohash 0.8.5's _geohash (C++, "for Windows support"; later
    # versions are PyO3): geohash and 64-bit-interleaved integer encodings
    # of coordinates, "dd" / "s" / "K" argument parsing and list, tuple and
    # float results from Py_BuildValue.
    Member(
        "python-geohash", "0.8.5",
        "05a21fcf4eda1a5eddbd291890ade23fc5ddaa6bb98f2ee23d2d384ed14f086d",
        "_geohash", ["src/geohash.cpp"], defines=["PYTHON_MODULE=1"], driver="geohash",
        sdist="python-geohash-0.8.5.tar.gz",
    ),
    # cbor 1.0.0's cbor._cbor: a CBOR codec over the whole int / float /
    # str / bytes / list / dict API, bignums through _PyLong-free shifts
    # and ors, file-like load / dump through .read / .write.
    Member(
        "cbor", "1.0.0",
        "13225a262ddf5615cbd9fd55a76a0d53069d18b07d2e9f19c39e6acb8609bbb6",
        "_cbor", ["c/cbormodule.c"], include_dirs=["c/"], driver="cbor",
    ),
    # fastcache's _lrucache: functools.lru_cache in C, a decorator type
    # whose cache objects hash (args, kwargs) into a HashedArgs type, keep a
    # circular list of static-type nodes, guard themselves with PyThread
    # locks when WITH_THREAD is defined, and build cache_info() with
    # collections.namedtuple.
    Member(
        "fastcache", "1.1.0",
        "6de1b16e70335b7bde266707eb401a3aaec220fb66c5d13b02abf0eab8be782b",
        "_lrucache", ["src/_lrucache.c"], driver="fastcache",
    ),
]
# probe7. tornado's speedups: websocket_mask, built for the limited API
# (setup.py's Py_LIMITED_API=0x030b0000, as its abi3 wheels are), a
# multi-phase module with one METH_VARARGS function parsing "s#s#".
MEMBERS += [
    Member(
        "tornado", "6.6.1",
        "28e6311402af59c8b02e3fa0f5e7d8eb465b25081381803b127d97e6a4395d5a",
        "speedups", ["tornado/speedups.c"], defines=["Py_LIMITED_API=0x030b0000"], driver="tornado",
    ),
]
# llist 0.7.1: singly and doubly linked lists as static GC types with
# weakly referenced owners (PyWeakref_NewRef / PyWeakref_GetObject), node
# types made by calling the type object, T_OBJECT_EX members, sequence
# slots and rich comparison; setup.py passes no flags.
MEMBERS += [
    Member(
        "llist", "0.7.1",
        "6f73a120136897a0bce61c202188f4f3891d9f70aa906d21fc1ee1cf43659eca",
        "llist", ["src/llist.c", "src/dllist.c", "src/sllist.c", "src/utils.c"], driver="llist",
    ),
]
# zope.hookable 8.4: a heap type from PyType_FromSpec (GC, base type)
# whose tp_getattro passes __doc__ through to the wrapped callable and
# synthesizes __bases__ / __dict__ before PyObject_GenericGetAttr; setup.py
# passes no flags.
MEMBERS += [
    Member(
        "zope.hookable", "8.4",
        "ca0ffaf3d3bbca83e90378395ab31bdf7c66bdf3ded4d788cc1c6451146a69ec",
        "_zope_hookable", ["src/zope/hookable/_zope_hookable.c"], driver="zope_hookable",
    ),
]
# zope.i18nmessageid 8.4: Message, a str subclass with six extra fields
# made by PyType_FromModuleAndSpec over (str,), built by calling
# PyUnicode_Type.tp_new for the subtype and freed through
# PyUnicode_Type.tp_dealloc; its mapping is wrapped in PyDictProxy_New.
MEMBERS += [
    Member(
        "zope.i18nmessageid", "8.4",
        "f6b36c3753b71bbe9228ebe44a2657726e88d2d5ee4396350dfd8c9fe6cfdec1",
        "_zope_i18nmessageid_message", ["src/zope/i18nmessageid/_zope_i18nmessageid_message.c"],
        driver="zope_i18nmessageid",
    ),
]
# httptools 0.9.0: its two Cython 3.3.0 modules, as setup.py builds them
# with the bundled parsers (CFLAGS: -O2 -DCYTHON_FREETHREADING_COMPATIBLE=1).
# httptools.parser.parser drives llhttp and calls back into a protocol
# object, with relative imports of the package's Python errors module
# (which the driver stands in for); httptools.parser.url_parser wraps
# http-parser's URL splitter in a freelist cdef class.
MEMBERS += [
    Member(
        "httptools", "0.9.0",
        "d484ebb7e3a3f3597b0f645fbd1b85633674ca808c1f5ba11c2caf7c66f5c8b6",
        "parser",
        ["httptools/parser/parser.c", "vendor/llhttp/src/api.c", "vendor/llhttp/src/http.c",
         "vendor/llhttp/src/llhttp.c"],
        include_dirs=["vendor/llhttp/include", "vendor/llhttp/src"],
        extra_compile_args=["-O2", "-DCYTHON_FREETHREADING_COMPATIBLE=1"], driver="httptools",
    ),
    Member(
        "httptools-url", "0.9.0",
        "d484ebb7e3a3f3597b0f645fbd1b85633674ca808c1f5ba11c2caf7c66f5c8b6",
        "url_parser", ["httptools/parser/url_parser.c", "vendor/http-parser/http_parser.c"],
        include_dirs=["vendor/http-parser"],
        extra_compile_args=["-O2", "-DCYTHON_FREETHREADING_COMPATIBLE=1"], driver="httptools_url",
        project="httptools",
    ),
]
# esmre 1.0.1's esm: a Cython 0.29.36 cdef class over the bundled
# Aho-Corasick index in C, holding arbitrary objects by raw pointer
# (Py_IncRef / Py_DecRef) and calling back into Cython for each match.
# setup.py's cythonize adds the .pxd's directory (src/esm) for its header.
MEMBERS += [
    Member(
        "esmre", "1.0.1",
        "4ec618d563ce1f9ecc43152c8de13756948e49d696b12707963f173d715ac952",
        "esm", ["src/esm.c", "src/esm/aho_corasick.c", "src/esm/ac_list.c"], include_dirs=["src/esm"],
        driver="esm",
    ),
]
# recordclass 0.24.1's _litelist: a mutable fixed-layout list type whose
# instances are PyObject_Malloc'd by the module and given their first
# reference with _Py_NewReference, with sequence and mapping (slice)
# slots, an iterator type that pickles through builtins.iter, and a
# module-level constructor; setup.py passes no flags.
MEMBERS += [
    Member(
        "recordclass", "0.24.1",
        "644476fe9117b48a872aebfc02b4ba420c2abdbfc88c0fc5c5bf767f230c12bd",
        "_litelist", ["lib/recordclass/_litelist.c"], driver="litelist",
    ),
]
# aiohttp 3.14.5's aiohttp._websocket.mask: the WebSocket frame mask as a
# Cython 3.2.5 cpdef function over (bytes, bytearray) arguments, mutating
# the bytearray in place; setup.py passes no flags (CYTHON_TRACE only when
# tracing is asked for).
MEMBERS += [
    Member(
        "aiohttp", "3.14.5",
        "5558a7f5a05af9ecf744af91e5baefc436f93c9333e656c27ec253f9a6bbe178",
        "mask", ["aiohttp/_websocket/mask.c"], driver="aiohttp_mask",
    ),
]
# udatetime 0.0.17's udatetime.rfc3339: RFC 3339 parsing and formatting
# over the datetime C API with its own static tzinfo subclass; setup.py
# passes -D_PYTHON3=1, -Ofast -std=c99 and links libm.
MEMBERS += [
    Member(
        "udatetime", "0.0.17",
        "b10bc5570699a438a72e2b5a64e76bd8c28ee3befd16f209387a5507fa0b8301",
        "rfc3339", ["src/rfc3339.c"], defines=["_PYTHON3=1"], std="-std=c99",
        extra_compile_args=["-Ofast"], extra_link_args=["-lm"], driver="udatetime",
    ),
]
# editdistance 0.8.1's editdistance.bycython: Cython 3.0.8 C++ cpdef
# functions hashing each item of any two sequences (len() and
# __getitem__) for Myers' bit-parallel Levenshtein distance in the bundled
# C++; pdm_build.py cythonizes with the .pyx's own distutils comments
# (language c++, the extra source) and no flags.
MEMBERS += [
    Member(
        "editdistance", "0.8.1",
        "d1cdf80a5d5014b0c9126a69a42ce55a457b457f6986ff69ca98e4fe4d2d8fed",
        "bycython", ["src/editdistance/bycython.cpp", "src/editdistance/_editdistance.cpp"],
        driver="editdistance",
    ),
]
# persistent 6.9's persistent._timestamp: ZODB's TimeStamp, a static
# type the module never readies (it only sets the type's type and
# tp_getattro at init), with rich comparison, hashing, a bytes repr and
# gmtime-based offsets; setup.py passes no flags.
MEMBERS += [
    Member(
        "persistent", "6.9",
        "85727c3d638ff8830878abf816acfaa8c288a3b372ab77ba482367eba970e2b2",
        "_timestamp", ["src/persistent/_timestamp.c"], driver="timestamp",
    ),
]
# dulwich 0.21.7's three C speedups (later dulwich moved them to Rust):
# _objects (tree parsing and sorting, calling back into dulwich.objects),
# _pack (apply_delta and bisect_find_sha over raw bytes) and _diff_tree
# (_tree_changes and _count_blocks, importing dulwich.objects and
# dulwich.diff_tree at init). setup.py passes no flags.
MEMBERS += [
    Member(
        "dulwich-objects", "0.21.7",
        "a9e9c66833cea580c3ac12927e4b9711985d76afca98da971405d414de60e968",
        "_objects", ["dulwich/_objects.c"], driver="dulwich_objects", project="dulwich",
    ),
    Member(
        "dulwich-pack", "0.21.7",
        "a9e9c66833cea580c3ac12927e4b9711985d76afca98da971405d414de60e968",
        "_pack", ["dulwich/_pack.c"], driver="dulwich_pack", project="dulwich",
    ),
    Member(
        "dulwich-diff-tree", "0.21.7",
        "a9e9c66833cea580c3ac12927e4b9711985d76afca98da971405d414de60e968",
        "_diff_tree", ["dulwich/_diff_tree.c"], driver="dulwich_diff_tree", project="dulwich",
    ),
]
# wsaccel 0.6.7: WebSocket helpers from Cython 3.0.11-generated C shipped
# in the sdist: a UTF-8 validator cdef class over a DFA header and an XOR
# masker. setup.py passes no flags.
MEMBERS += [
    Member(
        "wsaccel-utf8validator", "0.6.7",
        "aea79ba46b1a3792dbd1fe364aeb8a10128659c67057770c5c320d1f58588a8c",
        "utf8validator", ["wsaccel/utf8validator.c"], driver="wsaccel_utf8validator",
        project="wsaccel",
    ),
    Member(
        "wsaccel-xormask", "0.6.7",
        "aea79ba46b1a3792dbd1fe364aeb8a10128659c67057770c5c320d1f58588a8c",
        "xormask", ["wsaccel/xormask.c"], driver="wsaccel_xormask", project="wsaccel",
    ),
]
# pyxDamerauLevenshtein 1.9.0: Damerau-Levenshtein distances from a
# Cython 3.1.4 module shipped as C (setup.py cythonizes the .pyx when
# Cython is present; the sdist's .c is what it would produce).
MEMBERS += [
    Member(
        "pyxDamerauLevenshtein", "1.9.0",
        "50c84b1b7272c4f1dcee732d6b1713f4871921c99e4cf80e722c65928ca94ce1",
        "_initialize", ["pyxdameraulevenshtein/_initialize.c"], driver="pyxdameraulevenshtein",
        sdist="pyxDamerauLevenshtein-1.9.0.tar.gz",
    ),
]
# python-rapidjson 1.20: the rapidjson module, C++ over the bundled
# RapidJSON headers. setup.py defines the version macros, adds the include
# directory and, with g++, -pedantic -Wno-long-long -std=c++11. Its init
# imports datetime, decimal (Decimal) and uuid (UUID).
MEMBERS += [
    Member(
        "python-rapidjson", "1.20",
        "115f08c86d2df7543c02605e77c84727cdabc4b08310d2f097e953efeaaa73eb",
        "rapidjson", ["rapidjson.cpp"], include_dirs=["rapidjson/include"],
        defines=["PYTHON_RAPIDJSON_VERSION=1.20", "RAPIDJSON_EXACT_VERSION=v1.1.0-752-gab1842a2"],
        extra_compile_args=["-pedantic", "-Wno-long-long", "-std=c++11"], driver="rapidjson",
    ),
]
# unicodedata2 15.1.0: CPython's unicodedata module with Unicode 15.1's
# tables, its Argument Clinic glue included. setup.py adds the package
# directory to the include path and passes nothing else.
MEMBERS += [
    Member(
        "unicodedata2", "15.1.0",
        "cb30f189ad66482f8529a45da71b2a8841e9bd2bb376cc2933003a4a55a07648",
        "unicodedata2", ["unicodedata2/unicodedata.c", "unicodedata2/unicodectype.c"],
        include_dirs=["unicodedata2"], driver="unicodedata2",
    ),
]
# pendulum 2.1.2's C helpers (pendulum 3 moved them to Rust): _helpers
# (calendar arithmetic and a fixed-offset tzinfo type over the datetime C
# API) and _iso8601 (an ISO 8601 parser making datetimes, dates, times and
# its own Duration type). build.py passes no flags.
MEMBERS += [
    Member(
        "pendulum-helpers", "2.1.2",
        "b06a0ca1bfe41c990bbf0c029f0b6501a7f2ec4e38bfec730712015e8860f207",
        "_helpers", ["pendulum/_extensions/_helpers.c"], driver="pendulum_helpers", project="pendulum",
    ),
    Member(
        "pendulum-iso8601", "2.1.2",
        "b06a0ca1bfe41c990bbf0c029f0b6501a7f2ec4e38bfec730712015e8860f207",
        "_iso8601", ["pendulum/parsing/_iso8601.c"], driver="pendulum_iso8601", project="pendulum",
    ),
]
# netifaces 0.11.0: network interface addresses from getifaddrs and a
# netlink route dump. setup.py probes the platform with test compiles; the
# defines are what it finds on glibc Linux (its results, in its order).
MEMBERS += [
    Member(
        "netifaces", "0.11.0",
        "043a79146eb2907edf439899f262b3dfe41717d34124298ed281139a8b93ca32",
        "netifaces", ["netifaces.c"],
        defines=[
            "NETIFACES_VERSION=0.11.0", "HAVE_GETIFADDRS=1", "HAVE_GETNAMEINFO=1", "HAVE_NETASH_ASH_H=1",
            "HAVE_NETATALK_AT_H=1", "HAVE_NETAX25_AX25_H=1", "HAVE_NETECONET_EC_H=1", "HAVE_NETIPX_IPX_H=1",
            "HAVE_NETPACKET_PACKET_H=1", "HAVE_NETROSE_ROSE_H=1", "HAVE_LINUX_ATM_H=1", "HAVE_LINUX_LLC_H=1",
            "HAVE_LINUX_TIPC_H=1", "HAVE_SOCKADDR_AT=1", "HAVE_SOCKADDR_AX25=1", "HAVE_SOCKADDR_IN=1",
            "HAVE_SOCKADDR_IN6=1", "HAVE_SOCKADDR_IPX=1", "HAVE_SOCKADDR_UN=1", "HAVE_SOCKADDR_ROSE=1",
            "HAVE_SOCKADDR_ASH=1", "HAVE_SOCKADDR_EC=1", "HAVE_SOCKADDR_LL=1", "HAVE_SOCKADDR_ATMPVC=1",
            "HAVE_SOCKADDR_ATMSVC=1", "HAVE_SOCKADDR_LLC=1", "HAVE_PF_NETLINK=1",
        ],
        driver="netifaces",
    ),
]
# Sdists that ship only .pyx sources, cythonized here as their setup.py
# cythonizes them (with the directives it passes), by a pinned Cython.
# yarl 1.25.1's _quoting_c (Cython 3.1): the percent-quoter and unquoter
# behind every yarl.URL, cdef classes with C buffers grown by
# PyMem_Realloc, str building through PyUnicodeWriter-style code,
# `from string import ascii_letters, digits` at module level.
# murmurhash 1.0.16's mrmr (C++, spaCy's hashing): MurmurHash2/3 over
# bytes and str, and cdef functions exported as capsules.
# frozenlist 1.8.0's _frozenlist (C++: an atomic flag): a list that can be
# frozen, importing copy, types and collections.abc at module level.
# pyroaring 1.2.0 (C++ over CRoaring's amalgamation, which setup.py builds
# as a separate C11 library): cdef class hierarchies, typed memoryviews
# over array.array through `cimport cpython.array`, uint32/uint64
# conversions.
MEMBERS += [
    Member(
        "yarl-quoting", "1.25.1",
        "03dd38de09bc213e9a8b29761eec33ee1d5318dac0e49d8af36e4d27830e23a7",
        "_quoting_c", ["yarl/_quoting_c.pyx"], driver="yarl_quoting", project="yarl",
        cython="3.1.6",
        cython_args=["-X", "embedsignature=True", "-X", "emit_code_comments=True",
                     "-X", "freethreading_compatible=True"],
    ),
    Member(
        "murmurhash", "1.0.16",
        "09794ace87d87d4adbefe6c614a31ecc5cc65ef815a5c61a02bf3055150bdbbf",
        "mrmr", ["murmurhash/mrmr.pyx", "murmurhash/MurmurHash2.cpp", "murmurhash/MurmurHash3.cpp"],
        include_dirs=["murmurhash/include"], driver="murmurhash",
        cython="3.1.6", cython_args=["--cplus"],
    ),
    Member(
        "frozenlist", "1.8.0",
        "3ede829ed8d842f6cd48fc7081d7a41001a56f1f38603f9d49bf3020d59a31ad",
        "_frozenlist", ["frozenlist/_frozenlist.pyx"], driver="frozenlist",
        cython="3.1.6", cython_args=["--cplus"],
    ),
    Member(
        "pyroaring", "1.2.0",
        "e33bf8fc8d8aad7373f62147cb5dbfaf0fdcf19af8069d034cd8ef4fb41a78af",
        "pyroaring", ["pyroaring/pyroaring.pyx", "pyroaring/roaring.c"], include_dirs=["pyroaring"],
        std="-std=c11", cxx_std="-std=c++11",
        extra_compile_args=["-D__STDC_LIMIT_MACROS", "-D__STDC_CONSTANT_MACROS", "-D_GLIBCXX_ASSERTIONS", "-O3"],
        driver="pyroaring", cython="3.1.6", cython_args=["--cplus", "-I", "pyroaring"],
    ),
]

# pybind11 extensions: the sdist holds the C++ and its setup.py adds
# pybind11's include directory (any pybind11; pinned here).
MEMBERS += [
    # pylcs 0.1.1: longest common subsequence / substring and edit distance
    # over UTF-8 strings, bound with pybind11 (overloads on the same name,
    # std::vector and std::unordered_map arguments and results, a weight
    # dict<str, dict<str, float>>). setup.py: -std=c++14 (its has_flag
    # probe's first choice), -fvisibility=hidden, VERSION_INFO.
    Member(
        "pylcs", "0.1.1",
        "632c69235d77cda0ba524d82796878801d2f46131fc59e730c98767fc4ce1307",
        "_pylcs", ["src/main.cpp"], cxx_std="-std=c++14",
        extra_compile_args=["-fvisibility=hidden"], defines=['VERSION_INFO="0.1.1"'],
        driver="pylcs", pybind11="2.13.6",
    ),
]

# PyO3 (Rust) extensions, built by cargo as maturin builds them. A build
# that is not abi3 has PyO3's ffi read CPython 3.11's object layouts
# directly; an abi3 one calls only the stable ABI. Either way the one .so
# runs unchanged under libpython3.11 and libpybuffer.
# blake3 1.0.11 (blake3-py, PyO3 0.29): the official BLAKE3 vectors, typed
# buffers, PyO3's argument parsing and errors, rayon pools with the GIL
# released, update_mmap over os.fspath paths.
MEMBERS += [
    Member(
        "blake3", "1.0.11",
        "d73c0a87304d41045f6753a922113bede3ab09eda2d20371566a5bbe357c3deb",
        "blake3", [], cargo=True,
    ),
]
# bcrypt 4.3.0 (pyca/bcrypt, PyO3 0.23 with its "abi3" feature): a limited
# API build, so PyO3 goes through the stable ABI's functions (PyType_GetSlot,
# PyType_GetFlags, _Py_IncRef / _Py_DecRef, PyBytes_AsString, ...) rather
# than reading struct layouts. setuptools-rust builds the crate in
# src/_bcrypt (lib bcrypt_rust, module bcrypt._bcrypt).
MEMBERS += [
    Member(
        "bcrypt", "4.3.0",
        "3a3fd2204178b6d2adcf09cb4f6426ffef54762577a7c9b54c159008cb288c18",
        "_bcrypt", [], cargo=True, cargo_dir="src/_bcrypt", cargo_lib="bcrypt_rust", driver="bcrypt",
    ),
]

# cffi 1.17.1's _cffi_backend: cffi's own extension (about 10k lines over
# the system libffi), the runtime of every cffi module. setup.py defines
# FFI_BUILDING and, as its compile and link probes find on any recent
# gcc, USE__THREAD and HAVE_SYNC_SYNCHRONIZE; it adds libffi's usual
# include directories and links -lffi (pkg-config adds nothing more for
# the system libffi).
MEMBERS += [
    Member(
        "cffi", "1.17.1",
        "1c39c6016c32bc48dd54561950ebd6836e1670f2ae46128f67cf49e789c52824",
        "_cffi_backend", ["src/c/_cffi_backend.c"], include_dirs=["/usr/include/ffi", "/usr/include/libffi"],
        defines=["FFI_BUILDING=1", "USE__THREAD", "HAVE_SYNC_SYNCHRONIZE"], extra_link_args=["-lffi"],
        driver="cffi_backend",
    ),
]
# argon2-cffi-bindings 21.2.0's _ffi: a cffi out-of-line API-mode module
# over the bundled libargon2, its C written by _ffi_build.py (the
# set_source / cdef of the sdist) under cffi 1.17.1; on x86 the build
# picks the SSE2 core (opt.c, -msse2), elsewhere the portable one.
MEMBERS += [
    Member(
        "argon2-cffi-bindings", "21.2.0",
        "bb89ceffa6c791807d1305ceb77dbfacc5aa499891d2c55661c6459651fc39e3",
        "_ffi", [f"extras/libargon2/src/{f}.c" for f in
                 ("argon2", "blake2/blake2b", "core", "encoding", "opt" if X86 else "ref", "thread")],
        include_dirs=["extras/libargon2/include"], extra_compile_args=["-msse2"] if X86 else [],
        sdist="argon2-cffi-bindings-21.2.0.tar.gz", driver="argon2_cffi_bindings",
        cffi_module="src/_argon2_cffi_bindings/_ffi_build.py:ffi", cffi="1.17.1", pycparser="2.22",
    ),
]
# Hashes, checksums and compressors (corpus8): crcmod-plus, crcmod's
# maintained fork, the same module built for the limited API (its
# setup.py's define on CPython 3.11+, as its abi3 wheels); zopflipy, whose
# setup.py compiles every .c / .cc / .cpp under zopfli/ (listed here).
MEMBERS += [
    Member(
        "crcmod-plus", "2.3.6",
        "d18de4d8f00a1db9747a104daa13b1164ef82e5bd684dedd9d03ecbca52c5af0",
        "_crcfunext", ["lib/_crcfunext.c"], defines=["Py_LIMITED_API=0x030b0000"], driver="crcmod_plus",
    ),
    # zopflipy: zopfli and ZopfliPNG as static types; its compressors
    # gather input in an io.BytesIO read back through getbuffer().
    Member(
        "zopflipy", "1.11",
        "d8778087a66df69f32d357630599f0c890343b960d30100284cbc635e81495b0",
        "_zopfli",
        ["zopfli/_zopfli/_zopflimodule.c", "zopfli/_zopfli/zopflipng.cpp"]
        + [f"zopfli/_zopfli/zopfli/src/zopfli/{s}.c" for s in
           ("blocksplitter", "cache", "deflate", "gzip_container", "hash", "katajainen", "lz77", "squeeze",
            "tree", "util", "zlib_container", "zopfli_lib")]
        + [f"zopfli/_zopfli/zopfli/src/zopflipng/{s}" for s in
           ("lodepng/lodepng.cpp", "lodepng/lodepng_util.cpp", "zopflipng_lib.cc")],
        include_dirs=["zopfli/_zopfli/zopfli/src"], driver="zopflipy",
    ),
]
# Round 5: hashes and a charset detector users bring. clickhouse-cityhash
# 1.0.2.4: CityHash 1.0.2 (ClickHouse's checksums) behind the .cpp that
# Cython 0.25.2 wrote, shipped in the sdist and compiled by its setup.py
# when Cython is absent (`cpdef` functions with uint64 defaults, 128-bit
# results built with Python-level `*` and `+`). faust-cchardet 2.1.19:
# uchardet (C++) behind the .cpp that Cython 3.0.0 wrote from its .pyx
# (the sdist ships it; its setup.py adds every uchardet .cpp and the
# language models).
MEMBERS += [
    Member(
        "clickhouse-cityhash", "1.0.2.4",
        "7b3125d7d0aa13c2cc4e7583a965a6bfb0aa96a12131475b442552bacb55f4f8",
        "cityhash", ["src/city.cc", "src/cityhash.cpp"], include_dirs=["include"],
        extra_compile_args=["-O3", "-Wno-unused-value", "-Wno-unused-function"], driver="clickhouse_cityhash",
    ),
    Member(
        "faust-cchardet", "2.1.19",
        "f89386297cde0c8e0f5e21464bc2d6d0e4a4fc1b1d77cdb238ca24d740d872e0",
        "_cchardet",
        ["src/cchardet/_cchardet.cpp"]
        + [f"src/ext/uchardet/src/{s}.cpp" for s in (
            "CharDistribution", "JpCntx", "nsBig5Prober", "nsCharSetProber", "nsEUCJPProber", "nsEUCKRProber",
            "nsEUCTWProber", "nsEscCharsetProber", "nsEscSM", "nsGB2312Prober", "nsHebrewProber",
            "nsLatin1Prober", "nsMBCSGroupProber", "nsMBCSSM", "nsSBCSGroupProber", "nsSBCharSetProber",
            "nsSJISProber", "nsUTF8Prober", "nsUniversalDetector", "uchardet")]
        + [f"src/ext/uchardet/src/LangModels/Lang{s}Model.cpp" for s in (
            "Arabic", "Bulgarian", "Croatian", "Czech", "Danish", "Esperanto", "Estonian", "Finnish", "French",
            "German", "Greek", "Hebrew", "Hungarian", "Irish", "Italian", "Latvian", "Lithuanian", "Maltese",
            "Polish", "Portuguese", "Romanian", "Russian", "Slovak", "Slovene", "Spanish", "Swedish", "Thai",
            "Turkish", "Vietnamese")],
        include_dirs=["src/ext/uchardet/src"], extra_link_args=["-lstdc++"], driver="cchardet",
    ),
]
# zope.interface 7.2's C optimizations: SpecificationBase, InterfaceBase
# (rich comparison and hashing by name and module, adaptation through
# providedBy and the module's adapter_hooks), LookupBase and
# VerifyingBase (the adapter registry's caches) and providedBy /
# implementedBy / getObjectSpecification, as heap types of a multi-phase
# module with module state (PyType_GetModuleByDef); setup.py passes no
# flags.
MEMBERS += [
    Member(
        "zope.interface", "7.2",
        "8b49f1a3d1ee4cdaf5b32d2e738362c7f5e40ac8b46dd7d1a65e82a4872728fe",
        "_zope_interface_coptimizations", ["src/zope/interface/_zope_interface_coptimizations.c"],
        driver="zope_interface",
    ),
]
# BTrees 6.1's _OOBTree (ZODB's persistent B-trees with object keys and
# values: buckets, trees, sets and tree sets as static types whose base
# is persistent's Persistent, reached through the C API capsule
# `persistent.cPersistence.CAPI`). persistent's cPersistence comes first:
# the BTrees driver loads its build from the same output directory, as an
# importer would have imported persistent before BTrees.
MEMBERS += [
    Member(
        "persistent-cpersistence", "6.9",
        "85727c3d638ff8830878abf816acfaa8c288a3b372ab77ba482367eba970e2b2",
        "cPersistence", ["src/persistent/cPersistence.c", "src/persistent/ring.c"],
        driver="cpersistence", project="persistent",
    ),
    Member(
        "BTrees-OO", "6.1",
        "e18746f8641869a20f45328c9b5f97dc6c71a1195960356aef63b75f5c8d445f",
        "_OOBTree", ["src/BTrees/_OOBTree.c"], include_dirs=["include/persistent"],
        driver="btrees_oo", project="BTrees",
    ),
    # The same sdist's _IIBTree: 32-bit signed int keys and values (C
    # ints in the nodes, with BTrees' own range and type checks), and
    # the integer families' byValue, weighted unions / intersections and
    # multiunion; setup.py defines EXCLUDE_INTSET_SUPPORT for every
    # family whose keys are not objects.
    Member(
        "BTrees-II", "6.1",
        "e18746f8641869a20f45328c9b5f97dc6c71a1195960356aef63b75f5c8d445f",
        "_IIBTree", ["src/BTrees/_IIBTree.c"], include_dirs=["include/persistent"],
        defines=["EXCLUDE_INTSET_SUPPORT"], driver="btrees_ii", project="BTrees",
    ),
]
# brotlicffi 1.1.0.0: brotli through cffi (an out-of-line API-mode module
# that its _build.py has cffi 1.17.1 write), with the bundled libbrotli
# its setup.py compiles (every .c under libbrotli/c but fuzz/ and tools/).
MEMBERS += [
    Member(
        "brotlicffi", "1.1.0.0",
        "b77827a689905143f87915310b93b273ab17888fd43ef350d4832c4a71083c13",
        "_brotlicffi",
        [f"libbrotli/c/common/{s}.c" for s in
         ("constants", "context", "dictionary", "platform", "shared_dictionary", "transform")]
        + [f"libbrotli/c/dec/{s}.c" for s in ("bit_reader", "decode", "huffman", "state")]
        + [f"libbrotli/c/enc/{s}.c" for s in (
            "backward_references", "backward_references_hq", "bit_cost", "block_splitter", "brotli_bit_stream",
            "cluster", "command", "compound_dictionary", "compress_fragment", "compress_fragment_two_pass",
            "dictionary_hash", "encode", "encoder_dict", "entropy_encode", "fast_log", "histogram",
            "literal_cost", "memory", "metablock", "static_dict", "utf8_util")],
        include_dirs=["libbrotli/c/include", "libbrotli/c/common", "libbrotli/c", "src/brotlicffi"],
        driver="brotlicffi",
        cffi_module="src/brotlicffi/_build.py:ffi", cffi="1.17.1", pycparser="2.22",
    ),
]
BY_NAME = {m.name: m for m in MEMBERS}

# What setuptools passes on this platform besides the member's own flags
# (sysconfig's CFLAGS minus optimisation/debug noise, plus -fPIC).
BASE_CFLAGS = ["-fPIC", "-DNDEBUG", "-fwrapv", "-O2", "-w"]


class Skip(Exception):
    pass


def cache_dir():
    env = os.environ.get("PYBUFFER_CORPUS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pybuffer-corpus"


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sdist_path(member):
    return cache_dir() / "sdists" / member.sdist_file


def src_dir(member):
    return cache_dir() / "src" / member.sdist_stem


def index_url():
    """The package index pip would use (its Simple API, PEP 503/691)."""
    return (os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple").rstrip("/")


def download_direct(member, dest):
    """Downloads the member's sdist straight from the index: the file of the
    project's listing (PEP 691 JSON) whose sha256 is the pinned one. Unlike
    ``pip download --no-binary :all:``, this builds nothing (pip prepares
    each sdist's metadata, which builds setuptools from source first: a
    minute and more per member on an empty cache)."""
    project = member.pypi_name.lower().replace("_", "-").replace(".", "-")
    req = urllib.request.Request(f"{index_url()}/{project}/",
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        listing = json.load(r)
    for f in listing.get("files", []):
        if f.get("hashes", {}).get("sha256") == member.sha256:
            url = urllib.parse.urljoin(f"{index_url()}/{project}/", f["url"])
            with urllib.request.urlopen(url, timeout=120) as r, open(dest, "wb") as out:
                shutil.copyfileobj(r, out)
            return
    raise RuntimeError(f"{member.sdist_file}: no file with the pinned sha256 in the index")


def download_with_pip(members, tmp):
    """The fallback: ``pip download`` of the members (hash-checked), into tmp/dl."""
    req = Path(tmp) / "requirements.txt"
    req.write_text("".join(f"{m.pypi_name}=={m.version} --hash=sha256:{m.sha256}\n" for m in members))
    dest = Path(tmp) / "dl"
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
           "--no-binary", ":all:", "--no-deps", "--require-hashes", "-r", str(req), "-d", str(dest)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip("pip download failed (is PyPI reachable?): " + (r.stderr.strip().splitlines() or ["?"])[-1])
    return dest


def fetch():
    sdists = cache_dir() / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    # One download per sdist, however many members it gives.
    sdists_needed = {m.sdist_file: m for m in MEMBERS}.values()
    missing = [m for m in sdists_needed if not (sdist_path(m).exists() and sha256_of(sdist_path(m)) == m.sha256)]
    if missing:
        with tempfile.TemporaryDirectory() as tmp:
            def direct(m):
                got = Path(tmp) / m.sdist_file
                try:
                    download_direct(m, got)
                except Exception:  # noqa: BLE001 -- any failure falls back to pip
                    return m
                return None
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                left = [m for m in pool.map(direct, missing) if m is not None]
            got_dir = {m.sdist_file: Path(tmp) for m in missing if m not in left}
            if left:
                dl = download_with_pip(left, tmp)
                got_dir.update({m.sdist_file: dl for m in left})
            for m in missing:
                got = got_dir[m.sdist_file] / m.sdist_file
                if not got.exists():
                    raise RuntimeError(f"the download did not produce {got.name}")
                digest = sha256_of(got)
                if digest != m.sha256:
                    raise RuntimeError(f"{got.name}: sha256 {digest}, expected {m.sha256}")
                shutil.move(str(got), sdist_path(m))
    for m in MEMBERS:
        target = src_dir(m)
        if (target / ".unpacked").exists():
            continue
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            unpack(sdist_path(m), Path(tmp))
            (top,) = Path(tmp).iterdir()  # an sdist holds one top-level directory
            top.rename(target)
        (target / ".unpacked").write_text(m.sha256 + "\n")
    for version in sorted({m.cython for m in MEMBERS if m.cython}):
        cython_exe(version)
    for version in sorted({m.pybind11 for m in MEMBERS if m.pybind11}):
        pybind11_include(version)
    for m in MEMBERS:
        if m.cargo and not cargo_so(m).exists():
            cargo_fetch(m)
    for versions in sorted({(m.cffi, m.pycparser) for m in MEMBERS if m.cffi}):
        cffi_python(*versions)


def unpack(archive, dest):
    if archive.name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(archive) as z:
            for info in z.infolist():
                # The same guard tarfile's "data" filter gives: no absolute
                # paths, nothing outside dest.
                target = (dest / info.filename).resolve()
                if not target.is_relative_to(dest.resolve()):
                    raise RuntimeError(f"{archive.name}: {info.filename} escapes the archive")
            z.extractall(dest)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")


def is_cxx(rel):
    return Path(rel).suffix in (".cc", ".cpp", ".cxx")


def cython_exe(version):
    """The `cython` of Cython `version`, installed once into a virtualenv in
    the cache (scripts/c-tests.sh's Cython matrix shares these). Skip when
    it cannot be installed (no network)."""
    venv = cache_dir() / "cython" / version
    exe = venv / "bin" / "cython"
    if exe.exists():
        return exe
    shutil.rmtree(venv, ignore_errors=True)  # a partial one, from an install cut short
    venv.parent.mkdir(parents=True, exist_ok=True)
    for step in ([sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                  f"cython=={version}"]):
        r = subprocess.run(step, capture_output=True, text=True)
        if r.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            last = (r.stderr.strip().splitlines() or ["no output"])[-1]
            raise Skip(f"cannot install Cython {version}: {last[:100]}")
    return exe


# pybind11 releases the pybind11 feature module (crates/capi/tests/pybind11)
# builds against: the wheel's sha256 on PyPI. The wheel is used for its
# headers only (pybind11 is header-only).
PYBIND11_WHEELS = {
    "2.13.6": "237c41e29157b962835d356b370ededd57594a26d5894a795960f0047cb5caf5",
}


def pybind11_include(version):
    """The include directory of pybind11 `version`'s headers, from its pinned
    wheel (see `fetch_wheel`). Skip when it cannot be fetched (no network)."""
    sha = PYBIND11_WHEELS.get(version)
    if sha is None:
        raise RuntimeError(f"pybind11 {version} is not pinned (known: {', '.join(PYBIND11_WHEELS)})")
    return fetch_wheel("pybind11", version, f"pybind11-{version}-py3-none-any.whl", sha) / "pybind11" / "include"


# Binary wheels for CPython 3.11 on x86-64 Linux, as `pip install` picks
# them, which __test__/wheels.test.ts loads unchanged (no build at all):
# name -> (PyPI project, version, wheel file, its sha256 on PyPI).
BINARY_WHEELS = {
    "xxhash": ("xxhash", "3.5.0", "xxhash-3.5.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
               "89997aa1c4b6a5b1e5b588979d1da048a3c6f15e55c11d117a56b75c84531f5a"),
    "mmh3": ("mmh3", "5.1.0",
             "mmh3-5.1.0-cp311-cp311-manylinux_2_5_x86_64.manylinux1_x86_64.manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
             "e9c8eddcb441abddeb419c16c56fd74b3e2df9e57f7aa2903221996718435c7a"),
    "lz4": ("lz4", "4.3.3", "lz4-4.3.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "0e9c410b11a31dbdc94c05ac3c480cb4b222460faf9231f12538d0074e56c563"),
    "zstandard": ("zstandard", "0.23.0",
                  "zstandard-0.23.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                  "fd30d9c67d13d891f2360b2a120186729c111238ac63b43dbd37a5a40670b8ca"),
}


def fetch_wheel(project, version, name, sha):
    """The directory `project`'s wheel file `name` (pinned by `sha`) unpacks
    to, downloaded (once; direct from the index, else pip) and unpacked
    into the cache. Skip when it cannot be fetched (no network)."""
    root = cache_dir() / "wheel-trees" / name.removesuffix(".whl")
    if (root / ".unpacked").exists():
        return root
    wheel = cache_dir() / "wheels" / name
    wheel.parent.mkdir(parents=True, exist_ok=True)
    if not (wheel.exists() and sha256_of(wheel) == sha):
        with tempfile.TemporaryDirectory() as tmp:
            got = Path(tmp) / name
            try:
                download_direct(argparse.Namespace(pypi_name=project, sha256=sha, sdist_file=name), got)
            except Exception:  # noqa: BLE001 -- any failure falls back to pip
                req = Path(tmp) / "requirements.txt"
                req.write_text(f"{project}=={version} --hash=sha256:{sha}\n")
                r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet",
                                    "--disable-pip-version-check", "--only-binary", ":all:", "--no-deps",
                                    "--require-hashes", "-r", str(req), "-d", tmp],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    raise Skip(f"pip download of {project} failed (is PyPI reachable?): "
                               + (r.stderr.strip().splitlines() or ["?"])[-1]) from None
            digest = sha256_of(got)
            if digest != sha:
                raise RuntimeError(f"{name}: sha256 {digest}, expected {sha}")
            shutil.move(str(got), wheel)
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent) as tmp:
        unpack(wheel, Path(tmp) / "wheel")
        (Path(tmp) / "wheel").rename(root)
    (root / ".unpacked").write_text(sha + "\n")
    return root


def cffi_python(cffi, pycparser):
    """The `python` of a virtualenv in the cache holding cffi `cffi` and
    pycparser `pycparser`, installed once. Skip when they cannot be
    installed (no network)."""
    venv = cache_dir() / "cffi" / f"{cffi}-pycparser-{pycparser}"
    exe = venv / "bin" / "python"
    if (venv / ".installed").exists():
        return exe
    shutil.rmtree(venv, ignore_errors=True)  # a partial one, from an install cut short
    venv.parent.mkdir(parents=True, exist_ok=True)
    for step in ([sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                  f"cffi=={cffi}", f"pycparser=={pycparser}"]):
        r = subprocess.run(step, capture_output=True, text=True)
        if r.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            last = (r.stderr.strip().splitlines() or ["no output"])[-1]
            raise Skip(f"cannot install cffi {cffi}: {last[:100]}")
    (venv / ".installed").write_text("")
    return exe


# Runs a cffi builder as setup.py's cffi_modules does (its directory on
# sys.path, the sdist's directory current) and writes its FFI object's C.
CFFI_EMIT = """
import runpy, sys
path, name, out = sys.argv[1:]
sys.path.insert(0, __import__("os").path.dirname(path))
ffi = runpy.run_path(path, run_name="__cffi__")[name]
ffi.emit_c_code(out)
"""


def cffi_source(member):
    """The C that cffi's builder writes for `member` (its `cffi_module`),
    generated once into the cache; returned as (path, name for the
    object)."""
    path, _, name = member.cffi_module.partition(":")
    key = hashlib.sha256(shlex.join([member.cffi, member.pycparser, member.cffi_module, member.sha256])
                         .encode()).hexdigest()[:16]
    out = cache_dir() / "obj" / member.sdist_stem / f"cffi-{key}" / f"{member.module}.c"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f"{out.stem}.{os.getpid()}.tmp.c")
        r = subprocess.run([str(cffi_python(member.cffi, member.pycparser)), "-c", CFFI_EMIT, path, name or "ffi",
                            str(partial)], cwd=src_dir(member), capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout + r.stderr)
            raise RuntimeError(f"{member.name}: cffi {member.cffi} failed on {member.cffi_module}")
        partial.rename(out)
    return out, f"{member.module}.c"


def generated_source(member, rel):
    """The source `rel` of `member` as the compiler gets it: itself, or for
    a .pyx the C (or C++) the member's Cython writes from it, generated
    once into the cache."""
    src = src_dir(member)
    if Path(rel).suffix != ".pyx":
        return src / rel, rel
    cxx = "--cplus" in member.cython_args
    key = hashlib.sha256(shlex.join([member.cython, *member.cython_args, rel]).encode()
                         + (src / rel).read_bytes()).hexdigest()[:16]
    out_rel = str(Path(rel).with_suffix(".cpp" if cxx else ".c"))
    out = cache_dir() / "obj" / member.sdist_stem / f"cython-{key}" / out_rel
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f"{out.name}.{os.getpid()}.tmp{out.suffix}")
        r = subprocess.run([str(cython_exe(member.cython)), "-3", *member.cython_args, "-I", ".",
                            rel, "-o", str(partial)], cwd=src, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout + r.stderr)
            raise RuntimeError(f"{member.name}: Cython {member.cython} failed on {rel}")
        partial.rename(out)
    return out, out_rel


def cpython_includes():
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["include"], paths["platinclude"]]))


def compile_flags(member, api, cxx=False):
    src = src_dir(member)
    flags = list(BASE_CFLAGS)
    if member.std and not cxx:
        flags.append(member.std)
    if member.cxx_std and cxx:
        flags.append(member.cxx_std)
    flags += member.extra_compile_args
    flags += [f"-D{d}" for d in member.defines]
    flags += [f"-I{src / d}" for d in member.include_dirs]
    if member.pybind11:
        flags.append(f"-I{pybind11_include(member.pybind11)}")
    if api == "cpython":
        flags += [f"-I{d}" for d in cpython_includes()]
    else:
        flags += [f"-I{PYBUFFER_INCLUDE}"]
    return flags


def includes_python_h(cc, source, flags):
    """Whether Python.h is in the source's include closure (asked of the
    preprocessor against CPython's headers, so the answer does not depend
    on how complete ours are)."""
    r = subprocess.run([cc, "-M", *flags, str(source)], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{source}: cc -M failed:\n{r.stderr}")
    return any(tok.endswith("/Python.h") for tok in r.stdout.split())


def preprocessed_key(compiler, source, flags):
    """A digest of the compiler, its flags and the preprocessed source:
    an object compiled from the same key is the same object."""
    r = subprocess.run([compiler, "-E", *flags, str(source)], capture_output=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode(errors="replace"))
        raise RuntimeError(f"{source}: the preprocessor failed")
    h = hashlib.sha256(shlex.join([compiler, *flags]).encode() + b"\0")
    h.update(r.stdout)
    return h.hexdigest()[:20]


# Glue objects kept per source: each header change adds one, and the two
# builds (CPython's headers, ours) each need theirs.
GLUE_KEPT = 6


def prune_glue(glue_dir, stem, keep):
    """Deletes all but the GLUE_KEPT newest glue objects of one source."""
    versions = sorted(glue_dir.glob(f"*-{stem}"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in versions[GLUE_KEPT:]:
        if old != keep:
            old.unlink(missing_ok=True)


def cargo_so(member):
    """Where the cargo build of a PyO3 member is cached: by the sdist's
    sha256 and the extension suffix of the interpreter it is built for."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return cache_dir() / "obj" / member.sdist_stem / f"cargo-{member.sha256[:16]}{suffix}"


def cargo_env():
    env = dict(os.environ)
    # PyO3's build script asks this interpreter for its version and ABI.
    env["PYO3_PYTHON"] = sys.executable
    # Not a target directory or flags meant for the project's own crates.
    for var in ("CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR", "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"):
        env.pop(var, None)
    return env


def cargo_fetch(member):
    """Downloads the member's locked crates (once; cargo keeps them in its
    own cache). Skip when the registry cannot be reached."""
    if shutil.which("cargo") is None:
        raise Skip(f"{member.name} is a Rust (PyO3) crate and there is no cargo")
    r = subprocess.run(["cargo", "fetch", "--locked"], cwd=src_dir(member) / member.cargo_dir, env=cargo_env(),
                       capture_output=True, text=True)
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["no output"])[-1]
        raise Skip(f"cargo fetch for {member.name} failed (is the crate registry reachable?): {last[:100]}")


def build_cargo(member, out):
    """The member's cdylib, built once per sdist by `cargo build --release
    --locked` (as maturin runs it) and copied to `out`."""
    so = cargo_so(member)
    if not so.exists():
        target = so.parent / f"cargo-target-{os.getpid()}"
        shutil.rmtree(target, ignore_errors=True)
        env = cargo_env()
        env["CARGO_TARGET_DIR"] = str(target)
        r = subprocess.run(["cargo", "build", "--release", "--locked", "--lib"], cwd=src_dir(member) / member.cargo_dir,
                           env=env, capture_output=True, text=True)
        if r.returncode != 0:
            shutil.rmtree(target, ignore_errors=True)
            sys.stderr.write(r.stderr[-4000:])
            raise RuntimeError(f"{member.name}: cargo build failed")
        built = target / "release" / f"lib{member.cargo_lib or member.module}.so"
        if not built.exists():
            shutil.rmtree(target, ignore_errors=True)
            raise RuntimeError(f"{member.name}: cargo built no {built.name}")
        partial = so.with_name(f"{so.name}.{os.getpid()}.tmp")
        shutil.copyfile(built, partial)
        partial.rename(so)
        # The .so is all that is kept: the target directory is ~100 MB.
        shutil.rmtree(target, ignore_errors=True)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(so, out)


def build(member, api, out):
    if member.cargo:
        if not (src_dir(member) / ".unpacked").exists():
            raise RuntimeError(f"{member.name} is not fetched; run `corpus.py fetch` first")
        build_cargo(member, out)
        return
    cc = os.environ.get("CC", "cc")
    cxx = os.environ.get("CXX", "c++")
    src = src_dir(member)
    if not (src / ".unpacked").exists():
        raise RuntimeError(f"{member.name} is not fetched; run `corpus.py fetch` first")
    key = hashlib.sha256(shlex.join([cc, cxx, *BASE_CFLAGS, member.std, member.cxx_std, member.pybind11,
                                     *member.extra_compile_args,
                                     *member.defines, *member.include_dirs])
                         .encode()).hexdigest()[:16]
    libobj = cache_dir() / "obj" / member.sdist_stem / key
    libobj.mkdir(parents=True, exist_ok=True)
    glue_dir = cache_dir() / "obj" / member.sdist_stem / "glue"
    glue_dir.mkdir(parents=True, exist_ok=True)
    objects = []
    sources = [generated_source(member, rel) for rel in member.sources]
    if member.cffi_module:
        sources.insert(0, cffi_source(member))
    for i, (source, rel) in enumerate(sources):
        # Named by the whole path: members sharing an sdist share these.
        stem = f"{i:02d}-{rel.replace('/', '_')}.o"
        compiler = cxx if is_cxx(rel) else cc
        flags = compile_flags(member, api, is_cxx(rel))
        if includes_python_h(compiler, source, compile_flags(member, "cpython", is_cxx(rel))):
            # Keyed by what the compiler would see (the preprocessed
            # source, so any change to the headers compiles it again).
            obj = glue_dir / f"{preprocessed_key(compiler, source, flags)}-{stem}"
        else:
            obj = libobj / stem
        if obj.exists():
            objects.append(obj)
            continue
        partial = obj.with_suffix(f".{os.getpid()}.tmp")
        r = subprocess.run([compiler, *flags, "-c", str(source), "-o", str(partial)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            raise RuntimeError(f"{member.name}: {rel} does not compile against {api}'s headers")
        partial.rename(obj)
        objects.append(obj)
        if obj.parent == glue_dir:
            prune_glue(glue_dir, stem, keep=obj)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    linker = cxx if any(is_cxx(rel) for _, rel in sources) else cc
    r = subprocess.run([linker, "-shared", *map(str, objects), *member.extra_link_args, "-o", str(out)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise RuntimeError(f"{member.name}: link failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("fetch")
    sub.add_parser("list")
    b = sub.add_parser("build")
    b.add_argument("name", choices=sorted(BY_NAME))
    b.add_argument("--api", choices=("cpython", "pybuffer"), required=True)
    b.add_argument("--out", required=True)
    c = sub.add_parser("cython", help="install Cython VERSION into the cache (once) and print its cython")
    c.add_argument("version")
    p = sub.add_parser("pybind11", help="fetch pinned pybind11 VERSION (once) and print its include directory")
    p.add_argument("version")
    w = sub.add_parser("wheel", help="fetch the pinned binary wheel NAME (once) and print where it is unpacked")
    w.add_argument("name", choices=sorted(BINARY_WHEELS))
    args = ap.parse_args()
    try:
        if args.cmd == "fetch":
            fetch()
        elif args.cmd == "list":
            for m in MEMBERS:
                print(m.name, m.module, m.driver or m.module, src_dir(m), m.pending or "-", sep="\t")
        elif args.cmd == "cython":
            print(cython_exe(args.version))
        elif args.cmd == "pybind11":
            print(pybind11_include(args.version))
        elif args.cmd == "wheel":
            print(fetch_wheel(*BINARY_WHEELS[args.name]))
        else:
            build(BY_NAME[args.name], args.api, args.out)
    except Skip as e:
        print(f"SKIP: {e}", file=sys.stderr)
        return 3
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
