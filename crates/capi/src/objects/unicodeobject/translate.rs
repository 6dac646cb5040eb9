//! `str.maketrans` and `str.translate` (CPython 3.11's
//! `unicode_maketrans_impl` and `_PyUnicode_TranslateCharmap` with the
//! "ignore" handler): a table maps code points (ints) to an int, a str or
//! None; a code point the table has no entry for (`LookupError`) is kept.

use std::ptr;

use super::methods::vec_with_room;
use super::{code_points, is_str, len, unicode_from_code_points};
use crate::ffi::*;
use crate::objects::r#abstract::PyObject_GetItem;
use crate::objects::dictobject::{PyDict_New, PyDict_Next, PyDict_SetItem};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{PyLong_AsLong, PyLong_FromLong};
use crate::objects::object::{Py_DecRef, py_none, type_of};
use crate::python::clinic::arg;
use crate::python::errors;
use crate::python::getargs::{_PyArg_BadArgument, _PyArg_CheckPositional};

/// Whether `o` is an int (or a subclass).
///
/// # Safety
/// `o` a live object.
unsafe fn is_int(o: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { (*type_of(o)).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 }
}

/// `new[key] = value` with a new int key made from `code_point`, or false
/// with the error set.
///
/// # Safety
/// `new` a live dict, `value` live.
unsafe fn set_code_point(new: *mut PyObject, code_point: u32, value: *mut PyObject) -> bool {
    let key = PyLong_FromLong(code_point.into());
    if key.is_null() {
        return false;
    }
    // SAFETY: per the contract; the key is ours.
    unsafe {
        let rc = PyDict_SetItem(new, key, value);
        Py_DecRef(key);
        rc == 0
    }
}

/// Fills `new` from `str.maketrans`'s arguments, or false with the error
/// set.
///
/// # Safety
/// `new` a live dict; `x` live; `y` and `z` NULL or live strs.
unsafe fn fill_table(
    new: *mut PyObject,
    x: *mut PyObject,
    y: *mut PyObject,
    z: *mut PyObject,
) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if !y.is_null() {
            if !is_str(x) {
                errors::raise(
                    Exc::TypeError,
                    "first maketrans argument must be a string if there is a second argument",
                );
                return false;
            }
            if len(x) != len(y) {
                errors::raise(
                    Exc::ValueError,
                    "the first two maketrans arguments must have equal length",
                );
                return false;
            }
            for (from, to) in code_points(x).into_iter().zip(code_points(y)) {
                let value = PyLong_FromLong(to.into());
                if value.is_null() {
                    return false;
                }
                let ok = set_code_point(new, from, value);
                Py_DecRef(value);
                if !ok {
                    return false;
                }
            }
            if !z.is_null() {
                for c in code_points(z) {
                    if !set_code_point(new, c, py_none()) {
                        return false;
                    }
                }
            }
            return true;
        }
        if type_of(x) != crate::objects::dictobject::PyDict_Type.get() {
            errors::raise(
                Exc::TypeError,
                "if you give only one argument to maketrans it must be a dict",
            );
            return false;
        }
        let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
        while PyDict_Next(x, &mut pos, &mut key, &mut value) != 0 {
            if is_str(key) {
                if len(key) != 1 {
                    errors::raise(
                        Exc::ValueError,
                        "string keys in translate table must be of length 1",
                    );
                    return false;
                }
                if !set_code_point(new, code_points(key)[0], value) {
                    return false;
                }
            } else if is_int(key) {
                if PyDict_SetItem(new, key, value) < 0 {
                    return false;
                }
            } else {
                errors::raise(
                    Exc::TypeError,
                    "keys in translate table must be strings or integers",
                );
                return false;
            }
        }
        true
    }
}

/// `str.maketrans(x, y=<unrepresentable>, z=<unrepresentable>, /)`, a
/// static method: a dict from code points to code points (`x` and `y`
/// strs of equal length), to None (the characters of `z`), or from the
/// dict `x` with its one-character str keys made ints.
pub(super) unsafe extern "C" fn unicode_maketrans(
    _: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        if _PyArg_CheckPositional(c"maketrans".as_ptr(), nargs, 1, 3) == 0 {
            return ptr::null_mut();
        }
        let mut yz = [ptr::null_mut(); 2];
        for (i, which) in [(1, c"argument 2"), (2, c"argument 3")] {
            if nargs as usize > i {
                let a = arg(args, i);
                if !is_str(a) {
                    _PyArg_BadArgument(c"maketrans".as_ptr(), which.as_ptr(), c"str".as_ptr(), a);
                    return ptr::null_mut();
                }
                yz[i - 1] = a;
            }
        }
        let new = PyDict_New();
        if new.is_null() {
            return ptr::null_mut();
        }
        if !fill_table(new, arg(args, 0), yz[0], yz[1]) {
            Py_DecRef(new);
            return ptr::null_mut();
        }
        new
    }
}

/// `str.translate(table, /)`: each character looked up as `table[ord(c)]`.
pub(super) unsafe extern "C" fn unicode_translate(
    op: *mut PyObject,
    table: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str and table.
    unsafe { translate_str(op, table, "ignore") }
}

/// What a table gave for one character: None, or a reference to a
/// replacement (an int in range or a str), or (Err) the lookup failed
/// with the error set. A missing key (`LookupError`) maps the character
/// to itself (as an int).
///
/// # Safety
/// `table` a live object.
unsafe fn lookup(table: *mut PyObject, c: u32) -> Result<Option<*mut PyObject>, ()> {
    // SAFETY: per the contract; the key is ours.
    unsafe {
        let key = PyLong_FromLong(c.into());
        if key.is_null() {
            return Err(());
        }
        let item = PyObject_GetItem(table, key);
        if item.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::LookupError.type_object()) == 0 {
                Py_DecRef(key);
                return Err(());
            }
            errors::PyErr_Clear();
            return Ok(Some(key));
        }
        Py_DecRef(key);
        if item == py_none() {
            Py_DecRef(item);
            return Ok(None);
        }
        Ok(Some(item))
    }
}

