//! The `_collections_abc` module (CPython 3.11's `Lib/_collections_abc.py`,
//! re-exported as `collections.abc`), written natively on
//! [`super::abcmodule`] as [`super::numbersmodule`] writes `numbers`: the
//! 25 ABCs of `__all__` with their abstract methods (so
//! `__abstractmethods__` and the instantiation errors are CPython's),
//! their `__subclasshook__`s (`_check_methods`: a method set to None
//! blocks), their mixin methods, `__slots__ = ()` (`MappingView` has
//! `_mapping`), `__class_getitem__ = classmethod(GenericAlias)` where
//! CPython has it, `Mapping.__reversed__ = None`, the collection flags
//! of `Mapping` and `Sequence` (`__abc_tpflags__`), and the registrations
//! of the built-in types.
//!
//! The methods are Python functions in CPython; here each is a
//! `_collections_abc._method` (binding like a function, taking its
//! arguments by a Python function's rules and messages). Where CPython's
//! method is a generator (`Sequence.__iter__`, `__reversed__`, the views'
//! `__iter__`, the generator expressions `Set`'s operators hand to
//! `_from_iterable`) it returns a `_collections_abc.mixin_iterator`, which
//! runs the same steps lazily, one item per `__next__` (no `send` /
//! `throw`); where it is an `async def` (`AsyncIterator.__anext__`,
//! `AsyncGenerator.__anext__`, `asend`, `athrow`, `aclose`) it returns
//! the same kind of object awaited through `__await__`, as no coroutine
//! object can be made without an interpreter.
//!
//! Not provided: `Callable.__class_getitem__` (CPython's
//! `_CallableGenericAlias`, with `typing`'s parameter rules), so
//! `Callable[...]` is not subscriptable here; `collections` itself (see
//! [`package`]).

use std::ffi::{CStr, CString, c_int, c_ulong, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::native::*;
use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, not_implemented, py_none, text_of};
use crate::objects::tupleobject::tuple_from_slice;
use crate::objects::typeobject::static_type;
use crate::python::errors;

// ==========================================================================
// The classes, by index
// ==========================================================================

/// The ABCs in `Lib/_collections_abc.py`'s order of definition.
const NAMES: [&str; 25] = [
    "Hashable",
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Iterable",
    "Iterator",
    "Reversible",
    "Generator",
    "Sized",
    "Container",
    "Collection",
    "Callable",
    "Set",
    "MutableSet",
    "Mapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "MutableMapping",
    "Sequence",
    "ByteString",
    "MutableSequence",
];

const HASHABLE: usize = 0;
const AWAITABLE: usize = 1;
const COROUTINE: usize = 2;
const ASYNC_ITERABLE: usize = 3;
const ASYNC_ITERATOR: usize = 4;
const ASYNC_GENERATOR: usize = 5;
const ITERABLE: usize = 6;
const ITERATOR: usize = 7;
const REVERSIBLE: usize = 8;
const GENERATOR: usize = 9;
const SIZED: usize = 10;
const CONTAINER: usize = 11;
const COLLECTION: usize = 12;
const CALLABLE: usize = 13;
const SET: usize = 14;
const MUTABLE_SET: usize = 15;
const MAPPING: usize = 16;
const MAPPING_VIEW: usize = 17;
const KEYS_VIEW: usize = 18;
const ITEMS_VIEW: usize = 19;
const VALUES_VIEW: usize = 20;
const MUTABLE_MAPPING: usize = 21;
const SEQUENCE: usize = 22;
const BYTE_STRING: usize = 23;
const MUTABLE_SEQUENCE: usize = 24;

/// `__all__`'s order.
const ALL: [usize; 25] = [
    AWAITABLE,
    COROUTINE,
    ASYNC_ITERABLE,
    ASYNC_ITERATOR,
    ASYNC_GENERATOR,
    HASHABLE,
    ITERABLE,
    ITERATOR,
    GENERATOR,
    REVERSIBLE,
    SIZED,
    CONTAINER,
    CALLABLE,
    COLLECTION,
    SET,
    MUTABLE_SET,
    MAPPING,
    MUTABLE_MAPPING,
    MAPPING_VIEW,
    KEYS_VIEW,
    ITEMS_VIEW,
    VALUES_VIEW,
    SEQUENCE,
    MUTABLE_SEQUENCE,
    BYTE_STRING,
];

/// Each class once made (borrowed: the module's tuple of classes holds
/// them for the process). Kept apart from that tuple's [`MadeOnce`] so a
/// method running while the classes are being made (a registration's
/// subclass check) can find the ones made so far without its lock.
static CLASSES: [AtomicPtr<PyObject>; 25] = [const { AtomicPtr::new(ptr::null_mut()) }; 25];

/// Class `i` (borrowed), or None with a SystemError when it is not made
/// yet (no method asks for a class defined after its own).
fn class(i: usize) -> Option<*mut PyObject> {
    let c = CLASSES[i].load(Ordering::Acquire);
    if c.is_null() {
        return raise(
            Exc::SystemError,
            format!("collections.abc.{} is not made yet", NAMES[i]),
        );
    }
    Some(c)
}

// ==========================================================================
// Small helpers over the C API
// ==========================================================================

/// `getattr(o, name)`.
///
/// # Safety
/// `o` must be live.
unsafe fn attr(o: *mut PyObject, name: &CStr) -> R {
    // SAFETY: per the contract.
    Owned::new(unsafe { PyObject_GetAttrString(o, name.as_ptr()) })
}

/// `o.name(*args)`.
///
/// # Safety
/// `o` and the arguments must be live.
unsafe fn call_method(o: *mut PyObject, name: &CStr, args: &[*mut PyObject]) -> R {
    // SAFETY: per the contract.
    unsafe {
        let f = attr(o, name)?;
        let t = Owned::new(tuple_from_slice(args))?;
        Owned::new(PyObject_Call(f.as_ptr(), t.as_ptr(), ptr::null_mut()))
    }
}

/// `len(o)`.
///
/// # Safety
/// `o` must be live.
unsafe fn len(o: *mut PyObject) -> Option<Py_ssize_t> {
    // SAFETY: per the contract.
    let n = unsafe { crate::objects::r#abstract::PyObject_Size(o) };
    (n >= 0).then_some(n)
}

/// `len(o)` as an int.
///
/// # Safety
/// `o` must be live.
unsafe fn len_obj(o: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe { Owned::new(PyLong_FromSsize_t(len(o)?)) }
}

/// `x in c`.
///
/// # Safety
/// Both must be live.
unsafe fn contains(c: *mut PyObject, x: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    match unsafe { PySequence_Contains(c, x) } {
        r if r < 0 => None,
        r => Some(r != 0),
    }
}

/// `isinstance(o, ABC i)`.
///
/// # Safety
/// `o` must be live.
unsafe fn isinstance(o: *mut PyObject, i: usize) -> Option<bool> {
    let cls = class(i)?;
    // SAFETY: per the contract; the class is live.
    match unsafe { PyObject_IsInstance(o, cls) } {
        r if r < 0 => None,
        r => Some(r != 0),
    }
}

/// `v is value or v == value`.
///
/// # Safety
/// Both must be live.
unsafe fn same_or_equal(v: *mut PyObject, value: *mut PyObject) -> Option<bool> {
    if v == value {
        return Some(true);
    }
    // SAFETY: per the contract.
    match unsafe { PyObject_RichCompareBool(v, value, Py_EQ) } {
        r if r < 0 => None,
        r => Some(r != 0),
    }
}

/// The truth of `a op b`.
///
/// # Safety
/// Both must be live.
unsafe fn compare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe {
        let r = Owned::new(PyObject_RichCompare(a, b, op))?;
        match PyObject_IsTrue(r.as_ptr()) {
            t if t < 0 => None,
            t => Some(t != 0),
        }
    }
}

/// Whether the pending error is an `exc`.
fn pending_is(exc: Exc) -> bool {
    // SAFETY: the exception class is a live static.
    unsafe { PyErr_ExceptionMatches(exc.type_object()) != 0 }
}

/// `raise exc` (no arguments): None.
fn raise_bare<T>(exc: Exc) -> Option<T> {
    // SAFETY: the exception class is a live static.
    unsafe { PyErr_SetNone(exc.type_object()) };
    None
}

/// `raise exc(arg)`: None.
///
/// # Safety
/// `arg` must be live.
unsafe fn raise_with<T>(exc: Exc, arg: *mut PyObject) -> Option<T> {
    // SAFETY: per the contract; the instance is made first so a tuple
    // argument is one argument.
    unsafe {
        let t = Owned::new(tuple_from_slice(&[arg]))?;
        let e = Owned::new(PyObject_Call(
            exc.type_object(),
            t.as_ptr(),
            ptr::null_mut(),
        ))?;
        PyErr_SetObject(exc.type_object(), e.as_ptr());
    }
    None
}

/// Python's `raise x`: an exception class is instantiated, an exception
/// instance raised, anything else is a TypeError.
///
/// # Safety
/// `x` must be live.
unsafe fn raise_object<T>(x: *mut PyObject) -> Option<T> {
    // SAFETY: per the contract.
    unsafe {
        use crate::objects::exceptions::{
            create_exception, is_exception_class, is_exception_instance,
        };
        if is_exception_class(x) {
            let e = Owned::new(create_exception(x, ptr::null_mut()))?;
            PyErr_SetObject((*e.as_ptr()).ob_type.cast(), e.as_ptr());
        } else if is_exception_instance(x) {
            PyErr_SetObject((*x).ob_type.cast(), x);
        } else {
            errors::raise(Exc::TypeError, "exceptions must derive from BaseException");
        }
    }
    None
}

/// Calls `f` on each item of `iterable` until it returns `Some(false)`
/// (stop) or None (an error): Some(true) when it went through to the end.
///
/// # Safety
/// `iterable` must be live.
unsafe fn for_each(
    iterable: *mut PyObject,
    mut f: impl FnMut(*mut PyObject) -> Option<bool>,
) -> Option<bool> {
    // SAFETY: per the contract; each item is held while `f` runs.
    unsafe {
        let it = Owned::new(PyObject_GetIter(iterable))?;
        loop {
            let Some(x) = Owned::new(PyIter_Next(it.as_ptr())) else {
                return PyErr_Occurred().is_null().then_some(true);
            };
            if !f(x.as_ptr())? {
                return Some(false);
            }
        }
    }
}

