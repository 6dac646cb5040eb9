//! The `builtins` module (CPython's `Python/bltinmodule.c`), as far as it
//! exists without an interpreter: the built-in types, constants and
//! exception classes pybuffer has, the built-in functions that are one
//! C API call each (`all`, `any`, `ascii`, `bin`, `chr`, `divmod`, `hex`,
//! `iter`, `next`, `oct`, `ord`, `delattr`, `sum`, `pow`, `sorted` among
//! them), `min` / `max`, and
//! the `map`, `zip` and `filter` iterators
//! (`PyMap_Type`, `PyZip_Type`, `PyFilter_Type`), `vars`. Extensions look names up in it (Cython resolves every
//! builtin its code names, `TypeError` or `len`, through
//! `PyImport_AddModule("builtins")` when the module initialises, and
//! imports `builtins.type` and friends to check their sizes); a name that
//! is not here fails the lookup with `AttributeError` / `NameError`, as it
//! would for a name CPython does not have.
//!
//! The import machinery (`crate::python::import`) makes the module on
//! first use and keeps it as the loaded module `builtins`.

mod doc;

use std::ffi::{CStr, c_int};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{PyIter_Next, PyObject_GetIter, self_iter};
use crate::objects::r#abstract::{PyNumber_Absolute, PyObject_Size};
use crate::objects::boolobject::{PyBool_FromLong, py_false, py_true};
use crate::objects::call::{PyObject_CallOneArg, PyObject_Vectorcall};
use crate::objects::dictobject::PyDict_Size;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{PyLong_FromSsize_t, PyLong_FromVoidPtr};
use crate::objects::moduleobject::{PyModule_AddFunctions, PyModule_New, PyModule_SetDocString};
use crate::objects::object::{
    Owned, PyCallable_Check, PyObject_GetAttr, PyObject_Hash, PyObject_Repr, PyObject_SetAttr,
    is_str, none, py_none,
};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_RichCompareBool, alloc, type_of,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::{PyTuple_New, items, size};
use crate::objects::typeobject::{PyObject_IsInstance, PyObject_IsSubclass, static_type};
use crate::python::clinic::{method_with_doc, static_parser};
use crate::python::errors;
use crate::python::modsupport::PyModule_AddObjectRef;

/// The positional arguments of a `METH_VARARGS` call (copied out of the
/// tuple), or None after raising CPython's "NAME expected N arguments,
/// got M" `TypeError`.
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn unpack(
    args: *mut PyObject,
    name: &str,
    min: usize,
    max: usize,
) -> Option<Vec<*mut PyObject>> {
    // SAFETY: a live tuple per the contract: `ob_size` items.
    let got: Vec<*mut PyObject> = unsafe {
        let n = (*args.cast::<PyVarObject>()).ob_size as usize;
        (0..n).map(|i| *items(args).add(i)).collect()
    };
    if got.len() < min || got.len() > max {
        let message = if min == max {
            format!(
                "{name} expected {min} argument{}, got {}",
                if min == 1 { "" } else { "s" },
                got.len()
            )
        } else if got.len() < min {
            format!(
                "{name} expected at least {min} argument{}, got {}",
                if min == 1 { "" } else { "s" },
                got.len()
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {}",
                if max == 1 { "" } else { "s" },
                got.len()
            )
        };
        errors::raise(Exc::TypeError, message);
        return None;
    }
    Some(got)
}

/// NULL with CPython's `TypeError` for an attribute name that is not a
/// `str`.
///
/// # Safety
/// `name` must be a live object.
unsafe fn name_not_str(name: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    let tname = unsafe { crate::objects::object::type_name_of(name) };
    errors::fail_null(
        Exc::TypeError,
        format!("attribute name must be string, not '{tname}'"),
    )
}

/// `format(value, format_spec='')`.
unsafe extern "C" fn builtin_format(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_VARARGS passes a live tuple.
    let Some(got) = (unsafe { unpack(args, "format", 1, 2) }) else {
        return ptr::null_mut();
    };
    let spec = got.get(1).copied().unwrap_or(ptr::null_mut());
    // SAFETY: live arguments.
    unsafe {
        if !spec.is_null() && !is_str(spec) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "format() argument 2 must be str, not {}",
                    crate::objects::object::type_name_of(spec)
                ),
            );
        }
        crate::objects::r#abstract::PyObject_Format(got[0], spec)
    }
}

static_parser!(ROUND_KW = [c"number", c"ndigits"]; ROUND_PARSER = c"round");

/// `round(number, ndigits=None)`: `type(number).__round__(number)` or
/// `type(number).__round__(number, ndigits)`.
unsafe extern "C" fn builtin_round(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; every new reference is released.
    unsafe {
        let Some([number, ndigits]) =
            crate::python::clinic::unpack::<2>(&ROUND_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        let meth = match crate::objects::typeobject::lookup_special(number, "__round__") {
            Err(()) => return ptr::null_mut(),
            Ok(Some(m)) => m,
            Ok(None) => {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "type {} doesn't define __round__ method",
                        crate::objects::r#abstract::type_name_n(number, 100)
                    ),
                );
            }
        };
        if ndigits.is_null() || ndigits == py_none() {
            crate::objects::call::PyObject_CallNoArgs(meth.as_ptr())
        } else {
            crate::objects::call::PyObject_CallOneArg(meth.as_ptr(), ndigits)
        }
    }
}

/// `len(obj)`.
unsafe extern "C" fn builtin_len(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    let n = unsafe { PyObject_Size(obj) };
    if n < 0 {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(n)
}

/// `repr(obj)`.
unsafe extern "C" fn builtin_repr(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { PyObject_Repr(obj) }
}

/// `hash(obj)`.
unsafe extern "C" fn builtin_hash(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    let h = unsafe { PyObject_Hash(obj) };
    if h == -1 && !errors::PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(h)
}

/// `id(obj)`: the object's address.
unsafe extern "C" fn builtin_id(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    PyLong_FromVoidPtr(obj.cast())
}

/// `callable(obj)`.
unsafe extern "C" fn builtin_callable(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    PyBool_FromLong(unsafe { PyCallable_Check(obj) }.into())
}

/// `abs(obj)`.
unsafe extern "C" fn builtin_abs(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { PyNumber_Absolute(obj) }
}

/// A truth value from a C API answer (-1: the error is pending).
fn bool_result(r: c_int) -> *mut PyObject {
    if r < 0 {
        ptr::null_mut()
    } else {
        PyBool_FromLong(r.into())
    }
}

/// `isinstance(obj, class_or_tuple)`.
unsafe extern "C" fn builtin_isinstance(
    _module: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "isinstance", 2, 2) else {
            return ptr::null_mut();
        };
        bool_result(PyObject_IsInstance(a[0], a[1]))
    }
}

/// `issubclass(cls, class_or_tuple)`.
unsafe extern "C" fn builtin_issubclass(
    _module: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "issubclass", 2, 2) else {
            return ptr::null_mut();
        };
        bool_result(PyObject_IsSubclass(a[0], a[1]))
    }
}

