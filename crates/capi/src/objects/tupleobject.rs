//! `tuple` (CPython's `Objects/tupleobject.c`), with CPython's layout: the
//! item pointers follow the header inline, so `PyTuple_GET_ITEM` and
//! `PyTuple_SET_ITEM` are plain memory accesses in C.
//!
//! * `PyTuple_New(0)` returns the one empty tuple, an immortal static, as
//!   CPython 3.11 does.
//! * A new tuple's items are NULL until C code fills them; every function
//!   here treats a NULL item as absent (dealloc skips it).
//! * `PyTuple_SetItem` and `_PyTuple_Resize` insist on a tuple nobody else
//!   references (refcount 1), as CPython does.
//! * `PyTuple_Pack`, which is variadic, is in `tupleobject.c` beside this
//!   file.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, type_name_200};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::iterobject::{index_iter_new, index_iter_next, index_iter_type};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, Py_REFCNT, PyObject_Hash, PyObject_RichCompare, PyObject_RichCompareBool,
    enough_stack, not_implemented, type_of,
};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc, PyObject_Realloc};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

mod methods;

// ==========================================================================
// The type and the empty tuple
// ==========================================================================

/// Bytes before the first item (CPython's `tp_basicsize` for tuples).
const HEADER: usize = offset_of!(PyTupleObject, ob_item);

static TUPLE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(tuple_length),
    sq_concat: Some(tuple_concat),
    sq_repeat: Some(tuple_repeat),
    sq_item: Some(tuple_item),
    sq_contains: Some(tuple_contains),
    ..PySequenceMethods::empty()
};

static TUPLE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(tuple_length),
    mp_subscript: Some(tuple_subscript),
    mp_ass_subscript: None,
};

/// `PyTuple_Type`: `tuple`.
#[unsafe(no_mangle)]
pub static PyTuple_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"tuple",
        HEADER,
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_SEQUENCE,
        tuple_dealloc,
    );
    ty.tp_itemsize = size_of::<*mut PyObject>() as Py_ssize_t;
    ty.tp_repr = Some(tuple_repr);
    ty.tp_hash = Some(tuple_hash);
    ty.tp_richcompare = Some(tuple_richcompare);
    ty.tp_iter = Some(tuple_iter);
    ty.tp_as_sequence = &raw const TUPLE_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const TUPLE_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_new = Some(tuple_new);
    ty.tp_methods = methods::TUPLE_METHODS.get().cast();
    ty
});

/// `tuple(iterable=(), /)` (`tp_new`): the empty tuple, the iterable
/// itself when it is an exact tuple, else a new tuple of its items; for a
/// subtype, an instance holding the same items.
///
/// Fails (NULL) with `TypeError("tuple() takes no keyword arguments")`
/// (for `tuple` and subtypes that keep its `__init__`), `TypeError("tuple
/// expected at most 1 argument, got N")`, or the iteration's error.
unsafe extern "C" fn tuple_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    let tuple_t = PyTuple_Type.get();
    // SAFETY: `tuple` or a subtype; `args` a tuple, `kwds` NULL or a dict.
    unsafe {
        let same_init = (*ty).tp_init.map(|f| f as usize) == (*tuple_t).tp_init.map(|f| f as usize);
        if (ty == tuple_t || same_init) && _PyArg_NoKeywords(c"tuple".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = size(args);
        if _PyArg_CheckPositional(c"tuple".as_ptr(), n, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let items_of = if n == 0 {
            empty_tuple()
        } else {
            abstract_::PySequence_Tuple(get(args, 0))
        };
        if ty == tuple_t || items_of.is_null() {
            return items_of;
        }
        let count = size(items_of);
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let op = alloc(ty, count);
        if !op.is_null() {
            for i in 0..count {
                let item = get(items_of, i);
                Py_IncRef(item);
                *items(op).add(i as usize) = item;
            }
        }
        Py_DecRef(items_of);
        op
    }
}

/// The empty tuple, shared by every `PyTuple_New(0)`.
static EMPTY: StaticObject<PyTupleObject> = StaticObject::new(PyTupleObject {
    ob_base: PyVarObject {
        ob_base: PyObject {
            ob_refcnt: IMMORTAL_REFCNT,
            ob_type: PyTuple_Type.get(),
        },
        ob_size: 0,
    },
    ob_item: [ptr::null_mut()],
});

/// A new reference to the empty tuple. Never fails.
pub fn empty_tuple() -> *mut PyObject {
    let op = EMPTY.get() as *mut PyObject;
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

// ==========================================================================
// Access
// ==========================================================================

/// True when `op` is a tuple or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_tuple(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { abstract_::has_flag(type_of(op), Py_TPFLAGS_TUPLE_SUBCLASS) }
}

/// The number of items of a tuple.
///
/// # Safety
/// `op` must be a live tuple.
pub(crate) unsafe fn size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a tuple has the var header.
    unsafe { (*(op as *mut PyVarObject)).ob_size }
}

