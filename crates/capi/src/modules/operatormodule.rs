//! The `_operator` module (CPython's `Modules/_operator.c`) and the
//! `operator` module over it (CPython's `Lib/operator.py`, which imports
//! everything from `_operator` and adds the dunder aliases such as
//! `__add__`, `__all__` and `_abs`). Cython modules and C code import
//! `operator` for `itemgetter`, `attrgetter` and the operator functions.
//!
//! Argument handling follows CPython 3.11's clinic code (`METH_O` for the
//! one-operand functions, `_PyArg_UnpackStack` messages for the others).
//! `methodcaller.__reduce__` with keyword arguments imports
//! `functools.partial`, as in CPython.

use std::ffi::{CStr, c_char, c_int};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::typeobject::static_type;
use crate::python::clinic::{self, fastcall, fastcall_kw};
use crate::python::errors;

unsafe extern "C" {
    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject;
    fn PyObject_IsTrue(o: *mut PyObject) -> c_int;
    fn PyObject_Not(o: *mut PyObject) -> c_int;
    fn PyObject_GetItem(o: *mut PyObject, k: *mut PyObject) -> *mut PyObject;
    fn PyObject_SetItem(o: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyObject_DelItem(o: *mut PyObject, k: *mut PyObject) -> c_int;
    fn PyObject_GetAttr(o: *mut PyObject, name: *mut PyObject) -> *mut PyObject;
    fn PyObject_Repr(o: *mut PyObject) -> *mut PyObject;
    fn PyObject_Call(f: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject;
    fn PyObject_Vectorcall(
        f: *mut PyObject,
        args: *const *mut PyObject,
        nargsf: usize,
        kwnames: *mut PyObject,
    ) -> *mut PyObject;
    fn PyVectorcall_Call(f: *mut PyObject, args: *mut PyObject, kw: *mut PyObject)
    -> *mut PyObject;
    fn PyObject_LengthHint(o: *mut PyObject, default: Py_ssize_t) -> Py_ssize_t;
    fn PyObject_GetBuffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int;
    fn PyBuffer_Release(view: *mut Py_buffer);
    fn PyNumber_Add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Subtract(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Multiply(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_MatrixMultiply(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_FloorDivide(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_TrueDivide(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Remainder(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Lshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Rshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_And(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Power(a: *mut PyObject, b: *mut PyObject, c: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceAdd(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceSubtract(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceMultiply(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceMatrixMultiply(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceFloorDivide(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceTrueDivide(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceRemainder(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceLshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceRshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceAnd(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceXor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlaceOr(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyNumber_InPlacePower(a: *mut PyObject, b: *mut PyObject, c: *mut PyObject)
    -> *mut PyObject;
    fn PyNumber_Negative(a: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Positive(a: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Absolute(a: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Invert(a: *mut PyObject) -> *mut PyObject;
    fn PyNumber_Index(a: *mut PyObject) -> *mut PyObject;
    fn PySequence_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PySequence_InPlaceConcat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PySequence_Contains(a: *mut PyObject, b: *mut PyObject) -> c_int;
    fn PySequence_Count(a: *mut PyObject, b: *mut PyObject) -> Py_ssize_t;
    fn PySequence_Index(a: *mut PyObject, b: *mut PyObject) -> Py_ssize_t;
    fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject;
    fn PyLong_AsSsize_t(o: *mut PyObject) -> Py_ssize_t;
    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_GetSlice(t: *mut PyObject, lo: Py_ssize_t, hi: Py_ssize_t) -> *mut PyObject;
    fn PyDict_Next(
        d: *mut PyObject,
        pos: *mut Py_ssize_t,
        k: *mut *mut PyObject,
        v: *mut *mut PyObject,
    ) -> c_int;
    fn PyDict_Size(d: *mut PyObject) -> Py_ssize_t;
    fn PyUnicode_InternInPlace(p: *mut *mut PyObject);
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyUnicode_Join(sep: *mut PyObject, seq: *mut PyObject) -> *mut PyObject;
    fn PyUnicode_Split(s: *mut PyObject, sep: *mut PyObject, max: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyUnicode_FindChar(
        s: *mut PyObject,
        ch: u32,
        start: Py_ssize_t,
        end: Py_ssize_t,
        direction: c_int,
    ) -> Py_ssize_t;
    fn PyList_AsTuple(l: *mut PyObject) -> *mut PyObject;
    fn Py_ReprEnter(o: *mut PyObject) -> c_int;
    fn Py_ReprLeave(o: *mut PyObject);
    fn Py_BuildValue(format: *const c_char, ...) -> *mut PyObject;
    fn PyImport_ImportModule(name: *const c_char) -> *mut PyObject;
    fn PyObject_GetAttrString(o: *mut PyObject, name: *const c_char) -> *mut PyObject;
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn PyModule_AddFunctions(m: *mut PyObject, defs: *mut PyMethodDef) -> c_int;
    fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int;
    fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: Py_ssize_t,
        min: Py_ssize_t,
        max: Py_ssize_t,
    ) -> c_int;
    fn _PyArg_NoKeywords(name: *const c_char, kw: *mut PyObject) -> c_int;
    fn _PyArg_NoKwnames(name: *const c_char, kwnames: *mut PyObject) -> c_int;
}

// ==========================================================================
// Small helpers
// ==========================================================================

fn new_bool(b: bool) -> *mut PyObject {
    crate::objects::boolobject::bool_from_bool(b)
}

fn new_none() -> *mut PyObject {
    crate::objects::object::none()
}

/// A C int result (`-1` with the error set) as a bool object.
fn bool_result(r: c_int) -> *mut PyObject {
    if r < 0 {
        ptr::null_mut()
    } else {
        new_bool(r != 0)
    }
}

/// A `Py_ssize_t` result (`-1` with the error set) as an int.
fn ssize_result(r: Py_ssize_t) -> *mut PyObject {
    if r == -1 && !errors::PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    // SAFETY: makes a new int.
    unsafe { PyLong_FromSsize_t(r) }
}

/// The exact positional count of a clinic function `name(a, b[, c], /)`;
/// false with `_PyArg_UnpackStack`'s TypeError.
///
/// # Safety
/// `name` NUL-terminated.
unsafe fn positional(name: &CStr, nargs: Py_ssize_t, n: Py_ssize_t) -> bool {
    // SAFETY: per the contract.
    unsafe { _PyArg_CheckPositional(name.as_ptr(), nargs, n, n) != 0 }
}

/// # Safety
/// `o` a live object.
unsafe fn type_name(o: *mut PyObject) -> *const c_char {
    // SAFETY: a live object's type is live.
    unsafe { (*(*o).ob_type).tp_name }
}

// ==========================================================================
// The operator functions
// ==========================================================================

/// Declares `name(a, b, /)` functions over a binary C API call.
macro_rules! binary {
    ($($f:ident = $name:literal => |$a:ident, $b:ident| $body:expr;)*) => {$(
        unsafe extern "C" fn $f(
            _m: *mut PyObject,
            args: *const *mut PyObject,
            nargs: Py_ssize_t,
        ) -> *mut PyObject {
            // SAFETY: a fastcall's arguments, two live objects once
            // checked; the body calls the C API on them.
            unsafe {
                if !positional($name, nargs, 2) {
                    return ptr::null_mut();
                }
                let ($a, $b) = (*args, *args.add(1));
                $body
            }
        }
    )*};
}

binary! {
    f_add = c"add" => |a, b| PyNumber_Add(a, b);
    f_sub = c"sub" => |a, b| PyNumber_Subtract(a, b);
    f_mul = c"mul" => |a, b| PyNumber_Multiply(a, b);
    f_matmul = c"matmul" => |a, b| PyNumber_MatrixMultiply(a, b);
    f_floordiv = c"floordiv" => |a, b| PyNumber_FloorDivide(a, b);
    f_truediv = c"truediv" => |a, b| PyNumber_TrueDivide(a, b);
    f_mod = c"mod" => |a, b| PyNumber_Remainder(a, b);
    f_lshift = c"lshift" => |a, b| PyNumber_Lshift(a, b);
    f_rshift = c"rshift" => |a, b| PyNumber_Rshift(a, b);
    f_and = c"and_" => |a, b| PyNumber_And(a, b);
    f_xor = c"xor" => |a, b| PyNumber_Xor(a, b);
    f_or = c"or_" => |a, b| PyNumber_Or(a, b);
    f_pow = c"pow" => |a, b| PyNumber_Power(a, b, crate::objects::object::py_none());
    f_iadd = c"iadd" => |a, b| PyNumber_InPlaceAdd(a, b);
    f_isub = c"isub" => |a, b| PyNumber_InPlaceSubtract(a, b);
    f_imul = c"imul" => |a, b| PyNumber_InPlaceMultiply(a, b);
    f_imatmul = c"imatmul" => |a, b| PyNumber_InPlaceMatrixMultiply(a, b);
    f_ifloordiv = c"ifloordiv" => |a, b| PyNumber_InPlaceFloorDivide(a, b);
    f_itruediv = c"itruediv" => |a, b| PyNumber_InPlaceTrueDivide(a, b);
    f_imod = c"imod" => |a, b| PyNumber_InPlaceRemainder(a, b);
    f_ilshift = c"ilshift" => |a, b| PyNumber_InPlaceLshift(a, b);
    f_irshift = c"irshift" => |a, b| PyNumber_InPlaceRshift(a, b);
    f_iand = c"iand" => |a, b| PyNumber_InPlaceAnd(a, b);
    f_ixor = c"ixor" => |a, b| PyNumber_InPlaceXor(a, b);
    f_ior = c"ior" => |a, b| PyNumber_InPlaceOr(a, b);
    f_ipow = c"ipow" => |a, b| PyNumber_InPlacePower(a, b, crate::objects::object::py_none());
    f_concat = c"concat" => |a, b| PySequence_Concat(a, b);
    f_iconcat = c"iconcat" => |a, b| PySequence_InPlaceConcat(a, b);
    f_lt = c"lt" => |a, b| PyObject_RichCompare(a, b, Py_LT);
    f_le = c"le" => |a, b| PyObject_RichCompare(a, b, Py_LE);
    f_eq = c"eq" => |a, b| PyObject_RichCompare(a, b, Py_EQ);
    f_ne = c"ne" => |a, b| PyObject_RichCompare(a, b, Py_NE);
    f_gt = c"gt" => |a, b| PyObject_RichCompare(a, b, Py_GT);
    f_ge = c"ge" => |a, b| PyObject_RichCompare(a, b, Py_GE);
    f_is = c"is_" => |a, b| new_bool(a == b);
    f_is_not = c"is_not" => |a, b| new_bool(a != b);
    f_contains = c"contains" => |a, b| bool_result(PySequence_Contains(a, b));
    f_count_of = c"countOf" => |a, b| ssize_result(PySequence_Count(a, b));
    f_index_of = c"indexOf" => |a, b| ssize_result(PySequence_Index(a, b));
    f_getitem = c"getitem" => |a, b| PyObject_GetItem(a, b);
    f_delitem = c"delitem" => |a, b| if PyObject_DelItem(a, b) < 0 {
        ptr::null_mut()
    } else {
        new_none()
    };
    f_compare_digest = c"_compare_digest" => |a, b| compare_digest(a, b);
}

/// Declares `METH_O` functions `name(a, /)` over a unary C API call.
macro_rules! unary {
    ($($f:ident => |$a:ident| $body:expr;)*) => {$(
        unsafe extern "C" fn $f(_m: *mut PyObject, $a: *mut PyObject) -> *mut PyObject {
            // SAFETY: the body calls the C API on the live argument.
            unsafe { $body }
        }
    )*};
}

unary! {
    f_neg => |a| PyNumber_Negative(a);
    f_pos => |a| PyNumber_Positive(a);
    f_abs => |a| PyNumber_Absolute(a);
    f_inv => |a| PyNumber_Invert(a);
    f_invert => |a| PyNumber_Invert(a);
    f_index => |a| PyNumber_Index(a);
    f_not => |a| bool_result(PyObject_Not(a));
    f_truth => |a| bool_result(PyObject_IsTrue(a));
}

/// `setitem(a, b, c, /)`: `a[b] = c`.
unsafe extern "C" fn f_setitem(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, three once checked.
    unsafe {
        if !positional(c"setitem", nargs, 3) {
            return ptr::null_mut();
        }
        if PyObject_SetItem(*args, *args.add(1), *args.add(2)) < 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

/// `length_hint(obj, default=0, /)`.
unsafe extern "C" fn f_length_hint(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, one or two once checked.
    unsafe {
        if _PyArg_CheckPositional(c"length_hint".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let mut default = 0;
        if nargs > 1 {
            match clinic::ssize_arg(*args.add(1)) {
                Some(v) => default = v,
                None => return ptr::null_mut(),
            }
        }
        ssize_result(PyObject_LengthHint(*args, default))
    }
}

/// `call(obj, /, *args, **kwargs)`: the call passed on as it came.
unsafe extern "C" fn f_call(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments (the keyword values follow the
    // positional ones), at least one positional once checked.
    unsafe {
        if _PyArg_CheckPositional(c"call".as_ptr(), nargs, 1, Py_ssize_t::MAX) == 0 {
            return ptr::null_mut();
        }
        PyObject_Vectorcall(*args, args.add(1), (nargs - 1) as usize, kwnames)
    }
}

/// Compares two byte runs in time that depends on the length of `b`
/// only (CPython's `_tscmp`): unequal lengths compare `b` with itself
/// and answer false.
fn timing_safe_eq(a: &[u8], b: &[u8]) -> bool {
    let left = if a.len() == b.len() { a } else { b };
    let mut result = u8::from(a.len() != b.len());
    for (x, y) in left.iter().zip(b) {
        result |= x ^ y;
    }
    std::hint::black_box(result) == 0
}

/// A `PyBUF_SIMPLE` view's bytes, copied (the exporter may change them),
/// or None with the error (`BufferError` for a multi-dimensional view).
///
/// # Safety
/// `o` a live object.
unsafe fn digest_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
    // SAFETY: a live object; a view we release once copied.
    unsafe {
        if PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) < 0 {
            return None;
        }
        let v = view.assume_init_ref();
        if v.ndim > 1 {
            PyBuffer_Release(view.as_mut_ptr());
            errors::fail(Exc::BufferError, "Buffer must be single dimension");
            return None;
        }
        let bytes = if v.len > 0 {
            std::slice::from_raw_parts(v.buf.cast::<u8>(), v.len as usize).to_vec()
        } else {
            Vec::new()
        };
        PyBuffer_Release(view.as_mut_ptr());
        Some(bytes)
    }
}

/// `_compare_digest(a, b, /)`: `a == b` for two ASCII strs or two
/// bytes-like objects, in time that does not depend on where they differ.
///
/// # Safety
/// `a` and `b` live objects.
unsafe fn compare_digest(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    use crate::objects::unicodeobject as u;
    // SAFETY: live objects; str data is read before anything else runs.
    unsafe {
        if u::is_str(a) && u::is_str(b) {
            if !u::is_ascii(a) || !u::is_ascii(b) {
                errors::fail(
                    Exc::TypeError,
                    "comparing strings with non-ASCII characters is not supported",
                );
                return ptr::null_mut();
            }
            let sa = std::slice::from_raw_parts(u::data(a), u::len(a)).to_vec();
            let sb = std::slice::from_raw_parts(u::data(b), u::len(b)).to_vec();
            return new_bool(timing_safe_eq(&sa, &sb));
        }
        let has_buffer = |o: *mut PyObject| {
            !(*(*o).ob_type).tp_as_buffer.is_null()
                && (*(*(*o).ob_type).tp_as_buffer).bf_getbuffer.is_some()
        };
        if !has_buffer(a) && !has_buffer(b) {
            errors::fail(
                Exc::TypeError,
                format!(
                    "unsupported operand types(s) or combination of types: '{}' and '{}'",
                    crate::objects::object::type_name_max(a, 100),
                    crate::objects::object::type_name_max(b, 100)
                ),
            );
            return ptr::null_mut();
        }
        let Some(va) = digest_bytes(a) else {
            return ptr::null_mut();
        };
        let Some(vb) = digest_bytes(b) else {
            return ptr::null_mut();
        };
        new_bool(timing_safe_eq(&va, &vb))
    }
}

// ==========================================================================
// itemgetter
// ==========================================================================

/// CPython's `itemgetterobject`.
#[repr(C)]
struct ItemGetter {
    ob_base: PyObject,
    nitems: Py_ssize_t,
    /// The one item, or the tuple of items when there are several.
    item: *mut PyObject,
    /// The item as a non-negative index when it is one exact int, else
    /// -1: the fast path for exact tuples and lists.
    index: Py_ssize_t,
    vectorcall: vectorcallfunc,
}

/// `itemgetter(item, ...)`.
unsafe extern "C" fn itemgetter_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size};
    // SAFETY: a tp_new's live arguments; the new object is ours until
    // returned.
    unsafe {
        if _PyArg_NoKeywords(c"itemgetter".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let nitems = PyTuple_Size(args);
        let item = if nitems <= 1 {
            if _PyArg_CheckPositional(c"itemgetter".as_ptr(), nitems, 1, 1) == 0 {
                return ptr::null_mut();
            }
            PyTuple_GetItem(args, 0)
        } else {
            args
        };
        let mut index = -1;
        if nitems == 1 && (*item).ob_type == crate::objects::longobject::PyLong_Type.get() {
            let v = PyLong_AsSsize_t(item);
            if v == -1 && !errors::PyErr_Occurred().is_null() {
                // Too large for the fast path: plain `getitem` then.
                errors::PyErr_Clear();
            } else if v >= 0 {
                index = v;
            }
        }
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        let ig = op.cast::<ItemGetter>();
        Py_IncRef(item);
        (*ig).nitems = nitems;
        (*ig).item = item;
        (*ig).index = index;
        ptr::addr_of_mut!((*ig).vectorcall).write(itemgetter_vectorcall);
        op
    }
}

unsafe extern "C" fn itemgetter_dealloc(op: *mut PyObject) {
    // SAFETY: the dying itemgetter; its type frees it.
    unsafe {
        Py_DecRef((*op.cast::<ItemGetter>()).item);
        ((*(*op).ob_type).tp_free.expect("tp_free"))(op.cast());
    }
}

/// Calls an itemgetter on `obj`.
///
/// # Safety
/// `ig` a live itemgetter, `obj` live.
unsafe fn itemgetter_apply(ig: *mut ItemGetter, obj: *mut PyObject) -> *mut PyObject {
    use crate::objects::{listobject, tupleobject};
    // SAFETY: per the contract; the fast path reads an item of an exact
    // tuple or list inside its bounds.
    unsafe {
        if (*ig).nitems == 1 {
            let i = (*ig).index;
            if i >= 0 {
                let t = (*obj).ob_type;
                if t == tupleobject::PyTuple_Type.get() && i < tupleobject::PyTuple_Size(obj) {
                    let r = tupleobject::PyTuple_GetItem(obj, i);
                    Py_IncRef(r);
                    return r;
                }
                if t == listobject::PyList_Type.get() && i < listobject::PyList_Size(obj) {
                    let r = listobject::PyList_GetItem(obj, i);
                    Py_IncRef(r);
                    return r;
                }
            }
            return PyObject_GetItem(obj, (*ig).item);
        }
        let n = (*ig).nitems;
        let Some(result) = Owned::new(PyTuple_New(n)) else {
            return ptr::null_mut();
        };
        for i in 0..n {
            let key = tupleobject::PyTuple_GetItem((*ig).item, i);
            let v = PyObject_GetItem(obj, key);
            if v.is_null() {
                return ptr::null_mut();
            }
            tupleobject::PyTuple_SetItem(result.as_ptr(), i, v);
        }
        result.into_raw()
    }
}

unsafe extern "C" fn itemgetter_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = (nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET) as Py_ssize_t;
    // SAFETY: a vectorcall's arguments; one once checked.
    unsafe {
        if _PyArg_NoKwnames(c"itemgetter".as_ptr(), kwnames) == 0
            || _PyArg_CheckPositional(c"itemgetter".as_ptr(), nargs, 1, 1) == 0
        {
            return ptr::null_mut();
        }
        itemgetter_apply(op.cast(), *args)
    }
}

unsafe extern "C" fn itemgetter_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live itemgetter.
    unsafe {
        let ig = op.cast::<ItemGetter>();
        let name = type_name(op);
        let status = Py_ReprEnter(op);
        if status != 0 {
            if status < 0 {
                return ptr::null_mut();
            }
            return PyUnicode_FromFormat(c"%s(...)".as_ptr(), name);
        }
        let fmt = if (*ig).nitems == 1 {
            c"%s(%R)"
        } else {
            c"%s%R"
        };
        let r = PyUnicode_FromFormat(fmt.as_ptr(), name, (*ig).item);
        Py_ReprLeave(op);
        r
    }
}

unsafe extern "C" fn itemgetter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live itemgetter.
    unsafe {
        let ig = op.cast::<ItemGetter>();
        let fmt = if (*ig).nitems == 1 { c"O(O)" } else { c"OO" };
        Py_BuildValue(fmt.as_ptr(), (*op).ob_type, (*ig).item)
    }
}

// ==========================================================================
// attrgetter
// ==========================================================================

/// CPython's `attrgetterobject`.
#[repr(C)]
struct AttrGetter {
    ob_base: PyObject,
    nattrs: Py_ssize_t,
    /// A tuple: per attribute, its interned name, or for a dotted name
    /// the tuple of its interned parts.
    attr: *mut PyObject,
    vectorcall: vectorcallfunc,
}

/// An interned copy of str `s` (a new reference), or NULL.
///
/// # Safety
/// `s` a live str.
unsafe fn interned(s: *mut PyObject) -> *mut PyObject {
    let mut s = s;
    // SAFETY: a live str; interning replaces our new reference.
    unsafe {
        Py_IncRef(s);
        PyUnicode_InternInPlace(&mut s);
    }
    s
}

/// One attribute spec of `attrgetter`: the interned name, or the tuple
/// of interned parts of a dotted name (a new reference), or NULL.
///
/// # Safety
/// `name` a live str.
unsafe fn attr_spec(name: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem, PyTuple_Size};
    // SAFETY: a live str; the parts are ours.
    unsafe {
        let len = crate::objects::unicodeobject::PyUnicode_GetLength(name);
        if PyUnicode_FindChar(name, u32::from(b'.'), 0, len, 1) < 0 {
            return interned(name);
        }
        let Some(dot) = Owned::new(PyUnicode_FromString(c".".as_ptr())) else {
            return ptr::null_mut();
        };
        let Some(parts) = Owned::new(PyUnicode_Split(name, dot.as_ptr(), -1)) else {
            return ptr::null_mut();
        };
        let Some(parts) = Owned::new(PyList_AsTuple(parts.as_ptr())) else {
            return ptr::null_mut();
        };
        for i in 0..PyTuple_Size(parts.as_ptr()) {
            let part = interned(PyTuple_GetItem(parts.as_ptr(), i));
            // The tuple is ours alone: replacing an item is safe.
            PyTuple_SetItem(parts.as_ptr(), i, part);
        }
        parts.into_raw()
    }
}

/// `attrgetter(attr, ...)`.
unsafe extern "C" fn attrgetter_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem, PyTuple_Size};
    // SAFETY: a tp_new's live arguments; the new objects are ours until
    // returned.
    unsafe {
        if _PyArg_NoKeywords(c"attrgetter".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let nattrs = PyTuple_Size(args);
        if nattrs <= 1 && _PyArg_CheckPositional(c"attrgetter".as_ptr(), nattrs, 1, 1) == 0 {
            return ptr::null_mut();
        }
        let Some(attr) = Owned::new(PyTuple_New(nattrs)) else {
            return ptr::null_mut();
        };
        for i in 0..nattrs {
            let item = PyTuple_GetItem(args, i);
            if !crate::objects::unicodeobject::is_str(item) {
                errors::fail(Exc::TypeError, "attribute name must be a string");
                return ptr::null_mut();
            }
            let spec = attr_spec(item);
            if spec.is_null() {
                return ptr::null_mut();
            }
            PyTuple_SetItem(attr.as_ptr(), i, spec);
        }
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        let ag = op.cast::<AttrGetter>();
        (*ag).nattrs = nattrs;
        (*ag).attr = attr.into_raw();
        ptr::addr_of_mut!((*ag).vectorcall).write(attrgetter_vectorcall);
        op
    }
}

unsafe extern "C" fn attrgetter_dealloc(op: *mut PyObject) {
    // SAFETY: the dying attrgetter; its type frees it.
    unsafe {
        Py_DecRef((*op.cast::<AttrGetter>()).attr);
        ((*(*op).ob_type).tp_free.expect("tp_free"))(op.cast());
    }
}

/// `obj.<spec>` for one attribute spec (see [`attr_spec`]).
///
/// # Safety
/// `obj` and `spec` live.
unsafe fn dotted_getattr(obj: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size};
    // SAFETY: per the contract.
    unsafe {
        if crate::objects::unicodeobject::is_str(spec) {
            return PyObject_GetAttr(obj, spec);
        }
        Py_IncRef(obj);
        let mut cur = obj;
        for i in 0..PyTuple_Size(spec) {
            let next = PyObject_GetAttr(cur, PyTuple_GetItem(spec, i));
            Py_DecRef(cur);
            if next.is_null() {
                return ptr::null_mut();
            }
            cur = next;
        }
        cur
    }
}

unsafe extern "C" fn attrgetter_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem};
    let nargs = (nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET) as Py_ssize_t;
    // SAFETY: a vectorcall's arguments, one once checked; a live
    // attrgetter.
    unsafe {
        if _PyArg_NoKwnames(c"attrgetter".as_ptr(), kwnames) == 0
            || _PyArg_CheckPositional(c"attrgetter".as_ptr(), nargs, 1, 1) == 0
        {
            return ptr::null_mut();
        }
        let ag = op.cast::<AttrGetter>();
        let obj = *args;
        if (*ag).nattrs == 1 {
            return dotted_getattr(obj, PyTuple_GetItem((*ag).attr, 0));
        }
        let Some(result) = Owned::new(PyTuple_New((*ag).nattrs)) else {
            return ptr::null_mut();
        };
        for i in 0..(*ag).nattrs {
            let v = dotted_getattr(obj, PyTuple_GetItem((*ag).attr, i));
            if v.is_null() {
                return ptr::null_mut();
            }
            PyTuple_SetItem(result.as_ptr(), i, v);
        }
        result.into_raw()
    }
}

/// The name an attribute spec was given as (dotted parts joined again),
/// a new reference or NULL.
///
/// # Safety
/// `spec` live.
unsafe fn spec_name(spec: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if crate::objects::unicodeobject::is_str(spec) {
            Py_IncRef(spec);
            return spec;
        }
        let Some(dot) = Owned::new(PyUnicode_FromString(c".".as_ptr())) else {
            return ptr::null_mut();
        };
        PyUnicode_Join(dot.as_ptr(), spec)
    }
}

/// The names of all attributes as a tuple (a new reference) or NULL.
///
/// # Safety
/// `ag` a live attrgetter.
unsafe fn attrgetter_names(ag: *mut AttrGetter) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem};
    // SAFETY: per the contract.
    unsafe {
        let Some(names) = Owned::new(PyTuple_New((*ag).nattrs)) else {
            return ptr::null_mut();
        };
        for i in 0..(*ag).nattrs {
            let name = spec_name(PyTuple_GetItem((*ag).attr, i));
            if name.is_null() {
                return ptr::null_mut();
            }
            PyTuple_SetItem(names.as_ptr(), i, name);
        }
        names.into_raw()
    }
}

unsafe extern "C" fn attrgetter_repr(op: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::PyTuple_GetItem;
    // SAFETY: a live attrgetter.
    unsafe {
        let ag = op.cast::<AttrGetter>();
        let name = type_name(op);
        let status = Py_ReprEnter(op);
        if status != 0 {
            if status < 0 {
                return ptr::null_mut();
            }
            return PyUnicode_FromFormat(c"%s(...)".as_ptr(), name);
        }
        let (fmt, arg) = if (*ag).nattrs == 1 {
            (c"%s(%R)", spec_name(PyTuple_GetItem((*ag).attr, 0)))
        } else {
            (c"%s%R", attrgetter_names(ag))
        };
        let r = if arg.is_null() {
            ptr::null_mut()
        } else {
            let r = PyUnicode_FromFormat(fmt.as_ptr(), name, arg);
            Py_DecRef(arg);
            r
        };
        Py_ReprLeave(op);
        r
    }
}

unsafe extern "C" fn attrgetter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live attrgetter.
    unsafe {
        let names = attrgetter_names(op.cast());
        if names.is_null() {
            return ptr::null_mut();
        }
        Py_BuildValue(c"ON".as_ptr(), (*op).ob_type, names)
    }
}

// ==========================================================================
// methodcaller
// ==========================================================================

/// CPython 3.11's `methodcallerobject`.
#[repr(C)]
struct MethodCaller {
    ob_base: PyObject,
    name: *mut PyObject,
    args: *mut PyObject,
    /// The keyword arguments' dict, or NULL when none were given.
    kwds: *mut PyObject,
}

/// `methodcaller(name, /, *args, **kwargs)`.
unsafe extern "C" fn methodcaller_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size};
    // SAFETY: a tp_new's live arguments; the new object is ours until
    // returned.
    unsafe {
        let n = PyTuple_Size(args);
        if n < 1 {
            errors::fail(
                Exc::TypeError,
                "methodcaller needs at least one argument, the method name",
            );
            return ptr::null_mut();
        }
        let name = PyTuple_GetItem(args, 0);
        if !crate::objects::unicodeobject::is_str(name) {
            errors::fail(Exc::TypeError, "method name must be a string");
            return ptr::null_mut();
        }
        let Some(rest) = Owned::new(PyTuple_GetSlice(args, 1, n)) else {
            return ptr::null_mut();
        };
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        let mc = op.cast::<MethodCaller>();
        (*mc).name = interned(name);
        (*mc).args = rest.into_raw();
        if !kwds.is_null() {
            Py_IncRef(kwds);
        }
        (*mc).kwds = kwds;
        op
    }
}

unsafe extern "C" fn methodcaller_dealloc(op: *mut PyObject) {
    // SAFETY: the dying methodcaller; its type frees it.
    unsafe {
        let mc = op.cast::<MethodCaller>();
        Py_DecRef((*mc).name);
        Py_DecRef((*mc).args);
        if !(*mc).kwds.is_null() {
            Py_DecRef((*mc).kwds);
        }
        ((*(*op).ob_type).tp_free.expect("tp_free"))(op.cast());
    }
}

unsafe extern "C" fn methodcaller_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size};
    // SAFETY: a tp_call's live arguments; a live methodcaller.
    unsafe {
        if _PyArg_NoKeywords(c"methodcaller".as_ptr(), kw) == 0
            || _PyArg_CheckPositional(c"methodcaller".as_ptr(), PyTuple_Size(args), 1, 1) == 0
        {
            return ptr::null_mut();
        }
        let mc = op.cast::<MethodCaller>();
        let Some(method) = Owned::new(PyObject_GetAttr(PyTuple_GetItem(args, 0), (*mc).name))
        else {
            return ptr::null_mut();
        };
        PyObject_Call(method.as_ptr(), (*mc).args, (*mc).kwds)
    }
}

/// The number of keyword arguments a methodcaller holds.
///
/// # Safety
/// `mc` a live methodcaller.
unsafe fn kw_count(mc: *mut MethodCaller) -> Py_ssize_t {
    // SAFETY: per the contract.
    unsafe {
        if (*mc).kwds.is_null() {
            0
        } else {
            PyDict_Size((*mc).kwds)
        }
    }
}

unsafe extern "C" fn methodcaller_repr(op: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem, PyTuple_Size};
    // SAFETY: a live methodcaller.
    unsafe {
        let mc = op.cast::<MethodCaller>();
        let name = type_name(op);
        let status = Py_ReprEnter(op);
        if status != 0 {
            if status < 0 {
                return ptr::null_mut();
            }
            return PyUnicode_FromFormat(c"%s(...)".as_ptr(), name);
        }
        let r = (|| {
            let nargs = PyTuple_Size((*mc).args);
            let total = nargs + kw_count(mc);
            if total == 0 {
                return Owned::new(PyUnicode_FromFormat(c"%s(%R)".as_ptr(), name, (*mc).name));
            }
            let parts = Owned::new(PyTuple_New(total))?;
            for i in 0..nargs {
                let r = Owned::new(PyObject_Repr(PyTuple_GetItem((*mc).args, i)))?;
                PyTuple_SetItem(parts.as_ptr(), i, r.into_raw());
            }
            let (mut pos, mut k, mut v, mut i) = (0, ptr::null_mut(), ptr::null_mut(), nargs);
            while !(*mc).kwds.is_null() && PyDict_Next((*mc).kwds, &mut pos, &mut k, &mut v) != 0 {
                if i >= total {
                    break;
                }
                let r = Owned::new(PyUnicode_FromFormat(c"%U=%R".as_ptr(), k, v))?;
                PyTuple_SetItem(parts.as_ptr(), i, r.into_raw());
                i += 1;
            }
            let sep = Owned::new(PyUnicode_FromString(c", ".as_ptr()))?;
            let joined = Owned::new(PyUnicode_Join(sep.as_ptr(), parts.as_ptr()))?;
            Owned::new(PyUnicode_FromFormat(
                c"%s(%R, %U)".as_ptr(),
                name,
                (*mc).name,
                joined.as_ptr(),
            ))
        })()
        .map_or(ptr::null_mut(), Owned::into_raw);
        Py_ReprLeave(op);
        r
    }
}

unsafe extern "C" fn methodcaller_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_SetItem, PyTuple_Size};
    // SAFETY: a live methodcaller.
    unsafe {
        let mc = op.cast::<MethodCaller>();
        let ty = (*op).ob_type.cast::<PyObject>();
        if kw_count(mc) == 0 {
            let n = PyTuple_Size((*mc).args);
            let Some(newargs) = Owned::new(PyTuple_New(n + 1)) else {
                return ptr::null_mut();
            };
            Py_IncRef((*mc).name);
            PyTuple_SetItem(newargs.as_ptr(), 0, (*mc).name);
            for i in 0..n {
                let a = PyTuple_GetItem((*mc).args, i);
                Py_IncRef(a);
                PyTuple_SetItem(newargs.as_ptr(), i + 1, a);
            }
            return Py_BuildValue(c"ON".as_ptr(), ty, newargs.into_raw());
        }
        // `functools.partial(type(self), name, **kwargs)`, as CPython.
        let Some(functools) = Owned::new(PyImport_ImportModule(c"functools".as_ptr())) else {
            return ptr::null_mut();
        };
        let Some(partial) = Owned::new(PyObject_GetAttrString(
            functools.as_ptr(),
            c"partial".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(pargs) = Owned::new(Py_BuildValue(c"(OO)".as_ptr(), ty, (*mc).name)) else {
            return ptr::null_mut();
        };
        let Some(constructor) =
            Owned::new(PyObject_Call(partial.as_ptr(), pargs.as_ptr(), (*mc).kwds))
        else {
            return ptr::null_mut();
        };
        Py_BuildValue(c"OO".as_ptr(), constructor.as_ptr(), (*mc).args)
    }
}

// ==========================================================================
// The types
// ==========================================================================

static ITEMGETTER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"Return state information for pickling".as_ptr(),
        ..clinic::method(c"__reduce__", itemgetter_reduce, METH_NOARGS)
    },
    clinic::METHOD_END,
]);

static ATTRGETTER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"Return state information for pickling".as_ptr(),
        ..clinic::method(c"__reduce__", attrgetter_reduce, METH_NOARGS)
    },
    clinic::METHOD_END,
]);

