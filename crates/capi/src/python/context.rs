//! Context variables (PEP 567), CPython's `Python/context.c`: the
//! `Context`, `ContextVar` and `Token` types of `_contextvars`, the
//! `PyContext*` / `PyContextVar*` C API, and the `_contextvars` module
//! (with its pure re-export `contextvars`).
//!
//! ## Design
//!
//! 1. *A context is an immutable mapping.* CPython keeps a persistent HAMT;
//!    here a context holds a dict that is never changed once a context
//!    refers to it: setting or resetting a variable copies the dict, changes
//!    the copy and swaps it in. Copies of a context (`Context.copy()`,
//!    `PyContext_Copy`, `copy_context()`) share the dict, so copying is O(1)
//!    and a later set in one context is never seen by another. The dicts are
//!    private (never handed out), which is what keeps them frozen, and lets
//!    the `keys`/`values`/`items` iterators walk them with `PyDict_Next`.
//! 2. *The current context lives in the thread state* (`context`), as in
//!    CPython: NULL until first needed, then an empty context. The thread
//!    state holds one reference to it; entering a context moves that
//!    reference into the entered context's `ctx_prev`, and exiting moves it
//!    back. Without a current thread state (the GIL not held) the calls fail
//!    with `RuntimeError` instead of crashing as CPython would.
//! 3. *Iteration order* is the order variables were first set (a dict's),
//!    where CPython's follows the HAMT's hash order, which depends on
//!    addresses and so is unspecified anyway.
//! 4. `Token.MISSING` is a static singleton of the type `Token.MISSING`,
//!    put in `Token`'s dict when `PyType_Ready` readies `Token`
//!    ([`add_token_missing`]).

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::dictobject::{
    PyDict_Contains, PyDict_Copy, PyDict_DelItem, PyDict_GetItemWithError, PyDict_New, PyDict_Next,
    PyDict_SetItem, PyDict_SetItemString, PyDict_Size,
};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_dealloc, gc_untrack, visit_each};
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_Hash,
    PyObject_HashNotImplemented, PyObject_RichCompareBool, hash_pointer, immortal_dealloc, is_str,
    not_implemented, type_of,
};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::objects::weakrefobject::PyObject_ClearWeakRefs;
use crate::python::ceval_gil::current;
use crate::python::clinic::{METHOD_END, fastcall, fastcall_kw, getter, method};
use crate::python::errors;

unsafe extern "C" {
    // The C half of the library (unicodeobject.c, errors.c): `%R` and `%p`
    // exactly as CPython formats them.
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyErr_Format(exception: *mut PyObject, format: *const c_char, ...) -> *mut PyObject;
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
}

/// `def` with the docstring `text` (Argument Clinic's form: a
/// `name($self, ...)\n--\n\n` signature line first gives
/// `__text_signature__`).
const fn doc(mut def: PyMethodDef, text: &'static std::ffi::CStr) -> PyMethodDef {
    def.ml_doc = text.as_ptr();
    def
}

// ==========================================================================
// Layouts
// ==========================================================================

/// A `Context` (CPython's `PyContext`; opaque to C code).
#[repr(C)]
struct PyContext {
    ob_base: PyObject,
    /// The context that was current when this one was entered (a reference
    /// moved here from the thread state; NULL when not entered or when no
    /// context was current).
    ctx_prev: *mut PyObject,
    /// The variables: a private dict `ContextVar -> value`, never changed
    /// once stored here (see the module docs).
    ctx_vars: *mut PyObject,
    ctx_weakreflist: *mut PyObject,
    /// Whether the context is entered (on some thread).
    ctx_entered: c_int,
}

/// A `ContextVar` (CPython's `PyContextVar`).
#[repr(C)]
struct PyContextVar {
    ob_base: PyObject,
    var_name: *mut PyObject,
    /// NULL when the variable has no default.
    var_default: *mut PyObject,
    /// Computed once: the address mixed with the name's hash, as CPython.
    var_hash: Py_hash_t,
}

/// A `Token` (CPython's `PyContextToken`).
#[repr(C)]
struct PyContextToken {
    ob_base: PyObject,
    tok_ctx: *mut PyObject,
    tok_var: *mut PyObject,
    /// The value before the `set` (NULL: the variable had none).
    tok_oldval: *mut PyObject,
    tok_used: c_int,
}

/// An iterator over a context's `keys()`, `values()` or `items()` (which of
/// the three is told by its type).
#[repr(C)]
struct ContextIter {
    ob_base: PyObject,
    /// The context's frozen dict (a reference).
    it_vars: *mut PyObject,
    /// `PyDict_Next`'s position.
    it_pos: Py_ssize_t,
}

/// The fields of a context.
///
/// # Safety
/// `op` must be a live `Context`.
unsafe fn ctx(op: *mut PyObject) -> *mut PyContext {
    op.cast()
}

/// The fields of a context variable.
///
/// # Safety
/// `op` must be a live `ContextVar`.
unsafe fn var(op: *mut PyObject) -> *mut PyContextVar {
    op.cast()
}

/// The fields of a token.
///
/// # Safety
/// `op` must be a live `Token`.
unsafe fn tok(op: *mut PyObject) -> *mut PyContextToken {
    op.cast()
}

/// Whether `op` is exactly of type `ty` (none of these types can be
/// subclassed).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_exactly(op: *mut PyObject, ty: &StaticObject<PyTypeObject>) -> bool {
    // SAFETY: live per the contract.
    unsafe { type_of(op) == ty.get() }
}

/// CPython's `ENSURE_Context` / `ENSURE_ContextVar` / `ENSURE_ContextToken`:
/// true when `op` is a live object of type `ty`, else false with
/// `TypeError("an instance of <what> was expected")`.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn ensure(op: *mut PyObject, ty: &StaticObject<PyTypeObject>, what: &str) -> bool {
    // SAFETY: NULL or live per the contract.
    if !op.is_null() && unsafe { is_exactly(op, ty) } {
        return true;
    }
    errors::raise(
        Exc::TypeError,
        format!("an instance of {what} was expected"),
    );
    false
}

