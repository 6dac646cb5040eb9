//! The `numbers` module (CPython 3.11's `Lib/numbers.py`), written
//! natively on [`super::abcmodule`]: the ABCs `Number`, `Complex`, `Real`,
//! `Rational` and `Integral` with `Lib/numbers.py`'s abstract methods and
//! properties (so `__abstractmethods__` and the instantiation errors are
//! CPython's), its concrete mixin methods (`Complex.__bool__`, `__sub__`,
//! `__rsub__`; `Real.__divmod__`, `__rdivmod__`, `__complex__`, `real`,
//! `imag`, `conjugate`; `Rational.__float__`; `Integral.__index__`,
//! `__float__`, `numerator`, `denominator`), `Number.__hash__ = None`, and
//! its registrations (`complex` as `Complex`, `float` as `Real`, `int` as
//! `Integral`).
//!
//! The methods are Python functions in CPython; here each is a
//! `numbers._method`, a small callable that binds to an instance as a
//! function does (a bound method), takes its arguments by a Python
//! function's rules and messages, and carries `__isabstractmethod__`,
//! `__name__` and `__qualname__`. Docstrings are not carried.

use std::ffi::{CStr, c_ulong, c_void};
use std::mem::size_of;
use std::ptr;

use super::native::*;
use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, py_none, text_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

// ==========================================================================
// The methods' bodies
// ==========================================================================

/// What a method of `Lib/numbers.py` does.
#[derive(Clone, Copy)]
enum Body {
    /// `raise NotImplementedError`.
    NotImplemented,
    /// A docstring only: returns None (`Complex.__complex__`).
    NoneResult,
    /// `self != 0`.
    NotZero,
    /// `self + -other`.
    Sub,
    /// `-self + other`.
    RSub,
    /// `(self // other, self % other)`.
    DivMod,
    /// `(other // self, other % self)`.
    RDivMod,
    /// `complex(float(self))`.
    ComplexOfFloat,
    /// `+self`.
    Pos,
    /// `0`.
    Zero,
    /// `1`.
    One,
    /// `int(self.numerator) / int(self.denominator)`.
    RatioFloat,
    /// `int(self)`.
    Int,
    /// `float(int(self))`.
    FloatOfInt,
}

/// Runs `body` on the bound arguments (`a[0]` is self).
///
/// # Safety
/// The arguments must be live.
unsafe fn run(body: Body, a: &[*mut PyObject]) -> *mut PyObject {
    // SAFETY: per the contract; intermediate results are owned.
    unsafe {
        let pair = |x: *mut PyObject, y: *mut PyObject| -> *mut PyObject {
            let Some(q) = Owned::new(PyNumber_FloorDivide(x, y)) else {
                return ptr::null_mut();
            };
            let Some(r) = Owned::new(PyNumber_Remainder(x, y)) else {
                return ptr::null_mut();
            };
            crate::objects::tupleobject::tuple_from_slice(&[q.as_ptr(), r.as_ptr()])
        };
        match body {
            Body::NotImplemented => {
                PyErr_SetNone(Exc::NotImplementedError.type_object());
                ptr::null_mut()
            }
            Body::NoneResult => crate::objects::object::none(),
            Body::NotZero => {
                let Some(zero) = Owned::new(PyLong_FromLong(0)) else {
                    return ptr::null_mut();
                };
                PyObject_RichCompare(a[0], zero.as_ptr(), Py_NE)
            }
            Body::Sub => {
                let Some(neg) = Owned::new(PyNumber_Negative(a[1])) else {
                    return ptr::null_mut();
                };
                PyNumber_Add(a[0], neg.as_ptr())
            }
            Body::RSub => {
                let Some(neg) = Owned::new(PyNumber_Negative(a[0])) else {
                    return ptr::null_mut();
                };
                PyNumber_Add(neg.as_ptr(), a[1])
            }
            Body::DivMod => pair(a[0], a[1]),
            Body::RDivMod => pair(a[1], a[0]),
            Body::ComplexOfFloat => {
                let Some(f) = Owned::new(PyNumber_Float(a[0])) else {
                    return ptr::null_mut();
                };
                PyObject_CallOneArg(
                    crate::objects::complexobject::PyComplex_Type.get().cast(),
                    f.as_ptr(),
                )
            }
            Body::Pos => PyNumber_Positive(a[0]),
            Body::Zero => PyLong_FromLong(0),
            Body::One => PyLong_FromLong(1),
            Body::RatioFloat => {
                let part = |name: &CStr| -> R {
                    let v = Owned::new(PyObject_GetAttrString(a[0], name.as_ptr()))?;
                    Owned::new(PyNumber_Long(v.as_ptr()))
                };
                let Some(n) = part(c"numerator") else {
                    return ptr::null_mut();
                };
                let Some(d) = part(c"denominator") else {
                    return ptr::null_mut();
                };
                PyNumber_TrueDivide(n.as_ptr(), d.as_ptr())
            }
            Body::Int => PyNumber_Long(a[0]),
            Body::FloatOfInt => {
                let Some(i) = Owned::new(PyNumber_Long(a[0])) else {
                    return ptr::null_mut();
                };
                PyNumber_Float(i.as_ptr())
            }
        }
    }
}

