//! The `string` module (CPython's `Lib/string.py`), the part that is not
//! Python classes: the character-class constants and `capwords`. yarl and
//! others read the constants when they initialise.
//!
//! Not here: `Formatter` and `Template`, which are classes written in
//! Python (`Template` needs `re`), and `__all__`, which names them.

use std::ffi::{CStr, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::unicodeobject::{_PyUnicode_EqualToASCIIString, str_value, unicode_from_str};
use crate::python::errors;

// ==========================================================================
// The constants
// ==========================================================================

const WHITESPACE: &str = " \t\n\r\x0b\x0c";
const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;

/// The module's string constants, built as `Lib/string.py` builds them.
fn constants() -> [(&'static CStr, String); 9] {
    let letters = format!("{LOWERCASE}{UPPERCASE}");
    [
        (c"whitespace", WHITESPACE.to_owned()),
        (c"ascii_lowercase", LOWERCASE.to_owned()),
        (c"ascii_uppercase", UPPERCASE.to_owned()),
        (c"digits", DIGITS.to_owned()),
        (c"hexdigits", format!("{DIGITS}abcdefABCDEF")),
        (c"octdigits", "01234567".to_owned()),
        (c"punctuation", PUNCTUATION.to_owned()),
        (
            c"printable",
            format!("{DIGITS}{letters}{PUNCTUATION}{WHITESPACE}"),
        ),
        (c"ascii_letters", letters),
    ]
}

// ==========================================================================
// capwords
// ==========================================================================

/// Binds `capwords(s, sep=None)`'s arguments as a Python function's call
/// does, with the same messages: keywords first (not a str, as
/// `_PyStack_UnpackDict` says it, unknown, or
/// given twice), then too many positional arguments, then a missing `s`.
/// `[s, sep]` (borrowed; `sep` NULL when not given), or None with the
/// TypeError.
///
/// # Safety
/// `args` must be a tuple and `kw` NULL or a dict.
unsafe fn bind_capwords(args: *mut PyObject, kw: *mut PyObject) -> Option<[*mut PyObject; 2]> {
    // SAFETY: per the contract; keys and values are borrowed from the dict
    // while nothing else runs.
    unsafe {
        let nargs = crate::objects::tupleobject::size(args);
        let mut bound: [*mut PyObject; 2] = [ptr::null_mut(); 2];
        for (i, slot) in bound.iter_mut().enumerate().take(nargs.min(2) as usize) {
            *slot = crate::objects::tupleobject::get(args, i as Py_ssize_t);
        }
        if !kw.is_null() {
            let mut pos: Py_ssize_t = 0;
            let mut key: *mut PyObject = ptr::null_mut();
            let mut value: *mut PyObject = ptr::null_mut();
            while crate::objects::dictobject::PyDict_Next(kw, &mut pos, &mut key, &mut value) != 0 {
                if !crate::objects::unicodeobject::is_str(key) {
                    errors::raise(Exc::TypeError, "keywords must be strings");
                    return None;
                }
                let index = if _PyUnicode_EqualToASCIIString(key, c"s".as_ptr()) != 0 {
                    0
                } else if _PyUnicode_EqualToASCIIString(key, c"sep".as_ptr()) != 0 {
                    1
                } else {
                    let name = str_value(key).map_or_else(
                        || crate::objects::object::repr(key).unwrap_or_default(),
                        |s| format!("'{s}'"),
                    );
                    errors::raise(
                        Exc::TypeError,
                        format!("capwords() got an unexpected keyword argument {name}"),
                    );
                    return None;
                };
                if !bound[index].is_null() {
                    let name = ["s", "sep"][index];
                    errors::raise(
                        Exc::TypeError,
                        format!("capwords() got multiple values for argument '{name}'"),
                    );
                    return None;
                }
                bound[index] = value;
            }
        }
        if nargs > 2 {
            errors::raise(
                Exc::TypeError,
                format!("capwords() takes from 1 to 2 positional arguments but {nargs} were given"),
            );
            return None;
        }
        if bound[0].is_null() {
            errors::raise(
                Exc::TypeError,
                "capwords() missing 1 required positional argument: 's'",
            );
            return None;
        }
        Some(bound)
    }
}

/// `string.capwords(s, sep=None)`: `(sep or ' ').join(map(str.capitalize,
/// s.split(sep)))`, step by step in that expression's order, so each
/// failure (a `sep` without `join`, an `s` without `split`, a word that
/// is not a str) is the one CPython reports.
unsafe extern "C" fn string_capwords(
    _module: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a varargs call's tuple and NULL or dict; every object made
    // below is owned and checked before use.
    unsafe {
        let Some([s, sep]) = bind_capwords(args, kw) else {
            return ptr::null_mut();
        };
        let sep = if sep.is_null() {
            crate::objects::object::py_none()
        } else {
            sep
        };
        let truth = crate::objects::object::PyObject_IsTrue(sep);
        if truth < 0 {
            return ptr::null_mut();
        }
        let joiner = if truth != 0 {
            Owned::borrowed(sep)
        } else {
            match Owned::new(unicode_from_str(" ")) {
                Some(j) => j,
                None => return ptr::null_mut(),
            }
        };
        let Some(join) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            joiner.as_ptr(),
            c"join".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(split) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            s,
            c"split".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(words) = Owned::new(crate::objects::call::PyObject_CallOneArg(
            split.as_ptr(),
            sep,
        )) else {
            return ptr::null_mut();
        };
        let Some(capitalize) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            crate::objects::unicodeobject::PyUnicode_Type.get().cast(),
            c"capitalize".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let map_args = [capitalize.as_ptr(), words.as_ptr()];
        let Some(mapped) = Owned::new(crate::objects::call::PyObject_Vectorcall(
            crate::python::bltinmodule::PyMap_Type.get().cast(),
            map_args.as_ptr(),
            2,
            ptr::null_mut(),
        )) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_CallOneArg(join.as_ptr(), mapped.as_ptr())
    }
}

static STRING_METHODS: crate::ffi::StaticObject<[PyMethodDef; 2]> = crate::ffi::StaticObject::new([
    PyMethodDef {
        ml_name: c"capwords".as_ptr(),
        // SAFETY: the tuple-and-keywords signature METH_VARARGS |
        // METH_KEYWORDS says the function has.
        ml_meth: Some(unsafe {
            std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(string_capwords)
        }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: c"capwords(s [,sep]) -> string\n\nSplit the argument into words using split, capitalize each\nword using capitalize, and join the capitalized words using\njoin.  If the optional second argument sep is absent or None,\nruns of whitespace characters are replaced by a single space\nand leading and trailing whitespace are removed, otherwise\nsep is used to split and join the words.".as_ptr(),
    },
    PyMethodDef::zeroed(),
]);

/// Makes the `string` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"string".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            STRING_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        for (name, value) in constants() {
            let Some(v) = Owned::new(unicode_from_str(&value)) else {
                return ptr::null_mut();
            };
            let r: c_int = crate::python::modsupport::PyModule_AddObjectRef(
                m.as_ptr(),
                name.as_ptr(),
                v.as_ptr(),
            );
            if r < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_built_as_lib_string_builds_them() {
        let all = constants();
        let get = |name: &CStr| {
            all.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get(c"ascii_letters").len(), 52);
        assert_eq!(get(c"punctuation").len(), 32);
        assert_eq!(get(c"hexdigits"), "0123456789abcdefABCDEF");
        let printable = get(c"printable");
        assert_eq!(printable.len(), 100);
        assert!(printable.ends_with(WHITESPACE));
        assert!(printable.is_ascii());
    }
}
