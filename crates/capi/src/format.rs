//! The `struct`-module format grammar: sizes, layout and a value codec.
//!
//! A buffer's `format` string describes one item with the grammar of
//! Python's `struct` module. This module answers the three questions the
//! rest of the crate asks about such a string:
//!
//! * how large is one item ([`calcsize`], identical to CPython 3.11's
//!   `struct.calcsize`, including its error messages);
//! * where does each value live inside an item ([`parse`] → [`Format`]);
//! * how is one value read or written ([`unpack_field`], [`pack_field`],
//!   which follow `struct.unpack` / `struct.pack`).
//!
//! ## Grammar summary
//!
//! An optional byte-order prefix may only be the first character:
//!
//! | prefix      | byte order    | sizes    | alignment |
//! |-------------|---------------|----------|-----------|
//! | `@` or none | native        | native C | native C  |
//! | `=`         | native        | standard | none      |
//! | `<`         | little-endian | standard | none      |
//! | `>` or `!`  | big-endian    | standard | none      |
//!
//! The rest is a sequence of items, each an optional decimal repeat count
//! followed by a format code; whitespace (space, `\t \n \v \f \r`) between
//! items is ignored, but not between a count and its code. For `s` and `p` the count is a byte
//! length rather than a repetition. A count of `0` still aligns in native
//! mode. The codes `n`, `N` and `P` exist only in native mode.
//!
//! ## Differences from the `struct` module
//!
//! The codec works on [`Value`]s rather than Python objects. A [`Value`] can
//! only hold integers in `i64::MIN..=u64::MAX`, so the few messages CPython
//! gives for larger Python integers cannot arise, and there is no `bytearray`
//! (`Value::Bytes` plays the role of both `bytes` and `bytearray`).
//!
//! CPython 3.11 cannot unpack a zero-length Pascal string (`struct.unpack("0p",
//! b"")` raises SystemError); [`unpack_field`] returns empty bytes there, as
//! later CPython versions do.

use core::ffi::{c_int, c_long, c_longlong, c_short, c_uint, c_ulong, c_ulonglong, c_ushort};
use core::fmt;
use core::mem::{align_of, size_of};

// ===========================================================================
//                                 Errors
// ===========================================================================

/// Why a format string was rejected; `message` is CPython's `struct.error` text.
///
/// The codec also reports two conditions for which CPython raises
/// `OverflowError` rather than `struct.error` ("float too large to pack with
/// e format" and the `f` equivalent); the message is still CPython's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// CPython's message, e.g. "bad char in struct format".
    pub message: String,
}

impl FormatError {
    fn new(message: impl Into<String>) -> Self {
        FormatError {
            message: message.into(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormatError {}

const BAD_CHAR: &str = "bad char in struct format";
const TOO_LONG: &str = "total struct size too long";
const DANGLING_COUNT: &str = "repeat count given without format specifier";
const EMBEDDED_NUL: &str = "embedded null character";
const OUT_OF_RANGE: &str = "argument out of range";
const TOO_LARGE: &str = "int too large to convert";
const NOT_AN_INTEGER: &str = "required argument is not an integer";
const NOT_A_FLOAT: &str = "required argument is not a float";
const CHAR_NEEDS_BYTE: &str = "char format requires a bytes object of length 1";

// ===========================================================================
//                             Format tables
// ===========================================================================

// Sizes and offsets are Py_ssize_t in CPython, so every total is capped at
// isize::MAX even though it is stored in a usize here.
const SSIZE_MAX: usize = isize::MAX as usize;

/// The byte order, and with it the size table, a format string selects.
///
/// `Native` means the `@` rules (native sizes, native alignment, host byte
/// order). `=` has standard sizes, so it resolves to `Little` or `Big`
/// according to the host, exactly as CPython uses its little- or big-endian
/// table for `=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// `@` or no prefix: native sizes and alignment, host byte order.
    Native,
    /// `<` (and `=` on little-endian hosts): standard sizes, no alignment.
    Little,
    /// `>` or `!` (and `=` on big-endian hosts): standard sizes, no alignment.
    Big,
}

impl ByteOrder {
    /// The standard-size order that `=` denotes on this host.
    const HOST: ByteOrder = if cfg!(target_endian = "little") {
        ByteOrder::Little
    } else {
        ByteOrder::Big
    };

    fn is_little_endian(self) -> bool {
        match self {
            ByteOrder::Native => cfg!(target_endian = "little"),
            ByteOrder::Little => true,
            ByteOrder::Big => false,
        }
    }
}

/// Size and alignment of one element of a code; `align == 1` means "none".
#[derive(Clone, Copy)]
struct Entry {
    size: usize,
    align: usize,
}

const fn native<T>() -> Entry {
    Entry {
        size: size_of::<T>(),
        align: align_of::<T>(),
    }
}

/// Byte-sized codes never need alignment, so their entry is spelled once.
const BYTE: Entry = Entry { size: 1, align: 1 };

/// The `@` table: sizes and alignments of the C types CPython maps the codes
/// to, taken from the target so that they match the platform's C ABI.
fn native_entry(code: u8) -> Option<Entry> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b's' | b'p' => BYTE,
        b'?' => native::<bool>(),
        b'h' | b'H' => native::<c_short>(),
        // CPython stores a half float in a `short`-sized, `short`-aligned slot.
        b'e' => native::<c_short>(),
        b'i' | b'I' => native::<c_int>(),
        b'l' | b'L' => native::<c_long>(),
        b'q' | b'Q' => native::<c_longlong>(),
        b'n' | b'N' => native::<usize>(),
        b'f' => native::<f32>(),
        b'd' => native::<f64>(),
        b'P' => native::<*const u8>(),
        _ => return None,
    })
}

/// The `<`, `>`, `!` and `=` table: fixed sizes, no alignment, no `n N P`.
fn standard_entry(code: u8) -> Option<Entry> {
    let size = match code {
        b'x' | b'c' | b'b' | b'B' | b's' | b'p' | b'?' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    };
    Some(Entry { size, align: 1 })
}

