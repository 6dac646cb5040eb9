//! The `zlib` module (CPython's `Modules/zlibmodule.c`) over the zlib
//! library itself: `compress`, `decompress`, `compressobj` and
//! `decompressobj` with their `zlib.Compress` / `zlib.Decompress` objects,
//! the `crc32` and `adler32` checksums, the `error` exception and every
//! constant CPython 3.11 exports. Cython 3.2 stores a module's string
//! table zlib-compressed and imports `zlib.decompress` to unpack it when
//! the module initialises, so every module it generates needs this.
//!
//! zlib comes from the `libz-sys` crate, built from its bundled sources
//! and linked statically with hidden visibility: none of its symbols is
//! exported from the library, so neither Node's zlib nor an extension's
//! own can clash with it, and the results and messages are zlib's own,
//! as CPython's module gets them.
//!
//! The loops follow CPython's: the output grows in the same blocks
//! (32 KiB, 64 KiB, 256 KiB, ...) and the input is handed over in pieces
//! of at most `UINT_MAX` bytes, so zlib sees the same sequence of calls
//! and `unconsumed_tail` is the same after a `max_length` stop. The GIL is
//! released around every `deflate`/`inflate` call, and each object has a
//! lock, so two threads using one object take turns.

use std::ffi::{CStr, CString, c_char, c_int, c_uint};
use std::mem::offset_of;
use std::ptr;

use libz_sys as z;

use crate::ffi::*;
use crate::objects::bytesobject::{PyBytes_AsString, PyBytes_FromStringAndSize, PyBytes_Size};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Ready, static_type};
use crate::python::clinic::{self, static_parser};
use crate::python::errors;
use crate::python::thread::{
    PyThread_acquire_lock, PyThread_allocate_lock, PyThread_free_lock, PyThread_release_lock,
};

/// zlib's largest window (`MAX_WBITS`), its only method (`DEFLATED`), the
/// default memory level (zutil.h's `DEF_MEM_LEVEL`) and CPython's output
/// chunk for one-shot decompression (`DEF_BUF_SIZE`).
const MAX_WBITS: c_int = 15;
const DEFLATED: c_int = 8;
const DEF_MEM_LEVEL: c_int = 8;
const DEF_BUF_SIZE: Py_ssize_t = 16 * 1024;

// ==========================================================================
// zlib streams
// ==========================================================================

/// zlib's allocator: the C heap, which needs no GIL (zlib allocates inside
/// `deflate`/`inflate`, called with the GIL released). NULL when the size
/// overflows, which zlib reports as `Z_MEM_ERROR`.
unsafe extern "C" fn zalloc(_opaque: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
    match (items as usize).checked_mul(size as usize) {
        // SAFETY: a plain allocation; never zero bytes, so NULL means
        // failure.
        Some(n) => unsafe { libc::malloc(n.max(1)) },
        None => ptr::null_mut(),
    }
}

/// zlib's deallocator, pairing [`zalloc`].
unsafe extern "C" fn zfree(_opaque: z::voidpf, p: z::voidpf) {
    // SAFETY: `p` came from `zalloc` (or is NULL).
    unsafe { libc::free(p) }
}

/// A stream not initialised yet, with our allocators.
fn new_stream() -> z::z_stream {
    z::z_stream {
        next_in: ptr::null_mut(),
        avail_in: 0,
        total_in: 0,
        next_out: ptr::null_mut(),
        avail_out: 0,
        total_out: 0,
        msg: ptr::null_mut(),
        state: ptr::null_mut(),
        zalloc,
        zfree,
        opaque: ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    }
}

/// `deflateInit2()` (a macro in zlib.h).
///
/// # Safety
/// `zst` a stream from [`new_stream`] at its final address.
unsafe fn deflate_init2(
    zst: *mut z::z_stream,
    level: c_int,
    method: c_int,
    wbits: c_int,
    mem_level: c_int,
    strategy: c_int,
) -> c_int {
    // SAFETY: per the contract; the library's own version string.
    unsafe {
        z::deflateInit2_(
            zst,
            level,
            method,
            wbits,
            mem_level,
            strategy,
            z::zlibVersion(),
            size_of::<z::z_stream>() as c_int,
        )
    }
}

/// `inflateInit2()` (a macro in zlib.h).
///
/// # Safety
/// `zst` a stream from [`new_stream`] at its final address.
unsafe fn inflate_init2(zst: *mut z::z_stream, wbits: c_int) -> c_int {
    // SAFETY: per the contract; the library's own version string.
    unsafe {
        z::inflateInit2_(
            zst,
            wbits,
            z::zlibVersion(),
            size_of::<z::z_stream>() as c_int,
        )
    }
}

/// Runs `f` with the GIL released when this thread holds it
/// (`Py_BEGIN_ALLOW_THREADS`); `f` must not touch Python objects.
fn allow_threads<R>(f: impl FnOnce() -> R) -> R {
    use crate::python::ceval_gil;
    if ceval_gil::current().is_null() || !ceval_gil::gil_held_by_me() {
        return f();
    }
    let tstate = ceval_gil::PyEval_SaveThread();
    let r = f();
    // SAFETY: the state saved just above.
    unsafe { ceval_gil::PyEval_RestoreThread(tstate) };
    r
}

/// Hands zlib the next piece of the input (`arrange_input_buffer`): at
/// most `UINT_MAX` bytes of the `remains` left.
///
/// # Safety
/// `zst` a live stream.
unsafe fn arrange_input(zst: *mut z::z_stream, remains: &mut usize) {
    let n = (*remains).min(c_uint::MAX as usize);
    // SAFETY: per the contract.
    unsafe { (*zst).avail_in = n as c_uint };
    *remains -= n;
}

// ==========================================================================
// The output buffer
// ==========================================================================

/// CPython's output block sizes (`pycore_blocks_output_buffer.h`): the
/// n-th block of a growing output, the last size repeating.
const BLOCK_SIZES: [usize; 17] = [
    32 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    8 << 20,
    16 << 20,
    16 << 20,
    32 << 20,
    32 << 20,
    32 << 20,
    32 << 20,
    64 << 20,
    64 << 20,
    128 << 20,
    128 << 20,
    256 << 20,
];

/// Output that grows as CPython's `_BlocksOutputBuffer` does, kept in one
/// vector: zlib is handed the free part of the blocks allocated so far,
/// at most `UINT32_MAX` bytes at a time (the sliding window CPython uses
/// for a large first block).
struct OutBuf {
    buf: Vec<u8>,
    /// Bytes in the blocks allocated so far (`buf` has that capacity).
    allocated: usize,
    blocks: usize,
    /// The most output wanted (`max_length`), if limited.
    max: Option<usize>,
    /// What the last [`give`](Self::give) handed zlib.
    given: c_uint,
}

impl OutBuf {
    /// `_BlocksOutputBuffer_InitAndGrow`: a first block of 32 KiB (less
    /// when `max` is smaller). None with MemoryError.
    fn first(max: Option<usize>) -> Option<OutBuf> {
        let size = max.map_or(BLOCK_SIZES[0], |m| m.min(BLOCK_SIZES[0]));
        Self::with_size(size, max)
    }

    /// `_BlocksOutputBuffer_InitWithSize`: a first block of `size` bytes.
    /// None with MemoryError.
    fn with_size(size: usize, max: Option<usize>) -> Option<OutBuf> {
        let mut out = OutBuf {
            buf: Vec::new(),
            allocated: 0,
            blocks: 0,
            max,
            given: 0,
        };
        out.add_block(size).then_some(out)
    }

