//! `_io.BytesIO` (CPython's `Modules/_io/bytesio.c`): an in-memory binary
//! stream over a growable buffer, and `_io._BytesIOBuffer`, the exporter
//! behind `getbuffer()`.
//!
//! Extensions make `io.BytesIO()` to gather output and read it back as a
//! buffer (zopflipy's compressors write into one and export it with
//! `getbuffer()`), or hand one to C++ stream adaptors that call `read`,
//! `write`, `seek` and `tell`. The methods, their argument conversions and
//! messages are CPython 3.11's; while a `getbuffer()` view is alive the
//! stream cannot change size (`BufferError`), as there. Differences: the
//! base class is `_io._IOBase` (CPython puts `_io._BufferedIOBase`
//! between them), `getvalue()` always copies (CPython may hand back the
//! bytes object it was given), and `__getstate__` / `__setstate__`
//! (pickling) and `__sizeof__` are not there.

use std::ffi::{c_int, c_void};
use std::mem::offset_of;
use std::ptr;

use super::native::*;
use crate::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use crate::ffi::*;
use crate::objects::r#abstract::{PyIndex_Check, PyNumber_AsSsize_t, type_name_200};
use crate::objects::boolobject::PyBool_FromLong;
use crate::objects::bytesobject::PyBytes_FromStringAndSize;
use crate::objects::exceptions::Exc;
use crate::objects::listobject::PyList_New;
use crate::objects::longobject::PyLong_FromSsize_t;
use crate::objects::object::{Py_DecRef, Py_IncRef, py_none};
use crate::objects::obmalloc::{PyMem_Free, PyMem_Realloc, PyObject_Free, PyObject_Malloc};
use crate::objects::typeobject::{PyType_Ready, static_type};
use crate::objects::weakrefobject::PyObject_ClearWeakRefs;
use crate::python::clinic;
use crate::python::errors;

/// A `BytesIO`. Its first fields are `_IOBase`'s (the instance dict and
/// the weak references), so that the base class's slots find them.
#[repr(C)]
pub(crate) struct BytesIO {
    ob_base: PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
    /// The bytes, `allocated` long (NULL while nothing is allocated).
    buf: *mut u8,
    allocated: Py_ssize_t,
    /// How many bytes the stream holds, and where the next read or write
    /// starts (which may lie past the end: a write there zero-fills).
    string_size: Py_ssize_t,
    pos: Py_ssize_t,
    /// Nonzero once closed.
    closed: c_int,
    /// Live `getbuffer()` exports.
    exports: Py_ssize_t,
}

/// The exporter a `getbuffer()` memoryview holds: a strong reference to
/// its stream.
#[repr(C)]
struct BytesIOBuffer {
    ob_base: PyObject,
    source: *mut BytesIO,
}

/// The buffer of an empty stream (never written through: its length is 0).
static EMPTY: [u8; 1] = [0];

fn none() -> *mut PyObject {
    let n = py_none();
    // SAFETY: None is always live; the caller gets a reference.
    unsafe { Py_IncRef(n) };
    n
}

/// `CHECK_CLOSED`: ValueError for a closed stream.
///
/// # Safety
/// `s` must be a live `BytesIO`.
unsafe fn closed_error(s: *mut BytesIO) -> bool {
    // SAFETY: live per the contract.
    if unsafe { (*s).closed } != 0 {
        errors::fail(Exc::ValueError, "I/O operation on closed file.");
        return true;
    }
    false
}

/// `CHECK_EXPORTS`: BufferError while a `getbuffer()` view is alive.
///
/// # Safety
/// `s` must be a live `BytesIO`.
unsafe fn exports_error(s: *mut BytesIO) -> bool {
    // SAFETY: live per the contract.
    if unsafe { (*s).exports } > 0 {
        errors::fail(
            Exc::BufferError,
            "Existing exports of data: object cannot be re-sized",
        );
        return true;
    }
    false
}

