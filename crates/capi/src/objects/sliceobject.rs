//! `slice` (CPython's `Objects/sliceobject.c`), with CPython's layout
//! (`PySliceObject`: the header, then `start`, `stop`, `step`): making
//! slices, reading them as C indices (`PySlice_Unpack`,
//! `PySlice_AdjustIndices`, `PySlice_GetIndicesEx`, the old
//! `PySlice_GetIndices`), and the object's own behaviour -- `repr`, the
//! read-only `start` / `stop` / `step` members, comparison as the tuple
//! `(start, stop, step)`, and no hash (3.11's slices are unhashable).
//! Calling `slice(...)` makes one. Not provided: `slice.indices()`.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{_PyObject_GC_New, PyObject_GC_Del, gc_track, gc_untrack};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_HashNotImplemented,
    PyObject_RichCompare, not_implemented, py_none, repr, type_of,
};
use crate::objects::typeobject::PyType_Type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// `PySliceObject`: CPython's layout. Each field is a strong reference
/// (None when omitted).
#[repr(C)]
pub struct PySliceObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The start, or None.
    pub start: *mut PyObject,
    /// The stop, or None.
    pub stop: *mut PyObject,
    /// The step, or None.
    pub step: *mut PyObject,
}

unsafe extern "C" fn slice_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced slice.
    unsafe {
        gc_untrack(op);
        let s = op.cast::<PySliceObject>();
        Py_DecRef((*s).start);
        Py_DecRef((*s).stop);
        Py_DecRef((*s).step);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn slice_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live slice; `visit` is the caller's visitor.
    unsafe {
        let s = op.cast::<PySliceObject>();
        for o in [(*s).start, (*s).stop, (*s).step] {
            if !o.is_null() {
                let r = visit(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

/// `repr(slice)`: `slice(1, None, -1)`.
unsafe extern "C" fn slice_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live slice; each field is a live object.
    unsafe {
        let s = op.cast::<PySliceObject>();
        let mut parts = Vec::with_capacity(3);
        for o in [(*s).start, (*s).stop, (*s).step] {
            match repr(o) {
                Some(r) => parts.push(r),
                None => return ptr::null_mut(),
            }
        }
        unicode_from_str(&format!("slice({})", parts.join(", ")))
    }
}

/// The fields of a slice as a new tuple.
///
/// # Safety
/// `op` must be a live slice.
unsafe fn as_tuple(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let s = op.cast::<PySliceObject>();
        crate::objects::tupleobject::tuple_from_slice(&[(*s).start, (*s).stop, (*s).step])
    }
}

/// `tp_richcompare`: slices compare as their `(start, stop, step)`
/// tuples; anything else is `NotImplemented`.
unsafe extern "C" fn slice_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands from the comparison machinery.
    unsafe {
        if !is_slice(v) || !is_slice(w) {
            return not_implemented();
        }
        if v == w {
            let same = matches!(op, Py_EQ | Py_LE | Py_GE);
            return crate::objects::boolobject::bool_from_bool(same);
        }
        let t1 = as_tuple(v);
        if t1.is_null() {
            return ptr::null_mut();
        }
        let t2 = as_tuple(w);
        if t2.is_null() {
            Py_DecRef(t1);
            return ptr::null_mut();
        }
        let r = PyObject_RichCompare(t1, t2, op);
        Py_DecRef(t1);
        Py_DecRef(t2);
        r
    }
}

const fn member(name: &'static std::ffi::CStr, offset: usize) -> PyMemberDef {
    PyMemberDef::new(name, T_OBJECT, offset, READONLY)
}

static SLICE_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    member(c"start", offset_of!(PySliceObject, start)),
    member(c"stop", offset_of!(PySliceObject, stop)),
    member(c"step", offset_of!(PySliceObject, step)),
    PyMemberDef::zeroed(),
]);