fn entry(code: u8, byte_order: ByteOrder) -> Option<Entry> {
    match byte_order {
        ByteOrder::Native => native_entry(code),
        ByteOrder::Little | ByteOrder::Big => standard_entry(code),
    }
}

/// Whether CPython packs `code` in this byte order with its *native* routine.
///
/// At import, `_struct` installs the native pack/unpack routines into the
/// standard table of the host's byte order wherever the standard and native
/// sizes agree (except for `f`, `d` and `?`). The native routines word their
/// range errors differently ("short format requires …" instead of "'h'
/// format requires …"), so `<h` and `>h` fail with different messages on a
/// little-endian host; this predicate reproduces that.
fn uses_native_routine(code: u8, byte_order: ByteOrder) -> bool {
    if byte_order == ByteOrder::Native {
        return true;
    }
    if byte_order != ByteOrder::HOST || matches!(code, b'f' | b'd' | b'?') {
        return false;
    }
    match (native_entry(code), standard_entry(code)) {
        (Some(n), Some(s)) => n.size == s.size,
        _ => false,
    }
}

// ===========================================================================
//                                 Parsing
// ===========================================================================

/// One run of values of the same code inside an item.
///
/// A field covers `count` consecutive elements of `size` bytes each, the
/// first at byte `offset` of the item. For `s` and `p` the whole string is
/// one element: `count` is 1 and `size` is the string's byte length (which
/// for `p` includes its length byte). Padding (`x`) and zero-count numeric
/// codes produce no field, exactly as they produce no value in
/// `struct.unpack`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The format code, e.g. `b'i'`.
    pub code: u8,
    /// How many elements of this code follow each other (1 for `s`/`p`).
    pub count: usize,
    /// Byte offset of the first element within one item.
    pub offset: usize,
    /// Bytes per element of this field.
    pub size: usize,
}

impl Field {
    /// Byte offset of element `index` of this field within one item.
    ///
    /// Returns `None` if `index >= count`, or if the offset overflows (which
    /// only a hand-built field can cause; [`parse`] bounds every item).
    pub fn element_offset(&self, index: usize) -> Option<usize> {
        if index >= self.count {
            return None;
        }
        index
            .checked_mul(self.size)
            .and_then(|delta| self.offset.checked_add(delta))
    }
}

/// A parsed format string: the byte order and the fields of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format {
    /// Byte order (and size table) selected by the prefix.
    pub byte_order: ByteOrder,
    /// True for `@` or no prefix: native sizes and alignment.
    pub native: bool,
    /// The value-producing fields in item order (padding is left out).
    pub fields: Vec<Field>,
    /// Size of one item in bytes, equal to [`calcsize`] of the string.
    pub size: usize,
}

impl Format {
    /// The only field, when the format describes exactly one value.
    ///
    /// This is the shape memoryview supports for element access: `"i"`,
    /// `"<d"`, `"3s"`, `"0ii"` or `"xxB"` qualify; `"2i"`, `"ii"` and `"x"`
    /// do not (they yield zero or several values) and give `None`.
    pub fn is_single(&self) -> Option<&Field> {
        match self.fields.as_slice() {
            [field] if field.count == 1 => Some(field),
            _ => None,
        }
    }
}

/// The size in bytes of one item of `fmt`, as `struct.calcsize` computes it.
///
/// # Errors
///
/// Fails with CPython's `struct.error` message when `fmt` contains a NUL
/// byte ("embedded null character"), a character that is not a format code
/// of the selected table (including a prefix after the first position,
/// non-ASCII bytes, `n N P` in standard mode, and whitespace between a count
/// and its code: "bad char in struct format"), ends in a repeat count
/// ("repeat count given without format specifier"), or when a count or the
/// total size including alignment exceeds `isize::MAX` ("total struct size
/// too long").
pub fn calcsize(fmt: &[u8]) -> Result<usize, FormatError> {
    scan(fmt, |_| {}).map(|(_, size)| size)
}

/// Parse `fmt` into its byte order, fields and item size.
///
/// # Errors
///
/// Fails exactly when [`calcsize`] fails, with the same message.
pub fn parse(fmt: &[u8]) -> Result<Format, FormatError> {
    let mut fields = Vec::new();
    let (byte_order, size) = scan(fmt, |field| fields.push(field))?;
    Ok(Format {
        byte_order,
        native: byte_order == ByteOrder::Native,
        fields,
        size,
    })
}

/// Whitespace as CPython's `Py_ISSPACE` sees it; unlike
/// `u8::is_ascii_whitespace` this includes vertical tab.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Walk `fmt` once, handing every value-producing field to `emit`, and
/// return the byte order and item size. Errors are detected in the same order
/// as CPython's single pass so that the first failure wins the same way.
fn scan(fmt: &[u8], mut emit: impl FnMut(Field)) -> Result<(ByteOrder, usize), FormatError> {
    // CPython hands the format to C as a NUL-terminated string and refuses
    // anything that would be cut short, before looking at a single code.
    if fmt.contains(&0) {
        return Err(FormatError::new(EMBEDDED_NUL));
    }
    let (byte_order, body) = match fmt.split_first() {
        Some((b'@', rest)) => (ByteOrder::Native, rest),
        Some((b'=', rest)) => (ByteOrder::HOST, rest),
        Some((b'<', rest)) => (ByteOrder::Little, rest),
        Some((b'>' | b'!', rest)) => (ByteOrder::Big, rest),
        _ => (ByteOrder::Native, fmt),
    };

    let mut size = 0usize;
    let mut rest = body.iter().copied();
    while let Some(mut code) = rest.next() {
        if is_space(code) {
            continue;
        }
        let mut count = 1usize;
        if code.is_ascii_digit() {
            count = usize::from(code - b'0');
            loop {
                match rest.next() {
                    Some(digit) if digit.is_ascii_digit() => {
                        count = count
                            .checked_mul(10)
                            .and_then(|c| c.checked_add(usize::from(digit - b'0')))
                            .filter(|&c| c <= SSIZE_MAX)
                            .ok_or_else(|| FormatError::new(TOO_LONG))?;
                    }
                    Some(next) => {
                        code = next;
                        break;
                    }
                    None => return Err(FormatError::new(DANGLING_COUNT)),
                }
            }
        }

        let entry = entry(code, byte_order).ok_or_else(|| FormatError::new(BAD_CHAR))?;
        let offset = size
            .checked_next_multiple_of(entry.align)
            .filter(|&o| o <= SSIZE_MAX)
            .ok_or_else(|| FormatError::new(TOO_LONG))?;
        size = count
            .checked_mul(entry.size)
            .and_then(|bytes| offset.checked_add(bytes))
            .filter(|&s| s <= SSIZE_MAX)
            .ok_or_else(|| FormatError::new(TOO_LONG))?;

        match code {
            b'x' => {}
            b's' | b'p' => emit(Field {
                code,
                count: 1,
                offset,
                size: count,
            }),
            _ if count == 0 => {}
            _ => emit(Field {
                code,
                count,
                offset,
                size: entry.size,
            }),
        }
    }
    Ok((byte_order, size))
}

