//! Module support (CPython's `Python/modsupport.c`): building values from
//! a format (`Py_BuildValue`, `Py_VaBuildValue` and their `_SizeT` forms,
//! whose variadic C halves are in `modsupport.c` beside this file), and
//! adding objects to extension modules (`PyModule_AddObjectRef` and the
//! other `PyModule_Add*` helpers).

use std::ffi::{CStr, c_char, c_int, c_long, c_longlong, c_ulonglong, c_void};
use std::ptr;

use crate::ffi::*;
use crate::objects::dictobject::PyDict_SetItemString;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_FromLong;
use crate::objects::moduleobject;
use crate::objects::object::Py_DecRef;
use crate::objects::typeobject::PyType_Ready;
use crate::objects::unicodeobject::PyUnicode_FromString;
use crate::python::errors::{self, fail};

/// `PyModule_AddObjectRef(module, name, value)`: sets the attribute `name`
/// to `value` (a new reference is taken; an earlier value of that name is
/// replaced and released). Returns 0.
///
/// Fails (-1) with `TypeError("PyModule_AddObjectRef() first argument must
/// be a module")`, `SystemError` for a NULL `name`, and, for a NULL `value`,
/// keeps the pending error or sets `SystemError("PyModule_AddObjectRef()
/// must be called with an exception raised if value is NULL")`.
///
/// # Safety
/// `module` and `value` must be NULL or live objects; `name` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddObjectRef(
    module: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    if !unsafe { moduleobject::is_module(module) } {
        return fail(
            Exc::TypeError,
            "PyModule_AddObjectRef() first argument must be a module",
        );
    }
    if value.is_null() {
        if errors::PyErr_Occurred().is_null() {
            return fail(
                Exc::SystemError,
                "PyModule_AddObjectRef() must be called with an exception raised if value is NULL",
            );
        }
        return -1;
    }
    if name.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: a live module.
    let dict = unsafe { moduleobject::PyModule_GetDict(module) };
    if dict.is_null() {
        // SAFETY: a live module.
        let mname = unsafe {
            crate::objects::object::c_text(moduleobject::PyModule_GetName(module), usize::MAX)
        };
        errors::PyErr_Clear();
        return fail(
            Exc::SystemError,
            format!("module '{mname}' has no __dict__"),
        );
    }
    // SAFETY: a live dict, a NUL-terminated name and a live value.
    if unsafe { PyDict_SetItemString(dict, name, value) } != 0 {
        return -1;
    }
    0
}

/// `PyModule_AddObject(module, name, value)`: as
/// [`PyModule_AddObjectRef`], but steals the reference to `value` on
/// success only (on failure the caller still owns it). Fails as
/// [`PyModule_AddObjectRef`].
///
/// # Safety
/// As [`PyModule_AddObjectRef`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddObject(
    module: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    let res = unsafe { PyModule_AddObjectRef(module, name, value) };
    if res == 0 {
        // SAFETY: the stolen reference; the module holds its own.
        unsafe { Py_DecRef(value) };
    }
    res
}

/// `PyModule_AddIntConstant(module, name, value)`: adds an `int`. Fails (-1)
/// as [`PyModule_AddObjectRef`] or with `MemoryError`.
///
/// # Safety
/// As [`PyModule_AddObjectRef`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddIntConstant(
    module: *mut PyObject,
    name: *const c_char,
    value: c_long,
) -> c_int {
    // SAFETY: forwarded contract; the int is a new reference.
    unsafe { add_new_reference(module, name, PyLong_FromLong(value)) }
}

/// Adds `obj`, a new reference or NULL (a failed constructor, whose error is
/// set), to `module` and drops the reference.
///
/// # Safety
/// As [`PyModule_AddObjectRef`]; `obj` NULL or a new reference.
unsafe fn add_new_reference(
    module: *mut PyObject,
    name: *const c_char,
    obj: *mut PyObject,
) -> c_int {
    if obj.is_null() {
        return -1;
    }
    // SAFETY: forwarded contract.
    let res = unsafe { PyModule_AddObjectRef(module, name, obj) };
    // SAFETY: `obj` is the new reference handed to us.
    unsafe { Py_DecRef(obj) };
    res
}

