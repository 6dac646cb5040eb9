//! `PyArg_ParseTuple[AndKeywords]` and `Py_BuildValue` on generated formats.
//!
//! An input becomes a format built from the units of 3.11's grammar (every
//! parsing unit, nested tuples, `|`, `$`, `:name`, `;message`, and a few
//! malformed pieces: an unknown unit, unbalanced brackets, an odd dict), a
//! `kwlist` (some names empty: positional-only), and arguments drawn from a
//! pool of objects (ints at the C limits, floats, `str` of several kinds,
//! `bytes` with a NUL, `bytearray`, `memoryview`, tuples, `None`, ...).
//! The outputs the format promises are handed in as pointers to storage
//! between guard pages, in the order the format consumes them, exactly as a
//! C caller passes them. Then:
//!
//! * the call returns 1 with no exception or 0 with one (`NULL` with one,
//!   for `Py_BuildValue`);
//! * after the caller releases what a successful parse hands over (`s*`
//!   buffers, `es` strings), every argument is back at its reference count
//!   and the `bytearray` is not exported: a failed parse released every
//!   buffer and string it had taken, and called back every `O&` converter
//!   that asked for cleanup, exactly once;
//! * `Py_BuildValue` consumes the `N` references and calls the `O&`
//!   converters that CPython's control flow reaches ([`model_build`]: all
//!   of them in a well-formed format, none when a bracket is left open,
//!   those re-read after a refused `(,)`), and leaves `O` arguments at
//!   their counts.
//!
//! Every vararg is passed as exactly the C type the unit reads with
//! `va_arg`: a parse's are all pointers (the shim reads them as `void *`),
//! and a build is made against one of a few fixed call signatures
//! ([`SIGNATURES`]), its units chosen to fit the slots' types.

use std::ffi::{
    CString, c_char, c_double, c_int, c_long, c_longlong, c_uint, c_ulong, c_ulonglong, c_void,
};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

use pybuffer::ffi::{Py_buffer, Py_complex, Py_ssize_t, PyObject, PyTypeObject};

use crate::guard::Guarded;
use crate::input::Input;

