//! Loading extension modules (the parts of CPython's `Python/import.c`,
//! `Python/importdl.c` and `importlib` that run around a `PyInit_*`), for
//! hosts such as the Node layer that load extensions themselves:
//!
//! * [`load_from_init`] turns what a `PyInit_<name>` returned into a ready
//!   module, as CPython's `_PyImport_LoadDynamicModuleWithSpec` and
//!   `importlib` do: a module object (single-phase initialisation) gets
//!   `__file__`, `__spec__` and its definition registered for
//!   `PyState_FindModule`; a definition object (multi-phase) goes through
//!   `PyModule_FromDefAndSpec2` with a `ModuleSpec` and `PyModule_ExecDef`.
//! * Loaded modules are kept by name (CPython's `sys.modules`), which is
//!   what `PyCapsule_Import` looks in: there is no import system that
//!   could load a module on demand.
//! * `PyState_FindModule` / `AddModule` / `RemoveModule` keep single-phase
//!   modules by their definition's index, as CPython does per
//!   interpreter (here per process).
//! * `PyImport_ImportModule` / `PyImport_Import` / `PyImport_GetModule` /
//!   `PyImport_AddModule` work on that same registry. There is no import
//!   system behind it (no finders, no `sys.path`, no standard library): a
//!   name that is not loaded fails exactly as CPython fails for a module it
//!   cannot find, with `ModuleNotFoundError("No module named 'x'")` and
//!   `.name` set, which extensions that probe for an optional module (ujson
//!   and `decimal`, say) already handle.

#![allow(non_upper_case_globals)]

use std::collections::HashMap;
use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::moduleobject::{
    PyModule_ExecDef, PyModule_FromDefAndSpec2, PyModule_GetDef, is_module, is_module_def,
};
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_GenericSetAttr,
    PyObject_SetAttrString, repr,
};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type, ensure_ready};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors::{self, PyErrInfo};

// ==========================================================================
// ModuleSpec
// ==========================================================================

/// A minimal `importlib.machinery.ModuleSpec`: an object whose attributes
/// (`name`, `origin`, `loader`, `parent`, `has_location`,
/// `submodule_search_locations`, `loader_state`, `cached`) live in its
/// instance dict.
#[repr(C)]
struct ModuleSpecObject {
    ob_base: PyObject,
    dict: *mut PyObject,
}

unsafe extern "C" fn spec_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced spec.
    unsafe {
        gc_untrack(op);
        Py_DecRef((*op.cast::<ModuleSpecObject>()).dict);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn spec_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live spec; `visit` is the caller's visitor.
    unsafe {
        let d = (*op.cast::<ModuleSpecObject>()).dict;
        if d.is_null() { 0 } else { visit(d, arg) }
    }
}

/// `ModuleSpec(name='m', loader=None, origin='/path/m.so')`.
unsafe extern "C" fn spec_repr(op: *mut PyObject) -> *mut PyObject {
    let attr = |name: &std::ffi::CStr| {
        // SAFETY: a live spec.
        let v = Owned::new(unsafe {
            crate::objects::object::PyObject_GetAttrString(op, name.as_ptr())
        });
        if v.is_none() {
            errors::PyErr_Clear();
        }
        // SAFETY: a live value.
        v.and_then(|v| unsafe { repr(v.as_ptr()) })
            .unwrap_or_else(|| "None".into())
    };
    let mut text = format!(
        "ModuleSpec(name={}, loader={}",
        attr(c"name"),
        attr(c"loader")
    );
    let origin = attr(c"origin");
    if origin != "None" {
        text.push_str(&format!(", origin={origin}"));
    }
    text.push(')');
    unicode_from_str(&text)
}

/// The type of [`ModuleSpecObject`]: `ModuleSpec`.
static ModuleSpec_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"ModuleSpec".as_ptr();
    ty.tp_basicsize = size_of::<ModuleSpecObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(spec_dealloc);
    ty.tp_repr = Some(spec_repr);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_doc = c"The specification for a module, used for loading.".as_ptr();
    ty.tp_traverse = Some(spec_traverse);
    ty.tp_dictoffset = offset_of!(ModuleSpecObject, dict) as Py_ssize_t;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// A new `ModuleSpec` for an extension module named `name` loaded from
/// `origin` (a file path), as `importlib`'s `ExtensionFileLoader` makes
/// it.
pub fn module_spec(name: &str, origin: &str) -> Result<*mut PyObject, PyErrInfo> {
    let spec = spec_with_location(name, origin, true);
    if spec.is_null() {
        return Err(errors::take_error().expect("an error is set"));
    }
    Ok(spec)
}

/// [`module_spec`] with `has_location` as given: false for a built-in
/// module, whose origin is "built-in" (`BuiltinImporter`'s specs). NULL
/// with the error set.
fn spec_with_location(name: &str, origin: &str, has_location: bool) -> *mut PyObject {
    let fail = ptr::null_mut;
    // SAFETY: a static type; each attribute is set on the live new object.
    unsafe {
        ensure_ready(ModuleSpec_Type.get());
        let Some(spec) = Owned::new(PyType_GenericAlloc(ModuleSpec_Type.get(), 0)) else {
            return fail();
        };
        let parent = name.rsplit_once('.').map_or("", |(p, _)| p);
        let strs = [(c"name", name), (c"origin", origin), (c"parent", parent)];
        for (key, value) in strs {
            let Some(v) = Owned::new(unicode_from_str(value)) else {
                return fail();
            };
            if PyObject_SetAttrString(spec.as_ptr(), key.as_ptr(), v.as_ptr()) < 0 {
                return fail();
            }
        }
        let none = crate::objects::object::py_none();
        for key in [
            c"loader",
            c"submodule_search_locations",
            c"loader_state",
            c"cached",
        ] {
            if PyObject_SetAttrString(spec.as_ptr(), key.as_ptr(), none) < 0 {
                return fail();
            }
        }
        let t = if has_location {
            crate::objects::boolobject::py_true()
        } else {
            crate::objects::boolobject::py_false()
        };
        if PyObject_SetAttrString(spec.as_ptr(), c"has_location".as_ptr(), t) < 0 {
            return fail();
        }
        spec.into_raw()
    }
}

// ==========================================================================
// Loaded modules (sys.modules) and PyState_*
// ==========================================================================

/// A strong reference kept in a registry.
struct Held(*mut PyObject);

// SAFETY: the registries only store and hand out references; reference
// counting is atomic.
unsafe impl Send for Held {}

/// Loaded modules by name, each a strong reference.
static LOADED: LazyLock<Mutex<HashMap<String, Held>>> = LazyLock::new(Mutex::default);

/// Single-phase modules by their definition's index.
static BY_INDEX: LazyLock<Mutex<Vec<Option<Held>>>> = LazyLock::new(Mutex::default);

/// `sys.modules` as a dict, made by the first `PyImport_GetModuleDict`
/// from the registry. From then on it is what the lookups read (so C code
/// may add or remove modules through it), and the registry's changes are
/// written to it; the registry still holds each registered module.
/// Touched only with the GIL held.
static MODULES: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// The `sys.modules` dict if C code has asked for it.
fn modules_dict() -> Option<*mut PyObject> {
    let d = MODULES.load(Ordering::Acquire);
    (!d.is_null()).then_some(d)
}

/// `PyImport_GetModuleDict()`: `sys.modules` (borrowed), a dict of the
/// loaded modules by name, made on first use. Entries C code stores in it
/// are found by `PyImport_GetModule` and `PyImport_Import`; the host's
/// later loads and unloads are reflected in it.
///
/// Fails (NULL) with `MemoryError` (CPython instead aborts, as its dict
/// always exists).
#[unsafe(no_mangle)]
pub extern "C" fn PyImport_GetModuleDict() -> *mut PyObject {
    if let Some(d) = modules_dict() {
        return d;
    }
    ensure_builtin_modules();
    let d = crate::objects::dictobject::PyDict_New();
    if d.is_null() {
        return d;
    }
    let entries: Vec<(String, *mut PyObject)> = {
        let map = LOADED.lock().unwrap_or_else(|e| e.into_inner());
        map.iter().map(|(k, Held(m))| (k.clone(), *m)).collect()
    };
    for (name, m) in entries {
        // SAFETY: a fresh dict; the registry keeps each module live.
        if unsafe { set_item(d, &name, m) } < 0 {
            // SAFETY: the dict made above, not yet published.
            unsafe { Py_DecRef(d) };
            return ptr::null_mut();
        }
    }
    MODULES.store(d, Ordering::Release);
    d
}

