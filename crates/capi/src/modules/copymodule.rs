//! The `copy` module (CPython 3.11's `Lib/copy.py`), written natively:
//! `copy(x)`, `deepcopy(x, memo=None, _nil=[])`, `Error` and its alias
//! `error`, step for step as the Python source runs them, so every hook
//! (`__copy__`, `__deepcopy__`, `__reduce_ex__(4)`, `__reduce__`,
//! `__setstate__`, a reducer's state, list and dict items) is consulted in
//! the same order, and each failure is the one CPython raises.
//!
//! Extensions import it at module level (frozenlist's `import copy`, for
//! its `__deepcopy__`) and call it from `__deepcopy__` methods.
//!
//! Differences, all of form rather than result:
//! - `copy` and `deepcopy` are built-in functions, not Python functions
//!   (their reprs say so); their argument errors are a Python function's.
//! - `copyreg` has no `dispatch_table` here (nothing can register with
//!   `copyreg.pickle`), so that step is taken only if C code has given
//!   `copyreg` a `dispatch_table` dict; the module has no
//!   `dispatch_table` attribute of its own.
//! - Recursion is bounded by the shared recursion limit one level per
//!   nested `deepcopy`, where CPython spends two or three Python frames a
//!   level: deeply nested data hits `RecursionError` later here.

use std::ffi::CStr;
use std::ptr;

use super::native::*;
use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, RecursionGuard, py_none, type_name_max, type_of};
use crate::python::errors;

// ==========================================================================
// Small helpers
// ==========================================================================

/// `getattr(obj, name, None)`: the attribute, None when it is missing
/// (only an AttributeError is swallowed), or Err with the error.
///
/// # Safety
/// `obj` must be live.
unsafe fn getattr_opt(obj: *mut PyObject, name: &CStr) -> Result<Option<Owned>, ()> {
    // SAFETY: per the contract; a NUL-terminated name.
    unsafe {
        match Owned::new(PyObject_GetAttrString(obj, name.as_ptr())) {
            Some(v) => Ok(Some(v)),
            None if PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0 => {
                PyErr_Clear();
                Ok(None)
            }
            None => Err(()),
        }
    }
}

/// `getattr(obj, name, None)` tested `is not None`: the attribute unless it
/// is missing or None.
///
/// # Safety
/// `obj` must be live.
unsafe fn hook(obj: *mut PyObject, name: &CStr) -> Result<Option<Owned>, ()> {
    // SAFETY: forwarded.
    Ok(unsafe { getattr_opt(obj, name) }?.filter(|v| v.as_ptr() != py_none()))
}

/// `id(obj)` as an int.
fn id_of(obj: *mut PyObject) -> R {
    Owned::new(crate::objects::longobject::PyLong_FromVoidPtr(obj.cast()))
}

/// Whether `ty` is exactly one of `types`.
fn one_of(ty: *mut PyTypeObject, types: &[*mut PyTypeObject]) -> bool {
    types.contains(&ty)
}

/// The types `copy()` returns as they are (`_copy_immutable`).
fn immutable_types() -> [*mut PyTypeObject; 18] {
    use crate::objects::*;
    [
        object::_PyNone_Type.get(),
        longobject::PyLong_Type.get(),
        floatobject::PyFloat_Type.get(),
        boolobject::PyBool_Type.get(),
        complexobject::PyComplex_Type.get(),
        unicodeobject::PyUnicode_Type.get(),
        tupleobject::PyTuple_Type.get(),
        bytesobject::PyBytes_Type.get(),
        setobject::PyFrozenSet_Type.get(),
        typeobject::PyType_Type.get(),
        rangeobject::PyRange_Type.get(),
        sliceobject::PySlice_Type.get(),
        descrobject::PyProperty_Type.get(),
        methodobject::PyCFunction_Type.get(),
        object::PyEllipsis_Type.get(),
        object::_PyNotImplemented_Type.get(),
        funcobject::PyFunction_Type.get(),
        weakrefobject::_PyWeakref_RefType.get(),
    ]
}

