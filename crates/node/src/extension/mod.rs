//! C extension modules in Node: what `loadExtension()` stands on.
//!
//! A CPython-style extension compiled against pybuffer's `Python.h` is a
//! shared library whose `Py*` / `PyBuffer_*` references are left undefined
//! (it links with no `-lpybuffer`). They resolve at load time against this
//! addon, as a Python extension's resolve against the interpreter, so there
//! is one copy of the shim per process: one `Py_None`, one error indicator
//! per thread, one set of exception types.
//!
//! * Node loads addons with `RTLD_LOCAL`, which hides their symbols from
//!   later libraries. The first load re-opens the addon with
//!   `RTLD_NOLOAD | RTLD_GLOBAL` (found with `dladdr` on one of its own
//!   functions): nothing is loaded again, and its symbols become global. It
//!   then checks that the global scope gives an extension this addon's
//!   symbols, not another library's. (Windows differs: see [`platform`].)
//! * The extension is opened with libloading (`RTLD_NOW | RTLD_LOCAL`), so an
//!   undefined symbol fails the load at once, naming it. `PyInit_<name>` is
//!   called once per library and module name; later loads share the module,
//!   as CPython's import does.
//! * Lifetimes: the library is unloaded (`dlclose`) when the last
//!   `Arc<ExtLib>` goes. The module ([`LoadedModule`]) holds one, every JS
//!   [`ExtensionModule`] holds the module, and every object the extension
//!   hands to JS is wrapped in an [`ExtObject`], a PyObject that holds one
//!   too and forwards the buffer protocol to the extension's object. The
//!   wrapper drops the extension's object before the `Arc`, so its release
//!   callback and dealloc (code in the library) always run while the
//!   library is loaded — also when the garbage collector finalizes the JS
//!   handle before the view that used it.
//! * Exports of a wrapper are released by object, as CPython releases
//!   them: each view's `obj` is an [`ExtExport`] that knows what to
//!   release, so a `Py_buffer` copied or moved before its release is
//!   released all the same.
//! * Every call re-checks that the JS memory of its exporter arguments is
//!   still attached (and belongs to the calling thread's environment).
//!
//! Arguments and results convert as [`ExtensionModule::call`] describes.

#![allow(non_upper_case_globals)]

use std::collections::HashMap;
use std::ffi::{CStr, c_int, c_void};
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

use napi::bindgen_prelude::*;
use napi::{ValueType, sys};
use napi_derive::napi;
use pybuffer::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use pybuffer::ffi::*;
use pybuffer::objects::boolobject::bool_from_bool;
use pybuffer::objects::call;
use pybuffer::objects::exceptions::Exc;
use pybuffer::objects::floatobject::float_from_f64;
use pybuffer::objects::methodobject::is_cfunction;
use pybuffer::objects::moduleobject::{self as module, is_module_def};
use pybuffer::objects::object::{Py_DecRef, Py_IncRef, Py_REFCNT, Scalar, as_scalar, none};
use pybuffer::objects::unicodeobject::unicode_from_str;
use pybuffer::python::errors::{self as pyerr, PyErrInfo};
use pybuffer::python::import;
use pybuffer::python::pystate::Guard as Gil;
use pybuffer::python::warnings;

use crate::errors;
use crate::exporter;
use crate::handle::PyObjectHandle;

mod asynccall;
mod bytes;
mod convert;
pub(crate) use convert::keep_intrinsics;
mod load;
mod platform;
mod types;
mod warning_hook;
mod wrapper;

pub use asynccall::*;
pub use bytes::*;
use convert::*;
use load::*;
pub use types::*;
use warning_hook::*;
pub use wrapper::*;

// ==========================================================================
// JS API
// ==========================================================================

/// Splits CPython's docstring signature off `doc`: `"name(sig)\n--\n\n"`
/// at its start becomes the text signature `"(sig)"`, and the rest the
/// docstring (None when empty), as `__text_signature__` and `__doc__`.
fn split_doc(name: &str, doc: Option<&str>) -> (Option<String>, Option<String>) {
    const END: &str = ")\n--\n\n";
    let Some(doc) = doc else { return (None, None) };
    let whole = || (Some(doc.to_owned()).filter(|d| !d.is_empty()), None);
    let Some(rest) = doc.strip_prefix(name).filter(|r| r.starts_with('(')) else {
        return whole();
    };
    // CPython stops looking for the end marker at a blank line.
    let end = rest.find(END);
    let blank = rest.find("\n\n");
    match end {
        Some(e) if blank.is_none_or(|b| e < b) => {
            let sig = rest[..=e].to_owned();
            let body = &rest[e + END.len()..];
            ((!body.is_empty()).then(|| body.to_owned()), Some(sig))
        }
        _ => whole(),
    }
}