/// Makes room for `size` bytes (CPython's `resize_buffer` over-allocates
/// the same way: an eighth more, at least what is asked). 0, or -1 with
/// MemoryError.
///
/// # Safety
/// `s` must be a live `BytesIO`.
unsafe fn reserve(s: *mut BytesIO, size: Py_ssize_t) -> c_int {
    // SAFETY: live per the contract; the buffer is ours to reallocate.
    unsafe {
        if size <= (*s).allocated {
            return 0;
        }
        let grown = size
            .saturating_add(size >> 3)
            .saturating_add(if size < 9 { 3 } else { 6 });
        let Ok(bytes) = usize::try_from(grown) else {
            errors::PyErr_NoMemory();
            return -1;
        };
        let new = PyMem_Realloc((*s).buf.cast(), bytes).cast::<u8>();
        if new.is_null() {
            errors::PyErr_NoMemory();
            return -1;
        }
        (*s).buf = new;
        (*s).allocated = grown;
        0
    }
}

/// The stream's bytes from `from`, `len` long (both within `string_size`).
///
/// # Safety
/// `s` must be a live `BytesIO` and the range inside its contents.
unsafe fn bytes_at(s: *mut BytesIO, from: Py_ssize_t, len: Py_ssize_t) -> *mut PyObject {
    // SAFETY: the range is inside the buffer per the contract (an empty
    // range may have no buffer at all).
    unsafe {
        let p = if len == 0 {
            EMPTY.as_ptr()
        } else {
            (*s).buf.add(from as usize)
        };
        PyBytes_FromStringAndSize(p.cast(), len)
    }
}

/// Writes `len` bytes at the position, zero-filling any gap past the end
/// (CPython's `write_bytes`). The count, or -1 with the error.
///
/// # Safety
/// `s` must be a live `BytesIO`; `data` readable for `len` bytes and not
/// inside its buffer.
unsafe fn write_bytes(s: *mut BytesIO, data: *const u8, len: Py_ssize_t) -> Py_ssize_t {
    // SAFETY: live per the contract; every copy stays inside the buffer,
    // which `reserve` made `endpos` long.
    unsafe {
        if (*s).pos > Py_ssize_t::MAX - len {
            errors::fail(Exc::OverflowError, "new buffer size too large");
            return -1;
        }
        let endpos = (*s).pos + len;
        if reserve(s, endpos) < 0 {
            return -1;
        }
        if (*s).pos > (*s).string_size {
            ptr::write_bytes(
                (*s).buf.add((*s).string_size as usize),
                0,
                ((*s).pos - (*s).string_size) as usize,
            );
        }
        ptr::copy_nonoverlapping(data, (*s).buf.add((*s).pos as usize), len as usize);
        (*s).pos = endpos;
        if (*s).string_size < endpos {
            (*s).string_size = endpos;
        }
        len
    }
}

/// `_Py_convert_optional_to_ssize_t`: None gives `default`; anything with
/// `__index__` its value (OverflowError past `Py_ssize_t`); else
/// TypeError.
///
/// # Safety
/// `o` must be a live object.
unsafe fn optional_ssize(o: *mut PyObject, default: Py_ssize_t) -> Option<Py_ssize_t> {
    // SAFETY: live per the contract.
    unsafe {
        if o == py_none() {
            return Some(default);
        }
        if PyIndex_Check(o) == 0 {
            errors::fail(
                Exc::TypeError,
                format!(
                    "argument should be integer or None, not '{}'",
                    type_name_200(o)
                ),
            );
            return None;
        }
        let v = PyNumber_AsSsize_t(o, Exc::OverflowError.type_object());
        if v == -1 && !errors::PyErr_Occurred().is_null() {
            return None;
        }
        Some(v)
    }
}

