//! The `copyreg` module, built in (CPython's `Lib/copyreg.py`, of which
//! pybuffer has only the parts `object.__reduce_ex__` hands out):
//! `__newobj__(cls, *args)` and `__newobj_ex__(cls, args, kwargs)` for
//! protocol 2 and up, which call `cls.__new__` as unpickling does, and
//! `_reduce_ex(self, proto)` with its `_reconstructor(cls, base, state)`
//! for protocols 0 and 1 (and `object.__reduce__()`), and
//! `_slotnames(cls)`, which C pickling support calls (persistent's
//! `__getstate__` / `__reduce__`). The extension
//! registry and `pickle()`/`dispatch_table` are not there.

use std::ffi::CStr;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    _PyObject_LookupAttr, Owned, PyObject_GetAttrString, PyObject_IsTrue, PyObject_RichCompareBool,
    type_of,
};
use crate::objects::tupleobject::{
    PyTuple_GetItem, PyTuple_GetSlice, PyTuple_Size, tuple_from_slice,
};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// `cls.__new__`, or NULL with the error.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn new_of(cls: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract; a NUL-terminated name.
    Owned::new(unsafe { PyObject_GetAttrString(cls, c"__new__".as_ptr()) })
}

/// `__newobj__(cls, *args)`: `cls.__new__(cls, *args)`.
unsafe extern "C" fn newobj(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple.
    unsafe {
        if PyTuple_Size(args) < 1 {
            return errors::fail_null(
                Exc::TypeError,
                "__newobj__() missing 1 required positional argument: 'cls'",
            );
        }
        let Some(new) = new_of(PyTuple_GetItem(args, 0)) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(new.as_ptr(), args, ptr::null_mut())
    }
}

/// `__newobj_ex__(cls, args, kwargs)`: `cls.__new__(cls, *args,
/// **kwargs)`.
unsafe extern "C" fn newobj_ex(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple; every object is live.
    unsafe {
        let n = PyTuple_Size(args);
        if n != 3 {
            return errors::fail_null(
                Exc::TypeError,
                if n < 3 {
                    let missing = ["'cls'", "'args'", "'kwargs'"];
                    let names = &missing[n as usize..];
                    let list = match names {
                        [a] => a.to_string(),
                        [a, b] => format!("{a} and {b}"),
                        [a, b, c] => format!("{a}, {b}, and {c}"),
                        _ => unreachable!("n < 3"),
                    };
                    format!(
                        "__newobj_ex__() missing {} required positional argument{}: {list}",
                        names.len(),
                        if names.len() == 1 { "" } else { "s" }
                    )
                } else {
                    format!("__newobj_ex__() takes 3 positional arguments but {n} were given")
                },
            );
        }
        let cls = PyTuple_GetItem(args, 0);
        let Some(new) = new_of(cls) else {
            return ptr::null_mut();
        };
        let Some(rest) = Owned::new(crate::objects::r#abstract::PySequence_Tuple(
            PyTuple_GetItem(args, 1),
        )) else {
            return ptr::null_mut();
        };
        let Some(cls_t) = Owned::new(PyTuple_GetSlice(args, 0, 1)) else {
            return ptr::null_mut();
        };
        let Some(all) = Owned::new(crate::objects::r#abstract::PySequence_Concat(
            cls_t.as_ptr(),
            rest.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(new.as_ptr(), all.as_ptr(), PyTuple_GetItem(args, 2))
    }
}

// ==========================================================================
// Protocols 0 and 1: _reduce_ex and _reconstructor
// ==========================================================================