/// A pointer to the first item slot of a tuple.
///
/// # Safety
/// `op` must be a live tuple.
pub(crate) unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: the items follow the header inside the object.
    unsafe { (op as *mut u8).add(HEADER) as *mut *mut PyObject }
}

/// Item `i` of a tuple (borrowed; NULL if unset).
///
/// # Safety
/// `op` must be a live tuple and `i` in `0..size`.
pub(crate) unsafe fn get(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: in bounds per the contract.
    unsafe { *items(op).add(i as usize) }
}

/// Allocates a tuple of `n > 0` NULL items; NULL with `MemoryError`.
fn alloc_tuple(n: Py_ssize_t) -> *mut PyObject {
    let Some(bytes) = (n as usize)
        .checked_mul(size_of::<*mut PyObject>())
        .and_then(|b| b.checked_add(HEADER))
        .filter(|&b| b <= isize::MAX as usize)
    else {
        return errors::PyErr_NoMemory();
    };
    let op = PyObject_Malloc(bytes) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory of `bytes` bytes: the header and `n` items.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = PyTuple_Type.get();
        (*(op as *mut PyVarObject)).ob_size = n;
        ptr::write_bytes(items(op), 0, n as usize);
    }
    op
}

/// A new tuple holding new references to `objs`; NULL with `MemoryError`.
///
/// # Safety
/// Every element must be a live object.
pub unsafe fn tuple_from_slice(objs: &[*mut PyObject]) -> *mut PyObject {
    if objs.is_empty() {
        return empty_tuple();
    }
    let op = alloc_tuple(objs.len() as Py_ssize_t);
    if !op.is_null() {
        for (i, &o) in objs.iter().enumerate() {
            // SAFETY: live per the contract; `i` is within the new tuple.
            unsafe {
                Py_IncRef(o);
                *items(op).add(i) = o;
            }
        }
    }
    op
}

/// A new tuple that takes over the references in `objs`; NULL with
/// `MemoryError` (the references are then dropped).
///
/// # Safety
/// Every element must be an owned reference to a live object.
pub unsafe fn tuple_from_owned(objs: Vec<*mut PyObject>) -> *mut PyObject {
    if objs.is_empty() {
        return empty_tuple();
    }
    let op = alloc_tuple(objs.len() as Py_ssize_t);
    for (i, o) in objs.into_iter().enumerate() {
        if op.is_null() {
            // SAFETY: an owned reference per the contract.
            unsafe { Py_DecRef(o) };
        } else {
            // SAFETY: `i` is within the new tuple; the reference moves in.
            unsafe { *items(op).add(i) = o };
        }
    }
    op
}