/// Replaces `*slot` (a reference) with `value` (a new reference), and only
/// then releases the old one, which may run arbitrary code.
///
/// # Safety
/// `slot` must hold NULL or a reference; `value` NULL or a new reference.
unsafe fn set_ref(slot: *mut *mut PyObject, value: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let old = *slot;
        *slot = value;
        Py_DecRef(old);
    }
}

// ==========================================================================
// The thread's current context
// ==========================================================================

/// The current thread state, or None with `RuntimeError` when there is
/// none (CPython requires one and would crash).
fn thread_state() -> Option<*mut PyThreadState> {
    let ts = current();
    if ts.is_null() {
        errors::raise(
            Exc::RuntimeError,
            "context variables need a current thread state (the GIL is not held)",
        );
        return None;
    }
    Some(ts)
}

/// The current context (borrowed from the thread state), made empty on
/// first use as CPython's `context_get`; NULL with the error.
fn context_get() -> *mut PyObject {
    let Some(ts) = thread_state() else {
        return ptr::null_mut();
    };
    // SAFETY: the current thread state, touched only by the GIL holder.
    unsafe {
        if (*ts).context.is_null() {
            let c = context_new_empty();
            if c.is_null() {
                return c;
            }
            (*ts).context = c;
        }
        (*ts).context
    }
}

// ==========================================================================
// Contexts
// ==========================================================================

/// A new context over `vars` (a new reference it takes over, even on
/// failure); NULL with `MemoryError`.
///
/// # Safety
/// `vars` must be a frozen variables dict.
unsafe fn context_alloc(vars: *mut PyObject) -> *mut PyObject {
    // SAFETY: a static type; the object is zeroed until its dict is stored.
    unsafe {
        let op = PyType_GenericAlloc(PyContext_Type.get(), 0);
        if op.is_null() {
            Py_DecRef(vars);
            return op;
        }
        (*ctx(op)).ctx_vars = vars;
        op
    }
}

/// A new, empty context; NULL with `MemoryError`.
fn context_new_empty() -> *mut PyObject {
    let vars = PyDict_New();
    if vars.is_null() {
        return vars;
    }
    // SAFETY: a fresh dict nobody else sees.
    unsafe { context_alloc(vars) }
}

/// A new context sharing the variables of the context `op` (O(1)).
///
/// # Safety
/// `op` must be a live `Context`.
unsafe fn context_new_from(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the frozen dict is shared, never changed.
    unsafe {
        let vars = (*ctx(op)).ctx_vars;
        Py_IncRef(vars);
        context_alloc(vars)
    }
}

/// The value of `key` in the context `op` (borrowed), Ok(None) when unset.
///
/// # Safety
/// `op` must be a live `Context`, `key` a live object.
unsafe fn context_find(op: *mut PyObject, key: *mut PyObject) -> Result<Option<*mut PyObject>, ()> {
    // SAFETY: per the contract.
    unsafe {
        let v = PyDict_GetItemWithError((*ctx(op)).ctx_vars, key);
        if !v.is_null() {
            Ok(Some(v))
        } else if errors::PyErr_Occurred().is_null() {
            Ok(None)
        } else {
            Err(())
        }
    }
}

/// `TypeError("a ContextVar key was expected, got <repr>")` unless `key`
/// is a `ContextVar`.
///
/// # Safety
/// `key` must be a live object.
unsafe fn check_key(key: *mut PyObject) -> bool {
    // SAFETY: per the contract; `%R` formats a live object.
    unsafe {
        if is_exactly(key, &PyContextVar_Type) {
            return true;
        }
        PyErr_Format(
            Exc::TypeError.type_object(),
            c"a ContextVar key was expected, got %R".as_ptr(),
            key,
        );
    }
    false
}

/// `PyContext_New()`: a new, empty context; NULL with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyContext_New() -> *mut PyObject {
    context_new_empty()
}

/// `PyContext_Copy(ctx)`: a new context with the variables of `ctx`.
/// Fails (NULL) with `TypeError` for anything but a context.
///
/// # Safety
/// `octx` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContext_Copy(octx: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or live per the contract.
    unsafe {
        if !ensure(octx, &PyContext_Type, "Context") {
            return ptr::null_mut();
        }
        context_new_from(octx)
    }
}

/// `PyContext_CopyCurrent()`: a copy of the current context (made empty
/// first if the thread has none).
#[unsafe(no_mangle)]
pub extern "C" fn PyContext_CopyCurrent() -> *mut PyObject {
    let c = context_get();
    if c.is_null() {
        return c;
    }
    // SAFETY: the live current context.
    unsafe { context_new_from(c) }
}

/// `PyContext_Enter(ctx)`: makes `ctx` the current context, remembering
/// the previous one; 0, or -1 with `TypeError` (not a context) or
/// `RuntimeError("cannot enter context: <repr> is already entered")`.
///
/// # Safety
/// `octx` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContext_Enter(octx: *mut PyObject) -> c_int {
    // SAFETY: NULL or live per the contract; the thread state is current.
    unsafe {
        if !ensure(octx, &PyContext_Type, "Context") {
            return -1;
        }
        let Some(ts) = thread_state() else {
            return -1;
        };
        let c = ctx(octx);
        if (*c).ctx_entered != 0 {
            PyErr_Format(
                Exc::RuntimeError.type_object(),
                c"cannot enter context: %R is already entered".as_ptr(),
                octx,
            );
            return -1;
        }
        // The thread state's reference to the previous context moves into
        // `ctx_prev`; the state takes a new one to `ctx`.
        (*c).ctx_prev = (*ts).context;
        (*c).ctx_entered = 1;
        Py_IncRef(octx);
        (*ts).context = octx;
    }
    0
}

