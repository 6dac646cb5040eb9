//! `list` (CPython's `Objects/listobject.c`), with CPython's layout: a
//! separately allocated item array (`ob_item`, from `PyMem_Malloc`) with
//! room for `allocated` items, of which `ob_size` are in use, so the
//! `PyList_GET_ITEM` / `PyList_SET_ITEM` / `PyList_GET_SIZE` macros are
//! memory accesses in C.
//!
//! * Growth follows CPython's over-allocation (0, 4, 8, 16, 24, 32, 40,
//!   52, …), so `allocated` evolves as it does there.
//! * Releasing items can run arbitrary destructors, which may touch the
//!   list again: every operation first brings the list into its final
//!   shape and only then drops the references it removed.
//! * `PyList_Sort` is a stable merge sort by `<`; the list is empty while
//!   it sorts, and a comparison that changes it raises `ValueError("list
//!   modified during sort")`, as in CPython.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, type_name_200};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::iterobject::{index_iter_new, index_iter_next, index_iter_type};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_RichCompare, PyObject_RichCompareBool, none, not_implemented,
    type_of,
};
use crate::objects::obmalloc::{PyMem_Free, PyMem_Realloc, PyObject_Free};
use crate::objects::sliceobject::{FittedSlice, SliceParts};
use crate::objects::tupleobject::{self, tuple_from_slice};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

mod methods;
pub(crate) use methods::PyListRevIter_Type;

// ==========================================================================
// The type
// ==========================================================================

static LIST_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(list_length),
    sq_concat: Some(list_concat),
    sq_repeat: Some(list_repeat),
    sq_item: Some(list_item),
    sq_ass_item: Some(list_ass_item),
    sq_contains: Some(list_contains),
    sq_inplace_concat: Some(list_inplace_concat),
    sq_inplace_repeat: Some(list_inplace_repeat),
    ..PySequenceMethods::empty()
};

static LIST_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(list_length),
    mp_subscript: Some(list_subscript),
    mp_ass_subscript: Some(list_ass_subscript),
};

/// `PyList_Type`: `list`.
#[unsafe(no_mangle)]
pub static PyList_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"list",
        size_of::<PyListObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_LIST_SUBCLASS | Py_TPFLAGS_SEQUENCE,
        list_dealloc,
    );
    ty.tp_repr = Some(list_repr);
    ty.tp_hash = Some(crate::objects::object::PyObject_HashNotImplemented);
    ty.tp_richcompare = Some(list_richcompare);
    ty.tp_iter = Some(list_iter);
    ty.tp_as_sequence = &raw const LIST_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const LIST_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_new = Some(list_new);
    ty.tp_init = Some(list_init);
    ty.tp_methods = methods::LIST_METHODS.get().cast();
    ty
});

/// `tp_new` (CPython's `PyType_GenericNew` for lists): an empty list of
/// type `ty` (`list` or a subtype) from the type's allocator, which zeroes
/// it: no item array, `ob_size` and `allocated` 0.
unsafe extern "C" fn list_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `list` or a subtype, whose instances start with a
    // PyListObject.
    unsafe {
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        alloc(ty, 0)
    }
}

/// `list.__init__(iterable=(), /)`: empties the list, then extends it with
/// the iterable (room for exactly its length first when it has one).
/// `TypeError("list() takes no keyword arguments")` (for `list` and
/// subtypes that keep its `tp_new`), `TypeError("list expected at most 1
/// argument, got N")`, or the iteration's error.
unsafe extern "C" fn list_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a live list; `args` a tuple and `kwds` NULL or a dict.
    unsafe {
        let ty = type_of(op);
        let own_new = ty == PyList_Type.get()
            || (*ty).tp_new.map(|f| f as usize) == Some(list_new as *const () as usize);
        if own_new && crate::python::getargs::_PyArg_NoKeywords(c"list".as_ptr(), kwds) == 0 {
            return -1;
        }
        let n = tupleobject::size(args);
        if crate::python::getargs::_PyArg_CheckPositional(c"list".as_ptr(), n, 0, 1) == 0 {
            return -1;
        }
        if !(*fields(op)).ob_item.is_null() {
            clear(op);
        }
        if n == 0 {
            return 0;
        }
        let iterable = tupleobject::get(args, 0);
        if abstract_::has_len(iterable) {
            let want = abstract_::PyObject_Size(iterable);
            if want == -1 {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                    return -1;
                }
                errors::PyErr_Clear();
            }
            if want > 0 && (*fields(op)).ob_item.is_null() && preallocate_exact(op, want) < 0 {
                return -1;
            }
        }
        list_extend(op, iterable)
    }
}

