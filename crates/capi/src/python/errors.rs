//! The per-thread error indicator and the `PyErr_*` functions (CPython's
//! `Python/errors.c`).
//!
//! ## Design
//!
//! 1. *One pending error per thread*, as in CPython: a C function that fails
//!    sets it and returns -1 or NULL; the caller inspects it with
//!    `PyErr_Occurred` and clears or propagates it. The indicator is the
//!    triple CPython keeps in its thread state, `(type, value, traceback)`,
//!    each a strong reference or NULL. It belongs to the thread, not to a
//!    thread state, so the buffer-core functions, which run without the
//!    GIL, fail the same way on any thread: while a thread state is
//!    current on the thread, the triple lives in that state's `curexc_*`
//!    fields (where code built against CPython's headers, Cython's "fast
//!    thread state", reads and writes it directly); otherwise in a
//!    thread-local block. Making a state current or not moves the triple
//!    between the two ([`follow_thread_state`]).
//! 2. *Values are normalised lazily*, as CPython does: `PyErr_SetString`
//!    stores the `str` as the value, `PyErr_SetNone` stores NULL, and
//!    `PyErr_Fetch` hands back exactly what was stored.
//!    `PyErr_NormalizeException` (and [`take_error`]) turn the pair into an
//!    instance of the type.
//! 3. *Tracebacks only from C.* Without an interpreter no Python frame
//!    adds an entry; the third element is NULL unless C code pushed
//!    entries with `PyTraceBack_Here` (as Cython does). `PyErr_Restore`
//!    drops a traceback argument that is not a traceback object.
//! 4. *The handled exception* (`PyErr_GetExcInfo` / `SetExcInfo`,
//!    `PyErr_GetHandledException`) is CPython's stack of
//!    `_PyErr_StackItem`s, reached through `exc_info` beside the indicator
//!    (a generator built against CPython's headers pushes its own entry
//!    while it runs): reading takes the topmost entry that holds an
//!    exception, setting writes the top entry. It stays with its thread
//!    state. Setting a new error while one is handled chains it as
//!    `__context__`, as CPython's `except` blocks do.
//!
//! Rust callers (the Node layer) read the pending error with [`take_error`]
//! and [`peek_error`], which describe it as a [`PyErrInfo`].
//!
//! `PyErr_Format` and `PyErr_FormatV`, which are variadic, are in `errors.c`
//! beside this file.

use std::cell::{Cell, UnsafeCell};
use std::ffi::{CStr, c_char, c_int, c_long};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::ffi::{
    _PyErr_StackItem, ErrorSlots, Py_ssize_t, PyBaseExceptionObject, PyObject, PyThreadState,
    PyTypeObject,
};
use crate::objects::r#abstract::{PySequence_Check, PySequence_GetItem, PySequence_Length};
use crate::objects::dictobject::{PyDict_SetItem, is_dict};
use crate::objects::exceptions::{
    Exc, PyException_SetContext, create_exception, instantiate, is_exception_class,
    is_exception_instance, is_type, type_name,
};
use crate::objects::longobject::PyLong_FromLong;
use crate::objects::object::{self, Py_DecRef, Py_IncRef, py_none};
use crate::objects::object::{PyObject_GetAttrString, PyObject_HasAttrString};
use crate::objects::tupleobject::{self, is_tuple, tuple_from_slice};
use crate::objects::typeobject::is_subtype;
use crate::objects::typeobject::{PyType_GetName, PyType_GetQualName};
use crate::objects::unicodeobject::{PyUnicode_FromString, str_value, unicode_from_str};
use crate::python::pylifecycle::fatal_error;

// ==========================================================================
// Owned references for Rust callers
// ==========================================================================

/// A strong reference to an object, dropped (`Py_DecRef`) with the value.
///
/// Reference counts are atomic, so an `ObjectRef` may move between threads.
/// Dropping the last reference runs the object's deallocator on the
/// dropping thread; for objects of extension types, drop it while holding
/// the GIL.
pub struct ObjectRef(NonNull<PyObject>);

// SAFETY: refcounts are atomic; the pointee is only touched through the
// C API, whose thread rules the holder follows (see the type's docs).
unsafe impl Send for ObjectRef {}
// SAFETY: `&ObjectRef` gives only the pointer.
unsafe impl Sync for ObjectRef {}

impl ObjectRef {
    /// Takes ownership of a new reference; None for NULL.
    ///
    /// # Safety
    /// `op` must be NULL or a strong reference the caller gives up.
    pub unsafe fn from_owned(op: *mut PyObject) -> Option<Self> {
        NonNull::new(op).map(ObjectRef)
    }

    /// Takes a new reference to a borrowed object; None for NULL.
    ///
    /// # Safety
    /// `op` must be NULL or a live object.
    pub unsafe fn from_borrowed(op: *mut PyObject) -> Option<Self> {
        // SAFETY: live per the contract.
        unsafe { Py_IncRef(op) };
        NonNull::new(op).map(ObjectRef)
    }

    /// The object (borrowed for as long as `self` lives).
    pub fn as_ptr(&self) -> *mut PyObject {
        self.0.as_ptr()
    }

    /// Gives up ownership, returning the strong reference.
    pub fn into_raw(self) -> *mut PyObject {
        let op = self.0.as_ptr();
        std::mem::forget(self);
        op
    }
}

impl Clone for ObjectRef {
    fn clone(&self) -> Self {
        // SAFETY: we hold a reference, so the object is live.
        unsafe { Py_IncRef(self.as_ptr()) };
        ObjectRef(self.0)
    }
}

impl Drop for ObjectRef {
    fn drop(&mut self) {
        // SAFETY: we own this reference.
        unsafe { Py_DecRef(self.as_ptr()) }
    }
}

impl PartialEq for ObjectRef {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for ObjectRef {}

impl std::fmt::Debug for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ObjectRef({:p})", self.0)
    }
}

// ==========================================================================
// The per-thread indicator
// ==========================================================================

/// The raw indicator: three strong references or NULLs.
#[derive(Clone, Copy)]
struct Triple {
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
}

const EMPTY: Triple = Triple {
    ty: ptr::null_mut(),
    value: ptr::null_mut(),
    traceback: ptr::null_mut(),
};

/// A thread's indicator and handled-exception stack while no thread state
/// is current on it.
struct DetachedErrors {
    slots: ErrorSlots,
    bottom: _PyErr_StackItem,
}

thread_local! {
    /// The slots used while no thread state is current on this thread.
    /// No destructor: usable until the thread is gone.
    static DETACHED: UnsafeCell<DetachedErrors> = const {
        UnsafeCell::new(DetachedErrors {
            slots: ErrorSlots {
                curexc_type: ptr::null_mut(),
                curexc_value: ptr::null_mut(),
                curexc_traceback: ptr::null_mut(),
                exc_info: ptr::null_mut(),
            },
            bottom: _PyErr_StackItem {
                exc_value: ptr::null_mut(),
                previous_item: ptr::null_mut(),
            },
        })
    };
    /// The current thread state's slots while one is current on this
    /// thread, else NULL (the detached block).
    static ATTACHED: Cell<*mut ErrorSlots> = const { Cell::new(ptr::null_mut()) };
}

/// This thread's slots: the current thread state's or the detached block.
/// C code on this thread may read and write them at any time, so they are
/// only ever touched through raw pointers.
fn slots() -> *mut ErrorSlots {
    let attached = ATTACHED.with(Cell::get);
    if !attached.is_null() {
        return attached;
    }
    DETACHED.with(|d| {
        let d = d.get();
        // SAFETY: this thread's own block; its stack's bottom is inside it,
        // which stays put while the thread lives.
        unsafe {
            if (*d).slots.exc_info.is_null() {
                (*d).slots.exc_info = &raw mut (*d).bottom;
            }
            &raw mut (*d).slots
        }
    })
}

/// Reads the indicator of `s`.
///
/// # Safety
/// `s` must be this thread's slots (from [`slots`]).
unsafe fn read_triple(s: *mut ErrorSlots) -> Triple {
    // SAFETY: per the contract.
    unsafe {
        Triple {
            ty: (*s).curexc_type,
            value: (*s).curexc_value,
            traceback: (*s).curexc_traceback,
        }
    }
}

