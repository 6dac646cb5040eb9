//! Struct sequences (CPython's `Objects/structseq.c`): tuple subtypes whose
//! items are also named, read-only attributes, as `os.stat_result` and
//! `time.struct_time`. Extensions make them with
//! `PyStructSequence_InitType2` (on a zeroed static type) or
//! `PyStructSequence_NewType` (a heap type), and fill instances from C with
//! `PyStructSequence_New` + `PyStructSequence_SET_ITEM`.
//!
//! The layout is the tuple's: the first `n_in_sequence` fields are the
//! visible items (`ob_size`, `len()`), the rest are attribute-only and sit
//! after them in the same item array. The counts live in the type's dict
//! (`n_sequence_fields`, `n_fields`, `n_unnamed_fields`), where CPython
//! keeps them and where code may read them.

#![allow(non_upper_case_globals, non_camel_case_types)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, py_none};
use crate::python::errors;

unsafe extern "C" {
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
    fn Py_BuildValue(format: *const c_char, ...) -> *mut PyObject;
}

use crate::objects::dictobject::{PyDict_GetItemString, PyDict_New, PyDict_SetItemString};
use crate::objects::gcmodule::{
    _PyObject_GC_NewVar, PyObject_GC_Del, PyObject_GC_Track, PyObject_GC_UnTrack,
};
use crate::objects::longobject::{PyLong_AsSsize_t, PyLong_FromSsize_t};
use crate::objects::obmalloc::{PyMem_Free, PyMem_Malloc};
use crate::objects::tupleobject::{PyTuple_Type, tuple_from_slice};
use crate::objects::typeobject::{PyType_FromSpecWithBases, PyType_Ready};

// ==========================================================================
// The descriptor structs C fills in
// ==========================================================================

/// `PyStructSequence_Field`: one field's name (or
/// [`PyStructSequence_UnnamedField`]) and doc.
#[repr(C)]
pub struct PyStructSequence_Field {
    /// The attribute name, or [`PyStructSequence_UnnamedField`].
    pub name: *const c_char,
    /// The attribute's doc (may be NULL).
    pub doc: *const c_char,
}

/// `PyStructSequence_Desc`: the type's name and doc, its fields (ended by
/// a NULL name) and how many of them are visible as items.
#[repr(C)]
pub struct PyStructSequence_Desc {
    /// The type's name ("module.Name").
    pub name: *const c_char,
    /// The type's doc (may be NULL).
    pub doc: *const c_char,
    /// The fields, ended by one with a NULL name.
    pub fields: *mut PyStructSequence_Field,
    /// How many of the fields are items (the rest are attributes only).
    pub n_in_sequence: c_int,
}

/// The `const char * const` C sees: a field named by this very pointer has
/// an index but no attribute.
#[repr(transparent)]
pub struct UnnamedFieldName(*const c_char);
// SAFETY: a pointer to an immutable static string, never written.
unsafe impl Sync for UnnamedFieldName {}

/// `PyStructSequence_UnnamedField`.
#[unsafe(no_mangle)]
pub static PyStructSequence_UnnamedField: UnnamedFieldName =
    UnnamedFieldName(c"unnamed field".as_ptr());

fn is_unnamed(name: *const c_char) -> bool {
    ptr::eq(name, PyStructSequence_UnnamedField.0)
}

// ==========================================================================
// The counts kept in the type's dict
// ==========================================================================

const VISIBLE: &CStr = c"n_sequence_fields";
const REAL: &CStr = c"n_fields";
const UNNAMED: &CStr = c"n_unnamed_fields";

/// The count `key` from `ty`'s dict, or -1 with TypeError when it is
/// missing (a type not made by the functions here) or the error of
/// reading it.
///
/// # Safety
/// `ty` must be a live, ready type.
unsafe fn count(ty: *mut PyTypeObject, key: &CStr) -> Py_ssize_t {
    // SAFETY: a ready type has its dict; the key is NUL-terminated.
    unsafe {
        let dict = (*ty).tp_dict;
        let v = if dict.is_null() {
            ptr::null_mut()
        } else {
            PyDict_GetItemString(dict, key.as_ptr())
        };
        if v.is_null() {
            let tname = CStr::from_ptr((*ty).tp_name).to_string_lossy();
            errors::raise(
                Exc::TypeError,
                format!(
                    "Missed attribute '{}' of type {tname}",
                    key.to_string_lossy()
                ),
            );
            return -1;
        }
        PyLong_AsSsize_t(v)
    }
}

