//! The `unicodedata` module (CPython's `Modules/unicodedata.c`): the
//! Unicode Character Database of CPython 3.11 (Unicode 14.0.0), with
//! character properties, names and name lookup (aliases and named
//! sequences included), and the four normalization forms. Extensions
//! import it for `normalize` (jellyfish's C extension does); the
//! `unicode_escape` codec reaches the names through the module's
//! `_ucnhash_CAPI` capsule for `\N{name}`.
//!
//! The data is generated into `unicodedata_db.rs` by
//! `scripts/gen_unicodedata_tables.py` from CPython's own module, so every
//! answer is CPython's. The decimal, digit and numeric values are those of
//! `str`'s own database (`unicodectype`), as in CPython.
//!
//! Not here: the `UCD` type and its `ucd_3_2_0` instance (the Unicode
//! 3.2.0 database IDNA uses), which need the 3.2.0 data this library does
//! not carry.

use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_int};
use std::ptr;
use std::sync::OnceLock;

use super::unicodedata_db as db;
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::unicodeobject as u;
use crate::python::errors;

// ==========================================================================
// Properties
// ==========================================================================

/// The block-indexed two-level lookup the generator builds.
fn two_level<A: Copy + Into<u32>, B: Copy + Into<u32>>(
    index1: &[A],
    index2: &[B],
    c: u32,
) -> usize {
    if c > 0x10ffff {
        return 0;
    }
    let block = index1[(c >> db::SHIFT) as usize].into();
    let at = (block << db::SHIFT) + (c & ((1 << db::SHIFT) - 1));
    index2[at as usize].into() as usize
}

/// The property record of `c` (the unassigned one past U+10FFFF).
fn record(c: u32) -> &'static db::Record {
    &db::RECORDS[two_level(&db::RECORD_INDEX1, &db::RECORD_INDEX2, c)]
}

/// The canonical combining class of `c`.
fn combining_class(c: u32) -> u8 {
    record(c).1
}

/// The decomposition of `c`: its `DECOMP_PREFIXES` index (0: canonical)
/// and its code points (none when it has no decomposition).
fn decomposition_of(c: u32) -> (usize, &'static [u32]) {
    let at = two_level(&db::DECOMP_INDEX1, &db::DECOMP_INDEX2, c);
    let head = db::DECOMP_DATA[at];
    let count = (head >> 8) as usize;
    (
        (head & 0xff) as usize,
        &db::DECOMP_DATA[at + 1..at + 1 + count],
    )
}

// ==========================================================================
// Names
// ==========================================================================

/// The Hangul syllable block and its algorithmic (de)composition
/// constants (Unicode's chapter 3.12).
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The short names of the leading consonants, vowels and trailing
/// consonants (Jamo.txt) that make a syllable's name.
static JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
static JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
static JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

/// The private-use codes CPython's name table gives the name aliases and
/// the named sequences (its `aliases_start`, `named_sequences_start`).
const ALIASES_START: u32 = 0xF0000;
const NAMED_SEQUENCES_START: u32 = 0xF0200;

const HANGUL_PREFIX: &str = "HANGUL SYLLABLE ";
const CJK_PREFIX: &str = "CJK UNIFIED IDEOGRAPH-";

/// CPython's `NAME_MAXLEN`: `lookup` refuses longer names.
const NAME_MAXLEN: usize = 256;

fn is_hangul_syllable(c: u32) -> bool {
    (S_BASE..S_BASE + S_COUNT).contains(&c)
}

fn is_unified_ideograph(c: u32) -> bool {
    db::CJK_IDEOGRAPHS
        .iter()
        .any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// The name the table gives `c` (None: none there).
fn table_name(c: u32) -> Option<String> {
    let i = two_level(&db::NAME_INDEX1, &db::NAME_INDEX2, c);
    if i == 0 {
        return None;
    }
    let words = &db::NAME_WORDS[db::NAME_STARTS[i - 1] as usize..db::NAME_STARTS[i] as usize];
    let mut out = String::new();
    for (k, &w) in words.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let w = w as usize;
        out.push_str(
            &db::LEXICON[db::LEXICON_OFFSETS[w] as usize..db::LEXICON_OFFSETS[w + 1] as usize],
        );
    }
    Some(out)
}