/// The types `deepcopy()` returns as they are (`_deepcopy_atomic`).
fn atomic_types() -> [*mut PyTypeObject; 16] {
    use crate::objects::*;
    [
        object::_PyNone_Type.get(),
        object::PyEllipsis_Type.get(),
        object::_PyNotImplemented_Type.get(),
        longobject::PyLong_Type.get(),
        floatobject::PyFloat_Type.get(),
        boolobject::PyBool_Type.get(),
        complexobject::PyComplex_Type.get(),
        bytesobject::PyBytes_Type.get(),
        unicodeobject::PyUnicode_Type.get(),
        codeobject::PyCode_Type.get(),
        typeobject::PyType_Type.get(),
        rangeobject::PyRange_Type.get(),
        methodobject::PyCFunction_Type.get(),
        funcobject::PyFunction_Type.get(),
        weakrefobject::_PyWeakref_RefType.get(),
        descrobject::PyProperty_Type.get(),
    ]
}

/// `copyreg.dispatch_table.get(cls)` when C code has given `copyreg` a
/// `dispatch_table` dict (it has none of its own here): the reducer, or
/// None.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn registered_reducer(cls: *mut PyTypeObject) -> Result<Option<Owned>, ()> {
    let Some(copyreg) = crate::python::import::loaded_module("copyreg") else {
        return Ok(None);
    };
    // SAFETY: the live module and type.
    unsafe {
        let Some(table) = getattr_opt(copyreg.as_ptr(), c"dispatch_table")? else {
            return Ok(None);
        };
        if !crate::objects::dictobject::is_dict(table.as_ptr()) {
            return Ok(None);
        }
        let r = PyDict_GetItemWithError(table.as_ptr(), cls.cast());
        if r.is_null() {
            return if PyErr_Occurred().is_null() {
                Ok(None)
            } else {
                Err(())
            };
        }
        Ok(Some(Owned::borrowed(r)))
    }
}

/// What `copy()` and `deepcopy()` do with an object no dispatch or hook
/// covers: its reduction, from a registered reducer, `__reduce_ex__(4)`
/// or `__reduce__()`; `Error("un(<kind>)copyable object of type T")`
/// when it has none.
///
/// # Safety
/// `x` must be live.
unsafe fn reduction(x: *mut PyObject, kind: &str) -> R {
    // SAFETY: per the contract; every result is owned.
    unsafe {
        let cls = type_of(x);
        if let Some(reducer) = registered_reducer(cls)
            .ok()?
            .filter(|r| r.as_ptr() != py_none())
        {
            return Owned::new(PyObject_CallOneArg(reducer.as_ptr(), x));
        }
        if let Some(reduce_ex) = hook(x, c"__reduce_ex__").ok()? {
            let four = Owned::new(PyLong_FromLong(4))?;
            return Owned::new(PyObject_CallOneArg(reduce_ex.as_ptr(), four.as_ptr()));
        }
        // `if reductor:`: a false `__reduce__` counts as none.
        if let Some(reduce) = getattr_opt(x, c"__reduce__").ok()? {
            match PyObject_IsTrue(reduce.as_ptr()) {
                t if t < 0 => return None,
                0 => {}
                _ => return Owned::new(crate::objects::call::PyObject_CallNoArgs(reduce.as_ptr())),
            }
        }
        let error = error_class()?;
        let cls_str = Owned::new(PyObject_Str(cls.cast()))?;
        let message = format!(
            "un({kind})copyable object of type {}",
            crate::objects::object::text_of(cls_str.as_ptr())
        );
        PyErr_SetObject(error.as_ptr(), s(&message)?.as_ptr());
        None
    }
}

/// The items of a reduction `rv` for `_reconstruct(x, memo, *rv)`: a
/// tuple's own, or any iterable's as a tuple ("Value after * must be an
/// iterable" otherwise).
///
/// # Safety
/// `rv` must be live.
unsafe fn star_items(rv: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        if crate::objects::tupleobject::is_tuple(rv) {
            return Some(Owned::borrowed(rv));
        }
        if (*type_of(rv)).tp_iter.is_none() && crate::objects::r#abstract::PySequence_Check(rv) == 0
        {
            return raise(
                Exc::TypeError,
                format!(
                    "Value after * must be an iterable, not {}",
                    type_name_max(rv, usize::MAX)
                ),
            );
        }
        Owned::new(crate::objects::r#abstract::PySequence_Tuple(rv))
    }
}

