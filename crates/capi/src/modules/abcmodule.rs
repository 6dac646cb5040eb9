//! The `abc` module (CPython 3.11's `Lib/abc.py` over `Modules/_abc.c`),
//! written natively: the metaclass `ABCMeta` (`__new__` computing
//! `__abstractmethods__`, `register`, `__instancecheck__`,
//! `__subclasscheck__` with the positive and negative caches and
//! `__subclasshook__`, `_abc_registry_clear`, `_abc_caches_clear`), `ABC`,
//! `abstractmethod`, the deprecated `abstractclassmethod`,
//! `abstractstaticmethod` and `abstractproperty`, `get_cache_token` and
//! `update_abstractmethods`.
//!
//! Each ABC keeps its state where `_abc.c` does: an `_abc._abc_data`
//! object in the class dict under `_abc_impl`, holding three sets of weak
//! references (the registry, the cache, the negative cache; each weak
//! reference's callback drops it from its set when its class dies) and
//! the invalidation counter value the negative cache was filled at.
//! Instantiating a class whose `__abstractmethods__` is non-empty fails
//! in `object.__new__` (see `typeobject.rs`).
//!
//! Not here: `ABCMeta._dump_registry` (it prints through `print`) and the
//! `_abc` module's own names.

use std::ffi::{CStr, c_int, c_ulong};
use std::mem::size_of;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

use super::native::*;
use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::objects::boolobject::{py_false, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, Py_DecRef, Py_IncRef, is_type, py_none, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

// ==========================================================================
// Small helpers
// ==========================================================================

/// A new bool.
fn new_bool(v: bool) -> *mut PyObject {
    crate::objects::boolobject::bool_from_bool(v)
}

/// `getattr(o, name, None)` that only swallows `AttributeError`: the
/// attribute, None when there is none, or Err with the error.
///
/// # Safety
/// Both must be live.
unsafe fn lookup_attr(o: *mut PyObject, name: *mut PyObject) -> Result<Option<Owned>, ()> {
    // SAFETY: per the contract.
    unsafe {
        let mut out = ptr::null_mut();
        match crate::objects::object::_PyObject_LookupAttr(o, name, &mut out) {
            r if r < 0 => Err(()),
            0 => Ok(None),
            _ => Ok(Owned::new(out)),
        }
    }
}

/// CPython's `_PyObject_IsAbstract`: the truth of `o.__isabstractmethod__`,
/// false when it has none.
///
/// # Safety
/// `o` must be live.
unsafe fn is_abstract(o: *mut PyObject) -> Result<bool, ()> {
    // SAFETY: per the contract.
    unsafe {
        let name = s("__isabstractmethod__").ok_or(())?;
        match lookup_attr(o, name.as_ptr())? {
            None => Ok(false),
            Some(v) => match PyObject_IsTrue(v.as_ptr()) {
                r if r < 0 => Err(()),
                r => Ok(r != 0),
            },
        }
    }
}

// ==========================================================================
// `_abc._abc_data`: an ABC's registry and caches
// ==========================================================================

/// The number of `register` calls so far (CPython's
/// `abc_invalidation_counter`); a negative cache filled at an older value
/// is stale.
static INVALIDATION_COUNTER: AtomicU64 = AtomicU64::new(0);

/// CPython's `_abc_data`.
#[repr(C)]
struct AbcData {
    ob_base: PyObject,
    /// Weak references to the registered virtual subclasses (a set, or
    /// NULL until the first).
    registry: *mut PyObject,
    /// Weak references to the classes known to be subclasses.
    cache: *mut PyObject,
    /// Weak references to the classes known not to be, valid while
    /// `negative_cache_version` is the counter's value.
    negative_cache: *mut PyObject,
    negative_cache_version: u64,
}

unsafe extern "C" fn abc_data_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced `_abc_data`; its sets are owned.
    unsafe {
        let d = op.cast::<AbcData>();
        Py_DecRef((*d).registry);
        Py_DecRef((*d).cache);
        Py_DecRef((*d).negative_cache);
        crate::objects::obmalloc::PyObject_Free(op.cast());
    }
}

static ABC_DATA_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"_abc._abc_data",
        size_of::<AbcData>(),
        Py_TPFLAGS_DEFAULT as c_ulong,
        abc_data_dealloc,
    );
    ty.tp_doc = c"Internal state held by ABC machinery.".as_ptr();
    ty
});

/// A new `_abc_data` with empty state at the current counter.
fn new_abc_data() -> R {
    // SAFETY: a fresh object of the static type, its fields set before
    // it is shared.
    unsafe {
        let ty = ABC_DATA_TYPE.get();
        if !crate::objects::typeobject::ensure_ready(ty) {
            return None;
        }
        let op = crate::objects::obmalloc::PyObject_Malloc(size_of::<AbcData>()).cast::<PyObject>();
        if op.is_null() {
            errors::PyErr_NoMemory();
            return None;
        }
        crate::objects::object::PyObject_Init(op, ty);
        let d = op.cast::<AbcData>();
        (*d).registry = ptr::null_mut();
        (*d).cache = ptr::null_mut();
        (*d).negative_cache = ptr::null_mut();
        (*d).negative_cache_version = INVALIDATION_COUNTER.load(Ordering::Acquire);
        Owned::new(op)
    }
}

