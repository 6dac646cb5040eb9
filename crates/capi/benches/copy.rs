//! Copy-kernel benchmark: pybuffer's `PyBuffer_ToContiguous` /
//! `PyBuffer_FromContiguous` against CPython 3.11's own functions (loaded
//! from libpython with `libloading`) and against `memcpy` of the same bytes.
//!
//! Run with `cargo bench -p pybuffer-capi --bench copy`. The CPython column
//! needs libpython3.11: it is found through `PYBUFFER_LIBPYTHON` or
//! `python3`'s sysconfig (`LIBDIR` / `LDLIBRARY`); without it the column
//! reads "n/a". Every implementation's result is checked once against a
//! naive reference before it is timed. Pass a word after `--` to run only
//! the cases whose name contains it.

use std::ffi::{c_char, c_int, c_void};
use std::hint::black_box;
use std::process::Command;
use std::ptr;
use std::time::{Duration, Instant};

use pybuffer::buffer::{PyBuffer_FromContiguous, PyBuffer_ToContiguous};
use pybuffer::ffi::Py_buffer;

// ==========================================================================
// CPython, loaded at run time
// ==========================================================================

/// CPython 3.11's `Py_buffer`, mirrored field for field.
#[repr(C)]
struct CPyBuffer {
    buf: *mut c_void,
    obj: *mut c_void,
    len: isize,
    itemsize: isize,
    readonly: c_int,
    ndim: c_int,
    format: *mut c_char,
    shape: *mut isize,
    strides: *mut isize,
    suboffsets: *mut isize,
    internal: *mut c_void,
}

type ToContiguousFn = unsafe extern "C" fn(*mut c_void, *const CPyBuffer, isize, c_char) -> c_int;
type FromContiguousFn =
    unsafe extern "C" fn(*const CPyBuffer, *const c_void, isize, c_char) -> c_int;

struct CPython {
    to_contiguous: ToContiguousFn,
    from_contiguous: FromContiguousFn,
    _lib: libloading::Library,
}

/// Where libpython3.11 lives, if anywhere.
fn libpython_path() -> Option<String> {
    if let Ok(p) = std::env::var("PYBUFFER_LIBPYTHON") {
        return Some(p);
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig as s; print(s.get_config_var('LIBDIR')); \
             print(s.get_config_var('LDLIBRARY')); print(s.get_python_version())",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let (dir, lib, ver) = (lines.next()?, lines.next()?, lines.next()?);
    (ver == "3.11" && lib.ends_with(".so")).then(|| format!("{dir}/{lib}"))
}

fn load_cpython() -> Option<CPython> {
    let path = libpython_path()?;
    // SAFETY: loading libpython runs no code beyond its initialisers; the
    // symbols are looked up with the exact C signatures of CPython 3.11.
    unsafe {
        let lib = libloading::Library::new(&path).ok()?;
        let init: libloading::Symbol<unsafe extern "C" fn(c_int)> =
            lib.get(b"Py_InitializeEx\0").ok()?;
        init(0);
        let to_contiguous = *lib.get::<ToContiguousFn>(b"PyBuffer_ToContiguous\0").ok()?;
        let from_contiguous = *lib
            .get::<FromContiguousFn>(b"PyBuffer_FromContiguous\0")
            .ok()?;
        Some(CPython {
            to_contiguous,
            from_contiguous,
            _lib: lib,
        })
    }
}

// ==========================================================================
// Views
// ==========================================================================

/// A view over `mem` (which it does not own): shape, strides and optional
/// suboffsets in bytes, starting at byte `offset`.
struct View {
    offset: usize,
    itemsize: usize,
    shape: Vec<isize>,
    strides: Vec<isize>,
    suboffsets: Option<Vec<isize>>,
}

impl View {
    fn items(&self) -> usize {
        self.shape.iter().product::<isize>() as usize
    }

    fn bytes(&self) -> usize {
        self.items() * self.itemsize
    }

    fn ours(&mut self, mem: &mut [u8]) -> Py_buffer {
        let mut v = Py_buffer::zeroed();
        v.buf = mem.as_mut_ptr().wrapping_add(self.offset).cast();
        v.len = self.bytes() as isize;
        v.itemsize = self.itemsize as isize;
        v.ndim = self.shape.len() as c_int;
        v.shape = self.shape.as_mut_ptr();
        v.strides = self.strides.as_mut_ptr();
        v.suboffsets = self
            .suboffsets
            .as_mut()
            .map_or(ptr::null_mut(), |s| s.as_mut_ptr());
        v
    }

    fn cpython(&mut self, mem: &mut [u8]) -> CPyBuffer {
        let v = self.ours(mem);
        CPyBuffer {
            buf: v.buf,
            obj: ptr::null_mut(),
            len: v.len,
            itemsize: v.itemsize,
            readonly: 0,
            ndim: v.ndim,
            format: ptr::null_mut(),
            shape: v.shape,
            strides: v.strides,
            suboffsets: v.suboffsets,
            internal: ptr::null_mut(),
        }
    }

    /// Byte offset in `mem` of every item, in `order` (naive reference; no
    /// suboffset view in this benchmark is really indirect).
    fn offsets(&self, order: u8) -> Vec<usize> {
        let n = self.shape.len();
        let mut idx = vec![0isize; n];
        let mut out = Vec::with_capacity(self.items());
        for _ in 0..self.items() {
            let off: isize = idx.iter().zip(&self.strides).map(|(i, s)| i * s).sum();
            out.push((self.offset as isize + off) as usize);
            let dims: Vec<usize> = if order == b'C' {
                (0..n).rev().collect()
            } else {
                (0..n).collect()
            };
            for d in dims {
                if idx[d] + 1 < self.shape[d] {
                    idx[d] += 1;
                    break;
                }
                idx[d] = 0;
            }
        }
        out
    }
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).rotate_right(13) as u8)
        .collect()
}

