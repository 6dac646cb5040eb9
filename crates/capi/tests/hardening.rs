//! Misbehaving exporters and hand-built views against the C entry points
//! (issue 7, findings 1 and 2 and the acquisition defence).
//!
//! A `Liar` exporter fills its `Py_buffer` from a script: `ndim` larger
//! than its 4-entry arrays, a `len` its shape contradicts, a NULL shape, a
//! negative dimension, itemsize 0, a NULL `buf`, a read-only buffer for a
//! writable request, suboffsets nobody asked for, no `obj`. Each must be
//! refused by `PyObject_GetBuffer` (and `PyMemoryView_FromObject`) before
//! anything reads it, and the export must be released again: the exporter
//! sees as many releases as exports and its refcount is back where it was.
//! Hand-built views with a lying `len` must be refused by
//! `PyBuffer_ToContiguous` / `PyBuffer_FromContiguous` instead of copying
//! `len` bytes.

use std::ffi::{c_char, c_int, c_uint, c_void};
use std::mem::size_of;
use std::ptr;

use pybuffer::buffer::*;
use pybuffer::ffi::*;
use pybuffer::objects::memoryobject::{PyMemoryView_FromBuffer, PyMemoryView_FromObject};
use pybuffer::objects::object::{Py_DecRef, Py_REFCNT};
use pybuffer::objects::typeobject::{PyType_FromSpec, PyType_GenericAlloc};
use pybuffer::python::errors::take_error;

/// The pending error as `(type name, message)`, cleared.
fn err() -> Option<(String, String)> {
    take_error().map(|e| (e.type_name, e.message))
}

#[track_caller]
fn expect_err(ty: &str, part: &str) {
    let (t, m) = err().unwrap_or_else(|| panic!("expected {ty}, no error is set"));
    assert_eq!(t, ty, "exception type (message {m:?})");
    assert!(m.contains(part), "message {m:?} should mention {part:?}");
}

// ==========================================================================
// The Liar exporter
// ==========================================================================

/// What the Liar writes into the `Py_buffer`; `shape`/`strides`/
/// `suboffsets` hold 4 entries whatever `ndim` claims.
#[derive(Clone, Copy)]
struct Script {
    ndim: c_int,
    itemsize: isize,
    len: isize,
    readonly: c_int,
    shape: Option<[isize; 4]>,
    strides: Option<[isize; 4]>,
    suboffsets: bool,
    null_buf: bool,
    null_obj: bool,
}

impl Script {
    /// An honest 8x8 u8 matrix over the 64 data bytes.
    fn honest() -> Script {
        Script {
            ndim: 2,
            itemsize: 1,
            len: 64,
            readonly: 0,
            shape: Some([8, 8, 0, 0]),
            strides: Some([8, 1, 0, 0]),
            suboffsets: false,
            null_buf: false,
            null_obj: false,
        }
    }
}

#[repr(C)]
struct Liar {
    ob_base: PyObject,
    script: Script,
    shape: [isize; 4],
    strides: [isize; 4],
    suboffsets: [isize; 4],
    data: [u8; 64],
    exports: isize,
    gets: usize,
    releases: usize,
}

/// `bf_getbuffer`: fills the view from the script, whatever `flags` asks.
///
/// # Safety
/// Called by `PyObject_GetBuffer` with a live Liar and a writable view.
unsafe extern "C" fn liar_getbuffer(obj: *mut PyObject, view: *mut Py_buffer, _: c_int) -> c_int {
    // SAFETY: a live Liar per the contract.
    let l = unsafe { &mut *(obj as *mut Liar) };
    let s = l.script;
    l.shape = s.shape.unwrap_or_default();
    l.strides = s.strides.unwrap_or_default();
    l.suboffsets = [-1; 4];
    if !s.null_obj {
        // SAFETY: live; the view takes a reference.
        unsafe { pybuffer::objects::object::Py_IncRef(obj) };
    }
    // SAFETY: writable per the contract.
    unsafe {
        *view = Py_buffer {
            buf: if s.null_buf {
                ptr::null_mut()
            } else {
                l.data.as_mut_ptr().cast()
            },
            obj: if s.null_obj { ptr::null_mut() } else { obj },
            len: s.len,
            itemsize: s.itemsize,
            readonly: s.readonly,
            ndim: s.ndim,
            format: ptr::null_mut(),
            shape: if s.shape.is_some() {
                l.shape.as_mut_ptr()
            } else {
                ptr::null_mut()
            },
            strides: if s.strides.is_some() {
                l.strides.as_mut_ptr()
            } else {
                ptr::null_mut()
            },
            suboffsets: if s.suboffsets {
                l.suboffsets.as_mut_ptr()
            } else {
                ptr::null_mut()
            },
            internal: ptr::null_mut(),
        }
    };
    l.exports += 1;
    l.gets += 1;
    0
}

