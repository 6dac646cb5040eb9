//! `range` (CPython's `Objects/rangeobject.c`): the type, its iterators
//! (`range_iterator` over C longs, `longrange_iterator` over ints of any
//! size), and `PyRange_Type`.
//!
//! As in CPython, a range keeps `start`, `stop`, `step` and its length as
//! `int` objects, so its bounds may be of any size: indexing, slicing,
//! `in`, `count` and `index` work on them with int arithmetic, and only
//! `len()` of a range longer than `PY_SSIZE_T_MAX` raises `OverflowError`.

use std::ffi::{c_int, c_long};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{
    PyIndex_Check, PyNumber_Add, PyNumber_FloorDivide, PyNumber_Index, PyNumber_Multiply,
    PyNumber_Negative, PyNumber_Remainder, PyNumber_Subtract, PyObject_GetIter,
};
use crate::objects::boolobject::{PyBool_Type, bool_from_bool};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{
    PyLong_AsLong, PyLong_AsSsize_t, PyLong_FromLong, PyLong_FromSsize_t, PyLong_Type,
};
use crate::objects::object::{
    Owned, PyObject_Hash, PyObject_IsTrue, PyObject_Not, PyObject_RichCompareBool, not_implemented,
    py_none, repr, tp_name, type_of,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::sliceobject::{PySlice_Type, PySliceObject};
use crate::objects::tupleobject::tuple_from_slice;
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// CPython's `rangeobject`.
#[repr(C)]
struct RangeObject {
    ob_base: PyObject,
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
    length: *mut PyObject,
}

/// `PyRange_Type`: `range`.
#[unsafe(no_mangle)]
pub static PyRange_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"range",
        size_of::<RangeObject>(),
        Py_TPFLAGS_SEQUENCE,
        range_dealloc,
    );
    ty.tp_repr = Some(range_repr);
    ty.tp_hash = Some(range_hash);
    ty.tp_richcompare = Some(range_richcompare);
    ty.tp_iter = Some(range_iter);
    ty.tp_new = Some(range_new);
    ty.tp_as_number = &raw const RANGE_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_as_sequence = &raw const RANGE_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const RANGE_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_members = RANGE_MEMBERS.get().cast();
    ty.tp_methods = RANGE_METHODS.get().cast();
    ty.tp_doc = c"range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\nReturn an object that produces a sequence of integers from start (inclusive)\nto stop (exclusive) by step.".as_ptr();
    ty
});

static RANGE_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_bool: Some(range_bool),
    ..PyNumberMethods::empty()
};

static RANGE_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(range_length),
    sq_item: Some(range_item),
    sq_contains: Some(range_contains),
    ..PySequenceMethods::empty()
};

static RANGE_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(range_length),
    mp_subscript: Some(range_subscript),
    mp_ass_subscript: None,
};

const fn member(name: &'static std::ffi::CStr, offset: usize) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_code: T_OBJECT,
        offset: offset as Py_ssize_t,
        flags: READONLY,
        doc: ptr::null(),
    }
}

static RANGE_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    member(c"start", std::mem::offset_of!(RangeObject, start)),
    member(c"stop", std::mem::offset_of!(RangeObject, stop)),
    member(c"step", std::mem::offset_of!(RangeObject, step)),
    PyMemberDef {
        name: ptr::null(),
        type_code: 0,
        offset: 0,
        flags: 0,
        doc: ptr::null(),
    },
]);

const fn method(name: &'static std::ffi::CStr, f: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

static RANGE_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    method(c"__reversed__", range_reversed, METH_NOARGS),
    method(c"__reduce__", range_reduce, METH_VARARGS),
    method(c"count", range_count, METH_O),
    method(c"index", range_index, METH_O),
    PyMethodDef {
        ml_name: ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: ptr::null(),
    },
]);

// ==========================================================================
// int arithmetic
// ==========================================================================

fn int(v: c_long) -> Option<Owned> {
    Owned::new(PyLong_FromLong(v))
}

