//! `str.format(*args, **kwargs)` and `str.format_map(mapping)` (CPython
//! 3.11's `Objects/stringlib/unicode_format.h`): the literal text is copied
//! with `{{` / `}}` collapsed, and each replacement field
//! `{name[.attr|[key]]...[!conv][:spec]}` is looked up, converted with
//! `repr()` / `str()` / `ascii()`, and formatted with `format(value,
//! spec)`, where the spec may itself hold fields (`{:{width}}`, one level
//! deep). Field numbering is automatic (`{}`) or manual (`{0}`), never both.
//!
//! The parse follows CPython's cursor logic step by step (`MarkupIterator`,
//! `parse_field`, `field_name_split`, `FieldNameIterator`), so malformed
//! strings fail with the same `ValueError` at the same point.

use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{
    PyObject_Format, PyObject_GetItem, PySequence_Check, PySequence_GetItem,
};
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    Py_DecRef, PyObject_ASCII, PyObject_GetAttr, PyObject_Repr, PyObject_Str,
};
use crate::objects::unicodeobject as unicode;
use crate::python::errors;

/// A failure whose exception is already set.
type Fallible<T> = Result<T, ()>;

/// How the fields of one call are numbered (CPython's `AutoNumber`).
#[derive(Clone, Copy, PartialEq)]
enum Numbering {
    /// No numeric field seen yet.
    Init,
    /// `{}`.
    Auto,
    /// `{0}`.
    Manual,
}

/// The state of one `format` call.
struct Context {
    /// The positional arguments (a tuple), or NULL for `format_map`.
    args: *mut PyObject,
    /// The keyword arguments or mapping, or NULL.
    kwargs: *mut PyObject,
    numbering: Numbering,
    next_auto: isize,
}

/// One replacement field as parsed: ranges into the format text.
struct Field {
    name: (usize, usize),
    /// 0 when no `!conv` was given.
    conversion: u32,
    spec: (usize, usize),
    spec_needs_expanding: bool,
}

const fn ch(c: u8) -> u32 {
    c as u32
}

fn value_error(message: &str) -> Fallible<()> {
    errors::raise(Exc::ValueError, message);
    Err(())
}

/// A new `str` of `text[start..end]`.
fn substring(text: &[u32], (start, end): (usize, usize)) -> *mut PyObject {
    unicode::unicode_from_code_points(&text[start..end])
}

/// The value of `text[start..end]` as a decimal index (any Unicode
/// decimal digits), -1 when it is empty or not all digits, or `Err` with
/// "Too many decimal digits in format string".
fn get_integer(text: &[u32], (start, end): (usize, usize)) -> Fallible<isize> {
    if start >= end {
        return Ok(-1);
    }
    let mut value: isize = 0;
    for &c in &text[start..end] {
        let Some(d) = unicode::decimal_value(c) else {
            return Ok(-1);
        };
        let d = isize::from(d);
        if value > (isize::MAX - d) / 10 {
            errors::raise(Exc::ValueError, "Too many decimal digits in format string");
            return Err(());
        }
        value = value * 10 + d;
    }
    Ok(value)
}

// ==========================================================================
// Parsing
// ==========================================================================

/// What the markup iterator yields next: literal text, then maybe a field.
struct Markup {
    literal: (usize, usize),
    field: Option<Field>,
}

/// CPython's `MarkupIterator_next` from `*pos`: None at the end.
fn next_markup(text: &[u32], pos: &mut usize) -> Fallible<Option<Markup>> {
    let end = text.len();
    if *pos >= end {
        return Ok(None);
    }
    let start = *pos;
    let mut c = 0;
    let mut markup_follows = false;
    while *pos < end {
        c = text[*pos];
        *pos += 1;
        if c == ch(b'{') || c == ch(b'}') {
            markup_follows = true;
            break;
        }
    }
    let at_end = *pos >= end;
    let mut len = *pos - start;
    if c == ch(b'}') && (at_end || c != text[*pos]) {
        value_error("Single '}' encountered in format string")?;
    }
    if at_end && c == ch(b'{') {
        value_error("Single '{' encountered in format string")?;
    }
    if !at_end {
        if c == text[*pos] {
            // A doubled brace: one of it is literal text.
            *pos += 1;
            markup_follows = false;
        } else {
            len -= 1;
        }
    }
    let literal = (start, start + len);
    if !markup_follows {
        return Ok(Some(Markup {
            literal,
            field: None,
        }));
    }
    let field = parse_field(text, pos)?;
    Ok(Some(Markup {
        literal,
        field: Some(field),
    }))
}

