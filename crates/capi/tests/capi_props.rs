//! Property tests of the C entry points `PyBuffer_IsContiguous`,
//! `PyBuffer_GetPointer`, `PyBuffer_ToContiguous` and
//! `PyBuffer_FromContiguous` against plain reference implementations, over
//! random layouts: every itemsize, negative and zero strides, strides that
//! are not multiples of the itemsize, an indirect (suboffset) first
//! dimension, ndim 0..=64 and zero-size shapes.
//!
//! The references work from the definition: a view is C-contiguous when
//! its items, walked in C order, sit at byte offsets 0, itemsize,
//! 2*itemsize, ...; a copy visits every index tuple in order.

use std::ffi::{c_char, c_void};
use std::ptr;

use proptest::prelude::*;
use pybuffer::buffer::*;
use pybuffer::ffi::Py_buffer;
use pybuffer::objects::exceptions::Exc;
use pybuffer::python::errors::take_error;

/// A random direct layout over an arena: items addressed from `offset`.
#[derive(Debug, Clone)]
struct Case {
    itemsize: usize,
    shape: Vec<isize>,
    strides: Vec<isize>,
    /// Byte offset of item (0, ..., 0) in the arena.
    offset: usize,
    arena_len: usize,
}

fn layout_strategy(max_ndim: usize) -> impl Strategy<Value = Case> {
    (1usize..=17, 0usize..=max_ndim)
        .prop_flat_map(|(itemsize, ndim)| {
            // Keep the item count small: most dimensions 1 when ndim is large.
            let dim = if ndim > 6 {
                prop_oneof![12 => Just(1isize), 1 => 0isize..=2].boxed()
            } else {
                (0isize..=4).boxed()
            };
            let dims = prop::collection::vec(dim, ndim);
            let kinds = prop::collection::vec(0u8..6, ndim);
            (Just(itemsize), dims, kinds, 0usize..8, 0u8..4)
        })
        .prop_map(|(itemsize, shape, kinds, pad, mode)| {
            // Modes: exactly C-contiguous, exactly F-contiguous, or a mix of
            // stride kinds per dimension: contiguous, padded (both signs),
            // zero, and odd byte strides.
            let is = itemsize as isize;
            let mut strides = vec![0isize; shape.len()];
            let order: Vec<usize> = if mode == 1 {
                (0..shape.len()).collect()
            } else {
                (0..shape.len()).rev().collect()
            };
            let (mut contig, mut padded) = (is, is);
            for i in order {
                strides[i] = match (mode, kinds[i]) {
                    (0 | 1, _) | (_, 0) => contig,
                    (_, 1) => padded,
                    (_, 2) => -padded,
                    (_, 3) => 0,
                    (_, 4) => padded * 2 + 1,
                    _ => -is - 3,
                };
                contig = contig.saturating_mul(shape[i]);
                padded = padded.saturating_mul(if shape[i] > 1 { shape[i] * 2 + 1 } else { 1 });
            }
            let (mut lo, mut hi) = (0isize, itemsize as isize);
            if !shape.contains(&0) {
                for (&n, &s) in shape.iter().zip(&strides) {
                    let span = (n - 1).saturating_mul(s);
                    if span < 0 {
                        lo = lo.saturating_add(span)
                    } else {
                        hi = hi.saturating_add(span)
                    }
                }
            }
            let offset = (-lo) as usize + pad;
            Case {
                itemsize,
                shape,
                strides,
                offset,
                arena_len: (hi - lo) as usize + 2 * pad + 1,
            }
        })
        .prop_filter("keep arenas and item counts small", |c| {
            c.arena_len < 1 << 20 && c.shape.iter().product::<isize>() <= 4096
        })
}

fn items(shape: &[isize]) -> usize {
    shape.iter().product::<isize>() as usize
}

