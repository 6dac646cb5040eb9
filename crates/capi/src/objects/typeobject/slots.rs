//! The slot table (CPython's `slotdefs` in `Objects/typeobject.c`) and
//! `add_operators`: at `PyType_Ready`, every C slot a type defines itself
//! becomes a `wrapper_descriptor` in its dict (`__len__` for `sq_length`,
//! `__add__` and `__radd__` for `nb_add`, …), so that `x.__len__()` and
//! `T.__add__(a, b)` work as in CPython.
//!
//! Each row names the slot by its offset in `PyHeapTypeObject` (suites by
//! their place in the heap type's embedded suites, resolved through the
//! type's own suite pointer, as CPython's `slotptr` does) and says how to
//! call the slot's function from a tuple of arguments (the `wrap_*`
//! functions below, with CPython 3.11's argument errors). Only rows that
//! have a wrapper are listed; the dispatchers that fill a class's slots
//! from its dunders, with the full table, are in `dispatch.rs`.

use std::ffi::{c_int, c_void};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::descrobject::PyDescr_NewWrapper;
use crate::objects::dictobject::{PyDict_Contains, PyDict_SetItem};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_FromSsize_t;
use crate::objects::object::{Owned, PyObject_HashNotImplemented, none, py_none, tp_name, type_of};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size, is_tuple};
use crate::objects::unicodeobject::PyUnicode_FromString;
use crate::python::errors;

// ==========================================================================
// Argument helpers
// ==========================================================================

/// Whether `args` is a tuple of exactly `n` items (CPython's
/// `check_num_args`); false with `TypeError("expected 1 argument, got
/// 0")` or `SystemError` for a non-tuple.
///
/// # Safety
/// `args` must be a live object.
unsafe fn check_num_args(args: *mut PyObject, n: Py_ssize_t) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if !is_tuple(args) {
            errors::raise(
                Exc::SystemError,
                "PyArg_UnpackTuple() argument list is not a tuple",
            );
            return false;
        }
        let got = PyTuple_Size(args);
        if got == n {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "expected {n} argument{}, got {got}",
                if n == 1 { "" } else { "s" }
            ),
        );
        false
    }
}

/// Whether `args` (a tuple) holds exactly `n` items, as CPython's
/// `PyArg_UnpackTuple(args, "", n, n, …)` checks it for the wrappers that
/// use it: false with `TypeError(" expected 2 arguments, got 1")` (the
/// empty function name leaves the leading space).
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn unpack_exact(args: *mut PyObject, n: Py_ssize_t) -> bool {
    // SAFETY: per the contract; the name is NUL-terminated.
    unsafe {
        crate::python::getargs::_PyArg_CheckPositional(c"".as_ptr(), PyTuple_Size(args), n, n) != 0
    }
}

/// The `N` items of `args` once [`check_num_args`] accepts it
/// (borrowed).
///
/// # Safety
/// `args` must be a live object.
unsafe fn exact<const N: usize>(args: *mut PyObject) -> Option<[*mut PyObject; N]> {
    // SAFETY: per the contract; a tuple of `N` items once checked, so
    // every `i < N` is in range.
    unsafe {
        if !check_num_args(args, N as Py_ssize_t) {
            return None;
        }
        Some(std::array::from_fn(|i| {
            PyTuple_GetItem(args, i as Py_ssize_t)
        }))
    }
}

/// The `N` items of `args` once [`unpack_exact`] accepts it (borrowed).
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn unpacked<const N: usize>(args: *mut PyObject) -> Option<[*mut PyObject; N]> {
    // SAFETY: per the contract; `N` items once checked, so every `i < N`
    // is in range.
    unsafe {
        if !unpack_exact(args, N as Py_ssize_t) {
            return None;
        }
        Some(std::array::from_fn(|i| {
            PyTuple_GetItem(args, i as Py_ssize_t)
        }))
    }
}

/// The one or two arguments of `__pow__` and `__get__` (CPython's
/// `PyArg_UnpackTuple(args, "", 1, 2, …)`): the second is NULL when
/// absent.
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn one_or_two(args: *mut PyObject) -> Option<[*mut PyObject; 2]> {
    // SAFETY: per the contract; the name is NUL-terminated.
    unsafe {
        let n = PyTuple_Size(args);
        if crate::python::getargs::_PyArg_CheckPositional(c"".as_ptr(), n, 1, 2) == 0 {
            return None;
        }
        let second = if n == 2 {
            PyTuple_GetItem(args, 1)
        } else {
            ptr::null_mut()
        };
        Some([PyTuple_GetItem(args, 0), second])
    }
}

