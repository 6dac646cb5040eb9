//! `types.SimpleNamespace` (CPython's `Objects/namespaceobject.c`): an
//! object whose attributes live in its `__dict__`, made from keyword
//! arguments, with a `namespace(a=1, b=2)` repr, equality by the dicts,
//! and `__reduce__`. `time.get_clock_info` returns one (CPython's
//! `_PyNamespace_New`, internal to the interpreter, so not exported).

use std::ffi::{c_char, c_int};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::typeobject::static_type;
use crate::python::errors;

unsafe extern "C" {
    fn Py_DecRef(o: *mut PyObject);
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyObject_TypeCheck(o: *mut PyObject, ty: *mut PyTypeObject) -> c_int;
    fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject;
    fn PyDict_New() -> *mut PyObject;
    fn PyDict_Update(a: *mut PyObject, b: *mut PyObject) -> c_int;
    fn PyDict_Keys(d: *mut PyObject) -> *mut PyObject;
    fn PyDict_GetItemWithError(d: *mut PyObject, k: *mut PyObject) -> *mut PyObject;
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyList_Append(l: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyList_Size(l: *mut PyObject) -> Py_ssize_t;
    fn PyList_GetItem(l: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyUnicode_Join(sep: *mut PyObject, seq: *mut PyObject) -> *mut PyObject;
    fn Py_ReprEnter(o: *mut PyObject) -> c_int;
    fn Py_ReprLeave(o: *mut PyObject);
    fn Py_BuildValue(format: *const c_char, ...) -> *mut PyObject;
    fn PyArg_ValidateKeywordArguments(kw: *mut PyObject) -> c_int;
}

/// CPython's `_PyNamespaceObject`.
#[repr(C)]
struct Namespace {
    ob_base: PyObject,
    ns_dict: *mut PyObject,
}

unsafe extern "C" fn namespace_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a ready type; the new object is ours until returned.
    unsafe {
        let Some(d) = Owned::new(PyDict_New()) else {
            return ptr::null_mut();
        };
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        (*op.cast::<Namespace>()).ns_dict = d.into_raw();
        op
    }
}

/// `SimpleNamespace(**kwargs)`: keyword arguments only, str keys only.
unsafe extern "C" fn namespace_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tp_init's live arguments; a namespace.
    unsafe {
        if crate::objects::tupleobject::PyTuple_Size(args) != 0 {
            return errors::fail(Exc::TypeError, "no positional arguments expected");
        }
        if kwds.is_null() {
            return 0;
        }
        if PyArg_ValidateKeywordArguments(kwds) == 0 {
            return -1;
        }
        PyDict_Update((*op.cast::<Namespace>()).ns_dict, kwds)
    }
}

unsafe extern "C" fn namespace_dealloc(op: *mut PyObject) {
    // SAFETY: the dying namespace; its type frees it.
    unsafe {
        let d = (*op.cast::<Namespace>()).ns_dict;
        if !d.is_null() {
            Py_DecRef(d);
        }
        ((*(*op).ob_type).tp_free.expect("tp_free"))(op.cast());
    }
}

/// `namespace(a=1, b=2)`: the str keys in dict order (a subclass shows
/// its own name).
unsafe extern "C" fn namespace_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live namespace; the dict's keys are snapshotted first.
    unsafe {
        let name = if (*op).ob_type == SIMPLE_NAMESPACE_TYPE.get() {
            c"namespace".as_ptr()
        } else {
            (*(*op).ob_type).tp_name
        };
        let status = Py_ReprEnter(op);
        if status != 0 {
            if status < 0 {
                return ptr::null_mut();
            }
            return PyUnicode_FromFormat(c"%s(...)".as_ptr(), name);
        }
        let r = (|| {
            let d = (*op.cast::<Namespace>()).ns_dict;
            let pairs = Owned::new(PyList_New(0))?;
            let keys = Owned::new(PyDict_Keys(d))?;
            for i in 0..PyList_Size(keys.as_ptr()) {
                let key = PyList_GetItem(keys.as_ptr(), i);
                if !crate::objects::unicodeobject::is_str(key)
                    || crate::objects::unicodeobject::len(key) == 0
                {
                    continue;
                }
                let value = PyDict_GetItemWithError(d, key);
                if value.is_null() {
                    if !errors::PyErr_Occurred().is_null() {
                        return None;
                    }
                    continue;
                }
                let item = Owned::new(PyUnicode_FromFormat(c"%U=%R".as_ptr(), key, value))?;
                if PyList_Append(pairs.as_ptr(), item.as_ptr()) < 0 {
                    return None;
                }
            }
            let sep = Owned::new(PyUnicode_FromString(c", ".as_ptr()))?;
            let joined = Owned::new(PyUnicode_Join(sep.as_ptr(), pairs.as_ptr()))?;
            Owned::new(PyUnicode_FromFormat(
                c"%s(%S)".as_ptr(),
                name,
                joined.as_ptr(),
            ))
        })()
        .map_or(ptr::null_mut(), Owned::into_raw);
        Py_ReprLeave(op);
        r
    }
}

