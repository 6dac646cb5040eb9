//! Warnings (CPython's `Python/_warnings.c`): `PyErr_WarnEx`,
//! `PyErr_WarnExplicit[Object]`, `PyErr_WarnFormat`,
//! `PyErr_ResourceWarning`.
//!
//! ## Design
//!
//! 1. *No `warnings` module, no filters list.* Each warning is delivered to
//!    one process-wide hook ([`set_hook`]); the Node layer routes warnings
//!    to `process.emitWarning` that way. Without a hook, a warning is
//!    printed to stderr as CPython prints it, `file:line: Category:
//!    message`.
//! 2. *CPython's default filters decide what is shown by default*
//!    ([`Warning::shown_by_default`]): `DeprecationWarning` is ignored
//!    unless raised for module `__main__`; `PendingDeprecationWarning`,
//!    `ImportWarning` and `ResourceWarning` are ignored; every other
//!    category is shown once per (message, category, line) in the
//!    registry that applies (for warnings from C code, which has no Python
//!    frames, that of module `sys`: location `sys:1`, as CPython reports
//!    it). The hook receives every warning, with that verdict, and chooses.
//! 3. *No "error" action exists*, so a warning never becomes an exception:
//!    the functions return 0, or -1 only when making the warning itself
//!    failed (the category could not be instantiated, say).
//!
//! `PyErr_WarnFormat` and `PyErr_ResourceWarning`, which are variadic, are
//! in `warnings.c` beside this file.

use std::collections::HashSet;
use std::ffi::{CStr, c_char, c_int, c_long};
use std::ptr;
use std::sync::{Mutex, RwLock};

use crate::ffi::*;
use crate::objects::dictobject::{PyDict_Clear, PyDict_GetItemWithError, PyDict_SetItem, is_dict};
use crate::objects::exceptions::{
    Exc, create_exception, is_exception_class, is_exception_instance,
};
use crate::objects::longobject::{PyLong_AsLong, PyLong_FromLong, PyLong_Type};
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_Str, py_none};
use crate::objects::tupleobject::tuple_from_slice;
use crate::objects::typeobject::{PyType_GetName, PyType_IsSubtype};
use crate::objects::unicodeobject::{str_value, unicode_from_str};
use crate::python::errors::{ObjectRef, PyErr_BadInternalCall, PyErr_Occurred, fail};

// ==========================================================================
// The Rust API
// ==========================================================================

/// A warning, as the hook receives it.
#[derive(Debug, Clone)]
pub struct Warning {
    /// The category (a `Warning` subclass, or any exception class C code
    /// passed).
    pub category: ObjectRef,
    /// The category's `__name__` (`"DeprecationWarning"`, or the name of a
    /// class an extension made).
    pub category_name: String,
    /// The message (`str()` of the warning).
    pub message: String,
    /// Where it was raised: `"sys"` for C code without Python frames, or
    /// what `PyErr_WarnExplicit` gave.
    pub filename: String,
    /// The line (1 for C code without frames).
    pub lineno: c_int,
    /// The module the filters match against (`"sys"` for C code).
    pub module: String,
    /// The object a `ResourceWarning` is about, if given.
    pub source: Option<ObjectRef>,
    /// Whether CPython's default filters (and the once-per-location
    /// registry) would print this warning.
    pub shown_by_default: bool,
}

impl std::fmt::Display for Warning {
    /// CPython's `warnings.formatwarning` without a source line:
    /// `file:line: Category: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.filename, self.lineno, self.category_name, self.message
        )
    }
}

/// What receives warnings.
pub type WarningHook = Box<dyn Fn(&Warning) + Send + Sync>;

static HOOK: RwLock<Option<WarningHook>> = RwLock::new(None);

/// Sets the process-wide warning hook (None: back to printing on stderr
/// what CPython's default filters show). The hook runs on the thread that
/// warns, usually holding the GIL; it must not raise Python errors.
pub fn set_hook(hook: Option<WarningHook>) {
    *HOOK.write().unwrap_or_else(|e| e.into_inner()) = hook;
}

