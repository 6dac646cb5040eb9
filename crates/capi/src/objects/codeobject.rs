//! Code objects (CPython's `Objects/codeobject.c`): what an extension
//! makes with `PyCode_NewEmpty` / `PyCode_New` to name a C function in a
//! traceback entry or as a function's `__code__`.
//!
//! No bytecode runs here, so a code object only records: its name,
//! qualified name, file and first line, the signature counts and flags,
//! and the tuples and bytes it was given. The C-visible prefix of
//! [`PyCodeObject`] is CPython 3.11's (include/code.h), so C code reading
//! `co_flags`, `co_name` or `co_firstlineno` compiles unchanged.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::member_types::{READONLY, T_INT, T_OBJECT};
use crate::ffi::*;
use crate::objects::bytesobject::{PyBytes_FromStringAndSize, is_bytes};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, alloc, is_str};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::{PyTuple_New, is_tuple};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::{PyUnicode_DecodeFSDefault, PyUnicode_FromString};
use crate::python::errors;

/// `PyCodeObject`: CPython 3.11's fields up to `co_weakreflist`, in its
/// order, then the bytes given as `co_code`.
#[repr(C)]
pub struct PyCodeObject {
    ob_base: PyVarObject,
    co_consts: *mut PyObject,
    co_names: *mut PyObject,
    co_exceptiontable: *mut PyObject,
    co_flags: c_int,
    co_warmup: i16,
    co_linearray_entry_size: i16,
    co_argcount: c_int,
    co_posonlyargcount: c_int,
    co_kwonlyargcount: c_int,
    co_stacksize: c_int,
    co_firstlineno: c_int,
    co_nlocalsplus: c_int,
    co_nlocals: c_int,
    co_nplaincellvars: c_int,
    co_ncellvars: c_int,
    co_nfreevars: c_int,
    co_localsplusnames: *mut PyObject,
    co_localspluskinds: *mut PyObject,
    co_filename: *mut PyObject,
    co_name: *mut PyObject,
    co_qualname: *mut PyObject,
    co_linetable: *mut PyObject,
    co_weakreflist: *mut PyObject,
    code: *mut PyObject,
}

// CPython's kinds of a local in `co_localspluskinds`.
const CO_FAST_LOCAL: u8 = 0x20;
const CO_FAST_CELL: u8 = 0x40;
const CO_FAST_FREE: u8 = 0x80;
const CO_VARARGS: c_int = 0x0004;
const CO_VARKEYWORDS: c_int = 0x0008;

unsafe extern "C" fn code_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced code object; every object field is NULL or
    // a reference it owns.
    unsafe {
        let co = op.cast::<PyCodeObject>();
        for o in [
            (*co).co_consts,
            (*co).co_names,
            (*co).co_exceptiontable,
            (*co).co_localsplusnames,
            (*co).co_localspluskinds,
            (*co).co_filename,
            (*co).co_name,
            (*co).co_qualname,
            (*co).co_linetable,
            (*co).code,
        ] {
            Py_DecRef(o);
        }
        PyObject_Free(op.cast());
    }
}

const fn int_member(name: &'static std::ffi::CStr, offset: usize) -> PyMemberDef {
    PyMemberDef::new(name, T_INT, offset, READONLY)
}

const fn object_member(name: &'static std::ffi::CStr, offset: usize) -> PyMemberDef {
    PyMemberDef::new(name, T_OBJECT, offset, READONLY)
}

static CODE_MEMBERS: StaticObject<[PyMemberDef; 14]> = StaticObject::new([
    int_member(c"co_argcount", offset_of!(PyCodeObject, co_argcount)),
    int_member(
        c"co_posonlyargcount",
        offset_of!(PyCodeObject, co_posonlyargcount),
    ),
    int_member(
        c"co_kwonlyargcount",
        offset_of!(PyCodeObject, co_kwonlyargcount),
    ),
    int_member(c"co_stacksize", offset_of!(PyCodeObject, co_stacksize)),
    int_member(c"co_flags", offset_of!(PyCodeObject, co_flags)),
    int_member(c"co_nlocals", offset_of!(PyCodeObject, co_nlocals)),
    int_member(c"co_firstlineno", offset_of!(PyCodeObject, co_firstlineno)),
    object_member(c"co_consts", offset_of!(PyCodeObject, co_consts)),
    object_member(c"co_names", offset_of!(PyCodeObject, co_names)),
    object_member(c"co_filename", offset_of!(PyCodeObject, co_filename)),
    object_member(c"co_name", offset_of!(PyCodeObject, co_name)),
    object_member(c"co_qualname", offset_of!(PyCodeObject, co_qualname)),
    object_member(c"co_linetable", offset_of!(PyCodeObject, co_linetable)),
    PyMemberDef::zeroed(),
]);

