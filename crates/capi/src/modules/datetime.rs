//! The `datetime` module (CPython's `Modules/_datetimemodule.c`): the
//! types `date`, `time`, `datetime`, `timedelta`, `tzinfo` and `timezone`
//! with CPython 3.11's instance layouts (`datetime.h`), and the capsule
//! `datetime.datetime_CAPI` that `PyDateTime_IMPORT` loads.
//!
//! Like CPython's, the module is an extension built on the C API: it
//! parses arguments with `PyArg_ParseTupleAndKeywords` and calls tzinfo
//! methods through attribute lookup, so C subclasses of these types (a
//! `tzinfo` with its own `utcoffset`, say) behave as they do in CPython.
//! The import machinery makes the module on the first lookup of the name
//! `datetime` (`crate::python::import`).
//!
//! What is here: construction with CPython's range checks and messages
//! (from C calls and through the CAPI table), the fields as attributes,
//! `repr` / `str` / `isoformat`, comparison and hashing with the
//! naive/aware rules, the arithmetic of dates, datetimes and timedeltas
//! (timedeltas with ints of any size and floats, exactly),
//! `utcoffset` / `dst` / `tzname`, fixed-offset `timezone`s and
//! `tzinfo.fromutc`, the clock and timestamps through the C library's
//! `localtime_r` / `gmtime_r` (`now`, `utcnow`, `today`, `fromtimestamp`,
//! `utcfromtimestamp`, `timestamp`, with CPython's fold detection and its
//! resolution of repeated and skipped local times), `fromordinal`,
//! `astimezone` (the local zone as a named fixed offset, as CPython makes
//! it), `combine`, `replace`, `toordinal`, `weekday`, `isoweekday`,
//! `ctime`, ISO week dates (`isocalendar` with its `IsoCalendarDate`
//! tuple, `fromisocalendar`), `fromisoformat` of dates, times and
//! datetimes by 3.11's rules (quirks of its C parser included), and PEP
//! 495's rule that a datetime whose offset depends on its fold equals none
//! in another zone. Not here: `strftime` / `strptime` / `__format__` with
//! a spec, `timetuple` / `utctimetuple` (no `time.struct_time`), and
//! pickling (`__reduce__`).

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_double, c_int, c_long, c_longlong, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{int_of, long_from_bigint, long_from_i128};
use crate::objects::typeobject::static_type;
use crate::python::errors;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

unsafe extern "C" {
    static mut _Py_NoneStruct: PyObject;
    static mut _Py_NotImplementedStruct: PyObject;
    static mut _Py_TrueStruct: PyObject;
    static mut _Py_FalseStruct: PyObject;
    static mut PyFloat_Type: PyTypeObject;

    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
    fn PyArg_UnpackTuple(
        args: *mut PyObject,
        name: *const c_char,
        min: Py_ssize_t,
        max: Py_ssize_t,
        ...
    ) -> c_int;
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyObject_TypeCheck(o: *mut PyObject, ty: *mut PyTypeObject) -> c_int;
    fn PyObject_Repr(o: *mut PyObject) -> *mut PyObject;
    fn PyObject_Hash(o: *mut PyObject) -> Py_hash_t;
    fn PyObject_CallMethod(
        o: *mut PyObject,
        name: *const c_char,
        format: *const c_char,
        ...
    ) -> *mut PyObject;
    fn PyObject_CallFunction(f: *mut PyObject, format: *const c_char, ...) -> *mut PyObject;
    fn PyLong_FromLong(v: c_long) -> *mut PyObject;
    fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject;
    fn PyLong_AsLongLong(o: *mut PyObject) -> c_longlong;
    fn PyLong_AsLongLongAndOverflow(o: *mut PyObject, overflow: *mut c_int) -> c_longlong;
    fn PyFloat_AsDouble(o: *mut PyObject) -> c_double;
    fn PyFloat_FromDouble(v: c_double) -> *mut PyObject;
    fn PyNumber_TrueDivide(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PyUnicode_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_AsUTF8AndSize(o: *mut PyObject, n: *mut Py_ssize_t) -> *const c_char;
    fn PyTuple_Pack(n: Py_ssize_t, ...) -> *mut PyObject;
    fn PyDict_SetItemString(d: *mut PyObject, k: *const c_char, v: *mut PyObject) -> c_int;
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn PyModule_AddIntConstant(m: *mut PyObject, name: *const c_char, v: c_long) -> c_int;
    fn PyCapsule_New(
        p: *mut c_void,
        name: *const c_char,
        destructor: Option<unsafe extern "C" fn(*mut PyObject)>,
    ) -> *mut PyObject;
    fn PyErr_Occurred() -> *mut PyObject;
    fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int;
    fn PyErr_Clear();
    fn PyErr_SetFromErrno(exc: *mut PyObject) -> *mut PyObject;
    fn _Py_HashBytes(p: *const c_void, n: Py_ssize_t) -> Py_hash_t;
}

// ==========================================================================
// Small helpers
// ==========================================================================

fn none() -> *mut PyObject {
    &raw mut _Py_NoneStruct
}

/// A new reference to `op`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn new_ref(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe { Py_IncRef(op) };
    op
}

fn not_implemented() -> *mut PyObject {
    let op = &raw mut _Py_NotImplementedStruct;
    // SAFETY: the immortal NotImplemented singleton.
    unsafe { new_ref(op) }
}

fn py_bool(v: bool) -> *mut PyObject {
    let op = if v {
        &raw mut _Py_TrueStruct
    } else {
        &raw mut _Py_FalseStruct
    };
    // SAFETY: the immortal bool singletons.
    unsafe { new_ref(op) }
}

fn fail<T>(exc: Exc, msg: impl Into<String>) -> *mut T {
    errors::fail_null(exc, msg)
}

fn unicode(text: &str) -> *mut PyObject {
    // SAFETY: a valid UTF-8 buffer of that length.
    unsafe { PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as Py_ssize_t) }
}

/// The text of a `str` (lossy for lone surrogates), or None with the
/// error of `PyUnicode_AsUTF8AndSize`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn text(op: *mut PyObject) -> Option<String> {
    let mut n: Py_ssize_t = 0;
    // SAFETY: a live object; the buffer lives as long as the str.
    unsafe {
        let p = PyUnicode_AsUTF8AndSize(op, &mut n);
        if p.is_null() {
            return None;
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), n as usize);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// `repr(op)` as Rust text, or None with the error set.
///
/// # Safety
/// `op` must be a live object.
unsafe fn repr_text(op: *mut PyObject) -> Option<String> {
    // SAFETY: a live object; the result is released after reading.
    unsafe {
        let r = PyObject_Repr(op);
        if r.is_null() {
            return None;
        }
        let t = text(r);
        Py_DecRef(r);
        t
    }
}

/// The `tp_name` of `op`'s type.
///
/// # Safety
/// `op` must be a live object.
unsafe fn type_name(op: *mut PyObject) -> String {
    // SAFETY: a live object has a type with a NUL-terminated name.
    unsafe {
        CStr::from_ptr((*(*op).ob_type).tp_name)
            .to_string_lossy()
            .into_owned()
    }
}

/// Whether `op` is an instance of `ty` or of a subclass.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_instance(op: *mut PyObject, ty: &StaticObject<PyTypeObject>) -> bool {
    // SAFETY: a live object and a static type.
    unsafe { PyObject_TypeCheck(op, ty.get()) != 0 }
}

/// What a datetime value type (timedelta, date, time, datetime,
/// timezone) sets beyond [`static_type`]'s fields.
struct ValueSlots {
    new: newfunc,
    repr: reprfunc,
    str: reprfunc,
    hash: hashfunc,
    richcompare: richcmpfunc,
    /// NULL for none.
    getset: *mut PyGetSetDef,
    methods: *mut PyMethodDef,
    doc: &'static CStr,
}

/// A static datetime value type: [`static_type`] with `slots`,
/// allocated by `PyType_GenericAlloc`.
const fn value_type(
    name: &'static CStr,
    basicsize: usize,
    flags: std::ffi::c_ulong,
    dealloc: destructor,
    slots: ValueSlots,
) -> PyTypeObject {
    let mut ty = static_type(name, basicsize, flags, dealloc);
    ty.tp_new = Some(slots.new);
    ty.tp_repr = Some(slots.repr);
    ty.tp_str = Some(slots.str);
    ty.tp_hash = Some(slots.hash);
    ty.tp_richcompare = Some(slots.richcompare);
    ty.tp_getset = slots.getset;
    ty.tp_methods = slots.methods;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_doc = slots.doc.as_ptr();
    ty
}