unsafe extern "C" {
    static mut PyLong_Type: PyTypeObject;
    static mut PyBytes_Type: PyTypeObject;
    static mut _Py_NoneStruct: PyObject;
    static mut _Py_TrueStruct: PyObject;
    static PyExc_ValueError: *mut PyObject;

    fn PyGILState_Ensure() -> c_int;
    fn PyGILState_Release(state: c_int);
    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyErr_Occurred() -> *mut PyObject;
    fn PyErr_Clear();
    fn PyErr_SetString(t: *mut PyObject, m: *const c_char);
    fn PyLong_FromLongLong(v: i64) -> *mut PyObject;
    fn PyLong_FromUnsignedLongLong(v: u64) -> *mut PyObject;
    fn PyFloat_FromDouble(v: f64) -> *mut PyObject;
    fn PyUnicode_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyBytes_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyByteArray_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyByteArray_Resize(o: *mut PyObject, n: Py_ssize_t) -> c_int;
    fn PyMemoryView_FromObject(o: *mut PyObject) -> *mut PyObject;
    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_SetItem(t: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
    fn PyDict_New() -> *mut PyObject;
    fn PyDict_SetItem(d: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyBuffer_Release(view: *mut Py_buffer);
    fn PyMem_Free(p: *mut c_void);

    fn _PyArg_ParseTuple_SizeT(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn _PyArg_ParseTupleAndKeywords_SizeT(
        args: *mut PyObject,
        kwargs: *mut PyObject,
        format: *const c_char,
        kwlist: *const *const c_char,
        ...
    ) -> c_int;
    fn _Py_BuildValue_SizeT(format: *const c_char, ...) -> *mut PyObject;
}

/// Every pointer a call may read (the generated formats need fewer).
const SLOTS: usize = 24;
/// Storage for one output: a `Py_buffer` is the largest.
const SLOT_BYTES: usize = 128;

/// What a parse writes through a pointer, so that the harness can release it.
#[derive(Clone, Copy, PartialEq)]
enum Out {
    Plain,
    Buffer,
    Encoded,
    Converted,
}

/// The objects arguments are drawn from; each is a new reference owned
/// here, released at the end of the run.
struct Pool {
    objects: Vec<*mut PyObject>,
    /// Whether each object is a singleton that others refer to as well.
    shared: Vec<bool>,
    bytearray: *mut PyObject,
}

impl Pool {
    fn new() -> Pool {
        // SAFETY: the C API's constructors; every result is checked.
        unsafe {
            let mut objects = vec![
                PyLong_FromLongLong(0),
                PyLong_FromLongLong(-1),
                PyLong_FromLongLong(255),
                PyLong_FromLongLong(1 << 31),
                PyLong_FromLongLong(i64::MAX),
                PyLong_FromLongLong(i64::MIN),
                PyLong_FromUnsignedLongLong(u64::MAX),
                PyFloat_FromDouble(1.5),
                PyUnicode_FromStringAndSize(c"".as_ptr(), 0),
                PyUnicode_FromStringAndSize(c"abc".as_ptr(), 3),
                PyUnicode_FromStringAndSize(c"caf\xc3\xa9 \xf0\x9f\x98\x80".as_ptr(), 10),
                PyUnicode_FromStringAndSize(b"a\0b".as_ptr().cast(), 3),
                PyBytes_FromStringAndSize(c"".as_ptr(), 0),
                PyBytes_FromStringAndSize(c"x".as_ptr(), 1),
                PyBytes_FromStringAndSize(b"a\0b".as_ptr().cast(), 3),
            ];
            let bytearray = PyByteArray_FromStringAndSize(c"ab".as_ptr(), 2);
            objects.push(bytearray);
            objects.push(PyMemoryView_FromObject(objects[13]));
            let pair = PyTuple_New(2);
            PyTuple_SetItem(pair, 0, PyLong_FromLongLong(1));
            PyTuple_SetItem(pair, 1, PyLong_FromLongLong(2));
            objects.push(pair);
            let none = ptr::addr_of_mut!(_Py_NoneStruct);
            let truth = ptr::addr_of_mut!(_Py_TrueStruct);
            Py_IncRef(none);
            Py_IncRef(truth);
            objects.push(none);
            objects.push(truth);
            assert!(
                objects.iter().all(|o| !o.is_null()),
                "making the argument pool failed"
            );
            // A fresh object has the one reference made for the pool.
            let shared = objects.iter().map(|&o| (*o).ob_refcnt != 1).collect();
            Pool {
                objects,
                shared,
                bytearray,
            }
        }
    }

    fn pick(&self, input: &mut Input) -> *mut PyObject {
        self.objects[input.below(self.objects.len())]
    }

    /// The reference counts of the objects only this pool holds. Shared
    /// singletons (`None`, `True`, the empty `bytes`) are left out: other
    /// threads (the stable replay runs tests in parallel) may take and drop
    /// references to them at any time.
    fn refcounts(&self) -> Vec<Option<Py_ssize_t>> {
        let count = |o: *mut PyObject| {
            // SAFETY: live objects owned by the pool.
            unsafe { (*o).ob_refcnt }
        };
        self.objects
            .iter()
            .zip(&self.shared)
            .map(|(&o, &shared)| (!shared).then(|| count(o)))
            .collect()
    }

    /// Asserts that every object is back at `before` and the bytearray is
    /// not exported (a buffer left held would refuse the resize).
    fn check_baseline(&self, before: &[Option<Py_ssize_t>], what: &str) {
        assert_eq!(
            self.refcounts(),
            before,
            "{what}: an argument's refcount changed"
        );
        // SAFETY: our bytearray.
        unsafe {
            let n = PyByteArray_Size(self.bytearray);
            assert_eq!(
                PyByteArray_Resize(self.bytearray, n + 1),
                0,
                "{what}: the bytearray is still exported"
            );
            assert_eq!(PyByteArray_Resize(self.bytearray, n), 0);
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for &o in &self.objects {
            // SAFETY: the references the pool owns.
            unsafe { Py_DecRef(o) };
        }
    }
}

static CONVERTED: AtomicUsize = AtomicUsize::new(0);
static CLEANED: AtomicUsize = AtomicUsize::new(0);

/// An `O&` converter that asks to be called back on a later failure.
unsafe extern "C" fn converter(obj: *mut PyObject, addr: *mut c_void) -> c_int {
    if obj.is_null() {
        CLEANED.fetch_add(1, Ordering::Relaxed);
        return 1;
    }
    // SAFETY: `obj` is a live argument; `addr` is a guarded slot.
    unsafe {
        // PyLong_Check: Py_TPFLAGS_LONG_SUBCLASS.
        if (*(*obj).ob_type).tp_flags & (1 << 24) == 0 {
            PyErr_SetString(PyExc_ValueError, c"converter: not an int".as_ptr());
            return 0;
        }
        addr.cast::<u64>().write(1);
    }
    CONVERTED.fetch_add(1, Ordering::Relaxed);
    0x20000 // Py_CLEANUP_SUPPORTED
}

/// One generated parse format with its output plan.
struct ParsePlan {
    format: String,
    /// What each pointer passed after the format is.
    outs: Vec<Out>,
    /// The pointer values for input slots (`O!` type, `O&` converter, `e`
    /// encoding); outputs get guarded storage.
    inputs: Vec<Option<*mut c_void>>,
    params: usize,
}

const SIMPLE: &[&str] = &[
    "b", "B", "h", "H", "i", "I", "l", "k", "L", "K", "n", "f", "d", "D", "c", "C", "p", "O", "S",
    "Y", "U", "s", "s#", "s*", "z", "z#", "z*", "y", "y#", "y*", "w*", "O!", "O&", "es", "et",
    "es#", "et#",
];

fn add_unit(plan: &mut ParsePlan, unit: &str, input: &mut Input) {
    plan.format.push_str(unit);
    match unit {
        "O!" => {
            let ty = if input.bool() {
                ptr::addr_of_mut!(PyLong_Type)
            } else {
                ptr::addr_of_mut!(PyBytes_Type)
            };
            plan.outs.push(Out::Plain);
            plan.inputs.push(Some(ty.cast()));
            plan.outs.push(Out::Plain);
            plan.inputs.push(None);
        }
        "O&" => {
            let f: unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int = converter;
            plan.outs.push(Out::Plain);
            plan.inputs.push(Some(f as *mut c_void));
            plan.outs.push(Out::Converted);
            plan.inputs.push(None);
        }
        "es" | "et" | "es#" | "et#" => {
            let enc = ENCODINGS[input.below(ENCODINGS.len())];
            plan.outs.push(Out::Plain);
            plan.inputs.push(Some(
                enc.map_or(ptr::null_mut(), |c| c.as_ptr() as *mut c_void),
            ));
            plan.outs.push(Out::Encoded);
            plan.inputs.push(None);
            if unit.ends_with('#') {
                plan.outs.push(Out::Plain);
                plan.inputs.push(None);
            }
        }
        "s*" | "z*" | "y*" | "w*" => {
            plan.outs.push(Out::Buffer);
            plan.inputs.push(None);
        }
        _ if unit.ends_with('#') => {
            plan.outs.push(Out::Plain);
            plan.inputs.push(None);
            plan.outs.push(Out::Plain);
            plan.inputs.push(None);
        }
        _ => {
            plan.outs.push(Out::Plain);
            plan.inputs.push(None);
        }
    }
}

/// The encodings `e` units are given (NULL means the default, UTF-8).
const ENCODINGS: [Option<&std::ffi::CStr>; 5] = [
    Some(c"utf-8"),
    Some(c"latin-1"),
    Some(c"ascii"),
    None,
    Some(c"no-such-codec"),
];

fn generate_parse(input: &mut Input) -> ParsePlan {
    let mut plan = ParsePlan {
        format: String::new(),
        outs: Vec::new(),
        inputs: Vec::new(),
        params: 0,
    };
    let n = input.below(7);
    let bar = input.below(n + 2);
    let dollar = if input.one_in(3) {
        Some(bar + input.below(n + 1))
    } else {
        None
    };
    for i in 0..n {
        if i == bar {
            plan.format.push('|');
        }
        if Some(i) == dollar {
            plan.format.push('$');
        }
        if input.one_in(6) {
            // a nested tuple of two units
            plan.format.push('(');
            for _ in 0..2 {
                let unit = SIMPLE[input.below(SIMPLE.len())];
                add_unit(&mut plan, unit, input);
            }
            plan.format.push(')');
        } else {
            let unit = SIMPLE[input.below(SIMPLE.len())];
            add_unit(&mut plan, unit, input);
        }
        plan.params += 1;
        if plan.outs.len() > SLOTS - 6 {
            break;
        }
    }
    match input.below(8) {
        0 => plan.format.push_str(":fname"),
        1 => plan.format.push_str(";custom message"),
        2 => plan.format.push('x'), // an unknown unit: SystemError, nothing read
        _ => {}
    }
    plan
}

/// One parse run.
fn parse(input: &mut Input, pool: &Pool) {
    let plan = generate_parse(input);
    let keywords = input.bool();
    // Positional arguments: a tuple (nested units get a 2-tuple or others).
    let nargs = input.below(plan.params + 2);
    // SAFETY: (block) C API calls on live objects; the tuple and dict are
    // ours and released below.
    unsafe {
        let args = PyTuple_New(nargs as Py_ssize_t);
        for i in 0..nargs {
            let o = pool.pick(input);
            Py_IncRef(o);
            PyTuple_SetItem(args, i as Py_ssize_t, o);
        }
        let positional_only = if keywords {
            input.below(plan.params + 1)
        } else {
            0
        };
        let names: Vec<CString> = (0..plan.params)
            .map(|i| {
                if i < positional_only {
                    CString::default()
                } else {
                    CString::new(format!("a{i}")).unwrap()
                }
            })
            .collect();
        let mut kwlist: Vec<*const c_char> = names.iter().map(|c| c.as_ptr()).collect();
        kwlist.push(ptr::null());
        let mut kwargs = ptr::null_mut();
        if keywords && input.bool() {
            kwargs = PyDict_New();
            for _ in 0..input.below(3) {
                let name = match input.below(4) {
                    0 => "zz".to_owned(),
                    _ => format!("a{}", input.below(plan.params + 1)),
                };
                let key =
                    PyUnicode_FromStringAndSize(name.as_ptr().cast(), name.len() as Py_ssize_t);
                PyDict_SetItem(kwargs, key, pool.pick(input));
                Py_DecRef(key);
            }
            if input.one_in(8) {
                let key = PyLong_FromLongLong(1);
                PyDict_SetItem(kwargs, key, pool.pick(input));
                Py_DecRef(key);
            }
        }

        let before = pool.refcounts();
        let storage: Vec<Guarded> = (0..SLOTS).map(|_| Guarded::new(SLOT_BYTES, true)).collect();
        let mut p = [ptr::null_mut::<c_void>(); SLOTS];
        for (i, slot) in p.iter_mut().enumerate() {
            *slot = match plan.inputs.get(i) {
                Some(Some(value)) => *value,
                _ => storage[i].ptr().cast(),
            };
        }
        CONVERTED.store(0, Ordering::Relaxed);
        CLEANED.store(0, Ordering::Relaxed);
        let format = CString::new(plan.format.clone()).unwrap();
        let r = if keywords {
            _PyArg_ParseTupleAndKeywords_SizeT(
                args,
                kwargs,
                format.as_ptr(),
                kwlist.as_ptr(),
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                p[5],
                p[6],
                p[7],
                p[8],
                p[9],
                p[10],
                p[11],
                p[12],
                p[13],
                p[14],
                p[15],
                p[16],
                p[17],
                p[18],
                p[19],
                p[20],
                p[21],
                p[22],
                p[23],
            )
        } else {
            _PyArg_ParseTuple_SizeT(
                args,
                format.as_ptr(),
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                p[5],
                p[6],
                p[7],
                p[8],
                p[9],
                p[10],
                p[11],
                p[12],
                p[13],
                p[14],
                p[15],
                p[16],
                p[17],
                p[18],
                p[19],
                p[20],
                p[21],
                p[22],
                p[23],
            )
        };
        let what = format!("format {:?}", plan.format);
        if r == 1 {
            assert!(
                PyErr_Occurred().is_null(),
                "{what}: success with an exception set"
            );
            assert_eq!(
                CLEANED.load(Ordering::Relaxed),
                0,
                "{what}: a converter was cleaned up on success"
            );
            // Release what the caller now owns.
            for (i, out) in plan.outs.iter().enumerate() {
                match out {
                    Out::Buffer => {
                        let view = p[i].cast::<Py_buffer>();
                        // Only buffers the parse filled (a skipped optional
                        // unit leaves the zeroed storage, obj NULL, buf NULL).
                        if !(*view).buf.is_null() || !(*view).obj.is_null() {
                            PyBuffer_Release(view);
                        }
                    }
                    Out::Encoded => {
                        let s = p[i].cast::<*mut c_void>().read();
                        PyMem_Free(s);
                    }
                    _ => {}
                }
            }
        } else {
            assert_eq!(r, 0, "{what}: returned {r}");
            assert!(
                !PyErr_Occurred().is_null(),
                "{what}: failure without an exception"
            );
            PyErr_Clear();
            assert_eq!(
                CLEANED.load(Ordering::Relaxed),
                CONVERTED.load(Ordering::Relaxed),
                "{what}: converters were not all cleaned up after the failure"
            );
            for (i, out) in plan.outs.iter().enumerate() {
                if *out == Out::Encoded {
                    let s = p[i].cast::<*mut c_void>().read();
                    assert!(
                        s.is_null(),
                        "{what}: an encoded string was left allocated after the failure"
                    );
                }
            }
        }
        pool.check_baseline(&before, &what);
        Py_DecRef(args);
        if !kwargs.is_null() {
            Py_DecRef(kwargs);
        }
        drop(storage);
    }
}

/// The C type of one `Py_BuildValue` vararg. Each unit reads exactly one
/// of these per argument (CPython's `do_mkvalue`, and ours): `b B h i c C`
/// an `int`, `H I` an `unsigned int`, `l` a `long`, `k` an `unsigned long`,
/// `L` / `K` `long long` / `unsigned long long`, `n` and a `#` length a
/// `Py_ssize_t`, `f d` a `double`, and every string, object, `D`, and `O&`
/// converter and its argument a pointer (read back as `void *`).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Ssize,
    Double,
    Ptr,
}

/// One vararg, of the type its [`Kind`] names.
#[derive(Clone, Copy, Debug)]
enum Arg {
    Int(c_int),
    UInt(c_uint),
    Long(c_long),
    ULong(c_ulong),
    LongLong(c_longlong),
    ULongLong(c_ulonglong),
    Ssize(Py_ssize_t),
    Double(c_double),
    Ptr(*mut c_void),
}

impl Arg {
    /// The zero of `kind`, for the slots past the last one the format reads.
    fn zero(kind: Kind) -> Arg {
        match kind {
            Kind::Int => Arg::Int(0),
            Kind::UInt => Arg::UInt(0),
            Kind::Long => Arg::Long(0),
            Kind::ULong => Arg::ULong(0),
            Kind::LongLong => Arg::LongLong(0),
            Kind::ULongLong => Arg::ULongLong(0),
            Kind::Ssize => Arg::Ssize(0),
            Kind::Double => Arg::Double(0.0),
            Kind::Ptr => Arg::Ptr(ptr::null_mut()),
        }
    }
}

/// The value of an [`Arg`] as the C type of the slot it is passed in; a
/// mismatch is a harness bug and panics before anything is called.
#[allow(non_snake_case)]
mod take {
    use super::*;

    macro_rules! getter {
        ($($kind:ident: $ty:ty),*) => {$(
            pub fn $kind(arg: Option<&Arg>) -> $ty {
                match arg {
                    Some(Arg::$kind(v)) => *v,
                    other => panic!("a {} slot given {other:?}", stringify!($kind)),
                }
            }
        )*};
    }
    getter!(
        Int: c_int,
        UInt: c_uint,
        Long: c_long,
        ULong: c_ulong,
        LongLong: c_longlong,
        ULongLong: c_ulonglong,
        Ssize: Py_ssize_t,
        Double: c_double,
        Ptr: *mut c_void
    );
}

/// A variadic call's argument types are fixed where it is written, so a
/// build is made against one of a few fixed signatures of [`SLOTS`]
/// arguments: the generator picks, slot by slot, a unit that reads exactly
/// the next slots' types, and zero-fills the slots after the last.
///
/// Safety: the format must read no more than the signature's slots, each
/// as its slot's type, and every pointer it reads must be valid for what
/// its unit does with it (a NUL-terminated string, a live object, ...).
type BuildCall = unsafe fn(*const c_char, &[Arg]) -> *mut PyObject;

macro_rules! signatures {
    ($($($kind:ident)*;)*) => {
        /// The signatures builds are made against: uniform ones (pointers,
        /// `int`s, `double`s past the registers) and mixed ones.
        const SIGNATURES: &[([Kind; SLOTS], BuildCall)] = &[$((
            [$(Kind::$kind),*],
            // SAFETY: the caller's contract (see `BuildCall`); `take`
            // checks that each value is of its slot's type.
            (|format, a| unsafe {
                let mut a = a.iter();
                _Py_BuildValue_SizeT(format, $(take::$kind(a.next())),*)
            }) as BuildCall,
        )),*];
    };
}

signatures!(
    Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr Ptr;
    Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int Int;
    Double Double Double Double Double Double Double Double Double Double Double Double
    Double Double Double Double Double Double Double Double Double Double Double Double;
    Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize
    Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize Ptr Ssize;
    Ptr Int Ssize Long Ptr Ptr Double UInt ULong LongLong ULongLong Ptr
    Ssize Int Ptr Ptr Double Int Ptr Ssize Long Ptr Int Ptr;
    Int Ptr Ptr Ssize Double Double Ptr Long UInt Ptr Ssize Ptr
    Ptr Int ULongLong LongLong Ptr Ptr Ssize ULong Int Double Ptr Ptr;
);

/// `Py_BuildValue` units (`u`, wide strings, aside) with the types of the
/// arguments each reads.
const BUILD_UNITS: &[(&str, &[Kind])] = &[
    ("i", &[Kind::Int]),
    ("b", &[Kind::Int]),
    ("B", &[Kind::Int]),
    ("h", &[Kind::Int]),
    ("c", &[Kind::Int]),
    ("C", &[Kind::Int]),
    ("H", &[Kind::UInt]),
    ("I", &[Kind::UInt]),
    ("l", &[Kind::Long]),
    ("k", &[Kind::ULong]),
    ("L", &[Kind::LongLong]),
    ("K", &[Kind::ULongLong]),
    ("n", &[Kind::Ssize]),
    ("d", &[Kind::Double]),
    ("f", &[Kind::Double]),
    ("s", &[Kind::Ptr]),
    ("z", &[Kind::Ptr]),
    ("y", &[Kind::Ptr]),
    ("U", &[Kind::Ptr]),
    ("O", &[Kind::Ptr]),
    ("S", &[Kind::Ptr]),
    ("N", &[Kind::Ptr]),
    ("D", &[Kind::Ptr]),
    ("s#", &[Kind::Ptr, Kind::Ssize]),
    ("y#", &[Kind::Ptr, Kind::Ssize]),
    ("z#", &[Kind::Ptr, Kind::Ssize]),
    ("O&", &[Kind::Ptr, Kind::Ptr]),
];

/// How many times [`make_value`] ran in this build.
static MADE: AtomicUsize = AtomicUsize::new(0);

/// A `Py_BuildValue` `O&` converter: the int `arg`, or failure for NULL.
unsafe extern "C" fn make_value(arg: *mut c_void) -> *mut PyObject {
    MADE.fetch_add(1, Ordering::Relaxed);
    if arg.is_null() {
        // A failing O& converter, with its exception.
        // SAFETY: a valid exception type and message.
        unsafe { PyErr_SetString(PyExc_ValueError, c"make_value failed".as_ptr()) };
        return ptr::null_mut();
    }
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLongLong(arg.addr() as i64) }
}

/// Which units of a `Py_BuildValue` format CPython 3.11 runs, by their
/// byte offsets (`None` where CPython itself would read past the format's
/// NUL). A naive statement of `modsupport.c`'s control flow: a failing value
/// never changes it (`do_ignore` builds the remaining values exactly as the
/// loop would have), so only the format's shape decides which arguments are
/// read -- and so which `N` references are consumed and which `O&`
/// converters are called.
fn model_build(format: &[u8]) -> Option<Vec<usize>> {
    /// `countformat`: the values before `end` at this level, or -1 when
    /// the format ends first.
    fn count(f: &[u8], mut p: usize, end: u8) -> isize {
        let (mut n, mut level) = (0, 0i32);
        loop {
            let c = f.get(p).copied().unwrap_or(0);
            if level <= 0 && c == end {
                return n;
            }
            match c {
                0 => return -1,
                b'(' | b'[' | b'{' => {
                    n += isize::from(level == 0);
                    level += 1;
                }
                b')' | b']' | b'}' => level -= 1,
                b'#' | b'&' | b',' | b':' | b' ' | b'\t' => {}
                _ => n += isize::from(level == 0),
            }
            p += 1;
        }
    }
    /// `do_mktuple` / `do_mklist` / `do_mkdict` (and `do_ignore`): `n`
    /// values, then the closing character if it is there.
    fn items(f: &[u8], p: &mut usize, end: u8, n: isize, run: &mut Vec<usize>) -> Option<()> {
        for _ in 0..n.max(0) {
            value(f, p, run)?;
        }
        if n >= 0 && end != 0 && f.get(*p) == Some(&end) {
            *p += 1;
        }
        Some(())
    }
    /// `do_mkvalue`.
    fn value(f: &[u8], p: &mut usize, run: &mut Vec<usize>) -> Option<()> {
        loop {
            let c = f.get(*p).copied().unwrap_or(0);
            if c == 0 {
                return None; // CPython steps past the NUL
            }
            *p += 1;
            let close = match c {
                b'(' => b')',
                b'[' => b']',
                b'{' => b'}',
                b':' | b',' | b' ' | b'\t' => continue,
                b'b' | b'B' | b'h' | b'i' | b'H' | b'I' | b'n' | b'l' | b'k' | b'L' | b'K'
                | b'f' | b'd' | b'D' | b'c' | b'C' => {
                    run.push(*p - 1);
                    return Some(());
                }
                b'u' | b's' | b'z' | b'U' | b'y' | b'N' | b'S' | b'O' => {
                    run.push(*p - 1);
                    let suffix = if matches!(c, b'N' | b'S' | b'O') {
                        b'&'
                    } else {
                        b'#'
                    };
                    if f.get(*p) == Some(&suffix) {
                        *p += 1;
                    }
                    return Some(());
                }
                _ => return Some(()), // "bad format char"
            };
            let n = count(f, *p, close);
            return items(f, p, close, n, run);
        }
    }
    let mut run = Vec::new();
    let mut p = 0;
    match count(format, 0, 0) {
        n if n < 1 => {}
        1 => value(format, &mut p, &mut run)?,
        n => items(format, &mut p, 0, n, &mut run)?,
    }
    Some(run)
}

fn build(input: &mut Input, pool: &Pool) {
    static TEXT: &std::ffi::CStr = c"text\xc3\xa9";
    static BYTES: &std::ffi::CStr = c"bytes";
    static COMPLEX: Py_complex = Py_complex {
        real: 1.0,
        imag: -2.0,
    };
    let (kinds, call) = SIGNATURES[input.below(SIGNATURES.len())];
    let mut format = String::new();
    let mut args: Vec<Arg> = Vec::new();
    // Each `N`'s object and format offset; each `O&`'s offset.
    let mut stolen: Vec<(*mut PyObject, usize)> = Vec::new();
    let mut converters: Vec<usize> = Vec::new();
    let mut open: Vec<char> = Vec::new();
    let units = input.below(10);
    for _ in 0..units {
        match input.below(10) {
            0 if open.len() < 3 => {
                let (o, c) = [('(', ')'), ('[', ']'), ('{', '}')][input.below(3)];
                format.push(o);
                open.push(c);
            }
            1 if !open.is_empty() => format.push(open.pop().unwrap()),
            2 => format.push([',', ':', ' '][input.below(3)]),
            _ => {
                let next = &kinds[args.len()..];
                let fitting: Vec<_> = BUILD_UNITS
                    .iter()
                    .filter(|(_, reads)| next.starts_with(reads))
                    .collect();
                if fitting.is_empty() {
                    break; // the signature's slots are used up
                }
                let (unit, _) = *fitting[input.below(fitting.len())];
                let at = format.len();
                format.push_str(unit);
                let text = if input.one_in(4) {
                    ptr::null_mut()
                } else {
                    TEXT.as_ptr().cast_mut().cast()
                };
                match unit {
                    "s" | "z" | "U" => args.push(Arg::Ptr(text)),
                    "y" => args.push(Arg::Ptr(BYTES.as_ptr().cast_mut().cast())),
                    "s#" | "z#" | "y#" => {
                        args.push(Arg::Ptr(if input.one_in(5) {
                            ptr::null_mut()
                        } else {
                            BYTES.as_ptr().cast_mut().cast()
                        }));
                        args.push(Arg::Ssize(input.range(-1, 5)));
                    }
                    "O" | "S" => args.push(Arg::Ptr(if input.one_in(12) {
                        ptr::null_mut()
                    } else {
                        pool.pick(input).cast()
                    })),
                    "N" => {
                        // A fresh object whose one reference the build must
                        // consume; the harness keeps a second to check.
                        // SAFETY: a new str.
                        let o = unsafe { PyUnicode_FromStringAndSize(c"stolen".as_ptr(), 6) };
                        // SAFETY: live.
                        unsafe { Py_IncRef(o) };
                        stolen.push((o, at));
                        args.push(Arg::Ptr(o.cast()));
                    }
                    "D" => args.push(Arg::Ptr(ptr::addr_of!(COMPLEX).cast_mut().cast())),
                    "O&" => {
                        converters.push(at);
                        let f: unsafe extern "C" fn(*mut c_void) -> *mut PyObject = make_value;
                        args.push(Arg::Ptr(f as *mut c_void));
                        args.push(Arg::Ptr(if input.one_in(4) {
                            ptr::null_mut()
                        } else {
                            ptr::without_provenance_mut(7)
                        }));
                    }
                    "C" => args.push(Arg::Int(if input.one_in(8) {
                        input.u64() as c_int
                    } else {
                        input.range(-1, 0x110001) as c_int
                    })),
                    "H" | "I" => args.push(Arg::UInt(input.u64() as c_uint)),
                    "l" => args.push(Arg::Long(input.u64() as c_long)),
                    "k" => args.push(Arg::ULong(input.u64() as c_ulong)),
                    "L" => args.push(Arg::LongLong(input.u64() as c_longlong)),
                    "K" => args.push(Arg::ULongLong(input.u64() as c_ulonglong)),
                    "n" => args.push(Arg::Ssize(input.u64() as Py_ssize_t)),
                    "d" | "f" => args.push(Arg::Double(c_double::from_bits(input.u64()))),
                    _ => args.push(Arg::Int(input.u64() as c_int)),
                }
            }
        }
    }
    if input.bool() {
        while let Some(c) = open.pop() {
            format.push(c);
        }
    }
    if input.one_in(10) {
        format.push('x');
    }
    // The units CPython runs: the generated ones in order, up to where the
    // format's shape stops it (an unclosed bracket fails the first count,
    // before any is run; `(,)` is refused at `,` and the rest re-read).
    let run = model_build(format.as_bytes());
    for &kind in &kinds[args.len()..] {
        args.push(Arg::zero(kind));
    }
    let before = pool.refcounts();
    let cformat = CString::new(format.clone()).unwrap();
    // SAFETY: every argument the format reads is of the C type it reads
    // (the units were chosen to fit the signature's slots).
    unsafe {
        MADE.store(0, Ordering::Relaxed);
        let r = call(cformat.as_ptr(), &args);
        let what = format!("Py_BuildValue({format:?})");
        if r.is_null() {
            assert!(
                !PyErr_Occurred().is_null(),
                "{what}: NULL without an exception"
            );
            PyErr_Clear();
        } else {
            assert!(
                PyErr_Occurred().is_null(),
                "{what}: a result with an exception set"
            );
            Py_DecRef(r);
        }
        for &(o, at) in &stolen {
            let refs = (*o).ob_refcnt;
            match &run {
                Some(run) => assert_eq!(
                    refs,
                    if run.contains(&at) { 1 } else { 2 },
                    "{what}: the N at offset {at} was not consumed as CPython consumes it (runs {run:?})"
                ),
                None => assert!(
                    refs == 1 || refs == 2,
                    "{what}: an N reference consumed {} times",
                    2 - refs
                ),
            }
            for _ in 0..refs {
                Py_DecRef(o);
            }
        }
        if let Some(run) = &run {
            let expected = converters.iter().filter(|at| run.contains(at)).count();
            assert_eq!(
                MADE.load(Ordering::Relaxed),
                expected,
                "{what}: O& converters called other than as CPython calls them"
            );
        }
        pool.check_baseline(&before, &what);
    }
}

/// One fuzz input: a parse or a build.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    // SAFETY: the GIL is taken and released around the run.
    let gil = unsafe { PyGILState_Ensure() };
    {
        let pool = Pool::new();
        if input.bool() {
            parse(&mut input, &pool);
        } else {
            build(&mut input, &pool);
        }
    }
    // SAFETY: the state returned above.
    unsafe { PyGILState_Release(gil) };
}
