//! The `_struct` module (CPython 3.11's `Modules/_struct.c`) and the
//! `struct` module over it (`Lib/struct.py`, which re-exports `_struct`'s
//! public names, `_clearcache` and its docstring, with `__all__`). C
//! extensions import `struct` at init and call `pack`, `unpack` or
//! `Struct(...)`.
//!
//! The format grammar, the sizes and alignment, and the packing and
//! unpacking of one value live in [`crate::format`] (which memoryview uses
//! too); this module turns Python objects into [`Value`]s the way
//! `_struct.c`'s pack routines read them (`__index__` for integers,
//! `PyFloat_AsDouble` for floats, truth for `?`, `bytes`/`bytearray` for
//! `s` and `p`, a length-1 `bytes` for `c`) and back, and adds the
//! `Struct` type, the `unpack_iterator` type, the module functions with
//! their format cache, and `struct.error`, with CPython's messages.
//!
//! Buffers of other objects are only reached through raw pointers, and
//! only copied from or into: no Rust reference is made to memory another
//! object exports.
//!
//! Not there: `Struct` objects take part in no cyclic garbage collection
//! (they hold only a `bytes` object, which cannot form a cycle); a `Struct`
//! made by `Struct.__new__` alone, never initialised, behaves as
//! `Struct('')` rather than crashing as CPython's may; unpacking `0p`
//! gives `b''` where CPython 3.11 raises SystemError (see `format.rs`).
//! `struct.error` is [`errors::struct_error`], the class
//! `PyBuffer_SizeFromFormat` raises too, as in CPython (where that function
//! calls `struct.calcsize`). It is a heap type as CPython's is, but derives
//! from the library's `PyExc_StructError` (see there).

use std::ffi::{CStr, c_char, c_int, c_long, c_longlong, c_ulonglong, c_void};
use std::mem::offset_of;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::ffi::*;
use crate::format::{self, ByteOrder, Format, Value};
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::typeobject::static_type;
use crate::python::clinic::{self, fastcall, fastcall_kw, static_parser};
use crate::python::errors;

