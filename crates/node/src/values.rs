//! Items as JS values: `struct`-format fields unpacked into numbers,
//! bigints, booleans and Buffers, and JS values packed back.
//!
//! Integer fields 8 bytes wide (`q Q n N P`, and native `l L` on LP64) read
//! as bigints so that no value loses precision; every other integer and
//! every float reads as a number; `?` as a boolean; `c`, `s` and `p` as
//! Buffers. An item of one value reads as that value, an item of several
//! (`"2i"`, `"hd"`) as an array of them, as `struct.unpack` gives a tuple.

use std::ptr;

use napi::sys;
use napi::{Error, Result};
use pybuffer::copy::Strided;
use pybuffer::format::{self, ByteOrder, Field, Format, Value};
use pybuffer::objects::exceptions::Exc;

use crate::errors;

macro_rules! check {
    ($e:expr) => {{
        // SAFETY: callers pass the current env and values of its scope.
        let status = unsafe { $e };
        if status != sys::Status::napi_ok {
            return Err(Error::new(
                napi::Status::from(status),
                "napi call failed".to_owned(),
            ));
        }
    }};
}

/// Parses a view's format (NULL means unsigned bytes).
pub fn parse_format(fmt: Option<&[u8]>) -> Result<Format> {
    let bytes = fmt.unwrap_or(b"B");
    format::parse(bytes).map_err(|e| {
        errors::raise(
            Exc::StructError,
            format!("format {:?}: {}", String::from_utf8_lossy(bytes), e.message),
        )
    })
}

fn is_integer_code(code: u8) -> bool {
    matches!(
        code,
        b'b' | b'B' | b'h' | b'H' | b'i' | b'I' | b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'P'
    )
}

fn is_wide(field: &Field) -> bool {
    is_integer_code(field.code) && field.size == 8
}

/// One value as a JS value.
///
/// # Safety
/// `env` is the current env.
unsafe fn value_to_js(env: sys::napi_env, field: &Field, v: Value) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    match v {
        Value::Int(i) if is_wide(field) => check!(sys::napi_create_bigint_int64(env, i, &mut out)),
        Value::UInt(u) if is_wide(field) => {
            check!(sys::napi_create_bigint_uint64(env, u, &mut out))
        }
        Value::Pointer(p) => check!(sys::napi_create_bigint_uint64(env, p as u64, &mut out)),
        Value::Int(i) => check!(sys::napi_create_double(env, i as f64, &mut out)),
        Value::UInt(u) => check!(sys::napi_create_double(env, u as f64, &mut out)),
        Value::Float(f) => check!(sys::napi_create_double(env, f, &mut out)),
        Value::Bool(b) => check!(sys::napi_get_boolean(env, b, &mut out)),
        Value::Bytes(b) => {
            let mut data = ptr::null_mut();
            check!(sys::napi_create_buffer_copy(
                env,
                b.len(),
                b.as_ptr().cast(),
                &mut data,
                &mut out
            ));
        }
    }
    Ok(out)
}

/// Reads the item at `p` as a JS value (or an array of values).
///
/// # Safety
/// `p` must be readable for `fmt.size` bytes; `env` is the current env.
pub unsafe fn item_to_js(
    env: sys::napi_env,
    fmt: &Format,
    p: *const u8,
) -> Result<sys::napi_value> {
    let total: usize = fmt.fields.iter().map(|f| f.count).sum();
    let mut list = ptr::null_mut();
    if total != 1 {
        check!(sys::napi_create_array_with_length(env, total, &mut list));
    }
    let mut n = 0u32;
    // A field of a number's size is copied to the stack: an allocation
    // per item cost more than reading it. Longer ones (`'100s'`) go
    // through `long`.
    let mut short = [0u8; 16];
    let mut long = Vec::new();
    for field in &fmt.fields {
        for i in 0..field.count {
            let off = field.offset + i * field.size;
            let bytes: &[u8] = if field.size <= short.len() {
                // SAFETY: the field lies inside the item (parse() computed
                // it) and `short` has room for it; copied through the raw
                // pointer, as JS or C may alias it.
                unsafe { ptr::copy_nonoverlapping(p.add(off), short.as_mut_ptr(), field.size) };
                &short[..field.size]
            } else {
                // SAFETY: as above.
                unsafe { crate::bytes::copy_into(&mut long, p.add(off), field.size) };
                &long
            };
            let v = format::unpack_field(field, fmt.byte_order, bytes);
            // SAFETY: forwarded contract.
            let js = unsafe { value_to_js(env, field, v) }?;
            if total == 1 {
                return Ok(js);
            }
            check!(sys::napi_set_element(env, list, n, js));
            n += 1;
        }
    }
    Ok(list)
}

