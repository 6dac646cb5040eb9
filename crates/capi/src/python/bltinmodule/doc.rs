//! The builtins module's docstrings, as CPython 3.11 has them
//! (`Python/bltinmodule.c` and its Argument Clinic output): each is
//! the method's `ml_doc`, whose first line is the text signature when
//! there is one (`name(...)\n--\n\n`, split off into
//! `__text_signature__`, the rest being `__doc__`).

use std::ffi::CStr;

/// `__import__`.
pub(super) const IMPORT: &CStr = c"__import__($module, /, name, globals=None, locals=None, fromlist=(),\n           level=0)\n--\n\nImport a module.\n\nBecause this function is meant for use by the Python\ninterpreter and not for general use, it is better to use\nimportlib.import_module() to programmatically import a module.\n\nThe globals argument is only used to determine the context;\nthey are not modified.  The locals argument is unused.  The fromlist\nshould be a list of names to emulate ``from name import ...``, or an\nempty list to emulate ``import name``.\nWhen importing a module from a package, note that __import__('A.B', ...)\nreturns package A when fromlist is empty, but its submodule B when\nfromlist is not empty.  The level argument is used to determine whether to\nperform absolute or relative imports: 0 is absolute, while a positive number\nis the number of parent directories to search relative to the current module.";
/// `abs`.
pub(super) const ABS: &CStr =
    c"abs($module, x, /)\n--\n\nReturn the absolute value of the argument.";
/// `all`.
pub(super) const ALL: &CStr = c"all($module, iterable, /)\n--\n\nReturn True if bool(x) is True for all values x in the iterable.\n\nIf the iterable is empty, return True.";
/// `any`.
pub(super) const ANY: &CStr = c"any($module, iterable, /)\n--\n\nReturn True if bool(x) is True for any x in the iterable.\n\nIf the iterable is empty, return False.";
/// `ascii`.
pub(super) const ASCII: &CStr = c"ascii($module, obj, /)\n--\n\nReturn an ASCII-only representation of an object.\n\nAs repr(), return a string containing a printable representation of an\nobject, but escape the non-ASCII characters in the string returned by\nrepr() using \\\\x, \\\\u or \\\\U escapes. This generates a string similar\nto that returned by repr() in Python 2.";
/// `bin`.
pub(super) const BIN: &CStr = c"bin($module, number, /)\n--\n\nReturn the binary representation of an integer.\n\n   >>> bin(2796202)\n   '0b1010101010101010101010'";
/// `callable`.
pub(super) const CALLABLE: &CStr = c"callable($module, obj, /)\n--\n\nReturn whether the object is callable (i.e., some kind of function).\n\nNote that classes are callable, as are instances of classes with a\n__call__() method.";
/// `chr`.
pub(super) const CHR: &CStr = c"chr($module, i, /)\n--\n\nReturn a Unicode string of one character with ordinal i; 0 <= i <= 0x10ffff.";
/// `delattr`.
pub(super) const DELATTR: &CStr = c"delattr($module, obj, name, /)\n--\n\nDeletes the named attribute from the given object.\n\ndelattr(x, 'y') is equivalent to ``del x.y``";
/// `dir`.
pub(super) const DIR: &CStr = c"dir([object]) -> list of strings\n\nIf called without an argument, return the names in the current scope.\nElse, return an alphabetized list of names comprising (some of) the attributes\nof the given object, and of attributes reachable from it.\nIf the object supplies a method named __dir__, it will be used; otherwise\nthe default dir() logic is used and returns:\n  for a module object: the module's attributes.\n  for a class object:  its attributes, and recursively the attributes\n    of its bases.\n  for any other object: its attributes, its class's attributes, and\n    recursively the attributes of its class's base classes.";
/// `divmod`.
pub(super) const DIVMOD: &CStr =
    c"divmod($module, x, y, /)\n--\n\nReturn the tuple (x//y, x%y).  Invariant: div*y + mod == x.";
/// `format`.
pub(super) const FORMAT: &CStr = c"format($module, value, format_spec='', /)\n--\n\nReturn value.__format__(format_spec)\n\nformat_spec defaults to the empty string.\nSee the Format Specification Mini-Language section of help('FORMATTING') for\ndetails.";
/// `getattr`.
pub(super) const GETATTR: &CStr = c"getattr(object, name[, default]) -> value\n\nGet a named attribute from an object; getattr(x, 'y') is equivalent to x.y.\nWhen a default argument is given, it is returned when the attribute doesn't\nexist; without it, an exception is raised in that case.";
/// `hasattr`.
pub(super) const HASATTR: &CStr = c"hasattr($module, obj, name, /)\n--\n\nReturn whether the object has an attribute with the given name.\n\nThis is done by calling getattr(obj, name) and catching AttributeError.";
/// `hash`.
pub(super) const HASH: &CStr = c"hash($module, obj, /)\n--\n\nReturn the hash value for the given object.\n\nTwo objects that compare equal must also have the same hash value, but the\nreverse is not necessarily true.";
/// `hex`.
pub(super) const HEX: &CStr = c"hex($module, number, /)\n--\n\nReturn the hexadecimal representation of an integer.\n\n   >>> hex(12648430)\n   '0xc0ffee'";
/// `id`.
pub(super) const ID: &CStr = c"id($module, obj, /)\n--\n\nReturn the identity of an object.\n\nThis is guaranteed to be unique among simultaneously existing objects.\n(CPython uses the object's memory address.)";
/// `isinstance`.
pub(super) const ISINSTANCE: &CStr = c"isinstance($module, obj, class_or_tuple, /)\n--\n\nReturn whether an object is an instance of a class or of a subclass thereof.\n\nA tuple, as in ``isinstance(x, (A, B, ...))``, may be given as the target to\ncheck against. This is equivalent to ``isinstance(x, A) or isinstance(x, B)\nor ...`` etc.";
/// `issubclass`.
pub(super) const ISSUBCLASS: &CStr = c"issubclass($module, cls, class_or_tuple, /)\n--\n\nReturn whether 'cls' is derived from another class or is the same class.\n\nA tuple, as in ``issubclass(x, (A, B, ...))``, may be given as the target to\ncheck against. This is equivalent to ``issubclass(x, A) or issubclass(x, B)\nor ...``.";
/// `iter`.
pub(super) const ITER: &CStr = c"iter(iterable) -> iterator\niter(callable, sentinel) -> iterator\n\nGet an iterator from an object.  In the first form, the argument must\nsupply its own iterator, or be a sequence.\nIn the second form, the callable is called until it returns the sentinel.";
/// `len`.
pub(super) const LEN: &CStr =
    c"len($module, obj, /)\n--\n\nReturn the number of items in a container.";