/// What kind of name `name_of` found, for the buffer sizes CPython's
/// `_getucname` asks of each.
enum NameKind {
    Hangul,
    Ideograph,
    Table,
}

/// CPython's `_getucname` (without the buffer): the name of `c`, computed
/// for Hangul syllables and CJK unified ideographs; with
/// `with_alias_and_seq`, also the names of the alias and named-sequence
/// codes.
fn name_of(c: u32, with_alias_and_seq: bool) -> Option<(String, NameKind)> {
    if is_hangul_syllable(c) {
        let s = c - S_BASE;
        let name = format!(
            "{HANGUL_PREFIX}{}{}{}",
            JAMO_L[(s / N_COUNT) as usize],
            JAMO_V[(s % N_COUNT / T_COUNT) as usize],
            JAMO_T[(s % T_COUNT) as usize]
        );
        return Some((name, NameKind::Hangul));
    }
    if is_unified_ideograph(c) {
        return Some((format!("{CJK_PREFIX}{c:X}"), NameKind::Ideograph));
    }
    if with_alias_and_seq {
        if let Some(i) = c.checked_sub(NAMED_SEQUENCES_START)
            && let Some((name, _)) = db::NAMED_SEQUENCES.get(i as usize)
        {
            return Some((name.to_string(), NameKind::Table));
        }
        if let Some(i) = c.checked_sub(ALIASES_START)
            && let Some((name, _)) = db::ALIASES.get(i as usize)
        {
            return Some((name.to_string(), NameKind::Table));
        }
    }
    table_name(c).map(|n| (n, NameKind::Table))
}

/// Every table name (character names, aliases, named sequences) by its
/// upper-case bytes, to the code CPython's hash table holds for it (the
/// private-use code of an alias or a named sequence). Made on the first
/// lookup.
fn names() -> &'static HashMap<Box<[u8]>, u32> {
    static NAMES: OnceLock<HashMap<Box<[u8]>, u32>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut map = HashMap::with_capacity(db::NAME_STARTS.len() + 1000);
        for c in 0..=0x10ffff {
            if let Some(n) = table_name(c) {
                map.insert(n.into_bytes().into_boxed_slice(), c);
            }
        }
        for (i, (n, _)) in db::ALIASES.iter().enumerate() {
            map.insert(n.as_bytes().into(), ALIASES_START + i as u32);
        }
        for (i, (n, _)) in db::NAMED_SEQUENCES.iter().enumerate() {
            map.insert(n.as_bytes().into(), NAMED_SEQUENCES_START + i as u32);
        }
        map
    })
}

/// CPython's `find_syllable`: the longest of `names` that `s` starts
/// with (its index and length; None when none, not even an empty one).
fn find_syllable(s: &[u8], names: &[&str]) -> (Option<usize>, usize) {
    let mut best: (Option<usize>, usize) = (None, 0);
    let mut best_len: isize = -1;
    for (i, n) in names.iter().enumerate() {
        let n = n.as_bytes();
        if n.len() as isize <= best_len {
            continue;
        }
        if s.starts_with(n) {
            best_len = n.len() as isize;
            best = (Some(i), n.len());
        }
    }
    best
}

/// What a name stands for.
enum Named {
    Char(u32),
    /// A named sequence (its index).
    Sequence(usize),
}

/// CPython's `_getcode`: what `name` names. Hangul syllable and CJK
/// ideograph names must be upper case; table names match any ASCII case.
/// Named sequences only count `with_named_seq`.
fn code_of(name: &[u8], with_named_seq: bool) -> Option<Named> {
    if let Some(rest) = name.strip_prefix(HANGUL_PREFIX.as_bytes()) {
        let (l, n1) = find_syllable(rest, &JAMO_L);
        let (v, n2) = find_syllable(&rest[n1..], &JAMO_V);
        let (t, n3) = find_syllable(&rest[n1 + n2..], &JAMO_T);
        return match (l, v, t) {
            (Some(l), Some(v), Some(t)) if n1 + n2 + n3 == rest.len() => Some(Named::Char(
                S_BASE + (l as u32 * V_COUNT + v as u32) * T_COUNT + t as u32,
            )),
            _ => None,
        };
    }
    if let Some(hex) = name.strip_prefix(CJK_PREFIX.as_bytes()) {
        if hex.len() != 4 && hex.len() != 5 {
            return None;
        }
        let mut v = 0u32;
        for &h in hex {
            v = v * 16
                + match h {
                    b'0'..=b'9' => u32::from(h - b'0'),
                    b'A'..=b'F' => u32::from(h - b'A' + 10),
                    _ => return None,
                };
        }
        return is_unified_ideograph(v).then_some(Named::Char(v));
    }
    let key = name.to_ascii_uppercase();
    let &code = names().get(key.as_slice())?;
    if let Some(i) = code.checked_sub(NAMED_SEQUENCES_START) {
        return with_named_seq.then_some(Named::Sequence(i as usize));
    }
    if let Some(i) = code.checked_sub(ALIASES_START) {
        return Some(Named::Char(db::ALIASES[i as usize].1));
    }
    Some(Named::Char(code))
}