/// The `size=-1` argument of `read`, `read1` and `readline` (positional
/// only), checked as clinic does: None when it raised.
///
/// # Safety
/// `args` holds `nargs` live objects.
unsafe fn size_arg(
    name: &std::ffi::CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> Option<Py_ssize_t> {
    // SAFETY: per the contract.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(name.as_ptr(), nargs, 0, 1) == 0 {
            return None;
        }
        if nargs == 0 {
            Some(-1)
        } else {
            optional_ssize(clinic::arg(args, 0), -1)
        }
    }
}

/// What `read(size)` takes from the position: at most `size` bytes (all
/// when negative), none past the end.
///
/// # Safety
/// `s` must be a live `BytesIO`.
unsafe fn read_len(s: *mut BytesIO, size: Py_ssize_t) -> Py_ssize_t {
    // SAFETY: live per the contract.
    let left = unsafe { ((*s).string_size - (*s).pos).max(0) };
    if size < 0 || size > left { left } else { size }
}

/// The length of the next line from the position (through its `\n`), at
/// most `limit` bytes when `limit` is not negative (CPython's
/// `scan_eol`).
///
/// # Safety
/// `s` must be a live `BytesIO`.
unsafe fn scan_eol(s: *mut BytesIO, limit: Py_ssize_t) -> Py_ssize_t {
    // SAFETY: the scanned range is inside the contents.
    unsafe {
        let mut maxlen = read_len(s, -1);
        if limit >= 0 && limit < maxlen {
            maxlen = limit;
        }
        if maxlen == 0 {
            return 0;
        }
        let start = (*s).buf.add((*s).pos as usize);
        let line = std::slice::from_raw_parts(start, maxlen as usize);
        match line.iter().position(|&b| b == b'\n') {
            Some(i) => i as Py_ssize_t + 1,
            None => maxlen,
        }
    }
}

/// Reads `len` bytes at the position into a new bytes object, moving on.
///
/// # Safety
/// `s` must be a live `BytesIO` and `len` at most what is left.
unsafe fn take(s: *mut BytesIO, len: Py_ssize_t) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let r = bytes_at(s, (*s).pos, len);
        if !r.is_null() {
            (*s).pos += len;
        }
        r
    }
}

unsafe extern "C" fn bytesio_readable(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    if unsafe { closed_error(slf.cast()) } {
        return ptr::null_mut();
    }
    PyBool_FromLong(1)
}

unsafe extern "C" fn bytesio_flush(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    if unsafe { closed_error(slf.cast()) } {
        return ptr::null_mut();
    }
    none()
}

unsafe extern "C" fn bytesio_isatty(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self.
    if unsafe { closed_error(slf.cast()) } {
        return ptr::null_mut();
    }
    PyBool_FromLong(0)
}

unsafe extern "C" fn bytesio_tell(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self.
    unsafe {
        if closed_error(s) {
            return ptr::null_mut();
        }
        PyLong_FromSsize_t((*s).pos)
    }
}

unsafe extern "C" fn bytesio_getvalue(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self; the range is its contents.
    unsafe {
        if closed_error(s) {
            return ptr::null_mut();
        }
        bytes_at(s, 0, (*s).string_size)
    }
}

/// `getbuffer()`: a writable memoryview over the contents, through a new
/// `_BytesIOBuffer` that keeps the stream alive and counts the export.
unsafe extern "C" fn bytesio_getbuffer(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self; the exporter is fully initialised
    // before anything can see it.
    unsafe {
        if closed_error(s) {
            return ptr::null_mut();
        }
        if PyType_Ready(BYTESIOBUF_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        let obj = PyObject_Malloc(size_of::<BytesIOBuffer>()).cast::<BytesIOBuffer>();
        if obj.is_null() {
            return errors::PyErr_NoMemory();
        }
        (*obj).ob_base.ob_type = BYTESIOBUF_TYPE.get();
        crate::objects::object::_Py_NewReference(obj.cast());
        Py_IncRef(slf);
        (*obj).source = s;
        let view = crate::objects::memoryobject::PyMemoryView_FromObject(obj.cast());
        Py_DecRef(obj.cast());
        view
    }
}

/// The three reads of a `size` argument (`read`, `read1`, `readline`):
/// the argument as method `name` parses it, the closed check, then the
/// bytes `extent` measures from the position.
///
/// # Safety
/// A fastcall's live self (a `BytesIO`) and arguments.
unsafe fn read_sized(
    name: &std::ffi::CStr,
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    extent: unsafe fn(*mut BytesIO, Py_ssize_t) -> Py_ssize_t,
) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: per the contract.
    unsafe {
        let Some(size) = size_arg(name, args, nargs) else {
            return ptr::null_mut();
        };
        if closed_error(s) {
            return ptr::null_mut();
        }
        take(s, extent(s, size))
    }
}

