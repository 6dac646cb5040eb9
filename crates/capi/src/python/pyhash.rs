//! Hashing (CPython's `Python/pyhash.c` and the hash-secret part of
//! `Python/bootstrap_hash.c`).
//!
//! The hashes are CPython 3.11's, bit for bit, so that a `dict` built by C
//! code iterates and collides as it would under CPython:
//!
//! * `str` and `bytes` hash their bytes (for `str`, the 1-, 2- or 4-byte
//!   code units of its kind) with SipHash-1-3 under a 128-bit key. The key
//!   is random per process, as CPython's; `PYTHONHASHSEED=0` gives the zero
//!   key and `PYTHONHASHSEED=N` (1..=4294967295) CPython's key for seed `N`,
//!   so hashes can be compared with a CPython run under the same setting.
//!   An empty input hashes to 0.
//! * Numbers hash by their value modulo the prime `2**61 - 1`, so equal
//!   `int`, `float` and `bool` values hash alike; infinities hash to
//!   ±314159 and a NaN by its object's address.
//! * Pointers (the default `object` hash) rotate the address right by four
//!   bits.
//!
//! Every hash function returns -1 only for an error; a computed -1 becomes
//! -2.

use std::ffi::{c_char, c_double, c_int, c_void};
use std::sync::OnceLock;

use crate::ffi::{Py_hash_t, Py_ssize_t, PyObject, StaticObject};

/// The numeric hashes reduce modulo this prime, `2**61 - 1`.
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// Bits of [`HASH_MODULUS`].
pub const HASH_BITS: u32 = 61;
/// `hash(float('inf'))`.
pub const HASH_INF: Py_hash_t = 314159;

/// Maps the computed value -1, which means "error" in C, to -2.
pub fn fix_minus_one(h: Py_hash_t) -> Py_hash_t {
    if h == -1 { -2 } else { h }
}

// ==========================================================================
// The key
// ==========================================================================

/// The seed `PYTHONHASHSEED` sets (read once), or None when it is unset,
/// `random` or not an integer from 0 to 2**32 - 1 (CPython refuses to
/// start then; a library cannot, so it hashes with a random key).
pub(crate) fn hash_seed() -> Option<u32> {
    static SEED: OnceLock<Option<u32>> = OnceLock::new();
    *SEED.get_or_init(|| {
        let seed = std::env::var("PYTHONHASHSEED").ok();
        match seed.as_deref().map(str::trim) {
            Some(s) if s != "random" => s.parse::<u32>().ok(),
            _ => None,
        }
    })
}

/// The SipHash key `(k0, k1)`: from [`hash_seed`] when there is one
/// (0: the zero key), else random.
fn key() -> (u64, u64) {
    static KEY: OnceLock<(u64, u64)> = OnceLock::new();
    *KEY.get_or_init(|| match hash_seed() {
        Some(0) => (0, 0),
        Some(n) => seeded_key(n),
        None => random_key(),
    })
}

/// CPython's key for `PYTHONHASHSEED=seed`: the bytes of its linear
/// congruential generator (`x = x * 214013 + 2531011`, byte = bits 16..24),
/// read as two little-endian 64-bit words.
fn seeded_key(seed: u32) -> (u64, u64) {
    let mut x = seed;
    let mut bytes = [0u8; 16];
    for b in &mut bytes {
        x = x.wrapping_mul(214013).wrapping_add(2531011);
        *b = (x >> 16) as u8;
    }
    let (k0, k1) = bytes.split_at(8);
    (
        u64::from_le_bytes(k0.try_into().expect("8 bytes")),
        u64::from_le_bytes(k1.try_into().expect("8 bytes")),
    )
}

/// A random key. The standard library's `RandomState` is seeded from the
/// operating system's random source; two of its hashes give 128 bits.
fn random_key() -> (u64, u64) {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let word = |salt: u64| {
        let mut h = state.build_hasher();
        h.write_u64(salt);
        h.finish()
    };
    (word(0x5eed_0001), word(0x5eed_0002))
}

// ==========================================================================
// SipHash-1-3
// ==========================================================================

/// One SipHash round over the state.
fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[2] = v[2].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[1]);
    v[0] = v[0].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 of `data` under `(k0, k1)`: one compression round per
