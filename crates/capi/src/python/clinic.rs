//! What CPython's Argument Clinic generates around a built-in method, for
//! the method tables of the built-in types: `PyMethodDef` rows, static
//! `_PyArg_Parser`s, unpacking a fastcall into parameter order, and the
//! converters (`Py_ssize_t`, `int`) with their messages.

use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::longobject::{_PyLong_AsInt, PyLong_AsSsize_t};
use crate::objects::object::Py_DecRef;
use crate::python::errors;
use crate::python::getargs::_PyArg_UnpackKeywords;

/// A NULL-terminated keyword list, shareable between threads.
pub(crate) struct Keywords<const N: usize>(pub [*const c_char; N]);
// SAFETY: pointers to static, immutable C strings.
unsafe impl<const N: usize> Sync for Keywords<N> {}

/// A static `_PyArg_Parser` for `fname` with parameters `keywords` (empty
/// names for positional-only ones).
pub(crate) const fn parser(
    keywords: &'static [*const c_char],
    fname: &'static CStr,
) -> _PyArg_Parser {
    _PyArg_Parser {
        format: ptr::null(),
        keywords: keywords.as_ptr(),
        fname: fname.as_ptr(),
        custom_msg: ptr::null(),
        pos: 0,
        min: 0,
        max: 0,
        kwtuple: ptr::null_mut(),
        next: ptr::null_mut(),
    }
}

/// Declares a static keyword list and, over it, one static
/// `_PyArg_Parser` per function name (methods that take the same
/// parameters share the list):
/// `static_parser!(SPLIT_KW = [c"sep", c"maxsplit"]; SPLIT_PARSER = c"split");`.
/// Positional-only parameters have empty names.
macro_rules! static_parser {
    ($kw:ident = [$($k:literal),* $(,)?]; $($parser:ident = $name:literal),+ $(,)?) => {
        static $kw: $crate::python::clinic::Keywords<{ [$($k),*].len() + 1 }> =
            $crate::python::clinic::Keywords([$($k.as_ptr(),)* ::std::ptr::null()]);
        $(
            static $parser: $crate::ffi::StaticObject<$crate::ffi::_PyArg_Parser> =
                $crate::ffi::StaticObject::new($crate::python::clinic::parser(&$kw.0, $name));
        )+
    };
}
pub(crate) use static_parser;

/// The arguments of a fastcall with keywords, gathered in parameter order
/// (missing optional ones NULL), or None with CPython's `TypeError` set.
/// `minpos`/`maxpos` bound the positional arguments; `minkw` is the number
/// of required keyword-only parameters.
///
/// # Safety
/// `args`/`nargs`/`kwnames` as a fastcall passes them; `parser`'s keyword
/// list has `N` names.
pub(crate) unsafe fn unpack<const N: usize>(
    parser: &StaticObject<_PyArg_Parser>,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
    minpos: c_int,
    maxpos: c_int,
) -> Option<[*mut PyObject; N]> {
    // SAFETY: per the contract, with no keyword dict.
    unsafe {
        unpack_call(
            parser,
            args,
            nargs,
            ptr::null_mut(),
            kwnames,
            minpos,
            maxpos,
        )
    }
}

/// [`unpack`] for either calling convention: a fastcall (`kwnames`) or a
/// tuple call (`args` the tuple's items, `kwargs` its keyword dict), as
/// clinic's `tp_new`/`tp_init` wrappers call `_PyArg_UnpackKeywords`.
///
/// # Safety
/// `args`/`nargs` and `kwargs` (NULL or a live dict) or `kwnames` (NULL or
/// a live tuple) as a call passes them; `parser`'s keyword list has `N`
/// names.
pub(crate) unsafe fn unpack_call<const N: usize>(
    parser: &StaticObject<_PyArg_Parser>,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwargs: *mut PyObject,
    kwnames: *mut PyObject,
    minpos: c_int,
    maxpos: c_int,
) -> Option<[*mut PyObject; N]> {
    let mut buf = [ptr::null_mut(); N];
    // SAFETY: per the contract; `buf` has room for every parameter.
    let got = unsafe {
        _PyArg_UnpackKeywords(
            args,
            nargs,
            kwargs,
            kwnames,
            parser.get(),
            minpos,
            maxpos,
            0,
            buf.as_mut_ptr(),
        )
    };
    if got.is_null() {
        return None;
    }
    if got != args {
        // The keyword path filled `buf`, NULL for parameters not given.
        return Some(buf);
    }
    // The fast path: `args` itself, valid for `nargs` entries.
    let mut out = [ptr::null_mut(); N];
    for (i, slot) in out.iter_mut().enumerate().take(nargs.max(0) as usize) {
        // SAFETY: `i < nargs`.
        *slot = unsafe { *args.add(i) };
    }
    Some(out)
}

/// Positional argument `i` of a fastcall (the caller checked `i < nargs`).
///
/// # Safety
/// `args` valid for more than `i` entries.
pub(crate) unsafe fn arg(args: *const *mut PyObject, i: usize) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { *args.add(i) }
}

/// The one optional argument of a numeric `__round__(ndigits=None)`
/// (positional only, as clinic declares it for `int` and `float`):
/// `Ok(None)` when absent or None, `Ok(Some(ndigits))` (borrowed)
/// otherwise, `Err` with CPython's arity `TypeError` set.
///
/// # Safety
/// `args` valid for `nargs` live entries.
pub(crate) unsafe fn round_ndigits(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> Result<Option<*mut PyObject>, ()> {
    // SAFETY: per the contract.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"__round__".as_ptr(), nargs, 0, 1) == 0 {
            return Err(());
        }
        if nargs == 0 || *args == crate::objects::object::py_none() {
            return Ok(None);
        }
        Ok(Some(*args))
    }
}

