//! Slot dispatchers (CPython's `slot_*` functions, `update_one_slot`,
//! `fixup_slot_dispatchers` and `update_slot`): a class made by
//! `type(name, bases, dict)` gets its C slots from the dunders found
//! along its MRO, so that `repr(x)`, `x == y`, `len(x)`, `x + y`, … call
//! the class's `__repr__`, `__eq__`, `__len__`, `__add__`, … as in
//! CPython. A dunder inherited as a wrapper of a C slot puts that C slot
//! back directly; anything else (a function, a `cyfunction`, an instance
//! method) installs the generic `slot_*` function that looks the dunder
//! up at call time.
//!
//! The table here is CPython 3.11's `slotdefs` in its order, including
//! the rows without a wrapper (`__getattr__`, `__new__`, the old
//! `tp_getattr` / `tp_setattr`) and the sequence rows without a
//! dispatcher (`sq_concat`, `sq_repeat`, …), which only ever take a C
//! slot inherited as it is.

use std::ffi::{CStr, c_int, c_void};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::call::{PyObject_Call, PyObject_CallOneArg, PyObject_Vectorcall};
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    _PyObject_NextNotImplemented, Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr,
    PyObject_HashNotImplemented, PyObject_IsTrue, PyObject_RichCompareBool, not_implemented,
    py_none, py_not_implemented, tp_name, type_of,
};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size, tuple_from_slice};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

use super::{_PyType_Lookup, TP_NEW_METHODDEF, is_subtype, slot_tp_init};

// ==========================================================================
// Method lookup and calls (CPython's lookup_maybe_method, vectorcall_method)
// ==========================================================================

/// A special method found on an object's type: the function and whether
/// it is unbound (a method descriptor, to be called with the object
/// first) or already bound through its `__get__`.
struct Method {
    func: Owned,
    unbound: bool,
}

/// CPython's `lookup_maybe_method`: `name` on `slf`'s type (not the
/// instance), a method descriptor kept unbound, another descriptor bound
/// to `slf`. `Ok(None)` when the type has no such attribute, `Err` when
/// the binding raised.
///
/// # Safety
/// `slf` must be a live object.
unsafe fn lookup_maybe_method(slf: *mut PyObject, name: &str) -> Result<Option<Method>, ()> {
    let key = Owned::new(unicode_from_str(name)).ok_or(())?;
    // SAFETY: live per the contract; the found attribute is referenced
    // before anything can run.
    unsafe {
        let ty = type_of(slf);
        let found = _PyType_Lookup(ty, key.as_ptr());
        if found.is_null() {
            return Ok(None);
        }
        let found = Owned::borrowed(found);
        let fty = type_of(found.as_ptr());
        if (*fty).tp_flags & Py_TPFLAGS_METHOD_DESCRIPTOR != 0 {
            return Ok(Some(Method {
                func: found,
                unbound: true,
            }));
        }
        match (*fty).tp_descr_get {
            None => Ok(Some(Method {
                func: found,
                unbound: false,
            })),
            Some(get) => match Owned::new(get(found.as_ptr(), slf, ty.cast())) {
                Some(func) => Ok(Some(Method {
                    func,
                    unbound: false,
                })),
                None => Err(()),
            },
        }
    }
}

/// Calls a looked-up method with `args` (`args[0]` the object it was
/// looked up on, passed only to an unbound one), as CPython's
/// `vectorcall_unbound`.
///
/// # Safety
/// The arguments must be live.
unsafe fn call_method(m: &Method, args: &[*mut PyObject]) -> *mut PyObject {
    let args = if m.unbound { args } else { &args[1..] };
    // SAFETY: live per the contract; the slice outlives the call.
    unsafe { PyObject_Vectorcall(m.func.as_ptr(), args.as_ptr(), args.len(), ptr::null_mut()) }
}

/// CPython's `vectorcall_method`: calls `name` of `args[0]`'s type with
/// `args`; `AttributeError(name)` when the type has none.
///
/// # Safety
/// The arguments must be live, `args` not empty.
unsafe fn vectorcall_method(name: &str, args: &[*mut PyObject]) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        match lookup_maybe_method(args[0], name) {
            Ok(Some(m)) => call_method(&m, args),
            Ok(None) => errors::fail_null(Exc::AttributeError, name),
            Err(()) => ptr::null_mut(),
        }
    }
}

/// CPython's `vectorcall_maybe`: as [`vectorcall_method`], but a type
/// without the method gives `NotImplemented`.
///
/// # Safety
/// As [`vectorcall_method`].
unsafe fn vectorcall_maybe(name: &str, args: &[*mut PyObject]) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        match lookup_maybe_method(args[0], name) {
            Ok(Some(m)) => call_method(&m, args),
            Ok(None) => not_implemented(),
            Err(()) => ptr::null_mut(),
        }
    }
}

/// A C-int result from an object result: 0, or -1 for NULL (dropping the
/// object).
fn status(res: *mut PyObject) -> c_int {
    match Owned::new(res) {
        Some(_) => 0,
        None => -1,
    }
}

// ==========================================================================
// tp_* dispatchers
// ==========================================================================

/// `repr(x)`: `__repr__`, or `<T object at 0x…>` when the type has none.
unsafe extern "C" fn slot_tp_repr(slf: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe {
        match lookup_maybe_method(slf, "__repr__") {
            Ok(Some(m)) => call_method(&m, &[slf]),
            Ok(None) => unicode_from_str(&format!(
                "<{} object at {slf:p}>",
                tp_name(type_of(slf), usize::MAX)
            )),
            Err(()) => {
                errors::PyErr_Clear();
                unicode_from_str(&format!(
                    "<{} object at {slf:p}>",
                    tp_name(type_of(slf), usize::MAX)
                ))
            }
        }
    }
}