/// Every index tuple in C order (last index fastest), or F order.
fn indices(shape: &[isize], fortran: bool) -> Vec<Vec<isize>> {
    let mut out = Vec::new();
    let n = items(shape);
    let mut idx = vec![0isize; shape.len()];
    for _ in 0..n {
        out.push(idx.clone());
        let dims: Vec<usize> = if fortran {
            (0..shape.len()).collect()
        } else {
            (0..shape.len()).rev().collect()
        };
        for d in dims {
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    out
}

fn byte_offset(case: &Case, idx: &[isize]) -> isize {
    case.offset as isize
        + idx
            .iter()
            .zip(&case.strides)
            .map(|(i, s)| i * s)
            .sum::<isize>()
}

fn view_of(case: &mut Case, arena: &mut [u8]) -> Py_buffer {
    let mut v = Py_buffer::zeroed();
    // SAFETY: the offset lies inside the arena by construction.
    v.buf = unsafe { arena.as_mut_ptr().add(case.offset) } as *mut c_void;
    v.len = (items(&case.shape) * case.itemsize) as isize;
    v.itemsize = case.itemsize as isize;
    v.ndim = case.shape.len() as i32;
    v.shape = case.shape.as_mut_ptr();
    v.strides = case.strides.as_mut_ptr();
    v
}

fn reference_contiguous(case: &Case, fortran: bool) -> bool {
    indices(&case.shape, fortran)
        .iter()
        .enumerate()
        .all(|(k, idx)| {
            byte_offset(case, idx) - case.offset as isize == (k * case.itemsize) as isize
        })
}

fn order(c: u8) -> c_char {
    c as c_char
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn is_contiguous_matches_definition(mut case in layout_strategy(64)) {
        let mut arena = vec![0u8; case.arena_len];
        let v = view_of(&mut case, &mut arena);
        let c = reference_contiguous(&case, false);
        let f = reference_contiguous(&case, true);
        // SAFETY: the view describes the arena.
        unsafe {
            prop_assert_eq!(PyBuffer_IsContiguous(&v, order(b'C')) == 1, c);
            prop_assert_eq!(PyBuffer_IsContiguous(&v, order(b'F')) == 1, f);
            prop_assert_eq!(PyBuffer_IsContiguous(&v, order(b'A')) == 1, c || f);
            prop_assert_eq!(PyBuffer_IsContiguous(&v, order(b'Z')), 0);
        }
    }

    #[test]
    fn get_pointer_matches_offsets(mut case in layout_strategy(8)) {
        let mut arena = vec![0u8; case.arena_len];
        let base = arena.as_mut_ptr() as usize;
        let v = view_of(&mut case, &mut arena);
        for idx in indices(&case.shape, false).iter().take(64) {
            // SAFETY: in-range indices for the view.
            let p = unsafe { PyBuffer_GetPointer(&v, idx.as_ptr()) } as usize;
            prop_assert_eq!(p as isize - base as isize, byte_offset(&case, idx));
        }
        if let Some(d) = (0..case.shape.len()).next() {
            let mut bad = vec![0isize; case.shape.len()];
            bad[d] = case.shape[d];
            // SAFETY: one index per dimension; out of range on purpose.
            let p = unsafe { PyBuffer_GetPointer(&v, bad.as_ptr()) };
            prop_assert!(p.is_null());
            prop_assert_eq!(take_error().map(|e| e.kind), Some(Exc::IndexError));
        }
    }

    #[test]
    fn to_and_from_contiguous_match_reference(mut case in layout_strategy(10), seed in any::<u64>(), ord in 0usize..3) {
        let ord_char = [b'C', b'F', b'A'][ord];
        let mut arena: Vec<u8> = (0..case.arena_len).map(|i| (i as u64).wrapping_mul(seed | 1).wrapping_shr(7) as u8).collect();
        let original = arena.clone();
        let v = view_of(&mut case, &mut arena);
        let len = v.len as usize;
        let is = case.itemsize;

        // 'A' keeps an already contiguous layout, else packs in C order.
        let fortran = match ord_char {
            b'F' => true,
            b'C' => false,
            _ => !reference_contiguous(&case, false) && reference_contiguous(&case, true),
        };
        let order_idx = indices(&case.shape, fortran);
        let mut expected = Vec::with_capacity(len);
        for idx in &order_idx {
            let at = byte_offset(&case, idx) as usize;
            expected.extend_from_slice(&original[at..at + is]);
        }
        let mut packed = vec![0xEEu8; len];
        // SAFETY: `packed` holds `len` bytes; the view describes the arena.
        let rc = unsafe { PyBuffer_ToContiguous(packed.as_mut_ptr().cast(), &v, len as isize, order(ord_char)) };
        prop_assert_eq!(rc, 0);
        prop_assert_eq!(&packed, &expected);

        // FromContiguous: last write wins on aliased items, nothing outside
        // the items changes.
        let src: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(7)).collect();
        let mut want = original.clone();
        for (k, idx) in order_idx.iter().enumerate() {
            let at = byte_offset(&case, idx) as usize;
            want[at..at + is].copy_from_slice(&src[k * is..(k + 1) * is]);
        }
        // SAFETY: `src` holds `len` bytes.
        let rc = unsafe { PyBuffer_FromContiguous(&v, src.as_ptr().cast(), len as isize, order(ord_char)) };
        prop_assert_eq!(rc, 0);
        prop_assert_eq!(&arena, &want);
    }
}

/// An indirect 2-D layout: rows reached through a pointer array with a
/// suboffset, columns strided inside each row.
#[test]
fn indirect_first_dimension() {
    for itemsize in [1usize, 2, 3, 8, 16] {
        let (rows, cols) = (3usize, 4usize);
        let mut blocks: Vec<Vec<u8>> = (0..rows)
            .map(|r| {
                (0..cols * itemsize * 2 + 5)
                    .map(|b| (r * 100 + b) as u8)
                    .collect()
            })
            .collect();
        let mut ptrs: Vec<*mut u8> = blocks.iter_mut().map(|b| b.as_mut_ptr()).collect();
        let mut shape = [rows as isize, cols as isize];
        let mut strides = [size_of::<*mut u8>() as isize, 2 * itemsize as isize];
        let mut sub = [5isize, -1];
        let mut v = Py_buffer::zeroed();
        v.buf = ptrs.as_mut_ptr().cast();
        v.len = (rows * cols * itemsize) as isize;
        v.itemsize = itemsize as isize;
        v.ndim = 2;
        v.shape = shape.as_mut_ptr();
        v.strides = strides.as_mut_ptr();
        v.suboffsets = sub.as_mut_ptr();
        let item = |r: usize, c: usize| blocks[r][5 + c * 2 * itemsize..][..itemsize].to_vec();
        let mut want_c = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                want_c.extend(item(r, c));
            }
        }
        let mut out = vec![0u8; v.len as usize];
        // SAFETY: the view describes `blocks` through `ptrs`.
        unsafe {
            assert_eq!(PyBuffer_IsContiguous(&v, b'A' as c_char), 0);
            assert_eq!(
                PyBuffer_ToContiguous(out.as_mut_ptr().cast(), &v, v.len, b'C' as c_char),
                0
            );
            assert_eq!(out, want_c);
            let idx = [2isize, 3];
            let p = PyBuffer_GetPointer(&v, idx.as_ptr()) as *const u8;
            assert_eq!(p, blocks[2].as_ptr().add(5 + 3 * 2 * itemsize));
            let src: Vec<u8> = (0..v.len as usize).map(|i| i as u8).collect();
            assert_eq!(
                PyBuffer_FromContiguous(&v, src.as_ptr().cast(), v.len, b'F' as c_char),
                0
            );
            let k = rows + 2; // item (2, 1) comes after one full column in F order
            assert_eq!(
                std::slice::from_raw_parts(blocks[2].as_ptr().add(5 + 2 * itemsize), itemsize),
                &src[k * itemsize..(k + 1) * itemsize]
            );
        }
    }
}

