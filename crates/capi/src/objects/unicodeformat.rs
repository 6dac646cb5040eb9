//! printf-style formatting of `str`: `PyUnicode_Format(format, args)`,
//! which is also `str % args` (`nb_remainder` of `str`), as CPython 3.11's
//! `Objects/unicodeobject.c` defines it (`unicode_format_arg_parse`,
//! `unicode_format_arg_format`, `unicode_format_arg_output`).
//!
//! 1. `args` is a tuple of arguments, one argument, or -- when it is a
//!    mapping (any type with `mp_subscript`) other than a tuple or `str` --
//!    the source of `%(key)` arguments. The arguments are taken in order;
//!    a mapping or a single argument counts as one.
//! 2. The format is read as code points with CPython's cursor arithmetic
//!    (a remaining-count `cnt` beside the position `pos`), including where
//!    it reads one character past the end (which is 0 there, the NUL of a
//!    CPython `str`), so an incomplete conversion fails exactly as there.
//! 3. Each conversion makes a text (`%s` / `%r` / `%a` through `str()` /
//!    `repr()` / `ascii()`, integers through `PyNumber_ToBase`, floats
//!    through `double_to_string`, the same code as `repr(float)`), which
//!    the output step pads, signs and prefixes. CPython's fast paths write
//!    the same text without padding; they are not separate here.
//! 4. Widths can ask for more memory than exists (`%2000000000d`): the
//!    padding is reserved first, and a failure is `MemoryError`.

use std::ffi::c_int;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, type_name_200};
use crate::objects::exceptions::Exc;
use crate::objects::object::Py_DecRef;
use crate::objects::unicodeobject as unicode;
use crate::python::errors;
use crate::python::pystrtod::{DoubleToStringError, Py_DTSF_ALT, double_to_string};

const F_LJUST: u32 = 1 << 0;
const F_SIGN: u32 = 1 << 1;
const F_BLANK: u32 = 1 << 2;
const F_ALT: u32 = 1 << 3;
const F_ZERO: u32 = 1 << 4;

/// The largest code point (`MAX_UNICODE`).
const MAX_UNICODE: i64 = 0x10_FFFF;

/// The state of one `PyUnicode_Format` call (CPython's
/// `unicode_formatter_t`).
struct Formatter {
    /// The format's code points.
    fmt: Vec<u32>,
    /// The read position.
    pos: usize,
    /// How many characters remain after the current one, as CPython counts.
    cnt: isize,
    /// The arguments: the caller's (borrowed), or a value looked up by a
    /// `%(key)` (owned, see `args_owned`).
    args: *mut PyObject,
    args_owned: bool,
    /// The number of arguments, -1 for a single (non-tuple) argument.
    arglen: isize,
    /// The next argument, -2 for a single argument not yet taken.
    argidx: isize,
    /// The mapping for `%(key)`, or NULL.
    dict: *mut PyObject,
    /// The result so far.
    out: Vec<u32>,
}

/// One conversion's specification (CPython's `unicode_format_arg_t`).
struct Spec {
    ch: u32,
    flags: u32,
    width: isize,
    prec: c_int,
    sign: bool,
}

impl Drop for Formatter {
    fn drop(&mut self) {
        if self.args_owned {
            // SAFETY: the reference a `%(key)` lookup gave us.
            unsafe { Py_DecRef(self.args) };
        }
    }
}

/// The code points of a live `str`.
///
/// # Safety
/// `op` must be a live `str`.
unsafe fn code_points(op: *mut PyObject) -> Vec<u32> {
    // SAFETY: a live str; every index is below its length.
    unsafe {
        (0..unicode::len(op))
            .map(|i| unicode::read(op, i))
            .collect()
    }
}

/// Appends `n` copies of `c`, or fails with `MemoryError`.
fn fill(out: &mut Vec<u32>, c: u32, n: isize) -> Result<(), ()> {
    if n <= 0 {
        return Ok(());
    }
    if out.try_reserve(n as usize).is_err() {
        errors::PyErr_NoMemory();
        return Err(());
    }
    out.extend(std::iter::repeat_n(c, n as usize));
    Ok(())
}

