//! Cell objects, `cell` (CPython's `Objects/cellobject.c`): a box holding
//! one reference or nothing. CPython's compiler makes them for closures;
//! here extensions make them (Cython keeps closure variables in cells, and
//! `types.CellType()` is `cell()`), read them with `PyCell_Get` or the
//! `PyCell_GET` macro and refill them with `PyCell_Set` / `PyCell_SET`. The
//! layout is CPython's `PyCellObject`, for those macros.
//!
//! Empty cells compare before full ones, full cells compare by contents,
//! and `cell_contents` of an empty cell is `ValueError("Cell is empty")`.

#![allow(non_upper_case_globals)]

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_dealloc, visit_each};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_RichCompare, not_implemented, tp_name,
    type_of,
};
use crate::objects::tupleobject::compare_sizes;
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// CPython's `PyCellObject` (`PyCell_GET` / `PyCell_SET` read and write
/// `ob_ref` directly).
#[repr(C)]
pub(crate) struct PyCellObject {
    ob_base: PyObject,
    /// The contents; NULL when the cell is empty.
    ob_ref: *mut PyObject,
}

/// True for a `cell` (exactly: the type cannot be subclassed).
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_cell(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(op) == PyCell_Type.get() }
}

/// The contents of a cell (borrowed, NULL when empty).
///
/// # Safety
/// `op` must be a live cell.
unsafe fn contents(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<PyCellObject>()).ob_ref }
}

/// Replaces the contents of a cell with `value` (NULL or a reference the
/// cell takes over), then releases the old contents: last, because that
/// may run arbitrary code that looks at the cell.
///
/// # Safety
/// `op` must be a live cell; `value` NULL or a new reference.
unsafe fn replace(op: *mut PyObject, value: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let cell = op.cast::<PyCellObject>();
        let old = (*cell).ob_ref;
        (*cell).ob_ref = value;
        Py_DecRef(old);
    }
}

// ==========================================================================
// The C API
// ==========================================================================

/// `PyCell_New(obj)`: a new cell holding `obj`, or empty for NULL.
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCell_New(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a static type whose one field is the contents.
    unsafe { crate::objects::typeobject::alloc_holding(PyCell_Type.get(), obj) }
}

/// `PyCell_Get(cell)`: a new reference to the contents, or NULL (with no
/// error) for an empty cell.
///
/// Fails (NULL) with `SystemError` for anything but a cell.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCell_Get(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or live per the contract.
    if op.is_null() || !unsafe { is_cell(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live cell.
    unsafe {
        let v = contents(op);
        Py_IncRef(v);
        v
    }
}

/// `PyCell_Set(cell, value)`: stores `value` (NULL empties the cell); 0.
///
/// Fails (-1) with `SystemError` for anything but a cell.
///
/// # Safety
/// `op` must be NULL or a live object, `value` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCell_Set(op: *mut PyObject, value: *mut PyObject) -> c_int {
    // SAFETY: NULL or live per the contract.
    if op.is_null() || !unsafe { is_cell(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a live cell and NULL or a live value (its new reference is
    // the cell's).
    unsafe {
        Py_IncRef(value);
        replace(op, value);
    }
    0
}

// ==========================================================================
// The type
// ==========================================================================

/// `cell(contents=<empty>)`: no keywords, at most one argument.
unsafe extern "C" fn cell_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"cell".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = crate::objects::tupleobject::size(args);
        if crate::python::getargs::_PyArg_CheckPositional(c"cell".as_ptr(), n, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let obj = if n == 1 {
            crate::objects::tupleobject::get(args, 0)
        } else {
            ptr::null_mut()
        };
        PyCell_New(obj)
    }
}

unsafe extern "C" fn cell_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced cell.
    unsafe { gc_dealloc(op, |op| Py_DecRef(contents(op))) }
}

unsafe extern "C" fn cell_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: a live cell; `visit` is the caller's visitor.
    unsafe { visit_each(&[contents(op)], visit, arg) }
}

unsafe extern "C" fn cell_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live cell.
    unsafe { replace(op, ptr::null_mut()) };
    0
}

/// Cells compare by contents; an empty cell is less than a full one and
/// equal to another empty one. Anything but two cells: `NotImplemented`.
unsafe extern "C" fn cell_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects; cells' contents are live or NULL.
    unsafe {
        if !is_cell(a) || !is_cell(b) {
            return not_implemented();
        }
        let (x, y) = (contents(a), contents(b));
        if !x.is_null() && !y.is_null() {
            return PyObject_RichCompare(x, y, op);
        }
        // Fullness as a number: empty (0) sorts first.
        compare_sizes(
            Py_ssize_t::from(!x.is_null()),
            Py_ssize_t::from(!y.is_null()),
            op,
        )
    }
}

/// `repr(cell)`: `<cell at ADDR: empty>` or `<cell at ADDR: T object at
/// ADDR>` (the type name cut at 80 characters, as CPython's `%.80s`).
unsafe extern "C" fn cell_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live cell.
    unsafe {
        let v = contents(op);
        if v.is_null() {
            return unicode_from_str(&format!("<cell at {op:p}: empty>"));
        }
        unicode_from_str(&format!(
            "<cell at {op:p}: {} object at {v:p}>",
            tp_name(type_of(v), 80)
        ))
    }
}

/// `cell.cell_contents`.
unsafe extern "C" fn cell_get_contents(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live cell.
    unsafe {
        let v = contents(op);
        if v.is_null() {
            return errors::fail_null(Exc::ValueError, "Cell is empty");
        }
        Py_IncRef(v);
        v
    }
}

/// `cell.cell_contents = v` / `del cell.cell_contents` (which empties it,
/// even when already empty).
unsafe extern "C" fn cell_set_contents(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    // SAFETY: a live cell; NULL or a live value.
    unsafe {
        Py_IncRef(value);
        replace(op, value);
    }
    0
}

static CELL_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef {
        name: c"cell_contents".as_ptr(),
        get: Some(cell_get_contents),
        set: Some(cell_set_contents),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef::zeroed(),
]);

/// `PyCell_Type`: `cell` (`types.CellType`).
#[unsafe(no_mangle)]
pub static PyCell_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"cell".as_ptr();
    ty.tp_basicsize = size_of::<PyCellObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(cell_dealloc);
    ty.tp_repr = Some(cell_repr);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_doc = c"cell([contents])\n--\n\nCreate a new cell object.\n\n  contents\n    the contents of the cell. If not specified, the cell will be empty,\n    and \n further attempts to access its cell_contents attribute will\n    raise a ValueError.".as_ptr();
    ty.tp_traverse = Some(cell_traverse);
    ty.tp_clear = Some(cell_clear);
    ty.tp_richcompare = Some(cell_richcompare);
    ty.tp_getset = CELL_GETSET.get().cast();
    ty.tp_new = Some(cell_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_cpython() {
        // PyObject_HEAD, ob_ref.
        assert_eq!(
            std::mem::size_of::<super::PyCellObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + std::mem::size_of::<usize>()
        );
    }
}