/// `PyModule_AddStringConstant(module, name, value)`: adds a `str` decoded
/// from UTF-8. Fails (-1) as [`PyModule_AddObjectRef`], or as
/// `PyUnicode_FromString` (`UnicodeDecodeError`, `SystemError` for NULL).
///
/// # Safety
/// As [`PyModule_AddObjectRef`]; `value` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddStringConstant(
    module: *mut PyObject,
    name: *const c_char,
    value: *const c_char,
) -> c_int {
    // SAFETY: forwarded contract; the str is a new reference.
    unsafe { add_new_reference(module, name, PyUnicode_FromString(value)) }
}

/// `PyModule_AddType(module, type)`: readies `type` and adds it under the
/// last dotted component of its `tp_name` (`"imageops.Image"` → `Image`).
///
/// Fails (-1) with `SystemError` for a NULL type, or as
/// [`PyModule_AddObjectRef`].
///
/// # Safety
/// `module` must be NULL or a live object; `ty` NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddType(module: *mut PyObject, ty: *mut PyTypeObject) -> c_int {
    // SAFETY: forwarded contract.
    if unsafe { PyType_Ready(ty) } < 0 {
        return -1;
    }
    // SAFETY: a live type object.
    let full = unsafe { (*ty).tp_name };
    if full.is_null() {
        return fail(Exc::SystemError, "PyModule_AddType: the type has no name");
    }
    // SAFETY: NUL-terminated.
    let bytes = unsafe { CStr::from_ptr(full) }.to_bytes();
    let start = bytes.iter().rposition(|&b| b == b'.').map_or(0, |i| i + 1);
    // SAFETY: a suffix of a NUL-terminated string is NUL-terminated.
    let short = unsafe { full.add(start) };
    // SAFETY: forwarded contract.
    unsafe { PyModule_AddObjectRef(module, short, ty as *mut PyObject) }
}

// ==========================================================================
// Py_BuildValue
// ==========================================================================

use crate::python::getargs::Format;
use crate::python::object_access as obj;
use crate::python::va::VaList;

/// `_Py_BuildValue_SizeT` and friends: `#` lengths are `Py_ssize_t`.
const BUILD_SIZE_T: c_int = 1;

/// `countformat`: the number of values before `endchar` at this nesting
/// level; -1 with `SystemError("unmatched paren in format")` if the format
/// ends first.
fn count_format(from: &Format, endchar: u8) -> isize {
    let mut f = *from;
    let mut count = 0;
    let mut level = 0;
    while level > 0 || f.peek() != endchar {
        match f.peek() {
            0 => {
                raise_system_error("unmatched paren in format");
                return -1;
            }
            b'(' | b'[' | b'{' => {
                if level == 0 {
                    count += 1;
                }
                level += 1;
            }
            b')' | b']' | b'}' => level -= 1,
            b'#' | b'&' | b',' | b':' | b' ' | b'\t' => {}
            _ => {
                if level == 0 {
                    count += 1;
                }
            }
        }
        f.next();
    }
    count
}

fn raise_system_error(message: &str) {
    errors::raise(Exc::SystemError, message);
}

/// A new reference to `None`.
fn new_none() -> *mut PyObject {
    let none = obj::none();
    // SAFETY: None is a live object.
    unsafe { obj::incref(none) };
    none
}

/// One `Py_BuildValue` run: the va_list and the flags.
struct Build<'v> {
    va: &'v mut VaList,
    flags: c_int,
}