/// `None` as a new reference, for a body's `Some(none())`.
fn none() -> R {
    Owned::new(crate::objects::object::none())
}

/// A new bool.
fn boolean(v: bool) -> R {
    Owned::new(bool_from_bool(v))
}

/// A new int.
fn int(v: Py_ssize_t) -> R {
    Owned::new(PyLong_FromSsize_t(v))
}

// ==========================================================================
// `_collections_abc.mixin_iterator`: the generators of the mixins
// ==========================================================================

/// What a mixin iterator runs, the steps of CPython's generator (or
/// coroutine) body.
enum Steps {
    /// Finished: every `__next__` raises StopIteration.
    Done,
    /// Yields None once (the body of `Awaitable.__await__`).
    OnceNone,
    /// `Sequence.__iter__`: `self[i]` for i = 0, 1, ... until IndexError.
    Forward { seq: Owned, i: Py_ssize_t },
    /// `Sequence.__reversed__`: `self[i]` for i in
    /// `reversed(range(len(self)))`, the length taken at the first step.
    Reverse {
        seq: Owned,
        next: Option<Py_ssize_t>,
    },
    /// The views' `__iter__`: over `self._mapping` (read at the first
    /// step, and again for each value), its keys, `(key, mapping[key])`
    /// or `mapping[key]`.
    View {
        view: Owned,
        kind: ViewKind,
        it: Option<Owned>,
    },
    /// `(value for value in it if (value in container) == keep_in)`.
    Filter {
        it: Owned,
        container: Owned,
        keep_in: bool,
    },
    /// `(e for s in (first, second) for e in s)`.
    Chain { rest: Vec<Owned>, it: Option<Owned> },
    /// An `async def` whose body raises at its first step: `raise exc`
    /// (`Body::Raise`) or `Generator.throw`'s body.
    RaiseOnStep { throw: [Owned; 3] },
    /// `return await self.asend(None)` (`asend`) or `await
    /// self.athrow(GeneratorExit)` and its handling (`aclose`): the
    /// awaitable is asked for at the first step, then awaited.
    Await {
        target: Owned,
        aclose: bool,
        it: Option<Owned>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ViewKind {
    Keys,
    Items,
    Values,
}

#[repr(C)]
struct MixinIter {
    ob_base: PyObject,
    steps: Steps,
    /// A step is running (re-entering it raises, as a running generator
    /// does).
    running: bool,
    /// It stands for a coroutine (an `async def`'s result): once
    /// finished, a step raises RuntimeError instead of ending again.
    coroutine: bool,
}

unsafe extern "C" fn mixin_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced iterator; its steps are dropped once.
    unsafe {
        ptr::drop_in_place(&raw mut (*op.cast::<MixinIter>()).steps);
        crate::objects::obmalloc::PyObject_Free(op.cast());
    }
}

unsafe extern "C" fn mixin_iter_self(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe { Py_IncRef(op) };
    op
}

/// One step: the next item, or None with StopIteration not set at the
/// end (or the error). The state is moved out while the step runs, so
/// code it calls never sees it half-updated.
unsafe extern "C" fn mixin_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live iterator; the steps are taken out of it before any
    // call into other code and put back after.
    unsafe {
        let m = op.cast::<MixinIter>();
        if (*m).running {
            let what = if (*m).coroutine {
                "coroutine"
            } else {
                "generator"
            };
            return errors::fail_null(Exc::ValueError, format!("{what} already executing"));
        }
        if (*m).coroutine && matches!((*m).steps, Steps::Done) {
            return errors::fail_null(Exc::RuntimeError, "cannot reuse already awaited coroutine");
        }
        (*m).running = true;
        let mut steps = ptr::replace(&raw mut (*m).steps, Steps::Done);
        let r = step(&mut steps);
        let keep = r.is_some();
        // A step that failed or finished leaves the generator finished.
        let old = ptr::replace(&raw mut (*m).steps, if keep { steps } else { Steps::Done });
        (*m).running = false;
        drop(old);
        r.map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// Runs one step of `steps` (see [`mixin_iter_next`]).
///
/// # Safety
/// The objects the steps hold are live.
unsafe fn step(steps: &mut Steps) -> R {
    // SAFETY: per the contract.
    unsafe {
        match steps {
            Steps::Done => None,
            Steps::OnceNone => {
                *steps = Steps::Done;
                none()
            }
            Steps::Forward { seq, i } => {
                let idx = Owned::new(PyLong_FromSsize_t(*i))?;
                match Owned::new(PyObject_GetItem(seq.as_ptr(), idx.as_ptr())) {
                    Some(v) => {
                        *i += 1;
                        Some(v)
                    }
                    None => {
                        if pending_is(Exc::IndexError) {
                            PyErr_Clear();
                        }
                        None
                    }
                }
            }
            Steps::Reverse { seq, next } => {
                let i = match *next {
                    Some(i) => i,
                    None => len(seq.as_ptr())? - 1,
                };
                if i < 0 {
                    return None;
                }
                *next = Some(i - 1);
                let idx = Owned::new(PyLong_FromSsize_t(i))?;
                Owned::new(PyObject_GetItem(seq.as_ptr(), idx.as_ptr()))
            }
            Steps::View { view, kind, it } => {
                if it.is_none() {
                    let mapping = attr(view.as_ptr(), c"_mapping")?;
                    *it = Some(Owned::new(PyObject_GetIter(mapping.as_ptr()))?);
                }
                let i = it.as_ref()?;
                let key = Owned::new(PyIter_Next(i.as_ptr()))?;
                if *kind == ViewKind::Keys {
                    return Some(key);
                }
                // `self._mapping[key]`: the attribute is read again for
                // each item, as the Python body does.
                let mapping = attr(view.as_ptr(), c"_mapping")?;
                let value = Owned::new(PyObject_GetItem(mapping.as_ptr(), key.as_ptr()))?;
                if *kind == ViewKind::Values {
                    return Some(value);
                }
                Owned::new(tuple_from_slice(&[key.as_ptr(), value.as_ptr()]))
            }
            Steps::Filter {
                it,
                container,
                keep_in,
            } => loop {
                let v = Owned::new(PyIter_Next(it.as_ptr()))?;
                if contains(container.as_ptr(), v.as_ptr())? == *keep_in {
                    return Some(v);
                }
            },
            Steps::Chain { rest, it } => loop {
                if let Some(i) = it {
                    if let Some(v) = Owned::new(PyIter_Next(i.as_ptr())) {
                        return Some(v);
                    }
                    if !PyErr_Occurred().is_null() {
                        return None;
                    }
                    *it = None;
                }
                if rest.is_empty() {
                    return None;
                }
                let s = rest.remove(0);
                *it = Some(Owned::new(PyObject_GetIter(s.as_ptr()))?);
            },
            Steps::RaiseOnStep { throw } => {
                let [typ, val, tb] = throw;
                throw_body(typ.as_ptr(), val.as_ptr(), tb.as_ptr())
            }
            Steps::Await { target, aclose, it } => {
                if it.is_none() {
                    let awaitable = if *aclose {
                        call_method(
                            target.as_ptr(),
                            c"athrow",
                            &[Exc::GeneratorExit.type_object()],
                        )
                    } else {
                        call_method(target.as_ptr(), c"asend", &[py_none()])
                    };
                    let got = awaitable.and_then(|a| {
                        Owned::new(crate::objects::genobject::coro_get_awaitable_iter(
                            a.as_ptr(),
                        ))
                    });
                    match got {
                        Some(i) => *it = Some(i),
                        None => return aclose_outcome(*aclose, false),
                    }
                }
                let i = it.as_ref()?;
                let next = (*(*i.as_ptr()).ob_type).tp_iternext?;
                if let Some(v) = Owned::new(next(i.as_ptr())) {
                    return Some(v);
                }
                // The awaited call's end: its StopIteration value is what
                // `await` gives (ended by StopIteration or by NULL alone).
                let mut value = ptr::null_mut();
                if crate::objects::genobject::_PyGen_FetchStopIterationValue(&mut value) < 0 {
                    return aclose_outcome(*aclose, false);
                }
                let value = Owned::new(value)?;
                if *aclose {
                    return aclose_outcome(true, true);
                }
                // `return value`: the coroutine ends with StopIteration
                // carrying it (none for None).
                if value.as_ptr() != py_none()
                    && crate::objects::genobject::_PyGen_SetStopIterationValue(value.as_ptr()) < 0
                {
                    return None;
                }
                None
            }
        }
    }
}

/// What `aclose` / `__anext__` do when their awaited call ends
/// (`finished`: normally, else with the pending error): `__anext__`
/// passes the error on; for `aclose`, GeneratorExit and
/// StopAsyncIteration end it, a normal end is a RuntimeError.
fn aclose_outcome(aclose: bool, finished: bool) -> R {
    if !aclose {
        return None;
    }
    if finished {
        return raise(
            Exc::RuntimeError,
            "asynchronous generator ignored GeneratorExit",
        );
    }
    if pending_is(Exc::GeneratorExit) || pending_is(Exc::StopAsyncIteration) {
        PyErr_Clear();
    }
    None
}

static MIXIN_ITER_AS_ASYNC: StaticObject<PyAsyncMethods> = StaticObject::new(PyAsyncMethods {
    am_await: Some(mixin_iter_self),
    am_aiter: None,
    am_anext: None,
    am_send: None,
});

static MIXIN_ITER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_collections_abc.mixin_iterator",
        size_of::<MixinIter>(),
        Py_TPFLAGS_DEFAULT as c_ulong,
        mixin_iter_dealloc,
    );
    ty.tp_iter = Some(mixin_iter_self);
    ty.tp_iternext = Some(mixin_iter_next);
    ty.tp_as_async = MIXIN_ITER_AS_ASYNC.get();
    ty
});