/// `str(x)`: `__str__`.
unsafe extern "C" fn slot_tp_str(slf: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe { vectorcall_method("__str__", &[slf]) }
}

/// `hash(x)`: `__hash__` (None or missing: unhashable), which must return
/// an int; a big int is hashed as an int, -1 becomes -2.
unsafe extern "C" fn slot_tp_hash(slf: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live object.
    unsafe {
        let m = match lookup_maybe_method(slf, "__hash__") {
            Ok(m) => m,
            Err(()) => return -1,
        };
        let Some(m) = m.filter(|m| m.func.as_ptr() != py_none()) else {
            return PyObject_HashNotImplemented(slf);
        };
        let Some(res) = Owned::new(call_method(&m, &[slf])) else {
            return -1;
        };
        if (*type_of(res.as_ptr())).tp_flags & Py_TPFLAGS_LONG_SUBCLASS == 0 {
            return errors::fail(Exc::TypeError, "__hash__ method should return an integer")
                as Py_hash_t;
        }
        let h = crate::objects::longobject::PyLong_AsSsize_t(res.as_ptr());
        if h == -1 && !errors::PyErr_Occurred().is_null() {
            // Too big for a Py_ssize_t: the int's own hash.
            errors::PyErr_Clear();
            return crate::objects::object::PyObject_Hash(res.as_ptr());
        }
        if h == -1 { -2 } else { h }
    }
}

/// `x(*args, **kwargs)`: `__call__`.
unsafe extern "C" fn slot_tp_call(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live object, a tuple and NULL or a dict.
    unsafe {
        let m = match lookup_maybe_method(slf, "__call__") {
            Ok(Some(m)) => m,
            Ok(None) => return errors::fail_null(Exc::AttributeError, "__call__"),
            Err(()) => return ptr::null_mut(),
        };
        if !m.unbound {
            return PyObject_Call(m.func.as_ptr(), args, kwds);
        }
        let Some(full) = Owned::new(prepend(slf, args)) else {
            return ptr::null_mut();
        };
        PyObject_Call(m.func.as_ptr(), full.as_ptr(), kwds)
    }
}

/// `(first, *args)` as a new tuple.
///
/// # Safety
/// `first` must be live, `args` a live tuple.
unsafe fn prepend(first: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let n = PyTuple_Size(args);
        let mut items = Vec::new();
        if items.try_reserve(n as usize + 1).is_err() {
            return errors::PyErr_NoMemory();
        }
        items.push(first);
        for i in 0..n {
            items.push(PyTuple_GetItem(args, i));
        }
        tuple_from_slice(&items)
    }
}

/// `x.name` through `__getattribute__` alone.
unsafe extern "C" fn slot_tp_getattro(slf: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { vectorcall_method("__getattribute__", &[slf, name]) }
}

/// Calls `attr` (found on `slf`'s type, bound through its `__get__` if
/// it has one) with `name` (CPython's `call_attribute`).
///
/// # Safety
/// All live.
unsafe fn call_attribute(
    slf: *mut PyObject,
    attr: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let bound = match (*type_of(attr)).tp_descr_get {
            Some(get) => match Owned::new(get(attr, slf, type_of(slf).cast())) {
                Some(b) => b,
                None => return ptr::null_mut(),
            },
            None => Owned::borrowed(attr),
        };
        PyObject_CallOneArg(bound.as_ptr(), name)
    }
}

/// `x.name` for a class with `__getattr__`: `__getattribute__` (the
/// generic lookup when it is object's), then, on `AttributeError`,
/// `__getattr__`. A class that lost its `__getattr__` goes back to
/// [`slot_tp_getattro`] (CPython's `slot_tp_getattr_hook`).
unsafe extern "C" fn slot_tp_getattr_hook(
    slf: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects; the found attributes are referenced before
    // anything runs.
    unsafe {
        let ty = type_of(slf);
        let Some(getattr_key) = Owned::new(unicode_from_str("__getattr__")) else {
            return ptr::null_mut();
        };
        let getattr = _PyType_Lookup(ty, getattr_key.as_ptr());
        if getattr.is_null() {
            (*ty).tp_getattro = Some(slot_tp_getattro);
            return slot_tp_getattro(slf, name);
        }
        let getattr = Owned::borrowed(getattr);
        let Some(key) = Owned::new(unicode_from_str("__getattribute__")) else {
            return ptr::null_mut();
        };
        let getattribute = _PyType_Lookup(ty, key.as_ptr());
        let generic = getattribute.is_null()
            || (type_of(getattribute) == crate::objects::descrobject::PyWrapperDescr_Type.get()
                && ptr::eq(
                    (*getattribute.cast::<PyWrapperDescrObject>()).d_wrapped,
                    PyObject_GenericGetAttr as *const c_void,
                ));
        let res = if generic {
            crate::objects::object::generic_getattr_with_dict(slf, name, ptr::null_mut(), true)
        } else {
            let getattribute = Owned::borrowed(getattribute);
            call_attribute(slf, getattribute.as_ptr(), name)
        };
        if !res.is_null() {
            return res;
        }
        if !errors::PyErr_Occurred().is_null() {
            if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
                return ptr::null_mut();
            }
            errors::PyErr_Clear();
        }
        call_attribute(slf, getattr.as_ptr(), name)
    }
}