    fn add_block(&mut self, size: usize) -> bool {
        if self
            .buf
            .try_reserve_exact(self.allocated + size - self.buf.len())
            .is_err()
        {
            errors::PyErr_NoMemory();
            return false;
        }
        self.allocated += size;
        self.blocks += 1;
        true
    }

    /// Every allocated byte written, and the limit reached.
    fn at_max(&self) -> bool {
        self.buf.len() == self.allocated && Some(self.buf.len()) == self.max
    }

    /// Points `zst` at free space when zlib filled what it was given
    /// (`avail_out == 0`), adding a block when every allocated byte is
    /// written. False with MemoryError. The caller checked [`at_max`].
    ///
    /// # Safety
    /// `zst` a live stream.
    unsafe fn make_room(&mut self, zst: *mut z::z_stream) -> bool {
        // SAFETY: per the contract.
        if unsafe { (*zst).avail_out } != 0 {
            return true;
        }
        if self.buf.len() == self.allocated {
            let mut size = BLOCK_SIZES[self.blocks.min(BLOCK_SIZES.len() - 1)];
            if let Some(m) = self.max {
                size = size.min(m - self.allocated);
            }
            if !self.add_block(size) {
                return false;
            }
        }
        // SAFETY: per the contract.
        unsafe { self.give(zst) };
        true
    }

    /// Hands zlib the free allocated space.
    ///
    /// # Safety
    /// `zst` a live stream.
    unsafe fn give(&mut self, zst: *mut z::z_stream) {
        let free = (self.allocated - self.buf.len()).min(c_uint::MAX as usize);
        self.given = free as c_uint;
        // SAFETY: `buf` has capacity `allocated`; zlib writes at most
        // `free` bytes from its end.
        unsafe {
            (*zst).next_out = self.buf.as_mut_ptr().add(self.buf.len());
            (*zst).avail_out = self.given;
        }
    }

    /// Counts what zlib wrote since [`give`](Self::give) or the last call.
    ///
    /// # Safety
    /// `zst` the stream handed the space; zlib initialised the bytes it
    /// reports written.
    unsafe fn took(&mut self, zst: *mut z::z_stream) {
        // SAFETY: per the contract.
        let left = unsafe { (*zst).avail_out };
        let written = (self.given - left) as usize;
        // SAFETY: zlib wrote these bytes, within the capacity.
        unsafe { self.buf.set_len(self.buf.len() + written) };
        self.given = left;
    }

    /// The output as a new bytes object.
    fn finish(self) -> *mut PyObject {
        crate::objects::bytesobject::bytes_from_slice(&self.buf)
    }
}

/// Runs one `deflate`/`inflate` step `f` with the GIL released and counts
/// its output; returns zlib's code.
///
/// # Safety
/// `zst` a live stream pointed at `out`'s space by [`OutBuf::give`] or
/// [`OutBuf::make_room`], with `next_in`/`avail_in` valid input that stays
/// alive for the call.
unsafe fn step(
    zst: *mut z::z_stream,
    out: &mut OutBuf,
    f: unsafe extern "C" fn(z::z_streamp, c_int) -> c_int,
    flush: c_int,
) -> c_int {
    let addr = zst as usize;
    // SAFETY: per the contract; the stream and both buffers stay alive
    // and are used by no other thread (the object's lock is held).
    let err = allow_threads(move || unsafe { f(addr as *mut z::z_stream, flush) });
    // SAFETY: per the contract.
    unsafe { out.took(zst) };
    err
}

// ==========================================================================
// Errors and arguments
// ==========================================================================

/// `zlib.error`, made with the module.
static ZLIB_ERROR: super::MadeOnce = super::MadeOnce::new();

/// Raises `zlib.error` as CPython's `zlib_error` does: zlib's message for
/// `err` (or a default for the code), after "Error <err> <what>".
///
/// # Safety
/// `zst` a stream (its `msg` NULL or a C string).
unsafe fn zlib_error(zst: *const z::z_stream, err: c_int, what: &str) {
    let mut zmsg: Option<String> = None;
    if err == z::Z_VERSION_ERROR {
        zmsg = Some("library version mismatch".into());
    }
    if zmsg.is_none() {
        // SAFETY: per the contract.
        let m = unsafe { (*zst).msg };
        if !m.is_null() {
            // SAFETY: zlib's messages are static C strings.
            let bytes = unsafe { CStr::from_ptr(m) }.to_bytes();
            zmsg = Some(String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned());
        }
    }
    if zmsg.is_none() {
        zmsg = match err {
            z::Z_BUF_ERROR => Some("incomplete or truncated stream".into()),
            z::Z_STREAM_ERROR => Some("inconsistent stream state".into()),
            z::Z_DATA_ERROR => Some("invalid input data".into()),
            _ => None,
        };
    }
    let text = match zmsg {
        Some(m) => format!("Error {err} {what}: {m}"),
        None => format!("Error {err} {what}"),
    };
    raise_zlib_error(&text);
}

/// Raises `zlib.error(text)`.
fn raise_zlib_error(text: &str) {
    let exc = ZLIB_ERROR.made();
    let Ok(c) = CString::new(text) else { return };
    // SAFETY: the live exception class the module holds; a C string.
    unsafe { errors::PyErr_SetString(exc, c.as_ptr()) };
}

/// A held buffer export of an argument (clinic's `Py_buffer` converter),
/// released on drop. Its memory is only handed to zlib as raw pointers.
struct View(Py_buffer);

impl View {
    /// The export of `o`, or None with the error.
    ///
    /// # Safety
    /// `o` a live object.
    unsafe fn new(o: *mut PyObject) -> Option<View> {
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        // SAFETY: a live object and a view to fill.
        if unsafe { crate::buffer::PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) } < 0 {
            return None;
        }
        // SAFETY: filled by the successful call above.
        Some(View(unsafe { view.assume_init() }))
    }

    fn ptr(&self) -> *mut u8 {
        self.0.buf.cast()
    }

    fn len(&self) -> usize {
        self.0.len as usize
    }
}

impl Drop for View {
    fn drop(&mut self) {
        // SAFETY: the view acquired in `new`, released once.
        unsafe { crate::buffer::PyBuffer_Release(&mut self.0) };
    }
}

/// A contiguous copy of a bytes-like argument (clinic's `Py_buffer`
/// converter), or None with the error. Copied, so no Rust reference is
/// made to memory the exporter may change.
///
/// # Safety
/// `o` a live object.
pub(crate) unsafe fn buffer_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: per the contract.
    let view = unsafe { View::new(o) }?;
    let len = view.len();
    let mut v = Vec::new();
    if v.try_reserve_exact(len).is_err() {
        errors::PyErr_NoMemory();
        return None;
    }
    if len > 0 {
        // SAFETY: the export's `len` readable bytes, copied while it is
        // held; `v` has room for them.
        unsafe {
            ptr::copy_nonoverlapping(view.ptr(), v.as_mut_ptr(), len);
            v.set_len(len);
        }
    }
    Some(v)
}

/// An optional `int` argument (clinic's `int` converter), `default` when
/// absent; None with the error.
///
/// # Safety
/// `o` NULL or a live object.
unsafe fn opt_int(o: *mut PyObject, default: c_int) -> Option<c_int> {
    if o.is_null() {
        return Some(default);
    }
    // SAFETY: live per the contract.
    unsafe { clinic::int_arg(o) }
}

/// An optional `Py_ssize_t` argument, `default` when absent; None with the
/// error.
///
/// # Safety
/// `o` NULL or a live object.
unsafe fn opt_ssize(o: *mut PyObject, default: Py_ssize_t) -> Option<Py_ssize_t> {
    if o.is_null() {
        return Some(default);
    }
    // SAFETY: live per the contract.
    unsafe { clinic::ssize_arg(o) }
}

// ==========================================================================
// One-shot compress and decompress
// ==========================================================================

