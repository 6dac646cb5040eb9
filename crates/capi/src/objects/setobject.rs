//! `set` and `frozenset` (CPython's `Objects/setobject.c`).
//!
//! ## Design
//!
//! 1. *Layout.* `PySetObject` is CPython 3.11's, so `PySet_GET_SIZE`
//!    reads `used` in C. The table is an array of `setentry` (key, hash):
//!    the 8 slots embedded in the object (`smalltable`) until the set
//!    outgrows them, then one `PyMem_Calloc`ed array. Every access goes
//!    through raw pointers: the table may live inside the object itself,
//!    and C code may read it.
//! 2. *Same table, same order.* Iteration walks the slots in order, so the
//!    order of a set's elements depends on where each landed. To give
//!    libpython's order for the same inserts and deletes, the table follows
//!    CPython's open addressing exactly: from `hash & mask`, up to 9
//!    linear probes (when they fit before the end of the table), then the
//!    perturbed jump `i = i * 5 + 1 + (perturb >>= 5)`; a deleted slot
//!    holds a dummy key with hash -1 and an insertion reuses the last
//!    dummy met on its probe path; a table grows when `fill * 5 >= mask *
//!    3`, to the smallest power of two above 4 times (2 times past 50000)
//!    the elements, and the bulk operations (update from a set or dict,
//!    difference) resize, copy and purge dummies where CPython does.
//! 3. *Re-entrancy.* An element's `__eq__` or destructor is C code that
//!    may mutate the set being searched. A lookup holds a reference to the
//!    key it compares, and starts over when the comparison replaced the
//!    table or the slot's key; a clear detaches the table before releasing
//!    any element.
//! 4. *Frozenset hash* is CPython's order-independent one (each entry's
//!    hash shuffled and xored, corrected for the empty and dummy slots,
//!    mixed with the length), so `hash(frozenset(...))` equals libpython's
//!    for elements that hash alike, and it is cached in `hash`.
//! 5. *GC.* Sets and their iterators are GC types and tracked, as in
//!    CPython (bookkeeping only, see `gcmodule`).

#![allow(non_upper_case_globals)]

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::dictobject::{_PyDict_GetItem_KnownHash, _PyDict_Next, set_key_error};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_Hash, PyObject_IsTrue, PyObject_RichCompareBool,
    not_implemented, py_none, tp_name, type_of,
};
use crate::objects::obmalloc::{PyMem_Calloc, PyMem_Free};
use crate::objects::tupleobject;
use crate::objects::typeobject::{PyBaseObject_Type, PyType_GenericAlloc, is_subtype, static_type};
use crate::objects::unicodeobject::{PyUnicode_Type, unicode_eq, unicode_from_str};
use crate::python::errors;

// ==========================================================================
// The table
// ==========================================================================

/// Linear probes before a perturbed jump (CPython's `LINEAR_PROBES`).
const LINEAR_PROBES: usize = 9;
/// CPython's `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// The key of a deleted slot: a private immortal object no element can be.
static DUMMY: StaticObject<PyObject> = StaticObject::new(PyObject {
    ob_refcnt: IMMORTAL_REFCNT,
    ob_type: PyBaseObject_Type.get(),
});

fn dummy() -> *mut PyObject {
    DUMMY.get()
}

/// The set behind `op`.
fn so(op: *mut PyObject) -> *mut PySetObject {
    op.cast()
}

/// Slot `i` of the set's current table.
///
/// # Safety
/// `s` must be a live set and `i <= mask`.
unsafe fn slot(s: *mut PySetObject, i: usize) -> *mut setentry {
    // SAFETY: per the contract.
    unsafe { (*s).table.add(i) }
}

/// The smalltable of `s`.
///
/// # Safety
/// `s` must be a live set.
unsafe fn small(s: *mut PySetObject) -> *mut setentry {
    // SAFETY: a field of a live set.
    unsafe { (&raw mut (*s).smalltable).cast() }
}

/// True when the slot holds an element (neither unused nor dummy).
///
/// # Safety
/// `e` must point to a slot of a live table.
unsafe fn active(e: *const setentry) -> bool {
    // SAFETY: per the contract.
    let k = unsafe { (*e).key };
    !k.is_null() && k != dummy()
}

/// True when the two keys are equal for a set: identical, equal `str`s, or
/// `==` by rich comparison (which may run C code). -1 with an error.
///
/// # Safety
/// Both must be live objects.
unsafe fn keys_equal(stored: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: both live; `stored` is referenced across the comparison.
    unsafe {
        let str_type = PyUnicode_Type.get();
        if type_of(stored) == str_type && type_of(key) == str_type && unicode_eq(stored, key) {
            return 1;
        }
        Py_IncRef(stored);
        let cmp = PyObject_RichCompareBool(stored, key, Py_EQ);
        Py_DecRef(stored);
        cmp
    }
}

