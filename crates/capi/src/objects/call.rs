//! Calling objects (CPython's `Objects/call.c`): `PyObject_Call`,
//! `PyObject_Vectorcall` and their variants, and the Rust entry point
//! [`call`] that the Node layer uses to call any callable with positional
//! and keyword arguments.
//!
//! A call goes through the callee's vectorcall function when its type has
//! `Py_TPFLAGS_HAVE_VECTORCALL` and the instance has a non-NULL pointer at
//! `tp_vectorcall_offset`, else through `tp_call` with an argument tuple
//! and keyword dict, exactly as in CPython. Every result is checked
//! (`_Py_CheckFunctionResult`): NULL without an exception, or a result
//! with one set, becomes a `SystemError` naming the callable.
//!
//! The variadic calls (`PyObject_CallFunction`, `PyObject_CallMethod`,
//! `PyObject_CallFunctionObjArgs`, `PyObject_CallMethodObjArgs`) are in
//! `call.c` beside this file, with their argument building in
//! [`crate::python::modsupport`].

use std::ffi::{CStr, c_char};
use std::ptr;

use crate::ffi::*;
use crate::objects::dictobject::{PyDict_New, PyDict_Next, PyDict_SetItem, PyDict_Size, is_dict};
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    _PyObject_LookupAttr, Owned, Py_DecRef, Py_IncRef, PyObject_GetAttr, PyObject_RichCompareBool,
    RecursionGuard, null_error, py_none, repr, text_of, tp_name, type_of,
};
use crate::objects::obmalloc::{PyMem_Free, PyMem_Malloc};
use crate::objects::tupleobject::{
    PyTuple_GetItem, PyTuple_New, PyTuple_SetItem, PyTuple_Size, is_tuple, tuple_from_slice,
};
use crate::objects::typeobject::ensure_ready;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors::{self, PyErrInfo};

// ==========================================================================
// Helpers
// ==========================================================================

/// `PyVectorcall_NARGS(nargsf)`: the argument count without
/// `PY_VECTORCALL_ARGUMENTS_OFFSET`.
#[allow(non_snake_case)]
pub const fn PyVectorcall_NARGS(nargsf: usize) -> Py_ssize_t {
    (nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET) as Py_ssize_t
}

/// CPython's `_Py_CheckFunctionResult`: NULL needs an exception and a
/// result must come without one; otherwise `SystemError("<repr>
/// returned NULL without setting an exception")` or `("<repr> returned a
/// result with an exception set")`.
///
/// # Safety
/// `callable` must be a live object; `result` NULL or a new reference.
pub(crate) unsafe fn check_function_result(
    callable: *mut PyObject,
    result: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { check_result(Culprit::Callable(callable), result) }
}

/// What a `SystemError` about an inconsistent result names: the callable
/// (by its repr) or a description (`_Py_CheckFunctionResult`'s `where`).
enum Culprit<'a> {
    Callable(*mut PyObject),
    Where(&'a str),
}

/// [`check_function_result`] for either kind of culprit.
///
/// # Safety
/// A callable culprit must be live; `result` NULL or a new reference.
unsafe fn check_result(culprit: Culprit<'_>, result: *mut PyObject) -> *mut PyObject {
    let pending = !errors::PyErr_Occurred().is_null();
    if result.is_null() {
        if !pending {
            let what = match culprit {
                Culprit::Callable(callable) => callable_repr(callable),
                Culprit::Where(w) => w.to_owned(),
            };
            errors::raise(
                Exc::SystemError,
                format!("{what} returned NULL without setting an exception"),
            );
        }
        return ptr::null_mut();
    }
    if pending {
        // SAFETY: the result is a new reference we drop.
        unsafe { Py_DecRef(result) };
        let what = match culprit {
            Culprit::Callable(callable) => callable_repr_keeping_error(callable),
            Culprit::Where(w) => w.to_owned(),
        };
        // SAFETY: no arguments beyond the indicator's own references.
        unsafe {
            raise_from_cause(
                Exc::SystemError,
                format!("{what} returned a result with an exception set"),
            )
        };
        return ptr::null_mut();
    }
    result
}

/// `callable_repr` while an error is pending: `repr` must not run with
/// one set, so the error is put aside and restored after.
fn callable_repr_keeping_error(callable: *mut PyObject) -> String {
    let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: the triple's references move out of the indicator and back.
    unsafe {
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        let what = callable_repr(callable);
        errors::PyErr_Restore(t, v, tb);
        what
    }
}

