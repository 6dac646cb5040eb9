//! Extension types and their instances: what extension.ts builds JS classes
//! from.
//!
//! 1. *Which objects are instances.* An object whose type an extension made
//!    (a heap type, or a static type that is not one of the shim's own) is
//!    an instance: it reaches JS as a `PyObjectHandle` of its wrapper
//!    ([`ExtObject`]), and extension.ts gives it the JS object of its class.
//!    The shim's built-in objects (memoryview, exporters, bytes, …) keep
//!    their conversions.
//! 2. *Identity.* [`extension_instance_of`] gives an instance's key (its
//!    address, stable while it lives: JS holds a reference) and its type's
//!    key; extension.ts maps keys to JS objects weakly.
//! 3. *Attributes as CPython reads them.* Methods are the type's method
//!    descriptors called with the instance first, properties go through
//!    `PyObject_GetAttr` / `PyObject_SetAttr` (so read-only members and
//!    getsets raise CPython's AttributeError), `len()` is `PyObject_Size`
//!    and iteration `PyObject_GetIter` / `PyIter_Next`.
//! 4. *Everything runs under the GIL* and re-emits the warnings C issued.

use super::*;
use pybuffer::objects::r#abstract::{
    PyIter_Next, PyObject_DelItem, PyObject_GetItem, PyObject_GetIter, PyObject_SetItem,
    PyObject_Size, PySequence_Contains,
};
use pybuffer::objects::descrobject::{
    PyClassMethodDescr_Type, PyGetSetDescr_Type, PyMemberDescr_Type, PyMethodDescr_Type,
};
use pybuffer::objects::dictobject::PyDict_Next;
use pybuffer::objects::funcobject::PyStaticMethod_Type;
use pybuffer::objects::object::{
    PyObject_GetAttr, PyObject_Hash, PyObject_Repr, PyObject_SetAttr, PyObject_Str,
};
use pybuffer::objects::typeobject::{PyType_IsSubtype, PyType_Type};

// ==========================================================================
// Which types are an extension's
// ==========================================================================

/// The load address of this addon, whose static types are the shim's own.
fn addon_base() -> Option<usize> {
    static BASE: OnceLock<Option<usize>> = OnceLock::new();
    *BASE.get_or_init(|| platform::object_of(PyObject_GetBuffer as *const c_void).map(|(_, b)| b))
}

thread_local! {
    /// Static types seen so far: whether each is the shim's own. Static
    /// types do not move while their library is loaded, and a library
    /// loaded later at the same address defines extension types only.
    static STATIC_TYPES: std::cell::RefCell<HashMap<usize, bool>> =
        std::cell::RefCell::new(HashMap::new());
}

/// Whether `ty` is one of the shim's built-in types (defined in this addon).
///
/// # Safety
/// `ty` must be a live type.
pub(super) unsafe fn is_builtin_type(ty: *mut PyTypeObject) -> bool {
    // SAFETY: live per the contract.
    if unsafe { (*ty).tp_flags } & Py_TPFLAGS_HEAPTYPE != 0 {
        // The shim makes heap types only when an extension asks for one.
        return false;
    }
    let key = ty as usize;
    if let Some(known) = STATIC_TYPES.with(|m| m.borrow().get(&key).copied()) {
        return known;
    }
    let builtin = match (platform::object_of(ty as *const c_void), addon_base()) {
        (Some((_, base)), Some(own)) => base == own,
        // Unknown to the loader: not in a library, so not a static type of
        // this addon.
        _ => false,
    };
    STATIC_TYPES.with(|m| m.borrow_mut().insert(key, builtin));
    builtin
}

/// Whether `op` is an instance of a type an extension made (types
/// themselves excluded: they become classes, not instances).
///
/// # Safety
/// `op` must be a live object.
pub(super) unsafe fn is_extension_instance(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract; types outlive their instances.
    unsafe { !is_type_object(op) && !is_builtin_type((*op).ob_type) }
}

/// Whether `op` is a type an extension made.
///
/// # Safety
/// `op` must be a live object.
pub(super) unsafe fn is_extension_type(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { is_type_object(op) && !is_builtin_type(op.cast()) }
}

/// Whether `op` is a type object.
///
/// # Safety
/// `op` must be a live object.
pub(super) unsafe fn is_type_object(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { PyType_IsSubtype((*op).ob_type, PyType_Type.get()) != 0 }
}

/// Whether the type `ty` derives from `BaseException`.
///
/// # Safety
/// `ty` must be a live type.
pub(super) unsafe fn is_exception_type(ty: *mut PyTypeObject) -> bool {
    // SAFETY: live per the contract; the exception type is static.
    unsafe { PyType_IsSubtype(ty, Exc::BaseException.type_object().cast()) != 0 }
}