/// CPython's `list_preallocate_exact`: room for exactly `size` items in an
/// empty list without an array. -1 with `MemoryError`.
///
/// # Safety
/// `op` must be a live, empty list whose `ob_item` is NULL.
unsafe fn preallocate_exact(op: *mut PyObject, size: Py_ssize_t) -> c_int {
    let bytes = (size as usize).checked_mul(size_of::<*mut PyObject>());
    let items = match bytes.filter(|&b| b <= isize::MAX as usize) {
        Some(b) => crate::objects::obmalloc::PyMem_Malloc(b),
        None => ptr::null_mut(),
    };
    if items.is_null() {
        errors::PyErr_NoMemory();
        return -1;
    }
    // SAFETY: an empty list per the contract; the array is its own.
    unsafe {
        (*fields(op)).ob_item = items.cast();
        (*fields(op)).allocated = size;
    }
    0
}

/// True when `op` is a list or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_list(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { abstract_::has_flag(type_of(op), Py_TPFLAGS_LIST_SUBCLASS) }
}

/// The list's fields.
fn fields(op: *mut PyObject) -> *mut PyListObject {
    op as *mut PyListObject
}

/// The item array and number of items of a list.
///
/// # Safety
/// `op` must be a live list.
pub(crate) unsafe fn items_and_len(op: *mut PyObject) -> (*mut *mut PyObject, Py_ssize_t) {
    // SAFETY: a live list.
    unsafe { ((*fields(op)).ob_item, (*fields(op)).ob_base.ob_size) }
}

/// The number of items of a list.
///
/// # Safety
/// `op` must be a live list.
unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live list.
    unsafe { (*fields(op)).ob_base.ob_size }
}

/// Item `i` (borrowed).
///
/// # Safety
/// `op` must be a live list and `i` in `0..len`.
unsafe fn get(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: in bounds per the contract.
    unsafe { *(*fields(op)).ob_item.add(i as usize) }
}

/// CPython's `list_resize`: makes room for `newsize` items (over-allocating
/// on growth) and sets `ob_size`; new slots are uninitialised. -1 with
/// `MemoryError`.
///
/// # Safety
/// `op` must be a live list.
unsafe fn resize(op: *mut PyObject, newsize: Py_ssize_t) -> c_int {
    let l = fields(op);
    // SAFETY: a live list.
    unsafe {
        let allocated = (*l).allocated;
        if allocated >= newsize && newsize >= (allocated >> 1) {
            (*l).ob_base.ob_size = newsize;
            return 0;
        }
        let mut new_allocated = ((newsize as usize) + ((newsize as usize) >> 3) + 6) & !3;
        if newsize - (*l).ob_base.ob_size > (new_allocated as Py_ssize_t) - newsize {
            new_allocated = ((newsize as usize) + 3) & !3;
        }
        if newsize == 0 {
            new_allocated = 0;
        }
        let items = if new_allocated <= (isize::MAX as usize) / size_of::<*mut PyObject>() {
            PyMem_Realloc(
                (*l).ob_item.cast(),
                new_allocated * size_of::<*mut PyObject>(),
            )
        } else {
            ptr::null_mut()
        };
        if items.is_null() && new_allocated != 0 {
            errors::PyErr_NoMemory();
            return -1;
        }
        (*l).ob_item = items.cast();
        (*l).ob_base.ob_size = newsize;
        (*l).allocated = new_allocated as Py_ssize_t;
    }
    0
}

/// Allocates an empty list with room for exactly `n` items, `ob_size` set
/// to `n`, items NULL.
fn alloc_list(n: Py_ssize_t) -> *mut PyObject {
    let op = crate::objects::object::alloc(PyList_Type.get(), size_of::<PyListObject>());
    if op.is_null() {
        return op;
    }
    let l = fields(op);
    // SAFETY: a fresh PyListObject.
    unsafe {
        (*l).ob_base.ob_size = 0;
        (*l).ob_item = ptr::null_mut();
        (*l).allocated = 0;
    }
    if n > 0 {
        let bytes = (n as usize).checked_mul(size_of::<*mut PyObject>());
        let items = match bytes.filter(|&b| b <= isize::MAX as usize) {
            Some(b) => crate::objects::obmalloc::PyMem_Calloc(1, b),
            None => ptr::null_mut(),
        };
        if items.is_null() {
            // SAFETY: our new, empty list.
            unsafe { Py_DecRef(op) };
            return errors::PyErr_NoMemory();
        }
        // SAFETY: as above.
        unsafe {
            (*l).ob_item = items.cast();
            (*l).allocated = n;
            (*l).ob_base.ob_size = n;
        }
    }
    op
}

/// A new list that takes over the references in `objs`; NULL with
/// `MemoryError` (the references are then dropped).
///
/// # Safety
/// Every element must be an owned reference to a live object.
pub unsafe fn list_from_owned(objs: Vec<*mut PyObject>) -> *mut PyObject {
    let op = alloc_list(objs.len() as Py_ssize_t);
    for (i, o) in objs.into_iter().enumerate() {
        if op.is_null() {
            // SAFETY: an owned reference per the contract.
            unsafe { Py_DecRef(o) };
        } else {
            // SAFETY: `i` is within the new list; the reference moves in.
            unsafe { *(*fields(op)).ob_item.add(i) = o };
        }
    }
    op
}