/// CPython's `parse_field`: the field after a `{` at `*pos`, through its
/// closing `}`.
fn parse_field(text: &[u32], pos: &mut usize) -> Fallible<Field> {
    let end = text.len();
    let mut c = 0;
    let name_start = *pos;
    while *pos < end {
        c = text[*pos];
        *pos += 1;
        if c == ch(b'{') {
            value_error("unexpected '{' in field name")?;
        }
        if c == ch(b'[') {
            while *pos < end && text[*pos] != ch(b']') {
                *pos += 1;
            }
            continue;
        }
        if c == ch(b'}') || c == ch(b':') || c == ch(b'!') {
            break;
        }
    }
    let mut field = Field {
        name: (name_start, (*pos).saturating_sub(1).max(name_start)),
        conversion: 0,
        spec: (0, 0),
        spec_needs_expanding: false,
    };
    if c == ch(b'!') || c == ch(b':') {
        if c == ch(b'!') {
            if *pos >= end {
                value_error("end of string while looking for conversion specifier")?;
            }
            field.conversion = text[*pos];
            *pos += 1;
            if *pos < end {
                let c = text[*pos];
                *pos += 1;
                if c == ch(b'}') {
                    return Ok(field);
                }
                if c != ch(b':') {
                    value_error("expected ':' after conversion specifier")?;
                }
            }
        }
        let spec_start = *pos;
        let mut depth = 1;
        while *pos < end {
            let c = text[*pos];
            *pos += 1;
            if c == ch(b'{') {
                field.spec_needs_expanding = true;
                depth += 1;
            } else if c == ch(b'}') {
                depth -= 1;
                if depth == 0 {
                    field.spec = (spec_start, *pos - 1);
                    return Ok(field);
                }
            }
        }
        value_error("unmatched '{' in format spec")?;
    } else if c != ch(b'}') {
        value_error("expected '}' before end of string")?;
    }
    Ok(field)
}

// ==========================================================================
// Looking fields up
// ==========================================================================