/// `bf_releasebuffer`.
///
/// # Safety
/// Called by `PyBuffer_Release` with a live Liar.
unsafe extern "C" fn liar_release(obj: *mut PyObject, _: *mut Py_buffer) {
    // SAFETY: a live Liar per the contract.
    let l = unsafe { &mut *(obj as *mut Liar) };
    l.exports -= 1;
    l.releases += 1;
}

fn liar_type() -> *mut PyObject {
    let mut slots = [
        PyType_Slot {
            slot: Py_bf_getbuffer,
            pfunc: liar_getbuffer as *mut c_void,
        },
        PyType_Slot {
            slot: Py_bf_releasebuffer,
            pfunc: liar_release as *mut c_void,
        },
        PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        },
    ];
    let mut spec = PyType_Spec {
        name: c"hardening.Liar".as_ptr(),
        basicsize: size_of::<Liar>() as c_int,
        itemsize: 0,
        flags: Py_TPFLAGS_DEFAULT as c_uint,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: a valid spec.
    let ty = unsafe { PyType_FromSpec(&mut spec) };
    assert!(!ty.is_null());
    ty
}

/// A new Liar (one reference, owned by the caller).
fn liar(script: Script) -> *mut PyObject {
    let ty = liar_type();
    // SAFETY: a live heap type; the allocation is zeroed and sized for a Liar.
    let obj = unsafe { PyType_GenericAlloc(ty.cast(), 0) };
    assert!(!obj.is_null());
    // SAFETY: a fresh Liar; the instance holds its own type reference.
    unsafe {
        (*(obj as *mut Liar)).script = script;
        Py_DecRef(ty);
    }
    obj
}

/// `(gets, releases, outstanding exports, refcount)` of a Liar.
fn state(obj: *mut PyObject) -> (usize, usize, isize, isize) {
    // SAFETY: a live Liar.
    unsafe {
        let l = &*(obj as *const Liar);
        (l.gets, l.releases, l.exports, Py_REFCNT(obj))
    }
}

/// Acquires `script` with `flags`: it must fail with a BufferError naming
/// `part`, and the export must have been released again.
#[track_caller]
fn refused(script: Script, flags: c_int, part: &str) {
    let obj = liar(script);
    let mut view = Py_buffer::zeroed();
    // SAFETY: a live object and a local view.
    let rc = unsafe { PyObject_GetBuffer(obj, &mut view, flags) };
    assert_eq!(rc, -1, "accepted an export that should be refused ({part})");
    expect_err("BufferError", part);
    assert!(view.obj.is_null(), "a refused view keeps no object");
    assert_eq!(
        state(obj),
        (1, 1, 0, 1),
        "gets, releases, exports, refcount"
    );
    // SAFETY: the view was released; a second release does nothing.
    unsafe { PyBuffer_Release(&mut view) };
    assert_eq!(state(obj), (1, 1, 0, 1));
    // SAFETY: our reference.
    unsafe { Py_DecRef(obj) };
}

