//! The Python-level methods and attributes of memoryview, its iterator and
//! `memoryview(object)` (CPython's "Casting format and shape",
//! "Representations", "getters" and "Memoryview Iterator" sections, with
//! the argument handling of its Argument Clinic code).

use std::ffi::{CStr, c_char, c_int, c_void};
use std::mem::size_of;
use std::ptr;

use super::compare::adjust;
use super::items::{ItemCodec, format_of, native_code, single_code};
use super::{
    MV_C, MV_FORTRAN, MV_SCALAR, PyMemoryView_FromObject, PyMemoryViewObject, add_view,
    check_released, is_memoryview, mbuf_of, release,
};
use crate::buffer::PyBuffer_ToContiguous;
use crate::copy::Strided;
use crate::ffi::*;
use crate::layout::{self, Scratch};
use crate::objects::r#abstract::{PyObject_Length, PyObject_SelfIter};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::bytesobject::{bytes_data, bytes_from_slice};
use crate::objects::exceptions::Exc;
use crate::objects::listobject::{PyList_New, PyList_SetItem, is_list};
use crate::objects::longobject::{_PyLong_AsInt, PyLong_AsSsize_t, PyLong_FromSsize_t};
use crate::objects::object::{self, none};
use crate::objects::tupleobject::{self, PyTuple_New, PyTuple_SetItem};
use crate::objects::typeobject::PyType_Type;
use crate::objects::unicodeobject::{
    PyUnicode_AsASCIIString, PyUnicode_AsUTF8AndSize, PyUnicode_ReadChar, is_str, unicode_from_str,
};
use crate::python::clinic::{static_parser, unpack_call};
use crate::python::errors::{self, fail_null, raise};
use crate::python::getargs::_PyArg_BadArgument;

// ==========================================================================
// Argument parsing (Argument Clinic's parsers)
// ==========================================================================

static_parser!(NEW_KW = [c"object"]; NEW_PARSER = c"memoryview");
static_parser!(CAST_KW = [c"format", c"shape"]; CAST_PARSER = c"cast");
static_parser!(TOBYTES_KW = [c"order"]; TOBYTES_PARSER = c"tobytes");
static_parser!(HEX_KW = [c"sep", c"bytes_per_sep"]; HEX_PARSER = c"hex");

// ==========================================================================
// memoryview(object)
// ==========================================================================

/// `tp_new`: `memoryview(object)`.
pub(super) unsafe extern "C" fn memory_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: `args` a live tuple, `kwargs` NULL or a live dict.
    unsafe {
        let Some([object]) = unpack_call::<1>(
            &NEW_PARSER,
            tupleobject::items(args),
            tupleobject::size(args),
            kwargs,
            ptr::null_mut(),
            1,
            1,
        ) else {
            return ptr::null_mut();
        };
        PyMemoryView_FromObject(object)
    }
}

// ==========================================================================
// Release and the context manager
// ==========================================================================

unsafe extern "C" fn memoryview_release(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live memoryview (the method's self).
    if unsafe { release(op as *mut PyMemoryViewObject) } < 0 {
        return ptr::null_mut();
    }
    none()
}

unsafe extern "C" fn memory_enter(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live memoryview.
    if unsafe { !check_released(op as *mut PyMemoryViewObject) } {
        return ptr::null_mut();
    }
    // SAFETY: live; the new reference is returned.
    unsafe { object::Py_IncRef(op) };
    op
}

unsafe extern "C" fn memory_exit(op: *mut PyObject, _args: *mut PyObject) -> *mut PyObject {
    // SAFETY: as release().
    unsafe { memoryview_release(op, ptr::null_mut()) }
}

// ==========================================================================
// cast and toreadonly
// ==========================================================================

/// CPython's `get_native_fmtstr`: the static copy of a native
/// single-character format (keeping an `@` prefix), which outlives every
/// view.
fn static_format(format: &[u8]) -> Option<&'static CStr> {
    const PLAIN: [&CStr; 17] = [
        c"c", c"b", c"B", c"h", c"H", c"i", c"I", c"l", c"L", c"q", c"Q", c"n", c"N", c"f", c"d",
        c"?", c"P",
    ];
    const AT: [&CStr; 17] = [
        c"@c", c"@b", c"@B", c"@h", c"@H", c"@i", c"@I", c"@l", c"@L", c"@q", c"@Q", c"@n", c"@N",
        c"@f", c"@d", c"@?", c"@P",
    ];
    let (table, code) = match format.strip_prefix(b"@") {
        Some(rest) => (&AT, rest),
        None => (&PLAIN, format),
    };
    table
        .iter()
        .zip(PLAIN)
        .find(|(_, p)| p.to_bytes() == code)
        .map(|(f, _)| *f)
}

