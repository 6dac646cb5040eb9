//! `dict` (CPython's `Objects/dictobject.c`).
//!
//! ## Design
//!
//! 1. *Layout.* `PyDictObject` is CPython 3.11's, so `PyDict_GET_SIZE`
//!    reads `ma_used` in C; `ma_version_tag` changes with every mutation
//!    (one process-wide counter, as CPython's). The table behind `ma_keys`
//!    is private: a [`Table`] of CPython's compact design, an index array
//!    of a power-of-two size (open addressing with CPython's perturbed
//!    probe sequence) over an entry array in insertion order. So
//!    `PyDict_Next` yields items in insertion order, an update keeps an
//!    item's place, and a deleted key that is inserted again goes last.
//! 2. *Any hashable key.* Keys are hashed by their type's `tp_hash` and
//!    compared by identity, then (for equal hashes) by `tp_richcompare`
//!    (`==`); exact `str` keys compare by value directly, as CPython's
//!    unicode fast path does.
//! 3. *Re-entrancy.* A key's `__eq__` or a value's destructor is C code
//!    that may mutate the dict being looked up. No Rust reference into the
//!    table is held across such a call: after each comparison the lookup
//!    checks that the table is the same (a resize installs a new one with
//!    a new serial number) and the entry still holds the key it compared,
//!    and starts over otherwise, as CPython does. Old values and keys are
//!    released only once the table is consistent again.
//! 4. *Sizing* is CPython's: the first insertion makes 8 slots, a table
//!    holds up to 2/3 of its slots, and a full table is rebuilt (dropping
//!    deleted entries) with the smallest power of two of at least three
//!    times the items.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int};
use std::mem::size_of;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ffi::*;
use crate::objects::r#abstract as abstract_;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_Hash, PyObject_RichCompareBool, not_implemented, type_of,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::tuple_from_slice;
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::{PyUnicode_FromString, PyUnicode_Type, unicode_eq};
use crate::python::errors;

mod methods;
mod views;
pub(crate) use views::{PyDictItems_Type, PyDictKeys_Type, PyDictValues_Type};

// ==========================================================================
// The table
// ==========================================================================

/// An index slot that never held an entry (ends a probe sequence).
const EMPTY: isize = -1;
/// An index slot whose entry was deleted (a probe sequence goes on).
const DUMMY: isize = -2;
/// Slots of the first table.
const MIN_SIZE: usize = 8;
/// CPython's `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// One item, or a deleted one (`key` NULL).
#[derive(Clone, Copy)]
struct Entry {
    hash: Py_hash_t,
    key: *mut PyObject,
    value: *mut PyObject,
}

/// The keys table: an index array over the entries in insertion order.
struct Table {
    /// Power-of-two many slots: [`EMPTY`], [`DUMMY`] or an entry index.
    indices: Box<[isize]>,
    /// Items in insertion order, with holes (NULL key) where deleted.
    entries: Vec<Entry>,
    /// Insertions left before the table must grow.
    usable: usize,
    /// Distinguishes this table from any other, even one later allocated
    /// at the same address.
    serial: u64,
}

/// `2/3` of `size` (CPython's `USABLE_FRACTION`).
fn usable_fraction(size: usize) -> usize {
    (size << 1) / 3
}