/// Writes the indicator of `s`, returning what it held.
///
/// # Safety
/// `s` must be this thread's slots (from [`slots`]).
unsafe fn replace_triple(s: *mut ErrorSlots, new: Triple) -> Triple {
    // SAFETY: per the contract.
    unsafe {
        let old = read_triple(s);
        (*s).curexc_type = new.ty;
        (*s).curexc_value = new.value;
        (*s).curexc_traceback = new.traceback;
        old
    }
}

/// Moves this thread's indicator to follow its current thread state:
/// into `tstate`'s slots when it becomes current on this thread, back to
/// the thread's detached block when none is (NULL). Called whenever the
/// current thread state changes ([`crate::python::ceval_gil`]'s
/// `swap_current`).
///
/// # Safety
/// `tstate` must be NULL or a live thread state becoming current on the
/// calling thread.
pub(crate) unsafe fn follow_thread_state(tstate: *mut PyThreadState) {
    let from = slots();
    let to = if tstate.is_null() {
        ATTACHED.with(|a| a.set(ptr::null_mut()));
        slots()
    } else {
        // SAFETY: live per the contract.
        let to = unsafe { &raw mut (*tstate).err };
        ATTACHED.with(|a| a.set(to));
        to
    };
    if from == to {
        return;
    }
    // SAFETY: both are this thread's: `from` was until now, `to` is.
    let stale = unsafe { replace_triple(to, replace_triple(from, EMPTY)) };
    // A detached state holds no error (it gave it up when it stopped being
    // current), nor does the detached block while a state is attached.
    debug_assert!(stale.ty.is_null() && stale.value.is_null() && stale.traceback.is_null());
    drop_triple(stale);
}

/// True when `tstate`'s slots are the calling thread's (it is current
/// here).
pub(crate) fn is_attached_here(tstate: *mut PyThreadState) -> bool {
    // SAFETY: only the address is taken.
    !tstate.is_null() && ATTACHED.with(Cell::get) == unsafe { &raw mut (*tstate).err }
}

/// Drops the references of a triple taken out of the indicator.
fn drop_triple(t: Triple) {
    // SAFETY: the indicator owned these references.
    unsafe {
        Py_DecRef(t.ty);
        Py_DecRef(t.value);
        Py_DecRef(t.traceback);
    }
}

/// Replaces the indicator with `new` (taking its references) and drops the
/// old one afterwards, so a destructor that re-enters the indicator sees
/// the new state.
fn replace_indicator(new: Triple) {
    // SAFETY: this thread's slots.
    let old = unsafe { replace_triple(slots(), new) };
    drop_triple(old);
}

/// Removes the indicator's references and returns them to the caller.
fn fetch_indicator() -> Triple {
    // SAFETY: this thread's slots.
    unsafe { replace_triple(slots(), EMPTY) }
}

/// The exception being handled on this thread (borrowed), NULL or None
/// for none: the value of the topmost entry of the handled-exception
/// stack that holds one (CPython's `_PyErr_GetTopmostException`).
fn handled() -> *mut PyObject {
    // SAFETY: this thread's slots; the entries of its stack are live while
    // they are on it.
    unsafe {
        let mut item = (*slots()).exc_info;
        loop {
            let value = (*item).exc_value;
            let next = (*item).previous_item;
            if (value.is_null() || value == py_none()) && !next.is_null() {
                item = next;
            } else {
                return value;
            }
        }
    }
}

/// Makes `exc` (a strong reference, or NULL) the value of the top entry of
/// the handled-exception stack, returning the reference it held.
fn replace_handled(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: this thread's slots; the top entry is live.
    unsafe {
        let top = (*slots()).exc_info;
        ptr::replace(&raw mut (*top).exc_value, exc)
    }
}

/// Clears what a thread state that is going away holds in its slots: its
/// handled exception, and its pending error unless it is current on the
/// calling thread (the error then stays the thread's, and moves to the
/// detached block when the state stops being current).
///
/// # Safety
/// `tstate` must be a live thread state; the GIL should be held.
pub(crate) unsafe fn clear_thread_state(tstate: *mut PyThreadState) {
    // SAFETY: live per the contract.
    unsafe {
        let handled = ptr::replace(&raw mut (*tstate).exc_state.exc_value, ptr::null_mut());
        let pending = if is_attached_here(tstate) {
            EMPTY
        } else {
            replace_triple(&raw mut (*tstate).err, EMPTY)
        };
        drop_triple(pending);
        Py_DecRef(handled);
    }
}

/// CPython's `_PyErr_Restore`: stores the triple, taking its references.
/// A traceback argument that is not a traceback object is dropped.
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
unsafe fn restore(ty: *mut PyObject, value: *mut PyObject, traceback: *mut PyObject) {
    // SAFETY: the caller gave up this reference.
    let traceback = unsafe { crate::python::traceback::keep_traceback(traceback) };
    replace_indicator(Triple {
        ty,
        value,
        traceback,
    });
}

/// CPython's `_PyErr_SetObject`: sets `exception` with `value` (borrowed;
/// NULL for no value). While an exception is being handled, the new one is
/// normalised at once and the handled one becomes its `__context__`, as an
/// `except` block does (without making a cycle of contexts).
///
/// # Safety
/// `exception` must be a live object; `value` NULL or a live object.
unsafe fn set_object(exception: *mut PyObject, value: *mut PyObject) {
    // SAFETY: live per the contract.
    if !unsafe { is_exception_class(exception) } {
        // SAFETY: live per the contract.
        let shown = unsafe { object::repr(exception) }.unwrap_or_default();
        raise(
            Exc::SystemError,
            format!("_PyErr_SetObject: exception {shown} is not a BaseException subclass"),
        );
        return;
    }
    // SAFETY: live per the contract; a new reference is ours from here.
    unsafe { Py_IncRef(value) };
    let mut value = value;
    let handled = handled();
    if !handled.is_null() && handled != py_none() {
        // SAFETY: the stack holds a reference; we take one for the chain.
        unsafe { Py_IncRef(handled) };
        // SAFETY: `value` is NULL or ours.
        if value.is_null() || !unsafe { is_exception_instance(value) } {
            // Functions must not be called with an error set.
            PyErr_Clear();
            // SAFETY: a live class; `value` NULL or live.
            let fixed = unsafe { create_exception(exception, value) };
            // SAFETY: ours.
            unsafe { Py_DecRef(value) };
            if fixed.is_null() {
                // SAFETY: ours.
                unsafe { Py_DecRef(handled) };
                return;
            }
            value = fixed;
        }
        if handled != value {
            // SAFETY: both are live exception instances.
            unsafe {
                break_context_cycle(handled, value);
                PyException_SetContext(value, handled);
            }
        } else {
            // SAFETY: ours.
            unsafe { Py_DecRef(handled) };
        }
    }
    // SAFETY: live class; the indicator takes the references.
    unsafe {
        Py_IncRef(exception);
        restore(exception, value, ptr::null_mut());
    }
}

/// Before `value.__context__ = handled`: if `value` already appears in
/// `handled`'s context chain, cut the chain there so no cycle forms
/// (CPython's walk with Floyd's cycle detection, which also stops on a
/// cycle that already exists).
///
/// # Safety
/// Both must be live exception instances.
unsafe fn break_context_cycle(handled: *mut PyObject, value: *mut PyObject) {
    let context_of = |o: *mut PyObject| {
        // SAFETY: `o` is a live exception instance (the chain holds it).
        unsafe { (*o.cast::<PyBaseExceptionObject>()).context }
    };
    let mut o = handled;
    let mut slow = o;
    let mut toggle = false;
    loop {
        let context = context_of(o);
        if context.is_null() {
            break;
        }
        if context == value {
            // SAFETY: `o` is a live instance; NULL clears its context.
            unsafe { PyException_SetContext(o, ptr::null_mut()) };
            break;
        }
        o = context;
        if o == slow {
            break;
        }
        if toggle {
            slow = context_of(slow);
        }
        toggle = !toggle;
    }
}

// ==========================================================================
// The Rust API
// ==========================================================================