/// `func(*args)`: a tuple passed as it is, another iterable made one, and
/// anything else "<func>() argument after * must be an iterable".
///
/// # Safety
/// `func` and `args` must be live.
unsafe fn call_star(func: *mut PyObject, args: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let tuple = if crate::objects::tupleobject::is_tuple(args) {
            Owned::borrowed(args)
        } else {
            if (*type_of(args)).tp_iter.is_none()
                && crate::objects::r#abstract::PySequence_Check(args) == 0
            {
                let name = crate::objects::call::function_str(func)?;
                return raise(
                    Exc::TypeError,
                    format!(
                        "{name} argument after * must be an iterable, not {}",
                        type_name_max(args, usize::MAX)
                    ),
                );
            }
            Owned::new(crate::objects::r#abstract::PySequence_Tuple(args))?
        };
        Owned::new(PyObject_Call(func, tuple.as_ptr(), ptr::null_mut()))
    }
}

/// Calls `each(item)` for every item `iterable` yields, stopping at the
/// first failure.
///
/// # Safety
/// `iterable` must be live.
unsafe fn for_each(
    iterable: *mut PyObject,
    mut each: impl FnMut(Owned) -> Option<()>,
) -> Option<()> {
    // SAFETY: per the contract; every item is owned.
    unsafe {
        let it = Owned::new(PyObject_GetIter(iterable))?;
        loop {
            let Some(item) = Owned::new(PyIter_Next(it.as_ptr())) else {
                return PyErr_Occurred().is_null().then_some(());
            };
            each(item)?;
        }
    }
}

// ==========================================================================
// copy()
// ==========================================================================

/// `copy(x)`.
///
/// # Safety
/// `x` must be live.
unsafe fn copy_of(x: *mut PyObject) -> R {
    use crate::objects::*;
    // SAFETY: per the contract; every result is owned.
    unsafe {
        let cls = type_of(x);
        if one_of(cls, &immutable_types()) {
            return Some(Owned::borrowed(x));
        }
        // list, dict, set, bytearray: `cls.copy(x)`, the type's own method.
        if one_of(
            cls,
            &[
                listobject::PyList_Type.get(),
                dictobject::PyDict_Type.get(),
                setobject::PySet_Type.get(),
                bytearrayobject::PyByteArray_Type.get(),
            ],
        ) {
            let method = Owned::new(PyObject_GetAttrString(cls.cast(), c"copy".as_ptr()))?;
            return Owned::new(PyObject_CallOneArg(method.as_ptr(), x));
        }
        if typeobject::PyType_IsSubtype(cls, typeobject::PyType_Type.get()) != 0 {
            return Some(Owned::borrowed(x));
        }
        if let Some(copier) = hook(cls.cast(), c"__copy__").ok()? {
            return Owned::new(PyObject_CallOneArg(copier.as_ptr(), x));
        }
        let rv = reduction(x, "shallow")?;
        if unicodeobject::is_str(rv.as_ptr()) {
            return Some(Owned::borrowed(x));
        }
        let items = star_items(rv.as_ptr())?;
        reconstruct(x, ptr::null_mut(), items.as_ptr())
    }
}

// ==========================================================================
// deepcopy()
// ==========================================================================

