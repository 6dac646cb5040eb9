//! The Python-level methods of `bytes` and `bytearray` (CPython's
//! `Objects/bytes_methods.c`, the method tables of `bytesobject.c` and
//! `bytearrayobject.c` and their Argument Clinic code): decode, hex,
//! fromhex (a classmethod), partition/rpartition, splitlines,
//! startswith/endswith, find/rfind/index/rindex/count, split/rsplit,
//! strip/lstrip/rstrip and join for both (results of the receiver's
//! type), and the mutators of bytearray (append, extend, insert, pop,
//! remove, clear, copy, reverse), which refuse to resize while buffers are
//! exported (`BufferError`) and change nothing on error.
//!
//! The receiver's bytes are copied before anything else runs (an
//! argument's `__index__` or buffer export may change a bytearray).

mod ascii;
mod transmogrify;

use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use crate::buffer::{PyBuffer_Release, PyObject_CheckBuffer, PyObject_GetBuffer};
use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, type_name_200};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::bytearrayobject::{
    PyByteArray_Resize, bytearray_data, bytearray_from_slice, bytearray_to_vec,
};
use crate::objects::bytesobject::{bytes_from_slice, bytes_to_vec, is_bytes};
use crate::objects::exceptions::Exc;
use crate::objects::listobject::list_from_owned;
use crate::objects::longobject::{PyLong_AsLongAndOverflow, PyLong_FromSsize_t};
use crate::objects::object::{Py_DecRef, py_none};
use crate::objects::stringlib::{
    count_slice, find_slice, parse_finds, rsplit_parts, split_parts, tail_match,
};
use crate::objects::tupleobject;
use crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize;
use crate::python::clinic::{
    METHOD_END, arg, fastcall, fastcall_kw, fastcall_static, int_arg, method, ssize_arg,
    static_parser, unpack,
};
use crate::python::errors;
use crate::python::getargs::{_PyArg_BadArgument, _PyArg_CheckPositional};

// ==========================================================================
// Helpers
// ==========================================================================

/// A copy of the receiver's bytes (a bytes or bytearray).
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn data_of(op: *mut PyObject) -> Vec<u8> {
    // SAFETY: per the contract.
    unsafe {
        if is_bytes(op) {
            bytes_to_vec(op)
        } else {
            bytearray_to_vec(op).unwrap_or_default()
        }
    }
}

/// A new object of the receiver's kind (bytes or bytearray) of `data`.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn new_like(op: *mut PyObject, data: &[u8]) -> *mut PyObject {
    // SAFETY: live per the contract.
    if unsafe { is_bytes(op) } {
        bytes_from_slice(data)
    } else {
        bytearray_from_slice(data)
    }
}

/// A copy of the bytes of any object with a simple buffer, or None with
/// the export's error (`TypeError("a bytes-like object is required, not
/// 'str'")`).
///
/// # Safety
/// `o` a live object.
unsafe fn buffer_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
    // SAFETY: a live object and our own view, released below.
    unsafe {
        if PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) != 0 {
            return None;
        }
        let v = view.as_mut_ptr();
        let n = (*v).len.max(0) as usize;
        let mut out = vec![0u8; n];
        if n > 0 {
            ptr::copy_nonoverlapping((*v).buf as *const u8, out.as_mut_ptr(), n);
        }
        PyBuffer_Release(v);
        Some(out)
    }
}

/// `Py_ISSPACE`: ASCII whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// CPython's `_getbytevalue`: an int in `range(0, 256)`.
///
/// # Safety
/// `o` a live object.
unsafe fn byte_value(o: *mut PyObject) -> Option<u8> {
    let mut overflow = 0;
    // SAFETY: live per the contract.
    let v = unsafe { PyLong_AsLongAndOverflow(o, &mut overflow) };
    if v == -1 && !errors::PyErr_Occurred().is_null() {
        return None;
    }
    if !(0..256).contains(&v) {
        errors::raise(Exc::ValueError, "byte must be in range(0, 256)");
        return None;
    }
    Some(v as u8)
}

