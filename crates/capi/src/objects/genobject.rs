//! Generators (CPython's `Objects/genobject.c`): the `StopIteration`
//! plumbing by which a generator returns a value, and the generator,
//! coroutine and async generator types.
//!
//! No Python code runs in this library, so no `generator`, `coroutine` or
//! `async_generator` object can be made: the types exist (named
//! as CPython's, with no `tp_new`, so calling one raises CPython's
//! `TypeError("cannot create 'generator' instances")`), and
//! `PyGen_CheckExact` and its siblings answer 0 for every object. Code
//! generators bring their own generator types instead (Cython's
//! `__pyx_Generator`, made from a spec), which hand a `return` value to
//! their caller through [`_PyGen_SetStopIterationValue`] and take one
//! from a sub-iterator through `PyIter_Send` /
//! [`_PyGen_FetchStopIterationValue`].

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int};
use std::mem::size_of;

use crate::ffi::*;
use crate::objects::call::PyObject_CallOneArg;
use crate::objects::exceptions::{Exc, is_exception_instance};
use crate::objects::object::{Py_DecRef, Py_IncRef, py_none};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::is_tuple;
use crate::objects::typeobject::{PyObject_TypeCheck, static_type};
use crate::python::errors;

// ==========================================================================
// The types
// ==========================================================================

/// CPython's `_PyGenObject_HEAD` (`PyGenObject` without its frame): the
/// three types' `tp_basicsize`. No instance is ever made.
#[repr(C)]
struct GenObjectHead {
    ob_base: PyObject,
    code: *mut PyObject,
    weakreflist: *mut PyObject,
    name: *mut PyObject,
    qualname: *mut PyObject,
    exc_state: [*mut PyObject; 2],
    origin_or_finalizer: *mut PyObject,
    hooks_inited: u8,
    closed: u8,
    running_async: u8,
    frame_state: i8,
    iframe: [*mut PyObject; 1],
}

/// A generator-like type named `name`: iterable, not instantiable.
const fn gen_type(name: &'static CStr) -> PyTypeObject {
    static_type(name, size_of::<GenObjectHead>(), 0, gen_dealloc)
}

/// `tp_dealloc`. Never reached (no instance can be made); it frees the
/// memory as any object's would, should one ever exist.
unsafe extern "C" fn gen_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced object of one of these types.
    unsafe { PyObject_Free(op.cast()) }
}

/// `PyGen_Type`: `generator`.
#[unsafe(no_mangle)]
pub static PyGen_Type: StaticObject<PyTypeObject> = StaticObject::new(gen_type(c"generator"));

/// `PyCoro_Type`: `coroutine`.
#[unsafe(no_mangle)]
pub static PyCoro_Type: StaticObject<PyTypeObject> = StaticObject::new(gen_type(c"coroutine"));

/// `PyAsyncGen_Type`: `async_generator`.
#[unsafe(no_mangle)]
pub static PyAsyncGen_Type: StaticObject<PyTypeObject> =
    StaticObject::new(gen_type(c"async_generator"));

// ==========================================================================
// The StopIteration value
// ==========================================================================

/// `_PyGen_SetStopIterationValue(value)`: raises `StopIteration` carrying
/// `value` (NULL: none), as `return value` in a generator does. A tuple or
/// an exception instance is first wrapped in a `StopIteration` instance
/// (`StopIteration(value)`), since `PyErr_SetObject` would otherwise take
/// the tuple as the constructor's arguments, or the instance as the
/// exception itself. 0, or -1 with the error that making the instance
/// raised.
///
/// # Safety
/// `value` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyGen_SetStopIterationValue(value: *mut PyObject) -> c_int {
    let stop = Exc::StopIteration.type_object();
    // SAFETY: live per the contract.
    if value.is_null() || unsafe { !is_tuple(value) && !is_exception_instance(value) } {
        // SAFETY: a live exception class; `value` borrowed.
        unsafe { errors::PyErr_SetObject(stop, value) };
        return 0;
    }
    // SAFETY: live objects.
    let e = unsafe { PyObject_CallOneArg(stop, value) };
    if e.is_null() {
        return -1;
    }
    // SAFETY: `e` is ours.
    unsafe {
        errors::PyErr_SetObject(stop, e);
        Py_DecRef(e);
    }
    0
}

