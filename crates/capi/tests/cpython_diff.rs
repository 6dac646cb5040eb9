//! Differential tests: pybuffer's C API against CPython 3.11 itself.
//!
//! `scripts/cpython_oracle.py` generates about a thousand buffer layouts
//! from a fixed seed (`_testbuffer.ndarray` exporters, memoryview slices and
//! casts of them, and hand-built views with negative, zero, overlapping or
//! odd strides, suboffsets on any dimension, NULL shape/strides/format and
//! up to 64 dimensions) and records what CPython's own C functions answer
//! for each. Every test here rebuilds those layouts as real `Py_buffer`s
//! over memory it owns, indirect (PIL) row-pointer arrays included, asks
//! pybuffer the same questions through its `extern "C"` entry points, and
//! compares results, bytes and exception messages exactly.
//!
//! The oracle runs once per test binary. Without a CPython 3.11 that has
//! `_testbuffer` and `ctypes`, each test prints `SKIP: … (reason)` and
//! passes.

use std::collections::BTreeSet;
use std::ffi::{CStr, CString, c_char, c_int};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::ptr;
use std::sync::OnceLock;

use pybuffer::buffer::{
    PyBuffer_FillContiguousStrides, PyBuffer_FillInfo, PyBuffer_FromContiguous,
    PyBuffer_GetPointer, PyBuffer_IsContiguous, PyBuffer_Release, PyBuffer_SizeFromFormat,
    PyBuffer_ToContiguous, PyObject_CopyData, PyObject_GetBuffer,
};
use pybuffer::ffi::{Py_buffer, PyBUF_READ, PyObject};
use pybuffer::objects::memoryobject::{
    PyMemoryView_FromBuffer, PyMemoryView_FromMemory, PyMemoryView_GET_BUFFER,
    PyMemoryView_GetContiguous, PyMemoryViewObject, memoryview_exports,
};
use pybuffer::objects::object::{Py_DecRef, Py_REFCNT};
use pybuffer::python::errors::{PyErr_Occurred, take_error};
use serde_json::Value;

// ==========================================================================
// Running the oracle
// ==========================================================================

/// Finds `name` in the directories of `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The oracle's document, or the reason there is none.
fn oracle() -> Result<&'static Value, &'static str> {
    static ORACLE: OnceLock<Result<Value, String>> = OnceLock::new();
    ORACLE
        .get_or_init(run_oracle)
        .as_ref()
        .map_err(|reason| reason.as_str())
}

fn run_oracle() -> Result<Value, String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/cpython_oracle.py");
    let candidates: Vec<PathBuf> = ["python3.11", "python3"]
        .iter()
        .filter_map(|n| which(n))
        .collect();
    if candidates.is_empty() {
        return Err("neither python3.11 nor python3 is on PATH".into());
    }
    let mut reasons = Vec::new();
    for python in candidates {
        let output = Command::new(&python)
            .arg(&script)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => {
                return serde_json::from_slice(&output.stdout)
                    .map_err(|e| panic!("oracle output is not JSON: {e}"));
            }
            // The script's own "this Python cannot serve as the oracle".
            Some(3) => reasons.push(format!(
                "{}: {}",
                python.display(),
                stderr.trim().trim_start_matches("SKIP: ")
            )),
            _ => panic!("the CPython oracle failed ({}):\n{stderr}", output.status),
        }
    }
    Err(reasons.join("; "))
}

/// Runs `body` with the oracle, or prints why the test is skipped.
fn with_oracle(test: &str, body: impl FnOnce(&Doc)) {
    match oracle() {
        Ok(json) => body(&Doc::parse(json)),
        Err(reason) => eprintln!("SKIP: {test}: no CPython oracle ({reason})"),
    }
}

// ==========================================================================
// The oracle's document
// ==========================================================================

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

