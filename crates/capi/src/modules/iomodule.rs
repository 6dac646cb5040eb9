//! The `_io` module (CPython's `Modules/_io/`), as far as the library has
//! I/O classes: the `_IOBase` root class (`Modules/_io/iobase.c`) with its
//! closed-state protocol, `UnsupportedOperation`, and `BytesIO`.
//!
//! Extensions import `_io` for `_IOBase` to tell file objects apart
//! (cffi's `_cffi_backend` does at init, for `FILE *` arguments:
//! `PyObject_IsInstance(ob, _io._IOBase)`). There is no file or text
//! class here (`FileIO`, `BufferedReader`, `TextIOWrapper`, `open`,
//! `StringIO`), since the library has no files of its own; the one
//! concrete class is `BytesIO`, the in-memory binary stream (see
//! `bytesio.rs`). Of `_IOBase`'s methods, those over the closed state are
//! CPython's (`close`, `closed`, `flush`, `readable` / `writable` /
//! `seekable`, `isatty`, `fileno` / `seek` / `truncate` raising
//! `UnsupportedOperation`, `tell`, `__enter__` / `__exit__`, and the
//! finalizer that closes an instance left open); the line-reading ones
//! (`readline`, `readlines`, `writelines`, iteration) and the
//! `_check*` helpers are left out. The `io` module is `_io`'s names again, as `Lib/io.py` re-exports them (without its
//! `IOBase` ABC hierarchy and `open`).

use std::ffi::{CStr, c_int};
use std::mem::offset_of;
use std::ptr;

use super::native::*;
use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::objects::boolobject::{PyBool_FromLong, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, py_none};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::PyUnicode_FromString;
use crate::objects::weakrefobject::PyObject_ClearWeakRefs;
use crate::python::clinic;
use crate::python::errors;
use crate::python::errors::{PyErr_Clear, PyErr_Fetch, PyErr_Restore, PyErr_SetString};
use crate::python::modsupport::PyModule_AddIntConstant;

unsafe extern "C" {
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
}

/// An `_IOBase` instance: an instance dict (where the closed state lives,
/// as CPython's `__IOBase_closed` attribute) and weak references.
#[repr(C)]
struct IOBase {
    ob_base: PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
}

/// The instance attribute that marks an `_IOBase` closed.
const CLOSED_MARK: &CStr = c"__IOBase_closed";

/// Whether `obj` carries the closed mark (CPython's `iobase_is_closed`):
/// 1, 0, or -1 with the error.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn has_closed_mark(obj: *mut PyObject) -> c_int {
    // SAFETY: live object, NUL-terminated name.
    unsafe {
        let Some(name) = Owned::new(PyUnicode_FromString(CLOSED_MARK.as_ptr())) else {
            return -1;
        };
        let mut found = ptr::null_mut();
        let r = crate::objects::object::_PyObject_LookupAttr(obj, name.as_ptr(), &mut found);
        Py_DecRef(found);
        r
    }
}

/// Raises CPython's ValueError for an operation on a closed file when
/// `self.closed` (the derived attribute, which subclasses override) is
/// true (`iobase_check_closed`): 0 when open or when there is no `closed`,
/// -1 with the error otherwise (or when `closed` itself fails).
///
/// # Safety
/// `obj` must be a live object.
unsafe fn check_closed(obj: *mut PyObject) -> c_int {
    // SAFETY: live object; NUL-terminated name.
    unsafe {
        let Some(name) = Owned::new(PyUnicode_FromString(c"closed".as_ptr())) else {
            return -1;
        };
        let mut closed = ptr::null_mut();
        let found = crate::objects::object::_PyObject_LookupAttr(obj, name.as_ptr(), &mut closed);
        if found <= 0 {
            return found;
        }
        let r = PyObject_IsTrue(closed);
        Py_DecRef(closed);
        match r {
            0 => 0,
            1 => errors::fail(Exc::ValueError, "I/O operation on closed file."),
            _ => -1,
        }
    }
}

/// Raises `UnsupportedOperation(name)` and returns NULL.
fn unsupported(name: &str) -> *mut PyObject {
    let exc = unsupported_operation();
    if exc.is_null() {
        return ptr::null_mut();
    }
    let Ok(msg) = std::ffi::CString::new(name) else {
        return ptr::null_mut();
    };
    // SAFETY: a live exception class and a NUL-terminated message.
    unsafe { PyErr_SetString(exc, msg.as_ptr()) };
    ptr::null_mut()
}

fn none() -> *mut PyObject {
    let n = py_none();
    // SAFETY: None is immortal in effect; the caller gets a reference.
    unsafe { Py_IncRef(n) };
    n
}

