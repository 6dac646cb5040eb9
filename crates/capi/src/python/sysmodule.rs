//! The `sys` module (CPython's `Python/sysmodule.c`): the facts of this
//! library C code asks sys for, `PySys_GetObject`/`PySys_SetObject`, the
//! writers `PySys_WriteStdout` & co, and audit hooks.
//!
//! # Design
//! 1. **What sys holds.** There is no interpreter, so nothing of one:
//!    no `argv`, `path`, `executable`, `flags` or `implementation`, and no
//!    `stdin`/`stdout`/`stderr`. The module holds what is true of the
//!    library: `modules` (the dict of `PyImport_GetModuleDict`), `maxsize`,
//!    `maxunicode`, `byteorder`, `platform`, the version attributes
//!    (`version_info` & co, from `patchlevel.h`), `float_info`, `int_info`,
//!    `thread_info`, `hash_info`, `copyright`, `warnoptions` and
//!    `_xoptions` (empty), and the functions that need no interpreter
//!    (`getrefcount`, `getsizeof`, `intern`, `exc_info`, `exception`, the
//!    encodings, the recursion limit, `audit`, `addaudithook`, ...). C code
//!    may store more with `PySys_SetObject`.
//! 2. **Writing.** `PySys_WriteStdout`/`Stderr` and `PySys_FormatStdout`/
//!    `Stderr` (sysmodule.c, variadic) call `write` on `sys.stdout` or
//!    `sys.stderr`, and fall back to C's stdout/stderr when the attribute is
//!    missing or its `write` fails, as CPython does. So text goes to the
//!    process's stdio unless C code installs a writer with
//!    `PySys_SetObject("stdout", writer)`.
//! 3. **Audit hooks.** C hooks (`PySys_AddAuditHook`) are process-wide and
//!    run first; Python hooks (`sys.addaudithook`) are kept in a list the
//!    module owns. Neither kind can be removed, as in CPython. With no hook,
//!    `PySys_Audit` returns 0 before it builds its arguments.
//! 4. **The module is made once**, on first use (an import of "sys" or a
//!    `PySys_*` call), registered like the other built-in modules, and
//!    never freed: `PySys_GetObject` lends references from its dict.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::ffi::*;
use crate::objects::dictobject::{
    PyDict_DelItem, PyDict_GetItemWithError, PyDict_New, PyDict_SetItem, PyDict_SetItemString,
};
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::PyFloat_FromDouble;
use crate::objects::listobject::{PyList_Append, PyList_New, PyList_Size};
use crate::objects::longobject::{PyLong_AsSsize_t, PyLong_FromLong, PyLong_FromSsize_t};
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, Py_REFCNT, is_str, py_none, recursion_depth, recursion_limit,
    set_recursion_limit, type_name_of, type_of,
};
use crate::objects::structseq::{
    PyStructSequence_Desc, PyStructSequence_Field, PyStructSequence_New, PyStructSequence_NewType,
    PyStructSequence_SetItem,
};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_New, PyTuple_SetItem, PyTuple_Size};
use crate::objects::unicodeobject::{PyUnicode_InternInPlace, unicode_from_str};
use crate::python::clinic::{method_with_doc, static_parser};
use crate::python::errors;

// ==========================================================================
// The module
// ==========================================================================

// The version patchlevel.h gives C (`PY_VERSION_HEX`); a test checks that
// the two agree.
const PY_MAJOR_VERSION: u32 = 3;
const PY_MINOR_VERSION: u32 = 11;
const PY_MICRO_VERSION: u32 = 7;
/// `PY_RELEASE_LEVEL_FINAL`.
const PY_RELEASE_LEVEL: u32 = 0xF;
const PY_RELEASE_SERIAL: u32 = 0;
const PY_VERSION_HEX: u32 = (PY_MAJOR_VERSION << 24)
    | (PY_MINOR_VERSION << 16)
    | (PY_MICRO_VERSION << 8)
    | (PY_RELEASE_LEVEL << 4)
    | PY_RELEASE_SERIAL;

// Declared by hand: the variadic parser lives in `getargs.c`.
unsafe extern "C" {
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
}

/// The module, made on first use and kept for the life of the process.
static MODULE: crate::modules::MadeOnce = crate::modules::MadeOnce::new();

/// The `sys` module as a new reference, made on first use; NULL with the
/// error (MemoryError) if it cannot be made.
pub(crate) fn module() -> *mut PyObject {
    MODULE.new_ref(|| {
        let m = make_module();
        if !m.is_null() {
            // SAFETY: the live module; the registry takes its own reference.
            unsafe { crate::python::import::register_module("sys", m) };
        }
        m
    })
}

/// The module's dict (borrowed; the module is never freed), or NULL with
/// the error of making the module.
fn sys_dict() -> *mut PyObject {
    let m = module();
    if m.is_null() {
        return m;
    }
    // SAFETY: a live module; `MODULE` keeps it, and so its dict, alive
    // after the reference taken above is dropped.
    unsafe {
        let d = crate::objects::moduleobject::PyModule_GetDict(m);
        Py_DecRef(m);
        d
    }
}