/// Hands `warning` to the hook, or prints it when CPython would.
fn deliver(warning: &Warning) {
    let hook = HOOK.read().unwrap_or_else(|e| e.into_inner());
    match hook.as_ref() {
        Some(hook) => hook(warning),
        None => {
            if warning.shown_by_default {
                use std::io::Write;
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "{warning}");
                // `warnings._formatwarnmsg_impl` for a warning about an
                // object: tracemalloc is never tracing here, so no
                // allocation traceback, only the suggestion.
                if warning.source.is_some() {
                    let _ = writeln!(
                        err,
                        "{}: Enable tracemalloc to get the object allocation traceback",
                        warning.category_name
                    );
                }
                let _ = err.flush();
            }
        }
    }
}

// ==========================================================================
// Filters and registries
// ==========================================================================

/// CPython's default action for `category` raised in `module`: false for
/// "ignore".
///
/// # Safety
/// `category` must be a live class.
unsafe fn default_filter_shows(category: *mut PyObject, module: &str) -> bool {
    let is = |exc: Exc| {
        // SAFETY: both are live type objects.
        unsafe { PyType_IsSubtype(category.cast(), exc.type_object().cast()) == 1 }
    };
    if is(Exc::DeprecationWarning) {
        return module == "__main__";
    }
    !(is(Exc::PendingDeprecationWarning) || is(Exc::ImportWarning) || is(Exc::ResourceWarning))
}

/// The registry of warnings raised without a Python frame (CPython keeps it
/// as `sys.__warningregistry__`): (text, category, line) already shown.
static SYS_REGISTRY: Mutex<Option<HashSet<(String, usize, c_int)>>> = Mutex::new(None);

/// The filters' version stamped into registries (CPython's
/// `filters_version`; the filters never change here).
const FILTERS_VERSION: std::ffi::c_long = 0;

/// Where a warning records that it was shown.
enum Registry {
    /// The registry of code without frames.
    Sys,
    /// A dict given to `PyErr_WarnExplicit`.
    Dict(*mut PyObject),
    /// None given: every occurrence is shown.
    None,
}

/// For the "default" action: true the first time `(text, category,
/// lineno)` is seen in `registry` (recording it), false after. -1 on a
/// dict error.
///
/// # Safety
/// A dict registry must be live; `category` a live class.
unsafe fn first_time(
    registry: &Registry,
    text: &str,
    category: *mut PyObject,
    lineno: c_int,
) -> Result<bool, ()> {
    match registry {
        Registry::None => Ok(true),
        Registry::Sys => {
            let mut sys = SYS_REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
            Ok(sys.get_or_insert_with(HashSet::new).insert((
                text.to_owned(),
                category as usize,
                lineno,
            )))
        }
        // SAFETY: a live dict per the contract.
        Registry::Dict(dict) => unsafe { dict_first_time(*dict, text, category, lineno) },
    }
}

/// [`first_time`] in a registry dict, as CPython's `already_warned`: a
/// dict stamped with another filters version is cleared first.
///
/// # Safety
/// `dict` must be a live dict; `category` a live class.
unsafe fn dict_first_time(
    dict: *mut PyObject,
    text: &str,
    category: *mut PyObject,
    lineno: c_int,
) -> Result<bool, ()> {
    // SAFETY: per the contract; every new reference is dropped below.
    unsafe {
        let version_key = unicode_from_str("version");
        if version_key.is_null() {
            return Err(());
        }
        let version = PyDict_GetItemWithError(dict, version_key);
        let current = !version.is_null()
            && (*version).ob_type == PyLong_Type.get()
            && PyLong_AsLong(version) == FILTERS_VERSION;
        if !current {
            if !PyErr_Occurred().is_null() {
                Py_DecRef(version_key);
                return Err(());
            }
            PyDict_Clear(dict);
            let v = PyLong_FromLong(FILTERS_VERSION);
            let rc = if v.is_null() {
                -1
            } else {
                PyDict_SetItem(dict, version_key, v)
            };
            Py_DecRef(v);
            if rc < 0 {
                Py_DecRef(version_key);
                return Err(());
            }
        }
        Py_DecRef(version_key);
        let text_obj = unicode_from_str(text);
        // Lossless (a C int fits a long); `as` because on Windows they are one type.
        let line = PyLong_FromLong(lineno as c_long);
        let key = if text_obj.is_null() || line.is_null() {
            ptr::null_mut()
        } else {
            tuple_from_slice(&[text_obj, category, line])
        };
        Py_DecRef(text_obj);
        Py_DecRef(line);
        if key.is_null() {
            return Err(());
        }
        let seen = PyDict_GetItemWithError(dict, key);
        let result = if !seen.is_null() {
            // CPython tests the stored value's truth; it only stores True.
            Ok(false)
        } else if !PyErr_Occurred().is_null()
            || PyDict_SetItem(dict, key, crate::objects::boolobject::py_true()) < 0
        {
            Err(())
        } else {
            Ok(true)
        };
        Py_DecRef(key);
        result
    }
}