// ==========================================================================
// The _ucnhash_CAPI capsule
// ==========================================================================

/// CPython's `_PyUnicode_Name_CAPI` (`Include/internal/pycore_ucnhash.h`),
/// which `unicode_escape` uses for `\N{name}`.
#[repr(C)]
pub(crate) struct NameCapi {
    /// `getname(code, buffer, buflen, with_alias_and_seq)`: writes the
    /// NUL-terminated name; 0 when none or it does not fit.
    pub(crate) getname: unsafe extern "C" fn(u32, *mut c_char, c_int, c_int) -> c_int,
    /// `getcode(name, namelen, &code, with_named_seq)`: 0 when unknown.
    pub(crate) getcode: unsafe extern "C" fn(*const c_char, c_int, *mut u32, c_int) -> c_int,
}

/// The capsule's name, as `PyCapsule_Import` asks for it.
pub(crate) const CAPSULE_NAME: &CStr = c"unicodedata._ucnhash_CAPI";

static NAME_CAPI: StaticObject<NameCapi> = StaticObject::new(NameCapi {
    getname: capi_getname,
    getcode: capi_getcode,
});

/// # Safety
/// `buffer` writable for `buflen` bytes.
unsafe extern "C" fn capi_getname(
    code: u32,
    buffer: *mut c_char,
    buflen: c_int,
    with_alias_and_seq: c_int,
) -> c_int {
    if code > 0x10ffff {
        return 0;
    }
    let Some((name, kind)) = name_of(code, with_alias_and_seq != 0) else {
        return 0;
    };
    // CPython asks room for the longest name of a computed kind.
    let need = match kind {
        NameKind::Hangul => 27,
        NameKind::Ideograph => 28,
        NameKind::Table => name.len() + 1,
    };
    if buffer.is_null() || buflen < 0 || (buflen as usize) < need {
        return 0;
    }
    // SAFETY: the caller's buffer holds `buflen` >= the name plus NUL.
    unsafe {
        ptr::copy_nonoverlapping(name.as_ptr(), buffer.cast::<u8>(), name.len());
        *buffer.add(name.len()) = 0;
    }
    1
}

/// # Safety
/// `name` readable for `namelen` bytes; `code` writable.
unsafe extern "C" fn capi_getcode(
    name: *const c_char,
    namelen: c_int,
    code: *mut u32,
    with_named_seq: c_int,
) -> c_int {
    if name.is_null() || code.is_null() || namelen < 0 {
        return 0;
    }
    // SAFETY: per the contract; the bytes are read before returning.
    let bytes = unsafe { std::slice::from_raw_parts(name.cast::<u8>(), namelen as usize) };
    let found = match code_of(bytes, with_named_seq != 0) {
        Some(Named::Char(c)) => c,
        Some(Named::Sequence(i)) => NAMED_SEQUENCES_START + i as u32,
        None => return 0,
    };
    // SAFETY: writable per the contract.
    unsafe { *code = found };
    1
}

// ==========================================================================
// Normalization
// ==========================================================================

/// The normalization forms, in the quick-check bit order of `Record`.
#[derive(Clone, Copy)]
enum Form {
    Nfd,
    Nfkd,
    Nfc,
    Nfkc,
}

impl Form {
    /// The form a `form` argument names (exact, upper-case).
    fn named(s: &[u32]) -> Option<Form> {
        let form = match s {
            [0x4E, 0x46, 0x43] => Form::Nfc,
            [0x4E, 0x46, 0x4B, 0x43] => Form::Nfkc,
            [0x4E, 0x46, 0x44] => Form::Nfd,
            [0x4E, 0x46, 0x4B, 0x44] => Form::Nfkd,
            _ => return None,
        };
        Some(form)
    }