impl Formatter {
    /// The character at `pos`; 0 past the end (CPython's NUL terminator).
    fn read(&self) -> u32 {
        self.fmt.get(self.pos).copied().unwrap_or(0)
    }

    /// CPython's `unicode_format_getnextarg`: the next argument
    /// (borrowed), or `TypeError("not enough arguments for format
    /// string")`.
    fn next_arg(&mut self) -> Result<*mut PyObject, ()> {
        let idx = self.argidx;
        if idx < self.arglen {
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args);
            }
            // SAFETY: a tuple of `arglen` items; `idx` is below that.
            return Ok(unsafe { crate::objects::tupleobject::get(self.args, idx) });
        }
        errors::raise(Exc::TypeError, "not enough arguments for format string");
        Err(())
    }

    /// The `*` of a width or precision: the next argument, which must be
    /// an int (`TypeError("* wants int")`).
    fn star_arg(&mut self) -> Result<*mut PyObject, ()> {
        let v = self.next_arg()?;
        // SAFETY: a live argument.
        if !unsafe { abstract_::is_int(v) } {
            errors::raise(Exc::TypeError, "* wants int");
            return Err(());
        }
        Ok(v)
    }

    /// Reads the next character into `spec.ch` when one remains.
    fn advance(&mut self, spec: &mut Spec) {
        self.cnt -= 1;
        if self.cnt >= 0 {
            spec.ch = self.read();
            self.pos += 1;
        }
    }

    /// CPython's `unicode_format_arg_parse`: the `%(key)`, flags, width,
    /// precision and length modifier of one conversion.
    fn parse(&mut self, spec: &mut Spec) -> Result<(), ()> {
        if self.read() == u32::from(b'(') {
            self.parse_key(spec)?;
        }
        // Flags.
        loop {
            self.cnt -= 1;
            if self.cnt < 0 {
                break;
            }
            spec.ch = self.read();
            self.pos += 1;
            match char::from_u32(spec.ch) {
                Some('-') => spec.flags |= F_LJUST,
                Some('+') => spec.flags |= F_SIGN,
                Some(' ') => spec.flags |= F_BLANK,
                Some('#') => spec.flags |= F_ALT,
                Some('0') => spec.flags |= F_ZERO,
                _ => break,
            }
        }
        // Width.
        let is_digit = |c: u32| (u32::from(b'0')..=u32::from(b'9')).contains(&c);
        if spec.ch == u32::from(b'*') {
            let v = self.star_arg()?;
            // SAFETY: a live int.
            let w = unsafe { crate::objects::longobject::PyLong_AsSsize_t(v) };
            if w == -1 && !errors::PyErr_Occurred().is_null() {
                return Err(());
            }
            spec.width = w;
            if w < 0 {
                spec.flags |= F_LJUST;
                spec.width = -w;
            }
            self.advance(spec);
        } else if is_digit(spec.ch) {
            spec.width = (spec.ch - u32::from(b'0')) as isize;
            loop {
                self.cnt -= 1;
                if self.cnt < 0 {
                    break;
                }
                spec.ch = self.read();
                self.pos += 1;
                if !is_digit(spec.ch) {
                    break;
                }
                let d = (spec.ch - u32::from(b'0')) as isize;
                if spec.width > (isize::MAX - d) / 10 {
                    errors::raise(Exc::ValueError, "width too big");
                    return Err(());
                }
                spec.width = spec.width * 10 + d;
            }
        }
        // Precision.
        if spec.ch == u32::from(b'.') {
            spec.prec = 0;
            self.advance(spec);
            if spec.ch == u32::from(b'*') {
                let v = self.star_arg()?;
                // SAFETY: a live int.
                let p = unsafe { crate::objects::longobject::_PyLong_AsInt(v) };
                if p == -1 && !errors::PyErr_Occurred().is_null() {
                    return Err(());
                }
                spec.prec = p.max(0);
                self.advance(spec);
            } else if is_digit(spec.ch) {
                spec.prec = (spec.ch - u32::from(b'0')) as c_int;
                loop {
                    self.cnt -= 1;
                    if self.cnt < 0 {
                        break;
                    }
                    spec.ch = self.read();
                    self.pos += 1;
                    if !is_digit(spec.ch) {
                        break;
                    }
                    let d = (spec.ch - u32::from(b'0')) as c_int;
                    if spec.prec > (c_int::MAX - d) / 10 {
                        errors::raise(Exc::ValueError, "precision too big");
                        return Err(());
                    }
                    spec.prec = spec.prec * 10 + d;
                }
            }
        }
        // The C length modifiers h, l and L are accepted and ignored.
        if self.cnt >= 0 && [b'h', b'l', b'L'].map(u32::from).contains(&spec.ch) {
            self.advance(spec);
        }
        if self.cnt < 0 {
            errors::raise(Exc::ValueError, "incomplete format");
            return Err(());
        }
        Ok(())
    }

    /// `%(key)`: the key up to the matching `)` (parentheses nest) becomes
    /// the arguments, looked up in the mapping.
    fn parse_key(&mut self, spec: &mut Spec) -> Result<(), ()> {
        if self.dict.is_null() {
            errors::raise(Exc::TypeError, "format requires a mapping");
            return Err(());
        }
        self.pos += 1;
        self.cnt -= 1;
        let start = self.pos;
        let mut depth = 1;
        while depth > 0 {
            self.cnt -= 1;
            if self.cnt < 0 {
                break;
            }
            spec.ch = self.read();
            if spec.ch == u32::from(b')') {
                depth -= 1;
            } else if spec.ch == u32::from(b'(') {
                depth += 1;
            }
            self.pos += 1;
        }
        if self.cnt < 0 || depth > 0 {
            errors::raise(Exc::ValueError, "incomplete format key");
            return Err(());
        }
        let key = unicode::unicode_from_code_points(&self.fmt[start..self.pos - 1]);
        if key.is_null() {
            return Err(());
        }
        if self.args_owned {
            self.args_owned = false;
            // SAFETY: the previous lookup's reference.
            unsafe { Py_DecRef(self.args) };
        }
        // SAFETY: a live mapping and our key, released after.
        let value = unsafe {
            let value = abstract_::PyObject_GetItem(self.dict, key);
            Py_DecRef(key);
            value
        };
        if value.is_null() {
            return Err(());
        }
        self.args = value;
        self.args_owned = true;
        self.arglen = -1;
        self.argidx = -2;
        Ok(())
    }

    /// CPython's `unicode_format_arg_format`: the text of one conversion.
    fn format(&mut self, spec: &mut Spec) -> Result<Vec<u32>, ()> {
        let v = self.next_arg()?;
        let ch = char::from_u32(spec.ch).unwrap_or('\0');
        // SAFETY: `v` is a live argument, held by `args` while it is used.
        unsafe {
            match ch {
                's' | 'r' | 'a' => {
                    let text = match ch {
                        's' => crate::objects::object::PyObject_Str(v),
                        'r' => crate::objects::object::PyObject_Repr(v),
                        _ => crate::objects::object::PyObject_ASCII(v),
                    };
                    if text.is_null() {
                        return Err(());
                    }
                    let cps = code_points(text);
                    Py_DecRef(text);
                    Ok(cps)
                }
                'i' | 'd' | 'u' | 'o' | 'x' | 'X' => {
                    let text = format_int(v, spec)?;
                    spec.sign = true;
                    Ok(text.chars().map(u32::from).collect())
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let text = format_float(v, spec)?;
                    spec.sign = true;
                    Ok(text.chars().map(u32::from).collect())
                }
                'c' => Ok(vec![format_char(v)?]),
                _ => {
                    let shown = if (31..=126).contains(&spec.ch) {
                        ch
                    } else {
                        '?'
                    };
                    errors::raise(
                        Exc::ValueError,
                        format!(
                            "unsupported format character '{shown}' (0x{:x}) at index {}",
                            spec.ch,
                            self.pos as isize - 1
                        ),
                    );
                    Err(())
                }
            }
        }
    }

    /// CPython's `unicode_format_arg_output`: `text` padded to the width
    /// (with zeros after the sign and `0x` prefix for a zero-filled number),
    /// truncated to the precision for `%s` / `%r` / `%a`, and signed.
    fn output(&mut self, spec: &mut Spec, text: &[u32]) -> Result<(), ()> {
        let out = &mut self.out;
        let fill_ch = if spec.sign && spec.flags & F_ZERO != 0 {
            u32::from(b'0')
        } else {
            u32::from(b' ')
        };
        let mut len = text.len() as isize;
        if (spec.width == -1 || spec.width <= len)
            && (spec.prec == -1 || spec.prec as isize >= len)
            && spec.flags & (F_SIGN | F_BLANK) == 0
        {
            out.extend_from_slice(text);
            return Ok(());
        }
        let ch = char::from_u32(spec.ch).unwrap_or('\0');
        if matches!(ch, 's' | 'r' | 'a') && spec.prec >= 0 && len > spec.prec as isize {
            len = spec.prec as isize;
        }
        let mut at = 0usize;
        let mut sign_ch = 0;
        if spec.sign {
            let first = text.first().copied().unwrap_or(0);
            if first == u32::from(b'-') || first == u32::from(b'+') {
                sign_ch = first;
                len -= 1;
                at += 1;
            } else if spec.flags & F_SIGN != 0 {
                sign_ch = u32::from(b'+');
            } else if spec.flags & F_BLANK != 0 {
                sign_ch = u32::from(b' ');
            } else {
                spec.sign = false;
            }
        }
        if spec.width < len {
            spec.width = len;
        }
        let zero_fill = fill_ch != u32::from(b' ');
        let prefixed = spec.flags & F_ALT != 0 && matches!(ch, 'x' | 'X' | 'o');
        if spec.sign {
            if zero_fill {
                out.push(sign_ch);
            }
            if spec.width > len {
                spec.width -= 1;
            }
        }
        if prefixed {
            if zero_fill {
                out.extend_from_slice(&[u32::from(b'0'), spec.ch]);
                at += 2;
            }
            spec.width = (spec.width - 2).max(0);
            len -= 2;
        }
        if spec.width > len && spec.flags & F_LJUST == 0 {
            fill(out, fill_ch, spec.width - len)?;
            spec.width = len;
        }
        if !zero_fill {
            if spec.sign {
                out.push(sign_ch);
            }
            if prefixed {
                out.extend_from_slice(&[u32::from(b'0'), spec.ch]);
                at += 2;
            }
        }
        if len > 0 {
            out.extend_from_slice(text.get(at..at + len as usize).unwrap_or_default());
        }
        if spec.width > len {
            fill(out, u32::from(b' '), spec.width - len)?;
        }
        Ok(())
    }

    /// CPython's `unicode_format_arg`: one `%` conversion, the `%` read.
    fn conversion(&mut self) -> Result<(), ()> {
        let mut spec = Spec {
            ch: self.read(),
            flags: 0,
            width: -1,
            prec: -1,
            sign: false,
        };
        if spec.ch == u32::from(b'%') {
            self.pos += 1;
            self.cnt -= 1;
            self.out.push(spec.ch);
            return Ok(());
        }
        self.parse(&mut spec)?;
        let text = self.format(&mut spec)?;
        self.output(&mut spec, &text)?;
        if !self.dict.is_null() && self.argidx < self.arglen {
            errors::raise(
                Exc::TypeError,
                "not all arguments converted during string formatting",
            );
            return Err(());
        }
        Ok(())
    }
}