/// The slot function `wrapped` as the function type `F`.
///
/// # Safety
/// `wrapped` must be a non-NULL function of type `F`, an `extern "C"`
/// function pointer type.
unsafe fn func<F: Copy>(wrapped: *mut c_void) -> F {
    const { assert!(size_of::<F>() == size_of::<*mut c_void>()) };
    // SAFETY: per the contract; the sizes are equal.
    unsafe { std::mem::transmute_copy(&wrapped) }
}

/// -1 with an error set means failure for the int-returning slots.
fn failed(r: isize) -> bool {
    r == -1 && !errors::PyErr_Occurred().is_null()
}

/// An index for the `sq_*` slots: negative ones count from the end when
/// the type has `sq_length` (CPython's `getindex`); -1 with an error set
/// on failure.
///
/// # Safety
/// `slf` and `arg` must be live objects.
unsafe fn getindex(slf: *mut PyObject, arg: *mut PyObject) -> Py_ssize_t {
    // SAFETY: per the contract; the sequence suite is the type's own.
    unsafe {
        let i =
            crate::objects::r#abstract::PyNumber_AsSsize_t(arg, Exc::OverflowError.type_object());
        if failed(i) {
            return -1;
        }
        if i < 0 {
            let sq = (*type_of(slf)).tp_as_sequence;
            if !sq.is_null()
                && let Some(len) = (*sq).sq_length
            {
                let n = len(slf);
                if n < 0 {
                    return -1;
                }
                return i + n;
            }
        }
        i
    }
}

// ==========================================================================
// The wrappers (CPython's wrap_* functions)
// ==========================================================================

/// None for a slot function that returned success, NULL (its error set)
/// when `fail`.
fn none_or_null(fail: bool) -> *mut PyObject {
    if fail { ptr::null_mut() } else { none() }
}

