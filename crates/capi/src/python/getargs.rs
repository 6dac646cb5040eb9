//! Argument parsing (CPython's `Python/getargs.c`): `PyArg_ParseTuple`,
//! `PyArg_ParseTupleAndKeywords`, `PyArg_Parse`, their `va_list` and
//! `_SizeT` forms, `PyArg_UnpackTuple`, and the helpers Argument Clinic's
//! generated code calls (`_PyArg_UnpackKeywords`, `_PyArg_CheckPositional`,
//! `_PyArg_BadArgument`, `_PyArg_NoKeywords`, ...).
//!
//! The variadic entry points are C trampolines in `getargs.c` beside this
//! file; they pass their `va_list` here (see [`crate::python::va`]) and
//! this module does the work. The behaviour is 3.11's, unit by unit and
//! message by message -- crates/capi/tests/differential/args.c compares
//! every format unit against libpython3.11 -- with one exception: the
//! deprecated `Py_UNICODE` units `u`, `u#`, `Z` and `Z#` are not
//! supported (they raise `SystemError` as an unknown unit would).
//!
//! # Design
//!
//! 1. *Formats are read as bytes.* A format is a NUL-terminated C string;
//!    [`Format`] walks it with one byte of lookahead, exactly as CPython's
//!    `const char *` does, so malformed formats fail at the same place with
//!    the same message.
//! 2. *Errors are CPython's two-stage errors.* A unit converter either sets
//!    an exception itself or returns a message ("must be str, not int",
//!    or a parenthesised internal message); [`set_error`] then prefixes the
//!    function name and argument position unless an exception is already
//!    set, exactly as `seterror()` does.
//! 3. *Cleanup.* Everything a successful unit acquires (a `Py_buffer`, an
//!    encoded string, a converter's result that supports cleanup) is
//!    recorded in a [`Cleanup`] list and released if a later unit fails, so
//!    a failed parse leaves no buffer held and no memory allocated.
//! 4. *Without `PY_SSIZE_T_CLEAN`* (the un-suffixed entry points) the `#`
//!    units raise `SystemError`, as in 3.11.

use std::ffi::{CStr, c_char, c_int, c_long, c_ulong, c_void};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::python::errors::{self, raise};
use crate::python::va::VaList;

use super::object_access as obj;

/// Whether an exception is pending.
fn occurred() -> bool {
    !errors::PyErr_Occurred().is_null()
}

/// `PyErr_BadInternalCall()`, returning the parsers' failure value 0.
fn internal_error() -> c_int {
    errors::PyErr_BadInternalCall();
    0
}

/// `vgetargs1`'s old-style (`PyArg_Parse`) mode.
pub const FLAG_COMPAT: c_int = 1;
/// The `_SizeT` entry points: `#` lengths are `Py_ssize_t`.
pub const FLAG_SIZE_T: c_int = 2;

/// `Py_CLEANUP_SUPPORTED`: an `O&` converter returning it is called again
/// with NULL if a later argument fails.
pub const PY_CLEANUP_SUPPORTED: c_int = 0x20000;

// ==========================================================================
// The format string
// ==========================================================================

/// A cursor over a NUL-terminated format string (the `PyArg_Parse*` and
/// `Py_BuildValue` formats).
#[derive(Clone, Copy)]
pub(crate) struct Format {
    p: *const u8,
}

impl Format {
    /// # Safety
    /// `p` must be a NUL-terminated string that outlives the cursor.
    pub(crate) unsafe fn new(p: *const c_char) -> Self {
        Format { p: p.cast() }
    }

    /// The current byte (0 at the end).
    pub(crate) fn peek(&self) -> u8 {
        // SAFETY: the cursor never moves past the terminating NUL.
        unsafe { *self.p }
    }

    /// Consumes and returns the current byte. At the NUL it does not move
    /// (callers stop there).
    pub(crate) fn next(&mut self) -> u8 {
        let c = self.peek();
        if c != 0 {
            // SAFETY: not at the NUL, so the next byte exists.
            self.p = unsafe { self.p.add(1) };
        }
        c
    }

    /// Moves past the current byte (which is not the NUL).
    fn bump(&mut self) {
        self.next();
    }

    /// The rest of the format, for messages.
    fn rest(&self) -> String {
        // SAFETY: NUL-terminated per `new`.
        unsafe { CStr::from_ptr(self.p.cast()) }
            .to_string_lossy()
            .into_owned()
    }
}

/// The text after `:` (the function name) or `;` (a custom message) in a
/// format, as `strchr` finds it.
fn after(format: *const c_char, marker: u8) -> Option<String> {
    // SAFETY: formats are NUL-terminated (the callers' contract).
    let bytes = unsafe { CStr::from_ptr(format) }.to_bytes();
    let at = bytes.iter().position(|&b| b == marker)?;
    Some(String::from_utf8_lossy(&bytes[at + 1..]).into_owned())
}

fn is_end_of_format(c: u8) -> bool {
    c == 0 || c == b';' || c == b':'
}

/// `%.Ns`: at most `n` bytes of `s` (cut back to a character boundary).
fn trunc(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// How CPython's messages name an argument's type: "None" for `None`,
/// else `tp_name`.
///
/// # Safety
/// `arg` must be a live object.
unsafe fn arg_type_name(arg: *mut PyObject) -> String {
    // SAFETY: live per the contract.
    if arg == obj::none() {
        "None".to_owned()
    } else {
        // SAFETY: live per the contract.
        unsafe { obj::type_name(arg) }
    }
}

/// `"function"` or `"name()"`, as messages name the function.
fn fname_or_function(fname: Option<&str>) -> String {
    match fname {
        Some(f) => format!("{}()", trunc(f, 200)),
        None => "function".to_owned(),
    }
}

/// `"this function"` or `"name()"`, for unexpected-keyword messages.
fn fname_or_this_function(fname: Option<&str>) -> String {
    match fname {
        Some(f) => format!("{}()", trunc(f, 200)),
        None => "this function".to_owned(),
    }
}

fn plural(n: impl Into<i64>) -> &'static str {
    if n.into() == 1 { "" } else { "s" }
}

/// `TypeError`: `nargs` positional and `nkwargs` keyword arguments are more
/// than the `max` parameters the function has.
fn raise_too_many_arguments(fname: Option<&str>, max: i64, nargs: Py_ssize_t, nkwargs: Py_ssize_t) {
    raise(
        Exc::TypeError,
        format!(
            "{} takes at most {max} {}argument{} ({} given)",
            fname_or_function(fname),
            if nargs == 0 { "keyword " } else { "" },
            plural(max),
            nargs + nkwargs
        ),
    );
}

/// `TypeError`: `nargs` positional arguments are more than the `max` the
/// function takes (`exactly` when it takes no fewer either).
fn raise_too_many_positional(fname: Option<&str>, max: i64, exactly: bool, nargs: Py_ssize_t) {
    if max == 0 {
        raise(
            Exc::TypeError,
            format!("{} takes no positional arguments", fname_or_function(fname)),
        );
    } else {
        let qualifier = if exactly { "exactly" } else { "at most" };
        raise_positional_count(fname, qualifier, max, nargs);
    }
}

/// `TypeError("f() takes <qualifier> <bound> positional argument(s) (<nargs>
/// given)")`: the number of positional arguments is out of range.
fn raise_positional_count(fname: Option<&str>, qualifier: &str, bound: i64, nargs: Py_ssize_t) {
    raise(
        Exc::TypeError,
        format!(
            "{} takes {qualifier} {bound} positional argument{} ({nargs} given)",
            fname_or_function(fname),
            plural(bound)
        ),
    );
}

/// `TypeError`: the required parameter `name`, at 1-based `position`, was
/// given neither by position nor by name.
fn raise_missing_required(fname: Option<&str>, name: &str, position: i64) {
    raise(
        Exc::TypeError,
        format!(
            "{} missing required argument '{name}' (pos {position})",
            fname_or_function(fname)
        ),
    );
}

// ==========================================================================
// Cleanup of what a failed parse acquired
// ==========================================================================

type Converter = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int;

/// One thing to undo if the parse fails.
enum Undo {
    /// A `Py_buffer` filled by `s*`, `z*`, `y*` or `w*`.
    Buffer(*mut Py_buffer),
    /// A `PyMem_Malloc`ed string stored through an `es`/`et` pointer.
    Memory(*mut *mut c_char),
    /// An `O&` converter that returned `Py_CLEANUP_SUPPORTED`.
    Converter(Converter, *mut c_void),
}

/// The freelist of one parse: run in order if it fails, dropped if it
/// succeeds.
#[derive(Default)]
struct Cleanup {
    entries: Vec<Undo>,
}

impl Cleanup {
    fn push(&mut self, undo: Undo) {
        self.entries.push(undo);
    }

    /// `cleanreturn`: on failure (`ok == false`) undoes everything recorded.
    fn finish(self, ok: bool) -> c_int {
        if !ok {
            for undo in self.entries {
                // SAFETY: each entry was recorded by a unit that succeeded
                // on storage the caller still owns (the parse has not
                // returned yet).
                unsafe {
                    match undo {
                        Undo::Buffer(view) => obj::buffer_release(view),
                        Undo::Memory(slot) => {
                            obj::mem_free((*slot).cast());
                            *slot = ptr::null_mut();
                        }
                        Undo::Converter(convert, addr) => {
                            convert(ptr::null_mut(), addr);
                        }
                    }
                }
            }
        }
        c_int::from(ok)
    }
}

// ==========================================================================
// Errors
// ==========================================================================

/// A unit that failed: the exception may already be set (CPython's
/// `RETURN_ERR_OCCURRED`), otherwise `message` says what was expected.
struct Failure {
    message: String,
}

type Conv = Result<(), Failure>;

/// The failure of a unit that has set an exception itself (its message is
/// never shown, since `set_error` keeps the pending exception).
fn raised() -> Failure {
    Failure {
        message: String::new(),
    }
}

/// `converterr`: "must be <expected>, not <type>", or an internal message
/// in parentheses as is.
///
/// # Safety
/// `arg` must be a live object.
unsafe fn expected(what: &str, arg: *mut PyObject) -> Failure {
    let message = if what.starts_with('(') {
        trunc(what, 100).to_owned()
    } else {
        // SAFETY: live per the contract.
        let got = unsafe { arg_type_name(arg) };
        format!("must be {}, not {}", trunc(what, 50), trunc(&got, 50))
    };
    Failure { message }
}

