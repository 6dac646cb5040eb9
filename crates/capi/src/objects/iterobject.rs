//! The index iterators: the sequence iterator (CPython's
//! `Objects/iterobject.c`), what `iter()` returns for an object that has
//! `sq_item` but no `tp_iter`, which asks for items 0, 1, 2, … until the
//! sequence raises `IndexError` or `StopIteration`; and the one shape the
//! built-in sequences' own iterators share (`list_iterator`,
//! `tuple_iterator`, `bytes_iterator`, `bytearray_iterator`: distinct types,
//! as in CPython, each with its own item getter); and the callable iterator
//! of `iter(callable, sentinel)`; and `anext_awaitable`, what
//! `anext(aiterator, default)` returns.

#![allow(non_upper_case_globals)]

use std::ffi::CStr;
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{PySequence_GetItem, self_iter};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, alloc};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::tuple_from_slice;
use crate::objects::typeobject::static_type;
use crate::python::clinic::method_with_doc;
use crate::python::errors;

// ==========================================================================
// The index iterator shape
// ==========================================================================

/// An index iterator: the sequence (a strong reference, released once the
/// iterator is exhausted, so NULL then) and the next index.
#[repr(C)]
struct IndexIter {
    ob_base: PyObject,
    index: Py_ssize_t,
    seq: *mut PyObject,
}

/// The type of an index iterator named `name` (the iterator is its own
/// `__iter__`), whose `tp_iternext` is `next` and whose methods are
/// `methods` (made by [`index_iter_methods`], or the sequence iterator's).
pub(crate) const fn index_iter_type(
    name: &'static CStr,
    next: iternextfunc,
    methods: *mut [PyMethodDef; 4],
) -> PyTypeObject {
    let mut ty = static_type(name, size_of::<IndexIter>(), 0, index_iter_dealloc);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(next);
    ty.tp_methods = methods.cast();
    ty
}

/// What a built-in sequence's iterator asks of its sequence for
/// `__length_hint__`, `__reduce__` and `__setstate__`.
pub(crate) trait IndexSeq {
    /// The sequence's length as its own type counts it (a subclass's
    /// `__len__` is not asked, as CPython reads the size field).
    ///
    /// # Safety
    /// `seq` must be a live sequence of the iterator's type.
    unsafe fn len(seq: *mut PyObject) -> Py_ssize_t;

    /// A new reference to the empty sequence an exhausted iterator reduces
    /// to (`iter(empty)`), or NULL with an error.
    fn empty() -> *mut PyObject;
}

/// Declares `$kind`, the [`IndexSeq`] whose length is `$len` (an
/// expression of the live sequence `$seq`) and whose empty sequence is
/// `$empty`, and `$methods`, the iterator methods over it.
macro_rules! index_seq {
    ($(#[$doc:meta])* $kind:ident, $methods:ident, |$seq:ident| $len:expr, $empty:expr) => {
        $(#[$doc])*
        struct $kind;

        impl $crate::objects::iterobject::IndexSeq for $kind {
            unsafe fn len($seq: *mut PyObject) -> Py_ssize_t {
                // SAFETY: a live sequence of the iterator's type.
                unsafe { $len }
            }

            fn empty() -> *mut PyObject {
                $empty
            }
        }

        static $methods: StaticObject<[PyMethodDef; 4]> =
            StaticObject::new($crate::objects::iterobject::index_iter_methods::<$kind>());
    };
}
pub(crate) use index_seq;

const LENGTH_HINT_DOC: &CStr = c"Private method returning an estimate of len(list(it)).";
const REDUCE_DOC: &CStr = c"Return state information for pickling.";
const SETSTATE_DOC: &CStr = c"Set state information for unpickling.";

/// The `__length_hint__`, `__reduce__` and `__setstate__` of an index
/// iterator over sequences of kind `S`, with CPython's semantics: the hint
/// is what is left (never negative, 0 once exhausted); the reduction is
/// `(iter, (seq,), index)`, or `(iter, (empty,))` once exhausted; the
/// state is an index clamped to `0..=len(seq)`, ignored once exhausted.
pub(crate) const fn index_iter_methods<S: IndexSeq>() -> [PyMethodDef; 4] {
    [
        method_with_doc(
            c"__length_hint__",
            index_iter_length_hint::<S>,
            METH_NOARGS,
            LENGTH_HINT_DOC,
        ),
        method_with_doc(
            c"__reduce__",
            index_iter_reduce::<S>,
            METH_NOARGS,
            REDUCE_DOC,
        ),
        method_with_doc(
            c"__setstate__",
            index_iter_setstate::<S>,
            METH_O,
            SETSTATE_DOC,
        ),
        PyMethodDef::zeroed(),
    ]
}

unsafe extern "C" fn index_iter_length_hint<S: IndexSeq>(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: a live IndexIter over a sequence of kind `S` while held.
    let left = unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            0
        } else {
            (S::len(seq) - (*it).index).max(0)
        }
    };
    crate::objects::longobject::PyLong_FromSsize_t(left)
}