/// `x.name = v` / `del x.name`: `__setattr__` / `__delattr__`.
unsafe extern "C" fn slot_tp_setattro(
    slf: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live objects (value NULL for a delete).
    unsafe {
        if value.is_null() {
            status(vectorcall_method("__delattr__", &[slf, name]))
        } else {
            status(vectorcall_method("__setattr__", &[slf, name, value]))
        }
    }
}

/// The comparison dunders by `Py_LT` … `Py_GE`.
const RICHCMP_NAMES: [&str; 6] = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];

/// `x < y` …: the operator's dunder, `NotImplemented` when the type has
/// none.
unsafe extern "C" fn slot_tp_richcompare(
    slf: *mut PyObject,
    other: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    let Some(name) = usize::try_from(op).ok().and_then(|i| RICHCMP_NAMES.get(i)) else {
        return errors::fail_null(Exc::SystemError, "Invalid comparison operation");
    };
    // SAFETY: live objects.
    unsafe {
        match lookup_maybe_method(slf, name) {
            Ok(Some(m)) => call_method(&m, &[slf, other]),
            Ok(None) => not_implemented(),
            Err(()) => {
                errors::PyErr_Clear();
                not_implemented()
            }
        }
    }
}

/// `iter(x)`: `__iter__` (None: not iterable), else a sequence iterator
/// when the type has `__getitem__`.
unsafe extern "C" fn slot_tp_iter(slf: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe {
        let not_iterable = || {
            errors::fail_null::<PyObject>(
                Exc::TypeError,
                format!("'{}' object is not iterable", tp_name(type_of(slf), 200)),
            )
        };
        match lookup_maybe_method(slf, "__iter__") {
            Ok(Some(m)) if m.func.as_ptr() == py_none() => return not_iterable(),
            Ok(Some(m)) => return call_method(&m, &[slf]),
            Ok(None) => {}
            Err(()) => return ptr::null_mut(),
        }
        match lookup_maybe_method(slf, "__getitem__") {
            Ok(Some(_)) => crate::objects::iterobject::PySeqIter_New(slf),
            Ok(None) => not_iterable(),
            Err(()) => ptr::null_mut(),
        }
    }
}

/// `next(x)`: `__next__`.
unsafe extern "C" fn slot_tp_iternext(slf: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe { vectorcall_method("__next__", &[slf]) }
}

/// A descriptor's `__get__(self, obj or None, type or None)`; a type that
/// lost its `__get__` stops being a descriptor and gives itself.
unsafe extern "C" fn slot_tp_descr_get(
    slf: *mut PyObject,
    obj: *mut PyObject,
    ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects (obj and type may be NULL).
    unsafe {
        let tp = type_of(slf);
        let Some(key) = Owned::new(unicode_from_str("__get__")) else {
            return ptr::null_mut();
        };
        let get = _PyType_Lookup(tp, key.as_ptr());
        if get.is_null() {
            if (*tp).tp_descr_get.map(|f| f as usize)
                == Some(slot_tp_descr_get as *const () as usize)
            {
                (*tp).tp_descr_get = None;
            }
            Py_IncRef(slf);
            return slf;
        }
        let get = Owned::borrowed(get);
        let obj = if obj.is_null() { py_none() } else { obj };
        let ty = if ty.is_null() { py_none() } else { ty };
        let args = [slf, obj, ty];
        PyObject_Vectorcall(get.as_ptr(), args.as_ptr(), 3, ptr::null_mut())
    }
}

/// A descriptor's `__set__` / `__delete__`.
unsafe extern "C" fn slot_tp_descr_set(
    slf: *mut PyObject,
    target: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live objects (value NULL for a delete).
    unsafe {
        if value.is_null() {
            status(vectorcall_method("__delete__", &[slf, target]))
        } else {
            status(vectorcall_method("__set__", &[slf, target, value]))
        }
    }
}

/// `T(*args)`'s allocation: `T.__new__(T, *args, **kwargs)`.
pub(super) unsafe extern "C" fn slot_tp_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live type, a tuple and NULL or a dict.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str("__new__")) else {
            return ptr::null_mut();
        };
        let Some(func) = Owned::new(crate::objects::object::PyObject_GetAttr(
            ty.cast(),
            key.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(full) = Owned::new(prepend(ty.cast(), args)) else {
            return ptr::null_mut();
        };
        PyObject_Call(func.as_ptr(), full.as_ptr(), kwds)
    }
}

/// The finalizer: `__del__`, whose error is reported as unraisable; the
/// pending exception is kept.
unsafe extern "C" fn slot_tp_finalize(slf: *mut PyObject) {
    // SAFETY: a live object being finalized.
    unsafe {
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        match lookup_maybe_method(slf, "__del__") {
            Ok(Some(m)) => {
                let res = call_method(&m, &[slf]);
                if res.is_null() {
                    errors::PyErr_WriteUnraisable(m.func.as_ptr());
                } else {
                    Py_DecRef(res);
                }
            }
            Ok(None) => {}
            Err(()) => errors::PyErr_WriteUnraisable(slf),
        }
        errors::PyErr_Restore(t, v, tb);
    }
}

// ==========================================================================
// Async, number, mapping and sequence dispatchers
// ==========================================================================

/// The `am_*` dispatchers: the dunder, or `AttributeError("object T does
/// not have __await__ method")`.
macro_rules! am_slot {
    ($fn:ident, $dunder:literal) => {
        unsafe extern "C" fn $fn(slf: *mut PyObject) -> *mut PyObject {
            // SAFETY: a live object.
            unsafe {
                match lookup_maybe_method(slf, $dunder) {
                    Ok(Some(m)) => call_method(&m, &[slf]),
                    Ok(None) => errors::fail_null(
                        Exc::AttributeError,
                        format!(
                            concat!("object {} does not have ", $dunder, " method"),
                            tp_name(type_of(slf), 50)
                        ),
                    ),
                    Err(()) => ptr::null_mut(),
                }
            }
        }
    };
}