/// Wraps a new reference (or NULL, the error set).
fn own(op: *mut PyObject) -> Option<Owned> {
    Owned::new(op)
}

/// `a op b` as a bool, or None with the error set.
///
/// # Safety
/// Both must be live.
unsafe fn cmp(a: *mut PyObject, b: *mut PyObject, op: c_int) -> Option<bool> {
    // SAFETY: per the contract.
    match unsafe { PyObject_RichCompareBool(a, b, op) } {
        r if r < 0 => None,
        r => Some(r == 1),
    }
}

/// The range object of a live `range`.
fn r(op: *mut PyObject) -> *mut RangeObject {
    op.cast()
}

// ==========================================================================
// Making ranges
// ==========================================================================

/// The number of items of `range(start, stop, step)` (CPython's
/// `compute_range_length`).
///
/// # Safety
/// All three must be live ints; `step` nonzero.
unsafe fn compute_length(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        let zero = int(0)?;
        let (lo, hi, step) = if cmp(step, zero.as_ptr(), Py_GT)? {
            (start, stop, Owned::borrowed(step))
        } else {
            (stop, start, own(PyNumber_Negative(step))?)
        };
        if cmp(lo, hi, Py_GE)? {
            return Some(zero);
        }
        let one = int(1)?;
        let diff = own(PyNumber_Subtract(hi, lo))?;
        let diff = own(PyNumber_Subtract(diff.as_ptr(), one.as_ptr()))?;
        let q = own(PyNumber_FloorDivide(diff.as_ptr(), step.as_ptr()))?;
        own(PyNumber_Add(q.as_ptr(), one.as_ptr()))
    }
}

/// A new range of `ty` over the three ints, whose references it takes.
///
/// # Safety
/// All three must be ints; `step` nonzero.
unsafe fn make_range(
    ty: *mut PyTypeObject,
    start: Owned,
    stop: Owned,
    step: Owned,
) -> *mut PyObject {
    // SAFETY: per the contract; the object is fresh and its fields set
    // before anyone sees it.
    unsafe {
        let Some(length) = compute_length(start.as_ptr(), stop.as_ptr(), step.as_ptr()) else {
            return ptr::null_mut();
        };
        let op = crate::objects::object::_PyObject_New(ty);
        if op.is_null() {
            return op;
        }
        let ro = r(op);
        (*ro).start = start.into_raw();
        (*ro).stop = stop.into_raw();
        (*ro).step = step.into_raw();
        (*ro).length = length.into_raw();
        op
    }
}

/// `range(stop)`, `range(start, stop[, step])`.
unsafe extern "C" fn range_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live type, a tuple of arguments and NULL or a dict.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"range".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = crate::objects::tupleobject::PyTuple_Size(args);
        let arg = |i| crate::objects::tupleobject::PyTuple_GetItem(args, i);
        let parts = match n {
            0 => {
                return errors::fail_null(
                    Exc::TypeError,
                    "range expected at least 1 argument, got 0",
                );
            }
            1 => own(PyNumber_Index(arg(0))).and_then(|stop| Some((int(0)?, stop, int(1)?))),
            2 | 3 => (|| {
                let start = own(PyNumber_Index(arg(0)))?;
                let stop = own(PyNumber_Index(arg(1)))?;
                let step = if n == 3 {
                    let step = own(PyNumber_Index(arg(2)))?;
                    let zero = int(0)?;
                    if cmp(step.as_ptr(), zero.as_ptr(), Py_EQ)? {
                        errors::raise(Exc::ValueError, "range() arg 3 must not be zero");
                        return None;
                    }
                    step
                } else {
                    int(1)?
                };
                Some((start, stop, step))
            })(),
            _ => {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("range expected at most 3 arguments, got {n}"),
                );
            }
        };
        match parts {
            Some((start, stop, step)) => make_range(ty, start, stop, step),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn range_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced range owning its four ints.
    unsafe {
        let ro = r(op);
        crate::objects::object::Py_DecRef((*ro).start);
        crate::objects::object::Py_DecRef((*ro).stop);
        crate::objects::object::Py_DecRef((*ro).step);
        crate::objects::object::Py_DecRef((*ro).length);
        PyObject_Free(op.cast());
    }
}