/// Stores `value` (a new reference, or NULL with an error) as `name` in
/// `dict`; false with the error when either fails.
///
/// # Safety
/// `dict` must be a live dict.
unsafe fn put(dict: *mut PyObject, name: &CStr, value: *mut PyObject) -> bool {
    let Some(value) = Owned::new(value) else {
        return false;
    };
    // SAFETY: per the contract; a NUL-terminated name and a live value.
    unsafe { PyDict_SetItemString(dict, name.as_ptr(), value.as_ptr()) == 0 }
}

fn make_module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static method table outlives the
    // module; every object made here is checked before it is stored.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(c"sys".as_ptr()))
        else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(m.as_ptr(), SYS_METHODS.get().cast())
            < 0
        {
            return ptr::null_mut();
        }
        let d = crate::objects::moduleobject::PyModule_GetDict(m.as_ptr());
        let modules = crate::python::import::PyImport_GetModuleDict();
        if modules.is_null() {
            return ptr::null_mut();
        }
        Py_IncRef(modules);
        let byteorder = if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        };
        let platform = crate::python::pylifecycle::PLATFORM
            .to_str()
            .expect("an ASCII name");
        let version = format!(
            "{}.{}.{} (pybuffer {})",
            PY_MAJOR_VERSION,
            PY_MINOR_VERSION,
            PY_MICRO_VERSION,
            env!("CARGO_PKG_VERSION")
        );
        let ok = put(d, c"modules", modules)
            && put(d, c"maxsize", PyLong_FromSsize_t(Py_ssize_t::MAX))
            && put(d, c"maxunicode", PyLong_FromLong(0x10FFFF))
            && put(d, c"byteorder", unicode_from_str(byteorder))
            && put(d, c"platform", unicode_from_str(platform))
            && put(d, c"version", unicode_from_str(&version))
            && put(
                d,
                c"copyright",
                unicode_from_str(
                    crate::python::pylifecycle::COPYRIGHT
                        .to_str()
                        .expect("ASCII text"),
                ),
            )
            && put(d, c"hexversion", PyLong_FromLong(PY_VERSION_HEX as _))
            && put(d, c"api_version", PyLong_FromLong(PYTHON_API_VERSION as _))
            && put(d, c"float_repr_style", unicode_from_str("short"))
            && put(d, c"version_info", version_info())
            && put(d, c"float_info", float_info())
            && put(d, c"int_info", int_info())
            && put(d, c"thread_info", thread_info())
            && put(d, c"hash_info", hash_info())
            && put(d, c"warnoptions", PyList_New(0))
            && put(d, c"_xoptions", PyDict_New());
        if !ok {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

// ==========================================================================
// The struct sequences: version_info, float_info, int_info, hash_info
// ==========================================================================

/// One value of a struct sequence being built.
enum Field {
    Int(i64),
    Float(f64),
    Str(&'static str),
    /// An owned string (NULL for None).
    Text(Option<String>),
}

/// A struct sequence type of sys, made on first use and kept for the life
/// of the process, so that every instance (`sys.float_info`,
/// `PyFloat_GetInfo()`, ...) has the same type, as CPython's static types
/// give.
struct SeqType {
    /// The type once made.
    ty: AtomicPtr<PyTypeObject>,
    name: &'static CStr,
    doc: Option<&'static CStr>,
    /// Field names and docs.
    fields: &'static [(&'static CStr, Option<&'static CStr>)],
    /// Whether calling the type is refused (CPython refuses it for
    /// `sys.version_info` only).
    no_new: bool,
}

impl SeqType {
    const fn new(
        name: &'static CStr,
        doc: Option<&'static CStr>,
        fields: &'static [(&'static CStr, Option<&'static CStr>)],
        no_new: bool,
    ) -> Self {
        SeqType {
            ty: AtomicPtr::new(ptr::null_mut()),
            name,
            doc,
            fields,
            no_new,
        }
    }

    /// The type (borrowed: kept for the life of the process), made now if
    /// needed; NULL with the error. The caller holds the GIL, which
    /// serialises the first calls.
    fn get(&self) -> *mut PyTypeObject {
        let ty = self.ty.load(Ordering::Acquire);
        if !ty.is_null() {
            return ty;
        }
        let mut descs: Vec<PyStructSequence_Field> = self
            .fields
            .iter()
            .map(|(n, doc)| PyStructSequence_Field {
                name: n.as_ptr(),
                doc: doc.map_or(ptr::null(), CStr::as_ptr),
            })
            .collect();
        descs.push(PyStructSequence_Field {
            name: ptr::null(),
            doc: ptr::null(),
        });
        let mut desc = PyStructSequence_Desc {
            name: self.name.as_ptr(),
            doc: self.doc.map_or(ptr::null(), CStr::as_ptr),
            fields: descs.as_mut_ptr(),
            n_in_sequence: self.fields.len() as c_int,
        };
        // SAFETY: the descriptor and its fields live across the call, which
        // copies what it keeps (the names and docs are static); the new
        // type is checked before use.
        unsafe {
            let tp = PyStructSequence_NewType(&mut desc).cast::<PyTypeObject>();
            if tp.is_null() {
                return tp;
            }
            if self.no_new {
                // As CPython's: `sys.version_info(...)` is a TypeError.
                (*tp).tp_new = None;
            }
            // The slot keeps the new reference for the life of the process.
            self.ty.store(tp, Ordering::Release);
            tp
        }
    }

    /// A new instance holding `values` (one per field); NULL with the
    /// error.
    fn instance(&self, values: Vec<Field>) -> *mut PyObject {
        debug_assert_eq!(values.len(), self.fields.len());
        let tp = self.get();
        if tp.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: a ready struct sequence type with one slot per value.
        unsafe {
            let Some(seq) = Owned::new(PyStructSequence_New(tp)) else {
                return ptr::null_mut();
            };
            for (i, value) in values.into_iter().enumerate() {
                let item = match value {
                    Field::Int(v) => crate::objects::longobject::PyLong_FromLongLong(v),
                    Field::Float(v) => PyFloat_FromDouble(v),
                    Field::Str(s) => unicode_from_str(s),
                    Field::Text(Some(s)) => unicode_from_str(&s),
                    Field::Text(None) => crate::objects::object::none(),
                };
                if item.is_null() {
                    return ptr::null_mut();
                }
                PyStructSequence_SetItem(seq.as_ptr(), i as Py_ssize_t, item);
            }
            seq.into_raw()
        }
    }
}

static VERSION_INFO: SeqType = SeqType::new(
    c"sys.version_info",
    Some(c"sys.version_info\n\nVersion information as a named tuple."),
    &[
        (c"major", Some(c"Major release number")),
        (c"minor", Some(c"Minor release number")),
        (c"micro", Some(c"Patch release number")),
        (
            c"releaselevel",
            Some(c"'alpha', 'beta', 'candidate', or 'final'"),
        ),
        (c"serial", Some(c"Serial release number")),
    ],
    true,
);

fn version_info() -> *mut PyObject {
    let level = match PY_RELEASE_LEVEL {
        0xA => "alpha",
        0xB => "beta",
        0xC => "candidate",
        _ => "final",
    };
    VERSION_INFO.instance(vec![
        Field::Int(PY_MAJOR_VERSION as i64),
        Field::Int(PY_MINOR_VERSION as i64),
        Field::Int(PY_MICRO_VERSION as i64),
        Field::Str(level),
        Field::Int(PY_RELEASE_SERIAL as i64),
    ])
}

static FLOAT_INFO: SeqType = SeqType::new(
    c"sys.float_info",
    Some(c"sys.float_info\n\nA named tuple holding information about the float type. It contains low level\ninformation about the precision and internal representation. Please study\nyour system's :file:`float.h` for more information."),
    &[
        (c"max", Some(c"DBL_MAX -- maximum representable finite float")),
        (c"max_exp", Some(c"DBL_MAX_EXP -- maximum int e such that radix**(e-1) is representable")),
        (c"max_10_exp", Some(c"DBL_MAX_10_EXP -- maximum int e such that 10**e is representable")),
        (c"min", Some(c"DBL_MIN -- Minimum positive normalized float")),
        (c"min_exp", Some(c"DBL_MIN_EXP -- minimum int e such that radix**(e-1) is a normalized float")),
        (c"min_10_exp", Some(c"DBL_MIN_10_EXP -- minimum int e such that 10**e is a normalized float")),
        (c"dig", Some(c"DBL_DIG -- maximum number of decimal digits that can be faithfully represented in a float")),
        (c"mant_dig", Some(c"DBL_MANT_DIG -- mantissa digits")),
        (c"epsilon", Some(c"DBL_EPSILON -- Difference between 1 and the next representable float")),
        (c"radix", Some(c"FLT_RADIX -- radix of exponent")),
        (c"rounds", Some(c"FLT_ROUNDS -- rounding mode used for arithmetic operations")),
    ],
    false,
);

/// A new `sys.float_info` (what `PyFloat_GetInfo` returns); NULL with the
/// error.
pub(crate) fn float_info() -> *mut PyObject {
    FLOAT_INFO.instance(vec![
        Field::Float(f64::MAX),
        Field::Int(f64::MAX_EXP as i64),
        Field::Int(f64::MAX_10_EXP as i64),
        Field::Float(f64::MIN_POSITIVE),
        Field::Int(f64::MIN_EXP as i64),
        Field::Int(f64::MIN_10_EXP as i64),
        Field::Int(f64::DIGITS as i64),
        Field::Int(f64::MANTISSA_DIGITS as i64),
        Field::Float(f64::EPSILON),
        Field::Int(f64::RADIX as i64),
        // FLT_ROUNDS: round to nearest, which Rust's floats always use.
        Field::Int(1),
    ])
}

static INT_INFO: SeqType = SeqType::new(
    c"sys.int_info",
    Some(c"sys.int_info\n\nA named tuple that holds information about Python's\ninternal representation of integers.  The attributes are read only."),
    &[
        (c"bits_per_digit", Some(c"size of a digit in bits")),
        (c"sizeof_digit", Some(c"size in bytes of the C type used to represent a digit")),
        (c"default_max_str_digits", Some(c"maximum string conversion digits limitation")),
        (c"str_digits_check_threshold", Some(c"minimum positive value for int_max_str_digits")),
    ],
    false,
);

/// A new `sys.int_info` (what `PyLong_GetInfo` returns); NULL with the
/// error.
pub(crate) fn int_info() -> *mut PyObject {
    INT_INFO.instance(vec![
        Field::Int(PyLong_SHIFT as i64),
        Field::Int(size_of::<u32>() as i64),
        Field::Int(crate::objects::longobject::MAX_STR_DIGITS as i64),
        Field::Int(640),
    ])
}

static THREAD_INFO: SeqType = SeqType::new(
    c"sys.thread_info",
    Some(c"sys.thread_info\n\nA named tuple holding information about the thread implementation."),
    &[
        (c"name", Some(c"name of the thread implementation")),
        (c"lock", Some(c"name of the lock implementation")),
        (c"version", Some(c"name and version of the thread library")),
    ],
    false,
);

/// A new `sys.thread_info` (what `PyThread_GetInfo` returns); NULL with
/// the error. The values are those CPython 3.11 reports on the same
/// platform: its thread implementation's name ("pthread", or "nt" on
/// Windows), its lock implementation (POSIX semaphores where CPython uses
/// them, "mutex+cond" where it has none, as on macOS) and the C library's
/// thread version (glibc's `_CS_GNU_LIBPTHREAD_VERSION`, None elsewhere).
pub(crate) fn thread_info() -> *mut PyObject {
    let (name, lock) = if cfg!(windows) {
        ("nt", None)
    } else if cfg!(target_vendor = "apple") {
        ("pthread", Some("mutex+cond"))
    } else {
        ("pthread", Some("semaphore"))
    };
    THREAD_INFO.instance(vec![
        Field::Str(name),
        Field::Text(lock.map(String::from)),
        Field::Text(crate::python::thread::pthread_version()),
    ])
}

static HASH_INFO: SeqType = SeqType::new(
    c"sys.hash_info",
    Some(c"hash_info\n\nA named tuple providing parameters used for computing\nhashes. The attributes are read only."),
    &[
        (c"width", Some(c"width of the type used for hashing, in bits")),
        (c"modulus", Some(c"prime number giving the modulus on which the hash function is based")),
        (c"inf", Some(c"value to be used for hash of a positive infinity")),
        (c"nan", Some(c"value to be used for hash of a nan")),
        (c"imag", Some(c"multiplier used for the imaginary part of a complex number")),
        (c"algorithm", Some(c"name of the algorithm for hashing of str, bytes and memoryviews")),
        (c"hash_bits", Some(c"internal output size of hash algorithm")),
        (c"seed_bits", Some(c"seed size of hash algorithm")),
        (c"cutoff", Some(c"small string optimization cutoff")),
    ],
    false,
);

fn hash_info() -> *mut PyObject {
    use crate::python::pyhash::{HASH_INF, HASH_MODULUS};
    HASH_INFO.instance(vec![
        Field::Int(8 * size_of::<Py_hash_t>() as i64),
        Field::Int(HASH_MODULUS as i64),
        Field::Int(HASH_INF as i64),
        Field::Int(0),
        // _PyHASH_IMAG (pyhash.h's _PyHASH_MULTIPLIER), as complex hashes use.
        Field::Int(1_000_003),
        Field::Str("siphash13"),
        Field::Int(64),
        Field::Int(128),
        Field::Int(0),
    ])
}

// ==========================================================================
// PySys_GetObject, PySys_SetObject, the X options and warning options
// ==========================================================================

/// `PySys_GetObject(name)`: `sys.<name>` (borrowed), or NULL without an
/// error when there is no such attribute. An error pending before the
/// call is kept; one raised by the lookup is dropped, as in CPython.
///
/// # Safety
/// `name` must be NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySys_GetObject(name: *const c_char) -> *mut PyObject {
    let mut saved = [ptr::null_mut(); 3];
    // SAFETY: writable slots; the pending error (if any) moves into them
    // and back.
    unsafe { errors::PyErr_Fetch(&mut saved[0], &mut saved[1], &mut saved[2]) };
    // SAFETY: `name` is NUL-terminated per the contract.
    let value = unsafe { lookup(name) };
    // SAFETY: the references fetched above, given back.
    unsafe { errors::PyErr_Restore(saved[0], saved[1], saved[2]) };
    value
}

/// `sys.<name>` (borrowed) or NULL, perhaps with an error set.
///
/// # Safety
/// `name` must be NUL-terminated.
unsafe fn lookup(name: *const c_char) -> *mut PyObject {
    let d = sys_dict();
    if d.is_null() {
        return d;
    }
    // SAFETY: a NUL-terminated name per the contract.
    let Some(key) =
        Owned::new(unsafe { crate::objects::unicodeobject::PyUnicode_FromString(name) })
    else {
        return ptr::null_mut();
    };
    // SAFETY: the live sys dict and key; the value stays owned by the dict.
    unsafe { PyDict_GetItemWithError(d, key.as_ptr()) }
}

/// `PySys_SetObject(name, v)`: sets `sys.<name>` to `v`, or deletes it
/// when `v` is NULL (deleting a missing name is not an error). 0, or -1
/// with the error.
///
/// # Safety
/// `name` must be NUL-terminated; `v` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySys_SetObject(name: *const c_char, v: *mut PyObject) -> c_int {
    let d = sys_dict();
    if d.is_null() {
        return -1;
    }
    // SAFETY: a NUL-terminated name per the contract.
    let Some(key) =
        Owned::new(unsafe { crate::objects::unicodeobject::PyUnicode_FromString(name) })
    else {
        return -1;
    };
    // SAFETY: the live sys dict and key; `v` per the contract.
    unsafe {
        if !v.is_null() {
            return PyDict_SetItem(d, key.as_ptr(), v);
        }
        if PyDict_GetItemWithError(d, key.as_ptr()).is_null() {
            return if errors::PyErr_Occurred().is_null() {
                0
            } else {
                -1
            };
        }
        PyDict_DelItem(d, key.as_ptr())
    }
}