/// CPython's `_PyErr_FormatFromCause`: replaces the pending error with
/// `exc(message)` whose `__cause__` and `__context__` are the pending
/// error, normalised.
///
/// # Safety
/// An error must be pending.
pub(crate) unsafe fn raise_from_cause(exc: Exc, message: String) {
    let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: the indicator's references are ours between Fetch and
    // Restore; SetCause and SetContext each take one reference to the
    // cause.
    unsafe {
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        errors::PyErr_NormalizeException(&mut t, &mut v, &mut tb);
        if !tb.is_null() && !v.is_null() {
            crate::objects::exceptions::PyException_SetTraceback(v, tb);
        }
        Py_DecRef(tb);
        Py_DecRef(t);
        errors::raise(exc, message);
        if v.is_null() {
            return;
        }
        let (mut t2, mut v2, mut tb2) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t2, &mut v2, &mut tb2);
        errors::PyErr_NormalizeException(&mut t2, &mut v2, &mut tb2);
        if v2.is_null() {
            Py_DecRef(v);
        } else {
            Py_IncRef(v);
            crate::objects::exceptions::PyException_SetCause(v2, v);
            crate::objects::exceptions::PyException_SetContext(v2, v);
        }
        errors::PyErr_Restore(t2, v2, tb2);
    }
}

/// `repr(callable)` for messages, with any error from `repr` itself
/// cleared.
fn callable_repr(callable: *mut PyObject) -> String {
    // SAFETY: a live object (or NULL, which repr handles).
    match unsafe { repr(callable) } {
        Some(r) => r,
        None => {
            errors::PyErr_Clear();
            "?".into()
        }
    }
}

/// The vectorcall function of `callable`, or None when its type has no
/// `Py_TPFLAGS_HAVE_VECTORCALL` or the instance's pointer is NULL.
///
/// # Safety
/// `callable` must be a live object.
unsafe fn vectorcall_function(callable: *mut PyObject) -> Option<vectorcallfunc> {
    // SAFETY: per the contract; the offset names a vectorcallfunc field
    // of the instance, as the type declares.
    unsafe {
        let tp = type_of(callable);
        ensure_ready(tp);
        if (*tp).tp_flags & Py_TPFLAGS_HAVE_VECTORCALL == 0 {
            return None;
        }
        let offset = (*tp).tp_vectorcall_offset;
        if offset <= 0 {
            return None;
        }
        ptr::read_unaligned(
            callable
                .cast::<u8>()
                .offset(offset)
                .cast::<Option<vectorcallfunc>>(),
        )
    }
}

/// `_PyStack_AsDict(values, kwnames)`: a dict of `kwnames[i]: values[i]`.
///
/// # Safety
/// `values` must hold one live object per name; `kwnames` a live tuple of
/// `str`.
pub(crate) unsafe fn stack_as_dict(
    values: *const *mut PyObject,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let Some(dict) = Owned::new(PyDict_New()) else {
        return ptr::null_mut();
    };
    // SAFETY: per the contract.
    unsafe {
        for i in 0..PyTuple_Size(kwnames) {
            if PyDict_SetItem(
                dict.as_ptr(),
                PyTuple_GetItem(kwnames, i),
                *values.add(i as usize),
            ) < 0
            {
                return ptr::null_mut();
            }
        }
    }
    dict.into_raw()
}

/// `_PyStack_AsDict(values, kwnames)` as C sees it: a new dict mapping
/// each name of the tuple `kwnames` to the value at the same index of
/// `values` (the keyword half of a vectorcall's arguments). Cython 3's
/// `**kwargs` parameters of fastcall functions build their dict with it.
///
/// Fails (NULL) when a name is unhashable, or with `SystemError` (a bad
/// internal call) when `kwnames` is NULL or not a tuple.
///
/// # Safety
/// `values` must hold one live object per name of `kwnames`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyStack_AsDict(
    values: *const *mut PyObject,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a NULL or live object, checked before it is read as a tuple.
    if kwnames.is_null() || !unsafe { is_tuple(kwnames) } {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: `kwnames` is a tuple; `values` per the contract.
    unsafe { stack_as_dict(values, kwnames) }
}

