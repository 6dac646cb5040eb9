//! Copy-kernel benchmark: pybuffer's `PyBuffer_ToContiguous` /
//! `PyBuffer_FromContiguous` against CPython 3.11's own functions (loaded
//! from libpython with `libloading`, in the same process) and against
//! `memcpy` of the same number of bytes, for each layout class of issue 9,
//! in both orders and both directions, at each CPU level.
//!
//! Run with `cargo bench -p pybuffer-capi --bench copy`; a word after `--`
//! runs only the cases whose title contains it (`-- PIL`), and
//! `PYBUFFER_BENCH_LEVELS=avx512,avx2` only those levels, and
//! `PYBUFFER_BENCH_PROFILE=ToF` (`ToC`, `FromC`, `FromF`) loops pybuffer's
//! call alone, for a profiler (see `profile`), at the first level
//! `PYBUFFER_BENCH_LEVELS` selects (the benchmark sets the level itself,
//! over any `PYBUFFER_DISABLE_CPU_FEATURES`). The CPython
//! column needs libpython3.11, found through `PYBUFFER_LIBPYTHON` or
//! `python3`'s sysconfig; without it the column reads "n/a".
//!
//! Method: every implementation's result is checked once against a naive
//! item-by-item reference (`PyBuffer_GetPointer` semantics) before it is
//! timed. Then, three times over, CPython is timed and pybuffer is timed at
//! each CPU level (switched in-process, as `PYBUFFER_DISABLE_CPU_FEATURES`
//! would at load time); a level's ratio is the median of its three paired
//! ratios. Each timing is the median time per call over a short burst, in
//! the thread's CPU time (the machine may be shared: see `cpu_now`).

use std::ffi::{c_char, c_int, c_void};
use std::hint::black_box;
use std::process::Command;
use std::ptr;
use std::time::{Duration, Instant};

use pybuffer::buffer::{PyBuffer_FromContiguous, PyBuffer_ToContiguous};
use pybuffer::copy::cpu;
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

/// A view over memory of its own: shape, strides and optional suboffsets in
/// bytes, item (0, …, 0) (or the pointer table) at byte `offset` of `mem`.
/// With `rows`, the first 8 * rows.len() bytes from `offset` are a table of
/// pointers to `mem + rows[i]` (filled in by [`View::new`]).
struct View {
    mem: Vec<u8>,
    offset: usize,
    itemsize: usize,
    shape: Vec<isize>,
    strides: Vec<isize>,
    suboffsets: Option<Vec<isize>>,
}

impl View {
    fn new(
        mem_len: usize,
        offset: usize,
        itemsize: usize,
        shape: &[isize],
        strides: &[isize],
        suboffsets: Option<&[isize]>,
        rows: &[usize],
    ) -> View {
        let mut mem = pattern(mem_len, 1);
        let base = mem.as_ptr() as usize;
        for (i, &r) in rows.iter().enumerate() {
            let at = offset + 8 * i;
            mem[at..at + 8].copy_from_slice(&(base + r).to_ne_bytes());
        }
        View {
            mem,
            offset,
            itemsize,
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            suboffsets: suboffsets.map(<[isize]>::to_vec),
        }
    }

    fn items(&self) -> usize {
        self.shape.iter().product::<isize>() as usize
    }

    fn bytes(&self) -> usize {
        self.items() * self.itemsize
    }

