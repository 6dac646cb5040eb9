//! The dict views `dict_keys`, `dict_values` and `dict_items` (CPython's
//! "Dictionary views" section of `Objects/dictobject.c`): live views of a
//! dict with its length, iteration (the dict iterators, so changing the
//! dict while iterating raises as it does there), `in`, `repr` and, for
//! keys and items, the set comparisons. Not here: the set operators
//! (`&`, `|`, `-`, `^`), `isdisjoint`, `reversed()` and `.mapping`.

use std::mem::size_of;
use std::ptr;

use super::{
    PyDict_GetItemWithError, PyDictIterItem_Type, PyDictIterKey_Type, PyDictIterValue_Type,
    dict_contains, new_dict_iter, used,
};
use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, repr_enter, repr_leave};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_RichCompareBool, not_implemented, type_of,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::setobject::is_anyset;
use crate::objects::tupleobject;
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// Which view.
#[derive(Clone, Copy)]
pub(super) enum DictView {
    Keys,
    Values,
    Items,
}

/// A view: the dict it shows (a strong reference).
#[repr(C)]
struct DictViewObject {
    ob_base: PyObject,
    dict: *mut PyObject,
}

static KEYS_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(view_len),
    sq_contains: Some(keys_contains),
    ..PySequenceMethods::empty()
};

static VALUES_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(view_len),
    ..PySequenceMethods::empty()
};

static ITEMS_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(view_len),
    sq_contains: Some(items_contains),
    ..PySequenceMethods::empty()
};

macro_rules! view_type {
    ($(#[$doc:meta])* $name:ident, $tp_name:literal, $iter:ident, $seq:ident, $cmp:expr) => {
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub static $name: StaticObject<PyTypeObject> = StaticObject::new({
            let mut ty = static_type($tp_name, size_of::<DictViewObject>(), 0, view_dealloc);
            ty.tp_iter = Some($iter);
            ty.tp_repr = Some(view_repr);
            ty.tp_richcompare = $cmp;
            ty.tp_as_sequence = &raw const $seq as *mut PySequenceMethods;
            ty
        });
    };
}

view_type!(
    /// `PyDictKeys_Type`: `dict_keys`.
    PyDictKeys_Type,
    c"dict_keys",
    keys_iter,
    KEYS_AS_SEQUENCE,
    Some(view_richcompare)
);
view_type!(
    /// `PyDictValues_Type`: `dict_values`.
    PyDictValues_Type,
    c"dict_values",
    values_iter,
    VALUES_AS_SEQUENCE,
    None
);
view_type!(
    /// `PyDictItems_Type`: `dict_items`.
    PyDictItems_Type,
    c"dict_items",
    items_iter,
    ITEMS_AS_SEQUENCE,
    Some(view_richcompare)
);

/// A new view of the live dict `op`.
///
/// # Safety
/// `op` must be a live dict.
pub(super) unsafe fn new_view(op: *mut PyObject, which: DictView) -> *mut PyObject {
    let ty = match which {
        DictView::Keys => PyDictKeys_Type.get(),
        DictView::Values => PyDictValues_Type.get(),
        DictView::Items => PyDictItems_Type.get(),
    };
    let v = crate::objects::object::alloc(ty, size_of::<DictViewObject>());
    if !v.is_null() {
        // SAFETY: a fresh view; the dict is live.
        unsafe {
            Py_IncRef(op);
            (*(v as *mut DictViewObject)).dict = op;
        }
    }
    v
}

/// The dict a view shows (borrowed).
///
/// # Safety
/// `op` must be a live view.
unsafe fn dict_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live view.
    unsafe { (*(op as *mut DictViewObject)).dict }
}

/// True for `dict_keys` and `dict_items` (CPython's `PyDictViewSet_Check`).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_view_set(op: *mut PyObject) -> bool {
    // SAFETY: live.
    let ty = unsafe { type_of(op) };
    ty == PyDictKeys_Type.get() || ty == PyDictItems_Type.get()
}

unsafe extern "C" fn view_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced view.
    unsafe {
        Py_DecRef(dict_of(op));
        PyObject_Free(op.cast());
    }
}

