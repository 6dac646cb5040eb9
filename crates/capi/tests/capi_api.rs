//! Tests of every buffer-protocol C entry point through its `extern "C"`
//! function, bad inputs included: NULL arguments, invalid orders, `ndim`
//! out of range, negative or mismatched lengths, invalid formats, writable
//! requests on read-only exporters, double releases, exporter types made
//! with `PyType_FromSpec` (their release callbacks and deallocation), the
//! memoryview constructors, `PyObject_CopyData` and the error indicator.
//!
//! Messages CPython defines are compared exactly; where pybuffer is
//! stricter than CPython (documented in the crate docs), the exception type
//! and the part of the message naming the problem are checked.

use std::ffi::{CStr, CString, c_char, c_int, c_uint, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use pybuffer::buffer::*;
use pybuffer::ffi::*;
use pybuffer::objects::exceptions::{
    Exc, PyExc_BaseException, PyExc_BufferError, PyExc_Exception, PyExc_IndexError,
    PyExc_LookupError, PyExc_MemoryError, PyExc_StructError, PyExc_SystemError, PyExc_TypeError,
    PyExc_ValueError,
};
use pybuffer::objects::memoryobject::*;
use pybuffer::objects::object::{Py_DecRef, Py_IncRef, Py_REFCNT, Py_TYPE};
use pybuffer::objects::typeobject::{
    PyType_FromSpec, PyType_GenericAlloc, PyType_GetSlot, type_clear,
};
use pybuffer::python::errors::{
    _PyErr_BadInternalCall, PyErr_BadInternalCall, PyErr_Clear, PyErr_ExceptionMatches,
    PyErr_GivenExceptionMatches, PyErr_NoMemory, PyErr_Occurred, PyErr_SetNone, PyErr_SetString,
    peek_error, take_error,
};

// ==========================================================================
// Helpers
// ==========================================================================

/// The pending error as `(type name, message)`, cleared.
fn err() -> Option<(String, String)> {
    take_error().map(|e| (e.type_name, e.message))
}

fn some_err(ty: &str, msg: &str) -> Option<(String, String)> {
    Some((ty.to_owned(), msg.to_owned()))
}

/// Takes the pending error and checks its type and that its message
/// contains `part`.
#[track_caller]
fn expect_err_containing(ty: &str, part: &str) {
    let (t, m) = err().unwrap_or_else(|| panic!("expected {ty}, no error is set"));
    assert_eq!(t, ty, "exception type (message {m:?})");
    assert!(m.contains(part), "message {m:?} should mention {part:?}");
}

const BAD_CALL: &str = "bad argument to internal function";

/// The string at `p`, or None for NULL.
///
/// # Safety
/// `p` must be NULL or NUL-terminated.
unsafe fn cstr(p: *const c_char) -> Option<String> {
    // SAFETY: NUL-terminated per the contract.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// A view over caller-owned memory, with owned shape/strides/suboffsets
/// (held so the view's pointers stay valid).
struct Raw {
    _shape: Vec<isize>,
    _strides: Vec<isize>,
    suboffsets: Vec<isize>,
    view: Py_buffer,
}

impl Raw {
    /// `shape`/`strides` in items of `itemsize` bytes over `mem` at `offset`.
    fn new(
        mem: &mut [u8],
        offset: isize,
        itemsize: isize,
        shape: &[isize],
        strides: Option<&[isize]>,
    ) -> Raw {
        let mut shape = shape.to_vec();
        let mut strides = strides.map(<[isize]>::to_vec).unwrap_or_default();
        let len = shape.iter().product::<isize>() * itemsize;
        let mut view = Py_buffer::zeroed();
        view.buf = mem.as_mut_ptr().wrapping_offset(offset).cast();
        view.len = len;
        view.itemsize = itemsize;
        view.ndim = shape.len() as c_int;
        view.format = ptr::null_mut();
        view.shape = shape.as_mut_ptr();
        view.strides = if strides.is_empty() && !shape.is_empty() {
            ptr::null_mut()
        } else {
            strides.as_mut_ptr()
        };
        Raw {
            _shape: shape,
            _strides: strides,
            suboffsets: Vec::new(),
            view,
        }
    }

    fn with_suboffsets(mut self, subs: &[isize]) -> Raw {
        self.suboffsets = subs.to_vec();
        self.view.suboffsets = self.suboffsets.as_mut_ptr();
        self
    }

    fn ptr(&self) -> *const Py_buffer {
        &self.view
    }
}

fn to_contiguous(view: *const Py_buffer, len: isize, order: u8) -> (c_int, Vec<u8>) {
    let mut out = vec![0u8; len.max(0) as usize];
    // SAFETY: `out` holds len bytes; callers pass valid views.
    let rc = unsafe { PyBuffer_ToContiguous(out.as_mut_ptr().cast(), view, len, order as c_char) };
    (rc, out)
}

// ==========================================================================
// An exporter type written the limited-API way, in Rust
// ==========================================================================

#[derive(Default)]
struct Counters {
    gets: AtomicUsize,
    releases: AtomicUsize,
    deallocs: AtomicUsize,
}

impl Counters {
    fn get(&self) -> (usize, usize, usize) {
        (
            self.gets.load(SeqCst),
            self.releases.load(SeqCst),
            self.deallocs.load(SeqCst),
        )
    }
}

/// Layouts the exporter can present.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C)]
enum Mode {
    /// 24 bytes through `PyBuffer_FillInfo`.
    Bytes,
    /// A 3x4 view of every other byte: shape [3, 4], strides [8, 2].
    Strided,
}

#[repr(C)]
struct Exporter {
    ob_base: PyObject,
    counters: *const Counters,
    mode: Mode,
    readonly: c_int,
    data: [u8; 24],
    shape: [isize; 2],
    strides: [isize; 2],
    exports: isize,
}

/// `bf_getbuffer`.
///
/// # Safety
/// Called by `PyObject_GetBuffer` with a live `Exporter` and a writable view.
unsafe extern "C" fn exporter_getbuffer(
    obj: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: `obj` is a live Exporter per the contract.
    let e = unsafe { &mut *(obj as *mut Exporter) };
    let rc = match e.mode {
        // SAFETY: `view` is writable; `data` lives as long as the object.
        Mode::Bytes => unsafe {
            PyBuffer_FillInfo(
                view,
                obj,
                e.data.as_mut_ptr().cast(),
                e.data.len() as isize,
                e.readonly,
                flags,
            )
        },
        Mode::Strided => {
            if flags & PyBUF_STRIDES != PyBUF_STRIDES
                || flags
                    & (PyBUF_C_CONTIGUOUS | PyBUF_F_CONTIGUOUS | PyBUF_ANY_CONTIGUOUS)
                    & !PyBUF_STRIDES
                    != 0
            {
                // SAFETY: a static type object and a NUL-terminated message.
                unsafe { PyErr_SetString(PyExc_BufferError.0, c"Exporter: strided only".as_ptr()) };
                return -1;
            }
            if flags & PyBUF_WRITABLE != 0 && e.readonly != 0 {
                // SAFETY: as above.
                unsafe { PyErr_SetString(PyExc_BufferError.0, c"Exporter: read-only".as_ptr()) };
                return -1;
            }
            // SAFETY: live object; the view takes a reference.
            unsafe { Py_IncRef(obj) };
            // SAFETY: `view` is writable per the contract.
            unsafe {
                *view = Py_buffer {
                    buf: e.data.as_mut_ptr().cast(),
                    obj,
                    len: 12,
                    itemsize: 1,
                    readonly: e.readonly,
                    ndim: 2,
                    format: if flags & PyBUF_FORMAT != 0 {
                        c"B".as_ptr() as *mut c_char
                    } else {
                        ptr::null_mut()
                    },
                    shape: e.shape.as_mut_ptr(),
                    strides: e.strides.as_mut_ptr(),
                    suboffsets: ptr::null_mut(),
                    internal: ptr::null_mut(),
                }
            };
            0
        }
    };
    if rc == 0 {
        e.exports += 1;
        // SAFETY: the counters outlive every object that points to them.
        unsafe { &*e.counters }.gets.fetch_add(1, SeqCst);
    }
    rc
}

/// `bf_releasebuffer`.
///
/// # Safety
/// Called by `PyBuffer_Release` with a live `Exporter`.
unsafe extern "C" fn exporter_release(obj: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: a live Exporter per the contract.
    let e = unsafe { &mut *(obj as *mut Exporter) };
    e.exports -= 1;
    // SAFETY: the counters outlive the object.
    unsafe { &*e.counters }.releases.fetch_add(1, SeqCst);
}

/// `tp_dealloc`: counts, frees with the type's `tp_free` and drops the
/// instance's reference to its (heap) type, as CPython requires.
///
/// # Safety
/// Called once, when the refcount reaches zero.
unsafe extern "C" fn exporter_dealloc(obj: *mut PyObject) {
    // SAFETY: the object is live until freed below.
    unsafe {
        let e = &*(obj as *mut Exporter);
        assert_eq!(e.exports, 0, "deallocated with exports outstanding");
        (*e.counters).deallocs.fetch_add(1, SeqCst);
        let ty = Py_TYPE(obj);
        let free: unsafe extern "C" fn(*mut c_void) =
            std::mem::transmute(PyType_GetSlot(ty, Py_tp_free));
        free(obj.cast());
        Py_DecRef(ty.cast());
    }
}

/// A heap type from a spec, with our buffer slots and, optionally, our
/// dealloc.
fn exporter_type(name: &CStr, with_dealloc: bool) -> *mut PyObject {
    let mut slots = vec![
        PyType_Slot {
            slot: Py_bf_getbuffer,
            pfunc: exporter_getbuffer as *mut c_void,
        },
        PyType_Slot {
            slot: Py_bf_releasebuffer,
            pfunc: exporter_release as *mut c_void,
        },
    ];
    if with_dealloc {
        slots.push(PyType_Slot {
            slot: Py_tp_dealloc,
            pfunc: exporter_dealloc as *mut c_void,
        });
    }
    slots.push(PyType_Slot {
        slot: 0,
        pfunc: ptr::null_mut(),
    });
    let mut spec = PyType_Spec {
        name: name.as_ptr(),
        basicsize: size_of::<Exporter>() as c_int,
        itemsize: 0,
        flags: Py_TPFLAGS_DEFAULT as c_uint,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: a valid spec; PyType_FromSpec copies what it keeps.
    let ty = unsafe { PyType_FromSpec(&mut spec) };
    assert!(!ty.is_null(), "PyType_FromSpec failed: {:?}", err());
    ty
}

fn new_exporter(
    ty: *mut PyObject,
    counters: &Counters,
    mode: Mode,
    readonly: bool,
) -> *mut PyObject {
    // SAFETY: a live heap type; the allocation is zeroed and sized for an
    // Exporter.
    let obj = unsafe { PyType_GenericAlloc(ty.cast(), 0) };
    assert!(!obj.is_null());
    // SAFETY: a fresh Exporter.
    let e = unsafe { &mut *(obj as *mut Exporter) };
    e.counters = counters;
    e.mode = mode;
    e.readonly = readonly as c_int;
    for (i, b) in e.data.iter_mut().enumerate() {
        *b = i as u8;
    }
    e.shape = [3, 4];
    e.strides = [8, 2];
    obj
}

/// A type whose instances export no buffer.
fn plain_type() -> *mut PyObject {
    let mut slots = [PyType_Slot {
        slot: 0,
        pfunc: ptr::null_mut(),
    }];
    let mut spec = PyType_Spec {
        name: c"capi_api.Plain".as_ptr(),
        basicsize: 0,
        itemsize: 0,
        flags: 0,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: a valid spec.
    unsafe { PyType_FromSpec(&mut spec) }
}

// ==========================================================================
// PyObject_CheckBuffer, PyObject_GetBuffer, PyBuffer_Release
// ==========================================================================

#[test]
fn get_buffer_null_arguments_and_non_exporters() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.NullArgs", true);
    let obj = new_exporter(ty, &counters, Mode::Bytes, false);
    let plain = plain_type();
    // SAFETY: live objects or NULL, local views.
    unsafe {
        let instance = PyType_GenericAlloc(plain.cast(), 0);
        assert_eq!(PyObject_CheckBuffer(ptr::null_mut()), 0);
        assert_eq!(PyObject_CheckBuffer(obj), 1);
        assert_eq!(PyObject_CheckBuffer(instance), 0);
        let mut view = Py_buffer::zeroed();
        assert_eq!(
            PyObject_GetBuffer(ptr::null_mut(), &mut view, PyBUF_SIMPLE),
            -1
        );
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        assert_eq!(PyObject_GetBuffer(obj, ptr::null_mut(), PyBUF_SIMPLE), -1);
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        assert_eq!(PyObject_GetBuffer(instance, &mut view, PyBUF_SIMPLE), -1);
        assert_eq!(
            err(),
            some_err(
                "TypeError",
                "a bytes-like object is required, not 'capi_api.Plain'"
            )
        );
        assert!(view.obj.is_null());
        assert_eq!(counters.get(), (0, 0, 0));
        Py_DecRef(instance);
        Py_DecRef(plain);
        Py_DecRef(obj);
        Py_DecRef(ty);
    }
    assert_eq!(counters.get(), (0, 0, 1));
}

#[test]
fn release_is_idempotent_and_null_safe() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.Release", true);
    let obj = new_exporter(ty, &counters, Mode::Bytes, false);
    // SAFETY: a live exporter and local views.
    unsafe {
        PyBuffer_Release(ptr::null_mut());
        let mut empty = Py_buffer::zeroed();
        PyBuffer_Release(&mut empty);
        let mut view = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(obj, &mut view, PyBUF_FULL_RO), 0);
        assert_eq!(view.obj, obj);
        assert_eq!(Py_REFCNT(obj), 2);
        assert_eq!(counters.get(), (1, 0, 0));
        PyBuffer_Release(&mut view);
        assert!(view.obj.is_null(), "release clears view->obj");
        assert_eq!(Py_REFCNT(obj), 1);
        assert_eq!(counters.get(), (1, 1, 0));
        PyBuffer_Release(&mut view);
        assert_eq!(Py_REFCNT(obj), 1, "a second release is a no-op");
        assert_eq!(counters.get(), (1, 1, 0));
        assert!(PyErr_Occurred().is_null());
        Py_DecRef(obj);
        Py_DecRef(ty);
    }
    assert_eq!(counters.get(), (1, 1, 1));
}

#[test]
fn exporter_type_lifecycle_and_refcounts() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.Lifecycle", true);
    // SAFETY: live objects and local views throughout.
    unsafe {
        // As in CPython, a heap type also refers to itself through its MRO.
        assert_eq!(Py_REFCNT(ty), 2);
        assert_eq!(
            cstr((*(ty as *mut PyTypeObject)).tp_name).as_deref(),
            Some("capi_api.Lifecycle")
        );
        assert_eq!(
            PyType_GetSlot(ty.cast(), Py_bf_getbuffer),
            exporter_getbuffer as *mut c_void
        );
        assert_eq!(
            PyType_GetSlot(ty.cast(), Py_bf_releasebuffer),
            exporter_release as *mut c_void
        );
        let obj = new_exporter(ty, &counters, Mode::Bytes, false);
        assert_eq!(
            Py_REFCNT(ty),
            3,
            "an instance holds a reference to its heap type"
        );
        // Three exports at once: each release runs the callback once.
        let mut views = [
            Py_buffer::zeroed(),
            Py_buffer::zeroed(),
            Py_buffer::zeroed(),
        ];
        for v in &mut views {
            assert_eq!(PyObject_GetBuffer(obj, v, PyBUF_RECORDS), 0);
        }
        assert_eq!(Py_REFCNT(obj), 4);
        assert_eq!((*(obj as *mut Exporter)).exports, 3);
        for (i, v) in views.iter_mut().enumerate() {
            PyBuffer_Release(v);
            PyBuffer_Release(v);
            assert_eq!(counters.get(), (3, i + 1, 0));
        }
        assert_eq!(Py_REFCNT(obj), 1);
        // A failed request neither counts nor takes a reference.
        let mut v = Py_buffer::zeroed();
        (*(obj as *mut Exporter)).readonly = 1;
        assert_eq!(PyObject_GetBuffer(obj, &mut v, PyBUF_WRITABLE), -1);
        assert_eq!(err(), some_err("BufferError", "Object is not writable."));
        assert_eq!((Py_REFCNT(obj), counters.get()), (1, (3, 3, 0)));
        // Dropping the last reference deallocates the instance, which drops
        // its reference to the type.
        Py_IncRef(ty);
        Py_DecRef(obj);
        assert_eq!(counters.get(), (3, 3, 1));
        assert_eq!(Py_REFCNT(ty), 3);
        Py_DecRef(ty);
        assert_eq!(Py_REFCNT(ty), 2);
        // Without a cycle collector, clearing the type breaks its cycle.
        type_clear(ty);
        assert_eq!(Py_REFCNT(ty), 1);
        Py_DecRef(ty);
    }
}