/// One `wrap_*` function: the argument tuple taken by `$take` (`exact`,
/// `unpacked` or `one_or_two`, whose messages differ as CPython's
/// wrappers' do) into `[$arg, …]`, then `$body`, which casts `$wrapped`
/// to the slot's function type.
macro_rules! wrapper {
    ($(#[$doc:meta])* fn $name:ident($slf:ident, $wrapped:ident) = $take:ident [$($arg:ident),*] $body:block) => {
        $(#[$doc])*
        unsafe extern "C" fn $name(
            $slf: *mut PyObject,
            args: *mut PyObject,
            $wrapped: *mut c_void,
        ) -> *mut PyObject {
            // SAFETY: called by a slot wrapper with a live `self` and
            // argument tuple; `wrapped` is the function of the slot its
            // row names, of the type the body casts it to.
            unsafe {
                let Some([$($arg),*]) = $take(args) else {
                    return ptr::null_mut();
                };
                $body
            }
        }
    };
}

wrapper!(fn wrap_lenfunc(slf, wrapped) = exact[] {
    let r = func::<lenfunc>(wrapped)(slf);
    if failed(r) {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(r)
});

wrapper!(fn wrap_inquirypred(slf, wrapped) = exact[] {
    let r = func::<inquiry>(wrapped)(slf);
    if failed(r as isize) {
        return ptr::null_mut();
    }
    bool_from_bool(r != 0)
});

wrapper!(fn wrap_binaryfunc(slf, wrapped) = exact[other] {
    func::<binaryfunc>(wrapped)(slf, other)
});

wrapper!(
    /// The reflected binary operators (`__radd__`): the operands swapped.
    fn wrap_binaryfunc_r(slf, wrapped) = exact[other] {
        func::<binaryfunc>(wrapped)(other, slf)
    }
);

/// The absent third operand of `__pow__` is None.
fn or_none(third: *mut PyObject) -> *mut PyObject {
    if third.is_null() { py_none() } else { third }
}

wrapper!(fn wrap_ternaryfunc(slf, wrapped) = one_or_two[other, third] {
    func::<ternaryfunc>(wrapped)(slf, other, or_none(third))
});

wrapper!(fn wrap_ternaryfunc_r(slf, wrapped) = one_or_two[other, third] {
    func::<ternaryfunc>(wrapped)(other, slf, or_none(third))
});

wrapper!(fn wrap_unaryfunc(slf, wrapped) = exact[] {
    func::<unaryfunc>(wrapped)(slf)
});

wrapper!(
    /// `sq_repeat` and `sq_inplace_repeat`: the count as an index.
    fn wrap_indexargfunc(slf, wrapped) = unpacked[count] {
        let i = crate::objects::r#abstract::PyNumber_AsSsize_t(
            count,
            Exc::OverflowError.type_object(),
        );
        if failed(i) {
            return ptr::null_mut();
        }
        func::<ssizeargfunc>(wrapped)(slf, i)
    }
);

wrapper!(fn wrap_sq_item(slf, wrapped) = exact[key] {
    let i = getindex(slf, key);
    if failed(i) {
        return ptr::null_mut();
    }
    func::<ssizeargfunc>(wrapped)(slf, i)
});

/// `sq_ass_item` with `value` (NULL deletes) at the index `key` names.
///
/// # Safety
/// As the wrappers; `wrapped` an `ssizeobjargproc`.
unsafe fn sq_assign(
    slf: *mut PyObject,
    wrapped: *mut c_void,
    key: *mut PyObject,
    value: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let i = getindex(slf, key);
        if failed(i) {
            return ptr::null_mut();
        }
        none_or_null(failed(
            func::<ssizeobjargproc>(wrapped)(slf, i, value) as isize
        ))
    }
}

wrapper!(fn wrap_sq_setitem(slf, wrapped) = unpacked[key, value] {
    sq_assign(slf, wrapped, key, value)
});

wrapper!(fn wrap_sq_delitem(slf, wrapped) = exact[key] {
    sq_assign(slf, wrapped, key, ptr::null_mut())
});

wrapper!(fn wrap_objobjproc(slf, wrapped) = exact[key] {
    let r = func::<objobjproc>(wrapped)(slf, key);
    if failed(r as isize) {
        return ptr::null_mut();
    }
    bool_from_bool(r != 0)
});

wrapper!(fn wrap_objobjargproc(slf, wrapped) = unpacked[key, value] {
    none_or_null(func::<objobjargproc>(wrapped)(slf, key, value) < 0)
});

wrapper!(fn wrap_delitem(slf, wrapped) = exact[key] {
    none_or_null(func::<objobjargproc>(wrapped)(slf, key, ptr::null_mut()) < 0)
});

/// Refuses `object.__setattr__(x, …)` when `x`'s type overrides
/// `tp_setattro` in C below the wrapper's type (CPython's `hackcheck`):
/// the override must not be bypassed. Raises `TypeError("can't apply this
/// __setattr__ to T object")`.
///
/// # Safety
/// `slf` must be a live object whose type is ready.
unsafe fn hackcheck(slf: *mut PyObject, f: setattrofunc, what: &str) -> bool {
    // SAFETY: per the contract; the MRO holds ready types.
    unsafe {
        let ty = type_of(slf);
        let mro = (*ty).tp_mro;
        if mro.is_null() {
            return true;
        }
        let own = (*ty).tp_setattro.map(|f| f as usize);
        let mut defining = ty;
        for i in (0..PyTuple_Size(mro)).rev() {
            let base = PyTuple_GetItem(mro, i).cast::<PyTypeObject>();
            if (*base).tp_setattro.map(|f| f as usize) == own {
                defining = base;
                break;
            }
        }
        // Without classes in Python every type is C-level: the defining
        // type must use `f` itself, or `f` would bypass its override.
        if (*defining).tp_setattro.map(|g| g as usize) == Some(f as usize) {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "can't apply this {what} to {} object",
                tp_name(ty, usize::MAX)
            ),
        );
        false
    }
}

/// `tp_setattro` with `value` (NULL deletes) after [`hackcheck`] for the
/// method `what`.
///
/// # Safety
/// As the wrappers; `wrapped` a `setattrofunc`.
unsafe fn set_attr(
    slf: *mut PyObject,
    wrapped: *mut c_void,
    what: &str,
    name: *mut PyObject,
    value: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let f = func::<setattrofunc>(wrapped);
        if !hackcheck(slf, f, what) {
            return ptr::null_mut();
        }
        none_or_null(f(slf, name, value) < 0)
    }
}

wrapper!(fn wrap_setattr(slf, wrapped) = unpacked[name, value] {
    set_attr(slf, wrapped, "__setattr__", name, value)
});

wrapper!(fn wrap_delattr(slf, wrapped) = exact[name] {
    set_attr(slf, wrapped, "__delattr__", name, ptr::null_mut())
});

wrapper!(fn wrap_hashfunc(slf, wrapped) = exact[] {
    let h = func::<hashfunc>(wrapped)(slf);
    if failed(h) {
        return ptr::null_mut();
    }
    PyLong_FromSsize_t(h)
});