/// The extension's object behind `handle` (its wrapper's inner object) and
/// the library that made it; a TypeError naming `what` for anything else.
pub(super) fn unwrap_handle(
    handle: &PyObjectHandle,
    what: &str,
) -> Result<(*mut PyObject, Arc<ExtLib>)> {
    let obj = handle.get()?;
    // SAFETY: the handle keeps the object alive.
    match unsafe { ExtObject::downcast(obj) } {
        Some(w) => Ok((w.inner, w.lib.clone())),
        None => Err(errors::raise(
            Exc::TypeError,
            format!("{what}: expected an object an extension made"),
        )),
    }
}

/// A new handle of `obj` (borrowed) that keeps `lib` loaded.
///
/// # Safety
/// `obj` must be a live object made by code of `lib`.
unsafe fn handle_of(obj: *mut PyObject, lib: &Arc<ExtLib>) -> PyObjectHandle {
    // SAFETY: live per the contract; the wrapper takes the new reference.
    unsafe {
        Py_IncRef(obj);
        PyObjectHandle::from_owned(ExtObject::wrap(obj, lib.clone()))
    }
}

/// `str` of a NUL-terminated C string, or None for NULL.
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
unsafe fn c_text(s: *const std::ffi::c_char) -> Option<String> {
    // SAFETY: per the contract.
    (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned())
}

/// The text of attribute `name` of `op` when it is a `str` (a failed
/// lookup's error cleared).
///
/// # Safety
/// `op` must be a live object; called holding the GIL.
unsafe fn str_attr(op: *mut PyObject, name: &CStr) -> Option<String> {
    unsafe extern "C" {
        fn PyObject_GetAttrString(o: *mut PyObject, name: *const std::ffi::c_char)
        -> *mut PyObject;
    }
    // SAFETY: per the contract; a new reference or NULL.
    let attr = unsafe { PyObject_GetAttrString(op, name.as_ptr()) };
    if attr.is_null() {
        // The AttributeError the lookup set.
        pyerr::PyErr_Clear();
        return None;
    }
    // SAFETY: a live object we own.
    let text = unsafe { pybuffer::objects::unicodeobject::str_value(attr) }.map(str::to_owned);
    // SAFETY: ours.
    unsafe { Py_DecRef(attr) };
    text
}

/// `__name__` and the dotted name Python prints (`module.qualname`, no
/// module for built-ins) of the type `ty`.
///
/// # Safety
/// `ty` must be a live type; called holding the GIL.
pub(super) unsafe fn type_names(ty: *mut PyObject) -> (String, String) {
    // SAFETY: per the contract.
    let full = unsafe { type_name_of_type(ty) };
    // SAFETY: per the contract.
    let name = unsafe { str_attr(ty, c"__name__") }
        .unwrap_or_else(|| full.rsplit('.').next().unwrap_or(&full).to_owned());
    // SAFETY: per the contract.
    let qualname = unsafe { str_attr(ty, c"__qualname__") }.unwrap_or_else(|| name.clone());
    // SAFETY: per the contract.
    let dotted = match unsafe { str_attr(ty, c"__module__") } {
        Some(m) if m != "builtins" => format!("{m}.{qualname}"),
        _ => qualname,
    };
    (name, dotted)
}

/// The `tp_name` of the type `ty`.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn type_name_of_type(ty: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe { c_text((*ty.cast::<PyTypeObject>()).tp_name) }.unwrap_or_else(|| "?".into())
}

// ==========================================================================
// Types of a module
// ==========================================================================

/// A type in a module's dict.
#[napi(object, object_from_js = false)]
pub struct ExtensionModuleType {
    /// The name it has in the module (usually its `__name__`).
    pub name: String,
    /// The type object.
    pub handle: PyObjectHandle,
    /// For one of the shim's built-in exception types that the module
    /// exports under a name of its own (`error = ValueError`): its name.
    pub builtin_exception: Option<String>,
}

/// One attribute a type defines in its dict (dunders left out).
#[napi(object)]
pub struct ExtensionTypeAttribute {
    pub name: String,
    /// `method`, `classmethod`, `staticmethod`, `getset`, `member`, or
    /// `constant` (a `None`, `bool`, `int`, `float` or `str` in the dict).
    pub kind: String,
    /// For `getset` and `member`: whether C gives it no setter.
    pub readonly: bool,
    pub doc: Option<String>,
}