impl Build<'_> {
    /// A `#` length: `Py_ssize_t` with `PY_SSIZE_T_CLEAN`, else an `int`
    /// that is read (to keep the va_list in step) and refused.
    ///
    /// # Safety
    /// The caller passed the length the format promises.
    unsafe fn hash_length(&mut self) -> Option<Py_ssize_t> {
        if self.flags & BUILD_SIZE_T != 0 {
            // SAFETY: forwarded contract.
            Some(unsafe { self.va.ssize() })
        } else {
            // SAFETY: forwarded contract.
            unsafe { self.va.int() };
            raise_system_error("PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
            None
        }
    }

    /// The length a `#` after `u`, `s`, `z`, `U` or `y` gives (the `#`
    /// consumed), -1 (count to the NUL) without one; None with the error
    /// of [`hash_length`](Self::hash_length).
    ///
    /// # Safety
    /// As [`hash_length`](Self::hash_length).
    unsafe fn marked_length(&mut self, f: &mut Format) -> Option<Py_ssize_t> {
        if f.peek() != b'#' {
            return Some(-1);
        }
        f.next();
        // SAFETY: forwarded contract.
        unsafe { self.hash_length() }
    }

    /// `do_ignore`: with an exception set, builds (and drops) the `n`
    /// remaining values so that their arguments -- above all `N`'s stolen
    /// references -- are consumed, then checks the closing character.
    ///
    /// # Safety
    /// The va_list holds what the format promises.
    unsafe fn ignore(&mut self, f: &mut Format, endchar: u8, n: isize) {
        for _ in 0..n {
            let saved = obj::ErrorState::fetch();
            // SAFETY: forwarded contract.
            let w = unsafe { self.value(f) };
            saved.restore();
            // SAFETY: a new reference (or NULL).
            unsafe { obj::decref(w) };
        }
        if f.peek() != endchar {
            raise_system_error("Unmatched paren in format");
            return;
        }
        if endchar != 0 {
            f.next();
        }
    }

    /// `do_mktuple` (also the top level, with `endchar` 0).
    ///
    /// # Safety
    /// As [`Build::ignore`].
    unsafe fn tuple(&mut self, f: &mut Format, endchar: u8, n: isize) -> *mut PyObject {
        if n < 0 {
            return ptr::null_mut();
        }
        let t = obj::tuple_new(n as Py_ssize_t);
        if t.is_null() {
            // SAFETY: forwarded contract.
            unsafe { self.ignore(f, endchar, n) };
            return t;
        }
        for i in 0..n {
            // SAFETY: forwarded contract.
            let w = unsafe { self.value(f) };
            if w.is_null() {
                // SAFETY: forwarded contract; `t` is ours (its unset items
                // are NULL, which the tuple's dealloc skips).
                unsafe {
                    self.ignore(f, endchar, n - i - 1);
                    obj::decref(t);
                }
                return ptr::null_mut();
            }
            // SAFETY: a fresh tuple, slot `i` in range and empty.
            unsafe { obj::tuple_set_item(t, i as Py_ssize_t, w) };
        }
        if f.peek() != endchar {
            // SAFETY: ours.
            unsafe { obj::decref(t) };
            raise_system_error("Unmatched paren in format");
            return ptr::null_mut();
        }
        if endchar != 0 {
            f.next();
        }
        t
    }

    /// `do_mklist`.
    ///
    /// # Safety
    /// As [`Build::ignore`].
    unsafe fn list(&mut self, f: &mut Format, n: isize) -> *mut PyObject {
        if n < 0 {
            return ptr::null_mut();
        }
        let l = obj::list_new(n as Py_ssize_t);
        if l.is_null() {
            // SAFETY: forwarded contract.
            unsafe { self.ignore(f, b']', n) };
            return l;
        }
        for i in 0..n {
            // SAFETY: forwarded contract.
            let w = unsafe { self.value(f) };
            if w.is_null() {
                // SAFETY: forwarded contract; `l` is ours.
                unsafe {
                    self.ignore(f, b']', n - i - 1);
                    obj::decref(l);
                }
                return ptr::null_mut();
            }
            // SAFETY: a fresh list of n slots; `w` is stolen.
            unsafe { obj::list_set_item(l, i as Py_ssize_t, w) };
        }
        if f.peek() != b']' {
            // SAFETY: ours.
            unsafe { obj::decref(l) };
            raise_system_error("Unmatched paren in format");
            return ptr::null_mut();
        }
        f.next();
        l
    }

    /// `do_mkdict`.
    ///
    /// # Safety
    /// As [`Build::ignore`].
    unsafe fn dict(&mut self, f: &mut Format, n: isize) -> *mut PyObject {
        if n < 0 {
            return ptr::null_mut();
        }
        if n % 2 != 0 {
            raise_system_error("Bad dict format");
            // SAFETY: forwarded contract.
            unsafe { self.ignore(f, b'}', n) };
            return ptr::null_mut();
        }
        let d = obj::dict_new();
        if d.is_null() {
            // SAFETY: forwarded contract.
            unsafe { self.ignore(f, b'}', n) };
            return d;
        }
        let mut i = 0;
        while i < n {
            // SAFETY: (block) forwarded contract; `d`, `k`, `v` are ours.
            unsafe {
                let k = self.value(f);
                if k.is_null() {
                    self.ignore(f, b'}', n - i - 1);
                    obj::decref(d);
                    return ptr::null_mut();
                }
                let v = self.value(f);
                if v.is_null() || obj::dict_set_item(d, k, v) < 0 {
                    self.ignore(f, b'}', n - i - 2);
                    obj::decref(k);
                    obj::decref(v);
                    obj::decref(d);
                    return ptr::null_mut();
                }
                obj::decref(k);
                obj::decref(v);
            }
            i += 2;
        }
        if f.peek() != b'}' {
            // SAFETY: ours.
            unsafe { obj::decref(d) };
            raise_system_error("Unmatched paren in format");
            return ptr::null_mut();
        }
        f.next();
        d
    }

    /// `do_mkvalue`: one value (a new reference), or NULL with an
    /// exception.
    ///
    /// # Safety
    /// As [`Build::ignore`].
    unsafe fn value(&mut self, f: &mut Format) -> *mut PyObject {
        loop {
            let c = f.next();
            // SAFETY: (whole match) every pull reads the type the format
            // promises (the caller's contract).
            unsafe {
                return match c {
                    b'(' => {
                        let n = count_format(f, b')');
                        self.tuple(f, b')', n)
                    }
                    b'[' => {
                        let n = count_format(f, b']');
                        self.list(f, n)
                    }
                    b'{' => {
                        let n = count_format(f, b'}');
                        self.dict(f, n)
                    }
                    b'b' | b'B' | b'h' | b'i' => obj::long_from_long(self.va.int() as i64),
                    b'H' => obj::long_from_long(self.va.uint() as i64),
                    b'I' => obj::long_from_unsigned_long(self.va.uint() as u64),
                    // A Py_ssize_t (CPython reads one where it is wider
                    // than long, as on 64-bit Windows), a long, an
                    // unsigned long.
                    b'n' => obj::long_from_long(self.va.ssize() as i64),
                    b'l' => obj::long_from_long(self.va.long() as c_longlong),
                    b'k' => obj::long_from_unsigned_long(self.va.ulong() as c_ulonglong),
                    b'L' => obj::long_from_long_long(self.va.longlong()),
                    b'K' => obj::long_from_unsigned_long_long(self.va.ulonglong()),
                    b'u' => {
                        let w: *const obj::libc_wchar = self.va.ptr();
                        let Some(mut n) = self.marked_length(f) else {
                            return ptr::null_mut();
                        };
                        if w.is_null() {
                            new_none()
                        } else {
                            if n < 0 {
                                n = 0;
                                while *w.add(n as usize) != 0 {
                                    n += 1;
                                }
                            }
                            obj::unicode_from_wide_char(w, n)
                        }
                    }
                    b'f' | b'd' => obj::float_from_double(self.va.double()),
                    b'D' => {
                        let p: *const Py_complex = self.va.ptr();
                        obj::complex_from_c(p.read())
                    }
                    b'c' => {
                        let byte = self.va.int() as c_char;
                        obj::bytes_from_string_and_size(&byte, 1)
                    }
                    b'C' => obj::unicode_from_ordinal(self.va.int()),
                    b's' | b'z' | b'U' | b'y' => {
                        let s: *const c_char = self.va.ptr();
                        let Some(mut n) = self.marked_length(f) else {
                            return ptr::null_mut();
                        };
                        if s.is_null() {
                            new_none()
                        } else {
                            if n < 0 {
                                n = CStr::from_ptr(s).to_bytes().len() as Py_ssize_t;
                            }
                            if c == b'y' {
                                obj::bytes_from_string_and_size(s, n)
                            } else {
                                obj::unicode_from_string_and_size(s, n)
                            }
                        }
                    }
                    b'N' | b'S' | b'O' => {
                        if f.peek() == b'&' {
                            type Make = unsafe extern "C" fn(*mut c_void) -> *mut PyObject;
                            let func: Option<Make> = std::mem::transmute(self.va.ptr::<c_void>());
                            let arg: *mut c_void = self.va.ptr();
                            f.next();
                            match func {
                                Some(func) => func(arg),
                                None => {
                                    raise_system_error("NULL object passed to Py_BuildValue");
                                    ptr::null_mut()
                                }
                            }
                        } else {
                            let v: *mut PyObject = self.va.ptr();
                            if !v.is_null() {
                                if c != b'N' {
                                    obj::incref(v);
                                }
                            } else if errors::PyErr_Occurred().is_null() {
                                // A NULL from a failed constructor passes its
                                // error on; one without an error is a bug.
                                raise_system_error("NULL object passed to Py_BuildValue");
                            }
                            v
                        }
                    }
                    b':' | b',' | b' ' | b'\t' => continue,
                    _ => {
                        raise_system_error("bad format char passed to Py_BuildValue");
                        ptr::null_mut()
                    }
                };
            }
        }
    }
}