/// `dict[name] = value`, for a Rust `name`.
///
/// # Safety
/// `dict` must be a live dict, `value` a live object.
unsafe fn set_item(dict: *mut PyObject, name: &str, value: *mut PyObject) -> c_int {
    let Some(key) = Owned::new(unicode_from_str(name)) else {
        return -1;
    };
    // SAFETY: per the contract.
    unsafe { crate::objects::dictobject::PyDict_SetItem(dict, key.as_ptr(), value) }
}

/// Records `module` as the loaded module `name` (replacing an earlier
/// one, which is released). The registry takes its own reference.
///
/// # Safety
/// `module` must be a live object.
pub unsafe fn register_module(name: &str, module: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe { Py_IncRef(module) };
    if let Some(d) = modules_dict() {
        // SAFETY: the live dict and module. A failure (MemoryError) only
        // leaves the dict without the entry: the registry has it.
        if unsafe { set_item(d, name, module) } < 0 {
            errors::PyErr_Clear();
        }
    }
    let old = LOADED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(name.to_owned(), Held(module));
    if let Some(Held(old)) = old {
        // SAFETY: the reference the registry held; released outside the
        // lock, as a dealloc may run code.
        unsafe { Py_DecRef(old) };
    }
}

/// Forgets `module`: as the loaded module `name` (if it is that one), and
/// as the `PyState_FindModule` module of its definition, releasing the
/// registries' references. A host that unloads a module calls this first.
pub fn unregister_module(name: &str, module: *mut PyObject) {
    if let Some(d) = modules_dict()
        && let Some(key) = Owned::new(unicode_from_str(name))
    {
        // SAFETY: the live dict and key; the entry goes only while it is
        // still this module.
        unsafe {
            let cur = crate::objects::dictobject::PyDict_GetItemWithError(d, key.as_ptr());
            // A str key that is present cannot fail either call.
            if cur == module {
                crate::objects::dictobject::PyDict_DelItem(d, key.as_ptr());
            }
        }
    }
    let mut removed = Vec::new();
    {
        let mut map = LOADED.lock().unwrap_or_else(|e| e.into_inner());
        if matches!(map.get(name), Some(Held(m)) if *m == module) {
            removed.extend(map.remove(name));
        }
    }
    {
        let mut v = BY_INDEX.lock().unwrap_or_else(|e| e.into_inner());
        for slot in v.iter_mut() {
            if matches!(slot, Some(Held(m)) if *m == module) {
                removed.extend(slot.take());
            }
        }
    }
    for Held(m) in removed {
        // SAFETY: the references the registries held; released outside
        // the locks, as a dealloc may run code.
        unsafe { Py_DecRef(m) };
    }
}

/// Whether the built-in modules have been made (CPython makes them at
/// start-up; here the first lookup does, as no start-up is required).
static BUILTINS_MADE: AtomicBool = AtomicBool::new(false);

/// Makes and registers the modules built into the library (`builtins`
/// and `copyreg`),
/// once. A failure (MemoryError) leaves the error pending and lets a later
/// lookup try again.
fn ensure_builtin_modules() {
    if BUILTINS_MADE.load(Ordering::Acquire) {
        return;
    }
    let m = crate::python::bltinmodule::make_builtins();
    if m.is_null() {
        return;
    }
    let copyreg = crate::python::copyreg::make_copyreg();
    if copyreg.is_null() {
        // SAFETY: the module made above, not yet registered.
        unsafe { Py_DecRef(m) };
        return;
    }
    BUILTINS_MADE.store(true, Ordering::Release);
    // SAFETY: the new modules; the registry takes its own references.
    unsafe {
        register_module("builtins", m);
        Py_DecRef(m);
        register_module("copyreg", copyreg);
        Py_DecRef(copyreg);
    }
}

/// The loaded module `name`, as a new reference: from `sys.modules` once
/// C code has it, else from the registry; a standard-library module the
/// library implements (`array`, `binascii`, `_struct`, `struct`, `_io`, `datetime`, `string`, `types`,
/// `warnings`, `zlib`, `abc`, `numbers`, `_collections_abc`,
/// `collections.abc` (registering its package `collections`), `_operator`,
/// `operator`, `_functools`, `functools`, `time`, `_contextvars`,
/// `contextvars`, ...) is made and registered on its first
/// lookup, as CPython imports it on demand; `sys` is made on its first
/// lookup or `PySys_*` call.
pub(crate) fn loaded_module(name: &str) -> Option<Owned> {
    if name == "builtins" || name == "copyreg" {
        ensure_builtin_modules();
    }
    registered_module(name).or_else(|| stdlib_module(name))
}

/// The library's own standard-library module `name`, made and registered
/// (None when there is none by that name, or with the error of making
/// it).
fn stdlib_module(name: &str) -> Option<Owned> {
    let m = match name {
        "array" => Owned::new(crate::modules::arraymodule::module())?,
        "datetime" => Owned::new(crate::modules::datetime::module())?,
        "zlib" => Owned::new(crate::modules::zlibmodule::module())?,
        "types" => Owned::new(crate::modules::typesmodule::module())?,
        "string" => Owned::new(crate::modules::stringmodule::module())?,
        "enum" => Owned::new(crate::modules::enummodule::module())?,
        "abc" => Owned::new(crate::modules::abcmodule::module())?,
        "numbers" => Owned::new(crate::modules::numbersmodule::module())?,
        "_collections_abc" => Owned::new(crate::modules::collections_abc::module())?,
        // The package `collections` holds only `abc` here (see
        // `collections_abc::package`), so it is found once a
        // `collections.abc` is loaded, and not before: making ours
        // registers it (below); one a host put in `sys.modules` makes it
        // now, as `PyImport_Import("collections.abc")` imports the
        // package too.
        "collections" => {
            let abc = registered_module("collections.abc")?;
            // SAFETY: the live module.
            let p = Owned::new(unsafe { crate::modules::collections_abc::package(abc.as_ptr()) })?;
            // SAFETY: the live package.
            unsafe { register_module("collections", p.as_ptr()) };
            return Some(p);
        }
        // `collections.abc` registers its package `collections` as an
        // import of it would (see `collections_abc::package`).
        "collections.abc" => {
            let m = Owned::new(crate::modules::collections_abc::abc_module())?;
            // SAFETY: the live module; the registry takes its own
            // reference.
            unsafe { register_module(name, m.as_ptr()) };
            if registered_module("collections").is_none() {
                // SAFETY: the live module.
                let p =
                    Owned::new(unsafe { crate::modules::collections_abc::package(m.as_ptr()) })?;
                // SAFETY: the live package.
                unsafe { register_module("collections", p.as_ptr()) };
            }
            return Some(m);
        }
        "binascii" => Owned::new(crate::modules::binascii::module())?,
        "_struct" => Owned::new(crate::modules::structmodule::module())?,
        // `Lib/struct.py` re-exports `_struct`.
        "struct" => {
            let base = loaded_module("_struct")?;
            // SAFETY: the live `_struct` module.
            Owned::new(unsafe { crate::modules::structmodule::struct_module(base.as_ptr()) })?
        }
        "_io" => Owned::new(crate::modules::iomodule::module())?,
        // `Lib/io.py` re-exports `_io`.
        "io" => {
            let base = loaded_module("_io")?;
            // SAFETY: the live `_io` module.
            Owned::new(unsafe { crate::modules::iomodule::io_module(base.as_ptr()) })?
        }
        "copy" => Owned::new(crate::modules::copymodule::module())?,
        "unicodedata" => Owned::new(crate::modules::unicodedata::module())?,
        "math" => Owned::new(crate::modules::mathmodule::module())?,
        // The list is Linux's (see the module).
        #[cfg(any(target_os = "linux", target_os = "android"))]
        "errno" => Owned::new(crate::modules::errnomodule::module())?,
        "warnings" => Owned::new(crate::python::warnings::module())?,
        #[cfg(target_os = "linux")]
        "time" => Owned::new(crate::modules::timemodule::module())?,
        "_operator" => Owned::new(crate::modules::operatormodule::module())?,
        // `Lib/operator.py` re-exports `_operator` and adds aliases.
        "operator" => {
            let base = loaded_module("_operator")?;
            // SAFETY: the live `_operator` module.
            Owned::new(unsafe { crate::modules::operatormodule::operator_module(base.as_ptr()) })?
        }
        "_functools" => Owned::new(crate::modules::functoolsmodule::module())?,
        // `Lib/functools.py` re-exports `_functools` and adds the
        // Python-level decorators.
        "functools" => {
            let base = loaded_module("_functools")?;
            // SAFETY: the live `_functools` module.
            Owned::new(unsafe { crate::modules::functoolsmodule::functools_module(base.as_ptr()) })?
        }
        "_contextvars" => Owned::new(crate::python::context::make_module())?,
        // `Lib/contextvars.py` only re-exports `_contextvars`.
        "contextvars" => {
            let base = loaded_module("_contextvars")?;
            // SAFETY: the live `_contextvars` module.
            Owned::new(unsafe { crate::python::context::make_reexport(base.as_ptr()) })?
        }
        // Registered by the module itself when it is made.
        "sys" => return Owned::new(crate::python::sysmodule::module()),
        _ => return None,
    };
    // SAFETY: the live module; the registry takes its own reference.
    unsafe { register_module(name, m.as_ptr()) };
    Some(m)
}