/// The item array of a struct sequence (a tuple's).
///
/// # Safety
/// `op` must be a live struct sequence.
unsafe fn items(op: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: the tuple layout, per the contract.
    unsafe { (&raw mut (*op.cast::<PyTupleObject>()).ob_item).cast() }
}

// ==========================================================================
// Instances
// ==========================================================================

/// `PyStructSequence_New(type)`: a new instance with every field NULL for
/// the caller to fill (with `PyStructSequence_SET_ITEM`), not tracked by
/// the collector (as in CPython, only the type's constructor tracks). NULL
/// with the error if the type has no counts or memory runs out.
///
/// # Safety
/// `ty` must be a live struct sequence type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_New(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: a live type per the contract; the new object has `size`
    // item slots, of which the first `visible` are its length.
    unsafe {
        let size = count(ty, REAL);
        if size < 0 {
            return ptr::null_mut();
        }
        let visible = count(ty, VISIBLE);
        if visible < 0 {
            return ptr::null_mut();
        }
        let op = _PyObject_GC_NewVar(ty, size);
        if op.is_null() {
            return ptr::null_mut();
        }
        (*op).ob_size = visible;
        let op = op.cast::<PyObject>();
        for i in 0..size as usize {
            *items(op).add(i) = ptr::null_mut();
        }
        op
    }
}

/// `PyStructSequence_SetItem(op, index, value)`: stores `value` (stolen)
/// as field `index`, without releasing what was there (the macro's
/// contract; meant for filling a new instance).
///
/// # Safety
/// `op` must be a live struct sequence and `index` one of its fields.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_SetItem(
    op: *mut PyObject,
    index: Py_ssize_t,
    value: *mut PyObject,
) {
    // SAFETY: in range per the contract.
    unsafe { *items(op).add(index as usize) = value };
}

/// `PyStructSequence_GetItem(op, index)`: field `index` (borrowed).
///
/// # Safety
/// `op` must be a live struct sequence and `index` one of its fields.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_GetItem(
    op: *mut PyObject,
    index: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: in range per the contract.
    unsafe { *items(op).add(index as usize) }
}

unsafe extern "C" fn structseq_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live struct sequence; its fields are NULL or live.
    unsafe {
        let ty = (*op).ob_type;
        if (*ty).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
            let r = visit(ty.cast(), arg);
            if r != 0 {
                return r;
            }
        }
        let size = count(ty, REAL);
        for i in 0..size.max(0) as usize {
            let item = *items(op).add(i);
            if !item.is_null() {
                let r = visit(item, arg);
                if r != 0 {
                    return r;
                }
            }
        }
        0
    }
}

unsafe extern "C" fn structseq_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced struct sequence; its fields are NULL or
    // owned references.
    unsafe {
        PyObject_GC_UnTrack(op.cast());
        let ty = (*op).ob_type;
        let size = count(ty, REAL);
        if size < 0 {
            // A type whose dict lost its count: the visible items at least.
            errors::PyErr_Clear();
        }
        let size = if size < 0 {
            (*op.cast::<PyVarObject>()).ob_size
        } else {
            size
        };
        for i in 0..size as usize {
            Py_DecRef(*items(op).add(i));
        }
        PyObject_GC_Del(op.cast());
        if (*ty).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
            Py_DecRef(ty.cast());
        }
    }
}

/// The name of `ty` for messages.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn type_name(ty: *mut PyTypeObject) -> String {
    // SAFETY: a live type has a NUL-terminated name.
    let name = unsafe { CStr::from_ptr((*ty).tp_name) }.to_string_lossy();
    name.chars().take(500).collect()
}

