//! The Python-level methods of `list` (CPython's `list_methods` table and
//! the Argument Clinic code in `Objects/clinic/listobject.c.h`): the same
//! names, positional/keyword rules, results and messages. `sort` is
//! also `PyList_Sort`'s engine.

use std::ffi::c_int;
use std::mem::size_of;
use std::ptr;

use super::{
    ass_slice, clear, fields, get, insert, len, list_extend, list_from_items, list_subscript,
    resize,
};
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_FromSsize_t;
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_RichCompareBool, none, py_none};
use crate::objects::obmalloc::PyMem_Free;
use crate::python::clinic::{
    METHOD_END, arg, clamp_index, fastcall, fastcall_kw, index_bounds, int_arg, method, ssize_arg,
    static_parser, unpack,
};
use crate::python::errors;
use crate::python::getargs::_PyArg_CheckPositional;

// ==========================================================================
// Adding and removing items
// ==========================================================================

/// `list.append(object, /)`.
unsafe extern "C" fn list_append(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list (the method's self) and a live argument.
    if unsafe { super::append(op, item) } < 0 {
        return ptr::null_mut();
    }
    none()
}

/// `list.extend(iterable, /)`.
unsafe extern "C" fn list_extend_method(op: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    // SAFETY: as append.
    if unsafe { list_extend(op, it) } < 0 {
        return ptr::null_mut();
    }
    none()
}

/// `list.insert(index, object, /)`: the index is clamped as slices clamp.
unsafe extern "C" fn list_insert(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall: `args` holds `nargs` live objects.
    unsafe {
        if _PyArg_CheckPositional(c"insert".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(index) = ssize_arg(arg(args, 0)) else {
            return ptr::null_mut();
        };
        if insert(op, index, arg(args, 1)) < 0 {
            return ptr::null_mut();
        }
    }
    none()
}

/// `list.pop(index=-1, /)`: `IndexError("pop from empty list")` or
/// `IndexError("pop index out of range")`.
unsafe extern "C" fn list_pop(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live list.
    unsafe {
        if _PyArg_CheckPositional(c"pop".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let mut index: Py_ssize_t = -1;
        if nargs >= 1 {
            match ssize_arg(arg(args, 0)) {
                Some(i) => index = i,
                None => return ptr::null_mut(),
            }
        }
        // Converting the index may have run `__index__`: read the size now.
        let n = len(op);
        if n == 0 {
            return errors::fail_null(Exc::IndexError, "pop from empty list");
        }
        if index < 0 {
            index += n;
        }
        if !(0..n).contains(&index) {
            return errors::fail_null(Exc::IndexError, "pop index out of range");
        }
        let v = get(op, index);
        if index == n - 1 {
            // The list's reference moves to the caller.
            if resize(op, n - 1) < 0 {
                return ptr::null_mut();
            }
            return v;
        }
        Py_IncRef(v);
        if ass_slice(op, index, index + 1, ptr::null_mut()) < 0 {
            Py_DecRef(v);
            return ptr::null_mut();
        }
        v
    }
}

/// `list.remove(value, /)`: the first item equal to `value` (compared as
/// `item == value`); `ValueError("list.remove(x): x not in list")`.
unsafe extern "C" fn list_remove(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list; every item is held while it is compared, and
    // the size is re-read after each comparison (which may change it).
    unsafe {
        let mut i = 0;
        while i < len(op) {
            let item = get(op, i);
            Py_IncRef(item);
            let cmp = PyObject_RichCompareBool(item, value, Py_EQ);
            Py_DecRef(item);
            if cmp > 0 {
                if ass_slice(op, i, i + 1, ptr::null_mut()) < 0 {
                    return ptr::null_mut();
                }
                return none();
            }
            if cmp < 0 {
                return ptr::null_mut();
            }
            i += 1;
        }
    }
    errors::fail_null(Exc::ValueError, "list.remove(x): x not in list")
}

/// `list.clear()`.
unsafe extern "C" fn list_clear_method(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list.
    unsafe { clear(op) };
    none()
}

// ==========================================================================
// Searching and counting
// ==========================================================================

/// `list.index(value, start=0, stop=sys.maxsize, /)`: `ValueError("<repr>
/// is not in list")`.
unsafe extern "C" fn list_index(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live list; items held while compared, the
    // size re-read after every comparison.
    unsafe {
        if _PyArg_CheckPositional(c"index".as_ptr(), nargs, 1, 3) == 0 {
            return ptr::null_mut();
        }
        let value = arg(args, 0);
        let Some((start, stop)) = index_bounds(args, nargs) else {
            return ptr::null_mut();
        };
        let n = len(op);
        let (start, stop) = (clamp_index(start, n), clamp_index(stop, n));
        let mut i = start;
        while i < stop && i < len(op) {
            let item = get(op, i);
            Py_IncRef(item);
            let cmp = PyObject_RichCompareBool(item, value, Py_EQ);
            Py_DecRef(item);
            if cmp > 0 {
                return PyLong_FromSsize_t(i);
            }
            if cmp < 0 {
                return ptr::null_mut();
            }
            i += 1;
        }
        match crate::objects::r#abstract::repr_string(value) {
            Some(r) => errors::fail_null(Exc::ValueError, format!("{r} is not in list")),
            None => ptr::null_mut(),
        }
    }
}

/// `list.count(value, /)`: items identical to or equal to `value`.
unsafe extern "C" fn list_count(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    let mut count: Py_ssize_t = 0;
    // SAFETY: as index().
    unsafe {
        let mut i = 0;
        while i < len(op) {
            let item = get(op, i);
            i += 1;
            if item == value {
                count += 1;
                continue;
            }
            Py_IncRef(item);
            let cmp = PyObject_RichCompareBool(item, value, Py_EQ);
            Py_DecRef(item);
            if cmp > 0 {
                count += 1;
            } else if cmp < 0 {
                return ptr::null_mut();
            }
        }
    }
    PyLong_FromSsize_t(count)
}

// ==========================================================================
// Whole-list operations
// ==========================================================================

/// `list.copy()`: a shallow copy (a plain list, also for subclasses).
unsafe extern "C" fn list_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list's items.
    unsafe { list_from_items((*fields(op)).ob_item, len(op)) }
}

/// `list.reverse()`.
unsafe extern "C" fn list_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list.
    if unsafe { super::PyList_Reverse(op) } < 0 {
        return ptr::null_mut();
    }
    none()
}