// ==========================================================================
// Timing
// ==========================================================================

/// Best time per call of `f`, calling it in batches of `batch` for about
/// `budget` (and at least 3 batches).
fn time(budget: Duration, batch: u32, mut f: impl FnMut()) -> Duration {
    f();
    let start = Instant::now();
    let mut best = Duration::MAX;
    let mut rounds = 0;
    while rounds < 3 || start.elapsed() < budget {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        best = best.min(t.elapsed() / batch);
        rounds += 1;
    }
    best
}

#[derive(Clone, Copy)]
enum Dir {
    To,
    From,
}

struct Case {
    name: &'static str,
    view: View,
    mem_len: usize,
    dir: Dir,
    order: u8,
    /// Report ns per call instead of GB/s.
    per_call: bool,
    /// Target: (minimum speed-up over CPython, minimum fraction of memcpy).
    target: (Option<f64>, Option<f64>),
}

struct Row {
    ours: Duration,
    cpython: Option<Duration>,
    memcpy: Duration,
}

fn run(case: &mut Case, cpy: Option<&CPython>) -> Row {
    let bytes = case.view.bytes();
    let mut mem = pattern(case.mem_len);
    let mut packed = pattern(bytes);
    let order = case.order as c_char;
    let offs = case.view.offsets(case.order);
    let k = case.view.itemsize;
    let budget = if case.per_call {
        Duration::from_millis(300)
    } else {
        Duration::from_millis(900)
    };
    let batch = if case.per_call { 20_000 } else { 1 };

    // The expected bytes, naively.
    let expect_packed: Vec<u8> = offs.iter().flat_map(|&o| mem[o..o + k].to_vec()).collect();
    let mut expect_mem = mem.clone();
    for (i, &o) in offs.iter().enumerate() {
        expect_mem[o..o + k].copy_from_slice(&packed[i * k..(i + 1) * k]);
    }

    let ours_view = case.view.ours(&mut mem);
    let c_view = case.view.cpython(&mut mem);
    let p = packed.as_mut_ptr();
    let len = bytes as isize;
    let (ours, cpython) = match case.dir {
        Dir::To => {
            let call = || {
                assert_eq!(
                    // SAFETY: the view describes `mem`; `packed` holds `len` bytes.
                    unsafe { PyBuffer_ToContiguous(p.cast(), &ours_view, len, order) },
                    0
                )
            };
            call();
            assert!(
                packed == expect_packed,
                "{}: pybuffer result is wrong",
                case.name
            );
            let ours = time(budget, batch, call);
            let cpython = cpy.map(|c| {
                packed.fill(0);
                let call = || {
                    assert_eq!(
                        // SAFETY: as above, with CPython's own function and its mirror of the view.
                        unsafe { (c.to_contiguous)(p.cast(), &c_view, len, order) },
                        0
                    )
                };
                call();
                assert!(
                    packed == expect_packed,
                    "{}: CPython result is wrong",
                    case.name
                );
                time(budget, batch, call)
            });
            (ours, cpython)
        }
        Dir::From => {
            let original = mem.clone();
            let call = || {
                assert_eq!(
                    // SAFETY: the view describes `mem`; `packed` holds `len` bytes.
                    unsafe { PyBuffer_FromContiguous(&ours_view, p.cast(), len, order) },
                    0
                )
            };
            call();
            assert!(mem == expect_mem, "{}: pybuffer result is wrong", case.name);
            let ours = time(budget, batch, call);
            let cpython = cpy.map(|c| {
                mem.copy_from_slice(&original);
                let call = || {
                    assert_eq!(
                        // SAFETY: as above, with CPython's own function and its mirror of the view.
                        unsafe { (c.from_contiguous)(&c_view, p.cast(), len, order) },
                        0
                    )
                };
                call();
                assert!(mem == expect_mem, "{}: CPython result is wrong", case.name);
                time(budget, batch, call)
            });
            (ours, cpython)
        }
    };
    let src = pattern(bytes);
    let mut dst = vec![0u8; bytes];
    let memcpy = time(budget, batch, || {
        // SAFETY: two distinct buffers of `bytes` bytes.
        unsafe {
            ptr::copy_nonoverlapping(black_box(src.as_ptr()), black_box(dst.as_mut_ptr()), bytes)
        }
    });
    Row {
        ours,
        cpython,
        memcpy,
    }
}