/// A description of a pending error, for Rust callers such as the Node
/// layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyErrInfo {
    /// The exception type's `tp_name` (`"BufferError"`, `"struct.error"`,
    /// or a C extension's own type name as it spelled it).
    pub type_name: String,
    /// The type's `__name__` (`"LZ4BlockError"` for `_block.LZ4BlockError`).
    pub name: String,
    /// The dotted name Python prints in a traceback's last line:
    /// `__module__` + `.` + `__qualname__`, without the module for
    /// built-ins (`"ValueError"`, `"struct.error"`, `"_block.LZ4BlockError"`).
    pub qualified_name: String,
    /// `str()` of the exception (may be empty).
    pub message: String,
    /// The closest built-in exception this error is an instance of: the
    /// type itself or its nearest built-in base.
    pub kind: Exc,
    /// The exception type object, for mapping types a module defines.
    pub exc_type: ObjectRef,
    /// The exception value as it was stored (a `str` after
    /// `PyErr_SetString`, None after `PyErr_SetNone`).
    pub value: Option<ObjectRef>,
}

impl std::fmt::Display for PyErrInfo {
    /// As the last line of a Python traceback: `Type: message`, or `Type`
    /// alone when the message is empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.qualified_name)
        } else {
            write!(f, "{}: {}", self.qualified_name, self.message)
        }
    }
}

impl std::error::Error for PyErrInfo {}

/// Sets the error indicator to the built-in `exc` with `message` as its
/// value, replacing any pending error (`PyErr_SetString`).
pub fn raise(exc: Exc, message: impl Into<String>) {
    let text = message.into();
    let value = unicode_from_str(&text);
    // SAFETY: a static exception type; `value` is NULL (allocation failed,
    // and the type then stands alone, as in CPython) or a new reference.
    unsafe {
        set_object(exc.type_object(), value);
        Py_DecRef(value);
    }
}

/// The class [`struct_error`] made, NULL until then.
static STRUCT_ERROR: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// Whether `ty` is `struct.error`, the class [`struct_error`] makes (false
/// before it is made, and nothing is made here).
pub fn is_struct_error(ty: *mut PyObject) -> bool {
    let made = STRUCT_ERROR.load(Ordering::Acquire);
    !made.is_null() && made == ty
}

/// `struct.error`, the class `PyBuffer_SizeFromFormat` and the `struct`
/// module raise (borrowed; made once and kept for the process, as
/// CPython's `_struct` module state keeps it).
///
/// CPython makes it with `PyErr_NewException("struct.error", NULL, NULL)`:
/// a heap type named `error` in module `struct`. Ours is made the same way
/// but derives from the library's static `PyExc_StructError` rather than
/// from `Exception` directly, so that C code written against the exported
/// `PyExc_StructError` (a pybuffer extension) still matches it. NULL with
/// the error set when the class cannot be made.
pub fn struct_error() -> *mut PyObject {
    let made = STRUCT_ERROR.load(Ordering::Acquire);
    if !made.is_null() {
        return made;
    }
    // SAFETY: a NUL-terminated name and a live static base class.
    let class = unsafe {
        PyErr_NewException(
            c"struct.error".as_ptr(),
            Exc::StructError.type_object(),
            ptr::null_mut(),
        )
    };
    if class.is_null() {
        return class;
    }
    match STRUCT_ERROR.compare_exchange(ptr::null_mut(), class, Ordering::AcqRel, Ordering::Acquire)
    {
        Ok(_) => class,
        Err(first) => {
            // Another thread made it first: keep that one, so there is one
            // class. SAFETY: our own new reference.
            unsafe { Py_DecRef(class) };
            first
        }
    }
}

/// Raises `struct.error(message)` (see [`struct_error`]); returns -1.
pub fn fail_struct_error(message: &str) -> c_int {
    let class = struct_error();
    if class.is_null() {
        return -1;
    }
    let value = unicode_from_str(message);
    // SAFETY: a live class; `value` is NULL (allocation failed, and the type
    // then stands alone, as in CPython) or a new reference.
    unsafe {
        set_object(class, value);
        Py_DecRef(value);
    }
    -1
}

/// Sets the error indicator and returns -1, for `int`-returning C functions.
pub fn fail(exc: Exc, message: impl Into<String>) -> c_int {
    raise(exc, message);
    -1
}

/// Sets the error indicator and returns NULL, for pointer-returning C functions.
pub fn fail_null<T>(exc: Exc, message: impl Into<String>) -> *mut T {
    raise(exc, message);
    ptr::null_mut()
}

/// Removes the pending error of this thread, if any, normalised (its value
/// an instance of its type), and describes it.
pub fn take_error() -> Option<PyErrInfo> {
    let Triple {
        mut ty,
        mut value,
        mut traceback,
    } = fetch_indicator();
    if ty.is_null() {
        // SAFETY: the indicator's references, now ours.
        unsafe {
            Py_DecRef(value);
            Py_DecRef(traceback);
        }
        return None;
    }
    // SAFETY: the indicator's references, now ours.
    unsafe { normalize(&mut ty, &mut value, &mut traceback) };
    // SAFETY: as above; dropped with the ObjectRefs.
    let (ty, value, _traceback) = unsafe {
        (
            ObjectRef::from_owned(ty),
            ObjectRef::from_owned(value),
            ObjectRef::from_owned(traceback),
        )
    };
    Some(describe(ty?, value))
}

/// Describes the pending error of this thread without clearing it (it is
/// left normalised, as after `PyErr_NormalizeException`).
pub fn peek_error() -> Option<PyErrInfo> {
    let Triple {
        mut ty,
        mut value,
        mut traceback,
    } = fetch_indicator();
    if ty.is_null() {
        replace_indicator(Triple {
            ty,
            value,
            traceback,
        });
        return None;
    }
    // SAFETY: the indicator's references, now ours.
    unsafe { normalize(&mut ty, &mut value, &mut traceback) };
    // SAFETY: live objects we hold; new references for the description.
    let info = unsafe {
        ObjectRef::from_borrowed(ty).map(|t| describe(t, ObjectRef::from_borrowed(value)))
    };
    replace_indicator(Triple {
        ty,
        value,
        traceback,
    });
    info
}

/// Describes the error `(ty, value)` (`value` normalised, or None). The
/// description calls `str()`, which must not see the caller's pending
/// error, so it runs with the indicator set aside.
fn describe(ty: ObjectRef, value: Option<ObjectRef>) -> PyErrInfo {
    let saved = fetch_indicator();
    let t = ty.as_ptr();
    // SAFETY: `t` is live (we hold a reference).
    let (type_name, name, qualified_name) = if unsafe { is_type(t) } {
        // SAFETY: a live type; the names are copied at once.
        unsafe {
            let full = type_name(t).to_owned();
            let name = type_attr_text(t, |ty| PyType_GetName(ty.cast()))
                .unwrap_or_else(|| full.rsplit('.').next().unwrap_or(&full).to_owned());
            (full, name, printed_type_name(t))
        }
    } else {
        // CPython lets PyErr_Restore store any object as the type.
        // SAFETY: live per the above.
        let shown = unsafe { object::repr(t) }.unwrap_or_default();
        (shown.clone(), shown.clone(), shown)
    };
    let message = message_of(value.as_ref().map(ObjectRef::as_ptr));
    // SAFETY: live per the above.
    let kind = unsafe { closest_builtin(t) };
    replace_indicator(saved);
    PyErrInfo {
        type_name,
        name,
        qualified_name,
        message,
        kind,
        exc_type: ty,
        value,
    }
}

/// The text of a `str` attribute of the type `ty` that `get` returns (a
/// new reference), or None (clearing the error) when it fails or is not a
/// `str`.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn type_attr_text(
    ty: *mut PyObject,
    get: impl FnOnce(*mut PyObject) -> *mut PyObject,
) -> Option<String> {
    let attr = get(ty);
    // SAFETY: NULL or a new reference we own.
    let text = unsafe { str_value(attr) }.map(str::to_owned);
    // SAFETY: as above.
    unsafe { Py_DecRef(attr) };
    if text.is_none() {
        PyErr_Clear();
    }
    text
}

/// `str()` of an exception value as Python prints it after the type:
/// empty for no value or `None`, `<exception str() failed>` when `str()`
/// fails.
fn message_of(value: Option<*mut PyObject>) -> String {
    let Some(value) = value.filter(|v| *v != py_none()) else {
        return String::new();
    };
    // SAFETY: a live object (the caller holds a reference).
    let text = unsafe { object::PyObject_Str(value) };
    // SAFETY: NULL or a new reference.
    let message = unsafe { str_value(text) }.map(str::to_owned);
    // SAFETY: we own `text`.
    unsafe { Py_DecRef(text) };
    message.unwrap_or_else(|| {
        PyErr_Clear();
        "<exception str() failed>".to_owned()
    })
}

