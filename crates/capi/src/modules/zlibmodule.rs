//! The `zlib` module, the part of it the library implements itself
//! (CPython's `Modules/zlibmodule.c`, which wraps the zlib library):
//! one-shot `decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)`,
//! the `crc32` and `adler32` checksums, the `error` exception and the
//! constants those take. Cython 3.2 stores a module's string table
//! zlib-compressed and imports `zlib.decompress` to unpack it when the
//! module initialises, so every module it generates needs this.
//!
//! The inflater below follows RFC 1950/1951/1952 and reports every
//! malformed stream with the message zlib 1.2.13's `inflate()` gives
//! (CPython puts it after "Error -3 while decompressing data: "), so
//! `zlib.error` reads the same. One difference by design: a match
//! reaching further back than the stream's declared window but within
//! the output is accepted (zlib rejects it only across the output chunks
//! CPython hands it, past 16 KiB by default; compressors never emit one).
//! Compression (`compress`, `compressobj`) and the streaming
//! `decompressobj` are not there.

use std::ffi::{CString, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::python::errors;

/// zlib's largest window (`MAX_WBITS`) and CPython's output chunk
/// (`DEF_BUF_SIZE`).
const MAX_WBITS: c_int = 15;
const DEF_BUF_SIZE: Py_ssize_t = 16 * 1024;
const DEFLATED: c_int = 8;

// ==========================================================================
// Why a stream is rejected
// ==========================================================================

/// How decompression stopped short of the end of the stream, as zlib's
/// return codes tell it.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// `Z_DATA_ERROR` (-3) with zlib's message.
    Data(&'static str),
    /// `Z_BUF_ERROR` (-5): the input ended inside the stream.
    Truncated,
    /// `Z_NEED_DICT` (2): a zlib header asking for a preset dictionary.
    NeedDict,
    /// The output could not grow (MemoryError).
    NoMemory,
}

type Step<T> = Result<T, Stop>;

// ==========================================================================
// Reading bits (least significant first, as deflate packs them)
// ==========================================================================

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    hold: u64,
    count: u32,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8]) -> Self {
        Bits {
            data,
            pos: 0,
            hold: 0,
            count: 0,
        }
    }

    /// The next `n` (at most 32) bits; Truncated when the input ends first.
    fn take(&mut self, n: u32) -> Step<u32> {
        while self.count < n {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(Stop::Truncated);
            };
            self.pos += 1;
            self.hold |= u64::from(b) << self.count;
            self.count += 8;
        }
        let v = (self.hold & ((1u64 << n) - 1)) as u32;
        self.hold >>= n;
        self.count -= n;
        Ok(v)
    }

    /// Drops the bits left in the current byte (before stored blocks and
    /// trailers, which start on a byte boundary).
    fn align(&mut self) {
        let extra = self.count % 8;
        self.hold >>= extra;
        self.count -= extra;
    }

    fn byte(&mut self) -> Step<u8> {
        self.take(8).map(|b| b as u8)
    }
}

// ==========================================================================
// Canonical Huffman codes
// ==========================================================================

const MAXBITS: usize = 15;

/// A canonical code: how many symbols have each length, and the symbols
/// in code order.
struct Huffman {
    count: [u16; MAXBITS + 1],
    symbol: Vec<u16>,
    /// The longest code length (0: no symbols at all).
    max: usize,
}

