#!/usr/bin/env python3
"""Builds imageops.c as a real CPython extension and tests it.

The same source that compiles against pybuffer's header is compiled here
with a direct `cc -shared -fPIC $(python3-config --includes)`, imported into
this interpreter and checked against pure-Python references on
memoryview and _testbuffer.ndarray inputs: C-contiguous, strided, with
negative strides, grayscale and RGBA, plus the error paths.

Prints TAP ("ok N - ...", then "1..N") and exits nonzero on a failure.
Prints "1..0 # SKIP <reason>" when there is no C compiler, no
python3-config for this interpreter, or no Python headers.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "imageops.c")

count = 0
failed = 0


def check(cond, what):
    global count, failed
    count += 1
    if cond:
        print(f"ok {count} - {what}")
    else:
        failed += 1
        print(f"not ok {count} - {what}")


def raises(exc, fn, *args, match=None):
    """Whether fn(*args) raises exc (with `match` in its message)."""
    try:
        fn(*args)
    except exc as e:
        if match is not None and match not in str(e):
            print(f"# {exc.__name__} message {str(e)!r} lacks {match!r}")
            return False
        return True
    except Exception as e:  # noqa: BLE001 - report the wrong type
        print(f"# expected {exc.__name__}, got {type(e).__name__}: {e}")
        return False
    print(f"# expected {exc.__name__}, nothing raised")
    return False


def skip(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


def find_config():
    """python3-config of this interpreter: (includes, extension suffix)."""
    candidates = [os.path.join(os.path.dirname(sys.executable), "python3-config"),
                  shutil.which("python3-config")]
    for cfg in candidates:
        if not cfg or not os.path.exists(cfg):
            continue
        try:
            includes = subprocess.run([cfg, "--includes"], capture_output=True, text=True,
                                      check=True).stdout.split()
            suffix = subprocess.run([cfg, "--extension-suffix"], capture_output=True, text=True,
                                    check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            continue
        if suffix == sysconfig.get_config_var("EXT_SUFFIX"):
            return includes, suffix
    return None


def build(tmp):
    cc = os.environ.get("CC", "cc")
    if shutil.which(cc) is None:
        skip(f"no C compiler ({cc})")
    config = find_config()
    if config is None:
        skip("no python3-config for this interpreter")
    includes, suffix = config
    dirs = [flag[2:] for flag in includes if flag.startswith("-I")]
    if not any(os.path.exists(os.path.join(d, "Python.h")) for d in dirs):
        skip("Python headers (Python.h) are not installed")
    out = os.path.join(tmp, "imageops" + suffix)
    cmd = [cc, "-shared", "-fPIC", "-Wall", "-Wextra", *includes, SOURCE, "-o", out]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    check(proc.returncode == 0, "imageops.c builds as a CPython extension")
    if proc.returncode != 0:
        print("# " + proc.stderr.replace("\n", "\n# "))
        print(f"1..{count}")
        sys.exit(1)
    own = [line for line in proc.stderr.splitlines() if "imageops.c" in line and "warning" in line]
    for line in own:
        print("# " + line)
    check(not own, "imageops.c compiles without warnings against CPython's headers")
    spec = importlib.util.spec_from_file_location("imageops", out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- pure-Python references on nested lists --------------------------------

def ref_invert(img):
    def px(p):
        if isinstance(p, list):
            keep_alpha = len(p) in (2, 4)
            return [v if keep_alpha and i == len(p) - 1 else 255 - v for i, v in enumerate(p)]
        return 255 - p
    return [[px(p) for p in row] for row in img]


def ref_flip(img, axis):
    return img[::-1] if axis == 0 else [row[::-1] for row in img]


def ref_transpose(img):
    return [list(col) for col in zip(*img)]


def ref_box_blur(img, r):
    h, w = len(img), len(img[0])
    gray = not isinstance(img[0][0], list)
    nc = 1 if gray else len(img[0][0])
    get = (lambda y, x, c: img[y][x]) if gray else (lambda y, x, c: img[y][x][c])
    out = []
    for y in range(h):
        row = []
        for x in range(w):
            px = []
            for c in range(nc):
                ys = range(max(0, y - r), min(h - 1, y + r) + 1)
                xs = range(max(0, x - r), min(w - 1, x + r) + 1)
                total = sum(get(yy, xx, c) for yy in ys for xx in xs)
                n = len(ys) * len(xs)
                px.append((total + n // 2) // n)
            row.append(px[0] if gray else px)
        out.append(row)
    return out


def ref_mean(img):
    flat = []
    for row in img:
        for p in row:
            flat.extend(p if isinstance(p, list) else [p])
    return sum(flat) / len(flat)


# ---- inputs -----------------------------------------------------------------

def pattern(n, seed=7):
    return [(i * 37 + seed * 11 + (i * i) % 13) % 256 for i in range(n)]


def mv(shape, seed=7):
    """A C-contiguous writable memoryview of the given shape."""
    n = 1
    for d in shape:
        n *= d
    return memoryview(bytearray(pattern(n, seed))).cast("B", shape)


def nd(shape, seed=7, fortran=False):
    """A writable _testbuffer.ndarray, C- or Fortran-ordered; slicing it
    gives strided views of the same memory."""
    from _testbuffer import ND_FORTRAN, ND_WRITABLE, ndarray
    n = 1
    for d in shape:
        n *= d
    flags = ND_WRITABLE | (ND_FORTRAN if fortran else 0)
    return ndarray(pattern(n, seed), shape=list(shape), format="B", flags=flags)


def layouts():
    """(name, writable view) pairs covering the layouts the functions accept."""
    out = [("contiguous 5x7 grayscale memoryview", mv([5, 7])),
           ("contiguous 4x6 RGBA memoryview", mv([4, 6, 4]))]
    try:
        import _testbuffer  # noqa: F401
    except ImportError:
        print("# _testbuffer missing: strided layouts not tested")
        return out
    out += [
        ("strided grayscale (every other row and column)", nd([9, 11])[::2, 1::2]),
        ("negative strides grayscale", nd([6, 5])[::-1, ::-1]),
        ("negative row stride RGBA", nd([5, 4, 4])[::-1]),
        ("column-strided RGBA with reversed channels", nd([4, 8, 4])[:, ::3, ::-1]),
        ("RGB (3 channels), reversed columns", nd([3, 5, 3])[:, ::-1]),
        ("Fortran-ordered grayscale", nd([4, 3], fortran=True)),
        ("Fortran-ordered RGBA", nd([3, 5, 4], fortran=True)),
    ]
    return out


def view_of(x):
    return x if isinstance(x, memoryview) else memoryview(x)


def tolist(x):
    return view_of(x).tolist()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        m = build(tmp)
        check(m.__name__ == "imageops" and m.__doc__.startswith("Image operations"),
              "module name and docstring")

        for name, img in layouts():
            before = tolist(img)
            m.invert(img)
            check(tolist(img) == ref_invert(before), f"invert: {name}")
            m.invert(img)
            check(tolist(img) == before, f"invert twice is the identity: {name}")

            for axis in (0, 1):
                before = tolist(img)
                m.flip(img, axis)
                check(tolist(img) == ref_flip(before, axis), f"flip axis {axis}: {name}")

            src = tolist(img)
            shape = view_of(img).shape
            dst = mv([shape[1], shape[0], *shape[2:]], seed=3)
            m.transpose(img, dst)
            check(dst.tolist() == ref_transpose(src), f"transpose: {name}")

            for r in (0, 1, 2):
                dst = mv(list(shape), seed=5)
                m.box_blur(img, dst, r)
                check(dst.tolist() == ref_box_blur(src, r), f"box_blur radius {r}: {name}")

            check(abs(m.mean(img) - ref_mean(src)) < 1e-9, f"mean: {name}")

        # Output buffers may themselves be strided.
        try:
            src = nd([3, 4, 4])
            dst_base = nd([8, 6, 4], seed=1)
            dst = dst_base[::2, ::-2]  # 4 x 3 x 4 with negative column stride
            m.transpose(src, dst)
            check(tolist(dst) == ref_transpose(tolist(src)), "transpose into a strided dst")
            blur_dst = nd([6, 8, 4], seed=2)[::2, ::2]
            m.box_blur(src, blur_dst, 1)
            check(tolist(blur_dst) == ref_box_blur(tolist(src), 1), "box_blur into a strided dst")
        except ImportError:
            pass

        big = mv([6, 9, 4])
        dst = mv([6, 9, 4], seed=9)
        m.box_blur(big, dst, 1000)
        check(dst.tolist() == ref_box_blur(big.tolist(), 1000), "box_blur with a radius larger than the image")

        # Errors, with CPython's exception types.
        gray = mv([3, 4])
        check(raises(BufferError, m.invert, memoryview(bytes(12)).cast("B", [3, 4])),
              "invert on a read-only view raises BufferError")
        check(raises(TypeError, m.invert, memoryview(bytearray(24)).cast("d"), match="format 'd'"),
              "invert on doubles raises TypeError")
        check(raises(TypeError, m.invert, memoryview(bytearray(24)).cast("H", [3, 4])),
              "invert on format 'H' raises TypeError")
        check(raises(ValueError, m.invert, memoryview(bytearray(8)), match="not 1-D"),
              "invert on a 1-D view raises ValueError")
        check(raises(ValueError, m.invert, mv([2, 2, 5]), match="not 5"), "invert with 5 channels raises ValueError")
        check(raises(TypeError, m.invert, 5), "invert on an int raises TypeError")
        check(raises(ValueError, m.flip, gray, 2, match="not 2"), "flip with axis 2 raises ValueError")
        check(raises(TypeError, m.flip, gray, 1.0), "flip with a float axis raises TypeError")
        check(raises(TypeError, m.flip, gray, match="(1 given)"), "flip with one argument raises TypeError")
        check(raises(TypeError, m.transpose, gray), "transpose with one argument raises TypeError")
        check(raises(ValueError, m.transpose, gray, mv([3, 4]), match="dst must be 4 x 3"), "transpose into the wrong shape")
        check(raises(BufferError, m.transpose, gray, memoryview(bytes(12)).cast("B", [4, 3])),
              "transpose into a read-only dst raises BufferError")
        sq = mv([4, 4])
        check(raises(ValueError, m.transpose, sq, sq, match="overlap"), "transpose in place raises ValueError (overlap)")
        check(raises(ValueError, m.box_blur, sq, sq, 1, match="overlap"), "box_blur in place raises ValueError (overlap)")
        check(raises(ValueError, m.box_blur, gray, mv([3, 4]), -1, match="not -1"), "negative radius raises ValueError")
        check(raises(ValueError, m.box_blur, gray, mv([4, 3]), 1), "box_blur into the wrong shape")
        check(raises(OverflowError, m.box_blur, gray, mv([3, 4]), 2 ** 70), "huge radius raises OverflowError")
        check(raises(ValueError, m.mean, mv([3, 4])[0:0], match="empty"),
              "mean of an empty image raises ValueError")
        check(m.mean(memoryview(bytes([0, 255, 255, 0])).cast("B", [2, 2])) == 127.5,
              "mean accepts read-only views")

        # Every buffer was released: a bytearray with an export cannot resize.
        ba = bytearray(pattern(12))
        view = memoryview(ba).cast("B", [3, 4])
        m.invert(view)
        m.flip(view, 0)
        m.mean(view)
        raises(ValueError, m.transpose, view, mv([3, 4]))  # fails holding both buffers
        raises(ValueError, m.box_blur, view, view, 1)
        raises(TypeError, m.invert, memoryview(bytearray(24)).cast("H", [3, 4]))
        try:
            view.release()  # raises BufferError while an export is held
            ba.append(0)
            released = True
        except BufferError:
            released = False
        check(released, "every buffer is released, on success and on error")

    print(f"1..{count}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
