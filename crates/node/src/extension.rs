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
//!   symbols, not another library's.
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
use std::ffi::{CStr, OsStr, c_int, c_void};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

use libloading::os::unix::{Library, RTLD_GLOBAL, RTLD_LOCAL, RTLD_NOW};
use napi::bindgen_prelude::*;
use napi::{ValueType, sys};
use napi_derive::napi;
use pybuffer::buffer::{PyBuffer_Release, PyObject_CheckBuffer, PyObject_GetBuffer};
use pybuffer::ffi::*;
use pybuffer::objects::boolobject::bool_from_bool;
use pybuffer::objects::call;
use pybuffer::objects::exceptions::Exc;
use pybuffer::objects::floatobject::float_from_f64;
use pybuffer::objects::longobject::long_from_i128;
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

// ==========================================================================
// Libraries and modules
// ==========================================================================

/// An extension's shared library. Dropping the last `Arc` unloads it.
pub struct ExtLib {
    lib: Library,
    path: PathBuf,
}

impl ExtLib {
    /// The library's canonical path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A module made by `PyInit_<name>`, shared by every JS object that uses it.
struct LoadedModule {
    /// Owned reference to the module object.
    module: *mut PyObject,
    name: String,
    doc: Option<String>,
    /// The functions, in table order, one per name.
    methods: Vec<FunctionEntry>,
    /// The name the module is registered under (see `python::import`).
    registered: String,
    /// Declared after `module`: dropped after the module's dealloc (and its
    /// `m_free`, code in the library) has run.
    lib: Arc<ExtLib>,
}

// SAFETY: the module pointer is only used through the shim's functions,
// whose reference counting is atomic; the rest is immutable.
unsafe impl Send for LoadedModule {}
// SAFETY: as above.
unsafe impl Sync for LoadedModule {}

impl Drop for LoadedModule {
    fn drop(&mut self) {
        // The module's dealloc and `m_clear` / `m_free` are extension code.
        let _gil = Gil::acquire();
        // The functions go first, then the module is torn down as an
        // interpreter shutdown would (its dict cleared, `m_clear`), so that it
        // and its `m_free` go as soon as nothing else refers to it.
        // SAFETY: the module reference is ours; the library is still loaded
        // (`self.lib` drops after this body).
        unsafe {
            for f in self.methods.drain(..) {
                Py_DecRef(f.func);
            }
            import::unregister_module(&self.registered, self.module);
            module::finalize(self.module);
        }
    }
}

/// One function of a module: its metadata and the function object.
struct FunctionEntry {
    name: String,
    doc: Option<String>,
    flags: c_int,
    /// Owned reference to the `builtin_function_or_method`.
    func: *mut PyObject,
}

#[derive(Default)]
struct Registry {
    /// Open libraries by canonical path.
    libs: HashMap<PathBuf, Weak<ExtLib>>,
    /// Initialised modules by canonical path and module name.
    modules: HashMap<(PathBuf, String), Weak<LoadedModule>>,
}

/// Loads are serialised: a library is opened, and a module initialised,
/// once even when worker threads load it at the same time.
static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

/// An `ImportError`, as CPython raises for these failures (a `PyError` with
/// code `"ImportError"` in JS).
fn import_error(message: impl AsRef<str>) -> Error {
    errors::py_error(Exc::Exception, "ImportError", message)
}

/// The error that `info` describes, with `context` before its message.
fn with_context(info: PyErrInfo, context: &str) -> Error {
    errors::py_error(
        info.kind,
        &info.type_name,
        format!("{context}: {}", info.message),
    )
}

/// Whether `s` is a C identifier made of ASCII characters, as the
/// `PyInit_<name>` symbol needs.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The module name: `name` when given (its last dotted component, as for
/// `pkg.mod`), else the file name up to its first dot, as CPython derives it
/// (`imageops.cpython-311-x86_64-linux-gnu.so` and `imageops.so` give
/// `imageops`).
fn module_name_for(path: &Path, given: Option<&str>) -> Result<String> {
    if let Some(given) = given {
        let short = given.rsplit('.').next().unwrap_or(given);
        if !is_identifier(short) {
            return Err(errors::raise(
                Exc::ValueError,
                format!(
                    "loadExtension: module name {given:?} is not usable: PyInit_{short} is not a C identifier \
                     (ASCII letters, digits and '_'; CPython's PyInitU_ names of non-ASCII modules are not supported)"
                ),
            ));
        }
        return Ok(short.to_owned());
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    if !is_identifier(stem) {
        return Err(import_error(format!(
            "loadExtension: cannot derive a module name from the file name {file:?} of {}: {stem:?} is not a \
             C identifier, so there is no PyInit_{stem}; pass the module name as loadExtension(path, name)",
            path.display()
        )));
    }
    Ok(stem.to_owned())
}

// ==========================================================================
// Making the shim global
// ==========================================================================

/// The file and load address of the object that holds `addr`.
fn object_of(addr: *const c_void) -> Option<(PathBuf, usize)> {
    // SAFETY: a plain C struct, filled by dladdr.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: dladdr only reads the loader's tables and fills `info`.
    if unsafe { libc::dladdr(addr, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dli_fname is a NUL-terminated string owned by the loader.
    let name = unsafe { CStr::from_ptr(info.dli_fname) };
    Some((
        PathBuf::from(OsStr::from_bytes(name.to_bytes())),
        info.dli_fbase as usize,
    ))
}

/// Symbols whose global definition must be this addon's: a function, the
/// `None` object, an exception type, and `PyErr_Format` (a C symbol, which
/// only a version script exports).
const PROBES: &[&[u8]] = &[
    b"PyObject_GetBuffer\0",
    b"_Py_NoneStruct\0",
    b"PyExc_TypeError\0",
    b"PyErr_Format\0",
];

/// Re-opens this addon with `RTLD_GLOBAL`, so the libraries loaded after it
/// resolve `Py*` against it, and checks the result.
fn promote_addon() -> std::result::Result<(), String> {
    let anchor = PyObject_GetBuffer as *const c_void;
    let Some((own, own_base)) = object_of(anchor) else {
        return Err("cannot find the pybuffer addon's own file (dladdr failed)".into());
    };
    // SAFETY: with RTLD_NOLOAD nothing is loaded or initialised: dlopen
    // returns the addon, already loaded, and makes its symbols global.
    let again = unsafe { Library::open(Some(&own), RTLD_NOW | RTLD_GLOBAL | libc::RTLD_NOLOAD) };
    let again = again.map_err(|e| {
        format!(
            "cannot make the pybuffer addon's C API visible to extensions: re-opening {} with \
             RTLD_NOLOAD | RTLD_GLOBAL failed: {e}",
            own.display()
        )
    })?;
    // The addon stays loaded for the life of the process (it is linked
    // with -z nodelete); so does this reference to it.
    std::mem::forget(again);
    let global = Library::this();
    for probe in PROBES {
        let name = String::from_utf8_lossy(&probe[..probe.len() - 1]);
        // SAFETY: the symbol is only looked up, never used.
        let found = match unsafe { global.get::<*const c_void>(probe) } {
            Ok(sym) => sym.into_raw() as *const c_void,
            Err(e) => {
                return Err(format!(
                    "the pybuffer addon does not export {name} ({e}); rebuild it"
                ));
            }
        };
        match object_of(found) {
            Some((_, base)) if base == own_base => {}
            other => {
                let who = other.map_or_else(
                    || "an unknown object".to_owned(),
                    |(p, _)| p.display().to_string(),
                );
                return Err(format!(
                    "{name} resolves to {who}, not to the pybuffer addon {}: another library that defines \
                     CPython's C API (libpython, or a second copy of libpybuffer) is loaded globally in this \
                     process, and extensions would bind to it",
                    own.display()
                ));
            }
        }
    }
    Ok(())
}

static PROMOTED: OnceLock<std::result::Result<(), String>> = OnceLock::new();

fn ensure_promoted() -> Result<()> {
    PROMOTED
        .get_or_init(promote_addon)
        .clone()
        .map_err(|m| import_error(format!("loadExtension: {m}")))
}

// ==========================================================================
// Loading
// ==========================================================================

type InitFn = unsafe extern "C" fn() -> *mut PyObject;

fn open_library(reg: &mut Registry, path: &Path) -> Result<Arc<ExtLib>> {
    if let Some(lib) = reg.libs.get(path).and_then(Weak::upgrade) {
        return Ok(lib);
    }
    // SAFETY: loading runs the library's initialisers; loading a library is
    // what the caller asked for. RTLD_NOW resolves every symbol now, so a
    // missing one fails here rather than at a call.
    let lib = unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map_err(|e| {
        import_error(format!(
            "loadExtension: cannot load {}: {e}",
            path.display()
        ))
    })?;
    let lib = Arc::new(ExtLib {
        lib,
        path: path.to_owned(),
    });
    reg.libs.insert(path.to_owned(), Arc::downgrade(&lib));
    Ok(lib)
}

fn initialise(lib: Arc<ExtLib>, name: &str) -> Result<LoadedModule> {
    let path = lib.path.display().to_string();
    let symbol = format!("PyInit_{name}");
    let init: InitFn = {
        let c_symbol = format!("{symbol}\0");
        // SAFETY: by the extension ABI, PyInit_<name> is `PyObject *(void)`.
        match unsafe { lib.lib.get::<InitFn>(c_symbol.as_bytes()) } {
            Ok(f) => *f,
            Err(_) => {
                return Err(import_error(format!(
                    "loadExtension: {path} does not define the module export function {symbol}: it is not an \
                     extension module, or its module is not named {name:?} (pass the name as \
                     loadExtension(path, name))"
                )));
            }
        }
    };
    // Held until the module and its functions are read: `PyInit_*`, the
    // creation and exec slots, and the deallocs of failed modules are
    // extension code.
    let _gil = Gil::acquire();
    pyerr::PyErr_Clear();
    // SAFETY: the module's initialisation function, called as CPython calls
    // it, on the thread that loads it.
    let m = unsafe { init() };
    let pending = pyerr::take_error();
    let context = format!("loadExtension: {symbol}() of {path}");
    match (m.is_null(), pending) {
        (true, Some(info)) => return Err(with_context(info, &context)),
        (true, None) => {
            return Err(errors::raise(
                Exc::SystemError,
                format!("{context}: initialization of {name} failed without raising an exception"),
            ));
        }
        (false, Some(info)) => {
            // SAFETY: a new reference we do not keep; the library is loaded.
            unsafe { Py_DecRef(m) };
            return Err(errors::raise(
                Exc::SystemError,
                format!("{context}: initialization of {name} raised unreported exception ({info})"),
            ));
        }
        (false, None) => {}
    }
    // SAFETY: `m` is a live object (a new reference, or a definition).
    if !unsafe { module::is_module(m) || is_module_def(m) } {
        // SAFETY: as above.
        let ty = unsafe { type_name(m) };
        // SAFETY: a new reference we do not keep.
        unsafe { Py_DecRef(m) };
        return Err(errors::raise(
            Exc::SystemError,
            format!(
                "{context}: initialization of {name} did not return an extension module (it returned a \
                 '{ty}' object)"
            ),
        ));
    }
    // SAFETY: what PyInit_<name> returned; creation and exec slots run here.
    let m = unsafe { import::load_from_init(m, name, &path) }
        .map_err(|info| with_context(info, &context))?;
    // SAFETY: a live module; the entries are new references.
    let (mname, doc, entries) = unsafe {
        (
            module::module_name(m).unwrap_or_else(|| name.to_owned()),
            module::module_doc(m),
            module::module_entries(m).unwrap_or_default(),
        )
    };
    let mut methods = Vec::new();
    for (fname, obj) in entries {
        // SAFETY: a live entry; a function's def outlives it.
        unsafe {
            let f = obj.cast::<PyCFunctionObject>();
            if is_cfunction(obj) && (*f).m_self == m {
                let def = (*f).m_ml;
                let doc = (!(*def).ml_doc.is_null())
                    .then(|| CStr::from_ptr((*def).ml_doc).to_string_lossy().into_owned());
                methods.push(FunctionEntry {
                    name: fname,
                    doc,
                    flags: (*def).ml_flags,
                    func: obj,
                });
            } else {
                Py_DecRef(obj);
            }
        }
    }
    Ok(LoadedModule {
        module: m,
        name: mname,
        doc,
        methods,
        registered: name.to_owned(),
        lib,
    })
}

fn load(path: &Path, given: Option<&str>) -> Result<Arc<LoadedModule>> {
    let name = module_name_for(path, given)?;
    ensure_promoted()?;
    let canonical = std::fs::canonicalize(path).map_err(|e| {
        import_error(format!(
            "loadExtension: cannot load {}: {e}",
            path.display()
        ))
    })?;
    let mut reg = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    reg.libs.retain(|_, w| w.strong_count() > 0);
    reg.modules.retain(|_, w| w.strong_count() > 0);
    let key = (canonical.clone(), name.clone());
    if let Some(m) = reg.modules.get(&key).and_then(Weak::upgrade) {
        return Ok(m);
    }
    let lib = open_library(&mut reg, &canonical)?;
    let module = Arc::new(initialise(lib, &name)?);
    reg.modules.insert(key, Arc::downgrade(&module));
    Ok(module)
}

// ==========================================================================
// The wrapper of objects the extension hands to JS
// ==========================================================================

/// A PyObject that stands for an object made by an extension, holding the
/// extension's library loaded. It exports what the object exports: its
/// `bf_getbuffer` asks the object for the view and then puts an
/// [`ExtExport`] in the view's `obj`, which holds the wrapper (and so the
/// library) and hands the view back to the object when it is released.
#[repr(C)]
pub struct ExtObject {
    ob_base: PyObject,
    /// Owned reference to the extension's object.
    inner: *mut PyObject,
    /// Declared last: dropped after `inner` is released in the dealloc.
    lib: Arc<ExtLib>,
}

static EXT_OBJECT_PROCS: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(ext_object_getbuf),
    bf_releasebuffer: None,
});

/// The type of [`ExtObject`], `pybuffer.ExtensionObject`.
pub static EXT_OBJECT_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = pybuffer::objects::typeobject::PyType_Type.get();
    ty.tp_name = c"pybuffer.ExtensionObject".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<ExtObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(ext_object_dealloc);
    ty.tp_as_buffer = EXT_OBJECT_PROCS.get();
    ty.tp_flags = Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    ty
});

