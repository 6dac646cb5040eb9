//! `Py_buffer` validation: random exporter-filled structs through the real
//! checks.
//!
//! An input becomes a `Py_buffer` as a careless or hostile exporter might
//! fill it: any `ndim` (arrays of `ndim` entries when it is in `0..=64`,
//! and of fewer when it is not, so that reading past them faults on a guard
//! page), shapes with negative or huge dimensions, any itemsize and `len`,
//! NULL fields, a read-only flag, a missing `obj`. Then:
//!
//! * `layout::check_view` must accept it exactly when an independent,
//!   naive statement of the rules (in `i128`, no early exits) does, and
//!   name one of the rules it breaks when it refuses;
//! * `PyBuffer_IsContiguous` returns 0 for refused views and never sets an
//!   error;
//! * `PyBuffer_GetPointer` with random indices returns the naive address
//!   for accepted views and indices in range, and NULL with an error
//!   otherwise;
//! * `PyBuffer_ToContiguous` of an accepted view whose items lie in its
//!   memory packs them as the naive reference does, writing exactly `len`
//!   bytes;
//! * `PyObject_GetBuffer` on an exporter that fills the struct in succeeds
//!   exactly when the struct passes the rules and honours the request
//!   flags; a refused export is released, and every export is released
//!   exactly once.

use std::ffi::{c_char, c_int, c_uint, c_void};
use std::ptr;
use std::sync::OnceLock;

use pybuffer::buffer::{
    PyBuffer_GetPointer, PyBuffer_IsContiguous, PyBuffer_Release, PyBuffer_ToContiguous,
    PyObject_GetBuffer,
};
use pybuffer::ffi::*;
use pybuffer::layout::{self, Invalid};
use pybuffer::objects::object::{Py_DecRef, Py_IncRef, Py_REFCNT};
use pybuffer::objects::typeobject::{PyType_FromSpec, PyType_GenericAlloc};
use pybuffer::python::errors::{PyErr_Occurred, take_error};

use crate::guard::{Guarded, guarded_array};
use crate::input::Input;

/// The largest memory region a view's items may span for the copy check.
const MAX_REGION: i128 = 1 << 20;

/// Request flags: the standard combinations and, sometimes, any bits.
const FLAGS: [c_int; 14] = [
    PyBUF_SIMPLE,
    PyBUF_WRITABLE,
    PyBUF_FORMAT,
    PyBUF_ND,
    PyBUF_STRIDES,
    PyBUF_C_CONTIGUOUS,
    PyBUF_F_CONTIGUOUS,
    PyBUF_ANY_CONTIGUOUS,
    PyBUF_INDIRECT,
    PyBUF_CONTIG,
    PyBUF_STRIDED_RO,
    PyBUF_RECORDS,
    PyBUF_FULL,
    PyBUF_FULL_RO,
];

/// Values that break arithmetic.
const WILD: [isize; 9] = [
    -1,
    -8,
    isize::MIN,
    isize::MAX,
    isize::MAX / 2 + 1,
    1 << 31,
    1 << 32,
    1 << 62,
    3,
];

fn dimension(input: &mut Input) -> isize {
    if input.one_in(8) {
        WILD[input.below(WILD.len())]
    } else {
        input.range(0, 4)
    }
}

/// The struct under test and the memory it points to.
struct Case {
    view: Py_buffer,
    flags: c_int,
    // Owners of what `view` points to.
    _shape: Option<Guarded>,
    _strides: Option<Guarded>,
    _suboffsets: Option<Guarded>,
    region: Option<Guarded>,
    /// `[lo, hi)` of the items relative to `buf`, when they fit the region.
    extent: Option<(i128, i128)>,
}

