//! The Python-level methods of `str` that extensions call by name
//! (CPython's `unicode_methods` table, the Argument Clinic code in
//! `Objects/clinic/unicodeobject.c.h` and the `stringlib` searches): join,
//! encode, startswith/endswith, find/rfind/index/rindex/count,
//! split/rsplit, strip/lstrip/rstrip, replace, lower/upper,
//! partition/rpartition, splitlines. Strings are
//! handled as their code points, so every kind (and lone surrogates) is
//! treated alike.

use std::ffi::CStr;
use std::ptr;

use super::{
    PyUnicode_AsEncodedString, PyUnicode_AsUTF8AndSize, PyUnicode_Join, code_points, is_space,
    is_str, kind, len, unicode_from_code_points,
};
use super::{casing, pad, translate};
use crate::ffi::*;
use crate::objects::r#abstract::type_name_200;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::listobject::list_from_owned;
use crate::objects::longobject::PyLong_FromSsize_t;
use crate::objects::object::{Py_DecRef, py_none};
use crate::objects::stringlib::{
    count_slice, find_at, find_slice, parse_finds, partition_at, rsplit_parts, split_parts,
    splitlines_parts, tail_match,
};
use crate::objects::tupleobject;
use crate::python::clinic::{
    METHOD_END, arg, fastcall, fastcall_kw, fastcall_static, method, ssize_arg, static_parser,
    unpack,
};
use crate::python::errors;
use crate::python::getargs::{_PyArg_BadArgument, _PyArg_CheckPositional};

// ==========================================================================
// Helpers
// ==========================================================================

/// An empty vector with room for `n` code points, or None with
/// `MemoryError`: a size an argument chose (a width, a repeat count) must
/// fail as CPython fails, never abort the process.
pub(super) fn vec_with_room(n: usize) -> Option<Vec<u32>> {
    let mut v = Vec::new();
    if v.try_reserve_exact(n).is_err() {
        errors::PyErr_NoMemory();
        return None;
    }
    Some(v)
}

/// A new list of `str`s, one per part; NULL with `MemoryError`.
fn list_of_parts<'a>(parts: impl Iterator<Item = &'a [u32]>) -> *mut PyObject {
    let mut objs = Vec::new();
    for p in parts {
        let s = unicode_from_code_points(p);
        if s.is_null() {
            for o in objs {
                // SAFETY: our references.
                unsafe { Py_DecRef(o) };
            }
            return ptr::null_mut();
        }
        objs.push(s);
    }
    // SAFETY: owned references move into the list.
    unsafe { list_from_owned(objs) }
}

/// `[op]`, a new list holding `op` itself; NULL with `MemoryError`.
///
/// # Safety
/// `op` a live object.
unsafe fn list_of_self(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live; the new reference moves into the list.
    unsafe {
        crate::objects::object::Py_IncRef(op);
        list_from_owned(vec![op])
    }
}

/// True for an exact `str` (not a subclass instance), which CPython's
/// stringlib returns itself where the result would be an equal copy.
///
/// # Safety
/// `op` a live object.
pub(super) unsafe fn is_exact_str(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { crate::objects::object::type_of(op) == super::PyUnicode_Type.get() }
}

/// CPython's `unicode_result_unchanged`: `op` itself (a new reference)
/// when an exact `str`, else an exact `str` of its text `s`.
///
/// # Safety
/// `op` a live str whose code points are `s`.
pub(super) unsafe fn unchanged_str(op: *mut PyObject, s: &[u32]) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        if is_exact_str(op) {
            crate::objects::object::Py_IncRef(op);
            return op;
        }
    }
    unicode_from_code_points(s)
}

/// `sub` as code points when it is a `str`, else `TypeError("must be str,
/// not T")` (CPython's `ensure_unicode`).
///
/// # Safety
/// `sub` a live object.
unsafe fn ensure_str(sub: *mut PyObject) -> Option<Vec<u32>> {
    // SAFETY: live.
    unsafe {
        if !is_str(sub) {
            errors::raise(
                Exc::TypeError,
                format!("must be str, not {}", type_name_200(sub)),
            );
            return None;
        }
        Some(code_points(sub))
    }
}

// ==========================================================================
// join and encode
// ==========================================================================