impl ExtObject {
    /// Wraps `inner` (an owned reference, given away). Returns a new
    /// reference.
    fn wrap(inner: *mut PyObject, lib: Arc<ExtLib>) -> *mut PyObject {
        let obj = Box::new(ExtObject {
            ob_base: PyObject {
                ob_refcnt: 1,
                ob_type: EXT_OBJECT_TYPE.get(),
            },
            inner,
            lib,
        });
        Box::into_raw(obj) as *mut PyObject
    }

    /// The wrapper behind `op`, when `op` is one.
    ///
    /// # Safety
    /// `op` must be a live object.
    unsafe fn downcast<'a>(op: *mut PyObject) -> Option<&'a ExtObject> {
        // SAFETY: live per the contract.
        if unsafe { (*op).ob_type } != EXT_OBJECT_TYPE.get() {
            return None;
        }
        // SAFETY: the type says it is an ExtObject, alive while `op` is.
        Some(unsafe { &*(op as *const ExtObject) })
    }
}

/// `bf_getbuffer`: the inner object's view, with a new [`ExtExport`] as its
/// `obj`.
///
/// # Safety
/// `op` must be a live wrapper, `view` writable.
unsafe extern "C" fn ext_object_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    let _gil = Gil::acquire();
    // SAFETY: live per the contract.
    let w = unsafe { &*(op as *const ExtObject) };
    // SAFETY: the wrapper holds `inner`; `view` is writable.
    if unsafe { PyObject_GetBuffer(w.inner, view, flags) } != 0 {
        return -1;
    }
    // SAFETY: a view just filled in; the export takes over its reference
    // to `obj`, and a new one to the wrapper.
    unsafe {
        Py_IncRef(op);
        (*view).obj = ExtExport::create((*view).obj, op);
    }
    0
}