    fn compat(self) -> bool {
        matches!(self, Form::Nfkd | Form::Nfkc)
    }

    fn composed(self) -> bool {
        matches!(self, Form::Nfc | Form::Nfkc)
    }
}

/// CPython's `is_normalized_quickcheck` in its `yes_only` form: whether
/// `s` is certainly in `form` (canonically ordered, and every character's
/// quick check says YES). ASCII always is.
fn quick_check_yes(s: &[u32], form: Form) -> bool {
    let bit = 1u8 << form as u8;
    let mut prev = 0u8;
    for &c in s {
        let r = record(c);
        if r.1 != 0 && prev > r.1 {
            return false;
        }
        prev = r.1;
        if r.5 & bit == 0 {
            return false;
        }
    }
    true
}

/// Appends the full canonical (or with `compat`, compatibility)
/// decomposition of `c`.
fn push_decomposed(c: u32, compat: bool, out: &mut Vec<u32>) {
    if is_hangul_syllable(c) {
        let s = c - S_BASE;
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + s % N_COUNT / T_COUNT);
        let t = s % T_COUNT;
        if t != 0 {
            out.push(T_BASE + t);
        }
        return;
    }
    let (prefix, parts) = decomposition_of(c);
    if parts.is_empty() || (prefix != 0 && !compat) {
        out.push(c);
        return;
    }
    for &p in parts {
        push_decomposed(p, compat, out);
    }
}