/// `(item,)`, taking over `item`: what the built-in types'
/// `__getnewargs__` return. NULL when `item` is NULL (its error stands) or
/// with `MemoryError`.
///
/// # Safety
/// `item` must be NULL or an owned reference to a live object.
pub(crate) unsafe fn getnewargs_of(item: *mut PyObject) -> *mut PyObject {
    if item.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: an owned reference per the contract.
    unsafe { tuple_from_owned(vec![item]) }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PyTuple_New(size)`: a new tuple of `size` NULL items for the caller to
/// fill (the shared empty tuple for 0).
///
/// Fails (NULL) with `SystemError` for a negative size or `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyTuple_New(size: Py_ssize_t) -> *mut PyObject {
    if size < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    if size == 0 {
        return empty_tuple();
    }
    alloc_tuple(size)
}

/// `PyTuple_Size(op)`: the number of items.
///
/// Fails (-1) with `SystemError` when `op` is not a tuple (or NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTuple_Size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_tuple(op) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a tuple.
    unsafe { size(op) }
}

/// `PyTuple_GetItem(op, i)`: item `i` (a borrowed reference).
///
/// Fails (NULL) with `SystemError` when `op` is not a tuple and
/// `IndexError("tuple index out of range")` when `i` is outside
/// `0..len` (negative indices are not counted from the end).
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTuple_GetItem(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_tuple(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a tuple.
    if i < 0 || i >= unsafe { size(op) } {
        return errors::fail_null(Exc::IndexError, "tuple index out of range");
    }
    // SAFETY: in bounds.
    unsafe { get(op, i) }
}

/// `PyTuple_SetItem(op, i, item)`: stores `item` (stealing the reference)
/// at `i`, dropping the item it replaces.
///
/// Fails (-1, and `item` is released) with `SystemError` when `op` is not
/// a tuple or is referenced elsewhere (refcount above 1), or
/// `IndexError("tuple assignment index out of range")`.
///
/// # Safety
/// `op` must be NULL or a live object; `item` NULL or an owned reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTuple_SetItem(
    op: *mut PyObject,
    i: Py_ssize_t,
    item: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_tuple(op) } || unsafe { Py_REFCNT(op) } != 1 {
        // SAFETY: the caller's reference, which this function consumes.
        unsafe { Py_DecRef(item) };
        return errors::bad_internal_call();
    }
    // SAFETY: a tuple.
    if i < 0 || i >= unsafe { size(op) } {
        // SAFETY: as above.
        unsafe { Py_DecRef(item) };
        return errors::fail(Exc::IndexError, "tuple assignment index out of range");
    }
    // SAFETY: in bounds; the old item's reference is dropped after the store.
    unsafe {
        let slot = items(op).add(i as usize);
        let old = *slot;
        *slot = item;
        Py_DecRef(old);
    }
    0
}

/// `PyTuple_GetSlice(op, low, high)`: a new tuple of items `low..high`,
/// clamped to the tuple as Python slices clamp (the tuple itself when the
/// slice is all of an exact tuple).
///
/// Fails (NULL) with `SystemError` when `op` is not a tuple, or
/// `MemoryError`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTuple_GetSlice(
    op: *mut PyObject,
    low: Py_ssize_t,
    high: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_tuple(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a tuple.
    unsafe { slice(op, low, high) }
}

/// Items `low..high` of a tuple, clamped.
///
/// # Safety
/// `op` must be a live tuple.
unsafe fn slice(op: *mut PyObject, low: Py_ssize_t, high: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a tuple.
    let n = unsafe { size(op) };
    let low = low.clamp(0, n);
    let high = high.clamp(low, n);
    // SAFETY: live.
    if low == 0 && high == n && unsafe { type_of(op) } == PyTuple_Type.get() {
        // SAFETY: live.
        unsafe { Py_IncRef(op) };
        return op;
    }
    // SAFETY: `low..high` is within the tuple; its items are live or NULL.
    unsafe { copy_items(items(op).add(low as usize), high - low) }
}