/// `seterror`: turns a unit's failure into the exception, unless one is
/// already set. `levels` are the 1-based item numbers inside nested tuples.
fn set_error(iarg: usize, msg: &str, levels: &[usize], fname: Option<&str>, custom: Option<&str>) {
    if occurred() {
        return;
    }
    let text = match custom {
        Some(custom) => custom.to_owned(),
        None => {
            let mut buf = String::new();
            if let Some(f) = fname {
                buf.push_str(trunc(f, 200));
                buf.push_str("() ");
            }
            if iarg != 0 {
                buf.push_str(&format!("argument {iarg}"));
                for level in levels.iter().take(32) {
                    if buf.len() >= 220 {
                        break;
                    }
                    buf.push_str(&format!(", item {}", level - 1));
                }
            } else {
                buf.push_str("argument");
            }
            buf.push(' ');
            buf.push_str(trunc(msg, 256));
            buf
        }
    };
    let exc = if msg.starts_with('(') {
        Exc::SystemError
    } else {
        Exc::TypeError
    };
    raise(exc, text);
}

// ==========================================================================
// Converting one item
// ==========================================================================

/// The state one parse threads through its units.
struct Parse<'v> {
    va: &'v mut VaList,
    flags: c_int,
    cleanup: Cleanup,
}