/// `%d` `%i` `%u` `%o` `%x` `%X` of `v` (CPython's `mainformatlong` and
/// `_PyUnicode_FormatLong`): an int, or a number converted by `int()`
/// (`__index__` for `o`, `x`, `X`), in the conversion's base, at least
/// `prec` digits, the `0o` / `0x` prefix only with `#`.
///
/// # Safety
/// `v` must be a live object.
unsafe fn format_int(v: *mut PyObject, spec: &Spec) -> Result<String, ()> {
    let ty = spec.ch as u8;
    let wrong_type = || {
        // SAFETY: live per the contract.
        let name = unsafe { type_name_200(v) };
        let what = if matches!(ty, b'o' | b'x' | b'X') {
            "an integer"
        } else {
            "a real number"
        };
        errors::raise(
            Exc::TypeError,
            format!("%{} format: {what} is required, not {name}", ty as char),
        );
        Err(())
    };
    // SAFETY: live per the contract; `int` is released before returning.
    unsafe {
        if abstract_::PyNumber_Check(v) == 0 {
            return wrong_type();
        }
        let int = if abstract_::is_int(v) {
            crate::objects::object::Py_IncRef(v);
            v
        } else {
            let i = if matches!(ty, b'o' | b'x' | b'X') {
                abstract_::_PyNumber_Index(v)
            } else {
                abstract_::PyNumber_Long(v)
            };
            if i.is_null() {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                    errors::PyErr_Clear();
                    return wrong_type();
                }
                return Err(());
            }
            i
        };
        if spec.prec > c_int::MAX - 3 {
            Py_DecRef(int);
            errors::raise(Exc::OverflowError, "precision too large");
            return Err(());
        }
        let base = match ty {
            b'o' => 8,
            b'x' | b'X' => 16,
            _ => 10,
        };
        let digits = abstract_::PyNumber_ToBase(int, base);
        Py_DecRef(int);
        if digits.is_null() {
            return Err(());
        }
        let text: String = code_points(digits)
            .into_iter()
            .filter_map(char::from_u32)
            .collect();
        Py_DecRef(digits);
        let negative = text.starts_with('-');
        let mut body = text.trim_start_matches('-');
        let mut prefix = "";
        if base != 10 {
            (prefix, body) = body.split_at(2);
            if spec.flags & F_ALT == 0 {
                prefix = "";
            }
        }
        let zeros = usize::try_from(spec.prec)
            .unwrap_or(0)
            .saturating_sub(body.len());
        let mut out = String::new();
        if out
            .try_reserve(1 + prefix.len() + zeros + body.len())
            .is_err()
        {
            errors::PyErr_NoMemory();
            return Err(());
        }
        if negative {
            out.push('-');
        }
        out.push_str(prefix);
        out.extend(std::iter::repeat_n('0', zeros));
        out.push_str(body);
        if ty == b'X' {
            out = out.to_ascii_uppercase();
        }
        Ok(out)
    }
}

