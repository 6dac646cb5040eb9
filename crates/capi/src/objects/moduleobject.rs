//! Module objects (CPython's `Objects/moduleobject.c`): `module`, single-
//! phase creation (`PyModule_Create2`), multi-phase initialisation
//! (`PyModuleDef_Init`, `PyModule_FromDefAndSpec2`, `PyModule_ExecDef`
//! with `Py_mod_create` / `Py_mod_exec` slots), module state, and the
//! module dict every attribute lives in.
//!
//! A module is laid out as CPython's `PyModuleObject`: its `__dict__`
//! (`md_dict`, a real dict holding `__name__`, `__doc__`, the functions as
//! `builtin_function_or_method` objects and whatever `PyModule_Add*` or
//! `PyObject_SetAttr` stored), its definition, its `m_size` bytes of zeroed
//! state and its name. `m_free` runs when the module is deallocated (when
//! its state was allocated, as CPython decides); `m_traverse` and
//! `m_clear` run from the module's `tp_traverse` / `tp_clear`, which
//! nothing calls on its own since there is no cycle collector — except
//! [`finalize`], the Rust teardown the Node layer uses when it drops a
//! module, which clears it as CPython's interpreter shutdown does.
//!
//! Loading (the import machinery around `PyInit_*`) is in
//! [`crate::python::import`].

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use crate::ffi::*;
use crate::objects::call::PyObject_CallOneArg;
use crate::objects::dictobject::{
    PyDict_GetItemWithError, PyDict_New, PyDict_Next, PyDict_SetItem,
};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::methodobject::PyCFunction_NewEx;
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_GenericSetAttr,
    PyObject_GetAttrString, PyObject_SetAttr, PyObject_SetAttrString, c_text, is_str, py_none,
    text_of, type_of,
};
use crate::objects::obmalloc::{PyMem_Calloc, PyMem_Free};
use crate::objects::typeobject::{
    PyType_GenericAlloc, PyType_Type, ensure_ready, is_subtype, type_clear,
};
use crate::objects::unicodeobject::{PyUnicode_AsUTF8, PyUnicode_FromString, unicode_from_str};
use crate::python::clinic::static_parser;
use crate::python::errors;

// ==========================================================================
// The module type
// ==========================================================================

/// Whether `op` is a module (or an instance of a subtype).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn is_module(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    !op.is_null() && unsafe { is_subtype(type_of(op), PyModule_Type.get()) }
}

/// The module's layout.
fn as_module(op: *mut PyObject) -> *mut PyModuleObject {
    op.cast()
}

/// Runs `m_free` (when the state was allocated or none is needed), drops
/// the dict and the name, frees the state.
unsafe extern "C" fn module_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced module; its definition is static C data that
    // outlives it.
    unsafe {
        gc_untrack(op);
        crate::objects::weakrefobject::clear_weakrefs_of(op);
        let m = as_module(op);
        let def = (*m).md_def;
        if !def.is_null()
            && let Some(free) = (*def).m_free
            && ((*def).m_size <= 0 || !(*m).md_state.is_null())
        {
            free(op.cast());
        }
        Py_DecRef((*m).md_dict);
        Py_DecRef((*m).md_name);
        if !(*m).md_state.is_null() {
            PyMem_Free((*m).md_state);
        }
        let free = (*type_of(op)).tp_free.unwrap_or(PyObject_GC_Del);
        free(op.cast());
    }
}

/// Visits the state (`m_traverse`) and the dict.
unsafe extern "C" fn module_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live module; `visit` is the caller's visitor.
    unsafe {
        let m = as_module(op);
        let def = (*m).md_def;
        if !def.is_null()
            && let Some(traverse) = (*def).m_traverse
            && ((*def).m_size <= 0 || !(*m).md_state.is_null())
        {
            let r = traverse(op, visit, arg);
            if r != 0 {
                return r;
            }
        }
        if !(*m).md_dict.is_null() {
            return visit((*m).md_dict, arg);
        }
    }
    0
}

/// Clears the state (`m_clear`) and drops the dict (CPython's
/// `module_clear`).
unsafe extern "C" fn module_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live module.
    unsafe {
        let m = as_module(op);
        let def = (*m).md_def;
        if !def.is_null()
            && let Some(clear) = (*def).m_clear
            && ((*def).m_size <= 0 || !(*m).md_state.is_null())
        {
            let res = clear(op);
            if !errors::PyErr_Occurred().is_null() {
                // CPython reports it as unraisable ("Exception ignored in
                // m_clear of module ...") and goes on.
                errors::PyErr_Clear();
            }
            if res != 0 {
                return res;
            }
        }
        let dict = std::mem::replace(&mut (*m).md_dict, ptr::null_mut());
        Py_DecRef(dict);
    }
    0
}

