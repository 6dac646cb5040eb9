//! Differential tests of the object API (tuple, list, dict, bytes,
//! bytearray, int, float, str and the abstract protocols) against CPython
//! 3.11 itself.
//!
//! libpython3.11 is loaded into this process with `libloading` and
//! initialised once. Each scenario is written once, against [`Api`], a
//! table of C entry points, and runs twice: over pybuffer's functions and
//! over CPython's, looked up by the same names. Every call's outcome -- the
//! `repr()` of a returned object, a returned C value, or the exception type
//! and `str()` of its value -- is written to a transcript line, and the two
//! transcripts must agree line for line.
//!
//! Where the outcome is CPython's `PyErr_BadInternalCall()`, whose message
//! names a C source line of CPython, both sides are reduced to "bad argument
//! to internal function".
//!
//! `PYBUFFER_SHOW_TRANSCRIPT=1` prints CPython's transcript of each test.
//!
//! Without libpython3.11 (found through `PYBUFFER_LIBPYTHON` or `python3`'s
//! sysconfig), each test prints `SKIP: …` and passes.

#![allow(non_snake_case, clippy::missing_safety_doc)]

use std::ffi::{CStr, c_char, c_int, c_long, c_void};
use std::process::Command;
use std::ptr;
use std::sync::{Mutex, OnceLock};

use libloading::Library;

use pybuffer::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use pybuffer::ffi::*;
use pybuffer::objects::r#abstract::*;
use pybuffer::objects::boolobject::*;
use pybuffer::objects::bytearrayobject::*;
use pybuffer::objects::bytesobject::*;
use pybuffer::objects::dictobject::*;
use pybuffer::objects::exceptions::*;
use pybuffer::objects::floatobject::*;
use pybuffer::objects::listobject::*;
use pybuffer::objects::longobject::*;
use pybuffer::objects::object::*;
use pybuffer::objects::tupleobject::*;
use pybuffer::objects::unicodeobject::*;
use pybuffer::python::errors::take_error;

type O = *mut PyObject;

unsafe extern "C" {
    fn PyTuple_Pack(n: isize, ...) -> O;
    fn PyBytes_FromFormat(format: *const c_char, ...) -> O;
}

// ==========================================================================
// The API table
// ==========================================================================

/// Which implementation an [`Api`] calls.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    Ours,
    CPython,
}

macro_rules! c_api {
    (
        functions { $( $f:ident : fn($($a:ty),*) -> $r:ty; )* }
        variadic { $( $v:ident : fn($($va:ty),*) -> $vr:ty; )* }
        objects { $( $o:ident = $ours_o:expr; )* }
        pointers { $( $p:ident = $ours_p:expr; )* }
    ) => {
        /// The C entry points and objects a scenario may use, from one
        /// implementation (not every scenario uses every entry).
        #[allow(dead_code)]
        struct Api {
            side: Side,
            $( $f: unsafe extern "C" fn($($a),*) -> $r, )*
            $( $v: unsafe extern "C" fn($($va),* , ...) -> $vr, )*
            $( $o: O, )*
            $( $p: O, )*
        }

        impl Api {
            fn ours() -> Api {
                Api {
                    side: Side::Ours,
                    $( $f, )*
                    $( $v, )*
                    $( $o: $ours_o, )*
                    $( $p: $ours_p, )*
                }
            }

            /// # Safety
            /// `lib` must be libpython3.11, initialised.
            unsafe fn cpython(lib: &Library) -> Api {
                // SAFETY: each symbol is looked up with the C type CPython
                // 3.11 declares for it.
                unsafe {
                    Api {
                        side: Side::CPython,
                        $( $f: *lib.get(concat!(stringify!($f), "\0").as_bytes())
                            .expect(stringify!($f)), )*
                        $( $v: *lib.get(concat!(stringify!($v), "\0").as_bytes())
                            .expect(stringify!($v)), )*
                        $( $o: *lib.get::<O>(concat!(stringify!($o), "\0").as_bytes())
                            .expect(stringify!($o)), )*
                        $( $p: **lib.get::<*mut O>(concat!(stringify!($p), "\0").as_bytes())
                            .expect(stringify!($p)), )*
                    }
                }
            }
        }
    };
}

c_api! {
    functions {
        Py_IncRef: fn(O) -> ();
        Py_DecRef: fn(O) -> ();
        PyObject_Repr: fn(O) -> O;
        PyUnicode_AsUTF8AndSize: fn(O, *mut isize) -> *const c_char;
        PyUnicode_FromString: fn(*const c_char) -> O;
        PyLong_FromLong: fn(c_long) -> O;
        PyLong_AsLong: fn(O) -> c_long;
        PyFloat_FromDouble: fn(f64) -> O;
        PyTuple_New: fn(isize) -> O;
        PyTuple_Size: fn(O) -> isize;
        PyTuple_GetItem: fn(O, isize) -> O;
        PyTuple_SetItem: fn(O, isize, O) -> c_int;
        PyTuple_GetSlice: fn(O, isize, isize) -> O;
        _PyTuple_Resize: fn(*mut O, isize) -> c_int;
        PyList_New: fn(isize) -> O;
        PyList_Size: fn(O) -> isize;
        PyList_GetItem: fn(O, isize) -> O;
        PyList_SetItem: fn(O, isize, O) -> c_int;
        PyList_Insert: fn(O, isize, O) -> c_int;
        PyList_Append: fn(O, O) -> c_int;
        PyList_GetSlice: fn(O, isize, isize) -> O;
        PyList_SetSlice: fn(O, isize, isize, O) -> c_int;
        PyList_Sort: fn(O) -> c_int;
        PyList_Reverse: fn(O) -> c_int;
        PyList_AsTuple: fn(O) -> O;
        _PyList_Extend: fn(O, O) -> O;
        PyDict_New: fn() -> O;
        PyDict_GetItem: fn(O, O) -> O;
        PyDict_GetItemWithError: fn(O, O) -> O;
        PyDict_GetItemString: fn(O, *const c_char) -> O;
        PyDict_SetItem: fn(O, O, O) -> c_int;
        PyDict_SetItemString: fn(O, *const c_char, O) -> c_int;
        PyDict_DelItem: fn(O, O) -> c_int;
        PyDict_DelItemString: fn(O, *const c_char) -> c_int;
        PyDict_Clear: fn(O) -> ();
        PyDict_Next: fn(O, *mut isize, *mut O, *mut O) -> c_int;
        PyDict_Keys: fn(O) -> O;
        PyDict_Values: fn(O) -> O;
        PyDict_Items: fn(O) -> O;
        PyDict_Size: fn(O) -> isize;
        PyDict_Copy: fn(O) -> O;
        PyDict_Contains: fn(O, O) -> c_int;
        PyDict_Update: fn(O, O) -> c_int;
        PyDict_Merge: fn(O, O, c_int) -> c_int;
        PyDict_MergeFromSeq2: fn(O, O, c_int) -> c_int;
        PyDict_SetDefault: fn(O, O, O) -> O;
        _PyDict_Pop: fn(O, O, O) -> O;
        PyObject_GetItem: fn(O, O) -> O;
        PyObject_SetItem: fn(O, O, O) -> c_int;
        PyObject_DelItem: fn(O, O) -> c_int;
        PyObject_Size: fn(O) -> isize;
        PyObject_GetIter: fn(O) -> O;
        PyIter_Next: fn(O) -> O;
        PyIter_Check: fn(O) -> c_int;
        PySequence_Check: fn(O) -> c_int;
        PySequence_Size: fn(O) -> isize;
        PySequence_GetItem: fn(O, isize) -> O;
        PySequence_SetItem: fn(O, isize, O) -> c_int;
        PySequence_DelItem: fn(O, isize) -> c_int;
        PySequence_Tuple: fn(O) -> O;
        PySequence_List: fn(O) -> O;
        PySequence_Fast: fn(O, *const c_char) -> O;
        PySequence_Count: fn(O, O) -> isize;
        PySequence_Contains: fn(O, O) -> c_int;
        PySequence_Index: fn(O, O) -> isize;
        PyMapping_Check: fn(O) -> c_int;
        PyMapping_Size: fn(O) -> isize;
        PyMapping_Keys: fn(O) -> O;
        PyMapping_Items: fn(O) -> O;
        PyMapping_HasKey: fn(O, O) -> c_int;
        PyMapping_GetItemString: fn(O, *const c_char) -> O;
        PyBytes_FromStringAndSize: fn(*const c_char, isize) -> O;
        PyBytes_FromString: fn(*const c_char) -> O;
        PyBytes_Size: fn(O) -> isize;
        PyBytes_AsString: fn(O) -> *mut c_char;
        PyBytes_AsStringAndSize: fn(O, *mut *mut c_char, *mut isize) -> c_int;
        _PyBytes_Resize: fn(*mut O, isize) -> c_int;
        PyBytes_Concat: fn(*mut O, O) -> ();
        PyBytes_ConcatAndDel: fn(*mut O, O) -> ();
        PyBytes_FromObject: fn(O) -> O;
        PyBytes_Repr: fn(O, c_int) -> O;
        PyByteArray_FromStringAndSize: fn(*const c_char, isize) -> O;
        PyByteArray_FromObject: fn(O) -> O;
        PyByteArray_Concat: fn(O, O) -> O;
        PyByteArray_Size: fn(O) -> isize;
        PyByteArray_AsString: fn(O) -> *mut c_char;
        PyByteArray_Resize: fn(O, isize) -> c_int;
        PyObject_GetBuffer: fn(O, *mut Py_buffer, c_int) -> c_int;
        PyBuffer_Release: fn(*mut Py_buffer) -> ();
        PyObject_RichCompare: fn(O, O, c_int) -> O;
        PyObject_Hash: fn(O) -> isize;
        PyLong_FromString: fn(*const c_char, *mut *mut c_char, c_int) -> O;
        PyLong_FromUnicodeObject: fn(O, c_int) -> O;
        PyLong_FromLongLong: fn(i64) -> O;
        PyLong_FromUnsignedLongLong: fn(u64) -> O;
        PyLong_FromDouble: fn(f64) -> O;
        PyLong_AsLongLong: fn(O) -> i64;
        PyLong_AsUnsignedLong: fn(O) -> std::ffi::c_ulong;
        PyLong_AsUnsignedLongLong: fn(O) -> u64;
        PyLong_AsUnsignedLongMask: fn(O) -> std::ffi::c_ulong;
        PyLong_AsUnsignedLongLongMask: fn(O) -> u64;
        PyLong_AsLongAndOverflow: fn(O, *mut c_int) -> c_long;
        PyLong_AsLongLongAndOverflow: fn(O, *mut c_int) -> i64;
        PyLong_AsSsize_t: fn(O) -> isize;
        PyLong_AsSize_t: fn(O) -> usize;
        PyLong_AsDouble: fn(O) -> f64;
        _PyLong_AsInt: fn(O) -> c_int;
        _PyLong_NumBits: fn(O) -> usize;
        _PyLong_Sign: fn(O) -> c_int;
        _PyLong_AsByteArray: fn(O, *mut u8, usize, c_int, c_int) -> c_int;
        _PyLong_FromByteArray: fn(*const u8, usize, c_int, c_int) -> O;
        PyFloat_AsDouble: fn(O) -> f64;
        PyFloat_FromString: fn(O) -> O;
        PyNumber_Add: fn(O, O) -> O;
        PyNumber_Subtract: fn(O, O) -> O;
        PyNumber_Multiply: fn(O, O) -> O;
        PyNumber_FloorDivide: fn(O, O) -> O;
        PyNumber_TrueDivide: fn(O, O) -> O;
        PyNumber_Remainder: fn(O, O) -> O;
        PyNumber_Divmod: fn(O, O) -> O;
        PyNumber_Power: fn(O, O, O) -> O;
        PyNumber_Lshift: fn(O, O) -> O;
        PyNumber_Rshift: fn(O, O) -> O;
        PyNumber_And: fn(O, O) -> O;
        PyNumber_Or: fn(O, O) -> O;
        PyNumber_Xor: fn(O, O) -> O;
        PyNumber_MatrixMultiply: fn(O, O) -> O;
        PyNumber_InPlaceAdd: fn(O, O) -> O;
        PyNumber_InPlaceMultiply: fn(O, O) -> O;
        PyNumber_InPlaceSubtract: fn(O, O) -> O;
        PyNumber_InPlacePower: fn(O, O, O) -> O;
        PyNumber_Negative: fn(O) -> O;
        PyNumber_Positive: fn(O) -> O;
        PyNumber_Absolute: fn(O) -> O;
        PyNumber_Invert: fn(O) -> O;
        PyNumber_Long: fn(O) -> O;
        PyNumber_Float: fn(O) -> O;
        PyNumber_ToBase: fn(O, c_int) -> O;
        PyNumber_Check: fn(O) -> c_int;
        PyUnicode_New: fn(isize, u32) -> O;
        PyUnicode_FromKindAndData: fn(c_int, *const c_void, isize) -> O;
        PyUnicode_FromStringAndSize: fn(*const c_char, isize) -> O;
        PyUnicode_FromOrdinal: fn(c_int) -> O;
        PyUnicode_GetLength: fn(O) -> isize;
        PyUnicode_ReadChar: fn(O, isize) -> u32;
        PyUnicode_WriteChar: fn(O, isize, u32) -> c_int;
        PyUnicode_Substring: fn(O, isize, isize) -> O;
        PyUnicode_Compare: fn(O, O) -> c_int;
        PyUnicode_CompareWithASCIIString: fn(O, *const c_char) -> c_int;
        PyUnicode_Concat: fn(O, O) -> O;
        PyUnicode_Join: fn(O, O) -> O;
        PyUnicode_InternFromString: fn(*const c_char) -> O;
        PyUnicode_InternInPlace: fn(*mut O) -> ();
        PyUnicode_Contains: fn(O, O) -> c_int;
        PyUnicode_DecodeUTF8: fn(*const c_char, isize, *const c_char) -> O;
        PyUnicode_DecodeASCII: fn(*const c_char, isize, *const c_char) -> O;
        PyUnicode_DecodeLatin1: fn(*const c_char, isize, *const c_char) -> O;
        PyUnicode_Decode: fn(*const c_char, isize, *const c_char, *const c_char) -> O;
        PyUnicode_AsEncodedString: fn(O, *const c_char, *const c_char) -> O;
        PyUnicode_AsUTF8String: fn(O) -> O;
        PyUnicode_AsASCIIString: fn(O) -> O;
        PyUnicode_AsLatin1String: fn(O) -> O;
        PyIndex_Check: fn(O) -> c_int;
        PyNumber_Index: fn(O) -> O;
        PyNumber_AsSsize_t: fn(O, O) -> isize;
    }
    variadic {
        PyTuple_Pack: fn(isize) -> O;
        PyBytes_FromFormat: fn(*const c_char) -> O;
    }
    objects {
        _Py_NoneStruct = py_none();
        _Py_TrueStruct = py_true();
        _Py_FalseStruct = py_false();
        _Py_NotImplementedStruct = py_not_implemented();
        PyTuple_Type = PyTuple_Type.get().cast();
        PyLong_Type = PyLong_Type.get().cast();
    }
    pointers {
        PyExc_IndexError = PyExc_IndexError.0;
        PyExc_ValueError = PyExc_ValueError.0;
        PyExc_TypeError = PyExc_TypeError.0;
    }
}