static_parser!(COMPRESS_KW = [c"", c"level", c"wbits"]; COMPRESS_PARSER = c"compress");

/// `zlib.compress(data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)`.
unsafe extern "C" fn zlib_compress(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call.
    unsafe {
        let Some([data, level_o, wbits_o]) =
            clinic::unpack::<3>(&COMPRESS_PARSER, args, nargs, kwnames, 1, 3)
        else {
            return ptr::null_mut();
        };
        let Some(view) = View::new(data) else {
            return ptr::null_mut();
        };
        let Some(level) = opt_int(level_o, z::Z_DEFAULT_COMPRESSION) else {
            return ptr::null_mut();
        };
        let Some(wbits) = opt_int(wbits_o, MAX_WBITS) else {
            return ptr::null_mut();
        };
        compress_view(&view, level, wbits)
    }
}

/// The body of `zlib.compress` over a held input.
///
/// # Safety
/// Called with the GIL held.
unsafe fn compress_view(view: &View, level: c_int, wbits: c_int) -> *mut PyObject {
    let Some(mut out) = OutBuf::first(None) else {
        return ptr::null_mut();
    };
    let mut stream = Box::new(new_stream());
    let zst: *mut z::z_stream = &mut *stream;
    // SAFETY: a boxed stream (its address is fixed), ended on every path
    // after a successful init; the input view is held throughout.
    unsafe {
        (*zst).next_in = view.ptr();
        let err = deflate_init2(
            zst,
            level,
            DEFLATED,
            wbits,
            DEF_MEM_LEVEL,
            z::Z_DEFAULT_STRATEGY,
        );
        match err {
            z::Z_OK => {}
            z::Z_MEM_ERROR => {
                return errors::fail_null(Exc::MemoryError, "Out of memory while compressing data");
            }
            z::Z_STREAM_ERROR => {
                raise_zlib_error("Bad compression level");
                return ptr::null_mut();
            }
            _ => {
                z::deflateEnd(zst);
                zlib_error(zst, err, "while compressing data");
                return ptr::null_mut();
            }
        }
        out.give(zst);
        let mut remains = view.len();
        loop {
            arrange_input(zst, &mut remains);
            let flush = if remains == 0 {
                z::Z_FINISH
            } else {
                z::Z_NO_FLUSH
            };
            loop {
                if !out.make_room(zst) {
                    z::deflateEnd(zst);
                    return ptr::null_mut();
                }
                let err = step(zst, &mut out, z::deflate, flush);
                if err == z::Z_STREAM_ERROR {
                    z::deflateEnd(zst);
                    zlib_error(zst, err, "while compressing data");
                    return ptr::null_mut();
                }
                if (*zst).avail_out != 0 {
                    break;
                }
            }
            if flush == z::Z_FINISH {
                break;
            }
        }
        let err = z::deflateEnd(zst);
        if err != z::Z_OK {
            zlib_error(zst, err, "while finishing compression");
            return ptr::null_mut();
        }
    }
    out.finish()
}

static_parser!(DECOMPRESS_KW = [c"", c"wbits", c"bufsize"]; DECOMPRESS_PARSER = c"decompress");

/// `zlib.decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)`.
unsafe extern "C" fn zlib_decompress(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call.
    unsafe {
        let Some([data, wbits_o, bufsize_o]) =
            clinic::unpack::<3>(&DECOMPRESS_PARSER, args, nargs, kwnames, 1, 3)
        else {
            return ptr::null_mut();
        };
        let Some(view) = View::new(data) else {
            return ptr::null_mut();
        };
        let Some(wbits) = opt_int(wbits_o, MAX_WBITS) else {
            return ptr::null_mut();
        };
        let Some(bufsize) = opt_ssize(bufsize_o, DEF_BUF_SIZE) else {
            return ptr::null_mut();
        };
        if bufsize < 0 {
            return errors::fail_null(Exc::ValueError, "bufsize must be non-negative");
        }
        decompress_view(&view, wbits, bufsize.max(1) as usize)
    }
}

/// The body of `zlib.decompress` over a held input.
///
/// # Safety
/// Called with the GIL held.
unsafe fn decompress_view(view: &View, wbits: c_int, bufsize: usize) -> *mut PyObject {
    let Some(mut out) = OutBuf::with_size(bufsize, None) else {
        return ptr::null_mut();
    };
    let mut stream = Box::new(new_stream());
    let zst: *mut z::z_stream = &mut *stream;
    // SAFETY: a boxed stream (its address is fixed), ended on every path
    // after a successful init; the input view is held throughout.
    unsafe {
        (*zst).next_in = view.ptr();
        let err = inflate_init2(zst, wbits);
        match err {
            z::Z_OK => {}
            z::Z_MEM_ERROR => {
                return errors::fail_null(
                    Exc::MemoryError,
                    "Out of memory while decompressing data",
                );
            }
            _ => {
                z::inflateEnd(zst);
                zlib_error(zst, err, "while preparing to decompress data");
                return ptr::null_mut();
            }
        }
        out.give(zst);
        let mut remains = view.len();
        let mut err;
        loop {
            arrange_input(zst, &mut remains);
            let flush = if remains == 0 {
                z::Z_FINISH
            } else {
                z::Z_NO_FLUSH
            };
            loop {
                if !out.make_room(zst) {
                    z::inflateEnd(zst);
                    return ptr::null_mut();
                }
                err = step(zst, &mut out, z::inflate, flush);
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    z::Z_MEM_ERROR => {
                        z::inflateEnd(zst);
                        return errors::fail_null(
                            Exc::MemoryError,
                            "Out of memory while decompressing data",
                        );
                    }
                    _ => {
                        z::inflateEnd(zst);
                        zlib_error(zst, err, "while decompressing data");
                        return ptr::null_mut();
                    }
                }
                if (*zst).avail_out != 0 {
                    break;
                }
            }
            if err == z::Z_STREAM_END || remains == 0 {
                break;
            }
        }
        if err != z::Z_STREAM_END {
            z::inflateEnd(zst);
            zlib_error(zst, err, "while decompressing data");
            return ptr::null_mut();
        }
        let err = z::inflateEnd(zst);
        if err != z::Z_OK {
            zlib_error(zst, err, "while finishing decompression");
            return ptr::null_mut();
        }
    }
    out.finish()
}

// ==========================================================================
// Compress and Decompress objects
// ==========================================================================

/// A `zlib.Compress` or `zlib.Decompress` object (CPython's `compobject`).
#[repr(C)]
struct CompObject {
    ob_base: PyObject,
    zst: z::z_stream,
    unused_data: *mut PyObject,
    unconsumed_tail: *mut PyObject,
    /// `T_BOOL` reads a C `char`.
    eof: c_char,
    /// zlib's state is allocated (until `deflateEnd`/`inflateEnd`).
    is_initialised: bool,
    zdict: *mut PyObject,
    /// Taken around every use of `zst` (`ENTER_ZLIB`).
    lock: PyThread_type_lock,
}