/// 8-byte word, three finalisation rounds (CPython 3.11's default).
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let m = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        v[3] ^= m;
        sip_round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    let tail = words.remainder();
    last[..tail.len()].copy_from_slice(tail);
    let b = u64::from_le_bytes(last) | ((data.len() as u64) << 56);
    v[3] ^= b;
    sip_round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    sip_round(&mut v);
    sip_round(&mut v);
    sip_round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// The hash of a byte string, as `hash(bytes)` and (over its code units)
/// `hash(str)`.
pub fn hash_bytes(data: &[u8]) -> Py_hash_t {
    if data.is_empty() {
        return 0;
    }
    let (k0, k1) = key();
    fix_minus_one(siphash13(k0, k1, data) as Py_hash_t)
}

// ==========================================================================
// Numbers and pointers
// ==========================================================================

/// `x * 2**e mod (2**61 - 1)` for `x < 2**61 - 1`: since `2**61 ≡ 1`, a
/// rotation of the 61-bit value by `e mod 61`.
fn shift_mod(x: u64, e: i64) -> u64 {
    let k = e.rem_euclid(HASH_BITS as i64) as u32;
    if k == 0 {
        return x;
    }
    ((x << k) & HASH_MODULUS) | (x >> (HASH_BITS - k))
}

/// Applies the sign to a reduced magnitude and fixes -1.
fn signed(magnitude: u64, negative: bool) -> Py_hash_t {
    let h = if negative {
        (magnitude as Py_hash_t).wrapping_neg()
    } else {
        magnitude as Py_hash_t
    };
    fix_minus_one(h)
}

/// The hash of an integer given by its magnitude's 64-bit words, least
/// significant first, and its sign: `|v| mod (2**61 - 1)`, negated for a
/// negative value.
pub fn hash_integer_words(words: &[u64], negative: bool) -> Py_hash_t {
    let mut x: u64 = 0;
    for &w in words.iter().rev() {
        // x * 2**64 + w, reduced: 2**64 ≡ 2**3 (mod 2**61 - 1).
        x = shift_mod(x, 64);
        let w = (w & HASH_MODULUS) + (w >> HASH_BITS);
        x += w;
        while x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    signed(x, negative)
}

/// The hash of an integer that fits an `i128`.
pub fn hash_i128(v: i128) -> Py_hash_t {
    let m = v.unsigned_abs();
    hash_integer_words(&[m as u64, (m >> 64) as u64], v < 0)
}

/// The hash of a float, as `hash(float)`: the hash of the rational value it
/// represents (so `hash(2.0) == hash(2)`), ±314159 for infinities, and for
/// a NaN the pointer hash of `inst`.
pub fn hash_double(inst: *const c_void, v: f64) -> Py_hash_t {
    if v.is_nan() {
        return hash_pointer(inst);
    }
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v == 0.0 {
        return 0;
    }
    let bits = v.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    // v = mantissa * 2**exp with an integer mantissa below 2**53.
    let (mantissa, exp) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_bits - 1075)
    };
    signed(shift_mod(mantissa, exp), v < 0.0)
}

/// The default hash of an object: its address rotated right by four bits
/// (the low bits of an aligned address carry no information).
pub fn hash_pointer(p: *const c_void) -> Py_hash_t {
    fix_minus_one(hash_pointer_raw(p))
}

/// [`hash_pointer`] without the -1 fix.
pub fn hash_pointer_raw(p: *const c_void) -> Py_hash_t {
    (p as usize).rotate_right(4) as Py_hash_t
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `_Py_HashBytes(src, len)`: the `bytes` hash of `len` bytes at `src`.
///
/// # Safety
/// `src` must be readable for `len` bytes (it may be NULL when `len <= 0`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_HashBytes(src: *const c_void, len: Py_ssize_t) -> Py_hash_t {
    if len <= 0 || src.is_null() {
        return 0;
    }
    // SAFETY: readable for `len` bytes per the contract.
    hash_bytes(unsafe { std::slice::from_raw_parts(src.cast::<u8>(), len as usize) })
}

// ==========================================================================
// PyHash_GetFuncDef
// ==========================================================================

/// CPython's `PyHash_FuncDef`: the string hash function and its sizes.
#[repr(C)]
pub struct PyHash_FuncDef {
    /// The raw hash of `len` bytes (no special case for empty input, no
    /// mapping of -1).
    pub hash: unsafe extern "C" fn(*const c_void, Py_ssize_t) -> Py_hash_t,
    /// The algorithm's name.
    pub name: *const c_char,
    /// Bits of the hash it computes.
    pub hash_bits: c_int,
    /// Bits of its key.
    pub seed_bits: c_int,
}

