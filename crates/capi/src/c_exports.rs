//! The exported names of the API functions written in C (the variadic
//! entry points in the `.c` files beside their Rust modules).
//!
//! rustc exports only Rust items from a cdylib, so `build.rs` compiles
//! each C export `Name` as `_Pyb_c_Name` and generates here a
//! `#[no_mangle]` naked function `Name` that does nothing but tail-jump to
//! it: one instruction that leaves every register and the stack, and so any
//! variadic arguments, as the caller left them. On an architecture without
//! such a jump known to `build.rs`, this module is empty and the linker is
//! told to export the C symbols instead.

include!(concat!(env!("OUT_DIR"), "/c_exports.rs"));