/// A new list of new references to the `n` items at `src`.
///
/// # Safety
/// `src` must be readable for `n` live item pointers.
unsafe fn list_from_items(src: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    let op = alloc_list(n);
    if !op.is_null() {
        for i in 0..n as usize {
            // SAFETY: readable per the contract; within the new list.
            unsafe {
                let o = *src.add(i);
                Py_IncRef(o);
                *(*fields(op)).ob_item.add(i) = o;
            }
        }
    }
    op
}

/// Empties the list, then releases its items (CPython's `_list_clear`).
///
/// # Safety
/// `op` must be a live list.
unsafe fn clear(op: *mut PyObject) {
    let l = fields(op);
    // SAFETY: a live list; the array is detached before items are dropped.
    unsafe {
        let items = (*l).ob_item;
        let n = (*l).ob_base.ob_size;
        // Without an array there is nothing to do; `allocated` stays (-1
        // marks a list being sorted, as in CPython's `_list_clear`).
        if items.is_null() {
            return;
        }
        (*l).ob_item = ptr::null_mut();
        (*l).ob_base.ob_size = 0;
        (*l).allocated = 0;
        for i in (0..n).rev() {
            Py_DecRef(*items.add(i as usize));
        }
        PyMem_Free(items.cast());
    }
}

unsafe extern "C" fn list_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced list.
    unsafe {
        clear(op);
        PyObject_Free(op.cast());
    }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PyList_New(size)`: a new list of `size` NULL items for the caller to
/// fill with `PyList_SET_ITEM`.
///
/// Fails (NULL) with `SystemError` for a negative size, or `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyList_New(size: Py_ssize_t) -> *mut PyObject {
    if size < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    alloc_list(size)
}

/// `PyList_Size(op)`: the number of items.
///
/// Fails (-1) with `SystemError` when `op` is not a list.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_Size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a list.
    unsafe { len(op) }
}

/// `PyList_GetItem(op, i)`: item `i` (borrowed).
///
/// Fails (NULL) with `SystemError` when `op` is not a list, or
/// `IndexError("list index out of range")` for `i` outside `0..len`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a list.
    if i < 0 || i >= unsafe { len(op) } {
        return errors::fail_null(Exc::IndexError, "list index out of range");
    }
    // SAFETY: in bounds.
    unsafe { get(op, i) }
}

/// `PyList_SetItem(op, i, item)`: stores `item` (stealing the reference) at
/// `i`, releasing the item it replaces.
///
/// Fails (-1, and `item` is released) with `SystemError` when `op` is not a
/// list, or `IndexError("list assignment index out of range")`.
///
/// # Safety
/// `op` must be NULL or a live object; `item` NULL or an owned reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_SetItem(
    op: *mut PyObject,
    i: Py_ssize_t,
    item: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        // SAFETY: the reference this function consumes.
        unsafe { Py_DecRef(item) };
        return errors::bad_internal_call();
    }
    // SAFETY: a list.
    if i < 0 || i >= unsafe { len(op) } {
        // SAFETY: as above.
        unsafe { Py_DecRef(item) };
        return errors::fail(Exc::IndexError, "list assignment index out of range");
    }
    // SAFETY: in bounds; the old item is released after the store.
    unsafe {
        let slot = (*fields(op)).ob_item.add(i as usize);
        let old = *slot;
        *slot = item;
        Py_DecRef(old);
    }
    0
}

/// `PyList_Insert(op, where, item)`: inserts `item` (a new reference is
/// taken) before index `where`, clamped to the list as `list.insert` does.
///
/// Fails (-1) with `SystemError` when `op` is not a list or `item` is NULL,
/// `OverflowError("cannot add more objects to list")`, or `MemoryError`.
///
/// # Safety
/// `op` and `item` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_Insert(
    op: *mut PyObject,
    where_: Py_ssize_t,
    item: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || item.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a list and a live item.
    unsafe { insert(op, where_, item) }
}

/// Inserts a new reference to `item` at `where_` (CPython's `ins1`).
///
/// # Safety
/// `op` must be a live list and `item` a live object.
unsafe fn insert(op: *mut PyObject, where_: Py_ssize_t, item: *mut PyObject) -> c_int {
    // SAFETY: a live list.
    let n = unsafe { len(op) };
    if n == Py_ssize_t::MAX {
        return errors::fail(Exc::OverflowError, "cannot add more objects to list");
    }
    // SAFETY: a live list.
    if unsafe { resize(op, n + 1) } < 0 {
        return -1;
    }
    let at = if where_ < 0 {
        (where_ + n).max(0)
    } else {
        where_.min(n)
    };
    // SAFETY: the array now has room for n + 1 items.
    unsafe {
        let items = (*fields(op)).ob_item;
        ptr::copy(
            items.add(at as usize),
            items.add(at as usize + 1),
            (n - at) as usize,
        );
        Py_IncRef(item);
        *items.add(at as usize) = item;
    }
    0
}

