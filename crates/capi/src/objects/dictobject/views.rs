//! The dict views `dict_keys`, `dict_values` and `dict_items` (CPython's
//! "Dictionary views" section of `Objects/dictobject.c`): live views of a
//! dict with its length, iteration (the dict iterators, so changing the
//! dict while iterating raises as it does there), `in`, `repr` and, for
//! keys and items, the set comparisons, the set operators (`&`, `|`, `-`,
//! `^`, each giving a `set` built in CPython's order) and `isdisjoint`.
//! `reversed()` of each gives the reverse dict iterators; `.mapping` is
//! a read-only proxy of the dict.

use std::mem::size_of;
use std::ptr;

use super::{
    _PyDict_GetItem_KnownHash, _PyDict_Next, PyDict_Copy, PyDict_GetItemWithError, PyDict_Type,
    PyDictIterItem_Type, PyDictIterKey_Type, PyDictIterValue_Type, PyDictRevIterItem_Type,
    PyDictRevIterKey_Type, PyDictRevIterValue_Type, del_known_hash, dict_contains, new_dict_iter,
    used,
};
use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, repr_enter, repr_leave};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_RichCompareBool, not_implemented, type_of,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::setobject::{_PySet_Update, PySet_Add, PySet_New, is_anyset};
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

/// The set operators of keys and items views.
static VIEW_SET_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(views_sub),
    nb_and: Some(views_and),
    nb_xor: Some(views_xor),
    nb_or: Some(views_or),
    ..PyNumberMethods::empty()
};

static KEYS_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    crate::python::clinic::method(c"isdisjoint", views_isdisjoint, METH_O),
    crate::python::clinic::method(c"__reversed__", keys_reversed, METH_NOARGS),
    crate::python::clinic::METHOD_END,
]);

static VALUES_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    crate::python::clinic::method(c"__reversed__", values_reversed, METH_NOARGS),
    crate::python::clinic::METHOD_END,
]);

static ITEMS_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    crate::python::clinic::method(c"isdisjoint", views_isdisjoint, METH_O),
    crate::python::clinic::method(c"__reversed__", items_reversed, METH_NOARGS),
    crate::python::clinic::METHOD_END,
]);

/// Every view's `mapping`: a read-only proxy of its dict.
static VIEW_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef {
        name: c"mapping".as_ptr(),
        get: Some(view_mapping),
        set: None,
        doc: c"dictionary that this view refers to".as_ptr(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef::zeroed(),
]);

unsafe extern "C" fn view_mapping(op: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: a live view over a live dict.
    unsafe { crate::objects::descrobject::PyDictProxy_New(dict_of(op)) }
}