/// `max`.
pub(super) const MAX: &CStr = c"max(iterable, *[, default=obj, key=func]) -> value\nmax(arg1, arg2, *args, *[, key=func]) -> value\n\nWith a single iterable argument, return its biggest item. The\ndefault keyword-only argument specifies an object to return if\nthe provided iterable is empty.\nWith two or more arguments, return the largest argument.";
/// `min`.
pub(super) const MIN: &CStr = c"min(iterable, *[, default=obj, key=func]) -> value\nmin(arg1, arg2, *args, *[, key=func]) -> value\n\nWith a single iterable argument, return its smallest item. The\ndefault keyword-only argument specifies an object to return if\nthe provided iterable is empty.\nWith two or more arguments, return the smallest argument.";
/// `next`.
pub(super) const NEXT: &CStr = c"next(iterator[, default])\n\nReturn the next item from the iterator. If default is given and the iterator\nis exhausted, it is returned instead of raising StopIteration.";
/// `oct`.
pub(super) const OCT: &CStr = c"oct($module, number, /)\n--\n\nReturn the octal representation of an integer.\n\n   >>> oct(342391)\n   '0o1234567'";
/// `ord`.
pub(super) const ORD: &CStr =
    c"ord($module, c, /)\n--\n\nReturn the Unicode code point for a one-character string.";
/// `pow`.
pub(super) const POW: &CStr = c"pow($module, /, base, exp, mod=None)\n--\n\nEquivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments\n\nSome types, such as ints, are able to use a more efficient algorithm when\ninvoked using the three argument form.";
/// `print`.
pub(super) const PRINT: &CStr = c"print($module, /, *args, sep=' ', end='\\n', file=None, flush=False)\n--\n\nPrints the values to a stream, or to sys.stdout by default.\n\n  sep\n    string inserted between values, default a space.\n  end\n    string appended after the last value, default a newline.\n  file\n    a file-like object (stream); defaults to the current sys.stdout.\n  flush\n    whether to forcibly flush the stream.";
/// `repr`.
pub(super) const REPR: &CStr = c"repr($module, obj, /)\n--\n\nReturn the canonical string representation of the object.\n\nFor many object types, including most builtins, eval(repr(obj)) == obj.";
/// `round`.
pub(super) const ROUND: &CStr = c"round($module, /, number, ndigits=None)\n--\n\nRound a number to a given precision in decimal digits.\n\nThe return value is an integer if ndigits is omitted or None.  Otherwise\nthe return value has the same type as the number.  ndigits may be negative.";
/// `setattr`.
pub(super) const SETATTR: &CStr = c"setattr($module, obj, name, value, /)\n--\n\nSets the named attribute on the given object to the specified value.\n\nsetattr(x, 'y', v) is equivalent to ``x.y = v``";
/// `sorted`.
pub(super) const SORTED: &CStr = c"sorted($module, iterable, /, *, key=None, reverse=False)\n--\n\nReturn a new list containing all items from the iterable in ascending order.\n\nA custom key function can be supplied to customize the sort order, and the\nreverse flag can be set to request the result in descending order.";
/// `sum`.
pub(super) const SUM: &CStr = c"sum($module, iterable, /, start=0)\n--\n\nReturn the sum of a 'start' value (default: 0) plus an iterable of numbers\n\nWhen the iterable is empty, return the start value.\nThis function is intended specifically for use with numeric values and may\nreject non-numeric types.";
/// `vars`.
pub(super) const VARS: &CStr = c"vars([object]) -> dictionary\n\nWithout arguments, equivalent to locals().\nWith an argument, equivalent to object.__dict__.";
/// The module's own docstring.
pub(super) const MODULE: &CStr = c"Built-in functions, types, exceptions, and other objects.\n\nThis module provides direct access to all 'built-in'\nidentifiers of Python; for example, builtins.len is\nthe full name for the built-in function len().\n\nThis module is not normally accessed explicitly by most\napplications, but can be useful in modules that provide\nobjects with the same name as a built-in value, but in\nwhich the built-in of that name is also needed.";
/// `aiter`.
pub(super) const AITER: &CStr = c"aiter($module, async_iterable, /)\n--\n\nReturn an AsyncIterator for an AsyncIterable object.";
/// `anext`.
pub(super) const ANEXT: &CStr = c"anext($module, aiterator, default=<unrepresentable>, /)\n--\n\nasync anext(aiterator[, default])\n\nReturn the next item from the async iterator.  If default is given and the async\niterator is exhausted, it is returned instead of raising StopAsyncIteration.";
