//! The wrapper of objects an extension hands to JS, and of their exports.

use super::*;

// ==========================================================================
// The wrapper of objects the extension hands to JS
// ==========================================================================

/// A PyObject that stands for an object made by an extension, holding the
/// extension's library loaded. It exports what the object exports: its
/// `bf_getbuffer` asks the object for the view and then puts an
/// [`ExtExport`] in the view's `obj`, which holds the wrapper (and so the
/// library) and hands the view back to the object when it is released.
#[repr(C)]
pub struct ExtObject {
    pub(super) ob_base: PyObject,
    /// Owned reference to the extension's object.
    pub(super) inner: *mut PyObject,
    /// Declared last: dropped after `inner` is released in the dealloc.
    pub(super) lib: Arc<ExtLib>,
}

pub(super) static EXT_OBJECT_PROCS: StaticObject<PyBufferProcs> =
    StaticObject::new(PyBufferProcs {
        bf_getbuffer: Some(ext_object_getbuf),
        bf_releasebuffer: None,
    });

/// The type of [`ExtObject`], `pybuffer.ExtensionObject`.
pub static EXT_OBJECT_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = pybuffer::objects::typeobject::PyType_Type.get();
    ty.tp_name = c"pybuffer.ExtensionObject".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<ExtObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(ext_object_dealloc);
    ty.tp_as_buffer = EXT_OBJECT_PROCS.get();
    ty.tp_flags = Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    ty
});

impl ExtObject {
    /// Wraps `inner` (an owned reference, given away). Returns a new
    /// reference.
    pub(super) fn wrap(inner: *mut PyObject, lib: Arc<ExtLib>) -> *mut PyObject {
        let obj = Box::new(ExtObject {
            ob_base: PyObject {
                ob_refcnt: 1,
                ob_type: EXT_OBJECT_TYPE.get(),
            },
            inner,
            lib,
        });
        Box::into_raw(obj) as *mut PyObject
    }

    /// The wrapper behind `op`, when `op` is one.
    ///
    /// # Safety
    /// `op` must be a live object.
    pub(super) unsafe fn downcast<'a>(op: *mut PyObject) -> Option<&'a ExtObject> {
        // SAFETY: live per the contract.
        if unsafe { (*op).ob_type } != EXT_OBJECT_TYPE.get() {
            return None;
        }
        // SAFETY: the type says it is an ExtObject, alive while `op` is.
        Some(unsafe { &*(op as *const ExtObject) })
    }

    /// The extension's object behind `op` when `op` is a wrapper, else
    /// `op`: what a handle of it stands for (see [`crate::handle::see_through`]).
    ///
    /// # Safety
    /// `op` must be a live object.
    pub(super) unsafe fn inner_or_self(op: *mut PyObject) -> *mut PyObject {
        // SAFETY: forwarded contract.
        match unsafe { Self::downcast(op) } {
            Some(w) => w.inner,
            None => op,
        }
    }
}

/// `bf_getbuffer`: the inner object's view, with a new [`ExtExport`] as its
/// `obj`.
///
/// # Safety
/// `op` must be a live wrapper, `view` writable.
unsafe extern "C" fn ext_object_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    let _gil = Gil::acquire_lasting();
    // SAFETY: live per the contract.
    let w = unsafe { &*(op as *const ExtObject) };
    // SAFETY: the wrapper holds `inner`; `view` is writable.
    if unsafe { PyObject_GetBuffer(w.inner, view, flags) } != 0 {
        return -1;
    }
    // SAFETY: a view just filled in; the export takes over its reference
    // to `obj`, and a new one to the wrapper.
    unsafe {
        Py_IncRef(op);
        (*view).obj = ExtExport::create((*view).obj, op);
    }
    0
}

/// `tp_dealloc`: releases the extension's object, then the library.
///
/// # Safety
/// `op` must be an unreferenced wrapper.
unsafe extern "C" fn ext_object_dealloc(op: *mut PyObject) {
    // Runs from JS finalizers, release paths and worker teardown alike.
    let _gil = Gil::acquire_lasting();
    // SAFETY: wrappers are allocated as Box<ExtObject> in `wrap`.
    let w = unsafe { Box::from_raw(op as *mut ExtObject) };
    // SAFETY: the wrapper's reference; its dealloc runs library code while
    // `w.lib` keeps the library loaded.
    unsafe { Py_DecRef(w.inner) };
    drop(w);
}