/// CPython's `field_name_split` then `get_field_object`: the object a
/// field name designates (a new reference).
///
/// # Safety
/// The context's objects must be live.
unsafe fn get_field_object(
    text: &[u32],
    name: (usize, usize),
    cx: &mut Context,
) -> Fallible<*mut PyObject> {
    let (start, end) = name;
    // The first part runs to the first '.' or '['.
    let mut i = start;
    while i < end && text[i] != ch(b'.') && text[i] != ch(b'[') {
        i += 1;
    }
    let first = (start, i);
    let mut index = get_integer(text, first)?;
    let empty = first.0 >= first.1;
    let numeric = empty || index != -1;
    if cx.numbering == Numbering::Init && numeric {
        cx.numbering = if empty {
            Numbering::Auto
        } else {
            Numbering::Manual
        };
    }
    if numeric {
        if cx.numbering == Numbering::Manual && empty {
            value_error(
                "cannot switch from manual field specification to automatic field numbering",
            )?;
        }
        if cx.numbering == Numbering::Auto && !empty {
            value_error(
                "cannot switch from automatic field numbering to manual field specification",
            )?;
        }
    }
    if empty {
        index = cx.next_auto;
        cx.next_auto += 1;
    }
    // SAFETY: live objects per the contract; each new reference is
    // released or returned.
    let mut obj = unsafe {
        if index == -1 {
            let key = substring(text, first);
            if key.is_null() {
                return Err(());
            }
            let got = if cx.kwargs.is_null() {
                errors::PyErr_SetObject(Exc::KeyError.type_object(), key);
                ptr::null_mut()
            } else {
                PyObject_GetItem(cx.kwargs, key)
            };
            Py_DecRef(key);
            got
        } else {
            if cx.args.is_null() {
                value_error("Format string contains positional fields")?;
            }
            let got = PySequence_GetItem(cx.args, index);
            if got.is_null() {
                errors::raise(
                    Exc::IndexError,
                    format!("Replacement index {index} out of range for positional args tuple"),
                );
            }
            got
        }
    };
    if obj.is_null() {
        return Err(());
    }
    // The rest: `.attr` and `[key]` parts (CPython's FieldNameIterator).
    let mut pos = i;
    while pos < end {
        let is_attribute = text[pos] == ch(b'.');
        let is_item = text[pos] == ch(b'[');
        pos += 1;
        let part = if is_attribute {
            let s = pos;
            while pos < end && text[pos] != ch(b'.') && text[pos] != ch(b'[') {
                pos += 1;
            }
            Ok((s, pos))
        } else if is_item {
            let s = pos;
            while pos < end && text[pos] != ch(b']') {
                pos += 1;
            }
            if pos >= end {
                value_error("Missing ']' in format string").map(|_| (0, 0))
            } else {
                pos += 1;
                Ok((s, pos - 1))
            }
        } else {
            value_error("Only '.' or '[' may follow ']' in format field specifier").map(|_| (0, 0))
        };
        let step = part.and_then(|part| {
            let item_index = if is_attribute {
                -1
            } else {
                get_integer(text, part)?
            };
            if part.0 == part.1 {
                value_error("Empty attribute in format string")?;
            }
            // SAFETY: `obj` is live; the name/key is released after.
            unsafe {
                let next = if !is_attribute && item_index != -1 {
                    if PySequence_Check(obj) != 0 {
                        PySequence_GetItem(obj, item_index)
                    } else {
                        let key = crate::objects::longobject::PyLong_FromSsize_t(item_index);
                        if key.is_null() {
                            return Err(());
                        }
                        let got = PyObject_GetItem(obj, key);
                        Py_DecRef(key);
                        got
                    }
                } else {
                    let key = substring(text, part);
                    if key.is_null() {
                        return Err(());
                    }
                    let got = if is_attribute {
                        PyObject_GetAttr(obj, key)
                    } else {
                        PyObject_GetItem(obj, key)
                    };
                    Py_DecRef(key);
                    got
                };
                if next.is_null() { Err(()) } else { Ok(next) }
            }
        });
        // SAFETY: our reference to the previous object.
        unsafe { Py_DecRef(obj) };
        obj = step?;
    }
    Ok(obj)
}

// ==========================================================================
// Rendering
// ==========================================================================

/// CPython's `do_conversion`: `!r`, `!s` or `!a` applied to `obj`.
///
/// # Safety
/// `obj` must be live.
unsafe fn convert(obj: *mut PyObject, conversion: u32) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe {
        match char::from_u32(conversion) {
            Some('r') => PyObject_Repr(obj),
            Some('s') => PyObject_Str(obj),
            Some('a') => PyObject_ASCII(obj),
            _ => {
                let shown = if conversion > 32 && conversion < 127 {
                    char::from_u32(conversion)
                        .map(String::from)
                        .unwrap_or_default()
                } else {
                    format!("\\x{conversion:x}")
                };
                errors::fail_null(
                    Exc::ValueError,
                    format!("Unknown conversion specifier {shown}"),
                )
            }
        }
    }
}

/// Appends the code points of the `str` `s` and releases it.
///
/// # Safety
/// `s` must be a live `str` we own.
unsafe fn append_owned_str(out: &mut Vec<u32>, s: *mut PyObject) -> Fallible<()> {
    // SAFETY: per the contract.
    unsafe {
        let n = unicode::len(s);
        let reserved = out.try_reserve(n);
        if reserved.is_ok() {
            out.extend((0..n).map(|i| unicode::read(s, i)));
        }
        Py_DecRef(s);
        if reserved.is_err() {
            errors::PyErr_NoMemory();
            return Err(());
        }
    }
    Ok(())
}