fn is_byte_format(code: u8) -> bool {
    matches!(code, b'b' | b'B' | b'c')
}

/// The new shape of a cast (CPython's `copy_shape`): a list or tuple of
/// positive integers whose product times `itemsize` fits in `Py_ssize_t`;
/// returns the shape and that byte length.
///
/// # Safety
/// `seq` a live list or tuple.
unsafe fn cast_shape(seq: *mut PyObject, itemsize: isize) -> Option<(Vec<isize>, isize)> {
    // SAFETY: a live list or tuple; its items are live.
    let items: Vec<*mut PyObject> = unsafe {
        if tupleobject::is_tuple(seq) {
            (0..tupleobject::size(seq))
                .map(|i| tupleobject::get(seq, i))
                .collect()
        } else {
            let n = PyObject_Length(seq);
            (0..n)
                .map(|i| crate::objects::listobject::PyList_GetItem(seq, i))
                .collect()
        }
    };
    let mut shape = Vec::with_capacity(items.len());
    let mut len = itemsize;
    for item in items {
        // SAFETY: a live item.
        if !unsafe { crate::objects::r#abstract::is_int(item) } {
            raise(
                Exc::TypeError,
                "memoryview.cast(): elements of shape must be integers",
            );
            return None;
        }
        // SAFETY: a live int.
        let x = unsafe { PyLong_AsSsize_t(item) };
        if x == -1 && !errors::PyErr_Occurred().is_null() {
            return None;
        }
        if x <= 0 {
            raise(
                Exc::ValueError,
                "memoryview.cast(): elements of shape must be integers > 0",
            );
            return None;
        }
        if x > isize::MAX / len {
            raise(
                Exc::ValueError,
                "memoryview.cast(): product(shape) > SSIZE_MAX",
            );
            return None;
        }
        len *= x;
        shape.push(x);
    }
    Some((shape, len))
}

