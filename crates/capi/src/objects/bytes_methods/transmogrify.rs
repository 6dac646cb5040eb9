//! `bytes`/`bytearray` methods that build a reshaped copy (CPython's
//! `Objects/stringlib/transmogrify.h` and the clinic code around it):
//! center, ljust, rjust, zfill, expandtabs, replace, removeprefix,
//! removesuffix, translate and the static maketrans.
//!
//! Results are of the receiver's kind. A result equal to the receiver is
//! the receiver itself for an exact `bytes` and a copy otherwise (a
//! `bytearray` always gets a new one), as `return_self` decides. Sizes an
//! argument chooses are allocated as the result object first, so one too
//! large for memory fails with MemoryError/OverflowError as in CPython.

use std::ptr;

use super::{buffer_bytes, data_of};
use crate::ffi::*;
use crate::objects::bytearrayobject::{PyByteArray_FromStringAndSize, bytearray_data};
use crate::objects::bytesobject::{PyBytes_FromStringAndSize, bytes_data, is_bytes};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_IncRef, py_none, type_of};
use crate::objects::stringlib::{
    Justify, expand_tabs_into, expanded_tabs_len, find_at, margins, strip_affix, tabsize_arg,
    width_and_fill, zfill_into,
};
use crate::python::clinic::{arg, ssize_arg, static_parser, unpack};
use crate::python::errors;
use crate::python::getargs::{_PyArg_BadArgument, _PyArg_CheckPositional};

// ==========================================================================
// Building results
// ==========================================================================

/// A new object of the receiver's kind with `n` bytes written by `fill`,
/// or NULL with the allocation's error.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn build(op: *mut PyObject, n: usize, fill: impl FnOnce(&mut [u8])) -> *mut PyObject {
    // SAFETY: per the contract. The new object is seen by no one else
    // until it is returned, so a slice over its bytes aliases nothing.
    unsafe {
        let bytes_kind = is_bytes(op);
        let out = if bytes_kind {
            PyBytes_FromStringAndSize(ptr::null(), n as Py_ssize_t)
        } else {
            PyByteArray_FromStringAndSize(ptr::null(), n as Py_ssize_t)
        };
        if out.is_null() {
            return out;
        }
        let data = if bytes_kind {
            bytes_data(out)
        } else {
            bytearray_data(out)
        };
        if let Some((p, len)) = data.filter(|&(_, len)| len > 0) {
            fill(std::slice::from_raw_parts_mut(p, len));
        }
        out
    }
}

/// CPython's `return_self`: the receiver for an exact bytes, else a copy
/// of its kind.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn unchanged(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if type_of(op) == crate::objects::bytesobject::PyBytes_Type.get() {
            Py_IncRef(op);
            return op;
        }
        let data = data_of(op);
        build(op, data.len(), |out| out.copy_from_slice(&data))
    }
}

// ==========================================================================
// center, ljust, rjust, zfill
// ==========================================================================

/// The fill byte of `center`/`ljust`/`rjust`: a bytes or bytearray of
/// length 1, else clinic's `TypeError` for argument 2.
///
/// # Safety
/// `f` a live object.
unsafe fn fill_byte(name: &std::ffi::CStr, f: *mut PyObject) -> Option<u8> {
    // SAFETY: per the contract.
    unsafe {
        match bytes_data(f).or_else(|| bytearray_data(f)) {
            Some((p, 1)) => Some(*p),
            _ => {
                _PyArg_BadArgument(
                    name.as_ptr(),
                    c"argument 2".as_ptr(),
                    c"a byte string of length 1".as_ptr(),
                    f,
                );
                None
            }
        }
    }
}

/// CPython's `pad`: `left` and `right` fill bytes around the receiver.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn pad(op: *mut PyObject, left: Py_ssize_t, right: Py_ssize_t, fill: u8) -> *mut PyObject {
    let (left, right) = (left.max(0) as usize, right.max(0) as usize);
    // SAFETY: per the contract.
    unsafe {
        if left == 0 && right == 0 {
            return unchanged(op);
        }
        let data = data_of(op);
        build(op, left + data.len() + right, |out| {
            out[..left].fill(fill);
            out[left..left + data.len()].copy_from_slice(&data);
            out[left + data.len()..].fill(fill);
        })
    }
}

