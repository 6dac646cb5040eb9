//! libFuzzer entry for the `copy` harness (see `pybuffer_fuzz::copy`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pybuffer_fuzz::copy::run(data));