/// Two namespaces compare as their dicts do (every operator, as in
/// CPython: `<` is the dicts' TypeError).
unsafe extern "C" fn namespace_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands.
    unsafe {
        let ty = SIMPLE_NAMESPACE_TYPE.get();
        if PyObject_TypeCheck(a, ty) != 0 && PyObject_TypeCheck(b, ty) != 0 {
            return PyObject_RichCompare(
                (*a.cast::<Namespace>()).ns_dict,
                (*b.cast::<Namespace>()).ns_dict,
                op,
            );
        }
        crate::objects::object::not_implemented()
    }
}

/// `__reduce__()`: `(type(self), (), self.__dict__)`.
unsafe extern "C" fn namespace_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live namespace.
    unsafe {
        Py_BuildValue(
            c"(O()O)".as_ptr(),
            (*op).ob_type,
            (*op.cast::<Namespace>()).ns_dict,
        )
    }
}

static NAMESPACE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"Return state information for pickling".as_ptr(),
        ..crate::python::clinic::method(c"__reduce__", namespace_reduce, METH_NOARGS)
    },
    crate::python::clinic::METHOD_END,
]);

static NAMESPACE_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__dict__",
        member_types::T_OBJECT,
        offset_of!(Namespace, ns_dict),
        member_types::READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `types.SimpleNamespace`.
static SIMPLE_NAMESPACE_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"types.SimpleNamespace",
        size_of::<Namespace>(),
        Py_TPFLAGS_BASETYPE,
        namespace_dealloc,
    );
    ty.tp_new = Some(namespace_new);
    ty.tp_init = Some(namespace_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_repr = Some(namespace_repr);
    ty.tp_richcompare = Some(namespace_richcompare);
    ty.tp_hash = Some(crate::objects::object::PyObject_HashNotImplemented);
    ty.tp_getattro = Some(crate::objects::object::PyObject_GenericGetAttr);
    ty.tp_setattro = Some(crate::objects::object::PyObject_GenericSetAttr);
    ty.tp_dictoffset = offset_of!(Namespace, ns_dict) as Py_ssize_t;
    ty.tp_methods = NAMESPACE_METHODS.get().cast();
    ty.tp_members = NAMESPACE_MEMBERS.get().cast();
    ty.tp_doc = c"A simple attribute-based namespace.\n\nSimpleNamespace(**kwargs)".as_ptr();
    ty
});

/// The ready `types.SimpleNamespace` type (borrowed), or NULL with the
/// error.
pub(crate) fn namespace_type() -> *mut PyTypeObject {
    let ty = SIMPLE_NAMESPACE_TYPE.get();
    // SAFETY: the static type; readying twice returns at once.
    if unsafe { PyType_Ready(ty) } < 0 {
        return ptr::null_mut();
    }
    ty
}

/// CPython's `_PyNamespace_New(kwds)`: a namespace holding the items of
/// dict `kwds` (NULL for none), or NULL with the error.
///
/// # Safety
/// `kwds` NULL or a live dict.
pub(crate) unsafe fn namespace_from(kwds: *mut PyObject) -> *mut PyObject {
    let ty = namespace_type();
    if ty.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a ready type; per the contract.
    unsafe {
        let Some(ns) = Owned::new(PyType_GenericAlloc(ty, 0)) else {
            return ptr::null_mut();
        };
        let Some(d) = Owned::new(PyDict_New()) else {
            return ptr::null_mut();
        };
        (*ns.as_ptr().cast::<Namespace>()).ns_dict = d.into_raw();
        if !kwds.is_null() && PyDict_Update((*ns.as_ptr().cast::<Namespace>()).ns_dict, kwds) < 0 {
            return ptr::null_mut();
        }
        ns.into_raw()
    }
}
