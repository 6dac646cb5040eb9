//! Calls off the main thread: `f.async(...)` runs an extension's function
//! on the libuv thread pool, as a Python thread would run it.
//!
//! 1. *Arguments are converted on the JS thread*, exactly as for a sync
//!    call ([`convert_call_args`]), holding the GIL. The call then owns one
//!    reference to each argument object and to the callable.
//! 2. *JS memory is pinned until the promise settles.* Every exporter among
//!    the arguments (also inside lists and tuples) is checked attached and
//!    counts one export ([`JsExporter::pin`]), so `Exporter.close()` is
//!    refused with BufferError meanwhile; its V8 backing store is held by
//!    the exporter anyway, so the memory C uses is never freed under it.
//! 3. *The call runs on a pool thread holding the GIL* (`PyGILState_Ensure`,
//!    as a thread CPython made would), with the pinned exporters lent to
//!    that thread ([`crate::env::lend`]): exporters belong to their JS
//!    thread, and only these may be viewed from the pool thread. A function
//!    that releases the GIL (`Py_BEGIN_ALLOW_THREADS`) lets other calls and
//!    the JS thread's extension code run meanwhile.
//! 4. *The result is converted on the JS thread*, holding the GIL, as a sync
//!    call's ([`result_to_js`]); an error becomes the same JS error, and
//!    warnings the pool thread issued are emitted there too. Then the pins
//!    and references go.
//!
//! A worker that exits while its calls run leaves them to finish on the
//! pool: they hold what they use (references, backing stores, the module
//! and its library), and Node completes them during the worker's teardown,
//! where Drop releases it.

use napi::bindgen_prelude::{AsyncTask, Task, TypeName};

use super::*;
use crate::env;

// ==========================================================================
// The call
// ==========================================================================

/// One async call, from its arguments made on the JS thread to its result
/// converted there.
pub struct AsyncCall {
    /// Owned reference to what is called.
    callable: *mut PyObject,
    /// Owned references: the positional arguments, then the keyword values.
    args: Vec<*mut PyObject>,
    npositional: usize,
    kwnames: Vec<String>,
    /// Exporters among the arguments, each pinned once and referenced once.
    pinned: Vec<*mut PyObject>,
    /// `module.function`, for messages.
    qualname: String,
    /// Keeps the module alive (its functions are called), when the callable
    /// is one of its functions. Declared after the objects: dropped once
    /// they are released.
    _module: Option<Arc<LoadedModule>>,
    /// The library that made the callable; results it makes are wrapped with
    /// it. Dropped last.
    lib: Arc<ExtLib>,
}

// SAFETY: the objects are the shim's, whose reference counting is atomic;
// they are used on the pool thread only inside `compute`, holding the GIL,
// and released on the JS thread (Drop, holding the GIL). The exporters'
// pins are atomic counts.
unsafe impl Send for AsyncCall {}

impl Drop for AsyncCall {
    fn drop(&mut self) {
        // Deallocs may run extension code.
        let _gil = Gil::acquire_lasting();
        for &p in &self.pinned {
            // SAFETY: our reference keeps the exporter alive; it was pinned
            // once by `AsyncCall::new`.
            if let Some(ex) = unsafe { exporter::downcast(p) } {
                ex.unpin();
            }
        }
        for &o in self.pinned.iter().chain(&self.args) {
            // SAFETY: references this call took; the library is loaded
            // (`self.lib` drops after this body).
            unsafe { Py_DecRef(o) };
        }
        // SAFETY: as above.
        unsafe { Py_DecRef(self.callable) };
    }
}

/// What the pool thread hands back: the call's result or error, and the
/// warnings it issued.
pub struct Outcome {
    result: std::result::Result<*mut PyObject, PyErrInfo>,
    warnings: Vec<(String, String)>,
}

// SAFETY: the result is a new reference to a shim object (atomic reference
// counts); the error's objects are released on the JS thread, in `resolve`,
// holding the GIL.
unsafe impl Send for Outcome {}