/// What extension.ts needs to make a JS class of a type.
#[napi(object, object_from_js = false)]
pub struct ExtensionTypeInfo {
    /// The type's key (its address), as [`extension_instance_of`] gives it.
    pub key: f64,
    /// `__name__`.
    pub name: String,
    /// The dotted name Python prints (`_block.LZ4BlockError`).
    pub python_type: String,
    /// The docstring without its signature line.
    pub doc: Option<String>,
    /// For an exception class, the nearest built-in exception it derives
    /// from (`Exception`, `ValueError`, …); None for other types.
    pub exception: Option<String>,
    /// The base type (`tp_base`) when an extension made it too.
    pub base: Option<PyObjectHandle>,
    /// The attributes of the type's own dict, in dict order.
    pub attributes: Vec<ExtensionTypeAttribute>,
    /// `tp_iter` is set (the instances are iterable).
    pub iter: bool,
    /// `sq_length` or `mp_length` is set.
    pub len: bool,
    /// `bf_getbuffer` is set.
    pub buffer: bool,
    /// The type finds attributes its own way (a `tp_getattro` other than
    /// `PyObject_GenericGetAttr`, as cffi's `lib` and cdata objects do), so
    /// its dict does not list them all.
    pub dynamic: bool,
}

#[napi]
impl ExtensionModule {
    /// The types in the module's dict (exception classes included, and
    /// built-in exceptions it exports under a name of its own), in dict
    /// order.
    #[napi]
    pub fn types(&self) -> Vec<ExtensionModuleType> {
        let _gil = Gil::acquire_lasting();
        // SAFETY: a live module.
        let entries = unsafe { module::module_entries(self.inner.module) }.unwrap_or_default();
        let mut out = Vec::new();
        for (name, obj) in entries {
            // SAFETY: a new reference from module_entries.
            if !name.starts_with("__") && unsafe { is_type_object(obj) } {
                let ty = obj.cast::<PyTypeObject>();
                // SAFETY: a live type (the module dict holds it).
                let builtin = unsafe { is_builtin_type(ty) };
                // Built-in exceptions stand for the JS classes they map
                // to; other built-in types (`bytes` under another name)
                // have no class.
                let builtin_exception = if builtin {
                    match Exc::from_type_object(obj) {
                        Some(exc) => Some(exc.name().to_owned()),
                        None => {
                            // SAFETY: our reference; the module holds the library.
                            unsafe { Py_DecRef(obj) };
                            continue;
                        }
                    }
                } else {
                    None
                };
                // SAFETY: a live type of this module's library (or the shim's).
                let handle = unsafe { handle_of(obj, &self.inner.lib) };
                out.push(ExtensionModuleType {
                    name,
                    handle,
                    builtin_exception,
                });
            }
            // SAFETY: our reference; the module holds the library.
            unsafe { Py_DecRef(obj) };
        }
        out
    }

    /// The module's other attributes: not dunder, not None/bool/int/float/
    /// str (those are [`constants`](Self::constants)), not types (see
    /// [`types`](Self::types)) and not built-in functions (the module's
    /// functions), converted as results are. Sentinels (`RAISE =
    /// object()`), instances, capsules and submodules become opaque objects
    /// JS can pass back, so `ext.f(x, kwargs({ on_fail: ext.RAISE }))`
    /// hands C the very object. An attribute that fails to convert is left
    /// out.
    #[napi(ts_return_type = "Record<string, unknown>")]
    pub fn objects(&self, env: Env) -> Result<sys::napi_value> {
        let _gil = Gil::acquire_lasting();
        // SAFETY: a live module.
        let entries = unsafe { module::module_entries(self.inner.module) }.unwrap_or_default();
        let mut out = ptr::null_mut();
        // SAFETY: the current env.
        if unsafe { sys::napi_create_object(env.raw(), &mut out) } != sys::Status::napi_ok {
            return Err(Error::from_reason("napi_create_object failed"));
        }
        for (name, obj) in entries {
            // SAFETY: a new reference from module_entries.
            let skip = name.starts_with("__")
                || unsafe { as_scalar(obj).is_some() || is_type_object(obj) || is_cfunction(obj) };
            if skip {
                // SAFETY: our reference; the module holds the library.
                unsafe { Py_DecRef(obj) };
                continue;
            }
            let what = format!("{}.{name}", self.inner.name);
            // SAFETY: a new reference, consumed.
            let converted = unsafe { result_to_js(&env, obj, &self.inner.lib, &|| what.clone()) };
            let Ok(value) = converted else {
                pyerr::PyErr_Clear();
                continue;
            };
            // SAFETY: values of the current scope.
            unsafe { define_named(env.raw(), out, &name, value) }?;
        }
        Ok(out)
    }
}