/// `PyContext_Exit(ctx)`: makes the context that was current before
/// `ctx` was entered current again; 0, or -1 with `TypeError` (not a
/// context) or `RuntimeError` (not entered, or not the current context).
///
/// # Safety
/// `octx` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContext_Exit(octx: *mut PyObject) -> c_int {
    // SAFETY: NULL or live per the contract; the thread state is current.
    unsafe {
        if !ensure(octx, &PyContext_Type, "Context") {
            return -1;
        }
        let Some(ts) = thread_state() else {
            return -1;
        };
        let c = ctx(octx);
        if (*c).ctx_entered == 0 {
            PyErr_Format(
                Exc::RuntimeError.type_object(),
                c"cannot exit context: %R has not been entered".as_ptr(),
                octx,
            );
            return -1;
        }
        if (*ts).context != octx {
            // Only a misuse of the C API gets here.
            return errors::fail(
                Exc::RuntimeError,
                "cannot exit context: thread state references a different context object",
            );
        }
        let prev = std::mem::replace(&mut (*c).ctx_prev, ptr::null_mut());
        (*c).ctx_entered = 0;
        // The state's reference to `ctx` goes; `ctx_prev`'s moves back.
        set_ref(&raw mut (*ts).context, prev);
    }
    0
}

// ==========================================================================
// Context variables: the C API
// ==========================================================================

/// CPython's `contextvar_new`: a variable named by the `str` `name`, with
/// the default `def` (NULL: none); NULL with `TypeError` for a non-`str`
/// name, or the error of hashing it.
///
/// # Safety
/// `name` must be a live object, `def` NULL or a live object.
unsafe fn contextvar_new(name: *mut PyObject, def: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the fields are set before anything can see
    // the object.
    unsafe {
        if !is_str(name) {
            return errors::fail_null(Exc::TypeError, "context variable name must be a str");
        }
        let op = PyType_GenericAlloc(PyContextVar_Type.get(), 0);
        if op.is_null() {
            return op;
        }
        let v = var(op);
        Py_IncRef(name);
        (*v).var_name = name;
        Py_IncRef(def);
        (*v).var_default = def;
        let name_hash = PyObject_Hash(name);
        if name_hash == -1 {
            Py_DecRef(op);
            return ptr::null_mut();
        }
        // Equal names must still spread over the table: mix in the address.
        let h = hash_pointer(op.cast::<c_void>()) ^ name_hash;
        (*v).var_hash = if h == -1 { -2 } else { h };
        op
    }
}

/// `PyContextVar_New(name, default)`: a new variable named by the UTF-8
/// `name`, with `default` (NULL: none).
///
/// # Safety
/// `name` must be NUL-terminated; `def` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContextVar_New(
    name: *const c_char,
    def: *mut PyObject,
) -> *mut PyObject {
    if name.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract; the name is live.
    unsafe {
        let Some(pyname) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(name))
        else {
            return ptr::null_mut();
        };
        contextvar_new(pyname.as_ptr(), def)
    }
}

/// `PyContextVar_Get(var, default, &value)`: 0 with `*value` a new
/// reference to the variable's value in the current context, else to
/// `default`, else to the variable's default, else NULL (no error); -1
/// with `TypeError` for anything but a variable.
///
/// # Safety
/// `ovar` and `def` must be NULL or live objects; `val` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContextVar_Get(
    ovar: *mut PyObject,
    def: *mut PyObject,
    val: *mut *mut PyObject,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if !ensure(ovar, &PyContextVar_Type, "ContextVar") {
            return -1;
        }
        if val.is_null() {
            return errors::bad_internal_call();
        }
        let Some(ts) = thread_state() else {
            *val = ptr::null_mut();
            return -1;
        };
        let mut found = ptr::null_mut();
        if !(*ts).context.is_null() {
            match context_find((*ts).context, ovar) {
                Ok(Some(v)) => found = v,
                Ok(None) => {}
                Err(()) => {
                    *val = ptr::null_mut();
                    return -1;
                }
            }
        }
        if found.is_null() {
            found = if def.is_null() {
                (*var(ovar)).var_default
            } else {
                def
            };
        }
        Py_IncRef(found);
        *val = found;
    }
    0
}

/// A new token for a `set` of `ovar` in `octx` that replaced `old` (NULL:
/// unset).
///
/// # Safety
/// `octx` must be a live `Context`, `ovar` a live `ContextVar`, `old` NULL
/// or live.
unsafe fn token_new(octx: *mut PyObject, ovar: *mut PyObject, old: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; a zeroed object filled before it is seen.
    unsafe {
        let op = PyType_GenericAlloc(PyContextToken_Type.get(), 0);
        if op.is_null() {
            return op;
        }
        let t = tok(op);
        Py_IncRef(octx);
        (*t).tok_ctx = octx;
        Py_IncRef(ovar);
        (*t).tok_var = ovar;
        Py_IncRef(old);
        (*t).tok_oldval = old;
        op
    }
}

/// Sets (`value` non-NULL) or removes (NULL) `ovar` in the current context,
/// by swapping in a changed copy of its dict; 0, or -1 with the error.
/// Removing an unset variable is `LookupError(var)`.
///
/// # Safety
/// `ovar` must be a live `ContextVar`, `value` NULL or live.
unsafe fn contextvar_store(ovar: *mut PyObject, value: *mut PyObject) -> c_int {
    let c = context_get();
    if c.is_null() {
        return -1;
    }
    // SAFETY: the live current context and its frozen dict; the copy is
    // private until it is swapped in.
    unsafe {
        let vars = (*ctx(c)).ctx_vars;
        if value.is_null() {
            match PyDict_Contains(vars, ovar) {
                r if r < 0 => return -1,
                0 => {
                    errors::PyErr_SetObject(Exc::LookupError.type_object(), ovar);
                    return -1;
                }
                _ => {}
            }
        }
        let Some(new) = Owned::new(PyDict_Copy(vars)) else {
            return -1;
        };
        let r = if value.is_null() {
            PyDict_DelItem(new.as_ptr(), ovar)
        } else {
            PyDict_SetItem(new.as_ptr(), ovar, value)
        };
        if r < 0 {
            return -1;
        }
        set_ref(&raw mut (*ctx(c)).ctx_vars, new.into_raw());
    }
    0
}

