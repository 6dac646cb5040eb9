//! `complexobject.h`: `Py_complex`, the C value of a `complex`.

/// `Py_complex`: a complex number as two doubles.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Py_complex {
    /// The real part.
    pub real: f64,
    /// The imaginary part.
    pub imag: f64,
}