// ==========================================================================
// CPython in this process
// ==========================================================================

struct CPython {
    api: Api,
    fetch: unsafe extern "C" fn(*mut O, *mut O, *mut O),
    normalize: unsafe extern "C" fn(*mut O, *mut O, *mut O),
    str_: unsafe extern "C" fn(O) -> O,
    gil_ensure: unsafe extern "C" fn() -> c_int,
    gil_release: unsafe extern "C" fn(c_int),
    _lib: Library,
}

// SAFETY: CPython's functions are called only with its GIL held (see
// `with_cpython`), which serialises them across threads.
unsafe impl Sync for CPython {}
// SAFETY: as above.
unsafe impl Send for CPython {}

/// Where libpython3.11 lives, if anywhere.
fn libpython_path() -> Result<String, String> {
    if let Ok(p) = std::env::var("PYBUFFER_LIBPYTHON") {
        return Ok(p);
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig as s; print(s.get_config_var('LIBDIR')); \
             print(s.get_config_var('LDLIBRARY')); print(s.get_python_version())",
        ])
        .output()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    match (lines.next(), lines.next(), lines.next()) {
        (Some(dir), Some(lib), Some("3.11")) if lib.ends_with(".so") => Ok(format!("{dir}/{lib}")),
        _ => Err(format!("python3 offers no libpython3.11 ({text:?})")),
    }
}

fn load_cpython() -> Result<CPython, String> {
    let path = libpython_path()?;
    // SAFETY: libpython3.11's symbols are looked up with their C types;
    // Py_InitializeEx runs once, then the GIL is released so any test
    // thread can take it with PyGILState_Ensure.
    unsafe {
        let lib = Library::new(&path).map_err(|e| format!("cannot load {path}: {e}"))?;
        let init: unsafe extern "C" fn(c_int) =
            *lib.get(b"Py_InitializeEx\0").map_err(|e| e.to_string())?;
        let save: unsafe extern "C" fn() -> *mut c_void =
            *lib.get(b"PyEval_SaveThread\0").map_err(|e| e.to_string())?;
        init(0);
        save();
        Ok(CPython {
            api: Api::cpython(&lib),
            fetch: *lib.get(b"PyErr_Fetch\0").map_err(|e| e.to_string())?,
            normalize: *lib
                .get(b"PyErr_NormalizeException\0")
                .map_err(|e| e.to_string())?,
            str_: *lib.get(b"PyObject_Str\0").map_err(|e| e.to_string())?,
            gil_ensure: *lib.get(b"PyGILState_Ensure\0").map_err(|e| e.to_string())?,
            gil_release: *lib
                .get(b"PyGILState_Release\0")
                .map_err(|e| e.to_string())?,
            _lib: lib,
        })
    }
}

fn cpython() -> Result<&'static CPython, &'static str> {
    static CPY: OnceLock<Result<CPython, String>> = OnceLock::new();
    CPY.get_or_init(load_cpython)
        .as_ref()
        .map_err(String::as_str)
}

// ==========================================================================
// Transcripts
// ==========================================================================

/// What one run of a scenario observed.
struct Run<'a> {
    api: &'a Api,
    take: &'a dyn Fn() -> Option<(String, String)>,
    lines: Vec<String>,
}

impl Run<'_> {
    /// The pending error as "Type: message", cleared.
    fn error(&self) -> Option<String> {
        (self.take)().map(|(t, m)| {
            // CPython's PyErr_BadInternalCall names its C source line.
            let m = match m.find(": bad argument to internal function") {
                Some(_) if m.ends_with(": bad argument to internal function") => {
                    "bad argument to internal function".to_owned()
                }
                _ => m,
            };
            format!("{t}: {m}")
        })
    }

    /// `repr(o)` without recording anything (errors are described).
    fn repr(&self, o: O) -> String {
        if o.is_null() {
            return "NULL".into();
        }
        // SAFETY: a live object of this side.
        unsafe {
            let r = (self.api.PyObject_Repr)(o);
            if r.is_null() {
                return format!("<repr failed: {}>", self.error().unwrap_or_default());
            }
            let mut n = 0;
            let p = (self.api.PyUnicode_AsUTF8AndSize)(r, &mut n);
            let s = if p.is_null() {
                format!("<repr not UTF-8: {}>", self.error().unwrap_or_default())
            } else {
                String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), n as usize))
                    .into_owned()
            };
            (self.api.Py_DecRef)(r);
            s
        }
    }

    fn line(&mut self, what: &str, outcome: String) {
        let err = self.error();
        let line = match err {
            Some(e) => format!("{what} -> {outcome} !! {e}"),
            None => format!("{what} -> {outcome}"),
        };
        if std::env::var_os("PYBUFFER_TRACE").is_some() {
            eprintln!("{:?}: {line}", self.api.side);
        }
        self.lines.push(line);
    }

    /// Records a returned new reference (by repr) and drops it.
    fn obj(&mut self, what: &str, o: O) {
        let r = self.repr(o);
        self.line(what, r);
        // SAFETY: a new reference (or NULL) of this side.
        unsafe { (self.api.Py_DecRef)(o) };
    }

    /// Records a returned borrowed reference (by repr).
    fn borrowed(&mut self, what: &str, o: O) {
        let r = self.repr(o);
        self.line(what, r);
    }

    /// Records a returned C value.
    fn val<T: std::fmt::Debug>(&mut self, what: &str, v: T) {
        self.line(what, format!("{v:?}"));
    }

    fn int(&self, v: c_long) -> O {
        // SAFETY: never fails but for memory.
        unsafe { (self.api.PyLong_FromLong)(v) }
    }

    fn str(&self, s: &CStr) -> O {
        // SAFETY: a NUL-terminated string.
        unsafe { (self.api.PyUnicode_FromString)(s.as_ptr()) }
    }

    /// An int parsed from its decimal (or prefixed) text.
    fn big(&self, text: &str) -> O {
        let c = std::ffi::CString::new(text).unwrap();
        // SAFETY: a NUL-terminated string.
        unsafe { (self.api.PyLong_FromString)(c.as_ptr(), ptr::null_mut(), 0) }
    }

    fn float(&self, v: f64) -> O {
        // SAFETY: never fails but for memory.
        unsafe { (self.api.PyFloat_FromDouble)(v) }
    }

    /// A new tuple holding new references to `items`.
    fn tuple(&self, items: &[O]) -> O {
        // SAFETY: live objects of this side.
        unsafe {
            let t = (self.api.PyTuple_New)(items.len() as isize);
            for (i, &o) in items.iter().enumerate() {
                (self.api.Py_IncRef)(o);
                (self.api.PyTuple_SetItem)(t, i as isize, o);
            }
            t
        }
    }

    /// A new list holding new references to `items`.
    fn list(&self, items: &[O]) -> O {
        // SAFETY: live objects of this side.
        unsafe {
            let l = (self.api.PyList_New)(0);
            for &o in items {
                (self.api.PyList_Append)(l, o);
            }
            l
        }
    }

    /// Drops the references to `objs`.
    fn drop_all(&self, objs: &[O]) {
        for &o in objs {
            self.decref(o);
        }
    }

    fn decref(&self, o: O) {
        // SAFETY: an owned reference of this side.
        unsafe { (self.api.Py_DecRef)(o) };
    }
}

