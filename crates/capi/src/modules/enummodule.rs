//! The `enum` module (CPython 3.11's `Lib/enum.py`), written natively:
//! the metaclass `EnumType` (alias `EnumMeta`), the bases `Enum`,
//! `ReprEnum`, `IntEnum`, `StrEnum`, `Flag` and `IntFlag`, `auto`,
//! `unique`, and `FlagBoundary` with `STRICT`, `CONFORM`, `EJECT`, `KEEP`.
//!
//! Enum classes are heap types made by `type(name, bases, dict)` whose
//! metatype is then set to `EnumType`, with the slots `EnumType.__new__`
//! would have pointed at the right methods patched in (CPython sets
//! `__repr__`, `__str__`, `__format__`, `__reduce_ex__` and the flag
//! operators on every class it makes, so that a mixed-in data type's do
//! not win). Class state lives in the class dict under CPython's names
//! (`_member_names_`, `_member_map_`, `_value2member_map_`,
//! `_member_type_`, the flag masks), member state in the member's instance
//! dict (`_name_`, `_value_`, `_sort_order_`, `__objclass__`), so C code
//! and Cython see what they would see under CPython.
//!
//! Not here: `_generate_next_value_`, `_missing_` and `__new__` written
//! by the class body (the built-in rules are used), `_order_` checking,
//! `__init_subclass__` keywords, `verify` / `EnumCheck`, `global_enum`,
//! `member` / `nonmember`, `enum.property`, `_simple_enum`, `_convert_`,
//! `show_flag_values`, `__dir__`.

use std::ffi::{CStr, c_int, c_long, c_void};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::native::*;
use crate::ffi::*;
use crate::objects::boolobject::{py_false, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_IncRef, is_str, text_of, type_of};
use crate::objects::typeobject::is_subtype;
use crate::python::errors;

// ==========================================================================
// Small helpers over the C API
// ==========================================================================

/// `repr(o)` as text; None with the error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn repr(o: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe { crate::objects::object::repr(o) }
}

/// `str(o)` as text; None with the error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn str_text(o: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract; the result is checked.
    unsafe {
        let r = Owned::new(PyObject_Str(o))?;
        Some(text_of(r.as_ptr()))
    }
}

/// `getattr(o, name)`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn getattr(o: *mut PyObject, name: &CStr) -> R {
    // SAFETY: per the contract; the name is NUL-terminated.
    unsafe { Owned::new(PyObject_GetAttrString(o, name.as_ptr())) }
}

/// `setattr(o, name, v)`.
///
/// # Safety
/// Both must be live objects.
unsafe fn setattr(o: *mut PyObject, name: &CStr, v: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract.
    unsafe { (PyObject_SetAttrString(o, name.as_ptr(), v) == 0).then_some(()) }
}

/// `d[key]` for a str key, borrowed; NULL when absent (no error).
///
/// # Safety
/// `d` must be a live dict.
unsafe fn dict_get(d: *mut PyObject, key: &CStr) -> *mut PyObject {
    // SAFETY: per the contract; a str key cannot fail the lookup.
    unsafe { PyDict_GetItemString(d, key.as_ptr()) }
}

/// `d[key] = v` for a str key.
///
/// # Safety
/// Both must be live; `d` a dict.
unsafe fn dict_set(d: *mut PyObject, key: &CStr, v: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract.
    unsafe { (PyDict_SetItemString(d, key.as_ptr(), v) == 0).then_some(()) }
}

/// The class's own dict.
///
/// # Safety
/// `cls` must be a live, ready type.
unsafe fn cls_dict(cls: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*cls.cast::<PyTypeObject>()).tp_dict }
}

/// `name` looked up along the class's MRO without binding (a new
/// reference), or None without an error when no class has it.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn lookup(cls: *mut PyObject, name: &CStr) -> R {
    // SAFETY: per the contract; the found object is referenced at once.
    unsafe {
        let key = s(name.to_str().unwrap_or_default())?;
        let found = _PyType_Lookup(cls.cast(), key.as_ptr());
        (!found.is_null()).then(|| Owned::borrowed(found))
    }
}

/// A class attribute the enum machinery keeps (`_member_map_`, …): found
/// along the MRO; None with `AttributeError` when missing.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn cls_state(cls: *mut PyObject, name: &CStr) -> R {
    // SAFETY: per the contract.
    unsafe {
        match lookup(cls, name) {
            Some(v) => Some(v),
            None if PyErr_Occurred().is_null() => raise(
                Exc::AttributeError,
                format!(
                    "type object '{}' has no attribute '{}'",
                    cls_name(cls),
                    name.to_str().unwrap_or_default()
                ),
            ),
            None => None,
        }
    }
}

/// The class's `__name__`.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn cls_name(cls: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe {
        let n = crate::objects::typeobject::type_name_obj(cls.cast());
        match Owned::new(n) {
            Some(n) => text_of(n.as_ptr()),
            None => {
                PyErr_Clear();
                String::new()
            }
        }
    }
}

/// The class's `__qualname__`.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn cls_qualname(cls: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe {
        match Owned::new(crate::objects::typeobject::type_qualname_obj(cls.cast())) {
            Some(n) => text_of(n.as_ptr()),
            None => {
                PyErr_Clear();
                String::new()
            }
        }
    }
}

fn none() -> *mut PyObject {
    crate::objects::object::py_none()
}

/// A new reference to `o`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn new_ref(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { Py_IncRef(o) };
    o
}

/// A tuple of the objects (new references taken).
///
/// # Safety
/// Every item must be live.
unsafe fn tuple(items: &[*mut PyObject]) -> R {
    // SAFETY: per the contract; each slot is filled once.
    unsafe {
        let t = Owned::new(PyTuple_New(items.len() as Py_ssize_t))?;
        for (i, &o) in items.iter().enumerate() {
            PyTuple_SetItem(t.as_ptr(), i as Py_ssize_t, new_ref(o));
        }
        Some(t)
    }
}

/// `f(*items)`.
///
/// # Safety
/// All must be live.
unsafe fn call(f: *mut PyObject, items: &[*mut PyObject]) -> R {
    // SAFETY: per the contract.
    unsafe {
        let args = tuple(items)?;
        Owned::new(PyObject_Call(f, args.as_ptr(), ptr::null_mut()))
    }
}

/// A Python int.
fn int(v: c_long) -> R {
    Owned::new(PyLong_FromLong(v))
}

/// A binary number operation's result.
///
/// # Safety
/// Both must be live.
unsafe fn num(
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
    a: *mut PyObject,
    b: *mut PyObject,
) -> R {
    // SAFETY: per the contract.
    Owned::new(unsafe { f(a, b) })
}

/// `a <op> b` as a bool; None with the error.
///
/// # Safety
/// Both must be live.
unsafe fn cmp(a: *mut PyObject, b: *mut PyObject, op: c_int) -> Option<bool> {
    // SAFETY: per the contract.
    let r = unsafe { PyObject_RichCompareBool(a, b, op) };
    (r >= 0).then_some(r == 1)
}

/// `bool(o)`; None with the error.
///
/// # Safety
/// `o` must be live.
unsafe fn truth(o: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    let r = unsafe { PyObject_IsTrue(o) };
    (r >= 0).then_some(r == 1)
}

/// `o.bit_length()` (an int), as the method call does it.
///
/// # Safety
/// `o` must be live.
unsafe fn bit_length(o: *mut PyObject) -> R {
    // SAFETY: per the contract; the format takes no arguments.
    unsafe { Owned::new(PyObject_CallMethod(o, c"bit_length".as_ptr(), ptr::null())) }
}

/// `2 ** n` for an int `n` (as `1 << n`).
///
/// # Safety
/// `n` must be live.
unsafe fn pow2(n: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let one = int(1)?;
        num(PyNumber_Lshift, one.as_ptr(), n)
    }
}

/// Whether `o` is an int (`PyLong_Check`).
///
/// # Safety
/// `o` must be live.
unsafe fn is_int(o: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { is_subtype(type_of(o), crate::objects::longobject::PyLong_Type.get()) }
}

/// `_is_single_bit(v)`: `v != 0 and v & (v - 1) == 0`.
///
/// # Safety
/// `v` must be live.
unsafe fn is_single_bit(v: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe {
        if !truth(v)? {
            return Some(false);
        }
        let one = int(1)?;
        let less = num(PyNumber_Subtract, v, one.as_ptr())?;
        let and = num(PyNumber_And, v, less.as_ptr())?;
        Some(!truth(and.as_ptr())?)
    }
}

/// Whether `o` is an instance of a class made by `EnumType`.
///
/// # Safety
/// `o` must be live.
unsafe fn is_enum_class(o: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        let et = held(&ENUM_TYPE);
        !et.is_null() && is_subtype(type_of(o), et.cast())
    }
}

/// Whether class `cls` derives from the base held in `base`.
///
/// # Safety
/// `cls` must be a live type.
unsafe fn derives(cls: *mut PyObject, base: &AtomicPtr<PyObject>) -> bool {
    let b = base.load(Ordering::Acquire);
    // SAFETY: per the contract; a made base is live for the process.
    !b.is_null() && unsafe { is_subtype(cls.cast(), b.cast()) }
}

// ==========================================================================
// The module's classes, made once
// ==========================================================================

static ENUM: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static REPR_ENUM: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static FLAG: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static STR_ENUM: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static ENUM_DICT: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static STRICT: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static CONFORM: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static EJECT: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static KEEP: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

fn held(p: &AtomicPtr<PyObject>) -> *mut PyObject {
    p.load(Ordering::Acquire)
}

// ==========================================================================
// Argument binding (a Python function's, with its messages)
// ==========================================================================

/// Binds `args` / `kw` to `names` as a Python `def f(self, <names>)`
/// does: the first `npos` may be positional, the first `required` are
/// required; `fname` names the function in messages (which count `self`).
/// The bound values (borrowed; NULL when not given), or None with the
/// TypeError.
///
/// # Safety
/// `args` must be a tuple, `kw` NULL or a dict.
unsafe fn bind(
    fname: &str,
    args: *mut PyObject,
    kw: *mut PyObject,
    names: &[&str],
    npos: usize,
    required: usize,
) -> Option<Vec<*mut PyObject>> {
    // SAFETY: per the contract; values are borrowed from the call.
    unsafe {
        let nargs = PyTuple_Size(args) as usize;
        let mut bound = vec![ptr::null_mut(); names.len()];
        if nargs > npos {
            let given = nargs + 1;
            let takes = if required == npos {
                format!("{}", npos + 1)
            } else {
                format!("from {} to {}", required + 1, npos + 1)
            };
            return raise(
                Exc::TypeError,
                format!(
                    "{fname}() takes {takes} positional argument{} but {given} were given",
                    if npos == 0 { "" } else { "s" }
                ),
            );
        }
        for (i, slot) in bound.iter_mut().enumerate().take(nargs) {
            *slot = PyTuple_GetItem(args, i as Py_ssize_t);
        }
        if !kw.is_null() {
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw, &mut pos, &mut k, &mut v) != 0 {
                if !is_str(k) {
                    return raise(Exc::TypeError, "keywords must be strings");
                }
                let key = text_of(k);
                let Some(i) = names.iter().position(|n| *n == key) else {
                    return raise(
                        Exc::TypeError,
                        format!("{fname}() got an unexpected keyword argument '{key}'"),
                    );
                };
                if !bound[i].is_null() {
                    return raise(
                        Exc::TypeError,
                        format!("{fname}() got multiple values for argument '{key}'"),
                    );
                }
                bound[i] = v;
            }
        }
        let missing: Vec<&str> = (0..required)
            .filter(|&i| bound[i].is_null())
            .map(|i| names[i])
            .collect();
        if !missing.is_empty() {
            let list = match missing.as_slice() {
                [one] => format!("'{one}'"),
                [a, b] => format!("'{a}' and '{b}'"),
                more => {
                    let (last, rest) = more.split_last().unwrap_or((&"", &[]));
                    let rest: Vec<String> = rest.iter().map(|n| format!("'{n}'")).collect();
                    format!("{}, and '{last}'", rest.join(", "))
                }
            };
            return raise(
                Exc::TypeError,
                format!(
                    "{fname}() missing {} required positional argument{}: {list}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            );
        }
        Some(bound)
    }
}

// ==========================================================================
// Names: dunder, sunder, private
// ==========================================================================

/// `_is_dunder`: `__x__`.
fn is_dunder(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 4
        && name.starts_with("__")
        && name.ends_with("__")
        && b[2] != b'_'
        && b[b.len() - 3] != b'_'
}

/// `_is_sunder`: `_x_`.
fn is_sunder(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 2 && b[0] == b'_' && b[b.len() - 1] == b'_' && b[1] != b'_' && b[b.len() - 2] != b'_'
}

/// `_is_private`: `_ClsName__x` (not ending in `__`).
fn is_private(cls_name: &str, name: &str) -> bool {
    let pattern = format!("_{cls_name}__");
    name.chars().count() > pattern.chars().count()
        && name.starts_with(&pattern)
        && !name.ends_with("__")
}

/// `_is_descriptor`: the object's type has `__get__`, `__set__` or
/// `__delete__`.
///
/// # Safety
/// `o` must be live.
unsafe fn is_descriptor(o: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe {
        let ty = type_of(o);
        if (*ty).tp_descr_get.is_some() || (*ty).tp_descr_set.is_some() {
            return Some(true);
        }
        for name in [c"__get__", c"__set__", c"__delete__"] {
            let found = lookup(ty.cast(), name);
            if found.is_some() {
                return Some(true);
            }
            if !PyErr_Occurred().is_null() {
                return None;
            }
        }
        Some(false)
    }
}

// ==========================================================================
// auto
// ==========================================================================

static AUTO: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static AUTO_NULL: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static ENUM_TYPE: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// The `_auto_null` sentinel: `auto()`'s value until one is chosen.
fn auto_null() -> *mut PyObject {
    held(&AUTO_NULL)
}

unsafe extern "C" fn auto_null_repr(_op: *mut PyObject) -> *mut PyObject {
    s("_auto_null").map_or(ptr::null_mut(), Owned::into_raw)
}

/// `auto.__new__` with `auto.__init__(self, value=_auto_null)`: an
/// instance whose `value` attribute is the argument.
unsafe extern "C" fn auto_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new call; the new object is initialised before use.
    unsafe {
        let Some(b) = bind("auto.__init__", args, kw, &["value"], 1, 0) else {
            return ptr::null_mut();
        };
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let Some(o) = Owned::new(alloc(ty, 0)) else {
            return ptr::null_mut();
        };
        let value = if b[0].is_null() { auto_null() } else { b[0] };
        if setattr(o.as_ptr(), c"value", value).is_none() {
            return ptr::null_mut();
        }
        o.into_raw()
    }
}

