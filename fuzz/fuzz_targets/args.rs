//! libFuzzer entry for the `args` harness (see `pybuffer_fuzz::args`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pybuffer_fuzz::args::run(data));