am_slot!(slot_am_await, "__await__");
am_slot!(slot_am_aiter, "__aiter__");
am_slot!(slot_am_anext, "__anext__");

/// Whether `right`'s type defines `name` differently from `left`'s
/// (CPython's `method_is_overloaded`): 1, 0, or -1 with an error.
///
/// # Safety
/// Both live.
unsafe fn method_is_overloaded(left: *mut PyObject, right: *mut PyObject, name: &str) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str(name)) else {
            return -1;
        };
        let attr = |t: *mut PyTypeObject| -> Result<Option<Owned>, ()> {
            let mut out = ptr::null_mut();
            let r = crate::objects::object::_PyObject_LookupAttr(t.cast(), key.as_ptr(), &mut out);
            if r < 0 {
                return Err(());
            }
            Ok(Owned::new(out))
        };
        let Ok(b) = attr(type_of(right)) else {
            return -1;
        };
        let Some(b) = b else {
            return 0;
        };
        let Ok(a) = attr(type_of(left)) else {
            return -1;
        };
        let Some(a) = a else {
            return 1;
        };
        PyObject_RichCompareBool(a.as_ptr(), b.as_ptr(), Py_NE)
    }
}

/// CPython's `SLOT1BINFULL`: `self OP other` through `__op__` of `self`
/// and `__rop__` of `other`, the reflected one first when `other`'s type
/// is a subtype overriding it. `slot_of` picks the slot from a number
/// suite, to see which operand dispatches to Python.
///
/// # Safety
/// Both live.
unsafe fn binary_dispatch(
    slf: *mut PyObject,
    other: *mut PyObject,
    slot_of: fn(&PyNumberMethods) -> usize,
    this: usize,
    dunder: &str,
    rdunder: &str,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let (st, ot) = (type_of(slf), type_of(other));
        let dispatches = |t: *mut PyTypeObject| {
            !(*t).tp_as_number.is_null() && slot_of(&*(*t).tp_as_number) == this
        };
        let mut do_other = st != ot && dispatches(ot);
        if dispatches(st) {
            if do_other && is_subtype(ot, st) {
                match method_is_overloaded(slf, other, rdunder) {
                    r if r < 0 => return ptr::null_mut(),
                    0 => {}
                    _ => {
                        let r = vectorcall_maybe(rdunder, &[other, slf]);
                        if r != py_not_implemented() {
                            return r;
                        }
                        Py_DecRef(r);
                        do_other = false;
                    }
                }
            }
            let r = vectorcall_maybe(dunder, &[slf, other]);
            if r != py_not_implemented() || ot == st {
                return r;
            }
            Py_DecRef(r);
        }
        if do_other {
            return vectorcall_maybe(rdunder, &[other, slf]);
        }
        not_implemented()
    }
}

/// A binary number dispatcher (`SLOT1BIN`).
macro_rules! bin_slot {
    ($fn:ident, $field:ident, $dunder:literal, $rdunder:literal) => {
        unsafe extern "C" fn $fn(slf: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
            // SAFETY: live operands.
            unsafe {
                binary_dispatch(
                    slf,
                    other,
                    |n| n.$field.map_or(0, |f| f as usize),
                    $fn as *const () as usize,
                    $dunder,
                    $rdunder,
                )
            }
        }
    };
}

bin_slot!(slot_nb_add, nb_add, "__add__", "__radd__");
bin_slot!(slot_nb_subtract, nb_subtract, "__sub__", "__rsub__");
bin_slot!(slot_nb_multiply, nb_multiply, "__mul__", "__rmul__");
bin_slot!(slot_nb_remainder, nb_remainder, "__mod__", "__rmod__");
bin_slot!(slot_nb_divmod, nb_divmod, "__divmod__", "__rdivmod__");
bin_slot!(slot_nb_lshift, nb_lshift, "__lshift__", "__rlshift__");
bin_slot!(slot_nb_rshift, nb_rshift, "__rshift__", "__rrshift__");
bin_slot!(slot_nb_and, nb_and, "__and__", "__rand__");
bin_slot!(slot_nb_xor, nb_xor, "__xor__", "__rxor__");
bin_slot!(slot_nb_or, nb_or, "__or__", "__ror__");
bin_slot!(
    slot_nb_floor_divide,
    nb_floor_divide,
    "__floordiv__",
    "__rfloordiv__"
);
bin_slot!(
    slot_nb_true_divide,
    nb_true_divide,
    "__truediv__",
    "__rtruediv__"
);
bin_slot!(
    slot_nb_matrix_multiply,
    nb_matrix_multiply,
    "__matmul__",
    "__rmatmul__"
);

/// `pow(x, y[, z])`: the binary dispatch without a modulus; with one,
/// only `x`'s `__pow__` (three-argument pow is not reflected).
unsafe extern "C" fn slot_nb_power(
    slf: *mut PyObject,
    other: *mut PyObject,
    modulus: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        let this = slot_nb_power as *const () as usize;
        let power_of = |n: &PyNumberMethods| n.nb_power.map_or(0, |f| f as usize);
        if modulus == py_none() {
            return binary_dispatch(slf, other, power_of, this, "__pow__", "__rpow__");
        }
        let st = type_of(slf);
        if !(*st).tp_as_number.is_null() && power_of(&*(*st).tp_as_number) == this {
            return vectorcall_method("__pow__", &[slf, other, modulus]);
        }
        not_implemented()
    }
}