/// `getattr(obj, name[, default])`: a missing attribute gives `default`
/// when there is one (only for `AttributeError`).
unsafe extern "C" fn builtin_getattr(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "getattr", 2, 3) else {
            return ptr::null_mut();
        };
        if !is_str(a[1]) {
            return name_not_str(a[1]);
        }
        let r = PyObject_GetAttr(a[0], a[1]);
        if r.is_null()
            && a.len() == 3
            && errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0
        {
            errors::PyErr_Clear();
            return Owned::borrowed(a[2]).into_raw();
        }
        r
    }
}

/// `dir([object])`: [`PyObject_Dir`](crate::objects::object::PyObject_Dir)
/// of the argument (without one, the current scope's names: there is no
/// frame here, so `SystemError("frame does not exist")`).
unsafe extern "C" fn builtin_dir(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "dir", 0, 1) else {
            return ptr::null_mut();
        };
        crate::objects::object::PyObject_Dir(a.first().copied().unwrap_or(ptr::null_mut()))
    }
}

/// `vars(obj)`: `obj.__dict__`; `vars()`: the current frame's locals,
/// which from C (no frame) is `PyEval_GetLocals`'s
/// `SystemError("frame does not exist")`, as CPython answers there.
///
/// Fails (NULL) with `TypeError("vars() argument must have __dict__
/// attribute")` or the error of getting `__dict__`.
unsafe extern "C" fn builtin_vars(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "vars", 0, 1) else {
            return ptr::null_mut();
        };
        let Some(&v) = a.first() else {
            let d = crate::python::ceval::PyEval_GetLocals();
            Py_IncRef(d);
            return d;
        };
        let Some(key) = Owned::new(crate::objects::unicodeobject::unicode_from_str("__dict__"))
        else {
            return ptr::null_mut();
        };
        let mut d = ptr::null_mut();
        if crate::objects::object::_PyObject_LookupAttr(v, key.as_ptr(), &mut d) == 0 {
            return errors::fail_null(
                Exc::TypeError,
                "vars() argument must have __dict__ attribute",
            );
        }
        d
    }
}

/// `hasattr(obj, name)`: False only for `AttributeError`.
unsafe extern "C" fn builtin_hasattr(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "hasattr", 2, 2) else {
            return ptr::null_mut();
        };
        if !is_str(a[1]) {
            return name_not_str(a[1]);
        }
        let r = PyObject_GetAttr(a[0], a[1]);
        if r.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0 {
                errors::PyErr_Clear();
                return PyBool_FromLong(0);
            }
            return ptr::null_mut();
        }
        crate::objects::object::Py_DecRef(r);
        PyBool_FromLong(1)
    }
}

/// `setattr(obj, name, value)`.
unsafe extern "C" fn builtin_setattr(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "setattr", 3, 3) else {
            return ptr::null_mut();
        };
        if PyObject_SetAttr(a[0], a[1], a[2]) < 0 {
            return ptr::null_mut();
        }
        none()
    }
}

// ==========================================================================
// More builtins: all, any, ascii, bin, oct, hex, chr, ord, divmod, iter,
// next, delattr, sum, pow, sorted
// ==========================================================================

// The C API this section calls by its C names (all exported by this library).
unsafe extern "C" {
    fn PyNumber_Divmod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject;
    fn PyCallIter_New(callable: *mut PyObject, sentinel: *mut PyObject) -> *mut PyObject;
    fn PyUnicode_FromOrdinal(ordinal: c_int) -> *mut PyObject;
    fn PyUnicode_GetLength(s: *mut PyObject) -> Py_ssize_t;
    fn PyUnicode_ReadChar(s: *mut PyObject, index: Py_ssize_t) -> u32;
    fn PyBytes_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyBytes_AsString(o: *mut PyObject) -> *mut std::ffi::c_char;
    fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyByteArray_AsString(o: *mut PyObject) -> *mut std::ffi::c_char;
    fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int;
    fn PyLong_FromLong(v: std::ffi::c_long) -> *mut PyObject;
}

/// Whether `o` is an instance of the static type `tp` (or a subclass).
///
/// # Safety
/// `o` must be live.
unsafe fn instance_of(o: *mut PyObject, tp: *mut PyTypeObject) -> bool {
    // SAFETY: a live object and a static type.
    unsafe { type_of(o) == tp || PyType_IsSubtype(type_of(o), tp) != 0 }
}

/// `all(iterable)` (`all`) / `any(iterable)`: the first false item
/// decides `all`, the first true one `any`.
///
/// # Safety
/// `iterable` must be live.
unsafe fn all_or_any(iterable: *mut PyObject, all: bool) -> *mut PyObject {
    // SAFETY: a live argument; the iterator and items are owned here.
    unsafe {
        let Some(it) = Owned::new(PyObject_GetIter(iterable)) else {
            return ptr::null_mut();
        };
        loop {
            let item = PyIter_Next(it.as_ptr());
            if item.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                return PyBool_FromLong(all.into());
            }
            let truth = crate::objects::object::PyObject_IsTrue(item);
            Py_DecRef(item);
            if truth < 0 {
                return ptr::null_mut();
            }
            if (truth != 0) != all {
                return PyBool_FromLong((!all).into());
            }
        }
    }
}

/// `all(iterable)`.
unsafe extern "C" fn builtin_all(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { all_or_any(obj, true) }
}

/// `any(iterable)`.
unsafe extern "C" fn builtin_any(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { all_or_any(obj, false) }
}

/// `ascii(obj)`.
unsafe extern "C" fn builtin_ascii(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { crate::objects::object::PyObject_ASCII(obj) }
}

/// `bin(number)`.
unsafe extern "C" fn builtin_bin(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { crate::objects::r#abstract::PyNumber_ToBase(obj, 2) }
}

/// `oct(number)`.
unsafe extern "C" fn builtin_oct(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { crate::objects::r#abstract::PyNumber_ToBase(obj, 8) }
}

/// `hex(number)`.
unsafe extern "C" fn builtin_hex(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe { crate::objects::r#abstract::PyNumber_ToBase(obj, 16) }
}

/// `chr(i)`: as 3.11's clinic `int` converter reads `i` (no floats; a
/// C `int`), then `PyUnicode_FromOrdinal`'s range check.
unsafe extern "C" fn builtin_chr(_module: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call.
    unsafe {
        if instance_of(obj, crate::objects::floatobject::PyFloat_Type.get()) {
            errors::raise(
                Exc::TypeError,
                "'float' object cannot be interpreted as an integer",
            );
            return ptr::null_mut();
        }
        let i = crate::objects::longobject::_PyLong_AsInt(obj);
        if i == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        PyUnicode_FromOrdinal(i)
    }
}

/// `ord(c)`: the code point of a one-character str, or the byte of a
/// one-byte bytes / bytearray, with CPython's messages otherwise.
unsafe extern "C" fn builtin_ord(_module: *mut PyObject, c: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument from the call; the sizes bound the reads.
    unsafe {
        let (size, what) = if instance_of(c, crate::objects::bytesobject::PyBytes_Type.get()) {
            let n = PyBytes_Size(c);
            if n == 1 {
                return PyLong_FromLong((*PyBytes_AsString(c).cast::<u8>()).into());
            }
            (n, "a character, but string")
        } else if is_str(c) {
            let n = PyUnicode_GetLength(c);
            if n == 1 {
                return PyLong_FromLong(PyUnicode_ReadChar(c, 0).into());
            }
            (n, "a character, but string")
        } else if instance_of(c, crate::objects::bytearrayobject::PyByteArray_Type.get()) {
            let n = PyByteArray_Size(c);
            if n == 1 {
                return PyLong_FromLong((*PyByteArray_AsString(c).cast::<u8>()).into());
            }
            (n, "a character, but string")
        } else {
            errors::raise(
                Exc::TypeError,
                format!(
                    "ord() expected string of length 1, but {} found",
                    crate::objects::object::tp_name(type_of(c), 200)
                ),
            );
            return ptr::null_mut();
        };
        errors::raise(
            Exc::TypeError,
            format!("ord() expected {what} of length {size} found"),
        );
        ptr::null_mut()
    }
}

/// `divmod(x, y)`.
unsafe extern "C" fn builtin_divmod(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "divmod", 2, 2) else {
            return ptr::null_mut();
        };
        PyNumber_Divmod(a[0], a[1])
    }
}

/// `iter(object)` / `iter(callable, sentinel)`.
unsafe extern "C" fn builtin_iter(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "iter", 1, 2) else {
            return ptr::null_mut();
        };
        if a.len() == 1 {
            return PyObject_GetIter(a[0]);
        }
        if PyCallable_Check(a[0]) == 0 {
            errors::raise(Exc::TypeError, "iter(v, w): v must be callable");
            return ptr::null_mut();
        }
        PyCallIter_New(a[0], a[1])
    }
}