impl Huffman {
    /// Builds the code for `lengths`; None for a set zlib's
    /// `inflate_table` rejects: over-subscribed, or incomplete unless
    /// `allow_incomplete` and every code has length 1 (a lone code, which
    /// deflate encoders emit for a single distance or literal).
    fn new(lengths: &[u8], allow_incomplete: bool) -> Option<Huffman> {
        let mut count = [0u16; MAXBITS + 1];
        for &l in lengths {
            count[usize::from(l)] += 1;
        }
        count[0] = 0;
        let max = (1..=MAXBITS).rev().find(|&l| count[l] != 0).unwrap_or(0);
        let mut left: i32 = 1;
        for &c in &count[1..] {
            left <<= 1;
            left -= i32::from(c);
            if left < 0 {
                return None;
            }
        }
        // zlib accepts an empty set too (max == 0): decoding any symbol
        // from it is then the error.
        if max != 0 && left > 0 && !(allow_incomplete && max == 1) {
            return None;
        }
        let mut offs = [0u16; MAXBITS + 2];
        for l in 1..=MAXBITS {
            offs[l + 1] = offs[l] + count[l];
        }
        let mut symbol = vec![0u16; usize::from(offs[MAXBITS + 1])];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbol[usize::from(offs[usize::from(l)])] = s as u16;
                offs[usize::from(l)] += 1;
            }
        }
        Some(Huffman { count, symbol, max })
    }

    /// The next symbol, or None for a bit pattern the (incomplete) code
    /// does not assign. A complete code always yields one; an incomplete
    /// one (max <= 1) is known invalid after its first bit, as zlib's
    /// table reports it.
    fn decode(&self, bits: &mut Bits) -> Step<Option<u16>> {
        let limit = self.max.max(1);
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=limit {
            code |= bits.take(1)? as i32;
            let count = i32::from(self.count[len]);
            if code - count < first {
                return Ok(Some(self.symbol[(index + code - first) as usize]));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Ok(None)
    }
}

// ==========================================================================
// Deflate blocks (RFC 1951)
// ==========================================================================

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order the code-length code's lengths are sent in.
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// Output that grows fallibly (the caller's input decides its size).
struct Out {
    buf: Vec<u8>,
}

impl Out {
    fn reserve(&mut self, n: usize) -> Step<()> {
        if self.buf.capacity() - self.buf.len() < n {
            let want = n.max(self.buf.len());
            self.buf.try_reserve(want).map_err(|_| Stop::NoMemory)?;
        }
        Ok(())
    }

    fn push(&mut self, b: u8) -> Step<()> {
        self.reserve(1)?;
        self.buf.push(b);
        Ok(())
    }

    /// Appends `len` bytes from `dist` back (which may overlap them).
    fn copy_back(&mut self, dist: usize, len: usize) -> Step<()> {
        if dist > self.buf.len() {
            return Err(Stop::Data("invalid distance too far back"));
        }
        self.reserve(len)?;
        let start = self.buf.len() - dist;
        for i in 0..len {
            let b = self.buf[start + i];
            self.buf.push(b);
        }
        Ok(())
    }
}

/// The fixed codes of block type 1.
fn fixed_codes() -> (Huffman, Huffman) {
    let mut lengths = [0u8; 288];
    for (i, l) in lengths.iter_mut().enumerate() {
        *l = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    let lit = Huffman::new(&lengths, false).expect("the fixed literal code is complete");
    // All 32 five-bit codes, as zlib's fixed table has them: 30 and 31
    // decode and are then rejected as invalid distance codes.
    let dist = Huffman::new(&[5u8; 32], false).expect("the fixed distance code is complete");
    (lit, dist)
}

/// Reads a dynamic block's code descriptions (block type 2), with
/// zlib's checks in zlib's order.
fn dynamic_codes(bits: &mut Bits) -> Step<(Huffman, Huffman)> {
    let nlen = bits.take(5)? as usize + 257;
    let ndist = bits.take(5)? as usize + 1;
    let ncode = bits.take(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(Stop::Data("too many length or distance symbols"));
    }
    let mut cl = [0u8; 19];
    for &i in &CL_ORDER[..ncode] {
        cl[i] = bits.take(3)? as u8;
    }
    let clcode = Huffman::new(&cl, false).ok_or(Stop::Data("invalid code lengths set"))?;
    let mut lengths = [0u8; 286 + 30];
    let mut have = 0;
    while have < nlen + ndist {
        // The code-length code is complete, so a symbol always decodes.
        let sym = clcode.decode(bits)?.unwrap_or(0);
        if sym < 16 {
            lengths[have] = sym as u8;
            have += 1;
            continue;
        }
        let (len, copy) = match sym {
            16 => {
                if have == 0 {
                    return Err(Stop::Data("invalid bit length repeat"));
                }
                (lengths[have - 1], 3 + bits.take(2)? as usize)
            }
            17 => (0, 3 + bits.take(3)? as usize),
            _ => (0, 11 + bits.take(7)? as usize),
        };
        if have + copy > nlen + ndist {
            return Err(Stop::Data("invalid bit length repeat"));
        }
        lengths[have..have + copy].fill(len);
        have += copy;
    }
    if lengths[256] == 0 {
        return Err(Stop::Data("invalid code -- missing end-of-block"));
    }
    let lit =
        Huffman::new(&lengths[..nlen], true).ok_or(Stop::Data("invalid literal/lengths set"))?;
    let dist = Huffman::new(&lengths[nlen..nlen + ndist], true)
        .ok_or(Stop::Data("invalid distances set"))?;
    Ok((lit, dist))
}

/// Decodes one compressed block's symbols up to its end-of-block code.
fn codes(bits: &mut Bits, out: &mut Out, lit: &Huffman, dist: &Huffman) -> Step<()> {
    loop {
        let sym = match lit.decode(bits)? {
            Some(s) if s <= 285 => usize::from(s),
            _ => return Err(Stop::Data("invalid literal/length code")),
        };
        if sym < 256 {
            out.push(sym as u8)?;
            continue;
        }
        if sym == 256 {
            return Ok(());
        }
        let i = sym - 257;
        let len = usize::from(LEN_BASE[i]) + bits.take(u32::from(LEN_EXTRA[i]))? as usize;
        let d = match dist.decode(bits)? {
            Some(d) if d <= 29 => usize::from(d),
            _ => return Err(Stop::Data("invalid distance code")),
        };
        let distance = usize::from(DIST_BASE[d]) + bits.take(u32::from(DIST_EXTRA[d]))? as usize;
        out.copy_back(distance, len)?;
    }
}

/// Inflates a raw deflate stream to its final block's end.
fn inflate_raw(bits: &mut Bits, out: &mut Out) -> Step<()> {
    loop {
        let last = bits.take(1)?;
        match bits.take(2)? {
            0 => {
                bits.align();
                let len = bits.take(16)?;
                let nlen = bits.take(16)?;
                if len != !nlen & 0xffff {
                    return Err(Stop::Data("invalid stored block lengths"));
                }
                for _ in 0..len {
                    let b = bits.byte()?;
                    out.push(b)?;
                }
            }
            1 => {
                let (lit, dist) = fixed_codes();
                codes(bits, out, &lit, &dist)?;
            }
            2 => {
                let (lit, dist) = dynamic_codes(bits)?;
                codes(bits, out, &lit, &dist)?;
            }
            _ => return Err(Stop::Data("invalid block type")),
        }
        if last == 1 {
            return Ok(());
        }
    }
}

// ==========================================================================
// Checksums
// ==========================================================================

pub(crate) fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (n, e) in t.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    let mut c = !crc;
    for &b in data {
        c = table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

fn adler32_update(adler: u32, data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (adler & 0xffff, adler >> 16);
    // 5552 bytes is the most that cannot overflow 32 bits between
    // reductions (zlib's NMAX); a and b may start at up to 0xffff.
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

// ==========================================================================
// The zlib (RFC 1950) and gzip (RFC 1952) wrappers
// ==========================================================================

/// What `inflateInit2(wbits)` sets up: the wrapper(s) accepted and the
/// window size (0: take it from the zlib header). None for the values
/// zlib refuses (Z_STREAM_ERROR).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Wrap {
    zlib: bool,
    gzip: bool,
    wbits: i32,
}

fn wrap_for(wbits: c_int) -> Option<Wrap> {
    let (zlib, gzip, w) = if wbits < 0 {
        if wbits < -15 {
            return None;
        }
        (false, false, -wbits)
    } else {
        let kind = (wbits >> 4) + 1;
        let w = if wbits < 48 { wbits & 15 } else { wbits };
        (kind & 1 != 0, kind & 2 != 0, w)
    };
    if w != 0 && !(8..=15).contains(&w) {
        return None;
    }
    Some(Wrap {
        zlib,
        gzip,
        wbits: w,
    })
}

/// Reads a gzip member's header (after its two magic bytes).
fn gzip_header(bits: &mut Bits) -> Step<()> {
    let mut head = vec![0x1f, 0x8b];
    let byte = |bits: &mut Bits, head: &mut Vec<u8>| -> Step<u8> {
        let b = bits.byte()?;
        head.push(b);
        Ok(b)
    };
    let method = byte(bits, &mut head)?;
    let flags = byte(bits, &mut head)?;
    if method != DEFLATED as u8 {
        return Err(Stop::Data("unknown compression method"));
    }
    if flags & 0xe0 != 0 {
        return Err(Stop::Data("unknown header flags set"));
    }
    for _ in 0..6 {
        byte(bits, &mut head)?; // MTIME, XFL, OS
    }
    if flags & 4 != 0 {
        let lo = byte(bits, &mut head)?;
        let hi = byte(bits, &mut head)?;
        for _ in 0..u16::from_le_bytes([lo, hi]) {
            byte(bits, &mut head)?;
        }
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            while byte(bits, &mut head)? != 0 {}
        }
    }
    if flags & 2 != 0 {
        let crc = crc32_update(0, &head) & 0xffff;
        let lo = bits.byte()?;
        let hi = bits.byte()?;
        if u32::from(u16::from_le_bytes([lo, hi])) != crc {
            return Err(Stop::Data("header crc mismatch"));
        }
    }
    Ok(())
}

fn take_be32(bits: &mut Bits) -> Step<u32> {
    let mut v = 0u32;
    for _ in 0..4 {
        v = (v << 8) | u32::from(bits.byte()?);
    }
    Ok(v)
}

fn take_le32(bits: &mut Bits) -> Step<u32> {
    Ok(take_be32(bits)?.swap_bytes())
}

/// Decompresses one stream as `zlib.decompress` does (trailing bytes
/// after its end are ignored).
fn decompress_stream(data: &[u8], wrap: Wrap, out: &mut Out) -> Step<()> {
    let mut bits = Bits::new(data);
    if !wrap.zlib && !wrap.gzip {
        return inflate_raw(&mut bits, out);
    }
    let b0 = bits.byte()?;
    // zlib reads the first two bytes together before deciding.
    let b1 = bits.byte()?;
    if wrap.gzip && b0 == 0x1f && b1 == 0x8b {
        gzip_header(&mut bits)?;
        inflate_raw(&mut bits, out)?;
        bits.align();
        if take_le32(&mut bits)? != crc32_update(0, &out.buf) {
            return Err(Stop::Data("incorrect data check"));
        }
        if take_le32(&mut bits)? != out.buf.len() as u32 {
            return Err(Stop::Data("incorrect length check"));
        }
        return Ok(());
    }
    if !wrap.zlib || (u32::from(b0) << 8 | u32::from(b1)) % 31 != 0 {
        return Err(Stop::Data("incorrect header check"));
    }
    if b0 & 0x0f != DEFLATED as u8 {
        return Err(Stop::Data("unknown compression method"));
    }
    let window = i32::from(b0 >> 4) + 8;
    let limit = if wrap.wbits == 0 { window } else { wrap.wbits };
    if window > 15 || window > limit {
        return Err(Stop::Data("invalid window size"));
    }
    if b1 & 0x20 != 0 {
        take_be32(&mut bits)?; // the dictionary's id
        return Err(Stop::NeedDict);
    }
    inflate_raw(&mut bits, out)?;
    bits.align();
    if take_be32(&mut bits)? != adler32_update(1, &out.buf) {
        return Err(Stop::Data("incorrect data check"));
    }
    Ok(())
}

// ==========================================================================
// The module's functions
// ==========================================================================

/// `zlib.error`, made with the module.
static ZLIB_ERROR: super::MadeOnce = super::MadeOnce::new();

/// Raises `zlib.error` with CPython's `zlib_error` wording.
fn zlib_error(code: c_int, what: &str, msg: Option<&str>) {
    let text = match msg {
        Some(m) => format!("Error {code} {what}: {m}"),
        None => format!("Error {code} {what}"),
    };
    let exc = ZLIB_ERROR.made();
    let Ok(c) = CString::new(text) else { return };
    // SAFETY: the live exception class the module holds; a C string.
    unsafe { errors::PyErr_SetString(exc, c.as_ptr()) };
}

/// A contiguous copy of a bytes-like argument (clinic's `Py_buffer`
/// converter), or None with the error. Copied, so no Rust reference is
/// made to memory the exporter may change.
///
/// # Safety
/// `o` a live object.
pub(crate) unsafe fn buffer_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
    // SAFETY: a live object and a view to fill.
    if unsafe { crate::buffer::PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) } < 0 {
        return None;
    }
    // SAFETY: filled by the successful call above.
    let (buf, len) = unsafe { ((*view.as_ptr()).buf as *const u8, (*view.as_ptr()).len) };
    let mut v = Vec::new();
    let ok = v.try_reserve_exact(len as usize).is_ok();
    if ok && len > 0 {
        // SAFETY: the export's `len` readable bytes, copied while it is
        // held; `v` has room for them.
        unsafe {
            ptr::copy_nonoverlapping(buf, v.as_mut_ptr(), len as usize);
            v.set_len(len as usize);
        }
    }
    // SAFETY: the view acquired above, released once.
    unsafe { crate::buffer::PyBuffer_Release(view.as_mut_ptr()) };
    if !ok {
        errors::PyErr_NoMemory();
        return None;
    }
    Some(v)
}

