//! Traceback objects (CPython's `Python/traceback.c`): the entries an
//! extension pushes onto the pending error with `PyTraceBack_Here` for
//! each C function the error leaves (Cython does, with a frame whose code
//! object names the function, its `.pyx` file and line). The pending
//! error keeps the chain as its traceback, as `PyErr_Fetch` returns it.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::member_types::{READONLY, T_INT, T_OBJECT};
use crate::ffi::*;
use crate::objects::frameobject::{
    PyFrame_GetLasti, PyFrame_Type, PyFrameObject, frame_first_line,
};
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, alloc};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyTracebackObject`, CPython 3.11's layout (include/traceback.h).
#[repr(C)]
pub struct PyTracebackObject {
    ob_base: PyObject,
    tb_next: *mut PyTracebackObject,
    tb_frame: *mut PyFrameObject,
    tb_lasti: c_int,
    tb_lineno: c_int,
}

unsafe extern "C" fn tb_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced traceback; its next entry and frame are NULL
    // or owned. A long chain is released one entry per level, as CPython's
    // (which bounds it with the trashcan) does.
    unsafe {
        let tb = op.cast::<PyTracebackObject>();
        Py_DecRef((*tb).tb_next.cast());
        Py_DecRef((*tb).tb_frame.cast());
        PyObject_Free(op.cast());
    }
}

static TB_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    PyMemberDef::new(
        c"tb_next",
        T_OBJECT,
        offset_of!(PyTracebackObject, tb_next),
        READONLY,
    ),
    PyMemberDef::new(
        c"tb_frame",
        T_OBJECT,
        offset_of!(PyTracebackObject, tb_frame),
        READONLY,
    ),
    PyMemberDef::new(
        c"tb_lasti",
        T_INT,
        offset_of!(PyTracebackObject, tb_lasti),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `tb_lineno`: the stored line, or while it is -1 (as CPython 3.11
/// leaves it, to compute it on demand) the line of instruction `tb_lasti`
/// in the frame's code, which without bytecode is the code object's first
/// line, as CPython gives for an empty code object.
unsafe extern "C" fn tb_get_lineno(
    op: *mut PyObject,
    _closure: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: the getter of traceback objects is called on tracebacks,
    // which always hold a frame.
    unsafe {
        let tb = op.cast::<PyTracebackObject>();
        let line = if (*tb).tb_lineno >= 0 {
            (*tb).tb_lineno
        } else {
            frame_first_line((*tb).tb_frame)
        };
        crate::objects::longobject::PyLong_FromLong(line.into())
    }
}

static TB_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef::getter(c"tb_lineno", tb_get_lineno),
    PyGetSetDef::zeroed(),
]);

/// `PyTraceBack_Type`: `traceback`.
#[unsafe(no_mangle)]
pub static PyTraceBack_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"traceback", size_of::<PyTracebackObject>(), 0, tb_dealloc);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_members = TB_MEMBERS.get().cast();
    ty.tp_getset = TB_GETSET.get().cast();
    ty
});

/// Whether `op` is a traceback object.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_traceback(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type == PyTraceBack_Type.get() }
}

/// `PyTraceBack_Here(frame)`: makes the pending error's traceback a new
/// entry for `frame` whose `tb_next` is the previous traceback. Returns 0.
/// As in CPython 3.11, the entry records the frame's last instruction
/// (`tb_lasti`, 0 here) and leaves `tb_lineno` -1 in the struct, so its
/// line is the code's line for that instruction, not the frame's
/// `f_lineno` (Cython makes each code object at the line it reports).
///
/// Fails (-1) with `SystemError` when `frame` is NULL or not a frame
/// (the pending error is then replaced, as CPython's `PyErr_BadInternalCall`
/// does), or `MemoryError`.
///
/// # Safety
/// `frame` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTraceBack_Here(frame: *mut PyFrameObject) -> c_int {
    // SAFETY: NULL or live per the contract.
    if frame.is_null() || unsafe { (*frame.cast::<PyObject>()).ob_type } != PyFrame_Type.get() {
        return errors::bad_internal_call();
    }
    let (mut ty, mut value, mut old) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid out-pointers; the references move to this function.
    unsafe { errors::PyErr_Fetch(&mut ty, &mut value, &mut old) };
    let op = alloc(PyTraceBack_Type.get(), size_of::<PyTracebackObject>());
    if op.is_null() {
        // The MemoryError replaces the error being reported.
        // SAFETY: the references just fetched.
        unsafe {
            Py_DecRef(ty);
            Py_DecRef(value);
            Py_DecRef(old);
        }
        return -1;
    }
    // SAFETY: a fresh traceback; the frame is live and gets the reference
    // the entry keeps; `old` (NULL or a traceback) moves into tb_next.
    unsafe {
        Py_IncRef(frame.cast());
        ptr::write(
            op.cast::<PyTracebackObject>(),
            PyTracebackObject {
                ob_base: ptr::read(op),
                tb_next: old.cast(),
                tb_frame: frame,
                tb_lasti: PyFrame_GetLasti(frame),
                tb_lineno: -1,
            },
        );
        errors::PyErr_Restore(ty, value, op);
    }
    0
}

/// Drops `op` unless it is a traceback object: what the error indicator
/// accepts as its third element.
///
/// # Safety
/// `op` must be NULL or a strong reference the caller gives up.
pub(crate) unsafe fn keep_traceback(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if op.is_null() || is_traceback(op) {
            op
        } else {
            Py_DecRef(op);
            ptr::null_mut()
        }
    }
}

unsafe extern "C" {
    fn PyUnicode_FromFormat(format: *const std::ffi::c_char, ...) -> *mut PyObject;
}

/// The depth CPython prints when `sys.tracebacklimit` is not an int.
const TRACEBACK_LIMIT: std::ffi::c_long = 1000;
/// Identical entries in a row beyond this many are summarised (CPython's
/// `TB_RECURSIVE_CUTOFF`, shared with traceback.py).
const TB_RECURSIVE_CUTOFF: std::ffi::c_long = 3;
/// The indentation of a source line under its entry.
const SOURCE_LINE_INDENT: usize = 4;

/// The line an entry reports: the stored one, or while it is -1 the
/// frame's code's line for `tb_lasti`.
///
/// # Safety
/// `tb` must be a live traceback.
unsafe fn entry_line(tb: *mut PyTracebackObject) -> c_int {
    // SAFETY: per the contract; an entry always holds its frame.
    unsafe {
        if (*tb).tb_lineno >= 0 {
            (*tb).tb_lineno
        } else {
            frame_first_line((*tb).tb_frame)
        }
    }
}

/// The UTF-8 text of the str `s`, or None (error cleared) when it has
/// none (lone surrogates).
///
/// # Safety
/// `s` must be a live str.
unsafe fn utf8_of(s: *mut PyObject) -> Option<String> {
    let mut len: Py_ssize_t = 0;
    // SAFETY: a live str per the contract; the bytes are copied before
    // anything can change it.
    unsafe {
        let p = crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize(s, &mut len);
        if p.is_null() {
            errors::PyErr_Clear();
            return None;
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), len as usize);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The bytes of the file a traceback entry names, found as CPython's
/// `display_source_line` finds it: the name itself, else its last
/// component under each str entry of `sys.path`. None when there is none.
fn read_source(filename: &str) -> Option<Vec<u8>> {
    if let Ok(bytes) = std::fs::read(filename) {
        return Some(bytes);
    }
    let tail = filename.rsplit('/').next().unwrap_or(filename);
    // SAFETY: a NUL-terminated name; the result is borrowed and only read
    // while no Python code runs.
    let path = unsafe { crate::python::sysmodule::PySys_GetObject(c"path".as_ptr()) };
    // SAFETY: NULL or a live object.
    if path.is_null() || !unsafe { crate::objects::listobject::is_list(path) } {
        return None;
    }
    // SAFETY: a live list; each item is checked to be a str before use.
    unsafe {
        let n = crate::objects::listobject::PyList_Size(path);
        for i in 0..n {
            let item = crate::objects::listobject::PyList_GetItem(path, i);
            if item.is_null() || !crate::objects::unicodeobject::is_str(item) {
                continue;
            }
            let Some(dir) = utf8_of(item) else { continue };
            if dir.contains('\0') {
                continue;
            }
            let mut candidate = dir;
            if !candidate.is_empty() && !candidate.ends_with('/') {
                candidate.push('/');
            }
            candidate.push_str(tail);
            if let Ok(bytes) = std::fs::read(&candidate) {
                return Some(bytes);
            }
        }
    }
    None
}

/// Line `lineno` (1-based) of `source` read with universal newlines, its
/// line ending dropped; None past the end.
fn nth_line(source: &str, lineno: c_int) -> Option<&str> {
    let mut rest = source;
    let mut at = 1;
    loop {
        if rest.is_empty() || lineno < 1 {
            return None;
        }
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        if at == lineno {
            return Some(&rest[..end]);
        }
        let mut next = end;
        if rest[end..].starts_with("\r\n") {
            next += 2;
        } else if next < rest.len() {
            next += 1;
        }
        rest = &rest[next..];
        at += 1;
    }
}

/// Writes `s` to the file object `f` as `PyFile_WriteString` does (which
/// is what CPython writes these pieces with): -1 without writing while an
/// error is pending, `SystemError` for a NULL `f`.
///
/// # Safety
/// `f` must be NULL or a live object.
unsafe fn write_str(f: *mut PyObject, s: &str) -> c_int {
    let Ok(text) = std::ffi::CString::new(s) else {
        // The pieces written here hold no NUL (file names can: the line
        // with one goes through PyFile_WriteObject).
        return errors::bad_internal_call();
    };
    // SAFETY: a NUL-terminated string; `f` per the contract.
    unsafe { crate::objects::fileobject::PyFile_WriteString(text.as_ptr(), f) }
}

/// Writes the str `v` to the file object `f` as `PyFile_WriteObject` with
/// `Py_PRINT_RAW` does.
///
/// # Safety
/// `v` must be a live str; `f` NULL or a live object.
unsafe fn write_obj(v: *mut PyObject, f: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        crate::objects::fileobject::PyFile_WriteObject(
            v,
            f,
            crate::objects::fileobject::PY_PRINT_RAW,
        )
    }
}

/// The source line under an entry, as CPython prints it: four spaces and
/// the line without its indentation. Nothing (and no error) for a name
/// like `<string>`, a file that cannot be found or read as UTF-8 text, or
/// a line past its end.
///
/// # Safety
/// `f` must be a live object; `filename` a live str.
unsafe fn display_source_line(f: *mut PyObject, filename: *mut PyObject, lineno: c_int) -> c_int {
    // SAFETY: a live str per the contract.
    let Some(name) = (unsafe { utf8_of(filename) }) else {
        return 0;
    };
    if name.starts_with('<') && name.ends_with('>') {
        return 0;
    }
    let Some(bytes) = read_source(&name) else {
        return 0;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return 0;
    };
    // A UTF-8 signature is not part of the first line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(line) = nth_line(text, lineno) else {
        return 0;
    };
    let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
    // SAFETY: the bytes of `stripped` (valid UTF-8); a live file object
    // per the contract. Three writes, as CPython makes them: the indent,
    // the line, the newline.
    unsafe {
        let Some(text) = crate::objects::object::Owned::new(
            crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
                stripped.as_ptr().cast(),
                stripped.len() as Py_ssize_t,
            ),
        ) else {
            return -1;
        };
        if write_str(f, &" ".repeat(SOURCE_LINE_INDENT)) < 0
            || write_obj(text.as_ptr(), f) < 0
            || write_str(f, "\n") < 0
        {
            return -1;
        }
    }
    0
}

/// `  [Previous line repeated N more time(s)]` for a run of `count`
/// identical entries.
///
/// # Safety
/// `f` must be a live object.
unsafe fn print_line_repeated(f: *mut PyObject, count: std::ffi::c_long) -> c_int {
    let more = count - TB_RECURSIVE_CUTOFF;
    let plural = if more > 1 { "s" } else { "" };
    let line = format!("  [Previous line repeated {more} more time{plural}]\n");
    // SAFETY: the bytes of `line` (valid UTF-8) and a live file object.
    unsafe {
        let Some(text) = crate::objects::object::Owned::new(
            crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
                line.as_ptr().cast(),
                line.len() as Py_ssize_t,
            ),
        ) else {
            return -1;
        };
        write_obj(text.as_ptr(), f)
    }
}

/// `PyTraceBack_Print(tb, f)`: writes `tb` to the file object `f` (any
/// object with a `write(str)` method) as CPython does:
/// `Traceback (most recent call last):`, then per entry
/// `  File "<co_filename>", line <n>, in <co_name>` and the source line
/// when the file can be read; runs of more than three identical entries
/// end in `[Previous line repeated N more times]`; only the innermost
/// `sys.tracebacklimit` entries when that is an int (nothing at all when
/// it is 0 or less). 0 for a NULL `tb`; -1 with `SystemError` when `tb`
/// is not a traceback; -1 with the error `f.write` raised; -1 with
/// `SystemError` for a NULL `f`, and -1 without writing while an error is
/// pending (as `PyFile_WriteString`).
///
/// Entries have no column positions (there is no bytecode), so no caret
/// line is printed under a source line, as CPython prints none for code
/// objects without positions.
///
/// # Safety
/// `tb` must be NULL or a live object; `f` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTraceBack_Print(tb: *mut PyObject, f: *mut PyObject) -> c_int {
    if tb.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    if !unsafe { is_traceback(tb) } {
        return errors::bad_internal_call();
    }
    let mut limit = TRACEBACK_LIMIT;
    // SAFETY: a NUL-terminated name; the value is borrowed and read at once.
    unsafe {
        let limitv = crate::python::sysmodule::PySys_GetObject(c"tracebacklimit".as_ptr());
        if !limitv.is_null() && crate::objects::r#abstract::is_int(limitv) {
            let mut overflow = 0;
            limit = crate::objects::longobject::PyLong_AsLongAndOverflow(limitv, &mut overflow);
            if overflow > 0 {
                limit = std::ffi::c_long::MAX;
            } else if limit <= 0 {
                return 0;
            }
        }
    }
    // SAFETY: NULL or a live file object per the contract.
    if unsafe { write_str(f, "Traceback (most recent call last):\n") } < 0 {
        return -1;
    }
    // SAFETY: `tb` is a live traceback; each entry keeps the next alive,
    // and the chain cannot change while it is printed (it is reachable
    // from `tb`, which the caller holds, and entries are immutable).
    unsafe {
        let mut entry = tb.cast::<PyTracebackObject>();
        let mut depth: std::ffi::c_long = 0;
        let mut walk = entry;
        while !walk.is_null() {
            depth += 1;
            walk = (*walk).tb_next;
        }
        while !entry.is_null() && depth > limit {
            depth -= 1;
            entry = (*entry).tb_next;
        }
        let mut last: Option<(*mut PyObject, c_int, *mut PyObject)> = None;
        let mut count: std::ffi::c_long = 0;
        while !entry.is_null() {
            let code = crate::objects::frameobject::frame_code((*entry).tb_frame);
            let (filename, name) = crate::objects::codeobject::filename_and_name(code);
            let line = entry_line(entry);
            // Identity, as CPython compares them.
            if last != Some((filename, line, name)) {
                if count > TB_RECURSIVE_CUTOFF && print_line_repeated(f, count) < 0 {
                    return -1;
                }
                last = Some((filename, line, name));
                count = 0;
            }
            count += 1;
            if count <= TB_RECURSIVE_CUTOFF {
                let head = PyUnicode_FromFormat(
                    c"  File \"%U\", line %d, in %U\n".as_ptr(),
                    filename,
                    line,
                    name,
                );
                let Some(head) = crate::objects::object::Owned::new(head) else {
                    return -1;
                };
                if write_obj(head.as_ptr(), f) < 0 {
                    return -1;
                }
                // A source line that cannot be written is left out, as
                // CPython ignores the error (all but KeyboardInterrupt).
                if display_source_line(f, filename, line) < 0 {
                    if errors::PyErr_ExceptionMatches(
                        crate::objects::exceptions::Exc::KeyboardInterrupt.type_object(),
                    ) != 0
                    {
                        return -1;
                    }
                    errors::PyErr_Clear();
                }
            }
            entry = (*entry).tb_next;
        }
        if count > TB_RECURSIVE_CUTOFF && print_line_repeated(f, count) < 0 {
            return -1;
        }
    }
    0
}