/// `module.__getattribute__`: the generic lookup, then a module-level
/// `__getattr__`, else `AttributeError("module 'm' has no attribute
/// 'x'")`.
unsafe extern "C" fn module_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live module and name.
    unsafe {
        let attr = PyObject_GenericGetAttr(op, name);
        if !attr.is_null() || errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0
        {
            return attr;
        }
        errors::PyErr_Clear();
        let dict = (*as_module(op)).md_dict;
        if dict.is_null() {
            return errors::fail_null(
                Exc::AttributeError,
                format!("module has no attribute '{}'", text_of(name)),
            );
        }
        let getattr = dict_get(dict, "__getattr__");
        if !getattr.is_null() {
            return PyObject_CallOneArg(getattr, name);
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let mod_name = dict_get(dict, "__name__");
        if !mod_name.is_null() && is_str(mod_name) {
            return errors::fail_null(
                Exc::AttributeError,
                format!(
                    "module '{}' has no attribute '{}'",
                    text_of(mod_name),
                    text_of(name)
                ),
            );
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        errors::fail_null(
            Exc::AttributeError,
            format!("module has no attribute '{}'", text_of(name)),
        )
    }
}

/// `dict[key]` for a `str` key, borrowed; NULL when missing (or with an
/// error set).
///
/// # Safety
/// `dict` must be a live dict.
unsafe fn dict_get(dict: *mut PyObject, key: &str) -> *mut PyObject {
    let Some(k) = Owned::new(unicode_from_str(key)) else {
        return ptr::null_mut();
    };
    // SAFETY: per the contract.
    unsafe { PyDict_GetItemWithError(dict, k.as_ptr()) }
}

/// `repr(module)`: `<module 'name' from 'file'>`, or `<module 'name'>`
/// (importlib's `_module_repr` for modules without a loader).
unsafe extern "C" fn module_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live module.
    unsafe {
        let dict = (*as_module(op)).md_dict;
        let text = |key| {
            if dict.is_null() {
                return None;
            }
            let v = dict_get(dict, key);
            errors::PyErr_Clear();
            crate::objects::object::repr(if v.is_null() { return None } else { v })
        };
        let name = text("__name__").unwrap_or_else(|| "'?'".into());
        if let Some(file) = text("__file__") {
            return unicode_from_str(&format!("<module {name} from {file}>"));
        }
        // A spec without a location names its origin in parentheses, as
        // importlib's `_module_repr_from_spec` does ("(built-in)").
        if let Some(origin) = spec_origin_without_location(dict) {
            return unicode_from_str(&format!("<module {name} ({origin})>"));
        }
        unicode_from_str(&format!("<module {name}>"))
    }
}

/// The `str` origin of the module's `__spec__` when the spec has no
/// location (`has_location` false), as a built-in module's; None
/// otherwise (errors cleared).
///
/// # Safety
/// `dict` must be NULL or a live dict.
unsafe fn spec_origin_without_location(dict: *mut PyObject) -> Option<String> {
    use crate::objects::object::{PyObject_GetAttrString, PyObject_IsTrue, is_str, text_of};
    if dict.is_null() {
        return None;
    }
    // SAFETY: a live dict; the values are live while read.
    unsafe {
        let spec = dict_get(dict, "__spec__");
        if spec.is_null() {
            errors::PyErr_Clear();
            return None;
        }
        let attr = |key: &std::ffi::CStr| {
            let v = Owned::new(PyObject_GetAttrString(spec, key.as_ptr()));
            if v.is_none() {
                errors::PyErr_Clear();
            }
            v
        };
        let origin = attr(c"origin")?;
        let located = attr(c"has_location")?;
        let r = PyObject_IsTrue(located.as_ptr());
        if r != 0 {
            errors::PyErr_Clear();
            return None;
        }
        if !is_str(origin.as_ptr()) {
            return None;
        }
        Some(text_of(origin.as_ptr()))
    }
}

static MODULE_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__dict__",
        T_OBJECT,
        offset_of!(PyModuleObject, md_dict),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `module.__dir__()`: the module dict's `__dir__()` when it has one (a
/// module-level `__dir__` function, PEP 562), else the dict's keys;
/// `TypeError("<module>.__dict__ is not a dictionary")` for a `__dict__`
/// that is not a dict.
unsafe extern "C" fn module_dir(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live module.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str("__dict__")) else {
            return ptr::null_mut();
        };
        let Some(dict) = Owned::new(crate::objects::object::PyObject_GetAttr(slf, key.as_ptr()))
        else {
            return ptr::null_mut();
        };
        if !crate::objects::dictobject::is_dict(dict.as_ptr()) {
            return errors::fail_null(Exc::TypeError, "<module>.__dict__ is not a dictionary");
        }
        let Some(dir_key) = Owned::new(unicode_from_str("__dir__")) else {
            return ptr::null_mut();
        };
        let dirfunc =
            crate::objects::dictobject::PyDict_GetItemWithError(dict.as_ptr(), dir_key.as_ptr());
        if !dirfunc.is_null() {
            // Held across the call: the function may change the dict.
            let dirfunc = Owned::borrowed(dirfunc);
            return crate::objects::call::PyObject_CallNoArgs(dirfunc.as_ptr());
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        crate::objects::dictobject::PyDict_Keys(dict.as_ptr())
    }
}

static MODULE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__dir__".as_ptr(),
        ml_meth: Some(module_dir),
        ml_flags: METH_NOARGS,
        ml_doc: c"__dir__() -> list\nspecialized dir() implementation".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// `PyModule_Type`: `module`.
#[unsafe(no_mangle)]
pub static PyModule_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"module".as_ptr();
    ty.tp_basicsize = size_of::<PyModuleObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(module_dealloc);
    ty.tp_repr = Some(module_repr);
    ty.tp_getattro = Some(module_getattro);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE;
    ty.tp_doc = c"Create a module object.\n\nThe name must be a string; the optional doc argument can have any type.".as_ptr();
    ty.tp_traverse = Some(module_traverse);
    ty.tp_clear = Some(module_clear);
    ty.tp_weaklistoffset = offset_of!(PyModuleObject, md_weaklist) as Py_ssize_t;
    ty.tp_members = MODULE_MEMBERS.get().cast();
    ty.tp_methods = MODULE_METHODS.get().cast();
    ty.tp_dictoffset = offset_of!(PyModuleObject, md_dict) as Py_ssize_t;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(module_tp_new);
    ty.tp_init = Some(module_tp_init);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `module.__new__(type)`: an instance (of `type`, which may subclass
/// `module`) with an empty dict and no name yet, as CPython's
/// `new_module`.
unsafe extern "C" fn module_tp_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live subtype of `module`; its allocator zeroes the
    // instance, whose dict is set before anyone sees it.
    unsafe {
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let Some(m) = Owned::new(alloc(ty, 0)) else {
            return ptr::null_mut();
        };
        let dict = PyDict_New();
        if dict.is_null() {
            return ptr::null_mut();
        }
        (*as_module(m.as_ptr())).md_dict = dict;
        m.into_raw()
    }
}