/// A new tuple with new references to the `n` items at `src` (NULL items
/// stay NULL).
///
/// # Safety
/// `src` must be readable for `n` item pointers, each NULL or live.
unsafe fn copy_items(src: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    if n == 0 {
        return empty_tuple();
    }
    let op = alloc_tuple(n);
    if !op.is_null() {
        for i in 0..n as usize {
            // SAFETY: readable per the contract; `i` is within the new tuple.
            unsafe {
                let item = *src.add(i);
                Py_IncRef(item);
                *items(op).add(i) = item;
            }
        }
    }
    op
}

/// `_PyTuple_Resize(&op, newsize)`: resizes a tuple nobody else references,
/// in place when possible. New items are NULL; dropped items are released.
///
/// Fails (-1, with `*p` set to NULL and the tuple released) with
/// `SystemError` when `*p` is not an exact tuple, is shared, or `newsize` is
/// negative, or with `MemoryError`.
///
/// # Safety
/// `p` must point to NULL or an owned reference to a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTuple_Resize(p: *mut *mut PyObject, newsize: Py_ssize_t) -> c_int {
    if p.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: readable per the contract.
    let v = unsafe { *p };
    // SAFETY: live per the contract.
    let ok = !v.is_null()
        && unsafe { type_of(v) } == PyTuple_Type.get()
        // SAFETY: a live tuple (checked just above).
        && (unsafe { size(v) } == 0 || unsafe { Py_REFCNT(v) } == 1)
        && newsize >= 0;
    if !ok {
        // SAFETY: the caller's reference is consumed on failure.
        unsafe {
            *p = ptr::null_mut();
            Py_DecRef(v);
        }
        return errors::bad_internal_call();
    }
    // SAFETY: an exact tuple.
    let old = unsafe { size(v) };
    if old == newsize {
        return 0;
    }
    if old == 0 || newsize == 0 {
        let new = PyTuple_New(newsize);
        // SAFETY: `*p` is writable; the old (empty or dropped) tuple's
        // reference is released.
        unsafe {
            *p = new;
            Py_DecRef(v);
        }
        return if new.is_null() { -1 } else { 0 };
    }
    // Release the items that go away, then move the object.
    for i in newsize..old {
        // SAFETY: in bounds of the old tuple; the slot is cleared first.
        unsafe {
            let slot = items(v).add(i as usize);
            let item = *slot;
            *slot = ptr::null_mut();
            Py_DecRef(item);
        }
    }
    let bytes = (newsize as usize)
        .checked_mul(size_of::<*mut PyObject>())
        .and_then(|b| b.checked_add(HEADER))
        .filter(|&b| b <= isize::MAX as usize);
    let new = match bytes {
        // SAFETY: `v` was allocated by PyObject_Malloc and is unshared.
        Some(bytes) => (unsafe { PyObject_Realloc(v.cast(), bytes) }) as *mut PyObject,
        None => ptr::null_mut(),
    };
    if new.is_null() {
        // SAFETY: shrink never fails, so `old < newsize` and the items
        // `0..old` are live or NULL; the tuple is released whole.
        unsafe {
            *p = ptr::null_mut();
            (*(v as *mut PyVarObject)).ob_size = old.min(newsize);
            Py_DecRef(v);
        }
        errors::PyErr_NoMemory();
        return -1;
    }
    // SAFETY: the reallocated tuple has room for `newsize` items.
    unsafe {
        if newsize > old {
            ptr::write_bytes(items(new).add(old as usize), 0, (newsize - old) as usize);
        }
        (*(new as *mut PyVarObject)).ob_size = newsize;
        *p = new;
    }
    0
}

// ==========================================================================
// Slots
// ==========================================================================

/// `tp_dealloc`: releases the items and frees the tuple (the empty tuple is
/// immortal and only has its count reset).
unsafe extern "C" fn tuple_dealloc(op: *mut PyObject) {
    if op == EMPTY.get() as *mut PyObject {
        // SAFETY: the static empty tuple.
        unsafe { crate::objects::object::immortal_dealloc(op) };
        return;
    }
    // SAFETY: an unreferenced tuple; its items are owned references or NULL.
    unsafe {
        for i in 0..size(op) {
            Py_DecRef(get(op, i));
        }
        PyObject_Free(op.cast());
    }
}