/// `list.__getitem__` (`METH_COEXIST`, the subscript).
unsafe extern "C" fn list_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list and key.
    unsafe { list_subscript(op, key) }
}

/// `list.__sizeof__()`: the object (its type's basic size) and its
/// allocated item array.
unsafe extern "C" fn list_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list and its live type.
    let (basic, allocated) = unsafe {
        (
            (*crate::objects::object::type_of(op)).tp_basicsize,
            (*fields(op)).allocated.max(0),
        )
    };
    let size = basic + allocated * size_of::<*mut PyObject>() as Py_ssize_t;
    PyLong_FromSsize_t(size)
}

// ==========================================================================
// reversed()
// ==========================================================================

/// A `list_reverseiterator`: the list (NULL once exhausted) and the next
/// index, counting down.
#[repr(C)]
struct ListRevIter {
    ob_base: PyObject,
    index: Py_ssize_t,
    seq: *mut PyObject,
}

/// `PyListRevIter_Type`: `list_reverseiterator`, what
/// `list.__reversed__()` returns.
#[unsafe(no_mangle)]
pub static PyListRevIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = crate::objects::typeobject::static_type(
        c"list_reverseiterator",
        size_of::<ListRevIter>(),
        0,
        rev_iter_dealloc,
    );
    ty.tp_iter = Some(crate::objects::r#abstract::self_iter);
    ty.tp_iternext = Some(rev_iter_next);
    ty.tp_methods = REV_ITER_METHODS.get().cast();
    ty
});

static REV_ITER_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: Some(rev_iter_length_hint),
        ml_flags: METH_NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(rev_iter_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return state information for pickling.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__setstate__".as_ptr(),
        ml_meth: Some(rev_iter_setstate),
        ml_flags: METH_O,
        ml_doc: c"Set state information for unpickling.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// `__length_hint__()`: `index + 1` items left, or 0 once exhausted or
/// when the list shrank below that.
unsafe extern "C" fn rev_iter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let r = op as *mut ListRevIter;
    // SAFETY: a live ListRevIter; its list is live while held.
    let left = unsafe {
        let left = (*r).index + 1;
        if (*r).seq.is_null() || len((*r).seq) < left {
            0
        } else {
            left
        }
    };
    PyLong_FromSsize_t(left)
}