unsafe extern "C" fn bytesio_read(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live self and arguments.
    unsafe { read_sized(c"read", slf, args, nargs, read_len) }
}

unsafe extern "C" fn bytesio_read1(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live self and arguments.
    unsafe { read_sized(c"read1", slf, args, nargs, read_len) }
}

unsafe extern "C" fn bytesio_readline(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live self and arguments.
    unsafe { read_sized(c"readline", slf, args, nargs, scan_eol) }
}

/// `readlines(size=None, /)`: lines until their total reaches `size`
/// (all when it is 0, None or negative).
unsafe extern "C" fn bytesio_readlines(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a fastcall's live self and arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"readlines".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        if closed_error(s) {
            return ptr::null_mut();
        }
        let mut maxsize: Py_ssize_t = 0;
        if nargs == 1 {
            let a = clinic::arg(args, 0);
            if (*(*a).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
                maxsize = crate::objects::longobject::PyLong_AsSsize_t(a);
                if maxsize == -1 && !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
            } else if a != py_none() {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("integer argument expected, got '{}'", type_name_200(a)),
                );
            }
        }
        let list = PyList_New(0);
        if list.is_null() {
            return ptr::null_mut();
        }
        let mut total: Py_ssize_t = 0;
        loop {
            let n = scan_eol(s, -1);
            if n == 0 {
                break;
            }
            let line = take(s, n);
            if line.is_null() || crate::objects::listobject::PyList_Append(list, line) < 0 {
                Py_DecRef(line);
                Py_DecRef(list);
                return ptr::null_mut();
            }
            Py_DecRef(line);
            total += n;
            if maxsize > 0 && total >= maxsize {
                break;
            }
        }
        list
    }
}

/// `readinto(buffer, /)`: copies what is left (at most the buffer's
/// length) into a writable buffer, returning the count.
unsafe extern "C" fn bytesio_readinto(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self and argument; the view is released on
    // every path, and the copy stays inside both buffers.
    unsafe {
        let mut view: Py_buffer = std::mem::zeroed();
        if PyObject_GetBuffer(arg, &mut view, PyBUF_WRITABLE) < 0 {
            errors::PyErr_Clear();
            crate::python::getargs::_PyArg_BadArgument(
                c"readinto".as_ptr(),
                c"argument".as_ptr(),
                c"read-write bytes-like object".as_ptr(),
                arg,
            );
            return ptr::null_mut();
        }
        if closed_error(s) {
            PyBuffer_Release(&mut view);
            return ptr::null_mut();
        }
        let n = read_len(s, view.len);
        if n > 0 {
            ptr::copy_nonoverlapping(
                (*s).buf.add((*s).pos as usize),
                view.buf.cast::<u8>(),
                n as usize,
            );
        }
        (*s).pos += n;
        PyBuffer_Release(&mut view);
        PyLong_FromSsize_t(n)
    }
}

/// `truncate(size=None, /)`: cuts the contents to `size` (default: the
/// position), leaving the position alone.
unsafe extern "C" fn bytesio_truncate(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a fastcall's live self and arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"truncate".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let size = if nargs == 0 {
            (*s).pos
        } else {
            match optional_ssize(clinic::arg(args, 0), (*s).pos) {
                Some(v) => v,
                None => return ptr::null_mut(),
            }
        };
        if closed_error(s) || exports_error(s) {
            return ptr::null_mut();
        }
        if size < 0 {
            return errors::fail_null(Exc::ValueError, format!("negative size value {size}"));
        }
        if size < (*s).string_size {
            (*s).string_size = size;
        }
        PyLong_FromSsize_t(size)
    }
}

