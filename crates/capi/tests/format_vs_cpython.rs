//! Differential tests: `pybuffer::format` against CPython 3.11's `struct`.
//!
//! Each test builds a few thousand (or, for the codec, a few hundred
//! thousand) cases, sends them to a single `python3` process as one JSON
//! array on stdin, and compares CPython's answers with ours case by case.
//! When `python3` is missing, or is not CPython 3.11 (whose error wording is
//! the reference), the tests print `SKIP: …` and pass.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use pybuffer::format::{ByteOrder, Field, Value, calcsize, pack_field, parse, unpack_field};
use serde_json::{Value as Json, json};

// ===========================================================================
//                              The oracle
// ===========================================================================

/// Answers a JSON array of requests with a JSON array of results:
///
/// * `["calcsize", fmt_hex]` → `["ok", size]`
/// * `["pack", fmt_hex, value]` → `["ok", bytes_hex]`
/// * `["unpack", fmt_hex, bytes_hex]` → `["ok", value]`
///
/// or `["err", exception_type, message]`. Values are `["int", decimal]`,
/// `["float", f64_bits_decimal]` (exact, NaN payloads included), `["bool",
/// b]` or `["bytes", hex]`.
const ORACLE: &str = r#"
import json, struct, sys

def decode(v):
    tag, x = v
    if tag == "int":
        return int(x)
    if tag == "float":
        return struct.unpack("<d", int(x).to_bytes(8, "little"))[0]
    if tag == "bool":
        return x
    return bytes.fromhex(x)

def encode(v):
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, float):
        return ["float", str(int.from_bytes(struct.pack("<d", v), "little"))]
    return ["bytes", v.hex()]

def answer(req):
    op, fmt = req[0], bytes.fromhex(req[1])
    try:
        if op == "calcsize":
            return ["ok", struct.calcsize(fmt)]
        if op == "pack":
            return ["ok", struct.pack(fmt, decode(req[2])).hex()]
        (value,) = struct.unpack(fmt, bytes.fromhex(req[2]))
        return ["ok", encode(value)]
    except Exception as e:
        return ["err", type(e).__name__, str(e)]

requests = json.load(sys.stdin)
json.dump({
    "implementation": sys.implementation.name,
    "version": list(sys.version_info[:2]),
    "results": [answer(r) for r in requests],
}, sys.stdout)
"#;

/// Run the oracle on `requests`; `None` (after printing why) when there is
/// no CPython 3.11 to ask.
fn ask_cpython(test: &str, requests: &[Json]) -> Option<Vec<Json>> {
    let spawned = Command::new("python3")
        .args(["-c", ORACLE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            eprintln!("SKIP: {test}: python3 not found on PATH");
            return None;
        }
        Err(e) => panic!("cannot start python3: {e}"),
    };
    // The oracle reads all of stdin before writing anything, so writing
    // everything first cannot deadlock on a full stdout pipe.
    let input = serde_json::to_vec(requests).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&input)
        .expect("write to python3");
    let output = child.wait_with_output().expect("wait for python3");
    assert!(
        output.status.success(),
        "python3 oracle failed: {}",
        output.status
    );
    let reply: Json = serde_json::from_slice(&output.stdout).expect("oracle output is JSON");
    if reply["implementation"] != "cpython" || reply["version"] != json!([3, 11]) {
        eprintln!(
            "SKIP: {test}: python3 is {} {}, the reference is CPython 3.11",
            reply["implementation"], reply["version"]
        );
        return None;
    }
    let results = reply["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), requests.len());
    Some(results)
}