/// A new list of objects of the receiver's kind, one per part.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn list_of_parts(op: *mut PyObject, parts: Vec<&[u8]>) -> *mut PyObject {
    let mut objs = Vec::new();
    for p in parts {
        // SAFETY: per the contract.
        let o = unsafe { new_like(op, p) };
        if o.is_null() {
            for o in objs {
                // SAFETY: our references.
                unsafe { Py_DecRef(o) };
            }
            return ptr::null_mut();
        }
        objs.push(o);
    }
    // SAFETY: owned references move into the list.
    unsafe { list_from_owned(objs) }
}

// ==========================================================================
// decode and hex
// ==========================================================================

static_parser!(DECODE_KW = [c"encoding", c"errors"]; DECODE_PARSER = c"decode");

/// Clinic's `str` converter for argument `which` of `decode`.
///
/// # Safety
/// `o` a live object, kept alive while the pointer is used.
unsafe fn c_string_arg(o: *mut PyObject, which: &CStr) -> Option<*const c_char> {
    // SAFETY: live per the contract.
    unsafe {
        if !crate::objects::unicodeobject::is_str(o) {
            _PyArg_BadArgument(c"decode".as_ptr(), which.as_ptr(), c"str".as_ptr(), o);
            return None;
        }
        let mut size: Py_ssize_t = 0;
        let p = PyUnicode_AsUTF8AndSize(o, &mut size);
        if p.is_null() {
            return None;
        }
        // Read through the raw pointer: the UTF-8 copy is the str's.
        if (0..size as usize).any(|i| *p.add(i) == 0) {
            errors::raise(Exc::ValueError, "embedded null character");
            return None;
        }
        Some(p)
    }
}

/// `decode(encoding='utf-8', errors='strict')`.
unsafe extern "C" fn decode(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytes or bytearray.
    unsafe {
        let Some([encoding, errors_]) = unpack::<2>(&DECODE_PARSER, args, nargs, kwnames, 0, 2)
        else {
            return ptr::null_mut();
        };
        let mut enc = ptr::null();
        let mut err = ptr::null();
        if !encoding.is_null() {
            match c_string_arg(encoding, c"argument 'encoding'") {
                Some(p) => enc = p,
                None => return ptr::null_mut(),
            }
        }
        if !errors_.is_null() {
            match c_string_arg(errors_, c"argument 'errors'") {
                Some(p) => err = p,
                None => return ptr::null_mut(),
            }
        }
        let data = data_of(op);
        crate::objects::unicodeobject::PyUnicode_Decode(
            data.as_ptr().cast(),
            data.len() as Py_ssize_t,
            enc,
            err,
        )
    }
}

static_parser!(HEX_KW = [c"sep", c"bytes_per_sep"]; HEX_PARSER = c"hex");

/// `hex(sep=<unrepresentable>, bytes_per_sep=1)`.
unsafe extern "C" fn hex(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytes or bytearray.
    unsafe {
        let Some([sep, per]) = unpack::<2>(&HEX_PARSER, args, nargs, kwnames, 0, 2) else {
            return ptr::null_mut();
        };
        let mut bytes_per_sep: c_int = 1;
        if !per.is_null() {
            match int_arg(per) {
                Some(v) => bytes_per_sep = v,
                None => return ptr::null_mut(),
            }
        }
        crate::objects::memoryobject::strhex(&data_of(op), sep, bytes_per_sep)
    }
}

// ==========================================================================
// startswith, endswith
// ==========================================================================

/// CPython's `_Py_bytes_tailmatch`.
///
/// # Safety
/// `op` a live bytes or bytearray; `args` a live tuple.
unsafe fn starts_or_ends(op: *mut PyObject, args: *mut PyObject, at_end: bool) -> *mut PyObject {
    let name = if at_end { "endswith" } else { "startswith" };
    // SAFETY: per the contract.
    unsafe {
        let Some((sub, start, end)) = parse_finds(name, args) else {
            return ptr::null_mut();
        };
        let s = data_of(op);
        if tupleobject::is_tuple(sub) {
            for i in 0..tupleobject::size(sub) {
                let Some(item) = buffer_bytes(tupleobject::get(sub, i)) else {
                    return ptr::null_mut();
                };
                if tail_match(&s, &item, start, end, at_end) {
                    return bool_from_bool(true);
                }
            }
            return bool_from_bool(false);
        }
        let Some(item) = buffer_bytes(sub) else {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                errors::PyErr_Clear();
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "{name} first arg must be bytes or a tuple of bytes, not {}",
                        type_name_200(sub)
                    ),
                );
            }
            return ptr::null_mut();
        };
        bool_from_bool(tail_match(&s, &item, start, end, at_end))
    }
}