/// `cls._abc_impl`, checked to be an `_abc_data` (CPython's `_get_impl`).
///
/// # Safety
/// `cls` must be live.
unsafe fn get_impl(cls: *mut PyObject) -> R {
    // SAFETY: per the contract.
    unsafe {
        let imp = Owned::new(PyObject_GetAttrString(cls, c"_abc_impl".as_ptr()))?;
        if type_of(imp.as_ptr()) != ABC_DATA_TYPE.get() {
            errors::raise(Exc::TypeError, "_abc_impl is set to a wrong type");
            return None;
        }
        Some(imp)
    }
}

/// Whether a weak reference to `obj` is in `set` (NULL: no); an object
/// that cannot be weakly referenced is in no set.
///
/// # Safety
/// `set` NULL or a live set, `obj` live.
unsafe fn in_weak_set(set: *mut PyObject, obj: *mut PyObject) -> Result<bool, ()> {
    // SAFETY: per the contract.
    unsafe {
        if set.is_null() || PySet_Size(set) == 0 {
            return Ok(false);
        }
        let Some(r) = Owned::new(PyWeakref_NewRef(obj, ptr::null_mut())) else {
            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                PyErr_Clear();
                return Ok(false);
            }
            return Err(());
        };
        match PySet_Contains(set, r.as_ptr()) {
            r if r < 0 => Err(()),
            r => Ok(r != 0),
        }
    }
}

/// The weak reference callback of a weak set's items: `self` is a weak
/// reference to the set, the argument the dead item (CPython's
/// `_destroy`).
unsafe extern "C" fn weak_set_destroy(setref: *mut PyObject, item: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with a weak reference as self.
    unsafe {
        let set = PyWeakref_GetObject(setref);
        if !set.is_null() && set != py_none() {
            Py_IncRef(set);
            let r = PySet_Discard(set, item);
            Py_DecRef(set);
            if r < 0 {
                return ptr::null_mut();
            }
        }
        crate::objects::object::none()
    }
}

static DESTROY_DEF: StaticObject<PyMethodDef> = StaticObject::new(PyMethodDef {
    ml_name: c"_destroy".as_ptr(),
    ml_meth: Some(weak_set_destroy),
    ml_flags: METH_O,
    ml_doc: ptr::null(),
});

/// Adds a weak reference to `obj` to the set in `*slot` (made on first
/// use), whose callback drops it again (CPython's `_add_to_weak_set`).
///
/// # Safety
/// `*slot` NULL or a live set owned by the caller's object; `obj` live.
unsafe fn add_to_weak_set(slot: *mut *mut PyObject, obj: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract.
    unsafe {
        if (*slot).is_null() {
            let set = PySet_New(ptr::null_mut());
            if set.is_null() {
                return None;
            }
            *slot = set;
        }
        let set = *slot;
        let wr = Owned::new(PyWeakref_NewRef(set, ptr::null_mut()))?;
        let cb = Owned::new(PyCFunction_NewEx(
            DESTROY_DEF.get(),
            wr.as_ptr(),
            ptr::null_mut(),
        ))?;
        let r = Owned::new(PyWeakref_NewRef(obj, cb.as_ptr()))?;
        (PySet_Add(set, r.as_ptr()) == 0).then_some(())
    }
}

// ==========================================================================
// Abstract methods
// ==========================================================================

/// Sets `cls.__abstractmethods__` to the frozenset of the names of its
/// own abstract attributes and of its bases' abstract methods it still
/// resolves to something abstract (CPython's `compute_abstract_methods`).
///
/// # Safety
/// `cls` must be a live class.
unsafe fn compute_abstract_methods(cls: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract; everything reached is held.
    unsafe {
        let abstracts = Owned::new(PySet_New(ptr::null_mut()))?;
        // Stage 1: the class's own abstract attributes.
        let ns = Owned::new(PyObject_GetAttrString(cls, c"__dict__".as_ptr()))?;
        let keys = Owned::new(crate::objects::r#abstract::PyMapping_Keys(ns.as_ptr()))?;
        for i in 0..PyList_Size(keys.as_ptr()) {
            let key = PyList_GetItem(keys.as_ptr(), i);
            let value = Owned::new(crate::objects::r#abstract::PyObject_GetItem(
                ns.as_ptr(),
                key,
            ))?;
            if is_abstract(value.as_ptr()).ok()? && PySet_Add(abstracts.as_ptr(), key) < 0 {
                return None;
            }
        }
        // Stage 2: inherited abstract methods not overridden.
        let bases = Owned::new(PyObject_GetAttrString(cls, c"__bases__".as_ptr()))?;
        if !crate::objects::tupleobject::is_tuple(bases.as_ptr()) {
            errors::raise(Exc::TypeError, "__bases__ is not tuple");
            return None;
        }
        let am = s("__abstractmethods__")?;
        for i in 0..PyTuple_Size(bases.as_ptr()) {
            let base = PyTuple_GetItem(bases.as_ptr(), i);
            let Some(base_abstracts) = lookup_attr(base, am.as_ptr()).ok()? else {
                continue;
            };
            let it = Owned::new(PyObject_GetIter(base_abstracts.as_ptr()))?;
            loop {
                let Some(key) = Owned::new(PyIter_Next(it.as_ptr())) else {
                    if !PyErr_Occurred().is_null() {
                        return None;
                    }
                    break;
                };
                let Some(value) = lookup_attr(cls, key.as_ptr()).ok()? else {
                    continue;
                };
                if is_abstract(value.as_ptr()).ok()?
                    && PySet_Add(abstracts.as_ptr(), key.as_ptr()) < 0
                {
                    return None;
                }
            }
        }
        let frozen = Owned::new(PyFrozenSet_New(abstracts.as_ptr()))?;
        (PyObject_SetAttr(cls, am.as_ptr(), frozen.as_ptr()) == 0).then_some(())
    }
}