/// The nearest built-in exception type at or above `ty` in its base chain;
/// `Exception` for anything else.
///
/// # Safety
/// `ty` must be a live object.
unsafe fn closest_builtin(ty: *mut PyObject) -> Exc {
    // SAFETY: live per the contract.
    if !unsafe { is_type(ty) } {
        return Exc::Exception;
    }
    let mut t = ty as *mut PyTypeObject;
    while !t.is_null() {
        if let Some(exc) = Exc::from_type_object(t.cast()) {
            return exc;
        }
        // SAFETY: a live type; its base chain is live too.
        t = unsafe { (*t).tp_base };
    }
    Exc::Exception
}

/// Sets `SystemError` for a NULL argument and returns -1.
pub(crate) fn bad_internal_call() -> c_int {
    PyErr_BadInternalCall();
    -1
}

/// CPython's `PyErr_BadArgument()`, for Rust callers.
pub(crate) fn bad_argument() {
    PyErr_BadArgument();
}

// ==========================================================================
// C entry points: setting, fetching and clearing
// ==========================================================================

/// `PyErr_SetObject(type, value)`: sets the error indicator to `type` with
/// `value` (borrowed), as given; it is normalised when fetched as an
/// instance.
///
/// A `type` that is not an exception class sets `SystemError` instead (as
/// CPython does); a NULL `type` sets `SystemError("bad argument to internal
/// function")` (stricter: CPython stores a half-set indicator).
///
/// # Safety
/// `exception` must be NULL or a live object; `value` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetObject(exception: *mut PyObject, value: *mut PyObject) {
    if exception.is_null() {
        PyErr_BadInternalCall();
        return;
    }
    // SAFETY: forwarded contract.
    unsafe { set_object(exception, value) }
}

/// `PyErr_SetString(type, message)`: `PyErr_SetObject` with a `str` made
/// from the UTF-8 `message`. As in CPython, a message that is not valid
/// UTF-8 leaves the `UnicodeDecodeError` decoding it raised instead. A NULL
/// `message` sets no value, as `PyErr_SetNone` (stricter: CPython crashes).
///
/// # Safety
/// `exception` as in [`PyErr_SetObject`]; `message` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetString(exception: *mut PyObject, message: *const c_char) {
    if message.is_null() {
        // SAFETY: forwarded contract.
        return unsafe { PyErr_SetNone(exception) };
    }
    // SAFETY: NUL-terminated per the contract.
    let value = unsafe { PyUnicode_FromString(message) };
    if value.is_null() {
        return;
    }
    // SAFETY: forwarded contract; `value` is ours.
    unsafe {
        PyErr_SetObject(exception, value);
        Py_DecRef(value);
    }
}

/// `PyErr_SetNone(type)`: sets the error indicator with no value.
///
/// # Safety
/// As [`PyErr_SetObject`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetNone(exception: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetObject(exception, ptr::null_mut()) }
}

/// `PyErr_Occurred()`: the pending exception type (borrowed), or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Occurred() -> *mut PyObject {
    // SAFETY: this thread's slots.
    unsafe { (*slots()).curexc_type }
}

/// `PyErr_Clear()`: drops the pending error, if any.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Clear() {
    replace_indicator(EMPTY);
}

/// `PyErr_Fetch(&type, &value, &traceback)`: moves the pending error's
/// references to the caller and clears the indicator. Each may be NULL.
///
/// A NULL output pointer is skipped and its reference dropped (stricter:
/// CPython writes through it).
///
/// # Safety
/// Each pointer must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_Fetch(
    p_type: *mut *mut PyObject,
    p_value: *mut *mut PyObject,
    p_traceback: *mut *mut PyObject,
) {
    let Triple {
        ty,
        value,
        traceback,
    } = fetch_indicator();
    for (out, op) in [(p_type, ty), (p_value, value), (p_traceback, traceback)] {
        if out.is_null() {
            // SAFETY: nobody takes this reference.
            unsafe { Py_DecRef(op) };
        } else {
            // SAFETY: writable per the contract.
            unsafe { out.write(op) };
        }
    }
}

/// `_PyErr_ChainExceptions(type, value, traceback)`: for an error (as
/// `PyErr_Fetch` gave it; the references are taken) raised while handling
/// another: when an error is pending, the given one, normalised with its
/// traceback, becomes the pending error's `__context__`; otherwise it is
/// restored as the pending error. Nothing for a NULL `type`.
///
/// Fails with `SystemError` (dropping the three references, which CPython
/// leaks) when `type` is not an exception class.
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyErr_ChainExceptions(
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
) {
    if ty.is_null() {
        return;
    }
    // SAFETY: live per the contract.
    if !unsafe { is_exception_class(ty) } {
        // SAFETY: live; the references are ours to drop once described.
        unsafe {
            let shown = object::repr(ty).unwrap_or_default();
            drop_triple(Triple {
                ty,
                value,
                traceback,
            });
            raise(
                Exc::SystemError,
                format!(
                    "_PyErr_ChainExceptions: exception {shown} is not a BaseException subclass"
                ),
            );
        }
        return;
    }
    if PyErr_Occurred().is_null() {
        // SAFETY: the caller gave up these references.
        unsafe { PyErr_Restore(ty, value, traceback) };
        return;
    }
    // The pending error is put aside first: normalising runs code, which
    // must not see it.
    let pending = fetch_indicator();
    let (mut t, mut v, mut tb) = (ty, value, traceback);
    // SAFETY: ours; normalising keeps them strong references.
    unsafe {
        PyErr_NormalizeException(&mut t, &mut v, &mut tb);
        if !tb.is_null() && !v.is_null() {
            crate::objects::exceptions::PyException_SetTraceback(v, tb);
        }
        Py_DecRef(tb);
        Py_DecRef(t);
    }
    let (mut t2, mut v2, mut tb2) = (pending.ty, pending.value, pending.traceback);
    // SAFETY: the pending error's references, ours until restored;
    // SetContext takes the one to `v`.
    unsafe {
        PyErr_NormalizeException(&mut t2, &mut v2, &mut tb2);
        if v2.is_null() || v.is_null() {
            Py_DecRef(v);
        } else {
            PyException_SetContext(v2, v);
        }
        PyErr_Restore(t2, v2, tb2);
    }
}

/// `PyErr_Restore(type, value, traceback)`: sets the indicator, stealing a
/// reference to each argument (NULLs allowed). With a NULL `type` the
/// indicator reads as clear, as in CPython.
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_Restore(
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
) {
    // SAFETY: forwarded contract.
    unsafe { restore(ty, value, traceback) }
}

// ==========================================================================
// C entry points: matching
// ==========================================================================

/// `PyErr_GivenExceptionMatches(given, exc)`: 1 when `given` (a class or an
/// instance) is `exc` or a subclass of it, or matches any item when `exc`
/// is a tuple (nested tuples too), else 0. NULL arguments give 0.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_GivenExceptionMatches(
    given: *mut PyObject,
    exc: *mut PyObject,
) -> c_int {
    if given.is_null() || exc.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    if unsafe { is_tuple(exc) } {
        // SAFETY: a live tuple; its items are live.
        let n = unsafe { tupleobject::size(exc) };
        return (0..n)
            // SAFETY: `i` is in bounds; recursion on live objects.
            .any(|i| unsafe { PyErr_GivenExceptionMatches(given, tupleobject::get(exc, i)) } == 1)
            as c_int;
    }
    let mut given = given;
    // SAFETY: live per the contract.
    if unsafe { crate::objects::exceptions::is_exception_instance(given) } {
        // SAFETY: as above.
        given = unsafe { (*given).ob_type }.cast();
    }
    // SAFETY: as above.
    if unsafe { is_exception_class(given) && is_exception_class(exc) } {
        // SAFETY: both are live type objects.
        return unsafe { is_subtype(given.cast(), exc.cast()) } as c_int;
    }
    (given == exc) as c_int
}

/// `PyErr_ExceptionMatches(exc)`: whether the pending error matches `exc`.
///
/// # Safety
/// `exc` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int {
    // SAFETY: the pending type is live (the indicator holds it).
    unsafe { PyErr_GivenExceptionMatches(PyErr_Occurred(), exc) }
}

// ==========================================================================
// C entry points: the handled exception
// ==========================================================================