/// The registered module `name` (see [`loaded_module`]).
fn registered_module(name: &str) -> Option<Owned> {
    if let Some(d) = modules_dict() {
        let key = Owned::new(unicode_from_str(name))?;
        // SAFETY: the live dict and key; the found module is referenced
        // before anything else can run.
        let m = unsafe { crate::objects::dictobject::PyDict_GetItemWithError(d, key.as_ptr()) };
        if m.is_null() {
            // A str key cannot fail the lookup: no error to clear.
            return None;
        }
        // SAFETY: a live value of the dict.
        return Some(unsafe { Owned::borrowed(m) });
    }
    let map = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the registry holds a reference, so the module is live.
    map.get(name).map(|Held(m)| unsafe { Owned::borrowed(*m) })
}

/// CPython's `_PyState_AddModule`.
///
/// # Safety
/// `module` must be a live object; `def` a valid definition.
unsafe fn state_add_module(module: *mut PyObject, def: *mut PyModuleDef) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if !(*def).m_slots.is_null() {
            return errors::fail(
                Exc::SystemError,
                "PyState_AddModule called on module with slots",
            );
        }
        let index = (*def).m_base.m_index;
        if index <= 0 {
            return errors::fail(
                Exc::SystemError,
                "PyState_AddModule: the definition has no index",
            );
        }
        Py_IncRef(module);
        let old = {
            let mut v = BY_INDEX.lock().unwrap_or_else(|e| e.into_inner());
            if v.len() <= index as usize {
                v.resize_with(index as usize + 1, || None);
            }
            v[index as usize].replace(Held(module))
        };
        if let Some(Held(old)) = old {
            Py_DecRef(old);
        }
    }
    0
}

/// `PyState_FindModule(def)`: the single-phase module made from `def`
/// (borrowed), or NULL without an error (always for multi-phase
/// definitions).
///
/// # Safety
/// `def` must be NULL or a valid definition.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyState_FindModule(def: *mut PyModuleDef) -> *mut PyObject {
    if def.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    let (slots, index) = unsafe { ((*def).m_slots, (*def).m_base.m_index) };
    if !slots.is_null() || index <= 0 {
        return ptr::null_mut();
    }
    let v = BY_INDEX.lock().unwrap_or_else(|e| e.into_inner());
    v.get(index as usize)
        .and_then(|m| m.as_ref())
        .map_or(ptr::null_mut(), |Held(m)| *m)
}

/// `PyState_AddModule(module, def)`: records a single-phase module for
/// `PyState_FindModule` (taking a reference).
///
/// Fails (-1) with `SystemError("PyState_AddModule called on module with
/// slots")`, or `SystemError` when the module is already recorded or
/// `def` is NULL (CPython aborts with a fatal error for those).
///
/// # Safety
/// `module` must be a live object; `def` NULL or a valid definition.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyState_AddModule(module: *mut PyObject, def: *mut PyModuleDef) -> c_int {
    if def.is_null() || module.is_null() {
        return errors::fail(
            Exc::SystemError,
            "PyState_AddModule: module definition is NULL",
        );
    }
    // SAFETY: per the contract.
    unsafe {
        if PyState_FindModule(def) == module {
            return errors::fail(
                Exc::SystemError,
                format!("PyState_AddModule: module {module:p} already added"),
            );
        }
        state_add_module(module, def)
    }
}

/// `PyState_RemoveModule(def)`: forgets the module recorded for `def`.
///
/// Fails (-1) with `SystemError("PyState_RemoveModule called on module
/// with slots")`, or `SystemError` for an invalid index (CPython aborts).
///
/// # Safety
/// `def` must be NULL or a valid definition.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyState_RemoveModule(def: *mut PyModuleDef) -> c_int {
    if def.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: per the contract.
    let (slots, index) = unsafe { ((*def).m_slots, (*def).m_base.m_index) };
    if !slots.is_null() {
        return errors::fail(
            Exc::SystemError,
            "PyState_RemoveModule called on module with slots",
        );
    }
    let old = {
        let mut v = BY_INDEX.lock().unwrap_or_else(|e| e.into_inner());
        if index <= 0 || index as usize >= v.len() {
            drop(v);
            return errors::fail(
                Exc::SystemError,
                "PyState_RemoveModule: invalid module index",
            );
        }
        v[index as usize].take()
    };
    if let Some(Held(m)) = old {
        // SAFETY: the reference the registry held.
        unsafe { Py_DecRef(m) };
    }
    0
}

// ==========================================================================
// Loading
// ==========================================================================

/// Makes a ready module from what `PyInit_<name>` returned (`result`, a
/// new reference or NULL), as CPython's import does; `origin` is the
/// library's path. The module is registered under `name` (see the module
/// docs) and returned as a new reference. Any error pending before the
/// call is cleared.
///
/// Errors (taken off the indicator) are CPython's: the `PyInit_*`'s own
/// error, `SystemError("initialization of m failed without raising an
/// exception")`, `("initialization of m raised unreported exception")`,
/// `("init function of m returned uninitialized object")`,
/// `("initialization of m did not return an extension module")`, or what
/// `PyModule_FromDefAndSpec2` and the exec slots raised.
///
/// # Safety
/// `result` must be what the extension's `PyInit_<name>` just returned;
/// the call runs the extension's creation and exec slots.
pub unsafe fn load_from_init(
    result: *mut PyObject,
    name: &str,
    origin: &str,
) -> Result<*mut PyObject, PyErrInfo> {
    // SAFETY: forwarded contract.
    unsafe { load_from_init_at(result, name, Some(origin)) }
        .ok_or_else(|| errors::take_error().expect("an error is set"))
}