unsafe extern "C" {
    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int;
    fn PyArg_Parse(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn PyObject_GetBuffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int;
    fn PyBuffer_Release(view: *mut Py_buffer);
    fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int;
    fn PyObject_IsTrue(o: *mut PyObject) -> c_int;
    fn PyObject_CallOneArg(f: *mut PyObject, a: *mut PyObject) -> *mut PyObject;
    fn PyObject_GetAttrString(o: *mut PyObject, name: *const c_char) -> *mut PyObject;
    fn PyObject_ClearWeakRefs(o: *mut PyObject);
    fn PyObject_SelfIter(o: *mut PyObject) -> *mut PyObject;
    fn PyIndex_Check(o: *mut PyObject) -> c_int;
    fn PyNumber_Index(o: *mut PyObject) -> *mut PyObject;
    fn PyNumber_AsSsize_t(o: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t;
    fn PyLong_AsLongLongAndOverflow(o: *mut PyObject, overflow: *mut c_int) -> c_longlong;
    fn PyLong_AsUnsignedLongLong(o: *mut PyObject) -> c_ulonglong;
    fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject;
    fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject;
    fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject;
    fn PyLong_FromVoidPtr(p: *mut c_void) -> *mut PyObject;
    fn PyFloat_AsDouble(o: *mut PyObject) -> f64;
    fn PyFloat_FromDouble(v: f64) -> *mut PyObject;
    fn PyBool_FromLong(v: c_long) -> *mut PyObject;
    fn PyBytes_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyBytes_AsString(o: *mut PyObject) -> *mut c_char;
    fn PyBytes_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyByteArray_AsString(o: *mut PyObject) -> *mut c_char;
    fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyUnicode_AsASCIIString(o: *mut PyObject) -> *mut PyObject;
    fn PyUnicode_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_SetItem(t: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyList_SetItem(l: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
    fn PyDict_New() -> *mut PyObject;
    fn PyDict_GetItemWithError(d: *mut PyObject, k: *mut PyObject) -> *mut PyObject;
    fn PyDict_SetItem(d: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyDict_Clear(d: *mut PyObject);
    fn PyDict_Size(d: *mut PyObject) -> Py_ssize_t;
    fn PyErr_Occurred() -> *mut PyObject;
    fn PyErr_Clear();
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddFunctions(m: *mut PyObject, defs: *mut PyMethodDef) -> c_int;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, o: *mut PyObject) -> c_int;
    fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int;
    fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: Py_ssize_t,
        min: Py_ssize_t,
        max: Py_ssize_t,
    ) -> c_int;
}

// ==========================================================================
// Module state: the exception and the format cache
// ==========================================================================

/// The module functions' cache of `Struct` objects keyed by their format
/// object (a dict, made with the module), cleared when it reaches
/// [`MAXCACHE`] entries or by `_clearcache()`.
static CACHE: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// CPython's `MAXCACHE`.
const MAXCACHE: Py_ssize_t = 100;

/// Raises `struct.error(message)`; returns NULL for the caller.
fn error(message: &str) -> *mut PyObject {
    errors::fail_struct_error(message);
    ptr::null_mut()
}

// ==========================================================================
// Object checks
// ==========================================================================

/// Whether `o`'s type has the fast-subclass `flag` (`PyLong_Check` and
/// friends).
///
/// # Safety
/// `o` a live object.
unsafe fn has_flag(o: *mut PyObject, flag: std::ffi::c_ulong) -> bool {
    // SAFETY: a live object has a live type.
    unsafe { (*(*o).ob_type).tp_flags & flag != 0 }
}

/// `PyByteArray_Check`.
///
/// # Safety
/// `o` a live object.
unsafe fn is_bytearray(o: *mut PyObject) -> bool {
    // SAFETY: live types.
    unsafe {
        PyType_IsSubtype(
            (*o).ob_type,
            crate::objects::bytearrayobject::PyByteArray_Type.get(),
        ) != 0
    }
}

/// The bytes of a `bytes` or `bytearray` object, copied (None for other
/// objects).
///
/// # Safety
/// `o` a live object.
unsafe fn bytes_like_copy(o: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: the object's own storage, read at once into a fresh Vec
    // while nothing else runs.
    unsafe {
        let (p, n) = if has_flag(o, Py_TPFLAGS_BYTES_SUBCLASS) {
            (PyBytes_AsString(o), PyBytes_Size(o))
        } else if is_bytearray(o) {
            (PyByteArray_AsString(o), PyByteArray_Size(o))
        } else {
            return None;
        };
        let n = n.max(0) as usize;
        let mut v = vec![0u8; n];
        if n > 0 {
            ptr::copy_nonoverlapping(p.cast::<u8>(), v.as_mut_ptr(), n);
        }
        Some(v)
    }
}

// ==========================================================================
// Python objects to values (the pack side)
// ==========================================================================

/// Whether `code` is one of the integer codes.
fn is_integer_code(code: u8) -> bool {
    matches!(
        code,
        b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'P'
    )
}

/// The message CPython gives for an int too large for any 64-bit
/// conversion, packed with integer `code` in `order`: the 8-byte standard
/// routines (`q`, `Q` in the non-host byte order) and `P` report the
/// conversion's OverflowError as "int too large to convert", every other
/// routine goes through a C `long` (or `long long`, `Py_ssize_t`) first
/// and says "argument out of range".
fn huge_int_message(code: u8, order: ByteOrder) -> &'static str {
    let host = if cfg!(target_endian = "little") {
        ByteOrder::Little
    } else {
        ByteOrder::Big
    };
    match code {
        b'P' => "int too large to convert",
        b'q' | b'Q' if order != ByteOrder::Native && order != host => "int too large to convert",
        _ => "argument out of range",
    }
}

/// CPython's `get_pylong` followed by the conversion to a [`Value`]: an
/// int, or an object with `__index__` (its result); anything else is
/// "required argument is not an integer". None with the error raised.
///
/// # Safety
/// `v` a live object.
unsafe fn integer_value(v: *mut PyObject, code: u8, order: ByteOrder) -> Option<Value> {
    // SAFETY: live objects; every new reference is owned by `Owned`.
    unsafe {
        let int = if has_flag(v, Py_TPFLAGS_LONG_SUBCLASS) {
            Py_IncRef(v);
            Owned::new(v)?
        } else if PyIndex_Check(v) != 0 {
            Owned::new(PyNumber_Index(v))?
        } else {
            error("required argument is not an integer");
            return None;
        };
        let mut overflow: c_int = 0;
        let x = PyLong_AsLongLongAndOverflow(int.as_ptr(), &mut overflow);
        if overflow == 0 {
            if x == -1 && !PyErr_Occurred().is_null() {
                return None;
            }
            return Some(Value::Int(x));
        }
        if overflow > 0 {
            let u = PyLong_AsUnsignedLongLong(int.as_ptr());
            if u == c_ulonglong::MAX && !PyErr_Occurred().is_null() {
                PyErr_Clear();
            } else {
                return Some(Value::UInt(u));
            }
        }
        error(huge_int_message(code, order));
        None
    }
}

/// The value `v` stands for when packed with `code`; None with the error
/// raised (a struct.error with CPython's message, or the error of a
/// conversion the object's own methods raised).
///
/// # Safety
/// `v` a live object.
unsafe fn value_of(v: *mut PyObject, code: u8, order: ByteOrder) -> Option<Value> {
    // SAFETY: per the contract.
    unsafe {
        match code {
            b'e' | b'f' | b'd' => {
                let x = PyFloat_AsDouble(v);
                if x == -1.0 && !PyErr_Occurred().is_null() {
                    error("required argument is not a float");
                    return None;
                }
                Some(Value::Float(x))
            }
            b'?' => match PyObject_IsTrue(v) {
                r if r < 0 => None,
                r => Some(Value::Bool(r != 0)),
            },
            // Only `bytes` of length 1; anything else fails in the codec
            // with "char format requires a bytes object of length 1".
            b'c' if has_flag(v, Py_TPFLAGS_BYTES_SUBCLASS) => {
                Some(Value::Bytes(bytes_like_copy(v).unwrap_or_default()))
            }
            // `bytes` or `bytearray`; anything else fails in the codec with
            // "argument for 's' must be a bytes object".
            b's' | b'p' => Some(bytes_like_copy(v).map_or(Value::Bool(false), Value::Bytes)),
            b'c' => Some(Value::Bool(false)),
            c if is_integer_code(c) => integer_value(v, code, order),
            _ => Some(Value::Bool(false)),
        }
    }
}

/// CPython's `s_pack_internal`: packs `args` (exactly `s_len` of them) by
/// `layout` into `out` (zeroed, `layout.size` bytes). On failure the
/// values packed before the failing one stay in `out`, as they do in
/// CPython's buffer, and the error is raised.
///
/// # Safety
/// Every pointer of `args` a live object.
unsafe fn pack_values(layout: &Format, args: &[*mut PyObject], out: &mut [u8]) -> Option<()> {
    let mut next = args.iter();
    for field in &layout.fields {
        for i in 0..field.count {
            let &v = next.next()?;
            let offset = field.element_offset(i)?;
            // SAFETY: a live argument per the contract.
            let value = unsafe { value_of(v, field.code, layout.byte_order) }?;
            if let Err(e) = format::pack_field(field, layout.byte_order, &value, &mut out[offset..])
            {
                if e.message.starts_with("float too large to pack") {
                    // An OverflowError, which the pack loop turns into
                    // struct.error("int too large to convert") for ints.
                    // SAFETY: a live argument.
                    if unsafe { has_flag(v, Py_TPFLAGS_LONG_SUBCLASS) } {
                        error("int too large to convert");
                    } else {
                        errors::fail(Exc::OverflowError, e.message);
                    }
                } else {
                    error(&e.message);
                }
                return None;
            }
        }
    }
    Some(())
}

// ==========================================================================
// Values to Python objects (the unpack side)
// ==========================================================================

/// A new reference to the Python object for `value`, or NULL with the
/// error.
fn object_of(value: Value) -> *mut PyObject {
    // SAFETY: constructors of new objects from plain values.
    unsafe {
        match value {
            Value::Int(i) => PyLong_FromLongLong(i),
            Value::UInt(u) => PyLong_FromUnsignedLongLong(u),
            Value::Float(f) => PyFloat_FromDouble(f),
            Value::Bool(b) => PyBool_FromLong(c_long::from(b)),
            Value::Bytes(b) => PyBytes_FromStringAndSize(b.as_ptr().cast(), b.len() as Py_ssize_t),
            Value::Pointer(p) => PyLong_FromVoidPtr(p as *mut c_void),
        }
    }
}

/// CPython's `s_unpack_internal`: the tuple of the values `bytes` (at
/// least `layout.size` bytes, our own copy) holds; NULL with the error.
fn unpack_values(layout: &Format, len: Py_ssize_t, bytes: &[u8]) -> *mut PyObject {
    // SAFETY: a new tuple filled slot by slot with new references.
    unsafe {
        let Some(tuple) = Owned::new(PyTuple_New(len)) else {
            return ptr::null_mut();
        };
        let mut k = 0;
        for field in &layout.fields {
            for i in 0..field.count {
                let Some(offset) = field.element_offset(i) else {
                    return ptr::null_mut();
                };
                let value = format::unpack_field(field, layout.byte_order, &bytes[offset..]);
                let o = object_of(value);
                if o.is_null() {
                    return ptr::null_mut();
                }
                PyTuple_SetItem(tuple.as_ptr(), k, o);
                k += 1;
            }
        }
        tuple.into_raw()
    }
}

// ==========================================================================
// Buffers
// ==========================================================================

/// A buffer export held for as long as the value lives.
struct View(Py_buffer);

impl View {
    /// Clinic's `Py_buffer` converter for argument `argno` of `fname`: a
    /// simple, C-contiguous export of `o`; None with the error.
    ///
    /// # Safety
    /// `o` a live object.
    unsafe fn readable(o: *mut PyObject, fname: &str, argno: &str) -> Option<View> {
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        // SAFETY: a live object and a view to fill.
        if unsafe { PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) } < 0 {
            return None;
        }
        // SAFETY: filled by the successful call above.
        let view = View(unsafe { view.assume_init() });
        // SAFETY: the live export.
        if unsafe { PyBuffer_IsContiguous(&view.0, b'C' as c_char) } == 0 {
            // SAFETY: a live object.
            let name = unsafe { crate::objects::object::type_name_max(o, 200) };
            errors::fail(
                Exc::TypeError,
                format!("{fname}() {argno} must be contiguous buffer, not {name}"),
            );
            return None;
        }
        Some(view)
    }

    /// `PyArg_Parse(o, "w*", ...)`: a writable, contiguous export; None
    /// with its error.
    ///
    /// # Safety
    /// `o` a live object.
    unsafe fn writable(o: *mut PyObject) -> Option<View> {
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        // SAFETY: the "w*" converter fills a Py_buffer.
        if unsafe { PyArg_Parse(o, c"w*".as_ptr(), view.as_mut_ptr()) } == 0 {
            return None;
        }
        // SAFETY: filled by the successful call above.
        Some(View(unsafe { view.assume_init() }))
    }

    fn len(&self) -> Py_ssize_t {
        self.0.len
    }

    /// A copy of the `n` bytes at `offset` (in bounds: checked by the
    /// caller against `len`).
    fn copy_out(&self, offset: usize, n: usize) -> Vec<u8> {
        let mut v = vec![0u8; n];
        if n > 0 {
            // SAFETY: the export's `len` bytes are readable while it is
            // held, and offset + n <= len; copied into our own Vec.
            unsafe {
                ptr::copy_nonoverlapping(self.0.buf.cast::<u8>().add(offset), v.as_mut_ptr(), n)
            };
        }
        v
    }

    /// Writes `data` at `offset` (in bounds: checked by the caller).
    fn copy_in(&self, offset: usize, data: &[u8]) {
        if !data.is_empty() {
            // SAFETY: a writable export of `len` bytes, held; offset +
            // data.len() <= len; `data` is our own Vec, so they do not
            // overlap.
            unsafe {
                ptr::copy_nonoverlapping(
                    data.as_ptr(),
                    self.0.buf.cast::<u8>().add(offset),
                    data.len(),
                )
            };
        }
    }
}

impl Drop for View {
    fn drop(&mut self) {
        // SAFETY: the view acquired in a constructor, released once.
        unsafe { PyBuffer_Release(&mut self.0) };
    }
}

// ==========================================================================
// The Struct type
// ==========================================================================

/// A `Struct` object: CPython's `PyStructObject` layout (the same size, so
/// that `__sizeof__` agrees), with the parsed format in place of its
/// array of format codes.
#[repr(C)]
struct StructObject {
    ob_base: PyObject,
    /// The size in bytes of a packed item.
    s_size: Py_ssize_t,
    /// The number of values an item packs.
    s_len: Py_ssize_t,
    /// The parsed format (a `Box`), NULL before initialisation.
    layout: *mut Format,
    /// The format as a `bytes` object (a strong reference), or NULL.
    s_format: *mut PyObject,
    weakreflist: *mut PyObject,
}

/// A copy of the parsed format of a live `Struct` (an empty one before
/// initialisation). A copy, because packing calls back into Python
/// (`__index__`, `__float__`, `__bool__`), which may re-initialise the
/// object and free the format it held.
///
/// # Safety
/// `s` a live `Struct`.
unsafe fn layout_of(s: *mut PyObject) -> Format {
    // SAFETY: per the contract; the Box is owned by the object and only
    // read here.
    let p = unsafe { (*s.cast::<StructObject>()).layout };
    if p.is_null() {
        return Format {
            byte_order: ByteOrder::Native,
            native: true,
            fields: Vec::new(),
            size: 0,
        };
    }
    // SAFETY: a live Box, cloned before anything else runs.
    unsafe { (*p).clone() }
}

/// The layout of a live `Struct` with its item size and value count, all
/// from one moment: callers take it once, before any Python code runs,
/// so a re-initialisation during packing cannot make them disagree.
///
/// # Safety
/// `s` a live `Struct`.
unsafe fn snapshot(s: *mut PyObject) -> (Format, Py_ssize_t, Py_ssize_t) {
    // SAFETY: per the contract.
    let layout = unsafe { layout_of(s) };
    let len: usize = layout.fields.iter().map(|f| f.count).sum();
    let size = layout.size as Py_ssize_t;
    (layout, size, len as Py_ssize_t)
}

/// `(s_size, s_len)` of a live `Struct`.
///
/// # Safety
/// `s` a live `Struct`.
unsafe fn sizes(s: *mut PyObject) -> (Py_ssize_t, Py_ssize_t) {
    // SAFETY: per the contract.
    unsafe {
        let so = s.cast::<StructObject>();
        ((*so).s_size, (*so).s_len)
    }
}

/// `Struct.__new__`: an object with an empty format, which `__init__`
/// then sets.
unsafe extern "C" fn struct_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new's live type; the zeroed new object is ours.
    unsafe {
        let o = PyType_GenericAlloc(ty, 0);
        if !o.is_null() {
            let so = o.cast::<StructObject>();
            (*so).s_size = 0;
            (*so).s_len = 0;
        }
        o
    }
}