fn build(input: &mut Input) -> Case {
    let ndim: c_int = match input.below(10) {
        0..=5 => input.range(0, 4) as c_int,
        6 => input.range(60, 68) as c_int,
        7 => c_int::MAX - input.below(3) as c_int,
        8 => -(input.below(3) as c_int) - 1,
        _ => 1_000_000,
    };
    let valid_ndim = (0..=PyBUF_MAX_NDIM).contains(&ndim);
    // A lying exporter's arrays are shorter than its ndim.
    let entries = if valid_ndim {
        ndim as usize
    } else {
        input.below(5)
    };
    let itemsize: isize = if input.one_in(10) {
        [0, -1, isize::MAX, 1 << 40][input.below(4)]
    } else {
        input.range(1, 16)
    };
    let shape: Vec<isize> = (0..entries).map(|_| dimension(input)).collect();
    let strides: Vec<isize> = {
        let mut step = itemsize;
        let mut c = vec![0isize; entries];
        for i in (0..entries).rev() {
            c[i] = step;
            step = step.wrapping_mul(shape[i]);
        }
        c.into_iter()
            .map(|contiguous| match input.below(6) {
                0..=2 => contiguous,
                3 => 0,
                4 => input.range(-3, 3).wrapping_mul(itemsize),
                _ => input.range(-40, 40),
            })
            .collect()
    };
    let product = shape.iter().fold(itemsize, |n, &d| n.wrapping_mul(d));
    let len = match input.below(8) {
        0..=4 => product,
        5 => product.wrapping_add(input.range(-2, 2)),
        6 => input.range(0, 64),
        _ => WILD[input.below(WILD.len())],
    };
    let has_shape = !input.one_in(6);
    let has_strides = !input.one_in(4);
    let has_suboffsets = input.one_in(8);
    let flags = if input.one_in(8) {
        (input.u64() & 0x1ff) as c_int
    } else {
        FLAGS[input.below(FLAGS.len())]
    };

    // The memory: where the items lie when the layout is sane enough to
    // allocate; otherwise a small region (or NULL) the checks must not
    // need.
    let extent = naive_extent(
        ndim,
        itemsize,
        len,
        has_shape.then_some(&shape[..]),
        has_strides.then_some(&strides[..]),
    );
    let (region, buf, extent) = match extent {
        Some((lo, hi)) if hi - lo <= MAX_REGION && !input.one_in(16) => {
            let g = Guarded::new((hi - lo) as usize, input.bool());
            let buf = g.ptr().wrapping_offset(-(lo as isize));
            (Some(g), buf, Some((lo, hi)))
        }
        _ if input.one_in(4) => (None, ptr::null_mut(), None),
        _ => {
            let g = Guarded::new(16, true);
            let buf = g.ptr();
            (Some(g), buf, None)
        }
    };
    let shape_mem = has_shape.then(|| guarded_array(&shape));
    let strides_mem = has_strides.then(|| guarded_array(&strides));
    let subs_mem = has_suboffsets.then(|| guarded_array(&vec![-1; entries]));
    let array = |g: &Option<Guarded>| g.as_ref().map_or(ptr::null_mut(), |g| g.ptr().cast());
    let view = Py_buffer {
        buf: buf.cast(),
        obj: ptr::null_mut(),
        len,
        itemsize,
        readonly: input.bool() as c_int,
        ndim,
        format: if input.bool() {
            c"B".as_ptr() as *mut c_char
        } else {
            ptr::null_mut()
        },
        shape: array(&shape_mem),
        strides: array(&strides_mem),
        suboffsets: array(&subs_mem),
        internal: ptr::null_mut(),
    };
    Case {
        view,
        flags,
        _shape: shape_mem,
        _strides: strides_mem,
        _suboffsets: subs_mem,
        region,
        extent,
    }
}

// ==========================================================================
// The naive statement of the rules
// ==========================================================================

/// The shape a reader sees: the array, `[]` for ndim 0, `[len / itemsize]`
/// for a shapeless 1-D view. None when there is none to see.
fn naive_shape(
    ndim: c_int,
    itemsize: isize,
    len: isize,
    shape: Option<&[isize]>,
) -> Option<Vec<isize>> {
    match (ndim, shape) {
        (0, _) => Some(vec![]),
        (1..=64, Some(s)) => Some(s.to_vec()),
        (1, None) if itemsize > 0 => Some(vec![len / itemsize]),
        _ => None,
    }
}

fn naive_strides(shape: &[isize], itemsize: isize, strides: Option<&[isize]>) -> Vec<i128> {
    match strides {
        Some(s) => s.iter().map(|&x| x as i128).collect(),
        None => {
            let mut out = vec![0i128; shape.len()];
            let mut step = itemsize as i128;
            for i in (0..shape.len()).rev() {
                out[i] = step;
                step = step.saturating_mul(shape[i] as i128);
            }
            out
        }
    }
}