impl Parse<'_> {
    fn size_t(&self) -> bool {
        self.flags & FLAG_SIZE_T != 0
    }

    /// `REQUIRE_PY_SSIZE_T_CLEAN`.
    fn require_size_t(&self) -> Conv {
        if self.size_t() {
            Ok(())
        } else {
            raise(
                Exc::SystemError,
                "PY_SSIZE_T_CLEAN macro must be defined for '#' formats",
            );
            Err(raised())
        }
    }

    /// `convertitem`: a nested tuple or a single unit. On failure `levels`
    /// holds the item path (empty for a top-level unit).
    ///
    /// # Safety
    /// `arg` is a live object; the va_list holds the pointers the format
    /// promises.
    unsafe fn convert_item(
        &mut self,
        arg: *mut PyObject,
        f: &mut Format,
        levels: &mut Vec<usize>,
    ) -> Conv {
        if f.peek() == b'(' {
            let mut inner = *f;
            inner.bump();
            // SAFETY: forwarded contract.
            unsafe { self.convert_tuple(arg, &mut inner, levels, false) }?;
            inner.bump(); // the ')'
            *f = inner;
            Ok(())
        } else {
            let mut unit = *f;
            // SAFETY: forwarded contract.
            let r = unsafe { self.convert_simple(arg, &mut unit) };
            if r.is_ok() {
                *f = unit;
            } else {
                levels.clear();
            }
            r
        }
    }

    /// `converttuple`: `f` is just after the '('; on success it is left at
    /// the matching ')'.
    ///
    /// # Safety
    /// As [`Parse::convert_item`].
    unsafe fn convert_tuple(
        &mut self,
        arg: *mut PyObject,
        f: &mut Format,
        levels: &mut Vec<usize>,
        toplevel: bool,
    ) -> Conv {
        // Count the items at this level.
        let mut n = 0usize;
        let mut level = 0;
        let mut scan = *f;
        loop {
            let c = scan.next();
            if c == b'(' {
                if level == 0 {
                    n += 1;
                }
                level += 1;
            } else if c == b')' {
                if level == 0 {
                    break;
                }
                level -= 1;
            } else if c == b':' || c == b';' || c == 0 {
                break;
            } else if level == 0 && c.is_ascii_alphabetic() {
                n += 1;
            }
        }

        // SAFETY: live per the contract.
        let is_seq = unsafe { obj::sequence_check(arg) } && !unsafe { obj::bytes_check(arg) };
        if !is_seq {
            levels.clear();
            // SAFETY: live per the contract.
            let got = unsafe { arg_type_name(arg) };
            let message = if toplevel {
                format!("expected {n} arguments, not {}", trunc(&got, 50))
            } else {
                format!("must be {n}-item sequence, not {}", trunc(&got, 50))
            };
            return Err(Failure { message });
        }
        // SAFETY: a sequence (checked above).
        let len = unsafe { obj::sequence_size(arg) };
        if len != n as Py_ssize_t {
            levels.clear();
            let message = if toplevel {
                format!("expected {n} argument{}, not {len}", plural(n as i64))
            } else {
                format!("must be sequence of length {n}, not {len}")
            };
            return Err(Failure { message });
        }

        for i in 0..n {
            // SAFETY: a sequence of length n.
            let item = unsafe { obj::sequence_get_item(arg, i as Py_ssize_t) };
            if item.is_null() {
                errors::PyErr_Clear();
                levels.clear();
                levels.push(i + 1);
                return Err(Failure {
                    message: "is not retrievable".to_owned(),
                });
            }
            let mut inner_levels = Vec::new();
            // SAFETY: `item` is a new reference, alive until released below.
            let r = unsafe { self.convert_item(item, f, &mut inner_levels) };
            // SAFETY: the reference PySequence_GetItem returned.
            unsafe { obj::decref(item) };
            if let Err(e) = r {
                levels.clear();
                levels.push(i + 1);
                levels.extend(inner_levels);
                return Err(e);
            }
        }
        Ok(())
    }

    /// `convertsimple`: one unit at `f` (which is advanced past it on
    /// success).
    ///
    /// # Safety
    /// As [`Parse::convert_item`].
    unsafe fn convert_simple(&mut self, arg: *mut PyObject, f: &mut Format) -> Conv {
        let c = f.next();
        // SAFETY: (whole body) `arg` is live and every pointer pulled from
        // the va_list is the output the format promises (the contract).
        unsafe {
            match c {
                b'b' => {
                    let p: *mut u8 = self.va.ptr();
                    let v = obj::as_long(arg);
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    if v < 0 {
                        raise(
                            Exc::OverflowError,
                            "unsigned byte integer is less than minimum",
                        );
                        return Err(raised());
                    }
                    if v > u8::MAX as i64 {
                        raise(
                            Exc::OverflowError,
                            "unsigned byte integer is greater than maximum",
                        );
                        return Err(raised());
                    }
                    p.write(v as u8);
                }
                b'B' => {
                    let p: *mut u8 = self.va.ptr();
                    let v = obj::as_unsigned_long_mask(arg);
                    if v == u64::MAX && occurred() {
                        return Err(raised());
                    }
                    p.write(v as u8);
                }
                b'h' => {
                    let p: *mut i16 = self.va.ptr();
                    let v = obj::as_long(arg);
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    if v < i16::MIN as i64 {
                        raise(
                            Exc::OverflowError,
                            "signed short integer is less than minimum",
                        );
                        return Err(raised());
                    }
                    if v > i16::MAX as i64 {
                        raise(
                            Exc::OverflowError,
                            "signed short integer is greater than maximum",
                        );
                        return Err(raised());
                    }
                    p.write(v as i16);
                }
                b'H' => {
                    let p: *mut u16 = self.va.ptr();
                    let v = obj::as_unsigned_long_mask(arg);
                    if v == u64::MAX && occurred() {
                        return Err(raised());
                    }
                    p.write(v as u16);
                }
                b'i' => {
                    let p: *mut c_int = self.va.ptr();
                    let v = obj::as_long(arg);
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    if v > c_int::MAX as i64 {
                        raise(Exc::OverflowError, "signed integer is greater than maximum");
                        return Err(raised());
                    }
                    if v < c_int::MIN as i64 {
                        raise(Exc::OverflowError, "signed integer is less than minimum");
                        return Err(raised());
                    }
                    p.write(v as c_int);
                }
                b'I' => {
                    let p: *mut u32 = self.va.ptr();
                    let v = obj::as_unsigned_long_mask(arg);
                    if v == u64::MAX && occurred() {
                        return Err(raised());
                    }
                    p.write(v as u32);
                }
                b'n' => {
                    let p: *mut Py_ssize_t = self.va.ptr();
                    let index = obj::number_index(arg);
                    let mut v: Py_ssize_t = -1;
                    if !index.is_null() {
                        v = obj::as_ssize_t(index);
                        obj::decref(index);
                    }
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    p.write(v);
                }
                // `long` is 32 bits on 64-bit Windows: write exactly one.
                // PyLong_AsLong has range-checked for it; 'k' masks.
                b'l' => {
                    let p: *mut c_long = self.va.ptr();
                    let v = obj::as_long(arg);
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    p.write(v as c_long);
                }
                b'k' => {
                    let p: *mut c_ulong = self.va.ptr();
                    if !obj::long_check(arg) {
                        return Err(expected("int", arg));
                    }
                    p.write(obj::as_unsigned_long_mask(arg) as c_ulong);
                }
                b'L' => {
                    let p: *mut i64 = self.va.ptr();
                    let v = obj::as_long_long(arg);
                    if v == -1 && occurred() {
                        return Err(raised());
                    }
                    p.write(v);
                }
                b'K' => {
                    let p: *mut u64 = self.va.ptr();
                    if !obj::long_check(arg) {
                        return Err(expected("int", arg));
                    }
                    p.write(obj::as_unsigned_long_long_mask(arg));
                }
                b'f' => {
                    let p: *mut f32 = self.va.ptr();
                    let v = obj::as_double(arg);
                    if v == -1.0 && occurred() {
                        return Err(raised());
                    }
                    p.write(v as f32);
                }
                b'd' => {
                    let p: *mut f64 = self.va.ptr();
                    let v = obj::as_double(arg);
                    if v == -1.0 && occurred() {
                        return Err(raised());
                    }
                    p.write(v);
                }
                b'D' => {
                    let p: *mut Py_complex = self.va.ptr();
                    let v = obj::as_complex(arg);
                    if occurred() {
                        return Err(raised());
                    }
                    p.write(v);
                }
                b'c' => {
                    let p: *mut c_char = self.va.ptr();
                    if obj::bytes_check(arg) && obj::bytes_size(arg) == 1 {
                        p.write(*obj::bytes_data(arg));
                    } else if obj::bytearray_check(arg) && obj::bytearray_size(arg) == 1 {
                        p.write(*obj::bytearray_data(arg));
                    } else {
                        return Err(expected("a byte string of length 1", arg));
                    }
                }
                b'C' => {
                    let p: *mut c_int = self.va.ptr();
                    if !obj::unicode_check(arg) || obj::unicode_length(arg) != 1 {
                        return Err(expected("a unicode character", arg));
                    }
                    p.write(obj::unicode_read_char(arg, 0) as c_int);
                }
                b'p' => {
                    let p: *mut c_int = self.va.ptr();
                    match obj::is_true(arg) {
                        v if v > 0 => p.write(1),
                        0 => p.write(0),
                        _ => return Err(raised()),
                    }
                }
                b'y' => {
                    let p: *mut c_void = self.va.ptr();
                    if f.peek() == b'*' {
                        let view = p.cast::<Py_buffer>();
                        if let Err(what) = get_buffer(arg, view) {
                            return Err(expected(what, arg));
                        }
                        f.bump();
                        self.cleanup.push(Undo::Buffer(view));
                        return Ok(());
                    }
                    let out = p.cast::<*const c_char>();
                    let (data, count) = match convert_buffer(arg) {
                        Ok(v) => v,
                        Err(what) => {
                            out.write(ptr::null());
                            return Err(expected(what, arg));
                        }
                    };
                    out.write(data);
                    if f.peek() == b'#' {
                        self.require_size_t()?;
                        let psize: *mut Py_ssize_t = self.va.ptr();
                        psize.write(count);
                        f.bump();
                    } else if CStr::from_ptr(data).to_bytes().len() != count as usize {
                        raise(Exc::ValueError, "embedded null byte");
                        return Err(raised());
                    }
                }
                b's' | b'z' => self.convert_text(c, arg, f)?,
                b'e' => self.convert_encoded(arg, f)?,
                b'S' => {
                    let p: *mut *mut PyObject = self.va.ptr();
                    if !obj::bytes_check(arg) {
                        return Err(expected("bytes", arg));
                    }
                    p.write(arg);
                }
                b'Y' => {
                    let p: *mut *mut PyObject = self.va.ptr();
                    if !obj::bytearray_check(arg) {
                        return Err(expected("bytearray", arg));
                    }
                    p.write(arg);
                }
                b'U' => {
                    let p: *mut *mut PyObject = self.va.ptr();
                    if !obj::unicode_check(arg) {
                        return Err(expected("str", arg));
                    }
                    p.write(arg);
                }
                b'O' => {
                    if f.peek() == b'!' {
                        let ty: *mut PyTypeObject = self.va.ptr();
                        let p: *mut *mut PyObject = self.va.ptr();
                        f.bump();
                        if !obj::is_subtype(obj::type_of(arg), ty) {
                            return Err(expected(&obj::tp_name(ty), arg));
                        }
                        p.write(arg);
                    } else if f.peek() == b'&' {
                        let convert: Option<Converter> =
                            std::mem::transmute(self.va.ptr::<c_void>());
                        let addr: *mut c_void = self.va.ptr();
                        f.bump();
                        let Some(convert) = convert else {
                            return Err(expected("(unspecified)", arg));
                        };
                        let res = convert(arg, addr);
                        if res == 0 {
                            return Err(expected("(unspecified)", arg));
                        }
                        if res == PY_CLEANUP_SUPPORTED {
                            self.cleanup.push(Undo::Converter(convert, addr));
                        }
                    } else {
                        let p: *mut *mut PyObject = self.va.ptr();
                        p.write(arg);
                    }
                }
                b'w' => {
                    let p: *mut Py_buffer = self.va.ptr();
                    if f.peek() != b'*' {
                        return Err(expected("(invalid use of 'w' format character)", arg));
                    }
                    f.bump();
                    if obj::get_buffer(arg, p, PyBUF_WRITABLE) < 0 {
                        errors::PyErr_Clear();
                        return Err(expected("read-write bytes-like object", arg));
                    }
                    if obj::buffer_is_contiguous(p, b'C') == 0 {
                        obj::buffer_release(p);
                        return Err(expected("contiguous buffer", arg));
                    }
                    self.cleanup.push(Undo::Buffer(p));
                }
                _ => return Err(expected("(impossible<bad format char>)", arg)),
            }
        }
        Ok(())
    }

    /// `s`, `s#`, `s*`, `z`, `z#`, `z*` (`c` is the letter, `f` is after
    /// it).
    ///
    /// # Safety
    /// As [`Parse::convert_item`].
    unsafe fn convert_text(&mut self, c: u8, arg: *mut PyObject, f: &mut Format) -> Conv {
        // SAFETY: (whole body) as `convert_simple`.
        unsafe {
            let none_ok = c == b'z' && arg == obj::none();
            if f.peek() == b'*' {
                let view: *mut Py_buffer = self.va.ptr();
                if none_ok {
                    obj::buffer_fill_info(view, ptr::null_mut(), ptr::null_mut(), 0, 1, 0);
                } else if obj::unicode_check(arg) {
                    let mut len: Py_ssize_t = 0;
                    let s = obj::unicode_as_utf8_and_size(arg, &mut len);
                    if s.is_null() {
                        return Err(expected("(unicode conversion error)", arg));
                    }
                    obj::buffer_fill_info(view, arg, s as *mut c_void, len, 1, 0);
                } else if let Err(what) = get_buffer(arg, view) {
                    return Err(expected(what, arg));
                }
                self.cleanup.push(Undo::Buffer(view));
                f.bump();
            } else if f.peek() == b'#' {
                let p: *mut *const c_char = self.va.ptr();
                self.require_size_t()?;
                let psize: *mut Py_ssize_t = self.va.ptr();
                if none_ok {
                    p.write(ptr::null());
                    psize.write(0);
                } else if obj::unicode_check(arg) {
                    let mut len: Py_ssize_t = 0;
                    let s = obj::unicode_as_utf8_and_size(arg, &mut len);
                    if s.is_null() {
                        return Err(expected("(unicode conversion error)", arg));
                    }
                    p.write(s);
                    psize.write(len);
                } else {
                    match convert_buffer(arg) {
                        Ok((data, count)) => {
                            p.write(data);
                            psize.write(count);
                        }
                        Err(what) => {
                            p.write(ptr::null());
                            return Err(expected(what, arg));
                        }
                    }
                }
                f.bump();
            } else {
                let p: *mut *const c_char = self.va.ptr();
                if none_ok {
                    p.write(ptr::null());
                } else if obj::unicode_check(arg) {
                    let mut len: Py_ssize_t = 0;
                    let s = obj::unicode_as_utf8_and_size(arg, &mut len);
                    if s.is_null() {
                        return Err(expected("(unicode conversion error)", arg));
                    }
                    if CStr::from_ptr(s).to_bytes().len() != len as usize {
                        raise(Exc::ValueError, "embedded null character");
                        return Err(raised());
                    }
                    p.write(s);
                } else {
                    return Err(expected(if c == b'z' { "str or None" } else { "str" }, arg));
                }
            }
        }
        Ok(())
    }

    /// `es`, `et`, `es#`, `et#` (`f` is after the `e`).
    ///
    /// # Safety
    /// As [`Parse::convert_item`].
    unsafe fn convert_encoded(&mut self, arg: *mut PyObject, f: &mut Format) -> Conv {
        // SAFETY: (whole body) as `convert_simple`.
        unsafe {
            let mut encoding: *const c_char = self.va.ptr();
            if encoding.is_null() {
                encoding = c"utf-8".as_ptr();
            }
            let recode_strings = match f.peek() {
                b's' => true,
                b't' => false,
                _ => return Err(expected("(unknown parser marker combination)", arg)),
            };
            let buffer: *mut *mut c_char = self.va.ptr();
            f.bump();
            if buffer.is_null() {
                return Err(expected("(buffer is NULL)", arg));
            }

            // The bytes to store: the object itself (et with bytes or
            // bytearray) or its encoding (str). `owner` holds them.
            let owner: *mut PyObject;
            let (data, size) =
                if !recode_strings && (obj::bytes_check(arg) || obj::bytearray_check(arg)) {
                    owner = arg;
                    obj::incref(arg);
                    if obj::bytes_check(arg) {
                        (obj::bytes_data(arg), obj::bytes_size(arg))
                    } else {
                        (obj::bytearray_data(arg), obj::bytearray_size(arg))
                    }
                } else if obj::unicode_check(arg) {
                    owner = obj::unicode_as_encoded_string(arg, encoding, ptr::null());
                    if owner.is_null() {
                        return Err(expected("(encoding failed)", arg));
                    }
                    (obj::bytes_data(owner), obj::bytes_size(owner))
                } else {
                    return Err(expected(
                        if recode_strings {
                            "str"
                        } else {
                            "str, bytes or bytearray"
                        },
                        arg,
                    ));
                };
            let size = size as usize;

            if f.peek() == b'#' {
                if let Err(e) = self.require_size_t() {
                    obj::decref(owner);
                    return Err(e);
                }
                let psize: *mut Py_ssize_t = self.va.ptr();
                f.bump();
                if psize.is_null() {
                    obj::decref(owner);
                    return Err(expected("(buffer_len is NULL)", arg));
                }
                if (*buffer).is_null() {
                    let fresh = obj::mem_malloc(size + 1).cast::<c_char>();
                    if fresh.is_null() {
                        obj::decref(owner);
                        errors::PyErr_NoMemory();
                        return Err(raised());
                    }
                    *buffer = fresh;
                    self.cleanup.push(Undo::Memory(buffer));
                } else if size as Py_ssize_t + 1 > *psize {
                    obj::decref(owner);
                    raise(
                        Exc::ValueError,
                        format!(
                            "encoded string too long ({size}, maximum length {})",
                            *psize - 1
                        ),
                    );
                    return Err(raised());
                }
                ptr::copy_nonoverlapping(data, *buffer, size);
                (*buffer).add(size).write(0);
                psize.write(size as Py_ssize_t);
            } else {
                if CStr::from_ptr(data).to_bytes().len() != size {
                    obj::decref(owner);
                    return Err(expected("encoded string without null bytes", arg));
                }
                let fresh = obj::mem_malloc(size + 1).cast::<c_char>();
                if fresh.is_null() {
                    obj::decref(owner);
                    errors::PyErr_NoMemory();
                    return Err(raised());
                }
                *buffer = fresh;
                self.cleanup.push(Undo::Memory(buffer));
                ptr::copy_nonoverlapping(data, fresh, size + 1);
            }
            obj::decref(owner);
        }
        Ok(())
    }
}