unsafe extern "C" fn startswith(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call on a live bytes or bytearray.
    unsafe { starts_or_ends(op, args, false) }
}

unsafe extern "C" fn endswith(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as startswith.
    unsafe { starts_or_ends(op, args, true) }
}

// ==========================================================================
// find, rfind, index, rindex, count
// ==========================================================================

/// CPython's `parse_args_finds_byte`: the needle (bytes-like, or an int
/// in `range(0, 256)` as one byte) and the bounds.
///
/// # Safety
/// `args` a live tuple.
unsafe fn parse_finds_byte(
    name: &str,
    args: *mut PyObject,
) -> Option<(Vec<u8>, Py_ssize_t, Py_ssize_t)> {
    // SAFETY: per the contract.
    unsafe {
        let (sub, start, end) = parse_finds(name, args)?;
        if PyObject_CheckBuffer(sub) != 0 {
            return Some((buffer_bytes(sub)?, start, end));
        }
        if abstract_::PyIndex_Check(sub) == 0 {
            errors::raise(
                Exc::TypeError,
                format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    type_name_200(sub)
                ),
            );
            return None;
        }
        let v = abstract_::PyNumber_AsSsize_t(sub, ptr::null_mut());
        if v == -1 && !errors::PyErr_Occurred().is_null() {
            return None;
        }
        if !(0..256).contains(&v) {
            errors::raise(Exc::ValueError, "byte must be in range(0, 256)");
            return None;
        }
        Some((vec![v as u8], start, end))
    }
}

/// The shared body of find/rfind/index/rindex.
///
/// # Safety
/// `op` a live bytes or bytearray; `args` a live tuple.
unsafe fn find_method(
    op: *mut PyObject,
    args: *mut PyObject,
    name: &str,
    last: bool,
    raise: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((sub, start, end)) = parse_finds_byte(name, args) else {
            return ptr::null_mut();
        };
        let i = find_slice(&data_of(op), &sub, start, end, last);
        if i < 0 && raise {
            return errors::fail_null(Exc::ValueError, "subsection not found");
        }
        PyLong_FromSsize_t(i)
    }
}

unsafe extern "C" fn find(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call on a live bytes or bytearray.
    unsafe { find_method(op, args, "find", false, false) }
}

unsafe extern "C" fn rfind(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "rfind", true, false) }
}

unsafe extern "C" fn index(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "index", false, true) }
}

unsafe extern "C" fn rindex(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "rindex", true, true) }
}

unsafe extern "C" fn count(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe {
        let Some((sub, start, end)) = parse_finds_byte("count", args) else {
            return ptr::null_mut();
        };
        PyLong_FromSsize_t(count_slice(&data_of(op), &sub, start, end) as Py_ssize_t)
    }
}

// ==========================================================================
// split, rsplit, strip, lstrip, rstrip
// ==========================================================================

static_parser!(
    SPLIT_KW = [c"sep", c"maxsplit"];
    SPLIT_PARSER = c"split",
    RSPLIT_PARSER = c"rsplit"
);

/// The shared body of split/rsplit(sep=None, maxsplit=-1).
///
/// # Safety
/// A fastcall on a live bytes or bytearray.
unsafe fn split_method(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    right: bool,
) -> *mut PyObject {
    let p = if right { &RSPLIT_PARSER } else { &SPLIT_PARSER };
    // SAFETY: per the contract.
    unsafe {
        let Some([sep, maxsplit]) = unpack::<2>(p, args, nargs, kwnames, 0, 2) else {
            return ptr::null_mut();
        };
        let mut max: Py_ssize_t = -1;
        if !maxsplit.is_null() {
            match ssize_arg(maxsplit) {
                Some(v) => max = v,
                None => return ptr::null_mut(),
            }
        }
        if max < 0 {
            max = Py_ssize_t::MAX;
        }
        let sep_bytes;
        let sep = if sep.is_null() || sep == py_none() {
            None
        } else {
            match buffer_bytes(sep) {
                Some(b) if b.is_empty() => {
                    return errors::fail_null(Exc::ValueError, "empty separator");
                }
                Some(b) => {
                    sep_bytes = b;
                    Some(&sep_bytes[..])
                }
                None => return ptr::null_mut(),
            }
        };
        let s = data_of(op);
        let parts = if right {
            rsplit_parts(&s, sep, max, is_space)
        } else {
            split_parts(&s, sep, max, is_space)
        };
        list_of_parts(op, parts)
    }
}