/// [`load_from_init`] for a module from `origin` (a file), or, for None, a
/// built-in module (an inittab entry): its spec's origin is "built-in",
/// with no location, and it gets no `__file__`, as CPython's
/// `BuiltinImporter` gives. None with the error left set.
///
/// # Safety
/// As [`load_from_init`].
unsafe fn load_from_init_at(
    result: *mut PyObject,
    name: &str,
    origin: Option<&str>,
) -> Option<*mut PyObject> {
    if result.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::raise(
                Exc::SystemError,
                format!("initialization of {name} failed without raising an exception"),
            );
        }
        return None;
    }
    if !errors::PyErr_Occurred().is_null() {
        errors::PyErr_Clear();
        // SAFETY: the new reference `PyInit_*` returned; a module
        // definition is immortal, so this is harmless for it.
        unsafe { Py_DecRef(result) };
        errors::raise(
            Exc::SystemError,
            format!("initialization of {name} raised unreported exception"),
        );
        return None;
    }
    // SAFETY: a live object (or a definition whose header may be unset).
    unsafe {
        if (*result).ob_type.is_null() {
            errors::raise(
                Exc::SystemError,
                format!("init function of {name} returned uninitialized object"),
            );
            return None;
        }
        let spec = Owned::new(spec_with_location(
            name,
            origin.unwrap_or("built-in"),
            origin.is_some(),
        ))?;
        let module = if is_module_def(result) {
            let def = result.cast::<PyModuleDef>();
            let m = Owned::new(PyModule_FromDefAndSpec2(
                def,
                spec.as_ptr(),
                PYTHON_API_VERSION,
            ))?;
            if !init_module_attrs(m.as_ptr(), spec.as_ptr(), origin) {
                return None;
            }
            if is_module(m.as_ptr()) && PyModule_ExecDef(m.as_ptr(), def) < 0 {
                return None;
            }
            m
        } else {
            let m = Owned::new(result).expect("checked above");
            let def = if is_module(m.as_ptr()) {
                PyModule_GetDef(m.as_ptr())
            } else {
                ptr::null_mut()
            };
            if def.is_null() {
                errors::PyErr_Clear();
                errors::raise(
                    Exc::SystemError,
                    format!("initialization of {name} did not return an extension module"),
                );
                return None;
            }
            if !init_module_attrs(m.as_ptr(), spec.as_ptr(), origin) {
                return None;
            }
            if state_add_module(m.as_ptr(), def) < 0 {
                return None;
            }
            m
        };
        register_module(name, module.as_ptr());
        Some(module.into_raw())
    }
}

/// `importlib._bootstrap._init_module_attrs`: `__spec__`, `__loader__`,
/// `__package__` and `__file__`.
///
/// # Safety
/// `m` and `spec` must be live objects.
unsafe fn init_module_attrs(m: *mut PyObject, spec: *mut PyObject, origin: Option<&str>) -> bool {
    let fail = || false;
    // SAFETY: per the contract.
    unsafe {
        if !is_module(m) {
            return true;
        }
        let parent = crate::objects::object::PyObject_GetAttrString(spec, c"parent".as_ptr());
        let Some(parent) = Owned::new(parent) else {
            return fail();
        };
        let none = crate::objects::object::py_none();
        for (key, value) in [
            (c"__spec__", spec),
            (c"__loader__", none),
            (c"__package__", parent.as_ptr()),
        ] {
            if PyObject_SetAttrString(m, key.as_ptr(), value) < 0 {
                return fail();
            }
        }
        if let Some(origin) = origin {
            let Some(file) = Owned::new(unicode_from_str(origin)) else {
                return fail();
            };
            if PyObject_SetAttrString(m, c"__file__".as_ptr(), file.as_ptr()) < 0 {
                return fail();
            }
        }
    }
    true
}

// ==========================================================================
// The table of built-in modules (PyImport_Inittab)
// ==========================================================================

/// CPython's `struct _inittab`: a built-in module's name and its
/// initialisation function (NULL for a module the runtime makes itself).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct _inittab {
    /// The module's full name; NULL ends a table.
    pub name: *const std::ffi::c_char,
    /// Its `PyInit_*` function.
    pub initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
}

/// The library's own table: the modules it makes itself, as CPython's
/// lists `builtins` and `sys` with no function. Its other native modules
/// (`array`, `zlib`, ...) are made on first import, as standard-library
/// modules are, and are not listed.
static BUILTIN_INITTAB: StaticObject<[_inittab; 3]> = StaticObject::new([
    _inittab {
        name: c"builtins".as_ptr(),
        initfunc: None,
    },
    _inittab {
        name: c"sys".as_ptr(),
        initfunc: None,
    },
    _inittab {
        name: ptr::null(),
        initfunc: None,
    },
]);

/// `PyImport_Inittab`: the table of built-in modules imports consult,
/// ended by a NULL name. Embedders may point it at their own table;
/// `PyImport_AppendInittab` / `PyImport_ExtendInittab` replace it with a
/// longer copy. As in CPython 3.11, imports read the table as it is at the
/// time (3.12 copies it at `Py_Initialize` and refuses changes after).
#[unsafe(no_mangle)]
pub static PyImport_Inittab: StaticObject<*mut _inittab> =
    StaticObject::new(BUILTIN_INITTAB.get().cast());

// SAFETY: an entry is a pointer to a name string that C code promises
// stays valid and unchanged, and a function pointer; both may be read from
// any thread.
unsafe impl Send for _inittab {}

/// The copy `PyImport_ExtendInittab` last made (allocated with `malloc`,
/// never freed, as CPython frees its copy only at exit).
static INITTAB_COPY: AtomicPtr<_inittab> = AtomicPtr::new(ptr::null_mut());

/// The names in the table when `Py_Initialize` ran (CPython's
/// `sys.builtin_module_names`, computed then): a name added later is
/// found but refused as "not a built-in module", as CPython 3.11's
/// importlib refuses it. None before `Py_Initialize` and after
/// `Py_Finalize`, when every entry is importable (hosts that never call
/// `Py_Initialize`, such as the Node layer).
static BUILTIN_NAMES: Mutex<Option<Vec<Vec<u8>>>> = Mutex::new(None);

/// The entries of the table `table` points to, up to its NULL name.
///
/// # Safety
/// `table` must point to a table ended by an entry with a NULL name.
unsafe fn entries_of(table: *const _inittab) -> Vec<_inittab> {
    let mut out = Vec::new();
    let mut p = table;
    // SAFETY: read up to the terminator, per the contract.
    unsafe {
        while !(*p).name.is_null() {
            out.push(*p);
            p = p.add(1);
        }
    }
    out
}

/// The name of a table entry.
///
/// # Safety
/// `e.name` must be a NUL-terminated string.
unsafe fn entry_name(e: &_inittab) -> &[u8] {
    // SAFETY: per the contract.
    unsafe { std::ffi::CStr::from_ptr(e.name) }.to_bytes()
}

/// Notes the names of the table as `Py_Initialize` finds it.
pub(crate) fn note_builtin_module_names() {
    // SAFETY: the table C code set up, ended by a NULL name (its contract).
    let names = unsafe { entries_of(*PyImport_Inittab.get()) }
        .iter()
        // SAFETY: names of a valid table.
        .map(|e| unsafe { entry_name(e) }.to_vec())
        .collect();
    *BUILTIN_NAMES.lock().unwrap_or_else(|e| e.into_inner()) = Some(names);
}

/// Forgets them at `Py_Finalize`.
pub(crate) fn forget_builtin_module_names() {
    *BUILTIN_NAMES.lock().unwrap_or_else(|e| e.into_inner()) = None;
}

/// What [`inittab_module`] found.
enum Inittab {
    /// The module, made and registered.
    Loaded(Owned),
    /// Its initialisation failed; the error is set.
    Failed,
    /// No entry by that name.
    Absent,
}