/// CPython's `Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING`.
const COLLECTION_FLAGS: c_ulong = Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING;

/// Makes `cls` an ABC (CPython's `_abc_init`): its `__abstractmethods__`,
/// the collection flag its `__abc_tpflags__` asks for (the key is then
/// removed), and a fresh `_abc_impl`.
///
/// # Safety
/// `cls` must be a live class.
unsafe fn abc_init(cls: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract.
    unsafe {
        compute_abstract_methods(cls)?;
        let data = new_abc_data()?;
        let key = s("_abc_impl")?;
        if PyObject_SetAttr(cls, key.as_ptr(), data.as_ptr()) < 0 {
            return None;
        }
        if is_type(cls) {
            let ty = cls.cast::<PyTypeObject>();
            let dict = (*ty).tp_dict;
            let key = s("__abc_tpflags__")?;
            let flags = PyDict_GetItemWithError(dict, key.as_ptr());
            if flags.is_null() {
                if !PyErr_Occurred().is_null() {
                    return None;
                }
            } else {
                if type_of(flags) == crate::objects::longobject::PyLong_Type.get() {
                    let v = PyLong_AsLong(flags);
                    if v == -1 && !PyErr_Occurred().is_null() {
                        return None;
                    }
                    let v = v as c_ulong;
                    if v & COLLECTION_FLAGS == COLLECTION_FLAGS {
                        errors::raise(
                            Exc::TypeError,
                            "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and \
                             Py_TPFLAGS_MAPPING",
                        );
                        return None;
                    }
                    (*ty).tp_flags |= v & COLLECTION_FLAGS;
                }
                if PyDict_DelItem(dict, key.as_ptr()) < 0 {
                    return None;
                }
            }
        }
        Some(())
    }
}

/// Gives `child` and its subclasses `flag` (sequence or mapping) in place
/// of the other (CPython's `set_collection_flag_recursive`).
///
/// # Safety
/// `child` must be live.
unsafe fn set_collection_flag_recursive(child: *mut PyObject, flag: c_ulong) {
    // SAFETY: per the contract; each subclass is held while visited.
    unsafe {
        if !is_type(child) {
            return;
        }
        let ty = child.cast::<PyTypeObject>();
        if (*ty).tp_flags & COLLECTION_FLAGS == flag {
            return;
        }
        (*ty).tp_flags = ((*ty).tp_flags & !COLLECTION_FLAGS) | flag;
        let subs: Vec<Owned> = crate::objects::typeobject::live_subclasses(ty)
            .into_iter()
            .map(|c| Owned::borrowed(c))
            .collect();
        for sub in subs {
            set_collection_flag_recursive(sub.as_ptr(), flag);
        }
    }
}

// ==========================================================================
// ABCMeta
// ==========================================================================

/// `ABCMeta.__new__(mcls, name, bases, namespace, /, **kwargs)`: the
/// class `type.__new__` makes, made an ABC.
unsafe extern "C" fn abcmeta_new(
    metatype: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new call's tuple and dict.
    unsafe {
        let n = PyTuple_Size(args);
        if n < 3 {
            let missing = &["'name'", "'bases'", "'namespace'"][n as usize..];
            let list = match missing {
                [one] => one.to_string(),
                [a, b] => format!("{a} and {b}"),
                _ => "'name', 'bases', and 'namespace'".to_owned(),
            };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "ABCMeta.__new__() missing {} required positional argument{}: {list}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            );
        }
        if n > 3 {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "ABCMeta.__new__() takes 4 positional arguments but {} were given",
                    n + 1
                ),
            );
        }
        // `type.__new__` called from `Lib/abc.py` gives a class without
        // `__module__` the module of that frame: `abc`.
        let ns = PyTuple_GetItem(args, 2);
        let mut args = Owned::borrowed(args);
        if crate::objects::dictobject::is_dict(ns)
            && crate::objects::dictobject::PyDict_GetItemString(ns, c"__module__".as_ptr())
                .is_null()
        {
            let Some(copy) = Owned::new(crate::objects::dictobject::PyDict_Copy(ns)) else {
                return ptr::null_mut();
            };
            let Some(m) = s("abc") else {
                return ptr::null_mut();
            };
            if PyDict_SetItemString(copy.as_ptr(), c"__module__".as_ptr(), m.as_ptr()) < 0 {
                return ptr::null_mut();
            }
            let Some(t) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                PyTuple_GetItem(args.as_ptr(), 0),
                PyTuple_GetItem(args.as_ptr(), 1),
                copy.as_ptr(),
            ])) else {
                return ptr::null_mut();
            };
            args = t;
        }
        let Some(cls) = Owned::new(crate::objects::typeobject::type_new_of(
            metatype,
            args.as_ptr(),
            kwds,
        )) else {
            return ptr::null_mut();
        };
        match abc_init(cls.as_ptr()) {
            Some(()) => cls.into_raw(),
            None => ptr::null_mut(),
        }
    }
}