/// The slot of `key` (active), or the unused slot that ends its probe
/// path (key NULL) when it is absent; None when a comparison failed.
/// Starts over when a comparison changed the table (CPython's
/// `set_lookkey`).
///
/// # Safety
/// `s` must be a live set and `key` a live object hashing to `hash`.
unsafe fn lookkey(
    s: *mut PySetObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> Option<*mut setentry> {
    'restart: loop {
        // SAFETY: a live set; slots are read through raw pointers and
        // re-validated after every call out.
        unsafe {
            let mut mask = (*s).mask as usize;
            let mut perturb = hash as usize;
            let mut i = perturb & mask;
            loop {
                let mut e = slot(s, i);
                let mut probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                loop {
                    if (*e).hash == 0 && (*e).key.is_null() {
                        return Some(e);
                    }
                    if (*e).hash == hash {
                        let start = (*e).key;
                        if start == key {
                            return Some(e);
                        }
                        let table = (*s).table;
                        let cmp = keys_equal(start, key);
                        if cmp < 0 {
                            return None;
                        }
                        if table != (*s).table || (*e).key != start {
                            continue 'restart;
                        }
                        if cmp > 0 {
                            return Some(e);
                        }
                        mask = (*s).mask as usize;
                    }
                    if probes == 0 {
                        break;
                    }
                    probes -= 1;
                    e = e.add(1);
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
        }
    }
}

/// Adds `key` (hash `hash`), taking a new reference when it is inserted
/// (CPython's `set_add_entry`). -1 with an error.
///
/// # Safety
/// `s` must be a live set and `key` a live object hashing to `hash`.
unsafe fn add_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> c_int {
    // SAFETY: a live set and key; the key is referenced before any
    // comparison runs C code that could release it.
    unsafe {
        Py_IncRef(key);
        'restart: loop {
            let mut mask = (*s).mask as usize;
            let mut perturb = hash as usize;
            let mut i = perturb & mask;
            let mut freeslot: *mut setentry = ptr::null_mut();
            loop {
                let mut e = slot(s, i);
                let mut probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                loop {
                    if (*e).hash == 0 && (*e).key.is_null() {
                        if !freeslot.is_null() {
                            (*s).used += 1;
                            (*freeslot).key = key;
                            (*freeslot).hash = hash;
                            return 0;
                        }
                        (*s).fill += 1;
                        (*s).used += 1;
                        (*e).key = key;
                        (*e).hash = hash;
                        if ((*s).fill as usize) * 5 < mask * 3 {
                            return 0;
                        }
                        let used = (*s).used;
                        return table_resize(s, if used > 50000 { used * 2 } else { used * 4 });
                    }
                    if (*e).hash == hash {
                        let start = (*e).key;
                        if start == key {
                            Py_DecRef(key);
                            return 0;
                        }
                        let table = (*s).table;
                        let cmp = keys_equal(start, key);
                        if cmp > 0 {
                            Py_DecRef(key);
                            return 0;
                        }
                        if cmp < 0 {
                            Py_DecRef(key);
                            return -1;
                        }
                        if table != (*s).table || (*e).key != start {
                            continue 'restart;
                        }
                        mask = (*s).mask as usize;
                    } else if (*e).hash == -1 {
                        freeslot = e;
                    }
                    if probes == 0 {
                        break;
                    }
                    probes -= 1;
                    e = e.add(1);
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
        }
    }
}

/// Puts `key` in the first unused slot of its probe path in a table known
/// to hold neither it nor dummies (CPython's `set_insert_clean`). The
/// caller accounts for the reference and the counts.
///
/// # Safety
/// `table` must have `mask + 1` slots, at least one unused.
unsafe fn insert_clean(table: *mut setentry, mask: usize, key: *mut PyObject, hash: Py_hash_t) {
    let mut perturb = hash as usize;
    let mut i = perturb & mask;
    // SAFETY: every index is at most `mask`; the loop ends at an unused
    // slot, which the contract guarantees exists.
    unsafe {
        loop {
            let mut e = table.add(i);
            if (*e).key.is_null() {
                *e = setentry { key, hash };
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for _ in 0..LINEAR_PROBES {
                    e = e.add(1);
                    if (*e).key.is_null() {
                        *e = setentry { key, hash };
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }
}

/// Rebuilds the table with the smallest power of two above `minused`
/// slots (at least 8), dropping the dummies (CPython's
/// `set_table_resize`). -1 with `MemoryError`.
///
/// # Safety
/// `s` must be a live set.
unsafe fn table_resize(s: *mut PySetObject, minused: Py_ssize_t) -> c_int {
    let mut newsize = PySet_MINSIZE;
    while newsize <= minused.max(0) as usize {
        newsize <<= 1;
    }
    // SAFETY: a live set; no C code runs while the entries move (the
    // references move with them).
    unsafe {
        let oldmask = (*s).mask as usize;
        let mut oldtable = (*s).table;
        let old_malloced = oldtable != small(s);
        let mut small_copy = [setentry {
            key: ptr::null_mut(),
            hash: 0,
        }; PySet_MINSIZE];
        let newtable = if newsize == PySet_MINSIZE {
            if oldtable == small(s) {
                if (*s).fill == (*s).used {
                    return 0;
                }
                ptr::copy_nonoverlapping(oldtable, small_copy.as_mut_ptr(), PySet_MINSIZE);
                oldtable = small_copy.as_mut_ptr();
            }
            small(s)
        } else {
            let t = PyMem_Calloc(newsize, size_of::<setentry>()).cast::<setentry>();
            if t.is_null() {
                errors::PyErr_NoMemory();
                return -1;
            }
            t
        };
        ptr::write_bytes(newtable, 0, newsize);
        (*s).mask = newsize as Py_ssize_t - 1;
        (*s).table = newtable;
        let newmask = newsize - 1;
        let no_dummies = (*s).fill == (*s).used;
        (*s).fill = (*s).used;
        for j in 0..=oldmask {
            let e = oldtable.add(j);
            if (no_dummies && !(*e).key.is_null()) || active(e) {
                insert_clean(newtable, newmask, (*e).key, (*e).hash);
            }
        }
        if old_malloced {
            PyMem_Free(oldtable.cast());
        }
    }
    0
}

/// Whether `key` is in the set: 1, 0, or -1 with an error.
///
/// # Safety
/// `s` must be a live set and `key` a live object hashing to `hash`.
unsafe fn contains_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> c_int {
    // SAFETY: forwarded contract.
    match unsafe { lookkey(s, key, hash) } {
        // SAFETY: a slot of the live table.
        Some(e) => (unsafe { !(*e).key.is_null() }) as c_int,
        None => -1,
    }
}

/// Removes `key`: 1 when it was there, 0 when not, -1 with an error
/// (CPython's `set_discard_entry`).
///
/// # Safety
/// `s` must be a live set and `key` a live object hashing to `hash`.
unsafe fn discard_entry(s: *mut PySetObject, key: *mut PyObject, hash: Py_hash_t) -> c_int {
    // SAFETY: forwarded contract; the old key is released after the slot
    // is a dummy.
    unsafe {
        let Some(e) = lookkey(s, key, hash) else {
            return -1;
        };
        if (*e).key.is_null() {
            return 0;
        }
        let old = (*e).key;
        (*e).key = dummy();
        (*e).hash = -1;
        (*s).used -= 1;
        Py_DecRef(old);
        1
    }
}

/// The hash of a key for the set functions. -1 with an error.
///
/// # Safety
/// `key` must be a live object.
unsafe fn key_hash(key: *mut PyObject) -> Py_hash_t {
    // SAFETY: forwarded contract.
    unsafe { PyObject_Hash(key) }
}

/// `set_add_key`: hashes, then [`add_entry`].
///
/// # Safety
/// `s` must be a live set and `key` a live object.
unsafe fn add_key(s: *mut PySetObject, key: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        let h = key_hash(key);
        if h == -1 {
            return -1;
        }
        add_entry(s, key, h)
    }
}

/// `set_contains_key`: hashes, then [`contains_entry`].
///
/// # Safety
/// `s` must be a live set and `key` a live object.
unsafe fn contains_key(s: *mut PySetObject, key: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        let h = key_hash(key);
        if h == -1 {
            return -1;
        }
        contains_entry(s, key, h)
    }
}

/// `set_discard_key`: hashes, then [`discard_entry`].
///
/// # Safety
/// `s` must be a live set and `key` a live object.
unsafe fn discard_key(s: *mut PySetObject, key: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        let h = key_hash(key);
        if h == -1 {
            return -1;
        }
        discard_entry(s, key, h)
    }
}

/// Empties the set to its small table (CPython's `set_empty_to_minsize`).
///
/// # Safety
/// `s` must be a live set whose table's references are taken care of.
unsafe fn empty_to_minsize(s: *mut PySetObject) {
    // SAFETY: a live set.
    unsafe {
        ptr::write_bytes(small(s), 0, PySet_MINSIZE);
        (*s).fill = 0;
        (*s).used = 0;
        (*s).mask = PySet_MINSIZE as Py_ssize_t - 1;
        (*s).table = small(s);
        (*s).hash = -1;
    }
}

/// Removes every element. The set is empty and consistent before any
/// element is released, since releasing may run code that uses it.
///
/// # Safety
/// `s` must be a live set.
unsafe fn clear_internal(s: *mut PySetObject) {
    // SAFETY: a live set; the detached entries are owned here.
    unsafe {
        let table = (*s).table;
        let malloced = table != small(s);
        let n = (*s).mask as usize + 1;
        let mut keys = Vec::with_capacity((*s).used as usize);
        if (*s).fill > 0 || malloced {
            for j in 0..n {
                let e = table.add(j);
                if active(e) {
                    keys.push((*e).key);
                }
            }
            empty_to_minsize(s);
        }
        if malloced {
            PyMem_Free(table.cast());
        }
        for k in keys {
            Py_DecRef(k);
        }
    }
}

/// The next element at slot `*pos` or later, advancing `*pos` past it
/// (CPython's `set_next`).
///
/// # Safety
/// `s` must be a live set; `*pos >= 0`.
unsafe fn next_entry(s: *mut PySetObject, pos: &mut Py_ssize_t) -> Option<setentry> {
    // SAFETY: indices stay within `0..=mask`.
    unsafe {
        let mask = (*s).mask;
        let mut i = *pos;
        while i <= mask && !active(slot(s, i as usize)) {
            i += 1;
        }
        *pos = i + 1;
        if i > mask {
            None
        } else {
            Some(*slot(s, i as usize))
        }
    }
}

/// `set_merge`: adds every element of the set `other`, copying slot for
/// slot into an empty table of the same size as CPython does.
///
/// # Safety
/// `s` and `other` must be live sets.
unsafe fn merge(s: *mut PySetObject, other: *mut PySetObject) -> c_int {
    // SAFETY: live sets; references are taken for every copied key.
    unsafe {
        if other == s || (*other).used == 0 {
            return 0;
        }
        if ((*s).fill + (*other).used) * 5 >= (*s).mask * 3
            && table_resize(s, ((*s).used + (*other).used) * 2) != 0
        {
            return -1;
        }
        let omask = (*other).mask as usize;
        if (*s).fill == 0 && (*s).mask == (*other).mask && (*other).fill == (*other).used {
            for j in 0..=omask {
                let oe = *slot(other, j);
                if !oe.key.is_null() {
                    Py_IncRef(oe.key);
                    *slot(s, j) = oe;
                }
            }
            (*s).fill = (*other).fill;
            (*s).used = (*other).used;
            return 0;
        }
        if (*s).fill == 0 {
            let newtable = (*s).table;
            let newmask = (*s).mask as usize;
            (*s).fill = (*other).used;
            (*s).used = (*other).used;
            for j in 0..=omask {
                let oe = slot(other, j);
                if active(oe) {
                    Py_IncRef((*oe).key);
                    insert_clean(newtable, newmask, (*oe).key, (*oe).hash);
                }
            }
            return 0;
        }
        // Comparisons may run code that changes `other`: re-read its
        // table at every step, as CPython does.
        let mut j = 0;
        while j <= (*other).mask as usize {
            let oe = *slot(other, j);
            if !oe.key.is_null() && oe.key != dummy() && add_entry(s, oe.key, oe.hash) != 0 {
                return -1;
            }
            j += 1;
        }
        0
    }
}

/// `set_update_internal`: adds every element of the iterable `other`
/// (a set, a dict's keys with their stored hashes, or any iterable).
///
/// # Safety
/// `s` must be a live set and `other` a live object.
unsafe fn update_internal(s: *mut PySetObject, other: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        if is_anyset(other) {
            return merge(s, so(other));
        }
        if type_of(other) == crate::objects::dictobject::PyDict_Type.get() {
            let dictsize = crate::objects::dictobject::PyDict_Size(other);
            if ((*s).fill + dictsize) * 5 >= (*s).mask * 3
                && table_resize(s, ((*s).used + dictsize) * 2) != 0
            {
                return -1;
            }
            let (mut pos, mut k, mut v, mut h) = (0, ptr::null_mut(), ptr::null_mut(), 0);
            while _PyDict_Next(other, &mut pos, &mut k, &mut v, &mut h) != 0 {
                if add_entry(s, k, h) != 0 {
                    return -1;
                }
            }
            return 0;
        }
        for_each(other, |key| add_key(s, key))
    }
}

/// Calls `f` on each item of the iterable `other` (borrowed for the
/// call); stops at the first -1. -1 with an error.
///
/// # Safety
/// `other` must be a live object.
unsafe fn for_each(other: *mut PyObject, mut f: impl FnMut(*mut PyObject) -> c_int) -> c_int {
    // SAFETY: live per the contract; each item is owned across `f`.
    unsafe {
        let it = abstract_::PyObject_GetIter(other);
        if it.is_null() {
            return -1;
        }
        loop {
            let key = abstract_::PyIter_Next(it);
            if key.is_null() {
                break;
            }
            let r = f(key);
            Py_DecRef(key);
            if r < 0 {
                Py_DecRef(it);
                return -1;
            }
            if r > 0 {
                Py_DecRef(it);
                return 1;
            }
        }
        Py_DecRef(it);
        if errors::PyErr_Occurred().is_null() {
            0
        } else {
            -1
        }
    }
}

// ==========================================================================
// Making sets
// ==========================================================================

/// True when `op` is a set, a frozenset, or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_anyset(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { is_set(op) || is_frozenset(op) }
}

/// True when `op` is a set or an instance of a subclass (`PySet_Check`).
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_set(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { is_subtype(type_of(op), PySet_Type.get()) }
}

/// True when `op` is a frozenset or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_frozenset(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { is_subtype(type_of(op), PyFrozenSet_Type.get()) }
}

/// `make_new_set`: a new empty set of type `ty`, then updated from
/// `iterable` when it is not NULL. NULL with an error.
///
/// # Safety
/// `ty` must be `set`, `frozenset` or a subtype; `iterable` NULL or live.
unsafe fn make_new_set(ty: *mut PyTypeObject, iterable: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set type; the fresh object is initialised before use.
    unsafe {
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = alloc(ty, 0);
        if op.is_null() {
            return op;
        }
        let s = so(op);
        ptr::write_bytes(small(s), 0, PySet_MINSIZE);
        (*s).fill = 0;
        (*s).used = 0;
        (*s).mask = PySet_MINSIZE as Py_ssize_t - 1;
        (*s).table = small(s);
        (*s).hash = -1;
        (*s).finger = 0;
        (*s).weakreflist = ptr::null_mut();
        if !iterable.is_null() && update_internal(s, iterable) != 0 {
            Py_DecRef(op);
            return ptr::null_mut();
        }
        op
    }
}

/// `make_new_set_basetype`: as [`make_new_set`], with a subtype replaced
/// by `set` or `frozenset` (what operations on subclass instances return).
///
/// # Safety
/// As [`make_new_set`].
unsafe fn make_new_set_basetype(ty: *mut PyTypeObject, iterable: *mut PyObject) -> *mut PyObject {
    let (set_t, frozen_t) = (PySet_Type.get(), PyFrozenSet_Type.get());
    let ty = if ty == set_t || ty == frozen_t {
        ty
    // SAFETY: live types.
    } else if unsafe { is_subtype(ty, set_t) } {
        set_t
    } else {
        frozen_t
    };
    // SAFETY: forwarded contract.
    unsafe { make_new_set(ty, iterable) }
}

/// `set.copy()`: a new set (or frozenset) of the base type with the same
/// elements, in the same slots.
///
/// # Safety
/// `op` must be a live set.
unsafe fn copy(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { make_new_set_basetype(type_of(op), op) }
}

unsafe extern "C" fn set_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced set; its elements are released, then the
    // table and the object freed.
    unsafe {
        gc_untrack(op);
        crate::objects::weakrefobject::clear_weakrefs_of(op);
        let s = so(op);
        let table = (*s).table;
        let mut used = (*s).used;
        let mut j = 0;
        while used > 0 {
            let e = table.add(j);
            if active(e) {
                used -= 1;
                Py_DecRef((*e).key);
            }
            j += 1;
        }
        if table != small(s) {
            PyMem_Free(table.cast());
        }
        let free = (*type_of(op)).tp_free.unwrap_or(PyObject_GC_Del);
        free(op.cast());
    }
}