/// The Rust side of `Py_BuildValue`, `Py_VaBuildValue` and their `_SizeT`
/// forms (`modsupport.c` passes the `va_list`): `None` for an empty
/// format, the single value for a format of one, else a tuple.
///
/// # Safety
/// `format` NUL-terminated; `va` a started `va_list` holding what the
/// format promises.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_va_build_value(
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> *mut PyObject {
    if format.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: a NUL-terminated format per the contract.
    let mut f = unsafe { Format::new(format) };
    let n = count_format(&f, 0);
    let mut build = Build { va: &mut va, flags };
    match n {
        n if n < 0 => ptr::null_mut(),
        0 => new_none(),
        // SAFETY: forwarded contract.
        1 => unsafe { build.value(&mut f) },
        // SAFETY: forwarded contract.
        n => unsafe { build.tuple(&mut f, 0, n) },
    }
}

/// The Rust side of `_Py_VaBuildStack[_SizeT]`: builds the values of a
/// format into `small_stack` when they fit in `small_len`, else into a new
/// `PyMem_Malloc`ed array; stores their number in `*p_nargs`. Returns the
/// array (new references), or NULL with an exception (`*p_nargs` then 0
/// for an unbalanced format, untouched otherwise, as in CPython).
///
/// # Safety
/// `small_stack` has room for `small_len` pointers; `format`
/// NUL-terminated; `va` a started `va_list` holding what it promises;
/// `p_nargs` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_va_build_stack(
    small_stack: *mut *mut PyObject,
    small_len: Py_ssize_t,
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
    p_nargs: *mut Py_ssize_t,
) -> *mut *mut PyObject {
    if format.is_null() || p_nargs.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a NUL-terminated format per the contract.
    let mut f = unsafe { Format::new(format) };
    let n = count_format(&f, 0);
    if n <= 0 {
        // SAFETY: writable per the contract.
        unsafe { p_nargs.write(0) };
        return if n < 0 { ptr::null_mut() } else { small_stack };
    }
    let stack = if n as Py_ssize_t <= small_len {
        small_stack
    } else {
        let p = obj::mem_malloc(n as usize * std::mem::size_of::<*mut PyObject>())
            .cast::<*mut PyObject>();
        if p.is_null() {
            errors::PyErr_NoMemory();
            return p;
        }
        p
    };
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    let mut build = Build { va: &mut va, flags };
    let release = |built: isize| {
        for i in 0..built {
            // SAFETY: the references built so far.
            unsafe { obj::decref(stack.add(i as usize).read()) };
        }
        if stack != small_stack {
            // SAFETY: our allocation.
            unsafe { obj::mem_free(stack.cast()) };
        }
        ptr::null_mut()
    };
    for i in 0..n {
        // SAFETY: forwarded contract.
        let w = unsafe { build.value(&mut f) };
        if w.is_null() {
            // SAFETY: forwarded contract.
            unsafe { build.ignore(&mut f, 0, n - i - 1) };
            return release(i);
        }
        // SAFETY: `stack` has room for n pointers.
        unsafe { stack.add(i as usize).write(w) };
    }
    if f.peek() != 0 {
        raise_system_error("Unmatched paren in format");
        return release(n);
    }
    // SAFETY: writable per the contract.
    unsafe { p_nargs.write(n as Py_ssize_t) };
    stack
}