/// `__call__` (keywords passed through).
unsafe extern "C" fn wrap_call(
    slf: *mut PyObject,
    args: *mut PyObject,
    wrapped: *mut c_void,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called by a slot wrapper for a `ternaryfunc` (`tp_call`).
    unsafe { func::<ternaryfunc>(wrapped)(slf, args, kwds) }
}

/// `__init__` (keywords passed through); returns None.
unsafe extern "C" fn wrap_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    wrapped: *mut c_void,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called by a slot wrapper for an `initproc` slot.
    unsafe { none_or_null(func::<initproc>(wrapped)(slf, args, kwds) < 0) }
}

wrapper!(
    /// `__del__` (`tp_finalize`).
    fn wrap_del(slf, wrapped) = exact[] {
        func::<destructor>(wrapped)(slf);
        none_or_null(!errors::PyErr_Occurred().is_null())
    }
);

macro_rules! richcmp_wrapper {
    ($($name:ident => $op:ident),* $(,)?) => {$(
        wrapper!(
            /// A comparison operator: the one `tp_richcompare` with its
            /// operation.
            fn $name(slf, wrapped) = exact[other] {
                func::<richcmpfunc>(wrapped)(slf, other, $op)
            }
        );
    )*};
}

richcmp_wrapper! {
    richcmp_lt => Py_LT,
    richcmp_le => Py_LE,
    richcmp_eq => Py_EQ,
    richcmp_ne => Py_NE,
    richcmp_gt => Py_GT,
    richcmp_ge => Py_GE,
}

wrapper!(
    /// `__next__`: a NULL result without an error is the end
    /// (`StopIteration`).
    fn wrap_next(slf, wrapped) = exact[] {
        let r = func::<iternextfunc>(wrapped)(slf);
        if r.is_null() && errors::PyErr_Occurred().is_null() {
            errors::PyErr_SetNone(Exc::StopIteration.type_object());
        }
        r
    }
);

wrapper!(
    /// `__get__(instance, owner=None)`: None stands for NULL; both None is
    /// refused with `TypeError("__get__(None, None) is invalid")`.
    fn wrap_descr_get(slf, wrapped) = one_or_two[obj, ty] {
        let obj = if obj == py_none() { ptr::null_mut() } else { obj };
        let ty = if ty == py_none() { ptr::null_mut() } else { ty };
        if obj.is_null() && ty.is_null() {
            return errors::fail_null(Exc::TypeError, "__get__(None, None) is invalid");
        }
        func::<descrgetfunc>(wrapped)(slf, obj, ty)
    }
);

wrapper!(fn wrap_descr_set(slf, wrapped) = unpacked[obj, value] {
    none_or_null(func::<descrsetfunc>(wrapped)(slf, obj, value) < 0)
});

wrapper!(fn wrap_descr_delete(slf, wrapped) = exact[obj] {
    none_or_null(func::<descrsetfunc>(wrapped)(slf, obj, ptr::null_mut()) < 0)
});

// ==========================================================================
// The table
// ==========================================================================

/// One row: `name`, the slot's field path in `PyHeapTypeObject`, the
/// wrapper, the signature and the doc text (as CPython's `TPSLOT`, …).
macro_rules! row {
    ($name:literal, $($field:ident).+, $wrap:expr, $sig:literal, $doc:expr) => {
        row!(@ $name, $($field).+, $wrap, $sig, $doc, 0)
    };
    (@ $name:literal, $($field:ident).+, $wrap:expr, $sig:literal, $doc:expr, $flags:expr) => {
        wrapperbase {
            name: concat!($name, "\0").as_ptr().cast(),
            offset: offset_of!(PyHeapTypeObject, $($field).+) as c_int,
            function: ptr::null_mut(),
            wrapper: Some($wrap),
            doc: concat!($name, $sig, "\n--\n\n", $doc, "\0").as_ptr().cast(),
            flags: $flags,
            name_strobj: ptr::null_mut(),
        }
    };
}

/// A binary number operator (`BINSLOT`).
macro_rules! bin {
    ($name:literal, $field:ident, $op:literal) => {
        row!(
            $name,
            as_number.$field,
            wrap_binaryfunc,
            "($self, value, /)",
            concat!("Return self", $op, "value.")
        )
    };
}

/// A reflected binary number operator (`RBINSLOT`).
macro_rules! rbin {
    ($name:literal, $field:ident, $op:literal) => {
        row!(
            $name,
            as_number.$field,
            wrap_binaryfunc_r,
            "($self, value, /)",
            concat!("Return value", $op, "self.")
        )
    };
}