#[test]
fn default_dealloc_frees_instance_and_drops_type_reference() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.DefaultDealloc", false);
    // SAFETY: live objects and local views.
    unsafe {
        assert!(
            !PyType_GetSlot(ty.cast(), Py_tp_dealloc).is_null(),
            "a default dealloc is filled in"
        );
        let obj = new_exporter(ty, &counters, Mode::Bytes, false);
        let obj2 = new_exporter(ty, &counters, Mode::Bytes, false);
        assert_eq!(Py_REFCNT(ty), 4);
        let mut v = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(obj, &mut v, PyBUF_SIMPLE), 0);
        Py_DecRef(obj);
        assert_eq!(Py_REFCNT(ty), 4, "the view keeps the instance alive");
        PyBuffer_Release(&mut v);
        assert_eq!(Py_REFCNT(ty), 3);
        Py_DecRef(obj2);
        assert_eq!(Py_REFCNT(ty), 2);
        type_clear(ty);
        Py_DecRef(ty);
    }
    assert_eq!(counters.get(), (1, 1, 0));
}

#[test]
fn type_from_spec_bad_specs() {
    // SAFETY: NULL or valid specs.
    unsafe {
        assert!(PyType_FromSpec(ptr::null_mut()).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        let mut slots = [PyType_Slot {
            slot: 0,
            pfunc: ptr::null_mut(),
        }];
        let mut spec = PyType_Spec {
            name: ptr::null(),
            basicsize: 0,
            itemsize: 0,
            flags: 0,
            slots: slots.as_mut_ptr(),
        };
        assert!(PyType_FromSpec(&mut spec).is_null());
        assert_eq!(
            err(),
            some_err("SystemError", "Type spec does not define the name field.")
        );
        let mut bad = [
            PyType_Slot {
                slot: 500,
                pfunc: ptr::null_mut(),
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        spec.name = c"capi_api.Bad".as_ptr();
        spec.slots = bad.as_mut_ptr();
        assert!(PyType_FromSpec(&mut spec).is_null());
        assert_eq!(err(), some_err("RuntimeError", "invalid slot offset"));
    }
}

// ==========================================================================
// Read-only exporters and writable requests
// ==========================================================================

#[test]
fn writable_request_on_read_only_exporter() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.ReadOnly", true);
    let obj = new_exporter(ty, &counters, Mode::Bytes, true);
    // SAFETY: live objects and local views.
    unsafe {
        let mut v = Py_buffer::zeroed();
        for flags in [
            PyBUF_WRITABLE,
            PyBUF_CONTIG,
            PyBUF_STRIDED,
            PyBUF_RECORDS,
            PyBUF_FULL,
        ] {
            assert_eq!(PyObject_GetBuffer(obj, &mut v, flags), -1);
            assert_eq!(err(), some_err("BufferError", "Object is not writable."));
        }
        assert_eq!(PyObject_GetBuffer(obj, &mut v, PyBUF_FULL_RO), 0);
        assert_eq!(v.readonly, 1);
        PyBuffer_Release(&mut v);

        // Through a memoryview of it.
        let mv = PyMemoryView_FromObject(obj);
        assert!(!mv.is_null());
        assert_eq!((*PyMemoryView_GET_BUFFER(mv)).readonly, 1);
        for flags in [PyBUF_WRITABLE, PyBUF_CONTIG, PyBUF_FULL] {
            assert_eq!(PyObject_GetBuffer(mv, &mut v, flags), -1);
            assert_eq!(
                err(),
                some_err(
                    "BufferError",
                    "memoryview: underlying buffer is not writable"
                )
            );
        }
        assert!(PyMemoryView_GetContiguous(obj, PyBUF_WRITE, b'C' as c_char).is_null());
        assert_eq!(
            err(),
            some_err("BufferError", "underlying buffer is not writable")
        );
        assert!(PyMemoryView_GetContiguous(mv, PyBUF_WRITE, b'A' as c_char).is_null());
        assert_eq!(
            err(),
            some_err("BufferError", "underlying buffer is not writable")
        );
        // CopyData into it fails the same way and writes nothing.
        let mut src = [9u8; 24];
        let smv = PyMemoryView_FromMemory(src.as_mut_ptr().cast(), 24, PyBUF_READ);
        assert_eq!(PyObject_CopyData(mv, smv), -1);
        assert_eq!(
            err(),
            some_err(
                "BufferError",
                "memoryview: underlying buffer is not writable"
            )
        );
        assert_eq!((*(obj as *mut Exporter)).data[0], 0);
        Py_DecRef(smv);
        Py_DecRef(mv);
        Py_DecRef(obj);
        Py_DecRef(ty);
    }
    // FULL_RO, the memoryview, and GetContiguous's own (refused) memoryview.
    assert_eq!(counters.get(), (3, 3, 1));
}

// ==========================================================================
// PyBuffer_FillInfo
// ==========================================================================

#[test]
fn fill_info_rules() {
    let mut data = *b"0123456789";
    let p: *mut c_void = data.as_mut_ptr().cast();
    // SAFETY: local views over `data`.
    unsafe {
        // CPython refuses a writable request only when readonly == 1.
        let mut v = Py_buffer::zeroed();
        assert_eq!(
            PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, 10, 1, PyBUF_WRITABLE),
            -1
        );
        assert_eq!(err(), some_err("BufferError", "Object is not writable."));
        for readonly in [0, 2, -1] {
            assert_eq!(
                PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, 10, readonly, PyBUF_WRITABLE),
                0
            );
            assert_eq!(v.readonly, readonly);
        }
        assert_eq!(
            PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, 10, 1, PyBUF_FULL_RO),
            0
        );
        assert_eq!(
            (v.buf, v.len, v.itemsize, v.readonly, v.ndim, cstr(v.format)),
            (p, 10, 1, 1, 1, Some("B".to_owned()))
        );
        assert!(ptr::eq(v.shape, &v.len) && ptr::eq(v.strides, &v.itemsize));
        assert!(v.suboffsets.is_null() && v.internal.is_null());
        // Each field only when requested.
        assert_eq!(
            PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, 10, 0, PyBUF_SIMPLE),
            0
        );
        assert!(v.format.is_null() && v.shape.is_null() && v.strides.is_null());
        assert_eq!(
            PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, 10, 0, PyBUF_ND),
            0
        );
        assert!(v.format.is_null() && !v.shape.is_null() && v.strides.is_null());
        // The exporter gets a new reference, which release drops.
        let counters = Counters::default();
        let ty = exporter_type(c"capi_api.FillInfo", true);
        let obj = new_exporter(ty, &counters, Mode::Bytes, false);
        assert_eq!(PyBuffer_FillInfo(&mut v, obj, p, 10, 0, PyBUF_SIMPLE), 0);
        assert_eq!((v.obj, Py_REFCNT(obj)), (obj, 2));
        PyBuffer_Release(&mut v);
        assert_eq!(Py_REFCNT(obj), 1);
        // The exporter's release proc ran, though its getbuffer did not.
        assert_eq!(counters.get(), (0, 1, 0));
        (*(obj as *mut Exporter)).exports = 0;
        Py_DecRef(obj);
        Py_DecRef(ty);
        // Bad arguments.
        assert_eq!(
            PyBuffer_FillInfo(ptr::null_mut(), ptr::null_mut(), p, 10, 0, 0),
            -1
        );
        assert_eq!(
            err(),
            some_err(
                "BufferError",
                "PyBuffer_FillInfo: view==NULL argument is obsolete"
            )
        );
        assert_eq!(PyBuffer_FillInfo(&mut v, ptr::null_mut(), p, -1, 0, 0), -1);
        expect_err_containing("ValueError", "negative");
        assert_eq!(
            PyBuffer_FillInfo(&mut v, ptr::null_mut(), ptr::null_mut(), 4, 0, 0),
            -1
        );
        expect_err_containing("SystemError", "NULL");
        assert_eq!(
            PyBuffer_FillInfo(
                &mut v,
                ptr::null_mut(),
                ptr::null_mut(),
                0,
                0,
                PyBUF_FULL_RO
            ),
            0
        );
        assert_eq!(v.len, 0);
    }
}