/// The one translate of `str.translate` (handler "ignore") and
/// `PyUnicode_Translate` (CPython's `_PyUnicode_TranslateCharmap`): each
/// character replaced by what `table[ord(c)]` gives (an int code point or
/// a str; itself when the key is missing). A run of characters the table
/// maps to None is "untranslatable", handled by `h`: `ignore` drops it,
/// `strict` raises `UnicodeTranslateError(..., "character maps to
/// <undefined>")`, `replace` gives U+FFFD per character,
/// `backslashreplace` their escapes.
///
/// Fails (NULL) with the lookup's error, `ValueError("character mapping
/// must be in range(0x110000)")`, `TypeError("character mapping must
/// return integer, None or str")`, `TypeError("don't know how to handle
/// UnicodeTranslateError in error callback")` for a handler that only
/// encodes or decodes, `LookupError` for an unknown handler, or
/// `MemoryError`.
///
/// # Safety
/// `op` a live str; `table` a live object.
pub(super) unsafe fn translate_str(
    op: *mut PyObject,
    table: *mut PyObject,
    h: &str,
) -> *mut PyObject {
    // SAFETY: a live str and table; each looked-up item is ours until
    // released.
    unsafe {
        let s = code_points(op);
        let Some(mut out) = vec_with_room(s.len()) else {
            return ptr::null_mut();
        };
        let mut i = 0;
        while i < s.len() {
            let item = match lookup(table, s[i]) {
                Err(()) => return ptr::null_mut(),
                Ok(item) => item,
            };
            if let Some(item) = item {
                let ok = push_mapped(&mut out, item);
                Py_DecRef(item);
                if !ok {
                    return ptr::null_mut();
                }
                i += 1;
                continue;
            }
            if h == "ignore" {
                i += 1;
                continue;
            }
            // The run of untranslatable characters.
            let start = i;
            let mut end = i + 1;
            while end < s.len() {
                match lookup(table, s[end]) {
                    Err(()) => return ptr::null_mut(),
                    Ok(Some(item)) => {
                        Py_DecRef(item);
                        break;
                    }
                    Ok(None) => end += 1,
                }
            }
            match h {
                "strict" => {
                    raise_translate_error(op, start, end);
                    return ptr::null_mut();
                }
                "replace" => {
                    if !push_all(&mut out, &vec![0xfffd; end - start]) {
                        return ptr::null_mut();
                    }
                }
                "backslashreplace" => {
                    for &c in &s[start..end] {
                        let esc: Vec<u32> =
                            super::escape_code_point(c).chars().map(u32::from).collect();
                        if !push_all(&mut out, &esc) {
                            return ptr::null_mut();
                        }
                    }
                }
                "xmlcharrefreplace" | "namereplace" | "surrogateescape" | "surrogatepass" => {
                    errors::raise(
                        Exc::TypeError,
                        "don't know how to handle UnicodeTranslateError in error callback",
                    );
                    return ptr::null_mut();
                }
                _ => {
                    errors::raise(
                        Exc::LookupError,
                        format!("unknown error handler name '{h}'"),
                    );
                    return ptr::null_mut();
                }
            }
            i = end;
        }
        unicode_from_code_points(&out)
    }
}

/// Raises `UnicodeTranslateError(op, start, end, "character maps to
/// <undefined>")`.
///
/// # Safety
/// `op` a live str.
unsafe fn raise_translate_error(op: *mut PyObject, start: usize, end: usize) {
    // SAFETY: per the contract; the argument references are ours.
    unsafe {
        crate::objects::object::Py_IncRef(op);
        let parts = vec![
            op,
            crate::objects::longobject::long_from_i64(start as i64),
            crate::objects::longobject::long_from_i64(end as i64),
            super::unicode_from_str("character maps to <undefined>"),
        ];
        if parts.iter().any(|p| p.is_null()) {
            for p in parts {
                Py_DecRef(p);
            }
            return;
        }
        let args = crate::objects::tupleobject::tuple_from_owned(parts);
        if args.is_null() {
            return;
        }
        let ty = Exc::UnicodeTranslateError.type_object();
        let exc = crate::objects::call::PyObject_Call(ty, args, ptr::null_mut());
        Py_DecRef(args);
        if !exc.is_null() {
            errors::PyErr_SetObject(ty, exc);
            Py_DecRef(exc);
        }
    }
}

/// Appends `cps`, or false with `MemoryError`.
fn push_all(out: &mut Vec<u32>, cps: &[u32]) -> bool {
    if out.try_reserve(cps.len()).is_err() {
        errors::PyErr_NoMemory();
        return false;
    }
    out.extend_from_slice(cps);
    true
}

/// Appends what a translate table gave for one character: nothing for
/// None, the code point of an int, the characters of a str; false with
/// CPython's error for anything else or an int out of range.
///
/// # Safety
/// `item` a live object.
unsafe fn push_mapped(out: &mut Vec<u32>, item: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if item == py_none() {
            return true;
        }
        if is_int(item) {
            let value = PyLong_AsLong(item);
            if !(0..=0x10FFFF).contains(&value) {
                errors::raise(
                    Exc::ValueError,
                    "character mapping must be in range(0x110000)",
                );
                return false;
            }
            return push_all(out, &[value as u32]);
        }
        if is_str(item) {
            return push_all(out, &code_points(item));
        }
        errors::raise(
            Exc::TypeError,
            "character mapping must return integer, None or str",
        );
        false
    }
}