static METHODCALLER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"Return state information for pickling".as_ptr(),
        ..clinic::method(c"__reduce__", methodcaller_reduce, METH_NOARGS)
    },
    clinic::METHOD_END,
]);

static ITEMGETTER_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__vectorcalloffset__",
        member_types::T_PYSSIZET,
        offset_of!(ItemGetter, vectorcall),
        member_types::READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static ATTRGETTER_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__vectorcalloffset__",
        member_types::T_PYSSIZET,
        offset_of!(AttrGetter, vectorcall),
        member_types::READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static ITEMGETTER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"operator.itemgetter",
        size_of::<ItemGetter>(),
        Py_TPFLAGS_HAVE_VECTORCALL,
        itemgetter_dealloc,
    );
    ty.tp_new = Some(itemgetter_new);
    ty.tp_call = Some(PyVectorcall_Call);
    ty.tp_vectorcall_offset = offset_of!(ItemGetter, vectorcall) as Py_ssize_t;
    ty.tp_repr = Some(itemgetter_repr);
    ty.tp_methods = ITEMGETTER_METHODS.get().cast();
    ty.tp_members = ITEMGETTER_MEMBERS.get().cast();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_doc = c"itemgetter(item, ...) --> itemgetter object\n\nReturn a callable object that fetches the given item(s) from its operand.\nAfter f = itemgetter(2), the call f(r) returns r[2].\nAfter g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])".as_ptr();
    ty
});

