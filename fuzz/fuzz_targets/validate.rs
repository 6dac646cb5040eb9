//! libFuzzer entry for the `validate` harness (see `pybuffer_fuzz::validate`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pybuffer_fuzz::validate::run(data));