unsafe extern "C" fn split(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytes or bytearray.
    unsafe { split_method(op, args, nargs, kwnames, false) }
}

unsafe extern "C" fn rsplit(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as split.
    unsafe { split_method(op, args, nargs, kwnames, true) }
}

/// The shared body of strip/lstrip/rstrip(bytes=None, /).
///
/// # Safety
/// A fastcall on a live bytes or bytearray.
unsafe fn strip_method(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    name: &CStr,
    left: bool,
    right: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if _PyArg_CheckPositional(name.as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let chars = if nargs >= 1 { arg(args, 0) } else { py_none() };
        let set = if chars == py_none() {
            None
        } else {
            match buffer_bytes(chars) {
                Some(b) => Some(b),
                None => return ptr::null_mut(),
            }
        };
        let mut table = [false; 256];
        if let Some(set) = &set {
            for &b in set {
                table[b as usize] = true;
            }
        }
        let strip = |c: u8| match &set {
            None => is_space(c),
            Some(_) => table[c as usize],
        };
        let s = data_of(op);
        let mut i = 0;
        let mut j = s.len();
        if left {
            while i < j && strip(s[i]) {
                i += 1;
            }
        }
        if right {
            while j > i && strip(s[j - 1]) {
                j -= 1;
            }
        }
        new_like(op, &s[i..j])
    }
}

unsafe extern "C" fn strip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytes or bytearray.
    unsafe { strip_method(op, args, nargs, c"strip", true, true) }
}

unsafe extern "C" fn lstrip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: as strip.
    unsafe { strip_method(op, args, nargs, c"lstrip", true, false) }
}

unsafe extern "C" fn rstrip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: as strip.
    unsafe { strip_method(op, args, nargs, c"rstrip", false, true) }
}

// ==========================================================================
// The bytearray mutators
// ==========================================================================

/// Replaces the bytearray's contents with `data` (resizing first, so a
/// refused resize changes nothing). -1 with `BufferError` or
/// `MemoryError`.
///
/// # Safety
/// `op` a live bytearray.
unsafe fn set_contents(op: *mut PyObject, data: &[u8]) -> c_int {
    // SAFETY: a live bytearray; its buffer holds `data.len()` bytes after
    // the resize, and no C code runs between the resize and the copy.
    unsafe {
        if PyByteArray_Resize(op, data.len() as Py_ssize_t) < 0 {
            return -1;
        }
        if let Some((p, n)) = bytearray_data(op)
            && n == data.len()
            && n > 0
        {
            ptr::copy_nonoverlapping(data.as_ptr(), p, n);
        }
    }
    0
}

/// Finishes a mutator: None, or NULL when `status` is -1.
fn done(status: c_int) -> *mut PyObject {
    if status < 0 {
        ptr::null_mut()
    } else {
        crate::objects::object::none()
    }
}

/// `bytearray.append(item, /)`.
unsafe extern "C" fn ba_append(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray and argument.
    unsafe {
        let Some(b) = byte_value(item) else {
            return ptr::null_mut();
        };
        let mut data = data_of(op);
        if data.len() as Py_ssize_t == Py_ssize_t::MAX {
            return errors::fail_null(Exc::OverflowError, "cannot add more objects to bytearray");
        }
        data.push(b);
        done(set_contents(op, &data))
    }
}