/// `slice.__reduce__()`: `(type(s), (start, stop, step))`.
unsafe extern "C" fn slice_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a method call on a live slice, whose parts are live.
    unsafe {
        let sl = op.cast::<PySliceObject>();
        let args =
            crate::objects::tupleobject::tuple_from_slice(&[(*sl).start, (*sl).stop, (*sl).step]);
        if args.is_null() {
            return args;
        }
        let r = crate::objects::tupleobject::tuple_from_slice(&[type_of(op).cast(), args]);
        Py_DecRef(args);
        r
    }
}

static SLICE_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    crate::python::clinic::method(c"indices", slice_indices, METH_O),
    crate::python::clinic::method(c"__reduce__", slice_reduce, METH_NOARGS),
    crate::python::clinic::METHOD_END,
]);

/// CPython's `evaluate_slice_index`: a part of a slice as an exact `int`
/// value, or the "slice indices must be integers..." `TypeError`.
///
/// # Safety
/// `v` must be a live object.
unsafe fn slice_part_value(v: *mut PyObject) -> Option<crate::objects::longobject::Int> {
    // SAFETY: per the contract; the index is released after reading it.
    unsafe {
        if crate::objects::r#abstract::PyIndex_Check(v) == 0 {
            errors::raise(
                Exc::TypeError,
                "slice indices must be integers or None or have an __index__ method",
            );
            return None;
        }
        let i = crate::objects::r#abstract::PyNumber_Index(v);
        if i.is_null() {
            return None;
        }
        let value = crate::objects::longobject::int_of(i);
        Py_DecRef(i);
        Some(value)
    }
}

/// `slice.indices(length)`: `(start, stop, step)` for a sequence of
/// `length` items, as CPython's `_PySlice_GetLongIndices` computes them:
/// in arbitrary precision (no clamping to `Py_ssize_t`), negatives
/// counted from the end, then clamped to the bounds the step's direction
/// allows.
unsafe extern "C" fn slice_indices(op: *mut PyObject, len: *mut PyObject) -> *mut PyObject {
    use crate::objects::longobject::{Int, int_of, long_from_int};
    use num_bigint::BigInt;
    // SAFETY: a live slice and a live argument; every new reference is
    // released.
    unsafe {
        let length = crate::objects::r#abstract::PyNumber_Index(len);
        if length.is_null() {
            return ptr::null_mut();
        }
        let length_value = int_of(length);
        Py_DecRef(length);
        if length_value.is_negative() {
            return errors::fail_null(Exc::ValueError, "length should not be negative");
        }
        let length = length_value.to_big();
        let s = op.cast::<PySliceObject>();
        let none = crate::objects::object::py_none();
        let step = if (*s).step == none {
            BigInt::from(1)
        } else {
            let Some(step) = slice_part_value((*s).step) else {
                return ptr::null_mut();
            };
            if step.is_zero() {
                return errors::fail_null(Exc::ValueError, "slice step cannot be zero");
            }
            step.to_big()
        };
        let negative_step = step < BigInt::from(0);
        let (lower, upper) = if negative_step {
            (BigInt::from(-1), &length - 1)
        } else {
            (BigInt::from(0), length.clone())
        };
        let bound = |part: *mut PyObject, default: &BigInt| -> Option<BigInt> {
            if part == none {
                return Some(default.clone());
            }
            let v = slice_part_value(part)?.to_big();
            Some(if v < BigInt::from(0) {
                (v + &length).max(lower.clone())
            } else {
                v.min(upper.clone())
            })
        };
        let Some(start) = bound((*s).start, if negative_step { &upper } else { &lower }) else {
            return ptr::null_mut();
        };
        let Some(stop) = bound((*s).stop, if negative_step { &lower } else { &upper }) else {
            return ptr::null_mut();
        };
        let parts = [
            long_from_int(&Int::from_big(start)),
            long_from_int(&Int::from_big(stop)),
            long_from_int(&Int::from_big(step)),
        ];
        let result = if parts.iter().any(|p| p.is_null()) {
            ptr::null_mut()
        } else {
            crate::objects::tupleobject::tuple_from_slice(&parts)
        };
        for p in parts {
            Py_DecRef(p);
        }
        result
    }
}