/// CPython's `create_builtin` for an import of `name`: the table entry of
/// that name, if any, initialised as a built-in module (single-phase or
/// multi-phase, with CPython's errors) and registered in `sys.modules`.
/// An entry with no function gives `PyImport_AddModule(name)`.
fn inittab_module(name: &str) -> Inittab {
    // SAFETY: the table C code set up, ended by a NULL name.
    let entries = unsafe { entries_of(*PyImport_Inittab.get()) };
    // SAFETY: names of a valid table.
    let found = entries
        .iter()
        .find(|e| unsafe { entry_name(e) } == name.as_bytes());
    let Some(entry) = found else {
        return Inittab::Absent;
    };
    let known = BUILTIN_NAMES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .is_none_or(|names| names.iter().any(|n| n == name.as_bytes()));
    if !known {
        raise_import_error(
            Exc::ImportError,
            format!(
                "{} is not a built-in module",
                crate::objects::unicodeobject::str_repr(name)
            ),
            name,
        );
        return Inittab::Failed;
    }
    let Some(init) = entry.initfunc else {
        let Some(key) = Owned::new(unicode_from_str(name)) else {
            return Inittab::Failed;
        };
        // SAFETY: a live str; the result is borrowed, referenced at once.
        let m = unsafe { PyImport_AddModuleObject(key.as_ptr()) };
        if m.is_null() {
            return Inittab::Failed;
        }
        // SAFETY: a live module.
        return Inittab::Loaded(unsafe { Owned::borrowed(m) });
    };
    // SAFETY: the entry's PyInit function, called with the GIL held (the
    // importer's).
    let result = unsafe { init() };
    // CPython 3.11's `create_builtin` and the call around it: a NULL
    // without an error, a result with one, and anything but a module or a
    // definition fail with the errors of its generic checks.
    if result.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::raise(Exc::SystemError, "error return without exception set");
        }
        return Inittab::Failed;
    }
    // SAFETY: a new reference or a definition (immortal); live.
    unsafe {
        if !errors::PyErr_Occurred().is_null() {
            errors::PyErr_Clear();
            Py_DecRef(result);
            errors::raise(
                Exc::SystemError,
                "<built-in function create_builtin> returned a result with an exception set",
            );
            return Inittab::Failed;
        }
        if !(*result).ob_type.is_null() && !is_module_def(result) {
            if !is_module(result) {
                Py_DecRef(result);
                errors::PyErr_BadArgument();
                return Inittab::Failed;
            }
            if PyModule_GetDef(result).is_null() {
                Py_DecRef(result);
                if errors::PyErr_Occurred().is_null() {
                    errors::raise(Exc::SystemError, "error return without exception set");
                }
                return Inittab::Failed;
            }
        }
    }
    // SAFETY: what the PyInit function returned, checked above.
    match unsafe { load_from_init_at(result, name, None) } {
        // SAFETY: the new reference load_from_init_at returned.
        Some(m) => Inittab::Loaded(Owned::new(m).expect("a module")),
        None => Inittab::Failed,
    }
}

/// `PyImport_ExtendInittab(newtab)`: appends the entries of `newtab` (up
/// to its NULL name; the names and functions are copied, not the strings)
/// to the table imports consult, in a new copy. 0, or -1 (no exception)
/// when the copy cannot be allocated. CPython documents it for use before
/// `Py_Initialize`; as 3.11's, it works later too (a name added after an
/// import of it failed is found by the next import).
///
/// # Safety
/// `newtab` must be a table ended by a NULL name whose names stay valid,
/// and `PyImport_Inittab` a valid table.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ExtendInittab(newtab: *mut _inittab) -> c_int {
    // SAFETY: tables ended by NULL names, per the contract.
    let (new, old) = unsafe { (entries_of(newtab), entries_of(*PyImport_Inittab.get())) };
    if new.is_empty() {
        return 0;
    }
    let total = old.len() + new.len() + 1;
    let Some(size) = total.checked_mul(size_of::<_inittab>()) else {
        return -1;
    };
    let copy = INITTAB_COPY.load(Ordering::Acquire);
    // SAFETY: `copy` is NULL or the block this function allocated with
    // the C library (the allocator CPython insists on for it); a table
    // the caller still points at is read above, before it moves.
    let p = unsafe { libc::realloc(copy.cast(), size) }.cast::<_inittab>();
    if p.is_null() {
        return -1;
    }
    // SAFETY: `p` holds `total` entries; the old entries were read out
    // before the realloc.
    unsafe {
        for (i, e) in old.iter().chain(new.iter()).enumerate() {
            p.add(i).write(*e);
        }
        p.add(total - 1).write(_inittab {
            name: ptr::null(),
            initfunc: None,
        });
        INITTAB_COPY.store(p, Ordering::Release);
        *PyImport_Inittab.get() = p;
    }
    0
}

/// `PyImport_AppendInittab(name, initfunc)`: adds one built-in module,
/// found by the first import of `name` (the name is not copied). 0, or -1
/// when the table cannot grow. See [`PyImport_ExtendInittab`].
///
/// # Safety
/// `name` must be a NUL-terminated string that outlives the table;
/// `initfunc` a module initialisation function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_AppendInittab(
    name: *const std::ffi::c_char,
    initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
) -> c_int {
    let mut newtab = [
        _inittab { name, initfunc },
        _inittab {
            name: ptr::null(),
            initfunc: None,
        },
    ];
    // SAFETY: a table ended by a NULL name (a NULL `name` makes it empty).
    unsafe { PyImport_ExtendInittab(newtab.as_mut_ptr()) }
}

// ==========================================================================
// PyImport_*: importing what is already loaded
// ==========================================================================

/// `PyImport_GetMagicNumber()`: CPython 3.11's bytecode magic number as
/// the four bytes that start a `.pyc` file read as a little-endian integer
/// (3495, then `\r\n`: importlib's `_RAW_MAGIC_NUMBER`), which is what
/// CPython returns. No bytecode is read or written here; extensions that
/// write `.pyc`-compatible caches compare it.
#[unsafe(no_mangle)]
pub extern "C" fn PyImport_GetMagicNumber() -> std::ffi::c_long {
    const MAGIC: u16 = 3495;
    i32::from_le_bytes([MAGIC.to_le_bytes()[0], MAGIC.to_le_bytes()[1], b'\r', b'\n']).into()
}

/// `PyImport_GetMagicTag()`: `"cpython-311"`, CPython 3.11's cache tag
/// (`sys.implementation.cache_tag`).
#[unsafe(no_mangle)]
pub extern "C" fn PyImport_GetMagicTag() -> *const std::ffi::c_char {
    c"cpython-311".as_ptr()
}

/// Raises `ModuleNotFoundError(message, name=name)`, as importlib does.
fn raise_not_found(message: String, name: &str) {
    raise_import_error(Exc::ModuleNotFoundError, message, name);
}

/// Raises `exc(message, name=name)` (an `ImportError` class).
fn raise_import_error(class: Exc, message: String, name: &str) {
    let build = || -> Option<Owned> {
        let msg = Owned::new(unicode_from_str(&message))?;
        let name = Owned::new(unicode_from_str(name))?;
        // SAFETY: live objects; each call returns a new reference or NULL.
        unsafe {
            let args = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                msg.as_ptr()
            ]))?;
            let kwargs = Owned::new(crate::objects::dictobject::PyDict_New())?;
            if crate::objects::dictobject::PyDict_SetItemString(
                kwargs.as_ptr(),
                c"name".as_ptr(),
                name.as_ptr(),
            ) < 0
            {
                return None;
            }
            Owned::new(crate::objects::call::PyObject_Call(
                class.type_object(),
                args.as_ptr(),
                kwargs.as_ptr(),
            ))
        }
    };
    if let Some(exc) = build() {
        // SAFETY: a live exception instance of the live type.
        unsafe { errors::PyErr_SetObject(class.type_object(), exc.as_ptr()) };
    }
}

/// importlib's `_find_and_load` over the registry alone: the loaded module
/// `name` as a new reference, after its parent packages (each of which
/// must be loaded and have a `__path__`); otherwise `ModuleNotFoundError`
/// with importlib's message.
fn find_and_load(name: &str) -> Option<Owned> {
    // An error set by making a library module (not one pending before) is
    // the import's own, as CPython propagates a module's exec error.
    let no_error = || errors::PyErr_Occurred().is_null();
    let clean = no_error();
    if let Some(m) = loaded_module(name) {
        return halted_if_none(m, name);
    }
    if clean && !no_error() {
        return None;
    }
    match inittab_module(name) {
        Inittab::Loaded(m) => return Some(m),
        Inittab::Failed => return None,
        Inittab::Absent => {}
    }
    if let Some((parent, _)) = name.rsplit_once('.')
        && !parent.is_empty()
    {
        let parent_module = find_and_load(parent)?;
        if let Some(m) = loaded_module(name) {
            return halted_if_none(m, name);
        }
        if clean && !no_error() {
            return None;
        }
        // SAFETY: a live module and a NUL-terminated attribute name.
        let path = Owned::new(unsafe {
            crate::objects::object::PyObject_GetAttrString(
                parent_module.as_ptr(),
                c"__path__".as_ptr(),
            )
        });
        if path.is_none() {
            errors::PyErr_Clear();
            raise_not_found(
                format!(
                    "No module named {}; {} is not a package",
                    crate::objects::unicodeobject::str_repr(name),
                    crate::objects::unicodeobject::str_repr(parent)
                ),
                name,
            );
            return None;
        }
    }
    raise_not_found(
        format!(
            "No module named {}",
            crate::objects::unicodeobject::str_repr(name)
        ),
        name,
    );
    None
}