/// NFD or NFKD: the full decomposition, canonically ordered (each run of
/// non-starters stably sorted by combining class).
fn decompose(s: &[u32], compat: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len() + s.len().min(10));
    for &c in s {
        push_decomposed(c, compat, &mut out);
    }
    let mut i = 0;
    while i < out.len() {
        if combining_class(out[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len() && combining_class(out[i]) != 0 {
            i += 1;
        }
        out[start..i].sort_by_key(|&c| combining_class(c));
    }
    out
}

/// Whether `c` is the first character of a canonical composition.
fn is_composition_first(c: u32) -> bool {
    db::COMPOSITIONS
        .binary_search_by(|&(f, _, _)| f.cmp(&c))
        .is_ok()
}

/// The primary composite of `first` and `second`, if any.
fn compose_pair(first: u32, second: u32) -> Option<u32> {
    db::COMPOSITIONS
        .binary_search_by(|&(f, s, _)| (f, s).cmp(&(first, second)))
        .ok()
        .map(|i| db::COMPOSITIONS[i].2)
}

/// NFC or NFKC: the decomposition, recomposed as CPython's `nfc_nfkc` does
/// (Hangul syllables from adjacent jamo; otherwise each starter with every
/// following unblocked character it composes with).
fn compose(s: &[u32], compat: bool) -> Vec<u32> {
    let d = decompose(s, compat);
    let mut out = Vec::with_capacity(d.len());
    let mut used = vec![false; d.len()];
    let mut i = 0;
    while i < d.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let c = d[i];
        if (L_BASE..L_BASE + L_COUNT).contains(&c)
            && i + 1 < d.len()
            && (V_BASE..V_BASE + V_COUNT).contains(&d[i + 1])
        {
            let mut syllable = S_BASE + ((c - L_BASE) * V_COUNT + (d[i + 1] - V_BASE)) * T_COUNT;
            i += 2;
            if i < d.len() && d[i] > T_BASE && d[i] < T_BASE + T_COUNT {
                syllable += d[i] - T_BASE;
                i += 1;
            }
            out.push(syllable);
            continue;
        }
        if !is_composition_first(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let mut current = c;
        let mut last_class = 0u8;
        let mut j = i + 1;
        while j < d.len() {
            let cls = combining_class(d[j]);
            if last_class != 0 {
                if cls == 0 {
                    break;
                }
                if last_class >= cls {
                    // Blocked.
                    j += 1;
                    continue;
                }
            }
            match compose_pair(current, d[j]) {
                Some(composite) if !used[j] => {
                    current = composite;
                    used[j] = true;
                    j += 1;
                    if !is_composition_first(current) {
                        break;
                    }
                }
                _ => {
                    if cls == 0 {
                        break;
                    }
                    last_class = cls;
                    j += 1;
                }
            }
        }
        out.push(current);
        i += 1;
    }
    out
}

/// `s` in `form`.
fn normalized(s: &[u32], form: Form) -> Vec<u32> {
    if form.composed() {
        compose(s, form.compat())
    } else {
        decompose(s, form.compat())
    }
}

// ==========================================================================
// Arguments
// ==========================================================================

unsafe extern "C" {
    fn _PyArg_CheckPositional(
        name: *const c_char,
        nargs: Py_ssize_t,
        min: Py_ssize_t,
        max: Py_ssize_t,
    ) -> c_int;
    fn _PyArg_BadArgument(
        fname: *const c_char,
        displayname: *const c_char,
        expected: *const c_char,
        arg: *mut PyObject,
    );
    fn _PyArg_Parse_SizeT(args: *mut PyObject, format: *const c_char, ...) -> c_int;
}

/// Clinic's `int(accept={str})` converter: the one character of a
/// length-1 `str`, else `TypeError("f() argument[ 1] must be a unicode
/// character, not T")`.
///
/// # Safety
/// `o` a live object.
unsafe fn one_char(fname: &CStr, display: &CStr, o: *mut PyObject) -> Option<u32> {
    // SAFETY: a live object; a str's character is read at once.
    unsafe {
        if u::is_str(o) && u::len(o) == 1 {
            return Some(u::read(o, 0));
        }
        _PyArg_BadArgument(
            fname.as_ptr(),
            display.as_ptr(),
            c"a unicode character".as_ptr(),
            o,
        );
    }
    None
}

/// The argument of a one-character `METH_O` function.
///
/// # Safety
/// `o` a live object.
unsafe fn only_char(fname: &CStr, o: *mut PyObject) -> Option<u32> {
    // SAFETY: per the contract.
    unsafe { one_char(fname, c"argument", o) }
}

/// The `(chr, default=<none>, /)` arguments of `decimal`, `digit`,
/// `numeric` and `name`: the character and the default (NULL: none).
///
/// # Safety
/// A fastcall's arguments.
unsafe fn char_and_default(
    fname: &CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> Option<(u32, *mut PyObject)> {
    // SAFETY: per the contract.
    unsafe {
        if _PyArg_CheckPositional(fname.as_ptr(), nargs, 1, 2) == 0 {
            return None;
        }
        let c = one_char(fname, c"argument 1", *args)?;
        let default = if nargs > 1 {
            *args.add(1)
        } else {
            ptr::null_mut()
        };
        Some((c, default))
    }
}

/// `default` as a new reference when there is one, else the error.
///
/// # Safety
/// `default` NULL or live.
unsafe fn default_or(default: *mut PyObject, exc: Exc, message: &str) -> *mut PyObject {
    if default.is_null() {
        return errors::fail_null(exc, message);
    }
    // SAFETY: live per the contract.
    unsafe { crate::objects::object::Py_IncRef(default) };
    default
}

/// The `(form, unistr, /)` arguments of `normalize` and `is_normalized`:
/// the form (None: not a form name), and the string's characters.
///
/// # Safety
/// A fastcall's arguments.
unsafe fn form_and_str(
    fname: &CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> Option<(Option<Form>, *mut PyObject)> {
    // SAFETY: per the contract.
    unsafe {
        if _PyArg_CheckPositional(fname.as_ptr(), nargs, 2, 2) == 0 {
            return None;
        }
        let (form, input) = (*args, *args.add(1));
        for (o, display) in [(form, c"argument 1"), (input, c"argument 2")] {
            if !u::is_str(o) {
                _PyArg_BadArgument(fname.as_ptr(), display.as_ptr(), c"str".as_ptr(), o);
                return None;
            }
        }
        Some((Form::named(&u::code_points(form)), input))
    }
}

fn invalid_form() -> *mut PyObject {
    errors::fail_null(Exc::ValueError, "invalid normalization form")
}

// ==========================================================================
// The functions
// ==========================================================================

/// `decimal(chr, default=<unrepresentable>, /)`.
unsafe extern "C" fn decimal(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some((c, default)) = char_and_default(c"decimal", args, nargs) else {
            return ptr::null_mut();
        };
        match crate::objects::unicodectype::_PyUnicode_ToDecimalDigit(c) {
            v if v >= 0 => crate::objects::longobject::PyLong_FromLong(v.into()),
            _ => default_or(default, Exc::ValueError, "not a decimal"),
        }
    }
}

/// `digit(chr, default=<unrepresentable>, /)`.
unsafe extern "C" fn digit(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some((c, default)) = char_and_default(c"digit", args, nargs) else {
            return ptr::null_mut();
        };
        match crate::objects::unicodectype::_PyUnicode_ToDigit(c) {
            v if v >= 0 => crate::objects::longobject::PyLong_FromLong(v.into()),
            _ => default_or(default, Exc::ValueError, "not a digit"),
        }
    }
}

/// `numeric(chr, default=<unrepresentable>, /)`.
unsafe extern "C" fn numeric(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some((c, default)) = char_and_default(c"numeric", args, nargs) else {
            return ptr::null_mut();
        };
        let v = crate::objects::unicodectype::_PyUnicode_ToNumeric(c);
        if v == -1.0 {
            return default_or(default, Exc::ValueError, "not a numeric character");
        }
        crate::objects::floatobject::float_from_f64(v)
    }
}