/// `PySys_GetXOptions()`: the dict `sys._xoptions` (borrowed), replaced by
/// a new empty dict first when it is missing or not a dict; NULL with the
/// error.
#[unsafe(no_mangle)]
pub extern "C" fn PySys_GetXOptions() -> *mut PyObject {
    // SAFETY: a NUL-terminated name.
    let current = unsafe { lookup(c"_xoptions".as_ptr()) };
    // SAFETY: a live value of the sys dict, when not NULL.
    if !current.is_null() && unsafe { crate::objects::dictobject::is_dict(current) } {
        return current;
    }
    if !errors::PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    let Some(fresh) = Owned::new(PyDict_New()) else {
        return ptr::null_mut();
    };
    // SAFETY: a NUL-terminated name and a live dict, which sys then holds
    // (so the borrowed result stays valid).
    if unsafe { PySys_SetObject(c"_xoptions".as_ptr(), fresh.as_ptr()) } < 0 {
        return ptr::null_mut();
    }
    fresh.as_ptr()
}

/// `PySys_HasWarnOptions()`: 1 when `sys.warnoptions` is a non-empty
/// list, else 0.
#[unsafe(no_mangle)]
pub extern "C" fn PySys_HasWarnOptions() -> c_int {
    // SAFETY: a NUL-terminated name; the value (if any) is live.
    unsafe {
        let w = PySys_GetObject(c"warnoptions".as_ptr());
        (!w.is_null() && crate::objects::listobject::is_list(w) && PyList_Size(w) > 0) as c_int
    }
}

