//! Memory between guard pages.

use std::ptr;

fn page() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// `len` bytes of read-write memory with a `PROT_NONE` page on each side:
/// placed against the page after it (`at_end`) or the page before it, so
/// that one byte too far in that direction faults.
pub struct Guarded {
    map: *mut u8,
    map_len: usize,
    ptr: *mut u8,
    len: usize,
}

impl Guarded {
    /// Zeroed memory of `len` bytes.
    pub fn new(len: usize, at_end: bool) -> Guarded {
        let page = page();
        let body = len.div_ceil(page).max(1) * page;
        let map_len = body + 2 * page;
        // SAFETY: an anonymous private mapping, checked below.
        let map = unsafe {
            libc::mmap(
                ptr::null_mut(),
                map_len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(map != libc::MAP_FAILED, "mmap of {map_len} bytes failed");
        let map = map as *mut u8;
        // SAFETY: the body pages lie inside the mapping.
        let rc = unsafe {
            libc::mprotect(
                map.add(page).cast(),
                body,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        assert_eq!(rc, 0, "mprotect failed");
        // SAFETY: both offsets stay inside the body.
        let ptr = unsafe {
            if at_end {
                map.add(page + body - len)
            } else {
                map.add(page)
            }
        };
        Guarded {
            map,
            map_len,
            ptr,
            len,
        }
    }

    /// Memory holding `bytes`.
    pub fn with(bytes: &[u8], at_end: bool) -> Guarded {
        let g = Guarded::new(bytes.len(), at_end);
        // SAFETY: `len` writable bytes, not overlapping `bytes`.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), g.ptr, bytes.len()) };
        g
    }

    /// The first byte.
    pub fn ptr(&self) -> *mut u8 {
        self.ptr
    }

    /// The number of usable bytes.
    pub fn size(&self) -> usize {
        self.len
    }

    /// A copy of the bytes (read through raw pointers: pybuffer may have
    /// written them through its own).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = vec![0u8; self.len];
        // SAFETY: `len` readable bytes.
        unsafe { ptr::copy_nonoverlapping(self.ptr, v.as_mut_ptr(), self.len) };
        v
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, unmapped once.
        unsafe { libc::munmap(self.map.cast(), self.map_len) };
    }
}

/// An array of `isize` between guard pages, ending at the guard: reading
/// entry `values.len()` faults.
pub fn guarded_array(values: &[isize]) -> Guarded {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
    Guarded::with(&bytes, true)
}