/// `tp_dealloc`: releases the extension's object, then the library.
///
/// # Safety
/// `op` must be an unreferenced wrapper.
unsafe extern "C" fn ext_object_dealloc(op: *mut PyObject) {
    // Runs from JS finalizers, release paths and worker teardown alike.
    let _gil = Gil::acquire();
    // SAFETY: wrappers are allocated as Box<ExtObject> in `wrap`.
    let w = unsafe { Box::from_raw(op as *mut ExtObject) };
    // SAFETY: the wrapper's reference; its dealloc runs library code while
    // `w.lib` keeps the library loaded.
    unsafe { Py_DecRef(w.inner) };
    drop(w);
}

/// One export of an [`ExtObject`]: the `obj` of one view it handed out.
///
/// CPython releases a view by its `obj` alone (`PyBuffer_Release` calls
/// `obj`'s `bf_releasebuffer`); the address of the `Py_buffer` struct does
/// not matter, and C code may copy or move the struct before releasing it.
/// So everything the release needs is here: the object that filled the
/// view, to which it is handed back, and the wrapper, which keeps the
/// library loaded until then.
#[repr(C)]
pub struct ExtExport {
    ob_base: PyObject,
    /// Owned: the `obj` the extension filled in (usually its object).
    filled_by: *mut PyObject,
    /// Owned: the wrapper the view was acquired from.
    wrapper: *mut PyObject,
}

