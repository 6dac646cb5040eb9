//! `reversed` (`PyReversed_Type`, from CPython's `Objects/enumobject.c`):
//! what `reversed(seq)` returns for a sequence without `__reversed__`,
//! asking for `seq[len-1]`, `seq[len-2]`, … down to 0. Object proxies
//! (wrapt, lazy-object-proxy) call the type with the wrapped object. It
//! cannot be subclassed here. And `enumerate` (`PyEnum_Type`): pairs of a
//! running count and the items of an iterable.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{
    PySequence_Check, PySequence_GetItem, PySequence_Size, self_iter,
};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, alloc, none, py_none};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::{lookup_special, static_type};
use crate::python::clinic::static_parser;
use crate::python::errors;

// ==========================================================================
// enumerate
// ==========================================================================

/// An `enumerate` iterator: the underlying iterator and the next count,
/// as a machine integer while it fits and as an `int` object after
/// (`longindex` non-NULL), as CPython keeps it.
#[repr(C)]
struct EnumObject {
    ob_base: PyObject,
    index: Py_ssize_t,
    iter: *mut PyObject,
    longindex: *mut PyObject,
}

/// `PyEnum_Type`: `enumerate`.
#[unsafe(no_mangle)]
pub static PyEnum_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"enumerate", size_of::<EnumObject>(), 0, enum_dealloc);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(enum_next);
    ty.tp_new = Some(enum_new);
    ty.tp_methods = ENUM_METHODS.get().cast();
    ty
});

static ENUM_METHODS: StaticObject<[PyMethodDef; 2]> =
    StaticObject::new([method(c"__reduce__", enum_reduce, METH_NOARGS), METHOD_END]);

static_parser!(ENUM_KW = [c"iterable", c"start"]; ENUM_PARSER = c"enumerate");

unsafe extern "C" fn enum_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced EnumObject.
    unsafe {
        let e = op.cast::<EnumObject>();
        Py_DecRef((*e).iter);
        Py_DecRef((*e).longindex);
        PyObject_Free(op.cast());
    }
}

/// `enumerate(iterable, start=0)`: `start` must be an integer (through
/// `__index__`).
unsafe extern "C" fn enum_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{items, size};
    // SAFETY: tp_new's contract: a tuple and NULL or a dict; every new
    // reference is released or moved into the object.
    unsafe {
        // CPython's vectorcall path words this one without "(pos 1)".
        let no_kwds = kwds.is_null() || crate::objects::dictobject::PyDict_Size(kwds) == 0;
        if size(args) == 0 && no_kwds {
            return errors::fail_null(
                Exc::TypeError,
                "enumerate() missing required argument 'iterable'",
            );
        }
        let Some([iterable, start]) = crate::python::clinic::unpack_call::<2>(
            &ENUM_PARSER,
            items(args),
            size(args),
            kwds,
            ptr::null_mut(),
            1,
            2,
        ) else {
            return ptr::null_mut();
        };
        let mut index: Py_ssize_t = 0;
        let mut longindex = ptr::null_mut();
        if !start.is_null() {
            let s = crate::objects::r#abstract::PyNumber_Index(start);
            if s.is_null() {
                return ptr::null_mut();
            }
            index = crate::objects::longobject::PyLong_AsSsize_t(s);
            if index == -1 && !errors::PyErr_Occurred().is_null() {
                // Too big for a machine integer: count in ints.
                errors::PyErr_Clear();
                index = Py_ssize_t::MAX;
                longindex = s;
            } else {
                Py_DecRef(s);
            }
        }
        let iter = crate::objects::r#abstract::PyObject_GetIter(iterable);
        if iter.is_null() {
            Py_DecRef(longindex);
            return ptr::null_mut();
        }
        let op = alloc(ty, size_of::<EnumObject>());
        if op.is_null() {
            Py_DecRef(iter);
            Py_DecRef(longindex);
            return ptr::null_mut();
        }
        let e = op.cast::<EnumObject>();
        (*e).index = index;
        (*e).iter = iter;
        (*e).longindex = longindex;
        op
    }
}