// ==========================================================================
// Raising a warning
// ==========================================================================

/// CPython's `warn_explicit`: makes the warning instance (calling the
/// category with the message, unless the message is already a warning),
/// decides whether the default filters show it, and delivers it. 0, or -1
/// with an error set.
///
/// # Safety
/// `category` must be NULL or a live object; `message` a live object;
/// `source` NULL or a live object; a dict registry live.
unsafe fn warn(
    category: *mut PyObject,
    message: *mut PyObject,
    filename: &str,
    lineno: c_int,
    module: Option<&str>,
    registry: Registry,
    source: *mut PyObject,
) -> c_int {
    let category = if category.is_null() {
        Exc::RuntimeWarning.type_object()
    } else {
        category
    };
    // SAFETY: live per the contract.
    unsafe {
        // A Warning instance stands for itself and names its category.
        let (category, instance) = if is_exception_instance(message)
            && PyType_IsSubtype((*message).ob_type, Exc::Warning.type_object().cast()) == 1
        {
            Py_IncRef(message);
            ((*message).ob_type.cast::<PyObject>(), message)
        } else {
            if !is_exception_class(category) {
                PyErr_BadInternalCall();
                return -1;
            }
            let instance = create_exception(category, message);
            if instance.is_null() {
                return -1;
            }
            (category, instance)
        };
        let text_obj = PyObject_Str(instance);
        let text = str_value(text_obj).map(str::to_owned);
        Py_DecRef(text_obj);
        Py_DecRef(instance);
        let Some(text) = text else {
            return -1;
        };
        let module = match module {
            Some(m) => m.to_owned(),
            None => normalize_module(filename),
        };
        let shown = if default_filter_shows(category, &module) {
            match first_time(&registry, &text, category, lineno) {
                Ok(first) => first,
                Err(()) => return -1,
            }
        } else {
            false
        };
        let name_obj = PyType_GetName(category.cast());
        let name = str_value(name_obj).map(str::to_owned);
        Py_DecRef(name_obj);
        let Some(category_name) = name else {
            return -1;
        };
        let warning = Warning {
            category: ObjectRef::from_borrowed(category).expect("a live category"),
            category_name,
            message: text,
            filename: filename.to_owned(),
            lineno,
            module,
            source: ObjectRef::from_borrowed(if source == py_none() {
                ptr::null_mut()
            } else {
                source
            }),
            shown_by_default: shown,
        };
        deliver(&warning);
    }
    0
}

/// CPython's `normalize_module`: the filename without a `.py` suffix, or
/// `<unknown>` for an empty one.
fn normalize_module(filename: &str) -> String {
    if filename.is_empty() {
        "<unknown>".to_owned()
    } else {
        filename.strip_suffix(".py").unwrap_or(filename).to_owned()
    }
}

/// A warning from C code: no Python frame exists, so it is attributed to
/// `sys:1` in module `sys`, as CPython attributes it.
///
/// # Safety
/// As [`warn`].
unsafe fn warn_from_c(
    category: *mut PyObject,
    message: *mut PyObject,
    source: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        warn(
            category,
            message,
            "sys",
            1,
            Some("sys"),
            Registry::Sys,
            source,
        )
    }
}