/// A new mixin iterator running `steps`.
fn new_iter(steps: Steps) -> R {
    // SAFETY: a fresh object of the static type, filled before it is
    // shared.
    unsafe {
        let ty = MIXIN_ITER_TYPE.get();
        if !crate::objects::typeobject::ensure_ready(ty) {
            return None;
        }
        let op =
            crate::objects::obmalloc::PyObject_Malloc(size_of::<MixinIter>()).cast::<PyObject>();
        if op.is_null() {
            errors::PyErr_NoMemory();
            return None;
        }
        crate::objects::object::PyObject_Init(op, ty);
        let m = op.cast::<MixinIter>();
        (*m).coroutine = matches!(steps, Steps::RaiseOnStep { .. } | Steps::Await { .. });
        ptr::write(&raw mut (*m).steps, steps);
        (*m).running = false;
        Owned::new(op)
    }
}

// ==========================================================================
// The methods' bodies
// ==========================================================================

/// What a method of `Lib/_collections_abc.py` does.
#[derive(Clone, Copy)]
enum Body {
    /// `return 0`.
    Zero,
    /// `return False`.
    False,
    /// `return self`.
    ReturnSelf,
    /// `raise exc`.
    Raise(Exc),
    /// An `async def` whose body is `raise StopAsyncIteration`.
    AsyncStop,
    /// `throw(self, typ, val=None, tb=None)`'s body.
    Throw,
    /// The same in an `async def` (`AsyncGenerator.athrow`).
    AsyncThrow,
    /// `close`: `self.throw(GeneratorExit)`, with the message when it is
    /// ignored.
    Close(&'static str),
    /// `return self.send(None)`.
    SendNone,
    /// `return await self.asend(None)`.
    AsyncAnext,
    /// `AsyncGenerator.aclose`.
    AsyncClose,
    /// `return AsyncIterator()`.
    NewAsyncIterator,
    /// A generator that yields nothing (`Iterable.__iter__`).
    EmptyIter,
    /// A generator that yields None once (`Awaitable.__await__`).
    YieldNone,
    /// `__subclasshook__`: `_check_methods(C, *names)` when `cls` is
    /// the method's own class, else NotImplemented.
    Hook(&'static [&'static str]),
    SetLe,
    SetLt,
    SetGt,
    SetGe,
    SetEq,
    /// `cls(it)`.
    FromIterable,
    SetAnd,
    IsDisjoint,
    SetOr,
    SetSub,
    SetRSub,
    SetXor,
    SetHash,
    MSetRemove,
    MSetPop,
    MSetClear,
    MSetIor,
    MSetIand,
    MSetIxor,
    MSetIsub,
    MapGet,
    MapContains,
    /// `return KeysView(self)` and the like: the view class.
    MapView(usize),
    MapEq,
    ViewInit,
    ViewLen,
    ViewRepr,
    /// `set(it)`.
    ViewFromIterable,
    KeysContains,
    ItemsContains,
    ValuesContains,
    ViewIter(ViewKind),
    MMapPop,
    MMapPopitem,
    MMapClear,
    MMapUpdate,
    MMapSetdefault,
    SeqIter,
    SeqContains,
    SeqReversed,
    SeqIndex,
    SeqCount,
    MSeqAppend,
    MSeqClear,
    MSeqReverse,
    MSeqExtend,
    MSeqPop,
    MSeqRemove,
    MSeqIadd,
}

/// `throw`'s body: `if val is None: if tb is None: raise typ; val =
/// typ()`, then `val.with_traceback(tb)` when `tb` is given, `raise val`.
///
/// # Safety
/// The arguments must be live.
unsafe fn throw_body(typ: *mut PyObject, val: *mut PyObject, tb: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let mut val = Owned::borrowed(val);
        if val.as_ptr() == py_none() {
            if tb == py_none() {
                return raise_object(typ);
            }
            val = Owned::new(crate::objects::call::PyObject_CallNoArgs(typ))?;
        }
        if tb != py_none() {
            val = call_method(val.as_ptr(), c"with_traceback", &[tb])?;
        }
        raise_object(val.as_ptr())
    }
}

/// `_check_methods(C, *methods)`: NotImplemented when some method is
/// missing from every class of `C.__mro__` or is None in the first that
/// has it, else True.
///
/// # Safety
/// `c` must be live.
unsafe fn check_methods(c: *mut PyObject, methods: &[&str]) -> R {
    // SAFETY: per the contract; the MRO and dicts are held while used.
    unsafe {
        let mro = attr(c, c"__mro__")?;
        let mut dicts = Vec::new();
        for_each(mro.as_ptr(), |b| {
            dicts.push(attr(b, c"__dict__")?);
            Some(true)
        })?;
        for name in methods {
            let key = s(name)?;
            let mut found = false;
            for d in &dicts {
                if contains(d.as_ptr(), key.as_ptr())? {
                    let v = Owned::new(PyObject_GetItem(d.as_ptr(), key.as_ptr()))?;
                    if v.as_ptr() == py_none() {
                        return Owned::new(not_implemented());
                    }
                    found = true;
                    break;
                }
            }
            if !found {
                return Owned::new(not_implemented());
            }
        }
        boolean(true)
    }
}

/// `Set._hash`: frozenset's hash algorithm over the items, in the
/// `sys.maxsize`-masked arithmetic of the Python code (the same as
/// wrapping 64-bit arithmetic).
///
/// # Safety
/// `s` must be live.
unsafe fn set_hash(set: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let n = len(set)? as u64;
        let mut h: u64 = 1927868237u64.wrapping_mul(n.wrapping_add(1));
        for_each(set, |x| {
            let hx = PyObject_Hash(x);
            if hx == -1 && !PyErr_Occurred().is_null() {
                return None;
            }
            let hx = hx as u64;
            h ^= (hx ^ (hx << 16) ^ 89869747).wrapping_mul(3644798167);
            Some(true)
        })?;
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        let mut h = h as i64;
        if h == -1 {
            h = 590923713;
        }
        int(h as Py_ssize_t)
    }
}

/// `self._from_iterable(x)`, for the Set operators.
///
/// # Safety
/// Both must be live.
unsafe fn from_iterable(slf: *mut PyObject, x: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe { call_method(slf, c"_from_iterable", &[x]) }
}

/// `other` as a Set for `__sub__` / `__rsub__` / `__xor__`: itself, or
/// `self._from_iterable(other)` for another iterable; None (no error)
/// for NotImplemented.
///
/// # Safety
/// Both must be live.
unsafe fn as_set(slf: *mut PyObject, other: *mut PyObject) -> Option<Option<Owned>> {
    // SAFETY: per the contract.
    unsafe {
        if isinstance(other, SET)? {
            return Some(Some(Owned::borrowed(other)));
        }
        if !isinstance(other, ITERABLE)? {
            return Some(None);
        }
        Some(Some(from_iterable(slf, other)?))
    }
}

/// `(value for value in source if (value in container) == keep_in)`:
/// `iter(source)` is taken now, as a generator expression does.
///
/// # Safety
/// Both must be live.
unsafe fn filter(source: *mut PyObject, container: *mut PyObject, keep_in: bool) -> R {
    // SAFETY: per the contract.
    unsafe {
        let it = Owned::new(PyObject_GetIter(source))?;
        new_iter(Steps::Filter {
            it,
            container: Owned::borrowed(container),
            keep_in,
        })
    }
}