/// A `PyArg_ParseTupleAndKeywords` keyword list (NULL-terminated).
fn kwlist<const N: usize>(names: [&'static CStr; N]) -> Vec<*mut c_char> {
    kwlist_of(&names)
}

/// [`kwlist`] of a slice of names.
fn kwlist_of(names: &[&'static CStr]) -> Vec<*mut c_char> {
    let mut v: Vec<*mut c_char> = names.iter().map(|n| n.as_ptr().cast_mut()).collect();
    v.push(ptr::null_mut());
    v
}

/// The keywords of the time fields, in `time(...)`'s and, after the date
/// fields, `datetime(...)`'s order.
const TIME_KEYWORDS: [&CStr; 6] = [
    c"hour",
    c"minute",
    c"second",
    c"microsecond",
    c"tzinfo",
    c"fold",
];

/// Python's floor division and modulo on `i128`.
fn divmod(a: i128, b: i128) -> (i128, i128) {
    let (q, r) = (a / b, a % b);
    // Rust truncates toward zero; floor when the signs differ.
    if r != 0 && (r < 0) != (b < 0) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

// ==========================================================================
// The proleptic Gregorian calendar
// ==========================================================================

const MINYEAR: i32 = 1;
const MAXYEAR: i32 = 9999;
/// `date.max.toordinal()`.
const MAX_ORDINAL: i64 = 3_652_059;
const MAX_DELTA_DAYS: i64 = 999_999_999;
const US_PER_SECOND: i128 = 1_000_000;
const US_PER_DAY: i128 = 86_400 * US_PER_SECOND;
/// `date(1970, 1, 1).toordinal()`.
const EPOCH_ORDINAL: i64 = 719_163;

const DAYS_IN_MONTH: [i32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH: [i32; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
fn days_in_month(year: i32, month: i32) -> i32 {
    if month == 2 && is_leap(year) {
        29
    } else {
        DAYS_IN_MONTH[month as usize]
    }
}

fn days_before_month(year: i32, month: i32) -> i64 {
    let leap_day = i32::from(month > 2 && is_leap(year));
    i64::from(DAYS_BEFORE_MONTH[month as usize] + leap_day)
}

fn days_before_year(year: i32) -> i64 {
    let y = i64::from(year) - 1;
    if y >= 0 {
        y * 365 + y / 4 - y / 100 + y / 400
    } else {
        // Year 0, which only the ISO-week conversions reach (CPython
        // gives it as -366 too, so their range errors match).
        -366
    }
}

/// The proleptic Gregorian ordinal of a valid date (0001-01-01 is 1).
fn ymd_to_ord(year: i32, month: i32, day: i32) -> i64 {
    days_before_year(year) + days_before_month(year, month) + i64::from(day)
}

/// The date of ordinal `ord` (1..=MAX_ORDINAL), by whole 400-, 100-, 4-
/// and 1-year cycles; below 1, month 0 (see below).
fn ord_to_ymd(ord: i64) -> (i32, i32, i32) {
    let mut n = ord - 1;
    let n400 = n / 146_097;
    n %= 146_097;
    let n100 = n / 36_524;
    n %= 36_524;
    let n4 = n / 1_461;
    n %= 1_461;
    let n1 = n / 365;
    n %= 365;
    let year = (n400 * 400 + 1 + n100 * 100 + n4 * 4 + n1) as i32;
    if n < 0 {
        // An ordinal below 1, which only ISO week dates of year 0 reach:
        // CPython's arithmetic (C's truncating division) lands on a month
        // below 1 there, which its range check then refuses as such.
        return (year, 0, 0);
    }
    // The last day of a 4-year or 400-year cycle: day 366 of a leap year.
    if n1 == 4 || n100 == 4 {
        return (year - 1, 12, 31);
    }
    let leap = n1 == 3 && (n4 != 24 || n100 == 3);
    let mut month = ((n + 50) >> 5) as i32;
    let mut preceding = i64::from(DAYS_BEFORE_MONTH[month as usize]) + i64::from(month > 2 && leap);
    if preceding > n {
        month -= 1;
        preceding -= i64::from(if month == 2 && leap {
            29
        } else {
            DAYS_IN_MONTH[month as usize]
        });
    }
    (year, month, (n - preceding + 1) as i32)
}

/// Monday is 0.
fn weekday(year: i32, month: i32, day: i32) -> i64 {
    (ymd_to_ord(year, month, day) + 6) % 7
}

/// CPython's `check_date_args`.
fn check_date(year: i32, month: i32, day: i32) -> bool {
    if !(MINYEAR..=MAXYEAR).contains(&year) {
        errors::raise(Exc::ValueError, format!("year {year} is out of range"));
        return false;
    }
    if !(1..=12).contains(&month) {
        errors::raise(Exc::ValueError, "month must be in 1..12");
        return false;
    }
    if day < 1 || day > days_in_month(year, month) {
        errors::raise(Exc::ValueError, "day is out of range for month");
        return false;
    }
    true
}

/// CPython's `check_time_args`.
fn check_time(h: i32, m: i32, s: i32, us: i32, fold: i32) -> bool {
    let message = if !(0..=23).contains(&h) {
        "hour must be in 0..23"
    } else if !(0..=59).contains(&m) {
        "minute must be in 0..59"
    } else if !(0..=59).contains(&s) {
        "second must be in 0..59"
    } else if !(0..=999_999).contains(&us) {
        "microsecond must be in 0..999999"
    } else if fold != 0 && fold != 1 {
        "fold must be either 0 or 1"
    } else {
        return true;
    };
    errors::raise(Exc::ValueError, message);
    false
}

/// CPython's `check_tzinfo_subclass`: None or a tzinfo.
///
/// # Safety
/// `tz` must be a live object.
unsafe fn check_tzinfo(tz: *mut PyObject) -> bool {
    // SAFETY: a live object.
    if tz == none() || unsafe { is_instance(tz, &TZINFO_TYPE) } {
        return true;
    }
    errors::raise(
        Exc::TypeError,
        format!(
            "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
            // SAFETY: a live object.
            unsafe { type_name(tz) }
        ),
    );
    false
}

// ==========================================================================
// Instance layouts (datetime.h)
// ==========================================================================

/// `PyDateTime_Delta`.
#[repr(C)]
struct DeltaObject {
    ob_base: PyObject,
    hashcode: Py_hash_t,
    days: c_int,
    seconds: c_int,
    microseconds: c_int,
}

/// `PyDateTime_Date`.
#[repr(C)]
struct DateObject {
    ob_base: PyObject,
    hashcode: Py_hash_t,
    hastzinfo: c_char,
    data: [u8; 4],
}

/// `PyDateTime_Time`. Every instance is allocated this size; `hastzinfo`
/// says whether `tzinfo` holds a (non-None) reference.
#[repr(C)]
struct TimeObject {
    ob_base: PyObject,
    hashcode: Py_hash_t,
    hastzinfo: c_char,
    data: [u8; 6],
    fold: u8,
    tzinfo: *mut PyObject,
}

/// `PyDateTime_DateTime`, allocated like [`TimeObject`].
#[repr(C)]
struct DateTimeObject {
    ob_base: PyObject,
    hashcode: Py_hash_t,
    hastzinfo: c_char,
    data: [u8; 10],
    fold: u8,
    tzinfo: *mut PyObject,
}

/// CPython's `PyDateTime_TimeZone`: a fixed offset and an optional name.
#[repr(C)]
struct TimeZoneObject {
    ob_base: PyObject,
    offset: *mut PyObject,
    name: *mut PyObject,
}

/// A time of day.
#[derive(Clone, Copy)]
struct Hms {
    h: i32,
    m: i32,
    s: i32,
    us: i32,
}

impl Hms {
    fn seconds(self) -> i64 {
        i64::from(self.h) * 3600 + i64::from(self.m) * 60 + i64::from(self.s)
    }
}

/// The (year, month, day) of a date or datetime.
///
/// # Safety
/// `op` must be a live date or datetime.
unsafe fn ymd(op: *mut PyObject) -> (i32, i32, i32) {
    // SAFETY: both layouts start with the date bytes.
    unsafe {
        let p = op.cast::<DateObject>();
        let d = (*p).data;
        (
            (i32::from(d[0]) << 8) | i32::from(d[1]),
            i32::from(d[2]),
            i32::from(d[3]),
        )
    }
}

fn hms_from(d: &[u8]) -> Hms {
    Hms {
        h: i32::from(d[0]),
        m: i32::from(d[1]),
        s: i32::from(d[2]),
        us: (i32::from(d[3]) << 16) | (i32::from(d[4]) << 8) | i32::from(d[5]),
    }
}

/// The time fields of a datetime.
///
/// # Safety
/// `op` must be a live datetime.
unsafe fn dt_hms(op: *mut PyObject) -> Hms {
    // SAFETY: a datetime's layout.
    let d = unsafe { (*op.cast::<DateTimeObject>()).data };
    hms_from(&d[4..])
}

/// The time fields of a time.
///
/// # Safety
/// `op` must be a live time.
unsafe fn time_hms(op: *mut PyObject) -> Hms {
    // SAFETY: a time's layout.
    let d = unsafe { (*op.cast::<TimeObject>()).data };
    hms_from(&d)
}

/// The tzinfo (borrowed; None when naive) of a time or datetime.
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn tzinfo_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: both layouts have `hastzinfo` and `tzinfo` at the same
    // places relative to their own struct; read through the right one.
    unsafe {
        if is_instance(op, &DATETIME_TYPE) {
            let p = op.cast::<DateTimeObject>();
            if (*p).hastzinfo != 0 {
                (*p).tzinfo
            } else {
                none()
            }
        } else {
            let p = op.cast::<TimeObject>();
            if (*p).hastzinfo != 0 {
                (*p).tzinfo
            } else {
                none()
            }
        }
    }
}

/// The fold of a time or datetime.
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn fold_of(op: *mut PyObject) -> i32 {
    // SAFETY: as [`tzinfo_of`].
    unsafe {
        if is_instance(op, &DATETIME_TYPE) {
            i32::from((*op.cast::<DateTimeObject>()).fold)
        } else {
            i32::from((*op.cast::<TimeObject>()).fold)
        }
    }
}

/// The (days, seconds, microseconds) of a timedelta.
///
/// # Safety
/// `op` must be a live timedelta.
unsafe fn dsu(op: *mut PyObject) -> (i64, i64, i64) {
    // SAFETY: a timedelta's layout.
    unsafe {
        let p = op.cast::<DeltaObject>();
        (
            i64::from((*p).days),
            i64::from((*p).seconds),
            i64::from((*p).microseconds),
        )
    }
}

/// A timedelta's length in microseconds.
///
/// # Safety
/// `op` must be a live timedelta.
unsafe fn delta_us(op: *mut PyObject) -> i128 {
    // SAFETY: per the contract.
    let (d, s, us) = unsafe { dsu(op) };
    i128::from(d) * US_PER_DAY + i128::from(s) * US_PER_SECOND + i128::from(us)
}

// ==========================================================================
// Making instances
// ==========================================================================

/// Allocates an instance of `ty` through its `tp_alloc` (so subclasses get
/// their own size), with the hash unknown.
///
/// # Safety
/// `ty` must be a ready subtype of one of the module's types.
unsafe fn alloc_instance(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract; every layout has the hash right after
    // the header.
    unsafe {
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = alloc(ty, 0);
        if !op.is_null() {
            (*op.cast::<DeltaObject>()).hashcode = -1;
        }
        op
    }
}

/// A date of type `ty` after CPython's checks.
///
/// # Safety
/// `ty` must be the date type or a subtype.
unsafe fn new_date(y: i32, m: i32, d: i32, ty: *mut PyTypeObject) -> *mut PyObject {
    if !check_date(y, m, d) {
        return ptr::null_mut();
    }
    // SAFETY: a fresh instance with the date layout.
    unsafe {
        let op = alloc_instance(ty);
        if !op.is_null() {
            let p = op.cast::<DateObject>();
            (*p).hastzinfo = 0;
            (*p).data = [(y >> 8) as u8, y as u8, m as u8, d as u8];
        }
        op
    }
}

/// A datetime of type `ty` after CPython's checks (`new_datetime_ex2`).
///
/// # Safety
/// `ty` must be the datetime type or a subtype; `tz` a live object.
unsafe fn new_datetime(
    (y, mo, d): (i32, i32, i32),
    t: Hms,
    tz: *mut PyObject,
    fold: i32,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: a live tz per the contract; a fresh datetime instance.
    unsafe {
        if !check_date(y, mo, d) || !check_time(t.h, t.m, t.s, t.us, fold) || !check_tzinfo(tz) {
            return ptr::null_mut();
        }
        let op = alloc_instance(ty);
        if !op.is_null() {
            let p = op.cast::<DateTimeObject>();
            let time = time_bytes(t);
            (*p).data = [
                (y >> 8) as u8,
                y as u8,
                mo as u8,
                d as u8,
                time[0],
                time[1],
                time[2],
                time[3],
                time[4],
                time[5],
            ];
            (*p).fold = fold as u8;
            ((*p).hastzinfo, (*p).tzinfo) = tz_member(tz);
        }
        op
    }
}

/// The packed time fields of a time or datetime (`datetime.h`'s layout:
/// hour, minute, second, then the microseconds big-endian in 3 bytes).
fn time_bytes(t: Hms) -> [u8; 6] {
    [
        t.h as u8,
        t.m as u8,
        t.s as u8,
        (t.us >> 16) as u8,
        (t.us >> 8) as u8,
        t.us as u8,
    ]
}

/// `hastzinfo` and `tzinfo` of a new time or datetime: a new reference
/// to `tz`, or none for None.
///
/// # Safety
/// `tz` must be a live object.
unsafe fn tz_member(tz: *mut PyObject) -> (c_char, *mut PyObject) {
    if tz == none() {
        (0, ptr::null_mut())
    } else {
        // SAFETY: live per the contract.
        (1, unsafe { new_ref(tz) })
    }
}

/// A time of type `ty` after CPython's checks.
///
/// # Safety
/// `ty` must be the time type or a subtype; `tz` a live object.
unsafe fn new_time(t: Hms, tz: *mut PyObject, fold: i32, ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: as [`new_datetime`].
    unsafe {
        if !check_time(t.h, t.m, t.s, t.us, fold) || !check_tzinfo(tz) {
            return ptr::null_mut();
        }
        let op = alloc_instance(ty);
        if !op.is_null() {
            let p = op.cast::<TimeObject>();
            (*p).data = time_bytes(t);
            (*p).fold = fold as u8;
            ((*p).hastzinfo, (*p).tzinfo) = tz_member(tz);
        }
        op
    }
}

/// A timedelta of type `ty` from normalised fields, after CPython's day
/// range check.
///
/// # Safety
/// `ty` must be the timedelta type or a subtype.
unsafe fn new_delta_raw(d: i64, s: i64, us: i64, ty: *mut PyTypeObject) -> *mut PyObject {
    if d.abs() > MAX_DELTA_DAYS {
        return fail(
            Exc::OverflowError,
            format!("days={d}; must have magnitude <= {MAX_DELTA_DAYS}"),
        );
    }
    // SAFETY: a fresh timedelta instance.
    unsafe {
        let op = alloc_instance(ty);
        if !op.is_null() {
            let p = op.cast::<DeltaObject>();
            (*p).days = d as c_int;
            (*p).seconds = s as c_int;
            (*p).microseconds = us as c_int;
        }
        op
    }
}

/// A timedelta of `total` microseconds (CPython's `microseconds_to_delta`):
/// days beyond a C int fail as CPython's conversion does.
fn delta_from_us(total: i128) -> *mut PyObject {
    let (secs, us) = divmod(total, US_PER_SECOND);
    let (days, s) = divmod(secs, 86_400);
    if days < i128::from(c_int::MIN) || days > i128::from(c_int::MAX) {
        return fail(
            Exc::OverflowError,
            "Python int too large to convert to C int",
        );
    }
    // SAFETY: the timedelta type.
    unsafe { new_delta_raw(days as i64, s as i64, us as i64, DELTA_TYPE.get()) }
}

/// A timedelta from possibly unnormalised fields (`new_delta` with
/// normalize), of type `ty`.
///
/// # Safety
/// `ty` must be the timedelta type or a subtype.
unsafe fn new_delta(d: i64, s: i64, us: i64, ty: *mut PyTypeObject) -> *mut PyObject {
    let (carry, us) = divmod(i128::from(us), US_PER_SECOND);
    let (carry, s) = divmod(i128::from(s) + carry, 86_400);
    let d = i128::from(d) + carry;
    if d.abs() > i128::from(MAX_DELTA_DAYS) {
        return fail(
            Exc::OverflowError,
            format!("days={d}; must have magnitude <= {MAX_DELTA_DAYS}"),
        );
    }
    // SAFETY: per the contract.
    unsafe { new_delta_raw(d as i64, s as i64, us as i64, ty) }
}

/// `datetime.timezone(offset, name)` from a checked timedelta and a str
/// (or NULL), without CPython's UTC shortcut.
///
/// # Safety
/// `offset` must be a live timedelta; `name` NULL or a live str.
unsafe fn create_timezone(offset: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a fresh timezone instance takes references to both.
    unsafe {
        let op = PyType_GenericAlloc(TIMEZONE_TYPE.get(), 0);
        if op.is_null() {
            return op;
        }
        let p = op.cast::<TimeZoneObject>();
        (*p).offset = new_ref(offset);
        (*p).name = if name.is_null() { name } else { new_ref(name) };
        op
    }
}

/// Whether a tzinfo offset lies strictly within a day either way.
///
/// # Safety
/// `offset` must be a live timedelta.
unsafe fn offset_in_range(offset: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    let (d, s, us) = unsafe { dsu(offset) };
    !((d == -1 && s == 0 && us < 1) || !(-1..1).contains(&d))
}

/// CPython's `new_timezone`: the UTC singleton for an unnamed zero
/// offset, else a checked fixed-offset timezone.
///
/// # Safety
/// `offset` must be a live object; `name` NULL or a live object.
unsafe fn new_timezone(offset: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects per the contract.
    unsafe {
        if !is_instance(offset, &DELTA_TYPE) {
            return fail(
                Exc::TypeError,
                format!(
                    "timezone() argument 1 must be datetime.timedelta, not {}",
                    type_name(offset)
                ),
            );
        }
        if !name.is_null() && (*(*name).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS == 0 {
            return fail(
                Exc::TypeError,
                format!("timezone() argument 2 must be str, not {}", type_name(name)),
            );
        }
        if name.is_null() && delta_us(offset) == 0 {
            return new_ref(utc());
        }
        if !offset_in_range(offset) {
            let r = match repr_text(offset) {
                Some(r) => r,
                None => return ptr::null_mut(),
            };
            return fail(
                Exc::ValueError,
                format!(
                    "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {r}."
                ),
            );
        }
        create_timezone(offset, name)
    }
}

/// The `timezone.utc` singleton (borrowed), made with the module.
fn utc() -> *mut PyObject {
    UTC.load(Ordering::Acquire)
}

static UTC: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// A date of class `cls` (CPython's `new_date_subclass_ex`): built
/// directly for `date` itself, else by calling the class.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn new_date_of(y: i32, m: i32, d: i32, cls: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if cls == DATE_TYPE.get() {
            new_date(y, m, d, cls)
        } else if cls == DATETIME_TYPE.get() {
            new_datetime(
                (y, m, d),
                Hms {
                    h: 0,
                    m: 0,
                    s: 0,
                    us: 0,
                },
                none(),
                0,
                cls,
            )
        } else {
            PyObject_CallFunction(cls.cast(), c"iii".as_ptr(), y, m, d)
        }
    }
}

/// A datetime of class `cls` (CPython's `new_datetime_subclass_fold_ex`).
///
/// # Safety
/// `cls` must be a live type; `tz` a live object.
unsafe fn new_datetime_of(
    date: (i32, i32, i32),
    t: Hms,
    tz: *mut PyObject,
    fold: i32,
    cls: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if cls == DATETIME_TYPE.get() {
            return new_datetime(date, t, tz, fold, cls);
        }
        let r = PyObject_CallFunction(
            cls.cast(),
            c"iiiiiiiO".as_ptr(),
            date.0,
            date.1,
            date.2,
            t.h,
            t.m,
            t.s,
            t.us,
            tz,
        );
        if !r.is_null() && fold != 0 && is_instance(r, &DATETIME_TYPE) {
            (*r.cast::<DateTimeObject>()).fold = fold as u8;
        }
        r
    }
}

// ==========================================================================
// tzinfo calls
// ==========================================================================

/// CPython's `call_tzinfo_method` for `utcoffset` / `dst`: None, or a
/// timedelta strictly within a day.
///
/// # Safety
/// `tz` and `arg` must be live objects.
unsafe fn call_offset(tz: *mut PyObject, name: &CStr, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects; the result is checked before use.
    unsafe {
        if tz == none() {
            return new_ref(none());
        }
        let r = PyObject_CallMethod(tz, name.as_ptr(), c"O".as_ptr(), arg);
        if r.is_null() || r == none() {
            return r;
        }
        if !is_instance(r, &DELTA_TYPE) {
            let t = type_name(r);
            Py_DecRef(r);
            return fail(
                Exc::TypeError,
                format!(
                    "tzinfo.{}() must return None or timedelta, not '{t}'",
                    name.to_string_lossy()
                ),
            );
        }
        if !offset_in_range(r) {
            Py_DecRef(r);
            return fail(
                Exc::ValueError,
                "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).",
            );
        }
        r
    }
}

/// CPython's `call_tzname`: None or a str.
///
/// # Safety
/// `tz` and `arg` must be live objects.
unsafe fn call_tzname(tz: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: as [`call_offset`].
    unsafe {
        if tz == none() {
            return new_ref(none());
        }
        let r = PyObject_CallMethod(tz, c"tzname".as_ptr(), c"O".as_ptr(), arg);
        if r.is_null() || r == none() {
            return r;
        }
        if (*(*r).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS == 0 {
            let t = type_name(r);
            Py_DecRef(r);
            return fail(
                Exc::TypeError,
                format!("tzinfo.tzname() must return None or a string, not '{t}'"),
            );
        }
        r
    }
}

/// The utcoffset of a time or datetime in microseconds: Ok(None) when
/// naive (or the tzinfo says None), Err with the error set.
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn utcoffset_us(op: *mut PyObject) -> Result<Option<i128>, ()> {
    // SAFETY: a live object; the offset is released after reading.
    unsafe {
        let arg = if is_instance(op, &DATETIME_TYPE) {
            op
        } else {
            none()
        };
        let off = call_offset(tzinfo_of(op), c"utcoffset", arg);
        if off.is_null() {
            return Err(());
        }
        let v = if off == none() {
            None
        } else {
            Some(delta_us(off))
        };
        Py_DecRef(off);
        Ok(v)
    }
}

/// `+HH:MM[:SS[.ffffff]]` for an offset in microseconds, with `sep`
/// between the fields (CPython's `format_utcoffset`).
fn format_offset(off: i128, sep: &str) -> String {
    let (sign, off) = if off < 0 { ('-', -off) } else { ('+', off) };
    let us = off % US_PER_SECOND;
    let secs = off / US_PER_SECOND;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if us != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}.{us:06}")
    } else if s != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}")
    } else {
        format!("{sign}{h:02}{sep}{m:02}")
    }
}

/// The ISO text of a time of day for `timespec`, or None after CPython's
/// "Unknown timespec value".
fn format_hms(t: Hms, timespec: &str) -> Option<String> {
    let spec = if timespec == "auto" {
        if t.us != 0 { "microseconds" } else { "seconds" }
    } else {
        timespec
    };
    Some(match spec {
        "hours" => format!("{:02}", t.h),
        "minutes" => format!("{:02}:{:02}", t.h, t.m),
        "seconds" => format!("{:02}:{:02}:{:02}", t.h, t.m, t.s),
        "milliseconds" => format!("{:02}:{:02}:{:02}.{:03}", t.h, t.m, t.s, t.us / 1000),
        "microseconds" => format!("{:02}:{:02}:{:02}.{:06}", t.h, t.m, t.s, t.us),
        _ => {
            errors::raise(Exc::ValueError, "Unknown timespec value");
            return None;
        }
    })
}

/// Rich comparison's answer for an ordering.
fn cmp_result(ord: std::cmp::Ordering, op: c_int) -> *mut PyObject {
    use std::cmp::Ordering::*;
    py_bool(match op {
        Py_LT => ord == Less,
        Py_LE => ord != Greater,
        Py_EQ => ord == Equal,
        Py_NE => ord != Equal,
        Py_GT => ord == Greater,
        _ => ord != Less,
    })
}

/// CPython's `cmperror`.
///
/// # Safety
/// `a` and `b` must be live objects.
unsafe fn cmp_error(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    let (ta, tb) = unsafe { (type_name(a), type_name(b)) };
    fail(Exc::TypeError, format!("can't compare {ta} to {tb}"))
}

// ==========================================================================
// timedelta
// ==========================================================================

/// One `timedelta(...)` argument, as CPython's `accum`: an int adds
/// exactly; a float adds its whole microseconds and leaves the fraction
/// in `leftover`.
///
/// # Safety
/// `num` must be a live object.
unsafe fn accum(
    tag: &str,
    sum: &mut i128,
    num: *mut PyObject,
    factor: i128,
    leftover: &mut f64,
) -> bool {
    let too_large = || {
        errors::raise(
            Exc::OverflowError,
            "Python int too large to convert to C int",
        );
        false
    };
    // SAFETY: a live object per the contract.
    unsafe {
        if (*(*num).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
            let mut overflow: c_int = 0;
            let v = PyLong_AsLongLongAndOverflow(num, &mut overflow);
            if v == -1 && !PyErr_Occurred().is_null() {
                return false;
            }
            if overflow != 0 {
                return too_large();
            }
            match i128::from(v)
                .checked_mul(factor)
                .and_then(|p| sum.checked_add(p))
            {
                Some(s) => *sum = s,
                None => return too_large(),
            }
            return true;
        }
        if PyObject_TypeCheck(num, &raw mut PyFloat_Type) != 0 {
            let d = PyFloat_AsDouble(num);
            if d.is_nan() {
                errors::raise(Exc::ValueError, "cannot convert float NaN to integer");
                return false;
            }
            if d.is_infinite() {
                errors::raise(
                    Exc::OverflowError,
                    "cannot convert float infinity to integer",
                );
                return false;
            }
            let whole = d.trunc();
            let frac = d - whole;
            if whole.abs() > 1e30 {
                return too_large();
            }
            match (whole as i128)
                .checked_mul(factor)
                .and_then(|p| sum.checked_add(p))
            {
                Some(s) => *sum = s,
                None => return too_large(),
            }
            if frac == 0.0 {
                return true;
            }
            let scaled = factor as f64 * frac;
            let whole = scaled.trunc();
            *sum += whole as i128;
            *leftover += scaled - whole;
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "unsupported type for timedelta {tag} component: {}",
                type_name(num)
            ),
        );
        false
    }
}