/// ndim 0: one item, whatever strides say; zero-size shapes copy nothing.
#[test]
fn scalar_and_empty_views() {
    let mut x = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let mut v = Py_buffer::zeroed();
    v.buf = x.as_mut_ptr().cast();
    v.len = 8;
    v.itemsize = 8;
    let mut out = [0u8; 8];
    // SAFETY: a valid 0-d view of `x`.
    unsafe {
        assert_eq!(PyBuffer_IsContiguous(&v, b'C' as c_char), 1);
        assert_eq!(PyBuffer_IsContiguous(&v, b'F' as c_char), 1);
        assert_eq!(
            PyBuffer_ToContiguous(out.as_mut_ptr().cast(), &v, 8, b'F' as c_char),
            0
        );
        assert_eq!(PyBuffer_GetPointer(&v, ptr::null()), x.as_mut_ptr().cast());
    }
    assert_eq!(out, x);
    let mut shape = [3isize, 0, 2];
    let mut strides = [-7isize, 3, 100];
    v.ndim = 3;
    v.len = 0;
    v.shape = shape.as_mut_ptr();
    v.strides = strides.as_mut_ptr();
    // SAFETY: an empty view addresses no memory.
    unsafe {
        assert_eq!(PyBuffer_IsContiguous(&v, b'C' as c_char), 1);
        assert_eq!(
            PyBuffer_ToContiguous(out.as_mut_ptr().cast(), &v, 0, b'C' as c_char),
            0
        );
        assert_eq!(
            PyBuffer_FromContiguous(&v, out.as_ptr().cast(), 0, b'F' as c_char),
            0
        );
    }
}
