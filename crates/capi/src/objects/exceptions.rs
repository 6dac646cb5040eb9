//! The built-in exception types (CPython's `Objects/exceptions.c`): the
//! standard hierarchy from `BaseException` down, the warning categories, and
//! `struct.error`. [`Exc`] names them for Rust code.
//!
//! Each type is a static `PyTypeObject` exported as CPython exports it
//! (`PyExc_ValueError` is a `PyObject *` variable pointing at the type), with
//! CPython's instance size, flags, base and docstring. Instances have
//! CPython's layouts ([`crate::ffi::PyBaseExceptionObject`] and the
//! per-family extensions such as `PyOSErrorObject`), so C code that reads
//! their fields directly sees what it would see under CPython.
//!
//! ## Design
//!
//! 1. *Families.* CPython groups the types by instance layout ("store"):
//!    `OSError` and its subclasses share `PyOSErrorObject`, and so on. A
//!    [`Family`] holds what a layout decides: size and the slots that
//!    release the fields. Slots are resolved here at definition time, as
//!    `PyType_Ready` would inherit them, because these static types are
//!    never readied at run time.
//! 2. *No cycle collector.* The types carry `Py_TPFLAGS_HAVE_GC` and a
//!    `tp_traverse`/`tp_clear` as CPython's do (C subclasses inherit the
//!    flag and call them), but nothing collects cycles: an exception whose
//!    `__context__` chain loops back to itself leaks.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::object::Py_DecRef;
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject;

/// A pointer to an object, exported to C as `PyObject *` data.
#[repr(transparent)]
#[derive(Debug, Clone, Copy)]
pub struct ObjectPtr(pub *mut PyObject);

// SAFETY: the pointee is an immortal static object; the pointer itself is
// never written after initialisation.
unsafe impl Sync for ObjectPtr {}

// ==========================================================================
// Releasing fields: dealloc, clear and traverse per family
// ==========================================================================

/// Drops the reference in `*slot` and sets it to NULL, reading the old value
/// first so that a destructor re-entering the object sees NULL (CPython's
/// `Py_CLEAR`).
///
/// # Safety
/// `slot` must point to a field of a live object holding NULL or a strong
/// reference.
unsafe fn clear_slot(slot: *mut *mut PyObject) {
    // SAFETY: a valid field per the contract.
    let old = unsafe { slot.replace(ptr::null_mut()) };
    // SAFETY: the field owned this reference.
    unsafe { Py_DecRef(old) };
}

/// The object fields of the common header, in declaration order.
fn header_fields(op: *mut PyBaseExceptionObject) -> [*mut *mut PyObject; 6] {
    [
        // SAFETY (all): field addresses inside the caller's live instance;
        // nothing is read.
        unsafe { &raw mut (*op).dict },
        unsafe { &raw mut (*op).args },
        unsafe { &raw mut (*op).notes },
        unsafe { &raw mut (*op).traceback },
        unsafe { &raw mut (*op).cause },
        unsafe { &raw mut (*op).context },
    ]
}

/// The object fields a family adds after the common header, as byte offsets.
const fn family_fields(family: FamilyId) -> &'static [usize] {
    match family {
        FamilyId::Base => &[],
        FamilyId::StopIteration => &[offset_of!(PyStopIterationObject, value)],
        FamilyId::SystemExit => &[offset_of!(PySystemExitObject, code)],
        FamilyId::ImportError => &[
            offset_of!(PyImportErrorObject, msg),
            offset_of!(PyImportErrorObject, name),
            offset_of!(PyImportErrorObject, path),
        ],
        FamilyId::OSError => &[
            offset_of!(PyOSErrorObject, myerrno),
            offset_of!(PyOSErrorObject, strerror),
            offset_of!(PyOSErrorObject, filename),
            offset_of!(PyOSErrorObject, filename2),
        ],
        FamilyId::NameError => &[offset_of!(PyNameErrorObject, name)],
        FamilyId::AttributeError => &[
            offset_of!(PyAttributeErrorObject, obj),
            offset_of!(PyAttributeErrorObject, name),
        ],
        FamilyId::SyntaxError => &[
            offset_of!(PySyntaxErrorObject, msg),
            offset_of!(PySyntaxErrorObject, filename),
            offset_of!(PySyntaxErrorObject, lineno),
            offset_of!(PySyntaxErrorObject, offset),
            offset_of!(PySyntaxErrorObject, end_lineno),
            offset_of!(PySyntaxErrorObject, end_offset),
            offset_of!(PySyntaxErrorObject, text),
            offset_of!(PySyntaxErrorObject, print_file_and_line),
        ],
        FamilyId::UnicodeError => &[
            offset_of!(PyUnicodeErrorObject, encoding),
            offset_of!(PyUnicodeErrorObject, object),
            offset_of!(PyUnicodeErrorObject, reason),
        ],
    }
}