static_parser!(INIT_KW = [c"name", c"doc"]; INIT_PARSER = c"module");

/// `module.__init__(self, name, doc=None)`: fills the dict as
/// `PyModule_NewObject` does; `name` must be a str.
unsafe extern "C" fn module_tp_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: tp_init's contract: a live module, a tuple and NULL or a
    // dict.
    unsafe {
        let Some([name, doc]) = crate::python::clinic::unpack_call::<2>(
            &INIT_PARSER,
            crate::objects::tupleobject::items(args),
            crate::objects::tupleobject::size(args),
            kwds,
            ptr::null_mut(),
            1,
            2,
        ) else {
            return -1;
        };
        if !is_str(name) {
            crate::python::getargs::_PyArg_BadArgument(
                c"module".as_ptr(),
                c"argument 'name'".as_ptr(),
                c"str".as_ptr(),
                name,
            );
            return -1;
        }
        module_init_dict(op, name, doc)
    }
}

/// `PyModuleDef_Type`: `moduledef`, the type `PyModuleDef_Init` gives a
/// definition so that a `PyInit_*` can return it as an object.
#[unsafe(no_mangle)]
pub static PyModuleDef_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"moduledef".as_ptr();
    ty.tp_basicsize = size_of::<PyModuleDef>() as Py_ssize_t;
    ty.tp_dealloc = Some(crate::objects::object::immortal_dealloc);
    ty
});

// ==========================================================================
// Creation
// ==========================================================================

/// A module with an empty dict, not yet named (CPython's
/// `new_module_notrack`).
fn new_module() -> Option<Owned> {
    // SAFETY: a static type; the new object is zeroed.
    unsafe {
        ensure_ready(PyModule_Type.get());
        let m = Owned::new(PyType_GenericAlloc(PyModule_Type.get(), 0))?;
        let dict = PyDict_New();
        if dict.is_null() {
            return None;
        }
        (*as_module(m.as_ptr())).md_dict = dict;
        Some(m)
    }
}

/// Fills a new module's dict: `__name__`, `__doc__`, and `__package__`,
/// `__loader__` and `__spec__` as None.
///
/// # Safety
/// `m` must be a live module; `name` a live object; `doc` NULL or live.
unsafe fn module_init_dict(m: *mut PyObject, name: *mut PyObject, doc: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let dict = (*as_module(m)).md_dict;
        let doc = if doc.is_null() { py_none() } else { doc };
        for (key, value) in [
            ("__name__", name),
            ("__doc__", doc),
            ("__package__", py_none()),
            ("__loader__", py_none()),
            ("__spec__", py_none()),
        ] {
            let Some(k) = Owned::new(unicode_from_str(key)) else {
                return -1;
            };
            if PyDict_SetItem(dict, k.as_ptr(), value) < 0 {
                return -1;
            }
        }
        if is_str(name) && type_of(name) == crate::objects::unicodeobject::PyUnicode_Type.get() {
            Py_IncRef(name);
            let old = std::mem::replace(&mut (*as_module(m)).md_name, name);
            Py_DecRef(old);
        }
    }
    0
}

/// `PyModule_NewObject(name)`: a new module whose `__name__` is `name`
/// and `__doc__` None.
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `name` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_NewObject(name: *mut PyObject) -> *mut PyObject {
    if name.is_null() {
        return crate::objects::object::null_error();
    }
    let Some(m) = new_module() else {
        return ptr::null_mut();
    };
    // SAFETY: a fresh module and a live name.
    if unsafe { module_init_dict(m.as_ptr(), name, ptr::null_mut()) } < 0 {
        return ptr::null_mut();
    }
    m.into_raw()
}

/// `PyModule_New(name)`: [`PyModule_NewObject`] with a UTF-8 name.
///
/// Fails (NULL) with `UnicodeDecodeError` or `MemoryError`.
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_New(name: *const c_char) -> *mut PyObject {
    // SAFETY: per the contract.
    let Some(n) = Owned::new(unsafe { PyUnicode_FromString(name) }) else {
        return ptr::null_mut();
    };
    // SAFETY: a live str.
    unsafe { PyModule_NewObject(n.as_ptr()) }
}

/// The module number `PyModuleDef_Init` gives each definition.
static MAX_MODULE_NUMBER: AtomicIsize = AtomicIsize::new(0);