/// `tolist()`: nested arrays of items.
///
/// # Safety
/// `layout` must describe readable memory; `env` is the current env.
pub unsafe fn tolist(
    env: sys::napi_env,
    fmt: &Format,
    layout: &Strided<'_>,
) -> Result<sys::napi_value> {
    // SAFETY: forwarded contract.
    unsafe { tolist_rec(env, fmt, layout, 0, layout.buf) }
}

unsafe fn tolist_rec(
    env: sys::napi_env,
    fmt: &Format,
    l: &Strided<'_>,
    dim: usize,
    p: *mut u8,
) -> Result<sys::napi_value> {
    if dim == l.shape.len() {
        // SAFETY: an item of a valid layout.
        return unsafe { item_to_js(env, fmt, p) };
    }
    let n = l.shape[dim].max(0) as usize;
    let mut arr = ptr::null_mut();
    check!(sys::napi_create_array_with_length(env, n, &mut arr));
    for i in 0..n {
        let mut q = p.wrapping_offset(i as isize * l.strides[dim]);
        if let Some(sub) = l.suboffsets.map(|s| s[dim]).filter(|&s| s >= 0) {
            // SAFETY: an indirect dimension stores a valid pointer here.
            q = unsafe { (q as *const *mut u8).read_unaligned() }.wrapping_offset(sub);
        }
        // Each row in its own handle scope, so big lists do not pile up
        // handles.
        let mut scope = ptr::null_mut();
        check!(sys::napi_open_escapable_handle_scope(env, &mut scope));
        // SAFETY: forwarded contract.
        let result = unsafe { tolist_rec(env, fmt, l, dim + 1, q) };
        let escaped = result.and_then(|v| {
            let mut out = ptr::null_mut();
            check!(sys::napi_escape_handle(env, scope, v, &mut out));
            Ok(out)
        });
        check!(sys::napi_close_escapable_handle_scope(env, scope));
        check!(sys::napi_set_element(env, arr, i as u32, escaped?));
    }
    Ok(arr)
}

/// A JS value to be packed, as decoded by the caller.
pub enum Input<'a> {
    /// A JS number.
    Number(f64),
    /// A JS bigint: `exact` when it fits 64 bits (as an `i64`, else a
    /// `u64`), and `approx`, its value rounded to the nearest double (±inf
    /// beyond), which float and bool codes take as Python's `float(i)` and
    /// `bool(i)` do.
    BigInt { exact: Option<Value>, approx: f64 },
    /// A JS boolean.
    Bool(bool),
    /// A Uint8Array's bytes.
    Bytes(&'a [u8]),
}

/// A bigint's magnitude (`words`, 64-bit little-endian) rounded to the
/// nearest double, ties to even, as JS's `Number(b)` and Python's
/// `float(i)` round it; +inf beyond the largest double.
pub fn words_to_f64(words: &[u64]) -> f64 {
    let Some(top) = words.iter().rposition(|&w| w != 0) else {
        return 0.0;
    };
    let bits = top as u64 * 64 + (64 - words[top].leading_zeros() as u64);
    if bits <= 64 {
        // One word: u64 -> f64 rounds to nearest, ties to even.
        return words[0] as f64;
    }
    // The top 64 bits, the lowest of them made sticky if any bit below is
    // set: rounding that to 53 bits gives the same double as rounding the
    // whole value (the sticky bit sits below the rounding position).
    let shift = bits - 64;
    let bit = |i: u64| (words[(i / 64) as usize] >> (i % 64)) & 1;
    let mut head = 0u64;
    for i in 0..64 {
        head |= bit(shift + i) << i;
    }
    let below_nonzero = (0..shift).any(|i| bit(i) != 0);
    if below_nonzero {
        head |= 1;
    }
    // A power-of-two scale is exact, or overflows to inf.
    (head as f64) * 2f64.powi(shift.min(2048) as i32)
}

const TWO_63: f64 = 9_223_372_036_854_775_808.0;