/// `center`/`ljust`/`rjust(width, fillchar=b' ', /)`: the receiver
/// padded to `width` with the fill byte, where `how` says.
///
/// # Safety
/// A fastcall on a live bytes or bytearray.
unsafe fn justify(
    op: *mut PyObject,
    name: &std::ffi::CStr,
    how: Justify,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((width, fill)) = width_and_fill(name, args, nargs, b' ', |f| fill_byte(name, f))
        else {
            return ptr::null_mut();
        };
        match margins(how, data_of(op).len(), width) {
            Some((left, right)) => pad(op, left as Py_ssize_t, right as Py_ssize_t, fill),
            None => unchanged(op),
        }
    }
}

/// The methods that [`justify`] serves, each `name(width, fillchar=b' ',
/// /)`.
macro_rules! justify_methods {
    ($($(#[$doc:meta])* $fn:ident => $name:literal, $how:ident;)*) => {$(
        $(#[$doc])*
        pub(in crate::objects) unsafe extern "C" fn $fn(
            op: *mut PyObject,
            args: *const *mut PyObject,
            nargs: Py_ssize_t,
        ) -> *mut PyObject {
            // SAFETY: a fastcall on a live receiver.
            unsafe { justify(op, $name, Justify::$how, args, nargs) }
        }
    )*};
}

justify_methods! {
    /// `center(width, fillchar=b' ', /)`.
    center => c"center", Center;
    /// `ljust(width, fillchar=b' ', /)`.
    ljust => c"ljust", Left;
    /// `rjust(width, fillchar=b' ', /)`.
    rjust => c"rjust", Right;
}

/// `zfill(width, /)`: zeros on the left, after a leading sign.
pub(in crate::objects) unsafe extern "C" fn zfill(
    op: *mut PyObject,
    width: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver and argument.
    unsafe {
        let Some(width) = ssize_arg(width) else {
            return ptr::null_mut();
        };
        let data = data_of(op);
        let n = data.len() as Py_ssize_t;
        if n >= width {
            return unchanged(op);
        }
        build(op, width as usize, |out| zfill_into(&data, out))
    }
}

// ==========================================================================
// expandtabs
// ==========================================================================

/// `expandtabs(tabsize=8)`: each tab becomes the spaces to the next
/// multiple of `tabsize` in its line (nothing when `tabsize <= 0`).
pub(in crate::objects) unsafe extern "C" fn expandtabs(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live receiver.
    unsafe {
        let Some(tabsize) = tabsize_arg(args, nargs, kwnames) else {
            return ptr::null_mut();
        };
        let data = data_of(op);
        let Some(total) = expanded_tabs_len(&data, tabsize) else {
            return errors::fail_null(Exc::OverflowError, "result too long");
        };
        build(op, total, |out| expand_tabs_into(&data, tabsize, out))
    }
}

// ==========================================================================
// replace, removeprefix, removesuffix
// ==========================================================================

/// `replace(old, new, count=-1, /)`: at most `count` non-overlapping
/// occurrences from the left (an empty `old` matches before every byte
/// and at the end).
pub(in crate::objects) unsafe extern "C" fn replace(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live receiver; the arguments are copied
    // before the receiver is read.
    unsafe {
        if _PyArg_CheckPositional(c"replace".as_ptr(), nargs, 2, 3) == 0 {
            return ptr::null_mut();
        }
        let Some(old) = buffer_bytes(arg(args, 0)) else {
            return ptr::null_mut();
        };
        let Some(new) = buffer_bytes(arg(args, 1)) else {
            return ptr::null_mut();
        };
        let mut count = -1;
        if nargs >= 3 {
            match ssize_arg(arg(args, 2)) {
                Some(c) => count = c,
                None => return ptr::null_mut(),
            }
        }
        let s = data_of(op);
        if s.len() < old.len() || count == 0 || (old.is_empty() && new.is_empty()) {
            return unchanged(op);
        }
        let mut count = if count < 0 { Py_ssize_t::MAX } else { count };
        // The positions replaced, then the result's length.
        let mut at = Vec::new();
        let mut i = 0;
        while count > 0 {
            let j = if old.is_empty() {
                if i > s.len() {
                    break;
                }
                i
            } else {
                match find_at(&s, &old, i) {
                    Some(j) => j,
                    None => break,
                }
            };
            at.push(j);
            count -= 1;
            i = if old.is_empty() { j + 1 } else { j + old.len() };
        }
        if at.is_empty() {
            return unchanged(op);
        }
        let Some(total) = new
            .len()
            .checked_mul(at.len())
            .and_then(|n| n.checked_add(s.len() - old.len() * at.len()))
            .filter(|&n| n <= Py_ssize_t::MAX as usize)
        else {
            return errors::fail_null(Exc::OverflowError, "replace bytes is too long");
        };
        build(op, total, |out| {
            let (mut k, mut i) = (0, 0);
            for &j in &at {
                out[k..k + j - i].copy_from_slice(&s[i..j]);
                k += j - i;
                out[k..k + new.len()].copy_from_slice(&new);
                k += new.len();
                i = j + old.len();
            }
            out[k..].copy_from_slice(&s[i..]);
        })
    }
}

/// `removeprefix(prefix, /)` / `removesuffix(suffix, /)`: a bytes-like
/// affix.
///
/// # Safety
/// `op` a live bytes or bytearray; `affix` live.
unsafe fn remove_affix(op: *mut PyObject, affix: *mut PyObject, suffix: bool) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(a) = buffer_bytes(affix) else {
            return ptr::null_mut();
        };
        let s = data_of(op);
        match strip_affix(&s, &a, suffix) {
            Some(kept) => build(op, kept.len(), |out| out.copy_from_slice(kept)),
            None => unchanged(op),
        }
    }
}