/// `str.join(iterable, /)`.
unsafe extern "C" fn unicode_join(op: *mut PyObject, iterable: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str and a live argument.
    unsafe { PyUnicode_Join(op, iterable) }
}

static_parser!(ENCODE_KW = [c"encoding", c"errors"]; ENCODE_PARSER = c"encode");

/// Clinic's `str(accept={str})` converter for argument `which` of `fname`:
/// a NUL-terminated UTF-8 pointer into the str, or None with
/// `TypeError("f() argument 'x' must be str, not T")` or
/// `ValueError("embedded null character")`.
///
/// # Safety
/// `o` a live object (kept alive by the caller while the pointer is used).
unsafe fn c_string_arg(
    o: *mut PyObject,
    fname: &CStr,
    which: &CStr,
) -> Option<*const std::ffi::c_char> {
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(o) {
            _PyArg_BadArgument(fname.as_ptr(), which.as_ptr(), c"str".as_ptr(), o);
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

/// `str.encode(encoding='utf-8', errors='strict')`.
unsafe extern "C" fn unicode_encode(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe {
        let Some([encoding, errors_]) = unpack::<2>(&ENCODE_PARSER, args, nargs, kwnames, 0, 2)
        else {
            return ptr::null_mut();
        };
        let mut enc = ptr::null();
        let mut err = ptr::null();
        if !encoding.is_null() {
            match c_string_arg(encoding, c"encode", c"argument 'encoding'") {
                Some(p) => enc = p,
                None => return ptr::null_mut(),
            }
        }
        if !errors_.is_null() {
            match c_string_arg(errors_, c"encode", c"argument 'errors'") {
                Some(p) => err = p,
                None => return ptr::null_mut(),
            }
        }
        PyUnicode_AsEncodedString(op, enc, err)
    }
}

// ==========================================================================
// startswith, endswith
// ==========================================================================

/// `startswith`/`endswith(prefix[, start[, end]])`: a str or a tuple of
/// strs.
///
/// # Safety
/// `op` a live str; `args` a live tuple.
unsafe fn starts_or_ends(op: *mut PyObject, args: *mut PyObject, at_end: bool) -> *mut PyObject {
    let name = if at_end { "endswith" } else { "startswith" };
    // SAFETY: per the contract.
    unsafe {
        let Some((sub, start, end)) = parse_finds(name, args) else {
            return ptr::null_mut();
        };
        let s = code_points(op);
        if tupleobject::is_tuple(sub) {
            for i in 0..tupleobject::size(sub) {
                let item = tupleobject::get(sub, i);
                if !is_str(item) {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!(
                            "tuple for {name} must only contain str, not {}",
                            type_name_200(item)
                        ),
                    );
                }
                if tail_match(&s, &code_points(item), start, end, at_end) {
                    return bool_from_bool(true);
                }
            }
            return bool_from_bool(false);
        }
        if !is_str(sub) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{name} first arg must be str or a tuple of str, not {}",
                    type_name_200(sub)
                ),
            );
        }
        bool_from_bool(tail_match(&s, &code_points(sub), start, end, at_end))
    }
}

unsafe extern "C" fn unicode_startswith(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call on a live str.
    unsafe { starts_or_ends(op, args, false) }
}

unsafe extern "C" fn unicode_endswith(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as startswith.
    unsafe { starts_or_ends(op, args, true) }
}

// ==========================================================================
// find, rfind, index, rindex, count
// ==========================================================================

/// The shared body of find/rfind/index/rindex.
///
/// # Safety
/// `op` a live str; `args` a live tuple.
unsafe fn find_method(
    op: *mut PyObject,
    args: *mut PyObject,
    name: &str,
    last: bool,
    raise: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((sub, start, end)) = parse_finds(name, args) else {
            return ptr::null_mut();
        };
        let Some(sub) = ensure_str(sub) else {
            return ptr::null_mut();
        };
        let i = find_slice(&code_points(op), &sub, start, end, last);
        if i < 0 && raise {
            return errors::fail_null(Exc::ValueError, "substring not found");
        }
        PyLong_FromSsize_t(i)
    }
}

unsafe extern "C" fn unicode_find(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call on a live str.
    unsafe { find_method(op, args, "find", false, false) }
}

unsafe extern "C" fn unicode_rfind(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "rfind", true, false) }
}

unsafe extern "C" fn unicode_index(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "index", false, true) }
}

