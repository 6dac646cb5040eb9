//! `str` (CPython's `Objects/unicodeobject.c`). A `str` holds its text as
//! NUL-terminated UTF-8 inside the object, so `PyUnicode_AsUTF8` returns a
//! pointer that lives as long as the object.
//!
//! `PyUnicode_FromFormat` and `PyUnicode_FromFormatV`, which are variadic,
//! are in `unicodeobject.c` beside this file.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::type_of;
use crate::objects::obmalloc::TERMINATOR_SLACK;
use crate::objects::typeobject::static_type;
use crate::objects::unicodectype;
use crate::python::errors::{self, fail_null};

mod casing;
mod escape;
mod locale;
mod methods;
mod pad;
mod singletons;
mod translate;
mod wide;

/// `PyUnicode_Type`: `str`.
#[unsafe(no_mangle)]
pub static PyUnicode_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"str",
        std::mem::size_of::<PyUnicodeObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_UNICODE_SUBCLASS,
        unicode_dealloc,
    );
    ty.tp_repr = Some(unicode_repr);
    ty.tp_str = Some(unicode_str);
    ty.tp_new = Some(_Pyb_unicode_new);
    ty.tp_hash = Some(unicode_hash);
    ty.tp_richcompare = Some(unicode_richcompare);
    ty.tp_iter = Some(unicode_iter);
    ty.tp_as_sequence = &raw const UNICODE_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const UNICODE_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_as_number = &raw const UNICODE_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_methods = methods::UNICODE_METHODS.get().cast();
    ty
});

/// `str % args` (unicodeformat.rs).
static UNICODE_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_remainder: Some(crate::objects::unicodeformat::unicode_mod),
    ..PyNumberMethods::empty()
};

unsafe extern "C" {
    /// `str(object='', encoding='utf-8', errors='strict')` (unicodeobject.c).
    fn _Pyb_unicode_new(
        ty: *mut PyTypeObject,
        args: *mut PyObject,
        kwds: *mut PyObject,
    ) -> *mut PyObject;
}

/// The text of a `str` as CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`
/// makes it for `int()` and `float()`: ASCII below 127 kept, Unicode
/// whitespace as `' '`, Unicode decimal digits as `'0'`-`'9'`; the first
/// other character becomes `'?'` and ends the text. None (with
/// `TypeError("bad argument type for built-in operation")`) for a non-str.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn decimal_and_space_to_ascii(op: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: forwarded contract.
    let Some(text) = (unsafe { str_value(op) }) else {
        errors::bad_argument();
        return None;
    };
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        if u < 127 {
            out.push(u as u8);
        } else if is_space(u) {
            out.push(b' ');
        } else if let Some(d) = decimal_value(u) {
            out.push(b'0' + d);
        } else {
            out.push(b'?');
            break;
        }
    }
    Some(out)
}

/// Python's `str.isspace()` for one code point.
pub(crate) fn is_space(u: u32) -> bool {
    unicodectype::is(u, unicodectype::Class::Whitespace)
}

/// `_PyUnicode_EQ(a, b)`: 1 when the `str`s `a` and `b` are equal, else 0
/// (never an error: anything but two strs is unequal).
///
/// # Safety
/// `a` and `b` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_EQ(a: *mut PyObject, b: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: NULL or live per the contract; two strs compare without
    // error (lone surrogates included, by code point).
    unsafe {
        if a.is_null() || b.is_null() || !is_str(a) || !is_str(b) {
            return 0;
        }
        (PyUnicode_Compare(a, b) == 0) as std::ffi::c_int
    }
}

/// The decimal value of a Unicode decimal digit (`Nd`), if `u` is one.
pub(crate) fn decimal_value(u: u32) -> Option<u8> {
    u8::try_from(unicodectype::_PyUnicode_ToDecimalDigit(u)).ok()
}

/// True when two `str` objects hold the same text.
///
/// # Safety
/// Both must be live `str` objects.
pub(crate) unsafe fn unicode_eq(a: *mut PyObject, b: *mut PyObject) -> bool {
    // SAFETY: live strs; their canonical kinds make equal text equal bytes.
    unsafe { len(a) == len(b) && kind(a) == kind(b) && raw_bytes(a) == raw_bytes(b) }
}

/// `hash(str)`: SipHash-1-3 of the code units of the string's kind (1, 2
/// or 4 bytes per character, little-endian), as CPython hashes it; cached.
unsafe extern "C" fn unicode_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live str; the cache is read and written atomically.
    unsafe {
        let cache =
            std::sync::atomic::AtomicIsize::from_ptr(&raw mut (*(op as *mut PyASCIIObject)).hash);
        let h = cache.load(std::sync::atomic::Ordering::Relaxed);
        if h != -1 {
            return h;
        }
        let h = crate::python::pyhash::hash_bytes(raw_bytes(op));
        cache.store(h, std::sync::atomic::Ordering::Relaxed);
        h
    }
}

/// `tp_richcompare` of `str`: [`PyUnicode_RichCompare`].
unsafe extern "C" fn unicode_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { PyUnicode_RichCompare(a, b, op) }
}

/// Whether `ordering` satisfies the comparison `op` (`Py_LT` … `Py_GE`).
pub(crate) fn compare_op(ordering: std::cmp::Ordering, op: std::ffi::c_int) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Py_LT => ordering == Less,
        Py_LE => ordering != Greater,
        Py_EQ => ordering == Equal,
        Py_NE => ordering != Equal,
        Py_GT => ordering == Greater,
        _ => ordering != Less,
    }
}

/// CPython's `PyUnicodeObject`: the layout of a subtype's instance, whose
/// characters are in a buffer of their own (`data.any`).
#[repr(C)]
struct PyUnicodeObject {
    _base: PyCompactUnicodeObject,
    data: *mut std::ffi::c_void,
}

const KIND_SHIFT: u32 = 2;
const COMPACT: u32 = 1 << 5;
const ASCII: u32 = 1 << 6;
const READY: u32 = 1 << 7;

/// True when `op` is a `str` (or subclass).
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_str(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { crate::objects::r#abstract::has_flag(type_of(op), Py_TPFLAGS_UNICODE_SUBCLASS) }
}

/// The `state` bitfield.
///
/// # Safety
/// `op` must be a live `str`.
unsafe fn state(op: *mut PyObject) -> u32 {
    // SAFETY: a str.
    unsafe { (*(op as *mut PyASCIIObject)).state }
}

/// The kind: bytes per character (1, 2 or 4).
///
/// # Safety
/// `op` must be a live `str`.
pub(crate) unsafe fn kind(op: *mut PyObject) -> usize {
    // SAFETY: a str.
    ((unsafe { state(op) } >> KIND_SHIFT) & 7) as usize
}

/// True for an ASCII `str`.
///
/// # Safety
/// `op` must be a live `str`.
pub(crate) unsafe fn is_ascii(op: *mut PyObject) -> bool {
    // SAFETY: a str.
    unsafe { state(op) & ASCII != 0 }
}

/// Length in code points.
///
/// # Safety
/// `op` must be a live `str`.
pub(crate) unsafe fn len(op: *mut PyObject) -> usize {
    // SAFETY: a str.
    unsafe { (*(op as *mut PyASCIIObject)).length as usize }
}

/// The characters (`PyUnicode_DATA`).
///
/// # Safety
/// `op` must be a live `str`.
pub(crate) unsafe fn data(op: *mut PyObject) -> *mut u8 {
    // SAFETY: compact data follows the header for the string's layout;
    // an instance of a subtype (not compact) points at its own buffer.
    unsafe {
        if state(op) & COMPACT == 0 {
            return (*(op as *mut PyUnicodeObject)).data.cast();
        }
        let header = if is_ascii(op) {
            size_of::<PyASCIIObject>()
        } else {
            size_of::<PyCompactUnicodeObject>()
        };
        (op as *mut u8).add(header)
    }
}

/// The characters' bytes (`len * kind`).
///
/// # Safety
/// `op` must be a live `str` no C code writes while the slice lives.
unsafe fn raw_bytes<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: per the contract.
    unsafe { std::slice::from_raw_parts(data(op), len(op) * kind(op)) }
}

/// Character `i` (`PyUnicode_READ_CHAR`).
///
/// # Safety
/// `op` must be a live `str` and `i < len`.
pub(crate) unsafe fn read(op: *mut PyObject, i: usize) -> u32 {
    // SAFETY: in bounds per the contract; units are aligned.
    unsafe {
        let d = data(op);
        match kind(op) {
            1 => *d.add(i) as u32,
            2 => *(d as *const u16).add(i) as u32,
            _ => *(d as *const u32).add(i),
        }
    }
}

/// The code points of a `str`.
///
/// # Safety
/// `op` must be a live `str`.
pub(crate) unsafe fn code_points(op: *mut PyObject) -> Vec<u32> {
    // SAFETY: a live str per the contract.
    (0..unsafe { len(op) })
        // SAFETY: every `i` is below the length, so in bounds.
        .map(|i| unsafe { read(op, i) })
        .collect()
}

/// A new, zeroed `str` for `size` characters up to `maxchar`, with
/// CPython's compact layout (CPython's `PyUnicode_New`); NULL with
/// `MemoryError`. Size 0 gives the shared empty `str`, as CPython's does.
fn new_str(size: usize, maxchar: u32) -> *mut PyObject {
    if size == 0 {
        return singletons::empty();
    }
    let (kind, ascii) = if maxchar < 0x80 {
        (1, true)
    } else if maxchar < 0x100 {
        (1, false)
    } else if maxchar < 0x10000 {
        (2, false)
    } else {
        (4, false)
    };
    let header = if ascii {
        size_of::<PyASCIIObject>()
    } else {
        size_of::<PyCompactUnicodeObject>()
    };
    let Some(bytes) = size
        .checked_add(1)
        .and_then(|n| n.checked_mul(kind))
        .and_then(|n| n.checked_add(header + TERMINATOR_SLACK))
        .filter(|&n| n <= isize::MAX as usize)
    else {
        return errors::PyErr_NoMemory();
    };
    let op = crate::objects::obmalloc::PyObject_Calloc(1, bytes) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh zeroed memory of `bytes` bytes.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = PyUnicode_Type.get();
        let a = op as *mut PyASCIIObject;
        (*a).length = size as Py_ssize_t;
        (*a).hash = -1;
        (*a).state =
            ((kind as u32) << KIND_SHIFT) | COMPACT | READY | if ascii { ASCII } else { 0 };
    }
    op
}

/// A `str` of the given code points (canonical kind): the shared one for
/// no character or one below U+0100, as CPython's `unicode_result` gives.
pub(crate) fn unicode_from_code_points(cps: &[u32]) -> *mut PyObject {
    if let [c] = *cps
        && c < 0x100
    {
        return singletons::latin1_char(c as u8);
    }
    unicode_from_code_points_fresh(cps)
}

/// A new `str` of the given code points (canonical kind), never a shared
/// one-character `str` (the empty one still is): what CPython's methods
/// that fill a `PyUnicode_New` string and return it without
/// `unicode_result` give (`str.upper`, `str.replace`, `repr(int)`).
pub(crate) fn unicode_from_code_points_fresh(cps: &[u32]) -> *mut PyObject {
    let maxchar = cps.iter().copied().max().unwrap_or(0);
    let op = new_str(cps.len(), maxchar);
    if !op.is_null() {
        // SAFETY: a fresh str of that length and a kind that holds maxchar.
        unsafe {
            let d = data(op);
            for (i, &c) in cps.iter().enumerate() {
                write_unit(d, kind(op), i, c);
            }
        }
    }
    op
}

/// Stores character `c` at `i` of data of the given kind.
///
/// # Safety
/// `d` must be writable for `i + 1` units of `kind` bytes.
unsafe fn write_unit(d: *mut u8, kind: usize, i: usize, c: u32) {
    // SAFETY: per the contract.
    unsafe {
        match kind {
            1 => *d.add(i) = c as u8,
            2 => *(d as *mut u16).add(i) = c as u16,
            _ => *(d as *mut u32).add(i) = c,
        }
    }
}

unsafe extern "C" fn unicode_dealloc(op: *mut PyObject) {
    if singletons::is_static(op) {
        // SAFETY: a static str, driven to zero by unbalanced decrefs.
        unsafe { crate::objects::object::immortal_dealloc(op) };
        return;
    }
    // The UTF-8 and wchar_t caches (the latter made by PyUnicode_AsUnicode)
    // are the str's own unless they share the characters' buffer, as a
    // subtype instance's do (unicode_subtype_new), whose buffer is its own
    // too. The type's tp_free releases the object, as CPython's
    // unicode_dealloc does, so a subtype's own allocator is honoured.
    // SAFETY: an unreferenced str, owning what is released here.
    unsafe {
        let d = data(op);
        let wstr = (*(op as *mut PyASCIIObject)).wstr;
        if wstr.cast::<u8>() != d {
            crate::objects::obmalloc::PyObject_Free(wstr.cast());
        }
        if !is_ascii(op) || state(op) & COMPACT == 0 {
            let utf8 = (*(op as *mut PyCompactUnicodeObject)).utf8;
            if utf8.cast::<u8>() != d {
                crate::objects::obmalloc::PyObject_Free(utf8.cast());
            }
        }
        if state(op) & COMPACT == 0 {
            crate::objects::obmalloc::PyObject_Free(d.cast());
        }
        match (*type_of(op)).tp_free {
            Some(free) => free(op.cast()),
            None => crate::objects::obmalloc::PyObject_Free(op.cast()),
        }
    }
}