/// `PySlice_Type`: `slice`.
#[unsafe(no_mangle)]
pub static PySlice_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"slice".as_ptr();
    ty.tp_basicsize = size_of::<PySliceObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(slice_dealloc);
    ty.tp_repr = Some(slice_repr);
    ty.tp_hash = Some(PyObject_HashNotImplemented);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(slice_traverse);
    ty.tp_richcompare = Some(slice_richcompare);
    ty.tp_members = SLICE_MEMBERS.get().cast();
    ty.tp_methods = SLICE_METHODS.get().cast();
    ty.tp_free = Some(PyObject_GC_Del);
    ty.tp_new = Some(slice_new);
    ty
});

/// `slice(stop)` / `slice(start, stop[, step])` (`tp_new`).
///
/// Fails (NULL) with `TypeError("slice() takes no keyword arguments")` or
/// `TypeError("slice expected at least 1 argument, got 0")` (at most 3).
unsafe extern "C" fn slice_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{get, size};
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: `args` a tuple and `kwds` NULL or a dict (tp_new's contract).
    unsafe {
        if _PyArg_NoKeywords(c"slice".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = size(args);
        if _PyArg_CheckPositional(c"slice".as_ptr(), n, 1, 3) == 0 {
            return ptr::null_mut();
        }
        let arg = |i: Py_ssize_t| if i < n { get(args, i) } else { ptr::null_mut() };
        if n == 1 {
            PySlice_New(ptr::null_mut(), arg(0), ptr::null_mut())
        } else {
            PySlice_New(arg(0), arg(1), arg(2))
        }
    }
}

/// Whether `op` is a slice (the type cannot be subclassed).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_slice(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(op) == PySlice_Type.get() }
}

/// The items a slice `key` selects in a sequence of `len` items, as the
/// built-in sequences' `mp_subscript` reads them (`PySlice_Unpack`, then
/// `PySlice_AdjustIndices`): `(start, step, count)`, the item indices being
/// `start + k * step` for `k < count`. None when `key` is not a slice;
/// `Some(None)` with the error set when the slice is bad (a zero step is
/// `ValueError("slice step cannot be zero")`, a bound that is not an
/// integer a `TypeError`).
///
/// # Safety
/// `key` must be a live object.
pub(crate) unsafe fn selection(
    key: *mut PyObject,
    len: Py_ssize_t,
) -> Option<Option<(Py_ssize_t, Py_ssize_t, Py_ssize_t)>> {
    // SAFETY: live per the contract.
    let parts = unsafe { unpacked(key) }?;
    Some(parts.map(|parts| {
        let fitted = parts.fit(len);
        (fitted.start, fitted.step, fitted.count)
    }))
}

/// A slice read as C indices ([`PySlice_Unpack`]) but not yet fitted to a
/// length: what the built-in sequences' `mp_ass_subscript` keep, because
/// converting the assigned value may run code that resizes the target, and
/// then the same parts are fitted again (no second `__index__` call).
#[derive(Clone, Copy)]
pub(crate) struct SliceParts {
    start: Py_ssize_t,
    stop: Py_ssize_t,
    step: Py_ssize_t,
}

/// [`SliceParts`] fitted to a length ([`PySlice_AdjustIndices`]): the
/// selected indices are `start + k * step` for `k < count`; `stop` as
/// CPython leaves it (needed to place an insertion for `step == 1`).
#[derive(Clone, Copy)]
pub(crate) struct FittedSlice {
    pub start: Py_ssize_t,
    pub stop: Py_ssize_t,
    pub step: Py_ssize_t,
    pub count: Py_ssize_t,
}