/// `next(iterator[, default])`: the iterator's next item; at its end
/// `default` when given (also for a StopIteration it raised), else
/// StopIteration.
unsafe extern "C" fn builtin_next(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "next", 1, 2) else {
            return ptr::null_mut();
        };
        let it = a[0];
        if crate::objects::r#abstract::PyIter_Check(it) == 0 {
            errors::raise(
                Exc::TypeError,
                format!(
                    "'{}' object is not an iterator",
                    crate::objects::object::tp_name(type_of(it), 200)
                ),
            );
            return ptr::null_mut();
        }
        let Some(next) = (*type_of(it)).tp_iternext else {
            return ptr::null_mut();
        };
        let item = next(it);
        if !item.is_null() {
            return item;
        }
        if !errors::PyErr_Occurred().is_null() {
            if a.len() < 2 || errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) == 0
            {
                return ptr::null_mut();
            }
            errors::PyErr_Clear();
        }
        if a.len() == 2 {
            return Owned::borrowed(a[1]).into_raw();
        }
        errors::PyErr_SetNone(Exc::StopIteration.type_object());
        ptr::null_mut()
    }
}

/// `delattr(obj, name)`.
unsafe extern "C" fn builtin_delattr(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "delattr", 2, 2) else {
            return ptr::null_mut();
        };
        if PyObject_SetAttr(a[0], a[1], ptr::null_mut()) < 0 {
            return ptr::null_mut();
        }
        none()
    }
}

static_parser!(SUM_KW = [c"", c"start"]; SUM_PARSER = c"sum");

/// `sum(iterable, /, start=0)`: `start + item0 + item1 + ...`, refusing
/// a str, bytes or bytearray `start` as CPython does (after getting the
/// iterator). CPython's int and float fast paths give the same results as
/// these additions.
unsafe extern "C" fn builtin_sum(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; every new reference is released.
    unsafe {
        let Some([iterable, start]) =
            crate::python::clinic::unpack::<2>(&SUM_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        let Some(it) = Owned::new(PyObject_GetIter(iterable)) else {
            return ptr::null_mut();
        };
        let mut result = if start.is_null() {
            match Owned::new(PyLong_FromLong(0)) {
                Some(zero) => zero,
                None => return ptr::null_mut(),
            }
        } else {
            let refused = if is_str(start) {
                Some("sum() can't sum strings [use ''.join(seq) instead]")
            } else if instance_of(start, crate::objects::bytesobject::PyBytes_Type.get()) {
                Some("sum() can't sum bytes [use b''.join(seq) instead]")
            } else if instance_of(
                start,
                crate::objects::bytearrayobject::PyByteArray_Type.get(),
            ) {
                Some("sum() can't sum bytearray [use b''.join(seq) instead]")
            } else {
                None
            };
            if let Some(message) = refused {
                errors::raise(Exc::TypeError, message);
                return ptr::null_mut();
            }
            Owned::borrowed(start)
        };
        loop {
            let Some(item) = Owned::new(PyIter_Next(it.as_ptr())) else {
                if !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                return result.into_raw();
            };
            match Owned::new(crate::objects::r#abstract::PyNumber_Add(
                result.as_ptr(),
                item.as_ptr(),
            )) {
                Some(sum) => result = sum,
                None => return ptr::null_mut(),
            }
        }
    }
}

static_parser!(POW_KW = [c"base", c"exp", c"mod"]; POW_PARSER = c"pow");

/// `pow(base, exp, mod=None)`.
unsafe extern "C" fn builtin_pow(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some([base, exp, modulus]) =
            crate::python::clinic::unpack::<3>(&POW_PARSER, args, nargs, kwnames, 2, 3)
        else {
            return ptr::null_mut();
        };
        let modulus = if modulus.is_null() {
            py_none()
        } else {
            modulus
        };
        crate::objects::r#abstract::PyNumber_Power(base, exp, modulus)
    }
}

/// `sorted(iterable, /, *, key=None, reverse=False)`: a new list of the
/// items, sorted by `list.sort`, which checks the keywords (so its
/// messages name `sort()`, as CPython's do).
unsafe extern "C" fn builtin_sorted(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments (the keyword values after the
    // positional ones); every new reference is released.
    unsafe {
        if nargs != 1 {
            errors::raise(
                Exc::TypeError,
                format!("sorted expected 1 argument, got {nargs}"),
            );
            return ptr::null_mut();
        }
        let Some(list) = Owned::new(crate::objects::r#abstract::PySequence_List(*args)) else {
            return ptr::null_mut();
        };
        let Some(sort) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            list.as_ptr(),
            c"sort".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(done) = Owned::new(PyObject_Vectorcall(sort.as_ptr(), args.add(1), 0, kwnames))
        else {
            return ptr::null_mut();
        };
        drop(done);
        list.into_raw()
    }
}

// ==========================================================================
// aiter, anext
// ==========================================================================

/// `aiter(async_iterable, /)`: [`PyObject_GetAIter`].
///
/// [`PyObject_GetAIter`]: crate::objects::r#abstract::PyObject_GetAIter
unsafe extern "C" fn builtin_aiter(_module: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument.
    unsafe { crate::objects::r#abstract::PyObject_GetAIter(o) }
}

/// `anext(aiterator, default=<unrepresentable>, /)`: the awaitable
/// `aiterator.__anext__()` returns; with a default, an `anext_awaitable`
/// wrapping it, which returns the default where it would raise
/// `StopAsyncIteration`.
///
/// Fails (NULL) with `TypeError("'T' object is not an async iterator")`,
/// CPython's argument-count `TypeError`s, or what `__anext__` raised.
unsafe extern "C" fn builtin_anext(_module: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: the call's argument tuple; its items are live.
    unsafe {
        let Some(a) = unpack(args, "anext", 1, 2) else {
            return ptr::null_mut();
        };
        let it = a[0];
        let am = (*type_of(it)).tp_as_async;
        let anext = if am.is_null() { None } else { (*am).am_anext };
        let Some(anext) = anext else {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "'{}' object is not an async iterator",
                    crate::objects::object::tp_name(type_of(it), 200)
                ),
            );
        };
        let awaitable = anext(it);
        if a.len() < 2 || awaitable.is_null() {
            return awaitable;
        }
        let Some(awaitable) = Owned::new(awaitable) else {
            return ptr::null_mut();
        };
        crate::objects::iterobject::anext_awaitable_new(awaitable.as_ptr(), a[1])
    }
}