/// CPython's `unicode_subtype_new`: an instance of `ty`, a subtype of
/// `str`, with the text of the exact `str` `unicode` (a reference this
/// takes), in CPython's non-compact layout: the characters in a buffer of
/// their own, shared as the UTF-8 form when ASCII and as the `wchar_t`
/// form when the kind is `wchar_t`'s width, as C code reading the fields
/// expects.
///
/// # Safety
/// `ty` must be a live subtype of `str`; `unicode` a `str` reference the
/// caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_unicode_subtype_new(
    ty: *mut PyTypeObject,
    unicode: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; the instance is fresh, zeroed by its
    // allocator and at least `PyUnicodeObject` long (str's basicsize).
    unsafe {
        let Some(unicode) = crate::objects::object::Owned::new(unicode) else {
            return ptr::null_mut();
        };
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let Some(selfobj) = crate::objects::object::Owned::new(alloc(ty, 0)) else {
            return ptr::null_mut();
        };
        let op = selfobj.as_ptr();
        let src = unicode.as_ptr();
        let (length, k) = (len(src), kind(src));
        let Some(bytes) = length
            .checked_add(1)
            .and_then(|n| n.checked_mul(k))
            .filter(|&n| n <= isize::MAX as usize)
        else {
            return errors::PyErr_NoMemory();
        };
        let buf = crate::objects::obmalloc::PyObject_Malloc(bytes + TERMINATOR_SLACK) as *mut u8;
        if buf.is_null() {
            return errors::PyErr_NoMemory();
        }
        ptr::copy_nonoverlapping(data(src), buf, bytes);
        ptr::write_bytes(buf.add(bytes), 0, TERMINATOR_SLACK);
        let u = op as *mut PyUnicodeObject;
        let a = op as *mut PyASCIIObject;
        (*a).length = length as Py_ssize_t;
        (*a).hash = (*(src as *mut PyASCIIObject)).hash;
        (*a).state = ((k as u32) << KIND_SHIFT) | READY | (state(src) & ASCII);
        (*u).data = buf.cast();
        let c = op as *mut PyCompactUnicodeObject;
        if is_ascii(src) {
            (*c).utf8 = buf.cast();
            (*c).utf8_length = length as Py_ssize_t;
        }
        if k == size_of::<WChar>() {
            (*a).wstr = buf.cast();
            (*c).wstr_length = length as Py_ssize_t;
        }
        selfobj.into_raw()
    }
}

/// The UTF-8 text of a `str` (the data itself for ASCII, else a cache
/// made on first use), or `Err(index)` of the first lone surrogate.
///
/// # Safety
/// `op` must be a live `str`; the slice lives as long as it.
unsafe fn utf8<'a>(op: *mut PyObject) -> Result<&'a [u8], usize> {
    use std::sync::atomic::{AtomicIsize, AtomicPtr, Ordering};
    // SAFETY: a live str; the cache is published with a compare-exchange,
    // so concurrent first uses agree on one buffer.
    unsafe {
        if is_ascii(op) {
            return Ok(std::slice::from_raw_parts(data(op), len(op)));
        }
        let c = op as *mut PyCompactUnicodeObject;
        let cache = AtomicPtr::from_ptr(&raw mut (*c).utf8);
        let cached_len = AtomicIsize::from_ptr(&raw mut (*c).utf8_length);
        let p = cache.load(Ordering::Acquire);
        if !p.is_null() {
            return Ok(std::slice::from_raw_parts(
                p.cast::<u8>(),
                cached_len.load(Ordering::Relaxed) as usize,
            ));
        }
        let mut text = String::with_capacity(len(op));
        for i in 0..len(op) {
            match char::from_u32(read(op, i)) {
                Some(ch) => text.push(ch),
                None => return Err(i),
            }
        }
        let buf =
            crate::objects::obmalloc::PyObject_Malloc(text.len() + 1 + TERMINATOR_SLACK) as *mut u8;
        if buf.is_null() {
            return Err(usize::MAX);
        }
        ptr::copy_nonoverlapping(text.as_ptr(), buf, text.len());
        // The NUL and the slack after it.
        ptr::write_bytes(buf.add(text.len()), 0, 1 + TERMINATOR_SLACK);
        cached_len.store(text.len() as isize, Ordering::Relaxed);
        match cache.compare_exchange(
            ptr::null_mut(),
            buf.cast(),
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => Ok(std::slice::from_raw_parts(buf, text.len())),
            Err(other) => {
                crate::objects::obmalloc::PyObject_Free(buf.cast());
                Ok(std::slice::from_raw_parts(other.cast::<u8>(), text.len()))
            }
        }
    }
}

/// The text of a `str`, or None for anything else (and NULL) or a `str`
/// holding lone surrogates (which UTF-8 cannot encode). Sets no error.
///
/// # Safety
/// `op` must be NULL or a live object; the slice lives as long as it.
pub unsafe fn str_value<'a>(op: *mut PyObject) -> Option<&'a str> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_str(op) } {
        return None;
    }
    // SAFETY: a live str (checked above).
    match unsafe { utf8(op) } {
        // SAFETY: a str's bytes are valid UTF-8 by construction.
        Ok(b) => Some(unsafe { std::str::from_utf8_unchecked(b) }),
        Err(_) => None,
    }
}

/// The text of a `str` as UTF-16 code units, the way JS holds text:
/// characters above U+FFFF as surrogate pairs, and surrogate code points (a
/// `str` may hold them; UTF-8 cannot) as themselves, so every `str` has one.
/// None for anything but a `str`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn utf16_units(op: *mut PyObject) -> Option<Vec<u16>> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_str(op) } {
        return None;
    }
    // SAFETY: a live str.
    let n = unsafe { len(op) };
    let mut units = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: below the length.
        let c = unsafe { read(op, i) };
        if c >= 0x1_0000 {
            let v = c - 0x1_0000;
            units.push(0xD800 | (v >> 10) as u16);
            units.push(0xDC00 | (v & 0x3FF) as u16);
        } else {
            units.push(c as u16);
        }
    }
    Some(units)
}

/// A new `str` from UTF-16 code units as JS holds text: a high surrogate
/// followed by a low one is one character, and any other surrogate stays a
/// code point of its own (as Python's `surrogatepass` decoding keeps it), so
/// no JS string is refused or altered. NULL with `MemoryError`.
pub fn unicode_from_utf16(units: &[u16]) -> *mut PyObject {
    let cps: Vec<u32> = char::decode_utf16(units.iter().copied())
        .map(|r| match r {
            Ok(c) => c as u32,
            Err(e) => u32::from(e.unpaired_surrogate()),
        })
        .collect();
    unicode_from_code_points(&cps)
}

/// A new `str` holding `text`; NULL with `MemoryError` when allocation
/// fails.
pub fn unicode_from_str(text: &str) -> *mut PyObject {
    if let [c] = *text.as_bytes() {
        return singletons::latin1_char(c);
    }
    if text.is_ascii() {
        let op = new_str(text.len(), 0);
        if !op.is_null() {
            // SAFETY: a fresh ASCII str of that length.
            unsafe { ptr::copy_nonoverlapping(text.as_ptr(), data(op), text.len()) };
        }
        return op;
    }
    let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
    unicode_from_code_points(&cps)
}

/// Raises CPython's `UnicodeEncodeError` for a lone surrogate at `index`
/// of `op` ("'utf-8' codec can't encode character '\ud800' in position 0:
/// surrogates not allowed").
///
/// # Safety
/// `op` must be a live `str` with a surrogate at `index`.
unsafe fn raise_surrogate_error(op: *mut PyObject, index: usize) {
    if index == usize::MAX {
        errors::PyErr_NoMemory();
        return;
    }
    // The run of surrogates, as the UTF-8 encoder reports it.
    let mut end = index + 1;
    // SAFETY: in bounds.
    while end < unsafe { len(op) } && (0xd800..0xe000).contains(&unsafe { read(op, end) }) {
        end += 1;
    }
    // SAFETY: a live str, referenced by the exception.
    unsafe { crate::objects::object::Py_IncRef(op) };
    raise_codec_error(
        Exc::UnicodeEncodeError,
        "utf-8",
        op,
        index,
        end,
        "surrogates not allowed",
    );
}

/// Raises CPython's `UnicodeDecodeError` for the first invalid sequence of
/// `bytes`, with its message ("'utf-8' codec can't decode byte 0xff in
/// position 0: invalid start byte").
pub(crate) fn raise_decode_error(bytes: &[u8], err: std::str::Utf8Error) {
    let start = err.valid_up_to();
    let (end, reason) = match err.error_len() {
        Some(n) => {
            let lead = bytes[start];
            let invalid_start = (0x80..0xc2).contains(&lead) || lead > 0xf4;
            let reason = if invalid_start {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            (start + n, reason)
        }
        None => (bytes.len(), "unexpected end of data"),
    };
    crate::objects::exceptions::raise_unicode_decode_error("utf-8", bytes, start, end, reason);
}

/// Decodes `bytes` strictly into a new `str`: NULL with `UnicodeDecodeError`
/// for invalid UTF-8 or `MemoryError`.
fn unicode_from_utf8(bytes: &[u8]) -> *mut PyObject {
    match std::str::from_utf8(bytes) {
        Ok(text) => unicode_from_str(text),
        Err(err) => {
            raise_decode_error(bytes, err);
            ptr::null_mut()
        }
    }
}

/// `PyUnicode_FromString(u)`: decodes the NUL-terminated UTF-8 string `u`.
///
/// Fails (NULL) with `UnicodeDecodeError` (CPython's message) for invalid
/// UTF-8, `MemoryError`, or `SystemError` for a NULL `u` (CPython crashes).
///
/// # Safety
/// `u` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromString(u: *const c_char) -> *mut PyObject {
    if u.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    unicode_from_utf8(unsafe { CStr::from_ptr(u) }.to_bytes())
}

/// `PyUnicode_FromStringAndSize(u, size)`: decodes `size` bytes of UTF-8
/// (embedded NULs allowed). A NULL `u` with `size == 0` gives `''`.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyUnicode_FromStringAndSize")`, `SystemError` for a NULL `u` with a
/// positive size (CPython returns uninitialised text, deprecated),
/// `UnicodeDecodeError` for invalid UTF-8, or `MemoryError`.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromStringAndSize(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 {
        return fail_null(
            Exc::SystemError,
            "Negative size passed to PyUnicode_FromStringAndSize",
        );
    }
    if u.is_null() {
        if size == 0 {
            return unicode_from_str("");
        }
        return fail_null(
            Exc::SystemError,
            "NULL string with positive size passed to PyUnicode_FromStringAndSize",
        );
    }
    // SAFETY: readable for `size` bytes per the contract.
    unicode_from_utf8(unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) })
}

/// Decodes `size` bytes of UTF-8, replacing each invalid sequence with
/// U+FFFD as CPython's `"replace"` error handler does. Used by
/// `PyUnicode_FromFormat` for `%s`. Fails only with `MemoryError` or
/// `SystemError` for a NULL `u` with a nonzero size or a negative size.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[doc(hidden)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_Unicode_DecodeUTF8Replace(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 || (u.is_null() && size != 0) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    if size == 0 {
        return unicode_from_str("");
    }
    // SAFETY: readable for `size` bytes per the contract.
    let bytes = unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) };
    unicode_from_str(&String::from_utf8_lossy(bytes))
}

/// `PyUnicode_AsUTF8AndSize(obj, &size)`: the UTF-8 text of a `str`
/// (NUL-terminated, valid as long as the object, cached) and, when `size`
/// is not NULL, its length in bytes.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL), or
/// `UnicodeEncodeError` for a lone surrogate.
///
/// # Safety
/// `obj` must be NULL or a live object; `size` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8AndSize(
    obj: *mut PyObject,
    size: *mut Py_ssize_t,
) -> *const c_char {
    // SAFETY: live per the contract.
    if obj.is_null() || !unsafe { is_str(obj) } {
        errors::bad_argument();
        return ptr::null();
    }
    // SAFETY: a str.
    match unsafe { utf8(obj) } {
        Ok(text) => {
            if !size.is_null() {
                // SAFETY: writable per the contract.
                unsafe { *size = text.len() as Py_ssize_t };
            }
            text.as_ptr().cast()
        }
        Err(i) => {
            // SAFETY: a str with a surrogate at `i`.
            unsafe { raise_surrogate_error(obj, i) };
            ptr::null()
        }
    }
}

/// `PyUnicode_AsUTF8(obj)`: the NUL-terminated UTF-8 text of a `str`, valid
/// as long as the object. As in CPython 3.11, embedded NULs are not checked.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8(obj: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsUTF8AndSize(obj, ptr::null_mut()) }
}

/// `PyUnicode_GetLength(obj)`: the length of a `str` in code points.
///
/// Fails (-1) with `TypeError("bad argument type for built-in operation")`
/// when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_GetLength(obj: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if obj.is_null() || !unsafe { is_str(obj) } {
        errors::bad_argument();
        return -1;
    }
    // SAFETY: a str.
    unsafe { len(obj) as Py_ssize_t }
}

/// Python's `str.isprintable()` for one character (CPython's
/// `Py_UNICODE_ISPRINTABLE`): false for the categories Cc, Cf, Cs, Co, Cn,
/// Zl, Zp and Zs other than the space.
pub(crate) fn is_printable(c: char) -> bool {
    unicodectype::is(c as u32, unicodectype::Class::Printable)
}

/// Python's `repr(str)`.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c => out.push_str(&escape_non_ascii(c)),
        }
    }
    out.push(quote);
    out
}

