//! The searches, splits and argument parsing `str`, `bytes` and
//! `bytearray` methods share (CPython's `Objects/stringlib/`), written once
//! over slices of code units: code points for `str`, bytes for the others.

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::tupleobject;
use crate::python::errors;

/// CPython's `ADJUST_INDICES`: `start`/`end` as slice bounds of a string
/// of `len` characters (end clamped to the length, negatives counted from
/// the end and clamped to 0; `start` may still exceed `end` or `len`).
pub(crate) fn adjust(start: Py_ssize_t, end: Py_ssize_t, len: usize) -> (Py_ssize_t, Py_ssize_t) {
    let len = len as Py_ssize_t;
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    (start, end)
}

/// The first index at or after `from` where `needle` occurs in `hay`.
pub(crate) fn find_at<T: PartialEq>(hay: &[T], needle: &[T], from: usize) -> Option<usize> {
    if needle.len() > hay.len() || from > hay.len() - needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// The last index where `needle` occurs entirely within `hay[..end]`.
pub(crate) fn rfind_before<T: PartialEq>(hay: &[T], needle: &[T], end: usize) -> Option<usize> {
    if needle.len() > end {
        return None;
    }
    (0..=end - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()] == *needle)
}

/// CPython's `stringlib_parse_args_finds`: `(sub[, start[, end]])` with
/// `None` for an omitted bound, as `PyArg_ParseTuple("O|OO:name")` reports
/// a wrong count.
///
/// # Safety
/// `args` a live tuple.
pub(crate) unsafe fn parse_finds(
    name: &str,
    args: *mut PyObject,
) -> Option<(*mut PyObject, Py_ssize_t, Py_ssize_t)> {
    // SAFETY: a live tuple.
    let n = unsafe { tupleobject::size(args) };
    if n < 1 {
        errors::raise(
            Exc::TypeError,
            format!("{name}() takes at least 1 argument ({n} given)"),
        );
        return None;
    }
    if n > 3 {
        errors::raise(
            Exc::TypeError,
            format!("{name}() takes at most 3 arguments ({n} given)"),
        );
        return None;
    }
    let mut bounds = [0, Py_ssize_t::MAX];
    for (i, b) in bounds.iter_mut().enumerate() {
        if (i as Py_ssize_t) + 1 < n {
            // SAFETY: within the tuple; `b` is ours.
            let o = unsafe { tupleobject::get(args, i as Py_ssize_t + 1) };
            // SAFETY: a live object.
            if unsafe { crate::python::ceval::_PyEval_SliceIndex(o, b) } == 0 {
                return None;
            }
        }
    }
    // SAFETY: n >= 1.
    Some((unsafe { tupleobject::get(args, 0) }, bounds[0], bounds[1]))
}

/// Whether `sub` matches `s[start:end]` at its start (or end).
pub(crate) fn tail_match<T: PartialEq>(
    s: &[T],
    sub: &[T],
    start: Py_ssize_t,
    end: Py_ssize_t,
    at_end: bool,
) -> bool {
    let (start, end) = adjust(start, end, s.len());
    let end = end - sub.len() as Py_ssize_t;
    if end < start {
        return false;
    }
    if sub.is_empty() {
        return true;
    }
    let at = if at_end { end } else { start } as usize;
    s[at..at + sub.len()] == *sub
}

/// Where `sub` is in `s[start:end]` (first or last), as CPython's
/// `any_find_slice`.
pub(crate) fn find_slice<T: PartialEq>(
    s: &[T],
    sub: &[T],
    start: Py_ssize_t,
    end: Py_ssize_t,
    last: bool,
) -> Py_ssize_t {
    let (start, end) = adjust(start, end, s.len());
    if end - start < sub.len() as Py_ssize_t {
        return -1;
    }
    let (start, end) = (start as usize, end as usize);
    let window = &s[..end];
    let found = if last {
        rfind_before(window, sub, end).filter(|&i| i >= start)
    } else {
        find_at(window, sub, start)
    };
    found.map_or(-1, |i| i as Py_ssize_t)
}