/// Acquires `script` with `flags`: it must succeed and release cleanly.
#[track_caller]
fn accepted(script: Script, flags: c_int) {
    let obj = liar(script);
    let mut view = Py_buffer::zeroed();
    // SAFETY: a live object and a local view.
    let rc = unsafe { PyObject_GetBuffer(obj, &mut view, flags) };
    assert_eq!(rc, 0, "refused an honest export: {:?}", err());
    assert_eq!(state(obj), (1, 0, 1, 2));
    // SAFETY: acquired above.
    unsafe { PyBuffer_Release(&mut view) };
    assert_eq!(state(obj), (1, 1, 0, 1));
    // SAFETY: our reference.
    unsafe { Py_DecRef(obj) };
}

// ==========================================================================
// Acquisition (finding 2 and the defence)
// ==========================================================================

#[test]
fn get_buffer_refuses_an_ndim_beyond_the_arrays() {
    for ndim in [65, 1_000_000, c_int::MAX, -1, c_int::MIN] {
        let s = Script {
            ndim,
            ..Script::honest()
        };
        refused(s, PyBUF_FULL_RO, "ndim must be between 0 and 64");
    }
}

#[test]
fn get_buffer_refuses_inconsistent_layouts() {
    let honest = Script::honest();
    // Finding 1's view: len 4096 over 64 bytes with shape [64].
    let long = Script {
        ndim: 1,
        len: 4096,
        shape: Some([64, 0, 0, 0]),
        strides: None,
        ..honest
    };
    refused(
        long,
        PyBUF_FULL_RO,
        "view->len (4096) != product(shape) * itemsize (64)",
    );
    refused(long, PyBUF_SIMPLE, "view->len (4096)");
    // The NULL-strides 2-D case.
    let long2d = Script {
        len: 4096,
        strides: None,
        ..honest
    };
    refused(long2d, PyBUF_RECORDS_RO, "view->len (4096)");
    refused(
        Script { len: 63, ..honest },
        PyBUF_FULL_RO,
        "view->len (63)",
    );
    refused(
        Script {
            shape: None,
            ..honest
        },
        PyBUF_FULL_RO,
        "a view with ndim > 1 must have a shape",
    );
    refused(
        Script {
            shape: Some([-8, -8, 0, 0]),
            ..honest
        },
        PyBUF_FULL_RO,
        "shape[0] is negative (-8)",
    );
    refused(
        Script {
            shape: Some([isize::MAX, 3, 0, 0]),
            ..honest
        },
        PyBUF_FULL_RO,
        "product(shape) * itemsize overflows",
    );
    for itemsize in [0, -8] {
        refused(
            Script { itemsize, ..honest },
            PyBUF_FULL_RO,
            "itemsize must be positive",
        );
    }
    refused(
        Script {
            len: -1,
            ndim: 1,
            shape: None,
            strides: None,
            ..honest
        },
        PyBUF_SIMPLE,
        "view->len is negative (-1)",
    );
    refused(
        Script {
            null_buf: true,
            ..honest
        },
        PyBUF_FULL_RO,
        "view->buf is NULL",
    );
    // 0-dimensional: one item of itemsize bytes.
    refused(
        Script {
            ndim: 0,
            itemsize: 8,
            len: 64,
            shape: None,
            strides: None,
            ..honest
        },
        PyBUF_FULL_RO,
        "view->len (64) != product(shape) * itemsize (8)",
    );
}

#[test]
fn get_buffer_refuses_exports_that_ignore_the_request() {
    let honest = Script::honest();
    refused(
        Script {
            readonly: 1,
            ..honest
        },
        PyBUF_WRITABLE,
        "read-only but PyBUF_WRITABLE was requested",
    );
    refused(
        Script {
            suboffsets: true,
            ..honest
        },
        PyBUF_RECORDS_RO,
        "PyBUF_INDIRECT was not requested",
    );
    // Strides the consumer did not ask for must be C order: it reads len
    // bytes from buf as if they were.
    let transposed = Script {
        strides: Some([1, 8, 0, 0]),
        ..honest
    };
    refused(transposed, PyBUF_ND, "not C-contiguous");
    refused(transposed, PyBUF_C_CONTIGUOUS, "not C-contiguous");
    refused(honest, PyBUF_F_CONTIGUOUS, "not Fortran contiguous");
    let every_other = Script {
        len: 32,
        shape: Some([4, 8, 0, 0]),
        strides: Some([16, 1, 0, 0]),
        ..honest
    };
    refused(every_other, PyBUF_ANY_CONTIGUOUS, "not contiguous");
    refused(
        Script {
            null_obj: true,
            ..honest
        },
        PyBUF_FULL_RO,
        "view->obj is NULL",
    );
}

