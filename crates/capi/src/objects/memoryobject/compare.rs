//! `==`, `!=` and `hash()` of memoryviews (CPython's "Comparisons" and
//! "Hash" sections).
//!
//! CPython compares two buffers item by item after unpacking each item
//! with the struct module (or, for two identical native single-character
//! formats, with a C cast that gives the same answers). Here every item is
//! decoded with [`crate::format`] into [`Value`]s and the values are
//! compared as Python compares the objects `struct.unpack` returns: numbers
//! by exact numeric value (so `1 == 1.0`, NaN is never equal, `2**53 + 1 !=
//! 2.0**53`), bytes by content, and a number never equals bytes. A format
//! the struct module rejects makes the buffers unequal, as in CPython.

use std::ffi::c_int;
use std::ptr;

use super::items::{equiv_shape, format_of, native_code};
use super::methods::contiguous_bytes;
use super::{PyMemoryViewObject, check_released, is_memoryview, is_released};
use crate::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use crate::copy::Strided;
use crate::ffi::*;
use crate::format::{self, Format, Value};
use crate::layout::{self, Scratch};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::object::{PyObject_Hash, not_implemented};
use crate::python::errors::{self, fail, raise};
use crate::python::pyhash::hash_bytes;

/// A number as Python compares it: integers exactly, floats as doubles.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Float(f64),
}

fn number(v: &Value) -> Option<Number> {
    match *v {
        Value::Int(i) => Some(Number::Int(i128::from(i))),
        Value::UInt(u) => Some(Number::Int(i128::from(u))),
        Value::Pointer(p) => Some(Number::Int(p as i128)),
        Value::Bool(b) => Some(Number::Int(i128::from(b))),
        Value::Float(f) => Some(Number::Float(f)),
        Value::Bytes(_) => None,
    }
}

/// `int == float` as Python decides it: exactly, never by rounding the int.
fn int_equals_float(i: i128, f: f64) -> bool {
    // 2**127: every finite float below it in magnitude converts exactly.
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    f.is_finite() && f.fract() == 0.0 && f.abs() < LIMIT && f as i128 == i
}

/// `a == b` for two unpacked values, as Python compares the objects.
fn values_equal(a: &Value, b: &Value) -> bool {
    match (number(a), number(b)) {
        (Some(Number::Int(x)), Some(Number::Int(y))) => x == y,
        (Some(Number::Float(x)), Some(Number::Float(y))) => x == y,
        (Some(Number::Int(i)), Some(Number::Float(f)))
        | (Some(Number::Float(f)), Some(Number::Int(i))) => int_equals_float(i, f),
        (None, None) => a == b,
        _ => false,
    }
}

/// One side of a comparison: its layout and how its items decode.
struct Side<'a> {
    layout: Strided<'a>,
    format: Format,
    /// The item's bytes, copied out of the exporter's memory.
    item: Vec<u8>,
    values: Vec<Value>,
}

impl Side<'_> {
    /// Decodes the item at `p` into `self.values` (as `struct.unpack_from`
    /// would); `ValueError` when the format needs more bytes than the
    /// item has (CPython's struct module raises `struct.error` there).
    ///
    /// # Safety
    /// `p` addresses a readable item of the layout's itemsize.
    unsafe fn decode(&mut self, p: *const u8) -> Result<(), ()> {
        if self.format.size > self.layout.itemsize {
            raise(
                Exc::ValueError,
                format!(
                    "memoryview: the format needs {} bytes but the itemsize is {}",
                    self.format.size, self.layout.itemsize
                ),
            );
            return Err(());
        }
        let n = self.format.size;
        self.item.resize(n, 0);
        // SAFETY: the item holds itemsize >= n readable bytes.
        unsafe { ptr::copy_nonoverlapping(p, self.item.as_mut_ptr(), n) };
        self.values.clear();
        for field in &self.format.fields {
            for k in 0..field.count {
                let offset = field
                    .element_offset(k)
                    .expect("a parsed field's elements lie within its item");
                self.values.push(format::unpack_field(
                    field,
                    self.format.byte_order,
                    &self.item[offset..],
                ));
            }
        }
        Ok(())
    }
}