/// Runs `body` for the method `m` on the bound arguments (`a[0]` is self
/// or cls; an argument left out that has no default value is NULL) and
/// the extra keyword arguments `kw` (NULL or a dict).
///
/// # Safety
/// The arguments must be live (or NULL as said).
unsafe fn run(body: Body, owner: usize, a: &[*mut PyObject], kw: *mut PyObject) -> R {
    // SAFETY: per the contract; intermediate results are owned.
    unsafe {
        let slf = a[0];
        let ni = || Owned::new(not_implemented());
        match body {
            Body::Zero => int(0),
            Body::False => boolean(false),
            Body::ReturnSelf => Some(Owned::borrowed(slf)),
            Body::Raise(exc) => raise_bare(exc),
            Body::AsyncStop => {
                let t = Owned::borrowed(Exc::StopAsyncIteration.type_object());
                let (n1, n2) = (Owned::borrowed(py_none()), Owned::borrowed(py_none()));
                new_iter(Steps::RaiseOnStep { throw: [t, n1, n2] })
            }
            Body::Throw => throw_body(a[1], a[2], a[3]),
            Body::AsyncThrow => new_iter(Steps::RaiseOnStep {
                throw: [
                    Owned::borrowed(a[1]),
                    Owned::borrowed(a[2]),
                    Owned::borrowed(a[3]),
                ],
            }),
            Body::Close(message) => {
                match call_method(slf, c"throw", &[Exc::GeneratorExit.type_object()]) {
                    Some(_) => raise(Exc::RuntimeError, message),
                    None => {
                        if pending_is(Exc::GeneratorExit) || pending_is(Exc::StopIteration) {
                            PyErr_Clear();
                            return none();
                        }
                        None
                    }
                }
            }
            Body::SendNone => call_method(slf, c"send", &[py_none()]),
            Body::AsyncAnext | Body::AsyncClose => new_iter(Steps::Await {
                target: Owned::borrowed(slf),
                aclose: matches!(body, Body::AsyncClose),
                it: None,
            }),
            Body::NewAsyncIterator => Owned::new(crate::objects::call::PyObject_CallNoArgs(class(
                ASYNC_ITERATOR,
            )?)),
            Body::EmptyIter => new_iter(Steps::Done),
            Body::YieldNone => new_iter(Steps::OnceNone),
            Body::Hook(names) => {
                if slf != class(owner)? {
                    return ni();
                }
                check_methods(a[1], names)
            }
            Body::SetLe | Body::SetGe => {
                let other = a[1];
                if !isinstance(other, SET)? {
                    return ni();
                }
                let (mine, theirs) = (len(slf)?, len(other)?);
                let (small, big, too_big) = if matches!(body, Body::SetLe) {
                    (slf, other, mine > theirs)
                } else {
                    (other, slf, mine < theirs)
                };
                if too_big {
                    return boolean(false);
                }
                let all = for_each(small, |e| contains(big, e))?;
                boolean(all)
            }
            Body::SetLt | Body::SetGt | Body::SetEq => {
                let other = a[1];
                if !isinstance(other, SET)? {
                    return ni();
                }
                let (l, r) = (len(slf)?, len(other)?);
                let (first, then) = match body {
                    Body::SetLt => (l < r, c"__le__"),
                    Body::SetGt => (l > r, c"__ge__"),
                    _ => (l == r, c"__le__"),
                };
                if !first {
                    return boolean(false);
                }
                call_method(slf, then, &[other])
            }
            Body::FromIterable => Owned::new(PyObject_CallOneArg(slf, a[1])),
            Body::SetAnd => {
                if !isinstance(a[1], ITERABLE)? {
                    return ni();
                }
                let g = filter(a[1], slf, true)?;
                from_iterable(slf, g.as_ptr())
            }
            Body::IsDisjoint => {
                let none_in = for_each(a[1], |v| Some(!contains(slf, v)?))?;
                boolean(none_in)
            }
            Body::SetOr => {
                if !isinstance(a[1], ITERABLE)? {
                    return ni();
                }
                let g = new_iter(Steps::Chain {
                    rest: vec![Owned::borrowed(slf), Owned::borrowed(a[1])],
                    it: None,
                })?;
                from_iterable(slf, g.as_ptr())
            }
            Body::SetSub | Body::SetRSub => {
                let Some(other) = as_set(slf, a[1])? else {
                    return ni();
                };
                let g = if matches!(body, Body::SetSub) {
                    filter(slf, other.as_ptr(), false)?
                } else {
                    filter(other.as_ptr(), slf, false)?
                };
                from_iterable(slf, g.as_ptr())
            }
            Body::SetXor => {
                let Some(other) = as_set(slf, a[1])? else {
                    return ni();
                };
                let x = Owned::new(PyNumber_Subtract(slf, other.as_ptr()))?;
                let y = Owned::new(PyNumber_Subtract(other.as_ptr(), slf))?;
                Owned::new(PyNumber_Or(x.as_ptr(), y.as_ptr()))
            }
            Body::SetHash => set_hash(slf),
            Body::MSetRemove => {
                if !contains(slf, a[1])? {
                    return raise_with(Exc::KeyError, a[1]);
                }
                call_method(slf, c"discard", &[a[1]])?;
                none()
            }
            Body::MSetPop => {
                let it = Owned::new(PyObject_GetIter(slf))?;
                let Some(v) = Owned::new(PyIter_Next(it.as_ptr())) else {
                    if PyErr_Occurred().is_null() {
                        return raise_bare(Exc::KeyError);
                    }
                    return None;
                };
                call_method(slf, c"discard", &[v.as_ptr()])?;
                Some(v)
            }
            Body::MSetClear | Body::MMapClear | Body::MSeqClear => {
                let (method, stop): (&CStr, Exc) = match body {
                    Body::MSetClear => (c"pop", Exc::KeyError),
                    Body::MMapClear => (c"popitem", Exc::KeyError),
                    _ => (c"pop", Exc::IndexError),
                };
                loop {
                    if call_method(slf, method, &[]).is_none() {
                        if pending_is(stop) {
                            PyErr_Clear();
                            return none();
                        }
                        return None;
                    }
                }
            }
            Body::MSetIor => {
                for_each(a[1], |v| call_method(slf, c"add", &[v]).map(|_| true))?;
                Some(Owned::borrowed(slf))
            }
            Body::MSetIand => {
                let diff = Owned::new(PyNumber_Subtract(slf, a[1]))?;
                for_each(diff.as_ptr(), |v| {
                    call_method(slf, c"discard", &[v]).map(|_| true)
                })?;
                Some(Owned::borrowed(slf))
            }
            Body::MSetIxor | Body::MSetIsub => {
                if a[1] == slf {
                    call_method(slf, c"clear", &[])?;
                    return Some(Owned::borrowed(slf));
                }
                if matches!(body, Body::MSetIsub) {
                    for_each(a[1], |v| call_method(slf, c"discard", &[v]).map(|_| true))?;
                    return Some(Owned::borrowed(slf));
                }
                let it = if isinstance(a[1], SET)? {
                    Owned::borrowed(a[1])
                } else {
                    from_iterable(slf, a[1])?
                };
                for_each(it.as_ptr(), |v| {
                    let name = if contains(slf, v)? {
                        c"discard"
                    } else {
                        c"add"
                    };
                    call_method(slf, name, &[v]).map(|_| true)
                })?;
                Some(Owned::borrowed(slf))
            }
            Body::MapGet => match Owned::new(PyObject_GetItem(slf, a[1])) {
                Some(v) => Some(v),
                None if pending_is(Exc::KeyError) => {
                    PyErr_Clear();
                    Some(Owned::borrowed(a[2]))
                }
                None => None,
            },
            Body::MapContains => match Owned::new(PyObject_GetItem(slf, a[1])) {
                Some(_) => boolean(true),
                None if pending_is(Exc::KeyError) => {
                    PyErr_Clear();
                    boolean(false)
                }
                None => None,
            },
            Body::MapView(view) => Owned::new(PyObject_CallOneArg(class(view)?, slf)),
            Body::MapEq => {
                if !isinstance(a[1], MAPPING)? {
                    return ni();
                }
                let dict = crate::objects::dictobject::PyDict_Type
                    .get()
                    .cast::<PyObject>();
                let mine = call_method(slf, c"items", &[])?;
                let mine = Owned::new(PyObject_CallOneArg(dict, mine.as_ptr()))?;
                let theirs = call_method(a[1], c"items", &[])?;
                let theirs = Owned::new(PyObject_CallOneArg(dict, theirs.as_ptr()))?;
                Owned::new(PyObject_RichCompare(mine.as_ptr(), theirs.as_ptr(), Py_EQ))
            }
            Body::ViewInit => {
                if PyObject_SetAttrString(slf, c"_mapping".as_ptr(), a[1]) < 0 {
                    return None;
                }
                none()
            }
            Body::ViewLen => {
                let m = attr(slf, c"_mapping")?;
                len_obj(m.as_ptr())
            }
            Body::ViewRepr => {
                let cls = attr(slf, c"__class__")?;
                let name = attr(cls.as_ptr(), c"__name__")?;
                let empty = s("")?;
                let name = Owned::new(PyObject_Format(name.as_ptr(), empty.as_ptr()))?;
                let m = attr(slf, c"_mapping")?;
                let r = Owned::new(crate::objects::object::PyObject_Repr(m.as_ptr()))?;
                s(&format!(
                    "{}({})",
                    text_of(name.as_ptr()),
                    text_of(r.as_ptr())
                ))
            }
            Body::ViewFromIterable => Owned::new(PySet_New(a[1])),
            Body::KeysContains => {
                let m = attr(slf, c"_mapping")?;
                boolean(contains(m.as_ptr(), a[1])?)
            }
            Body::ItemsContains => {
                let (key, value) = unpack_pair(a[1])?;
                let m = attr(slf, c"_mapping")?;
                match Owned::new(PyObject_GetItem(m.as_ptr(), key.as_ptr())) {
                    Some(v) => boolean(same_or_equal(v.as_ptr(), value.as_ptr())?),
                    None if pending_is(Exc::KeyError) => {
                        PyErr_Clear();
                        boolean(false)
                    }
                    None => None,
                }
            }
            Body::ValuesContains => {
                let m = attr(slf, c"_mapping")?;
                let value = a[1];
                let none_found = for_each(m.as_ptr(), |k| {
                    let m = attr(slf, c"_mapping")?;
                    let v = Owned::new(PyObject_GetItem(m.as_ptr(), k))?;
                    Some(!same_or_equal(v.as_ptr(), value)?)
                })?;
                boolean(!none_found)
            }
            Body::ViewIter(kind) => new_iter(Steps::View {
                view: Owned::borrowed(slf),
                kind,
                it: None,
            }),
            Body::MMapPop => match Owned::new(PyObject_GetItem(slf, a[1])) {
                Some(v) => {
                    if crate::objects::r#abstract::PyObject_DelItem(slf, a[1]) < 0 {
                        return None;
                    }
                    Some(v)
                }
                None if pending_is(Exc::KeyError) && a[2] != MARKER.load(Ordering::Acquire) => {
                    PyErr_Clear();
                    Some(Owned::borrowed(a[2]))
                }
                None => None,
            },
            Body::MMapPopitem => {
                let it = Owned::new(PyObject_GetIter(slf))?;
                let Some(key) = Owned::new(PyIter_Next(it.as_ptr())) else {
                    if PyErr_Occurred().is_null() {
                        return raise_bare(Exc::KeyError);
                    }
                    return None;
                };
                let value = Owned::new(PyObject_GetItem(slf, key.as_ptr()))?;
                if crate::objects::r#abstract::PyObject_DelItem(slf, key.as_ptr()) < 0 {
                    return None;
                }
                Owned::new(tuple_from_slice(&[key.as_ptr(), value.as_ptr()]))
            }
            Body::MMapUpdate => {
                let other = a[1];
                let set = |k: *mut PyObject, v: *mut PyObject| -> Option<bool> {
                    (crate::objects::r#abstract::PyObject_SetItem(slf, k, v) == 0).then_some(true)
                };
                let from_keys = |keys: *mut PyObject| {
                    for_each(keys, |k| {
                        let v = Owned::new(PyObject_GetItem(other, k))?;
                        set(k, v.as_ptr())
                    })
                };
                if isinstance(other, MAPPING)? {
                    from_keys(other)?;
                } else {
                    let name = s("keys")?;
                    let mut found = ptr::null_mut();
                    match crate::objects::object::_PyObject_LookupAttr(
                        other,
                        name.as_ptr(),
                        &mut found,
                    ) {
                        r if r < 0 => return None,
                        0 => {
                            for_each(other, |item| {
                                let (k, v) = unpack_pair(item)?;
                                set(k.as_ptr(), v.as_ptr())
                            })?;
                        }
                        _ => {
                            Py_DecRef(found);
                            let keys = call_method(other, c"keys", &[])?;
                            from_keys(keys.as_ptr())?;
                        }
                    }
                }
                if !kw.is_null() {
                    let items = Owned::new(crate::objects::r#abstract::PyMapping_Items(kw))?;
                    for_each(items.as_ptr(), |item| {
                        let (k, v) = unpack_pair(item)?;
                        set(k.as_ptr(), v.as_ptr())
                    })?;
                }
                none()
            }
            Body::MMapSetdefault => match Owned::new(PyObject_GetItem(slf, a[1])) {
                Some(v) => Some(v),
                None if pending_is(Exc::KeyError) => {
                    PyErr_Clear();
                    if crate::objects::r#abstract::PyObject_SetItem(slf, a[1], a[2]) < 0 {
                        return None;
                    }
                    Some(Owned::borrowed(a[2]))
                }
                None => None,
            },
            Body::SeqIter => new_iter(Steps::Forward {
                seq: Owned::borrowed(slf),
                i: 0,
            }),
            Body::SeqContains => {
                let value = a[1];
                let none_found = for_each(slf, |v| Some(!same_or_equal(v, value)?))?;
                boolean(!none_found)
            }
            Body::SeqReversed => new_iter(Steps::Reverse {
                seq: Owned::borrowed(slf),
                next: None,
            }),
            Body::SeqIndex => seq_index(slf, a[1], a[2], a[3]),
            Body::SeqCount => {
                let value = a[1];
                let mut n = 0;
                for_each(slf, |v| {
                    if same_or_equal(v, value)? {
                        n += 1;
                    }
                    Some(true)
                })?;
                int(n)
            }
            Body::MSeqAppend => {
                let n = len_obj(slf)?;
                call_method(slf, c"insert", &[n.as_ptr(), a[1]])?;
                none()
            }
            Body::MSeqReverse => {
                let n = len(slf)?;
                for i in 0..n / 2 {
                    let (lo, hi) = (int(i)?, int(n - i - 1)?);
                    let x = Owned::new(PyObject_GetItem(slf, hi.as_ptr()))?;
                    let y = Owned::new(PyObject_GetItem(slf, lo.as_ptr()))?;
                    if crate::objects::r#abstract::PyObject_SetItem(slf, lo.as_ptr(), x.as_ptr())
                        < 0
                        || crate::objects::r#abstract::PyObject_SetItem(
                            slf,
                            hi.as_ptr(),
                            y.as_ptr(),
                        ) < 0
                    {
                        return None;
                    }
                }
                none()
            }
            Body::MSeqExtend => {
                let values = if a[1] == slf {
                    Owned::new(PySequence_List(a[1]))?
                } else {
                    Owned::borrowed(a[1])
                };
                for_each(values.as_ptr(), |v| {
                    call_method(slf, c"append", &[v]).map(|_| true)
                })?;
                none()
            }
            Body::MSeqPop => {
                let v = Owned::new(PyObject_GetItem(slf, a[1]))?;
                if crate::objects::r#abstract::PyObject_DelItem(slf, a[1]) < 0 {
                    return None;
                }
                Some(v)
            }
            Body::MSeqRemove => {
                let i = call_method(slf, c"index", &[a[1]])?;
                if crate::objects::r#abstract::PyObject_DelItem(slf, i.as_ptr()) < 0 {
                    return None;
                }
                none()
            }
            Body::MSeqIadd => {
                call_method(slf, c"extend", &[a[1]])?;
                Some(Owned::borrowed(slf))
            }
        }
    }
}