fn bool_result(v: bool) -> *mut PyObject {
    PyBool_FromLong(v as std::ffi::c_long)
}

unsafe extern "C" fn iobase_flush(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    match unsafe { has_closed_mark(slf) } {
        0 => none(),
        1 => errors::fail_null(Exc::ValueError, "I/O operation on closed file."),
        _ => ptr::null_mut(),
    }
}

unsafe extern "C" fn iobase_close(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self; NUL-terminated names.
    unsafe {
        match has_closed_mark(slf) {
            0 => {}
            1 => return none(),
            _ => return ptr::null_mut(),
        }
        // Flushed first; marked closed even when the flush fails. An error
        // from marking it wins, with the flush's as its context.
        let flushed = PyObject_CallMethod(slf, c"flush".as_ptr(), ptr::null());
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        PyErr_Fetch(&mut t, &mut v, &mut tb);
        let marked = PyObject_SetAttrString(slf, CLOSED_MARK.as_ptr(), py_true());
        errors::_PyErr_ChainExceptions(t, v, tb);
        let ok = marked == 0 && !flushed.is_null();
        Py_DecRef(flushed);
        if ok { none() } else { ptr::null_mut() }
    }
}

unsafe extern "C" fn iobase_closed_get(
    slf: *mut PyObject,
    _: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: a getter's live self.
    match unsafe { has_closed_mark(slf) } {
        r if r < 0 => ptr::null_mut(),
        r => bool_result(r == 1),
    }
}

unsafe extern "C" fn iobase_false(_: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    bool_result(false)
}

unsafe extern "C" fn iobase_isatty(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    if unsafe { check_closed(slf) } < 0 {
        return ptr::null_mut();
    }
    bool_result(false)
}

unsafe extern "C" fn iobase_fileno(_: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    unsupported("fileno")
}

unsafe extern "C" fn iobase_seek(_: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    unsupported("seek")
}

unsafe extern "C" fn iobase_truncate(_: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    unsupported("truncate")
}

/// `tell()`: `self.seek(0, 1)`.
unsafe extern "C" fn iobase_tell(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self; NUL-terminated format.
    unsafe {
        PyObject_CallMethod(
            slf,
            c"seek".as_ptr(),
            c"ii".as_ptr(),
            0 as c_int,
            1 as c_int,
        )
    }
}

unsafe extern "C" fn iobase_enter(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    unsafe {
        if check_closed(slf) < 0 {
            return ptr::null_mut();
        }
        Py_IncRef(slf);
    }
    slf
}

unsafe extern "C" fn iobase_exit(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self; NUL-terminated name.
    unsafe { PyObject_CallMethod(slf, c"close".as_ptr(), ptr::null()) }
}

/// `tp_finalize` (CPython's `iobase_finalize`): closes an instance that
/// is still open, with `_finalizing` set. As in CPython outside its
/// development mode, a failing `close` is silenced (and an instance whose
/// `closed` cannot be read is left alone); the pending exception, if any,
/// is kept.
unsafe extern "C" fn iobase_finalize(slf: *mut PyObject) {
    // SAFETY: a finalizer's live (revived) object; NUL-terminated names.
    unsafe {
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        PyErr_Fetch(&mut t, &mut v, &mut tb);
        let mut closed = ptr::null_mut();
        let state = match Owned::new(PyUnicode_FromString(c"closed".as_ptr())) {
            Some(name)
                if crate::objects::object::_PyObject_LookupAttr(
                    slf,
                    name.as_ptr(),
                    &mut closed,
                ) > 0 =>
            {
                let r = PyObject_IsTrue(closed);
                Py_DecRef(closed);
                r
            }
            _ => -1,
        };
        PyErr_Clear();
        if state == 0 {
            if PyObject_SetAttrString(slf, c"_finalizing".as_ptr(), py_true()) < 0 {
                PyErr_Clear();
            }
            let r = PyObject_CallMethod(slf, c"close".as_ptr(), ptr::null());
            if r.is_null() {
                PyErr_Clear();
            }
            Py_DecRef(r);
        }
        PyErr_Restore(t, v, tb);
    }
}

unsafe extern "C" fn iobase_dealloc(slf: *mut PyObject) {
    // SAFETY: an unreferenced instance of this type (or of a subclass
    // whose dealloc reached here); freed by its type's tp_free.
    unsafe {
        if crate::objects::object::PyObject_CallFinalizerFromDealloc(slf) != 0 {
            return;
        }
        let io = slf.cast::<IOBase>();
        if !(*io).weakreflist.is_null() {
            PyObject_ClearWeakRefs(slf);
        }
        Py_DecRef(std::mem::replace(&mut (*io).dict, ptr::null_mut()));
        let ty = (*slf).ob_type;
        if let Some(free) = (*ty).tp_free {
            free(slf.cast());
        }
    }
}