/// `PyContextVar_Set(var, value)`: sets the variable in the current
/// context; a new `Token` for `PyContextVar_Reset`, or NULL with
/// `TypeError` (not a variable).
///
/// # Safety
/// `ovar` and `val` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContextVar_Set(
    ovar: *mut PyObject,
    val: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !ensure(ovar, &PyContextVar_Type, "ContextVar") {
            return ptr::null_mut();
        }
        if val.is_null() {
            errors::PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        let c = context_get();
        if c.is_null() {
            return c;
        }
        let old = match context_find(c, ovar) {
            Ok(v) => v.unwrap_or(ptr::null_mut()),
            Err(()) => return ptr::null_mut(),
        };
        // The token holds its own reference to the old value, taken before
        // the store releases the dict that held it.
        let Some(token) = Owned::new(token_new(c, ovar, old)) else {
            return ptr::null_mut();
        };
        if contextvar_store(ovar, val) < 0 {
            return ptr::null_mut();
        }
        token.into_raw()
    }
}

/// `PyContextVar_Reset(var, token)`: restores the value the variable had
/// before the `set` that made `token`; 0, or -1 with `TypeError` (wrong
/// types), `RuntimeError` (token already used) or `ValueError` (token of
/// another variable, or made in another context).
///
/// # Safety
/// `ovar` and `otok` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyContextVar_Reset(ovar: *mut PyObject, otok: *mut PyObject) -> c_int {
    // SAFETY: per the contract; `%R` formats the live token.
    unsafe {
        if !ensure(ovar, &PyContextVar_Type, "ContextVar")
            || !ensure(otok, &PyContextToken_Type, "Token")
        {
            return -1;
        }
        let t = tok(otok);
        if (*t).tok_used != 0 {
            PyErr_Format(
                Exc::RuntimeError.type_object(),
                c"%R has already been used once".as_ptr(),
                otok,
            );
            return -1;
        }
        if (*t).tok_var != ovar {
            PyErr_Format(
                Exc::ValueError.type_object(),
                c"%R was created by a different ContextVar".as_ptr(),
                otok,
            );
            return -1;
        }
        let c = context_get();
        if c.is_null() {
            return -1;
        }
        if c != (*t).tok_ctx {
            PyErr_Format(
                Exc::ValueError.type_object(),
                c"%R was created in a different Context".as_ptr(),
                otok,
            );
            return -1;
        }
        (*t).tok_used = 1;
        contextvar_store(ovar, (*t).tok_oldval)
    }
}

// ==========================================================================
// The Context type
// ==========================================================================

/// `Context()`: a new, empty context; no arguments.
unsafe extern "C" fn context_tp_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe {
        if crate::objects::tupleobject::size(args) != 0
            || (!kwds.is_null() && PyDict_Size(kwds) != 0)
        {
            return errors::fail_null(Exc::TypeError, "Context() does not accept any arguments");
        }
    }
    context_new_empty()
}

unsafe extern "C" fn context_tp_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced context.
    unsafe {
        gc_untrack(op);
        if !(*ctx(op)).ctx_weakreflist.is_null() {
            PyObject_ClearWeakRefs(op);
        }
        context_tp_clear(op);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn context_tp_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live context; `visit` is the caller's visitor.
    unsafe {
        let c = ctx(op);
        visit_each(&[(*c).ctx_prev, (*c).ctx_vars], visit, arg)
    }
}

unsafe extern "C" fn context_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live context.
    unsafe {
        let c = ctx(op);
        set_ref(&raw mut (*c).ctx_prev, ptr::null_mut());
        set_ref(&raw mut (*c).ctx_vars, ptr::null_mut());
    }
    0
}

/// `ctx == other` / `!=`: the same variables with equal values; anything
/// else (other types, ordering) is `NotImplemented`.
unsafe extern "C" fn context_tp_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects; contexts' dicts are live and frozen.
    unsafe {
        if !is_exactly(a, &PyContext_Type)
            || !is_exactly(b, &PyContext_Type)
            || (op != Py_EQ && op != Py_NE)
        {
            return not_implemented();
        }
        let Some(eq) = vars_equal((*ctx(a)).ctx_vars, (*ctx(b)).ctx_vars) else {
            return ptr::null_mut();
        };
        crate::objects::boolobject::bool_from_bool(eq == (op == Py_EQ))
    }
}

/// CPython's `_PyHamt_Eq` over two frozen dicts: same length, and every
/// key of `a` in `b` with an equal value (`==`, which may fail: None).
///
/// # Safety
/// `a` and `b` must be live frozen variables dicts.
unsafe fn vars_equal(a: *mut PyObject, b: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract; the values are held across the comparison,
    // which may run code.
    unsafe {
        if a == b {
            return Some(true);
        }
        if PyDict_Size(a) != PyDict_Size(b) {
            return Some(false);
        }
        let mut pos: Py_ssize_t = 0;
        let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
        while PyDict_Next(a, &mut pos, &mut k, &mut v) != 0 {
            let w = PyDict_GetItemWithError(b, k);
            if w.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    return None;
                }
                return Some(false);
            }
            let (v, w) = (Owned::borrowed(v), Owned::borrowed(w));
            match PyObject_RichCompareBool(v.as_ptr(), w.as_ptr(), Py_EQ) {
                r if r < 0 => return None,
                0 => return Some(false),
                _ => {}
            }
        }
        Some(true)
    }
}

unsafe extern "C" fn context_tp_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live context.
    unsafe { PyDict_Size((*ctx(op)).ctx_vars) }
}