/// One function of an extension module.
#[napi(object)]
pub struct ExtensionFunctionInfo {
    /// `ml_name`.
    pub name: String,
    /// The docstring without its signature line (`__doc__`).
    pub doc: Option<String>,
    /// The signature from the docstring, e.g. `"(img, axis)"`.
    pub text_signature: Option<String>,
    /// `ml_flags`.
    pub flags: i32,
    /// The calling convention: `METH_NOARGS`, `METH_O`, `METH_FASTCALL`,
    /// `METH_FASTCALL|METH_KEYWORDS`, `METH_VARARGS` or
    /// `METH_VARARGS|METH_KEYWORDS`.
    pub kind: String,
}

/// The calling convention that `ml_flags` select (a function object
/// exists only for valid ones).
fn kind_name(flags: c_int) -> &'static str {
    let f =
        flags & (METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD);
    match f {
        METH_NOARGS => "METH_NOARGS",
        METH_O => "METH_O",
        METH_FASTCALL => "METH_FASTCALL",
        _ if f == METH_FASTCALL | METH_KEYWORDS => "METH_FASTCALL|METH_KEYWORDS",
        METH_VARARGS => "METH_VARARGS",
        _ if f == METH_VARARGS | METH_KEYWORDS => "METH_VARARGS|METH_KEYWORDS",
        _ => "METH_METHOD|METH_FASTCALL|METH_KEYWORDS",
    }
}

/// A loaded extension module. It keeps the module, and so its library,
/// alive; the JS functions made from it hold it.
#[napi]
pub struct ExtensionModule {
    inner: Arc<LoadedModule>,
}

/// Loads the extension at `path` (absolute) and initialises its module with
/// `PyInit_<name>`; `name` defaults to the file name up to its first dot.
/// A module already initialised from the same file is shared.
#[napi]
pub fn extension_load(env: Env, path: String, name: Option<String>) -> Result<ExtensionModule> {
    install_warning_hook();
    crate::handle::see_through(ExtObject::inner_or_self);
    let loaded = load(Path::new(&path), name.as_deref());
    emit_pending_warnings(&env)?;
    Ok(ExtensionModule { inner: loaded? })
}

#[napi]
impl ExtensionModule {
    /// The module's name (`m_name`).
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The module's docstring (`m_doc`).
    #[napi(getter)]
    pub fn doc(&self) -> Option<String> {
        self.inner.doc.clone()
    }

    /// The library's canonical path.
    #[napi(getter)]
    pub fn path(&self) -> String {
        self.inner.lib.path().display().to_string()
    }

    /// The module object's reference count, for tests.
    #[napi(getter)]
    pub fn refcnt(&self) -> i64 {
        // SAFETY: the module is alive while `inner` is.
        unsafe { Py_REFCNT(self.inner.module) as i64 }
    }

    /// The module's functions, in table order; where two share a name, the
    /// later one (as in CPython's module dict).
    #[napi]
    pub fn functions(&self) -> Vec<ExtensionFunctionInfo> {
        self.inner
            .methods
            .iter()
            .map(|m| {
                let (doc, text_signature) = split_doc(&m.name, m.doc.as_deref());
                ExtensionFunctionInfo {
                    name: m.name.clone(),
                    doc,
                    text_signature,
                    flags: m.flags,
                    kind: kind_name(m.flags).to_owned(),
                }
            })
            .collect()
    }

    /// The module's attributes (`PyModule_AddIntConstant`,
    /// `PyModule_AddStringConstant`, `PyModule_AddObjectRef`, …) that are
    /// None, bool, int, float or str, as JS values. Others (types, buffers)
    /// and the module's own dunder attributes (`__name__`, `__file__`, …)
    /// are left out.
    #[napi(ts_return_type = "Record<string, undefined | boolean | number | bigint | string>")]
    pub fn constants(&self, env: Env) -> Result<sys::napi_value> {
        let _gil = Gil::acquire_lasting();
        // SAFETY: a live module.
        let attrs = unsafe { module::module_entries(self.inner.module) }.unwrap_or_default();
        let mut out = ptr::null_mut();
        // SAFETY: the current env.
        check(unsafe { sys::napi_create_object(env.raw(), &mut out) })?;
        let mut result = Ok(());
        for (name, obj) in attrs {
            let dunder = name.starts_with("__") && name.ends_with("__");
            let value = if dunder {
                None
            } else {
                // SAFETY: a new reference from module_entries.
                unsafe { as_scalar(obj) }
            };
            // SAFETY: our reference; dropped while the module (and library) lives.
            unsafe { Py_DecRef(obj) };
            if let (Some(v), Ok(())) = (value, &result) {
                result = scalar_to_js(&env, v).and_then(|js| {
                    // SAFETY: values of the current scope.
                    unsafe { define_named(env.raw(), out, &name, js) }
                });
            }
        }
        result.map(|()| out)
    }