/// Describes the type `ty` (a handle from `types()` or
/// [`extension_type_of`]).
#[napi]
pub fn extension_type_info(ty: &PyObjectHandle) -> Result<ExtensionTypeInfo> {
    let (t, lib) = unwrap_handle(ty, "extensionTypeInfo")?;
    let _gil = Gil::acquire_lasting();
    // SAFETY: the handle keeps `t` alive.
    if !unsafe { is_type_object(t) } {
        // SAFETY: as above.
        let got = unsafe { type_name(t) };
        return Err(errors::raise(
            Exc::TypeError,
            format!("extensionTypeInfo: expected a type, got a '{got}' object"),
        ));
    }
    let tt = t.cast::<PyTypeObject>();
    // SAFETY: a live type (held by the handle), read under the GIL.
    unsafe {
        let (name, python_type) = type_names(t);
        let doc = split_doc(&name, c_text((*tt).tp_doc).as_deref()).0;
        let exception = is_exception_type(tt).then(|| {
            let mut b = tt;
            while !b.is_null() {
                if let Some(exc) = Exc::from_type_object(b.cast()) {
                    return exc.name().to_owned();
                }
                b = (*b).tp_base;
            }
            Exc::Exception.name().to_owned()
        });
        let base = (*tt).tp_base;
        let base =
            (!base.is_null() && !is_builtin_type(base)).then(|| handle_of(base.cast(), &lib));
        let mut attributes = Vec::new();
        let dict = (*tt).tp_dict;
        if !dict.is_null() {
            let mut pos: Py_ssize_t = 0;
            let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(dict, &mut pos, &mut k, &mut v) != 0 {
                let Some(key) = pybuffer::objects::unicodeobject::str_value(k) else {
                    continue;
                };
                if key.starts_with("__") && key.ends_with("__") {
                    continue;
                }
                let vt = (*v).ob_type;
                let (kind, readonly, doc) = if vt == PyMethodDescr_Type.get() {
                    let d = v.cast::<PyMethodDescrObject>();
                    ("method", false, c_text((*(*d).d_method).ml_doc))
                } else if vt == PyClassMethodDescr_Type.get() {
                    let d = v.cast::<PyMethodDescrObject>();
                    ("classmethod", false, c_text((*(*d).d_method).ml_doc))
                } else if vt == PyStaticMethod_Type.get() {
                    ("staticmethod", false, None)
                } else if vt == PyGetSetDescr_Type.get() {
                    let d = (*v.cast::<PyGetSetDescrObject>()).d_getset;
                    ("getset", (*d).set.is_none(), c_text((*d).doc))
                } else if vt == PyMemberDescr_Type.get() {
                    let d = (*v.cast::<PyMemberDescrObject>()).d_member;
                    let ro = (*d).flags & pybuffer::ffi::READONLY != 0;
                    ("member", ro, c_text((*d).doc))
                } else if pybuffer::objects::object::as_scalar(v).is_some() {
                    // A class constant (`ZstdCompressor.FLUSH_FRAME`).
                    ("constant", true, None)
                } else {
                    // Anything else the type's dict holds (cffi's FFI puts
                    // `NULL`, `buffer`, `CData`, `error` there), read from
                    // the instance each time, as Python finds it.
                    ("attribute", true, None)
                };
                let doc = split_doc(key, doc.as_deref()).0;
                attributes.push(ExtensionTypeAttribute {
                    name: key.to_owned(),
                    kind: kind.to_owned(),
                    readonly,
                    doc,
                });
            }
        }
        let seq = (*tt).tp_as_sequence;
        let map = (*tt).tp_as_mapping;
        let len = (!seq.is_null() && (*seq).sq_length.is_some())
            || (!map.is_null() && (*map).mp_length.is_some());
        let bufp = (*tt).tp_as_buffer;
        Ok(ExtensionTypeInfo {
            key: t as usize as f64,
            name,
            python_type,
            doc,
            exception,
            base,
            attributes,
            iter: (*tt).tp_iter.is_some(),
            len,
            buffer: !bufp.is_null() && (*bufp).bf_getbuffer.is_some(),
            dynamic: (*tt).tp_getattro.is_some_and(|f| {
                f as usize
                    != pybuffer::objects::object::PyObject_GenericGetAttr as *const () as usize
            }),
        })
    }
}

// ==========================================================================
// Instances
// ==========================================================================

