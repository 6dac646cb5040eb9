//! The `array` module (CPython's `Modules/arraymodule.c`): `array.array`,
//! a typed, resizable sequence of C numbers that exports its items as a
//! buffer, with its alias `ArrayType` and the `typecodes` string.
//!
//! The object is laid out exactly as CPython 3.11's `arrayobject` and its
//! items are described by the same `struct arraydescr`, because C code
//! reads them directly: Cython's `cimport cpython.array` declares both
//! structs itself, allocates arrays through `tp_alloc`, and resizes
//! `ob_item` with `PyMem_Realloc`. So `ob_item` is always memory of the
//! `PyMem_*` family (or NULL when nothing was ever allocated), and
//! `allocated` is the number of items it has room for.
//!
//! Making the module registers `array` with
//! `collections.abc.MutableSequence`, as CPython's does.
//!
//! Not here: pickling the array (`__reduce_ex__`,
//! `_array_reconstructor`).

use std::ffi::{CStr, c_char, c_int, c_long, c_longlong, c_ulong, c_ulonglong, c_void};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::typeobject::static_type;
use crate::python::clinic;
use crate::python::errors;

unsafe extern "C" {
    static mut _Py_NoneStruct: PyObject;
    static mut _Py_NotImplementedStruct: PyObject;
    static mut _Py_TrueStruct: PyObject;
    static mut _Py_FalseStruct: PyObject;

    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyArg_Parse(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn PyArg_ParseTuple(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int;
    fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject;
    fn PyIter_Next(o: *mut PyObject) -> *mut PyObject;
    fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject;
    fn PyObject_RichCompareBool(a: *mut PyObject, b: *mut PyObject, op: c_int) -> c_int;
    fn PyObject_CallMethod(
        o: *mut PyObject,
        name: *const c_char,
        format: *const c_char,
        ...
    ) -> *mut PyObject;
    fn PyObject_GetBuffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int;
    fn PyBuffer_Release(view: *mut Py_buffer);
    fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int;
    fn PyObject_ClearWeakRefs(o: *mut PyObject);
    fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyNumber_AsSsize_t(o: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t;
    fn PyNumber_Index(o: *mut PyObject) -> *mut PyObject;
    fn PyIndex_Check(o: *mut PyObject) -> c_int;
    fn PySlice_Unpack(
        s: *mut PyObject,
        start: *mut Py_ssize_t,
        stop: *mut Py_ssize_t,
        step: *mut Py_ssize_t,
    ) -> c_int;
    fn PySlice_AdjustIndices(
        len: Py_ssize_t,
        start: *mut Py_ssize_t,
        stop: *mut Py_ssize_t,
        step: Py_ssize_t,
    ) -> Py_ssize_t;
    fn PyLong_FromLong(v: c_long) -> *mut PyObject;
    fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject;
    fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject;
    fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject;
    fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject;
    fn PyLong_FromSize_t(v: usize) -> *mut PyObject;
    fn PyLong_FromVoidPtr(p: *mut c_void) -> *mut PyObject;
    fn PyLong_AsUnsignedLong(o: *mut PyObject) -> c_ulong;
    fn PyLong_AsUnsignedLongLong(o: *mut PyObject) -> c_ulonglong;
    fn PyFloat_FromDouble(v: f64) -> *mut PyObject;
    fn PyUnicode_FromOrdinal(c: c_int) -> *mut PyObject;
    fn PyUnicode_GetLength(o: *mut PyObject) -> Py_ssize_t;
    fn PyUnicode_ReadChar(o: *mut PyObject, i: Py_ssize_t) -> u32;
    fn PyUnicode_AsUCS4Copy(o: *mut PyObject) -> *mut u32;
    fn PyUnicode_FromWideChar(w: *const i32, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyBytes_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyList_SetItem(l: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int;
    fn PyList_Size(l: *mut PyObject) -> Py_ssize_t;
    fn PyList_GetItem(l: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_Pack(n: Py_ssize_t, ...) -> *mut PyObject;
    fn PyMem_Malloc(n: usize) -> *mut c_void;
    fn PyMem_Realloc(p: *mut c_void, n: usize) -> *mut c_void;
    fn PyMem_Free(p: *mut c_void);
    fn PyErr_Occurred() -> *mut PyObject;
    fn PyErr_NoMemory() -> *mut PyObject;
    fn PyErr_BadArgument() -> c_int;
    fn PyErr_BadInternalCall();
    fn PyErr_WriteUnraisable(o: *mut PyObject);
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn _PyArg_NoKeywords(name: *const c_char, kw: *mut PyObject) -> c_int;
    fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: Py_ssize_t,
        min: Py_ssize_t,
        max: Py_ssize_t,
    ) -> c_int;
    fn _PyArg_BadArgument(
        fname: *const c_char,
        displayname: *const c_char,
        expected: *const c_char,
        arg: *mut PyObject,
    );
    fn PyObject_SelfIter(o: *mut PyObject) -> *mut PyObject;
}

// ==========================================================================
// The C layout (CPython 3.11's, which C code declares itself)
// ==========================================================================

/// `struct arraydescr`: one item type.
#[repr(C)]
pub struct ArrayDescr {
    typecode: c_char,
    /// The padding before `itemsize`, zero: Cython's `arrayarray.h`
    /// declares `typecode` as an `int` and reads all four bytes.
    typecode_pad: [c_char; 3],
    itemsize: c_int,
    getitem: unsafe extern "C" fn(*mut ArrayObject, Py_ssize_t) -> *mut PyObject,
    setitem: unsafe extern "C" fn(*mut ArrayObject, Py_ssize_t, *mut PyObject) -> c_int,
    compareitems: Option<unsafe extern "C" fn(*const c_void, *const c_void, Py_ssize_t) -> c_int>,
    formats: *const c_char,
    is_integer_type: c_int,
    is_signed: c_int,
}

/// `arrayobject`: `ob_size` items of `ob_descr`'s type at `ob_item`, room
/// for `allocated` of them.
#[repr(C)]
pub struct ArrayObject {
    ob_base: PyVarObject,
    ob_item: *mut c_char,
    allocated: Py_ssize_t,
    ob_descr: *const ArrayDescr,
    weakreflist: *mut PyObject,
    ob_exports: Py_ssize_t,
}

/// `arrayiterobject`.
#[repr(C)]
struct ArrayIterObject {
    ob_base: PyObject,
    index: Py_ssize_t,
    ao: *mut ArrayObject,
    getitem: unsafe extern "C" fn(*mut ArrayObject, Py_ssize_t) -> *mut PyObject,
}

// ==========================================================================
// Item access per type code
// ==========================================================================

/// The item at `i` of `a`'s items viewed as `T`.
///
/// # Safety
/// `a` a live array whose item type is `T` and `0 <= i < ob_size`.
unsafe fn read<T: Copy>(a: *mut ArrayObject, i: Py_ssize_t) -> T {
    // SAFETY: per the contract; PyMem memory is aligned for any C type.
    unsafe { (*a).ob_item.cast::<T>().add(i as usize).read() }
}

/// Stores `v` at `i` unless `i` is negative (a check-only conversion).
///
/// # Safety
/// `a` a live array of `T` items with `i < ob_size`.
unsafe fn write<T>(a: *mut ArrayObject, i: Py_ssize_t, v: T) {
    if i >= 0 {
        // SAFETY: per the contract.
        unsafe { (*a).ob_item.cast::<T>().add(i as usize).write(v) };
    }
}

/// Converts `v` with a `PyArg_Parse` format (whose `;message` replaces
/// the type error, as CPython's item setters use it).
///
/// # Safety
/// `v` a live object; `format` one unit converting into a `T`.
unsafe fn parse<T: Default>(v: *mut PyObject, format: &CStr) -> Option<T> {
    let mut x = T::default();
    // SAFETY: the format writes one `T`.
    let ok = unsafe { PyArg_Parse(v, format.as_ptr(), &mut x as *mut T) };
    (ok != 0).then_some(x)
}

/// `v` as an int object (`__index__` for non-ints), owned.
///
/// # Safety
/// `v` a live object.
unsafe fn as_int(v: *mut PyObject) -> Option<Owned> {
    // SAFETY: a live object.
    unsafe {
        if (*(*v).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
            Py_IncRef(v);
            Owned::new(v)
        } else {
            Owned::new(PyNumber_Index(v))
        }
    }
}

macro_rules! getter_fn {
    ($name:ident, $t:ty, $conv:expr) => {
        unsafe extern "C" fn $name(a: *mut ArrayObject, i: Py_ssize_t) -> *mut PyObject {
            // SAFETY: the caller checked `i`; the descriptor says `$t`.
            let x: $t = unsafe { read(a, i) };
            #[allow(clippy::redundant_closure_call)]
            // SAFETY: a plain conversion to a new object.
            unsafe {
                ($conv)(x)
            }
        }
    };
}

getter_fn!(b_get, i8, |x: i8| PyLong_FromLong(c_long::from(x)));
getter_fn!(bb_get, u8, |x: u8| PyLong_FromLong(c_long::from(x)));
getter_fn!(u_get, i32, |x: i32| PyUnicode_FromOrdinal(x));
getter_fn!(h_get, i16, |x: i16| PyLong_FromLong(c_long::from(x)));
getter_fn!(hh_get, u16, |x: u16| PyLong_FromLong(c_long::from(x)));
getter_fn!(i_get, c_int, |x: c_int| PyLong_FromLong(c_long::from(x)));
getter_fn!(ii_get, u32, |x: u32| PyLong_FromUnsignedLong(
    c_ulong::from(x)
));
getter_fn!(l_get, c_long, |x: c_long| PyLong_FromLong(x));
getter_fn!(ll_get, c_ulong, |x: c_ulong| PyLong_FromUnsignedLong(x));
getter_fn!(q_get, c_longlong, |x: c_longlong| PyLong_FromLongLong(x));
getter_fn!(qq_get, c_ulonglong, |x: c_ulonglong| {
    PyLong_FromUnsignedLongLong(x)
});
getter_fn!(f_get, f32, |x: f32| PyFloat_FromDouble(f64::from(x)));
getter_fn!(d_get, f64, |x: f64| PyFloat_FromDouble(x));

/// `'b'`: parsed as a short, range-checked by hand (`PyArg_Parse`'s `b`
/// is unsigned).
unsafe extern "C" fn b_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: a live item; `i` checked by the caller.
    unsafe {
        let Some(x) = parse::<i16>(v, c"h;array item must be integer") else {
            return -1;
        };
        if x < -128 {
            return errors::fail(Exc::OverflowError, "signed char is less than minimum");
        }
        if x > 127 {
            return errors::fail(Exc::OverflowError, "signed char is greater than maximum");
        }
        write(a, i, x as i8);
        0
    }
}

unsafe extern "C" fn bb_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<u8>(v, c"b;array item must be integer") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

/// `'u'`: one character (`wchar_t` is 4 bytes here, so any character).
unsafe extern "C" fn u_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        if (*(*v).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS == 0
            || PyUnicode_GetLength(v) != 1
        {
            return errors::fail(Exc::TypeError, "array item must be unicode character");
        }
        write(a, i, PyUnicode_ReadChar(v, 0) as i32);
        0
    }
}

unsafe extern "C" fn h_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<i16>(v, c"h;array item must be integer") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

/// `'H'`: parsed as an int, range-checked by hand (`h` is signed).
unsafe extern "C" fn hh_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<c_int>(v, c"i;array item must be integer") else {
            return -1;
        };
        if x < 0 {
            return errors::fail(Exc::OverflowError, "unsigned short is less than minimum");
        }
        if x > c_int::from(u16::MAX) {
            return errors::fail(Exc::OverflowError, "unsigned short is greater than maximum");
        }
        write(a, i, x as u16);
        0
    }
}

unsafe extern "C" fn i_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<c_int>(v, c"i;array item must be integer") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

/// `'I'` and `'L'`: an int (or `__index__`) as an unsigned long, with
/// `max` as the upper bound for `'I'`.
///
/// # Safety
/// As the setters.
unsafe fn unsigned_long_item(v: *mut PyObject, max: Option<c_ulong>) -> Option<c_ulong> {
    // SAFETY: a live item.
    unsafe {
        let n = as_int(v)?;
        let x = PyLong_AsUnsignedLong(n.as_ptr());
        if x == c_ulong::MAX && !PyErr_Occurred().is_null() {
            return None;
        }
        if let Some(m) = max
            && x > m
        {
            errors::raise(Exc::OverflowError, "unsigned int is greater than maximum");
            return None;
        }
        Some(x)
    }
}

unsafe extern "C" fn ii_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = unsigned_long_item(v, Some(c_ulong::from(u32::MAX))) else {
            return -1;
        };
        write(a, i, x as u32);
        0
    }
}