/// Every object field of an instance of `family`: the header's, then the
/// family's own.
///
/// # Safety
/// `op` must be a live instance whose type belongs to `family` (or derives
/// from one that does).
unsafe fn all_fields(
    op: *mut PyObject,
    family: FamilyId,
) -> impl Iterator<Item = *mut *mut PyObject> {
    let header = header_fields(op.cast());
    let own = family_fields(family).iter().map(move |&offset| {
        // SAFETY: the offset lies inside the family's layout, which the
        // instance has per the contract.
        unsafe { op.cast::<u8>().add(offset).cast::<*mut PyObject>() }
    });
    header.into_iter().chain(own)
}

macro_rules! family_slots {
    ($($family:ident: $dealloc:ident, $clear:ident, $traverse:ident;)*) => {$(
        /// `tp_clear` of the family: drops every object field.
        ///
        /// # Safety
        /// `op` must be a live instance of the family.
        unsafe extern "C" fn $clear(op: *mut PyObject) -> c_int {
            // SAFETY: per the contract.
            for field in unsafe { all_fields(op, FamilyId::$family) } {
                // SAFETY: each field is NULL or a strong reference.
                unsafe { clear_slot(field) };
            }
            0
        }

        /// `tp_dealloc` of the family: drops the fields, then frees the
        /// instance with its type's `tp_free`.
        ///
        /// # Safety
        /// `op` must be an unreferenced instance of the family.
        unsafe extern "C" fn $dealloc(op: *mut PyObject) {
            // SAFETY: per the contract.
            unsafe { $clear(op) };
            // SAFETY: the type is live while its instance is.
            let free = unsafe { (*(*op).ob_type).tp_free }.unwrap_or(PyObject_Free);
            // SAFETY: the instance's own deallocator.
            unsafe { free(op.cast::<c_void>()) };
        }

        /// `tp_traverse` of the family: visits every object field.
        ///
        /// # Safety
        /// `op` must be a live instance of the family.
        unsafe extern "C" fn $traverse(
            op: *mut PyObject,
            visit: visitproc,
            arg: *mut c_void,
        ) -> c_int {
            // SAFETY: per the contract.
            for field in unsafe { all_fields(op, FamilyId::$family) } {
                // SAFETY: a valid field of a live object.
                let value = unsafe { *field };
                if !value.is_null() {
                    // SAFETY: the visitor's own contract.
                    let rc = unsafe { visit(value, arg) };
                    if rc != 0 {
                        return rc;
                    }
                }
            }
            0
        }
    )*};
}

family_slots! {
    Base: base_dealloc, base_clear, base_traverse;
    StopIteration: stop_iteration_dealloc, stop_iteration_clear, stop_iteration_traverse;
    SystemExit: system_exit_dealloc, system_exit_clear, system_exit_traverse;
    ImportError: import_error_dealloc, import_error_clear, import_error_traverse;
    OSError: os_error_dealloc, os_error_clear, os_error_traverse;
    NameError: name_error_dealloc, name_error_clear, name_error_traverse;
    AttributeError: attribute_error_dealloc, attribute_error_clear, attribute_error_traverse;
    SyntaxError: syntax_error_dealloc, syntax_error_clear, syntax_error_traverse;
    UnicodeError: unicode_error_dealloc, unicode_error_clear, unicode_error_traverse;
}