/// UTF-8 text of a C string argument, or None (with `SystemError`) for
/// NULL.
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
unsafe fn c_text<'a>(s: *const c_char) -> Option<std::borrow::Cow<'a, str>> {
    if s.is_null() {
        PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: NUL-terminated per the contract.
    Some(unsafe { CStr::from_ptr(s) }.to_string_lossy())
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `PyErr_WarnEx(category, message, stack_level)`: issues a warning of
/// `category` (`RuntimeWarning` for NULL) with the UTF-8 `message`. There
/// are no Python frames, so `stack_level` has nothing to skip. 0, or -1
/// when the warning could not be made.
///
/// # Safety
/// `category` must be NULL or a live exception class; `message`
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_WarnEx(
    category: *mut PyObject,
    message: *const c_char,
    _stack_level: Py_ssize_t,
) -> c_int {
    // SAFETY: per the contract.
    let Some(text) = (unsafe { c_text(message) }) else {
        return -1;
    };
    let message = unicode_from_str(&text);
    if message.is_null() {
        return -1;
    }
    // SAFETY: forwarded contract; `message` is ours.
    unsafe {
        let rc = warn_from_c(category, message, ptr::null_mut());
        Py_DecRef(message);
        rc
    }
}

/// The Rust half of `PyErr_WarnFormat` and `PyErr_ResourceWarning`
/// (`warnings.c`): issues a warning whose message is the `str` `message`
/// (borrowed), about `source` (NULL for none).
///
/// # Safety
/// `category` NULL or a live exception class; `message` a live `str`;
/// `source` NULL or a live object.
#[doc(hidden)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_WarnUnicode(
    category: *mut PyObject,
    message: *mut PyObject,
    source: *mut PyObject,
) -> c_int {
    if message.is_null() {
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { warn_from_c(category, message, source) }
}

/// `PyErr_WarnExplicitObject(category, message, filename, lineno, module,
/// registry)`: a warning attributed to `filename:lineno` in `module`
/// (NULL: the filename without `.py`). With a `registry` dict it is shown
/// once per (message, category, line) there; with NULL or None, every
/// time. 0, or -1 on error (`TypeError` for a registry that is neither a
/// dict nor None).
///
/// # Safety
/// `category` NULL or a live exception class; `message`, `filename` live
/// `str`s; `module` NULL or a live `str`; `registry` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_WarnExplicitObject(
    category: *mut PyObject,
    message: *mut PyObject,
    filename: *mut PyObject,
    lineno: c_int,
    module: *mut PyObject,
    registry: *mut PyObject,
) -> c_int {
    if module == py_none() {
        // CPython: a warning during shutdown, with the filters gone.
        return 0;
    }
    if message.is_null() || filename.is_null() {
        PyErr_BadInternalCall();
        return -1;
    }
    // SAFETY: live objects per the contract.
    unsafe {
        let registry = if registry.is_null() || registry == py_none() {
            Registry::None
        } else if is_dict(registry) {
            Registry::Dict(registry)
        } else {
            return fail(Exc::TypeError, "'registry' must be a dict or None");
        };
        let Some(file) = str_value(filename).map(str::to_owned) else {
            PyErr_BadInternalCall();
            return -1;
        };
        let module = if module.is_null() {
            None
        } else {
            match str_value(module) {
                Some(m) => Some(m.to_owned()),
                None => {
                    PyErr_BadInternalCall();
                    return -1;
                }
            }
        };
        warn(
            category,
            message,
            &file,
            lineno,
            module.as_deref(),
            registry,
            ptr::null_mut(),
        )
    }
}

/// `PyErr_WarnExplicit(category, message, filename, lineno, module,
/// registry)`: [`PyErr_WarnExplicitObject`] with UTF-8 C strings (`module`
/// may be NULL).
///
/// # Safety
/// `category` NULL or a live exception class; the strings NUL-terminated
/// (`module` may be NULL); `registry` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_WarnExplicit(
    category: *mut PyObject,
    message: *const c_char,
    filename: *const c_char,
    lineno: c_int,
    module: *const c_char,
    registry: *mut PyObject,
) -> c_int {
    // SAFETY: per the contract.
    let (Some(text), Some(file)) = (unsafe { c_text(message) }, unsafe { c_text(filename) }) else {
        return -1;
    };
    let objects = [
        unicode_from_str(&text),
        unicode_from_str(&file),
        if module.is_null() {
            ptr::null_mut()
        } else {
            // SAFETY: NUL-terminated per the contract.
            unicode_from_str(&unsafe { CStr::from_ptr(module) }.to_string_lossy())
        },
    ];
    let rc = if objects[0].is_null()
        || objects[1].is_null()
        || (!module.is_null() && objects[2].is_null())
    {
        -1
    } else {
        // SAFETY: live objects (ours) and the caller's.
        unsafe {
            PyErr_WarnExplicitObject(
                category, objects[0], objects[1], lineno, objects[2], registry,
            )
        }
    };
    for o in objects {
        // SAFETY: NULL or ours.
        unsafe { Py_DecRef(o) };
    }
    rc
}