// ==========================================================================
// PyBuffer_IsContiguous
// ==========================================================================

#[test]
fn is_contiguous_including_bad_inputs() {
    let mut mem = [0u8; 64];
    let c = Raw::new(&mut mem, 0, 2, &[2, 3], Some(&[6, 2]));
    let f = Raw::new(&mut mem, 0, 2, &[2, 3], Some(&[2, 4]));
    let strided = Raw::new(&mut mem, 0, 1, &[4], Some(&[2]));
    let null_strides = Raw::new(&mut mem, 0, 1, &[2, 3], None);
    let effectively_1d = Raw::new(&mut mem, 0, 1, &[1, 3], None);
    let empty = Raw::new(&mut mem, 0, 1, &[0, 3], Some(&[-7, 99]));
    let pil = Raw::new(&mut mem, 0, 1, &[3], Some(&[1])).with_suboffsets(&[-1]);
    let is = |r: &Raw, o: u8| {
        // SAFETY: a valid view.
        unsafe { PyBuffer_IsContiguous(r.ptr(), o as c_char) }
    };
    let all = |r: &Raw| [is(r, b'C'), is(r, b'F'), is(r, b'A')];
    assert_eq!(all(&c), [1, 0, 1]);
    assert_eq!(all(&f), [0, 1, 1]);
    assert_eq!(all(&strided), [0, 0, 0]);
    assert_eq!(all(&null_strides), [1, 0, 1]);
    assert_eq!(all(&effectively_1d), [1, 1, 1]);
    assert_eq!(all(&empty), [1, 1, 1]);
    assert_eq!(
        all(&pil),
        [0, 0, 0],
        "suboffsets, even all negative, are never contiguous"
    );
    // An unknown order gives 0 without an error, as in CPython.
    for o in [b'X', b'c', b'f', b'a', 0, b' '] {
        assert_eq!(is(&c, o), 0);
    }
    assert!(PyErr_Occurred().is_null());
    // A NULL view gives 0 (CPython would crash).
    // SAFETY: NULL is handled.
    let rc = unsafe { PyBuffer_IsContiguous(ptr::null(), b'C' as c_char) };
    assert_eq!(rc, 0);
    // An ndim outside 0..=64 gives 0 without reading the arrays (CPython
    // reads 65 entries, or crashes on i32::MIN, whose `ndim - 1` overflows),
    // and so does a len the shape contradicts (CPython trusts it).
    for ndim in [65, 1_000_000, -1, i32::MIN] {
        let mut bad = Raw::new(&mut mem, 0, 1, &[1; 65], Some(&[1; 65]));
        bad.view.ndim = ndim;
        assert_eq!(all(&bad), [0, 0, 0], "ndim {ndim}");
    }
    let mut long = Raw::new(&mut mem, 0, 1, &[4], None);
    long.view.len = 4096;
    assert_eq!(all(&long), [0, 0, 0], "len != product(shape) * itemsize");
    assert!(PyErr_Occurred().is_null());
}