unsafe extern "C" fn l_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<c_long>(v, c"l;array item must be integer") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

unsafe extern "C" fn ll_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = unsigned_long_item(v, None) else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

unsafe extern "C" fn q_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<c_longlong>(v, c"L;array item must be integer") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

unsafe extern "C" fn qq_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(n) = as_int(v) else { return -1 };
        let x = PyLong_AsUnsignedLongLong(n.as_ptr());
        if x == c_ulonglong::MAX && !PyErr_Occurred().is_null() {
            return -1;
        }
        write(a, i, x);
        0
    }
}

unsafe extern "C" fn f_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<f32>(v, c"f;array item must be float") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

unsafe extern "C" fn d_set(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: as b_set.
    unsafe {
        let Some(x) = parse::<f64>(v, c"d;array item must be float") else {
            return -1;
        };
        write(a, i, x);
        0
    }
}

macro_rules! compare_fn {
    ($name:ident, $t:ty) => {
        /// The first difference of two item runs (-1, 0 or 1), as the
        /// integer types compare without making objects.
        unsafe extern "C" fn $name(a: *const c_void, b: *const c_void, n: Py_ssize_t) -> c_int {
            for i in 0..n.max(0) as usize {
                // SAFETY: the caller passes `n` items of `$t` on both sides.
                let (x, y) =
                    unsafe { (a.cast::<$t>().add(i).read(), b.cast::<$t>().add(i).read()) };
                if x != y {
                    return if x < y { -1 } else { 1 };
                }
            }
            0
        }
    };
}

compare_fn!(b_cmp, i8);
compare_fn!(bb_cmp, u8);
compare_fn!(u_cmp, i32);
compare_fn!(h_cmp, i16);
compare_fn!(hh_cmp, u16);
compare_fn!(i_cmp, c_int);
compare_fn!(ii_cmp, u32);
compare_fn!(l_cmp, c_long);
compare_fn!(ll_cmp, c_ulong);
compare_fn!(q_cmp, c_longlong);
compare_fn!(qq_cmp, c_ulonglong);

/// The descriptor table (`descriptors` in CPython), in `typecodes` order.
struct Descriptors([ArrayDescr; 13]);
// SAFETY: immutable after initialisation; the pointers are to static C
// strings and functions.
unsafe impl Sync for Descriptors {}

/// One `struct arraydescr` row, in CPython's field order.
macro_rules! descr {
    ($tc:literal, $t:ty, $get:ident, $set:ident, $cmp:expr, $fmt:literal, $int:literal, $signed:literal) => {
        ArrayDescr {
            typecode: $tc as c_char,
            typecode_pad: [0; 3],
            itemsize: size_of::<$t>() as c_int,
            getitem: $get,
            setitem: $set,
            compareitems: $cmp,
            formats: $fmt.as_ptr(),
            is_integer_type: $int,
            is_signed: $signed,
        }
    };
}

static DESCRIPTORS: Descriptors = Descriptors([
    descr!(b'b', i8, b_get, b_set, Some(b_cmp), c"b", 1, 1),
    descr!(b'B', u8, bb_get, bb_set, Some(bb_cmp), c"B", 1, 0),
    descr!(b'u', i32, u_get, u_set, Some(u_cmp), c"u", 0, 0),
    descr!(b'h', i16, h_get, h_set, Some(h_cmp), c"h", 1, 1),
    descr!(b'H', u16, hh_get, hh_set, Some(hh_cmp), c"H", 1, 0),
    descr!(b'i', c_int, i_get, i_set, Some(i_cmp), c"i", 1, 1),
    descr!(b'I', u32, ii_get, ii_set, Some(ii_cmp), c"I", 1, 0),
    descr!(b'l', c_long, l_get, l_set, Some(l_cmp), c"l", 1, 1),
    descr!(b'L', c_ulong, ll_get, ll_set, Some(ll_cmp), c"L", 1, 0),
    descr!(b'q', c_longlong, q_get, q_set, Some(q_cmp), c"q", 1, 1),
    descr!(b'Q', c_ulonglong, qq_get, qq_set, Some(qq_cmp), c"Q", 1, 0),
    descr!(b'f', f32, f_get, f_set, None, c"f", 0, 0),
    descr!(b'd', f64, d_get, d_set, None, c"d", 0, 0),
]);

// ==========================================================================
// Allocation and resizing
// ==========================================================================

fn none() -> *mut PyObject {
    &raw mut _Py_NoneStruct
}

/// A new reference to None.
fn new_none() -> *mut PyObject {
    // SAFETY: the immortal None.
    unsafe { Py_IncRef(none()) };
    none()
}

fn new_bool(b: bool) -> *mut PyObject {
    let o = if b {
        &raw mut _Py_TrueStruct
    } else {
        &raw mut _Py_FalseStruct
    };
    // SAFETY: an immortal bool.
    unsafe { Py_IncRef(o) };
    o
}

fn array_type() -> *mut PyTypeObject {
    ARRAY_TYPE.get()
}

/// Whether `o` is an array (or an instance of a subclass).
///
/// # Safety
/// `o` a live object.
unsafe fn is_array(o: *mut PyObject) -> bool {
    // SAFETY: a live object and a ready type.
    unsafe { (*o).ob_type == array_type() || PyType_IsSubtype((*o).ob_type, array_type()) != 0 }
}

