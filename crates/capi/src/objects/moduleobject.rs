//! Module objects and `PyModule_Create` (CPython's `Objects/moduleobject.c`),
//! with CPython 3.11's semantics. The C layouts (`PyModuleDef`,
//! `PyMethodDef`) are in [`crate::ffi`]; `PyModule_AddObjectRef` and the other
//! `PyModule_Add*` helpers in [`crate::python::modsupport`].
//!
//! A C extension's `PyInit_<name>()` returns `PyModule_Create(&def)`. The
//! module object keeps a pointer to the (static) definition, copies of its
//! name, docstring and method table, the per-module state (`m_size` bytes),
//! and the objects added with `PyModule_AddObjectRef` and friends. The Rust
//! accessors ([`module_methods`], [`call_method`], [`module_attributes`], …)
//! are what the Node layer uses to expose a loaded extension.
//!
//! Module functions are called as CPython calls them: `self` is the module,
//! and the C function pointer's signature follows the method's flags
//! (`METH_NOARGS` and `METH_O`: `PyCFunction`; `METH_FASTCALL`:
//! `_PyCFunctionFast`).
//!
//! Not supported: multi-phase initialisation (`m_slots`, `PyModuleDef_Init`;
//! `PyModule_Create` refuses a definition with slots, as CPython does), and
//! calling `METH_VARARGS` functions, which need tuple objects (a module may
//! still define them; [`call_method`] refuses to call them).

#![allow(non_upper_case_globals, non_camel_case_types, non_snake_case)]

use std::ffi::{CStr, CString, c_char, c_int, c_void};
use std::ptr;
use std::sync::Mutex;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{self, Py_DecRef, Py_IncRef};
use crate::objects::obmalloc::{PyMem_Calloc, PyMem_Free, PyObject_Free, PyObject_Malloc};
use crate::objects::typeobject::{PyBaseObject_Type, PyType_Type};
use crate::objects::unicodeobject;
use crate::python::errors::{self, PyErrInfo, fail_null, take_error};

// ==========================================================================
// Module objects
// ==========================================================================

/// How a module function is called, from its `METH_*` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `METH_NOARGS`: `PyCFunction(self, NULL)`.
    NoArgs,
    /// `METH_O`: `PyCFunction(self, arg)`.
    O,
    /// `METH_FASTCALL`: `_PyCFunctionFast(self, args, nargs)`.
    FastCall,
    /// `METH_FASTCALL | METH_KEYWORDS`:
    /// `_PyCFunctionFastWithKeywords(self, args, nargs, kwnames)`.
    FastCallWithKeywords,
    /// `METH_VARARGS`: takes a tuple, which pybuffer cannot make.
    VarArgs,
    /// `METH_VARARGS | METH_KEYWORDS`: as `VarArgs`.
    VarArgsWithKeywords,
}

impl CallKind {
    /// The calling convention of `flags`, or None for a combination CPython
    /// refuses ("bad call flags"). `METH_COEXIST` is ignored.
    pub fn from_flags(flags: c_int) -> Option<CallKind> {
        let mask =
            METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD;
        match flags & mask {
            METH_NOARGS => Some(CallKind::NoArgs),
            METH_O => Some(CallKind::O),
            METH_FASTCALL => Some(CallKind::FastCall),
            f if f == METH_FASTCALL | METH_KEYWORDS => Some(CallKind::FastCallWithKeywords),
            METH_VARARGS => Some(CallKind::VarArgs),
            f if f == METH_VARARGS | METH_KEYWORDS => Some(CallKind::VarArgsWithKeywords),
            _ => None,
        }
    }
}

/// One function of a module, copied from its `PyMethodDef`.
#[derive(Debug, Clone)]
pub struct MethodInfo {
    /// `ml_name`.
    pub name: String,
    /// `ml_doc`, if any.
    pub doc: Option<String>,
    /// `ml_flags` as given.
    pub flags: c_int,
    /// The calling convention the flags select.
    pub kind: CallKind,
    /// `ml_meth`: call it through the signature `kind` names, with the
    /// module as `self` (or use [`call_method`]).
    pub meth: PyCFunction,
}