/// `timedelta(days=0, seconds=0, microseconds=0, milliseconds=0,
/// minutes=0, hours=0, weeks=0)`.
unsafe extern "C" fn delta_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut vals: [*mut PyObject; 7] = [ptr::null_mut(); 7];
    let mut kws = kwlist([
        c"days",
        c"seconds",
        c"microseconds",
        c"milliseconds",
        c"minutes",
        c"hours",
        c"weeks",
    ]);
    // SAFETY: tp_new's arguments; the format names seven object slots.
    unsafe {
        let [d, s, us, ms, mi, h, w] = &mut vals;
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"|OOOOOOO:__new__".as_ptr(),
            kws.as_mut_ptr(),
            d as *mut _,
            s as *mut _,
            us as *mut _,
            ms as *mut _,
            mi as *mut _,
            h as *mut _,
            w as *mut _,
        ) == 0
        {
            return ptr::null_mut();
        }
        let [d, s, us, ms, mi, h, w] = vals;
        let mut sum: i128 = 0;
        let mut leftover = 0.0;
        let parts = [
            ("microseconds", us, 1),
            ("milliseconds", ms, 1000),
            ("seconds", s, US_PER_SECOND),
            ("minutes", mi, 60 * US_PER_SECOND),
            ("hours", h, 3600 * US_PER_SECOND),
            ("days", d, US_PER_DAY),
            ("weeks", w, 7 * US_PER_DAY),
        ];
        for (tag, v, factor) in parts {
            if !v.is_null() && !accum(tag, &mut sum, v, factor, &mut leftover) {
                return ptr::null_mut();
            }
        }
        if leftover != 0.0 {
            // Round the fractional microseconds half to even, with the
            // parity taken from the whole sum when exactly halfway.
            let mut whole = leftover.round();
            if (whole - leftover).abs() == 0.5 {
                let odd = (sum & 1) as f64;
                whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
            }
            sum += whole as i128;
        }
        let (secs, micros) = divmod(sum, US_PER_SECOND);
        let (days, s) = divmod(secs, 86_400);
        if days < i128::from(c_int::MIN) || days > i128::from(c_int::MAX) {
            return fail(
                Exc::OverflowError,
                "Python int too large to convert to C int",
            );
        }
        new_delta_raw(days as i64, s as i64, micros as i64, ty)
    }
}

unsafe extern "C" fn delta_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta.
    unsafe {
        let (d, s, us) = dsu(op);
        let mut fields = Vec::new();
        if d != 0 {
            fields.push(format!("days={d}"));
        }
        if s != 0 {
            fields.push(format!("seconds={s}"));
        }
        if us != 0 {
            fields.push(format!("microseconds={us}"));
        }
        if fields.is_empty() {
            fields.push("0".into());
        }
        unicode(&format!("{}({})", type_name(op), fields.join(", ")))
    }
}

unsafe extern "C" fn delta_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta.
    let (d, s, us) = unsafe { dsu(op) };
    let mut out = String::new();
    if d != 0 {
        let plural = if d == 1 || d == -1 { "" } else { "s" };
        out.push_str(&format!("{d} day{plural}, "));
    }
    out.push_str(&format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60));
    if us != 0 {
        out.push_str(&format!(".{us:06}"));
    }
    unicode(&out)
}

unsafe extern "C" fn delta_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live timedelta; its hash is that of (days, seconds,
    // microseconds), as CPython's.
    unsafe {
        let p = op.cast::<DeltaObject>();
        if (*p).hashcode != -1 {
            return (*p).hashcode;
        }
        let (d, s, us) = dsu(op);
        let parts = [
            PyLong_FromLongLong(d),
            PyLong_FromLongLong(s),
            PyLong_FromLongLong(us),
        ];
        let mut h = -1;
        if parts.iter().all(|p| !p.is_null()) {
            let t = PyTuple_Pack(3, parts[0], parts[1], parts[2]);
            if !t.is_null() {
                h = PyObject_Hash(t);
                Py_DecRef(t);
            }
        }
        for p in parts {
            if !p.is_null() {
                Py_DecRef(p);
            }
        }
        (*p).hashcode = h;
        h
    }
}

unsafe extern "C" fn delta_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(b, &DELTA_TYPE) {
            return not_implemented();
        }
        cmp_result(dsu(a).cmp(&dsu(b)), op)
    }
}

unsafe extern "C" fn delta_bool(op: *mut PyObject) -> c_int {
    // SAFETY: a live timedelta.
    c_int::from(unsafe { dsu(op) } != (0, 0, 0))
}

unsafe extern "C" fn delta_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; a datetime or date on either side is handled
    // by its own slot.
    unsafe {
        if is_instance(a, &DELTA_TYPE) && is_instance(b, &DELTA_TYPE) {
            return delta_from_us(delta_us(a) + delta_us(b));
        }
        not_implemented()
    }
}

unsafe extern "C" fn delta_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if is_instance(a, &DELTA_TYPE) && is_instance(b, &DELTA_TYPE) {
            return delta_from_us(delta_us(a) - delta_us(b));
        }
        not_implemented()
    }
}

unsafe extern "C" fn delta_neg(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta.
    delta_from_us(-unsafe { delta_us(a) })
}

unsafe extern "C" fn delta_pos(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta.
    delta_from_us(unsafe { delta_us(a) })
}

unsafe extern "C" fn delta_abs(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta.
    delta_from_us(unsafe { delta_us(a) }.abs())
}

/// An operand of timedelta arithmetic as an exact ratio: an int `n` is
/// `n/1`, a float its `as_integer_ratio()`. Ok(None) (no error) for any
/// other type; Err with CPython's error for a NaN or infinite float.
///
/// # Safety
/// `op` must be a live object.
unsafe fn ratio_operand(op: *mut PyObject) -> Result<Option<(BigInt, BigInt)>, ()> {
    // SAFETY: a live object.
    unsafe {
        if (*(*op).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
            return Ok(Some((int_of(op).to_big(), BigInt::one())));
        }
        if PyObject_TypeCheck(op, &raw mut PyFloat_Type) == 0 {
            return Ok(None);
        }
        let f = PyFloat_AsDouble(op);
        if f.is_nan() {
            errors::raise(Exc::ValueError, "cannot convert NaN to integer ratio");
            return Err(());
        }
        if f.is_infinite() {
            errors::raise(
                Exc::OverflowError,
                "cannot convert Infinity to integer ratio",
            );
            return Err(());
        }
        Ok(Some(float_ratio(f)))
    }
}

/// The exact value of a finite float as numerator / denominator, the
/// denominator a power of two in lowest terms (`float.as_integer_ratio`).
fn float_ratio(f: f64) -> (BigInt, BigInt) {
    if f == 0.0 {
        return (BigInt::zero(), BigInt::one());
    }
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mut mant, mut exp) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    // Lowest terms: move the mantissa's trailing zeros into the exponent.
    let shift = i64::from(mant.trailing_zeros()).min((-exp).max(0));
    mant >>= shift;
    exp += shift;
    let mut n = BigInt::from(mant);
    if bits >> 63 != 0 {
        n = -n;
    }
    if exp >= 0 {
        (n << exp as usize, BigInt::one())
    } else {
        (n, BigInt::one() << (-exp) as usize)
    }
}

/// `num / den` rounded to the nearest integer, ties to even (CPython's
/// `divide_nearest`); None when `den` is zero.
fn divide_nearest(num: &BigInt, den: &BigInt) -> Option<BigInt> {
    if den.is_zero() {
        return None;
    }
    let (q, r) = num.div_mod_floor(den);
    // r has den's sign; compare 2r with den in magnitude.
    let twice = &r * 2;
    let greater = if den.is_positive() {
        &twice > den
    } else {
        &twice < den
    };
    let tie = &twice == den;
    Some(if greater || (tie && q.is_odd()) {
        q + 1
    } else {
        q
    })
}

/// A timedelta of `us` microseconds (any size): CPython's conversion
/// error when the day count cannot be a C int.
fn delta_from_big(us: &BigInt) -> *mut PyObject {
    match i128::try_from(us) {
        Ok(v) => delta_from_us(v),
        Err(_) => fail(
            Exc::OverflowError,
            "Python int too large to convert to C int",
        ),
    }
}

fn zero_division() -> *mut PyObject {
    fail(Exc::ZeroDivisionError, "integer division or modulo by zero")
}

unsafe extern "C" fn delta_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        let (delta, other) = if is_instance(a, &DELTA_TYPE) {
            (a, b)
        } else {
            (b, a)
        };
        match ratio_operand(other) {
            Err(()) => ptr::null_mut(),
            Ok(None) => not_implemented(),
            Ok(Some((n, d))) => {
                let product = BigInt::from(delta_us(delta)) * n;
                match divide_nearest(&product, &d) {
                    Some(v) => delta_from_big(&v),
                    None => zero_division(),
                }
            }
        }
    }
}

unsafe extern "C" fn delta_floordiv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(a, &DELTA_TYPE) {
            return not_implemented();
        }
        let num = BigInt::from(delta_us(a));
        if is_instance(b, &DELTA_TYPE) {
            let den = BigInt::from(delta_us(b));
            if den.is_zero() {
                return zero_division();
            }
            return long_from_bigint(&num.div_floor(&den));
        }
        if (*(*b).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS == 0 {
            return not_implemented();
        }
        let den = int_of(b).to_big();
        if den.is_zero() {
            return zero_division();
        }
        delta_from_big(&num.div_floor(&den))
    }
}

/// `x / y` (true division) of two new references, which it releases;
/// NULL when either is NULL (its error set) or the division fails.
///
/// # Safety
/// Each must be NULL or a new reference to a live object.
unsafe fn true_divide_owned(x: *mut PyObject, y: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let r = if x.is_null() || y.is_null() {
            ptr::null_mut()
        } else {
            PyNumber_TrueDivide(x, y)
        };
        for v in [x, y] {
            if !v.is_null() {
                Py_DecRef(v);
            }
        }
        r
    }
}

unsafe extern "C" fn delta_truediv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; the quotient of two timedeltas is the true
    // division of their microsecond ints, as in CPython.
    unsafe {
        if !is_instance(a, &DELTA_TYPE) {
            return not_implemented();
        }
        if is_instance(b, &DELTA_TYPE) {
            if delta_us(b) == 0 {
                return fail(Exc::ZeroDivisionError, "division by zero");
            }
            return true_divide_owned(long_from_i128(delta_us(a)), long_from_i128(delta_us(b)));
        }
        match ratio_operand(b) {
            Err(()) => ptr::null_mut(),
            Ok(None) => not_implemented(),
            Ok(Some((n, d))) => {
                let scaled = BigInt::from(delta_us(a)) * d;
                match divide_nearest(&scaled, &n) {
                    Some(v) => delta_from_big(&v),
                    None => zero_division(),
                }
            }
        }
    }
}

/// The floor quotient and remainder of two timedeltas' microseconds.
///
/// # Safety
/// `a` and `b` must be live objects.
unsafe fn delta_divmod_us(a: *mut PyObject, b: *mut PyObject, what: &str) -> Option<(i128, i128)> {
    // SAFETY: per the contract.
    unsafe {
        let den = delta_us(b);
        if den == 0 {
            errors::raise(Exc::ZeroDivisionError, what);
            return None;
        }
        Some(divmod(delta_us(a), den))
    }
}

unsafe extern "C" fn delta_mod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(a, &DELTA_TYPE) || !is_instance(b, &DELTA_TYPE) {
            return not_implemented();
        }
        match delta_divmod_us(a, b, "integer modulo by zero") {
            Some((_, r)) => delta_from_us(r),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn delta_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands; the pair takes both new references.
    unsafe {
        if !is_instance(a, &DELTA_TYPE) || !is_instance(b, &DELTA_TYPE) {
            return not_implemented();
        }
        let Some((q, r)) = delta_divmod_us(a, b, "integer division or modulo by zero") else {
            return ptr::null_mut();
        };
        let q = long_from_i128(q);
        let r = delta_from_us(r);
        let pair = if q.is_null() || r.is_null() {
            ptr::null_mut()
        } else {
            PyTuple_Pack(2, q, r)
        };
        for v in [q, r] {
            if !v.is_null() {
                Py_DecRef(v);
            }
        }
        pair
    }
}

unsafe extern "C" fn delta_total_seconds(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timedelta; int / int true division rounds correctly.
    unsafe { true_divide_owned(long_from_i128(delta_us(op)), PyLong_FromLong(1_000_000)) }
}

/// A getter returning an int field: `$body` reads it from `$op`, a live
/// instance of the getter's type.
macro_rules! int_getter {
    ($name:ident, |$op:ident| $body:expr) => {
        unsafe extern "C" fn $name($op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
            // SAFETY: a live instance of the getter's type.
            let v: i64 = unsafe { $body };
            long_from_i128(v.into())
        }
    };
}

int_getter!(delta_days, |op| dsu(op).0);
int_getter!(delta_seconds, |op| dsu(op).1);
int_getter!(delta_microseconds, |op| dsu(op).2);

static DELTA_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(delta_add),
    nb_subtract: Some(delta_sub),
    nb_multiply: Some(delta_mul),
    nb_remainder: Some(delta_mod),
    nb_divmod: Some(delta_divmod),
    nb_negative: Some(delta_neg),
    nb_positive: Some(delta_pos),
    nb_absolute: Some(delta_abs),
    nb_bool: Some(delta_bool),
    nb_floor_divide: Some(delta_floordiv),
    nb_true_divide: Some(delta_truediv),
    ..PyNumberMethods::empty()
};

static DELTA_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    PyGetSetDef::getter(c"days", delta_days),
    PyGetSetDef::getter(c"seconds", delta_seconds),
    PyGetSetDef::getter(c"microseconds", delta_microseconds),
    PyGetSetDef::zeroed(),
]);

const fn method(name: &'static CStr, f: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

type KwFunction =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

/// A `METH_VARARGS | METH_KEYWORDS` method (plus `extra` flags).
const fn kw_method(name: &'static CStr, f: KwFunction, extra: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: a keywords function, called back with that signature as
        // the flags say (CPython's calling convention).
        ml_meth: Some(unsafe { std::mem::transmute::<KwFunction, PyCFunction>(f) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS | extra,
        ml_doc: ptr::null(),
    }
}

static DELTA_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    method(c"total_seconds", delta_total_seconds, METH_NOARGS),
    PyMethodDef::zeroed(),
]);

/// The module's types are not collected; their dealloc frees through
/// the instance's own type (a subclass may have its own `tp_free`; a
/// ready type always has one, inherited at worst).
unsafe extern "C" fn plain_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced instance of a ready type.
    unsafe {
        if let Some(free) = (*(*op).ob_type).tp_free {
            free(op.cast());
        }
    }
}

/// time and datetime: release the tzinfo, then free.
unsafe extern "C" fn tz_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced time or datetime.
    unsafe {
        let tz = tzinfo_of(op);
        if tz != none() {
            Py_DecRef(tz);
        }
        plain_dealloc(op);
    }
}

unsafe extern "C" fn timezone_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced timezone owning its fields.
    unsafe {
        let p = op.cast::<TimeZoneObject>();
        Py_DecRef((*p).offset);
        if !(*p).name.is_null() {
            Py_DecRef((*p).name);
        }
        plain_dealloc(op);
    }
}

/// The `timedelta` type.
static DELTA_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = value_type(
        c"datetime.timedelta",
        size_of::<DeltaObject>(),
        Py_TPFLAGS_BASETYPE,
        plain_dealloc,
        ValueSlots {
            new: delta_new,
            repr: delta_repr,
            str: delta_str,
            hash: delta_hash,
            richcompare: delta_richcompare,
            getset: DELTA_GETSET.get().cast(),
            methods: DELTA_METHODS.get().cast(),
            doc: c"Difference between two datetime values.",
        },
    );
    ty.tp_as_number = &raw const DELTA_AS_NUMBER as *mut PyNumberMethods;
    ty
});

// ==========================================================================
// date
// ==========================================================================

/// Parses `year, month, day` (as `format` makes them required or not)
/// into `date`, which holds the defaults.
///
/// # Safety
/// `args` must be a tuple, `kw` NULL or a dict.
unsafe fn parse_ymd(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: &CStr,
    date: &mut (c_int, c_int, c_int),
) -> bool {
    let mut kws = kwlist([c"year", c"month", c"day"]);
    // SAFETY: per the contract; the format names three int slots.
    unsafe {
        PyArg_ParseTupleAndKeywords(
            args,
            kw,
            format.as_ptr(),
            kws.as_mut_ptr(),
            &mut date.0 as *mut c_int,
            &mut date.1 as *mut c_int,
            &mut date.2 as *mut c_int,
        ) != 0
    }
}

/// `date(year, month, day)`.
unsafe extern "C" fn date_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut date: (c_int, c_int, c_int) = (0, 0, 0);
    // SAFETY: tp_new's arguments.
    unsafe {
        if !parse_ymd(args, kw, c"iii", &mut date) {
            return ptr::null_mut();
        }
        new_date(date.0, date.1, date.2, ty)
    }
}

fn iso_date((y, m, d): (i32, i32, i32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

unsafe extern "C" fn date_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    unsafe {
        let (y, m, d) = ymd(op);
        unicode(&format!("{}({y}, {m}, {d})", type_name(op)))
    }
}

unsafe extern "C" fn date_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    unicode(&iso_date(unsafe { ymd(op) }))
}

unsafe extern "C" fn date_isoformat(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    unsafe { date_str(op) }
}

unsafe extern "C" fn date_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live date; the hash of its four data bytes, as CPython's.
    unsafe {
        let p = op.cast::<DateObject>();
        if (*p).hashcode == -1 {
            let data = (*p).data;
            (*p).hashcode = _Py_HashBytes(data.as_ptr().cast(), 4);
        }
        (*p).hashcode
    }
}

unsafe extern "C" fn date_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(b, &DATE_TYPE) {
            return not_implemented();
        }
        cmp_result(ymd(a).cmp(&ymd(b)), op)
    }
}