/// # Safety
/// `a` a live array.
unsafe fn size(a: *mut ArrayObject) -> Py_ssize_t {
    // SAFETY: per the contract.
    unsafe { (*a).ob_base.ob_size }
}

/// # Safety
/// `a` a live array.
unsafe fn itemsize(a: *mut ArrayObject) -> Py_ssize_t {
    // SAFETY: per the contract; every array has a descriptor.
    unsafe { (*(*a).ob_descr).itemsize as Py_ssize_t }
}

/// `newarrayobject`: an array of `ty` with `n` uninitialised items.
///
/// # Safety
/// `ty` the array type or a subtype.
unsafe fn new_array(ty: *mut PyTypeObject, n: Py_ssize_t, d: *const ArrayDescr) -> *mut PyObject {
    // SAFETY: per the contract; the descriptor is static.
    unsafe {
        if n < 0 {
            PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        let isz = (*d).itemsize as Py_ssize_t;
        if n > Py_ssize_t::MAX / isz {
            return PyErr_NoMemory();
        }
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = alloc(ty, 0).cast::<ArrayObject>();
        if op.is_null() {
            return ptr::null_mut();
        }
        (*op).ob_descr = d;
        (*op).allocated = n;
        (*op).weakreflist = ptr::null_mut();
        (*op).ob_exports = 0;
        (*op).ob_base.ob_size = n;
        if n <= 0 {
            (*op).ob_item = ptr::null_mut();
        } else {
            (*op).ob_item = PyMem_Malloc((n * isz) as usize).cast();
            if (*op).ob_item.is_null() {
                Py_DecRef(op.cast());
                return PyErr_NoMemory();
            }
        }
        op.cast()
    }
}

/// `array_resize`: `a` holds `newsize` items (the new ones
/// uninitialised), over-allocating as CPython does so appends are
/// amortised; refused while buffers are exported.
///
/// # Safety
/// `a` a live array.
unsafe fn resize(a: *mut ArrayObject, newsize: Py_ssize_t) -> c_int {
    // SAFETY: per the contract; `ob_item` is PyMem memory or NULL.
    unsafe {
        if (*a).ob_exports > 0 && newsize != size(a) {
            return errors::fail(
                Exc::BufferError,
                "cannot resize an array that is exporting buffers",
            );
        }
        if (*a).allocated >= newsize && size(a) < newsize + 16 && !(*a).ob_item.is_null() {
            (*a).ob_base.ob_size = newsize;
            return 0;
        }
        if newsize == 0 {
            PyMem_Free((*a).ob_item.cast());
            (*a).ob_item = ptr::null_mut();
            (*a).ob_base.ob_size = 0;
            (*a).allocated = 0;
            return 0;
        }
        let extra = if size(a) < 8 { 3 } else { 7 };
        let want = ((newsize >> 4) as usize)
            .checked_add(extra)
            .and_then(|n| n.checked_add(newsize as usize));
        let bytes = want.and_then(|n| n.checked_mul(itemsize(a) as usize));
        let (Some(want), Some(bytes)) = (want, bytes) else {
            PyErr_NoMemory();
            return -1;
        };
        if bytes > Py_ssize_t::MAX as usize {
            PyErr_NoMemory();
            return -1;
        }
        let items = PyMem_Realloc((*a).ob_item.cast(), bytes).cast::<c_char>();
        if items.is_null() {
            PyErr_NoMemory();
            return -1;
        }
        (*a).ob_item = items;
        (*a).ob_base.ob_size = newsize;
        (*a).allocated = want as Py_ssize_t;
        0
    }
}

/// Byte address of item `i`.
///
/// # Safety
/// `a` a live array with `0 <= i <= allocated`.
unsafe fn item_ptr(a: *mut ArrayObject, i: Py_ssize_t) -> *mut c_char {
    // SAFETY: per the contract.
    unsafe {
        if i == 0 {
            (*a).ob_item
        } else {
            (*a).ob_item.add((i * itemsize(a)) as usize)
        }
    }
}

/// Moves `n` items from `from` to `to` (overlap allowed); nothing when
/// `n` is 0 (so NULL storage is never touched).
///
/// # Safety
/// Both ranges within `a`'s allocation.
unsafe fn move_items(a: *mut ArrayObject, to: Py_ssize_t, from: Py_ssize_t, n: Py_ssize_t) {
    if n > 0 {
        // SAFETY: per the contract.
        unsafe {
            ptr::copy(
                item_ptr(a, from),
                item_ptr(a, to),
                (n * itemsize(a)) as usize,
            )
        };
    }
}

/// `getarrayitem`.
///
/// # Safety
/// `a` a live array, `0 <= i < size`.
unsafe fn get_item(a: *mut ArrayObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { ((*(*a).ob_descr).getitem)(a, i) }
}

/// `setarrayitem` (a negative `i` only checks `v`).
///
/// # Safety
/// `a` a live array, `i < size`.
unsafe fn set_item(a: *mut ArrayObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe { ((*(*a).ob_descr).setitem)(a, i, v) }
}

/// `ins1`: inserts `v` before `where_` (clamped as list.insert does).
///
/// # Safety
/// `a` a live array, `v` live.
unsafe fn ins1(a: *mut ArrayObject, mut where_: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: per the contract; indices clamped to the new size.
    unsafe {
        let n = size(a);
        if set_item(a, -1, v) < 0 {
            return -1;
        }
        if resize(a, n + 1) < 0 {
            return -1;
        }
        if where_ < 0 {
            where_ = (where_ + n).max(0);
        }
        if where_ > n {
            where_ = n;
        }
        move_items(a, where_ + 1, where_, n - where_);
        set_item(a, where_, v)
    }
}

/// `array_slice`: a new array (of the base type) of items `lo..hi`,
/// clamped.
///
/// # Safety
/// `a` a live array.
unsafe fn slice(a: *mut ArrayObject, lo: Py_ssize_t, hi: Py_ssize_t) -> *mut PyObject {
    // SAFETY: per the contract; the bounds are clamped to the size.
    unsafe {
        let n = size(a);
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        let np = new_array(array_type(), hi - lo, (*a).ob_descr).cast::<ArrayObject>();
        if np.is_null() {
            return ptr::null_mut();
        }
        if hi > lo {
            ptr::copy_nonoverlapping(
                item_ptr(a, lo),
                (*np).ob_item,
                ((hi - lo) * itemsize(a)) as usize,
            );
        }
        np.cast()
    }
}

/// `array_del_slice`: removes items `lo..hi` (clamped).
///
/// # Safety
/// `a` a live array.
unsafe fn del_slice(a: *mut ArrayObject, lo: Py_ssize_t, hi: Py_ssize_t) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let n = size(a);
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        let d = hi - lo;
        if d != 0 && (*a).ob_exports > 0 {
            return errors::fail(
                Exc::BufferError,
                "cannot resize an array that is exporting buffers",
            );
        }
        if d > 0 {
            move_items(a, lo, hi, n - hi);
            if resize(a, n - d) < 0 {
                return -1;
            }
        }
        0
    }
}

// ==========================================================================
// Type slots
// ==========================================================================

unsafe extern "C" fn array_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if (*a).ob_exports > 0 {
            errors::raise(
                Exc::SystemError,
                "deallocated array object has exported buffers",
            );
            PyErr_WriteUnraisable(ptr::null_mut());
        }
        if !(*a).weakreflist.is_null() {
            PyObject_ClearWeakRefs(op);
        }
        if !(*a).ob_item.is_null() {
            PyMem_Free((*a).ob_item.cast());
        }
        if let Some(free) = (*(*op).ob_type).tp_free {
            free(op.cast());
        }
    }
}

unsafe extern "C" fn array_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands; items read within both sizes.
    unsafe {
        if !is_array(v) || !is_array(w) {
            let ni = &raw mut _Py_NotImplementedStruct;
            Py_IncRef(ni);
            return ni;
        }
        let (va, wa) = (v.cast::<ArrayObject>(), w.cast::<ArrayObject>());
        let (vs, ws) = (size(va), size(wa));
        if vs != ws && (op == Py_EQ || op == Py_NE) {
            return new_bool(op == Py_NE);
        }
        if (*va).ob_descr == (*wa).ob_descr
            && let Some(cmp) = (*(*va).ob_descr).compareitems
        {
            let r = cmp((*va).ob_item.cast(), (*wa).ob_item.cast(), vs.min(ws));
            // Equal common items: the sizes decide.
            return new_bool(op_holds(op, if r == 0 { vs.cmp(&ws) } else { r.cmp(&0) }));
        }
        let mut i = 0;
        while i < size(va) && i < size(wa) {
            let Some(vi) = Owned::new(get_item(va, i)) else {
                return ptr::null_mut();
            };
            let Some(wi) = Owned::new(get_item(wa, i)) else {
                return ptr::null_mut();
            };
            let k = PyObject_RichCompareBool(vi.as_ptr(), wi.as_ptr(), Py_EQ);
            if k < 0 {
                return ptr::null_mut();
            }
            if k == 0 {
                return if op == Py_EQ {
                    new_bool(false)
                } else if op == Py_NE {
                    new_bool(true)
                } else {
                    PyObject_RichCompare(vi.as_ptr(), wi.as_ptr(), op)
                };
            }
            i += 1;
        }
        new_bool(op_holds(op, size(va).cmp(&size(wa))))
    }
}