static DECOMPRESS_KW: crate::python::clinic::Keywords<4> = crate::python::clinic::Keywords([
    c"".as_ptr(),
    c"wbits".as_ptr(),
    c"bufsize".as_ptr(),
    ptr::null(),
]);
static DECOMPRESS_PARSER: StaticObject<_PyArg_Parser> = StaticObject::new(
    crate::python::clinic::parser(&DECOMPRESS_KW.0, c"decompress"),
);

/// `zlib.decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)`.
unsafe extern "C" fn zlib_decompress(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, unpacked by the parser for one;
    // every argument is live for the call.
    unsafe {
        let Some([data, wbits_o, bufsize_o]) =
            crate::python::clinic::unpack::<3>(&DECOMPRESS_PARSER, args, nargs, kwnames, 1, 3)
        else {
            return ptr::null_mut();
        };
        let Some(input) = buffer_bytes(data) else {
            return ptr::null_mut();
        };
        let mut wbits = MAX_WBITS;
        if !wbits_o.is_null() {
            match crate::python::clinic::int_arg(wbits_o) {
                Some(w) => wbits = w,
                None => return ptr::null_mut(),
            }
        }
        if !bufsize_o.is_null() {
            match crate::python::clinic::ssize_arg(bufsize_o) {
                Some(b) if b < 0 => {
                    return errors::fail_null(Exc::ValueError, "bufsize must be non-negative");
                }
                Some(_) => {} // only the first allocation's size
                None => return ptr::null_mut(),
            }
        }
        let Some(wrap) = wrap_for(wbits) else {
            zlib_error(
                -2,
                "while preparing to decompress data",
                Some("inconsistent stream state"),
            );
            return ptr::null_mut();
        };
        let mut out = Out { buf: Vec::new() };
        match decompress_stream(&input, wrap, &mut out) {
            Ok(()) => crate::objects::bytesobject::bytes_from_slice(&out.buf),
            Err(Stop::NoMemory) => errors::PyErr_NoMemory(),
            Err(Stop::Data(m)) => {
                zlib_error(-3, "while decompressing data", Some(m));
                ptr::null_mut()
            }
            Err(Stop::Truncated) => {
                zlib_error(
                    -5,
                    "while decompressing data",
                    Some("incomplete or truncated stream"),
                );
                ptr::null_mut()
            }
            Err(Stop::NeedDict) => {
                zlib_error(2, "while decompressing data", None);
                ptr::null_mut()
            }
        }
    }
}