/// `_PyGen_FetchStopIterationValue(&value)`: with `StopIteration` (or a
/// subclass) pending, clears it and stores its `value` (a new reference;
/// `None` when it carries none); with no error pending, stores `None`.
/// Both return 0. Any other pending error is left as it is, `*pvalue`
/// untouched: -1.
///
/// A value still unnormalised is taken as is when the type is exactly
/// `StopIteration` and the value not a tuple (it would become the
/// instance's `value` unchanged); otherwise the exception is normalised
/// first, as CPython does.
///
/// # Safety
/// `pvalue` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyGen_FetchStopIterationValue(pvalue: *mut *mut PyObject) -> c_int {
    let stop = Exc::StopIteration.type_object();
    let mut value: *mut PyObject = std::ptr::null_mut();
    if !errors::PyErr_Occurred().is_null() {
        // SAFETY: a live exception class.
        if unsafe { errors::PyErr_ExceptionMatches(stop) } == 0 {
            return -1;
        }
        let (mut et, mut ev, mut tb) = (
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        // SAFETY: the three are writable locals; we own what they receive.
        unsafe {
            errors::PyErr_Fetch(&mut et, &mut ev, &mut tb);
            if !ev.is_null() {
                if PyObject_TypeCheck(ev, et.cast()) != 0 {
                    value = stop_iteration_value(ev);
                    Py_DecRef(ev);
                } else if et == stop && !is_tuple(ev) {
                    value = ev;
                } else {
                    errors::PyErr_NormalizeException(&mut et, &mut ev, &mut tb);
                    if ev.is_null() || PyObject_TypeCheck(ev, stop.cast()) == 0 {
                        errors::PyErr_Restore(et, ev, tb);
                        return -1;
                    }
                    value = stop_iteration_value(ev);
                    Py_DecRef(ev);
                }
            }
            Py_DecRef(et);
            Py_DecRef(tb);
        }
    }
    if value.is_null() {
        value = py_none();
        // SAFETY: the None singleton.
        unsafe { Py_IncRef(value) };
    }
    // SAFETY: writable per the contract.
    unsafe { pvalue.write(value) };
    0
}

/// A `StopIteration` instance's `value`, as a new reference (NULL when
/// unset).
///
/// # Safety
/// `exc` must be a live `StopIteration` (or subclass) instance.
unsafe fn stop_iteration_value(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: the layout of every StopIteration instance.
    unsafe {
        let v = (*exc.cast::<PyStopIterationObject>()).value;
        Py_IncRef(v);
        v
    }
}

/// CPython's `_PyCoro_GetAwaitableIter(o)`: the iterator that awaiting `o`
/// runs, which its type's `__await__` (`am_await`) gives. No coroutine
/// object exists here (see the module's notes), so that is the only way.
///
/// Fails (NULL) with `TypeError("object T can't be used in 'await'
/// expression")` without `am_await`, `TypeError("__await__() returned
/// non-iterator of type 'T'")`, or what `__await__` raised.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn coro_get_awaitable_iter(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let ty = (*o).ob_type;
        let getter = if (*ty).tp_as_async.is_null() {
            None
        } else {
            (*(*ty).tp_as_async).am_await
        };
        let Some(getter) = getter else {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "object {} can't be used in 'await' expression",
                    crate::objects::object::tp_name(ty, 100)
                ),
            );
        };
        let res = getter(o);
        if !res.is_null() && crate::objects::r#abstract::PyIter_Check(res) == 0 {
            let name = crate::objects::object::tp_name((*res).ob_type, 100);
            Py_DecRef(res);
            return errors::fail_null(
                Exc::TypeError,
                format!("__await__() returned non-iterator of type '{name}'"),
            );
        }
        res
    }
}