/// Whether the comparison `op` holds for two sides ordered `ord`.
fn op_holds(op: c_int, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    if op == Py_LT {
        ord == Less
    } else if op == Py_LE {
        ord != Greater
    } else if op == Py_EQ {
        ord == Equal
    } else if op == Py_NE {
        ord != Equal
    } else if op == Py_GT {
        ord == Greater
    } else {
        ord != Less
    }
}

unsafe extern "C" fn array_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live array.
    unsafe { size(op.cast()) }
}

unsafe extern "C" fn array_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live array; `i` checked.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if i < 0 || i >= size(a) {
            return errors::fail_null(Exc::IndexError, "array index out of range");
        }
        get_item(a, i)
    }
}

unsafe extern "C" fn array_ass_item(op: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    // SAFETY: a live array; `i` checked.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if i < 0 || i >= size(a) {
            return errors::fail(Exc::IndexError, "array assignment index out of range");
        }
        if v.is_null() {
            return del_slice(a, i, i + 1);
        }
        set_item(a, i, v)
    }
}

unsafe extern "C" fn array_concat(op: *mut PyObject, bb: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; copies within both sizes.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if !is_array(bb) {
            let name = CStr::from_ptr((*(*bb).ob_type).tp_name).to_string_lossy();
            return errors::fail_null(
                Exc::TypeError,
                format!("can only append array (not \"{:.200}\") to array", name),
            );
        }
        let b = bb.cast::<ArrayObject>();
        if (*a).ob_descr != (*b).ob_descr {
            PyErr_BadArgument();
            return ptr::null_mut();
        }
        let (na, nb) = (size(a), size(b));
        if na > Py_ssize_t::MAX - nb {
            return PyErr_NoMemory();
        }
        let np = new_array(array_type(), na + nb, (*a).ob_descr).cast::<ArrayObject>();
        if np.is_null() {
            return ptr::null_mut();
        }
        let isz = itemsize(a) as usize;
        if na > 0 {
            ptr::copy_nonoverlapping((*a).ob_item, (*np).ob_item, na as usize * isz);
        }
        if nb > 0 {
            ptr::copy_nonoverlapping(
                (*b).ob_item,
                (*np).ob_item.add(na as usize * isz),
                nb as usize * isz,
            );
        }
        np.cast()
    }
}

/// Fills `dst` (`total` bytes) with copies of its first `unit` bytes,
/// doubling the copied run each time.
///
/// # Safety
/// `dst` valid for `total` bytes, `0 < unit <= total`.
unsafe fn repeat_fill(dst: *mut c_char, unit: usize, total: usize) {
    let mut done = unit;
    while done < total {
        let n = done.min(total - done);
        // SAFETY: the first `done` bytes are filled; `done + n <= total`.
        unsafe { ptr::copy_nonoverlapping(dst, dst.add(done), n) };
        done += n;
    }
}

unsafe extern "C" fn array_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live array; sizes checked before allocating.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let n = n.max(0);
        let len = size(a);
        if len != 0 && n > Py_ssize_t::MAX / len {
            return PyErr_NoMemory();
        }
        let np = new_array(array_type(), len * n, (*a).ob_descr).cast::<ArrayObject>();
        if np.is_null() || len * n == 0 {
            return np.cast();
        }
        let unit = (len * itemsize(a)) as usize;
        ptr::copy_nonoverlapping((*a).ob_item, (*np).ob_item, unit);
        repeat_fill((*np).ob_item, unit, unit * n as usize);
        np.cast()
    }
}

unsafe extern "C" fn array_contains(op: *mut PyObject, v: *mut PyObject) -> c_int {
    // SAFETY: a live array; the size is reread after each comparison.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let mut i = 0;
        while i < size(a) {
            let Some(item) = Owned::new(get_item(a, i)) else {
                return -1;
            };
            let c = PyObject_RichCompareBool(item.as_ptr(), v, Py_EQ);
            if c != 0 {
                return c;
            }
            i += 1;
        }
        0
    }
}

/// `array_iter_extend`: appends every item of the iterable `bb`.
///
/// # Safety
/// `a` a live array, `bb` live.
unsafe fn iter_extend(a: *mut ArrayObject, bb: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(it) = Owned::new(PyObject_GetIter(bb)) else {
            return -1;
        };
        loop {
            let v = PyIter_Next(it.as_ptr());
            if v.is_null() {
                break;
            }
            let r = ins1(a, size(a), v);
            Py_DecRef(v);
            if r != 0 {
                return -1;
            }
        }
        if PyErr_Occurred().is_null() { 0 } else { -1 }
    }
}

/// `array_do_extend`: appends an array of the same kind by copying, or
/// any other iterable item by item.
///
/// # Safety
/// `a` a live array, `bb` live.
unsafe fn do_extend(a: *mut ArrayObject, bb: *mut PyObject) -> c_int {
    // SAFETY: per the contract; `bb` may be `a` itself, so its size is
    // read before resizing.
    unsafe {
        if !is_array(bb) {
            return iter_extend(a, bb);
        }
        let b = bb.cast::<ArrayObject>();
        if (*a).ob_descr != (*b).ob_descr {
            return errors::fail(Exc::TypeError, "can only extend with array of same kind");
        }
        let (old, nb) = (size(a), size(b));
        if old > Py_ssize_t::MAX - nb || old + nb > Py_ssize_t::MAX / itemsize(a) {
            PyErr_NoMemory();
            return -1;
        }
        if resize(a, old + nb) < 0 {
            return -1;
        }
        if nb > 0 {
            ptr::copy((*b).ob_item, item_ptr(a, old), (nb * itemsize(a)) as usize);
        }
        0
    }
}

unsafe extern "C" fn array_inplace_concat(op: *mut PyObject, bb: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_array(bb) {
            let name = CStr::from_ptr((*(*bb).ob_type).tp_name).to_string_lossy();
            return errors::fail_null(
                Exc::TypeError,
                format!("can only extend array with array (not \"{:.200}\")", name),
            );
        }
        if do_extend(op.cast(), bb) < 0 {
            return ptr::null_mut();
        }
        Py_IncRef(op);
        op
    }
}

unsafe extern "C" fn array_inplace_repeat(op: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live array; sizes checked before resizing.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let len = size(a);
        if len > 0 && n != 1 {
            let n = n.max(0);
            if len > Py_ssize_t::MAX / itemsize(a) {
                return PyErr_NoMemory();
            }
            let unit = len * itemsize(a);
            if n > 0 && unit > Py_ssize_t::MAX / n {
                return PyErr_NoMemory();
            }
            if resize(a, n * len) < 0 {
                return ptr::null_mut();
            }
            if n > 0 {
                repeat_fill((*a).ob_item, unit as usize, (unit * n) as usize);
            }
        }
        Py_IncRef(op);
        op
    }
}

unsafe extern "C" fn array_subscr(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; slice bounds adjusted to its size.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if PyIndex_Check(item) != 0 {
            let mut i = PyNumber_AsSsize_t(item, Exc::IndexError.type_object());
            if i == -1 && !PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            if i < 0 {
                i += size(a);
            }
            return array_item(op, i);
        }
        if (*item).ob_type != crate::objects::sliceobject::PySlice_Type.get() {
            return errors::fail_null(Exc::TypeError, "array indices must be integers");
        }
        let (mut start, mut stop, mut step) = (0, 0, 0);
        if PySlice_Unpack(item, &mut start, &mut stop, &mut step) < 0 {
            return ptr::null_mut();
        }
        let len = PySlice_AdjustIndices(size(a), &mut start, &mut stop, step);
        if len <= 0 {
            return new_array(array_type(), 0, (*a).ob_descr);
        }
        if step == 1 {
            return slice(a, start, stop);
        }
        let np = new_array(array_type(), len, (*a).ob_descr).cast::<ArrayObject>();
        if np.is_null() {
            return ptr::null_mut();
        }
        let isz = itemsize(a) as usize;
        let mut cur = start;
        for i in 0..len as usize {
            ptr::copy_nonoverlapping(item_ptr(a, cur), (*np).ob_item.add(i * isz), isz);
            cur = cur.wrapping_add(step); // past the end only after the last item
        }
        np.cast()
    }
}