/// `newcompobject`: a fresh object of `ty` with empty `unused_data` and
/// `unconsumed_tail`, its lock, and a stream not initialised yet. NULL
/// with the error.
///
/// # Safety
/// `ty` one of the two (ready) types.
unsafe fn new_comp(ty: *mut PyTypeObject) -> *mut CompObject {
    // SAFETY: a ready type; the fresh (zeroed) object's fields are written
    // in place before any use, and a failed one is deallocated, which
    // copes with NULL fields.
    unsafe {
        let o = PyType_GenericAlloc(ty, 0).cast::<CompObject>();
        if o.is_null() {
            return o;
        }
        ptr::write(&raw mut (*o).zst, new_stream());
        (*o).lock = ptr::null_mut();
        (*o).eof = 0;
        (*o).is_initialised = false;
        (*o).zdict = ptr::null_mut();
        (*o).unused_data = PyBytes_FromStringAndSize(ptr::null(), 0);
        (*o).unconsumed_tail = PyBytes_FromStringAndSize(ptr::null(), 0);
        if (*o).unused_data.is_null() || (*o).unconsumed_tail.is_null() {
            Py_DecRef(o.cast());
            return ptr::null_mut();
        }
        (*o).lock = PyThread_allocate_lock();
        if (*o).lock.is_null() {
            Py_DecRef(o.cast());
            return errors::fail_null(Exc::MemoryError, "Unable to allocate lock");
        }
        o
    }
}

/// Releases the fields every `compobject` holds, then the object.
///
/// # Safety
/// An unreferenced object of one of the two types.
unsafe fn comp_free(o: *mut CompObject) {
    // SAFETY: per the contract; NULL fields (a failed construction) are
    // skipped.
    unsafe {
        if !(*o).lock.is_null() {
            PyThread_free_lock((*o).lock);
        }
        for f in [(*o).unused_data, (*o).unconsumed_tail, (*o).zdict] {
            if !f.is_null() {
                Py_DecRef(f);
            }
        }
        if let Some(free) = (*(*o).ob_base.ob_type).tp_free {
            free(o.cast());
        }
    }
}

unsafe extern "C" fn comp_dealloc(op: *mut PyObject) {
    let o = op.cast::<CompObject>();
    // SAFETY: an unreferenced Compress object.
    unsafe {
        if (*o).is_initialised {
            z::deflateEnd(&raw mut (*o).zst);
        }
        comp_free(o);
    }
}

unsafe extern "C" fn decomp_dealloc(op: *mut PyObject) {
    let o = op.cast::<CompObject>();
    // SAFETY: an unreferenced Decompress object.
    unsafe {
        if (*o).is_initialised {
            z::inflateEnd(&raw mut (*o).zst);
        }
        comp_free(o);
    }
}

/// The object's lock, held until drop (`ENTER_ZLIB` / `LEAVE_ZLIB`): taken
/// at once when free, else waited for with the GIL released, so the
/// thread using the object can finish.
struct Locked(PyThread_type_lock);

impl Locked {
    /// # Safety
    /// `o` a live object of one of the two types.
    unsafe fn new(o: *mut CompObject) -> Locked {
        // SAFETY: per the contract, the object's lock.
        let lock = unsafe { (*o).lock };
        // SAFETY: a live lock.
        if unsafe { PyThread_acquire_lock(lock, 0) } == 0 {
            let addr = lock as usize;
            // SAFETY: the lock lives as long as the object, which the
            // caller keeps alive.
            allow_threads(move || unsafe { PyThread_acquire_lock(addr as PyThread_type_lock, 1) });
        }
        Locked(lock)
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        // SAFETY: the lock taken in `new`.
        unsafe { PyThread_release_lock(self.0) };
    }
}

/// Checks a zdict's length fits zlib's `uInt`.
fn zdict_fits(len: usize) -> bool {
    if len > c_uint::MAX as usize {
        errors::fail(
            Exc::OverflowError,
            "zdict length does not fit in an unsigned int",
        );
        return false;
    }
    true
}

static_parser!(
    COMPRESSOBJ_KW = [c"level", c"method", c"wbits", c"memLevel", c"strategy", c"zdict"];
    COMPRESSOBJ_PARSER = c"compressobj"
);

/// `zlib.compressobj(level=-1, method=DEFLATED, wbits=MAX_WBITS,
/// memLevel=DEF_MEM_LEVEL, strategy=Z_DEFAULT_STRATEGY, zdict=None)`.
unsafe extern "C" fn zlib_compressobj(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call; the new object is ours.
    unsafe {
        let Some([level_o, method_o, wbits_o, mem_o, strategy_o, zdict_o]) =
            clinic::unpack::<6>(&COMPRESSOBJ_PARSER, args, nargs, kwnames, 0, 6)
        else {
            return ptr::null_mut();
        };
        let Some(level) = opt_int(level_o, z::Z_DEFAULT_COMPRESSION) else {
            return ptr::null_mut();
        };
        let Some(method) = opt_int(method_o, DEFLATED) else {
            return ptr::null_mut();
        };
        let Some(wbits) = opt_int(wbits_o, MAX_WBITS) else {
            return ptr::null_mut();
        };
        let Some(mem_level) = opt_int(mem_o, DEF_MEM_LEVEL) else {
            return ptr::null_mut();
        };
        let Some(strategy) = opt_int(strategy_o, z::Z_DEFAULT_STRATEGY) else {
            return ptr::null_mut();
        };
        let zdict = if zdict_o.is_null() {
            None
        } else {
            match View::new(zdict_o) {
                Some(v) => Some(v),
                None => return ptr::null_mut(),
            }
        };
        if let Some(v) = &zdict
            && !zdict_fits(v.len())
        {
            return ptr::null_mut();
        }
        let o = new_comp(COMPRESS_TYPE.get());
        let Some(owned) = Owned::new(o.cast()) else {
            return ptr::null_mut();
        };
        let zst = &raw mut (*o).zst;
        let err = deflate_init2(zst, level, method, wbits, mem_level, strategy);
        match err {
            z::Z_OK => {
                (*o).is_initialised = true;
                let Some(v) = zdict else {
                    return owned.into_raw();
                };
                match z::deflateSetDictionary(zst, v.ptr(), v.len() as c_uint) {
                    z::Z_OK => owned.into_raw(),
                    z::Z_STREAM_ERROR => errors::fail_null(Exc::ValueError, "Invalid dictionary"),
                    _ => errors::fail_null(Exc::ValueError, "deflateSetDictionary()"),
                }
            }
            z::Z_MEM_ERROR => errors::fail_null(
                Exc::MemoryError,
                "Can't allocate memory for compression object",
            ),
            z::Z_STREAM_ERROR => {
                errors::fail_null(Exc::ValueError, "Invalid initialization option")
            }
            _ => {
                zlib_error(zst, err, "while creating compression object");
                ptr::null_mut()
            }
        }
    }
}

/// `set_inflate_zdict`: gives the stream the object's zdict. False with
/// the error.
///
/// # Safety
/// `o` a live Decompress object with a zdict, its lock held.
unsafe fn set_inflate_zdict(o: *mut CompObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        let Some(v) = View::new((*o).zdict) else {
            return false;
        };
        if !zdict_fits(v.len()) {
            return false;
        }
        let zst = &raw mut (*o).zst;
        let err = z::inflateSetDictionary(zst, v.ptr(), v.len() as c_uint);
        if err != z::Z_OK {
            zlib_error(zst, err, "while setting zdict");
            return false;
        }
        true
    }
}

static_parser!(DECOMPRESSOBJ_KW = [c"wbits", c"zdict"]; DECOMPRESSOBJ_PARSER = c"decompressobj");