fn ints(v: &Value) -> Option<Vec<isize>> {
    v.as_array()
        .map(|a| a.iter().map(|x| int(x) as isize).collect())
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// An exception as `[type name, message]`.
fn exc(v: &Value) -> (String, String) {
    (
        string(&v[0]).expect("exception type"),
        string(&v[1]).expect("exception message"),
    )
}

/// The fields of one view, with `buf` relative to the memory it views.
#[derive(Clone)]
struct ViewSpec {
    buf: isize,
    len: isize,
    itemsize: isize,
    readonly: c_int,
    ndim: c_int,
    format: Option<String>,
    shape: Option<Vec<isize>>,
    strides: Option<Vec<isize>>,
    suboffsets: Option<Vec<isize>>,
}

impl ViewSpec {
    fn parse(json: &Value) -> ViewSpec {
        ViewSpec {
            buf: int(&json["buf"]) as isize,
            len: int(&json["len"]) as isize,
            itemsize: int(&json["itemsize"]) as isize,
            readonly: int(&json["readonly"]) as c_int,
            ndim: int(&json["ndim"]) as c_int,
            format: string(&json["format"]),
            shape: ints(&json["shape"]),
            strides: ints(&json["strides"]),
            suboffsets: ints(&json["suboffsets"]),
        }
    }
}

/// Memory as the oracle describes it: bytes, and the pointer slots of
/// indirect buffers as `(slot offset, target offset)`.
fn parse_memory(json: &Value) -> (Vec<u8>, Vec<(usize, isize)>) {
    (
        hex(json["mem"].as_str().expect("mem")),
        json["relocs"]
            .as_array()
            .expect("relocs")
            .iter()
            .map(|r| (int(&r[0]) as usize, int(&r[1]) as isize))
            .collect(),
    )
}

/// One layout: the memory it touches and the view over it.
struct Layout {
    id: usize,
    source: String,
    mem: Vec<u8>,
    relocs: Vec<(usize, isize)>,
    spec: ViewSpec,
    json: &'static Value,
}

impl Layout {
    fn parse(json: &'static Value) -> Layout {
        let (mem, relocs) = parse_memory(json);
        Layout {
            id: int(&json["id"]) as usize,
            source: string(&json["source"]).unwrap_or_default(),
            mem,
            relocs,
            spec: ViewSpec::parse(json),
            json,
        }
    }

    fn name(&self) -> String {
        format!("case {} [{}]", self.id, self.source)
    }

    fn is_pil(&self) -> bool {
        self.spec.suboffsets.is_some()
    }

    fn len(&self) -> isize {
        self.spec.len
    }
}

struct Doc {
    json: &'static Value,
    layouts: Vec<Layout>,
    errors: Vec<(String, String)>,
}

impl Doc {
    fn parse(json: &'static Value) -> Doc {
        Doc {
            json,
            layouts: json["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .map(Layout::parse)
                .collect(),
            errors: json["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .map(exc)
                .collect(),
        }
    }
}

// ==========================================================================
// Rebuilding a layout over memory the test owns
// ==========================================================================

const GUARD: usize = 32;
const GUARD_BYTE: u8 = 0xA5;

/// A `Py_buffer` and the arrays and format string it points to.
struct ViewParts {
    _shape: Option<Vec<isize>>,
    _strides: Option<Vec<isize>>,
    _suboffsets: Option<Vec<isize>>,
    _format: Option<CString>,
    view: Py_buffer,
}

impl ViewParts {
    /// A view described by `spec` over the memory starting at `base`.
    fn new(spec: &ViewSpec, base: *mut u8) -> ViewParts {
        let mut shape = spec.shape.clone();
        let mut strides = spec.strides.clone();
        let mut suboffsets = spec.suboffsets.clone();
        let format = spec
            .format
            .as_ref()
            .map(|f| CString::new(f.as_bytes()).expect("format without NUL"));
        let ptr_of =
            |v: &mut Option<Vec<isize>>| v.as_mut().map_or(ptr::null_mut(), |v| v.as_mut_ptr());
        let view = Py_buffer {
            buf: base.wrapping_offset(spec.buf).cast(),
            obj: ptr::null_mut(),
            len: spec.len,
            itemsize: spec.itemsize,
            readonly: spec.readonly,
            ndim: spec.ndim,
            format: format
                .as_ref()
                .map_or(ptr::null_mut(), |f| f.as_ptr() as *mut c_char),
            shape: ptr_of(&mut shape),
            strides: ptr_of(&mut strides),
            suboffsets: ptr_of(&mut suboffsets),
            internal: ptr::null_mut(),
        };
        // Moving the vectors into the struct keeps their heap buffers (and
        // so every pointer above) where they are.
        ViewParts {
            _shape: shape,
            _strides: strides,
            _suboffsets: suboffsets,
            _format: format,
            view,
        }
    }
}

/// A layout rebuilt as a real `Py_buffer`: the memory (with guard bytes on
/// both sides and pointer slots holding real addresses) and the view.
struct Built {
    arena: Vec<u8>,
    /// Where the memory starts in `arena` (16-byte aligned, like CPython's
    /// allocations).
    start: usize,
    /// The memory as built, pointer slots patched: CPython's "before" image
    /// with our addresses.
    initial: Vec<u8>,
    _parts: ViewParts,
    view: Py_buffer,
}

impl Built {
    fn new(layout: &Layout) -> Built {
        Built::from_parts(&layout.mem, &layout.relocs, &layout.spec)
    }

    fn from_parts(mem: &[u8], relocs: &[(usize, isize)], spec: &ViewSpec) -> Built {
        let n = mem.len();
        let mut arena = vec![GUARD_BYTE; GUARD + 16 + n + GUARD];
        let start = GUARD + arena[GUARD..].as_ptr().align_offset(16);
        arena[start..start + n].copy_from_slice(mem);
        let base = arena[start..].as_mut_ptr();
        for &(slot, target) in relocs {
            let value = (base as isize).wrapping_add(target) as usize;
            arena[start + slot..start + slot + 8].copy_from_slice(&value.to_ne_bytes());
        }
        let initial = arena[start..start + n].to_vec();
        let parts = ViewParts::new(spec, arena[start..].as_mut_ptr());
        let view = Py_buffer { ..parts.view };
        Built {
            arena,
            start,
            initial,
            _parts: parts,
            view,
        }
    }

    /// Another view over the same memory.
    fn another_view(&mut self, spec: &ViewSpec) -> ViewParts {
        ViewParts::new(spec, self.arena[self.start..].as_mut_ptr())
    }

    fn base(&self) -> *const u8 {
        self.arena[self.start..].as_ptr()
    }

    /// The memory the layout covers, as it is now.
    fn mem(&self) -> &[u8] {
        &self.arena[self.start..self.start + self.initial.len()]
    }

    /// Offset of `p` from the start of the memory.
    fn offset_of(&self, p: *const u8) -> isize {
        (p as isize).wrapping_sub(self.base() as isize)
    }

    /// Guard bytes untouched on both sides.
    fn guards_intact(&self) -> bool {
        let s = self.start;
        self.arena[s - GUARD..s].iter().all(|&b| b == GUARD_BYTE)
            && self.arena[s + self.initial.len()..]
                .iter()
                .all(|&b| b == GUARD_BYTE)
    }

    /// `initial` with the oracle's `[[offset, hex]]` changes applied.
    fn expected_after(&self, diff: &Value) -> Vec<u8> {
        let mut mem = self.initial.clone();
        for run in diff.as_array().expect("diff") {
            let off = int(&run[0]) as usize;
            let bytes = hex(run[1].as_str().expect("diff bytes"));
            mem[off..off + bytes.len()].copy_from_slice(&bytes);
        }
        mem
    }

    fn view_ptr(&self) -> *const Py_buffer {
        &self.view
    }
}

// ==========================================================================
// Reporting
// ==========================================================================

/// Collects mismatches so a failing test shows many at once.
struct Report {
    test: &'static str,
    checks: usize,
    failures: Vec<String>,
}

impl Report {
    fn new(test: &'static str) -> Report {
        Report {
            test,
            checks: 0,
            failures: Vec::new(),
        }
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.checks += 1;
        if !ok {
            self.failures.push(what());
        }
    }

    fn eq<T: PartialEq + std::fmt::Debug>(
        &mut self,
        got: T,
        expected: T,
        what: impl FnOnce() -> String,
    ) {
        self.checks += 1;
        if got != expected {
            self.failures.push(format!(
                "{}:\n    expected {expected:?}\n    got      {got:?}",
                what()
            ));
        }
    }

    /// Compares memory, showing where it first differs instead of all of it.
    fn bytes(&mut self, got: &[u8], expected: &[u8], what: impl FnOnce() -> String) {
        self.checks += 1;
        if got == expected {
            return;
        }
        let at = got
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(expected.len()));
        let window = |b: &[u8]| {
            let lo = at.saturating_sub(8);
            let hi = (at + 24).min(b.len());
            b.get(lo..hi).map_or(String::new(), |w| {
                w.iter().map(|x| format!("{x:02x}")).collect()
            })
        };
        let differing = got.iter().zip(expected).filter(|(a, b)| a != b).count();
        self.failures.push(format!(
            "{}: {} of {} bytes differ (lengths {} / {}), first at {at}:\n    expected …{}…\n    got      …{}…",
            what(),
            differing + got.len().abs_diff(expected.len()),
            expected.len(),
            expected.len(),
            got.len(),
            window(expected),
            window(got)
        ));
    }

    fn finish(self) {
        eprintln!("{}: {} checks against CPython", self.test, self.checks);
        if !self.failures.is_empty() {
            let shown: Vec<_> = self.failures.iter().take(25).cloned().collect();
            panic!(
                "{}: {} of {} checks differ from CPython 3.11:\n  {}",
                self.test,
                self.failures.len(),
                self.checks,
                shown.join("\n  ")
            );
        }
        assert!(self.checks > 0, "{}: nothing was checked", self.test);
    }
}

/// The pending error as `(type name, message)`, cleared.
/// The pending error as the oracle names it: `module.name` outside
/// `builtins` (`struct.error`, a heap type whose `tp_name` is `error`).
fn error() -> Option<(String, String)> {
    take_error().map(|e| (e.qualified_name, e.message))
}

fn order_char(order: &str) -> c_char {
    match order {
        "\u{0}" => 0,
        o => o.as_bytes()[0] as c_char,
    }
}

// ==========================================================================
// PyBuffer_IsContiguous, PyBuffer_ToContiguous, PyBuffer_GetPointer
// ==========================================================================

#[test]
fn is_contiguous_matches_cpython() {
    with_oracle("is_contiguous_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_IsContiguous");
        for layout in &doc.layouts {
            let Some(expected) = layout.json["contig"].as_object() else {
                continue;
            };
            let built = Built::new(layout);
            for (order, want) in expected {
                // SAFETY: a view over memory `built` owns.
                let got = unsafe { PyBuffer_IsContiguous(built.view_ptr(), order_char(order)) };
                report.eq(got as i64, int(want), || {
                    format!("{}: IsContiguous({order:?})", layout.name())
                });
            }
            report.check(error().is_none(), || {
                format!("{}: error set", layout.name())
            });
        }
        report.finish();
    });
}

