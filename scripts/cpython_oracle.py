#!/usr/bin/env python3
"""CPython 3.11 oracle for pybuffer's buffer-protocol C API.

Prints one JSON document on stdout describing buffer layouts and what
CPython's own C functions answer for them. ``crates/capi/tests/cpython_diff.rs``
rebuilds every layout as a real ``Py_buffer`` over memory it owns, asks
pybuffer the same questions and compares the answers byte for byte.

The answers come from CPython itself, called through ``ctypes.pythonapi``
(``PyBuffer_ToContiguous``, ``PyBuffer_FromContiguous``,
``PyBuffer_IsContiguous``, ``PyBuffer_GetPointer``, ``PyObject_GetBuffer`` on
memoryviews, ``PyMemoryView_FromBuffer``, ``PyMemoryView_GetContiguous``,
``PyObject_CopyData``, ``PyBuffer_FillInfo``,
``PyBuffer_FillContiguousStrides``, ``PyBuffer_SizeFromFormat``), and are
cross-checked against the Python-level views of the same machinery
(``_testbuffer``, ``memoryview.tobytes``, ``struct.calcsize``, slice
assignment) and, for ``PyBuffer_FromContiguous``, against a re-implementation
of its documented algorithm. Any disagreement between those sources aborts
the script (exit status 1), so the Rust side only ever sees answers that
CPython gives consistently.

Layouts come from two sources, both driven by one fixed seed:

* exporters: ``_testbuffer.ndarray`` objects (random shapes, strides,
  offsets, ``ND_FORTRAN``, ``ND_PIL``, read-only or writable) and memoryviews
  of them (``[::k]`` slices, ``.cast``);
* synthetic views built with ``ctypes`` over one arena: strides that are
  negative, zero, overlapping or not multiples of the item size, suboffsets
  on any set of dimensions (including the last), NULL shape / strides /
  format, ``ndim`` from 0 up to 64 (and 65 for the error path).

Memory is described portably: ``mem`` is the bytes of the region the view
touches (hex); ``relocs`` lists each pointer slot of an indirect (PIL)
buffer as ``[slot_offset, target_offset]``, both relative to ``mem``, so the
consumer can store its own addresses there and get an equivalent buffer.
Item addresses are reported relative to ``mem`` as well.

Exit status: 0 with JSON on stdout; 3 (with ``SKIP: reason`` on stderr)
when this Python cannot serve as the oracle; 1 on an internal inconsistency.
"""

import ctypes
import itertools
import json
import random
import struct
import sys

SEED = 0x5EED_3118


def skip(reason):
    print(f"SKIP: {reason}", file=sys.stderr)
    sys.exit(3)


if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
    skip(f"needs CPython 3.11, this is {sys.implementation.name} "
         f"{sys.version_info[0]}.{sys.version_info[1]}")
try:
    import _testbuffer as tb
except ImportError as e:  # pragma: no cover - depends on the build
    skip(f"_testbuffer is not available ({e})")
if ctypes.sizeof(ctypes.c_void_p) != 8:
    skip("the oracle assumes a 64-bit CPython")

from ctypes import (POINTER, byref, c_char, c_char_p, c_int, c_ssize_t,
                    c_void_p, py_object)

PyBUF_SIMPLE = 0
PyBUF_WRITABLE = 0x0001
PyBUF_FORMAT = 0x0004
PyBUF_ND = 0x0008
PyBUF_STRIDES = 0x0010 | PyBUF_ND
PyBUF_C_CONTIGUOUS = 0x0020 | PyBUF_STRIDES
PyBUF_F_CONTIGUOUS = 0x0040 | PyBUF_STRIDES
PyBUF_ANY_CONTIGUOUS = 0x0080 | PyBUF_STRIDES
PyBUF_INDIRECT = 0x0100 | PyBUF_STRIDES
PyBUF_FULL_RO = PyBUF_INDIRECT | PyBUF_FORMAT
PyBUF_READ = 0x100
PyBUF_WRITE = 0x200

# The request levels CPython defines, each with and without WRITABLE/FORMAT.
LEVELS = [PyBUF_SIMPLE, PyBUF_ND, PyBUF_STRIDES, PyBUF_C_CONTIGUOUS,
          PyBUF_F_CONTIGUOUS, PyBUF_ANY_CONTIGUOUS, PyBUF_INDIRECT]
STANDARD_FLAGS = sorted({lv | w | f for lv in LEVELS
                         for w in (0, PyBUF_WRITABLE)
                         for f in (0, PyBUF_FORMAT)}
                        # Bits CPython ignores (0x2, PyBUF_WRITE's 0x200 and
                        # beyond), and every bit set at once.
                        | {0x2, 0x200, 0x200 | PyBUF_FULL_RO, 0x2 | PyBUF_ND,
                           0x400 | PyBUF_STRIDES, -1, 0x7FFFFFFF})
# Every combination of the meaningful bits, including nonsense ones such as
# C_CONTIGUOUS without STRIDES (0x20 alone): memory_getbuf must treat them
# exactly as CPython does.
BITS = [0x1, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100]
ALL_FLAGS = sorted({sum(c) for n in range(len(BITS) + 1)
                    for c in itertools.combinations(BITS, n)})


class Py_buffer(ctypes.Structure):
    _fields_ = [("buf", c_void_p), ("obj", c_void_p), ("len", c_ssize_t),
                ("itemsize", c_ssize_t), ("readonly", c_int),
                ("ndim", c_int), ("format", c_void_p),
                ("shape", POINTER(c_ssize_t)),
                ("strides", POINTER(c_ssize_t)),
                ("suboffsets", POINTER(c_ssize_t)),
                ("internal", c_void_p)]


assert ctypes.sizeof(Py_buffer) == 80

api = ctypes.pythonapi
PB = POINTER(Py_buffer)
SSP = POINTER(c_ssize_t)