/// `structseq(sequence, dict={})` (`tp_new`): the visible fields (and
/// optionally more) from a sequence, the rest from `dict` by name, else
/// None. Errors as CPython 3.11: the argument parser's, `TypeError`
/// ("constructor requires a sequence", "X() takes a dict as second arg, if
/// any", "X() takes a N-sequence (M-sequence given)" and the "at least" /
/// "at most" forms when some fields are attribute-only).
unsafe extern "C" fn structseq_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let mut kwlist = [
        c"sequence".as_ptr().cast_mut(),
        c"dict".as_ptr().cast_mut(),
        ptr::null_mut(),
    ];
    let mut arg: *mut PyObject = ptr::null_mut();
    let mut dict: *mut PyObject = ptr::null_mut();
    // SAFETY: the parser writes the two object pointers; the counts come
    // from a struct sequence type's dict; every item stored is a new
    // reference into a fresh instance of `max_len` slots.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kwds,
            c"O|O:structseq".as_ptr(),
            kwlist.as_mut_ptr(),
            &mut arg,
            &mut dict,
        ) == 0
        {
            return ptr::null_mut();
        }
        let min_len = count(ty, VISIBLE);
        if min_len < 0 {
            return ptr::null_mut();
        }
        let max_len = count(ty, REAL);
        if max_len < 0 {
            return ptr::null_mut();
        }
        let n_unnamed = count(ty, UNNAMED);
        if n_unnamed < 0 {
            return ptr::null_mut();
        }
        let Some(seq) = Owned::new(crate::objects::r#abstract::PySequence_Fast(
            arg,
            c"constructor requires a sequence".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if !dict.is_null() && !crate::objects::dictobject::is_dict(dict) {
            return errors::fail_null(
                Exc::TypeError,
                format!("{}() takes a dict as second arg, if any", type_name(ty)),
            );
        }
        let (seq_items, len) = crate::objects::r#abstract::fast_items(seq.as_ptr());
        let name = type_name(ty);
        if min_len != max_len {
            if len < min_len {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("{name}() takes an at least {min_len}-sequence ({len}-sequence given)"),
                );
            }
            if len > max_len {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("{name}() takes an at most {max_len}-sequence ({len}-sequence given)"),
                );
            }
        } else if len != min_len {
            return errors::fail_null(
                Exc::TypeError,
                format!("{name}() takes a {min_len}-sequence ({len}-sequence given)"),
            );
        }
        let res = PyStructSequence_New(ty);
        if res.is_null() {
            return ptr::null_mut();
        }
        for i in 0..len as usize {
            let v = *seq_items.add(i);
            Py_IncRef(v);
            *items(res).add(i) = v;
        }
        for i in len..max_len {
            let mut ob = ptr::null_mut();
            if !dict.is_null() {
                let member = (*ty).tp_members.add((i - n_unnamed) as usize);
                ob = PyDict_GetItemString(dict, (*member).name);
            }
            if ob.is_null() {
                ob = py_none();
            }
            Py_IncRef(ob);
            *items(res).add(i as usize) = ob;
        }
        PyObject_GC_Track(res.cast());
        res
    }
}

/// `repr()`: "name(field=repr(value), ...)" over the visible fields.
unsafe extern "C" fn structseq_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live struct sequence; its visible fields are live and its
    // type's members name them in order.
    unsafe {
        let ty = (*op).ob_type;
        let tname = CStr::from_ptr((*ty).tp_name);
        let mut out: Vec<u8> = tname.to_bytes().to_vec();
        out.push(b'(');
        let visible = (*op.cast::<PyVarObject>()).ob_size;
        for i in 0..visible {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            let member = (*ty).tp_members.add(i as usize);
            if (*ty).tp_members.is_null() || (*member).name.is_null() {
                return errors::fail_null(
                    Exc::SystemError,
                    format!(
                        "In structseq_repr(), member {i} name is NULL for type {}",
                        type_name(ty)
                    ),
                );
            }
            out.extend_from_slice(CStr::from_ptr((*member).name).to_bytes());
            out.push(b'=');
            let Some(repr) = Owned::new(crate::objects::object::PyObject_Repr(
                *items(op).add(i as usize),
            )) else {
                return ptr::null_mut();
            };
            let mut n: Py_ssize_t = 0;
            let text =
                crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize(repr.as_ptr(), &mut n);
            if text.is_null() {
                return ptr::null_mut();
            }
            out.extend_from_slice(std::slice::from_raw_parts(text.cast::<u8>(), n as usize));
        }
        out.push(b')');
        crate::objects::unicodeobject::PyUnicode_DecodeUTF8(
            out.as_ptr().cast(),
            out.len() as Py_ssize_t,
            ptr::null(),
        )
    }
}