// ==========================================================================
// The sequence
// ==========================================================================

/// `len(range)`: `OverflowError` past `PY_SSIZE_T_MAX`.
unsafe extern "C" fn range_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live range.
    unsafe { PyLong_AsSsize_t((*r(op)).length) }
}

unsafe extern "C" fn range_bool(op: *mut PyObject) -> c_int {
    // SAFETY: a live range.
    unsafe { PyObject_IsTrue((*r(op)).length) }
}

/// `start + i * step` (CPython's `compute_item`).
///
/// # Safety
/// `op` a live range, `i` a live int.
unsafe fn compute_item(op: *mut PyObject, i: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        let ro = r(op);
        let one = int(1)?;
        if cmp((*ro).step, one.as_ptr(), Py_EQ)? {
            return own(PyNumber_Add((*ro).start, i));
        }
        let offset = own(PyNumber_Multiply(i, (*ro).step))?;
        own(PyNumber_Add((*ro).start, offset.as_ptr()))
    }
}

/// Item `i` (an int, negative counting from the end);
/// `IndexError("range object index out of range")`.
///
/// # Safety
/// `op` a live range, `i` a live int.
unsafe fn compute_range_item(op: *mut PyObject, i: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    let item = unsafe {
        (|| {
            let length = (*r(op)).length;
            let zero = int(0)?;
            let i = if cmp(i, zero.as_ptr(), Py_LT)? {
                own(PyNumber_Add(length, i))?
            } else {
                Owned::borrowed(i)
            };
            if cmp(i.as_ptr(), zero.as_ptr(), Py_LT)? || cmp(i.as_ptr(), length, Py_GE)? {
                errors::raise(Exc::IndexError, "range object index out of range");
                return None;
            }
            compute_item(op, i.as_ptr())
        })()
    };
    item.map_or(ptr::null_mut(), Owned::into_raw)
}

unsafe extern "C" fn range_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    let Some(i) = own(PyLong_FromSsize_t(i)) else {
        return ptr::null_mut();
    };
    // SAFETY: a live range and int.
    unsafe { compute_range_item(op, i.as_ptr()) }
}

/// A slice bound as an int (CPython's `evaluate_slice_index`).
///
/// # Safety
/// `v` must be live.
unsafe fn slice_index(v: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        if PyIndex_Check(v) != 0 {
            return own(PyNumber_Index(v));
        }
        errors::raise(
            Exc::TypeError,
            "slice indices must be integers or None or have an __index__ method",
        );
        None
    }
}

/// A slice's `(start, stop, step)` fitted to `length`, as ints of any
/// size (CPython's `_PySlice_GetLongIndices`).
///
/// # Safety
/// `slice` a live slice, `length` a live non-negative int.
unsafe fn long_indices(
    slice: *mut PyObject,
    length: *mut PyObject,
) -> Option<(Owned, Owned, Owned)> {
    // SAFETY: per the contract.
    unsafe {
        let s = slice.cast::<PySliceObject>();
        let zero = int(0)?;
        let step = if (*s).step == py_none() {
            int(1)?
        } else {
            let step = slice_index((*s).step)?;
            if cmp(step.as_ptr(), zero.as_ptr(), Py_EQ)? {
                errors::raise(Exc::ValueError, "slice step cannot be zero");
                return None;
            }
            step
        };
        let negative = cmp(step.as_ptr(), zero.as_ptr(), Py_LT)?;
        let (lower, upper) = if negative {
            let lower = int(-1)?;
            let upper = own(PyNumber_Add(length, lower.as_ptr()))?;
            (lower, upper)
        } else {
            (zero, Owned::borrowed(length))
        };
        let bound = |v: *mut PyObject, default: &Owned| -> Option<Owned> {
            if v == py_none() {
                return Some(Owned::borrowed(default.as_ptr()));
            }
            let v = slice_index(v)?;
            let zero = int(0)?;
            if cmp(v.as_ptr(), zero.as_ptr(), Py_LT)? {
                let v = own(PyNumber_Add(v.as_ptr(), length))?;
                if cmp(v.as_ptr(), lower.as_ptr(), Py_LT)? {
                    return Some(Owned::borrowed(lower.as_ptr()));
                }
                Some(v)
            } else if cmp(v.as_ptr(), upper.as_ptr(), Py_GT)? {
                Some(Owned::borrowed(upper.as_ptr()))
            } else {
                Some(v)
            }
        };
        let (start_default, stop_default) = if negative {
            (&upper, &lower)
        } else {
            (&lower, &upper)
        };
        let start = bound((*s).start, start_default)?;
        let stop = bound((*s).stop, stop_default)?;
        Some((start, stop, step))
    }
}