// ==========================================================================
// `numbers._method`: a method written in Python in CPython
// ==========================================================================

/// A method: its parameters (after `self`), how many of the last have a
/// default (None), what it does, whether it is abstract.
#[derive(Clone, Copy)]
struct Spec {
    name: &'static str,
    params: &'static [&'static str],
    defaults: usize,
    body: Body,
    abstract_: bool,
}

#[repr(C)]
struct Method {
    ob_base: PyObject,
    spec: Spec,
    /// `Class.name` (owned str).
    qualname: *mut PyObject,
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced method; its qualname is owned.
    unsafe {
        Py_DecRef((*op.cast::<Method>()).qualname);
        crate::objects::obmalloc::PyObject_Free(op.cast());
    }
}

/// Calls the method: binds the arguments as `def name(self, *params)`
/// does (with the defaults None), then runs the body.
unsafe extern "C" fn method_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call with a live tuple and NULL or a dict.
    unsafe {
        let m = op.cast::<Method>();
        let spec = (*m).spec;
        let qual = text_of((*m).qualname);
        let mut names = vec!["self"];
        names.extend_from_slice(spec.params);
        let total = names.len();
        let required = total - spec.defaults;
        let n = PyTuple_Size(args) as usize;
        if n > total {
            let takes = if spec.defaults == 0 {
                format!("{total}")
            } else {
                format!("from {required} to {total}")
            };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{qual}() takes {takes} positional argument{} but {n} were given",
                    if total == 1 && spec.defaults == 0 {
                        ""
                    } else {
                        "s"
                    }
                ),
            );
        }
        let mut bound = vec![ptr::null_mut(); total];
        for (i, b) in bound.iter_mut().enumerate().take(n) {
            *b = PyTuple_GetItem(args, i as Py_ssize_t);
        }
        if !kw.is_null() {
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw, &mut pos, &mut k, &mut v) != 0 {
                let key = text_of(k);
                let Some(i) = names.iter().position(|p| *p == key) else {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!("{qual}() got an unexpected keyword argument '{key}'"),
                    );
                };
                if !bound[i].is_null() {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!("{qual}() got multiple values for argument '{key}'"),
                    );
                }
                bound[i] = v;
            }
        }
        let missing: Vec<String> = (0..required)
            .filter(|&i| bound[i].is_null())
            .map(|i| format!("'{}'", names[i]))
            .collect();
        if !missing.is_empty() {
            let list = match missing.as_slice() {
                [one] => one.clone(),
                [a, b] => format!("{a} and {b}"),
                more => {
                    let (last, rest) = more.split_last().unwrap_or((&more[0], &[]));
                    format!("{}, and {last}", rest.join(", "))
                }
            };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{qual}() missing {} required positional argument{}: {list}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            );
        }
        for b in bound.iter_mut() {
            if b.is_null() {
                *b = py_none();
            }
        }
        run(spec.body, &bound)
    }
}

/// Binding: the method itself through the class, a bound method through
/// an instance, as a function binds.
unsafe extern "C" fn method_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects (obj NULL or live).
    unsafe {
        if obj.is_null() || obj == py_none() {
            Py_IncRef(op);
            return op;
        }
        PyMethod_New(op, obj)
    }
}