unsafe extern "C" {
    fn PyNumber_And(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
}

/// The TypeError a Python function with the positional parameters `names`
/// raises when called with `n` positional arguments (`n` is not
/// `names.len()`).
fn arity_error(func: &str, names: &[&str], n: usize) {
    let msg = if n < names.len() {
        let missing: Vec<String> = names[n..].iter().map(|p| format!("'{p}'")).collect();
        let list = match missing.as_slice() {
            [a] => a.clone(),
            [a, b] => format!("{a} and {b}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => unreachable!("n < names.len()"),
        };
        format!(
            "{func}() missing {} required positional argument{}: {list}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{func}() takes {} positional argument{} but {n} were given",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )
    };
    errors::raise(Exc::TypeError, msg);
}

/// The positional arguments of a METH_VARARGS call, checked against the
/// parameter names of the Python function it stands for.
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn positional<const N: usize>(
    func: &str,
    names: [&str; N],
    args: *mut PyObject,
) -> Option<[*mut PyObject; N]> {
    // SAFETY: a live tuple per the contract.
    let n = unsafe { PyTuple_Size(args) } as usize;
    if n != N {
        arity_error(func, &names, n);
        return None;
    }
    // SAFETY: indices below the tuple's size.
    Some(std::array::from_fn(|i| unsafe {
        PyTuple_GetItem(args, i as isize)
    }))
}

/// `getattr(o, name)` (a new reference), or None with the error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn attr(o: *mut PyObject, name: &CStr) -> Option<Owned> {
    // SAFETY: per the contract; a NUL-terminated name.
    Owned::new(unsafe { PyObject_GetAttrString(o, name.as_ptr()) })
}

/// `getattr(o, name, <missing>)`: Ok(None) when an AttributeError says it
/// is missing (that error cleared), Err with any other error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn lookup(o: *mut PyObject, name: &str) -> Result<Option<Owned>, ()> {
    let key = Owned::new(unicode_from_str(name)).ok_or(())?;
    let mut found = ptr::null_mut();
    // SAFETY: live objects; `found` is writable.
    match unsafe { _PyObject_LookupAttr(o, key.as_ptr(), &mut found) } {
        r if r < 0 => Err(()),
        // SAFETY: a new reference when found.
        _ => Ok(Owned::new(found)),
    }
}

/// `bool(o)`, Err with the error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn truth(o: *mut PyObject) -> Result<bool, ()> {
    // SAFETY: per the contract.
    match unsafe { PyObject_IsTrue(o) } {
        r if r < 0 => Err(()),
        r => Ok(r != 0),
    }
}

/// `getattr(o, "__slots__", None)` is truthy.
///
/// # Safety
/// `o` must be a live object.
unsafe fn has_slots(o: *mut PyObject) -> Result<bool, ()> {
    // SAFETY: per the contract.
    unsafe {
        match lookup(o, "__slots__")? {
            Some(slots) => truth(slots.as_ptr()),
            None => Ok(false),
        }
    }
}

/// `_reconstructor(cls, base, state)`: what a protocol 0/1 pickle calls to
/// remake the object: `object.__new__(cls)` when `base` is `object`, else
/// `base.__new__(cls, state)` followed by `base.__init__(obj, state)`
/// unless `base` keeps `object.__init__`.
unsafe extern "C" fn reconstructor(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple; every object is live.
    unsafe {
        let Some([cls, base, state]) = positional("_reconstructor", ["cls", "base", "state"], args)
        else {
            return ptr::null_mut();
        };
        let object = crate::objects::typeobject::PyBaseObject_Type
            .get()
            .cast::<PyObject>();
        if base == object {
            let Some(new) = attr(object, c"__new__") else {
                return ptr::null_mut();
            };
            return call(new.as_ptr(), &[cls]);
        }
        let Some(new) = attr(base, c"__new__") else {
            return ptr::null_mut();
        };
        let Some(obj) = Owned::new(call(new.as_ptr(), &[cls, state])) else {
            return ptr::null_mut();
        };
        let (Some(init), Some(object_init)) = (attr(base, c"__init__"), attr(object, c"__init__"))
        else {
            return ptr::null_mut();
        };
        match PyObject_RichCompareBool(init.as_ptr(), object_init.as_ptr(), Py_NE) {
            r if r < 0 => return ptr::null_mut(),
            0 => {}
            _ => {
                let Some(done) = Owned::new(call(init.as_ptr(), &[obj.as_ptr(), state])) else {
                    return ptr::null_mut();
                };
                drop(done);
            }
        }
        obj.into_raw()
    }
}

/// `f(*items)`.
///
/// # Safety
/// `f` and the items must be live objects.
unsafe fn call(f: *mut PyObject, items: &[*mut PyObject]) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(args) = Owned::new(tuple_from_slice(items)) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(f, args.as_ptr(), ptr::null_mut())
    }
}