// ==========================================================================
// PyBuffer_GetPointer
// ==========================================================================

#[test]
fn get_pointer_including_bad_inputs() {
    let mut mem: Vec<u8> = (0..64).collect();
    let base = mem.as_ptr();
    let r = Raw::new(&mut mem, 30, 2, &[3, 4], Some(&[-10, 2]));
    let get = |r: &Raw, idx: &[isize]| {
        // SAFETY: one index per dimension.
        unsafe { PyBuffer_GetPointer(r.ptr(), idx.as_ptr()) as *const u8 }
    };
    assert_eq!(get(&r, &[0, 0]), base.wrapping_add(30));
    assert_eq!(get(&r, &[2, 3]), base.wrapping_add(30 - 20 + 6));
    // Out of range or negative: IndexError instead of a wild pointer.
    assert!(get(&r, &[3, 0]).is_null());
    assert_eq!(
        err(),
        some_err(
            "IndexError",
            "PyBuffer_GetPointer: index 3 out of bounds for dimension 0 of length 3"
        )
    );
    assert!(get(&r, &[0, -1]).is_null());
    expect_err_containing("IndexError", "index -1");
    // NULL strides are C order.
    let c = Raw::new(&mut mem, 0, 4, &[2, 3], None);
    assert_eq!(get(&c, &[1, 2]), base.wrapping_add(20));
    // Suboffsets are followed.
    let mut rows = [[1u8, 2, 3], [4, 5, 6]];
    let mut ptrs = [rows[0].as_mut_ptr(), rows[1].as_mut_ptr()];
    let mut pil = Raw::new(
        &mut [],
        0,
        1,
        &[2, 3],
        Some(&[size_of::<*mut u8>() as isize, 1]),
    )
    .with_suboffsets(&[1, -1]);
    pil.view.buf = ptrs.as_mut_ptr().cast();
    // SAFETY: the pointer read at [1] plus suboffset 1, then + 2.
    assert_eq!(unsafe { *get(&pil, &[1, 1]) }, 6);
    // NULL arguments.
    // SAFETY: NULL is handled.
    unsafe {
        assert!(PyBuffer_GetPointer(ptr::null(), [0isize].as_ptr()).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        assert!(PyBuffer_GetPointer(r.ptr(), ptr::null()).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
    }
    // ndim 0 needs no indices: the item is at buf.
    let scalar = Raw::new(&mut mem, 5, 8, &[], None);
    // SAFETY: ndim 0.
    let p = unsafe { PyBuffer_GetPointer(scalar.ptr(), ptr::null()) };
    assert_eq!(p as *const u8, base.wrapping_add(5));
    // ndim out of range.
    for ndim in [65, -1] {
        let mut bad = Raw::new(&mut mem, 0, 1, &[1; 65], Some(&[1; 65]));
        bad.view.ndim = ndim;
        assert!(get(&bad, &[0; 65]).is_null());
        expect_err_containing("ValueError", "ndim");
    }
}

// ==========================================================================
// PyBuffer_ToContiguous
// ==========================================================================

#[test]
fn to_contiguous_orders_and_bad_inputs() {
    let mut mem: Vec<u8> = (0..32).collect();
    let r = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    assert_eq!(
        to_contiguous(r.ptr(), 6, b'C'),
        (0, vec![0, 2, 4, 8, 10, 12])
    );
    assert_eq!(
        to_contiguous(r.ptr(), 6, b'F'),
        (0, vec![0, 8, 2, 10, 4, 12])
    );
    assert_eq!(
        to_contiguous(r.ptr(), 6, b'A'),
        (0, vec![0, 2, 4, 8, 10, 12])
    );
    // 'A' keeps a Fortran-contiguous view in Fortran order.
    let f = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[1, 2]));
    assert_eq!(to_contiguous(f.ptr(), 6, b'A'), (0, vec![0, 1, 2, 3, 4, 5]));
    assert_eq!(to_contiguous(f.ptr(), 6, b'C'), (0, vec![0, 2, 4, 1, 3, 5]));
    // len must equal view->len, checked like CPython.
    for len in [5, 7, 0] {
        assert_eq!(to_contiguous(r.ptr(), len, b'C').0, -1);
        assert_eq!(
            err(),
            some_err("ValueError", "PyBuffer_ToContiguous: len != view->len")
        );
    }
    // Invalid orders: ValueError (CPython asserts).
    for o in [b'X', b'c', 0] {
        assert_eq!(to_contiguous(r.ptr(), 6, o).0, -1);
        expect_err_containing("ValueError", "invalid order");
    }
    // NULL arguments.
    let mut out = [0u8; 6];
    // SAFETY: NULL is handled.
    unsafe {
        assert_eq!(
            PyBuffer_ToContiguous(out.as_mut_ptr().cast(), ptr::null(), 6, b'C' as c_char),
            -1
        );
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        assert_eq!(
            PyBuffer_ToContiguous(ptr::null_mut(), r.ptr(), 6, b'C' as c_char),
            -1
        );
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
    }
    // An empty view copies nothing, even into NULL.
    let empty = Raw::new(&mut mem, 0, 4, &[0, 5], Some(&[4, 8]));
    // SAFETY: len 0.
    let rc = unsafe { PyBuffer_ToContiguous(ptr::null_mut(), empty.ptr(), 0, b'F' as c_char) };
    assert_eq!(rc, 0);
    // Negative len (with a view claiming it).
    let mut neg = Raw::new(&mut mem, 0, 1, &[4], Some(&[2]));
    neg.view.len = -4;
    assert_eq!(to_contiguous(neg.ptr(), -4, b'C').0, -1);
    expect_err_containing("ValueError", "negative");
    // ndim out of range.
    for ndim in [65, -1] {
        let mut bad = Raw::new(&mut mem, 0, 1, &[1; 65], Some(&[2; 65]));
        bad.view.ndim = ndim;
        assert_eq!(to_contiguous(bad.ptr(), 1, b'C').0, -1);
        expect_err_containing("ValueError", "ndim must be between 0 and 64");
    }
    // A layout that does not add up is refused before memory is touched.
    let mut lying = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    lying.view.len = 7;
    assert_eq!(to_contiguous(lying.ptr(), 7, b'C').0, -1);
    expect_err_containing("ValueError", "len");
    let mut no_shape = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    no_shape.view.shape = ptr::null_mut();
    assert_eq!(to_contiguous(no_shape.ptr(), 6, b'C').0, -1);
    expect_err_containing("BufferError", "shape");
    let mut zero_item = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    zero_item.view.itemsize = 0;
    assert_eq!(to_contiguous(zero_item.ptr(), 6, b'C').0, -1);
    expect_err_containing("ValueError", "itemsize");
    // Indirect (PIL) view.
    let mut rows = [[1u8, 2, 3], [4, 5, 6]];
    let mut ptrs = [rows[1].as_mut_ptr(), rows[0].as_mut_ptr()];
    let mut pil = Raw::new(&mut [], 0, 1, &[2, 3], Some(&[8, 1])).with_suboffsets(&[0, -1]);
    pil.view.buf = ptrs.as_mut_ptr().cast();
    assert_eq!(
        to_contiguous(pil.ptr(), 6, b'C'),
        (0, vec![4, 5, 6, 1, 2, 3])
    );
    assert_eq!(
        to_contiguous(pil.ptr(), 6, b'F'),
        (0, vec![4, 1, 5, 2, 6, 3])
    );
}