/// `ctx[var]`: its value, `KeyError(var)` when unset, `TypeError` for a
/// key that is not a variable.
unsafe extern "C" fn context_tp_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context and key.
    unsafe {
        if !check_key(key) {
            return ptr::null_mut();
        }
        match context_find(op, key) {
            Ok(Some(v)) => {
                Py_IncRef(v);
                v
            }
            Ok(None) => {
                errors::PyErr_SetObject(Exc::KeyError.type_object(), key);
                ptr::null_mut()
            }
            Err(()) => ptr::null_mut(),
        }
    }
}

/// `var in ctx`.
unsafe extern "C" fn context_tp_contains(op: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: a live context and key.
    unsafe {
        if !check_key(key) {
            return -1;
        }
        match context_find(op, key) {
            Ok(v) => c_int::from(v.is_some()),
            Err(()) => -1,
        }
    }
}

/// `iter(ctx)`: the variables, as `ctx.keys()`.
unsafe extern "C" fn context_tp_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context.
    unsafe { iter_new(op, &CONTEXT_KEYS_TYPE) }
}

/// `ctx.get(var, default=None, /)`.
unsafe extern "C" fn context_get_method(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a live context and `nargs` live arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"get".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let key = *args;
        if !check_key(key) {
            return ptr::null_mut();
        }
        let v = match context_find(op, key) {
            Ok(Some(v)) => v,
            Ok(None) if nargs > 1 => *args.add(1),
            Ok(None) => crate::objects::object::py_none(),
            Err(()) => return ptr::null_mut(),
        };
        Py_IncRef(v);
        v
    }
}

unsafe extern "C" fn context_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context.
    unsafe { iter_new(op, &CONTEXT_KEYS_TYPE) }
}

unsafe extern "C" fn context_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context.
    unsafe { iter_new(op, &CONTEXT_VALUES_TYPE) }
}

unsafe extern "C" fn context_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context.
    unsafe { iter_new(op, &CONTEXT_ITEMS_TYPE) }
}

/// `ctx.copy()`: a new context with the same variables.
unsafe extern "C" fn context_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live context.
    unsafe { context_new_from(op) }
}

/// `ctx.run(callable, *args, **kwargs)`: calls `callable` with `ctx`
/// entered, and exits it again whatever the call does.
unsafe extern "C" fn context_run(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    if nargs < 1 {
        return errors::fail_null(
            Exc::TypeError,
            "run() missing 1 required positional argument",
        );
    }
    // SAFETY: a live context; `args` holds `nargs` arguments then the
    // keyword values, live for the call.
    unsafe {
        if PyContext_Enter(op) < 0 {
            return ptr::null_mut();
        }
        let result = crate::objects::call::PyObject_Vectorcall(
            *args,
            args.add(1),
            (nargs - 1) as usize,
            kwnames,
        );
        if PyContext_Exit(op) < 0 {
            Py_DecRef(result);
            return ptr::null_mut();
        }
        result
    }
}

static CONTEXT_METHODS: StaticObject<[PyMethodDef; 7]> = StaticObject::new([
    doc(fastcall(c"get", context_get_method), c"get($self, key, default=None, /)\n--\n\nReturn the value for `key` if `key` has the value in the context object.\n\nIf `key` does not exist, return `default`. If `default` is not given,\nreturn None."),
    doc(method(c"items", context_items, METH_NOARGS), c"items($self, /)\n--\n\nReturn all variables and their values in the context object.\n\nThe result is returned as a list of 2-tuples (variable, value)."),
    doc(method(c"keys", context_keys, METH_NOARGS), c"keys($self, /)\n--\n\nReturn a list of all variables in the context object."),
    doc(method(c"values", context_values, METH_NOARGS), c"values($self, /)\n--\n\nReturn a list of all variables' values in the context object."),
    doc(method(c"copy", context_copy, METH_NOARGS), c"copy($self, /)\n--\n\nReturn a shallow copy of the context object."),
    fastcall_kw(c"run", context_run, 0),
    METHOD_END,
]);

static CONTEXT_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_contains: Some(context_tp_contains),
    ..PySequenceMethods::empty()
};

static CONTEXT_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(context_tp_len),
    mp_subscript: Some(context_tp_subscript),
    mp_ass_subscript: None,
};

/// `PyContext_Type`: `_contextvars.Context`.
#[unsafe(no_mangle)]
pub static PyContext_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"_contextvars.Context".as_ptr();
    ty.tp_basicsize = size_of::<PyContext>() as Py_ssize_t;
    ty.tp_dealloc = Some(context_tp_dealloc);
    ty.tp_as_sequence = &raw const CONTEXT_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const CONTEXT_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_hash = Some(PyObject_HashNotImplemented);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(context_tp_traverse);
    ty.tp_clear = Some(context_tp_clear);
    ty.tp_richcompare = Some(context_tp_richcompare);
    ty.tp_weaklistoffset = offset_of!(PyContext, ctx_weakreflist) as Py_ssize_t;
    ty.tp_iter = Some(context_tp_iter);
    ty.tp_methods = CONTEXT_METHODS.get().cast();
    ty.tp_new = Some(context_tp_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

// ==========================================================================
// The ContextVar type
// ==========================================================================

/// `ContextVar(name, *, default=<none>)`.
unsafe extern "C" fn contextvar_tp_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let mut kwlist: [*mut c_char; 3] = [
        c"".as_ptr().cast_mut(),
        c"default".as_ptr().cast_mut(),
        ptr::null_mut(),
    ];
    let mut name: *mut PyObject = ptr::null_mut();
    let mut def: *mut PyObject = ptr::null_mut();
    // SAFETY: tp_new's contract; the format's two `O`s match the two
    // pointers, which receive borrowed references.
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kwds,
            c"O|$O:ContextVar".as_ptr(),
            kwlist.as_mut_ptr(),
            &mut name as *mut *mut PyObject,
            &mut def as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        contextvar_new(name, def)
    }
}