/// The first class of `cls.__mro__` that is not a heap type or whose
/// `__new__` is a built-in bound to it (CPython's loop in `_reduce_ex`):
/// the base whose `__new__` the reconstruction calls; `object` if none.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn reduce_base(cls: *mut PyObject) -> Result<Owned, ()> {
    // SAFETY: per the contract; every object is live.
    unsafe {
        let mro = attr(cls, c"__mro__").ok_or(())?;
        let iter =
            Owned::new(crate::objects::r#abstract::PyObject_GetIter(mro.as_ptr())).ok_or(())?;
        let heaptype = Owned::new(crate::objects::longobject::PyLong_FromLong(
            Py_TPFLAGS_HEAPTYPE as _,
        ))
        .ok_or(())?;
        let builtin = crate::objects::methodobject::PyCFunction_Type
            .get()
            .cast::<PyObject>();
        loop {
            let Some(base) = Owned::new(crate::objects::r#abstract::PyIter_Next(iter.as_ptr()))
            else {
                if !errors::PyErr_Occurred().is_null() {
                    return Err(());
                }
                break;
            };
            if let Some(flags) = lookup(base.as_ptr(), "__flags__")? {
                let masked =
                    Owned::new(PyNumber_And(flags.as_ptr(), heaptype.as_ptr())).ok_or(())?;
                if !truth(masked.as_ptr())? {
                    return Ok(base);
                }
            }
            let new = attr(base.as_ptr(), c"__new__").ok_or(())?;
            match crate::objects::typeobject::PyObject_IsInstance(new.as_ptr(), builtin) {
                r if r < 0 => return Err(()),
                0 => {}
                _ => {
                    let bound = attr(new.as_ptr(), c"__self__").ok_or(())?;
                    if bound.as_ptr() == base.as_ptr() {
                        return Ok(base);
                    }
                }
            }
        }
        let object = crate::objects::typeobject::PyBaseObject_Type
            .get()
            .cast::<PyObject>();
        Owned::new(crate::objects::object::Py_NewRef(object)).ok_or(())
    }
}

/// A str's text for a message ("?" for one with lone surrogates, which
/// have no UTF-8 form).
fn text(s: Owned) -> String {
    // SAFETY: a live object.
    unsafe { crate::python::object_access::unicode_text(s.as_ptr()) }.unwrap_or_else(|| "?".into())
}

/// `repr(cls.__name__)`, as the f-string `{cls.__name__!r}` shows it.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn name_repr(cls: *mut PyObject) -> Result<String, ()> {
    // SAFETY: per the contract.
    unsafe {
        let name = attr(cls, c"__name__").ok_or(())?;
        Ok(text(
            Owned::new(crate::objects::object::PyObject_Repr(name.as_ptr())).ok_or(())?,
        ))
    }
}

/// `_reduce_ex(self, proto)`: the reduction `object.__reduce_ex__` gives
/// for protocols 0 and 1: `(_reconstructor, (cls, base, state))` plus the
/// object's state (`__getstate__()`, else its `__dict__`) when that is
/// truthy; `state` is `base(self)`, or None when `base` is `object`.
unsafe extern "C" fn reduce_ex(m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple; every object is live.
    unsafe {
        let Some([slf, proto]) = positional("_reduce_ex", ["self", "proto"], args) else {
            return ptr::null_mut();
        };
        match reduce_ex_impl(m, slf, proto) {
            Ok(r) => r.into_raw(),
            Err(()) => ptr::null_mut(),
        }
    }
}