/// A unary dispatcher (`SLOT0`).
macro_rules! unary_slot {
    ($fn:ident, $dunder:literal) => {
        unsafe extern "C" fn $fn(slf: *mut PyObject) -> *mut PyObject {
            // SAFETY: a live object.
            unsafe { vectorcall_method($dunder, &[slf]) }
        }
    };
}

unary_slot!(slot_nb_negative, "__neg__");
unary_slot!(slot_nb_positive, "__pos__");
unary_slot!(slot_nb_absolute, "__abs__");
unary_slot!(slot_nb_invert, "__invert__");
unary_slot!(slot_nb_int, "__int__");
unary_slot!(slot_nb_float, "__float__");
unary_slot!(slot_nb_index, "__index__");

/// An in-place dispatcher (`SLOT1`).
macro_rules! inplace_slot {
    ($fn:ident, $dunder:literal) => {
        unsafe extern "C" fn $fn(slf: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
            // SAFETY: live operands.
            unsafe { vectorcall_method($dunder, &[slf, other]) }
        }
    };
}

inplace_slot!(slot_nb_inplace_add, "__iadd__");
inplace_slot!(slot_nb_inplace_subtract, "__isub__");
inplace_slot!(slot_nb_inplace_multiply, "__imul__");
inplace_slot!(slot_nb_inplace_remainder, "__imod__");
inplace_slot!(slot_nb_inplace_lshift, "__ilshift__");
inplace_slot!(slot_nb_inplace_rshift, "__irshift__");
inplace_slot!(slot_nb_inplace_and, "__iand__");
inplace_slot!(slot_nb_inplace_xor, "__ixor__");
inplace_slot!(slot_nb_inplace_or, "__ior__");
inplace_slot!(slot_nb_inplace_floor_divide, "__ifloordiv__");
inplace_slot!(slot_nb_inplace_true_divide, "__itruediv__");
inplace_slot!(slot_nb_inplace_matrix_multiply, "__imatmul__");
inplace_slot!(slot_mp_subscript, "__getitem__");

/// `x **= y`: `__ipow__` with the two operands (the modulus is dropped,
/// as in CPython).
unsafe extern "C" fn slot_nb_inplace_power(
    slf: *mut PyObject,
    other: *mut PyObject,
    _modulus: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe { vectorcall_method("__ipow__", &[slf, other]) }
}

/// `bool(x)`: `__bool__` (which must return a bool), else `__len__`,
/// else true.
unsafe extern "C" fn slot_nb_bool(slf: *mut PyObject) -> c_int {
    // SAFETY: a live object.
    unsafe {
        let (m, using_len) = match lookup_maybe_method(slf, "__bool__") {
            Ok(Some(m)) => (m, false),
            Ok(None) => match lookup_maybe_method(slf, "__len__") {
                Ok(Some(m)) => (m, true),
                Ok(None) => return 1,
                Err(()) => return -1,
            },
            Err(()) => return -1,
        };
        let Some(value) = Owned::new(call_method(&m, &[slf])) else {
            return -1;
        };
        if using_len || type_of(value.as_ptr()) == crate::objects::boolobject::PyBool_Type.get() {
            return PyObject_IsTrue(value.as_ptr());
        }
        errors::fail(
            Exc::TypeError,
            format!(
                "__bool__ should return bool, returned {}",
                crate::objects::object::type_name_max(value.as_ptr(), usize::MAX)
            ),
        )
    }
}

/// `len(x)`: `__len__`, an index that must be >= 0 and fit a
/// `Py_ssize_t`.
unsafe extern "C" fn slot_sq_length(slf: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live object.
    unsafe {
        let Some(res) = Owned::new(vectorcall_method("__len__", &[slf])) else {
            return -1;
        };
        let Some(index) = Owned::new(crate::objects::r#abstract::PyNumber_Index(res.as_ptr()))
        else {
            return -1;
        };
        if crate::objects::longobject::_PyLong_Sign(index.as_ptr()) < 0 {
            return errors::fail(Exc::ValueError, "__len__() should return >= 0") as Py_ssize_t;
        }
        crate::objects::r#abstract::PyNumber_AsSsize_t(
            index.as_ptr(),
            Exc::OverflowError.type_object(),
        )
    }
}

/// `x[i]` of the sequence protocol: `__getitem__(i)`.
unsafe extern "C" fn slot_sq_item(slf: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe {
        let Some(index) = Owned::new(crate::objects::longobject::PyLong_FromSsize_t(i)) else {
            return ptr::null_mut();
        };
        vectorcall_method("__getitem__", &[slf, index.as_ptr()])
    }
}

/// `x[i] = v` / `del x[i]` of the sequence protocol.
unsafe extern "C" fn slot_sq_ass_item(
    slf: *mut PyObject,
    i: Py_ssize_t,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live object (value NULL for a delete).
    unsafe {
        let Some(index) = Owned::new(crate::objects::longobject::PyLong_FromSsize_t(i)) else {
            return -1;
        };
        if value.is_null() {
            status(vectorcall_method("__delitem__", &[slf, index.as_ptr()]))
        } else {
            status(vectorcall_method(
                "__setitem__",
                &[slf, index.as_ptr(), value],
            ))
        }
    }
}