/// importlib's `_find_and_load` on a `sys.modules` entry: `None` there
/// stops the import (`ModuleNotFoundError("import of NAME halted; None in
/// sys.modules")`); anything else is the module.
fn halted_if_none(m: Owned, name: &str) -> Option<Owned> {
    if m.as_ptr() != crate::objects::object::py_none() {
        return Some(m);
    }
    raise_not_found(
        format!("import of {name} halted; None in sys.modules"),
        name,
    );
    None
}

/// The text of the `str` `name`, or None (no error set) when it cannot be
/// a registered name (lone surrogates).
///
/// # Safety
/// `name` must be a live `str`.
unsafe fn registry_key(name: *mut PyObject) -> Option<String> {
    let mut len: Py_ssize_t = 0;
    // SAFETY: a live str; `len` is writable.
    let p = unsafe { crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize(name, &mut len) };
    if p.is_null() {
        errors::PyErr_Clear();
        return None;
    }
    // SAFETY: `len` bytes of UTF-8 owned by the live str.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len as usize) };
    std::str::from_utf8(bytes).ok().map(str::to_owned)
}

/// importlib's `_find_and_load` of the non-empty `str` `name`: its text
/// and the module (the name itself, not its top-level package), or None
/// with the error set.
///
/// # Safety
/// `name` must be a live `str`.
unsafe fn find_and_load_object(name: *mut PyObject) -> Option<(String, Owned)> {
    // SAFETY: a live str per the contract.
    let Some(key) = (unsafe { registry_key(name) }) else {
        // SAFETY: as above.
        let (shown, text) = unsafe {
            (
                repr(name).unwrap_or_default(),
                crate::objects::object::text_of(name),
            )
        };
        raise_not_found(format!("No module named {shown}"), &text);
        return None;
    };
    let module = find_and_load(&key)?;
    Some((key, module))
}

/// `PyImport_Import(name)`: `__import__(name)` at level 0, then the module
/// `name` itself (not its top-level package). Here only modules the host
/// has loaded can be imported (see the module docs).
///
/// Errors as CPython's: `TypeError("module name must be a string")`,
/// `ValueError("Empty module name")`, `ModuleNotFoundError`
/// (`"No module named 'x'"`, `"No module named 'a.b'; 'a' is not a
/// package"`, with `.name`).
///
/// # Safety
/// `name` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_Import(name: *mut PyObject) -> *mut PyObject {
    if name.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: a live object per the contract.
    unsafe {
        if !crate::objects::object::is_str(name) {
            return errors::fail_null(Exc::TypeError, "module name must be a string");
        }
        if crate::objects::unicodeobject::PyUnicode_GetLength(name) == 0 {
            return errors::fail_null(Exc::ValueError, "Empty module name");
        }
        let Some((key, module)) = find_and_load_object(name) else {
            return ptr::null_mut();
        };
        // CPython calls `__import__(name, globals, globals, [], 0)`: with
        // an empty from-list that also imports the top-level package of a
        // dotted name (whose module is what `__import__` returns), so
        // `a.b` in `sys.modules` without `a` is still `No module named
        // 'a'`. Then the result is `sys.modules[name]` afresh.
        if let Some((front, _)) = key.split_once('.') {
            if find_and_load(front).is_none() {
                return ptr::null_mut();
            }
            drop(module);
            let found = PyImport_GetModule(name);
            if found.is_null() && errors::PyErr_Occurred().is_null() {
                errors::PyErr_SetObject(Exc::KeyError.type_object(), name);
            }
            return found;
        }
        module.into_raw()
    }
}

/// CPython's `resolve_name`: the absolute name of a relative import of
/// `name` at `level` (> 0) from the module whose globals are `globals`,
/// found from `__package__`, `__spec__.parent`, or `__name__` (and
/// `__path__`), with CPython's errors when there is no parent package.
///
/// # Safety
/// `name` must be a live `str`; `globals` NULL or live.
unsafe fn resolve_name(name: *mut PyObject, globals: *mut PyObject, level: c_int) -> Option<Owned> {
    use crate::objects::dictobject::{PyDict_Contains, PyDict_GetItemWithError, is_dict};
    use crate::objects::unicodeobject::{
        PyUnicode_FindChar, PyUnicode_GetLength, PyUnicode_Substring, unicode_from_str,
    };
    let key_error = || {
        // SAFETY: a live str made here.
        unsafe {
            let k = crate::objects::unicodeobject::unicode_from_str("'__name__' not in globals");
            if !k.is_null() {
                errors::PyErr_SetObject(Exc::KeyError.type_object(), k);
                crate::objects::object::Py_DecRef(k);
            }
        }
        None
    };
    let no_parent = || {
        errors::raise(
            Exc::ImportError,
            "attempted relative import with no known parent package",
        );
        None
    };
    if globals.is_null() {
        return key_error();
    }
    // SAFETY: live per the contract; every new reference is owned.
    unsafe {
        if !is_dict(globals) {
            errors::raise(Exc::TypeError, "globals must be a dict");
            return None;
        }
        let get = |k: &str| -> Result<*mut PyObject, ()> {
            let key = Owned::new(crate::objects::unicodeobject::unicode_from_str(k)).ok_or(())?;
            let v = PyDict_GetItemWithError(globals, key.as_ptr());
            if v.is_null() && !errors::PyErr_Occurred().is_null() {
                return Err(());
            }
            Ok(v)
        };
        let mut package = get("__package__").ok()?;
        if package == crate::objects::object::py_none() {
            package = ptr::null_mut();
        }
        let spec = get("__spec__").ok()?;
        let mut package = if !package.is_null() {
            if !crate::objects::object::is_str(package) {
                errors::raise(Exc::TypeError, "package must be a string");
                return None;
            }
            Owned::borrowed(package)
        } else if !spec.is_null() && spec != crate::objects::object::py_none() {
            let parent = Owned::new(crate::objects::object::PyObject_GetAttrString(
                spec,
                c"parent".as_ptr(),
            ))?;
            if !crate::objects::object::is_str(parent.as_ptr()) {
                errors::raise(Exc::TypeError, "__spec__.parent must be a string");
                return None;
            }
            parent
        } else {
            if crate::python::warnings::PyErr_WarnEx(
                Exc::ImportWarning.type_object(),
                c"can't resolve package from __spec__ or __package__, falling back on __name__ and __path__".as_ptr(),
                1,
            ) < 0
            {
                return None;
            }
            let n = get("__name__").ok()?;
            if n.is_null() {
                return key_error();
            }
            if !crate::objects::object::is_str(n) {
                errors::raise(Exc::TypeError, "__name__ must be a string");
                return None;
            }
            let n = Owned::borrowed(n);
            let path_key = Owned::new(crate::objects::unicodeobject::unicode_from_str("__path__"))?;
            let has_path = PyDict_Contains(globals, path_key.as_ptr());
            if has_path < 0 {
                return None;
            }
            if has_path == 0 {
                let len = PyUnicode_GetLength(n.as_ptr());
                let dot = PyUnicode_FindChar(n.as_ptr(), u32::from(b'.'), 0, len, -1);
                if dot == -2 {
                    return None;
                }
                if dot == -1 {
                    return no_parent();
                }
                Owned::new(PyUnicode_Substring(n.as_ptr(), 0, dot))?
            } else {
                n
            }
        };
        let mut last_dot = PyUnicode_GetLength(package.as_ptr());
        if last_dot == 0 {
            return no_parent();
        }
        for _ in 1..level {
            last_dot = PyUnicode_FindChar(package.as_ptr(), u32::from(b'.'), 0, last_dot, -1);
            if last_dot == -2 {
                return None;
            }
            if last_dot == -1 {
                errors::raise(
                    Exc::ImportError,
                    "attempted relative import beyond top-level package",
                );
                return None;
            }
        }
        package = Owned::new(PyUnicode_Substring(package.as_ptr(), 0, last_dot))?;
        if PyUnicode_GetLength(name) == 0 {
            return Some(package);
        }
        Owned::new(unicode_from_str(&format!(
            "{}.{}",
            crate::objects::object::text_of(package.as_ptr()),
            crate::objects::object::text_of(name)
        )))
    }
}