/// `ABCMeta.<method>` as called (`METH_VARARGS | METH_KEYWORDS`): its
/// one argument `<param>` taken as a Python function takes it, then the
/// `METH_O` body run.
macro_rules! one_arg_method {
    ($name:ident, $method:literal, $param:literal, $body:ident) => {
        unsafe extern "C" fn $name(
            cls: *mut PyObject,
            args: *mut PyObject,
            kw: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: a METH_VARARGS | METH_KEYWORDS call.
            unsafe {
                match one_arg(concat!("ABCMeta.", $method), $param, args, kw) {
                    Some(a) => $body(cls, a),
                    None => ptr::null_mut(),
                }
            }
        }
    };
}

one_arg_method!(
    abcmeta_register_call,
    "register",
    "subclass",
    abcmeta_register
);
one_arg_method!(
    abcmeta_instancecheck_call,
    "__instancecheck__",
    "instance",
    abcmeta_instancecheck
);
one_arg_method!(
    abcmeta_subclasscheck_call,
    "__subclasscheck__",
    "subclass",
    abcmeta_subclasscheck
);

/// `ABCMeta.register(cls, subclass)`: records `subclass` as a virtual
/// subclass (CPython's `_abc_register`) and returns it.
unsafe extern "C" fn abcmeta_register(cls: *mut PyObject, sub: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O on a live class.
    unsafe {
        if !is_type(sub) {
            return errors::fail_null(Exc::TypeError, "Can only register classes");
        }
        match PyObject_IsSubclass(sub, cls) {
            r if r < 0 => return ptr::null_mut(),
            0 => {}
            _ => {
                // Already a subclass.
                Py_IncRef(sub);
                return sub;
            }
        }
        // Cycles are tested after "already a subclass", so X.register(X)
        // is a no-op.
        match PyObject_IsSubclass(cls, sub) {
            r if r < 0 => return ptr::null_mut(),
            0 => {}
            _ => {
                return errors::fail_null(
                    Exc::RuntimeError,
                    "Refusing to create an inheritance cycle",
                );
            }
        }
        let Some(imp) = get_impl(cls) else {
            return ptr::null_mut();
        };
        let d = imp.as_ptr().cast::<AbcData>();
        if add_to_weak_set(&raw mut (*d).registry, sub).is_none() {
            return ptr::null_mut();
        }
        INVALIDATION_COUNTER.fetch_add(1, Ordering::AcqRel);
        if is_type(cls) {
            let flag = (*cls.cast::<PyTypeObject>()).tp_flags & COLLECTION_FLAGS;
            if flag != 0 {
                set_collection_flag_recursive(sub, flag);
            }
        }
        Py_IncRef(sub);
        sub
    }
}