/// CPython's `memoryview_cast_impl`: a C-contiguous view reinterpreted as
/// a 1-D view of a native single-character `format` (one side of the cast
/// must be a byte format), then, with `shape`, as a C-contiguous view of
/// that shape and the same byte length.
///
/// # Safety
/// `mv` a live memoryview; `format` a str; `shape` NULL or live.
unsafe fn cast(
    mv: *mut PyMemoryViewObject,
    format: *mut PyObject,
    shape: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !check_released(mv) {
            return ptr::null_mut();
        }
        let view = &(*mv).view;
        let flags = (*mv).flags;
        if flags & (MV_SCALAR | MV_C) == 0 {
            return fail_null(
                Exc::TypeError,
                "memoryview: casts are restricted to C-contiguous views",
            );
        }
        let dims = std::slice::from_raw_parts(
            view.shape,
            if view.shape.is_null() {
                0
            } else {
                view.ndim as usize
            },
        );
        if (!shape.is_null() || view.ndim != 1) && dims.contains(&0) {
            return fail_null(
                Exc::TypeError,
                "memoryview: cannot cast view with zeros in shape or strides",
            );
        }
        let mut ndim = 1isize;
        if !shape.is_null() {
            if !is_list(shape) && !tupleobject::is_tuple(shape) {
                return fail_null(Exc::TypeError, "shape must be a list or a tuple");
            }
            ndim = PyObject_Length(shape);
            if ndim > PyBUF_MAX_NDIM as isize {
                return fail_null(
                    Exc::ValueError,
                    "memoryview: number of dimensions must not exceed 64",
                );
            }
            if view.ndim != 1 && ndim != 1 {
                return fail_null(
                    Exc::TypeError,
                    "memoryview: cast must be 1D -> ND or ND -> 1D",
                );
            }
        }
        // cast_to_1D
        let ascii = PyUnicode_AsASCIIString(format);
        if ascii.is_null() {
            return ptr::null_mut();
        }
        let dest = bytes_data(ascii).map(|(p, n)| std::slice::from_raw_parts(p, n).to_vec());
        object::Py_DecRef(ascii);
        let dest = dest.unwrap_or_default();
        let (Some((destchar, itemsize)), Some(new_format)) =
            (native_code(&dest), static_format(&dest))
        else {
            return fail_null(
                Exc::ValueError,
                "memoryview: destination format must be a native single character format prefixed with an optional '@'",
            );
        };
        let src_is_bytes = native_code(format_of(view)).is_some_and(|(c, _)| is_byte_format(c));
        if !src_is_bytes && !is_byte_format(destchar) {
            return fail_null(
                Exc::TypeError,
                "memoryview: cannot cast between two non-byte formats",
            );
        }
        let itemsize = itemsize as isize;
        if view.len % itemsize != 0 {
            return fail_null(
                Exc::TypeError,
                "memoryview: length is not a multiple of itemsize",
            );
        }
        let (mut new_shape, mut new_strides) = (vec![view.len / itemsize], vec![itemsize]);
        let mut new_ndim = 1;
        if !shape.is_null() {
            // cast_to_ND
            new_ndim = ndim as i32;
            let len = if ndim == 0 {
                new_shape.clear();
                new_strides.clear();
                itemsize
            } else {
                let Some((s, len)) = cast_shape(shape, itemsize) else {
                    return ptr::null_mut();
                };
                new_strides = vec![0; s.len()];
                layout::fill_contiguous_strides(
                    &s,
                    &mut new_strides,
                    itemsize,
                    crate::copy::Order::C,
                );
                new_shape = s;
                len
            };
            if view.len != len {
                return fail_null(
                    Exc::TypeError,
                    "memoryview: product(shape) * itemsize != buffer size",
                );
            }
        }
        let src = Py_buffer {
            itemsize,
            ndim: new_ndim,
            format: new_format.as_ptr() as *mut c_char,
            shape: if new_shape.is_empty() {
                ptr::null_mut()
            } else {
                new_shape.as_mut_ptr()
            },
            strides: if new_strides.is_empty() {
                ptr::null_mut()
            } else {
                new_strides.as_mut_ptr()
            },
            suboffsets: ptr::null_mut(),
            ..*view
        };
        // The arrays live until add_view has copied them.
        add_view(mbuf_of(mv), Some(&src))
    }
}