// ==========================================================================
// PyBuffer_FromContiguous
// ==========================================================================

fn from_contiguous(view: *const Py_buffer, src: &[u8], len: isize, order: u8) -> c_int {
    // SAFETY: `src` holds at least len bytes (callers make sure).
    unsafe { PyBuffer_FromContiguous(view, src.as_ptr().cast(), len, order as c_char) }
}

#[test]
fn from_contiguous_orders_lengths_and_bad_inputs() {
    let src = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
    let mut mem = [0u8; 16];
    let r = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    assert_eq!(from_contiguous(r.ptr(), &src, 6, b'C'), 0);
    assert_eq!(&mem[..13], &[1, 0, 2, 0, 3, 0, 0, 0, 4, 0, 5, 0, 6]);
    let mut mem = [0u8; 16];
    let r = Raw::new(&mut mem, 0, 1, &[2, 3], Some(&[8, 2]));
    assert_eq!(from_contiguous(r.ptr(), &src, 6, b'F'), 0);
    assert_eq!(&mem[..13], &[1, 0, 3, 0, 5, 0, 0, 0, 2, 0, 4, 0, 6]);
    // len > view->len: only view->len bytes are used (CPython's rule).
    let mut mem = [0u8; 8];
    let c = Raw::new(&mut mem, 0, 2, &[3], None);
    assert_eq!(from_contiguous(c.ptr(), &src, 9, b'C'), 0);
    assert_eq!(mem, [1, 2, 3, 4, 5, 6, 0, 0]);
    // A short len: contiguous views take that many bytes...
    let mut mem = [0u8; 8];
    let c = Raw::new(&mut mem, 0, 2, &[3], None);
    assert_eq!(from_contiguous(c.ptr(), &src, 3, b'C'), 0);
    assert_eq!(mem, [1, 2, 3, 0, 0, 0, 0, 0]);
    // ...others that many whole items.
    let mut mem = [0u8; 12];
    let s = Raw::new(&mut mem, 0, 2, &[3], Some(&[4]));
    assert_eq!(from_contiguous(s.ptr(), &src, 3, b'C'), 0);
    assert_eq!(mem, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Zero strides: the last write wins.
    let mut mem = [0u8; 4];
    let z = Raw::new(&mut mem, 0, 1, &[4], Some(&[0]));
    assert_eq!(from_contiguous(z.ptr(), &src, 4, b'C'), 0);
    assert_eq!(mem, [4, 0, 0, 0]);
    // Bad arguments.
    let mut mem = [0u8; 8];
    let mut c = Raw::new(&mut mem, 0, 1, &[8], None);
    assert_eq!(from_contiguous(ptr::null(), &src, 1, b'C'), -1);
    assert_eq!(err(), some_err("SystemError", BAD_CALL));
    // SAFETY: NULL with a positive len is refused; with 0 nothing is read.
    unsafe {
        assert_eq!(
            PyBuffer_FromContiguous(c.ptr(), ptr::null(), 1, b'C' as c_char),
            -1
        );
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        assert_eq!(
            PyBuffer_FromContiguous(c.ptr(), ptr::null(), 0, b'C' as c_char),
            0
        );
    }
    assert_eq!(from_contiguous(c.ptr(), &src, -1, b'C'), -1);
    expect_err_containing("ValueError", "negative");
    assert_eq!(from_contiguous(c.ptr(), &src, 8, b'X'), -1);
    expect_err_containing("ValueError", "invalid order");
    c.view.readonly = 1;
    assert_eq!(from_contiguous(c.ptr(), &src, 8, b'C'), -1);
    assert_eq!(
        err(),
        some_err("BufferError", "PyBuffer_FromContiguous: view is read-only")
    );
    c.view.readonly = 0;
    c.view.ndim = 65;
    assert_eq!(from_contiguous(c.ptr(), &src, 8, b'C'), -1);
    expect_err_containing("ValueError", "ndim must be between 0 and 64");
    drop(c);
    assert_eq!(mem, [0; 8], "failed calls write nothing");
}

// ==========================================================================
// PyBuffer_FillContiguousStrides
// ==========================================================================

#[test]
fn fill_contiguous_strides_including_bad_inputs() {
    let fill = |shape: &[isize], itemsize: c_int, order: u8| {
        let mut strides = vec![-1isize; shape.len()];
        // SAFETY: both arrays hold shape.len() entries.
        unsafe {
            PyBuffer_FillContiguousStrides(
                shape.len() as c_int,
                shape.as_ptr(),
                strides.as_mut_ptr(),
                itemsize,
                order as c_char,
            )
        };
        strides
    };
    assert_eq!(fill(&[2, 3, 4], 8, b'C'), [96, 32, 8]);
    assert_eq!(fill(&[2, 3, 4], 8, b'F'), [8, 16, 48]);
    // Any order but 'F' is C order, as in CPython.
    assert_eq!(fill(&[2, 3, 4], 8, b'A'), [96, 32, 8]);
    assert_eq!(fill(&[2, 3, 4], 8, b'f'), [96, 32, 8]);
    assert_eq!(fill(&[2, 0, 4], 1, b'C'), [0, 4, 1]);
    assert_eq!(fill(&[2, 0, 4], 1, b'F'), [1, 2, 0]);
    assert_eq!(fill(&[], 1, b'C'), Vec::<isize>::new());
    let mut strides = [-1isize; 2];
    // SAFETY: nothing is read or written for ndim <= 0; NULL arrays with
    // ndim > 0 are refused.
    unsafe {
        PyBuffer_FillContiguousStrides(
            -1,
            [3isize].as_ptr(),
            strides.as_mut_ptr(),
            1,
            b'C' as c_char,
        );
        assert_eq!(strides, [-1, -1]);
        assert!(PyErr_Occurred().is_null());
        PyBuffer_FillContiguousStrides(2, ptr::null(), strides.as_mut_ptr(), 1, b'C' as c_char);
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        PyBuffer_FillContiguousStrides(2, [3isize, 4].as_ptr(), ptr::null_mut(), 1, b'C' as c_char);
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
    }
    assert_eq!(strides, [-1, -1]);
}

// ==========================================================================
// PyBuffer_SizeFromFormat
// ==========================================================================

#[test]
fn size_from_format_valid_invalid_and_null() {
    let size = |f: &CStr| {
        // SAFETY: NUL-terminated.
        unsafe { PyBuffer_SizeFromFormat(f.as_ptr()) }
    };
    for (f, n) in [
        (c"B", 1),
        (c"", 0),
        (c"<i", 4),
        (c"ci", 8),
        (c"=ci", 5),
        (c"2q", 16),
        (c"3s", 3),
        (c" d ", 8),
    ] {
        assert_eq!(size(f), n, "{f:?}");
        assert!(PyErr_Occurred().is_null());
    }
    for (f, msg) in [
        (c"z", "bad char in struct format"),
        (c"<n", "bad char in struct format"),
        (c"3 i", "bad char in struct format"),
        (c"12", "repeat count given without format specifier"),
        (c"99999999999999999999i", "total struct size too long"),
    ] {
        assert_eq!(size(f), -1, "{f:?}");
        // SAFETY: static exception types.
        unsafe {
            assert_eq!(PyErr_ExceptionMatches(PyExc_StructError.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_Exception.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_ValueError.0), 0);
        }
        // The struct module's class, a heap type named `error` (as in
        // CPython) deriving from `PyExc_StructError`.
        assert_eq!(err(), some_err("error", msg), "{f:?}");
    }
    // SAFETY: NULL is handled.
    assert_eq!(unsafe { PyBuffer_SizeFromFormat(ptr::null()) }, -1);
    assert_eq!(err(), some_err("SystemError", BAD_CALL));
}

// ==========================================================================
// PyObject_CopyData on memoryviews
// ==========================================================================

/// A memoryview over `mem` with the given layout (strides in bytes).
fn mv_over(
    mem: &mut [u8],
    offset: isize,
    itemsize: isize,
    shape: &[isize],
    strides: Option<&[isize]>,
    readonly: bool,
) -> *mut PyObject {
    let mut r = Raw::new(mem, offset, itemsize, shape, strides);
    r.view.readonly = readonly as c_int;
    // SAFETY: the memoryview copies shape/strides; `mem` outlives it.
    let mv = unsafe { PyMemoryView_FromBuffer(r.ptr()) };
    assert!(!mv.is_null(), "{:?}", err());
    mv
}

fn decref(objs: &[*mut PyObject]) {
    for &o in objs {
        // SAFETY: callers own a reference to each.
        unsafe { Py_DecRef(o) };
    }
}

#[test]
fn copy_data_between_memoryviews() {
    // SAFETY: (whole test) memoryviews over local arrays that outlive them.
    let copy = |d: *mut PyObject, s: *mut PyObject| unsafe { PyObject_CopyData(d, s) };

    // Contiguous: the bytes as they are.
    let mut a: Vec<u8> = (1..=12).collect();
    let mut b = vec![0u8; 12];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[12], None, true),
        mv_over(&mut b, 0, 1, &[3, 4], None, false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, a);
    decref(&[sa, db]);

    // Strided source into contiguous destination of the same shape.
    let mut a: Vec<u8> = (0..24).collect();
    let mut b = vec![0u8; 6];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[2, 3], Some(&[12, 4]), true),
        mv_over(&mut b, 0, 1, &[2, 3], None, false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, [0, 4, 8, 12, 16, 20]);
    decref(&[sa, db]);

    // Strided destination, reversed source.
    let mut a: Vec<u8> = (0..6).collect();
    let mut b = vec![0u8; 12];
    let (sa, db) = (
        mv_over(&mut a, 5, 1, &[6], Some(&[-1]), true),
        mv_over(&mut b, 0, 1, &[6], Some(&[2]), false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, [5, 0, 4, 0, 3, 0, 2, 0, 1, 0, 0, 0]);
    decref(&[sa, db]);

    // Mismatched shapes, same ndim, src fits: it lands in dest's leading
    // block (CPython indexes dest with src's indices).
    let mut a: Vec<u8> = (1..=8).collect();
    let mut b = vec![0u8; 9];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[2, 2], Some(&[4, 2]), true),
        mv_over(&mut b, 0, 1, &[3, 3], None, false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, [1, 3, 0, 5, 7, 0, 0, 0, 0]);
    decref(&[sa, db]);

    // Different ndim into a C-contiguous destination: packed in C order
    // (where CPython would index out of bounds).
    let mut a: Vec<u8> = (1..=8).collect();
    let mut b = vec![0u8; 6];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[2, 2], Some(&[4, 2]), true),
        mv_over(&mut b, 0, 1, &[6], None, false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, [1, 3, 5, 7, 0, 0]);
    decref(&[sa, db]);

    // ...and into a non-contiguous one: refused.
    let mut b = vec![0u8; 12];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[2, 2], Some(&[4, 2]), true),
        mv_over(&mut b, 0, 1, &[6], Some(&[2]), false),
    );
    assert_eq!(copy(db, sa), -1);
    expect_err_containing("BufferError", "different shapes");
    assert_eq!(b, [0; 12]);
    decref(&[sa, db]);

    // A src dimension longer than dest's: refused unless dest is C-contiguous.
    let mut b = vec![0u8; 16];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[2, 2], Some(&[4, 2]), true),
        mv_over(&mut b, 0, 1, &[1, 4], Some(&[8, 2]), false),
    );
    assert_eq!(copy(db, sa), -1);
    expect_err_containing("BufferError", "different shapes");
    decref(&[sa, db]);

    // An empty source copies nothing, whatever the shapes.
    let mut b = vec![7u8; 4];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[0, 3], Some(&[4, 2]), true),
        mv_over(&mut b, 0, 1, &[2], Some(&[2]), false),
    );
    assert_eq!(copy(db, sa), 0);
    assert_eq!(b, [7; 4]);
    decref(&[sa, db]);

    // Destination too small.
    let mut b = vec![0u8; 3];
    let (sa, db) = (
        mv_over(&mut a, 0, 1, &[4], None, true),
        mv_over(&mut b, 0, 1, &[3], None, false),
    );
    assert_eq!(copy(db, sa), -1);
    assert_eq!(
        err(),
        some_err(
            "BufferError",
            "destination is too small to receive data from source"
        )
    );
    // Read-only destination.
    let mut c = vec![0u8; 4];
    let ro = mv_over(&mut c, 0, 1, &[4], None, true);
    assert_eq!(copy(ro, sa), -1);
    assert_eq!(
        err(),
        some_err(
            "BufferError",
            "memoryview: underlying buffer is not writable"
        )
    );
    // Non-exporters and NULL.
    let plain = plain_type();
    // SAFETY: a live type.
    let obj = unsafe { PyType_GenericAlloc(plain.cast(), 0) };
    for (d, s) in [
        (obj, sa),
        (db, obj),
        (ptr::null_mut(), sa),
        (db, ptr::null_mut()),
    ] {
        assert_eq!(copy(d, s), -1);
        assert_eq!(
            err(),
            some_err(
                "TypeError",
                "both destination and source must be bytes-like objects"
            )
        );
    }
    // SAFETY: live memoryviews.
    unsafe {
        assert_eq!(memoryview_exports(sa), 0);
        assert_eq!(memoryview_exports(db), 0);
    }
    decref(&[sa, db, ro, obj, plain]);
}