impl SliceParts {
    /// The parts fitted to a sequence of `len` items.
    pub(crate) fn fit(self, len: Py_ssize_t) -> FittedSlice {
        let (mut start, mut stop) = (self.start, self.stop);
        // SAFETY: the outputs are locals.
        let count = unsafe { PySlice_AdjustIndices(len, &mut start, &mut stop, self.step) };
        FittedSlice {
            start,
            stop,
            step: self.step,
            count,
        }
    }
}

/// `key` read with [`PySlice_Unpack`]: None when `key` is not a slice;
/// `Some(None)` with the error set when it is a bad one.
///
/// # Safety
/// `key` must be a live object.
pub(crate) unsafe fn unpacked(key: *mut PyObject) -> Option<Option<SliceParts>> {
    // SAFETY: live per the contract.
    if !unsafe { is_slice(key) } {
        return None;
    }
    let (mut start, mut stop, mut step) = (0, 0, 0);
    // SAFETY: a slice; the outputs are locals.
    if unsafe { PySlice_Unpack(key, &mut start, &mut stop, &mut step) } < 0 {
        return Some(None);
    }
    Some(Some(SliceParts { start, stop, step }))
}

/// `PySlice_New(start, stop, step)`: a new slice; a NULL part is None.
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// Each argument must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySlice_New(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a static type.
    let op = unsafe { _PyObject_GC_New(PySlice_Type.get()) };
    if op.is_null() {
        return ptr::null_mut();
    }
    let or_none = |o: *mut PyObject| if o.is_null() { py_none() } else { o };
    // SAFETY: a fresh PySliceObject; each part is live per the contract.
    unsafe {
        let s = op.cast::<PySliceObject>();
        for (field, value) in [
            (&raw mut (*s).start, or_none(start)),
            (&raw mut (*s).stop, or_none(stop)),
            (&raw mut (*s).step, or_none(step)),
        ] {
            Py_IncRef(value);
            *field = value;
        }
    }
    gc_track(op);
    op
}

/// CPython's `_PyEval_SliceIndex`: an index as a `Py_ssize_t`, clamped to
/// its range (None is handled by the caller). Err with `TypeError("slice
/// indices must be integers or None or have an __index__ method")` or the
/// `__index__` error set.
///
/// # Safety
/// `v` must be a live object.
pub(crate) unsafe fn slice_index(v: *mut PyObject) -> Result<Py_ssize_t, ()> {
    // SAFETY: per the contract.
    unsafe {
        if crate::objects::r#abstract::PyIndex_Check(v) == 0 {
            errors::raise(
                Exc::TypeError,
                "slice indices must be integers or None or have an __index__ method",
            );
            return Err(());
        }
        let x = crate::objects::r#abstract::PyNumber_AsSsize_t(v, ptr::null_mut());
        if x == -1 && !errors::PyErr_Occurred().is_null() {
            return Err(());
        }
        Ok(x)
    }
}

/// `PySlice_Unpack(slice, &start, &stop, &step)`: the slice's parts as C
/// indices, before adjusting to a length: each clamped to the
/// `Py_ssize_t` range; an omitted step is 1, an omitted start 0 (the
/// largest index for a negative step), an omitted stop the largest index
/// (the smallest for a negative step); a step below `-PY_SSIZE_T_MAX`
/// becomes that. 0, or -1 with `ValueError("slice step cannot be zero")`,
/// the index `TypeError`, or `SystemError` for a non-slice.
///
/// # Safety
/// `slice` must be NULL or a live object; the out pointers writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySlice_Unpack(
    slice: *mut PyObject,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if slice.is_null()
            || !is_slice(slice)
            || start.is_null()
            || stop.is_null()
            || step.is_null()
        {
            return errors::bad_internal_call();
        }
        let s = slice.cast::<PySliceObject>();
        let none = py_none();
        let st = if (*s).step == none {
            1
        } else {
            let Ok(v) = slice_index((*s).step) else {
                return -1;
            };
            if v == 0 {
                return errors::fail(Exc::ValueError, "slice step cannot be zero");
            }
            v.max(-Py_ssize_t::MAX)
        };
        let begin = if (*s).start == none {
            if st < 0 { Py_ssize_t::MAX } else { 0 }
        } else {
            let Ok(v) = slice_index((*s).start) else {
                return -1;
            };
            v
        };
        let end = if (*s).stop == none {
            if st < 0 {
                Py_ssize_t::MIN
            } else {
                Py_ssize_t::MAX
            }
        } else {
            let Ok(v) = slice_index((*s).stop) else {
                return -1;
            };
            v
        };
        *step = st;
        *start = begin;
        *stop = end;
    }
    0
}