unsafe extern "C" fn set_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let mut pos = 0;
    // SAFETY: a live set; each key is visited as CPython's traversal does.
    while let Some(e) = unsafe { next_entry(so(op), &mut pos) } {
        // SAFETY: a live key.
        let r = unsafe { visit(e.key, arg) };
        if r != 0 {
            return r;
        }
    }
    0
}

unsafe extern "C" fn set_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live set.
    unsafe { clear_internal(so(op)) };
    0
}

// ==========================================================================
// The types
// ==========================================================================

static SET_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(set_len),
    sq_contains: Some(set_contains),
    ..PySequenceMethods::empty()
};

static SET_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(set_sub),
    nb_and: Some(set_and),
    nb_xor: Some(set_xor),
    nb_or: Some(set_or),
    nb_inplace_subtract: Some(set_isub),
    nb_inplace_and: Some(set_iand),
    nb_inplace_xor: Some(set_ixor),
    nb_inplace_or: Some(set_ior),
    ..PyNumberMethods::empty()
};

static FROZENSET_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_subtract: Some(set_sub),
    nb_and: Some(set_and),
    nb_xor: Some(set_xor),
    nb_or: Some(set_or),
    ..PyNumberMethods::empty()
};

const fn method(name: &'static std::ffi::CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: ptr::null(),
};

/// `set.__reduce__()` / `frozenset.__reduce__()`: `(type(s), (list(s),),
/// state)`, the state `_PyObject_GetState` gives (None unless a subclass
/// instance has attributes).
unsafe extern "C" fn set_reduce(so: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::Owned;
    // SAFETY: a method call on a live set; every object made is owned.
    unsafe {
        let Some(keys) = Owned::new(crate::objects::r#abstract::PySequence_List(so)) else {
            return ptr::null_mut();
        };
        let Some(args) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            keys.as_ptr()
        ])) else {
            return ptr::null_mut();
        };
        let Some(state) = Owned::new(crate::objects::typeobject::_PyObject_GetState(so)) else {
            return ptr::null_mut();
        };
        crate::objects::tupleobject::tuple_from_slice(&[
            type_of(so).cast(),
            args.as_ptr(),
            state.as_ptr(),
        ])
    }
}