/// `removeprefix(prefix, /)`.
pub(in crate::objects) unsafe extern "C" fn removeprefix(
    op: *mut PyObject,
    prefix: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver and argument.
    unsafe { remove_affix(op, prefix, false) }
}

/// `removesuffix(suffix, /)`.
pub(in crate::objects) unsafe extern "C" fn removesuffix(
    op: *mut PyObject,
    suffix: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver and argument.
    unsafe { remove_affix(op, suffix, true) }
}

// ==========================================================================
// translate, maketrans
// ==========================================================================

static_parser!(TRANSLATE_KW = [c"", c"delete"]; TRANSLATE_PARSER = c"translate");

/// `translate(table, /, delete=b'')`: `table` None or 256 bytes; the
/// bytes in `delete` are dropped first.
pub(in crate::objects) unsafe extern "C" fn translate(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live receiver.
    unsafe {
        let Some([table, delete]) = unpack::<2>(&TRANSLATE_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        let map = if table == py_none() {
            None
        } else {
            let Some(t) = buffer_bytes(table) else {
                return ptr::null_mut();
            };
            if t.len() != 256 {
                return errors::fail_null(
                    Exc::ValueError,
                    "translation table must be 256 characters long",
                );
            }
            Some(t)
        };
        let mut deleted = [false; 256];
        if !delete.is_null() {
            let Some(d) = buffer_bytes(delete) else {
                return ptr::null_mut();
            };
            for b in d {
                deleted[b as usize] = true;
            }
        }
        let s = data_of(op);
        let out: Vec<u8> = s
            .iter()
            .filter(|&&b| !deleted[b as usize])
            .map(|&b| map.as_ref().map_or(b, |t| t[b as usize]))
            .collect();
        if out == s {
            return unchanged(op);
        }
        build(op, out.len(), |o| o.copy_from_slice(&out))
    }
}

/// `bytes.maketrans(frm, to, /)` (also bytearray's), a static method: the
/// 256-byte identity table with each byte of `frm` mapped to the byte of
/// `to` at its position.
pub(in crate::objects) unsafe extern "C" fn maketrans(
    _: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        if _PyArg_CheckPositional(c"maketrans".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(frm) = buffer_bytes(arg(args, 0)) else {
            return ptr::null_mut();
        };
        let Some(to) = buffer_bytes(arg(args, 1)) else {
            return ptr::null_mut();
        };
        if frm.len() != to.len() {
            return errors::fail_null(Exc::ValueError, "maketrans arguments must have same length");
        }
        let mut table: [u8; 256] = std::array::from_fn(|i| i as u8);
        for (&f, &t) in frm.iter().zip(&to) {
            table[f as usize] = t;
        }
        PyBytes_FromStringAndSize(table.as_ptr().cast(), 256)
    }
}