/// `Sequence.index(self, value, start=0, stop=None)`.
///
/// # Safety
/// The arguments must be live.
unsafe fn seq_index(
    slf: *mut PyObject,
    value: *mut PyObject,
    start: *mut PyObject,
    stop: *mut PyObject,
) -> R {
    // SAFETY: per the contract; every value made is owned.
    unsafe {
        let zero = int(0)?;
        let mut start = Owned::borrowed(start);
        if start.as_ptr() != py_none() && compare(start.as_ptr(), zero.as_ptr(), Py_LT)? {
            let n = len_obj(slf)?;
            let sum = Owned::new(PyNumber_Add(n.as_ptr(), start.as_ptr()))?;
            // `max(sum, 0)`: 0 only when it is greater.
            start = if compare(zero.as_ptr(), sum.as_ptr(), Py_GT)? {
                Owned::borrowed(zero.as_ptr())
            } else {
                sum
            };
        }
        let mut stop = Owned::borrowed(stop);
        if stop.as_ptr() != py_none() && compare(stop.as_ptr(), zero.as_ptr(), Py_LT)? {
            let n = len_obj(slf)?;
            stop = Owned::new(crate::objects::r#abstract::PyNumber_InPlaceAdd(
                stop.as_ptr(),
                n.as_ptr(),
            ))?;
        }
        let one = int(1)?;
        let mut i = start;
        while stop.as_ptr() == py_none() || compare(i.as_ptr(), stop.as_ptr(), Py_LT)? {
            let Some(v) = Owned::new(PyObject_GetItem(slf, i.as_ptr())) else {
                if pending_is(Exc::IndexError) {
                    PyErr_Clear();
                    break;
                }
                return None;
            };
            if same_or_equal(v.as_ptr(), value)? {
                return Some(i);
            }
            i = Owned::new(crate::objects::r#abstract::PyNumber_InPlaceAdd(
                i.as_ptr(),
                one.as_ptr(),
            ))?;
        }
        raise_bare(Exc::ValueError)
    }
}

// ==========================================================================
// `_collections_abc._method`: a method written in Python in CPython
// ==========================================================================

/// A parameter's default value.
#[derive(Clone, Copy)]
enum Default {
    None,
    Zero,
    MinusOne,
    EmptyTuple,
    /// `MutableMapping.pop`'s private marker (`_MutableMapping__marker`).
    Marker,
}

/// How a method takes its arguments beyond its named parameters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// Only the named parameters.
    Named,
    /// `(self, other=(), /, **kwds)`: the named ones are positional-only,
    /// keywords go to `kwds`.
    PositionalOnlyAndKw,
    /// `(self, *args, **kwds)`.
    ArgsAndKw,
}

/// A method: its parameters after `self` (`cls` for a class method) and
/// the defaults of the last ones, what it does, whether it is abstract or
/// a class method.
#[derive(Clone, Copy)]
struct Spec {
    name: &'static str,
    params: &'static [&'static str],
    defaults: &'static [Default],
    extra: Extra,
    body: Body,
    abstract_: bool,
    classmethod: bool,
}

#[repr(C)]
struct Method {
    ob_base: PyObject,
    spec: Spec,
    /// The class the method is defined in (an index of [`CLASSES`]).
    owner: usize,
    /// `Class.name` (owned str).
    qualname: *mut PyObject,
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced method; its qualname is owned.
    unsafe {
        Py_DecRef((*op.cast::<Method>()).qualname);
        crate::objects::obmalloc::PyObject_Free(op.cast());
    }
}

/// `MutableMapping._MutableMapping__marker` (borrowed; the class dict
/// holds it), once made.
static MARKER: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// The default value `d` (a new reference).
fn default_value(d: Default) -> Option<*mut PyObject> {
    Some(match d {
        Default::None => crate::objects::object::none(),
        Default::Zero => int(0)?.into_raw(),
        Default::MinusOne => int(-1)?.into_raw(),
        Default::EmptyTuple => crate::objects::tupleobject::empty_tuple(),
        Default::Marker => {
            let m = MARKER.load(Ordering::Acquire);
            if m.is_null() {
                return raise(Exc::SystemError, "MutableMapping is not made yet");
            }
            // SAFETY: the marker lives in MutableMapping's dict for the
            // process.
            unsafe { Py_IncRef(m) };
            m
        }
    })
}

/// `a, b and c` as a Python function's messages list names.
fn name_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// Calls the method: binds the arguments as its Python `def` does, then
/// runs the body.
unsafe extern "C" fn method_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call with a live tuple and NULL or a dict; the bound
    // arguments are borrowed from them or owned in `held`.
    unsafe {
        let m = op.cast::<Method>();
        let (spec, owner) = ((*m).spec, (*m).owner);
        let qual = text_of((*m).qualname);
        let mut names = vec![if spec.classmethod { "cls" } else { "self" }];
        names.extend_from_slice(spec.params);
        let total = names.len();
        let required = total - spec.defaults.len();
        let n = PyTuple_Size(args) as usize;
        if n > total && spec.extra != Extra::ArgsAndKw {
            let takes = if spec.defaults.is_empty() {
                format!("{total}")
            } else {
                format!("from {required} to {total}")
            };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{qual}() takes {takes} positional argument{} but {n} were given",
                    if total == 1 && spec.defaults.is_empty() {
                        ""
                    } else {
                        "s"
                    }
                ),
            );
        }
        let mut bound = vec![ptr::null_mut(); total];
        for (i, b) in bound.iter_mut().enumerate().take(n) {
            *b = PyTuple_GetItem(args, i as Py_ssize_t);
        }
        let mut extra_kw: Option<Owned> = None;
        if !kw.is_null() {
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw, &mut pos, &mut k, &mut v) != 0 {
                let key = text_of(k);
                let named = if spec.extra == Extra::PositionalOnlyAndKw {
                    None
                } else {
                    names.iter().position(|p| *p == key)
                };
                match named {
                    Some(i) if !bound[i].is_null() => {
                        return errors::fail_null(
                            Exc::TypeError,
                            format!("{qual}() got multiple values for argument '{key}'"),
                        );
                    }
                    Some(i) => bound[i] = v,
                    None if spec.extra != Extra::Named => {
                        if extra_kw.is_none() {
                            let Some(d) = Owned::new(PyDict_New()) else {
                                return ptr::null_mut();
                            };
                            extra_kw = Some(d);
                        }
                        if let Some(d) = &extra_kw
                            && PyDict_SetItem(d.as_ptr(), k, v) < 0
                        {
                            return ptr::null_mut();
                        }
                    }
                    None => {
                        return errors::fail_null(
                            Exc::TypeError,
                            format!("{qual}() got an unexpected keyword argument '{key}'"),
                        );
                    }
                }
            }
        }
        let missing: Vec<String> = (0..required)
            .filter(|&i| bound[i].is_null())
            .map(|i| format!("'{}'", names[i]))
            .collect();
        if !missing.is_empty() {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{qual}() missing {} required positional argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    name_list(&missing)
                ),
            );
        }
        let mut held: Vec<Owned> = Vec::new();
        for (i, b) in bound.iter_mut().enumerate().skip(required) {
            if b.is_null() {
                let Some(d) = default_value(spec.defaults[i - required]) else {
                    return ptr::null_mut();
                };
                *b = d;
                if let Some(o) = Owned::new(d) {
                    held.push(o);
                }
            }
        }
        let kwds = extra_kw.as_ref().map_or(ptr::null_mut(), |d| d.as_ptr());
        run(spec.body, owner, &bound, kwds).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// Binding: the method itself through the class, a bound method through