unsafe extern "C" fn array_ass_subscr(
    op: *mut PyObject,
    item: *mut PyObject,
    mut value: *mut PyObject,
) -> c_int {
    // SAFETY: a live array; every move stays within the adjusted bounds.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let (mut start, mut stop, mut step, slicelength);
        if PyIndex_Check(item) != 0 {
            let mut i = PyNumber_AsSsize_t(item, Exc::IndexError.type_object());
            if i == -1 && !PyErr_Occurred().is_null() {
                return -1;
            }
            if i < 0 {
                i += size(a);
            }
            if i < 0 || i >= size(a) {
                return errors::fail(Exc::IndexError, "array assignment index out of range");
            }
            if !value.is_null() {
                return set_item(a, i, value);
            }
            (start, stop, step, slicelength) = (i, i + 1, 1, 1);
        } else if (*item).ob_type == crate::objects::sliceobject::PySlice_Type.get() {
            (start, stop, step) = (0, 0, 0);
            if PySlice_Unpack(item, &mut start, &mut stop, &mut step) < 0 {
                return -1;
            }
            slicelength = PySlice_AdjustIndices(size(a), &mut start, &mut stop, step);
        } else {
            return errors::fail(Exc::TypeError, "array indices must be integers");
        }
        let mut copy: Option<Owned> = None;
        let (other, needed) = if value.is_null() {
            (ptr::null_mut::<ArrayObject>(), 0)
        } else if is_array(value) {
            if value == op {
                // `a[i:j] = a`: assign from a copy.
                let Some(c) = Owned::new(slice(a, 0, size(a))) else {
                    return -1;
                };
                value = c.as_ptr();
                copy = Some(c);
            }
            let o = value.cast::<ArrayObject>();
            if (*o).ob_descr != (*a).ob_descr {
                PyErr_BadArgument();
                return -1;
            }
            (o, size(o))
        } else {
            let name = CStr::from_ptr((*(*value).ob_type).tp_name).to_string_lossy();
            return errors::fail(
                Exc::TypeError,
                format!(
                    "can only assign array (not \"{:.200}\") to array slice",
                    name
                ),
            );
        };
        let isz = itemsize(a);
        if (step > 0 && stop < start) || (step < 0 && stop > start) {
            stop = start;
        }
        if (needed == 0 || slicelength != needed) && (*a).ob_exports > 0 {
            return errors::fail(
                Exc::BufferError,
                "cannot resize an array that is exporting buffers",
            );
        }
        let r = if step == 1 {
            if slicelength > needed {
                move_items(a, start + needed, stop, size(a) - stop);
                if resize(a, size(a) + needed - slicelength) < 0 {
                    return -1;
                }
            } else if slicelength < needed {
                if resize(a, size(a) + needed - slicelength) < 0 {
                    return -1;
                }
                move_items(a, start + needed, stop, size(a) - start - needed);
            }
            if needed > 0 {
                ptr::copy_nonoverlapping(
                    (*other).ob_item,
                    item_ptr(a, start),
                    (needed * isz) as usize,
                );
            }
            0
        } else if needed == 0 {
            // Delete an extended slice: close each gap in turn.
            if step < 0 {
                stop = start + 1;
                start = stop + step * (slicelength - 1) - 1;
                step = -step;
            }
            // Unsigned positions, as CPython's `size_t cur`: with a step
            // near PY_SSIZE_T_MAX, `cur + step` passes the signed range
            // (and would wrap negative), while it always fits a usize.
            let n = size(a) as usize;
            let (start_u, step_u) = (start as usize, step as usize);
            let mut cur = start_u;
            for i in 0..slicelength as usize {
                let lim = if cur + step_u >= n {
                    n - cur - 1
                } else {
                    step_u - 1
                };
                move_items(
                    a,
                    (cur - i) as Py_ssize_t,
                    (cur + 1) as Py_ssize_t,
                    lim as Py_ssize_t,
                );
                cur = cur.saturating_add(step_u);
            }
            // The first item past the last deleted one (at most `n` when
            // there is one: any further step lands past the end).
            let after = start_u.saturating_add((slicelength as usize).saturating_mul(step_u));
            if after < n {
                move_items(
                    a,
                    (after - slicelength as usize) as Py_ssize_t,
                    after as Py_ssize_t,
                    (n - after) as Py_ssize_t,
                );
            }
            resize(a, n as Py_ssize_t - slicelength)
        } else if needed != slicelength {
            errors::fail(
                Exc::ValueError,
                format!(
                    "attempt to assign array of size {needed} to extended slice of size {slicelength}"
                ),
            )
        } else {
            let mut cur = start;
            for i in 0..slicelength {
                ptr::copy_nonoverlapping(item_ptr(other, i), item_ptr(a, cur), isz as usize);
                cur = cur.wrapping_add(step); // past the end only after the last item
            }
            0
        };
        drop(copy);
        r
    }
}

/// The buffer of an empty array (never written: its length is 0).
static EMPTY_BUF: [u8; 1] = [0];

unsafe extern "C" fn array_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: a live array and a view to fill; `shape` and `strides`
    // point into the array and the view, which the export outlives.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if view.is_null() {
            return errors::fail(
                Exc::BufferError,
                "array_buffer_getbuf: view==NULL argument is obsolete",
            );
        }
        (*view).buf = if (*a).ob_item.is_null() {
            EMPTY_BUF.as_ptr() as *mut c_void
        } else {
            (*a).ob_item.cast()
        };
        Py_IncRef(op);
        (*view).obj = op;
        (*view).len = size(a) * itemsize(a);
        (*view).readonly = 0;
        (*view).ndim = 1;
        (*view).itemsize = itemsize(a);
        (*view).suboffsets = ptr::null_mut();
        (*view).shape = if flags & PyBUF_ND == PyBUF_ND {
            &raw mut (*a).ob_base.ob_size
        } else {
            ptr::null_mut()
        };
        (*view).strides = if flags & PyBUF_STRIDES == PyBUF_STRIDES {
            &raw mut (*view).itemsize
        } else {
            ptr::null_mut()
        };
        (*view).format = ptr::null_mut();
        (*view).internal = ptr::null_mut();
        if flags & PyBUF_FORMAT == PyBUF_FORMAT {
            // A wide `wchar_t` is exported as UCS-4 ("w"), as CPython
            // does where Py_UNICODE_WIDE.
            (*view).format = if (*(*a).ob_descr).typecode == b'u' as c_char {
                c"w".as_ptr() as *mut c_char
            } else {
                (*(*a).ob_descr).formats as *mut c_char
            };
        }
        (*a).ob_exports += 1;
        0
    }
}

unsafe extern "C" fn array_releasebuffer(op: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: a live array with an export outstanding.
    unsafe { (*op.cast::<ArrayObject>()).ob_exports -= 1 };
}

unsafe extern "C" fn array_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let full = CStr::from_ptr((*(*op).ob_type).tp_name).to_bytes();
        let short = match full.iter().rposition(|&c| c == b'.') {
            Some(p) => &full[p + 1..],
            None => full,
        };
        let Ok(name) = std::ffi::CString::new(short) else {
            return ptr::null_mut();
        };
        let tc = c_int::from((*(*a).ob_descr).typecode);
        if size(a) == 0 {
            return PyUnicode_FromFormat(c"%s('%c')".as_ptr(), name.as_ptr(), tc);
        }
        let v = if tc == c_int::from(b'u') {
            to_unicode(a)
        } else {
            array_tolist(op, ptr::null_mut())
        };
        let Some(v) = Owned::new(v) else {
            return ptr::null_mut();
        };
        PyUnicode_FromFormat(c"%s('%c', %R)".as_ptr(), name.as_ptr(), tc, v.as_ptr())
    }
}

/// `arrayiterator`.
unsafe extern "C" fn array_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; the iterator owns a reference to it.
    unsafe {
        let it = PyType_GenericAlloc(ARRAY_ITER_TYPE.get(), 0).cast::<ArrayIterObject>();
        if it.is_null() {
            return ptr::null_mut();
        }
        Py_IncRef(op);
        (*it).ao = op.cast();
        (*it).index = 0;
        (*it).getitem = (*(*op.cast::<ArrayObject>()).ob_descr).getitem;
        it.cast()
    }
}

unsafe extern "C" fn arrayiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator; the index is checked against the size.
    unsafe {
        let it = op.cast::<ArrayIterObject>();
        let a = (*it).ao;
        if a.is_null() {
            return ptr::null_mut();
        }
        if (*it).index < size(a) {
            let i = (*it).index;
            (*it).index += 1;
            return ((*it).getitem)(a, i);
        }
        (*it).ao = ptr::null_mut();
        Py_DecRef(a.cast());
        ptr::null_mut()
    }
}

/// `__reduce__()`: `(iter, (array,), index)`, or `(iter, ((),))` once
/// exhausted.
unsafe extern "C" fn arrayiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::iterobject::reduce_to;
    // SAFETY: a live iterator; its array is live while held.
    unsafe {
        let it = op.cast::<ArrayIterObject>();
        if (*it).ao.is_null() {
            let Some(empty) = Owned::new(crate::objects::tupleobject::empty_tuple()) else {
                return ptr::null_mut();
            };
            return reduce_to(c"iter", empty, None);
        }
        let Some(index) = Owned::new(crate::objects::longobject::PyLong_FromSsize_t((*it).index))
        else {
            return ptr::null_mut();
        };
        reduce_to(c"iter", Owned::borrowed((*it).ao.cast()), Some(index))
    }
}