/// `getbuffer`: a simple, C-contiguous buffer of `arg`; on failure the
/// expected kind ("bytes-like object", "contiguous buffer").
///
/// # Safety
/// `arg` live; `view` writable storage for a `Py_buffer`.
unsafe fn get_buffer(arg: *mut PyObject, view: *mut Py_buffer) -> Result<(), &'static str> {
    // SAFETY: forwarded contract.
    unsafe {
        if obj::get_buffer(arg, view, PyBUF_SIMPLE) != 0 {
            return Err("bytes-like object");
        }
        if obj::buffer_is_contiguous(view, b'C') == 0 {
            obj::buffer_release(view);
            return Err("contiguous buffer");
        }
    }
    Ok(())
}

/// `convertbuffer`: the data and length of a read-only exporter that needs
/// no release (no `bf_releasebuffer`), as `s#`, `y` and `y#` require; the
/// buffer is released at once, the pointer staying valid as long as `arg`.
///
/// # Safety
/// `arg` must be a live object.
unsafe fn convert_buffer(arg: *mut PyObject) -> Result<(*const c_char, Py_ssize_t), &'static str> {
    // SAFETY: live per the contract.
    if unsafe { obj::has_releasebuffer(arg) } {
        return Err("read-only bytes-like object");
    }
    let mut view = Py_buffer::zeroed();
    // SAFETY: forwarded contract; `view` is local storage.
    unsafe {
        get_buffer(arg, &mut view)?;
        let data = view.buf as *const c_char;
        let len = view.len;
        obj::buffer_release(&mut view);
        Ok((data, len))
    }
}

// ==========================================================================
// Skipping a unit (optional parameters not given)
// ==========================================================================

/// `skipitem`: moves past one unit, pulling (and ignoring) its va_list
/// arguments when `va` is given. Fails with CPython's internal message.
///
/// # Safety
/// When `va` is given it holds the pointers the format promises.
unsafe fn skip_item(
    f: &mut Format,
    va: Option<&mut VaList>,
    flags: c_int,
) -> Result<(), &'static str> {
    let mut va = va;
    let c = f.next();
    // SAFETY: (whole body) each pull reads an argument the format promises.
    unsafe {
        match c {
            b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'l' | b'k' | b'L' | b'K' | b'n' | b'f'
            | b'd' | b'D' | b'c' | b'C' | b'p' | b'S' | b'Y' | b'U' => {
                if let Some(va) = va.as_deref_mut() {
                    va.ptr::<c_void>();
                }
            }
            b'e' | b's' | b'z' | b'y' | b'u' | b'Z' | b'w' => {
                if c == b'e' {
                    if let Some(va) = va.as_deref_mut() {
                        va.ptr::<c_void>();
                    }
                    if !(f.peek() == b's' || f.peek() == b't') {
                        return Err("impossible<bad format char>");
                    }
                    f.bump();
                }
                if let Some(va) = va.as_deref_mut() {
                    va.ptr::<c_void>();
                }
                if f.peek() == b'#' {
                    if let Some(va) = va.as_deref_mut() {
                        if flags & FLAG_SIZE_T == 0 {
                            return Err("PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
                        }
                        va.ptr::<c_void>();
                    }
                    f.bump();
                } else if matches!(c, b's' | b'z' | b'y' | b'w') && f.peek() == b'*' {
                    f.bump();
                }
            }
            b'O' => {
                if f.peek() == b'!' || f.peek() == b'&' {
                    f.bump();
                    if let Some(va) = va.as_deref_mut() {
                        va.ptr::<c_void>();
                        va.ptr::<c_void>();
                    }
                } else if let Some(va) = va.as_deref_mut() {
                    va.ptr::<c_void>();
                }
            }
            b'(' => {
                loop {
                    if f.peek() == b')' {
                        break;
                    }
                    if is_end_of_format(f.peek()) {
                        return Err("Unmatched left paren in format string");
                    }
                    skip_item(f, va.as_deref_mut(), flags)?;
                }
                f.bump();
            }
            b')' => return Err("Unmatched right paren in format string"),
            _ => return Err("impossible<bad format char>"),
        }
    }
    Ok(())
}

// ==========================================================================
// PyArg_ParseTuple, PyArg_Parse, _PyArg_ParseStack
// ==========================================================================

/// `vgetargs1_impl`: the positional parser behind `PyArg_ParseTuple`,
/// `PyArg_Parse` (old style, `FLAG_COMPAT`) and `_PyArg_ParseStack`.
///
/// # Safety
/// `stack` holds `nargs` live objects; `format` is NUL-terminated; `va`
/// holds the pointers the format promises.
unsafe fn vgetargs1_impl(
    compat_args: *mut PyObject,
    stack: *const *mut PyObject,
    nargs: Py_ssize_t,
    format: *const c_char,
    va: &mut VaList,
    flags: c_int,
) -> c_int {
    let compat = flags & FLAG_COMPAT != 0;
    let flags = flags & !FLAG_COMPAT;
    let mut fname: Option<String> = None;
    let mut message: Option<String> = None;
    let mut min: i64 = -1;
    let mut max: i64 = 0;
    let mut level = 0;

    // SAFETY: NUL-terminated per the contract.
    let mut scan = unsafe { Format::new(format) };
    loop {
        let c = scan.next();
        match c {
            b'(' => {
                if level == 0 {
                    max += 1;
                }
                level += 1;
                if level >= 30 {
                    fatal("too many tuple nesting levels in argument format string");
                }
            }
            b')' => {
                if level == 0 {
                    fatal("excess ')' in getargs format");
                }
                level -= 1;
            }
            0 => break,
            b':' => {
                fname = Some(scan.rest());
                break;
            }
            b';' => {
                message = Some(scan.rest());
                break;
            }
            b'|' => {
                if level == 0 {
                    min = max;
                }
            }
            _ => {
                if level == 0 && c.is_ascii_alphabetic() && c != b'e' {
                    max += 1;
                }
            }
        }
    }
    if level != 0 {
        fatal("missing ')' in getargs format");
    }
    if min < 0 {
        min = max;
    }
    let fname = fname.as_deref();
    let message = message.as_deref();

    let mut parse = Parse {
        va,
        flags,
        cleanup: Cleanup::default(),
    };
    // SAFETY: NUL-terminated per the contract.
    let mut f = unsafe { Format::new(format) };

    if compat {
        if max == 0 {
            if compat_args.is_null() {
                return 1;
            }
            raise(
                Exc::TypeError,
                format!("{} takes no arguments", fname_or_function(fname)),
            );
            return parse.cleanup.finish(false);
        } else if min == 1 && max == 1 {
            if compat_args.is_null() {
                raise(
                    Exc::TypeError,
                    format!("{} takes at least one argument", fname_or_function(fname)),
                );
                return parse.cleanup.finish(false);
            }
            let mut levels = Vec::new();
            // SAFETY: forwarded contract.
            match unsafe { parse.convert_item(compat_args, &mut f, &mut levels) } {
                Ok(()) => return parse.cleanup.finish(true),
                Err(e) => {
                    // CPython reports levels[0] as the argument number here.
                    let (iarg, rest) = match levels.split_first() {
                        Some((first, rest)) => (*first, rest.to_vec()),
                        None => (0, Vec::new()),
                    };
                    set_error(iarg, &e.message, &rest, fname, message);
                    return parse.cleanup.finish(false);
                }
            }
        } else {
            raise(
                Exc::SystemError,
                "old style getargs format uses new features",
            );
            return parse.cleanup.finish(false);
        }
    }

    if nargs < min as Py_ssize_t || (max as Py_ssize_t) < nargs {
        match message {
            None => {
                let bound = if nargs < min as Py_ssize_t { min } else { max };
                let how = if min == max {
                    "exactly"
                } else if nargs < min as Py_ssize_t {
                    "at least"
                } else {
                    "at most"
                };
                let name = match fname {
                    Some(f) => format!("{}()", trunc(f, 150)),
                    None => "function".to_owned(),
                };
                raise(
                    Exc::TypeError,
                    format!(
                        "{name} takes {how} {bound} argument{} ({nargs} given)",
                        plural(bound)
                    ),
                );
            }
            Some(m) => raise(Exc::TypeError, m),
        }
        return parse.cleanup.finish(false);
    }

    for i in 0..nargs {
        if f.peek() == b'|' {
            f.bump();
        }
        let mut levels = Vec::new();
        // SAFETY: `stack` holds `nargs` live objects.
        let arg = unsafe { stack.add(i as usize).read() };
        // SAFETY: forwarded contract.
        if let Err(e) = unsafe { parse.convert_item(arg, &mut f, &mut levels) } {
            set_error(i as usize + 1, &e.message, &levels, fname, message);
            return parse.cleanup.finish(false);
        }
    }

    let c = f.peek();
    if c != 0 && !c.is_ascii_alphabetic() && c != b'(' && c != b'|' && c != b':' && c != b';' {
        // SAFETY: NUL-terminated per the contract.
        let whole = unsafe { CStr::from_ptr(format) }.to_string_lossy();
        raise(
            Exc::SystemError,
            format!("bad format string: {}", trunc(&whole, 200)),
        );
        return parse.cleanup.finish(false);
    }
    parse.cleanup.finish(true)
}

/// `Py_FatalError` for a malformed format, as CPython treats it: a bug in
/// the caller's C code, reported and aborted.
fn fatal(message: &str) -> ! {
    eprintln!("Fatal Python error: {message}");
    std::process::abort()
}