/// CPython's `output_markup`: one field, looked up, converted and
/// formatted.
///
/// # Safety
/// The context's objects must be live.
unsafe fn output_field(
    text: &[u32],
    field: &Field,
    cx: &mut Context,
    depth: i32,
    out: &mut Vec<u32>,
) -> Fallible<()> {
    // SAFETY: live objects per the contract; every new reference is
    // released.
    unsafe {
        let mut obj = get_field_object(text, field.name, cx)?;
        if field.conversion != 0 {
            let converted = convert(obj, field.conversion);
            Py_DecRef(obj);
            if converted.is_null() {
                return Err(());
            }
            obj = converted;
        }
        let spec = if field.spec_needs_expanding {
            let mut expanded = Vec::new();
            if let Err(()) = build_string(
                &text[field.spec.0..field.spec.1],
                cx,
                depth - 1,
                &mut expanded,
            ) {
                Py_DecRef(obj);
                return Err(());
            }
            unicode::unicode_from_code_points(&expanded)
        } else {
            substring(text, field.spec)
        };
        if spec.is_null() {
            Py_DecRef(obj);
            return Err(());
        }
        let formatted = PyObject_Format(obj, spec);
        Py_DecRef(spec);
        Py_DecRef(obj);
        if formatted.is_null() {
            return Err(());
        }
        append_owned_str(out, formatted)
    }
}

/// CPython's `build_string` / `do_markup`: `text` rendered into `out`.
///
/// # Safety
/// The context's objects must be live.
unsafe fn build_string(
    text: &[u32],
    cx: &mut Context,
    depth: i32,
    out: &mut Vec<u32>,
) -> Fallible<()> {
    if depth <= 0 {
        return value_error("Max string recursion exceeded");
    }
    let mut pos = 0;
    while let Some(markup) = next_markup(text, &mut pos)? {
        let (s, e) = markup.literal;
        if out.try_reserve(e - s).is_err() {
            errors::PyErr_NoMemory();
            return Err(());
        }
        out.extend_from_slice(&text[s..e]);
        if let Some(field) = markup.field {
            // SAFETY: forwarded contract.
            unsafe { output_field(text, &field, cx, depth, out)? };
        }
    }
    Ok(())
}

/// Formats the `str` `format` with `args` (a tuple or NULL) and `kwargs`
/// (a mapping or NULL): a new `str`, or NULL with the error.
///
/// # Safety
/// `format` must be a live `str`; the others NULL or live.
unsafe fn do_string_format(
    format: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    let text = unsafe { unicode::code_points(format) };
    let mut cx = Context {
        args,
        kwargs,
        numbering: Numbering::Init,
        next_auto: 0,
    };
    let mut out = Vec::new();
    // SAFETY: per the contract.
    match unsafe { build_string(&text, &mut cx, 2, &mut out) } {
        Ok(()) => unicode::unicode_from_code_points(&out),
        Err(()) => ptr::null_mut(),
    }
}

/// `str.format(*args, **kwargs)` (`METH_VARARGS | METH_KEYWORDS`).
pub(crate) unsafe extern "C" fn unicode_format(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound str method: a live str, a tuple, NULL or a dict.
    unsafe { do_string_format(op, args, kwargs) }
}

/// `str.format_map(mapping)` (`METH_O`): fields by name from any mapping;
/// a positional field is an error.
pub(crate) unsafe extern "C" fn unicode_format_map(
    op: *mut PyObject,
    mapping: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound str method: a live str and a live argument.
    unsafe { do_string_format(op, ptr::null_mut(), mapping) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    #[test]
    fn markup_splits_literals_and_fields() {
        // a{{b}}c{0!r:>{w}}d: "a{", "b}", then "c" with the field, then "d".
        let t = cps("a{{b}}c{0!r:>{w}}d");
        let mut pos = 0;
        let m = next_markup(&t, &mut pos).unwrap().unwrap();
        assert_eq!(m.literal, (0, 2));
        assert!(m.field.is_none());
        let m = next_markup(&t, &mut pos).unwrap().unwrap();
        assert_eq!(m.literal, (3, 5));
        assert!(m.field.is_none());
        let m = next_markup(&t, &mut pos).unwrap().unwrap();
        assert_eq!(m.literal, (6, 7));
        let f = m.field.unwrap();
        assert_eq!(f.name, (8, 9));
        assert_eq!(f.conversion, u32::from(b'r'));
        assert!(f.spec_needs_expanding);
        assert_eq!(&t[f.spec.0..f.spec.1], &cps(">{w}")[..]);
        let m = next_markup(&t, &mut pos).unwrap().unwrap();
        assert_eq!(m.literal, (17, 18));
        assert!(m.field.is_none());
        assert!(next_markup(&t, &mut pos).unwrap().is_none());
    }
}