/// `seek(pos, whence=0, /)`.
unsafe extern "C" fn bytesio_seek(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a fastcall's live self and arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"seek".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(mut pos) = clinic::ssize_arg(clinic::arg(args, 0)) else {
            return ptr::null_mut();
        };
        let whence = if nargs == 2 {
            match clinic::int_arg(clinic::arg(args, 1)) {
                Some(w) => w,
                None => return ptr::null_mut(),
            }
        } else {
            0
        };
        if closed_error(s) {
            return ptr::null_mut();
        }
        if pos < 0 && whence == 0 {
            return errors::fail_null(Exc::ValueError, format!("negative seek value {pos}"));
        }
        let base = match whence {
            0 => 0,
            1 => (*s).pos,
            2 => (*s).string_size,
            _ => {
                return errors::fail_null(
                    Exc::ValueError,
                    format!("invalid whence ({whence}, should be 0, 1 or 2)"),
                );
            }
        };
        if pos > Py_ssize_t::MAX - base {
            return errors::fail_null(Exc::OverflowError, "new position too large");
        }
        pos += base;
        (*s).pos = pos.max(0);
        PyLong_FromSsize_t((*s).pos)
    }
}

/// `write(b, /)`: any contiguous buffer, at the position; the count.
unsafe extern "C" fn bytesio_write(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self and argument; the view is released.
    unsafe {
        if closed_error(s) || exports_error(s) {
            return ptr::null_mut();
        }
        let mut view: Py_buffer = std::mem::zeroed();
        if PyObject_GetBuffer(arg, &mut view, PyBUF_CONTIG_RO) < 0 {
            return ptr::null_mut();
        }
        // The data cannot lie in this stream's buffer, which `reserve`
        // may move: only a getbuffer() view reaches it, and a live export
        // was refused above.
        let n = if view.len != 0 {
            write_bytes(s, view.buf.cast::<u8>(), view.len)
        } else {
            0
        };
        PyBuffer_Release(&mut view);
        if n < 0 {
            ptr::null_mut()
        } else {
            PyLong_FromSsize_t(n)
        }
    }
}

/// `writelines(lines, /)`: `write` of each item of an iterable.
unsafe extern "C" fn bytesio_writelines(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method's live self and argument.
    unsafe {
        if closed_error(slf.cast()) {
            return ptr::null_mut();
        }
        let it = PyObject_GetIter(arg);
        if it.is_null() {
            return ptr::null_mut();
        }
        loop {
            let item = PyIter_Next(it);
            if item.is_null() {
                break;
            }
            let r = bytesio_write(slf, item);
            Py_DecRef(item);
            if r.is_null() {
                Py_DecRef(it);
                return ptr::null_mut();
            }
            Py_DecRef(r);
        }
        Py_DecRef(it);
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        none()
    }
}

/// `close()`: refused while a `getbuffer()` view is alive; frees the
/// contents.
unsafe extern "C" fn bytesio_close(slf: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a method's live self; nothing references the freed buffer
    // (no exports).
    unsafe {
        if exports_error(s) {
            return ptr::null_mut();
        }
        (*s).closed = 1;
        PyMem_Free((*s).buf.cast());
        (*s).buf = ptr::null_mut();
        (*s).allocated = 0;
        none()
    }
}

unsafe extern "C" fn bytesio_closed_get(slf: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a getter's live self.
    PyBool_FromLong(std::ffi::c_long::from(
        unsafe { (*slf.cast::<BytesIO>()).closed } != 0,
    ))
}