    fn ours(&mut self) -> Py_buffer {
        let mut v = Py_buffer::zeroed();
        v.buf = self.mem.as_mut_ptr().wrapping_add(self.offset).cast();
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

    fn cpython(&mut self) -> CPyBuffer {
        let v = self.ours();
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

    /// Byte offset in `mem` of every item, in `order` (the naive reference:
    /// `PyBuffer_GetPointer` per index, pointer tables followed).
    fn offsets(&self, order: u8) -> Vec<usize> {
        let n = self.shape.len();
        let base = self.mem.as_ptr() as usize;
        let mut idx = vec![0isize; n];
        let mut out = Vec::with_capacity(self.items());
        for _ in 0..self.items() {
            let mut at = self.offset as isize;
            for d in 0..n {
                at += idx[d] * self.strides[d];
                if let Some(s) = self.suboffsets.as_ref().filter(|s| s[d] >= 0) {
                    let slot = &self.mem[at as usize..at as usize + 8];
                    let p = usize::from_ne_bytes(slot.try_into().unwrap());
                    at = (p - base) as isize + s[d];
                }
            }
            out.push(at as usize);
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

fn pattern(n: usize, seed: u32) -> Vec<u8> {
    (0..n)
        .map(|i| {
            (i as u32 ^ seed)
                .wrapping_mul(2_654_435_761)
                .rotate_right(13) as u8
        })
        .collect()
}

/// A permutation of `0..n` (a fixed multiplicative shuffle).
fn permutation(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

// ==========================================================================
// Cases
// ==========================================================================

#[derive(Clone, Copy, PartialEq)]
enum Dir {
    To,
    From,
}

/// What a row must reach, and at which CPU levels it applies.
#[derive(Clone, Copy)]
enum Goal {
    /// At least this many times CPython's speed.
    Faster(f64),
    /// At least this fraction of memcpy's speed.
    Memcpy(f64),
    /// At most this many nanoseconds per call.
    Nanos(f64),
}

#[derive(Clone, Copy)]
struct Target {
    goal: Goal,
    /// Levels (names from `cpu::level()`) the target applies to; empty: all.
    levels: &'static [&'static str],
    /// A figure that met its target before issue 9 and must not regress.
    keep: bool,
}

struct Case {
    title: &'static str,
    make: fn() -> View,
    /// (direction, order, target) rows.
    rows: Vec<(Dir, u8, Option<Target>)>,
    /// Report ns per call instead of GB/s.
    per_call: bool,
}

const DEFAULT: &[&str] = &["avx512"];

fn faster(x: f64, keep: bool) -> Option<Target> {
    Some(Target {
        goal: Goal::Faster(x),
        levels: DEFAULT,
        keep,
    })
}

fn cases() -> Vec<Case> {
    use Dir::{From, To};
    vec![
        Case {
            title: "every other column: u8 [4096,2048] strides [4096,2]",
            make: || View::new(4096 * 4096, 0, 1, &[4096, 2048], &[4096, 2], None, &[]),
            rows: vec![
                (To, b'C', faster(54.0, true)),
                (From, b'C', faster(69.0, true)),
                (To, b'F', faster(40.0, false)),
                (From, b'F', faster(40.0, false)),
            ],
            per_call: false,
        },
        Case {
            title: "3-D f32 [::-1, :, ::2] of 256x256x64: [256,256,32] strides [-65536,256,8]",
            make: || {
                let (shape, strides) = ([256, 256, 32], [-65536, 256, 8]);
                View::new(1 << 24, 255 * 65536, 4, &shape, &strides, None, &[])
            },
            rows: vec![
                (To, b'C', faster(20.0, false)),
                (From, b'C', faster(20.0, false)),
                (To, b'F', faster(20.0, false)),
                (From, b'F', faster(20.0, false)),
            ],
            per_call: false,
        },
        Case {
            title: "PIL: 4096 permuted row pointers x 4096 u8, suboffsets [0,-1]",
            make: || {
                let rows: Vec<usize> = permutation(4096).iter().map(|r| 32768 + r * 4096).collect();
                let subs = [0isize, -1];
                View::new(
                    32768 + (1 << 24),
                    0,
                    1,
                    &[4096, 4096],
                    &[8, 1],
                    Some(&subs),
                    &rows,
                )
            },
            rows: vec![
                (To, b'C', None),
                (From, b'C', faster(73.0, true)),
                (To, b'F', faster(30.0, false)),
                (From, b'F', faster(30.0, false)),
            ],
            per_call: false,
        },
        Case {
            title: "broadcast: u8 [4096,4096] strides [0,1]",
            make: || View::new(4096, 0, 1, &[4096, 4096], &[0, 1], None, &[]),
            rows: vec![
                (
                    To,
                    b'C',
                    Some(Target {
                        goal: Goal::Faster(1.0),
                        levels: &[],
                        keep: false,
                    }),
                ),
                (To, b'F', None),
                (From, b'C', None),
            ],
            per_call: false,
        },
        Case {
            title: "f64 2048x2048 F-contiguous, copied in C order (a transpose)",
            make: || {
                View::new(
                    2048 * 2048 * 8,
                    0,
                    8,
                    &[2048, 2048],
                    &[8, 8 * 2048],
                    None,
                    &[],
                )
            },
            rows: vec![
                (
                    To,
                    b'C',
                    Some(Target {
                        goal: Goal::Memcpy(0.88),
                        levels: DEFAULT,
                        keep: true,
                    }),
                ),
                (
                    To,
                    b'C',
                    Some(Target {
                        goal: Goal::Memcpy(0.60),
                        levels: &["avx2"],
                        keep: false,
                    }),
                ),
                (From, b'C', None),
            ],
            per_call: false,
        },
        Case {
            title: "u8 [4096,4096] C-contiguous, suboffsets all -1 (no shortcut)",
            make: || {
                let subs = [-1isize, -1];
                View::new(1 << 24, 0, 1, &[4096, 4096], &[4096, 1], Some(&subs), &[])
            },
            rows: vec![(
                To,
                b'C',
                Some(Target {
                    goal: Goal::Memcpy(0.9),
                    levels: &[],
                    keep: false,
                }),
            )],
            per_call: false,
        },
        Case {
            title: "f64 16x16 transposed view, per call",
            make: || View::new(16 * 16 * 8, 0, 8, &[16, 16], &[8, 128], None, &[]),
            rows: vec![(
                To,
                b'C',
                Some(Target {
                    goal: Goal::Nanos(100.0),
                    levels: DEFAULT,
                    keep: true,
                }),
            )],
            per_call: true,
        },
    ]
}

/// A view of `shape` / `strides` (in bytes, any signs) over memory just
/// large enough for it, its first item placed so that every item is inside.
fn strided(itemsize: usize, shape: &[isize], strides: &[isize]) -> View {
    let below: isize = shape
        .iter()
        .zip(strides)
        .map(|(&n, &s)| ((n - 1) * s).min(0))
        .sum();
    let above: isize = shape
        .iter()
        .zip(strides)
        .map(|(&n, &s)| ((n - 1) * s).max(0))
        .sum();
    let offset = (-below) as usize;
    View::new(
        offset + above as usize + itemsize,
        offset,
        itemsize,
        shape,
        strides,
        None,
        &[],
    )
}

/// A PIL-style view: `rows` row pointers (permuted) to rows of `per_row`
/// items of `itemsize` bytes, suboffsets `[0, -1]`.
fn pil(rows: usize, per_row: usize, itemsize: usize) -> View {
    let row_bytes = per_row * itemsize;
    let table = 8 * rows;
    let ptrs: Vec<usize> = permutation(rows)
        .iter()
        .map(|r| table + r * row_bytes)
        .collect();
    View::new(
        table + rows * row_bytes,
        0,
        itemsize,
        &[rows as isize, per_row as isize],
        &[8, itemsize as isize],
        Some(&[0, -1]),
        &ptrs,
    )
}

/// `PYBUFFER_BENCH_SWEEP=1`: more shapes in each layout class of issue 9
/// (other item sizes, steps, ranks and broadcast dimensions), both orders
/// and directions, without targets: the acceptance benchmark picks its own
/// shapes, so a class must be fast beyond the shapes `cases` tunes for.
fn sweep_cases() -> Vec<Case> {
    use Dir::{From, To};
    let all = || {
        vec![
            (To, b'C', None),
            (From, b'C', None),
            (To, b'F', None),
            (From, b'F', None),
        ]
    };
    let to_only = || vec![(To, b'C', None), (To, b'F', None)];
    vec![
        Case {
            title: "sweep: u16 every other column [2048,2048] strides [8192,4]",
            make: || strided(2, &[2048, 2048], &[8192, 4]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: f32 every other column [2048,1024] strides [8192,8]",
            make: || strided(4, &[2048, 1024], &[8192, 8]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: f64 every other column [1024,1024] strides [16384,16]",
            make: || strided(8, &[1024, 1024], &[16384, 16]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: u8 every third column [4096,1365] strides [4096,3]",
            make: || strided(1, &[4096, 1365], &[4096, 3]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: c128 every other column [1024,512] strides [16384,32]",
            make: || strided(16, &[1024, 512], &[16384, 32]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: f64 [::-1, ::2] of 2048x2048: [2048,1024] strides [-16384,16]",
            make: || strided(8, &[2048, 1024], &[-16384, 16]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: u8 3-D [::-1, :, ::2] of 256x256x128: [256,256,64] strides [-32768,128,2]",
            make: || strided(1, &[256, 256, 64], &[-32768, 128, 2]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: i16 3-D [:, ::-1, ::3] of 128x512x96: [128,512,32] strides [98304,-192,6]",
            make: || strided(2, &[128, 512, 32], &[98304, -192, 6]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: f32 4-D [::2, :, ::-1, ::2] of 16x64x64x64: [8,64,64,32] strides [2097152,16384,-256,8]",
            make: || strided(4, &[8, 64, 64, 32], &[2097152, 16384, -256, 8]),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: PIL 2048 rows x 8192 u8",
            make: || pil(2048, 8192, 1),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: PIL 4096 rows x 1024 u32",
            make: || pil(4096, 1024, 4),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: PIL 4096 rows x 1365 3-byte items",
            make: || pil(4096, 1365, 3),
            rows: all(),
            per_call: false,
        },
        Case {
            title: "sweep: broadcast u8 [4096,4096] strides [1,0]",
            make: || strided(1, &[4096, 4096], &[1, 0]),
            rows: to_only(),
            per_call: false,
        },
        Case {
            title: "sweep: broadcast u8 [8192,8192] strides [0,1], 64 MiB",
            make: || strided(1, &[8192, 8192], &[0, 1]),
            rows: vec![(To, b'C', None)],
            per_call: false,
        },
        Case {
            title: "sweep: broadcast f64 [2048,1024] strides [0,8]",
            make: || strided(8, &[2048, 1024], &[0, 8]),
            rows: to_only(),
            per_call: false,
        },
        Case {
            title: "sweep: broadcast f32 [1024,1024] strides [4,0]",
            make: || strided(4, &[1024, 1024], &[4, 0]),
            rows: to_only(),
            per_call: false,
        },
        Case {
            title: "sweep: broadcast u8 3-D [64,256,512] strides [512,0,1]",
            make: || strided(1, &[64, 256, 512], &[512, 0, 1]),
            rows: to_only(),
            per_call: false,
        },
        Case {
            title: "sweep: f32 2048x2048 F-contiguous in C order",
            make: || strided(4, &[2048, 2048], &[4, 8192]),
            rows: vec![(To, b'C', None), (From, b'C', None)],
            per_call: false,
        },
        Case {
            title: "sweep: u8 4096x4096 F-contiguous in C order",
            make: || strided(1, &[4096, 4096], &[1, 4096]),
            rows: vec![(To, b'C', None), (From, b'C', None)],
            per_call: false,
        },
        Case {
            title: "sweep: u16 3-D [64,256,256] axes (2,0,1) in C order",
            make: || strided(2, &[64, 256, 256], &[512, 131072, 2]),
            rows: vec![(To, b'C', None), (From, b'C', None)],
            per_call: false,
        },
        Case {
            title: "sweep: f64 8x8 transposed, per call",
            make: || strided(8, &[8, 8], &[8, 64]),
            rows: vec![(To, b'C', None), (To, b'F', None)],
            per_call: true,
        },
        Case {
            title: "sweep: u8 32x32 every other column, per call",
            make: || strided(1, &[32, 32], &[64, 2]),
            rows: vec![(To, b'C', None), (From, b'F', None)],
            per_call: true,
        },
    ]
}

/// Whether to time level `name`: all of them, unless `PYBUFFER_BENCH_LEVELS`
/// lists the ones wanted (comma-separated).
fn wanted(name: &str) -> bool {
    std::env::var("PYBUFFER_BENCH_LEVELS").map_or(true, |v| v.split(',').any(|l| l == name))
}

/// The CPU levels, as `PYBUFFER_DISABLE_CPU_FEATURES` settings.
const LEVELS: [(&str, &str); 4] = [
    ("avx512", ""),
    ("avx2", "avx512f"),
    ("ssse3", "avx2"),
    ("baseline", "ssse3"),
];

// ==========================================================================
// Timing
// ==========================================================================

/// This thread's CPU time: on a machine shared with other work, the time
/// a copy takes whenever it runs, without the time it waits for a core.
/// (Wall-clock bursts favoured the fast side: a 50 ms CPython call is
/// always interrupted by other processes, a 1 ms call of ours seldom.)
fn cpu_now() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write; the clock id is a constant
    // every Linux has.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Median CPU time per call of `f` (see [`cpu_now`]) over a burst of about
/// `budget` of wall time (at least 3 calls, or batches of `batch` calls).
fn time(budget: Duration, batch: u32, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    let mut times = Vec::new();
    while times.len() < 3 || start.elapsed() < budget {
        let t = cpu_now();
        for _ in 0..batch {
            f();
        }
        times.push((cpu_now() - t) / batch);
    }
    median(&mut times)
}

fn median<T: PartialOrd + Copy>(v: &mut [T]) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Times of one row: CPython's and each level's, per round, and memcpy's.
struct Measured {
    cpython: Vec<Duration>,
    ours: Vec<Vec<Duration>>,
    memcpy: Vec<Duration>,
}

fn measure(
    view: &mut View,
    dir: Dir,
    order: u8,
    cpy: Option<&CPython>,
    per_call: bool,
) -> Measured {
    let bytes = view.bytes();
    let k = view.itemsize;
    let offs = view.offsets(order);
    let mut packed = pattern(bytes, 2);
    let budget = Duration::from_millis(if per_call { 100 } else { 150 });
    let batch = if per_call { 2000 } else { 1 };
    let order = order as c_char;
    let len = bytes as isize;

    // The expected result, naively: the packed bytes for To, the memory
    // after the copy for From (later writes win, as in CPython's loop).
    let original = view.mem.clone();
    let expect: Vec<u8> = match dir {
        Dir::To => offs
            .iter()
            .flat_map(|&o| original[o..o + k].to_vec())
            .collect(),
        Dir::From => {
            let mut m = original.clone();
            for (i, &o) in offs.iter().enumerate() {
                m[o..o + k].copy_from_slice(&packed[i * k..(i + 1) * k]);
            }
            m
        }
    };
    let ours_view = view.ours();
    let c_view = view.cpython();
    let mem = view.mem.as_mut_ptr();
    let mem_len = view.mem.len();
    let p = packed.as_mut_ptr();
    // SAFETY: the views describe `view.mem`, which outlives them; `packed`
    // holds `len` bytes.
    let ours = || unsafe {
        let rc = match dir {
            Dir::To => PyBuffer_ToContiguous(p.cast(), &ours_view, len, order),
            Dir::From => PyBuffer_FromContiguous(&ours_view, p.cast(), len, order),
        };
        assert_eq!(rc, 0);
    };
    let theirs = cpy.map(|c| {
        // SAFETY: as for `ours`: the views describe `view.mem`, which
        // outlives them; `packed` holds `len` bytes.
        move || unsafe {
            let rc = match dir {
                Dir::To => (c.to_contiguous)(p.cast(), &c_view, len, order),
                Dir::From => (c.from_contiguous)(&c_view, p.cast(), len, order),
            };
            assert_eq!(rc, 0);
        }
    });
    // SAFETY: `mem`/`p` are `view.mem`/`packed`, not otherwise borrowed
    // while these slices live.
    let result = || unsafe {
        match dir {
            Dir::To => std::slice::from_raw_parts(p, bytes).to_vec(),
            Dir::From => std::slice::from_raw_parts(mem, mem_len).to_vec(),
        }
    };
    // SAFETY: as above.
    let reset = || unsafe {
        match dir {
            Dir::To => ptr::write_bytes(p, 0, bytes),
            Dir::From => ptr::copy_nonoverlapping(original.as_ptr(), mem, mem_len),
        }
    };

    for (name, off) in LEVELS {
        cpu::set_disabled(off);
        if cpu::level() != name || !wanted(name) {
            continue;
        }
        reset();
        ours();
        assert!(result() == expect, "pybuffer's result is wrong at {name}");
    }
    if let Some(t) = &theirs {
        reset();
        t();
        assert!(result() == expect, "CPython's result is wrong");
    }

    let mut m = Measured {
        cpython: Vec::new(),
        ours: vec![Vec::new(); LEVELS.len()],
        memcpy: Vec::new(),
    };
    let src = pattern(bytes, 3);
    let mut dst = vec![0u8; bytes];
    for _round in 0..3 {
        m.memcpy.push(time(budget, batch, || {
            // SAFETY: two distinct buffers of `bytes` bytes.
            unsafe {
                ptr::copy_nonoverlapping(
                    black_box(src.as_ptr()),
                    black_box(dst.as_mut_ptr()),
                    bytes,
                )
            }
        }));
        if let Some(t) = &theirs {
            m.cpython.push(time(budget, batch, t));
        }
        for (l, (name, off)) in LEVELS.iter().enumerate() {
            cpu::set_disabled(off);
            if cpu::level() == *name && wanted(name) {
                m.ours[l].push(time(budget, batch, ours));
            }
        }
    }
    cpu::set_disabled("");
    m
}

// ==========================================================================
// Report
// ==========================================================================

/// "12.3x faster" or "2.50x slower" (never a speed-up below 1).
fn ratio(r: f64) -> String {
    if r >= 1.0 {
        format!("{r:.1}x faster")
    } else {
        format!("{:.2}x slower", 1.0 / r)
    }
}

fn verdict(t: &Target, level: &str, speedup: Option<f64>, frac: f64, ns: f64) -> String {
    if !t.levels.is_empty() && !t.levels.contains(&level) {
        return "-".into();
    }
    let keep = if t.keep { " (keep)" } else { "" };
    let (ok, what) = match t.goal {
        Goal::Faster(min) => match speedup {
            Some(s) => (s >= min, format!(">= {min}x{keep}: {{}} ({s:.1}x)")),
            None => return format!(">= {min}x{keep}: n/a"),
        },
        Goal::Memcpy(min) => (
            frac >= min,
            format!(
                ">= {:.0}% memcpy{keep}: {{}} ({:.0}%)",
                min * 100.0,
                frac * 100.0
            ),
        ),
        Goal::Nanos(max) => (ns < max, format!("< {max:.0} ns{keep}: {{}} ({ns:.0} ns)")),
    };
    what.replace("{}", if ok { "met" } else { "NOT met" })
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// `PYBUFFER_BENCH_PROFILE=<To|From><C|F>`: instead of the report, call
/// only pybuffer's copy of each selected case in that direction and order,
/// at the first selected level, for about 5 seconds each, so that a
/// profiler (`perf record`) sees nothing but our kernels.
fn profile(spec: &str, word: Option<&str>) {
    let (dir, order) = match spec {
        "ToC" => (Dir::To, b'C'),
        "ToF" => (Dir::To, b'F'),
        "FromC" => (Dir::From, b'C'),
        "FromF" => (Dir::From, b'F'),
        _ => panic!("PYBUFFER_BENCH_PROFILE is one of ToC, ToF, FromC, FromF"),
    };
    // `PYBUFFER_BENCH_DISABLE` turns off more features on top of the level's
    // (to compare one kernel with the path it replaces).
    let extra = std::env::var("PYBUFFER_BENCH_DISABLE").unwrap_or_default();
    if let Some((_, off)) = LEVELS.iter().find(|(name, _)| wanted(name)) {
        cpu::set_disabled(&format!("{off},{extra}"));
    }
    for case in cases() {
        if word.is_some_and(|w| !case.title.contains(w)) {
            continue;
        }
        let mut view = (case.make)();
        let v = view.ours();
        let mut packed = pattern(view.bytes(), 2);
        let (p, len) = (packed.as_mut_ptr(), view.bytes() as isize);
        let secs = std::env::var("PYBUFFER_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(5.0);
        // Small copies are timed in batches, so that the profile shows the
        // copy and not the clock.
        let batch: u32 = if len < 1 << 16 { 1000 } else { 1 };
        let start = Instant::now();
        let mut times = Vec::new();
        while start.elapsed() < Duration::from_secs_f64(secs) {
            let t = cpu_now();
            for _ in 0..batch {
                // SAFETY: `v` describes `view.mem`, which outlives the loop;
                // `packed` holds `len` bytes.
                let rc = unsafe {
                    match dir {
                        Dir::To => PyBuffer_ToContiguous(p.cast(), &v, len, order as c_char),
                        Dir::From => PyBuffer_FromContiguous(&v, p.cast(), len, order as c_char),
                    }
                };
                assert_eq!(rc, 0);
            }
            times.push((cpu_now() - t) / batch);
        }
        let calls = times.len() * batch as usize;
        let per = median(&mut times);
        let best = times[times.len() / 10];
        println!(
            "{}: {calls} calls, CPU time per call: median {per:?}, 10th percentile {best:?}",
            case.title
        );
    }
}

fn main() {
    let word = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    if let Ok(spec) = std::env::var("PYBUFFER_BENCH_PROFILE") {
        profile(&spec, word.as_deref());
        return;
    }
    let cpy = load_cpython();
    let levels: Vec<&str> = LEVELS
        .iter()
        .filter(|(name, off)| {
            cpu::set_disabled(off);
            cpu::level() == *name && wanted(name)
        })
        .map(|(name, _)| *name)
        .collect();
    cpu::set_disabled("");
    println!("pybuffer vs CPython 3.11 vs memcpy on {}", cpu_model());
    match &cpy {
        Some(_) => println!("CPython: {}", libpython_path().unwrap_or_default()),
        None => println!("CPython: libpython3.11 not found (set PYBUFFER_LIBPYTHON): n/a"),
    }
    println!(
        "CPU levels (PYBUFFER_DISABLE_CPU_FEATURES, switched in-process): {}",
        levels.join(", ")
    );
    println!(
        "Speeds in GB/s of packed data, from this thread's CPU time per call; ratios (to CPython,"
    );
    println!("to memcpy): median of 3 paired runs.");
    let sweep = std::env::var_os("PYBUFFER_BENCH_SWEEP").is_some();
    for case in if sweep { sweep_cases() } else { cases() } {
        if word
            .as_ref()
            .is_some_and(|w| !case.title.contains(w.as_str()))
        {
            continue;
        }
        let mut view = (case.make)();
        println!("\n{}", case.title);
        let unit = if case.per_call {
            "(ns/call)"
        } else {
            "(GB/s)   "
        };
        println!(
            "  {:<9}{:<9}{:>9}{:>9}{:>9} {unit} {:<14}{:>7}  target",
            "copy", "level", "pybuffer", "CPython", "memcpy", "vs CPython", "memcpy"
        );
        let mut seen: Vec<(Dir, u8)> = Vec::new();
        for &(dir, order, _) in &case.rows {
            if seen.contains(&(dir, order)) {
                continue;
            }
            seen.push((dir, order));
            let m = measure(&mut view, dir, order, cpy.as_ref(), case.per_call);
            let targets: Vec<Target> = case
                .rows
                .iter()
                .filter(|r| r.0 == dir && r.1 == order)
                .filter_map(|r| r.2)
                .collect();
            let bytes = view.bytes() as f64;
            let show = |d: Duration| {
                if case.per_call {
                    format!("{:.0}", d.as_secs_f64() * 1e9)
                } else {
                    format!("{:.2}", bytes / d.as_secs_f64() / 1e9)
                }
            };
            let name = format!(
                "{} '{}'",
                if dir == Dir::To { "To" } else { "From" },
                order as char
            );
            let mut cpy_times = m.cpython.clone();
            let cpy_med = (!cpy_times.is_empty()).then(|| median(&mut cpy_times));
            let memcpy_med = median(&mut m.memcpy.clone());
            for (l, (level, _)) in LEVELS.iter().enumerate() {
                let runs = &m.ours[l];
                if runs.is_empty() {
                    continue;
                }
                let mut sorted = runs.clone();
                let ours = median(&mut sorted);
                let speedup = (!m.cpython.is_empty()).then(|| {
                    let mut r: Vec<f64> = m
                        .cpython
                        .iter()
                        .zip(runs)
                        .map(|(c, o)| c.as_secs_f64() / o.as_secs_f64())
                        .collect();
                    median(&mut r)
                });
                let mut fracs: Vec<f64> = m
                    .memcpy
                    .iter()
                    .zip(runs)
                    .map(|(c, o)| c.as_secs_f64() / o.as_secs_f64())
                    .collect();
                let frac = median(&mut fracs);
                let ns = ours.as_secs_f64() * 1e9;
                let verdicts: Vec<String> = targets
                    .iter()
                    .map(|t| verdict(t, level, speedup, frac, ns))
                    .filter(|v| v != "-")
                    .collect();
                println!(
                    "  {:<9}{:<9}{:>9}{:>9}{:>9}           {:<14}{:>6.0}%  {}",
                    name,
                    level,
                    show(ours),
                    cpy_med.map_or("n/a".into(), show),
                    show(memcpy_med),
                    speedup.map_or("n/a".into(), ratio),
                    frac * 100.0,
                    if verdicts.is_empty() {
                        "-".into()
                    } else {
                        verdicts.join("; ")
                    },
                );
            }
        }
    }
}
