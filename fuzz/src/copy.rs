//! The copy kernels behind `PyBuffer_ToContiguous` and
//! `PyBuffer_FromContiguous`, against a naive item-by-item reference.
//!
//! An input becomes a strided layout of up to 5 dimensions and 4096 items:
//! item sizes that hit every specialised loop (1, 2, 4, 8, 16) and those that
//! do not, contiguous, transposed, zero, negative, sparse and overlapping
//! strides, PIL-style indirection through a pointer table on dimension 0,
//! or suboffsets that are all negative. Its items, its pointer table and the
//! packed buffer each live in their own memory between guard pages, sized
//! exactly to what the layout addresses, so one byte outside faults. Then
//! one of To/From runs in order C, F or A through the real C entry point,
//! and:
//!
//! * `ToContiguous` must produce the bytes the reference reads item by item
//!   in that order, and leave the source untouched;
//! * `FromContiguous` (of the whole packed buffer, or a prefix of it) must
//!   leave the memory exactly as the reference leaves it writing item by
//!   item in that order, so where items overlap the last write wins as in
//!   CPython, and bytes between items are never written;
//! * when the packed buffer lies inside the items' own memory, both must
//!   behave as if it were copied through a temporary.

use std::ffi::c_char;
use std::ptr;

use pybuffer::buffer::{PyBuffer_FromContiguous, PyBuffer_ToContiguous};
use pybuffer::ffi::Py_buffer;
use pybuffer::python::errors::take_error;

use crate::guard::Guarded;
use crate::input::Input;

const MAX_ITEMS: usize = 4096;
const MAX_REGION: isize = 1 << 18;
const ITEMSIZES: [usize; 12] = [1, 2, 4, 8, 16, 3, 5, 6, 7, 12, 24, 33];

fn c_strides(shape: &[isize], itemsize: isize) -> Vec<isize> {
    let mut out = vec![0; shape.len()];
    let mut step = itemsize;
    for i in (0..shape.len()).rev() {
        out[i] = step;
        step *= shape[i].max(1);
    }
    out
}

fn f_strides(shape: &[isize], itemsize: isize) -> Vec<isize> {
    let mut out = vec![0; shape.len()];
    let mut step = itemsize;
    for i in 0..shape.len() {
        out[i] = step;
        step *= shape[i].max(1);
    }
    out
}