/// Runs `scenario` over pybuffer and over CPython and compares the
/// transcripts line by line.
fn differential(test: &str, scenario: fn(&mut Run)) {
    static SERIAL: Mutex<()> = Mutex::new(());
    let cpy = match cpython() {
        Ok(c) => c,
        Err(reason) => {
            eprintln!("SKIP: {test}: no CPython 3.11 to compare with ({reason})");
            return;
        }
    };
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let ours_api = Api::ours();
    let take_ours = || take_error().map(|e| (e.type_name, e.message));
    let mut ours = Run {
        api: &ours_api,
        take: &take_ours,
        lines: Vec::new(),
    };
    scenario(&mut ours);

    let take_theirs = || {
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        // SAFETY: CPython's own functions, with the GIL held.
        unsafe {
            (cpy.fetch)(&mut t, &mut v, &mut tb);
            if t.is_null() {
                return None;
            }
            (cpy.normalize)(&mut t, &mut v, &mut tb);
            let name = CStr::from_ptr((*(t as *mut PyTypeObject)).tp_name)
                .to_string_lossy()
                .into_owned();
            let s = (cpy.str_)(v);
            let mut n = 0;
            let p = if s.is_null() {
                ptr::null()
            } else {
                (cpy.api.PyUnicode_AsUTF8AndSize)(s, &mut n)
            };
            let msg = if p.is_null() {
                "<unprintable>".to_owned()
            } else {
                String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), n as usize))
                    .into_owned()
            };
            for o in [s, t, v, tb] {
                (cpy.api.Py_DecRef)(o);
            }
            Some((name, msg))
        }
    };
    // SAFETY: the GIL is taken for the CPython run and given back after.
    let state = unsafe { (cpy.gil_ensure)() };
    let mut theirs = Run {
        api: &cpy.api,
        take: &take_theirs,
        lines: Vec::new(),
    };
    scenario(&mut theirs);
    let theirs_lines = std::mem::take(&mut theirs.lines);
    // SAFETY: releases what gil_ensure took.
    unsafe { (cpy.gil_release)(state) };

    if std::env::var_os("PYBUFFER_SHOW_TRANSCRIPT").is_some() {
        eprintln!("{test} (CPython):\n  {}", theirs_lines.join("\n  "));
    }
    let mut diffs = Vec::new();
    for i in 0..ours.lines.len().max(theirs_lines.len()) {
        let a = ours.lines.get(i).map_or("(missing)", String::as_str);
        let b = theirs_lines.get(i).map_or("(missing)", String::as_str);
        if a != b {
            diffs.push(format!("  line {i}:\n    CPython:  {b}\n    pybuffer: {a}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{test}: {} of {} lines differ from CPython:\n{}",
        diffs.len(),
        theirs_lines.len(),
        diffs.join("\n")
    );
    assert!(!ours.lines.is_empty());
    let _ = ours.api.side == Side::Ours;
}

// ==========================================================================
// tuple
// ==========================================================================

fn tuple_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let t = (api.PyTuple_New)(3);
        r.val("SetItem 0", (api.PyTuple_SetItem)(t, 0, r.int(1)));
        r.val("SetItem 1", (api.PyTuple_SetItem)(t, 1, r.str(c"a'b\"c")));
        r.val("SetItem 3", (api.PyTuple_SetItem)(t, 3, r.int(7)));
        r.val("SetItem -1", (api.PyTuple_SetItem)(t, -1, r.int(7)));
        r.val(
            "SetItem None",
            (api.PyTuple_SetItem)(api._Py_NoneStruct, 0, r.int(7)),
        );
        (api.Py_IncRef)(api._Py_NoneStruct);
        r.val("SetItem 2", (api.PyTuple_SetItem)(t, 2, api._Py_NoneStruct));
        r.borrowed("repr", t);
        r.val("Size", (api.PyTuple_Size)(t));
        r.val("Size int", (api.PyTuple_Size)(api._Py_TrueStruct));
        r.borrowed("GetItem 1", (api.PyTuple_GetItem)(t, 1));
        r.borrowed("GetItem 3", (api.PyTuple_GetItem)(t, 3));
        r.borrowed("GetItem -1", (api.PyTuple_GetItem)(t, -1));
        r.borrowed("GetItem None", (api.PyTuple_GetItem)(api._Py_NoneStruct, 0));
        for (lo, hi) in [(0, 3), (1, 2), (-5, 1), (2, 1), (1, 100), (3, 3), (0, -1)] {
            r.obj(
                &format!("GetSlice {lo} {hi}"),
                (api.PyTuple_GetSlice)(t, lo, hi),
            );
        }
        r.obj(
            "GetSlice None",
            (api.PyTuple_GetSlice)(api._Py_NoneStruct, 0, 1),
        );
        (api.Py_IncRef)(t);
        r.val("SetItem shared", (api.PyTuple_SetItem)(t, 0, r.int(5)));
        (api.Py_DecRef)(t);
        let mut p = t;
        r.val("Resize 5", (api._PyTuple_Resize)(&mut p, 5));
        r.val("Resize 5 size", (api.PyTuple_Size)(p));
        r.val("Resize 1", (api._PyTuple_Resize)(&mut p, 1));
        r.borrowed("Resize 1 repr", p);
        r.val("Resize 0", (api._PyTuple_Resize)(&mut p, 0));
        r.borrowed("Resize 0 repr", p);
        r.val("Resize 0 -> 2", (api._PyTuple_Resize)(&mut p, 2));
        r.val("Resize 0 -> 2 size", (api.PyTuple_Size)(p));
        (api.Py_DecRef)(p);
        let mut n = r.int(3);
        r.val("Resize int", (api._PyTuple_Resize)(&mut n, 2));
        r.val("Resize int leaves NULL", n.is_null());
        r.obj("New -1", (api.PyTuple_New)(-1));
        r.obj("New 0", (api.PyTuple_New)(0));

        let (a, b) = (r.int(10), r.str(c"x"));
        let packed = (api.PyTuple_Pack)(2, a, b);
        r.borrowed("Pack", packed);
        let single = (api.PyTuple_Pack)(1, packed);
        r.obj("Pack nested", single);
        r.obj("Pack 0", (api.PyTuple_Pack)(0));
        for o in [a, b, packed] {
            r.decref(o);
        }
    }
}

#[test]
fn tuple_matches_cpython() {
    differential("tuple", tuple_scenario);
}

// ==========================================================================
// Index conversions
// ==========================================================================

fn index_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let s = r.str(c"7");
        let f = (api.PyFloat_FromDouble)(1.5);
        let i = r.int(-3);
        for (name, o) in [
            ("str", s),
            ("float", f),
            ("int", i),
            ("True", api._Py_TrueStruct),
        ] {
            r.val(&format!("IndexCheck {name}"), (api.PyIndex_Check)(o));
            r.obj(&format!("Index {name}"), (api.PyNumber_Index)(o));
            r.val(
                &format!("AsSsize_t {name}"),
                (api.PyNumber_AsSsize_t)(o, api.PyExc_IndexError),
            );
        }
        r.obj("Index NULL", (api.PyNumber_Index)(ptr::null_mut()));
        for o in [s, f, i] {
            r.decref(o);
        }
    }
}

#[test]
fn index_matches_cpython() {
    differential("index", index_scenario);
}

// ==========================================================================
// list
// ==========================================================================

fn list_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let (one, two, three, s) = (r.int(1), r.int(2), r.int(3), r.str(c"s"));
        let l = (api.PyList_New)(0);
        r.val("Append", (api.PyList_Append)(l, three));
        r.val("Append", (api.PyList_Append)(l, one));
        r.val("Append NULL", (api.PyList_Append)(l, ptr::null_mut()));
        r.val(
            "Append to tuple",
            (api.PyList_Append)(api._Py_NoneStruct, one),
        );
        for at in [0, -1, 100, -100, 1] {
            r.val(&format!("Insert {at}"), (api.PyList_Insert)(l, at, two));
            r.borrowed("  list", l);
        }
        r.val("Size", (api.PyList_Size)(l));
        r.val("Size None", (api.PyList_Size)(api._Py_NoneStruct));
        r.borrowed("GetItem 0", (api.PyList_GetItem)(l, 0));
        r.borrowed("GetItem 7", (api.PyList_GetItem)(l, 7));
        r.borrowed("GetItem -1", (api.PyList_GetItem)(l, -1));
        (api.Py_IncRef)(s);
        r.val("SetItem 1", (api.PyList_SetItem)(l, 1, s));
        r.val("SetItem 9", (api.PyList_SetItem)(l, 9, r.int(5)));
        r.borrowed("after SetItem", l);
        r.val("Sort mixed", (api.PyList_Sort)(l));
        r.borrowed("after failed sort", l);
        r.val("SetItem 1 back", (api.PyList_SetItem)(l, 1, r.int(-4)));
        r.val("Sort", (api.PyList_Sort)(l));
        r.borrowed("sorted", l);
        r.val("Reverse", (api.PyList_Reverse)(l));
        r.borrowed("reversed", l);
        for (lo, hi) in [(0, 2), (-3, 100), (4, 1), (2, 3)] {
            r.obj(
                &format!("GetSlice {lo} {hi}"),
                (api.PyList_GetSlice)(l, lo, hi),
            );
        }
        let repl = r.tuple(&[s, s, s]);
        r.val("SetSlice 1 2 (s,s,s)", (api.PyList_SetSlice)(l, 1, 2, repl));
        r.borrowed("  list", l);
        r.val(
            "SetSlice 0 3 NULL",
            (api.PyList_SetSlice)(l, 0, 3, ptr::null_mut()),
        );
        r.borrowed("  list", l);
        r.val("SetSlice self", (api.PyList_SetSlice)(l, 1, 1, l));
        r.borrowed("  list", l);
        r.val("SetSlice int", (api.PyList_SetSlice)(l, 0, 1, one));
        r.obj("AsTuple", (api.PyList_AsTuple)(l));
        r.obj("AsTuple tuple", (api.PyList_AsTuple)(repl));
        r.obj("Extend tuple", (api._PyList_Extend)(l, repl));
        r.obj("Extend self", (api._PyList_Extend)(l, l));
        r.borrowed("  list", l);
        r.obj("Extend int", (api._PyList_Extend)(l, one));
        let nested = r.list(&[l, repl]);
        r.val("Append self", (api.PyList_Append)(l, l));
        r.borrowed("recursive repr", l);
        r.borrowed("nested repr", nested);
        r.val(
            "SetSlice clear",
            (api.PyList_SetSlice)(l, 0, 1000, ptr::null_mut()),
        );
        r.borrowed("  list", l);
        let n = (api.PyList_New)(2);
        r.val("New 2 size", (api.PyList_Size)(n));
        r.obj("New -1", (api.PyList_New)(-1));
        r.drop_all(&[one, two, three, s, l, repl, nested, n]);
    }
}