/// Rust-owned contents of a module object.
pub(crate) struct ModuleInner {
    name: CString,
    doc: Option<String>,
    methods: Vec<MethodInfo>,
    /// Objects added with `PyModule_Add*`, in insertion order; each entry
    /// holds a strong reference.
    pub(crate) attrs: Mutex<Vec<(String, *mut PyObject)>>,
}

/// The module object. Opaque to C (as CPython's is outside its internals).
#[repr(C)]
pub struct PyModuleObject {
    /// Object header.
    pub ob_base: PyObject,
    def: *mut PyModuleDef,
    state: *mut c_void,
    inner: *mut ModuleInner,
}

/// `PyModule_Type`: `module`.
#[unsafe(no_mangle)]
pub static PyModule_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"module".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<PyModuleObject>() as Py_ssize_t;
    ty.tp_flags = Py_TPFLAGS_READY;
    ty.tp_dealloc = Some(module_dealloc);
    ty.tp_free = Some(PyObject_Free);
    ty.tp_base = PyBaseObject_Type.get();
    ty
});

/// Deallocates a module: calls the definition's `m_free` (when it has no
/// state or its state was allocated, as CPython does), drops the added
/// objects and frees the state.
///
/// # Safety
/// `op` must be an unreferenced module object.
unsafe extern "C" fn module_dealloc(op: *mut PyObject) {
    let m = op as *mut PyModuleObject;
    // SAFETY: the module is live until freed at the end; its definition is
    // static C data that outlives it.
    unsafe {
        let def = (*m).def;
        if !def.is_null()
            && let Some(free) = (*def).m_free
            && ((*def).m_size <= 0 || !(*m).state.is_null())
        {
            free(op.cast());
        }
        if !(*m).inner.is_null() {
            let inner = Box::from_raw((*m).inner);
            (*m).inner = ptr::null_mut();
            let attrs = inner.attrs.into_inner().unwrap_or_else(|e| e.into_inner());
            for (_, obj) in attrs {
                Py_DecRef(obj);
            }
        }
        if !(*m).state.is_null() {
            PyMem_Free((*m).state);
        }
        PyObject_Free(op.cast());
    }
}

/// The contents of `op` when it is a module made by `PyModule_Create`.
///
/// # Safety
/// `op` must be NULL or a live object; the reference lives as long as it.
pub(crate) unsafe fn inner<'a>(op: *mut PyObject) -> Option<&'a ModuleInner> {
    // SAFETY: live per the contract.
    if op.is_null() || unsafe { (*op).ob_type } != PyModule_Type.get() {
        return None;
    }
    // SAFETY: a module object; `inner` is NULL or owned by it.
    unsafe { (*(op as *mut PyModuleObject)).inner.as_ref() }
}

/// True when `op` is a module made by `PyModule_Create`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn is_module(op: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { inner(op) }.is_some()
}

/// The module's name (`m_name`), or None when `op` is not a module.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_name(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe { inner(op) }.map(|m| m.name.to_string_lossy().into_owned())
}

/// The module's docstring (`m_doc`), or None when it has none or `op` is
/// not a module.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_doc(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe { inner(op) }.and_then(|m| m.doc.clone())
}

/// The module's functions in table order, or None when `op` is not a
/// module.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_methods(op: *mut PyObject) -> Option<Vec<MethodInfo>> {
    // SAFETY: forwarded contract.
    unsafe { inner(op) }.map(|m| m.methods.clone())
}