static SET_METHODS: StaticObject<[PyMethodDef; 21]> = StaticObject::new([
    method(c"add", set_add_method, METH_O),
    method(c"clear", set_clear_method, METH_NOARGS),
    method(c"__contains__", set_direct_contains, METH_O | METH_COEXIST),
    method(c"copy", set_copy_method, METH_NOARGS),
    method(c"discard", set_discard_method, METH_O),
    method(c"difference", set_difference_multi, METH_VARARGS),
    method(c"difference_update", set_difference_update, METH_VARARGS),
    method(c"intersection", set_intersection_multi, METH_VARARGS),
    method(
        c"intersection_update",
        set_intersection_update_multi,
        METH_VARARGS,
    ),
    method(c"isdisjoint", set_isdisjoint, METH_O),
    method(c"issubset", set_issubset, METH_O),
    method(c"issuperset", set_issuperset, METH_O),
    method(c"pop", set_pop_method, METH_NOARGS),
    method(c"__reduce__", set_reduce, METH_NOARGS),
    method(c"remove", set_remove_method, METH_O),
    method(c"__sizeof__", set_sizeof, METH_NOARGS),
    method(c"symmetric_difference", set_symmetric_difference, METH_O),
    method(
        c"symmetric_difference_update",
        set_symmetric_difference_update,
        METH_O,
    ),
    method(c"union", set_union, METH_VARARGS),
    method(c"update", set_update, METH_VARARGS),
    METHOD_END,
]);

static FROZENSET_METHODS: StaticObject<[PyMethodDef; 12]> = StaticObject::new([
    method(c"__contains__", set_direct_contains, METH_O | METH_COEXIST),
    method(c"copy", frozenset_copy, METH_NOARGS),
    method(c"__reduce__", set_reduce, METH_NOARGS),
    method(c"difference", set_difference_multi, METH_VARARGS),
    method(c"intersection", set_intersection_multi, METH_VARARGS),
    method(c"isdisjoint", set_isdisjoint, METH_O),
    method(c"issubset", set_issubset, METH_O),
    method(c"issuperset", set_issuperset, METH_O),
    method(c"__sizeof__", set_sizeof, METH_NOARGS),
    method(c"symmetric_difference", set_symmetric_difference, METH_O),
    method(c"union", set_union, METH_VARARGS),
    METHOD_END,
]);

/// The shared part of `set` and `frozenset`.
const fn set_type(name: &'static std::ffi::CStr) -> PyTypeObject {
    let mut ty = static_type(
        name,
        size_of::<PySetObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
        set_dealloc,
    );
    ty.tp_repr = Some(set_repr);
    ty.tp_richcompare = Some(set_richcompare);
    ty.tp_iter = Some(set_iter);
    ty.tp_traverse = Some(set_traverse);
    ty.tp_clear = Some(set_tp_clear);
    ty.tp_as_sequence = &raw const SET_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty.tp_weaklistoffset = std::mem::offset_of!(PySetObject, weakreflist) as Py_ssize_t;
    ty
}

/// `PySet_Type`: `set`.
#[unsafe(no_mangle)]
pub static PySet_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = set_type(c"set");
    ty.tp_hash = Some(crate::objects::object::PyObject_HashNotImplemented);
    ty.tp_as_number = &raw const SET_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_methods = SET_METHODS.get().cast();
    ty.tp_init = Some(set_init);
    ty.tp_new = Some(set_new);
    ty
});

/// `PyFrozenSet_Type`: `frozenset`.
#[unsafe(no_mangle)]
pub static PyFrozenSet_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = set_type(c"frozenset");
    ty.tp_hash = Some(frozenset_hash);
    ty.tp_as_number = &raw const FROZENSET_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_methods = FROZENSET_METHODS.get().cast();
    ty.tp_new = Some(frozenset_new);
    ty
});

/// `set.__new__`: an empty set (the elements come from `__init__`).
unsafe extern "C" fn set_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `set` or a subtype.
    unsafe { make_new_set(ty, ptr::null_mut()) }
}

/// `set.__init__(iterable=())`: empties the set, then adds the iterable's
/// elements.
unsafe extern "C" fn set_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a live set; `args` a tuple and `kwds` NULL or a dict.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"set".as_ptr(), kwds) == 0 {
            return -1;
        }
        let Some(iterable) = unpack_one(args, (*type_of(op)).tp_name) else {
            return -1;
        };
        let s = so(op);
        if (*s).fill != 0 {
            clear_internal(s);
        }
        (*s).hash = -1;
        if iterable.is_null() {
            return 0;
        }
        update_internal(s, iterable)
    }
}

/// `PyArg_UnpackTuple(args, name, 0, 1, &x)`: Some(NULL or the argument),
/// None with CPython's `TypeError` for more arguments.
///
/// # Safety
/// `args` must be a live tuple; `name` NUL-terminated.
unsafe fn unpack_one(args: *mut PyObject, name: *const std::ffi::c_char) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    unsafe {
        let n = if args.is_null() {
            0
        } else {
            tupleobject::size(args)
        };
        if crate::python::getargs::_PyArg_CheckPositional(name, n, 0, 1) == 0 {
            return None;
        }
        Some(if n == 1 {
            tupleobject::get(args, 0)
        } else {
            ptr::null_mut()
        })
    }
}

/// `frozenset.__new__(iterable=())`: the elements of the iterable; an
/// exact frozenset argument is returned as it is.
unsafe extern "C" fn frozenset_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `frozenset` or a subtype; `args` a tuple, `kwds` NULL or a
    // dict.
    unsafe {
        let frozen_t = PyFrozenSet_Type.get();
        let same_init = match ((*ty).tp_init, (*frozen_t).tp_init) {
            (None, None) => true,
            (Some(a), Some(b)) => ptr::fn_addr_eq(a, b),
            _ => false,
        };
        if (ty == frozen_t || same_init)
            && crate::python::getargs::_PyArg_NoKeywords(c"frozenset".as_ptr(), kwds) == 0
        {
            return ptr::null_mut();
        }
        let Some(iterable) = unpack_one(args, (*ty).tp_name) else {
            return ptr::null_mut();
        };
        if ty == frozen_t && !iterable.is_null() && type_of(iterable) == frozen_t {
            Py_IncRef(iterable);
            return iterable;
        }
        make_new_set(ty, iterable)
    }
}

// ==========================================================================
// Slots
// ==========================================================================

unsafe extern "C" fn set_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live set.
    unsafe { (*so(op)).used }
}

/// `sq_contains`: `key in s`; an unhashable `set` key is looked up as a
/// frozenset of its elements, as CPython does.
unsafe extern "C" fn set_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live objects.
    unsafe {
        let rv = contains_key(so(op), key);
        if rv >= 0 || !is_set(key) || !type_error_pending() {
            return rv;
        }
        errors::PyErr_Clear();
        let tmp = make_new_set(PyFrozenSet_Type.get(), key);
        if tmp.is_null() {
            return -1;
        }
        let rv = contains_key(so(op), tmp);
        Py_DecRef(tmp);
        rv
    }
}

/// True when the pending error is a `TypeError`.
fn type_error_pending() -> bool {
    // SAFETY: a live exception type.
    unsafe { errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 }
}

/// `repr(s)`: `set()`, `{1, 2}`, `frozenset({1})`, `T({...})` for a
/// subclass `T`, and `set(...)` for a set reached again while printing
/// itself, as CPython.
unsafe extern "C" fn set_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set; the elements are referenced while their reprs
    // (which may run C code) are computed.
    unsafe {
        let name = tp_name(type_of(op), usize::MAX);
        if !abstract_::repr_enter(op) {
            return unicode_from_str(&format!("{name}(...)"));
        }
        let s = so(op);
        if (*s).used == 0 {
            abstract_::repr_leave(op);
            return unicode_from_str(&format!("{name}()"));
        }
        let mut keys = Vec::with_capacity((*s).used as usize);
        let mut pos = 0;
        while let Some(e) = next_entry(s, &mut pos) {
            Py_IncRef(e.key);
            keys.push(e.key);
        }
        let mut body = String::new();
        let mut ok = true;
        for &k in &keys {
            if !ok {
                break;
            }
            match abstract_::repr_string(k) {
                Some(r) => {
                    if !body.is_empty() {
                        body.push_str(", ");
                    }
                    body.push_str(&r);
                }
                None => ok = false,
            }
        }
        for k in keys {
            Py_DecRef(k);
        }
        abstract_::repr_leave(op);
        if !ok {
            return ptr::null_mut();
        }
        if type_of(op) == PySet_Type.get() {
            unicode_from_str(&format!("{{{body}}}"))
        } else {
            unicode_from_str(&format!("{name}({{{body}}})"))
        }
    }
}

/// Shuffles an entry's hash before it is combined (CPython's
/// `_shuffle_bits`), so that nearby hashes spread over the result.
fn shuffle_bits(h: usize) -> usize {
    ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
}