static ATTRGETTER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"operator.attrgetter",
        size_of::<AttrGetter>(),
        Py_TPFLAGS_HAVE_VECTORCALL,
        attrgetter_dealloc,
    );
    ty.tp_new = Some(attrgetter_new);
    ty.tp_call = Some(PyVectorcall_Call);
    ty.tp_vectorcall_offset = offset_of!(AttrGetter, vectorcall) as Py_ssize_t;
    ty.tp_repr = Some(attrgetter_repr);
    ty.tp_methods = ATTRGETTER_METHODS.get().cast();
    ty.tp_members = ATTRGETTER_MEMBERS.get().cast();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_doc = c"attrgetter(attr, ...) --> attrgetter object\n\nReturn a callable object that fetches the given attribute(s) from its operand.\nAfter f = attrgetter('name'), the call f(r) returns r.name.\nAfter g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\nAfter h = attrgetter('name.first', 'name.last'), the call h(r) returns\n(r.name.first, r.name.last).".as_ptr();
    ty
});

static METHODCALLER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"operator.methodcaller",
        size_of::<MethodCaller>(),
        0,
        methodcaller_dealloc,
    );
    ty.tp_new = Some(methodcaller_new);
    ty.tp_call = Some(methodcaller_call);
    ty.tp_repr = Some(methodcaller_repr);
    ty.tp_methods = METHODCALLER_METHODS.get().cast();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_doc = c"methodcaller(name, ...) --> methodcaller object\n\nReturn a callable object that calls the given method on its operand.\nAfter f = methodcaller('name'), the call f(r) returns r.name().\nAfter g = methodcaller('name', 'date', foo=1), the call g(r) returns\nr.name('date', foo=1).".as_ptr();
    ty
});