pub(crate) fn escape_non_ascii(c: char) -> String {
    let u = c as u32;
    if u <= 0xff {
        format!("\\x{u:02x}")
    } else if u <= 0xffff {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

// ==========================================================================
// Identifiers (_Py_IDENTIFIER)
// ==========================================================================

/// CPython's `_Py_Identifier` (`Include/cpython/object.h`): a static C
/// string an extension names attributes and methods by, and the process-wide
/// index of its interned `str` (-1 until first use).
#[repr(C)]
pub struct _Py_Identifier {
    /// The name, NUL-terminated UTF-8.
    pub string: *const c_char,
    /// Its interned `str`'s slot in the process's table; -1 before first use.
    pub index: Py_ssize_t,
}

/// The interned `str` of every identifier used so far, by index (strong
/// references, kept for the life of the process as CPython keeps them for
/// its interpreter's).
static IDENTIFIERS: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

/// `_PyUnicode_FromId(id)`: the interned `str` of `id`'s string (a borrowed
/// reference), made on first use and found by the index stored in `id`
/// after it. NULL with the decoding's error (`UnicodeDecodeError` for a
/// string that is not UTF-8).
///
/// # Safety
/// `id` must point to a live `_Py_Identifier` whose string is
/// NUL-terminated; its index is only ever written under the lock.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_FromId(id: *mut _Py_Identifier) -> *mut PyObject {
    use std::sync::atomic::{AtomicIsize, Ordering};
    // SAFETY: the index field of a live identifier, aligned as an isize;
    // every access to it goes through this atomic view.
    let index = unsafe { AtomicIsize::from_ptr(&raw mut (*id).index) };
    let mut table = IDENTIFIERS.lock().unwrap_or_else(|e| e.into_inner());
    let i = index.load(Ordering::Acquire);
    if let Some(&s) = usize::try_from(i).ok().and_then(|i| table.get(i)) {
        return s as *mut PyObject;
    }
    // SAFETY: the identifier's NUL-terminated string.
    let text = unsafe { CStr::from_ptr((*id).string) };
    let bytes = text.to_bytes();
    // SAFETY: `bytes` is valid for its length.
    let mut s = unsafe {
        PyUnicode_DecodeUTF8Stateful(
            bytes.as_ptr().cast(),
            bytes.len() as Py_ssize_t,
            ptr::null(),
            ptr::null_mut(),
        )
    };
    if s.is_null() {
        return s;
    }
    // SAFETY: a new reference, interned in place (the table keeps it).
    unsafe { PyUnicode_InternInPlace(&mut s) };
    table.push(s as usize);
    index.store((table.len() - 1) as isize, Ordering::Release);
    s
}

/// `_PyUnicode_EqualToASCIIId(left, right)`: whether the `str` `left`
/// equals the identifier's string; 0 for anything else, errors cleared.
///
/// # Safety
/// `left` must be a live object, `right` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_EqualToASCIIId(
    left: *mut PyObject,
    right: *mut _Py_Identifier,
) -> std::ffi::c_int {
    // SAFETY: per the contract.
    unsafe {
        if left.is_null() || !is_str(left) {
            return 0;
        }
        let r = _PyUnicode_FromId(right);
        if r.is_null() {
            errors::PyErr_Clear();
            let text = CStr::from_ptr((*right).string);
            return _PyUnicode_EqualToASCIIString(left, text.as_ptr());
        }
        (left == r || unicode_eq(left, r)) as std::ffi::c_int
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::exceptions::PyExc_ValueError;
    use std::ffi::c_int;

    // The C half: unicodeobject.c and ../python/errors.c.
    unsafe extern "C" {
        fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
        fn PyErr_Format(exception: *mut PyObject, format: *const c_char, ...) -> *mut PyObject;
    }
    use super::*;
    use crate::objects::object::Py_DecRef;
    use crate::python::errors::take_error;

    #[test]
    fn layouts_match_cpython() {
        use std::mem::offset_of;
        assert_eq!(size_of::<PyASCIIObject>(), 48);
        assert_eq!(offset_of!(PyASCIIObject, hash), 24);
        assert_eq!(offset_of!(PyASCIIObject, state), 32);
        assert_eq!(offset_of!(PyASCIIObject, wstr), 40);
        assert_eq!(size_of::<PyCompactUnicodeObject>(), 72);
        assert_eq!(offset_of!(PyCompactUnicodeObject, utf8), 56);
        assert_eq!(size_of::<PyUnicodeObject>(), 80);
        let s = unicode_from_str("a\u{20ac}");
        // SAFETY: a live str.
        unsafe {
            assert_eq!((kind(s), len(s), is_ascii(s)), (2, 2, false));
            assert_eq!(data(s) as usize - s as usize, 72);
            assert_eq!(str_value(s), Some("a\u{20ac}"));
            Py_DecRef(s);
        }
    }

    #[test]
    fn decode_errors_match_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"\xff",
                "can't decode byte 0xff in position 0: invalid start byte",
            ),
            (
                b"a\xe2\x28\xa1",
                "can't decode byte 0xe2 in position 1: invalid continuation byte",
            ),
            (
                b"\xf0\x90\x28",
                "can't decode bytes in position 0-1: invalid continuation byte",
            ),
            (
                b"\xe2\x82",
                "can't decode bytes in position 0-1: unexpected end of data",
            ),
            (
                b"\xed\xa0\x80",
                "can't decode byte 0xed in position 0: invalid continuation byte",
            ),
            (
                b"ok\xc3",
                "can't decode byte 0xc3 in position 2: unexpected end of data",
            ),
            (
                b"\xc0\xaf",
                "can't decode byte 0xc0 in position 0: invalid start byte",
            ),
        ];
        for (bytes, msg) in cases {
            // SAFETY: a readable slice.
            let op =
                unsafe { PyUnicode_FromStringAndSize(bytes.as_ptr().cast(), bytes.len() as isize) };
            assert!(op.is_null());
            let e = take_error().unwrap();
            assert_eq!(e.type_name, "UnicodeDecodeError");
            assert_eq!(e.kind, Exc::UnicodeDecodeError);
            assert_eq!(e.message, format!("'utf-8' codec {msg}"));
        }
    }

    #[test]
    fn c_formatter_is_linked() {
        // SAFETY: valid formats with matching arguments.
        unsafe {
            let s = PyUnicode_FromFormat(
                c"%d|%05zd|%.2s|%c".as_ptr(),
                -5 as c_int,
                42isize,
                c"hello".as_ptr(),
                0xe9 as c_int,
            );
            assert_eq!(str_value(s), Some("-5|00042|he|\u{e9}"));
            Py_DecRef(s);
            let r = PyErr_Format(
                PyExc_ValueError.0,
                c"bad %s: %lld".as_ptr(),
                c"x".as_ptr(),
                -1i64,
            );
            assert!(r.is_null());
            let e = take_error().unwrap();
            assert_eq!((e.kind, e.message.as_str()), (Exc::ValueError, "bad x: -1"));
        }
    }
}

// ==========================================================================
// Slots
// ==========================================================================

static UNICODE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(unicode_length),
    sq_concat: Some(PyUnicode_Concat),
    sq_repeat: Some(unicode_repeat),
    sq_item: Some(unicode_item),
    sq_contains: Some(PyUnicode_Contains),
    ..PySequenceMethods::empty()
};

static UNICODE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(unicode_length),
    mp_subscript: Some(unicode_subscript),
    mp_ass_subscript: None,
};

/// `repr(str)` over code points (lone surrogates are escaped).
unsafe extern "C" fn unicode_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str.
    let cps = unsafe { code_points(op) };
    let has = |c: u32| cps.contains(&c);
    let quote = if has('\'' as u32) && !has('"' as u32) {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(cps.len() + 2);
    out.push(quote);
    for &u in &cps {
        match char::from_u32(u) {
            Some('\\') => out.push_str("\\\\"),
            Some('\t') => out.push_str("\\t"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some(c) if c == quote => {
                out.push('\\');
                out.push(c);
            }
            Some(c) if u < 0x20 || u == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            Some(c) if c.is_ascii() || is_printable(c) => out.push(c),
            _ => out.push_str(&escape_code_point(u)),
        }
    }
    out.push(quote);
    unicode_from_str(&out)
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh` for a code point.
fn escape_code_point(u: u32) -> String {
    if u <= 0xff {
        format!("\\x{u:02x}")
    } else if u <= 0xffff {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

/// `str(s)`: `s` itself for an exact `str`, else an exact copy.
unsafe extern "C" fn unicode_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { PyUnicode_FromObject(op) }
}

unsafe extern "C" fn unicode_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live str.
    unsafe { len(op) as Py_ssize_t }
}

/// `sq_repeat`: `s * n`; `OverflowError("repeated string is too long")`.
unsafe extern "C" fn unicode_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe {
        if n < 1 {
            return unicode_from_str("");
        }
        if n == 1 {
            return PyUnicode_FromObject(op);
        }
        if len(op) as Py_ssize_t > Py_ssize_t::MAX / n {
            return errors::fail_null(Exc::OverflowError, "repeated string is too long");
        }
        // Built in place, so that a count too large for memory fails with
        // MemoryError (new_str) rather than aborting on a Vec.
        let cps = code_points(op);
        let out = new_str(
            cps.len() * n as usize,
            cps.iter().copied().max().unwrap_or(0),
        );
        if !out.is_null() {
            let (d, k) = (data(out), kind(out));
            for (i, &c) in cps.iter().cycle().take(cps.len() * n as usize).enumerate() {
                write_unit(d, k, i, c);
            }
        }
        out
    }
}

/// `sq_item`: character `i` as a `str`; `IndexError("string index out of
/// range")`.
unsafe extern "C" fn unicode_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe {
        if i < 0 || i as usize >= len(op) {
            return errors::fail_null(Exc::IndexError, "string index out of range");
        }
        unicode_from_code_points(&[read(op, i as usize)])
    }
}

// ==========================================================================
// Iterators: str_ascii_iterator and str_iterator
// ==========================================================================

/// The iterator over an ASCII str (CPython 3.11 gives those their own
/// type, `str_ascii_iterator`).
pub(crate) static STR_ASCII_ITER_TYPE: StaticObject<PyTypeObject> =
    StaticObject::new(crate::objects::iterobject::index_iter_type(
        c"str_ascii_iterator",
        unicode_iter_next,
        STR_ITER_METHODS.get(),
    ));

/// `PyUnicodeIter_Type`: `str_iterator`, over any other str.
#[unsafe(no_mangle)]
pub static PyUnicodeIter_Type: StaticObject<PyTypeObject> =
    StaticObject::new(crate::objects::iterobject::index_iter_type(
        c"str_iterator",
        unicode_iter_next,
        STR_ITER_METHODS.get(),
    ));

crate::objects::iterobject::index_seq!(
    /// The str iterators' view of their str; exhausted, they reduce to
    /// `iter('')`.
    StrSeq,
    STR_ITER_METHODS,
    |seq| len(seq) as Py_ssize_t,
    unicode_from_code_points(&[])
);

/// `tp_iter`: a new iterator over the characters.
unsafe extern "C" fn unicode_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live str; our iterator types.
    unsafe {
        let ty = if is_ascii(op) {
            STR_ASCII_ITER_TYPE.get()
        } else {
            PyUnicodeIter_Type.get()
        };
        crate::objects::iterobject::index_iter_new(ty, op)
    }
}

/// `tp_iternext`: the next character as a str, or NULL without an error at
/// the end (the str is released then).
unsafe extern "C" fn unicode_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: an iterator over a live str; the index is in range.
    unsafe {
        crate::objects::iterobject::index_iter_next::<StrSeq>(op, |seq, i| {
            unicode_from_code_points(&[read(seq, i as usize)])
        })
    }
}

/// `mp_subscript`: `s[i]`; `TypeError("string indices must be integers,
/// not 'T'")`.
unsafe extern "C" fn unicode_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        let n = len(op) as Py_ssize_t;
        if let Some(sel) = crate::objects::sliceobject::selection(key, n) {
            let Some((start, step, count)) = sel else {
                return ptr::null_mut();
            };
            // All of an exact str is the str itself, as in CPython.
            if start == 0 && step == 1 && count == n && type_of(op) == PyUnicode_Type.get() {
                crate::objects::object::Py_IncRef(op);
                return op;
            }
            let cps: Vec<u32> = (0..count)
                .map(|k| read(op, (start + k * step) as usize))
                .collect();
            return unicode_from_code_points(&cps);
        }
        let Some(mut i) = crate::objects::r#abstract::subscript_index(
            key,
            "string indices must be integers, not '{}'",
        ) else {
            return ptr::null_mut();
        };
        if i < 0 {
            i += len(op) as Py_ssize_t;
        }
        unicode_item(op, i)
    }
}

// ==========================================================================
// C API: kinds and characters
// ==========================================================================

/// `PyUnicode_New(size, maxchar)`: a new `str` of `size` characters (all
/// `'\0'`) whose kind holds `maxchar`, for C code to fill through
/// `PyUnicode_DATA` / `PyUnicode_WRITE` before sharing it.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyUnicode_New")`, `SystemError("invalid maximum character passed to
/// PyUnicode_New")` or `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyUnicode_New(size: Py_ssize_t, maxchar: u32) -> *mut PyObject {
    if size < 0 {
        return fail_null(Exc::SystemError, "Negative size passed to PyUnicode_New");
    }
    if maxchar > 0x10ffff {
        return fail_null(
            Exc::SystemError,
            "invalid maximum character passed to PyUnicode_New",
        );
    }
    new_str(size as usize, maxchar)
}

/// `_PyUnicode_Ready(op)`: every `str` here is ready; 0.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_Ready(_op: *mut PyObject) -> std::ffi::c_int {
    0
}