/// The type of a handled-exception value, as CPython's `get_exc_type`:
/// `None` when nothing is handled.
fn handled_type(value: *mut PyObject) -> *mut PyObject {
    if value.is_null() || value == py_none() {
        py_none()
    } else {
        // SAFETY: a live object (held by the handled-exception stack).
        unsafe { (*value).ob_type }.cast()
    }
}

/// `PyErr_GetHandledException()`: a new reference to the exception being
/// handled on this thread, or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_GetHandledException() -> *mut PyObject {
    let value = handled();
    if value.is_null() || value == py_none() {
        return ptr::null_mut();
    }
    // SAFETY: the stack holds a reference.
    unsafe { Py_IncRef(value) };
    value
}

/// `PyErr_SetHandledException(exc)`: makes `exc` (borrowed; NULL or None
/// for none) the exception being handled on this thread.
///
/// # Safety
/// `exc` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetHandledException(exc: *mut PyObject) {
    // SAFETY: live per the contract.
    unsafe { Py_IncRef(exc) };
    let old = replace_handled(exc);
    // SAFETY: the stack owned the old reference.
    unsafe { Py_DecRef(old) };
}

/// `PyErr_GetExcInfo(&type, &value, &traceback)`: new references to the
/// handled exception's type, value and traceback (its `__traceback__`), or
/// three `None`s when none is handled.
///
/// # Safety
/// Each pointer must be writable (a NULL pointer is skipped: stricter).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_GetExcInfo(
    p_type: *mut *mut PyObject,
    p_value: *mut *mut PyObject,
    p_traceback: *mut *mut PyObject,
) {
    let value = handled();
    let ty = handled_type(value);
    // SAFETY: the stack holds `value` (or NULL); a NULL traceback is None.
    let tb = unsafe {
        if crate::objects::exceptions::is_exception_instance(value) {
            let tb = (*crate::objects::exceptions::header(value)).traceback;
            if tb.is_null() { py_none() } else { tb }
        } else {
            py_none()
        }
    };
    let value = if value.is_null() { py_none() } else { value };
    for (out, op) in [(p_type, ty), (p_value, value), (p_traceback, tb)] {
        if !out.is_null() {
            // SAFETY: live objects (the stack holds `value`; the rest are
            // types or None); `out` is writable per the contract.
            unsafe {
                Py_IncRef(op);
                out.write(op);
            }
        }
    }
}

/// `PyErr_SetExcInfo(type, value, traceback)`: makes `value` the handled
/// exception, stealing all three references (CPython 3.11 ignores the type
/// and traceback).
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetExcInfo(
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
) {
    // SAFETY: forwarded contract; the three references are ours to drop.
    unsafe {
        PyErr_SetHandledException(value);
        Py_DecRef(value);
        Py_DecRef(ty);
        Py_DecRef(traceback);
    }
}

// ==========================================================================
// C entry points: the common errors
// ==========================================================================

/// `PyErr_NoMemory()`: sets `MemoryError` (no value) and returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_NoMemory() -> *mut PyObject {
    // SAFETY: a static exception type.
    unsafe { set_object(Exc::MemoryError.type_object(), ptr::null_mut()) };
    ptr::null_mut()
}

/// `PyErr_BadArgument()`: sets `TypeError("bad argument type for built-in
/// operation")` and returns 0.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_BadArgument() -> c_int {
    raise(Exc::TypeError, "bad argument type for built-in operation");
    0
}

/// `PyErr_BadInternalCall()`: sets `SystemError("bad argument to internal
/// function")`.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_BadInternalCall() {
    raise(Exc::SystemError, "bad argument to internal function");
}

/// `_PyErr_BadInternalCall(file, line)`: the variant CPython's macro calls,
/// which names the C source location.
///
/// # Safety
/// `filename` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyErr_BadInternalCall(filename: *const c_char, lineno: c_int) {
    let file = if filename.is_null() {
        "<unknown>".into()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(filename) }.to_string_lossy()
    };
    raise(
        Exc::SystemError,
        format!("{file}:{lineno}: bad argument to internal function"),
    );
}

/// `PyErr_SetImportErrorSubclass(exception, msg, name, path)`: raises
/// `exception(msg, name=name, path=path)` (a NULL `name` or `path` is
/// `None`), an `ImportError` subclass; always returns NULL.
///
/// Raises instead `TypeError("expected a subclass of ImportError")`,
/// `TypeError("expected a message argument")` for a NULL `msg`, what
/// `issubclass` raises for a non-class `exception` (`SystemError` for
/// NULL: CPython crashes), or what creating the exception raises.
///
/// # Safety
/// Each argument must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetImportErrorSubclass(
    exception: *mut PyObject,
    msg: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
) -> *mut PyObject {
    if exception.is_null() {
        PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live objects per the contract; the kwargs dict is ours.
    unsafe {
        match crate::objects::typeobject::PyObject_IsSubclass(
            exception,
            Exc::ImportError.type_object(),
        ) {
            r if r < 0 => return ptr::null_mut(),
            0 => {
                raise(Exc::TypeError, "expected a subclass of ImportError");
                return ptr::null_mut();
            }
            _ => {}
        }
        if msg.is_null() {
            raise(Exc::TypeError, "expected a message argument");
            return ptr::null_mut();
        }
        let kwargs = crate::objects::dictobject::PyDict_New();
        if kwargs.is_null() {
            return ptr::null_mut();
        }
        let or_none = |o: *mut PyObject| if o.is_null() { py_none() } else { o };
        if crate::objects::dictobject::PyDict_SetItemString(kwargs, c"name".as_ptr(), or_none(name))
            == 0
            && crate::objects::dictobject::PyDict_SetItemString(
                kwargs,
                c"path".as_ptr(),
                or_none(path),
            ) == 0
        {
            let args = [msg];
            let error =
                crate::objects::call::PyObject_VectorcallDict(exception, args.as_ptr(), 1, kwargs);
            if !error.is_null() {
                set_object(object::type_of(error).cast(), error);
                Py_DecRef(error);
            }
        }
        Py_DecRef(kwargs);
        ptr::null_mut()
    }
}

/// `PyErr_SetImportError(msg, name, path)`: raises `ImportError(msg,
/// name=name, path=path)`; always returns NULL. Fails as
/// [`PyErr_SetImportErrorSubclass`].
///
/// # Safety
/// Each argument must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetImportError(
    msg: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetImportErrorSubclass(Exc::ImportError.type_object(), msg, name, path) }
}

// ==========================================================================
// New exception classes
// ==========================================================================

/// `PyErr_NewException(name, base, dict)`: a new exception class, as
/// Python's `class Name(base): ...` in module `module` makes it from
/// `name = "module.Name"`: `__name__` and `__qualname__` are `Name`
/// (`tp_name` too), `__module__` is `module` unless `dict` has one, and
/// `dict`'s entries become class attributes. `base` is a class or a tuple
/// of classes (NULL: `Exception`).
///
/// Fails (NULL) with `SystemError("PyErr_NewException: name must be
/// module.class")` for a name without a dot, or as making the type fails
/// (`TypeError` for a base that cannot be subclassed).
///
/// # Safety
/// `name` must be NUL-terminated (it is copied); `base` NULL, a class or a
/// tuple of classes; `dict` NULL or a dict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_NewException(
    name: *const c_char,
    base: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { new_exception(name, ptr::null(), base, dict) }
}

/// `PyErr_NewExceptionWithDoc(name, doc, base, dict)`: [`PyErr_NewException`]
/// with the docstring `doc` (NULL: none).
///
/// # Safety
/// As [`PyErr_NewException`]; `doc` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_NewExceptionWithDoc(
    name: *const c_char,
    doc: *const c_char,
    base: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { new_exception(name, doc, base, dict) }
}