fn to_value(field: &Field, input: Input<'_>) -> Result<Value> {
    let out_of_range = || errors::raise(Exc::ValueError, "argument out of range");
    Ok(match input {
        Input::Number(x) if is_integer_code(field.code) => {
            if !x.is_finite() || x.fract() != 0.0 {
                return Err(errors::raise(
                    Exc::TypeError,
                    format!("required argument is not an integer (got {x})"),
                ));
            }
            if (-TWO_63..TWO_63).contains(&x) {
                Value::Int(x as i64)
            } else if (0.0..2.0 * TWO_63).contains(&x) {
                Value::UInt(x as u64)
            } else {
                return Err(out_of_range());
            }
        }
        Input::Number(x) => Value::Float(x),
        Input::BigInt { exact: Some(v), .. } => v,
        // Beyond 64 bits: struct's answers for an int of that size.
        Input::BigInt { approx, .. } => match field.code {
            b'd' | b'f' | b'e' if approx.is_finite() => Value::Float(approx),
            b'd' | b'f' | b'e' => {
                return Err(errors::raise(
                    Exc::ValueError,
                    "int too large to convert to float",
                ));
            }
            // Nonzero, since it does not fit 64 bits.
            b'?' => Value::Bool(true),
            // Not bytes: pack_field raises its TypeError.
            b'c' | b's' | b'p' => Value::Int(0),
            _ => return Err(out_of_range()),
        },
        Input::Bool(b) => Value::Bool(b),
        Input::Bytes(b) => Value::Bytes(b.to_vec()),
    })
}

/// Packs `input` as the single value of `fmt` into `item` (one item's
/// bytes, read from memory beforehand so padding is kept).
pub fn pack_item(fmt: &Format, fmt_text: &str, input: Input<'_>, item: &mut [u8]) -> Result<()> {
    let Some(field) = fmt.is_single() else {
        return Err(errors::raise(
            Exc::NotImplementedError,
            format!("set: format {fmt_text:?} does not describe a single value"),
        ));
    };
    let value = to_value(field, input)?;
    let bo: ByteOrder = fmt.byte_order;
    format::pack_field(field, bo, &value, &mut item[field.offset..]).map_err(|e| {
        let m = e.message;
        let kind = if m.starts_with("required argument is not")
            || m.starts_with("char format requires")
            || m.starts_with("argument for '")
        {
            Exc::TypeError
        } else {
            Exc::ValueError
        };
        errors::raise(kind, format!("invalid value for format {fmt_text:?}: {m}"))
    })
}

#[cfg(test)]
mod tests {
    use super::words_to_f64;

    #[test]
    fn bigint_words_round_to_nearest_even() {
        assert_eq!(words_to_f64(&[]), 0.0);
        assert_eq!(words_to_f64(&[0, 0]), 0.0);
        assert_eq!(
            words_to_f64(&[u64::MAX]),
            18_446_744_073_709_551_615u64 as f64
        );
        // 2**64: one past a word.
        assert_eq!(words_to_f64(&[0, 1]), 18_446_744_073_709_551_616.0);
        // The double spacing at 2**64 is 4096: a tie goes to even, anything
        // above it (a bit below the top 64 included) rounds up.
        assert_eq!(words_to_f64(&[2048, 1]), 18_446_744_073_709_551_616.0);
        assert_eq!(words_to_f64(&[2049, 1]), 18_446_744_073_709_555_712.0);
        assert_eq!(words_to_f64(&[6144, 1]), 18_446_744_073_709_559_808.0);
        // 2**148 + 2**95 is a tie (the spacing there is 2**96): to even;
        // one more, in the lowest word, far below the top 64 bits, breaks it.
        assert_eq!(words_to_f64(&[0, 1 << 31, 1 << 20]), 2f64.powi(148));
        assert_eq!(
            words_to_f64(&[1, 1 << 31, 1 << 20]),
            2f64.powi(148) + 2f64.powi(96)
        );
        // The largest double, and 2**1024, which is not one.
        let mut max = vec![0u64; 16];
        max[15] = 0xffff_ffff_ffff_f800;
        assert_eq!(words_to_f64(&max), f64::MAX);
        let mut over = vec![0u64; 17];
        over[16] = 1;
        assert_eq!(words_to_f64(&over), f64::INFINITY);
    }
}