/// Arguments unpacked from a keyword dict for a vectorcall (CPython's
/// `_PyStack_UnpackDict`): one spare slot in front (so the callee may use
/// `PY_VECTORCALL_ARGUMENTS_OFFSET`), the positional arguments, then the
/// keyword values, all as new references, and the tuple of names.
struct UnpackedArgs {
    stack: *mut *mut PyObject,
    len: usize,
    kwnames: *mut PyObject,
}

impl UnpackedArgs {
    /// Unpacks `args[..nargs]` and `kwargs`.
    ///
    /// Fails with `TypeError("keywords must be strings")` or
    /// `MemoryError`.
    ///
    /// # Safety
    /// `args` must hold `nargs` live objects; `kwargs` must be a live dict.
    unsafe fn new(
        args: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwargs: *mut PyObject,
    ) -> Option<UnpackedArgs> {
        // SAFETY: per the contract; the new stack has room for every item.
        unsafe {
            let nkw = PyDict_Size(kwargs);
            let len = (nargs + nkw) as usize;
            let stack =
                PyMem_Malloc((len + 1) * size_of::<*mut PyObject>()).cast::<*mut PyObject>();
            if stack.is_null() {
                errors::PyErr_NoMemory();
                return None;
            }
            let kwnames = PyTuple_New(nkw);
            if kwnames.is_null() {
                PyMem_Free(stack.cast());
                return None;
            }
            let items = stack.add(1);
            for i in 0..nargs as usize {
                let a = *args.add(i);
                Py_IncRef(a);
                *items.add(i) = a;
            }
            let mut unpacked = UnpackedArgs {
                stack,
                len: nargs as usize,
                kwnames,
            };
            let (mut pos, mut i) = (0, 0);
            let (mut key, mut value) = (ptr::null_mut(), ptr::null_mut());
            let mut all_str = true;
            while PyDict_Next(kwargs, &mut pos, &mut key, &mut value) != 0 && i < nkw {
                all_str &= crate::objects::object::is_str(key);
                Py_IncRef(key);
                Py_IncRef(value);
                PyTuple_SetItem(kwnames, i, key);
                *items.add(nargs as usize + i as usize) = value;
                unpacked.len += 1;
                i += 1;
            }
            if !all_str {
                errors::raise(Exc::TypeError, "keywords must be strings");
                return None;
            }
            Some(unpacked)
        }
    }

    fn args(&self) -> *const *mut PyObject {
        // SAFETY: the stack has a spare slot in front.
        unsafe { self.stack.add(1) }
    }
}

impl Drop for UnpackedArgs {
    fn drop(&mut self) {
        // SAFETY: every item is a reference this struct took.
        unsafe {
            for i in 0..self.len {
                Py_DecRef(*self.stack.add(1 + i));
            }
            Py_DecRef(self.kwnames);
            PyMem_Free(self.stack.cast());
        }
    }
}

/// CPython's `_PyObject_MakeTpCall`: calls `tp_call` with a tuple of the
/// arguments and a dict of the keywords (`keywords` is NULL, a dict, or a
/// tuple of names whose values follow the arguments).
///
/// # Safety
/// `callable` must be live; `args` hold `nargs` live objects (and the
/// keyword values after them); `keywords` NULL, a dict or a tuple.
unsafe fn make_tp_call(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    keywords: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(call) = (*type_of(callable)).tp_call else {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "'{}' object is not callable",
                    tp_name(type_of(callable), 200)
                ),
            );
        };
        let slice = if nargs == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(args, nargs as usize)
        };
        let Some(argstuple) = Owned::new(tuple_from_slice(slice)) else {
            return ptr::null_mut();
        };
        let kwdict = if keywords.is_null() || !is_tuple(keywords) {
            None
        } else if PyTuple_Size(keywords) > 0 {
            match Owned::new(stack_as_dict(args.add(nargs as usize), keywords)) {
                Some(d) => Some(d),
                None => return ptr::null_mut(),
            }
        } else {
            None
        };
        let kw = match &kwdict {
            Some(d) => d.as_ptr(),
            None if !keywords.is_null() && !is_tuple(keywords) => keywords,
            None => ptr::null_mut(),
        };
        let result = match RecursionGuard::enter(" while calling a Python object") {
            Some(_guard) => call(callable, argstuple.as_ptr(), kw),
            None => ptr::null_mut(),
        };
        check_function_result(callable, result)
    }
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `PyObject_Vectorcall(callable, args, nargsf, kwnames)`: calls with
/// `PyVectorcall_NARGS(nargsf)` positional arguments and, when `kwnames`
/// is a non-empty tuple of `str`, that many keyword values after them.
///
/// Fails (NULL) with `TypeError("'T' object is not callable")`, what the
/// callee raised, or `SystemError` for a result inconsistent with the
/// error indicator.
///
/// # Safety
/// `callable` must be a live object; `args` must hold the arguments (and
/// keyword values), live; `kwnames` NULL or a tuple of `str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Vectorcall(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if callable.is_null() {
        return null_error();
    }
    // SAFETY: per the contract.
    unsafe {
        match vectorcall_function(callable) {
            Some(func) => check_function_result(callable, func(callable, args, nargsf, kwnames)),
            None => make_tp_call(callable, args, PyVectorcall_NARGS(nargsf), kwnames),
        }
    }
}