/// `next(enumerate)`: `(count, item)`, or NULL when the iterator is done
/// (or failed).
unsafe extern "C" fn enum_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live EnumObject; every new reference is released or moved
    // into the result.
    unsafe {
        let e = op.cast::<EnumObject>();
        let it = (*e).iter;
        let Some(next) = (*crate::objects::object::type_of(it)).tp_iternext else {
            return ptr::null_mut();
        };
        let item = next(it);
        if item.is_null() {
            return ptr::null_mut();
        }
        let count = if (*e).index == Py_ssize_t::MAX {
            if (*e).longindex.is_null() {
                (*e).longindex = crate::objects::longobject::PyLong_FromSsize_t(Py_ssize_t::MAX);
                if (*e).longindex.is_null() {
                    Py_DecRef(item);
                    return ptr::null_mut();
                }
            }
            let one = crate::objects::longobject::PyLong_FromSsize_t(1);
            let following = if one.is_null() {
                ptr::null_mut()
            } else {
                crate::objects::r#abstract::PyNumber_Add((*e).longindex, one)
            };
            Py_DecRef(one);
            if following.is_null() {
                Py_DecRef(item);
                return ptr::null_mut();
            }
            // The current count goes into the result; the next is kept.
            std::mem::replace(&mut (*e).longindex, following)
        } else {
            let c = crate::objects::longobject::PyLong_FromSsize_t((*e).index);
            if c.is_null() {
                Py_DecRef(item);
                return ptr::null_mut();
            }
            (*e).index += 1;
            c
        };
        let pair = crate::objects::tupleobject::tuple_from_slice(&[count, item]);
        Py_DecRef(count);
        Py_DecRef(item);
        pair
    }
}

/// `enumerate.__reduce__()`: `(type, (iterator, count))`, the count as
/// the running `int` once past `Py_ssize_t`, as CPython's `enum_reduce`.
unsafe extern "C" fn enum_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::tuple_from_slice;
    // SAFETY: a live EnumObject; every new reference is released after
    // the tuple holding it is made.
    unsafe {
        let e = op.cast::<EnumObject>();
        let count = if (*e).longindex.is_null() {
            crate::objects::longobject::PyLong_FromSsize_t((*e).index)
        } else {
            Py_IncRef((*e).longindex);
            (*e).longindex
        };
        if count.is_null() {
            return ptr::null_mut();
        }
        let args = tuple_from_slice(&[(*e).iter, count]);
        Py_DecRef(count);
        if args.is_null() {
            return ptr::null_mut();
        }
        let r = tuple_from_slice(&[crate::objects::object::type_of(op).cast(), args]);
        Py_DecRef(args);
        r
    }
}

// ==========================================================================
// reversed
// ==========================================================================

/// A `reversed` iterator: the next index, counting down (-1 once done),
/// and the sequence (a strong reference, NULL once exhausted).
#[repr(C)]
struct ReversedObject {
    ob_base: PyObject,
    index: Py_ssize_t,
    seq: *mut PyObject,
}

const fn method(name: &'static CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

/// The end of a method table.
const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: ptr::null(),
};

static REVERSED_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    method(c"__length_hint__", reversed_length_hint, METH_NOARGS),
    method(c"__reduce__", reversed_reduce, METH_NOARGS),
    method(c"__setstate__", reversed_setstate, METH_O),
    METHOD_END,
]);

/// `PyReversed_Type`: `reversed`.
#[unsafe(no_mangle)]
pub static PyReversed_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"reversed",
        size_of::<ReversedObject>(),
        0,
        reversed_dealloc,
    );
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(reversed_next);
    ty.tp_new = Some(reversed_new);
    ty.tp_methods = REVERSED_METHODS.get().cast();
    ty
});

unsafe extern "C" fn reversed_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced ReversedObject.
    unsafe {
        Py_DecRef((*op.cast::<ReversedObject>()).seq);
        PyObject_Free(op.cast());
    }
}

/// `reversed(seq)`: `type(seq).__reversed__(seq)` when the type has one
/// (`None` there means "not reversible"), else an iterator over a sequence
/// from its last index.
///
/// Errors as CPython's: `TypeError("reversed() takes no keyword
/// arguments")`, `TypeError("reversed expected 1 argument, got N")`,
/// `TypeError("'T' object is not reversible")`, or what `__reversed__` or
/// `len()` raised.
unsafe extern "C" fn reversed_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{get, size};
    // SAFETY: `args` a tuple and `kwds` NULL or a dict (tp_new's contract);
    // `seq` is borrowed from `args`, live for the call.
    unsafe {
        if !kwds.is_null() && crate::objects::dictobject::PyDict_Size(kwds) > 0 {
            return errors::fail_null(Exc::TypeError, "reversed() takes no keyword arguments");
        }
        let nargs = size(args);
        if nargs != 1 {
            return errors::fail_null(
                Exc::TypeError,
                format!("reversed expected 1 argument, got {nargs}"),
            );
        }
        let seq = get(args, 0);
        match lookup_special(seq, "__reversed__") {
            Err(()) => return ptr::null_mut(),
            Ok(Some(meth)) => {
                if meth.as_ptr() == py_none() {
                    return not_reversible(seq);
                }
                return crate::objects::call::PyObject_CallNoArgs(meth.as_ptr());
            }
            Ok(None) => {}
        }
        if PySequence_Check(seq) == 0 {
            return not_reversible(seq);
        }
        let n = PySequence_Size(seq);
        if n == -1 {
            return ptr::null_mut();
        }
        let ro = alloc(PyReversed_Type.get(), size_of::<ReversedObject>());
        if !ro.is_null() {
            Py_IncRef(seq);
            (*ro.cast::<ReversedObject>()).index = n - 1;
            (*ro.cast::<ReversedObject>()).seq = seq;
        }
        ro
    }
}