/// Makes the class of [`PyErr_NewExceptionWithDoc`] as CPython does:
/// `doc` and `__module__` (the part of `name` before its last dot, unless
/// the dict has one) go into `dict` (a fresh one when NULL; the caller's
/// is updated, as in CPython), then `type(short_name, bases, dict)` makes
/// the class, with the layout a Python class has (`__weakref__` added).
///
/// # Safety
/// As [`PyErr_NewExceptionWithDoc`].
unsafe fn new_exception(
    name: *const c_char,
    doc: *const c_char,
    base: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `dict` is non-NULL here and live per the contract.
    if name.is_null() || (!dict.is_null() && !unsafe { is_dict(dict) }) {
        PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let dict = if dict.is_null() {
        match object::Owned::new(crate::objects::dictobject::PyDict_New()) {
            Some(d) => d,
            None => return ptr::null_mut(),
        }
    } else {
        // SAFETY: a live dict per the contract.
        unsafe { object::Owned::borrowed(dict) }
    };
    if !doc.is_null() {
        // SAFETY: NUL-terminated per the contract.
        let Some(doc) = object::Owned::new(unsafe { PyUnicode_FromString(doc) }) else {
            return ptr::null_mut();
        };
        // SAFETY: a live dict and str.
        if unsafe {
            crate::objects::dictobject::PyDict_SetItemString(
                dict.as_ptr(),
                c"__doc__".as_ptr(),
                doc.as_ptr(),
            )
        } < 0
        {
            return ptr::null_mut();
        }
    }
    // SAFETY: NUL-terminated per the contract.
    let full = unsafe { CStr::from_ptr(name) }.to_bytes();
    let Some(dot) = full.iter().rposition(|&c| c == b'.') else {
        return fail_null(
            Exc::SystemError,
            "PyErr_NewException: name must be module.class",
        );
    };
    let Some(module_key) = object::Owned::new(unicode_from_str("__module__")) else {
        return ptr::null_mut();
    };
    // SAFETY: a live dict and key.
    match unsafe { crate::objects::dictobject::PyDict_Contains(dict.as_ptr(), module_key.as_ptr()) }
    {
        r if r < 0 => return ptr::null_mut(),
        0 => {
            // SAFETY: `dot` bytes of the name, which is longer.
            let Some(module) = object::Owned::new(unsafe {
                crate::objects::unicodeobject::PyUnicode_FromStringAndSize(name, dot as Py_ssize_t)
            }) else {
                return ptr::null_mut();
            };
            // SAFETY: live dict, key and value.
            if unsafe { PyDict_SetItem(dict.as_ptr(), module_key.as_ptr(), module.as_ptr()) } < 0 {
                return ptr::null_mut();
            }
        }
        _ => {}
    }
    let base = if base.is_null() {
        Exc::Exception.type_object()
    } else {
        base
    };
    // SAFETY: live per the contract.
    let bases = if unsafe { is_tuple(base) } {
        // SAFETY: as above.
        unsafe { object::Owned::borrowed(base) }
    } else {
        // SAFETY: a live object per the contract.
        match object::Owned::new(unsafe { tuple_from_slice(&[base]) }) {
            Some(t) => t,
            None => return ptr::null_mut(),
        }
    };
    // SAFETY: the part after the dot of a NUL-terminated name.
    let Some(short) = object::Owned::new(unsafe { PyUnicode_FromString(name.add(dot + 1)) }) else {
        return ptr::null_mut();
    };
    // SAFETY: live objects, each held above.
    let Some(args) = object::Owned::new(unsafe {
        tuple_from_slice(&[short.as_ptr(), bases.as_ptr(), dict.as_ptr()])
    }) else {
        return ptr::null_mut();
    };
    // SAFETY: `type` called with a live 3-tuple.
    unsafe {
        crate::objects::call::PyObject_Call(
            crate::objects::typeobject::PyType_Type.get().cast(),
            args.as_ptr(),
            ptr::null_mut(),
        )
    }
}

// ==========================================================================
// Normalisation
// ==========================================================================

/// How many times normalising may fail in a row before giving up (CPython's
/// `Py_NORMALIZE_RECURSION_LIMIT`).
const NORMALIZE_RECURSION_LIMIT: usize = 32;

/// CPython's `_PyErr_NormalizeException`: makes `*value` an instance of
/// `*ty` (calling the class with the value as its arguments) and `*ty` the
/// instance's class. If that fails, the failure replaces the triple and is
/// normalised in turn.
///
/// # Safety
/// Each pointer must hold NULL or a strong reference, which may be
/// replaced.
unsafe fn normalize(
    ty: &mut *mut PyObject,
    value: &mut *mut PyObject,
    traceback: &mut *mut PyObject,
) {
    let mut depth = 0;
    // SAFETY: (whole loop) the triple holds strong references or NULLs per
    // the contract; each replacement keeps that true.
    unsafe {
        loop {
            let t = *ty;
            if t.is_null() {
                return;
            }
            let mut v = *value;
            if v.is_null() {
                v = crate::objects::object::none();
            }
            if !is_exception_class(t) {
                *value = v;
                return;
            }
            let instance_class = if is_exception_instance(v) {
                Some((*v).ob_type.cast::<PyObject>())
            } else {
                None
            };
            match instance_class {
                Some(class) if is_subtype(class.cast(), t.cast()) => {
                    // Believe the instance over the type.
                    if class != t {
                        Py_IncRef(class);
                        Py_DecRef(t);
                        *ty = class;
                    }
                    *value = v;
                    return;
                }
                _ => {
                    let fixed = create_exception(t, v);
                    if !fixed.is_null() {
                        Py_DecRef(v);
                        *value = fixed;
                        return;
                    }
                }
            }
            // Creating the instance failed: continue with that error.
            Py_DecRef(t);
            Py_DecRef(v);
            depth += 1;
            if depth == NORMALIZE_RECURSION_LIMIT {
                raise(
                    Exc::RecursionError,
                    "maximum recursion depth exceeded while normalizing an exception",
                );
            }
            let initial_tb = *traceback;
            let Triple {
                ty: t2,
                value: v2,
                traceback: tb2,
            } = fetch_indicator();
            *ty = t2;
            *value = v2;
            if tb2.is_null() {
                *traceback = initial_tb;
            } else {
                Py_DecRef(initial_tb);
                *traceback = tb2;
            }
            if depth >= NORMALIZE_RECURSION_LIMIT + 2 {
                let message =
                    if PyErr_GivenExceptionMatches(*ty, Exc::MemoryError.type_object()) == 1 {
                        "Cannot recover from MemoryErrors while normalizing exceptions."
                    } else {
                        "Cannot recover from the recursive normalization of an exception."
                    };
                fatal_error(Some("_PyErr_NormalizeException"), message);
            }
        }
    }
}

/// `PyErr_NormalizeException(&type, &value, &traceback)`: makes the value
/// an instance of the type, as fetched triples need before use (see
/// `normalize`). The references are replaced in place.
///
/// # Safety
/// The pointers must be valid, each holding NULL or a strong reference.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_NormalizeException(
    p_type: *mut *mut PyObject,
    p_value: *mut *mut PyObject,
    p_traceback: *mut *mut PyObject,
) {
    if p_type.is_null() || p_value.is_null() || p_traceback.is_null() {
        PyErr_BadInternalCall();
        return;
    }
    // SAFETY: valid pointers per the contract.
    unsafe { normalize(&mut *p_type, &mut *p_value, &mut *p_traceback) }
}

// ==========================================================================
// Errors from errno
// ==========================================================================

/// `strerror(errno)` as Rust text.
#[cfg(unix)]
fn strerror_text(errno: c_int) -> String {
    let mut buf = [0 as c_char; 256];
    // SAFETY: the XSI strerror_r writes a NUL-terminated message into the
    // buffer (libc binds the XSI variant).
    let rc = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errno}");
    }
    // SAFETY: NUL-terminated by strerror_r.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// `strerror(errno)` as Rust text. The Windows C runtime's `strerror`