#[test]
fn to_contiguous_matches_cpython() {
    with_oracle("to_contiguous_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_ToContiguous");
        for layout in &doc.layouts {
            let Some(expected) = layout.json["to"].as_object() else {
                continue;
            };
            let built = Built::new(layout);
            for (order, want) in expected {
                let want = hex(want.as_str().unwrap());
                let mut out = vec![0x5Au8; layout.len() as usize + 1];
                // SAFETY: `out` holds len bytes (plus one to detect overruns).
                let rc = unsafe {
                    PyBuffer_ToContiguous(
                        out.as_mut_ptr().cast(),
                        built.view_ptr(),
                        layout.len(),
                        order_char(order),
                    )
                };
                report.eq((rc, error()), (0, None), || {
                    format!("{}: ToContiguous({order}) status", layout.name())
                });
                report.bytes(&out[..want.len()], &want, || {
                    format!("{}: ToContiguous({order}) bytes", layout.name())
                });
                report.check(out[want.len()] == 0x5A, || {
                    format!("{}: ToContiguous({order}) wrote past len", layout.name())
                });
            }
            report.bytes(built.mem(), &built.initial, || {
                format!("{}: ToContiguous modified its source", layout.name())
            });
            report.check(built.guards_intact(), || {
                format!("{}: guard bytes", layout.name())
            });
        }
        report.finish();
    });
}

#[test]
fn to_contiguous_len_mismatch_matches_cpython() {
    // CPython checks len before anything else.
    with_oracle("to_contiguous_len_mismatch_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_ToContiguous(len != view->len)");
        for layout in doc
            .layouts
            .iter()
            .filter(|l| l.json["to"].is_object())
            .take(200)
        {
            let built = Built::new(layout);
            let mut out = vec![0u8; layout.len() as usize + 2];
            for delta in [1isize, -1] {
                let len = layout.len() + delta;
                if len < 0 {
                    continue;
                }
                // SAFETY: `out` holds len bytes.
                let rc = unsafe {
                    PyBuffer_ToContiguous(
                        out.as_mut_ptr().cast(),
                        built.view_ptr(),
                        len,
                        b'C' as c_char,
                    )
                };
                report.eq(
                    (rc, error()),
                    (
                        -1,
                        Some((
                            "ValueError".into(),
                            "PyBuffer_ToContiguous: len != view->len".into(),
                        )),
                    ),
                    || format!("{}: ToContiguous(len={len})", layout.name()),
                );
            }
        }
        report.finish();
    });
}