/// A unary number slot (`UNSLOT`).
macro_rules! unslot {
    ($name:literal, $field:ident, $wrap:expr, $doc:literal) => {
        row!($name, as_number.$field, $wrap, "($self, /)", $doc)
    };
}

/// An in-place number slot (`IBSLOT`).
macro_rules! ibslot {
    ($name:literal, $field:ident, $wrap:expr, $op:literal) => {
        row!(
            $name,
            as_number.$field,
            $wrap,
            "($self, value, /)",
            concat!("Return self", $op, "value.")
        )
    };
}

/// How many rows [`SLOTDEFS`] has.
const N_SLOTDEFS: usize = 86;

/// The `wrapperfunc_kwds` rows, stored as a `wrapperfunc` as CPython does.
const fn kw(f: wrapperfunc_kwds) -> wrapperfunc {
    // SAFETY: only called through `PyWrapperFlag_KEYWORDS` rows, which
    // transmute it back before the call.
    unsafe { std::mem::transmute::<wrapperfunc_kwds, wrapperfunc>(f) }
}

/// CPython 3.11's `slotdefs`, in its order (mapping rows before sequence
/// rows, so `__len__` / `__getitem__` of a type with both come from the
/// mapping suite, and number rows before `sq_concat` / `sq_repeat`), the
/// rows without a wrapper left out.
#[rustfmt::skip]
static SLOTDEFS: StaticObject<[wrapperbase; N_SLOTDEFS]> = StaticObject::new([
    row!("__repr__", ht_type.tp_repr, wrap_unaryfunc, "($self, /)", "Return repr(self)."),
    row!("__hash__", ht_type.tp_hash, wrap_hashfunc, "($self, /)", "Return hash(self)."),
    row!(@ "__call__", ht_type.tp_call, kw(wrap_call), "($self, /, *args, **kwargs)",
        "Call self as a function.", PyWrapperFlag_KEYWORDS),
    row!("__str__", ht_type.tp_str, wrap_unaryfunc, "($self, /)", "Return str(self)."),
    row!("__getattribute__", ht_type.tp_getattro, wrap_binaryfunc, "($self, name, /)",
        "Return getattr(self, name)."),
    row!("__setattr__", ht_type.tp_setattro, wrap_setattr, "($self, name, value, /)",
        "Implement setattr(self, name, value)."),
    row!("__delattr__", ht_type.tp_setattro, wrap_delattr, "($self, name, /)",
        "Implement delattr(self, name)."),
    row!("__lt__", ht_type.tp_richcompare, richcmp_lt, "($self, value, /)", "Return self<value."),
    row!("__le__", ht_type.tp_richcompare, richcmp_le, "($self, value, /)", "Return self<=value."),
    row!("__eq__", ht_type.tp_richcompare, richcmp_eq, "($self, value, /)", "Return self==value."),
    row!("__ne__", ht_type.tp_richcompare, richcmp_ne, "($self, value, /)", "Return self!=value."),
    row!("__gt__", ht_type.tp_richcompare, richcmp_gt, "($self, value, /)", "Return self>value."),
    row!("__ge__", ht_type.tp_richcompare, richcmp_ge, "($self, value, /)", "Return self>=value."),
    row!("__iter__", ht_type.tp_iter, wrap_unaryfunc, "($self, /)", "Implement iter(self)."),
    row!("__next__", ht_type.tp_iternext, wrap_next, "($self, /)", "Implement next(self)."),
    row!("__get__", ht_type.tp_descr_get, wrap_descr_get, "($self, instance, owner=None, /)",
        "Return an attribute of instance, which is of type owner."),
    row!("__set__", ht_type.tp_descr_set, wrap_descr_set, "($self, instance, value, /)",
        "Set an attribute of instance to value."),
    row!("__delete__", ht_type.tp_descr_set, wrap_descr_delete, "($self, instance, /)",
        "Delete an attribute of instance."),
    row!(@ "__init__", ht_type.tp_init, kw(wrap_init), "($self, /, *args, **kwargs)",
        "Initialize self.  See help(type(self)) for accurate signature.", PyWrapperFlag_KEYWORDS),
    // CPython's doc for `__del__` is empty: no signature, `__doc__` None.
    wrapperbase {
        name: c"__del__".as_ptr(),
        offset: offset_of!(PyHeapTypeObject, ht_type.tp_finalize) as c_int,
        function: ptr::null_mut(),
        wrapper: Some(wrap_del),
        doc: c"".as_ptr(),
        flags: 0,
        name_strobj: ptr::null_mut(),
    },
    row!("__await__", as_async.am_await, wrap_unaryfunc, "($self, /)",
        "Return an iterator to be used in await expression."),
    row!("__aiter__", as_async.am_aiter, wrap_unaryfunc, "($self, /)",
        "Return an awaitable, that resolves in asynchronous iterator."),
    row!("__anext__", as_async.am_anext, wrap_unaryfunc, "($self, /)",
        "Return a value or raise StopAsyncIteration."),
    bin!("__add__", nb_add, "+"),
    rbin!("__radd__", nb_add, "+"),
    bin!("__sub__", nb_subtract, "-"),
    rbin!("__rsub__", nb_subtract, "-"),
    bin!("__mul__", nb_multiply, "*"),
    rbin!("__rmul__", nb_multiply, "*"),
    bin!("__mod__", nb_remainder, "%"),
    rbin!("__rmod__", nb_remainder, "%"),
    row!("__divmod__", as_number.nb_divmod, wrap_binaryfunc, "($self, value, /)",
        "Return divmod(self, value)."),
    row!("__rdivmod__", as_number.nb_divmod, wrap_binaryfunc_r, "($self, value, /)",
        "Return divmod(value, self)."),
    row!("__pow__", as_number.nb_power, wrap_ternaryfunc, "($self, value, mod=None, /)",
        "Return pow(self, value, mod)."),
    row!("__rpow__", as_number.nb_power, wrap_ternaryfunc_r, "($self, value, mod=None, /)",
        "Return pow(value, self, mod)."),
    unslot!("__neg__", nb_negative, wrap_unaryfunc, "-self"),
    unslot!("__pos__", nb_positive, wrap_unaryfunc, "+self"),
    unslot!("__abs__", nb_absolute, wrap_unaryfunc, "abs(self)"),
    unslot!("__bool__", nb_bool, wrap_inquirypred, "True if self else False"),
    unslot!("__invert__", nb_invert, wrap_unaryfunc, "~self"),
    bin!("__lshift__", nb_lshift, "<<"),
    rbin!("__rlshift__", nb_lshift, "<<"),
    bin!("__rshift__", nb_rshift, ">>"),
    rbin!("__rrshift__", nb_rshift, ">>"),
    bin!("__and__", nb_and, "&"),
    rbin!("__rand__", nb_and, "&"),
    bin!("__xor__", nb_xor, "^"),
    rbin!("__rxor__", nb_xor, "^"),
    bin!("__or__", nb_or, "|"),
    rbin!("__ror__", nb_or, "|"),
    unslot!("__int__", nb_int, wrap_unaryfunc, "int(self)"),
    unslot!("__float__", nb_float, wrap_unaryfunc, "float(self)"),
    ibslot!("__iadd__", nb_inplace_add, wrap_binaryfunc, "+="),
    ibslot!("__isub__", nb_inplace_subtract, wrap_binaryfunc, "-="),
    ibslot!("__imul__", nb_inplace_multiply, wrap_binaryfunc, "*="),
    ibslot!("__imod__", nb_inplace_remainder, wrap_binaryfunc, "%="),
    ibslot!("__ipow__", nb_inplace_power, wrap_ternaryfunc, "**="),
    ibslot!("__ilshift__", nb_inplace_lshift, wrap_binaryfunc, "<<="),
    ibslot!("__irshift__", nb_inplace_rshift, wrap_binaryfunc, ">>="),
    ibslot!("__iand__", nb_inplace_and, wrap_binaryfunc, "&="),
    ibslot!("__ixor__", nb_inplace_xor, wrap_binaryfunc, "^="),
    ibslot!("__ior__", nb_inplace_or, wrap_binaryfunc, "|="),
    bin!("__floordiv__", nb_floor_divide, "//"),
    rbin!("__rfloordiv__", nb_floor_divide, "//"),
    bin!("__truediv__", nb_true_divide, "/"),
    rbin!("__rtruediv__", nb_true_divide, "/"),
    ibslot!("__ifloordiv__", nb_inplace_floor_divide, wrap_binaryfunc, "//="),
    ibslot!("__itruediv__", nb_inplace_true_divide, wrap_binaryfunc, "/="),
    row!("__index__", as_number.nb_index, wrap_unaryfunc, "($self, /)",
        "Return self converted to an integer, if self is suitable for use as an index into a list."),
    bin!("__matmul__", nb_matrix_multiply, "@"),
    rbin!("__rmatmul__", nb_matrix_multiply, "@"),
    ibslot!("__imatmul__", nb_inplace_matrix_multiply, wrap_binaryfunc, "@="),
    row!("__len__", as_mapping.mp_length, wrap_lenfunc, "($self, /)", "Return len(self)."),
    row!("__getitem__", as_mapping.mp_subscript, wrap_binaryfunc, "($self, key, /)",
        "Return self[key]."),
    row!("__setitem__", as_mapping.mp_ass_subscript, wrap_objobjargproc,
        "($self, key, value, /)", "Set self[key] to value."),
    row!("__delitem__", as_mapping.mp_ass_subscript, wrap_delitem, "($self, key, /)",
        "Delete self[key]."),
    row!("__len__", as_sequence.sq_length, wrap_lenfunc, "($self, /)", "Return len(self)."),
    row!("__add__", as_sequence.sq_concat, wrap_binaryfunc, "($self, value, /)",
        "Return self+value."),
    row!("__mul__", as_sequence.sq_repeat, wrap_indexargfunc, "($self, value, /)",
        "Return self*value."),
    row!("__rmul__", as_sequence.sq_repeat, wrap_indexargfunc, "($self, value, /)",
        "Return value*self."),
    row!("__getitem__", as_sequence.sq_item, wrap_sq_item, "($self, key, /)", "Return self[key]."),
    row!("__setitem__", as_sequence.sq_ass_item, wrap_sq_setitem, "($self, key, value, /)",
        "Set self[key] to value."),
    row!("__delitem__", as_sequence.sq_ass_item, wrap_sq_delitem, "($self, key, /)",
        "Delete self[key]."),
    row!("__contains__", as_sequence.sq_contains, wrap_objobjproc, "($self, key, /)",
        "Return key in self."),
    row!("__iadd__", as_sequence.sq_inplace_concat, wrap_binaryfunc, "($self, value, /)",
        "Implement self+=value."),
    row!("__imul__", as_sequence.sq_inplace_repeat, wrap_indexargfunc, "($self, value, /)",
        "Implement self*=value."),
]);