// ==========================================================================
// The modules
// ==========================================================================

const fn meth_o(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    clinic::method(name, f, METH_O)
}

const MODULE_DOC: &CStr = c"Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience.";

static METHODS: StaticObject<[PyMethodDef; 54]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"lt($module, a, b, /)\n--\n\nSame as a < b.".as_ptr(),
        ..fastcall(c"lt", f_lt)
    },
    PyMethodDef {
        ml_doc: c"le($module, a, b, /)\n--\n\nSame as a <= b.".as_ptr(),
        ..fastcall(c"le", f_le)
    },
    PyMethodDef {
        ml_doc: c"eq($module, a, b, /)\n--\n\nSame as a == b.".as_ptr(),
        ..fastcall(c"eq", f_eq)
    },
    PyMethodDef {
        ml_doc: c"ne($module, a, b, /)\n--\n\nSame as a != b.".as_ptr(),
        ..fastcall(c"ne", f_ne)
    },
    PyMethodDef {
        ml_doc: c"ge($module, a, b, /)\n--\n\nSame as a >= b.".as_ptr(),
        ..fastcall(c"ge", f_ge)
    },
    PyMethodDef {
        ml_doc: c"gt($module, a, b, /)\n--\n\nSame as a > b.".as_ptr(),
        ..fastcall(c"gt", f_gt)
    },
    PyMethodDef {
        ml_doc: c"not_($module, a, /)\n--\n\nSame as not a.".as_ptr(),
        ..meth_o(c"not_", f_not)
    },
    PyMethodDef {
        ml_doc: c"truth($module, a, /)\n--\n\nReturn True if a is true, False otherwise.".as_ptr(),
        ..meth_o(c"truth", f_truth)
    },
    PyMethodDef {
        ml_doc: c"is_($module, a, b, /)\n--\n\nSame as a is b.".as_ptr(),
        ..fastcall(c"is_", f_is)
    },
    PyMethodDef {
        ml_doc: c"is_not($module, a, b, /)\n--\n\nSame as a is not b.".as_ptr(),
        ..fastcall(c"is_not", f_is_not)
    },
    PyMethodDef {
        ml_doc: c"abs($module, a, /)\n--\n\nSame as abs(a).".as_ptr(),
        ..meth_o(c"abs", f_abs)
    },
    PyMethodDef {
        ml_doc: c"add($module, a, b, /)\n--\n\nSame as a + b.".as_ptr(),
        ..fastcall(c"add", f_add)
    },
    PyMethodDef {
        ml_doc: c"and_($module, a, b, /)\n--\n\nSame as a & b.".as_ptr(),
        ..fastcall(c"and_", f_and)
    },
    PyMethodDef {
        ml_doc: c"floordiv($module, a, b, /)\n--\n\nSame as a // b.".as_ptr(),
        ..fastcall(c"floordiv", f_floordiv)
    },
    PyMethodDef {
        ml_doc: c"index($module, a, /)\n--\n\nSame as a.__index__()".as_ptr(),
        ..meth_o(c"index", f_index)
    },
    PyMethodDef {
        ml_doc: c"inv($module, a, /)\n--\n\nSame as ~a.".as_ptr(),
        ..meth_o(c"inv", f_inv)
    },
    PyMethodDef {
        ml_doc: c"invert($module, a, /)\n--\n\nSame as ~a.".as_ptr(),
        ..meth_o(c"invert", f_invert)
    },
    PyMethodDef {
        ml_doc: c"lshift($module, a, b, /)\n--\n\nSame as a << b.".as_ptr(),
        ..fastcall(c"lshift", f_lshift)
    },
    PyMethodDef {
        ml_doc: c"mod($module, a, b, /)\n--\n\nSame as a % b.".as_ptr(),
        ..fastcall(c"mod", f_mod)
    },
    PyMethodDef {
        ml_doc: c"mul($module, a, b, /)\n--\n\nSame as a * b.".as_ptr(),
        ..fastcall(c"mul", f_mul)
    },
    PyMethodDef {
        ml_doc: c"matmul($module, a, b, /)\n--\n\nSame as a @ b.".as_ptr(),
        ..fastcall(c"matmul", f_matmul)
    },
    PyMethodDef {
        ml_doc: c"neg($module, a, /)\n--\n\nSame as -a.".as_ptr(),
        ..meth_o(c"neg", f_neg)
    },
    PyMethodDef {
        ml_doc: c"or_($module, a, b, /)\n--\n\nSame as a | b.".as_ptr(),
        ..fastcall(c"or_", f_or)
    },
    PyMethodDef {
        ml_doc: c"pos($module, a, /)\n--\n\nSame as +a.".as_ptr(),
        ..meth_o(c"pos", f_pos)
    },
    PyMethodDef {
        ml_doc: c"pow($module, a, b, /)\n--\n\nSame as a ** b.".as_ptr(),
        ..fastcall(c"pow", f_pow)
    },
    PyMethodDef {
        ml_doc: c"rshift($module, a, b, /)\n--\n\nSame as a >> b.".as_ptr(),
        ..fastcall(c"rshift", f_rshift)
    },
    PyMethodDef {
        ml_doc: c"sub($module, a, b, /)\n--\n\nSame as a - b.".as_ptr(),
        ..fastcall(c"sub", f_sub)
    },
    PyMethodDef {
        ml_doc: c"truediv($module, a, b, /)\n--\n\nSame as a / b.".as_ptr(),
        ..fastcall(c"truediv", f_truediv)
    },
    PyMethodDef {
        ml_doc: c"xor($module, a, b, /)\n--\n\nSame as a ^ b.".as_ptr(),
        ..fastcall(c"xor", f_xor)
    },
    PyMethodDef {
        ml_doc: c"concat($module, a, b, /)\n--\n\nSame as a + b, for a and b sequences.".as_ptr(),
        ..fastcall(c"concat", f_concat)
    },
    PyMethodDef {
        ml_doc: c"contains($module, a, b, /)\n--\n\nSame as b in a (note reversed operands).".as_ptr(),
        ..fastcall(c"contains", f_contains)
    },
    PyMethodDef {
        ml_doc: c"countOf($module, a, b, /)\n--\n\nReturn the number of items in a which are, or which equal, b.".as_ptr(),
        ..fastcall(c"countOf", f_count_of)
    },
    PyMethodDef {
        ml_doc: c"delitem($module, a, b, /)\n--\n\nSame as del a[b].".as_ptr(),
        ..fastcall(c"delitem", f_delitem)
    },
    PyMethodDef {
        ml_doc: c"getitem($module, a, b, /)\n--\n\nSame as a[b].".as_ptr(),
        ..fastcall(c"getitem", f_getitem)
    },
    PyMethodDef {
        ml_doc: c"indexOf($module, a, b, /)\n--\n\nReturn the first index of b in a.".as_ptr(),
        ..fastcall(c"indexOf", f_index_of)
    },
    PyMethodDef {
        ml_doc: c"setitem($module, a, b, c, /)\n--\n\nSame as a[b] = c.".as_ptr(),
        ..fastcall(c"setitem", f_setitem)
    },
    PyMethodDef {
        ml_doc: c"length_hint($module, obj, default=0, /)\n--\n\nReturn an estimate of the number of items in obj.\n\nThis is useful for presizing containers when building from an iterable.\n\nIf the object supports len(), the result will be exact.\nOtherwise, it may over- or under-estimate by an arbitrary amount.\nThe result will be an integer >= 0.".as_ptr(),
        ..fastcall(c"length_hint", f_length_hint)
    },
    PyMethodDef {
        ml_doc: c"call($module, obj, /, *args, **kwargs)\n--\n\nSame as obj(*args, **kwargs).".as_ptr(),
        ..fastcall_kw(c"call", f_call, 0)
    },
    PyMethodDef {
        ml_doc: c"iadd($module, a, b, /)\n--\n\nSame as a += b.".as_ptr(),
        ..fastcall(c"iadd", f_iadd)
    },
    PyMethodDef {
        ml_doc: c"iand($module, a, b, /)\n--\n\nSame as a &= b.".as_ptr(),
        ..fastcall(c"iand", f_iand)
    },
    PyMethodDef {
        ml_doc: c"iconcat($module, a, b, /)\n--\n\nSame as a += b, for a and b sequences.".as_ptr(),
        ..fastcall(c"iconcat", f_iconcat)
    },
    PyMethodDef {
        ml_doc: c"ifloordiv($module, a, b, /)\n--\n\nSame as a //= b.".as_ptr(),
        ..fastcall(c"ifloordiv", f_ifloordiv)
    },
    PyMethodDef {
        ml_doc: c"ilshift($module, a, b, /)\n--\n\nSame as a <<= b.".as_ptr(),
        ..fastcall(c"ilshift", f_ilshift)
    },
    PyMethodDef {
        ml_doc: c"imod($module, a, b, /)\n--\n\nSame as a %= b.".as_ptr(),
        ..fastcall(c"imod", f_imod)
    },
    PyMethodDef {
        ml_doc: c"imul($module, a, b, /)\n--\n\nSame as a *= b.".as_ptr(),
        ..fastcall(c"imul", f_imul)
    },
    PyMethodDef {
        ml_doc: c"imatmul($module, a, b, /)\n--\n\nSame as a @= b.".as_ptr(),
        ..fastcall(c"imatmul", f_imatmul)
    },
    PyMethodDef {
        ml_doc: c"ior($module, a, b, /)\n--\n\nSame as a |= b.".as_ptr(),
        ..fastcall(c"ior", f_ior)
    },
    PyMethodDef {
        ml_doc: c"ipow($module, a, b, /)\n--\n\nSame as a **= b.".as_ptr(),
        ..fastcall(c"ipow", f_ipow)
    },
    PyMethodDef {
        ml_doc: c"irshift($module, a, b, /)\n--\n\nSame as a >>= b.".as_ptr(),
        ..fastcall(c"irshift", f_irshift)
    },
    PyMethodDef {
        ml_doc: c"isub($module, a, b, /)\n--\n\nSame as a -= b.".as_ptr(),
        ..fastcall(c"isub", f_isub)
    },
    PyMethodDef {
        ml_doc: c"itruediv($module, a, b, /)\n--\n\nSame as a /= b.".as_ptr(),
        ..fastcall(c"itruediv", f_itruediv)
    },
    PyMethodDef {
        ml_doc: c"ixor($module, a, b, /)\n--\n\nSame as a ^= b.".as_ptr(),
        ..fastcall(c"ixor", f_ixor)
    },
    PyMethodDef {
        ml_doc: c"_compare_digest($module, a, b, /)\n--\n\nReturn 'a == b'.\n\nThis function uses an approach designed to prevent\ntiming analysis, making it appropriate for cryptography.\n\na and b must both be of the same type: either str (ASCII only),\nor any bytes-like object.\n\nNote: If a and b are of different lengths, or if an error occurs,\na timing attack could theoretically reveal information about the\ntypes and lengths of a and b--but not their values.".as_ptr(),
        ..fastcall(c"_compare_digest", f_compare_digest)
    },
    clinic::METHOD_END,
]);