/// `deepcopy(x, memo, nil)` with `memo` a live mapping (not None).
///
/// # Safety
/// The arguments must be live.
unsafe fn deepcopy_of(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    use crate::objects::*;
    let _level = RecursionGuard::enter("")?;
    // SAFETY: per the contract; every result is owned.
    unsafe {
        let d = id_of(x)?;
        let get = Owned::new(PyObject_GetAttrString(memo, c"get".as_ptr()))?;
        let pair = [d.as_ptr(), nil];
        let found = Owned::new(crate::objects::call::PyObject_Vectorcall(
            get.as_ptr(),
            pair.as_ptr(),
            2,
            ptr::null_mut(),
        ))?;
        if found.as_ptr() != nil {
            return Some(found);
        }
        drop(found);
        let cls = type_of(x);
        let y = if one_of(cls, &atomic_types()) {
            Owned::borrowed(x)
        } else if cls == listobject::PyList_Type.get() {
            deepcopy_list(x, memo, nil)?
        } else if cls == tupleobject::PyTuple_Type.get() {
            deepcopy_tuple(x, memo, nil)?
        } else if cls == dictobject::PyDict_Type.get() {
            deepcopy_dict(x, memo, nil)?
        } else if cls == classobject::PyMethod_Type.get() {
            deepcopy_method(x, memo, nil)?
        } else if typeobject::PyType_IsSubtype(cls, typeobject::PyType_Type.get()) != 0 {
            Owned::borrowed(x)
        } else if let Some(copier) = hook(x, c"__deepcopy__").ok()? {
            Owned::new(PyObject_CallOneArg(copier.as_ptr(), memo))?
        } else {
            let rv = reduction(x, "deep")?;
            if unicodeobject::is_str(rv.as_ptr()) {
                Owned::borrowed(x)
            } else {
                let items = star_items(rv.as_ptr())?;
                reconstruct(x, memo, items.as_ptr())?
            }
        };
        // An object that is its own copy is not memoised.
        if y.as_ptr() != x {
            if r#abstract::PyObject_SetItem(memo, d.as_ptr(), y.as_ptr()) < 0 {
                return None;
            }
            keep_alive(x, memo)?;
        }
        Some(y)
    }
}

/// `deepcopy(x, memo)` as the dispatch functions call it (the default
/// `_nil`, which they never see).
///
/// # Safety
/// The arguments must be live.
unsafe fn deep(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    // SAFETY: forwarded.
    unsafe { deepcopy_of(x, memo, nil) }
}

/// `_keep_alive(x, memo)`: appends `x` to `memo[id(memo)]`, making that
/// list first, so the ids memoised stay those of live objects.
///
/// # Safety
/// The arguments must be live.
unsafe fn keep_alive(x: *mut PyObject, memo: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract.
    unsafe {
        let key = id_of(memo)?;
        match Owned::new(PyObject_GetItem(memo, key.as_ptr())) {
            Some(list) => {
                Owned::new(PyObject_CallMethodOneArg(
                    list.as_ptr(),
                    s("append")?.as_ptr(),
                    x,
                ))?;
            }
            None => {
                if PyErr_ExceptionMatches(Exc::KeyError.type_object()) == 0 {
                    return None;
                }
                PyErr_Clear();
                let list = Owned::new(PyList_New(0))?;
                if PyList_Append(list.as_ptr(), x) < 0
                    || crate::objects::r#abstract::PyObject_SetItem(
                        memo,
                        key.as_ptr(),
                        list.as_ptr(),
                    ) < 0
                {
                    return None;
                }
            }
        }
        Some(())
    }
}

/// `_deepcopy_list`: the new list is memoised before its items are
/// copied, so a list inside itself copies to a list inside itself.
///
/// # Safety
/// The arguments must be live; `x` a list.
unsafe fn deepcopy_list(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let y = Owned::new(PyList_New(0))?;
        let key = id_of(x)?;
        if crate::objects::r#abstract::PyObject_SetItem(memo, key.as_ptr(), y.as_ptr()) < 0 {
            return None;
        }
        let append = Owned::new(PyObject_GetAttrString(y.as_ptr(), c"append".as_ptr()))?;
        for_each(x, |a| {
            let c = deep(a.as_ptr(), memo, nil)?;
            Owned::new(PyObject_CallOneArg(append.as_ptr(), c.as_ptr())).map(drop)
        })?;
        Some(y)
    }
}