/// `bytearray.extend(iterable_of_ints, /)`: a bytes-like object's bytes,
/// or the ints of an iterable; nothing changes when one is bad.
unsafe extern "C" fn ba_extend(op: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray and argument; every reference taken is
    // released.
    unsafe {
        let extra = if PyObject_CheckBuffer(it) != 0 {
            match buffer_bytes(it) {
                Some(b) => b,
                None => return ptr::null_mut(),
            }
        } else {
            let iter = abstract_::PyObject_GetIter(it);
            if iter.is_null() {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                    errors::PyErr_Clear();
                    return errors::fail_null(
                        Exc::TypeError,
                        format!("can't extend bytearray with {}", type_name_200(it)),
                    );
                }
                return ptr::null_mut();
            }
            let mut out = Vec::new();
            loop {
                let item = abstract_::PyIter_Next(iter);
                if item.is_null() {
                    break;
                }
                let b = byte_value(item);
                Py_DecRef(item);
                match b {
                    Some(b) => out.push(b),
                    None => break,
                }
            }
            Py_DecRef(iter);
            if !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            out
        };
        let mut data = data_of(op);
        data.extend_from_slice(&extra);
        done(set_contents(op, &data))
    }
}

/// `bytearray.insert(index, item, /)`: the index clamped as slices clamp.
unsafe extern "C" fn ba_insert(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytearray.
    unsafe {
        if _PyArg_CheckPositional(c"insert".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(mut where_) = ssize_arg(arg(args, 0)) else {
            return ptr::null_mut();
        };
        let Some(b) = byte_value(arg(args, 1)) else {
            return ptr::null_mut();
        };
        let mut data = data_of(op);
        let n = data.len() as Py_ssize_t;
        if n == Py_ssize_t::MAX {
            return errors::fail_null(Exc::OverflowError, "cannot add more objects to bytearray");
        }
        if where_ < 0 {
            where_ = (where_ + n).max(0);
        }
        data.insert(where_.min(n) as usize, b);
        done(set_contents(op, &data))
    }
}

/// `bytearray.pop(index=-1, /)`.
unsafe extern "C" fn ba_pop(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytearray.
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
        let mut data = data_of(op);
        let n = data.len() as Py_ssize_t;
        if n == 0 {
            return errors::fail_null(Exc::IndexError, "pop from empty bytearray");
        }
        if index < 0 {
            index += n;
        }
        if !(0..n).contains(&index) {
            return errors::fail_null(Exc::IndexError, "pop index out of range");
        }
        let b = data.remove(index as usize);
        if set_contents(op, &data) < 0 {
            return ptr::null_mut();
        }
        PyLong_FromSsize_t(b as Py_ssize_t)
    }
}

/// `bytearray.remove(value, /)`: `ValueError("value not found in
/// bytearray")`.
unsafe extern "C" fn ba_remove(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray and argument.
    unsafe {
        let Some(b) = byte_value(value) else {
            return ptr::null_mut();
        };
        let mut data = data_of(op);
        let Some(i) = data.iter().position(|&x| x == b) else {
            return errors::fail_null(Exc::ValueError, "value not found in bytearray");
        };
        data.remove(i);
        done(set_contents(op, &data))
    }
}

/// `bytearray.clear()`.
unsafe extern "C" fn ba_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray.
    done(unsafe { PyByteArray_Resize(op, 0) })
}

/// `bytearray.copy()`: a plain bytearray.
unsafe extern "C" fn ba_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray.
    bytearray_from_slice(&unsafe { data_of(op) })
}