/// `__reduce__()`: `(reversed, (list,), index)`, or `(iter, ([],))` once
/// exhausted.
unsafe extern "C" fn rev_iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::iterobject::reduce_to;
    use crate::objects::object::Owned;
    let r = op as *mut ListRevIter;
    // SAFETY: a live ListRevIter; its list is live while held.
    unsafe {
        let seq = (*r).seq;
        if seq.is_null() {
            let Some(empty) = Owned::new(super::PyList_New(0)) else {
                return ptr::null_mut();
            };
            return reduce_to(c"iter", empty, None);
        }
        let Some(index) = Owned::new(PyLong_FromSsize_t((*r).index)) else {
            return ptr::null_mut();
        };
        reduce_to(c"reversed", Owned::borrowed(seq), Some(index))
    }
}

/// `__setstate__(index)`: the index clamped to `-1..len(list)`; ignored
/// once exhausted.
unsafe extern "C" fn rev_iter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let r = op as *mut ListRevIter;
    // SAFETY: a live ListRevIter and state; its list is live while held.
    unsafe {
        let index = crate::objects::longobject::PyLong_AsSsize_t(state);
        if index == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        if !(*r).seq.is_null() {
            (*r).index = index.clamp(-1, len((*r).seq) - 1);
        }
    }
    none()
}

/// `list.__reversed__()`.
unsafe extern "C" fn list_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = crate::objects::object::alloc(PyListRevIter_Type.get(), size_of::<ListRevIter>());
    if !it.is_null() {
        // SAFETY: a fresh ListRevIter; the list is live.
        unsafe {
            Py_IncRef(op);
            let r = it as *mut ListRevIter;
            (*r).seq = op;
            (*r).index = len(op) - 1;
        }
    }
    it
}

/// The item at the index, counting down; the end (and the list released)
/// once the index leaves the list, which may have shrunk meanwhile.
unsafe extern "C" fn rev_iter_next(op: *mut PyObject) -> *mut PyObject {
    let r = op as *mut ListRevIter;
    // SAFETY: a live ListRevIter; its list (if any) is live while held,
    // and the index is checked against its current size.
    unsafe {
        let seq = (*r).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        let index = (*r).index;
        if index >= 0 && index < len(seq) {
            let item = get(seq, index);
            (*r).index -= 1;
            Py_IncRef(item);
            return item;
        }
        (*r).index = -1;
        (*r).seq = ptr::null_mut();
        Py_DecRef(seq);
    }
    ptr::null_mut()
}

unsafe extern "C" fn rev_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced ListRevIter.
    unsafe {
        Py_DecRef((*(op as *mut ListRevIter)).seq);
        crate::objects::obmalloc::PyObject_Free(op.cast());
    }
}

// ==========================================================================
// Sorting
// ==========================================================================

static_parser!(SORT_KW = [c"key", c"reverse"]; SORT_PARSER = c"sort");

/// `list.sort(*, key=None, reverse=False)`.
unsafe extern "C" fn list_sort_method(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live list.
    unsafe {
        let Some([key, reverse]) = unpack::<2>(&SORT_PARSER, args, nargs, kwnames, 0, 0) else {
            return ptr::null_mut();
        };
        let key = if key == py_none() {
            ptr::null_mut()
        } else {
            key
        };
        let reverse = if reverse.is_null() {
            false
        } else {
            match int_arg(reverse) {
                Some(r) => r != 0,
                None => return ptr::null_mut(),
            }
        };
        if sort(op, key, reverse) < 0 {
            return ptr::null_mut();
        }
    }
    none()
}