// ==========================================================================
// Writing: the Rust half of sysmodule.c's PySys_Write*/PySys_Format*
// ==========================================================================

/// Writes the str `text` with `sys.<stream>.write` ("stdout" or
/// "stderr"): 0, or -1 (with an error, or none when the attribute is
/// missing) for the caller to fall back to C stdio.
///
/// # Safety
/// `stream` must be NUL-terminated; `text` a live str.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_sys_write_str(stream: *const c_char, text: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let file = lookup(stream);
        if file.is_null() {
            return -1;
        }
        let Some(file) = Owned::new({
            Py_IncRef(file);
            file
        }) else {
            return -1;
        };
        let Some(name) = Owned::new(unicode_from_str("write")) else {
            return -1;
        };
        let r = crate::objects::call::PyObject_CallMethodOneArg(file.as_ptr(), name.as_ptr(), text);
        if r.is_null() {
            return -1;
        }
        Py_DecRef(r);
        0
    }
}

// ==========================================================================
// Audit hooks
// ==========================================================================

/// `Py_AuditHookFunction`.
#[allow(non_camel_case_types)]
pub type Py_AuditHookFunction = unsafe extern "C" fn(
    event: *const c_char,
    args: *mut PyObject,
    user_data: *mut c_void,
) -> c_int;