macro_rules! view_type {
    ($(#[$doc:meta])* $name:ident, $tp_name:literal, $iter:ident, $seq:ident, $methods:ident, $cmp:expr, $set_like:expr) => {
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub static $name: StaticObject<PyTypeObject> = StaticObject::new({
            let mut ty = static_type($tp_name, size_of::<DictViewObject>(), 0, view_dealloc);
            ty.tp_iter = Some($iter);
            ty.tp_repr = Some(view_repr);
            ty.tp_richcompare = $cmp;
            ty.tp_as_sequence = &raw const $seq as *mut PySequenceMethods;
            ty.tp_methods = $methods.get().cast();
            ty.tp_getset = VIEW_GETSET.get().cast();
            if $set_like {
                ty.tp_as_number = &raw const VIEW_SET_AS_NUMBER as *mut PyNumberMethods;
            }
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
    KEYS_METHODS,
    Some(view_richcompare),
    true
);
view_type!(
    /// `PyDictValues_Type`: `dict_values`.
    PyDictValues_Type,
    c"dict_values",
    values_iter,
    VALUES_AS_SEQUENCE,
    VALUES_METHODS,
    None,
    false
);
view_type!(
    /// `PyDictItems_Type`: `dict_items`.
    PyDictItems_Type,
    c"dict_items",
    items_iter,
    ITEMS_AS_SEQUENCE,
    ITEMS_METHODS,
    Some(view_richcompare),
    true
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

/// `view.__reversed__()`: the view's reverse iterator.
unsafe extern "C" fn keys_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live view over a live dict.
    unsafe { new_dict_iter(dict_of(op), PyDictRevIterKey_Type.get()) }
}

unsafe extern "C" fn values_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: as keys_reversed.
    unsafe { new_dict_iter(dict_of(op), PyDictRevIterValue_Type.get()) }
}

unsafe extern "C" fn items_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: as keys_reversed.
    unsafe { new_dict_iter(dict_of(op), PyDictRevIterItem_Type.get()) }
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

// ==========================================================================
// Set operations
// ==========================================================================

/// `obj.name(arg)`.
///
/// # Safety
/// Both live.
unsafe fn call_method1(obj: *mut PyObject, name: &str, arg: *mut PyObject) -> *mut PyObject {
    let n = unicode_from_str(name);
    if n.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: live objects and our name.
    unsafe {
        let r = crate::objects::call::PyObject_CallMethodOneArg(obj, n, arg);
        Py_DecRef(n);
        r
    }
}

/// CPython's `dictviews_to_set`: a new set of the operand's items (a keys
/// view of an exact dict reads the dict itself).
///
/// # Safety
/// `o` live.
unsafe fn to_set(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        let mut left = o;
        if type_of(o) == PyDictKeys_Type.get() && type_of(dict_of(o)) == PyDict_Type.get() {
            left = dict_of(o);
        }
        PySet_New(left)
    }
}

/// `a - b`: `set(a)` without the items of `b`.
unsafe extern "C" fn views_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; our set is released on error.
    unsafe {
        let result = to_set(a);
        if result.is_null() {
            return ptr::null_mut();
        }
        let r = call_method1(result, "difference_update", b);
        if r.is_null() {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        Py_DecRef(r);
        result
    }
}

/// `a | b`: `set(a)` updated with `b`.
unsafe extern "C" fn views_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: as sub.
    unsafe {
        let result = to_set(a);
        if result.is_null() {
            return ptr::null_mut();
        }
        if _PySet_Update(result, b) < 0 {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

/// `a & b` (CPython's `_PyDictView_Intersect`): the view is `self` in
/// either order; a larger exact set intersects itself with the view; of
/// two views the smaller is iterated; else every item of the other
/// operand that the view holds, in the other operand's order.
unsafe extern "C" fn views_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; references taken are released.
    unsafe {
        let (mut view, mut other) = if is_view_set(a) { (a, b) } else { (b, a) };
        let len_self = used(dict_of(view));
        if type_of(other) == crate::objects::setobject::PySet_Type.get()
            && len_self <= abstract_::PyObject_Size(other)
        {
            return call_method1(other, "intersection", view);
        }
        if is_view_set(other) && used(dict_of(other)) > len_self {
            std::mem::swap(&mut view, &mut other);
        }
        let result = PySet_New(ptr::null_mut());
        if result.is_null() {
            return ptr::null_mut();
        }
        let it = abstract_::PyObject_GetIter(other);
        if it.is_null() {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        let keys = type_of(view) == PyDictKeys_Type.get();
        let failed = loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                break !errors::PyErr_Occurred().is_null();
            }
            let rv = if keys {
                keys_contains(view, item)
            } else {
                items_contains(view, item)
            };
            let rv = if rv > 0 { PySet_Add(result, item) } else { rv };
            Py_DecRef(item);
            if rv < 0 {
                break true;
            }
        };
        Py_DecRef(it);
        if failed {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

/// `a ^ b`: for two items views CPython's `dictitems_xor` (the pairs of
/// `b` whose key is missing from `a` or maps to an unequal value, then
/// `a`'s pairs left over); else `set(a)` symmetric-differenced with `b`.
unsafe extern "C" fn views_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; references taken are released.
    unsafe {
        if type_of(a) == PyDictItems_Type.get() && type_of(b) == PyDictItems_Type.get() {
            return items_xor(dict_of(a), dict_of(b));
        }
        let result = to_set(a);
        if result.is_null() {
            return ptr::null_mut();
        }
        let r = call_method1(result, "symmetric_difference_update", b);
        if r.is_null() {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        Py_DecRef(r);
        result
    }
}

/// CPython's `dictitems_xor` on the dicts `d1` and `d2`.
///
/// # Safety
/// Both live dicts.
unsafe fn items_xor(d1: *mut PyObject, d2: *mut PyObject) -> *mut PyObject {
    // SAFETY: live dicts; every reference taken is released on each path.
    unsafe {
        let temp = PyDict_Copy(d1);
        if temp.is_null() {
            return ptr::null_mut();
        }
        let result = PySet_New(ptr::null_mut());
        if result.is_null() {
            Py_DecRef(temp);
            return ptr::null_mut();
        }
        let fail = |result, temp| {
            Py_DecRef(result);
            Py_DecRef(temp);
            ptr::null_mut()
        };
        let mut pos: Py_ssize_t = 0;
        let (mut key, mut val2, mut hash) = (ptr::null_mut(), ptr::null_mut(), 0);
        while _PyDict_Next(d2, &mut pos, &mut key, &mut val2, &mut hash) != 0 {
            Py_IncRef(key);
            Py_IncRef(val2);
            let val1 = _PyDict_GetItem_KnownHash(temp, key, hash);
            let to_delete = if val1.is_null() {
                if errors::PyErr_Occurred().is_null() {
                    0
                } else {
                    -1
                }
            } else {
                Py_IncRef(val1);
                PyObject_RichCompareBool(val1, val2, Py_EQ)
            };
            let status = match to_delete {
                r if r < 0 => -1,
                0 => {
                    let pair = tupleobject::tuple_from_slice(&[key, val2]);
                    if pair.is_null() {
                        -1
                    } else {
                        let r = PySet_Add(result, pair);
                        Py_DecRef(pair);
                        r
                    }
                }
                _ => del_known_hash(temp, key, hash),
            };
            Py_DecRef(key);
            Py_DecRef(val1);
            Py_DecRef(val2);
            if status < 0 {
                return fail(result, temp);
            }
        }
        let remaining = new_view(temp, DictView::Items);
        if remaining.is_null() || _PySet_Update(result, remaining) < 0 {
            Py_DecRef(remaining);
            return fail(result, temp);
        }
        Py_DecRef(remaining);
        Py_DecRef(temp);
        result
    }
}

/// `view.isdisjoint(other)`: no item in common (iterating the shorter
/// operand when the other is a set or a set-like view).
unsafe extern "C" fn views_isdisjoint(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live view and argument; references taken are released.
    unsafe {
        if op == other {
            return bool_from_bool(used(dict_of(op)) == 0);
        }
        let (mut container, mut iterated) = (op, other);
        if is_anyset(other) || is_view_set(other) {
            let len_self = used(dict_of(op));
            let len_other = abstract_::PyObject_Size(other);
            if len_other == -1 {
                return ptr::null_mut();
            }
            if len_other > len_self {
                std::mem::swap(&mut container, &mut iterated);
            }
        }
        let it = abstract_::PyObject_GetIter(iterated);
        if it.is_null() {
            return ptr::null_mut();
        }
        loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                break;
            }
            let contains = abstract_::PySequence_Contains(container, item);
            Py_DecRef(item);
            if contains != 0 {
                Py_DecRef(it);
                return if contains < 0 {
                    ptr::null_mut()
                } else {
                    bool_from_bool(false)
                };
            }
        }
        Py_DecRef(it);
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        bool_from_bool(true)
    }
}