#[test]
fn get_buffer_accepts_what_cpython_exporters_legitimately_leave_out() {
    let honest = Script::honest();
    accepted(honest, PyBUF_FULL);
    accepted(honest, PyBUF_C_CONTIGUOUS);
    accepted(
        Script {
            readonly: 1,
            ..honest
        },
        PyBUF_FULL_RO,
    );
    // NULL strides on a PyBUF_STRIDES request mean C order (ctypes does it).
    accepted(
        Script {
            strides: None,
            ..honest
        },
        PyBUF_FULL_RO,
    );
    // A 1-D view without a shape is [len / itemsize], as memoryview
    // reconstructs it; a partial trailing item is ignored, as in CPython.
    for len in [64, 63] {
        accepted(
            Script {
                ndim: 1,
                itemsize: 8,
                len,
                shape: None,
                strides: None,
                ..honest
            },
            PyBUF_FULL_RO,
        );
    }
    accepted(
        Script {
            ndim: 0,
            itemsize: 8,
            len: 8,
            shape: None,
            strides: None,
            ..honest
        },
        PyBUF_FULL_RO,
    );
    // Any strides, zero and negative included, with the request for them.
    accepted(
        Script {
            strides: Some([-8, 0, 0, 0]),
            ..honest
        },
        PyBUF_FULL_RO,
    );
    // An empty view may have a NULL buf.
    accepted(
        Script {
            len: 0,
            shape: Some([0, 8, 0, 0]),
            null_buf: true,
            ..honest
        },
        PyBUF_FULL_RO,
    );
}

#[test]
fn memoryview_reports_ndim_as_cpython_and_releases_the_export() {
    let obj = liar(Script {
        ndim: 65,
        ..Script::honest()
    });
    // SAFETY: a live object.
    let mv = unsafe { PyMemoryView_FromObject(obj) };
    assert!(mv.is_null());
    assert_eq!(
        err(),
        Some((
            "ValueError".to_owned(),
            "memoryview: number of dimensions must not exceed 64".to_owned()
        ))
    );
    assert_eq!(state(obj), (1, 1, 0, 1));
    // SAFETY: our reference.
    unsafe { Py_DecRef(obj) };

    let obj = liar(Script {
        len: 4096,
        ..Script::honest()
    });
    // SAFETY: a live object.
    assert!(unsafe { PyMemoryView_FromObject(obj) }.is_null());
    expect_err("ValueError", "memoryview: view->len (4096)");
    assert_eq!(state(obj), (1, 1, 0, 1));
    // SAFETY: our reference.
    unsafe { Py_DecRef(obj) };
}

#[test]
fn a_refused_export_without_obj_is_released_through_its_exporter() {
    let obj = liar(Script {
        null_obj: true,
        ..Script::honest()
    });
    let mut view = Py_buffer::zeroed();
    // SAFETY: a live object.
    assert_eq!(
        unsafe { PyObject_GetBuffer(obj, &mut view, PyBUF_FULL_RO) },
        -1
    );
    expect_err("BufferError", "view->obj is NULL");
    assert_eq!(state(obj), (1, 1, 0, 1));
    // SAFETY: our reference.
    unsafe { Py_DecRef(obj) };
}

// ==========================================================================
// Hand-built views at the C entry points (finding 1)
// ==========================================================================

/// A hand-built 1-D view over `mem` claiming `len` bytes.
fn lying_view(mem: &mut [u8], shape: &mut [isize], strides: *mut isize, len: isize) -> Py_buffer {
    let mut v = Py_buffer::zeroed();
    v.buf = mem.as_mut_ptr().cast();
    v.len = len;
    v.itemsize = 1;
    v.ndim = shape.len() as c_int;
    v.shape = shape.as_mut_ptr();
    v.strides = strides;
    v
}