// ==========================================================================
// __import__
// ==========================================================================

static_parser!(
    IMPORT_KW = [c"name", c"globals", c"locals", c"fromlist", c"level"];
    IMPORT_PARSER = c"__import__"
);

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`:
/// what CPython 3.11's clinic-generated `builtin___import__` does (any
/// object for the first four, clinic's `int` converter for `level`), then
/// one `PyImport_ImportModuleLevelObject` call, which checks `name`.
/// Cython's module init looks it up among the builtins (its memoryview
/// support code imports `collections.abc` through it), so without it
/// every such module fails to initialise.
unsafe extern "C" fn builtin_import(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call.
    unsafe {
        let Some([name, globals, locals, fromlist, level_o]) =
            crate::python::clinic::unpack::<5>(&IMPORT_PARSER, args, nargs, kwnames, 1, 5)
        else {
            return ptr::null_mut();
        };
        let mut level = 0;
        if !level_o.is_null() {
            match crate::python::clinic::int_arg(level_o) {
                Some(l) => level = l,
                None => return ptr::null_mut(),
            }
        }
        crate::python::import::PyImport_ImportModuleLevelObject(
            name, globals, locals, fromlist, level,
        )
    }
}

// ==========================================================================
// print
// ==========================================================================

unsafe extern "C" {
    /// getargs.c's fastcall parser (C-variadic).
    fn _PyArg_ParseStackAndKeywords_SizeT(
        args: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwnames: *mut PyObject,
        parser: *mut _PyArg_Parser,
        ...
    ) -> c_int;
}

static PRINT_KW: crate::python::clinic::Keywords<5> = crate::python::clinic::Keywords([
    c"sep".as_ptr(),
    c"end".as_ptr(),
    c"file".as_ptr(),
    c"flush".as_ptr(),
    ptr::null(),
]);
/// 3.11's own parser for print: its keywords from "|OOOp:print", none of
/// the positional arguments (those are the values to print).
static PRINT_PARSER: StaticObject<_PyArg_Parser> = StaticObject::new(_PyArg_Parser {
    format: c"|OOOp:print".as_ptr(),
    keywords: PRINT_KW.0.as_ptr(),
    fname: ptr::null(),
    custom_msg: ptr::null(),
    pos: 0,
    min: 0,
    max: 0,
    kwtuple: ptr::null_mut(),
    next: ptr::null_mut(),
});

/// Checks print's `sep`/`end`: NULL for None or absent, the str itself,
/// or Err with CPython's `TypeError`.
///
/// # Safety
/// `o` NULL or a live object.
unsafe fn print_text(o: *mut PyObject, name: &str) -> Result<*mut PyObject, ()> {
    if o.is_null() || o == py_none() {
        return Ok(ptr::null_mut());
    }
    // SAFETY: a live object per the contract.
    if unsafe { is_str(o) } {
        return Ok(o);
    }
    // SAFETY: a live object per the contract.
    let tname = unsafe { crate::objects::object::type_name_max(o, 200) };
    errors::raise(
        Exc::TypeError,
        format!("{name} must be None or a string, not {tname}"),
    );
    Err(())
}

/// `print(*objects, sep=' ', end='\n', file=None, flush=False)`, as
/// CPython 3.11's `builtin_print`: writes `str()` of each object with
/// `PyFile_WriteObject` to `file`, or to `sys.stdout` when `file` is None
/// (nothing when that is None; `RuntimeError("lost sys.stdout")` when sys
/// has none, as it has none until C code installs a writer). Cython
/// resolves `print` among the builtins when a module using it imports.
unsafe extern "C" fn builtin_print(
    _module: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::fileobject::{PY_PRINT_RAW, PyFile_WriteObject, PyFile_WriteString};
    let mut sep: *mut PyObject = ptr::null_mut();
    let mut end: *mut PyObject = ptr::null_mut();
    let mut file: *mut PyObject = ptr::null_mut();
    let mut flush: c_int = 0;
    // SAFETY: a fastcall's arguments: the keywords follow the `nargs`
    // positional ones; the format names three object slots and one
    // predicate, matching the pointers passed.
    unsafe {
        if _PyArg_ParseStackAndKeywords_SizeT(
            args.add(nargs as usize),
            0,
            kwnames,
            PRINT_PARSER.get(),
            &mut sep as *mut *mut PyObject,
            &mut end as *mut *mut PyObject,
            &mut file as *mut *mut PyObject,
            &mut flush as *mut c_int,
        ) == 0
        {
            return ptr::null_mut();
        }
        if file.is_null() || file == py_none() {
            file = crate::python::sysmodule::PySys_GetObject(c"stdout".as_ptr());
            if file.is_null() {
                return errors::fail_null(Exc::RuntimeError, "lost sys.stdout");
            }
            if file == py_none() {
                return none();
            }
        }
        let Ok(sep) = print_text(sep, "sep") else {
            return ptr::null_mut();
        };
        let Ok(end) = print_text(end, "end") else {
            return ptr::null_mut();
        };
        // `file` is borrowed (from the caller or sys's dict): hold it while
        // writing runs code that may replace sys.stdout.
        let file = Owned::borrowed(file);
        for i in 0..nargs.max(0) as usize {
            if i > 0 {
                let err = if sep.is_null() {
                    PyFile_WriteString(c" ".as_ptr(), file.as_ptr())
                } else {
                    PyFile_WriteObject(sep, file.as_ptr(), PY_PRINT_RAW)
                };
                if err != 0 {
                    return ptr::null_mut();
                }
            }
            if PyFile_WriteObject(*args.add(i), file.as_ptr(), PY_PRINT_RAW) != 0 {
                return ptr::null_mut();
            }
        }
        let err = if end.is_null() {
            PyFile_WriteString(c"\n".as_ptr(), file.as_ptr())
        } else {
            PyFile_WriteObject(end, file.as_ptr(), PY_PRINT_RAW)
        };
        if err != 0 {
            return ptr::null_mut();
        }
        if flush != 0 {
            let Some(name) = Owned::new(crate::objects::unicodeobject::unicode_from_str("flush"))
            else {
                return ptr::null_mut();
            };
            let r = crate::objects::call::PyObject_CallMethodNoArgs(file.as_ptr(), name.as_ptr());
            if r.is_null() {
                return ptr::null_mut();
            }
            Py_DecRef(r);
        }
        none()
    }
}

/// A `METH_VARARGS | METH_KEYWORDS` entry with a docstring.
const fn function_kw(
    name: &'static CStr,
    meth: PyCFunctionWithKeywords,
    doc: &'static CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: C calls it through the METH_KEYWORDS signature its flags
        // name; PyMethodDef stores every kind as a PyCFunction.
        ml_meth: Some(unsafe { std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(meth) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    }
}

static BUILTIN_FUNCTIONS: StaticObject<[PyMethodDef; 37]> = StaticObject::new([
    PyMethodDef {
        ml_doc: doc::IMPORT.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"__import__", builtin_import, 0)
    },
    method_with_doc(c"abs", builtin_abs, METH_O, doc::ABS),
    method_with_doc(c"aiter", builtin_aiter, METH_O, doc::AITER),
    method_with_doc(c"all", builtin_all, METH_O, doc::ALL),
    method_with_doc(c"anext", builtin_anext, METH_VARARGS, doc::ANEXT),
    method_with_doc(c"any", builtin_any, METH_O, doc::ANY),
    method_with_doc(c"ascii", builtin_ascii, METH_O, doc::ASCII),
    method_with_doc(c"bin", builtin_bin, METH_O, doc::BIN),
    method_with_doc(c"chr", builtin_chr, METH_O, doc::CHR),
    method_with_doc(c"delattr", builtin_delattr, METH_VARARGS, doc::DELATTR),
    method_with_doc(c"divmod", builtin_divmod, METH_VARARGS, doc::DIVMOD),
    method_with_doc(c"hex", builtin_hex, METH_O, doc::HEX),
    method_with_doc(c"iter", builtin_iter, METH_VARARGS, doc::ITER),
    method_with_doc(c"next", builtin_next, METH_VARARGS, doc::NEXT),
    method_with_doc(c"oct", builtin_oct, METH_O, doc::OCT),
    method_with_doc(c"ord", builtin_ord, METH_O, doc::ORD),
    method_with_doc(c"callable", builtin_callable, METH_O, doc::CALLABLE),
    method_with_doc(c"dir", builtin_dir, METH_VARARGS, doc::DIR),
    method_with_doc(c"format", builtin_format, METH_VARARGS, doc::FORMAT),
    method_with_doc(c"getattr", builtin_getattr, METH_VARARGS, doc::GETATTR),
    method_with_doc(c"hasattr", builtin_hasattr, METH_VARARGS, doc::HASATTR),
    method_with_doc(c"hash", builtin_hash, METH_O, doc::HASH),
    method_with_doc(c"id", builtin_id, METH_O, doc::ID),
    method_with_doc(
        c"isinstance",
        builtin_isinstance,
        METH_VARARGS,
        doc::ISINSTANCE,
    ),
    method_with_doc(
        c"issubclass",
        builtin_issubclass,
        METH_VARARGS,
        doc::ISSUBCLASS,
    ),
    method_with_doc(c"len", builtin_len, METH_O, doc::LEN),
    function_kw(c"max", builtin_max, doc::MAX),
    function_kw(c"min", builtin_min, doc::MIN),
    method_with_doc(c"repr", builtin_repr, METH_O, doc::REPR),
    PyMethodDef {
        ml_doc: doc::ROUND.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"round", builtin_round, 0)
    },
    PyMethodDef {
        ml_doc: doc::SUM.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"sum", builtin_sum, 0)
    },
    PyMethodDef {
        ml_doc: doc::POW.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"pow", builtin_pow, 0)
    },
    PyMethodDef {
        ml_doc: doc::PRINT.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"print", builtin_print, 0)
    },
    PyMethodDef {
        ml_doc: doc::SORTED.as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"sorted", builtin_sorted, 0)
    },
    method_with_doc(c"setattr", builtin_setattr, METH_VARARGS, doc::SETATTR),
    method_with_doc(c"vars", builtin_vars, METH_VARARGS, doc::VARS),
    PyMethodDef::zeroed(),
]);

/// The builtin `name` (`getattr`, ...), as CPython's `_PyEval_GetBuiltin`
/// finds it for `__reduce__` methods: None with `AttributeError` (or the
/// error making the module) set when there is none.
pub(crate) fn builtin(name: &CStr) -> Option<Owned> {
    let m = crate::python::import::loaded_module("builtins")?;
    // SAFETY: the live module and a NUL-terminated name.
    Owned::new(unsafe { crate::objects::object::PyObject_GetAttrString(m.as_ptr(), name.as_ptr()) })
}

/// A new `builtins` module, or NULL with the error.
pub(crate) fn make_builtins() -> *mut PyObject {
    use crate::objects::*;
    // SAFETY: a NUL-terminated name.
    let Some(m) = Owned::new(unsafe { PyModule_New(c"builtins".as_ptr()) }) else {
        return ptr::null_mut();
    };
    let types: &[(&CStr, *mut PyTypeObject)] = &[
        (c"object", typeobject::PyBaseObject_Type.get()),
        (c"type", typeobject::PyType_Type.get()),
        (c"bool", boolobject::PyBool_Type.get()),
        (c"int", longobject::PyLong_Type.get()),
        (c"float", floatobject::PyFloat_Type.get()),
        (c"complex", complexobject::PyComplex_Type.get()),
        (c"str", unicodeobject::PyUnicode_Type.get()),
        (c"bytes", bytesobject::PyBytes_Type.get()),
        (c"bytearray", bytearrayobject::PyByteArray_Type.get()),
        (c"memoryview", memoryobject::PyMemoryView_Type.get()),
        (c"tuple", tupleobject::PyTuple_Type.get()),
        (c"list", listobject::PyList_Type.get()),
        (c"dict", dictobject::PyDict_Type.get()),
        (c"set", setobject::PySet_Type.get()),
        (c"frozenset", setobject::PyFrozenSet_Type.get()),
        (c"slice", sliceobject::PySlice_Type.get()),
        (c"range", rangeobject::PyRange_Type.get()),
        (c"reversed", enumobject::PyReversed_Type.get()),
        (c"enumerate", enumobject::PyEnum_Type.get()),
        (c"staticmethod", funcobject::PyStaticMethod_Type.get()),
        (c"map", PyMap_Type.get()),
        (c"zip", PyZip_Type.get()),
        (c"filter", PyFilter_Type.get()),
        (c"classmethod", funcobject::PyClassMethod_Type.get()),
        (c"property", descrobject::PyProperty_Type.get()),
        (c"super", superobject::PySuper_Type.get()),
    ];
    let constants: [(&CStr, *mut PyObject); 6] = [
        (c"None", py_none()),
        (c"True", py_true()),
        (c"False", py_false()),
        (c"Ellipsis", object::_Py_EllipsisObject.get()),
        (c"NotImplemented", object::_Py_NotImplementedStruct.get()),
        (c"__debug__", py_true()),
    ];
    let named = types
        .iter()
        .map(|&(n, t)| (n, t.cast::<PyObject>()))
        .chain(constants)
        .map(|(n, o)| (n.to_owned(), o));
    // The exception classes by name; one that lives in another module
    // (`struct.error`, dotted) is not a builtin.
    let exceptions = Exc::ALL
        .iter()
        .map(|e| {
            let ty = e.type_object();
            // SAFETY: a static exception type with a NUL-terminated name.
            let name = unsafe { CStr::from_ptr((*ty.cast::<PyTypeObject>()).tp_name) };
            (name.to_owned(), ty)
        })
        .filter(|(name, _)| !name.to_bytes().contains(&b'.'));
    // OSError's two other builtin names (PEP 3151 made them aliases):
    // Cython resolves every builtin a module names at import, so an
    // `except IOError` needs them.
    let os_error = Exc::OSError.type_object();
    let aliases = [c"EnvironmentError", c"IOError"].map(|n| (n.to_owned(), os_error));
    // `ExceptionGroup` is a class made at start-up, not a static type.
    let exception_group = crate::objects::exceptions::exception_group_type();
    if exception_group.is_null() {
        return ptr::null_mut();
    }
    let groups = [(c"ExceptionGroup".to_owned(), exception_group)];
    for (name, value) in named.chain(exceptions).chain(aliases).chain(groups) {
        // SAFETY: the live module; a live value and NUL-terminated name.
        if unsafe { PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), value) } < 0 {
            return ptr::null_mut();
        }
    }
    // SAFETY: the live module and a static, NULL-terminated table.
    if unsafe { PyModule_AddFunctions(m.as_ptr(), BUILTIN_FUNCTIONS.get().cast()) } < 0 {
        return ptr::null_mut();
    }
    // SAFETY: the live module and a static NUL-terminated docstring.
    if unsafe { PyModule_SetDocString(m.as_ptr(), doc::MODULE.as_ptr()) } < 0 {
        return ptr::null_mut();
    }
    m.into_raw()
}

// ==========================================================================
// map
// ==========================================================================

// Declared by hand: the variadic parsers live in `getargs.c`.
unsafe extern "C" {
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const std::ffi::c_char,
        kwlist: *mut *mut std::ffi::c_char,
        ...
    ) -> c_int;
}

/// Item `i` of tuple `t` (borrowed).
///
/// # Safety
/// `t` must be a live tuple with more than `i` items.
unsafe fn item_at(t: *mut PyObject, i: usize) -> *mut PyObject {
    // SAFETY: in bounds per the contract.
    unsafe { *items(t).add(i) }
}

/// Stores `v` (a reference moved in) as item `i` of the new tuple `t`.
///
/// # Safety
/// `t` must be a tuple nobody else has seen yet, with more than `i` items.
unsafe fn set_new_item(t: *mut PyObject, i: usize, v: *mut PyObject) {
    // SAFETY: in bounds per the contract; the tuple is not shared.
    unsafe { *items(t).add(i) = v }
}

/// The number of items of tuple `t`.
///
/// # Safety
/// `t` must be a live tuple.
unsafe fn len_of(t: *mut PyObject) -> usize {
    // SAFETY: live per the contract.
    unsafe { size(t) as usize }
}

/// A `map` iterator: the function and a tuple of one iterator per
/// iterable.
#[repr(C)]
struct MapObject {
    ob_base: PyObject,
    iters: *mut PyObject,
    func: *mut PyObject,
}

/// `PyMap_Type`: `map`.
#[unsafe(no_mangle)]
pub static PyMap_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"map", size_of::<MapObject>(), 0, map_dealloc);
    ty.tp_doc = c"map(func, *iterables) --> map object\n\nMake an iterator that computes the function using arguments from\neach of the iterables.  Stops when the shortest iterable is exhausted.".as_ptr();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(map_next);
    ty.tp_new = Some(map_new);
    ty.tp_methods = MAP_METHODS.get().cast();
    ty
});

const REDUCE_DOC: &CStr = c"Return state information for pickling.";

static MAP_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    method_with_doc(c"__reduce__", map_reduce, METH_NOARGS, REDUCE_DOC),
    PyMethodDef::zeroed(),
]);

/// `map.__reduce__()`: `(type(m), (func, *iterators))`, the same
/// iterators, so a copy shares their progress as in CPython.
unsafe extern "C" fn map_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live MapObject, its function and tuple of iterators.
    unsafe {
        let m = op.cast::<MapObject>();
        let its = (*m).iters;
        let mut parts = vec![(*m).func];
        parts.extend((0..len_of(its)).map(|i| item_at(its, i)));
        let Some(args) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&parts)) else {
            return ptr::null_mut();
        };
        crate::objects::tupleobject::tuple_from_slice(&[type_of(op).cast(), args.as_ptr()])
    }
}

unsafe extern "C" fn map_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced MapObject.
    unsafe {
        let m = op.cast::<MapObject>();
        Py_DecRef((*m).iters);
        Py_DecRef((*m).func);
        PyObject_Free(op.cast());
    }
}

/// A tuple of `iter(x)` for each item of `args` from `start` on (a new
/// reference), or NULL with the error `iter()` raised.
///
/// # Safety
/// `args` must be a live tuple with at least `start` items.
unsafe fn iterators(args: *mut PyObject, start: usize) -> *mut PyObject {
    // SAFETY: a live tuple per the contract.
    unsafe {
        let n = len_of(args) - start;
        let Some(tuple) = Owned::new(PyTuple_New(n as Py_ssize_t)) else {
            return ptr::null_mut();
        };
        for i in 0..n {
            let it = PyObject_GetIter(item_at(args, start + i));
            if it.is_null() {
                return ptr::null_mut();
            }
            set_new_item(tuple.as_ptr(), i, it);
        }
        tuple.into_raw()
    }
}

/// `map(func, *iterables)`: no keywords, at least one iterable.
unsafe extern "C" fn map_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict; every new
    // reference is released or moved into the object.
    unsafe {
        if !kwds.is_null() && PyDict_Size(kwds) != 0 {
            return errors::fail_null(Exc::TypeError, "map() takes no keyword arguments");
        }
        if len_of(args) < 2 {
            return errors::fail_null(Exc::TypeError, "map() must have at least two arguments.");
        }
        let iters = iterators(args, 1);
        if iters.is_null() {
            return ptr::null_mut();
        }
        let op = alloc(ty, size_of::<MapObject>());
        if op.is_null() {
            Py_DecRef(iters);
            return ptr::null_mut();
        }
        let m = op.cast::<MapObject>();
        let func = item_at(args, 0);
        Py_IncRef(func);
        (*m).func = func;
        (*m).iters = iters;
        op
    }
}

/// `next(map)`: `func(next(it1), next(it2), ...)`; NULL when an iterator
/// is exhausted (or failed), or with the function's error.
unsafe extern "C" fn map_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live MapObject; every item taken is released after the
    // call.
    unsafe {
        let m = op.cast::<MapObject>();
        let its = (*m).iters;
        let n = len_of(its);
        let mut stack: Vec<*mut PyObject> = Vec::new();
        if stack.try_reserve_exact(n).is_err() {
            return errors::PyErr_NoMemory();
        }
        let mut result = ptr::null_mut();
        let mut complete = true;
        for i in 0..n {
            let item = next_of(item_at(its, i));
            if item.is_null() {
                complete = false;
                break;
            }
            stack.push(item);
        }
        if complete {
            result = PyObject_Vectorcall((*m).func, stack.as_ptr(), stack.len(), ptr::null_mut());
        }
        for item in stack {
            Py_DecRef(item);
        }
        result
    }
}

// ==========================================================================
// zip
// ==========================================================================

/// A `zip` iterator: a tuple of one iterator per iterable, and whether it
/// is strict (all must end together).
#[repr(C)]
struct ZipObject {
    ob_base: PyObject,
    iters: *mut PyObject,
    strict: c_int,
}

/// `PyZip_Type`: `zip`.
#[unsafe(no_mangle)]
pub static PyZip_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"zip", size_of::<ZipObject>(), 0, zip_dealloc);
    ty.tp_doc = c"zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n\n   >>> list(zip('abcdefg', range(3), range(4)))\n   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]\n\nThe zip object yields n-length tuples, where n is the number of iterables\npassed as positional arguments to zip().  The i-th element in every tuple\ncomes from the i-th iterable argument to zip().  This continues until the\nshortest argument is exhausted.\n\nIf strict is true and one of the arguments is exhausted before the others,\nraise a ValueError.".as_ptr();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(zip_next);
    ty.tp_new = Some(zip_new);
    ty.tp_methods = ZIP_METHODS.get().cast();
    ty
});

static ZIP_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    method_with_doc(c"__reduce__", zip_reduce, METH_NOARGS, REDUCE_DOC),
    method_with_doc(
        c"__setstate__",
        zip_setstate,
        METH_O,
        c"Set state information for unpickling.",
    ),
    PyMethodDef::zeroed(),
]);

/// `zip.__reduce__()`: `(type(z), iterators)`, with `True` after them
/// when strict.
unsafe extern "C" fn zip_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live ZipObject and its tuple of iterators.
    unsafe {
        let z = op.cast::<ZipObject>();
        let (ty, its) = (type_of(op).cast(), (*z).iters);
        if (*z).strict != 0 {
            crate::objects::tupleobject::tuple_from_slice(&[ty, its, py_true()])
        } else {
            crate::objects::tupleobject::tuple_from_slice(&[ty, its])
        }
    }
}

/// `zip.__setstate__(state)`: strict is `bool(state)`.
unsafe extern "C" fn zip_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live ZipObject and state.
    unsafe {
        let strict = crate::objects::object::PyObject_IsTrue(state);
        if strict < 0 {
            return ptr::null_mut();
        }
        (*op.cast::<ZipObject>()).strict = strict;
    }
    none()
}

unsafe extern "C" fn zip_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced ZipObject.
    unsafe {
        Py_DecRef((*op.cast::<ZipObject>()).iters);
        PyObject_Free(op.cast());
    }
}

/// `zip(*iterables, strict=False)`.
unsafe extern "C" fn zip_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict; every new
    // reference is released or moved into the object.
    unsafe {
        let mut strict: c_int = 0;
        if !kwds.is_null() {
            let Some(empty) = Owned::new(PyTuple_New(0)) else {
                return ptr::null_mut();
            };
            let mut names = [c"strict".as_ptr().cast_mut(), ptr::null_mut()];
            if PyArg_ParseTupleAndKeywords(
                empty.as_ptr(),
                kwds,
                c"|$p:zip".as_ptr(),
                names.as_mut_ptr(),
                &mut strict as *mut c_int,
            ) == 0
            {
                return ptr::null_mut();
            }
        }
        let iters = iterators(args, 0);
        if iters.is_null() {
            return ptr::null_mut();
        }
        let op = alloc(ty, size_of::<ZipObject>());
        if op.is_null() {
            Py_DecRef(iters);
            return ptr::null_mut();
        }
        let z = op.cast::<ZipObject>();
        (*z).iters = iters;
        (*z).strict = strict;
        op
    }
}

/// The next item of iterator `it` (a new reference), or NULL at its end
/// or with its error.
///
/// # Safety
/// `it` must be a live iterator.
unsafe fn next_of(it: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        match (*type_of(it)).tp_iternext {
            Some(next) => next(it),
            None => ptr::null_mut(),
        }
    }
}

/// After an iterator ended: false with a pending error other than
/// `StopIteration` (a `StopIteration` is cleared).
fn ended_cleanly() -> bool {
    if errors::PyErr_Occurred().is_null() {
        return true;
    }
    // SAFETY: a live exception class.
    if unsafe { errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) } == 0 {
        return false;
    }
    errors::PyErr_Clear();
    true
}

/// "argument" for 1, "arguments 1-N" for N > 1, as zip's strict errors
/// name the arguments before argument N + 1.
fn arguments_before(i: usize) -> String {
    if i == 1 {
        "argument 1".to_owned()
    } else {
        format!("arguments 1-{i}")
    }
}

/// `next(zip)`: a tuple of the next item of each iterator; NULL when one
/// is exhausted (or failed). Strict: when the first ends, the others must
/// end there too, else `ValueError("zip() argument N is shorter / longer
/// than ...")`.
unsafe extern "C" fn zip_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live ZipObject; every item is moved into the result or
    // released.
    unsafe {
        let z = op.cast::<ZipObject>();
        let its = (*z).iters;
        let n = len_of(its);
        if n == 0 {
            return ptr::null_mut();
        }
        let Some(result) = Owned::new(PyTuple_New(n as Py_ssize_t)) else {
            return ptr::null_mut();
        };
        for i in 0..n {
            let item = next_of(item_at(its, i));
            if item.is_null() {
                if (*z).strict == 0 || !ended_cleanly() {
                    return ptr::null_mut();
                }
                if i > 0 {
                    return errors::fail_null(
                        Exc::ValueError,
                        format!(
                            "zip() argument {} is shorter than {}",
                            i + 1,
                            arguments_before(i)
                        ),
                    );
                }
                for j in 1..n {
                    let extra = next_of(item_at(its, j));
                    if !extra.is_null() {
                        Py_DecRef(extra);
                        return errors::fail_null(
                            Exc::ValueError,
                            format!(
                                "zip() argument {} is longer than {}",
                                j + 1,
                                arguments_before(j)
                            ),
                        );
                    }
                    if !ended_cleanly() {
                        return ptr::null_mut();
                    }
                }
                return ptr::null_mut();
            }
            set_new_item(result.as_ptr(), i, item);
        }
        result.into_raw()
    }
}