/// The objects added with `PyModule_AddObjectRef` / `AddObject` /
/// `AddIntConstant` / `AddStringConstant` / `AddType`, in insertion order,
/// each as a **new reference** the caller must drop with `Py_DecRef`. None
/// when `op` is not a module. Functions are not included (see
/// [`module_methods`]).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_attributes(op: *mut PyObject) -> Option<Vec<(String, *mut PyObject)>> {
    // SAFETY: forwarded contract.
    let m = unsafe { inner(op) }?;
    let attrs = m.attrs.lock().unwrap_or_else(|e| e.into_inner());
    Some(
        attrs
            .iter()
            .map(|(name, obj)| {
                // SAFETY: the module holds a reference to each object.
                unsafe { Py_IncRef(*obj) };
                (name.clone(), *obj)
            })
            .collect(),
    )
}

/// The object added under `name`, as a **new reference**, or None when
/// there is none or `op` is not a module.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn module_attribute(op: *mut PyObject, name: &str) -> Option<*mut PyObject> {
    // SAFETY: forwarded contract.
    let m = unsafe { inner(op) }?;
    let attrs = m.attrs.lock().unwrap_or_else(|e| e.into_inner());
    let obj = attrs.iter().find(|(n, _)| n == name)?.1;
    // SAFETY: the module holds a reference to the object.
    unsafe { Py_IncRef(obj) };
    Some(obj)
}

/// Takes the pending error after `raise`.
fn err(exc: Exc, message: impl Into<String>) -> PyErrInfo {
    errors::raise(exc, message);
    take_error().expect("an error was just raised")
}

/// Calls the module function `name` with positional `args` (borrowed) as
/// CPython's vectorcall would, and returns its result (a new reference).
///
/// Any error pending before the call is cleared. Fails (the error is taken
/// off the indicator and returned) with:
/// * `TypeError` when `module` is not a module, or the argument count does
///   not fit `METH_NOARGS` / `METH_O` (CPython's messages, e.g.
///   "imageops.mean() takes exactly one argument (2 given)");
/// * `AttributeError("module 'm' has no attribute 'name'")`;
/// * `NotImplementedError` for `METH_VARARGS` functions;
/// * whatever the function raised, or `SystemError` when it returned NULL
///   without an exception or a result with one set.
///
/// # Safety
/// `module` must be NULL or a live object, and each of `args` a live object.
/// The call runs arbitrary C code of the extension.
pub unsafe fn call_method(
    module: *mut PyObject,
    name: &str,
    args: &[*mut PyObject],
) -> Result<*mut PyObject, PyErrInfo> {
    errors::PyErr_Clear();
    // SAFETY: forwarded contract.
    let Some(m) = (unsafe { inner(module) }) else {
        return Err(err(Exc::TypeError, "call_method: not a module"));
    };
    let modname = m.name.to_string_lossy();
    let Some(info) = m.methods.iter().rev().find(|f| f.name == name) else {
        return Err(err(
            Exc::AttributeError,
            format!("module '{modname}' has no attribute '{name}'"),
        ));
    };
    let funcstr = format!("{modname}.{name}()");
    let nargs = args.len() as Py_ssize_t;
    let meth = info.meth;
    // The flags name the C function's real signature, as CPython assumes;
    // `module` is `self`.
    let res = match info.kind {
        CallKind::NoArgs if nargs != 0 => {
            return Err(err(
                Exc::TypeError,
                format!("{funcstr} takes no arguments ({nargs} given)"),
            ));
        }
        // SAFETY: METH_NOARGS functions are PyCFunctions; `arg` is NULL.
        CallKind::NoArgs => unsafe { meth(module, ptr::null_mut()) },
        CallKind::O if nargs != 1 => {
            return Err(err(
                Exc::TypeError,
                format!("{funcstr} takes exactly one argument ({nargs} given)"),
            ));
        }
        // SAFETY: METH_O functions are PyCFunctions; the argument is live.
        CallKind::O => unsafe { meth(module, args[0]) },
        // SAFETY: METH_FASTCALL functions are _PyCFunctionFast (CPython casts
        // them the same way); `args` holds `nargs` live objects.
        CallKind::FastCall => unsafe {
            let f = std::mem::transmute::<PyCFunction, _PyCFunctionFast>(meth);
            f(module, args.as_ptr(), nargs)
        },
        // SAFETY: as above, with a NULL `kwnames` (no keywords).
        CallKind::FastCallWithKeywords => unsafe {
            let f = std::mem::transmute::<PyCFunction, _PyCFunctionFastWithKeywords>(meth);
            f(module, args.as_ptr(), nargs, ptr::null_mut())
        },
        CallKind::VarArgs | CallKind::VarArgsWithKeywords => {
            return Err(err(
                Exc::NotImplementedError,
                format!(
                    "{funcstr}: pybuffer cannot call METH_VARARGS functions (no tuple objects)"
                ),
            ));
        }
    };
    let pending = !errors::PyErr_Occurred().is_null();
    match (res.is_null(), pending) {
        (false, false) => Ok(res),
        (true, true) => Err(take_error().expect("an error is pending")),
        (true, false) => Err(err(
            Exc::SystemError,
            format!("<built-in function {name}> returned NULL without setting an exception"),
        )),
        (false, true) => {
            // SAFETY: the function returned a new reference we do not keep.
            unsafe { Py_DecRef(res) };
            let cause = take_error().expect("an error is pending");
            Err(err(
                Exc::SystemError,
                format!(
                    "<built-in function {name}> returned a result with an exception set ({cause})"
                ),
            ))
        }
    }
}