/// `ABCMeta.__instancecheck__(cls, instance)` (CPython's
/// `_abc_instancecheck`): the caches for `instance.__class__`, then
/// `__subclasscheck__` of it and, when that differs, of `type(instance)`.
unsafe extern "C" fn abcmeta_instancecheck(
    cls: *mut PyObject,
    instance: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as METH_O on a live class.
    unsafe {
        let Some(imp) = get_impl(cls) else {
            return ptr::null_mut();
        };
        let d = imp.as_ptr().cast::<AbcData>();
        let Some(subclass) = Owned::new(PyObject_GetAttrString(instance, c"__class__".as_ptr()))
        else {
            return ptr::null_mut();
        };
        match in_weak_set((*d).cache, subclass.as_ptr()) {
            Err(()) => return ptr::null_mut(),
            Ok(true) => return new_bool(true),
            Ok(false) => {}
        }
        let Some(check) = s("__subclasscheck__") else {
            return ptr::null_mut();
        };
        let subtype: *mut PyObject = type_of(instance).cast();
        if subtype == subclass.as_ptr() {
            if (*d).negative_cache_version == INVALIDATION_COUNTER.load(Ordering::Acquire) {
                match in_weak_set((*d).negative_cache, subclass.as_ptr()) {
                    Err(()) => return ptr::null_mut(),
                    Ok(true) => return new_bool(false),
                    Ok(false) => {}
                }
            }
            return PyObject_CallMethodOneArg(cls, check.as_ptr(), subclass.as_ptr());
        }
        let Some(result) = Owned::new(PyObject_CallMethodOneArg(
            cls,
            check.as_ptr(),
            subclass.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        match PyObject_IsTrue(result.as_ptr()) {
            r if r < 0 => return ptr::null_mut(),
            0 => {}
            _ => return result.into_raw(),
        }
        drop(result);
        PyObject_CallMethodOneArg(cls, check.as_ptr(), subtype)
    }
}

/// Whether `subclass` derives from a registered class of `d` (adding it
/// to the cache when it does): Some(true/false), None with the error
/// (CPython's `subclasscheck_check_registry`).
///
/// # Safety
/// `d` a live `_abc_data`, `subclass` a live class.
unsafe fn check_registry(d: *mut AbcData, subclass: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract; the registry is copied before anything
    // that could change it runs.
    unsafe {
        if in_weak_set((*d).registry, subclass).ok()? {
            return Some(true);
        }
        if (*d).registry.is_null() || PySet_Size((*d).registry) == 0 {
            return Some(false);
        }
        let copy = Owned::new(PySequence_List((*d).registry))?;
        for i in 0..PyList_Size(copy.as_ptr()) {
            let rkey = PyWeakref_GetObject(PyList_GetItem(copy.as_ptr(), i));
            if rkey.is_null() {
                return None;
            }
            if rkey == py_none() {
                continue;
            }
            let rkey = Owned::borrowed(rkey);
            match PyObject_IsSubclass(subclass, rkey.as_ptr()) {
                r if r < 0 => return None,
                0 => {}
                _ => {
                    add_to_weak_set(&raw mut (*d).cache, subclass)?;
                    return Some(true);
                }
            }
        }
        Some(false)
    }
}

/// `ABCMeta.__subclasscheck__(cls, subclass)` (CPython's
/// `_abc_subclasscheck`): the cache, the negative cache (emptied when
/// stale), `__subclasshook__`, the MRO, the registry, the subclasses.
unsafe extern "C" fn abcmeta_subclasscheck(
    cls: *mut PyObject,
    subclass: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as METH_O on a live class.
    unsafe {
        match subclasscheck(cls, subclass) {
            Some(v) => new_bool(v),
            None => ptr::null_mut(),
        }
    }
}

/// The work of [`abcmeta_subclasscheck`].
///
/// # Safety
/// Both must be live.
unsafe fn subclasscheck(cls: *mut PyObject, subclass: *mut PyObject) -> Option<bool> {
    // SAFETY: per the contract.
    unsafe {
        if !is_type(subclass) {
            errors::raise(Exc::TypeError, "issubclass() arg 1 must be a class");
            return None;
        }
        let imp = get_impl(cls)?;
        let d = imp.as_ptr().cast::<AbcData>();
        // 1. The cache.
        if in_weak_set((*d).cache, subclass).ok()? {
            return Some(true);
        }
        // 2. The negative cache, emptied when a register() made it stale.
        let counter = INVALIDATION_COUNTER.load(Ordering::Acquire);
        if (*d).negative_cache_version < counter {
            if !(*d).negative_cache.is_null() && PySet_Clear((*d).negative_cache) < 0 {
                return None;
            }
            (*d).negative_cache_version = counter;
        } else if in_weak_set((*d).negative_cache, subclass).ok()? {
            return Some(false);
        }
        // 3. The subclass hook.
        let hook = s("__subclasshook__")?;
        let ok = Owned::new(PyObject_CallMethodOneArg(cls, hook.as_ptr(), subclass))?;
        if ok.as_ptr() == py_true() {
            add_to_weak_set(&raw mut (*d).cache, subclass)?;
            return Some(true);
        }
        if ok.as_ptr() == py_false() {
            add_to_weak_set(&raw mut (*d).negative_cache, subclass)?;
            return Some(false);
        }
        if ok.as_ptr() != crate::objects::object::py_not_implemented() {
            errors::raise(
                Exc::AssertionError,
                "__subclasshook__ must return either False, True, or NotImplemented",
            );
            return None;
        }
        drop(ok);
        // 4. A direct subclass.
        let mro = (*subclass.cast::<PyTypeObject>()).tp_mro;
        if !mro.is_null() {
            for i in 0..PyTuple_Size(mro) {
                if PyTuple_GetItem(mro, i) == cls {
                    add_to_weak_set(&raw mut (*d).cache, subclass)?;
                    return Some(true);
                }
            }
        }
        // 5. A subclass of a registered class.
        if check_registry(d, subclass)? {
            return Some(true);
        }
        // 6. A subclass of a subclass.
        let name = s("__subclasses__")?;
        let subs = Owned::new(PyObject_CallMethodNoArgs(cls, name.as_ptr()))?;
        if !crate::objects::listobject::is_list(subs.as_ptr()) {
            errors::raise(Exc::TypeError, "__subclasses__() must return a list");
            return None;
        }
        let mut i = 0;
        while i < PyList_Size(subs.as_ptr()) {
            let scls = Owned::borrowed(PyList_GetItem(subs.as_ptr(), i));
            match PyObject_IsSubclass(subclass, scls.as_ptr()) {
                r if r < 0 => return None,
                0 => {}
                _ => {
                    add_to_weak_set(&raw mut (*d).cache, subclass)?;
                    return Some(true);
                }
            }
            i += 1;
        }
        // No dice.
        add_to_weak_set(&raw mut (*d).negative_cache, subclass)?;
        Some(false)
    }
}

/// `ABCMeta._abc_registry_clear(cls)`: forgets the virtual subclasses.
unsafe extern "C" fn abcmeta_registry_clear(
    cls: *mut PyObject,
    _a: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live class.
    unsafe {
        let Some(imp) = get_impl(cls) else {
            return ptr::null_mut();
        };
        let d = imp.as_ptr().cast::<AbcData>();
        if !(*d).registry.is_null() && PySet_Clear((*d).registry) < 0 {
            return ptr::null_mut();
        }
        crate::objects::object::none()
    }
}

/// `ABCMeta._abc_caches_clear(cls)`: empties both caches.
unsafe extern "C" fn abcmeta_caches_clear(cls: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live class.
    unsafe {
        let Some(imp) = get_impl(cls) else {
            return ptr::null_mut();
        };
        let d = imp.as_ptr().cast::<AbcData>();
        for set in [(*d).cache, (*d).negative_cache] {
            if !set.is_null() && PySet_Clear(set) < 0 {
                return ptr::null_mut();
            }
        }
        crate::objects::object::none()
    }
}

static ABCMETA_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"register".as_ptr(),
        // SAFETY: the signature METH_VARARGS | METH_KEYWORDS says.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(abcmeta_register_call)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Register a virtual subclass of an ABC.\n\n            Returns the subclass, to allow usage as a class decorator.\n            "
            .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__instancecheck__".as_ptr(),
        // SAFETY: the signature METH_VARARGS | METH_KEYWORDS says.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(abcmeta_instancecheck_call)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Override for isinstance(instance, cls).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"__subclasscheck__".as_ptr(),
        // SAFETY: the signature METH_VARARGS | METH_KEYWORDS says.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(abcmeta_subclasscheck_call)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"Override for issubclass(subclass, cls).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"_abc_registry_clear".as_ptr(),
        ml_meth: Some(abcmeta_registry_clear),
        ml_flags: METH_NOARGS,
        ml_doc: c"Clear the registry (for debugging or testing).".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"_abc_caches_clear".as_ptr(),
        ml_meth: Some(abcmeta_caches_clear),
        ml_flags: METH_NOARGS,
        ml_doc: c"Clear the caches (for debugging or testing).".as_ptr(),
    },
]);