/// `_PyObject_MakeTpCall(tstate, callable, args, nargs, keywords)`: calls
/// `callable` through its type's `tp_call`, with a tuple of the `nargs`
/// arguments at `args` and a dict of the keywords (`keywords` NULL, a
/// dict, or a tuple of names whose values follow the arguments). CPython
/// 3.11's inline `PyObject_Vectorcall` and its kin (`PyObject_CallOneArg`,
/// `PyObject_CallMethodNoArgs`, ...) call it for a callable without
/// vectorcall, so every extension built against CPython's headers that
/// uses them needs it. `tstate` is unused.
///
/// Fails (NULL) with `TypeError("'T' object is not callable")`, what the
/// callee raised, or `SystemError` (a NULL callable, a negative count, a
/// result inconsistent with the error indicator).
///
/// # Safety
/// `callable` must be NULL or live; `args` hold `nargs` live objects (and
/// the keyword values after them); `keywords` NULL, a dict or a tuple of
/// `str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_MakeTpCall(
    _tstate: *mut PyThreadState,
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    keywords: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    let bad_keywords = !keywords.is_null() && unsafe { !is_tuple(keywords) && !is_dict(keywords) };
    if callable.is_null() || nargs < 0 || (nargs > 0 && args.is_null()) || bad_keywords {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: checked above; the rest per the contract.
    unsafe { make_tp_call(callable, args, nargs, keywords) }
}

/// `_PyObject_FastCall(callable, args, nargs)`: [`PyObject_Vectorcall`]
/// with `nargs` positional arguments and no keywords.
///
/// Fails (NULL) as [`PyObject_Vectorcall`], or with `SystemError` for a
/// negative count.
///
/// # Safety
/// As [`PyObject_Vectorcall`], with `nargs` arguments at `args`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_FastCall(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if nargs < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract; a count is never an offset flag.
    unsafe { PyObject_Vectorcall(callable, args, nargs as usize, ptr::null_mut()) }
}

/// `_Py_CheckFunctionResult(tstate, callable, result, where)`: `result`
/// when it agrees with the error indicator (NULL with an error set, an
/// object without one); otherwise NULL with `SystemError` naming
/// `callable` by its repr, or `where` when `callable` is NULL
/// ("... returned NULL without setting an exception", "... returned a
/// result with an exception set", the pending error as its cause). Inline
/// code of CPython's headers calls it after each vectorcall. `tstate` is
/// unused.
///
/// # Safety
/// `callable` must be NULL or live, `where_` NULL or a C string (one of
/// them given); `result` NULL or a new reference, which this consumes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_CheckFunctionResult(
    _tstate: *mut PyThreadState,
    callable: *mut PyObject,
    result: *mut PyObject,
    where_: *const c_char,
) -> *mut PyObject {
    // SAFETY: a C string per the contract.
    let described =
        (!where_.is_null()).then(|| unsafe { CStr::from_ptr(where_) }.to_string_lossy());
    let culprit = match (callable.is_null(), &described) {
        (false, _) => Culprit::Callable(callable),
        (true, Some(w)) => Culprit::Where(w),
        (true, None) => Culprit::Where("(null)"),
    };
    // SAFETY: forwarded contract.
    unsafe { check_result(culprit, result) }
}