#[test]
fn get_pointer_matches_cpython() {
    with_oracle("get_pointer_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_GetPointer");
        for layout in &doc.layouts {
            let Some(entries) = layout.json["ptr"].as_array() else {
                continue;
            };
            let built = Built::new(layout);
            for entry in entries {
                let indices = ints(&entry[0]).unwrap();
                let offset = int(&entry[1]) as isize;
                let item = hex(entry[2].as_str().unwrap());
                let idx = if indices.is_empty() {
                    vec![0]
                } else {
                    indices.clone()
                };
                // SAFETY: one index per dimension, each within the shape.
                let p = unsafe { PyBuffer_GetPointer(built.view_ptr(), idx.as_ptr()) } as *const u8;
                if p.is_null() {
                    report.check(false, || {
                        format!(
                            "{}: GetPointer({indices:?}) failed: {:?}",
                            layout.name(),
                            error()
                        )
                    });
                    continue;
                }
                report.eq(built.offset_of(p), offset, || {
                    format!("{}: GetPointer({indices:?}) offset", layout.name())
                });
                let start = built.offset_of(p);
                let got = usize::try_from(start)
                    .ok()
                    .and_then(|s| built.mem().get(s..s + item.len()));
                report.eq(got, Some(&item[..]), || {
                    format!("{}: item at {indices:?}", layout.name())
                });
            }
        }
        report.finish();
    });
}

// ==========================================================================
// PyBuffer_FromContiguous
// ==========================================================================

#[test]
fn from_contiguous_matches_cpython() {
    with_oracle("from_contiguous_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_FromContiguous");
        // The oracle checked its PyBuffer_FromContiguous answers against
        // slice assignment through _testbuffer this many times.
        let crosschecks = int(&doc.json["crosschecks"]);
        report.check(crosschecks > 100, || {
            format!("only {crosschecks} slice-assignment cross-checks")
        });
        let mut orders = BTreeSet::new();
        for layout in &doc.layouts {
            let Some(entries) = layout.json["from"].as_array() else {
                continue;
            };
            for entry in entries {
                let order = entry["order"].as_str().unwrap();
                let len = int(&entry["len"]) as isize;
                let src = hex(entry["src"].as_str().unwrap());
                let mut built = Built::new(layout);
                // pybuffer refuses read-only views (CPython writes anyway);
                // the memory here is writable either way.
                built.view.readonly = 0;
                let expected = built.expected_after(&entry["diff"]);
                // SAFETY: `src` holds len bytes; the view covers memory
                // `built` owns.
                let rc = unsafe {
                    PyBuffer_FromContiguous(
                        built.view_ptr(),
                        src.as_ptr().cast(),
                        len,
                        order_char(order),
                    )
                };
                orders.insert(order.to_owned());
                report.eq((rc, error()), (0, None), || {
                    format!(
                        "{}: FromContiguous({order}, len={len}) status",
                        layout.name()
                    )
                });
                report.bytes(built.mem(), &expected, || {
                    format!(
                        "{}: FromContiguous({order}, len={len}) memory",
                        layout.name()
                    )
                });
                report.check(built.guards_intact(), || {
                    format!(
                        "{}: FromContiguous({order}, len={len}) wrote outside",
                        layout.name()
                    )
                });
            }
        }
        report.eq(orders.len(), 3, || "orders exercised (C, F, A)".into());
        report.finish();
    });
}

#[test]
fn from_contiguous_refuses_read_only_views() {
    // Stricter than CPython (which writes anyway): documented in lib.rs.
    with_oracle("from_contiguous_refuses_read_only_views", |doc| {
        let mut report = Report::new("PyBuffer_FromContiguous(read-only)");
        for layout in doc
            .layouts
            .iter()
            .filter(|l| l.spec.readonly != 0 && l.json["from"].is_array())
            .take(50)
        {
            let built = Built::new(layout);
            let src = vec![0u8; layout.len() as usize];
            // SAFETY: as above.
            let rc = unsafe {
                PyBuffer_FromContiguous(
                    built.view_ptr(),
                    src.as_ptr().cast(),
                    layout.len(),
                    b'C' as c_char,
                )
            };
            report.eq(rc, -1, || format!("{}: status", layout.name()));
            report.eq(error().map(|e| e.0), Some("BufferError".to_owned()), || {
                layout.name()
            });
            report.bytes(built.mem(), &built.initial, || {
                format!("{}: memory", layout.name())
            });
        }
        report.finish();
    });
}

// ==========================================================================
// memoryview: PyMemoryView_FromBuffer, memory_getbuf, GetContiguous
// ==========================================================================

/// `_Py_MEMORYVIEW_*` bits of a pybuffer memoryview.
///
/// # Safety
/// `mv` must be a live memoryview.
unsafe fn mv_flags(mv: *mut PyObject) -> i64 {
    // SAFETY: per the contract.
    unsafe { (*(mv as *mut PyMemoryViewObject)).flags as i64 }
}

/// `(buf offset, len, itemsize, readonly, ndim, format, shape, strides,
/// suboffsets)` of a view, for comparison with the oracle's view fields.
type Fields = (
    isize,
    isize,
    isize,
    i64,
    i64,
    Option<String>,
    Option<Vec<isize>>,
    Option<Vec<isize>>,
    Option<Vec<isize>>,
);

/// `n` entries at `p`, or None for NULL.
///
/// # Safety
/// `p` must be NULL or point to `n` readable entries.
unsafe fn array(p: *const isize, n: usize) -> Option<Vec<isize>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: `n` readable entries per the contract.
    Some(unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
}