/// `_deepcopy_tuple`: the items' copies; the tuple itself when every copy
/// is its item, or the copy made meanwhile when the tuple was reached
/// through its own items.
///
/// # Safety
/// The arguments must be live; `x` a tuple.
unsafe fn deepcopy_tuple(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let mut copies: Vec<Owned> = Vec::new();
        for_each(x, |a| {
            copies.push(deep(a.as_ptr(), memo, nil)?);
            Some(())
        })?;
        let key = id_of(x)?;
        match Owned::new(PyObject_GetItem(memo, key.as_ptr())) {
            Some(made) => return Some(made),
            None => {
                if PyErr_ExceptionMatches(Exc::KeyError.type_object()) == 0 {
                    return None;
                }
                PyErr_Clear();
            }
        }
        let n = PyTuple_Size(x);
        let same = (0..n)
            .all(|i| copies.get(i as usize).map(Owned::as_ptr) == Some(PyTuple_GetItem(x, i)));
        if same && copies.len() == n as usize {
            return Some(Owned::borrowed(x));
        }
        let ptrs: Vec<*mut PyObject> = copies.iter().map(Owned::as_ptr).collect();
        Owned::new(crate::objects::tupleobject::tuple_from_slice(&ptrs))
    }
}

/// `_deepcopy_dict`: memoised first, then each key and value copied, over
/// `x.items()` (so a dict changed meanwhile raises as iteration does).
///
/// # Safety
/// The arguments must be live; `x` a dict.
unsafe fn deepcopy_dict(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let y = Owned::new(PyDict_New())?;
        let key = id_of(x)?;
        if crate::objects::r#abstract::PyObject_SetItem(memo, key.as_ptr(), y.as_ptr()) < 0 {
            return None;
        }
        let items = Owned::new(PyObject_CallMethodNoArgs(x, s("items")?.as_ptr()))?;
        for_each(items.as_ptr(), |pair| {
            let (k, v) = unpack_pair(pair.as_ptr())?;
            let k = deep(k.as_ptr(), memo, nil)?;
            let v = deep(v.as_ptr(), memo, nil)?;
            (PyDict_SetItem(y.as_ptr(), k.as_ptr(), v.as_ptr()) == 0).then_some(())
        })?;
        Some(y)
    }
}

/// `_deepcopy_method`: `type(x)(x.__func__, deepcopy(x.__self__, memo))`.
///
/// # Safety
/// The arguments must be live; `x` a bound method.
unsafe fn deepcopy_method(x: *mut PyObject, memo: *mut PyObject, nil: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let func = Owned::new(PyObject_GetAttrString(x, c"__func__".as_ptr()))?;
        let slf = Owned::new(PyObject_GetAttrString(x, c"__self__".as_ptr()))?;
        let slf = deep(slf.as_ptr(), memo, nil)?;
        let args = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            func.as_ptr(),
            slf.as_ptr(),
        ]))?;
        Owned::new(PyObject_Call(
            type_of(x).cast(),
            args.as_ptr(),
            ptr::null_mut(),
        ))
    }
}

// ==========================================================================
// _reconstruct()
// ==========================================================================