/// an instance, as a function binds.
unsafe extern "C" fn method_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects (obj NULL or live).
    unsafe {
        if obj.is_null() || obj == py_none() {
            Py_IncRef(op);
            return op;
        }
        PyMethod_New(op, obj)
    }
}

/// `__isabstractmethod__`: True for an abstract method; a concrete one
/// has no such attribute (as a plain function has none).
unsafe extern "C" fn method_get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method.
    if unsafe { (*op.cast::<Method>()).spec.abstract_ } {
        return bool_from_bool(true);
    }
    errors::fail_null(
        Exc::AttributeError,
        "'_method' object has no attribute '__isabstractmethod__'",
    )
}

unsafe extern "C" fn method_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method.
    unsafe { crate::objects::unicodeobject::unicode_from_str((*op.cast::<Method>()).spec.name) }
}

unsafe extern "C" fn method_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method, whose qualname is a live str.
    unsafe {
        let q = (*op.cast::<Method>()).qualname;
        Py_IncRef(q);
        q
    }
}

unsafe extern "C" fn method_get_module(_op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    crate::objects::unicodeobject::unicode_from_str("collections.abc")
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live method.
    unsafe {
        let q = text_of((*op.cast::<Method>()).qualname);
        crate::objects::unicodeobject::unicode_from_str(&format!("<function {q} at {op:p}>"))
    }
}

static METHOD_GETSET: StaticObject<[PyGetSetDef; 5]> = StaticObject::new([
    PyGetSetDef::getter(c"__isabstractmethod__", method_get_isabstract),
    PyGetSetDef::getter(c"__name__", method_get_name),
    PyGetSetDef::getter(c"__qualname__", method_get_qualname),
    PyGetSetDef::getter(c"__module__", method_get_module),
    PyGetSetDef::zeroed(),
]);

static METHOD_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_collections_abc._method",
        size_of::<Method>(),
        (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_METHOD_DESCRIPTOR) as c_ulong,
        method_dealloc,
    );
    ty.tp_call = Some(method_call);
    ty.tp_descr_get = Some(method_descr_get);
    ty.tp_repr = Some(method_repr);
    ty.tp_getset = METHOD_GETSET.get().cast();
    ty
});

/// A new method `spec` of class `owner`.
fn new_method(owner: usize, spec: Spec) -> R {
    // SAFETY: a fresh object of the static type, filled before it is
    // shared.
    unsafe {
        let ty = METHOD_TYPE.get();
        if !crate::objects::typeobject::ensure_ready(ty) {
            return None;
        }
        let qualname = s(&format!("{}.{}", NAMES[owner], spec.name))?;
        let op = crate::objects::obmalloc::PyObject_Malloc(size_of::<Method>()).cast::<PyObject>();
        if op.is_null() {
            errors::PyErr_NoMemory();
            return None;
        }
        crate::objects::object::PyObject_Init(op, ty);
        let m = op.cast::<Method>();
        ptr::write(&raw mut (*m).spec, spec);
        (*m).owner = owner;
        (*m).qualname = qualname.into_raw();
        Owned::new(op)
    }
}

// ==========================================================================
// The classes' members
// ==========================================================================