/// CPython's `_common_reduce` for bytearray: `(type(b), args, state)`,
/// the args empty for an empty bytearray, else the bytes as a Latin-1
/// `str` and `'latin-1'` below protocol 3 (as Python 2 read them) or as
/// `bytes` from 3 on; the state `_PyObject_GetState` gives.
///
/// # Safety
/// `op` must be a live bytearray.
unsafe fn ba_common_reduce(op: *mut PyObject, protocol: c_int) -> *mut PyObject {
    // SAFETY: per the contract; every object made is owned.
    unsafe {
        use crate::objects::object::{Owned, type_of};
        let Some(state) = Owned::new(crate::objects::typeobject::_PyObject_GetState(op)) else {
            return ptr::null_mut();
        };
        let data = data_of(op);
        let args = if data.is_empty() {
            Owned::new(crate::objects::tupleobject::PyTuple_New(0))
        } else if protocol < 3 {
            let text: String = data.iter().map(|&b| char::from(b)).collect();
            let Some(latin1) = Owned::new(crate::objects::unicodeobject::unicode_from_str(&text))
            else {
                return ptr::null_mut();
            };
            let Some(codec) =
                Owned::new(crate::objects::unicodeobject::unicode_from_str("latin-1"))
            else {
                return ptr::null_mut();
            };
            Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                latin1.as_ptr(),
                codec.as_ptr(),
            ]))
        } else {
            let Some(b) = Owned::new(bytes_from_slice(&data)) else {
                return ptr::null_mut();
            };
            Owned::new(crate::objects::tupleobject::tuple_from_slice(&[b.as_ptr()]))
        };
        let Some(args) = args else {
            return ptr::null_mut();
        };
        crate::objects::tupleobject::tuple_from_slice(&[
            type_of(op).cast(),
            args.as_ptr(),
            state.as_ptr(),
        ])
    }
}

/// `bytearray.__reduce__()`: the protocol-2 reduction.
unsafe extern "C" fn ba_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method call on a live bytearray.
    unsafe { ba_common_reduce(op, 2) }
}

/// `bytearray.__reduce_ex__(proto=0, /)`.
unsafe extern "C" fn ba_reduce_ex(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytearray.
    unsafe {
        if _PyArg_CheckPositional(c"__reduce_ex__".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let mut protocol: c_int = 0;
        if nargs >= 1 {
            match crate::python::clinic::int_arg(arg(args, 0)) {
                Some(p) => protocol = p,
                None => return ptr::null_mut(),
            }
        }
        ba_common_reduce(op, protocol)
    }
}

/// `bytearray.join(iterable_of_bytes, /)`: bytes.join's engine with this
/// bytearray's bytes as the separator, as a bytearray.
unsafe extern "C" fn ba_join(op: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray and argument; our references are released.
    unsafe {
        let sep = bytes_from_slice(&data_of(op));
        if sep.is_null() {
            return ptr::null_mut();
        }
        let joined = _PyBytes_Join(sep, iterable);
        Py_DecRef(sep);
        if joined.is_null() {
            return ptr::null_mut();
        }
        let out = bytearray_from_slice(&bytes_to_vec(joined));
        Py_DecRef(joined);
        out
    }
}

/// `bytearray.reverse()`: in place, no resize.
unsafe extern "C" fn ba_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray; its `n` bytes are swapped through raw
    // pointers (C code may hold them) with no C code running.
    unsafe {
        if let Some((p, n)) = bytearray_data(op) {
            let (mut lo, mut hi) = (0usize, n);
            while lo + 1 < hi {
                hi -= 1;
                ptr::swap(p.add(lo), p.add(hi));
                lo += 1;
            }
        }
    }
    crate::objects::object::none()
}

// ==========================================================================
// partition, rpartition, splitlines
// ==========================================================================

/// `partition(sep, /)` / `rpartition`: `(head, sep, tail)` of the
/// receiver's kind (`sep` a bytes-like object; the middle item is a copy
/// of it); without `sep`, the whole and two empties.
///
/// # Safety
/// `op` a live bytes or bytearray; `sep` live.
unsafe fn partition_method(op: *mut PyObject, sep: *mut PyObject, last: bool) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(sep_bytes) = buffer_bytes(sep) else {
            return ptr::null_mut();
        };
        if sep_bytes.is_empty() {
            return errors::fail_null(Exc::ValueError, "empty separator");
        }
        let s = data_of(op);
        let parts: [&[u8]; 3] = match crate::objects::stringlib::partition_at(&s, &sep_bytes, last)
        {
            Some((head, tail)) => [head, &sep_bytes, tail],
            None if last => [&[], &[], &s],
            None => [&s, &[], &[]],
        };
        let objs = parts.map(|p| new_like(op, p));
        if objs.iter().any(|o| o.is_null()) {
            for o in objs {
                Py_DecRef(o);
            }
            return ptr::null_mut();
        }
        let t = tupleobject::tuple_from_slice(&objs);
        for o in objs {
            Py_DecRef(o);
        }
        t
    }
}

unsafe extern "C" fn partition(op: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live receiver and argument.
    unsafe { partition_method(op, sep, false) }
}