/// `hash(frozenset)`: CPython's order-independent hash, cached.
unsafe extern "C" fn frozenset_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live frozenset.
    unsafe {
        let s = so(op);
        if (*s).hash != -1 {
            return (*s).hash;
        }
        let mut h: usize = 0;
        for j in 0..=(*s).mask as usize {
            h ^= shuffle_bits((*slot(s, j)).hash as usize);
        }
        // Remove the effect of an odd number of unused and dummy slots.
        if ((*s).mask + 1 - (*s).fill) & 1 != 0 {
            h ^= shuffle_bits(0);
        }
        if ((*s).fill - (*s).used) & 1 != 0 {
            h ^= shuffle_bits(usize::MAX);
        }
        h ^= ((*s).used as usize)
            .wrapping_add(1)
            .wrapping_mul(1927868237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        if h == usize::MAX {
            h = 590923713;
        }
        (*s).hash = h as Py_hash_t;
        h as Py_hash_t
    }
}

/// `tp_richcompare`: `==` and `!=` by elements, `<=` / `>=` as subset /
/// superset, `<` / `>` as proper ones; `NotImplemented` for a non-set.
unsafe extern "C" fn set_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_anyset(w) {
            return not_implemented();
        }
        let (sv, sw) = (so(v), so(w));
        match op {
            Py_EQ => {
                if (*sv).used != (*sw).used {
                    return bool_from_bool(false);
                }
                if (*sv).hash != -1 && (*sw).hash != -1 && (*sv).hash != (*sw).hash {
                    return bool_from_bool(false);
                }
                set_issubset(v, w)
            }
            Py_NE => {
                let r = set_richcompare(v, w, Py_EQ);
                if r.is_null() {
                    return r;
                }
                let t = PyObject_IsTrue(r);
                Py_DecRef(r);
                if t < 0 {
                    return ptr::null_mut();
                }
                bool_from_bool(t == 0)
            }
            Py_LE => set_issubset(v, w),
            Py_GE => set_issuperset(v, w),
            Py_LT => {
                if (*sv).used >= (*sw).used {
                    return bool_from_bool(false);
                }
                set_issubset(v, w)
            }
            Py_GT => {
                if (*sv).used <= (*sw).used {
                    return bool_from_bool(false);
                }
                set_issuperset(v, w)
            }
            _ => not_implemented(),
        }
    }
}

// ==========================================================================
// Number protocol: | & - ^ and the in-place forms
// ==========================================================================

/// Both operands sets? (The binary slots receive either operand first.)
///
/// # Safety
/// Both must be live objects.
unsafe fn both_sets(a: *mut PyObject, b: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { is_anyset(a) && is_anyset(b) }
}

unsafe extern "C" fn set_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !both_sets(a, b) {
            return not_implemented();
        }
        let result = copy(a);
        if result.is_null() || a == b {
            return result;
        }
        if update_internal(so(result), b) != 0 {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

unsafe extern "C" fn set_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !both_sets(a, b) {
            return not_implemented();
        }
        intersection(a, b)
    }
}

unsafe extern "C" fn set_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !both_sets(a, b) {
            return not_implemented();
        }
        difference(a, b)
    }
}

unsafe extern "C" fn set_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !both_sets(a, b) {
            return not_implemented();
        }
        set_symmetric_difference(a, b)
    }
}

/// Returns a new reference to `op` when `status` is 0, else NULL.
///
/// # Safety
/// `op` must be a live object.
unsafe fn self_or_null(op: *mut PyObject, status: c_int) -> *mut PyObject {
    if status != 0 {
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe { Py_IncRef(op) };
    op
}

/// Releases a method's result and maps it to a status.
///
/// # Safety
/// `r` must be NULL or a new reference.
unsafe fn status_of(r: *mut PyObject) -> c_int {
    if r.is_null() {
        return -1;
    }
    // SAFETY: a new reference.
    unsafe { Py_DecRef(r) };
    0
}

unsafe extern "C" fn set_ior(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects; `a` is the set (in-place slots get it first).
    unsafe {
        if !is_anyset(b) {
            return not_implemented();
        }
        self_or_null(a, update_internal(so(a), b))
    }
}

unsafe extern "C" fn set_iand(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_anyset(b) {
            return not_implemented();
        }
        self_or_null(a, status_of(intersection_update(a, b)))
    }
}

unsafe extern "C" fn set_isub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_anyset(b) {
            return not_implemented();
        }
        self_or_null(a, difference_update_internal(so(a), b))
    }
}

unsafe extern "C" fn set_ixor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_anyset(b) {
            return not_implemented();
        }
        self_or_null(a, status_of(set_symmetric_difference_update(a, b)))
    }
}

// ==========================================================================
// The operations behind the methods
// ==========================================================================