unsafe extern "C" fn memoryview_cast(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; `op` a live memoryview.
    unsafe {
        let Some([format, shape]) =
            unpack_call::<2>(&CAST_PARSER, args, nargs, ptr::null_mut(), kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        if !is_str(format) {
            _PyArg_BadArgument(
                c"cast".as_ptr(),
                c"argument 'format'".as_ptr(),
                c"str".as_ptr(),
                format,
            );
            return ptr::null_mut();
        }
        cast(op as *mut PyMemoryViewObject, format, shape)
    }
}

unsafe extern "C" fn memoryview_toreadonly(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a live memoryview.
    unsafe {
        if !check_released(mv) {
            return ptr::null_mut();
        }
        // A new view even for a read-only one, so release() works on it.
        let src = Py_buffer {
            readonly: 1,
            ..(*mv).view
        };
        add_view(mbuf_of(mv), Some(&src))
    }
}

// ==========================================================================
// tobytes, tolist, hex
// ==========================================================================

/// The view's items packed in `order` (`b'C'`, `b'F'` or `b'A'`), as
/// `PyBuffer_ToContiguous` lays them out; None with an error set.
///
/// # Safety
/// `view` a live memoryview's full view.
pub(super) unsafe fn contiguous_bytes(view: &Py_buffer, order: u8) -> Option<Vec<u8>> {
    let mut out = vec![0u8; view.len.max(0) as usize];
    // SAFETY: `out` holds `len` bytes.
    let rc = unsafe {
        PyBuffer_ToContiguous(
            out.as_mut_ptr() as *mut c_void,
            view,
            view.len,
            order as c_char,
        )
    };
    (rc == 0).then_some(out)
}

unsafe extern "C" fn memoryview_tobytes(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a fastcall's arguments; `op` a live memoryview.
    unsafe {
        let Some([order]) =
            unpack_call::<1>(&TOBYTES_PARSER, args, nargs, ptr::null_mut(), kwnames, 0, 1)
        else {
            return ptr::null_mut();
        };
        let mut ord = None;
        if !order.is_null() && order != object::py_none() {
            if !is_str(order) {
                _PyArg_BadArgument(
                    c"tobytes".as_ptr(),
                    c"argument 'order'".as_ptr(),
                    c"str or None".as_ptr(),
                    order,
                );
                return ptr::null_mut();
            }
            let mut n = 0;
            let p = PyUnicode_AsUTF8AndSize(order, &mut n);
            if p.is_null() {
                return ptr::null_mut();
            }
            let text = std::slice::from_raw_parts(p as *const u8, n as usize).to_vec();
            if text.contains(&0) {
                return fail_null(Exc::ValueError, "embedded null character");
            }
            ord = Some(text);
        }
        if !check_released(mv) {
            return ptr::null_mut();
        }
        let ord = match ord.as_deref() {
            None | Some(b"C") => b'C',
            Some(b"F") => b'F',
            Some(b"A") => b'A',
            Some(_) => return fail_null(Exc::ValueError, "order must be 'C', 'F' or 'A'"),
        };
        match contiguous_bytes(&(*mv).view, ord) {
            Some(b) => bytes_from_slice(&b),
            None => ptr::null_mut(),
        }
    }
}

/// CPython's `tolist_rec`: the items from dimension `dim` on, as nested
/// lists.
///
/// # Safety
/// `mv` a live memoryview; `p` addresses the sub-array of dimension `dim`
/// of `layout`, its view's layout.
unsafe fn tolist_from(
    mv: *mut PyMemoryViewObject,
    codec: &ItemCodec,
    layout: &Strided<'_>,
    dim: usize,
    p: *const u8,
) -> *mut PyObject {
    if dim == layout.shape.len() {
        // SAFETY: a whole item of `mv`'s view.
        return unsafe { codec.unpack(mv, p) };
    }
    let n = layout.shape[dim];
    let list = PyList_New(n);
    if list.is_null() {
        return list;
    }
    for i in 0..n {
        // SAFETY: `i` is within the dimension.
        let xp = unsafe {
            adjust(
                layout,
                dim,
                p.wrapping_offset(i.wrapping_mul(layout.strides[dim])),
            )
        };
        // SAFETY: a sub-array of the next dimension.
        let item = unsafe { tolist_from(mv, codec, layout, dim + 1, xp) };
        // SAFETY: `list` is ours; SetItem steals `item`.
        if item.is_null() || unsafe { PyList_SetItem(list, i, item) } < 0 {
            // SAFETY: our reference.
            unsafe { object::Py_DecRef(list) };
            return ptr::null_mut();
        }
    }
    list
}

unsafe extern "C" fn memoryview_tolist(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a live memoryview.
    unsafe {
        if !check_released(mv) {
            return ptr::null_mut();
        }
        let view = &(*mv).view;
        let Some(code) = single_code(format_of(view)) else {
            return ptr::null_mut();
        };
        let codec = ItemCodec::new(code, view.itemsize);
        let mut scratch = Scratch::new();
        let layout = match layout::resolve(view, &mut scratch, "memoryview.tolist") {
            Ok(l) => l,
            Err((exc, msg)) => return fail_null(exc, msg),
        };
        tolist_from(mv, &codec, &layout, 0, layout.buf)
    }
}

/// CPython's `_Py_strhex_with_sep`: `data` as hexadecimal digits (a
/// `str`), with the one-character `sep` (a str or bytes, ASCII) between
/// groups of `bytes_per_sep` bytes counted from the right (from the left
/// when negative).
///
/// # Safety
/// `sep` NULL or live.
pub(crate) unsafe fn strhex(
    data: &[u8],
    sep: *mut PyObject,
    bytes_per_sep: c_int,
) -> *mut PyObject {
    // SAFETY: per the contract.
    match unsafe { hex_digits(data, sep, bytes_per_sep, false) } {
        // ASCII only: digits and an ASCII separator.
        Some(s) => unicode_from_str(&String::from_utf8_lossy(&s)),
        None => ptr::null_mut(),
    }
}

/// The digits [`strhex`] makes, or None with the error (the separator's,
/// or MemoryError). With `for_bytes` (`_Py_strhex_bytes_with_sep`, for a
/// bytes result) the separator may be any one-byte character: a
/// Latin-1 `str` character or any byte; otherwise it must be ASCII.
///
/// # Safety
/// `sep` NULL or live.
pub(crate) unsafe fn hex_digits(
    data: &[u8],
    sep: *mut PyObject,
    bytes_per_sep: c_int,
    for_bytes: bool,
) -> Option<Vec<u8>> {
    let mut sep_char = None;
    let mut group = bytes_per_sep;
    if sep.is_null() {
        group = 0;
    } else {
        // SAFETY: live per the contract.
        let n = unsafe { PyObject_Length(sep) };
        if n < 0 {
            return None;
        }
        if n != 1 {
            fail_null::<PyObject>(Exc::ValueError, "sep must be length 1.");
            return None;
        }
        // SAFETY: live per the contract.
        let c = unsafe {
            if is_str(sep) {
                PyUnicode_ReadChar(sep, 0)
            } else if let Some((p, _)) = bytes_data(sep) {
                u32::from(*p)
            } else {
                fail_null::<PyObject>(Exc::TypeError, "sep must be str or bytes.");
                return None;
            }
        };
        if c > 255 || (c > 127 && !for_bytes) {
            fail_null::<PyObject>(Exc::ValueError, "sep must be ASCII.");
            return None;
        }
        sep_char = Some(c as u8);
    }
    let every = group.unsigned_abs() as usize;
    if every >= data.len() {
        group = 0;
    }
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::new();
    // Sized by the caller's data: MemoryError rather than an abort.
    if out.try_reserve_exact(data.len() * 3).is_err() {
        crate::python::errors::PyErr_NoMemory();
        return None;
    }
    for (i, &b) in data.iter().enumerate() {
        if let Some(sep) = sep_char
            && i > 0
            && group != 0
        {
            let boundary = if group > 0 {
                (data.len() - i).is_multiple_of(every)
            } else {
                i.is_multiple_of(every)
            };
            if boundary {
                out.push(sep);
            }
        }
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    Some(out)
}

unsafe extern "C" fn memoryview_hex(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a fastcall's arguments; `op` a live memoryview.
    unsafe {
        let Some([sep, per]) =
            unpack_call::<2>(&HEX_PARSER, args, nargs, ptr::null_mut(), kwnames, 0, 2)
        else {
            return ptr::null_mut();
        };
        let mut bytes_per_sep = 1;
        if !per.is_null() {
            bytes_per_sep = _PyLong_AsInt(per);
            if bytes_per_sep == -1 && !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
        }
        if !check_released(mv) {
            return ptr::null_mut();
        }
        match contiguous_bytes(&(*mv).view, b'C') {
            Some(data) => strhex(&data, sep, bytes_per_sep),
            None => ptr::null_mut(),
        }
    }
}

// ==========================================================================
// The method and attribute tables
// ==========================================================================

const fn method(name: &'static CStr, meth: PyCFunction, flags: c_int) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: ptr::null(),
    }
}

const fn fastcall(name: &'static CStr, meth: _PyCFunctionFastWithKeywords) -> PyMethodDef {
    // SAFETY: METH_FASTCALL | METH_KEYWORDS tells the caller the real
    // signature, as C extensions declare such methods.
    let meth = unsafe { std::mem::transmute::<_PyCFunctionFastWithKeywords, PyCFunction>(meth) };
    method(name, meth, METH_FASTCALL | METH_KEYWORDS)
}

pub(super) static MEMORY_METHODS: StaticObject<[PyMethodDef; 9]> = StaticObject::new([
    method(c"release", memoryview_release, METH_NOARGS),
    fastcall(c"tobytes", memoryview_tobytes),
    fastcall(c"hex", memoryview_hex),
    method(c"tolist", memoryview_tolist, METH_NOARGS),
    fastcall(c"cast", memoryview_cast),
    method(c"toreadonly", memoryview_toreadonly, METH_NOARGS),
    method(c"__enter__", memory_enter, METH_NOARGS),
    method(c"__exit__", memory_exit, METH_VARARGS),
    PyMethodDef {
        ml_name: ptr::null(),
        ml_meth: None,
        ml_flags: 0,
        ml_doc: ptr::null(),
    },
]);

/// Runs `get` on a view that is not released (`ValueError` otherwise).
///
/// # Safety
/// `op` a live memoryview.
unsafe fn getter_of(
    op: *mut PyObject,
    get: impl FnOnce(&PyMemoryViewObject) -> *mut PyObject,
) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a live memoryview.
    if unsafe { !check_released(mv) } {
        return ptr::null_mut();
    }
    // SAFETY: as above.
    get(unsafe { &*mv })
}