// ===========================================================================
//                                  Values
// ===========================================================================

/// One value read from or written to a buffer, the Rust stand-in for the
/// Python object `struct.unpack` returns or `struct.pack` accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A signed integer (`b h i l q n`).
    Int(i64),
    /// An unsigned integer (`B H I L Q N`).
    UInt(u64),
    /// A float (`e f d`), widened to double as Python does.
    Float(f64),
    /// A bool (`?`).
    Bool(bool),
    /// Bytes: a length-1 string for `c`, the string for `s` and `p`.
    Bytes(Vec<u8>),
    /// A pointer (`P`), which Python exposes as an unsigned integer.
    Pointer(usize),
}

/// Bytes one element of `field` occupies under `byte_order`, or `None` when
/// the code produces no value in that table.
fn element_width(field: &Field, byte_order: ByteOrder) -> Option<usize> {
    match field.code {
        b's' | b'p' => Some(field.size),
        b'x' => None,
        code => entry(code, byte_order).map(|e| e.size),
    }
}

fn read_uint(bytes: &[u8], little_endian: bool) -> u64 {
    let fold = |acc: u64, &b: &u8| (acc << 8) | u64::from(b);
    if little_endian {
        bytes.iter().rev().fold(0, fold)
    } else {
        bytes.iter().fold(0, fold)
    }
}

/// Store the low `out.len()` bytes of `value`.
fn write_uint(out: &mut [u8], value: u64, little_endian: bool) {
    let le = value.to_le_bytes();
    let n = out.len();
    out.copy_from_slice(&le[..n]);
    if !little_endian {
        out.reverse();
    }
}

fn sign_extend(raw: u64, width: usize) -> i64 {
    let unused = 64 - 8 * width as u32;
    ((raw << unused) as i64) >> unused
}

fn is_signed_integer(code: u8) -> bool {
    matches!(code, b'b' | b'h' | b'i' | b'l' | b'q' | b'n')
}

/// Read one element of `field` from the start of `bytes`.
///
/// `bytes` begins at the element (for `s`/`p`, at the string's first byte,
/// which for `p` is the length byte). Integers come back as [`Value::Int`]
/// for signed codes and [`Value::UInt`] for unsigned ones, `P` as
/// [`Value::Pointer`], `e f d` as [`Value::Float`], `?` as [`Value::Bool`]
/// (true for any nonzero byte), `c` as a one-byte [`Value::Bytes`], `s` as
/// the whole field and `p` as the Pascal string's contents: the length byte
/// says how many bytes follow, clamped to the field's size minus one.
///
/// # Panics
///
/// Panics if `bytes` is shorter than one element, or if `field.code` yields
/// no value under `byte_order` (`x`, an unknown code, or `n N P` outside
/// native mode). Fields obtained from [`parse`] with the format's own
/// `byte_order` never trigger the second case.
pub fn unpack_field(field: &Field, byte_order: ByteOrder, bytes: &[u8]) -> Value {
    let Some(width) = element_width(field, byte_order) else {
        panic!(
            "unpack_field: {:?} yields no value in {byte_order:?} mode",
            char::from(field.code)
        );
    };
    assert!(
        bytes.len() >= width,
        "unpack_field: '{}' needs {width} bytes, got {}",
        char::from(field.code),
        bytes.len()
    );
    let raw = &bytes[..width];
    let le = byte_order.is_little_endian();
    match field.code {
        b's' => Value::Bytes(raw.to_vec()),
        b'p' => match raw.split_first() {
            Some((&len, text)) => Value::Bytes(text[..usize::from(len).min(text.len())].to_vec()),
            None => Value::Bytes(Vec::new()),
        },
        b'c' => Value::Bytes(raw.to_vec()),
        b'?' => Value::Bool(raw.iter().any(|&b| b != 0)),
        b'e' => Value::Float(half_to_f64(read_uint(raw, le) as u16)),
        b'f' => Value::Float(f64::from(f32::from_bits(read_uint(raw, le) as u32))),
        b'd' => Value::Float(f64::from_bits(read_uint(raw, le))),
        b'P' => Value::Pointer(read_uint(raw, le) as usize),
        code if is_signed_integer(code) => Value::Int(sign_extend(read_uint(raw, le), width)),
        _ => Value::UInt(read_uint(raw, le)),
    }
}