/// The Rust side of `PyArg_ParseTuple`, `PyArg_Parse`, `PyArg_VaParse` and
/// their `_SizeT` forms (`getargs.c` passes the `va_list`).
///
/// # Safety
/// `args` a live tuple (or any object for `FLAG_COMPAT`); `format`
/// NUL-terminated; `va` a started `va_list` holding what the format
/// promises.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_vgetargs1(
    args: *mut PyObject,
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> c_int {
    if format.is_null() {
        return internal_error();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    let (stack, nargs) = if flags & FLAG_COMPAT == 0 {
        // SAFETY: `args` NULL or live.
        if args.is_null() || !unsafe { obj::tuple_check(args) } {
            raise(
                Exc::SystemError,
                "new style getargs format but argument is not a tuple",
            );
            return 0;
        }
        // SAFETY: a tuple.
        unsafe { (obj::tuple_items(args), obj::tuple_size(args)) }
    } else {
        (ptr::null(), 0)
    };
    // SAFETY: forwarded contract.
    unsafe { vgetargs1_impl(args, stack, nargs, format, &mut va, flags) }
}

/// The Rust side of `_PyArg_ParseStack[_SizeT]`.
///
/// # Safety
/// `args` holds `nargs` live objects; otherwise as [`_Pyb_vgetargs1`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_vgetargs_stack(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> c_int {
    if format.is_null() || (nargs > 0 && args.is_null()) || nargs < 0 {
        return internal_error();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: forwarded contract.
    unsafe {
        vgetargs1_impl(
            ptr::null_mut(),
            args,
            nargs,
            format,
            &mut va,
            flags & !FLAG_COMPAT,
        )
    }
}

// ==========================================================================
// PyArg_ParseTupleAndKeywords
// ==========================================================================

/// The Rust side of `PyArg_ParseTupleAndKeywords`,
/// `PyArg_VaParseTupleAndKeywords` and their `_SizeT` forms.
///
/// # Safety
/// `args` a live tuple, `kwargs` NULL or a live dict, `format`
/// NUL-terminated, `kwlist` a NULL-terminated array of NUL-terminated
/// names, `va` a started `va_list` holding what the format promises.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_vgetargskeywords(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    format: *const c_char,
    kwlist: *const *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> c_int {
    // SAFETY: NULL or live per the contract.
    let bad = unsafe {
        args.is_null()
            || !obj::tuple_check(args)
            || (!kwargs.is_null() && !obj::dict_check(kwargs))
            || format.is_null()
            || kwlist.is_null()
    };
    if bad {
        errors::PyErr_BadInternalCall();
        return 0;
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: forwarded contract.
    unsafe { vgetargskeywords(args, kwargs, format, kwlist, &mut va, flags) }
}

/// The keyword names of a `kwlist`.
///
/// # Safety
/// `kwlist` is a NULL-terminated array of NUL-terminated strings.
unsafe fn kwlist_names(kwlist: *const *const c_char) -> Vec<String> {
    let mut names = Vec::new();
    for i in 0.. {
        // SAFETY: NULL-terminated per the contract.
        let p = unsafe { kwlist.add(i).read() };
        if p.is_null() {
            break;
        }
        // SAFETY: NUL-terminated per the contract.
        names.push(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned());
    }
    names
}

/// `vgetargskeywords`.
///
/// # Safety
/// As [`_Pyb_vgetargskeywords`], with the arguments checked.
unsafe fn vgetargskeywords(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    format: *const c_char,
    kwlist: *const *const c_char,
    va: &mut VaList,
    flags: c_int,
) -> c_int {
    // The function name or custom message (mutually exclusive).
    let fname = after(format, b':');
    let custom = if fname.is_some() {
        None
    } else {
        after(format, b';')
    };
    let fname = fname.as_deref();
    let custom = custom.as_deref();

    // SAFETY: forwarded contract.
    let names = unsafe { kwlist_names(kwlist) };
    let pos = names.iter().take_while(|n| n.is_empty()).count();
    let len = names.len();
    let mut parse = Parse {
        va,
        flags,
        cleanup: Cleanup::default(),
    };
    if names[pos..].iter().any(|n| n.is_empty()) {
        raise(Exc::SystemError, "Empty keyword parameter name");
        return parse.cleanup.finish(false);
    }

    // SAFETY: a tuple and NULL-or-dict per the contract.
    let nargs = unsafe { obj::tuple_size(args) };
    // SAFETY: as above.
    let stack = unsafe { obj::tuple_items(args) };
    let mut nkwargs = if kwargs.is_null() {
        0
    } else {
        // SAFETY: a dict (non-NULL here) per the contract.
        unsafe { obj::dict_size(kwargs) }
    };
    if nargs + nkwargs > len as Py_ssize_t {
        raise_too_many_arguments(fname, len as i64, nargs, nkwargs);
        return parse.cleanup.finish(false);
    }

    let mut min = usize::MAX;
    let mut max = usize::MAX;
    let mut skip = false;
    // SAFETY: NUL-terminated per the contract.
    let mut f = unsafe { Format::new(format) };
    let mut i = 0;
    while i < len {
        if f.peek() == b'|' {
            if min != usize::MAX {
                raise(
                    Exc::SystemError,
                    "Invalid format string (| specified twice)",
                );
                return parse.cleanup.finish(false);
            }
            min = i;
            f.bump();
            if max != usize::MAX {
                raise(Exc::SystemError, "Invalid format string ($ before |)");
                return parse.cleanup.finish(false);
            }
        }
        if f.peek() == b'$' {
            if max != usize::MAX {
                raise(
                    Exc::SystemError,
                    "Invalid format string ($ specified twice)",
                );
                return parse.cleanup.finish(false);
            }
            max = i;
            f.bump();
            if max < pos {
                raise(Exc::SystemError, "Empty parameter name after $");
                return parse.cleanup.finish(false);
            }
            if skip {
                // Now the minimal and maximal numbers of positional
                // arguments are known: report below.
                break;
            }
            if (max as Py_ssize_t) < nargs {
                raise_too_many_positional(fname, max as i64, min == usize::MAX, nargs);
                return parse.cleanup.finish(false);
            }
        }
        if is_end_of_format(f.peek()) {
            raise(
                Exc::SystemError,
                format!("More keyword list entries ({len}) than format specifiers ({i})"),
            );
            return parse.cleanup.finish(false);
        }
        if !skip {
            let current = if (i as Py_ssize_t) < nargs {
                // SAFETY: i < nargs.
                unsafe { stack.add(i).read() }
            } else if nkwargs != 0 && i >= pos {
                // SAFETY: a dict (nkwargs > 0).
                let found = unsafe { obj::dict_get_item_string(kwargs, &names[i]) };
                if !found.is_null() {
                    nkwargs -= 1;
                } else if occurred() {
                    return parse.cleanup.finish(false);
                }
                found
            } else {
                ptr::null_mut()
            };

            if !current.is_null() {
                let mut levels = Vec::new();
                // SAFETY: `current` is live (borrowed from args or kwargs).
                if let Err(e) = unsafe { parse.convert_item(current, &mut f, &mut levels) } {
                    set_error(i + 1, &e.message, &levels, fname, custom);
                    return parse.cleanup.finish(false);
                }
                i += 1;
                continue;
            }

            if i < min {
                if i < pos {
                    // Which bound to report is known only at | or $ or the
                    // end of the format.
                    skip = true;
                } else {
                    raise_missing_required(fname, &names[i], (i + 1) as i64);
                    return parse.cleanup.finish(false);
                }
            }
            // Every required argument is there and no keyword is left:
            // success, with no further validation (as CPython).
            if nkwargs == 0 && !skip {
                return parse.cleanup.finish(true);
            }
        }

        // An optional parameter not given: skip its unit.
        // SAFETY: the va_list holds what the format promises.
        if let Err(msg) = unsafe { skip_item(&mut f, Some(parse.va), flags) } {
            raise(Exc::SystemError, format!("{msg}: '{}'", f.rest()));
            return parse.cleanup.finish(false);
        }
        i += 1;
    }

    if skip {
        let bound = pos.min(min);
        let qualifier = if bound < i { "at least" } else { "exactly" };
        raise_positional_count(fname, qualifier, bound as i64, nargs);
        return parse.cleanup.finish(false);
    }

    let c = f.peek();
    if !is_end_of_format(c) && c != b'|' && c != b'$' {
        raise(
            Exc::SystemError,
            format!(
                "more argument specifiers than keyword list entries (remaining format:'{}')",
                f.rest()
            ),
        );
        return parse.cleanup.finish(false);
    }

    if nkwargs > 0 {
        // An argument given both by name and by position?
        for (j, name) in names.iter().enumerate().take(nargs as usize).skip(pos) {
            // SAFETY: a dict.
            let found = unsafe { obj::dict_get_item_string(kwargs, name) };
            if !found.is_null() {
                raise(
                    Exc::TypeError,
                    format!(
                        "argument for {} given by name ('{name}') and position ({})",
                        fname_or_function(fname),
                        j + 1
                    ),
                );
                return parse.cleanup.finish(false);
            } else if occurred() {
                return parse.cleanup.finish(false);
            }
        }
        // An unknown keyword?
        let mut at: Py_ssize_t = 0;
        let mut key: *mut PyObject = ptr::null_mut();
        // SAFETY: a dict; `key` receives a borrowed reference.
        while unsafe { obj::dict_next(kwargs, &mut at, &mut key, ptr::null_mut()) } {
            // SAFETY: a live key of the dict.
            let Some(text) = (unsafe { obj::unicode_text(key) }) else {
                raise(Exc::TypeError, "keywords must be strings");
                return parse.cleanup.finish(false);
            };
            if !names[pos..].contains(&text) {
                raise(
                    Exc::TypeError,
                    format!(
                        "'{text}' is an invalid keyword argument for {}",
                        fname_or_this_function(fname)
                    ),
                );
                return parse.cleanup.finish(false);
            }
        }
        raise(
            Exc::TypeError,
            format!(
                "invalid keyword argument for {}",
                fname_or_this_function(fname)
            ),
        );
        return parse.cleanup.finish(false);
    }
    parse.cleanup.finish(true)
}

// ==========================================================================
// _PyArg_Parser: _PyArg_ParseTupleAndKeywordsFast, _PyArg_UnpackKeywords
// ==========================================================================

/// What a `_PyArg_Parser` describes, derived from its format and keywords
/// (CPython caches the same in the struct: `pos`, `min`, `max`, `fname`,
/// `custom_msg` and a `kwtuple` of the keyword names, which is kept here
/// too so that generated code sees the fields it expects).
struct ParserInfo {
    fname: Option<String>,
    custom: Option<String>,
    names: Vec<String>,
    pos: usize,
    min: usize,
    max: usize,
}

/// `parser_init`: validates the parser once and fills its cached fields.
///
/// # Safety
/// `parser` points to a `_PyArg_Parser` with a NULL-terminated `keywords`
/// array and a NULL or NUL-terminated `format` and `fname`.
unsafe fn parser_init(parser: *mut _PyArg_Parser) -> Option<ParserInfo> {
    // SAFETY: per the contract.
    let p = unsafe { &mut *parser };
    if p.keywords.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: NULL-terminated per the contract.
    let names = unsafe { kwlist_names(p.keywords) };
    let pos = names.iter().take_while(|n| n.is_empty()).count();
    if names[pos..].iter().any(|n| n.is_empty()) {
        raise(Exc::SystemError, "Empty keyword parameter name");
        return None;
    }
    let len = names.len();
    let mut info = ParserInfo {
        fname: None,
        custom: None,
        names,
        pos,
        min: p.min.max(0) as usize,
        max: p.max.max(0) as usize,
    };
    if !p.format.is_null() {
        info.fname = after(p.format, b':');
        if info.fname.is_none() {
            info.custom = after(p.format, b';');
        }
        let mut min = usize::MAX;
        let mut max = usize::MAX;
        // SAFETY: NUL-terminated per the contract.
        let mut f = unsafe { Format::new(p.format) };
        for i in 0..len {
            if f.peek() == b'|' {
                if min != usize::MAX {
                    raise(
                        Exc::SystemError,
                        "Invalid format string (| specified twice)",
                    );
                    return None;
                }
                if max != usize::MAX {
                    raise(Exc::SystemError, "Invalid format string ($ before |)");
                    return None;
                }
                min = i;
                f.bump();
            }
            if f.peek() == b'$' {
                if max != usize::MAX {
                    raise(
                        Exc::SystemError,
                        "Invalid format string ($ specified twice)",
                    );
                    return None;
                }
                if i < pos {
                    raise(Exc::SystemError, "Empty parameter name after $");
                    return None;
                }
                max = i;
                f.bump();
            }
            if is_end_of_format(f.peek()) {
                raise(
                    Exc::SystemError,
                    format!("More keyword list entries ({len}) than format specifiers ({i})"),
                );
                return None;
            }
            // SAFETY: no va_list: only the format is walked.
            if let Err(msg) = unsafe { skip_item(&mut f, None, 0) } {
                raise(Exc::SystemError, format!("{msg}: '{}'", f.rest()));
                return None;
            }
        }
        info.min = min.min(len);
        info.max = max.min(len);
        let c = f.peek();
        if !is_end_of_format(c) && c != b'|' && c != b'$' {
            raise(
                Exc::SystemError,
                format!(
                    "more argument specifiers than keyword list entries (remaining format:'{}')",
                    f.rest()
                ),
            );
            return None;
        }
        p.min = info.min as c_int;
        p.max = info.max as c_int;
    } else if !p.fname.is_null() {
        // SAFETY: NUL-terminated per the contract.
        info.fname = Some(
            unsafe { CStr::from_ptr(p.fname) }
                .to_string_lossy()
                .into_owned(),
        );
    }
    p.pos = pos as c_int;
    if p.kwtuple.is_null() {
        let kwtuple = obj::tuple_of_strs(&info.names[pos..]);
        if kwtuple.is_null() {
            return None;
        }
        p.kwtuple = kwtuple;
    }
    Some(info)
}

/// Where keyword arguments come from: a dict (`PyObject_Call`) or the
/// names and values after the positional ones on a vectorcall stack.
#[derive(Clone, Copy)]
enum Keywords {
    None,
    Dict(*mut PyObject),
    Stack {
        names: *mut PyObject,
        values: *const *mut PyObject,
    },
}

impl Keywords {
    /// The number of keyword arguments.
    ///
    /// # Safety
    /// The dict or names tuple is live.
    unsafe fn count(self) -> Py_ssize_t {
        // SAFETY: live per the contract.
        unsafe {
            match self {
                Keywords::None => 0,
                Keywords::Dict(d) => obj::dict_size(d),
                Keywords::Stack { names, .. } => obj::tuple_size(names),
            }
        }
    }

    /// The value given for `name` (borrowed), or NULL (with an exception
    /// set only if the lookup itself failed).
    ///
    /// # Safety
    /// As [`Keywords::count`].
    unsafe fn find(self, name: &str) -> *mut PyObject {
        // SAFETY: live per the contract.
        unsafe {
            match self {
                Keywords::None => ptr::null_mut(),
                Keywords::Dict(d) => obj::dict_get_item_string(d, name),
                Keywords::Stack { names, values } => {
                    let n = obj::tuple_size(names);
                    let items = obj::tuple_items(names);
                    for i in 0..n as usize {
                        if obj::unicode_text(items.add(i).read()).as_deref() == Some(name) {
                            return values.add(i).read();
                        }
                    }
                    ptr::null_mut()
                }
            }
        }
    }

    /// `error_unexpected_keyword_arg`: names the first keyword that is not
    /// a parameter (or says keywords must be strings).
    ///
    /// # Safety
    /// As [`Keywords::count`].
    unsafe fn report_unexpected(self, params: &[String], fname: Option<&str>) {
        let mut j: Py_ssize_t = 0;
        loop {
            let key: *mut PyObject;
            // SAFETY: live per the contract.
            unsafe {
                match self {
                    Keywords::None => break,
                    Keywords::Dict(d) => {
                        let mut k = ptr::null_mut();
                        if !obj::dict_next(d, &mut j, &mut k, ptr::null_mut()) {
                            break;
                        }
                        key = k;
                    }
                    Keywords::Stack { names, .. } => {
                        if j >= obj::tuple_size(names) {
                            break;
                        }
                        key = obj::tuple_items(names).add(j as usize).read();
                        j += 1;
                    }
                }
            }
            // SAFETY: a live key.
            let Some(text) = (unsafe { obj::unicode_text(key) }) else {
                raise(Exc::TypeError, "keywords must be strings");
                return;
            };
            if !params.contains(&text) {
                raise(
                    Exc::TypeError,
                    format!(
                        "'{text}' is an invalid keyword argument for {}",
                        fname_or_this_function(fname)
                    ),
                );
                return;
            }
        }
        raise(
            Exc::TypeError,
            format!(
                "invalid keyword argument for {}",
                fname_or_this_function(fname)
            ),
        );
    }
}

/// `vgetargskeywordsfast_impl`.
///
/// # Safety
/// `args` holds `nargs` live objects; `kw` is valid; `parser` as
/// [`parser_init`]; `va` holds what the parser's format promises.
unsafe fn vgetargskeywordsfast_impl(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kw: Keywords,
    parser: *mut _PyArg_Parser,
    va: &mut VaList,
    flags: c_int,
) -> c_int {
    if parser.is_null() {
        return internal_error();
    }
    // SAFETY: forwarded contract.
    let Some(info) = (unsafe { parser_init(parser) }) else {
        return 0;
    };
    // SAFETY: a parser with a format (the fast parse requires one).
    let format = unsafe { (*parser).format };
    if format.is_null() {
        return internal_error();
    }
    let fname = info.fname.as_deref();
    let custom = info.custom.as_deref();
    let pos = info.pos;
    let len = info.names.len();
    let mut parse = Parse {
        va,
        flags,
        cleanup: Cleanup::default(),
    };
    // SAFETY: valid per the contract.
    let mut nkwargs = unsafe { kw.count() };
    if nargs + nkwargs > len as Py_ssize_t {
        raise_too_many_arguments(fname, len as i64, nargs, nkwargs);
        return parse.cleanup.finish(false);
    }
    if (info.max as Py_ssize_t) < nargs {
        raise_too_many_positional(fname, info.max as i64, info.min >= info.max, nargs);
        return parse.cleanup.finish(false);
    }

    // SAFETY: NUL-terminated per the contract.
    let mut f = unsafe { Format::new(format) };
    for i in 0..len {
        if f.peek() == b'|' {
            f.bump();
        }
        if f.peek() == b'$' {
            f.bump();
        }
        let current = if (i as Py_ssize_t) < nargs {
            // SAFETY: i < nargs.
            unsafe { args.add(i).read() }
        } else if nkwargs != 0 && i >= pos {
            // SAFETY: valid per the contract.
            let found = unsafe { kw.find(&info.names[i]) };
            if found.is_null() && occurred() {
                return parse.cleanup.finish(false);
            }
            if !found.is_null() {
                nkwargs -= 1;
            }
            found
        } else {
            ptr::null_mut()
        };

        if !current.is_null() {
            let mut levels = Vec::new();
            // SAFETY: `current` is live (borrowed from the caller).
            if let Err(e) = unsafe { parse.convert_item(current, &mut f, &mut levels) } {
                set_error(i + 1, &e.message, &levels, fname, custom);
                return parse.cleanup.finish(false);
            }
            continue;
        }

        if i < info.min {
            if i < pos {
                let min = pos.min(info.min);
                let qualifier = if min < info.max {
                    "at least"
                } else {
                    "exactly"
                };
                raise_positional_count(fname, qualifier, min as i64, nargs);
            } else {
                raise_missing_required(fname, &info.names[i], (i + 1) as i64);
            }
            return parse.cleanup.finish(false);
        }
        if nkwargs == 0 {
            return parse.cleanup.finish(true);
        }
        // SAFETY: the va_list holds what the format promises.
        if let Err(msg) = unsafe { skip_item(&mut f, Some(parse.va), flags) } {
            raise(Exc::SystemError, format!("{msg}: '{}'", f.rest()));
            return parse.cleanup.finish(false);
        }
    }

    if nkwargs > 0 {
        for j in pos..(nargs as usize) {
            // SAFETY: valid per the contract.
            let found = unsafe { kw.find(&info.names[j]) };
            if !found.is_null() {
                raise(
                    Exc::TypeError,
                    format!(
                        "argument for {} given by name ('{}') and position ({})",
                        fname_or_function(fname),
                        info.names[j],
                        j + 1
                    ),
                );
                return parse.cleanup.finish(false);
            }
            if occurred() {
                return parse.cleanup.finish(false);
            }
        }
        // SAFETY: valid per the contract.
        unsafe { kw.report_unexpected(&info.names[pos..], fname) };
        return parse.cleanup.finish(false);
    }
    parse.cleanup.finish(true)
}

/// The Rust side of `_PyArg_ParseTupleAndKeywordsFast[_SizeT]` and
/// `_PyArg_VaParseTupleAndKeywordsFast[_SizeT]`.
///
/// # Safety
/// `args` a live tuple, `kwargs` NULL or a live dict, `parser` as
/// [`parser_init`], `va` a started `va_list` holding what its format
/// promises.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_vgetargskeywordsfast(
    args: *mut PyObject,
    kwargs: *mut PyObject,
    parser: *mut _PyArg_Parser,
    va: *mut c_void,
    flags: c_int,
) -> c_int {
    // SAFETY: NULL or live per the contract.
    let bad = unsafe {
        args.is_null() || !obj::tuple_check(args) || (!kwargs.is_null() && !obj::dict_check(kwargs))
    };
    if bad {
        return internal_error();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    let kw = if kwargs.is_null() {
        Keywords::None
    } else {
        Keywords::Dict(kwargs)
    };
    // SAFETY: a tuple (checked); forwarded contract.
    unsafe {
        vgetargskeywordsfast_impl(
            obj::tuple_items(args),
            obj::tuple_size(args),
            kw,
            parser,
            &mut va,
            flags,
        )
    }
}

/// The Rust side of `_PyArg_ParseStackAndKeywords[_SizeT]`: a vectorcall
/// stack, with `kwnames` naming the values after the positional ones.
///
/// # Safety
/// `args` holds `nargs` positional and `len(kwnames)` keyword values;
/// otherwise as [`_Pyb_vgetargskeywordsfast`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_vgetargsstackkeywords(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    parser: *mut _PyArg_Parser,
    va: *mut c_void,
    flags: c_int,
) -> c_int {
    // SAFETY: NULL or live per the contract.
    if !kwnames.is_null() && !unsafe { obj::tuple_check(kwnames) } {
        return internal_error();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    let kw = if kwnames.is_null() {
        Keywords::None
    } else {
        Keywords::Stack {
            names: kwnames,
            // SAFETY: the keyword values follow the positional ones.
            values: unsafe { args.add(nargs as usize) },
        }
    };
    // SAFETY: forwarded contract.
    unsafe { vgetargskeywordsfast_impl(args, nargs, kw, parser, &mut va, flags) }
}

/// What `_PyArg_UnpackKeywords` and `_PyArg_UnpackKeywordsWithVararg`
/// both work from once their arguments are checked.
struct Unpacking {
    /// The positional arguments (`buf` for a NULL `args` with none).
    args: *const *mut PyObject,
    info: ParserInfo,
    /// How many parameters are positional-only, and how many of those are
    /// required.
    posonly: c_int,
    minposonly: c_int,
    /// How many parameters there are in all.
    maxargs: c_int,
    /// The parameters before this index are required: `minpos` positional
    /// ones, or `minkw` keyword-only ones after `maxpos` positional ones.
    reqlimit: c_int,
    kw: Keywords,
    /// How many keyword arguments are given (and not yet matched).
    nkwargs: Py_ssize_t,
}

/// Checks what `_PyArg_UnpackKeywords*` are given and gathers what they
/// work from: None with `SystemError` for a NULL `parser` or a `kwnames`
/// that is not a tuple, or with the error of a bad parser.
///
/// # Safety
/// As [`_PyArg_UnpackKeywords`].
#[allow(clippy::too_many_arguments)]
unsafe fn start_unpacking(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    parser: *mut _PyArg_Parser,
    minpos: c_int,
    maxpos: c_int,
    minkw: c_int,
    buf: *mut *mut PyObject,
) -> Option<Unpacking> {
    if parser.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: NULL or live per the contract.
    if !kwnames.is_null() && !unsafe { obj::tuple_check(kwnames) } {
        errors::PyErr_BadInternalCall();
        return None;
    }
    let args: *const *mut PyObject = if args.is_null() && nargs == 0 {
        buf
    } else {
        args
    };
    // SAFETY: forwarded contract.
    let info = unsafe { parser_init(parser) }?;
    let posonly = info.pos as c_int;
    let kw = if !kwargs.is_null() {
        Keywords::Dict(kwargs)
    } else if !kwnames.is_null() {
        Keywords::Stack {
            names: kwnames,
            // SAFETY: the keyword values follow the positional ones.
            values: unsafe { args.add(nargs as usize) },
        }
    } else {
        Keywords::None
    };
    Some(Unpacking {
        args,
        minposonly: posonly.min(minpos),
        maxargs: info.names.len() as c_int,
        reqlimit: if minkw != 0 { maxpos + minkw } else { minpos },
        posonly,
        info,
        kw,
        // SAFETY: valid per the contract.
        nkwargs: unsafe { kw.count() },
    })
}

/// `_PyArg_UnpackKeywords(args, nargs, kwargs, kwnames, parser, minpos,
/// maxpos, minkw, buf)` (3.11): what Argument Clinic's generated code calls
/// to gather positional and keyword arguments into `buf` in parameter
/// order. Returns `args` itself when there are only positional arguments
/// within range (the fast path), else `buf` (missing optional parameters
/// left NULL); NULL with `TypeError` (CPython's messages) otherwise.
///
/// # Safety
/// `args` holds `nargs` positional values (and, with `kwnames`, the keyword
/// values after them); `kwargs` NULL or a live dict; `parser` a
/// `_PyArg_Parser` with a NULL-terminated `keywords`; `buf` room for one
/// pointer per parameter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_UnpackKeywords(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    parser: *mut _PyArg_Parser,
    minpos: c_int,
    maxpos: c_int,
    minkw: c_int,
    buf: *mut *mut PyObject,
) -> *const *mut PyObject {
    // SAFETY: forwarded contract.
    let unpacked = unsafe {
        start_unpacking(
            args, nargs, kwargs, kwnames, parser, minpos, maxpos, minkw, buf,
        )
    };
    let Some(Unpacking {
        args,
        info,
        posonly,
        minposonly,
        maxargs,
        reqlimit,
        kw,
        mut nkwargs,
    }) = unpacked
    else {
        return ptr::null();
    };
    let fname = info.fname.as_deref();

    if nkwargs == 0 && minkw == 0 && minpos as Py_ssize_t <= nargs && nargs <= maxpos as Py_ssize_t
    {
        return args;
    }
    if nargs + nkwargs > maxargs as Py_ssize_t {
        raise_too_many_arguments(fname, maxargs.into(), nargs, nkwargs);
        return ptr::null();
    }
    if nargs > maxpos as Py_ssize_t {
        raise_too_many_positional(fname, maxpos.into(), minpos >= maxpos, nargs);
        return ptr::null();
    }
    if nargs < minposonly as Py_ssize_t {
        let qualifier = if minposonly < maxpos {
            "at least"
        } else {
            "exactly"
        };
        raise_positional_count(fname, qualifier, minposonly.into(), nargs);
        return ptr::null();
    }

    for i in 0..nargs as usize {
        // SAFETY: `buf` has room for every parameter; i < nargs <= maxargs.
        unsafe { buf.add(i).write(args.add(i).read()) };
    }
    let mut i = (nargs as c_int).max(posonly);
    while i < maxargs {
        let current = if nkwargs != 0 {
            // SAFETY: valid per the contract.
            let found = unsafe { kw.find(&info.names[i as usize]) };
            if found.is_null() && occurred() {
                return ptr::null();
            }
            found
        } else if i >= reqlimit {
            break;
        } else {
            ptr::null_mut()
        };
        // SAFETY: i < maxargs.
        unsafe { buf.add(i as usize).write(current) };
        if !current.is_null() {
            nkwargs -= 1;
        } else if i < minpos || (maxpos <= i && i < reqlimit) {
            raise_missing_required(fname, &info.names[i as usize], (i + 1).into());
            return ptr::null();
        }
        i += 1;
    }

    if nkwargs > 0 {
        for j in posonly..nargs as c_int {
            // SAFETY: valid per the contract.
            let found = unsafe { kw.find(&info.names[j as usize]) };
            if !found.is_null() {
                raise(
                    Exc::TypeError,
                    format!(
                        "argument for {} given by name ('{}') and position ({})",
                        fname_or_function(fname),
                        info.names[j as usize],
                        j + 1
                    ),
                );
                return ptr::null();
            }
            if occurred() {
                return ptr::null();
            }
        }
        // SAFETY: valid per the contract.
        unsafe { kw.report_unexpected(&info.names[info.pos..], fname) };
        return ptr::null();
    }
    buf
}

/// `_PyArg_UnpackKeywordsWithVararg(args, nargs, kwargs, kwnames, parser,
/// minpos, maxpos, minkw, vararg, buf)` (3.11): as
/// [`_PyArg_UnpackKeywords`] for a function with `*args` at parameter
/// `vararg`: `buf[vararg]` receives a new tuple of the positional arguments
/// beyond `maxpos` (owned by the caller on success), the parameters after
/// it are shifted one place.
///
/// # Safety
/// As [`_PyArg_UnpackKeywords`], with `buf` room for one more pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_UnpackKeywordsWithVararg(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    parser: *mut _PyArg_Parser,
    minpos: c_int,
    maxpos: c_int,
    minkw: c_int,
    vararg: c_int,
    buf: *mut *mut PyObject,
) -> *const *mut PyObject {
    // SAFETY: forwarded contract.
    let unpacked = unsafe {
        start_unpacking(
            args, nargs, kwargs, kwnames, parser, minpos, maxpos, minkw, buf,
        )
    };
    let Some(Unpacking {
        args,
        info,
        posonly,
        minposonly,
        maxargs,
        reqlimit,
        kw,
        mut nkwargs,
    }) = unpacked
    else {
        return ptr::null();
    };
    let fname = info.fname.as_deref();
    if nargs < minposonly as Py_ssize_t {
        let qualifier = if minposonly < maxpos {
            "at least"
        } else {
            "exactly"
        };
        raise_positional_count(fname, qualifier, minposonly.into(), nargs);
        return ptr::null();
    }

    let varargssize = (nargs - maxpos as Py_ssize_t).max(0);
    let varargs = obj::tuple_new(varargssize);
    if varargs.is_null() {
        return ptr::null();
    }
    // SAFETY: (block) `buf` has room for every parameter and the *args
    // slot; the items copied are live (borrowed from the caller).
    unsafe {
        buf.add(vararg as usize).write(varargs);
        for i in 0..nargs as usize {
            let item = args.add(i).read();
            if i >= vararg as usize {
                obj::incref(item);
                obj::tuple_set_item(varargs, (i - vararg as usize) as Py_ssize_t, item);
            } else {
                buf.add(i).write(item);
            }
        }
    }

    let fail = |varargs: *mut PyObject| {
        // SAFETY: our tuple.
        unsafe { obj::decref(varargs) };
        ptr::null()
    };
    let mut i = (nargs as c_int).max(posonly) - varargssize as c_int;
    while i < maxargs {
        let current = if nkwargs != 0 {
            // SAFETY: valid per the contract.
            let found = unsafe { kw.find(&info.names[i as usize]) };
            if found.is_null() && occurred() {
                return fail(varargs);
            }
            found
        } else {
            ptr::null_mut()
        };
        // A keyword argument goes before the *args slot while the
        // positional ones have not reached it, else after it.
        let slot = if nargs < vararg as Py_ssize_t {
            i
        } else {
            i + 1
        };
        // SAFETY: in range of `buf` per the contract.
        unsafe { buf.add(slot as usize).write(current) };
        if !current.is_null() {
            nkwargs -= 1;
        } else if i < minpos || (maxpos <= i && i < reqlimit) {
            raise_missing_required(fname, &info.names[i as usize], (i + 1).into());
            return fail(varargs);
        }
        i += 1;
    }
    if nkwargs > 0 {
        // SAFETY: valid per the contract.
        unsafe { kw.report_unexpected(&info.names[info.pos..], fname) };
        return fail(varargs);
    }
    buf
}