// ==========================================================================
// C entry points
// ==========================================================================

/// Copies a C string, or None for NULL.
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
unsafe fn opt_string(s: *const c_char) -> Option<String> {
    // SAFETY: per the contract.
    (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned())
}

/// Reads a method table up to its NULL-named terminator, validating each
/// entry as CPython's `PyModule_AddFunctions` / `PyCFunction_NewEx` do.
///
/// # Safety
/// `methods` must be NULL or a terminated table.
unsafe fn read_methods(methods: *const PyMethodDef) -> Result<Vec<MethodInfo>, (Exc, String)> {
    let mut out = Vec::new();
    let mut p = methods;
    while !p.is_null() {
        // SAFETY: readable up to and including the terminator.
        let def = unsafe { *p };
        if def.ml_name.is_null() {
            break;
        }
        // SAFETY: a NUL-terminated name.
        let name = unsafe { opt_string(def.ml_name) }.unwrap_or_default();
        if def.ml_flags & (METH_CLASS | METH_STATIC) != 0 {
            return Err((
                Exc::ValueError,
                "module functions cannot set METH_CLASS or METH_STATIC".into(),
            ));
        }
        if def.ml_flags & METH_METHOD != 0
            && CallKind::from_flags(def.ml_flags & !METH_METHOD)
                == Some(CallKind::FastCallWithKeywords)
        {
            return Err((
                Exc::SystemError,
                "attempting to create PyCMethod with a METH_METHOD flag but no class".into(),
            ));
        }
        let Some(kind) = CallKind::from_flags(def.ml_flags) else {
            return Err((Exc::SystemError, format!("{name}() method: bad call flags")));
        };
        let Some(meth) = def.ml_meth else {
            return Err((
                Exc::SystemError,
                format!("{name}() method: NULL function pointer"),
            ));
        };
        out.push(MethodInfo {
            name,
            // SAFETY: NULL or NUL-terminated.
            doc: unsafe { opt_string(def.ml_doc) },
            flags: def.ml_flags,
            kind,
            meth,
        });
        // SAFETY: not past the terminator yet.
        p = unsafe { p.add(1) };
    }
    Ok(out)
}

