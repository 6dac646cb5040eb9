//! The format-spec mini-language of `format(value, spec)` for the built-in
//! types (CPython 3.11's `Python/formatter_unicode.c`): the parser of
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`, and
//! the renderers behind `int.__format__`, `float.__format__`,
//! `complex.__format__` and `str.__format__` (CPython's
//! `_PyLong_FormatAdvancedWriter` and friends). Kept private to the crate:
//! the C API reaches it through `PyObject_Format`.
//!
//! Everything works on code points (`u32`): the spec may hold any
//! character (a fill of `'\u{20ac}'`, a type of `'\u{e9}'` that is then
//! refused), and the result is built as code points and made a `str` of
//! the narrowest kind at the end. Widths are caller-controlled sizes, so
//! every buffer is reserved fallibly (`MemoryError`).
//!
//! `'n'` uses the C locale, the only one there is without a `locale`
//! module: decimal point `'.'`, no thousands separator, no grouping.

use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::type_name_200;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, PyObject_Str, type_name_of};
use crate::objects::unicodeobject as unicode;
use crate::python::errors;
use crate::python::pystrtod::{
    DoubleToStringError, Py_DTSF_ADD_DOT_0, Py_DTSF_ALT, Py_DTSF_NO_NEG_0, double_to_string,
};

/// A failure whose exception is already set.
pub(crate) type Fallible<T> = Result<T, ()>;

// ==========================================================================
// The parsed specification
// ==========================================================================

/// What the grouping field asked for (CPython's `LocaleType`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Grouping {
    /// No separators.
    None,
    /// `','`: every three digits.
    Comma,
    /// `'_'`: every three digits.
    Underscore,
    /// `'_'` with `b`, `o`, `x`, `X`: every four digits.
    UnderscoreFour,
}

impl Grouping {
    /// The separator character and the group size, or None.
    fn separator(self) -> Option<(u32, isize)> {
        match self {
            Grouping::None => None,
            Grouping::Comma => Some((u32::from(b','), 3)),
            Grouping::Underscore => Some((u32::from(b'_'), 3)),
            Grouping::UnderscoreFour => Some((u32::from(b'_'), 4)),
        }
    }
}

/// A parsed spec (CPython's `InternalFormatSpec`).
#[derive(Clone, Copy, Debug)]
struct Spec {
    fill: u32,
    align: u32,
    alternate: bool,
    no_neg_0: bool,
    /// `'+'`, `'-'`, `' '` or 0 when not given.
    sign: u32,
    /// -1 when not given.
    width: isize,
    grouping: Grouping,
    /// -1 when not given.
    precision: isize,
    /// The presentation type, or the caller's default.
    ty: u32,
}

const fn ch(c: u8) -> u32 {
    c as u32
}

/// Refuses a spec feature: `ValueError("<what> not allowed in <kind>
/// format specifier")`, CPython's wording for ints and strs.
fn not_allowed<T>(what: &str, kind: &str) -> Fallible<T> {
    refuse(
        Exc::ValueError,
        format!("{what} not allowed in {kind} format specifier"),
    )
}

/// Raises `exc(message)` and fails: the end of every refusal below.
fn refuse<T>(exc: Exc, message: impl Into<String>) -> Fallible<T> {
    errors::raise(exc, message);
    Err(())
}

fn is_alignment(c: u32) -> bool {
    matches!(char::from_u32(c), Some('<' | '>' | '=' | '^'))
}

fn is_sign(c: u32) -> bool {
    matches!(char::from_u32(c), Some(' ' | '+' | '-'))
}

/// `c` for a message: itself when printable ASCII, else CPython's
/// `\x<hex>` (no padding: `'\x0'`).
fn code_for_message(c: u32) -> String {
    if c > 32 && c < 128 {
        char::from_u32(c).map(String::from).unwrap_or_default()
    } else {
        format!("\\x{c:x}")
    }
}

/// Reads a run of decimal digits (any Unicode decimal, as CPython's
/// `Py_UNICODE_TODECIMAL`) at `*pos`: the number of digits read and their
/// value, or `ValueError("Too many decimal digits in format string")` when
/// the value passes `PY_SSIZE_T_MAX`.
fn get_integer(spec: &[u32], pos: &mut usize) -> Fallible<(usize, isize)> {
    let mut value: isize = 0;
    let mut consumed = 0;
    while let Some(&c) = spec.get(*pos) {
        let Some(d) = unicode::decimal_value(c) else {
            break;
        };
        let d = isize::from(d);
        if value > (isize::MAX - d) / 10 {
            return refuse(Exc::ValueError, "Too many decimal digits in format string");
        }
        value = value * 10 + d;
        *pos += 1;
        consumed += 1;
    }
    Ok((consumed, value))
}

/// Parses `spec` for an object of type `type_name` (CPython's
/// `parse_internal_render_format_spec`), with the caller's default type
/// and alignment.
fn parse_spec(
    spec: &[u32],
    type_name: &str,
    default_type: u32,
    default_align: u32,
) -> Fallible<Spec> {
    let mut f = Spec {
        fill: ch(b' '),
        align: default_align,
        alternate: false,
        no_neg_0: false,
        sign: 0,
        width: -1,
        grouping: Grouping::None,
        precision: -1,
        ty: default_type,
    };
    let end = spec.len();
    let mut pos = 0;
    let mut fill_specified = false;
    let mut align_specified = false;
    if end >= 2 && is_alignment(spec[1]) {
        f.align = spec[1];
        f.fill = spec[0];
        fill_specified = true;
        align_specified = true;
        pos = 2;
    } else if end >= 1 && is_alignment(spec[0]) {
        f.align = spec[0];
        align_specified = true;
        pos = 1;
    }
    if pos < end && is_sign(spec[pos]) {
        f.sign = spec[pos];
        pos += 1;
    }
    if pos < end && spec[pos] == ch(b'z') {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && spec[pos] == ch(b'#') {
        f.alternate = true;
        pos += 1;
    }
    // A leading '0' is a fill of zeros placed after the sign, unless a
    // fill or an alignment was given.
    if !fill_specified && pos < end && spec[pos] == ch(b'0') {
        f.fill = ch(b'0');
        if !align_specified && default_align == ch(b'>') {
            f.align = ch(b'=');
        }
        pos += 1;
    }
    let (consumed, width) = get_integer(spec, &mut pos)?;
    if consumed > 0 {
        f.width = width;
    }
    let both = || {
        errors::raise(Exc::ValueError, "Cannot specify both ',' and '_'.");
        Err(())
    };
    if pos < end && spec[pos] == ch(b',') {
        f.grouping = Grouping::Comma;
        pos += 1;
    }
    if pos < end && spec[pos] == ch(b'_') {
        if f.grouping != Grouping::None {
            return both();
        }
        f.grouping = Grouping::Underscore;
        pos += 1;
    }
    if pos < end && spec[pos] == ch(b',') && f.grouping == Grouping::Underscore {
        return both();
    }
    if pos < end && spec[pos] == ch(b'.') {
        pos += 1;
        let (consumed, precision) = get_integer(spec, &mut pos)?;
        if consumed == 0 {
            return refuse(Exc::ValueError, "Format specifier missing precision");
        }
        f.precision = precision;
    }
    if end - pos > 1 {
        // The whole spec goes into the message, whatever it holds.
        let mut message: Vec<u32> = "Invalid format specifier '"
            .chars()
            .map(u32::from)
            .collect();
        message.extend_from_slice(spec);
        message.extend(
            format!("' for object of type '{type_name}'")
                .chars()
                .map(u32::from),
        );
        raise_code_points(Exc::ValueError, &message);
        return Err(());
    }
    if end - pos == 1 {
        f.ty = spec[pos];
    }
    if let Some((sep, _)) = f.grouping.separator() {
        let t = char::from_u32(f.ty).unwrap_or('\0');
        match t {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if f.grouping == Grouping::Underscore => {
                f.grouping = Grouping::UnderscoreFour;
            }
            _ => {
                let sep = char::from_u32(sep).unwrap_or(',');
                let message = if f.ty > 32 && f.ty < 128 {
                    format!("Cannot specify '{sep}' with '{t}'.")
                } else {
                    format!("Cannot specify '{sep}' with '\\x{:x}'.", f.ty)
                };
                return refuse(Exc::ValueError, message);
            }
        }
    }
    Ok(f)
}

/// Raises `exc` with a message given as code points (it may quote a spec
/// holding any character, lone surrogates included).
fn raise_code_points(exc: Exc, message: &[u32]) {
    let text = unicode::unicode_from_code_points(message);
    if text.is_null() {
        return;
    }
    // SAFETY: a live exception class and a live str, released after.
    unsafe {
        errors::PyErr_SetObject(exc.type_object(), text);
        Py_DecRef(text);
    }
}

/// CPython's `unknown_presentation_type`.
fn unknown_type(ty: u32, type_name: &str) -> Fallible<()> {
    errors::raise(
        Exc::ValueError,
        format!(
            "Unknown format code '{}' for object of type '{type_name}'",
            code_for_message(ty)
        ),
    );
    Err(())
}

// ==========================================================================
// Output helpers
// ==========================================================================

/// Appends `n` copies of `c` (nothing for `n <= 0`), or `MemoryError`.
fn push_fill(out: &mut Vec<u32>, c: u32, n: isize) -> Fallible<()> {
    if n <= 0 {
        return Ok(());
    }
    reserve(out, n as usize)?;
    out.extend(std::iter::repeat_n(c, n as usize));
    Ok(())
}

/// Reserves room for `n` more code points, or `MemoryError`.
fn reserve(out: &mut Vec<u32>, n: usize) -> Fallible<()> {
    if out.try_reserve(n).is_err() {
        errors::PyErr_NoMemory();
        return Err(());
    }
    Ok(())
}

fn ascii(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.bytes().map(u32::from)
}

// ==========================================================================
// Numbers: widths, grouping, layout
// ==========================================================================

/// How `digits` lay out with separators, padded with leading zeros to at
/// least `min_width` characters (CPython's
/// `_PyUnicode_InsertThousandsGrouping`): the total length, and when
/// `write` is given, the text written into it (its length is the total).
/// Groups are taken from the right; zeros padded in are grouped too.
fn insert_grouping(
    digits: &[u32],
    mut min_width: isize,
    grouping: Option<(u32, isize)>,
    mut write: Option<&mut [u32]>,
) -> isize {
    let mut remaining = digits.len() as isize;
    let mut count: isize = 0;
    let mut use_separator = false;
    // The write position counts down from the end of `write`, and the
    // next digit to copy from the end of `digits`.
    let mut buf_pos = write.as_ref().map_or(0, |w| w.len());
    let mut digit_pos = digits.len();
    let mut emit = |n_zeros: isize, n_chars: isize, sep: bool, write: &mut Option<&mut [u32]>| {
        let sep_len = isize::from(sep && grouping.is_some());
        if let Some(w) = write.as_deref_mut() {
            if sep_len == 1 {
                buf_pos -= 1;
                w[buf_pos] = grouping.map_or(0, |g| g.0);
            }
            let n_chars = n_chars as usize;
            buf_pos -= n_chars;
            digit_pos -= n_chars;
            w[buf_pos..buf_pos + n_chars].copy_from_slice(&digits[digit_pos..digit_pos + n_chars]);
            let n_zeros = n_zeros as usize;
            buf_pos -= n_zeros;
            w[buf_pos..buf_pos + n_zeros].fill(ch(b'0'));
        }
        sep_len + n_zeros + n_chars
    };
    let mut finished = false;
    if let Some((_, size)) = grouping {
        loop {
            let l = size.min(remaining.max(min_width).max(1));
            let n_zeros = (l - remaining).max(0);
            let n_chars = remaining.min(l).max(0);
            count += emit(n_zeros, n_chars, use_separator, &mut write);
            use_separator = true;
            remaining -= n_chars;
            min_width -= l;
            if remaining <= 0 && min_width <= 0 {
                finished = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !finished {
        let l = remaining.max(min_width).max(1);
        let n_zeros = (l - remaining).max(0);
        let n_chars = remaining.min(l).max(0);
        count += emit(n_zeros, n_chars, use_separator, &mut write);
    }
    count
}

/// A number's text in parts, for [`write_number`]: the sign it has, the
/// prefix (`0x`), its digits, whether a decimal point follows them, and
/// what follows that (fraction, exponent, `%`, `inf`, or the character of
/// `'c'`).
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a [u32],
    digits: &'a [u32],
    has_decimal: bool,
    remainder: &'a [u32],
}

/// Lays out a number per the spec (CPython's `calc_number_widths` then
/// `fill_number`), appending to `out`. `grouping` is the separator in
/// effect (none for `'n'` in the C locale); `upper` upper-cases the
/// prefix and digits (`'X'`).
fn write_number(
    out: &mut Vec<u32>,
    f: &Spec,
    parts: &NumberParts,
    grouping: Option<(u32, isize)>,
    upper: bool,
) -> Fallible<()> {
    let sign = match char::from_u32(f.sign) {
        Some('+') => Some(if parts.negative { '-' } else { '+' }),
        Some(' ') => Some(if parts.negative { '-' } else { ' ' }),
        _ => parts.negative.then_some('-'),
    };
    let n_sign = isize::from(sign.is_some());
    let n_prefix = parts.prefix.len() as isize;
    let n_decimal = isize::from(parts.has_decimal);
    let n_remainder = parts.remainder.len() as isize;
    let non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let min_width = if f.fill == ch(b'0') && f.align == ch(b'=') {
        f.width - non_digit
    } else {
        0
    };
    let n_grouped = if parts.digits.is_empty() {
        0
    } else {
        insert_grouping(parts.digits, min_width, grouping, None)
    };
    let padding = f.width - (non_digit + n_grouped);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if padding > 0 {
        match char::from_u32(f.align) {
            Some('<') => rpad = padding,
            Some('^') => {
                lpad = padding / 2;
                rpad = padding - lpad;
            }
            Some('=') => spad = padding,
            _ => lpad = padding,
        }
    }
    let total = lpad + n_sign + n_prefix + spad + n_grouped + n_decimal + n_remainder + rpad;
    reserve(out, total as usize)?;
    push_fill(out, f.fill, lpad)?;
    if let Some(s) = sign {
        out.push(u32::from(s));
    }
    let to_upper = |c: u32| {
        if upper && (ch(b'a')..=ch(b'z')).contains(&c) {
            c - 32
        } else {
            c
        }
    };
    out.extend(parts.prefix.iter().map(|&c| to_upper(c)));
    push_fill(out, f.fill, spad)?;
    if !parts.digits.is_empty() {
        let start = out.len();
        out.resize(start + n_grouped as usize, 0);
        insert_grouping(parts.digits, min_width, grouping, Some(&mut out[start..]));
        for c in &mut out[start..] {
            *c = to_upper(*c);
        }
    }
    if parts.has_decimal {
        out.push(ch(b'.'));
    }
    out.extend_from_slice(parts.remainder);
    push_fill(out, f.fill, rpad)?;
    Ok(())
}

/// The separator in effect for type `ty`: none for `'n'` (the C locale).
fn grouping_for(f: &Spec) -> Option<(u32, isize)> {
    if f.ty == ch(b'n') {
        None
    } else {
        f.grouping.separator()
    }
}

// ==========================================================================
// int
// ==========================================================================

/// The digits of `|v|` in `base` (lower case), or the 4300-digit
/// `ValueError` for base 10.
fn int_digits(v: &crate::objects::longobject::Int, base: u32) -> Fallible<String> {
    use crate::objects::longobject::{Int, int_to_decimal};
    if base == 10 {
        let text = int_to_decimal(v).ok_or(())?;
        return Ok(text.trim_start_matches('-').to_owned());
    }
    Ok(match v {
        Int::Small(x) => match base {
            2 => format!("{:b}", x.unsigned_abs()),
            8 => format!("{:o}", x.unsigned_abs()),
            _ => format!("{:x}", x.unsigned_abs()),
        },
        Int::Big(b) => b.magnitude().to_str_radix(base),
    })
}

/// CPython's `format_long_internal`: an `int` with an integer type.
///
/// # Safety
/// `value` must be a live `int`.
unsafe fn format_long_internal(value: *mut PyObject, f: &Spec, out: &mut Vec<u32>) -> Fallible<()> {
    if f.precision != -1 {
        return not_allowed("Precision", "integer");
    }
    if f.no_neg_0 {
        return not_allowed("Negative zero coercion (z)", "integer");
    }
    if f.ty == ch(b'c') {
        if f.sign != 0 {
            return refuse(
                Exc::ValueError,
                "Sign not allowed with integer format specifier 'c'",
            );
        }
        if f.alternate {
            return refuse(
                Exc::ValueError,
                "Alternate form (#) not allowed with integer format specifier 'c'",
            );
        }
        // SAFETY: a live int.
        let x = unsafe { crate::objects::longobject::PyLong_AsLong(value) };
        if x == -1 && errors::peek_error().is_some() {
            return Err(());
        }
        if !(0..=0x10_ffff).contains(&x) {
            return refuse(Exc::OverflowError, "%c arg not in range(0x110000)");
        }
        let c = [x as u32];
        let parts = NumberParts {
            negative: false,
            prefix: &[],
            digits: &[],
            has_decimal: false,
            remainder: &c,
        };
        return write_number(out, f, &parts, grouping_for(f), false);
    }
    let (base, prefix) = match char::from_u32(f.ty) {
        Some('b') => (2, "0b"),
        Some('o') => (8, "0o"),
        Some('x' | 'X') => (16, "0x"),
        _ => (10, ""),
    };
    // SAFETY: a live int.
    let v = unsafe { crate::objects::longobject::int_of(value) };
    let digits: Vec<u32> = ascii(&int_digits(&v, base)?).collect();
    let prefix: Vec<u32> = if f.alternate {
        ascii(prefix).collect()
    } else {
        Vec::new()
    };
    let parts = NumberParts {
        negative: v.is_negative(),
        prefix: &prefix,
        digits: &digits,
        has_decimal: false,
        remainder: &[],
    };
    write_number(out, f, &parts, grouping_for(f), f.ty == ch(b'X'))
}

/// `int.__format__(spec)` (CPython's `_PyLong_FormatAdvancedWriter`).
///
/// # Safety
/// `obj` must be a live `int`.
pub(crate) unsafe fn format_long(
    obj: *mut PyObject,
    spec: &[u32],
    out: &mut Vec<u32>,
) -> Fallible<()> {
    // SAFETY: a live object.
    let Some((f, name)) = (unsafe { start(obj, spec, out, ch(b'd'), ch(b'>'))? }) else {
        return Ok(());
    };
    match char::from_u32(f.ty) {
        Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => {
            // SAFETY: a live int.
            unsafe { format_long_internal(obj, &f, out) }
        }
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            // SAFETY: a live int; the float is released after.
            unsafe {
                let as_float = crate::objects::r#abstract::PyNumber_Float(obj);
                if as_float.is_null() {
                    return Err(());
                }
                let x = crate::objects::floatobject::PyFloat_AsDouble(as_float);
                Py_DecRef(as_float);
                format_float_internal(x, &f, out)
            }
        }
        _ => unknown_type(f.ty, &name),
    }
}

/// The start every `T.__format__` shares (CPython's `format_obj` for an
/// empty spec, then `parse_internal_render_format_spec`): `Ok(None)`
/// once `str(obj)` is appended for an empty spec, else the parsed spec
/// and the type name its messages use.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn start(
    obj: *mut PyObject,
    spec: &[u32],
    out: &mut Vec<u32>,
    default_type: u32,
    default_align: u32,
) -> Fallible<Option<(Spec, String)>> {
    // SAFETY: per the contract.
    unsafe {
        if spec.is_empty() {
            append_str_of(obj, out)?;
            return Ok(None);
        }
        let name = type_name_200(obj);
        let f = parse_spec(spec, &name, default_type, default_align)?;
        Ok(Some((f, name)))
    }
}

/// Appends `str(obj)` (CPython's `format_obj`, the empty spec).
///
/// # Safety
/// `obj` must be a live object.
unsafe fn append_str_of(obj: *mut PyObject, out: &mut Vec<u32>) -> Fallible<()> {
    // SAFETY: a live object; the str is released after.
    unsafe {
        let s = PyObject_Str(obj);
        if s.is_null() {
            return Err(());
        }
        let n = unicode::len(s);
        let done = reserve(out, n);
        if done.is_ok() {
            out.extend((0..n).map(|i| unicode::read(s, i)));
        }
        Py_DecRef(s);
        done
    }
}

// ==========================================================================
// float
// ==========================================================================

/// The text of `val` per `ty`/`precision`/`flags`, as
/// `PyOS_double_to_string` makes it, or `MemoryError`.
fn double_text(val: f64, ty: u8, precision: i32, flags: i32) -> Fallible<String> {
    match double_to_string(val, ty, precision, flags) {
        Ok((text, _)) => Ok(text),
        Err(DoubleToStringError::NoMemory) => {
            errors::PyErr_NoMemory();
            Err(())
        }
        Err(DoubleToStringError::BadCall) => {
            errors::bad_internal_call();
            Err(())
        }
    }
}

/// Splits a formatted number (sign removed) into digits, a decimal point
/// and the rest (CPython's `parse_number`).
fn split_number(text: &[u32]) -> (&[u32], bool, &[u32]) {
    let n = text
        .iter()
        .take_while(|&&c| (ch(b'0')..=ch(b'9')).contains(&c))
        .count();
    let (digits, rest) = text.split_at(n);
    match rest.first() {
        Some(&c) if c == ch(b'.') => (digits, true, &rest[1..]),
        _ => (digits, false, rest),
    }
}

/// CPython's `format_float_internal`: `val` with a float type (or none).
fn format_float_internal(mut val: f64, f: &Spec, out: &mut Vec<u32>) -> Fallible<()> {
    if f.precision > i32::MAX as isize {
        return refuse(Exc::ValueError, "precision too big");
    }
    let mut precision = f.precision as i32;
    let mut default_precision = 6;
    let mut flags = 0;
    if f.alternate {
        flags |= Py_DTSF_ALT;
    }
    if f.no_neg_0 {
        flags |= Py_DTSF_NO_NEG_0;
    }
    let mut ty = f.ty;
    if ty == 0 {
        // Like repr() without a precision, else like 'g' keeping a digit
        // after the point.
        flags |= Py_DTSF_ADD_DOT_0;
        ty = ch(b'r');
        default_precision = 0;
    }
    if ty == ch(b'n') {
        ty = ch(b'g');
    }
    let add_pct = ty == ch(b'%');
    if add_pct {
        ty = ch(b'f');
        val *= 100.0;
    }
    if precision < 0 {
        precision = default_precision;
    } else if ty == ch(b'r') {
        ty = ch(b'g');
    }
    let mut text = double_text(val, ty as u8, precision, flags)?;
    if add_pct {
        text.push('%');
    }
    let mut cps = Vec::new();
    reserve(&mut cps, text.len())?;
    cps.extend(ascii(&text));
    let negative = cps.first() == Some(&ch(b'-'));
    let body = if negative { &cps[1..] } else { &cps[..] };
    let (digits, has_decimal, remainder) = split_number(body);
    let parts = NumberParts {
        negative,
        prefix: &[],
        digits,
        has_decimal,
        remainder,
    };
    write_number(out, f, &parts, grouping_for(f), false)
}

/// `float.__format__(spec)` (CPython's `_PyFloat_FormatAdvancedWriter`).
///
/// # Safety
/// `obj` must be a live `float`.
pub(crate) unsafe fn format_float(
    obj: *mut PyObject,
    spec: &[u32],
    out: &mut Vec<u32>,
) -> Fallible<()> {
    // SAFETY: a live object.
    let Some((f, name)) = (unsafe { start(obj, spec, out, 0, ch(b'>'))? }) else {
        return Ok(());
    };
    match char::from_u32(f.ty) {
        Some('\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            // SAFETY: a live float.
            let x = unsafe { crate::objects::floatobject::PyFloat_AsDouble(obj) };
            if x == -1.0 && errors::peek_error().is_some() {
                return Err(());
            }
            format_float_internal(x, &f, out)
        }
        _ => unknown_type(f.ty, &name),
    }
}

// ==========================================================================
// complex
// ==========================================================================

/// CPython's `format_complex_internal`: both parts formatted as floats,
/// `(re+imj)` when no type is given and the real part is not a positive
/// zero, then padded as a whole.
fn format_complex_internal(re: f64, im: f64, f: &Spec, out: &mut Vec<u32>) -> Fallible<()> {
    if f.precision > i32::MAX as isize {
        return refuse(Exc::ValueError, "precision too big");
    }
    if f.fill == ch(b'0') {
        // Zeros pad inside a number, which a pair of numbers has no place
        // for; CPython refuses a '0' fill however it was given.
        return refuse(
            Exc::ValueError,
            "Zero padding is not allowed in complex format specifier",
        );
    }
    if f.align == ch(b'=') {
        return refuse(
            Exc::ValueError,
            "'=' alignment flag is not allowed in complex format specifier",
        );
    }
    let mut precision = f.precision as i32;
    let mut default_precision = 6;
    let mut flags = 0;
    if f.alternate {
        flags |= Py_DTSF_ALT;
    }
    if f.no_neg_0 {
        flags |= Py_DTSF_NO_NEG_0;
    }
    let mut ty = f.ty;
    let mut skip_re = false;
    let mut add_parens = false;
    if ty == 0 {
        // repr()-like: no real part when it is +0.0, else parentheses.
        ty = ch(b'r');
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    if ty == ch(b'n') {
        ty = ch(b'g');
    }
    if precision < 0 {
        precision = default_precision;
    } else if ty == ch(b'r') {
        ty = ch(b'g');
    }
    let re_text = double_text(re, ty as u8, precision, flags)?;
    let im_text = double_text(im, ty as u8, precision, flags)?;
    let to_cps = |t: &str| -> Fallible<Vec<u32>> {
        let mut v = Vec::new();
        reserve(&mut v, t.len())?;
        v.extend(ascii(t));
        Ok(v)
    };
    let re_cps = to_cps(&re_text)?;
    let im_cps = to_cps(&im_text)?;
    let re_neg = re_cps.first() == Some(&ch(b'-'));
    let im_neg = im_cps.first() == Some(&ch(b'-'));
    let (re_digits, re_dec, re_rem) = split_number(if re_neg { &re_cps[1..] } else { &re_cps });
    let (im_digits, im_dec, im_rem) = split_number(if im_neg { &im_cps[1..] } else { &im_cps });
    // The parts are laid out with no width; the whole is padded after.
    let part_spec = Spec {
        width: -1,
        fill: ch(b' '),
        align: ch(b'>'),
        ..*f
    };
    let grouping = grouping_for(f);
    let mut body = Vec::new();
    if add_parens {
        body.push(ch(b'('));
    }
    if !skip_re {
        let parts = NumberParts {
            negative: re_neg,
            prefix: &[],
            digits: re_digits,
            has_decimal: re_dec,
            remainder: re_rem,
        };
        write_number(&mut body, &part_spec, &parts, grouping, false)?;
    }
    // The imaginary part always shows a sign after a real part.
    let im_spec = Spec {
        sign: if skip_re { f.sign } else { ch(b'+') },
        ..part_spec
    };
    let parts = NumberParts {
        negative: im_neg,
        prefix: &[],
        digits: im_digits,
        has_decimal: im_dec,
        remainder: im_rem,
    };
    write_number(&mut body, &im_spec, &parts, grouping, false)?;
    body.push(ch(b'j'));
    if add_parens {
        body.push(ch(b')'));
    }
    pad_text(out, &body, f)
}

/// `complex.__format__(spec)` (CPython's `_PyComplex_FormatAdvancedWriter`).
///
/// # Safety
/// `obj` must be a live `complex`.
pub(crate) unsafe fn format_complex(
    obj: *mut PyObject,
    spec: &[u32],
    out: &mut Vec<u32>,
) -> Fallible<()> {
    // SAFETY: a live object.
    let Some((f, name)) = (unsafe { start(obj, spec, out, 0, ch(b'>'))? }) else {
        return Ok(());
    };
    match char::from_u32(f.ty) {
        Some('\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {
            // SAFETY: a live complex.
            let (re, im) = unsafe {
                (
                    crate::objects::complexobject::PyComplex_RealAsDouble(obj),
                    crate::objects::complexobject::PyComplex_ImagAsDouble(obj),
                )
            };
            format_complex_internal(re, im, &f, out)
        }
        _ => unknown_type(f.ty, &name),
    }
}

// ==========================================================================
// str
// ==========================================================================

/// Appends `text` padded to the spec's width by its alignment (CPython's
/// `calc_padding`; `'='` pads on the right, as `'<'`).
fn pad_text(out: &mut Vec<u32>, text: &[u32], f: &Spec) -> Fallible<()> {
    let n = text.len() as isize;
    let total = if f.width >= 0 && f.width > n {
        f.width
    } else {
        n
    };
    let lpad = match char::from_u32(f.align) {
        Some('>') => total - n,
        Some('^') => (total - n) / 2,
        _ => 0,
    };
    let rpad = total - n - lpad;
    reserve(out, total as usize)?;
    push_fill(out, f.fill, lpad)?;
    out.extend_from_slice(text);
    push_fill(out, f.fill, rpad)
}

/// `str.__format__(spec)` (CPython's `_PyUnicode_FormatAdvancedWriter`):
/// only the `'s'` type; precision truncates.
///
/// # Safety
/// `obj` must be a live `str`.
pub(crate) unsafe fn format_str(
    obj: *mut PyObject,
    spec: &[u32],
    out: &mut Vec<u32>,
) -> Fallible<()> {
    // SAFETY: a live object.
    let Some((f, name)) = (unsafe { start(obj, spec, out, ch(b's'), ch(b'<'))? }) else {
        return Ok(());
    };
    if f.ty != ch(b's') {
        return unknown_type(f.ty, &name);
    }
    if f.sign == ch(b' ') {
        return not_allowed("Space", "string");
    }
    if f.sign != 0 {
        return not_allowed("Sign", "string");
    }
    if f.no_neg_0 {
        return not_allowed("Negative zero coercion (z)", "string");
    }
    if f.alternate {
        return not_allowed("Alternate form (#)", "string");
    }
    if f.align == ch(b'=') {
        return not_allowed("'=' alignment", "string");
    }
    // SAFETY: a live str.
    let len = unsafe { unicode::len(obj) };
    let keep = if f.precision >= 0 {
        len.min(f.precision as usize)
    } else {
        len
    };
    let mut text = Vec::new();
    reserve(&mut text, keep)?;
    // SAFETY: a live str; every index is below its length.
    text.extend((0..keep).map(|i| unsafe { unicode::read(obj, i) }));
    pad_text(out, &text, &f)
}

// ==========================================================================
// The __format__ methods
// ==========================================================================

/// The code points of `spec` after checking it is a `str` (the clinic
/// converter of `T.__format__(format_spec, /)`).
///
/// # Safety
/// `spec` must be a live object.
unsafe fn spec_code_points(spec: *mut PyObject) -> Fallible<Vec<u32>> {
    // SAFETY: a live object.
    unsafe {
        if !unicode::is_str(spec) {
            return refuse(
                Exc::TypeError,
                format!(
                    "__format__() argument must be str, not {}",
                    type_name_of(spec)
                ),
            );
        }
        Ok(unicode::code_points(spec))
    }
}

/// Runs a renderer for a `__format__` method and makes its `str`.
///
/// # Safety
/// `obj` and `spec` live; `render` accepts `obj`.
unsafe fn run(
    obj: *mut PyObject,
    spec: *mut PyObject,
    render: unsafe fn(*mut PyObject, &[u32], &mut Vec<u32>) -> Fallible<()>,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Ok(spec) = spec_code_points(spec) else {
            return ptr::null_mut();
        };
        let mut out = Vec::new();
        if render(obj, &spec, &mut out).is_err() {
            return ptr::null_mut();
        }
        unicode::unicode_from_code_points(&out)
    }
}

/// `int.__format__(format_spec)`, also `bool`'s.
pub(crate) unsafe extern "C" fn long_format_method(
    obj: *mut PyObject,
    spec: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound int method called with one argument.
    unsafe { run(obj, spec, format_long) }
}

/// `float.__format__(format_spec)`.
pub(crate) unsafe extern "C" fn float_format_method(
    obj: *mut PyObject,
    spec: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound float method called with one argument.
    unsafe { run(obj, spec, format_float) }
}

/// `complex.__format__(format_spec)`.
pub(crate) unsafe extern "C" fn complex_format_method(
    obj: *mut PyObject,
    spec: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound complex method called with one argument.
    unsafe { run(obj, spec, format_complex) }
}

/// `str.__format__(format_spec)`.
pub(crate) unsafe extern "C" fn unicode_format_method(
    obj: *mut PyObject,
    spec: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a bound str method called with one argument.
    unsafe { run(obj, spec, format_str) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    fn grouped(digits: &str, min_width: isize, g: Option<(u32, isize)>) -> String {
        let d = cps(digits);
        let n = insert_grouping(&d, min_width, g, None);
        let mut buf = vec![0u32; n as usize];
        insert_grouping(&d, min_width, g, Some(&mut buf));
        buf.iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn grouping_matches_cpython() {
        let comma = Some((u32::from(b','), 3));
        assert_eq!(grouped("1234567", 0, comma), "1,234,567");
        assert_eq!(grouped("123", 0, comma), "123");
        assert_eq!(grouped("1234", 7, comma), "001,234");
        assert_eq!(grouped("1234", 8, comma), "0,001,234");
        assert_eq!(grouped("12", 5, None), "00012");
    }
}