/// `range[slice]`: a range (CPython's `compute_slice`).
///
/// # Safety
/// `op` a live range, `slice` a live slice.
unsafe fn compute_slice(op: *mut PyObject, slice: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let ro = r(op);
        let parts = (|| {
            let (start, stop, step) = long_indices(slice, (*ro).length)?;
            let substep = own(PyNumber_Multiply((*ro).step, step.as_ptr()))?;
            let substart = compute_item(op, start.as_ptr())?;
            let substop = compute_item(op, stop.as_ptr())?;
            Some((substart, substop, substep))
        })();
        match parts {
            Some((a, b, c)) => make_range(type_of(op), a, b, c),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn range_subscript(op: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range and key.
    unsafe {
        if PyIndex_Check(item) != 0 {
            let Some(i) = own(PyNumber_Index(item)) else {
                return ptr::null_mut();
            };
            return compute_range_item(op, i.as_ptr());
        }
        if type_of(item) == PySlice_Type.get() {
            return compute_slice(op, item);
        }
        errors::fail_null(
            Exc::TypeError,
            format!(
                "range indices must be integers or slices, not {}",
                tp_name(type_of(item), 200)
            ),
        )
    }
}

/// Whether the int `ob` is in the range (CPython's `range_contains_long`).
///
/// # Safety
/// `op` a live range, `ob` a live int.
unsafe fn contains_long(op: *mut PyObject, ob: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe {
        let ro = r(op);
        let zero = int(0)?;
        let inside = if cmp((*ro).step, zero.as_ptr(), Py_GT)? {
            cmp((*ro).start, ob, Py_LE)? && cmp(ob, (*ro).stop, Py_LT)?
        } else {
            cmp(ob, (*ro).start, Py_LE)? && cmp((*ro).stop, ob, Py_LT)?
        };
        if !inside {
            return Some(false);
        }
        let d = own(PyNumber_Subtract(ob, (*ro).start))?;
        let m = own(PyNumber_Remainder(d.as_ptr(), (*ro).step))?;
        cmp(m.as_ptr(), zero.as_ptr(), Py_EQ)
    }
}

/// Whether `ob` is exactly an int or a bool: those are looked up by
/// arithmetic, anything else by iterating and comparing.
///
/// # Safety
/// `ob` must be live.
unsafe fn is_exact_int(ob: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    let t = unsafe { type_of(ob) };
    t == PyLong_Type.get() || t == PyBool_Type.get()
}

/// What CPython's `_PySequence_IterSearch` finds of `ob` in the range's
/// items: how many are equal, and the index of the first.
///
/// # Safety
/// `op` a live range, `ob` live.
unsafe fn iter_search(
    op: *mut PyObject,
    ob: *mut PyObject,
    stop_at_first: bool,
) -> Option<(Py_ssize_t, Option<Py_ssize_t>)> {
    // SAFETY: per the contract.
    unsafe {
        let it = own(PyObject_GetIter(op))?;
        let (mut count, mut first, mut i) = (0, None, 0);
        loop {
            let item = crate::objects::r#abstract::PyIter_Next(it.as_ptr());
            let Some(item) = own(item) else {
                if !errors::PyErr_Occurred().is_null() {
                    return None;
                }
                return Some((count, first));
            };
            if cmp(item.as_ptr(), ob, Py_EQ)? {
                count += 1;
                first.get_or_insert(i);
                if stop_at_first {
                    return Some((count, first));
                }
            }
            i += 1;
        }
    }
}

unsafe extern "C" fn range_contains(op: *mut PyObject, ob: *mut PyObject) -> c_int {
    // SAFETY: a live range and object.
    let found = unsafe {
        if is_exact_int(ob) {
            contains_long(op, ob)
        } else {
            iter_search(op, ob, true).map(|(n, _)| n > 0)
        }
    };
    found.map_or(-1, c_int::from)
}

/// `range.count(x)`.
unsafe extern "C" fn range_count(op: *mut PyObject, ob: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range and object.
    let n = unsafe {
        if is_exact_int(ob) {
            contains_long(op, ob).map(Py_ssize_t::from)
        } else {
            iter_search(op, ob, false).map(|(n, _)| n)
        }
    };
    n.map_or(ptr::null_mut(), |n| PyLong_FromSsize_t(n))
}

/// `range.index(x)`: `ValueError("x is not in range")`, or for a non-int
/// `ValueError("sequence.index(x): x not in sequence")`.
unsafe extern "C" fn range_index(op: *mut PyObject, ob: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range and object.
    unsafe {
        if !is_exact_int(ob) {
            return match iter_search(op, ob, true) {
                Some((_, Some(i))) => PyLong_FromSsize_t(i),
                Some(_) => {
                    errors::fail_null(Exc::ValueError, "sequence.index(x): x not in sequence")
                }
                None => ptr::null_mut(),
            };
        }
        match contains_long(op, ob) {
            None => ptr::null_mut(),
            Some(false) => match repr(ob) {
                Some(s) => errors::fail_null(Exc::ValueError, format!("{s} is not in range")),
                None => ptr::null_mut(),
            },
            Some(true) => {
                let ro = r(op);
                let idx = (|| {
                    let d = own(PyNumber_Subtract(ob, (*ro).start))?;
                    own(PyNumber_FloorDivide(d.as_ptr(), (*ro).step))
                })();
                idx.map_or(ptr::null_mut(), Owned::into_raw)
            }
        }
    }
}

// ==========================================================================
// Comparing, hashing, printing
// ==========================================================================

/// Whether two ranges hold the same items (CPython's `range_equals`).
///
/// # Safety
/// Both must be live ranges.
unsafe fn range_equals(a: *mut PyObject, b: *mut PyObject) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    // SAFETY: per the contract.
    unsafe {
        let (ra, rb) = (r(a), r(b));
        if !cmp((*ra).length, (*rb).length, Py_EQ)? {
            return Some(false);
        }
        if PyObject_Not((*ra).length) == 1 {
            return Some(true);
        }
        if !cmp((*ra).start, (*rb).start, Py_EQ)? {
            return Some(false);
        }
        let one = int(1)?;
        if cmp((*ra).length, one.as_ptr(), Py_EQ)? {
            return Some(true);
        }
        cmp((*ra).step, (*rb).step, Py_EQ)
    }
}

unsafe extern "C" fn range_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if type_of(b) != PyRange_Type.get() || (op != Py_EQ && op != Py_NE) {
            return not_implemented();
        }
        match range_equals(a, b) {
            Some(eq) => bool_from_bool(eq == (op == Py_EQ)),
            None => ptr::null_mut(),
        }
    }
}

