//! The `types` module (CPython's `Lib/types.py`): the names it gives the
//! interpreter's built-in types, each the very type object C code gets
//! elsewhere (`types.ModuleType is Py_TYPE(module)`,
//! `types.MappingProxyType is &PyDictProxy_Type`, …). Extensions import
//! it for those names (propcache reads `types.GenericAlias`).
//!
//! `FunctionType` and `LambdaType` are the `function` type, which has no
//! instances here (no Python functions), as `FrameType` has none.
//! `SimpleNamespace` is the library's own (`objects/namespaceobject.rs`).
//! Not here, because the library has no such type: `UnionType`,
//! `DynamicClassAttribute`. Not here, because they are Python code:
//! `new_class`, `prepare_class`, `resolve_bases`, `coroutine`.

use std::ffi::CStr;
use std::ptr;

use crate::ffi::*;
use crate::objects::object::Owned;

/// The module's names and the types they stand for, in `Lib/types.py`'s
/// order.
fn exported_types() -> [(&'static CStr, *mut PyTypeObject); 24] {
    use crate::objects::*;
    [
        (c"FunctionType", funcobject::PyFunction_Type.get()),
        (c"LambdaType", funcobject::PyFunction_Type.get()),
        (c"CodeType", codeobject::PyCode_Type.get()),
        (c"MappingProxyType", descrobject::PyDictProxy_Type.get()),
        (c"CellType", cellobject::PyCell_Type.get()),
        (c"GeneratorType", genobject::PyGen_Type.get()),
        (c"CoroutineType", genobject::PyCoro_Type.get()),
        (c"AsyncGeneratorType", genobject::PyAsyncGen_Type.get()),
        (c"MethodType", classobject::PyMethod_Type.get()),
        // `type(len)` and `type([].append)`: the same type in CPython.
        (c"BuiltinFunctionType", methodobject::PyCFunction_Type.get()),
        (c"BuiltinMethodType", methodobject::PyCFunction_Type.get()),
        // `type(object.__init__)`, `type(object().__str__)`,
        // `type(str.join)`, `type(dict.__dict__['fromkeys'])`.
        (
            c"WrapperDescriptorType",
            descrobject::PyWrapperDescr_Type.get(),
        ),
        (
            c"MethodWrapperType",
            descrobject::_PyMethodWrapper_Type.get(),
        ),
        (
            c"MethodDescriptorType",
            descrobject::PyMethodDescr_Type.get(),
        ),
        (
            c"ClassMethodDescriptorType",
            descrobject::PyClassMethodDescr_Type.get(),
        ),
        (c"ModuleType", moduleobject::PyModule_Type.get()),
        (
            c"TracebackType",
            crate::python::traceback::PyTraceBack_Type.get(),
        ),
        (c"FrameType", frameobject::PyFrame_Type.get()),
        (
            c"GetSetDescriptorType",
            descrobject::PyGetSetDescr_Type.get(),
        ),
        (
            c"MemberDescriptorType",
            descrobject::PyMemberDescr_Type.get(),
        ),
        (
            c"GenericAlias",
            genericaliasobject::Py_GenericAliasType.get(),
        ),
        (c"EllipsisType", object::PyEllipsis_Type.get()),
        (c"NoneType", object::_PyNone_Type.get()),
        (c"NotImplementedType", object::_PyNotImplemented_Type.get()),
    ]
}

/// Makes the `types` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the types are static, so live.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"types".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let ns = crate::objects::namespaceobject::namespace_type();
        if ns.is_null()
            || crate::python::modsupport::PyModule_AddObjectRef(
                m.as_ptr(),
                c"SimpleNamespace".as_ptr(),
                ns.cast(),
            ) < 0
        {
            return ptr::null_mut();
        }
        for (name, ty) in exported_types() {
            if crate::python::modsupport::PyModule_AddObjectRef(
                m.as_ptr(),
                name.as_ptr(),
                ty.cast(),
            ) < 0
            {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