/// Write `value` as one element of `field` at the start of `out`.
///
/// Follows `struct.pack`: integer codes accept [`Value::Int`],
/// [`Value::UInt`], [`Value::Pointer`] and [`Value::Bool`]; `e f d` accept
/// those and [`Value::Float`]; `?` accepts anything and stores its truth
/// value as 0 or 1; `c` wants a one-byte [`Value::Bytes`]; `s` copies a
/// [`Value::Bytes`], truncating or padding with NUL bytes to the field's
/// size; `p` stores at most `size - 1` bytes after a length byte (capped at
/// 255). Only the element's own bytes of `out` are written.
///
/// # Errors
///
/// Returns CPython 3.11's message for the same `struct.pack` failure: a
/// value of the wrong kind ("required argument is not an integer", "required
/// argument is not a float", "char format requires a bytes object of length
/// 1", "argument for 's' must be a bytes object"), an integer outside the
/// code's range (e.g. "'i' format requires -2147483648 <= number <=
/// 2147483647", "ubyte format requires 0 <= number <= 255", "argument out of
/// range" — the wording depends on the code and byte order just as in
/// CPython), or a finite float that overflows `e` or standard-size `f`
/// ("float too large to pack with e format"; CPython raises OverflowError
/// there). A code that yields no value under `byte_order` gives "bad char in
/// struct format".
///
/// # Panics
///
/// Panics if `out` is shorter than one element.
pub fn pack_field(
    field: &Field,
    byte_order: ByteOrder,
    value: &Value,
    out: &mut [u8],
) -> Result<(), FormatError> {
    let width = element_width(field, byte_order).ok_or_else(|| FormatError::new(BAD_CHAR))?;
    assert!(
        out.len() >= width,
        "pack_field: '{}' needs {width} bytes, got {}",
        char::from(field.code),
        out.len()
    );
    let out = &mut out[..width];
    let le = byte_order.is_little_endian();
    match field.code {
        b's' | b'p' => pack_string(field.code, value, out),
        b'c' => match value {
            Value::Bytes(b) if b.len() == 1 => {
                out[0] = b[0];
                Ok(())
            }
            _ => Err(FormatError::new(CHAR_NEEDS_BYTE)),
        },
        b'?' => {
            out.fill(0);
            out[0] = u8::from(truth(value));
            Ok(())
        }
        b'e' => {
            let bits = f64_to_half(float_of(value)?).map_err(|e| overflow_of(value, e))?;
            write_uint(out, u64::from(bits), le);
            Ok(())
        }
        b'f' => {
            let x = float_of(value)?;
            let y = x as f32;
            // The native routine is a plain C cast; only the standard one
            // (PyFloat_Pack4) treats rounding to infinity as an error.
            if byte_order != ByteOrder::Native && y.is_infinite() && !x.is_infinite() {
                let e = FormatError::new("float too large to pack with f format");
                return Err(overflow_of(value, e));
            }
            write_uint(out, u64::from(y.to_bits()), le);
            Ok(())
        }
        b'd' => {
            write_uint(out, float_of(value)?.to_bits(), le);
            Ok(())
        }
        code => {
            let v = integer_of(value)?;
            check_integer(code, width, byte_order, v)?;
            // Two's complement truncation to the element's width.
            write_uint(out, v as u64, le);
            Ok(())
        }
    }
}

fn pack_string(code: u8, value: &Value, out: &mut [u8]) -> Result<(), FormatError> {
    let Value::Bytes(data) = value else {
        return Err(FormatError::new(format!(
            "argument for '{}' must be a bytes object",
            char::from(code)
        )));
    };
    // struct.pack starts from a zeroed buffer; we may be writing into a dirty
    // one, so clear the bytes the string does not cover.
    out.fill(0);
    if code == b's' {
        let n = data.len().min(out.len());
        out[..n].copy_from_slice(&data[..n]);
    } else if let Some((len_byte, text)) = out.split_first_mut() {
        let n = data.len().min(text.len());
        text[..n].copy_from_slice(&data[..n]);
        *len_byte = n.min(255) as u8;
    }
    Ok(())
}

/// The error for a conversion that overflowed (an OverflowError in CPython).
///
/// CPython's pack loop replaces any OverflowError raised while packing a
/// Python int with `struct.error("int too large to convert")`, whatever the
/// code; an int that is too large for `e` is reported that way too.
fn overflow_of(value: &Value, error: FormatError) -> FormatError {
    match value {
        Value::Int(_) | Value::UInt(_) | Value::Pointer(_) | Value::Bool(_) => {
            FormatError::new(TOO_LARGE)
        }
        Value::Float(_) | Value::Bytes(_) => error,
    }
}

/// Python truthiness of the object a [`Value`] stands for.
fn truth(value: &Value) -> bool {
    match *value {
        Value::Int(i) => i != 0,
        Value::UInt(u) => u != 0,
        // NaN is truthy in Python, and `!=` says so too.
        Value::Float(f) => f != 0.0,
        Value::Bool(b) => b,
        Value::Bytes(ref b) => !b.is_empty(),
        Value::Pointer(p) => p != 0,
    }
}

/// What `PyFloat_AsDouble` makes of the value; ints convert with
/// round-to-nearest-even as `as f64` does.
fn float_of(value: &Value) -> Result<f64, FormatError> {
    match *value {
        Value::Float(f) => Ok(f),
        Value::Int(i) => Ok(i as f64),
        Value::UInt(u) => Ok(u as f64),
        Value::Pointer(p) => Ok(p as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(b))),
        Value::Bytes(_) => Err(FormatError::new(NOT_A_FLOAT)),
    }
}

/// What `PyNumber_Index` makes of the value; i128 holds every integer a
/// [`Value`] can carry, so range checks below never overflow.
fn integer_of(value: &Value) -> Result<i128, FormatError> {
    match *value {
        Value::Int(i) => Ok(i.into()),
        Value::UInt(u) => Ok(u.into()),
        Value::Pointer(p) => Ok(p as i128),
        Value::Bool(b) => Ok(b.into()),
        Value::Float(_) | Value::Bytes(_) => Err(FormatError::new(NOT_AN_INTEGER)),
    }
}

// ===========================================================================
//                          Integer range checks
// ===========================================================================

/// Accept `v` if `lo <= v <= hi`, else fail with `message`.
fn within(v: i128, lo: i128, hi: i128, message: &str) -> Result<(), FormatError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(FormatError::new(message))
    }
}

/// CPython's `get_long`: the value must first fit a C `long`.
fn as_c_long(v: i128) -> Result<(), FormatError> {
    within(v, c_long::MIN.into(), c_long::MAX.into(), OUT_OF_RANGE)
}

/// CPython's `get_ulong`: the value must first fit a C `unsigned long`.
fn as_c_ulong(v: i128) -> Result<(), FormatError> {
    within(v, 0, c_ulong::MAX.into(), OUT_OF_RANGE)
}