/// The string at `p`, or None for NULL.
///
/// # Safety
/// `p` must be NULL or NUL-terminated.
unsafe fn c_string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: NUL-terminated per the contract.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// The fields of `v`, with `buf` relative to `base`.
///
/// # Safety
/// `v` must be a filled view whose arrays hold `ndim` entries.
unsafe fn fields_of(v: &Py_buffer, base: *const u8) -> Fields {
    let n = v.ndim.max(0) as usize;
    // SAFETY: per the contract.
    let (format, shape, strides, suboffsets) = unsafe {
        (
            c_string(v.format),
            array(v.shape, n),
            array(v.strides, n),
            array(v.suboffsets, n),
        )
    };
    (
        (v.buf as isize).wrapping_sub(base as isize),
        v.len,
        v.itemsize,
        v.readonly as i64,
        v.ndim as i64,
        format,
        shape,
        strides,
        suboffsets,
    )
}

fn oracle_fields(v: &Value) -> Fields {
    (
        int(&v["buf"]) as isize,
        int(&v["len"]) as isize,
        int(&v["itemsize"]) as isize,
        int(&v["readonly"]),
        int(&v["ndim"]),
        string(&v["format"]),
        ints(&v["shape"]),
        ints(&v["strides"]),
        ints(&v["suboffsets"]),
    )
}

/// A memoryview over `built`'s view, or the error it raised.
fn from_buffer(built: &Built) -> Result<*mut PyObject, Option<(String, String)>> {
    // SAFETY: the view and its memory outlive the memoryview (each test
    // drops the memoryview before `built`).
    let mv = unsafe { PyMemoryView_FromBuffer(built.view_ptr()) };
    if mv.is_null() { Err(error()) } else { Ok(mv) }
}

#[test]
fn memoryview_from_buffer_matches_cpython() {
    with_oracle("memoryview_from_buffer_matches_cpython", |doc| {
        let mut report = Report::new("PyMemoryView_FromBuffer");
        for layout in &doc.layouts {
            let expected = &layout.json["mv"];
            if !expected.is_object() {
                continue;
            }
            let built = Built::new(layout);
            match (from_buffer(&built), expected.get("error")) {
                (Err(got), Some(want)) => {
                    report.eq(got, Some(exc(want)), || format!("{}: error", layout.name()))
                }
                (Err(got), None) => {
                    report.check(false, || format!("{}: failed with {got:?}", layout.name()))
                }
                (Ok(mv), Some(want)) => {
                    report.check(false, || {
                        format!("{}: succeeded, CPython raised {want}", layout.name())
                    });
                    // SAFETY: our reference.
                    unsafe { Py_DecRef(mv) };
                }
                (Ok(mv), None) => {
                    // SAFETY: a live memoryview; its view lives as long.
                    let (flags, fields) = unsafe {
                        (
                            mv_flags(mv),
                            fields_of(&*PyMemoryView_GET_BUFFER(mv), built.base()),
                        )
                    };
                    report.eq(flags, int(&expected["flags"]), || {
                        format!("{}: memoryview flags", layout.name())
                    });
                    report.eq(fields, oracle_fields(&expected["view"]), || {
                        format!("{}: memoryview's view", layout.name())
                    });
                    // SAFETY: our reference.
                    unsafe { Py_DecRef(mv) };
                }
            }
        }
        report.finish();
    });
}

/// Checks `PyObject_GetBuffer(mv, flags)` for each oracle entry `[flags,
/// {"e": error index} | {"ok": [has format, has shape, has strides,
/// ndim]}]`; `to_c` is the expected C-order content when known.
fn check_getbuf(
    report: &mut Report,
    doc: &Doc,
    name: &str,
    mv: *mut PyObject,
    built_base: *const u8,
    entries: &[Value],
    to_c: Option<Vec<u8>>,
) {
    // SAFETY: a live memoryview.
    let base = unsafe { &*PyMemoryView_GET_BUFFER(mv) };
    // SAFETY: the memoryview's full view.
    let bf = unsafe { fields_of(base, built_base) };
    for entry in entries {
        let flags = int(&entry[0]) as c_int;
        let what = || format!("{name}: GetBuffer(flags={flags:#x})");
        let mut out = Py_buffer::zeroed();
        // SAFETY: a live memoryview and a local view.
        let rc = unsafe { PyObject_GetBuffer(mv, &mut out, flags) };
        let want = &entry[1];
        if let Some(e) = want.get("e") {
            let want = doc.errors[int(e) as usize].clone();
            report.eq((rc, error()), (-1, Some(want)), what);
            continue;
        }
        let ok = &want["ok"];
        if rc != 0 {
            report.check(false, || format!("{}: failed with {:?}", what(), error()));
            continue;
        }
        // SAFETY: just filled by the memoryview.
        let got = unsafe { fields_of(&out, built_base) };
        report.eq(out.obj, mv, || format!("{}: obj", what()));
        report.eq(
            (got.5.is_some(), got.6.is_some(), got.7.is_some(), got.4),
            (
                int(&ok[0]) == 1,
                int(&ok[1]) == 1,
                int(&ok[2]) == 1,
                int(&ok[3]),
            ),
            || format!("{}: (format, shape, strides, ndim) present", what()),
        );
        // Everything else is the memoryview's own.
        report.eq(
            (got.0, got.1, got.2, got.3, &got.8),
            (bf.0, bf.1, bf.2, bf.3, &bf.8),
            || format!("{}: buf/len/itemsize/readonly/suboffsets", what()),
        );
        for (g, b, field) in [(&got.6, &bf.6, "shape"), (&got.7, &bf.7, "strides")] {
            report.check(g.is_none() || g == b, || {
                format!("{}: {field} {g:?} vs {b:?}", what())
            });
        }
        report.check(got.5.is_none() || got.5 == bf.5, || {
            format!("{}: format", what())
        });
        // A consumer that got no strides may copy the bytes out as is.
        if let (None, Some(want)) = (&got.7, &to_c) {
            let mut bytes = vec![0u8; out.len.max(0) as usize];
            // SAFETY: `bytes` holds out.len bytes.
            let rc = unsafe {
                PyBuffer_ToContiguous(bytes.as_mut_ptr().cast(), &out, out.len, b'C' as c_char)
            };
            report.eq(rc, 0, || format!("{}: ToContiguous", what()));
            report.bytes(&bytes, want, || format!("{}: bytes", what()));
            error();
        }
        // SAFETY: acquired above.
        unsafe { PyBuffer_Release(&mut out) };
    }
    // SAFETY: a live memoryview we own.
    unsafe {
        report.eq(memoryview_exports(mv), 0, || {
            format!("{name}: exports left")
        });
        report.eq(Py_REFCNT(mv), 1, || format!("{name}: refcount"));
    }
}