/// `PyObject_VectorcallDict(callable, args, nargsf, kwargs)`: as
/// [`PyObject_Vectorcall`] with the keywords in a dict (or NULL).
///
/// Fails (NULL) as [`PyObject_Vectorcall`], or with `TypeError("keywords
/// must be strings")`.
///
/// # Safety
/// `callable` must be live, `args` hold the arguments, `kwargs` NULL or a
/// dict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_VectorcallDict(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    if callable.is_null() {
        return null_error();
    }
    let nargs = PyVectorcall_NARGS(nargsf);
    // SAFETY: per the contract.
    unsafe {
        let Some(func) = vectorcall_function(callable) else {
            return make_tp_call(callable, args, nargs, kwargs);
        };
        if kwargs.is_null() || PyDict_Size(kwargs) == 0 {
            return check_function_result(callable, func(callable, args, nargsf, ptr::null_mut()));
        }
        vectorcall_with_dict(callable, func, args, nargs, kwargs)
    }
}

/// Calls `func`, the vectorcall function of `callable`, with the `nargs`
/// positional arguments at `args` and the keyword arguments of the dict
/// `kwargs` (unpacked after them, as CPython's `_PyStack_UnpackDict`
/// does), and checks the result (CPython's `_Py_CheckFunctionResult`).
///
/// # Safety
/// `callable` live, `func` its vectorcall function; `args` holding `nargs`
/// live objects; `kwargs` a live dict.
unsafe fn vectorcall_with_dict(
    callable: *mut PyObject,
    func: vectorcallfunc,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(unpacked) = UnpackedArgs::new(args, nargs, kwargs) else {
            return ptr::null_mut();
        };
        let res = func(
            callable,
            unpacked.args(),
            nargs as usize | PY_VECTORCALL_ARGUMENTS_OFFSET,
            unpacked.kwnames,
        );
        drop(unpacked);
        check_function_result(callable, res)
    }
}

/// `PyVectorcall_Call(callable, tuple, dict)`: calls the callable's
/// vectorcall function with a tuple and dict (the `tp_call` of types that
/// implement vectorcall).
///
/// Fails (NULL) with `TypeError("'T' object does not support
/// vectorcall")`, or as the callee.
///
/// # Safety
/// `callable` must be live; `tuple` a tuple; `kwargs` NULL or a dict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyVectorcall_Call(
    callable: *mut PyObject,
    tuple: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    if callable.is_null() || tuple.is_null() {
        return null_error();
    }
    // SAFETY: per the contract; the offset names a vectorcallfunc field.
    unsafe {
        let tp = type_of(callable);
        let offset = (*tp).tp_vectorcall_offset;
        let func = if offset <= 0 {
            None
        } else {
            ptr::read_unaligned(
                callable
                    .cast::<u8>()
                    .offset(offset)
                    .cast::<Option<vectorcallfunc>>(),
            )
        };
        let Some(func) = func else {
            return errors::fail_null(
                Exc::TypeError,
                format!("'{}' object does not support vectorcall", tp_name(tp, 200)),
            );
        };
        let nargs = PyTuple_Size(tuple);
        let items: Vec<*mut PyObject> = (0..nargs).map(|i| PyTuple_GetItem(tuple, i)).collect();
        if kwargs.is_null() || PyDict_Size(kwargs) == 0 {
            return func(callable, items.as_ptr(), nargs as usize, ptr::null_mut());
        }
        vectorcall_with_dict(callable, func, items.as_ptr(), nargs, kwargs)
    }
}

/// `PyVectorcall_Function(callable)`: the callable's vectorcall function,
/// or NULL.
///
/// # Safety
/// `callable` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyVectorcall_Function(callable: *mut PyObject) -> Option<vectorcallfunc> {
    if callable.is_null() {
        return None;
    }
    // SAFETY: per the contract.
    unsafe { vectorcall_function(callable) }
}

/// `PyObject_Call(callable, args, kwargs)`: `callable(*args, **kwargs)`.
///
/// Fails (NULL) with `TypeError("'T' object is not callable")`, what the
/// callee raised, or `SystemError` for an inconsistent result; also
/// `TypeError("argument list must be a tuple")` / `("keyword list must be
/// a dictionary")` (CPython only asserts these).
///
/// # Safety
/// `callable` must be live; `args` a tuple; `kwargs` NULL or a dict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    if callable.is_null() || args.is_null() {
        return null_error();
    }
    // SAFETY: per the contract.
    unsafe {
        if !is_tuple(args) {
            return errors::fail_null(Exc::TypeError, "argument list must be a tuple");
        }
        if !kwargs.is_null() && (*type_of(kwargs)).tp_flags & Py_TPFLAGS_DICT_SUBCLASS == 0 {
            return errors::fail_null(Exc::TypeError, "keyword list must be a dictionary");
        }
        if vectorcall_function(callable).is_some() {
            return PyVectorcall_Call(callable, args, kwargs);
        }
        let Some(call) = (*type_of(callable)).tp_call else {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "'{}' object is not callable",
                    tp_name(type_of(callable), 200)
                ),
            );
        };
        let Some(_guard) = RecursionGuard::enter(" while calling a Python object") else {
            return ptr::null_mut();
        };
        check_function_result(callable, call(callable, args, kwargs))
    }
}