/// Accept `v` if it fits a `width`-byte integer, else fail with the generic
/// "'%c' format requires lo <= number <= hi" message for that width.
fn within_width(code: u8, width: usize, signed: bool, v: i128) -> Result<(), FormatError> {
    let bits = 8 * width as u32;
    let umax = (1i128 << bits) - 1;
    let (lo, hi) = if signed {
        (-(umax >> 1) - 1, umax >> 1)
    } else {
        (0, umax)
    };
    let c = char::from(code);
    within(
        v,
        lo,
        hi,
        &format!("'{c}' format requires {lo} <= number <= {hi}"),
    )
}

/// Check `v` against `code` the way the CPython routine that would pack it
/// does, reproducing which of its several messages it gives.
fn check_integer(
    code: u8,
    width: usize,
    byte_order: ByteOrder,
    v: i128,
) -> Result<(), FormatError> {
    let signed = is_signed_integer(code);
    match code {
        // The same byte routines serve every table.
        b'b' => {
            as_c_long(v)?;
            within(v, -128, 127, "byte format requires -128 <= number <= 127")
        }
        b'B' => {
            as_c_long(v)?;
            within(v, 0, 255, "ubyte format requires 0 <= number <= 255")
        }
        _ if uses_native_routine(code, byte_order) => match code {
            b'h' => {
                as_c_long(v)?;
                let (lo, hi) = (c_short::MIN, c_short::MAX);
                let msg = format!("short format requires {lo} <= number <= {hi}");
                within(v, lo.into(), hi.into(), &msg)
            }
            b'H' => {
                as_c_long(v)?;
                let hi = c_ushort::MAX;
                let msg = format!("ushort format requires 0 <= number <= {hi}");
                within(v, 0, hi.into(), &msg)
            }
            b'i' => {
                as_c_long(v)?;
                within_width(code, size_of::<c_int>(), true, v)
            }
            b'I' => {
                as_c_ulong(v)?;
                within_width(code, size_of::<c_uint>(), false, v)
            }
            b'l' => as_c_long(v),
            b'L' => as_c_ulong(v),
            b'q' => within(
                v,
                c_longlong::MIN.into(),
                c_longlong::MAX.into(),
                OUT_OF_RANGE,
            ),
            b'Q' => within(v, 0, c_ulonglong::MAX.into(), OUT_OF_RANGE),
            b'n' => within(v, isize::MIN as i128, isize::MAX as i128, OUT_OF_RANGE),
            b'N' => within(v, 0, usize::MAX as i128, OUT_OF_RANGE),
            // PyLong_AsVoidPtr: negatives as a C long, the rest unsigned;
            // its OverflowError becomes "int too large to convert".
            b'P' if v < 0 => within(v, c_long::MIN.into(), -1, TOO_LARGE),
            b'P' => within(v, 0, usize::MAX as i128, TOO_LARGE),
            _ => Err(FormatError::new(BAD_CHAR)),
        },
        // Standard routines: a C long first, then the standard width (a
        // no-op when long already has that width).
        b'h' | b'i' | b'l' => {
            as_c_long(v)?;
            within_width(code, width, true, v)
        }
        b'H' | b'I' | b'L' => {
            as_c_ulong(v)?;
            within_width(code, width, false, v)
        }
        // Standard 8-byte routines convert straight to bytes; the
        // OverflowError that raises becomes "int too large to convert" (see
        // overflow_of).
        b'q' | b'Q' => {
            let (lo, hi) = if signed {
                (i64::MIN.into(), i64::MAX.into())
            } else {
                (0, u64::MAX.into())
            };
            within(v, lo, hi, TOO_LARGE)
        }
        _ => Err(FormatError::new(BAD_CHAR)),
    }
}

// ===========================================================================
//                        IEEE 754 half precision
// ===========================================================================