/// `PyModuleDef_Init(def)`: makes the definition an object of
/// `PyModuleDef_Type` (what a multi-phase `PyInit_*` returns) and gives it
/// a module number, once; returns it as a borrowed object.
///
/// # Safety
/// `def` must be NULL or a definition that lives as long as the process
/// (normally static).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModuleDef_Init(def: *mut PyModuleDef) -> *mut PyObject {
    if def.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: per the contract. The index is claimed atomically so two
    // threads initialising one definition agree on it.
    unsafe {
        let index = AtomicIsize::from_ptr(&raw mut (*def).m_base.m_index);
        if index.load(Ordering::Acquire) == 0 {
            let n = MAX_MODULE_NUMBER.fetch_add(1, Ordering::Relaxed) + 1;
            if index
                .compare_exchange(0, n, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                (*def).m_base.ob_base.ob_type = PyModuleDef_Type.get();
                AtomicIsize::from_ptr(&raw mut (*def).m_base.ob_base.ob_refcnt)
                    .store(IMMORTAL_REFCNT, Ordering::Relaxed);
            }
        }
    }
    def.cast()
}

/// Whether `op` is a module definition initialised by `PyModuleDef_Init`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn is_module_def(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    !op.is_null() && unsafe { type_of(op) } == PyModuleDef_Type.get()
}

/// Adds the functions of a method table to `module` as function objects
/// whose `self` is the module and `__module__` is `name`.
///
/// # Safety
/// `module` must be a live object; `name` NULL or live; `functions` a
/// terminated table that outlives the module.
unsafe fn add_methods_to_object(
    module: *mut PyObject,
    name: *mut PyObject,
    functions: *mut PyMethodDef,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let mut fdef = functions;
        while !(*fdef).ml_name.is_null() {
            if (*fdef).ml_flags & (METH_CLASS | METH_STATIC) != 0 {
                return errors::fail(
                    Exc::ValueError,
                    "module functions cannot set METH_CLASS or METH_STATIC",
                );
            }
            let Some(func) = Owned::new(PyCFunction_NewEx(fdef, module, name)) else {
                return -1;
            };
            if PyObject_SetAttrString(module, (*fdef).ml_name, func.as_ptr()) != 0 {
                return -1;
            }
            fdef = fdef.add(1);
        }
    }
    0
}

/// `PyModule_Create2(def, apiver)`: a module from a single-phase
/// definition: named `m_name`, with `m_size` bytes of zeroed state, its
/// functions and its docstring. The definition must outlive the module.
///
/// Fails (NULL) with `SystemError("module m: PyModule_Create is
/// incompatible with m_slots")`, `SystemError("f() method: bad call
/// flags")`, `ValueError("module functions cannot set METH_CLASS or
/// METH_STATIC")` or `MemoryError`; NULL `def` or `m_name` give
/// `SystemError`.
///
/// # Safety
/// `def` must be NULL or a valid definition that outlives the module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_Create2(def: *mut PyModuleDef, apiver: c_int) -> *mut PyObject {
    if def.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        PyModuleDef_Init(def);
        if (*def).m_name.is_null() {
            return errors::fail_null(
                Exc::SystemError,
                "PyModule_Create: the definition has no m_name",
            );
        }
        let name = c_text((*def).m_name, usize::MAX);
        if !check_api_version(&name, apiver) {
            return ptr::null_mut();
        }
        if !(*def).m_slots.is_null() {
            return errors::fail_null(
                Exc::SystemError,
                format!("module {name}: PyModule_Create is incompatible with m_slots"),
            );
        }
        let Some(m) = Owned::new(PyModule_New((*def).m_name)) else {
            return ptr::null_mut();
        };
        if (*def).m_size > 0 {
            let state = PyMem_Calloc(1, (*def).m_size as usize);
            if state.is_null() {
                return errors::PyErr_NoMemory();
            }
            (*as_module(m.as_ptr())).md_state = state;
        }
        if !(*def).m_methods.is_null() && PyModule_AddFunctions(m.as_ptr(), (*def).m_methods) != 0 {
            return ptr::null_mut();
        }
        if !(*def).m_doc.is_null() && PyModule_SetDocString(m.as_ptr(), (*def).m_doc) != 0 {
            return ptr::null_mut();
        }
        (*as_module(m.as_ptr())).md_def = def;
        m.into_raw()
    }
}

/// `PyModule_Create(def)` as a function (the header's macro passes
/// `PYTHON_API_VERSION` to [`PyModule_Create2`]).
///
/// # Safety
/// As [`PyModule_Create2`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_Create(def: *mut PyModuleDef) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyModule_Create2(def, PYTHON_API_VERSION) }
}

/// CPython's `check_api_version`: a module built for another C API
/// version gets a `RuntimeWarning`; false when that warning became an
/// error.
fn check_api_version(name: &str, apiver: c_int) -> bool {
    if apiver == PYTHON_API_VERSION || apiver == PYTHON_ABI_VERSION {
        return true;
    }
    let name = crate::objects::object::truncate(name, 100);
    let message = format!(
        "Python C API version mismatch for module {name}: This Python has API version \
         {PYTHON_API_VERSION}, module {name} has version {apiver}."
    );
    let Ok(message) = std::ffi::CString::new(message) else {
        return true;
    };
    // SAFETY: a static category and a NUL-terminated message.
    unsafe {
        crate::python::warnings::PyErr_WarnEx(
            Exc::RuntimeWarning.type_object(),
            message.as_ptr(),
            1,
        ) >= 0
    }
}