static_parser!(INIT_KW = [c"format"]; INIT_PARSER = c"Struct");

/// `Struct.__init__(format)`: `format` a `str` (ASCII) or `bytes`.
unsafe extern "C" fn struct_init(
    s: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tp_init's live arguments (`args` a tuple, `kwds` NULL or a
    // dict); the object is a live Struct.
    unsafe {
        let nargs = crate::objects::tupleobject::PyTuple_Size(args);
        let items = crate::objects::tupleobject::items(args);
        let Some([fmt]) =
            clinic::unpack_call::<1>(&INIT_PARSER, items, nargs, kwds, ptr::null_mut(), 1, 1)
        else {
            return -1;
        };
        let bytes = if has_flag(fmt, Py_TPFLAGS_UNICODE_SUBCLASS) {
            let Some(b) = Owned::new(PyUnicode_AsASCIIString(fmt)) else {
                return -1;
            };
            b
        } else {
            Py_IncRef(fmt);
            let Some(b) = Owned::new(fmt) else {
                return -1;
            };
            b
        };
        if !has_flag(bytes.as_ptr(), Py_TPFLAGS_BYTES_SUBCLASS) {
            errors::fail(
                Exc::TypeError,
                format!(
                    "Struct() argument 1 must be a str or bytes object, not {}",
                    crate::objects::object::type_name_max(fmt, 200)
                ),
            );
            return -1;
        }
        let text = bytes_like_copy(bytes.as_ptr()).unwrap_or_default();
        let so = s.cast::<StructObject>();
        // CPython stores the new format before parsing it.
        let old = (*so).s_format;
        (*so).s_format = bytes.into_raw();
        if !old.is_null() {
            Py_DecRef(old);
        }
        let layout = match format::parse(&text) {
            Ok(l) => l,
            Err(e) => {
                error(&e.message);
                return -1;
            }
        };
        let len: usize = layout.fields.iter().map(|f| f.count).sum();
        (*so).s_size = layout.size as Py_ssize_t;
        (*so).s_len = len as Py_ssize_t;
        let old = (*so).layout;
        (*so).layout = Box::into_raw(Box::new(layout));
        if !old.is_null() {
            drop(Box::from_raw(old));
        }
        0
    }
}