/// Compare paired answers and fail with the first few differences.
fn assert_agree(test: &str, cases: &[String], ours: &[Json], theirs: &[Json]) {
    let mismatches: Vec<String> = cases
        .iter()
        .zip(ours.iter().zip(theirs))
        .filter(|(_, (o, t))| o != t)
        .map(|(case, (o, t))| format!("{case}: ours {o}, CPython {t}"))
        .collect();
    eprintln!(
        "{test}: {} cases compared, {} disagree",
        cases.len(),
        mismatches.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} of {} cases disagree with CPython; first ones:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches[..mismatches.len().min(25)].join("\n")
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SplitMix64: a fixed-seed generator so every run checks the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const CODES: &[u8] = b"xcbB?hHiIlLqQnNefdspP";
const PREFIXES: &[&str] = &["", "@", "=", "<", ">", "!"];
const COUNTS: &[&str] = &["", "0", "1", "2", "3", "7", "100"];

// ===========================================================================
//                               calcsize
// ===========================================================================

fn calcsize_cases() -> Vec<Vec<u8>> {
    let mut cases: Vec<Vec<u8>> = Vec::new();
    let bad: &[u8] = b"azZ#-+.|@<>!= \t\x0b\x80\xe9\xff";

    // Every code (and some non-codes) under every prefix and count.
    for prefix in PREFIXES {
        for count in COUNTS {
            for &code in CODES.iter().chain(bad) {
                let mut f = format!("{prefix}{count}").into_bytes();
                f.push(code);
                cases.push(f);
            }
            cases.push(format!("{prefix}{count}").into_bytes());
        }
    }
    // Pairs: the second code's alignment after the first.
    for prefix in PREFIXES {
        for &a in CODES {
            for &b in CODES {
                for count in COUNTS {
                    let mut f = prefix.as_bytes().to_vec();
                    f.push(a);
                    f.extend_from_slice(count.as_bytes());
                    f.push(b);
                    cases.push(f);
                }
                cases.push(format!("{prefix}3{} {}", a as char, b as char).into_bytes());
            }
        }
    }
    // Overflow edges.
    for s in [
        "9223372036854775807x",
        "9223372036854775807s",
        "9223372036854775807p",
        "9223372036854775808x",
        "9223372036854775807",
        "99999999999999999999",
        "99999999999999999999x",
        "18446744073709551615x",
        "18446744073709551616x",
        "4611686018427387903h",
        "4611686018427387904h",
        "<4611686018427387903h",
        "<4611686018427387903hx",
        "1152921504606846975q",
        "1152921504606846976q",
        "9223372036854775807xh",
        "9223372036854775806xh",
        "9223372036854775807xc",
        "9223372036854775800xq",
        "9223372036854775807x0i",
        "=9223372036854775807x0i",
        "9223372036854775807x 1z",
        "000000000000000000000000000001i",
        "0000000000000000000000000000000",
        "00000000000000000000000000000000x",
        "1i1",
        "i\x00",
        "\x00",
        "z\x00",
    ] {
        cases.push(s.as_bytes().to_vec());
    }

    // Random strings over codes, counts, whitespace, prefixes and junk.
    let mut rng = Rng(0x5eed_f00d);
    let spaces: &[u8] = b" \t\n\x0b\x0c\r";
    let huge = [
        "9223372036854775807",
        "9223372036854775806",
        "9223372036854775808",
        "4611686018427387904",
        "99999999999999999999",
        "1000000000000000000",
        "2305843009213693951",
    ];
    for _ in 0..6000 {
        let mut f = Vec::new();
        if rng.below(2) == 0 {
            f.extend_from_slice(rng.pick(PREFIXES).as_bytes());
        }
        for _ in 0..rng.below(8) {
            match rng.below(20) {
                0..=7 => f.push(*rng.pick(CODES)),
                8..=10 => {
                    f.extend_from_slice(rng.below(200).to_string().as_bytes());
                    f.push(*rng.pick(CODES));
                }
                11 => f.extend_from_slice(rng.pick(&huge).as_bytes()),
                12 | 13 => f.push(*rng.pick(spaces)),
                14 => f.push(*rng.pick(b"@=<>!")),
                15 => f.push(*rng.pick(bad)),
                16 => f.push(rng.next() as u8 | 1),
                17 => f.extend_from_slice(rng.below(10).to_string().as_bytes()),
                18 if rng.below(20) == 0 => f.push(0),
                _ => f.push(*rng.pick(b"xx0")),
            }
        }
        if rng.below(10) == 0 {
            f.extend_from_slice(rng.below(1000).to_string().as_bytes());
        }
        cases.push(f);
    }
    cases
}

#[test]
fn calcsize_matches_cpython() {
    let cases = calcsize_cases();
    let requests: Vec<Json> = cases.iter().map(|f| json!(["calcsize", hex(f)])).collect();
    let Some(theirs) = ask_cpython("calcsize_matches_cpython", &requests) else {
        return;
    };
    // Every calcsize failure in CPython is struct.error; keep the type in
    // the comparison so an unexpected exception type shows up.
    let ours: Vec<Json> = cases
        .iter()
        .map(|f| match calcsize(f) {
            Ok(n) => json!(["ok", n]),
            Err(e) => json!(["err", "error", e.message]),
        })
        .collect();
    // parse() must agree with calcsize() on every case as well.
    for f in &cases {
        let via_parse = parse(f).map(|p| p.size).map_err(|e| e.message);
        assert_eq!(via_parse, calcsize(f).map_err(|e| e.message), "{f:?}");
    }
    let labels: Vec<String> = cases
        .iter()
        .map(|f| format!("{:?}", String::from_utf8_lossy(f)))
        .collect();
    assert_agree("calcsize_matches_cpython", &labels, &ours, &theirs);
}

// ===========================================================================
//                                 codec
// ===========================================================================

fn encode(value: &Value) -> Json {
    match value {
        Value::Int(i) => json!(["int", i.to_string()]),
        Value::UInt(u) => json!(["int", u.to_string()]),
        Value::Pointer(p) => json!(["int", p.to_string()]),
        Value::Float(f) => json!(["float", f.to_bits().to_string()]),
        Value::Bool(b) => json!(["bool", b]),
        Value::Bytes(b) => json!(["bytes", hex(b)]),
    }
}

/// The one field of a single-value format and its byte order.
fn single(fmt: &str) -> (Field, ByteOrder, usize) {
    let parsed = parse(fmt.as_bytes()).unwrap();
    let field = *parsed
        .is_single()
        .unwrap_or_else(|| panic!("{fmt} is not single"));
    (field, parsed.byte_order, parsed.size)
}

fn int_value(v: i128) -> Value {
    match i64::try_from(v) {
        Ok(i) => Value::Int(i),
        Err(_) => Value::UInt(v as u64),
    }
}

fn pack_values(rng: &mut Rng) -> Vec<Value> {
    let mut values = Vec::new();
    let mut ints: Vec<i128> = vec![0, 1, -1, 2, 100, -100];
    for bits in [8, 16, 32, 64] {
        let half = 1i128 << (bits - 1);
        ints.extend([half - 1, half, -half, -half - 1, 2 * half - 1, 2 * half]);
    }
    ints.retain(|v| (i64::MIN as i128..=u64::MAX as i128).contains(v));
    for &v in &ints {
        values.push(int_value(v));
        if (0..=u64::MAX as i128).contains(&v) {
            values.push(Value::UInt(v as u64));
            values.push(Value::Pointer(v as usize));
        }
    }
    values.extend([Value::Bool(false), Value::Bool(true)]);
    for b in [&b""[..], b"a", b"\x00", b"ab", b"hello world"] {
        values.push(Value::Bytes(b.to_vec()));
    }
    values.push(Value::Bytes(vec![b'z'; 300]));
    let tiny = 2f64.powi(-24);
    let f32_overflow_tie = (2.0 - 2f64.powi(-24)) * 2f64.powi(127);
    let mut floats = vec![
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1.0 / 3.0,
        65504.0,
        65519.99,
        65520.0,
        -65520.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::from_bits(0x7ff0_0000_0000_0001),
        f64::from_bits(0xfff4_0000_dead_beef),
        tiny,
        tiny / 2.0,
        tiny * 1.5,
        tiny * 2.5,
        tiny / 2.0 * 1.000_000_1,
        2f64.powi(-14),
        f64::from(f32::MAX),
        // Halfway between f32::MAX and 2**128 (rounds to infinity), and the
        // double just below it (rounds to f32::MAX).
        f32_overflow_tie,
        f64::from_bits(f32_overflow_tie.to_bits() - 1),
        f64::from(f32::MIN_POSITIVE) / 4.0,
        1e-50,
        5e-324,
        f64::MAX,
    ];
    for _ in 0..400 {
        // Spread over the half and single ranges, boundaries included.
        let exp = rng.below(60) as i32 - 30;
        let x = (1.0 + (rng.next() >> 11) as f64 / (1u64 << 53) as f64) * 2f64.powi(exp);
        floats.push(if rng.below(2) == 0 { x } else { -x });
        // Exactly representable ties and near-ties for half rounding.
        let h = (rng.below(0x7c00) as f64 + 0.5) * 2f64.powi(rng.below(10) as i32 - 24);
        floats.push(h);
        floats.push(f64::from_bits(rng.next()));
    }
    values.extend(floats.into_iter().map(Value::Float));
    values
}

fn codec_formats() -> Vec<String> {
    let mut formats = Vec::new();
    for prefix in ["", "@", "=", "<", ">", "!"] {
        for &code in CODES {
            let native_only = matches!(code, b'n' | b'N' | b'P');
            if code == b'x' || (native_only && !matches!(prefix, "" | "@")) {
                continue;
            }
            if matches!(code, b's' | b'p') {
                for n in ["", "0", "1", "2", "5", "300"] {
                    formats.push(format!("{prefix}{n}{}", code as char));
                }
            } else {
                formats.push(format!("{prefix}{}", code as char));
            }
        }
    }
    formats
}

#[test]
fn codec_matches_cpython() {
    let mut rng = Rng(0xc0de_c0de);
    let values = pack_values(&mut rng);
    let mut labels = Vec::new();
    let mut requests = Vec::new();
    let mut ours = Vec::new();

    for fmt in codec_formats() {
        let (field, order, size) = single(&fmt);
        let fmt_hex = hex(fmt.as_bytes());

        // pack: every value of every kind, errors included.
        for value in &values {
            let mut out = vec![0u8; size];
            let result = pack_field(&field, order, value, &mut out[field.offset..]);
            labels.push(format!("pack({fmt:?}, {value:?})"));
            requests.push(json!(["pack", fmt_hex, encode(value)]));
            ours.push(match result {
                Ok(()) => json!(["ok", hex(&out)]),
                Err(e) => json!(["err", e.message]),
            });
        }

        // unpack: edge patterns plus random bytes; every half exhaustively.
        let mut patterns: Vec<Vec<u8>> = vec![
            vec![0; size],
            vec![0xff; size],
            vec![0x80; size],
            vec![0x7f; size],
            (0..size).map(|i| (i + 1) as u8).collect(),
        ];
        if size > 0 {
            let mut p = vec![0u8; size];
            p[0] = 0x80;
            patterns.push(p.clone());
            p.reverse();
            patterns.push(p);
        }
        if field.code == b'e' && matches!(fmt.as_str(), "e" | "<e" | ">e") {
            patterns.extend((0..=u16::MAX).map(|h| h.to_le_bytes().to_vec()));
        } else {
            let random = if matches!(field.code, b'e' | b'f') {
                3000
            } else {
                100
            };
            for _ in 0..random {
                patterns.push(rng.bytes(size));
            }
        }
        // CPython 3.11 fails struct.unpack("0p", b"") with SystemError
        // ("Negative size passed to PyBytes_FromStringAndSize"): it clamps
        // the length byte to size - 1 = -1. We return b"" as later CPythons
        // do, so a zero-length Pascal string is left out of the unpack half.
        if field.code == b'p' && field.size == 0 {
            continue;
        }
        for bytes in patterns {
            labels.push(format!("unpack({fmt:?}, {})", hex(&bytes)));
            requests.push(json!(["unpack", fmt_hex, hex(&bytes)]));
            ours.push(json!([
                "ok",
                encode(&unpack_field(&field, order, &bytes[field.offset..]))
            ]));
        }
    }

    let Some(theirs) = ask_cpython("codec_matches_cpython", &requests) else {
        return;
    };
    // Our errors carry only the message; CPython's type (struct.error or,
    // for float overflow, OverflowError) is dropped before comparing.
    let theirs: Vec<Json> = theirs
        .into_iter()
        .map(|t| match t.as_array().map(Vec::as_slice) {
            Some([tag, _type, message]) if tag == "err" => json!(["err", message]),
            _ => t,
        })
        .collect();
    assert_agree("codec_matches_cpython", &labels, &ours, &theirs);
}

#[test]
fn codec_round_trips_through_cpython() {
    // Values read from random bytes are in range for their code by
    // construction: packing one must give CPython's bytes, and CPython must
    // read those bytes back as the same value.
    let mut labels = Vec::new();
    let mut requests = Vec::new();
    let mut ours = Vec::new();
    let mut rng = Rng(0x0bad_cafe);
    for fmt in codec_formats() {
        let (field, order, size) = single(&fmt);
        let fmt_hex = hex(fmt.as_bytes());
        for _ in 0..50 {
            let value = unpack_field(&field, order, &rng.bytes(size));
            let mut packed = vec![0u8; size];
            pack_field(&field, order, &value, &mut packed)
                .unwrap_or_else(|e| panic!("{fmt}: {value:?} does not repack: {e}"));
            labels.push(format!("pack({fmt:?}, {value:?})"));
            requests.push(json!(["pack", fmt_hex, encode(&value)]));
            ours.push(json!(["ok", hex(&packed)]));
            if field.code == b'p' && field.size == 0 {
                continue; // CPython 3.11 cannot unpack "0p"; see above.
            }
            labels.push(format!("unpack({fmt:?}, {})", hex(&packed)));
            requests.push(json!(["unpack", fmt_hex, hex(&packed)]));
            ours.push(json!(["ok", encode(&value)]));
        }
    }
    let Some(theirs) = ask_cpython("codec_round_trips_through_cpython", &requests) else {
        return;
    };
    assert_agree("codec_round_trips_through_cpython", &labels, &ours, &theirs);
}