/// `auto.__init__`: the work is done by [`auto_new`].
unsafe extern "C" fn auto_init(
    _op: *mut PyObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> c_int {
    0
}

/// `auto.__repr__`: `auto(value)`.
unsafe extern "C" fn auto_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live auto.
    unsafe {
        let Some(v) = getattr(op, c"value") else {
            return ptr::null_mut();
        };
        let Some(r) = repr(v.as_ptr()) else {
            return ptr::null_mut();
        };
        s(&format!("auto({r})")).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// Whether `o` is an `auto`.
///
/// # Safety
/// `o` must be live.
unsafe fn is_auto(o: *mut PyObject) -> bool {
    let a = held(&AUTO);
    // SAFETY: per the contract; a made class is live for the process.
    !a.is_null() && unsafe { is_subtype(type_of(o), a.cast()) }
}

/// A class of module `enum` made as a class statement makes it
/// (`type(name, bases, {'__module__': 'enum', '__doc__': doc})`), so its
/// `tp_name` is the bare name as CPython's are.
///
/// # Safety
/// `bases` must be live types.
unsafe fn plain_class(name: &str, bases: &[*mut PyObject], doc: Option<&str>) -> R {
    // SAFETY: per the contract.
    unsafe {
        let ns = Owned::new(PyDict_New())?;
        let module = s("enum")?;
        dict_set(ns.as_ptr(), c"__module__", module.as_ptr())?;
        if let Some(doc) = doc {
            let d = s(doc)?;
            dict_set(ns.as_ptr(), c"__doc__", d.as_ptr())?;
        }
        let n = s(name)?;
        let b = tuple(bases)?;
        call(
            crate::objects::typeobject::PyType_Type.get().cast(),
            &[n.as_ptr(), b.as_ptr(), ns.as_ptr()],
        )
    }
}

/// Makes `auto` and its `_auto_null` sentinel.
fn make_auto() -> Option<()> {
    // SAFETY: fresh heap types whose slots are set before any instance
    // exists; the made objects are kept for the process.
    unsafe {
        let null_cls = plain_class("_auto_null", &[], None)?;
        (*null_cls.as_ptr().cast::<PyTypeObject>()).tp_repr = Some(auto_null_repr);
        let null = call(null_cls.as_ptr(), &[])?;
        AUTO_NULL.store(null.into_raw(), Ordering::Release);
        let _ = null_cls.into_raw();
        let auto = plain_class(
            "auto",
            &[],
            Some("Instances are replaced with an appropriate value in Enum class suites."),
        )?;
        let t = auto.as_ptr().cast::<PyTypeObject>();
        (*t).tp_new = Some(auto_new);
        (*t).tp_init = Some(auto_init);
        (*t).tp_repr = Some(auto_repr);
        AUTO.store(auto.into_raw(), Ordering::Release);
        Some(())
    }
}

// ==========================================================================
// _generate_next_value_
// ==========================================================================

/// Which `_generate_next_value_` a class uses (the built-in ones).
#[derive(Clone, Copy, PartialEq)]
enum NextValue {
    Enum,
    Flag,
    Str,
}

/// The rule of the enum `first_enum` (a class) or its bases.
///
/// # Safety
/// `first_enum` must be NULL or a live object.
unsafe fn next_value_kind(first_enum: *mut PyObject) -> NextValue {
    // SAFETY: per the contract.
    unsafe {
        if first_enum.is_null() || !crate::objects::object::is_type(first_enum) {
            NextValue::Enum
        } else if derives(first_enum, &STR_ENUM) {
            NextValue::Str
        } else if derives(first_enum, &FLAG) {
            NextValue::Flag
        } else {
            NextValue::Enum
        }
    }
}

/// `_generate_next_value_(name, start, count, last_values)` of the kind.
///
/// # Safety
/// All objects must be live; `last_values` a list (not changed).
unsafe fn generate_next_value(
    kind: NextValue,
    name: *mut PyObject,
    start: *mut PyObject,
    count: usize,
    last_values: *mut PyObject,
) -> R {
    // SAFETY: per the contract.
    unsafe {
        match kind {
            NextValue::Str => Owned::new(PyObject_CallMethod(name, c"lower".as_ptr(), ptr::null())),
            NextValue::Flag => {
                if count == 0 {
                    return Some(Owned::borrowed(if start == none() {
                        return int(1);
                    } else {
                        start
                    }));
                }
                let mut max: *mut PyObject = ptr::null_mut();
                for i in 0..PyList_Size(last_values) {
                    let v = PyList_GetItem(last_values, i);
                    if max.is_null() || cmp(v, max, Py_GT)? {
                        max = v;
                    }
                }
                if max.is_null() {
                    return raise(Exc::ValueError, "max() arg is an empty sequence");
                }
                let bits = bit_length(max);
                let Some(bits) = bits else {
                    let r = repr(max)?;
                    PyErr_Clear();
                    return raise(Exc::TypeError, format!("invalid flag value {r}"));
                };
                pow2(bits.as_ptr())
            }
            NextValue::Enum => {
                let n = PyList_Size(last_values);
                if n == 0 {
                    return Some(Owned::borrowed(start));
                }
                let last = PyList_GetItem(last_values, n - 1);
                let sorted = Owned::new(PySequence_List(last_values))?;
                let one = int(1)?;
                if PyList_Sort(sorted.as_ptr()) == 0 {
                    let top = PyList_GetItem(sorted.as_ptr(), n - 1);
                    match cmp(last, top, Py_EQ) {
                        Some(true) => {
                            if let Some(v) = num(PyNumber_Add, last, one.as_ptr()) {
                                return Some(v);
                            }
                            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                                return None;
                            }
                            PyErr_Clear();
                        }
                        Some(false) => {}
                        None => {
                            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                                return None;
                            }
                            PyErr_Clear();
                        }
                    }
                } else {
                    if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                        return None;
                    }
                    PyErr_Clear();
                }
                if PyErr_WarnEx(
                    Exc::DeprecationWarning.type_object(),
                    c"In 3.13 the default `auto()`/`_generate_next_value_` will require all values to be sortable and support adding +1\nand the value returned will be the largest value in the enum incremented by 1".as_ptr(),
                    3,
                ) < 0
                {
                    return None;
                }
                for i in (0..n).rev() {
                    let v = PyList_GetItem(sorted.as_ptr(), i);
                    if let Some(r) = num(PyNumber_Add, v, one.as_ptr()) {
                        return Some(r);
                    }
                    if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                        return None;
                    }
                    PyErr_Clear();
                }
                Some(Owned::borrowed(start))
            }
        }
    }
}

// ==========================================================================
// _EnumDict: the class namespace __prepare__ returns
// ==========================================================================

/// `_EnumDict.__setitem__` (as `mp_ass_subscript`): records member names
/// in definition order, refuses reused names and reserved sunders,
/// replaces `auto()` with generated values, and stores the item.
unsafe extern "C" fn enum_dict_ass_sub(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live _EnumDict (a dict subclass with an instance dict).
    unsafe {
        let dict_ass = (*(*crate::objects::dictobject::PyDict_Type.get()).tp_as_mapping)
            .mp_ass_subscript
            .expect("dict assigns items");
        if value.is_null() || !is_str(key) {
            return dict_ass(op, key, value);
        }
        match enum_dict_store(op, key, value) {
            Some(v) => dict_ass(op, key, v.as_ptr()),
            None => -1,
        }
    }
}

/// The value `_EnumDict.__setitem__` stores for `key` (after its checks
/// and bookkeeping), or None with the error.
///
/// # Safety
/// `op` must be a live _EnumDict, `key` a str, `value` live.
unsafe fn enum_dict_store(op: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let name = text_of(key);
        let cls_name = getattr(op, c"_cls_name")?;
        let names = getattr(op, c"_member_names")?;
        let ignore = getattr(op, c"_ignore")?;
        if is_private(&text_of(cls_name.as_ptr()), &name) {
            return Some(Owned::borrowed(value));
        }
        if is_sunder(&name) {
            const ALLOWED: [&str; 8] = [
                "_order_",
                "_generate_next_value_",
                "_numeric_repr_",
                "_missing_",
                "_ignore_",
                "_iter_member_",
                "_iter_member_by_value_",
                "_iter_member_by_def_",
            ];
            if !ALLOWED.contains(&name.as_str()) {
                let r = repr(key)?;
                return raise(
                    Exc::ValueError,
                    format!("_sunder_ names, such as {r}, are reserved for future Enum use"),
                );
            }
            if name == "_ignore_" {
                let list = if is_str(value) {
                    let comma = s(",")?;
                    let space = s(" ")?;
                    let replaced =
                        Owned::new(PyUnicode_Replace(value, comma.as_ptr(), space.as_ptr(), -1))?;
                    Owned::new(PyUnicode_Split(replaced.as_ptr(), ptr::null_mut(), -1))?
                } else {
                    Owned::new(PySequence_List(value))?
                };
                for i in 0..PyList_Size(list.as_ptr()) {
                    let n = PyList_GetItem(list.as_ptr(), i);
                    let c = PyDict_Contains(names.as_ptr(), n);
                    if c < 0 {
                        return None;
                    }
                    if c == 1 {
                        let r = repr(n)?;
                        return raise(
                            Exc::ValueError,
                            format!("_ignore_ cannot specify already set names: {{{r}}}"),
                        );
                    }
                }
                setattr(op, c"_ignore", list.as_ptr())?;
                return Some(list);
            }
            return Some(Owned::borrowed(value));
        }
        if is_dunder(&name) {
            return Some(Owned::borrowed(value));
        }
        let already = |op: *mut PyObject| -> Option<Owned> {
            let old = Owned::new(PyObject_GetItem(op, key))?;
            let r = repr(old.as_ptr())?;
            raise(Exc::TypeError, format!("'{name}' already defined as {r}"))
        };
        match PyDict_Contains(names.as_ptr(), key) {
            c if c < 0 => return None,
            1 => return already(op),
            _ => {}
        }
        match PySequence_Contains(ignore.as_ptr(), key) {
            c if c < 0 => return None,
            1 => return Some(Owned::borrowed(value)),
            _ => {}
        }
        if is_descriptor(value)? {
            return Some(Owned::borrowed(value));
        }
        match PyDict_Contains(op, key) {
            c if c < 0 => return None,
            1 => return already(op),
            _ => {}
        }
        let last_values = getattr(op, c"_last_values")?;
        let mut value = Owned::borrowed(value);
        let mut auto_store = false;
        let single = is_auto(value.as_ptr());
        let is_plain_tuple =
            type_of(value.as_ptr()) == crate::objects::tupleobject::PyTuple_Type.get();
        let has_auto = single
            || (is_plain_tuple
                && (0..PyTuple_Size(value.as_ptr()))
                    .any(|i| is_auto(PyTuple_GetItem(value.as_ptr(), i))));
        if has_auto {
            let items: Vec<*mut PyObject> = if single {
                vec![value.as_ptr()]
            } else {
                (0..PyTuple_Size(value.as_ptr()))
                    .map(|i| PyTuple_GetItem(value.as_ptr(), i))
                    .collect()
            };
            let mut out: Vec<Owned> = Vec::new();
            for v in items {
                if !is_auto(v) {
                    out.push(Owned::borrowed(v));
                    continue;
                }
                auto_store = true;
                let current = getattr(v, c"value")?;
                if current.as_ptr() == auto_null() {
                    let first = getattr(op, c"_first_enum")?;
                    let kind = next_value_kind(first.as_ptr());
                    let snapshot = Owned::new(PySequence_List(last_values.as_ptr()))?;
                    let start = int(1)?;
                    let g = generate_next_value(
                        kind,
                        key,
                        start.as_ptr(),
                        PyDict_Size(names.as_ptr()) as usize,
                        snapshot.as_ptr(),
                    )?;
                    setattr(v, c"value", g.as_ptr())?;
                    setattr(op, c"_auto_called", py_true())?;
                }
                let chosen = getattr(v, c"value")?;
                if PyList_Append(last_values.as_ptr(), chosen.as_ptr()) < 0 {
                    return None;
                }
                out.push(chosen);
            }
            value = if single {
                out.into_iter().next()?
            } else {
                let ptrs: Vec<*mut PyObject> = out.iter().map(Owned::as_ptr).collect();
                tuple(&ptrs)?
            };
        }
        if PyDict_SetItem(names.as_ptr(), key, none()) < 0 {
            return None;
        }
        if !auto_store && PyList_Append(last_values.as_ptr(), value.as_ptr()) < 0 {
            return None;
        }
        Some(value)
    }
}