impl Table {
    /// A new table of `size` slots (a power of two).
    fn with_size(size: usize) -> Box<Table> {
        static SERIAL: AtomicU64 = AtomicU64::new(1);
        Box::new(Table {
            indices: vec![EMPTY; size].into_boxed_slice(),
            entries: Vec::with_capacity(usable_fraction(size)),
            usable: usable_fraction(size),
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn mask(&self) -> usize {
        self.indices.len() - 1
    }

    /// The first slot of `hash`'s probe sequence that holds no entry.
    fn find_empty_slot(&self, hash: Py_hash_t) -> usize {
        let mask = self.mask();
        let mut perturb = hash as usize;
        let mut i = perturb & mask;
        while self.indices[i] >= 0 {
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
        i
    }
}

/// A new version tag (CPython's `DICT_NEXT_VERSION`).
fn next_version() -> u64 {
    static VERSION: AtomicU64 = AtomicU64::new(1);
    VERSION.fetch_add(1, Ordering::Relaxed)
}

/// The dict's table (NULL until the first insertion).
///
/// # Safety
/// `mp` must be a live dict.
unsafe fn table(mp: *mut PyObject) -> *mut Table {
    // SAFETY: a dict (the contract).
    unsafe { (*(mp as *mut PyDictObject)).ma_keys as *mut Table }
}

/// Records a mutation: new item count and a new version tag.
///
/// # Safety
/// `mp` must be a live dict.
unsafe fn set_used(mp: *mut PyObject, used: Py_ssize_t) {
    let d = mp as *mut PyDictObject;
    // SAFETY: a dict (the contract).
    unsafe {
        (*d).ma_used = used;
        (*d).ma_version_tag = next_version();
    }
}

/// The dict's item count.
///
/// # Safety
/// `mp` must be a live dict.
unsafe fn used(mp: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a dict (the contract).
    unsafe { (*(mp as *mut PyDictObject)).ma_used }
}

/// Where a key is in a table.
enum Lookup {
    /// At this entry index.
    Found(usize),
    /// Not in the table.
    Missing,
    /// A comparison failed (the error is set).
    Error,
}

/// True when the two keys are equal for a dict: identical, or equal `str`s,
/// or (after hashing alike) `==` by rich comparison. The comparison may run
/// C code. -1 with an error.
///
/// # Safety
/// Both must be live objects.
unsafe fn keys_equal(stored: *mut PyObject, key: *mut PyObject) -> c_int {
    if stored == key {
        return 1;
    }
    // SAFETY: both live.
    unsafe {
        let str_type = PyUnicode_Type.get();
        if type_of(stored) == str_type && type_of(key) == str_type {
            return unicode_eq(stored, key) as c_int;
        }
        PyObject_RichCompareBool(stored, key, Py_EQ)
    }
}

/// Finds `key` (whose hash is `hash`) in `mp`, restarting when a comparison
/// changed the table under it.
///
/// # Safety
/// `mp` must be a live dict and `key` a live object.
unsafe fn lookup(mp: *mut PyObject, key: *mut PyObject, hash: Py_hash_t) -> Lookup {
    'restart: loop {
        // SAFETY: a live dict.
        let t = unsafe { table(mp) };
        if t.is_null() {
            return Lookup::Missing;
        }
        // SAFETY: the table is live while the dict holds it; the fields
        // are read through the pointer, no reference outlives a call out.
        let (mask, serial) = unsafe { ((*t).mask(), (*t).serial) };
        let mut perturb = hash as usize;
        let mut i = perturb & mask;
        loop {
            // SAFETY: `i <= mask` indexes the live table.
            let ix = unsafe { (&(*t).indices)[i] };
            if ix == EMPTY {
                return Lookup::Missing;
            }
            if ix >= 0 {
                // SAFETY: index entries point into `entries`.
                let e = unsafe { (&(*t).entries)[ix as usize] };
                if e.key == key {
                    return Lookup::Found(ix as usize);
                }
                if e.hash == hash && !e.key.is_null() {
                    // Keep the stored key alive across the comparison.
                    // SAFETY: a live key owned by the table.
                    unsafe { Py_IncRef(e.key) };
                    // SAFETY: both live.
                    let cmp = unsafe { keys_equal(e.key, key) };
                    // SAFETY: the reference taken above.
                    unsafe { Py_DecRef(e.key) };
                    if cmp < 0 {
                        return Lookup::Error;
                    }
                    // SAFETY: re-reading the dict's current table.
                    let now = unsafe { table(mp) };
                    // SAFETY: `now` is the dict's live table when non-NULL
                    // (the `now == t` test comes first).
                    let intact =
                        now == t && unsafe { still_holds(now, serial, ix as usize, e.key) };
                    if !intact {
                        continue 'restart;
                    }
                    if cmp > 0 {
                        return Lookup::Found(ix as usize);
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
    }
}

/// True when the table `t` is still the one with `serial` and its entry
/// `ix` still holds `key`.
///
/// # Safety
/// `t` must be a live table.
unsafe fn still_holds(t: *mut Table, serial: u64, ix: usize, key: *mut PyObject) -> bool {
    // SAFETY: live per the contract; nothing runs while the borrow lives.
    let t = unsafe { &*t };
    t.serial == serial && t.entries.get(ix).is_some_and(|cur| cur.key == key)
}

/// The smallest power of two (at least 8) whose usable fraction holds
/// `n` items (CPython's `estimate_log2_keysize`).
fn size_for(n: usize) -> usize {
    let want = n.saturating_mul(3).div_ceil(2);
    want.max(MIN_SIZE).next_power_of_two()
}

/// Rebuilds the table with `size` slots, dropping deleted entries.
///
/// # Safety
/// `mp` must be a live dict.
unsafe fn resize(mp: *mut PyObject, size: usize) {
    // SAFETY: a live dict.
    let old = unsafe { table(mp) };
    let mut new = Table::with_size(size);
    if !old.is_null() {
        // SAFETY: the dict owns its table (allocated by Box::into_raw);
        // no other reference to it is live during a resize.
        let old = unsafe { Box::from_raw(old) };
        for e in old.entries.iter().filter(|e| !e.key.is_null()) {
            let slot = new.find_empty_slot(e.hash);
            new.indices[slot] = new.entries.len() as isize;
            new.entries.push(*e);
        }
        new.usable -= new.entries.len();
    }
    // SAFETY: a live dict; it now owns the new table.
    unsafe { (*(mp as *mut PyDictObject)).ma_keys = Box::into_raw(new).cast() };
}

/// Inserts or replaces `key: value`, taking both references (CPython's
/// `insertdict`). -1 with an error (the references are then dropped).
///
/// # Safety
/// `mp` must be a live dict; `key` and `value` owned references.
unsafe fn insert(
    mp: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    match unsafe { lookup(mp, key, hash) } {
        Lookup::Error => {
            // SAFETY: the references given to us.
            unsafe {
                Py_DecRef(value);
                Py_DecRef(key);
            }
            -1
        }
        Lookup::Found(ix) => {
            // SAFETY: a live dict whose table holds entry `ix` (the lookup
            // just found it and nothing ran since).
            let old = unsafe {
                let t = table(mp);
                let e = &mut (&mut (*t).entries)[ix];
                let old = e.value;
                e.value = value;
                set_used(mp, used(mp));
                old
            };
            // SAFETY: released after the table is consistent; these may
            // run arbitrary destructors.
            unsafe {
                Py_DecRef(old);
                Py_DecRef(key);
            }
            0
        }
        Lookup::Missing => {
            // SAFETY: a live dict; no C code runs until the entry is in.
            unsafe {
                let mut t = table(mp);
                if t.is_null() || (*t).usable == 0 {
                    let n = used(mp) as usize;
                    let size = if t.is_null() {
                        MIN_SIZE
                    } else {
                        size_for(n * 2)
                    };
                    resize(mp, size);
                    t = table(mp);
                }
                let t = &mut *t;
                let slot = t.find_empty_slot(hash);
                t.indices[slot] = t.entries.len() as isize;
                t.entries.push(Entry { hash, key, value });
                t.usable -= 1;
                set_used(mp, used(mp) + 1);
            }
            0
        }
    }
}

/// Removes entry `ix`, returning its key and value references for the
/// caller to release.
///
/// # Safety
/// `mp` must be a live dict whose table holds a live entry `ix`.
unsafe fn remove_entry(mp: *mut PyObject, ix: usize) -> (*mut PyObject, *mut PyObject) {
    // SAFETY: per the contract; no C code runs in here.
    unsafe {
        let t = &mut *table(mp);
        let e = t.entries[ix];
        // Find the index slot pointing at `ix` along the hash's probe path.
        let mask = t.mask();
        let mut perturb = e.hash as usize;
        let mut i = perturb & mask;
        while t.indices[i] != ix as isize {
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(perturb).wrapping_add(1)) & mask;
        }
        t.indices[i] = DUMMY;
        t.entries[ix] = Entry {
            hash: -1,
            key: ptr::null_mut(),
            value: ptr::null_mut(),
        };
        set_used(mp, used(mp) - 1);
        (e.key, e.value)
    }
}

/// The hash of a key, for the dict functions. -1 with an error.
///
/// # Safety
/// `key` must be a live object.
unsafe fn key_hash(key: *mut PyObject) -> Py_hash_t {
    // SAFETY: forwarded contract.
    unsafe { PyObject_Hash(key) }
}

/// CPython's `_PyErr_SetKeyError(key)`: `KeyError` whose single argument is
/// `key` (wrapped in a tuple so a tuple key is not taken as the arguments).
///
/// # Safety
/// `key` must be a live object.
pub(crate) unsafe fn set_key_error(key: *mut PyObject) {
    // SAFETY: live per the contract.
    let args = unsafe { tuple_from_slice(&[key]) };
    if args.is_null() {
        return;
    }
    // SAFETY: a live exception type and a live tuple.
    unsafe {
        errors::PyErr_SetObject(Exc::KeyError.type_object(), args);
        Py_DecRef(args);
    }
}

// ==========================================================================
// The type
// ==========================================================================

static DICT_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_contains: Some(dict_contains),
    ..PySequenceMethods::empty()
};

static DICT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(dict_length),
    mp_subscript: Some(dict_subscript),
    mp_ass_subscript: Some(dict_ass_subscript),
};

/// `PyDict_Type`: `dict`.
#[unsafe(no_mangle)]
pub static PyDict_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"dict",
        size_of::<PyDictObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_DICT_SUBCLASS | Py_TPFLAGS_MAPPING,
        dict_dealloc,
    );
    ty.tp_repr = Some(dict_repr);
    ty.tp_hash = Some(crate::objects::object::PyObject_HashNotImplemented);
    ty.tp_richcompare = Some(dict_richcompare);
    ty.tp_iter = Some(dict_iter);
    ty.tp_as_number = &raw const DICT_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_as_sequence = &raw const DICT_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const DICT_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_new = Some(dict_tp_new);
    ty.tp_init = Some(dict_init);
    ty.tp_methods = methods::DICT_METHODS.get().cast();
    ty
});

/// `tp_new`: an empty dict of type `ty` (`dict` or a subtype).
unsafe extern "C" fn dict_tp_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    if ty == PyDict_Type.get() {
        return dict_new();
    }
    // SAFETY: a subtype of dict, whose instances start with a
    // PyDictObject; its allocator zeroes the fields set below.
    unsafe {
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let op = alloc(ty, 0);
        if !op.is_null() {
            let d = op as *mut PyDictObject;
            (*d).ma_used = 0;
            (*d).ma_version_tag = next_version();
            (*d).ma_keys = ptr::null_mut();
            (*d).ma_values = ptr::null_mut();
        }
        op
    }
}

/// `dict.__init__(mapping_or_iterable=(), /, **kwargs)` (CPython's
/// `dict_update_common`): merges a mapping (a dict, or anything with a
/// `keys` attribute) or an iterable of pairs, then the keywords.
///
/// Fails (-1) with `TypeError("dict expected at most 1 argument, got
/// N")`, `TypeError("keywords must be strings")`, or the merge's error
/// (`PyDict_MergeFromSeq2`'s for a bad pair).
unsafe extern "C" fn dict_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { update_common(op, args, kwds, c"dict") }
}