/// `zlib.decompressobj(wbits=MAX_WBITS, zdict=b'')`.
unsafe extern "C" fn zlib_decompressobj(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call; the new object is ours.
    unsafe {
        let Some([wbits_o, zdict]) =
            clinic::unpack::<2>(&DECOMPRESSOBJ_PARSER, args, nargs, kwnames, 0, 2)
        else {
            return ptr::null_mut();
        };
        let Some(wbits) = opt_int(wbits_o, MAX_WBITS) else {
            return ptr::null_mut();
        };
        if !zdict.is_null() && crate::buffer::PyObject_CheckBuffer(zdict) == 0 {
            return errors::fail_null(
                Exc::TypeError,
                "zdict argument must support the buffer protocol",
            );
        }
        let o = new_comp(DECOMPRESS_TYPE.get());
        let Some(owned) = Owned::new(o.cast()) else {
            return ptr::null_mut();
        };
        if !zdict.is_null() {
            Py_IncRef(zdict);
            (*o).zdict = zdict;
        }
        let zst = &raw mut (*o).zst;
        let err = inflate_init2(zst, wbits);
        match err {
            z::Z_OK => {
                (*o).is_initialised = true;
                if !zdict.is_null() && wbits < 0 {
                    // Not shared yet: no lock needed.
                    if !set_inflate_zdict(o) {
                        return ptr::null_mut();
                    }
                }
                owned.into_raw()
            }
            z::Z_STREAM_ERROR => {
                errors::fail_null(Exc::ValueError, "Invalid initialization option")
            }
            z::Z_MEM_ERROR => errors::fail_null(
                Exc::MemoryError,
                "Can't allocate memory for decompression object",
            ),
            _ => {
                zlib_error(zst, err, "while creating decompression object");
                ptr::null_mut()
            }
        }
    }
}

static_parser!(COMP_COMPRESS_KW = [c""]; COMP_COMPRESS_PARSER = c"compress");

/// `Compress.compress(data, /)`.
unsafe extern "C" fn comp_compress(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let o = slf.cast::<CompObject>();
    // SAFETY: a method call on a live Compress object; its stream is used
    // only under its lock; the input view is held throughout.
    unsafe {
        let Some([data]) = clinic::unpack::<1>(&COMP_COMPRESS_PARSER, args, nargs, kwnames, 1, 1)
        else {
            return ptr::null_mut();
        };
        let Some(view) = View::new(data) else {
            return ptr::null_mut();
        };
        let _lock = Locked::new(o);
        let zst = &raw mut (*o).zst;
        (*zst).next_in = view.ptr();
        let mut remains = view.len();
        let Some(mut out) = OutBuf::first(None) else {
            return ptr::null_mut();
        };
        out.give(zst);
        loop {
            arrange_input(zst, &mut remains);
            loop {
                if !out.make_room(zst) {
                    return ptr::null_mut();
                }
                let err = step(zst, &mut out, z::deflate, z::Z_NO_FLUSH);
                if err == z::Z_STREAM_ERROR {
                    zlib_error(zst, err, "while compressing data");
                    return ptr::null_mut();
                }
                if (*zst).avail_out != 0 {
                    break;
                }
            }
            if remains == 0 {
                break;
            }
        }
        out.finish()
    }
}

static_parser!(COMP_FLUSH_KW = [c""]; COMP_FLUSH_PARSER = c"flush");

/// `Compress.flush(mode=Z_FINISH, /)`.
unsafe extern "C" fn comp_flush(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let o = slf.cast::<CompObject>();
    // SAFETY: a method call on a live Compress object; its stream is used
    // only under its lock.
    unsafe {
        let Some([mode_o]) = clinic::unpack::<1>(&COMP_FLUSH_PARSER, args, nargs, kwnames, 0, 1)
        else {
            return ptr::null_mut();
        };
        let Some(mode) = opt_int(mode_o, z::Z_FINISH) else {
            return ptr::null_mut();
        };
        // Flushing with Z_NO_FLUSH does nothing.
        if mode == z::Z_NO_FLUSH {
            return PyBytes_FromStringAndSize(ptr::null(), 0);
        }
        let _lock = Locked::new(o);
        let zst = &raw mut (*o).zst;
        (*zst).avail_in = 0;
        let Some(mut out) = OutBuf::first(None) else {
            return ptr::null_mut();
        };
        out.give(zst);
        let mut err;
        loop {
            if !out.make_room(zst) {
                return ptr::null_mut();
            }
            err = step(zst, &mut out, z::deflate, mode);
            if err == z::Z_STREAM_ERROR {
                zlib_error(zst, err, "while flushing");
                return ptr::null_mut();
            }
            if (*zst).avail_out != 0 {
                break;
            }
        }
        if err == z::Z_STREAM_END && mode == z::Z_FINISH {
            let err = z::deflateEnd(zst);
            if err != z::Z_OK {
                zlib_error(zst, err, "while finishing compression");
                return ptr::null_mut();
            }
            (*o).is_initialised = false;
        } else if err != z::Z_OK && err != z::Z_BUF_ERROR {
            zlib_error(zst, err, "while flushing");
            return ptr::null_mut();
        }
        out.finish()
    }
}

/// Checks a method that takes no arguments got no positional ones:
/// clinic's check for a `defining_class`-only method, which in 3.11
/// ignores keyword arguments.
fn no_args(name: &str, nargs: Py_ssize_t) -> bool {
    if nargs != 0 {
        errors::fail(Exc::TypeError, format!("{name}() takes no arguments"));
        return false;
    }
    true
}

/// `Compress.copy()` / `Decompress.copy()`: a new object of the same type
/// with a copy of the stream and the same attributes.
///
/// # Safety
/// `o` a live object of one of the two types; `compress` says which.
unsafe fn comp_copy(o: *mut CompObject, compress: bool) -> *mut PyObject {
    // SAFETY: per the contract; the source stream is read under its lock;
    // the copy is ours.
    unsafe {
        let ty = if compress {
            COMPRESS_TYPE.get()
        } else {
            DECOMPRESS_TYPE.get()
        };
        let r = new_comp(ty);
        let Some(owned) = Owned::new(r.cast()) else {
            return ptr::null_mut();
        };
        let _lock = Locked::new(o);
        let (err, what) = if compress {
            (
                z::deflateCopy(&raw mut (*r).zst, &raw mut (*o).zst),
                "compression",
            )
        } else {
            (
                z::inflateCopy(&raw mut (*r).zst, &raw mut (*o).zst),
                "decompression",
            )
        };
        match err {
            z::Z_OK => {}
            z::Z_STREAM_ERROR => {
                return errors::fail_null(Exc::ValueError, "Inconsistent stream state");
            }
            z::Z_MEM_ERROR => {
                return errors::fail_null(
                    Exc::MemoryError,
                    format!("Can't allocate memory for {what} object"),
                );
            }
            _ => {
                zlib_error(
                    &raw const (*o).zst,
                    err,
                    &format!("while copying {what} object"),
                );
                return ptr::null_mut();
            }
        }
        (*r).is_initialised = true;
        for (dst, src) in [
            (&raw mut (*r).unused_data, (*o).unused_data),
            (&raw mut (*r).unconsumed_tail, (*o).unconsumed_tail),
            (&raw mut (*r).zdict, (*o).zdict),
        ] {
            if !src.is_null() {
                Py_IncRef(src);
            }
            let old = ptr::replace(dst, src);
            if !old.is_null() {
                Py_DecRef(old);
            }
        }
        (*r).eof = (*o).eof;
        owned.into_raw()
    }
}

static_parser!(DEEPCOPY_KW = [c""]; DEEPCOPY_PARSER = c"__deepcopy__");

