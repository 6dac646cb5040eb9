//! `str` methods that pad or trim a fixed amount: center, ljust, rjust,
//! zfill, expandtabs, removeprefix and removesuffix (CPython 3.11's
//! `unicodeobject.c` and its clinic code), with the same argument
//! conversions and messages. A string left as it is comes back as itself
//! (an exact str) or as a plain-str copy (a subclass), as
//! `unicode_result_unchanged` does.

use std::ptr;

use super::methods::vec_with_room;
use super::{PyUnicode_FromObject, code_points, is_str, len, unicode_from_code_points};
use crate::ffi::*;
use crate::objects::r#abstract::type_name_200;
use crate::objects::exceptions::Exc;
use crate::objects::stringlib::{
    Justify, expand_tabs_into, expanded_tabs_len, margins, strip_affix, tabsize_arg,
    width_and_fill, zfill_into,
};
use crate::python::clinic::ssize_arg;
use crate::python::errors;
use crate::python::getargs::_PyArg_BadArgument;

/// `op` unchanged: itself when an exact str, else a str copy.
///
/// # Safety
/// `op` a live str.
unsafe fn unchanged(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { PyUnicode_FromObject(op) }
}

/// CPython's `convert_uc`: a fill character, a str of exactly one.
///
/// # Safety
/// `o` a live object.
unsafe fn fill_char(o: *mut PyObject) -> Option<u32> {
    // SAFETY: per the contract.
    unsafe {
        if !is_str(o) {
            errors::raise(
                Exc::TypeError,
                format!(
                    "The fill character must be a unicode character, not {}",
                    type_name_200(o)
                ),
            );
            return None;
        }
        if len(o) != 1 {
            errors::raise(
                Exc::TypeError,
                "The fill character must be exactly one character long",
            );
            return None;
        }
        Some(code_points(o)[0])
    }
}

/// CPython's `pad`: `left` and `right` copies of `fill` around `op`.
///
/// # Safety
/// `op` a live str.
unsafe fn pad(op: *mut PyObject, left: Py_ssize_t, right: Py_ssize_t, fill: u32) -> *mut PyObject {
    let (left, right) = (left.max(0), right.max(0));
    // SAFETY: per the contract.
    unsafe {
        if left == 0 && right == 0 {
            return unchanged(op);
        }
        let n = len(op) as Py_ssize_t;
        if left > Py_ssize_t::MAX - n || right > Py_ssize_t::MAX - (left + n) {
            return errors::fail_null(Exc::OverflowError, "padded string is too long");
        }
        let Some(mut out) = vec_with_room((left + n + right) as usize) else {
            return ptr::null_mut();
        };
        out.resize(left as usize, fill);
        out.extend_from_slice(&code_points(op));
        out.resize((left + n + right) as usize, fill);
        unicode_from_code_points(&out)
    }
}

/// `str.center`/`ljust`/`rjust(width, fillchar=' ', /)`: `op` padded to
/// `width` with the fill character, where `how` says.
///
/// # Safety
/// A fastcall on a live str.
unsafe fn justify(
    op: *mut PyObject,
    name: &std::ffi::CStr,
    how: Justify,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((width, fill)) =
            width_and_fill(name, args, nargs, u32::from(b' '), |f| fill_char(f))
        else {
            return ptr::null_mut();
        };
        match margins(how, len(op), width) {
            Some((left, right)) => pad(op, left as Py_ssize_t, right as Py_ssize_t, fill),
            None => unchanged(op),
        }
    }
}

/// The `str` methods that [`justify`] serves, each `name(width,
/// fillchar=' ', /)`.
macro_rules! justify_methods {
    ($($(#[$doc:meta])* $fn:ident => $name:literal, $how:ident;)*) => {$(
        $(#[$doc])*
        pub(super) unsafe extern "C" fn $fn(
            op: *mut PyObject,
            args: *const *mut PyObject,
            nargs: Py_ssize_t,
        ) -> *mut PyObject {
            // SAFETY: a fastcall on a live str.
            unsafe { justify(op, $name, Justify::$how, args, nargs) }
        }
    )*};
}

justify_methods! {
    /// `str.center`: an odd margin puts the extra character on the left
    /// when `width` is odd.
    unicode_center => c"center", Center;
    /// `str.ljust`.
    unicode_ljust => c"ljust", Left;
    /// `str.rjust`.
    unicode_rjust => c"rjust", Right;
}

/// `str.zfill(width, /)`: zeros on the left, after a leading sign.
pub(super) unsafe extern "C" fn unicode_zfill(
    op: *mut PyObject,
    width: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str and argument.
    unsafe {
        let Some(width) = ssize_arg(width) else {
            return ptr::null_mut();
        };
        let n = len(op) as Py_ssize_t;
        if n >= width {
            return unchanged(op);
        }
        let Some(mut out) = vec_with_room(width as usize) else {
            return ptr::null_mut();
        };
        out.resize(width as usize, 0);
        zfill_into(&code_points(op), &mut out);
        unicode_from_code_points(&out)
    }
}

/// `str.expandtabs(tabsize=8)`: each tab becomes the spaces to the next
/// multiple of `tabsize` in its line (nothing when `tabsize <= 0`); `\n`
/// and `\r` start a line.
pub(super) unsafe extern "C" fn unicode_expandtabs(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe {
        let Some(tabsize) = tabsize_arg(args, nargs, kwnames) else {
            return ptr::null_mut();
        };
        let s = code_points(op);
        if !s.contains(&u32::from(b'\t')) {
            return unchanged(op);
        }
        let Some(total) = expanded_tabs_len(&s, tabsize) else {
            return errors::fail_null(Exc::OverflowError, "new string is too long");
        };
        let Some(mut out) = vec_with_room(total) else {
            return ptr::null_mut();
        };
        out.resize(total, 0);
        expand_tabs_into(&s, tabsize, &mut out);
        unicode_from_code_points(&out)
    }
}

/// `str.removeprefix(prefix, /)` / `removesuffix(suffix, /)`.
///
/// # Safety
/// `op` a live str; `affix` live.
unsafe fn remove_affix(
    op: *mut PyObject,
    affix: *mut PyObject,
    name: &std::ffi::CStr,
    suffix: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !is_str(affix) {
            _PyArg_BadArgument(name.as_ptr(), c"argument".as_ptr(), c"str".as_ptr(), affix);
            return ptr::null_mut();
        }
        let (s, a) = (code_points(op), code_points(affix));
        match strip_affix(&s, &a, suffix) {
            Some(kept) => unicode_from_code_points(kept),
            None => unchanged(op),
        }
    }
}

/// `str.removeprefix(prefix, /)`.
pub(super) unsafe extern "C" fn unicode_removeprefix(
    op: *mut PyObject,
    prefix: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str and argument.
    unsafe { remove_affix(op, prefix, c"removeprefix", false) }
}

/// `str.removesuffix(suffix, /)`.
pub(super) unsafe extern "C" fn unicode_removesuffix(
    op: *mut PyObject,
    suffix: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str and argument.
    unsafe { remove_affix(op, suffix, c"removesuffix", true) }
}