/// One export of an [`ExtObject`]: the `obj` of one view it handed out.
///
/// CPython releases a view by its `obj` alone (`PyBuffer_Release` calls
/// `obj`'s `bf_releasebuffer`); the address of the `Py_buffer` struct does
/// not matter, and C code may copy or move the struct before releasing it.
/// So everything the release needs is here: the object that filled the
/// view, to which it is handed back, and the wrapper, which keeps the
/// library loaded until then.
#[repr(C)]
pub struct ExtExport {
    pub(super) ob_base: PyObject,
    /// Owned: the `obj` the extension filled in (usually its object).
    pub(super) filled_by: *mut PyObject,
    /// Owned: the wrapper the view was acquired from.
    pub(super) wrapper: *mut PyObject,
}

pub(super) static EXT_EXPORT_PROCS: StaticObject<PyBufferProcs> =
    StaticObject::new(PyBufferProcs {
        bf_getbuffer: Some(ext_export_getbuf),
        bf_releasebuffer: Some(ext_export_releasebuf),
    });

/// The type of [`ExtExport`], `pybuffer.ExtensionExport`.
pub static EXT_EXPORT_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = pybuffer::objects::typeobject::PyType_Type.get();
    ty.tp_name = c"pybuffer.ExtensionExport".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<ExtExport>() as Py_ssize_t;
    ty.tp_dealloc = Some(ext_export_dealloc);
    ty.tp_as_buffer = EXT_EXPORT_PROCS.get();
    ty.tp_flags = Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    ty
});

impl ExtExport {
    /// A new export (a new reference) owning `filled_by` and `wrapper`
    /// (owned references, given away).
    fn create(filled_by: *mut PyObject, wrapper: *mut PyObject) -> *mut PyObject {
        let export = Box::new(ExtExport {
            ob_base: PyObject {
                ob_refcnt: 1,
                ob_type: EXT_EXPORT_TYPE.get(),
            },
            filled_by,
            wrapper,
        });
        Box::into_raw(export) as *mut PyObject
    }
}

/// The object JS and C should see for `op`: the wrapper of an export (a
/// view's `obj` when the view is of an extension's object), else `op`.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn public_object(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if unsafe { (*op).ob_type } == EXT_EXPORT_TYPE.get() {
        // SAFETY: the type says it is an ExtExport, which holds its wrapper.
        unsafe { (*(op as *const ExtExport)).wrapper }
    } else {
        op
    }
}

/// `bf_getbuffer`: a new view of the wrapper, for C that acquires a view's
/// `obj` again.
///
/// # Safety
/// `op` must be a live export, `view` writable.
unsafe extern "C" fn ext_export_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: live per the contract; the export holds the wrapper.
    unsafe { ext_object_getbuf((*(op as *const ExtExport)).wrapper, view, flags) }
}

/// `bf_releasebuffer`: hands the view back to the object that filled it.
///
/// # Safety
/// `op` must be a live export and `view` the view whose `obj` it is.
unsafe extern "C" fn ext_export_releasebuf(op: *mut PyObject, view: *mut Py_buffer) {
    // The inner release callback is extension code.
    let _gil = Gil::acquire_lasting();
    // SAFETY: live per the contract.
    let filled_by = unsafe { (*(op as *const ExtExport)).filled_by };
    // PyBuffer_Release, our caller, drops its reference to the export after
    // this returns (then the export drops the wrapper, and the library may
    // go): the inner release runs first, with the library loaded.
    // SAFETY: `view` was filled by `filled_by`'s getbuffer; releasing it with
    // that `obj` runs that object's release callback and drops the view's
    // reference to it, which the export held.
    unsafe {
        (*view).obj = filled_by;
        PyBuffer_Release(view);
        (*view).obj = op;
        (*(op as *mut ExtExport)).filled_by = ptr::null_mut();
    }
}

/// `tp_dealloc`: drops the wrapper (and what the release left).
///
/// # Safety
/// `op` must be an unreferenced export.
unsafe extern "C" fn ext_export_dealloc(op: *mut PyObject) {
    // The inner object's dealloc is extension code.
    let _gil = Gil::acquire_lasting();
    // SAFETY: exports are allocated as Box<ExtExport> in `create`.
    let e = unsafe { Box::from_raw(op as *mut ExtExport) };
    // SAFETY: the export's references (`filled_by` is NULL once released;
    // Py_DecRef ignores NULL). The wrapper goes last: it may unload the
    // library that `filled_by`'s dealloc runs in.
    unsafe {
        Py_DecRef(e.filled_by);
        Py_DecRef(e.wrapper);
    }
}