/// writes into a buffer of the calling thread, so it is thread-safe there,
/// and it answers "Unknown error" for a number it does not know.
#[cfg(windows)]
fn strerror_text(errno: c_int) -> String {
    // SAFETY: strerror accepts any number and returns a NUL-terminated
    // string that lives until this thread's next call.
    let text = unsafe { libc::strerror(errno) };
    if text.is_null() {
        return format!("Unknown error {errno}");
    }
    // SAFETY: NUL-terminated, copied out before any other call.
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

/// Raises `exc(errno, strerror(errno)[, filename[, 0, filename2]])` ("Error"
/// for errno 0), as the class of the instance `exc` makes (an `OSError`
/// picks its subclass from the errno).
///
/// # Safety
/// `exc` must be NULL or a live object; the filenames NULL or live objects.
unsafe fn set_from_errno(
    errno: c_int,
    exc: *mut PyObject,
    filename: *mut PyObject,
    filename2: *mut PyObject,
) {
    // SAFETY: live per the contract.
    if exc.is_null() || !unsafe { is_exception_class(exc) } {
        PyErr_BadInternalCall();
        return;
    }
    let message = if errno != 0 {
        unicode_from_str(&strerror_text(errno))
    } else {
        unicode_from_str("Error")
    };
    // Lossless (a C int fits a long); `as` because on Windows they are one type.
    let code = PyLong_FromLong(errno as c_long);
    let zero = if filename2.is_null() {
        ptr::null_mut()
    } else {
        PyLong_FromLong(0)
    };
    // SAFETY: every item is live (checked non-NULL); the tuple takes new
    // references and ours are dropped after.
    let args = unsafe {
        let args =
            if message.is_null() || code.is_null() || (!filename2.is_null() && zero.is_null()) {
                ptr::null_mut()
            } else if filename.is_null() {
                tuple_from_slice(&[code, message])
            } else if filename2.is_null() {
                tuple_from_slice(&[code, message, filename])
            } else {
                tuple_from_slice(&[code, message, filename, zero, filename2])
            };
        Py_DecRef(message);
        Py_DecRef(code);
        Py_DecRef(zero);
        args
    };
    if args.is_null() {
        return;
    }
    // SAFETY: a live exception class and argument tuple.
    let v = unsafe { instantiate(exc.cast(), args, ptr::null_mut()) };
    // SAFETY: ours.
    unsafe { Py_DecRef(args) };
    if !v.is_null() {
        // SAFETY: a live instance; its class is a live exception class.
        unsafe {
            set_object((*v).ob_type.cast(), v);
            Py_DecRef(v);
        }
    }
}

/// The calling thread's `errno`.
fn errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `PyErr_SetFromErrnoWithFilenameObjects(exc, filename, filename2)`: raises
/// `exc(errno, strerror(errno)[, filename[, 0, filename2]])` for the current
/// `errno` ("Error" when it is 0); for `OSError` that is the subclass the
/// errno picks (`FileNotFoundError` for `ENOENT`). Returns NULL.
///
/// # Safety
/// `exc` must be a live exception class; the filenames NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilenameObjects(
    exc: *mut PyObject,
    filename: *mut PyObject,
    filename2: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { set_from_errno(errno(), exc, filename, filename2) };
    ptr::null_mut()
}

/// `PyErr_SetFromErrnoWithFilenameObject(exc, filename)`.
///
/// # Safety
/// As [`PyErr_SetFromErrnoWithFilenameObjects`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilenameObject(
    exc: *mut PyObject,
    filename: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetFromErrnoWithFilenameObjects(exc, filename, ptr::null_mut()) }
}

/// `PyErr_SetFromErrnoWithFilename(exc, filename)`: the filename is a
/// UTF-8 C string (CPython decodes it with the filesystem encoding; bytes
/// that are not UTF-8 become U+FFFD here).
///
/// # Safety
/// `exc` as in [`PyErr_SetFromErrnoWithFilenameObjects`]; `filename` NULL
/// or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilename(
    exc: *mut PyObject,
    filename: *const c_char,
) -> *mut PyObject {
    // Read before making the name can change it.
    let errno = errno();
    let name = if filename.is_null() {
        ptr::null_mut()
    } else {
        // SAFETY: NUL-terminated per the contract.
        let name = unicode_from_str(&unsafe { CStr::from_ptr(filename) }.to_string_lossy());
        if name.is_null() {
            return name;
        }
        name
    };
    // SAFETY: forwarded contract; `name` is NULL or ours.
    unsafe {
        set_from_errno(errno, exc, name, ptr::null_mut());
        Py_DecRef(name);
    }
    ptr::null_mut()
}

/// `PyErr_SetFromErrno(exc)`.
///
/// # Safety
/// As [`PyErr_SetFromErrnoWithFilenameObjects`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetFromErrno(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetFromErrnoWithFilenameObjects(exc, ptr::null_mut(), ptr::null_mut()) }
}

/// `_PyErr_SetKeyError(key)`: raises `KeyError(key)` with `key` wrapped in
/// a tuple, so a tuple key is not taken as the argument list.
///
/// # Safety
/// `key` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyErr_SetKeyError(key: *mut PyObject) {
    if key.is_null() {
        PyErr_BadInternalCall();
        return;
    }
    // SAFETY: live per the contract.
    let args = unsafe { tuple_from_slice(&[key]) };
    if args.is_null() {
        return;
    }
    // SAFETY: a static class and a live tuple.
    unsafe {
        set_object(Exc::KeyError.type_object(), args);
        Py_DecRef(args);
    }
}

// ==========================================================================
// Printing
// ==========================================================================

/// Writes `text` to stderr at once (errors writing are ignored, as CPython
/// ignores them when stderr is gone).
fn write_stderr(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// `module.qualname` of an exception class as a traceback's last line
/// prints it: `type.__module__` (omitted for `builtins` and `__main__`,
/// `<unknown>` if missing) and `type.__qualname__`.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn printed_type_name(ty: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe {
        let module = type_attr_text(ty, |t| PyObject_GetAttrString(t, c"__module__".as_ptr()));
        let qualname = type_attr_text(ty, |t| PyType_GetQualName(t.cast()))
            .unwrap_or_else(|| "<unknown>".to_owned());
        match module.as_deref() {
            None => format!("<unknown>.{qualname}"),
            Some("builtins" | "__main__") => qualname,
            Some(m) => format!("{m}.{qualname}"),
        }
    }
}

/// The report `PyErr_Display` prints for the instance `value`: its cause or
/// context chain first (each exception once), then `Type: message` and its
/// notes. There are no traceback lines: no frames exist.
///
/// # Safety
/// `value` must be a live object.
unsafe fn display_text(value: *mut PyObject, seen: &mut Vec<*mut PyObject>, out: &mut String) {
    // SAFETY: per the contract; chained values are live (the instance
    // holds them).
    unsafe {
        if !is_exception_instance(value) {
            out.push_str(&format!(
                "TypeError: print_exception(): Exception expected for value, {} found\n",
                type_name((*value).ob_type.cast())
            ));
            return;
        }
        seen.push(value);
        let h = value.cast::<PyBaseExceptionObject>();
        let cause = (*h).cause;
        let context = (*h).context;
        let chained = if !cause.is_null() {
            Some((
                cause,
                "The above exception was the direct cause of the following exception:\n",
            ))
        } else if (*h).suppress_context == 0 && !context.is_null() {
            Some((
                context,
                "During handling of the above exception, another exception occurred:\n",
            ))
        } else {
            None
        };
        if let Some((earlier, message)) = chained
            && !seen.contains(&earlier)
        {
            display_text(earlier, seen, out);
            out.push('\n');
            out.push_str(message);
            out.push('\n');
        }
        out.push_str(&printed_type_name((*value).ob_type.cast()));
        let message = message_of(Some(value));
        if !message.is_empty() {
            out.push_str(": ");
            out.push_str(&message);
        }
        out.push('\n');
        notes_text(value, out);
    }
}

/// The notes of `value` (`__notes__`) as CPython prints them after the
/// message: each note's lines, then a newline; `repr(__notes__)` alone when
/// it is not a sequence.
///
/// # Safety
/// `value` must be a live exception instance.
unsafe fn notes_text(value: *mut PyObject, out: &mut String) {
    let name = c"__notes__".as_ptr();
    // SAFETY: per the contract; every new reference is dropped.
    unsafe {
        if PyObject_HasAttrString(value, name) == 0 {
            return;
        }
        let notes = PyObject_GetAttrString(value, name);
        if notes.is_null() {
            PyErr_Clear();
            return;
        }
        if PySequence_Check(notes) == 0 {
            out.push_str(&object::repr(notes).unwrap_or_else(|| {
                PyErr_Clear();
                "<__notes__ repr() failed>".to_owned()
            }));
        } else {
            let n = PySequence_Length(notes);
            for i in 0..n.max(0) {
                let note = PySequence_GetItem(notes, i);
                let text = if note.is_null() {
                    None
                } else {
                    let s = object::PyObject_Str(note);
                    Py_DecRef(note);
                    let t = str_value(s).map(str::to_owned);
                    Py_DecRef(s);
                    t
                };
                match text {
                    Some(t) => out.push_str(&t),
                    None => {
                        PyErr_Clear();
                        out.push_str("<note str() failed>");
                    }
                }
                out.push('\n');
            }
        }
        Py_DecRef(notes);
    }
}