/// Clinic's `Py_ssize_t` converter: `__index__`, then
/// `OverflowError("Python int too large to convert to C ssize_t")`.
///
/// # Safety
/// `o` a live object.
pub(crate) unsafe fn ssize_arg(o: *mut PyObject) -> Option<Py_ssize_t> {
    // SAFETY: live per the contract.
    unsafe {
        let i = crate::objects::r#abstract::_PyNumber_Index(o);
        if i.is_null() {
            return None;
        }
        let v = PyLong_AsSsize_t(i);
        Py_DecRef(i);
        if v == -1 && !errors::PyErr_Occurred().is_null() {
            return None;
        }
        Some(v)
    }
}

/// Clinic's `int` converter (`_PyLong_AsInt`), also used by 3.11 for
/// `bool(accept={int})` parameters.
///
/// # Safety
/// `o` a live object.
pub(crate) unsafe fn int_arg(o: *mut PyObject) -> Option<c_int> {
    // SAFETY: live per the contract.
    let v = unsafe { _PyLong_AsInt(o) };
    if v == -1 && !errors::PyErr_Occurred().is_null() {
        return None;
    }
    Some(v)
}

/// `_PyEval_SliceIndexNotNone`: an index-like `start`/`stop`, clamped to
/// `Py_ssize_t`.
///
/// # Safety
/// `o` a live object.
pub(crate) unsafe fn slice_index_arg(o: *mut PyObject) -> Option<Py_ssize_t> {
    let mut v: Py_ssize_t = 0;
    // SAFETY: live per the contract; `v` is ours.
    if unsafe { crate::python::ceval::_PyEval_SliceIndexNotNone(o, &mut v) } == 0 {
        return None;
    }
    Some(v)
}

/// The `start` and `stop` of `seq.index(value, start=0, stop=sys.maxsize,
/// /)` (clinic's `slice_index` converter at positions 1 and 2), as given:
/// their `__index__` may change the sequence, so the caller reads its
/// length afterwards and clamps both with [`clamp_index`].
///
/// Assumes `_PyArg_CheckPositional` has bounded `nargs` to `1..=3`.
///
/// # Safety
/// `args` holds `nargs` live objects.
pub(crate) unsafe fn index_bounds(
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> Option<(Py_ssize_t, Py_ssize_t)> {
    let mut start: Py_ssize_t = 0;
    let mut stop = Py_ssize_t::MAX;
    // SAFETY: positions below `nargs` are live per the contract.
    unsafe {
        if nargs >= 2 {
            start = slice_index_arg(arg(args, 1))?;
        }
        if nargs >= 3 {
            stop = slice_index_arg(arg(args, 2))?;
        }
    }
    Some((start, stop))
}

/// A `start`/`stop` of `index` counted from the end when negative, then
/// clamped to `0..=len`.
pub(crate) fn clamp_index(i: Py_ssize_t, len: Py_ssize_t) -> Py_ssize_t {
    if i < 0 { (i + len).max(0) } else { i.min(len) }
}

/// A method table row.
pub(crate) const fn method(name: &'static CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

/// A method table row with its docstring (CPython's for the built-ins and
/// the standard modules).
pub(crate) const fn method_with_doc(
    name: &'static CStr,
    meth: PyCFunction,
    flags: c_int,
    doc: &'static CStr,
) -> PyMethodDef {
    let mut row = method(name, meth, flags);
    row.ml_doc = doc.as_ptr();
    row
}

/// A `METH_FASTCALL | METH_KEYWORDS` row (plus `extra` flags such as
/// `METH_CLASS`).
pub(crate) const fn fastcall_kw(
    name: &'static CStr,
    meth: _PyCFunctionFastWithKeywords,
    extra: c_int,
) -> PyMethodDef {
    // SAFETY: METH_FASTCALL | METH_KEYWORDS tells the caller the real
    // signature, as C extensions declare such methods.
    let meth = unsafe { std::mem::transmute::<_PyCFunctionFastWithKeywords, PyCFunction>(meth) };
    method(name, meth, METH_FASTCALL | METH_KEYWORDS | extra)
}

/// A `METH_FASTCALL` row (positional arguments only).
pub(crate) const fn fastcall(name: &'static CStr, meth: _PyCFunctionFast) -> PyMethodDef {
    // SAFETY: METH_FASTCALL tells the caller the real signature.
    let meth = unsafe { std::mem::transmute::<_PyCFunctionFast, PyCFunction>(meth) };
    method(name, meth, METH_FASTCALL)
}

/// A `METH_FASTCALL | METH_STATIC` row: a static method (its `self` is
/// NULL).
pub(crate) const fn fastcall_static(name: &'static CStr, meth: _PyCFunctionFast) -> PyMethodDef {
    let mut row = fastcall(name, meth);
    row.ml_flags |= METH_STATIC;
    row
}

/// A read-only `PyGetSetDef` row (an attribute computed by `get`).
pub(crate) const fn getter(name: &'static CStr, get: getter) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    }
}

/// The `__dict__` row of a type whose instances have a dict at
/// `tp_dictoffset`: read and replaced through the generic functions, with
/// no doc (CPython's `PyObject_GenericGetDict` / `PyObject_GenericSetDict`
/// rows in `Modules/` and `Objects/`).
pub(crate) const fn generic_dict() -> PyGetSetDef {
    PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(crate::objects::object::PyObject_GenericGetDict),
        set: Some(crate::objects::object::PyObject_GenericSetDict),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    }
}

/// The row that ends a method table.
pub(crate) const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: ptr::null(),
};