/// A C hook and its user data (a pointer C gave, passed back untouched).
#[derive(Clone, Copy)]
struct CHook(Py_AuditHookFunction, usize);

/// The C hooks, in the order they were added.
static C_HOOKS: Mutex<Vec<CHook>> = Mutex::new(Vec::new());

/// The list of Python hooks (`sys.addaudithook`), made with the first.
static PY_HOOKS: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// Whether any hook is installed: without one, auditing does nothing.
#[unsafe(no_mangle)]
pub extern "C" fn _Pyb_sys_auditing() -> c_int {
    let c = !C_HOOKS.lock().unwrap_or_else(|e| e.into_inner()).is_empty();
    let py = PY_HOOKS.load(Ordering::Acquire);
    // SAFETY: the list, once made, is never freed.
    (c || (!py.is_null() && unsafe { PyList_Size(py) } > 0)) as c_int
}

/// Runs every hook on `event` with the tuple `args`: C hooks first, then
/// Python hooks called as `hook(event, args)`. 0, or -1 with the error of
/// the first hook that failed (the rest are not called).
///
/// # Safety
/// `event` must be NUL-terminated; `args` a live tuple.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_sys_run_audit_hooks(
    event: *const c_char,
    args: *mut PyObject,
) -> c_int {
    // A copy, so that a hook may add hooks without deadlocking.
    let hooks = C_HOOKS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for CHook(hook, data) in hooks {
        // SAFETY: a hook C registered, called as its signature says.
        if unsafe { hook(event, args, data as *mut c_void) } < 0 {
            if errors::PyErr_Occurred().is_null() {
                errors::raise(
                    Exc::SystemError,
                    "audit hook failed without setting an exception",
                );
            }
            return -1;
        }
    }
    let list = PY_HOOKS.load(Ordering::Acquire);
    // SAFETY: the list is never freed.
    if list.is_null() || unsafe { PyList_Size(list) } == 0 {
        return 0;
    }
    // SAFETY: `event` NUL-terminated per the contract.
    let Some(name) =
        Owned::new(unsafe { crate::objects::unicodeobject::PyUnicode_FromString(event) })
    else {
        return -1;
    };
    // A snapshot: hooks added by a hook run from the next event on.
    // SAFETY: the live list.
    let Some(snapshot) = Owned::new(unsafe { crate::objects::r#abstract::PySequence_Tuple(list) })
    else {
        return -1;
    };
    // SAFETY: a live tuple; each hook is live while the snapshot is.
    unsafe {
        for i in 0..PyTuple_Size(snapshot.as_ptr()) {
            let hook = PyTuple_GetItem(snapshot.as_ptr(), i);
            let stack = [name.as_ptr(), args];
            let r =
                crate::objects::call::PyObject_Vectorcall(hook, stack.as_ptr(), 2, ptr::null_mut());
            if r.is_null() {
                return -1;
            }
            Py_DecRef(r);
        }
    }
    0
}

/// Audits "sys.addaudithook" before a hook is added: 1 to go on, 0 when
/// a hook vetoed it with an error of class `quiet` (cleared: the addition
/// is skipped and reported as done, as CPython does), -1 with any other
/// error. CPython's C function is quiet about RuntimeError, its Python
/// function about any Exception.
fn audit_add_hook(quiet: Exc) -> c_int {
    if _Pyb_sys_auditing() == 0 {
        return 1;
    }
    let Some(args) = Owned::new(PyTuple_New(0)) else {
        return -1;
    };
    // SAFETY: a NUL-terminated event and a live tuple.
    if unsafe { _Pyb_sys_run_audit_hooks(c"sys.addaudithook".as_ptr(), args.as_ptr()) } == 0 {
        return 1;
    }
    // SAFETY: a live exception type.
    if unsafe { errors::PyErr_ExceptionMatches(quiet.type_object()) } != 0 {
        errors::PyErr_Clear();
        return 0;
    }
    -1
}

/// `PySys_AddAuditHook(hook, userData)`: adds a C hook, called on every
/// later audited event with `userData`, after the installed hooks have
/// seen "sys.addaudithook". 0 (also when a hook vetoed the addition with a
/// RuntimeError, as in CPython), or -1 with the error.
///
/// # Safety
/// `hook` must stay callable for the life of the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySys_AddAuditHook(
    hook: Option<Py_AuditHookFunction>,
    user_data: *mut c_void,
) -> c_int {
    match audit_add_hook(Exc::RuntimeError) {
        1 => {}
        0 => return 0,
        _ => return -1,
    }
    let Some(hook) = hook else {
        // CPython stores a NULL hook and crashes on the next event.
        errors::raise(Exc::SystemError, "PySys_AddAuditHook: the hook is NULL");
        return -1;
    };
    let mut hooks = C_HOOKS.lock().unwrap_or_else(|e| e.into_inner());
    if hooks.try_reserve(1).is_err() {
        drop(hooks);
        errors::PyErr_NoMemory();
        return -1;
    }
    hooks.push(CHook(hook, user_data as usize));
    0
}

// ==========================================================================
// The module's functions
// ==========================================================================

static_parser!(ADDAUDITHOOK_KW = [c"hook"]; ADDAUDITHOOK_PARSER = c"addaudithook");

/// `sys.addaudithook(hook)`.
unsafe extern "C" fn sys_addaudithook(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one.
    let Some([hook]) = (unsafe {
        crate::python::clinic::unpack::<1>(&ADDAUDITHOOK_PARSER, args, nargs, kwnames, 1, 1)
    }) else {
        return ptr::null_mut();
    };
    match audit_add_hook(Exc::Exception) {
        1 => {}
        0 => return new_none(),
        _ => return ptr::null_mut(),
    }
    let mut list = PY_HOOKS.load(Ordering::Acquire);
    if list.is_null() {
        list = PyList_New(0);
        if list.is_null() {
            return list;
        }
        // The GIL serialises callers; the list lives as long as the process.
        PY_HOOKS.store(list, Ordering::Release);
    }
    // SAFETY: the live list and hook.
    if unsafe { PyList_Append(list, hook) } < 0 {
        return ptr::null_mut();
    }
    new_none()
}

/// `sys.audit(event, *args)`.
unsafe extern "C" fn sys_audit(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        if !kwnames.is_null() && PyTuple_Size(kwnames) > 0 {
            return errors::fail_null(Exc::TypeError, "sys.audit() takes no keyword arguments");
        }
        if nargs == 0 {
            return errors::fail_null(
                Exc::TypeError,
                "audit() missing 1 required positional argument: 'event'",
            );
        }
        if _Pyb_sys_auditing() == 0 {
            return new_none();
        }
        let event = *args;
        if !is_str(event) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "expected str for argument 'event', not {}",
                    type_name_of(event)
                ),
            );
        }
        let text = crate::objects::unicodeobject::PyUnicode_AsUTF8(event);
        if text.is_null() {
            return ptr::null_mut();
        }
        let Some(rest) = Owned::new(crate::objects::tupleobject::tuple_from_slice(
            std::slice::from_raw_parts(args.add(1), nargs as usize - 1),
        )) else {
            return ptr::null_mut();
        };
        if _Pyb_sys_run_audit_hooks(text, rest.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        new_none()
    }
}