/// `__reduce__()`: `(type, (visible_items, {name: value} of the rest))`.
unsafe extern "C" fn structseq_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live struct sequence with its counts; every field set.
    unsafe {
        let ty = (*op).ob_type;
        let n_fields = count(ty, REAL);
        if n_fields < 0 {
            return ptr::null_mut();
        }
        let visible = (*op.cast::<PyVarObject>()).ob_size;
        let n_unnamed = count(ty, UNNAMED);
        if n_unnamed < 0 {
            return ptr::null_mut();
        }
        let fields = std::slice::from_raw_parts(items(op), visible as usize);
        let Some(tup) = Owned::new(tuple_from_slice(fields)) else {
            return ptr::null_mut();
        };
        let Some(dict) = Owned::new(PyDict_New()) else {
            return ptr::null_mut();
        };
        for i in visible..n_fields {
            let member = (*ty).tp_members.add((i - n_unnamed) as usize);
            if PyDict_SetItemString(dict.as_ptr(), (*member).name, *items(op).add(i as usize)) < 0 {
                return ptr::null_mut();
            }
        }
        Py_BuildValue(c"(O(OO))".as_ptr(), ty, tup.as_ptr(), dict.as_ptr())
    }
}

static STRUCTSEQ_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(structseq_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: ptr::null(),
    },
    PyMethodDef::zeroed(),
]);

// ==========================================================================
// Types
// ==========================================================================

/// The number of fields in `desc` and how many of them are unnamed.
///
/// # Safety
/// `desc` must be a live descriptor whose fields end with a NULL name.
unsafe fn count_members(desc: *const PyStructSequence_Desc) -> (Py_ssize_t, Py_ssize_t) {
    let (mut n, mut unnamed) = (0, 0);
    // SAFETY: walks the NULL-name-terminated array per the contract.
    unsafe {
        while !(*(*desc).fields.add(n as usize)).name.is_null() {
            if is_unnamed((*(*desc).fields.add(n as usize)).name) {
                unnamed += 1;
            }
            n += 1;
        }
    }
    (n, unnamed)
}

/// A `PyMem_Malloc`ed member table for the named fields: read-only object
/// members at each field's item offset, ended by a zeroed entry. NULL with
/// MemoryError.
///
/// # Safety
/// As [`count_members`].
unsafe fn make_members(
    desc: *const PyStructSequence_Desc,
    n: Py_ssize_t,
    unnamed: Py_ssize_t,
) -> *mut PyMemberDef {
    let count = (n - unnamed + 1) as usize;
    let members = PyMem_Malloc(count * size_of::<PyMemberDef>()).cast::<PyMemberDef>();
    if members.is_null() {
        errors::PyErr_NoMemory();
        return ptr::null_mut();
    }
    let base = std::mem::offset_of!(PyTupleObject, ob_item);
    let mut k = 0;
    // SAFETY: `count` entries were allocated; fields per the contract.
    unsafe {
        for i in 0..n as usize {
            let field = &*(*desc).fields.add(i);
            if is_unnamed(field.name) {
                continue;
            }
            members.add(k).write(PyMemberDef {
                name: field.name,
                type_code: member_types::T_OBJECT,
                offset: (base + i * size_of::<*mut PyObject>()) as Py_ssize_t,
                flags: member_types::READONLY,
                doc: field.doc,
            });
            k += 1;
        }
        members.add(k).write(PyMemberDef::zeroed());
    }
    members
}

/// Puts the counts and `__match_args__` (the visible named fields) into a
/// new struct sequence type's dict: 0, or -1 with the error.
///
/// # Safety
/// `dict` must be a live dict; `desc` as [`count_members`].
unsafe fn init_dict(
    dict: *mut PyObject,
    desc: *const PyStructSequence_Desc,
    n: Py_ssize_t,
    unnamed: Py_ssize_t,
) -> c_int {
    // SAFETY: a live dict and descriptor per the contract.
    unsafe {
        for (key, value) in [
            (VISIBLE, (*desc).n_in_sequence as Py_ssize_t),
            (REAL, n),
            (UNNAMED, unnamed),
        ] {
            let Some(v) = Owned::new(PyLong_FromSsize_t(value)) else {
                return -1;
            };
            if PyDict_SetItemString(dict, key.as_ptr(), v.as_ptr()) < 0 {
                return -1;
            }
        }
        let mut names = Vec::new();
        for i in 0..(*desc).n_in_sequence.max(0) as usize {
            let name = (*(*desc).fields.add(i)).name;
            if is_unnamed(name) {
                continue;
            }
            let Some(s) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(name))
            else {
                return -1;
            };
            names.push(s);
        }
        let ptrs: Vec<*mut PyObject> = names.iter().map(Owned::as_ptr).collect();
        let Some(keys) = Owned::new(tuple_from_slice(&ptrs)) else {
            return -1;
        };
        PyDict_SetItemString(dict, c"__match_args__".as_ptr(), keys.as_ptr())
    }
}