/// `TypeError("'T' object is not reversible")`.
///
/// # Safety
/// `seq` must be a live object.
unsafe fn not_reversible(seq: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    let name = unsafe { crate::objects::r#abstract::type_name_200(seq) };
    errors::fail_null(Exc::TypeError, format!("'{name}' object is not reversible"))
}

/// `tp_iternext`: `seq[index]`, counting down. `IndexError` or
/// `StopIteration` from the sequence ends the iteration quietly; any end
/// (an error included) releases the sequence, as CPython does.
unsafe extern "C" fn reversed_next(op: *mut PyObject) -> *mut PyObject {
    let ro = op.cast::<ReversedObject>();
    // SAFETY: a live ReversedObject; its sequence is live while held.
    unsafe {
        let index = (*ro).index;
        if index >= 0 {
            let item = PySequence_GetItem((*ro).seq, index);
            if !item.is_null() {
                (*ro).index = index - 1;
                return item;
            }
            if errors::PyErr_ExceptionMatches(Exc::IndexError.type_object()) != 0
                || errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) != 0
            {
                errors::PyErr_Clear();
            }
        }
        (*ro).index = -1;
        let seq = std::mem::replace(&mut (*ro).seq, ptr::null_mut());
        Py_DecRef(seq);
        ptr::null_mut()
    }
}

/// `__length_hint__()`: how many items are left, never more than the
/// sequence now holds; 0 once exhausted.
unsafe extern "C" fn reversed_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let ro = op.cast::<ReversedObject>();
    // SAFETY: a live ReversedObject; its sequence is live while held.
    unsafe {
        if (*ro).seq.is_null() {
            return crate::objects::longobject::PyLong_FromSsize_t(0);
        }
        let n = PySequence_Size((*ro).seq);
        if n == -1 {
            return ptr::null_mut();
        }
        let position = (*ro).index + 1;
        crate::objects::longobject::PyLong_FromSsize_t(if n < position { 0 } else { position })
    }
}

/// `__reduce__()`: `(reversed, (seq,), index)`, or `(reversed, ((),))`
/// once exhausted.
unsafe extern "C" fn reversed_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use crate::objects::tupleobject::tuple_from_slice;
    let ro = op.cast::<ReversedObject>();
    // SAFETY: a live ReversedObject; each step checks for NULL.
    unsafe {
        let ty = PyReversed_Type.get().cast::<PyObject>();
        let (inner, state) = if (*ro).seq.is_null() {
            let empty = tuple_from_slice(&[]);
            if empty.is_null() {
                return ptr::null_mut();
            }
            let inner = tuple_from_slice(&[empty]);
            Py_DecRef(empty);
            (inner, ptr::null_mut())
        } else {
            let state = crate::objects::longobject::PyLong_FromSsize_t((*ro).index);
            if state.is_null() {
                return ptr::null_mut();
            }
            (tuple_from_slice(&[(*ro).seq]), state)
        };
        let r = if inner.is_null() {
            ptr::null_mut()
        } else if state.is_null() {
            tuple_from_slice(&[ty, inner])
        } else {
            tuple_from_slice(&[ty, inner, state])
        };
        Py_DecRef(inner);
        Py_DecRef(state);
        r
    }
}

/// `__setstate__(index)`: moves the iterator to `index`, clamped to
/// `-1..len(seq)`; ignored once exhausted.
unsafe extern "C" fn reversed_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    let ro = op.cast::<ReversedObject>();
    // SAFETY: a live ReversedObject and a live argument.
    unsafe {
        let index = crate::objects::longobject::PyLong_AsSsize_t(state);
        if index == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        if !(*ro).seq.is_null() {
            let n = PySequence_Size((*ro).seq);
            if n < 0 {
                return ptr::null_mut();
            }
            (*ro).index = index.clamp(-1, n - 1);
        }
        none()
    }
}