/// Makes the `_EnumDict` class: `dict` with an instance dict, whose
/// item assignment is [`enum_dict_ass_sub`].
fn make_enum_dict_type() -> R {
    // SAFETY: a fresh heap type whose own mapping suite is patched before
    // any instance exists.
    unsafe {
        let ns = Owned::new(PyDict_New())?;
        let module = s("enum")?;
        dict_set(ns.as_ptr(), c"__module__", module.as_ptr())?;
        let name = s("_EnumDict")?;
        let bases = tuple(&[crate::objects::dictobject::PyDict_Type.get().cast()])?;
        let ty = call(
            crate::objects::typeobject::PyType_Type.get().cast(),
            &[name.as_ptr(), bases.as_ptr(), ns.as_ptr()],
        )?;
        let t = ty.as_ptr().cast::<PyTypeObject>();
        (*(*t).tp_as_mapping).mp_ass_subscript = Some(enum_dict_ass_sub);
        Some(ty)
    }
}

/// A new `_EnumDict` for class `cls_name` whose first enum is
/// `first_enum` (its `_generate_next_value_` is used for `auto()`).
///
/// # Safety
/// Both must be live.
unsafe fn new_enum_dict(cls_name: *mut PyObject, first_enum: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let d = call(held(&ENUM_DICT), &[])?;
        let names = Owned::new(PyDict_New())?;
        let last = Owned::new(PyList_New(0))?;
        let ignore = Owned::new(PyList_New(0))?;
        setattr(d.as_ptr(), c"_member_names", names.as_ptr())?;
        setattr(d.as_ptr(), c"_last_values", last.as_ptr())?;
        setattr(d.as_ptr(), c"_ignore", ignore.as_ptr())?;
        setattr(d.as_ptr(), c"_auto_called", py_false())?;
        setattr(d.as_ptr(), c"_cls_name", cls_name)?;
        let first_enum = if first_enum.is_null() {
            none()
        } else {
            first_enum
        };
        setattr(d.as_ptr(), c"_first_enum", first_enum)?;
        Some(d)
    }
}

// ==========================================================================
// Mixins: the member data type and the first enum base
// ==========================================================================

/// `_check_for_existing_members_`: no base along any base's MRO may be an
/// enum with members. False with `TypeError("<enum 'X'> cannot extend
/// <enum 'Color'>")`.
///
/// # Safety
/// `bases` must be a live tuple.
unsafe fn check_no_members(class_name: *mut PyObject, bases: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract; MROs hold live types.
    unsafe {
        for i in 0..PyTuple_Size(bases) {
            let chain = PyTuple_GetItem(bases, i);
            let mro = getattr(chain, c"__mro__")?;
            for j in 0..PyTuple_Size(mro.as_ptr()) {
                let base = PyTuple_GetItem(mro.as_ptr(), j);
                if !is_enum_class(base) {
                    continue;
                }
                let names = cls_state(base, c"_member_names_")?;
                if truth(names.as_ptr())? {
                    let n = repr(class_name)?;
                    let b = repr(base)?;
                    return raise(Exc::TypeError, format!("<enum {n}> cannot extend {b}"));
                }
            }
        }
        Some(())
    }
}

/// `_get_mixins_`: `(member_type, first_enum)` for a class with these
/// bases (borrowed from the bases or the module).
///
/// # Safety
/// `bases` must be a live tuple.
unsafe fn get_mixins(
    class_name: *mut PyObject,
    bases: *mut PyObject,
) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: per the contract.
    unsafe {
        let object: *mut PyObject = crate::objects::typeobject::PyBaseObject_Type.get().cast();
        let n = PyTuple_Size(bases);
        if n == 0 {
            return Some((object, held(&ENUM)));
        }
        check_no_members(class_name, bases)?;
        let first_enum = PyTuple_GetItem(bases, n - 1);
        if !is_enum_class(first_enum) {
            return raise(
                Exc::TypeError,
                "new enumerations should be created as `EnumName([mixin_type, ...] [data_type,] \
                 enum_type)`",
            );
        }
        let member_type = find_data_type(class_name, bases)?.unwrap_or(object);
        Some((member_type, first_enum))
    }
}

/// `_find_data_type_`: the one data type (a class with its own `__new__`,
/// or an enum's member type) the bases mix in, or None.
///
/// # Safety
/// `bases` must be a live tuple.
unsafe fn find_data_type(
    class_name: *mut PyObject,
    bases: *mut PyObject,
) -> Option<Option<*mut PyObject>> {
    // SAFETY: per the contract.
    unsafe {
        let object: *mut PyObject = crate::objects::typeobject::PyBaseObject_Type.get().cast();
        let mut found: Vec<*mut PyObject> = Vec::new();
        for i in 0..PyTuple_Size(bases) {
            let chain = PyTuple_GetItem(bases, i);
            let mro = getattr(chain, c"__mro__")?;
            let mut candidate: *mut PyObject = ptr::null_mut();
            for j in 0..PyTuple_Size(mro.as_ptr()) {
                let base = PyTuple_GetItem(mro.as_ptr(), j);
                if base == object {
                    continue;
                }
                if is_enum_class(base) {
                    let mt = cls_state(base, c"_member_type_")?;
                    if mt.as_ptr() != object {
                        if !found.contains(&mt.as_ptr()) {
                            found.push(mt.as_ptr());
                        }
                        break;
                    }
                    continue;
                }
                let d = cls_dict(base);
                if !dict_get(d, c"__new__").is_null()
                    || !dict_get(d, c"__dataclass_fields__").is_null()
                {
                    let t = if candidate.is_null() { base } else { candidate };
                    if !found.contains(&t) {
                        found.push(t);
                    }
                    break;
                }
                if candidate.is_null() {
                    candidate = base;
                }
            }
        }
        match found.len() {
            0 => Some(None),
            1 => Some(Some(found[0])),
            _ => {
                let n = repr(class_name)?;
                let mut parts = Vec::new();
                for t in &found {
                    parts.push(repr(*t)?);
                }
                raise(
                    Exc::TypeError,
                    format!("too many data types for {n}: {{{}}}", parts.join(", ")),
                )
            }
        }
    }
}

// ==========================================================================
// EnumType.__prepare__ and EnumType.__new__
// ==========================================================================

/// `EnumType.__prepare__(cls, bases, **kwds)`: a new `_EnumDict` after
/// checking that no base has members.
unsafe extern "C" fn enumtype_prepare(
    _metacls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a classmethod call's tuple and dict.
    unsafe {
        let nargs = PyTuple_Size(args);
        if nargs != 2 {
            let missing = ["cls", "bases"][nargs.clamp(0, 1) as usize..].to_vec();
            if nargs < 2 {
                let list = if missing.len() == 2 {
                    "'cls' and 'bases'".to_owned()
                } else {
                    "'bases'".to_owned()
                };
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "EnumType.__prepare__() missing {} required positional argument{}: {list}",
                        missing.len(),
                        if missing.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "EnumType.__prepare__() takes 3 positional arguments but {} were given",
                    nargs + 1
                ),
            );
        }
        let _ = kw;
        let (name, bases) = (PyTuple_GetItem(args, 0), PyTuple_GetItem(args, 1));
        prepare(name, bases).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// The namespace `__prepare__` makes for class `name` with `bases`.
///
/// # Safety
/// Both must be live.
unsafe fn prepare(name: *mut PyObject, bases: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        if !crate::objects::tupleobject::is_tuple(bases) {
            return raise(Exc::TypeError, "bases must be a tuple");
        }
        check_no_members(name, bases)?;
        let (_, first_enum) = get_mixins(name, bases)?;
        new_enum_dict(name, first_enum)
    }
}