#[test]
fn memoryview_getbuffer_flags_match_cpython() {
    with_oracle("memoryview_getbuffer_flags_match_cpython", |doc| {
        let mut report = Report::new("PyObject_GetBuffer(memoryview, flags)");
        // Which kinds of view got every flag combination.
        let mut kinds = BTreeSet::new();
        for layout in &doc.layouts {
            let Some(entries) = layout.json["mv"]["getbuf"].as_array() else {
                continue;
            };
            if entries.len() >= 256 {
                let c = int(&layout.json["contig"]["C"]) == 1;
                let f = int(&layout.json["contig"]["F"]) == 1;
                kinds.insert(match (layout.is_pil(), c, f) {
                    (true, _, _) => "PIL",
                    (false, true, true) => "C and F contiguous",
                    (false, true, false) => "C-contiguous",
                    (false, false, true) => "F-contiguous",
                    (false, false, false) => "strided",
                });
                if layout.spec.readonly != 0 {
                    kinds.insert("read-only");
                }
            }
            let built = Built::new(layout);
            let mv = match from_buffer(&built) {
                Ok(mv) => mv,
                Err(e) => {
                    report.check(false, || {
                        format!("{}: FromBuffer failed: {e:?}", layout.name())
                    });
                    continue;
                }
            };
            let to_c = layout.json["to"]["C"].as_str().map(hex);
            check_getbuf(
                &mut report,
                doc,
                &layout.name(),
                mv,
                built.base(),
                entries,
                to_c,
            );
            // SAFETY: our reference.
            unsafe { Py_DecRef(mv) };
        }
        for kind in [
            "PIL",
            "C-contiguous",
            "F-contiguous",
            "strided",
            "read-only",
        ] {
            report.check(kinds.contains(kind), || {
                format!("no {kind} view got every flag combination")
            });
        }
        report.finish();
    });
}

#[test]
fn memoryview_from_memory_matches_cpython() {
    with_oracle("memoryview_from_memory_matches_cpython", |doc| {
        let mut report = Report::new("PyMemoryView_FromMemory");
        for entry in doc.json["from_memory"].as_array().unwrap() {
            let size = int(&entry["size"]) as isize;
            let flags = int(&entry["flags"]) as c_int;
            let name = format!("FromMemory(size={size}, flags={flags:#x})");
            let mut mem: Vec<u8> = (0..size.max(1) as u8).collect();
            // SAFETY: `mem` outlives the memoryview.
            let mv = unsafe { PyMemoryView_FromMemory(mem.as_mut_ptr().cast(), size, flags) };
            if mv.is_null() {
                report.check(false, || format!("{name}: failed with {:?}", error()));
                continue;
            }
            // SAFETY: a live memoryview.
            let (mflags, fields) = unsafe {
                (
                    mv_flags(mv),
                    fields_of(&*PyMemoryView_GET_BUFFER(mv), mem.as_ptr()),
                )
            };
            report.eq(mflags, int(&entry["mv_flags"]), || format!("{name}: flags"));
            report.eq(fields, oracle_fields(&entry["view"]), || {
                format!("{name}: view")
            });
            let to_c = Some(mem[..size as usize].to_vec());
            check_getbuf(
                &mut report,
                doc,
                &name,
                mv,
                mem.as_ptr(),
                entry["getbuf"].as_array().unwrap(),
                to_c,
            );
            // SAFETY: our reference.
            unsafe { Py_DecRef(mv) };
        }
        report.finish();
    });
}

#[test]
fn memoryview_get_contiguous_matches_cpython() {
    with_oracle("memoryview_get_contiguous_matches_cpython", |doc| {
        let mut report = Report::new("PyMemoryView_GetContiguous");
        for layout in &doc.layouts {
            let Some(entries) = layout.json["mv"]["getcontig"].as_array() else {
                continue;
            };
            let built = Built::new(layout);
            let Ok(mv) = from_buffer(&built) else {
                report.check(false, || format!("{}: FromBuffer failed", layout.name()));
                continue;
            };
            // SAFETY: a live memoryview.
            let base_buf = unsafe { (*PyMemoryView_GET_BUFFER(mv)).buf };
            for entry in entries {
                let buffertype = int(&entry[0]) as c_int;
                let order = entry[1].as_str().unwrap();
                let want = &entry[2];
                let what = || format!("{}: GetContiguous({buffertype:#x}, {order})", layout.name());
                // SAFETY: a live memoryview.
                let r = unsafe { PyMemoryView_GetContiguous(mv, buffertype, order_char(order)) };
                if let Some(e) = want.get("error") {
                    report.eq((r.is_null(), error()), (true, Some(exc(e))), what);
                    if !r.is_null() {
                        // SAFETY: our reference.
                        unsafe { Py_DecRef(r) };
                    }
                    continue;
                }
                if r.is_null() {
                    report.check(false, || format!("{}: failed with {:?}", what(), error()));
                    continue;
                }
                // SAFETY: a live memoryview.
                let rv = unsafe { &*PyMemoryView_GET_BUFFER(r) };
                report.eq(rv.buf == base_buf, want["same"].as_bool().unwrap(), || {
                    format!("{}: shares the memoryview's memory", what())
                });
                // SAFETY: a live memoryview and its full view.
                let (flags, fields) = unsafe { (mv_flags(r), fields_of(rv, rv.buf as *const u8)) };
                report.eq(
                    (
                        flags, fields.3, fields.4, fields.2, fields.1, fields.5, fields.6,
                        fields.7, fields.8,
                    ),
                    (
                        int(&want["flags"]),
                        int(&want["readonly"]),
                        int(&want["ndim"]),
                        int(&want["itemsize"]) as isize,
                        int(&want["len"]) as isize,
                        string(&want["format"]),
                        ints(&want["shape"]),
                        ints(&want["strides"]),
                        ints(&want["suboffsets"]),
                    ),
                    || {
                        format!(
                            "{}: flags/readonly/ndim/itemsize/len/format/shape/strides/suboffsets",
                            what()
                        )
                    },
                );
                let mut bytes = vec![0u8; rv.len.max(0) as usize];
                // SAFETY: `bytes` holds len bytes; `r`'s view is contiguous in `order`.
                let rc = unsafe {
                    PyBuffer_ToContiguous(bytes.as_mut_ptr().cast(), rv, rv.len, order_char(order))
                };
                report.eq(
                    (rc, bytes),
                    (0, hex(want["bytes"].as_str().unwrap())),
                    || format!("{}: bytes", what()),
                );
                // SAFETY: our reference.
                unsafe { Py_DecRef(r) };
            }
            // SAFETY: our reference.
            unsafe { Py_DecRef(mv) };
            report.check(PyErr_Occurred().is_null(), || {
                format!("{}: error left set", layout.name())
            });
            error();
        }
        report.finish();
    });
}