/// CPython's `dict_update_common`, for `dict(...)` and `dict.update(...)`
/// (`name` is the function the argument-count message names).
///
/// # Safety
/// `op` a live dict; `args` a tuple and `kwds` NULL or a dict.
unsafe fn update_common(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
    name: &std::ffi::CStr,
) -> c_int {
    use crate::objects::tupleobject;
    // SAFETY: a live dict; `args` a tuple and `kwds` NULL or a dict.
    unsafe {
        let n = tupleobject::size(args);
        if crate::python::getargs::_PyArg_CheckPositional(name.as_ptr(), n, 0, 1) == 0 {
            return -1;
        }
        if n == 1 && update_arg(op, tupleobject::get(args, 0)) < 0 {
            return -1;
        }
        if !kwds.is_null() {
            if crate::python::getargs::PyArg_ValidateKeywordArguments(kwds) == 0 {
                return -1;
            }
            return merge(op, kwds, 1);
        }
        0
    }
}

/// Merges `arg` into the dict `op`, overriding (CPython's
/// `dict_update_arg`): a dict, or anything with a `keys` attribute, as a
/// mapping; anything else as an iterable of pairs. 0, or -1 with the
/// merge's error.
///
/// # Safety
/// `op` must be a live dict, `arg` a live object.
unsafe fn update_arg(op: *mut PyObject, arg: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if type_of(arg) == PyDict_Type.get() {
            return merge(op, arg, 1);
        }
        let mut keys = ptr::null_mut();
        let name = crate::objects::unicodeobject::unicode_from_str("keys");
        if name.is_null() {
            return -1;
        }
        let found = crate::objects::object::_PyObject_LookupAttr(arg, name, &mut keys);
        Py_DecRef(name);
        if found < 0 {
            return -1;
        }
        Py_DecRef(keys);
        if found > 0 {
            merge(op, arg, 1)
        } else {
            PyDict_MergeFromSeq2(op, arg, 1)
        }
    }
}

/// `a | b` (PEP 584): a new dict, `a`'s items updated with `b`'s; two
/// dicts (or subclasses) only, else `NotImplemented`.
unsafe extern "C" fn dict_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; the copy is released on failure.
    unsafe {
        if !is_dict(a) || !is_dict(b) {
            return crate::objects::object::not_implemented();
        }
        let new = PyDict_Copy(a);
        if new.is_null() {
            return ptr::null_mut();
        }
        if update_arg(new, b) < 0 {
            Py_DecRef(new);
            return ptr::null_mut();
        }
        new
    }
}

/// `a |= b`: `a.update(b)` for any mapping or iterable of pairs, then `a`.
unsafe extern "C" fn dict_ior(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: `a` is a live dict (the slot is dict's own), `b` live.
    unsafe {
        if update_arg(a, b) < 0 {
            return ptr::null_mut();
        }
        Py_IncRef(a);
        a
    }
}

static DICT_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_or: Some(dict_or),
    nb_inplace_or: Some(dict_ior),
    ..PyNumberMethods::empty()
};

/// True when `op` is a dict or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_dict(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { abstract_::has_flag(type_of(op), Py_TPFLAGS_DICT_SUBCLASS) }
}

/// A new, empty dict; NULL with `MemoryError`.
pub fn dict_new() -> *mut PyObject {
    let op = crate::objects::object::alloc(PyDict_Type.get(), size_of::<PyDictObject>());
    if !op.is_null() {
        let d = op as *mut PyDictObject;
        // SAFETY: a fresh PyDictObject.
        unsafe {
            (*d).ma_used = 0;
            (*d).ma_version_tag = next_version();
            (*d).ma_keys = ptr::null_mut();
            (*d).ma_values = ptr::null_mut();
        }
    }
    op
}

/// Drops every item, leaving an empty dict with no table. The references
/// are released after the dict is consistent.
///
/// # Safety
/// `mp` must be a live dict.
unsafe fn clear(mp: *mut PyObject) {
    // SAFETY: a live dict; the table is detached before anything is freed.
    let old = unsafe {
        let d = mp as *mut PyDictObject;
        let t = (*d).ma_keys as *mut Table;
        (*d).ma_keys = ptr::null_mut();
        set_used(mp, 0);
        t
    };
    if old.is_null() {
        return;
    }
    // SAFETY: the detached table, owned here.
    let old = unsafe { Box::from_raw(old) };
    for e in old.entries.iter().filter(|e| !e.key.is_null()) {
        // SAFETY: owned references of the detached table.
        unsafe {
            Py_DecRef(e.key);
            Py_DecRef(e.value);
        }
    }
}

unsafe extern "C" fn dict_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced dict.
    unsafe {
        clear(op);
        PyObject_Free(op.cast());
    }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PyDict_New()`: a new, empty dict. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyDict_New() -> *mut PyObject {
    dict_new()
}

/// `_PyDict_NewPresized(n)`: a new, empty dict with room for `n` items.
#[unsafe(no_mangle)]
pub extern "C" fn _PyDict_NewPresized(n: Py_ssize_t) -> *mut PyObject {
    let op = dict_new();
    if !op.is_null() && n > 5 {
        // SAFETY: a fresh dict.
        unsafe { resize(op, size_for(n.min(1 << 40) as usize)) };
    }
    op
}

/// `PyDict_GetItemWithError(op, key)`: the value for `key` (borrowed), or
/// NULL without an error when it is missing.
///
/// Fails (NULL with an error) when `op` is not a dict (`SystemError`),
/// `key` is unhashable (`TypeError`), or a comparison fails.
///
/// # Safety
/// `op` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_GetItemWithError(
    op: *mut PyObject,
    key: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return ptr::null_mut();
    }
    // SAFETY: live.
    unsafe { get_known_hash(op, key, h) }
}

/// The value of `key` (borrowed), NULL if missing or on error.
///
/// # Safety
/// `op` must be a live dict and `key` a live object.
unsafe fn get_known_hash(op: *mut PyObject, key: *mut PyObject, h: Py_hash_t) -> *mut PyObject {
    // SAFETY: live per the contract.
    match unsafe { lookup(op, key, h) } {
        // SAFETY: the entry the lookup found.
        Lookup::Found(ix) => unsafe { (&(*table(op)).entries)[ix].value },
        _ => ptr::null_mut(),
    }
}

/// `_PyDict_GetItem_KnownHash(op, key, hash)`: as
/// [`PyDict_GetItemWithError`] with the key's hash given.
///
/// # Safety
/// As [`PyDict_GetItemWithError`]; `hash` must be `PyObject_Hash(key)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_GetItem_KnownHash(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live.
    unsafe { get_known_hash(op, key, hash) }
}

/// `_PyDict_GetItemStringWithError(op, key)`: [`PyDict_GetItemWithError`]
/// with a `str` key made from the UTF-8 C string `key`: the value
/// (borrowed), or NULL, with an error only when the lookup (or decoding
/// the key) failed.
///
/// # Safety
/// `op` must be NULL or a live object, `key` a C string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_GetItemStringWithError(
    op: *mut PyObject,
    key: *const c_char,
) -> *mut PyObject {
    // SAFETY: a C string per the contract.
    let Some(k) = Owned::new(unsafe { PyUnicode_FromString(key) }) else {
        return ptr::null_mut();
    };
    // SAFETY: live per the contract; the key lives across the lookup.
    unsafe { PyDict_GetItemWithError(op, k.as_ptr()) }
}