/// `v in x`: `__contains__` (None: not a container), else a search by
/// iteration.
unsafe extern "C" fn slot_sq_contains(slf: *mut PyObject, value: *mut PyObject) -> c_int {
    // SAFETY: live objects.
    unsafe {
        match lookup_maybe_method(slf, "__contains__") {
            Ok(Some(m)) if m.func.as_ptr() == py_none() => errors::fail(
                Exc::TypeError,
                format!("'{}' object is not a container", tp_name(type_of(slf), 200)),
            ),
            Ok(Some(m)) => match Owned::new(call_method(&m, &[slf, value])) {
                Some(res) => PyObject_IsTrue(res.as_ptr()),
                None => -1,
            },
            Ok(None) => crate::objects::r#abstract::iter_contains(slf, value),
            Err(()) => -1,
        }
    }
}

/// `x[k] = v` / `del x[k]`.
unsafe extern "C" fn slot_mp_ass_subscript(
    slf: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: live objects (value NULL for a delete).
    unsafe {
        if value.is_null() {
            status(vectorcall_method("__delitem__", &[slf, key]))
        } else {
            status(vectorcall_method("__setitem__", &[slf, key, value]))
        }
    }
}

// ==========================================================================
// The table
// ==========================================================================

/// One row of CPython's `slotdefs`: the dunder, the slot's offset in
/// `PyHeapTypeObject`, and the generic dispatcher (NULL for the rows that
/// only take an inherited C slot).
struct Row {
    name: &'static CStr,
    offset: usize,
    function: *mut c_void,
}

/// A row (`TPSLOT`, `AMSLOT`, …).
macro_rules! row {
    ($name:literal, $($field:ident).+, null) => {
        Row {
            name: $name,
            offset: offset_of!(PyHeapTypeObject, $($field).+),
            function: ptr::null_mut(),
        }
    };
    ($name:literal, $($field:ident).+, $f:expr) => {
        Row {
            name: $name,
            offset: offset_of!(PyHeapTypeObject, $($field).+),
            function: $f as *const () as *mut c_void,
        }
    };
}

/// The rows, grouped by offset as CPython's are (consecutive rows with
/// one offset are updated together).
fn rows() -> &'static [Row] {
    static ROWS: std::sync::OnceLock<RowTable> = std::sync::OnceLock::new();
    &ROWS.get_or_init(build_rows).0
}

/// The table, shareable across threads (its pointers are functions and
/// static strings).
struct RowTable(Vec<Row>);

// SAFETY: the raw pointers are function addresses, never written.
unsafe impl Send for RowTable {}
// SAFETY: as above.
unsafe impl Sync for RowTable {}