// ==========================================================================
// min and max
// ==========================================================================

/// `min(...)` (`op` `Py_LT`) and `max(...)` (`Py_GT`): over one iterable
/// argument or over two or more arguments, with keyword-only `key` and
/// (one iterable only) `default`; the first of equal extremes wins.
///
/// # Safety
/// `args` must be a live tuple, `kwds` NULL or a live dict.
unsafe fn min_max(args: *mut PyObject, kwds: *mut PyObject, op: c_int) -> *mut PyObject {
    let name = if op == Py_LT { "min" } else { "max" };
    // SAFETY: live per the contract; every new reference is released or
    // returned.
    unsafe {
        let nargs = len_of(args);
        let seq = match nargs {
            0 => {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("{name} expected at least 1 argument, got 0"),
                );
            }
            1 => item_at(args, 0),
            _ => args,
        };
        let mut keyfunc: *mut PyObject = ptr::null_mut();
        let mut default: *mut PyObject = ptr::null_mut();
        if !kwds.is_null() {
            let Some(empty) = Owned::new(PyTuple_New(0)) else {
                return ptr::null_mut();
            };
            let mut names = [
                c"key".as_ptr().cast_mut(),
                c"default".as_ptr().cast_mut(),
                ptr::null_mut(),
            ];
            let format = if op == Py_LT {
                c"|$OO:min"
            } else {
                c"|$OO:max"
            };
            if PyArg_ParseTupleAndKeywords(
                empty.as_ptr(),
                kwds,
                format.as_ptr(),
                names.as_mut_ptr(),
                &mut keyfunc as *mut *mut PyObject,
                &mut default as *mut *mut PyObject,
            ) == 0
            {
                return ptr::null_mut();
            }
        }
        if nargs > 1 && !default.is_null() {
            return errors::fail_null(
                Exc::TypeError,
                format!("Cannot specify a default for {name}() with multiple positional arguments"),
            );
        }
        let Some(it) = Owned::new(PyObject_GetIter(seq)) else {
            return ptr::null_mut();
        };
        if keyfunc == py_none() {
            keyfunc = ptr::null_mut();
        }
        let mut best_item: *mut PyObject = ptr::null_mut();
        let mut best_val: *mut PyObject = ptr::null_mut();
        let fail =
            |item: *mut PyObject, val: *mut PyObject, bi: *mut PyObject, bv: *mut PyObject| {
                for o in [item, val, bi, bv] {
                    Py_DecRef(o);
                }
                ptr::null_mut()
            };
        loop {
            let item = PyIter_Next(it.as_ptr());
            if item.is_null() {
                break;
            }
            let val = if keyfunc.is_null() {
                Py_IncRef(item);
                item
            } else {
                let v = PyObject_CallOneArg(keyfunc, item);
                if v.is_null() {
                    return fail(item, ptr::null_mut(), best_item, best_val);
                }
                v
            };
            if best_val.is_null() {
                best_item = item;
                best_val = val;
                continue;
            }
            match PyObject_RichCompareBool(val, best_val, op) {
                r if r < 0 => return fail(item, val, best_item, best_val),
                0 => {
                    Py_DecRef(item);
                    Py_DecRef(val);
                }
                _ => {
                    Py_DecRef(best_item);
                    Py_DecRef(best_val);
                    best_item = item;
                    best_val = val;
                }
            }
        }
        if !errors::PyErr_Occurred().is_null() {
            return fail(ptr::null_mut(), ptr::null_mut(), best_item, best_val);
        }
        if best_val.is_null() {
            if default.is_null() {
                return errors::fail_null(
                    Exc::ValueError,
                    format!("{name}() arg is an empty sequence"),
                );
            }
            Py_IncRef(default);
            return default;
        }
        Py_DecRef(best_val);
        best_item
    }
}