/// `PyModule_Create2(def, apiver)`: creates a module from a single-phase
/// definition: name, docstring, functions from `m_methods`, and `m_size`
/// bytes of zeroed state. The definition must outlive the module (it is
/// normally static). `apiver` is accepted whatever its value (CPython only
/// warns on a mismatch).
///
/// Fails (NULL) with:
/// * `SystemError` for a NULL `def` or `m_name`, for `m_slots` ("module m:
///   PyModule_Create is incompatible with m_slots"), for a function with
///   invalid flags ("f() method: bad call flags") or a NULL `ml_meth`;
/// * `ValueError("module functions cannot set METH_CLASS or METH_STATIC")`;
/// * `MemoryError`.
///
/// # Safety
/// `def` must be NULL or a valid definition that outlives the module.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_Create2(def: *mut PyModuleDef, apiver: c_int) -> *mut PyObject {
    let _ = apiver;
    if def.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a valid definition per the contract.
    let d = unsafe { &*def };
    if d.m_name.is_null() {
        return fail_null(
            Exc::SystemError,
            "PyModule_Create: the definition has no m_name",
        );
    }
    // SAFETY: NUL-terminated per the contract.
    let name = unsafe { CStr::from_ptr(d.m_name) }.to_owned();
    if !d.m_slots.is_null() {
        return fail_null(
            Exc::SystemError,
            format!(
                "module {}: PyModule_Create is incompatible with m_slots",
                name.to_string_lossy()
            ),
        );
    }
    // SAFETY: a terminated table per the contract.
    let methods = match unsafe { read_methods(d.m_methods) } {
        Ok(m) => m,
        Err((exc, msg)) => return fail_null(exc, msg),
    };
    let state = if d.m_size > 0 {
        let s = PyMem_Calloc(1, d.m_size as usize);
        if s.is_null() {
            return errors::PyErr_NoMemory();
        }
        s
    } else {
        ptr::null_mut()
    };
    let op = PyObject_Malloc(std::mem::size_of::<PyModuleObject>()) as *mut PyObject;
    if op.is_null() {
        // SAFETY: allocated above (or NULL).
        unsafe { PyMem_Free(state) };
        return errors::PyErr_NoMemory();
    }
    let inner = Box::new(ModuleInner {
        name,
        // SAFETY: NULL or NUL-terminated.
        doc: unsafe { opt_string(d.m_doc) },
        methods,
        attrs: Mutex::new(Vec::new()),
    });
    // SAFETY: fresh memory for a PyModuleObject; `PyModule_Type` is static.
    unsafe {
        object::PyObject_Init(op, PyModule_Type.get());
        let m = op as *mut PyModuleObject;
        ptr::addr_of_mut!((*m).def).write(def);
        ptr::addr_of_mut!((*m).state).write(state);
        ptr::addr_of_mut!((*m).inner).write(Box::into_raw(inner));
    }
    op
}

/// `PyModule_Create(def)` as a function, for callers that cannot use the
/// header's macro: `PyModule_Create2(def, PYTHON_API_VERSION)`. Fails as
/// [`PyModule_Create2`].
///
/// # Safety
/// As [`PyModule_Create2`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_Create(def: *mut PyModuleDef) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyModule_Create2(def, PYTHON_API_VERSION) }
}

/// `PyModule_GetName(module)`: the module's name, valid as long as the
/// module.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `module` is not a module (or NULL).
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetName(module: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    match unsafe { inner(module) } {
        Some(m) => m.name.as_ptr(),
        None => fail_null::<c_char>(Exc::TypeError, "bad argument type for built-in operation"),
    }
}

/// `PyModule_GetNameObject(module)`: the module's name as a new `str`.
///
/// Fails (NULL) as [`PyModule_GetName`], or with `MemoryError`.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetNameObject(module: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let name = unsafe { PyModule_GetName(module) };
    if name.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a NUL-terminated name owned by the live module.
    unsafe { unicodeobject::PyUnicode_FromString(name) }
}