/// `(builtins.<func>, (arg,))`, or `(func, (arg,), state)` with a state:
/// what the built-in iterators' `__reduce__` return. Takes over `arg` and
/// `state`; NULL with the error.
pub(crate) fn reduce_to(func: &CStr, arg: Owned, state: Option<Owned>) -> *mut PyObject {
    let Some(func) = crate::python::bltinmodule::builtin(func) else {
        return ptr::null_mut();
    };
    // SAFETY: live objects, each referenced by the tuples made here.
    unsafe {
        let Some(args) = Owned::new(tuple_from_slice(&[arg.as_ptr()])) else {
            return ptr::null_mut();
        };
        match state {
            Some(state) => tuple_from_slice(&[func.as_ptr(), args.as_ptr(), state.as_ptr()]),
            None => tuple_from_slice(&[func.as_ptr(), args.as_ptr()]),
        }
    }
}

/// `(iter, (seq,), index)` for an iterator still holding its sequence,
/// else `(iter, (empty(),))`.
///
/// # Safety
/// `op` must be a live IndexIter.
unsafe fn index_iter_reduce_with(op: *mut PyObject, empty: fn() -> *mut PyObject) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: per the contract; the sequence is live while held.
    unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            let Some(empty) = Owned::new(empty()) else {
                return ptr::null_mut();
            };
            return reduce_to(c"iter", empty, None);
        }
        let Some(index) = Owned::new(crate::objects::longobject::PyLong_FromSsize_t((*it).index))
        else {
            return ptr::null_mut();
        };
        reduce_to(c"iter", Owned::borrowed(seq), Some(index))
    }
}

unsafe extern "C" fn index_iter_reduce<S: IndexSeq>(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live IndexIter.
    unsafe { index_iter_reduce_with(op, S::empty) }
}

/// `__setstate__(index)` of an iterator still holding its sequence: the
/// index from `state` (`TypeError`/`OverflowError` as `PyLong_AsSsize_t`
/// raises them), raised to 0 and, with `len`, lowered to `len(seq)`.
///
/// # Safety
/// `op` must be a live IndexIter, `state` a live object.
unsafe fn index_iter_set_index(
    op: *mut PyObject,
    state: *mut PyObject,
    len: Option<unsafe fn(*mut PyObject) -> Py_ssize_t>,
) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: per the contract.
    unsafe {
        let mut index = crate::objects::longobject::PyLong_AsSsize_t(state);
        if index == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let seq = (*it).seq;
        if !seq.is_null() {
            index = index.max(0);
            if let Some(len) = len {
                index = index.min(len(seq));
            }
            (*it).index = index;
        }
        crate::objects::object::none()
    }
}

unsafe extern "C" fn index_iter_setstate<S: IndexSeq>(
    op: *mut PyObject,
    state: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live IndexIter over a sequence of kind `S`.
    unsafe { index_iter_set_index(op, state, Some(S::len)) }
}

/// A new iterator of type `ty` (made by [`index_iter_type`]) over `seq`
/// from index 0, holding a reference to `seq`; NULL with `MemoryError`.
///
/// # Safety
/// `ty` must be an index iterator type, `seq` a live object.
pub(crate) unsafe fn index_iter_new(ty: *mut PyTypeObject, seq: *mut PyObject) -> *mut PyObject {
    let it = alloc(ty, size_of::<IndexIter>());
    if !it.is_null() {
        // SAFETY: a fresh IndexIter; the sequence is live.
        unsafe {
            Py_IncRef(seq);
            (*it.cast::<IndexIter>()).index = 0;
            (*it.cast::<IndexIter>()).seq = seq;
        }
    }
    it
}

