//! Conversions between JS values and Python objects, both ways.

use super::*;

// ==========================================================================
// Conversions
// ==========================================================================

/// The type name of a live object.
///
/// # Safety
/// `op` must be a live object.
pub(super) unsafe fn type_name(op: *mut PyObject) -> String {
    // SAFETY: live per the contract; types outlive their instances.
    let name = unsafe { (*(*op).ob_type).tp_name };
    if name.is_null() {
        return "?".into();
    }
    // SAFETY: tp_name is NUL-terminated.
    unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned()
}

/// JS numbers up to this magnitude are exact integers.
pub(super) const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

/// The arguments of one call: the objects C sees, and the references this
/// call made for them (dropped after the call).
pub(super) struct Args {
    pub(super) objects: Vec<*mut PyObject>,
    pub(super) owned: Vec<*mut PyObject>,
    /// The JS-memory exporters among the arguments, also inside lists and
    /// tuples (borrowed, alive while the arguments are), for async calls to
    /// pin.
    pub(super) exporters: Vec<*mut PyObject>,
}

impl Drop for Args {
    fn drop(&mut self) {
        for &obj in &self.owned {
            // SAFETY: references made for the call, no longer used.
            unsafe { Py_DecRef(obj) };
        }
    }
}

impl Args {
    pub(super) fn with_capacity(n: usize) -> Args {
        Args {
            objects: Vec::with_capacity(n),
            owned: Vec::with_capacity(n),
            exporters: Vec::new(),
        }
    }

    fn push_new(&mut self, obj: *mut PyObject) -> Result<()> {
        if obj.is_null() {
            return Err(errors::take());
        }
        self.owned.push(obj);
        self.objects.push(obj);
        Ok(())
    }
}

