# The Cython feature matrix (scripts/c-tests.sh): this module is compiled by
# each pinned Cython release (0.29, 3.0 as C and C++, 3.1), then built
# against CPython's headers and against pybuffer's, and features.c drives
# both builds; their outputs must be identical. It covers what Cython's
# generated code does for each language feature: generators, generator
# expressions, closures, coroutines, fused functions, typed memoryviews,
# cdef classes with special methods and pickling, Python classes,
# exceptions, keyword-only arguments, module globals and module-level
# imports of the native standard-library modules (math, errno,
# collections.abc). Cython 0.29 and 3.0 output with a generator calls
# PyRun_String only to register with collections.abc (switched off in
# pyconfig.h), and 0.29 reads the interpreter's config to decide whether
# assert runs. A Python class derives from collections.abc.MutableSequence,
# imported both ways.
# cython: language_level=3
import sys
import math
import errno
import collections.abc
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from libc.string cimport memcpy

cdef class Point:
    cdef public double x
    cdef readonly double y
    cdef object _tag
    def __cinit__(self, double x=0, double y=0, tag=None):
        self.x = x; self.y = y; self._tag = tag
    property tag:
        def __get__(self): return self._tag
        def __set__(self, v): self._tag = v
    def __repr__(self): return f"Point({self.x!r}, {self.y:.1f})"
    def __eq__(self, other):
        return isinstance(other, Point) and self.x == (<Point>other).x
    def __hash__(self): return hash((self.x, self.y))
    def __add__(self, other): return Point(self.x + other.x, self.y + other.y)
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __reduce__(self): return (Point, (self.x, self.y))
    @staticmethod
    def origin(): return Point()
    @classmethod
    def make(cls, v): return cls(v, v)

cdef class Sub(Point):
    cdef list items
    def __init__(self, *a, **k):
        self.items = [1, 2, 3]
    cpdef int total(self):
        return sum(self.items)

class PyClass(object):
    attr = 5
    def __init__(self, a, *, b=2, **kw):
        self.a = a; self.b = b; self.kw = kw
    def method(self): return self.a + self.b
    @property
    def prop(self): return self.a * 10

class MyError(ValueError):
    pass

def gen(n):
    for i in range(n):
        yield i * i
    return "done"

def genexpr(seq):
    return list(x + 1 for x in seq)

def comps(seq):
    return [x for x in seq if x], {x: str(x) for x in seq}, {x % 3 for x in seq}

def closure(a):
    def inner(b):
        nonlocal a
        a += b
        return a
    return inner

async def coro(x):
    return x * 2

def run_coro(x):
    c = coro(x)
    try:
        c.send(None)
    except StopIteration as e:
        return e.value

def lam(seq):
    return sorted(seq, key=lambda v: -v)

def strings(name, n):
    return "%s-%d" % (name, n), "{}:{}".format(name, n), f"{name!s}/{n:04d}", name.upper().split("A"), b"ab" + bytes([n])

def exceptions(v):
    try:
        if v == 0:
            raise MyError("zero")
        if v == 1:
            raise KeyError(v)
        return 1 / v
    except MyError as e:
        return ("myerror", str(e))
    except (KeyError, IndexError) as e:
        return ("lookup", repr(e))
    except ZeroDivisionError:
        return "zde"
    finally:
        pass

def with_stmt(cm):
    with cm as v:
        return v

def kwargs_only(a, b=1, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

ctypedef fused number:
    int
    double

def fused_add(number a, number b):
    return a + b

def memview(double[:] arr):
    cdef Py_ssize_t i
    cdef double s = 0
    for i in range(arr.shape[0]):
        s += arr[i]
    return s

def memview2d(unsigned char[:, ::1] m):
    m[0, 0] = 7
    return m.shape[0] * m.shape[1]

def buffer_copy(const unsigned char[:] src):
    cdef bytearray out = bytearray(src.shape[0])
    cdef unsigned char[:] dst = out
    if src.shape[0]:
        memcpy(&dst[0], &src[0], src.shape[0])
    return bytes(out)

def dicts(d):
    out = {}
    for k, v in d.items():
        out[v] = k
    out.update(a=1)
    return out, d.get("zz", 9), list(d.keys()), tuple(d.values())

def sets(a, b):
    return set(a) | set(b), frozenset(a) & frozenset(b)

def ints(a, b):
    return a // b, a % b, a ** 2, divmod(a, b), a << 3, abs(-a), int("12"), float(a), round(a / 3, 2)

def slicing(seq):
    return seq[1:3], seq[::-1], seq[-1]

def builtins_use(seq):
    return len(seq), min(seq), max(seq), any(seq), all(seq), list(zip(seq, seq)), list(enumerate(seq)), list(map(str, seq)), list(filter(None, seq)), isinstance(seq, list), getattr(seq, "count")(1)

def unpack(t):
    a, *b, c = t
    return a, b, c

def globals_use():
    global COUNTER
    COUNTER += 1
    return COUNTER

COUNTER = 0

def print_it(x):
    print(x, end="")

def yield_from(n):
    yield from gen(n)
    yield from range(2)

def sys_use():
    return sys.maxsize > 0

def asserts(x):
    assert x > 0, "must be positive"
    return x


def stdmath(x):
    return (math.sqrt(x), math.floor(x), math.gcd(12, 18), math.isqrt(10**40),
            math.fsum([0.1] * 10), errno.ENOENT, errno.errorcode[errno.EAGAIN])

class Stack(MutableSequence):
    def __init__(self, items=()):
        self._items = list(items)
    def __getitem__(self, i): return self._items[i]
    def __setitem__(self, i, v): self._items[i] = v
    def __delitem__(self, i): del self._items[i]
    def __len__(self): return len(self._items)
    def insert(self, i, v): self._items.insert(i, v)

def abcs(seq):
    s = Stack(seq)
    s.append(9)
    s.extend([7, 8])
    s.reverse()
    s.remove(9)
    s += [6]
    return (list(s), s.index(7), s.count(8), 8 in s, list(reversed(s)), s.pop(), type(s).__mro__[1].__name__,
            isinstance(s, Sequence), isinstance({}, Mapping), isinstance(seq, Iterable),
            issubclass(dict, collections.abc.MutableMapping), isinstance(s, collections.abc.Hashable))