/// `[lo, hi)` of the items relative to `buf`, for a layout whose rules hold
/// as far as addressing goes; None when it has no items or none can be
/// computed.
fn naive_extent(
    ndim: c_int,
    itemsize: isize,
    len: isize,
    shape: Option<&[isize]>,
    strides: Option<&[isize]>,
) -> Option<(i128, i128)> {
    if !(0..=PyBUF_MAX_NDIM).contains(&ndim) || itemsize < 1 || len < 0 {
        return None;
    }
    // A shapeless 1-D view is `len` bytes, of which it reads whole items.
    let shapeless_bytes = if ndim == 1 && shape.is_none() {
        len as i128
    } else {
        0
    };
    let shape = naive_shape(ndim, itemsize, len, shape)?;
    let items = shape
        .iter()
        .try_fold(1i128, |n, &d| n.checked_mul(d as i128));
    if shape.iter().any(|&d| d <= 0) || items.is_none_or(|n| n > MAX_REGION) {
        return None;
    }
    let strides = naive_strides(&shape, itemsize, strides);
    let (mut lo, mut hi) = (0i128, itemsize as i128);
    for (&d, &s) in shape.iter().zip(&strides) {
        let span = (d as i128 - 1) * s;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    Some((lo, hi.max(shapeless_bytes)))
}

/// Every rule of `check_view` the view breaks (empty when it is valid).
fn naive_violations(v: &Py_buffer, shape: Option<&[isize]>) -> Vec<Invalid> {
    let mut out = Vec::new();
    if !(0..=PyBUF_MAX_NDIM).contains(&v.ndim) {
        out.push(Invalid::Ndim(v.ndim));
        return out; // nothing else may be read
    }
    if v.itemsize < 1 {
        out.push(Invalid::Itemsize(v.itemsize));
    }
    if v.len < 0 {
        out.push(Invalid::NegativeLen(v.len));
    }
    if v.ndim > 1 && shape.is_none() {
        out.push(Invalid::NoShape);
    }
    let dims: Option<&[isize]> = if v.ndim == 0 { Some(&[]) } else { shape };
    if let Some(dims) = dims {
        for (index, &value) in dims.iter().enumerate() {
            if value < 0 {
                out.push(Invalid::NegativeDim { index, value });
            }
        }
        if dims.iter().all(|&d| d >= 0) {
            let total: i128 = if dims.contains(&0) {
                0
            } else {
                dims.iter()
                    .try_fold(v.itemsize as i128, |n, &d| n.checked_mul(d as i128))
                    .unwrap_or(i128::MAX)
            };
            if total > isize::MAX as i128 {
                out.push(Invalid::LenOverflow);
            } else if total != v.len as i128 {
                out.push(Invalid::Len {
                    len: v.len,
                    expected: total as isize,
                });
            }
            let strides = (!v.strides.is_null() && v.ndim > 0).then(|| {
                // SAFETY: ndim (1..=64) entries.
                unsafe { std::slice::from_raw_parts(v.strides, v.ndim as usize) }
            });
            let countable = total > 0 && total <= isize::MAX as i128 && v.itemsize > 0;
            if let Some(strides) = strides.filter(|_| countable) {
                let (mut lo, mut hi) = (0i128, v.itemsize as i128);
                for (&d, &s) in dims.iter().zip(strides) {
                    let span = (d as i128 - 1) * s as i128;
                    if span < 0 { lo += span } else { hi += span }
                }
                if hi - lo > isize::MAX as i128 {
                    out.push(Invalid::StridesOverflow);
                }
            }
        }
    }
    if v.buf.is_null() && v.len > 0 {
        out.push(Invalid::NullBuf);
    }
    out
}

/// CPython's contiguity of a valid view, restated.
fn naive_contiguous(
    v: &Py_buffer,
    shape: &[isize],
    strides: Option<&[isize]>,
    fortran: bool,
) -> bool {
    if !v.suboffsets.is_null() {
        return false;
    }
    if v.len == 0 {
        return true;
    }
    let Some(strides) = strides else {
        // NULL strides: C order; Fortran only with at most one long dimension.
        return !fortran || v.ndim <= 1 || shape.iter().filter(|&&d| d > 1).count() <= 1;
    };
    let mut expected = v.itemsize as i128;
    let dims: Vec<usize> = if fortran {
        (0..shape.len()).collect()
    } else {
        (0..shape.len()).rev().collect()
    };
    for i in dims {
        if shape[i] > 1 && strides[i] as i128 != expected {
            return false;
        }
        expected = expected.saturating_mul(shape[i] as i128);
    }
    true
}

/// The request rules `PyObject_GetBuffer` adds for a valid view.
fn naive_request_violations(
    v: &Py_buffer,
    shape: &[isize],
    strides: Option<&[isize]>,
    flags: c_int,
) -> Vec<Invalid> {
    let req = |bits: c_int| flags & bits == bits;
    let c = naive_contiguous(v, shape, strides, false);
    let f = naive_contiguous(v, shape, strides, true);
    let mut out = Vec::new();
    if req(PyBUF_WRITABLE) && v.readonly != 0 {
        out.push(Invalid::NotWritable);
    }
    if !req(PyBUF_INDIRECT) && !v.suboffsets.is_null() {
        out.push(Invalid::Suboffsets);
    }
    if req(PyBUF_C_CONTIGUOUS) {
        if !c {
            out.push(Invalid::NotContiguous(layout::OrderArg::C));
        }
    } else if req(PyBUF_F_CONTIGUOUS) {
        if !f {
            out.push(Invalid::NotContiguous(layout::OrderArg::F));
        }
    } else if req(PyBUF_ANY_CONTIGUOUS) {
        if !c && !f {
            out.push(Invalid::NotContiguous(layout::OrderArg::A));
        }
    } else if !req(PyBUF_STRIDES) && strides.is_some() && !c {
        out.push(Invalid::NotContiguous(layout::OrderArg::C));
    }
    if v.obj.is_null() {
        out.push(Invalid::NoObj);
    }
    out
}

// ==========================================================================
// The exporter that fills in the struct
// ==========================================================================

#[repr(C)]
struct Filler {
    ob_base: PyObject,
    template: *const Py_buffer,
    null_obj: bool,
    gets: usize,
    releases: usize,
}

/// # Safety
/// A live Filler whose template is valid; `view` writable.
unsafe extern "C" fn filler_getbuffer(obj: *mut PyObject, view: *mut Py_buffer, _: c_int) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let f = &mut *(obj as *mut Filler);
        *view = Py_buffer { ..*f.template };
        if !f.null_obj {
            Py_IncRef(obj);
            (*view).obj = obj;
        }
        f.gets += 1;
    }
    0
}