/// `repr(tuple)`: `()`, `(1,)`, `(1, 2)`; `(...)` for a tuple reached again
/// while printing itself.
unsafe extern "C" fn tuple_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live tuple (the slot's contract).
    let n = unsafe { size(op) };
    if n == 0 {
        return unicode_from_str("()");
    }
    if !abstract_::repr_enter(op) {
        return unicode_from_str("(...)");
    }
    let mut out = String::from("(");
    let mut ok = true;
    for i in 0..n {
        // SAFETY: the tuple may shrink only through _PyTuple_Resize, which
        // needs an unshared tuple; `i < n` stays in bounds.
        let item = unsafe { get(op, i) };
        if i > 0 {
            out.push_str(", ");
        }
        // SAFETY: a live item.
        match unsafe { abstract_::repr_string(item) } {
            Some(s) => out.push_str(&s),
            None => {
                ok = false;
                break;
            }
        }
    }
    abstract_::repr_leave(op);
    if !ok {
        return ptr::null_mut();
    }
    if n == 1 {
        out.push(',');
    }
    out.push(')');
    unicode_from_str(&out)
}

/// `hash(tuple)`: CPython 3.11's xxHash-based combination of the item
/// hashes.
unsafe extern "C" fn tuple_hash(op: *mut PyObject) -> Py_hash_t {
    const PRIME_1: u64 = 11400714785074694791;
    const PRIME_2: u64 = 14029467366897019727;
    const PRIME_5: u64 = 2870177450012600261;
    // CPython's tuple hash recurses without a bound and crashes on a tuple
    // nested a million deep; this one raises RecursionError before the
    // stack runs out.
    if !enough_stack(" while hashing a tuple") {
        return -1;
    }
    // SAFETY: a live tuple.
    let n = unsafe { size(op) };
    let mut acc = PRIME_5;
    for i in 0..n {
        // SAFETY: in bounds; the item is live.
        let lane = unsafe { PyObject_Hash(get(op, i)) };
        if lane == -1 {
            return -1;
        }
        acc = acc.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME_1);
    }
    acc = acc.wrapping_add((n as u64) ^ (PRIME_5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as Py_hash_t
}

/// `tp_richcompare`: lexicographic, by the first items that differ;
/// `NotImplemented` unless both are tuples.
unsafe extern "C" fn tuple_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects (the slot's contract).
    if !unsafe { is_tuple(v) } || !unsafe { is_tuple(w) } {
        return not_implemented();
    }
    // SAFETY: both tuples.
    let (vn, wn) = unsafe { (size(v), size(w)) };
    let mut i = 0;
    while i < vn && i < wn {
        // SAFETY: in bounds of both.
        let k = unsafe { PyObject_RichCompareBool(get(v, i), get(w, i), Py_EQ) };
        if k < 0 {
            return ptr::null_mut();
        }
        if k == 0 {
            break;
        }
        i += 1;
    }
    if i >= vn || i >= wn {
        return compare_sizes(vn, wn, op);
    }
    match op {
        Py_EQ => bool_from_bool(false),
        Py_NE => bool_from_bool(true),
        // SAFETY: in bounds of both.
        _ => unsafe { PyObject_RichCompare(get(v, i), get(w, i), op) },
    }
}

/// `a op b` for two lengths, as a new `bool` (CPython's
/// `Py_RETURN_RICHCOMPARE`).
pub(crate) fn compare_sizes(a: Py_ssize_t, b: Py_ssize_t, op: c_int) -> *mut PyObject {
    let r = match op {
        Py_LT => a < b,
        Py_LE => a <= b,
        Py_EQ => a == b,
        Py_NE => a != b,
        Py_GT => a > b,
        _ => a >= b,
    };
    bool_from_bool(r)
}

unsafe extern "C" fn tuple_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live tuple.
    unsafe { size(op) }
}