// ==========================================================================
// The `warnings` module
// ==========================================================================

unsafe extern "C" {
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
}

/// CPython's `get_category`: the category a `warnings.warn` call means (the
/// message's class for a `Warning` instance, `UserWarning` for None), or
/// None with `TypeError` when it is not a `Warning` subclass (also when the
/// check itself raised, as CPython replaces that error). Borrowed.
///
/// # Safety
/// `message` must be a live object, `category` NULL or a live object.
unsafe fn get_category(message: *mut PyObject, category: *mut PyObject) -> Option<*mut PyObject> {
    use crate::objects::typeobject::{PyObject_IsInstance, PyObject_IsSubclass};
    // SAFETY: live per the contract.
    unsafe {
        let warning = Exc::Warning.type_object();
        let category = match PyObject_IsInstance(message, warning) {
            rc if rc < 0 => return None,
            1 => (*message).ob_type.cast::<PyObject>(),
            _ if category.is_null() || category == py_none() => Exc::UserWarning.type_object(),
            _ => category,
        };
        if PyObject_IsSubclass(category, warning) != 1 {
            let name = crate::objects::object::type_name_of(category);
            fail(
                Exc::TypeError,
                format!("category must be a Warning subclass, not '{name}'"),
            );
            return None;
        }
        Some(category)
    }
}

/// `warnings.warn(message, category=None, stacklevel=1, source=None)`
/// (CPython's `_warnings.warn`, which `Lib/warnings.py` re-exports):
/// issues the warning as C code does, from `sys:1`, since there are no
/// Python frames for `stacklevel` to climb. None, or NULL with the error.
unsafe extern "C" fn warnings_warn(
    _module: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut kwlist = [
        c"message".as_ptr().cast_mut(),
        c"category".as_ptr().cast_mut(),
        c"stacklevel".as_ptr().cast_mut(),
        c"source".as_ptr().cast_mut(),
        ptr::null_mut(),
    ];
    let mut message: *mut PyObject = ptr::null_mut();
    let mut category: *mut PyObject = ptr::null_mut();
    let mut stacklevel: Py_ssize_t = 1;
    let mut source: *mut PyObject = ptr::null_mut();
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's tuple and dict; the
    // format names one object, one object, a Py_ssize_t and one object,
    // matching the pointers passed.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O|OnO:warn".as_ptr(),
            kwlist.as_mut_ptr(),
            &raw mut message,
            &raw mut category,
            &raw mut stacklevel,
            &raw mut source,
        ) == 0
        {
            return ptr::null_mut();
        }
        let Some(category) = get_category(message, category) else {
            return ptr::null_mut();
        };
        // CPython's warn_explicit calls the category with any message
        // that is not a Warning instance, so `warn(None)` says "None".
        let instance =
            if PyType_IsSubtype((*message).ob_type, Exc::Warning.type_object().cast()) == 1 {
                crate::objects::object::Owned::borrowed(message)
            } else {
                match crate::objects::object::Owned::new(crate::objects::call::PyObject_CallOneArg(
                    category, message,
                )) {
                    Some(i) => i,
                    None => return ptr::null_mut(),
                }
            };
        if warn_from_c(category, instance.as_ptr(), source) < 0 {
            return ptr::null_mut();
        }
        Py_IncRef(py_none());
        py_none()
    }
}