const ABCMETA_DOC: &str = "Metaclass for defining Abstract Base Classes (ABCs).

    Use this metaclass to create an ABC.  An ABC can be subclassed
    directly, and then acts as a mix-in class.  You can also register
    unrelated concrete classes (even built-in classes) and unrelated
    ABCs as 'virtual subclasses' -- these and their descendants will
    be considered subclasses of the registering ABC by the built-in
    issubclass() function, but the registering ABC won't show up in
    their MRO (Method Resolution Order) nor will method
    implementations defined by the registering ABC be callable (not
    even via super()).
    ";

/// `meta(name, bases, ns)` for a class of module `abc` with a docstring
/// and the extra `(key, value)` items.
///
/// # Safety
/// `meta` and `bases`' items must be live.
unsafe fn make_class(
    meta: *mut PyObject,
    name: &str,
    bases: &[*mut PyObject],
    doc: &str,
    items: &[(&CStr, *mut PyObject)],
) -> R {
    // SAFETY: per the contract.
    unsafe {
        let ns = Owned::new(PyDict_New())?;
        let module = s("abc")?;
        let d = s(doc)?;
        for (k, v) in [(c"__module__", module.as_ptr()), (c"__doc__", d.as_ptr())]
            .into_iter()
            .chain(items.iter().copied())
        {
            if PyDict_SetItemString(ns.as_ptr(), k.as_ptr(), v) < 0 {
                return None;
            }
        }
        let n = s(name)?;
        let b = Owned::new(crate::objects::tupleobject::tuple_from_slice(bases))?;
        let args = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            n.as_ptr(),
            b.as_ptr(),
            ns.as_ptr(),
        ]))?;
        Owned::new(PyObject_Call(meta, args.as_ptr(), ptr::null_mut()))
    }
}

/// Makes `ABCMeta`: `class ABCMeta(type)` with its `__new__` and methods.
fn make_abcmeta() -> R {
    // SAFETY: a fresh heap type whose slots and dict are set before any
    // class is made with it.
    unsafe {
        let meta = make_class(
            crate::objects::typeobject::PyType_Type.get().cast(),
            "ABCMeta",
            &[crate::objects::typeobject::PyType_Type.get().cast()],
            ABCMETA_DOC,
            &[],
        )?;
        let ty = meta.as_ptr().cast::<PyTypeObject>();
        (*ty).tp_new = Some(abcmeta_new);
        if crate::objects::typeobject::add_tp_new_wrapper(ty) < 0 {
            return None;
        }
        add_descriptors(meta.as_ptr(), &*ABCMETA_METHODS.get(), &[])?;
        Some(meta)
    }
}

static ABCMETA: MadeOnce = MadeOnce::new();

/// `abc.ABCMeta` (borrowed; made on first use), or NULL with the error.
pub(crate) fn abcmeta() -> *mut PyObject {
    ABCMETA.get_or_make(|| make_abcmeta().map_or(ptr::null_mut(), Owned::into_raw))
}

/// A new class `name(bases)` of metaclass `ABCMeta` in module `module`
/// with `__slots__ = ()` and the given items, for the modules built on
/// `abc` (`numbers`).
///
/// # Safety
/// The bases and values must be live.
pub(crate) unsafe fn make_abc(
    module: &str,
    name: &str,
    bases: &[*mut PyObject],
    doc: &str,
    items: &[(&CStr, *mut PyObject)],
) -> R {
    // SAFETY: per the contract.
    unsafe {
        let meta = abcmeta();
        if meta.is_null() {
            return None;
        }
        let slots = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[]))?;
        let m = s(module)?;
        let mut all: Vec<(&CStr, *mut PyObject)> =
            vec![(c"__slots__", slots.as_ptr()), (c"__module__", m.as_ptr())];
        all.extend_from_slice(items);
        make_class(meta, name, bases, doc, &all)
    }
}

// ==========================================================================
// Decorators and functions
// ==========================================================================