unsafe extern "C" fn struct_dealloc(s: *mut PyObject) {
    // SAFETY: the dying Struct; its references and Box are released once.
    unsafe {
        let so = s.cast::<StructObject>();
        if !(*so).weakreflist.is_null() {
            PyObject_ClearWeakRefs(s);
        }
        if !(*so).layout.is_null() {
            drop(Box::from_raw((*so).layout));
        }
        if !(*so).s_format.is_null() {
            Py_DecRef((*so).s_format);
        }
        let ty = (*s).ob_type;
        if let Some(free) = (*ty).tp_free {
            free(s.cast());
        }
        if (*ty).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
            Py_DecRef(ty.cast());
        }
    }
}

/// `Struct.pack(*values)`.
unsafe extern "C" fn struct_pack(
    s: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: `s` is the live Struct the method is bound to.
    let (layout, size, len) = unsafe { snapshot(s) };
    if nargs != len {
        return error(&format!(
            "pack expected {len} items for packing (got {nargs})"
        ));
    }
    // SAFETY: a live Struct and `nargs` live arguments.
    unsafe {
        let args = std::slice::from_raw_parts(args, nargs as usize);
        let mut out = vec![0u8; size as usize];
        if pack_values(&layout, args, &mut out).is_none() {
            return ptr::null_mut();
        }
        PyBytes_FromStringAndSize(out.as_ptr().cast(), size)
    }
}