/// `PyUnicode_FromKindAndData(kind, buffer, size)`: a new `str` of `size`
/// characters of `kind` (1, 2 or 4 bytes each), in its canonical kind.
///
/// Fails (NULL) with `SystemError("invalid kind")`, `ValueError("size must
/// be positive")` or `MemoryError`.
///
/// # Safety
/// `buffer` must be readable for `size * kind` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromKindAndData(
    kind: std::ffi::c_int,
    buffer: *const std::ffi::c_void,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 {
        return fail_null(Exc::ValueError, "size must be positive");
    }
    if !matches!(kind, 1 | 2 | 4) {
        return fail_null(Exc::SystemError, "invalid kind");
    }
    if size > 0 && buffer.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let n = size as usize;
    // SAFETY: readable per the contract.
    let cps: Vec<u32> = unsafe {
        match kind {
            1 => std::slice::from_raw_parts(buffer.cast::<u8>(), n)
                .iter()
                .map(|&c| c as u32)
                .collect(),
            2 => (0..n)
                .map(|i| buffer.cast::<u16>().add(i).read_unaligned() as u32)
                .collect(),
            _ => (0..n)
                .map(|i| buffer.cast::<u32>().add(i).read_unaligned())
                .collect(),
        }
    };
    if cps.iter().any(|&c| c > 0x10ffff) {
        // CPython passes the largest character to PyUnicode_New, which
        // refuses it.
        return fail_null(
            Exc::SystemError,
            "invalid maximum character passed to PyUnicode_New",
        );
    }
    unicode_from_code_points(&cps)
}

/// `PyUnicode_FromOrdinal(ordinal)`: `chr(ordinal)`.
///
/// Fails (NULL) with `ValueError("chr() arg not in range(0x110000)")`.
#[unsafe(no_mangle)]
pub extern "C" fn PyUnicode_FromOrdinal(ordinal: std::ffi::c_int) -> *mut PyObject {
    if !(0..=0x10ffff).contains(&ordinal) {
        return fail_null(Exc::ValueError, "chr() arg not in range(0x110000)");
    }
    unicode_from_code_points(&[ordinal as u32])
}

/// `PyUnicode_ReadChar(s, index)`: character `index` of a `str`.
///
/// Fails (`(Py_UCS4)-1`) with `TypeError("bad argument type for built-in
/// operation")` or `IndexError("string index out of range")`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_ReadChar(s: *mut PyObject, index: Py_ssize_t) -> u32 {
    // SAFETY: live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return u32::MAX;
    }
    // SAFETY: a str.
    if index < 0 || index as usize >= unsafe { len(s) } {
        errors::raise(Exc::IndexError, "string index out of range");
        return u32::MAX;
    }
    // SAFETY: in bounds.
    unsafe { read(s, index as usize) }
}

/// `PyUnicode_WriteChar(s, index, ch)`: stores `ch` at `index` of a `str`
/// nobody else uses yet (refcount 1, no hash computed).
///
/// Fails (-1) with `SystemError` when `s` is not a `str`,
/// `IndexError("string index out of range")`, `SystemError("Cannot modify
/// a string currently used")` or `ValueError("character out of range")`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_WriteChar(
    s: *mut PyObject,
    index: Py_ssize_t,
    ch: u32,
) -> std::ffi::c_int {
    // SAFETY: live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a str, modified only while unshared.
    unsafe {
        if index < 0 || index as usize >= len(s) {
            return errors::fail(Exc::IndexError, "string index out of range");
        }
        if !modifiable(s) {
            return errors::fail(Exc::SystemError, "Cannot modify a string currently used");
        }
        let k = kind(s);
        if ch > max_char_value(s) {
            return errors::fail(Exc::ValueError, "character out of range");
        }
        write_unit(data(s), k, index as usize, ch);
    }
    0
}

/// `PyUnicode_Substring(s, start, end)`: characters `start..end` (clamped
/// at the end).
///
/// Fails (NULL) with `IndexError("string index out of range")` for a
/// negative index, or `TypeError` for a non-str.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Substring(
    s: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    if start < 0 || end < 0 {
        return fail_null(Exc::IndexError, "string index out of range");
    }
    // SAFETY: a str.
    let cps = unsafe { code_points(s) };
    let end = (end as usize).min(cps.len());
    let start = (start as usize).min(end);
    unicode_from_code_points(&cps[start..end])
}

/// `PyUnicode_FromObject(obj)`: `obj` for an exact `str`, an exact copy of
/// a subclass instance.
///
/// Fails (NULL) with `TypeError("Can't convert 'T' object to str
/// implicitly")`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromObject(obj: *mut PyObject) -> *mut PyObject {
    if obj.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe {
        if type_of(obj) == PyUnicode_Type.get() {
            crate::objects::object::Py_IncRef(obj);
            return obj;
        }
        if is_str(obj) {
            return unicode_from_code_points(&code_points(obj));
        }
        crate::objects::r#abstract::type_error("Can't convert '{}' object to str implicitly", obj)
    }
}

// ==========================================================================
// C API: comparing and combining
// ==========================================================================

/// `PyUnicode_CompareWithASCIIString(s, string)`: -1, 0 or 1 as the `str`
/// `s` sorts before, equal to or after the NUL-terminated ASCII `string`.
/// Never fails.
///
/// # Safety
/// `s` must be a live `str`; `string` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_CompareWithASCIIString(
    s: *mut PyObject,
    string: *const c_char,
) -> std::ffi::c_int {
    // SAFETY: per the contract.
    let (a, b) = unsafe { (code_points(s), CStr::from_ptr(string).to_bytes()) };
    let b: Vec<u32> = b.iter().map(|&c| c as u32).collect();
    a.cmp(&b) as std::ffi::c_int
}

/// `_PyUnicode_EqualToASCIIString(s, string)`: 1 when the `str` `s` equals
/// the ASCII `string`, else 0.
///
/// # Safety
/// As [`PyUnicode_CompareWithASCIIString`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_EqualToASCIIString(
    s: *mut PyObject,
    string: *const c_char,
) -> std::ffi::c_int {
    // SAFETY: forwarded contract.
    (unsafe { PyUnicode_CompareWithASCIIString(s, string) } == 0) as std::ffi::c_int
}

/// `PyUnicode_Compare(a, b)`: -1, 0 or 1 by code points.
///
/// Fails (-1) with `TypeError("Can't compare A and B")` unless both are
/// `str`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Compare(a: *mut PyObject, b: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: live per the contract.
    unsafe {
        if a.is_null() || b.is_null() || !is_str(a) || !is_str(b) {
            let msg = format!(
                "Can't compare {} and {}",
                crate::objects::r#abstract::type_name_n(a, 100),
                crate::objects::r#abstract::type_name_n(b, 100)
            );
            return errors::fail(Exc::TypeError, msg);
        }
        code_points(a).cmp(&code_points(b)) as std::ffi::c_int
    }
}

/// `PyUnicode_Concat(left, right)`: `left + right`.
///
/// Fails (NULL) with `TypeError('can only concatenate str (not "T") to
/// str')`, `TypeError("must be str, not T")` for a non-str `left`, or
/// `MemoryError`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Concat(
    left: *mut PyObject,
    right: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        if left.is_null() || right.is_null() {
            errors::PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        if !is_str(left) {
            return crate::objects::r#abstract::type_error("must be str, not {}", left);
        }
        if !is_str(right) {
            let name = crate::objects::r#abstract::type_name_200(right);
            return fail_null(
                Exc::TypeError,
                format!("can only concatenate str (not \"{name}\") to str"),
            );
        }
        let mut cps = code_points(left);
        cps.extend(code_points(right));
        unicode_from_code_points(&cps)
    }
}

/// `PyUnicode_Contains(container, element)`: whether the `str` `element`
/// occurs in `container`.
///
/// Fails (-1) with `TypeError("'in <string>' requires string as left
/// operand, not T")`.
///
/// # Safety
/// Both must be live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Contains(
    container: *mut PyObject,
    element: *mut PyObject,
) -> std::ffi::c_int {
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(element) {
            let name = crate::objects::r#abstract::type_name_200(element);
            return errors::fail(
                Exc::TypeError,
                format!("'in <string>' requires string as left operand, not {name}"),
            );
        }
        if !is_str(container) {
            errors::bad_argument();
            return -1;
        }
        let (h, n) = (code_points(container), code_points(element));
        (n.is_empty() || h.windows(n.len()).any(|w| w == n.as_slice())) as std::ffi::c_int
    }
}

/// `PyUnicode_FindChar(str, ch, start, end, direction)`: the index of the
/// first (`direction > 0`) or last (otherwise) `ch` in `str[start:end]`
/// (slice bounds: negatives count from the end, then clamped), or -1 when
/// it is not there.
///
/// Fails (-2) with `SystemError` when `str` is not a `str` (CPython only
/// asserts that).
///
/// # Safety
/// `str` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FindChar(
    str: *mut PyObject,
    ch: u32,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: std::ffi::c_int,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    if str.is_null() || !unsafe { is_str(str) } {
        errors::PyErr_BadInternalCall();
        return -2;
    }
    // SAFETY: a live str.
    let n = unsafe { len(str) };
    let (start, end) = crate::objects::stringlib::adjust(start, end, n);
    if end - start < 1 {
        return -1;
    }
    // SAFETY: a live str; every index read is below `end` <= its length.
    let at = |i: Py_ssize_t| unsafe { read(str, i as usize) } == ch;
    let found = if direction > 0 {
        (start..end).find(|&i| at(i))
    } else {
        (start..end).rev().find(|&i| at(i))
    };
    found.unwrap_or(-1)
}

/// CPython's `ensure_unicode` for the search functions below: true for a
/// `str`, else false with `TypeError("must be str, not T")` (or
/// `SystemError` for NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn ensure_str(op: *mut PyObject) -> bool {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return false;
    }
    // SAFETY: a live object.
    unsafe {
        if is_str(op) {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "must be str, not {}",
                crate::objects::object::tp_name(type_of(op), 100)
            ),
        );
        false
    }
}

/// `PyUnicode_Find(str, substr, start, end, direction)`: the index of the
/// first (`direction > 0`) or last `substr` in `str[start:end]` (slice
/// bounds), or -1 when it is not there.
///
/// Fails (-2) with `TypeError("must be str, not T")`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Find(
    str: *mut PyObject,
    substr: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: std::ffi::c_int,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract; both are strs once checked.
    unsafe {
        if !ensure_str(str) || !ensure_str(substr) {
            return -2;
        }
        let (s, sub) = (code_points(str), code_points(substr));
        crate::objects::stringlib::find_slice(&s, &sub, start, end, direction <= 0)
    }
}

/// `PyUnicode_Count(str, substr, start, end)`: the non-overlapping
/// occurrences of `substr` in `str[start:end]` (an empty one counts every
/// position).
///
/// Fails (-1) with `TypeError("must be str, not T")`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Count(
    str: *mut PyObject,
    substr: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract; both are strs once checked.
    unsafe {
        if !ensure_str(str) || !ensure_str(substr) {
            return -1;
        }
        let (s, sub) = (code_points(str), code_points(substr));
        crate::objects::stringlib::count_slice(&s, &sub, start, end) as Py_ssize_t
    }
}

/// `PyUnicode_Tailmatch(str, substr, start, end, direction)`: 1 when
/// `str[start:end]` ends (`direction > 0`) or starts (otherwise) with
/// `substr`, else 0.
///
/// Fails (-1) with `TypeError("must be str, not T")`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Tailmatch(
    str: *mut PyObject,
    substr: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: std::ffi::c_int,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract; both are strs once checked.
    unsafe {
        if !ensure_str(str) || !ensure_str(substr) {
            return -1;
        }
        let (s, sub) = (code_points(str), code_points(substr));
        Py_ssize_t::from(crate::objects::stringlib::tail_match(
            &s,
            &sub,
            start,
            end,
            direction > 0,
        ))
    }
}

// ==========================================================================
// C API: split, partition, replace, splitlines (one code with the methods)
// ==========================================================================

/// `PyUnicode_Split(s, sep, maxsplit)`: `s.split(sep, maxsplit)`, a NULL
/// `sep` splitting at runs of whitespace.
///
/// Fails (NULL) with `TypeError("must be str, not T")` for a non-str `s`
/// or `sep` (`None` included, as in CPython), `ValueError("empty
/// separator")` or `MemoryError`.
///
/// # Safety
/// `s` must be NULL or a live object; `sep` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Split(
    s: *mut PyObject,
    sep: *mut PyObject,
    maxsplit: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; both strs once checked.
    unsafe {
        if !ensure_str(s) || (!sep.is_null() && !ensure_str(sep)) {
            return ptr::null_mut();
        }
        methods::split_str(s, sep, maxsplit, false)
    }
}

/// `PyUnicode_RSplit(s, sep, maxsplit)`: `s.rsplit(sep, maxsplit)`; fails
/// as [`PyUnicode_Split`].
///
/// # Safety
/// As [`PyUnicode_Split`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_RSplit(
    s: *mut PyObject,
    sep: *mut PyObject,
    maxsplit: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; both strs once checked.
    unsafe {
        if !ensure_str(s) || (!sep.is_null() && !ensure_str(sep)) {
            return ptr::null_mut();
        }
        methods::split_str(s, sep, maxsplit, true)
    }
}

/// `PyUnicode_Splitlines(s, keepends)`: `s.splitlines(keepends)`.
///
/// Fails (NULL) with `TypeError("must be str, not T")` or `MemoryError`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Splitlines(
    s: *mut PyObject,
    keepends: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; a str once checked.
    unsafe {
        if !ensure_str(s) {
            return ptr::null_mut();
        }
        methods::splitlines_str(s, keepends != 0)
    }
}

/// `PyUnicode_Partition(s, sep)`: `s.partition(sep)`.
///
/// Fails (NULL) with `TypeError("must be str, not T")`, `ValueError("empty
/// separator")` or `MemoryError`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Partition(
    s: *mut PyObject,
    sep: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; both strs once checked.
    unsafe {
        if !ensure_str(s) || !ensure_str(sep) {
            return ptr::null_mut();
        }
        methods::partition_str(s, sep, false)
    }
}

/// `PyUnicode_RPartition(s, sep)`: `s.rpartition(sep)`; fails as
/// [`PyUnicode_Partition`].
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_RPartition(
    s: *mut PyObject,
    sep: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; both strs once checked.
    unsafe {
        if !ensure_str(s) || !ensure_str(sep) {
            return ptr::null_mut();
        }
        methods::partition_str(s, sep, true)
    }
}