/// `%e` `%E` `%f` `%F` `%g` `%G` of `v` (CPython's `formatfloat`): the
/// number as a float, at precision 6 unless given, `#` keeping the point.
///
/// # Safety
/// `v` must be a live object.
unsafe fn format_float(v: *mut PyObject, spec: &Spec) -> Result<String, ()> {
    // SAFETY: live per the contract.
    let x = unsafe { crate::objects::floatobject::PyFloat_AsDouble(v) };
    if x == -1.0 && !errors::PyErr_Occurred().is_null() {
        return Err(());
    }
    let prec = if spec.prec < 0 { 6 } else { spec.prec };
    let flags = if spec.flags & F_ALT != 0 {
        Py_DTSF_ALT
    } else {
        0
    };
    match double_to_string(x, spec.ch as u8, prec, flags) {
        Ok((text, _)) => Ok(text),
        Err(DoubleToStringError::BadCall) => {
            errors::PyErr_BadInternalCall();
            Err(())
        }
        Err(DoubleToStringError::NoMemory) => {
            errors::PyErr_NoMemory();
            Err(())
        }
    }
}

/// `%c` of `v` (CPython's `formatchar`): a one-character `str`, or an
/// integer code point. `TypeError("%c requires int or char")` or
/// `OverflowError("%c arg not in range(0x110000)")`.
///
/// # Safety
/// `v` must be a live object.
unsafe fn format_char(v: *mut PyObject) -> Result<u32, ()> {
    let wrong = || {
        errors::raise(Exc::TypeError, "%c requires int or char");
        Err(())
    };
    // SAFETY: live per the contract.
    unsafe {
        if unicode::is_str(v) {
            if unicode::len(v) == 1 {
                return Ok(unicode::read(v, 0));
            }
            return wrong();
        }
        let mut overflow = 0;
        let x = crate::objects::longobject::PyLong_AsLongAndOverflow(v, &mut overflow);
        if x == -1 && !errors::PyErr_Occurred().is_null() {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                errors::PyErr_Clear();
                return wrong();
            }
            return Err(());
        }
        let x = x as i64;
        if !(0..=MAX_UNICODE).contains(&x) {
            errors::raise(Exc::OverflowError, "%c arg not in range(0x110000)");
            return Err(());
        }
        Ok(x as u32)
    }
}