/// A date moved by `days` (CPython's `add_date_timedelta`), of `a`'s class.
///
/// # Safety
/// `a` must be a live date.
unsafe fn date_plus_days(a: *mut PyObject, days: i64) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let (y, m, d) = ymd(a);
        let ord = ymd_to_ord(y, m, d) + days;
        if !(1..=MAX_ORDINAL).contains(&ord) {
            return fail(Exc::OverflowError, "date value out of range");
        }
        let (y, m, d) = ord_to_ymd(ord);
        new_date_of(y, m, d, (*a).ob_type)
    }
}

unsafe extern "C" fn date_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if is_instance(a, &DATETIME_TYPE) || is_instance(b, &DATETIME_TYPE) {
            return not_implemented();
        }
        if is_instance(a, &DATE_TYPE) && is_instance(b, &DELTA_TYPE) {
            return date_plus_days(a, dsu(b).0);
        }
        if is_instance(b, &DATE_TYPE) && is_instance(a, &DELTA_TYPE) {
            return date_plus_days(b, dsu(a).0);
        }
        not_implemented()
    }
}

unsafe extern "C" fn date_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if is_instance(a, &DATETIME_TYPE) || is_instance(b, &DATETIME_TYPE) {
            return not_implemented();
        }
        if is_instance(a, &DATE_TYPE) {
            if is_instance(b, &DATE_TYPE) {
                let (y1, m1, d1) = ymd(a);
                let (y2, m2, d2) = ymd(b);
                return new_delta(
                    ymd_to_ord(y1, m1, d1) - ymd_to_ord(y2, m2, d2),
                    0,
                    0,
                    DELTA_TYPE.get(),
                );
            }
            if is_instance(b, &DELTA_TYPE) {
                return date_plus_days(a, -dsu(b).0);
            }
        }
        not_implemented()
    }
}

unsafe extern "C" fn date_toordinal(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    let (y, m, d) = unsafe { ymd(op) };
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLongLong(ymd_to_ord(y, m, d)) }
}

unsafe extern "C" fn date_weekday(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    let (y, m, d) = unsafe { ymd(op) };
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLongLong(weekday(y, m, d)) }
}

unsafe extern "C" fn date_isoweekday(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    let (y, m, d) = unsafe { ymd(op) };
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLongLong(weekday(y, m, d) + 1) }
}

/// `date.fromordinal(n)` (a classmethod).
unsafe extern "C" fn date_fromordinal(cls: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut n: c_int = 0;
    let mut kws = kwlist([c"ordinal"]);
    // SAFETY: a classmethod's class and argument tuple.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            ptr::null_mut(),
            c"i:fromordinal".as_ptr(),
            kws.as_mut_ptr(),
            &mut n as *mut c_int,
        ) == 0
        {
            return ptr::null_mut();
        }
        if n < 1 {
            return fail(Exc::ValueError, "ordinal must be >= 1");
        }
        // Past date.max the calendar runs on, and the range check names
        // the year it lands in, as CPython's does.
        let (y, m, d) = ord_to_ymd(i64::from(n));
        new_date_of(y, m, d, cls.cast())
    }
}

/// `date.replace(year, month, day)`.
unsafe extern "C" fn date_replace(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live date and the call's arguments.
    unsafe {
        let mut date = ymd(op);
        if !parse_ymd(args, kw, c"|iii:replace", &mut date) {
            return ptr::null_mut();
        }
        new_date(date.0, date.1, date.2, (*op).ob_type)
    }
}

// --------------------------------------------------------------------------
// ISO calendar (isocalendar, fromisocalendar, fromisoformat)
// --------------------------------------------------------------------------

/// The ordinal of the Monday of ISO week 1 of `year`: the Monday of the
/// week holding January 4th (CPython's `iso_week1_monday`, with C's
/// truncating `%`, which year 0 reaches).
fn iso_week1_monday(year: i32) -> i64 {
    let first_day = ymd_to_ord(year, 1, 1);
    let first_weekday = (first_day + 6) % 7;
    let monday = first_day - first_weekday;
    if first_weekday > 3 {
        monday + 7
    } else {
        monday
    }
}

/// The ISO `(year, week, weekday)` of a valid date.
fn iso_calendar((y, m, d): (i32, i32, i32)) -> (i32, i64, i64) {
    let today = ymd_to_ord(y, m, d);
    let mut year = y;
    let (mut week, mut day) = divmod(i128::from(today - iso_week1_monday(year)), 7);
    if week < 0 {
        year -= 1;
        (week, day) = divmod(i128::from(today - iso_week1_monday(year)), 7);
    } else if week >= 52 && today >= iso_week1_monday(year + 1) {
        year += 1;
        week = 0;
    }
    (year, week as i64 + 1, day as i64 + 1)
}

/// Why an ISO week date has no calendar date.
enum IsoWeekError {
    Week,
    Day,
}

/// The calendar date of ISO year/week/day (CPython's `iso_to_ymd`): week
/// 53 only in years that start on a Thursday, or leap years that start
/// on a Wednesday. The result may fall outside the date range.
fn iso_to_ymd(iso_year: i32, week: i32, day: i32) -> Result<(i32, i32, i32), IsoWeekError> {
    if week <= 0 || week >= 53 {
        let first_weekday = weekday(iso_year, 1, 1);
        let long_year = first_weekday == 3 || (first_weekday == 2 && is_leap(iso_year));
        if !(week == 53 && long_year) {
            return Err(IsoWeekError::Week);
        }
    }
    if !(1..=7).contains(&day) {
        return Err(IsoWeekError::Day);
    }
    let offset = i64::from(week - 1) * 7 + i64::from(day) - 1;
    Ok(ord_to_ymd(iso_week1_monday(iso_year) + offset))
}

/// `n` ASCII digits of `s` from `at` as a number (CPython's
/// `parse_digits`), moving `at` past them; None when one is missing.
fn parse_digits(s: &[u8], at: &mut usize, n: usize) -> Option<i32> {
    let digits = s.get(*at..*at + n)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *at += n;
    Some(digits.iter().fold(0, |v, &c| v * 10 + i32::from(c - b'0')))
}

/// CPython 3.11's `parse_isoformat_date`: `YYYY-MM-DD`, `YYYYMMDD`,
/// `YYYY-Www[-D]` or `YYYYWww[D]` (the day defaults to 1). Like CPython it
/// reads no further than the date needs, so the callers check the length.
fn parse_iso_date(s: &[u8]) -> Option<(i32, i32, i32)> {
    parse_iso_date_until(s, s.len())
}

/// [`parse_iso_date`] for a date that CPython takes to end at `len`
/// (`datetime.fromisoformat` passes the separator's place): only the
/// week form's optional day looks at it; the digits are read from `s`
/// as C reads them, past `len` if need be.
fn parse_iso_date_until(s: &[u8], len: usize) -> Option<(i32, i32, i32)> {
    let mut at = 0;
    let year = parse_digits(s, &mut at, 4)?;
    let dashed = s.get(at) == Some(&b'-');
    if dashed {
        at += 1;
    }
    if s.get(at) == Some(&b'W') {
        at += 1;
        let week = parse_digits(s, &mut at, 2)?;
        let day = if at < len {
            if dashed {
                if s[at] != b'-' {
                    return None;
                }
                at += 1;
            }
            parse_digits(s, &mut at, 1)?
        } else {
            1
        };
        return iso_to_ymd(year, week, day).ok();
    }
    let month = parse_digits(s, &mut at, 2)?;
    if dashed {
        if s.get(at) != Some(&b'-') {
            return None;
        }
        at += 1;
    }
    let day = parse_digits(s, &mut at, 2)?;
    Some((year, month, day))
}

/// The UTF-8 text of a `fromisoformat` argument: `TypeError` for a
/// non-str; `Err(true)` when it cannot be encoded (a surrogate; the
/// caller raises its "Invalid isoformat string" error). For
/// `datetime.fromisoformat` (`sanitize`), CPython's
/// `_sanitize_isoformat_str`: fewer than 7 characters is invalid, and a
/// surrogate at index 7, 8 or 10 (the first such) is read as `T`.
///
/// # Safety
/// `arg` must be a live object.
unsafe fn iso_text(arg: *mut PyObject, sanitize: bool) -> Result<Vec<u8>, bool> {
    // SAFETY: per the contract.
    unsafe {
        if !crate::objects::unicodeobject::is_str(arg) {
            errors::raise(Exc::TypeError, "fromisoformat: argument must be str");
            return Err(false);
        }
        let mut cps = crate::objects::unicodeobject::code_points(arg);
        if sanitize {
            if cps.len() < 7 {
                return Err(true);
            }
            let is_surrogate = |c: u32| (0xD800..0xE000).contains(&c);
            if let Some(&pos) = [7, 8, 10]
                .iter()
                .take_while(|&&pos| pos <= cps.len())
                .find(|&&pos| cps.get(pos).is_some_and(|&c| is_surrogate(c)))
            {
                cps[pos] = u32::from(b'T');
            }
        }
        let mut out = String::with_capacity(cps.len());
        for c in cps {
            out.push(char::from_u32(c).ok_or(true)?);
        }
        Ok(out.into_bytes())
    }
}

/// `ValueError("Invalid isoformat string: 'text'")`.
///
/// # Safety
/// `arg` must be a live str.
unsafe fn invalid_iso(arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    match unsafe { repr_text(arg) } {
        Some(r) => fail(Exc::ValueError, format!("Invalid isoformat string: {r}")),
        None => ptr::null_mut(),
    }
}

/// `date.fromisoformat(date_string)` (a classmethod), by CPython 3.11's
/// rules: 7, 8 or 10 characters as [`parse_iso_date`] reads them.
unsafe extern "C" fn date_fromisoformat(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a class and a live argument.
    unsafe {
        let text = match iso_text(arg, false) {
            Ok(t) => t,
            Err(true) => return invalid_iso(arg),
            Err(false) => return ptr::null_mut(),
        };
        let parsed = if matches!(text.len(), 7 | 8 | 10) {
            parse_iso_date(&text)
        } else {
            None
        };
        match parsed {
            Some((y, m, d)) => new_date_of(y, m, d, cls.cast()),
            None => invalid_iso(arg),
        }
    }
}

/// The byte at `i`, or NUL past the end (the C parsers read the string's
/// terminator there).
fn byte_at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// CPython 3.11's `parse_hh_mm_ss_ff` over `s[start..end]`:
/// `HH[:MM[:SS]]` or `HH[MM[SS]]`, then an optional fraction after `.`
/// or `,` (up to 6 digits read, more skipped). `Ok(true)` when something
/// follows (the caller decides whether that is an error), `Err` when
/// malformed. It reads the byte at `end` as C does its terminator.
fn parse_hh_mm_ss_ff(s: &[u8], start: usize, end: usize) -> Result<(Hms, bool), ()> {
    let mut t = Hms {
        h: 0,
        m: 0,
        s: 0,
        us: 0,
    };
    let mut p = start;
    let mut has_separator = true;
    for i in 0..3 {
        let v = parse_digits(s, &mut p, 2).ok_or(())?;
        match i {
            0 => t.h = v,
            1 => t.m = v,
            _ => t.s = v,
        }
        let c = byte_at(s, p);
        p += 1;
        if i == 0 {
            has_separator = c == b':';
        }
        if p >= end {
            return Ok((t, c != 0));
        } else if has_separator && c == b':' {
            continue;
        } else if c == b'.' || c == b',' {
            break;
        } else if !has_separator {
            p -= 1;
        } else {
            return Err(());
        }
    }
    let to_parse = (end - p).min(6);
    let mut frac = parse_digits(s, &mut p, to_parse).ok_or(())?;
    if to_parse < 6 {
        // `to_parse` is at least 1 here: an empty fraction ends at `end`
        // inside the loop.
        frac *= 10_i32.pow(6 - to_parse as u32);
    }
    t.us = frac;
    while byte_at(s, p).is_ascii_digit() {
        p += 1;
    }
    Ok((t, byte_at(s, p) != 0))
}

/// A parsed UTC offset: seconds and microseconds, both signed.
type IsoOffset = (i32, i32);

/// CPython 3.11's `parse_isoformat_time` over `s[start..]`: the time, then
/// an optional `Z` or `±HH[:MM[:SS[.ffffff]]]` offset.
fn parse_iso_time(s: &[u8], start: usize) -> Result<(Hms, Option<IsoOffset>), ()> {
    let end = s.len();
    let mut tz_pos = start;
    loop {
        if matches!(byte_at(s, tz_pos), b'Z' | b'+' | b'-') {
            break;
        }
        tz_pos += 1;
        if tz_pos >= end {
            break;
        }
    }
    let (t, more) = parse_hh_mm_ss_ff(s, start, tz_pos)?;
    if tz_pos == end {
        return if more { Err(()) } else { Ok((t, None)) };
    }
    if byte_at(s, tz_pos) == b'Z' {
        return if byte_at(s, tz_pos + 1) != 0 {
            Err(())
        } else {
            Ok((t, Some((0, 0))))
        };
    }
    let sign = if byte_at(s, tz_pos) == b'-' { -1 } else { 1 };
    let (off, more) = parse_hh_mm_ss_ff(s, tz_pos + 1, end)?;
    if more {
        return Err(());
    }
    let secs = sign * (off.h * 3600 + off.m * 60 + off.s);
    Ok((t, Some((secs, sign * off.us))))
}

/// The tzinfo of a parsed offset (CPython's
/// `tzinfo_from_isoformat_results`): None without one, UTC for zero
/// seconds (whatever the microseconds), else a fixed `timezone`.
fn iso_tzinfo(offset: Option<IsoOffset>) -> *mut PyObject {
    // SAFETY: the module's types are ready; the delta is released after.
    unsafe {
        match offset {
            None => new_ref(none()),
            Some((0, _)) => new_ref(utc()),
            Some((secs, us)) => {
                let delta = new_delta(0, i64::from(secs), i64::from(us), DELTA_TYPE.get());
                if delta.is_null() {
                    return delta;
                }
                let tz = new_timezone(delta, ptr::null_mut());
                Py_DecRef(delta);
                tz
            }
        }
    }
}

/// `time.fromisoformat(time_string)` (a classmethod), by CPython 3.11's
/// rules: an optional leading `T`, then [`parse_iso_time`].
unsafe extern "C" fn time_fromisoformat(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a class and a live argument; the tzinfo is released after.
    unsafe {
        let text = match iso_text(arg, false) {
            Ok(t) => t,
            Err(true) => return invalid_iso(arg),
            Err(false) => return ptr::null_mut(),
        };
        let start = usize::from(text.first() == Some(&b'T'));
        let Ok((t, offset)) = parse_iso_time(&text, start) else {
            return invalid_iso(arg);
        };
        let tz = iso_tzinfo(offset);
        if tz.is_null() {
            return tz;
        }
        let r = if cls == TIME_TYPE.get().cast() {
            new_time(t, tz, 0, TIME_TYPE.get())
        } else {
            PyObject_CallFunction(cls, c"iiiiO".as_ptr(), t.h, t.m, t.s, t.us, tz)
        };
        Py_DecRef(tz);
        r
    }
}

/// Where the date part of a `datetime.fromisoformat` string ends (CPython
/// 3.11's `_find_isoformat_datetime_separator`): 7, 8 or 10 by the shape
/// of the date; `YYYY-Www-##...` is taken as a separator at 8.
fn iso_separator(s: &[u8]) -> usize {
    let len = s.len();
    if len == 7 {
        return 7;
    }
    if byte_at(s, 4) == b'-' {
        if byte_at(s, 5) != b'W' {
            return 10;
        }
        if len > 8 && byte_at(s, 8) == b'-' {
            if len == 9 {
                // CPython returns -1 here, which no date parse accepts.
                return usize::MAX;
            }
            if len > 10 && byte_at(s, 10).is_ascii_digit() {
                return 8;
            }
            return 10;
        }
        return 8;
    }
    if byte_at(s, 4) == b'W' {
        let idx = (7..len)
            .find(|&i| !byte_at(s, i).is_ascii_digit())
            .unwrap_or(len);
        if idx < 9 {
            return idx;
        }
        return if idx % 2 == 0 { 7 } else { 8 };
    }
    8
}

/// `datetime.fromisoformat(date_string)` (a classmethod), by CPython
/// 3.11's rules: a date as [`parse_iso_date`] reads it, then any one
/// character and a time as [`parse_iso_time`] reads it.
unsafe extern "C" fn datetime_fromisoformat(
    cls: *mut PyObject,
    arg: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a class and a live argument; the tzinfo is released after.
    unsafe {
        let text = match iso_text(arg, true) {
            Ok(t) => t,
            Err(true) => return invalid_iso(arg),
            Err(false) => return ptr::null_mut(),
        };
        let sep = iso_separator(&text);
        let date = if sep == usize::MAX {
            None
        } else {
            parse_iso_date_until(&text, sep)
        };
        let Some(date) = date else {
            return invalid_iso(arg);
        };
        let mut parsed = Ok((
            Hms {
                h: 0,
                m: 0,
                s: 0,
                us: 0,
            },
            None,
        ));
        if text.len() > sep {
            // Skip the separator, one UTF-8 character (its length from
            // the lead byte, as CPython reads it).
            let lead = text[sep];
            let width = if lead & 0x80 == 0 {
                1
            } else {
                match lead & 0xf0 {
                    0xe0 => 3,
                    0xf0 => 4,
                    _ => 2,
                }
            };
            parsed = parse_iso_time(&text, (sep + width).min(text.len()));
        }
        let Ok((t, offset)) = parsed else {
            return invalid_iso(arg);
        };
        let tz = iso_tzinfo(offset);
        if tz.is_null() {
            return tz;
        }
        let r = new_datetime_of(date, t, tz, 0, cls.cast());
        Py_DecRef(tz);
        r
    }
}