/// `__setstate__(index)`: the index clamped to `0..=len(array)`. Once
/// exhausted the state is ignored (CPython 3.11 reads through the
/// released array there and crashes).
unsafe extern "C" fn arrayiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator and state; its array is live while held.
    unsafe {
        let index = crate::objects::longobject::PyLong_AsSsize_t(state);
        if index == -1 && !crate::python::errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let it = op.cast::<ArrayIterObject>();
        if !(*it).ao.is_null() {
            (*it).index = index.clamp(0, size((*it).ao));
        }
        crate::objects::object::none()
    }
}

unsafe extern "C" fn arrayiter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced iterator.
    unsafe {
        let it = op.cast::<ArrayIterObject>();
        if !(*it).ao.is_null() {
            Py_DecRef((*it).ao.cast());
        }
        if let Some(free) = (*(*op).ob_type).tp_free {
            free(op.cast());
        }
    }
}

/// `array(typecode[, initializer])`.
unsafe extern "C" fn array_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's arguments.
    unsafe {
        if (ty == array_type()
            || (*ty).tp_init.map(|f| f as usize) == (*array_type()).tp_init.map(|f| f as usize))
            && _PyArg_NoKeywords(c"array.array".as_ptr(), kw) == 0
        {
            return ptr::null_mut();
        }
        let mut c: c_int = 0;
        let mut initial: *mut PyObject = ptr::null_mut();
        if PyArg_ParseTuple(
            args,
            c"C|O:array".as_ptr(),
            &mut c as *mut c_int,
            &mut initial as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        let is_u = c == c_int::from(b'u');
        let flags = |o: *mut PyObject| (*(*o).ob_type).tp_flags;
        if !initial.is_null() && !is_u {
            if flags(initial) & Py_TPFLAGS_UNICODE_SUBCLASS != 0 {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "cannot use a str to initialize an array with typecode '{}'",
                        char::from_u32(c as u32).unwrap_or('?')
                    ),
                );
            }
            if is_array(initial)
                && (*(*initial.cast::<ArrayObject>()).ob_descr).typecode == b'u' as c_char
            {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "cannot use a unicode array to initialize an array with typecode '{}'",
                        char::from_u32(c as u32).unwrap_or('?')
                    ),
                );
            }
        }
        let is_list = |o: *mut PyObject| flags(o) & Py_TPFLAGS_LIST_SUBCLASS != 0;
        let is_tuple = |o: *mut PyObject| flags(o) & Py_TPFLAGS_TUPLE_SUBCLASS != 0;
        let is_bytes = |o: *mut PyObject| flags(o) & Py_TPFLAGS_BYTES_SUBCLASS != 0;
        let is_bytearray = |o: *mut PyObject| {
            let t = crate::objects::bytearrayobject::PyByteArray_Type.get();
            (*o).ob_type == t || PyType_IsSubtype((*o).ob_type, t) != 0
        };
        let is_str = |o: *mut PyObject| flags(o) & Py_TPFLAGS_UNICODE_SUBCLASS != 0;
        let mut it: Option<Owned> = None;
        if !(initial.is_null()
            || is_list(initial)
            || is_bytearray(initial)
            || is_bytes(initial)
            || is_tuple(initial)
            || (is_u && is_str(initial))
            || (is_array(initial)
                && c == c_int::from((*(*initial.cast::<ArrayObject>()).ob_descr).typecode)))
        {
            let Some(i) = Owned::new(PyObject_GetIter(initial)) else {
                return ptr::null_mut();
            };
            it = Some(i);
            initial = ptr::null_mut();
        }
        let Some(d) = DESCRIPTORS
            .0
            .iter()
            .find(|d| c_int::from(d.typecode as u8) == c)
        else {
            return errors::fail_null(
                Exc::ValueError,
                "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
            );
        };
        let len = if initial.is_null() {
            0
        } else if is_list(initial) {
            PyList_Size(initial)
        } else if is_tuple(initial) || is_array(initial) {
            (*initial.cast::<PyVarObject>()).ob_size
        } else {
            0
        };
        let Some(a) = Owned::new(new_array(ty, len, d)) else {
            return ptr::null_mut();
        };
        let ap = a.as_ptr().cast::<ArrayObject>();
        if len > 0 && !is_array(initial) {
            for i in 0..len {
                let Some(v) = Owned::new(PySequence_GetItem(initial, i)) else {
                    return ptr::null_mut();
                };
                if set_item(ap, i, v.as_ptr()) != 0 {
                    return ptr::null_mut();
                }
            }
        } else if !initial.is_null() && (is_bytearray(initial) || is_bytes(initial)) {
            let Some(_) = Owned::new(array_frombytes(a.as_ptr(), initial)) else {
                return ptr::null_mut();
            };
        } else if !initial.is_null() && is_str(initial) {
            // CPython hands the str's wchar_t copy over as `ob_item`, so
            // exactly its length is allocated.
            let n = PyUnicode_GetLength(initial);
            if n > 0 {
                let chars = PyUnicode_AsUCS4Copy(initial);
                if chars.is_null() {
                    return ptr::null_mut();
                }
                PyMem_Free((*ap).ob_item.cast());
                (*ap).ob_item = chars.cast();
                (*ap).ob_base.ob_size = n;
                (*ap).allocated = n;
            } else if n < 0 {
                return ptr::null_mut();
            }
        } else if !initial.is_null() && is_array(initial) && len > 0 {
            let other = initial.cast::<ArrayObject>();
            ptr::copy_nonoverlapping(
                (*other).ob_item,
                (*ap).ob_item,
                (len * itemsize(other)) as usize,
            );
        }
        if let Some(it) = it
            && iter_extend(ap, it.as_ptr()) < 0
        {
            return ptr::null_mut();
        }
        a.into_raw()
    }
}

// ==========================================================================
// Methods
// ==========================================================================

/// Appends the characters of the str `s` (the `'u'` array's items).
///
/// # Safety
/// `a` a live `'u'` array, `s` a live str.
unsafe fn from_unicode(a: *mut ArrayObject, s: *mut PyObject) -> c_int {
    // SAFETY: per the contract; the copy holds `n` UCS-4 characters.
    unsafe {
        let n = PyUnicode_GetLength(s);
        if n < 0 {
            return -1;
        }
        if n == 0 {
            return 0;
        }
        let chars = PyUnicode_AsUCS4Copy(s);
        if chars.is_null() {
            return -1;
        }
        let old = size(a);
        if old > Py_ssize_t::MAX - n || resize(a, old + n) < 0 {
            if PyErr_Occurred().is_null() {
                PyErr_NoMemory();
            }
            PyMem_Free(chars.cast());
            return -1;
        }
        ptr::copy_nonoverlapping(chars.cast::<c_char>(), item_ptr(a, old), n as usize * 4);
        PyMem_Free(chars.cast());
        0
    }
}

/// The `'u'` array's items as a str.
///
/// # Safety
/// `a` a live `'u'` array.
unsafe fn to_unicode(a: *mut ArrayObject) -> *mut PyObject {
    // SAFETY: per the contract. Values beyond U+10FFFF (from frombytes)
    // are rejected by the str constructor with its own error.
    unsafe {
        if size(a) == 0 {
            return PyUnicode_FromWideChar(EMPTY_BUF.as_ptr().cast(), 0);
        }
        PyUnicode_FromWideChar((*a).ob_item.cast(), size(a))
    }
}

unsafe extern "C" fn array_append(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array and item.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if ins1(a, size(a), v) != 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

unsafe extern "C" fn array_buffer_info(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let Some(p) = Owned::new(PyLong_FromVoidPtr((*a).ob_item.cast())) else {
            return ptr::null_mut();
        };
        let Some(n) = Owned::new(PyLong_FromSsize_t(size(a))) else {
            return ptr::null_mut();
        };
        PyTuple_Pack(2, p.as_ptr(), n.as_ptr())
    }
}

unsafe extern "C" fn array_byteswap(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; every item within its size.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let isz = itemsize(a) as usize;
        if !matches!(isz, 1 | 2 | 4 | 8) {
            return errors::fail_null(
                Exc::RuntimeError,
                "don't know how to byteswap this array type",
            );
        }
        for i in 0..size(a) {
            let p = item_ptr(a, i).cast::<u8>();
            for k in 0..isz / 2 {
                ptr::swap(p.add(k), p.add(isz - 1 - k));
            }
        }
        new_none()
    }
}

unsafe extern "C" fn array_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe { slice(op.cast(), 0, size(op.cast())) }
}

unsafe extern "C" fn array_deepcopy(op: *mut PyObject, _memo: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe { slice(op.cast(), 0, size(op.cast())) }
}

unsafe extern "C" fn array_count(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; the size is reread after each comparison.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let mut count: Py_ssize_t = 0;
        let mut i = 0;
        while i < size(a) {
            let Some(item) = Owned::new(get_item(a, i)) else {
                return ptr::null_mut();
            };
            match PyObject_RichCompareBool(item.as_ptr(), v, Py_EQ) {
                c if c > 0 => count += 1,
                c if c < 0 => return ptr::null_mut(),
                _ => {}
            }
            i += 1;
        }
        PyLong_FromSsize_t(count)
    }
}