/// `PyList_Append(op, item)`: appends `item` (a new reference is taken).
///
/// Fails (-1) with `SystemError` when `op` is not a list or `item` is NULL,
/// or `MemoryError`.
///
/// # Safety
/// `op` and `item` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_Append(op: *mut PyObject, item: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || item.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a list and a live item.
    unsafe { append(op, item) }
}

/// Appends a new reference to `item`.
///
/// # Safety
/// `op` must be a live list and `item` a live object.
pub(crate) unsafe fn append(op: *mut PyObject, item: *mut PyObject) -> c_int {
    // SAFETY: a live list.
    let n = unsafe { len(op) };
    // SAFETY: a live list.
    if unsafe { resize(op, n + 1) } < 0 {
        return -1;
    }
    // SAFETY: room for n + 1 items.
    unsafe {
        Py_IncRef(item);
        *(*fields(op)).ob_item.add(n as usize) = item;
    }
    0
}

/// `PyList_GetSlice(op, low, high)`: a new list of items `low..high`,
/// clamped as Python slices clamp.
///
/// Fails (NULL) with `SystemError` when `op` is not a list, or
/// `MemoryError`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_GetSlice(
    op: *mut PyObject,
    low: Py_ssize_t,
    high: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a list.
    let n = unsafe { len(op) };
    let low = low.clamp(0, n);
    let high = high.clamp(low, n);
    // SAFETY: `low..high` is within the list.
    unsafe { list_from_items((*fields(op)).ob_item.add(low as usize), high - low) }
}

/// `PyList_SetSlice(op, low, high, items)`: replaces items `low..high`
/// (clamped) with the items of the iterable `items`, or deletes them when
/// `items` is NULL.
///
/// Fails (-1) with `SystemError` when `op` is not a list,
/// `TypeError("can only assign an iterable")`, or `MemoryError`.
///
/// # Safety
/// `op` and `items` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_SetSlice(
    op: *mut PyObject,
    low: Py_ssize_t,
    high: Py_ssize_t,
    items: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a list; `items` NULL or live.
    unsafe { ass_slice(op, low, high, items) }
}

/// CPython's `list_ass_slice`.
///
/// # Safety
/// `op` must be a live list; `v` NULL or a live object.
unsafe fn ass_slice(
    op: *mut PyObject,
    low: Py_ssize_t,
    high: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    if v == op {
        // a[i:j] = a: copy first.
        // SAFETY: a live list.
        let copy = unsafe { list_from_items((*fields(op)).ob_item, len(op)) };
        if copy.is_null() {
            return -1;
        }
        // SAFETY: live; our reference is dropped after.
        unsafe {
            let r = ass_slice(op, low, high, copy);
            Py_DecRef(copy);
            return r;
        }
    }
    let (fast, src, n) = if v.is_null() {
        (ptr::null_mut(), ptr::null_mut(), 0)
    } else {
        // SAFETY: live.
        let fast =
            unsafe { abstract_::PySequence_Fast(v, c"can only assign an iterable".as_ptr()) };
        if fast.is_null() {
            return -1;
        }
        // SAFETY: a list or tuple, unchanged while we copy from it.
        let (src, n) = unsafe { abstract_::fast_items(fast) };
        (fast, src, n)
    };
    // SAFETY: a live list; the removed items are collected and released
    // only once the list is in its final shape.
    let status = unsafe {
        let size = len(op);
        let low = low.clamp(0, size);
        let high = high.clamp(low, size);
        let norig = high - low;
        let d = n - norig;
        let items = (*fields(op)).ob_item;
        let recycle: Vec<*mut PyObject> = (low..high).map(|i| *items.add(i as usize)).collect();
        let mut status = 0;
        if size + d == 0 {
            // CPython's `_list_clear`: a list without an array (one being
            // sorted) keeps its `allocated`.
            if (*fields(op)).ob_item.is_null() {
                for o in recycle.into_iter().rev() {
                    Py_DecRef(o);
                }
                Py_DecRef(fast);
                return 0;
            }
            let old = (*fields(op)).ob_item;
            (*fields(op)).ob_item = ptr::null_mut();
            (*fields(op)).ob_base.ob_size = 0;
            (*fields(op)).allocated = 0;
            PyMem_Free(old.cast());
        } else if d < 0 {
            let tail = (size - high) as usize;
            ptr::copy(
                items.add(high as usize),
                items.add((high + d) as usize),
                tail,
            );
            if resize(op, size + d) < 0 {
                ptr::copy(
                    items.add((high + d) as usize),
                    items.add(high as usize),
                    tail,
                );
                status = -1;
            }
        } else if d > 0 {
            if resize(op, size + d) < 0 {
                status = -1;
            } else {
                let items = (*fields(op)).ob_item;
                ptr::copy(
                    items.add(high as usize),
                    items.add((high + d) as usize),
                    (size - high) as usize,
                );
            }
        }
        if status == 0 {
            let items = (*fields(op)).ob_item;
            for k in 0..n as usize {
                let w = *src.add(k);
                Py_IncRef(w);
                *items.add(low as usize + k) = w;
            }
            for o in recycle.into_iter().rev() {
                Py_DecRef(o);
            }
        }
        status
    };
    // SAFETY: our reference (or NULL).
    unsafe { Py_DecRef(fast) };
    status
}