#[test]
fn copy_data_overlapping_follows_cpython_order() {
    // CPython copies src[i] to dest[i] for i = 1, 2, …, n-1, then 0, reading
    // src as it is being overwritten: copying a reversed view of a buffer
    // into the buffer gives [a, c, c, a] for [a, b, c, d].
    let mut m = [10u8, 20, 30, 40];
    let dest = mv_over(&mut m, 0, 1, &[4], Some(&[1]), false);
    let src = mv_over(&mut m, 3, 1, &[4], Some(&[-1]), true);
    // SAFETY: live memoryviews over `m`.
    assert_eq!(unsafe { PyObject_CopyData(dest, src) }, 0);
    decref(&[dest, src]);
    assert_eq!(m, [10, 30, 30, 10]);
}

// ==========================================================================
// Memoryview constructors
// ==========================================================================

#[test]
fn memoryview_from_memory() {
    let mut mem = [1u8, 2, 3, 4, 5];
    // SAFETY: `mem` outlives the memoryviews; bad arguments are handled.
    unsafe {
        for (flags, readonly) in [(PyBUF_READ, 1), (PyBUF_WRITE, 0)] {
            let mv = PyMemoryView_FromMemory(mem.as_mut_ptr().cast(), 5, flags);
            assert!(!mv.is_null());
            assert_eq!(PyMemoryView_Check(mv), 1);
            let v = &*PyMemoryView_GET_BUFFER(mv);
            assert_eq!(
                (
                    v.buf as *const u8,
                    v.len,
                    v.itemsize,
                    v.readonly,
                    v.ndim,
                    cstr(v.format)
                ),
                (mem.as_ptr(), 5, 1, readonly, 1, Some("B".to_owned()))
            );
            assert_eq!(
                (
                    *v.shape,
                    *v.strides,
                    v.suboffsets.is_null(),
                    v.obj.is_null()
                ),
                (5, 1, true, true)
            );
            Py_DecRef(mv);
        }
        let mv = PyMemoryView_FromMemory(mem.as_mut_ptr().cast(), 0, PyBUF_WRITE);
        assert!(!mv.is_null());
        assert_eq!((*PyMemoryView_GET_BUFFER(mv)).len, 0);
        Py_DecRef(mv);
        assert!(PyMemoryView_FromMemory(ptr::null_mut(), 5, PyBUF_READ).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        for flags in [0, PyBUF_READ | PyBUF_WRITE, PyBUF_WRITABLE] {
            assert!(PyMemoryView_FromMemory(mem.as_mut_ptr().cast(), 5, flags).is_null());
            assert_eq!(err(), some_err("SystemError", BAD_CALL));
        }
        assert!(PyMemoryView_FromMemory(mem.as_mut_ptr().cast(), -1, PyBUF_READ).is_null());
        expect_err_containing("ValueError", "negative");
    }
}

#[test]
fn memoryview_from_buffer() {
    let mut mem: Vec<u8> = (0..32).collect();
    // SAFETY: views over `mem`, which outlives the memoryviews.
    unsafe {
        // NULL strides and format are filled in; the format is copied and
        // info->obj is neither referenced nor released.
        let counters = Counters::default();
        let ty = exporter_type(c"capi_api.FromBuffer", true);
        let obj = new_exporter(ty, &counters, Mode::Bytes, false);
        let mut r = Raw::new(&mut mem, 4, 2, &[2, 3], None);
        let fmt = CString::new("<h").unwrap();
        r.view.format = fmt.as_ptr() as *mut c_char;
        r.view.obj = obj;
        let mv = PyMemoryView_FromBuffer(r.ptr());
        assert!(!mv.is_null());
        drop(fmt);
        drop(r);
        assert_eq!(Py_REFCNT(obj), 1);
        let v = &*PyMemoryView_GET_BUFFER(mv);
        assert_eq!(cstr(v.format).as_deref(), Some("<h"));
        assert_eq!(std::slice::from_raw_parts(v.strides, 2), [6, 2]);
        assert!(v.obj.is_null());
        let mut out = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(mv, &mut out, PyBUF_FULL_RO), 0);
        assert_eq!(
            to_contiguous(&out, 12, b'C').1,
            (4..16).collect::<Vec<u8>>()
        );
        PyBuffer_Release(&mut out);
        Py_DecRef(mv);
        assert_eq!(counters.get(), (0, 0, 0));
        Py_DecRef(obj);
        Py_DecRef(ty);

        // A 1-D view without shape: len / itemsize items.
        let mut r = Raw::new(&mut mem, 0, 4, &[5], None);
        r.view.shape = ptr::null_mut();
        let mv = PyMemoryView_FromBuffer(r.ptr());
        let v = &*PyMemoryView_GET_BUFFER(mv);
        assert_eq!(
            (*v.shape, *v.strides, cstr(v.format)),
            (5, 4, Some("B".to_owned()))
        );
        Py_DecRef(mv);

        // Bad views.
        assert!(PyMemoryView_FromBuffer(ptr::null()).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        let mut r = Raw::new(&mut mem, 0, 1, &[4], None);
        r.view.buf = ptr::null_mut();
        assert!(PyMemoryView_FromBuffer(r.ptr()).is_null());
        assert_eq!(
            err(),
            some_err(
                "ValueError",
                "PyMemoryView_FromBuffer(): info->buf must not be NULL"
            )
        );
        let mut r = Raw::new(&mut mem, 0, 1, &[1; 65], Some(&[1; 65]));
        assert!(PyMemoryView_FromBuffer(r.ptr()).is_null());
        assert_eq!(
            err(),
            some_err(
                "ValueError",
                "memoryview: number of dimensions must not exceed 64"
            )
        );
        r.view.ndim = -1;
        assert!(PyMemoryView_FromBuffer(r.ptr()).is_null());
        expect_err_containing("ValueError", "ndim");
        let mut r = Raw::new(&mut mem, 0, 1, &[2, 2], None);
        r.view.shape = ptr::null_mut();
        assert!(PyMemoryView_FromBuffer(r.ptr()).is_null());
        expect_err_containing("BufferError", "shape");
    }
}

#[test]
fn memoryview_from_object() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.FromObject", true);
    let obj = new_exporter(ty, &counters, Mode::Strided, false);
    let plain = plain_type();
    // SAFETY: live objects throughout.
    unsafe {
        let mv = PyMemoryView_FromObject(obj);
        assert!(!mv.is_null());
        assert_eq!((counters.get(), Py_REFCNT(obj)), ((1, 0, 0), 2));
        let v = &*PyMemoryView_GET_BUFFER(mv);
        assert_eq!((v.obj, v.ndim, v.len, v.readonly), (obj, 2, 12, 0));
        assert_eq!(std::slice::from_raw_parts(v.strides, 2), [8, 2]);
        // A memoryview of a memoryview shares the exporter's buffer.
        let mv2 = PyMemoryView_FromObject(mv);
        assert!(!mv2.is_null());
        assert_eq!(counters.get(), (1, 0, 0));
        Py_DecRef(mv);
        assert_eq!(counters.get(), (1, 0, 0), "mv2 still uses the buffer");
        Py_DecRef(mv2);
        assert_eq!((counters.get(), Py_REFCNT(obj)), ((1, 1, 0), 1));
        // Errors.
        assert!(PyMemoryView_FromObject(ptr::null_mut()).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        let instance = PyType_GenericAlloc(plain.cast(), 0);
        assert!(PyMemoryView_FromObject(instance).is_null());
        assert_eq!(
            err(),
            some_err(
                "TypeError",
                "memoryview: a bytes-like object is required, not 'capi_api.Plain'"
            )
        );
        assert_eq!(PyMemoryView_Check(instance), 0);
        assert_eq!(PyMemoryView_Check(ptr::null_mut()), 0);
        assert!(PyMemoryView_GET_BUFFER(instance).is_null());
        // The exporter's own refusal propagates.
        (*(obj as *mut Exporter)).mode = Mode::Strided;
        let mut v = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(obj, &mut v, PyBUF_SIMPLE), -1);
        assert_eq!(err(), some_err("BufferError", "Exporter: strided only"));
        Py_DecRef(instance);
        Py_DecRef(plain);
        Py_DecRef(obj);
        Py_DecRef(ty);
    }
    assert_eq!(counters.get(), (1, 1, 1));
}