/// `PyCFunction_Call(callable, args, kwargs)`: [`PyObject_Call`] (kept by
/// CPython 3.11 for compatibility).
///
/// # Safety
/// As [`PyObject_Call`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_Call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyObject_Call(callable, args, kwargs) }
}

/// `PyEval_CallObjectWithKeywords(callable, args, kwargs)`: as
/// [`PyObject_Call`], with NULL `args` meaning no arguments.
///
/// # Safety
/// As [`PyObject_Call`]; `args` may be NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_CallObjectWithKeywords(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !args.is_null() && !is_tuple(args) {
            return errors::fail_null(Exc::TypeError, "argument list must be a tuple");
        }
        if !kwargs.is_null() && (*type_of(kwargs)).tp_flags & Py_TPFLAGS_DICT_SUBCLASS == 0 {
            return errors::fail_null(Exc::TypeError, "keyword list must be a dictionary");
        }
        if args.is_null() {
            return PyObject_VectorcallDict(callable, ptr::null(), 0, kwargs);
        }
        PyObject_Call(callable, args, kwargs)
    }
}

/// `PyObject_CallObject(callable, args)`: `callable(*args)`; NULL `args`
/// means no arguments.
///
/// Fails (NULL) as [`PyObject_Call`].
///
/// # Safety
/// `callable` must be live; `args` NULL or a tuple.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallObject(
    callable: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if args.is_null() {
            return PyObject_CallNoArgs(callable);
        }
        if !is_tuple(args) {
            return errors::fail_null(Exc::TypeError, "argument list must be a tuple");
        }
        PyObject_Call(callable, args, ptr::null_mut())
    }
}

/// `PyObject_CallNoArgs(callable)`: `callable()`.
///
/// # Safety
/// `callable` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallNoArgs(callable: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { PyObject_Vectorcall(callable, ptr::null(), 0, ptr::null_mut()) }
}

/// `PyObject_CallOneArg(callable, arg)`: `callable(arg)`.
///
/// # Safety
/// `callable` and `arg` must be live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallOneArg(
    callable: *mut PyObject,
    arg: *mut PyObject,
) -> *mut PyObject {
    if arg.is_null() {
        return null_error();
    }
    let stack = [ptr::null_mut(), arg];
    // SAFETY: one argument after a spare slot, as the offset flag allows.
    unsafe {
        PyObject_Vectorcall(
            callable,
            stack.as_ptr().add(1),
            1 | PY_VECTORCALL_ARGUMENTS_OFFSET,
            ptr::null_mut(),
        )
    }
}

/// `PyObject_VectorcallMethod(name, args, nargsf, kwnames)`: calls
/// method `name` of `args[0]` with the other arguments.
///
/// Fails (NULL) with `AttributeError` when there is no such attribute, or
/// as [`PyObject_Vectorcall`].
///
/// # Safety
/// `name` must be a live `str`; `args` must hold at least one argument
/// (`self`) and the keyword values.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_VectorcallMethod(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if name.is_null() || args.is_null() || PyVectorcall_NARGS(nargsf) < 1 {
        return null_error();
    }
    // SAFETY: per the contract; `args[0]` is `self`, and skipping it keeps
    // the offset flag valid (the callee may use `args[0]` as its spare).
    unsafe {
        let Some((callable, unbound)) = get_method(*args, name) else {
            return ptr::null_mut();
        };
        if unbound {
            // The method descriptor takes `self` as its first argument.
            let nargsf = nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET;
            return PyObject_Vectorcall(callable.as_ptr(), args, nargsf, kwnames);
        }
        PyObject_Vectorcall(callable.as_ptr(), args.add(1), nargsf - 1, kwnames)
    }
}