/// `EnumType.__new__(metacls, cls, bases, classdict, *, boundary=None,
/// _simple=False)` as `tp_new` of `EnumType`.
unsafe extern "C" fn enumtype_new(
    metacls: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new call's tuple and dict.
    unsafe {
        let Some(b) = bind(
            "EnumType.__new__",
            args,
            kw,
            &["cls", "bases", "classdict", "boundary", "_simple"],
            3,
            3,
        ) else {
            return ptr::null_mut();
        };
        let boundary = if b[3].is_null() { none() } else { b[3] };
        if !b[4].is_null() {
            match truth(b[4]) {
                None => return ptr::null_mut(),
                Some(true) => {
                    return errors::fail_null(
                        Exc::TypeError,
                        "EnumType.__new__() does not support _simple=True",
                    );
                }
                Some(false) => {}
            }
        }
        make_enum_class(metacls.cast(), b[0], b[1], b[2], boundary)
            .map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// Sets class `cls`'s metatype to `metacls` (type() made it a `type`).
///
/// # Safety
/// `cls` must be a fresh heap type, `metacls` `EnumType` or a subclass
/// (same layout).
unsafe fn set_metatype(cls: *mut PyObject, metacls: *mut PyObject) {
    // SAFETY: per the contract; a heap metatype is kept alive by the
    // reference the class now holds (never given back: a type outlives
    // its classes here as a static one does).
    unsafe {
        // A class made with `metacls` already holds it.
        if (*cls).ob_type == metacls.cast() {
            return;
        }
        if crate::objects::object::is_heap_type(metacls.cast()) {
            Py_IncRef(metacls);
        }
        (*cls).ob_type = metacls.cast();
    }
}

/// `EnumType.__new__`'s work: the class from the namespace, its members
/// made, its slots pointed at the enum methods.
///
/// # Safety
/// All must be live objects.
unsafe fn make_enum_class(
    metacls: *mut PyObject,
    name: *mut PyObject,
    bases: *mut PyObject,
    classdict: *mut PyObject,
    boundary: *mut PyObject,
) -> R {
    // SAFETY: per the contract; every object is owned or borrowed from a
    // live container while nothing else runs.
    unsafe {
        if !is_str(name) {
            return raise(
                Exc::TypeError,
                format!(
                    "type.__new__() argument 1 must be str, not {}",
                    crate::objects::object::type_name_max(name, usize::MAX)
                ),
            );
        }
        if !crate::objects::tupleobject::is_tuple(bases) {
            return raise(
                Exc::TypeError,
                format!(
                    "type.__new__() argument 2 must be tuple, not {}",
                    crate::objects::object::type_name_max(bases, usize::MAX)
                ),
            );
        }
        if !crate::objects::dictobject::is_dict(classdict) {
            return raise(
                Exc::TypeError,
                format!(
                    "type.__new__() argument 3 must be dict, not {}",
                    crate::objects::object::type_name_max(classdict, usize::MAX)
                ),
            );
        }
        // _ignore_: the names it lists are dropped, and itself.
        let ignore_key = s("_ignore_")?;
        let ignored = PyDict_GetItemWithError(classdict, ignore_key.as_ptr());
        let ignored = if ignored.is_null() {
            if !PyErr_Occurred().is_null() {
                return None;
            }
            Owned::new(PyList_New(0))?
        } else {
            Owned::new(PySequence_List(ignored))?
        };
        let member_names = getattr(classdict, c"_member_names")?;
        let member_names = Owned::new(PyDict_Keys(member_names.as_ptr()))?;
        let mut invalid = Vec::new();
        for i in 0..PyList_Size(member_names.as_ptr()) {
            let n = PyList_GetItem(member_names.as_ptr(), i);
            let t = text_of(n);
            if (t == "mro" || t.is_empty()) && !invalid.contains(&t) {
                invalid.push(t);
            }
        }
        if !invalid.is_empty() {
            let parts: Vec<String> = invalid.iter().map(|t| format!("'{t}'")).collect();
            return raise(
                Exc::ValueError,
                format!("invalid enum member name(s) {}", parts.join(",")),
            );
        }
        // A plain dict copy, without the members, _order_ and _ignore_.
        let ns = Owned::new(PyDict_New())?;
        let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
        while PyDict_Next(classdict, &mut pos, &mut k, &mut v) != 0 {
            if PyDict_SetItem(ns.as_ptr(), k, v) < 0 {
                return None;
            }
        }
        for key in [c"_order_", c"_ignore_"] {
            if !dict_get(ns.as_ptr(), key).is_null()
                && PyDict_DelItemString(ns.as_ptr(), key.as_ptr()) < 0
            {
                return None;
            }
        }
        for i in 0..PyList_Size(ignored.as_ptr()) {
            let n = PyList_GetItem(ignored.as_ptr(), i);
            match PyDict_Contains(ns.as_ptr(), n) {
                c if c < 0 => return None,
                1 if PyDict_DelItem(ns.as_ptr(), n) < 0 => return None,
                _ => {}
            }
        }
        let (member_type, first_enum) = get_mixins(name, bases)?;
        let mut values: Vec<(Owned, Owned)> = Vec::new();
        for i in 0..PyList_Size(member_names.as_ptr()) {
            let n = PyList_GetItem(member_names.as_ptr(), i);
            let v = PyDict_GetItemWithError(ns.as_ptr(), n);
            if v.is_null() {
                if !PyErr_Occurred().is_null() {
                    return None;
                }
                continue;
            }
            values.push((Owned::borrowed(n), Owned::borrowed(v)));
            if PyDict_DelItem(ns.as_ptr(), n) < 0 {
                return None;
            }
        }
        // House-keeping structures, under CPython's names.
        let object: *mut PyObject = crate::objects::typeobject::PyBaseObject_Type.get().cast();
        let list = Owned::new(PyList_New(0))?;
        dict_set(ns.as_ptr(), c"_member_names_", list.as_ptr())?;
        let map = Owned::new(PyDict_New())?;
        dict_set(ns.as_ptr(), c"_member_map_", map.as_ptr())?;
        let v2m = Owned::new(PyDict_New())?;
        dict_set(ns.as_ptr(), c"_value2member_map_", v2m.as_ptr())?;
        let unhashable = Owned::new(PyList_New(0))?;
        dict_set(ns.as_ptr(), c"_unhashable_values_", unhashable.as_ptr())?;
        dict_set(ns.as_ptr(), c"_member_type_", member_type)?;
        let use_args = if member_type == object {
            py_false()
        } else {
            py_true()
        };
        dict_set(ns.as_ptr(), c"_use_args_", use_args)?;
        let boundary = if boundary != none() {
            Owned::borrowed(boundary)
        } else {
            match first_enum.is_null() {
                true => Owned::borrowed(none()),
                false => match lookup(first_enum, c"_boundary_") {
                    Some(b) => b,
                    None if PyErr_Occurred().is_null() => Owned::borrowed(none()),
                    None => return None,
                },
            }
        };
        dict_set(ns.as_ptr(), c"_boundary_", boundary.as_ptr())?;
        let zero = int(0)?;
        for key in [c"_flag_mask_", c"_singles_mask_", c"_all_bits_"] {
            dict_set(ns.as_ptr(), key, zero.as_ptr())?;
        }
        dict_set(ns.as_ptr(), c"_inverted_", none())?;
        // `type.__new__(metacls, ...)`, as `super().__new__` in
        // `EnumType.__new__` is.
        let args = tuple(&[name, bases, ns.as_ptr()])?;
        let cls = Owned::new(crate::objects::typeobject::type_new_of(
            metacls.cast(),
            args.as_ptr(),
            ptr::null_mut(),
        ))?;
        set_metatype(cls.as_ptr(), metacls);
        let c = cls.as_ptr();
        let is_flag = derives(c, &FLAG) || text_of(name) == "Flag" && held(&FLAG).is_null();
        patch_slots(c, classdict, bases, member_type, first_enum, is_flag)?;
        for (n, v) in &values {
            add_member(c, n.as_ptr(), v.as_ptr(), member_type, is_flag)?;
        }
        if !is_flag {
            let d = cls_dict(c);
            for key in [
                c"_boundary_",
                c"_flag_mask_",
                c"_singles_mask_",
                c"_all_bits_",
                c"_inverted_",
            ] {
                if PyDict_DelItemString(d, key.as_ptr()) < 0 {
                    return None;
                }
            }
        }
        Some(cls)
    }
}

/// Points the new class's slots at the enum methods where CPython's
/// `EnumType.__new__` sets them: `__str__` / `__format__` per the
/// `ReprEnum` rule; `__repr__`, `__str__`, `__format__`, `__reduce_ex__`
/// to the first enum base's where the data type's or `object`'s would
/// be found first; a class body's own `__repr__` / `__str__` through the
/// slots; the flag operators; and `__new__` (value lookup).
///
/// # Safety
/// `cls` must be a fresh heap type made from `classdict` and `bases`.
unsafe fn patch_slots(
    cls: *mut PyObject,
    classdict: *mut PyObject,
    bases: *mut PyObject,
    member_type: *mut PyObject,
    first_enum: *mut PyObject,
    is_flag: bool,
) -> Option<()> {
    // SAFETY: per the contract; the class's suites are its own.
    unsafe {
        let t = cls.cast::<PyTypeObject>();
        let mt = member_type.cast::<PyTypeObject>();
        let object = crate::objects::typeobject::PyBaseObject_Type.get();
        let in_ns = |k: &CStr| !dict_get(classdict, k).is_null();
        let repr_enum = held(&REPR_ENUM);
        let direct_repr_enum = !repr_enum.is_null()
            && (0..PyTuple_Size(bases)).any(|i| PyTuple_GetItem(bases, i) == repr_enum);
        if direct_repr_enum {
            if mt == object {
                return raise(
                    Exc::TypeError,
                    "ReprEnum subclasses must be mixed with a data type (i.e. int, str, float, \
                     etc.)",
                );
            }
            if !in_ns(c"__format__") {
                let f = getattr(member_type, c"__format__")?;
                setattr(cls, c"__format__", f.as_ptr())?;
            }
            if !in_ns(c"__str__") {
                // A data type without its own __str__ shows its __repr__.
                let object_str = (*object).tp_str.map(|f| f as usize);
                let (str_of, name) = if (*mt).tp_str.map(|f| f as usize) == object_str {
                    ((*mt).tp_repr, c"__repr__")
                } else {
                    ((*mt).tp_str, c"__str__")
                };
                (*t).tp_str = str_of;
                let f = getattr(member_type, name)?;
                dict_set(cls_dict(cls), c"__str__", f.as_ptr())?;
            }
        }
        // A class body's own __repr__ / __str__ (a Cython function) is
        // called through the slot.
        if in_ns(c"__repr__") {
            (*t).tp_repr = Some(slot_repr);
        }
        if in_ns(c"__str__") {
            (*t).tp_str = Some(slot_str);
        }
        // The mixin's (or object's) methods found first along the MRO are
        // replaced by the first enum base's.
        for name in [c"__repr__", c"__str__", c"__format__", c"__reduce_ex__"] {
            if in_ns(name) || (direct_repr_enum && (name == c"__str__" || name == c"__format__")) {
                continue;
            }
            let found = lookup(cls, name);
            let data = lookup(member_type, name);
            let obj = lookup(object.cast(), name);
            if !PyErr_Occurred().is_null() {
                return None;
            }
            let same = |a: &Option<Owned>, b: &Option<Owned>| match (a, b) {
                (Some(a), Some(b)) => a.as_ptr() == b.as_ptr(),
                _ => false,
            };
            if found.is_some() && !same(&found, &data) && !same(&found, &obj) {
                continue;
            }
            if first_enum.is_null() || first_enum == none() {
                // Enum itself: its methods are added once it exists.
                if name == c"__repr__" {
                    (*t).tp_repr = Some(enum_repr);
                } else if name == c"__str__" {
                    (*t).tp_str = Some(enum_str);
                }
                continue;
            }
            let fe = first_enum.cast::<PyTypeObject>();
            if name == c"__repr__" {
                (*t).tp_repr = (*fe).tp_repr;
            } else if name == c"__str__" {
                (*t).tp_str = (*fe).tp_str;
            }
            let m = lookup(first_enum, name);
            if let Some(m) = m {
                dict_set(cls_dict(cls), name, m.as_ptr())?;
            } else if !PyErr_Occurred().is_null() {
                return None;
            }
        }
        if is_flag {
            let n = &mut *(*t).tp_as_number;
            n.nb_or = Some(flag_or);
            n.nb_and = Some(flag_and);
            n.nb_xor = Some(flag_xor);
            n.nb_invert = Some(flag_invert);
        }
        (*t).tp_new = Some(enum_tp_new);
        Some(())
    }
}

/// Makes member `name` of `cls` from its namespace value, as CPython's
/// `_proto_member.__set_name__` does: an instance of the class made by
/// the data type's `__new__` (or `object`'s), `_value_`, `_name_`,
/// `__objclass__`, `_sort_order_`; flag masks updated; an alias when an
/// earlier member has an equal value; stored in the class and its maps.
///
/// # Safety
/// `cls` must be a fresh enum class; the others live.
unsafe fn add_member(
    cls: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
    member_type: *mut PyObject,
    is_flag: bool,
) -> Option<()> {
    // SAFETY: per the contract.
    unsafe {
        let object: *mut PyObject = crate::objects::typeobject::PyBaseObject_Type.get().cast();
        let args = if crate::objects::tupleobject::is_tuple(value) {
            Owned::borrowed(value)
        } else {
            tuple(&[value])?
        };
        let args = if member_type == crate::objects::tupleobject::PyTuple_Type.get().cast() {
            tuple(&[args.as_ptr()])?
        } else {
            args
        };
        let member = new_member(cls, member_type, args.as_ptr())?;
        let m = member.as_ptr();
        let has_value = !instance_dict_get(m, c"_value_")?.is_null();
        if !has_value {
            if member_type == object {
                setattr(m, c"_value_", value)?;
            } else {
                let v = Owned::new(PyObject_Call(member_type, args.as_ptr(), ptr::null_mut()));
                let Some(v) = v else {
                    return raise(
                        Exc::TypeError,
                        "_value_ not set in __new__, unable to create it",
                    );
                };
                setattr(m, c"_value_", v.as_ptr())?;
            }
        }
        let value = getattr(m, c"_value_")?;
        setattr(m, c"_name_", name)?;
        setattr(m, c"__objclass__", cls)?;
        let d = cls_dict(cls);
        let names = Owned::borrowed(dict_get(d, c"_member_names_"));
        let order = Owned::new(PyLong_FromSsize_t(PyList_Size(names.as_ptr())))?;
        setattr(m, c"_sort_order_", order.as_ptr())?;
        let single = if is_flag {
            let mask = Owned::borrowed(dict_get(d, c"_flag_mask_"));
            let mask = num(PyNumber_InPlaceOr, mask.as_ptr(), value.as_ptr())?;
            dict_set(d, c"_flag_mask_", mask.as_ptr())?;
            let single = is_single_bit(value.as_ptr())?;
            if single {
                let singles = Owned::borrowed(dict_get(d, c"_singles_mask_"));
                let singles = num(PyNumber_InPlaceOr, singles.as_ptr(), value.as_ptr())?;
                dict_set(d, c"_singles_mask_", singles.as_ptr())?;
            }
            let bits = bit_length(mask.as_ptr())?;
            let all = pow2(bits.as_ptr())?;
            let one = int(1)?;
            let all = num(PyNumber_Subtract, all.as_ptr(), one.as_ptr())?;
            dict_set(d, c"_all_bits_", all.as_ptr())?;
            single
        } else {
            true
        };
        // An earlier member with an equal value makes this one an alias.
        let v2m = Owned::borrowed(dict_get(d, c"_value2member_map_"));
        let map = Owned::borrowed(dict_get(d, c"_member_map_"));
        let mut canonical: Option<Owned> = None;
        let found = PyDict_GetItemWithError(v2m.as_ptr(), value.as_ptr());
        if !found.is_null() {
            canonical = Some(Owned::borrowed(found));
        } else if !PyErr_Occurred().is_null() {
            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                return None;
            }
            PyErr_Clear();
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(map.as_ptr(), &mut pos, &mut k, &mut v) != 0 {
                let other = getattr(v, c"_value_")?;
                if cmp(other.as_ptr(), value.as_ptr(), Py_EQ)? {
                    canonical = Some(Owned::borrowed(v));
                    break;
                }
            }
        }
        let member = match canonical {
            Some(c) => c,
            None => {
                if single && PyList_Append(names.as_ptr(), name) < 0 {
                    return None;
                }
                member
            }
        };
        // In the class dict unless a base's data descriptor (`name`,
        // `value`) has the name: then only the class's attribute lookup
        // finds it, through _member_map_.
        let base_attr = _PyType_Lookup(cls.cast(), name);
        let descriptor = !base_attr.is_null() && (*type_of(base_attr)).tp_descr_set.is_some();
        if !descriptor && PyDict_SetItem(d, name, member.as_ptr()) < 0 {
            return None;
        }
        if PyDict_SetItem(map.as_ptr(), name, member.as_ptr()) < 0 {
            return None;
        }
        let r = PyDict_SetDefault(v2m.as_ptr(), value.as_ptr(), member.as_ptr());
        if r.is_null() {
            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                return None;
            }
            PyErr_Clear();
            let unhashable = Owned::borrowed(dict_get(d, c"_unhashable_values_"));
            if PyList_Append(unhashable.as_ptr(), value.as_ptr()) < 0 {
                return None;
            }
        }
        Some(())
    }
}

/// A member's own `__dict__[key]` (borrowed, NULL when absent).
///
/// # Safety
/// `m` must be live.
unsafe fn instance_dict_get(m: *mut PyObject, key: &CStr) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    unsafe {
        let p = crate::objects::object::_PyObject_GetDictPtr(m);
        if p.is_null() || (*p).is_null() {
            return Some(ptr::null_mut());
        }
        Some(dict_get(*p, key))
    }
}

/// A new instance of enum class `cls` from the data type's `__new__`
/// (`object`'s without one), before `_value_` and `_name_` are set.
///
/// # Safety
/// `cls` must be an enum class, `args` a tuple.
unsafe fn new_member(cls: *mut PyObject, member_type: *mut PyObject, args: *mut PyObject) -> R {
    // SAFETY: per the contract; the data type's tp_new makes subtypes.
    unsafe {
        let object = crate::objects::typeobject::PyBaseObject_Type.get();
        let mt = member_type.cast::<PyTypeObject>();
        if mt == object {
            let empty = tuple(&[])?;
            let new = (*object).tp_new?;
            return Owned::new(new(cls.cast(), empty.as_ptr(), ptr::null_mut()));
        }
        if derives(cls, &STR_ENUM) {
            return str_enum_member(cls, args);
        }
        let Some(new) = (*mt).tp_new else {
            return raise(
                Exc::TypeError,
                format!("cannot create '{}' instances", cls_name(member_type)),
            );
        };
        Owned::new(new(cls.cast(), args, ptr::null_mut()))
    }
}