static EXT_EXPORT_PROCS: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(ext_export_getbuf),
    bf_releasebuffer: Some(ext_export_releasebuf),
});

/// The type of [`ExtExport`], `pybuffer.ExtensionExport`.
pub static EXT_EXPORT_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = pybuffer::objects::typeobject::PyType_Type.get();
    ty.tp_name = c"pybuffer.ExtensionExport".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<ExtExport>() as Py_ssize_t;
    ty.tp_dealloc = Some(ext_export_dealloc);
    ty.tp_as_buffer = EXT_EXPORT_PROCS.get();
    ty.tp_flags = Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    ty
});

impl ExtExport {
    /// A new export (a new reference) owning `filled_by` and `wrapper`
    /// (owned references, given away).
    fn create(filled_by: *mut PyObject, wrapper: *mut PyObject) -> *mut PyObject {
        let export = Box::new(ExtExport {
            ob_base: PyObject {
                ob_refcnt: 1,
                ob_type: EXT_EXPORT_TYPE.get(),
            },
            filled_by,
            wrapper,
        });
        Box::into_raw(export) as *mut PyObject
    }
}

/// The object JS and C should see for `op`: the wrapper of an export (a
/// view's `obj` when the view is of an extension's object), else `op`.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn public_object(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if unsafe { (*op).ob_type } == EXT_EXPORT_TYPE.get() {
        // SAFETY: the type says it is an ExtExport, which holds its wrapper.
        unsafe { (*(op as *const ExtExport)).wrapper }
    } else {
        op
    }
}

/// `bf_getbuffer`: a new view of the wrapper, for C that acquires a view's
/// `obj` again.
///
/// # Safety
/// `op` must be a live export, `view` writable.
unsafe extern "C" fn ext_export_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: live per the contract; the export holds the wrapper.
    unsafe { ext_object_getbuf((*(op as *const ExtExport)).wrapper, view, flags) }
}

/// `bf_releasebuffer`: hands the view back to the object that filled it.
///
/// # Safety
/// `op` must be a live export and `view` the view whose `obj` it is.
unsafe extern "C" fn ext_export_releasebuf(op: *mut PyObject, view: *mut Py_buffer) {
    // The inner release callback is extension code.
    let _gil = Gil::acquire();
    // SAFETY: live per the contract.
    let filled_by = unsafe { (*(op as *const ExtExport)).filled_by };
    // PyBuffer_Release, our caller, drops its reference to the export after
    // this returns (then the export drops the wrapper, and the library may
    // go): the inner release runs first, with the library loaded.
    // SAFETY: `view` was filled by `filled_by`'s getbuffer; releasing it with
    // that `obj` runs that object's release callback and drops the view's
    // reference to it, which the export held.
    unsafe {
        (*view).obj = filled_by;
        PyBuffer_Release(view);
        (*view).obj = op;
        (*(op as *mut ExtExport)).filled_by = ptr::null_mut();
    }
}

/// `tp_dealloc`: drops the wrapper (and what the release left).
///
/// # Safety
/// `op` must be an unreferenced export.
unsafe extern "C" fn ext_export_dealloc(op: *mut PyObject) {
    // The inner object's dealloc is extension code.
    let _gil = Gil::acquire();
    // SAFETY: exports are allocated as Box<ExtExport> in `create`.
    let e = unsafe { Box::from_raw(op as *mut ExtExport) };
    // SAFETY: the export's references (`filled_by` is NULL once released;
    // Py_DecRef ignores NULL). The wrapper goes last: it may unload the
    // library that `filled_by`'s dealloc runs in.
    unsafe {
        Py_DecRef(e.filled_by);
        Py_DecRef(e.wrapper);
    }
}

// ==========================================================================
// Conversions
// ==========================================================================

/// The type name of a live object.
///
/// # Safety
/// `op` must be a live object.
unsafe fn type_name(op: *mut PyObject) -> String {
    // SAFETY: live per the contract; types outlive their instances.
    let name = unsafe { (*(*op).ob_type).tp_name };
    if name.is_null() {
        return "?".into();
    }
    // SAFETY: tp_name is NUL-terminated.
    unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned()
}

/// JS numbers up to this magnitude are exact integers.
const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

/// The range of the shim's `int`.
const INT_RANGE: &str = "-2**127 to 2**127-1";

/// The arguments of one call: the objects C sees, and the references this
/// call made for them (dropped after the call).
struct Args {
    objects: Vec<*mut PyObject>,
    owned: Vec<*mut PyObject>,
}

impl Drop for Args {
    fn drop(&mut self) {
        for &obj in &self.owned {
            // SAFETY: references made for the call, no longer used.
            unsafe { Py_DecRef(obj) };
        }
    }
}

impl Args {
    fn push_new(&mut self, obj: *mut PyObject) -> Result<()> {
        if obj.is_null() {
            return Err(errors::take());
        }
        self.owned.push(obj);
        self.objects.push(obj);
        Ok(())
    }
}