// ==========================================================================
// Families and the type table
// ==========================================================================

/// The instance layouts ("stores" in CPython's macros).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FamilyId {
    Base,
    StopIteration,
    SystemExit,
    ImportError,
    OSError,
    NameError,
    AttributeError,
    SyntaxError,
    UnicodeError,
}

/// What an instance layout decides about a type.
struct Family {
    basicsize: usize,
    dealloc: destructor,
    clear: inquiry,
    traverse: traverseproc,
}

const fn family(id: FamilyId) -> Family {
    macro_rules! f {
        ($layout:ty, $dealloc:ident, $clear:ident, $traverse:ident) => {
            Family {
                basicsize: size_of::<$layout>(),
                dealloc: $dealloc,
                clear: $clear,
                traverse: $traverse,
            }
        };
    }
    match id {
        FamilyId::Base => f!(
            PyBaseExceptionObject,
            base_dealloc,
            base_clear,
            base_traverse
        ),
        FamilyId::StopIteration => f!(
            PyStopIterationObject,
            stop_iteration_dealloc,
            stop_iteration_clear,
            stop_iteration_traverse
        ),
        FamilyId::SystemExit => f!(
            PySystemExitObject,
            system_exit_dealloc,
            system_exit_clear,
            system_exit_traverse
        ),
        FamilyId::ImportError => f!(
            PyImportErrorObject,
            import_error_dealloc,
            import_error_clear,
            import_error_traverse
        ),
        FamilyId::OSError => {
            f!(
                PyOSErrorObject,
                os_error_dealloc,
                os_error_clear,
                os_error_traverse
            )
        }
        FamilyId::NameError => f!(
            PyNameErrorObject,
            name_error_dealloc,
            name_error_clear,
            name_error_traverse
        ),
        FamilyId::AttributeError => f!(
            PyAttributeErrorObject,
            attribute_error_dealloc,
            attribute_error_clear,
            attribute_error_traverse
        ),
        FamilyId::SyntaxError => f!(
            PySyntaxErrorObject,
            syntax_error_dealloc,
            syntax_error_clear,
            syntax_error_traverse
        ),
        FamilyId::UnicodeError => f!(
            PyUnicodeErrorObject,
            unicode_error_dealloc,
            unicode_error_clear,
            unicode_error_traverse
        ),
    }
}

/// A static exception type named `name`, deriving from `base`, with the
/// layout of `family`.
const fn exception_type(
    name: &'static CStr,
    base: *mut PyTypeObject,
    family_id: FamilyId,
    doc: &'static CStr,
) -> PyTypeObject {
    let family = family(family_id);
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = typeobject::PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = family.basicsize as Py_ssize_t;
    ty.tp_dealloc = Some(family.dealloc);
    ty.tp_flags = Py_TPFLAGS_BASETYPE
        | Py_TPFLAGS_HAVE_GC
        | Py_TPFLAGS_BASE_EXC_SUBCLASS
        | Py_TPFLAGS_READY
        | Py_TPFLAGS_IMMUTABLETYPE;
    ty.tp_doc = doc.as_ptr();
    ty.tp_traverse = Some(family.traverse);
    ty.tp_clear = Some(family.clear);
    ty.tp_base = if base.is_null() {
        typeobject::PyBaseObject_Type.get()
    } else {
        base
    };
    ty.tp_dictoffset = offset_of!(PyBaseExceptionObject, dict) as Py_ssize_t;
    ty.tp_free = Some(PyObject_Free);
    ty
}