/// `date.fromisocalendar(year, week, day)` (a classmethod): the date of
/// an ISO week date.
unsafe extern "C" fn date_fromisocalendar(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let (mut year, mut week, mut day): (c_int, c_int, c_int) = (0, 0, 0);
    let mut kws = kwlist([c"year", c"week", c"day"]);
    // SAFETY: a class and the call's arguments; three int slots.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"iii:fromisocalendar".as_ptr(),
            kws.as_mut_ptr(),
            &mut year as *mut c_int,
            &mut week as *mut c_int,
            &mut day as *mut c_int,
        ) == 0
        {
            if PyErr_ExceptionMatches(Exc::OverflowError.type_object()) != 0 {
                PyErr_Clear();
                errors::raise(Exc::ValueError, "ISO calendar component out of range");
            }
            return ptr::null_mut();
        }
        if !(MINYEAR..=MAXYEAR).contains(&year) {
            return fail(Exc::ValueError, format!("Year is out of range: {year}"));
        }
        match iso_to_ymd(year, week, day) {
            Ok((y, m, d)) => new_date_of(y, m, d, cls.cast()),
            Err(IsoWeekError::Week) => fail(Exc::ValueError, format!("Invalid week: {week}")),
            Err(IsoWeekError::Day) => fail(
                Exc::ValueError,
                format!("Invalid day: {day} (range is [1, 7])"),
            ),
        }
    }
}

/// `date.isocalendar()`: an `IsoCalendarDate(year, week, weekday)`.
unsafe extern "C" fn date_isocalendar(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live date.
    let (year, week, day) = iso_calendar(unsafe { ymd(op) });
    // SAFETY: the type is ready with the module.
    unsafe {
        new_iso_calendar_date(
            ISO_CALENDAR_DATE_TYPE.get(),
            year,
            week as c_int,
            day as c_int,
        )
    }
}

/// A new `IsoCalendarDate` (a 3-tuple) of type `ty`.
///
/// # Safety
/// `ty` must be `IsoCalendarDate` or a ready subtype.
unsafe fn new_iso_calendar_date(
    ty: *mut PyTypeObject,
    year: c_int,
    week: c_int,
    day: c_int,
) -> *mut PyObject {
    // SAFETY: per the contract; the tuple's three slots are filled before
    // it is seen.
    unsafe {
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = alloc(ty, 3);
        if op.is_null() {
            return op;
        }
        for (i, v) in [year, week, day].into_iter().enumerate() {
            let item = PyLong_FromLong(c_long::from(v));
            if item.is_null() {
                Py_DecRef(op);
                return ptr::null_mut();
            }
            *crate::objects::tupleobject::items(op).add(i) = item;
        }
        op
    }
}

/// `IsoCalendarDate(year, week, weekday)`.
unsafe extern "C" fn iso_calendar_date_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let (mut year, mut week, mut day): (c_int, c_int, c_int) = (0, 0, 0);
    let mut kws = kwlist([c"year", c"week", c"weekday"]);
    // SAFETY: tp_new's arguments; three int slots.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"iii:IsoCalendarDate".as_ptr(),
            kws.as_mut_ptr(),
            &mut year as *mut c_int,
            &mut week as *mut c_int,
            &mut day as *mut c_int,
        ) == 0
        {
            return ptr::null_mut();
        }
        new_iso_calendar_date(ty, year, week, day)
    }
}

/// The items are released as a tuple's, then the instance is freed.
unsafe extern "C" fn iso_calendar_date_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced IsoCalendarDate; its items are owned
    // references or NULL.
    unsafe {
        for i in 0..crate::objects::tupleobject::size(op) {
            Py_DecRef(crate::objects::tupleobject::get(op, i));
        }
        plain_dealloc(op);
    }
}

/// Item `i` of an IsoCalendarDate as a new reference.
///
/// # Safety
/// `op` must be a live IsoCalendarDate.
unsafe fn iso_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: per the contract; three items.
    unsafe { new_ref(crate::objects::tupleobject::get(op, i)) }
}

unsafe extern "C" fn iso_year(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live IsoCalendarDate.
    unsafe { iso_item(op, 0) }
}

unsafe extern "C" fn iso_week(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live IsoCalendarDate.
    unsafe { iso_item(op, 1) }
}

unsafe extern "C" fn iso_weekday(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live IsoCalendarDate.
    unsafe { iso_item(op, 2) }
}

/// `repr`: `datetime.IsoCalendarDate(year=2020, week=1, weekday=3)`.
unsafe extern "C" fn iso_calendar_date_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live IsoCalendarDate.
    unsafe {
        let mut parts = Vec::with_capacity(3);
        for i in 0..3 {
            match repr_text(crate::objects::tupleobject::get(op, i)) {
                Some(t) => parts.push(t),
                None => return ptr::null_mut(),
            }
        }
        let name = CStr::from_ptr((*(*op).ob_type).tp_name).to_string_lossy();
        unicode(&format!(
            "{name}(year={}, week={}, weekday={})",
            parts[0], parts[1], parts[2]
        ))
    }
}

/// `__reduce__`: `(tuple, ((year, week, weekday),))`, so that pickles
/// need no `IsoCalendarDate`.
unsafe extern "C" fn iso_calendar_date_reduce(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live IsoCalendarDate; the plain tuple is released after.
    unsafe {
        let plain = crate::objects::r#abstract::PySequence_Tuple(op);
        if plain.is_null() {
            return plain;
        }
        let args = PyTuple_Pack(1, plain);
        Py_DecRef(plain);
        if args.is_null() {
            return args;
        }
        let tuple_type = crate::objects::tupleobject::PyTuple_Type
            .get()
            .cast::<PyObject>();
        let r = PyTuple_Pack(2, tuple_type, args);
        Py_DecRef(args);
        r
    }
}

static ISO_CALENDAR_DATE_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    PyGetSetDef::getter(c"year", iso_year),
    PyGetSetDef::getter(c"week", iso_week),
    PyGetSetDef::getter(c"weekday", iso_weekday),
    PyGetSetDef::zeroed(),
]);

static ISO_CALENDAR_DATE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    method(c"__reduce__", iso_calendar_date_reduce, METH_NOARGS),
    PyMethodDef::zeroed(),
]);

/// `datetime.IsoCalendarDate`: what `isocalendar()` returns, a 3-tuple
/// with named fields (not in the module's namespace, as in CPython).
static ISO_CALENDAR_DATE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"datetime.IsoCalendarDate",
        size_of::<PyVarObject>(),
        Py_TPFLAGS_TUPLE_SUBCLASS,
        iso_calendar_date_dealloc,
    );
    ty.tp_itemsize = size_of::<*mut PyObject>() as Py_ssize_t;
    ty.tp_base = crate::objects::tupleobject::PyTuple_Type.get();
    ty.tp_new = Some(iso_calendar_date_new);
    ty.tp_repr = Some(iso_calendar_date_repr);
    ty.tp_getset = ISO_CALENDAR_DATE_GETSET.get().cast();
    ty.tp_methods = ISO_CALENDAR_DATE_METHODS.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty
});

int_getter!(date_year, |op| i64::from(ymd(op).0));
int_getter!(date_month, |op| i64::from(ymd(op).1));
int_getter!(date_day, |op| i64::from(ymd(op).2));

// --------------------------------------------------------------------------
// Timestamps
// --------------------------------------------------------------------------

/// CPython's `_PyTime_ObjectToTimeval` (`half_even`) or
/// `_PyTime_ObjectToTime_t` with floor rounding: whole seconds and
/// microseconds of a timestamp.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn timestamp_parts(obj: *mut PyObject, half_even: bool) -> Option<(i64, i64)> {
    let out_of_range = || {
        errors::raise(
            Exc::OverflowError,
            "timestamp out of range for platform time_t",
        );
        None
    };
    // SAFETY: a live object.
    unsafe {
        if PyObject_TypeCheck(obj, &raw mut PyFloat_Type) != 0 {
            let d = PyFloat_AsDouble(obj);
            if d.is_nan() {
                errors::raise(Exc::ValueError, "Invalid value NaN (not a number)");
                return None;
            }
            let (mut whole, mut us) = if half_even {
                let whole = d.trunc();
                let x = (d - whole) * 1e6;
                let mut r = x.round();
                if (x - r).abs() == 0.5 {
                    r = 2.0 * (x / 2.0).round();
                }
                (whole, r)
            } else {
                (d.floor(), 0.0)
            };
            if us >= 1e6 {
                us -= 1e6;
                whole += 1.0;
            } else if us < 0.0 {
                us += 1e6;
                whole -= 1.0;
            }
            if !(whole >= i64::MIN as f64 && whole < i64::MAX as f64) {
                return out_of_range();
            }
            return Some((whole as i64, us as i64));
        }
        let v = PyLong_AsLongLong(obj);
        if v == -1 && !PyErr_Occurred().is_null() {
            if PyErr_ExceptionMatches(Exc::OverflowError.type_object()) != 0 {
                PyErr_Clear();
                return out_of_range();
            }
            return None;
        }
        Some((v, 0))
    }
}

/// Broken-down time of a `time_t`, local or UTC, or None with CPython's
/// `OSError` from `errno`.
fn broken_down(t: i64, local: bool) -> Option<libc::tm> {
    let Some(tt) = libc::time_t::try_from(t).ok() else {
        errors::raise(
            Exc::OverflowError,
            "timestamp out of range for platform time_t",
        );
        return None;
    };
    // SAFETY: a zeroed tm is a valid output buffer.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    #[cfg(unix)]
    // SAFETY: valid pointers to a time_t and a tm.
    let ok = unsafe {
        if local {
            !libc::localtime_r(&tt, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&tt, &mut tm).is_null()
        }
    };
    #[cfg(windows)]
    // SAFETY: valid pointers to a time_t and a tm.
    let ok = unsafe {
        if local {
            libc::localtime_s(&mut tm, &tt) == 0
        } else {
            libc::gmtime_s(&mut tm, &tt) == 0
        }
    };
    if !ok {
        // SAFETY: raises from the errno the C library set.
        unsafe { PyErr_SetFromErrno(Exc::OSError.type_object()) };
        return None;
    }
    Some(tm)
}

fn tm_fields(tm: &libc::tm) -> ((i32, i32, i32), i32, i32, i32) {
    (
        (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
        tm.tm_hour,
        tm.tm_min,
        // A leap second from the C library becomes :59, as in CPython.
        tm.tm_sec.min(59),
    )
}

/// Seconds since 0001-01-01 of a broken-down local time (CPython's
/// `utc_to_seconds`), or None after the year range error.
fn utc_to_seconds((y, m, d): (i32, i32, i32), h: i32, mi: i32, s: i32) -> Option<i64> {
    if !(MINYEAR..=MAXYEAR).contains(&y) {
        errors::raise(Exc::ValueError, format!("year {y} is out of range"));
        return None;
    }
    let ord = ymd_to_ord(y, m, d);
    Some(((ord * 24 + i64::from(h)) * 60 + i64::from(mi)) * 60 + i64::from(s))
}

/// CPython's `local(u)`: the local wall time of a UTC second count, as a
/// second count.
fn local_seconds(u: i64) -> Option<i64> {
    let tm = broken_down(u - EPOCH_ORDINAL * 86_400, true)?;
    let (date, h, mi, s) = tm_fields(&tm);
    utc_to_seconds(date, h, mi, s)
}

/// CPython's `datetime_from_timet_and_us`: a datetime of class `cls` for
/// `timet` seconds and `us`, in local time (with the fold of a repeated
/// wall time) or UTC.
///
/// # Safety
/// `cls` must be a live type; `tz` a live object.
unsafe fn datetime_from_timet(
    cls: *mut PyTypeObject,
    local: bool,
    timet: i64,
    us: i64,
    tz: *mut PyObject,
) -> *mut PyObject {
    let Some(tm) = broken_down(timet, local) else {
        return ptr::null_mut();
    };
    let (date, h, mi, s) = tm_fields(&tm);
    let mut fold = 0;
    if local && tz == none() {
        const MAX_FOLD_SECONDS: i64 = 24 * 3600;
        let epoch = EPOCH_ORDINAL * 86_400;
        let Some(result) = utc_to_seconds(date, h, mi, s) else {
            return ptr::null_mut();
        };
        let Some(probe) = local_seconds(epoch + timet - MAX_FOLD_SECONDS) else {
            return ptr::null_mut();
        };
        let transition = result - probe - MAX_FOLD_SECONDS;
        if transition < 0 {
            let Some(probe) = local_seconds(epoch + timet + transition) else {
                return ptr::null_mut();
            };
            if probe == result {
                fold = 1;
            }
        }
    }
    let t = Hms {
        h,
        m: mi,
        s,
        us: us as i32,
    };
    // SAFETY: per the contract.
    unsafe { new_datetime_of(date, t, tz, fold, cls) }
}

/// `date.fromtimestamp(timestamp)`: the local date.
///
/// # Safety
/// `cls` must be a live type; `ts` a live object.
unsafe fn date_from_timestamp(cls: *mut PyObject, ts: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((t, _)) = timestamp_parts(ts, false) else {
            return ptr::null_mut();
        };
        let Some(tm) = broken_down(t, true) else {
            return ptr::null_mut();
        };
        let ((y, m, d), ..) = tm_fields(&tm);
        new_date_of(y, m, d, cls.cast())
    }
}

unsafe extern "C" fn date_fromtimestamp(cls: *mut PyObject, ts: *mut PyObject) -> *mut PyObject {
    // SAFETY: a classmethod's class and its argument.
    unsafe { date_from_timestamp(cls, ts) }
}

/// The CAPI's `Date_FromTimestamp(cls, args)`.
unsafe extern "C" fn capi_date_from_timestamp(
    cls: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    let mut ts: *mut PyObject = ptr::null_mut();
    // SAFETY: C callers pass a class and an argument tuple.
    unsafe {
        if PyArg_UnpackTuple(
            args,
            c"fromtimestamp".as_ptr(),
            1,
            1,
            &mut ts as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        date_from_timestamp(cls, ts)
    }
}

static DATE_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(date_add),
    nb_subtract: Some(date_sub),
    ..PyNumberMethods::empty()
};

static DATE_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    PyGetSetDef::getter(c"year", date_year),
    PyGetSetDef::getter(c"month", date_month),
    PyGetSetDef::getter(c"day", date_day),
    PyGetSetDef::zeroed(),
]);

static DATE_METHODS: StaticObject<[PyMethodDef; 13]> = StaticObject::new([
    method(c"ctime", date_ctime, METH_NOARGS),
    method(c"today", date_today, METH_NOARGS | METH_CLASS),
    method(c"fromtimestamp", date_fromtimestamp, METH_O | METH_CLASS),
    method(c"fromordinal", date_fromordinal, METH_VARARGS | METH_CLASS),
    method(c"isoformat", date_isoformat, METH_NOARGS),
    method(c"toordinal", date_toordinal, METH_NOARGS),
    method(c"weekday", date_weekday, METH_NOARGS),
    method(c"isoweekday", date_isoweekday, METH_NOARGS),
    method(c"isocalendar", date_isocalendar, METH_NOARGS),
    method(c"fromisoformat", date_fromisoformat, METH_O | METH_CLASS),
    kw_method(c"fromisocalendar", date_fromisocalendar, METH_CLASS),
    kw_method(c"replace", date_replace, 0),
    PyMethodDef::zeroed(),
]);

/// The `date` type.
static DATE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = value_type(
        c"datetime.date",
        size_of::<DateObject>(),
        Py_TPFLAGS_BASETYPE,
        plain_dealloc,
        ValueSlots {
            new: date_new,
            repr: date_repr,
            str: date_str,
            hash: date_hash,
            richcompare: date_richcompare,
            getset: DATE_GETSET.get().cast(),
            methods: DATE_METHODS.get().cast(),
            doc: c"date(year, month, day) --> date object",
        },
    );
    ty.tp_as_number = &raw const DATE_AS_NUMBER as *mut PyNumberMethods;
    ty
});

// ==========================================================================
// time
// ==========================================================================

/// Parses `hour, minute, second, microsecond, tzinfo, *, fold` (all
/// optional) into `t`, `tz`, `fold`.
///
/// # Safety
/// `args` must be a tuple, `kw` NULL or a dict.
unsafe fn parse_time_args(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: &CStr,
    t: &mut Hms,
    tz: &mut *mut PyObject,
    fold: &mut c_int,
) -> bool {
    let mut kws = kwlist(TIME_KEYWORDS);
    // SAFETY: per the contract; the format names these slots in order.
    unsafe {
        PyArg_ParseTupleAndKeywords(
            args,
            kw,
            format.as_ptr(),
            kws.as_mut_ptr(),
            &mut t.h as *mut c_int,
            &mut t.m as *mut c_int,
            &mut t.s as *mut c_int,
            &mut t.us as *mut c_int,
            tz as *mut *mut PyObject,
            fold as *mut c_int,
        ) != 0
    }
}

/// `time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0)`.
unsafe extern "C" fn time_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut t = Hms {
        h: 0,
        m: 0,
        s: 0,
        us: 0,
    };
    let mut tz = none();
    let mut fold: c_int = 0;
    // SAFETY: tp_new's arguments.
    unsafe {
        if !parse_time_args(args, kw, c"|iiiiO$i", &mut t, &mut tz, &mut fold) {
            return ptr::null_mut();
        }
        new_time(t, tz, fold, ty)
    }
}

/// `repr` text of the time fields: trailing zero seconds and microseconds
/// left out, as CPython does.
fn hms_repr_fields(t: Hms) -> String {
    if t.us != 0 {
        format!("{}, {}, {}, {}", t.h, t.m, t.s, t.us)
    } else if t.s != 0 {
        format!("{}, {}, {}", t.h, t.m, t.s)
    } else {
        format!("{}, {}", t.h, t.m)
    }
}

/// `, fold=1` and `, tzinfo=...` of a time or datetime repr.
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn repr_tail(op: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let mut tail = String::new();
        if fold_of(op) != 0 {
            tail.push_str(", fold=1");
        }
        let tz = tzinfo_of(op);
        if tz != none() {
            tail.push_str(&format!(", tzinfo={}", repr_text(tz)?));
        }
        Some(tail)
    }
}