fn main() {
    let cpy = load_cpython();
    let big = 4096usize;
    let strided_u8 = || View {
        offset: 0,
        itemsize: 1,
        shape: vec![4096, 2048],
        strides: vec![4096, 2],
        suboffsets: None,
    };
    let f64_f = |n: isize| View {
        offset: 0,
        itemsize: 8,
        shape: vec![n, n],
        strides: vec![8, 8 * n],
        suboffsets: None,
    };
    let mut cases = vec![
        Case {
            name: "ToContiguous 'C'   u8 [4096,2048] strides [4096,2]",
            view: strided_u8(),
            mem_len: big * big,
            dir: Dir::To,
            order: b'C',
            per_call: false,
            target: (Some(20.0), None),
        },
        Case {
            name: "FromContiguous 'C' u8 [4096,2048] strides [4096,2]",
            view: strided_u8(),
            mem_len: big * big,
            dir: Dir::From,
            order: b'C',
            per_call: false,
            target: (Some(30.0), None),
        },
        Case {
            name: "ToContiguous 'F'   u8 [4096,2048] strides [4096,2]",
            view: strided_u8(),
            mem_len: big * big,
            dir: Dir::To,
            order: b'F',
            per_call: false,
            target: (Some(30.0), None),
        },
        Case {
            name: "FromContiguous 'F' u8 [4096,2048] strides [4096,2]",
            view: strided_u8(),
            mem_len: big * big,
            dir: Dir::From,
            order: b'F',
            per_call: false,
            target: (Some(30.0), None),
        },
        Case {
            name: "ToContiguous 'C'   f64 2048x2048 F-contiguous (transpose)",
            view: f64_f(2048),
            mem_len: 2048 * 2048 * 8,
            dir: Dir::To,
            order: b'C',
            per_call: false,
            target: (None, Some(0.40)),
        },
        Case {
            name: "FromContiguous 'C' f64 2048x2048 F-contiguous (transpose)",
            view: f64_f(2048),
            mem_len: 2048 * 2048 * 8,
            dir: Dir::From,
            order: b'C',
            per_call: false,
            target: (None, Some(0.40)),
        },
        Case {
            name: "ToContiguous 'C'   u8 [4096,4096] C-contiguous",
            view: View {
                offset: 0,
                itemsize: 1,
                shape: vec![4096, 4096],
                strides: vec![4096, 1],
                suboffsets: None,
            },
            mem_len: big * big,
            dir: Dir::To,
            order: b'C',
            per_call: false,
            target: (None, Some(0.9)),
        },
        Case {
            // Suboffsets (all -1) make both libraries skip their contiguous
            // shortcut, so this measures the copy kernels on contiguous data.
            name: "ToContiguous 'C'   u8 [4096,4096] C-contiguous, suboffsets -1",
            view: View {
                offset: 0,
                itemsize: 1,
                shape: vec![4096, 4096],
                strides: vec![4096, 1],
                suboffsets: Some(vec![-1, -1]),
            },
            mem_len: big * big,
            dir: Dir::To,
            order: b'C',
            per_call: false,
            target: (None, Some(0.9)),
        },
        Case {
            name: "ToContiguous 'C'   f64 16x16 transposed (ns per call)",
            view: f64_f(16),
            mem_len: 16 * 16 * 8,
            dir: Dir::To,
            order: b'C',
            per_call: true,
            target: (None, None),
        },
    ];

    // `cargo bench --bench copy -- WORD` runs only the cases whose name
    // contains WORD.
    if let Some(word) = std::env::args().skip(1).find(|a| !a.starts_with("--")) {
        cases.retain(|c| c.name.contains(&word));
    }
    match &cpy {
        Some(_) => println!("CPython: {}", libpython_path().unwrap_or_default()),
        None => {
            println!("CPython: libpython3.11 not found (set PYBUFFER_LIBPYTHON); column shows n/a")
        }
    }
    println!(
        "{:<64} {:>12} {:>12} {:>12} {:>10} {:>9}  target",
        "layout", "pybuffer", "CPython3.11", "memcpy", "vs CPython", "vs memcpy"
    );
    for case in &mut cases {
        let row = run(case, cpy.as_ref());
        let bytes = case.view.bytes() as f64;
        let show = |d: Duration| {
            if case.per_call {
                format!("{:.0} ns", d.as_secs_f64() * 1e9)
            } else {
                format!("{:.2} GB/s", bytes / d.as_secs_f64() / 1e9)
            }
        };
        let speedup = row
            .cpython
            .map(|c| c.as_secs_f64() / row.ours.as_secs_f64());
        let frac = row.memcpy.as_secs_f64() / row.ours.as_secs_f64();
        let mut verdict = Vec::new();
        if let Some(min) = case.target.0 {
            verdict.push(match speedup {
                Some(s) => format!(
                    ">= {min}x CPython: {}",
                    if s >= min { "met" } else { "NOT met" }
                ),
                None => format!(">= {min}x CPython: n/a"),
            });
        }
        if let Some(min) = case.target.1 {
            let ok = if frac >= min { "met" } else { "NOT met" };
            verdict.push(format!(">= {:.0}% memcpy: {ok}", min * 100.0));
        }
        if case.per_call {
            let ok = if row.ours < Duration::from_nanos(100) {
                "met"
            } else {
                "NOT met"
            };
            verdict.push(format!("< 100 ns: {ok}"));
        }
        println!(
            "{:<64} {:>12} {:>12} {:>12} {:>10} {:>9}  {}",
            case.name,
            show(row.ours),
            row.cpython.map_or("n/a".into(), show),
            show(row.memcpy),
            speedup.map_or("n/a".into(), |s| format!("{s:.1}x")),
            format!("{:.0}%", frac * 100.0),
            verdict.join("; "),
        );
    }
}