/// The address of the next item along dimension `dim` from `p`, following
/// that dimension's suboffset (CPython's `ADJUST_PTR`).
///
/// # Safety
/// `p` addresses an element of dimension `dim` of `side`; for an indirect
/// dimension it holds a valid pointer.
pub(super) unsafe fn adjust(side: &Strided<'_>, dim: usize, p: *const u8) -> *const u8 {
    match side.suboffsets.map(|s| s[dim]) {
        Some(sub) if sub >= 0 => {
            // SAFETY: an indirect dimension stores a pointer here.
            unsafe { (p as *const *const u8).read_unaligned() }.wrapping_offset(sub)
        }
        _ => p,
    }
}

/// CPython's `cmp_rec`: whether the items from dimension `dim` on are
/// equal, pairwise; Err with an error set.
///
/// # Safety
/// `p` and `q` address the sub-arrays of dimension `dim` of `v` and `w`,
/// whose shapes agree up to their first zero extent.
unsafe fn equal_from(
    v: &mut Side<'_>,
    w: &mut Side<'_>,
    dim: usize,
    p: *const u8,
    q: *const u8,
) -> Result<bool, ()> {
    if dim == v.layout.shape.len() {
        // SAFETY: both address whole items.
        unsafe {
            v.decode(p)?;
            w.decode(q)?;
        }
        return Ok(v.values.len() == w.values.len()
            && v.values
                .iter()
                .zip(&w.values)
                .all(|(a, b)| values_equal(a, b)));
    }
    let (vs, ws) = (v.layout.strides[dim], w.layout.strides[dim]);
    for i in 0..v.layout.shape[dim] {
        // SAFETY: `i` is within the dimension, so both addresses are
        // elements of it.
        let (xp, xq) = unsafe {
            (
                adjust(&v.layout, dim, p.wrapping_offset(i.wrapping_mul(vs))),
                adjust(&w.layout, dim, q.wrapping_offset(i.wrapping_mul(ws))),
            )
        };
        // SAFETY: sub-arrays of the next dimension.
        if !unsafe { equal_from(v, w, dim + 1, xp, xq) }? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether two full views hold equal items; Err with an error set.
///
/// # Safety
/// Both are filled views of live memory.
unsafe fn views_equal(vv: &Py_buffer, ww: &Py_buffer) -> Result<bool, ()> {
    let (mut vs, mut ws) = (Scratch::new(), Scratch::new());
    // SAFETY: filled views per the contract.
    let (vl, wl) = unsafe {
        match (
            layout::resolve(vv, &mut vs, "memoryview comparison"),
            layout::resolve(ww, &mut ws, "memoryview comparison"),
        ) {
            (Ok(v), Ok(w)) => (v, w),
            (Err((exc, msg)), _) | (_, Err((exc, msg))) => {
                raise(exc, msg);
                return Err(());
            }
        }
    };
    if !equiv_shape(vl.shape, wl.shape) {
        return Ok(false);
    }
    // SAFETY: NUL-terminated formats of live views.
    let (vf, wf) = unsafe { (format_of(vv), format_of(ww)) };
    // CPython skips the struct module for two identical native formats;
    // those always parse, so parsing every format answers the same. A
    // format the struct module rejects means "not equal".
    let (Some(vfmt), Some(wfmt)) = (format::parse(vf).ok(), format::parse(wf).ok()) else {
        return Ok(false);
    };
    let (vbuf, wbuf) = (vl.buf as *const u8, wl.buf as *const u8);
    let mut v = Side {
        layout: vl,
        format: vfmt,
        item: Vec::new(),
        values: Vec::new(),
    };
    let mut w = Side {
        layout: wl,
        format: wfmt,
        item: Vec::new(),
        values: Vec::new(),
    };
    // SAFETY: the views' first items (or sub-arrays).
    unsafe { equal_from(&mut v, &mut w, 0, vbuf, wbuf) }
}

/// `tp_richcompare` (CPython's `memory_richcompare`): `==` and `!=`
/// against any exporter; NotImplemented for other operators and for
/// objects that export no buffer. A released view equals only itself.
pub(super) unsafe extern "C" fn memory_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if op != Py_EQ && op != Py_NE {
        return not_implemented();
    }
    let vmv = v as *mut PyMemoryViewObject;
    // SAFETY: `v` is a live memoryview and `w` live (the slot's contract).
    let equal = unsafe {
        if is_released(vmv) {
            Ok(v == w)
        } else if is_memoryview(w) {
            let wmv = w as *mut PyMemoryViewObject;
            if is_released(wmv) {
                Ok(v == w)
            } else {
                views_equal(&(*vmv).view, &(*wmv).view)
            }
        } else {
            let mut wbuf = Py_buffer::zeroed();
            if PyObject_GetBuffer(w, &mut wbuf, PyBUF_FULL_RO) < 0 {
                errors::PyErr_Clear();
                return not_implemented();
            }
            // The exporter may have run code that released `v`.
            let r = if is_released(vmv) {
                Ok(false)
            } else {
                views_equal(&(*vmv).view, &wbuf)
            };
            PyBuffer_Release(&mut wbuf);
            r
        }
    };
    match equal {
        Ok(eq) => bool_from_bool(eq == (op == Py_EQ)),
        Err(()) => ptr::null_mut(),
    }
}

/// `tp_hash` (CPython's `memory_hash`): the hash of the bytes, for
/// read-only views of formats `B`, `b` and `c` whose exporter is hashable;
/// cached, so a view hashed before its release keeps its hash.
pub(super) unsafe extern "C" fn memory_hash(op: *mut PyObject) -> Py_hash_t {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: a live memoryview (the slot's contract).
    unsafe {
        if (*mv).hash != -1 {
            return (*mv).hash;
        }
        if !check_released(mv) {
            return -1;
        }
        let view = &(*mv).view;
        if view.readonly == 0 {
            return fail(Exc::ValueError, "cannot hash writable memoryview object") as Py_hash_t;
        }
        if !matches!(native_code(format_of(view)), Some((b'B' | b'b' | b'c', _))) {
            return fail(
                Exc::ValueError,
                "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
            ) as Py_hash_t;
        }
        if !view.obj.is_null() && PyObject_Hash(view.obj) == -1 {
            return -1;
        }
        // Stricter than CPython: the exporter's __hash__ may have released
        // the view.
        if !check_released(mv) {
            return -1;
        }
        let Some(bytes) = contiguous_bytes(&(*mv).view, b'C') else {
            return -1;
        };
        let h = hash_bytes(&bytes);
        (*mv).hash = h;
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_as_python_objects() {
        use Value::*;
        assert!(values_equal(&Int(1), &Float(1.0)));
        assert!(!values_equal(
            &UInt(u64::MAX),
            &Float(18_446_744_073_709_551_616.0)
        ));
        assert!(values_equal(
            &UInt(1 << 63),
            &Float(9_223_372_036_854_775_808.0)
        ));
        assert!(!values_equal(
            &Int((1 << 53) + 1),
            &Float(9_007_199_254_740_992.0)
        ));
        assert!(!values_equal(&Float(f64::NAN), &Float(f64::NAN)));
        assert!(values_equal(&Float(-0.0), &Int(0)));
        assert!(!values_equal(&Float(f64::INFINITY), &Int(i64::MAX)));
        assert!(values_equal(&Bool(true), &Int(1)));
        assert!(values_equal(&Pointer(16), &UInt(16)));
        assert!(!values_equal(&Int(-1), &UInt(u64::MAX)));
        assert!(values_equal(&Bytes(b"a".to_vec()), &Bytes(b"a".to_vec())));
        assert!(!values_equal(&Bytes(b"a".to_vec()), &Int(97)));
    }
}