/// `[lo, hi)` of the items of a direct layout relative to its first item.
fn extent(shape: &[isize], strides: &[isize], itemsize: isize) -> (isize, isize) {
    let (mut lo, mut hi) = (0, itemsize);
    for (&d, &s) in shape.iter().zip(strides) {
        let span = (d.max(1) - 1) * s;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    (lo, hi)
}

/// Every index of `shape` in C order (last fastest) or F order, flattened:
/// `shape.len()` entries per index.
fn indices(shape: &[isize], fortran: bool) -> Vec<isize> {
    let n = shape.len();
    if shape.contains(&0) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut idx = vec![0isize; n];
    loop {
        out.extend_from_slice(&idx);
        let mut k = 0;
        loop {
            if k == n {
                return out;
            }
            let d = if fortran { k } else { n - 1 - k };
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
            k += 1;
        }
    }
}

/// A layout and the memory it addresses.
struct Layout {
    shape: Vec<isize>,
    strides: Vec<isize>,
    suboffsets: Option<Vec<isize>>,
    itemsize: usize,
    buf: *mut u8,
    /// Where the items live.
    items: Guarded,
    /// The pointer table of an indirect dimension 0.
    table: Option<Guarded>,
    null_strides: bool,
}

impl Layout {
    fn len(&self) -> usize {
        self.shape.iter().product::<isize>() as usize * self.itemsize
    }

    fn view(&mut self) -> Py_buffer {
        let mut v = Py_buffer::zeroed();
        v.buf = self.buf.cast();
        v.len = self.len() as isize;
        v.itemsize = self.itemsize as isize;
        v.ndim = self.shape.len() as i32;
        v.shape = if self.shape.is_empty() {
            ptr::null_mut()
        } else {
            self.shape.as_mut_ptr()
        };
        v.strides = if self.null_strides || self.shape.is_empty() {
            ptr::null_mut()
        } else {
            self.strides.as_mut_ptr()
        };
        v.suboffsets = self
            .suboffsets
            .as_mut()
            .map_or(ptr::null_mut(), |s| s.as_mut_ptr());
        v
    }

    /// The address of the item at `idx`, walked as CPython walks it.
    fn addr(&self, idx: &[isize]) -> *mut u8 {
        let mut p = self.buf;
        for (d, &i) in idx.iter().enumerate() {
            p = p.wrapping_offset(i * self.strides[d]);
            if let Some(sub) = self.suboffsets.as_ref().map(|s| s[d]).filter(|&s| s >= 0) {
                // SAFETY: the pointer table slot written by `build`.
                p = unsafe { (p as *const *mut u8).read_unaligned() }.wrapping_offset(sub);
            }
        }
        p
    }

    /// The offset of the item at `idx` in `items`.
    fn offset(&self, idx: &[isize]) -> usize {
        let off = (self.addr(idx) as isize).wrapping_sub(self.items.ptr() as isize);
        assert!(
            off >= 0 && off as usize + self.itemsize <= self.items.size(),
            "the harness built an item outside its memory"
        );
        off as usize
    }

    /// CPython's contiguity, restated (suboffsets are never contiguous).
    fn contiguous(&self, fortran: bool) -> bool {
        if self.suboffsets.is_some() {
            return false;
        }
        if self.len() == 0 || (self.null_strides && !fortran) {
            return true;
        }
        let want = if fortran {
            f_strides(&self.shape, self.itemsize as isize)
        } else {
            c_strides(&self.shape, self.itemsize as isize)
        };
        self.shape
            .iter()
            .zip(self.strides.iter().zip(&want))
            .all(|(&d, (&s, &w))| d <= 1 || s == w)
    }
}

fn build(input: &mut Input) -> Layout {
    let ndim = input.below(6);
    let itemsize = ITEMSIZES[input.below(ITEMSIZES.len())];
    let mut shape: Vec<isize> = (0..ndim)
        .map(|_| {
            if input.one_in(8) {
                input.range(7, 40)
            } else {
                input.range(0, 6)
            }
        })
        .collect();
    for d in (0..ndim).rev() {
        if shape.iter().product::<isize>() as usize <= MAX_ITEMS {
            break;
        }
        shape[d] = 1;
    }
    let isz = itemsize as isize;
    let indirect = ndim >= 1 && input.one_in(4);
    let first_leaf = usize::from(indirect);
    let leaf_c = c_strides(&shape[first_leaf..], isz);
    let leaf_f = f_strides(&shape[first_leaf..], isz);
    let mut strides = vec![0isize; ndim];
    for d in 0..ndim {
        strides[d] = if d == 0 && indirect {
            [0, 8, -8, 16, -24][input.below(5)]
        } else {
            let (c, f) = (leaf_c[d - first_leaf], leaf_f[d - first_leaf]);
            match input.below(8) {
                0..=2 => c,
                3 => f,
                4 => 0,
                5 => input.range(1, 3) * c,
                6 => input.range(-2 * isz - 8, 2 * isz + 8),
                _ => -c,
            }
        };
    }
    // Sparse strides over many items make huge regions: keep them small
    // enough for thousands of runs a second.
    if !indirect && {
        let (lo, hi) = extent(&shape, &strides, isz);
        hi - lo > MAX_REGION
    } {
        strides = c_strides(&shape, isz);
    }
    let null_strides = !indirect && strides == c_strides(&shape, isz) && input.bool();
    let all_negative = !indirect && ndim >= 1 && input.one_in(10);

    let fill = |g: &Guarded, input: &mut Input| {
        let seed = input.u8();
        for i in 0..g.size() {
            // SAFETY: inside the region.
            unsafe { *g.ptr().add(i) = (i as u8).wrapping_mul(31).wrapping_add(seed) };
        }
    };
    if !indirect {
        let (lo, hi) = extent(&shape, &strides, isz);
        let items = Guarded::new((hi - lo) as usize, input.bool());
        fill(&items, input);
        let buf = items.ptr().wrapping_offset(-lo);
        return Layout {
            suboffsets: all_negative.then(|| vec![-1; ndim]),
            shape,
            strides,
            itemsize,
            buf,
            items,
            table: None,
            null_strides,
        };
    }
    // Dimension 0 goes through a table of pointers, one per row; each row
    // is a leaf block somewhere in one shared region (rows may overlap).
    let (tlo, thi) = extent(&shape[..1], &strides[..1], 8);
    let table = Guarded::new((thi - tlo) as usize, input.bool());
    let buf = table.ptr().wrapping_offset(-tlo);
    let (llo, lhi) = extent(&shape[1..], &strides[1..], isz);
    let slack = input.below(3) * itemsize;
    let items = Guarded::new((lhi - llo) as usize + slack, input.bool());
    fill(&items, input);
    let sub0 = input.below(64) as isize;
    for i in 0..shape[0].max(1) {
        let off = input.below(slack + 1) as isize;
        let row = items
            .ptr()
            .wrapping_offset(off - llo)
            .wrapping_offset(-sub0);
        // SAFETY: slot `i` of the table lies inside it.
        unsafe { (buf.wrapping_offset(i * strides[0]) as *mut *mut u8).write_unaligned(row) };
    }
    let mut subs = vec![-1isize; ndim];
    subs[0] = sub0;
    Layout {
        shape,
        strides,
        suboffsets: Some(subs),
        itemsize,
        buf,
        items,
        table: Some(table),
        null_strides: false,
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let mut layout = build(&mut input);
    let order = b"CFA"[input.below(3)];
    let packed_order_fortran = match order {
        b'F' => true,
        b'A' => !layout.contiguous(false) && layout.contiguous(true),
        _ => false,
    };
    let contiguous_in_order = match order {
        b'C' => layout.contiguous(false),
        b'F' => layout.contiguous(true),
        _ => layout.contiguous(false) || layout.contiguous(true),
    };
    let len = layout.len();
    let k = layout.itemsize;
    let flat = indices(&layout.shape, packed_order_fortran);
    let nitems: usize = layout.shape.iter().product::<isize>() as usize;
    let ndim = layout.shape.len();
    let order_idx: Vec<&[isize]> = (0..nitems)
        .map(|i| &flat[i * ndim..(i + 1) * ndim])
        .collect();
    let items_before = layout.items.to_vec();
    let table_before = layout.table.as_ref().map(Guarded::to_vec);
    let view = layout.view();

    // Sometimes the packed buffer lies inside the items' own memory: the
    // result must be as if it were copied through a temporary.
    let inside = (len > 0 && len <= layout.items.size() && input.one_in(4))
        .then(|| input.below(layout.items.size() - len + 1));

    if input.bool() {
        // ToContiguous.
        let mut want = vec![0u8; len];
        for (n, idx) in order_idx.iter().enumerate() {
            let off = layout.offset(idx);
            want[n * k..(n + 1) * k].copy_from_slice(&items_before[off..off + k]);
        }
        let out = Guarded::new(len, input.bool());
        let dst = inside.map_or(out.ptr(), |o| layout.items.ptr().wrapping_add(o));
        // SAFETY: `dst` holds len bytes; the layout addresses its memory.
        let rc = unsafe { PyBuffer_ToContiguous(dst.cast(), &view, len as isize, order as c_char) };
        assert_eq!(rc, 0, "ToContiguous failed: {:?}", take_error());
        let mut want_items = items_before.clone();
        match inside {
            Some(o) => want_items[o..o + len].copy_from_slice(&want),
            None => assert!(
                out.to_vec() == want,
                "ToContiguous {} packed other bytes",
                order as char
            ),
        }
        assert!(
            layout.items.to_vec() == want_items,
            "ToContiguous {} left its source other than packing through a temporary would",
            order as char
        );
    } else {
        // FromContiguous of the whole buffer or of a prefix.
        let nbytes = if input.one_in(4) {
            input.below(len + 1)
        } else {
            len
        };
        let seed = input.u8();
        let src_bytes: Vec<u8> = match inside {
            Some(o) => items_before[o..o + len].to_vec(),
            None => (0..len).map(|i| (i as u8).wrapping_mul(7) ^ seed).collect(),
        };
        let src = Guarded::with(&src_bytes, input.bool());
        let from = inside.map_or(src.ptr(), |o| layout.items.ptr().wrapping_add(o));
        let mut want = items_before.clone();
        if contiguous_in_order && nbytes > 0 {
            let base = (layout.buf as isize - layout.items.ptr() as isize) as usize;
            want[base..base + nbytes].copy_from_slice(&src_bytes[..nbytes]);
        } else {
            for (n, idx) in order_idx.iter().take(nbytes / k).enumerate() {
                let off = layout.offset(idx);
                want[off..off + k].copy_from_slice(&src_bytes[n * k..(n + 1) * k]);
            }
        }
        // SAFETY: `from` holds nbytes and more; the layout addresses its memory.
        let rc = unsafe {
            PyBuffer_FromContiguous(&view, from.cast(), nbytes as isize, order as c_char)
        };
        assert_eq!(rc, 0, "FromContiguous failed: {:?}", take_error());
        assert!(
            layout.items.to_vec() == want,
            "FromContiguous {} of {nbytes} bytes left other memory than item-by-item writes from a temporary",
            order as char
        );
        assert!(src.to_vec() == src_bytes, "FromContiguous wrote its source");
    }
    assert_eq!(
        layout.table.as_ref().map(Guarded::to_vec),
        table_before,
        "the pointer table was written"
    );
}