#[test]
fn list_matches_cpython() {
    differential("list", list_scenario);
}

// ==========================================================================
// dict
// ==========================================================================

fn dict_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let d = (api.PyDict_New)();
        let keys = [
            r.int(1),
            r.str(c"one"),
            r.float(1.5),
            api._Py_TrueStruct,
            r.int(-1),
            r.str(c"\u{e9}t\u{e9}"),
        ];
        let (k1, kone, kflt, ktrue, kneg, kete) =
            (keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]);
        let tk = r.tuple(&[k1, kone]);
        let lk = r.list(&[k1]);
        for (i, &k) in keys.iter().chain([&tk]).enumerate() {
            let v = r.int(i as c_long * 10);
            r.val(
                &format!("SetItem {}", r.repr(k)),
                (api.PyDict_SetItem)(d, k, v),
            );
            r.decref(v);
        }
        r.borrowed("dict", d);
        r.val("SetItem list key", (api.PyDict_SetItem)(d, lk, k1));
        r.val("SetItem on list", (api.PyDict_SetItem)(lk, k1, k1));
        r.val("Size", (api.PyDict_Size)(d));
        r.val("Size list", (api.PyDict_Size)(lk));
        r.borrowed("GetItem True", (api.PyDict_GetItem)(d, ktrue));
        r.borrowed("GetItem 1.0", (api.PyDict_GetItem)(d, r.float(1.0)));
        r.borrowed("GetItem tuple", (api.PyDict_GetItem)(d, tk));
        r.borrowed("GetItem list", (api.PyDict_GetItem)(d, lk));
        r.borrowed(
            "GetItemWithError list",
            (api.PyDict_GetItemWithError)(d, lk),
        );
        r.borrowed(
            "GetItemWithError missing",
            (api.PyDict_GetItemWithError)(d, r.int(99)),
        );
        r.borrowed(
            "GetItemWithError on list",
            (api.PyDict_GetItemWithError)(lk, k1),
        );
        r.borrowed(
            "GetItemString one",
            (api.PyDict_GetItemString)(d, c"one".as_ptr()),
        );
        r.borrowed(
            "GetItemString bad utf8",
            (api.PyDict_GetItemString)(d, c"\xff".as_ptr()),
        );
        r.val("Contains -1", (api.PyDict_Contains)(d, kneg));
        r.val("Contains list", (api.PyDict_Contains)(d, lk));
        r.val("Contains 2", (api.PyDict_Contains)(d, r.int(2)));
        r.val("DelItem one", (api.PyDict_DelItem)(d, kone));
        r.val("DelItem one again", (api.PyDict_DelItem)(d, kone));
        r.val(
            "DelItem tuple missing",
            (api.PyDict_DelItem)(d, r.tuple(&[k1])),
        );
        r.val("DelItem list", (api.PyDict_DelItem)(d, lk));
        r.val(
            "DelItemString x",
            (api.PyDict_DelItemString)(d, c"x".as_ptr()),
        );
        r.val(
            "SetItemString one",
            (api.PyDict_SetItemString)(d, c"one".as_ptr(), kete),
        );
        r.borrowed("after re-insert", d);
        let mut pos = 0;
        let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
        while (api.PyDict_Next)(d, &mut pos, &mut k, &mut v) != 0 {
            let line = format!("{} = {}", r.repr(k), r.repr(v));
            r.val("Next", line);
        }
        r.obj("Keys", (api.PyDict_Keys)(d));
        r.obj("Values", (api.PyDict_Values)(d));
        r.obj("Items", (api.PyDict_Items)(d));
        r.obj("Keys list", (api.PyDict_Keys)(lk));
        let c = (api.PyDict_Copy)(d);
        r.borrowed("Copy", c);
        r.val("Merge no override", (api.PyDict_Merge)(c, d, 0));
        let other = (api.PyDict_New)();
        (api.PyDict_SetItem)(other, kflt, kone);
        (api.PyDict_SetItem)(other, r.int(77), kone);
        r.val("Merge override", (api.PyDict_Merge)(c, other, 1));
        r.borrowed("  merged", c);
        r.val("Update with list", (api.PyDict_Update)(c, lk));
        r.val(
            "Update with None",
            (api.PyDict_Update)(c, api._Py_NoneStruct),
        );
        let pairs = r.list(&[r.tuple(&[k1, kone]), r.list(&[kete, kete])]);
        r.val("MergeFromSeq2", (api.PyDict_MergeFromSeq2)(c, pairs, 1));
        r.borrowed("  merged", c);
        let bad = r.list(&[r.tuple(&[k1])]);
        r.val("MergeFromSeq2 short", (api.PyDict_MergeFromSeq2)(c, bad, 1));
        let bad2 = r.list(&[k1]);
        r.val(
            "MergeFromSeq2 int item",
            (api.PyDict_MergeFromSeq2)(c, bad2, 1),
        );
        r.val("MergeFromSeq2 int", (api.PyDict_MergeFromSeq2)(c, k1, 1));
        r.borrowed(
            "SetDefault new",
            (api.PyDict_SetDefault)(c, r.str(c"new"), kone),
        );
        r.borrowed("SetDefault old", (api.PyDict_SetDefault)(c, k1, kflt));
        r.obj("Pop 1", (api._PyDict_Pop)(c, k1, ptr::null_mut()));
        r.obj("Pop 1 again", (api._PyDict_Pop)(c, k1, ptr::null_mut()));
        r.obj("Pop 1 default", (api._PyDict_Pop)(c, k1, kone));
        r.obj("GetItem d[-1]", (api.PyObject_GetItem)(d, kneg));
        r.obj("GetItem d[(1,)]", (api.PyObject_GetItem)(d, r.tuple(&[k1])));
        r.obj("GetItem d[list]", (api.PyObject_GetItem)(d, lk));
        r.val("SetItem d[list]", (api.PyObject_SetItem)(d, lk, k1));
        r.val("DelItem d[2]", (api.PyObject_DelItem)(d, r.int(2)));
        r.val("Mapping Size", (api.PyMapping_Size)(d));
        r.obj("Mapping Keys", (api.PyMapping_Keys)(d));
        r.obj("Mapping Items", (api.PyMapping_Items)(d));
        r.obj("Mapping Keys list", (api.PyMapping_Keys)(lk));
        r.val("HasKey list", (api.PyMapping_HasKey)(d, lk));
        r.obj(
            "GetItemString",
            (api.PyMapping_GetItemString)(d, c"one".as_ptr()),
        );
        let it = (api.PyObject_GetIter)(d);
        r.obj("iter next", (api.PyIter_Next)(it));
        (api.PyDict_SetItem)(d, r.str(c"grow"), k1);
        r.obj("iter next after growth", (api.PyIter_Next)(it));
        r.obj("iter next again", (api.PyIter_Next)(it));
        r.decref(it);
        let nest = (api.PyDict_New)();
        (api.PyDict_SetItem)(nest, kone, nest);
        (api.PyDict_SetItem)(nest, tk, d);
        r.borrowed("recursive", nest);
        (api.PyDict_Clear)(nest);
        r.borrowed("cleared", nest);
        (api.PyDict_Clear)(lk);
        r.drop_all(&[
            d, k1, kone, kflt, kneg, kete, tk, lk, c, other, pairs, bad, bad2, nest,
        ]);
    }
}

#[test]
fn dict_matches_cpython() {
    differential("dict", dict_scenario);
}

// ==========================================================================
// The abstract protocols over tuple, list, dict and str
// ==========================================================================

fn protocols_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let (one, two, s) = (r.int(1), r.int(2), r.str(c"ab"));
        let t = r.tuple(&[one, two, one]);
        let l = r.list(&[two, s]);
        let d = (api.PyDict_New)();
        (api.PyDict_SetItem)(d, s, one);
        let f = r.float(2.5);
        let objs = [
            ("tuple", t),
            ("list", l),
            ("dict", d),
            ("int", one),
            ("float", f),
            ("None", api._Py_NoneStruct),
        ];
        for (name, o) in objs {
            r.val(&format!("Size {name}"), (api.PyObject_Size)(o));
            r.val(&format!("Sequence_Check {name}"), (api.PySequence_Check)(o));
            r.val(&format!("Sequence_Size {name}"), (api.PySequence_Size)(o));
            r.val(&format!("Mapping_Check {name}"), (api.PyMapping_Check)(o));
            r.val(&format!("Mapping_Size {name}"), (api.PyMapping_Size)(o));
            r.obj(
                &format!("GetItem {name}[1]"),
                (api.PyObject_GetItem)(o, one),
            );
            r.obj(
                &format!("GetItem {name}[-1]"),
                (api.PyObject_GetItem)(o, r.int(-1)),
            );
            r.obj(
                &format!("GetItem {name}['ab']"),
                (api.PyObject_GetItem)(o, s),
            );
            r.obj(
                &format!("GetItem {name}[1.5]"),
                (api.PyObject_GetItem)(o, f),
            );
            r.obj(
                &format!("Sequence_GetItem {name} -1"),
                (api.PySequence_GetItem)(o, -1),
            );
            r.obj(
                &format!("Sequence_GetItem {name} 5"),
                (api.PySequence_GetItem)(o, 5),
            );
            r.val(
                &format!("SetItem {name}[0]"),
                (api.PyObject_SetItem)(o, r.int(0), s),
            );
            r.val(
                &format!("Sequence_SetItem {name} 9"),
                (api.PySequence_SetItem)(o, 9, s),
            );
            r.val(&format!("DelItem {name}[ab]"), (api.PyObject_DelItem)(o, s));
            r.val(
                &format!("Sequence_DelItem {name} 0"),
                (api.PySequence_DelItem)(o, 0),
            );
            let it = (api.PyObject_GetIter)(o);
            r.borrowed(
                &format!("GetIter {name} type"),
                if it.is_null() {
                    it
                } else {
                    (*it).ob_type.cast()
                },
            );
            r.val(&format!("Iter_Check {name}"), (api.PyIter_Check)(o));
            if !it.is_null() {
                r.obj(&format!("Next {name}"), (api.PyIter_Next)(it));
                r.decref(it);
            }
            r.obj(&format!("Tuple({name})"), (api.PySequence_Tuple)(o));
            r.obj(&format!("List({name})"), (api.PySequence_List)(o));
            r.obj(
                &format!("Fast({name})"),
                (api.PySequence_Fast)(o, c"need a sequence".as_ptr()),
            );
            r.val(&format!("Count {name} 1"), (api.PySequence_Count)(o, one));
            r.val(
                &format!("Contains {name} 1"),
                (api.PySequence_Contains)(o, one),
            );
            r.val(&format!("Index {name} 1"), (api.PySequence_Index)(o, one));
        }
        r.obj("GetItem type", (api.PyObject_GetItem)(api.PyLong_Type, one));
        r.obj("GetItem NULL", (api.PyObject_GetItem)(ptr::null_mut(), one));
        r.val("Size NULL", (api.PyObject_Size)(ptr::null_mut()));
        r.drop_all(&[one, two, s, t, l, d, f]);
    }
}

