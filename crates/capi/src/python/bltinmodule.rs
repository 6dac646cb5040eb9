//! The `builtins` module (CPython's `Python/bltinmodule.c`), as far as it
//! exists without an interpreter: the built-in types, constants and
//! exception classes pybuffer has, and the built-in functions that are one
//! C API call each. Extensions look names up in it (Cython resolves every
//! builtin its code names, `TypeError` or `len`, through
//! `PyImport_AddModule("builtins")` when the module initialises, and
//! imports `builtins.type` and friends to check their sizes); a name that
//! is not here fails the lookup with `AttributeError` / `NameError`, as it
//! would for a name CPython does not have.
//!
//! The import machinery (`crate::python::import`) makes the module on
//! first use and keeps it as the loaded module `builtins`.

use std::ffi::{CStr, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{PyNumber_Absolute, PyObject_Size};
use crate::objects::boolobject::{PyBool_FromLong, py_false, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{PyLong_FromSsize_t, PyLong_FromVoidPtr};
use crate::objects::moduleobject::{PyModule_AddFunctions, PyModule_New};
use crate::objects::object::{
    Owned, PyCallable_Check, PyObject_GetAttr, PyObject_Hash, PyObject_Repr, PyObject_SetAttr,
    is_str, none, py_none,
};
use crate::objects::tupleobject::items;
use crate::objects::typeobject::{PyObject_IsInstance, PyObject_IsSubclass};
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

static ROUND_KW: crate::python::clinic::Keywords<3> =
    crate::python::clinic::Keywords([c"number".as_ptr(), c"ndigits".as_ptr(), ptr::null()]);
static ROUND_PARSER: StaticObject<_PyArg_Parser> =
    StaticObject::new(crate::python::clinic::parser(&ROUND_KW.0, c"round"));

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

const fn function(name: &'static CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

static BUILTIN_FUNCTIONS: StaticObject<[PyMethodDef; 15]> = StaticObject::new([
    function(c"abs", builtin_abs, METH_O),
    function(c"callable", builtin_callable, METH_O),
    function(c"dir", builtin_dir, METH_VARARGS),
    function(c"format", builtin_format, METH_VARARGS),
    function(c"getattr", builtin_getattr, METH_VARARGS),
    function(c"hasattr", builtin_hasattr, METH_VARARGS),
    function(c"hash", builtin_hash, METH_O),
    function(c"id", builtin_id, METH_O),
    function(c"isinstance", builtin_isinstance, METH_VARARGS),
    function(c"issubclass", builtin_issubclass, METH_VARARGS),
    function(c"len", builtin_len, METH_O),
    function(c"repr", builtin_repr, METH_O),
    crate::python::clinic::fastcall_kw(c"round", builtin_round, 0),
    function(c"setattr", builtin_setattr, METH_VARARGS),
    PyMethodDef::zeroed(),
]);

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
        (c"classmethod", funcobject::PyClassMethod_Type.get()),
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
    for (name, value) in named.chain(exceptions) {
        // SAFETY: the live module; a live value and NUL-terminated name.
        if unsafe { PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), value) } < 0 {
            return ptr::null_mut();
        }
    }
    // SAFETY: the live module and a static, NULL-terminated table.
    if unsafe { PyModule_AddFunctions(m.as_ptr(), BUILTIN_FUNCTIONS.get().cast()) } < 0 {
        return ptr::null_mut();
    }
    m.into_raw()
}