// ==========================================================================
// add_operators
// ==========================================================================

/// The address of the slot at `offset` of `PyHeapTypeObject` in `ty`: in
/// the type object, or in the suite the type points to (NULL when it has
/// none), as CPython's `slotptr`.
///
/// # Safety
/// `ty` must be a live type object; `offset` a slot offset from the table.
pub(super) unsafe fn slotptr(ty: *mut PyTypeObject, offset: usize) -> *mut *mut c_void {
    // SAFETY: per the contract; a suite pointer of a live type points at a
    // whole suite.
    unsafe {
        let suites: [(usize, *mut c_void); 4] = [
            (
                offset_of!(PyHeapTypeObject, as_sequence),
                (*ty).tp_as_sequence.cast(),
            ),
            (
                offset_of!(PyHeapTypeObject, as_mapping),
                (*ty).tp_as_mapping.cast(),
            ),
            (
                offset_of!(PyHeapTypeObject, as_number),
                (*ty).tp_as_number.cast(),
            ),
            (
                offset_of!(PyHeapTypeObject, as_async),
                (*ty).tp_as_async.cast(),
            ),
        ];
        for (start, suite) in suites {
            if offset >= start {
                if suite.is_null() {
                    return ptr::null_mut();
                }
                return suite.cast::<u8>().add(offset - start).cast();
            }
        }
        ty.cast::<u8>().add(offset).cast()
    }
}