// ==========================================================================
// PyArg_UnpackTuple and the small helpers
// ==========================================================================

/// `_PyArg_CheckPositional(name, nargs, min, max)`: 1 when `min <= nargs <=
/// max`, else 0 with CPython's `TypeError` ("f expected at least 1
/// argument, got 0"; without a name, "unpacked tuple should have ...").
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_CheckPositional(
    name: *const c_char,
    nargs: Py_ssize_t,
    min: Py_ssize_t,
    max: Py_ssize_t,
) -> c_int {
    // SAFETY: NULL or NUL-terminated (the caller's contract).
    let name = (!name.is_null()).then(|| {
        unsafe { CStr::from_ptr(name) }
            .to_string_lossy()
            .into_owned()
    });
    let report = |bound: Py_ssize_t, qualifier: &str| {
        let message = match &name {
            Some(n) => format!(
                "{} expected {qualifier}{bound} argument{}, got {nargs}",
                trunc(n, 200),
                plural(bound as i64)
            ),
            None => format!(
                "unpacked tuple should have {qualifier}{bound} element{}, but has {nargs}",
                plural(bound as i64)
            ),
        };
        raise(Exc::TypeError, message);
    };
    if nargs < min {
        report(min, if min == max { "" } else { "at least " });
        return 0;
    }
    if nargs == 0 {
        return 1;
    }
    if nargs > max {
        report(max, if min == max { "" } else { "at most " });
        return 0;
    }
    1
}