/// The fastcall entry points of `copy()`, `__copy__()` and
/// `__deepcopy__(memo)` of one of the two types (`compress`: whether it
/// is Compress), all of them [`comp_copy`] after their arguments are
/// checked.
macro_rules! copy_methods {
    ($compress:expr, $copy:ident, $dunder:ident, $deep:ident) => {
        unsafe extern "C" fn $copy(
            slf: *mut PyObject,
            _args: *const *mut PyObject,
            nargs: Py_ssize_t,
            _kwnames: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: a method call on a live object of the type.
            unsafe {
                if !no_args("copy", nargs) {
                    return ptr::null_mut();
                }
                comp_copy(slf.cast(), $compress)
            }
        }

        unsafe extern "C" fn $dunder(
            slf: *mut PyObject,
            _args: *const *mut PyObject,
            nargs: Py_ssize_t,
            _kwnames: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: a method call on a live object of the type.
            unsafe {
                if !no_args("__copy__", nargs) {
                    return ptr::null_mut();
                }
                comp_copy(slf.cast(), $compress)
            }
        }

        unsafe extern "C" fn $deep(
            slf: *mut PyObject,
            args: *const *mut PyObject,
            nargs: Py_ssize_t,
            kwnames: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: a method call on a live object of the type.
            unsafe {
                if clinic::unpack::<1>(&DEEPCOPY_PARSER, args, nargs, kwnames, 1, 1).is_none() {
                    return ptr::null_mut();
                }
                comp_copy(slf.cast(), $compress)
            }
        }
    };
}

copy_methods!(true, comp_copy_method, comp_copy_dunder, comp_deepcopy);
copy_methods!(
    false,
    decomp_copy_method,
    decomp_copy_dunder,
    decomp_deepcopy
);

/// `save_unconsumed_input`: after a stream's end, the input left over goes
/// to `unused_data`; input left because the output limit was reached goes
/// to `unconsumed_tail` (emptied once everything is consumed). False with
/// the error.
///
/// # Safety
/// `o` a live Decompress object, its lock held; `buf`/`len` the input
/// last handed to its stream.
unsafe fn save_unconsumed_input(
    o: *mut CompObject,
    buf: *const u8,
    len: usize,
    err: c_int,
) -> bool {
    // SAFETY: per the contract; `next_in` lies within `buf..buf + len`.
    unsafe {
        let zst = &raw mut (*o).zst;
        let left = |zst: *mut z::z_stream| len - ((*zst).next_in as usize - buf as usize);
        if err == z::Z_STREAM_END && (*zst).avail_in > 0 {
            let old_size = PyBytes_Size((*o).unused_data) as usize;
            let left_size = left(zst);
            let Some(new_size) = old_size
                .checked_add(left_size)
                .filter(|&n| n <= Py_ssize_t::MAX as usize)
            else {
                errors::PyErr_NoMemory();
                return false;
            };
            let new = PyBytes_FromStringAndSize(ptr::null(), new_size as Py_ssize_t);
            if new.is_null() {
                return false;
            }
            let dst = PyBytes_AsString(new).cast::<u8>();
            ptr::copy_nonoverlapping(
                PyBytes_AsString((*o).unused_data).cast::<u8>(),
                dst,
                old_size,
            );
            ptr::copy_nonoverlapping((*zst).next_in, dst.add(old_size), left_size);
            Py_DecRef(ptr::replace(&raw mut (*o).unused_data, new));
            (*zst).avail_in = 0;
        }
        if (*zst).avail_in > 0 || PyBytes_Size((*o).unconsumed_tail) != 0 {
            let new = PyBytes_FromStringAndSize((*zst).next_in.cast(), left(zst) as Py_ssize_t);
            if new.is_null() {
                return false;
            }
            Py_DecRef(ptr::replace(&raw mut (*o).unconsumed_tail, new));
        }
        true
    }
}

static_parser!(
    DECOMP_DECOMPRESS_KW = [c"", c"max_length"];
    DECOMP_DECOMPRESS_PARSER = c"decompress"
);

/// `Decompress.decompress(data, /, max_length=0)`.
unsafe extern "C" fn decomp_decompress(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let o = slf.cast::<CompObject>();
    // SAFETY: a method call on a live Decompress object; its stream is
    // used only under its lock; the input view is held throughout.
    unsafe {
        let Some([data, max_o]) =
            clinic::unpack::<2>(&DECOMP_DECOMPRESS_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        let Some(view) = View::new(data) else {
            return ptr::null_mut();
        };
        let Some(max_length) = opt_ssize(max_o, 0) else {
            return ptr::null_mut();
        };
        if max_length < 0 {
            return errors::fail_null(Exc::ValueError, "max_length must be non-negative");
        }
        let max = (max_length > 0).then_some(max_length as usize);
        let _lock = Locked::new(o);
        let zst = &raw mut (*o).zst;
        (*zst).next_in = view.ptr();
        let mut remains = view.len();
        let Some(mut out) = OutBuf::first(max) else {
            return ptr::null_mut();
        };
        out.give(zst);
        let mut err = z::Z_OK;
        'outer: loop {
            arrange_input(zst, &mut remains);
            loop {
                if (*zst).avail_out == 0 && out.at_max() {
                    break 'outer;
                }
                if !out.make_room(zst) {
                    return ptr::null_mut();
                }
                err = step(zst, &mut out, z::inflate, z::Z_SYNC_FLUSH);
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    z::Z_NEED_DICT if !(*o).zdict.is_null() => {
                        if !set_inflate_zdict(o) {
                            return ptr::null_mut();
                        }
                    }
                    _ => break 'outer,
                }
                if (*zst).avail_out != 0 && err != z::Z_NEED_DICT {
                    break;
                }
            }
            if err == z::Z_STREAM_END || remains == 0 {
                break;
            }
        }
        if !save_unconsumed_input(o, view.ptr(), view.len(), err) {
            return ptr::null_mut();
        }
        if err == z::Z_STREAM_END {
            // CPython calls inflateEnd only from flush(), as it always has.
            (*o).eof = 1;
        } else if err != z::Z_OK && err != z::Z_BUF_ERROR {
            zlib_error(zst, err, "while decompressing data");
            return ptr::null_mut();
        }
        out.finish()
    }
}

static_parser!(DECOMP_FLUSH_KW = [c""]; DECOMP_FLUSH_PARSER = c"flush");

/// `Decompress.flush(length=DEF_BUF_SIZE, /)`.
unsafe extern "C" fn decomp_flush(
    slf: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let o = slf.cast::<CompObject>();
    // SAFETY: a method call on a live Decompress object; its stream is
    // used only under its lock; the tail it reads is held throughout.
    unsafe {
        let Some([length_o]) =
            clinic::unpack::<1>(&DECOMP_FLUSH_PARSER, args, nargs, kwnames, 0, 1)
        else {
            return ptr::null_mut();
        };
        let Some(length) = opt_ssize(length_o, DEF_BUF_SIZE) else {
            return ptr::null_mut();
        };
        if length <= 0 {
            return errors::fail_null(Exc::ValueError, "length must be greater than zero");
        }
        let _lock = Locked::new(o);
        let tail = Owned::borrowed((*o).unconsumed_tail);
        let buf = PyBytes_AsString(tail.as_ptr()).cast::<u8>();
        let len = PyBytes_Size(tail.as_ptr()) as usize;
        let zst = &raw mut (*o).zst;
        (*zst).next_in = buf;
        let mut remains = len;
        let Some(mut out) = OutBuf::with_size(length as usize, None) else {
            return ptr::null_mut();
        };
        out.give(zst);
        let mut err;
        'outer: loop {
            arrange_input(zst, &mut remains);
            let flush = if remains == 0 {
                z::Z_FINISH
            } else {
                z::Z_NO_FLUSH
            };
            loop {
                if !out.make_room(zst) {
                    return ptr::null_mut();
                }
                err = step(zst, &mut out, z::inflate, flush);
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    _ => break 'outer,
                }
                if (*zst).avail_out != 0 {
                    break;
                }
            }
            if err == z::Z_STREAM_END || remains == 0 {
                break;
            }
        }
        if !save_unconsumed_input(o, buf, len, err) {
            return ptr::null_mut();
        }
        // At the stream's end, zlib's memory goes.
        if err == z::Z_STREAM_END {
            (*o).eof = 1;
            (*o).is_initialised = false;
            let err = z::inflateEnd(zst);
            if err != z::Z_OK {
                zlib_error(zst, err, "while finishing decompression");
                return ptr::null_mut();
            }
        }
        out.finish()
    }
}