/// `__next__`: the next line; NULL without an error at the end.
unsafe extern "C" fn bytesio_iternext(slf: *mut PyObject) -> *mut PyObject {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a slot's live self.
    unsafe {
        if closed_error(s) {
            return ptr::null_mut();
        }
        let n = scan_eol(s, -1);
        if n == 0 {
            return ptr::null_mut();
        }
        take(s, n)
    }
}

/// `tp_new`: an empty, open stream (usable before `__init__`, as in
/// CPython).
unsafe extern "C" fn bytesio_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the type's own allocator zero-fills the instance, which is
    // every field's empty state.
    unsafe {
        let Some(alloc) = (*ty).tp_alloc else {
            return errors::fail_null(Exc::TypeError, "cannot allocate BytesIO");
        };
        alloc(ty, 0)
    }
}

clinic::static_parser!(INIT_KW = [c"initial_bytes"]; INIT_PARSER = c"BytesIO");

/// `__init__(initial_bytes=b'')`: empties the stream, then writes the
/// initial bytes (any buffer) and rewinds.
unsafe extern "C" fn bytesio_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    let s = slf.cast::<BytesIO>();
    // SAFETY: a slot's live self, argument tuple and keyword dict (NULL or
    // live).
    unsafe {
        let Some([initvalue]) = clinic::unpack_call::<1>(
            &INIT_PARSER,
            crate::objects::tupleobject::items(args),
            crate::objects::tupleobject::size(args),
            kwds,
            ptr::null_mut(),
            0,
            1,
        ) else {
            return -1;
        };
        // As CPython: emptied even when the exports check fails; exact
        // bytes (which CPython adopts as its buffer) reopen a closed
        // stream, anything else is written, which a closed one refuses.
        (*s).string_size = 0;
        (*s).pos = 0;
        if exports_error(s) {
            return -1;
        }
        if !initvalue.is_null() && initvalue != py_none() {
            if (*initvalue).ob_type == crate::objects::bytesobject::PyBytes_Type.get() {
                (*s).closed = 0;
            }
            let r = bytesio_write(slf, initvalue);
            if r.is_null() {
                return -1;
            }
            Py_DecRef(r);
            (*s).pos = 0;
        }
        0
    }
}

unsafe extern "C" fn bytesio_dealloc(slf: *mut PyObject) {
    let s = slf.cast::<BytesIO>();
    // SAFETY: an unreferenced instance of this type (or a subclass whose
    // dealloc reached here): no export can be alive, as each holds a
    // reference to it.
    unsafe {
        if !(*s).weakreflist.is_null() {
            PyObject_ClearWeakRefs(slf);
        }
        PyMem_Free((*s).buf.cast());
        (*s).buf = ptr::null_mut();
        Py_DecRef(std::mem::replace(&mut (*s).dict, ptr::null_mut()));
        if let Some(free) = (*(*slf).ob_type).tp_free {
            free(slf.cast());
        }
    }
}

static BYTESIO_METHODS: StaticObject<[PyMethodDef; 19]> = StaticObject::new([
    clinic::method(c"readable", bytesio_readable, METH_NOARGS),
    clinic::method(c"seekable", bytesio_readable, METH_NOARGS),
    clinic::method(c"writable", bytesio_readable, METH_NOARGS),
    clinic::method(c"close", bytesio_close, METH_NOARGS),
    clinic::method(c"flush", bytesio_flush, METH_NOARGS),
    clinic::method(c"isatty", bytesio_isatty, METH_NOARGS),
    clinic::method(c"tell", bytesio_tell, METH_NOARGS),
    clinic::method(c"write", bytesio_write, METH_O),
    clinic::method(c"writelines", bytesio_writelines, METH_O),
    clinic::fastcall(c"read1", bytesio_read1),
    clinic::method(c"readinto", bytesio_readinto, METH_O),
    clinic::fastcall(c"readline", bytesio_readline),
    clinic::fastcall(c"readlines", bytesio_readlines),
    clinic::fastcall(c"read", bytesio_read),
    clinic::method(c"getbuffer", bytesio_getbuffer, METH_NOARGS),
    clinic::method(c"getvalue", bytesio_getvalue, METH_NOARGS),
    clinic::fastcall(c"seek", bytesio_seek),
    clinic::fastcall(c"truncate", bytesio_truncate),
    clinic::METHOD_END,
]);