/// Converts one JS argument (`index` from 0) to the object C receives.
fn push_arg(
    env: &Env,
    args: &mut Args,
    value: &Unknown<'_>,
    index: usize,
    func: &dyn Fn() -> String,
    lib: &Arc<ExtLib>,
) -> Result<()> {
    let n = index + 1;
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => args.push_new(none()),
        ValueType::Boolean => {
            // SAFETY: a boolean, as get_type says.
            let b = unsafe { value.cast::<bool>() }?;
            args.push_new(bool_from_bool(b))
        }
        ValueType::Number => {
            // SAFETY: a number, as get_type says.
            let v = unsafe { value.cast::<f64>() }?;
            if v.is_finite() && v.fract() == 0.0 {
                // Integral: an int, exactly (|v| < 2**127 fits i128).
                if v.abs() >= 2f64.powi(127) && v != -(2f64.powi(127)) {
                    return Err(errors::raise(
                        Exc::OverflowError,
                        format!(
                            "{}() argument {n}: the integral number {v:e} is outside the range of int ({INT_RANGE})",
                            func()
                        ),
                    ));
                }
                args.push_new(long_from_i128(v as i128))
            } else {
                args.push_new(float_from_f64(v))
            }
        }
        ValueType::BigInt => {
            // SAFETY: a bigint, as get_type says.
            let b = unsafe { value.cast::<BigInt>() }?;
            // An int of any size, as Python's.
            let magnitude: Vec<u8> = b.words.iter().flat_map(|w| w.to_le_bytes()).collect();
            args.push_new(pybuffer::objects::longobject::long_from_le_bytes(
                b.sign_bit, &magnitude,
            ))
        }
        ValueType::String => {
            // SAFETY: a string, as get_type says.
            let s = unsafe { value.cast::<String>() }?;
            args.push_new(unicode_from_str(&s))
        }
        ValueType::Object => {
            let (raw_env, raw) = (value.value().env, value.raw());
            let mut is_array = false;
            // SAFETY: a value of the current env.
            check(unsafe { sys::napi_is_array(raw_env, raw, &mut is_array) })?;
            if is_array {
                return push_sequence(env, args, raw, false, index, func, lib);
            }
            // SAFETY: ClassInstance unwraps only after checking the class's
            // type tag, so anything but a PyObjectHandle is refused.
            let handle = unsafe { value.cast::<ClassInstance<'_, PyObjectHandle>>() };
            let handle = match handle {
                Ok(h) => h,
                Err(_) => {
                    // `tuple([...])` reaches here as { [TUPLE_KEY]: items }
                    // (extension.ts refuses every other plain object).
                    let mut items = ptr::null_mut();
                    // SAFETY: values of the current env.
                    let found = unsafe {
                        sys::napi_get_named_property(raw_env, raw, TUPLE_KEY.as_ptr(), &mut items)
                            == sys::Status::napi_ok
                            && sys::napi_is_array(raw_env, items, &mut is_array)
                                == sys::Status::napi_ok
                            && is_array
                    };
                    if found {
                        return push_sequence(env, args, items, true, index, func, lib);
                    }
                    return Err(errors::raise(
                        Exc::TypeError,
                        format!("{}() argument {n}: expected a PyObjectHandle", func()),
                    ));
                }
            };
            // SAFETY: the handle keeps the object alive during the call.
            let obj = unsafe { public_object(handle.get()?) };
            // JS memory must still be there, and be this thread's: C gets
            // no chance to check (it would read freed or foreign memory).
            // SAFETY: the handle keeps the object alive.
            if let Some(ex) = unsafe { exporter::downcast(obj) } {
                // SAFETY: the current env, inside this napi call.
                unsafe { ex.check_attached(env.raw()) }.map_err(|(kind, message)| {
                    errors::raise(kind, format!("{}() argument {n}: {message}", func()))
                })?;
            }
            // The extension's own objects reach it unwrapped, so it sees
            // its own types; other libraries' objects keep their wrapper.
            // SAFETY: the handle keeps the object alive during the call.
            let obj = match unsafe { ExtObject::downcast(obj) } {
                Some(w) if Arc::ptr_eq(&w.lib, lib) => w.inner,
                _ => obj,
            };
            // Borrowed: the handle holds it for the duration of the call.
            args.objects.push(obj);
            Ok(())
        }
        other => Err(errors::raise(
            Exc::TypeError,
            format!(
                "{}() argument {n}: cannot convert a JS {other:?} to a Python object",
                func()
            ),
        )),
    }
}

/// The property under which extension.ts passes the items of `tuple([...])`.
const TUPLE_KEY: &std::ffi::CStr = c"__pybufferTuple";