#[test]
fn contiguous_fast_paths_check_len_against_the_shape() {
    let mut mem = vec![7u8; 64];
    let mut big = vec![0u8; 4096];
    let mut shape = [64isize];
    let mut stride = [1isize];
    for strides in [ptr::null_mut(), stride.as_mut_ptr()] {
        let v = lying_view(&mut mem, &mut shape, strides, 4096);
        for order in [b'C', b'F', b'A'] {
            // SAFETY: `big` holds 4096 bytes; the view lies about its own.
            let rc = unsafe {
                PyBuffer_ToContiguous(big.as_mut_ptr().cast(), &v, 4096, order as c_char)
            };
            assert_eq!(rc, -1);
            expect_err(
                "ValueError",
                "PyBuffer_ToContiguous: view->len (4096) != product(shape) * itemsize (64)",
            );
            // SAFETY: as above.
            let rc =
                unsafe { PyBuffer_FromContiguous(&v, big.as_ptr().cast(), 4096, order as c_char) };
            assert_eq!(rc, -1);
            expect_err("ValueError", "PyBuffer_FromContiguous: view->len (4096)");
            // SAFETY: a filled view.
            assert_eq!(unsafe { PyBuffer_IsContiguous(&v, order as c_char) }, 0);
        }
        // SAFETY: one index.
        let p = unsafe { PyBuffer_GetPointer(&v, [0isize].as_ptr()) };
        assert!(p.is_null());
        expect_err("ValueError", "view->len (4096)");
    }
    assert!(mem.iter().all(|&b| b == 7), "nothing was written");

    // The NULL-strides 2-D case: shape [8, 8] over 64 bytes, len 4096.
    let mut shape2 = [8isize, 8];
    let v = lying_view(&mut mem, &mut shape2, ptr::null_mut(), 4096);
    // SAFETY: as above.
    let rc = unsafe { PyBuffer_ToContiguous(big.as_mut_ptr().cast(), &v, 4096, b'C' as c_char) };
    assert_eq!(rc, -1);
    expect_err("ValueError", "view->len (4096)");
    // SAFETY: as above.
    let rc = unsafe { PyBuffer_FromContiguous(&v, big.as_ptr().cast(), 4096, b'C' as c_char) };
    assert_eq!(rc, -1);
    expect_err("ValueError", "view->len (4096)");

    // The honest views still copy.
    let v = lying_view(&mut mem, &mut shape2, ptr::null_mut(), 64);
    // SAFETY: `big` holds 64 bytes and more.
    let rc = unsafe { PyBuffer_ToContiguous(big.as_mut_ptr().cast(), &v, 64, b'C' as c_char) };
    assert_eq!(rc, 0);
    assert!(big[..64].iter().all(|&b| b == 7));
}

#[test]
fn from_buffer_checks_the_view() {
    let mut mem = vec![0u8; 64];
    let mut shape = [64isize];
    let v = lying_view(&mut mem, &mut shape, ptr::null_mut(), 4096);
    // SAFETY: a filled view over live memory.
    assert!(unsafe { PyMemoryView_FromBuffer(&v) }.is_null());
    expect_err("ValueError", "memoryview: view->len (4096)");
}

#[test]
fn strides_whose_offsets_overflow_are_refused() {
    // Found by the `validate` fuzz target: GetPointer computed index *
    // stride without a check, which panics (and aborts) where overflow is
    // checked and wraps to a wild pointer elsewhere.
    let mut mem = vec![0u8; 64];
    let mut shape = [2isize, 2];
    let mut strides = [isize::MIN / 2, isize::MAX / 2];
    let mut v = lying_view(&mut mem, &mut shape, strides.as_mut_ptr(), 4);
    v.ndim = 2;
    // SAFETY: two indices.
    let p = unsafe { PyBuffer_GetPointer(&v, [1isize, 1].as_ptr()) };
    assert!(p.is_null());
    expect_err("OverflowError", "strides overflow");
    // SAFETY: a filled view.
    assert_eq!(unsafe { PyBuffer_IsContiguous(&v, b'A' as c_char) }, 0);
    refused(
        Script {
            strides: Some([isize::MAX, 1, 0, 0]),
            ..Script::honest()
        },
        PyBUF_FULL_RO,
        "strides overflow",
    );
}