/// `name(chr, default=<unrepresentable>, /)`.
unsafe extern "C" fn name(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        let Some((c, default)) = char_and_default(c"name", args, nargs) else {
            return ptr::null_mut();
        };
        match name_of(c, false) {
            Some((n, _)) => u::unicode_from_str(&n),
            None => default_or(default, Exc::ValueError, "no such name"),
        }
    }
}

/// Defines a `METH_O` function of one character returning `$value(c)`.
macro_rules! char_property {
    ($(#[$doc:meta])* $fn:ident, $fname:literal, |$c:ident| $value:expr) => {
        $(#[$doc])*
        unsafe extern "C" fn $fn(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
            // SAFETY: a METH_O function's live argument.
            let Some($c) = (unsafe { only_char($fname, arg) }) else {
                return ptr::null_mut();
            };
            $value
        }
    };
}

char_property!(
    /// `category(chr, /)`: the general category ("Cn" when unassigned).
    category, c"category", |c| u::unicode_from_str(db::CATEGORIES[record(c).0 as usize])
);
char_property!(
    /// `bidirectional(chr, /)`: the bidirectional class ("" when none).
    bidirectional, c"bidirectional",
    |c| u::unicode_from_str(db::BIDIRECTIONAL[record(c).2 as usize])
);
char_property!(
    /// `combining(chr, /)`: the canonical combining class.
    combining, c"combining",
    |c| crate::objects::longobject::PyLong_FromLong(combining_class(c).into())
);
char_property!(
    /// `mirrored(chr, /)`: 1 when mirrored in bidirectional text, else 0.
    mirrored, c"mirrored",
    |c| crate::objects::longobject::PyLong_FromLong(record(c).3.into())
);
char_property!(
    /// `east_asian_width(chr, /)`.
    east_asian_width, c"east_asian_width",
    |c| u::unicode_from_str(db::EAST_ASIAN_WIDTHS[record(c).4 as usize])
);
char_property!(
    /// `decomposition(chr, /)`: the mapping as UnicodeData.txt writes it
    /// ("<tag> XXXX XXXX"), "" when none (Hangul syllables have none).
    decomposition, c"decomposition", |c| {
        let (prefix, parts) = decomposition_of(c);
        let mut text = db::DECOMP_PREFIXES[prefix].to_string();
        for p in parts {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("{p:04X}"));
        }
        u::unicode_from_str(&text)
    }
);

/// `lookup(name, /)`: the character (or, for a named sequence, the
/// string) `name` names; `name` is a str or a read-only bytes-like object.
unsafe extern "C" fn lookup(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    let mut data: *const c_char = ptr::null();
    let mut size: Py_ssize_t = 0;
    // SAFETY: the "s#" converter writes a pointer and a size, the data
    // living as long as `arg`, which the call holds.
    let bytes = unsafe {
        if _PyArg_Parse_SizeT(
            arg,
            c"s#:lookup".as_ptr(),
            &mut data as *mut *const c_char,
            &mut size as *mut Py_ssize_t,
        ) == 0
        {
            return ptr::null_mut();
        }
        std::slice::from_raw_parts(data.cast::<u8>(), size as usize).to_vec()
    };
    if bytes.len() > NAME_MAXLEN {
        return errors::fail_null(Exc::KeyError, "name too long");
    }
    match code_of(&bytes, true) {
        Some(Named::Char(c)) => u::unicode_from_code_points(&[c]),
        Some(Named::Sequence(i)) => u::unicode_from_code_points(db::NAMED_SEQUENCES[i].1),
        None => {
            // CPython formats the name with "%s": up to a NUL, as UTF-8.
            let shown = bytes.split(|&b| b == 0).next().unwrap_or_default();
            errors::fail_null(
                Exc::KeyError,
                format!(
                    "undefined character name '{}'",
                    String::from_utf8_lossy(shown)
                ),
            )
        }
    }
}

/// `normalize(form, unistr, /)`: `unistr` in normal form `form` ("NFC",
/// "NFKC", "NFD", "NFKD"); `unistr` itself when it certainly is already.
unsafe extern "C" fn normalize(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments; `input` is a live str.
    unsafe {
        let Some((form, input)) = form_and_str(c"normalize", args, nargs) else {
            return ptr::null_mut();
        };
        // The empty string is returned before the form is looked at.
        if u::len(input) == 0 {
            return Owned::borrowed(input).into_raw();
        }
        let Some(form) = form else {
            return invalid_form();
        };
        let s = u::code_points(input);
        if u::is_ascii(input) || quick_check_yes(&s, form) {
            return Owned::borrowed(input).into_raw();
        }
        u::unicode_from_code_points(&normalized(&s, form))
    }
}

/// `is_normalized(form, unistr, /)`: whether `unistr` is in normal form
/// `form`.
unsafe extern "C" fn is_normalized(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    use crate::objects::boolobject::bool_from_bool;
    // SAFETY: a fastcall's arguments; `input` is a live str.
    unsafe {
        let Some((form, input)) = form_and_str(c"is_normalized", args, nargs) else {
            return ptr::null_mut();
        };
        if u::len(input) == 0 {
            return bool_from_bool(true);
        }
        let Some(form) = form else {
            return invalid_form();
        };
        let s = u::code_points(input);
        if u::is_ascii(input) || quick_check_yes(&s, form) {
            return bool_from_bool(true);
        }
        bool_from_bool(normalized(&s, form) == s)
    }
}

// ==========================================================================
// The module
// ==========================================================================

const fn meth_o(name: &'static CStr, f: PyCFunction, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_doc: doc.as_ptr(),
        ..crate::python::clinic::method(name, f, METH_O)
    }
}