/// `PyUnicode_Replace(s, substr, replstr, maxcount)`:
/// `s.replace(substr, replstr, maxcount)`.
///
/// Fails (NULL) with `TypeError("must be str, not T")` or `MemoryError`.
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Replace(
    s: *mut PyObject,
    substr: *mut PyObject,
    replstr: *mut PyObject,
    maxcount: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; all strs once checked.
    unsafe {
        if !ensure_str(s) || !ensure_str(substr) || !ensure_str(replstr) {
            return ptr::null_mut();
        }
        methods::replace_str(s, substr, replstr, maxcount)
    }
}

/// `PyUnicode_IsIdentifier(s)`: 1 when the `str` `s` is a valid
/// identifier (`s.isidentifier()`), else 0.
///
/// Fails (-1) with `SystemError` for anything but a `str` (CPython reads
/// it as one).
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_IsIdentifier(s: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: NULL or live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        return errors::bad_internal_call();
    }
    // SAFETY: a live str.
    casing::is_identifier(&unsafe { code_points(s) }).into()
}

/// `PyUnicode_Translate(s, table, errors)`: `s` with each character
/// mapped through `table` (as `str.translate`), the characters it maps to
/// None handled by the error handler `errors` (NULL: strict).
///
/// Fails (NULL) with `TypeError("must be str, not T")`, `TypeError("bad
/// argument type for built-in operation")` for a NULL table, the
/// `UnicodeTranslateError` of strict, or as `str.translate` does.
///
/// # Safety
/// `s` and `table` NULL or live objects; `errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Translate(
    s: *mut PyObject,
    table: *mut PyObject,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract; a str once checked.
    unsafe {
        if !ensure_str(s) {
            return ptr::null_mut();
        }
        if table.is_null() {
            errors::bad_argument();
            return ptr::null_mut();
        }
        translate::translate_str(s, table, handler(errors_))
    }
}

// ==========================================================================
// C API: comparing, appending, resizing, filling
// ==========================================================================

/// `PyUnicode_RichCompare(left, right, op)`: `left <op> right` for two
/// `str`s (by code points), else `NotImplemented`; also `tp_richcompare`.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for an `op` outside `Py_LT` … `Py_GE`.
///
/// # Safety
/// Both must be live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_RichCompare(
    left: *mut PyObject,
    right: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if left.is_null() || right.is_null() || !unsafe { is_str(left) && is_str(right) } {
        return crate::objects::object::not_implemented();
    }
    if !(Py_LT..=Py_GE).contains(&op) {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // A string equals itself without a look at its text.
    let ord = if left == right {
        std::cmp::Ordering::Equal
    } else {
        // SAFETY: two live strs.
        unsafe { code_points(left).cmp(&code_points(right)) }
    };
    crate::objects::boolobject::bool_from_bool(compare_op(ord, op))
}

/// The highest code point the kind of `op` holds
/// (`PyUnicode_MAX_CHAR_VALUE`): 0x7f for ASCII, else by bytes per
/// character.
///
/// # Safety
/// `op` must be a live `str`.
unsafe fn max_char_value(op: *mut PyObject) -> u32 {
    // SAFETY: per the contract.
    unsafe {
        if is_ascii(op) {
            0x7f
        } else {
            match kind(op) {
                1 => 0xff,
                2 => 0xffff,
                _ => 0x10ffff,
            }
        }
    }
}

/// CPython's `unicode_modifiable`: an exact `str` nobody else holds, whose
/// hash nobody has cached and that is not interned, may be changed in
/// place.
///
/// # Safety
/// `op` must be a live `str`.
unsafe fn modifiable(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        crate::objects::object::Py_REFCNT(op) == 1
            && (*(op as *mut PyASCIIObject)).hash == -1
            && state(op) & 3 == 0
            && type_of(op) == PyUnicode_Type.get()
    }
}

/// `PyUnicode_Append(&left, right)`: replaces `*left` (a reference it
/// takes) with `*left + right`. An exact empty `*left` becomes `right`
/// itself; an exact empty `right` leaves `*left` alone.
///
/// Fails, setting `*left` to NULL after releasing it, with `SystemError`
/// when either is NULL or not a `str` (unless an error is already set),
/// `OverflowError("strings are too large to concat")` or `MemoryError`.
///
/// # Safety
/// `p_left` must be NULL or point to NULL or an owned reference to a live
/// object; `right` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Append(p_left: *mut *mut PyObject, right: *mut PyObject) {
    if p_left.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::PyErr_BadInternalCall();
        }
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        let left = *p_left;
        let result = if left.is_null() || right.is_null() || !is_str(left) || !is_str(right) {
            if errors::PyErr_Occurred().is_null() {
                errors::PyErr_BadInternalCall();
            }
            ptr::null_mut()
        } else if len(left) == 0 && type_of(left) == PyUnicode_Type.get() {
            crate::objects::object::Py_IncRef(right);
            right
        } else if len(right) == 0 && type_of(right) == PyUnicode_Type.get() {
            return;
        } else if len(left) > (Py_ssize_t::MAX as usize) - len(right) {
            fail_null(Exc::OverflowError, "strings are too large to concat")
        } else {
            let maxchar = max_char_value(left).max(max_char_value(right));
            let out = new_str(len(left) + len(right), maxchar);
            if !out.is_null() {
                let k = kind(out);
                for (at, src) in [(0, left), (len(left), right)] {
                    for i in 0..len(src) {
                        write_unit(data(out), k, at + i, read(src, i));
                    }
                }
            }
            out
        };
        *p_left = result;
        crate::objects::object::Py_DecRef(left);
    }
}

/// `PyUnicode_AppendAndDel(&left, right)`: [`PyUnicode_Append`], then
/// releases `right` (a reference it takes).
///
/// # Safety
/// As [`PyUnicode_Append`]; `right` an owned reference or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AppendAndDel(p_left: *mut *mut PyObject, right: *mut PyObject) {
    // SAFETY: forwarded contract; `right` is ours to release.
    unsafe {
        PyUnicode_Append(p_left, right);
        crate::objects::object::Py_DecRef(right);
    }
}

/// `PyUnicode_Resize(&s, length)`: makes `*s` `length` characters long,
/// keeping its kind (so a builder may go on writing characters of it);
/// characters past the old end are `'\0'`. The `str` is replaced by a new
/// one (the old reference released) unless its length is already `length`.
///
/// Fails (-1) with `SystemError` when `s` or `*s` is NULL, `*s` is not a
/// `str` or `length` is negative, or `MemoryError` (`*s` is then kept).
///
/// # Safety
/// `p` must be NULL or point to NULL or an owned reference to a live
/// object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Resize(
    p: *mut *mut PyObject,
    length: Py_ssize_t,
) -> std::ffi::c_int {
    // SAFETY: per the contract.
    unsafe {
        if p.is_null() || (*p).is_null() || !is_str(*p) || length < 0 {
            return errors::bad_internal_call();
        }
        let old = *p;
        let length = length as usize;
        if len(old) == length {
            return 0;
        }
        let out = if length == 0 {
            new_str(0, 0)
        } else {
            new_str(length, max_char_value(old))
        };
        if out.is_null() {
            return -1;
        }
        let k = kind(old);
        if kind(out) == k {
            let n = length.min(len(old)) * k;
            ptr::copy_nonoverlapping(data(old), data(out), n);
        }
        *p = out;
        crate::objects::object::Py_DecRef(old);
        0
    }
}

/// `PyUnicode_Fill(s, start, length, fill_char)`: writes `fill_char` over
/// `s[start:start + length]` (clamped at the end) of a `str` nobody else
/// uses yet; the number of characters written.
///
/// Fails (-1) with `SystemError` for a non-str or `SystemError("Cannot
/// modify a string currently used")`, `IndexError("string index out of
/// range")` for a negative `start`, or `ValueError("fill character is
/// bigger than the string maximum character")`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Fill(
    s: *mut PyObject,
    start: Py_ssize_t,
    length: Py_ssize_t,
    fill_char: u32,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a live str, written only while unshared and in bounds.
    unsafe {
        if !modifiable(s) {
            return errors::fail(Exc::SystemError, "Cannot modify a string currently used")
                as Py_ssize_t;
        }
        if start < 0 {
            return errors::fail(Exc::IndexError, "string index out of range") as Py_ssize_t;
        }
        if fill_char > max_char_value(s) {
            return errors::fail(
                Exc::ValueError,
                "fill character is bigger than the string maximum character",
            ) as Py_ssize_t;
        }
        let n = (len(s) as Py_ssize_t - start).min(length);
        if n <= 0 {
            return 0;
        }
        let k = kind(s);
        for i in start..start + n {
            write_unit(data(s), k, i as usize, fill_char);
        }
        n
    }
}

// ==========================================================================
// C API: small queries
// ==========================================================================

/// `PyUnicode_GetDefaultEncoding()`: `"utf-8"`, the only default Python 3
/// has.
#[unsafe(no_mangle)]
pub extern "C" fn PyUnicode_GetDefaultEncoding() -> *const c_char {
    c"utf-8".as_ptr()
}

/// `PyUnicode_GetSize(s)` (deprecated): the length of a `str` in `wchar_t`
/// units (a character above U+FFFF takes two where `wchar_t` is 16 bits).
///
/// Fails (-1) with `TypeError("bad argument type for built-in
/// operation")` for anything but a `str`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_GetSize(s: *mut PyObject) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return -1;
    }
    // SAFETY: a live str.
    let n = unsafe { len(s) };
    if size_of::<WChar>() == 2 {
        // SAFETY: a live str; every index is below its length.
        let wide = (0..n).filter(|&i| unsafe { read(s, i) } > 0xffff).count();
        (n + wide) as Py_ssize_t
    } else {
        n as Py_ssize_t
    }
}

// ==========================================================================
// C API: codecs (UTF-8, ASCII and Latin-1)
// ==========================================================================

/// A codec this module implements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

impl Codec {
    /// The codec for an encoding name (CPython's normalisation: case and
    /// `-`/`_`/space insensitive), or None.
    fn lookup(name: &str) -> Option<Codec> {
        let n: String = name
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match n.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Some(Codec::Utf8),
            "ascii" | "us_ascii" | "646" => Some(Codec::Ascii),
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" => Some(Codec::Latin1),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }

    /// The highest code point the codec encodes.
    fn limit(self) -> u32 {
        match self {
            Codec::Utf8 => 0x10ffff,
            Codec::Ascii => 0x7f,
            Codec::Latin1 => 0xff,
        }
    }
}

/// The error handler name, or None for strict.
///
/// # Safety
/// `errors_` must be NULL or NUL-terminated.
unsafe fn handler<'a>(errors_: *const c_char) -> &'a str {
    if errors_.is_null() {
        return "strict";
    }
    // SAFETY: NUL-terminated per the contract.
    unsafe { CStr::from_ptr(errors_) }.to_str().unwrap_or("?")
}

/// Raises `exc(encoding, object, start, end, reason)` (a `UnicodeDecodeError`
/// or `UnicodeEncodeError` with CPython's arguments), taking `object`'s
/// reference.
fn raise_codec_error(
    exc: Exc,
    encoding: &str,
    object: *mut PyObject,
    start: usize,
    end: usize,
    reason: &str,
) {
    let parts = [
        unicode_from_str(encoding),
        object,
        crate::objects::longobject::long_from_i64(start as i64),
        crate::objects::longobject::long_from_i64(end as i64),
        unicode_from_str(reason),
    ];
    if parts.iter().any(|p| p.is_null()) {
        for p in parts {
            // SAFETY: our references (or NULL).
            unsafe { crate::objects::object::Py_DecRef(p) };
        }
        return;
    }
    // SAFETY: the references move into the tuple.
    let args = unsafe { crate::objects::tupleobject::tuple_from_owned(parts.to_vec()) };
    if !args.is_null() {
        // The instance itself, as CPython's codecs raise it: a caller that
        // fetches without normalising sees the exception, not its args.
        // SAFETY: a static exception type and a live tuple.
        unsafe {
            let instance =
                crate::objects::call::PyObject_Call(exc.type_object(), args, ptr::null_mut());
            crate::objects::object::Py_DecRef(args);
            if !instance.is_null() {
                errors::PyErr_SetObject(exc.type_object(), instance);
                crate::objects::object::Py_DecRef(instance);
            }
        }
    }
}

/// Decodes `bytes` with `codec` and the error handler `h` (`strict`,
/// `replace`, `ignore`, `surrogateescape`, `surrogatepass`,
/// `backslashreplace`); a new
/// `str`, or NULL with CPython's `UnicodeDecodeError` or
/// `LookupError("unknown error handler name 'h'")`.
fn decode(bytes: &[u8], codec: Codec, h: &str) -> *mut PyObject {
    let mut out: Vec<u32> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let (good, bad_len, reason): (Option<(u32, usize)>, usize, &str) = match codec {
            Codec::Latin1 => (Some((bytes[i] as u32, 1)), 0, ""),
            Codec::Ascii if bytes[i] < 0x80 => (Some((bytes[i] as u32, 1)), 0, ""),
            Codec::Ascii => (None, 1, "ordinal not in range(128)"),
            Codec::Utf8 => {
                let rest = &bytes[i..bytes.len().min(i + 4)];
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        let c = s.chars().next().expect("non-empty");
                        (Some((c as u32, c.len_utf8())), 0, "")
                    }
                    Err(e) if e.valid_up_to() > 0 => {
                        let c = std::str::from_utf8(&rest[..e.valid_up_to()])
                            .expect("valid")
                            .chars()
                            .next()
                            .expect("non-empty");
                        (Some((c as u32, c.len_utf8())), 0, "")
                    }
                    Err(_) => {
                        let tail = &bytes[i..];
                        let err = std::str::from_utf8(tail).expect_err("invalid at 0");
                        match err.error_len() {
                            Some(n) => {
                                let lead = bytes[i];
                                let start_bad = (0x80..0xc2).contains(&lead) || lead > 0xf4;
                                (
                                    None,
                                    n,
                                    if start_bad {
                                        "invalid start byte"
                                    } else {
                                        "invalid continuation byte"
                                    },
                                )
                            }
                            None => (None, tail.len(), "unexpected end of data"),
                        }
                    }
                }
            }
        };
        if let Some((c, n)) = good {
            out.push(c);
            i += n;
            continue;
        }
        // surrogatepass: a UTF-8-encoded surrogate (ED A0..BF 80..BF),
        // which the UTF-8 decoder refuses at its first byte, is decoded as
        // that surrogate; anything else fails as under strict.
        if h == "surrogatepass"
            && codec == Codec::Utf8
            && let [0xed, b1 @ 0xa0..=0xbf, b2 @ 0x80..=0xbf, ..] = bytes[i..]
        {
            out.push(0xd000 | ((b1 as u32 & 0x3f) << 6) | (b2 as u32 & 0x3f));
            i += 3;
            continue;
        }
        match h {
            "replace" | "ignore" | "surrogateescape" | "surrogatepass" | "backslashreplace"
            | "strict" => {}
            // As in CPython, the handler is looked up only when needed.
            _ => {
                return fail_null(
                    Exc::LookupError,
                    format!("unknown error handler name '{h}'"),
                );
            }
        }
        // CPython's UnicodeDecodeError for the bad bytes at `i`.
        let fail_decoding = || {
            let obj = crate::objects::bytesobject::bytes_from_slice(bytes);
            raise_codec_error(
                Exc::UnicodeDecodeError,
                codec.name(),
                obj,
                i,
                i + bad_len,
                reason,
            );
            ptr::null_mut()
        };
        match h {
            "strict" | "surrogatepass" => return fail_decoding(),
            "replace" => out.push(0xfffd),
            "ignore" => {}
            "surrogateescape" => {
                for &b in &bytes[i..i + bad_len] {
                    if b < 128 {
                        return fail_decoding();
                    }
                    out.push(0xdc00 + b as u32);
                }
            }
            _ => {
                for &b in &bytes[i..i + bad_len] {
                    out.extend(format!("\\x{b:02x}").chars().map(|c| c as u32));
                }
            }
        }
        i += bad_len;
    }
    unicode_from_code_points(&out)
}