/// `[key, typeKey, isType]` of the extension-type instance behind `obj`
/// (addresses, stable while the object lives; `isType` 1 when the object is
/// itself a type an extension made), or null for any other object.
#[napi]
pub fn extension_instance_of(obj: &PyObjectHandle) -> Result<Option<Vec<f64>>> {
    let o = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    let Some(w) = (unsafe { ExtObject::downcast(o) }) else {
        return Ok(None);
    };
    let inner = w.inner;
    // SAFETY: the wrapper holds `inner`.
    if unsafe { is_extension_type(inner) } {
        let key = inner as usize as f64;
        return Ok(Some(vec![key, key, 1.0]));
    }
    // SAFETY: the wrapper holds `inner`.
    if !unsafe { is_extension_instance(inner) } {
        return Ok(None);
    }
    // SAFETY: as above; types outlive their instances.
    let ty = unsafe { (*inner).ob_type };
    Ok(Some(vec![inner as usize as f64, ty as usize as f64, 0.0]))
}

/// The type of the extension's object behind `obj`.
#[napi]
pub fn extension_type_of(obj: &PyObjectHandle) -> Result<PyObjectHandle> {
    let (o, lib) = unwrap_handle(obj, "extensionTypeOf")?;
    // SAFETY: the handle keeps `o`, and so its type, alive; the type's code
    // is the library's (or the shim's, which outlives it).
    Ok(unsafe { handle_of((*o).ob_type.cast(), &lib) })
}

/// The reference count of the extension's object behind `obj` (not of its
/// wrapper), for tests.
#[napi]
pub fn extension_refcnt(obj: &PyObjectHandle) -> Result<i64> {
    let (o, _lib) = unwrap_handle(obj, "extensionRefcnt")?;
    // SAFETY: the handle keeps `o` alive.
    Ok(unsafe { Py_REFCNT(o) } as i64)
}

/// A name for `callable` in error messages: its `__qualname__`, else its
/// type's name.
///
/// # Safety
/// `callable` must be a live object; called holding the GIL.
unsafe fn callable_name(callable: *mut PyObject) -> String {
    // SAFETY: per the contract.
    let qualname = unsafe { str_attr(callable, c"__qualname__") };
    // SAFETY: per the contract.
    qualname.unwrap_or_else(|| unsafe { type_name(callable) })
}

/// Calls `callable` (an object an extension made: a type, a method
/// descriptor, a bound class method, a function) with `args` and the
/// keyword arguments `kwnames[i] = kwvalues[i]`, converting arguments and
/// the result as `ExtensionModule.call` does. Calling a type runs `tp_new`
/// then `tp_init`, as `PyObject_Call` does; calling a method descriptor
/// takes the instance as the first argument.
#[napi(ts_return_type = "unknown")]
pub fn call_object(
    env: Env,
    callable: &PyObjectHandle,
    args: Vec<Unknown<'_>>,
    kwnames: Option<Vec<String>>,
    kwvalues: Option<Vec<Unknown<'_>>>,
) -> Result<sys::napi_value> {
    let (c, lib) = unwrap_handle(callable, "callObject")?;
    // Named only when an error needs it (the GIL is reentrant).
    let func = || {
        let _gil = Gil::acquire_lasting();
        // SAFETY: the handle keeps `c` alive.
        unsafe { callable_name(c) }
    };
    call_converted(&env, c, &lib, &args, kwnames, kwvalues, &func)
}

/// `getattr(obj, name)`, the result converted as results are.
#[napi(ts_return_type = "unknown")]
pub fn extension_get_attr(env: Env, obj: &PyObjectHandle, name: String) -> Result<sys::napi_value> {
    let (o, lib) = unwrap_handle(obj, "extensionGetAttr")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    let key = unicode_from_str(&name);
    if key.is_null() {
        return Err(errors::take());
    }
    // SAFETY: live objects (the handle holds `o`; `key` is ours).
    let res = unsafe { PyObject_GetAttr(o, key) };
    // SAFETY: ours.
    unsafe { Py_DecRef(key) };
    let out = if res.is_null() {
        Err(errors::take())
    } else {
        // SAFETY: the handle keeps `o` alive.
        let what = format!("{}.{name}", unsafe { type_name(o) });
        // SAFETY: a new reference, consumed.
        unsafe { result_to_js(&env, res, &lib, &|| what.clone()) }
    };
    emit_pending_warnings(&env)?;
    out
}

