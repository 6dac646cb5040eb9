//! libFuzzer entry for the `format` harness (see `pybuffer_fuzz::format`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pybuffer_fuzz::format::run(data));