/// `abc.abstractmethod(funcobj)`: sets `funcobj.__isabstractmethod__ =
/// True` and returns it.
unsafe extern "C" fn abstractmethod(_m: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O.
    unsafe {
        let Some(name) = s("__isabstractmethod__") else {
            return ptr::null_mut();
        };
        if PyObject_SetAttr(f, name.as_ptr(), py_true()) < 0 {
            return ptr::null_mut();
        }
        Py_IncRef(f);
        f
    }
}

/// `abc.get_cache_token()`: the current invalidation counter.
unsafe extern "C" fn get_cache_token(_m: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    PyLong_FromUnsignedLongLong(INVALIDATION_COUNTER.load(Ordering::Acquire))
}

/// `abc.update_abstractmethods(cls)`: recomputes `__abstractmethods__`
/// of a class that has it (inherited ones still abstract, plus its own
/// abstract attributes); returns `cls`.
unsafe extern "C" fn update_abstractmethods(
    _m: *mut PyObject,
    cls: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as METH_O.
    unsafe {
        match update(cls) {
            Some(()) => {
                Py_IncRef(cls);
                cls
            }
            None => ptr::null_mut(),
        }
    }
}

/// The work of [`update_abstractmethods`].
///
/// # Safety
/// `cls` must be live.
unsafe fn update(cls: *mut PyObject) -> Option<()> {
    // SAFETY: per the contract; everything reached is held.
    unsafe {
        let am = s("__abstractmethods__")?;
        if lookup_attr(cls, am.as_ptr()).ok()?.is_none() {
            return Some(());
        }
        let abstracts = Owned::new(PySet_New(ptr::null_mut()))?;
        let bases = Owned::new(PyObject_GetAttrString(cls, c"__bases__".as_ptr()))?;
        let it = Owned::new(PyObject_GetIter(bases.as_ptr()))?;
        while let Some(scls) = Owned::new(PyIter_Next(it.as_ptr())) {
            let names = match lookup_attr(scls.as_ptr(), am.as_ptr()).ok()? {
                Some(n) => n,
                None => Owned::new(crate::objects::tupleobject::tuple_from_slice(&[]))?,
            };
            let nit = Owned::new(PyObject_GetIter(names.as_ptr()))?;
            while let Some(name) = Owned::new(PyIter_Next(nit.as_ptr())) {
                let value = lookup_attr(cls, name.as_ptr()).ok()?;
                let abstract_ = match &value {
                    Some(v) => is_abstract(v.as_ptr()).ok()?,
                    None => is_abstract(py_none()).ok()?,
                };
                if abstract_ && PySet_Add(abstracts.as_ptr(), name.as_ptr()) < 0 {
                    return None;
                }
            }
            if !PyErr_Occurred().is_null() {
                return None;
            }
        }
        if !PyErr_Occurred().is_null() {
            return None;
        }
        let ns = Owned::new(PyObject_GetAttrString(cls, c"__dict__".as_ptr()))?;
        let items = Owned::new(crate::objects::r#abstract::PyMapping_Items(ns.as_ptr()))?;
        for i in 0..PyList_Size(items.as_ptr()) {
            let pair = PyList_GetItem(items.as_ptr(), i);
            let (name, value) = (PyTuple_GetItem(pair, 0), PyTuple_GetItem(pair, 1));
            if is_abstract(value).ok()? && PySet_Add(abstracts.as_ptr(), name) < 0 {
                return None;
            }
        }
        let frozen = Owned::new(PyFrozenSet_New(abstracts.as_ptr()))?;
        (PyObject_SetAttr(cls, am.as_ptr(), frozen.as_ptr()) == 0).then_some(())
    }
}

static MODULE_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"abstractmethod".as_ptr(),
        ml_meth: Some(abstractmethod),
        ml_flags: METH_O,
        ml_doc: c"A decorator indicating abstract methods.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"get_cache_token".as_ptr(),
        ml_meth: Some(get_cache_token),
        ml_flags: METH_NOARGS,
        ml_doc: c"Returns the current ABC cache token.\n\nThe token is an opaque object (supporting equality testing) identifying the\ncurrent version of the ABC cache for virtual subclasses. The token changes\nwith every call to register() on any ABC."
            .as_ptr(),
    },
    PyMethodDef {
        ml_name: c"update_abstractmethods".as_ptr(),
        ml_meth: Some(update_abstractmethods),
        ml_flags: METH_O,
        ml_doc: c"Recalculate the set of abstract methods of an abstract class.".as_ptr(),
    },
]);

// ==========================================================================
// The deprecated decorator classes
// ==========================================================================

/// `abstractclassmethod.__init__(self, callable)` and
/// `abstractstaticmethod`'s: marks `callable` abstract, then
/// `classmethod.__init__` / `staticmethod.__init__`.
///
/// # Safety
/// A tp_init call's live instance, tuple and dict (or NULL).
unsafe fn abstract_wrapper_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
    qualname: &str,
    base: *mut PyTypeObject,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(callable) = one_arg(&format!("{qualname}.__init__"), "callable", args, kwds)
        else {
            return -1;
        };
        let Some(name) = s("__isabstractmethod__") else {
            return -1;
        };
        if PyObject_SetAttr(callable, name.as_ptr(), py_true()) < 0 {
            return -1;
        }
        let Some(one) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[callable]))
        else {
            return -1;
        };
        match (*base).tp_init {
            Some(init) => init(slf, one.as_ptr(), ptr::null_mut()),
            None => 0,
        }
    }
}