unsafe extern "C" fn contextvar_tp_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced variable.
    unsafe {
        gc_dealloc(op, |op| {
            contextvar_tp_clear(op);
        })
    }
}

unsafe extern "C" fn contextvar_tp_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live variable; `visit` is the caller's visitor.
    unsafe {
        let v = var(op);
        visit_each(&[(*v).var_name, (*v).var_default], visit, arg)
    }
}

unsafe extern "C" fn contextvar_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live variable.
    unsafe {
        let v = var(op);
        set_ref(&raw mut (*v).var_name, ptr::null_mut());
        set_ref(&raw mut (*v).var_default, ptr::null_mut());
    }
    0
}

unsafe extern "C" fn contextvar_tp_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live variable.
    unsafe { (*var(op)).var_hash }
}

/// `<ContextVar name='x' default=... at ADDR>`.
unsafe extern "C" fn contextvar_tp_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live variable; `%R` and `%p` get a live object / address.
    unsafe {
        let v = var(op);
        if (*v).var_default.is_null() {
            PyUnicode_FromFormat(c"<ContextVar name=%R at %p>".as_ptr(), (*v).var_name, op)
        } else {
            PyUnicode_FromFormat(
                c"<ContextVar name=%R default=%R at %p>".as_ptr(),
                (*v).var_name,
                (*v).var_default,
                op,
            )
        }
    }
}

/// `var.get([default], /)`: the value in the current context, else the
/// default given, else the variable's, else `LookupError(var)`.
unsafe extern "C" fn contextvar_get_method(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a live variable and `nargs` live arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"get".as_ptr(), nargs, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let def = if nargs > 0 { *args } else { ptr::null_mut() };
        let mut val = ptr::null_mut();
        if PyContextVar_Get(op, def, &mut val) < 0 {
            return ptr::null_mut();
        }
        if val.is_null() {
            errors::PyErr_SetObject(Exc::LookupError.type_object(), op);
        }
        val
    }
}

/// `var.set(value, /)`: a `Token`.
unsafe extern "C" fn contextvar_set_method(
    op: *mut PyObject,
    value: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live variable and value.
    unsafe { PyContextVar_Set(op, value) }
}

/// `var.reset(token, /)`.
unsafe extern "C" fn contextvar_reset_method(
    op: *mut PyObject,
    token: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live variable and argument; `%R` formats it.
    unsafe {
        if !is_exactly(token, &PyContextToken_Type) {
            PyErr_Format(
                Exc::TypeError.type_object(),
                c"expected an instance of Token, got %R".as_ptr(),
                token,
            );
            return ptr::null_mut();
        }
        if PyContextVar_Reset(op, token) < 0 {
            return ptr::null_mut();
        }
    }
    crate::objects::object::none()
}

static CONTEXTVAR_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"name",
        T_OBJECT,
        offset_of!(PyContextVar, var_name),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static CONTEXTVAR_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    doc(fastcall(c"get", contextvar_get_method), c"get($self, default=<unrepresentable>, /)\n--\n\nReturn a value for the context variable for the current context.\n\nIf there is no value for the variable in the current context, the method will:\n * return the value of the default argument of the method, if provided; or\n * return the default value for the context variable, if it was created\n   with one; or\n * raise a LookupError."),
    doc(method(c"set", contextvar_set_method, METH_O), c"set($self, value, /)\n--\n\nCall to set a new value for the context variable in the current context.\n\nThe required value argument is the new value for the context variable.\n\nReturns a Token object that can be used to restore the variable to its previous\nvalue via the `ContextVar.reset()` method."),
    doc(method(c"reset", contextvar_reset_method, METH_O), c"reset($self, token, /)\n--\n\nReset the context variable.\n\nThe variable is reset to the value it had before the `ContextVar.set()` that\ncreated the token was used."),
    doc(
        method(
            c"__class_getitem__",
            crate::objects::genericaliasobject::Py_GenericAlias,
            METH_O | METH_CLASS,
        ),
        c"See PEP 585",
    ),
    METHOD_END,
]);

/// `PyContextVar_Type`: `_contextvars.ContextVar`.
#[unsafe(no_mangle)]
pub static PyContextVar_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"_contextvars.ContextVar".as_ptr();
    ty.tp_basicsize = size_of::<PyContextVar>() as Py_ssize_t;
    ty.tp_dealloc = Some(contextvar_tp_dealloc);
    ty.tp_repr = Some(contextvar_tp_repr);
    ty.tp_hash = Some(contextvar_tp_hash);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(contextvar_tp_traverse);
    ty.tp_clear = Some(contextvar_tp_clear);
    ty.tp_methods = CONTEXTVAR_METHODS.get().cast();
    ty.tp_members = CONTEXTVAR_MEMBERS.get().cast();
    ty.tp_new = Some(contextvar_tp_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

// ==========================================================================
// The Token type and Token.MISSING
// ==========================================================================

/// `Token()`: tokens only come from `ContextVar.set`.
unsafe extern "C" fn token_tp_new(
    _ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    errors::fail_null(
        Exc::RuntimeError,
        "Tokens can only be created by ContextVars",
    )
}

unsafe extern "C" fn token_tp_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced token.
    unsafe {
        gc_dealloc(op, |op| {
            token_tp_clear(op);
        })
    }
}

unsafe extern "C" fn token_tp_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live token; `visit` is the caller's visitor.
    unsafe {
        let t = tok(op);
        visit_each(&[(*t).tok_ctx, (*t).tok_var, (*t).tok_oldval], visit, arg)
    }
}

unsafe extern "C" fn token_tp_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live token.
    unsafe {
        let t = tok(op);
        set_ref(&raw mut (*t).tok_ctx, ptr::null_mut());
        set_ref(&raw mut (*t).tok_var, ptr::null_mut());
        set_ref(&raw mut (*t).tok_oldval, ptr::null_mut());
    }
    0
}