/// `set_intersection(so, other)`: a new set of the base type with the
/// elements of `so` that are in `other`.
///
/// # Safety
/// `op` must be a live set and `other` a live object.
unsafe fn intersection(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects; each key is referenced across the lookups.
    unsafe {
        if op == other {
            return copy(op);
        }
        let result = make_new_set_basetype(type_of(op), ptr::null_mut());
        if result.is_null() {
            return result;
        }
        if is_anyset(other) {
            let (mut big, mut small_) = (op, other);
            if (*so(other)).used > (*so(op)).used {
                big = other;
                small_ = op;
            }
            let mut pos = 0;
            while let Some(e) = next_entry(so(small_), &mut pos) {
                Py_IncRef(e.key);
                let mut rv = contains_entry(so(big), e.key, e.hash);
                if rv > 0 {
                    rv = add_entry(so(result), e.key, e.hash);
                    if rv == 0 {
                        rv = 1;
                    }
                }
                Py_DecRef(e.key);
                if rv < 0 {
                    Py_DecRef(result);
                    return ptr::null_mut();
                }
            }
            return result;
        }
        let r = for_each(other, |key| {
            let h = key_hash(key);
            if h == -1 {
                return -1;
            }
            let rv = contains_entry(so(op), key, h);
            if rv <= 0 {
                return rv;
            }
            if add_entry(so(result), key, h) != 0 {
                return -1;
            }
            // Every element of `so` found: nothing more can be added.
            ((*so(result)).used >= (*so(op)).used) as c_int
        });
        if r < 0 {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

/// `s.intersection_update(other)`: replaces the body of `op` with the
/// intersection. Returns None or NULL.
///
/// # Safety
/// `op` must be a live set and `other` a live object.
unsafe fn intersection_update(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe {
        let tmp = intersection(op, other);
        if tmp.is_null() {
            return tmp;
        }
        swap_bodies(so(op), so(tmp));
        Py_DecRef(tmp);
        none_ref()
    }
}

/// A new reference to `None`.
fn none_ref() -> *mut PyObject {
    let n = py_none();
    // SAFETY: the immortal None.
    unsafe { Py_IncRef(n) };
    n
}

/// Exchanges the tables and counts of two sets (CPython's
/// `set_swap_bodies`); the cached hashes are swapped between two
/// frozensets and reset otherwise.
///
/// # Safety
/// `a` and `b` must be live, distinct sets.
unsafe fn swap_bodies(a: *mut PySetObject, b: *mut PySetObject) {
    // SAFETY: live sets; the small tables are swapped along with the
    // pointers that refer to them.
    unsafe {
        std::mem::swap(&mut (*a).fill, &mut (*b).fill);
        std::mem::swap(&mut (*a).used, &mut (*b).used);
        std::mem::swap(&mut (*a).mask, &mut (*b).mask);
        let a_small = (*a).table == small(a);
        let b_small = (*b).table == small(b);
        let at = (*a).table;
        (*a).table = if b_small { small(a) } else { (*b).table };
        (*b).table = if a_small { small(b) } else { at };
        if a_small || b_small {
            ptr::swap(&raw mut (*a).smalltable, &raw mut (*b).smalltable);
        }
        let frozen_t = PyFrozenSet_Type.get();
        if is_subtype(type_of(a.cast()), frozen_t) && is_subtype(type_of(b.cast()), frozen_t) {
            std::mem::swap(&mut (*a).hash, &mut (*b).hash);
        } else {
            (*a).hash = -1;
            (*b).hash = -1;
        }
    }
}

/// `set_difference_update_internal`: removes the elements of `other`,
/// then purges the dummies when more than a quarter of the slots are.
///
/// # Safety
/// `s` must be a live set and `other` a live object.
unsafe fn difference_update_internal(s: *mut PySetObject, other: *mut PyObject) -> c_int {
    // SAFETY: live objects; keys are referenced across the discards.
    unsafe {
        if s.cast() == other {
            clear_internal(s);
            return 0;
        }
        if is_anyset(other) {
            let other = if ((*so(other)).used >> 3) > (*s).used {
                let o = intersection(s.cast(), other);
                if o.is_null() {
                    return -1;
                }
                o
            } else {
                Py_IncRef(other);
                other
            };
            let mut pos = 0;
            while let Some(e) = next_entry(so(other), &mut pos) {
                Py_IncRef(e.key);
                let r = discard_entry(s, e.key, e.hash);
                Py_DecRef(e.key);
                if r < 0 {
                    Py_DecRef(other);
                    return -1;
                }
            }
            Py_DecRef(other);
        } else if for_each(other, |key| discard_key(s, key).min(0)) < 0 {
            return -1;
        }
        if (((*s).fill - (*s).used) as usize) <= ((*s).mask as usize) / 4 {
            return 0;
        }
        let used = (*s).used;
        table_resize(s, if used > 50000 { used * 2 } else { used * 4 })
    }
}

/// `set_copy_and_difference`.
///
/// # Safety
/// `op` must be a live set and `other` a live object.
unsafe fn copy_and_difference(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe {
        let result = copy(op);
        if result.is_null() {
            return result;
        }
        if difference_update_internal(so(result), other) != 0 {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

/// `set_difference(so, other)`: a new set of the base type with the
/// elements of `op` not in `other`.
///
/// # Safety
/// `op` must be a live set and `other` a live object.
unsafe fn difference(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects; keys are referenced across lookups.
    unsafe {
        let dict_t = crate::objects::dictobject::PyDict_Type.get();
        let is_dict = type_of(other) == dict_t;
        let other_size = if is_anyset(other) {
            (*so(other)).used
        } else if is_dict {
            crate::objects::dictobject::PyDict_Size(other)
        } else {
            return copy_and_difference(op, other);
        };
        if ((*so(op)).used >> 2) > other_size {
            return copy_and_difference(op, other);
        }
        let result = make_new_set_basetype(type_of(op), ptr::null_mut());
        if result.is_null() {
            return result;
        }
        let mut pos = 0;
        while let Some(e) = next_entry(so(op), &mut pos) {
            Py_IncRef(e.key);
            let rv = if is_dict {
                let v = _PyDict_GetItem_KnownHash(other, e.key, e.hash);
                if v.is_null() && !errors::PyErr_Occurred().is_null() {
                    -1
                } else {
                    (!v.is_null()) as c_int
                }
            } else {
                contains_entry(so(other), e.key, e.hash)
            };
            let rv = if rv == 0 {
                add_entry(so(result), e.key, e.hash)
            } else {
                rv.min(0)
            };
            Py_DecRef(e.key);
            if rv < 0 {
                Py_DecRef(result);
                return ptr::null_mut();
            }
        }
        result
    }
}

/// `set_issubset(so, other)`: `True` when every element of `op` is in
/// `other` (any iterable, made a set first).
///
/// # Safety
/// `op` must be a live set and `other` a live object.
unsafe fn issubset(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_anyset(other) {
            let tmp = make_new_set(PySet_Type.get(), other);
            if tmp.is_null() {
                return tmp;
            }
            let r = issubset(op, tmp);
            Py_DecRef(tmp);
            return r;
        }
        if (*so(op)).used > (*so(other)).used {
            return bool_from_bool(false);
        }
        let mut pos = 0;
        while let Some(e) = next_entry(so(op), &mut pos) {
            Py_IncRef(e.key);
            let rv = contains_entry(so(other), e.key, e.hash);
            Py_DecRef(e.key);
            if rv < 0 {
                return ptr::null_mut();
            }
            if rv == 0 {
                return bool_from_bool(false);
            }
        }
        bool_from_bool(true)
    }
}

// ==========================================================================
// Methods
// ==========================================================================

unsafe extern "C" fn set_add_method(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and key.
    unsafe {
        if add_key(so(op), key) != 0 {
            return ptr::null_mut();
        }
    }
    none_ref()
}

unsafe extern "C" fn set_clear_method(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set.
    unsafe { clear_internal(so(op)) };
    none_ref()
}

unsafe extern "C" fn set_direct_contains(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and key.
    let r = unsafe { set_contains(op, key) };
    if r < 0 {
        return ptr::null_mut();
    }
    bool_from_bool(r != 0)
}

unsafe extern "C" fn set_copy_method(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set.
    unsafe { copy(op) }
}

unsafe extern "C" fn frozenset_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live frozenset.
    unsafe {
        if type_of(op) == PyFrozenSet_Type.get() {
            Py_IncRef(op);
            return op;
        }
        copy(op)
    }
}

/// Discards `key` from the set, looking up an unhashable `set` key as a
/// frozenset: 1 found, 0 not, -1 with an error.
///
/// # Safety
/// `op` must be a live set and `key` a live object.
unsafe fn discard_or_frozen(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live objects.
    unsafe {
        let rv = discard_key(so(op), key);
        if rv >= 0 || !is_set(key) || !type_error_pending() {
            return rv;
        }
        errors::PyErr_Clear();
        let tmp = make_new_set(PyFrozenSet_Type.get(), key);
        if tmp.is_null() {
            return -1;
        }
        let rv = discard_key(so(op), tmp);
        Py_DecRef(tmp);
        rv
    }
}

unsafe extern "C" fn set_discard_method(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and key.
    if unsafe { discard_or_frozen(op, key) } < 0 {
        return ptr::null_mut();
    }
    none_ref()
}

unsafe extern "C" fn set_remove_method(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and key.
    match unsafe { discard_or_frozen(op, key) } {
        r if r < 0 => ptr::null_mut(),
        0 => {
            // SAFETY: a live key.
            unsafe { set_key_error(key) };
            ptr::null_mut()
        }
        _ => none_ref(),
    }
}

/// `s.pop()`: removes and returns an element, scanning from where the
/// previous pop stopped; `KeyError('pop from an empty set')`.
///
/// # Safety
/// `op` must be a live set.
unsafe fn pop(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set; the scan stays within the table and ends at an
    // active slot, which exists since `used > 0`.
    unsafe {
        let s = so(op);
        if (*s).used == 0 {
            return errors::fail_null(Exc::KeyError, "pop from an empty set");
        }
        let mask = (*s).mask as usize;
        let mut i = ((*s).finger as usize) & mask;
        while !active(slot(s, i)) {
            i += 1;
            if i > mask {
                i = 0;
            }
        }
        let e = slot(s, i);
        let key = (*e).key;
        (*e).key = dummy();
        (*e).hash = -1;
        (*s).used -= 1;
        (*s).finger = i as Py_ssize_t + 1;
        key
    }
}

unsafe extern "C" fn set_pop_method(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set.
    unsafe { pop(op) }
}

unsafe extern "C" fn set_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set of a live type.
    unsafe {
        let s = so(op);
        let mut n = (*type_of(op)).tp_basicsize;
        if (*s).table != small(s) {
            n += ((*s).mask + 1) * size_of::<setentry>() as Py_ssize_t;
        }
        crate::objects::longobject::PyLong_FromSsize_t(n)
    }
}

/// The arguments of a `METH_VARARGS` method.
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn varargs(args: *mut PyObject) -> Vec<*mut PyObject> {
    // SAFETY: a live tuple.
    unsafe {
        (0..tupleobject::size(args))
            .map(|i| tupleobject::get(args, i))
            .collect()
    }
}

unsafe extern "C" fn set_union(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and a tuple of live objects (held by the tuple).
    unsafe {
        let result = copy(op);
        if result.is_null() {
            return result;
        }
        for other in varargs(args) {
            if other == op {
                continue;
            }
            if update_internal(so(result), other) != 0 {
                Py_DecRef(result);
                return ptr::null_mut();
            }
        }
        result
    }
}

unsafe extern "C" fn set_update(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and a tuple of live objects.
    unsafe {
        for other in varargs(args) {
            if update_internal(so(op), other) != 0 {
                return ptr::null_mut();
            }
        }
    }
    none_ref()
}

/// `set_intersection_multi`.
///
/// # Safety
/// `op` must be a live set and `args` a live tuple.
unsafe fn intersection_multi(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        let others = varargs(args);
        if others.is_empty() {
            return copy(op);
        }
        Py_IncRef(op);
        let mut result = op;
        for other in others {
            let next = intersection(result, other);
            Py_DecRef(result);
            if next.is_null() {
                return next;
            }
            result = next;
        }
        result
    }
}

unsafe extern "C" fn set_intersection_multi(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live set and a tuple.
    unsafe { intersection_multi(op, args) }
}

unsafe extern "C" fn set_intersection_update_multi(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live set and a tuple.
    unsafe {
        let tmp = intersection_multi(op, args);
        if tmp.is_null() {
            return tmp;
        }
        if tmp != op {
            swap_bodies(so(op), so(tmp));
        }
        Py_DecRef(tmp);
    }
    none_ref()
}

unsafe extern "C" fn set_difference_multi(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live set and a tuple of live objects.
    unsafe {
        let others = varargs(args);
        let Some((&first, rest)) = others.split_first() else {
            return copy(op);
        };
        let result = difference(op, first);
        if result.is_null() {
            return result;
        }
        for &other in rest {
            if difference_update_internal(so(result), other) != 0 {
                Py_DecRef(result);
                return ptr::null_mut();
            }
        }
        result
    }
}

unsafe extern "C" fn set_difference_update(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live set and a tuple of live objects.
    unsafe {
        for other in varargs(args) {
            if difference_update_internal(so(op), other) != 0 {
                return ptr::null_mut();
            }
        }
    }
    none_ref()
}

unsafe extern "C" fn set_symmetric_difference_update(
    op: *mut PyObject,
    other: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects; keys are referenced across the lookups.
    unsafe {
        let s = so(op);
        if op == other {
            clear_internal(s);
            return none_ref();
        }
        /// Discards the key if present, else adds it; -1 with an error.
        unsafe fn toggle(s: *mut PySetObject, key: *mut PyObject, h: Py_hash_t) -> c_int {
            // SAFETY: the caller's live set and referenced key.
            unsafe {
                Py_IncRef(key);
                let mut rv = discard_entry(s, key, h);
                if rv == 0 {
                    rv = add_entry(s, key, h);
                }
                Py_DecRef(key);
                rv.min(0)
            }
        }
        if type_of(other) == crate::objects::dictobject::PyDict_Type.get() {
            let (mut pos, mut k, mut v, mut h) = (0, ptr::null_mut(), ptr::null_mut(), 0);
            while _PyDict_Next(other, &mut pos, &mut k, &mut v, &mut h) != 0 {
                if toggle(s, k, h) < 0 {
                    return ptr::null_mut();
                }
            }
            return none_ref();
        }
        let otherset = if is_anyset(other) {
            Py_IncRef(other);
            other
        } else {
            let o = make_new_set_basetype(type_of(op), other);
            if o.is_null() {
                return o;
            }
            o
        };
        let mut pos = 0;
        while let Some(e) = next_entry(so(otherset), &mut pos) {
            if toggle(s, e.key, e.hash) < 0 {
                Py_DecRef(otherset);
                return ptr::null_mut();
            }
        }
        Py_DecRef(otherset);
    }
    none_ref()
}

unsafe extern "C" fn set_symmetric_difference(
    op: *mut PyObject,
    other: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        let otherset = make_new_set_basetype(type_of(op), other);
        if otherset.is_null() {
            return otherset;
        }
        let r = set_symmetric_difference_update(otherset, op);
        if r.is_null() {
            Py_DecRef(otherset);
            return r;
        }
        Py_DecRef(r);
        otherset
    }
}

unsafe extern "C" fn set_isdisjoint(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects; keys are referenced across the lookups.
    unsafe {
        if op == other {
            return bool_from_bool((*so(op)).used == 0);
        }
        let (set_t, frozen_t) = (PySet_Type.get(), PyFrozenSet_Type.get());
        if type_of(other) == set_t || type_of(other) == frozen_t {
            let (mut big, mut small_) = (op, other);
            if (*so(other)).used > (*so(op)).used {
                big = other;
                small_ = op;
            }
            let mut pos = 0;
            while let Some(e) = next_entry(so(small_), &mut pos) {
                Py_IncRef(e.key);
                let rv = contains_entry(so(big), e.key, e.hash);
                Py_DecRef(e.key);
                if rv < 0 {
                    return ptr::null_mut();
                }
                if rv > 0 {
                    return bool_from_bool(false);
                }
            }
            return bool_from_bool(true);
        }
        match for_each(other, |key| contains_key(so(op), key)) {
            r if r < 0 => ptr::null_mut(),
            r => bool_from_bool(r == 0),
        }
    }
}

unsafe extern "C" fn set_issubset(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { issubset(op, other) }
}

unsafe extern "C" fn set_issuperset(op: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if is_anyset(other) {
            return issubset(other, op);
        }
        match for_each(other, |key| {
            let rv = contains_key(so(op), key);
            // Stop at the first missing element.
            if rv == 0 { 1 } else { rv.min(0) }
        }) {
            r if r < 0 => ptr::null_mut(),
            r => bool_from_bool(r == 0),
        }
    }
}

