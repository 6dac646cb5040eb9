//! printf-style formatting: `PyUnicode_Format(format, args)`, which is
//! also `str % args` (`nb_remainder` of `str`), as CPython 3.11's
//! `Objects/unicodeobject.c` defines it (`unicode_format_arg_parse`,
//! `unicode_format_arg_format`, `unicode_format_arg_output`); and the same
//! engine in its `bytes` flavour for `bytes % args` / `bytearray % args`
//! (`Objects/bytesobject.c` `_PyBytes_FormatEx`, a near copy of it in
//! CPython: `%b`, byte-valued `%c`, no `%(key)` on a bytes-like mapping,
//! and its own messages).
//!
//! 1. `args` is a tuple of arguments, one argument, or -- when it is a
//!    mapping (any type with `mp_subscript`) other than a tuple or `str`
//!    (or `bytes` / `bytearray` for bytes) -- the source of `%(key)`
//!    arguments. The arguments are taken in order; a mapping or a single
//!    argument counts as one.
//! 2. The format is read as code points (bytes: byte values) with
//!    CPython's cursor arithmetic (a remaining-count `cnt` beside the
//!    position `pos`), including where it reads one character past the end
//!    (which is 0 there, the NUL CPython keeps after the data), so an
//!    incomplete conversion fails exactly as there.
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

/// What is being formatted: a `str` (code points) or `bytes` (byte values).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Flavor {
    Str,
    Bytes,
}