macro_rules! exceptions {
    ($(
        $(#[$doc:meta])*
        $variant:ident: $static:ident, $export:ident = $name:literal < $base:expr,
            $family:ident, $tp_doc:literal;
    )*) => {
        $(
            $(#[$doc])*
            pub static $static: StaticObject<PyTypeObject> = StaticObject::new(
                exception_type($name, $base, FamilyId::$family, $tp_doc),
            );
            $(#[$doc])*
            #[unsafe(no_mangle)]
            pub static $export: ObjectPtr = ObjectPtr($static.get() as *mut PyObject);
        )*

        /// The built-in exception types, for Rust callers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Exc {
            $( $(#[$doc])* $variant, )*
        }

        impl Exc {
            /// The type object C code sees, e.g. `PyExc_BufferError`.
            pub fn type_object(self) -> *mut PyObject {
                match self {
                    $( Exc::$variant => $static.get() as *mut PyObject, )*
                }
            }

            /// Every built-in exception type, each after its base.
            pub const ALL: &'static [Exc] = &[$( Exc::$variant, )*];
        }
    };
}

const NO_BASE: *mut PyTypeObject = ptr::null_mut();

exceptions! {
    /// `BaseException`.
    BaseException: BASE_EXCEPTION, PyExc_BaseException = c"BaseException" < NO_BASE,
        Base, c"Common base class for all exceptions";
    /// `Exception`.
    Exception: EXCEPTION, PyExc_Exception = c"Exception" < BASE_EXCEPTION.get(),
        Base, c"Common base class for all non-exit exceptions.";
    /// `GeneratorExit`.
    GeneratorExit: GENERATOR_EXIT, PyExc_GeneratorExit = c"GeneratorExit" < BASE_EXCEPTION.get(),
        Base, c"Request that a generator exit.";
    /// `KeyboardInterrupt`.
    KeyboardInterrupt: KEYBOARD_INTERRUPT, PyExc_KeyboardInterrupt = c"KeyboardInterrupt"
        < BASE_EXCEPTION.get(), Base, c"Program interrupted by user.";
    /// `SystemExit`.
    SystemExit: SYSTEM_EXIT, PyExc_SystemExit = c"SystemExit" < BASE_EXCEPTION.get(),
        SystemExit, c"Request to exit from the interpreter.";
    /// `TypeError`.
    TypeError: TYPE_ERROR, PyExc_TypeError = c"TypeError" < EXCEPTION.get(),
        Base, c"Inappropriate argument type.";
    /// `StopAsyncIteration`.
    StopAsyncIteration: STOP_ASYNC_ITERATION, PyExc_StopAsyncIteration = c"StopAsyncIteration"
        < EXCEPTION.get(), Base, c"Signal the end from iterator.__anext__().";
    /// `StopIteration`.
    StopIteration: STOP_ITERATION, PyExc_StopIteration = c"StopIteration" < EXCEPTION.get(),
        StopIteration, c"Signal the end from iterator.__next__().";
    /// `ImportError`.
    ImportError: IMPORT_ERROR, PyExc_ImportError = c"ImportError" < EXCEPTION.get(),
        ImportError, c"Import can't find module, or can't find name in module.";
    /// `ModuleNotFoundError`.
    ModuleNotFoundError: MODULE_NOT_FOUND_ERROR, PyExc_ModuleNotFoundError = c"ModuleNotFoundError"
        < IMPORT_ERROR.get(), ImportError, c"Module not found.";
    /// `OSError` (also exported as `PyExc_EnvironmentError` and `PyExc_IOError`).
    OSError: OS_ERROR, PyExc_OSError = c"OSError" < EXCEPTION.get(),
        OSError, c"Base class for I/O related errors.";
    /// `BlockingIOError`.
    BlockingIOError: BLOCKING_IO_ERROR, PyExc_BlockingIOError = c"BlockingIOError"
        < OS_ERROR.get(), OSError, c"I/O operation would block.";
    /// `ConnectionError`.
    ConnectionError: CONNECTION_ERROR, PyExc_ConnectionError = c"ConnectionError"
        < OS_ERROR.get(), OSError, c"Connection error.";
    /// `ChildProcessError`.
    ChildProcessError: CHILD_PROCESS_ERROR, PyExc_ChildProcessError = c"ChildProcessError"
        < OS_ERROR.get(), OSError, c"Child process error.";
    /// `BrokenPipeError`.
    BrokenPipeError: BROKEN_PIPE_ERROR, PyExc_BrokenPipeError = c"BrokenPipeError"
        < CONNECTION_ERROR.get(), OSError, c"Broken pipe.";
    /// `ConnectionAbortedError`.
    ConnectionAbortedError: CONNECTION_ABORTED_ERROR, PyExc_ConnectionAbortedError =
        c"ConnectionAbortedError" < CONNECTION_ERROR.get(), OSError, c"Connection aborted.";
    /// `ConnectionRefusedError`.
    ConnectionRefusedError: CONNECTION_REFUSED_ERROR, PyExc_ConnectionRefusedError =
        c"ConnectionRefusedError" < CONNECTION_ERROR.get(), OSError, c"Connection refused.";
    /// `ConnectionResetError`.
    ConnectionResetError: CONNECTION_RESET_ERROR, PyExc_ConnectionResetError =
        c"ConnectionResetError" < CONNECTION_ERROR.get(), OSError, c"Connection reset.";
    /// `FileExistsError`.
    FileExistsError: FILE_EXISTS_ERROR, PyExc_FileExistsError = c"FileExistsError"
        < OS_ERROR.get(), OSError, c"File already exists.";
    /// `FileNotFoundError`.
    FileNotFoundError: FILE_NOT_FOUND_ERROR, PyExc_FileNotFoundError = c"FileNotFoundError"
        < OS_ERROR.get(), OSError, c"File not found.";
    /// `IsADirectoryError`.
    IsADirectoryError: IS_A_DIRECTORY_ERROR, PyExc_IsADirectoryError = c"IsADirectoryError"
        < OS_ERROR.get(), OSError, c"Operation doesn't work on directories.";
    /// `NotADirectoryError`.
    NotADirectoryError: NOT_A_DIRECTORY_ERROR, PyExc_NotADirectoryError = c"NotADirectoryError"
        < OS_ERROR.get(), OSError, c"Operation only works on directories.";
    /// `InterruptedError`.
    InterruptedError: INTERRUPTED_ERROR, PyExc_InterruptedError = c"InterruptedError"
        < OS_ERROR.get(), OSError, c"Interrupted by signal.";
    /// `PermissionError`.
    PermissionError: PERMISSION_ERROR, PyExc_PermissionError = c"PermissionError"
        < OS_ERROR.get(), OSError, c"Not enough permissions.";
    /// `ProcessLookupError`.
    ProcessLookupError: PROCESS_LOOKUP_ERROR, PyExc_ProcessLookupError = c"ProcessLookupError"
        < OS_ERROR.get(), OSError, c"Process not found.";
    /// `TimeoutError`.
    TimeoutError: TIMEOUT_ERROR, PyExc_TimeoutError = c"TimeoutError" < OS_ERROR.get(),
        OSError, c"Timeout expired.";
    /// `EOFError`.
    EOFError: EOF_ERROR, PyExc_EOFError = c"EOFError" < EXCEPTION.get(),
        Base, c"Read beyond end of file.";
    /// `RuntimeError`.
    RuntimeError: RUNTIME_ERROR, PyExc_RuntimeError = c"RuntimeError" < EXCEPTION.get(),
        Base, c"Unspecified run-time error.";
    /// `RecursionError`.
    RecursionError: RECURSION_ERROR, PyExc_RecursionError = c"RecursionError"
        < RUNTIME_ERROR.get(), Base, c"Recursion limit exceeded.";
    /// `NotImplementedError`.
    NotImplementedError: NOT_IMPLEMENTED_ERROR, PyExc_NotImplementedError = c"NotImplementedError"
        < RUNTIME_ERROR.get(), Base, c"Method or function hasn't been implemented yet.";
    /// `NameError`.
    NameError: NAME_ERROR, PyExc_NameError = c"NameError" < EXCEPTION.get(),
        NameError, c"Name not found globally.";
    /// `UnboundLocalError`.
    UnboundLocalError: UNBOUND_LOCAL_ERROR, PyExc_UnboundLocalError = c"UnboundLocalError"
        < NAME_ERROR.get(), NameError, c"Local name referenced but not bound to a value.";
    /// `AttributeError`.
    AttributeError: ATTRIBUTE_ERROR, PyExc_AttributeError = c"AttributeError" < EXCEPTION.get(),
        AttributeError, c"Attribute not found.";
    /// `SyntaxError`.
    SyntaxError: SYNTAX_ERROR, PyExc_SyntaxError = c"SyntaxError" < EXCEPTION.get(),
        SyntaxError, c"Invalid syntax.";
    /// `IndentationError`.
    IndentationError: INDENTATION_ERROR, PyExc_IndentationError = c"IndentationError"
        < SYNTAX_ERROR.get(), SyntaxError, c"Improper indentation.";
    /// `TabError`.
    TabError: TAB_ERROR, PyExc_TabError = c"TabError" < INDENTATION_ERROR.get(),
        SyntaxError, c"Improper mixture of spaces and tabs.";
    /// `LookupError`.
    LookupError: LOOKUP_ERROR, PyExc_LookupError = c"LookupError" < EXCEPTION.get(),
        Base, c"Base class for lookup errors.";
    /// `IndexError`.
    IndexError: INDEX_ERROR, PyExc_IndexError = c"IndexError" < LOOKUP_ERROR.get(),
        Base, c"Sequence index out of range.";
    /// `KeyError`.
    KeyError: KEY_ERROR, PyExc_KeyError = c"KeyError" < LOOKUP_ERROR.get(),
        Base, c"Mapping key not found.";
    /// `ValueError`.
    ValueError: VALUE_ERROR, PyExc_ValueError = c"ValueError" < EXCEPTION.get(),
        Base, c"Inappropriate argument value (of correct type).";
    /// `UnicodeError`.
    UnicodeError: UNICODE_ERROR, PyExc_UnicodeError = c"UnicodeError" < VALUE_ERROR.get(),
        Base, c"Unicode related error.";
    /// `UnicodeEncodeError`.
    UnicodeEncodeError: UNICODE_ENCODE_ERROR, PyExc_UnicodeEncodeError = c"UnicodeEncodeError"
        < UNICODE_ERROR.get(), UnicodeError, c"Unicode encoding error.";
    /// `UnicodeDecodeError`.
    UnicodeDecodeError: UNICODE_DECODE_ERROR, PyExc_UnicodeDecodeError = c"UnicodeDecodeError"
        < UNICODE_ERROR.get(), UnicodeError, c"Unicode decoding error.";
    /// `UnicodeTranslateError`.
    UnicodeTranslateError: UNICODE_TRANSLATE_ERROR, PyExc_UnicodeTranslateError =
        c"UnicodeTranslateError" < UNICODE_ERROR.get(), UnicodeError, c"Unicode translation error.";
    /// `AssertionError`.
    AssertionError: ASSERTION_ERROR, PyExc_AssertionError = c"AssertionError" < EXCEPTION.get(),
        Base, c"Assertion failed.";
    /// `ArithmeticError`.
    ArithmeticError: ARITHMETIC_ERROR, PyExc_ArithmeticError = c"ArithmeticError"
        < EXCEPTION.get(), Base, c"Base class for arithmetic errors.";
    /// `FloatingPointError`.
    FloatingPointError: FLOATING_POINT_ERROR, PyExc_FloatingPointError = c"FloatingPointError"
        < ARITHMETIC_ERROR.get(), Base, c"Floating point operation failed.";
    /// `OverflowError`.
    OverflowError: OVERFLOW_ERROR, PyExc_OverflowError = c"OverflowError"
        < ARITHMETIC_ERROR.get(), Base, c"Result too large to be represented.";
    /// `ZeroDivisionError`.
    ZeroDivisionError: ZERO_DIVISION_ERROR, PyExc_ZeroDivisionError = c"ZeroDivisionError"
        < ARITHMETIC_ERROR.get(), Base,
        c"Second argument to a division or modulo operation was zero.";
    /// `SystemError`.
    SystemError: SYSTEM_ERROR, PyExc_SystemError = c"SystemError" < EXCEPTION.get(), Base,
        c"Internal error in the Python interpreter.\n\nPlease report this to the Python maintainer, along with the traceback,\nthe Python version, and the hardware/OS platform and version.";
    /// `ReferenceError`.
    ReferenceError: REFERENCE_ERROR, PyExc_ReferenceError = c"ReferenceError" < EXCEPTION.get(),
        Base, c"Weak ref proxy used after referent went away.";
    /// `MemoryError`.
    MemoryError: MEMORY_ERROR, PyExc_MemoryError = c"MemoryError" < EXCEPTION.get(),
        Base, c"Out of memory.";
    /// `BufferError`.
    BufferError: BUFFER_ERROR, PyExc_BufferError = c"BufferError" < EXCEPTION.get(),
        Base, c"Buffer error.";
    /// `Warning`: the base of the warning categories.
    Warning: WARNING, PyExc_Warning = c"Warning" < EXCEPTION.get(),
        Base, c"Base class for warning categories.";
    /// `UserWarning`.
    UserWarning: USER_WARNING, PyExc_UserWarning = c"UserWarning" < WARNING.get(),
        Base, c"Base class for warnings generated by user code.";
    /// `DeprecationWarning`.
    DeprecationWarning: DEPRECATION_WARNING, PyExc_DeprecationWarning = c"DeprecationWarning"
        < WARNING.get(), Base, c"Base class for warnings about deprecated features.";
    /// `PendingDeprecationWarning`.
    PendingDeprecationWarning: PENDING_DEPRECATION_WARNING, PyExc_PendingDeprecationWarning =
        c"PendingDeprecationWarning" < WARNING.get(), Base,
        c"Base class for warnings about features which will be deprecated\nin the future.";
    /// `SyntaxWarning`.
    SyntaxWarning: SYNTAX_WARNING, PyExc_SyntaxWarning = c"SyntaxWarning" < WARNING.get(),
        Base, c"Base class for warnings about dubious syntax.";
    /// `RuntimeWarning`.
    RuntimeWarning: RUNTIME_WARNING, PyExc_RuntimeWarning = c"RuntimeWarning" < WARNING.get(),
        Base, c"Base class for warnings about dubious runtime behavior.";
    /// `FutureWarning`.
    FutureWarning: FUTURE_WARNING, PyExc_FutureWarning = c"FutureWarning" < WARNING.get(), Base,
        c"Base class for warnings about constructs that will change semantically\nin the future.";
    /// `ImportWarning`.
    ImportWarning: IMPORT_WARNING, PyExc_ImportWarning = c"ImportWarning" < WARNING.get(),
        Base, c"Base class for warnings about probable mistakes in module imports";
    /// `UnicodeWarning`.
    UnicodeWarning: UNICODE_WARNING, PyExc_UnicodeWarning = c"UnicodeWarning" < WARNING.get(),
        Base,
        c"Base class for warnings about Unicode related problems, mostly\nrelated to conversion problems.";
    /// `BytesWarning`.
    BytesWarning: BYTES_WARNING, PyExc_BytesWarning = c"BytesWarning" < WARNING.get(), Base,
        c"Base class for warnings about bytes and buffer related problems, mostly\nrelated to conversion from str or comparing to str.";
    /// `EncodingWarning`.
    EncodingWarning: ENCODING_WARNING, PyExc_EncodingWarning = c"EncodingWarning"
        < WARNING.get(), Base, c"Base class for warnings about encodings.";
    /// `ResourceWarning`.
    ResourceWarning: RESOURCE_WARNING, PyExc_ResourceWarning = c"ResourceWarning"
        < WARNING.get(), Base, c"Base class for warnings about resource usage.";
    /// `struct.error`, raised by `PyBuffer_SizeFromFormat` as CPython's
    /// `struct.calcsize` raises it. CPython exports no C symbol for it; ours
    /// is `PyExc_StructError`.
    StructError: STRUCT_ERROR, PyExc_StructError = c"struct.error" < EXCEPTION.get(),
        Base, c"";
}

/// `PyExc_EnvironmentError`: an alias of `OSError`, as in CPython.
#[unsafe(no_mangle)]
pub static PyExc_EnvironmentError: ObjectPtr = ObjectPtr(OS_ERROR.get() as *mut PyObject);

/// `PyExc_IOError`: an alias of `OSError`, as in CPython.
#[unsafe(no_mangle)]
pub static PyExc_IOError: ObjectPtr = ObjectPtr(OS_ERROR.get() as *mut PyObject);

impl Exc {
    /// The type's `tp_name`, e.g. `"BufferError"` or `"struct.error"`.
    pub fn name(self) -> &'static str {
        // SAFETY: every exception type is a static with a static C-string name.
        unsafe { type_name(self.type_object()) }
    }

    /// The built-in exception whose type object is `ty`, if any.
    pub fn from_type_object(ty: *mut PyObject) -> Option<Exc> {
        Exc::ALL.iter().copied().find(|e| e.type_object() == ty)
    }
}

/// The `tp_name` of the type object `ty`.
///
/// # Safety
/// `ty` must point to a live type object whose name outlives `'static` (true
/// for the static exception types) or whose name the caller copies at once.
pub(crate) unsafe fn type_name(ty: *mut PyObject) -> &'static str {
    // SAFETY: per the contract, `ty` is a live type object.
    let name = unsafe { (*(ty as *mut PyTypeObject)).tp_name };
    if name.is_null() {
        return "<unnamed>";
    }
    // SAFETY: tp_name is a NUL-terminated string that outlives the type.
    unsafe { CStr::from_ptr(name) }
        .to_str()
        .unwrap_or("<non-utf8>")
}

// ==========================================================================
// Class and instance checks (the header's macros, as functions)
// ==========================================================================

/// True when `op` is a type object (`PyType_Check`).
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_type(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    !op.is_null() && unsafe { (*(*op).ob_type).tp_flags } & Py_TPFLAGS_TYPE_SUBCLASS != 0
}

/// `PyExceptionClass_Check`: `op` is a type deriving from `BaseException`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_exception_class(op: *mut PyObject) -> bool {
    // SAFETY: a live type object once `is_type` holds.
    unsafe {
        is_type(op) && (*(op as *mut PyTypeObject)).tp_flags & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
    }
}

/// `PyExceptionInstance_Check`: `op` is an instance of an exception class.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_exception_instance(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    !op.is_null() && unsafe { (*(*op).ob_type).tp_flags } & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::typeobject::PyType_IsSubtype;

    #[test]
    fn struct_error_name() {
        assert_eq!(Exc::StructError.name(), "struct.error");
    }

    #[test]
    fn hierarchy_matches_cpython() {
        let sub = |a: Exc, b: Exc| {
            // SAFETY: static type objects.
            unsafe { PyType_IsSubtype(a.type_object().cast(), b.type_object().cast()) == 1 }
        };
        assert!(sub(Exc::FileNotFoundError, Exc::OSError));
        assert!(sub(Exc::BrokenPipeError, Exc::ConnectionError));
        assert!(sub(Exc::KeyError, Exc::LookupError));
        assert!(sub(Exc::UnicodeDecodeError, Exc::ValueError));
        assert!(sub(Exc::ResourceWarning, Exc::Warning));
        assert!(sub(Exc::Warning, Exc::Exception));
        assert!(!sub(Exc::SystemExit, Exc::Exception));
        assert!(!sub(Exc::KeyboardInterrupt, Exc::Exception));
        assert!(sub(Exc::GeneratorExit, Exc::BaseException));
        assert_eq!(PyExc_IOError.0, Exc::OSError.type_object());
        assert_eq!(PyExc_EnvironmentError.0, Exc::OSError.type_object());
        for &exc in Exc::ALL {
            // SAFETY: static type objects.
            unsafe {
                assert!(is_exception_class(exc.type_object()));
                let base = (*exc.type_object().cast::<PyTypeObject>()).tp_base;
                if exc != Exc::BaseException {
                    let pos = |e: *mut PyObject| Exc::ALL.iter().position(|x| x.type_object() == e);
                    assert!(
                        pos(base.cast()) < pos(exc.type_object()),
                        "{exc:?} after its base"
                    );
                }
            }
        }
    }
}