/// The names of `Lib/operator.py`'s `__all__`, in its order.
const ALL: [&CStr; 55] = [
    c"abs",
    c"add",
    c"and_",
    c"attrgetter",
    c"call",
    c"concat",
    c"contains",
    c"countOf",
    c"delitem",
    c"eq",
    c"floordiv",
    c"ge",
    c"getitem",
    c"gt",
    c"iadd",
    c"iand",
    c"iconcat",
    c"ifloordiv",
    c"ilshift",
    c"imatmul",
    c"imod",
    c"imul",
    c"index",
    c"indexOf",
    c"inv",
    c"invert",
    c"ior",
    c"ipow",
    c"irshift",
    c"is_",
    c"is_not",
    c"isub",
    c"itemgetter",
    c"itruediv",
    c"ixor",
    c"le",
    c"length_hint",
    c"lshift",
    c"lt",
    c"matmul",
    c"methodcaller",
    c"mod",
    c"mul",
    c"ne",
    c"neg",
    c"not_",
    c"or_",
    c"pos",
    c"pow",
    c"rshift",
    c"setitem",
    c"sub",
    c"truediv",
    c"truth",
    c"xor",
];

/// `Lib/operator.py`'s dunder aliases (`__add__ = add`), in its order.
const DUNDERS: [(&CStr, &CStr); 46] = [
    (c"__lt__", c"lt"),
    (c"__le__", c"le"),
    (c"__eq__", c"eq"),
    (c"__ne__", c"ne"),
    (c"__ge__", c"ge"),
    (c"__gt__", c"gt"),
    (c"__not__", c"not_"),
    (c"__abs__", c"abs"),
    (c"__add__", c"add"),
    (c"__and__", c"and_"),
    (c"__call__", c"call"),
    (c"__floordiv__", c"floordiv"),
    (c"__index__", c"index"),
    (c"__inv__", c"inv"),
    (c"__invert__", c"invert"),
    (c"__lshift__", c"lshift"),
    (c"__mod__", c"mod"),
    (c"__mul__", c"mul"),
    (c"__matmul__", c"matmul"),
    (c"__neg__", c"neg"),
    (c"__or__", c"or_"),
    (c"__pos__", c"pos"),
    (c"__pow__", c"pow"),
    (c"__rshift__", c"rshift"),
    (c"__sub__", c"sub"),
    (c"__truediv__", c"truediv"),
    (c"__xor__", c"xor"),
    (c"__concat__", c"concat"),
    (c"__contains__", c"contains"),
    (c"__delitem__", c"delitem"),
    (c"__getitem__", c"getitem"),
    (c"__setitem__", c"setitem"),
    (c"__iadd__", c"iadd"),
    (c"__iand__", c"iand"),
    (c"__iconcat__", c"iconcat"),
    (c"__ifloordiv__", c"ifloordiv"),
    (c"__ilshift__", c"ilshift"),
    (c"__imod__", c"imod"),
    (c"__imul__", c"imul"),
    (c"__imatmul__", c"imatmul"),
    (c"__ior__", c"ior"),
    (c"__ipow__", c"ipow"),
    (c"__irshift__", c"irshift"),
    (c"__isub__", c"isub"),
    (c"__itruediv__", c"itruediv"),
    (c"__ixor__", c"ixor"),
];