/// `zlib.crc32(data, value=0, /)` and `zlib.adler32(data, value=1, /)`:
/// the checksum of `data` continued from `value` (masked to 32 bits, as
/// clinic's `unsigned_int(bitwise=True)` does).
///
/// # Safety
/// A fastcall's `args`/`nargs`.
pub(crate) unsafe fn checksum(
    name: &'static std::ffi::CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    start: u32,
    update: fn(u32, &[u8]) -> u32,
) -> *mut PyObject {
    // SAFETY: per the contract; every argument is live for the call.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(name.as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let Some(input) = buffer_bytes(*args) else {
            return ptr::null_mut();
        };
        let mut value = start;
        if nargs > 1 {
            let v = crate::objects::longobject::PyLong_AsUnsignedLongMask(*args.add(1));
            if v == std::ffi::c_ulong::MAX && !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            value = v as u32;
        }
        crate::objects::longobject::PyLong_FromUnsignedLong(std::ffi::c_ulong::from(update(
            value, &input,
        )))
    }
}

unsafe extern "C" fn zlib_crc32(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { checksum(c"crc32", args, nargs, 0, crc32_update) }
}

unsafe extern "C" fn zlib_adler32(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { checksum(c"adler32", args, nargs, 1, adler32_update) }
}

static ZLIB_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"decompress($module, data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)\n--\n\nReturns a bytes object containing the uncompressed data.".as_ptr(),
        ..crate::python::clinic::fastcall_kw(c"decompress", zlib_decompress, 0)
    },
    PyMethodDef {
        ml_doc: c"crc32($module, data, value=0, /)\n--\n\nCompute a CRC-32 checksum of data.".as_ptr(),
        ..crate::python::clinic::fastcall(c"crc32", zlib_crc32)
    },
    PyMethodDef {
        ml_doc: c"adler32($module, data, value=1, /)\n--\n\nCompute an Adler-32 checksum of data.".as_ptr(),
        ..crate::python::clinic::fastcall(c"adler32", zlib_adler32)
    },
    PyMethodDef::zeroed(),
]);