/// Converts the JS array `array` to a new `list` (or `tuple`), its items
/// converted as arguments are, and pushes it.
fn push_sequence(
    js_env: &Env,
    args: &mut Args,
    array: sys::napi_value,
    tuple: bool,
    index: usize,
    func: &dyn Fn() -> String,
    lib: &Arc<ExtLib>,
) -> Result<()> {
    unsafe extern "C" {
        fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
        fn PyList_SetItem(l: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
        fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
        fn PyTuple_SetItem(t: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
    }
    let env = js_env.raw();
    let mut len = 0u32;
    // SAFETY: an array of the current env.
    check(unsafe { sys::napi_get_array_length(env, array, &mut len) })?;
    let mut items = Args {
        objects: Vec::with_capacity(len as usize),
        owned: Vec::new(),
    };
    for i in 0..len {
        let mut v = ptr::null_mut();
        // SAFETY: an array of the current env.
        check(unsafe { sys::napi_get_element(env, array, i, &mut v) })?;
        // SAFETY: a value of the current env, used within this call.
        let item = unsafe { Unknown::from_raw_unchecked(env, v) };
        push_arg(js_env, &mut items, &item, index, func, lib)?;
    }
    let n = items.objects.len() as Py_ssize_t;
    // SAFETY: new containers filled with new references (SetItem steals);
    // the items are alive while `items` holds them.
    unsafe {
        let seq = if tuple { PyTuple_New(n) } else { PyList_New(n) };
        args.push_new(seq)?;
        for (i, &o) in items.objects.iter().enumerate() {
            Py_IncRef(o);
            if tuple {
                PyTuple_SetItem(seq, i as Py_ssize_t, o);
            } else {
                PyList_SetItem(seq, i as Py_ssize_t, o);
            }
        }
    }
    Ok(())
}

/// A scalar as a JS value: ints in the safe-integer range as numbers, others
/// as bigints.
fn scalar_to_js(env: &Env, value: Scalar) -> Result<sys::napi_value> {
    let raw = env.raw();
    // SAFETY: (all arms) the current env, inside a napi call.
    unsafe {
        match value {
            Scalar::None => <()>::to_napi_value(raw, ()),
            Scalar::Bool(b) => bool::to_napi_value(raw, b),
            Scalar::Int(v) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) => {
                f64::to_napi_value(raw, v as f64)
            }
            Scalar::Int(v) => i128::to_napi_value(raw, v),
            Scalar::BigInt {
                negative,
                magnitude_le,
            } => {
                let words = magnitude_le
                    .chunks(8)
                    .map(|c| {
                        let mut w = [0u8; 8];
                        w[..c.len()].copy_from_slice(c);
                        u64::from_le_bytes(w)
                    })
                    .collect();
                BigInt::to_napi_value(
                    raw,
                    BigInt {
                        sign_bit: negative,
                        words,
                    },
                )
            }
            Scalar::Float(v) => f64::to_napi_value(raw, v),
            Scalar::Str(s) => String::to_napi_value(raw, s),
        }
    }
}

/// Converts a result (an owned reference, consumed) to JS: a scalar, or a
/// `PyObjectHandle` of an object that exports a buffer (wrapped when the
/// extension made it).
///
/// # Safety
/// `obj` must be a new reference to a live object.
unsafe fn result_to_js(
    env: &Env,
    obj: *mut PyObject,
    lib: &Arc<ExtLib>,
    func: &dyn Fn() -> String,
) -> Result<sys::napi_value> {
    // SAFETY: live per the contract.
    if let Some(v) = unsafe { as_scalar(obj) } {
        // SAFETY: our reference, no longer needed.
        unsafe { Py_DecRef(obj) };
        return scalar_to_js(env, v);
    }
    // A view's `obj` stands for its wrapper.
    // SAFETY: live per the contract.
    let public = unsafe { public_object(obj) };
    let obj = if public != obj {
        // SAFETY: the export holds the wrapper; our reference to the export
        // is ours to drop.
        unsafe {
            Py_IncRef(public);
            Py_DecRef(obj);
        }
        public
    } else {
        obj
    };
    // SAFETY: live per the contract.
    if let Some(out) = unsafe { container_to_js(env, obj, lib, func) } {
        // SAFETY: our reference, no longer needed (the items converted hold
        // their own).
        unsafe { Py_DecRef(obj) };
        return out;
    }
    // JS memory, or an object another extension made (whose wrapper holds
    // its own library), needs no wrapper.
    // SAFETY: live per the contract.
    let ours = unsafe {
        exporter::downcast(obj).is_some()
            || ExtObject::downcast(obj).is_some()
            || is_exact_bytes_or_bytearray(obj)
    };
    // SAFETY: live per the contract.
    if !ours && unsafe { PyObject_CheckBuffer(obj) } == 0 {
        // SAFETY: live per the contract.
        let ty = unsafe { type_name(obj) };
        // SAFETY: our reference; the library is loaded while `lib` is.
        unsafe { Py_DecRef(obj) };
        return Err(errors::raise(
            Exc::TypeError,
            format!(
                "{}() returned a '{ty}' object, which has no JS equivalent: results are None, bool, int, \
                 float, str, or an object that exports a buffer",
                func()
            ),
        ));
    }
    let obj = if ours {
        obj
    } else {
        ExtObject::wrap(obj, lib.clone())
    };
    // SAFETY: an owned reference (the result's, or the wrapper's, which took
    // the result's), passed to the handle.
    let handle = unsafe { PyObjectHandle::from_owned(obj) };
    // SAFETY: the current env, inside a napi call.
    unsafe { PyObjectHandle::to_napi_value(env.raw(), handle) }
}

unsafe extern "C" {
    fn PyTuple_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyTuple_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyList_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyList_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyDict_Next(
        d: *mut PyObject,
        pos: *mut Py_ssize_t,
        key: *mut *mut PyObject,
        value: *mut *mut PyObject,
    ) -> c_int;
}

/// Converts a `tuple` / `list` to an array and a `dict` to a plain object
/// (every key a `str`) or a `Map`, converting the items as results; None for
/// other objects. `obj` is borrowed.
///
/// # Safety
/// `obj` must be a live object; called holding the GIL.
unsafe fn container_to_js(
    env: &Env,
    obj: *mut PyObject,
    lib: &Arc<ExtLib>,
    func: &dyn Fn() -> String,
) -> Option<Result<sys::napi_value>> {
    // SAFETY: live per the contract; types outlive their instances.
    let flags = unsafe { (*(*obj).ob_type).tp_flags };
    let raw = env.raw();
    let item = |o: *mut PyObject| {
        // SAFETY: a live item; result_to_js consumes the new reference.
        unsafe {
            Py_IncRef(o);
            result_to_js(env, o, lib, func)
        }
    };
    if flags & (Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_LIST_SUBCLASS) != 0 {
        let tuple = flags & Py_TPFLAGS_TUPLE_SUBCLASS != 0;
        // SAFETY: a tuple or list, as its flags say; items are borrowed and
        // re-read by index, as a list may change while items convert.
        let len = unsafe {
            if tuple {
                PyTuple_Size(obj)
            } else {
                PyList_Size(obj)
            }
        };
        return Some((|| {
            let mut arr = ptr::null_mut();
            // SAFETY: the current env.
            check(unsafe {
                sys::napi_create_array_with_length(raw, len.max(0) as usize, &mut arr)
            })?;
            for i in 0..len {
                // SAFETY: as above; an index out of range (a list that
                // shrank) gives NULL and an IndexError.
                let o = unsafe {
                    if tuple {
                        PyTuple_GetItem(obj, i)
                    } else {
                        PyList_GetItem(obj, i)
                    }
                };
                if o.is_null() {
                    return Err(errors::take());
                }
                let v = item(o)?;
                // SAFETY: values of the current scope.
                check(unsafe { sys::napi_set_element(raw, arr, i as u32, v) })?;
            }
            Ok(arr)
        })());
    }
    if flags & Py_TPFLAGS_DICT_SUBCLASS != 0 {
        return Some((|| {
            let mut entries = Vec::new();
            let mut pos: Py_ssize_t = 0;
            let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
            // SAFETY: a dict, as its flags say; borrowed keys and values,
            // taken with new references before any conversion runs.
            while unsafe { PyDict_Next(obj, &mut pos, &mut k, &mut v) } != 0 {
                // SAFETY: live entries.
                unsafe {
                    Py_IncRef(k);
                    Py_IncRef(v);
                }
                entries.push((k, v));
            }
            // SAFETY: live keys; types outlive their instances.
            let all_str = entries.iter().all(
                |&(k, _)| unsafe { (*(*k).ob_type).tp_flags } & Py_TPFLAGS_UNICODE_SUBCLASS != 0,
            );
            let mut out = ptr::null_mut();
            let mut map_set = ptr::null_mut();
            // SAFETY: (all) the current env and values of its scope.
            unsafe {
                if all_str {
                    check(sys::napi_create_object(raw, &mut out))?;
                } else {
                    let mut global = ptr::null_mut();
                    let mut map_ctor = ptr::null_mut();
                    check(sys::napi_get_global(raw, &mut global))?;
                    check(sys::napi_get_named_property(
                        raw,
                        global,
                        c"Map".as_ptr(),
                        &mut map_ctor,
                    ))?;
                    check(sys::napi_new_instance(
                        raw,
                        map_ctor,
                        0,
                        ptr::null(),
                        &mut out,
                    ))?;
                    check(sys::napi_get_named_property(
                        raw,
                        out,
                        c"set".as_ptr(),
                        &mut map_set,
                    ))?;
                }
            }
            let mut result = Ok(());
            for (k, v) in entries {
                if result.is_ok() {
                    result = (|| {
                        let kj = item(k)?;
                        let vj = item(v)?;
                        // SAFETY: values of the current scope.
                        unsafe {
                            if all_str {
                                check(sys::napi_set_property(raw, out, kj, vj))
                            } else {
                                let mut ignored = ptr::null_mut();
                                let argv = [kj, vj];
                                check(sys::napi_call_function(
                                    raw,
                                    out,
                                    map_set,
                                    2,
                                    argv.as_ptr(),
                                    &mut ignored,
                                ))
                            }
                        }
                    })();
                }
                // SAFETY: our references (each conversion took its own).
                unsafe {
                    Py_DecRef(k);
                    Py_DecRef(v);
                }
            }
            result.map(|()| out)
        })());
    }
    None
}

// ==========================================================================
// Warnings
// ==========================================================================

thread_local! {
    /// Warnings C code issued on this thread (category name, message), to be
    /// emitted in this thread's JS environment when control returns to it.
    static PENDING_WARNINGS: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Routes the shim's warnings to this thread's queue (once per process).
fn install_warning_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        warnings::set_hook(Some(Box::new(|w: &warnings::Warning| {
            // CPython's default filters decide what is shown, as they would
            // for the same C code under CPython.
            if w.shown_by_default {
                PENDING_WARNINGS.with(|q| {
                    q.borrow_mut()
                        .push((w.category_name.clone(), w.message.clone()))
                });
            }
        })));
    });
}