/// [`reduce_ex`]'s body.
///
/// # Safety
/// All must be live objects; `m` is the copyreg module.
unsafe fn reduce_ex_impl(
    m: *mut PyObject,
    slf: *mut PyObject,
    proto: *mut PyObject,
) -> Result<Owned, ()> {
    // SAFETY: per the contract; every object is live.
    unsafe {
        let two = Owned::new(crate::objects::longobject::PyLong_FromLong(2)).ok_or(())?;
        match PyObject_RichCompareBool(proto, two.as_ptr(), Py_LT) {
            r if r < 0 => return Err(()),
            0 => {
                errors::PyErr_SetNone(Exc::AssertionError.type_object());
                return Err(());
            }
            _ => {}
        }
        let cls = attr(slf, c"__class__").ok_or(())?;
        let base = reduce_base(cls.as_ptr())?;
        let object = crate::objects::typeobject::PyBaseObject_Type
            .get()
            .cast::<PyObject>();
        let state = if base.as_ptr() == object {
            Owned::new(crate::objects::object::Py_NewRef(
                crate::objects::object::py_none(),
            ))
            .ok_or(())?
        } else {
            if base.as_ptr() == cls.as_ptr() {
                let shown = name_repr(cls.as_ptr())?;
                errors::raise(Exc::TypeError, format!("cannot pickle {shown} object"));
                return Err(());
            }
            Owned::new(call(base.as_ptr(), &[slf])).ok_or(())?
        };
        let reduce_args = Owned::new(tuple_from_slice(&[
            cls.as_ptr(),
            base.as_ptr(),
            state.as_ptr(),
        ]))
        .ok_or(())?;
        let dict = match lookup(slf, "__getstate__")? {
            None => {
                if has_slots(slf)? {
                    let shown = name_repr(cls.as_ptr())?;
                    let proto_text =
                        text(Owned::new(crate::objects::object::PyObject_Str(proto)).ok_or(())?);
                    errors::raise(
                        Exc::TypeError,
                        format!(
                            "cannot pickle {shown} object: a class that defines __slots__ \
                             without defining __getstate__ cannot be pickled with protocol \
                             {proto_text}"
                        ),
                    );
                    return Err(());
                }
                lookup(slf, "__dict__")?
            }
            Some(getstate) => {
                let own = attr(type_of(slf).cast(), c"__getstate__").ok_or(())?;
                let default = attr(object, c"__getstate__").ok_or(())?;
                if own.as_ptr() == default.as_ptr() && has_slots(slf)? {
                    errors::raise(
                        Exc::TypeError,
                        "a class that defines __slots__ without defining __getstate__ \
                         cannot be pickled",
                    );
                    return Err(());
                }
                Some(
                    Owned::new(crate::objects::call::PyObject_CallNoArgs(getstate.as_ptr()))
                        .ok_or(())?,
                )
            }
        };
        let recon = attr(m, c"_reconstructor").ok_or(())?;
        let items = match &dict {
            Some(d) if truth(d.as_ptr())? => {
                vec![recon.as_ptr(), reduce_args.as_ptr(), d.as_ptr()]
            }
            _ => vec![recon.as_ptr(), reduce_args.as_ptr()],
        };
        Owned::new(tuple_from_slice(&items)).ok_or(())
    }
}

// ==========================================================================
// _slotnames
// ==========================================================================

/// `o.name(*args)` (a new reference), Err with the error.
///
/// # Safety
/// `o` and every argument must be live objects.
unsafe fn call_method(o: *mut PyObject, name: &CStr, args: &[*mut PyObject]) -> Result<Owned, ()> {
    // SAFETY: per the contract.
    unsafe {
        let method = attr(o, name).ok_or(())?;
        let args = Owned::new(tuple_from_slice(args)).ok_or(())?;
        Owned::new(crate::objects::call::PyObject_Call(
            method.as_ptr(),
            args.as_ptr(),
            ptr::null_mut(),
        ))
        .ok_or(())
    }
}

/// `o.name(arg)` is true, where `arg` is the str `text`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn method_is_true(o: *mut PyObject, name: &CStr, text: &str) -> Result<bool, ()> {
    let arg = Owned::new(unicode_from_str(text)).ok_or(())?;
    // SAFETY: live objects.
    unsafe { truth(call_method(o, name, &[arg.as_ptr()])?.as_ptr()) }
}

/// `for item in iterable: each(item)`, Err with the error of either.
///
/// # Safety
/// `iterable` must be a live object.
unsafe fn for_each(
    iterable: *mut PyObject,
    mut each: impl FnMut(*mut PyObject) -> Result<(), ()>,
) -> Result<(), ()> {
    // SAFETY: per the contract; every item is a new reference held while
    // `each` runs.
    unsafe {
        let it = Owned::new(crate::objects::r#abstract::PyObject_GetIter(iterable)).ok_or(())?;
        while let Some(item) = Owned::new(crate::objects::r#abstract::PyIter_Next(it.as_ptr())) {
            each(item.as_ptr())?;
        }
        if errors::PyErr_Occurred().is_null() {
            Ok(())
        } else {
            Err(())
        }
    }
}

/// The names `_slotnames` gathers from the class `c` of the MRO whose
/// `__dict__` has `__slots__` (`slots`), appended to the list `names`.
///
/// # Safety
/// `c`, `slots` and `names` must be live (`names` a list).
unsafe fn gather_slots(
    c: *mut PyObject,
    slots: *mut PyObject,
    names: *mut PyObject,
) -> Result<(), ()> {
    // SAFETY: per the contract.
    unsafe {
        // A class with a single slot may give it as a string.
        let slots = if crate::objects::object::is_str(slots) {
            Owned::new(tuple_from_slice(&[slots])).ok_or(())?
        } else {
            Owned::borrowed(slots)
        };
        let special = Owned::new(tuple_from_slice(&[
            Owned::new(unicode_from_str("__dict__")).ok_or(())?.as_ptr(),
            Owned::new(unicode_from_str("__weakref__"))
                .ok_or(())?
                .as_ptr(),
        ]))
        .ok_or(())?;
        for_each(slots.as_ptr(), |name| {
            match crate::objects::r#abstract::PySequence_Contains(special.as_ptr(), name) {
                r if r < 0 => return Err(()),
                1 => return Ok(()),
                _ => {}
            }
            let private = method_is_true(name, c"startswith", "__")?
                && !method_is_true(name, c"endswith", "__")?;
            let entry = if private {
                let class_name = attr(c, c"__name__").ok_or(())?;
                let underscore = Owned::new(unicode_from_str("_")).ok_or(())?;
                let stripped = call_method(class_name.as_ptr(), c"lstrip", &[underscore.as_ptr()])?;
                if truth(stripped.as_ptr())? {
                    // '_%s%s' % (stripped, name)
                    let format = Owned::new(unicode_from_str("_%s%s")).ok_or(())?;
                    let values =
                        Owned::new(tuple_from_slice(&[stripped.as_ptr(), name])).ok_or(())?;
                    Owned::new(crate::objects::unicodeformat::PyUnicode_Format(
                        format.as_ptr(),
                        values.as_ptr(),
                    ))
                    .ok_or(())?
                } else {
                    Owned::borrowed(name)
                }
            } else {
                Owned::borrowed(name)
            };
            if crate::objects::listobject::PyList_Append(names, entry.as_ptr()) < 0 {
                return Err(());
            }
            Ok(())
        })
    }
}