/// `PyCode_Type`: `code`.
#[unsafe(no_mangle)]
pub static PyCode_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"code", size_of::<PyCodeObject>(), 0, code_dealloc);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_members = CODE_MEMBERS.get().cast();
    ty.tp_methods = CODE_METHODS.get().cast();
    ty
});

/// Whether `op` is a code object.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_code(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type == PyCode_Type.get() }
}

/// The line of a code object with no bytecode: its first line.
///
/// # Safety
/// `co` must be a live code object.
pub(crate) unsafe fn first_line(co: *mut PyCodeObject) -> c_int {
    // SAFETY: per the contract.
    unsafe { (*co).co_firstlineno }
}

/// The code's `co_filename` and `co_name` (borrowed; both str).
///
/// # Safety
/// `co` must be a live code object.
pub(crate) unsafe fn filename_and_name(co: *mut PyCodeObject) -> (*mut PyObject, *mut PyObject) {
    // SAFETY: per the contract.
    unsafe { ((*co).co_filename, (*co).co_name) }
}

/// `varnames + cellvars + freevars` and their kinds (CPython 3.11's
/// "locals plus"), or None with the error.
///
/// # Safety
/// The three must be live tuples.
unsafe fn locals_plus(
    varnames: *mut PyObject,
    cellvars: *mut PyObject,
    freevars: *mut PyObject,
) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: live tuples per the contract; the new tuple is filled before
    // it is published.
    unsafe {
        let parts = [
            (varnames, CO_FAST_LOCAL),
            (cellvars, CO_FAST_CELL),
            (freevars, CO_FAST_FREE),
        ];
        let total: Py_ssize_t = parts
            .iter()
            .map(|(t, _)| (*t.cast::<PyVarObject>()).ob_size)
            .sum();
        let names = PyTuple_New(total);
        if names.is_null() {
            return None;
        }
        let mut kinds = Vec::with_capacity(total as usize);
        let mut at = 0;
        for (t, kind) in parts {
            let items = ptr::addr_of!((*t.cast::<PyTupleObject>()).ob_item).cast::<*mut PyObject>();
            for i in 0..(*t.cast::<PyVarObject>()).ob_size {
                let name = *items.offset(i);
                Py_IncRef(name);
                *ptr::addr_of_mut!((*names.cast::<PyTupleObject>()).ob_item)
                    .cast::<*mut PyObject>()
                    .offset(at) = name;
                at += 1;
                kinds.push(kind);
            }
        }
        let kinds = PyBytes_FromStringAndSize(kinds.as_ptr().cast(), kinds.len() as Py_ssize_t);
        if kinds.is_null() {
            Py_DecRef(names);
            return None;
        }
        Some((names, kinds))
    }
}