// ==========================================================================
// PyObject_CopyData between memoryviews
// ==========================================================================

#[test]
fn copy_data_matches_cpython() {
    with_oracle("copy_data_matches_cpython", |doc| {
        let mut report = Report::new("PyObject_CopyData");
        let mut overlapping = 0;
        for entry in doc.json["copy_data"].as_array().unwrap() {
            // Either two layouts with their own memory, or two views of one
            // exporter's memory ("joint"), which may overlap.
            let (dl, sl) = match entry.get("joint") {
                Some(j) => (
                    &doc.layouts[int(&j["dest_case"]) as usize],
                    &doc.layouts[int(&j["src_case"]) as usize],
                ),
                None => (
                    &doc.layouts[int(&entry["dest"]) as usize],
                    &doc.layouts[int(&entry["src"]) as usize],
                ),
            };
            let what = || format!("CopyData(dest={}, src={})", dl.name(), sl.name());
            let (dest, src_parts, src) = match entry.get("joint") {
                Some(j) => {
                    overlapping += 1;
                    let (mem, relocs) = parse_memory(j);
                    let mut dest = Built::from_parts(&mem, &relocs, &ViewSpec::parse(&j["dest"]));
                    let parts = dest.another_view(&ViewSpec::parse(&j["src"]));
                    (dest, Some(parts), None)
                }
                None => (Built::new(dl), None, Some(Built::new(sl))),
            };
            let src_view: *const Py_buffer = match (&src_parts, &src) {
                (Some(parts), _) => &parts.view,
                (None, Some(built)) => built.view_ptr(),
                (None, None) => unreachable!(),
            };
            let dmv = from_buffer(&dest);
            // SAFETY: the view and its memory outlive the memoryview.
            let smv = unsafe { PyMemoryView_FromBuffer(src_view) };
            let Ok(dmv) = dmv else {
                report.check(false, || format!("{}: FromBuffer failed", what()));
                continue;
            };
            assert!(!smv.is_null(), "{}: FromBuffer failed", what());
            // SAFETY: two live memoryviews.
            let rc = unsafe { PyObject_CopyData(dmv, smv) };
            let want = if entry["error"].is_null() {
                (0, None)
            } else {
                (-1, Some(exc(&entry["error"])))
            };
            report.eq((rc, error()), want, || format!("{}: status", what()));
            report.bytes(dest.mem(), &dest.expected_after(&entry["diff"]), || {
                format!("{}: destination memory", what())
            });
            if let Some(src) = &src {
                report.bytes(src.mem(), &src.initial, || {
                    format!("{}: source memory", what())
                });
            }
            report.check(dest.guards_intact(), || format!("{}: guard bytes", what()));
            // SAFETY: our references.
            unsafe {
                report.eq(
                    (memoryview_exports(dmv), memoryview_exports(smv)),
                    (0, 0),
                    || format!("{}: exports", what()),
                );
                Py_DecRef(dmv);
                Py_DecRef(smv);
            }
        }
        report.check(overlapping > 0, || {
            "no copies between views of one exporter".into()
        });
        report.finish();
    });
}

// ==========================================================================
// Functions without a view: SizeFromFormat, FillContiguousStrides, FillInfo
// ==========================================================================

#[test]
fn size_from_format_matches_struct_calcsize() {
    with_oracle("size_from_format_matches_struct_calcsize", |doc| {
        let mut report = Report::new("PyBuffer_SizeFromFormat");
        for entry in doc.json["sizes"].as_array().unwrap() {
            let fmt = hex(entry[0].as_str().unwrap());
            let cfmt = CString::new(fmt.clone()).unwrap();
            // SAFETY: a NUL-terminated string.
            let got = unsafe { PyBuffer_SizeFromFormat(cfmt.as_ptr()) };
            let want = match entry[1].as_i64() {
                Some(size) => (size as isize, None),
                None => (-1, Some(exc(&entry[2]))),
            };
            report.eq((got, error()), want, || {
                format!("SizeFromFormat({:?})", String::from_utf8_lossy(&fmt))
            });
        }
        report.finish();
    });
}