/// `<Token var=<ContextVar ...> at ADDR>`, with ` used` after `Token` once
/// it has reset its variable.
unsafe extern "C" fn token_tp_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live token; `%s`, `%R` and `%p` get a C string, a live
    // object and an address.
    unsafe {
        let t = tok(op);
        let used = if (*t).tok_used != 0 { c" used" } else { c"" };
        PyUnicode_FromFormat(
            c"<Token%s var=%R at %p>".as_ptr(),
            used.as_ptr(),
            (*t).tok_var,
            op,
        )
    }
}

/// `token.var`.
unsafe extern "C" fn token_get_var(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live token.
    unsafe {
        let v = (*tok(op)).tok_var;
        Py_IncRef(v);
        v
    }
}

/// `token.old_value`: `Token.MISSING` when the variable was unset.
unsafe extern "C" fn token_get_old_value(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live token; the singleton is immortal.
    unsafe {
        let mut v = (*tok(op)).tok_oldval;
        if v.is_null() {
            v = TOKEN_MISSING.get();
        }
        Py_IncRef(v);
        v
    }
}

static TOKEN_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    getter(c"var", token_get_var),
    getter(c"old_value", token_get_old_value),
    PyGetSetDef::zeroed(),
]);

static TOKEN_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    doc(
        method(
            c"__class_getitem__",
            crate::objects::genericaliasobject::Py_GenericAlias,
            METH_O | METH_CLASS,
        ),
        c"See PEP 585",
    ),
    METHOD_END,
]);

/// `PyContextToken_Type`: `_contextvars.Token`.
#[unsafe(no_mangle)]
pub static PyContextToken_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"_contextvars.Token".as_ptr();
    ty.tp_basicsize = size_of::<PyContextToken>() as Py_ssize_t;
    ty.tp_dealloc = Some(token_tp_dealloc);
    ty.tp_repr = Some(token_tp_repr);
    ty.tp_hash = Some(PyObject_HashNotImplemented);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(token_tp_traverse);
    ty.tp_clear = Some(token_tp_clear);
    ty.tp_methods = TOKEN_METHODS.get().cast();
    ty.tp_getset = TOKEN_GETSET.get().cast();
    ty.tp_new = Some(token_tp_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

unsafe extern "C" fn token_missing_repr(_op: *mut PyObject) -> *mut PyObject {
    crate::objects::unicodeobject::unicode_from_str("<Token.MISSING>")
}

/// The type of `Token.MISSING` (CPython's `PyContextTokenMissing_Type`):
/// no constructor, not subclassable.
static TOKEN_MISSING_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"Token.MISSING".as_ptr();
    ty.tp_basicsize = size_of::<PyObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(immortal_dealloc);
    ty.tp_repr = Some(token_missing_repr);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_DEFAULT;
    ty
});

/// `Token.MISSING`, the `old_value` of a token whose variable was unset:
/// immortal.
static TOKEN_MISSING: StaticObject<PyObject> = StaticObject::new(PyObject {
    ob_refcnt: IMMORTAL_REFCNT,
    ob_type: TOKEN_MISSING_TYPE.get(),
});

/// Puts `MISSING` in the dict of `Token` as `PyType_Ready` readies it (as
/// CPython's `_PyContext_Init` does after readying); 0, or -1 with the
/// error. Other types: nothing to do.
///
/// # Safety
/// `ty` must be a type being readied, with its dict made.
pub(crate) unsafe fn add_token_missing(ty: *mut PyTypeObject) -> c_int {
    if ty != PyContextToken_Type.get() {
        return 0;
    }
    // SAFETY: per the contract; the singleton is immortal.
    unsafe { PyDict_SetItemString((*ty).tp_dict, c"MISSING".as_ptr(), TOKEN_MISSING.get()) }
}

// ==========================================================================
// Iterators over a context: keys(), values(), items()
// ==========================================================================

/// A new iterator of type `ty` over the context `op`.
///
/// # Safety
/// `op` must be a live `Context`; `ty` one of the three iterator types.
unsafe fn iter_new(op: *mut PyObject, ty: &StaticObject<PyTypeObject>) -> *mut PyObject {
    // SAFETY: per the contract; the frozen dict stays unchanged, so the
    // position stays valid.
    unsafe {
        let it = PyType_GenericAlloc(ty.get(), 0);
        if it.is_null() {
            return it;
        }
        let vars = (*ctx(op)).ctx_vars;
        Py_IncRef(vars);
        (*it.cast::<ContextIter>()).it_vars = vars;
        it
    }
}

unsafe extern "C" fn iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced iterator.
    unsafe {
        gc_dealloc(op, |op| {
            iter_clear(op);
        })
    }
}

unsafe extern "C" fn iter_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: a live iterator; `visit` is the caller's visitor.
    unsafe {
        let d = (*op.cast::<ContextIter>()).it_vars;
        if d.is_null() { 0 } else { visit(d, arg) }
    }
}

unsafe extern "C" fn iter_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live iterator.
    unsafe {
        set_ref(
            &raw mut (*op.cast::<ContextIter>()).it_vars,
            ptr::null_mut(),
        )
    };
    0
}

/// `len(it)`: the number of variables of the context (not those left),
/// as CPython's HAMT iterators answer.
unsafe extern "C" fn iter_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live iterator.
    unsafe {
        let d = (*op.cast::<ContextIter>()).it_vars;
        if d.is_null() { 0 } else { PyDict_Size(d) }
    }
}