/// The state of one formatting call (CPython's `unicode_formatter_t`).
struct Formatter {
    flavor: Flavor,
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

/// The code points of a formatted number (ASCII), or `MemoryError`: a
/// large precision makes a text as long as memory allows.
fn ascii_code_points(text: &str) -> Result<Vec<u32>, ()> {
    let mut out = Vec::new();
    if out.try_reserve_exact(text.len()).is_err() {
        errors::PyErr_NoMemory();
        return Err(());
    }
    out.extend(text.chars().map(u32::from));
    Ok(out)
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
                        let message = match self.flavor {
                            Flavor::Str => "precision too big",
                            Flavor::Bytes => "prec too big",
                        };
                        errors::raise(Exc::ValueError, message);
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
        let key_chars = &self.fmt[start..self.pos - 1];
        let key = match self.flavor {
            Flavor::Str => unicode::unicode_from_code_points(key_chars),
            Flavor::Bytes => {
                let bytes: Vec<u8> = key_chars.iter().map(|&c| c as u8).collect();
                crate::objects::bytesobject::bytes_from_slice(&bytes)
            }
        };
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
        if self.flavor == Flavor::Bytes {
            // SAFETY: as below.
            return unsafe { self.format_bytes(v, spec) };
        }
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
                    ascii_code_points(&text)
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let x = crate::objects::floatobject::PyFloat_AsDouble(v);
                    if x == -1.0 && !errors::PyErr_Occurred().is_null() {
                        return Err(());
                    }
                    let text = format_float(x, spec)?;
                    spec.sign = true;
                    ascii_code_points(&text)
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

    /// The `bytes` flavour of [`Formatter::format`] (the conversion switch
    /// of CPython's `_PyBytes_FormatEx`): `%s` / `%b` take bytes (a
    /// bytes-like object or `__bytes__`), `%r` / `%a` are `ascii()`, `%c`
    /// a byte; the text is cut to the precision here.
    ///
    /// # Safety
    /// `v` must be a live argument.
    unsafe fn format_bytes(&mut self, v: *mut PyObject, spec: &mut Spec) -> Result<Vec<u32>, ()> {
        let cut = |mut text: Vec<u32>, prec: c_int| {
            if let Ok(p) = usize::try_from(prec) {
                text.truncate(p);
            }
            text
        };
        // SAFETY: `v` is live per the contract.
        unsafe {
            match spec.ch {
                0x72 | 0x61 => {
                    // 'r', 'a'
                    let text = crate::objects::object::PyObject_ASCII(v);
                    if text.is_null() {
                        return Err(());
                    }
                    let cps = code_points(text);
                    Py_DecRef(text);
                    Ok(cut(cps, spec.prec))
                }
                0x73 | 0x62 => {
                    // 's', 'b'
                    let bytes = bytes_of(v)?;
                    Ok(cut(bytes.into_iter().map(u32::from).collect(), spec.prec))
                }
                0x69 | 0x64 | 0x75 | 0x6f | 0x78 | 0x58 => {
                    // 'i' is 'd' here, also in the error message.
                    if spec.ch == u32::from(b'i') {
                        spec.ch = u32::from(b'd');
                    }
                    let text = format_int(v, spec)?;
                    spec.sign = true;
                    ascii_code_points(&text)
                }
                0x65 | 0x45 | 0x66 | 0x46 | 0x67 | 0x47 => {
                    let x = crate::objects::floatobject::PyFloat_AsDouble(v);
                    if x == -1.0 && !errors::PyErr_Occurred().is_null() {
                        let name = type_name_200(v);
                        errors::raise(
                            Exc::TypeError,
                            format!("float argument required, not {name}"),
                        );
                        return Err(());
                    }
                    let text = format_float(x, spec)?;
                    spec.sign = true;
                    ascii_code_points(&text)
                }
                0x63 => Ok(vec![u32::from(byte_of(v)?)]),
                c if c >= 0x80 => {
                    // CPython passes the (signed, so negative) char to %c.
                    errors::raise(
                        Exc::OverflowError,
                        "character argument not in range(0x110000)",
                    );
                    Err(())
                }
                c => {
                    errors::raise(
                        Exc::ValueError,
                        format!(
                            "unsupported format character '{}' (0x{c:x}) at index {}",
                            char::from(c as u8),
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
            self.not_all_converted();
            return Err(());
        }
        Ok(())
    }

    /// `TypeError("not all arguments converted during string formatting")`
    /// (`bytes formatting` for bytes).
    fn not_all_converted(&self) {
        let what = match self.flavor {
            Flavor::Str => "string",
            Flavor::Bytes => "bytes",
        };
        errors::raise(
            Exc::TypeError,
            format!("not all arguments converted during {what} formatting"),
        );
    }

    /// Formats the whole of `fmt` with `args` (the main loop of CPython's
    /// `PyUnicode_Format` / `_PyBytes_FormatEx`): the result's code points
    /// (byte values for bytes), or Err with the error set.
    ///
    /// # Safety
    /// `args` must be a live object.
    unsafe fn run(flavor: Flavor, fmt: Vec<u32>, args: *mut PyObject) -> Result<Vec<u32>, ()> {
        // SAFETY: live per the contract.
        let (is_tuple, is_mapping, text_like) = unsafe {
            let text_like = match flavor {
                Flavor::Str => unicode::is_str(args),
                Flavor::Bytes => {
                    unicode::is_str(args)
                        || crate::objects::bytesobject::is_bytes(args)
                        || crate::objects::bytearrayobject::is_bytearray(args)
                }
            };
            (
                crate::objects::tupleobject::is_tuple(args),
                abstract_::PyMapping_Check(args) != 0,
                text_like,
            )
        };
        let (arglen, argidx) = if is_tuple {
            // SAFETY: a tuple.
            (unsafe { crate::objects::tupleobject::size(args) }, 0)
        } else {
            (-1, -2)
        };
        let dict = if is_mapping && !is_tuple && !text_like {
            args
        } else {
            ptr::null_mut()
        };
        let mut f = Formatter {
            flavor,
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
                f.conversion()?;
            }
        }
        if f.argidx < f.arglen && f.dict.is_null() {
            f.not_all_converted();
            return Err(());
        }
        Ok(std::mem::take(&mut f.out))
    }
}

/// `%s` / `%b` of `v` for bytes (CPython's `format_obj`): the bytes of a
/// `bytes` or `bytearray`, of `v.__bytes__()`, or of any buffer.
/// `TypeError("%b requires a bytes-like object, or an object that
/// implements __bytes__, not 'T'")`.
///
/// # Safety
/// `v` must be a live object.
unsafe fn bytes_of(v: *mut PyObject) -> Result<Vec<u8>, ()> {
    use crate::objects::bytesobject::{bytes_to_vec, from_buffer, is_bytes};
    // SAFETY: live per the contract; every new reference is released.
    unsafe {
        if is_bytes(v) {
            return Ok(bytes_to_vec(v));
        }
        if let Some(bytes) = crate::objects::bytearrayobject::bytearray_to_vec(v) {
            return Ok(bytes);
        }
        if let Some(method) = crate::objects::typeobject::lookup_special(v, "__bytes__")? {
            let result = crate::objects::call::PyObject_CallNoArgs(method.as_ptr());
            drop(method);
            if result.is_null() {
                return Err(());
            }
            if !is_bytes(result) {
                let name = type_name_200(result);
                Py_DecRef(result);
                errors::raise(
                    Exc::TypeError,
                    format!("__bytes__ returned non-bytes (type {name})"),
                );
                return Err(());
            }
            let bytes = bytes_to_vec(result);
            Py_DecRef(result);
            return Ok(bytes);
        }
        if crate::buffer::PyObject_CheckBuffer(v) != 0 {
            let copy = from_buffer(v);
            if copy.is_null() {
                return Err(());
            }
            let bytes = bytes_to_vec(copy);
            Py_DecRef(copy);
            return Ok(bytes);
        }
        let name = crate::objects::object::type_name_max(v, 100);
        errors::raise(
            Exc::TypeError,
            format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, not '{name}'"
            ),
        );
        Err(())
    }
}

/// `%c` of `v` for bytes (CPython's `byte_converter`): a `bytes` or
/// `bytearray` of one byte, or an integer in `range(256)`.
///
/// # Safety
/// `v` must be a live object.
unsafe fn byte_of(v: *mut PyObject) -> Result<u8, ()> {
    // SAFETY: live per the contract.
    unsafe {
        if crate::objects::bytesobject::is_bytes(v) {
            let b = crate::objects::bytesobject::bytes_to_vec(v);
            if b.len() == 1 {
                return Ok(b[0]);
            }
        } else if let Some((p, 1)) = crate::objects::bytearrayobject::bytearray_data(v) {
            return Ok(*p);
        }
        if !crate::objects::bytesobject::is_bytes(v)
            && !crate::objects::bytearrayobject::is_bytearray(v)
        {
            let mut overflow = 0;
            let x = crate::objects::longobject::PyLong_AsLongAndOverflow(v, &mut overflow);
            if x == -1 && !errors::PyErr_Occurred().is_null() {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                    return Err(());
                }
                errors::PyErr_Clear();
            } else if (0..=255).contains(&x) {
                return Ok(x as u8);
            } else {
                errors::raise(Exc::OverflowError, "%c arg not in range(256)");
                return Err(());
            }
        }
        errors::raise(
            Exc::TypeError,
            "%c requires an integer in range(256) or a single byte",
        );
        Err(())
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

/// `%e` `%E` `%f` `%F` `%g` `%G` of the float `x` (CPython's
/// `formatfloat`): at precision 6 unless given, `#` keeping the point.
fn format_float(x: f64, spec: &Spec) -> Result<String, ()> {
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
        match Formatter::run(Flavor::Str, code_points(format), args) {
            Ok(out) => unicode::unicode_from_code_points(&out),
            Err(()) => ptr::null_mut(),
        }
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

/// `format % args` for bytes (CPython's `_PyBytes_FormatEx`): the format's
/// bytes formatted with `args`, as a new `bytes`, or a `bytearray` when
/// `as_bytearray`. NULL with the error set.
///
/// # Safety
/// `args` must be a live object.
pub(crate) unsafe fn bytes_format(
    format: &[u8],
    args: *mut PyObject,
    as_bytearray: bool,
) -> *mut PyObject {
    let fmt = format.iter().map(|&b| u32::from(b)).collect();
    // SAFETY: forwarded contract.
    match unsafe { Formatter::run(Flavor::Bytes, fmt, args) } {
        Ok(out) => {
            let bytes: Vec<u8> = out.into_iter().map(|c| c as u8).collect();
            if as_bytearray {
                crate::objects::bytearrayobject::bytearray_from_slice(&bytes)
            } else {
                crate::objects::bytesobject::bytes_from_slice(&bytes)
            }
        }
        Err(()) => ptr::null_mut(),
    }
}