unsafe extern "C" fn builtin_max(
    _module: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_VARARGS | METH_KEYWORDS arguments.
    unsafe { min_max(args, kwds, Py_GT) }
}

unsafe extern "C" fn builtin_min(
    _module: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: METH_VARARGS | METH_KEYWORDS arguments.
    unsafe { min_max(args, kwds, Py_LT) }
}

// ==========================================================================
// filter
// ==========================================================================

/// A `filter` iterator: the predicate (None or `bool` test the items
/// themselves) and the iterator it filters.
#[repr(C)]
struct FilterObject {
    ob_base: PyObject,
    func: *mut PyObject,
    it: *mut PyObject,
}

static FILTER_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__reduce__".as_ptr(),
        ml_meth: Some(filter_reduce),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return state information for pickling.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// `PyFilter_Type`: `filter`.
#[unsafe(no_mangle)]
pub static PyFilter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"filter",
        size_of::<FilterObject>(),
        Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
        filter_dealloc,
    );
    ty.tp_doc = c"filter(function or None, iterable) --> filter object\n\nReturn an iterator yielding those items of iterable for which function(item)\nis true. If function is None, return the items that are true.".as_ptr();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_traverse = Some(filter_traverse);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(filter_next);
    ty.tp_methods = FILTER_METHODS.get().cast();
    ty.tp_alloc = Some(crate::objects::typeobject::PyType_GenericAlloc);
    ty.tp_new = Some(filter_new);
    ty.tp_free = Some(crate::objects::gcmodule::PyObject_GC_Del);
    ty
});