/// `_reconstruct(x, memo, *items)` (`memo` NULL for a shallow copy):
/// `func(*args)`, then the state (through `__setstate__`, or into
/// `__dict__` and slot attributes), the list items and the dict items of
/// the reduction.
///
/// # Safety
/// The arguments must be live (`memo` NULL or live); `items` a tuple.
unsafe fn reconstruct(x: *mut PyObject, memo: *mut PyObject, items: *mut PyObject) -> R {
    // SAFETY: per the contract; every result is owned.
    unsafe {
        let n = PyTuple_Size(items) as usize;
        if n > 5 {
            return raise(
                Exc::TypeError,
                format!(
                    "_reconstruct() takes from 4 to 7 positional arguments but {} were given",
                    n + 2
                ),
            );
        }
        if n < 2 {
            return raise(
                Exc::TypeError,
                if n == 0 {
                    "_reconstruct() missing 2 required positional arguments: 'func' and 'args'"
                } else {
                    "_reconstruct() missing 1 required positional argument: 'args'"
                },
            );
        }
        let item = |i: usize| {
            if i < n {
                PyTuple_GetItem(items, i as Py_ssize_t)
            } else {
                py_none()
            }
        };
        let (func, args, state, listiter, dictiter) = (item(0), item(1), item(2), item(3), item(4));
        let deep_copy = !memo.is_null();
        let nil = if deep_copy {
            nil_sentinel()?
        } else {
            Owned::borrowed(py_none())
        };
        let y = if deep_copy && PyObject_IsTrue(args) != 0 {
            if !PyErr_Occurred().is_null() {
                return None;
            }
            let mut copies: Vec<Owned> = Vec::new();
            for_each(args, |a| {
                copies.push(deep(a.as_ptr(), memo, nil.as_ptr())?);
                Some(())
            })?;
            let ptrs: Vec<*mut PyObject> = copies.iter().map(Owned::as_ptr).collect();
            let t = Owned::new(crate::objects::tupleobject::tuple_from_slice(&ptrs))?;
            Owned::new(PyObject_Call(func, t.as_ptr(), ptr::null_mut()))?
        } else {
            if !PyErr_Occurred().is_null() {
                return None;
            }
            call_star(func, args)?
        };
        if deep_copy {
            let key = id_of(x)?;
            if crate::objects::r#abstract::PyObject_SetItem(memo, key.as_ptr(), y.as_ptr()) < 0 {
                return None;
            }
        }
        if state != py_none() {
            let state = if deep_copy {
                deep(state, memo, nil.as_ptr())?
            } else {
                Owned::borrowed(state)
            };
            if let Some(setstate) = getattr_opt(y.as_ptr(), c"__setstate__").ok()? {
                Owned::new(PyObject_CallOneArg(setstate.as_ptr(), state.as_ptr()))?;
            } else {
                let (state, slotstate) = if crate::objects::tupleobject::is_tuple(state.as_ptr())
                    && PyTuple_Size(state.as_ptr()) == 2
                {
                    (
                        Owned::borrowed(PyTuple_GetItem(state.as_ptr(), 0)),
                        Owned::borrowed(PyTuple_GetItem(state.as_ptr(), 1)),
                    )
                } else {
                    (state, Owned::borrowed(py_none()))
                };
                if state.as_ptr() != py_none() {
                    let dict =
                        Owned::new(PyObject_GetAttrString(y.as_ptr(), c"__dict__".as_ptr()))?;
                    Owned::new(PyObject_CallMethodOneArg(
                        dict.as_ptr(),
                        s("update")?.as_ptr(),
                        state.as_ptr(),
                    ))?;
                }
                if slotstate.as_ptr() != py_none() {
                    let pairs = Owned::new(PyObject_CallMethodNoArgs(
                        slotstate.as_ptr(),
                        s("items")?.as_ptr(),
                    ))?;
                    for_each(pairs.as_ptr(), |pair| {
                        let (k, v) = unpack_pair(pair.as_ptr())?;
                        (PyObject_SetAttr(y.as_ptr(), k.as_ptr(), v.as_ptr()) == 0).then_some(())
                    })?;
                }
            }
        }
        if listiter != py_none() {
            for_each(listiter, |item| {
                let item = if deep_copy {
                    deep(item.as_ptr(), memo, nil.as_ptr())?
                } else {
                    item
                };
                Owned::new(PyObject_CallMethodOneArg(
                    y.as_ptr(),
                    s("append")?.as_ptr(),
                    item.as_ptr(),
                ))
                .map(drop)
            })?;
        }
        if dictiter != py_none() {
            for_each(dictiter, |pair| {
                let (k, v) = unpack_pair(pair.as_ptr())?;
                let (k, v) = if deep_copy {
                    (
                        deep(k.as_ptr(), memo, nil.as_ptr())?,
                        deep(v.as_ptr(), memo, nil.as_ptr())?,
                    )
                } else {
                    (k, v)
                };
                (crate::objects::r#abstract::PyObject_SetItem(y.as_ptr(), k.as_ptr(), v.as_ptr())
                    == 0)
                    .then_some(())
            })?;
        }
        Some(y)
    }
}

// ==========================================================================
// The module
// ==========================================================================

/// `deepcopy`'s default `_nil`: a list made once, which no memo holds.
fn nil_sentinel() -> R {
    static NIL: MadeOnce = MadeOnce::new();
    Owned::new(NIL.new_ref(|| crate::objects::listobject::PyList_New(0)))
}

/// `copy.Error` (an `Exception` subclass), made once.
fn error_class() -> R {
    static ERROR: MadeOnce = MadeOnce::new();
    // SAFETY: NUL-terminated names; the base is a live static class.
    Owned::new(ERROR.new_ref(|| unsafe {
        errors::PyErr_NewException(
            c"copy.Error".as_ptr(),
            Exc::Exception.type_object(),
            ptr::null_mut(),
        )
    }))
}