/// CPython's `split_whitespace`/`split`: up to `max` splits from the left
/// (by runs of `is_space` units when `sep` is None).
pub(crate) fn split_parts<'a, T: PartialEq + Copy>(
    s: &'a [T],
    sep: Option<&[T]>,
    mut max: Py_ssize_t,
    is_space: impl Fn(T) -> bool,
) -> Vec<&'a [T]> {
    let mut out = Vec::new();
    let n = s.len();
    match sep {
        None => {
            let mut i = 0;
            while max > 0 {
                max -= 1;
                while i < n && is_space(s[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                let j = i;
                i += 1;
                while i < n && !is_space(s[i]) {
                    i += 1;
                }
                out.push(&s[j..i]);
            }
            if i < n {
                while i < n && is_space(s[i]) {
                    i += 1;
                }
                if i != n {
                    out.push(&s[i..]);
                }
            }
        }
        Some(sep) => {
            let mut i = 0;
            while max > 0 {
                max -= 1;
                let Some(j) = find_at(s, sep, i) else {
                    break;
                };
                out.push(&s[i..j]);
                i = j + sep.len();
            }
            out.push(&s[i..]);
        }
    }
    out
}

/// CPython's `rsplit_whitespace`/`rsplit`: up to `max` splits from the
/// right, in order.
pub(crate) fn rsplit_parts<'a, T: PartialEq + Copy>(
    s: &'a [T],
    sep: Option<&[T]>,
    mut max: Py_ssize_t,
    is_space: impl Fn(T) -> bool,
) -> Vec<&'a [T]> {
    let mut out = Vec::new();
    match sep {
        None => {
            // `i` is one past the character looked at.
            let mut i = s.len();
            while max > 0 {
                max -= 1;
                while i > 0 && is_space(s[i - 1]) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                let j = i;
                i -= 1;
                while i > 0 && !is_space(s[i - 1]) {
                    i -= 1;
                }
                out.push(&s[i..j]);
            }
            if i > 0 {
                while i > 0 && is_space(s[i - 1]) {
                    i -= 1;
                }
                if i > 0 {
                    out.push(&s[..i]);
                }
            }
        }
        Some(sep) => {
            let mut j = s.len();
            while max > 0 {
                max -= 1;
                let Some(pos) = rfind_before(s, sep, j) else {
                    break;
                };
                out.push(&s[pos + sep.len()..j]);
                j = pos;
            }
            out.push(&s[..j]);
        }
    }
    out.reverse();
    out
}

/// Non-overlapping occurrences of `sub` in `s[start:end]` (an empty `sub`
/// counts every position, both ends included), as CPython's `count`.
pub(crate) fn count_slice<T: PartialEq>(
    s: &[T],
    sub: &[T],
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> usize {
    let (start, end) = adjust(start, end, s.len());
    if end < start || (start as usize) > s.len() {
        return 0;
    }
    let window = &s[start as usize..end as usize];
    if sub.is_empty() {
        return window.len() + 1;
    }
    let mut n = 0;
    let mut at = 0;
    while let Some(i) = find_at(window, sub, at) {
        n += 1;
        at = i + sub.len();
    }
    n
}

/// CPython's `splitlines`: the lines of `s`, a `\r\n` pair one break,
/// each with its break when `keepends`.
pub(crate) fn splitlines_parts<T: PartialEq + Copy>(
    s: &[T],
    keepends: bool,
    is_break: impl Fn(T) -> bool,
    cr: T,
    lf: T,
) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < s.len() {
        while i < s.len() && !is_break(s[i]) {
            i += 1;
        }
        let mut eol = i;
        if i < s.len() {
            if s[i] == cr && i + 1 < s.len() && s[i + 1] == lf {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        out.push(&s[j..eol]);
        j = i;
    }
    out
}

/// CPython's `partition`/`rpartition` around the first (last) `sep`:
/// `(head, tail)` without the separator, or None when it does not occur.
pub(crate) fn partition_at<'a, T: PartialEq>(
    s: &'a [T],
    sep: &[T],
    last: bool,
) -> Option<(&'a [T], &'a [T])> {
    let at = if last {
        rfind_before(s, sep, s.len())
    } else {
        find_at(s, sep, 0)
    }?;
    Some((&s[..at], &s[at + sep.len()..]))
}