#[rustfmt::skip]
fn build_rows() -> RowTable {
    RowTable(vec![
        row!(c"__getattribute__", ht_type.tp_getattr, null),
        row!(c"__getattr__", ht_type.tp_getattr, null),
        row!(c"__setattr__", ht_type.tp_setattr, null),
        row!(c"__delattr__", ht_type.tp_setattr, null),
        row!(c"__repr__", ht_type.tp_repr, slot_tp_repr),
        row!(c"__hash__", ht_type.tp_hash, slot_tp_hash),
        row!(c"__call__", ht_type.tp_call, slot_tp_call),
        row!(c"__str__", ht_type.tp_str, slot_tp_str),
        row!(c"__getattribute__", ht_type.tp_getattro, slot_tp_getattr_hook),
        row!(c"__getattr__", ht_type.tp_getattro, slot_tp_getattr_hook),
        row!(c"__setattr__", ht_type.tp_setattro, slot_tp_setattro),
        row!(c"__delattr__", ht_type.tp_setattro, slot_tp_setattro),
        row!(c"__lt__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__le__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__eq__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__ne__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__gt__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__ge__", ht_type.tp_richcompare, slot_tp_richcompare),
        row!(c"__iter__", ht_type.tp_iter, slot_tp_iter),
        row!(c"__next__", ht_type.tp_iternext, slot_tp_iternext),
        row!(c"__get__", ht_type.tp_descr_get, slot_tp_descr_get),
        row!(c"__set__", ht_type.tp_descr_set, slot_tp_descr_set),
        row!(c"__delete__", ht_type.tp_descr_set, slot_tp_descr_set),
        row!(c"__init__", ht_type.tp_init, slot_tp_init),
        row!(c"__new__", ht_type.tp_new, slot_tp_new),
        row!(c"__del__", ht_type.tp_finalize, slot_tp_finalize),
        row!(c"__await__", as_async.am_await, slot_am_await),
        row!(c"__aiter__", as_async.am_aiter, slot_am_aiter),
        row!(c"__anext__", as_async.am_anext, slot_am_anext),
        row!(c"__add__", as_number.nb_add, slot_nb_add),
        row!(c"__radd__", as_number.nb_add, slot_nb_add),
        row!(c"__sub__", as_number.nb_subtract, slot_nb_subtract),
        row!(c"__rsub__", as_number.nb_subtract, slot_nb_subtract),
        row!(c"__mul__", as_number.nb_multiply, slot_nb_multiply),
        row!(c"__rmul__", as_number.nb_multiply, slot_nb_multiply),
        row!(c"__mod__", as_number.nb_remainder, slot_nb_remainder),
        row!(c"__rmod__", as_number.nb_remainder, slot_nb_remainder),
        row!(c"__divmod__", as_number.nb_divmod, slot_nb_divmod),
        row!(c"__rdivmod__", as_number.nb_divmod, slot_nb_divmod),
        row!(c"__pow__", as_number.nb_power, slot_nb_power),
        row!(c"__rpow__", as_number.nb_power, slot_nb_power),
        row!(c"__neg__", as_number.nb_negative, slot_nb_negative),
        row!(c"__pos__", as_number.nb_positive, slot_nb_positive),
        row!(c"__abs__", as_number.nb_absolute, slot_nb_absolute),
        row!(c"__bool__", as_number.nb_bool, slot_nb_bool),
        row!(c"__invert__", as_number.nb_invert, slot_nb_invert),
        row!(c"__lshift__", as_number.nb_lshift, slot_nb_lshift),
        row!(c"__rlshift__", as_number.nb_lshift, slot_nb_lshift),
        row!(c"__rshift__", as_number.nb_rshift, slot_nb_rshift),
        row!(c"__rrshift__", as_number.nb_rshift, slot_nb_rshift),
        row!(c"__and__", as_number.nb_and, slot_nb_and),
        row!(c"__rand__", as_number.nb_and, slot_nb_and),
        row!(c"__xor__", as_number.nb_xor, slot_nb_xor),
        row!(c"__rxor__", as_number.nb_xor, slot_nb_xor),
        row!(c"__or__", as_number.nb_or, slot_nb_or),
        row!(c"__ror__", as_number.nb_or, slot_nb_or),
        row!(c"__int__", as_number.nb_int, slot_nb_int),
        row!(c"__float__", as_number.nb_float, slot_nb_float),
        row!(c"__iadd__", as_number.nb_inplace_add, slot_nb_inplace_add),
        row!(c"__isub__", as_number.nb_inplace_subtract, slot_nb_inplace_subtract),
        row!(c"__imul__", as_number.nb_inplace_multiply, slot_nb_inplace_multiply),
        row!(c"__imod__", as_number.nb_inplace_remainder, slot_nb_inplace_remainder),
        row!(c"__ipow__", as_number.nb_inplace_power, slot_nb_inplace_power),
        row!(c"__ilshift__", as_number.nb_inplace_lshift, slot_nb_inplace_lshift),
        row!(c"__irshift__", as_number.nb_inplace_rshift, slot_nb_inplace_rshift),
        row!(c"__iand__", as_number.nb_inplace_and, slot_nb_inplace_and),
        row!(c"__ixor__", as_number.nb_inplace_xor, slot_nb_inplace_xor),
        row!(c"__ior__", as_number.nb_inplace_or, slot_nb_inplace_or),
        row!(c"__floordiv__", as_number.nb_floor_divide, slot_nb_floor_divide),
        row!(c"__rfloordiv__", as_number.nb_floor_divide, slot_nb_floor_divide),
        row!(c"__truediv__", as_number.nb_true_divide, slot_nb_true_divide),
        row!(c"__rtruediv__", as_number.nb_true_divide, slot_nb_true_divide),
        row!(c"__ifloordiv__", as_number.nb_inplace_floor_divide, slot_nb_inplace_floor_divide),
        row!(c"__itruediv__", as_number.nb_inplace_true_divide, slot_nb_inplace_true_divide),
        row!(c"__index__", as_number.nb_index, slot_nb_index),
        row!(c"__matmul__", as_number.nb_matrix_multiply, slot_nb_matrix_multiply),
        row!(c"__rmatmul__", as_number.nb_matrix_multiply, slot_nb_matrix_multiply),
        row!(c"__imatmul__", as_number.nb_inplace_matrix_multiply, slot_nb_inplace_matrix_multiply),
        row!(c"__len__", as_mapping.mp_length, slot_sq_length),
        row!(c"__getitem__", as_mapping.mp_subscript, slot_mp_subscript),
        row!(c"__setitem__", as_mapping.mp_ass_subscript, slot_mp_ass_subscript),
        row!(c"__delitem__", as_mapping.mp_ass_subscript, slot_mp_ass_subscript),
        row!(c"__len__", as_sequence.sq_length, slot_sq_length),
        row!(c"__add__", as_sequence.sq_concat, null),
        row!(c"__mul__", as_sequence.sq_repeat, null),
        row!(c"__rmul__", as_sequence.sq_repeat, null),
        row!(c"__getitem__", as_sequence.sq_item, slot_sq_item),
        row!(c"__setitem__", as_sequence.sq_ass_item, slot_sq_ass_item),
        row!(c"__delitem__", as_sequence.sq_ass_item, slot_sq_ass_item),
        row!(c"__contains__", as_sequence.sq_contains, slot_sq_contains),
        row!(c"__iadd__", as_sequence.sq_inplace_concat, null),
        row!(c"__imul__", as_sequence.sq_inplace_repeat, null),
    ])
}

// ==========================================================================
// Updating slots
// ==========================================================================

/// The one slot of `ty` among those named `name` that is filled, or NULL
/// when none or several are (CPython's `resolve_slotdups`): a dunder that
/// names two slots (`__len__`) installs its dispatcher only in the slot
/// the wrapper it replaces came from.
///
/// # Safety
/// `ty` must be a live heap type.
unsafe fn resolve_slotdups(ty: *mut PyTypeObject, name: &CStr) -> *mut *mut c_void {
    let mut res: *mut *mut c_void = ptr::null_mut();
    for row in rows().iter().filter(|r| r.name == name) {
        // SAFETY: per the contract; the offsets are the table's.
        let p = unsafe { super::slots::slotptr(ty, row.offset) };
        // SAFETY: a non-NULL slot pointer points into the live type.
        if p.is_null() || unsafe { (*p).is_null() } {
            continue;
        }
        if !res.is_null() {
            return ptr::null_mut();
        }
        res = p;
    }
    res
}