unsafe extern "C" fn unicode_rindex(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as find.
    unsafe { find_method(op, args, "rindex", true, true) }
}

/// `str.count(sub[, start[, end]])`: non-overlapping occurrences (an empty
/// `sub` counts every position, ends included).
unsafe extern "C" fn unicode_count(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call on a live str.
    unsafe {
        let Some((sub, start, end)) = parse_finds("count", args) else {
            return ptr::null_mut();
        };
        let Some(sub) = ensure_str(sub) else {
            return ptr::null_mut();
        };
        let count = count_slice(&code_points(op), &sub, start, end);
        PyLong_FromSsize_t(count as Py_ssize_t)
    }
}

// ==========================================================================
// split, rsplit
// ==========================================================================

static_parser!(
    SPLIT_KW = [c"sep", c"maxsplit"];
    SPLIT_PARSER = c"split",
    RSPLIT_PARSER = c"rsplit"
);

/// The shared body of split/rsplit(sep=None, maxsplit=-1).
///
/// # Safety
/// A fastcall on a live str.
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
        if !sep.is_null() && sep != py_none() && !is_str(sep) {
            return errors::fail_null(
                Exc::TypeError,
                format!("must be str or None, not {}", type_name_200(sep)),
            );
        }
        let sep = if sep == py_none() {
            ptr::null_mut()
        } else {
            sep
        };
        split_str(op, sep, max, right)
    }
}

/// The one split of `str.split`/`rsplit` and `PyUnicode_Split`/`RSplit`
/// (CPython's `split`/`rsplit`): `op` split by the `str` `sep` (by runs of
/// whitespace when NULL), at most `maxsplit` times (no limit when
/// negative), from the right when `right`. As CPython does, a separator
/// longer (or of a wider kind) than `op` gives `[op]` itself, and an exact
/// `str` that is not split at all is the list's one item. NULL with
/// `ValueError("empty separator")` or `MemoryError`.
///
/// # Safety
/// `op` a live str; `sep` NULL or a live str.
pub(super) unsafe fn split_str(
    op: *mut PyObject,
    sep: *mut PyObject,
    maxsplit: Py_ssize_t,
    right: bool,
) -> *mut PyObject {
    let max = if maxsplit < 0 {
        Py_ssize_t::MAX
    } else {
        maxsplit
    };
    // SAFETY: live strs per the contract.
    unsafe {
        if !sep.is_null() && (kind(sep) > kind(op) || len(sep) > len(op)) {
            return list_of_self(op);
        }
        let s = code_points(op);
        let sep_cps;
        let sep = if sep.is_null() {
            None
        } else {
            sep_cps = code_points(sep);
            if sep_cps.is_empty() {
                return errors::fail_null(Exc::ValueError, "empty separator");
            }
            Some(&sep_cps[..])
        };
        let parts = if right {
            rsplit_parts(&s, sep, max, is_space)
        } else {
            split_parts(&s, sep, max, is_space)
        };
        // By whitespace, the string is kept only when the loop found it
        // whole (not when maxsplit 0 left it as the tail).
        let whole = parts.len() == 1 && parts[0].len() == s.len() && (sep.is_some() || max > 0);
        if whole && is_exact_str(op) {
            return list_of_self(op);
        }
        list_of_parts(parts.into_iter())
    }
}

unsafe extern "C" fn unicode_split(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe { split_method(op, args, nargs, kwnames, false) }
}

unsafe extern "C" fn unicode_rsplit(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as split.
    unsafe { split_method(op, args, nargs, kwnames, true) }
}

// ==========================================================================
// strip, lstrip, rstrip
// ==========================================================================

/// The shared body of strip/lstrip/rstrip(chars=None, /).
///
/// # Safety
/// A fastcall on a live str.
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
        } else if is_str(chars) {
            // Sorted, for a logarithmic membership test on long sets.
            let mut set = code_points(chars);
            set.sort_unstable();
            set.dedup();
            Some(set)
        } else {
            return errors::fail_null(
                Exc::TypeError,
                format!("{} arg must be None or str", name.to_string_lossy()),
            );
        };
        let strip = |c: u32| match &set {
            None => is_space(c),
            Some(set) => set.binary_search(&c).is_ok(),
        };
        let s = code_points(op);
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
        unicode_from_code_points(&s[i..j])
    }
}