/// `sys.getrefcount(object)`.
unsafe extern "C" fn sys_getrefcount(_m: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with a live object.
    PyLong_FromSsize_t(unsafe { Py_REFCNT(o) })
}

/// `sys.getsizeof(object, default)`.
unsafe extern "C" fn sys_getsizeof(
    _m: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    let mut o: *mut PyObject = ptr::null_mut();
    let mut dflt: *mut PyObject = ptr::null_mut();
    // SAFETY: a tuple call's arguments; the format and keyword list are
    // NUL-terminated and match the two outputs.
    let ok = unsafe {
        PyArg_ParseTupleAndKeywords(
            args,
            kwargs,
            c"O|O:getsizeof".as_ptr(),
            GETSIZEOF_KW.0.as_ptr().cast_mut().cast(),
            &mut o as *mut *mut PyObject,
            &mut dflt as *mut *mut PyObject,
        )
    };
    if ok == 0 {
        return ptr::null_mut();
    }
    // SAFETY: live objects from the parse.
    unsafe {
        match size_of_object(o) {
            Some(n) => PyLong_FromSsize_t(n),
            None => {
                if !dflt.is_null()
                    && errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0
                {
                    errors::PyErr_Clear();
                    Py_IncRef(dflt);
                    return dflt;
                }
                ptr::null_mut()
            }
        }
    }
}