/// The hash of `(len, start, step)`, with `start` and `step` None where
/// they do not matter (empty, or one item), as CPython's `range_hash`.
unsafe extern "C" fn range_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live range.
    unsafe {
        let ro = r(op);
        let none = py_none();
        let Some(one) = int(1) else {
            return -1;
        };
        let items = match PyObject_Not((*ro).length) {
            r if r < 0 => return -1,
            1 => [(*ro).length, none, none],
            _ => match PyObject_RichCompareBool((*ro).length, one.as_ptr(), Py_EQ) {
                r if r < 0 => return -1,
                1 => [(*ro).length, (*ro).start, none],
                _ => [(*ro).length, (*ro).start, (*ro).step],
            },
        };
        let Some(t) = own(tuple_from_slice(&items)) else {
            return -1;
        };
        PyObject_Hash(t.as_ptr())
    }
}

/// `range(start, stop)`, or `range(start, stop, step)` unless the step is
/// 1.
unsafe extern "C" fn range_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    unsafe {
        let ro = r(op);
        let step = crate::objects::r#abstract::PyNumber_AsSsize_t((*ro).step, ptr::null_mut());
        if step == -1 && !errors::PyErr_Occurred().is_null() {
            errors::PyErr_Clear();
        }
        let (Some(start), Some(stop)) = (repr((*ro).start), repr((*ro).stop)) else {
            return ptr::null_mut();
        };
        if step == 1 {
            return unicode_from_str(&format!("range({start}, {stop})"));
        }
        let Some(step) = repr((*ro).step) else {
            return ptr::null_mut();
        };
        unicode_from_str(&format!("range({start}, {stop}, {step})"))
    }
}

