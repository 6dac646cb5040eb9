//! The searches, splits and argument parsing `str`, `bytes` and
//! `bytearray` methods share (CPython's `Objects/stringlib/`), written once
//! over slices of code units: code points for `str`, bytes for the others.

pub(crate) mod unicode_format;

use std::ffi::CStr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::tupleobject;
use crate::python::clinic::{arg, int_arg, ssize_arg, static_parser, unpack};
use crate::python::errors;
use crate::python::getargs::_PyArg_CheckPositional;

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

/// Needles up to this long are searched for directly; longer ones with
/// Knuth-Morris-Pratt, so no input costs more than linear time.
const DIRECT_SEARCH_MAX: usize = 8;

/// Knuth-Morris-Pratt over `hay_len` units read by `h` for the `m` units
/// read by `n` (only equality is needed): the first match's position.
fn kmp<'a, T: PartialEq + 'a>(
    hay_len: usize,
    m: usize,
    h: impl Fn(usize) -> &'a T,
    n: impl Fn(usize) -> &'a T,
) -> Option<usize> {
    // fail[i]: the length of the longest proper border of n[..=i].
    let mut fail = vec![0usize; m];
    let mut k = 0;
    for i in 1..m {
        while k > 0 && n(i) != n(k) {
            k = fail[k - 1];
        }
        if n(i) == n(k) {
            k += 1;
        }
        fail[i] = k;
    }
    let mut q = 0;
    for i in 0..hay_len {
        while q > 0 && h(i) != n(q) {
            q = fail[q - 1];
        }
        if h(i) == n(q) {
            q += 1;
        }
        if q == m {
            return Some(i + 1 - m);
        }
    }
    None
}

/// The first index at or after `from` where `needle` occurs in `hay`.
pub(crate) fn find_at<T: PartialEq>(hay: &[T], needle: &[T], from: usize) -> Option<usize> {
    let m = needle.len();
    if m > hay.len() || from > hay.len() - m {
        return None;
    }
    if m <= DIRECT_SEARCH_MAX {
        return (from..=hay.len() - m).find(|&i| hay[i..i + m] == *needle);
    }
    let rest = &hay[from..];
    kmp(rest.len(), m, |i| &rest[i], |i| &needle[i]).map(|i| i + from)
}

/// The last index where `needle` occurs entirely within `hay[..end]`.
pub(crate) fn rfind_before<T: PartialEq>(hay: &[T], needle: &[T], end: usize) -> Option<usize> {
    let m = needle.len();
    if m > end {
        return None;
    }
    if m <= DIRECT_SEARCH_MAX {
        return (0..=end - m).rev().find(|&i| hay[i..i + m] == *needle);
    }
    // The first match of the reversed needle in the reversed window.
    kmp(end, m, |i| &hay[end - 1 - i], |i| &needle[m - 1 - i]).map(|p| end - p - m)
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

/// The length of `s` with its tabs expanded (CPython's `expandtabs`): each
/// tab becomes the spaces up to the next multiple of `tabsize` in its
/// line (none when `tabsize <= 0`), `\n` and `\r` start a line. None when
/// the length would pass `Py_ssize_t::MAX` (each type raises its own
/// `OverflowError`).
pub(crate) fn expanded_tabs_len<T: Copy + Into<u32>>(
    s: &[T],
    tabsize: Py_ssize_t,
) -> Option<usize> {
    let (mut total, mut column): (Py_ssize_t, Py_ssize_t) = (0, 0);
    for &c in s {
        let c = c.into();
        if c == u32::from(b'\t') {
            if tabsize > 0 {
                let incr = tabsize - column % tabsize;
                total = total.checked_add(incr)?;
                column += incr;
            }
        } else {
            total = total.checked_add(1)?;
            column += 1;
            if c == u32::from(b'\n') || c == u32::from(b'\r') {
                column = 0;
            }
        }
    }
    Some(total as usize)
}

/// Writes `s` with its tabs expanded to `out`, which holds exactly
/// [`expanded_tabs_len`] units.
pub(crate) fn expand_tabs_into<T: Copy + Into<u32> + From<u8>>(
    s: &[T],
    tabsize: Py_ssize_t,
    out: &mut [T],
) {
    let (mut k, mut column) = (0usize, 0 as Py_ssize_t);
    for &c in s {
        let code = c.into();
        if code == u32::from(b'\t') {
            if tabsize > 0 {
                let incr = (tabsize - column % tabsize) as usize;
                out[k..k + incr].fill(T::from(b' '));
                k += incr;
                column += incr as Py_ssize_t;
            }
        } else {
            out[k] = c;
            k += 1;
            column += 1;
            if code == u32::from(b'\n') || code == u32::from(b'\r') {
                column = 0;
            }
        }
    }
}

/// What `removeprefix` (or, with `suffix`, `removesuffix`) keeps of `s`,
/// or None when `affix` is empty or not there (the receiver comes back
/// unchanged).
pub(crate) fn strip_affix<'a, T: PartialEq>(
    s: &'a [T],
    affix: &[T],
    suffix: bool,
) -> Option<&'a [T]> {
    if affix.is_empty() {
        return None;
    }
    if suffix {
        s.strip_suffix(affix)
    } else {
        s.strip_prefix(affix)
    }
}