/// `sq_item`: item `i` (new reference) or `IndexError("tuple index out of
/// range")`.
unsafe extern "C" fn tuple_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live tuple.
    if i < 0 || i >= unsafe { size(op) } {
        return errors::fail_null(Exc::IndexError, "tuple index out of range");
    }
    // SAFETY: in bounds.
    let item = unsafe { get(op, i) };
    // SAFETY: a live item.
    unsafe { Py_IncRef(item) };
    item
}

/// `sq_concat`: `a + b`; `TypeError('can only concatenate tuple (not "T")
/// to tuple')` when `b` is not a tuple.
unsafe extern "C" fn tuple_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    if !unsafe { is_tuple(b) } {
        // SAFETY: live.
        let name = unsafe { type_name_200(b) };
        return errors::fail_null(
            Exc::TypeError,
            format!("can only concatenate tuple (not \"{name}\") to tuple"),
        );
    }
    // SAFETY: both tuples.
    let (an, bn) = unsafe { (size(a), size(b)) };
    // SAFETY: both are live objects.
    let exact = |o| unsafe { type_of(o) } == PyTuple_Type.get();
    if an == 0 && exact(b) {
        // SAFETY: live.
        unsafe { Py_IncRef(b) };
        return b;
    }
    if bn == 0 && exact(a) {
        // SAFETY: live.
        unsafe { Py_IncRef(a) };
        return a;
    }
    let Some(n) = an.checked_add(bn) else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc_tuple(n);
    if op.is_null() {
        return op;
    }
    for (src, count, at) in [(a, an, 0), (b, bn, an)] {
        for i in 0..count {
            // SAFETY: in bounds of the source and of the new tuple.
            unsafe {
                let item = get(src, i);
                Py_IncRef(item);
                *items(op).add((at + i) as usize) = item;
            }
        }
    }
    op
}

/// `sq_repeat`: `a * n` (`n <= 0` gives the empty tuple).
unsafe extern "C" fn tuple_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live tuple.
    let len = unsafe { size(a) };
    // SAFETY: live.
    let exact = unsafe { type_of(a) } == PyTuple_Type.get();
    if exact && (len == 0 || n == 1) {
        // SAFETY: live.
        unsafe { Py_IncRef(a) };
        return a;
    }
    if len == 0 || n <= 0 {
        return empty_tuple();
    }
    let Some(total) = len.checked_mul(n) else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc_tuple(total);
    if op.is_null() {
        return op;
    }
    for j in 0..total {
        // SAFETY: in bounds of both.
        unsafe {
            let item = get(a, j % len);
            Py_IncRef(item);
            *items(op).add(j as usize) = item;
        }
    }
    op
}

/// `sq_contains`: whether an item equals `el`.
unsafe extern "C" fn tuple_contains(a: *mut PyObject, el: *mut PyObject) -> c_int {
    // SAFETY: a live tuple.
    let n = unsafe { size(a) };
    for i in 0..n {
        // SAFETY: in bounds; live items.
        let cmp = unsafe { PyObject_RichCompareBool(get(a, i), el, Py_EQ) };
        if cmp != 0 {
            return cmp;
        }
    }
    0
}

/// `mp_subscript`: `t[i]` for any integer-like `i` (negative counts from
/// the end); `TypeError("tuple indices must be integers or slices, not T")`
/// otherwise.
unsafe extern "C" fn tuple_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if let Some(sel) = crate::objects::sliceobject::selection(key, size(op)) {
            let Some((start, step, count)) = sel else {
                return ptr::null_mut();
            };
            // All of an exact tuple is the tuple itself, as in CPython.
            if start == 0 && step == 1 && count == size(op) && type_of(op) == PyTuple_Type.get() {
                Py_IncRef(op);
                return op;
            }
            let out = PyTuple_New(count);
            if out.is_null() {
                return out;
            }
            for k in 0..count {
                let item = get(op, start + k * step);
                Py_IncRef(item);
                // SAFETY: a fresh tuple of `count` items; the slot is empty.
                PyTuple_SetItem(out, k, item);
            }
            return out;
        }
        let Some(mut i) =
            abstract_::subscript_index(key, "tuple indices must be integers or slices, not {}")
        else {
            return ptr::null_mut();
        };
        if i < 0 {
            i += size(op);
        }
        tuple_item(op, i)
    }
}