unsafe extern "C" fn index_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced IndexIter.
    unsafe {
        Py_DecRef((*op.cast::<IndexIter>()).seq);
        PyObject_Free(op.cast());
    }
}

/// The `tp_iternext` of a built-in sequence's iterator: `item(seq, index)`
/// (a new reference, or NULL with an error) while `index < len(seq)` --
/// the length read again at each step, as the sequence may change -- else
/// NULL without an error, the sequence released.
///
/// # Safety
/// `op` must be a live iterator made by [`index_iter_new`] over a sequence
/// of kind `S`; `item` is called only with an index in `0..len(seq)`.
pub(crate) unsafe fn index_iter_next<S: IndexSeq>(
    op: *mut PyObject,
    item: impl FnOnce(*mut PyObject, Py_ssize_t) -> *mut PyObject,
) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: a live IndexIter; its sequence is live while held.
    unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        let i = (*it).index;
        if i < S::len(seq) {
            (*it).index = i + 1;
            return item(seq, i);
        }
        (*it).seq = ptr::null_mut();
        Py_DecRef(seq);
    }
    ptr::null_mut()
}

// ==========================================================================
// The sequence iterator
// ==========================================================================

/// `PySeqIter_Type`: `iterator`.
#[unsafe(no_mangle)]
pub static PySeqIter_Type: StaticObject<PyTypeObject> = StaticObject::new(index_iter_type(
    c"iterator",
    seq_iter_next,
    SEQ_ITER_METHODS.get(),
));

/// The sequence iterator's methods: its sequence may have no length (the
/// hint is then `NotImplemented`) and may grow, so the state index is only
/// raised to 0.
static SEQ_ITER_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    method_with_doc(
        c"__length_hint__",
        seq_iter_length_hint,
        METH_NOARGS,
        LENGTH_HINT_DOC,
    ),
    method_with_doc(c"__reduce__", seq_iter_reduce, METH_NOARGS, REDUCE_DOC),
    method_with_doc(c"__setstate__", seq_iter_setstate, METH_O, SETSTATE_DOC),
    PyMethodDef::zeroed(),
]);

/// `__length_hint__()`: `len(seq) - index` when the sequence has a
/// length (its error passes through), `NotImplemented` when it has none,
/// 0 once exhausted or past the end.
unsafe extern "C" fn seq_iter_length_hint(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: a live IndexIter; its sequence is live while held.
    unsafe {
        let seq = (*it).seq;
        if !seq.is_null() {
            if !crate::objects::r#abstract::has_len(seq) {
                return crate::objects::object::not_implemented();
            }
            let n = crate::objects::r#abstract::PySequence_Size(seq);
            if n == -1 {
                return ptr::null_mut();
            }
            let left = n - (*it).index;
            if left >= 0 {
                return crate::objects::longobject::PyLong_FromSsize_t(left);
            }
        }
        crate::objects::longobject::PyLong_FromSsize_t(0)
    }
}

unsafe extern "C" fn seq_iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live IndexIter.
    unsafe { index_iter_reduce_with(op, crate::objects::tupleobject::empty_tuple) }
}

unsafe extern "C" fn seq_iter_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live IndexIter and state.
    unsafe { index_iter_set_index(op, state, None) }
}

/// `PySeqIter_New(seq)`: a new iterator over `seq[0]`, `seq[1]`, ….
///
/// Fails (NULL) with `SystemError` when `seq` is not a sequence, or
/// `MemoryError`.
///
/// # Safety
/// `seq` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySeqIter_New(seq: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if seq.is_null() || unsafe { crate::objects::r#abstract::PySequence_Check(seq) } == 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: our iterator type; the sequence is live.
    unsafe { index_iter_new(PySeqIter_Type.get(), seq) }
}