impl AsyncCall {
    /// Converts the arguments of a call to `callable` (a borrowed reference,
    /// alive while `module` or the caller's handle is) and pins their JS
    /// memory. On the JS thread.
    #[allow(clippy::too_many_arguments)]
    fn new(
        env: &Env,
        callable: *mut PyObject,
        qualname: String,
        lib: Arc<ExtLib>,
        module: Option<Arc<LoadedModule>>,
        args: &[Unknown<'_>],
        kwnames: Option<Vec<String>>,
        kwvalues: Option<Vec<Unknown<'_>>>,
    ) -> Result<AsyncCall> {
        let func = || qualname.clone();
        let _gil = Gil::acquire_lasting();
        let converted = convert_call_args(env, args, kwnames, kwvalues, &func, &lib)?;
        // From here on `call` owns what it holds, and Drop releases it
        // whatever fails below.
        // SAFETY: live objects: the callable per the contract, the arguments
        // while `converted` (or the caller's handles) hold them.
        let mut call = unsafe {
            Py_IncRef(callable);
            for &o in &converted.args.objects {
                Py_IncRef(o);
            }
            AsyncCall {
                callable,
                args: converted.args.objects.clone(),
                npositional: converted.npositional,
                kwnames: converted.kwnames.clone(),
                pinned: Vec::with_capacity(converted.args.exporters.len()),
                qualname: qualname.clone(),
                _module: module,
                lib: lib.clone(),
            }
        };
        for &p in &converted.args.exporters {
            // SAFETY: an exporter among the arguments, alive while they are.
            let Some(ex) = (unsafe { exporter::downcast(p) }) else {
                continue;
            };
            // SAFETY: the current env, inside this napi call.
            unsafe { ex.pin(env.raw()) }.map_err(|(kind, message)| {
                errors::raise(kind, format!("{}(): {message}", func()))
            })?;
            // SAFETY: live, as above; the pin's reference.
            unsafe { Py_IncRef(p) };
            call.pinned.push(p);
        }
        drop(converted);
        Ok(call)
    }
}

/// A JS value made in `resolve`, handed to napi as it is.
pub struct JsResult(sys::napi_value);

impl TypeName for JsResult {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for JsResult {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        Ok(val.0)
    }
}

impl Task for AsyncCall {
    type Output = Outcome;
    type JsValue = JsResult;

    /// On a pool thread: the call, holding the GIL, with the pinned
    /// exporters lent to this thread.
    fn compute(&mut self) -> Result<Outcome> {
        let _lent = env::lend(&self.pinned);
        let _gil = Gil::acquire_lasting();
        let keywords: Vec<(&str, *mut PyObject)> = self
            .kwnames
            .iter()
            .map(String::as_str)
            .zip(self.args[self.npositional..].iter().copied())
            .collect();
        // SAFETY: a live callable and live arguments (this call's
        // references), the GIL held.
        let result =
            unsafe { call::call(self.callable, &self.args[..self.npositional], &keywords) };
        Ok(Outcome {
            result,
            warnings: take_pending_warnings(),
        })
    }

    /// On the JS thread: the result converted as a sync call's.
    fn resolve(&mut self, env: Env, output: Outcome) -> Result<JsResult> {
        let _gil = Gil::acquire_lasting();
        let func = || self.qualname.clone();
        let out = match output.result {
            // SAFETY: a new reference to the result.
            Ok(obj) => unsafe { result_to_js(&env, obj, &self.lib, &func) },
            Err(info) => Err(errors::from_info(info)),
        };
        emit_warnings(&env, output.warnings)?;
        out.map(JsResult)
    }
}

// ==========================================================================
// JS API
// ==========================================================================

#[napi]
impl ExtensionModule {
    /// As [`call`](Self::call), off the JS thread: converts the arguments
    /// now, runs function `index` on the libuv thread pool holding the GIL,
    /// and resolves with the result converted on this thread (or rejects
    /// with the error a sync call throws). JS memory among the arguments is
    /// pinned until then (see `extension/asynccall.rs`).
    #[napi(
        ts_return_type = "Promise<undefined | boolean | number | bigint | string | PyObjectHandle>"
    )]
    pub fn call_async(
        &self,
        env: Env,
        index: u32,
        args: Vec<Unknown<'_>>,
        kwnames: Option<Vec<String>>,
        kwvalues: Option<Vec<Unknown<'_>>>,
    ) -> Result<AsyncTask<AsyncCall>> {
        let m = &self.inner;
        let Some(f) = m.methods.get(index as usize) else {
            return Err(errors::raise(
                Exc::SystemError,
                format!("{} has no function number {index}", m.name),
            ));
        };
        let call = AsyncCall::new(
            &env,
            f.func,
            format!("{}.{}", m.name, f.name),
            m.lib.clone(),
            Some(m.clone()),
            &args,
            kwnames,
            kwvalues,
        )?;
        Ok(AsyncTask::new(call))
    }
}