/// Puts a `wrapper_descriptor` of `ty`'s own slot under each dunder of
/// `names` in its dict (replacing what is there), for a type whose slots
/// were set after it was made: a class deriving from it then finds the
/// dunder and takes the slot, as it does a built-in type's. A dunder that
/// names two slots takes the first filled one in table order, as
/// `add_operators` does. -1 with `MemoryError`.
///
/// # Safety
/// `ty` must be a live, ready type.
pub(crate) unsafe fn add_slot_wrappers(ty: *mut PyTypeObject, names: &[&std::ffi::CStr]) -> c_int {
    // SAFETY: per the contract; the rows are static.
    unsafe {
        let table = SLOTDEFS.get().cast::<wrapperbase>();
        let mut done: Vec<&std::ffi::CStr> = Vec::new();
        for row in (0..N_SLOTDEFS).map(|i| table.add(i)) {
            let name = std::ffi::CStr::from_ptr((*row).name);
            if !names.contains(&name) || done.contains(&name) {
                continue;
            }
            let p = slotptr(ty, (*row).offset as usize);
            if p.is_null() || (*p).is_null() {
                continue;
            }
            done.push(name);
            let Some(key) = Owned::new(PyUnicode_FromString((*row).name)) else {
                return -1;
            };
            let Some(d) = Owned::new(PyDescr_NewWrapper(ty, row, *p)) else {
                return -1;
            };
            if PyDict_SetItem((*ty).tp_dict, key.as_ptr(), d.as_ptr()) < 0 {
                return -1;
            }
        }
    }
    0
}