static COMP_METHODS: StaticObject<[PyMethodDef; 6]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"compress($self, data, /)\n--\n\nReturns a bytes object containing compressed data.\n\n  data\n    Binary data to be compressed.\n\nAfter calling this function, some of the input data may still\nbe stored in internal buffers for later processing.\nCall the flush() method to clear these buffers.".as_ptr(),
        ..clinic::fastcall_kw(c"compress", comp_compress, 0)
    },
    PyMethodDef {
        ml_doc: c"flush($self, mode=zlib.Z_FINISH, /)\n--\n\nReturn a bytes object containing any remaining compressed data.\n\n  mode\n    One of the constants Z_SYNC_FLUSH, Z_FULL_FLUSH, Z_FINISH.\n    If mode == Z_FINISH, the compressor object can no longer be\n    used after calling the flush() method.  Otherwise, more data\n    can still be compressed.".as_ptr(),
        ..clinic::fastcall_kw(c"flush", comp_flush, 0)
    },
    PyMethodDef {
        ml_doc: c"copy($self, /)\n--\n\nReturn a copy of the compression object.".as_ptr(),
        ..clinic::fastcall_kw(c"copy", comp_copy_method, 0)
    },
    PyMethodDef {
        ml_doc: c"__copy__($self, /)\n--\n\n".as_ptr(),
        ..clinic::fastcall_kw(c"__copy__", comp_copy_dunder, 0)
    },
    PyMethodDef {
        ml_doc: c"__deepcopy__($self, memo, /)\n--\n\n".as_ptr(),
        ..clinic::fastcall_kw(c"__deepcopy__", comp_deepcopy, 0)
    },
    clinic::METHOD_END,
]);

static DECOMP_METHODS: StaticObject<[PyMethodDef; 6]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"decompress($self, data, /, max_length=0)\n--\n\nReturn a bytes object containing the decompressed version of the data.\n\n  data\n    The binary data to decompress.\n  max_length\n    The maximum allowable length of the decompressed data.\n    Unconsumed input data will be stored in\n    the unconsumed_tail attribute.\n\nAfter calling this function, some of the input data may still be stored in\ninternal buffers for later processing.\nCall the flush() method to clear these buffers.".as_ptr(),
        ..clinic::fastcall_kw(c"decompress", decomp_decompress, 0)
    },
    PyMethodDef {
        ml_doc: c"flush($self, length=zlib.DEF_BUF_SIZE, /)\n--\n\nReturn a bytes object containing any remaining decompressed data.\n\n  length\n    the initial size of the output buffer.".as_ptr(),
        ..clinic::fastcall_kw(c"flush", decomp_flush, 0)
    },
    PyMethodDef {
        ml_doc: c"copy($self, /)\n--\n\nReturn a copy of the decompression object.".as_ptr(),
        ..clinic::fastcall_kw(c"copy", decomp_copy_method, 0)
    },
    PyMethodDef {
        ml_doc: c"__copy__($self, /)\n--\n\n".as_ptr(),
        ..clinic::fastcall_kw(c"__copy__", decomp_copy_dunder, 0)
    },
    PyMethodDef {
        ml_doc: c"__deepcopy__($self, memo, /)\n--\n\n".as_ptr(),
        ..clinic::fastcall_kw(c"__deepcopy__", decomp_deepcopy, 0)
    },
    clinic::METHOD_END,
]);

static DECOMP_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    PyMemberDef::new(
        c"unused_data",
        T_OBJECT,
        offset_of!(CompObject, unused_data),
        READONLY,
    ),
    PyMemberDef::new(
        c"unconsumed_tail",
        T_OBJECT,
        offset_of!(CompObject, unconsumed_tail),
        READONLY,
    ),
    PyMemberDef::new(c"eof", T_BOOL, offset_of!(CompObject, eof), READONLY),
    PyMemberDef::zeroed(),
]);

/// `zlib.Compress`: made only by `compressobj()` and `copy()`.
static COMPRESS_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"zlib.Compress",
        size_of::<CompObject>(),
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
        comp_dealloc,
    );
    ty.tp_methods = COMP_METHODS.get().cast();
    ty
});

/// `zlib.Decompress`: made only by `decompressobj()` and `copy()`.
static DECOMPRESS_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"zlib.Decompress",
        size_of::<CompObject>(),
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
        decomp_dealloc,
    );
    ty.tp_methods = DECOMP_METHODS.get().cast();
    ty.tp_members = DECOMP_MEMBERS.get().cast();
    ty
});

// ==========================================================================
// Checksums
// ==========================================================================

/// Runs a zlib checksum over `len` bytes at `buf` in pieces of at most
/// `UINT_MAX` bytes, with the GIL released past 5 KiB as CPython does.
///
/// # Safety
/// `buf` readable for `len` bytes while this runs.
unsafe fn checksum_raw(
    f: unsafe extern "C" fn(z::uLong, *const z::Bytef, z::uInt) -> z::uLong,
    value: u32,
    buf: *const u8,
    len: usize,
) -> u32 {
    // zlib answers a NULL buffer with the checksum's initial value, not
    // `value`; no bytes leave any checksum as it is.
    if len == 0 {
        return value;
    }
    let run = move |addr: usize| {
        let (mut p, mut left, mut v) = (addr as *const u8, len, z::uLong::from(value));
        loop {
            let n = left.min(c_uint::MAX as usize);
            // SAFETY: `n` readable bytes at `p`, per the contract.
            v = unsafe { f(v, p, n as c_uint) };
            left -= n;
            if left == 0 {
                break;
            }
            // SAFETY: still within the `len` bytes.
            p = unsafe { p.add(n) };
        }
        v as u32
    };
    if len > 5 * 1024 {
        allow_threads(move || run(buf as usize))
    } else {
        run(buf as usize)
    }
}

/// CRC-32 of `data` continued from `crc` (zlib's `crc32`).
pub(crate) fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    // SAFETY: a live slice.
    unsafe { checksum_raw(z::crc32, crc, data.as_ptr(), data.len()) }
}

/// The `value` argument of `crc32`/`adler32` (and binascii's checksums):
/// clinic's `unsigned_int(bitwise=True)`, masked to 32 bits. None with the
/// error.
///
/// # Safety
/// `o` a live object.
unsafe fn checksum_value(o: *mut PyObject) -> Option<u32> {
    // SAFETY: live per the contract.
    let v = unsafe { crate::objects::longobject::PyLong_AsUnsignedLongMask(o) };
    if v == std::ffi::c_ulong::MAX && !errors::PyErr_Occurred().is_null() {
        return None;
    }
    Some(v as u32)
}

/// `binascii.crc_hqx`-style checksums over a copy of the data: `data,
/// value=start, /`, `value` masked to 32 bits.
///
/// # Safety
/// A fastcall's `args`/`nargs`.
pub(crate) unsafe fn checksum(
    name: &'static CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    start: u32,
    update: fn(u32, &[u8]) -> u32,
) -> *mut PyObject {
    // SAFETY: per the contract; every argument is live for the call.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(name.as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(input) = buffer_bytes(*args) else {
            return ptr::null_mut();
        };
        let mut value = start;
        if nargs > 1 {
            match checksum_value(*args.add(1)) {
                Some(v) => value = v,
                None => return ptr::null_mut(),
            }
        }
        crate::objects::longobject::PyLong_FromUnsignedLong(std::ffi::c_ulong::from(update(
            value, &input,
        )))
    }
}