/// Round `x` to the nearest binary16 value, ties to even.
///
/// Fails when a finite `x` rounds to a magnitude of 65536 or more, which has
/// no finite half representation; CPython raises OverflowError there instead
/// of producing infinity. NaNs become the canonical quiet NaN of the same
/// sign, as in CPython (the payload does not survive).
pub(crate) fn f64_to_half(x: f64) -> Result<u16, FormatError> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Ok(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Ok(sign | 0x7c00);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Zero, or an f64 subnormal: far below half of the smallest half
        // subnormal (2**-24), so it rounds to a signed zero.
        return Ok(sign);
    }
    // x = significand * 2**(exp - 52) with a 53-bit significand.
    let exp = biased - 1023;
    let significand = (bits & ((1 << 52) - 1)) | (1 << 52);
    if exp >= 16 {
        return Err(FormatError::new("float too large to pack with e format"));
    }
    // The result is q * 2**(e - 10) with e clamped to the subnormal exponent
    // -14; q keeps its implicit leading bit, so adding it to the exponent
    // field below lets a rounding carry (or a subnormal that rounds up to
    // the smallest normal) propagate into the exponent for free.
    let e = exp.max(-14);
    let shift = 42 + (e - exp);
    let q = if shift >= 64 {
        // significand / 2**shift < 2**-11: rounds to zero.
        0
    } else {
        let q = significand >> shift;
        let rem = significand & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        if rem > half || (rem == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    let magnitude = (((e + 14) as u64) << 10) + q;
    if magnitude >= 0x7c00 {
        return Err(FormatError::new("float too large to pack with e format"));
    }
    Ok(sign | magnitude as u16)
}

/// Widen a binary16 value exactly; NaNs keep only their sign.
pub(crate) fn half_to_f64(h: u16) -> f64 {
    let negative = h & 0x8000 != 0;
    let exp = i32::from((h >> 10) & 0x1f);
    let mantissa = f64::from(h & 0x3ff);
    let magnitude = match exp {
        0 => mantissa * 2f64.powi(-24),
        0x1f if mantissa == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        _ => (1024.0 + mantissa) * 2f64.powi(exp - 25),
    };
    if negative { -magnitude } else { magnitude }
}

// ===========================================================================
//                                  Tests
// ===========================================================================

#[cfg(test)]
mod tests {
    use super::*;

    fn size(fmt: &str) -> usize {
        calcsize(fmt.as_bytes()).unwrap_or_else(|e| panic!("{fmt:?}: {e}"))
    }

    fn error(fmt: &[u8]) -> String {
        calcsize(fmt).expect_err("format should fail").message
    }

    fn single(fmt: &str) -> (Field, ByteOrder) {
        let parsed = parse(fmt.as_bytes()).unwrap();
        (*parsed.is_single().unwrap(), parsed.byte_order)
    }

    fn pack(fmt: &str, value: Value) -> Result<Vec<u8>, String> {
        let (field, order) = single(fmt);
        let mut out = vec![0xaa; field.size];
        pack_field(&field, order, &value, &mut out).map_err(|e| e.message)?;
        Ok(out)
    }

    fn unpack(fmt: &str, bytes: &[u8]) -> Value {
        let (field, order) = single(fmt);
        unpack_field(&field, order, bytes)
    }

    // --- sizes -----------------------------------------------------------

    #[test]
    fn format_native_sizes_and_alignment() {
        assert_eq!(size(""), 0);
        assert_eq!(size("@"), 0);
        assert_eq!(size("c"), 1);
        assert_eq!(size("?"), 1);
        assert_eq!(size("h"), 2);
        assert_eq!(size("e"), 2);
        assert_eq!(size("i"), 4);
        assert_eq!(size("l"), 8);
        assert_eq!(size("n"), 8);
        assert_eq!(size("P"), 8);
        assert_eq!(size("bh"), 4);
        assert_eq!(size("bi"), 8);
        assert_eq!(size("bq"), 16);
        assert_eq!(size("be"), 4);
        assert_eq!(size("hb"), 3, "no trailing padding");
        assert_eq!(size("b0i"), 4, "a zero count still aligns");
        assert_eq!(size("0i"), 0, "nothing to align at offset 0");
        assert_eq!(size("3sd"), 16);
        assert_eq!(size("10p"), 10);
    }

    #[test]
    fn format_standard_sizes() {
        for prefix in ["=", "<", ">", "!"] {
            let s = |body: &str| size(&format!("{prefix}{body}"));
            assert_eq!(s("bi"), 5);
            assert_eq!(s("l"), 4);
            assert_eq!(s("q"), 8);
            assert_eq!(s("e"), 2);
            assert_eq!(s("?d"), 9);
            assert_eq!(s("3x2h"), 7);
        }
    }

    #[test]
    fn format_whitespace_and_counts() {
        assert_eq!(size(" 2h \t\n\x0b\x0c\r i "), 8);
        assert_eq!(size("< 2h i"), 8);
        assert_eq!(size("100x"), 100);
        assert_eq!(size("0s0p0x"), 0);
        assert_eq!(error(b"2 h"), BAD_CHAR, "no space between count and code");
    }

    #[test]
    fn format_errors() {
        assert_eq!(error(b"z"), BAD_CHAR);
        assert_eq!(error(b"i<"), BAD_CHAR, "prefix only at the start");
        assert_eq!(error(b" <i"), BAD_CHAR);
        assert_eq!(error(b"<n"), BAD_CHAR);
        assert_eq!(error(b"=P"), BAD_CHAR);
        assert_eq!(error(b"\xe9"), BAD_CHAR);
        assert_eq!(error(b"12"), DANGLING_COUNT);
        assert_eq!(error(b"i 3"), DANGLING_COUNT);
        assert_eq!(error(b"z\x00"), EMBEDDED_NUL, "NUL is checked first");
        assert_eq!(error(b"3z"), BAD_CHAR);
    }

    #[test]
    fn format_overflow_is_an_error_not_a_panic() {
        assert_eq!(size("9223372036854775807x"), SSIZE_MAX);
        assert_eq!(size("9223372036854775807s"), SSIZE_MAX);
        assert_eq!(error(b"9223372036854775808x"), TOO_LONG);
        assert_eq!(
            error(b"99999999999999999999"),
            TOO_LONG,
            "before the dangling count"
        );
        assert_eq!(error(b"4611686018427387904h"), TOO_LONG);
        assert_eq!(size("<4611686018427387903h"), SSIZE_MAX - 1);
        assert_eq!(
            error(b"9223372036854775807xh"),
            TOO_LONG,
            "alignment overflows"
        );
        assert_eq!(error(b"9223372036854775807xc"), TOO_LONG);
        assert_eq!(error(b"18446744073709551615x"), TOO_LONG);
        assert_eq!(error(b"18446744073709551616x"), TOO_LONG);
    }

    // --- parsing ---------------------------------------------------------

    #[test]
    fn format_parse_fields() {
        let f = parse(b"@b 3x 2i 0q 4s p").unwrap();
        assert_eq!(f.byte_order, ByteOrder::Native);
        assert!(f.native);
        assert_eq!(f.size, 21);
        let fields: Vec<_> = f
            .fields
            .iter()
            .map(|x| (x.code, x.count, x.offset, x.size))
            .collect();
        assert_eq!(
            fields,
            [
                (b'b', 1, 0, 1),
                (b'i', 2, 4, 4),
                (b's', 1, 16, 4),
                (b'p', 1, 20, 1)
            ]
        );
        assert_eq!(f.fields[1].element_offset(1), Some(8));
        assert_eq!(f.fields[1].element_offset(2), None);
    }

    #[test]
    fn format_parse_byte_orders() {
        let order = |fmt: &[u8]| parse(fmt).unwrap().byte_order;
        assert_eq!(order(b"i"), ByteOrder::Native);
        assert_eq!(order(b"@i"), ByteOrder::Native);
        assert_eq!(order(b"<i"), ByteOrder::Little);
        assert_eq!(order(b">i"), ByteOrder::Big);
        assert_eq!(order(b"!i"), ByteOrder::Big);
        assert_eq!(order(b"=i"), ByteOrder::HOST);
        assert!(!parse(b"=i").unwrap().native);
        assert_eq!(parse(b"<").unwrap().fields, []);
    }

    #[test]
    fn format_is_single() {
        for fmt in ["i", "<d", "3s", "0p", "0ii", "xxB", "?", "@P"] {
            assert!(
                parse(fmt.as_bytes()).unwrap().is_single().is_some(),
                "{fmt}"
            );
        }
        for fmt in ["", "x", "2i", "ii", "0i", "is"] {
            assert!(
                parse(fmt.as_bytes()).unwrap().is_single().is_none(),
                "{fmt}"
            );
        }
        let (field, _) = single("xxB");
        assert_eq!(field.offset, 2);
    }

    #[test]
    fn format_parse_agrees_with_calcsize() {
        for fmt in ["", "bhilq", "<bhilq", "5p3s", "0i", "=e?", "xxx"] {
            assert_eq!(parse(fmt.as_bytes()).unwrap().size, size(fmt));
        }
        assert_eq!(parse(b"3").unwrap_err().message, DANGLING_COUNT);
    }

    // --- codec -----------------------------------------------------------

    #[test]
    fn format_integer_round_trips() {
        for (fmt, value, bytes) in [
            ("<h", Value::Int(-2), vec![0xfe, 0xff]),
            (">h", Value::Int(-2), vec![0xff, 0xfe]),
            (">I", Value::UInt(0x0102_0304), vec![1, 2, 3, 4]),
            ("<q", Value::Int(i64::MIN), vec![0, 0, 0, 0, 0, 0, 0, 0x80]),
            ("<Q", Value::UInt(u64::MAX), vec![0xff; 8]),
            ("<b", Value::Int(-128), vec![0x80]),
            ("B", Value::UInt(255), vec![0xff]),
            ("=l", Value::Int(-1), vec![0xff; 4]),
        ] {
            assert_eq!(pack(fmt, value.clone()).unwrap(), bytes, "{fmt}");
            assert_eq!(unpack(fmt, &bytes), value, "{fmt}");
        }
        assert_eq!(unpack("P", &[1, 0, 0, 0, 0, 0, 0, 0]), Value::Pointer(1));
        assert_eq!(unpack("n", &[0xff; 8]), Value::Int(-1));
        assert_eq!(unpack("N", &[0xff; 8]), Value::UInt(u64::MAX));
        assert_eq!(pack("P", Value::Int(-1)).unwrap(), vec![0xff; 8]);
        assert_eq!(pack("<H", Value::Bool(true)).unwrap(), [1, 0]);
    }

    #[test]
    fn format_integer_range_messages() {
        let err = |fmt: &str, v: Value| pack(fmt, v).unwrap_err();
        assert_eq!(
            err("b", Value::Int(128)),
            "byte format requires -128 <= number <= 127"
        );
        assert_eq!(
            err(">B", Value::Int(-1)),
            "ubyte format requires 0 <= number <= 255"
        );
        assert_eq!(
            err("h", Value::Int(-32769)),
            "short format requires -32768 <= number <= 32767"
        );
        assert_eq!(
            err("<h", Value::Int(32768)),
            "short format requires -32768 <= number <= 32767"
        );
        assert_eq!(
            err(">h", Value::Int(32768)),
            "'h' format requires -32768 <= number <= 32767"
        );
        assert_eq!(
            err("<H", Value::Int(-1)),
            "ushort format requires 0 <= number <= 65535"
        );
        assert_eq!(err(">H", Value::Int(-1)), OUT_OF_RANGE);
        assert_eq!(
            err(">H", Value::UInt(65536)),
            "'H' format requires 0 <= number <= 65535"
        );
        assert_eq!(
            err("i", Value::Int(1 << 31)),
            "'i' format requires -2147483648 <= number <= 2147483647"
        );
        assert_eq!(err("I", Value::Int(-1)), OUT_OF_RANGE);
        assert_eq!(
            err("<l", Value::Int(1 << 31)),
            "'l' format requires -2147483648 <= number <= 2147483647"
        );
        assert_eq!(
            err("<L", Value::UInt(1 << 32)),
            "'L' format requires 0 <= number <= 4294967295"
        );
        assert_eq!(err("l", Value::UInt(1 << 63)), OUT_OF_RANGE);
        assert_eq!(
            err("b", Value::UInt(1 << 63)),
            OUT_OF_RANGE,
            "C long conversion first"
        );
        assert_eq!(err("<q", Value::UInt(1 << 63)), OUT_OF_RANGE);
        assert_eq!(err(">q", Value::UInt(1 << 63)), TOO_LARGE);
        assert_eq!(err(">Q", Value::Int(-1)), TOO_LARGE);
        assert_eq!(err("Q", Value::Int(-1)), OUT_OF_RANGE);
        assert_eq!(err("i", Value::Float(1.0)), NOT_AN_INTEGER);
        assert_eq!(err("i", Value::Bytes(b"1".to_vec())), NOT_AN_INTEGER);
    }

    #[test]
    fn format_bytes_codes() {
        assert_eq!(pack("c", Value::Bytes(b"z".to_vec())).unwrap(), b"z");
        assert_eq!(
            pack("c", Value::Bytes(b"zz".to_vec())).unwrap_err(),
            CHAR_NEEDS_BYTE
        );
        assert_eq!(pack("c", Value::Int(1)).unwrap_err(), CHAR_NEEDS_BYTE);
        assert_eq!(unpack("c", b"q"), Value::Bytes(b"q".to_vec()));

        assert_eq!(pack("4s", Value::Bytes(b"ab".to_vec())).unwrap(), b"ab\0\0");
        assert_eq!(pack("2s", Value::Bytes(b"abc".to_vec())).unwrap(), b"ab");
        assert_eq!(pack("0s", Value::Bytes(b"abc".to_vec())).unwrap(), b"");
        assert_eq!(
            pack("s", Value::Int(1)).unwrap_err(),
            "argument for 's' must be a bytes object"
        );
        assert_eq!(unpack("3s", b"a\0c"), Value::Bytes(b"a\0c".to_vec()));

        assert_eq!(
            pack("4p", Value::Bytes(b"ab".to_vec())).unwrap(),
            b"\x02ab\0"
        );
        assert_eq!(
            pack("3p", Value::Bytes(b"abcd".to_vec())).unwrap(),
            b"\x02ab"
        );
        assert_eq!(pack("0p", Value::Bytes(b"abcd".to_vec())).unwrap(), b"");
        assert_eq!(pack("1p", Value::Bytes(b"abcd".to_vec())).unwrap(), b"\0");
        let long = pack("300p", Value::Bytes(vec![b'a'; 400])).unwrap();
        assert_eq!((long[0], long.len()), (255, 300));
        assert_eq!(
            pack("p", Value::Float(1.0)).unwrap_err(),
            "argument for 'p' must be a bytes object"
        );
        assert_eq!(unpack("4p", b"\x09abc"), Value::Bytes(b"abc".to_vec()));
        assert_eq!(unpack("4p", b"\x01abc"), Value::Bytes(b"a".to_vec()));
        assert_eq!(unpack("0p", b""), Value::Bytes(Vec::new()));
        let mut text = vec![255u8];
        text.extend([b'x'; 299]);
        assert_eq!(unpack("300p", &text), Value::Bytes(vec![b'x'; 255]));
    }

    #[test]
    fn format_bool() {
        assert_eq!(unpack("?", &[0]), Value::Bool(false));
        assert_eq!(unpack("?", &[2]), Value::Bool(true));
        assert_eq!(unpack(">?", &[0x80]), Value::Bool(true));
        for (v, b) in [
            (Value::Int(7), 1),
            (Value::UInt(0), 0),
            (Value::Float(f64::NAN), 1),
            (Value::Float(-0.0), 0),
            (Value::Bytes(Vec::new()), 0),
            (Value::Bytes(vec![0]), 1),
            (Value::Pointer(0), 0),
        ] {
            assert_eq!(pack("<?", v.clone()).unwrap(), [b], "{v:?}");
        }
    }

    #[test]
    fn format_floats() {
        assert_eq!(pack("<d", Value::Float(1.5)).unwrap(), 1.5f64.to_le_bytes());
        assert_eq!(pack(">f", Value::Int(3)).unwrap(), 3f32.to_be_bytes());
        assert_eq!(pack("d", Value::Bytes(vec![])).unwrap_err(), NOT_A_FLOAT);
        assert_eq!(
            unpack("<f", &0.1f32.to_le_bytes()),
            Value::Float(f64::from(0.1f32))
        );
        // Native 'f' is a C cast; standard 'f' refuses to overflow.
        assert_eq!(
            pack("f", Value::Float(1e300)).unwrap(),
            f32::INFINITY.to_ne_bytes()
        );
        assert_eq!(
            pack("<f", Value::Float(-1e300)).unwrap_err(),
            "float too large to pack with f format"
        );
        assert_eq!(
            pack("<f", Value::Float(f64::INFINITY)).unwrap(),
            f32::INFINITY.to_le_bytes()
        );
    }

    #[test]
    fn format_half_precision() {
        let half = |x: f64| f64_to_half(x).map_err(|e| e.message);
        let overflow = Err("float too large to pack with e format".to_string());
        assert_eq!(half(0.0), Ok(0));
        assert_eq!(half(-0.0), Ok(0x8000));
        assert_eq!(half(1.0), Ok(0x3c00));
        assert_eq!(half(-2.0), Ok(0xc000));
        assert_eq!(half(65504.0), Ok(0x7bff));
        assert_eq!(half(65519.99), Ok(0x7bff));
        assert_eq!(half(65520.0), overflow, "rounds up past the largest half");
        assert_eq!(half(1e300), overflow);
        assert_eq!(half(f64::INFINITY), Ok(0x7c00));
        assert_eq!(half(f64::NEG_INFINITY), Ok(0xfc00));
        assert_eq!(half(f64::NAN), Ok(0x7e00));
        assert_eq!(half(-f64::NAN), Ok(0xfe00));
        let tiny = 2f64.powi(-24);
        assert_eq!(half(tiny), Ok(1));
        assert_eq!(half(tiny / 2.0), Ok(0), "tie rounds to even zero");
        assert_eq!(half(tiny * 1.5), Ok(2), "tie rounds to even two");
        assert_eq!(half(tiny * 2.5), Ok(2));
        assert_eq!(half(tiny / 2.0 * 1.000001), Ok(1));
        assert_eq!(
            half(2f64.powi(-14) * (1.0 - 2f64.powi(-12))),
            Ok(0x0400),
            "subnormal carries"
        );
        assert_eq!(half(1.0 + 2f64.powi(-11)), Ok(0x3c00), "tie to even");
        assert_eq!(half(1.0 + 3.0 * 2f64.powi(-11)), Ok(0x3c02));
        assert_eq!(half(f64::from_bits(1)), Ok(0));
        for h in 0..=u16::MAX {
            let x = half_to_f64(h);
            if x.is_nan() {
                assert_eq!(x.is_sign_negative(), h & 0x8000 != 0);
            } else {
                assert_eq!(half(x), Ok(h), "{h:#06x} round trip");
            }
        }
        assert_eq!(pack(">e", Value::Float(1.0)).unwrap(), [0x3c, 0]);
        assert_eq!(unpack("<e", &[0, 0x3c]), Value::Float(1.0));
    }

    #[test]
    fn format_codec_rejects_codes_without_values() {
        let field = Field {
            code: b'n',
            count: 1,
            offset: 0,
            size: 8,
        };
        let mut out = [0u8; 8];
        assert_eq!(
            pack_field(&field, ByteOrder::Little, &Value::Int(1), &mut out)
                .unwrap_err()
                .message,
            BAD_CHAR
        );
        assert!(pack_field(&field, ByteOrder::Native, &Value::Int(1), &mut out).is_ok());
    }

    #[test]
    #[should_panic(expected = "needs 4 bytes")]
    fn format_unpack_short_input_panics() {
        unpack("i", &[0, 0]);
    }

    #[test]
    fn format_error_display() {
        let e = calcsize(b"z").unwrap_err();
        assert_eq!(e.to_string(), BAD_CHAR);
    }
}