/// Emits the warnings queued on this thread with
/// `process.emitWarning(message, category)`.
fn emit_pending_warnings(env: &Env) -> Result<()> {
    let pending = PENDING_WARNINGS.with(|q| std::mem::take(&mut *q.borrow_mut()));
    if pending.is_empty() {
        return Ok(());
    }
    let raw = env.raw();
    let mut global = ptr::null_mut();
    let mut process = ptr::null_mut();
    let mut emit = ptr::null_mut();
    // SAFETY: (all) values of the current env and scope, inside a napi call.
    unsafe {
        check(sys::napi_get_global(raw, &mut global))?;
        check(sys::napi_get_named_property(
            raw,
            global,
            c"process".as_ptr(),
            &mut process,
        ))?;
        check(sys::napi_get_named_property(
            raw,
            process,
            c"emitWarning".as_ptr(),
            &mut emit,
        ))?;
        for (category, message) in pending {
            let argv = [
                String::to_napi_value(raw, message)?,
                String::to_napi_value(raw, category)?,
            ];
            let mut ignored = ptr::null_mut();
            check(sys::napi_call_function(
                raw,
                process,
                emit,
                2,
                argv.as_ptr(),
                &mut ignored,
            ))?;
        }
    }
    Ok(())
}

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
        let _gil = Gil::acquire();
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
                    let key = std::ffi::CString::new(name)
                        .map_err(|e| Error::from_reason(e.to_string()))?;
                    // SAFETY: values of the current scope.
                    check(unsafe { sys::napi_set_named_property(env.raw(), out, key.as_ptr(), js) })
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
    /// `False`; integral numbers and bigints `int` (OverflowError outside
    /// its 128 bits); other numbers `float`; strings `str`; a
    /// `PyObjectHandle` its object (unwrapped when this extension made it).
    /// The result: None gives `undefined`; bool, int, float and str their
    /// JS values (ints outside the safe-integer range as bigints); an
    /// object that exports a buffer a `PyObjectHandle` of it; anything else
    /// a TypeError. A C error becomes the JS error it maps to; NULL without
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
        let kwnames = kwnames.unwrap_or_default();
        let kwvalues = kwvalues.unwrap_or_default();
        if kwnames.len() != kwvalues.len() {
            return Err(errors::raise(
                Exc::SystemError,
                format!(
                    "{}.{}: {} keyword names for {} keyword values",
                    m.name,
                    f.name,
                    kwnames.len(),
                    kwvalues.len()
                ),
            ));
        }
        let func = || format!("{}.{}", m.name, f.name);
        // Held from the first argument made to the last reference dropped:
        // the call and the deallocs it may trigger run extension code.
        let _gil = Gil::acquire();
        let mut converted = Args {
            objects: Vec::with_capacity(args.len() + kwvalues.len()),
            owned: Vec::with_capacity(args.len() + kwvalues.len()),
        };
        for (i, a) in args.iter().chain(kwvalues.iter()).enumerate() {
            push_arg(&env, &mut converted, a, i, &func, &m.lib)?;
        }
        let (positional, keywords) = converted.objects.split_at(args.len());
        let keywords: Vec<(&str, *mut PyObject)> = kwnames
            .iter()
            .map(String::as_str)
            .zip(keywords.iter().copied())
            .collect();
        // SAFETY: a live function object; every argument is alive until
        // `converted` drops (the handles of borrowed ones are held by the
        // caller).
        let res = unsafe { call::call(f.func, positional, &keywords) };
        drop(keywords);
        drop(converted);
        let out = match res {
            // SAFETY: a new reference to the result.
            Ok(obj) => unsafe { result_to_js(&env, obj, &m.lib, &func) },
            Err(info) => Err(errors::from_info(info)),
        };
        emit_pending_warnings(&env)?;
        out
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