    /// Calls function `index` of [`functions`](Self::functions) with `args`,
    /// and the keyword arguments `kwnames[i] = kwvalues[i]` (converted as
    /// arguments are), as `f(*args, **kwargs)` does: the function's
    /// convention decides how it receives them, and one that takes none
    /// raises CPython's TypeError.
    ///
    /// Arguments: `undefined` and `null` become None; booleans `True` /
    /// `False`; integral numbers and bigints `int` of the same value, at
    /// any size; other numbers `float`; strings `str`; a
    /// `PyObjectHandle` its object (unwrapped when this extension made it).
    /// The result: None gives `undefined`; bool, int, float and str their
    /// JS values (ints outside the safe-integer range as bigints, at any
    /// size); containers arrays and objects; an object that exports a
    /// buffer, or an instance of an extension type, a `PyObjectHandle` of
    /// it; anything else a TypeError. A C error becomes the JS error it maps to; NULL without
    /// an error a SystemError.
    #[napi(ts_return_type = "undefined | boolean | number | bigint | string | PyObjectHandle")]
    pub fn call(
        &self,
        env: Env,
        index: u32,
        args: Vec<Unknown<'_>>,
        kwnames: Option<Vec<String>>,
        kwvalues: Option<Vec<Unknown<'_>>>,
    ) -> Result<sys::napi_value> {
        let m = &self.inner;
        let Some(f) = m.methods.get(index as usize) else {
            return Err(errors::raise(
                Exc::SystemError,
                format!("{} has no function number {index}", m.name),
            ));
        };
        let func = || format!("{}.{}", m.name, f.name);
        call_converted(&env, f.func, &m.lib, &args, kwnames, kwvalues, &func)
    }
}

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::GenericFailure,
            format!("napi call failed with status {status}"),
        ))
    }
}

/// Makes `key` an own, writable, enumerable, configurable data property of
/// `obj` holding `value`, as an object literal (`CreateDataProperty`) does:
/// unlike an assignment it runs no setter of the prototype chain (a
/// `__proto__` key stays a key, a setter on `Object.prototype` sees
/// nothing) and is not refused by a frozen `Object.prototype`.
///
/// # Safety
/// `raw` is the current env; `obj` (an extensible object), `key` (a string
/// or symbol) and `value` are values of its current scope.
unsafe fn define_value(
    raw: sys::napi_env,
    obj: sys::napi_value,
    key: sys::napi_value,
    value: sys::napi_value,
) -> Result<()> {
    let descriptor = sys::napi_property_descriptor {
        utf8name: ptr::null(),
        name: key,
        method: None,
        getter: None,
        setter: None,
        value,
        attributes: sys::PropertyAttributes::writable
            | sys::PropertyAttributes::enumerable
            | sys::PropertyAttributes::configurable,
        data: ptr::null_mut(),
    };
    // SAFETY: per the contract; one descriptor, read during the call.
    check(unsafe { sys::napi_define_properties(raw, obj, 1, &descriptor) })
}

/// [`define_value`] with a key given as Rust text.
///
/// # Safety
/// As for [`define_value`].
unsafe fn define_named(
    raw: sys::napi_env,
    obj: sys::napi_value,
    key: &str,
    value: sys::napi_value,
) -> Result<()> {
    let mut k = ptr::null_mut();
    // SAFETY: the current env; the text is read during the call.
    check(unsafe {
        sys::napi_create_string_utf8(raw, key.as_ptr().cast(), key.len() as isize, &mut k)
    })?;
    // SAFETY: per the contract; `k` a string of the current scope.
    unsafe { define_value(raw, obj, k, value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_cpython() {
        let p = Path::new("/x/imageops.cpython-311-x86_64-linux-gnu.so");
        assert_eq!(module_name_for(p, None).unwrap(), "imageops");
        assert_eq!(
            module_name_for(Path::new("imageops.so"), None).unwrap(),
            "imageops"
        );
        assert_eq!(module_name_for(p, Some("pkg.sub.other")).unwrap(), "other");
        assert!(module_name_for(Path::new("/x/image-ops.so"), None).is_err());
        assert!(module_name_for(Path::new("/x/.so"), None).is_err());
        assert!(module_name_for(p, Some("9lives")).is_err());
        assert!(module_name_for(p, Some("caf\u{e9}")).is_err());
    }

    #[test]
    fn docstrings_split_like_cpython() {
        let d = |doc: &str| split_doc("flip", Some(doc));
        assert_eq!(
            d("flip(img, axis)\n--\n\nReverses."),
            (Some("Reverses.".into()), Some("(img, axis)".into()))
        );
        assert_eq!(d("flip(img)\n--\n\n"), (None, Some("(img)".into())));
        assert_eq!(
            d("Reverses an image."),
            (Some("Reverses an image.".into()), None)
        );
        assert_eq!(
            d("flop(x)\n--\n\nNo."),
            (Some("flop(x)\n--\n\nNo.".into()), None)
        );
        assert_eq!(
            d("flip(x)\n\n)\n--\n\nlate"),
            (Some("flip(x)\n\n)\n--\n\nlate".into()), None)
        );
        assert_eq!(d(""), (None, None));
        assert_eq!(split_doc("f", None), (None, None));
    }
}