/// `getattr(obj, name)` for an attribute JS does not know in advance (see
/// [`ExtensionTypeInfo::dynamic`]): `{ missing: true }` when it raises
/// `AttributeError` (JS reads a missing property as `undefined`, and probes
/// some, as `await` probes `then`), `{ fn, key }` for a callable that is
/// neither a type nor an extension type's instance (a handle of it, to be
/// called as JS functions are, and its address, stable while it lives), else
/// `{ value }`, converted as results are.
#[napi(
    ts_return_type = "{ missing?: boolean, fn?: PyObjectHandle, key?: number, value?: unknown }"
)]
pub fn extension_get_attr_dynamic(
    env: Env,
    obj: &PyObjectHandle,
    name: String,
) -> Result<sys::napi_value> {
    use pybuffer::objects::object::PyCallable_Check;
    let (o, lib) = unwrap_handle(obj, "extensionGetAttrDynamic")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    let key = unicode_from_str(&name);
    if key.is_null() {
        return Err(errors::take());
    }
    // SAFETY: live objects (the handle holds `o`; `key` is ours).
    let res = unsafe { PyObject_GetAttr(o, key) };
    // SAFETY: ours.
    unsafe { Py_DecRef(key) };
    let raw = env.raw();
    let mut out = ptr::null_mut();
    // SAFETY: the current env.
    check(unsafe { sys::napi_create_object(raw, &mut out) })?;
    if res.is_null() {
        // SAFETY: the exception type is static.
        let missing =
            unsafe { pyerr::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0 };
        if !missing {
            let err = errors::take();
            emit_pending_warnings(&env)?;
            return Err(err);
        }
        pyerr::PyErr_Clear();
        emit_pending_warnings(&env)?;
        // SAFETY: the current env and a value of its scope.
        unsafe { define_named(raw, out, "missing", bool::to_napi_value(raw, true)?) }?;
        return Ok(out);
    }
    // SAFETY: a live object (our reference).
    let function = unsafe {
        PyCallable_Check(res) != 0 && !is_type_object(res) && !is_extension_instance(res)
    };
    let defined = if function {
        let address = res as usize as f64;
        // SAFETY: a new reference the wrapper takes over.
        let handle = unsafe { PyObjectHandle::from_owned(ExtObject::wrap(res, lib)) };
        // SAFETY: the current env and values of its scope.
        unsafe {
            define_named(raw, out, "fn", PyObjectHandle::to_napi_value(raw, handle)?)?;
            define_named(raw, out, "key", f64::to_napi_value(raw, address)?)
        }
    } else {
        // SAFETY: the handle keeps `o` alive.
        let what = format!("{}.{name}", unsafe { type_name(o) });
        // SAFETY: a new reference, consumed.
        match unsafe { result_to_js(&env, res, &lib, &|| what.clone()) } {
            // SAFETY: the current env and a value of its scope.
            Ok(v) => unsafe { define_named(raw, out, "value", v) },
            Err(e) => Err(e),
        }
    };
    emit_pending_warnings(&env)?;
    defined.map(|()| out)
}