/// `copy(x)` as a Python function binds it.
unsafe extern "C" fn copy_copy(
    _module: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a varargs call's tuple and NULL or dict.
    unsafe {
        let Some(bound) = bind_python_args("copy", &["x"], 1, args, kw) else {
            return ptr::null_mut();
        };
        copy_of(bound[0]).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `deepcopy(x, memo=None, _nil=[])` as a Python function binds it.
unsafe extern "C" fn copy_deepcopy(
    _module: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a varargs call's tuple and NULL or dict; every object made is
    // owned.
    unsafe {
        let Some(bound) = bind_python_args("deepcopy", &["x", "memo", "_nil"], 1, args, kw) else {
            return ptr::null_mut();
        };
        let memo = if bound[1].is_null() || bound[1] == py_none() {
            match Owned::new(PyDict_New()) {
                Some(m) => m,
                None => return ptr::null_mut(),
            }
        } else {
            Owned::borrowed(bound[1])
        };
        let nil = if bound[2].is_null() {
            match nil_sentinel() {
                Some(n) => n,
                None => return ptr::null_mut(),
            }
        } else {
            Owned::borrowed(bound[2])
        };
        deepcopy_of(bound[0], memo.as_ptr(), nil.as_ptr()).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

static COPY_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"copy".as_ptr(),
        // SAFETY: the tuple-and-keywords signature METH_VARARGS |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(copy_copy)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Shallow copy operation on arbitrary Python objects.\n\n    See the module's __doc__ string for more info.\n    ".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"deepcopy".as_ptr(),
        // SAFETY: as above.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(copy_deepcopy)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Deep copy operation on arbitrary Python objects.\n\n    See the module's __doc__ string for more info.\n    ".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

const MODULE_DOC: &CStr = c"Generic (shallow and deep) copying operations.

Interface summary:

        import copy

        x = copy.copy(y)        # make a shallow copy of y
        x = copy.deepcopy(y)    # make a deep copy of y

For module specific errors, copy.Error is raised.

The difference between shallow and deep copying is only relevant for
compound objects (objects that contain other objects, like lists or
class instances).

- A shallow copy constructs a new compound object and then (to the
  extent possible) inserts *the same objects* into it that the
  original contains.

- A deep copy constructs a new compound object and then, recursively,
  inserts *copies* into it of the objects found in the original.

Two problems often exist with deep copy operations that don't exist
with shallow copy operations:

 a) recursive objects (compound objects that, directly or indirectly,
    contain a reference to themselves) may cause a recursive loop

 b) because deep copy copies *everything* it may copy too much, e.g.
    administrative data structures that should be shared even between
    copies

Python's deep copy operation avoids these problems by:

 a) keeping a table of objects already copied during the current
    copying pass

 b) letting user-defined classes override the copying operation or the
    set of components copied

This version does not copy types like module, class, function, method,
nor stack trace, stack frame, nor file, socket, window, nor any
similar types.

Classes can use the same interfaces to control copying that they use
to control pickling: they can define methods called __getinitargs__(),
__getstate__() and __setstate__().  See the documentation for module
\"pickle\" for information on these methods.
";

/// Makes the `copy` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object added is live.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"copy".as_ptr())) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            COPY_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        let Some(doc) = s(&MODULE_DOC.to_string_lossy()) else {
            return ptr::null_mut();
        };
        let Some(error) = error_class() else {
            return ptr::null_mut();
        };
        let Some(all) = Owned::new(crate::objects::listobject::PyList_New(0)) else {
            return ptr::null_mut();
        };
        for name in ["Error", "copy", "deepcopy"] {
            let Some(n) = s(name) else {
                return ptr::null_mut();
            };
            if PyList_Append(all.as_ptr(), n.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        let items = [
            (c"__doc__", doc.as_ptr()),
            (c"Error", error.as_ptr()),
            (c"error", error.as_ptr()),
            (c"__all__", all.as_ptr()),
        ];
        if add_objects(m.as_ptr(), &items).is_none() {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}