const fn fast(name: &'static CStr, f: _PyCFunctionFast, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_doc: doc.as_ptr(),
        ..crate::python::clinic::fastcall(name, f)
    }
}

static METHODS: StaticObject<[PyMethodDef; 14]> = StaticObject::new([
    fast(c"decimal", decimal, c"decimal($self, chr, default=<unrepresentable>, /)\n--\n\nConverts a Unicode character into its equivalent decimal value.\n\nReturns the decimal value assigned to the character chr as integer.\nIf no such value is defined, default is returned, or, if not given,\nValueError is raised."),
    fast(c"digit", digit, c"digit($self, chr, default=<unrepresentable>, /)\n--\n\nConverts a Unicode character into its equivalent digit value.\n\nReturns the digit value assigned to the character chr as integer.\nIf no such value is defined, default is returned, or, if not given,\nValueError is raised."),
    fast(c"numeric", numeric, c"numeric($self, chr, default=<unrepresentable>, /)\n--\n\nConverts a Unicode character into its equivalent numeric value.\n\nReturns the numeric value assigned to the character chr as float.\nIf no such value is defined, default is returned, or, if not given,\nValueError is raised."),
    meth_o(c"category", category, c"category($self, chr, /)\n--\n\nReturns the general category assigned to the character chr as string."),
    meth_o(c"bidirectional", bidirectional, c"bidirectional($self, chr, /)\n--\n\nReturns the bidirectional class assigned to the character chr as string.\n\nIf no such value is defined, an empty string is returned."),
    meth_o(c"combining", combining, c"combining($self, chr, /)\n--\n\nReturns the canonical combining class assigned to the character chr as integer.\n\nReturns 0 if no combining class is defined."),
    meth_o(c"mirrored", mirrored, c"mirrored($self, chr, /)\n--\n\nReturns the mirrored property assigned to the character chr as integer.\n\nReturns 1 if the character has been identified as a \"mirrored\"\ncharacter in bidirectional text, 0 otherwise."),
    meth_o(c"east_asian_width", east_asian_width, c"east_asian_width($self, chr, /)\n--\n\nReturns the east asian width assigned to the character chr as string."),
    meth_o(c"decomposition", decomposition, c"decomposition($self, chr, /)\n--\n\nReturns the character decomposition mapping assigned to the character chr as string.\n\nAn empty string is returned in case no such mapping is defined."),
    fast(c"is_normalized", is_normalized, c"is_normalized($self, form, unistr, /)\n--\n\nReturn whether the Unicode string unistr is in the normal form 'form'.\n\nValid values for form are 'NFC', 'NFKC', 'NFD', and 'NFKD'."),
    fast(c"normalize", normalize, c"normalize($self, form, unistr, /)\n--\n\nReturn the normal form 'form' for the Unicode string unistr.\n\nValid values for form are 'NFC', 'NFKC', 'NFD', and 'NFKD'."),
    fast(c"name", name, c"name($self, chr, default=<unrepresentable>, /)\n--\n\nReturns the name assigned to the character chr as a string.\n\nIf no name is defined, default is returned, or, if not given,\nValueError is raised."),
    meth_o(c"lookup", lookup, c"lookup($self, name, /)\n--\n\nLook up character by name.\n\nIf a character with the given name is found, return the\ncorresponding character.  If not found, KeyError is raised."),
    PyMethodDef::zeroed(),
]);