/// `PyImport_ImportModuleLevelObject(name, globals, locals, fromlist,
/// level)`: `__import__(name, globals, locals, fromlist, level)`. Level 0
/// imports `name` and returns its top-level package when `name` is dotted
/// and `fromlist` empty, else the module; a relative import (`level > 0`)
/// resolves against the importing module's `__package__` / `__spec__` /
/// `__name__` in `globals` first. `locals` is unused, as in CPython. A
/// non-empty `fromlist` on a package returns the package without importing
/// submodules for it (there is no importlib to find them).
///
/// Fails (NULL) with `ValueError("Empty module name")`, `TypeError("module
/// name must be a string")`, `ValueError("level must be >= 0")`,
/// `ImportError("attempted relative import with no known parent
/// package")`, `KeyError("'__name__' not in globals")`, or
/// `ModuleNotFoundError`.
///
/// # Safety
/// Each argument must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ImportModuleLevelObject(
    name: *mut PyObject,
    globals: *mut PyObject,
    _locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> *mut PyObject {
    use crate::objects::unicodeobject::{
        PyUnicode_FindChar, PyUnicode_GetLength, PyUnicode_Substring,
    };
    if name.is_null() {
        return errors::fail_null(Exc::ValueError, "Empty module name");
    }
    // SAFETY: live per the contract; every new reference is owned.
    unsafe {
        if !crate::objects::object::is_str(name) {
            return errors::fail_null(Exc::TypeError, "module name must be a string");
        }
        if level < 0 {
            return errors::fail_null(Exc::ValueError, "level must be >= 0");
        }
        let abs_name = if level > 0 {
            match resolve_name(name, globals, level) {
                Some(n) => n,
                None => return ptr::null_mut(),
            }
        } else {
            if PyUnicode_GetLength(name) == 0 {
                return errors::fail_null(Exc::ValueError, "Empty module name");
            }
            Owned::borrowed(name)
        };
        // The module itself: a dotted name's top-level package is imported
        // below, only when there is no from-list (CPython's order).
        let Some((_, module)) = find_and_load_object(abs_name.as_ptr()) else {
            return ptr::null_mut();
        };
        let has_from = if fromlist.is_null() || fromlist == crate::objects::object::py_none() {
            false
        } else {
            match crate::objects::object::PyObject_IsTrue(fromlist) {
                t if t < 0 => return ptr::null_mut(),
                t => t > 0,
            }
        };
        if has_from {
            return module.into_raw();
        }
        let len = PyUnicode_GetLength(name);
        if level != 0 && len == 0 {
            return module.into_raw();
        }
        let dot = PyUnicode_FindChar(name, u32::from(b'.'), 0, len, 1);
        if dot == -1 {
            return module.into_raw();
        }
        if dot == -2 {
            return ptr::null_mut();
        }
        if level == 0 {
            let Some(front) = Owned::new(PyUnicode_Substring(name, 0, dot)) else {
                return ptr::null_mut();
            };
            return PyImport_ImportModuleLevelObject(
                front.as_ptr(),
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
                0,
            );
        }
        // The package the relative name starts in: `abs_name` without the
        // part of `name` after its first dot.
        let cut_off = len - dot;
        let abs_len = PyUnicode_GetLength(abs_name.as_ptr());
        let Some(to_return) =
            Owned::new(PyUnicode_Substring(abs_name.as_ptr(), 0, abs_len - cut_off))
        else {
            return ptr::null_mut();
        };
        let found = PyImport_GetModule(to_return.as_ptr());
        if found.is_null() && errors::PyErr_Occurred().is_null() {
            let shown = repr(to_return.as_ptr()).unwrap_or_default();
            errors::raise(
                Exc::KeyError,
                format!("{shown} not in sys.modules as expected"),
            );
        }
        found
    }
}

/// `PyImport_ImportModuleLevel(name, ...)`:
/// [`PyImport_ImportModuleLevelObject`] with the UTF-8 C string `name`.
///
/// # Safety
/// `name` must be NULL or NUL-terminated; the others NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ImportModuleLevel(
    name: *const std::ffi::c_char,
    globals: *mut PyObject,
    locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> *mut PyObject {
    if name.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    let Some(pname) =
        Owned::new(unsafe { crate::objects::unicodeobject::PyUnicode_FromString(name) })
    else {
        return ptr::null_mut();
    };
    // SAFETY: forwarded contract.
    unsafe { PyImport_ImportModuleLevelObject(pname.as_ptr(), globals, locals, fromlist, level) }
}

/// `import_fn` of the `str` decoded from the UTF-8 C string `name`: what
/// the `const char *` forms of the import functions do. NULL with
/// `SystemError` for a NULL `name`, or with the decoding error.
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
unsafe fn with_str_name(
    name: *const std::ffi::c_char,
    import_fn: unsafe extern "C" fn(*mut PyObject) -> *mut PyObject,
) -> *mut PyObject {
    if name.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    let Some(pname) =
        Owned::new(unsafe { crate::objects::unicodeobject::PyUnicode_FromString(name) })
    else {
        return ptr::null_mut();
    };
    // SAFETY: a live str.
    unsafe { import_fn(pname.as_ptr()) }
}

/// `PyImport_ImportModule(name)`: [`PyImport_Import`] of the UTF-8 `name`.
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ImportModule(name: *const std::ffi::c_char) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { with_str_name(name, PyImport_Import) }
}

/// `PyImport_ImportModuleNoBlock(name)`: the same as
/// [`PyImport_ImportModule`] since 3.3.
///
/// # Safety
/// As [`PyImport_ImportModule`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ImportModuleNoBlock(
    name: *const std::ffi::c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyImport_ImportModule(name) }
}

/// `PyImport_GetModule(name)`: `sys.modules[name]` as a new reference, or
/// NULL with no error when it is not there (an unhashable `name` raises
/// its TypeError, as the dict lookup does).
///
/// # Safety
/// `name` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_GetModule(name: *mut PyObject) -> *mut PyObject {
    if name.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: a live object per the contract.
    unsafe {
        if !crate::objects::object::is_str(name) {
            // Only str keys are registered; hashing still reports an
            // unhashable key as the dict lookup would.
            crate::objects::object::PyObject_Hash(name);
            return ptr::null_mut();
        }
        registry_key(name)
            .and_then(|key| loaded_module(&key))
            .map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `PyImport_AddModuleObject(name)`: the module `name` from the registry
/// (a borrowed reference), first registering a new empty module under
/// that name when there is none, as CPython adds one to `sys.modules`.
///
/// # Safety
/// `name` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_AddModuleObject(name: *mut PyObject) -> *mut PyObject {
    if name.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: a live object per the contract.
    unsafe {
        if !crate::objects::object::is_str(name) {
            // CPython's sys.modules accepts any hashable key; the registry
            // is keyed by text.
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "module name must be str, not {}",
                    crate::objects::object::type_name_of(name)
                ),
            );
        }
        let Some(key) = registry_key(name) else {
            return errors::fail_null(Exc::UnicodeEncodeError, "module name is not valid UTF-8");
        };
        if let Some(m) = loaded_module(&key) {
            // The registry keeps its reference: this one is borrowed.
            return m.as_ptr();
        }
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_NewObject(name)) else {
            return ptr::null_mut();
        };
        register_module(&key, m.as_ptr());
        m.as_ptr()
    }
}

/// `PyImport_AddModule(name)`: [`PyImport_AddModuleObject`] of the UTF-8
/// `name`.
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_AddModule(name: *const std::ffi::c_char) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { with_str_name(name, PyImport_AddModuleObject) }
}