// ==========================================================================
// Iterator
// ==========================================================================

/// `PyTupleIter_Type`: `tuple_iterator`.
#[unsafe(no_mangle)]
pub static PyTupleIter_Type: StaticObject<PyTypeObject> = StaticObject::new(index_iter_type(
    c"tuple_iterator",
    tuple_iter_next,
    TUPLE_ITER_METHODS.get(),
));

crate::objects::iterobject::index_seq!(
    /// The tuple iterator's view of its tuple; exhausted, it reduces to
    /// `iter(())`.
    TupleSeq,
    TUPLE_ITER_METHODS,
    |seq| size(seq),
    empty_tuple()
);

/// `tp_iter`: a new iterator over the tuple.
unsafe extern "C" fn tuple_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: our iterator type; the tuple is live.
    unsafe { index_iter_new(PyTupleIter_Type.get(), op) }
}

/// `tp_iternext`: the next item, or NULL without an error at the end (the
/// tuple is released then).
unsafe extern "C" fn tuple_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a tuple_iterator over a live tuple; the index is in range.
    unsafe {
        index_iter_next::<TupleSeq>(op, |seq, i| {
            let item = get(seq, i);
            Py_IncRef(item);
            item
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject::{PyLong_AsLong, PyLong_FromLong};
    use crate::objects::object::PyObject_Repr;
    use crate::objects::unicodeobject::str_value;
    use crate::python::errors::take_error;
    use std::mem::offset_of;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyTupleObject>(), 32);
        assert_eq!(offset_of!(PyTupleObject, ob_item), 24);
        // SAFETY: reading a static type.
        unsafe {
            assert_eq!((*PyTuple_Type.get()).tp_basicsize, 24);
            assert_eq!((*PyTuple_Type.get()).tp_itemsize, 8);
        }
    }

    #[test]
    fn new_set_get_repr() {
        // SAFETY: every object is live while used.
        unsafe {
            let t = PyTuple_New(2);
            assert_eq!(PyTuple_SetItem(t, 0, PyLong_FromLong(1)), 0);
            assert_eq!(PyTuple_SetItem(t, 1, unicode_from_str("a'b")), 0);
            assert_eq!(PyTuple_SetItem(t, 2, PyLong_FromLong(3)), -1);
            let e = take_error().unwrap();
            assert_eq!(e.message, "tuple assignment index out of range");
            assert_eq!(PyLong_AsLong(PyTuple_GetItem(t, 0)), 1);
            assert!(PyTuple_GetItem(t, -1).is_null());
            assert_eq!(take_error().unwrap().message, "tuple index out of range");
            let r = PyObject_Repr(t);
            assert_eq!(str_value(r), Some("(1, \"a'b\")"));
            Py_DecRef(r);
            let one = PyTuple_GetSlice(t, 1, 10);
            let r = PyObject_Repr(one);
            assert_eq!(str_value(r), Some("(\"a'b\",)"));
            Py_DecRef(r);
            Py_DecRef(one);
            let mut p = t;
            assert_eq!(_PyTuple_Resize(&mut p, 5), 0);
            assert_eq!(PyTuple_Size(p), 5);
            assert!(get(p, 4).is_null());
            assert_eq!(_PyTuple_Resize(&mut p, 1), 0);
            assert_eq!(PyTuple_Size(p), 1);
            Py_DecRef(p);
            assert_eq!(PyTuple_New(0), PyTuple_New(0));
        }
    }
}