/// Makes the `unicodedata` module (a new reference), or NULL with the
/// error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static tables outlive the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"unicodedata".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        let Some(version) = Owned::new(u::unicode_from_str(db::UNIDATA_VERSION)) else {
            return ptr::null_mut();
        };
        let Some(capsule) = Owned::new(crate::objects::capsule::PyCapsule_New(
            NAME_CAPI.get().cast(),
            CAPSULE_NAME.as_ptr(),
            None,
        )) else {
            return ptr::null_mut();
        };
        let add = crate::python::modsupport::PyModule_AddObjectRef;
        if add(m.as_ptr(), c"unidata_version".as_ptr(), version.as_ptr()) < 0
            || add(m.as_ptr(), c"_ucnhash_CAPI".as_ptr(), capsule.as_ptr()) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nf(form: Form, s: &str) -> String {
        let cps: Vec<u32> = s.chars().map(u32::from).collect();
        normalized(&cps, form)
            .into_iter()
            .map(|c| char::from_u32(c).unwrap())
            .collect()
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(name_of(0x41, false).unwrap().0, "LATIN CAPITAL LETTER A");
        assert_eq!(name_of(0xAC01, false).unwrap().0, "HANGUL SYLLABLE GAG");
        assert_eq!(
            name_of(0x4E00, false).unwrap().0,
            "CJK UNIFIED IDEOGRAPH-4E00"
        );
        assert!(name_of(0xF0000, false).is_none());
        assert!(matches!(
            code_of(b"latin capital letter a", false),
            Some(Named::Char(0x41))
        ));
        assert!(matches!(
            code_of(b"HANGUL SYLLABLE GAG", false),
            Some(Named::Char(0xAC01))
        ));
        assert!(code_of(b"hangul syllable gag", false).is_none());
        assert!(matches!(code_of(b"NULL", false), Some(Named::Char(0))));
        assert!(code_of(b"KEYCAP NUMBER SIGN", false).is_none());
        assert!(matches!(
            code_of(b"KEYCAP NUMBER SIGN", true),
            Some(Named::Sequence(_))
        ));
    }

    #[test]
    fn normal_forms() {
        assert_eq!(nf(Form::Nfd, "\u{e9}"), "e\u{301}");
        assert_eq!(nf(Form::Nfc, "e\u{301}"), "\u{e9}");
        assert_eq!(nf(Form::Nfc, "\u{1100}\u{1161}\u{11a8}"), "\u{ac01}");
        assert_eq!(nf(Form::Nfd, "a\u{301}\u{316}"), "a\u{316}\u{301}");
        assert_eq!(nf(Form::Nfkc, "\u{fb01}"), "fi");
        assert_eq!(nf(Form::Nfc, "\u{212b}"), "\u{c5}");
        assert_eq!(nf(Form::Nfc, "\u{308}\u{301}"), "\u{308}\u{301}");
    }
}