/// `PySlice_AdjustIndices(length, &start, &stop, step)`: fits unpacked
/// indices to a sequence of `length` items as Python's slicing does
/// (negative indices count from the end, then clamp) and returns how many
/// items the slice selects. Never fails; `step` must not be 0.
///
/// # Safety
/// `start` and `stop` must be readable and writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySlice_AdjustIndices(
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: Py_ssize_t,
) -> Py_ssize_t {
    let fit = |i: Py_ssize_t| -> Py_ssize_t {
        if i < 0 {
            let j = i + length;
            if j < 0 {
                if step < 0 { -1 } else { 0 }
            } else {
                j
            }
        } else if i >= length {
            if step < 0 { length - 1 } else { length }
        } else {
            i
        }
    };
    // SAFETY: per the contract.
    unsafe {
        *start = fit(*start);
        *stop = fit(*stop);
        if step < 0 {
            if *stop < *start {
                return (*start - *stop - 1) / (-step) + 1;
            }
        } else if *start < *stop {
            return (*stop - *start - 1) / step + 1;
        }
    }
    0
}

/// `PySlice_GetIndicesEx(slice, length, &start, &stop, &step, &slicelength)`:
/// [`PySlice_Unpack`] then [`PySlice_AdjustIndices`]. 0, or -1 (with the
/// unpacking error; `slicelength` then 0).
///
/// # Safety
/// As the two functions; all out pointers writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySlice_GetIndicesEx(
    slice: *mut PyObject,
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
    slicelength: *mut Py_ssize_t,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        if PySlice_Unpack(slice, start, stop, step) < 0 {
            if !slicelength.is_null() {
                *slicelength = 0;
            }
            return -1;
        }
        *slicelength = PySlice_AdjustIndices(length, start, stop, *step);
    }
    0
}

/// `PySlice_GetIndices(slice, length, &start, &stop, &step)`: the old
/// interface. Every part must be an int or None; negative start and stop
/// count from the end, without clamping. -1, with no error set, when a part
/// is not an int, the stop is past `length`, the start at or past it, or
/// the step 0 (as in CPython).
///
/// # Safety
/// `slice` must be NULL or a live object; the out pointers writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySlice_GetIndices(
    slice: *mut PyObject,
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if slice.is_null() || !is_slice(slice) {
            return errors::bad_internal_call();
        }
        let s = slice.cast::<PySliceObject>();
        let none = py_none();
        let as_int = |o: *mut PyObject| -> Option<Py_ssize_t> {
            if (*type_of(o)).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
                Some(crate::objects::longobject::PyLong_AsSsize_t(o))
            } else {
                None
            }
        };
        let st = if (*s).step == none {
            1
        } else {
            match as_int((*s).step) {
                Some(v) => v,
                None => return -1,
            }
        };
        let b = if (*s).start == none {
            if st < 0 { length - 1 } else { 0 }
        } else {
            match as_int((*s).start) {
                Some(v) if v < 0 => v + length,
                Some(v) => v,
                None => return -1,
            }
        };
        let e = if (*s).stop == none {
            if st < 0 { -1 } else { length }
        } else {
            match as_int((*s).stop) {
                Some(v) if v < 0 => v + length,
                Some(v) => v,
                None => return -1,
            }
        };
        *step = st;
        *start = b;
        *stop = e;
        if e > length || b >= length || st == 0 {
            return -1;
        }
    }
    0
}