/// `PyModule_FromDefAndSpec2(def, spec, apiver)`: the first phase of
/// multi-phase initialisation: the module made by the `Py_mod_create`
/// slot (called with `spec` and `def`), or a new module named
/// `spec.name`; then its functions and docstring. Module state is
/// allocated by [`PyModule_ExecDef`].
///
/// Fails (NULL) with `SystemError` for a negative `m_size` ("module m:
/// m_size may not be negative for multi-phase initialization"), several
/// create slots, an unknown slot id, a create slot that fails without an
/// exception or succeeds with one, a non-module result that asks for state
/// or has exec slots; with the error of reading `spec.name`; or as
/// [`PyModule_Create2`].
///
/// # Safety
/// `def` must be NULL or a valid definition that outlives the module;
/// `spec` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_FromDefAndSpec2(
    def: *mut PyModuleDef,
    spec: *mut PyObject,
    apiver: c_int,
) -> *mut PyObject {
    if def.is_null() || spec.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract; the create slot has the C type its id
    // names.
    unsafe {
        PyModuleDef_Init(def);
        let Some(nameobj) = Owned::new(PyObject_GetAttrString(spec, c"name".as_ptr())) else {
            return ptr::null_mut();
        };
        let cname = PyUnicode_AsUTF8(nameobj.as_ptr());
        if cname.is_null() {
            return ptr::null_mut();
        }
        let name = c_text(cname, usize::MAX);
        if !check_api_version(&name, apiver) {
            return ptr::null_mut();
        }
        if (*def).m_size < 0 {
            return errors::fail_null(
                Exc::SystemError,
                format!("module {name}: m_size may not be negative for multi-phase initialization"),
            );
        }
        type CreateFn = unsafe extern "C" fn(*mut PyObject, *mut PyModuleDef) -> *mut PyObject;
        let mut create: Option<CreateFn> = None;
        let mut has_execution_slots = false;
        let mut slot = (*def).m_slots;
        while !slot.is_null() && (*slot).slot != 0 {
            match (*slot).slot {
                Py_mod_create => {
                    if create.is_some() {
                        return errors::fail_null(
                            Exc::SystemError,
                            format!("module {name} has multiple create slots"),
                        );
                    }
                    create = (!(*slot).value.is_null())
                        .then(|| std::mem::transmute::<*mut c_void, CreateFn>((*slot).value));
                }
                id if !(0..=Py_mod_exec).contains(&id) => {
                    return errors::fail_null(
                        Exc::SystemError,
                        format!("module {name} uses unknown slot ID {id}"),
                    );
                }
                _ => has_execution_slots = true,
            }
            slot = slot.add(1);
        }
        let m = match create {
            Some(create) => {
                let m = create(spec, def);
                if m.is_null() {
                    if errors::PyErr_Occurred().is_null() {
                        errors::raise(
                            Exc::SystemError,
                            format!(
                                "creation of module {name} failed without setting an exception"
                            ),
                        );
                    }
                    return ptr::null_mut();
                }
                let m = Owned::new(m).expect("checked above");
                if !errors::PyErr_Occurred().is_null() {
                    errors::raise(
                        Exc::SystemError,
                        format!("creation of module {name} raised unreported exception"),
                    );
                    return ptr::null_mut();
                }
                m
            }
            None => match Owned::new(PyModule_NewObject(nameobj.as_ptr())) {
                Some(m) => m,
                None => return ptr::null_mut(),
            },
        };
        if is_module(m.as_ptr()) {
            let md = as_module(m.as_ptr());
            (*md).md_state = ptr::null_mut();
            (*md).md_def = def;
        } else {
            let d = &*def;
            if d.m_size > 0 || d.m_traverse.is_some() || d.m_clear.is_some() || d.m_free.is_some() {
                return errors::fail_null(
                    Exc::SystemError,
                    format!("module {name} is not a module object, but requests module state"),
                );
            }
            if has_execution_slots {
                return errors::fail_null(
                    Exc::SystemError,
                    format!(
                        "module {name} specifies execution slots, but did not create a ModuleType instance"
                    ),
                );
            }
        }
        if !(*def).m_methods.is_null()
            && add_methods_to_object(m.as_ptr(), nameobj.as_ptr(), (*def).m_methods) != 0
        {
            return ptr::null_mut();
        }
        if !(*def).m_doc.is_null() && PyModule_SetDocString(m.as_ptr(), (*def).m_doc) != 0 {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

/// `PyModule_ExecDef(module, def)`: the second phase: allocates the
/// zeroed module state (once) and runs each `Py_mod_exec` slot in order.
///
/// Fails (-1) with `SystemError("execution of module m failed without
/// setting an exception")` / `("... raised unreported exception")` /
/// `("module m initialized with unknown slot N")`, what an exec slot
/// raised, or `MemoryError`.
///
/// # Safety
/// `module` must be a live module made from `def`; `def` a valid
/// definition.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_ExecDef(module: *mut PyObject, def: *mut PyModuleDef) -> c_int {
    if def.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: per the contract; exec slots have the C type their id names.
    unsafe {
        let cname = PyModule_GetName(module);
        if cname.is_null() {
            return -1;
        }
        let name = c_text(cname, usize::MAX);
        if (*def).m_size >= 0 {
            let md = as_module(module);
            if (*md).md_state.is_null() {
                let state = PyMem_Calloc(1, (*def).m_size as usize);
                if state.is_null() {
                    errors::PyErr_NoMemory();
                    return -1;
                }
                (*md).md_state = state;
            }
        }
        let mut slot = (*def).m_slots;
        while !slot.is_null() && (*slot).slot != 0 {
            match (*slot).slot {
                Py_mod_create => {}
                Py_mod_exec => {
                    type ExecFn = unsafe extern "C" fn(*mut PyObject) -> c_int;
                    if (*slot).value.is_null() {
                        return errors::fail(
                            Exc::SystemError,
                            format!("module {name} has a NULL exec slot"),
                        );
                    }
                    let exec = std::mem::transmute::<*mut c_void, ExecFn>((*slot).value);
                    let ret = exec(module);
                    if ret != 0 {
                        if errors::PyErr_Occurred().is_null() {
                            errors::raise(
                                Exc::SystemError,
                                format!(
                                    "execution of module {name} failed without setting an exception"
                                ),
                            );
                        }
                        return -1;
                    }
                    if !errors::PyErr_Occurred().is_null() {
                        return errors::fail(
                            Exc::SystemError,
                            format!("execution of module {name} raised unreported exception"),
                        );
                    }
                }
                id => {
                    return errors::fail(
                        Exc::SystemError,
                        format!("module {name} initialized with unknown slot {id}"),
                    );
                }
            }
            slot = slot.add(1);
        }
    }
    0
}

/// `PyModule_AddFunctions(module, functions)`: adds a function object
/// for each entry of the table.
///
/// Fails (-1) as [`PyModule_GetNameObject`], or with
/// `ValueError("module functions cannot set METH_CLASS or METH_STATIC")`,
/// `SystemError("f() method: bad call flags")` or `MemoryError`.
///
/// # Safety
/// `module` must be a live object; `functions` a terminated table that
/// outlives it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddFunctions(
    module: *mut PyObject,
    functions: *mut PyMethodDef,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(name) = Owned::new(PyModule_GetNameObject(module)) else {
            return -1;
        };
        if functions.is_null() {
            return 0;
        }
        add_methods_to_object(module, name.as_ptr(), functions)
    }
}