// ==========================================================================
// bytes and bytearray as Buffers
// ==========================================================================

/// Which of `bytes` / `bytearray` (or their subclasses) `obj` is, if either.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn bytes_kind(obj: *mut PyObject) -> Option<&'static str> {
    use pybuffer::objects::bytearrayobject::PyByteArray_Type;
    use pybuffer::objects::bytesobject::PyBytes_Type;
    use pybuffer::objects::typeobject::PyType_IsSubtype;
    // SAFETY: live per the contract; the types are static.
    unsafe {
        let ty = (*obj).ob_type;
        if PyType_IsSubtype(ty, PyBytes_Type.get()) != 0 {
            Some("bytes")
        } else if PyType_IsSubtype(ty, PyByteArray_Type.get()) != 0 {
            Some("bytearray")
        } else {
            None
        }
    }
}

/// Whether `obj` is exactly a `bytes` or `bytearray` (the shim's own code:
/// no wrapper is needed to keep a library loaded for it).
///
/// # Safety
/// `obj` must be a live object.
unsafe fn is_exact_bytes_or_bytearray(obj: *mut PyObject) -> bool {
    use pybuffer::objects::bytearrayobject::PyByteArray_Type;
    use pybuffer::objects::bytesobject::PyBytes_Type;
    // SAFETY: live per the contract.
    let ty = unsafe { (*obj).ob_type };
    ty == PyBytes_Type.get() || ty == PyByteArray_Type.get()
}

/// `"bytes"` or `"bytearray"` for such an object, else null.
#[napi]
pub fn extension_bytes_kind(obj: &PyObjectHandle) -> Result<Option<String>> {
    let obj = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    Ok(unsafe { bytes_kind(obj) }.map(str::to_owned))
}

/// Releases the export a Buffer of [`extension_bytes_buffer`] held.
unsafe extern "C" fn release_bytes_export(
    _env: sys::napi_env,
    _data: *mut c_void,
    hint: *mut c_void,
) {
    let _gil = Gil::acquire();
    // SAFETY: `hint` is the Box<Py_buffer> made in extension_bytes_buffer,
    // handed to this finalizer once.
    let mut view = unsafe { Box::from_raw(hint.cast::<Py_buffer>()) };
    // SAFETY: a view acquired there and not yet released.
    unsafe { PyBuffer_Release(&mut *view) };
}

/// A Buffer over the memory of a `bytes` or `bytearray`, zero-copy: it
/// holds an export of the object until it is collected, so the object stays
/// alive and a bytearray cannot be resized (BufferError) meanwhile.
#[napi(ts_return_type = "Buffer")]
pub fn extension_bytes_buffer(env: Env, obj: &PyObjectHandle) -> Result<sys::napi_value> {
    let obj = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    if unsafe { bytes_kind(obj) }.is_none() {
        return Err(errors::raise(
            Exc::TypeError,
            "expected a bytes or bytearray object",
        ));
    }
    let _gil = Gil::acquire();
    // SAFETY: a zeroed Py_buffer is a valid target for GetBuffer.
    let mut view: Box<Py_buffer> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: a live object; `view` is writable.
    if unsafe { PyObject_GetBuffer(obj, &mut *view, pybuf::PyBUF_SIMPLE) } != 0 {
        return Err(errors::take());
    }
    let (buf, len) = (view.buf, view.len as usize);
    let hint = Box::into_raw(view);
    let mut out = ptr::null_mut();
    // SAFETY: the memory stays valid until the finalizer releases the export
    // (bytes data is inline and immutable in size; a bytearray with an export
    // cannot be resized).
    let status = unsafe {
        if len == 0 {
            // An external buffer needs memory; an empty one is a plain Buffer
            // (the export is released at once).
            let mut data = ptr::null_mut();
            let s = sys::napi_create_buffer(env.raw(), 0, &mut data, &mut out);
            release_bytes_export(env.raw(), ptr::null_mut(), hint.cast());
            s
        } else {
            let s = sys::napi_create_external_buffer(
                env.raw(),
                len,
                buf,
                Some(release_bytes_export),
                hint.cast(),
                &mut out,
            );
            if s != sys::Status::napi_ok {
                release_bytes_export(env.raw(), ptr::null_mut(), hint.cast());
            }
            s
        }
    };
    check(status)?;
    Ok(out)
}

/// A new `bytes` (or `bytearray` when `mutable`) holding a copy of `data`.
#[napi]
pub fn extension_new_bytes(data: &[u8], mutable: bool) -> Result<PyObjectHandle> {
    use pybuffer::objects::bytearrayobject::PyByteArray_FromStringAndSize;
    use pybuffer::objects::bytesobject::PyBytes_FromStringAndSize;
    let _gil = Gil::acquire();
    let n = data.len() as Py_ssize_t;
    // SAFETY: `data` is readable for its length and copied.
    let obj = unsafe {
        if mutable {
            PyByteArray_FromStringAndSize(data.as_ptr().cast(), n)
        } else {
            PyBytes_FromStringAndSize(data.as_ptr().cast(), n)
        }
    };
    if obj.is_null() {
        return Err(errors::take());
    }
    // SAFETY: a new reference, given to the handle.
    Ok(unsafe { PyObjectHandle::from_owned(obj) })
}