// ==========================================================================
// Calling with a format: PyObject_CallFunction, PyObject_CallMethod, ...
// ==========================================================================

/// `null_error`: `SystemError("null argument to internal routine")` unless
/// an exception is already set.
fn null_error() -> *mut PyObject {
    if errors::PyErr_Occurred().is_null() {
        raise_system_error("null argument to internal routine");
    }
    ptr::null_mut()
}

/// `_PyObject_CallFunctionVa`: calls `callable` with the values a
/// `Py_BuildValue` format builds. A single tuple (`"O"` given a tuple, or
/// `"(OOO)"`) is spread into the arguments, as CPython keeps doing for
/// backward compatibility; an empty or NULL format calls with none.
///
/// # Safety
/// `callable` NULL or live; `format` NULL or NUL-terminated; `va` holds
/// what the format promises.
unsafe fn call_function_va(
    callable: *mut PyObject,
    format: *const c_char,
    va: &mut VaList,
    flags: c_int,
) -> *mut PyObject {
    if callable.is_null() {
        return null_error();
    }
    // SAFETY: NULL or NUL-terminated per the contract.
    let empty = format.is_null() || unsafe { *format } == 0;
    let args = if empty {
        obj::tuple_new(0)
    } else {
        // SAFETY: a NUL-terminated format per the contract.
        let mut f = unsafe { Format::new(format) };
        let n = count_format(&f, 0);
        let mut build = Build { va, flags };
        // SAFETY: forwarded contract; a tuple of the n values (or NULL).
        let values = unsafe { build.tuple(&mut f, 0, n) };
        if values.is_null() {
            return values;
        }
        // SAFETY: `values` is our tuple of n items.
        unsafe {
            if n == 1 && obj::tuple_check(*obj::tuple_items(values)) {
                let inner = *obj::tuple_items(values);
                obj::incref(inner);
                obj::decref(values);
                inner
            } else {
                values
            }
        }
    };
    if args.is_null() {
        return args;
    }
    // SAFETY: `callable` live; `args` our tuple.
    unsafe {
        let result = obj::call(callable, args);
        obj::decref(args);
        result
    }
}