/// A class member.
enum Member {
    /// A method (a class method when its spec says so).
    Method(Spec),
    /// The same object under a second name (`__rand__ = __and__`): the
    /// index of the earlier member.
    Alias(&'static str, usize),
    /// `name = None`.
    None(&'static str),
    /// `__class_getitem__ = classmethod(GenericAlias)`.
    ClassGetitem,
    /// `__abc_tpflags__ = flag`.
    TpFlags(c_ulong),
    /// `__slots__ = ('_mapping',)`.
    MappingSlot,
    /// `__marker = object()` (`_MutableMapping__marker`).
    Marker,
}

const fn spec(name: &'static str, params: &'static [&'static str], body: Body) -> Spec {
    Spec {
        name,
        params,
        defaults: &[],
        extra: Extra::Named,
        body,
        abstract_: false,
        classmethod: false,
    }
}

/// A concrete method.
const fn m(name: &'static str, params: &'static [&'static str], body: Body) -> Member {
    Member::Method(spec(name, params, body))
}

/// An abstract method.
const fn a(name: &'static str, params: &'static [&'static str], body: Body) -> Member {
    let mut sp = spec(name, params, body);
    sp.abstract_ = true;
    Member::Method(sp)
}

/// A method with defaults for its last parameters.
const fn md(
    name: &'static str,
    params: &'static [&'static str],
    defaults: &'static [Default],
    body: Body,
    abstract_: bool,
) -> Member {
    let mut sp = spec(name, params, body);
    sp.defaults = defaults;
    sp.abstract_ = abstract_;
    Member::Method(sp)
}

/// A class method.
const fn cm(name: &'static str, params: &'static [&'static str], body: Body) -> Member {
    let mut sp = spec(name, params, body);
    sp.classmethod = true;
    Member::Method(sp)
}

/// `__subclasshook__` checking `names`.
const fn hook(names: &'static [&'static str]) -> Member {
    cm("__subclasshook__", &["C"], Body::Hook(names))
}

const NO: &[&str] = &[];
const O: &[&str] = &["other"];
const THROW: &[&str] = &["typ", "val", "tb"];
const NONE2: &[Default] = &[Default::None, Default::None];

/// Class `i`'s bases (indices) and members, in the Python source's order.
fn members(i: usize) -> (Vec<usize>, Vec<Member>) {
    let throw = |abstract_: bool, body: Body| md("throw", THROW, NONE2, body, abstract_);
    match i {
        HASHABLE => (
            vec![],
            vec![a("__hash__", NO, Body::Zero), hook(&["__hash__"])],
        ),
        AWAITABLE => (
            vec![],
            vec![
                a("__await__", NO, Body::YieldNone),
                hook(&["__await__"]),
                Member::ClassGetitem,
            ],
        ),
        COROUTINE => (
            vec![AWAITABLE],
            vec![
                a("send", &["value"], Body::Raise(Exc::StopIteration)),
                throw(true, Body::Throw),
                m("close", NO, Body::Close("coroutine ignored GeneratorExit")),
                hook(&["__await__", "send", "throw", "close"]),
            ],
        ),
        ASYNC_ITERABLE => (
            vec![],
            vec![
                a("__aiter__", NO, Body::NewAsyncIterator),
                hook(&["__aiter__"]),
                Member::ClassGetitem,
            ],
        ),
        ASYNC_ITERATOR => (
            vec![ASYNC_ITERABLE],
            vec![
                a("__anext__", NO, Body::AsyncStop),
                m("__aiter__", NO, Body::ReturnSelf),
                hook(&["__anext__", "__aiter__"]),
            ],
        ),
        ASYNC_GENERATOR => (
            vec![ASYNC_ITERATOR],
            vec![
                m("__anext__", NO, Body::AsyncAnext),
                a("asend", &["value"], Body::AsyncStop),
                throw_named("athrow", Body::AsyncThrow),
                m("aclose", NO, Body::AsyncClose),
                hook(&["__aiter__", "__anext__", "asend", "athrow", "aclose"]),
            ],
        ),
        ITERABLE => (
            vec![],
            vec![
                a("__iter__", NO, Body::EmptyIter),
                hook(&["__iter__"]),
                Member::ClassGetitem,
            ],
        ),
        ITERATOR => (
            vec![ITERABLE],
            vec![
                a("__next__", NO, Body::Raise(Exc::StopIteration)),
                m("__iter__", NO, Body::ReturnSelf),
                hook(&["__iter__", "__next__"]),
            ],
        ),
        REVERSIBLE => (
            vec![ITERABLE],
            vec![
                a("__reversed__", NO, Body::EmptyIter),
                hook(&["__reversed__", "__iter__"]),
            ],
        ),
        GENERATOR => (
            vec![ITERATOR],
            vec![
                m("__next__", NO, Body::SendNone),
                a("send", &["value"], Body::Raise(Exc::StopIteration)),
                throw(true, Body::Throw),
                m("close", NO, Body::Close("generator ignored GeneratorExit")),
                hook(&["__iter__", "__next__", "send", "throw", "close"]),
            ],
        ),
        SIZED => (
            vec![],
            vec![a("__len__", NO, Body::Zero), hook(&["__len__"])],
        ),
        CONTAINER => (
            vec![],
            vec![
                a("__contains__", &["x"], Body::False),
                hook(&["__contains__"]),
                Member::ClassGetitem,
            ],
        ),
        COLLECTION => (
            vec![SIZED, ITERABLE, CONTAINER],
            vec![hook(&["__len__", "__iter__", "__contains__"])],
        ),
        CALLABLE => {
            let mut call = spec("__call__", NO, Body::False);
            call.extra = Extra::ArgsAndKw;
            call.abstract_ = true;
            (vec![], vec![Member::Method(call), hook(&["__call__"])])
        }
        SET => (
            vec![COLLECTION],
            vec![
                m("__le__", O, Body::SetLe),
                m("__lt__", O, Body::SetLt),
                m("__gt__", O, Body::SetGt),
                m("__ge__", O, Body::SetGe),
                m("__eq__", O, Body::SetEq),
                cm("_from_iterable", &["it"], Body::FromIterable),
                m("__and__", O, Body::SetAnd),
                Member::Alias("__rand__", 6),
                m("isdisjoint", O, Body::IsDisjoint),
                m("__or__", O, Body::SetOr),
                Member::Alias("__ror__", 9),
                m("__sub__", O, Body::SetSub),
                m("__rsub__", O, Body::SetRSub),
                m("__xor__", O, Body::SetXor),
                Member::Alias("__rxor__", 13),
                m("_hash", NO, Body::SetHash),
            ],
        ),
        MUTABLE_SET => (
            vec![SET],
            vec![
                a("add", &["value"], Body::Raise(Exc::NotImplementedError)),
                a("discard", &["value"], Body::Raise(Exc::NotImplementedError)),
                m("remove", &["value"], Body::MSetRemove),
                m("pop", NO, Body::MSetPop),
                m("clear", NO, Body::MSetClear),
                m("__ior__", &["it"], Body::MSetIor),
                m("__iand__", &["it"], Body::MSetIand),
                m("__ixor__", &["it"], Body::MSetIxor),
                m("__isub__", &["it"], Body::MSetIsub),
            ],
        ),
        MAPPING => (
            vec![COLLECTION],
            vec![
                Member::TpFlags(Py_TPFLAGS_MAPPING as c_ulong),
                a("__getitem__", &["key"], Body::Raise(Exc::KeyError)),
                md(
                    "get",
                    &["key", "default"],
                    &[Default::None],
                    Body::MapGet,
                    false,
                ),
                m("__contains__", &["key"], Body::MapContains),
                m("keys", NO, Body::MapView(KEYS_VIEW)),
                m("items", NO, Body::MapView(ITEMS_VIEW)),
                m("values", NO, Body::MapView(VALUES_VIEW)),
                m("__eq__", O, Body::MapEq),
                Member::None("__reversed__"),
            ],
        ),
        MAPPING_VIEW => (
            vec![SIZED],
            vec![
                Member::MappingSlot,
                m("__init__", &["mapping"], Body::ViewInit),
                m("__len__", NO, Body::ViewLen),
                m("__repr__", NO, Body::ViewRepr),
                Member::ClassGetitem,
            ],
        ),
        KEYS_VIEW => (
            vec![MAPPING_VIEW, SET],
            vec![
                cm("_from_iterable", &["it"], Body::ViewFromIterable),
                m("__contains__", &["key"], Body::KeysContains),
                m("__iter__", NO, Body::ViewIter(ViewKind::Keys)),
            ],
        ),
        ITEMS_VIEW => (
            vec![MAPPING_VIEW, SET],
            vec![
                cm("_from_iterable", &["it"], Body::ViewFromIterable),
                m("__contains__", &["item"], Body::ItemsContains),
                m("__iter__", NO, Body::ViewIter(ViewKind::Items)),
            ],
        ),
        VALUES_VIEW => (
            vec![MAPPING_VIEW, COLLECTION],
            vec![
                m("__contains__", &["value"], Body::ValuesContains),
                m("__iter__", NO, Body::ViewIter(ViewKind::Values)),
            ],
        ),
        MUTABLE_MAPPING => {
            let mut update = spec("update", O, Body::MMapUpdate);
            update.defaults = &[Default::EmptyTuple];
            update.extra = Extra::PositionalOnlyAndKw;
            (
                vec![MAPPING],
                vec![
                    a("__setitem__", &["key", "value"], Body::Raise(Exc::KeyError)),
                    a("__delitem__", &["key"], Body::Raise(Exc::KeyError)),
                    Member::Marker,
                    md(
                        "pop",
                        &["key", "default"],
                        &[Default::Marker],
                        Body::MMapPop,
                        false,
                    ),
                    m("popitem", NO, Body::MMapPopitem),
                    m("clear", NO, Body::MMapClear),
                    Member::Method(update),
                    md(
                        "setdefault",
                        &["key", "default"],
                        &[Default::None],
                        Body::MMapSetdefault,
                        false,
                    ),
                ],
            )
        }
        SEQUENCE => (
            vec![REVERSIBLE, COLLECTION],
            vec![
                Member::TpFlags(Py_TPFLAGS_SEQUENCE as c_ulong),
                a("__getitem__", &["index"], Body::Raise(Exc::IndexError)),
                m("__iter__", NO, Body::SeqIter),
                m("__contains__", &["value"], Body::SeqContains),
                m("__reversed__", NO, Body::SeqReversed),
                md(
                    "index",
                    &["value", "start", "stop"],
                    &[Default::Zero, Default::None],
                    Body::SeqIndex,
                    false,
                ),
                m("count", &["value"], Body::SeqCount),
            ],
        ),
        BYTE_STRING => (vec![SEQUENCE], vec![]),
        _ => (
            vec![SEQUENCE],
            vec![
                a(
                    "__setitem__",
                    &["index", "value"],
                    Body::Raise(Exc::IndexError),
                ),
                a("__delitem__", &["index"], Body::Raise(Exc::IndexError)),
                a("insert", &["index", "value"], Body::Raise(Exc::IndexError)),
                m("append", &["value"], Body::MSeqAppend),
                m("clear", NO, Body::MSeqClear),
                m("reverse", NO, Body::MSeqReverse),
                m("extend", &["values"], Body::MSeqExtend),
                md(
                    "pop",
                    &["index"],
                    &[Default::MinusOne],
                    Body::MSeqPop,
                    false,
                ),
                m("remove", &["value"], Body::MSeqRemove),
                m("__iadd__", &["values"], Body::MSeqIadd),
            ],
        ),
    }
}

/// An abstract `async def name(self, typ, val=None, tb=None)`.
const fn throw_named(name: &'static str, body: Body) -> Member {
    md(name, THROW, NONE2, body, true)
}

/// Makes class `i` from its members and records it in [`CLASSES`].
fn make_class(i: usize) -> R {
    let (bases, members) = members(i);
    // SAFETY: every value made is held until the class holds it; the
    // bases are made before (lower indices) and live.
    unsafe {
        let mut held: Vec<Owned> = Vec::new();
        let mut names: Vec<CString> = Vec::new();
        for member in &members {
            let (name, value): (&str, Owned) = match member {
                Member::Method(sp) => {
                    let f = new_method(i, *sp)?;
                    let v = if sp.classmethod {
                        Owned::new(PyObject_CallOneArg(
                            crate::objects::funcobject::PyClassMethod_Type.get().cast(),
                            f.as_ptr(),
                        ))?
                    } else {
                        f
                    };
                    (sp.name, v)
                }
                Member::Alias(name, j) => (name, Owned::borrowed(held[*j].as_ptr())),
                Member::None(name) => (name, Owned::borrowed(py_none())),
                Member::ClassGetitem => (
                    "__class_getitem__",
                    Owned::new(PyObject_CallOneArg(
                        crate::objects::funcobject::PyClassMethod_Type.get().cast(),
                        crate::objects::genericaliasobject::Py_GenericAliasType
                            .get()
                            .cast(),
                    ))?,
                ),
                Member::TpFlags(flag) => (
                    "__abc_tpflags__",
                    Owned::new(crate::objects::longobject::PyLong_FromUnsignedLong(*flag))?,
                ),
                Member::Marker => {
                    let o = Owned::new(crate::objects::call::PyObject_CallNoArgs(
                        crate::objects::typeobject::PyBaseObject_Type.get().cast(),
                    ))?;
                    MARKER.store(o.as_ptr(), Ordering::Release);
                    ("_MutableMapping__marker", o)
                }
                Member::MappingSlot => {
                    let slot = s("_mapping")?;
                    ("__slots__", Owned::new(tuple_from_slice(&[slot.as_ptr()]))?)
                }
            };
            held.push(value);
            names.push(CString::new(name).ok()?);
        }
        let mut items: Vec<(&CStr, *mut PyObject)> = names
            .iter()
            .zip(&held)
            .map(|(n, v)| (n.as_c_str(), v.as_ptr()))
            .collect();
        // A class without a docstring has `__doc__` None.
        if DOCS[i].is_none() {
            items.push((c"__doc__", py_none()));
        }
        let mut base_ptrs = Vec::new();
        for b in bases {
            base_ptrs.push(class(b)?);
        }
        let cls = super::abcmodule::make_abc(
            "collections.abc",
            NAMES[i],
            &base_ptrs,
            DOCS[i].unwrap_or(""),
            &items,
        )?;
        CLASSES[i].store(cls.as_ptr(), Ordering::Release);
        Some(cls)
    }
}

/// The classes' docstrings (None: the class has none).
const DOCS: [Option<&str>; 25] = [
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    Some(
        "A set is a finite, iterable container.\n\n    This class provides concrete generic implementations of all\n    methods except for __contains__, __iter__ and __len__.\n\n    To override the comparisons (presumably for speed, as the\n    semantics are fixed), redefine __le__ and __ge__,\n    then the other operations will automatically follow suit.\n    ",
    ),
    Some(
        "A mutable set is a finite, iterable container.\n\n    This class provides concrete generic implementations of all\n    methods except for __contains__, __iter__, __len__,\n    add(), and discard().\n\n    To override the comparisons (presumably for speed, as the\n    semantics are fixed), all you have to do is redefine __le__ and\n    then the other operations will automatically follow suit.\n    ",
    ),
    Some(
        "A Mapping is a generic container for associating key/value\n    pairs.\n\n    This class provides concrete generic implementations of all\n    methods except for __getitem__, __iter__, and __len__.\n    ",
    ),
    None,
    None,
    None,
    None,
    Some(
        "A MutableMapping is a generic container for associating\n    key/value pairs.\n\n    This class provides concrete generic implementations of all\n    methods except for __getitem__, __setitem__, __delitem__,\n    __iter__, and __len__.\n    ",
    ),
    Some(
        "All the operations on a read-only sequence.\n\n    Concrete subclasses must override __new__ or __init__,\n    __getitem__, and __len__.\n    ",
    ),
    Some("This unifies bytes and bytearray.\n\n    XXX Should add all their methods.\n    "),
    Some(
        "All the operations on a read-write sequence.\n\n    Concrete subclasses must provide __new__ or __init__,\n    __getitem__, __setitem__, __delitem__, __len__, and insert().\n    ",
    ),
];

// ==========================================================================
// The registrations and the modules
// ==========================================================================

/// `type(x)` as a new reference (`x` a new object or NULL with the
/// error).
fn type_of(x: *mut PyObject) -> R {
    let x = Owned::new(x)?;
    // SAFETY: a live object; its type is live while referenced.
    unsafe { Some(Owned::borrowed((*x.as_ptr()).ob_type.cast())) }
}

/// `type(iter(x))` (`x` a new object or NULL with the error).
fn iter_type(x: *mut PyObject) -> R {
    let x = Owned::new(x)?;
    // SAFETY: a live object.
    type_of(unsafe { PyObject_GetIter(x.as_ptr()) })
}

/// `x.name()` for a new object `x` (or NULL with the error).
fn method_of(x: *mut PyObject, name: &CStr) -> *mut PyObject {
    let Some(x) = Owned::new(x) else {
        return ptr::null_mut();
    };
    // SAFETY: a live object.
    unsafe { call_method(x.as_ptr(), name, &[]).map_or(ptr::null_mut(), Owned::into_raw) }
}

/// The private names `Lib/_collections_abc.py` gives the built-in types
/// it registers (found as it finds them, from objects of each type), with
/// the ABC each is registered with, then the public built-in types it
/// registers.
fn registrations() -> Option<Vec<(Option<&'static str>, Owned, usize)>> {
    // SAFETY: each object made is a new reference (or NULL with the
    // error), consumed by the helpers; the static types are live.
    unsafe {
        let empty_list = || PyList_New(0);
        let empty_dict = || PyDict_New();
        let st = |t: &StaticObject<PyTypeObject>| Owned::borrowed(t.get().cast());
        let call0 = |t: &StaticObject<PyTypeObject>| {
            crate::objects::call::PyObject_CallNoArgs(t.get().cast())
        };
        let zero = int(0)?;
        let one = int(1)?;
        let thousand = int(1000)?;
        let big = Owned::new(crate::objects::r#abstract::PyNumber_Lshift(
            one.as_ptr(),
            thousand.as_ptr(),
        ))?;
        let range = crate::objects::rangeobject::PyRange_Type
            .get()
            .cast::<PyObject>();
        let list = Owned::new(empty_list())?;
        Some(vec![
            (
                Some("bytes_iterator"),
                iter_type(crate::objects::bytesobject::PyBytes_FromStringAndSize(
                    ptr::null(),
                    0,
                ))?,
                ITERATOR,
            ),
            (
                Some("bytearray_iterator"),
                iter_type(
                    crate::objects::bytearrayobject::PyByteArray_FromStringAndSize(ptr::null(), 0),
                )?,
                ITERATOR,
            ),
            (
                Some("dict_keyiterator"),
                iter_type(method_of(empty_dict(), c"keys"))?,
                ITERATOR,
            ),
            (
                Some("dict_valueiterator"),
                iter_type(method_of(empty_dict(), c"values"))?,
                ITERATOR,
            ),
            (
                Some("dict_itemiterator"),
                iter_type(method_of(empty_dict(), c"items"))?,
                ITERATOR,
            ),
            (Some("list_iterator"), iter_type(empty_list())?, ITERATOR),
            (
                Some("list_reverseiterator"),
                type_of(method_of(
                    Owned::borrowed(list.as_ptr()).into_raw(),
                    c"__reversed__",
                ))?,
                ITERATOR,
            ),
            (
                Some("range_iterator"),
                iter_type(PyObject_CallOneArg(range, zero.as_ptr()))?,
                ITERATOR,
            ),
            (
                Some("longrange_iterator"),
                iter_type(PyObject_CallOneArg(range, big.as_ptr()))?,
                ITERATOR,
            ),
            (
                Some("set_iterator"),
                iter_type(PySet_New(ptr::null_mut()))?,
                ITERATOR,
            ),
            (
                Some("str_iterator"),
                iter_type(crate::objects::unicodeobject::unicode_from_str(""))?,
                ITERATOR,
            ),
            (
                Some("tuple_iterator"),
                iter_type(tuple_from_slice(&[]))?,
                ITERATOR,
            ),
            (
                Some("zip_iterator"),
                iter_type(call0(&crate::python::bltinmodule::PyZip_Type))?,
                ITERATOR,
            ),
            (
                Some("dict_keys"),
                type_of(method_of(empty_dict(), c"keys"))?,
                KEYS_VIEW,
            ),
            (
                Some("dict_values"),
                type_of(method_of(empty_dict(), c"values"))?,
                VALUES_VIEW,
            ),
            (
                Some("dict_items"),
                type_of(method_of(empty_dict(), c"items"))?,
                ITEMS_VIEW,
            ),
            (
                Some("mappingproxy"),
                st(&crate::objects::descrobject::PyDictProxy_Type),
                MAPPING,
            ),
            (
                Some("generator"),
                st(&crate::objects::genobject::PyGen_Type),
                GENERATOR,
            ),
            (
                Some("coroutine"),
                st(&crate::objects::genobject::PyCoro_Type),
                COROUTINE,
            ),
            (
                Some("async_generator"),
                st(&crate::objects::genobject::PyAsyncGen_Type),
                ASYNC_GENERATOR,
            ),
            (None, st(&crate::objects::setobject::PyFrozenSet_Type), SET),
            (
                None,
                st(&crate::objects::setobject::PySet_Type),
                MUTABLE_SET,
            ),
            (
                None,
                st(&crate::objects::dictobject::PyDict_Type),
                MUTABLE_MAPPING,
            ),
            (
                None,
                st(&crate::objects::tupleobject::PyTuple_Type),
                SEQUENCE,
            ),
            (
                None,
                st(&crate::objects::unicodeobject::PyUnicode_Type),
                SEQUENCE,
            ),
            (
                None,
                st(&crate::objects::rangeobject::PyRange_Type),
                SEQUENCE,
            ),
            (
                None,
                st(&crate::objects::memoryobject::PyMemoryView_Type),
                SEQUENCE,
            ),
            (
                None,
                st(&crate::objects::bytesobject::PyBytes_Type),
                BYTE_STRING,
            ),
            (
                None,
                st(&crate::objects::bytearrayobject::PyByteArray_Type),
                BYTE_STRING,
            ),
            (
                None,
                st(&crate::objects::listobject::PyList_Type),
                MUTABLE_SEQUENCE,
            ),
            (
                None,
                st(&crate::objects::bytearrayobject::PyByteArray_Type),
                MUTABLE_SEQUENCE,
            ),
        ])
    }
}

/// The module's namespace, made once: a dict of the classes, `__all__`
/// and the registered types' private names.
fn namespace() -> R {
    static NAMESPACE: MadeOnce = MadeOnce::new();
    let d = NAMESPACE.get_or_make(|| {
        let make = || -> R {
            // SAFETY: every object added is live; the classes are made in
            // order, each after its bases.
            unsafe {
                let d = Owned::new(PyDict_New())?;
                let mut classes = Vec::new();
                for i in 0..NAMES.len() {
                    classes.push(make_class(i)?);
                }
                for (name, ty, abc) in registrations()? {
                    Owned::new(PyObject_CallMethod(
                        classes[abc].as_ptr(),
                        c"register".as_ptr(),
                        c"O".as_ptr(),
                        ty.as_ptr(),
                    ))?;
                    if let Some(name) = name {
                        let key = s(name)?;
                        if PyDict_SetItem(d.as_ptr(), key.as_ptr(), ty.as_ptr()) < 0 {
                            return None;
                        }
                    }
                }
                let all = Owned::new(PyList_New(0))?;
                for i in ALL {
                    let name = s(NAMES[i])?;
                    if PyList_Append(all.as_ptr(), name.as_ptr()) < 0 {
                        return None;
                    }
                }
                for (name, cls) in NAMES.iter().zip(&classes) {
                    let key = s(name)?;
                    if PyDict_SetItem(d.as_ptr(), key.as_ptr(), cls.as_ptr()) < 0 {
                        return None;
                    }
                }
                if PyDict_SetItemString(d.as_ptr(), c"__all__".as_ptr(), all.as_ptr()) < 0 {
                    return None;
                }
                Some(d)
            }
        };
        make().map_or(ptr::null_mut(), Owned::into_raw)
    });
    if d.is_null() {
        return None;
    }
    // SAFETY: the cell holds the dict for the process.
    Some(unsafe { Owned::borrowed(d) })
}

/// A new module named `collections.abc` with the ABCs and `__all__`
/// (`with_private`: also the private names `_collections_abc` has).
fn make_module(with_private: bool) -> *mut PyObject {
    let make = || -> R {
        // SAFETY: NUL-terminated names; every object added is live.
        unsafe {
            let ns = namespace()?;
            let m = Owned::new(PyModule_New(c"collections.abc".as_ptr()))?;
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(ns.as_ptr(), &mut pos, &mut k, &mut v) != 0 {
                let key = text_of(k);
                let public = key == "__all__" || NAMES.contains(&key.as_str());
                if (public || with_private) && PyObject_SetAttr(m.as_ptr(), k, v) < 0 {
                    return None;
                }
            }
            if with_private {
                let abc = crate::python::import::loaded_module("abc")?;
                for name in [c"ABCMeta", c"abstractmethod"] {
                    let f = attr(abc.as_ptr(), name)?;
                    add_objects(m.as_ptr(), &[(name, f.as_ptr())])?;
                }
                add_objects(
                    m.as_ptr(),
                    &[(
                        c"GenericAlias",
                        crate::objects::genericaliasobject::Py_GenericAliasType
                            .get()
                            .cast(),
                    )],
                )?;
            }
            Some(m)
        }
    };
    make().map_or(ptr::null_mut(), Owned::into_raw)
}

/// Makes the `_collections_abc` module (a new reference), or NULL with
/// the error. As in CPython its `__name__` is `collections.abc`.
pub(crate) fn module() -> *mut PyObject {
    make_module(true)
}

/// Makes the `collections.abc` module (`Lib/collections/abc.py`: the
/// names of `_collections_abc.__all__` and `__all__`), or NULL with the
/// error.
pub(crate) fn abc_module() -> *mut PyObject {
    make_module(false)
}

/// Makes the `collections` package as far as the library provides it:
/// the parent that importing `collections.abc` registers (as CPython's
/// import does), a package (`__path__` is an empty list) whose only
/// attribute besides the module's own is its submodule `abc`. `deque`,
/// `OrderedDict`, `namedtuple` and the rest of CPython's `collections`
/// are not provided (asking for them is an AttributeError), as they are
/// Python code and C types this library does not implement; so
/// `collections` alone is not importable before `collections.abc` is
/// (a host may provide its own, which is then left as it is).
///
/// # Safety
/// `abc` must be a live module.
pub(crate) unsafe fn package(abc: *mut PyObject) -> *mut PyObject {
    let make = || -> R {
        // SAFETY: per the contract; NUL-terminated names.
        unsafe {
            let m = Owned::new(PyModule_New(c"collections".as_ptr()))?;
            let path = Owned::new(PyList_New(0))?;
            add_objects(m.as_ptr(), &[(c"__path__", path.as_ptr()), (c"abc", abc)])?;
            Some(m)
        }
    };
    make().map_or(ptr::null_mut(), Owned::into_raw)
}