/// `PyModule_SetDocString(module, doc)`: sets `__doc__`.
///
/// # Safety
/// `module` must be a live object; `doc` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_SetDocString(module: *mut PyObject, doc: *const c_char) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(v) = Owned::new(PyUnicode_FromString(doc)) else {
            return -1;
        };
        let Some(key) = Owned::new(unicode_from_str("__doc__")) else {
            return -1;
        };
        if PyObject_SetAttr(module, key.as_ptr(), v.as_ptr()) != 0 {
            return -1;
        }
    }
    0
}

// ==========================================================================
// Accessors
// ==========================================================================

/// `PyModule_GetDict(module)`: the module's `__dict__` (borrowed).
///
/// Fails (NULL) with `SystemError` when `module` is not a module.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetDict(module: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(module) {
            errors::PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        (*as_module(module)).md_dict
    }
}

/// `PyModule_GetNameObject(module)`: `__name__` as a new reference.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for a non-module, `SystemError("nameless module")`.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetNameObject(module: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(module) {
            errors::PyErr_BadArgument();
            return ptr::null_mut();
        }
        let dict = (*as_module(module)).md_dict;
        let name = if dict.is_null() {
            ptr::null_mut()
        } else {
            dict_get(dict, "__name__")
        };
        if name.is_null() || !is_str(name) {
            if errors::PyErr_Occurred().is_null() {
                errors::raise(Exc::SystemError, "nameless module");
            }
            return ptr::null_mut();
        }
        Py_IncRef(name);
        name
    }
}

/// `PyModule_GetName(module)`: `__name__` as UTF-8, valid while the module
/// keeps that name.
///
/// Fails (NULL) as [`PyModule_GetNameObject`].
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetName(module: *mut PyObject) -> *const c_char {
    // SAFETY: per the contract; the dict keeps the name alive.
    unsafe {
        let name = PyModule_GetNameObject(module);
        if name.is_null() {
            return ptr::null();
        }
        Py_DecRef(name);
        PyUnicode_AsUTF8(name)
    }
}

/// `PyModule_GetFilenameObject(module)`: `__file__` as a new reference.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for a non-module, `SystemError("module filename
/// missing")`.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetFilenameObject(module: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(module) {
            errors::PyErr_BadArgument();
            return ptr::null_mut();
        }
        let dict = (*as_module(module)).md_dict;
        let file = if dict.is_null() {
            ptr::null_mut()
        } else {
            dict_get(dict, "__file__")
        };
        if file.is_null() || !is_str(file) {
            if errors::PyErr_Occurred().is_null() {
                errors::raise(Exc::SystemError, "module filename missing");
            }
            return ptr::null_mut();
        }
        Py_IncRef(file);
        file
    }
}

/// `PyModule_GetFilename(module)`: `__file__` as UTF-8 (deprecated in
/// CPython, still exported).
///
/// Fails (NULL) as [`PyModule_GetFilenameObject`].
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetFilename(module: *mut PyObject) -> *const c_char {
    // SAFETY: per the contract; the dict keeps the file name alive.
    unsafe {
        let file = PyModule_GetFilenameObject(module);
        if file.is_null() {
            return ptr::null();
        }
        Py_DecRef(file);
        PyUnicode_AsUTF8(file)
    }
}

/// `PyModule_GetDef(module)`: the definition the module was made from
/// (NULL without an error when it has none).
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for a non-module.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetDef(module: *mut PyObject) -> *mut PyModuleDef {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(module) {
            errors::PyErr_BadArgument();
            return ptr::null_mut();
        }
        (*as_module(module)).md_def
    }
}

/// `PyModule_GetState(module)`: the module's state (NULL without an error
/// when it has none).
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for a non-module.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetState(module: *mut PyObject) -> *mut c_void {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(module) {
            errors::PyErr_BadArgument();
            return ptr::null_mut();
        }
        (*as_module(module)).md_state
    }
}

/// The definition of a module, or NULL for other objects.
///
/// # Safety
/// `m` must be a live object.
pub(crate) unsafe fn module_def_of(m: *mut PyObject) -> *mut PyModuleDef {
    // SAFETY: per the contract.
    unsafe {
        if is_module(m) {
            (*as_module(m)).md_def
        } else {
            ptr::null_mut()
        }
    }
}