#[test]
fn protocols_match_cpython() {
    differential("protocols", protocols_scenario);
}

// ==========================================================================
// bytes and bytearray
// ==========================================================================

fn bytes_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let raw = b"a'b\"c\\\x00\t\n\r\x7f\x80\xff";
        let b = (api.PyBytes_FromStringAndSize)(raw.as_ptr().cast(), raw.len() as isize);
        r.borrowed("repr", b);
        r.obj("Repr smart", (api.PyBytes_Repr)(b, 1));
        r.obj("Repr plain", (api.PyBytes_Repr)(b, 0));
        let q = (api.PyBytes_FromString)(c"it's".as_ptr());
        r.obj("Repr it's", (api.PyBytes_Repr)(q, 1));
        r.obj("Repr it's plain", (api.PyBytes_Repr)(q, 0));
        r.val("Size", (api.PyBytes_Size)(b));
        r.val("Size int", (api.PyBytes_Size)(r.int(3)));
        r.val("AsString int", (api.PyBytes_AsString)(r.int(3)).is_null());
        let mut p = ptr::null_mut();
        let mut n = 0isize;
        r.val(
            "AsStringAndSize",
            (api.PyBytes_AsStringAndSize)(b, &mut p, &mut n),
        );
        r.val("  size", n);
        r.val(
            "AsStringAndSize no len (NUL)",
            (api.PyBytes_AsStringAndSize)(b, &mut p, ptr::null_mut()),
        );
        r.val(
            "AsStringAndSize no len",
            (api.PyBytes_AsStringAndSize)(q, &mut p, ptr::null_mut()),
        );
        r.val("  text", CStr::from_ptr(p).to_string_lossy().into_owned());
        r.obj(
            "FromStringAndSize -1",
            (api.PyBytes_FromStringAndSize)(ptr::null(), -1),
        );
        let z = (api.PyBytes_FromStringAndSize)(ptr::null(), 3);
        r.val("zeroed size", (api.PyBytes_Size)(z));
        let mut grow = (api.PyBytes_FromString)(c"abc".as_ptr());
        r.val("Resize 6", (api._PyBytes_Resize)(&mut grow, 6));
        r.val("  size", (api.PyBytes_Size)(grow));
        r.val("Resize 2", (api._PyBytes_Resize)(&mut grow, 2));
        r.borrowed("  now", grow);
        r.val("Resize -1", (api._PyBytes_Resize)(&mut grow, -1));
        r.val("  now NULL", grow.is_null());
        let mut cat = (api.PyBytes_FromString)(c"ab".as_ptr());
        (api.PyBytes_Concat)(&mut cat, q);
        r.borrowed("Concat", cat);
        let ba = (api.PyByteArray_FromStringAndSize)(c"XY".as_ptr(), 2);
        (api.PyBytes_Concat)(&mut cat, ba);
        r.borrowed("Concat bytearray", cat);
        (api.Py_IncRef)(cat);
        let shared = cat;
        (api.PyBytes_Concat)(&mut cat, q);
        r.borrowed("Concat shared", cat);
        r.borrowed("  original", shared);
        r.decref(shared);
        (api.PyBytes_Concat)(&mut cat, r.int(1));
        r.val("Concat int leaves NULL", cat.is_null());
        let mut cad = (api.PyBytes_FromString)(c"x".as_ptr());
        (api.PyBytes_ConcatAndDel)(&mut cad, (api.PyBytes_FromString)(c"y".as_ptr()));
        r.obj("ConcatAndDel", cad);
        let items = [r.int(104), r.int(105)];
        let lst = r.list(&items);
        r.obj("FromObject list", (api.PyBytes_FromObject)(lst));
        r.obj(
            "FromObject tuple",
            (api.PyBytes_FromObject)(r.tuple(&items)),
        );
        r.obj("FromObject bytearray", (api.PyBytes_FromObject)(ba));
        r.obj("FromObject str", (api.PyBytes_FromObject)(r.str(c"x")));
        r.obj("FromObject int", (api.PyBytes_FromObject)(r.int(3)));
        r.obj(
            "FromObject [256]",
            (api.PyBytes_FromObject)(r.list(&[r.int(256)])),
        );
        r.obj(
            "FromObject [-1]",
            (api.PyBytes_FromObject)(r.list(&[r.int(-1)])),
        );
        r.obj(
            "FromObject [1.5]",
            (api.PyBytes_FromObject)(r.list(&[r.float(1.5)])),
        );
        r.obj(
            "FromObject dict",
            (api.PyBytes_FromObject)((api.PyDict_New)()),
        );
        r.obj(
            "FromFormat",
            (api.PyBytes_FromFormat)(
                c"%d|%5d|%ld|%zd|%u|%lu|%zu|%i|%x|%c|%.2s|%s|%%|%".as_ptr(),
                -7 as c_int,
                42 as c_int,
                -1 as c_long,
                99isize,
                7u32,
                8 as std::ffi::c_ulong,
                9usize,
                10 as c_int,
                255 as c_int,
                65 as c_int,
                c"hello".as_ptr(),
                c"x".as_ptr(),
            ),
        );
        r.obj(
            "FromFormat bad",
            (api.PyBytes_FromFormat)(c"a%qb%d".as_ptr(), 1 as c_int),
        );
        r.obj(
            "FromFormat %c 256",
            (api.PyBytes_FromFormat)(c"%c".as_ptr(), 256 as c_int),
        );
        for (name, x, y) in [
            ("eq", b, b),
            ("q b", q, b),
            ("b ba", b, ba),
            ("ba q", ba, q),
        ] {
            for op in 0..6 {
                r.obj(
                    &format!("cmp {name} {op}"),
                    (api.PyObject_RichCompare)(x, y, op),
                );
            }
        }
        r.val("hash b", (api.PyObject_Hash)(q) == (api.PyObject_Hash)(q));
        r.val("hash ba", (api.PyObject_Hash)(ba));
        let sev = r.int(7);
        for (name, o) in [("bytes", b), ("bytearray", ba)] {
            r.val(&format!("len {name}"), (api.PyObject_Size)(o));
            r.obj(&format!("{name}[1]"), (api.PyObject_GetItem)(o, r.int(1)));
            r.obj(&format!("{name}[-1]"), (api.PyObject_GetItem)(o, r.int(-1)));
            r.obj(&format!("{name}[99]"), (api.PyObject_GetItem)(o, r.int(99)));
            r.obj(
                &format!("{name}['x']"),
                (api.PyObject_GetItem)(o, r.str(c"x")),
            );
            r.obj(&format!("seq {name}[99]"), (api.PySequence_GetItem)(o, 99));
            r.val(
                &format!("{name}[0] = 7"),
                (api.PyObject_SetItem)(o, r.int(0), sev),
            );
            r.val(
                &format!("{name}[0] = 300"),
                (api.PyObject_SetItem)(o, r.int(0), r.int(300)),
            );
            r.val(
                &format!("{name}[0] = 'x'"),
                (api.PyObject_SetItem)(o, r.int(0), r.str(c"x")),
            );
            r.val(
                &format!("{name}[9] = 1"),
                (api.PyObject_SetItem)(o, r.int(9), sev),
            );
            r.val(
                &format!("del {name}[0]"),
                (api.PyObject_DelItem)(o, r.int(0)),
            );
            r.borrowed(&format!("  {name}"), o);
            r.val(&format!("7 in {name}"), (api.PySequence_Contains)(o, sev));
            r.val(&format!("'ab' in {name}"), (api.PySequence_Contains)(o, q));
            r.val(
                &format!("300 in {name}"),
                (api.PySequence_Contains)(o, r.int(300)),
            );
            r.val(
                &format!("'x' in {name}"),
                (api.PySequence_Contains)(o, r.str(c"x")),
            );
            r.obj(&format!("list({name})"), (api.PySequence_List)(o));
        }
        r.decref(sev);
        r.drop_all(&[b, q, z, ba, lst, items[0], items[1]]);
    }
}

#[test]
fn bytes_match_cpython() {
    differential("bytes", bytes_scenario);
}

fn bytearray_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let ba = (api.PyByteArray_FromStringAndSize)(c"it's \"x\"".as_ptr(), 8);
        r.borrowed("repr", ba);
        let only_single = (api.PyByteArray_FromStringAndSize)(c"it's".as_ptr(), 4);
        r.borrowed("repr it's", only_single);
        let empty = (api.PyByteArray_FromStringAndSize)(ptr::null(), 0);
        r.borrowed("empty", empty);
        r.val(
            "empty AsString is \"\"",
            *(api.PyByteArray_AsString)(empty) == 0,
        );
        r.obj(
            "FromStringAndSize -1",
            (api.PyByteArray_FromStringAndSize)(ptr::null(), -1),
        );
        r.val("Size", (api.PyByteArray_Size)(ba));
        r.val("Resize 3", (api.PyByteArray_Resize)(ba, 3));
        r.borrowed("  now", ba);
        r.val("Resize 20", (api.PyByteArray_Resize)(ba, 20));
        r.val("  size", (api.PyByteArray_Size)(ba));
        r.val("Resize 0", (api.PyByteArray_Resize)(ba, 0));
        r.borrowed("  now", ba);
        let mut view = Py_buffer::zeroed();
        r.val(
            "GetBuffer writable",
            (api.PyObject_GetBuffer)(only_single, &mut view, PyBUF_WRITABLE),
        );
        *view.buf.cast::<u8>() = b'I';
        r.val(
            "Resize while exported",
            (api.PyByteArray_Resize)(only_single, 10),
        );
        r.val(
            "del while exported",
            (api.PyObject_DelItem)(only_single, r.int(0)),
        );
        r.val(
            "same-size set while exported",
            (api.PyObject_SetItem)(only_single, r.int(1), r.int(84)),
        );
        (api.PyBuffer_Release)(&mut view);
        r.borrowed("  after export", only_single);
        r.val(
            "Resize after release",
            (api.PyByteArray_Resize)(only_single, 2),
        );
        r.borrowed("  now", only_single);
        let bts = (api.PyBytes_FromString)(c"xyz".as_ptr());
        r.obj("Concat", (api.PyByteArray_Concat)(only_single, bts));
        r.obj(
            "Concat bytes+ba",
            (api.PyByteArray_Concat)(bts, only_single),
        );
        r.obj(
            "Concat int",
            (api.PyByteArray_Concat)(only_single, r.int(1)),
        );
        r.obj("Concat empty", (api.PyByteArray_Concat)(empty, empty));
        for (name, o) in [
            ("bytes", bts),
            ("int 3", r.int(3)),
            ("int -1", r.int(-1)),
            ("str", r.str(c"x")),
            ("float", r.float(1.5)),
            ("list", r.list(&[r.int(1), r.int(255)])),
            ("list bad", r.list(&[r.int(1), r.int(256)])),
            ("list str", r.list(&[r.str(c"a")])),
            ("tuple", r.tuple(&[r.int(65)])),
            ("None", api._Py_NoneStruct),
        ] {
            r.obj(
                &format!("FromObject {name}"),
                (api.PyByteArray_FromObject)(o),
            );
        }
        r.drop_all(&[ba, only_single, empty, bts]);
    }
}