unsafe extern "C" fn array_extend(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some([bb]) = clinic::unpack::<1>(&EXTEND_PARSER, args, nargs, kwnames, 1, 1) else {
            return ptr::null_mut();
        };
        if do_extend(op.cast(), bb) < 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

// `extend`, `fromfile` and `tofile` take clinic's `defining_class`, so
// CPython parses their (positional-only) arguments with
// `_PyArg_UnpackKeywords` and its messages.
clinic::static_parser!(ONE_KW = [c""]; EXTEND_PARSER = c"extend", TOFILE_PARSER = c"tofile");
clinic::static_parser!(TWO_KW = [c"", c""]; FROMFILE_PARSER = c"fromfile");

/// `fromfile(f, n, /)`: reads `n` items with `f.read()`.
unsafe extern "C" fn array_fromfile(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some([f, n]) = clinic::unpack::<2>(&FROMFILE_PARSER, args, nargs, kwnames, 2, 2) else {
            return ptr::null_mut();
        };
        let Some(n) = clinic::ssize_arg(n) else {
            return ptr::null_mut();
        };
        let isz = itemsize(op.cast());
        if n < 0 {
            return errors::fail_null(Exc::ValueError, "negative count");
        }
        if n > Py_ssize_t::MAX / isz {
            return PyErr_NoMemory();
        }
        let nbytes = n * isz;
        let Some(b) = Owned::new(PyObject_CallMethod(
            f,
            c"read".as_ptr(),
            c"n".as_ptr(),
            nbytes,
        )) else {
            return ptr::null_mut();
        };
        if (*(*b.as_ptr()).ob_type).tp_flags & Py_TPFLAGS_BYTES_SUBCLASS == 0 {
            return errors::fail_null(Exc::TypeError, "read() didn't return bytes");
        }
        let short = (*b.as_ptr().cast::<PyVarObject>()).ob_size != nbytes;
        let Some(res) = Owned::new(array_frombytes(op, b.as_ptr())) else {
            return ptr::null_mut();
        };
        if short {
            return errors::fail_null(Exc::EOFError, "read() didn't return enough bytes");
        }
        res.into_raw()
    }
}

/// `tofile(f, /)`: writes the items with `f.write()`, 64 KiB at a time.
unsafe extern "C" fn array_tofile(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    const BLOCK: Py_ssize_t = 64 * 1024;
    // SAFETY: a live array; each block lies within its bytes, reread
    // each time (a write() may change the array).
    unsafe {
        let Some([f]) = clinic::unpack::<1>(&TOFILE_PARSER, args, nargs, kwnames, 1, 1) else {
            return ptr::null_mut();
        };
        let a = op.cast::<ArrayObject>();
        let nbytes = size(a) * itemsize(a);
        let nblocks = (nbytes + BLOCK - 1) / BLOCK;
        for i in 0..nblocks {
            let len = (size(a) * itemsize(a) - i * BLOCK).min(BLOCK);
            if len <= 0 {
                break;
            }
            let Some(bytes) = Owned::new(PyBytes_FromStringAndSize(
                (*a).ob_item.add((i * BLOCK) as usize),
                len,
            )) else {
                return ptr::null_mut();
            };
            let Some(_) = Owned::new(PyObject_CallMethod(
                f,
                c"write".as_ptr(),
                c"O".as_ptr(),
                bytes.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
        }
        new_none()
    }
}

unsafe extern "C" fn array_fromlist(op: *mut PyObject, list: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; the list's size is checked after each item
    // (a conversion may change it).
    unsafe {
        let a = op.cast::<ArrayObject>();
        if (*(*list).ob_type).tp_flags & Py_TPFLAGS_LIST_SUBCLASS == 0 {
            return errors::fail_null(Exc::TypeError, "arg must be list");
        }
        let n = PyList_Size(list);
        if n > 0 {
            let old = size(a);
            if resize(a, old + n) < 0 {
                return ptr::null_mut();
            }
            for i in 0..n {
                let v = PyList_GetItem(list, i);
                if v.is_null() || set_item(a, size(a) - n + i, v) != 0 {
                    resize(a, old);
                    return ptr::null_mut();
                }
                if n != PyList_Size(list) {
                    errors::raise(Exc::RuntimeError, "list changed size during iteration");
                    resize(a, old);
                    return ptr::null_mut();
                }
            }
        }
        new_none()
    }
}

unsafe extern "C" fn array_tolist(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let Some(list) = Owned::new(PyList_New(size(a))) else {
            return ptr::null_mut();
        };
        for i in 0..size(a) {
            let v = get_item(a, i);
            if v.is_null() || PyList_SetItem(list.as_ptr(), i, v) < 0 {
                return ptr::null_mut();
            }
        }
        list.into_raw()
    }
}

unsafe extern "C" fn array_frombytes(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; the bytes are copied while the view is held.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        let v = view.as_mut_ptr();
        if PyObject_GetBuffer(arg, v, PyBUF_SIMPLE) != 0 {
            return ptr::null_mut();
        }
        let r = (|| {
            if PyBuffer_IsContiguous(v, b'C' as c_char) == 0 {
                _PyArg_BadArgument(
                    c"frombytes".as_ptr(),
                    c"argument".as_ptr(),
                    c"contiguous buffer".as_ptr(),
                    arg,
                );
                return ptr::null_mut();
            }
            if (*v).itemsize != 1 {
                return errors::fail_null(Exc::TypeError, "a bytes-like object is required");
            }
            let isz = itemsize(a);
            let len = (*v).len;
            if len % isz != 0 {
                return errors::fail_null(
                    Exc::ValueError,
                    "bytes length not a multiple of item size",
                );
            }
            let n = len / isz;
            if n > 0 {
                let old = size(a);
                if n > Py_ssize_t::MAX - old || old + n > Py_ssize_t::MAX / isz {
                    return PyErr_NoMemory();
                }
                if resize(a, old + n) < 0 {
                    return ptr::null_mut();
                }
                // `ptr::copy`: the source may be this very array.
                ptr::copy((*v).buf.cast::<c_char>(), item_ptr(a, old), len as usize);
            }
            new_none()
        })();
        PyBuffer_Release(v);
        r
    }
}

unsafe extern "C" fn array_tobytes(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if size(a) > Py_ssize_t::MAX / itemsize(a) {
            return PyErr_NoMemory();
        }
        PyBytes_FromStringAndSize((*a).ob_item, size(a) * itemsize(a))
    }
}

unsafe extern "C" fn array_fromunicode(op: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    // SAFETY: live arguments.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if (*(*s).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS == 0 {
            _PyArg_BadArgument(
                c"fromunicode".as_ptr(),
                c"argument".as_ptr(),
                c"str".as_ptr(),
                s,
            );
            return ptr::null_mut();
        }
        if (*(*a).ob_descr).typecode != b'u' as c_char {
            return errors::fail_null(
                Exc::ValueError,
                "fromunicode() may only be called on unicode type arrays",
            );
        }
        if from_unicode(a, s) < 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

unsafe extern "C" fn array_tounicode(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        if (*(*a).ob_descr).typecode != b'u' as c_char {
            return errors::fail_null(
                Exc::ValueError,
                "tounicode() may only be called on unicode type arrays",
            );
        }
        to_unicode(a)
    }
}

/// `index(v, start=0, stop=sys.maxsize, /)`.
unsafe extern "C" fn array_index(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; the size is reread every step.
    unsafe {
        if _PyArg_CheckPositional(c"index".as_ptr(), nargs, 1, 3) == 0 {
            return ptr::null_mut();
        }
        let Some((mut start, mut stop)) = clinic::index_bounds(args, nargs) else {
            return ptr::null_mut();
        };
        let a = op.cast::<ArrayObject>();
        let v = *args;
        if start < 0 {
            start = (start + size(a)).max(0);
        }
        if stop < 0 {
            stop += size(a);
        }
        let mut i = start;
        while i < stop && i < size(a) {
            let Some(item) = Owned::new(get_item(a, i)) else {
                return ptr::null_mut();
            };
            match PyObject_RichCompareBool(item.as_ptr(), v, Py_EQ) {
                c if c > 0 => return PyLong_FromSsize_t(i),
                c if c < 0 => return ptr::null_mut(),
                _ => {}
            }
            i += 1;
        }
        errors::fail_null(Exc::ValueError, "array.index(x): x not in array")
    }
}