unsafe extern "C" fn time_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live time.
    unsafe {
        let Some(tail) = repr_tail(op) else {
            return ptr::null_mut();
        };
        unicode(&format!(
            "{}({}{tail})",
            type_name(op),
            hms_repr_fields(time_hms(op))
        ))
    }
}

/// `time.isoformat(timespec='auto')` as Rust text.
///
/// # Safety
/// `op` must be a live time.
unsafe fn time_iso(op: *mut PyObject, timespec: &str) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let mut out = format_hms(time_hms(op), timespec)?;
        if let Some(off) = utcoffset_us(op).ok()? {
            out.push_str(&format_offset(off, ":"));
        }
        Some(out)
    }
}

unsafe extern "C" fn time_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live time.
    match unsafe { time_iso(op, "auto") } {
        Some(s) => unicode(&s),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn time_isoformat(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut spec: *const c_char = c"auto".as_ptr();
    let mut kws = kwlist([c"timespec"]);
    // SAFETY: a live time and the call's arguments.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"|s:isoformat".as_ptr(),
            kws.as_mut_ptr(),
            &mut spec as *mut *const c_char,
        ) == 0
        {
            return ptr::null_mut();
        }
        let spec = CStr::from_ptr(spec).to_string_lossy();
        match time_iso(op, &spec) {
            Some(s) => unicode(&s),
            None => ptr::null_mut(),
        }
    }
}

/// A time or datetime's tzinfo method result, with the object (datetime)
/// or None (time) as the argument.
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn tz_method(op: *mut PyObject, name: &CStr) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let arg = if is_instance(op, &DATETIME_TYPE) {
            op
        } else {
            none()
        };
        if name == c"tzname" {
            call_tzname(tzinfo_of(op), arg)
        } else {
            call_offset(tzinfo_of(op), name, arg)
        }
    }
}

unsafe extern "C" fn any_utcoffset(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live time or datetime.
    unsafe { tz_method(op, c"utcoffset") }
}

unsafe extern "C" fn any_dst(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live time or datetime.
    unsafe { tz_method(op, c"dst") }
}

unsafe extern "C" fn any_tzname(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live time or datetime.
    unsafe { tz_method(op, c"tzname") }
}

/// The hash of a time or datetime whose local value is `local_us`
/// microseconds (since 0001-01-01 for a datetime, since midnight for a
/// time) and whose data bytes are `data`: the bytes when naive, else the
/// hash of the UTC value as a timedelta (CPython's rule, so equal aware
/// values hash alike whatever their zones).
///
/// # Safety
/// `op` must be a live time or datetime.
unsafe fn tz_hash(op: *mut PyObject, data: &[u8], local_us: i128) -> Py_hash_t {
    // SAFETY: per the contract; the fold-0 offset is what CPython hashes.
    unsafe {
        let off = if fold_of(op) != 0 && is_instance(op, &DATETIME_TYPE) {
            let copy = new_datetime(ymd(op), dt_hms(op), tzinfo_of(op), 0, DATETIME_TYPE.get());
            if copy.is_null() {
                return -1;
            }
            let r = utcoffset_us(copy);
            Py_DecRef(copy);
            r
        } else {
            utcoffset_us(op)
        };
        match off {
            Err(()) => -1,
            Ok(None) => _Py_HashBytes(data.as_ptr().cast(), data.len() as Py_ssize_t),
            Ok(Some(off)) => {
                let d = delta_from_us(local_us - off);
                if d.is_null() {
                    return -1;
                }
                let h = PyObject_Hash(d);
                Py_DecRef(d);
                h
            }
        }
    }
}

unsafe extern "C" fn time_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live time.
    unsafe {
        let p = op.cast::<TimeObject>();
        if (*p).hashcode == -1 {
            let t = time_hms(op);
            let local = i128::from(t.seconds()) * US_PER_SECOND + i128::from(t.us);
            let data = (*p).data;
            (*p).hashcode = tz_hash(op, &data, local);
        }
        (*p).hashcode
    }
}

unsafe extern "C" fn time_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(b, &TIME_TYPE) {
            return not_implemented();
        }
        let (ta, tb) = (time_hms(a), time_hms(b));
        let key = |t: Hms| (t.h, t.m, t.s, t.us);
        if tzinfo_of(a) == tzinfo_of(b) {
            return cmp_result(key(ta).cmp(&key(tb)), op);
        }
        let (Ok(oa), Ok(ob)) = (utcoffset_us(a), utcoffset_us(b)) else {
            return ptr::null_mut();
        };
        match (oa, ob) {
            (Some(x), Some(y)) if x == y => cmp_result(key(ta).cmp(&key(tb)), op),
            (None, None) => cmp_result(key(ta).cmp(&key(tb)), op),
            (Some(x), Some(y)) => {
                // CPython compares whole seconds net of the offsets'
                // days and seconds, then the times' own microseconds
                // (an offset's microseconds do not count).
                let whole = |t: Hms, off: i128| {
                    let (secs, _) = divmod(off, US_PER_SECOND);
                    (i128::from(t.seconds()) - secs, t.us)
                };
                cmp_result(whole(ta, x).cmp(&whole(tb, y)), op)
            }
            _ if op == Py_EQ => py_bool(false),
            _ if op == Py_NE => py_bool(true),
            _ => fail(
                Exc::TypeError,
                "can't compare offset-naive and offset-aware times",
            ),
        }
    }
}

unsafe extern "C" fn time_replace(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live time and the call's arguments.
    unsafe {
        let mut t = time_hms(op);
        let mut tz = tzinfo_of(op);
        let mut fold: c_int = fold_of(op);
        if !parse_time_args(args, kw, c"|iiiiO$i:replace", &mut t, &mut tz, &mut fold) {
            return ptr::null_mut();
        }
        new_time(t, tz, fold, (*op).ob_type)
    }
}

int_getter!(time_hour, |op| i64::from(time_hms(op).h));
int_getter!(time_minute, |op| i64::from(time_hms(op).m));
int_getter!(time_second, |op| i64::from(time_hms(op).s));
int_getter!(time_microsecond, |op| i64::from(time_hms(op).us));
int_getter!(any_fold, |op| i64::from(fold_of(op)));

unsafe extern "C" fn any_tzinfo(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live time or datetime.
    unsafe { new_ref(tzinfo_of(op)) }
}

static TIME_GETSET: StaticObject<[PyGetSetDef; 7]> = StaticObject::new([
    PyGetSetDef::getter(c"hour", time_hour),
    PyGetSetDef::getter(c"minute", time_minute),
    PyGetSetDef::getter(c"second", time_second),
    PyGetSetDef::getter(c"microsecond", time_microsecond),
    PyGetSetDef::getter(c"tzinfo", any_tzinfo),
    PyGetSetDef::getter(c"fold", any_fold),
    PyGetSetDef::zeroed(),
]);

static TIME_METHODS: StaticObject<[PyMethodDef; 7]> = StaticObject::new([
    kw_method(c"isoformat", time_isoformat, 0),
    method(c"utcoffset", any_utcoffset, METH_NOARGS),
    method(c"dst", any_dst, METH_NOARGS),
    method(c"tzname", any_tzname, METH_NOARGS),
    kw_method(c"replace", time_replace, 0),
    method(c"fromisoformat", time_fromisoformat, METH_O | METH_CLASS),
    PyMethodDef::zeroed(),
]);

/// The `time` type.
static TIME_TYPE: StaticObject<PyTypeObject> = StaticObject::new(value_type(
    c"datetime.time",
    size_of::<TimeObject>(),
    Py_TPFLAGS_BASETYPE,
    tz_dealloc,
    ValueSlots {
        new: time_new,
        repr: time_repr,
        str: time_str,
        hash: time_hash,
        richcompare: time_richcompare,
        getset: TIME_GETSET.get().cast(),
        methods: TIME_METHODS.get().cast(),
        doc: c"time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object",
    },
));

// ==========================================================================
// datetime
// ==========================================================================

/// Parses `year, month, day, hour, minute, second, microsecond, tzinfo,
/// *, fold` (as `format` makes them required or not) into the fields,
/// which hold the defaults.
///
/// # Safety
/// `args` must be a tuple, `kw` NULL or a dict.
unsafe fn parse_datetime_args(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: &CStr,
    date: &mut (c_int, c_int, c_int),
    t: &mut Hms,
    tz: &mut *mut PyObject,
    fold: &mut c_int,
) -> bool {
    let mut kws = kwlist_of(&[&[c"year", c"month", c"day"][..], &TIME_KEYWORDS[..]].concat());
    // SAFETY: per the contract; the format names these slots in order.
    unsafe {
        PyArg_ParseTupleAndKeywords(
            args,
            kw,
            format.as_ptr(),
            kws.as_mut_ptr(),
            &mut date.0 as *mut c_int,
            &mut date.1 as *mut c_int,
            &mut date.2 as *mut c_int,
            &mut t.h as *mut c_int,
            &mut t.m as *mut c_int,
            &mut t.s as *mut c_int,
            &mut t.us as *mut c_int,
            tz as *mut *mut PyObject,
            fold as *mut c_int,
        ) != 0
    }
}

/// `datetime(year, month, day, hour=0, minute=0, second=0,
/// microsecond=0, tzinfo=None, *, fold=0)`.
unsafe extern "C" fn datetime_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut date: (c_int, c_int, c_int) = (0, 0, 0);
    let mut t = Hms {
        h: 0,
        m: 0,
        s: 0,
        us: 0,
    };
    let mut tz = none();
    let mut fold: c_int = 0;
    // SAFETY: tp_new's arguments.
    unsafe {
        if !parse_datetime_args(
            args,
            kw,
            c"iii|iiiiO$i",
            &mut date,
            &mut t,
            &mut tz,
            &mut fold,
        ) {
            return ptr::null_mut();
        }
        new_datetime(date, t, tz, fold, ty)
    }
}

unsafe extern "C" fn datetime_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    unsafe {
        let Some(tail) = repr_tail(op) else {
            return ptr::null_mut();
        };
        let (y, m, d) = ymd(op);
        unicode(&format!(
            "{}({y}, {m}, {d}, {}{tail})",
            type_name(op),
            hms_repr_fields(dt_hms(op))
        ))
    }
}

/// `datetime.isoformat(sep, timespec)` as Rust text.
///
/// # Safety
/// `op` must be a live datetime.
unsafe fn datetime_iso(op: *mut PyObject, sep: char, timespec: &str) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let mut out = iso_date(ymd(op));
        out.push(sep);
        out.push_str(&format_hms(dt_hms(op), timespec)?);
        if let Some(off) = utcoffset_us(op).ok()? {
            out.push_str(&format_offset(off, ":"));
        }
        Some(out)
    }
}

unsafe extern "C" fn datetime_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    match unsafe { datetime_iso(op, ' ', "auto") } {
        Some(s) => unicode(&s),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn datetime_isoformat(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut sep: c_int = 'T' as c_int;
    let mut spec: *const c_char = c"auto".as_ptr();
    let mut kws = kwlist([c"sep", c"timespec"]);
    // SAFETY: a live datetime and the call's arguments.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"|Cs:isoformat".as_ptr(),
            kws.as_mut_ptr(),
            &mut sep as *mut c_int,
            &mut spec as *mut *const c_char,
        ) == 0
        {
            return ptr::null_mut();
        }
        let sep = char::from_u32(sep as u32).unwrap_or('T');
        let spec = CStr::from_ptr(spec).to_string_lossy();
        match datetime_iso(op, sep, &spec) {
            Some(s) => unicode(&s),
            None => ptr::null_mut(),
        }
    }
}

/// Microseconds since 0001-01-01T00:00 of a datetime's local value.
///
/// # Safety
/// `op` must be a live datetime.
unsafe fn local_us(op: *mut PyObject) -> i128 {
    // SAFETY: per the contract.
    unsafe {
        let (y, m, d) = ymd(op);
        let t = dt_hms(op);
        (i128::from(ymd_to_ord(y, m, d)) * 86_400 + i128::from(t.seconds())) * US_PER_SECOND
            + i128::from(t.us)
    }
}

unsafe extern "C" fn datetime_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live datetime.
    unsafe {
        let p = op.cast::<DateTimeObject>();
        if (*p).hashcode == -1 {
            let data = (*p).data;
            (*p).hashcode = tz_hash(op, &data, local_us(op));
        }
        (*p).hashcode
    }
}

unsafe extern "C" fn datetime_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(b, &DATETIME_TYPE) {
            // A date would compare by its date part alone through date's
            // slot: refuse instead, as CPython does.
            if is_instance(b, &DATE_TYPE) {
                return match op {
                    Py_EQ => py_bool(false),
                    Py_NE => py_bool(true),
                    _ => cmp_error(a, b),
                };
            }
            return not_implemented();
        }
        let (la, lb) = (local_us(a), local_us(b));
        if tzinfo_of(a) == tzinfo_of(b) {
            return cmp_result(la.cmp(&lb), op);
        }
        let (Ok(oa), Ok(ob)) = (utcoffset_us(a), utcoffset_us(b)) else {
            return ptr::null_mut();
        };
        let ord = match (oa, ob) {
            (None, None) => la.cmp(&lb),
            (Some(x), Some(y)) => (la - x).cmp(&(lb - y)),
            _ if op == Py_EQ => return py_bool(false),
            _ if op == Py_NE => return py_bool(true),
            _ => {
                return fail(
                    Exc::TypeError,
                    "can't compare offset-naive and offset-aware datetimes",
                );
            }
        };
        if ord == std::cmp::Ordering::Equal && (op == Py_EQ || op == Py_NE) {
            // PEP 495: a time whose offset depends on its fold is never
            // equal to one in another zone.
            match (pep495_exception(a, oa), pep495_exception(b, ob)) {
                (Ok(true), _) | (Ok(false), Ok(true)) => return py_bool(op == Py_NE),
                (Err(()), _) | (_, Err(())) => return ptr::null_mut(),
                _ => {}
            }
        }
        cmp_result(ord, op)
    }
}

/// Whether flipping `dt`'s fold changes its utcoffset from `offset`
/// (CPython's `pep495_eq_exception`, one side).
///
/// # Safety
/// `dt` must be a live datetime.
unsafe fn pep495_exception(dt: *mut PyObject, offset: Option<i128>) -> Result<bool, ()> {
    // SAFETY: per the contract; the flipped copy is released here.
    unsafe {
        let flipped = new_datetime(
            ymd(dt),
            dt_hms(dt),
            tzinfo_of(dt),
            1 - fold_of(dt),
            (*dt).ob_type,
        );
        if flipped.is_null() {
            return Err(());
        }
        let r = utcoffset_us(flipped);
        Py_DecRef(flipped);
        Ok(r? != offset)
    }
}

/// A datetime moved by `us` microseconds, of `a`'s class and tzinfo
/// (CPython's `add_datetime_timedelta`).
///
/// # Safety
/// `a` must be a live datetime.
unsafe fn datetime_plus_us(a: *mut PyObject, us: i128) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let total = local_us(a) + us;
        let (days, rest) = divmod(total, US_PER_DAY);
        if days < 1 || days > i128::from(MAX_ORDINAL) {
            return fail(Exc::OverflowError, "date value out of range");
        }
        let (secs, micros) = divmod(rest, US_PER_SECOND);
        let t = Hms {
            h: (secs / 3600) as i32,
            m: (secs / 60 % 60) as i32,
            s: (secs % 60) as i32,
            us: micros as i32,
        };
        new_datetime_of(ord_to_ymd(days as i64), t, tzinfo_of(a), 0, (*a).ob_type)
    }
}

unsafe extern "C" fn datetime_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if is_instance(a, &DATETIME_TYPE) && is_instance(b, &DELTA_TYPE) {
            return datetime_plus_us(a, delta_us(b));
        }
        if is_instance(b, &DATETIME_TYPE) && is_instance(a, &DELTA_TYPE) {
            return datetime_plus_us(b, delta_us(a));
        }
        not_implemented()
    }
}

unsafe extern "C" fn datetime_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if !is_instance(a, &DATETIME_TYPE) {
            return not_implemented();
        }
        if is_instance(b, &DELTA_TYPE) {
            return datetime_plus_us(a, -delta_us(b));
        }
        if !is_instance(b, &DATETIME_TYPE) {
            return not_implemented();
        }
        let mut diff = local_us(a) - local_us(b);
        if tzinfo_of(a) != tzinfo_of(b) {
            let (Ok(oa), Ok(ob)) = (utcoffset_us(a), utcoffset_us(b)) else {
                return ptr::null_mut();
            };
            match (oa, ob) {
                (None, None) => {}
                (Some(x), Some(y)) => diff -= x - y,
                _ => {
                    return fail(
                        Exc::TypeError,
                        "can't subtract offset-naive and offset-aware datetimes",
                    );
                }
            }
        }
        delta_from_us(diff)
    }
}

unsafe extern "C" fn datetime_date(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    unsafe {
        let (y, m, d) = ymd(op);
        new_date(y, m, d, DATE_TYPE.get())
    }
}

unsafe extern "C" fn datetime_time(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    unsafe { new_time(dt_hms(op), none(), fold_of(op), TIME_TYPE.get()) }
}

unsafe extern "C" fn datetime_timetz(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    unsafe { new_time(dt_hms(op), tzinfo_of(op), fold_of(op), TIME_TYPE.get()) }
}

unsafe extern "C" fn datetime_replace(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live datetime and the call's arguments.
    unsafe {
        let mut date = ymd(op);
        let mut t = dt_hms(op);
        let mut tz = tzinfo_of(op);
        let mut fold: c_int = fold_of(op);
        if !parse_datetime_args(
            args,
            kw,
            c"|iiiiiiiO$i:replace",
            &mut date,
            &mut t,
            &mut tz,
            &mut fold,
        ) {
            return ptr::null_mut();
        }
        new_datetime(date, t, tz, fold, (*op).ob_type)
    }
}