unsafe extern "C" fn rpartition(op: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live receiver and argument.
    unsafe { partition_method(op, sep, true) }
}

static_parser!(SPLITLINES_KW = [c"keepends"]; SPLITLINES_PARSER = c"splitlines");

/// `splitlines(keepends=False)`: breaks at `\n`, `\r` and `\r\n` only.
unsafe extern "C" fn splitlines(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live bytes or bytearray.
    unsafe {
        let Some([keepends]) = unpack::<1>(&SPLITLINES_PARSER, args, nargs, kwnames, 0, 1) else {
            return ptr::null_mut();
        };
        let mut keep = false;
        if !keepends.is_null() {
            match int_arg(keepends) {
                Some(k) => keep = k != 0,
                None => return ptr::null_mut(),
            }
        }
        let s = data_of(op);
        let parts = crate::objects::stringlib::splitlines_parts(
            &s,
            keep,
            |b| b == b'\n' || b == b'\r',
            b'\r',
            b'\n',
        );
        list_of_parts(op, parts)
    }
}

// ==========================================================================
// fromhex
// ==========================================================================

/// CPython's `_PyBytes_FromHex`: pairs of hex digits, ASCII whitespace
/// allowed before each pair; `Err(position)` of the first bad character
/// (the first non-ASCII one when there is one; the length for a dangling
/// digit).
fn parse_hex_pairs(cps: &[u32]) -> Result<Vec<u8>, usize> {
    if let Some(i) = cps.iter().position(|&c| c >= 128) {
        return Err(i);
    }
    let at = |i: usize| cps.get(i).copied().unwrap_or(0) as u8;
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(cps.len() / 2);
    let mut i = 0;
    while i < cps.len() {
        if is_space(at(i)) {
            while is_space(at(i)) {
                i += 1;
            }
            if i >= cps.len() {
                break;
            }
        }
        let top = hex(at(i)).ok_or(i)?;
        let bot = hex(at(i + 1)).ok_or(i + 1)?;
        out.push((top * 16 + bot) as u8);
        i += 2;
    }
    Ok(out)
}

/// `bytes.fromhex(string, /)` and `bytearray.fromhex(string, /)`
/// (classmethods): `ValueError("non-hexadecimal number found in fromhex()
/// arg at position N")`; for a subclass, `cls(value)`.
unsafe extern "C" fn fromhex(cls: *mut PyObject, string: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live class and argument; our references are released.
    unsafe {
        if !crate::objects::unicodeobject::is_str(string) {
            _PyArg_BadArgument(
                c"fromhex".as_ptr(),
                c"argument".as_ptr(),
                c"str".as_ptr(),
                string,
            );
            return ptr::null_mut();
        }
        let data = match parse_hex_pairs(&crate::objects::unicodeobject::code_points(string)) {
            Ok(d) => d,
            Err(at) => {
                return errors::fail_null(
                    Exc::ValueError,
                    format!("non-hexadecimal number found in fromhex() arg at position {at}"),
                );
            }
        };
        let bytes_ty = crate::objects::bytesobject::PyBytes_Type
            .get()
            .cast::<PyObject>();
        let bytearray_ty = crate::objects::bytearrayobject::PyByteArray_Type
            .get()
            .cast::<PyObject>();
        if cls == bytearray_ty {
            return bytearray_from_slice(&data);
        }
        let v = bytes_from_slice(&data);
        if v.is_null() || cls == bytes_ty {
            return v;
        }
        let r = crate::objects::call::PyObject_CallOneArg(cls, v);
        Py_DecRef(v);
        r
    }
}

// ==========================================================================
// The method tables
// ==========================================================================