/// `PyCode_NewWithPosOnlyArgs(...)`: a code object recording the given
/// counts, flags, names and tuples (references taken to each).
/// `qualname` NULL means `name`; `nlocals` is recomputed as
/// `len(varnames)`, as CPython 3.11 does.
///
/// Fails (NULL) with `SystemError` for a NULL or wrongly typed object
/// argument or a negative count, `ValueError("code: co_code is
/// malformed")` for an odd-length `code`, `ValueError("code: co_varnames
/// is too small")` when the arguments outnumber `varnames`, or
/// `MemoryError`.
///
/// # Safety
/// Each object argument must be NULL or a live object.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn PyCode_NewWithPosOnlyArgs(
    argcount: c_int,
    posonlyargcount: c_int,
    kwonlyargcount: c_int,
    nlocals: c_int,
    stacksize: c_int,
    flags: c_int,
    code: *mut PyObject,
    consts: *mut PyObject,
    names: *mut PyObject,
    varnames: *mut PyObject,
    freevars: *mut PyObject,
    cellvars: *mut PyObject,
    filename: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    firstlineno: c_int,
    linetable: *mut PyObject,
    exceptiontable: *mut PyObject,
) -> *mut PyCodeObject {
    let live = |o: *mut PyObject, check: unsafe fn(*mut PyObject) -> bool| {
        // SAFETY: NULL or live per the contract.
        !o.is_null() && unsafe { check(o) }
    };
    if argcount < posonlyargcount
        || posonlyargcount < 0
        || kwonlyargcount < 0
        || nlocals < 0
        || stacksize < 0
        || flags < 0
        || !live(code, is_bytes)
        || !live(consts, is_tuple)
        || !live(names, is_tuple)
        || !live(varnames, is_tuple)
        || !live(freevars, is_tuple)
        || !live(cellvars, is_tuple)
        || !live(name, is_str)
        || !live(filename, is_str)
        || !live(linetable, is_bytes)
        || !live(exceptiontable, is_bytes)
        || !(qualname.is_null() || live(qualname, is_str))
    {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: every object argument was checked live and of its type.
    unsafe {
        if (*code.cast::<PyVarObject>()).ob_size % 2 != 0 {
            return errors::fail_null(Exc::ValueError, "code: co_code is malformed");
        }
        let nvarnames = (*varnames.cast::<PyVarObject>()).ob_size;
        let nargs = argcount as i64
            + kwonlyargcount as i64
            + i64::from(flags & CO_VARARGS != 0)
            + i64::from(flags & CO_VARKEYWORDS != 0);
        if nargs > nvarnames as i64 {
            return errors::fail_null(Exc::ValueError, "code: co_varnames is too small");
        }
        let Some((plus_names, plus_kinds)) = locals_plus(varnames, cellvars, freevars) else {
            return ptr::null_mut();
        };
        let op = alloc(PyCode_Type.get(), size_of::<PyCodeObject>());
        if op.is_null() {
            Py_DecRef(plus_names);
            Py_DecRef(plus_kinds);
            return ptr::null_mut();
        }
        let qualname = if qualname.is_null() { name } else { qualname };
        for o in [
            consts,
            names,
            exceptiontable,
            filename,
            name,
            qualname,
            linetable,
            code,
        ] {
            Py_IncRef(o);
        }
        let ncells = (*cellvars.cast::<PyVarObject>()).ob_size as c_int;
        let nfree = (*freevars.cast::<PyVarObject>()).ob_size as c_int;
        let co = op.cast::<PyCodeObject>();
        ptr::write(
            co,
            PyCodeObject {
                ob_base: PyVarObject {
                    ob_base: ptr::read(op),
                    ob_size: (*code.cast::<PyVarObject>()).ob_size / 2,
                },
                co_consts: consts,
                co_names: names,
                co_exceptiontable: exceptiontable,
                co_flags: flags,
                co_warmup: 0,
                co_linearray_entry_size: 0,
                co_argcount: argcount,
                co_posonlyargcount: posonlyargcount,
                co_kwonlyargcount: kwonlyargcount,
                co_stacksize: stacksize,
                co_firstlineno: firstlineno,
                co_nlocalsplus: nvarnames as c_int + ncells + nfree,
                co_nlocals: nvarnames as c_int,
                co_nplaincellvars: ncells,
                co_ncellvars: ncells,
                co_nfreevars: nfree,
                co_localsplusnames: plus_names,
                co_localspluskinds: plus_kinds,
                co_filename: filename,
                co_name: name,
                co_qualname: qualname,
                co_linetable: linetable,
                co_weakreflist: ptr::null_mut(),
                code,
            },
        );
        co
    }
}

/// `PyCode_New(...)`: [`PyCode_NewWithPosOnlyArgs`] with no
/// positional-only arguments.
///
/// # Safety
/// As [`PyCode_NewWithPosOnlyArgs`].
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn PyCode_New(
    argcount: c_int,
    kwonlyargcount: c_int,
    nlocals: c_int,
    stacksize: c_int,
    flags: c_int,
    code: *mut PyObject,
    consts: *mut PyObject,
    names: *mut PyObject,
    varnames: *mut PyObject,
    freevars: *mut PyObject,
    cellvars: *mut PyObject,
    filename: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    firstlineno: c_int,
    linetable: *mut PyObject,
    exceptiontable: *mut PyObject,
) -> *mut PyCodeObject {
    // SAFETY: forwarded contract.
    unsafe {
        PyCode_NewWithPosOnlyArgs(
            argcount,
            0,
            kwonlyargcount,
            nlocals,
            stacksize,
            flags,
            code,
            consts,
            names,
            varnames,
            freevars,
            cellvars,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        )
    }
}

/// `PyCode_NewEmpty(filename, funcname, firstlineno)`: a code object with
/// no code (CPython's stack size of 1 for its `return None` body), no
/// arguments and no flags, named `funcname` (UTF-8) in
/// `filename` (the file system encoding) at `firstlineno`.
///
/// Fails (NULL) with `SystemError` for a NULL string, the decoding error,
/// or `MemoryError`.
///
/// # Safety
/// `filename` and `funcname` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCode_NewEmpty(
    filename: *const c_char,
    funcname: *const c_char,
    firstlineno: c_int,
) -> *mut PyCodeObject {
    if filename.is_null() || funcname.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract; every new object is
    // released once the code object holds its own references.
    unsafe {
        let name = PyUnicode_FromString(funcname);
        let file = PyUnicode_DecodeFSDefault(filename);
        let empty_tuple = PyTuple_New(0);
        let empty_bytes = PyBytes_FromStringAndSize(ptr::null(), 0);
        let co = if [name, file, empty_tuple, empty_bytes]
            .iter()
            .any(|o| o.is_null())
        {
            ptr::null_mut()
        } else {
            PyCode_NewWithPosOnlyArgs(
                0,
                0,
                0,
                0,
                1, // CPython's empty body (return None) needs one slot
                0,
                empty_bytes,
                empty_tuple,
                empty_tuple,
                empty_tuple,
                empty_tuple,
                empty_tuple,
                file,
                name,
                name,
                firstlineno,
                empty_bytes,
                empty_bytes,
            )
        };
        for o in [name, file, empty_tuple, empty_bytes] {
            Py_DecRef(o);
        }
        co
    }
}