/// The state of a module, or NULL for other objects.
///
/// # Safety
/// `m` must be a live object.
pub(crate) unsafe fn module_state_of(m: *mut PyObject) -> *mut c_void {
    // SAFETY: per the contract.
    unsafe {
        if is_module(m) {
            (*as_module(m)).md_state
        } else {
            ptr::null_mut()
        }
    }
}

// ==========================================================================
// Rust accessors
// ==========================================================================

/// The module's `__name__`, or None when `op` is not a named module.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_name(op: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let name = Owned::new(PyModule_GetNameObject(op));
        if name.is_none() {
            errors::PyErr_Clear();
        }
        Some(text_of(name?.as_ptr()))
    }
}

/// The module's `__doc__` when it is a `str`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_doc(op: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        if !is_module(op) || (*as_module(op)).md_dict.is_null() {
            return None;
        }
        let doc = dict_get((*as_module(op)).md_dict, "__doc__");
        errors::PyErr_Clear();
        (!doc.is_null() && is_str(doc)).then(|| text_of(doc))
    }
}

/// The entries of the module's dict in insertion order, each as a name
/// and a **new reference**, or None when `op` is not a module. Dunder
/// entries (`__name__`, `__doc__`, …) are included.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_entries(op: *mut PyObject) -> Option<Vec<(String, *mut PyObject)>> {
    // SAFETY: per the contract; the dict is not modified while iterated
    // (no code runs in between).
    unsafe {
        if !is_module(op) || (*as_module(op)).md_dict.is_null() {
            return None;
        }
        let dict = (*as_module(op)).md_dict;
        let mut out = Vec::new();
        let mut pos: Py_ssize_t = 0;
        let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
        while PyDict_Next(dict, &mut pos, &mut k, &mut v) != 0 {
            if is_str(k) {
                Py_IncRef(v);
                out.push((text_of(k), v));
            }
        }
        Some(out)
    }
}