/// `insert(i, v, /)`.
unsafe extern "C" fn array_insert(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        if _PyArg_CheckPositional(c"insert".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(i) = clinic::ssize_arg(*args) else {
            return ptr::null_mut();
        };
        if ins1(op.cast(), i, *args.add(1)) != 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

/// `pop(i=-1, /)`.
unsafe extern "C" fn array_pop(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; `i` checked against the size.
    unsafe {
        if _PyArg_CheckPositional(c"pop".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let mut i: Py_ssize_t = -1;
        if nargs >= 1 {
            match clinic::ssize_arg(*args) {
                Some(v) => i = v,
                None => return ptr::null_mut(),
            }
        }
        let a = op.cast::<ArrayObject>();
        if size(a) == 0 {
            return errors::fail_null(Exc::IndexError, "pop from empty array");
        }
        if i < 0 {
            i += size(a);
        }
        if i < 0 || i >= size(a) {
            return errors::fail_null(Exc::IndexError, "pop index out of range");
        }
        let Some(v) = Owned::new(get_item(a, i)) else {
            return ptr::null_mut();
        };
        if del_slice(a, i, i + 1) != 0 {
            return ptr::null_mut();
        }
        v.into_raw()
    }
}

unsafe extern "C" fn array_remove(op: *mut PyObject, v: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; the size is reread every step.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let mut i = 0;
        while i < size(a) {
            let Some(item) = Owned::new(get_item(a, i)) else {
                return ptr::null_mut();
            };
            match PyObject_RichCompareBool(item.as_ptr(), v, Py_EQ) {
                c if c > 0 => {
                    if del_slice(a, i, i + 1) != 0 {
                        return ptr::null_mut();
                    }
                    return new_none();
                }
                c if c < 0 => return ptr::null_mut(),
                _ => {}
            }
            i += 1;
        }
        errors::fail_null(Exc::ValueError, "array.remove(x): x not in array")
    }
}

unsafe extern "C" fn array_reverse(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array; both indices within its size.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let isz = itemsize(a) as usize;
        let n = size(a);
        if n > 1 {
            let (mut lo, mut hi) = (0, n - 1);
            while lo < hi {
                ptr::swap_nonoverlapping(item_ptr(a, lo), item_ptr(a, hi), isz);
                lo += 1;
                hi -= 1;
            }
        }
        new_none()
    }
}

unsafe extern "C" fn array_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        let a = op.cast::<ArrayObject>();
        let base = (*(*op).ob_type).tp_basicsize as usize;
        PyLong_FromSize_t(base + (*a).allocated as usize * itemsize(a) as usize)
    }
}

unsafe extern "C" fn array_get_typecode(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe {
        PyUnicode_FromOrdinal(c_int::from(
            (*(*op.cast::<ArrayObject>()).ob_descr).typecode as u8,
        ))
    }
}

unsafe extern "C" fn array_get_itemsize(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live array.
    unsafe { PyLong_FromLong(itemsize(op.cast()) as c_long) }
}

// ==========================================================================
// The types and the module
// ==========================================================================

const fn noargs(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    clinic::method(name, f, METH_NOARGS)
}

const fn one_arg(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    clinic::method(name, f, METH_O)
}

static ARRAY_METHODS: StaticObject<[PyMethodDef; 22]> = StaticObject::new([
    one_arg(c"append", array_append),
    noargs(c"buffer_info", array_buffer_info),
    noargs(c"byteswap", array_byteswap),
    noargs(c"__copy__", array_copy),
    one_arg(c"count", array_count),
    one_arg(c"__deepcopy__", array_deepcopy),
    clinic::fastcall_kw(c"extend", array_extend, 0),
    clinic::fastcall_kw(c"fromfile", array_fromfile, 0),
    one_arg(c"fromlist", array_fromlist),
    one_arg(c"frombytes", array_frombytes),
    one_arg(c"fromunicode", array_fromunicode),
    clinic::fastcall(c"index", array_index),
    clinic::fastcall(c"insert", array_insert),
    clinic::fastcall(c"pop", array_pop),
    one_arg(c"remove", array_remove),
    noargs(c"reverse", array_reverse),
    clinic::fastcall_kw(c"tofile", array_tofile, 0),
    noargs(c"tolist", array_tolist),
    noargs(c"tobytes", array_tobytes),
    noargs(c"tounicode", array_tounicode),
    noargs(c"__sizeof__", array_sizeof),
    clinic::METHOD_END,
]);

static ARRAY_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    PyGetSetDef {
        doc: c"the typecode character used to create the array".as_ptr(),
        ..clinic::getter(c"typecode", array_get_typecode)
    },
    PyGetSetDef {
        doc: c"the size, in bytes, of one array item".as_ptr(),
        ..clinic::getter(c"itemsize", array_get_itemsize)
    },
    PyGetSetDef {
        name: ptr::null(),
        get: None,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
]);

static ARRAY_AS_SEQUENCE: StaticObject<PySequenceMethods> = StaticObject::new(PySequenceMethods {
    sq_length: Some(array_length),
    sq_concat: Some(array_concat),
    sq_repeat: Some(array_repeat),
    sq_item: Some(array_item),
    was_sq_slice: ptr::null_mut(),
    sq_ass_item: Some(array_ass_item),
    was_sq_ass_slice: ptr::null_mut(),
    sq_contains: Some(array_contains),
    sq_inplace_concat: Some(array_inplace_concat),
    sq_inplace_repeat: Some(array_inplace_repeat),
});

static ARRAY_AS_MAPPING: StaticObject<PyMappingMethods> = StaticObject::new(PyMappingMethods {
    mp_length: Some(array_length),
    mp_subscript: Some(array_subscr),
    mp_ass_subscript: Some(array_ass_subscr),
});

static ARRAY_AS_BUFFER: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(array_getbuffer),
    bf_releasebuffer: Some(array_releasebuffer),
});

/// `array.array`: CPython's `arrayobject` size, so C code that declares
/// the struct (Cython checks `tp_basicsize`) agrees with it.
static ARRAY_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"array.array",
        size_of::<ArrayObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_SEQUENCE,
        array_dealloc,
    );
    ty.tp_repr = Some(array_repr);
    ty.tp_richcompare = Some(array_richcompare);
    ty.tp_iter = Some(array_iter);
    ty.tp_methods = ARRAY_METHODS.get().cast();
    ty.tp_getset = ARRAY_GETSET.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(array_new);
    ty.tp_weaklistoffset = offset_of!(ArrayObject, weakreflist) as Py_ssize_t;
    ty.tp_as_sequence = ARRAY_AS_SEQUENCE.get();
    ty.tp_as_mapping = ARRAY_AS_MAPPING.get();
    ty.tp_as_buffer = ARRAY_AS_BUFFER.get();
    ty.tp_doc = c"array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\nstring or iterable over elements of the appropriate type.".as_ptr();
    ty
});

static ARRAY_ITER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"array.arrayiterator",
        size_of::<ArrayIterObject>(),
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
        arrayiter_dealloc,
    );
    ty.tp_iter = Some(PyObject_SelfIter);
    ty.tp_iternext = Some(arrayiter_next);
    ty.tp_methods = ARRAY_ITER_METHODS.get().cast();
    ty
});

static ARRAY_ITER_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    noargs(c"__reduce__", arrayiter_reduce),
    one_arg(c"__setstate__", arrayiter_setstate),
    clinic::METHOD_END,
]);

/// Makes the `array` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: static types readied before use; NUL-terminated names.
    unsafe {
        if PyType_Ready(ARRAY_TYPE.get()) < 0 || PyType_Ready(ARRAY_ITER_TYPE.get()) < 0 {
            return ptr::null_mut();
        }
        let Some(m) = Owned::new(PyModule_New(c"array".as_ptr())) else {
            return ptr::null_mut();
        };
        let codes: Vec<u8> = DESCRIPTORS.0.iter().map(|d| d.typecode as u8).collect();
        let Some(typecodes) =
            Owned::new(crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
                codes.as_ptr().cast(),
                codes.len() as Py_ssize_t,
            ))
        else {
            return ptr::null_mut();
        };
        let ty = ARRAY_TYPE.get().cast::<PyObject>();
        if PyModule_AddObjectRef(m.as_ptr(), c"ArrayType".as_ptr(), ty) < 0
            || PyModule_AddObjectRef(m.as_ptr(), c"array".as_ptr(), ty) < 0
            || PyModule_AddObjectRef(m.as_ptr(), c"typecodes".as_ptr(), typecodes.as_ptr()) < 0
        {
            return ptr::null_mut();
        }
        if register_mutable_sequence(ty).is_none() {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

/// `collections.abc.MutableSequence.register(ty)`; None with the error
/// (of the import, the attribute or the call).
///
/// # Safety
/// `ty` must be a live type.
unsafe fn register_mutable_sequence(ty: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract; NUL-terminated names.
    unsafe {
        let abc = Owned::new(crate::python::import::PyImport_ImportModule(
            c"collections.abc".as_ptr(),
        ))?;
        let mseq = Owned::new(crate::objects::object::PyObject_GetAttrString(
            abc.as_ptr(),
            c"MutableSequence".as_ptr(),
        ))?;
        Owned::new(PyObject_CallMethod(
            mseq.as_ptr(),
            c"register".as_ptr(),
            c"O".as_ptr(),
            ty,
        ))?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn layout_matches_cpython_3_11() {
        assert_eq!(size_of::<ArrayObject>(), 64);
        assert_eq!(offset_of!(ArrayObject, ob_item), 24);
        assert_eq!(offset_of!(ArrayObject, allocated), 32);
        assert_eq!(offset_of!(ArrayObject, ob_descr), 40);
        assert_eq!(offset_of!(ArrayObject, weakreflist), 48);
        assert_eq!(offset_of!(ArrayObject, ob_exports), 56);
        assert_eq!(size_of::<ArrayDescr>(), 48);
        assert_eq!(offset_of!(ArrayDescr, formats), 32);
    }
}