/// `Struct.pack_into(buffer, offset, *values)`.
unsafe extern "C" fn struct_pack_into(
    s: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a live Struct and `nargs` live arguments.
    unsafe {
        let (layout, size, len) = snapshot(s);
        if nargs != len + 2 {
            return match nargs {
                0 => error("pack_into expected buffer argument"),
                1 => error("pack_into expected offset argument"),
                _ => error(&format!(
                    "pack_into expected {len} items for packing (got {})",
                    nargs - 2
                )),
            };
        }
        let Some(view) = View::writable(*args) else {
            return ptr::null_mut();
        };
        let mut offset = PyNumber_AsSsize_t(*args.add(1), Exc::IndexError.type_object());
        if offset == -1 && !PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let buflen = view.len();
        if offset < 0 {
            if offset + size > 0 {
                return error(&format!("no space to pack {size} bytes at offset {offset}"));
            }
            if offset + buflen < 0 {
                return error(&format!(
                    "offset {offset} out of range for {buflen}-byte buffer"
                ));
            }
            offset += buflen;
        }
        if buflen - offset < size {
            return error(&format!(
                "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {offset} (actual buffer size is {buflen})",
                size as usize + offset as usize
            ));
        }
        let values = std::slice::from_raw_parts(args.add(2), len as usize);
        let mut out = vec![0u8; size as usize];
        let packed = pack_values(&layout, values, &mut out);
        // CPython packs in place after zeroing the span, so what was packed
        // before a failure stays in the buffer; so does it here.
        view.copy_in(offset as usize, &out);
        if packed.is_none() {
            return ptr::null_mut();
        }
        crate::objects::object::none()
    }
}

/// `Struct.unpack(buffer, /)`.
unsafe extern "C" fn struct_unpack(s: *mut PyObject, buffer: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live Struct and a live argument.
    unsafe { unpack_impl(s, buffer, "unpack", "argument") }
}

/// The body of `Struct.unpack` and `struct.unpack` (whose clinic names
/// the buffer "argument 2").
///
/// # Safety
/// `s` a live Struct, `buffer` a live object.
unsafe fn unpack_impl(
    s: *mut PyObject,
    buffer: *mut PyObject,
    fname: &str,
    argno: &str,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(view) = View::readable(buffer, fname, argno) else {
            return ptr::null_mut();
        };
        let (layout, size, len) = snapshot(s);
        if view.len() != size {
            return error(&format!("unpack requires a buffer of {size} bytes"));
        }
        let bytes = view.copy_out(0, size as usize);
        drop(view);
        unpack_values(&layout, len, &bytes)
    }
}

static_parser!(UNPACK_FROM_KW = [c"buffer", c"offset"]; UNPACK_FROM_PARSER = c"unpack_from");

/// `Struct.unpack_from(buffer, offset=0)`.
unsafe extern "C" fn struct_unpack_from(
    s: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live Struct and the vectorcall arguments.
    unsafe {
        let Some([buffer, offset]) =
            clinic::unpack::<2>(&UNPACK_FROM_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        unpack_from_impl(s, buffer, offset, "argument 'buffer'")
    }
}

/// The body of both `unpack_from`s: `offset` NULL for 0.
///
/// # Safety
/// `s` a live Struct, `buffer` live, `offset` NULL or live.
unsafe fn unpack_from_impl(
    s: *mut PyObject,
    buffer: *mut PyObject,
    offset: *mut PyObject,
    argno: &str,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(view) = View::readable(buffer, "unpack_from", argno) else {
            return ptr::null_mut();
        };
        let mut offset = if offset.is_null() {
            0
        } else {
            match clinic::ssize_arg(offset) {
                Some(o) => o,
                None => return ptr::null_mut(),
            }
        };
        let (layout, size, len) = snapshot(s);
        let buflen = view.len();
        if offset < 0 {
            if offset + size > 0 {
                return error(&format!(
                    "not enough data to unpack {size} bytes at offset {offset}"
                ));
            }
            if offset + buflen < 0 {
                return error(&format!(
                    "offset {offset} out of range for {buflen}-byte buffer"
                ));
            }
            offset += buflen;
        }
        if buflen - offset < size {
            return error(&format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {offset} (actual buffer size is {buflen})",
                size as usize + offset as usize
            ));
        }
        let bytes = view.copy_out(offset as usize, size as usize);
        drop(view);
        unpack_values(&layout, len, &bytes)
    }
}

/// `Struct.iter_unpack(buffer, /)`.
unsafe extern "C" fn struct_iter_unpack(s: *mut PyObject, buffer: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live Struct and a live argument.
    unsafe { iter_unpack_impl(s, buffer) }
}

/// `Struct.__sizeof__()`: CPython's object plus its array of format codes
/// (four words each, one per field and a terminator).
unsafe extern "C" fn struct_sizeof(s: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live Struct.
    unsafe {
        let so = s.cast::<StructObject>();
        let ncodes = if (*so).layout.is_null() {
            0
        } else {
            (*(*so).layout).fields.len()
        };
        let base = (*(*s).ob_type).tp_basicsize;
        PyLong_FromSsize_t(base + (4 * size_of::<usize>() * (ncodes + 1)) as Py_ssize_t)
    }
}

/// `Struct.format`: the format as a `str`.
unsafe extern "C" fn struct_get_format(s: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live Struct; its format is a live bytes object.
    unsafe {
        let f = (*s.cast::<StructObject>()).s_format;
        if f.is_null() {
            return PyUnicode_FromStringAndSize(c"".as_ptr(), 0);
        }
        PyUnicode_FromStringAndSize(PyBytes_AsString(f), PyBytes_Size(f))
    }
}

/// `Struct.size`.
unsafe extern "C" fn struct_get_size(s: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live Struct.
    unsafe { PyLong_FromSsize_t(sizes(s).0) }
}