// ==========================================================================
// Iterators
// ==========================================================================

/// `range_iterator`: the items as C longs, `start + index * step` for
/// `index` in `0..len` (CPython 3.11's layout, which its `__reduce__` and
/// `__setstate__` expose).
#[repr(C)]
struct RangeIter {
    ob_base: PyObject,
    index: c_long,
    start: c_long,
    step: c_long,
    len: c_long,
}

/// `longrange_iterator`: the items as ints of any size, laid out as
/// [`RangeIter`].
#[repr(C)]
struct LongRangeIter {
    ob_base: PyObject,
    index: *mut PyObject,
    start: *mut PyObject,
    step: *mut PyObject,
    len: *mut PyObject,
}

/// `PyRangeIter_Type`: `range_iterator`.
#[unsafe(no_mangle)]
pub static PyRangeIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"range_iterator",
        size_of::<RangeIter>(),
        0,
        rangeiter_dealloc,
    );
    ty.tp_iter = Some(crate::objects::r#abstract::PyObject_SelfIter);
    ty.tp_iternext = Some(rangeiter_next);
    ty.tp_methods = RANGEITER_METHODS.get().cast();
    ty
});

/// `PyLongRangeIter_Type`: `longrange_iterator`.
#[unsafe(no_mangle)]
pub static PyLongRangeIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"longrange_iterator",
        size_of::<LongRangeIter>(),
        0,
        longrangeiter_dealloc,
    );
    ty.tp_iter = Some(crate::objects::r#abstract::PyObject_SelfIter);
    ty.tp_iternext = Some(longrangeiter_next);
    ty.tp_methods = LONGRANGEITER_METHODS.get().cast();
    ty
});

static RANGEITER_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    method(c"__length_hint__", rangeiter_len, METH_NOARGS),
    method(c"__reduce__", rangeiter_reduce, METH_NOARGS),
    method(c"__setstate__", rangeiter_setstate, METH_O),
    PyMethodDef::zeroed(),
]);

static LONGRANGEITER_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    method(c"__length_hint__", longrangeiter_len, METH_NOARGS),
    method(c"__reduce__", longrangeiter_reduce, METH_NOARGS),
    method(c"__setstate__", longrangeiter_setstate, METH_O),
    PyMethodDef::zeroed(),
]);

unsafe extern "C" fn rangeiter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced iterator.
    unsafe { PyObject_Free(op.cast()) }
}

unsafe extern "C" fn longrangeiter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced iterator owning its four ints.
    unsafe {
        let it = op.cast::<LongRangeIter>();
        for o in [(*it).index, (*it).start, (*it).step, (*it).len] {
            crate::objects::object::Py_DecRef(o);
        }
        PyObject_Free(op.cast());
    }
}