/// The names in `co_localsplusnames` whose kind has `kind`'s bit, as a new
/// tuple (CPython's `get_localsplus_names`); NULL with `MemoryError`.
///
/// # Safety
/// `co` must be a live code object.
unsafe fn names_of_kind(co: *mut PyCodeObject, kind: u8) -> *mut PyObject {
    // SAFETY: a live code object: its names tuple and kinds bytes have one
    // entry per local; the new tuple is filled before it is published.
    unsafe {
        let names = (*co).co_localsplusnames;
        let n = (*names.cast::<PyVarObject>()).ob_size;
        let kinds =
            crate::objects::bytesobject::PyBytes_AsString((*co).co_localspluskinds).cast::<u8>();
        let items = ptr::addr_of!((*names.cast::<PyTupleObject>()).ob_item).cast::<*mut PyObject>();
        let picked: Vec<*mut PyObject> = (0..n)
            .filter(|&i| *kinds.offset(i) & kind != 0)
            .map(|i| *items.offset(i))
            .collect();
        let out = PyTuple_New(picked.len() as Py_ssize_t);
        if !out.is_null() {
            let dest =
                ptr::addr_of_mut!((*out.cast::<PyTupleObject>()).ob_item).cast::<*mut PyObject>();
            for (i, &name) in picked.iter().enumerate() {
                Py_IncRef(name);
                *dest.add(i) = name;
            }
        }
        out
    }
}

/// Checks that `co` is a code object before a `PyCode_Get*` reads it:
/// `SystemError` (bad internal call) otherwise, where CPython's unchecked
/// read would crash.
///
/// # Safety
/// `co` must be NULL or a live object.
unsafe fn checked_code(co: *mut PyCodeObject) -> bool {
    // SAFETY: NULL or live per the contract.
    if co.is_null() || !unsafe { is_code(co.cast()) } {
        errors::PyErr_BadInternalCall();
        return false;
    }
    true
}

/// `PyCode_GetVarnames(co)`: `co.co_varnames`, the names of the arguments
/// and other locals, as a new tuple (CPython 3.11's accessor, which
/// pybind11 uses to read a frame's locals).
///
/// # Safety
/// `co` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCode_GetVarnames(co: *mut PyCodeObject) -> *mut PyObject {
    // SAFETY: checked to be a live code object.
    unsafe {
        if !checked_code(co) {
            return ptr::null_mut();
        }
        names_of_kind(co, CO_FAST_LOCAL)
    }
}

/// `PyCode_GetCellvars(co)`: `co.co_cellvars` as a new tuple.
///
/// # Safety
/// `co` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCode_GetCellvars(co: *mut PyCodeObject) -> *mut PyObject {
    // SAFETY: checked to be a live code object.
    unsafe {
        if !checked_code(co) {
            return ptr::null_mut();
        }
        names_of_kind(co, CO_FAST_CELL)
    }
}