/// CPython's `_PyObject_GetMethod`: `obj.name`, except that a method
/// descriptor found on the type (and not shadowed by the instance dict or
/// a data descriptor) is returned unbound, with `true`, so that the call
/// passes `obj` itself as the first argument and the callee is the
/// descriptor (what a result check names). None with the error set.
///
/// # Safety
/// `obj` and `name` must be live.
pub(crate) unsafe fn get_method(obj: *mut PyObject, name: *mut PyObject) -> Option<(Owned, bool)> {
    use crate::objects::object::{_PyObject_GetDictPtr, PyObject_GenericGetAttr, is_str};
    // SAFETY: per the contract; every slot is called on an object found
    // through its own type.
    unsafe {
        let tp = type_of(obj);
        ensure_ready(tp);
        let generic = (*tp).tp_getattro.map(|f| f as usize)
            == Some(PyObject_GenericGetAttr as *const () as usize);
        if !generic || !is_str(name) {
            return Owned::new(PyObject_GetAttr(obj, name)).map(|m| (m, false));
        }
        let descr = crate::objects::typeobject::_PyType_Lookup(tp, name);
        let descr = (!descr.is_null()).then(|| Owned::borrowed(descr));
        let mut get = None;
        let mut method_found = false;
        if let Some(d) = &descr {
            let dt = type_of(d.as_ptr());
            if (*dt).tp_flags & Py_TPFLAGS_METHOD_DESCRIPTOR != 0 {
                method_found = true;
            } else {
                get = (*dt).tp_descr_get;
                if let Some(f) = get
                    && (*dt).tp_descr_set.is_some()
                {
                    return Owned::new(f(d.as_ptr(), obj, tp.cast())).map(|m| (m, false));
                }
            }
        }
        let dictptr = _PyObject_GetDictPtr(obj);
        if !dictptr.is_null() && !(*dictptr).is_null() {
            let dict = Owned::borrowed(*dictptr);
            let attr = crate::objects::dictobject::PyDict_GetItemWithError(dict.as_ptr(), name);
            if !attr.is_null() {
                return Some((Owned::borrowed(attr), false));
            }
            if !errors::PyErr_Occurred().is_null() {
                return None;
            }
        }
        if method_found {
            return descr.map(|d| (d, true));
        }
        if let (Some(f), Some(d)) = (get, &descr) {
            return Owned::new(f(d.as_ptr(), obj, tp.cast())).map(|m| (m, false));
        }
        if let Some(d) = descr {
            return Some((d, false));
        }
        errors::raise(
            Exc::AttributeError,
            format!(
                "'{}' object has no attribute '{}'",
                tp_name(tp, 50),
                text_of(name)
            ),
        );
        None
    }
}

/// `PyObject_CallMethodNoArgs(obj, name)`: `obj.name()`.
///
/// # Safety
/// `obj` must be live; `name` a live `str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallMethodNoArgs(
    obj: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    let stack = [obj];
    // SAFETY: per the contract.
    unsafe {
        PyObject_VectorcallMethod(
            name,
            stack.as_ptr(),
            1 | PY_VECTORCALL_ARGUMENTS_OFFSET,
            ptr::null_mut(),
        )
    }
}

/// `PyObject_CallMethodOneArg(obj, name, arg)`: `obj.name(arg)`.
///
/// # Safety
/// `obj` and `arg` must be live; `name` a live `str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallMethodOneArg(
    obj: *mut PyObject,
    name: *mut PyObject,
    arg: *mut PyObject,
) -> *mut PyObject {
    if arg.is_null() {
        return null_error();
    }
    let stack = [obj, arg];
    // SAFETY: per the contract.
    unsafe {
        PyObject_VectorcallMethod(
            name,
            stack.as_ptr(),
            2 | PY_VECTORCALL_ARGUMENTS_OFFSET,
            ptr::null_mut(),
        )
    }
}