/// `StrEnum.__new__(cls, *values)`: a str member whose `_value_` is
/// `str(*values)`, with StrEnum's checks.
///
/// # Safety
/// `cls` must be a StrEnum class, `args` a tuple.
unsafe fn str_enum_member(cls: *mut PyObject, args: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let n = PyTuple_Size(args);
        if n > 3 {
            let r = repr(args)?;
            return raise(Exc::TypeError, format!("too many arguments for str(): {r}"));
        }
        if n == 1 && !is_str(PyTuple_GetItem(args, 0)) {
            let r = repr(PyTuple_GetItem(args, 0))?;
            return raise(Exc::TypeError, format!("{r} is not a string"));
        }
        if n >= 2 && !is_str(PyTuple_GetItem(args, 1)) {
            let r = repr(PyTuple_GetItem(args, 1))?;
            return raise(
                Exc::TypeError,
                format!("encoding must be a string, not {r}"),
            );
        }
        if n == 3 && !is_str(PyTuple_GetItem(args, 2)) {
            let r = repr(PyTuple_GetItem(args, 2))?;
            return raise(Exc::TypeError, format!("errors must be a string, not {r}"));
        }
        let str_type = crate::objects::unicodeobject::PyUnicode_Type.get();
        let value = Owned::new(PyObject_Call(str_type.cast(), args, ptr::null_mut()))?;
        let new = (*str_type).tp_new?;
        let one = tuple(&[value.as_ptr()])?;
        let member = Owned::new(new(cls.cast(), one.as_ptr(), ptr::null_mut()))?;
        setattr(member.as_ptr(), c"_value_", value.as_ptr())?;
        Some(member)
    }
}

// ==========================================================================
// Value lookup: Color(value), and Flag's _missing_
// ==========================================================================

/// `Enum.__new__(cls, value)`: the member with that value (the member
/// itself when given one), else for flags the pseudo-member `_missing_`
/// makes, else `ValueError("5 is not a valid Color")`.
///
/// # Safety
/// `cls` must be an enum class, `value` live.
unsafe fn lookup_value(cls: *mut PyObject, value: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        if type_of(value).cast() == cls {
            return Some(Owned::borrowed(value));
        }
        let v2m = cls_state(cls, c"_value2member_map_")?;
        let map = cls_state(cls, c"_member_map_")?;
        let found = PyDict_GetItemWithError(v2m.as_ptr(), value);
        if !found.is_null() {
            return Some(Owned::borrowed(found));
        }
        if !PyErr_Occurred().is_null() {
            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                return None;
            }
            PyErr_Clear();
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(map.as_ptr(), &mut pos, &mut k, &mut v) != 0 {
                let mv = getattr(v, c"_value_")?;
                if cmp(mv.as_ptr(), value, Py_EQ)? {
                    return Some(Owned::borrowed(v));
                }
            }
        }
        if PyDict_Size(map.as_ptr()) == 0 {
            let r = repr(cls)?;
            return raise(Exc::TypeError, format!("{r} has no members defined"));
        }
        // The `_missing_` hook: the class's own (a class body's
        // classmethod), else Flag's pseudo-members; errors propagate.
        let hook = lookup(cls, c"_missing_");
        if hook.is_none() && !PyErr_Occurred().is_null() {
            return None;
        }
        let result = if hook.is_some() {
            let bound = getattr(cls, c"_missing_")?;
            call(bound.as_ptr(), &[value])?
        } else if derives(cls, &FLAG) {
            flag_missing(cls, value)?
        } else {
            Owned::borrowed(none())
        };
        let is_member = PyObject_IsInstance(result.as_ptr(), cls);
        if is_member < 0 {
            return None;
        }
        if is_member == 1 {
            return Some(result);
        }
        if derives(cls, &FLAG) {
            let boundary = cls_state(cls, c"_boundary_")?;
            if boundary.as_ptr() == held(&EJECT) && is_int(result.as_ptr()) {
                return Some(result);
            }
        }
        if result.as_ptr() != none() {
            let r = repr(result.as_ptr())?;
            return raise(
                Exc::TypeError,
                format!(
                    "error in {}._missing_: returned {r} instead of None or a valid member",
                    cls_name(cls)
                ),
            );
        }
        let r = repr(value)?;
        raise(
            Exc::ValueError,
            format!("{r} is not a valid {}", cls_qualname(cls)),
        )
    }
}

/// `enum.bin(num, max_bits)`: two's-complement digits with a sign bit,
/// `'0b0 0101'`.
///
/// # Safety
/// `n` must be an int.
unsafe fn flag_bin(n: *mut PyObject, max_bits: Option<usize>) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let bits = bit_length(n)?;
        let ceiling = pow2(bits.as_ptr())?;
        let zero = int(0)?;
        let text = if cmp(n, zero.as_ptr(), Py_GE)? {
            let sum = num(PyNumber_Add, n, ceiling.as_ptr())?;
            let b = Owned::new(PyNumber_ToBase(sum.as_ptr(), 2))?;
            text_of(b.as_ptr()).replacen('1', "0", 1)
        } else {
            let inv = Owned::new(PyNumber_Invert(n))?;
            let twice = num(PyNumber_Add, ceiling.as_ptr(), ceiling.as_ptr())?;
            let one = int(1)?;
            let mask = num(PyNumber_Subtract, twice.as_ptr(), one.as_ptr())?;
            let x = num(PyNumber_Xor, inv.as_ptr(), mask.as_ptr())?;
            let b = Owned::new(PyNumber_ToBase(x.as_ptr(), 2))?;
            text_of(b.as_ptr())
        };
        let (sign, digits) = text.split_at(3.min(text.len()));
        let mut digits = digits.to_owned();
        if let Some(max) = max_bits
            && digits.len() < max
        {
            let fill = sign.chars().last().unwrap_or('0').to_string().repeat(max);
            let all = format!("{fill}{digits}");
            digits = all[all.len() - max..].to_owned();
        }
        Some(format!("{sign} {digits}"))
    }
}

/// The canonical members whose bits are in `value`, in value order or,
/// when the members were not defined in value order, definition order
/// (CPython's `_iter_member_`). A bit no single member has gives None.
///
/// # Safety
/// `cls` must be a flag class, `value` a non-negative int.
unsafe fn flag_members_of(cls: *mut PyObject, value: *mut PyObject) -> Option<Vec<Owned>> {
    // SAFETY: per the contract.
    unsafe {
        let mask = cls_state(cls, c"_flag_mask_")?;
        let v2m = cls_state(cls, c"_value2member_map_")?;
        let mut rest = num(PyNumber_And, value, mask.as_ptr())?;
        let zero = int(0)?;
        if cmp(rest.as_ptr(), zero.as_ptr(), Py_LT)? {
            let r = repr(rest.as_ptr())?;
            return raise(Exc::ValueError, format!("{r} is not a positive integer"));
        }
        let one = int(1)?;
        let mut out = Vec::new();
        while truth(rest.as_ptr())? {
            let inv = Owned::new(PyNumber_Invert(rest.as_ptr()))?;
            let neg = num(PyNumber_Add, inv.as_ptr(), one.as_ptr())?;
            let bit = num(PyNumber_And, rest.as_ptr(), neg.as_ptr())?;
            let m = PyDict_GetItemWithError(v2m.as_ptr(), bit.as_ptr());
            if m.is_null() && !PyErr_Occurred().is_null() {
                return None;
            }
            out.push(Owned::borrowed(if m.is_null() { none() } else { m }));
            rest = num(PyNumber_Xor, rest.as_ptr(), bit.as_ptr())?;
        }
        // Definition order when the canonical members' values are not
        // sorted.
        let names = cls_state(cls, c"_member_names_")?;
        let map = cls_state(cls, c"_member_map_")?;
        let mut values = Vec::new();
        for i in 0..PyList_Size(names.as_ptr()) {
            let m = PyObject_GetItem(map.as_ptr(), PyList_GetItem(names.as_ptr(), i));
            let m = Owned::new(m)?;
            values.push(getattr(m.as_ptr(), c"_value_")?);
        }
        let mut sorted = true;
        for w in values.windows(2) {
            if cmp(w[1].as_ptr(), w[0].as_ptr(), Py_LT)? {
                sorted = false;
                break;
            }
        }
        if !sorted {
            let mut keyed = Vec::new();
            for m in out {
                let k = getattr(m.as_ptr(), c"_sort_order_")?;
                let k = PyLong_AsSsize_t(k.as_ptr());
                if k == -1 && !PyErr_Occurred().is_null() {
                    return None;
                }
                keyed.push((k, m));
            }
            keyed.sort_by_key(|(k, _)| *k);
            out = keyed.into_iter().map(|(_, m)| m).collect();
        }
        Some(out)
    }
}

/// `Flag._missing_(value)`: a pseudo-member combining the canonical
/// members in `value`, after the class's boundary is applied (STRICT
/// raises, CONFORM drops unknown bits, EJECT returns the int, KEEP keeps
/// them).
///
/// # Safety
/// `cls` must be a flag class, `value` live.
unsafe fn flag_missing(cls: *mut PyObject, value: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        if !is_int(value) {
            let r = repr(value)?;
            return raise(
                Exc::ValueError,
                format!("{r} is not a valid {}", cls_qualname(cls)),
            );
        }
        let flag_mask = cls_state(cls, c"_flag_mask_")?;
        let singles = cls_state(cls, c"_singles_mask_")?;
        let all_bits = cls_state(cls, c"_all_bits_")?;
        let boundary = cls_state(cls, c"_boundary_")?;
        let b = boundary.as_ptr();
        let zero = int(0)?;
        let one = int(1)?;
        let mut value = Owned::borrowed(value);
        let mut neg_value: Option<Owned> = None;
        let low = Owned::new(PyNumber_Invert(all_bits.as_ptr()))?;
        let in_range = cmp(low.as_ptr(), value.as_ptr(), Py_LE)?
            && cmp(value.as_ptr(), all_bits.as_ptr(), Py_LE)?;
        let gaps = num(PyNumber_Xor, all_bits.as_ptr(), flag_mask.as_ptr())?;
        let outside = num(PyNumber_And, value.as_ptr(), gaps.as_ptr())?;
        if !in_range || truth(outside.as_ptr())? {
            if b == held(&STRICT) {
                let vb = bit_length(value.as_ptr())?;
                let mb = bit_length(flag_mask.as_ptr())?;
                let max_bits = PyLong_AsSsize_t(vb.as_ptr()).max(PyLong_AsSsize_t(mb.as_ptr()));
                let rc = repr(cls)?;
                let rv = repr(value.as_ptr())?;
                let given = flag_bin(value.as_ptr(), Some(max_bits as usize))?;
                let allowed = flag_bin(flag_mask.as_ptr(), Some(max_bits as usize))?;
                return raise(
                    Exc::ValueError,
                    format!("{rc} invalid value {rv}\n    given {given}\n  allowed {allowed}"),
                );
            } else if b == held(&CONFORM) {
                value = num(PyNumber_And, value.as_ptr(), flag_mask.as_ptr())?;
            } else if b == held(&EJECT) {
                return Some(value);
            } else if b == held(&KEEP) {
                if cmp(value.as_ptr(), zero.as_ptr(), Py_LT)? {
                    let top = num(PyNumber_Add, all_bits.as_ptr(), one.as_ptr())?;
                    let vb = bit_length(value.as_ptr())?;
                    let p = pow2(vb.as_ptr())?;
                    let big = if cmp(top.as_ptr(), p.as_ptr(), Py_GE)? {
                        top
                    } else {
                        p
                    };
                    value = num(PyNumber_Add, big.as_ptr(), value.as_ptr())?;
                }
            } else {
                let rc = repr(cls)?;
                let rb = repr(b)?;
                return raise(Exc::ValueError, format!("{rc} unknown flag boundary {rb}"));
            }
        }
        if cmp(value.as_ptr(), zero.as_ptr(), Py_LT)? {
            let top = num(PyNumber_Add, all_bits.as_ptr(), one.as_ptr())?;
            let v = num(PyNumber_Add, top.as_ptr(), value.as_ptr())?;
            neg_value = Some(std::mem::replace(&mut value, v));
        }
        let not_mask = Owned::new(PyNumber_Invert(flag_mask.as_ptr()))?;
        let unknown = num(PyNumber_And, value.as_ptr(), not_mask.as_ptr())?;
        let not_singles = Owned::new(PyNumber_Invert(singles.as_ptr()))?;
        let aliases = num(PyNumber_And, value.as_ptr(), not_singles.as_ptr())?;
        let member_value = num(PyNumber_And, value.as_ptr(), singles.as_ptr())?;
        if truth(unknown.as_ptr())? && b != held(&KEEP) {
            let rv = repr(value.as_ptr())?;
            let ru = repr(unknown.as_ptr())?;
            let bu = flag_bin(unknown.as_ptr(), None)?;
            return raise(
                Exc::ValueError,
                format!("{}({rv}) -->  unknown values {ru} [{bu}]", cls_name(cls)),
            );
        }
        let member_type = cls_state(cls, c"_member_type_")?;
        let args = tuple(&[value.as_ptr()])?;
        let pseudo = new_member(cls, member_type.as_ptr(), args.as_ptr())?;
        if instance_dict_get(pseudo.as_ptr(), c"_value_")?.is_null() {
            setattr(pseudo.as_ptr(), c"_value_", value.as_ptr())?;
        }
        let name: Owned = if truth(member_value.as_ptr())? || truth(aliases.as_ptr())? {
            let members = Owned::new(PyList_New(0))?;
            let mut combined = int(0)?;
            for m in flag_members_of(cls, member_value.as_ptr())? {
                if PyList_Append(members.as_ptr(), m.as_ptr()) < 0 {
                    return None;
                }
                let mv = getattr(m.as_ptr(), c"_value_")?;
                combined = num(PyNumber_Or, combined.as_ptr(), mv.as_ptr())?;
            }
            if truth(aliases.as_ptr())? {
                value = num(PyNumber_Or, member_value.as_ptr(), aliases.as_ptr())?;
                let map = cls_state(cls, c"_member_map_")?;
                let (mut pos, mut k, mut pm) = (0, ptr::null_mut(), ptr::null_mut());
                while PyDict_Next(map.as_ptr(), &mut pos, &mut k, &mut pm) != 0 {
                    let pm = Owned::borrowed(pm);
                    let c = PySequence_Contains(members.as_ptr(), pm.as_ptr());
                    if c < 0 {
                        return None;
                    }
                    if c == 1 {
                        continue;
                    }
                    let pv = getattr(pm.as_ptr(), c"_value_")?;
                    if !truth(pv.as_ptr())? {
                        continue;
                    }
                    let both = num(PyNumber_And, pv.as_ptr(), value.as_ptr())?;
                    if cmp(both.as_ptr(), pv.as_ptr(), Py_EQ)? {
                        if PyList_Append(members.as_ptr(), pm.as_ptr()) < 0 {
                            return None;
                        }
                        combined = num(PyNumber_Or, combined.as_ptr(), pv.as_ptr())?;
                    }
                }
            }
            let unknown = num(PyNumber_Xor, value.as_ptr(), combined.as_ptr())?;
            let mut parts = Vec::new();
            for i in 0..PyList_Size(members.as_ptr()) {
                let m = PyList_GetItem(members.as_ptr(), i);
                parts.push(getattr(m, c"_name_")?);
            }
            let sep = s("|")?;
            let ptrs: Vec<*mut PyObject> = parts.iter().map(Owned::as_ptr).collect();
            let list = tuple(&ptrs)?;
            let joined = Owned::new(PyUnicode_Join(sep.as_ptr(), list.as_ptr()))?;
            if !truth(combined.as_ptr())? {
                Owned::borrowed(none())
            } else if truth(unknown.as_ptr())? && b == held(&STRICT) {
                let rc = repr(cls)?;
                let ru = repr(unknown.as_ptr())?;
                return raise(Exc::ValueError, format!("{rc}: no members with value {ru}"));
            } else if truth(unknown.as_ptr())? {
                let ru = repr(unknown.as_ptr())?;
                s(&format!("{}|{ru}", text_of(joined.as_ptr())))?
            } else {
                joined
            }
        } else {
            Owned::borrowed(none())
        };
        setattr(pseudo.as_ptr(), c"_name_", name.as_ptr())?;
        let v2m = cls_state(cls, c"_value2member_map_")?;
        let kept = PyDict_SetDefault(v2m.as_ptr(), value.as_ptr(), pseudo.as_ptr());
        if kept.is_null() {
            return None;
        }
        let kept = Owned::borrowed(kept);
        if let Some(neg) = neg_value
            && PyDict_SetItem(v2m.as_ptr(), neg.as_ptr(), kept.as_ptr()) < 0
        {
            return None;
        }
        Some(kept)
    }
}