/// Encodes a `str` with `codec` and the handler `h` (`strict`, `replace`,
/// `ignore`, `backslashreplace`, `xmlcharrefreplace`, `surrogateescape`,
/// `surrogatepass`);
/// a new `bytes`, or NULL with CPython's `UnicodeEncodeError`.
///
/// # Safety
/// `s` must be a live `str`.
unsafe fn encode(s: *mut PyObject, codec: Codec, h: &str) -> *mut PyObject {
    // SAFETY: a live str.
    let cps = unsafe { code_points(s) };
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while i < cps.len() {
        let c = cps[i];
        let ok = c <= codec.limit() && !(codec == Codec::Utf8 && (0xd800..0xe000).contains(&c));
        if ok {
            match codec {
                Codec::Utf8 => {
                    let ch = char::from_u32(c).expect("not a surrogate");
                    out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(c as u8),
            }
            i += 1;
            continue;
        }
        // The run of unencodable characters.
        let mut end = i + 1;
        while end < cps.len() {
            let d = cps[end];
            let bad = d > codec.limit() || (codec == Codec::Utf8 && (0xd800..0xe000).contains(&d));
            if !bad {
                break;
            }
            end += 1;
        }
        if !matches!(
            h,
            "strict"
                | "replace"
                | "ignore"
                | "surrogateescape"
                | "surrogatepass"
                | "backslashreplace"
                | "xmlcharrefreplace"
        ) {
            return fail_null(
                Exc::LookupError,
                format!("unknown error handler name '{h}'"),
            );
        }
        match h {
            "replace" => out.extend(std::iter::repeat_n(b'?', end - i)),
            "ignore" => {}
            "backslashreplace" => {
                for &d in &cps[i..end] {
                    out.extend_from_slice(escape_code_point(d).as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &d in &cps[i..end] {
                    out.extend_from_slice(format!("&#{d};").as_bytes());
                }
            }
            "surrogateescape" if cps[i..end].iter().all(|&d| (0xdc80..0xdd00).contains(&d)) => {
                out.extend(cps[i..end].iter().map(|&d| (d - 0xdc00) as u8));
            }
            // surrogatepass: UTF-8 writes each surrogate as its three-byte
            // form; for the 8-bit codecs it is no help (CPython raises the
            // original error).
            "surrogatepass" if codec == Codec::Utf8 => {
                for &d in &cps[i..end] {
                    out.extend_from_slice(&[
                        0xe0 | (d >> 12) as u8,
                        0x80 | ((d >> 6) & 0x3f) as u8,
                        0x80 | (d & 0x3f) as u8,
                    ]);
                }
            }
            _ => {
                let reason = match codec {
                    Codec::Utf8 => "surrogates not allowed",
                    Codec::Ascii => "ordinal not in range(128)",
                    Codec::Latin1 => "ordinal not in range(256)",
                };
                // SAFETY: a live str, referenced by the exception.
                unsafe { crate::objects::object::Py_IncRef(s) };
                raise_codec_error(Exc::UnicodeEncodeError, codec.name(), s, i, end, reason);
                return ptr::null_mut();
            }
        }
        i = end;
    }
    crate::objects::bytesobject::bytes_from_slice(&out)
}

/// `PyUnicode_DecodeUTF8(s, size, errors)`: decodes UTF-8 with the error
/// handler `errors` (NULL: strict).
///
/// # Safety
/// `s` must be readable for `size` bytes; `errors_` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF8(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_raw(s, size, Codec::Utf8, errors_) }
}

/// How many bytes at the end of `bytes` start a UTF-8 sequence that more
/// bytes could still complete (0 when none does): a lead byte and only
/// valid continuation bytes after it, fewer than its length needs, with
/// the second byte in the range its lead allows (CPython's stateful
/// decoder stops there and leaves them unconsumed). As in CPython, a cut
/// surrogate (ED A0..BF) counts as incomplete too: only the bytes after
/// it, which never come, would make it an error.
fn incomplete_utf8_tail(bytes: &[u8]) -> usize {
    for back in 1..=3.min(bytes.len()) {
        let at = bytes.len() - back;
        let lead = bytes[at];
        if (0x80..0xC0).contains(&lead) {
            continue; // a continuation byte: the lead is further back
        }
        let need = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        if back >= need {
            return 0;
        }
        let tail = &bytes[at + 1..];
        if let Some(&second) = tail.first() {
            let ok = match lead {
                0xE0 => (0xA0..=0xBF).contains(&second),
                0xF0 => (0x90..=0xBF).contains(&second),
                0xF4 => (0x80..=0x8F).contains(&second),
                _ => (0x80..=0xBF).contains(&second),
            };
            if !ok || tail[1..].iter().any(|b| !(0x80..0xC0).contains(b)) {
                return 0;
            }
        }
        return back;
    }
    0
}

/// `PyUnicode_DecodeUTF8Stateful(s, size, errors, consumed)`: as
/// [`PyUnicode_DecodeUTF8`], but with `consumed` non-NULL a sequence cut
/// off at the end is not an error: decoding stops before it and
/// `*consumed` says how many bytes were used.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF8`]; `consumed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF8Stateful(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    if consumed.is_null() || size <= 0 || s.is_null() {
        // SAFETY: forwarded contract.
        let r = unsafe { decode_raw(s, size, Codec::Utf8, errors_) };
        if !consumed.is_null() && !r.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *consumed = size.max(0) };
        }
        return r;
    }
    // SAFETY: readable per the contract (size > 0, s non-NULL).
    let bytes = unsafe { std::slice::from_raw_parts(s.cast::<u8>(), size as usize) };
    let used = bytes.len() - incomplete_utf8_tail(bytes);
    // SAFETY: NULL or NUL-terminated per the contract.
    let r = decode(&bytes[..used], Codec::Utf8, unsafe { handler(errors_) });
    if !r.is_null() {
        // SAFETY: writable per the contract.
        unsafe { *consumed = used as Py_ssize_t };
    }
    r
}

/// `PyUnicode_DecodeASCII(s, size, errors)`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF8`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeASCII(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_raw(s, size, Codec::Ascii, errors_) }
}

/// `PyUnicode_DecodeLatin1(s, size, errors)`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF8`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeLatin1(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_raw(s, size, Codec::Latin1, errors_) }
}

/// Decodes `size` bytes at `s`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF8`].
unsafe fn decode_raw(
    s: *const c_char,
    size: Py_ssize_t,
    codec: Codec,
    errors_: *const c_char,
) -> *mut PyObject {
    if size < 0 {
        // CPython's decoders hand the size to PyUnicode_New unchecked.
        return fail_null(Exc::SystemError, "Negative size passed to PyUnicode_New");
    }
    if s.is_null() && size > 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let bytes = if size == 0 {
        &[][..]
    } else {
        // SAFETY: readable per the contract.
        unsafe { std::slice::from_raw_parts(s.cast::<u8>(), size as usize) }
    };
    // SAFETY: forwarded contract.
    decode(bytes, codec, unsafe { handler(errors_) })
}

/// `PyUnicode_Decode(s, size, encoding, errors)`: decodes with a named
/// codec (UTF-8, ASCII, Latin-1, UTF-16, UTF-32 and their byte-order
/// forms, unicode_escape, raw_unicode_escape, and their aliases; NULL:
/// UTF-8).
///
/// Fails (NULL) with `LookupError("unknown encoding: name")` for other
/// codecs (pybuffer has no codec registry), or the codec's errors.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF8`]; `encoding` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Decode(
    s: *const c_char,
    size: Py_ssize_t,
    encoding: *const c_char,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let Some(codec) = (unsafe { codec_of(encoding) }) else {
        return ptr::null_mut();
    };
    // SAFETY: forwarded contract.
    let r = unsafe {
        match codec {
            Named::Basic(codec) => decode_raw(s, size, codec, errors_),
            Named::Utf16(bo) => wide::decode_named(s, size, errors_, bo, false),
            Named::Utf32(bo) => wide::decode_named(s, size, errors_, bo, true),
            Named::UnicodeEscape => escape::PyUnicode_DecodeUnicodeEscape(s, size, errors_),
            Named::RawUnicodeEscape => escape::PyUnicode_DecodeRawUnicodeEscape(s, size, errors_),
        }
    };
    if r.is_null() {
        // SAFETY: codec_of accepted it: not NULL, NUL-terminated.
        if let Some(name) = (!encoding.is_null())
            .then(|| unsafe { CStr::from_ptr(encoding) }.to_string_lossy())
            .filter(|n| !is_fast_path(n))
        {
            wrap_codec_error("decoding", &name);
        }
    }
    r
}

/// A codec the C API's named-codec entry points know besides [`Codec`]'s:
/// the UTF-16 and UTF-32 ones (with their byte order: 0 from a
/// byte-order mark, -1 little, 1 big-endian) and the escape codecs.
#[derive(Clone, Copy)]
enum Named {
    Basic(Codec),
    Utf16(std::ffi::c_int),
    Utf32(std::ffi::c_int),
    UnicodeEscape,
    RawUnicodeEscape,
}

impl Named {
    /// The codec for an encoding name (normalised as [`Codec::lookup`]
    /// does, with CPython's aliases), or None.
    fn lookup(name: &str) -> Option<Named> {
        if let Some(c) = Codec::lookup(name) {
            return Some(Named::Basic(c));
        }
        let n: String = name
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        Some(match n.as_str() {
            "utf_16" | "utf16" | "u16" => Named::Utf16(0),
            "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Named::Utf16(-1),
            "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Named::Utf16(1),
            "utf_32" | "utf32" | "u32" => Named::Utf32(0),
            "utf_32_le" | "utf_32le" => Named::Utf32(-1),
            "utf_32_be" | "utf_32be" => Named::Utf32(1),
            "unicode_escape" => Named::UnicodeEscape,
            "raw_unicode_escape" => Named::RawUnicodeEscape,
            _ => return None,
        })
    }
}

/// True when CPython 3.11 encodes or decodes `encoding` itself (its
/// `PyUnicode_AsEncodedString` / `PyUnicode_Decode` fast paths: the
/// names that normalise to utf8, utf_8, utf16, utf_16, utf32, utf_32,
/// ascii, us_ascii, latin1, latin_1, iso_8859_1 or iso8859_1); any other
/// name goes through its codec registry, which rewords some errors (see
/// [`wrap_codec_error`]).
fn is_fast_path(encoding: &str) -> bool {
    // `_Py_normalize_encoding`: lower case, each run of other characters
    // than letters, digits and '.' one '_' (none at the ends).
    let mut n = String::new();
    let mut punct = false;
    for c in encoding.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !n.is_empty() {
                n.push('_');
            }
            punct = false;
            n.push(c.to_ascii_lowercase());
        } else {
            punct = true;
        }
    }
    matches!(
        n.as_str(),
        "utf8"
            | "utf_8"
            | "utf16"
            | "utf_16"
            | "utf32"
            | "utf_32"
            | "ascii"
            | "us_ascii"
            | "latin1"
            | "latin_1"
            | "iso_8859_1"
            | "iso8859_1"
    )
}