/// The object to call for `op` and the library whose code it runs: an
/// object an extension handed to JS (its wrapper unwrapped), or a function
/// or method object whose C function lies in a loaded extension library.
///
/// Reads only what does not change while `op` lives (its type, its
/// function's definition), so it needs no GIL; it must not hold it either,
/// as it takes the registry's lock, which a load holds while it waits for
/// the GIL.
///
/// # Safety
/// `op` must be a live object.
unsafe fn extension_callable(op: *mut PyObject) -> Option<(*mut PyObject, Arc<ExtLib>)> {
    // SAFETY: live per the contract.
    let op = unsafe { public_object(op) };
    // SAFETY: live per the contract.
    if let Some(w) = unsafe { ExtObject::downcast(op) } {
        return Some((w.inner, w.lib.clone()));
    }
    // SAFETY: live per the contract; a function's def outlives it.
    let code = unsafe {
        if !is_cfunction(op) {
            return None;
        }
        let def = (*op.cast::<PyCFunctionObject>()).m_ml;
        (*def).ml_meth.map(|f| f as *const c_void)?
    };
    let (path, _) = platform::object_of(code)?;
    let path = std::fs::canonicalize(path).ok()?;
    let reg = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let lib = reg.libs.get(&path).and_then(Weak::upgrade)?;
    Some((op, lib))
}

/// Calls `callable` (an object an extension made: a bound method, a type, a
/// function) with `args` and the keyword arguments `kwnames[i] =
/// kwvalues[i]`, off the JS thread, as
/// [`ExtensionModule::call_async`] calls a module's function. A callable no
/// loaded extension made is a TypeError.
#[napi(
    js_name = "callObjectAsync",
    ts_return_type = "Promise<undefined | boolean | number | bigint | string | PyObjectHandle>"
)]
pub fn call_object_async(
    env: Env,
    callable: &PyObjectHandle,
    args: Vec<Unknown<'_>>,
    kwnames: Option<Vec<String>>,
    kwvalues: Option<Vec<Unknown<'_>>>,
) -> Result<AsyncTask<AsyncCall>> {
    let op = callable.get()?;
    // SAFETY: the handle keeps the object alive.
    let found = unsafe { extension_callable(op) };
    let Some((target, lib)) = found else {
        // SAFETY: the handle keeps the object alive.
        let ty = unsafe { type_name(op) };
        return Err(errors::raise(
            Exc::TypeError,
            format!(
                "callObjectAsync: a '{ty}' object is not a callable that a loaded extension made"
            ),
        ));
    };
    // SAFETY: the handle keeps the object (and so `target`) alive.
    let qualname = unsafe { callable_name(target) };
    let call = AsyncCall::new(&env, target, qualname, lib, None, &args, kwnames, kwvalues)?;
    Ok(AsyncTask::new(call))
}

/// How messages name a callable: a function's `ml_name`, else its type's.
///
/// # Safety
/// `op` must be a live object.
unsafe fn callable_name(op: *mut PyObject) -> String {
    // SAFETY: live per the contract; a function's def outlives it.
    unsafe {
        if is_cfunction(op) {
            let def = (*op.cast::<PyCFunctionObject>()).m_ml;
            if !(*def).ml_name.is_null() {
                return CStr::from_ptr((*def).ml_name)
                    .to_string_lossy()
                    .into_owned();
            }
        }
        type_name(op)
    }
}