/// Makes the `_operator` module (a new reference), or NULL with the
/// error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: static types readied before use; NUL-terminated names; the
    // static table outlives the module.
    unsafe {
        for ty in [&ITEMGETTER_TYPE, &ATTRGETTER_TYPE, &METHODCALLER_TYPE] {
            if PyType_Ready(ty.get()) < 0 {
                return ptr::null_mut();
            }
        }
        let Some(m) = Owned::new(PyModule_New(c"_operator".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(m.as_ptr(), MODULE_DOC.as_ptr()) < 0
            || PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        for (name, ty) in [
            (c"itemgetter", &ITEMGETTER_TYPE),
            (c"attrgetter", &ATTRGETTER_TYPE),
            (c"methodcaller", &METHODCALLER_TYPE),
        ] {
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), ty.get().cast()) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

/// Makes the `operator` module over the live `_operator` module `base`
/// (a new reference), or NULL with the error: `Lib/operator.py` after
/// its `from _operator import *`, so its functions are `_operator`'s
/// own objects.
///
/// # Safety
/// `base` the live `_operator` module.
pub(crate) unsafe fn operator_module(base: *mut PyObject) -> *mut PyObject {
    use crate::objects::listobject::{PyList_New, PyList_SetItem};
    // SAFETY: per the contract; NUL-terminated names.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"operator".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(m.as_ptr(), MODULE_DOC.as_ptr()) < 0 {
            return ptr::null_mut();
        }
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
        // `from builtins import abs as _abs`.
        let Some(builtins) = crate::python::import::loaded_module("builtins") else {
            return ptr::null_mut();
        };
        let Some(abs) = Owned::new(PyObject_GetAttrString(builtins.as_ptr(), c"abs".as_ptr()))
        else {
            return ptr::null_mut();
        };
        if PyModule_AddObjectRef(m.as_ptr(), c"_abs".as_ptr(), abs.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        let copies = ALL.iter().map(|n| (*n, *n)).chain(DUNDERS);
        for (name, source) in copies {
            let Some(obj) = Owned::new(PyObject_GetAttrString(base, source.as_ptr())) else {
                return ptr::null_mut();
            };
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), obj.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