/// What CPython's codec registry does to an error its codec raised
/// (`_PyErr_TrySetFromCause`): a `LookupError`, `TypeError`,
/// `ValueError` or `UnicodeError` (exactly, the types that keep no state
/// of their own) is raised again as `"<op> with '<encoding>' codec failed
/// (<Type>: <message>)"`, caused by the first.
fn wrap_codec_error(op: &str, encoding: &str) {
    let wrapped = [
        Exc::LookupError,
        Exc::TypeError,
        Exc::ValueError,
        Exc::UnicodeError,
    ];
    // SAFETY: the pending exception, fetched and owned here.
    unsafe {
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        let Some(&exc) = wrapped.iter().find(|e| e.type_object() == t) else {
            errors::PyErr_Restore(t, v, tb);
            return;
        };
        errors::PyErr_NormalizeException(&mut t, &mut v, &mut tb);
        let text = crate::objects::object::PyObject_Str(v);
        let message = match str_value(text) {
            Some(m) => format!(
                "{op} with '{encoding}' codec failed ({}: {m})",
                crate::objects::object::tp_name(type_of(v), usize::MAX)
            ),
            None => {
                crate::objects::object::Py_DecRef(text);
                errors::PyErr_Restore(t, v, tb);
                return;
            }
        };
        crate::objects::object::Py_DecRef(text);
        if !tb.is_null() {
            crate::objects::exceptions::PyException_SetTraceback(v, tb);
        }
        errors::raise(exc, message);
        let (mut t2, mut v2, mut tb2) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t2, &mut v2, &mut tb2);
        errors::PyErr_NormalizeException(&mut t2, &mut v2, &mut tb2);
        if !v2.is_null() {
            // SetCause takes the reference to `v`; the context is the
            // same exception, as a raise inside an except block gives.
            crate::objects::object::Py_IncRef(v);
            crate::objects::exceptions::PyException_SetContext(v2, v);
            crate::objects::exceptions::PyException_SetCause(v2, v);
        } else {
            crate::objects::object::Py_DecRef(v);
        }
        crate::objects::object::Py_DecRef(t);
        crate::objects::object::Py_DecRef(tb);
        errors::PyErr_Restore(t2, v2, tb2);
    }
}

/// The codec for an encoding argument (NULL: UTF-8), or None with
/// `LookupError("unknown encoding: name")`.
///
/// # Safety
/// `encoding` must be NULL or NUL-terminated.
unsafe fn codec_of(encoding: *const c_char) -> Option<Named> {
    if encoding.is_null() {
        return Some(Named::Basic(Codec::Utf8));
    }
    // SAFETY: NUL-terminated per the contract.
    let name = unsafe { CStr::from_ptr(encoding) }.to_string_lossy();
    let c = Named::lookup(&name);
    if c.is_none() {
        errors::raise(Exc::LookupError, format!("unknown encoding: {name}"));
    }
    c
}

/// `PyUnicode_AsEncodedString(s, encoding, errors)`: encodes a `str` with
/// a named codec (UTF-8, ASCII, Latin-1, UTF-16, UTF-32 and their
/// byte-order forms, unicode_escape, raw_unicode_escape; NULL: UTF-8) to
/// `bytes`.
///
/// Fails (NULL) with `TypeError` for a non-str, `LookupError("unknown
/// encoding: name")`, or `UnicodeEncodeError` with CPython's message.
///
/// # Safety
/// `s` must be NULL or live; `encoding`/`errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsEncodedString(
    s: *mut PyObject,
    encoding: *const c_char,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    let Some(codec) = (unsafe { codec_of(encoding) }) else {
        return ptr::null_mut();
    };
    // SAFETY: a str; forwarded contract.
    let r = unsafe {
        match codec {
            Named::Basic(codec) => encode(s, codec, handler(errors_)),
            Named::Utf16(bo) => wide::encode_wide(s, bo, false, handler(errors_)),
            Named::Utf32(bo) => wide::encode_wide(s, bo, true, handler(errors_)),
            Named::UnicodeEscape => escape::PyUnicode_AsUnicodeEscapeString(s),
            Named::RawUnicodeEscape => escape::PyUnicode_AsRawUnicodeEscapeString(s),
        }
    };
    if r.is_null() {
        // SAFETY: codec_of accepted it: not NULL, NUL-terminated.
        if let Some(name) = (!encoding.is_null())
            .then(|| unsafe { CStr::from_ptr(encoding) }.to_string_lossy())
            .filter(|n| !is_fast_path(n))
        {
            wrap_codec_error("encoding", &name);
        }
    }
    r
}

macro_rules! as_codec_string {
    ($( $(#[$doc:meta])* $name:ident => $codec:ident; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Fails (NULL) with `TypeError("bad argument type for built-in
            /// operation")` or `UnicodeEncodeError`.
            ///
            /// # Safety
            /// `s` must be NULL or a live object.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $name(s: *mut PyObject) -> *mut PyObject {
                // SAFETY: live per the contract.
                if s.is_null() || !unsafe { is_str(s) } {
                    errors::bad_argument();
                    return ptr::null_mut();
                }
                // SAFETY: a str.
                unsafe { encode(s, Codec::$codec, "strict") }
            }
        )*
    };
}

as_codec_string! {
    /// `PyUnicode_AsUTF8String(s)`: the UTF-8 encoding as `bytes`.
    PyUnicode_AsUTF8String => Utf8;
    /// `PyUnicode_AsASCIIString(s)`: the ASCII encoding as `bytes`.
    PyUnicode_AsASCIIString => Ascii;
    /// `PyUnicode_AsLatin1String(s)`: the Latin-1 encoding as `bytes`.
    PyUnicode_AsLatin1String => Latin1;
}

// ==========================================================================
// C API: interning and joining
// ==========================================================================

/// The interned strings, by text: each holds a reference for the life of
/// the process (CPython's interned strings are immortal too).
fn interned() -> &'static std::sync::Mutex<std::collections::HashMap<Vec<u32>, usize>> {
    static TABLE: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<Vec<u32>, usize>>,
    > = std::sync::OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// `PyUnicode_InternInPlace(&s)`: replaces `*s` (an exact `str`) with the
/// one interned `str` of equal text, interning `*s` itself when it is the
/// first. Anything else is left alone, as in CPython.
///
/// # Safety
/// `p` must point to NULL or an owned reference to a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_InternInPlace(p: *mut *mut PyObject) {
    if p.is_null() {
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        let s = *p;
        if s.is_null() || type_of(s) != PyUnicode_Type.get() {
            return;
        }
        let key = code_points(s);
        let mut table = interned().lock().unwrap_or_else(|e| e.into_inner());
        match table.get(&key) {
            Some(&found) => {
                let found = found as *mut PyObject;
                if found != s {
                    crate::objects::object::Py_IncRef(found);
                    *p = found;
                    drop(table);
                    crate::objects::object::Py_DecRef(s);
                }
            }
            None => {
                crate::objects::object::Py_IncRef(s);
                (*(s as *mut PyASCIIObject)).state |= 1;
                table.insert(key, s as usize);
            }
        }
    }
}

/// `PyUnicode_InternImmortal(&s)` (deprecated): [`PyUnicode_InternInPlace`];
/// interned strings live as long as the process here already, so the
/// string is only marked immortal (`SSTATE_INTERNED_IMMORTAL`).
///
/// # Safety
/// As [`PyUnicode_InternInPlace`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_InternImmortal(p: *mut *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe {
        PyUnicode_InternInPlace(p);
        if !p.is_null() && !(*p).is_null() && state(*p) & 3 == 1 {
            (*(*p as *mut PyASCIIObject)).state = state(*p) & !3 | 2;
        }
    }
}

/// `PyUnicode_InternFromString(v)`: the interned `str` of the UTF-8 text
/// `v` (a new reference).
///
/// Fails (NULL) as [`PyUnicode_FromString`].
///
/// # Safety
/// `v` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_InternFromString(v: *const c_char) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let mut s = unsafe { PyUnicode_FromString(v) };
    // SAFETY: a new reference or NULL.
    unsafe { PyUnicode_InternInPlace(&mut s) };
    s
}

/// `PyUnicode_Join(separator, seq)`: the items of the iterable `seq`
/// (each a `str`) joined by `separator` (NULL: a space).
///
/// Fails (NULL) with `TypeError("sequence item N: expected str instance,
/// T found")`, `TypeError("separator: expected str instance, T found")`,
/// `TypeError("can only join an iterable")`, or the iteration's error.
///
/// # Safety
/// Both must be NULL (separator only) or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_Join(
    separator: *mut PyObject,
    seq: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::r#abstract::{PySequence_Fast, fast_items, type_name_200};
    // SAFETY: live per the contract; the fast sequence is held meanwhile.
    unsafe {
        let sep = if separator.is_null() {
            vec![' ' as u32]
        } else if is_str(separator) {
            code_points(separator)
        } else {
            let name = type_name_200(separator);
            return fail_null(
                Exc::TypeError,
                format!("separator: expected str instance, {name} found"),
            );
        };
        let fast = PySequence_Fast(seq, c"can only join an iterable".as_ptr());
        if fast.is_null() {
            return fast;
        }
        let (items, n) = fast_items(fast);
        let mut out = Vec::new();
        for i in 0..n as usize {
            let item = *items.add(i);
            if !is_str(item) {
                let name = type_name_200(item);
                crate::objects::object::Py_DecRef(fast);
                return fail_null(
                    Exc::TypeError,
                    format!("sequence item {i}: expected str instance, {name} found"),
                );
            }
            if i > 0 {
                out.extend_from_slice(&sep);
            }
            out.extend(code_points(item));
        }
        crate::objects::object::Py_DecRef(fast);
        unicode_from_code_points(&out)
    }
}

/// C's `wchar_t`: UTF-16 code units on Windows, UTF-32 elsewhere.
#[cfg(windows)]
pub type WChar = u16;
/// C's `wchar_t`: UTF-16 code units on Windows, UTF-32 elsewhere.
#[cfg(not(windows))]
pub type WChar = u32;

/// The code points of `wchar_t` text: each unit as it is (UTF-32).
#[cfg(not(windows))]
fn wide_code_points(units: &[WChar]) -> Vec<u32> {
    units.to_vec()
}

/// The code points of `wchar_t` text (UTF-16): a high surrogate followed
/// by a low one is one code point; any other unit, a lone surrogate
/// included, is itself.
#[cfg(windows)]
fn wide_code_points(units: &[WChar]) -> Vec<u32> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let u = u32::from(units[i]);
        match units.get(i + 1).map(|&v| u32::from(v)) {
            Some(v) if (0xd800..0xdc00).contains(&u) && (0xdc00..0xe000).contains(&v) => {
                out.push(0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00));
                i += 2;
            }
            _ => {
                out.push(u);
                i += 1;
            }
        }
    }
    out
}

/// `PyUnicode_FromWideChar(w, size)`: a `str` of `size` `wchar_t`s (up to
/// the terminating NUL when `size` is -1). `wchar_t` is UTF-32 on Linux and
/// macOS, so each is one code point; on Windows it is UTF-16, and a
/// surrogate pair makes one code point while a lone surrogate stays itself,
/// as CPython decodes it there.
///
/// Fails (NULL) with `SystemError` for a NULL `w` with a nonzero size, or
/// CPython's `ValueError` for a value above U+10FFFF.
///
/// # Safety
/// `w` must be readable for `size` `wchar_t`s, or NUL-terminated when
/// `size` is -1.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromWideChar(
    w: *const WChar,
    size: Py_ssize_t,
) -> *mut PyObject {
    if w.is_null() && size != 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let n = if size == -1 {
        let mut n = 0usize;
        // SAFETY: NUL-terminated per the contract.
        while unsafe { w.add(n).read_unaligned() } != 0 {
            n += 1;
        }
        n
    } else if size < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    } else {
        size as usize
    };
    let units: Vec<WChar> = (0..n)
        // SAFETY: readable for `n` items per the contract.
        .map(|i| unsafe { w.add(i).read_unaligned() })
        .collect();
    let cps = wide_code_points(&units);
    if let Some(&c) = cps.iter().find(|&&c| c > 0x10ffff) {
        return fail_null(
            Exc::ValueError,
            format!("character U+{c:x} is not in range [U+0000; U+10ffff]"),
        );
    }
    unicode_from_code_points(&cps)
}

// ==========================================================================
// PyUnicode_AsUCS4, PyUnicode_AsUCS4Copy
// ==========================================================================

/// CPython's `as_ucs4`: the code points of `string` into `target` (or, when
/// `target` is NULL, into a new `PyMem_Malloc` block), followed by a 0 when
/// `copy_null` is set. A `target` of `targetsize` code points that is too
/// small fails with `SystemError("string is longer than the buffer")`,
/// after writing a 0 to `target[0]` when `copy_null` is set and there is
/// room. Stricter than CPython, which reads a non-`str` as if it were one:
/// `TypeError("bad argument type for built-in operation")`.
///
/// # Safety
/// `string` must be NULL or a live object; `target` NULL or writable for
/// `targetsize` code points.
unsafe fn as_ucs4(
    string: *mut PyObject,
    target: *mut u32,
    targetsize: Py_ssize_t,
    copy_null: bool,
) -> *mut u32 {
    // SAFETY: live per the contract.
    if string.is_null() || !unsafe { is_str(string) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // SAFETY: a str.
    let cps = unsafe { code_points(string) };
    let needed = cps.len() + usize::from(copy_null);
    let out = if target.is_null() {
        let Some(bytes) = needed.checked_mul(std::mem::size_of::<u32>()) else {
            errors::PyErr_NoMemory();
            return ptr::null_mut();
        };
        // PyMem_New(Py_UCS4, 0) still returns a distinct block.
        let block = crate::objects::obmalloc::PyMem_Malloc(bytes.max(1)).cast::<u32>();
        if block.is_null() {
            errors::PyErr_NoMemory();
            return ptr::null_mut();
        }
        block
    } else {
        if (targetsize as usize) < needed {
            errors::raise(Exc::SystemError, "string is longer than the buffer");
            if copy_null && targetsize > 0 {
                // SAFETY: writable for targetsize > 0 code points.
                unsafe { target.write(0) };
            }
            return ptr::null_mut();
        }
        target
    };
    // SAFETY: `out` holds at least `needed` code points.
    unsafe {
        ptr::copy_nonoverlapping(cps.as_ptr(), out, cps.len());
        if copy_null {
            out.add(cps.len()).write(0);
        }
    }
    out
}

/// `PyUnicode_AsUCS4(string, target, targetsize, copy_null)`: `string`'s
/// code points copied into `target` (see [`as_ucs4`]); returns `target`,
/// or NULL with `SystemError` for a NULL `target` or a negative size.
///
/// # Safety
/// `string` must be NULL or a live object; `target` NULL or writable for
/// `targetsize` code points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUCS4(
    string: *mut PyObject,
    target: *mut u32,
    targetsize: Py_ssize_t,
    copy_null: std::ffi::c_int,
) -> *mut u32 {
    if target.is_null() || targetsize < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    unsafe { as_ucs4(string, target, targetsize, copy_null != 0) }
}