/// `_PyObject_FunctionStr(func)`: how call errors name a function:
/// `module.qualname()`, or `qualname()` for built-ins and objects without
/// a module, or `str(func)` when there is no `__qualname__`. None (with
/// the error set) when those lookups fail.
///
/// # Safety
/// `func` must be a live object.
pub(crate) unsafe fn function_str(func: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let mut qualname = ptr::null_mut();
        let key = Owned::new(unicode_from_str("__qualname__"))?;
        if _PyObject_LookupAttr(func, key.as_ptr(), &mut qualname) < 0 {
            return None;
        }
        let Some(qualname) = Owned::new(qualname) else {
            let s = Owned::new(crate::objects::object::PyObject_Str(func))?;
            return Some(text_of(s.as_ptr()));
        };
        let q = str_of(qualname.as_ptr())?;
        let key = Owned::new(unicode_from_str("__module__"))?;
        let mut module = ptr::null_mut();
        if _PyObject_LookupAttr(func, key.as_ptr(), &mut module) < 0 {
            return None;
        }
        if let Some(module) = Owned::new(module)
            && module.as_ptr() != py_none()
        {
            let builtins = Owned::new(unicode_from_str("builtins"))?;
            match PyObject_RichCompareBool(module.as_ptr(), builtins.as_ptr(), Py_NE) {
                r if r < 0 => return None,
                1 => return Some(format!("{}.{q}()", str_of(module.as_ptr())?)),
                _ => {}
            }
        }
        Some(format!("{q}()"))
    }
}

/// `str(obj)` as text (`%S`).
///
/// # Safety
/// `obj` must be a live object.
unsafe fn str_of(obj: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    let s = Owned::new(unsafe { crate::objects::object::PyObject_Str(obj) })?;
    // SAFETY: a live str.
    Some(unsafe { text_of(s.as_ptr()) })
}

/// `_PyObject_FunctionStr(func)` as C sees it: a new `str`, or NULL.
///
/// # Safety
/// `func` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_FunctionStr(func: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    match unsafe { function_str(func) } {
        Some(s) => unicode_from_str(&s),
        None => ptr::null_mut(),
    }
}

// ==========================================================================
// Rust entry point
// ==========================================================================

/// Calls `callable(*args, **kwargs)` and returns its result (a new
/// reference), or the error it raised, taken off the indicator.
///
/// `args` are borrowed; each keyword is a name and a borrowed value. Any
/// error pending before the call is cleared. This is how the Node layer
/// calls module functions, methods and types.
///
/// # Safety
/// `callable` and every argument must be live objects. The call runs
/// arbitrary C code of the extension.
pub unsafe fn call(
    callable: *mut PyObject,
    args: &[*mut PyObject],
    kwargs: &[(&str, *mut PyObject)],
) -> Result<*mut PyObject, PyErrInfo> {
    errors::PyErr_Clear();
    let taken = || {
        Err(errors::take_error().unwrap_or_else(|| {
            errors::raise(Exc::SystemError, "error return without exception set");
            errors::take_error().expect("just raised")
        }))
    };
    if kwargs.is_empty() {
        // SAFETY: per the contract.
        let res =
            unsafe { PyObject_Vectorcall(callable, args.as_ptr(), args.len(), ptr::null_mut()) };
        return if res.is_null() { taken() } else { Ok(res) };
    }
    let Some(names) = Owned::new(PyTuple_New(kwargs.len() as Py_ssize_t)) else {
        return taken();
    };
    let mut stack: Vec<*mut PyObject> = args.to_vec();
    for (i, (name, value)) in kwargs.iter().enumerate() {
        let n = unicode_from_str(name);
        if n.is_null() {
            return taken();
        }
        // SAFETY: a fresh tuple being filled; the name is a new reference
        // it takes over.
        unsafe { PyTuple_SetItem(names.as_ptr(), i as Py_ssize_t, n) };
        stack.push(*value);
    }
    // SAFETY: per the contract; the values follow the arguments.
    let res = unsafe { PyObject_Vectorcall(callable, stack.as_ptr(), args.len(), names.as_ptr()) };
    if res.is_null() { taken() } else { Ok(res) }
}

/// Calls method `name` of `obj` (see [`call`]).
///
/// # Safety
/// As [`call`]; `obj` must be a live object.
pub unsafe fn call_method(
    obj: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
    kwargs: &[(&str, *mut PyObject)],
) -> Result<*mut PyObject, PyErrInfo> {
    errors::PyErr_Clear();
    let attr = Owned::new(unicode_from_str(name)).and_then(|n| {
        // SAFETY: per the contract.
        Owned::new(unsafe { PyObject_GetAttr(obj, n.as_ptr()) })
    });
    match attr {
        // SAFETY: forwarded contract.
        Some(f) => unsafe { call(f.as_ptr(), args, kwargs) },
        None => Err(errors::take_error().expect("GetAttr failed with an error")),
    }
}