#[test]
fn memoryview_get_contiguous() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.GetContiguous", true);
    let strided = new_exporter(ty, &counters, Mode::Strided, false);
    let simple = new_exporter(ty, &counters, Mode::Bytes, false);
    // SAFETY: live objects throughout.
    unsafe {
        // Already contiguous: a memoryview of the exporter itself.
        for (bt, order) in [(PyBUF_READ, b'C'), (PyBUF_WRITE, b'F'), (PyBUF_READ, b'A')] {
            let mv = PyMemoryView_GetContiguous(simple, bt, order as c_char);
            assert!(!mv.is_null(), "{:?}", err());
            let v = &*PyMemoryView_GET_BUFFER(mv);
            assert_eq!(
                (v.buf, v.readonly),
                ((*(simple as *mut Exporter)).data.as_mut_ptr().cast(), 0)
            );
            Py_DecRef(mv);
        }
        // Not contiguous: a read-only copy in the requested order; the
        // exporter's buffer is released at once.
        let before = counters.get();
        for (order, want, strides) in [
            (
                b'C',
                [0u8, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22],
                [4isize, 1],
            ),
            (b'A', [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22], [4, 1]),
            (b'F', [0, 8, 16, 2, 10, 18, 4, 12, 20, 6, 14, 22], [1, 3]),
        ] {
            let mv = PyMemoryView_GetContiguous(strided, PyBUF_READ, order as c_char);
            assert!(!mv.is_null(), "{:?}", err());
            let v = &*PyMemoryView_GET_BUFFER(mv);
            assert_eq!(
                (v.readonly, v.ndim, v.len, cstr(v.format)),
                (1, 2, 12, Some("B".to_owned()))
            );
            assert_eq!(std::slice::from_raw_parts(v.strides, 2), strides);
            assert_eq!(std::slice::from_raw_parts(v.buf as *const u8, 12), want);
            Py_DecRef(mv);
        }
        let after = counters.get();
        assert_eq!((after.0 - before.0, after.1 - before.1), (3, 3));
        assert_eq!(Py_REFCNT(strided), 1);
        // Errors, with CPython's messages where it defines them.
        assert!(PyMemoryView_GetContiguous(strided, PyBUF_WRITE, b'C' as c_char).is_null());
        assert_eq!(
            err(),
            some_err(
                "BufferError",
                "writable contiguous buffer requested for a non-contiguous object."
            )
        );
        assert!(PyMemoryView_GetContiguous(ptr::null_mut(), PyBUF_READ, b'C' as c_char).is_null());
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        for bt in [0, PyBUF_READ | PyBUF_WRITE, PyBUF_WRITABLE] {
            assert!(PyMemoryView_GetContiguous(simple, bt, b'C' as c_char).is_null());
            assert_eq!(err(), some_err("SystemError", BAD_CALL));
        }
        assert!(PyMemoryView_GetContiguous(simple, PyBUF_READ, b'X' as c_char).is_null());
        expect_err_containing("ValueError", "invalid order");
        Py_DecRef(strided);
        Py_DecRef(simple);
        Py_DecRef(ty);
    }
    let (gets, releases, deallocs) = counters.get();
    assert_eq!((gets, releases, deallocs), (gets, gets, 2));
}