/// `PyStructSequence_InitType2(type, desc)`: makes the zeroed static
/// `type` a struct sequence type as `desc` describes, and readies it: 0,
/// or -1 with the error (SystemError for a type already in use, whose
/// reference count is not 0).
///
/// # Safety
/// `ty` must point to a writable `PyTypeObject`; `desc` to a live
/// descriptor whose strings outlive the type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_InitType2(
    ty: *mut PyTypeObject,
    desc: *mut PyStructSequence_Desc,
) -> c_int {
    // SAFETY: per the contract; the member table moves into the type.
    unsafe {
        if (*ty.cast::<PyObject>()).ob_refcnt != 0 {
            return errors::bad_internal_call();
        }
        let (n, unnamed) = count_members(desc);
        let members = make_members(desc, n, unnamed);
        if members.is_null() {
            return -1;
        }
        (*ty).tp_name = (*desc).name;
        (*ty).tp_basicsize =
            (size_of::<PyTupleObject>() - size_of::<*mut PyObject>()) as Py_ssize_t;
        (*ty).tp_itemsize = size_of::<*mut PyObject>() as Py_ssize_t;
        (*ty).tp_dealloc = Some(structseq_dealloc);
        (*ty).tp_repr = Some(structseq_repr);
        (*ty).tp_doc = (*desc).doc;
        (*ty).tp_base = PyTuple_Type.get();
        (*ty).tp_methods = STRUCTSEQ_METHODS.get().cast();
        (*ty).tp_new = Some(structseq_new);
        (*ty).tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
        (*ty).tp_traverse = Some(structseq_traverse);
        (*ty).tp_members = members;
        if PyType_Ready(ty) < 0 {
            PyMem_Free(members.cast());
            return -1;
        }
        Py_IncRef(ty.cast());
        if init_dict((*ty).tp_dict, desc, n, unnamed) < 0 {
            Py_DecRef(ty.cast());
            return -1;
        }
        0
    }
}

/// `PyStructSequence_InitType(type, desc)`: as
/// [`PyStructSequence_InitType2`], leaving any error pending.
///
/// # Safety
/// As [`PyStructSequence_InitType2`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_InitType(
    ty: *mut PyTypeObject,
    desc: *mut PyStructSequence_Desc,
) {
    // SAFETY: forwarded contract.
    unsafe { PyStructSequence_InitType2(ty, desc) };
}

/// `PyStructSequence_NewType(desc)`: a new heap struct sequence type, or
/// NULL with the error.
///
/// # Safety
/// `desc` must be a live descriptor whose strings outlive the type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStructSequence_NewType(
    desc: *mut PyStructSequence_Desc,
) -> *mut PyTypeObject {
    // SAFETY: per the contract; the spec copies the member table, which
    // is freed after.
    unsafe {
        let (n, unnamed) = count_members(desc);
        let members = make_members(desc, n, unnamed);
        if members.is_null() {
            return ptr::null_mut();
        }
        let mut slots = [
            PyType_Slot {
                slot: Py_tp_dealloc,
                pfunc: structseq_dealloc as *mut c_void,
            },
            PyType_Slot {
                slot: Py_tp_repr,
                pfunc: structseq_repr as *mut c_void,
            },
            PyType_Slot {
                slot: Py_tp_doc,
                pfunc: (*desc).doc.cast_mut().cast(),
            },
            PyType_Slot {
                slot: Py_tp_methods,
                pfunc: STRUCTSEQ_METHODS.get().cast(),
            },
            PyType_Slot {
                slot: Py_tp_new,
                pfunc: structseq_new as *mut c_void,
            },
            PyType_Slot {
                slot: Py_tp_members,
                pfunc: members.cast(),
            },
            PyType_Slot {
                slot: Py_tp_traverse,
                pfunc: structseq_traverse as *mut c_void,
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let mut spec = PyType_Spec {
            name: (*desc).name,
            basicsize: (size_of::<PyTupleObject>() - size_of::<*mut PyObject>()) as c_int,
            itemsize: size_of::<*mut PyObject>() as c_int,
            flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC) as _,
            slots: slots.as_mut_ptr(),
        };
        let ty = PyType_FromSpecWithBases(&mut spec, PyTuple_Type.get().cast());
        PyMem_Free(members.cast());
        if ty.is_null() {
            return ptr::null_mut();
        }
        if init_dict((*ty.cast::<PyTypeObject>()).tp_dict, desc, n, unnamed) < 0 {
            Py_DecRef(ty);
            return ptr::null_mut();
        }
        ty.cast()
    }
}