unsafe extern "C" fn view_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live view of a live dict.
    unsafe { used(dict_of(op)) }
}

unsafe extern "C" fn keys_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live view of a live dict.
    unsafe { new_dict_iter(dict_of(op), PyDictIterKey_Type.get()) }
}

unsafe extern "C" fn values_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: as keys_iter.
    unsafe { new_dict_iter(dict_of(op), PyDictIterValue_Type.get()) }
}

unsafe extern "C" fn items_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: as keys_iter.
    unsafe { new_dict_iter(dict_of(op), PyDictIterItem_Type.get()) }
}

unsafe extern "C" fn keys_contains(op: *mut PyObject, key: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: a live view and key.
    unsafe { dict_contains(dict_of(op), key) }
}

/// `(k, v) in d.items()`: a 2-tuple whose key is present with a value
/// equal to `v` (`found == v`).
unsafe extern "C" fn items_contains(op: *mut PyObject, obj: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: a live view and object; the found value is held while it is
    // compared.
    unsafe {
        if !tupleobject::is_tuple(obj) || tupleobject::size(obj) != 2 {
            return 0;
        }
        let key = tupleobject::get(obj, 0);
        let value = tupleobject::get(obj, 1);
        let found = PyDict_GetItemWithError(dict_of(op), key);
        if found.is_null() {
            return if errors::PyErr_Occurred().is_null() {
                0
            } else {
                -1
            };
        }
        Py_IncRef(found);
        let r = PyObject_RichCompareBool(found, value, Py_EQ);
        Py_DecRef(found);
        r
    }
}

/// `dict_keys([...])`: the type name and the list of the view's items;
/// `...` for a view that is already being printed.
unsafe extern "C" fn view_repr(op: *mut PyObject) -> *mut PyObject {
    if !repr_enter(op) {
        return unicode_from_str("...");
    }
    // SAFETY: a live view.
    let out = unsafe {
        let seq = abstract_::PySequence_List(op);
        if seq.is_null() {
            ptr::null_mut()
        } else {
            let r = abstract_::repr_string(seq);
            Py_DecRef(seq);
            match r {
                Some(r) => {
                    let name = std::ffi::CStr::from_ptr((*type_of(op)).tp_name).to_string_lossy();
                    unicode_from_str(&format!("{name}({r})"))
                }
                None => ptr::null_mut(),
            }
        }
    };
    repr_leave(op);
    out
}

/// 1 when every item of `a` is in `b`, 0 when one is not, -1 on error.
///
/// # Safety
/// Both live objects.
unsafe fn all_contained_in(a: *mut PyObject, b: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: live per the contract.
    unsafe {
        let it = abstract_::PyObject_GetIter(a);
        if it.is_null() {
            return -1;
        }
        let mut ok = 1;
        loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    ok = -1;
                }
                break;
            }
            ok = abstract_::PySequence_Contains(b, item);
            Py_DecRef(item);
            if ok <= 0 {
                break;
            }
        }
        Py_DecRef(it);
        ok
    }
}

/// Keys and items views compare as sets with sets and set-like views;
/// anything else is `NotImplemented`.
unsafe extern "C" fn view_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_anyset(b) && !is_view_set(b) {
            return not_implemented();
        }
        let la = abstract_::PyObject_Size(a);
        if la < 0 {
            return ptr::null_mut();
        }
        let lb = abstract_::PyObject_Size(b);
        if lb < 0 {
            return ptr::null_mut();
        }
        let mut ok = 0;
        match op {
            Py_EQ | Py_NE => {
                if la == lb {
                    ok = all_contained_in(a, b);
                }
                if op == Py_NE && ok >= 0 {
                    ok = (ok == 0) as std::ffi::c_int;
                }
            }
            Py_LT if la < lb => ok = all_contained_in(a, b),
            Py_LE if la <= lb => ok = all_contained_in(a, b),
            Py_GT if la > lb => ok = all_contained_in(b, a),
            Py_GE if la >= lb => ok = all_contained_in(b, a),
            _ => {}
        }
        if ok < 0 {
            return ptr::null_mut();
        }
        bool_from_bool(ok != 0)
    }
}