/// `_slotnames(cls)`: the slot names of the class and its bases, private
/// names mangled, as `Lib/copyreg.py` computes them: a non-None
/// `cls.__dict__.get("__slotnames__")` as it is; otherwise, when
/// `hasattr(cls, "__slots__")`, the `__slots__` of every class of
/// `cls.__mro__` that has them in its `__dict__` (a str is one slot;
/// `__dict__` and `__weakref__` left out), in MRO order; then cached as
/// `cls.__slotnames__` if the class allows it (any error of that
/// ignored).
unsafe extern "C" fn slotnames(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple; every object is live.
    unsafe {
        let Some([cls]) = positional("_slotnames", ["cls"], args) else {
            return ptr::null_mut();
        };
        let result = (|| -> Result<Owned, ()> {
            let dict = attr(cls, c"__dict__").ok_or(())?;
            let key = Owned::new(unicode_from_str("__slotnames__")).ok_or(())?;
            let cached = call_method(dict.as_ptr(), c"get", &[key.as_ptr()])?;
            if cached.as_ptr() != crate::objects::object::py_none() {
                return Ok(cached);
            }
            let names = Owned::new(crate::objects::listobject::PyList_New(0)).ok_or(())?;
            if lookup(cls, "__slots__")?.is_some() {
                let mro = attr(cls, c"__mro__").ok_or(())?;
                let slots_key = Owned::new(unicode_from_str("__slots__")).ok_or(())?;
                for_each(mro.as_ptr(), |c| {
                    let c_dict = attr(c, c"__dict__").ok_or(())?;
                    match crate::objects::r#abstract::PySequence_Contains(
                        c_dict.as_ptr(),
                        slots_key.as_ptr(),
                    ) {
                        r if r < 0 => Err(()),
                        0 => Ok(()),
                        _ => {
                            let slots = Owned::new(crate::objects::r#abstract::PyObject_GetItem(
                                c_dict.as_ptr(),
                                slots_key.as_ptr(),
                            ))
                            .ok_or(())?;
                            gather_slots(c, slots.as_ptr(), names.as_ptr())
                        }
                    }
                })?;
            }
            // Cached in the class if at all possible; a refusal (of any
            // kind) is not an error.
            if crate::objects::object::PyObject_SetAttr(cls, key.as_ptr(), names.as_ptr()) < 0 {
                errors::PyErr_Clear();
            }
            Ok(names)
        })();
        result.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

const fn def(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_VARARGS,
        ml_doc: ptr::null(),
    }
}

static COPYREG_METHODS: StaticObject<[PyMethodDef; 6]> = StaticObject::new([
    def(c"__newobj__", newobj),
    def(c"__newobj_ex__", newobj_ex),
    def(c"_reconstructor", reconstructor),
    def(c"_reduce_ex", reduce_ex),
    def(c"_slotnames", slotnames),
    PyMethodDef::zeroed(),
]);

/// Makes the `copyreg` module (a new reference), or NULL with the error.
pub(crate) fn make_copyreg() -> *mut PyObject {
    // SAFETY: a NUL-terminated name; the static table outlives the module.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"copyreg".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            COPYREG_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}