/// Sets the slot of the rows `group` (one offset) from what their dunders
/// resolve to along `ty`'s MRO (CPython's `update_one_slot`): the C
/// function of a wrapper inherited for that very slot, `tp_new` kept for
/// an inherited `__new__` built-in, `PyObject_HashNotImplemented` for
/// `__hash__ = None`, the generic dispatcher for anything else, NULL when
/// no dunder is found.
///
/// # Safety
/// `ty` must be a live heap type.
unsafe fn update_one_slot(ty: *mut PyTypeObject, group: &[Row]) {
    // SAFETY: per the contract; each descriptor found is borrowed from a
    // dict of the MRO and only read.
    unsafe {
        let offset = group[0].offset;
        let p = super::slots::slotptr(ty, offset);
        if p.is_null() {
            return;
        }
        let (mut generic, mut specific): (*mut c_void, *mut c_void) =
            (ptr::null_mut(), ptr::null_mut());
        let mut use_generic = false;
        for row in group {
            let Some(key) = Owned::new(unicode_from_str(&row.name.to_string_lossy())) else {
                errors::PyErr_Clear();
                return;
            };
            let descr = _PyType_Lookup(ty, key.as_ptr());
            if descr.is_null() {
                if offset == offset_of!(PyHeapTypeObject, ht_type.tp_iternext) {
                    specific = _PyObject_NextNotImplemented as *const () as *mut c_void;
                }
                continue;
            }
            let dty = type_of(descr);
            if dty == crate::objects::descrobject::PyWrapperDescr_Type.get()
                && CStr::from_ptr((*(*descr.cast::<PyWrapperDescrObject>()).d_base).name)
                    == row.name
            {
                let d = descr.cast::<PyWrapperDescrObject>();
                let tptr = resolve_slotdups(ty, row.name);
                if tptr.is_null() || tptr == p {
                    generic = row.function;
                }
                let owner = (*d).d_common.d_type;
                if (specific.is_null() || specific == (*d).d_wrapped)
                    && super::slots::wrapper_matches((*d).d_base, row.name, offset)
                    && is_subtype(ty, owner)
                {
                    specific = (*d).d_wrapped;
                } else {
                    use_generic = true;
                }
            } else if dty == crate::objects::methodobject::PyCFunction_Type.get()
                && (*descr.cast::<PyCFunctionObject>()).m_ml
                    == TP_NEW_METHODDEF.get().cast::<PyMethodDef>()
                && offset == offset_of!(PyHeapTypeObject, ht_type.tp_new)
            {
                specific = (*ty).tp_new.map_or(ptr::null_mut(), |f| f as *mut c_void);
            } else if descr == py_none() && offset == offset_of!(PyHeapTypeObject, ht_type.tp_hash)
            {
                specific = PyObject_HashNotImplemented as *const () as *mut c_void;
            } else {
                use_generic = true;
                generic = row.function;
            }
        }
        *p = if !specific.is_null() && !use_generic {
            specific
        } else {
            generic
        };
    }
}

/// Sets every slot of a new class from its dunders (CPython's
/// `fixup_slot_dispatchers`).
///
/// # Safety
/// `ty` must be a live heap type whose dict holds the class's items.
pub(super) unsafe fn fixup_slot_dispatchers(ty: *mut PyTypeObject) {
    let rows = rows();
    let mut i = 0;
    while i < rows.len() {
        let offset = rows[i].offset;
        let end = rows[i..]
            .iter()
            .position(|r| r.offset != offset)
            .map_or(rows.len(), |n| i + n);
        // SAFETY: per the contract.
        unsafe { update_one_slot(ty, &rows[i..end]) };
        i = end;
    }
}

/// After `T.name = v` or `del T.name` for a dunder of the table, updates
/// the slots it names on `ty` and on every subclass below it that does
/// not define `name` itself (CPython's `update_slot` through
/// `update_subclasses` / `recurse_down_subclasses`).
///
/// # Safety
/// `ty` must be a live heap type.
pub(super) unsafe fn update_slot(ty: *mut PyTypeObject, name: &str) {
    let rows = rows();
    let mut groups: Vec<&[Row]> = Vec::new();
    for row in rows {
        if row.name.to_bytes() != name.as_bytes()
            || groups.iter().any(|g| g[0].offset == row.offset)
        {
            continue;
        }
        let start = rows
            .iter()
            .position(|r| r.offset == row.offset)
            .unwrap_or(0);
        let end = rows[start..]
            .iter()
            .position(|r| r.offset != row.offset)
            .map_or(rows.len(), |n| start + n);
        groups.push(&rows[start..end]);
    }
    if groups.is_empty() {
        return;
    }
    // SAFETY: per the contract.
    unsafe { update_down(ty, name, &groups) };
}

/// Updates `groups` on `ty`, then on each subclass (held while it is
/// visited) whose own dict does not have `name`, recursively.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn update_down(ty: *mut PyTypeObject, name: &str, groups: &[&[Row]]) {
    // SAFETY: per the contract; each subclass is held while updated.
    unsafe {
        for g in groups {
            update_one_slot(ty, g);
        }
        let subs: Vec<Owned> = super::live_subclasses(ty)
            .into_iter()
            .map(|s| Owned::borrowed(s))
            .collect();
        for sub in subs {
            let st = sub.as_ptr().cast::<PyTypeObject>();
            let dict = (*st).tp_dict;
            if !dict.is_null() {
                let found = crate::objects::dictobject::PyDict_GetItemString(
                    dict,
                    std::ffi::CString::new(name).unwrap_or_default().as_ptr(),
                );
                if !found.is_null() {
                    continue;
                }
            }
            update_down(st, name, groups);
        }
    }
}