unsafe extern "C" fn unicode_strip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe { strip_method(op, args, nargs, c"strip", true, true) }
}

unsafe extern "C" fn unicode_lstrip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: as strip.
    unsafe { strip_method(op, args, nargs, c"lstrip", true, false) }
}

unsafe extern "C" fn unicode_rstrip(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: as strip.
    unsafe { strip_method(op, args, nargs, c"rstrip", false, true) }
}

// ==========================================================================
// replace
// ==========================================================================

/// `str.replace(old, new, count=-1, /)`: at most `count` non-overlapping
/// occurrences from the left (an empty `old` matches before every
/// character and at the end).
unsafe extern "C" fn unicode_replace(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe {
        if _PyArg_CheckPositional(c"replace".as_ptr(), nargs, 2, 3) == 0 {
            return ptr::null_mut();
        }
        for (i, which) in [(0, c"argument 1"), (1, c"argument 2")] {
            if !is_str(arg(args, i)) {
                _PyArg_BadArgument(
                    c"replace".as_ptr(),
                    which.as_ptr(),
                    c"str".as_ptr(),
                    arg(args, i),
                );
                return ptr::null_mut();
            }
        }
        let mut count: Py_ssize_t = -1;
        if nargs >= 3 {
            match ssize_arg(arg(args, 2)) {
                Some(c) => count = c,
                None => return ptr::null_mut(),
            }
        }
        replace_str(op, arg(args, 0), arg(args, 1), count)
    }
}

/// The one replace of `str.replace` and `PyUnicode_Replace` (CPython's
/// `replace`): at most `maxcount` (no limit when negative) non-overlapping
/// `old` in `op` by `new`, from the left; an empty `old` matches before
/// every character and at the end. When nothing changes (no match, a count
/// of 0, `old` and `new` the same object or both empty) an exact `str` is
/// returned itself, a subclass instance as an exact copy. NULL with
/// `MemoryError`.
///
/// # Safety
/// `op`, `old` and `new` live strs.
pub(super) unsafe fn replace_str(
    op: *mut PyObject,
    old: *mut PyObject,
    new: *mut PyObject,
    maxcount: Py_ssize_t,
) -> *mut PyObject {
    let mut count = if maxcount < 0 {
        Py_ssize_t::MAX
    } else {
        maxcount
    };
    // SAFETY: live strs per the contract.
    unsafe {
        let s = code_points(op);
        let old_cps = code_points(old);
        let new_cps = code_points(new);
        let unchanged = count == 0 || old == new || (old_cps.is_empty() && new_cps.is_empty());
        let mut out = Vec::new();
        let mut i = 0;
        let mut replaced = false;
        if unchanged {
            // Nothing to do: `replaced` stays false.
        } else if old_cps.is_empty() {
            while count > 0 {
                count -= 1;
                replaced = true;
                out.extend_from_slice(&new_cps);
                if i == s.len() {
                    break;
                }
                out.push(s[i]);
                i += 1;
            }
        } else {
            while count > 0 {
                let Some(j) = find_at(&s, &old_cps, i) else {
                    break;
                };
                count -= 1;
                replaced = true;
                out.extend_from_slice(&s[i..j]);
                out.extend_from_slice(&new_cps);
                i = j + old_cps.len();
            }
        }
        if !replaced {
            return unchanged_str(op, &s);
        }
        out.extend_from_slice(&s[i..]);
        // CPython fills a fresh str (only an empty result is shared).
        super::unicode_from_code_points_fresh(&out)
    }
}

// ==========================================================================
// partition, rpartition, splitlines
// ==========================================================================

/// `str.partition(sep, /)` / `rpartition`: `(head, sep, tail)`; without
/// `sep`, `(s, '', '')` (`('', '', s)` for rpartition).
///
/// # Safety
/// `op` a live str; `sep` live.
unsafe fn partition_method(op: *mut PyObject, sep: *mut PyObject, last: bool) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !is_str(sep) {
            return errors::fail_null(
                Exc::TypeError,
                format!("must be str, not {}", type_name_200(sep)),
            );
        }
        partition_str(op, sep, last)
    }
}