/// `PyCode_GetFreevars(co)`: `co.co_freevars` as a new tuple.
///
/// # Safety
/// `co` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCode_GetFreevars(co: *mut PyCodeObject) -> *mut PyObject {
    // SAFETY: checked to be a live code object.
    unsafe {
        if !checked_code(co) {
            return ptr::null_mut();
        }
        names_of_kind(co, CO_FAST_FREE)
    }
}

/// `PyCode_GetCode(co)`: `co.co_code` as a new reference. No bytecode is
/// compiled here, so it is the bytes the object was made with
/// (`PyCode_New`'s `code`; empty for `PyCode_NewEmpty`, where CPython has
/// the few instructions of an empty body).
///
/// # Safety
/// `co` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCode_GetCode(co: *mut PyCodeObject) -> *mut PyObject {
    // SAFETY: checked to be a live code object, which owns its bytes.
    unsafe {
        if !checked_code(co) {
            return ptr::null_mut();
        }
        Py_IncRef((*co).code);
        (*co).code
    }
}

/// What a `code.replace()` keyword stands for.
#[derive(Clone, Copy)]
enum Field {
    Int(fn(&mut Fields) -> &mut c_int),
    Obj(fn(&mut Fields) -> &mut *mut PyObject, &'static str),
}

/// The arguments of `PyCode_NewWithPosOnlyArgs`, as `code.replace()`
/// gathers them (the objects borrowed).
struct Fields {
    argcount: c_int,
    posonlyargcount: c_int,
    kwonlyargcount: c_int,
    nlocals: c_int,
    stacksize: c_int,
    flags: c_int,
    firstlineno: c_int,
    code: *mut PyObject,
    consts: *mut PyObject,
    names: *mut PyObject,
    varnames: *mut PyObject,
    freevars: *mut PyObject,
    cellvars: *mut PyObject,
    filename: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    linetable: *mut PyObject,
    exceptiontable: *mut PyObject,
}

/// `code.replace()`'s keywords, in CPython 3.11's order, with the type
/// each object one must have.
const REPLACE_FIELDS: [(&str, Field); 18] = [
    ("co_argcount", Field::Int(|f| &mut f.argcount)),
    ("co_posonlyargcount", Field::Int(|f| &mut f.posonlyargcount)),
    ("co_kwonlyargcount", Field::Int(|f| &mut f.kwonlyargcount)),
    ("co_nlocals", Field::Int(|f| &mut f.nlocals)),
    ("co_stacksize", Field::Int(|f| &mut f.stacksize)),
    ("co_flags", Field::Int(|f| &mut f.flags)),
    ("co_firstlineno", Field::Int(|f| &mut f.firstlineno)),
    ("co_code", Field::Obj(|f| &mut f.code, "bytes")),
    ("co_consts", Field::Obj(|f| &mut f.consts, "tuple")),
    ("co_names", Field::Obj(|f| &mut f.names, "tuple")),
    ("co_varnames", Field::Obj(|f| &mut f.varnames, "tuple")),
    ("co_freevars", Field::Obj(|f| &mut f.freevars, "tuple")),
    ("co_cellvars", Field::Obj(|f| &mut f.cellvars, "tuple")),
    ("co_filename", Field::Obj(|f| &mut f.filename, "str")),
    ("co_name", Field::Obj(|f| &mut f.name, "str")),
    ("co_qualname", Field::Obj(|f| &mut f.qualname, "str")),
    ("co_linetable", Field::Obj(|f| &mut f.linetable, "bytes")),
    (
        "co_exceptiontable",
        Field::Obj(|f| &mut f.exceptiontable, "bytes"),
    ),
];

/// `code.replace(**changes)`: a new code object with the given fields
/// changed (keyword-only), made by `PyCode_NewWithPosOnlyArgs`, which
/// checks them. What Cython 0.29 builds its functions' code objects with
/// on 3.11.
///
/// Fails (NULL) with `TypeError` for a positional argument, an unknown
/// keyword, or a value of the wrong type ("replace() argument 'co_name'
/// must be str, not int"); `OverflowError` for an int outside C `int`;
/// `ValueError("co_flags must be a positive integer")` for a negative
/// count or flags; or what `PyCode_NewWithPosOnlyArgs` raises.
unsafe extern "C" fn code_replace(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let co = op.cast::<PyCodeObject>();
    // The three name tuples made here are released at the end.
    // SAFETY: code's method, with its argument tuple and NULL or a keyword
    // dict; objects taken from them are borrowed while those live.
    unsafe {
        let npos = (*args.cast::<PyVarObject>()).ob_size;
        if npos != 0 {
            return errors::fail_null(Exc::TypeError, "replace() takes no positional arguments");
        }
        let varnames = names_of_kind(co, CO_FAST_LOCAL);
        let cellvars = names_of_kind(co, CO_FAST_CELL);
        let freevars = names_of_kind(co, CO_FAST_FREE);
        let made = [varnames, cellvars, freevars];
        let release = |r: *mut PyObject| {
            for o in made {
                Py_DecRef(o);
            }
            r
        };
        if made.iter().any(|o| o.is_null()) {
            return release(ptr::null_mut());
        }
        let mut f = Fields {
            argcount: (*co).co_argcount,
            posonlyargcount: (*co).co_posonlyargcount,
            kwonlyargcount: (*co).co_kwonlyargcount,
            nlocals: (*co).co_nlocals,
            stacksize: (*co).co_stacksize,
            flags: (*co).co_flags,
            firstlineno: (*co).co_firstlineno,
            code: (*co).code,
            consts: (*co).co_consts,
            names: (*co).co_names,
            varnames,
            freevars,
            cellvars,
            filename: (*co).co_filename,
            name: (*co).co_name,
            qualname: (*co).co_qualname,
            linetable: (*co).co_linetable,
            exceptiontable: (*co).co_exceptiontable,
        };
        if !kwargs.is_null() {
            let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
            while crate::objects::dictobject::PyDict_Next(kwargs, &mut pos, &mut key, &mut value)
                != 0
            {
                let kname = if is_str(key) {
                    crate::objects::object::text_of(key)
                } else {
                    String::new()
                };
                let Some(&(fname, field)) = REPLACE_FIELDS.iter().find(|(n, _)| *n == kname) else {
                    return release(errors::fail_null(
                        Exc::TypeError,
                        format!("replace() got an unexpected keyword argument '{kname}'"),
                    ));
                };
                let tname = crate::objects::object::type_name_of(value);
                match field {
                    Field::Int(slot) => {
                        if (*(*value).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS == 0 {
                            return release(errors::fail_null(
                                Exc::TypeError,
                                format!("replace() argument '{fname}' must be int, not {tname}"),
                            ));
                        }
                        let v = crate::objects::longobject::PyLong_AsLong(value);
                        if v == -1 && !errors::PyErr_Occurred().is_null() {
                            return release(ptr::null_mut());
                        }
                        let Ok(v) = c_int::try_from(v) else {
                            return release(errors::fail_null(
                                Exc::OverflowError,
                                "Python int too large to convert to C int",
                            ));
                        };
                        if v < 0 {
                            return release(errors::fail_null(
                                Exc::ValueError,
                                format!("{fname} must be a positive integer"),
                            ));
                        }
                        *slot(&mut f) = v;
                    }
                    Field::Obj(slot, want) => {
                        let ok = match want {
                            "bytes" => is_bytes(value),
                            "tuple" => is_tuple(value),
                            _ => is_str(value),
                        };
                        if !ok {
                            return release(errors::fail_null(
                                Exc::TypeError,
                                format!("replace() argument '{fname}' must be {want}, not {tname}"),
                            ));
                        }
                        *slot(&mut f) = value;
                    }
                }
            }
        }
        let new = PyCode_NewWithPosOnlyArgs(
            f.argcount,
            f.posonlyargcount,
            f.kwonlyargcount,
            f.nlocals,
            f.stacksize,
            f.flags,
            f.code,
            f.consts,
            f.names,
            f.varnames,
            f.freevars,
            f.cellvars,
            f.filename,
            f.name,
            f.qualname,
            f.firstlineno,
            f.linetable,
            f.exceptiontable,
        );
        release(new.cast())
    }
}

static CODE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"replace".as_ptr(),
        // SAFETY: a METH_VARARGS|METH_KEYWORDS function, called with that
        // signature (CPython's calling convention casts it back).
        ml_meth: Some(unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
                PyCFunction,
            >(code_replace)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: ptr::null(),
    },
    PyMethodDef::zeroed(),
]);