static STRUCT_METHODS: StaticObject<[PyMethodDef; 7]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"iter_unpack($self, buffer, /)\n--\n\nReturn an iterator yielding tuples.\n\nTuples are unpacked from the given bytes source, like a repeated\ninvocation of unpack_from().\n\nRequires that the bytes length be a multiple of the struct size.".as_ptr(),
        ..clinic::method(c"iter_unpack", struct_iter_unpack, METH_O)
    },
    PyMethodDef {
        ml_doc: c"S.pack(v1, v2, ...) -> bytes\n\nReturn a bytes object containing values v1, v2, ... packed according\nto the format string S.format.  See help(struct) for more on format\nstrings.".as_ptr(),
        ..fastcall(c"pack", struct_pack)
    },
    PyMethodDef {
        ml_doc: c"S.pack_into(buffer, offset, v1, v2, ...)\n\nPack the values v1, v2, ... according to the format string S.format\nand write the packed bytes into the writable buffer buf starting at\noffset.  Note that the offset is a required argument.  See\nhelp(struct) for more on format strings.".as_ptr(),
        ..fastcall(c"pack_into", struct_pack_into)
    },
    PyMethodDef {
        ml_doc: c"unpack($self, buffer, /)\n--\n\nReturn a tuple containing unpacked values.\n\nUnpack according to the format string Struct.format. The buffer's size\nin bytes must be Struct.size.\n\nSee help(struct) for more on format strings.".as_ptr(),
        ..clinic::method(c"unpack", struct_unpack, METH_O)
    },
    PyMethodDef {
        ml_doc: c"unpack_from($self, /, buffer, offset=0)\n--\n\nReturn a tuple containing unpacked values.\n\nValues are unpacked according to the format string Struct.format.\n\nThe buffer's size in bytes, starting at position offset, must be\nat least Struct.size.\n\nSee help(struct) for more on format strings.".as_ptr(),
        ..fastcall_kw(c"unpack_from", struct_unpack_from, 0)
    },
    PyMethodDef {
        ml_doc: c"S.__sizeof__() -> size of S in memory, in bytes".as_ptr(),
        ..clinic::method(c"__sizeof__", struct_sizeof, METH_NOARGS)
    },
    PyMethodDef::zeroed(),
]);

static STRUCT_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    PyGetSetDef {
        doc: c"struct format string".as_ptr(),
        ..clinic::getter(c"format", struct_get_format)
    },
    PyGetSetDef {
        doc: c"struct size in bytes".as_ptr(),
        ..clinic::getter(c"size", struct_get_size)
    },
    PyGetSetDef {
        name: ptr::null(),
        get: None,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
]);

static STRUCT_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_struct.Struct",
        size_of::<StructObject>(),
        Py_TPFLAGS_BASETYPE,
        struct_dealloc,
    );
    ty.tp_new = Some(struct_new);
    ty.tp_init = Some(struct_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_weaklistoffset = offset_of!(StructObject, weakreflist) as Py_ssize_t;
    ty.tp_methods = STRUCT_METHODS.get().cast();
    ty.tp_getset = STRUCT_GETSET.get().cast();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_doc = c"Struct(format)\n--\n\nCreate a compiled struct object.\n\nReturn a new Struct object which writes and reads binary data according to\nthe format string.\n\nSee help(struct) for more on format strings.".as_ptr();
    ty
});

// ==========================================================================
// The unpack iterator
// ==========================================================================

/// `_struct.unpack_iterator`: the Struct, the held export of the buffer
/// and the offset of the next item. `so` is NULL once exhausted (the
/// export is released then).
#[repr(C)]
struct UnpackIter {
    ob_base: PyObject,
    so: *mut PyObject,
    buf: Py_buffer,
    index: Py_ssize_t,
}

/// CPython's `Struct.iter_unpack` body.
///
/// # Safety
/// `s` a live Struct, `buffer` a live object.
unsafe fn iter_unpack_impl(s: *mut PyObject, buffer: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the new iterator is ours until returned
    // and its dealloc copes with a partly filled one.
    unsafe {
        let (size, _) = sizes(s);
        if size == 0 {
            return error("cannot iteratively unpack with a struct of length 0");
        }
        let Some(it) = Owned::new(PyType_GenericAlloc(UNPACKITER_TYPE.get(), 0)) else {
            return ptr::null_mut();
        };
        let ui = it.as_ptr().cast::<UnpackIter>();
        if PyObject_GetBuffer(buffer, &mut (*ui).buf, PyBUF_SIMPLE) < 0 {
            return ptr::null_mut();
        }
        if (*ui).buf.len % size != 0 {
            return error(&format!(
                "iterative unpacking requires a buffer of a multiple of {size} bytes"
            ));
        }
        Py_IncRef(s);
        (*ui).so = s;
        (*ui).index = 0;
        it.into_raw()
    }
}

unsafe extern "C" fn unpackiter_dealloc(o: *mut PyObject) {
    // SAFETY: the dying iterator; an export exists exactly when `buf.obj`
    // is set (a zeroed Py_buffer otherwise).
    unsafe {
        let ui = o.cast::<UnpackIter>();
        if !(*ui).so.is_null() {
            Py_DecRef((*ui).so);
        }
        if !(*ui).buf.obj.is_null() {
            PyBuffer_Release(&mut (*ui).buf);
        }
        if let Some(free) = (*(*o).ob_type).tp_free {
            free(o.cast());
        }
    }
}

unsafe extern "C" fn unpackiter_next(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator; its export is held while `so` is set.
    unsafe {
        let ui = o.cast::<UnpackIter>();
        let s = (*ui).so;
        if s.is_null() {
            return ptr::null_mut();
        }
        if (*ui).index >= (*ui).buf.len {
            (*ui).so = ptr::null_mut();
            Py_DecRef(s);
            PyBuffer_Release(&mut (*ui).buf);
            return ptr::null_mut();
        }
        let (layout, size, len) = snapshot(s);
        if size <= 0 || (*ui).buf.len - (*ui).index < size {
            // The Struct was re-initialised to a size the buffer does not
            // divide into (CPython would read past the buffer): stop.
            (*ui).so = ptr::null_mut();
            Py_DecRef(s);
            PyBuffer_Release(&mut (*ui).buf);
            return ptr::null_mut();
        }
        let mut bytes = vec![0u8; size as usize];
        // SAFETY: index + size <= len, checked above; copied into our own
        // Vec.
        ptr::copy_nonoverlapping(
            (*ui).buf.buf.cast::<u8>().add((*ui).index as usize),
            bytes.as_mut_ptr(),
            size as usize,
        );
        (*ui).index += size;
        unpack_values(&layout, len, &bytes)
    }
}