/// `callmethod`: the callable found as an attribute must be callable.
///
/// # Safety
/// As [`call_function_va`], with `callable` live.
unsafe fn call_method_va(
    callable: *mut PyObject,
    format: *const c_char,
    va: &mut VaList,
    flags: c_int,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    if !unsafe { obj::callable_check(callable) } {
        // SAFETY: live per the contract.
        let name = unsafe { obj::type_name(callable) };
        errors::raise(
            Exc::TypeError,
            format!(
                "attribute of type '{}' is not callable",
                truncate(&name, 200)
            ),
        );
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    unsafe { call_function_va(callable, format, va, flags) }
}

fn truncate(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The Rust side of `PyObject_CallFunction`, `PyEval_CallFunction` and
/// `_PyObject_CallFunction_SizeT` (`call.c` passes the `va_list`).
///
/// # Safety
/// As [`call_function_va`]; `va` a started `va_list`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_call_function(
    callable: *mut PyObject,
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> *mut PyObject {
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: forwarded contract.
    unsafe { call_function_va(callable, format, &mut va, flags) }
}

/// The Rust side of `PyObject_CallMethod`, `PyEval_CallMethod` and
/// `_PyObject_CallMethod_SizeT`: looks up `name` on `obj` and calls it.
///
/// # Safety
/// `obj` NULL or live; `name` NULL or NUL-terminated; otherwise as
/// [`_Pyb_call_function`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_call_method(
    obj_: *mut PyObject,
    name: *const c_char,
    format: *const c_char,
    va: *mut c_void,
    flags: c_int,
) -> *mut PyObject {
    if obj_.is_null() || name.is_null() {
        return null_error();
    }
    // SAFETY: live and NUL-terminated per the contract.
    let callable = unsafe { obj::get_attr_string(obj_, name) };
    if callable.is_null() {
        return callable;
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: `callable` is our new reference.
    unsafe {
        let result = call_method_va(callable, format, &mut va, flags);
        obj::decref(callable);
        result
    }
}

/// Collects the NULL-terminated `PyObject *` arguments of the `ObjArgs`
/// calls into a new tuple.
///
/// # Safety
/// `va` holds live object pointers up to a NULL.
unsafe fn objargs_tuple(va: &mut VaList) -> *mut PyObject {
    let mut items = Vec::new();
    loop {
        // SAFETY: the caller passed object pointers, then NULL.
        let o: *mut PyObject = unsafe { va.ptr() };
        if o.is_null() {
            break;
        }
        items.push(o);
    }
    let t = obj::tuple_new(items.len() as Py_ssize_t);
    if t.is_null() {
        return t;
    }
    for (i, o) in items.into_iter().enumerate() {
        // SAFETY: live per the contract; a fresh tuple slot.
        unsafe {
            obj::incref(o);
            obj::tuple_set_item(t, i as Py_ssize_t, o);
        }
    }
    t
}

/// The Rust side of `PyObject_CallFunctionObjArgs(callable, ..., NULL)`.
///
/// # Safety
/// `callable` NULL or live; `va` a started `va_list` of live objects ending
/// with NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_call_function_objargs(
    callable: *mut PyObject,
    va: *mut c_void,
) -> *mut PyObject {
    if callable.is_null() {
        return null_error();
    }
    // SAFETY: a started va_list per the contract.
    let mut va = unsafe { VaList::from_raw(va) };
    // SAFETY: forwarded contract.
    unsafe {
        let args = objargs_tuple(&mut va);
        if args.is_null() {
            return args;
        }
        let result = obj::call(callable, args);
        obj::decref(args);
        result
    }
}