/// `__isabstractmethod__`: True for an abstract method; a concrete one
/// has no such attribute (as a plain function has none).
unsafe extern "C" fn method_get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method.
    if unsafe { (*op.cast::<Method>()).spec.abstract_ } {
        return crate::objects::boolobject::bool_from_bool(true);
    }
    errors::fail_null(
        Exc::AttributeError,
        "'_method' object has no attribute '__isabstractmethod__'",
    )
}

unsafe extern "C" fn method_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method.
    unsafe { crate::objects::unicodeobject::unicode_from_str((*op.cast::<Method>()).spec.name) }
}

unsafe extern "C" fn method_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method, whose qualname is a live str.
    unsafe {
        let q = (*op.cast::<Method>()).qualname;
        Py_IncRef(q);
        q
    }
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live method.
    unsafe {
        let q = text_of((*op.cast::<Method>()).qualname);
        crate::objects::unicodeobject::unicode_from_str(&format!("<function {q} at {op:p}>"))
    }
}

static METHOD_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    PyGetSetDef::getter(c"__isabstractmethod__", method_get_isabstract),
    PyGetSetDef::getter(c"__name__", method_get_name),
    PyGetSetDef::getter(c"__qualname__", method_get_qualname),
    PyGetSetDef::zeroed(),
]);

static METHOD_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"numbers._method",
        size_of::<Method>(),
        (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_METHOD_DESCRIPTOR) as c_ulong,
        method_dealloc,
    );
    ty.tp_call = Some(method_call);
    ty.tp_descr_get = Some(method_descr_get);
    ty.tp_repr = Some(method_repr);
    ty.tp_getset = METHOD_GETSET.get().cast();
    ty
});

/// A new method `spec` of class `cls_name`.
fn new_method(cls_name: &str, spec: Spec) -> R {
    // SAFETY: a fresh object of the static type, filled before it is
    // shared.
    unsafe {
        let ty = METHOD_TYPE.get();
        if !crate::objects::typeobject::ensure_ready(ty) {
            return None;
        }
        let qualname = s(&format!("{cls_name}.{}", spec.name))?;
        let op = crate::objects::obmalloc::PyObject_Malloc(size_of::<Method>()).cast::<PyObject>();
        if op.is_null() {
            errors::PyErr_NoMemory();
            return None;
        }
        crate::objects::object::PyObject_Init(op, ty);
        let m = op.cast::<Method>();
        ptr::write(&raw mut (*m).spec, spec);
        (*m).qualname = qualname.into_raw();
        Owned::new(op)
    }
}

// ==========================================================================
// The classes
// ==========================================================================

/// A class member: a method, or a property whose getter is the method.
struct Member {
    spec: Spec,
    property: bool,
}

