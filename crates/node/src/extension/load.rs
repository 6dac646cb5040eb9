//! Opening extension libraries, making the shim global, and initialising modules.

use super::*;

// ==========================================================================
// Libraries and modules
// ==========================================================================

/// An extension's shared library. Dropping the last `Arc` unloads it.
pub struct ExtLib {
    /// Declared first: closed before `keeps` lets the libraries it holds
    /// go (the library's finalizers may still use their code).
    pub(super) lib: platform::Library,
    pub(super) path: PathBuf,
    /// The other extension libraries whose objects this one may hold (it
    /// was given one as an argument, or its module holds one of their
    /// types' instances): they stay loaded while it is, as a Python
    /// process never unloads an extension another one still uses. Two
    /// libraries that hold each other stay loaded for good, as CPython's
    /// extensions always do.
    keeps: Mutex<Vec<Arc<ExtLib>>>,
}

impl ExtLib {
    pub(super) fn new(lib: platform::Library, path: PathBuf) -> ExtLib {
        ExtLib {
            lib,
            path,
            keeps: Mutex::new(Vec::new()),
        }
    }

    /// The library's canonical path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps `other` loaded while this library is (nothing for itself).
    pub(super) fn keep(self: &Arc<Self>, other: &Arc<ExtLib>) {
        if Arc::ptr_eq(self, other) {
            return;
        }
        let mut keeps = self.keeps.lock().unwrap_or_else(|e| e.into_inner());
        if !keeps.iter().any(|k| Arc::ptr_eq(k, other)) {
            keeps.push(other.clone());
        }
    }
}

/// A module made by `PyInit_<name>`, shared by every JS object that uses it.
pub(super) struct LoadedModule {
    /// Owned reference to the module object.
    pub(super) module: *mut PyObject,
    pub(super) name: String,
    pub(super) doc: Option<String>,
    /// The functions, in table order, one per name.
    pub(super) methods: Vec<FunctionEntry>,
    /// The name the module is registered under (see `python::import`).
    pub(super) registered: String,
    /// Declared after `module`: dropped after the module's dealloc (and its
    /// `m_free`, code in the library) has run.
    pub(super) lib: Arc<ExtLib>,
}

// SAFETY: the module pointer is only used through the shim's functions,
// whose reference counting is atomic; the rest is immutable.
unsafe impl Send for LoadedModule {}
// SAFETY: as above.
unsafe impl Sync for LoadedModule {}