/// `PyList_Sort(op)`: sorts the list in place by `<`, stably.
///
/// Fails (-1) with `SystemError` when `op` is not a list, a comparison's
/// error (the list then holds its items in some order), or
/// `ValueError("list modified during sort")`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_Sort(op: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a live list; no key function.
    unsafe { methods::sort(op, ptr::null_mut(), false) }
}

/// `PyList_Reverse(op)`: reverses the list in place.
///
/// Fails (-1) with `SystemError` when `op` is not a list.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_Reverse(op: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a live list; swapping items runs no C code.
    unsafe {
        let (items, n) = items_and_len(op);
        let (mut lo, mut hi) = (0usize, n as usize);
        while lo + 1 < hi {
            hi -= 1;
            ptr::swap(items.add(lo), items.add(hi));
            lo += 1;
        }
    }
    0
}

/// `PyList_AsTuple(op)`: a new tuple of the list's items.
///
/// Fails (NULL) with `SystemError` when `op` is not a list, or
/// `MemoryError`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyList_AsTuple(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_list(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: the list's live items.
    unsafe {
        let (items, n) = items_and_len(op);
        if n == 0 {
            return tupleobject::empty_tuple();
        }
        tuple_from_slice(std::slice::from_raw_parts(items, n as usize))
    }
}

/// `list.extend(iterable)`: appends every item of `iterable`. -1 with
/// `TypeError("'T' object is not iterable")` or the iteration's error.
///
/// # Safety
/// `op` must be a live list and `iterable` a live object.
pub(crate) unsafe fn list_extend(op: *mut PyObject, iterable: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        let ty = type_of(iterable);
        if ty == PyList_Type.get() || ty == tupleobject::PyTuple_Type.get() || iterable == op {
            let fast = abstract_::PySequence_Fast(iterable, c"argument must be iterable".as_ptr());
            if fast.is_null() {
                return -1;
            }
            let (_, n) = abstract_::fast_items(fast);
            let m = len(op);
            if n > 0 && resize(op, m + n) < 0 {
                Py_DecRef(fast);
                return -1;
            }
            // Re-read: when `fast` is the list itself the array moved.
            let (src, _) = abstract_::fast_items(fast);
            let dest = (*fields(op)).ob_item;
            for i in 0..n as usize {
                let o = *src.add(i);
                Py_IncRef(o);
                *dest.add(m as usize + i) = o;
            }
            Py_DecRef(fast);
            return 0;
        }
        let it = abstract_::PyObject_GetIter(iterable);
        if it.is_null() {
            return -1;
        }
        let status = loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                break if errors::PyErr_Occurred().is_null() {
                    0
                } else {
                    -1
                };
            }
            let r = append(op, item);
            Py_DecRef(item);
            if r < 0 {
                break -1;
            }
        };
        Py_DecRef(it);
        status
    }
}

/// `_PyList_Extend(op, iterable)`: `list.extend`, returning `None` (a new
/// reference) or NULL with the error.
///
/// # Safety
/// `op` must be a live list and `iterable` a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyList_Extend(
    op: *mut PyObject,
    iterable: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || iterable.is_null() || !unsafe { is_list(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a list and a live iterable.
    if unsafe { list_extend(op, iterable) } < 0 {
        return ptr::null_mut();
    }
    none()
}

// ==========================================================================
// Slots
// ==========================================================================

/// `repr(list)`: `[]`, `[1, 'a']`; `[...]` for a list reached again while
/// printing itself.
unsafe extern "C" fn list_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live list.
    if unsafe { len(op) } == 0 {
        return unicode_from_str("[]");
    }
    if !abstract_::repr_enter(op) {
        return unicode_from_str("[...]");
    }
    let mut out = String::from("[");
    let mut ok = true;
    let mut i = 0;
    // The list may change while items print: re-check the length each time.
    // SAFETY: a live list; each item is referenced while it prints.
    while i < unsafe { len(op) } {
        if i > 0 {
            out.push_str(", ");
        }
        // SAFETY: in bounds; the item is referenced across its repr.
        let s = unsafe {
            let item = get(op, i);
            Py_IncRef(item);
            let s = abstract_::repr_string(item);
            Py_DecRef(item);
            s
        };
        match s {
            Some(s) => out.push_str(&s),
            None => {
                ok = false;
                break;
            }
        }
        i += 1;
    }
    abstract_::repr_leave(op);
    if !ok {
        return ptr::null_mut();
    }
    out.push(']');
    unicode_from_str(&out)
}