/// `PyErr_Display(type, value, traceback)`: prints the exception `value`
/// to stderr as Python's default `sys.excepthook` does.
///
/// # Safety
/// Each argument must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_Display(
    _ty: *mut PyObject,
    value: *mut PyObject,
    _traceback: *mut PyObject,
) {
    let mut out = String::new();
    let value = if value.is_null() { py_none() } else { value };
    // SAFETY: live per the contract.
    unsafe { display_text(value, &mut Vec::new(), &mut out) };
    write_stderr(&out);
}

/// What `PyErr_PrintEx` does with a pending `SystemExit`, as CPython's
/// `_Py_HandleSystemExit`: the exit status, after printing a non-integer
/// code.
///
/// # Safety
/// `value` must be a normalised `SystemExit` instance or NULL.
unsafe fn system_exit_status(value: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if value.is_null() || value == py_none() {
            return 0;
        }
        let mut code = value;
        if is_exception_instance(value) {
            code = crate::objects::exceptions::system_exit_code(value);
            if code.is_null() || code == py_none() {
                return 0;
            }
        }
        if (*(*code).ob_type).tp_flags & crate::ffi::Py_TPFLAGS_LONG_SUBCLASS != 0 {
            return crate::objects::longobject::PyLong_AsLong(code) as c_int;
        }
        let text = message_of(Some(code));
        write_stderr(&format!("{text}\n"));
        1
    }
}

/// `PyErr_PrintEx(set_sys_last_vars)`: prints the pending error to stderr
/// as Python prints an uncaught exception (see [`PyErr_Display`]) and
/// clears it. As in CPython, a pending `SystemExit` exits the process
/// instead, with its code (printing a non-integer code first). There is no
/// `sys` module, so `set_sys_last_vars` has nothing to set.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_PrintEx(_set_sys_last_vars: c_int) {
    let Triple {
        mut ty,
        mut value,
        mut traceback,
    } = fetch_indicator();
    if ty.is_null() {
        // SAFETY: ours.
        unsafe {
            Py_DecRef(value);
            Py_DecRef(traceback);
        }
        return;
    }
    // SAFETY: the indicator's references, now ours.
    unsafe { normalize(&mut ty, &mut value, &mut traceback) };
    // SAFETY: `ty` is live (ours).
    if unsafe { PyErr_GivenExceptionMatches(ty, Exc::SystemExit.type_object()) } == 1 {
        // SAFETY: a normalised SystemExit.
        let status = unsafe { system_exit_status(value) };
        // SAFETY: ours.
        unsafe {
            Py_DecRef(ty);
            Py_DecRef(value);
            Py_DecRef(traceback);
        }
        crate::python::pylifecycle::Py_Exit(status);
    }
    // SAFETY: live objects we own, dropped after printing.
    unsafe {
        PyErr_Display(ty, value, traceback);
        Py_DecRef(ty);
        Py_DecRef(value);
        Py_DecRef(traceback);
    }
}

/// `PyErr_Print()`: `PyErr_PrintEx(1)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Print() {
    PyErr_PrintEx(1);
}

/// `PyErr_WriteUnraisable(obj)`: reports the pending error, which cannot be
/// raised (it happened in a destructor, say), as Python's default
/// `sys.unraisablehook`: `Exception ignored in: repr(obj)` (when `obj` is
/// neither NULL nor None), then `Type: message`; and clears it.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_WriteUnraisable(obj: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { write_unraisable(None, obj) }
}

/// `_PyErr_WriteUnraisableMsg(msg, obj)`: `PyErr_WriteUnraisable` with
/// CPython's "Exception ignored <msg>: <repr(obj)>" heading (or
/// "Exception ignored <msg>:" without an object) instead of "Exception
/// ignored in: <repr(obj)>".
///
/// # Safety
/// `msg` must be NULL or NUL-terminated; `obj` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyErr_WriteUnraisableMsg(msg: *const c_char, obj: *mut PyObject) {
    let msg = (!msg.is_null()).then(|| {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(msg) }
            .to_string_lossy()
            .into_owned()
    });
    // SAFETY: forwarded contract.
    unsafe { write_unraisable(msg.as_deref(), obj) }
}

/// The default `sys.unraisablehook` (CPython's `write_unraisable_exc_file`)
/// over the pending exception, which it clears: a heading naming `obj`
/// and/or "Exception ignored <msg>", then "Type: message".
///
/// # Safety
/// `obj` must be NULL or a live object.
unsafe fn write_unraisable(msg: Option<&str>, obj: *mut PyObject) {
    let Triple {
        mut ty,
        mut value,
        mut traceback,
    } = fetch_indicator();
    // SAFETY: the indicator's references, now ours.
    unsafe { normalize(&mut ty, &mut value, &mut traceback) };
    let mut out = String::new();
    if !obj.is_null() && obj != py_none() {
        // SAFETY: live per the contract.
        let shown = unsafe { object::repr(obj) }.unwrap_or_else(|| {
            PyErr_Clear();
            "<object repr() failed>".to_owned()
        });
        match msg {
            Some(msg) => out.push_str(&format!("Exception ignored {msg}: {shown}\n")),
            None => out.push_str(&format!("Exception ignored in: {shown}\n")),
        }
    } else if let Some(msg) = msg {
        out.push_str(&format!("Exception ignored {msg}:\n"));
    }
    if !ty.is_null() && ty != py_none() {
        // SAFETY: a live exception class (normalised).
        out.push_str(&unsafe { printed_type_name(ty) });
        if !value.is_null() && value != py_none() {
            out.push_str(": ");
            out.push_str(&message_of(Some(value)));
        }
        out.push('\n');
    }
    write_stderr(&out);
    // SAFETY: ours.
    unsafe {
        Py_DecRef(ty);
        Py_DecRef(value);
        Py_DecRef(traceback);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::exceptions::{
        PyExc_Exception, PyExc_IndexError, PyExc_LookupError, PyExc_ValueError,
    };

    #[test]
    fn set_occurred_clear() {
        PyErr_Clear();
        assert!(PyErr_Occurred().is_null());
        raise(Exc::IndexError, "boom");
        assert_eq!(PyErr_Occurred(), Exc::IndexError.type_object());
        // SAFETY: statics are live type objects.
        unsafe {
            assert_eq!(PyErr_ExceptionMatches(PyExc_IndexError.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_LookupError.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_Exception.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_ValueError.0), 0);
        }
        let info = take_error().unwrap();
        assert_eq!(info.type_name, "IndexError");
        assert_eq!(info.qualified_name, "IndexError");
        assert_eq!(info.message, "boom");
        assert_eq!(info.kind, Exc::IndexError);
        assert_eq!(info.exc_type.as_ptr(), Exc::IndexError.type_object());
        assert_eq!(info.to_string(), "IndexError: boom");
        assert!(PyErr_Occurred().is_null());
    }

    #[test]
    fn indicator_is_per_thread() {
        raise(Exc::ValueError, "here");
        std::thread::spawn(|| assert!(PyErr_Occurred().is_null()))
            .join()
            .unwrap();
        assert_eq!(take_error().unwrap().kind, Exc::ValueError);
    }

    #[test]
    fn null_type_sets_system_error() {
        // SAFETY: NULL is allowed and handled.
        unsafe { PyErr_SetString(ptr::null_mut(), c"x".as_ptr()) };
        assert_eq!(take_error().unwrap().kind, Exc::SystemError);
    }

    #[test]
    fn dotted_names() {
        raise(Exc::StructError, "bad char");
        let info = take_error().unwrap();
        assert_eq!(
            (info.name.as_str(), info.qualified_name.as_str()),
            ("error", "struct.error")
        );
        assert_eq!(info.type_name, "struct.error");
        assert_eq!(info.kind, Exc::StructError);
    }

    #[test]
    fn fetch_restore_round_trip() {
        // SAFETY: static types; the fetched references go back to Restore.
        unsafe {
            PyErr_SetNone(PyExc_ValueError.0);
            let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
            PyErr_Fetch(&mut t, &mut v, &mut tb);
            assert!(PyErr_Occurred().is_null());
            assert_eq!(t, PyExc_ValueError.0);
            assert!(v.is_null() && tb.is_null());
            PyErr_Restore(t, v, tb);
        }
        let info = take_error().unwrap();
        assert_eq!(info.message, "");
        assert_eq!(info.to_string(), "ValueError");
    }
}