/// CPython's `list_sort_impl`: sorts the list in place, stably, by `<` on
/// `keyfunc(item)` (or the items themselves), descending when `reverse`
/// (which keeps equal items in their order, as CPython's reverse-sort-
/// reverse does). While it sorts the list is empty (`allocated == -1`
/// marks it); whatever code puts in it meanwhile is dropped, and then
/// `ValueError("list modified during sort")` is raised.
///
/// * A key function that raises leaves the list as it was.
/// * A comparison that raises leaves the items in some order (merges stop
///   comparing, so it stays a permutation); the error is returned. The
///   order of comparisons is a merge sort's, not timsort's.
///
/// # Safety
/// `op` must be a live list; `keyfunc` NULL or a live callable.
pub(super) unsafe fn sort(op: *mut PyObject, keyfunc: *mut PyObject, reverse: bool) -> c_int {
    let l = fields(op);
    // SAFETY: a live list; its array is detached (and owned here) while
    // the items are sorted outside it, and reattached on every path.
    unsafe {
        let items = (*l).ob_item;
        let n = (*l).ob_base.ob_size;
        let allocated = (*l).allocated;
        (*l).ob_item = ptr::null_mut();
        (*l).ob_base.ob_size = 0;
        (*l).allocated = -1;
        let values: Vec<*mut PyObject> = (0..n as usize).map(|i| *items.add(i)).collect();

        let mut status = 0;
        let mut keys: Vec<*mut PyObject> = Vec::new();
        if !keyfunc.is_null() {
            keys.reserve(values.len());
            for &v in &values {
                let k = crate::objects::call::PyObject_CallOneArg(keyfunc, v);
                if k.is_null() {
                    status = -1;
                    break;
                }
                keys.push(k);
            }
        }
        let keyfunc_failed = status < 0;
        let mut pairs: Vec<(*mut PyObject, *mut PyObject)> = if keyfunc.is_null() {
            values.iter().map(|&v| (v, v)).collect()
        } else if keyfunc_failed {
            Vec::new()
        } else {
            keys.iter().copied().zip(values.iter().copied()).collect()
        };
        if !keyfunc_failed {
            if reverse {
                pairs.reverse();
            }
            if !merge_sort(&mut pairs) {
                status = -1;
            }
            if reverse {
                pairs.reverse();
            }
            for (i, &(_, v)) in pairs.iter().enumerate() {
                *items.add(i) = v;
            }
        }
        for k in keys.into_iter().rev() {
            Py_DecRef(k);
        }
        if !keyfunc_failed && status == 0 && (*l).allocated != -1 {
            errors::raise(Exc::ValueError, "list modified during sort");
            status = -1;
        }
        // Whatever code put in the list meanwhile is dropped.
        let stray_items = (*l).ob_item;
        let stray_n = (*l).ob_base.ob_size;
        (*l).ob_item = items;
        (*l).ob_base.ob_size = n;
        (*l).allocated = allocated;
        if !stray_items.is_null() {
            for i in (0..stray_n as usize).rev() {
                Py_DecRef(*stray_items.add(i));
            }
            PyMem_Free(stray_items.cast());
        }
        status
    }
}

/// Stable bottom-up merge sort of (key, value) pairs by `<` on the keys.
/// On the first failing comparison the error stays set, the remaining
/// merges run without comparing (so the pairs stay a permutation), and
/// false is returned.
fn merge_sort(v: &mut [(*mut PyObject, *mut PyObject)]) -> bool {
    let mut failed = false;
    let mut less = |a: *mut PyObject, b: *mut PyObject| -> bool {
        if failed {
            return false;
        }
        // SAFETY: both are live keys (or items) held for the sort.
        match unsafe { PyObject_RichCompareBool(a, b, Py_LT) } {
            r if r < 0 => {
                failed = true;
                false
            }
            r => r > 0,
        }
    };
    let n = v.len();
    let mut buf = v.to_vec();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right only when strictly less: stability.
                if less(v[j].0, v[i].0) {
                    buf[k] = v[j];
                    j += 1;
                } else {
                    buf[k] = v[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&v[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&v[j..end]);
            start = end;
        }
        v.copy_from_slice(&buf);
        width *= 2;
    }
    !failed
}

// ==========================================================================
// The method table
// ==========================================================================

pub(super) static LIST_METHODS: StaticObject<[PyMethodDef; 16]> = StaticObject::new([
    method(c"__getitem__", list_getitem, METH_O | METH_COEXIST),
    method(c"__reversed__", list_reversed, METH_NOARGS),
    method(c"__sizeof__", list_sizeof, METH_NOARGS),
    method(c"clear", list_clear_method, METH_NOARGS),
    method(c"copy", list_copy, METH_NOARGS),
    method(c"append", list_append, METH_O),
    fastcall(c"insert", list_insert),
    method(c"extend", list_extend_method, METH_O),
    fastcall(c"pop", list_pop),
    method(c"remove", list_remove, METH_O),
    fastcall(c"index", list_index),
    method(c"count", list_count, METH_O),
    method(c"reverse", list_reverse, METH_NOARGS),
    fastcall_kw(c"sort", list_sort_method, 0),
    method(
        c"__class_getitem__",
        crate::objects::genericaliasobject::Py_GenericAlias,
        METH_O | METH_CLASS,
    ),
    METHOD_END,
]);