unsafe extern "C" fn unpackiter_length_hint(o: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator.
    unsafe {
        let ui = o.cast::<UnpackIter>();
        let n = if (*ui).so.is_null() {
            0
        } else {
            // A Struct re-initialised to size 0 yields nothing more.
            let size = sizes((*ui).so).0;
            if size > 0 {
                ((*ui).buf.len - (*ui).index).max(0) / size
            } else {
                0
            }
        };
        PyLong_FromSsize_t(n)
    }
}

/// `unpack_iterator()` cannot be called (CPython's message, its missing
/// quote included).
unsafe extern "C" fn unpackiter_new(
    _ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    errors::fail(Exc::TypeError, "Cannot create 'unpack_iterator objects");
    ptr::null_mut()
}

static UNPACKITER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    clinic::method(c"__length_hint__", unpackiter_length_hint, METH_NOARGS),
    PyMethodDef::zeroed(),
]);

static UNPACKITER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_struct.unpack_iterator",
        size_of::<UnpackIter>(),
        0,
        unpackiter_dealloc,
    );
    ty.tp_new = Some(unpackiter_new);
    ty.tp_iter = Some(PyObject_SelfIter);
    ty.tp_iternext = Some(unpackiter_next);
    ty.tp_methods = UNPACKITER_METHODS.get().cast();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty
});

// ==========================================================================
// The module functions
// ==========================================================================

/// CPython's `cache_struct_converter`: the `Struct` for `fmt` from the
/// cache, or made by calling the type (and cached); a new reference, or
/// None with the error (an unhashable `fmt` fails in the cache lookup).
///
/// # Safety
/// `fmt` a live object.
unsafe fn cached_struct(fmt: *mut PyObject) -> Option<Owned> {
    // SAFETY: the module's live dict and type; a live key.
    unsafe {
        let cache = CACHE.load(Ordering::Acquire);
        let hit = PyDict_GetItemWithError(cache, fmt);
        if !hit.is_null() {
            Py_IncRef(hit);
            return Owned::new(hit);
        }
        if !PyErr_Occurred().is_null() {
            return None;
        }
        let s = Owned::new(PyObject_CallOneArg(STRUCT_TYPE.get().cast(), fmt))?;
        if PyDict_Size(cache) >= MAXCACHE {
            PyDict_Clear(cache);
        }
        if PyDict_SetItem(cache, fmt, s.as_ptr()) < 0 {
            PyErr_Clear();
        }
        Some(s)
    }
}

/// `_clearcache()`.
unsafe extern "C" fn m_clearcache(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: the module's live dict.
    unsafe {
        PyDict_Clear(CACHE.load(Ordering::Acquire));
        crate::objects::object::none()
    }
}

/// `calcsize(format, /)`.
unsafe extern "C" fn m_calcsize(_m: *mut PyObject, fmt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument.
    unsafe {
        let Some(s) = cached_struct(fmt) else {
            return ptr::null_mut();
        };
        PyLong_FromSsize_t(sizes(s.as_ptr()).0)
    }
}

/// `pack(format, /, *values)`.
unsafe extern "C" fn m_pack(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: the vectorcall's live arguments.
    unsafe {
        if nargs == 0 {
            errors::fail(Exc::TypeError, "missing format argument");
            return ptr::null_mut();
        }
        let Some(s) = cached_struct(*args) else {
            return ptr::null_mut();
        };
        struct_pack(s.as_ptr(), args.add(1), nargs - 1)
    }
}

/// `pack_into(format, /, buffer, offset, *values)`.
unsafe extern "C" fn m_pack_into(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: the vectorcall's live arguments.
    unsafe {
        if nargs == 0 {
            errors::fail(Exc::TypeError, "missing format argument");
            return ptr::null_mut();
        }
        let Some(s) = cached_struct(*args) else {
            return ptr::null_mut();
        };
        struct_pack_into(s.as_ptr(), args.add(1), nargs - 1)
    }
}