/// The Rust side of `PyArg_UnpackTuple` and `_PyArg_UnpackStack`: checks
/// the count and stores each argument (borrowed) through the next
/// `PyObject **` of the va_list.
///
/// # Safety
/// `args` holds `nargs` live objects; `name` NULL or NUL-terminated; `va` a
/// started `va_list` holding at least `nargs` `PyObject **`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_unpack_stack(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    name: *const c_char,
    min: Py_ssize_t,
    max: Py_ssize_t,
    va: *mut c_void,
) -> c_int {
    // SAFETY: forwarded contract.
    if unsafe { _PyArg_CheckPositional(name, nargs, min, max) } == 0 {
        return 0;
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    for i in 0..nargs as usize {
        // SAFETY: the caller passed a `PyObject **` for each argument.
        unsafe {
            let out: *mut *mut PyObject = va.ptr();
            out.write(args.add(i).read());
        }
    }
    1
}

/// The Rust side of `PyArg_UnpackTuple`: the tuple check, then
/// [`_Pyb_unpack_stack`].
///
/// # Safety
/// As [`_Pyb_unpack_stack`], with `args` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_unpack_tuple(
    args: *mut PyObject,
    name: *const c_char,
    min: Py_ssize_t,
    max: Py_ssize_t,
    va: *mut c_void,
) -> c_int {
    // SAFETY: NULL or live per the contract.
    if args.is_null() || !unsafe { obj::tuple_check(args) } {
        raise(
            Exc::SystemError,
            "PyArg_UnpackTuple() argument list is not a tuple",
        );
        return 0;
    }
    // SAFETY: a tuple; forwarded contract.
    unsafe {
        _Pyb_unpack_stack(
            obj::tuple_items(args),
            obj::tuple_size(args),
            name,
            min,
            max,
            va,
        )
    }
}