/// `tp_iternext`: `seq[index]`; `IndexError` or `StopIteration` from the
/// sequence ends the iteration (cleared, the sequence released).
unsafe extern "C" fn seq_iter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<IndexIter>();
    // SAFETY: a live IndexIter; its sequence is live while held.
    unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        if (*it).index == Py_ssize_t::MAX {
            return errors::fail_null(Exc::OverflowError, "iter index too large");
        }
        let item = PySequence_GetItem(seq, (*it).index);
        if !item.is_null() {
            (*it).index += 1;
            return item;
        }
        if errors::PyErr_ExceptionMatches(Exc::IndexError.type_object()) != 0
            || errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) != 0
        {
            errors::PyErr_Clear();
            (*it).seq = ptr::null_mut();
            Py_DecRef(seq);
        }
        ptr::null_mut()
    }
}

// ==========================================================================
// The callable iterator
// ==========================================================================

/// What `iter(callable, sentinel)` makes: the callable and the sentinel
/// (strong references, both released once the iterator is exhausted, so
/// NULL then).
#[repr(C)]
struct CallIter {
    ob_base: PyObject,
    callable: *mut PyObject,
    sentinel: *mut PyObject,
}

/// `PyCallIter_Type`: `callable_iterator`.
#[unsafe(no_mangle)]
pub static PyCallIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"callable_iterator",
        size_of::<CallIter>(),
        0,
        call_iter_dealloc,
    );
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(call_iter_next);
    ty.tp_methods = CALL_ITER_METHODS.get().cast();
    ty
});

static CALL_ITER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    method_with_doc(c"__reduce__", call_iter_reduce, METH_NOARGS, REDUCE_DOC),
    PyMethodDef::zeroed(),
]);

/// `__reduce__()`: `(iter, (callable, sentinel))`, or `(iter, ((),))`
/// once exhausted.
unsafe extern "C" fn call_iter_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<CallIter>();
    // SAFETY: a live CallIter; its references are live while held.
    unsafe {
        let (callable, sentinel) = ((*it).callable, (*it).sentinel);
        if callable.is_null() || sentinel.is_null() {
            let empty = Owned::new(crate::objects::tupleobject::empty_tuple());
            return empty.map_or(ptr::null_mut(), |empty| reduce_to(c"iter", empty, None));
        }
        let Some(func) = crate::python::bltinmodule::builtin(c"iter") else {
            return ptr::null_mut();
        };
        let Some(args) = Owned::new(tuple_from_slice(&[callable, sentinel])) else {
            return ptr::null_mut();
        };
        tuple_from_slice(&[func.as_ptr(), args.as_ptr()])
    }
}

/// `PyCallIter_New(callable, sentinel)`: an iterator that calls
/// `callable()` until it returns something equal to `sentinel` (or raises
/// `StopIteration`). NULL with `MemoryError`; `SystemError` for NULL.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCallIter_New(
    callable: *mut PyObject,
    sentinel: *mut PyObject,
) -> *mut PyObject {
    if callable.is_null() || sentinel.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let it = alloc(PyCallIter_Type.get(), size_of::<CallIter>());
    if !it.is_null() {
        // SAFETY: a fresh CallIter; both objects are live.
        unsafe {
            Py_IncRef(callable);
            Py_IncRef(sentinel);
            (*it.cast::<CallIter>()).callable = callable;
            (*it.cast::<CallIter>()).sentinel = sentinel;
        }
    }
    it
}

unsafe extern "C" fn call_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced CallIter.
    unsafe {
        Py_DecRef((*op.cast::<CallIter>()).callable);
        Py_DecRef((*op.cast::<CallIter>()).sentinel);
        PyObject_Free(op.cast());
    }
}

/// Releases the callable and the sentinel: the iterator is exhausted.
///
/// # Safety
/// `it` must be a live CallIter.
unsafe fn call_iter_exhaust(it: *mut CallIter) {
    // SAFETY: per the contract; cleared before the references drop, so a
    // re-entrant call sees an exhausted iterator.
    unsafe {
        let callable = std::mem::replace(&mut (*it).callable, ptr::null_mut());
        let sentinel = std::mem::replace(&mut (*it).sentinel, ptr::null_mut());
        Py_DecRef(callable);
        Py_DecRef(sentinel);
    }
}