/// `PyUnicode_AsUCS4Copy(string)`: `string`'s code points and a 0 in a new
/// `PyMem_Malloc` block (free it with `PyMem_Free`).
///
/// # Safety
/// `string` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUCS4Copy(string: *mut PyObject) -> *mut u32 {
    // SAFETY: forwarded contract.
    unsafe { as_ucs4(string, ptr::null_mut(), 0, true) }
}

// ==========================================================================
// File-system paths
// ==========================================================================
//
// The file-system encoding is UTF-8 with `surrogateescape`, as CPython's on
// Linux and macOS (and in its UTF-8 mode): undecodable bytes become lone
// surrogates U+DC80..U+DCFF and encode back to themselves.

/// `PyUnicode_DecodeFSDefaultAndSize(s, size)`: `s` decoded with the
/// file-system encoding.
///
/// # Safety
/// `s` must be readable for `size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeFSDefaultAndSize(
    s: *const std::ffi::c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_DecodeUTF8(s, size, c"surrogateescape".as_ptr()) }
}

/// `PyUnicode_DecodeFSDefault(s)`: the NUL-terminated `s` decoded with the
/// file-system encoding.
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeFSDefault(s: *const std::ffi::c_char) -> *mut PyObject {
    if s.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    let n = unsafe { std::ffi::CStr::from_ptr(s) }.to_bytes().len();
    // SAFETY: readable for `n` bytes.
    unsafe { PyUnicode_DecodeFSDefaultAndSize(s, n as Py_ssize_t) }
}

/// `PyUnicode_EncodeFSDefault(unicode)`: a `bytes` of `unicode` encoded
/// with the file-system encoding.
///
/// # Safety
/// `unicode` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_EncodeFSDefault(unicode: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsEncodedString(unicode, c"utf-8".as_ptr(), c"surrogateescape".as_ptr()) }
}

/// `PyOS_FSPath(path)`: `path` itself when it is a `str` or `bytes`, else
/// what its type's `__fspath__` returns, which must be one of those.
/// Fails (NULL) with CPython's `TypeError`s: `expected str, bytes or
/// os.PathLike object, not T`, `expected T.__fspath__() to return str or
/// bytes, not U`.
///
/// # Safety
/// `path` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_FSPath(path: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::{Py_IncRef, tp_name};
    // `_PyType_Name`: the part of `tp_name` after its last dot.
    let short_type_name = |t: *mut PyTypeObject| {
        // SAFETY: a live type.
        let full = unsafe { tp_name(t, 200) };
        full.rsplit('.').next().unwrap_or(&full).to_owned()
    };
    if path.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe {
        let is_bytes = |o: *mut PyObject| crate::objects::bytesobject::bytes_data(o).is_some();
        if is_str(path) || is_bytes(path) {
            Py_IncRef(path);
            return path;
        }
        let ty = type_of(path);
        let name = unicode_from_str("__fspath__");
        if name.is_null() {
            return ptr::null_mut();
        }
        // Looked up on the type, as CPython's _PyObject_LookupSpecial.
        let func = crate::objects::typeobject::_PyType_Lookup(ty, name);
        if func.is_null() {
            crate::objects::object::Py_DecRef(name);
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    short_type_name(ty)
                ),
            );
        }
        crate::objects::object::Py_DecRef(name);
        // `func` is borrowed from the type's dict, which the type keeps.
        let res = crate::objects::call::PyObject_CallOneArg(func, path);
        if res.is_null() {
            return res;
        }
        if !(is_str(res) || is_bytes(res)) {
            let msg = format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                short_type_name(ty),
                short_type_name(type_of(res))
            );
            crate::objects::object::Py_DecRef(res);
            return errors::fail_null(Exc::TypeError, msg);
        }
        res
    }
}

/// `PyUnicode_FSConverter(arg, addr)`, an `O&` converter: `*addr` becomes
/// a new `bytes` of the path `arg` names (a `str` encoded with the
/// file-system encoding, or `bytes`, or an `os.PathLike`'s); returns
/// `Py_CLEANUP_SUPPORTED`, or 0 with `ValueError("embedded null byte")` or
/// `PyOS_FSPath`'s error. A NULL `arg` releases `*addr` (the cleanup call).
///
/// # Safety
/// `addr` must point to a `PyObject *` (NULL or a reference the caller
/// owns, for the cleanup call).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FSConverter(
    arg: *mut PyObject,
    addr: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    let out = addr.cast::<*mut PyObject>();
    // SAFETY: per the contract.
    unsafe {
        if arg.is_null() {
            crate::objects::object::Py_DecRef(*out);
            *out = ptr::null_mut();
            return 1;
        }
        let path = PyOS_FSPath(arg);
        if path.is_null() {
            return 0;
        }
        let output = if is_str(path) {
            let b = PyUnicode_EncodeFSDefault(path);
            crate::objects::object::Py_DecRef(path);
            if b.is_null() {
                return 0;
            }
            b
        } else {
            path
        };
        let (p, n) =
            crate::objects::bytesobject::bytes_data(output).unwrap_or((ptr::null_mut(), 0));
        // SAFETY: a bytes' data, `n` bytes long.
        if n > 0 && std::slice::from_raw_parts(p, n).contains(&0) {
            crate::objects::object::Py_DecRef(output);
            errors::raise(Exc::ValueError, "embedded null byte");
            return 0;
        }
        *out = output;
        PY_CLEANUP_SUPPORTED
    }
}

/// `PyUnicode_FSDecoder(arg, addr)`, an `O&` converter: `*addr` becomes a
/// new `str` of the path `arg` names (a `str`, `bytes` decoded with the
/// file-system encoding, or an `os.PathLike`'s); returns
/// `Py_CLEANUP_SUPPORTED`, or 0 with `ValueError("embedded null
/// character")` or `PyOS_FSPath`'s error. A NULL `arg` releases `*addr`.
///
/// # Safety
/// As [`PyUnicode_FSConverter`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FSDecoder(
    arg: *mut PyObject,
    addr: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    let out = addr.cast::<*mut PyObject>();
    // SAFETY: per the contract.
    unsafe {
        if arg.is_null() {
            crate::objects::object::Py_DecRef(*out);
            *out = ptr::null_mut();
            return 1;
        }
        let path = PyOS_FSPath(arg);
        if path.is_null() {
            return 0;
        }
        let output = if is_str(path) {
            path
        } else {
            let (p, n) =
                crate::objects::bytesobject::bytes_data(path).unwrap_or((ptr::null_mut(), 0));
            let s = PyUnicode_DecodeFSDefaultAndSize(p.cast_const().cast(), n as Py_ssize_t);
            crate::objects::object::Py_DecRef(path);
            if s.is_null() {
                return 0;
            }
            s
        };
        if code_points(output).contains(&0) {
            crate::objects::object::Py_DecRef(output);
            errors::raise(Exc::ValueError, "embedded null character");
            return 0;
        }
        *out = output;
        PY_CLEANUP_SUPPORTED
    }
}

/// `Py_CLEANUP_SUPPORTED`: an `O&` converter's "call me again with NULL to
/// clean up" result.
const PY_CLEANUP_SUPPORTED: std::ffi::c_int = 0x20000;

/// Copies `n` characters of `from` at `from_start` into `to` at
/// `to_start`, converting between kinds. The caller checked the ranges.
///
/// # Safety
/// Both must be live strs, the ranges inside them, and `to` unshared.
unsafe fn copy_units(
    to: *mut PyObject,
    to_start: usize,
    from: *mut PyObject,
    from_start: usize,
    n: usize,
) {
    // SAFETY: per the contract.
    unsafe {
        let (fk, fd, tk, td) = (kind(from), data(from), kind(to), data(to));
        if fk == tk {
            ptr::copy(fd.add(from_start * fk), td.add(to_start * tk), n * fk);
            return;
        }
        for i in 0..n {
            let j = from_start + i;
            let c = match fk {
                1 => u32::from(*fd.add(j)),
                2 => u32::from(*(fd as *const u16).add(j)),
                _ => *(fd as *const u32).add(j),
            };
            write_unit(td, tk, to_start + i, c);
        }
    }
}

/// The name CPython's error messages give a str's kind.
///
/// # Safety
/// `op` must be a live `str`.
unsafe fn kind_name(op: *mut PyObject) -> &'static str {
    // SAFETY: per the contract.
    unsafe {
        match kind(op) {
            1 if is_ascii(op) => "ascii",
            1 => "latin1",
            2 => "UCS2",
            _ => "UCS4",
        }
    }
}

/// `PyUnicode_CopyCharacters(to, to_start, from, from_start, how_many)`:
/// copies up to `how_many` characters of `from` (as many as it has after
/// `from_start`) into the unshared `to` at `to_start`; the count copied.
///
/// Fails (-1) with `SystemError` for a non-str, a negative `how_many`, a
/// range past the end of `to`, a shared `to` ("Cannot modify a string
/// currently used") or a character `to`'s kind cannot hold;
/// `IndexError("string index out of range")` for a start past the end.
///
/// # Safety
/// `to` and `from` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_CopyCharacters(
    to: *mut PyObject,
    to_start: Py_ssize_t,
    from: *mut PyObject,
    from_start: Py_ssize_t,
    how_many: Py_ssize_t,
) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    if to.is_null() || from.is_null() || !unsafe { is_str(to) && is_str(from) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: both are strs; `to` is written only once checked unshared.
    unsafe {
        let (to_len, from_len) = (len(to), len(from));
        if from_start as usize > from_len || to_start as usize > to_len {
            return errors::fail(Exc::IndexError, "string index out of range") as Py_ssize_t;
        }
        if how_many < 0 {
            return errors::fail(Exc::SystemError, "how_many cannot be negative") as Py_ssize_t;
        }
        let n = (from_len - from_start as usize).min(how_many as usize);
        if to_start as usize + n > to_len {
            return errors::fail(
                Exc::SystemError,
                format!(
                    "Cannot write {n} characters at {to_start} in a string of {to_len} characters"
                ),
            ) as Py_ssize_t;
        }
        if n == 0 {
            return 0;
        }
        if crate::objects::object::Py_REFCNT(to) != 1 || (*(to as *mut PyASCIIObject)).hash != -1 {
            return errors::fail(Exc::SystemError, "Cannot modify a string currently used")
                as Py_ssize_t;
        }
        let (fk, tk) = (kind(from), kind(to));
        let to_max = if is_ascii(to) {
            0x7f
        } else {
            [0, 0xff, 0xffff, 0, 0x10ffff][tk]
        };
        let refused = if fk < tk || (fk == tk && fk > 1) {
            false
        } else if fk == tk {
            // Latin-1 into ASCII: CPython 3.11 checks the first `n`
            // characters of `from` (from index 0, whatever `from_start`).
            !is_ascii(from) && is_ascii(to) && (0..n).any(|i| *data(from).add(i) >= 0x80)
        } else {
            // Narrowing: characters are written until one does not fit,
            // as CPython's loop does.
            let mut refused = false;
            for i in 0..n {
                let c = PyUnicode_ReadChar(from, from_start + i as Py_ssize_t);
                if c > to_max {
                    refused = true;
                    break;
                }
                write_unit(data(to), tk, to_start as usize + i, c);
            }
            if !refused {
                return n as Py_ssize_t;
            }
            true
        };
        if refused {
            return errors::fail(
                Exc::SystemError,
                format!(
                    "Cannot copy {} characters into a string of {} characters",
                    kind_name(from),
                    kind_name(to)
                ),
            ) as Py_ssize_t;
        }
        copy_units(to, to_start as usize, from, from_start as usize, n);
        n as Py_ssize_t
    }
}

/// `_PyUnicode_FastCopyCharacters(to, to_start, from, from_start,
/// how_many)`: the copy of [`PyUnicode_CopyCharacters`] for a caller that
/// knows the ranges are inside both strings and the characters fit `to`
/// (CPython only asserts it). A call breaking that, or with a non-str,
/// copies nothing rather than write out of bounds.
///
/// # Safety
/// `to` and `from` must be NULL or live objects; `to` must not be shared.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_FastCopyCharacters(
    to: *mut PyObject,
    to_start: Py_ssize_t,
    from: *mut PyObject,
    from_start: Py_ssize_t,
    how_many: Py_ssize_t,
) {
    // SAFETY: NULL or live per the contract; the ranges are checked.
    unsafe {
        if to.is_null() || from.is_null() || !(is_str(to) && is_str(from)) {
            return;
        }
        if to_start < 0 || from_start < 0 || how_many < 0 {
            return;
        }
        let (ts, fs, n) = (to_start as usize, from_start as usize, how_many as usize);
        if fs.checked_add(n).is_none_or(|e| e > len(from))
            || ts.checked_add(n).is_none_or(|e| e > len(to))
        {
            return;
        }
        copy_units(to, ts, from, fs, n);
    }
}