#[test]
fn fill_contiguous_strides_matches_cpython() {
    with_oracle("fill_contiguous_strides_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_FillContiguousStrides");
        for entry in doc.json["fill_strides"].as_array().unwrap() {
            let ndim = int(&entry[0]) as c_int;
            let shape = ints(&entry[1]).unwrap();
            let itemsize = int(&entry[2]) as c_int;
            let order = entry[3].as_str().unwrap();
            let want = ints(&entry[4]).unwrap();
            let mut strides = vec![-99isize; shape.len().max(1)];
            // SAFETY: both arrays hold ndim entries.
            unsafe {
                PyBuffer_FillContiguousStrides(
                    ndim,
                    shape.as_ptr(),
                    strides.as_mut_ptr(),
                    itemsize,
                    order_char(order),
                )
            };
            report.eq((strides, error()), (want, None), || {
                format!("FillContiguousStrides({ndim}, {shape:?}, {itemsize}, {order:?})")
            });
        }
        report.finish();
    });
}

#[test]
fn fill_info_matches_cpython() {
    with_oracle("fill_info_matches_cpython", |doc| {
        let mut report = Report::new("PyBuffer_FillInfo");
        let info = &doc.json["fill_info"];
        let mut data = *b"abcdefgh";
        for entry in info["cases"].as_array().unwrap() {
            let readonly = int(&entry[0]) as c_int;
            let flags = int(&entry[1]) as c_int;
            let want = &entry[2];
            let what = || format!("FillInfo(readonly={readonly}, flags={flags:#x})");
            let mut v = Py_buffer::zeroed();
            v.itemsize = 77;
            // SAFETY: a local view over 8 bytes of `data`.
            let rc = unsafe {
                PyBuffer_FillInfo(
                    &mut v,
                    ptr::null_mut(),
                    data.as_mut_ptr().cast(),
                    8,
                    readonly,
                    flags,
                )
            };
            if let Some(e) = want.get("error") {
                report.eq((rc, error()), (-1, Some(exc(e))), what);
                continue;
            }
            report.eq((rc, error()), (0, None), what);
            // SAFETY: a non-NULL format is NUL-terminated.
            let format = unsafe { c_string(v.format) };
            report.eq(
                (
                    v.len as i64,
                    v.itemsize as i64,
                    v.readonly as i64,
                    v.ndim as i64,
                    format,
                    !v.shape.is_null(),
                    ptr::eq(v.shape, &v.len),
                    !v.strides.is_null(),
                    ptr::eq(v.strides, &v.itemsize),
                    !v.suboffsets.is_null(),
                    v.buf == data.as_mut_ptr().cast(),
                ),
                (
                    int(&want["len"]),
                    int(&want["itemsize"]),
                    int(&want["readonly"]),
                    int(&want["ndim"]),
                    string(&want["format"]),
                    want["shape"].as_bool().unwrap(),
                    want["shape_is_len"].as_bool().unwrap(),
                    want["strides"].as_bool().unwrap(),
                    want["strides_is_itemsize"].as_bool().unwrap(),
                    want["suboffsets"].as_bool().unwrap(),
                    true,
                ),
                || format!("{}: fields", what()),
            );
            // SAFETY: obj is NULL, so releasing does nothing.
            unsafe { PyBuffer_Release(&mut v) };
        }
        // SAFETY: a NULL view is an error, nothing is written.
        let rc = unsafe {
            PyBuffer_FillInfo(
                ptr::null_mut(),
                ptr::null_mut(),
                data.as_mut_ptr().cast(),
                8,
                0,
                0,
            )
        };
        report.eq((rc, error()), (-1, Some(exc(&info["null_view"]))), || {
            "FillInfo(NULL view)".into()
        });
        report.finish();
    });
}

// ==========================================================================
// TypeError messages for objects without a buffer
// ==========================================================================

#[test]
fn non_exporter_messages_match_cpython() {
    use pybuffer::ffi::{PyType_Slot, PyType_Spec};
    use pybuffer::objects::memoryobject::PyMemoryView_FromObject;
    use pybuffer::objects::typeobject::{PyType_FromSpec, PyType_GenericAlloc};

    with_oracle("non_exporter_messages_match_cpython", |doc| {
        let mut report = Report::new("TypeError for objects without a buffer");
        for entry in doc.json["type_names"].as_array().unwrap() {
            let name = CString::new(hex(entry[0].as_str().unwrap())).unwrap();
            let mut slots = [PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            }];
            let mut spec = PyType_Spec {
                name: name.as_ptr(),
                basicsize: 0,
                itemsize: 0,
                flags: 0,
                slots: slots.as_mut_ptr(),
            };
            // SAFETY: a valid spec with an empty slot list.
            let ty = unsafe { PyType_FromSpec(&mut spec) };
            assert!(!ty.is_null(), "PyType_FromSpec failed: {:?}", error());
            // SAFETY: a live type; the instance is released below.
            let obj = unsafe { PyType_GenericAlloc(ty.cast(), 0) };
            let what = || format!("type name {:?}", name);
            let mut view = Py_buffer::zeroed();
            // SAFETY: a live object and a local view.
            let rc = unsafe { PyObject_GetBuffer(obj, &mut view, 0) };
            report.eq((rc, error()), (-1, Some(exc(&entry[1]))), || {
                format!("{}: PyObject_GetBuffer", what())
            });
            // SAFETY: a live object.
            let mv = unsafe { PyMemoryView_FromObject(obj) };
            report.eq(
                (mv.is_null(), error()),
                (true, Some(exc(&entry[2]))),
                || format!("{}: PyMemoryView_FromObject", what()),
            );
            // SAFETY: a live object.
            let mv = unsafe { PyMemoryView_GetContiguous(obj, PyBUF_READ, b'C' as c_char) };
            report.eq(
                (mv.is_null(), error()),
                (true, Some(exc(&entry[2]))),
                || format!("{}: PyMemoryView_GetContiguous", what()),
            );
            // SAFETY: our references.
            unsafe {
                Py_DecRef(obj);
                Py_DecRef(ty);
            }
        }
        report.finish();
    });
}