#[test]
fn bytearray_matches_cpython() {
    differential("bytearray", bytearray_scenario);
}

// ==========================================================================
// int
// ==========================================================================

/// Values at the 32-, 64- and 128-bit edges and beyond.
const INT_EDGES: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "-7",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-18446744073709551616",
    "170141183460469231731687303715884105727",
    "170141183460469231731687303715884105728",
    "-170141183460469231731687303715884105728",
    "-170141183460469231731687303715884105729",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "-340282366920938463463374607431768211456",
    "100000000000000000000000000000000000000000000000000",
    "-0x123456789abcdef0123456789abcdef0123",
    "0b1111111111111111111111111111111111111111111111111111111",
];

fn int_conversions_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        for text in INT_EDGES {
            let v = r.big(text);
            let t = r.repr(v);
            r.val(&format!("{text} repr"), t.clone());
            r.val(&format!("{t} AsLong"), (api.PyLong_AsLong)(v));
            r.val(&format!("{t} AsLongLong"), (api.PyLong_AsLongLong)(v));
            r.val(
                &format!("{t} AsUnsignedLong"),
                (api.PyLong_AsUnsignedLong)(v),
            );
            r.val(
                &format!("{t} AsUnsignedLongLong"),
                (api.PyLong_AsUnsignedLongLong)(v),
            );
            r.val(
                &format!("{t} AsUnsignedLongMask"),
                (api.PyLong_AsUnsignedLongMask)(v),
            );
            r.val(
                &format!("{t} AsUnsignedLongLongMask"),
                (api.PyLong_AsUnsignedLongLongMask)(v),
            );
            r.val(&format!("{t} AsSsize_t"), (api.PyLong_AsSsize_t)(v));
            r.val(&format!("{t} AsSize_t"), (api.PyLong_AsSize_t)(v));
            r.val(&format!("{t} _AsInt"), (api._PyLong_AsInt)(v));
            let mut of = 7;
            let x = (api.PyLong_AsLongAndOverflow)(v, &mut of);
            r.val(&format!("{t} AsLongAndOverflow"), (x, of));
            let x = (api.PyLong_AsLongLongAndOverflow)(v, &mut of);
            r.val(&format!("{t} AsLongLongAndOverflow"), (x, of));
            r.val(&format!("{t} AsDouble"), (api.PyLong_AsDouble)(v).to_bits());
            r.val(&format!("{t} NumBits"), (api._PyLong_NumBits)(v));
            r.val(&format!("{t} Sign"), (api._PyLong_Sign)(v));
            r.val(&format!("{t} hash"), (api.PyObject_Hash)(v));
            for n in [1usize, 4, 8, 9, 16, 17] {
                for (le, signed) in [(1, 1), (0, 1), (1, 0), (0, 0)] {
                    let mut buf = vec![0xAAu8; n];
                    let rc = (api._PyLong_AsByteArray)(v, buf.as_mut_ptr(), n, le, signed);
                    let hex: String = buf.iter().map(|b| format!("{b:02x}")).collect();
                    let shown = if rc == 0 { hex } else { String::new() };
                    r.val(
                        &format!("{t} AsByteArray n={n} le={le} signed={signed}"),
                        (rc, shown),
                    );
                }
            }
            for base in [2, 8, 10, 16] {
                r.obj(
                    &format!("{t} ToBase {base}"),
                    (api.PyNumber_ToBase)(v, base),
                );
            }
            r.obj(&format!("{t} Float"), (api.PyNumber_Float)(v));
            r.decref(v);
        }
        for bytes in [
            &[][..],
            &[0x80],
            &[0xff, 0xff],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9],
            &[0; 20],
            &[0xff; 17],
        ] {
            for (le, signed) in [(1, 1), (0, 1), (1, 0), (0, 0)] {
                let o = (api._PyLong_FromByteArray)(bytes.as_ptr(), bytes.len(), le, signed);
                r.obj(
                    &format!("FromByteArray {bytes:?} le={le} signed={signed}"),
                    o,
                );
            }
        }
        for v in [
            0.0,
            -0.0,
            1.5,
            -1.5,
            1e18,
            9.3e18,
            -9.3e18,
            1.7e38,
            3.5e38,
            1e300,
            f64::INFINITY,
            f64::NAN,
        ] {
            r.obj(&format!("FromDouble {v:e}"), (api.PyLong_FromDouble)(v));
        }
        r.obj("FromLongLong min", (api.PyLong_FromLongLong)(i64::MIN));
        r.obj(
            "FromUnsignedLongLong max",
            (api.PyLong_FromUnsignedLongLong)(u64::MAX),
        );
        let f = r.float(2.5);
        let s = r.str(c"12");
        for (name, o) in [
            ("float", f),
            ("str", s),
            ("None", api._Py_NoneStruct),
            ("True", api._Py_TrueStruct),
        ] {
            r.val(&format!("AsLong {name}"), (api.PyLong_AsLong)(o));
            r.val(&format!("AsLongLong {name}"), (api.PyLong_AsLongLong)(o));
            r.val(
                &format!("AsUnsignedLongLong {name}"),
                (api.PyLong_AsUnsignedLongLong)(o),
            );
            r.val(
                &format!("AsUnsignedLongMask {name}"),
                (api.PyLong_AsUnsignedLongMask)(o),
            );
            r.val(&format!("AsSsize_t {name}"), (api.PyLong_AsSsize_t)(o));
            r.val(&format!("AsDouble {name}"), (api.PyLong_AsDouble)(o));
        }
        r.val("AsLong NULL", (api.PyLong_AsLong)(ptr::null_mut()));
        r.drop_all(&[f, s]);
    }
}

#[test]
fn int_conversions_match_cpython() {
    differential("int conversions", int_conversions_scenario);
}

fn int_parsing_scenario(r: &mut Run) {
    let api = r.api;
    let cases: &[(&str, c_int)] = &[
        ("0", 10),
        ("  42  ", 10),
        ("-42", 0),
        ("+7", 0),
        ("0x1F", 0),
        ("0X1f", 16),
        ("0o17", 0),
        ("0b101", 0),
        ("0b101", 2),
        ("0b101", 16),
        ("1_000_000", 10),
        ("1__0", 10),
        ("_1", 10),
        ("1_", 10),
        ("0x_1f", 0),
        ("0_7", 0),
        ("07", 0),
        ("00", 0),
        ("0", 0),
        ("", 10),
        ("  ", 10),
        ("12abc", 10),
        ("zz", 36),
        ("ZZ", 36),
        ("1", 1),
        ("1", 37),
        ("1", -1),
        ("9", 8),
        ("1.5", 10),
        ("123456789012345678901234567890", 10),
        ("-0", 10),
        ("- 1", 10),
        ("\t\n12\x0b", 10),
        ("\u{e9}", 10),
        ("0x", 16),
        ("0x", 0),
    ];
    // SAFETY: every object used below is live and of this side.
    unsafe {
        for (text, base) in cases {
            let c = std::ffi::CString::new(*text).unwrap();
            let mut end = ptr::null_mut();
            let o = (api.PyLong_FromString)(c.as_ptr(), &mut end, *base);
            let consumed = if end.is_null() {
                -1
            } else {
                end.offset_from(c.as_ptr())
            };
            r.obj(&format!("FromString {text:?} base {base}"), o);
            r.val("  end", consumed);
            let u = r.str(&c);
            r.obj(
                &format!("FromUnicodeObject {text:?} base {base}"),
                (api.PyLong_FromUnicodeObject)(u, *base),
            );
            r.obj(&format!("Long(str {text:?})"), (api.PyNumber_Long)(u));
            r.obj(&format!("Float(str {text:?})"), (api.PyNumber_Float)(u));
            let b = (api.PyBytes_FromString)(c.as_ptr());
            r.obj(&format!("Long(bytes {text:?})"), (api.PyNumber_Long)(b));
            r.obj(&format!("Float(bytes {text:?})"), (api.PyNumber_Float)(b));
            r.drop_all(&[u, b]);
        }
        for text in [
            "\u{661}\u{662}\u{663}",
            "\u{ff11}\u{ff12}",
            " \u{2003}7\u{3000}",
            "1\u{200b}",
            "1e5",
            "1_0.5e1_0",
            "1_.5",
            "1._5",
            "inf",
            "-Infinity",
            "nAn",
            "+nan",
            "infx",
            ".5",
            "5.",
            ".",
            "e5",
            "1e",
            "1e+",
            "0x10",
            "1e400",
            "-1e400",
            "1e-400",
            "  3.25  ",
            "1__0.0",
        ] {
            let c = std::ffi::CString::new(text).unwrap();
            let u = r.str(&c);
            r.obj(&format!("Long(str {text:?})"), (api.PyNumber_Long)(u));
            r.obj(&format!("Float(str {text:?})"), (api.PyNumber_Float)(u));
            r.obj(
                &format!("FromString(str {text:?})"),
                (api.PyFloat_FromString)(u),
            );
            r.decref(u);
        }
        let digits: String = "9".repeat(4301);
        let c = std::ffi::CString::new(digits.clone()).unwrap();
        r.obj(
            "FromString 4301 digits",
            (api.PyLong_FromString)(c.as_ptr(), ptr::null_mut(), 10),
        );
        let c = std::ffi::CString::new(&digits[..4300]).unwrap();
        let big = (api.PyLong_FromString)(c.as_ptr(), ptr::null_mut(), 10);
        r.val("4300 digits NumBits", (api._PyLong_NumBits)(big));
        let repr = (api.PyObject_Repr)(big);
        r.val("repr 4300 digits ok", !repr.is_null());
        r.decref(repr);
        let ten = r.int(10);
        let bigger = (api.PyNumber_Multiply)(big, ten);
        r.obj("repr 4301 digits", (api.PyObject_Repr)(bigger));
        r.obj(
            "ToBase 16 of 4301 digits",
            (api.PyNumber_ToBase)(bigger, 16)
                .is_null()
                .then(ptr::null_mut)
                .unwrap_or(api._Py_NoneStruct),
        );
        let hex = std::ffi::CString::new(format!("0x{}", "f".repeat(5000))).unwrap();
        let h = (api.PyLong_FromString)(hex.as_ptr(), ptr::null_mut(), 0);
        r.val("5000 hex digits NumBits", (api._PyLong_NumBits)(h));
        r.drop_all(&[big, ten, bigger, h]);
    }
}