impl Drop for LoadedModule {
    fn drop(&mut self) {
        // The module's dealloc and `m_clear` / `m_free` are extension code.
        let _gil = Gil::acquire_lasting();
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
pub(super) struct FunctionEntry {
    pub(super) name: String,
    pub(super) doc: Option<String>,
    pub(super) flags: c_int,
    /// Owned reference to the `builtin_function_or_method`.
    pub(super) func: *mut PyObject,
}

/// Which modules are shared, as CPython shares them between interpreters:
///
/// * a *single-phase* module (`PyInit_<name>` returns the module, made with
///   `PyModule_Create`) is initialised once per process and shared by every
///   JS environment (the main thread and each worker), as CPython keeps one
///   such module per process (`m_size == -1`: its state is C globals);
/// * a *multi-phase* module (`PyInit_<name>` returns its definition,
///   `PyModuleDef_Init`) is created and executed once per JS environment, as
///   CPython does once per interpreter: each gets its own module object and
///   module state (`m_size` bytes), its own `Py_mod_exec` run and its own
///   types. It goes (`m_free`) when that environment's last use of it does:
///   at the latest when the environment is torn down, which finalizes its
///   JS objects.
///
/// Extension code of every environment runs under the one GIL.
#[derive(Default)]
pub(super) struct Registry {
    /// Open libraries by canonical path.
    pub(super) libs: HashMap<PathBuf, Weak<ExtLib>>,
    /// Single-phase modules by canonical path and module name.
    pub(super) modules: HashMap<(PathBuf, String), Weak<LoadedModule>>,
    /// Multi-phase modules by canonical path, module name and JS environment
    /// (its thread number, see `crate::env`).
    pub(super) per_env: HashMap<(PathBuf, String, u64), Weak<LoadedModule>>,
}

/// Loads are serialised: a library is opened, and a module initialised,
/// once even when worker threads load it at the same time.
pub(super) static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

/// An `ImportError`, as CPython raises for these failures (a `PyError` with
/// code `"ImportError"` in JS).
pub(super) fn import_error(message: impl AsRef<str>) -> Error {
    errors::py_error(Exc::Exception, "ImportError", message)
}

/// The error that `info` describes, with `context` before its message.
pub(super) fn with_context(info: PyErrInfo, context: &str) -> Error {
    errors::py_error(
        info.kind,
        &info.type_name,
        format!("{context}: {}", info.message),
    )
}

/// Whether `s` is a C identifier made of ASCII characters, as the
/// `PyInit_<name>` symbol needs.
pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The module name: `name` when given (its last dotted component, as for
/// `pkg.mod`), else the file name up to its first dot, as CPython derives it
/// (`imageops.cpython-311-x86_64-linux-gnu.so` and `imageops.so` give
/// `imageops`).
pub(super) fn module_name_for(path: &Path, given: Option<&str>) -> Result<String> {
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

pub(super) static PROMOTED: OnceLock<std::result::Result<(), String>> = OnceLock::new();

pub(super) fn ensure_promoted() -> Result<()> {
    PROMOTED
        .get_or_init(platform::promote_addon)
        .clone()
        .map_err(|m| import_error(format!("loadExtension: {m}")))
}

// ==========================================================================
// Loading
// ==========================================================================

pub(super) type InitFn = unsafe extern "C" fn() -> *mut PyObject;

pub(super) fn open_library(reg: &mut Registry, path: &Path) -> Result<Arc<ExtLib>> {
    if let Some(lib) = reg.libs.get(path).and_then(Weak::upgrade) {
        return Ok(lib);
    }
    let lib = platform::open_extension(path).map_err(|e| {
        import_error(format!(
            "loadExtension: cannot load {}: {e}",
            path.display()
        ))
    })?;
    let lib = Arc::new(ExtLib::new(lib, path.to_owned()));
    reg.libs.insert(path.to_owned(), Arc::downgrade(&lib));
    Ok(lib)
}

/// Initialises module `name` of `lib`; also says whether it is a
/// multi-phase module (one per JS environment).
pub(super) fn initialise(lib: Arc<ExtLib>, name: &str) -> Result<(LoadedModule, bool)> {
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
    let _gil = Gil::acquire_lasting();
    // The built-in types as CPython's start-up leaves them, before any
    // extension code runs (a no-op after the first load), and
    // Py_IsInitialized() 1 from then on, as in any interpreter that runs
    // extension code (PyO3 checks it before it takes the GIL).
    pybuffer::python::pylifecycle::start_hosted_runtime();
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
    // SAFETY: a live object, as checked above.
    let multi_phase = unsafe { is_module_def(m) };
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
    // Cython (binding=False) makes a module's functions with no self,
    // naming the module by its name instead.
    // SAFETY: `module` is NULL or a live object.
    let names_module = |module: *mut PyObject| unsafe {
        if module.is_null() || (*(*module).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS == 0 {
            return false;
        }
        let text = pybuffer::objects::unicodeobject::PyUnicode_AsUTF8(module);
        if text.is_null() {
            pyerr::PyErr_Clear();
            return false;
        }
        CStr::from_ptr(text).to_bytes() == mname.as_bytes()
    };
    for (fname, obj) in entries {
        // SAFETY: a live entry; a function's def outlives it.
        unsafe {
            let f = obj.cast::<PyCFunctionObject>();
            if is_cfunction(obj)
                && ((*f).m_self == m || ((*f).m_self.is_null() && names_module((*f).m_module)))
            {
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
    Ok((
        LoadedModule {
            module: m,
            name: mname,
            doc,
            methods,
            registered: name.to_owned(),
            lib,
        },
        multi_phase,
    ))
}

pub(super) fn load(path: &Path, given: Option<&str>) -> Result<Arc<LoadedModule>> {
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
    reg.per_env.retain(|_, w| w.strong_count() > 0);
    let key = (canonical.clone(), name.clone());
    let env_key = (
        canonical.clone(),
        name.clone(),
        crate::env::current_thread(),
    );
    if let Some(m) = reg.modules.get(&key).and_then(Weak::upgrade) {
        return Ok(m);
    }
    if let Some(m) = reg.per_env.get(&env_key).and_then(Weak::upgrade) {
        return Ok(m);
    }
    let lib = open_library(&mut reg, &canonical)?;
    let (module, multi_phase) = initialise(lib, &name)?;
    keep_type_libraries(&reg, &module);
    let module = Arc::new(module);
    if multi_phase {
        reg.per_env.insert(env_key, Arc::downgrade(&module));
    } else {
        reg.modules.insert(key, Arc::downgrade(&module));
    }
    Ok(module)
}

/// The loaded extension library (other than the shim) that defines the
/// type `ty`: the library holding the type itself (a static type) or, for
/// a heap type, one of its C slots.
///
/// # Safety
/// `ty` must be a live type.
pub(super) unsafe fn library_of_type(reg: &Registry, ty: *mut PyTypeObject) -> Option<Arc<ExtLib>> {
    // SAFETY: live per the contract.
    if unsafe { is_builtin_type(ty) } {
        return None;
    }
    // SAFETY: live per the contract; the slots are read, not called.
    let candidates = unsafe {
        [
            ty as *const c_void,
            (*ty).tp_dealloc.map_or(ptr::null(), |f| f as *const c_void),
            (*ty).tp_new.map_or(ptr::null(), |f| f as *const c_void),
            (*ty).tp_init.map_or(ptr::null(), |f| f as *const c_void),
        ]
    };
    candidates
        .into_iter()
        .filter(|a| !a.is_null())
        .filter_map(platform::object_of)
        .find_map(|(path, _)| reg.libs.get(&path).and_then(Weak::upgrade))
}

/// Makes the library of `module` keep the other extension libraries that
/// define the types of its attributes (and the types among them): cffi's
/// out-of-line modules hold an `ffi` and a `lib` whose types
/// `_cffi_backend` defines, and JS reaches them through this module alone.
fn keep_type_libraries(reg: &Registry, module: &LoadedModule) {
    // Type objects' attributes are read under the GIL.
    let _gil = Gil::acquire_lasting();
    // SAFETY: a live module; the entries are new references.
    let entries = unsafe { module::module_entries(module.module) }.unwrap_or_default();
    for (_, obj) in entries {
        // SAFETY: a live entry (our reference); its type outlives it.
        unsafe {
            let ty = if is_type_object(obj) {
                obj.cast()
            } else {
                (*obj).ob_type
            };
            if let Some(owner) = library_of_type(reg, ty) {
                module.lib.keep(&owner);
            }
            Py_DecRef(obj);
        }
    }
}