// ==========================================================================
// Padding and tab expansion (center, ljust, rjust, zfill, expandtabs)
// ==========================================================================

/// Where `center`/`ljust`/`rjust` put the string in its padded width.
#[derive(Clone, Copy)]
pub(crate) enum Justify {
    Center,
    Left,
    Right,
}

/// The fill before and after a string of `n` units justified to `width`,
/// or None when it is already that wide (the string comes back
/// unchanged). `center` puts an odd margin's extra unit on the left when
/// `width` is odd, as CPython's `stringlib` does.
pub(crate) fn margins(how: Justify, n: usize, width: Py_ssize_t) -> Option<(usize, usize)> {
    let n = n as Py_ssize_t;
    if n >= width {
        return None;
    }
    let marg = width - n;
    let (left, right) = match how {
        Justify::Center => {
            let left = marg / 2 + (marg & width & 1);
            (left, marg - left)
        }
        Justify::Left => (0, marg),
        Justify::Right => (marg, 0),
    };
    Some((left as usize, right as usize))
}

/// The `width` and optional fill of `center`/`ljust`/`rjust(width,
/// fillchar=' ', /)`: clinic's arity check and `Py_ssize_t` converter,
/// then the type's own `fill` converter (it raises its type's message),
/// or `default` when absent. None with the error set.
///
/// # Safety
/// A fastcall's `args`/`nargs`.
pub(crate) unsafe fn width_and_fill<T>(
    name: &CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    default: T,
    fill: impl FnOnce(*mut PyObject) -> Option<T>,
) -> Option<(Py_ssize_t, T)> {
    // SAFETY: per the contract.
    unsafe {
        if _PyArg_CheckPositional(name.as_ptr(), nargs, 1, 2) == 0 {
            return None;
        }
        let width = ssize_arg(arg(args, 0))?;
        if nargs < 2 {
            return Some((width, default));
        }
        Some((width, fill(arg(args, 1))?))
    }
}

/// Writes `zfill`'s result to `out` (longer than `s`): zeros on the
/// left, then `s`, a leading `+`/`-` moved in front of the zeros.
pub(crate) fn zfill_into<T: Copy + Into<u32> + From<u8>>(s: &[T], out: &mut [T]) {
    let fill = out.len() - s.len();
    out[..fill].fill(T::from(b'0'));
    out[fill..].copy_from_slice(s);
    if let Some(&sign) = s.first()
        && matches!(sign.into(), 0x2B | 0x2D)
    {
        out[0] = sign;
        out[fill] = T::from(b'0');
    }
}

static_parser!(EXPANDTABS_KW = [c"tabsize"]; EXPANDTABS_PARSER = c"expandtabs");

/// `expandtabs(tabsize=8)`'s argument (clinic's `int` converter), or None
/// with the error set.
///
/// # Safety
/// A fastcall's `args`/`nargs`/`kwnames`.
pub(crate) unsafe fn tabsize_arg(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> Option<Py_ssize_t> {
    // SAFETY: per the contract.
    unsafe {
        let [tabsize] = unpack::<1>(&EXPANDTABS_PARSER, args, nargs, kwnames, 0, 1)?;
        if tabsize.is_null() {
            return Some(8);
        }
        int_arg(tabsize).map(|t| t as Py_ssize_t)
    }
}

#[cfg(test)]
mod tests {
    use super::{find_at, rfind_before};

    #[test]
    fn long_needles_match_the_direct_search() {
        let hay: Vec<u8> = b"abaababaabaababaababaabaababaabab".repeat(3);
        for len in [9, 10, 13, 21] {
            for start in 0..hay.len() - len {
                let needle = &hay[start..start + len];
                let direct = (0..=hay.len() - len).find(|&i| hay[i..i + len] == *needle);
                assert_eq!(find_at(&hay, needle, 0), direct);
                let last = (0..=hay.len() - len)
                    .rev()
                    .find(|&i| hay[i..i + len] == *needle);
                assert_eq!(rfind_before(&hay, needle, hay.len()), last);
                assert_eq!(
                    find_at(&hay, needle, 5),
                    (5..=hay.len() - len).find(|&i| hay[i..i + len] == *needle)
                );
            }
        }
        let a = vec![b'a'; 100_000];
        let mut needle = vec![b'a'; 5000];
        needle.push(b'b');
        assert_eq!(find_at(&a, &needle, 0), None);
        assert_eq!(rfind_before(&a, &needle, a.len()), None);
    }
}