/// `unpack(format, buffer, /)`.
unsafe extern "C" fn m_unpack(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: the vectorcall's live arguments.
    unsafe {
        if _PyArg_CheckPositional(c"unpack".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(s) = cached_struct(*args) else {
            return ptr::null_mut();
        };
        unpack_impl(s.as_ptr(), *args.add(1), "unpack", "argument 2")
    }
}

static_parser!(
    M_UNPACK_FROM_KW = [c"", c"buffer", c"offset"];
    M_UNPACK_FROM_PARSER = c"unpack_from"
);

/// `unpack_from(format, /, buffer, offset=0)`.
unsafe extern "C" fn m_unpack_from(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the vectorcall's live arguments.
    unsafe {
        let Some([fmt, buffer, offset]) =
            clinic::unpack::<3>(&M_UNPACK_FROM_PARSER, args, nargs, kwnames, 2, 3)
        else {
            return ptr::null_mut();
        };
        let Some(s) = cached_struct(fmt) else {
            return ptr::null_mut();
        };
        unpack_from_impl(s.as_ptr(), buffer, offset, "argument 'buffer'")
    }
}

/// `iter_unpack(format, buffer, /)`.
unsafe extern "C" fn m_iter_unpack(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: the vectorcall's live arguments.
    unsafe {
        if _PyArg_CheckPositional(c"iter_unpack".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(s) = cached_struct(*args) else {
            return ptr::null_mut();
        };
        iter_unpack_impl(s.as_ptr(), *args.add(1))
    }
}

static METHODS: StaticObject<[PyMethodDef; 8]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"_clearcache($module, /)\n--\n\nClear the internal cache.".as_ptr(),
        ..clinic::method(c"_clearcache", m_clearcache, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"calcsize($module, format, /)\n--\n\nReturn size in bytes of the struct described by the format string.".as_ptr(),
        ..clinic::method(c"calcsize", m_calcsize, METH_O)
    },
    PyMethodDef {
        ml_doc: c"iter_unpack($module, format, buffer, /)\n--\n\nReturn an iterator yielding tuples unpacked from the given bytes.\n\nThe bytes are unpacked according to the format string, like\na repeated invocation of unpack_from().\n\nRequires that the bytes length be a multiple of the format struct size.".as_ptr(),
        ..fastcall(c"iter_unpack", m_iter_unpack)
    },
    PyMethodDef {
        ml_doc: c"pack(format, v1, v2, ...) -> bytes\n\nReturn a bytes object containing the values v1, v2, ... packed according\nto the format string.  See help(struct) for more on format strings.".as_ptr(),
        ..fastcall(c"pack", m_pack)
    },
    PyMethodDef {
        ml_doc: c"pack_into(format, buffer, offset, v1, v2, ...)\n\nPack the values v1, v2, ... according to the format string and write\nthe packed bytes into the writable buffer buf starting at offset.  Note\nthat the offset is a required argument.  See help(struct) for more\non format strings.".as_ptr(),
        ..fastcall(c"pack_into", m_pack_into)
    },
    PyMethodDef {
        ml_doc: c"unpack($module, format, buffer, /)\n--\n\nReturn a tuple containing values unpacked according to the format string.\n\nThe buffer's size in bytes must be calcsize(format).\n\nSee help(struct) for more on format strings.".as_ptr(),
        ..fastcall(c"unpack", m_unpack)
    },
    PyMethodDef {
        ml_doc: c"unpack_from($module, format, /, buffer, offset=0)\n--\n\nReturn a tuple containing values unpacked according to the format string.\n\nThe buffer's size, minus offset, must be at least calcsize(format).\n\nSee help(struct) for more on format strings.".as_ptr(),
        ..fastcall_kw(c"unpack_from", m_unpack_from, 0)
    },
    PyMethodDef::zeroed(),
]);

const MODULE_DOC: &CStr = c"Functions to convert between Python values and C structs.\nPython bytes objects are used to hold the data representing the C struct\nand also as format strings (explained below) to describe the layout of data\nin the C struct.\n\nThe optional first format char indicates byte order, size and alignment:\n  @: native order, size & alignment (default)\n  =: native order, std. size & alignment\n  <: little-endian, std. size & alignment\n  >: big-endian, std. size & alignment\n  !: same as >\n\nThe remaining chars indicate types of args and must match exactly;\nthese can be preceded by a decimal repeat count:\n  x: pad byte (no data); c:char; b:signed byte; B:unsigned byte;\n  ?: _Bool (requires C99; if not available, char is used instead)\n  h:short; H:unsigned short; i:int; I:unsigned int;\n  l:long; L:unsigned long; f:float; d:double; e:half-float.\nSpecial cases (preceding decimal count indicates length):\n  s:string (array of char); p: pascal string (with count byte).\nSpecial cases (only available in native format):\n  n:ssize_t; N:size_t;\n  P:an integer type that is wide enough to hold a pointer.\nSpecial case (not in native mode unless 'long long' in platform C):\n  q:long long; Q:unsigned long long\nWhitespace between formats is ignored.\n\nThe variable struct.error is an exception raised on errors.\n";

/// Makes the `_struct` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static tables and types outlive
    // the module; every object is checked before use.
    unsafe {
        if PyType_Ready(STRUCT_TYPE.get()) < 0 || PyType_Ready(UNPACKITER_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        let Some(m) = Owned::new(PyModule_New(c"_struct".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(m.as_ptr(), MODULE_DOC.as_ptr()) < 0
            || PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        if CACHE.load(Ordering::Acquire).is_null() {
            let d = PyDict_New();
            if d.is_null() {
                return ptr::null_mut();
            }
            CACHE.store(d, Ordering::Release);
        }
        let error = errors::struct_error();
        if error.is_null()
            || PyModule_AddObjectRef(m.as_ptr(), c"error".as_ptr(), error) < 0
            || PyModule_AddObjectRef(m.as_ptr(), c"Struct".as_ptr(), STRUCT_TYPE.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

/// `Lib/struct.py`'s public names, its `__all__`.
const ALL: [&CStr; 8] = [
    c"calcsize",
    c"pack",
    c"pack_into",
    c"unpack",
    c"unpack_from",
    c"iter_unpack",
    c"Struct",
    c"error",
];

/// Makes the `struct` module over the live `_struct` module `base` (a new
/// reference), or NULL with the error: `from _struct import *`,
/// `_clearcache` and `__doc__`, and `__all__`.
///
/// # Safety
/// `base` the live `_struct` module.
pub(crate) unsafe fn struct_module(base: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; NUL-terminated names.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"struct".as_ptr())) else {
            return ptr::null_mut();
        };
        let Some(all) = Owned::new(PyList_New(ALL.len() as Py_ssize_t)) else {
            return ptr::null_mut();
        };
        for (i, name) in ALL.iter().enumerate() {
            let Some(s) = Owned::new(PyUnicode_FromString(name.as_ptr())) else {
                return ptr::null_mut();
            };
            PyList_SetItem(all.as_ptr(), i as Py_ssize_t, s.into_raw());
        }
        if PyModule_AddObjectRef(m.as_ptr(), c"__all__".as_ptr(), all.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        for name in ALL.iter().chain([&c"_clearcache", &c"__doc__"]) {
            let Some(obj) = Owned::new(PyObject_GetAttrString(base, name.as_ptr())) else {
                return ptr::null_mut();
            };
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), obj.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