/// `_PyDict_Contains_KnownHash(op, key, hash)`: [`PyDict_Contains`] with
/// the key's hash given: 1, 0, or -1 with the error a comparison raised
/// (`SystemError` when `op` is not a dict).
///
/// # Safety
/// `op` and `key` must be NULL or live objects; `hash` must be
/// `PyObject_Hash(key)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_Contains_KnownHash(
    op: *mut PyObject,
    key: *mut PyObject,
    hash: Py_hash_t,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a dict and a live key.
    match unsafe { lookup(op, key, hash) } {
        Lookup::Error => -1,
        Lookup::Missing => 0,
        Lookup::Found(_) => 1,
    }
}

/// `PyDict_GetItem(op, key)`: the value for `key` (borrowed), or NULL when
/// missing. Every error (not a dict, unhashable key, failing comparison)
/// is suppressed, and an error that was pending before the call is kept,
/// as in CPython.
///
/// # Safety
/// `op` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_GetItem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        return ptr::null_mut();
    }
    let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: the pending error (if any) is set aside and restored below.
    unsafe { errors::PyErr_Fetch(&mut t, &mut v, &mut tb) };
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    let result = if h == -1 {
        ptr::null_mut()
    } else {
        // SAFETY: live.
        unsafe { get_known_hash(op, key, h) }
    };
    errors::PyErr_Clear();
    // SAFETY: gives back the references fetched above.
    unsafe { errors::PyErr_Restore(t, v, tb) };
    result
}

/// `PyDict_GetItemString(op, key)`: [`PyDict_GetItem`] with a UTF-8 C
/// string key; errors (including an undecodable key) are suppressed.
///
/// # Safety
/// `op` must be NULL or a live object; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_GetItemString(
    op: *mut PyObject,
    key: *const c_char,
) -> *mut PyObject {
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { PyUnicode_FromString(key) };
    if k.is_null() {
        errors::PyErr_Clear();
        return ptr::null_mut();
    }
    // SAFETY: live.
    let r = unsafe { PyDict_GetItem(op, k) };
    // SAFETY: our reference; the dict holds its own to the found value.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyDict_SetItem(op, key, value)`: sets `op[key] = value` (new references
/// to both are taken).
///
/// Fails (-1) with `SystemError` when `op` is not a dict or an argument is
/// NULL, `TypeError("unhashable type: 'T'")`, or a failing comparison.
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_SetItem(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || value.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return -1;
    }
    // SAFETY: live; the new references move into the table.
    unsafe {
        Py_IncRef(key);
        Py_IncRef(value);
        insert(op, key, h, value)
    }
}

/// `_PyDict_SetItem_KnownHash(op, key, value, hash)`: [`PyDict_SetItem`]
/// with the key's hash given (Cython passes the hash it cached for an
/// interned name).
///
/// # Safety
/// As [`PyDict_SetItem`]; `hash` must be `PyObject_Hash(key)`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_SetItem_KnownHash(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
    hash: Py_hash_t,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || value.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live; the new references move into the table.
    unsafe {
        Py_IncRef(key);
        Py_IncRef(value);
        insert(op, key, hash, value)
    }
}

/// `PyDict_SetItemString(op, key, value)`: [`PyDict_SetItem`] with a UTF-8
/// C string key.
///
/// Fails (-1) as [`PyDict_SetItem`], or with `UnicodeDecodeError`.
///
/// # Safety
/// `op` and `value` must be NULL or live; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_SetItemString(
    op: *mut PyObject,
    key: *const c_char,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { PyUnicode_FromString(key) };
    if k.is_null() {
        return -1;
    }
    // SAFETY: live.
    let r = unsafe { PyDict_SetItem(op, k, value) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyDict_DelItem(op, key)`: removes `key`.
///
/// Fails (-1) with `KeyError(key)` when missing, `SystemError` when `op`
/// is not a dict, `TypeError` for an unhashable key, or a failing
/// comparison.
///
/// # Safety
/// `op` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_DelItem(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return -1;
    }
    // SAFETY: live.
    unsafe { del_known_hash(op, key, h) }
}

/// Removes `key` (hash `h`), raising `KeyError(key)` when missing.
///
/// # Safety
/// `op` must be a live dict and `key` a live object.
unsafe fn del_known_hash(op: *mut PyObject, key: *mut PyObject, h: Py_hash_t) -> c_int {
    // SAFETY: live per the contract.
    match unsafe { lookup(op, key, h) } {
        Lookup::Error => -1,
        Lookup::Missing => {
            // SAFETY: live.
            unsafe { set_key_error(key) };
            -1
        }
        Lookup::Found(ix) => {
            // SAFETY: the entry the lookup found; released after removal.
            unsafe {
                let (k, v) = remove_entry(op, ix);
                Py_DecRef(k);
                Py_DecRef(v);
            }
            0
        }
    }
}

/// `PyDict_DelItemString(op, key)`: [`PyDict_DelItem`] with a UTF-8 C
/// string key.
///
/// # Safety
/// `op` must be NULL or live; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_DelItemString(op: *mut PyObject, key: *const c_char) -> c_int {
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { PyUnicode_FromString(key) };
    if k.is_null() {
        return -1;
    }
    // SAFETY: live.
    let r = unsafe { PyDict_DelItem(op, k) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyDict_Contains(op, key)`: 1 when `key` is in the dict, 0 when not.
///
/// Fails (-1) with `SystemError` when `op` is not a dict, `TypeError` for an
/// unhashable key, or a failing comparison.
///
/// # Safety
/// `op` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live.
    unsafe { dict_contains(op, key) }
}

/// `PyDict_Size(op)`: the number of items.
///
/// Fails (-1) with `SystemError` when `op` is not a dict.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_dict(op) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a dict.
    unsafe { used(op) }
}

/// `PyDict_Clear(op)`: removes every item; does nothing when `op` is not a
/// dict.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Clear(op: *mut PyObject) {
    // SAFETY: live per the contract.
    if !op.is_null() && unsafe { is_dict(op) } {
        // SAFETY: a dict.
        unsafe { clear(op) }
    }
}

/// `PyDict_Next(op, &pos, &key, &value)`: the item at or after position
/// `*pos` in insertion order (borrowed references into `*key` and
/// `*value`, either of which may be NULL), advancing `*pos`; 0 at the end
/// or when `op` is not a dict. Start with `*pos = 0`; the dict must not
/// change size during the walk.
///
/// # Safety
/// `op` must be NULL or a live object; `pos` writable; `key` and `value`
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Next(
    op: *mut PyObject,
    pos: *mut Py_ssize_t,
    key: *mut *mut PyObject,
    value: *mut *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || pos.is_null() || !unsafe { is_dict(op) } {
        return 0;
    }
    // SAFETY: per the contract.
    unsafe {
        let Some((i, e)) = entry_at_or_after(op, *pos) else {
            return 0;
        };
        *pos = i as Py_ssize_t + 1;
        if !key.is_null() {
            *key = e.key;
        }
        if !value.is_null() {
            *value = e.value;
        }
    }
    1
}

/// `_PyDict_Next(op, &pos, &key, &value, &hash)`: [`PyDict_Next`] that also
/// gives the key's hash.
///
/// # Safety
/// As [`PyDict_Next`]; `hash` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_Next(
    op: *mut PyObject,
    pos: *mut Py_ssize_t,
    key: *mut *mut PyObject,
    value: *mut *mut PyObject,
    hash: *mut Py_hash_t,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if op.is_null() || pos.is_null() || !is_dict(op) {
            return 0;
        }
        let Some((_, e)) = entry_at_or_after(op, *pos) else {
            return 0;
        };
        if !hash.is_null() {
            *hash = e.hash;
        }
        PyDict_Next(op, pos, key, value)
    }
}