#[test]
fn overlapping_packed_buffers_copy_as_if_through_a_temporary() {
    let fresh = || (0u8..32).collect::<Vec<u8>>();
    let mut shape = [8isize];
    let mut stride = [-3isize];
    // Items at 21, 18, ..., 0 (stride -3); the packed buffer at 4..12.
    let mut mem = fresh();
    let mut v = lying_view(&mut mem, &mut shape, stride.as_mut_ptr(), 8);
    v.buf = mem.as_mut_ptr().wrapping_add(21).cast();
    let items: Vec<u8> = (0..8).map(|i| 21 - 3 * i).collect();
    // SAFETY: 8 bytes at 4 and the items lie in `mem`.
    let rc =
        unsafe { PyBuffer_ToContiguous(mem.as_mut_ptr().add(4).cast(), &v, 8, b'C' as c_char) };
    assert_eq!(rc, 0);
    let mut want = fresh();
    want[4..12].copy_from_slice(&items);
    assert_eq!(mem, want, "ToContiguous");

    let mut mem = fresh();
    let mut v = lying_view(&mut mem, &mut shape, stride.as_mut_ptr(), 8);
    v.buf = mem.as_mut_ptr().wrapping_add(21).cast();
    // SAFETY: as above.
    let rc = unsafe { PyBuffer_FromContiguous(&v, mem.as_ptr().add(4).cast(), 8, b'C' as c_char) };
    assert_eq!(rc, 0);
    let mut want = fresh();
    for i in 0..8 {
        want[21 - 3 * i] = 4 + i as u8;
    }
    assert_eq!(mem, want, "FromContiguous");
}

// ==========================================================================
// Deep nesting: bounded by the stack, never overflowing it
// ==========================================================================
//
// CPython's tuple hash recurses without a bound and crashes on a tuple
// nested a million deep; pybuffer raises RecursionError while stack is left.
// Deallocating such a chain must not recurse a million frames either (the
// differential test deep.c compares the cases CPython survives).

/// `((...(3,)...),)`, `depth` tuples deep.
fn nested_tuple(depth: usize) -> *mut PyObject {
    use pybuffer::objects::longobject::PyLong_FromLong;
    use pybuffer::objects::tupleobject::{PyTuple_New, PyTuple_SetItem};
    let mut x = PyLong_FromLong(3);
    for _ in 0..depth {
        let t = PyTuple_New(1);
        assert!(!t.is_null());
        // SAFETY: a new 1-tuple; SetItem steals `x`.
        assert_eq!(unsafe { PyTuple_SetItem(t, 0, x) }, 0);
        x = t;
    }
    x
}

#[test]
fn hashing_a_tuple_nested_a_million_deep_raises_recursion_error() {
    use pybuffer::objects::object::PyObject_Hash;
    // A thread of 1 MiB: the bound is the stack this thread has left.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let shallow = nested_tuple(100);
            // SAFETY: a live tuple.
            assert_ne!(unsafe { PyObject_Hash(shallow) }, -1);
            assert!(err().is_none());
            // SAFETY: our reference.
            unsafe { Py_DecRef(shallow) };
            let deep = nested_tuple(1_000_000);
            // SAFETY: a live tuple.
            assert_eq!(unsafe { PyObject_Hash(deep) }, -1);
            expect_err(
                "RecursionError",
                "maximum recursion depth exceeded while hashing a tuple",
            );
            // SAFETY: our reference; freeing the chain must not overflow.
            unsafe { Py_DecRef(deep) };
        })
        .unwrap()
        .join()
        .unwrap();
}