const fn abstract_(name: &'static str, params: &'static [&'static str]) -> Member {
    Member {
        spec: Spec {
            name,
            params,
            defaults: 0,
            body: Body::NotImplemented,
            abstract_: true,
        },
        property: false,
    }
}

const fn concrete(name: &'static str, params: &'static [&'static str], body: Body) -> Member {
    Member {
        spec: Spec {
            name,
            params,
            defaults: 0,
            body,
            abstract_: false,
        },
        property: false,
    }
}

const fn prop(name: &'static str, body: Body, is_abstract: bool) -> Member {
    Member {
        spec: Spec {
            name,
            params: &[],
            defaults: 0,
            body,
            abstract_: is_abstract,
        },
        property: true,
    }
}

const O: &[&str] = &["other"];
const NONE: &[&str] = &[];

/// `Complex`'s members, in `Lib/numbers.py`'s order.
fn complex_members() -> Vec<Member> {
    let mut complex = abstract_("__complex__", NONE);
    complex.spec.body = Body::NoneResult;
    vec![
        complex,
        concrete("__bool__", NONE, Body::NotZero),
        prop("real", Body::NotImplemented, true),
        prop("imag", Body::NotImplemented, true),
        abstract_("__add__", O),
        abstract_("__radd__", O),
        abstract_("__neg__", NONE),
        abstract_("__pos__", NONE),
        concrete("__sub__", O, Body::Sub),
        concrete("__rsub__", O, Body::RSub),
        abstract_("__mul__", O),
        abstract_("__rmul__", O),
        abstract_("__truediv__", O),
        abstract_("__rtruediv__", O),
        abstract_("__pow__", &["exponent"]),
        abstract_("__rpow__", &["base"]),
        abstract_("__abs__", NONE),
        abstract_("conjugate", NONE),
        abstract_("__eq__", O),
    ]
}

/// `Real`'s members.
fn real_members() -> Vec<Member> {
    let mut round = abstract_("__round__", &["ndigits"]);
    round.spec.defaults = 1;
    vec![
        abstract_("__float__", NONE),
        abstract_("__trunc__", NONE),
        abstract_("__floor__", NONE),
        abstract_("__ceil__", NONE),
        round,
        concrete("__divmod__", O, Body::DivMod),
        concrete("__rdivmod__", O, Body::RDivMod),
        abstract_("__floordiv__", O),
        abstract_("__rfloordiv__", O),
        abstract_("__mod__", O),
        abstract_("__rmod__", O),
        abstract_("__lt__", O),
        abstract_("__le__", O),
        concrete("__complex__", NONE, Body::ComplexOfFloat),
        prop("real", Body::Pos, false),
        prop("imag", Body::Zero, false),
        concrete("conjugate", NONE, Body::Pos),
    ]
}

/// `Rational`'s members.
fn rational_members() -> Vec<Member> {
    vec![
        prop("numerator", Body::NotImplemented, true),
        prop("denominator", Body::NotImplemented, true),
        concrete("__float__", NONE, Body::RatioFloat),
    ]
}

/// `Integral`'s members.
fn integral_members() -> Vec<Member> {
    let mut pow = abstract_("__pow__", &["exponent", "modulus"]);
    pow.spec.defaults = 1;
    vec![
        abstract_("__int__", NONE),
        concrete("__index__", NONE, Body::Int),
        pow,
        abstract_("__lshift__", O),
        abstract_("__rlshift__", O),
        abstract_("__rshift__", O),
        abstract_("__rrshift__", O),
        abstract_("__and__", O),
        abstract_("__rand__", O),
        abstract_("__xor__", O),
        abstract_("__rxor__", O),
        abstract_("__or__", O),
        abstract_("__ror__", O),
        abstract_("__invert__", NONE),
        concrete("__float__", NONE, Body::FloatOfInt),
        prop("numerator", Body::Pos, false),
        prop("denominator", Body::One, false),
    ]
}

/// Makes ABC `name(base)` of module `numbers` with `members` (and, for
/// `Number`, `__hash__ = None`).
///
/// # Safety
/// `base` NULL (for `Number`) or a live class.
unsafe fn make_class(name: &str, base: *mut PyObject, members: &[Member], doc: &str) -> R {
    // SAFETY: per the contract; every value made is held until the class
    // holds it.
    unsafe {
        let mut held: Vec<Owned> = Vec::new();
        let mut names: Vec<std::ffi::CString> = Vec::new();
        for m in members {
            let f = new_method(name, m.spec)?;
            let v = if m.property {
                Owned::new(PyObject_CallOneArg(
                    crate::objects::descrobject::PyProperty_Type.get().cast(),
                    f.as_ptr(),
                ))?
            } else {
                f
            };
            held.push(v);
            names.push(std::ffi::CString::new(m.spec.name).ok()?);
        }
        let mut items: Vec<(&CStr, *mut PyObject)> = names
            .iter()
            .zip(&held)
            .map(|(n, v)| (n.as_c_str(), v.as_ptr()))
            .collect();
        if base.is_null() {
            items.push((c"__hash__", py_none()));
        }
        let bases: Vec<*mut PyObject> = if base.is_null() { vec![] } else { vec![base] };
        super::abcmodule::make_abc("numbers", name, &bases, doc, &items)
    }
}

/// `Number, Complex, Real, Rational, Integral` as a tuple, made (and
/// the built-in types registered) once.
fn classes() -> R {
    static CLASSES: MadeOnce = MadeOnce::new();
    let t = CLASSES.get_or_make(|| {
        let make = || -> R {
            // SAFETY: each class made is live when the next derives from
            // it; the registered types are static.
            unsafe {
                let number = make_class(
                    "Number",
                    ptr::null_mut(),
                    &[],
                    "All numbers inherit from this class.\n\n    If you just want to check if an \
                     argument x is a number, without\n    caring what kind, use isinstance(x, \
                     Number).\n    ",
                )?;
                let complex =
                    make_class("Complex", number.as_ptr(), &complex_members(), COMPLEX_DOC)?;
                let real = make_class("Real", complex.as_ptr(), &real_members(), REAL_DOC)?;
                let rational =
                    make_class("Rational", real.as_ptr(), &rational_members(), RATIONAL_DOC)?;
                let integral = make_class(
                    "Integral",
                    rational.as_ptr(),
                    &integral_members(),
                    INTEGRAL_DOC,
                )?;
                for (abc, ty) in [
                    (
                        &complex,
                        crate::objects::complexobject::PyComplex_Type
                            .get()
                            .cast::<PyObject>(),
                    ),
                    (
                        &real,
                        crate::objects::floatobject::PyFloat_Type.get().cast(),
                    ),
                    (
                        &integral,
                        crate::objects::longobject::PyLong_Type.get().cast(),
                    ),
                ] {
                    Owned::new(PyObject_CallMethod(
                        abc.as_ptr(),
                        c"register".as_ptr(),
                        c"O".as_ptr(),
                        ty,
                    ))?;
                }
                Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                    number.as_ptr(),
                    complex.as_ptr(),
                    real.as_ptr(),
                    rational.as_ptr(),
                    integral.as_ptr(),
                ]))
            }
        };
        make().map_or(ptr::null_mut(), Owned::into_raw)
    });
    if t.is_null() {
        return None;
    }
    // SAFETY: the cell holds the tuple for the process.
    Some(unsafe { Owned::borrowed(t) })
}