/// `_PyImport_GetModuleId(name)`: as [`PyImport_GetModule`] with the name
/// given as a `_Py_IDENTIFIER` (NULL with the identifier's error when it
/// cannot be decoded).
///
/// # Safety
/// `name` must be a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyImport_GetModuleId(
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> *mut PyObject {
    // SAFETY: per the contract; the name is borrowed from the identifier table.
    unsafe {
        let oname = crate::objects::unicodeobject::_PyUnicode_FromId(name);
        if oname.is_null() {
            return ptr::null_mut();
        }
        PyImport_GetModule(oname)
    }
}

/// The name `importlib.reload` goes by: `module.__spec__.name`, else
/// `module.__name__` (as a new reference), else `TypeError("reload()
/// argument must be a module")`. Only an `AttributeError` moves on to the
/// next source; any other error propagates.
///
/// # Safety
/// `module` must be a live object.
unsafe fn reload_name(module: *mut PyObject) -> Option<Owned> {
    use crate::objects::object::PyObject_GetAttrString;
    // SAFETY: a live object per the contract; each call returns a new
    // reference or NULL with the error set.
    unsafe {
        let attribute_error =
            || errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0;
        let from_spec = Owned::new(PyObject_GetAttrString(module, c"__spec__".as_ptr()))
            .and_then(|spec| Owned::new(PyObject_GetAttrString(spec.as_ptr(), c"name".as_ptr())));
        if from_spec.is_some() {
            return from_spec;
        }
        if !attribute_error() {
            return None;
        }
        errors::PyErr_Clear();
        if let Some(name) = Owned::new(PyObject_GetAttrString(module, c"__name__".as_ptr())) {
            return Some(name);
        }
        if attribute_error() {
            errors::PyErr_Clear();
            errors::fail_null::<PyObject>(Exc::TypeError, "reload() argument must be a module");
        }
        None
    }
}

/// `PyImport_ReloadModule(module)`: CPython's `importlib.reload(module)`
/// over the module registry (`sys.modules`), returning the module as a new
/// reference.
///
/// As importlib: `TypeError("reload() argument must be a module")` for an
/// object with neither `__spec__.name` nor `__name__`; `ImportError("module
/// x not in sys.modules", name=x)` when `sys.modules[x]` is not this very
/// object; `ImportError("parent 'a' not in sys.modules", name='a')` for a
/// submodule whose package is not loaded, and the package's
/// `AttributeError` when it has no `__path__`. There are no finders here, so
/// the spec a reload uses is the one the module was loaded with: a module
/// without one (`__spec__` missing or None, as for a module made by
/// `PyImport_AddModule`) fails with `ModuleNotFoundError("spec not found
/// for the module 'x'", name=x)`, as importlib fails when no finder knows
/// the name; the library's own modules and `PyImport_Inittab`'s are found
/// by name, as CPython's built-in finder finds its. Every module that can
/// be found here is an extension or native module, and reloading those re-runs nothing in
/// CPython either: only a module made from a definition whose state was
/// never allocated (multi-phase with a negative `m_size`) runs its
/// `Py_mod_exec` slots again. The result is what `sys.modules` then holds
/// under the name: the same module object.
///
/// # Safety
/// `module` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyImport_ReloadModule(module: *mut PyObject) -> *mut PyObject {
    if module.is_null() {
        errors::bad_internal_call();
        return ptr::null_mut();
    }
    // SAFETY: a live object per the contract.
    unsafe {
        let Some(name) = reload_name(module) else {
            return ptr::null_mut();
        };
        let name_text = if crate::objects::object::is_str(name.as_ptr()) {
            crate::objects::object::text_of(name.as_ptr())
        } else {
            let Some(s) = Owned::new(crate::objects::object::PyObject_Str(name.as_ptr())) else {
                return ptr::null_mut();
            };
            crate::objects::object::text_of(s.as_ptr())
        };
        let current = if crate::objects::object::is_str(name.as_ptr()) {
            registered_module(&name_text)
        } else {
            // Only str names are registered; hashing still reports an
            // unhashable name as `sys.modules.get` would.
            if crate::objects::object::PyObject_Hash(name.as_ptr()) == -1 {
                return ptr::null_mut();
            }
            None
        };
        if current.as_ref().map(Owned::as_ptr) != Some(module) {
            raise_import_error(
                Exc::ImportError,
                format!("module {name_text} not in sys.modules"),
                &name_text,
            );
            return ptr::null_mut();
        }
        if let Some((parent, _)) = name_text.rsplit_once('.') {
            let Some(package) = registered_module(parent) else {
                raise_import_error(
                    Exc::ImportError,
                    format!("parent {} not in sys.modules", py_str_repr(parent)),
                    parent,
                );
                return ptr::null_mut();
            };
            // importlib reads the package's `__path__` to search: a parent
            // that is not a package fails with its AttributeError.
            let path = crate::objects::object::PyObject_GetAttrString(
                package.as_ptr(),
                c"__path__".as_ptr(),
            );
            if path.is_null() {
                return ptr::null_mut();
            }
            Py_DecRef(path);
        }
        let spec = crate::objects::object::PyObject_GetAttrString(module, c"__spec__".as_ptr());
        if spec.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
                return ptr::null_mut();
            }
            errors::PyErr_Clear();
        }
        let has_spec = !spec.is_null() && spec != crate::objects::object::none();
        Py_DecRef(spec);
        if !has_spec && !library_provides(&name_text) && !in_inittab(&name_text) {
            raise_not_found(
                format!("spec not found for the module {}", py_str_repr(&name_text)),
                &name_text,
            );
            return ptr::null_mut();
        }
        // importlib's exec of an extension or built-in module
        // (`exec_builtin_or_dynamic`): a module whose state exists has
        // been executed already and is left alone.
        if crate::objects::moduleobject::is_module(module) {
            let def = crate::objects::moduleobject::PyModule_GetDef(module);
            if !def.is_null()
                && crate::objects::moduleobject::PyModule_GetState(module).is_null()
                && crate::objects::moduleobject::PyModule_ExecDef(module, def) < 0
            {
                return ptr::null_mut();
            }
        }
        match registered_module(&name_text) {
            Some(m) => m.into_raw(),
            None => {
                // The module's exec removed it from sys.modules: KeyError,
                // as importlib's final `sys.modules[name]`.
                errors::PyErr_SetObject(Exc::KeyError.type_object(), name.as_ptr());
                ptr::null_mut()
            }
        }
    }
}

/// Whether the library itself makes the module `name` (see
/// [`stdlib_module`] and [`loaded_module`]): what CPython's built-in and
/// path finders would find again on a reload.
fn library_provides(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "builtins",
        "copyreg",
        "sys",
        "array",
        "datetime",
        "zlib",
        "types",
        "string",
        "enum",
        "abc",
        "numbers",
        "_collections_abc",
        "collections.abc",
        "binascii",
        "_struct",
        "struct",
        "copy",
        "unicodedata",
        "math",
        "warnings",
        "_operator",
        "operator",
        "_functools",
        "functools",
        "_contextvars",
        "contextvars",
    ];
    NAMES.contains(&name)
        || (cfg!(any(target_os = "linux", target_os = "android")) && name == "errno")
        || (cfg!(target_os = "linux") && name == "time")
}

/// Whether `name` is in `PyImport_Inittab` (CPython's `BuiltinImporter`
/// finds those).
fn in_inittab(name: &str) -> bool {
    // SAFETY: the table C code set up, ended by a NULL name.
    unsafe { entries_of(*PyImport_Inittab.get()) }
        .iter()
        // SAFETY: names of a valid table.
        .any(|e| unsafe { entry_name(e) } == name.as_bytes())
}

/// `repr()` of a str as Python writes it for the plain names importlib
/// quotes (module names: no quotes or escapes inside).
fn py_str_repr(s: &str) -> String {
    let text = unicode_from_str(s);
    // SAFETY: a new str or NULL; `repr` accepts a live object.
    let r = Owned::new(text).and_then(|t| unsafe { crate::objects::object::repr(t.as_ptr()) });
    if r.is_none() {
        errors::PyErr_Clear();
    }
    r.unwrap_or_else(|| format!("'{s}'"))
}