/// CPython's `pysiphash`: SipHash-1-3 of `len` bytes at `src` under the
/// process's key, as `bytes` and `str` hash (which add only the empty-input
/// 0 and the -1 → -2 mapping on top).
///
/// # Safety
/// `src` must be readable for `len` bytes (anything when `len <= 0`).
unsafe extern "C" fn pysiphash(src: *const c_void, len: Py_ssize_t) -> Py_hash_t {
    let data: &[u8] = if len <= 0 || src.is_null() {
        &[]
    } else {
        // SAFETY: readable for `len` bytes per the contract, and not
        // written while hashed (CPython's contract for a hash input).
        unsafe { std::slice::from_raw_parts(src.cast::<u8>(), len as usize) }
    };
    let (k0, k1) = key();
    siphash13(k0, k1, data) as Py_hash_t
}

/// The one function definition: SipHash-1-3 with a 64-bit hash and a
/// 128-bit key, as CPython 3.11 on 64-bit platforms.
static HASH_FUNC: StaticObject<PyHash_FuncDef> = StaticObject::new(PyHash_FuncDef {
    hash: pysiphash,
    name: c"siphash13".as_ptr(),
    hash_bits: 64,
    seed_bits: 128,
});

/// `PyHash_GetFuncDef()`: the string hash function in use (static, never
/// NULL).
#[unsafe(no_mangle)]
pub extern "C" fn PyHash_GetFuncDef() -> *mut PyHash_FuncDef {
    HASH_FUNC.get()
}

/// `_Py_HashDouble(inst, v)`: the `float` hash of `v`; a NaN hashes by the
/// address of `inst`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_HashDouble(inst: *mut PyObject, v: c_double) -> Py_hash_t {
    hash_double(inst as *const c_void, v)
}

/// `_Py_HashPointer(p)`: the default object hash of the address `p`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_HashPointer(p: *const c_void) -> Py_hash_t {
    hash_pointer(p)
}

/// `_Py_HashPointerRaw(p)`: as [`_Py_HashPointer`], without replacing -1.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_HashPointerRaw(p: *const c_void) -> Py_hash_t {
    hash_pointer_raw(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siphash13_matches_cpython() {
        // hash(b'...') printed by CPython 3.11 under PYTHONHASHSEED=0 and 42.
        let cases: [(&[u8], i64, i64); 3] = [
            (b"abc", -4594863902769663758, 3869580338025362921),
            (&[b'a'; 17], -528609469319981417, -8838613019998888379),
            (b"12345678", 3785724242978802311, -8868897825882322955),
        ];
        let (k0, k1) = seeded_key(42);
        for (data, zero, forty_two) in cases {
            assert_eq!(fix_minus_one(siphash13(0, 0, data) as isize), zero as isize);
            assert_eq!(
                fix_minus_one(siphash13(k0, k1, data) as isize),
                forty_two as isize
            );
        }
    }

    #[test]
    fn numeric_hashes_are_cpythons() {
        // Values printed by CPython 3.11.
        assert_eq!(hash_i128(-1), -2);
        assert_eq!(hash_i128(0), 0);
        assert_eq!(hash_i128((1 << 61) - 1), 0);
        assert_eq!(hash_i128(1 << 61), 1);
        assert_eq!(hash_i128(-(1 << 61)), -2);
        assert_eq!(hash_i128(1 << 64), 8);
        assert_eq!(hash_i128(i128::MAX), 31);
        assert_eq!(hash_i128(i128::MIN), -32);
        let nul = std::ptr::null();
        assert_eq!(hash_double(nul, 2.0), 2);
        assert_eq!(hash_double(nul, -1.0), -2);
        assert_eq!(hash_double(nul, 0.5), 1152921504606846976);
        assert_eq!(hash_double(nul, 1.5), 1152921504606846977);
        assert_eq!(hash_double(nul, 1e300), 1224995262755759164);
        assert_eq!(hash_double(nul, -1e-300), -482449582752280463);
        assert_eq!(hash_double(nul, 5e-324), 16777216);
        assert_eq!(hash_double(nul, f64::INFINITY), 314159);
        assert_eq!(hash_double(nul, -0.0), 0);
    }
}