/// The address of enum classes' `tp_new`, which stands for a `__new__`
/// written in Python (`Enum.__new__`): `T.__new__(S)` skips classes with
/// it when it looks for the static base that makes `S`'s objects.
pub(crate) fn python_level_new() -> usize {
    enum_tp_new as *const () as usize
}

/// `tp_new` of enum classes (`Color.__new__(Color, 1)`): the value
/// lookup, as CPython replaces every enum's `__new__` with
/// `Enum.__new__`.
unsafe extern "C" fn enum_tp_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new call.
    unsafe {
        let Some(b) = bind("Enum.__new__", args, kw, &["value"], 1, 1) else {
            return ptr::null_mut();
        };
        lookup_value(ty.cast(), b[0]).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

// ==========================================================================
// The functional API: Enum('Name', names, ...)
// ==========================================================================

/// `EnumType._create_`: a new enum class named `class_name` deriving from
/// `cls` (and `type`), with members from `names` (a str of names, a
/// sequence of names, of `(name, value)` pairs, or a mapping).
///
/// # Safety
/// All must be live (`module`, `qualname`, `ty` may be None).
#[allow(clippy::too_many_arguments)]
unsafe fn create(
    cls: *mut PyObject,
    class_name: *mut PyObject,
    names: *mut PyObject,
    module: *mut PyObject,
    qualname: *mut PyObject,
    ty: *mut PyObject,
    start: *mut PyObject,
    boundary: *mut PyObject,
) -> R {
    // SAFETY: per the contract.
    unsafe {
        let metacls: *mut PyObject = type_of(cls).cast();
        let bases = if ty == none() {
            tuple(&[cls])?
        } else {
            tuple(&[ty, cls])?
        };
        let (_, first_enum) = get_mixins(class_name, bases.as_ptr())?;
        let classdict = prepare(class_name, bases.as_ptr())?;
        let mut names = Owned::borrowed(names);
        if is_str(names.as_ptr()) {
            let comma = s(",")?;
            let space = s(" ")?;
            let replaced = Owned::new(PyUnicode_Replace(
                names.as_ptr(),
                comma.as_ptr(),
                space.as_ptr(),
                -1,
            ))?;
            names = Owned::new(PyUnicode_Split(replaced.as_ptr(), ptr::null_mut(), -1))?;
        }
        let is_seq = crate::objects::tupleobject::is_tuple(names.as_ptr())
            || crate::objects::listobject::is_list(names.as_ptr());
        if is_seq {
            let items = Owned::new(PySequence_List(names.as_ptr()))?;
            let n = PyList_Size(items.as_ptr());
            if n > 0 && is_str(PyList_GetItem(items.as_ptr(), 0)) {
                let kind = next_value_kind(first_enum);
                let pairs = Owned::new(PyList_New(0))?;
                let last_values = Owned::new(PyList_New(0))?;
                for i in 0..n {
                    let name = PyList_GetItem(items.as_ptr(), i);
                    let snapshot = Owned::new(PySequence_List(last_values.as_ptr()))?;
                    let v = generate_next_value(kind, name, start, i as usize, snapshot.as_ptr())?;
                    if PyList_Append(last_values.as_ptr(), v.as_ptr()) < 0 {
                        return None;
                    }
                    let pair = tuple(&[name, v.as_ptr()])?;
                    if PyList_Append(pairs.as_ptr(), pair.as_ptr()) < 0 {
                        return None;
                    }
                }
                names = pairs;
            }
        }
        if names.as_ptr() != none() {
            let it = Owned::new(PyObject_GetIter(names.as_ptr()))?;
            loop {
                let Some(item) = Owned::new(PyIter_Next(it.as_ptr())) else {
                    if !PyErr_Occurred().is_null() {
                        return None;
                    }
                    break;
                };
                let (k, v) = if is_str(item.as_ptr()) {
                    let v = Owned::new(PyObject_GetItem(names.as_ptr(), item.as_ptr()))?;
                    (item, v)
                } else {
                    unpack_pair(item.as_ptr())?
                };
                if crate::objects::r#abstract::PyObject_SetItem(
                    classdict.as_ptr(),
                    k.as_ptr(),
                    v.as_ptr(),
                ) < 0
                {
                    return None;
                }
            }
        }
        let d = classdict.as_ptr();
        if module == none() {
            // No Python frame to take the caller's module from: CPython
            // then makes the class unpicklable.
            let unknown = s("<unknown>")?;
            dict_set(d, c"__module__", unknown.as_ptr())?;
            let desc = Owned::new(PyDescr_NewMethod(
                held(&ENUM).cast(),
                BREAK_REDUCE_DEF.get(),
            ))?;
            let dict_ass = (*(*crate::objects::dictobject::PyDict_Type.get()).tp_as_mapping)
                .mp_ass_subscript?;
            let key = s("__reduce_ex__")?;
            if dict_ass(d, key.as_ptr(), desc.as_ptr()) < 0 {
                return None;
            }
        } else {
            dict_set(d, c"__module__", module)?;
        }
        if qualname != none() {
            dict_set(d, c"__qualname__", qualname)?;
        }
        make_enum_class(metacls, class_name, bases.as_ptr(), d, boundary)
    }
}

/// `_break_on_call_reduce(self, proto)`: pickling a class made without a
/// module fails.
unsafe extern "C" fn break_on_call_reduce(
    slf: *mut PyObject,
    _arg: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a method call on a live member.
    unsafe {
        let Some(r) = repr(slf) else {
            return ptr::null_mut();
        };
        errors::fail_null(Exc::TypeError, format!("{r} cannot be pickled"))
    }
}

static BREAK_REDUCE_DEF: StaticObject<PyMethodDef> = StaticObject::new(PyMethodDef {
    ml_name: c"_break_on_call_reduce".as_ptr(),
    ml_meth: Some(break_on_call_reduce),
    ml_flags: METH_O,
    ml_doc: ptr::null(),
});

// ==========================================================================
// EnumType: the metaclass's slots
// ==========================================================================