/// A tuple of `ndim` sizes, or `()` for a NULL array.
///
/// # Safety
/// `vals` NULL or `ndim` readable entries.
unsafe fn int_tuple(ndim: c_int, vals: *const Py_ssize_t) -> *mut PyObject {
    let n = if vals.is_null() {
        0
    } else {
        ndim.max(0) as isize
    };
    let t = PyTuple_New(n);
    if t.is_null() {
        return t;
    }
    for i in 0..n {
        // SAFETY: `n` readable entries; the tuple is ours.
        if unsafe { PyTuple_SetItem(t, i, PyLong_FromSsize_t(*vals.add(i as usize))) } < 0 {
            // SAFETY: our reference.
            unsafe { object::Py_DecRef(t) };
            return ptr::null_mut();
        }
    }
    t
}

macro_rules! getters {
    ($($name:ident => |$mv:ident| $body:expr;)*) => {
        $(
            unsafe extern "C" fn $name(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
                let get = |$mv: &PyMemoryViewObject| -> *mut PyObject { $body };
                // SAFETY: `op` is a live memoryview (the getter's self).
                unsafe { getter_of(op, get) }
            }
        )*
    };
}

getters! {
    memory_obj_get => |mv| {
        if mv.view.obj.is_null() {
            none()
        } else {
            // SAFETY: the exporter is alive while the view is.
            unsafe { object::Py_IncRef(mv.view.obj) };
            mv.view.obj
        }
    };
    memory_nbytes_get => |mv| PyLong_FromSsize_t(mv.view.len);
    memory_readonly_get => |mv| bool_from_bool(mv.view.readonly != 0);
    memory_itemsize_get => |mv| PyLong_FromSsize_t(mv.view.itemsize);
    memory_format_get => |mv| {
        // SAFETY: the view's NUL-terminated format.
        unicode_from_str(&String::from_utf8_lossy(unsafe { format_of(&mv.view) }))
    };
    memory_ndim_get => |mv| PyLong_FromSsize_t(mv.view.ndim as isize);
    // SAFETY: the view's arrays hold ndim entries or are NULL.
    memory_shape_get => |mv| unsafe { int_tuple(mv.view.ndim, mv.view.shape) };
    // SAFETY: as above.
    memory_strides_get => |mv| unsafe { int_tuple(mv.view.ndim, mv.view.strides) };
    // SAFETY: as above.
    memory_suboffsets_get => |mv| unsafe { int_tuple(mv.view.ndim, mv.view.suboffsets) };
    memory_c_contiguous => |mv| bool_from_bool(mv.flags & (MV_SCALAR | MV_C) != 0);
    memory_f_contiguous => |mv| bool_from_bool(mv.flags & (MV_SCALAR | MV_FORTRAN) != 0);
    memory_contiguous => |mv| bool_from_bool(mv.flags & (MV_SCALAR | MV_C | MV_FORTRAN) != 0);
}

