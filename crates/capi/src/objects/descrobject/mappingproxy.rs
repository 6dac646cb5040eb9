//! `mappingproxy` (`PyDictProxy_Type`, from CPython's
//! `Objects/descrobject.c`): a read-only view of a mapping. `type.__dict__`
//! is one over the type's dict, and `PyDictProxy_New(mapping)` /
//! `types.MappingProxyType(mapping)` make one over any mapping that is not
//! a list or tuple.
//!
//! Reading goes to the mapping (`len`, `[]`, `in`, iteration, `get`,
//! `keys`, `values`, `items`, `copy`, `reversed`, comparisons, `|`);
//! writing has no slot, so `proxy[k] = v` is CPython's "'mappingproxy'
//! object does not support item assignment".

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{
    PyMapping_Check, PyNumber_Or, PyObject_GetItem, PyObject_GetIter, PyObject_Size,
    PySequence_Contains,
};
use crate::objects::call::{
    PyObject_CallMethodNoArgs, PyObject_CallOneArg, PyObject_VectorcallMethod,
};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_dealloc, visit_each};
use crate::objects::object::{
    Owned, Py_DecRef, PyObject_GenericGetAttr, PyObject_RichCompare, PyObject_Str, py_none, repr,
    tp_name, type_of,
};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type, is_subtype};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::clinic::{METHOD_END, method, static_parser};
use crate::python::errors;

/// CPython's `mappingproxyobject`.
#[repr(C)]
struct MappingProxyObject {
    ob_base: PyObject,
    mapping: *mut PyObject,
}

/// The proxied mapping (borrowed).
///
/// # Safety
/// `op` must be a live `mappingproxy`.
unsafe fn mapping_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<MappingProxyObject>()).mapping }
}

/// True for a `mappingproxy`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_proxy(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { is_subtype(type_of(op), PyDictProxy_Type.get()) }
}

/// Whether `mapping` can be proxied: a mapping (it has `mp_subscript`)
/// that is not a list or tuple (whose `[]` takes indexes); false with
/// CPython's `TypeError` otherwise.
///
/// # Safety
/// `mapping` must be a live object.
unsafe fn check_mapping(mapping: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        let flags = (*type_of(mapping)).tp_flags;
        if PyMapping_Check(mapping) == 0
            || flags & (Py_TPFLAGS_LIST_SUBCLASS | Py_TPFLAGS_TUPLE_SUBCLASS) != 0
        {
            errors::raise(
                Exc::TypeError,
                format!(
                    "mappingproxy() argument must be a mapping, not {}",
                    tp_name(type_of(mapping), usize::MAX)
                ),
            );
            return false;
        }
    }
    true
}

/// A new proxy over `mapping` (checked by the caller), or NULL with
/// `MemoryError`.
///
/// # Safety
/// `mapping` must be a live object.
unsafe fn proxy_new(mapping: *mut PyObject) -> *mut PyObject {
    // SAFETY: a static type whose one field is the mapping.
    unsafe { crate::objects::typeobject::alloc_holding(PyDictProxy_Type.get(), mapping) }
}

/// `PyDictProxy_New(mapping)`: a read-only view of `mapping`.
///
/// Fails (NULL) with `TypeError("mappingproxy() argument must be a
/// mapping, not T")` for a list, a tuple or a non-mapping, `SystemError`
/// for NULL, or `MemoryError`.
///
/// # Safety
/// `mapping` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDictProxy_New(mapping: *mut PyObject) -> *mut PyObject {
    if mapping.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live object.
    unsafe {
        if !check_mapping(mapping) {
            return ptr::null_mut();
        }
        proxy_new(mapping)
    }
}

// ==========================================================================
// Slots
// ==========================================================================

static_parser!(NEW_KW = [c"mapping"]; NEW_PARSER = c"mappingproxy");

/// `mappingproxy(mapping)`.
unsafe extern "C" fn proxy_tp_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe {
        let Some([mapping]) = crate::python::clinic::unpack_call::<1>(
            &NEW_PARSER,
            crate::objects::tupleobject::items(args),
            crate::objects::tupleobject::size(args),
            kwds,
            ptr::null_mut(),
            1,
            1,
        ) else {
            return ptr::null_mut();
        };
        PyDictProxy_New(mapping)
    }
}

unsafe extern "C" fn proxy_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced proxy.
    unsafe { gc_dealloc(op, |op| Py_DecRef(mapping_of(op))) }
}

unsafe extern "C" fn proxy_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live proxy; `visit` is the caller's visitor.
    unsafe { visit_each(&[mapping_of(op)], visit, arg) }
}

unsafe extern "C" fn proxy_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live proxy.
    unsafe { PyObject_Size(mapping_of(op)) }
}

unsafe extern "C" fn proxy_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy and key.
    unsafe { PyObject_GetItem(mapping_of(op), key) }
}

/// `key in proxy`: a dict's own lookup, else the mapping's `in`.
unsafe extern "C" fn proxy_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: a live proxy and key.
    unsafe {
        let m = mapping_of(op);
        if type_of(m) == crate::objects::dictobject::PyDict_Type.get() {
            return crate::objects::dictobject::PyDict_Contains(m, key);
        }
        PySequence_Contains(m, key)
    }
}

/// `a | b` with either a proxy: the same with the proxies' mappings.
unsafe extern "C" fn proxy_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        let a = if is_proxy(a) { mapping_of(a) } else { a };
        let b = if is_proxy(b) { mapping_of(b) } else { b };
        PyNumber_Or(a, b)
    }
}

