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

use pybuffer::ffi::*;
use pybuffer::objects::r#abstract::*;
use pybuffer::objects::boolobject::*;
use pybuffer::objects::exceptions::*;
use pybuffer::objects::floatobject::*;
use pybuffer::objects::longobject::*;
use pybuffer::objects::object::*;
use pybuffer::objects::tupleobject::*;
use pybuffer::objects::unicodeobject::*;
use pybuffer::python::errors::take_error;

type O = *mut PyObject;

unsafe extern "C" {
    fn PyTuple_Pack(n: isize, ...) -> O;
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
        PyIndex_Check: fn(O) -> c_int;
        PyNumber_Index: fn(O) -> O;
        PyNumber_AsSsize_t: fn(O, O) -> isize;
    }
    variadic {
        PyTuple_Pack: fn(isize) -> O;
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