def sig(name, restype, *argtypes):
    f = getattr(api, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


GetBuffer = sig("PyObject_GetBuffer", c_int, py_object, PB, c_int)
Release = sig("PyBuffer_Release", None, PB)
IsContiguous = sig("PyBuffer_IsContiguous", c_int, PB, c_char)
GetPointer = sig("PyBuffer_GetPointer", c_void_p, PB, SSP)
ToContiguous = sig("PyBuffer_ToContiguous", c_int, c_void_p, PB, c_ssize_t,
                   c_char)
FromContiguous = sig("PyBuffer_FromContiguous", c_int, PB, c_void_p,
                     c_ssize_t, c_char)
MemoryView_FromBuffer = sig("PyMemoryView_FromBuffer", py_object, PB)
MemoryView_GetContiguous = sig("PyMemoryView_GetContiguous", py_object,
                               py_object, c_int, c_char)
SizeFromFormat = sig("PyBuffer_SizeFromFormat", c_ssize_t, c_char_p)
FillInfo = sig("PyBuffer_FillInfo", c_int, c_void_p, c_void_p, c_void_p,
               c_ssize_t, c_int, c_int)
CopyData = sig("PyObject_CopyData", c_int, py_object, py_object)
FillContiguousStrides = sig("PyBuffer_FillContiguousStrides", None, c_int,
                            SSP, SSP, c_int, c_char)

# PyMemoryViewObject (3.11): PyObject_VAR_HEAD (24 bytes), mbuf, hash,
# flags (int), exports, then the view.
MV_FLAGS_OFFSET = 40
MV_VIEW_OFFSET = 56
_Py_MEMORYVIEW_C = 0x002
_Py_MEMORYVIEW_FORTRAN = 0x004
_Py_MEMORYVIEW_SCALAR = 0x008
_Py_MEMORYVIEW_PIL = 0x010


class OracleError(Exception):
    pass


def check(cond, what):
    if not cond:
        raise OracleError(what)


def exc_info(e):
    """[type name as Python prints it, message]."""
    t = type(e)
    name = t.__name__ if t.__module__ == "builtins" else \
        f"{t.__module__}.{t.__name__}"
    return [name, str(e)]


def arr(ptr, n):
    return None if not ptr else [ptr[i] for i in range(n)]


def fmt_of(v):
    return None if not v.format else ctypes.string_at(v.format).decode("latin-1")


# ==========================================================================
# Walking a view (following pointers the way PyBuffer_GetPointer does)
# ==========================================================================

def full_layout(v):
    """(shape, strides, suboffsets) with CPython's reconstructions."""
    n = v.ndim
    if v.shape:
        shape = [v.shape[i] for i in range(n)]
    elif n == 1:
        shape = [v.len // v.itemsize]
    else:
        shape = []
    if v.strides:
        strides = [v.strides[i] for i in range(n)]
    else:
        strides = [0] * n
        s = v.itemsize
        for i in reversed(range(n)):
            strides[i] = s
            s *= shape[i]
    subs = [v.suboffsets[i] for i in range(n)] if v.suboffsets else None
    return shape, strides, subs


def walk(v):
    """All (indices, address) of the items in C order, the pointer slots
    visited ({slot address: pointer value}) and the byte ranges touched."""
    shape, strides, subs = full_layout(v)
    items, slots, touched = [], {}, []

    def rec(d, p, idx):
        if d == len(shape):
            items.append((idx, p))
            touched.append((p, v.itemsize))
            return
        for i in range(shape[d]):
            q = p + i * strides[d]
            if subs is not None and subs[d] >= 0:
                val = c_void_p.from_address(q).value or 0
                slots[q] = val
                touched.append((q, 8))
                q = val + subs[d]
            rec(d + 1, q, idx + (i,))

    rec(0, v.buf or 0, ())
    return items, slots, touched


class Capture:
    """The memory a view touches, and the view, in portable form."""

    def __init__(self, v, bounds=None):
        self.v = v
        self.items, self.slots, touched = walk(v)
        if bounds is None:
            if touched:
                lo = min(a for a, _ in touched)
                hi = max(a + n for a, n in touched)
            else:
                lo = hi = v.buf or 0
        else:
            lo, hi = bounds
            for a, n in touched:
                check(lo <= a and a + n <= hi, "touched byte outside bounds")
        self.lo, self.hi = lo, hi
        self.relocs = sorted([s - lo, t - lo] for s, t in self.slots.items())

    def mem(self):
        return ctypes.string_at(self.lo, self.hi - self.lo) if self.hi > self.lo else b""

    def restore(self, data):
        if data:
            ctypes.memmove(self.lo, data, len(data))

    def describe(self):
        v = self.v
        n = v.ndim
        return {
            "mem": self.mem().hex(),
            "relocs": self.relocs,
            "buf": (v.buf or 0) - self.lo,
            "len": v.len,
            "itemsize": v.itemsize,
            "readonly": v.readonly,
            "ndim": n,
            "format": fmt_of(v),
            "shape": arr(v.shape, n),
            "strides": arr(v.strides, n),
            "suboffsets": arr(v.suboffsets, n),
        }


# ==========================================================================
# The questions asked of every layout
# ==========================================================================

ORDERS = [b"C", b"F", b"A"]


def q_is_contiguous(v):
    return {o.decode(): IsContiguous(byref(v), o)
            for o in ORDERS + [b"X", b"c", b"\0"]}


def to_contiguous(v, order):
    out = ctypes.create_string_buffer(max(v.len, 1))
    ToContiguous(out, byref(v), v.len, order)
    return out.raw[:v.len]


def q_to_contiguous(v):
    return {o.decode(): to_contiguous(v, o).hex() for o in ORDERS}


def q_get_pointer(cap, rng, limit=160):
    items = cap.items
    if len(items) > limit:
        items = [items[0], items[-1]] + rng.sample(items[1:-1], limit - 2)
    out = []
    for idx, addr in items:
        ind = (c_ssize_t * max(len(idx), 1))(*idx)
        p = GetPointer(byref(cap.v), ind) or 0
        check(p == addr, f"GetPointer disagrees with the walk at {idx}")
        out.append([list(idx), p - cap.lo,
                    ctypes.string_at(p, cap.v.itemsize).hex()])
    return out


def is_contig_py(v, order):
    return IsContiguous(byref(v), order) == 1


def simulate_from_contiguous(cap, before, src, length, order):
    """PyBuffer_FromContiguous as documented, on a copy of the captured
    memory: memcpy of min(len, view.len) bytes when the view is contiguous
    in `order`, else min(len, view.len) // itemsize whole items written in
    C order ('F': Fortran order) at the addresses GetPointer gives."""
    v = cap.v
    mem = bytearray(before)
    n = min(length, v.len)
    if is_contig_py(v, order):
        off = (v.buf or 0) - cap.lo
        mem[off:off + n] = src[:n]
        return bytes(mem)
    shape, _, _ = full_layout(v)
    addr = dict(cap.items)
    indices = list(itertools.product(*[range(s) for s in shape]))
    if order == b"F":
        indices.sort(key=lambda t: t[::-1])
    k = v.itemsize
    for j in range(n // k):
        a = addr[indices[j]] - cap.lo
        mem[a:a + k] = src[j * k:(j + 1) * k]
    return bytes(mem)


def diff(before, after):
    """[[offset, hex]] runs where `after` differs from `before`."""
    runs, i = [], 0
    while i < len(after):
        if after[i] != before[i]:
            j = i
            while j < len(after) and after[j] != before[j]:
                j += 1
            runs.append([i, after[i:j].hex()])
            i = j
        else:
            i += 1
    return runs


def aliased(cap):
    spans = sorted((a, a + cap.v.itemsize) for _, a in cap.items)
    return any(b[0] < a[1] for a, b in zip(spans, spans[1:]))


def q_from_contiguous(cap, rng, cases, orders):
    v = cap.v
    before = cap.mem()
    out = []
    lengths = [v.len]
    if v.len > 0:
        lengths += [rng.randrange(v.len + 1), v.len - 1, v.len + 5]
        if v.itemsize > 1 and v.len > v.itemsize:
            lengths.append(v.len - v.itemsize + 1)
    lengths = sorted(set(lengths))
    for order in orders:
        for length in lengths:
            if rng.random() > 0.6 and length != v.len:
                continue
            src = bytes(rng.randrange(256) for _ in range(length))
            sbuf = ctypes.create_string_buffer(src, max(length, 1))
            FromContiguous(byref(v), sbuf, length, order)
            after = cap.mem()
            cap.restore(before)
            sim = simulate_from_contiguous(cap, before, src, length, order)
            check(sim == after,
                  f"PyBuffer_FromContiguous({order}, len={length}) differs "
                  f"from the documented algorithm")
            cases.crosscheck_assignment(cap, before, src, length, order, after)
            out.append({"order": order.decode(), "len": length,
                        "src": src.hex(), "diff": diff(before, after)})
    return out


def mv_state(mv):
    """The internal flags and view of a CPython memoryview."""
    flags = c_int.from_address(id(mv) + MV_FLAGS_OFFSET).value
    view = Py_buffer.from_address(id(mv) + MV_VIEW_OFFSET)
    return flags, view


def view_fields(v, lo):
    n = v.ndim
    return {"buf": (v.buf or 0) - lo, "len": v.len, "itemsize": v.itemsize,
            "readonly": v.readonly, "ndim": n, "format": fmt_of(v),
            "shape": arr(v.shape, n), "strides": arr(v.strides, n),
            "suboffsets": arr(v.suboffsets, n)}


def getbuf_results(mv, base, lo, flag_list):
    """PyObject_GetBuffer(mv, flags) for each flags: {"error": [type, msg]}
    or, compactly, {"ok": [has format, has shape, has strides, ndim]};
    every other field (and the values of the arrays the consumer got) is
    checked here to be the memoryview's own."""
    getbuf = []
    for fl in flag_list:
        out = Py_buffer()
        try:
            GetBuffer(mv, byref(out), fl)
        except Exception as e:
            getbuf.append([fl, {"error": exc_info(e)}])
            continue
        fields = view_fields(out, lo)
        Release(byref(out))
        got = {"ok": [int(fields["format"] is not None),
                      int(fields["shape"] is not None),
                      int(fields["strides"] is not None),
                      fields["ndim"]]}
        for key in ("buf", "len", "itemsize", "readonly", "suboffsets"):
            check(fields[key] == base[key], f"getbuf({fl:#x}) changed {key}")
        for key in ("format", "shape", "strides"):
            check(fields[key] is None or fields[key] == base[key],
                  f"getbuf({fl:#x}) changed {key}")
        getbuf.append([fl, got])
    return getbuf


def q_memoryview(cap, flag_list):
    """PyMemoryView_FromBuffer over the view, then PyObject_GetBuffer on the
    memoryview with each flag combination and PyMemoryView_GetContiguous
    with each buffer type and order."""
    v = cap.v
    try:
        mv = MemoryView_FromBuffer(byref(v))
    except Exception as e:
        return {"error": exc_info(e)}
    flags, mview = mv_state(mv)
    check(bool(mv.c_contiguous) == bool(flags & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C))
          and bool(mv.f_contiguous) == bool(flags & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_FORTRAN))
          and bool(mv.contiguous) == bool(flags & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C
                                                   | _Py_MEMORYVIEW_FORTRAN)),
          "memoryview flags offset")
    res = {"flags": flags, "view": view_fields(mview, cap.lo)}
    res["getbuf"] = getbuf_results(mv, view_fields(mview, cap.lo), cap.lo, flag_list)
    getbuf = res["getbuf"]
    # Cross-check a sample with _testbuffer's own consumer.
    for fl, r in getbuf[:: max(1, len(getbuf) // 4)]:
        try:
            tb.py_buffer_to_contiguous(mv, "C", fl)
            ok = None
        except Exception as e:
            ok = exc_info(e)
        check(ok == r.get("error"), f"getbuf({fl:#x}) vs py_buffer_to_contiguous")
    res["tobytes"] = {o.decode(): mv.tobytes(o.decode()).hex() for o in ORDERS}
    contig = []
    for bt in (PyBUF_READ, PyBUF_WRITE):
        for order in ORDERS:
            try:
                r = tb.get_contiguous(mv, bt, order.decode())
            except Exception as e:
                contig.append([bt, order.decode(), {"error": exc_info(e)}])
                continue
            try:
                r2 = MemoryView_GetContiguous(mv, bt, order)
            except Exception as e:
                raise OracleError(f"get_contiguous vs C call: {e}")
            rflags, rv = mv_state(r)
            check(mv_state(r2)[0] == rflags, "get_contiguous flags")
            same = rv.buf == mview.buf
            contig.append([bt, order.decode(), {
                "same": same, "flags": rflags, "readonly": rv.readonly,
                "ndim": rv.ndim, "itemsize": rv.itemsize, "len": rv.len,
                "format": fmt_of(rv), "shape": arr(rv.shape, rv.ndim),
                "strides": arr(rv.strides, rv.ndim),
                "suboffsets": arr(rv.suboffsets, rv.ndim),
                "bytes": to_contiguous(rv, order).hex(),
            }])
            r.release()
            r2.release()
    res["getcontig"] = contig
    mv.release()
    return res


# ==========================================================================
# Case generation
# ==========================================================================

FORMATS = {
    1: ["B", "b", "c", "?", "<B", "x"],
    2: ["h", "H", "<h", ">H", "e"],
    3: ["3s", "3B", "<3b"],
    4: ["i", "I", "f", "<i", ">f", "2h"],
    5: ["5s", "<ib"],
    8: ["d", "Q", "q", "<d", ">q", "2i", "P"],
    12: ["3i", "<3f"],
    16: ["2q", "2d", "16s", "<2Q"],
}
# Formats a _testbuffer ndarray can be built from, with a value generator.
ND_FORMATS = [
    ("B", lambda r: r.randrange(256)), ("b", lambda r: r.randrange(-128, 128)),
    ("h", lambda r: r.randrange(-2**15, 2**15)), ("H", lambda r: r.randrange(2**16)),
    ("i", lambda r: r.randrange(-2**31, 2**31)), ("<I", lambda r: r.randrange(2**32)),
    ("q", lambda r: r.randrange(-2**63, 2**63)), ("Q", lambda r: r.randrange(2**64)),
    ("d", lambda r: r.uniform(-1e6, 1e6)), ("f", lambda r: float(r.randrange(-999, 999))),
    ("2q", lambda r: (r.randrange(-2**63, 2**63), r.randrange(2**62))),
    ("3s", lambda r: bytes(r.randrange(256) for _ in range(3))),
    ("c", lambda r: bytes([r.randrange(256)])),
    (">h", lambda r: r.randrange(-2**15, 2**15)),
]
# Formats memoryview can cast to (for memoryview slice assignment).
MEMORYVIEW_FORMATS = set("bBhHiIlLqQnNfdc?e")
# Formats whose struct round trip is exact (for slice-assignment checks).
EXACT = set("bBhHiIlLqQnNcs")


def exact_format(fmt):
    body = fmt.lstrip("@=<>!")
    return bool(body) and body[-1] in EXACT and body[-1] != "x"


def rand_shape(rng, ndim, max_items=240):
    while True:
        shape = [rng.choice([1, 1, 2, 2, 3, 3, 4, 5]) for _ in range(ndim)]
        if ndim and rng.random() < 0.12:
            shape[rng.randrange(ndim)] = 0
        n = 1
        for s in shape:
            n *= s
        if n <= max_items:
            return shape


def c_strides(shape, itemsize):
    s, out = itemsize, [0] * len(shape)
    for i in reversed(range(len(shape))):
        out[i] = s
        s *= shape[i]
    return out


def f_strides(shape, itemsize):
    s, out = itemsize, [0] * len(shape)
    for i in range(len(shape)):
        out[i] = s
        s *= shape[i]
    return out


class Synthetic:
    """A view built by hand over one ctypes arena (see the module doc)."""

    def __init__(self, rng, ndim, shape, itemsize, strides, subs):
        self.arena = bytearray()
        self.slot_targets = {}
        self.rng = rng
        self.ndim, self.shape, self.itemsize = ndim, shape, itemsize
        self.strides, self.subs = strides, subs
        self.origin = self.build(0)
        while len(self.arena) % 8:
            self.arena.append(rng.randrange(256))
        self.arena.extend(bytes(rng.randrange(256) for _ in range(rng.choice([0, 8]))))
        self.cbuf = ctypes.create_string_buffer(bytes(self.arena), len(self.arena) + 16)
        base = ctypes.addressof(self.cbuf)
        # 16-byte align the arena inside the ctypes buffer.
        self.shift = (-base) % 16
        if self.shift:
            ctypes.memmove(base + self.shift, bytes(self.arena), len(self.arena))
        self.base = base + self.shift
        for slot, target in self.slot_targets.items():
            c_void_p.from_address(self.base + slot).value = self.base + target

    def indirect(self, d):
        return self.subs is not None and self.subs[d] >= 0

    def run_end(self, a):
        b = a
        while b < self.ndim - 1 and not self.indirect(b):
            b += 1
        return b

    def new_block(self, lo, hi):
        rng = self.rng
        while len(self.arena) % 8:
            self.arena.append(rng.randrange(256))
        pad_before = rng.choice([0, 0, 8, 16])
        pad_after = rng.choice([0, 3, 8])
        start = len(self.arena) + pad_before
        self.arena.extend(bytes(rng.randrange(256)
                                for _ in range(pad_before + hi - lo + pad_after)))
        return start - lo

    def build(self, a):
        if a == self.ndim:
            return self.new_block(0, self.itemsize)
        b = self.run_end(a)
        dims = range(a, b + 1)
        end = 8 if self.indirect(b) else self.itemsize
        if any(self.shape[k] == 0 for k in dims):
            return self.new_block(0, end)
        lo = sum(min(0, (self.shape[k] - 1) * self.strides[k]) for k in dims)
        hi = sum(max(0, (self.shape[k] - 1) * self.strides[k]) for k in dims)
        origin = self.new_block(lo, hi + end)
        if self.indirect(b):
            for idx in itertools.product(*[range(self.shape[k]) for k in dims]):
                slot = origin + sum(i * self.strides[k] for i, k in zip(idx, dims))
                if slot not in self.slot_targets:
                    nxt = self.build(b + 1)
                    self.slot_targets[slot] = nxt - self.subs[b]
        return origin

    def view(self, fmt, readonly, null_shape=False, null_strides=False):
        n = self.ndim
        self.fmt = None if fmt is None else fmt.encode()
        self.fmt_buf = None if fmt is None else ctypes.create_string_buffer(self.fmt)
        self.shape_arr = (c_ssize_t * max(n, 1))(*self.shape)
        self.strides_arr = (c_ssize_t * max(n, 1))(*self.strides)
        self.subs_arr = None if self.subs is None else (c_ssize_t * max(n, 1))(*self.subs)
        v = Py_buffer()
        v.buf = self.base + self.origin
        v.obj = None
        length = self.itemsize
        for s in self.shape:
            length *= s
        v.len = length
        v.itemsize = self.itemsize
        v.readonly = readonly
        v.ndim = n
        v.format = None if fmt is None else ctypes.addressof(self.fmt_buf)
        v.shape = None if null_shape else ctypes.cast(self.shape_arr, SSP)
        v.strides = None if null_strides else ctypes.cast(self.strides_arr, SSP)
        v.suboffsets = None if self.subs is None else ctypes.cast(self.subs_arr, SSP)
        return v

    def bounds(self):
        return (self.base, self.base + len(self.arena))


def synthetic_strides(rng, shape, itemsize, subs):
    """Mutated contiguous strides; dimensions whose run ends in a pointer
    slot get multiples of 8 so that slots never overlap partially."""
    n = len(shape)
    base = (c_strides if rng.random() < 0.6 else f_strides)(shape, itemsize)
    strides = list(base)
    if subs is not None:
        # Find, for each dimension, whether its run ends in an indirect dim.
        ends_indirect = [False] * n
        pending = []
        for d in range(n):
            pending.append(d)
            if subs[d] >= 0:
                for k in pending:
                    ends_indirect[k] = True
                pending = []
        for d in range(n):
            if ends_indirect[d]:
                strides[d] = 8 * rng.choice([1, 1, 2, -1, -2, 0, 3, shape[d] or 1])
    for d in range(n):
        if subs is not None and ends_indirect[d]:
            continue
        r = rng.random()
        if r < 0.15:
            strides[d] = -strides[d]
        elif r < 0.25:
            strides[d] = 0
        elif r < 0.35:
            strides[d] *= rng.choice([2, 3])
        elif r < 0.45:
            strides[d] += rng.choice([1, -1, 3]) if itemsize > 1 else 1
        elif r < 0.5:
            strides[d] = max(1, itemsize // 2) * rng.choice([1, -1])
    return strides


class Cases:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.cases = []
        self.keep = []
        self.groups = []  # per case: which exporter's memory it views
        self.crosschecks = 0

    # ---------------------------------------------------------------------
    def add(self, source, v, keep, bounds=None, full_flags=False, from_contig=True, group=None):
        rng = self.rng
        self.groups.append(len(self.cases) if group is None else group)
        cap = Capture(v, bounds)
        case = {"id": len(self.cases), "source": source}
        case.update(cap.describe())
        case["contig"] = q_is_contiguous(v)
        can_copy = v.ndim > 0 or v.suboffsets is None  # CPython asserts
        can_index = v.ndim == 0 or (v.shape and v.strides)
        if can_copy:
            case["to"] = q_to_contiguous(v)
        if can_index:
            case["ptr"] = q_get_pointer(cap, rng)
        if from_contig and can_copy:
            # Without strides CPython's element walk would dereference NULL:
            # only the orders it handles with a plain memcpy are asked.
            orders = [o for o in ORDERS if can_index or is_contig_py(v, o)]
            case["from"] = q_from_contiguous(cap, rng, self, orders)
        if v.ndim <= 64 and (v.ndim != 1 or v.shape or v.itemsize > 0):
            case["mv"] = q_memoryview(cap, ALL_FLAGS if full_flags else STANDARD_FLAGS)
            tobytes = case["mv"].pop("tobytes", None)
            if tobytes is not None and "to" in case:
                check(tobytes == case["to"], "memoryview.tobytes vs PyBuffer_ToContiguous")
        elif v.ndim > 64:
            case["mv"] = q_memoryview(cap, [])
        self.keep.append((keep, cap))
        self.cases.append(case)
        return case

    # ---------------------------------------------------------------------
    def crosscheck_assignment(self, cap, before, src, length, order, after):
        """Slice assignment through _testbuffer.ndarray (which copies with
        CPython's copy_buffer, in C order) must give what
        PyBuffer_FromContiguous gave, for full-length copies of formats
        whose values survive a struct round trip."""
        v = cap.v
        fmt = fmt_of(v)
        if (length != v.len or fmt is None or not exact_format(fmt)
                or v.ndim == 0 or v.len == 0 or v.readonly):
            return
        try:
            if struct.calcsize(fmt) != v.itemsize:
                return
        except struct.error:
            return
        if order == b"F" and aliased(cap):
            return  # copy_buffer walks in C order; last writes differ
        shape, _, _ = full_layout(v)
        if not v.shape or not v.strides:
            return
        k = v.itemsize
        count = v.len // k
        unpacked = [struct.unpack(fmt, src[i * k:(i + 1) * k]) for i in range(count)]
        items = [u[0] if len(u) == 1 else u for u in unpacked]
        flags = tb.ND_FORTRAN if order == b"F" else 0
        if order == b"A" and is_contig_py(v, b"F") and not is_contig_py(v, b"C"):
            flags = tb.ND_FORTRAN
        try:
            srcnd = tb.ndarray(items, shape=shape, format=fmt, flags=flags)
        except Exception:
            return
        mv = MemoryView_FromBuffer(byref(v))
        dst = tb.ndarray(mv, getbuf=PyBUF_FULL_RO | PyBUF_WRITABLE)
        dst[tuple(slice(None) for _ in shape)] = srcnd
        got = cap.mem()
        cap.restore(before)
        del dst
        mv.release()
        check(got == after, f"slice assignment differs from PyBuffer_FromContiguous ({order})")
        self.crosschecks += 1
        # And through memoryview itself for 1-D views of native formats:
        # m[::1] = source, and m[::2] = source[::2] on a copy of the memory.
        # (In one dimension every order walks the items the same way.)
        if v.ndim == 1 and fmt in MEMORYVIEW_FORMATS:
            mv = MemoryView_FromBuffer(byref(v))
            source = memoryview(bytearray(src)).cast(fmt)
            mv[::1] = source
            got = cap.mem()
            cap.restore(before)
            check(got == after, f"memoryview slice assignment ({order})")
            mv[::2] = source[::2]
            got2 = cap.mem()
            cap.restore(before)
            expected = bytearray(before)
            for j, (_, a) in enumerate(cap.items):
                if j % 2 == 0:
                    expected[a - cap.lo:a - cap.lo + k] = src[j * k:(j + 1) * k]
            if not aliased(cap):
                check(got2 == bytes(expected), "memoryview m[::2] assignment")
            mv.release()
            self.crosschecks += 1

    # ---------------------------------------------------------------------
    def ndarray_cases(self, count):
        rng = self.rng
        made = 0
        while made < count:
            ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5])
            fmt, gen = rng.choice(ND_FORMATS)
            itemsize = struct.calcsize(fmt)
            shape = rand_shape(rng, ndim)
            flags = tb.ND_WRITABLE if rng.random() < 0.7 else 0
            kwargs = {"shape": shape, "format": fmt}
            nitems = 1
            for s in shape:
                nitems *= s
            explicit = ndim > 0 and rng.random() < 0.55
            if explicit:
                strides = [st * rng.choice([1, 1, 1, 2, -1, -2, 0])
                           for st in c_strides(shape, itemsize)]
                if rng.random() < 0.3:
                    rng.shuffle(strides)
                lo = sum(min(0, (s - 1) * st) for s, st in zip(shape, strides) if s)
                hi = sum(max(0, (s - 1) * st) for s, st in zip(shape, strides) if s)
                extra = rng.choice([0, 0, 1, 2])
                offset = -lo + extra * itemsize
                nitems = max(1, (offset + hi) // itemsize + 1 + rng.choice([0, 1]))
                kwargs.update(strides=strides, offset=offset)
                if 0 in shape:
                    kwargs.pop("offset")
                    nitems = max(nitems, 1)
            else:
                if ndim > 1 and rng.random() < 0.4:
                    flags |= tb.ND_FORTRAN
                nitems = max(nitems, 1) if ndim == 0 else nitems
            if ndim > 0 and rng.random() < 0.3:
                flags |= tb.ND_PIL
            items = [gen(rng) for _ in range(nitems)]
            try:
                nd = tb.ndarray(items if ndim else items[0], flags=flags, **kwargs)
            except (ValueError, TypeError, struct.error):
                continue
            desc = f"ndarray({fmt!r}, {kwargs}, flags={flags:#x})"
            v = Py_buffer()
            GetBuffer(nd, byref(v), PyBUF_FULL_RO)
            check(IsContiguous(byref(v), b"C") == tb.is_contiguous(nd, "C"),
                  "is_contiguous vs PyBuffer_IsContiguous")
            case = self.add(desc, v, (nd,), full_flags=made % 8 == 0)
            group = case["id"]
            # _testbuffer.get_pointer unpacks the item PyBuffer_GetPointer
            # finds; it must be the item the case records.
            for idx, _, item in case.get("ptr", [])[:8]:
                value = struct.unpack(fmt, bytes.fromhex(item))
                value = value[0] if len(value) == 1 else value
                got = tb.get_pointer(nd, idx)
                check(got == value or (got != got and value != value),
                      f"_testbuffer.get_pointer({idx}) vs PyBuffer_GetPointer")
            if "to" in case:
                for o in "CFA":
                    check(tb.py_buffer_to_contiguous(nd, o, PyBUF_FULL_RO).hex() == case["to"][o],
                          "py_buffer_to_contiguous vs PyBuffer_ToContiguous")
            made += 1
            self.memoryview_derived(nd, desc, fmt, group)

    def memoryview_derived(self, nd, desc, fmt, group):
        rng = self.rng
        m = memoryview(nd)
        derived = []
        if m.ndim >= 1 and rng.random() < 0.6:
            k = rng.choice([2, 3, -1, -2])
            start = rng.choice([None, 1])
            derived.append((f"memoryview({desc})[{start}::{k}]", m[start::k]))
        if m.c_contiguous and m.ndim >= 1 and m.nbytes and rng.random() < 0.4 \
                and fmt in ("B", "b", "h", "H", "i", "q", "Q", "d", "c"):
            b = m.cast("B")
            derived.append((f"memoryview({desc}).cast('B')", b))
            n = m.nbytes
            for cols in (2, 4, 8):
                if n % cols == 0 and n // cols > 1:
                    c = b.cast("B", shape=[n // cols, cols])
                    derived.append((f"memoryview({desc}).cast('B', [{n // cols}, {cols}])", c))
                    if rng.random() < 0.5:
                        s = c[::-1]
                        derived.append((f"...cast('B', [{n // cols}, {cols}])[::-1]", s))
                    break
        for d, obj in derived:
            v = Py_buffer()
            GetBuffer(obj, byref(v), PyBUF_FULL_RO)
            # The views stay acquired: the captures keep pointing into them.
            self.add(d, v, (nd, m, obj), group=group)

    # ---------------------------------------------------------------------
    def synthetic_cases(self, count):
        rng = self.rng
        made = 0
        while made < count:
            r = rng.random()
            if r < 0.06:
                ndim = rng.randrange(6, 65)
            elif r < 0.08:
                ndim = 64
            else:
                ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5])
            if ndim > 5:
                shape = [1] * ndim
                for _ in range(rng.choice([0, 1, 2, 3])):
                    shape[rng.randrange(ndim)] = rng.choice([2, 3])
                if rng.random() < 0.1:
                    shape[rng.randrange(ndim)] = 0
            else:
                shape = rand_shape(rng, ndim)
            itemsize = rng.choice([1, 1, 2, 3, 4, 5, 8, 8, 12, 16])
            # A NULL format means unsigned bytes whatever the itemsize.
            fmt = rng.choice(FORMATS[itemsize] + [None])
            subs = None
            if ndim > 0 and ndim <= 6 and rng.random() < 0.3:
                subs = [rng.choice([-1, -1, -1, -7]) for _ in range(ndim)]
                for d in rng.sample(range(ndim), rng.choice([1, 1, 2]) if ndim > 1 else 1):
                    subs[d] = rng.choice([0, 0, 8, 3, 16])
                if rng.random() < 0.15:
                    subs = [-1] * ndim  # suboffsets present but all negative
            if subs is None and rng.random() < 0.1:
                strides = c_strides(shape, itemsize)
            else:
                strides = synthetic_strides(rng, shape, itemsize, subs)
            items = 1
            for s in shape:
                items *= s
            syn = Synthetic(rng, ndim, shape, itemsize, strides, subs)
            null_strides = null_shape = False
            if subs is None and strides == c_strides(shape, itemsize) and rng.random() < 0.5:
                null_strides = True
                null_shape = ndim == 1 and rng.random() < 0.5
            if ndim == 0 and rng.random() < 0.5:
                null_strides = null_shape = True
            readonly = rng.choice([0, 0, 1])
            v = syn.view(fmt, readonly, null_shape, null_strides)
            desc = (f"synthetic(ndim={ndim}, shape={shape}, strides="
                    f"{None if null_strides else strides}, suboffsets={subs}, "
                    f"format={fmt!r}, readonly={readonly}, null_shape={null_shape})")
            self.add(desc, v, (syn,), bounds=syn.bounds(), full_flags=made % 10 == 0)
            made += 1

    def too_many_dims(self):
        """ndim 65: PyMemoryView_FromBuffer refuses it."""
        rng = self.rng
        shape = [1] * 65
        syn = Synthetic(rng, 65, shape, 1, c_strides(shape, 1), None)
        v = syn.view("B", 0)
        cap = Capture(v, syn.bounds())
        case = {"id": len(self.cases), "source": "synthetic(ndim=65)"}
        self.groups.append(case["id"])
        case.update(cap.describe())
        case["mv"] = q_memoryview(cap, [])
        self.keep.append(((syn,), cap))
        self.cases.append(case)


# ==========================================================================
# Functions without a view argument
# ==========================================================================

SIZE_FORMATS = [
    "", "B", "b", "c", "?", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N",
    "e", "f", "d", "P", "s", "p", "x", "0s", "0x", "0q", "10s", "255p", "3x",
    "2q", "3s", "16s", "@i", "=i", "<i", ">i", "!i", "@ci", "=ci", "<ci", "ci",
    "cq", "bqb", "xq", "qx", "iq", "<iq", "hhi", "ccq", "c0q", "c0i", "0ic",
    "3i", "<3f", "2d", "<2Q", " i", "i ", "\ti", "i\n", " 2 i ", "\x0bi",
    "\x0ci", "\ri", "3 i", "i 3", "2", "12", "i2", "@", "<", ">", "!", "=",
    "@@", "<>", "i@", "i<", "z", "Z", "iZ", "g", "G", "O", "u", "w", "r",
    "<n", ">N", "=P", "!n", "<P", "@n", "@N", "@P", "{", "T{i}", "(2)i",
    "i:x:", "&", "*", "^i",
    "99999999999999999999i", "9223372036854775807s", "9223372036854775807x",
    "9223372036854775808s", "4611686018427387904i", "2305843009213693952q",
    "9223372036854775807s1s", "2147483648s", "4294967296i",
    "1152921504606846976Q", "9223372036854775806xq",
]


def size_cases():
    out = []
    for f in SIZE_FORMATS:
        raw = f.encode("latin-1")
        try:
            expected = [struct.calcsize(f), None]
        except Exception as e:
            expected = [None, exc_info(e)]
        try:
            got = [SizeFromFormat(raw), None]
        except Exception as e:
            got = [None, exc_info(e)]
        check(got == expected, f"PyBuffer_SizeFromFormat({f!r}) vs struct.calcsize")
        out.append([raw.hex(), expected[0], expected[1]])
    return out


def fill_strides_cases(rng):
    out = []
    for _ in range(120):
        ndim = rng.choice([-1, 0, 1, 2, 3, 4, 5, 8, 64])
        shape = [rng.choice([0, 1, 1, 2, 3, 7]) for _ in range(max(ndim, 0))]
        itemsize = rng.choice([1, 2, 3, 4, 8, 16, 0])
        order = rng.choice([b"C", b"F", b"A", b"X", b"f"])
        sh = (c_ssize_t * max(ndim, 1))(*shape)
        st = (c_ssize_t * max(ndim, 1))(*([-99] * max(ndim, 1)))
        FillContiguousStrides(ndim, sh, st, itemsize, order)
        # The whole array, so untouched entries (still -99) count too.
        out.append([ndim, shape, itemsize, order.decode(), [st[i] for i in range(max(ndim, 1))]])
    return out


def fill_info_cases():
    out = []
    data = ctypes.create_string_buffer(b"abcdefgh", 8)
    for readonly in (0, 1, 2, -1):
        for fl in STANDARD_FLAGS:
            v = Py_buffer()
            v.itemsize = 77
            try:
                FillInfo(ctypes.addressof(v), None, ctypes.addressof(data), 8, readonly, fl)
            except Exception as e:
                out.append([readonly, fl, {"error": exc_info(e)}])
                continue
            out.append([readonly, fl, {
                "len": v.len, "itemsize": v.itemsize, "readonly": v.readonly,
                "ndim": v.ndim, "format": fmt_of(v),
                "shape_is_len": bool(v.shape) and ctypes.addressof(v.shape.contents) == ctypes.addressof(v) + Py_buffer.len.offset,
                "shape": v.shape is not None and bool(v.shape),
                "strides_is_itemsize": bool(v.strides) and ctypes.addressof(v.strides.contents) == ctypes.addressof(v) + Py_buffer.itemsize.offset,
                "strides": bool(v.strides), "suboffsets": bool(v.suboffsets),
            }])
    try:
        FillInfo(None, None, ctypes.addressof(data), 8, 0, 0)
        null = None
    except Exception as e:
        null = exc_info(e)
    return {"cases": out, "null_view": null}


def copy_data_cases(cases, rng, count=300):
    """PyObject_CopyData between memoryviews of two layouts. CPython copies
    with memcpy when both are C- or both F-contiguous, and otherwise index
    by index using src's indices (starting at index 1 and ending with index
    0); only pairs for which that stays inside dest are asked.

    Pairs of views of one exporter's memory (an ndarray and a reversed or
    cast memoryview of it) overlap; CPython's item order then shows in the
    result. Such pairs are emitted with their joint memory ("joint"), the
    others as two case indices ("dest", "src")."""
    out = []
    pool = [(i, c) for i, (c, case) in enumerate(zip(cases.keep, cases.cases))
            if "error" not in case.get("mv", {"error": 1})
            and not (c[1].v.suboffsets and c[1].v.ndim == 0)]
    by_shape, by_group = {}, {}
    for i, c in pool:
        v = c[1].v
        by_group.setdefault(cases.groups[i], []).append((i, c))
        if v.shape and v.strides:
            key = (v.itemsize, tuple(v.shape[k] for k in range(v.ndim)))
            by_shape.setdefault(key, []).append((i, c))
    same_shape = [g for g in by_shape.values() if len(g) > 1]
    same_memory = [g for g in by_group.values() if len(g) > 1]
    tries = 0
    while len(out) < count and tries < 50000:
        tries += 1
        r = rng.random()
        if r < 0.25 and same_memory:
            (di, d), (si, s) = rng.sample(rng.choice(same_memory), 2)
        elif r < 0.65 and same_shape:
            (di, d), (si, s) = rng.sample(rng.choice(same_shape), 2)
        else:
            (di, d), (si, s) = rng.choice(pool), rng.choice(pool)
        if di == si:
            continue
        dv, sv = d[1].v, s[1].v
        if r >= 0.65 and r < 0.9 and (dv.readonly or dv.len < sv.len):
            continue
        safe = False
        if dv.len < sv.len or dv.readonly:
            safe = True  # BufferError before anything is touched
        elif (is_contig_py(dv, b"C") and is_contig_py(sv, b"C")) or \
                (is_contig_py(dv, b"F") and is_contig_py(sv, b"F")):
            safe = True
        elif dv.ndim == sv.ndim and dv.ndim > 0 and dv.shape and sv.shape \
                and dv.strides and sv.strides and dv.itemsize == sv.itemsize:
            dshape = [dv.shape[k] for k in range(dv.ndim)]
            sshape = [sv.shape[k] for k in range(sv.ndim)]
            safe = all(a >= b for a, b in zip(dshape, sshape))
        elif sv.len == 0 and sv.ndim > 0 and sv.shape and sv.ndim >= dv.ndim:
            safe = True  # nothing to copy
        if not safe:
            continue
        dcap, scap = d[1], s[1]
        joint = cases.groups[di] == cases.groups[si]
        if joint:
            lo, hi = min(dcap.lo, scap.lo), max(dcap.hi, scap.hi)
        else:
            check(dcap.hi <= scap.lo or scap.hi <= dcap.lo or dcap.hi == dcap.lo
                  or scap.hi == scap.lo, "views of different exporters overlap")
            lo, hi = dcap.lo, dcap.hi
        before = ctypes.string_at(lo, hi - lo) if hi > lo else b""
        dmv = MemoryView_FromBuffer(byref(dv))
        smv = MemoryView_FromBuffer(byref(sv))
        try:
            CopyData(dmv, smv)
            err = None
        except Exception as e:
            err = exc_info(e)
        after = ctypes.string_at(lo, hi - lo) if hi > lo else b""
        if before:
            ctypes.memmove(lo, before, len(before))
        dmv.release()
        smv.release()
        entry = {"error": err, "diff": diff(before, after)}
        if joint:
            slots = dict(dcap.slots)
            slots.update(scap.slots)
            entry["joint"] = {
                "mem": before.hex(),
                "relocs": sorted([a - lo, t - lo] for a, t in slots.items()),
                "dest": view_fields(dv, lo), "src": view_fields(sv, lo),
                "dest_case": di, "src_case": si,
            }
        else:
            entry["dest"], entry["src"] = di, si
        out.append(entry)
    return out


FromMemory = sig("PyMemoryView_FromMemory", py_object, c_void_p, c_ssize_t, c_int)


def from_memory_cases():
    """PyMemoryView_FromMemory(mem, size, PyBUF_READ / PyBUF_WRITE): the
    memoryview's flags and view, and what consumers of it get."""
    out = []
    for size in (0, 1, 7, 16):
        for flags in (PyBUF_READ, PyBUF_WRITE):
            mem = ctypes.create_string_buffer(max(size, 1))
            lo = ctypes.addressof(mem)
            mv = FromMemory(lo, size, flags)
            mflags, view = mv_state(mv)
            base = view_fields(view, lo)
            out.append({"size": size, "flags": flags, "mv_flags": mflags, "view": base,
                        "getbuf": getbuf_results(mv, base, lo, STANDARD_FLAGS)})
            mv.release()
    return out


TYPE_NAMES = ["Plain", "mod.Exporter", "A" * 99, "B" * 100, "C" * 101, "D" * 150,
              "E" * 199, "F" * 200, "G" * 201, "H" * 300, "\u00e9" * 60,
              "x" + "\u00e9" * 60, "y" + "\u20ac" * 80]


def type_name_cases():
    """The TypeError messages for objects that export no buffer: CPython
    cuts the type name to 100 bytes in PyObject_GetBuffer and to 200 in
    PyMemoryView_FromObject."""
    out = []
    for name in TYPE_NAMES:
        obj = type(name, (), {})()
        try:
            tb.py_buffer_to_contiguous(obj, "C", PyBUF_SIMPLE)
            raise OracleError("an object without buffer exported one")
        except TypeError as e:
            getbuf = exc_info(e)
        try:
            memoryview(obj)
            raise OracleError("an object without buffer exported one")
        except TypeError as e:
            mview = exc_info(e)
        try:
            MemoryView_GetContiguous(obj, PyBUF_READ, b"C")
            raise OracleError("an object without buffer exported one")
        except TypeError as e:
            check(exc_info(e) == mview, "GetContiguous vs memoryview()")
        out.append([name.encode().hex(), getbuf, mview])
    return out


def compact_errors(doc):
    """Replaces each {"error": [type, message]} in the getbuf lists by
    {"e": index} into doc["errors"], to keep the document small."""
    table, index = [], {}
    lists = [case.get("mv", {}).get("getbuf", []) for case in doc["cases"]]
    lists += [m["getbuf"] for m in doc["from_memory"]]
    for entries in lists:
        for entry in entries:
            err = entry[1].get("error")
            if err is not None:
                key = tuple(err)
                if key not in index:
                    index[key] = len(table)
                    table.append(err)
                entry[1] = {"e": index[key]}
    doc["errors"] = table


def main():
    cases = Cases()
    cases.ndarray_cases(330)
    cases.synthetic_cases(420)
    cases.too_many_dims()
    rng = random.Random(SEED + 1)
    doc = {
        "python": ".".join(map(str, sys.version_info[:3])),
        "seed": SEED,
        "standard_flags": STANDARD_FLAGS,
        "cases": cases.cases,
        "sizes": size_cases(),
        "fill_strides": fill_strides_cases(rng),
        "fill_info": fill_info_cases(),
        "copy_data": copy_data_cases(cases, rng),
        "from_memory": from_memory_cases(),
        "type_names": type_name_cases(),
        "crosschecks": cases.crosschecks,
    }
    compact_errors(doc)
    json.dump(doc, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    try:
        main()
    except OracleError as e:
        print(f"cpython_oracle: inconsistent CPython answers: {e}", file=sys.stderr)
        sys.exit(1)