/// # Safety
/// A live Filler.
unsafe extern "C" fn filler_release(obj: *mut PyObject, _: *mut Py_buffer) {
    // SAFETY: per the contract.
    unsafe { (*(obj as *mut Filler)).releases += 1 };
}

fn filler_type() -> *mut PyObject {
    static TYPE: OnceLock<usize> = OnceLock::new();
    *TYPE.get_or_init(|| {
        let mut slots = [
            PyType_Slot {
                slot: Py_bf_getbuffer,
                pfunc: filler_getbuffer as *mut c_void,
            },
            PyType_Slot {
                slot: Py_bf_releasebuffer,
                pfunc: filler_release as *mut c_void,
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let mut spec = PyType_Spec {
            name: c"fuzz.Filler".as_ptr(),
            basicsize: size_of::<Filler>() as c_int,
            itemsize: 0,
            flags: Py_TPFLAGS_DEFAULT as c_uint,
            slots: slots.as_mut_ptr(),
        };
        // SAFETY: a valid spec; the type lives for the process.
        let ty = unsafe { PyType_FromSpec(&mut spec) };
        assert!(!ty.is_null());
        ty as usize
    }) as *mut PyObject
}

// ==========================================================================
// The harness
// ==========================================================================

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let case = build(&mut input);
    let v = &case.view;
    let entries = |p: *mut isize| -> Option<&[isize]> {
        let n = if (0..=PyBUF_MAX_NDIM).contains(&v.ndim) {
            v.ndim as usize
        } else {
            0
        };
        // SAFETY: arrays hold `ndim` entries when ndim is valid (they are
        // only read then).
        (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p, n) })
    };
    let shape_arr = entries(v.shape);
    let strides_arr = entries(v.strides);

    // check_view against the naive rules.
    let expected = naive_violations(v, shape_arr);
    // SAFETY: the arrays hold ndim entries when ndim is in range.
    let got = unsafe { layout::check_view(v) };
    match got {
        Ok(()) => assert!(expected.is_empty(), "accepted a view breaking {expected:?}"),
        Err(e) => assert!(
            expected.contains(&e),
            "refused with {e:?}, the view breaks {expected:?}"
        ),
    }
    let valid = got.is_ok();

    // IsContiguous: 0 for invalid views, never an error.
    for (order, fortran) in [
        (b'C', Some(false)),
        (b'F', Some(true)),
        (b'A', None),
        (b'X', None),
    ] {
        // SAFETY: a filled view (arrays as described).
        let rc = unsafe { PyBuffer_IsContiguous(v, order as c_char) };
        assert!(PyErr_Occurred().is_null(), "IsContiguous set an error");
        let shape = naive_shape(v.ndim, v.itemsize, v.len, shape_arr);
        let want = match (valid, order, &shape) {
            (false, ..) | (_, b'X', _) | (_, _, None) => false,
            (true, _, Some(s)) => match fortran {
                Some(f) => naive_contiguous(v, s, strides_arr, f),
                None => {
                    naive_contiguous(v, s, strides_arr, false)
                        || naive_contiguous(v, s, strides_arr, true)
                }
            },
        };
        assert_eq!(rc, want as c_int, "IsContiguous({})", order as char);
    }

    // GetPointer with random indices.
    let n = if (0..=PyBUF_MAX_NDIM).contains(&v.ndim) {
        v.ndim as usize
    } else {
        0
    };
    let shape = naive_shape(v.ndim, v.itemsize, v.len, shape_arr);
    let indices: Vec<isize> = (0..n)
        .map(|i| {
            let d = shape.as_ref().and_then(|s| s.get(i).copied()).unwrap_or(1);
            match input.below(8) {
                0 => -1,
                1 => d,
                _ => input.range(0, d.clamp(1, 64) - 1),
            }
        })
        .collect();
    let idx_mem = guarded_array(&indices);
    // SAFETY: `indices` has ndim entries (none for an invalid ndim).
    let p = unsafe { PyBuffer_GetPointer(v, idx_mem.ptr().cast()) };
    let error = take_error();
    match (&shape, valid) {
        (Some(s), true) if indices.iter().zip(s).all(|(&i, &d)| (0..d).contains(&i)) => {
            let strides = naive_strides(s, v.itemsize, strides_arr);
            let offset: i128 = indices
                .iter()
                .zip(&strides)
                .map(|(&i, &st)| i as i128 * st)
                .sum();
            let want = (v.buf as *mut u8).wrapping_offset(offset as isize);
            assert!(error.is_none(), "GetPointer failed: {error:?}");
            assert_eq!(p as *mut u8, want, "GetPointer address");
        }
        _ => {
            assert!(
                p.is_null(),
                "GetPointer gave an address for a bad view or index"
            );
            assert!(error.is_some(), "GetPointer failed without an error");
        }
    }

    // ToContiguous of a valid view whose items lie in its memory.
    if valid && case.extent.is_some() && case.region.is_some() {
        let order = b"CFA"[input.below(3)];
        let out = Guarded::new(v.len as usize, input.bool());
        let before = case.region.as_ref().map(Guarded::to_vec);
        // SAFETY: `out` holds len bytes; the items lie in the region.
        let rc = unsafe { PyBuffer_ToContiguous(out.ptr().cast(), v, v.len, order as c_char) };
        let error = take_error();
        assert_eq!(rc, 0, "ToContiguous of a valid view failed: {error:?}");
        assert_eq!(
            case.region.as_ref().map(Guarded::to_vec),
            before,
            "ToContiguous wrote its source"
        );
    }

    // PyObject_GetBuffer through an exporter that fills the struct in.
    let null_obj = input.one_in(8);
    let request = case.flags;
    let ty = filler_type();
    // SAFETY: a live heap type; the allocation is sized for a Filler.
    let obj = unsafe { PyType_GenericAlloc(ty.cast(), 0) };
    assert!(!obj.is_null());
    // SAFETY: a fresh Filler.
    unsafe {
        let f = &mut *(obj as *mut Filler);
        f.template = v;
        f.null_obj = null_obj;
    }
    let mut got = Py_buffer::zeroed();
    // SAFETY: a live object and a local view.
    let rc = unsafe { PyObject_GetBuffer(obj, &mut got, request) };
    let error = take_error();
    let mut would_be = Py_buffer { ..*v };
    would_be.obj = if null_obj { ptr::null_mut() } else { obj };
    let broken = if !expected.is_empty() {
        expected
    } else {
        let s = shape.as_deref().unwrap_or(&[]);
        naive_request_violations(&would_be, s, strides_arr, request)
    };
    if broken.is_empty() {
        assert_eq!(
            rc, 0,
            "GetBuffer refused a valid export for flags {request:#x}: {error:?}"
        );
        assert_eq!(got.obj, obj);
        assert_eq!((got.buf, got.len, got.ndim), (v.buf, v.len, v.ndim));
        // SAFETY: acquired above.
        unsafe { PyBuffer_Release(&mut got) };
    } else {
        assert_eq!(
            rc, -1,
            "GetBuffer accepted an export breaking {broken:?} (flags {request:#x})"
        );
        let error = error.expect("GetBuffer failed without an error");
        assert_eq!(error.type_name, "BufferError");
        assert!(got.obj.is_null(), "a refused export keeps its obj");
    }
    // SAFETY: a live Filler.
    unsafe {
        let f = &*(obj as *const Filler);
        assert_eq!(
            (f.gets, f.releases),
            (1, 1),
            "every export released exactly once"
        );
        assert_eq!(Py_REFCNT(obj), 1, "the export's reference was dropped");
        Py_DecRef(obj);
    }
}
