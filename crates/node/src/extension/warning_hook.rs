//! Warnings raised by extension code, re-emitted as `process.emitWarning`.

use super::*;

// ==========================================================================
// Warnings
// ==========================================================================

thread_local! {
    /// Warnings C code issued on this thread (category name, message), to be
    /// emitted in this thread's JS environment when control returns to it.
    static PENDING_WARNINGS: std::cell::RefCell<Vec<(String, String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Routes the shim's warnings to this thread's queue (once per process).
pub(super) fn install_warning_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        warnings::set_hook(Some(Box::new(|w: &warnings::Warning| {
            // CPython's default filters decide what is shown, as they would
            // for the same C code under CPython.
            if w.shown_by_default {
                PENDING_WARNINGS.with(|q| {
                    q.borrow_mut()
                        .push((w.category_name.clone(), w.message.clone()))
                });
            }
        })));
    });
}

/// Emits the warnings queued on this thread with
/// `process.emitWarning(message, category)`.
pub(super) fn emit_pending_warnings(env: &Env) -> Result<()> {
    emit_warnings(env, take_pending_warnings())
}

/// Takes the warnings queued on this thread (category name, message), to be
/// emitted in a JS environment later: an async call's pool thread hands
/// them to the JS thread that settles the call.
pub(super) fn take_pending_warnings() -> Vec<(String, String)> {
    PENDING_WARNINGS.with(|q| std::mem::take(&mut *q.borrow_mut()))
}

/// Emits `pending` with `process.emitWarning(message, category)`.
pub(super) fn emit_warnings(env: &Env, pending: Vec<(String, String)>) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let raw = env.raw();
    let mut global = ptr::null_mut();
    let mut process = ptr::null_mut();
    let mut emit = ptr::null_mut();
    // SAFETY: (all) values of the current env and scope, inside a napi call.
    unsafe {
        check(sys::napi_get_global(raw, &mut global))?;
        check(sys::napi_get_named_property(
            raw,
            global,
            c"process".as_ptr(),
            &mut process,
        ))?;
        check(sys::napi_get_named_property(
            raw,
            process,
            c"emitWarning".as_ptr(),
            &mut emit,
        ))?;
        for (category, message) in pending {
            let argv = [
                String::to_napi_value(raw, message)?,
                String::to_napi_value(raw, category)?,
            ];
            let mut ignored = ptr::null_mut();
            check(sys::napi_call_function(
                raw,
                process,
                emit,
                2,
                argv.as_ptr(),
                &mut ignored,
            ))?;
        }
    }
    Ok(())
}
