//! The `struct` format grammar: `calcsize`, `parse`, `PyBuffer_SizeFromFormat`
//! and the item codec.
//!
//! The first byte says how many of the following bytes form the format
//! string; the rest is item data. Checked:
//!
//! * `calcsize` and `parse` accept the same strings with the same size, and
//!   `PyBuffer_SizeFromFormat` agrees (returning -1 with an exception set
//!   exactly where they fail);
//! * every field lies inside the item;
//! * each element unpacked from arbitrary item bytes packs again, and
//!   unpacking what was packed gives the same value (bytes outside the
//!   element untouched).

use std::ffi::CString;

use pybuffer::buffer::PyBuffer_SizeFromFormat;
use pybuffer::format::{self, Value};
use pybuffer::python::errors::take_error;

use crate::input::Input;

/// Items larger than this are not round-tripped (the parser is still run).
const MAX_CODEC_ITEM: usize = 1 << 16;

/// Runs one input.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let n = usize::from(input.u8());
    let rest = input.rest();
    let (fmt, payload) = rest.split_at(n.min(rest.len()));

    let size = format::calcsize(fmt);
    let parsed = format::parse(fmt);
    match (&size, &parsed) {
        (Ok(s), Ok(p)) => assert_eq!(*s, p.size, "calcsize and parse disagree on {fmt:?}"),
        (Err(a), Err(b)) => assert_eq!(a, b, "calcsize and parse fail differently on {fmt:?}"),
        _ => panic!("calcsize {size:?} but parse {parsed:?} for {fmt:?}"),
    }

    if let Ok(c) = CString::new(fmt) {
        // SAFETY: a NUL-terminated string.
        let rc = unsafe { PyBuffer_SizeFromFormat(c.as_ptr()) };
        let error = take_error();
        match &size {
            Ok(s) => {
                assert_eq!(rc, *s as isize, "SizeFromFormat({fmt:?})");
                assert!(error.is_none(), "SizeFromFormat({fmt:?}) left {error:?}");
            }
            Err(_) => {
                assert_eq!(rc, -1, "SizeFromFormat({fmt:?}) accepted");
                assert!(error.is_some(), "SizeFromFormat({fmt:?}) failed silently");
            }
        }
    }

    let Ok(parsed) = parsed else { return };
    for f in &parsed.fields {
        let end = f
            .count
            .checked_mul(f.size)
            .and_then(|b| b.checked_add(f.offset));
        assert!(
            end.is_some_and(|e| e <= parsed.size),
            "field {f:?} outside the {}-byte item of {fmt:?}",
            parsed.size
        );
    }
    if parsed.size == 0 || parsed.size > MAX_CODEC_ITEM {
        return;
    }
    let item: Vec<u8> = (0..parsed.size)
        .map(|i| {
            payload
                .get(i % payload.len().max(1))
                .copied()
                .unwrap_or(i as u8)
        })
        .collect();
    for field in &parsed.fields {
        for k in 0..field.count.min(64) {
            let at = field.element_offset(k).expect("inside the item");
            let value = format::unpack_field(field, parsed.byte_order, &item[at..]);
            let mut out = item.clone();
            format::pack_field(field, parsed.byte_order, &value, &mut out[at..])
                .unwrap_or_else(|e| panic!("{value:?} unpacked from {fmt:?} does not pack: {e}"));
            assert_eq!(out[..at], item[..at], "pack wrote before the element");
            assert_eq!(
                out[at + field.size..],
                item[at + field.size..],
                "pack wrote after the element"
            );
            let again = format::unpack_field(field, parsed.byte_order, &out[at..]);
            assert!(
                same(&value, &again),
                "{fmt:?}: {value:?} packed and unpacked is {again:?}"
            );
        }
    }
}

/// Equality that counts every NaN equal to every other.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => a == b,
    }
}