unsafe extern "C" fn filter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced FilterObject (or subclass instance, freed by
    // its type's tp_free).
    unsafe {
        crate::objects::gcmodule::gc_untrack(op);
        let f = op.cast::<FilterObject>();
        Py_DecRef((*f).func);
        Py_DecRef((*f).it);
        match (*type_of(op)).tp_free {
            Some(free) => free(op.cast()),
            None => crate::objects::gcmodule::PyObject_GC_Del(op.cast()),
        }
    }
}

unsafe extern "C" fn filter_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live FilterObject; `visit` is the caller's visitor.
    unsafe {
        let f = op.cast::<FilterObject>();
        for o in [(*f).func, (*f).it] {
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

/// `filter(function, iterable)`: two positional arguments; keywords are
/// refused unless a subclass brings its own `__init__` to take them.
unsafe extern "C" fn filter_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: tp_new's contract: a tuple and NULL or a dict; every new
    // reference is released or moved into the object.
    unsafe {
        let base = PyFilter_Type.get();
        // The same `__init__` as filter's: the inherited `object.__init__`.
        let init_of = |t: *mut PyTypeObject| (*t).tp_init.map(|f| f as usize);
        if (ty == base || init_of(ty) == init_of(base))
            && _PyArg_NoKeywords(c"filter".as_ptr(), kwds) == 0
        {
            return ptr::null_mut();
        }
        let n = len_of(args);
        if _PyArg_CheckPositional(c"filter".as_ptr(), n as Py_ssize_t, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(it) = Owned::new(PyObject_GetIter(item_at(args, 1))) else {
            return ptr::null_mut();
        };
        let Some(alloc) = (*ty).tp_alloc else {
            return errors::fail_null(Exc::TypeError, "filter subtype has no tp_alloc");
        };
        let op = alloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        let f = op.cast::<FilterObject>();
        let func = item_at(args, 0);
        Py_IncRef(func);
        (*f).func = func;
        (*f).it = it.into_raw();
        op
    }
}

/// `next(filter)`: the next item for which the predicate is true (the item
/// itself for None or `bool`); NULL when the iterator ends or fails, or
/// with the predicate's error.
unsafe extern "C" fn filter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live FilterObject; each item is released unless returned.
    unsafe {
        let f = op.cast::<FilterObject>();
        let func = (*f).func;
        let test_item = func == py_none()
            || func
                == crate::objects::boolobject::PyBool_Type
                    .get()
                    .cast::<PyObject>();
        loop {
            let item = next_of((*f).it);
            if item.is_null() {
                return ptr::null_mut();
            }
            let ok = if test_item {
                crate::objects::object::PyObject_IsTrue(item)
            } else {
                let good = PyObject_CallOneArg(func, item);
                if good.is_null() {
                    Py_DecRef(item);
                    return ptr::null_mut();
                }
                let ok = crate::objects::object::PyObject_IsTrue(good);
                Py_DecRef(good);
                ok
            };
            if ok > 0 {
                return item;
            }
            Py_DecRef(item);
            if ok < 0 {
                return ptr::null_mut();
            }
        }
    }
}

/// `filter.__reduce__()`: `(type, (function, iterator))`.
unsafe extern "C" fn filter_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live FilterObject; the tuples take their own references.
    unsafe {
        let f = op.cast::<FilterObject>();
        let Some(args) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            (*f).func,
            (*f).it,
        ])) else {
            return ptr::null_mut();
        };
        crate::objects::tupleobject::tuple_from_slice(&[type_of(op).cast(), args.as_ptr()])
    }
}