/// `dir(obj)`'s names that are not dunders (`__dir__` where the type has
/// one: cffi's `lib` lists its functions and constants), sorted as `dir()`
/// sorts them.
#[napi]
pub fn extension_dir(env: Env, obj: &PyObjectHandle) -> Result<Vec<String>> {
    use pybuffer::objects::object::PyObject_Dir;
    let (o, _lib) = unwrap_handle(obj, "extensionDir")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    // SAFETY: the handle keeps `o` alive.
    let list = unsafe { PyObject_Dir(o) };
    if list.is_null() {
        let err = errors::take();
        emit_pending_warnings(&env)?;
        return Err(err);
    }
    unsafe extern "C" {
        fn PyList_Size(l: *mut PyObject) -> Py_ssize_t;
        fn PyList_GetItem(l: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    }
    let mut names = Vec::new();
    // SAFETY: `list` is a list we own (dir() returns one); its items are
    // borrowed while it lives.
    unsafe {
        for i in 0..PyList_Size(list) {
            let item = PyList_GetItem(list, i);
            if let Some(name) = pybuffer::objects::unicodeobject::str_value(item)
                && !(name.starts_with("__") && name.ends_with("__"))
            {
                names.push(name.to_owned());
            }
        }
        Py_DecRef(list);
    }
    emit_pending_warnings(&env)?;
    Ok(names)
}

/// `getattr(obj, name)` as a handle of the object itself, unconverted: how
/// extension.ts takes a type's method descriptors and bound class methods.
#[napi]
pub fn extension_get_attr_object(obj: &PyObjectHandle, name: String) -> Result<PyObjectHandle> {
    let (o, lib) = unwrap_handle(obj, "extensionGetAttrObject")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    let key = unicode_from_str(&name);
    if key.is_null() {
        return Err(errors::take());
    }
    // SAFETY: live objects (the handle holds `o`; `key` is ours).
    let res = unsafe { PyObject_GetAttr(o, key) };
    // SAFETY: ours.
    unsafe { Py_DecRef(key) };
    if res.is_null() {
        return Err(errors::take());
    }
    // SAFETY: a new reference the wrapper takes over.
    Ok(unsafe { PyObjectHandle::from_owned(ExtObject::wrap(res, lib)) })
}

/// `setattr(obj, name, value)`, `value` converted as arguments are: a
/// read-only member or getset raises CPython's AttributeError.
#[napi]
pub fn extension_set_attr(
    env: Env,
    obj: &PyObjectHandle,
    name: String,
    value: Unknown<'_>,
) -> Result<()> {
    let (o, lib) = unwrap_handle(obj, "extensionSetAttr")?;
    let _gil = Gil::acquire_lasting();
    // SAFETY: the handle keeps `o` alive.
    let what = format!("{}.{name}", unsafe { type_name(o) });
    let mut converted = Args::with_capacity(1);
    push_arg(&env, &mut converted, &value, 0, &|| what.clone(), &lib)?;
    pyerr::PyErr_Clear();
    let key = unicode_from_str(&name);
    if key.is_null() {
        return Err(errors::take());
    }
    // SAFETY: live objects (the handle holds `o`, `converted` the value,
    // `key` is ours).
    let rc = unsafe { PyObject_SetAttr(o, key, converted.objects[0]) };
    // SAFETY: ours.
    unsafe { Py_DecRef(key) };
    drop(converted);
    let out = if rc < 0 { Err(errors::take()) } else { Ok(()) };
    emit_pending_warnings(&env)?;
    out
}

/// `len(obj)` (`sq_length` / `mp_length`): CPython's TypeError
/// `object of type 'X' has no len()` for objects without one.
#[napi]
pub fn extension_len(env: Env, obj: &PyObjectHandle) -> Result<f64> {
    let o = obj.get()?;
    // SAFETY: the handle keeps `o` alive.
    let o = match unsafe { ExtObject::downcast(o) } {
        Some(w) => w.inner,
        None => o,
    };
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    // SAFETY: a live object.
    let n = unsafe { PyObject_Size(o) };
    let out = if n < 0 {
        Err(errors::take())
    } else {
        Ok(n as f64)
    };
    emit_pending_warnings(&env)?;
    out
}

/// Python's item, containment, text and hash protocols for JS (index.ts's
/// `getItem`, `setItem`, `delItem`, `contains`, `repr`, `str`, `hash`):
/// `op` names the operation, `operands` its key and value (converted as
/// arguments are). The result is converted as results are: the item, a
/// boolean for `contains`, a string for `repr`/`str`, an int for `hash`,
/// `undefined` for the stores.
#[napi(ts_return_type = "unknown")]
pub fn extension_protocol(
    env: Env,
    obj: &PyObjectHandle,
    op: String,
    operands: Vec<Unknown<'_>>,
) -> Result<sys::napi_value> {
    let (o, lib) = unwrap_handle(obj, "extensionProtocol")?;
    let arity = match op.as_str() {
        "repr" | "str" | "hash" => 0,
        "getitem" | "delitem" | "contains" => 1,
        "setitem" => 2,
        _ => {
            return Err(Error::new(
                Status::InvalidArg,
                format!("unknown protocol operation {op}"),
            ));
        }
    };
    if operands.len() != arity {
        return Err(Error::new(
            Status::InvalidArg,
            format!("{op} takes {arity} operand(s), got {}", operands.len()),
        ));
    }
    let _gil = Gil::acquire_lasting();
    // SAFETY: the handle keeps `o` alive.
    let what = format!("{}.{op}", unsafe { type_name(o) });
    let mut converted = Args::with_capacity(arity);
    for (i, value) in operands.iter().enumerate() {
        push_arg(&env, &mut converted, value, i, &|| what.clone(), &lib)?;
    }
    pyerr::PyErr_Clear();
    let args = &converted.objects;
    // SAFETY: live objects: the handle holds `o`, `converted` the operands.
    let result = unsafe {
        match op.as_str() {
            "getitem" => PyObject_GetItem(o, args[0]),
            "setitem" | "delitem" => {
                let rc = if op == "setitem" {
                    PyObject_SetItem(o, args[0], args[1])
                } else {
                    PyObject_DelItem(o, args[0])
                };
                if rc < 0 { ptr::null_mut() } else { none() }
            }
            "contains" => match PySequence_Contains(o, args[0]) {
                rc if rc < 0 => ptr::null_mut(),
                rc => bool_from_bool(rc == 1),
            },
            "repr" => PyObject_Repr(o),
            "str" => PyObject_Str(o),
            _ => match PyObject_Hash(o) {
                -1 if !pyerr::PyErr_Occurred().is_null() => ptr::null_mut(),
                h => pybuffer::objects::longobject::PyLong_FromSsize_t(h),
            },
        }
    };
    drop(converted);
    let out = if result.is_null() {
        Err(errors::take())
    } else if matches!(op.as_str(), "setitem" | "delitem") {
        // SAFETY: the reference taken above.
        unsafe { Py_DecRef(result) };
        let mut undefined = ptr::null_mut();
        // SAFETY: the current env.
        unsafe { sys::napi_get_undefined(env.raw(), &mut undefined) };
        Ok(undefined)
    } else {
        // SAFETY: a new reference, consumed.
        unsafe { result_to_js(&env, result, &lib, &|| what.clone()) }
    };
    emit_pending_warnings(&env)?;
    out
}

/// `iter(obj)`: a handle of the iterator.
#[napi]
pub fn extension_iter(env: Env, obj: &PyObjectHandle) -> Result<PyObjectHandle> {
    let (o, lib) = unwrap_handle(obj, "extensionIter")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    // SAFETY: a live object.
    let it = unsafe { PyObject_GetIter(o) };
    let out = if it.is_null() {
        Err(errors::take())
    } else {
        // SAFETY: a new reference the wrapper takes over.
        Ok(unsafe { PyObjectHandle::from_owned(ExtObject::wrap(it, lib)) })
    };
    emit_pending_warnings(&env)?;
    out
}

/// `next(it)` as JS's iterator protocol wants it: `{ done: true }` once
/// the iterator is exhausted, else `{ done: false, value }` (the value
/// converted as results are).
#[napi(ts_return_type = "{ done: boolean, value?: unknown }")]
pub fn extension_iter_next(env: Env, it: &PyObjectHandle) -> Result<sys::napi_value> {
    let (i, lib) = unwrap_handle(it, "extensionIterNext")?;
    let _gil = Gil::acquire_lasting();
    pyerr::PyErr_Clear();
    // SAFETY: a live object (an iterator: PyIter_Next checks).
    let item = unsafe { PyIter_Next(i) };
    let value = if item.is_null() {
        match pyerr::take_error() {
            Some(info) => Err(errors::from_info(info)),
            None => Ok(None),
        }
    } else {
        // SAFETY: the handle keeps `i` alive.
        let what = format!("{}.__next__", unsafe { type_name(i) });
        // SAFETY: a new reference, consumed.
        unsafe { result_to_js(&env, item, &lib, &|| what.clone()) }.map(Some)
    };
    emit_pending_warnings(&env)?;
    let value = value?;
    let raw = env.raw();
    let mut out = ptr::null_mut();
    // SAFETY: (all) the current env and values of its scope.
    unsafe {
        check(sys::napi_create_object(raw, &mut out))?;
        let done = bool::to_napi_value(raw, value.is_none())?;
        define_named(raw, out, "done", done)?;
        if let Some(v) = value {
            define_named(raw, out, "value", v)?;
        }
    }
    Ok(out)
}

/// Whether the object of a handle a call returned exports a buffer (then
/// JS views it as a `PyBuffer`; otherwise the handle is the result).
#[napi]
pub fn extension_exports_buffer(obj: &PyObjectHandle) -> Result<bool> {
    let o = obj.get()?;
    // SAFETY: the handle keeps `o` alive.
    let o = match unsafe { ExtObject::downcast(o) } {
        Some(w) => w.inner,
        None => o,
    };
    // SAFETY: a live object; reading its type's slots needs no GIL.
    Ok(unsafe { pybuffer::buffer::PyObject_CheckBuffer(o) } != 0)
}

/// Whether the handle holds one of the shim's own iterators (`iter(list)`,
/// a `set_iterator`, a dict iterator, ...) that a call returned; extension.ts
/// makes a JS iterator of it that calls [`extension_iter_next`] lazily.
#[napi]
pub fn extension_is_iterator(obj: &PyObjectHandle) -> Result<bool> {
    let o = obj.get()?;
    // SAFETY: the handle keeps `o` alive.
    let o = match unsafe { ExtObject::downcast(o) } {
        Some(w) => w.inner,
        None => return Ok(false),
    };
    // SAFETY: a live object; reading its type's slots needs no GIL.
    Ok(unsafe { super::convert::is_plain_iterator(o) })
}