pub(super) static MEMORY_GETSETS: StaticObject<[PyGetSetDef; 13]> = StaticObject::new([
    PyGetSetDef::getter(c"obj", memory_obj_get),
    PyGetSetDef::getter(c"nbytes", memory_nbytes_get),
    PyGetSetDef::getter(c"readonly", memory_readonly_get),
    PyGetSetDef::getter(c"itemsize", memory_itemsize_get),
    PyGetSetDef::getter(c"format", memory_format_get),
    PyGetSetDef::getter(c"ndim", memory_ndim_get),
    PyGetSetDef::getter(c"shape", memory_shape_get),
    PyGetSetDef::getter(c"strides", memory_strides_get),
    PyGetSetDef::getter(c"suboffsets", memory_suboffsets_get),
    PyGetSetDef::getter(c"c_contiguous", memory_c_contiguous),
    PyGetSetDef::getter(c"f_contiguous", memory_f_contiguous),
    PyGetSetDef::getter(c"contiguous", memory_contiguous),
    PyGetSetDef::zeroed(),
]);

// ==========================================================================
// The iterator
// ==========================================================================

/// A `memory_iterator`: the items of a 1-D view in order.
#[repr(C)]
struct MemoryIter {
    ob_base: PyObject,
    index: Py_ssize_t,
    /// The view (a strong reference), NULL once exhausted.
    seq: *mut PyObject,
    length: Py_ssize_t,
    codec: ItemCodec,
}