/// `PyUnicode_Format(format, args)`: `format % args` for a `str` format.
///
/// Fails (NULL) with `TypeError("must be str, not T")` for another
/// format, `TypeError("not enough arguments for format string")`,
/// `TypeError("not all arguments converted during string formatting")`,
/// `TypeError("%d format: a real number is required, not T")`,
/// `ValueError("unsupported format character 'y' (0x79) at index 1")`,
/// `ValueError("incomplete format")`, a conversion's own error, or
/// `SystemError` for NULL arguments.
///
/// # Safety
/// `format` and `args` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Format(
    format: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    if format.is_null() || args.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe {
        if !unicode::is_str(format) {
            let name = crate::objects::object::type_name_max(format, 100);
            return errors::fail_null(Exc::TypeError, format!("must be str, not {name}"));
        }
        let is_tuple = crate::objects::tupleobject::is_tuple(args);
        let (arglen, argidx) = if is_tuple {
            (crate::objects::tupleobject::size(args), 0)
        } else {
            (-1, -2)
        };
        let dict = if abstract_::PyMapping_Check(args) != 0 && !is_tuple && !unicode::is_str(args) {
            args
        } else {
            ptr::null_mut()
        };
        let fmt = code_points(format);
        let mut f = Formatter {
            cnt: fmt.len() as isize,
            fmt,
            pos: 0,
            args,
            args_owned: false,
            arglen,
            argidx,
            dict,
            out: Vec::new(),
        };
        loop {
            f.cnt -= 1;
            if f.cnt < 0 {
                break;
            }
            if f.read() != u32::from(b'%') {
                let start = f.pos;
                f.pos += 1;
                while f.cnt >= 0 && f.read() != u32::from(b'%') {
                    f.pos += 1;
                    f.cnt -= 1;
                }
                if f.cnt < 0 {
                    f.pos -= 1;
                }
                let end = f.pos.min(f.fmt.len());
                f.out.extend_from_slice(&f.fmt[start..end]);
            } else {
                f.pos += 1;
                if f.conversion().is_err() {
                    return ptr::null_mut();
                }
            }
        }
        if f.argidx < f.arglen && f.dict.is_null() {
            return errors::fail_null(
                Exc::TypeError,
                "not all arguments converted during string formatting",
            );
        }
        unicode::unicode_from_code_points(&f.out)
    }
}

/// `nb_remainder` of `str`: `format % args` when the left operand is a
/// `str`, else `NotImplemented` (CPython's `unicode_mod`).
pub(crate) unsafe extern "C" fn unicode_mod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands (the slot's contract).
    unsafe {
        if !unicode::is_str(v) {
            return crate::objects::object::not_implemented();
        }
        PyUnicode_Format(v, w)
    }
}