/// `proxy |= x`: refused, the proxy being read-only.
unsafe extern "C" fn proxy_ior(op: *mut PyObject, _other: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    let name = unsafe { tp_name(type_of(op), usize::MAX) };
    errors::fail_null(
        Exc::TypeError,
        format!("'|=' is not supported by {name}; use '|' instead"),
    )
}

unsafe extern "C" fn proxy_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { PyObject_GetIter(mapping_of(op)) }
}

unsafe extern "C" fn proxy_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { PyObject_Str(mapping_of(op)) }
}

/// `repr(proxy)`: `mappingproxy(REPR)`.
unsafe extern "C" fn proxy_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    match unsafe { repr(mapping_of(op)) } {
        Some(r) => unicode_from_str(&format!("mappingproxy({r})")),
        None => ptr::null_mut(),
    }
}

/// Comparisons are the mapping's, against the other operand as it is.
unsafe extern "C" fn proxy_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: a live proxy and a live operand.
    unsafe { PyObject_RichCompare(mapping_of(a), b, op) }
}

// ==========================================================================
// Methods
// ==========================================================================

/// `proxy.get(key, default=None)`: the mapping's `get(key, default)`.
unsafe extern "C" fn proxy_get(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a live proxy and a fastcall's arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"get".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let default = if nargs == 2 { *args.add(1) } else { py_none() };
        let Some(name) = Owned::new(unicode_from_str("get")) else {
            return ptr::null_mut();
        };
        let stack = [mapping_of(op), *args, default];
        PyObject_VectorcallMethod(name.as_ptr(), stack.as_ptr(), 3, ptr::null_mut())
    }
}

/// `mapping.NAME()`.
///
/// # Safety
/// `op` must be a live proxy.
unsafe fn call_mapping_method(op: *mut PyObject, name: &CStr) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(n) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(
            name.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        PyObject_CallMethodNoArgs(mapping_of(op), n.as_ptr())
    }
}

unsafe extern "C" fn proxy_keys(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { call_mapping_method(op, c"keys") }
}

unsafe extern "C" fn proxy_values(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { call_mapping_method(op, c"values") }
}

unsafe extern "C" fn proxy_items(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { call_mapping_method(op, c"items") }
}

/// `proxy.copy()`: the mapping's `copy()` (a dict for a dict), not a
/// proxy.
unsafe extern "C" fn proxy_copy(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe { call_mapping_method(op, c"copy") }
}

/// `reversed(proxy)`: `reversed(mapping)`.
unsafe extern "C" fn proxy_reversed(op: *mut PyObject, _u: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy; a static type.
    unsafe {
        PyObject_CallOneArg(
            crate::objects::enumobject::PyReversed_Type.get().cast(),
            mapping_of(op),
        )
    }
}

/// A `METH_NOARGS` row with a docstring.
const fn noargs(name: &'static CStr, meth: PyCFunction, doc: &'static CStr) -> PyMethodDef {
    let mut row = method(name, meth, METH_NOARGS);
    row.ml_doc = doc.as_ptr();
    row
}

static PROXY_METHODS: StaticObject<[PyMethodDef; 8]> = StaticObject::new([
    {
        let mut row = crate::python::clinic::fastcall(c"get", proxy_get);
        row.ml_doc = c"D.get(k[,d]) -> D[k] if k in D, else d.  d defaults to None.".as_ptr();
        row
    },
    noargs(
        c"keys",
        proxy_keys,
        c"D.keys() -> a set-like object providing a view on D's keys",
    ),
    noargs(
        c"values",
        proxy_values,
        c"D.values() -> an object providing a view on D's values",
    ),
    noargs(
        c"items",
        proxy_items,
        c"D.items() -> a set-like object providing a view on D's items",
    ),
    noargs(c"copy", proxy_copy, c"D.copy() -> a shallow copy of D"),
    PyMethodDef {
        ml_name: c"__class_getitem__".as_ptr(),
        ml_meth: Some(crate::objects::genericaliasobject::Py_GenericAlias),
        ml_flags: METH_O | METH_CLASS,
        ml_doc: c"See PEP 585".as_ptr(),
    },
    noargs(
        c"__reversed__",
        proxy_reversed,
        c"D.__reversed__() -> reverse iterator",
    ),
    METHOD_END,
]);

static PROXY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(proxy_len),
    mp_subscript: Some(proxy_getitem),
    mp_ass_subscript: None,
};

static PROXY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_contains: Some(proxy_contains),
    ..PySequenceMethods::empty()
};

static PROXY_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_or: Some(proxy_or),
    nb_inplace_or: Some(proxy_ior),
    ..PyNumberMethods::empty()
};

/// `PyDictProxy_Type`: `mappingproxy` (`types.MappingProxyType`).
#[unsafe(no_mangle)]
pub static PyDictProxy_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"mappingproxy".as_ptr();
    ty.tp_basicsize = size_of::<MappingProxyObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(proxy_dealloc);
    ty.tp_repr = Some(proxy_repr);
    ty.tp_as_number = &raw const PROXY_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_as_sequence = &raw const PROXY_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const PROXY_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_str = Some(proxy_str);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MAPPING;
    ty.tp_traverse = Some(proxy_traverse);
    ty.tp_richcompare = Some(proxy_richcompare);
    ty.tp_iter = Some(proxy_iter);
    ty.tp_methods = PROXY_METHODS.get().cast();
    ty.tp_new = Some(proxy_tp_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_cpython() {
        // PyObject_HEAD, mapping.
        assert_eq!(
            std::mem::size_of::<super::MappingProxyObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + std::mem::size_of::<usize>()
        );
    }
}