/// `zlib.crc32(data, value=0, /)` and `zlib.adler32(data, value=1, /)`
/// over the held export (no copy).
///
/// # Safety
/// A fastcall's `args`/`nargs`.
unsafe fn zlib_checksum(
    name: &'static CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    start: u32,
    f: unsafe extern "C" fn(z::uLong, *const z::Bytef, z::uInt) -> z::uLong,
) -> *mut PyObject {
    // SAFETY: per the contract; the export is held while zlib reads it.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(name.as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(view) = View::new(*args) else {
            return ptr::null_mut();
        };
        let mut value = start;
        if nargs > 1 {
            match checksum_value(*args.add(1)) {
                Some(v) => value = v,
                None => return ptr::null_mut(),
            }
        }
        let v = checksum_raw(f, value, view.ptr(), view.len());
        crate::objects::longobject::PyLong_FromUnsignedLong(std::ffi::c_ulong::from(v))
    }
}

unsafe extern "C" fn zlib_crc32(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { zlib_checksum(c"crc32", args, nargs, 0, z::crc32) }
}

unsafe extern "C" fn zlib_adler32(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { zlib_checksum(c"adler32", args, nargs, 1, z::adler32) }
}

// ==========================================================================
// The module
// ==========================================================================

static ZLIB_METHODS: StaticObject<[PyMethodDef; 7]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"adler32($module, data, value=1, /)\n--\n\nCompute an Adler-32 checksum of data.\n\n  value\n    Starting value of the checksum.\n\nThe returned checksum is an integer.".as_ptr(),
        ..clinic::fastcall(c"adler32", zlib_adler32)
    },
    PyMethodDef {
        ml_doc: c"compress($module, data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)\n--\n\nReturns a bytes object containing compressed data.\n\n  data\n    Binary data to be compressed.\n  level\n    Compression level, in 0-9 or -1.\n  wbits\n    The window buffer size and container format.".as_ptr(),
        ..clinic::fastcall_kw(c"compress", zlib_compress, 0)
    },
    PyMethodDef {
        ml_doc: c"compressobj($module, /, level=Z_DEFAULT_COMPRESSION, method=DEFLATED,\n            wbits=MAX_WBITS, memLevel=DEF_MEM_LEVEL,\n            strategy=Z_DEFAULT_STRATEGY, zdict=None)\n--\n\nReturn a compressor object.".as_ptr(),
        ..clinic::fastcall_kw(c"compressobj", zlib_compressobj, 0)
    },
    PyMethodDef {
        ml_doc: c"crc32($module, data, value=0, /)\n--\n\nCompute a CRC-32 checksum of data.\n\n  value\n    Starting value of the checksum.\n\nThe returned checksum is an integer.".as_ptr(),
        ..clinic::fastcall(c"crc32", zlib_crc32)
    },
    PyMethodDef {
        ml_doc: c"decompress($module, data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)\n--\n\nReturns a bytes object containing the uncompressed data.\n\n  data\n    Compressed data.\n  wbits\n    The window buffer size and container format.\n  bufsize\n    The initial output buffer size.".as_ptr(),
        ..clinic::fastcall_kw(c"decompress", zlib_decompress, 0)
    },
    PyMethodDef {
        ml_doc: c"decompressobj($module, /, wbits=MAX_WBITS, zdict=b'')\n--\n\nReturn a decompressor object.\n\n  wbits\n    The window buffer size and container format.\n  zdict\n    The predefined compression dictionary.  This must be the same\n    dictionary as used by the compressor that produced the input data.".as_ptr(),
        ..clinic::fastcall_kw(c"decompressobj", zlib_decompressobj, 0)
    },
    clinic::METHOD_END,
]);

/// The integer constants CPython 3.11's module exports.
const INT_CONSTANTS: [(&CStr, c_int); 20] = [
    (c"MAX_WBITS", MAX_WBITS),
    (c"DEFLATED", DEFLATED),
    (c"DEF_MEM_LEVEL", DEF_MEM_LEVEL),
    (c"DEF_BUF_SIZE", DEF_BUF_SIZE as c_int),
    (c"Z_NO_COMPRESSION", z::Z_NO_COMPRESSION),
    (c"Z_BEST_SPEED", z::Z_BEST_SPEED),
    (c"Z_BEST_COMPRESSION", z::Z_BEST_COMPRESSION),
    (c"Z_DEFAULT_COMPRESSION", z::Z_DEFAULT_COMPRESSION),
    (c"Z_FILTERED", z::Z_FILTERED),
    (c"Z_HUFFMAN_ONLY", z::Z_HUFFMAN_ONLY),
    (c"Z_RLE", z::Z_RLE),
    (c"Z_FIXED", z::Z_FIXED),
    (c"Z_DEFAULT_STRATEGY", z::Z_DEFAULT_STRATEGY),
    (c"Z_NO_FLUSH", z::Z_NO_FLUSH),
    (c"Z_PARTIAL_FLUSH", z::Z_PARTIAL_FLUSH),
    (c"Z_SYNC_FLUSH", z::Z_SYNC_FLUSH),
    (c"Z_FULL_FLUSH", z::Z_FULL_FLUSH),
    (c"Z_FINISH", z::Z_FINISH),
    (c"Z_BLOCK", z::Z_BLOCK),
    (c"Z_TREES", z::Z_TREES),
];

/// Makes the `zlib` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static tables outlive the module;
    // static types readied before use; every object is checked before use.
    unsafe {
        if PyType_Ready(COMPRESS_TYPE.get()) < 0 || PyType_Ready(DECOMPRESS_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(c"zlib".as_ptr()))
        else {
            return ptr::null_mut();
        };
        let m_ptr = m.as_ptr();
        if crate::objects::moduleobject::PyModule_AddFunctions(m_ptr, ZLIB_METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        // Kept for the process, as CPython's module state keeps it.
        let exc = ZLIB_ERROR.get_or_make(|| {
            errors::PyErr_NewException(c"zlib.error".as_ptr(), ptr::null_mut(), ptr::null_mut())
        });
        if exc.is_null() {
            return ptr::null_mut();
        }
        let add = crate::python::modsupport::PyModule_AddIntConstant;
        if crate::python::modsupport::PyModule_AddObjectRef(m_ptr, c"error".as_ptr(), exc) < 0 {
            return ptr::null_mut();
        }
        for (name, value) in INT_CONSTANTS {
            if add(m_ptr, name.as_ptr(), value.into()) < 0 {
                return ptr::null_mut();
            }
        }
        // One library, linked in: the version built against is the one
        // running.
        let version = z::zlibVersion();
        let add_str = crate::python::modsupport::PyModule_AddStringConstant;
        if add_str(m_ptr, c"ZLIB_VERSION".as_ptr(), version) < 0
            || add_str(m_ptr, c"ZLIB_RUNTIME_VERSION".as_ptr(), version) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums() {
        assert_eq!(crc32_update(0, b"hello"), 0x3610_a686);
        // SAFETY: a live slice.
        let adler = unsafe { checksum_raw(z::adler32, 1, b"hello".as_ptr(), 5) };
        assert_eq!(adler, 0x062c_0215);
        assert_eq!(crc32_update(crc32_update(0, b"hel"), b"lo"), 0x3610_a686);
    }

    #[test]
    fn output_blocks_follow_cpython() {
        let out = OutBuf::first(Some(10)).unwrap();
        assert_eq!(out.allocated, 10);
        let out = OutBuf::first(None).unwrap();
        assert_eq!(out.allocated, 32 << 10);
    }

    #[test]
    fn zlib_is_linked() {
        // SAFETY: a static C string.
        let v = unsafe { CStr::from_ptr(z::zlibVersion()) };
        assert!(v.to_bytes().starts_with(b"1."));
    }
}