/// The one partition of `str.partition`/`rpartition` and
/// `PyUnicode_Partition`/`RPartition`: `(head, sep, tail)` around the first
/// (last) `sep`, holding `sep` itself; without it `(op, '', '')`
/// (`('', '', op)`), holding `op` itself. NULL with `ValueError("empty
/// separator")` or `MemoryError`.
///
/// # Safety
/// `op` and `sep` live strs.
pub(super) unsafe fn partition_str(
    op: *mut PyObject,
    sep: *mut PyObject,
    last: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        // CPython looks no further when `sep` cannot occur.
        let found = if kind(sep) > kind(op) || len(sep) > len(op) {
            None
        } else {
            let sep_cps = code_points(sep);
            if sep_cps.is_empty() {
                return errors::fail_null(Exc::ValueError, "empty separator");
            }
            let s = code_points(op);
            partition_at(&s, &sep_cps, last).map(|(head, tail)| {
                (
                    unicode_from_code_points(head),
                    unicode_from_code_points(tail),
                )
            })
        };
        let objs = match found {
            Some((head, tail)) => {
                crate::objects::object::Py_IncRef(sep);
                [head, sep, tail]
            }
            None => {
                crate::objects::object::Py_IncRef(op);
                let (a, b) = (unicode_from_code_points(&[]), unicode_from_code_points(&[]));
                if last { [a, b, op] } else { [op, a, b] }
            }
        };
        if objs.iter().any(|o| o.is_null()) {
            for o in objs {
                Py_DecRef(o);
            }
            return ptr::null_mut();
        }
        tupleobject::tuple_from_owned(objs.to_vec())
    }
}

unsafe extern "C" fn unicode_partition(op: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str and argument.
    unsafe { partition_method(op, sep, false) }
}

unsafe extern "C" fn unicode_rpartition(op: *mut PyObject, sep: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str and argument.
    unsafe { partition_method(op, sep, true) }
}

static_parser!(SPLITLINES_KW = [c"keepends"]; SPLITLINES_PARSER = c"splitlines");

/// `str.splitlines(keepends=False)`: breaks at `\n`, `\r`, `\r\n`, `\v`,
/// `\f`, `\x1c`-`\x1e`, `\x85`, U+2028 and U+2029.
unsafe extern "C" fn unicode_splitlines(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live str.
    unsafe {
        let Some([keepends]) = unpack::<1>(&SPLITLINES_PARSER, args, nargs, kwnames, 0, 1) else {
            return ptr::null_mut();
        };
        let mut keep = false;
        if !keepends.is_null() {
            match crate::python::clinic::int_arg(keepends) {
                Some(k) => keep = k != 0,
                None => return ptr::null_mut(),
            }
        }
        splitlines_str(op, keep)
    }
}

/// The one splitlines of `str.splitlines` and `PyUnicode_Splitlines`:
/// breaks at `\n`, `\r`, `\r\n`, `\v`, `\f`, `\x1c`-`\x1e`, `\x85`,
/// U+2028 and U+2029, each kept on its line when `keepends`; an exact
/// `str` that is one whole line is the list's one item. NULL with
/// `MemoryError`.
///
/// # Safety
/// `op` a live str.
pub(super) unsafe fn splitlines_str(op: *mut PyObject, keepends: bool) -> *mut PyObject {
    // SAFETY: a live str per the contract.
    unsafe {
        let s = code_points(op);
        let is_break = |c: u32| {
            matches!(
                c,
                0x0a | 0x0b | 0x0c | 0x0d | 0x1c | 0x1d | 0x1e | 0x85 | 0x2028 | 0x2029
            )
        };
        let parts = splitlines_parts(&s, keepends, is_break, 0x0d, 0x0a);
        if parts.len() == 1 && parts[0].len() == s.len() && is_exact_str(op) {
            return list_of_self(op);
        }
        list_of_parts(parts.into_iter())
    }
}

// ==========================================================================
// The method table
// ==========================================================================