/// The optional `tz` argument of `now` / `astimezone` (`format` is
/// `"|O:name"`): None by default, else a tzinfo. None with the error set.
///
/// # Safety
/// `args` must be a tuple, `kw` NULL or a dict.
unsafe fn parse_tz_arg(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: &CStr,
) -> Option<*mut PyObject> {
    let mut tz = none();
    let mut kws = kwlist([c"tz"]);
    // SAFETY: per the contract; the format names one object slot.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            format.as_ptr(),
            kws.as_mut_ptr(),
            &mut tz as *mut *mut PyObject,
        ) == 0
            || !check_tzinfo(tz)
        {
            return None;
        }
    }
    Some(tz)
}

/// The `cls` datetime at `secs`.`us` since the epoch: naive local time
/// when `tz` is None, else `tz.fromutc()` of the UTC time (CPython's
/// `datetime_from_timet_and_us` then `fromutc`, as `now` and
/// `fromtimestamp` both do).
///
/// # Safety
/// `cls` must be a datetime class, `tz` None or a tzinfo.
unsafe fn datetime_at(cls: *mut PyObject, secs: i64, us: i64, tz: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the UTC datetime is released after.
    unsafe {
        let local = tz == none();
        let r = datetime_from_timet(cls.cast(), local, secs, us, tz);
        if r.is_null() || local {
            return r;
        }
        let converted = PyObject_CallMethod(tz, c"fromutc".as_ptr(), c"O".as_ptr(), r);
        Py_DecRef(r);
        converted
    }
}

/// `datetime.fromtimestamp(timestamp, tz=None)` (a classmethod; also the
/// CAPI's `DateTime_FromTimestamp`).
unsafe extern "C" fn datetime_fromtimestamp(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut ts: *mut PyObject = ptr::null_mut();
    let mut tz = none();
    let mut kws = kwlist([c"timestamp", c"tz"]);
    // SAFETY: a class and the call's arguments.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O|O:fromtimestamp".as_ptr(),
            kws.as_mut_ptr(),
            &mut ts as *mut *mut PyObject,
            &mut tz as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        if !check_tzinfo(tz) {
            return ptr::null_mut();
        }
        let Some((t, us)) = timestamp_parts(ts, true) else {
            return ptr::null_mut();
        };
        datetime_at(cls, t, us, tz)
    }
}

/// `datetime.utcfromtimestamp(timestamp)`: a naive UTC datetime.
unsafe extern "C" fn datetime_utcfromtimestamp(
    cls: *mut PyObject,
    ts: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a class and the call's argument.
    unsafe {
        let Some((t, us)) = timestamp_parts(ts, true) else {
            return ptr::null_mut();
        };
        datetime_from_timet(cls.cast(), false, t, us, none())
    }
}

/// The system clock as whole seconds and microseconds since the epoch,
/// rounded toward the past as CPython's `datetime_best_possible` does.
fn clock_now() -> (i64, i64) {
    let now = std::time::SystemTime::now();
    let (secs, us) = match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, i64::from(d.subsec_micros())),
        Err(e) => {
            // Before 1970: floor the negative duration.
            let d = e.duration();
            let total = -(d.as_micros() as i128) - i128::from(d.subsec_nanos() % 1000 != 0);
            let (s, us) = divmod(total, US_PER_SECOND);
            (s as i64, us as i64)
        }
    };
    (secs, us)
}

/// `datetime.now(tz=None)`: local time, or `tz.fromutc()` of UTC.
unsafe extern "C" fn datetime_now(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a class and the call's arguments.
    unsafe {
        let Some(tz) = parse_tz_arg(args, kw, c"|O:now") else {
            return ptr::null_mut();
        };
        let (secs, us) = clock_now();
        datetime_at(cls, secs, us, tz)
    }
}

/// `datetime.utcnow()`: a naive UTC datetime.
unsafe extern "C" fn datetime_utcnow(cls: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let (secs, us) = clock_now();
    // SAFETY: a class.
    unsafe { datetime_from_timet(cls.cast(), false, secs, us, none()) }
}

/// `date.today()` (and `datetime.today()`): `cls.fromtimestamp(time.time())`.
unsafe extern "C" fn date_today(cls: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let now = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    };
    // SAFETY: a class; the float is released after the call.
    unsafe {
        let t = PyFloat_FromDouble(now);
        if t.is_null() {
            return t;
        }
        let r = PyObject_CallMethod(cls, c"fromtimestamp".as_ptr(), c"O".as_ptr(), t);
        Py_DecRef(t);
        r
    }
}

/// CPython's `local_to_seconds`: the UTC second count (since 0001-01-01)
/// whose local wall time is the given one, choosing by `fold` in a
/// repeated hour and across a gap as CPython does.
fn local_to_seconds(date: (i32, i32, i32), t: Hms, fold: i32) -> Option<i64> {
    const MAX_FOLD_SECONDS: i64 = 24 * 3600;
    let t = utc_to_seconds(date, t.h, t.m, t.s)?;
    let a = local_seconds(t)? - t;
    let u1 = t - a;
    let t1 = local_seconds(u1)?;
    let b;
    if t1 == t {
        let u2 = if fold != 0 {
            u1 + MAX_FOLD_SECONDS
        } else {
            u1 - MAX_FOLD_SECONDS
        };
        b = local_seconds(u2)? - u2;
        if a == b {
            return Some(u1);
        }
    } else {
        b = t1 - u1;
    }
    let u2 = t - b;
    if local_seconds(u2)? == t {
        return Some(u2);
    }
    if t1 == t {
        return Some(u1);
    }
    // In a gap: neither offset gives back the wall time.
    Some(if fold != 0 { u1.min(u2) } else { u1.max(u2) })
}

/// `datetime.timestamp()`: POSIX seconds as a float; a naive datetime is
/// local time.
unsafe extern "C" fn datetime_timestamp(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live datetime.
    unsafe {
        if tzinfo_of(op) != none() {
            let off = match utcoffset_us(op) {
                Err(()) => return ptr::null_mut(),
                Ok(off) => off,
            };
            let Some(off) = off else {
                // CPython subtracts the aware epoch: a None offset is the
                // naive/aware mismatch.
                return fail(
                    Exc::TypeError,
                    "can't subtract offset-naive and offset-aware datetimes",
                );
            };
            let epoch = i128::from(EPOCH_ORDINAL) * US_PER_DAY;
            return true_divide_owned(
                long_from_i128(local_us(op) - off - epoch),
                long_from_i128(US_PER_SECOND),
            );
        }
        let t = dt_hms(op);
        let Some(secs) = local_to_seconds(ymd(op), t, fold_of(op)) else {
            return ptr::null_mut();
        };
        PyFloat_FromDouble((secs - EPOCH_ORDINAL * 86_400) as f64 + f64::from(t.us) / 1e6)
    }
}

/// CPython's `local_timezone_from_timestamp`: the local zone at POSIX
/// second `t` as a `timezone` with the C library's offset and name.
fn local_timezone_at(t: i64) -> *mut PyObject {
    let Some(tm) = broken_down(t, true) else {
        return ptr::null_mut();
    };
    let (date, h, mi, s) = tm_fields(&tm);
    // The offset as local wall time minus UTC, which is what tm_gmtoff
    // holds where the C library has it.
    let Some(local) = utc_to_seconds(date, h, mi, s) else {
        return ptr::null_mut();
    };
    let gmtoff = local - (t + EPOCH_ORDINAL * 86_400);
    #[cfg(unix)]
    // SAFETY: the C library's zone abbreviation, NUL-terminated, or NULL.
    let name = unsafe {
        if tm.tm_zone.is_null() {
            ptr::null_mut()
        } else {
            let n = unicode(&CStr::from_ptr(tm.tm_zone).to_string_lossy());
            if n.is_null() {
                return n;
            }
            n
        }
    };
    #[cfg(not(unix))]
    let name: *mut PyObject = ptr::null_mut();
    // SAFETY: the timedelta type; fresh objects released after use.
    unsafe {
        let delta = new_delta(0, gmtoff, 0, DELTA_TYPE.get());
        let r = if delta.is_null() {
            ptr::null_mut()
        } else {
            new_timezone(delta, name)
        };
        for v in [delta, name] {
            if !v.is_null() {
                Py_DecRef(v);
            }
        }
        r
    }
}

/// `datetime.astimezone(tz=None)`: the same instant in `tz` (the local
/// zone when None); a naive datetime is taken as local time.
unsafe extern "C" fn datetime_astimezone(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live datetime and the call's arguments; every object made
    // here is released on every path.
    unsafe {
        let Some(tz) = parse_tz_arg(args, kw, c"|O:astimezone") else {
            return ptr::null_mut();
        };
        let own = tzinfo_of(op);
        let mut offset = None;
        if own != none() {
            // Conversion to the datetime's own zone changes nothing.
            if own == tz {
                return new_ref(op);
            }
            let off = call_offset(own, c"utcoffset", op);
            if off.is_null() {
                return off;
            }
            if off != none() {
                offset = Some(delta_us(off));
            }
            Py_DecRef(off);
        }
        let offset = match offset {
            Some(v) => v,
            None => {
                // Naive (or a zone without an offset): local time.
                let Some(secs) = local_to_seconds(ymd(op), dt_hms(op), fold_of(op)) else {
                    return ptr::null_mut();
                };
                let zone = local_timezone_at(secs - EPOCH_ORDINAL * 86_400);
                if zone.is_null() {
                    return zone;
                }
                if zone == tz {
                    Py_DecRef(zone);
                    return new_ref(op);
                }
                let off = call_offset(zone, c"utcoffset", op);
                Py_DecRef(zone);
                if off.is_null() {
                    return off;
                }
                let v = delta_us(off);
                Py_DecRef(off);
                v
            }
        };
        // The UTC value, then the target zone through its fromutc().
        let total = local_us(op) - offset;
        let (days, rest) = divmod(total, US_PER_DAY);
        if days < 1 || days > i128::from(MAX_ORDINAL) {
            return fail(Exc::OverflowError, "date value out of range");
        }
        let (secs, micros) = divmod(rest, US_PER_SECOND);
        let t = Hms {
            h: (secs / 3600) as i32,
            m: (secs / 60 % 60) as i32,
            s: (secs % 60) as i32,
            us: micros as i32,
        };
        let date = ord_to_ymd(days as i64);
        let target = if tz == none() {
            let utc_dt = new_datetime(date, t, utc(), 0, (*op).ob_type);
            if utc_dt.is_null() {
                return utc_dt;
            }
            let epoch = i128::from(EPOCH_ORDINAL) * US_PER_DAY;
            let secs = divmod(local_us(utc_dt) - epoch, US_PER_SECOND).0;
            Py_DecRef(utc_dt);
            local_timezone_at(secs as i64)
        } else {
            new_ref(tz)
        };
        if target.is_null() {
            return target;
        }
        let moved = new_datetime(date, t, target, 0, (*op).ob_type);
        let r = if moved.is_null() {
            moved
        } else {
            let r = PyObject_CallMethod(target, c"fromutc".as_ptr(), c"O".as_ptr(), moved);
            Py_DecRef(moved);
            r
        };
        Py_DecRef(target);
        r
    }
}

/// `date.ctime()` / `datetime.ctime()`: `'Sun Jun 15 12:30:45 2021'`.
unsafe extern "C" fn date_ctime(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    // SAFETY: a live date or datetime.
    unsafe {
        let (y, m, d) = ymd(op);
        let t = if is_instance(op, &DATETIME_TYPE) {
            dt_hms(op)
        } else {
            Hms {
                h: 0,
                m: 0,
                s: 0,
                us: 0,
            }
        };
        unicode(&format!(
            "{} {} {:2} {:02}:{:02}:{:02} {:04}",
            DAYS[weekday(y, m, d) as usize],
            MONTHS[m as usize - 1],
            d,
            t.h,
            t.m,
            t.s,
            y
        ))
    }
}

/// `datetime.combine(date, time, tzinfo=time.tzinfo)`.
unsafe extern "C" fn datetime_combine(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut date: *mut PyObject = ptr::null_mut();
    let mut time: *mut PyObject = ptr::null_mut();
    let mut tz: *mut PyObject = ptr::null_mut();
    let mut kws = kwlist([c"date", c"time", c"tzinfo"]);
    // SAFETY: a class and the call's arguments; "O!" takes the type then
    // the slot.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O!O!|O:combine".as_ptr(),
            kws.as_mut_ptr(),
            DATE_TYPE.get(),
            &mut date as *mut *mut PyObject,
            TIME_TYPE.get(),
            &mut time as *mut *mut PyObject,
            &mut tz as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        if tz.is_null() {
            tz = tzinfo_of(time);
        }
        new_datetime_of(ymd(date), time_hms(time), tz, fold_of(time), cls.cast())
    }
}

int_getter!(dt_hour, |op| i64::from(dt_hms(op).h));
int_getter!(dt_minute, |op| i64::from(dt_hms(op).m));
int_getter!(dt_second, |op| i64::from(dt_hms(op).s));
int_getter!(dt_microsecond, |op| i64::from(dt_hms(op).us));

static DATETIME_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(datetime_add),
    nb_subtract: Some(datetime_sub),
    ..PyNumberMethods::empty()
};

static DATETIME_GETSET: StaticObject<[PyGetSetDef; 7]> = StaticObject::new([
    PyGetSetDef::getter(c"hour", dt_hour),
    PyGetSetDef::getter(c"minute", dt_minute),
    PyGetSetDef::getter(c"second", dt_second),
    PyGetSetDef::getter(c"microsecond", dt_microsecond),
    PyGetSetDef::getter(c"tzinfo", any_tzinfo),
    PyGetSetDef::getter(c"fold", any_fold),
    PyGetSetDef::zeroed(),
]);

static DATETIME_METHODS: StaticObject<[PyMethodDef; 17]> = StaticObject::new([
    kw_method(c"astimezone", datetime_astimezone, 0),
    kw_method(c"now", datetime_now, METH_CLASS),
    method(c"utcnow", datetime_utcnow, METH_NOARGS | METH_CLASS),
    method(c"timestamp", datetime_timestamp, METH_NOARGS),
    kw_method(c"fromtimestamp", datetime_fromtimestamp, METH_CLASS),
    method(
        c"utcfromtimestamp",
        datetime_utcfromtimestamp,
        METH_O | METH_CLASS,
    ),
    kw_method(c"combine", datetime_combine, METH_CLASS),
    method(c"date", datetime_date, METH_NOARGS),
    method(c"time", datetime_time, METH_NOARGS),
    method(c"timetz", datetime_timetz, METH_NOARGS),
    method(c"utcoffset", any_utcoffset, METH_NOARGS),
    method(c"dst", any_dst, METH_NOARGS),
    method(c"tzname", any_tzname, METH_NOARGS),
    kw_method(c"isoformat", datetime_isoformat, 0),
    kw_method(c"replace", datetime_replace, 0),
    method(
        c"fromisoformat",
        datetime_fromisoformat,
        METH_O | METH_CLASS,
    ),
    PyMethodDef::zeroed(),
]);

/// The `datetime` type, a subclass of `date`.
static DATETIME_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = value_type(
        c"datetime.datetime",
        size_of::<DateTimeObject>(),
        Py_TPFLAGS_BASETYPE,
        tz_dealloc,
        ValueSlots {
            new: datetime_new,
            repr: datetime_repr,
            str: datetime_str,
            hash: datetime_hash,
            richcompare: datetime_richcompare,
            getset: DATETIME_GETSET.get().cast(),
            methods: DATETIME_METHODS.get().cast(),
            doc: c"datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])",
        },
    );
    ty.tp_base = DATE_TYPE.get();
    ty.tp_as_number = &raw const DATETIME_AS_NUMBER as *mut PyNumberMethods;
    ty
});

// ==========================================================================
// tzinfo and timezone
// ==========================================================================

/// The abstract methods of `tzinfo`: CPython's `tzinfo_nogo`.
macro_rules! tzinfo_nogo {
    ($fn:ident, $name:literal) => {
        unsafe extern "C" fn $fn(_: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
            fail(
                Exc::NotImplementedError,
                concat!("a tzinfo subclass must implement ", $name, "()"),
            )
        }
    };
}

tzinfo_nogo!(tzinfo_tzname, "tzname");
tzinfo_nogo!(tzinfo_utcoffset, "utcoffset");
tzinfo_nogo!(tzinfo_dst, "dst");

/// A datetime method's result as a microsecond offset; Err with the
/// error set, Ok(None) for None.
///
/// # Safety
/// `dt` must be a live datetime.
unsafe fn dt_call_offset(dt: *mut PyObject, name: &CStr) -> Result<Option<i128>, ()> {
    // SAFETY: per the contract.
    unsafe {
        let r = call_offset(tzinfo_of(dt), name, dt);
        if r.is_null() {
            return Err(());
        }
        let v = if r == none() { None } else { Some(delta_us(r)) };
        Py_DecRef(r);
        Ok(v)
    }
}

/// `tzinfo.fromutc(dt)`: the default conversion from UTC through
/// `utcoffset()` and `dst()`.
unsafe extern "C" fn tzinfo_fromutc(op: *mut PyObject, dt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live tzinfo and argument.
    unsafe {
        if !is_instance(dt, &DATETIME_TYPE) {
            return fail(Exc::TypeError, "fromutc: argument must be a datetime");
        }
        if tzinfo_of(dt) != op {
            return fail(Exc::ValueError, "fromutc: dt.tzinfo is not self");
        }
        let off = match dt_call_offset(dt, c"utcoffset") {
            Err(()) => return ptr::null_mut(),
            Ok(None) => {
                return fail(
                    Exc::ValueError,
                    "fromutc: non-None utcoffset() result required",
                );
            }
            Ok(Some(v)) => v,
        };
        let dst = match dt_call_offset(dt, c"dst") {
            Err(()) => return ptr::null_mut(),
            Ok(None) => return fail(Exc::ValueError, "fromutc: non-None dst() result required"),
            Ok(Some(v)) => v,
        };
        let moved = datetime_plus_us(dt, off - dst);
        if moved.is_null() {
            return moved;
        }
        let dst = match dt_call_offset(moved, c"dst") {
            Err(()) => {
                Py_DecRef(moved);
                return ptr::null_mut();
            }
            Ok(None) => {
                Py_DecRef(moved);
                return fail(
                    Exc::ValueError,
                    "fromutc: tz.dst() gave inconsistent results; cannot convert",
                );
            }
            Ok(Some(v)) => v,
        };
        let r = datetime_plus_us(moved, dst);
        Py_DecRef(moved);
        r
    }
}