/// `tp_iternext`: `callable()`, unless it equals the sentinel or raised
/// `StopIteration` (cleared): then the end, for good. Another error from
/// the call or the comparison passes through and the iterator goes on.
unsafe extern "C" fn call_iter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op.cast::<CallIter>();
    // SAFETY: a live CallIter; its references are live while held (the
    // callable is kept alive across the call by a reference of our own).
    unsafe {
        let callable = (*it).callable;
        if callable.is_null() {
            return ptr::null_mut();
        }
        Py_IncRef(callable);
        let result = crate::objects::call::PyObject_CallNoArgs(callable);
        Py_DecRef(callable);
        if result.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) != 0 {
                errors::PyErr_Clear();
                call_iter_exhaust(it);
            }
            return ptr::null_mut();
        }
        let sentinel = (*it).sentinel;
        if sentinel.is_null() {
            // The call exhausted this iterator re-entrantly.
            Py_DecRef(result);
            return ptr::null_mut();
        }
        let equal = crate::objects::object::PyObject_RichCompareBool(sentinel, result, Py_EQ);
        if equal == 0 {
            return result;
        }
        Py_DecRef(result);
        if equal > 0 {
            call_iter_exhaust(it);
        }
        ptr::null_mut()
    }
}

// ==========================================================================
// anext_awaitable
// ==========================================================================

/// What `anext(aiterator, default)` returns (CPython's
/// `anextawaitableobject`): the awaitable `__anext__` gave, and the value
/// to return instead of `StopAsyncIteration`.
#[repr(C)]
struct AnextAwaitable {
    ob_base: PyObject,
    wrapped: *mut PyObject,
    default_value: *mut PyObject,
}

static ANEXT_AWAITABLE_AS_ASYNC: StaticObject<PyAsyncMethods> = StaticObject::new(PyAsyncMethods {
    am_await: Some(self_iter),
    am_aiter: None,
    am_anext: None,
    am_send: None,
});

static ANEXT_AWAITABLE_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: Some(anext_awaitable_send),
        ml_flags: METH_O,
        ml_doc: c"send(arg) -> send 'arg' into the wrapped iterator,\nreturn next yielded value or raise StopIteration.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"throw".as_ptr(),
        ml_meth: Some(anext_awaitable_throw),
        ml_flags: METH_VARARGS,
        ml_doc: c"throw(typ[,val[,tb]]) -> raise exception in the wrapped iterator,\nreturn next yielded value or raise StopIteration.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: Some(anext_awaitable_close),
        ml_flags: METH_VARARGS,
        ml_doc: c"close() -> raise GeneratorExit inside generator.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// `anext_awaitable`: the type of what `anext(aiterator, default)`
/// returns. C cannot make one (no `tp_new`).
pub(crate) static ANEXT_AWAITABLE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"anext_awaitable",
        size_of::<AnextAwaitable>(),
        Py_TPFLAGS_HAVE_GC,
        anext_awaitable_dealloc,
    );
    ty.tp_as_async = ANEXT_AWAITABLE_AS_ASYNC.get();
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_traverse = Some(anext_awaitable_traverse);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(anext_awaitable_iternext);
    ty.tp_methods = ANEXT_AWAITABLE_METHODS.get().cast();
    ty.tp_free = Some(crate::objects::gcmodule::PyObject_GC_Del);
    ty
});

/// CPython's `PyAnextAwaitable_New(awaitable, default_value)`: a new
/// `anext_awaitable` holding both; NULL with `MemoryError`.
///
/// # Safety
/// Both must be live objects.
pub(crate) unsafe fn anext_awaitable_new(
    awaitable: *mut PyObject,
    default_value: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a ready static type; the fresh object takes a reference to
    // each live argument.
    unsafe {
        let ty = ANEXT_AWAITABLE_TYPE.get();
        let op = crate::objects::typeobject::PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return op;
        }
        let a = op.cast::<AnextAwaitable>();
        Py_IncRef(awaitable);
        (*a).wrapped = awaitable;
        Py_IncRef(default_value);
        (*a).default_value = default_value;
        op
    }
}