/// Whether the wrapper of `base` (a row of the table, from a wrapper
/// descriptor) is the one the table gives `name` at `offset` (CPython
/// compares `d_base->wrapper` with the slotdef's): a wrapper made for
/// another slot's signature cannot stand in for this one.
///
/// # Safety
/// `base` must be a row of [`SLOTDEFS`].
pub(super) unsafe fn wrapper_matches(
    base: *const wrapperbase,
    name: &std::ffi::CStr,
    offset: usize,
) -> bool {
    let table = SLOTDEFS.get().cast::<wrapperbase>();
    // SAFETY: per the contract; the table rows are static.
    unsafe {
        let theirs = (*base).wrapper.map(|f| f as usize);
        (0..N_SLOTDEFS).map(|i| table.add(i)).any(|row| {
            (*row).offset as usize == offset
                && std::ffi::CStr::from_ptr((*row).name) == name
                && (*row).wrapper.map(|f| f as usize) == theirs
        })
    }
}

/// Whether `f` in the slot at `offset` of a built-in exception type is
/// only its base's, filled in ahead of `PyType_Ready` (which readies the
/// exception types lazily): CPython leaves such slots (`ValueError`'s
/// `tp_str`, `tp_repr`) to inheritance, so the type's dict has no wrapper
/// for them and a class deriving from two exceptions finds the `__str__`
/// of the one that defines it.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn prefilled_inherited(ty: *mut PyTypeObject, offset: usize, f: *mut c_void) -> bool {
    // SAFETY: per the contract; a static type's base is static.
    unsafe {
        let flags = (*ty).tp_flags;
        let repr_or_str = offset == offset_of!(PyHeapTypeObject, ht_type.tp_repr)
            || offset == offset_of!(PyHeapTypeObject, ht_type.tp_str);
        if !repr_or_str
            || flags & Py_TPFLAGS_BASE_EXC_SUBCLASS == 0
            || flags & Py_TPFLAGS_HEAPTYPE != 0
        {
            return false;
        }
        let base = (*ty).tp_base;
        if base.is_null() || (*base).tp_flags & Py_TPFLAGS_BASE_EXC_SUBCLASS == 0 {
            return false;
        }
        let p = slotptr(base, offset);
        !p.is_null() && *p == f
    }
}

/// Adds a `wrapper_descriptor` for every slot `ty` defines itself (before
/// inheritance), unless its dict already has the name; an unhashable
/// type's `tp_hash` (`PyObject_HashNotImplemented`) shows as `__hash__ =
/// None` (CPython's `add_operators`). -1 with `MemoryError`.
///
/// # Safety
/// `ty` must be a live type being readied, with its dict.
pub(super) unsafe fn add_operators(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the table is static and lives as long as
    // the descriptors that point at its rows.
    unsafe {
        let dict = (*ty).tp_dict;
        let table = SLOTDEFS.get().cast::<wrapperbase>();
        for row in (0..N_SLOTDEFS).map(|i| table.add(i)) {
            let p = slotptr(ty, (*row).offset as usize);
            if p.is_null() || (*p).is_null() || prefilled_inherited(ty, (*row).offset as usize, *p)
            {
                continue;
            }
            let Some(name) = Owned::new(PyUnicode_FromString((*row).name)) else {
                return -1;
            };
            match PyDict_Contains(dict, name.as_ptr()) {
                r if r < 0 => return -1,
                1 => continue,
                _ => {}
            }
            let hash_none = PyObject_HashNotImplemented as *const () as *mut c_void;
            let value = if *p == hash_none {
                Owned::borrowed(py_none())
            } else {
                let Some(d) = Owned::new(PyDescr_NewWrapper(ty, row, *p)) else {
                    return -1;
                };
                d
            };
            if PyDict_SetItem(dict, name.as_ptr(), value.as_ptr()) < 0 {
                return -1;
            }
        }
    }
    0
}