// ==========================================================================
// Iterator
// ==========================================================================

/// A set iterator: the set (released at the end), its size when the
/// iteration began, the next slot and the elements left.
#[repr(C)]
struct SetIter {
    ob_base: PyObject,
    set: *mut PyObject,
    used: Py_ssize_t,
    pos: Py_ssize_t,
    len: Py_ssize_t,
}

static SETITER_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    method(c"__length_hint__", setiter_len, METH_NOARGS),
    method(c"__reduce__", setiter_reduce, METH_NOARGS),
    METHOD_END,
]);

/// `PySetIter_Type`: `set_iterator`.
#[unsafe(no_mangle)]
pub static PySetIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"set_iterator",
        size_of::<SetIter>(),
        Py_TPFLAGS_HAVE_GC,
        setiter_dealloc,
    );
    ty.tp_iter = Some(abstract_::PyObject_SelfIter);
    ty.tp_iternext = Some(setiter_next);
    ty.tp_traverse = Some(setiter_traverse);
    ty.tp_methods = SETITER_METHODS.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `iter(set)`.
unsafe extern "C" fn set_iter(op: *mut PyObject) -> *mut PyObject {
    let ty = PySetIter_Type.get();
    // SAFETY: a live static type and a live set.
    unsafe {
        let it = PyType_GenericAlloc(ty, 0);
        if !it.is_null() {
            Py_IncRef(op);
            let si = it.cast::<SetIter>();
            (*si).set = op;
            (*si).used = (*so(op)).used;
            (*si).pos = 0;
            (*si).len = (*so(op)).used;
        }
        it
    }
}

unsafe extern "C" fn setiter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced SetIter.
    unsafe {
        gc_untrack(op);
        let set = (*op.cast::<SetIter>()).set;
        if !set.is_null() {
            Py_DecRef(set);
        }
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn setiter_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live SetIter.
    unsafe {
        let set = (*op.cast::<SetIter>()).set;
        if set.is_null() { 0 } else { visit(set, arg) }
    }
}

unsafe extern "C" fn setiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live SetIter.
    let n = unsafe {
        let si = op.cast::<SetIter>();
        if !(*si).set.is_null() && (*si).used == (*so((*si).set)).used {
            (*si).len
        } else {
            0
        }
    };
    crate::objects::longobject::PyLong_FromSsize_t(n)
}

/// `__reduce__()`: `(iter, (list_of_what_is_left,))`, the list made by a
/// copy of the iterator so this one does not move (the copy's errors, as
/// "Set changed size during iteration", pass through).
unsafe extern "C" fn setiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::Owned;
    // SAFETY: a live SetIter; the copy takes its own reference to the set
    // and is released here.
    unsafe {
        let Some(copy) = Owned::new(PyType_GenericAlloc(PySetIter_Type.get(), 0)) else {
            return ptr::null_mut();
        };
        let (c, si) = (copy.as_ptr().cast::<SetIter>(), op.cast::<SetIter>());
        (*c).set = (*si).set;
        (*c).used = (*si).used;
        (*c).pos = (*si).pos;
        (*c).len = (*si).len;
        if !(*c).set.is_null() {
            Py_IncRef((*c).set);
        }
        let Some(list) = Owned::new(abstract_::PySequence_List(copy.as_ptr())) else {
            return ptr::null_mut();
        };
        crate::objects::iterobject::reduce_to(c"iter", list, None)
    }
}