// ==========================================================================
// Exports: the exporter stays alive until the last release
// ==========================================================================

#[test]
fn exporter_alive_until_last_release() {
    let counters = Counters::default();
    let ty = exporter_type(c"capi_api.Alive", true);
    let obj = new_exporter(ty, &counters, Mode::Strided, false);
    // SAFETY: live objects and local views.
    unsafe {
        let mv = PyMemoryView_FromObject(obj);
        Py_DecRef(obj); // the memoryview now holds the only reference
        assert_eq!(counters.get(), (1, 0, 0));
        let mut view = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(mv, &mut view, PyBUF_STRIDED_RO), 0);
        assert_eq!(view.obj, mv);
        assert_eq!((memoryview_exports(mv), Py_REFCNT(mv)), (1, 2));
        let mut second = Py_buffer::zeroed();
        assert_eq!(PyObject_GetBuffer(mv, &mut second, PyBUF_FULL), 0);
        assert_eq!(memoryview_exports(mv), 2);
        // Drop the memoryview while consumers still hold views.
        Py_DecRef(mv);
        assert_eq!(counters.get(), (1, 0, 0), "exporter released too early");
        assert_eq!(
            to_contiguous(&view, 12, b'C').1,
            [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]
        );
        PyBuffer_Release(&mut second);
        assert_eq!(counters.get(), (1, 0, 0), "exporter released too early");
        assert_eq!(memoryview_exports(mv), 1);
        PyBuffer_Release(&mut view);
        PyBuffer_Release(&mut view);
        // The last release freed the memoryview, which released the
        // exporter's buffer and dropped the last reference to it.
        assert_eq!(counters.get(), (1, 1, 1));
        Py_DecRef(ty);
    }
}

// ==========================================================================
// The error indicator
// ==========================================================================

#[test]
fn error_indicator_api() {
    // SAFETY: static exception types and NUL-terminated messages.
    unsafe {
        PyErr_Clear();
        assert!(PyErr_Occurred().is_null());
        assert_eq!(
            PyErr_ExceptionMatches(PyExc_Exception.0),
            0,
            "nothing pending"
        );
        PyErr_SetString(PyExc_IndexError.0, c"first".as_ptr());
        assert_eq!(PyErr_Occurred(), PyExc_IndexError.0);
        assert_eq!(PyErr_ExceptionMatches(PyExc_IndexError.0), 1);
        assert_eq!(PyErr_ExceptionMatches(PyExc_LookupError.0), 1);
        assert_eq!(PyErr_ExceptionMatches(PyExc_BaseException.0), 1);
        assert_eq!(PyErr_ExceptionMatches(PyExc_ValueError.0), 0);
        assert_eq!(PyErr_ExceptionMatches(ptr::null_mut()), 0);
        // A new error replaces the pending one.
        PyErr_SetString(PyExc_ValueError.0, c"second".as_ptr());
        assert_eq!(peek_error().map(|e| e.message), Some("second".to_owned()));
        assert_eq!(err(), some_err("ValueError", "second"));
        assert!(PyErr_Occurred().is_null());
        PyErr_SetString(PyExc_TypeError.0, c"x".as_ptr());
        PyErr_Clear();
        assert!(PyErr_Occurred().is_null());
        PyErr_Clear();
        // SetNone, NULL message, NULL type.
        PyErr_SetNone(PyExc_BufferError.0);
        assert_eq!(err(), some_err("BufferError", ""));
        PyErr_SetString(PyExc_BufferError.0, ptr::null());
        assert_eq!(err(), some_err("BufferError", ""));
        PyErr_SetString(ptr::null_mut(), c"lost".as_ptr());
        assert_eq!(err().map(|e| e.0), Some("SystemError".to_owned()));
        // NoMemory returns NULL and sets MemoryError.
        assert!(PyErr_NoMemory().is_null());
        assert_eq!(PyErr_Occurred(), PyExc_MemoryError.0);
        assert_eq!(err().map(|e| e.0), Some("MemoryError".to_owned()));
        PyErr_BadInternalCall();
        assert_eq!(PyErr_Occurred(), PyExc_SystemError.0);
        assert_eq!(err(), some_err("SystemError", BAD_CALL));
        _PyErr_BadInternalCall(c"file.c".as_ptr(), 12);
        expect_err_containing("SystemError", BAD_CALL);
        // GivenExceptionMatches works on types, NULL-safe.
        assert_eq!(
            PyErr_GivenExceptionMatches(PyExc_IndexError.0, PyExc_LookupError.0),
            1
        );
        assert_eq!(
            PyErr_GivenExceptionMatches(PyExc_LookupError.0, PyExc_IndexError.0),
            0
        );
        assert_eq!(
            PyErr_GivenExceptionMatches(ptr::null_mut(), PyExc_IndexError.0),
            0
        );
        assert_eq!(
            PyErr_GivenExceptionMatches(PyExc_StructError.0, PyExc_Exception.0),
            1
        );
        // Every built-in exception type is named as Python names it.
        for exc in Exc::ALL {
            assert!(!exc.name().is_empty());
        }
        // Per thread: an error set here is not seen on another thread.
        PyErr_SetString(PyExc_ValueError.0, c"here".as_ptr());
        std::thread::spawn(|| assert!(PyErr_Occurred().is_null()))
            .join()
            .unwrap();
        assert_eq!(err(), some_err("ValueError", "here"));
    }
}