/// `PyModule_GetDef(module)`: the definition the module was created from.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `module` is not a module (or NULL).
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetDef(module: *mut PyObject) -> *mut PyModuleDef {
    // SAFETY: forwarded contract.
    if unsafe { inner(module) }.is_none() {
        return fail_null(Exc::TypeError, "bad argument type for built-in operation");
    }
    // SAFETY: a live module object.
    unsafe { (*(module as *mut PyModuleObject)).def }
}

/// `PyModule_GetState(module)`: the module's `m_size` bytes of state
/// (zeroed at creation), or NULL without an error when `m_size <= 0`.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `module` is not a module (or NULL).
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_GetState(module: *mut PyObject) -> *mut c_void {
    // SAFETY: forwarded contract.
    if unsafe { inner(module) }.is_none() {
        return fail_null(Exc::TypeError, "bad argument type for built-in operation");
    }
    // SAFETY: a live module object.
    unsafe { (*(module as *mut PyModuleObject)).state }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject::long_from_i64;
    use crate::objects::object::{Scalar, as_scalar};
    use crate::python::modsupport::{PyModule_AddIntConstant, PyModule_AddObjectRef};
    use std::mem::{offset_of, size_of};
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn layouts_match_cpython() {
        // From offsetof/sizeof on CPython 3.11's headers (x86-64).
        assert_eq!(size_of::<PyMethodDef>(), 32);
        assert_eq!(offset_of!(PyMethodDef, ml_meth), 8);
        assert_eq!(offset_of!(PyMethodDef, ml_flags), 16);
        assert_eq!(offset_of!(PyMethodDef, ml_doc), 24);
        assert_eq!(size_of::<PyModuleDef_Base>(), 40);
        assert_eq!(offset_of!(PyModuleDef_Base, m_init), 16);
        assert_eq!(offset_of!(PyModuleDef_Base, m_copy), 32);
        assert_eq!(size_of::<PyModuleDef>(), 104);
        assert_eq!(offset_of!(PyModuleDef, m_name), 40);
        assert_eq!(offset_of!(PyModuleDef, m_size), 56);
        assert_eq!(offset_of!(PyModuleDef, m_methods), 64);
        assert_eq!(offset_of!(PyModuleDef, m_slots), 72);
        assert_eq!(offset_of!(PyModuleDef, m_free), 96);
        assert_eq!(size_of::<PyModuleDef_Slot>(), 16);
    }

    unsafe extern "C" fn answer(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
        long_from_i64(42)
    }

    unsafe extern "C" fn ident(_m: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
        // SAFETY: a live argument.
        unsafe { Py_IncRef(a) };
        a
    }

    unsafe extern "C" fn count(
        _m: *mut PyObject,
        _args: *const *mut PyObject,
        n: Py_ssize_t,
    ) -> *mut PyObject {
        long_from_i64(n as i64)
    }

    unsafe extern "C" fn broken(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
        ptr::null_mut()
    }

    static FREED: AtomicUsize = AtomicUsize::new(0);
    unsafe extern "C" fn on_free(_m: *mut c_void) {
        FREED.fetch_add(1, Ordering::SeqCst);
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

    fn leak_def(methods: Vec<PyMethodDef>, m_size: Py_ssize_t) -> *mut PyModuleDef {
        let mut methods = methods;
        methods.push(PyMethodDef {
            ml_name: ptr::null(),
            ml_meth: None,
            ml_flags: 0,
            ml_doc: ptr::null(),
        });
        let table = Box::leak(methods.into_boxed_slice()).as_mut_ptr();
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
            m_name: c"testmod".as_ptr(),
            m_doc: c"A test module.".as_ptr(),
            m_size,
            m_methods: table,
            m_slots: ptr::null_mut(),
            m_traverse: None,
            m_clear: None,
            m_free: Some(on_free),
        }))
    }

    #[test]
    fn create_inspect_call() {
        let def = leak_def(
            vec![
                method(c"answer", answer as *const (), METH_NOARGS),
                method(c"ident", ident as *const (), METH_O),
                method(c"count", count as *const (), METH_FASTCALL),
                method(c"broken", broken as *const (), METH_NOARGS),
            ],
            16,
        );
        // SAFETY: a valid, leaked definition; objects are live throughout.
        unsafe {
            let m = PyModule_Create(def);
            assert!(!m.is_null());
            assert_eq!(module_name(m).as_deref(), Some("testmod"));
            assert_eq!(module_doc(m).as_deref(), Some("A test module."));
            assert_eq!(PyModule_GetDef(m), def);
            assert!(!PyModule_GetState(m).is_null());
            let methods = module_methods(m).unwrap();
            let kinds: Vec<_> = methods.iter().map(|f| (f.name.as_str(), f.kind)).collect();
            assert_eq!(
                kinds,
                [
                    ("answer", CallKind::NoArgs),
                    ("ident", CallKind::O),
                    ("count", CallKind::FastCall),
                    ("broken", CallKind::NoArgs),
                ]
            );

            let r = call_method(m, "answer", &[]).unwrap();
            assert_eq!(as_scalar(r), Some(Scalar::Int(42)));
            Py_DecRef(r);
            let x = long_from_i64(7);
            let r = call_method(m, "ident", &[x]).unwrap();
            assert_eq!(r, x);
            Py_DecRef(r);
            let r = call_method(m, "count", &[x, x, x]).unwrap();
            assert_eq!(as_scalar(r), Some(Scalar::Int(3)));
            Py_DecRef(r);

            let e = call_method(m, "answer", &[x]).unwrap_err();
            assert_eq!(e.message, "testmod.answer() takes no arguments (1 given)");
            let e = call_method(m, "ident", &[]).unwrap_err();
            assert_eq!(
                e.message,
                "testmod.ident() takes exactly one argument (0 given)"
            );
            let e = call_method(m, "nope", &[]).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (
                    Exc::AttributeError,
                    "module 'testmod' has no attribute 'nope'"
                )
            );
            let e = call_method(m, "broken", &[]).unwrap_err();
            assert_eq!(e.kind, Exc::SystemError);

            assert_eq!(PyModule_AddIntConstant(m, c"K".as_ptr(), 5), 0);
            assert_eq!(PyModule_AddObjectRef(m, c"X".as_ptr(), x), 0);
            assert_eq!(object::Py_REFCNT(x), 2);
            assert_eq!(PyModule_AddIntConstant(m, c"X".as_ptr(), 9), 0);
            assert_eq!(object::Py_REFCNT(x), 1);
            let attrs = module_attributes(m).unwrap();
            let names: Vec<_> = attrs.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["K", "X"]);
            for (_, o) in attrs {
                Py_DecRef(o);
            }
            let k = module_attribute(m, "X").unwrap();
            assert_eq!(as_scalar(k), Some(Scalar::Int(9)));
            Py_DecRef(k);

            let before = FREED.load(Ordering::SeqCst);
            Py_DecRef(m);
            assert_eq!(FREED.load(Ordering::SeqCst), before + 1);
            Py_DecRef(x);
        }
    }

    #[test]
    fn bad_definitions_are_refused() {
        let cases = [
            (
                METH_NOARGS | METH_O,
                Exc::SystemError,
                "f() method: bad call flags",
            ),
            (
                METH_O | METH_CLASS,
                Exc::ValueError,
                "module functions cannot set METH_CLASS or METH_STATIC",
            ),
        ];
        for (flags, exc, msg) in cases {
            let def = leak_def(vec![method(c"f", answer as *const (), flags)], 0);
            // SAFETY: a valid, leaked definition.
            assert!(unsafe { PyModule_Create(def) }.is_null());
            let e = take_error().unwrap();
            assert_eq!((e.kind, e.message.as_str()), (exc, msg));
        }
        // SAFETY: NULL is handled.
        assert!(unsafe { PyModule_GetName(ptr::null_mut()) }.is_null());
        assert_eq!(take_error().unwrap().kind, Exc::TypeError);
    }
}