/// Converts one JS argument (`index` from 0) to the object C receives.
pub(super) fn push_arg(
    env: &Env,
    args: &mut Args,
    value: &Unknown<'_>,
    index: usize,
    func: &dyn Fn() -> String,
    lib: &Arc<ExtLib>,
) -> Result<()> {
    let n = index + 1;
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => args.push_new(none()),
        ValueType::Boolean => {
            // SAFETY: a boolean, as get_type says.
            let b = unsafe { value.cast::<bool>() }?;
            args.push_new(bool_from_bool(b))
        }
        ValueType::Number => {
            // SAFETY: a number, as get_type says.
            let v = unsafe { value.cast::<f64>() }?;
            // -0 is the int 0 too: Math.round(-0.2) and friends give it,
            // and an index or count must stay an int.
            if v.is_finite() && v.fract() == 0.0 {
                // Integral: an int of the same value, exactly, at any
                // magnitude (as Python's `int(v)`).
                args.push_new(pybuffer::objects::longobject::PyLong_FromDouble(v))
            } else {
                args.push_new(float_from_f64(v))
            }
        }
        ValueType::BigInt => {
            // SAFETY: a bigint, as get_type says.
            let b = unsafe { value.cast::<BigInt>() }?;
            // An int of any size, as Python's.
            let magnitude: Vec<u8> = b.words.iter().flat_map(|w| w.to_le_bytes()).collect();
            args.push_new(pybuffer::objects::longobject::long_from_le_bytes(
                b.sign_bit, &magnitude,
            ))
        }
        ValueType::String => {
            // As UTF-16, so that a lone surrogate reaches Python as itself
            // (a UTF-8 copy would replace it with U+FFFD).
            let units = js_string_units(value.value().env, value.raw())?;
            args.push_new(pybuffer::objects::unicodeobject::unicode_from_utf16(&units))
        }
        ValueType::Object => {
            let (raw_env, raw) = (value.value().env, value.raw());
            let mut is_array = false;
            // SAFETY: a value of the current env.
            check(unsafe { sys::napi_is_array(raw_env, raw, &mut is_array) })?;
            if is_array {
                return push_container(env, args, raw, Container::List, index, func, lib);
            }
            // SAFETY: a value of the current env.
            let what = || format!("{}() argument {n}", func());
            if let Some(obj) = unsafe { memory_exporter(raw_env, raw, &what) }? {
                args.push_new(obj)?;
                // SAFETY: the exporter just made, alive while `args` is.
                let ex = unsafe { exporter::downcast(obj) }.expect("an exporter");
                // SAFETY: the current env, inside this napi call.
                unsafe { ex.check_attached(raw_env) }.map_err(|(kind, message)| {
                    errors::raise(kind, format!("{}() argument {n}: {message}", func()))
                })?;
                args.exporters.push(obj);
                return Ok(());
            }
            // SAFETY: ClassInstance unwraps only after checking the class's
            // type tag, so anything but a PyObjectHandle is refused.
            let handle = unsafe { value.cast::<ClassInstance<'_, PyObjectHandle>>() };
            let handle = match handle {
                Ok(h) => h,
                Err(_) => {
                    // `tuple([...])`, a `Set` and `frozenset([...])` reach
                    // here as { [KEY]: items } (extension.ts refuses every
                    // other plain object).
                    for (key, kind) in [
                        (TUPLE_KEY, Container::Tuple),
                        (SET_KEY, Container::Set),
                        (FROZENSET_KEY, Container::FrozenSet),
                    ] {
                        let mut items = ptr::null_mut();
                        let mut has = false;
                        // SAFETY: values of the current env.
                        let found = unsafe {
                            sys::napi_has_named_property(raw_env, raw, key.as_ptr(), &mut has)
                                == sys::Status::napi_ok
                                && has
                                && sys::napi_get_named_property(
                                    raw_env,
                                    raw,
                                    key.as_ptr(),
                                    &mut items,
                                ) == sys::Status::napi_ok
                                && sys::napi_is_array(raw_env, items, &mut is_array)
                                    == sys::Status::napi_ok
                                && is_array
                        };
                        if found {
                            return push_container(env, args, items, kind, index, func, lib);
                        }
                    }
                    return Err(errors::raise(
                        Exc::TypeError,
                        format!("{}() argument {n}: expected a PyObjectHandle", func()),
                    ));
                }
            };
            // SAFETY: the handle keeps the object alive during the call.
            let obj = unsafe { public_object(handle.get()?) };
            // JS memory must still be there, and be this thread's: C gets
            // no chance to check (it would read freed or foreign memory).
            // SAFETY: the handle keeps the object alive.
            if let Some(ex) = unsafe { exporter::downcast(obj) } {
                // SAFETY: the current env, inside this napi call.
                unsafe { ex.check_attached(env.raw()) }.map_err(|(kind, message)| {
                    errors::raise(kind, format!("{}() argument {n}: {message}", func()))
                })?;
                args.exporters.push(obj);
            }
            // An extension's objects reach C unwrapped, whichever library
            // made them, so that C sees their own types (cffi's FFI and
            // cdata objects, made by _cffi_backend, go to its out-of-line
            // modules' functions and back). C may keep what it is given:
            // the receiving library then keeps the object's loaded.
            // SAFETY: the handle keeps the object alive during the call.
            let obj = match unsafe { ExtObject::downcast(obj) } {
                Some(w) => {
                    lib.keep(&w.lib);
                    w.inner
                }
                None => obj,
            };
            // Borrowed: the handle holds it for the duration of the call.
            args.objects.push(obj);
            Ok(())
        }
        other => Err(errors::raise(
            Exc::TypeError,
            format!(
                "{}() argument {n}: cannot convert a JS {other:?} to a Python object",
                func()
            ),
        )),
    }
}

/// The arguments of one call, converted: `f(*positional, **keywords)`.
pub(super) struct CallArgs {
    pub(super) args: Args,
    /// How many of `args.objects` are positional; the rest are the values
    /// of `kwnames`, in order.
    pub(super) npositional: usize,
    pub(super) kwnames: Vec<String>,
}

impl CallArgs {
    pub(super) fn positional(&self) -> &[*mut PyObject] {
        &self.args.objects[..self.npositional]
    }

    /// The keyword arguments as `call::call` takes them.
    pub(super) fn keywords(&self) -> Vec<(&str, *mut PyObject)> {
        self.kwnames
            .iter()
            .map(String::as_str)
            .zip(self.args.objects[self.npositional..].iter().copied())
            .collect()
    }
}