static TZINFO_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    method(c"tzname", tzinfo_tzname, METH_O),
    method(c"utcoffset", tzinfo_utcoffset, METH_O),
    method(c"dst", tzinfo_dst, METH_O),
    method(c"fromutc", tzinfo_fromutc, METH_O),
    PyMethodDef::zeroed(),
]);

/// The abstract `tzinfo` type.
static TZINFO_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"datetime.tzinfo",
        size_of::<PyObject>(),
        Py_TPFLAGS_BASETYPE,
        plain_dealloc,
    );
    ty.tp_new = Some(tzinfo_new);
    ty.tp_methods = TZINFO_METHODS.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_doc = c"Abstract base class for time zone info objects.".as_ptr();
    ty
});

/// `tzinfo()` takes any arguments and ignores them, as `object.__new__`
/// does for a class that overrides `__init__`.
unsafe extern "C" fn tzinfo_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe {
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        alloc(ty, 0)
    }
}

/// `timezone(offset, name=<none>)`.
unsafe extern "C" fn timezone_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let mut offset: *mut PyObject = ptr::null_mut();
    let mut name: *mut PyObject = ptr::null_mut();
    let mut kws = kwlist([c"offset", c"name"]);
    // SAFETY: tp_new's arguments.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O!|U:timezone".as_ptr(),
            kws.as_mut_ptr(),
            DELTA_TYPE.get(),
            &mut offset as *mut *mut PyObject,
            &mut name as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        new_timezone(offset, name)
    }
}

/// The `timezone` fields of `op`.
///
/// # Safety
/// `op` must be a live timezone.
unsafe fn tz_fields(op: *mut PyObject) -> (*mut PyObject, *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let p = op.cast::<TimeZoneObject>();
        ((*p).offset, (*p).name)
    }
}

unsafe extern "C" fn timezone_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timezone.
    unsafe {
        let ty = type_name(op);
        if op == utc() {
            return unicode(&format!("{ty}.utc"));
        }
        let (offset, name) = tz_fields(op);
        let Some(off) = repr_text(offset) else {
            return ptr::null_mut();
        };
        if name.is_null() {
            return unicode(&format!("{ty}({off})"));
        }
        let Some(n) = repr_text(name) else {
            return ptr::null_mut();
        };
        unicode(&format!("{ty}({off}, {n})"))
    }
}

unsafe extern "C" fn timezone_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timezone.
    unsafe {
        let (offset, name) = tz_fields(op);
        if !name.is_null() {
            return new_ref(name);
        }
        let off = delta_us(offset);
        if op == utc() || off == 0 {
            return unicode("UTC");
        }
        unicode(&format!("UTC{}", format_offset(off, ":")))
    }
}

/// CPython's `_timezone_check_argument`: a datetime or None.
///
/// # Safety
/// `dt` must be a live object.
unsafe fn timezone_arg_ok(dt: *mut PyObject, meth: &str) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if dt == none() || is_instance(dt, &DATETIME_TYPE) {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "{meth}(dt) argument must be a datetime instance or None, not {}",
                type_name(dt)
            ),
        );
        false
    }
}

unsafe extern "C" fn timezone_utcoffset(op: *mut PyObject, dt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timezone and argument.
    unsafe {
        if !timezone_arg_ok(dt, "utcoffset") {
            return ptr::null_mut();
        }
        new_ref(tz_fields(op).0)
    }
}

unsafe extern "C" fn timezone_dst(_op: *mut PyObject, dt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument.
    unsafe {
        if !timezone_arg_ok(dt, "dst") {
            return ptr::null_mut();
        }
        new_ref(none())
    }
}

unsafe extern "C" fn timezone_tzname(op: *mut PyObject, dt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timezone and argument.
    unsafe {
        if !timezone_arg_ok(dt, "tzname") {
            return ptr::null_mut();
        }
        timezone_str(op)
    }
}

unsafe extern "C" fn timezone_fromutc(op: *mut PyObject, dt: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live timezone and argument.
    unsafe {
        if !is_instance(dt, &DATETIME_TYPE) {
            return fail(Exc::TypeError, "fromutc: argument must be a datetime");
        }
        if tzinfo_of(dt) != op {
            return fail(Exc::ValueError, "fromutc: dt.tzinfo is not self");
        }
        datetime_plus_us(dt, delta_us(tz_fields(op).0))
    }
}

unsafe extern "C" fn timezone_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live timezone.
    unsafe { delta_hash(tz_fields(op).0) }
}

unsafe extern "C" fn timezone_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        if (op != Py_EQ && op != Py_NE) || !is_instance(b, &TIMEZONE_TYPE) {
            return not_implemented();
        }
        delta_richcompare(tz_fields(a).0, tz_fields(b).0, op)
    }
}

static TIMEZONE_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    method(c"tzname", timezone_tzname, METH_O),
    method(c"utcoffset", timezone_utcoffset, METH_O),
    method(c"dst", timezone_dst, METH_O),
    method(c"fromutc", timezone_fromutc, METH_O),
    PyMethodDef::zeroed(),
]);

/// The `timezone` type: fixed offsets from UTC.
static TIMEZONE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = value_type(
        c"datetime.timezone",
        size_of::<TimeZoneObject>(),
        0,
        timezone_dealloc,
        ValueSlots {
            new: timezone_new,
            repr: timezone_repr,
            str: timezone_str,
            hash: timezone_hash,
            richcompare: timezone_richcompare,
            getset: ptr::null_mut(),
            methods: TIMEZONE_METHODS.get().cast(),
            doc: c"Fixed offset from UTC implementation of tzinfo.",
        },
    );
    ty.tp_base = TZINFO_TYPE.get();
    ty
});

// ==========================================================================
// The C API table
// ==========================================================================

/// `PyDateTime_CAPI`, in CPython's field order.
#[repr(C)]
struct DateTimeCapi {
    date_type: *mut PyTypeObject,
    datetime_type: *mut PyTypeObject,
    time_type: *mut PyTypeObject,
    delta_type: *mut PyTypeObject,
    tzinfo_type: *mut PyTypeObject,
    timezone_utc: *mut PyObject,
    date_from_date: unsafe extern "C" fn(c_int, c_int, c_int, *mut PyTypeObject) -> *mut PyObject,
    datetime_from_date_and_time: unsafe extern "C" fn(
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        *mut PyObject,
        *mut PyTypeObject,
    ) -> *mut PyObject,
    time_from_time: unsafe extern "C" fn(
        c_int,
        c_int,
        c_int,
        c_int,
        *mut PyObject,
        *mut PyTypeObject,
    ) -> *mut PyObject,
    delta_from_delta:
        unsafe extern "C" fn(c_int, c_int, c_int, c_int, *mut PyTypeObject) -> *mut PyObject,
    timezone_from_timezone: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    datetime_from_timestamp:
        unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
    date_from_timestamp: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    datetime_from_date_and_time_and_fold: unsafe extern "C" fn(
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        c_int,
        *mut PyObject,
        c_int,
        *mut PyTypeObject,
    ) -> *mut PyObject,
    time_from_time_and_fold: unsafe extern "C" fn(
        c_int,
        c_int,
        c_int,
        c_int,
        *mut PyObject,
        c_int,
        *mut PyTypeObject,
    ) -> *mut PyObject,
}

unsafe extern "C" fn capi_date(
    y: c_int,
    m: c_int,
    d: c_int,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: C callers pass the date type or a subtype.
    unsafe { new_date(y, m, d, ty) }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn capi_datetime_fold(
    y: c_int,
    mo: c_int,
    d: c_int,
    h: c_int,
    mi: c_int,
    s: c_int,
    us: c_int,
    tz: *mut PyObject,
    fold: c_int,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: C callers pass the datetime type or a subtype and a live tz.
    unsafe { new_datetime((y, mo, d), Hms { h, m: mi, s, us }, tz, fold, ty) }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn capi_datetime(
    y: c_int,
    mo: c_int,
    d: c_int,
    h: c_int,
    mi: c_int,
    s: c_int,
    us: c_int,
    tz: *mut PyObject,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: as capi_datetime_fold.
    unsafe { capi_datetime_fold(y, mo, d, h, mi, s, us, tz, 0, ty) }
}

unsafe extern "C" fn capi_time_fold(
    h: c_int,
    m: c_int,
    s: c_int,
    us: c_int,
    tz: *mut PyObject,
    fold: c_int,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: C callers pass the time type or a subtype and a live tz.
    unsafe { new_time(Hms { h, m, s, us }, tz, fold, ty) }
}

unsafe extern "C" fn capi_time(
    h: c_int,
    m: c_int,
    s: c_int,
    us: c_int,
    tz: *mut PyObject,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: as capi_time_fold.
    unsafe { capi_time_fold(h, m, s, us, tz, 0, ty) }
}

unsafe extern "C" fn capi_delta(
    d: c_int,
    s: c_int,
    us: c_int,
    normalize: c_int,
    ty: *mut PyTypeObject,
) -> *mut PyObject {
    // SAFETY: C callers pass the timedelta type or a subtype. Unnormalised
    // fields are taken as given, as CPython does (the caller vouches).
    unsafe {
        if normalize != 0 {
            new_delta(d.into(), s.into(), us.into(), ty)
        } else {
            new_delta_raw(d.into(), s.into(), us.into(), ty)
        }
    }
}

unsafe extern "C" fn capi_timezone(offset: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: C callers pass live objects (name may be NULL).
    unsafe { new_timezone(offset, name) }
}

static CAPI: StaticObject<DateTimeCapi> = StaticObject::new(DateTimeCapi {
    date_type: DATE_TYPE.get(),
    datetime_type: DATETIME_TYPE.get(),
    time_type: TIME_TYPE.get(),
    delta_type: DELTA_TYPE.get(),
    tzinfo_type: TZINFO_TYPE.get(),
    timezone_utc: ptr::null_mut(),
    date_from_date: capi_date,
    datetime_from_date_and_time: capi_datetime,
    time_from_time: capi_time,
    delta_from_delta: capi_delta,
    timezone_from_timezone: capi_timezone,
    datetime_from_timestamp: datetime_fromtimestamp,
    date_from_timestamp: capi_date_from_timestamp,
    datetime_from_date_and_time_and_fold: capi_datetime_fold,
    time_from_time_and_fold: capi_time_fold,
});

// ==========================================================================
// The module
// ==========================================================================

/// The module once made (a reference held for the process).
static MODULE: super::MadeOnce = super::MadeOnce::new();

/// Sets `name` in a type's dict to `value` (a new reference, consumed).
///
/// # Safety
/// `ty` must be a ready type.
unsafe fn set_class_attr(
    ty: &StaticObject<PyTypeObject>,
    name: &CStr,
    value: *mut PyObject,
) -> bool {
    if value.is_null() {
        return false;
    }
    // SAFETY: a ready type has a dict; the value's reference is released
    // after the dict takes its own.
    unsafe {
        let r = PyDict_SetItemString((*ty.get()).tp_dict, name.as_ptr(), value);
        Py_DecRef(value);
        r == 0
    }
}

/// Readies the types, makes the class constants, the UTC singleton and
/// the capsule, and builds the module. NULL with the error set.
fn make_module() -> *mut PyObject {
    let delta = DELTA_TYPE.get();
    let us = |n: i64| delta_from_us(i128::from(n));
    // SAFETY: the module's own static types, readied before use; every
    // object made here is checked before it is stored.
    unsafe {
        for ty in [
            &DELTA_TYPE,
            &DATE_TYPE,
            &DATETIME_TYPE,
            &TIME_TYPE,
            &TZINFO_TYPE,
            &TIMEZONE_TYPE,
            &ISO_CALENDAR_DATE_TYPE,
        ] {
            if PyType_Ready(ty.get()) < 0 {
                return ptr::null_mut();
            }
        }
        if utc().is_null() {
            let zero = new_delta_raw(0, 0, 0, delta);
            if zero.is_null() {
                return ptr::null_mut();
            }
            let u = create_timezone(zero, ptr::null_mut());
            Py_DecRef(zero);
            if u.is_null() {
                return ptr::null_mut();
            }
            UTC.store(u, Ordering::Release);
            (*CAPI.get()).timezone_utc = u;
        }
        let zero = Hms {
            h: 0,
            m: 0,
            s: 0,
            us: 0,
        };
        let last = Hms {
            h: 23,
            m: 59,
            s: 59,
            us: 999_999,
        };
        let day_min = new_delta_raw(-1, 60, 0, delta);
        let day_max = new_delta_raw(0, 86_340, 0, delta);
        let ok = set_class_attr(&DELTA_TYPE, c"resolution", us(1))
            && set_class_attr(
                &DELTA_TYPE,
                c"min",
                new_delta_raw(-MAX_DELTA_DAYS, 0, 0, delta),
            )
            && set_class_attr(
                &DELTA_TYPE,
                c"max",
                new_delta_raw(MAX_DELTA_DAYS, 86_399, 999_999, delta),
            )
            && set_class_attr(&DATE_TYPE, c"resolution", us(86_400_000_000))
            && set_class_attr(&DATE_TYPE, c"min", new_date(1, 1, 1, DATE_TYPE.get()))
            && set_class_attr(&DATE_TYPE, c"max", new_date(9999, 12, 31, DATE_TYPE.get()))
            && set_class_attr(&TIME_TYPE, c"resolution", us(1))
            && set_class_attr(
                &TIME_TYPE,
                c"min",
                new_time(zero, none(), 0, TIME_TYPE.get()),
            )
            && set_class_attr(
                &TIME_TYPE,
                c"max",
                new_time(last, none(), 0, TIME_TYPE.get()),
            )
            && set_class_attr(&DATETIME_TYPE, c"resolution", us(1))
            && set_class_attr(
                &DATETIME_TYPE,
                c"min",
                new_datetime((1, 1, 1), zero, none(), 0, DATETIME_TYPE.get()),
            )
            && set_class_attr(
                &DATETIME_TYPE,
                c"max",
                new_datetime((9999, 12, 31), last, none(), 0, DATETIME_TYPE.get()),
            )
            && set_class_attr(&TIMEZONE_TYPE, c"utc", new_ref(utc()))
            && !day_min.is_null()
            && !day_max.is_null()
            && set_class_attr(
                &TIMEZONE_TYPE,
                c"min",
                create_timezone(day_min, ptr::null_mut()),
            )
            && set_class_attr(
                &TIMEZONE_TYPE,
                c"max",
                create_timezone(day_max, ptr::null_mut()),
            );
        for d in [day_min, day_max] {
            if !d.is_null() {
                Py_DecRef(d);
            }
        }
        if !ok {
            return ptr::null_mut();
        }
        let m = PyModule_New(c"datetime".as_ptr());
        if m.is_null() {
            return m;
        }
        let capsule = PyCapsule_New(CAPI.get().cast(), c"datetime.datetime_CAPI".as_ptr(), None);
        let types: [(&CStr, *mut PyTypeObject); 6] = [
            (c"date", DATE_TYPE.get()),
            (c"datetime", DATETIME_TYPE.get()),
            (c"time", TIME_TYPE.get()),
            (c"timedelta", delta),
            (c"tzinfo", TZINFO_TYPE.get()),
            (c"timezone", TIMEZONE_TYPE.get()),
        ];
        let mut ok = !capsule.is_null()
            && PyModule_AddIntConstant(m, c"MINYEAR".as_ptr(), MINYEAR.into()) == 0
            && PyModule_AddIntConstant(m, c"MAXYEAR".as_ptr(), MAXYEAR.into()) == 0
            && PyModule_AddObjectRef(m, c"UTC".as_ptr(), utc()) == 0
            && PyModule_AddObjectRef(m, c"datetime_CAPI".as_ptr(), capsule) == 0;
        for (name, ty) in types {
            ok = ok && PyModule_AddObjectRef(m, name.as_ptr(), ty.cast()) == 0;
        }
        if !capsule.is_null() {
            Py_DecRef(capsule);
        }
        if !ok {
            Py_DecRef(m);
            return ptr::null_mut();
        }
        m
    }
}

/// The `datetime` module (a new reference), made on first use; NULL with
/// the error set when making it fails (a later call tries again).
pub(crate) fn module() -> *mut PyObject {
    MODULE.new_ref(make_module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip() {
        for ord in (1..=MAX_ORDINAL).step_by(97) {
            let (y, m, d) = ord_to_ymd(ord);
            assert_eq!(ymd_to_ord(y, m, d), ord);
        }
        assert_eq!(ord_to_ymd(1), (1, 1, 1));
        assert_eq!(ord_to_ymd(MAX_ORDINAL), (9999, 12, 31));
        assert_eq!(ymd_to_ord(1970, 1, 1), EPOCH_ORDINAL);
        assert_eq!(weekday(2024, 2, 29), 3);
    }

    #[test]
    fn floor_divmod() {
        assert_eq!(divmod(-1, 1_000_000), (-1, 999_999));
        assert_eq!(divmod(7, -2), (-4, -1));
        assert_eq!(divmod(-7, -2), (3, -1));
    }

    #[test]
    fn offsets_format() {
        assert_eq!(format_offset(3_600_000_000, ":"), "+01:00");
        assert_eq!(format_offset(-5_400_000_001, ":"), "-01:30:00.000001");
    }
}