/// Makes the `zlib` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(c"zlib".as_ptr()))
        else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            ZLIB_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        // Kept for the process, as CPython's module state keeps it.
        let exc = ZLIB_ERROR.get_or_make(|| {
            errors::PyErr_NewException(c"zlib.error".as_ptr(), ptr::null_mut(), ptr::null_mut())
        });
        if exc.is_null() {
            return ptr::null_mut();
        }
        let m_ptr = m.as_ptr();
        let add = crate::python::modsupport::PyModule_AddIntConstant;
        if crate::python::modsupport::PyModule_AddObjectRef(m_ptr, c"error".as_ptr(), exc) < 0
            || add(m_ptr, c"MAX_WBITS".as_ptr(), MAX_WBITS.into()) < 0
            || add(m_ptr, c"DEFLATED".as_ptr(), DEFLATED.into()) < 0
            || add(m_ptr, c"DEF_BUF_SIZE".as_ptr(), DEF_BUF_SIZE as _) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(data: &[u8], wbits: c_int) -> Step<Vec<u8>> {
        let mut out = Out { buf: Vec::new() };
        decompress_stream(data, wrap_for(wbits).unwrap(), &mut out)?;
        Ok(out.buf)
    }

    #[test]
    fn stored_fixed_and_checks() {
        // zlib.compress(b"hello", 0) and zlib.compress(b"hello").
        let stored = [
            0x78, 0x01, 0x01, 0x05, 0x00, 0xfa, 0xff, b'h', b'e', b'l', b'l', b'o', 0x06, 0x2c,
            0x02, 0x15,
        ];
        assert_eq!(run(&stored, 15).unwrap(), b"hello");
        let fixed = [
            0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x06, 0x2c, 0x02, 0x15,
        ];
        assert_eq!(run(&fixed, 15).unwrap(), b"hello");
        assert_eq!(run(&fixed[..5], 15), Err(Stop::Truncated));
        let mut bad = fixed;
        bad[12] ^= 1;
        assert_eq!(run(&bad, 15), Err(Stop::Data("incorrect data check")));
        assert_eq!(run(&fixed, 31), Err(Stop::Data("incorrect header check")));
        assert_eq!(run(&fixed, 47).unwrap(), b"hello");
        assert_eq!(run(&fixed[2..9], -15).unwrap(), b"hello");
    }

    #[test]
    fn window_bits() {
        assert_eq!(wrap_for(7), None);
        assert_eq!(wrap_for(-16), None);
        assert_eq!(wrap_for(48), None);
        assert!(wrap_for(0).is_some() && wrap_for(16).is_some() && wrap_for(32).is_some());
        assert_eq!(wrap_for(17), None);
    }

    #[test]
    fn checksums() {
        assert_eq!(crc32_update(0, b"hello"), 0x3610_a686);
        assert_eq!(adler32_update(1, b"hello"), 0x062c_0215);
    }
}