unsafe extern "C" {
    /// `sep.join(iterable)` (bytesobject.c).
    fn _PyBytes_Join(sep: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject;
}

/// The rows bytes and bytearray share, then `$extra`.
macro_rules! byte_string_methods {
    ($($extra:expr,)*) => {
        [
            fastcall_kw(c"decode", decode, 0),
            fastcall_kw(c"hex", hex, 0),
            method(c"startswith", startswith, METH_VARARGS),
            method(c"endswith", endswith, METH_VARARGS),
            method(c"find", find, METH_VARARGS),
            method(c"rfind", rfind, METH_VARARGS),
            method(c"index", index, METH_VARARGS),
            method(c"rindex", rindex, METH_VARARGS),
            method(c"count", count, METH_VARARGS),
            fastcall_kw(c"split", split, 0),
            fastcall_kw(c"rsplit", rsplit, 0),
            fastcall(c"strip", strip),
            fastcall(c"lstrip", lstrip),
            fastcall(c"rstrip", rstrip),
            method(c"fromhex", fromhex, METH_O | METH_CLASS),
            method(c"partition", partition, METH_O),
            method(c"rpartition", rpartition, METH_O),
            fastcall_kw(c"splitlines", splitlines, 0),
            method(c"lower", ascii::lower, METH_NOARGS),
            method(c"upper", ascii::upper, METH_NOARGS),
            method(c"capitalize", ascii::capitalize, METH_NOARGS),
            method(c"swapcase", ascii::swapcase, METH_NOARGS),
            method(c"title", ascii::title, METH_NOARGS),
            method(c"isalnum", ascii::isalnum, METH_NOARGS),
            method(c"isalpha", ascii::isalpha, METH_NOARGS),
            method(c"isascii", ascii::isascii, METH_NOARGS),
            method(c"isdigit", ascii::isdigit, METH_NOARGS),
            method(c"islower", ascii::islower, METH_NOARGS),
            method(c"isspace", ascii::isspace, METH_NOARGS),
            method(c"istitle", ascii::istitle, METH_NOARGS),
            method(c"isupper", ascii::isupper, METH_NOARGS),
            fastcall(c"center", transmogrify::center),
            fastcall(c"ljust", transmogrify::ljust),
            fastcall(c"rjust", transmogrify::rjust),
            method(c"zfill", transmogrify::zfill, METH_O),
            fastcall_kw(c"expandtabs", transmogrify::expandtabs, 0),
            fastcall(c"replace", transmogrify::replace),
            method(c"removeprefix", transmogrify::removeprefix, METH_O),
            method(c"removesuffix", transmogrify::removesuffix, METH_O),
            fastcall_kw(c"translate", transmogrify::translate, 0),
            fastcall_static(c"maketrans", transmogrify::maketrans),
            $($extra,)*
            METHOD_END,
        ]
    };
}

/// `bytes`' methods (`join` is bytesobject.c's `_PyBytes_Join`).
pub(crate) static BYTES_METHODS: StaticObject<[PyMethodDef; 44]> =
    StaticObject::new(byte_string_methods!(
        method(c"join", _PyBytes_Join, METH_O),
        method(c"__getnewargs__", bytes_getnewargs, METH_NOARGS),
    ));

/// `bytes.__getnewargs__()`: `(copy,)`, a new exact `bytes` of self's
/// contents.
unsafe extern "C" fn bytes_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytes (the method's self): `len` readable bytes.
    match unsafe { crate::objects::bytesobject::bytes_data(op) } {
        // SAFETY: `p` holds `n` readable bytes (above); the new bytes
        // object's reference moves into the tuple.
        Some((p, n)) => unsafe {
            crate::objects::tupleobject::getnewargs_of(
                crate::objects::bytesobject::PyBytes_FromStringAndSize(p.cast(), n as Py_ssize_t),
            )
        },
        None => ptr::null_mut(),
    }
}

/// `bytearray`'s methods.
pub(crate) static BYTEARRAY_METHODS: StaticObject<[PyMethodDef; 53]> =
    StaticObject::new(byte_string_methods!(
        method(c"join", ba_join, METH_O),
        method(c"append", ba_append, METH_O),
        method(c"extend", ba_extend, METH_O),
        fastcall(c"insert", ba_insert),
        fastcall(c"pop", ba_pop),
        method(c"remove", ba_remove, METH_O),
        method(c"clear", ba_clear, METH_NOARGS),
        method(c"copy", ba_copy, METH_NOARGS),
        method(c"reverse", ba_reverse, METH_NOARGS),
        method(c"__reduce__", ba_reduce, METH_NOARGS),
        fastcall(c"__reduce_ex__", ba_reduce_ex),
    ));