static WARNINGS_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"warn".as_ptr(),
        // SAFETY: the tuple-and-keywords signature METH_VARARGS |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(warnings_warn)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Issue a warning, or maybe ignore it or raise an exception.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// Makes the `warnings` module (a new reference), or NULL with the error:
/// `warn`, the function Cython modules and C extensions import it for.
/// Not here: the filters (`filters`, `simplefilter`, `filterwarnings`,
/// `resetwarnings`), `catch_warnings`, `warn_explicit`, `showwarning` and
/// `formatwarning`, which are Python code over a filters list pybuffer
/// does not keep (see the design notes above).
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module.
    unsafe {
        let Some(m) = crate::objects::object::Owned::new(
            crate::objects::moduleobject::PyModule_New(c"warnings".as_ptr()),
        ) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            WARNINGS_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    #[test]
    fn formats_like_cpython() {
        assert_eq!(normalize_module("dir/file.py"), "dir/file");
        assert_eq!(normalize_module(""), "<unknown>");
        assert_eq!(normalize_module("x.pyc"), "x.pyc");
    }

    /// Collects warnings through the hook (one test owns the hook).
    #[test]
    fn hook_receives_every_warning_with_cpythons_verdict() {
        let seen: Arc<StdMutex<Vec<(String, bool, String)>>> = Arc::default();
        let sink = seen.clone();
        set_hook(Some(Box::new(move |w: &Warning| {
            sink.lock()
                .unwrap()
                .push((w.to_string(), w.shown_by_default, w.module.clone()))
        })));
        // SAFETY: static categories and NUL-terminated messages.
        unsafe {
            let user = Exc::UserWarning.type_object();
            assert_eq!(PyErr_WarnEx(user, c"hook test once".as_ptr(), 1), 0);
            assert_eq!(PyErr_WarnEx(user, c"hook test once".as_ptr(), 1), 0);
            assert_eq!(
                PyErr_WarnEx(Exc::DeprecationWarning.type_object(), c"dep".as_ptr(), 1),
                0
            );
            assert_eq!(PyErr_WarnEx(ptr::null_mut(), c"rt".as_ptr(), 1), 0);
            assert_eq!(
                PyErr_WarnExplicit(
                    user,
                    c"ex".as_ptr(),
                    c"a/b.py".as_ptr(),
                    7,
                    ptr::null(),
                    ptr::null_mut()
                ),
                0
            );
            assert_eq!(
                PyErr_WarnExplicit(
                    Exc::DeprecationWarning.type_object(),
                    c"main dep".as_ptr(),
                    c"m.py".as_ptr(),
                    3,
                    c"__main__".as_ptr(),
                    ptr::null_mut()
                ),
                0
            );
        }
        set_hook(None);
        let seen = seen.lock().unwrap();
        assert_eq!(
            *seen,
            vec![
                (
                    "sys:1: UserWarning: hook test once".to_owned(),
                    true,
                    "sys".to_owned()
                ),
                (
                    "sys:1: UserWarning: hook test once".to_owned(),
                    false,
                    "sys".to_owned()
                ),
                (
                    "sys:1: DeprecationWarning: dep".to_owned(),
                    false,
                    "sys".to_owned()
                ),
                (
                    "sys:1: RuntimeWarning: rt".to_owned(),
                    true,
                    "sys".to_owned()
                ),
                (
                    "a/b.py:7: UserWarning: ex".to_owned(),
                    true,
                    "a/b".to_owned()
                ),
                (
                    "m.py:3: DeprecationWarning: main dep".to_owned(),
                    true,
                    "__main__".to_owned()
                ),
            ]
        );
    }
}