#[test]
fn int_parsing_matches_cpython() {
    differential("int parsing", int_parsing_scenario);
}

fn arithmetic_scenario(r: &mut Run) {
    let api = r.api;
    let texts = [
        "0",
        "1",
        "-1",
        "3",
        "-7",
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551616",
        "170141183460469231731687303715884105727",
        "-170141183460469231731687303715884105728",
        "340282366920938463463374607431768211457",
        "-12345678901234567890123456789012345678901234567890",
    ];
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let vals: Vec<O> = texts.iter().map(|t| r.big(t)).collect();
        type Bin = unsafe extern "C" fn(O, O) -> O;
        let ops: [(&str, Bin); 12] = [
            ("+", api.PyNumber_Add),
            ("-", api.PyNumber_Subtract),
            ("*", api.PyNumber_Multiply),
            ("//", api.PyNumber_FloorDivide),
            ("%", api.PyNumber_Remainder),
            ("divmod", api.PyNumber_Divmod),
            ("/", api.PyNumber_TrueDivide),
            ("&", api.PyNumber_And),
            ("|", api.PyNumber_Or),
            ("^", api.PyNumber_Xor),
            ("<<", api.PyNumber_Lshift),
            (">>", api.PyNumber_Rshift),
        ];
        for (i, &a) in vals.iter().enumerate() {
            for (j, &b) in vals.iter().enumerate() {
                for (name, op) in ops {
                    if name == "<<" && j >= 5 && i != 0 {
                        continue; // shifts by huge counts are tested below
                    }
                    r.obj(&format!("{} {name} {}", texts[i], texts[j]), op(a, b));
                }
                if j < 5 {
                    r.obj(
                        &format!("{} ** {}", texts[i], texts[j]),
                        (api.PyNumber_Power)(a, b, api._Py_NoneStruct),
                    );
                }
                for &m in &vals[1..5] {
                    r.obj(
                        &format!("pow({}, {}, {})", texts[i], texts[j], r.repr(m)),
                        (api.PyNumber_Power)(a, b, m),
                    );
                }
                r.val(
                    &format!("{} cmp {}", texts[i], texts[j]),
                    (0..6)
                        .map(|op| r.repr((api.PyObject_RichCompare)(a, b, op)))
                        .collect::<Vec<_>>(),
                );
            }
            r.obj(&format!("-{}", texts[i]), (api.PyNumber_Negative)(a));
            r.obj(&format!("+{}", texts[i]), (api.PyNumber_Positive)(a));
            r.obj(&format!("abs {}", texts[i]), (api.PyNumber_Absolute)(a));
            r.obj(&format!("~{}", texts[i]), (api.PyNumber_Invert)(a));
            r.obj(&format!("int({})", texts[i]), (api.PyNumber_Long)(a));
        }
        let one = vals[1];
        let two = r.int(2);
        let zero = vals[0];
        for shift in [
            "63",
            "127",
            "1000",
            "9223372036854775807",
            "18446744073709551616",
            "69175290276410818560",
            "276701161105643274240",
            "-1",
        ] {
            let s = r.big(shift);
            r.obj(&format!("1 << {shift}"), (api.PyNumber_Lshift)(one, s));
            r.obj(&format!("0 << {shift}"), (api.PyNumber_Lshift)(zero, s));
            r.obj(&format!("-1 >> {shift}"), (api.PyNumber_Rshift)(vals[2], s));
            r.obj(
                &format!("big >> {shift}"),
                (api.PyNumber_Rshift)(vals[11], s),
            );
            r.decref(s);
        }
        for e in ["10", "100", "-1", "-2", "64", "127", "128"] {
            let x = r.big(e);
            r.obj(
                &format!("2 ** {e}"),
                (api.PyNumber_Power)(two, x, api._Py_NoneStruct),
            );
            r.obj(
                &format!("pow(2, {e}, 0)"),
                (api.PyNumber_Power)(two, x, zero),
            );
            r.obj(
                &format!("pow(2, {e}, 2)"),
                (api.PyNumber_Power)(two, x, two),
            );
            r.obj(
                &format!("pow(0, {e})"),
                (api.PyNumber_Power)(zero, x, api._Py_NoneStruct),
            );
            r.decref(x);
        }
        let f = r.float(0.5);
        r.obj("pow(2, 0.5, 3)", (api.PyNumber_Power)(two, f, vals[3]));
        r.obj("pow(2, 3, 0.5)", (api.PyNumber_Power)(two, vals[3], f));
        let s = r.str(c"s");
        let l = r.list(&[one]);
        for (name, x) in [("list", l), ("None", api._Py_NoneStruct), ("float", f)] {
            for (op_name, op) in ops {
                r.obj(&format!("1 {op_name} {name}"), op(one, x));
                r.obj(&format!("{name} {op_name} 1"), op(x, one));
            }
            r.obj(
                &format!("{name} ** 2"),
                (api.PyNumber_Power)(x, two, api._Py_NoneStruct),
            );
            r.obj(
                &format!("pow({name}, 2, 3)"),
                (api.PyNumber_Power)(x, two, vals[3]),
            );
            r.obj(&format!("-{name}"), (api.PyNumber_Negative)(x));
            r.obj(&format!("~{name}"), (api.PyNumber_Invert)(x));
            r.obj(&format!("abs {name}"), (api.PyNumber_Absolute)(x));
            r.obj(&format!("+{name}"), (api.PyNumber_Positive)(x));
            r.obj(&format!("{name} += 1"), (api.PyNumber_InPlaceAdd)(x, one));
            r.obj(
                &format!("{name} *= 2"),
                (api.PyNumber_InPlaceMultiply)(x, two),
            );
            r.obj(
                &format!("{name} -= 1"),
                (api.PyNumber_InPlaceSubtract)(x, one),
            );
            r.obj(
                &format!("{name} **= 2"),
                (api.PyNumber_InPlacePower)(x, two, api._Py_NoneStruct),
            );
            r.obj(
                &format!("{name} @ 1"),
                (api.PyNumber_MatrixMultiply)(x, one),
            );
            r.val(&format!("Check {name}"), (api.PyNumber_Check)(x));
            r.obj(&format!("int({name})"), (api.PyNumber_Long)(x));
            r.obj(&format!("float({name})"), (api.PyNumber_Float)(x));
        }
        r.obj("2 * list", (api.PyNumber_Multiply)(two, l));
        r.obj("list * 2.5", (api.PyNumber_Multiply)(l, f));
        r.obj("list * big", (api.PyNumber_Multiply)(l, vals[8]));
        r.obj(
            "True & True",
            (api.PyNumber_And)(api._Py_TrueStruct, api._Py_TrueStruct),
        );
        r.obj("True | 2", (api.PyNumber_Or)(api._Py_TrueStruct, two));
        r.obj(
            "True ^ False",
            (api.PyNumber_Xor)(api._Py_TrueStruct, api._Py_FalseStruct),
        );
        r.obj(
            "True + True",
            (api.PyNumber_Add)(api._Py_TrueStruct, api._Py_TrueStruct),
        );
        r.obj("-True", (api.PyNumber_Negative)(api._Py_TrueStruct));
        r.drop_all(&vals);
        r.drop_all(&[two, f, s, l]);
    }
}

#[test]
fn int_arithmetic_matches_cpython() {
    differential("int arithmetic", arithmetic_scenario);
}

fn float_scenario(r: &mut Run) {
    let api = r.api;
    let xs = [
        0.0,
        -0.0,
        1.0,
        -2.5,
        3.0,
        0.1,
        1e308,
        -1e-310,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        7.0,
    ];
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let vals: Vec<O> = xs.iter().map(|&x| r.float(x)).collect();
        let ints = [
            r.int(0),
            r.int(3),
            r.int(-2),
            r.big("9007199254740993"),
            r.big("1".repeat(400).as_str()),
        ];
        type Bin = unsafe extern "C" fn(O, O) -> O;
        let ops: [(&str, Bin); 7] = [
            ("+", api.PyNumber_Add),
            ("-", api.PyNumber_Subtract),
            ("*", api.PyNumber_Multiply),
            ("/", api.PyNumber_TrueDivide),
            ("//", api.PyNumber_FloorDivide),
            ("%", api.PyNumber_Remainder),
            ("divmod", api.PyNumber_Divmod),
        ];
        let all: Vec<O> = vals.iter().chain(ints.iter()).copied().collect();
        for (i, &a) in all.iter().enumerate() {
            for (j, &b) in all.iter().enumerate() {
                let (ra, rb) = (r.repr(a), r.repr(b));
                for (name, op) in ops {
                    r.obj(&format!("{ra} {name} {rb}"), op(a, b));
                }
                // int ** int is the int tests' business (and can be huge);
                // a negative base to a fractional power is complex, which
                // pybuffer does not have.
                let base = if i < xs.len() {
                    xs[i]
                } else {
                    [0.0, 3.0, -2.0, 9e15, 1e300][i - xs.len()]
                };
                let fractional = j < xs.len() && xs[j].is_finite() && xs[j].fract() != 0.0;
                if (i < vals.len() || j < vals.len()) && !(base < 0.0 && fractional) {
                    r.obj(
                        &format!("{ra} ** {rb}"),
                        (api.PyNumber_Power)(a, b, api._Py_NoneStruct),
                    );
                }
                r.val(
                    &format!("{ra} cmp {rb}"),
                    (0..6)
                        .map(|op| r.repr((api.PyObject_RichCompare)(a, b, op)))
                        .collect::<Vec<_>>(),
                );
            }
            let ra = r.repr(a);
            r.obj(&format!("-{ra}"), (api.PyNumber_Negative)(a));
            r.obj(&format!("abs {ra}"), (api.PyNumber_Absolute)(a));
            r.obj(&format!("int({ra})"), (api.PyNumber_Long)(a));
            r.obj(&format!("float({ra})"), (api.PyNumber_Float)(a));
            r.val(
                &format!("AsDouble {ra}"),
                (api.PyFloat_AsDouble)(a).to_bits(),
            );
            r.val(
                &format!("hash {ra} == hash"),
                (api.PyObject_Hash)(a) == (api.PyObject_Hash)(a),
            );
        }
        for x in [0.5, 1.0, -1.0, 2.0, 1e-300, 123456.789, 2f64.powi(53) + 2.0] {
            let f = r.float(x);
            r.val(&format!("hash {x}"), (api.PyObject_Hash)(f));
            r.decref(f);
        }
        let neg = r.float(-8.0);
        let third = r.float(1.0 / 3.0);
        r.obj(
            "(-8.0) ** 2.0",
            (api.PyNumber_Power)(neg, r.float(2.0), api._Py_NoneStruct),
        );
        r.obj(
            "10.0 ** 400",
            (api.PyNumber_Power)(r.float(10.0), r.int(400), api._Py_NoneStruct),
        );
        r.obj(
            "pow(2.0, 2, 3)",
            (api.PyNumber_Power)(r.float(2.0), ints[1], ints[1]),
        );
        r.val("AsDouble str", (api.PyFloat_AsDouble)(r.str(c"1.5")));
        r.val("AsDouble None", (api.PyFloat_AsDouble)(api._Py_NoneStruct));
        r.val("AsDouble huge int", (api.PyFloat_AsDouble)(ints[4]));
        r.drop_all(&vals);
        r.drop_all(&ints);
        r.drop_all(&[neg, third]);
    }
}