unsafe extern "C" fn abstractclassmethod_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tp_init call.
    unsafe {
        abstract_wrapper_init(
            slf,
            args,
            kwds,
            "abstractclassmethod",
            crate::objects::funcobject::PyClassMethod_Type.get(),
        )
    }
}

unsafe extern "C" fn abstractstaticmethod_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tp_init call.
    unsafe {
        abstract_wrapper_init(
            slf,
            args,
            kwds,
            "abstractstaticmethod",
            crate::objects::funcobject::PyStaticMethod_Type.get(),
        )
    }
}

const ABSTRACTCLASSMETHOD_DOC: &str = "A decorator indicating abstract classmethods.

    Deprecated, use 'classmethod' with 'abstractmethod' instead:

        class C(ABC):
            @classmethod
            @abstractmethod
            def my_abstract_classmethod(cls, ...):
                ...

    ";

const ABSTRACTSTATICMETHOD_DOC: &str = "A decorator indicating abstract staticmethods.

    Deprecated, use 'staticmethod' with 'abstractmethod' instead:

        class C(ABC):
            @staticmethod
            @abstractmethod
            def my_abstract_staticmethod(...):
                ...

    ";

const ABSTRACTPROPERTY_DOC: &str = "A decorator indicating abstract properties.

    Deprecated, use 'property' with 'abstractmethod' instead:

        class C(ABC):
            @property
            @abstractmethod
            def my_abstract_property(self):
                ...

    ";

/// Makes `class name(base)` with `__isabstractmethod__ = True` and, when
/// given, `init` as its `__init__`.
///
/// # Safety
/// `base` must be a live type.
unsafe fn make_abstract_wrapper(
    name: &str,
    base: *mut PyTypeObject,
    doc: &str,
    init: Option<initproc>,
) -> R {
    // SAFETY: per the contract; the slots are set before any instance.
    unsafe {
        let cls = make_class(
            crate::objects::typeobject::PyType_Type.get().cast(),
            name,
            &[base.cast()],
            doc,
            &[(c"__isabstractmethod__", py_true())],
        )?;
        if let Some(init) = init {
            let ty = cls.as_ptr().cast::<PyTypeObject>();
            (*ty).tp_init = Some(init);
            if crate::objects::typeobject::add_slot_wrappers(ty, &[c"__init__"]) < 0 {
                return None;
            }
        }
        Some(cls)
    }
}

// ==========================================================================
// The module
// ==========================================================================

static CLASSES: MadeOnce = MadeOnce::new();

/// A tuple `(ABC, abstractclassmethod, abstractstaticmethod,
/// abstractproperty)`, made once.
fn classes() -> R {
    let t = CLASSES.get_or_make(|| {
        let make = || -> R {
            // SAFETY: the base types are static; the metaclass is live.
            unsafe {
                let abc = make_abc(
                    "abc",
                    "ABC",
                    &[],
                    "Helper class that provides a standard way to create an ABC using\n    \
                     inheritance.\n    ",
                    &[],
                )?;
                let classmethod = make_abstract_wrapper(
                    "abstractclassmethod",
                    crate::objects::funcobject::PyClassMethod_Type.get(),
                    ABSTRACTCLASSMETHOD_DOC,
                    Some(abstractclassmethod_init),
                )?;
                let staticmethod = make_abstract_wrapper(
                    "abstractstaticmethod",
                    crate::objects::funcobject::PyStaticMethod_Type.get(),
                    ABSTRACTSTATICMETHOD_DOC,
                    Some(abstractstaticmethod_init),
                )?;
                let property = make_abstract_wrapper(
                    "abstractproperty",
                    crate::objects::descrobject::PyProperty_Type.get(),
                    ABSTRACTPROPERTY_DOC,
                    None,
                )?;
                Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
                    abc.as_ptr(),
                    classmethod.as_ptr(),
                    staticmethod.as_ptr(),
                    property.as_ptr(),
                ]))
            }
        };
        make().map_or(ptr::null_mut(), Owned::into_raw)
    });
    if t.is_null() {
        return None;
    }
    // SAFETY: the cell holds the tuple for the process.
    Some(unsafe { Owned::borrowed(t) })
}

/// Makes the `abc` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; every object added is live.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"abc".as_ptr())) else {
            return ptr::null_mut();
        };
        let meta = abcmeta();
        if meta.is_null() {
            return ptr::null_mut();
        }
        let Some(cls) = classes() else {
            return ptr::null_mut();
        };
        let add = |name: &CStr, v: *mut PyObject| {
            PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), v) == 0
        };
        if !add(c"ABCMeta", meta) {
            return ptr::null_mut();
        }
        for (i, name) in [
            c"ABC",
            c"abstractclassmethod",
            c"abstractstaticmethod",
            c"abstractproperty",
        ]
        .into_iter()
        .enumerate()
        {
            if !add(name, PyTuple_GetItem(cls.as_ptr(), i as Py_ssize_t)) {
                return ptr::null_mut();
            }
        }
        for def in &*MODULE_METHODS.get() {
            let Some(f) = Owned::new(PyCFunction_NewEx(
                ptr::from_ref(def).cast_mut(),
                ptr::null_mut(),
                m.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            if !add(CStr::from_ptr(def.ml_name), f.as_ptr()) {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
