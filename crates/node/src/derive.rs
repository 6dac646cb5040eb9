//! Views derived from views, as memoryview derives them: slices, permuted
//! dimensions and casts. Each is a new view in the slab over the same
//! export (see `pybuffer::view::BufferView`'s derived views): no copy, and
//! the export stays acquired, so the exporter refuses to close, until the
//! last view presenting it is released.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pybuffer::objects::exceptions::Exc;
use pybuffer::view::SliceArg;

use crate::errors;
use crate::views;

fn index(v: i64, what: &str) -> Result<isize> {
    isize::try_from(v)
        .map_err(|_| errors::raise(Exc::OverflowError, format!("{what} is out of range")))
}

fn bound(v: Option<i64>, what: &str) -> Result<Option<isize>> {
    v.map(|x| index(x, what)).transpose()
}

/// A view of the items selected by one slice per leading dimension, given
/// flat as `[start0, stop0, step0, start1, …]` with null for an omitted
/// bound (Python's `None`).
#[napi]
pub fn view_slice(id: f64, bounds: Vec<Option<i64>>) -> Result<f64> {
    if !bounds.len().is_multiple_of(3) {
        return Err(errors::raise(
            Exc::TypeError,
            "viewSlice: bounds come in threes",
        ));
    }
    let slices = bounds
        .chunks_exact(3)
        .map(|b| {
            Ok(SliceArg {
                start: bound(b[0], "slice start")?,
                stop: bound(b[1], "slice stop")?,
                step: bound(b[2], "slice step")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let view = views::with(id, |v| v.slice(&slices).map_err(errors::from_info))?;
    views::insert(view)
}

/// A view with its dimensions in the order `axes` gives.
#[napi]
pub fn view_permute(id: f64, axes: Vec<i64>) -> Result<f64> {
    let axes = axes
        .into_iter()
        .map(|a| index(a, "axis"))
        .collect::<Result<Vec<_>>>()?;
    let view = views::with(id, |v| v.permute(&axes).map_err(errors::from_info))?;
    views::insert(view)
}

/// `memoryview.cast(format, shape)`.
#[napi]
pub fn view_cast(id: f64, format: String, shape: Option<Vec<i64>>) -> Result<f64> {
    let shape = shape
        .map(|s| {
            s.into_iter()
                .map(|x| index(x, "shape element"))
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?;
    let view = views::with(id, |v| {
        v.cast(&format, shape.as_deref()).map_err(errors::from_info)
    })?;
    views::insert(view)
}