static GETSIZEOF_KW: crate::python::clinic::Keywords<3> =
    crate::python::clinic::Keywords([c"object".as_ptr(), c"default".as_ptr(), ptr::null()]);

/// `o.__sizeof__()` plus the header CPython puts before a collected
/// object (`PyGC_Head`, 16 bytes on 64-bit), or None with the error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn size_of_object(o: *mut PyObject) -> Option<Py_ssize_t> {
    // SAFETY: per the contract.
    unsafe {
        let method = match crate::objects::typeobject::lookup_special(o, "__sizeof__") {
            Ok(Some(m)) => m,
            Ok(None) => {
                errors::raise(
                    Exc::TypeError,
                    format!("Type {} doesn't define __sizeof__", type_name_of(o)),
                );
                return None;
            }
            Err(()) => return None,
        };
        let res = Owned::new(crate::objects::call::PyObject_CallNoArgs(method.as_ptr()))?;
        let n = PyLong_AsSsize_t(res.as_ptr());
        if n == -1 && !errors::PyErr_Occurred().is_null() {
            return None;
        }
        if n < 0 {
            errors::raise(Exc::ValueError, "__sizeof__() should return >= 0");
            return None;
        }
        let gc = crate::objects::typeobject::PyType_GetFlags(type_of(o)) & Py_TPFLAGS_HAVE_GC != 0;
        let header = if gc {
            2 * size_of::<usize>() as Py_ssize_t
        } else {
            0
        };
        Some(n.saturating_add(header))
    }
}

/// `sys.intern(string)`.
unsafe extern "C" fn sys_intern(_m: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with a live object.
    unsafe {
        if !is_str(s) {
            return errors::fail_null(
                Exc::TypeError,
                format!("intern() argument must be str, not {}", type_name_of(s)),
            );
        }
        if type_of(s) != crate::objects::unicodeobject::PyUnicode_Type.get() {
            return errors::fail_null(Exc::TypeError, format!("can't intern {}", type_name_of(s)));
        }
        let mut p = s;
        Py_IncRef(p);
        PyUnicode_InternInPlace(&mut p);
        p
    }
}

/// `sys.exc_info()`: the handled exception's (type, value, traceback).
unsafe extern "C" fn sys_exc_info(_m: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let mut parts = [ptr::null_mut(); 3];
    // SAFETY: writable slots, each given a new reference.
    unsafe { errors::PyErr_GetExcInfo(&mut parts[0], &mut parts[1], &mut parts[2]) };
    let t = PyTuple_New(3);
    for (i, p) in parts.into_iter().enumerate() {
        // SAFETY: a new reference each; the tuple, when made, takes them.
        unsafe {
            if t.is_null() {
                Py_DecRef(p);
            } else {
                PyTuple_SetItem(t, i as Py_ssize_t, p);
            }
        }
    }
    t
}

/// `sys.exception()`: the handled exception, or None.
unsafe extern "C" fn sys_exception(_m: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let e = errors::PyErr_GetHandledException();
    if e.is_null() { new_none() } else { e }
}

/// `sys.getdefaultencoding()` and `sys.getfilesystemencoding()`.
unsafe extern "C" fn sys_utf8(_m: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    unicode_from_str("utf-8")
}

/// `sys.getfilesystemencodeerrors()`.
unsafe extern "C" fn sys_fs_errors(_m: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    unicode_from_str("surrogateescape")
}

/// `sys.getrecursionlimit()`.
unsafe extern "C" fn sys_getrecursionlimit(
    _m: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    PyLong_FromLong(recursion_limit() as _)
}