/// `_PyMemoryIter_Type`: `memory_iterator`.
pub(crate) static MEMORY_ITER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"memory_iterator".as_ptr();
    ty.tp_basicsize = size_of::<MemoryIter>() as Py_ssize_t;
    ty.tp_dealloc = Some(memoryiter_dealloc);
    ty.tp_flags = Py_TPFLAGS_IMMUTABLETYPE;
    ty.tp_iter = Some(PyObject_SelfIter);
    ty.tp_iternext = Some(memoryiter_next);
    ty
});

unsafe extern "C" fn memoryiter_dealloc(op: *mut PyObject) {
    // SAFETY: iterators are allocated as boxes in `memory_iter`; nothing
    // else references this one.
    let it = unsafe { Box::from_raw(op as *mut MemoryIter) };
    if !it.seq.is_null() {
        // SAFETY: the iterator's reference.
        unsafe { object::Py_DecRef(it.seq) };
    }
}

unsafe extern "C" fn memoryiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut MemoryIter;
    // SAFETY: a live iterator; `seq` is a live memoryview while set.
    unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        if (*it).index < (*it).length {
            let mv = seq as *mut PyMemoryViewObject;
            if !check_released(mv) {
                return ptr::null_mut();
            }
            let view = &(*mv).view;
            let i = (*it).index;
            (*it).index += 1;
            // A 1-D view is never re-shaped, so `length` still bounds `i`.
            let mut scratch = Scratch::new();
            let layout = match layout::resolve(view, &mut scratch, "memoryview iterator") {
                Ok(l) => l,
                Err((exc, msg)) => return fail_null(exc, msg),
            };
            let p = adjust(
                &layout,
                0,
                layout
                    .buf
                    .wrapping_offset(i.wrapping_mul(layout.strides[0])),
            );
            return (*it).codec.unpack(mv, p);
        }
        (*it).seq = ptr::null_mut();
        object::Py_DecRef(seq);
        ptr::null_mut()
    }
}

/// `tp_iter` (CPython's `memory_iter`): an iterator over a 1-D view.
pub(super) unsafe extern "C" fn memory_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: live (the slot's contract).
    if unsafe { !is_memoryview(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let mv = op as *mut PyMemoryViewObject;
    // Stricter than CPython, which builds an iterator over a released view
    // with an error pending.
    // SAFETY: a live memoryview.
    if unsafe { !check_released(mv) } {
        return ptr::null_mut();
    }
    // SAFETY: not released: a full view.
    let view = unsafe { &(*mv).view };
    match view.ndim {
        0 => return fail_null(Exc::TypeError, "invalid indexing of 0-dim memory"),
        1 => {}
        _ => {
            return fail_null(
                Exc::NotImplementedError,
                "multi-dimensional sub-views are not implemented",
            );
        }
    }
    // SAFETY: the view's format.
    let Some(code) = single_code(unsafe { format_of(view) }) else {
        return ptr::null_mut();
    };
    // SAFETY: a live object; the iterator holds the new reference.
    unsafe { object::Py_IncRef(op) };
    let it = Box::new(MemoryIter {
        ob_base: PyObject {
            ob_refcnt: 1,
            ob_type: MEMORY_ITER_TYPE.get(),
        },
        index: 0,
        seq: op,
        // SAFETY: ndim is 1.
        length: unsafe { *view.shape },
        codec: ItemCodec::new(code, view.itemsize),
    });
    Box::into_raw(it) as *mut PyObject
}