/// The next variable, value or `(variable, value)` pair; NULL without an
/// error when done.
unsafe extern "C" fn iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator over a live frozen dict.
    unsafe {
        let it = op.cast::<ContextIter>();
        let d = (*it).it_vars;
        if d.is_null() {
            return ptr::null_mut();
        }
        let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
        if PyDict_Next(d, &mut (*it).it_pos, &mut k, &mut v) == 0 {
            return ptr::null_mut();
        }
        let ty = type_of(op);
        if ty == CONTEXT_ITEMS_TYPE.get() {
            return crate::objects::tupleobject::tuple_from_slice(&[k, v]);
        }
        let r = if ty == CONTEXT_KEYS_TYPE.get() { k } else { v };
        Py_IncRef(r);
        r
    }
}

static ITER_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(iter_len),
    mp_subscript: None,
    mp_ass_subscript: None,
};

/// One of the three iterator types, named `name` as CPython's (`keys`,
/// `values`, `items`).
const fn iter_type(name: &'static std::ffi::CStr) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = size_of::<ContextIter>() as Py_ssize_t;
    ty.tp_dealloc = Some(iter_dealloc);
    ty.tp_as_mapping = &raw const ITER_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(iter_traverse);
    ty.tp_clear = Some(iter_clear);
    ty.tp_iter = Some(crate::objects::r#abstract::PyObject_SelfIter);
    ty.tp_iternext = Some(iter_next);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
}

static CONTEXT_KEYS_TYPE: StaticObject<PyTypeObject> = StaticObject::new(iter_type(c"keys"));
static CONTEXT_VALUES_TYPE: StaticObject<PyTypeObject> = StaticObject::new(iter_type(c"values"));
static CONTEXT_ITEMS_TYPE: StaticObject<PyTypeObject> = StaticObject::new(iter_type(c"items"));

// ==========================================================================
// The _contextvars module (CPython's Modules/_contextvarsmodule.c)
// ==========================================================================

/// `copy_context()`: a copy of the current context.
unsafe extern "C" fn copy_context(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    PyContext_CopyCurrent()
}

static MODULE_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    doc(
        method(c"copy_context", copy_context, METH_NOARGS),
        c"copy_context($module, /)\n--\n\n",
    ),
    METHOD_END,
]);

/// The names both modules export, in `contextvars.__all__` order.
const EXPORTS: [&std::ffi::CStr; 4] = [c"Context", c"ContextVar", c"Token", c"copy_context"];

/// Makes the `_contextvars` module (a new reference), or NULL with the
/// error.
pub(crate) fn make_module() -> *mut PyObject {
    use crate::objects::moduleobject::{PyModule_AddFunctions, PyModule_New};
    use crate::python::modsupport::PyModule_AddObjectRef;
    // SAFETY: NUL-terminated names; the static tables and types outlive
    // the module.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"_contextvars".as_ptr())) else {
            return ptr::null_mut();
        };
        let Some(doc) = Owned::new(crate::objects::unicodeobject::unicode_from_str(
            "Context Variables",
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::object::PyObject_SetAttrString(
            m.as_ptr(),
            c"__doc__".as_ptr(),
            doc.as_ptr(),
        ) < 0
            || PyModule_AddFunctions(m.as_ptr(), MODULE_METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        for (name, ty) in [
            (c"Context", &PyContext_Type),
            (c"ContextVar", &PyContextVar_Type),
            (c"Token", &PyContextToken_Type),
        ] {
            if crate::objects::typeobject::PyType_Ready(ty.get()) < 0
                || PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), ty.get().cast()) < 0
            {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

/// Makes the `contextvars` module (`Lib/contextvars.py`: everything of
/// `_contextvars`, and `__all__`), a new reference, or NULL with the error.
///
/// # Safety
/// `base` must be the live `_contextvars` module.
pub(crate) unsafe fn make_reexport(base: *mut PyObject) -> *mut PyObject {
    use crate::objects::moduleobject::PyModule_New;
    use crate::objects::object::PyObject_GetAttrString;
    use crate::python::modsupport::PyModule_AddObjectRef;
    // SAFETY: per the contract; NUL-terminated names.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"contextvars".as_ptr())) else {
            return ptr::null_mut();
        };
        let mut names = [ptr::null_mut(); 4];
        let mut held = Vec::with_capacity(4);
        for (i, name) in EXPORTS.iter().enumerate() {
            let Some(obj) = Owned::new(PyObject_GetAttrString(base, name.as_ptr())) else {
                return ptr::null_mut();
            };
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), obj.as_ptr()) < 0 {
                return ptr::null_mut();
            }
            let Some(s) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(
                name.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            names[i] = s.as_ptr();
            held.push(s);
        }
        let Some(all) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&names)) else {
            return ptr::null_mut();
        };
        drop(held);
        if PyModule_AddObjectRef(m.as_ptr(), c"__all__".as_ptr(), all.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::pystate::Guard;

    #[test]
    fn set_get_reset_and_copies() {
        let _gil = Guard::acquire();
        // SAFETY: the GIL is held; every object is checked before use.
        unsafe {
            let v = PyContextVar_New(c"v".as_ptr(), ptr::null_mut());
            assert!(!v.is_null());
            let mut out = ptr::null_mut();
            assert_eq!(PyContextVar_Get(v, ptr::null_mut(), &mut out), 0);
            assert!(out.is_null());
            let one = crate::objects::longobject::PyLong_FromLong(1);
            let snapshot = PyContext_CopyCurrent();
            let t = PyContextVar_Set(v, one);
            assert!(!t.is_null());
            assert_eq!(PyContextVar_Get(v, ptr::null_mut(), &mut out), 0);
            assert_eq!(out, one);
            Py_DecRef(out);
            // The copy made before the set does not see it.
            assert_eq!(context_tp_len(snapshot), 0);
            assert_eq!(PyContextVar_Reset(v, t), 0);
            assert_eq!(PyContextVar_Reset(v, t), -1);
            errors::PyErr_Clear();
            assert_eq!(PyContextVar_Get(v, ptr::null_mut(), &mut out), 0);
            assert!(out.is_null());
            for o in [t, snapshot, one, v] {
                Py_DecRef(o);
            }
        }
    }
}