const COMPLEX_DOC: &str = "Complex defines the operations that work on the builtin complex type.

    In short, those are: a conversion to complex, .real, .imag, +, -,
    *, /, **, abs(), .conjugate, ==, and !=.

    If it is given heterogeneous arguments, and doesn't have special
    knowledge about them, it should fall back to the builtin complex
    type as described below.
    ";

const REAL_DOC: &str = "To Complex, Real adds the operations that work on real numbers.

    In short, those are: a conversion to float, trunc(), divmod,
    %, <, <=, >, and >=.

    Real also provides defaults for the derived operations.
    ";

const RATIONAL_DOC: &str = ".numerator and .denominator should be in lowest terms.";

const INTEGRAL_DOC: &str = "Integral adds methods that work on integral numbers.

    In short, these are conversion to int, pow with modulus, and the
    bit-string operations.
    ";

/// Makes the `numbers` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; every object added is live.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"numbers".as_ptr())) else {
            return ptr::null_mut();
        };
        let Some(cls) = classes() else {
            return ptr::null_mut();
        };
        for (i, name) in [c"Number", c"Complex", c"Real", c"Rational", c"Integral"]
            .into_iter()
            .enumerate()
        {
            if PyModule_AddObjectRef(
                m.as_ptr(),
                name.as_ptr(),
                PyTuple_GetItem(cls.as_ptr(), i as Py_ssize_t),
            ) < 0
            {
                return ptr::null_mut();
            }
        }
        let all: Vec<*mut PyObject> = ["Number", "Complex", "Real", "Rational", "Integral"]
            .iter()
            .filter_map(|n| s(n).map(Owned::into_raw))
            .collect();
        if all.len() != 5 {
            for o in all {
                Py_DecRef(o);
            }
            return ptr::null_mut();
        }
        let list = crate::objects::listobject::PyList_New(0);
        let mut ok = !list.is_null();
        for o in all {
            if ok && crate::objects::listobject::PyList_Append(list, o) < 0 {
                ok = false;
            }
            Py_DecRef(o);
        }
        let ok = ok && PyModule_AddObjectRef(m.as_ptr(), c"__all__".as_ptr(), list) == 0;
        Py_DecRef(list);
        if !ok {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}