#[test]
fn float_matches_cpython() {
    differential("float", float_scenario);
}

// ==========================================================================
// str
// ==========================================================================

/// The kind (1, 2, 4) and length as the `state` bitfield and `length`
/// field of CPython's `PyASCIIObject` hold them.
///
/// # Safety
/// `o` must be a live `str` of either side (the layouts are the same).
unsafe fn kind_and_len(o: O) -> (u32, isize) {
    // SAFETY: both sides lay a str out as PyASCIIObject.
    unsafe {
        let a = o as *mut PyASCIIObject;
        (((*a).state >> 2) & 7, (*a).length)
    }
}

fn str_scenario(r: &mut Run) {
    let api = r.api;
    // SAFETY: every object used below is live and of this side.
    unsafe {
        let samples: [&[u32]; 6] = [
            &[],
            &[0x61, 0x27, 0x22],
            &[0x61, 0xe9, 0xff],
            &[0x20ac, 0x41, 0x2028, 0xad],
            &[0x1f600, 0x61, 0x10ffff, 0xe0001],
            &[0xd800, 0x61, 0xdfff],
        ];
        let mut objs = Vec::new();
        for cps in samples {
            let o = (api.PyUnicode_FromKindAndData)(4, cps.as_ptr().cast(), cps.len() as isize);
            r.borrowed(&format!("FromKindAndData {cps:x?}"), o);
            r.val("  kind, len", kind_and_len(o));
            let again = (api.PyUnicode_FromKindAndData)(4, cps.as_ptr().cast(), cps.len() as isize);
            r.val(
                "  hash is by value",
                (api.PyObject_Hash)(o) == (api.PyObject_Hash)(again),
            );
            r.decref(again);
            let mut n = 0;
            let p = (api.PyUnicode_AsUTF8AndSize)(o, &mut n);
            r.val(
                "  AsUTF8AndSize",
                if p.is_null() {
                    None
                } else {
                    Some(std::slice::from_raw_parts(p.cast::<u8>(), n as usize).to_vec())
                },
            );
            r.obj("  AsUTF8String", (api.PyUnicode_AsUTF8String)(o));
            r.obj("  AsASCIIString", (api.PyUnicode_AsASCIIString)(o));
            r.obj("  AsLatin1String", (api.PyUnicode_AsLatin1String)(o));
            for enc in [c"utf-8", c"ascii", c"latin-1", c"UTF8", c"Latin_1"] {
                for h in [
                    c"strict",
                    c"replace",
                    c"ignore",
                    c"backslashreplace",
                    c"xmlcharrefreplace",
                    c"surrogateescape",
                    c"bogus",
                ] {
                    r.obj(
                        &format!("  encode {enc:?} {h:?}"),
                        (api.PyUnicode_AsEncodedString)(o, enc.as_ptr(), h.as_ptr()),
                    );
                }
            }
            r.val("  ReadChar 1", (api.PyUnicode_ReadChar)(o, 1));
            r.val("  ReadChar 9", (api.PyUnicode_ReadChar)(o, 9));
            r.obj("  Substring 1..2", (api.PyUnicode_Substring)(o, 1, 2));
            r.obj("  Substring 1..99", (api.PyUnicode_Substring)(o, 1, 99));
            r.obj("  [1]", (api.PyObject_GetItem)(o, r.int(1)));
            r.obj("  [-1]", (api.PyObject_GetItem)(o, r.int(-1)));
            r.obj("  [1.5]", (api.PyObject_GetItem)(o, r.float(1.5)));
            r.obj("  * 2", (api.PyNumber_Multiply)(o, r.int(2)));
            r.obj("  list", (api.PySequence_List)(o));
            r.val(
                "  CompareWithASCII 'a'",
                (api.PyUnicode_CompareWithASCIIString)(o, c"a".as_ptr()),
            );
            objs.push(o);
        }
        for &a in &objs {
            for &b in &objs {
                r.val(
                    &format!("Compare {} {}", r.repr(a), r.repr(b)),
                    (api.PyUnicode_Compare)(a, b),
                );
                r.obj("  Concat", (api.PyUnicode_Concat)(a, b));
                r.val("  Contains", (api.PyUnicode_Contains)(a, b));
                r.val(
                    "  cmp",
                    (0..6)
                        .map(|op| r.repr((api.PyObject_RichCompare)(a, b, op)))
                        .collect::<Vec<_>>(),
                );
            }
        }
        let one = r.int(1);
        r.obj("Concat str int", (api.PyUnicode_Concat)(objs[1], one));
        r.obj("Concat int str", (api.PyUnicode_Concat)(one, objs[1]));
        r.obj("str + int", (api.PyNumber_Add)(objs[1], one));
        r.obj("int * str", (api.PyNumber_Multiply)(r.int(3), objs[2]));
        r.obj("str += int", (api.PyNumber_InPlaceAdd)(objs[1], one));
        r.val("Contains int", (api.PyUnicode_Contains)(objs[1], one));
        r.val("Compare int", (api.PyUnicode_Compare)(objs[1], one));
        for (kind, maxchar) in [(1, 0x7f), (1, 0xff), (2, 0xffff), (4, 0x10ffff)] {
            let o = (api.PyUnicode_New)(3, maxchar);
            r.val(
                &format!("New 3 {maxchar:x}: kind, len"),
                (kind_and_len(o), kind),
            );
            r.val("  WriteChar 0 'x'", (api.PyUnicode_WriteChar)(o, 0, 0x78));
            r.val("  WriteChar 1 'y'", (api.PyUnicode_WriteChar)(o, 1, 0x79));
            r.val(
                "  WriteChar 2 maxchar",
                (api.PyUnicode_WriteChar)(o, 2, maxchar),
            );
            r.val(
                "  WriteChar 2 maxchar+1",
                (api.PyUnicode_WriteChar)(o, 2, maxchar + 1),
            );
            r.val("  WriteChar 3", (api.PyUnicode_WriteChar)(o, 3, 0x78));
            r.borrowed("  repr", o);
            (api.Py_IncRef)(o);
            r.val("  WriteChar shared", (api.PyUnicode_WriteChar)(o, 0, 0x79));
            r.decref(o);
            r.decref(o);
        }
        r.obj("New -1", (api.PyUnicode_New)(-1, 0));
        r.obj("New maxchar", (api.PyUnicode_New)(1, 0x110000));
        r.obj(
            "FromOrdinal 0x110000",
            (api.PyUnicode_FromOrdinal)(0x110000),
        );
        r.obj("FromOrdinal 0xe9", (api.PyUnicode_FromOrdinal)(0xe9));
        let inputs: [&[u8]; 6] = [
            b"abc",
            b"caf\xc3\xa9",
            b"\xff\xfeA",
            b"a\xe2\x82",
            b"\xed\xa0\x80x",
            b"\x80\x80",
        ];
        for bytes in inputs {
            for h in [
                c"strict",
                c"replace",
                c"ignore",
                c"surrogateescape",
                c"backslashreplace",
                c"bogus",
            ] {
                let p = bytes.as_ptr().cast();
                let n = bytes.len() as isize;
                r.obj(
                    &format!("DecodeUTF8 {bytes:x?} {h:?}"),
                    (api.PyUnicode_DecodeUTF8)(p, n, h.as_ptr()),
                );
                r.obj(
                    &format!("DecodeASCII {bytes:x?} {h:?}"),
                    (api.PyUnicode_DecodeASCII)(p, n, h.as_ptr()),
                );
                r.obj(
                    &format!("DecodeLatin1 {bytes:x?} {h:?}"),
                    (api.PyUnicode_DecodeLatin1)(p, n, h.as_ptr()),
                );
            }
            r.obj(
                &format!("Decode {bytes:x?} iso-8859-1"),
                (api.PyUnicode_Decode)(
                    bytes.as_ptr().cast(),
                    bytes.len() as isize,
                    c"iso-8859-1".as_ptr(),
                    ptr::null(),
                ),
            );
            r.obj(
                &format!("FromStringAndSize {bytes:x?}"),
                (api.PyUnicode_FromStringAndSize)(bytes.as_ptr().cast(), bytes.len() as isize),
            );
        }
        let parts = r.list(&objs[..5]);
        r.obj("Join", (api.PyUnicode_Join)(objs[1], parts));
        r.obj(
            "Join NULL sep",
            (api.PyUnicode_Join)(ptr::null_mut(), parts),
        );
        r.obj("Join int sep", (api.PyUnicode_Join)(one, parts));
        r.obj("Join int", (api.PyUnicode_Join)(objs[1], one));
        let mixed = r.list(&[objs[1], one]);
        r.obj("Join [str, int]", (api.PyUnicode_Join)(objs[1], mixed));
        let i1 = (api.PyUnicode_InternFromString)(c"interned-x".as_ptr());
        let i2 = (api.PyUnicode_InternFromString)(c"interned-x".as_ptr());
        r.val("InternFromString twice is one object", i1 == i2);
        let mut fresh = r.str(c"interned-x");
        let before = fresh;
        (api.PyUnicode_InternInPlace)(&mut fresh);
        r.val("InternInPlace replaces", (fresh == i1, fresh != before));
        r.drop_all(&[i1, i2, fresh, parts, mixed]);
        r.drop_all(&objs);
        r.decref(one);
    }
}

#[test]
fn str_matches_cpython() {
    differential("str", str_scenario);
}