/// Converts the positional arguments `args` and the keyword arguments
/// `kwnames[i] = kwvalues[i]` of a call to `func()`, as
/// [`ExtensionModule::call`] describes. Called holding the GIL.
pub(super) fn convert_call_args(
    env: &Env,
    args: &[Unknown<'_>],
    kwnames: Option<Vec<String>>,
    kwvalues: Option<Vec<Unknown<'_>>>,
    func: &dyn Fn() -> String,
    lib: &Arc<ExtLib>,
) -> Result<CallArgs> {
    let kwnames = kwnames.unwrap_or_default();
    let kwvalues = kwvalues.unwrap_or_default();
    if kwnames.len() != kwvalues.len() {
        return Err(errors::raise(
            Exc::SystemError,
            format!(
                "{}: {} keyword names for {} keyword values",
                func(),
                kwnames.len(),
                kwvalues.len()
            ),
        ));
    }
    let mut converted = Args::with_capacity(args.len() + kwvalues.len());
    for (i, a) in args.iter().chain(kwvalues.iter()).enumerate() {
        push_arg(env, &mut converted, a, i, func, lib)?;
    }
    Ok(CallArgs {
        args: converted,
        npositional: args.len(),
        kwnames,
    })
}

/// The property under which extension.ts passes the items of `tuple([...])`.
pub(super) const TUPLE_KEY: &std::ffi::CStr = c"__pybufferTuple";
/// The property under which extension.ts passes the items of a JS `Set`.
pub(super) const SET_KEY: &std::ffi::CStr = c"__pybufferSet";
/// The property under which extension.ts passes the items of
/// `frozenset([...])`.
pub(super) const FROZENSET_KEY: &std::ffi::CStr = c"__pybufferFrozenset";

/// The Python container a JS array of arguments becomes.
#[derive(Clone, Copy)]
pub(super) enum Container {
    List,
    Tuple,
    Set,
    FrozenSet,
}

/// Converts the JS array `array` to a new `list`, `tuple`, `set` or
/// `frozenset`, its items converted as arguments are, and pushes it. A set
/// of an unhashable item (a JS array is a `list`) raises CPython's
/// `TypeError: unhashable type: 'list'`.
pub(super) fn push_container(
    js_env: &Env,
    args: &mut Args,
    array: sys::napi_value,
    kind: Container,
    index: usize,
    func: &dyn Fn() -> String,
    lib: &Arc<ExtLib>,
) -> Result<()> {
    use pybuffer::objects::setobject::{PyFrozenSet_New, PySet_Add, PySet_New};
    unsafe extern "C" {
        fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
        fn PyList_SetItem(l: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
        fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
        fn PyTuple_SetItem(t: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int;
    }
    // Nested arrays recurse here: deeper than the thread's stack allows (a
    // worker's is 4 MiB) is a RecursionError, not a stack overflow.
    if !pybuffer::objects::object::enough_stack(" while converting an argument from JS") {
        return Err(errors::take());
    }
    let env = js_env.raw();
    let mut len = 0u32;
    // SAFETY: an array of the current env.
    check(unsafe { sys::napi_get_array_length(env, array, &mut len) })?;
    let mut items = Args::with_capacity(len as usize);
    for i in 0..len {
        let mut v = ptr::null_mut();
        // SAFETY: an array of the current env.
        check(unsafe { sys::napi_get_element(env, array, i, &mut v) })?;
        // SAFETY: a value of the current env, used within this call.
        let item = unsafe { Unknown::from_raw_unchecked(env, v) };
        push_arg(js_env, &mut items, &item, index, func, lib)?;
    }
    args.exporters.append(&mut items.exporters);
    let n = items.objects.len() as Py_ssize_t;
    // SAFETY: new containers filled with new references (SetItem steals,
    // PySet_Add takes its own); the items are alive while `items` holds
    // them. A new frozenset is filled while nothing else refers to it.
    unsafe {
        let seq = match kind {
            Container::List => PyList_New(n),
            Container::Tuple => PyTuple_New(n),
            Container::Set => PySet_New(ptr::null_mut()),
            Container::FrozenSet => PyFrozenSet_New(ptr::null_mut()),
        };
        if seq.is_null() {
            return Err(errors::take());
        }
        for (i, &o) in items.objects.iter().enumerate() {
            match kind {
                Container::List => {
                    Py_IncRef(o);
                    PyList_SetItem(seq, i as Py_ssize_t, o);
                }
                Container::Tuple => {
                    Py_IncRef(o);
                    PyTuple_SetItem(seq, i as Py_ssize_t, o);
                }
                Container::Set | Container::FrozenSet => {
                    if PySet_Add(seq, o) < 0 {
                        Py_DecRef(seq);
                        return Err(errors::take());
                    }
                }
            }
        }
        args.push_new(seq)?;
    }
    Ok(())
}

/// A scalar as a JS value: ints in the safe-integer range as numbers, others
/// as bigints.
pub(super) fn scalar_to_js(env: &Env, value: Scalar) -> Result<sys::napi_value> {
    let raw = env.raw();
    // SAFETY: (all arms) the current env, inside a napi call.
    unsafe {
        match value {
            Scalar::None => <()>::to_napi_value(raw, ()),
            Scalar::Bool(b) => bool::to_napi_value(raw, b),
            Scalar::Int(v) if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) => {
                f64::to_napi_value(raw, v as f64)
            }
            Scalar::Int(v) => i128::to_napi_value(raw, v),
            Scalar::BigInt {
                negative,
                magnitude_le,
            } => {
                let words = magnitude_le
                    .chunks(8)
                    .map(|c| {
                        let mut w = [0u8; 8];
                        w[..c.len()].copy_from_slice(c);
                        u64::from_le_bytes(w)
                    })
                    .collect();
                BigInt::to_napi_value(
                    raw,
                    BigInt {
                        sign_bit: negative,
                        words,
                    },
                )
            }
            Scalar::Float(v) => f64::to_napi_value(raw, v),
            Scalar::Str(s) => String::to_napi_value(raw, s),
        }
    }
}

/// An exporter of all of the memory of `value`, made for one call, when it
/// is a TypedArray, DataView or ArrayBuffer; None for other values.
/// extension.ts passes such values here as they are only when they are
/// neither resizable nor shared (it checks through the intrinsic getters;
/// N-API cannot tell), and makes an `Exporter` for the others: the same
/// exporter `exporter(value)` makes, without its JS object, handle and
/// layout parsing, which cost a few µs per argument.
///
/// # Safety
/// `env` must be the current env and `value` a value of its current scope.
unsafe fn memory_exporter(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &dyn Fn() -> String,
) -> Result<Option<*mut PyObject>> {
    // SAFETY: forwarded contract.
    let Some(src) = (unsafe { crate::bytes::read(env, value) })? else {
        return Ok(None);
    };
    // A detached buffer reads as 0 bytes: refused with exporter()'s
    // TypeError (an Exporter detached since it was made is a BufferError).
    // SAFETY: the value's ArrayBuffer, of the current scope.
    if unsafe { crate::bytes::is_detached(env, src.buffer) } {
        return Err(errors::raise(
            Exc::TypeError,
            format!("{}: the ArrayBuffer is detached", what()),
        ));
    }
    let (ty, format) = match src.kind {
        crate::bytes::Kind::TypedArray(ty) => (ty, crate::bytes::element_format(ty)),
        crate::bytes::Kind::DataView | crate::bytes::Kind::ArrayBuffer => {
            (sys::TypedarrayType::uint8_array, Some("B"))
        }
    };
    let (Some(format), Some(size)) = (format, crate::bytes::element_size(ty)) else {
        return Ok(None);
    };
    // The exporter keeps a Uint8Array over the bytes (and their backing
    // store): one is made here unless the value is one.
    let bytes = if src.kind == crate::bytes::Kind::TypedArray(sys::TypedarrayType::uint8_array) {
        value
    } else {
        let mut u8s = ptr::null_mut();
        // SAFETY: the ArrayBuffer of `value`, of the current scope; the
        // range is the one `value` covers.
        check(unsafe {
            sys::napi_create_typedarray(
                env,
                sys::TypedarrayType::uint8_array,
                src.len,
                src.buffer,
                src.byte_offset,
                &mut u8s,
            )
        })?;
        u8s
    };
    // SAFETY: forwarded contract (no JS ran since `read`).
    let src = match unsafe { crate::bytes::read(env, bytes) }? {
        Some(s) => s,
        None => return Ok(None),
    };
    let items = (src.len / size) as i64;
    let layout =
        exporter::validate(src.len, format, None, &[items], None, 0).map_err(errors::from_pair)?;
    // SAFETY: the current env; a Uint8Array of its scope, whose bytes `src`
    // read just now.
    unsafe { exporter::create(env, bytes, &src, layout, false) }.map(Some)
}

/// The UTF-16 code units of the JS string `v`, lone surrogates included.
fn js_string_units(env: sys::napi_env, v: sys::napi_value) -> Result<Vec<u16>> {
    let mut len = 0usize;
    // SAFETY: a string of the current env; a NULL buffer asks for the length.
    check(unsafe { sys::napi_get_value_string_utf16(env, v, ptr::null_mut(), 0, &mut len) })?;
    // One more for the terminator napi writes.
    let mut units = vec![0u16; len + 1];
    let mut written = 0usize;
    // SAFETY: `units` is writable for its length.
    check(unsafe {
        sys::napi_get_value_string_utf16(env, v, units.as_mut_ptr(), units.len(), &mut written)
    })?;
    units.truncate(written);
    Ok(units)
}

/// Converts a result (an owned reference, consumed) to JS: a scalar, a
/// container of results, or a `PyObjectHandle` of an object that exports a
/// buffer or is an instance of an extension type (wrapped when the
/// extension made it; extension.ts makes the instance's JS object).
///
/// # Safety
/// `obj` must be a new reference to a live object.
pub(super) unsafe fn result_to_js(
    env: &Env,
    obj: *mut PyObject,
    lib: &Arc<ExtLib>,
    func: &dyn Fn() -> String,
) -> Result<sys::napi_value> {
    // SAFETY: live per the contract.
    if let Some(v) = unsafe { as_scalar(obj) } {
        // SAFETY: our reference, no longer needed.
        unsafe { Py_DecRef(obj) };
        return scalar_to_js(env, v);
    }
    // A `str` that is not a scalar holds surrogate code points, which JS
    // strings hold too (as UTF-16 units) and UTF-8 cannot.
    // SAFETY: live per the contract.
    if let Some(units) = unsafe { pybuffer::objects::unicodeobject::utf16_units(obj) } {
        // SAFETY: our reference, no longer needed.
        unsafe { Py_DecRef(obj) };
        let mut out = ptr::null_mut();
        // SAFETY: the current env; `units` is readable for its length.
        check(unsafe {
            sys::napi_create_string_utf16(env.raw(), units.as_ptr(), units.len() as _, &mut out)
        })?;
        return Ok(out);
    }
    // A view's `obj` stands for its wrapper.
    // SAFETY: live per the contract.
    let public = unsafe { public_object(obj) };
    let obj = if public != obj {
        // SAFETY: the export holds the wrapper; our reference to the export
        // is ours to drop.
        unsafe {
            Py_IncRef(public);
            Py_DecRef(obj);
        }
        public
    } else {
        obj
    };
    // SAFETY: live per the contract.
    if let Some(out) = unsafe { container_to_js(env, obj, lib, func) } {
        // SAFETY: our reference, no longer needed (the items converted hold
        // their own).
        unsafe { Py_DecRef(obj) };
        return out;
    }
    // JS memory, or an object another extension made (whose wrapper holds
    // its own library), needs no wrapper.
    // SAFETY: live per the contract.
    let ours = unsafe {
        exporter::downcast(obj).is_some()
            || ExtObject::downcast(obj).is_some()
            || is_exact_bytes_or_bytearray(obj)
    };
    // Anything else (a capsule, a module, a built-in object without a JS
    // form) reaches JS as an opaque handle that JS can pass back: an
    // extension's context objects round-trip this way.
    let obj = if ours {
        obj
    } else {
        ExtObject::wrap(obj, lib.clone())
    };
    // SAFETY: an owned reference (the result's, or the wrapper's, which took
    // the result's), passed to the handle.
    let handle = unsafe { PyObjectHandle::from_owned(obj) };
    // SAFETY: the current env, inside a napi call.
    unsafe { PyObjectHandle::to_napi_value(env.raw(), handle) }
}

/// True when `obj` is an iterator (its type has `tp_iternext`) that is not
/// an instance of an extension type (those become instances of their
/// class): `iter()` of a list, tuple, dict or set, the sequence iterator,
/// ... It reaches JS as a handle that extension.ts turns into a JS
/// iterator, which calls `next()` lazily under the GIL (converting eagerly
/// would run an endless iterator forever and consume a stateful one the
/// caller may never read).
///
/// # Safety
/// `obj` must be a live object.
pub(super) unsafe fn is_plain_iterator(obj: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { pybuffer::objects::r#abstract::PyIter_Check(obj) != 0 && !is_extension_instance(obj) }
}

unsafe extern "C" {
    fn PyTuple_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyTuple_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyList_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyList_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyDict_Next(
        d: *mut PyObject,
        pos: *mut Py_ssize_t,
        key: *mut *mut PyObject,
        value: *mut *mut PyObject,
    ) -> c_int;
}

/// The containers being converted on this thread, each with the JS value
/// made for it. A container that holds itself (`l.append(l)`, a dict that
/// is its own value) becomes a JS value that holds itself, as JS allows,
/// instead of recursing until the stack runs out.
struct InProgress(*mut PyObject);

thread_local! {
    static IN_PROGRESS: std::cell::RefCell<std::collections::HashMap<usize, sys::napi_value>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

impl InProgress {
    /// The JS value being made for `obj`, if it is being converted.
    fn made_for(obj: *mut PyObject) -> Option<sys::napi_value> {
        IN_PROGRESS.with(|m| m.borrow().get(&(obj as usize)).copied())
    }

    /// Notes that `obj` is being converted into `made`, until the guard drops.
    fn enter(obj: *mut PyObject, made: sys::napi_value) -> InProgress {
        IN_PROGRESS.with(|m| m.borrow_mut().insert(obj as usize, made));
        InProgress(obj)
    }
}

impl Drop for InProgress {
    fn drop(&mut self) {
        IN_PROGRESS.with(|m| m.borrow_mut().remove(&(self.0 as usize)));
    }
}

/// Converts a `tuple` / `list` to an array and a `dict` to a plain object
/// (every key a `str`) or a `Map`, converting the items as results; None for
/// other objects. `obj` is borrowed.
///
/// # Safety
/// `obj` must be a live object; called holding the GIL.
pub(super) unsafe fn container_to_js(
    env: &Env,
    obj: *mut PyObject,
    lib: &Arc<ExtLib>,
    func: &dyn Fn() -> String,
) -> Option<Result<sys::napi_value>> {
    // SAFETY: live per the contract; types outlive their instances.
    let flags = unsafe { (*(*obj).ob_type).tp_flags };
    let raw = env.raw();
    if flags & (Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_LIST_SUBCLASS | Py_TPFLAGS_DICT_SUBCLASS)
        != 0
    {
        if let Some(made) = InProgress::made_for(obj) {
            return Some(Ok(made));
        }
        // Each level converts its items here, recursively: a result nested
        // deeper than the thread's stack allows (a worker's is 4 MiB) is a
        // RecursionError, not a stack overflow.
        if !pybuffer::objects::object::enough_stack(" while converting a result to JS") {
            return Some(Err(errors::take()));
        }
    }
    let item = |o: *mut PyObject| {
        // SAFETY: a live item; result_to_js consumes the new reference.
        unsafe {
            Py_IncRef(o);
            result_to_js(env, o, lib, func)
        }
    };
    if flags & (Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_LIST_SUBCLASS) != 0 {
        let tuple = flags & Py_TPFLAGS_TUPLE_SUBCLASS != 0;
        // SAFETY: a tuple or list, as its flags say; items are borrowed and
        // re-read by index, as a list may change while items convert.
        let len = unsafe {
            if tuple {
                PyTuple_Size(obj)
            } else {
                PyList_Size(obj)
            }
        };
        return Some((|| {
            let mut arr = ptr::null_mut();
            // SAFETY: the current env.
            check(unsafe {
                sys::napi_create_array_with_length(raw, len.max(0) as usize, &mut arr)
            })?;
            let _in_progress = InProgress::enter(obj, arr);
            for i in 0..len {
                // SAFETY: as above; an index out of range (a list that
                // shrank) gives NULL and an IndexError.
                let o = unsafe {
                    if tuple {
                        PyTuple_GetItem(obj, i)
                    } else {
                        PyList_GetItem(obj, i)
                    }
                };
                if o.is_null() {
                    return Err(errors::take());
                }
                let v = item(o)?;
                // SAFETY: values of the current scope.
                check(unsafe { sys::napi_set_element(raw, arr, i as u32, v) })?;
            }
            Ok(arr)
        })());
    }
    // SAFETY: live per the contract.
    if unsafe { pybuffer::objects::setobject::is_anyset(obj) } {
        // Frozensets nest (never in themselves: a set is unhashable).
        if !pybuffer::objects::object::enough_stack(" while converting a result to JS") {
            return Some(Err(errors::take()));
        }
        // SAFETY: a set, borrowed; holding the GIL.
        return Some(unsafe { set_to_js(env, obj, lib, func) });
    }
    if flags & Py_TPFLAGS_DICT_SUBCLASS != 0 {
        return Some((|| {
            let mut entries = Vec::new();
            let mut pos: Py_ssize_t = 0;
            let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
            // SAFETY: a dict, as its flags say; borrowed keys and values,
            // taken with new references before any conversion runs.
            while unsafe { PyDict_Next(obj, &mut pos, &mut k, &mut v) } != 0 {
                // SAFETY: live entries.
                unsafe {
                    Py_IncRef(k);
                    Py_IncRef(v);
                }
                entries.push((k, v));
            }
            // SAFETY: live keys; types outlive their instances.
            let all_str = entries.iter().all(
                |&(k, _)| unsafe { (*(*k).ob_type).tp_flags } & Py_TPFLAGS_UNICODE_SUBCLASS != 0,
            );
            let mut out = ptr::null_mut();
            let mut map_set = ptr::null_mut();
            // SAFETY: (all) the current env and values of its scope.
            unsafe {
                if all_str {
                    check(sys::napi_create_object(raw, &mut out))?;
                } else {
                    (out, map_set) = new_collection(raw, false)?;
                }
            }
            let _in_progress = InProgress::enter(obj, out);
            let mut result = Ok(());
            for (k, v) in entries {
                if result.is_ok() {
                    result = (|| {
                        let kj = item(k)?;
                        let vj = item(v)?;
                        // SAFETY: values of the current scope.
                        unsafe {
                            if all_str {
                                define_value(raw, out, kj, vj)
                            } else {
                                let mut ignored = ptr::null_mut();
                                let argv = [kj, vj];
                                check(sys::napi_call_function(
                                    raw,
                                    out,
                                    map_set,
                                    2,
                                    argv.as_ptr(),
                                    &mut ignored,
                                ))
                            }
                        }
                    })();
                }
                // SAFETY: our references (each conversion took its own).
                unsafe {
                    Py_DecRef(k);
                    Py_DecRef(v);
                }
            }
            result.map(|()| out)
        })());
    }
    None
}

// ==========================================================================
// The environment's own Map and Set
// ==========================================================================

/// `Map`, `Map.prototype.set`, `Set` and `Set.prototype.add` as they were
/// when the addon loaded into this thread's environment.
///
/// Results are converted holding the GIL. Looking these up on the global
/// object then would run whatever JS replaced them there (or on the
/// prototypes), and such code may call back into an extension; the
/// functions kept here run none.
#[derive(Clone, Copy)]
struct Intrinsics {
    map: sys::napi_ref,
    map_set: sys::napi_ref,
    set: sys::napi_ref,
    set_add: sys::napi_ref,
}

thread_local! {
    static INTRINSICS: std::cell::Cell<Option<Intrinsics>> = const { std::cell::Cell::new(None) };
}

/// Keeps this environment's [`Intrinsics`], read from the global object now,
/// while the addon loads; they are forgotten when the environment goes.
///
/// # Safety
/// `env` must be the current env, during module initialisation.
pub(crate) unsafe fn keep_intrinsics(env: sys::napi_env) -> Result<()> {
    /// `holder[name]` as a strong reference, and its value.
    ///
    /// # Safety
    /// `env` is the current env and `holder` a value of its scope.
    unsafe fn keep(
        env: sys::napi_env,
        holder: sys::napi_value,
        name: &CStr,
    ) -> Result<(sys::napi_ref, sys::napi_value)> {
        let mut value = ptr::null_mut();
        let mut r = ptr::null_mut();
        // SAFETY: per the contract; `name` is NUL-terminated.
        unsafe {
            check(sys::napi_get_named_property(
                env,
                holder,
                name.as_ptr(),
                &mut value,
            ))?;
            check(sys::napi_create_reference(env, value, 1, &mut r))?;
        }
        Ok((r, value))
    }
    /// Forgets the references: the environment deletes them as it goes.
    unsafe extern "C" fn forget(_: *mut std::ffi::c_void) {
        INTRINSICS.with(|i| i.set(None));
    }
    let mut global = ptr::null_mut();
    // SAFETY: (all) the current env during initialisation, and values of
    // its scope.
    unsafe {
        check(sys::napi_get_global(env, &mut global))?;
        let (map, map_ctor) = keep(env, global, c"Map")?;
        let (_, map_proto) = keep(env, map_ctor, c"prototype")?;
        let (map_set, _) = keep(env, map_proto, c"set")?;
        let (set, set_ctor) = keep(env, global, c"Set")?;
        let (_, set_proto) = keep(env, set_ctor, c"prototype")?;
        let (set_add, _) = keep(env, set_proto, c"add")?;
        check(sys::napi_add_env_cleanup_hook(
            env,
            Some(forget),
            ptr::null_mut(),
        ))?;
        INTRINSICS.with(|i| {
            i.set(Some(Intrinsics {
                map,
                map_set,
                set,
                set_add,
            }))
        });
    }
    Ok(())
}

/// A new, empty JS `Map` (`set` false) or `Set` (`set` true), made by this
/// environment's own constructor, and the function that adds to it
/// (`Map.prototype.set` or `Set.prototype.add`, to call on it).
///
/// # Safety
/// `env` must be the current env.
unsafe fn new_collection(
    env: sys::napi_env,
    set: bool,
) -> Result<(sys::napi_value, sys::napi_value)> {
    let Some(i) = INTRINSICS.with(std::cell::Cell::get) else {
        return Err(errors::raise(
            Exc::RuntimeError,
            "the addon was not initialised in this JS environment",
        ));
    };
    let (ctor_ref, add_ref) = if set {
        (i.set, i.set_add)
    } else {
        (i.map, i.map_set)
    };
    let (mut ctor, mut add, mut out) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: (all) the current env and references made in it.
    unsafe {
        check(sys::napi_get_reference_value(env, ctor_ref, &mut ctor))?;
        check(sys::napi_get_reference_value(env, add_ref, &mut add))?;
        check(sys::napi_new_instance(env, ctor, 0, ptr::null(), &mut out))?;
    }
    Ok((out, add))
}

/// Converts a `set` / `frozenset` (borrowed) to a JS `Set` of its elements,
/// in iteration order, each converted as a result.
///
/// # Safety
/// `obj` must be a live set or frozenset; called holding the GIL.
unsafe fn set_to_js(
    env: &Env,
    obj: *mut PyObject,
    lib: &Arc<ExtLib>,
    func: &dyn Fn() -> String,
) -> Result<sys::napi_value> {
    let raw = env.raw();
    let mut keys = Vec::new();
    let (mut pos, mut k, mut h) = (0, ptr::null_mut(), 0);
    // SAFETY: a set; borrowed elements, taken with new references
    // before any conversion runs (which may change the set).
    while unsafe { pybuffer::objects::setobject::_PySet_NextEntry(obj, &mut pos, &mut k, &mut h) }
        == 1
    {
        // SAFETY: a live element.
        unsafe { Py_IncRef(k) };
        keys.push(k);
    }
    // SAFETY: the current env.
    let (out, set_add, mut result) = match unsafe { new_collection(raw, true) } {
        Ok((out, add)) => (out, add, Ok(())),
        Err(e) => (ptr::null_mut(), ptr::null_mut(), Err(e)),
    };
    for k in keys {
        if result.is_ok() {
            result = (|| {
                // SAFETY: a live element; result_to_js consumes
                // the new reference.
                let kj = unsafe {
                    Py_IncRef(k);
                    result_to_js(env, k, lib, func)
                }?;
                let mut ignored = ptr::null_mut();
                // SAFETY: values of the current scope.
                check(unsafe { sys::napi_call_function(raw, out, set_add, 1, &kj, &mut ignored) })
            })();
        }
        // SAFETY: our reference (the conversion took its own).
        unsafe { Py_DecRef(k) };
    }
    result.map(|()| out)
}

// ==========================================================================
// Calls
// ==========================================================================

/// Calls `callable(*args, **dict(zip(kwnames, kwvalues)))` with the JS
/// arguments converted as [`push_arg`] converts them, and converts the
/// result as [`result_to_js`] does; `func` names the callable in errors.
/// Module functions, types (a constructor call), method descriptors and
/// bound class methods all go through here.
pub(super) fn call_converted(
    env: &Env,
    callable: *mut PyObject,
    lib: &Arc<ExtLib>,
    args: &[Unknown<'_>],
    kwnames: Option<Vec<String>>,
    kwvalues: Option<Vec<Unknown<'_>>>,
    func: &dyn Fn() -> String,
) -> Result<sys::napi_value> {
    // Held from the first argument made to the last reference dropped:
    // the call and the deallocs it may trigger run extension code.
    let _gil = Gil::acquire_lasting();
    let converted = convert_call_args(env, args, kwnames, kwvalues, func, lib)?;
    // SAFETY: a live callable (the caller holds it); every argument is alive
    // until `converted` drops (the handles of borrowed ones are held by the
    // caller).
    let res = unsafe { call::call(callable, converted.positional(), &converted.keywords()) };
    drop(converted);
    let out = match res {
        // SAFETY: a new reference to the result.
        Ok(obj) => unsafe { result_to_js(env, obj, lib, func) },
        Err(info) => Err(errors::from_info(info)),
    };
    emit_pending_warnings(env)?;
    out
}