/// The first live entry at index `pos` or later.
///
/// # Safety
/// `op` must be a live dict.
unsafe fn entry_at_or_after(op: *mut PyObject, pos: Py_ssize_t) -> Option<(usize, Entry)> {
    // SAFETY: a live dict; the table is read without calling out.
    let t = unsafe { table(op) };
    if t.is_null() || pos < 0 {
        return None;
    }
    // SAFETY: as above.
    let entries = unsafe { &(*t).entries };
    entries
        .iter()
        .enumerate()
        .skip(pos as usize)
        .find(|(_, e)| !e.key.is_null())
        .map(|(i, e)| (i, *e))
}

/// `PyDict_Copy(op)`: a new dict with the same items.
///
/// Fails (NULL) with `SystemError` when `op` is not a dict, or
/// `MemoryError`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Copy(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let copy = dict_new();
    // SAFETY: both live dicts.
    if !copy.is_null() && unsafe { merge(copy, op, 1) } < 0 {
        // SAFETY: our new reference.
        unsafe { Py_DecRef(copy) };
        return ptr::null_mut();
    }
    copy
}

/// `PyDict_SetDefault(op, key, default)`: the value of `key` (borrowed),
/// inserting `default` first when it is missing.
///
/// Fails (NULL) as [`PyDict_SetItem`].
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_SetDefault(
    op: *mut PyObject,
    key: *mut PyObject,
    default: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || default.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return ptr::null_mut();
    }
    // SAFETY: live.
    match unsafe { lookup(op, key, h) } {
        Lookup::Error => ptr::null_mut(),
        // SAFETY: the entry the lookup found.
        Lookup::Found(ix) => unsafe { (&(*table(op)).entries)[ix].value },
        Lookup::Missing => {
            // SAFETY: new references move into the table; the default
            // stays alive through the caller's reference.
            unsafe {
                Py_IncRef(key);
                Py_IncRef(default);
                if insert(op, key, h, default) < 0 {
                    return ptr::null_mut();
                }
            }
            default
        }
    }
}

/// `_PyDict_Pop(op, key, default)`: removes `key` and returns its value (a
/// new reference); when missing, a new reference to `default`, or
/// `KeyError(key)` when `default` is NULL.
///
/// # Safety
/// `op` must be a live dict; `key` live; `default` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_Pop(
    op: *mut PyObject,
    key: *mut PyObject,
    default: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || key.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let missing = || {
        if default.is_null() {
            // SAFETY: live.
            unsafe { set_key_error(key) };
        } else {
            // SAFETY: live.
            unsafe { Py_IncRef(default) };
        }
        default
    };
    // SAFETY: a dict.
    if unsafe { used(op) } == 0 {
        return missing();
    }
    // SAFETY: live.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return ptr::null_mut();
    }
    // SAFETY: live.
    match unsafe { lookup(op, key, h) } {
        Lookup::Error => ptr::null_mut(),
        Lookup::Missing => missing(),
        Lookup::Found(ix) => {
            // SAFETY: the entry the lookup found; the value's reference
            // goes to the caller.
            unsafe {
                let (k, v) = remove_entry(op, ix);
                Py_DecRef(k);
                v
            }
        }
    }
}

/// `PyDict_Update(a, b)`: `a.update(b)` for a dict or any mapping `b`
/// (with `keys()` and item access), replacing existing keys.
///
/// Fails (-1) with `SystemError` for a non-dict `a` or NULL `b`, or the
/// errors of hashing, comparing and reading `b`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Update(a: *mut PyObject, b: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { merge(a, b, 1) }
}

/// `PyDict_Merge(a, b, override)`: as [`PyDict_Update`], keeping existing
/// keys of `a` when `override` is 0.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Merge(a: *mut PyObject, b: *mut PyObject, over: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { merge(a, b, (over != 0) as c_int) }
}

/// CPython's `dict_merge`: `override` 0 keeps existing keys, 1 replaces
/// them, 2 raises `KeyError` for a key already present.
///
/// # Safety
/// Both must be NULL or live objects.
unsafe fn merge(a: *mut PyObject, b: *mut PyObject, over: c_int) -> c_int {
    // SAFETY: live per the contract.
    if a.is_null() || b.is_null() || !unsafe { is_dict(a) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live.
    // A dict whose type keeps dict's own iteration is read directly.
    // SAFETY: live.
    let plain_dict = unsafe { is_dict(b) }
        // SAFETY: `b` is live, so its type object is too.
        && unsafe { (*type_of(b)).tp_iter }
            .is_some_and(|f| std::ptr::fn_addr_eq(f, dict_iter as getiterfunc));
    if plain_dict {
        if a == b {
            return 0;
        }
        // SAFETY: `b` is a live dict; its items are read one at a time by
        // position and referenced across the insertions into `a`.
        unsafe {
            let t = table(b);
            let orig = if t.is_null() { 0 } else { (*t).entries.len() };
            let mut pos = 0;
            while let Some((i, e)) = entry_at_or_after(b, pos) {
                pos = i as Py_ssize_t + 1;
                Py_IncRef(e.key);
                Py_IncRef(e.value);
                let mut err = 0;
                let present = if over == 1 {
                    0
                } else {
                    match lookup(a, e.key, e.hash) {
                        Lookup::Error => -1,
                        Lookup::Found(_) => 1,
                        Lookup::Missing => 0,
                    }
                };
                if present < 0 {
                    err = -1;
                } else if present == 0 {
                    Py_IncRef(e.key);
                    Py_IncRef(e.value);
                    err = insert(a, e.key, e.hash, e.value);
                } else if over == 2 {
                    set_key_error(e.key);
                    err = -1;
                }
                Py_DecRef(e.value);
                Py_DecRef(e.key);
                if err != 0 {
                    return -1;
                }
                let t = table(b);
                let now = if t.is_null() { 0 } else { (*t).entries.len() };
                if now != orig {
                    return errors::fail(Exc::RuntimeError, "dict mutated during update");
                }
            }
        }
        return 0;
    }
    // A generic mapping: its keys(), then b[key] for each.
    // SAFETY: live.
    let keys = unsafe { abstract_::PyMapping_Keys(b) };
    if keys.is_null() {
        return -1;
    }
    // SAFETY: live.
    let iter = unsafe { abstract_::PyObject_GetIter(keys) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(keys) };
    if iter.is_null() {
        return -1;
    }
    let status = loop {
        // SAFETY: a live iterator.
        let key = unsafe { abstract_::PyIter_Next(iter) };
        if key.is_null() {
            break if errors::PyErr_Occurred().is_null() {
                0
            } else {
                -1
            };
        }
        // SAFETY: live objects; every reference taken is released.
        let err = unsafe {
            let mut skip = false;
            let mut err = 0;
            if over != 1 {
                let present = PyDict_Contains(a, key);
                if present < 0 {
                    err = -1;
                } else if present > 0 {
                    if over == 0 {
                        skip = true;
                    } else {
                        set_key_error(key);
                        err = -1;
                    }
                }
            }
            if err == 0 && !skip {
                let value = abstract_::PyObject_GetItem(b, key);
                if value.is_null() {
                    err = -1;
                } else {
                    err = PyDict_SetItem(a, key, value);
                    Py_DecRef(value);
                }
            }
            Py_DecRef(key);
            err
        };
        if err < 0 {
            break -1;
        }
    };
    // SAFETY: our reference.
    unsafe { Py_DecRef(iter) };
    status
}

/// `PyDict_MergeFromSeq2(d, seq2, override)`: `d.update(seq2)` for an
/// iterable of key/value pairs; existing keys are kept when `override` is
/// 0.
///
/// Fails (-1) with `TypeError("cannot convert dictionary update sequence
/// element #N to a sequence")`, `ValueError("dictionary update sequence
/// element #N has length L; 2 is required")`, or the errors of iterating,
/// hashing and comparing.
///
/// # Safety
/// `d` must be a live dict and `seq2` a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_MergeFromSeq2(
    d: *mut PyObject,
    seq2: *mut PyObject,
    over: c_int,
) -> c_int {
    // SAFETY: live per the contract.
    if d.is_null() || seq2.is_null() || !unsafe { is_dict(d) } {
        return errors::bad_internal_call();
    }
    // SAFETY: live.
    let it = unsafe { abstract_::PyObject_GetIter(seq2) };
    if it.is_null() {
        return -1;
    }
    let mut i: Py_ssize_t = 0;
    let status = loop {
        // SAFETY: a live iterator.
        let item = unsafe { abstract_::PyIter_Next(it) };
        if item.is_null() {
            break if errors::PyErr_Occurred().is_null() {
                0
            } else {
                -1
            };
        }
        // SAFETY: live objects; every reference taken is released.
        let err = unsafe {
            let fast = abstract_::PySequence_Fast(item, c"".as_ptr());
            let err = if fast.is_null() {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                    errors::raise(
                        Exc::TypeError,
                        format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        ),
                    );
                }
                -1
            } else {
                let (items, n) = abstract_::fast_items(fast);
                let err = if n != 2 {
                    errors::fail(
                        Exc::ValueError,
                        format!(
                            "dictionary update sequence element #{i} has length {n}; 2 is required"
                        ),
                    )
                } else {
                    let (key, value) = (*items, *items.add(1));
                    Py_IncRef(key);
                    Py_IncRef(value);
                    let err = if over != 0 {
                        PyDict_SetItem(d, key, value)
                    } else if PyDict_SetDefault(d, key, value).is_null() {
                        -1
                    } else {
                        0
                    };
                    Py_DecRef(key);
                    Py_DecRef(value);
                    err
                };
                Py_DecRef(fast);
                err
            };
            Py_DecRef(item);
            err
        };
        if err < 0 {
            break -1;
        }
        i += 1;
    };
    // SAFETY: our reference.
    unsafe { Py_DecRef(it) };
    status
}