static BYTESIO_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    clinic::getter(c"closed", bytesio_closed_get),
    PyGetSetDef::zeroed(),
]);

/// `_io.BytesIO`; `tp_base` (`_io._IOBase`) is set by [`ready`].
static BYTESIO_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_io.BytesIO",
        size_of::<BytesIO>(),
        Py_TPFLAGS_BASETYPE,
        bytesio_dealloc,
    );
    ty.tp_new = Some(bytesio_new);
    ty.tp_init = Some(bytesio_init);
    ty.tp_alloc = Some(crate::objects::typeobject::PyType_GenericAlloc);
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_setattro = Some(crate::objects::object::PyObject_GenericSetAttr);
    ty.tp_iter = Some(crate::objects::r#abstract::PyObject_SelfIter);
    ty.tp_iternext = Some(bytesio_iternext);
    ty.tp_methods = BYTESIO_METHODS.get().cast();
    ty.tp_getset = BYTESIO_GETSET.get().cast();
    ty.tp_dictoffset = offset_of!(BytesIO, dict) as Py_ssize_t;
    ty.tp_weaklistoffset = offset_of!(BytesIO, weakreflist) as Py_ssize_t;
    ty.tp_doc = c"Buffered I/O implementation using an in-memory bytes buffer.".as_ptr();
    ty
});

unsafe extern "C" fn bytesiobuf_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: a live exporter whose stream it keeps alive; the view points
    // into the stream's buffer, which cannot move or shrink while the
    // export is counted.
    unsafe {
        if view.is_null() {
            return errors::fail(
                Exc::BufferError,
                "bytesiobuf_getbuffer: view==NULL argument is obsolete",
            );
        }
        let s = (*op.cast::<BytesIOBuffer>()).source;
        let data = if (*s).buf.is_null() {
            EMPTY.as_ptr()
        } else {
            (*s).buf.cast_const()
        };
        if crate::buffer::PyBuffer_FillInfo(
            view,
            op,
            data.cast_mut().cast(),
            (*s).string_size,
            0,
            flags,
        ) < 0
        {
            return -1;
        }
        (*s).exports += 1;
        0
    }
}

unsafe extern "C" fn bytesiobuf_releasebuffer(op: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: a live exporter with an export outstanding.
    unsafe { (*(*op.cast::<BytesIOBuffer>()).source).exports -= 1 };
}

unsafe extern "C" fn bytesiobuf_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced exporter: its reference to the stream goes.
    unsafe {
        Py_DecRef((*op.cast::<BytesIOBuffer>()).source.cast());
        PyObject_Free(op.cast());
    }
}

static BYTESIOBUF_AS_BUFFER: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(bytesiobuf_getbuffer),
    bf_releasebuffer: Some(bytesiobuf_releasebuffer),
});

static BYTESIOBUF_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_io._BytesIOBuffer",
        size_of::<BytesIOBuffer>(),
        0,
        bytesiobuf_dealloc,
    );
    ty.tp_as_buffer = BYTESIOBUF_AS_BUFFER.get();
    ty
});

/// Readies `_io.BytesIO` over `base` (`_io._IOBase`) and returns it
/// (borrowed), or NULL with the error.
///
/// # Safety
/// `base` must be the readied `_IOBase` type.
pub(crate) unsafe fn ready(base: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: the static types are only written here, before they are
    // readied (PyType_Ready is idempotent after).
    unsafe {
        let ty = BYTESIO_TYPE.get();
        if (*ty).tp_flags & Py_TPFLAGS_READY == 0 {
            (*ty).tp_base = base;
        }
        if PyType_Ready(ty) < 0 || PyType_Ready(BYTESIOBUF_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        ty.cast()
    }
}