/// `tp_richcompare`: lexicographic; lists of different lengths are unequal
/// without comparing items; `NotImplemented` unless both are lists.
unsafe extern "C" fn list_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects (the slot's contract).
    if !unsafe { is_list(v) } || !unsafe { is_list(w) } {
        return not_implemented();
    }
    // SAFETY: both lists.
    if unsafe { len(v) != len(w) } && (op == Py_EQ || op == Py_NE) {
        return bool_from_bool(op == Py_NE);
    }
    let mut i = 0;
    // SAFETY: both live lists; lengths are re-read after each comparison,
    // which may change them.
    while i < unsafe { len(v) } && i < unsafe { len(w) } {
        // SAFETY: in bounds.
        let (a, b) = unsafe { (get(v, i), get(w, i)) };
        if a != b {
            // SAFETY: live items, referenced across the comparison.
            let k = unsafe {
                Py_IncRef(a);
                Py_IncRef(b);
                let k = PyObject_RichCompareBool(a, b, Py_EQ);
                Py_DecRef(a);
                Py_DecRef(b);
                k
            };
            if k < 0 {
                return ptr::null_mut();
            }
            if k == 0 {
                break;
            }
        }
        i += 1;
    }
    // SAFETY: live lists.
    let (vn, wn) = unsafe { (len(v), len(w)) };
    if i >= vn || i >= wn {
        return tupleobject::compare_sizes(vn, wn, op);
    }
    match op {
        Py_EQ => bool_from_bool(false),
        Py_NE => bool_from_bool(true),
        // SAFETY: in bounds.
        _ => unsafe { PyObject_RichCompare(get(v, i), get(w, i), op) },
    }
}

unsafe extern "C" fn list_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live list.
    unsafe { len(op) }
}

/// `sq_item`: item `i` (new reference) or `IndexError("list index out of
/// range")`.
unsafe extern "C" fn list_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live list.
    if i < 0 || i >= unsafe { len(op) } {
        return errors::fail_null(Exc::IndexError, "list index out of range");
    }
    // SAFETY: in bounds.
    let item = unsafe { get(op, i) };
    // SAFETY: live.
    unsafe { Py_IncRef(item) };
    item
}

/// `sq_ass_item`: `l[i] = v`, or `del l[i]` for a NULL `v`;
/// `IndexError("list assignment index out of range")`.
unsafe extern "C" fn list_ass_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: a live list.
    if i < 0 || i >= unsafe { len(op) } {
        return errors::fail(Exc::IndexError, "list assignment index out of range");
    }
    if v.is_null() {
        // SAFETY: a live list.
        return unsafe { ass_slice(op, i, i + 1, ptr::null_mut()) };
    }
    // SAFETY: in bounds; the old item is released after the store.
    unsafe {
        Py_IncRef(v);
        let slot = (*fields(op)).ob_item.add(i as usize);
        let old = *slot;
        *slot = v;
        Py_DecRef(old);
    }
    0
}

/// `sq_concat`: `a + b`; `TypeError('can only concatenate list (not "T")
/// to list')`.
unsafe extern "C" fn list_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    if !unsafe { is_list(b) } {
        // SAFETY: live.
        let name = unsafe { type_name_200(b) };
        return errors::fail_null(
            Exc::TypeError,
            format!("can only concatenate list (not \"{name}\") to list"),
        );
    }
    // SAFETY: both lists.
    let (an, bn) = unsafe { (len(a), len(b)) };
    let Some(n) = an.checked_add(bn) else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc_list(n);
    if op.is_null() {
        return op;
    }
    for (src, count, at) in [(a, an, 0), (b, bn, an)] {
        for i in 0..count {
            // SAFETY: in bounds of the source and the new list.
            unsafe {
                let o = get(src, i);
                Py_IncRef(o);
                *(*fields(op)).ob_item.add((at + i) as usize) = o;
            }
        }
    }
    op
}

/// `sq_repeat`: `a * n` (`n <= 0` gives an empty list).
unsafe extern "C" fn list_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live list.
    let size = unsafe { len(a) };
    if n <= 0 || size == 0 {
        return PyList_New(0);
    }
    let Some(total) = size.checked_mul(n) else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc_list(total);
    if !op.is_null() {
        for j in 0..total {
            // SAFETY: in bounds of both.
            unsafe {
                let o = get(a, j % size);
                Py_IncRef(o);
                *(*fields(op)).ob_item.add(j as usize) = o;
            }
        }
    }
    op
}