/// Tears a module down as CPython's interpreter shutdown does, for an
/// owner that is done with it: every heap type the module owns is cleared
/// (breaking the reference cycles each heap type is part of), the module
/// state is cleared (`m_clear`) and the dict emptied; then the caller's
/// reference is dropped, so the module, and `m_free`, go as soon as no
/// other object refers to them.
///
/// # Safety
/// `module` must be a live module; the caller's reference is consumed. No
/// code may use the module's attributes afterwards.
pub unsafe fn finalize(module: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let mut owned_types = Vec::new();
        for (_, v) in module_entries(module).unwrap_or_default() {
            let is_own_type = crate::objects::object::is_type(v)
                && crate::objects::object::is_heap_type(v.cast())
                && (*v.cast::<PyHeapTypeObject>()).ht_module == module;
            if is_own_type {
                owned_types.push(v);
            } else {
                Py_DecRef(v);
            }
        }
        module_clear(module);
        for ty in owned_types {
            type_clear(ty);
            Py_DecRef(ty);
        }
        Py_DecRef(module);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::call::call;
    use crate::objects::longobject::long_from_i64;
    use crate::objects::object::{Py_REFCNT, Scalar, as_scalar};
    use crate::python::errors::take_error;
    use crate::python::import::{load_from_init, loaded_module, unregister_module};
    use std::ffi::CStr;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static FREED: AtomicUsize = AtomicUsize::new(0);
    static CLEARED: AtomicUsize = AtomicUsize::new(0);

    unsafe extern "C" fn on_free(_m: *mut c_void) {
        FREED.fetch_add(1, Ordering::SeqCst);
    }

    unsafe extern "C" fn on_clear(_m: *mut PyObject) -> c_int {
        CLEARED.fetch_add(1, Ordering::SeqCst);
        0
    }

    unsafe extern "C" fn answer(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
        long_from_i64(42)
    }

    unsafe extern "C" fn kwcount(
        _m: *mut PyObject,
        _args: *const *mut PyObject,
        nargs: Py_ssize_t,
        kwnames: *mut PyObject,
    ) -> *mut PyObject {
        let nkw = if kwnames.is_null() {
            0
        } else {
            // SAFETY: a tuple of names (non-NULL here).
            unsafe { crate::objects::tupleobject::PyTuple_Size(kwnames) }
        };
        long_from_i64((nargs * 10 + nkw) as i64)
    }

    fn method(name: &'static CStr, meth: *const (), flags: c_int) -> PyMethodDef {
        PyMethodDef {
            ml_name: name.as_ptr(),
            // SAFETY: every test function is an `extern "C"` fn pointer.
            ml_meth: Some(unsafe { std::mem::transmute::<*const (), PyCFunction>(meth) }),
            ml_flags: flags,
            ml_doc: ptr::null(),
        }
    }

    fn leak_def(
        name: &'static CStr,
        methods: Vec<PyMethodDef>,
        slots: Vec<PyModuleDef_Slot>,
        m_size: Py_ssize_t,
    ) -> *mut PyModuleDef {
        let mut methods = methods;
        methods.push(PyMethodDef::zeroed());
        let table = Box::leak(methods.into_boxed_slice()).as_mut_ptr();
        let slots = if slots.is_empty() {
            ptr::null_mut()
        } else {
            let mut slots = slots;
            slots.push(PyModuleDef_Slot {
                slot: 0,
                value: ptr::null_mut(),
            });
            Box::leak(slots.into_boxed_slice()).as_mut_ptr()
        };
        Box::leak(Box::new(PyModuleDef {
            m_base: PyModuleDef_Base {
                ob_base: PyObject {
                    ob_refcnt: 1,
                    ob_type: ptr::null_mut(),
                },
                m_init: None,
                m_index: 0,
                m_copy: ptr::null_mut(),
            },
            m_name: name.as_ptr(),
            m_doc: c"A test module.".as_ptr(),
            m_size,
            m_methods: table,
            m_slots: slots,
            m_traverse: None,
            m_clear: Some(on_clear),
            m_free: Some(on_free),
        }))
    }

    #[test]
    fn single_phase_module_calls_and_finalizes() {
        let def = leak_def(
            c"rsmod",
            vec![
                method(c"answer", answer as *const (), METH_NOARGS),
                method(
                    c"kwcount",
                    kwcount as *const (),
                    METH_FASTCALL | METH_KEYWORDS,
                ),
            ],
            vec![],
            8,
        );
        // SAFETY: a valid, leaked definition; objects are live throughout.
        unsafe {
            let m = PyModule_Create(def);
            assert!(!m.is_null(), "{:?}", take_error());
            assert_eq!(Py_REFCNT(m), 3, "each function holds the module");
            assert_eq!(module_name(m).as_deref(), Some("rsmod"));
            assert_eq!(module_doc(m).as_deref(), Some("A test module."));
            let names: Vec<String> = module_entries(m)
                .unwrap()
                .into_iter()
                .map(|(n, v)| {
                    Py_DecRef(v);
                    n
                })
                .collect();
            assert_eq!(
                names,
                [
                    "__name__",
                    "__doc__",
                    "__package__",
                    "__loader__",
                    "__spec__",
                    "answer",
                    "kwcount"
                ]
            );
            let f = PyObject_GetAttrString(m, c"kwcount".as_ptr());
            let x = long_from_i64(1);
            let r = call(f, &[x, x], &[("a", x), ("b", x)]).unwrap();
            assert_eq!(as_scalar(r), Some(Scalar::Int(22)));
            Py_DecRef(r);
            let g = PyObject_GetAttrString(m, c"answer".as_ptr());
            let e = call(g, &[], &[("k", x)]).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (Exc::TypeError, "rsmod.answer() takes no keyword arguments")
            );
            Py_DecRef(g);
            Py_DecRef(f);
            Py_DecRef(x);

            let (freed, cleared) = (FREED.load(Ordering::SeqCst), CLEARED.load(Ordering::SeqCst));
            finalize(m);
            assert_eq!(CLEARED.load(Ordering::SeqCst), cleared + 1, "m_clear ran");
            assert_eq!(
                FREED.load(Ordering::SeqCst),
                freed + 1,
                "the module died: m_free ran"
            );
        }
    }

    unsafe extern "C" fn exec_sets_state(m: *mut PyObject) -> c_int {
        // SAFETY: a module with at least 8 bytes of state.
        unsafe { *PyModule_GetState(m).cast::<i64>() = 7 };
        0
    }

    #[test]
    fn loader_runs_both_initialisations() {
        let multi = leak_def(
            c"rsmulti",
            vec![method(c"answer", answer as *const (), METH_NOARGS)],
            vec![PyModuleDef_Slot {
                slot: Py_mod_exec,
                value: exec_sets_state as *mut c_void,
            }],
            8,
        );
        let single = leak_def(c"rssingle", vec![], vec![], 0);
        // SAFETY: valid, leaked definitions.
        unsafe {
            let m =
                load_from_init(PyModuleDef_Init(multi), "pkg.rsmulti", "/x/rsmulti.so").unwrap();
            assert_eq!(*PyModule_GetState(m).cast::<i64>(), 7, "the exec slot ran");
            assert_eq!(module_name(m).as_deref(), Some("pkg.rsmulti"));
            let spec = PyObject_GetAttrString(m, c"__spec__".as_ptr());
            assert_eq!(
                crate::objects::object::repr(spec).as_deref(),
                Some("ModuleSpec(name='pkg.rsmulti', loader=None, origin='/x/rsmulti.so')")
            );
            Py_DecRef(spec);
            assert_eq!(
                crate::objects::object::repr(m).as_deref(),
                Some("<module 'pkg.rsmulti' from '/x/rsmulti.so'>")
            );
            let pkg = PyObject_GetAttrString(m, c"__package__".as_ptr());
            assert_eq!(as_scalar(pkg), Some(Scalar::Str("pkg".into())));
            Py_DecRef(pkg);
            let again = loaded_module("pkg.rsmulti").expect("registered");
            assert_eq!(again.as_ptr(), m);
            drop(again);
            assert!(crate::python::import::PyState_FindModule(multi).is_null());
            unregister_module("pkg.rsmulti", m);
            assert!(loaded_module("pkg.rsmulti").is_none());
            finalize(m);

            let s = load_from_init(PyModule_Create(single), "rssingle", "/x/rssingle.so").unwrap();
            assert_eq!(crate::python::import::PyState_FindModule(single), s);
            let file = PyModule_GetFilenameObject(s);
            assert_eq!(as_scalar(file), Some(Scalar::Str("/x/rssingle.so".into())));
            Py_DecRef(file);
            unregister_module("rssingle", s);
            assert!(crate::python::import::PyState_FindModule(single).is_null());
            finalize(s);

            let e = load_from_init(ptr::null_mut(), "broken", "/x").unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (
                    Exc::SystemError,
                    "initialization of broken failed without raising an exception"
                )
            );
            let e = load_from_init(long_from_i64(1), "notmod", "/x").unwrap_err();
            assert_eq!(
                e.message,
                "initialization of notmod did not return an extension module"
            );
        }
    }
}