/// `PyDict_Keys(op)`, `PyDict_Values(op)`, `PyDict_Items(op)`: a new list
/// of the keys, values or `(key, value)` tuples, in order.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn listing(op: *mut PyObject, what: Part) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_dict(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live dict; the items are collected as new references
    // before any object is created (object creation runs no C code here).
    let mut objs = Vec::new();
    let mut pos = 0;
    // SAFETY: `op` is the live dict checked above.
    while let Some((i, e)) = unsafe { entry_at_or_after(op, pos) } {
        pos = i as Py_ssize_t + 1;
        let o = match what {
            Part::Keys => {
                // SAFETY: a live key.
                unsafe { Py_IncRef(e.key) };
                e.key
            }
            Part::Values => {
                // SAFETY: a live value.
                unsafe { Py_IncRef(e.value) };
                e.value
            }
            // SAFETY: live key and value.
            Part::Items => unsafe { tuple_from_slice(&[e.key, e.value]) },
        };
        if o.is_null() {
            for o in objs {
                // SAFETY: references we took.
                unsafe { Py_DecRef(o) };
            }
            return ptr::null_mut();
        }
        objs.push(o);
    }
    // SAFETY: owned references move into the list.
    unsafe { crate::objects::listobject::list_from_owned(objs) }
}

#[derive(Clone, Copy)]
enum Part {
    Keys,
    Values,
    Items,
}

/// `PyDict_Keys(op)`: a new list of the keys. `SystemError` when `op` is
/// not a dict.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Keys(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { listing(op, Part::Keys) }
}

/// `PyDict_Values(op)`: a new list of the values. `SystemError` when `op`
/// is not a dict.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Values(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { listing(op, Part::Values) }
}

/// `PyDict_Items(op)`: a new list of `(key, value)` tuples. `SystemError`
/// when `op` is not a dict.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDict_Items(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { listing(op, Part::Items) }
}

// ==========================================================================
// Slots
// ==========================================================================

/// `repr(dict)`: `{}`, `{'a': 1, 2: None}`; `{...}` for a dict reached
/// again while printing itself.
unsafe extern "C" fn dict_repr(op: *mut PyObject) -> *mut PyObject {
    if !abstract_::repr_enter(op) {
        return crate::objects::unicodeobject::unicode_from_str("{...}");
    }
    let mut out = String::from("{");
    let mut pos = 0;
    let mut ok = true;
    // SAFETY: a live dict; each item is referenced while its repr (which
    // may run C code that mutates the dict) is computed.
    while let Some((i, e)) = unsafe { entry_at_or_after(op, pos) } {
        pos = i as Py_ssize_t + 1;
        if out.len() > 1 {
            out.push_str(", ");
        }
        // SAFETY: live key and value, referenced across the reprs.
        let part = unsafe {
            Py_IncRef(e.key);
            Py_IncRef(e.value);
            let k = abstract_::repr_string(e.key);
            let v = if k.is_some() {
                abstract_::repr_string(e.value)
            } else {
                None
            };
            Py_DecRef(e.key);
            Py_DecRef(e.value);
            k.zip(v)
        };
        match part {
            Some((k, v)) => {
                out.push_str(&k);
                out.push_str(": ");
                out.push_str(&v);
            }
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
    out.push('}');
    crate::objects::unicodeobject::unicode_from_str(&out)
}

/// `tp_richcompare`: `==` and `!=` by items; other operators and other
/// types give `NotImplemented`.
unsafe extern "C" fn dict_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects (the slot's contract).
    if !unsafe { is_dict(v) } || !unsafe { is_dict(w) } || (op != Py_EQ && op != Py_NE) {
        return not_implemented();
    }
    // SAFETY: two live dicts.
    let eq = unsafe { dict_equal(v, w) };
    if eq < 0 {
        return ptr::null_mut();
    }
    bool_from_bool((eq == 1) == (op == Py_EQ))
}

/// Whether two dicts have equal items: 1, 0, or -1 with an error.
///
/// # Safety
/// Both must be live dicts.
unsafe fn dict_equal(a: *mut PyObject, b: *mut PyObject) -> c_int {
    // SAFETY: live dicts.
    if unsafe { used(a) != used(b) } {
        return 0;
    }
    let mut pos = 0;
    // SAFETY: live dicts; each item is referenced across the lookups and
    // comparisons, which may run C code.
    while let Some((i, e)) = unsafe { entry_at_or_after(a, pos) } {
        pos = i as Py_ssize_t + 1;
        // SAFETY: as above.
        let r = unsafe {
            Py_IncRef(e.key);
            Py_IncRef(e.value);
            let bval = match lookup(b, e.key, e.hash) {
                Lookup::Error => None,
                Lookup::Missing => Some(ptr::null_mut()),
                Lookup::Found(ix) => Some((&(*table(b)).entries)[ix].value),
            };
            let r = match bval {
                None => -1,
                Some(bv) if bv.is_null() => 0,
                Some(bv) => {
                    Py_IncRef(bv);
                    let c = PyObject_RichCompareBool(e.value, bv, Py_EQ);
                    Py_DecRef(bv);
                    c
                }
            };
            Py_DecRef(e.key);
            Py_DecRef(e.value);
            r
        };
        if r <= 0 {
            return r;
        }
    }
    1
}

unsafe extern "C" fn dict_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live dict.
    unsafe { used(op) }
}

/// `mp_subscript`: `d[key]`; for a missing key, a subclass's `__missing__`
/// (looked up on its type, as CPython's `dict_subscript`) is called with
/// the key and its result returned, else `KeyError(key)`.
unsafe extern "C" fn dict_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return ptr::null_mut();
    }
    // SAFETY: live.
    match unsafe { lookup(op, key, h) } {
        Lookup::Error => ptr::null_mut(),
        Lookup::Missing => {
            // SAFETY: live objects; the bound `__missing__` is owned here.
            unsafe {
                if type_of(op) != PyDict_Type.get() {
                    match crate::objects::typeobject::lookup_special(op, "__missing__") {
                        Err(()) => return ptr::null_mut(),
                        Ok(Some(missing)) => {
                            return crate::objects::call::PyObject_CallOneArg(
                                missing.as_ptr(),
                                key,
                            );
                        }
                        Ok(None) => {}
                    }
                }
                set_key_error(key);
            }
            ptr::null_mut()
        }
        Lookup::Found(ix) => {
            // SAFETY: the entry the lookup found.
            let v = unsafe { (&(*table(op)).entries)[ix].value };
            // SAFETY: live.
            unsafe { Py_IncRef(v) };
            v
        }
    }
}