unsafe extern "C" fn rangeiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator.
    unsafe {
        let it = op.cast::<RangeIter>();
        let i = (*it).index;
        if i < (*it).len {
            (*it).index = i + 1;
            // In unsigned arithmetic, as CPython, so that no intermediate
            // overflows; the item itself fits (make_iter checked).
            let v = ((*it).start as u64).wrapping_add((i as u64).wrapping_mul((*it).step as u64));
            return PyLong_FromLong(v as c_long);
        }
        ptr::null_mut()
    }
}

unsafe extern "C" fn rangeiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator.
    PyLong_FromLong(unsafe { (*op.cast::<RangeIter>()).len - (*op.cast::<RangeIter>()).index })
}

/// `(iter, (range(start, start + len * step, step),), index)`: what both
/// range iterators' `__reduce__` return, exhausted or not.
///
/// # Safety
/// All four must be live ints.
unsafe fn range_iter_reduce(
    start: *mut PyObject,
    step: *mut PyObject,
    len: *mut PyObject,
    index: Owned,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let range = (|| {
            let product = own(PyNumber_Multiply(len, step))?;
            let stop = own(PyNumber_Add(start, product.as_ptr()))?;
            own(make_range(
                PyRange_Type.get(),
                Owned::borrowed(start),
                stop,
                Owned::borrowed(step),
            ))
        })();
        match range {
            Some(range) => crate::objects::iterobject::reduce_to(c"iter", range, Some(index)),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn rangeiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator.
    unsafe {
        let it = op.cast::<RangeIter>();
        let (Some(start), Some(step), Some(len), Some(index)) = (
            int((*it).start),
            int((*it).step),
            int((*it).len),
            int((*it).index),
        ) else {
            return ptr::null_mut();
        };
        range_iter_reduce(start.as_ptr(), step.as_ptr(), len.as_ptr(), index)
    }
}

/// `__setstate__(index)`: the index (any object with `__index__`, as
/// `PyLong_AsLong` takes it) clamped to `0..=len`.
unsafe extern "C" fn rangeiter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator and state.
    unsafe {
        let index = PyLong_AsLong(state);
        if index == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let it = op.cast::<RangeIter>();
        (*it).index = index.clamp(0, (*it).len);
        crate::objects::object::none()
    }
}

unsafe extern "C" fn longrangeiter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator owning its ints.
    unsafe {
        let it = op.cast::<LongRangeIter>();
        let next = (|| {
            if !cmp((*it).index, (*it).len, Py_LT)? {
                return None;
            }
            let one = int(1)?;
            let new_index = own(PyNumber_Add((*it).index, one.as_ptr()))?;
            let product = own(PyNumber_Multiply((*it).index, (*it).step))?;
            let result = own(PyNumber_Add((*it).start, product.as_ptr()))?;
            crate::objects::object::Py_DecRef(std::mem::replace(
                &mut (*it).index,
                new_index.into_raw(),
            ));
            Some(result)
        })();
        next.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

unsafe extern "C" fn longrangeiter_len(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator.
    unsafe {
        let it = op.cast::<LongRangeIter>();
        PyNumber_Subtract((*it).len, (*it).index)
    }
}

unsafe extern "C" fn longrangeiter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator owning its ints.
    unsafe {
        let it = op.cast::<LongRangeIter>();
        range_iter_reduce(
            (*it).start,
            (*it).step,
            (*it).len,
            Owned::borrowed((*it).index),
        )
    }
}