/// `next(it)`: the next element, `RuntimeError('Set changed size during
/// iteration')` (sticky) when the set's size changed, NULL without an
/// error at the end (the set is released then).
unsafe extern "C" fn setiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live SetIter holding a live set.
    unsafe {
        let si = op.cast::<SetIter>();
        let set = (*si).set;
        if set.is_null() {
            return ptr::null_mut();
        }
        let s = so(set);
        if (*si).used != (*s).used {
            (*si).used = -1;
            return errors::fail_null(Exc::RuntimeError, "Set changed size during iteration");
        }
        let mut pos = (*si).pos;
        let e = next_entry(s, &mut pos);
        (*si).pos = pos;
        match e {
            Some(e) => {
                (*si).len -= 1;
                Py_IncRef(e.key);
                e.key
            }
            None => {
                (*si).set = ptr::null_mut();
                Py_DecRef(set);
                ptr::null_mut()
            }
        }
    }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PySet_New(iterable)`: a new set of the iterable's elements (empty for
/// NULL). Fails (NULL) with what iterating or hashing raised.
///
/// # Safety
/// `iterable` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_New(iterable: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { make_new_set(PySet_Type.get(), iterable) }
}

/// `PyFrozenSet_New(iterable)`: a new frozenset of the iterable's elements
/// (empty for NULL).
///
/// # Safety
/// `iterable` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrozenSet_New(iterable: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { make_new_set(PyFrozenSet_Type.get(), iterable) }
}

/// `PySet_Size(anyset)`: the number of elements; -1 with `SystemError`
/// when it is not a set or frozenset (or NULL: stricter than CPython,
/// which crashes).
///
/// # Safety
/// `anyset` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Size(anyset: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if anyset.is_null() || !unsafe { is_anyset(anyset) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a set.
    unsafe { (*so(anyset)).used }
}

/// `PySet_Clear(set)`: removes every element; -1 with `SystemError` for a
/// non-set (a frozenset included).
///
/// # Safety
/// `set` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Clear(set: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if set.is_null() || !unsafe { is_set(set) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a set.
    unsafe { clear_internal(so(set)) };
    0
}

/// `PySet_Contains(anyset, key)`: 1 when `key` is an element, 0 when not;
/// -1 with `SystemError` for a non-set, `TypeError` for an unhashable key
/// (a `set` key is not retried as a frozenset here, as in CPython).
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Contains(anyset: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if anyset.is_null() || key.is_null() || !unsafe { is_anyset(anyset) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a set and a live key.
    unsafe { contains_key(so(anyset), key) }
}

/// `PySet_Discard(set, key)`: removes `key`: 1 when found, 0 when not; -1
/// with `SystemError` for a non-set or `TypeError` for an unhashable key.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Discard(set: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if set.is_null() || key.is_null() || !unsafe { is_set(set) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a set and a live key.
    unsafe { discard_key(so(set), key) }
}

/// `PySet_Add(set, key)`: adds `key` (a new reference is taken when it is
/// inserted). Also fills a frozenset nobody else holds yet (reference
/// count 1), as CPython allows. -1 with `SystemError` otherwise or
/// `TypeError` for an unhashable key.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Add(anyset: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    let ok = !anyset.is_null()
        && !key.is_null()
        && unsafe { is_set(anyset) || (is_frozenset(anyset) && (*anyset).ob_refcnt == 1) };
    if !ok {
        return errors::bad_internal_call();
    }
    // SAFETY: a set and a live key.
    unsafe { add_key(so(anyset), key) }
}

/// `PySet_Pop(set)`: removes and returns an arbitrary element (a new
/// reference); NULL with `KeyError('pop from an empty set')`, or
/// `SystemError` for a non-set.
///
/// # Safety
/// `set` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySet_Pop(set: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if set.is_null() || !unsafe { is_set(set) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a set.
    unsafe { pop(set) }
}

/// `_PySet_NextEntry(set, &pos, &key, &hash)`: the element at slot `*pos`
/// or later (borrowed) and its hash, advancing `*pos`: 1, or 0 at the end;
/// -1 with `SystemError` for a non-set or NULL pointers.
///
/// # Safety
/// `set` NULL or live; the pointers NULL or writable; `*pos` from 0 or a
/// previous call on the same, unchanged set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PySet_NextEntry(
    set: *mut PyObject,
    pos: *mut Py_ssize_t,
    key: *mut *mut PyObject,
    hash: *mut Py_hash_t,
) -> c_int {
    // SAFETY: live / writable per the contract.
    unsafe {
        if set.is_null() || pos.is_null() || key.is_null() || hash.is_null() || !is_anyset(set) {
            return errors::bad_internal_call();
        }
        if *pos < 0 {
            return 0;
        }
        let mut p = *pos;
        let e = next_entry(so(set), &mut p);
        *pos = p;
        match e {
            Some(e) => {
                *key = e.key;
                *hash = e.hash;
                1
            }
            None => 0,
        }
    }
}

/// `_PySet_Update(set, iterable)`: adds every element of `iterable`; -1
/// with `SystemError` for a non-set, or what iterating raised.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PySet_Update(set: *mut PyObject, iterable: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if set.is_null() || iterable.is_null() || !unsafe { is_set(set) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a set and a live object.
    unsafe { update_internal(so(set), iterable) }
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
        assert_eq!(size_of::<setentry>(), 16);
        assert_eq!(size_of::<PySetObject>(), 200);
        assert_eq!(offset_of!(PySetObject, fill), 16);
        assert_eq!(offset_of!(PySetObject, used), 24);
        assert_eq!(offset_of!(PySetObject, mask), 32);
        assert_eq!(offset_of!(PySetObject, table), 40);
        assert_eq!(offset_of!(PySetObject, hash), 48);
        assert_eq!(offset_of!(PySetObject, finger), 56);
        assert_eq!(offset_of!(PySetObject, smalltable), 64);
        assert_eq!(offset_of!(PySetObject, weakreflist), 192);
    }

    /// The elements in iteration order, as longs.
    unsafe fn order(s: *mut PyObject) -> Vec<i64> {
        let mut pos = 0;
        let mut out = Vec::new();
        // SAFETY: a live set.
        while let Some(e) = unsafe { next_entry(so(s), &mut pos) } {
            // SAFETY: a live int.
            out.push(unsafe { PyLong_AsLong(e.key) } as i64);
        }
        out
    }

    #[test]
    fn order_and_hash_follow_cpython() {
        // SAFETY: live objects throughout.
        unsafe {
            let s = PySet_New(ptr::null_mut());
            // 8 slots and no linear probes that fit: 9 takes slot 1, 1
            // jumps to slot 6, 5 takes slot 5, 17 jumps twice to slot 7
            // (libpython prints {9, 5, 1, 17}).
            for v in [9, 1, 5, 17] {
                let o = PyLong_FromLong(v);
                assert_eq!(PySet_Add(s, o), 0);
                Py_DecRef(o);
            }
            assert_eq!(order(s), vec![9, 5, 1, 17]);
            let r = PyObject_Repr(s);
            assert_eq!(str_value(r), Some("{9, 5, 1, 17}"));
            Py_DecRef(r);
            Py_DecRef(s);

            // hash(frozenset([1, 2, 3])) and hash(frozenset()) in CPython.
            let items: Vec<_> = [1, 2, 3].iter().map(|&v| PyLong_FromLong(v)).collect();
            let list = crate::objects::listobject::list_from_owned(items);
            let f = PyFrozenSet_New(list);
            assert_eq!(frozenset_hash(f), -272375401224217160);
            let empty = PyFrozenSet_New(ptr::null_mut());
            assert_eq!(frozenset_hash(empty), 133146708735736);
            let r = PyObject_Repr(empty);
            assert_eq!(str_value(r), Some("frozenset()"));
            Py_DecRef(r);
            // A frozenset someone else holds cannot be filled.
            Py_IncRef(f);
            assert_eq!(PySet_Add(f, list), -1);
            assert_eq!(take_error().unwrap().type_name, "SystemError");
            for o in [f, f, empty, list] {
                Py_DecRef(o);
            }
        }
    }
}