/// `mp_ass_subscript`: `d[key] = value`, or `del d[key]` for a NULL value.
unsafe extern "C" fn dict_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live objects.
    unsafe {
        if value.is_null() {
            PyDict_DelItem(op, key)
        } else {
            PyDict_SetItem(op, key, value)
        }
    }
}

/// `sq_contains`: `key in d`.
unsafe extern "C" fn dict_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: live objects.
    let h = unsafe { key_hash(key) };
    if h == -1 {
        return -1;
    }
    // SAFETY: live.
    match unsafe { lookup(op, key, h) } {
        Lookup::Error => -1,
        Lookup::Missing => 0,
        Lookup::Found(_) => 1,
    }
}

// ==========================================================================
// Iterators
// ==========================================================================

/// A dict iterator: the dict (released at the end), the size it had when
/// the iteration began, the next entry index (counting down for the
/// reverse iterators) and the items left.
#[repr(C)]
struct DictIter {
    ob_base: PyObject,
    dict: *mut PyObject,
    used: Py_ssize_t,
    pos: Py_ssize_t,
    len: Py_ssize_t,
}

/// The dict iterators' methods, forward and reverse alike.
static DICT_ITER_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__length_hint__".as_ptr(),
        ml_meth: Some(dict_iter_length_hint),
        ml_flags: METH_NOARGS,
        ml_doc: c"Private method returning an estimate of len(list(it)).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(dict_iter_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return state information for pickling.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

macro_rules! dict_iter_type {
    ($(#[$doc:meta])* $name:ident, $tp_name:literal, $next:ident) => {
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub static $name: StaticObject<PyTypeObject> = StaticObject::new({
            let mut ty = static_type($tp_name, size_of::<DictIter>(), 0, dict_iter_dealloc);
            ty.tp_iter = Some(abstract_::self_iter);
            ty.tp_iternext = Some($next);
            ty.tp_methods = DICT_ITER_METHODS.get().cast();
            ty
        });
    };
}

dict_iter_type!(
    /// `PyDictIterKey_Type`: `dict_keyiterator`.
    PyDictIterKey_Type,
    c"dict_keyiterator",
    dict_iter_next_key
);
dict_iter_type!(
    /// `PyDictIterValue_Type`: `dict_valueiterator`.
    PyDictIterValue_Type,
    c"dict_valueiterator",
    dict_iter_next_value
);
dict_iter_type!(
    /// `PyDictIterItem_Type`: `dict_itemiterator`.
    PyDictIterItem_Type,
    c"dict_itemiterator",
    dict_iter_next_item
);
dict_iter_type!(
    /// `PyDictRevIterKey_Type`: `dict_reversekeyiterator`, what
    /// `reversed(d)` and `reversed(d.keys())` give.
    PyDictRevIterKey_Type,
    c"dict_reversekeyiterator",
    dict_iter_next_key
);
dict_iter_type!(
    /// `PyDictRevIterValue_Type`: `dict_reversevalueiterator`.
    PyDictRevIterValue_Type,
    c"dict_reversevalueiterator",
    dict_iter_next_value
);
dict_iter_type!(
    /// `PyDictRevIterItem_Type`: `dict_reverseitemiterator`.
    PyDictRevIterItem_Type,
    c"dict_reverseitemiterator",
    dict_iter_next_item
);

/// Whether `ty` is one of the reverse dict iterator types.
fn is_reverse_iter(ty: *mut PyTypeObject) -> bool {
    [
        PyDictRevIterKey_Type.get(),
        PyDictRevIterValue_Type.get(),
        PyDictRevIterItem_Type.get(),
    ]
    .contains(&ty)
}

/// A new iterator of type `ty` over the dict `op`: from its first entry,
/// or for a reverse iterator type from its last.
///
/// # Safety
/// `op` must be a live dict.
pub(crate) unsafe fn new_dict_iter(op: *mut PyObject, ty: *mut PyTypeObject) -> *mut PyObject {
    let it = crate::objects::object::alloc(ty, size_of::<DictIter>());
    if !it.is_null() {
        // SAFETY: a fresh DictIter; the dict is live, its table read
        // without calling out.
        unsafe {
            Py_IncRef(op);
            let d = it as *mut DictIter;
            (*d).dict = op;
            (*d).used = used(op);
            (*d).pos = if is_reverse_iter(ty) {
                let t = table(op);
                if t.is_null() {
                    -1
                } else {
                    (*t).entries.len() as Py_ssize_t - 1
                }
            } else {
                0
            };
            (*d).len = used(op);
        }
    }
    it
}

/// `tp_iter` of dict: an iterator over the keys.
unsafe extern "C" fn dict_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { new_dict_iter(op, PyDictIterKey_Type.get()) }
}

unsafe extern "C" fn dict_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced DictIter.
    unsafe {
        Py_DecRef((*(op as *mut DictIter)).dict);
        PyObject_Free(op.cast());
    }
}

/// The entry at index `pos` or the nearest one before it, with its index.
///
/// # Safety
/// `op` must be a live dict.
unsafe fn entry_at_or_before(op: *mut PyObject, pos: Py_ssize_t) -> Option<(usize, Entry)> {
    // SAFETY: a live dict; the table is read without calling out.
    let t = unsafe { table(op) };
    if t.is_null() || pos < 0 {
        return None;
    }
    // SAFETY: as above.
    let entries = unsafe { &(*t).entries };
    let end = (pos as usize + 1).min(entries.len());
    entries[..end]
        .iter()
        .rposition(|e| !e.key.is_null())
        .map(|i| (i, entries[i]))
}