/// `sq_contains`: whether an item equals `el`.
unsafe extern "C" fn list_contains(op: *mut PyObject, el: *mut PyObject) -> c_int {
    let mut i = 0;
    // SAFETY: a live list; the length is re-read after each comparison.
    while i < unsafe { len(op) } {
        // SAFETY: in bounds; the item is referenced across the comparison.
        let cmp = unsafe {
            let item = get(op, i);
            Py_IncRef(item);
            let cmp = PyObject_RichCompareBool(item, el, Py_EQ);
            Py_DecRef(item);
            cmp
        };
        if cmp != 0 {
            return cmp;
        }
        i += 1;
    }
    0
}

/// `sq_inplace_concat`: `a += b` (extends `a` with any iterable).
unsafe extern "C" fn list_inplace_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    if unsafe { list_extend(a, b) } < 0 {
        return ptr::null_mut();
    }
    // SAFETY: live.
    unsafe { Py_IncRef(a) };
    a
}

/// `sq_inplace_repeat`: `a *= n`.
unsafe extern "C" fn list_inplace_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live list.
    unsafe {
        let size = len(a);
        if size == 0 || n == 1 {
            Py_IncRef(a);
            return a;
        }
        if n < 1 {
            clear(a);
            Py_IncRef(a);
            return a;
        }
        let Some(total) = size.checked_mul(n) else {
            return errors::PyErr_NoMemory();
        };
        if resize(a, total) < 0 {
            return ptr::null_mut();
        }
        let items = (*fields(a)).ob_item;
        for j in size..total {
            let o = *items.add((j % size) as usize);
            Py_IncRef(o);
            *items.add(j as usize) = o;
        }
        Py_IncRef(a);
        a
    }
}

/// `mp_subscript`: `l[i]` for any integer-like `i`; `TypeError("list
/// indices must be integers or slices, not T")` otherwise.
unsafe extern "C" fn list_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if let Some(sel) = crate::objects::sliceobject::selection(key, len(op)) {
            let Some((start, step, count)) = sel else {
                return ptr::null_mut();
            };
            let out = PyList_New(count);
            if out.is_null() {
                return out;
            }
            for k in 0..count {
                let item = get(op, start + k * step);
                Py_IncRef(item);
                // SAFETY: a fresh list of `count` items; the slot is empty.
                PyList_SetItem(out, k, item);
            }
            return out;
        }
        let Some(mut i) =
            abstract_::subscript_index(key, "list indices must be integers or slices, not {}")
        else {
            return ptr::null_mut();
        };
        if i < 0 {
            i += len(op);
        }
        list_item(op, i)
    }
}

/// `mp_ass_subscript`: `l[i] = v` / `del l[i]` for any integer-like `i`;
/// `l[a:b] = iterable`, `l[a:b:c] = iterable` of exactly as many items
/// (`ValueError("attempt to assign sequence of size X to extended slice of
/// size Y")`) and `del l[a:b:c]` for a slice.
unsafe extern "C" fn list_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: live objects.
    unsafe {
        if let Some(parts) = crate::objects::sliceobject::unpacked(key) {
            let Some(parts) = parts else {
                return -1;
            };
            let sel = parts.fit(len(op));
            if sel.step == 1 {
                return ass_slice(op, sel.start, sel.stop, v);
            }
            if v.is_null() {
                return del_extended(op, sel);
            }
            return ass_extended(op, parts, v);
        }
        let Some(mut i) =
            abstract_::subscript_index(key, "list indices must be integers or slices, not {}")
        else {
            return -1;
        };
        if i < 0 {
            i += len(op);
        }
        list_ass_item(op, i, v)
    }
}

/// `del l[a:b:c]` for a step other than 1 (CPython's extended-slice
/// branch of `list_ass_subscript`): the kept items close up in order, the
/// list shrinks, and only then are the removed items released, lowest
/// index first.
///
/// # Safety
/// `op` must be a live list and `sel` fitted to its current length.
unsafe fn del_extended(op: *mut PyObject, sel: FittedSlice) -> c_int {
    if sel.count <= 0 {
        return 0;
    }
    // Walk the selection upwards whatever the step's sign.
    let (first, step) = if sel.step < 0 {
        (sel.start + sel.step * (sel.count - 1), -sel.step)
    } else {
        (sel.start, sel.step)
    };
    let mut garbage: Vec<*mut PyObject> = Vec::new();
    if garbage.try_reserve_exact(sel.count as usize).is_err() {
        errors::PyErr_NoMemory();
        return -1;
    }
    // SAFETY: a live list; every index read or written is below its
    // length `n` (the selection lies within it), and no C code runs until
    // the list has its final shape.
    unsafe {
        let items = (*fields(op)).ob_item;
        let n = len(op);
        let mut write = first;
        let mut taken = 0;
        for read in first..n {
            if taken < sel.count && read == first + taken * step {
                garbage.push(*items.add(read as usize));
                taken += 1;
            } else {
                *items.add(write as usize) = *items.add(read as usize);
                write += 1;
            }
        }
        (*fields(op)).ob_base.ob_size = n - sel.count;
        let status = resize(op, n - sel.count);
        for o in garbage {
            Py_DecRef(o);
        }
        status
    }
}