/// `EnumType.__call__(cls, value, names=None, *, module=None,
/// qualname=None, type=None, start=1, boundary=None)`: a value lookup, or
/// with `names` the functional API.
unsafe extern "C" fn enumtype_call(
    cls: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call with a tuple and NULL or a dict.
    unsafe {
        let Some(b) = bind(
            "EnumType.__call__",
            args,
            kw,
            &[
                "value", "names", "module", "qualname", "type", "start", "boundary",
            ],
            2,
            1,
        ) else {
            return ptr::null_mut();
        };
        let or_none = |p: *mut PyObject| if p.is_null() { none() } else { p };
        if b[1].is_null() || b[1] == none() {
            return lookup_value(cls, b[0]).map_or(ptr::null_mut(), Owned::into_raw);
        }
        let Some(one) = int(1) else {
            return ptr::null_mut();
        };
        let start = if b[5].is_null() { one.as_ptr() } else { b[5] };
        create(
            cls,
            b[0],
            b[1],
            or_none(b[2]),
            or_none(b[3]),
            or_none(b[4]),
            start,
            or_none(b[6]),
        )
        .map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `EnumType.__repr__`: `<enum 'Color'>`, `<flag 'Perm'>`.
unsafe extern "C" fn enumtype_repr(cls: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live enum class.
    unsafe {
        let kind = if derives(cls, &FLAG) { "flag" } else { "enum" };
        let Some(name) = s(&cls_name(cls)) else {
            return ptr::null_mut();
        };
        let Some(r) = repr(name.as_ptr()) else {
            return ptr::null_mut();
        };
        s(&format!("<{kind} {r}>")).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// The member named `name` of `cls`, if any (borrowed); NULL without an
/// error otherwise.
///
/// # Safety
/// `cls` must be a live type, `name` a str.
unsafe fn member_named(cls: *mut PyObject, name: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    unsafe {
        let key = s("_member_map_")?;
        let map = _PyType_Lookup(cls.cast(), key.as_ptr());
        if map.is_null() || !crate::objects::dictobject::is_dict(map) {
            return Some(ptr::null_mut());
        }
        let m = PyDict_GetItemWithError(map, name);
        if m.is_null() && !PyErr_Occurred().is_null() {
            return None;
        }
        Some(m)
    }
}

/// `EnumType.__getattribute__` with `__getattr__`: members first (so a
/// member named `name` or `value` wins over the member properties), then
/// the type's lookup; a missing name raises `AttributeError(name)`.
unsafe extern "C" fn enumtype_getattro(cls: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live class and name.
    unsafe {
        if is_str(name) && !is_dunder(&text_of(name)) {
            match member_named(cls, name) {
                None => return ptr::null_mut(),
                Some(m) if !m.is_null() => return new_ref(m),
                Some(_) => {}
            }
        }
        let get = (*crate::objects::typeobject::PyType_Type.get())
            .tp_getattro
            .expect("type has getattro");
        let r = get(cls, name);
        if r.is_null()
            && is_str(name)
            && PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0
        {
            PyErr_Clear();
            PyErr_SetObject(Exc::AttributeError.type_object(), name);
        }
        r
    }
}

/// `EnumType.__setattr__` / `__delattr__`: members cannot be reassigned
/// or deleted; `__doc__` is stored in the class dict (as `type`'s
/// `__doc__` setter does); the rest as for any class.
unsafe extern "C" fn enumtype_setattro(
    cls: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live class and name.
    unsafe {
        if is_str(name) {
            let own = dict_get(cls_dict(cls), c"_member_map_");
            let map = if value.is_null() {
                match member_named(cls, name) {
                    None => return -1,
                    Some(m) => m,
                }
            } else if own.is_null() {
                ptr::null_mut()
            } else {
                let m = PyDict_GetItemWithError(own, name);
                if m.is_null() && !PyErr_Occurred().is_null() {
                    return -1;
                }
                m
            };
            if !map.is_null() {
                let Some(r) = repr(name) else {
                    return -1;
                };
                if value.is_null() {
                    let Some(n) = s(&cls_name(cls)) else {
                        return -1;
                    };
                    let Some(rn) = repr(n.as_ptr()) else {
                        return -1;
                    };
                    return errors::fail(
                        Exc::AttributeError,
                        format!("{rn} cannot delete member {r}."),
                    );
                }
                return errors::fail(Exc::AttributeError, format!("cannot reassign member {r}"));
            }
            if text_of(name) == "__doc__" && !value.is_null() {
                return PyDict_SetItem(cls_dict(cls), name, value);
            }
        }
        let set = (*crate::objects::typeobject::PyType_Type.get())
            .tp_setattro
            .expect("type has setattro");
        set(cls, name, value)
    }
}

/// The class's canonical members, in definition order (a new list).
///
/// # Safety
/// `cls` must be an enum class.
unsafe fn members_list(cls: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let names = cls_state(cls, c"_member_names_")?;
        let map = cls_state(cls, c"_member_map_")?;
        let out = Owned::new(PyList_New(0))?;
        let it = Owned::new(PyObject_GetIter(names.as_ptr()))?;
        loop {
            let Some(n) = Owned::new(PyIter_Next(it.as_ptr())) else {
                if !PyErr_Occurred().is_null() {
                    return None;
                }
                break;
            };
            let m = Owned::new(PyObject_GetItem(map.as_ptr(), n.as_ptr()))?;
            if PyList_Append(out.as_ptr(), m.as_ptr()) < 0 {
                return None;
            }
        }
        Some(out)
    }
}

/// `EnumType.__iter__`: the members in definition order (no aliases).
unsafe extern "C" fn enumtype_iter(cls: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live enum class.
    unsafe {
        match members_list(cls) {
            Some(l) => PyObject_GetIter(l.as_ptr()),
            None => ptr::null_mut(),
        }
    }
}

/// `EnumType.__reversed__`.
unsafe extern "C" fn enumtype_reversed(cls: *mut PyObject, _arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live enum class.
    unsafe {
        match members_list(cls) {
            Some(l) => {
                if PyList_Reverse(l.as_ptr()) < 0 {
                    return ptr::null_mut();
                }
                PyObject_GetIter(l.as_ptr())
            }
            None => ptr::null_mut(),
        }
    }
}

/// `EnumType.__len__`: the number of members (no aliases).
unsafe extern "C" fn enumtype_len(cls: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live enum class.
    unsafe {
        match cls_state(cls, c"_member_names_") {
            Some(n) => crate::objects::r#abstract::PyObject_Size(n.as_ptr()),
            None => -1,
        }
    }
}

/// `EnumType.__contains__` (3.11): a member of the class; anything not an
/// Enum member warns (DeprecationWarning) and raises TypeError.
unsafe extern "C" fn enumtype_contains(cls: *mut PyObject, member: *mut PyObject) -> c_int {
    // SAFETY: a live class and object.
    unsafe {
        let enum_ = held(&ENUM);
        let is_member = PyObject_IsInstance(member, enum_);
        if is_member < 0 {
            return -1;
        }
        if is_member == 0 {
            if PyErr_WarnEx(
                Exc::DeprecationWarning.type_object(),
                c"in 3.12 __contains__ will no longer raise TypeError, but will return True or\nFalse depending on whether the value is a member or the value of a member".as_ptr(),
                2,
            ) < 0
            {
                return -1;
            }
            let mq = cls_qualname(type_of(member).cast());
            let cq = cls_qualname(type_of(cls).cast());
            return errors::fail(
                Exc::TypeError,
                format!("unsupported operand type(s) for 'in': '{mq}' and '{cq}'"),
            );
        }
        let inst = PyObject_IsInstance(member, cls);
        if inst <= 0 {
            return inst;
        }
        let Some(name) = getattr(member, c"_name_") else {
            return -1;
        };
        let Some(map) = cls_state(cls, c"_member_map_") else {
            return -1;
        };
        PyDict_Contains(map.as_ptr(), name.as_ptr())
    }
}

/// `EnumType.__getitem__`: `cls._member_map_[name]` (KeyError).
unsafe extern "C" fn enumtype_getitem(cls: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live class and key.
    unsafe {
        match cls_state(cls, c"_member_map_") {
            Some(map) => PyObject_GetItem(map.as_ptr(), name),
            None => ptr::null_mut(),
        }
    }
}

/// `EnumType.__bool__`: classes are always true.
unsafe extern "C" fn enumtype_bool(_cls: *mut PyObject) -> c_int {
    1
}

/// `EnumType.__members__`: a read-only view of `_member_map_`.
unsafe extern "C" fn enumtype_members(cls: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live enum class.
    unsafe {
        match cls_state(cls, c"_member_map_") {
            Some(map) => PyDictProxy_New(map.as_ptr()),
            None => ptr::null_mut(),
        }
    }
}

/// `EnumType.__init__`: nothing (the class is complete after `__new__`).
unsafe extern "C" fn enumtype_init(
    _cls: *mut PyObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> c_int {
    0
}

static ENUMTYPE_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__prepare__".as_ptr(),
        // SAFETY: the tuple-and-keywords signature METH_VARARGS |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(enumtype_prepare)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS | METH_CLASS,
        ml_doc: ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__reversed__".as_ptr(),
        ml_meth: Some(enumtype_reversed),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return members in reverse definition order.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

static ENUMTYPE_GETSET: StaticObject<[PyGetSetDef; 1]> = StaticObject::new([PyGetSetDef {
    name: c"__members__".as_ptr(),
    get: Some(enumtype_members),
    set: None,
    doc: c"Returns a mapping of member name->value.".as_ptr(),
    closure: ptr::null_mut(),
}]);

/// Makes `EnumType` (alias `EnumMeta`), the metaclass of enum classes:
/// `class EnumType(type)` with the metaclass's slots and methods.
fn make_enum_type() -> R {
    // SAFETY: a fresh heap type whose own slots and suites are set before
    // any instance exists.
    unsafe {
        let et = plain_class(
            "EnumType",
            &[crate::objects::typeobject::PyType_Type.get().cast()],
            Some("Metaclass for Enum"),
        )?;
        let ty = et.as_ptr().cast::<PyTypeObject>();
        (*ty).tp_new = Some(enumtype_new);
        (*ty).tp_init = Some(enumtype_init);
        (*ty).tp_call = Some(enumtype_call);
        (*ty).tp_repr = Some(enumtype_repr);
        (*ty).tp_getattro = Some(enumtype_getattro);
        (*ty).tp_setattro = Some(enumtype_setattro);
        (*ty).tp_iter = Some(enumtype_iter);
        (*(*ty).tp_as_sequence).sq_length = Some(enumtype_len);
        (*(*ty).tp_as_sequence).sq_contains = Some(enumtype_contains);
        (*(*ty).tp_as_mapping).mp_length = Some(enumtype_len);
        (*(*ty).tp_as_mapping).mp_subscript = Some(enumtype_getitem);
        (*(*ty).tp_as_number).nb_bool = Some(enumtype_bool);
        // Metaclasses deriving from it find its dunders.
        let names = [
            c"__call__",
            c"__repr__",
            c"__getattribute__",
            c"__setattr__",
            c"__delattr__",
            c"__iter__",
            c"__len__",
            c"__contains__",
            c"__getitem__",
            c"__bool__",
            c"__init__",
        ];
        if crate::objects::typeobject::add_slot_wrappers(ty, &names) < 0 {
            return None;
        }
        let d = cls_dict(et.as_ptr());
        let methods = &*ENUMTYPE_METHODS.get();
        let prepare = Owned::new(PyDescr_NewClassMethod(
            ty,
            ptr::from_ref(&methods[0]).cast_mut(),
        ))?;
        dict_set(d, c"__prepare__", prepare.as_ptr())?;
        add_descriptors(et.as_ptr(), &methods[1..2], &*ENUMTYPE_GETSET.get())?;
        Some(et)
    }
}

// ==========================================================================
// Members: Enum's methods
// ==========================================================================

/// `Enum.__repr__` / `Flag.__repr__`: `<Color.RED: 1>`, `<Perm: 0>` for a
/// flag without a name.
unsafe extern "C" fn enum_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe {
        let cls = type_of(op).cast::<PyObject>();
        let (Some(name), Some(value)) = (getattr(op, c"_name_"), getattr(op, c"_value_")) else {
            return ptr::null_mut();
        };
        let Some(vr) = repr(value.as_ptr()) else {
            return ptr::null_mut();
        };
        let cn = cls_name(cls);
        let text = if name.as_ptr() == none() && derives(cls, &FLAG) {
            format!("<{cn}: {vr}>")
        } else {
            let Some(n) = str_text(name.as_ptr()) else {
                return ptr::null_mut();
            };
            format!("<{cn}.{n}: {vr}>")
        };
        s(&text).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `Enum.__str__` / `Flag.__str__`: `Color.RED`, `Perm(0)` for a flag
/// without a name.
unsafe extern "C" fn enum_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe {
        let cls = type_of(op).cast::<PyObject>();
        let Some(name) = getattr(op, c"_name_") else {
            return ptr::null_mut();
        };
        let cn = cls_name(cls);
        let text = if name.as_ptr() == none() && derives(cls, &FLAG) {
            let Some(value) = getattr(op, c"_value_") else {
                return ptr::null_mut();
            };
            let Some(vr) = repr(value.as_ptr()) else {
                return ptr::null_mut();
            };
            format!("{cn}({vr})")
        } else {
            let Some(n) = str_text(name.as_ptr()) else {
                return ptr::null_mut();
            };
            format!("{cn}.{n}")
        };
        s(&text).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `tp_repr` of a class whose body defines `__repr__` (a Cython
/// function): calls it, as CPython's `slot_tp_repr` does.
unsafe extern "C" fn slot_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance.
    unsafe { call_special(op, c"__repr__") }
}

/// `tp_str` of a class whose body defines `__str__`.
unsafe extern "C" fn slot_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance.
    unsafe { call_special(op, c"__str__") }
}

/// `type(op).<name>` bound to `op` and called without arguments.
///
/// # Safety
/// `op` must be live.
unsafe fn call_special(op: *mut PyObject, name: &CStr) -> *mut PyObject {
    // SAFETY: per the contract; the found attribute is referenced.
    unsafe {
        let ty = type_of(op);
        let Some(f) = lookup(ty.cast(), name) else {
            if PyErr_Occurred().is_null() {
                errors::raise(Exc::AttributeError, name.to_str().unwrap_or_default());
            }
            return ptr::null_mut();
        };
        let bound = match (*type_of(f.as_ptr())).tp_descr_get {
            Some(get) => match Owned::new(get(f.as_ptr(), op, ty.cast())) {
                Some(b) => b,
                None => return ptr::null_mut(),
            },
            None => f,
        };
        call(bound.as_ptr(), &[]).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `Enum.__repr__` as a method (`super().__repr__()` finds it).
unsafe extern "C" fn enum_repr_method(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe { enum_repr(op) }
}

/// `Enum.__str__` as a method.
unsafe extern "C" fn enum_str_method(op: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe { enum_str(op) }
}

/// `Enum.__hash__`: `hash(self._name_)`.
unsafe extern "C" fn enum_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live member.
    unsafe {
        match getattr(op, c"_name_") {
            Some(n) => PyObject_Hash(n.as_ptr()),
            None => -1,
        }
    }
}

/// `Enum.__format__(spec)`: `str.__format__(str(self), spec)`.
unsafe extern "C" fn enum_format(op: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member and argument.
    unsafe {
        let Some(text) = Owned::new(PyObject_Str(op)) else {
            return ptr::null_mut();
        };
        PyObject_Format(text.as_ptr(), spec)
    }
}

/// `Enum.__reduce_ex__(proto)`: `(cls, (value,))`.
unsafe extern "C" fn enum_reduce_ex(op: *mut PyObject, _proto: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe {
        let Some(value) = getattr(op, c"_value_") else {
            return ptr::null_mut();
        };
        let Some(args) = tuple(&[value.as_ptr()]) else {
            return ptr::null_mut();
        };
        tuple(&[type_of(op).cast(), args.as_ptr()]).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `Enum.__copy__` / `__deepcopy__(memo)`: the member itself.
unsafe extern "C" fn enum_self(op: *mut PyObject, _arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe { new_ref(op) }
}

/// `Enum.name`.
unsafe extern "C" fn enum_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe { PyObject_GetAttrString(op, c"_name_".as_ptr()) }
}

/// `Enum.value`.
unsafe extern "C" fn enum_get_value(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live member.
    unsafe { PyObject_GetAttrString(op, c"_value_".as_ptr()) }
}

static ENUM_METHODS: StaticObject<[PyMethodDef; 6]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__repr__".as_ptr(),
        ml_meth: Some(enum_repr_method),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return repr(self).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__str__".as_ptr(),
        ml_meth: Some(enum_str_method),
        ml_flags: METH_NOARGS,
        ml_doc: c"Return str(self).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__format__".as_ptr(),
        ml_meth: Some(enum_format),
        ml_flags: METH_O,
        ml_doc: ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__reduce_ex__".as_ptr(),
        ml_meth: Some(enum_reduce_ex),
        ml_flags: METH_O,
        ml_doc: ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__deepcopy__".as_ptr(),
        ml_meth: Some(enum_self),
        ml_flags: METH_O,
        ml_doc: ptr::null(),
    },
    PyMethodDef {
        ml_name: c"__copy__".as_ptr(),
        ml_meth: Some(enum_self),
        ml_flags: METH_NOARGS,
        ml_doc: ptr::null(),
    },
]);

static ENUM_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef {
        name: c"name".as_ptr(),
        get: Some(enum_get_name),
        set: None,
        doc: c"The name of the Enum member.".as_ptr(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c"value".as_ptr(),
        get: Some(enum_get_value),
        set: None,
        doc: c"The value of the Enum member.".as_ptr(),
        closure: ptr::null_mut(),
    },
]);

// ==========================================================================
// Members: Flag's operators and container protocol
// ==========================================================================

/// Whether `o` is a member of a flag class (a flag operand).
///
/// # Safety
/// `o` must be live.
unsafe fn is_flag_member(o: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { derives(type_of(o).cast(), &FLAG) && is_enum_class(type_of(o).cast()) }
}

/// `Flag.__or__` / `__and__` / `__xor__` and their reflections: the
/// other operand is a member of the same class or (for a mixed-in data
/// type such as IntFlag's int) an instance of the data type; the result
/// is `cls(self._value_ <op> other)`.
///
/// # Safety
/// Both must be live.
unsafe fn flag_binop(
    a: *mut PyObject,
    b: *mut PyObject,
    f: unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let (slf, other) = if is_flag_member(a) { (a, b) } else { (b, a) };
        let cls = type_of(slf).cast::<PyObject>();
        let other_value = if type_of(other) == type_of(slf)
            || is_subtype(type_of(other), type_of(slf))
        {
            match getattr(other, c"_value_") {
                Some(v) => v,
                None => return ptr::null_mut(),
            }
        } else {
            let Some(mt) = cls_state(cls, c"_member_type_") else {
                return ptr::null_mut();
            };
            let object: *mut PyObject = crate::objects::typeobject::PyBaseObject_Type.get().cast();
            let ok = mt.as_ptr() != object && {
                let r = PyObject_IsInstance(other, mt.as_ptr());
                if r < 0 {
                    return ptr::null_mut();
                }
                r == 1
            };
            if !ok {
                return new_ref(crate::objects::object::py_not_implemented());
            }
            Owned::borrowed(other)
        };
        let Some(value) = getattr(slf, c"_value_") else {
            return ptr::null_mut();
        };
        let Some(combined) = num(f, value.as_ptr(), other_value.as_ptr()) else {
            return ptr::null_mut();
        };
        lookup_value(cls, combined.as_ptr()).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

unsafe extern "C" fn flag_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a binary slot's live operands.
    unsafe { flag_binop(a, b, PyNumber_Or) }
}

unsafe extern "C" fn flag_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a binary slot's live operands.
    unsafe { flag_binop(a, b, PyNumber_And) }
}

unsafe extern "C" fn flag_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a binary slot's live operands.
    unsafe { flag_binop(a, b, PyNumber_Xor) }
}

/// `Flag.__invert__`: for EJECT and KEEP `cls(~value)`, else the single
/// bits not in the value; kept on the member as `_inverted_`.
unsafe extern "C" fn flag_invert(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live flag member.
    unsafe {
        match instance_dict_get(op, c"_inverted_") {
            None => return ptr::null_mut(),
            Some(p) if !p.is_null() && p != none() => return new_ref(p),
            Some(_) => {}
        }
        let cls = type_of(op).cast::<PyObject>();
        let r = (|| -> R {
            let value = getattr(op, c"_value_")?;
            let boundary = cls_state(cls, c"_boundary_")?;
            let inv = Owned::new(PyNumber_Invert(value.as_ptr()))?;
            let b = boundary.as_ptr();
            let target = if b == held(&EJECT) || b == held(&KEEP) {
                inv
            } else {
                let singles = cls_state(cls, c"_singles_mask_")?;
                num(PyNumber_And, singles.as_ptr(), inv.as_ptr())?
            };
            let result = lookup_value(cls, target.as_ptr())?;
            setattr(op, c"_inverted_", result.as_ptr())?;
            Some(result)
        })();
        r.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `Flag.__bool__`: `bool(self._value_)`.
unsafe extern "C" fn flag_bool(op: *mut PyObject) -> c_int {
    // SAFETY: a live flag member.
    unsafe {
        match getattr(op, c"_value_") {
            Some(v) => PyObject_IsTrue(v.as_ptr()),
            None => -1,
        }
    }
}

/// `Flag.__contains__`: every bit of `other` (a member of the same class)
/// is in `self`.
unsafe extern "C" fn flag_contains(op: *mut PyObject, other: *mut PyObject) -> c_int {
    // SAFETY: a live flag member and object.
    unsafe {
        let cls = type_of(op).cast::<PyObject>();
        let inst = PyObject_IsInstance(other, cls);
        if inst < 0 {
            return -1;
        }
        if inst == 0 {
            let Some(a) = s(&cls_qualname(type_of(other).cast())) else {
                return -1;
            };
            let Some(b) = s(&cls_qualname(cls)) else {
                return -1;
            };
            let (Some(ra), Some(rb)) = (repr(a.as_ptr()), repr(b.as_ptr())) else {
                return -1;
            };
            return errors::fail(
                Exc::TypeError,
                format!("unsupported operand type(s) for 'in': {ra} and {rb}"),
            );
        }
        let r = (|| -> Option<bool> {
            let ov = getattr(other, c"_value_")?;
            let sv = getattr(op, c"_value_")?;
            let both = num(PyNumber_And, ov.as_ptr(), sv.as_ptr())?;
            cmp(both.as_ptr(), ov.as_ptr(), Py_EQ)
        })();
        match r {
            Some(b) => b as c_int,
            None => -1,
        }
    }
}

/// `Flag.__iter__`: the canonical members in the value.
unsafe extern "C" fn flag_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live flag member.
    unsafe {
        let r = (|| -> R {
            let value = getattr(op, c"_value_")?;
            let members = flag_members_of(type_of(op).cast(), value.as_ptr())?;
            let list = Owned::new(PyList_New(0))?;
            for m in members {
                if PyList_Append(list.as_ptr(), m.as_ptr()) < 0 {
                    return None;
                }
            }
            Owned::new(PyObject_GetIter(list.as_ptr()))
        })();
        r.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// `Flag.__len__`: `self._value_.bit_count()`.
unsafe extern "C" fn flag_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live flag member.
    unsafe {
        let Some(value) = getattr(op, c"_value_") else {
            return -1;
        };
        let Some(n) = Owned::new(PyObject_CallMethod(
            value.as_ptr(),
            c"bit_count".as_ptr(),
            ptr::null(),
        )) else {
            return -1;
        };
        PyLong_AsSsize_t(n.as_ptr())
    }
}

// ==========================================================================
// unique
// ==========================================================================

/// `unique(enumeration)`: the class, or `ValueError("duplicate values
/// found in <enum 'X'>: B -> A")` when it has aliases.
unsafe extern "C" fn enum_unique(_m: *mut PyObject, cls: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument.
    unsafe {
        let r = (|| -> R {
            let members = getattr(cls, c"__members__")?;
            let items = Owned::new(PyObject_CallMethod(
                members.as_ptr(),
                c"items".as_ptr(),
                ptr::null(),
            ))?;
            let it = Owned::new(PyObject_GetIter(items.as_ptr()))?;
            let mut dups = Vec::new();
            loop {
                let Some(pair) = Owned::new(PyIter_Next(it.as_ptr())) else {
                    if !PyErr_Occurred().is_null() {
                        return None;
                    }
                    break;
                };
                let (name, member) = unpack_pair(pair.as_ptr())?;
                let mname = getattr(member.as_ptr(), c"name")?;
                if !cmp(name.as_ptr(), mname.as_ptr(), Py_EQ)? {
                    dups.push(format!(
                        "{} -> {}",
                        str_text(name.as_ptr())?,
                        str_text(mname.as_ptr())?
                    ));
                }
            }
            if !dups.is_empty() {
                let rc = repr(cls)?;
                return raise(
                    Exc::ValueError,
                    format!("duplicate values found in {rc}: {}", dups.join(", ")),
                );
            }
            Some(Owned::borrowed(cls))
        })();
        r.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

static MODULE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"unique".as_ptr(),
        ml_meth: Some(enum_unique),
        ml_flags: METH_O,
        ml_doc: c"Class decorator for enumerations ensuring unique member values.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

// ==========================================================================
// The module
// ==========================================================================

/// Makes base enum class `name` (no members) in module `enum`, as the
/// class statements of `Lib/enum.py` do.
///
/// # Safety
/// `bases` must be live types; the module's earlier bases made.
unsafe fn make_base(name: &str, bases: &[*mut PyObject], boundary: *mut PyObject, doc: &str) -> R {
    // SAFETY: per the contract.
    unsafe {
        let n = s(name)?;
        let b = tuple(bases)?;
        let ns = prepare(n.as_ptr(), b.as_ptr())?;
        let module = s("enum")?;
        dict_set(ns.as_ptr(), c"__module__", module.as_ptr())?;
        let d = s(doc)?;
        dict_set(ns.as_ptr(), c"__doc__", d.as_ptr())?;
        make_enum_class(
            held(&ENUM_TYPE),
            n.as_ptr(),
            b.as_ptr(),
            ns.as_ptr(),
            boundary,
        )
    }
}

/// Makes the classes (once per process: later calls reuse them) and
/// fills module `m`.
///
/// # Safety
/// `m` must be a live module.
unsafe fn fill_module(m: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract; the classes made are kept by the statics
    // for the process.
    unsafe {
        if held(&ENUM).is_null() {
            let keep =
                |slot: &AtomicPtr<PyObject>, o: Owned| slot.store(o.into_raw(), Ordering::Release);
            make_auto()?;
            keep(&ENUM_TYPE, make_enum_type()?);
            keep(&ENUM_DICT, make_enum_dict_type()?);
            let int_t: *mut PyObject = crate::objects::longobject::PyLong_Type.get().cast();
            let str_t: *mut PyObject = crate::objects::unicodeobject::PyUnicode_Type.get().cast();
            let enum_ = make_base("Enum", &[], none(), ENUM_DOC)?;
            (*enum_.as_ptr().cast::<PyTypeObject>()).tp_hash = Some(enum_hash);
            // Classes deriving from it find `Enum.__hash__`, as in CPython.
            if crate::objects::typeobject::add_slot_wrappers(enum_.as_ptr().cast(), &[c"__hash__"])
                < 0
            {
                return None;
            }
            add_descriptors(enum_.as_ptr(), &*ENUM_METHODS.get(), &*ENUM_GETSET.get())?;
            let e = enum_.as_ptr();
            keep(&ENUM, enum_);
            let repr_enum = make_base(
                "ReprEnum",
                &[e],
                none(),
                "Only changes the repr(), leaving str() and format() to the mixed-in type.",
            )?;
            let re = repr_enum.as_ptr();
            keep(&REPR_ENUM, repr_enum);
            let int_enum = make_base(
                "IntEnum",
                &[int_t, re],
                none(),
                "Enum where members are also (and must be) ints",
            )?;
            let str_enum = make_base(
                "StrEnum",
                &[str_t, re],
                none(),
                "Enum where members are also (and must be) strings",
            )?;
            let se = str_enum.as_ptr();
            keep(&STR_ENUM, str_enum);
            let fb_name = s("FlagBoundary")?;
            let fb_names = s("STRICT CONFORM EJECT KEEP")?;
            let module = s("enum")?;
            let one = int(1)?;
            let fb = create(
                se,
                fb_name.as_ptr(),
                fb_names.as_ptr(),
                module.as_ptr(),
                none(),
                none(),
                one.as_ptr(),
                none(),
            )?;
            let doc = s(FLAG_BOUNDARY_DOC)?;
            setattr(fb.as_ptr(), c"__doc__", doc.as_ptr())?;
            for (slot, name) in [
                (&STRICT, c"STRICT"),
                (&CONFORM, c"CONFORM"),
                (&EJECT, c"EJECT"),
                (&KEEP, c"KEEP"),
            ] {
                keep(slot, getattr(fb.as_ptr(), name)?);
            }
            let flag = make_base("Flag", &[e], held(&STRICT), "Support for flags")?;
            {
                let t = flag.as_ptr().cast::<PyTypeObject>();
                (*(*t).tp_as_number).nb_bool = Some(flag_bool);
                (*(*t).tp_as_sequence).sq_contains = Some(flag_contains);
                (*(*t).tp_as_sequence).sq_length = Some(flag_len);
                (*t).tp_iter = Some(flag_iter);
                let names = [c"__bool__", c"__contains__", c"__len__", c"__iter__"];
                if crate::objects::typeobject::add_slot_wrappers(t, &names) < 0 {
                    return None;
                }
            }
            let f = flag.as_ptr();
            keep(&FLAG, flag);
            let int_flag = make_base(
                "IntFlag",
                &[int_t, re, f],
                held(&KEEP),
                "Support for integer-based Flags",
            )?;
            CLASSES.store(
                Box::into_raw(Box::new([
                    int_enum.into_raw(),
                    int_flag.into_raw(),
                    fb.into_raw(),
                ])),
                Ordering::Release,
            );
        }
        let classes = &*CLASSES.load(Ordering::Acquire);
        add_objects(
            m,
            &[
                (c"EnumType", held(&ENUM_TYPE)),
                (c"EnumMeta", held(&ENUM_TYPE)),
                (c"Enum", held(&ENUM)),
                (c"ReprEnum", held(&REPR_ENUM)),
                (c"IntEnum", classes[0]),
                (c"StrEnum", held(&STR_ENUM)),
                (c"Flag", held(&FLAG)),
                (c"IntFlag", classes[1]),
                (c"FlagBoundary", classes[2]),
                (c"STRICT", held(&STRICT)),
                (c"CONFORM", held(&CONFORM)),
                (c"EJECT", held(&EJECT)),
                (c"KEEP", held(&KEEP)),
                (c"auto", held(&AUTO)),
            ],
        )
    }
}

/// IntEnum, IntFlag and FlagBoundary, once made.
static CLASSES: AtomicPtr<[*mut PyObject; 3]> = AtomicPtr::new(ptr::null_mut());

const ENUM_DOC: &str = "Create a collection of name/value pairs.";

const FLAG_BOUNDARY_DOC: &str = "control how out of range values are handled\n\"strict\" -> error is raised             [default for Flag]\n\"conform\" -> extra bits are discarded\n\"eject\" -> lose flag status\n\"keep\" -> keep flag status and all bits [default for IntFlag]";

/// Makes the `enum` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static tables outlive the module.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"enum".as_ptr())) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            MODULE_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        if fill_module(m.as_ptr()).is_none() {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}