/// `PyArg_ValidateKeywordArguments(kwargs)`: 1 when every key of the dict
/// is a `str`; 0 with `TypeError("keywords must be strings")` otherwise
/// (`SystemError` for a non-dict).
///
/// # Safety
/// `kwargs` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyArg_ValidateKeywordArguments(kwargs: *mut PyObject) -> c_int {
    // SAFETY: NULL or live per the contract.
    if kwargs.is_null() || !unsafe { obj::dict_check(kwargs) } {
        errors::PyErr_BadInternalCall();
        return 0;
    }
    let mut at: Py_ssize_t = 0;
    let mut key = ptr::null_mut();
    // SAFETY: a dict; borrowed keys.
    while unsafe { obj::dict_next(kwargs, &mut at, &mut key, ptr::null_mut()) } {
        // SAFETY: a live key.
        if !unsafe { obj::unicode_check(key) } {
            raise(Exc::TypeError, "keywords must be strings");
            return 0;
        }
    }
    1
}

/// `_PyArg_BadArgument(fname, displayname, expected, arg)`: sets
/// `TypeError("fname() displayname must be expected, not type")`, the
/// message Argument Clinic's converters raise.
///
/// # Safety
/// The strings NUL-terminated; `arg` a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_BadArgument(
    fname: *const c_char,
    displayname: *const c_char,
    expected: *const c_char,
    arg: *mut PyObject,
) {
    let text = |p: *const c_char| {
        if p.is_null() {
            "(null)".to_owned()
        } else {
            // SAFETY: NUL-terminated per the contract.
            unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
        }
    };
    let got = if arg.is_null() {
        "NULL".to_owned()
    } else {
        // SAFETY: non-NULL here, so live per the contract.
        unsafe { arg_type_name(arg) }
    };
    raise(
        Exc::TypeError,
        format!(
            "{}() {} must be {}, not {}",
            trunc(&text(fname), 200),
            trunc(&text(displayname), 200),
            trunc(&text(expected), 50),
            trunc(&got, 50)
        ),
    );
}

/// 1 when `given` is NULL or empty, else 0 with `TypeError("f() takes no
/// <what> arguments")`, or `SystemError` when `given` is not what
/// `is_exact` accepts: the body of `_PyArg_NoKeywords` (a dict) and
/// `_PyArg_NoPositional` (a tuple).
///
/// # Safety
/// `funcname` NUL-terminated; `given` NULL or a live object; `size` valid
/// for what `is_exact` accepts.
unsafe fn takes_no_arguments(
    funcname: *const c_char,
    given: *mut PyObject,
    is_exact: unsafe fn(*mut PyObject) -> bool,
    size: unsafe fn(*mut PyObject) -> Py_ssize_t,
    what: &str,
) -> c_int {
    if given.is_null() {
        return 1;
    }
    // SAFETY: live per the contract.
    if !unsafe { is_exact(given) } {
        errors::PyErr_BadInternalCall();
        return 0;
    }
    // SAFETY: what `is_exact` accepts.
    if unsafe { size(given) } == 0 {
        return 1;
    }
    // SAFETY: NUL-terminated per the contract.
    let name = unsafe { cstr_or_null(funcname) };
    raise(
        Exc::TypeError,
        format!("{}() takes no {what} arguments", trunc(&name, 200)),
    );
    0
}

/// `_PyArg_NoKeywords(funcname, kwargs)`: 1 when `kwargs` is NULL or an
/// empty dict, else 0 with `TypeError("f() takes no keyword arguments")`
/// (`SystemError` for a non-dict).
///
/// # Safety
/// `funcname` NUL-terminated; `kwargs` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_NoKeywords(
    funcname: *const c_char,
    kwargs: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        takes_no_arguments(
            funcname,
            kwargs,
            obj::dict_check_exact,
            obj::dict_size,
            "keyword",
        )
    }
}

/// `_PyArg_NoPositional(funcname, args)`: 1 when `args` is NULL or an
/// empty tuple, else 0 with `TypeError("f() takes no positional
/// arguments")` (`SystemError` for a non-tuple).
///
/// # Safety
/// `funcname` NUL-terminated; `args` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_NoPositional(
    funcname: *const c_char,
    args: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        takes_no_arguments(
            funcname,
            args,
            obj::tuple_check_exact,
            obj::tuple_size,
            "positional",
        )
    }
}

/// `_PyArg_NoKwnames(funcname, kwnames)`: 1 when `kwnames` is NULL or
/// empty, else 0 with `TypeError("f() takes no keyword arguments")`.
///
/// # Safety
/// `funcname` NUL-terminated; `kwnames` NULL or a live tuple.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyArg_NoKwnames(
    funcname: *const c_char,
    kwnames: *mut PyObject,
) -> c_int {
    // SAFETY: NULL or live per the contract.
    if kwnames.is_null()
        || !unsafe { obj::tuple_check(kwnames) }
        // SAFETY: a live tuple (checked just above).
        || unsafe { obj::tuple_size(kwnames) } == 0
    {
        return 1;
    }
    // SAFETY: NUL-terminated per the contract.
    let name = unsafe { cstr_or_null(funcname) };
    raise(
        Exc::TypeError,
        format!("{name}() takes no keyword arguments"),
    );
    0
}

/// A C string as text, "(null)" for NULL (as `%s` prints it).
///
/// # Safety
/// `p` NULL or NUL-terminated.
unsafe fn cstr_or_null(p: *const c_char) -> String {
    if p.is_null() {
        "(null)".to_owned()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}