/// `l[a:b:c] = v` for a step other than 1: `v` (any iterable; a copy when
/// it is the list itself) must have exactly as many items as the slice
/// selects; they replace the selected items in order.
///
/// As in CPython the slice is fitted to the list before `v` is read.
/// Stricter than CPython: reading `v` may run code that shrinks the list,
/// and where CPython would then write past its end the slice is fitted
/// again to the length the list has once `v` is read.
///
/// # Safety
/// `op` must be a live list and `v` a live object.
unsafe fn ass_extended(op: *mut PyObject, parts: SliceParts, v: *mut PyObject) -> c_int {
    // SAFETY: live per the contract; the selection's highest index is
    // checked against the list's length after `v` is read, and no C code
    // runs between that and the stores, so every index is within the list.
    unsafe {
        let mut sel = parts.fit(len(op));
        let seq = if v == op {
            list_from_items((*fields(op)).ob_item, len(op))
        } else {
            abstract_::PySequence_Fast(v, c"must assign iterable to extended slice".as_ptr())
        };
        if seq.is_null() {
            return -1;
        }
        let (src, m) = abstract_::fast_items(seq);
        let highest = |sel: &FittedSlice| {
            if sel.step > 0 {
                sel.start + (sel.count - 1) * sel.step
            } else {
                sel.start
            }
        };
        if m == sel.count && m > 0 && highest(&sel) >= len(op) {
            sel = parts.fit(len(op));
        }
        if m != sel.count {
            Py_DecRef(seq);
            return errors::fail(
                Exc::ValueError,
                format!(
                    "attempt to assign sequence of size {m} to extended slice of size {}",
                    sel.count
                ),
            );
        }
        if sel.count == 0 {
            Py_DecRef(seq);
            return 0;
        }
        let mut garbage: Vec<*mut PyObject> = Vec::new();
        if garbage.try_reserve_exact(sel.count as usize).is_err() {
            Py_DecRef(seq);
            errors::PyErr_NoMemory();
            return -1;
        }
        let items = (*fields(op)).ob_item;
        for k in 0..sel.count {
            let slot = items.offset(sel.start + k * sel.step);
            garbage.push(*slot);
            let w = *src.add(k as usize);
            Py_IncRef(w);
            *slot = w;
        }
        for o in garbage {
            Py_DecRef(o);
        }
        Py_DecRef(seq);
    }
    0
}

// ==========================================================================
// Iterator
// ==========================================================================

/// `PyListIter_Type`: `list_iterator`.
#[unsafe(no_mangle)]
pub static PyListIter_Type: StaticObject<PyTypeObject> = StaticObject::new(index_iter_type(
    c"list_iterator",
    list_iter_next,
    LIST_ITER_METHODS.get(),
));

crate::objects::iterobject::index_seq!(
    /// The list iterator's view of its list; exhausted, it reduces to
    /// `iter([])`.
    ListSeq,
    LIST_ITER_METHODS,
    |seq| len(seq),
    PyList_New(0)
);

/// `tp_iter`: a new iterator over the list.
unsafe extern "C" fn list_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: our iterator type; the list is live.
    unsafe { index_iter_new(PyListIter_Type.get(), op) }
}

/// `tp_iternext`: the next item, or NULL without an error at the end (the
/// list is released then).
unsafe extern "C" fn list_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a list_iterator over a live list; the index is in range.
    unsafe {
        index_iter_next::<ListSeq>(op, |seq, i| {
            let item = get(seq, i);
            Py_IncRef(item);
            item
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyListObject>(), 40);
        assert_eq!(offset_of!(PyListObject, ob_item), 24);
        assert_eq!(offset_of!(PyListObject, allocated), 32);
    }

    #[test]
    fn growth_follows_cpython() {
        let l = PyList_New(0);
        let mut seen = vec![];
        for _ in 0..20 {
            // SAFETY: live objects.
            unsafe {
                append(l, crate::objects::object::py_none());
                seen.push((*fields(l)).allocated);
            }
        }
        assert_eq!(
            seen,
            [
                4, 4, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16, 24, 24, 24, 24
            ]
        );
        // SAFETY: our reference.
        unsafe { Py_DecRef(l) };
    }
}