/// `__setstate__(index)`: `index` itself, raised to 0 and lowered to
/// `len` by comparison (so, as in CPython, any object that compares with
/// ints is taken).
unsafe extern "C" fn longrangeiter_setstate(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live iterator owning its ints, and a live state.
    unsafe {
        let it = op.cast::<LongRangeIter>();
        let Some(zero) = int(0) else {
            return ptr::null_mut();
        };
        let Some(below) = cmp(state, zero.as_ptr(), Py_LT) else {
            return ptr::null_mut();
        };
        let index = if below {
            zero
        } else {
            match cmp((*it).len, state, Py_LT) {
                None => return ptr::null_mut(),
                Some(true) => Owned::borrowed((*it).len),
                Some(false) => Owned::borrowed(state),
            }
        };
        crate::objects::object::Py_DecRef(std::mem::replace(&mut (*it).index, index.into_raw()));
        crate::objects::object::none()
    }
}

/// An iterator over `len` items from `start` by `step`: a
/// `range_iterator` when they fit C longs as CPython's `range_iter`
/// requires, else a `longrange_iterator`.
///
/// # Safety
/// All three must be live ints.
unsafe fn make_iter(
    start: *mut PyObject,
    step: *mut PyObject,
    len: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; the iterators are fresh.
    unsafe {
        let fits = |o: *mut PyObject| {
            let v = PyLong_AsLong(o);
            if v == -1 && !errors::PyErr_Occurred().is_null() {
                errors::PyErr_Clear();
                return None;
            }
            Some(v)
        };
        let fast = match (fits(start), fits(step), fits(len)) {
            (Some(a), Some(s), Some(n)) => {
                // The last item, start + (n - 1) * step, and the one past
                // it must fit too.
                let past = (n as i128) * (s as i128) + a as i128;
                (past >= c_long::MIN as i128 && past <= c_long::MAX as i128).then_some((a, s, n))
            }
            _ => None,
        };
        if let Some((a, s, n)) = fast {
            let it =
                crate::objects::object::_PyObject_New(PyRangeIter_Type.get()).cast::<RangeIter>();
            if !it.is_null() {
                (*it).index = 0;
                (*it).start = a;
                (*it).step = s;
                (*it).len = n;
            }
            return it.cast();
        }
        let Some(zero) = int(0) else {
            return ptr::null_mut();
        };
        let it = crate::objects::object::_PyObject_New(PyLongRangeIter_Type.get())
            .cast::<LongRangeIter>();
        if !it.is_null() {
            for o in [start, step, len] {
                crate::objects::object::Py_IncRef(o);
            }
            (*it).index = zero.into_raw();
            (*it).start = start;
            (*it).step = step;
            (*it).len = len;
        }
        it.cast()
    }
}

unsafe extern "C" fn range_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    unsafe {
        let ro = r(op);
        make_iter((*ro).start, (*ro).step, (*ro).length)
    }
}

/// `range.__reduce__()`: `(type(r), (start, stop, step))`, what pickle
/// and copy rebuild a range from (and what code that wants a range's three
/// numbers at once unpacks). METH_VARARGS with the arguments ignored, as
/// CPython declares it, so `__reduce__(1)` works too.
unsafe extern "C" fn range_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range, whose three fields are live ints.
    unsafe {
        let ro = r(op);
        let Some(args) = own(tuple_from_slice(&[(*ro).start, (*ro).stop, (*ro).step])) else {
            return ptr::null_mut();
        };
        tuple_from_slice(&[type_of(op).cast(), args.as_ptr()])
    }
}

/// `reversed(range)`: the items from `start + (len - 1) * step` by
/// `-step`.
unsafe extern "C" fn range_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live range.
    unsafe {
        let ro = r(op);
        let parts = (|| {
            let one = int(1)?;
            let last = own(PyNumber_Subtract((*ro).length, one.as_ptr()))?;
            let last = compute_item_unchecked(ro, last.as_ptr())?;
            let step = own(PyNumber_Negative((*ro).step))?;
            Some((last, step))
        })();
        match parts {
            Some((start, step)) => make_iter(start.as_ptr(), step.as_ptr(), (*ro).length),
            None => ptr::null_mut(),
        }
    }
}

/// `start + i * step` for any int `i`.
///
/// # Safety
/// `ro` a live range, `i` a live int.
unsafe fn compute_item_unchecked(ro: *mut RangeObject, i: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe { compute_item(ro.cast(), i) }
}