/// `str.__getnewargs__()`: `(copy,)`, a new exact `str` with self's
/// characters, as CPython's `_PyUnicode_Copy` makes it: what
/// `object.__reduce_ex__(2)` rebuilds a `str`, or a subclass instance,
/// from.
unsafe extern "C" fn unicode_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str (the method's self); its data holds `n`
    // characters of its kind, and the new string has room for as many of
    // the same kind.
    unsafe {
        let (k, n) = (kind(op), len(op));
        let maxchar = match k {
            1 if super::is_ascii(op) => 0x7f,
            1 => 0xff,
            2 => 0xffff,
            _ => 0x10ffff,
        };
        let copy = super::PyUnicode_New(n as Py_ssize_t, maxchar);
        if !copy.is_null() && n > 0 {
            ptr::copy_nonoverlapping(super::data(op), super::data(copy), n * k);
        }
        tupleobject::getnewargs_of(copy)
    }
}

pub(super) static UNICODE_METHODS: StaticObject<[PyMethodDef; 50]> = StaticObject::new([
    fastcall_kw(c"encode", unicode_encode, 0),
    fastcall(c"replace", unicode_replace),
    fastcall_kw(c"split", unicode_split, 0),
    fastcall_kw(c"rsplit", unicode_rsplit, 0),
    method(c"join", unicode_join, METH_O),
    method(c"capitalize", casing::unicode_capitalize, METH_NOARGS),
    method(c"casefold", casing::unicode_casefold, METH_NOARGS),
    method(c"title", casing::unicode_title, METH_NOARGS),
    fastcall(c"center", pad::unicode_center),
    method(c"count", unicode_count, METH_VARARGS),
    fastcall_kw(c"expandtabs", pad::unicode_expandtabs, 0),
    method(c"find", unicode_find, METH_VARARGS),
    method(c"partition", unicode_partition, METH_O),
    method(c"index", unicode_index, METH_VARARGS),
    fastcall(c"ljust", pad::unicode_ljust),
    method(c"lower", casing::unicode_lower, METH_NOARGS),
    fastcall(c"lstrip", unicode_lstrip),
    method(c"rfind", unicode_rfind, METH_VARARGS),
    method(c"rindex", unicode_rindex, METH_VARARGS),
    fastcall(c"rjust", pad::unicode_rjust),
    fastcall(c"rstrip", unicode_rstrip),
    method(c"rpartition", unicode_rpartition, METH_O),
    fastcall_kw(c"splitlines", unicode_splitlines, 0),
    fastcall(c"strip", unicode_strip),
    method(c"swapcase", casing::unicode_swapcase, METH_NOARGS),
    method(c"translate", translate::unicode_translate, METH_O),
    method(c"upper", casing::unicode_upper, METH_NOARGS),
    method(c"startswith", unicode_startswith, METH_VARARGS),
    method(c"endswith", unicode_endswith, METH_VARARGS),
    method(c"removeprefix", pad::unicode_removeprefix, METH_O),
    method(c"removesuffix", pad::unicode_removesuffix, METH_O),
    method(c"isascii", casing::unicode_isascii, METH_NOARGS),
    method(c"islower", casing::unicode_islower, METH_NOARGS),
    method(c"isupper", casing::unicode_isupper, METH_NOARGS),
    method(c"istitle", casing::unicode_istitle, METH_NOARGS),
    method(c"isspace", casing::unicode_isspace, METH_NOARGS),
    method(c"isdecimal", casing::unicode_isdecimal, METH_NOARGS),
    method(c"isdigit", casing::unicode_isdigit, METH_NOARGS),
    method(c"isnumeric", casing::unicode_isnumeric, METH_NOARGS),
    method(c"isalpha", casing::unicode_isalpha, METH_NOARGS),
    method(c"isalnum", casing::unicode_isalnum, METH_NOARGS),
    method(c"isidentifier", casing::unicode_isidentifier, METH_NOARGS),
    method(c"isprintable", casing::unicode_isprintable, METH_NOARGS),
    method(c"zfill", pad::unicode_zfill, METH_O),
    fastcall_static(c"maketrans", translate::unicode_maketrans),
    method(c"__getnewargs__", unicode_getnewargs, METH_NOARGS),
    method(
        c"__format__",
        crate::python::formatter_unicode::unicode_format_method,
        METH_O,
    ),
    method(
        c"format",
        // SAFETY: METH_KEYWORDS tells the caller the real signature.
        unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(
                crate::objects::stringlib::unicode_format::unicode_format,
            )
        },
        METH_VARARGS | METH_KEYWORDS,
    ),
    method(
        c"format_map",
        crate::objects::stringlib::unicode_format::unicode_format_map,
        METH_O,
    ),
    METHOD_END,
]);