static IOBASE_METHODS: StaticObject<[PyMethodDef; 13]> = StaticObject::new([
    clinic::method(c"seek", iobase_seek, METH_VARARGS),
    clinic::method(c"tell", iobase_tell, METH_NOARGS),
    clinic::method(c"truncate", iobase_truncate, METH_VARARGS),
    clinic::method(c"flush", iobase_flush, METH_NOARGS),
    clinic::method(c"close", iobase_close, METH_NOARGS),
    clinic::method(c"seekable", iobase_false, METH_NOARGS),
    clinic::method(c"readable", iobase_false, METH_NOARGS),
    clinic::method(c"writable", iobase_false, METH_NOARGS),
    clinic::method(c"fileno", iobase_fileno, METH_NOARGS),
    clinic::method(c"isatty", iobase_isatty, METH_NOARGS),
    clinic::method(c"__enter__", iobase_enter, METH_NOARGS),
    clinic::method(c"__exit__", iobase_exit, METH_VARARGS),
    clinic::METHOD_END,
]);

static IOBASE_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    clinic::getter(c"closed", iobase_closed_get),
    clinic::generic_dict(),
    PyGetSetDef::zeroed(),
]);

static IOBASE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_io._IOBase",
        size_of::<IOBase>(),
        Py_TPFLAGS_BASETYPE,
        iobase_dealloc,
    );
    ty.tp_new = Some(crate::objects::typeobject::PyType_GenericNew);
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_setattro = Some(crate::objects::object::PyObject_GenericSetAttr);
    ty.tp_methods = IOBASE_METHODS.get().cast();
    ty.tp_getset = IOBASE_GETSET.get().cast();
    ty.tp_dictoffset = offset_of!(IOBase, dict) as Py_ssize_t;
    ty.tp_weaklistoffset = offset_of!(IOBase, weakreflist) as Py_ssize_t;
    ty.tp_finalize = Some(iobase_finalize);
    ty.tp_doc = c"The abstract base class for all I/O classes.".as_ptr();
    ty
});

static UNSUPPORTED_OPERATION: MadeOnce = MadeOnce::new();

/// `io.UnsupportedOperation` (borrowed): a subclass of both `OSError` and
/// `ValueError`, as in CPython; NULL with the error when it cannot be
/// made.
fn unsupported_operation() -> *mut PyObject {
    UNSUPPORTED_OPERATION.get_or_make(|| {
        // SAFETY: live exception classes; NUL-terminated name.
        unsafe {
            let Some(bases) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                Exc::OSError.type_object(),
                Exc::ValueError.type_object(),
            ])) else {
                return ptr::null_mut();
            };
            crate::python::errors::PyErr_NewException(
                c"io.UnsupportedOperation".as_ptr(),
                bases.as_ptr(),
                ptr::null_mut(),
            )
        }
    })
}

/// Makes the `_io` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: a static type readied before use; NUL-terminated names.
    unsafe {
        if PyType_Ready(IOBASE_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        let exc = unsupported_operation();
        if exc.is_null() {
            return ptr::null_mut();
        }
        let Some(m) = Owned::new(PyModule_New(c"_io".as_ptr())) else {
            return ptr::null_mut();
        };
        let bytesio = super::bytesio::ready(IOBASE_TYPE.get());
        if bytesio.is_null() {
            return ptr::null_mut();
        }
        if PyModule_AddObjectRef(m.as_ptr(), c"_IOBase".as_ptr(), IOBASE_TYPE.get().cast()) < 0
            || PyModule_AddObjectRef(m.as_ptr(), c"BytesIO".as_ptr(), bytesio) < 0
            || PyModule_AddObjectRef(m.as_ptr(), c"UnsupportedOperation".as_ptr(), exc) < 0
            || PyModule_AddIntConstant(m.as_ptr(), c"DEFAULT_BUFFER_SIZE".as_ptr(), 8192) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

/// Makes the `io` module over the loaded `_io` `base` (a new reference),
/// or NULL with the error: the names `Lib/io.py` takes from `_io` that
/// the library has.
///
/// # Safety
/// `base` must be the live `_io` module.
pub(crate) unsafe fn io_module(base: *mut PyObject) -> *mut PyObject {
    // SAFETY: live modules; NUL-terminated names.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"io".as_ptr())) else {
            return ptr::null_mut();
        };
        for name in [c"BytesIO", c"UnsupportedOperation", c"DEFAULT_BUFFER_SIZE"] {
            let Some(v) = Owned::new(PyObject_GetAttrString(base, name.as_ptr())) else {
                return ptr::null_mut();
            };
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), v.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