/// `sys.setrecursionlimit(new_limit, /)`.
unsafe extern "C" fn sys_setrecursionlimit(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with a live object.
    let Some(limit) = (unsafe { crate::python::clinic::int_arg(arg) }) else {
        return ptr::null_mut();
    };
    if limit < 1 {
        return errors::fail_null(
            Exc::ValueError,
            "recursion limit must be greater or equal than 1",
        );
    }
    let depth = recursion_depth();
    if depth as i64 >= i64::from(limit) {
        return errors::fail_null(
            Exc::RecursionError,
            format!(
                "cannot set the recursion limit to {limit} at the recursion depth {depth}: the limit is too low"
            ),
        );
    }
    set_recursion_limit(limit as u32);
    new_none()
}

/// `sys.get_int_max_str_digits()`: the limit on int/str conversions, which
/// is fixed here (CPython's default).
unsafe extern "C" fn sys_get_int_max_str_digits(
    _m: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    PyLong_FromSsize_t(crate::objects::longobject::MAX_STR_DIGITS as Py_ssize_t)
}

/// `sys.is_finalizing()`: always False (the library is never finalized
/// while C code runs).
unsafe extern "C" fn sys_is_finalizing(_m: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    crate::objects::boolobject::PyBool_FromLong(0)
}

fn new_none() -> *mut PyObject {
    let none = py_none();
    // SAFETY: None is immortal in practice; the caller gets a reference.
    unsafe { Py_IncRef(none) };
    none
}

static SYS_METHODS: StaticObject<[PyMethodDef; 15]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"addaudithook($module, /, hook)\n--\n\nAdds a new audit hook callback.".as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"addaudithook", sys_addaudithook, 0)
    },
    PyMethodDef {
        ml_name: c"audit".as_ptr(),
        // SAFETY: the fastcall-with-keywords signature METH_FASTCALL |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<_PyCFunctionFastWithKeywords, PyCFunction>(sys_audit)
        }),
        ml_flags: METH_FASTCALL | METH_KEYWORDS,
        ml_doc: c"audit(event, *args)\n\nPasses the event to any audit hooks that are attached."
            .as_ptr(),
    },
    method_with_doc(
        c"getrefcount",
        sys_getrefcount,
        METH_O,
        c"getrefcount($module, object, /)\n--\n\nReturn the reference count of object.",
    ),
    PyMethodDef {
        ml_name: c"getsizeof".as_ptr(),
        // SAFETY: the tuple-and-keywords signature METH_VARARGS |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(sys_getsizeof)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"getsizeof(object [, default]) -> int\n\nReturn the size of object in bytes."
            .as_ptr(),
    },
    method_with_doc(
        c"intern",
        sys_intern,
        METH_O,
        c"intern($module, string, /)\n--\n\n``Intern'' the given string.",
    ),
    method_with_doc(
        c"exc_info",
        sys_exc_info,
        METH_NOARGS,
        c"exc_info($module, /)\n--\n\nReturn current exception information: (type, value, traceback).",
    ),
    method_with_doc(
        c"exception",
        sys_exception,
        METH_NOARGS,
        c"exception($module, /)\n--\n\nReturn the current exception.",
    ),
    method_with_doc(
        c"getdefaultencoding",
        sys_utf8,
        METH_NOARGS,
        c"getdefaultencoding($module, /)\n--\n\nReturn the current default encoding used by the Unicode implementation.",
    ),
    method_with_doc(
        c"getfilesystemencoding",
        sys_utf8,
        METH_NOARGS,
        c"getfilesystemencoding($module, /)\n--\n\nReturn the encoding used to convert Unicode filenames to OS filenames.",
    ),
    method_with_doc(
        c"getfilesystemencodeerrors",
        sys_fs_errors,
        METH_NOARGS,
        c"getfilesystemencodeerrors($module, /)\n--\n\nReturn the error mode used Unicode to OS filename conversion.",
    ),
    method_with_doc(
        c"getrecursionlimit",
        sys_getrecursionlimit,
        METH_NOARGS,
        c"getrecursionlimit($module, /)\n--\n\nReturn the current value of the recursion limit.",
    ),
    method_with_doc(
        c"setrecursionlimit",
        sys_setrecursionlimit,
        METH_O,
        c"setrecursionlimit($module, limit, /)\n--\n\nSet the maximum depth of the Python interpreter stack to n.",
    ),
    method_with_doc(
        c"get_int_max_str_digits",
        sys_get_int_max_str_digits,
        METH_NOARGS,
        c"get_int_max_str_digits($module, /)\n--\n\nReturn the maximum string digits limit for non-binary int<->str conversions.",
    ),
    method_with_doc(
        c"is_finalizing",
        sys_is_finalizing,
        METH_NOARGS,
        c"is_finalizing($module, /)\n--\n\nReturn True if Python is exiting.",
    ),
    PyMethodDef::zeroed(),
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_patchlevel_h() {
        let h = include_str!("../../include/patchlevel.h");
        let micro = format!("#define PY_MICRO_VERSION {PY_MICRO_VERSION}");
        let version = format!(
            "#define PY_VERSION \"{PY_MAJOR_VERSION}.{PY_MINOR_VERSION}.{PY_MICRO_VERSION}\""
        );
        assert!(h.contains(&micro), "patchlevel.h lacks {micro}");
        assert!(h.contains(&version), "patchlevel.h lacks {version}");
    }
}