/// The next entry of a dict iterator, with CPython's errors when the dict
/// changed size (`RuntimeError("dictionary changed size during
/// iteration")`) or, iterating forward, its keys changed
/// (`RuntimeError("dictionary keys changed during iteration")`). None at
/// the end (the dict is released) or on error.
///
/// # Safety
/// `op` must be a live DictIter.
unsafe fn dict_iter_advance(op: *mut PyObject) -> Option<Entry> {
    let it = op as *mut DictIter;
    // SAFETY: a live DictIter; its dict is live while held.
    unsafe {
        let d = (*it).dict;
        if d.is_null() {
            return None;
        }
        if (*it).used != used(d) {
            errors::raise(
                Exc::RuntimeError,
                "dictionary changed size during iteration",
            );
            (*it).used = -1;
            return None;
        }
        let reverse = is_reverse_iter(type_of(op));
        let found = if reverse {
            entry_at_or_before(d, (*it).pos)
        } else {
            entry_at_or_after(d, (*it).pos)
        };
        match found {
            Some((i, e)) => {
                if (*it).len == 0 && !reverse {
                    errors::raise(
                        Exc::RuntimeError,
                        "dictionary keys changed during iteration",
                    );
                    (*it).dict = ptr::null_mut();
                    Py_DecRef(d);
                    return None;
                }
                (*it).pos = if reverse {
                    i as Py_ssize_t - 1
                } else {
                    i as Py_ssize_t + 1
                };
                (*it).len -= 1;
                Some(e)
            }
            None => {
                (*it).dict = ptr::null_mut();
                Py_DecRef(d);
                None
            }
        }
    }
}

/// `__length_hint__()`: the items left, 0 once exhausted or when the dict
/// changed size.
unsafe extern "C" fn dict_iter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op as *mut DictIter;
    // SAFETY: a live DictIter; its dict is live while held.
    let left = unsafe {
        let d = (*it).dict;
        if !d.is_null() && (*it).used == used(d) {
            (*it).len
        } else {
            0
        }
    };
    crate::objects::longobject::PyLong_FromSsize_t(left)
}

/// `__reduce__()`: `(iter, (list_of_what_is_left,))`, the list made by a
/// copy of the iterator so this one does not move (the copy's errors, as
/// "dictionary changed size during iteration", pass through).
unsafe extern "C" fn dict_iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live DictIter; the copy takes its own reference to the
    // dict and is released here.
    unsafe {
        let ty = type_of(op);
        let Some(copy) = Owned::new(crate::objects::object::alloc(ty, size_of::<DictIter>()))
        else {
            return ptr::null_mut();
        };
        let (c, it) = (copy.as_ptr() as *mut DictIter, op as *mut DictIter);
        (*c).dict = (*it).dict;
        (*c).used = (*it).used;
        (*c).pos = (*it).pos;
        (*c).len = (*it).len;
        if !(*c).dict.is_null() {
            Py_IncRef((*c).dict);
        }
        let Some(list) = Owned::new(abstract_::PySequence_List(copy.as_ptr())) else {
            return ptr::null_mut();
        };
        crate::objects::iterobject::reduce_to(c"iter", list, None)
    }
}

unsafe extern "C" fn dict_iter_next_key(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live DictIter.
    match unsafe { dict_iter_advance(op) } {
        Some(e) => {
            // SAFETY: a live key.
            unsafe { Py_IncRef(e.key) };
            e.key
        }
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn dict_iter_next_value(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live DictIter.
    match unsafe { dict_iter_advance(op) } {
        Some(e) => {
            // SAFETY: a live value.
            unsafe { Py_IncRef(e.value) };
            e.value
        }
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn dict_iter_next_item(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live DictIter.
    match unsafe { dict_iter_advance(op) } {
        // SAFETY: live key and value.
        Some(e) => unsafe { tuple_from_slice(&[e.key, e.value]) },
        None => ptr::null_mut(),
    }
}

/// The interned `str` of an identifier (borrowed), or NULL with its error.
///
/// # Safety
/// `key` must be a live identifier.
unsafe fn id_key(key: *mut crate::objects::unicodeobject::_Py_Identifier) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { crate::objects::unicodeobject::_PyUnicode_FromId(key) }
}

/// `_PyDict_GetItemIdWithError(dp, key)`: as [`PyDict_GetItemWithError`]
/// with the key given as a `_Py_IDENTIFIER` (borrowed; NULL with no error
/// when absent).
///
/// # Safety
/// `dp` must be NULL or live, `key` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_GetItemIdWithError(
    dp: *mut PyObject,
    key: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let kv = id_key(key);
        if kv.is_null() {
            return ptr::null_mut();
        }
        PyDict_GetItemWithError(dp, kv)
    }
}

/// `_PyDict_ContainsId(op, key)`: as [`PyDict_Contains`] with the key given
/// as a `_Py_IDENTIFIER`.
///
/// # Safety
/// `op` must be NULL or live, `key` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_ContainsId(
    op: *mut PyObject,
    key: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let kv = id_key(key);
        if kv.is_null() {
            return -1;
        }
        PyDict_Contains(op, kv)
    }
}

/// `_PyDict_SetItemId(dp, key, item)`: as [`PyDict_SetItem`] with the key
/// given as a `_Py_IDENTIFIER`.
///
/// # Safety
/// `dp` and `item` must be NULL or live, `key` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_SetItemId(
    dp: *mut PyObject,
    key: *mut crate::objects::unicodeobject::_Py_Identifier,
    item: *mut PyObject,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let kv = id_key(key);
        if kv.is_null() {
            return -1;
        }
        PyDict_SetItem(dp, kv, item)
    }
}

/// `_PyDict_DelItemId(mp, key)`: as [`PyDict_DelItem`] with the key given
/// as a `_Py_IDENTIFIER`.
///
/// # Safety
/// `mp` must be NULL or live, `key` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyDict_DelItemId(
    mp: *mut PyObject,
    key: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let kv = id_key(key);
        if kv.is_null() {
            return -1;
        }
        PyDict_DelItem(mp, kv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject::{PyLong_AsLong, PyLong_FromLong};
    use crate::objects::object::PyObject_Repr;
    use crate::objects::unicodeobject::{str_value, unicode_from_str};
    use crate::python::errors::take_error;
    use std::mem::offset_of;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyDictObject>(), 48);
        assert_eq!(offset_of!(PyDictObject, ma_used), 16);
        assert_eq!(offset_of!(PyDictObject, ma_keys), 32);
    }

    #[test]
    fn insertion_order_survives_growth_and_deletion() {
        // SAFETY: live objects throughout.
        unsafe {
            let d = PyDict_New();
            let keys: Vec<_> = (0..100).map(|i| PyLong_FromLong(i)).collect();
            for (i, &k) in keys.iter().enumerate() {
                let v = PyLong_FromLong(i as _);
                assert_eq!(PyDict_SetItem(d, k, v), 0);
                Py_DecRef(v);
            }
            assert_eq!(PyDict_Size(d), 100);
            for k in keys.iter().step_by(2) {
                assert_eq!(PyDict_DelItem(d, *k), 0);
            }
            assert_eq!(PyDict_DelItem(d, keys[0]), -1);
            assert_eq!(take_error().unwrap().type_name, "KeyError");
            let v = unicode_from_str("again");
            assert_eq!(PyDict_SetItem(d, keys[0], v), 0);
            let (mut pos, mut k, mut val) = (0, ptr::null_mut(), ptr::null_mut());
            let mut seen = Vec::new();
            while PyDict_Next(d, &mut pos, &mut k, &mut val) != 0 {
                seen.push(PyLong_AsLong(k));
            }
            let mut want: Vec<_> = (1..100).step_by(2).collect();
            want.push(0);
            assert_eq!(seen, want);
            assert_eq!(PyDict_GetItem(d, keys[0]), v);
            let s = unicode_from_str("k");
            assert_eq!(PyDict_SetItem(d, s, s), 0);
            assert_eq!(PyDict_GetItemString(d, c"k".as_ptr()), s);
            let small = PyDict_New();
            PyDict_SetItem(small, s, keys[1]);
            let r = PyObject_Repr(small);
            assert_eq!(str_value(r), Some("{'k': 1}"));
            for o in keys.into_iter().chain([v, s, d, small, r]) {
                Py_DecRef(o);
            }
        }
    }
}