unsafe extern "C" fn anext_awaitable_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced anext_awaitable from PyType_GenericAlloc.
    unsafe {
        crate::objects::gcmodule::gc_untrack(op);
        let a = op.cast::<AnextAwaitable>();
        Py_DecRef((*a).wrapped);
        Py_DecRef((*a).default_value);
        crate::objects::gcmodule::PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn anext_awaitable_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    // SAFETY: a live anext_awaitable; `visit` is the caller's visitor.
    unsafe {
        let a = op.cast::<AnextAwaitable>();
        for o in [(*a).wrapped, (*a).default_value] {
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

/// CPython's `anextawaitable_getiter`: the iterator awaiting the wrapped
/// awaitable gives, asked for anew each time (no coroutine object exists
/// here, so it is always `__await__`'s iterator).
///
/// # Safety
/// `op` a live anext_awaitable.
unsafe fn anext_awaitable_getiter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        crate::objects::genobject::coro_get_awaitable_iter((*op.cast::<AnextAwaitable>()).wrapped)
    }
}

/// After the wrapped iterator failed: a `StopAsyncIteration` becomes the
/// `StopIteration` that returns the default, as if `__anext__` had
/// returned it.
///
/// # Safety
/// `op` a live anext_awaitable; an exception is set.
unsafe fn anext_awaitable_failed(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if errors::PyErr_ExceptionMatches(Exc::StopAsyncIteration.type_object()) != 0 {
            crate::objects::genobject::_PyGen_SetStopIterationValue(
                (*op.cast::<AnextAwaitable>()).default_value,
            );
        }
    }
    ptr::null_mut()
}

/// `next(anext_awaitable)`: the next value of the wrapped awaitable's
/// iterator, with `StopAsyncIteration` turned into `StopIteration(default)`.
unsafe extern "C" fn anext_awaitable_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live anext_awaitable; the iterator is released here.
    unsafe {
        let it = anext_awaitable_getiter(op);
        if it.is_null() {
            return ptr::null_mut();
        }
        let result = match (*crate::objects::object::type_of(it)).tp_iternext {
            Some(next) => next(it),
            None => ptr::null_mut(),
        };
        Py_DecRef(it);
        if !result.is_null() {
            return result;
        }
        if errors::PyErr_Occurred().is_null() {
            // The iterator ended without an exception: plain exhaustion.
            return ptr::null_mut();
        }
        anext_awaitable_failed(op)
    }
}

/// CPython's `anextawaitable_proxy`: `iterator.method(*args)`, where
/// `arg` is no argument (NULL), a tuple of them, or the one argument,
/// as `PyObject_CallMethod(it, method, "O", arg)` passes them.
///
/// # Safety
/// `op` a live anext_awaitable; `arg` NULL or live.
unsafe fn anext_awaitable_proxy(
    op: *mut PyObject,
    method: &CStr,
    arg: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::object::Owned;
    // SAFETY: per the contract; every new reference is owned.
    unsafe {
        let Some(it) = Owned::new(anext_awaitable_getiter(op)) else {
            return ptr::null_mut();
        };
        let Some(m) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            it.as_ptr(),
            method.as_ptr(),
        )) else {
            return anext_awaitable_failed(op);
        };
        let args = if arg.is_null() {
            crate::objects::tupleobject::empty_tuple()
        } else if crate::objects::tupleobject::is_tuple(arg) {
            Py_IncRef(arg);
            arg
        } else {
            crate::objects::tupleobject::tuple_from_slice(&[arg])
        };
        let Some(args) = Owned::new(args) else {
            return ptr::null_mut();
        };
        let ret = crate::objects::call::PyObject_Call(m.as_ptr(), args.as_ptr(), ptr::null_mut());
        if !ret.is_null() {
            return ret;
        }
        anext_awaitable_failed(op)
    }
}

unsafe extern "C" fn anext_awaitable_send(op: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live anext_awaitable and argument.
    unsafe { anext_awaitable_proxy(op, c"send", arg) }
}

unsafe extern "C" fn anext_awaitable_throw(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live anext_awaitable and argument tuple.
    unsafe { anext_awaitable_proxy(op, c"throw", args) }
}

unsafe extern "C" fn anext_awaitable_close(
    op: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live anext_awaitable and argument tuple (passed on, as
    // CPython's close passes them).
    unsafe { anext_awaitable_proxy(op, c"close", args) }
}
